"""Helpers of the extraction tests: run a sentence, compare its facts with an exact set of triples.

A triple is (subject name, predicate, object name) where a name is an entity's
label, one of its aliases or its English label, and a date object is its ISO value.
"""
from __future__ import annotations

from kg.model import Document, Value
from kg.pipeline import process_document

SYMMETRIC = {"partneredWith", "competitorOf"}


def run(text: str, lang: str, gazetteer, model: str | None = None):
    return process_document(Document("t", text, lang), gazetteer=gazetteer, model=model)


def names(entity) -> set[str]:
    return {entity.label} | set(entity.aliases) | set(entity.labels.values())


def facts_of(result, modality: str = "asserted") -> list[tuple[set[str], str, set[str]]]:
    """The facts stated with ``modality``, as (subject names, predicate, object names)."""
    out = []
    for f in result.facts:
        if not any(e.modality == modality for e in f.evidence):
            continue
        s = names(result.entities[f.subject])
        o = {f.object.normalized} if isinstance(f.object, Value) else names(result.entities[f.object])
        out.append((s, f.predicate, o))
    return out


def fits(fact, triple) -> bool:
    s, p, o = fact
    es, ep, eo = triple
    if p != ep:
        return False
    return (es in s and eo in o) or (p in SYMMETRIC and es in o and eo in s)


def compare(result, expected, modality: str = "asserted") -> tuple[list, list]:
    """(missing expected triples, extra facts) for the facts of one modality."""
    facts = facts_of(result, modality)
    missing = [t for t in expected if not any(fits(f, t) for f in facts)]
    extra = [(sorted(s)[0], p, sorted(o)[0]) for s, p, o in facts if not any(fits((s, p, o), t) for t in expected)]
    return missing, extra


def events_of(result) -> list[dict]:
    """The events of a result as plain dicts: type, status, roles (role -> entity names), amount, date,
    attributes, and the plain relations they state (as (subject label, predicate, object label))."""
    out = []
    for e in result.events:
        roles: dict[str, set[str]] = {}
        for role, eid in e.roles:
            roles.setdefault(role, set()).update(names(result.entities[eid]))
        out.append({
            "type": e.type, "status": e.status, "roles": roles,
            "amount": e.amount.normalized if e.amount is not None else None,
            "date": e.date.normalized if e.date is not None else None,
            "date_text": e.date.text if e.date is not None else None,
            **dict(e.attributes),
            "relations": {(result.entities[s].label, p, result.entities[o].label) for s, p, o in e.relations},
        })
    return out


def has_role(event: dict, role: str, name: str) -> bool:
    return name in event["roles"].get(role, set())
