"""Korean makers of works: ``X의 소설 《Y》``, ``X의 판타지 소설 《Y》``, ``X의 작품인 《Y》`` -> develops(X, Y).

The cue nouns are data (``creative_works`` in ``kg/data/rules/ko.json``); the
title must be quoted, the maker is the genitive before the cue.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..mentions.ko import creative_frames
from ..model import Candidate
from ..syntax import ko as syn
from . import extractor
from ._ko import candidate, entity_mentions, phrase_head


@extractor("ko.creators", languages=("ko",))
def creator_relations(analysis: Analysis) -> Iterator[Candidate]:
    for sent, ks in syn.parse(analysis):
        for gen, title in creative_frames(ks):
            maker = phrase_head(analysis, gen)
            works = [m for m in entity_mentions(analysis, title.start, title.end) if m.type not in ("Person",)]
            if maker is None or not works or maker.type not in ("Person",) and maker.type in ("City", "Country", "Region"):
                continue
            work = works[-1]
            if work is maker or work.text == maker.text:
                continue
            yield candidate(maker, "develops", work, 0.7, "ko.creators", sent.index, [maker, work])
