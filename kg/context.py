"""The analysed document handed from the NLP stage to the mention and relation stages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Document, Mention, Sentence, Value

__all__ = ["Analysis"]


@dataclass(slots=True)
class Analysis:
    """A document with its spaCy Doc, sentences and (after the mention stage) mentions.

    ``syntax`` caches language-specific structure (e.g. Korean noun groups per
    sentence) so that mention finders and relation extractors share one parse.
    """

    document: Document
    doc: Any  # spacy.tokens.Doc
    sentences: list[Sentence]
    gazetteer: Any  # kg.gazetteer.Gazetteer
    mentions: list[Mention] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    syntax: dict[str, Any] = field(default_factory=dict)
    #: names other articles of the build found (name -> class), see kg.mentions.corpus_names
    known_names: dict[str, str] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.document.lang

    @property
    def text(self) -> str:
        return self.document.text

    def gazetteer_hits(self) -> list:
        """The gazetteer's hits in the text (computed once per document)."""
        hits = self.syntax.get("gazetteer_hits")
        if hits is None:
            excluded: list[tuple[int, int]] = []
            hits = self.syntax["gazetteer_hits"] = self.gazetteer.find(self.text, self.lang, excluded)
            self.syntax["gazetteer_excluded"] = excluded
        return hits

    def token_bounds(self) -> tuple[set[int], set[int]]:
        """The character offsets where a token starts, and where one ends (computed once per document,
        after the tokens are final)."""
        bounds = self.syntax.get("token_bounds")
        if bounds is None:
            from .nlp import token_bounds

            bounds = self.syntax["token_bounds"] = token_bounds(self.doc)
        return bounds

    def excluded_spans(self) -> list[tuple[int, int]]:
        """Spans where the gazetteer says a known name is not meant ('Apple growers', '苹果园')."""
        self.gazetteer_hits()
        return self.syntax["gazetteer_excluded"]

    def sentence_of(self, char: int) -> int:
        """Index of the sentence that holds character offset ``char``."""
        for s in self.sentences:
            if s.start <= char < s.end:
                return s.index
        return self.sentences[-1].index if self.sentences else 0
