"""English events (kg/events/en.py) through the library API: class, roles, amount, status, date.

Each case is an invented sentence in the style of the business press, with the one event of its
class it must give: the roles by entity label, the normalised amount, the status and, where the
sentence states them, the date (relative dates resolved against PUBLISHED, a Wednesday), the
period and the other attributes. Negative cases: a denial gives a denied event whose plain
relation is no fact; a question, a condition or an unrelated sentence gives no event.
"""
from __future__ import annotations

import pytest

from kg.api import extract
from kg.events import STATUSES
from kg.ontology import classes_under

from .extraction import facts_of

PUBLISHED = "2025-03-05"  # a Wednesday: 'on Tuesday' is 2025-03-04, 'last week' 2025-W09


def _extract(tmp_path, text: str, published: str | None = PUBLISHED):
    path = tmp_path / "article.txt"
    path.write_text(text + "\n", encoding="utf-8")
    [r] = list(extract([path], lang="en", published=published))
    return r


def _roles(result, event) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for role, eid in event.roles:
        out.setdefault(role, set()).add(result.entities[eid].label)
    return out


def _one(result, etype: str):
    found = [e for e in result.events if e.type == etype]
    assert len(found) == 1, [(e.type, e.status, _roles(result, e)) for e in result.events]
    return found[0]


# (sentence, class, roles, amount, status, date, attributes); date None: the event has none
CASES = [
    # ---- funding rounds
    ("Lumora Robotics raised $180 million in a Series B round led by Northbeam Capital, with participation "
     "from Quillfield Ventures and Harrow Partners, on Tuesday.",
     "FundingRound", {"investee": {"Lumora Robotics"}, "leadInvestor": {"Northbeam Capital"},
                      "investor": {"Quillfield Ventures", "Harrow Partners"}},
     "180000000 USD", "completed", "2025-03-04", {}),
    ("Fernwick Labs secured €25 million from Oakridge Ventures to expand its sensor business.",
     "FundingRound", {"investee": {"Fernwick Labs"}, "investor": {"Oakridge Ventures"}},
     "25000000 EUR", "completed", None, {}),
    ("Oakridge Ventures led a $12 million seed round in Fernwick Labs.",
     "FundingRound", {"investee": {"Fernwick Labs"}, "leadInvestor": {"Oakridge Ventures"}},
     "12000000 USD", "completed", None, {}),
    ("Arcwell Biotech, Tessaline Technologies and Corvane Robotics plan to raise a combined HK$4.2 billion "
     "through share sales in Hong Kong.",
     "FundingRound", {"investee": {"Arcwell Biotech", "Tessaline Technologies", "Corvane Robotics"}},
     "4200000000 HKD", "planned", None, {"amountScope": "combined"}),
    ("Marlowe Semiconductor announced a HK$1.5 billion share placement on Monday.",
     "FundingRound", {"investee": {"Marlowe Semiconductor"}},
     "1500000000 HKD", "announced", "2025-03-03", {}),
    # ---- investments
    ("Stellaris Group plans to invest RMB 380 billion in AI infrastructure over the next three years.",
     "Investment", {"investor": {"Stellaris Group"}},
     "380000000000 CNY", "planned", None, {"purpose": "AI infrastructure", "period": "P3Y"}),
    ("Greyhaven Capital invested $40 million in Solace Networks last year.",
     "Investment", {"investor": {"Greyhaven Capital"}, "investee": {"Solace Networks"}},
     "40000000 USD", "completed", "2024", {}),
    ("Bramblecourt Partners is said to have invested $15 million in Ostrava Analytics, according to people "
     "familiar with the matter.",
     "Investment", {"investor": {"Bramblecourt Partners"}, "investee": {"Ostrava Analytics"}},
     "15000000 USD", "rumoured", None, {}),
    # ---- acquisitions
    ("Kestrel Systems completed its acquisition of Orvane Labs for $2.1 billion in January 2025.",
     "Acquisition", {"acquirer": {"Kestrel Systems"}, "acquiree": {"Orvane Labs"}},
     "2100000000 USD", "completed", "2025-01", {}),
    ("Kestrel Systems has agreed to buy Orvane Labs for $2.1 billion, the companies said on March 3.",
     "Acquisition", {"acquirer": {"Kestrel Systems"}, "acquiree": {"Orvane Labs"}},
     "2100000000 USD", "planned", "2025-03-03", {}),
    ("Halcyon Media announced the acquisition of Pemberly Software for $75 million on Thursday.",
     "Acquisition", {"acquirer": {"Halcyon Media"}, "acquiree": {"Pemberly Software"}},
     "75000000 USD", "announced", "2025-02-27", {}),
    ("Orvane Labs was acquired by Kestrel Systems in 2023 for $900 million.",
     "Acquisition", {"acquirer": {"Kestrel Systems"}, "acquiree": {"Orvane Labs"}},
     "900000000 USD", "completed", "2023", {}),
    ("Draycott Industries is in talks to acquire Pemberly Software.",
     "Acquisition", {"acquirer": {"Draycott Industries"}, "acquiree": {"Pemberly Software"}},
     None, "considered", None, {}),
    ("Halcyon Media has reportedly acquired Bluefen Studios for about $300 million.",
     "Acquisition", {"acquirer": {"Halcyon Media"}, "acquiree": {"Bluefen Studios"}},
     "300000000 USD", "rumoured", None, {}),
    ("Greyhaven Capital denied a report that it is in talks to buy Solace Networks.",
     "Acquisition", {"acquirer": {"Greyhaven Capital"}, "acquiree": {"Solace Networks"}},
     None, "denied", None, {}),
    # ---- partnerships
    ("Nimbus Dynamics teamed up with Larkspur Energy to build battery plants in Texas.",
     "Partnership", {"partner": {"Nimbus Dynamics", "Larkspur Energy"}},
     None, "completed", None, {}),
    ("Pellucid Therapeutics signed a strategic partnership agreement with Arnica Systems on Thursday.",
     "Partnership", {"partner": {"Pellucid Therapeutics", "Arnica Systems"}},
     None, "completed", "2025-02-27", {}),
    # ---- listings
    ("Zentrix Semiconductor is considering an initial public offering in Hong Kong.",
     "Listing", {"issuer": {"Zentrix Semiconductor"}, "venue": {"Hong Kong"}},
     None, "considered", None, {}),
    ("Vantor Mobility plans a Nasdaq IPO later this year.",
     "Listing", {"issuer": {"Vantor Mobility"}, "venue": {"Nasdaq"}},
     None, "planned", "2025", {}),
    ("Quantix Robotics raised HK$3.1 billion in its Hong Kong IPO on Friday.",
     "Listing", {"issuer": {"Quantix Robotics"}, "venue": {"Hong Kong"}},
     "3100000000 HKD", "completed", "2025-02-28", {}),
    # ---- product launches
    ("Brightline AI launched Corvid 2, a coding assistant, in March 2025.",
     "ProductLaunch", {"launchedBy": {"Brightline AI"}, "launchedProduct": {"Corvid 2"}},
     None, "completed", "2025-03", {}),
    ("Tessaline Technologies will release the Orion X5 smartphone next month.",
     "ProductLaunch", {"launchedBy": {"Tessaline Technologies"}, "launchedProduct": {"Orion X5"}},
     None, "planned", "2025-04", {}),
    # ---- appointments
    ("Halvard Robotics named Maren Solberg as its new chief executive officer on Monday.",
     "Appointment", {"organization": {"Halvard Robotics"}, "person": {"Maren Solberg"}},
     None, "completed", "2025-03-03", {"role": "chief executive officer", "roleChange": "start"}),
    ("Tobias Renner stepped down as chief financial officer of Quillmark Software last week.",
     "Appointment", {"organization": {"Quillmark Software"}, "person": {"Tobias Renner"}},
     None, "completed", "2025-W09", {"role": "chief financial officer", "roleChange": "end"}),
    ("Quillmark Software said its chief executive Tobias Renner will step down.",
     "Appointment", {"organization": {"Quillmark Software"}, "person": {"Tobias Renner"}},
     None, "planned", None, {"role": "chief executive", "roleChange": "end"}),
    # ---- support measures
    ("The city of Brightwater will offer subsidies covering up to 60% of computing costs, capped at "
     "$1.5 million per company.",
     "SupportMeasure", {"provider": {"Brightwater"}},
     "1500000 USD", "planned", None, {"shareLimit": "0.6", "amountScope": "cap", "purpose": "subsidies"}),
    ("Eastvale's government offers AI training vouchers worth up to $500,000 to local startups.",
     "SupportMeasure", {"provider": {"Eastvale"}},
     "500000 USD", "announced", None, {"amountScope": "cap", "purpose": "AI training vouchers"}),
]


@pytest.mark.parametrize("text,etype,roles,amount,status,date,attributes", CASES, ids=[c[0][:40] for c in CASES])
def test_event(tmp_path, text, etype, roles, amount, status, date, attributes):
    r = _extract(tmp_path, text)
    e = _one(r, etype)
    assert _roles(r, e) == roles
    assert (e.amount.normalized if e.amount is not None else None) == amount
    assert e.status == status
    assert (e.date.normalized if e.date is not None else None) == date
    attrs = dict(e.attributes)
    for k, v in attributes.items():
        assert attrs.get(k) == v, (k, attrs)
    assert "amountScope" in attributes or "amountScope" not in attrs
    ev = e.evidence[0]
    assert ev.extractor == "en.events" and 0.5 <= ev.confidence <= 0.9
    sent = r.sentences[ev.sentence_index]
    assert sent.start <= ev.start < ev.end <= sent.end  # the evidence stays in its sentence


def test_cases_cover_every_class_and_status():
    assert {c[1] for c in CASES} == {"FundingRound", "Investment", "Acquisition", "Partnership", "Listing",
                                     "ProductLaunch", "Appointment", "SupportMeasure"}
    assert {c[4] for c in CASES} == set(STATUSES)
    assert classes_under("Event") >= {c[1] for c in CASES}


def _has_fact(result, triple, modalities=("asserted", "hedged")) -> bool:
    s, p, o = triple
    return any(s in fs and fp == p and o in fo for m in modalities for fs, fp, fo in facts_of(result, m))


def test_completed_acquisition_states_a_fact(tmp_path):
    r = _extract(tmp_path, "Kestrel Systems completed its acquisition of Orvane Labs for $2.1 billion in January 2025.")
    e = _one(r, "Acquisition")
    assert _has_fact(r, ("Kestrel Systems", "acquired", "Orvane Labs"), ("asserted",))
    [(s, p, o)] = e.relations
    assert (r.entities[s].label, p, r.entities[o].label) == ("Kestrel Systems", "acquired", "Orvane Labs")
    fact = next(f for f in r.facts if f.predicate == "acquired")
    assert any(ev.extractor == "en.events" and ev.modality == "asserted" for ev in fact.evidence)


def test_funding_round_states_its_investments(tmp_path):
    r = _extract(tmp_path, "Lumora Robotics raised $180 million in a Series B round led by Northbeam Capital, with "
                           "participation from Quillfield Ventures and Harrow Partners, on Tuesday.")
    for investor in ("Northbeam Capital", "Quillfield Ventures", "Harrow Partners"):
        assert _has_fact(r, (investor, "investsIn", "Lumora Robotics"), ("asserted",))


@pytest.mark.parametrize("text,triple", [
    ("Greyhaven Capital denied a report that it is in talks to buy Solace Networks.",
     ("Greyhaven Capital", "acquired", "Solace Networks")),
    ("Kestrel Systems dismissed media reports that it plans to acquire Orvane Labs.",
     ("Kestrel Systems", "acquired", "Orvane Labs")),
    ("Lumora Robotics did not raise new money from Northbeam Capital, the company said.",
     ("Northbeam Capital", "investsIn", "Lumora Robotics")),
    ("Greyhaven Capital has no plans to invest in Solace Networks, a spokesperson said.",
     ("Greyhaven Capital", "investsIn", "Solace Networks")),
])
def test_denial_gives_a_denied_event_and_no_fact(tmp_path, text, triple):
    r = _extract(tmp_path, text)
    [e] = r.events
    assert e.status == "denied"
    assert not _has_fact(r, triple)
    assert all(ev.modality == "denied" for ev in e.evidence)


@pytest.mark.parametrize("text,triple", [
    ("Draycott Industries is in talks to acquire Pemberly Software.",
     ("Draycott Industries", "acquired", "Pemberly Software")),
    ("Kestrel Systems said on Monday it would buy Orvane Labs for $2.1 billion.",
     ("Kestrel Systems", "acquired", "Orvane Labs")),
    ("Kestrel Systems has agreed to buy Orvane Labs for $2.1 billion, the companies said on March 3.",
     ("Kestrel Systems", "acquired", "Orvane Labs")),
    ("Zentrix Semiconductor is considering an initial public offering in Hong Kong.",
     ("Zentrix Semiconductor", "listedOn", "Hong Kong")),
])
def test_planned_or_considered_deal_is_no_fact(tmp_path, text, triple):
    r = _extract(tmp_path, text)
    [e] = r.events
    assert e.status in ("planned", "considered")
    assert not _has_fact(r, triple)


def test_rumoured_deal_is_a_hedged_fact(tmp_path):
    r = _extract(tmp_path, "Halcyon Media has reportedly acquired Bluefen Studios for about $300 million.")
    assert _has_fact(r, ("Halcyon Media", "acquired", "Bluefen Studios"), ("hedged",))
    assert not _has_fact(r, ("Halcyon Media", "acquired", "Bluefen Studios"), ("asserted",))


def test_appointment_states_the_title_relation_current_when_taken_past_when_left(tmp_path):
    r = _extract(tmp_path, "Halvard Robotics named Maren Solberg as its new chief executive officer on Monday.")
    e = _one(r, "Appointment")
    assert [(r.entities[s].label, p, r.entities[o].label) for s, p, o in e.relations] == [
        ("Maren Solberg", "ceoOf", "Halvard Robotics")]
    assert {ev.modality for f in r.facts if f.predicate == "ceoOf" for ev in f.evidence} == {"asserted"}
    r = _extract(tmp_path, "Tobias Renner stepped down as chief financial officer of Quillmark Software last week.")
    e = _one(r, "Appointment")
    assert e.relations and all(p == "executiveOf" for _, p, _ in e.relations)
    # the role is a fact of the past, never a current one
    assert {ev.modality for f in r.facts if f.predicate == "executiveOf" for ev in f.evidence
            if ev.extractor == "en.events"} == {"past"}


@pytest.mark.parametrize("text", [
    "Will Kestrel Systems buy Orvane Labs?",
    "If Kestrel Systems buys Orvane Labs, it will become the largest chipmaker in Europe.",
    "Orvane Labs employs 300 engineers in its Lisbon office.",
    "Kestrel Systems raised prices on its cloud services by 10%.",
    "Kestrel Systems closed its plant in Ohio after pressure from Northbeam Capital.",
    "Northbeam Capital has raised a new $500 million fund.",
])
def test_no_event(tmp_path, text):
    assert _extract(tmp_path, text).events == []


def test_relative_date_needs_a_publication_date(tmp_path):
    text = "Greyhaven Capital invested $40 million in Solace Networks last year."
    assert _one(_extract(tmp_path, text, published="2023-06-01"), "Investment").date.normalized == "2022"
    undated = _one(_extract(tmp_path, text, published=None), "Investment").date
    assert undated is not None and undated.normalized == "" and undated.text == "last year"


def test_aside_gives_no_amount_or_date(tmp_path):
    r = _extract(tmp_path, "Kestrel Systems, which raised $50 million last year, plans to list on the Nasdaq.")
    e = _one(r, "Listing")
    assert e.status == "planned" and e.amount is None and e.date is None
    assert _one(r, "FundingRound").status == "completed"
    r = _extract(tmp_path, "Northbeam Capital, which invested $20 million in Lumora Robotics in 2021, is raising money.")
    e = _one(r, "Investment")  # the trigger in the aside: its values are its own
    assert (e.status, e.amount.normalized, e.date.normalized) == ("completed", "20000000 USD", "2021")


@pytest.mark.parametrize("text,status", [
    ("Kestrel Systems acquired Orvane Labs for $2 billion, a report the company denied.", "denied"),
    ("Kestrel Systems acquired Orvane Labs for $2 billion, people familiar with the matter said.", "rumoured"),
    ("Kestrel Systems acquired Orvane Labs for $2 billion, a move rivals criticised.", "completed"),
])
def test_words_after_the_deal_deny_or_hedge_it(tmp_path, text, status):
    e = _one(_extract(tmp_path, text), "Acquisition")
    assert (e.status, e.amount.normalized) == (status, "2000000000 USD")
