"""Headquarters read from a company name that starts with its city.

``상하이 비렌 인텔리전트 테크놀로지``, ``Beijing Fourth Paradigm``, ``北京字节跳动``:
the city is a nested Place mention and the company is headquartered there.
Low confidence: a name can keep a city it has left.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..model import Candidate, Mention
from . import extractor

ORG_TYPES = {"Organization", "Company", "Startup", "Investor"}
PLACE_TYPES = {"City", "Region"}


def _leading_places(name: str, lang: str, gazetteer):
    """(length, entry) for a place name that opens ``name`` and is followed by more of it."""
    if lang == "zh":
        prefixes = [name[:k] for k in (3, 2) if len(name) > k + 1]
    else:
        words = name.split()
        prefixes = [" ".join(words[:k]) for k in (2, 1) if len(words) > k]
    for prefix in prefixes:
        for entry in gazetteer.lookup(prefix):
            if entry.type in PLACE_TYPES:
                return len(prefix), entry
    return None


@extractor("name_place", languages=("*",))
def name_place_relations(analysis: Analysis) -> Iterator[Candidate]:
    for m in analysis.mentions:
        if m.type not in ORG_TYPES:
            continue
        found = _leading_places(m.text, analysis.lang, analysis.gazetteer)
        if found is None:
            continue
        length, entry = found
        place = Mention(m.start, m.start + length, m.text[:length], entry.type, m.sentence, "name_place.nested",
                        0.9, entry.id)
        yield Candidate(m, "headquarteredIn", place, 0.6, "name_place", m.sentence, (m.start, m.end))
