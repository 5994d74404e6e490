"""Evaluation of cross-document resolution: pairwise merge precision and recall against a key.

A key (JSON) lists, for each real-world entity, the names by which each
article of a corpus calls it::

    {"entities": [
       {"key": "lingxi-robotics", "type": "Startup",
        "mentions": {"01_en_funding": ["Lingxi Robotics"], "02_ko_factory": ["링시로보틱스"]}},
       {"key": "chen-jie-cto", "type": "Person", "mentions": {"05_en_chips": ["Chen Jie"]}},
       {"key": "chen-jie-professor", "type": "Person", "mentions": {"09_zh_campus": ["陈杰"]}}],
     "not_entities": [{"doc": "12_en_orchards", "text": "apples"}]}

Every (document, name) of the key is looked up among the entities the build
made of that document (a mention with exactly that text). Over all pairs of
key names, a pair is *merged* when both were found in one built entity, and
*the same* when the key lists them under one entity: precision is the share
of merged pairs that are the same, recall the share of same pairs that were
merged (a name the build did not find merges with nothing). A
``not_entities`` name must not be a mention of any entity.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import DocumentResult

__all__ = ["LinkKey", "LinkReport", "load_link_key", "is_link_key", "score_links"]


@dataclass(frozen=True, slots=True)
class LinkKey:
    names: tuple[tuple[str, str, str], ...]  # (doc id, surface, key entity)
    not_entities: tuple[tuple[str, str], ...]  # (doc id, surface)
    docs: frozenset[str]


@dataclass
class LinkReport:
    precision: float
    recall: float
    true_merges: int
    false_merges: list[tuple[tuple[str, str], tuple[str, str]]]  # pairs merged that the key keeps apart
    missed_merges: list[tuple[tuple[str, str], tuple[str, str]]]  # pairs the key joins that stayed apart
    found: int
    names: int
    not_found: list[tuple[str, str]]
    not_entity_errors: list[tuple[str, str]]
    entities: int  # key entities
    merged_by_rule: dict[str, int] = field(default_factory=dict)
    candidates: int = 0

    def __str__(self) -> str:
        lines = [f"pairwise merge precision {self.precision:.3f}, recall {self.recall:.3f} "
                 f"({self.true_merges} right merges, {len(self.false_merges)} wrong, "
                 f"{len(self.missed_merges)} missed)",
                 f"key names found by the build: {self.found}/{self.names} ({self.entities} key entities)"]
        if self.merged_by_rule:
            lines.append("merge decisions by rule: " + ", ".join(f"{k} {v}" for k, v in
                                                                sorted(self.merged_by_rule.items())))
        lines.append(f"same-as candidates reported (not merged): {self.candidates}")
        for (a, b) in self.false_merges[:20]:
            lines.append(f"  wrong merge: {a[1]} ({a[0]}) = {b[1]} ({b[0]})")
        for (a, b) in self.missed_merges[:20]:
            lines.append(f"  missed: {a[1]} ({a[0]}) = {b[1]} ({b[0]})")
        for doc, name in self.not_found[:20]:
            lines.append(f"  not found: {name} ({doc})")
        for doc, name in self.not_entity_errors:
            lines.append(f"  not an entity, but the build made one: {name} ({doc})")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "true_merges": self.true_merges,
                "false_merges": [list(map(list, p)) for p in self.false_merges],
                "missed_merges": [list(map(list, p)) for p in self.missed_merges],
                "found": self.found, "names": self.names, "not_found": [list(x) for x in self.not_found],
                "not_entity_errors": [list(x) for x in self.not_entity_errors], "entities": self.entities,
                "merged_by_rule": self.merged_by_rule, "candidates": self.candidates}


def is_link_key(path: str | Path) -> bool:
    """Whether ``path`` is a resolution key (a JSON object with ``entities`` holding ``mentions``)."""
    p = Path(path)
    if p.suffix.lower() != ".json" or not p.is_file():
        return False
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and isinstance(data.get("entities"), list) and all(
        isinstance(e, dict) and isinstance(e.get("mentions"), dict) for e in data["entities"])


def load_link_key(path: str | Path) -> LinkKey:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such key file") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: not a JSON key ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise InputError(f"{p}: a key is a JSON object with \"entities\"")
    names, seen = [], {}
    for n, ent in enumerate(data["entities"], start=1):
        if not isinstance(ent, dict) or not isinstance(ent.get("key"), str) or not isinstance(ent.get("mentions"), dict):
            raise InputError(f"{p}: entity {n} needs \"key\" and \"mentions\" {{doc: [names]}}")
        for doc, surfaces in ent["mentions"].items():
            if not isinstance(surfaces, list) or not all(isinstance(s, str) and s for s in surfaces):
                raise InputError(f"{p}: entity {ent['key']!r}, document {doc!r}: names must be a list of strings")
            for s in surfaces:
                if (doc, s) in seen:
                    raise InputError(f"{p}: {s!r} in {doc!r} is listed under both {seen[(doc, s)]!r} and {ent['key']!r}")
                seen[(doc, s)] = ent["key"]
                names.append((doc, s, ent["key"]))
    not_entities = []
    for x in data.get("not_entities", []):
        if not isinstance(x, dict) or not isinstance(x.get("doc"), str) or not isinstance(x.get("text"), str):
            raise InputError(f"{p}: each of \"not_entities\" needs \"doc\" and \"text\"")
        not_entities.append((x["doc"], x["text"]))
    return LinkKey(tuple(names), tuple(not_entities), frozenset(d for d, _, _ in names) | {d for d, _ in not_entities})


def score_links(key: LinkKey, results: list[DocumentResult], linking=None) -> LinkReport:
    """Pairwise merge precision and recall of linked ``results`` (global ids) against ``key``."""
    by_doc = {r.document.id: r for r in results}
    missing_docs = sorted(key.docs - set(by_doc))
    if missing_docs:
        raise InputError(f"the key names documents the corpus does not hold: {', '.join(missing_docs[:5])}")
    where: dict[tuple[str, str], str] = {}
    for r in results:
        for e in r.entities.values():
            for m in e.mentions:
                where.setdefault((r.document.id, m.text), e.id)
    found = {(d, s): where.get((d, s)) for d, s, _ in key.names}
    tp, false_merges, missed = 0, [], []
    names = list(key.names)
    for i in range(len(names)):
        di, si, ki = names[i]
        for j in range(i + 1, len(names)):
            dj, sj, kj = names[j]
            ei, ej = found[(di, si)], found[(dj, sj)]
            merged = ei is not None and ei == ej
            same = ki == kj
            if merged and same:
                tp += 1
            elif merged:
                false_merges.append(((di, si), (dj, sj)))
            elif same:
                missed.append(((di, si), (dj, sj)))
    precision = tp / (tp + len(false_merges)) if tp + len(false_merges) else 1.0
    recall = tp / (tp + len(missed)) if tp + len(missed) else 1.0
    not_found = sorted((d, s) for (d, s), e in found.items() if e is None)
    errors = sorted((d, s) for d, s in key.not_entities if (d, s) in where)
    rules: Counter[str] = Counter()
    candidates = 0
    if linking is not None:
        rules.update(d.rule for d in linking.merges)
        candidates = len(linking.candidates)
    return LinkReport(round(precision, 4), round(recall, 4), tp, false_merges, missed, len(found) - len(not_found),
                      len(found), not_found, errors, len({k for _, _, k in key.names}), dict(rules), candidates)
