"""The relation stage: extractors propose :class:`~kg.model.Candidate` relations.

An extractor is a pure function ``Analysis -> Iterator[Candidate]`` for one
relation family and language, registered by name with a version (recorded in
the provenance of every fact it finds). Extractors read the sentence's
structure (particles and noun groups in Korean, dependency arcs or patterns
in English, patterns in Chinese), never mere co-occurrence.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..context import Analysis
from ..model import Candidate
from ..registry import Registry

__all__ = ["Extractor", "EXTRACTORS", "extractor", "extract_relations"]


@dataclass(frozen=True, slots=True)
class Extractor:
    name: str
    languages: tuple[str, ...]
    version: str
    extract: Callable[[Analysis], Iterable[Candidate]]

    def serves(self, lang: str) -> bool:
        return "*" in self.languages or lang in self.languages


EXTRACTORS: Registry[Extractor] = Registry("extractor", "kg.relations")


def extractor(name: str, languages: Iterable[str] = ("*",), version: str = "0.1.0"):
    """Register a function ``Analysis -> Iterable[Candidate]`` as a relation extractor."""

    def decorator(fn):
        EXTRACTORS.register(name)(Extractor(name, tuple(languages), version, fn))
        return fn

    return decorator


def extract_relations(analysis: Analysis, only: Iterable[str] | None = None) -> Iterator[Candidate]:
    """Candidates from every extractor that serves the document's language (or those in ``only``)."""
    names = set(only) if only is not None else None
    for name, ex in EXTRACTORS.items():
        if ex.serves(analysis.lang) and (names is None or name in names):
            yield from ex.extract(analysis)


def version_of(name: str) -> str:
    return EXTRACTORS.get(name).version
