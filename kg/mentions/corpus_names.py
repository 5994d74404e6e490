"""Mentions of names that other articles of the same build have already found.

An article may name a company only in passing ('领投了璇玑机器人的B轮融资')
where no cue types it; another article of the corpus named it with a cue
('深圳璇玑机器人有限公司'). A build (:func:`kg.api.link_documents`) extracts
every article, collects the names it found (:func:`corpus_names`), and
extracts again the articles that hold one of them unfound; this finder then
marks them. Names are matched as written, on token boundaries (except in
Chinese, which has none), and only where no other mention stands.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from ..context import Analysis
from ..model import DocumentResult, Mention
from ..ontology import load_ontology
from . import finder

__all__ = ["corpus_names", "name_votes", "unfound_names"]

#: Kinds of entity whose names are learned from the corpus (places come from the place lists).
_LEARNED = ("Organization", "Product", "Person")
#: A name found by one of these is not trusted enough to be looked for in other articles.
_WEAK_SOURCES = ("propagated", "corpus", "alias")


def _name_ok(text: str) -> bool:
    """Long and distinctive enough to look for elsewhere: 2+ Han or Hangul characters, or a capitalised
    Latin name of 3+ letters (no all-lowercase word)."""
    if re.search(r"[\u3400-\u9fff]", text):
        return len(text) >= 2 and not re.search(r"[\uac00-\ud7a3]", text) or len(text) >= 3
    if re.search(r"[\uac00-\ud7a3]", text):
        return len(text) >= 2
    letters = re.sub(r"[^A-Za-z]", "", text)
    return len(letters) >= 3 and text[:1].isupper() or text[:1].isdigit() and len(letters) >= 2


def name_votes(result: DocumentResult, gazetteer=None) -> set[tuple[str, str]]:
    """The (name, class) pairs one article found with enough confidence to be looked for elsewhere."""
    ont = load_ontology()
    seen: set[tuple[str, str]] = set()
    for e in result.entities.values():
        if e.gazetteer_id or ont.coarse_type(e.type) not in _LEARNED:
            continue
        for m in e.mentions:
            if m.source.startswith(_WEAK_SOURCES) or m.confidence < 0.5 or not _name_ok(m.text):
                continue
            if gazetteer is not None and gazetteer.lookup(m.text):
                continue
            seen.add((m.text, e.type))
    return seen


def corpus_names(results: Iterable[DocumentResult], gazetteer=None) -> dict[str, str]:
    """Name -> ontology class, for the names of entities the gazetteer does not know, over all ``results``.

    A name read as two kinds of thing takes the kind most articles gave it (then the first by name).
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        for name, type_ in name_votes(r, gazetteer):
            votes[name][type_] += 1
    return {name: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for name, c in sorted(votes.items())}


def unfound_names(result: DocumentResult, names: dict[str, str]) -> bool:
    """Whether the document's text holds one of ``names`` that none of its mentions covers."""
    text = result.document.text
    covered = [(m.start, m.end) for e in result.entities.values() for m in e.mentions]
    for name in names:
        i = text.find(name)
        while i != -1:
            if not any(s <= i and i + len(name) <= e for s, e in covered):
                return True
            i = text.find(name, i + 1)
    return False


@finder("corpus", priority=0)
def corpus_name_mentions(analysis: Analysis) -> Iterator[Mention]:
    names = analysis.known_names
    if not names:
        return
    text = analysis.text
    strict = analysis.lang != "zh"
    starts, ends = analysis.token_bounds()
    for name, type_ in names.items():
        i = text.find(name)
        while i != -1:
            j = i + len(name)
            if not strict or (i in starts and j in ends):
                yield Mention(i, j, name, type_, analysis.sentence_of(i), "corpus", 0.55)
            i = text.find(name, j)
