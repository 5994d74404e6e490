"""Chinese events: deals, listings, launches, appointments and support measures from news-like sentences.

The sentences are written for these tests (invented companies and people, the common constructions
of Chinese business news); each event is checked for its class, roles (by entity label), normalised
amount, status, and date or period where the sentence gives one. The plain relation an event states
is a fact only when its status says the deal happened (or is reported to have happened: hedged).
"""
from __future__ import annotations

import io

import pytest

from kg.api import extract

from .extraction import facts_of


def analyse(text: str, published: str | None = None):
    (result,) = extract(["-"], lang="zh", stdin=io.BytesIO(text.encode("utf-8")), published=published)
    return result


def events(result, type_: str | None = None) -> list[dict]:
    """The events of a result as dicts: roles by entity label, amount and date normalised."""
    out = []
    for e in result.events:
        if type_ is not None and e.type != type_:
            continue
        roles: dict[str, set[str]] = {}
        for role, eid in e.roles:
            roles.setdefault(role, set()).add(result.entities[eid].label)
        out.append({
            "type": e.type, "status": e.status, "roles": roles,
            "amount": e.amount.normalized if e.amount is not None else None,
            "date": e.date.normalized if e.date is not None else None,
            "date_text": e.date.text if e.date is not None else None,
            "attributes": dict(e.attributes),
            "relations": {(result.entities[s].label, p, result.entities[o].label) for s, p, o in e.relations},
        })
    return out


def one_event(text: str, published: str | None = None, type_: str | None = None) -> tuple[dict, object]:
    result = analyse(text, published)
    found = events(result, type_)
    assert len(found) == 1, found
    return found[0], result


def asserted(result, modality: str = "asserted") -> set[tuple[str, str, str]]:
    return {(sorted(s)[0], p, sorted(o)[0]) for s, p, o in facts_of(result, modality)}


def has_fact(result, triple: tuple[str, str, str], modality: str = "asserted") -> bool:
    s, p, o = triple
    return any(s in ss and p == pp and o in oo for ss, pp, oo in facts_of(result, modality))


# ---------------------------------------------------------------- funding rounds


def test_funding_round_with_lead_and_followers():
    e, r = one_event("翎芯科技宣布完成1.8亿美元B轮融资，由澜石资本领投，卓远创投、青禾基金跟投。")
    assert (e["type"], e["status"], e["amount"]) == ("FundingRound", "completed", "180000000 USD")
    assert e["roles"] == {"investee": {"翎芯科技"}, "leadInvestor": {"澜石资本"}, "investor": {"卓远创投", "青禾基金"}}
    assert e["relations"] == {("澜石资本", "investsIn", "翎芯科技"), ("卓远创投", "investsIn", "翎芯科技"),
                              ("青禾基金", "investsIn", "翎芯科技")}
    assert has_fact(r, ("卓远创投", "investsIn", "翎芯科技"))


def test_funding_round_with_a_date_and_named_backers():
    e, _ = one_event("2024年3月，岚昇智能获得5000万元天使轮融资，投资方为启衡资本。")
    assert (e["type"], e["status"], e["amount"]) == ("FundingRound", "completed", "50000000 CNY")
    assert e["roles"] == {"investee": {"岚昇智能"}, "investor": {"启衡资本"}}
    assert (e["date_text"], e["date"]) == ("2024年3月", "2024-03")


def test_funding_round_led_by_the_subject():
    e, _ = one_event("启衡资本领投了昕曜机器人的5000万美元A轮融资，卓远创投等跟投。")
    assert (e["type"], e["status"], e["amount"]) == ("FundingRound", "completed", "50000000 USD")
    assert e["roles"] == {"investee": {"昕曜机器人"}, "leadInvestor": {"启衡资本"}, "investor": {"卓远创投"}}


def test_share_placement_of_three_companies_is_one_combined_round():
    e, r = one_event("驰昊科技、曜石网络和昕曜机器人计划通过配售新股合计募资42亿港元。")
    assert (e["type"], e["status"], e["amount"]) == ("FundingRound", "planned", "4200000000 HKD")
    assert e["roles"] == {"investee": {"驰昊科技", "曜石网络", "昕曜机器人"}}
    assert e["attributes"]["amountScope"] == "combined"


def test_rumoured_funding_round_is_a_hedged_fact():
    e, r = one_event("据悉，岚昇智能已完成3亿元C轮融资，由澜石资本领投。")
    assert (e["type"], e["status"], e["amount"]) == ("FundingRound", "rumoured", "300000000 CNY")
    assert e["roles"] == {"investee": {"岚昇智能"}, "leadInvestor": {"澜石资本"}}
    assert has_fact(r, ("澜石资本", "investsIn", "岚昇智能"), "hedged")


def test_funding_round_named_with_its_lead_before_it():
    e, _ = one_event("青禾软件完成由澜石资本领投的2亿元B轮融资。")
    assert (e["type"], e["status"], e["amount"]) == ("FundingRound", "completed", "200000000 CNY")
    assert e["roles"] == {"investee": {"青禾软件"}, "leadInvestor": {"澜石资本"}}


def test_a_round_without_amount_or_investor_is_no_event():
    # a valuation in the next clause is not the amount raised
    assert events(analyse("岚昇智能完成B轮融资，投后估值达10亿美元。")) == []


# ---------------------------------------------------------------- investments


def test_planned_investment_with_period_and_purpose():
    e, r = one_event("翰海集团计划未来三年投入3800亿元用于AI基础设施建设。")
    assert (e["type"], e["status"], e["amount"]) == ("Investment", "planned", "380000000000 CNY")
    assert e["roles"] == {"investor": {"翰海集团"}}
    assert e["attributes"]["period"] == "P3Y"
    assert e["attributes"]["purpose"] == "AI基础设施建设"


def test_investment_last_week_is_resolved_against_the_publication_date():
    e, r = one_event("澜石资本上周向岚昇智能投资2亿元。", published="2025-03-18")
    assert (e["type"], e["status"], e["amount"]) == ("Investment", "completed", "200000000 CNY")
    assert e["roles"] == {"investor": {"澜石资本"}, "investee": {"岚昇智能"}}
    assert (e["date_text"], e["date"]) == ("上周", "2025-W11")
    assert has_fact(r, ("澜石资本", "investsIn", "岚昇智能"))


def test_planned_investment_in_a_new_plant():
    e, r = one_event("翎芯科技计划投资10亿元建设新工厂，预计明年投产。")
    assert (e["type"], e["status"], e["amount"]) == ("Investment", "planned", "1000000000 CNY")
    assert e["roles"] == {"investor": {"翎芯科技"}}
    assert e["attributes"]["purpose"] == "建设新工厂"
    assert not any(p == "investsIn" for _, p, _ in asserted(r))


def test_buying_a_stake_is_an_investment_not_an_acquisition():
    result = analyse("驰昊科技以3亿元收购青禾软件30%股权。")
    found = events(result)
    assert [(e["type"], e["amount"]) for e in found] == [("Investment", "300000000 CNY")]
    assert found[0]["roles"] == {"investor": {"驰昊科技"}, "investee": {"青禾软件"}}


# ---------------------------------------------------------------- acquisitions


def test_buying_all_shares_is_a_planned_acquisition():
    e, r = one_event("翰海集团旗下的驰昊科技近日发布公告称，公司拟以现金方式收购青禾软件100%股权。")
    assert (e["type"], e["status"]) == ("Acquisition", "planned")
    assert e["roles"] == {"acquirer": {"驰昊科技"}, "acquiree": {"青禾软件"}}


def test_completed_acquisition_is_a_fact():
    e, r = one_event("驰昊科技以5亿美元收购了青禾软件。")
    assert (e["type"], e["status"], e["amount"]) == ("Acquisition", "completed", "500000000 USD")
    assert e["roles"] == {"acquirer": {"驰昊科技"}, "acquiree": {"青禾软件"}}
    assert e["relations"] == {("驰昊科技", "acquired", "青禾软件")}
    assert ("驰昊科技", "acquired", "青禾软件") in asserted(r)


def test_announced_completion_early_this_month():
    e, r = one_event("本月初，驰昊科技宣布完成对曜石网络的收购。", published="2025-03-18")
    assert (e["type"], e["status"]) == ("Acquisition", "completed")
    assert e["roles"] == {"acquirer": {"驰昊科技"}, "acquiree": {"曜石网络"}}
    assert (e["date_text"], e["date"]) == ("本月初", "2025-03")
    assert ("驰昊科技", "acquired", "曜石网络") in asserted(r)


def test_rumoured_acquisition_talks():
    e, r = one_event("据知情人士透露，驰昊科技正在洽谈收购岚昇智能。")
    assert (e["type"], e["status"]) == ("Acquisition", "rumoured")
    assert e["roles"] == {"acquirer": {"驰昊科技"}, "acquiree": {"岚昇智能"}}
    assert ("驰昊科技", "acquired", "岚昇智能") in asserted(r, "hedged")


def test_considered_acquisition_is_no_event_fact():
    e, r = one_event("翰海集团正在评估收购昕曜机器人的可行性。")
    assert (e["type"], e["status"]) == ("Acquisition", "considered")
    assert e["roles"] == {"acquirer": {"翰海集团"}, "acquiree": {"昕曜机器人"}}
    # the event's own statement of the relation is a planned one, never an asserted fact
    evidence = [ev for f in r.facts if f.predicate == "acquired" for ev in f.evidence if ev.extractor == "zh.events"]
    assert evidence and all(ev.modality == "planned" for ev in evidence)


@pytest.mark.parametrize("text", [
    "驰昊科技否认将收购曜石网络的传闻。",
    "驰昊科技宣布不会收购曜石网络。",
])
def test_denied_acquisition_gives_no_fact(text):
    e, r = one_event(text)
    assert (e["type"], e["status"]) == ("Acquisition", "denied")
    assert e["roles"] == {"acquirer": {"驰昊科技"}, "acquiree": {"曜石网络"}}
    assert not any(p == "acquired" for _, p, _ in asserted(r))
    assert not any(p == "acquired" for _, p, _ in asserted(r, "hedged"))


# ---------------------------------------------------------------- partnerships


def test_partnership_agreement_signed():
    e, r = one_event("远翔汽车与翎芯科技签署战略合作协议。")
    assert (e["type"], e["status"]) == ("Partnership", "completed")
    assert e["roles"] == {"partner": {"远翔汽车", "翎芯科技"}}
    assert has_fact(r, ("远翔汽车", "partneredWith", "翎芯科技")) or has_fact(r, ("翎芯科技", "partneredWith", "远翔汽车"))


def test_partnership_announced():
    e, _ = one_event("曜石网络宣布与远翔汽车建立合作伙伴关系。")
    assert (e["type"], e["status"]) == ("Partnership", "announced")
    assert e["roles"] == {"partner": {"曜石网络", "远翔汽车"}}


# ---------------------------------------------------------------- listings


def test_planned_hong_kong_listing_without_an_exchange_named():
    e, r = one_event("岚昇智能拟赴港上市。")
    assert (e["type"], e["status"]) == ("Listing", "planned")
    assert e["roles"] == {"issuer": {"岚昇智能"}}


def test_considered_ipo_in_a_place():
    e, r = one_event("昕曜机器人正在考虑在香港IPO。")
    assert (e["type"], e["status"]) == ("Listing", "considered")
    assert e["roles"] == {"issuer": {"昕曜机器人"}, "venue": {"香港"}}
    assert not any(p == "listedOn" for _, p, _ in asserted(r))


def test_prospectus_filed_is_a_planned_listing_on_the_exchange():
    e, r = one_event("曜石网络已向港交所递交招股书。")
    assert (e["type"], e["status"]) == ("Listing", "planned")
    assert e["roles"] == {"issuer": {"曜石网络"}, "venue": {"港交所"}}
    assert not any(p == "listedOn" for _, p, _ in asserted(r))


def test_listing_today_on_nasdaq():
    e, r = one_event("青禾软件今日正式登陆纳斯达克。", published="2025-03-18")
    assert (e["type"], e["status"]) == ("Listing", "completed")
    assert e["roles"] == {"issuer": {"青禾软件"}, "venue": {"纳斯达克"}}
    assert (e["date_text"], e["date"]) == ("今日", "2025-03-18")
    assert has_fact(r, ("青禾软件", "listedOn", "纳斯达克"))


def test_planned_listing_with_a_year():
    e, _ = one_event("驰昊科技计划于2026年在科创板上市。")
    assert (e["type"], e["status"], e["date"]) == ("Listing", "planned", "2026")
    assert e["roles"]["issuer"] == {"驰昊科技"} and len(e["roles"]["venue"]) == 1


def test_a_product_going_on_sale_is_no_listing():
    assert events(analyse("翎芯科技的新款手机LX Phone将于下月在美国上市。"), "Listing") == []


# ---------------------------------------------------------------- product launches


def test_product_launched():
    e, r = one_event("翎芯科技发布了新一代AI芯片LX-3。")
    assert (e["type"], e["status"]) == ("ProductLaunch", "completed")
    assert e["roles"] == {"launchedBy": {"翎芯科技"}, "launchedProduct": {"LX-3"}}
    assert has_fact(r, ("翎芯科技", "develops", "LX-3"))


def test_product_launch_planned_for_the_end_of_the_month():
    e, r = one_event("岚昇智能将于本月底上线大模型Orion。", published="2025-03-18")
    assert (e["type"], e["status"]) == ("ProductLaunch", "planned")
    assert e["roles"] == {"launchedBy": {"岚昇智能"}, "launchedProduct": {"Orion"}}
    assert (e["date_text"], e["date"]) == ("本月底", "2025-03")
    assert not any(p == "develops" for _, p, _ in asserted(r))


# ---------------------------------------------------------------- appointments


def test_appointment_by_the_company():
    e, r = one_event("翰海集团任命张志强为首席执行官。")
    assert (e["type"], e["status"]) == ("Appointment", "completed")
    assert e["roles"] == {"organization": {"翰海集团"}, "person": {"张志强"}}
    assert (e["attributes"]["role"], e["attributes"]["roleChange"]) == ("首席执行官", "start")
    assert e["relations"] == {("张志强", "ceoOf", "翰海集团")}
    assert ("张志强", "ceoOf", "翰海集团") in asserted(r)


def test_appointment_announced_taking_office():
    e, r = one_event("卓远集团宣布陈思远出任首席财务官。")
    assert (e["type"], e["status"]) == ("Appointment", "announced")
    assert e["roles"] == {"organization": {"卓远集团"}, "person": {"陈思远"}}
    assert (e["attributes"]["role"], e["attributes"]["roleChange"]) == ("首席财务官", "start")
    assert e["relations"] == {("陈思远", "executiveOf", "卓远集团")}


def test_resignation_ends_a_role_and_states_no_current_title():
    e, r = one_event("驰昊科技首席执行官李文博因个人原因辞职。")
    assert (e["type"], e["status"]) == ("Appointment", "completed")
    assert e["roles"] == {"organization": {"驰昊科技"}, "person": {"李文博"}}
    assert (e["attributes"]["role"], e["attributes"]["roleChange"]) == ("首席执行官", "end")
    # the role is a fact of the past, never a current one
    ceo = [f for f in r.facts if f.predicate == "ceoOf"]
    assert ceo and all(ev.modality == "past" for f in ceo for ev in f.evidence if ev.extractor == "zh.events")


# ---------------------------------------------------------------- support measures


def test_support_measure_with_a_share_and_a_cap():
    e, _ = one_event("杭州市政府将向中小企业发放模型训练补贴，最高补贴50%，单个企业上限500万元。")
    assert (e["type"], e["status"], e["amount"]) == ("SupportMeasure", "planned", "5000000 CNY")
    assert e["roles"] == {"provider": {"杭州市"}}
    assert e["attributes"]["shareLimit"] == "0.5"
    assert e["attributes"]["amountScope"] == "cap"
    assert e["attributes"]["purpose"] == "模型训练补贴"


def test_support_policy_announced():
    e, _ = one_event("苏州市政府近日出台算力补贴政策，补贴比例最高30%，单家企业补贴不超过200万元。")
    assert (e["type"], e["status"], e["amount"]) == ("SupportMeasure", "announced", "2000000 CNY")
    assert e["roles"] == {"provider": {"苏州市"}}
    assert (e["attributes"]["shareLimit"], e["attributes"]["amountScope"]) == ("0.3", "cap")


def test_support_measure_with_the_cap_inside_the_phrase():
    e, _ = one_event("杭州市政府向中小企业发放不超过500万元的算力补贴。")
    assert (e["type"], e["status"], e["amount"]) == ("SupportMeasure", "announced", "5000000 CNY")
    assert e["roles"] == {"provider": {"杭州市"}}
    assert (e["attributes"]["amountScope"], e["attributes"]["purpose"]) == ("cap", "算力补贴")


# ---------------------------------------------------------------- no event


@pytest.mark.parametrize("text", [
    "驰昊科技会收购曜石网络吗？",  # a question
    "驰昊科技是否会收购曜石网络仍不确定。",  # an open question
    "翎芯科技的办公室位于一栋老厂房里。",  # nothing happens
    "驰昊科技与翎芯科技的竞争日趋激烈。",  # rivals are no partners
    "驰昊科技的估值已达到10亿美元。",  # a valuation is no deal
])
def test_no_event(text):
    assert events(analyse(text)) == []


# ---------------------------------------------------------------- status cues, one per status


@pytest.mark.parametrize("text,status", [
    ("驰昊科技收购了青禾软件。", "completed"),
    ("驰昊科技宣布收购青禾软件。", "announced"),
    ("驰昊科技拟收购青禾软件。", "planned"),
    ("驰昊科技正在考虑收购青禾软件。", "considered"),
    ("据报道，驰昊科技将收购青禾软件。", "rumoured"),
    ("驰昊科技辟谣称并未收购青禾软件。", "denied"),
])
def test_status_from_cue_words(text, status):
    e, _ = one_event(text, type_="Acquisition")
    assert e["status"] == status
    assert e["roles"] == {"acquirer": {"驰昊科技"}, "acquiree": {"青禾软件"}}


def test_events_keep_their_evidence_to_the_sentence():
    text = "市场震荡。驰昊科技以5亿美元收购了青禾软件。"
    (ev,) = analyse(text).events
    (report,) = ev.evidence
    assert report.sentence_index == 1 and report.extractor == "zh.events"
    assert text[report.start:report.end] == "驰昊科技以5亿美元收购了青禾软件"
    assert 0.6 <= report.confidence <= 0.9
