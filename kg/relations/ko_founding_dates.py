"""Korean founding dates: a date in the clause of a founding verb dates the founded organisation.

``메타엑스는 2020년 설립됐다`` -> foundedOn(메타엑스, 2020);
``딥마인드는 데미스 허사비스가 2010년 설립한 회사로, 2014년 구글에 인수됐다``
-> foundedOn(딥마인드, 2010) (the relative clause's head is the topic), and not 2014,
which belongs to the next clause. Verbs are data (``founding_verbs`` in ko.json).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from ..context import Analysis
from ..ontology import classes_under
from ..model import Candidate
from ..rules import load_rules
from ..syntax import ko as syn
from . import extractor
from ._ko import ends_with_generic_org, group_heads, modality_of

ORG_TYPES = classes_under("Organization")


@cache
def _fv() -> dict:
    return load_rules("ko")["founding_verbs"]


@cache
def _transparent() -> frozenset[str]:
    return frozenset(load_rules("ko")["founding_verbs"].get("clause_transparent", []))


@cache
def _stems() -> frozenset[str]:
    return frozenset(load_rules("ko")["founding_verbs"]["stems"])


def _founded(analysis, ks, pi, pred):
    """The organisations a founding predicate is about."""
    items = ks.items
    if pred.passive:  # 'X는 2020년 설립됐다', '2020년 설립된 X'
        if pred.ending == "ETM":
            nxt = items[pi + 1] if pi + 1 < len(items) and isinstance(items[pi + 1], syn.Group) else None
            heads = group_heads(analysis, nxt) if nxt is not None else []
            if nxt is not None and not heads and ends_with_generic_org(nxt) and ks.topic is not None \
                    and ks.topic is not nxt:
                heads = group_heads(analysis, ks.topic)  # 'X는 2019년 설립된 출판사다'
            return heads
        return group_heads(analysis, pred.subject) if pred.subject is not None else []
    # active: the object marked 을/를, or the head noun of a relative clause
    for it in reversed(items[:pi]):
        if isinstance(it, syn.Predicate) and not (it.adjectival and it.ending == "ETM"):
            break
        if isinstance(it, syn.Group) and it.marker in ("을", "를"):
            return group_heads(analysis, it)
    if pred.ending == "ETM" and pi + 1 < len(items) and isinstance(items[pi + 1], syn.Group):
        head = items[pi + 1]
        heads = group_heads(analysis, head)
        if not heads and ends_with_generic_org(head) and ks.topic is not None and ks.topic is not pred.subject \
                and not syn.is_object(head):
            # 'X는 Y가 2010년 설립한 회사로': the topic; not 'X는 1990년 설립된 회사를 인수했다'
            heads = group_heads(analysis, ks.topic)
        return heads
    if pred.subject is not None and syn.is_subject(pred.subject) and ks.topic is not None and ks.topic is not pred.subject:
        return group_heads(analysis, ks.topic)  # '구글은 1998년 래리 페이지가 설립했다'
    return []


@extractor("ko.founding_dates", languages=("ko",))
def founding_dates(analysis: Analysis) -> Iterator[Candidate]:
    dates = [v for v in analysis.values if v.kind == "date" and v.precision in ("year", "month", "day")]
    if not dates:
        return
    for sent, ks in syn.parse(analysis):
        items = ks.items
        for pi, pred in enumerate(items):
            if not isinstance(pred, syn.Predicate):
                continue
            existence = pred.stem in _fv().get("existence_stems", ())
            if pred.stem not in _stems() and not existence:
                continue
            if modality_of(pred) == "denied":
                continue
            # the clause: from the previous full predicate (or the sentence start) to this one
            start = sent.start
            embedded = False
            for k in range(pi - 1, -1, -1):
                it = items[k]
                if isinstance(it, syn.Predicate) and it.stem in _transparent():
                    continue  # 'X에 의해 설립되었다'
                if isinstance(it, syn.Predicate) and it.ending == "ETM" and not it.adjectival \
                        and k + 1 < pi and isinstance(items[k + 1], syn.Group):
                    # 'X는 1990년 ... 누구나 입학하는 대학으로 설립됐다': a relative clause
                    # modifying a noun of this clause does not end it
                    embedded = True
                    continue
                if isinstance(it, syn.Predicate) and not (it.adjectival and it.ending == "ETM"):
                    start = it.end
                    break
            in_clause = [v for v in dates if start <= v.start and v.end <= pred.start]
            conf = 0.8
            if existence:  # 'X는 1901년에서 1930년까지 존재했던': the start of its existence
                marks = tuple(_fv().get("start_markers", ()))
                in_clause = [v for v in in_clause if analysis.text[v.end:v.end + 3].lstrip().startswith(marks)]
                conf = 0.7
            if len(in_clause) != 1:
                continue  # none, or several dates: which one is the founding is not said
            if embedded:
                conf = min(conf, 0.75)
            date = in_clause[0]
            for org in _founded(analysis, ks, pi, pred):
                if org.type in ORG_TYPES:
                    span = (min(org.start, date.start), max(pred.end, date.end))
                    yield Candidate(org, "foundedOn", date, conf, "ko.founding_dates", sent.index, span,
                                    modality_of(pred) or "asserted")
