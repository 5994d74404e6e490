"""The entities of a built graph as a table, and finding one by id, IRI or name (``kg entities``, ``kg merge``)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from .errors import InputError
from .names import normalize
from .ontology import TK
from .rdf import TKID, GraphView, flatten

__all__ = ["EntityRow", "Candidate", "entity_rows", "find_entity", "same_as_candidates"]


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: str
    iri: str
    type: str
    label: str
    labels: dict[str, str]
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    degree: int  # facts with this entity as subject or object

    def as_dict(self) -> dict:
        return {"id": self.id, "iri": self.iri, "type": self.type, "label": self.label, "labels": self.labels,
                "aliases": list(self.aliases), "documents": list(self.documents), "degree": self.degree}


def entity_rows(view: GraphView, *, type_: str | None = None, name: str | None = None,
                sort: str = "degree") -> list[EntityRow]:
    """Every entity with its aliases, documents and degree; ``name`` keeps those with a matching name.

    ``sort``: ``degree`` (most connected first), ``documents`` (most documents first) or ``name``.
    """
    degree: Counter[str] = Counter()
    for f in view.facts:
        if not f.asserted:
            continue
        degree[f.subject] += 1
        if f.object_is_entity:
            degree[f.object] += 1
    wanted = normalize(name) if name else None
    rows = []
    for e in view.entities:
        if type_ and type_ not in e.type.split("|"):
            continue
        if wanted and not any(wanted in normalize(n) for n in (e.label, e.id, *e.labels.values(), *e.aliases)):
            continue
        rows.append(EntityRow(e.id, e.iri, e.type, e.label, dict(e.labels), tuple(e.aliases), tuple(e.documents),
                              degree[e.iri]))
    keys = {"degree": lambda r: (-r.degree, -len(r.documents), r.id),
            "documents": lambda r: (-len(r.documents), -r.degree, r.id),
            "name": lambda r: (r.label.casefold(), r.id)}
    if sort not in keys:
        raise InputError(f"unknown sort {sort!r}; use one of: {', '.join(keys)}")
    return sorted(rows, key=keys[sort])


def find_entity(view: GraphView, ref: str) -> EntityRow:
    """The one entity ``ref`` names: its id, IRI, ``tkid:`` name, or a label or alias that only it has."""
    ref = ref.strip()
    rows = entity_rows(view)
    for prefix in (str(TKID), "tkid:"):
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
    by_id = [r for r in rows if r.id == ref or r.iri == ref]
    if by_id:
        return by_id[0]
    key = normalize(ref)
    by_name = [r for r in rows if key and any(normalize(n) == key for n in (r.label, *r.labels.values(), *r.aliases))]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        choices = ", ".join(f"{r.id} ({r.type}, {len(r.documents)} doc)" for r in by_name[:8])
        raise InputError(f"{ref!r} names {len(by_name)} entities; give one id: {choices}")
    raise InputError(f"no entity {ref!r} in the graph; list them with: kg entities GRAPH --name {ref!r}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two entities that may be one: a tk:SameAsCandidate of the build, for a user to merge or leave."""

    a: str  # entity id
    b: str
    confidence: float
    rule: str
    names: tuple[str, ...]
    reason: str

    def as_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "confidence": self.confidence, "rule": self.rule,
                "names": list(self.names), "reason": self.reason}


def same_as_candidates(graph: Graph) -> list[Candidate]:
    """The same-as candidates of a built graph, most likely first."""
    g = flatten(graph)
    out = []
    for node in set(g.subjects(RDF.type, TK.SameAsCandidate)):
        ents = sorted(str(e)[len(str(TKID)):] for e in g.objects(node, TK.linkedEntity))
        if len(ents) != 2:
            continue
        conf = g.value(node, TK.confidence)
        out.append(Candidate(ents[0], ents[1], float(conf) if conf is not None else 0.0,
                             str(g.value(node, TK.linkRule) or ""),
                             tuple(sorted(str(n) for n in g.objects(node, TK.linkedName))),
                             str(g.value(node, RDFS.comment) or "")))
    return sorted(out, key=lambda c: (-c.confidence, c.a, c.b))
