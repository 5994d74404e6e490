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
from ..syntax import ko as syn
from . import extractor
from ._ko import candidate, group_heads, has_marker, lexicons, phrase_head, phrase_mentions



def _next_predicate(items, idx):
    for it in items[idx + 1:]:
        if isinstance(it, syn.Predicate):
            return it
        if isinstance(it, syn.Group):
            return None
    return None


@extractor("ko.relational_nouns", languages=("ko",))
def relational_noun_relations(analysis: Analysis) -> Iterator[Candidate]:
    lx = lexicons()
    for sent, ks in syn.parse(analysis):
        for gi, group in enumerate(ks.items):
            if not isinstance(group, syn.Group):
                continue
            for k, phrase in enumerate(group.phrases):
                texts = [t.text for t in phrase.toks]
                for a, b, (pred, _role) in lx["relnouns"].find_all(texts):
                    # the dependent: 'X의 NOUN' (previous phrase, maybe across an adjective) or 'X NOUN'
                    dep = None
                    before = [m for m in phrase_mentions(analysis, phrase) if m.end <= phrase.toks[a].start]
                    if before and a > 0 and before[-1].end >= phrase.toks[a - 1].end:
                        dep = before[-1]  # 'X NOUN' only when X stands right before the noun
                    elif not before and k > 0 and group.links[k - 1] in ("gen", "adj") and group.phrases[k - 1].is_genitive:
                        # 'X의 (유력한|최대) 경쟁사': modifiers may stand between
                        dep = phrase_head(analysis, group.phrases[k - 1])
                    if dep is None:
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
                        complement = has_marker(group, "Complement") and pr is not None and pr.stem in lx["predicative"]
                        copular = group.marker == "" and pr is not None and pr.copula
                        if (complement or copular) and pr.subject is not None and pr.subject is not group:
                            heads = group_heads(analysis, pr.subject)
                    for head in heads:
                        if head is dep or head.text == dep.text:
                            continue
                        yield candidate(head, pred, dep, 0.85, "ko.relational_nouns", sent.index,
                                        [head, dep, phrase.toks[a], phrase.toks[b]])
