"""Korean employment and founding read from titles inside a noun group.

``센스타임의 장원 총재`` (ORG의 PERSON TITLE), ``치후360의 창업자 저우훙이``
(ORG의 TITLE PERSON), ``알리바바그룹 최고경영자인 우융밍`` (ORG TITLE인 PERSON),
``류즈위안 칭화대 컴퓨터학과 부교수`` (PERSON ORG DEPT TITLE). The title
(data: ``titles`` in ``kg/data/rules/ko.json``) decides the predicate. A person
quoted about a company shares no noun group with it, so speech never links them.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..context import Analysis
from ..ontology import classes_under
from ..model import Candidate, Mention
from ..syntax import ko as syn
from . import extractor
from ._ko import candidate, entity_mentions, lexicons, role_modality

ORG_TYPES = classes_under("Organization")


def _covering(ms: list[Mention], tok) -> Mention | None:
    for m in ms:
        if m.start <= tok.start and tok.end <= m.end:
            return m
    return None


def _after_chain(k: int, chained: set) -> int:
    while k in chained:
        k += 1
    return k


@extractor("ko.titles", languages=("ko",))
def title_relations(analysis: Analysis) -> Iterator[Candidate]:
    lx = lexicons()
    for sent, ks in syn.parse(analysis):
        for group in ks.items:
            if not isinstance(group, syn.Group):
                continue
            flat, phrase_of = [], []
            for k, p in enumerate(group.phrases):
                for t in p.toks:
                    flat.append(t)
                    phrase_of.append(k)
            texts = [t.text for t in flat]
            ms = entity_mentions(analysis, group.start, group.end)
            owner = [_covering(ms, t) for t in flat]
            matches = list(lx["titles"].find_all(texts))
            # a title chained by '이자' ('회장이자 CEO인 X'): its tokens can be stepped over
            chained = {x for a, b, _ in matches for x in range(a, b + 1)
                       if group.phrases[phrase_of[b]].marker in syn.CONJUNCTIVE_COPULA
                       or (phrase_of[a] > 0 and group.phrases[phrase_of[a] - 1].marker in syn.CONJUNCTIVE_COPULA)}
            for a, b, preds in matches:
                person = org = None
                via_chain = False
                # the person: left of the title (skipping ORG/DEPT), or right of it
                j = a - 1
                between_org = None
                while j >= 0:
                    m = owner[j]
                    if m is not None and m.type == "Person":
                        person = m
                        break
                    if m is not None and m.type in ORG_TYPES and between_org is None and phrase_of[j] == phrase_of[a]:
                        between_org = m
                    elif m is None and not (lx["depts"].get(texts[j]) or flat[j].tag == "NNG") and texts[j] not in "()":
                        break
                    if a - j > 6:
                        break
                    j -= 1
                if person is not None:
                    org = between_org
                elif (r := _after_chain(b + 1, chained)) < len(flat) and owner[r] is not None and owner[r].type == "Person":
                    person = owner[r]
                    via_chain = r != b + 1
                    # ORG TITLE PERSON: an organisation right before the title (or its chain)
                    j = a - 1
                    while j >= 0 and owner[j] is None and (lx["depts"].get(texts[j]) or j in chained):
                        j -= 1
                    if j >= 0 and owner[j] is not None and owner[j].type in ORG_TYPES:
                        org = owner[j]
                        via_chain = via_chain or any(x in chained for x in range(j + 1, a))
                if person is None:
                    continue
                if org is None:
                    # ORG의 PERSON TITLE / ORG의 TITLE PERSON: the genitive before the pair
                    first = min(person.start, flat[a].start)
                    k = next(phrase_of[x] for x in range(len(flat)) if flat[x].end > first)
                    if k > 0 and group.links[k - 1] == "gen":
                        prev = group.phrases[k - 1]
                        cands = [m for m in ms if prev.start <= m.start and m.end <= prev.end and m.type in ORG_TYPES
                                 and not any(s <= m.start < e for s, e in prev.parens)]
                        if cands:
                            org = cands[-1]
                    # inside the same phrase: ORG PERSON TITLE (삼성전자 이재용 회장)
                    if org is None:
                        j = min(a, x := next(i for i in range(len(flat)) if owner[i] is person)) - 1
                        if j >= 0 and owner[j] is not None and owner[j].type in ORG_TYPES and phrase_of[j] == phrase_of[x]:
                            org = owner[j]
                if org is None:
                    continue
                # '전 CEO', '당시 사장': a word opening the title (title_prefixes), right before it,
                # or right before its organisation
                ended = texts[a] in lx["past"] or (a > 0 and texts[a - 1] in lx["past"]) or any(
                    j > 0 and owner[j] is org and owner[j - 1] is None and texts[j - 1] in lx["past"]
                    for j in range(len(flat)) if owner[j] is org and (j == 0 or owner[j - 1] is not org))
                for pred in preds:
                    yield candidate(person, pred, org, 0.75 if via_chain else 0.9, "ko.titles", sent.index, [person, org, flat[a], flat[b]],
                                    role_modality(pred, ended))
