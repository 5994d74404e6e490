"""Mentions of entities the gazetteer knows, in every language."""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..model import Mention
from . import finder


@finder("gazetteer", priority=3)
def gazetteer_mentions(analysis: Analysis) -> Iterator[Mention]:
    """Gazetteer names aligned to token boundaries.

    Korean and English names must start and end on a token boundary, so that
    a name is never cut out of a longer word. Chinese segmenters often split
    an unknown name differently from the gazetteer, so there only the
    gazetteer's own boundary rules apply.
    """
    starts, ends = analysis.token_bounds()
    strict = analysis.lang != "zh"
    for hit in analysis.gazetteer_hits():
        if strict and (hit.start not in starts or hit.end not in ends):
            continue
        yield Mention(hit.start, hit.end, hit.text, hit.entry.type, analysis.sentence_of(hit.start),
                      "gazetteer", 0.95, hit.entry.id)
