"""Evaluation: precision and recall of the extractor against annotated articles.

Users annotate their own articles in JSONL, one document per line, the
format of the public relation-extraction sets techkg is measured on::

    {"id": "a1", "lang": "en", "text": "...",
     "triples": [{"subject": "Jensen Huang", "relation": "ceoOf", "object": "Nvidia",
                  "subject_aliases": ["Huang"], "object_aliases": []}],
     "negatives": [{"subject": "Jensen Huang", "object": "TSMC"}],
     "exhaustive": true}

``relation`` is an ontology relation (``ceoOf``, ``tk:founderOf``) or a
label of a public data set that ``kg/data/eval/labels.json`` (or the user's
``labels`` file) maps onto ontology relations. ``exhaustive: true`` says
every relation in the text is listed, so any other extracted triple is a
false positive; ``false`` judges only the listed pairs and the
``negatives`` (pairs that have no relation).

A predicted triple matches a gold one when its relation entails the gold
relation (``ceoOf`` entails ``executiveOf`` and ``employeeOf``; the inverse
and symmetric forms count) and both names match: the same after Unicode
(NFKC) folding, case folding and removing spaces and punctuation, or one
containing the other and covering at least 60% of it.

>>> norm_name("  Open-AI, Inc. ")
'openaiinc'
>>> names_match({"openai"}, {"openaiinc"})
True
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError, JSONLError
from .model import DocumentResult, Value

__all__ = [
    "GoldTriple", "GoldPair", "GoldDocument", "Judgement", "RelationScore", "CalibrationBin",
    "EvalReport", "load_gold", "load_labels", "evaluate", "score", "norm_name", "names_match",
]

#: Confidence bins of the calibration table (lower bounds, highest first).
CALIBRATION_BINS = (0.9, 0.8, 0.7, 0.6, 0.5, 0.0)


def norm_name(name: str) -> str:
    """A name folded for comparison: NFKC, case folded, no spaces or punctuation."""
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", name or "").casefold())


def names_match(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether any folded name of ``a`` equals or covers >= 60% of one of ``b`` (or the reverse)."""
    for x in a:
        for y in b:
            if not x or not y:
                continue
            if x == y:
                return True
            short, long_ = (x, y) if len(x) <= len(y) else (y, x)
            if len(short) >= 2 and short in long_ and len(short) / len(long_) >= 0.6:
                return True
    return False


# --------------------------------------------------------------------------- gold data


@dataclass(frozen=True, slots=True)
class GoldTriple:
    """One annotated relation, already mapped onto ontology relations."""

    subject: str
    relation: str  # the label as annotated
    object: str
    properties: frozenset[str]  # ontology relations any of which states it, in this direction
    subject_names: frozenset[str]  # folded names
    object_names: frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldPair:
    """A pair annotated as having no relation."""

    subject: str
    object: str
    subject_names: frozenset[str]
    object_names: frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    line: int
    triples: tuple[GoldTriple, ...]
    negatives: tuple[GoldPair, ...]
    exhaustive: bool


@lru_cache(maxsize=1)
def _shipped_labels() -> dict[str, dict]:
    path = resources.files("kg") / "data" / "eval" / "labels.json"
    return json.loads(path.read_text(encoding="utf-8"))["labels"]


def load_labels(path: str | Path | None = None) -> dict[str, tuple[frozenset[str], bool]]:
    """The label map: dataset label -> (ontology relations, inverse?).

    The shipped map (``kg/data/eval/labels.json``) covers KLUE-RE, DocRED and
    DuIE labels; a user file in the same shape (``{"labels": {LABEL:
    {"properties": [...], "inverse": bool}}}``) adds to it or overrides it.
    """
    from .ontology import load_ontology

    onto = load_ontology()
    raw = dict(_shipped_labels())
    if path is not None:
        p = Path(path)
        try:
            user = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{path}: no such label map") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: not a JSON label map ({e})") from None
        if not isinstance(user, dict) or not isinstance(user.get("labels"), dict):
            raise InputError(f'{path}: a label map is {{"labels": {{LABEL: {{"properties": [...], "inverse": false}}}}}}')
        raw.update(user["labels"])
    out = {}
    relations = onto.relation_properties()
    for label, spec in raw.items():
        props = spec.get("properties") if isinstance(spec, dict) else None
        if not props or not all(isinstance(p, str) and p in relations for p in props):
            raise InputError(f"label map: {label!r} must name ontology relations in 'properties' "
                             f"(one of {', '.join(sorted(relations))})")
        out[label] = (frozenset(props), bool(spec.get("inverse", False)))
    return out


def _relation_of(label: str, labels: Mapping[str, tuple[frozenset[str], bool]]):
    """(properties, inverse) for an annotated relation label, or None if unknown."""
    from .ontology import load_ontology

    onto = load_ontology()
    local = label.split(":", 1)[1] if label.startswith("tk:") else label
    if local in onto.relation_properties():
        return frozenset({local}), False
    return labels.get(label)


def _names(obj: dict, key: str, where: str) -> frozenset[str]:
    name = obj.get(key)
    if not isinstance(name, str) or not name.strip():
        raise JSONLError(f"{where}: {key!r} must be a non-empty string")
    aliases = obj.get(f"{key}_aliases", []) or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise JSONLError(f"{where}: '{key}_aliases' must be a list of strings")
    return frozenset(n for n in (norm_name(x) for x in [name, *aliases]) if n)


def load_gold(path: str | Path, labels: Mapping[str, tuple[frozenset[str], bool]] | None = None
              ) -> tuple[dict[str, GoldDocument], Counter]:
    """The annotations of a gold JSONL file, by document id, and a count of unknown relation labels.

    Raises :class:`~kg.errors.JSONLError` (with the line number) for a line
    whose annotations are malformed. Texts are read by :mod:`kg.reader`.
    """
    labels = load_labels() if labels is None else labels
    from .reader import decode_bytes

    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    text = decode_bytes(data, p.name)  # binary, empty or not UTF-8: one clear error
    docs: dict[str, GoldDocument] = {}
    unknown: Counter = Counter()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{p.name} line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise JSONLError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from None
        if not isinstance(obj, dict):
            raise JSONLError(f"{where}: expected a JSON object")
        doc_id = str(obj.get("id", f"{p.stem}:{number}")).strip()
        triples, negatives = [], []
        raw_triples = obj.get("triples", [])
        raw_negatives = obj.get("negatives", [])
        if not isinstance(raw_triples, list) or not isinstance(raw_negatives, list):
            raise JSONLError(f"{where}: 'triples' and 'negatives' must be lists")
        for t in raw_triples:
            if not isinstance(t, dict) or not isinstance(t.get("relation"), str):
                raise JSONLError(f"{where}: each triple needs 'subject', 'relation' and 'object'")
            s_names, o_names = _names(t, "subject", where), _names(t, "object", where)
            mapped = _relation_of(t["relation"], labels)
            if mapped is None:
                unknown[t["relation"]] += 1
                continue
            props, inverse = mapped
            s, o = t["subject"], t["object"]
            if inverse:
                s, o, s_names, o_names = o, s, o_names, s_names
            triples.append(GoldTriple(s, t["relation"], o, props, s_names, o_names))
        for n in raw_negatives:
            if not isinstance(n, dict):
                raise JSONLError(f"{where}: each negative needs 'subject' and 'object'")
            negatives.append(GoldPair(n.get("subject", ""), n.get("object", ""),
                                      _names(n, "subject", where), _names(n, "object", where)))
        exhaustive = obj.get("exhaustive", True)
        if not isinstance(exhaustive, bool):
            raise JSONLError(f"{where}: 'exhaustive' must be true or false")
        docs[doc_id] = GoldDocument(doc_id, number, tuple(triples), tuple(negatives), exhaustive)
    return docs, unknown


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True, slots=True)
class _Predicted:
    predicate: str
    subject: str  # display name
    object: str
    subject_names: frozenset[str]
    object_names: frozenset[str]
    confidence: float
    extractor: str
    sentence: str
    entailed: frozenset[tuple[str, bool]]  # (relation, swapped?) this triple states


def _entailed(predicate: str) -> frozenset[tuple[str, bool]]:
    """The relations a triple with ``predicate`` states: super-properties, inverse, symmetric reading."""
    from .ontology import load_ontology

    onto = load_ontology()
    if predicate not in onto.relation_properties():
        return frozenset({(predicate, False)})
    out = set()
    for p in onto.super_properties(predicate):
        out.add((p, False))
        if onto.is_symmetric(p):
            out.add((p, True))
        inv = onto.inverse(p)
        if inv:
            out.add((inv, True))
    return frozenset(out)


def _predictions(result: DocumentResult, min_confidence: float) -> tuple[list[_Predicted], list[_Predicted]]:
    """(facts, statements) of a result: statements are planned or denied, not facts."""
    from .rdf import FACT_MODALITIES

    def names(entity_id: str) -> tuple[str, frozenset[str]]:
        e = result.entities.get(entity_id)
        if e is None:
            return entity_id, frozenset({norm_name(entity_id)})
        raw = {e.label, *e.aliases, *e.labels.values(), *(m.text for m in e.mentions)}
        return e.label, frozenset(n for n in map(norm_name, raw) if n)

    facts, statements = [], []
    for f in result.facts:
        if f.confidence < min_confidence:
            continue
        best = max(f.evidence, key=lambda ev: (ev.modality in FACT_MODALITIES, ev.confidence))
        s_label, s_names = names(f.subject)
        if isinstance(f.object, Value):
            o_label = f.object.text
            o_names = frozenset(n for n in {norm_name(f.object.text), norm_name(f.object.normalized)} if n)
        else:
            o_label, o_names = names(f.object)
        p = _Predicted(f.predicate, s_label, o_label, s_names, o_names, f.confidence, best.extractor,
                       best.sentence_text, _entailed(f.predicate))
        (facts if best.modality in FACT_MODALITIES else statements).append(p)
    return facts, statements


def _states(p: _Predicted, props: frozenset[str], s_names, o_names) -> bool:
    for rel, swapped in p.entailed:
        if rel not in props:
            continue
        ps, po = (p.object_names, p.subject_names) if swapped else (p.subject_names, p.object_names)
        if names_match(ps, s_names) and names_match(po, o_names):
            return True
    return False


def _links(p: _Predicted, s_names, o_names) -> bool:
    return ((names_match(p.subject_names, s_names) and names_match(p.object_names, o_names))
            or (names_match(p.subject_names, o_names) and names_match(p.object_names, s_names)))


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class Judgement:
    """One scored item: a true positive, a false positive or a miss, with why."""

    kind: str  # "tp" | "fp" | "fn"
    doc: str
    relation: str
    subject: str
    object: str
    why: str = ""
    confidence: float | None = None
    extractor: str = ""
    sentence: str = ""


@dataclass(slots=True)
class RelationScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    low: float
    high: float
    correct: int
    judged: int

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 0.0


@dataclass(slots=True)
class EvalReport:
    documents: int
    overall: RelationScore
    per_relation: dict[str, RelationScore]
    calibration: list[CalibrationBin]
    judgements: list[Judgement] = field(default_factory=list)
    per_extractor: dict[str, RelationScore] = field(default_factory=dict)  # judged facts only: tp, fp
    unknown_relations: Counter = field(default_factory=Counter)
    missing_documents: list[str] = field(default_factory=list)

    def at_least(self, confidence: float) -> CalibrationBin:
        """The judged facts of confidence >= ``confidence`` (a bin bound), pooled: the calibration
        promise is that facts at >= 0.8 are right at least 90% of the time."""
        inside = [b for b in self.calibration if b.low >= confidence - 1e-9]
        return CalibrationBin(confidence, 1.0, sum(b.correct for b in inside), sum(b.judged for b in inside))

    @property
    def false_positives(self) -> list[Judgement]:
        return [j for j in self.judgements if j.kind == "fp"]

    @property
    def misses(self) -> list[Judgement]:
        return [j for j in self.judgements if j.kind == "fn"]

    def to_dict(self) -> dict:
        def sc(s: RelationScore) -> dict:
            return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4), "f1": round(s.f1, 4)}

        return {"documents": self.documents, "overall": sc(self.overall),
                "per_relation": {k: sc(v) for k, v in sorted(self.per_relation.items())},
                "per_extractor": {k: {"correct": v.tp, "wrong": v.fp, "precision": round(v.precision, 4)}
                                  for k, v in sorted(self.per_extractor.items())},
                "calibration": [{"low": b.low, "high": b.high, "judged": b.judged, "correct": b.correct,
                                 "precision": round(b.precision, 4)} for b in self.calibration],
                "unknown_relations": dict(self.unknown_relations),
                "missing_documents": self.missing_documents,
                "false_positives": [_jdict(j) for j in self.false_positives],
                "misses": [_jdict(j) for j in self.misses]}


def _jdict(j: Judgement) -> dict:
    return {k: getattr(j, k) for k in Judgement.__slots__ if getattr(j, k) not in (None, "")}


def _why_missed(g: GoldTriple, result: DocumentResult, facts: list[_Predicted], statements: list[_Predicted],
                min_confidence: float) -> str:
    """A short reason for a missed gold triple, from what the pipeline did produce."""
    entity_names = [frozenset(n for n in map(norm_name, {e.label, *e.aliases, *(m.text for m in e.mentions)}) if n)
                    for e in result.entities.values()]
    value_names = [frozenset({norm_name(v.text), norm_name(v.normalized)}) for v in result.values]
    found_s = any(names_match(n, g.subject_names) for n in entity_names)
    found_o = any(names_match(n, g.object_names) for n in entity_names + value_names)
    if not found_s and not found_o:
        return "neither name found as an entity"
    if not found_s:
        return "subject not found as an entity"
    if not found_o:
        return "object not found as an entity"
    other = sorted({p.predicate for p in facts if _links(p, g.subject_names, g.object_names)})
    if other:
        return f"extracted as {', '.join(other)}"
    stated = sorted({p.predicate for p in statements if _states(p, g.properties, g.subject_names, g.object_names)})
    if stated:
        return "extracted only as a planned or denied statement"
    dropped = [d for d in result.decisions if d.action == "drop"
               and names_match(_entity_names(result, d.subject), g.subject_names | g.object_names)
               and names_match(_entity_names(result, d.object), g.subject_names | g.object_names)]
    if dropped:
        return f"dropped by typing: {dropped[0].reason}"
    if min_confidence > 0:
        return "no relation extracted between the two entities (or below --min-confidence)"
    return "no relation extracted between the two entities"


def _entity_names(result: DocumentResult, entity_id: str) -> frozenset[str]:
    e = result.entities.get(entity_id)
    if e is None:
        return frozenset({norm_name(entity_id)})
    return frozenset(n for n in map(norm_name, {e.label, *e.aliases, *(m.text for m in e.mentions)}) if n)


def score(gold: Mapping[str, GoldDocument], results: Iterable[DocumentResult], *,
          min_confidence: float = 0.0) -> EvalReport:
    """Score extraction ``results`` against ``gold`` annotations.

    Precision counts predictions, recall counts gold triples. In exhaustive
    documents every fact that states no gold triple is a false positive; in
    pair-mode documents only facts between an annotated pair (or a
    ``negatives`` pair) are judged.
    """
    per: dict[str, RelationScore] = defaultdict(RelationScore)
    by_extractor: dict[str, RelationScore] = defaultdict(RelationScore)
    overall = RelationScore()
    judged: list[tuple[float, bool]] = []
    out: list[Judgement] = []
    seen: set[str] = set()
    for result in results:
        doc = result.document.id
        g = gold.get(doc)
        if g is None:
            continue
        seen.add(doc)
        facts, statements = _predictions(result, min_confidence)
        matched = [False] * len(g.triples)
        for p in facts:
            hits = [i for i, t in enumerate(g.triples) if _states(p, t.properties, t.subject_names, t.object_names)]
            if hits:
                for i in hits:
                    matched[i] = True
                judged.append((p.confidence, True))
                by_extractor[p.extractor].tp += 1
                continue
            if g.exhaustive:
                why = "not in the gold annotations"
            else:
                wrong = [t for t in g.triples if _links(p, t.subject_names, t.object_names)]
                neg = [n for n in g.negatives if _links(p, n.subject_names, n.object_names)]
                if wrong:
                    why = f"wrong relation: annotated {wrong[0].relation}"
                elif neg:
                    why = "pair annotated as having no relation"
                else:
                    continue  # pair mode: an unannotated pair is not judged
            judged.append((p.confidence, False))
            by_extractor[p.extractor].fp += 1
            overall.fp += 1
            per[p.predicate].fp += 1
            out.append(Judgement("fp", doc, p.predicate, p.subject, p.object, why, p.confidence, p.extractor,
                                 p.sentence))
        for i, t in enumerate(g.triples):
            key = t.relation
            if matched[i]:
                overall.tp += 1
                per[key].tp += 1
                out.append(Judgement("tp", doc, key, t.subject, t.object))
            else:
                overall.fn += 1
                per[key].fn += 1
                out.append(Judgement("fn", doc, key, t.subject, t.object,
                                     _why_missed(t, result, facts, statements, min_confidence)))
    bins = []
    for i, low in enumerate(CALIBRATION_BINS):
        high = 1.0 if i == 0 else CALIBRATION_BINS[i - 1]
        inside = [ok for c, ok in judged if low <= c and (c < high or i == 0)]
        bins.append(CalibrationBin(low, high, sum(inside), len(inside)))
    # a gold relation label's false positives are counted under the predicted relation:
    # precision per label is only meaningful where labels are ontology relations
    missing = sorted(set(gold) - seen)
    return EvalReport(len(seen), overall, dict(per), bins, out, dict(by_extractor), Counter(), missing)


def evaluate(gold_path: str | Path, *, model: str | Mapping[str, str] | None = None,
             gazetteers: Iterable[str | Path] = (), labels: str | Path | None = None,
             min_confidence: float = 0.0) -> EvalReport:
    """Extract from the articles of ``gold_path`` and score the result against its annotations.

    >>> import kg  # doctest: +SKIP
    >>> report = kg.evaluate("my_articles.gold.jsonl")  # doctest: +SKIP
    >>> report.overall.precision, report.overall.recall  # doctest: +SKIP
    (0.91, 0.64)
    """
    from .api import extract

    gold, unknown = load_gold(gold_path, load_labels(labels))
    results = extract([gold_path], model=model, gazetteers=gazetteers)
    report = score(gold, results, min_confidence=min_confidence)
    report.unknown_relations = unknown
    return report
