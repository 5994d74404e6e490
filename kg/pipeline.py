"""One document through every stage: NLP -> mentions -> values -> relations and events -> resolution -> typing."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping

from .context import Analysis
from .events import entailed_candidates, extract_events, resolve_events
from .mentions import find_mentions
from .model import Document, DocumentResult
from .nlp import analyze, analyze_many, sentences, split_at_names
from .relations import extract_relations, version_of
from .resolve import resolve
from .typecheck import check_types
from .values import find_values

__all__ = ["process_document", "process_documents"]


def process_document(document: Document, *, gazetteer, model: str | None = None,
                     known_names: dict[str, str] | None = None, stages: dict[str, float] | None = None
                     ) -> DocumentResult:
    """Extract typed entities and facts, with provenance, from one document.

    ``model`` is a trained spaCy pipeline for the document's language (or None
    for rules only). ``known_names`` (name -> class) are names that other
    documents of the same build found (:mod:`kg.mentions.corpus_names`).
    ``stages``, when given, is added the seconds each stage took (``nlp``,
    ``mentions``, ``relations``, ``resolution``; for benchmarks).
    """
    clock = _Clock(stages)
    return _from_doc(document, analyze(document.text, document.lang, model), gazetteer, known_names, clock)


def process_documents(documents: Iterable[Document], *, gazetteer, models: Mapping[str, str] | None = None,
                      known_names: Mapping[str, Mapping[str, str]] | None = None,
                      stages: dict[str, float] | None = None, batch_chars: int = 20_000) -> Iterator[DocumentResult]:
    """:func:`process_document` on each of ``documents``, in order, with the NLP of a batch of
    documents of one language (up to ``batch_chars`` characters) run at once (spaCy's ``nlp.pipe``;
    Kiwi analyses the batch in one call). The results are those of :func:`process_document`.
    ``models`` maps a language to its spaCy pipeline, ``known_names`` a document id to its names."""
    models, known_names = models or {}, known_names or {}
    batch: list[Document] = []
    size = 0
    for document in documents:
        if batch and (document.lang != batch[0].lang or size >= batch_chars):
            yield from _batch(batch, gazetteer, models, known_names, stages)
            batch, size = [], 0
        batch.append(document)
        size += len(document.text)
    if batch:
        yield from _batch(batch, gazetteer, models, known_names, stages)


def _batch(batch: list[Document], gazetteer, models, known_names, stages) -> Iterator[DocumentResult]:
    clock = _Clock(stages)
    lang = batch[0].lang
    docs = list(analyze_many([d.text for d in batch], lang, models.get(lang), batch_size=len(batch)))
    for document, doc in zip(batch, docs):
        yield _from_doc(document, doc, gazetteer, known_names.get(document.id), clock)
        clock.restart()  # the caller's time is no stage's


def _from_doc(document: Document, doc, gazetteer, known_names, clock) -> DocumentResult:
    """The stages after the language pipeline, on its Doc of ``document``."""
    analysis = Analysis(document, doc, [], gazetteer, known_names=dict(known_names or {}))
    split_at_names(doc, [(h.start, h.end) for h in analysis.gazetteer_hits()])
    analysis.sentences = sentences(doc, document.text)
    clock("nlp")
    find_mentions(analysis)
    find_values(analysis)
    clock("mentions")
    candidates = list(extract_relations(analysis))
    events = extract_events(analysis)
    candidates += entailed_candidates(events)  # the plain relations the events state
    clock("relations")
    entities, facts = resolve(analysis, candidates, _version)
    entities, facts, decisions = check_types(entities, facts)
    known = {(f.subject, f.predicate, f.object) for f in facts if isinstance(f.object, str)}
    resolved = resolve_events(analysis, events, entities, known)
    clock("resolution")
    return DocumentResult(document, analysis.sentences, entities, facts, analysis.values, decisions, resolved)


class _Clock:
    """Adds the time since the last call to ``stages[name]`` (nothing when ``stages`` is None)."""

    def __init__(self, stages: dict[str, float] | None):
        self.stages = stages
        self.last = time.perf_counter() if stages is not None else 0.0

    def restart(self) -> None:
        if self.stages is not None:
            self.last = time.perf_counter()

    def __call__(self, name: str) -> None:
        if self.stages is not None:
            now = time.perf_counter()
            self.stages[name] = self.stages.get(name, 0.0) + now - self.last
            self.last = now


def _version(extractor: str) -> str:
    """The version of a relation or event extractor (both name the facts they find)."""
    from .errors import UnknownNameError
    from .events import version_of as event_version

    try:
        return version_of(extractor)
    except UnknownNameError:
        return event_version(extractor)
