"""The entities of a built graph as a table, and finding one by id, IRI or name (``kg entities``, ``kg merge``)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .errors import InputError
from .names import normalize
from .rdf import TKID, GraphView

__all__ = ["EntityRow", "entity_rows", "find_entity"]


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
