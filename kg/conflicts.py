"""Facts from different articles that cannot all be true: surfaced, never silently merged.

The ontology says which properties can contradict (``tk:conflictWhen``):

* ``two-values``: the subject has one value. A company founded in 2019 by
  one article and in 2021 by another is a conflict; '2019' and '2019-05' agree.
* ``two-holders``: the object has one subject at a time. Two people each
  called the CEO of one company, by articles published within ``window_days``
  of each other (or undated), is a conflict, unless one article calls the role
  ended (modality "past") or one article names both (co-CEOs).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from .ontology import load_ontology
from .ontology import TK
from .rdf import GraphView

__all__ = ["Conflict", "Source", "find_conflicts", "conflict_rules"]

#: Two statements of a role held now, in articles published this many days apart or fewer, overlap.
DEFAULT_WINDOW_DAYS = 365


@dataclass(frozen=True, slots=True)
class Source:
    doc: str
    issued: str | None
    sentence: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "two-values" | "two-holders"
    predicate: str  # local name
    entity: str  # the IRI both facts share (subject of two-values, object of two-holders)
    values: tuple[tuple[str, tuple[Source, ...]], ...]  # each disagreeing value (IRI or literal) with its sources
    reason: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "predicate": self.predicate, "entity": self.entity, "reason": self.reason,
                "values": [{"value": v, "sources": [{"doc": s.doc, "issued": s.issued, "sentence": s.sentence,
                                                     "start": s.start, "end": s.end} for s in srcs]}
                           for v, srcs in self.values]}


@cache
def conflict_rules() -> dict[str, str]:
    """Property local name -> ``tk:conflictWhen`` value, from the ontology."""
    onto = load_ontology()
    out = {}
    for prop, value in onto.graph.subject_objects(TK.conflictWhen):
        out[str(prop).rsplit("#", 1)[-1]] = str(value)
    return out


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        parts = [int(x) for x in text[:10].split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _compatible(a: str, b: str) -> bool:
    """Two dates agree when one is as precise as the other or a refinement of it ('2019' and '2019-05')."""
    return a.startswith(b) or b.startswith(a)


def find_conflicts(view: GraphView, *, window_days: int = DEFAULT_WINDOW_DAYS) -> list[Conflict]:
    """The conflicts in a graph read with :func:`kg.rdf.graph_view`, sorted."""
    rules = conflict_rules()
    issued = {d: info.get("issued") for d, info in view.documents.items()}
    out: list[Conflict] = []
    values: dict[tuple[str, str], dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
    holders: dict[tuple[str, str], dict[str, list[Source]]] = defaultdict(lambda: defaultdict(list))
    for f in view.facts:
        kind = rules.get(f.predicate_name)
        if kind is None or not f.asserted:
            continue
        for ev in f.evidence:
            src = Source(ev.doc, issued.get(ev.doc), ev.sentence_text, ev.start, ev.end)
            if kind == "two-values":
                values[(f.predicate_name, f.subject)][f.object].append(src)
            elif kind == "two-holders" and ev.modality in ("asserted", "hedged"):
                holders[(f.predicate_name, f.object)][f.subject].append(src)
    for (pred, subject), by_value in sorted(values.items()):
        vals = sorted(by_value)
        clash = [(a, b) for i, a in enumerate(vals) for b in vals[i + 1:] if not _compatible(a, b)]
        if clash:
            involved = sorted({v for pair in clash for v in pair})
            out.append(Conflict("two-values", pred, subject,
                                tuple((v, tuple(by_value[v])) for v in involved),
                                f"{len(involved)} different values: " + ", ".join(involved)))
    for (pred, obj), by_holder in sorted(holders.items()):
        people = sorted(by_holder)
        clashing: set[str] = set()
        reasons = []
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                docs_a = {s.doc for s in by_holder[a]}
                docs_b = {s.doc for s in by_holder[b]}
                if docs_a & docs_b:
                    continue  # one article names both: co-holders
                overlap, why = False, ""
                for sa in by_holder[a]:
                    for sb in by_holder[b]:
                        da, db = _date(sa.issued), _date(sb.issued)
                        if da is None or db is None:
                            overlap, why = True, "an article has no date"
                        elif abs((da - db).days) <= window_days:
                            overlap, why = True, f"articles {abs((da - db).days)} days apart"
                        if overlap:
                            break
                    if overlap:
                        break
                if overlap:
                    clashing |= {a, b}
                    reasons.append(why)
        if clashing:
            out.append(Conflict("two-holders", pred, obj,
                                tuple((p, tuple(by_holder[p])) for p in sorted(clashing)),
                                f"{len(clashing)} holders at once ({'; '.join(sorted(set(reasons)))})"))
    return out
