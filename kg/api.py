"""The library API: everything the CLI does, Python code can do.

>>> import kg
>>> [r.document.lang for r in kg.extract(["seeds/"])]   # doctest: +SKIP
['ko']
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import InputError, QueryError
from .model import DocumentResult, Mention, Value

__all__ = ["extract", "build", "BuildResult", "to_json", "load", "stats", "validate", "query", "evaluate",
           "DEFAULT_FORMATS"]

DEFAULT_FORMATS = ("turtle", "html")
OUTPUT_NAMES = {"turtle": "graph.ttl", "html": "graph.html", "trig": "graph.trig", "nquads": "graph.nq",
                "jsonld": "graph.jsonld", "graphml": "graph.graphml", "csv": "csv"}


def _models(model: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"en_core_web_sm"`` means an English pipeline; ``{"zh": "..."}`` names one per language."""
    if model is None:
        return {}
    if isinstance(model, str):
        if "=" in model:
            lang, name = model.split("=", 1)
            return {lang.strip(): name.strip()}
        return {"en": model}
    return dict(model)


def extract(inputs: Iterable[str | Path] | str | Path, *, lang: str | None = None,
            model: str | Mapping[str, str] | None = None, gazetteers: Iterable[str | Path] = (),
            stdin=None, min_confidence: float = 0.0) -> Iterator[DocumentResult]:
    """Read ``inputs`` and extract entities and facts from each document.

    Every input is read and checked before the first document is processed,
    so bad input fails before any work is done. Facts whose confidence (the
    best of their evidence) is below ``min_confidence`` are left out.
    """
    from .gazetteer import load_gazetteer
    from .pipeline import process_document
    from .reader import read_all

    docs = read_all(inputs, lang, stdin=stdin)
    gazetteer = load_gazetteer(tuple(gazetteers))
    models = _models(model)
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    for doc in docs:
        result = process_document(doc, gazetteer=gazetteer, model=models.get(doc.lang))
        if min_confidence > 0:
            result.facts = [f for f in result.facts if f.confidence >= min_confidence]
        yield result


@dataclass
class BuildResult:
    results: list[DocumentResult]
    graph: Any  # rdflib.Graph
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def stats(self):
        from .rdf import graph_stats

        return graph_stats(self.graph)

    @property
    def decisions(self):
        return [d for r in self.results for d in r.decisions]


def build(inputs: Iterable[str | Path] | str | Path, out_dir: str | Path, *, lang: str | None = None,
          model: str | Mapping[str, str] | None = None, gazetteers: Iterable[str | Path] = (),
          formats: Iterable[str] = DEFAULT_FORMATS, started_at: datetime | None = None, stdin=None,
          min_confidence: float = 0.0) -> BuildResult:
    """Extract from ``inputs`` and write the graph to ``out_dir`` in each of ``formats``.

    Files are written atomically: a failure leaves earlier outputs intact. The
    build time recorded in the graph is ``started_at``, else ``SOURCE_DATE_EPOCH``
    (the reproducible-builds convention) when set, else now.
    """
    from .exporters import EXPORTERS, export
    from .rdf import to_graph

    t0 = time.perf_counter()
    formats = list(formats)
    for fmt in formats:
        EXPORTERS.get(fmt)  # an unknown format fails before any work
    results = list(extract(inputs, lang=lang, model=model, gazetteers=gazetteers, stdin=stdin,
                           min_confidence=min_confidence))
    graph = to_graph(results, started_at=started_at or _source_date_epoch())
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    outputs = {fmt: export(graph, fmt, out / OUTPUT_NAMES.get(fmt, f"graph.{fmt}")) for fmt in formats}
    return BuildResult(results, graph, outputs, time.perf_counter() - t0)


def _source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError(f"SOURCE_DATE_EPOCH must be seconds since 1970 (an integer), not {value!r}")
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


def _mention_json(m: Mention) -> dict:
    return {"text": m.text, "start": m.start, "end": m.end}


def to_json(result: DocumentResult) -> dict:
    """One document's extraction as the JSON object ``kg extract --format jsonl`` writes.

    The shape is the contract of ``score.py``: ``{"id", "lang", "entities": [{"id", "label",
    "type", "aliases", "mentions": [{"text", "start", "end"}]}], "triples": [{"subject",
    "predicate", "object", "confidence", "modality", "evidence": {...}}], "statements": [...]}``;
    ``statements`` holds planned or denied relations, which are not facts. A literal object
    (a date) is written as the text and given with ``object_type`` and ``object_value``.
    """
    ents = []
    for e in sorted(result.entities.values(), key=lambda e: (e.mentions[0].start if e.mentions else 0, e.id)):
        ents.append({"id": e.id, "label": e.label, "type": e.type, "labels": dict(sorted(e.labels.items())),
                     "aliases": sorted(e.aliases), "gazetteer_id": e.gazetteer_id,
                     "mentions": [_mention_json(m) for m in e.mentions]})
    from .rdf import FACT_MODALITIES

    triples, statements = [], []
    for f in result.facts:
        best = max(f.evidence, key=lambda ev: (ev.modality in FACT_MODALITIES, ev.confidence))
        t = {"subject": f.subject, "predicate": f.predicate,
             "object": f.object.text if isinstance(f.object, Value) else f.object,
             "confidence": f.confidence, "modality": best.modality,
             "evidence": {"sentence": best.sentence_text, "sentence_index": best.sentence_index,
                          "start": best.start, "end": best.end, "extractor": best.extractor,
                          "extractor_version": best.extractor_version,
                          "count": len(f.evidence)}}
        if isinstance(f.object, Value):
            t["object_type"] = f.object.kind
            t["object_value"] = f.object.normalized
        # planned or denied relations are statements, not facts (as in the RDF graph)
        (triples if best.modality in FACT_MODALITIES else statements).append(t)
    values = [{"kind": v.kind, "text": v.text, "start": v.start, "end": v.end, "value": v.normalized}
              for v in result.values]
    return {"id": result.document.id, "lang": result.document.lang, "entities": ents, "triples": triples,
            "statements": statements, "values": values}


def evaluate(gold: str | Path, *, model: str | Mapping[str, str] | None = None,
             gazetteers: Iterable[str | Path] = (), labels: str | Path | None = None, min_confidence: float = 0.0):
    """Extract from the annotated articles of ``gold`` (JSONL) and score the result.

    Returns a :class:`kg.evaluate.EvalReport`: precision and recall overall and
    per relation, a confidence calibration table, and every false positive and
    miss with its evidence or the reason. The annotation format is in
    :mod:`kg.evaluate`.
    """
    from .evaluate import evaluate as _evaluate

    return _evaluate(gold, model=model, gazetteers=gazetteers, labels=labels, min_confidence=min_confidence)


def load(path: str | Path):
    """Read a graph written by :func:`build` (Turtle, TriG, N-Quads or JSON-LD)."""
    from .rdf import load_graph

    return load_graph(path)


def stats(path: str | Path):
    """Counts of a built graph: entities by class, facts by predicate, documents, assertions."""
    from .rdf import graph_stats

    return graph_stats(load(path))


def validate(path: str | Path):
    """Check a built graph against ``ontology/shapes.ttl``; returns a report, never raises on violations."""
    from .ontology import validate as shacl_validate

    return shacl_validate(load(path))


def query(path: str | Path, sparql: str) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL SELECT or ASK query over a built graph; returns (variables, rows).

    The graph's prefixes (``tk:``, ``tkid:``, ...) are predeclared.
    """
    from rdflib.plugins.sparql import prepareQuery

    graph = load(path)
    ns = {p: str(u) for p, u in graph.namespaces()}
    try:
        q = prepareQuery(sparql, initNs=ns)
    except Exception as e:  # pyparsing raises several types; all mean a bad query
        raise QueryError(f"bad SPARQL query: {str(e).splitlines()[0]}") from None
    try:
        res = graph.query(q)
    except Exception as e:
        raise QueryError(f"SPARQL query failed: {str(e).splitlines()[0]}") from None
    if res.type == "ASK":
        return ["ask"], [(bool(res.askAnswer),)]
    if res.type != "SELECT":
        raise QueryError("only SELECT and ASK queries are supported")
    variables = [str(v) for v in res.vars]
    return variables, [tuple(row) for row in res]
