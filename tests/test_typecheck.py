"""The typing stage: facts that violate domain/range are retyped or dropped, and the choice is logged."""
from __future__ import annotations

from kg.model import Entity, Evidence, Fact, Value
from kg.typecheck import check_types

EV = (Evidence("d", 0, "s", 0, 1, "test", "0", 0.9),)


def _e(eid, type_, gid=None):
    return Entity(eid, type_, eid, "en", {"en": eid}, set(), [], gid)


def test_fitting_fact_is_kept():
    ents = {"p": _e("p", "Person"), "c": _e("c", "Company")}
    _, facts, log = check_types(ents, [Fact("p", "ceoOf", "c", EV)])
    assert len(facts) == 1 and log == []


def test_violating_fact_is_dropped_and_logged():
    ents = {"seoul": _e("seoul", "City"), "c": _e("c", "Company")}
    _, facts, log = check_types(ents, [Fact("seoul", "employeeOf", "c", EV)])
    assert facts == []
    assert [(d.action, d.subject, d.predicate) for d in log] == [("drop", "seoul", "employeeOf")]
    assert "violates domain/range" in log[0].reason


def test_too_general_type_is_narrowed_and_logged():
    ents = {"o": _e("o", "Organization"), "x": _e("x", "StockExchange")}
    ents, facts, log = check_types(ents, [Fact("o", "listedOn", "x", EV)])
    assert len(facts) == 1 and ents["o"].type == "Company"
    assert [(d.action, d.reason) for d in log] == [("retype", "Organization -> Company to fit listedOn")]


def test_gazetteer_types_are_not_overridden():
    ents = {"o": _e("o", "Organization", gid="some-org"), "x": _e("x", "StockExchange")}
    ents, facts, log = check_types(ents, [Fact("o", "listedOn", "x", EV)])
    assert facts == [] and ents["o"].type == "Organization" and log[0].action == "drop"


def test_date_literal_fits_founded_on_only_for_organisations():
    ents = {"c": _e("c", "Company"), "p": _e("p", "Person")}
    year = Value("date", "2019년", 0, 5, 0, "2019")
    _, facts, log = check_types(ents, [Fact("c", "foundedOn", year, EV), Fact("p", "foundedOn", year, EV)])
    assert [f.subject for f in facts] == ["c"] and log[0].subject == "p"


def test_unknown_entity_type_is_dropped():
    ents = {"c": _e("c", "Spaceship")}
    ents, _, log = check_types(ents, [])
    assert ents == {} and log[0].action == "drop" and "not an ontology class" in log[0].reason
