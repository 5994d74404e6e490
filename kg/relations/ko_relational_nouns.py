"""Korean relations carried by relational nouns.

``카카오의 자회사 카카오브레인`` -> subsidiaryOf(카카오브레인, 카카오);
``'검은 신화: 오공'의 개발사 게임사이언스`` -> develops(게임사이언스, 검은 신화);
``비렌은 ... 엔비디아의 유력한 경쟁사로 꼽혀왔다`` -> competitorOf(비렌, 엔비디아),
the head taken from the clause's subject when the noun is a predicate
complement (``~로 꼽히다``, ``~이다``).
"""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..model import Candidate
from ..ontology import classes_under
from ..syntax import ko as syn
from . import extractor
from ._ko import candidate, group_heads, has_marker, lexicons, modality_of, phrase_head, phrase_mentions



def _next_predicate(items, idx):
    for it in items[idx + 1:]:
        if isinstance(it, syn.Predicate):
            return it
        if isinstance(it, syn.Group):
            return None
    return None


ORG_TYPES = classes_under("Organization")
PRODUCT_TYPES = classes_under("Product")


@extractor("ko.relational_nouns", languages=("ko",))
def relational_noun_relations(analysis: Analysis) -> Iterator[Candidate]:
    lx = lexicons()
    for sent, ks in syn.parse(analysis):
        for gi, group in enumerate(ks.items):
            if not isinstance(group, syn.Group):
                continue
            for k, phrase in enumerate(group.phrases):
                texts = [t.text for t in phrase.toks]
                for a, b, (pred, role) in lx["relnouns"].find_all(texts):
                    # the dependent: 'X의 NOUN' (previous phrase, maybe across an adjective) or 'X NOUN'
                    dep = None
                    before = [m for m in phrase_mentions(analysis, phrase) if m.end <= phrase.toks[a].start]
                    if before and a > 0 and before[-1].end >= phrase.toks[a - 1].end:
                        dep = before[-1]  # 'X NOUN' only when X stands right before the noun
                    elif not before and k > 0 and group.links[k - 1] in ("gen", "adj") and group.phrases[k - 1].is_genitive:
                        # 'X의 (유력한|최대) 경쟁사': modifiers may stand between
                        dep = phrase_head(analysis, group.phrases[k - 1])
                    if dep is None:
                        # 'A는 B를 계열사로 편입했다': the subject is the dependent, the object the head
                        pr = _next_predicate(ks.items, gi) if b == len(texts) - 1 and k == len(group.phrases) - 1 else None
                        if pr is not None and not pr.passive and has_marker(group, "Complement") and role == "subject" \
                                and pr.stem in lx["rules"].get("object_complement_verbs", ()) and pr.subject is not None \
                                and gi >= 1 and isinstance(ks.items[gi - 1], syn.Group) and ks.items[gi - 1].marker in ("을", "를"):
                            for h in group_heads(analysis, ks.items[gi - 1]):
                                for d in group_heads(analysis, pr.subject):
                                    if h is not d and h.text != d.text:
                                        yield candidate(h, pred, d, 0.8, "ko.relational_nouns", sent.index,
                                                        [h, d, phrase.toks[a], phrase.toks[b]], modality_of(pr))
                        continue
                    # the head: 'NOUN Y', 'NOUN인 Y', or the clause's subject for a complement
                    heads = [m for m in phrase_mentions(analysis, phrase) if m.start >= phrase.toks[b].end]
                    if heads:
                        heads = heads[:1]
                    elif b == len(texts) - 1 and k + 1 < len(group.phrases) and group.links[k] == "cop":
                        h = phrase_head(analysis, group.phrases[k + 1])
                        heads = [h] if h else []
                    elif b == len(texts) - 1 and k == len(group.phrases) - 1:
                        pr = _next_predicate(ks.items, gi)
                        complement = has_marker(group, "Complement") and pr is not None and (
                            pr.stem in lx["predicative"]
                            or pr.passive and pr.stem in lx["rules"].get("passive_predicative_verbs", ()))
                        copular = group.marker == "" and pr is not None and pr.copula
                        if (complement or copular) and pr.subject is not None and pr.subject is not group:
                            heads = group_heads(analysis, pr.subject)
                    for head in heads:
                        if head is dep or head.text == dep.text:
                            continue
                        if role == "object":  # 'X 소속사 Y': memberOf(X, Y); a person is an employee
                            p = "employeeOf" if pred == "memberOf" and dep.type == "Person" else pred
                            yield candidate(dep, p, head, 0.75, "ko.relational_nouns", sent.index,
                                            [head, dep, phrase.toks[a], phrase.toks[b]])
                            continue
                        yield candidate(head, pred, dep, 0.85, "ko.relational_nouns", sent.index,
                                        [head, dep, phrase.toks[a], phrase.toks[b]])


@extractor("ko.relational_frames", languages=("ko",))
def relational_frame_relations(analysis: Analysis) -> Iterator[Candidate]:
    """Frames found by the mention finder: 'A 소속사 B', 'A 산하 B', 'B(A의 산하 레이블)', 'OO리그의 OO FC'."""
    frames = analysis.syntax.get("ko.relational_frames") or []
    by_span = {}
    for m in analysis.mentions:
        if not m.source.endswith(".nested"):
            by_span.setdefault((m.start, m.end), m)
    seen = set()
    for (ls, le), (rs, re_), pred, role, conf, sent in frames:
        dep, head = by_span.get((ls, le)), by_span.get((rs, re_))
        if dep is None or head is None or dep.text == head.text:
            continue
        span = (min(ls, rs), max(le, re_))
        if role == "object":  # 'A 소속사 B': memberOf(A, B); a person is an employee
            p = "employeeOf" if pred == "memberOf" and dep.type == "Person" else pred
            s, o = dep, head
        elif head.type != "Person" and dep.type != "Person":
            p, s, o = pred, head, dep
        else:
            continue
        if (s.start, p, o.start) in seen:
            continue
        seen.add((s.start, p, o.start))
        yield Candidate(s, p, o, conf, "ko.relational_frames", sent, span, "asserted")


@extractor("ko.possessive_products", languages=("ko",))
def possessive_product_relations(analysis: Analysis) -> Iterator[Candidate]:
    """'삼성전자의 갤럭시 S24', "OO의 '별빛전쟁'": a named product right after its maker's genitive (weak)."""
    conf = lexicons()["rules"].get("possessive_product_confidence")
    if not conf:
        return
    for sent, ks in syn.parse(analysis):
        for _group, _k, p, nxt in syn.genitive_links(ks):
            maker = phrase_head(analysis, p)
            if maker is None or maker.type not in ORG_TYPES | {"Person"}:
                continue
            ms = phrase_mentions(analysis, nxt)
            first = nxt.toks[1] if nxt.quoted and len(nxt.toks) > 2 else nxt.toks[0]
            if not ms or ms[0].start != first.start or ms[0].type not in PRODUCT_TYPES \
                    or ms[0].source == "ko.product_object":
                continue
            yield candidate(maker, "develops", ms[0], conf, "ko.possessive_products", sent.index, [maker, ms[0]])
