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


@extractor("name_place", languages=("*",))
def name_place_relations(analysis: Analysis) -> Iterator[Candidate]:
    for m in analysis.mentions:
        if m.type not in ORG_TYPES or m.gazetteer_id:
            continue
        for hit in analysis.gazetteer.find(m.text, analysis.lang):
            if hit.start != 0 or hit.entry.type not in PLACE_TYPES or hit.end >= len(m.text):
                continue
            glued = analysis.lang == "zh"
            if not glued and not m.text[hit.end].isspace():
                continue
            place = Mention(m.start, m.start + hit.end, hit.text, hit.entry.type, m.sentence, "name_place.nested",
                            0.9, hit.entry.id)
            yield Candidate(m, "headquarteredIn", place, 0.6, "name_place", m.sentence, (m.start, m.end))
