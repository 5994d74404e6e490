"""One document through every stage: NLP -> mentions -> values -> relations and events -> resolution -> typing."""
from __future__ import annotations

from .context import Analysis
from .events import entailed_candidates, extract_events, resolve_events
from .mentions import find_mentions
from .model import Document, DocumentResult
from .nlp import analyze, sentences, split_at_names
from .relations import extract_relations, version_of
from .resolve import resolve
from .typecheck import check_types
from .values import find_values

__all__ = ["process_document"]


def process_document(document: Document, *, gazetteer, model: str | None = None,
                     known_names: dict[str, str] | None = None) -> DocumentResult:
    """Extract typed entities and facts, with provenance, from one document.

    ``model`` is a trained spaCy pipeline for the document's language (or None
    for rules only). ``known_names`` (name -> class) are names that other
    documents of the same build found (:mod:`kg.mentions.corpus_names`).
    """
    doc = analyze(document.text, document.lang, model)
    analysis = Analysis(document, doc, [], gazetteer, known_names=dict(known_names or {}))
    split_at_names(doc, [(h.start, h.end) for h in analysis.gazetteer_hits()])
    analysis.sentences = sentences(doc)
    find_mentions(analysis)
    find_values(analysis)
    candidates = list(extract_relations(analysis))
    events = extract_events(analysis)
    candidates += entailed_candidates(events)  # the plain relations the events state
    entities, facts = resolve(analysis, candidates, _version)
    entities, facts, decisions = check_types(entities, facts)
    known = {(f.subject, f.predicate, f.object) for f in facts if isinstance(f.object, str)}
    resolved = resolve_events(analysis, events, entities, known)
    return DocumentResult(document, analysis.sentences, entities, facts, analysis.values, decisions, resolved)


def _version(extractor: str) -> str:
    """The version of a relation or event extractor (both name the facts they find)."""
    from .errors import UnknownNameError
    from .events import version_of as event_version

    try:
        return version_of(extractor)
    except UnknownNameError:
        return event_version(extractor)
