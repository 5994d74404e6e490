"""The typing stage: every entity has an ontology class and every fact fits its property.

A fact whose subject or object violates the property's domain or range is
either fixed by narrowing a too-general entity type (an ``Organization`` that
is ``listedOn`` an exchange is a ``Company``) or dropped. Every choice is
logged as a :class:`~kg.model.TypingDecision`.
"""
from __future__ import annotations

from .model import Entity, Fact, TypingDecision, Value
from .ontology import Ontology, load_ontology

__all__ = ["check_types"]


def check_types(entities: dict[str, Entity], facts: list[Fact], ontology: Ontology | None = None,
                ) -> tuple[dict[str, Entity], list[Fact], list[TypingDecision]]:
    """Retype or drop so that the result fits the ontology.

    Entities whose type is not an ontology class are dropped with their facts.
    """
    ont = ontology or load_ontology()
    decisions: list[TypingDecision] = []
    for eid, e in list(entities.items()):
        if not ont.is_class(e.type):
            decisions.append(TypingDecision("drop", f"type {e.type!r} is not an ontology class", eid, "rdf:type", e.type))
            del entities[eid]
    kept: list[Fact] = []
    for f in facts:
        s = entities.get(f.subject)
        o = f.object if isinstance(f.object, Value) else entities.get(f.object)
        oname = f.object.normalized if isinstance(f.object, Value) else f.object
        if s is None or o is None:
            decisions.append(TypingDecision("drop", "an entity of the fact was dropped", f.subject, f.predicate, oname))
            continue
        if not ont.is_property(f.predicate):
            decisions.append(TypingDecision("drop", f"{f.predicate!r} is not an ontology property", f.subject, f.predicate, oname))
            continue
        otype = None if isinstance(o, Value) else o.type
        if ont.accepts(f.predicate, s.type, otype):
            kept.append(f)
            continue
        fixed = ont.narrow(f.predicate, s.type, otype)
        if fixed is not None and all(e.gazetteer_id is None or new == e.type
                                     for e, new in ((s, fixed[0]), (o, fixed[1])) if isinstance(e, Entity)):
            for e, new in ((s, fixed[0]), (o, fixed[1])):
                if isinstance(e, Entity) and new != e.type:
                    decisions.append(TypingDecision("retype", f"{e.type} -> {new} to fit {f.predicate}", f.subject,
                                                    f.predicate, oname))
                    e.type = new
            kept.append(f)
            continue
        decisions.append(TypingDecision(
            "drop", f"{s.type} {f.predicate} {otype or 'literal'} violates domain/range "
                    f"({'|'.join(sorted(ont.domain(f.predicate)))} -> {'|'.join(sorted(ont.range(f.predicate))) or 'literal'})",
            f.subject, f.predicate, oname))
    # a retype may have broken an earlier fact: check once more, dropping what no longer fits
    final = []
    for f in kept:
        s = entities[f.subject]
        otype = None if isinstance(f.object, Value) else entities[f.object].type
        if ont.accepts(f.predicate, s.type, otype):
            final.append(f)
        else:
            decisions.append(TypingDecision("drop", "no longer fits after a retype", f.subject, f.predicate,
                                            f.object if isinstance(f.object, str) else f.object.normalized))
    return entities, final, decisions
