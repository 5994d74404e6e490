"""Korean names that no gazetteer holds, found from the cues around them.

- appositives: a cue noun types the name after it (``AI 칩 제조사 블랙세서미``,
  ``칩 스타트업인 상하이 비렌 인텔리전트 테크놀로지``);
- a name in parentheses after a cue noun (``생성형 AI 모델(Qwen 2.5-Max)``);
- names introduced with ``(이)라는`` before a cue noun (``V3와 R1이라는 두 가지 AI 모델``);
- a quoted title whose maker follows (``'검은 신화: 오공'의 개발사``);
- people next to a title (``장원 총재``, ``창업자 저우훙이``, ``최고경영자인 우융밍``,
  ``류즈위안 칭화대 컴퓨터학과 부교수``);
- proper nouns with an organisation, university or place suffix (``칭화대``, ``항저우시``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..context import Analysis
from ..model import Mention
from ..rules import load_rules
from ..syntax import ko as syn
from ..syntax.lexicon import Lexicon
from . import finder

NAME_TAGS = {"NNP", "NNG", "SL", "SN", "SH", "SO", "SW", "XSN", "W_SERIAL"}
STRONG_NAME_TAGS = {"NNP", "SL", "SH", "W_SERIAL"}
HANGUL_NAME = re.compile(r"^(?=.{2,12}$)[가-힣]{1,6}(?: [가-힣]{1,6}){0,2}$")  # 장원, 젠슨 황, 일리야 수츠케버
LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'][A-Za-z]+)?$")  # Jensen, not AI or LLM


@cache
def _lex():
    r = load_rules("ko")
    cues = Lexicon([(w, t) for t, words in r["type_cues"].items() for w in words])
    titles = Lexicon(r["titles"])
    person_cues = Lexicon({w: True for w in r["person_cues"]})
    depts = Lexicon({w: True for w in r["department_nouns"]})
    makers = Lexicon({w: p for p, words in r["product_maker_nouns"].items() if not p.startswith("_") for w in words})
    generic = {g.casefold() for g in r["generic_acronyms"]}
    return r, cues, titles, person_cues, depts, makers, generic


def _texts(toks) -> list[str]:
    return [t.text for t in toks]


def _name_span(toks, generic) -> tuple[int, int] | None:
    """The leading run of ``toks`` that can be a name: (first index, last index) or None."""
    _, cues, titles, _, _, _, _ = _lex()
    texts = _texts(toks)
    end = None
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.text == "(":
            # a Hanja gloss glued inside a name: 치후(奇虎)360
            j = i + 1
            while j < len(toks) and toks[j].text != ")":
                j += 1
            inner = toks[i + 1:j]
            if j + 1 < len(toks) and inner and all(x.tag == "SH" for x in inner) and not toks[j].space_after:
                i = j + 1
                continue
            break
        if t.tag not in NAME_TAGS:
            break
        if titles.match_starting_at(texts, i):
            break
        end = i
        i += 1
    if end is None:
        return None
    run = toks[:end + 1]
    if run[0].tag not in STRONG_NAME_TAGS:
        return None  # '모델 훈련 바우처' is a compound noun, not a name
    if len(run) == 1 and (run[0].text.casefold() in generic or run[0].tag == "SN"):
        return None
    if len(run) > 6:
        return None
    # a name does not end in a cue noun ("블랙세서미 제조사"): trim trailing cue words
    while end > 0 and toks[end].tag == "NNG" and cues.get(toks[end].text):
        end -= 1
    return (0, end)


def _mention(analysis: Analysis, sent, toks, a: int, b: int, type_: str, source: str, conf: float) -> Mention:
    start, end = toks[a].start, toks[b].end
    return Mention(start, end, analysis.text[start:end], type_, sent.index, source, conf)


def _appositives(analysis, sent, ks) -> Iterator[Mention]:
    _, cues, _, _, _, _, generic = _lex()
    for group, k, phrase in syn.phrases(ks):
        toks = [t for t in phrase.toks]
        texts = _texts(toks)
        for i in range(len(toks)):
            m = cues.match_ending_at(texts, i)
            if not m or cues.match_starting_at(texts, i + 1):
                continue  # the cue goes on: '칩 제조사 블랙세서미' is typed by '칩 제조사', not '칩'
            type_ = m[1]
            rest = toks[i + 1:]
            if rest and rest[0].text == "(":
                # cue(NAME): 생성형 AI 모델(Qwen 2.5-Max)
                j = next((x for x in range(1, len(rest)) if rest[x].text == ")"), None)
                if j and j > 1:
                    inner = rest[1:j]
                    span = _name_span(inner, generic)
                    if span and span[1] == len(inner) - 1 and any(t.tag in ("SL", "NNP") for t in inner):
                        yield _mention(analysis, sent, inner, 0, span[1], type_, "ko.cue_paren", 0.8)
                continue
            if len(rest) >= 3 and rest[0].text in syn.OPEN_QUOTES and rest[-1].text in syn.CLOSE_QUOTES:
                # a quoted name after its cue: AI 칩 '블랙웰'
                if len(rest) <= 10:
                    yield _mention(analysis, sent, rest, 1, len(rest) - 2, type_, "ko.appositive", 0.8)
                continue
            if rest:
                span = _name_span(rest, generic)
                if span and not cues.match_ending_at(_texts(rest), span[1]):
                    yield _mention(analysis, sent, rest, 0, span[1], type_, "ko.appositive", 0.8)
                continue
            # the cue closes the phrase: 'X 스타트업인 NAME'
            if i == len(toks) - 1 and phrase.is_copula_link and phrase.marker == "인" and k + 1 < len(group.phrases):
                nxt = group.phrases[k + 1].toks
                span = _name_span(nxt, generic)
                if span:
                    yield _mention(analysis, sent, nxt, 0, span[1], type_, "ko.appositive", 0.8)


def _named_as(analysis, sent, ks) -> Iterator[Mention]:
    """``V3와 R1이라는 두 가지 강력한 AI 모델``: names typed by the cue they introduce."""
    _, cues, _, _, _, _, generic = _lex()
    for it in ks.items:
        if not isinstance(it, syn.Group):
            continue
        for k, p in enumerate(it.phrases):
            if p.marker not in ("라는", "이라는", "란", "이란") or k + 1 >= len(it.phrases):
                continue
            head = it.phrases[-1]
            htexts = _texts(head.toks)
            cue = cues.match_ending_at(htexts, len(htexts) - 1)
            if not cue:
                continue
            names = [p]
            q = k - 1
            while q >= 0 and it.links[q] == "coord":
                names.append(it.phrases[q])
                q -= 1
            for np_ in names:
                span = _name_span(np_.toks, generic)
                if span and span[1] == len(np_.toks) - 1:
                    yield _mention(analysis, sent, np_.toks, 0, span[1], cue[1], "ko.named_as", 0.75)


def _copular(analysis, sent, ks) -> Iterator[Mention]:
    """``퓨리오사AI는 ... AI 반도체 스타트업이다``: the topic is typed by the cue noun it is said to be."""
    _, cues, _, _, _, _, generic = _lex()
    items = ks.items
    for pi, pred in enumerate(items):
        if not (isinstance(pred, syn.Predicate) and pred.copula and pred.subject is not None and pi > 0):
            continue
        comp = items[pi - 1]
        if not isinstance(comp, syn.Group) or comp.marker:
            continue
        texts = _texts(comp.phrases[-1].toks)
        cue = cues.match_ending_at(texts, len(texts) - 1)
        subj = pred.subject
        if cue is None or len(subj.phrases) != 1:
            continue
        toks = subj.phrases[0].toks
        span = _name_span(toks, generic)
        if span and span[1] == len(toks) - 1:
            yield _mention(analysis, sent, toks, 0, span[1], cue[1], "ko.copular", 0.75)


def _quoted_products(analysis, sent, ks) -> Iterator[Mention]:
    _, _, _, _, _, makers, _ = _lex()
    for it in ks.items:
        if not isinstance(it, syn.Group):
            continue
        for k, p in enumerate(it.phrases[:-1]):
            if not (p.quoted and p.is_genitive):
                continue
            nxt = _texts(it.phrases[k + 1].toks)
            if makers.match_starting_at(nxt, 0):
                toks = p.toks
                if toks[0].text in syn.OPEN_QUOTES and toks[-1].text in syn.CLOSE_QUOTES and len(toks) > 2:
                    yield _mention(analysis, sent, toks, 1, len(toks) - 2, "Product", "ko.quoted_title", 0.75)


def _is_person_token(t) -> bool:
    return (t.tag == "NNP" and HANGUL_NAME.match(t.text) is not None) or \
        (t.tag == "SL" and LATIN_NAME.match(t.text) is not None)


def _people(analysis, sent, ks, taken) -> Iterator[Mention]:
    """Proper nouns next to a title or a person cue."""
    _, _, titles, person_cues, depts, _, _ = _lex()
    for it in ks.items:
        if not isinstance(it, syn.Group):
            continue
        flat = [t for p in it.phrases for t in p.toks]
        texts = _texts(flat)
        cues = _lex()[1]
        for a, b, _ in titles.find_all(texts) + [(a, b, None) for a, b, _ in person_cues.find_all(texts)]:
            if cues.match_starting_at(texts, b + 1):
                continue  # '대표 기업' is a leading company, not a representative
            cand = None
            # NAME TITLE (장원 총재), NAME ORG DEPT* TITLE (류즈위안 칭화대 컴퓨터학과 부교수)
            j = a - 1
            while j >= 0 and a - j <= 5 and (depts.get(texts[j]) or flat[j].tag == "NNG" or _inside(flat[j], taken)):
                j -= 1  # skip the organisation and its department: '칭화대 컴퓨터학과'

            if j >= 0 and _is_person_token(flat[j]) and not _inside(flat[j], taken):
                cand = flat[j]
            # TITLE NAME (창업자 저우훙이), TITLE인 NAME (최고경영자인 우융밍)
            if cand is None and b + 1 < len(flat) and _is_person_token(flat[b + 1]) and not _inside(flat[b + 1], taken):
                cand = flat[b + 1]
            if cand is not None:
                first, last = _extend_name(flat, flat.index(cand), taken)
                start, end = first.start, last.end
                yield Mention(start, end, analysis.text[start:end], "Person", sent.index, "ko.title", 0.85)


def _extend_name(flat, k, taken):
    """A foreign name written as two or three words: '일리야 수츠케버', '샘 올트먼'."""
    a = b = k
    while a > 0 and k - a < 2 and _is_person_token(flat[a - 1]) and flat[a - 1].space_after \
            and not _inside(flat[a - 1], taken) and flat[a].start - flat[a - 1].end == 1:
        a -= 1
    while b + 1 < len(flat) and b - k < 2 and _is_person_token(flat[b + 1]) and flat[b].space_after \
            and not _inside(flat[b + 1], taken) and flat[b + 1].start - flat[b].end == 1:
        b += 1
    return flat[a], flat[b]


def _inside(tok, taken) -> bool:
    return any(s <= tok.start and tok.end <= e for s, e in taken)


def _suffixed(analysis, sent, ks) -> Iterator[Mention]:
    r = _lex()[0]
    org_suffixes = set(r["org_suffixes"])
    uni_suffixes = sorted(r["university_suffixes"], key=len, reverse=True)
    place_suffixes = {s: t for t, ss in r["place_suffixes"].items() for s in ss}
    toks = ks.toks
    for i, t in enumerate(toks):
        if t.tag != "NNP":
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        glued = nxt is not None and not t.space_after and nxt.start == t.end
        if glued and nxt.text in org_suffixes and nxt.tag in ("NNG", "NNP"):
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "Company", sent.index, "ko.suffix", 0.7)
        elif glued and nxt.text in place_suffixes and nxt.tag in ("NNG", "XSN"):
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "City", sent.index, "ko.suffix", 0.6)
        elif glued and nxt.text in ("대학교", "대학"):
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "University", sent.index, "ko.suffix", 0.8)
        else:
            for suf in uni_suffixes:
                if t.text.endswith(suf) and len(t.text) >= len(suf) + 2:
                    yield Mention(t.start, t.end, t.text, "University", sent.index, "ko.suffix", 0.7)
                    break


@finder("ko.cues", languages=("ko",), priority=2)
def korean_cue_mentions(analysis: Analysis) -> Iterator[Mention]:
    gaz = [(h.start, h.end) for h in analysis.gazetteer_hits()]
    for sent, ks in syn.parse(analysis):
        found = list(_appositives(analysis, sent, ks))
        found += _named_as(analysis, sent, ks)
        found += _quoted_products(analysis, sent, ks)
        found += _copular(analysis, sent, ks)
        found += _suffixed(analysis, sent, ks)
        taken = gaz + [(m.start, m.end) for m in found]
        found += _people(analysis, sent, ks, taken)
        yield from found
