"""Korean events: deals, listings, launches, appointments and support measures from real sentences.

The sentences are written for these tests (invented companies, common constructions of Korean
business news); each event is checked for its class, roles, normalised amount, date and status,
and the plain relation it states is a fact only when its status says the deal happened.
"""
from __future__ import annotations

import pytest

from kg.model import Document
from kg.pipeline import process_document

from .extraction import events_of, facts_of, has_role, run


def one_event(text: str, gazetteer, published: str | None = None, type_: str | None = None) -> tuple[dict, object]:
    r = process_document(Document("t", text, "ko", published=published), gazetteer=gazetteer)
    evs = [e for e in events_of(r) if type_ is None or e["type"] == type_]
    assert len(evs) == 1, evs
    return evs[0], r


def asserted(r) -> set[tuple[str, str, str]]:
    return {(sorted(s)[0], p, sorted(o)[0]) for s, p, o in facts_of(r)}


def test_funding_round_raised(gazetteer):
    e, r = one_event("국내 AI 스타트업 루미나랩스는 지난달 시리즈B 투자 유치를 통해 300억원을 조달했다.", gazetteer,
                     published="2025-03-10")
    assert e["type"] == "FundingRound" and e["status"] == "completed"
    assert has_role(e, "investee", "루미나랩스")
    assert e["amount"] == "30000000000 KRW"
    assert (e["date_text"], e["date"]) == ("지난달", "2025-02")


def test_investment_with_investee_is_a_fact(gazetteer):
    e, r = one_event("한빛전자는 반도체 설계 기업 세온테크에 500억원을 투자했다.", gazetteer)
    assert (e["type"], e["status"], e["amount"]) == ("Investment", "completed", "50000000000 KRW")
    assert has_role(e, "investor", "한빛전자") and has_role(e, "investee", "세온테크")
    assert e["relations"] == {("한빛전자", "investsIn", "세온테크")}
    assert ("한빛전자", "investsIn", "세온테크") in asserted(r)


def test_planned_acquisition_is_no_fact(gazetteer):
    e, r = one_event("한빛전자는 반도체 설계 기업 세온테크를 2,000억원에 인수할 계획이라고 밝혔다.", gazetteer)
    assert (e["type"], e["status"], e["amount"]) == ("Acquisition", "planned", "200000000000 KRW")
    assert has_role(e, "acquirer", "한빛전자") and has_role(e, "acquiree", "세온테크")
    assert not any(p == "acquired" for _, p, _ in asserted(r))
    # the relation is kept as a planned statement, linked from the event
    assert any(f.predicate == "acquired" and {ev.modality for ev in f.evidence} == {"planned"} for f in r.facts)


def test_completed_acquisition_by_noun_and_status_verb(gazetteer):
    e, r = one_event("한빛전자는 지난 3월 세온테크 인수를 완료했다.", gazetteer, published="2025-05-02")
    assert (e["type"], e["status"]) == ("Acquisition", "completed")
    assert has_role(e, "acquirer", "한빛전자") and has_role(e, "acquiree", "세온테크")
    assert (e["date_text"], e["date"]) == ("지난 3월", "2025-03")
    assert ("한빛전자", "acquired", "세온테크") in asserted(r)


def test_denied_acquisition(gazetteer):
    e, r = one_event("한빛전자는 반도체 기업 세온테크를 인수한다는 보도를 부인했다.", gazetteer)
    assert (e["type"], e["status"]) == ("Acquisition", "denied")
    assert not any(p == "acquired" for _, p, _ in asserted(r))


def test_rumoured_acquisition_is_a_hedged_fact(gazetteer):
    e, r = one_event("업계에 따르면 한빛전자가 반도체 기업 세온테크를 인수할 것으로 알려졌다.", gazetteer)
    assert (e["type"], e["status"]) == ("Acquisition", "rumoured")
    assert ("한빛전자", "acquired", "세온테크") in {(sorted(s)[0], p, sorted(o)[0]) for s, p, o in facts_of(r, "hedged")}


def test_listing_planned_on_an_exchange(gazetteer):
    e, r = one_event("바이오 기업 제노믹스는 코스닥 상장을 추진하고 있다.", gazetteer)
    assert (e["type"], e["status"]) == ("Listing", "planned")
    assert has_role(e, "issuer", "제노믹스") and has_role(e, "venue", "코스닥")
    assert not any(p == "listedOn" for _, p, _ in asserted(r))


def test_listing_considered_prefers_the_exchange_to_the_country(gazetteer):
    e, _ = one_event("바이오 기업 제노믹스는 미국 나스닥 상장을 검토하고 있다.", gazetteer)
    assert (e["type"], e["status"]) == ("Listing", "considered")
    assert has_role(e, "venue", "나스닥") and not has_role(e, "venue", "미국")


def test_partnership_signed(gazetteer):
    e, r = one_event("클라우드 기업 다온소프트는 한빛전자와 전략적 제휴를 맺었다.", gazetteer)
    assert (e["type"], e["status"]) == ("Partnership", "completed")
    assert e["roles"]["partner"] >= {"다온소프트", "한빛전자"}
    assert any(p == "partneredWith" for _, p, _ in asserted(r))


def test_product_launch_with_a_relative_day(gazetteer):
    e, r = one_event("에이펙스모터스는 지난 3일 자율주행 소프트웨어 '드라이브원'을 출시했다.", gazetteer,
                     published="2025-06-12")
    assert (e["type"], e["status"]) == ("ProductLaunch", "completed")
    assert has_role(e, "launchedBy", "에이펙스모터스") and has_role(e, "launchedProduct", "드라이브원")
    assert e["date"] == "2025-06-03"
    assert ("에이펙스모터스", "develops", "드라이브원") in asserted(r)


def test_undated_article_keeps_the_date_as_written(gazetteer):
    e, _ = one_event("에이펙스모터스는 지난 3일 자율주행 소프트웨어 '드라이브원'을 출시했다.", gazetteer)
    assert (e["date_text"], e["date"]) == ("지난 3일", "")


def test_appointment_by_the_company(gazetteer):
    e, r = one_event("한빛전자는 김도윤 부사장을 신임 최고경영자(CEO)로 선임했다.", gazetteer)
    assert (e["type"], e["status"], e["roleChange"], e["role"]) == ("Appointment", "completed", "start", "최고경영자")
    assert has_role(e, "person", "김도윤") and has_role(e, "organization", "한빛전자")
    assert ("김도윤", "ceoOf", "한빛전자") in asserted(r)


def test_appointment_taking_office(gazetteer):
    e, _ = one_event("김도윤 부사장은 한빛전자 최고경영자에 취임했다.", gazetteer)
    assert (e["type"], e["roleChange"]) == ("Appointment", "start")
    assert e["relations"] == {("김도윤", "ceoOf", "한빛전자")}


def test_support_measure_with_a_cap_and_a_share(gazetteer):
    e, r = one_event("서울시는 AI 스타트업에 최대 50%, 5억원 한도의 클라우드 이용 바우처를 지급하기로 했다.", gazetteer)
    assert (e["type"], e["status"]) == ("SupportMeasure", "announced")
    assert has_role(e, "provider", "서울시")
    assert (e["amount"], e["amountScope"], e["shareLimit"]) == ("500000000 KRW", "cap", "0.5")
    assert e["purpose"] == "클라우드 이용 바우처"


def test_a_stake_sale_is_no_fundraising(gazetteer):
    r = run("한빛전자는 보유 중인 세온테크 지분을 매각했다.", "ko", gazetteer)
    assert not [e for e in events_of(r) if e["type"] == "FundingRound"]


def test_an_investment_plan_without_amount_or_investee_is_no_event(gazetteer):
    r = run("최근 한빛전자 측이 막대한 규모의 AI 투자 계획을 발표했다.", "ko", gazetteer)
    assert events_of(r) == []


def test_a_question_states_no_event(gazetteer):
    r = run("한빛전자는 세온테크를 인수할까?", "ko", gazetteer)
    assert events_of(r) == []


@pytest.mark.parametrize(("text", "status"), [
    ("반도체 기업 세온테크는 코스닥 상장을 발표했다.", "announced"),
    ("반도체 기업 세온테크는 코스닥 상장을 검토하고 있다.", "considered"),
    ("반도체 기업 세온테크는 코스닥 상장을 추진한다.", "planned"),
    ("반도체 기업 세온테크는 코스닥 상장을 마무리했다.", "completed"),
    ("반도체 기업 세온테크는 코스닥 상장설을 부인했다.", "denied"),
])
def test_status_from_the_verb(gazetteer, text, status):
    e, _ = one_event(text, gazetteer)
    assert (e["type"], e["status"]) == ("Listing", status)
