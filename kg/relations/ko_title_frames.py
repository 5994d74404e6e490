"""Korean employment read from title frames found without a gazetteer.

``관세청(청장 홍길동)``, ``홍길동 보건복지부 장관``, ``대한식품 홍길동 회장``,
``대한식품의 홍길동 회장``, ``대한식품 회장인 홍길동``, ``홍길동 한빛시장``: the
mention finder (``kg/mentions/ko.py``) records the person, the organisation and
the title of each frame; this extractor turns a frame into the title's
predicates (data: ``titles`` and ``title_confidence`` in ``kg/data/rules/ko.json``).
"""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..model import Candidate
from ..ontology import classes_under
from ..syntax.lexicon import Lexicon
from . import extractor
from ._ko import lexicons, role_modality

ORG_TYPES = classes_under("Organization")


@extractor("ko.title_frames", languages=("ko",))
def title_frame_relations(analysis: Analysis) -> Iterator[Candidate]:
    frames = analysis.syntax.get("ko.title_frames") or []
    if not frames:
        return
    lx = lexicons()
    titles: Lexicon = lx["titles"]
    by_span = {}
    for m in analysis.mentions:
        if not m.source.endswith(".nested"):
            by_span.setdefault((m.start, m.end), m)
    seen = set()
    for (ps, pe), (os_, oe), title, sent, conf in frames:
        person = by_span.get((ps, pe))
        org = by_span.get((os_, oe))
        if person is None or org is None or person.type != "Person" or org.type not in ORG_TYPES:
            continue
        # '홍길동 전 한빛전자 사장': a past modifier right before the organisation
        ended = _word_before(analysis.text, os_) in lx["past"]
        for pred in titles.get(title) or ():
            key = (ps, os_, pred)
            if key in seen:
                continue
            seen.add(key)
            yield Candidate(person, pred, org, conf, "ko.title_frames", sent,
                            (min(ps, os_), max(pe, oe)), role_modality(pred, ended))


def _word_before(text: str, pos: int) -> str:
    """The whitespace-separated word that ends right before ``pos`` (skipping blanks)."""
    end = len(text[:pos].rstrip())
    return text[text.rfind(" ", 0, end) + 1:end]
