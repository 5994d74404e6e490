"""Korean headquarters: ``X는 PLACE에 본사를 두고``, ``PLACE에 본사를 둔 X``.

The noun (본사, 본부) and the verb (두다) are data (``headquarters`` in
``kg/data/rules/ko.json``); the place is the group marked with 에.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..model import Candidate
from ..syntax import ko as syn
from . import extractor
from ._ko import candidate, group_heads, has_marker, lexicons, modality_of



@extractor("ko.headquarters", languages=("ko",))
def headquarters_relations(analysis: Analysis) -> Iterator[Candidate]:
    hq = lexicons()["hq"]
    for sent, ks in syn.parse(analysis):
        items = ks.items
        for pi, pred in enumerate(items):
            if not isinstance(pred, syn.Predicate) or pred.stem not in hq["verbs"]:
                continue
            # '본사를' right before the verb, the place before it
            if pi < 2 or not isinstance(items[pi - 1], syn.Group):
                continue
            noun = items[pi - 1]
            if noun.marker not in ("을", "를") or " ".join(t.text for p in noun.phrases for t in p.toks) not in hq["nouns"]:
                continue
            place_group = items[pi - 2] if isinstance(items[pi - 2], syn.Group) else None
            if place_group is None or not has_marker(place_group, "Place"):
                continue
            places = group_heads(analysis, place_group)
            if pred.ending == "ETM":  # 'PLACE에 본사를 둔 X'
                nxt = items[pi + 1] if pi + 1 < len(items) and isinstance(items[pi + 1], syn.Group) else None
                orgs = group_heads(analysis, nxt) if nxt is not None else []
                if nxt is not None and not orgs and ks.topic is not None and ks.topic is not pred.subject:
                    orgs = group_heads(analysis, ks.topic)  # 'X는 PLACE에 본사를 둔 스타트업이다'
            else:
                orgs = group_heads(analysis, pred.subject) if pred.subject is not None else []
            modality = modality_of(pred)
            if modality == "denied":
                continue
            for org in orgs:
                for place in places:
                    yield candidate(org, "headquarteredIn", place, 0.85, "ko.headquarters", sent.index,
                                    [org, place, pred], modality)
