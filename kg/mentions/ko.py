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
from ..ontology import classes_under
from ..rules import load_place_list, load_rules
from ..syntax import ko as syn
from ..syntax.lexicon import Lexicon
from . import finder

NAME_TAGS = {"NNP", "NNG", "SL", "SN", "SH", "SO", "SW", "XSN", "W_SERIAL"}
STRONG_NAME_TAGS = {"NNP", "SL", "SH", "W_SERIAL"}
_ORG_TYPES = classes_under("Organization")
_PLACE_TYPES = classes_under("Place")
HANGUL_NAME = re.compile(r"^(?=.{2,12}$)[가-힣]{1,6}(?: [가-힣]{1,6}){0,2}$")  # 장원, 젠슨 황, 일리야 수츠케버
LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'][A-Za-z]+)?$")  # Jensen, not AI or LLM


@cache
def _word_lexicon(*path: str) -> Lexicon:
    """A lexicon of the word list at ``path`` in the Korean rules (built once)."""
    node = load_rules("ko")
    for key in path:
        node = node[key]
    return Lexicon({w: True for w in node})


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
            if len(rest) >= 5 and rest[-1].text == ")" and rest[0].text in syn.OPEN_QUOTES:
                cut = max(x for x in range(len(rest)) if rest[x].text == "(")
                if cut >= 3 and rest[cut - 1].text in syn.CLOSE_QUOTES:
                    rest = rest[:cut]  # 음반 "Skyline" (2015)
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
    if _org_suffix_type(t.text) is not None or _bare_suffix_type(t.text):
        return False  # '한빛전력개발', '미래정의당', '유나이티드': an organisation's name
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
                li = flat.index(last)
                if first is last and li + 1 < len(flat) and flat[li + 1].start == last.end \
                        and flat[li + 1].tag in ("NNG", "NNP") and len(flat[li + 1].text) == 1 \
                        and _HANGUL.match(flat[li + 1].text) and len(last.text) + 1 <= 4 \
                        and not _inside(flat[li + 1], taken):
                    last = flat[li + 1]  # Kiwi cut the last syllable off a name: '박영/희'
                    li += 1
                if li + 1 < len(flat) and _bare_suffix_type(flat[li + 1].text) and flat[li + 1].start == last.end + 1:
                    continue  # '한빛 유나이티드': the first word of an organisation's name
                start, end = first.start, last.end
                yield Mention(start, end, analysis.text[start:end], "Person", sent.index, "ko.title", 0.85)


def _extend_name(flat, k, taken):
    """A foreign name written as two or three words: '일리야 수츠케버', '샘 올트먼'."""
    a = b = k
    while a > 0 and k - a < 2 and _is_person_token(flat[a - 1]) and flat[a - 1].space_after \
            and _org_suffix_type(flat[a - 1].text) is None \
            and not _inside(flat[a - 1], taken) and flat[a].start - flat[a - 1].end == 1:
        a -= 1
    while b + 1 < len(flat) and b - k < 2 and _is_person_token(flat[b + 1]) and flat[b].space_after \
            and _org_suffix_type(flat[b + 1].text) is None \
            and not _inside(flat[b + 1], taken) and flat[b + 1].start - flat[b].end == 1:
        b += 1
    return flat[a], flat[b]


def _inside(tok, taken) -> bool:
    return any(s <= tok.start and tok.end <= e for s, e in taken)


def _body_suffix_type(text: str, whole: bool = False):
    """The type of a name ending in an institution suffix (data: ``institution_suffixes``), two syllables
    of name at least; ``whole``: the text is the suffix itself."""
    for typ, sufs in _lex()[0].get("institution_suffixes", {}).items():
        if typ.startswith("_"):
            continue
        for suf in sufs:
            if (text == suf) if whole else (text.endswith(suf) and len(text) >= len(suf) + 2):
                return typ
    return None


@cache
def _place_list():
    names, d = load_place_list("ko")
    return names, d["admin_suffixes"], d["suffix_types"], set(d["ambiguous"]), set(d["never"])


_WORD_TAGS = {"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XSN", "XPN", "XR", "W_SERIAL"}


def _list_places(analysis, sent, ks, gaz) -> list[Mention]:
    """Places of the Korean place list (``kg/data/ko_places.json``): a whole word, possibly followed by
    its administrative suffix ('프라하', '캘리포니아주', '수원시'); never part of a longer name, and a
    gazetteer place keeps its gazetteer entry. A name that is also a common word must be a proper noun."""
    names, sufs, suf_types, amb, never = _place_list()
    toks = ks.toks
    out = []
    for i, t in enumerate(toks):
        if t.tag not in ("NNP", "NNG") or t.text in never:
            continue
        if i > 0 and toks[i - 1].end == t.start and toks[i - 1].tag in _WORD_TAGS:
            continue  # inside a longer word
        typ, end, j = names.get(t.text), t.end, i
        if typ is None:
            for suf in sufs:  # '프라하시' as one token
                if not t.text.endswith(suf):
                    continue
                base = t.text[:-len(suf)]
                if len(base) >= 2 and base in names and base not in amb:
                    typ = suf_types.get(suf, names[base]) if names[base] != "Country" else None
                    break
            if typ is None:
                continue
        else:
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and nxt.start == t.end and nxt.text in sufs and nxt.tag in ("NNG", "XSN", "NNB") \
                    and typ != "Country" and t.text not in amb:
                typ, end, j = suf_types.get(nxt.text, typ), nxt.end, i + 1
            after = toks[j + 1] if j + 1 < len(toks) else None
            if after is not None and after.start == toks[j].end and after.tag in _WORD_TAGS:
                continue  # '서울대', '한빛FC': part of a longer name
            if t.text in amb and t.tag != "NNP":
                continue
        if any(s < t.end and t.start < e for s, e in gaz):  # (last: the costliest test)
            continue
        conf = 0.6 if end != t.end or typ != names.get(t.text) else 0.7 if t.text in amb else 0.8
        out.append(Mention(t.start, end, analysis.text[t.start:end], typ, sent.index, "ko.place", conf))
    return out


def _clubs(analysis, sent, ks) -> Iterator[Mention]:
    """Sports clubs named with a club word (data: ``club_suffixes``): 'OOFC', 'OO 유나이티드', 'FC OO'."""
    r = _lex()[0]
    glued_only = set(r.get("club_suffixes", {}).get("glued", []))
    spaced = set(r.get("club_suffixes", {}).get("spaced", []))
    prefixes = set(r.get("club_suffixes", {}).get("prefix", []))
    toks = ks.toks
    for i, t in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        glued = nxt.start == t.end
        if (t.tag == "NNP" and glued and nxt.text in glued_only | spaced) \
                or (t.tag in ("NNP", "NNG") and nxt.text in spaced and nxt.start == t.end + 1 and len(t.text) >= 2):
            if i > 0 and toks[i - 1].end == t.start and toks[i - 1].tag in _WORD_TAGS:
                continue
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "Organization", sent.index, "ko.club", 0.7)
        elif t.text in prefixes and nxt.tag == "NNP" and nxt.start <= t.end + 1 and (i == 0 or toks[i - 1].end < t.start):
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "Organization", sent.index, "ko.club", 0.7)


@cache
def _suffix_data() -> tuple:
    """``(org suffixes, their lengths of 2 or more, longest first, university suffixes longest first,
    {place suffix: type})`` of the rules (made once: every sentence asks)."""
    r = _lex()[0]
    org_suffixes = frozenset(r["org_suffixes"])
    return (org_suffixes, sorted({len(x) for x in org_suffixes if len(x) >= 2}, reverse=True),
            tuple(sorted(r["university_suffixes"], key=len, reverse=True)),
            {s: t for t, ss in r["place_suffixes"].items() for s in ss})


def _gazetteer_places(analysis) -> set[tuple[int, int]]:
    """Spans of the gazetteer's places in the document (once per document)."""
    places = analysis.syntax.get("ko.gazetteer_places")
    if places is None:
        places = analysis.syntax["ko.gazetteer_places"] = {
            (h.start, h.end) for h in analysis.gazetteer_hits() if h.entry.type in _PLACE_TYPES}
    return places


def _suffixed(analysis, sent, ks, list_places=()) -> Iterator[Mention]:
    r = _lex()[0]
    org_suffixes, org_lengths, uni_suffixes, place_suffixes = _suffix_data()
    toks = ks.toks
    places = _gazetteer_places(analysis) | {(m.start, m.end) for m in list_places}
    for i, t in enumerate(toks):
        if t.tag != "NNP":
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        glued = nxt is not None and not t.space_after and nxt.start == t.end
        nn = toks[i + 2] if i + 2 < len(toks) else None
        if glued and nxt.tag == "XPN" and nxt.text == "대" and nn is not None and nn.start == nxt.end \
                and nn.text == "학교" and (i == 0 or toks[i - 1].end < t.start):
            # 'OO대학교' split by the tagger after a place ('서울 OO대학교')
            yield Mention(t.start, nn.end, analysis.text[t.start:nn.end], "University", sent.index, "ko.suffix", 0.8)
        elif glued and nxt.text in org_suffixes and nxt.tag in ("NNG", "NNP"):
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "Company", sent.index, "ko.suffix", 0.7)
        elif glued and nxt.tag in ("NNG", "NNP") and _body_suffix_type(nxt.text, whole=True) and _HANGUL.match(t.text):
            # 'OO재단', 'OO구청', 'OO도서관': a public body or an institution named by its suffix
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], _body_suffix_type(nxt.text, whole=True),
                          sent.index, "ko.suffix", 0.6)
        elif _body_suffix_type(t.text) and re.match(r"^[가-힣A-Za-z0-9]+$", t.text):
            yield Mention(t.start, t.end, t.text, _body_suffix_type(t.text), sent.index, "ko.suffix", 0.6)
        elif glued and nxt.text in place_suffixes and nxt.tag in ("NNG", "XSN"):
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "City", sent.index, "ko.suffix", 0.6)
        elif glued and nxt.text in ("대학교", "대학"):
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "University", sent.index, "ko.suffix", 0.8)
        elif nxt is not None and nxt.text == "대학교" and nxt.start == t.end + 1 and len(t.text) >= 2 \
                and t.text not in r.get("university_modifiers", ()) \
                and (i == 0 or toks[i - 1].tag not in ("NNP", "NNG") or toks[i - 1].end < t.start - 1
                     or (toks[i - 1].start, toks[i - 1].end) in places):  # '프라하 OO 대학교': a place before it
            # 'OO 대학교' written apart
            yield Mention(t.start, nxt.end, analysis.text[t.start:nxt.end], "University", sent.index, "ko.suffix", 0.75)
        elif len(t.text) >= 3 and t.text[-1] in place_suffixes and _HANGUL.match(t.text):
            # one proper noun ending in an administrative suffix: 'OO시', 'OO도', 'OO성'
            typ = "City" if place_suffixes[t.text[-1]] == "City" else "Region"
            yield Mention(t.start, t.end, t.text, typ, sent.index, "ko.suffix", 0.55)
            p = toks[i - 1] if i > 0 else None
            if typ == "City" and p is not None and p.tag == "NNP" and p.end + 1 == t.start and len(p.text) >= 3 \
                    and p.text[-1] in place_suffixes and place_suffixes[p.text[-1]] != "City" and _HANGUL.match(p.text):
                # 'OO도 OO시': a city written with its province is one place
                yield Mention(p.start, t.end, analysis.text[p.start:t.end], "City", sent.index, "ko.suffix", 0.55)
        else:
            for suf in uni_suffixes:
                if t.text.endswith(suf) and len(t.text) >= len(suf) + 2:
                    yield Mention(t.start, t.end, t.text, "University", sent.index, "ko.suffix", 0.7)
                    break
            else:
                # one proper noun ending in a company suffix: 'OO테크', 'OO게임즈'
                if any(t.text[-n:] in org_suffixes for n in org_lengths if len(t.text) >= n + 2) \
                        and re.match(r"^[가-힣A-Za-z0-9]+$", t.text):
                    yield Mention(t.start, t.end, t.text, "Company", sent.index, "ko.suffix", 0.6)


@finder("ko.cues", languages=("ko",), priority=2)
def korean_cue_mentions(analysis: Analysis) -> Iterator[Mention]:
    gaz = [(h.start, h.end) for h in analysis.gazetteer_hits()]
    for sent, ks in syn.parse(analysis):
        list_places = _list_places(analysis, sent, ks, gaz)
        found = list(_appositives(analysis, sent, ks))
        found += _named_as(analysis, sent, ks)
        found += _quoted_products(analysis, sent, ks)
        found += _copular(analysis, sent, ks)
        found += _suffixed(analysis, sent, ks, list_places)
        found += _clubs(analysis, sent, ks)
        found += list_places
        taken = gaz + [(m.start, m.end) for m in found]
        found += _people(analysis, sent, ks, taken)
        known = [(h.start, h.end, h.entry.type) for h in analysis.gazetteer_hits()] + \
            [(m.start, m.end, m.type) for m in found
             if m.source not in ("ko.title", "ko.place") and not (m.source == "ko.suffix" and m.type in ("City", "Region"))]
        found += _title_frames(analysis, sent, ks, known)
        found += _copular_title_frames(analysis, sent, ks, known + [(m.start, m.end, m.type) for m in found
                                                                    if m.source != "ko.title"])
        found += _founded_orgs(analysis, sent, ks, known + [(m.start, m.end, m.type) for m in found])
        found += _makers(analysis, sent, ks, known + [(m.start, m.end, m.type) for m in found])
        found += _relational_frames(analysis, sent, ks, known + [(m.start, m.end, m.type) for m in found])
        found += _person_objects(analysis, sent, ks, known + [(m.start, m.end, m.type) for m in found])
        found += _glossed_people(analysis, sent, ks, known + [(m.start, m.end, m.type) for m in found])
        yield from found


# ---------------------------------------------------------------- title frames
# An organisation and a person found around a title, with no gazetteer:
# 'ORG NAME TITLE', 'NAME ORG TITLE', 'ORG의 NAME TITLE', 'ORG TITLE(인) NAME',
# 'ORG(TITLE NAME)', 'ORG(NAME TITLE)', 'NAME ORGTITLE' (포천시장). The frames
# are kept on the analysis for the extractor ``ko.title_frames``.

_CORE_TAGS = {"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XSN", "XPN", "XR"}
_SEP_TAGS = {"SP", "SF", "SS", "SSO", "SSC", "SE", "SO", "SW"}
_HANGUL = re.compile(r"^[가-힣]+(?: [가-힣]+){0,2}$")
_PERSON_BLOCKING_SUFFIXES = ("당", "청", "처")


class _Unit:
    __slots__ = ("toks", "kind", "ncore", "core", "tail")

    def __init__(self, toks, kind):
        self.toks, self.kind = toks, kind
        n = 0
        while n < len(toks):
            if toks[n].text == "(" and n + 2 < len(toks) and toks[n + 1].text == "주" and toks[n + 2].text == ")":
                n += 3  # 한국전력(주)
            elif toks[n].tag in _CORE_TAGS:
                n += 1
            else:
                break
        self.ncore = n
        # the finders read these again and again
        self.core = "".join(t.text for t in toks[:n])
        self.tail = "".join(t.text for t in toks[n:])

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def core_end(self) -> int:
        return self.toks[self.ncore - 1].end if self.ncore else self.toks[0].start


def _units(toks) -> list[_Unit]:
    """Space- and bracket-delimited units; '(주)' glued to a name stays in its unit."""
    out: list[_Unit] = []
    cur: list = []
    i, n = 0, len(toks)

    def flush():
        nonlocal cur
        if cur:
            out.append(_Unit(cur, "word"))
        cur = []

    while i < n:
        t = toks[i]
        if t.text == "(" and cur and t.start == cur[-1].end and i + 2 < n and toks[i + 1].text == "주" \
                and toks[i + 2].text == ")" and cur[-1].tag in _CORE_TAGS:
            cur.extend(toks[i:i + 3])  # 한국전력(주)
            i += 3
            continue
        if t.text in ("(", ")") or t.tag in _SEP_TAGS and t.text not in ("-", "&", "㈜"):
            flush()
            out.append(_Unit([t], "open" if t.text == "(" else "close" if t.text == ")" else "sep"))
            i += 1
            continue
        if cur and cur[-1].end != t.start:
            flush()
        cur.append(t)
        i += 1
    flush()
    return _merge_bare_suffixes(out)


def _sentence_units(ks) -> list[_Unit]:
    """The units of a parsed sentence, made once for the finders that read them (none changes them)."""
    units = ks.views.get("units")
    if units is None:
        units = ks.views["units"] = _units(ks.toks)
    return units


@cache
def _bare_suffixes() -> frozenset[str]:
    """Organisation suffixes that may be written apart from the name (two characters or more)."""
    return frozenset(x for x, _ in _frame_data()[1] if len(x) >= 2)


def _merge_bare_suffixes(units: list[_Unit]) -> list[_Unit]:
    """'한빛 FC', '한빛 유나이티드': a proper noun and an organisation suffix written apart are one unit."""
    bare = _bare_suffixes()
    out: list[_Unit] = []
    for u in units:
        p = out[-1] if out else None
        if p is not None and u.kind == "word" and p.kind == "word" and not p.tail and p.ncore \
                and all(t.tag in ("NNP", "SL") for t in p.toks) and u.ncore and u.toks[0].start == p.toks[-1].end + 1 \
                and "".join(t.text for t in u.toks[:u.ncore]) in bare:
            out[-1] = _Unit(p.toks + u.toks, "word")
            continue
        out.append(u)
    return out


@cache
def _frame_data():
    r = load_rules("ko")
    tf = r["title_frames"]
    suffixes = sorted(((s, t) for t, ss in tf["org_suffixes"].items() for s in ss), key=lambda st: -len(st[0]))
    titles = sorted((squash_key for squash_key in r["titles"] if not squash_key.startswith("_")), key=len, reverse=True)
    titles = [t.replace(" ", "") for t in titles]
    return tf, suffixes, titles, set(tf["title_prefixes"]), set(tf["org_stop"]), set(tf.get("ambiguous_titles", []))


@cache
def _ending_index() -> tuple:
    """The titles and organisation suffixes as sets by length, longest first, so that what a word
    ends with is found by looking its endings up (hundreds of words per article, hundreds of
    entries): ``(title lengths, titles, suffix lengths, {suffix: type}, person-blocking suffixes)``."""
    _, suffixes, titles, _, _, _ = _frame_data()
    by_suffix: dict[str, str] = {}
    for x, t in suffixes:
        by_suffix.setdefault(x, t)  # the first listed, as a scan in order would find
    blocking = {x for x, _ in suffixes if len(x) >= 2 or x in _PERSON_BLOCKING_SUFFIXES}
    return (sorted({len(t) for t in titles}, reverse=True), set(titles),
            sorted({len(x) for x in by_suffix}, reverse=True), by_suffix, blocking)


def _title_of(core: str):
    """(title, rest before it) when the unit's core ends with a title, else None."""
    lengths, titles, _, _, _ = _ending_index()
    for n in lengths:
        if n <= len(core) and core[len(core) - n:] in titles:
            return core[len(core) - n:], core[:len(core) - n]
    return None


def _org_suffix_type(core: str):
    tf, _, _, _, stop, _ = _frame_data()
    if core in stop:
        return None
    _, _, lengths, by_suffix, _ = _ending_index()
    for n in lengths:
        if n < len(core):
            t = by_suffix.get(core[len(core) - n:])
            if t is not None:
                return t
    return None


def _is_person_unit(u: _Unit, tail_ok: bool = False) -> bool:
    if u.kind != "word" or not u.ncore or (u.tail and not tail_ok):
        return False
    core = u.core
    if _HANGUL.match(core) is None or not 2 <= len(core) <= 12 or _title_of(core) is not None:
        return False
    _, _, lengths, by_suffix, blocking = _ending_index()
    if len(core) >= 2 and core in by_suffix:
        return False  # '유나이티드': an organisation's suffix written apart
    if any(n <= len(core) and core[len(core) - n:] in blocking for n in lengths) and _org_suffix_type(core):
        return False  # '새벽당', '과학기술부'? (one-syllable 부/구/도 end many given names)
    if u.toks[0].tag == "NNP":
        return True
    # a Korean name Kiwi split into pieces ('남/NNG 궁/NNG 민/NNG'): a family name, then more pieces
    return len(core) <= 4 and u.ncore >= 2 and core[0] in _frame_data()[0]["surnames"] \
        and all(t.tag in ("NNP", "NNG", "NNB", "NR", "XSN") for t in u.toks[:u.ncore])


def _covering(spans, s, e):
    for (a, b, typ) in spans:
        if a <= s and e <= b:
            return (a, b, typ)
    return None


def _skip_gloss(units, k):
    """'김한결(해안·북구) 의원': step back over a parenthesised gloss glued to the name."""
    if k >= 0 and units[k].kind == "close":
        o = k
        while o >= 0 and units[o].kind != "open":
            o -= 1
        if o >= 1 and k - o <= 6 and units[o - 1].kind == "word" and units[o - 1].toks[-1].end == units[o].start:
            return o - 1
    return k


def _person_left(units, k, known):
    """A name ending at unit k (inclusive): [first unit index, k] or None."""
    if k < 0 or not _is_person_unit(units[k]):
        return None
    cov = _covering(known, units[k].start, units[k].core_end)
    if cov is not None and cov[2] != "Person":
        return None  # '서울': a known place or organisation is not a name
    a = k
    while a - 1 >= 0 and k - a < 3:
        p = units[a - 1]
        if _is_person_unit(p) and p.toks[-1].end + 1 == units[a].start \
                and _org_suffix_type(p.core) is None and _covering(known, p.start, p.core_end) is None:
            a -= 1
        elif a - 2 >= 0 and p.kind == "word" and not p.tail and len(p.core) == 1 and _HANGUL.match(p.core) \
                and p.toks[-1].end + 1 == units[a].start and _is_person_unit(units[a - 2]) \
                and units[a - 2].toks[-1].end + 1 == p.start:
            a -= 2  # '루트비히 판 베토벤'
        else:
            break
    # a foreign name is two or three words; a Korean name one word of 2-4 syllables
    if a == k and len(units[k].core) > 4 and " " not in units[k].core:
        return None
    return a


_ORG_TAILS = ("의", "에서", "에서는", "에서도")


def _org_unit(units, k, known, allow_genitive=False):
    """(start, end, type, conf) when unit k names an organisation."""
    if k < 0 or units[k].kind != "word" or not units[k].ncore:
        return None
    u = units[k]
    if u.tail and not (allow_genitive and u.tail in _ORG_TAILS):
        return None
    s, e = u.start, u.core_end
    cov = _covering(known, s, e)
    if cov is not None:
        return (cov[0], cov[1], cov[2], 1.0) if cov[2] in _ORG_TYPES else None
    typ = _org_suffix_type(u.core)
    if typ:
        return (s, e, typ, 0.86)
    if any(u.core == x for x, _ in _frame_data()[1]):
        return None  # a bare suffix ('OO FC'): the name is longer than this word
    if all(t.tag in ("NNP", "SL") for t in u.toks[:u.ncore]) and u.core not in _frame_data()[4] \
            and not (u.ncore == 1 and u.core.endswith("의") and not u.tail) \
            and u.core.casefold() not in _lex()[6]:
        if u.tail == "의":  # 'OO리그 한빛 드래곤즈의': the name may be two or three words
            j = k
            while j - 1 >= 0 and k - j < 2 and units[j - 1].kind == "word" and not units[j - 1].tail \
                    and units[j - 1].ncore and all(t.tag == "NNP" for t in units[j - 1].toks) \
                    and units[j - 1].toks[-1].end + 1 == units[j].start \
                    and _covering(known, units[j - 1].start, units[j - 1].core_end) is None:
                j -= 1
            s = units[j].start
        return (s, e, "Organization", 0.86)
    return None


def _title_unit(u: _Unit):
    """(title, rest) for a unit that is a title, maybe prefixed ('공동대표', '제2부시장') or glued to its organisation."""
    if u.kind != "word" or not u.ncore:
        return None
    return _title_of(u.core)



def _title_frames(analysis, sent, ks, known):
    tf, _, _, prefixes, _, ambiguous = _frame_data()
    units = _sentence_units(ks)
    frames, mentions = [], []

    def add(person_units, org, title, conf):
        nb = person_units[1] + 1
        if nb < len(units) and units[nb].kind == "word" and not units[person_units[1]].tail \
                and units[nb].core in _bare_suffixes():
            return  # 'OO 유나이티드': the 'name' is the first word of an organisation's name
        ps, pe = units[person_units[0]].start, units[person_units[1]].core_end
        if _covering([(a, b, t) for a, b, t in known if t not in ("Person",)], ps, pe):
            return
        os_, oe, otype, oconf = org
        if os_ < pe and ps < oe:
            return
        frames.append(((ps, pe), (os_, oe), title, sent.index, conf))
        if not _covering(known, ps, pe):
            mentions.append(Mention(ps, pe, analysis.text[ps:pe], "Person", sent.index, "ko.title_frame", 0.8))
        if oconf < 1.0:
            mentions.append(Mention(os_, oe, analysis.text[os_:oe], otype, sent.index, "ko.title_frame", oconf))

    for k, u in enumerate(units):
        m = _title_unit(u)
        if m is None:
            continue
        title, rest = m
        conf = _title_conf(title)
        standalone = rest == "" or rest in prefixes
        if not standalone:
            # NAME ORGTITLE: 홍길동 한빛시장, 홍길동 해양수산부장관
            fill = tf["glued_title_orgs"].get(title, "")
            org_text = rest + fill if fill and title.startswith(fill) and not rest.endswith(fill) else rest
            typ = _org_suffix_type(org_text)
            if typ is None or len(org_text) < 2:
                # NAME glued to its title: 'OO당의 장 르블랑총리'
                if _HANGUL.match(rest) and 2 <= len(rest) <= 4 and u.toks[0].tag == "NNP" and not u.tail.startswith("의"):
                    a = _person_left(units, k - 1, known) if k >= 1 and not units[k - 1].tail else None
                    a = k if a is None else a
                    org = _org_unit(units, a - 1, known, allow_genitive=True)
                    if org and (a < k or len(rest) >= 3):
                        ps, pe = units[a].start, u.start + len(rest)
                        frames.append(((ps, pe), org[:2], title, sent.index, min(conf, 0.75)))
                        mentions.append(Mention(ps, pe, analysis.text[ps:pe], "Person", sent.index, "ko.title_frame", 0.8))
                        if org[3] < 1.0:
                            mentions.append(Mention(org[0], org[1], analysis.text[org[0]:org[1]], org[2], sent.index,
                                                    "ko.title_frame", org[3]))
                continue
            a = _person_left(units, k - 1, known)
            if a is None:
                continue
            os_ = u.start
            add((a, k - 1), (os_, os_ + len(org_text), typ, 0.75), title, min(conf, 0.8))
            continue
        # ORG(TITLE NAME) / ORG(NAME TITLE)
        if k >= 2 and units[k - 1].kind == "open" and units[k - 2].kind == "word" \
                and units[k - 2].toks[-1].end == units[k - 1].start:
            org = _org_unit(units, k - 2, known)
            j = k + 1
            while j < len(units) and j - k <= 3 and _is_person_unit(units[j], tail_ok=False):
                j += 1
            if org and j > k + 1 and j < len(units) and (units[j].kind == "close" or units[j].core == "" and units[j].tail == ",") and (j - k - 1 == 1 and len(units[k + 1].core) <= 4 or j - k - 1 >= 2):
                add((k + 1, j - 1), org, title, conf)
                continue
        if k + 1 < len(units) and units[k + 1].kind == "close" and not u.tail:
            a = _person_left(units, k - 1, known)
            if a is not None and a >= 2 and units[a - 1].kind == "open" and units[a - 2].kind == "word" \
                    and units[a - 2].toks[-1].end == units[a - 1].start:
                org = _org_unit(units, a - 2, known)
                if org:
                    add((a, k - 1), org, title, conf)
                    continue
        # ORG TITLE(NAME): 고용노동부 장관(홍길동)
        if k + 3 < len(units) and units[k + 1].kind == "open" and not u.tail and units[k + 3].kind == "close" \
                and _is_person_unit(units[k + 2]) and len(units[k + 2].core) <= 4:
            org = _org_unit(units, k - 1, known)
            if org:
                add((k + 2, k + 2), org, title, conf)
                continue
        # NAME ORG TITLE
        org = _org_unit(units, k - 1, known)
        if org and org[3] < 1.0 and org[2] == "Organization":
            org = None if _is_person_unit(units[k - 1]) else org
        if org:
            pk = k - 2
            if pk >= 1 and units[pk].kind == "word" and (units[pk].core or units[pk].tail) in prefixes \
                    and len(units[pk].toks) == 1:
                pk -= 1  # 'NAME 전 ORG TITLE'
            pk = _skip_gloss(units, pk)  # 'NAME(45) ORG TITLE'
            a = _person_left(units, pk, known)
            if a is None and pk >= 1 and units[pk].kind == "word" and not units[pk].tail \
                    and all(t.tag == "NNG" for t in units[pk].toks) and _covering(known, units[pk].start, units[pk].core_end) is None:
                a = _person_left(units, pk - 1, known)  # 'NAME 남부 OO단 단장': a modifier before the organisation
                pk = pk - 1 if a is not None else pk
            if a is not None:
                add((a, pk), org, title, conf)
                continue
            if k >= 4 and units[k - 2].core == "겸" and _title_unit(units[k - 3]) and not units[k - 3].tail:
                a = _person_left(units, k - 4, known)  # 'NAME 부총리 겸 ORG 장관'
                if a is not None:
                    add((a, k - 4), org, title, conf)
                    continue
        # ORG NAME TITLE, ORG의 NAME TITLE
        kk = _skip_gloss(units, k - 1)
        a = _person_left(units, kk, known)
        if a is not None:
            org = _org_unit(units, a - 1, known, allow_genitive=True)
            if org:
                weak = units[a - 1].tail.startswith("에서")  # 'ORG에서는 NAME TITLE이 참석했다'
                add((a, kk), org, title, min(conf, 0.75) if weak else conf)
                continue
        # ORG TITLE이자 (X의) TITLE인 NAME: two appositive titles chained by '이자'
        if u.tail in syn.CONJUNCTIVE_COPULA and k + 2 < len(units):
            org = _org_unit(units, k - 1, known, allow_genitive=True)
            j = k + 1
            while j < len(units) and j - k <= 3 and units[j].kind == "word" and units[j].tail != "인":
                j += 1
            if org and j + 1 < len(units) and units[j].kind == "word" and units[j].tail == "인" \
                    and _title_unit(units[j]) is not None and _is_person_unit(units[j + 1], tail_ok=True):
                b = j + 1
                while b + 1 < len(units) and b - j < 3 and not units[b].tail \
                        and units[b].toks[-1].end + 1 == units[b + 1].start and _is_person_unit(units[b + 1], tail_ok=True):
                    b += 1
                add((j + 1, b), org, title, min(conf, 0.75))
                continue
        # ORG TITLE(인) NAME
        if title not in ambiguous and u.tail in ("", "인") and k + 1 < len(units):
            org = _org_unit(units, k - 1, known, allow_genitive=True)
            if org is None and k >= 2 and units[k - 1].core in tf.get("affiliation_words", ()) \
                    and not units[k - 1].tail:
                org = _org_unit(units, k - 2, known)  # 'ORG 소속 연구원 NAME'

            if org and _is_person_unit(units[k + 1], tail_ok=True):
                b = k + 1
                while b + 1 < len(units) and b - k < 3 and not units[b].tail \
                        and units[b].toks[-1].end + 1 == units[b + 1].start:
                    nb = units[b + 1]
                    if _is_person_unit(nb, tail_ok=True):
                        b += 1
                    elif b + 2 < len(units) and nb.kind == "word" and not nb.tail and len(nb.core) == 1 \
                            and _HANGUL.match(nb.core) and _is_person_unit(units[b + 2], tail_ok=True) \
                            and nb.toks[-1].end + 1 == units[b + 2].start:
                        b += 2  # '루트비히 판 베토벤'
                    else:
                        break
                if b > k + 1 or len(units[k + 1].core) <= 4 or " " in units[k + 1].core:
                    add((k + 1, b), org, title, conf)
    analysis.syntax.setdefault("ko.title_frames", []).extend(frames)
    return mentions


def _copular_title_frames(analysis, sent, ks, known) -> list[Mention]:
    """'NAME(씨)는 ORG TITLE이다', 'NAME은 ORG의 TITLE이었다': the topic is the title's holder."""
    units = _sentence_units(ks)
    words = [k for k, u in enumerate(units) if u.kind == "word"]
    if len(words) < 3:
        return []
    t = next((k for k in words if units[k].tail in ("은", "는")), None)
    if t is None:
        return []
    person_end = t - 1 if units[t].core == "씨" else t
    if person_end < 0 or (person_end == t and not _is_person_unit(units[t], tail_ok=True)):
        return []
    a = t if person_end == t else _person_left(units, person_end, known)
    if person_end == t:
        b = t
        while b - 1 >= 0 and t - b < 2 and _is_person_unit(units[b - 1]) and units[b - 1].toks[-1].end + 1 == units[b].start:
            b -= 1
        a = b
    if a is None or any(units[x].kind == "word" and not (x == 0 and units[x].toks[0].tag == "NNG" and not units[x].tail
                                                         and len(units[x].toks) == 1) for x in range(a)):
        return []  # the topic opens the sentence, maybe after one common noun ('할머니 NAME은')
    ps, pe = units[a].start, units[person_end].core_end
    cov = _covering(known, ps, pe)
    if cov is not None and cov[2] != "Person":
        return []
    mentions = []
    for k in words:
        u = units[k]
        if k <= t + 1 or not u.ncore or u.ncore >= len(u.toks) or u.toks[u.ncore].tag != "VCP":
            continue
        m = _title_unit(u)
        if m is None or m[1] != "":
            continue
        org = _org_unit(units, k - 1, known, allow_genitive=True)
        if org is None or org[0] <= pe:
            continue
        title = m[0]
        frame = ((cov[0], cov[1]) if cov else (ps, pe), org[:2], title, sent.index, min(_title_conf(title), 0.8))
        analysis.syntax.setdefault("ko.title_frames", []).append(frame)
        if cov is None:
            mentions.append(Mention(ps, pe, analysis.text[ps:pe], "Person", sent.index, "ko.title_frame", 0.75))
        if org[3] < 1.0:
            mentions.append(Mention(org[0], org[1], analysis.text[org[0]:org[1]], org[2], sent.index, "ko.title_frame", org[3]))
        break
    return mentions


def _title_conf(title: str) -> float:
    r = load_rules("ko")["title_confidence"]
    return r.get(title, r["default"])


# ---------------------------------------------------------------- founded organisations
def _name_of_phrase(phrase, known):
    """(first tok, last tok) of a name filling ``phrase`` (parentheses after it ignored), or None."""
    toks = [t for t in phrase.toks if not any(s <= t.start < e for s, e in phrase.parens) and t.text not in "()"]
    first = next((i for i, t in enumerate(toks) if t.tag in STRONG_NAME_TAGS), None)
    if first is not None and first > 0 and (_org_suffix_type("".join(t.text for t in toks)) is None
                                            or any(t.tag in ("SN", "NNB", "NR") for t in toks[:first])):
        toks = toks[first:]  # '도서출판 OO사', '1950년 5월 OO국': the name starts at the proper noun
    if not toks or len(toks) > 6:
        return None
    if any(t.tag not in NAME_TAGS and t.tag != "XPN" for t in toks):
        return None
    text = "".join(t.text for t in toks)
    typ = _org_suffix_type(text)
    if toks[0].tag not in STRONG_NAME_TAGS and typ is None:
        return None
    if any(toks[-1].start < b and a < toks[-1].end for a, b, _ in known):
        return None  # the head is already a mention
    if text.casefold() in _lex()[6] or text in _frame_data()[4]:
        return None
    return toks[0], toks[-1], typ or "Organization"


def _founded_orgs(analysis, sent, ks, known) -> Iterator[Mention]:
    """A founding verb types its theme as an organisation: 'X는 2019년 설립됐다', '홍길동이 창당한 X', 'X를 세웠다'."""
    r = _lex()[0]
    stems = set(r["founding_verbs"]["stems"]) | set(r["founding_verbs"].get("existence_stems", ()))
    items = ks.items
    generic = _word_lexicon("generic_org_heads")
    hq = r["headquarters"]
    locating = set(hq.get("location_verbs", ()))
    homes = set(hq.get("home_nouns", ()))
    for pi, pred in enumerate(items):
        if not isinstance(pred, syn.Predicate):
            continue
        prev = items[pi - 1] if pi >= 1 and isinstance(items[pi - 1], syn.Group) else None
        located = prev is not None and (
            (pred.stem in locating and prev.marker == "에")
            or (pi >= 2 and "".join(t.text for p in prev.phrases for t in p.toks) in homes
                and isinstance(items[pi - 2], syn.Group) and items[pi - 2].marker in ("을", "를")))
        if pred.stem not in stems and not located:
            continue
        groups = []
        nxt = items[pi + 1] if pi + 1 < len(items) and isinstance(items[pi + 1], syn.Group) else None
        if located:
            if pred.ending == "ETM":
                groups = [nxt] if nxt is not None else []
            elif pred.subject is not None:
                groups = [pred.subject]
        elif pred.passive:
            if pred.ending == "ETM":
                groups = [nxt] if nxt is not None else []
            elif pred.subject is not None:
                groups = [pred.subject]
        else:
            for it in reversed(items[:pi]):
                if isinstance(it, syn.Predicate) and not (it.adjectival and it.ending == "ETM"):
                    break
                if isinstance(it, syn.Group) and it.marker in ("을", "를"):
                    groups = [it]
                    break
            if not groups and pred.ending == "ETM" and nxt is not None:
                groups = [nxt]
        for g in groups:
            head = g.phrases[-1]
            htexts = [t.text for t in head.toks]
            if generic.match_ending_at(htexts, len(htexts) - 1) and len(htexts) <= 2 and ks.topic is not None \
                    and ks.topic is not g and pred.ending == "ETM":
                head = ks.topic.phrases[-1]  # 'X는 2019년 설립된 출판사다'
            nm = _name_of_phrase(head, known)
            if nm:
                a, b, typ = nm
                yield Mention(a.start, b.end, analysis.text[a.start:b.end], typ, sent.index, "ko.founded", 0.7)
        # the founder: a Korean personal name as the subject of an active founding verb ('홍길동이 OO당을 창당했다')
        subj = pred.subject
        if not located and not pred.passive and subj is not None and syn.is_subject(subj) and len(subj.phrases) == 1:
            toks = subj.phrases[0].toks
            t = toks[-1]
            if t.tag == "NNP" and _HANGUL.match(t.text) and 2 <= len(t.text) <= 4 \
                    and t.text[0] in _frame_data()[0]["surnames"] and _org_suffix_type(t.text) is None \
                    and not any(t.start < b and a < t.end for a, b, _ in known) \
                    and (len(toks) == 1 or toks[-2].tag not in ("NNP", "SL")):
                yield Mention(t.start, t.end, t.text, "Person", sent.index, "ko.founder", 0.65)


# ---------------------------------------------------------------- makers of works and products
def _maker_type(toks) -> str:
    """Person for a personal name ('김하늘', '존 R. R. 톨킨'), else Organization."""
    if len(toks) == 1:
        t = toks[0].text
        if " " in t and re.match(r"^[가-힣A-Z][가-힣A-Za-z. ]+$", t):
            return "Person"
        if _HANGUL.match(t) and 2 <= len(t) <= 4 and t[0] in _frame_data()[0]["surnames"] and _org_suffix_type(t) is None:
            return "Person"
    elif all(x.tag == "NNP" and _HANGUL.match(x.text) for x in toks) and 2 <= len(toks) <= 3:
        return "Person"
    return _org_suffix_type("".join(x.text for x in toks)) or "Organization"


def _maker_mention(analysis, sent, phrase, known):
    toks = [t for t in phrase.toks if not any(s <= t.start < e for s, e in phrase.parens) and t.text not in "()"]
    first = next((i for i, t in enumerate(toks) if t.tag in STRONG_NAME_TAGS), None)
    if first is None:
        return None
    toks = toks[first:]
    if not toks or len(toks) > 4 or any(t.tag not in NAME_TAGS for t in toks):
        return None
    if toks[-1].tag not in ("NNP", "SL") and _org_suffix_type("".join(t.text for t in toks)) is None:
        return None  # '한빛 코믹스 원작': a common noun ends it
    if any(toks[0].start < b and a < toks[-1].end for a, b, _ in known):
        return None
    text = analysis.text[toks[0].start:toks[-1].end]
    if text.casefold() in _lex()[6]:
        return None
    return Mention(toks[0].start, toks[-1].end, text, _maker_type(toks), sent.index, "ko.maker", 0.65)


def _quoted_after(ks, tok):
    """The quoted title opening right after ``tok`` ('《...》'), as a phrase, or None."""
    i = next((i for i, t in enumerate(ks.toks) if t.start == tok.start), None)
    if i is None or i + 2 >= len(ks.toks) or ks.toks[i + 1].text not in syn.OPEN_QUOTES:
        return None
    j = next((j for j in range(i + 3, min(len(ks.toks), i + 18)) if ks.toks[j].text in syn.CLOSE_QUOTES), None)
    if j is None or any(t.text in syn.OPEN_QUOTES for t in ks.toks[i + 2:j]):
        return None
    return syn.Phrase(list(ks.toks[i + 1:j + 1]))


def creative_frames(ks):
    """(genitive phrase, title phrase) pairs of 'X의 (판타지) 소설 《Y》' and 'X의 작품인 《Y》'."""
    cues = _word_lexicon("creative_works", "cues")
    for it, k, p, nxt in syn.genitive_links(ks):
        texts = [t.text for t in nxt.toks]
        q = next((i for i, t in enumerate(nxt.toks) if t.text in syn.OPEN_QUOTES), None)
        if q is not None and q > 0 and cues.match_ending_at(texts, q - 1) and nxt.toks[-1].text in syn.CLOSE_QUOTES:
            yield p, nxt
        elif q is not None and q > 0 and cues.match_ending_at(texts, q - 1):
            # a title the parser cut at a particle inside it: '《바다와 별의 노래》'
            opening = nxt.toks[q]
            i = next((i for i, t in enumerate(ks.toks) if t.start == opening.start), None)
            j = next((j for j in range(i + 2, min(len(ks.toks), i + 16))
                      if ks.toks[j].text in syn.CLOSE_QUOTES), None) if i is not None else None
            if j is not None and not any(t.text in syn.OPEN_QUOTES for t in ks.toks[i + 1:j]):
                yield p, syn.Phrase(list(nxt.toks[:q]) + list(ks.toks[i:j + 1]))
        elif q is None and cues.match_ending_at(texts, len(texts) - 1) and not nxt.marker \
                and (title := _quoted_after(ks, nxt.toks[-1])) is not None:
            yield p, title  # 'X의 판타지 소설 《바다와 별의 노래》': the title is its own group
        elif q is None and cues.match_ending_at(texts, len(texts) - 1) and nxt.is_copula_link \
                and k + 2 < len(it.phrases) and it.phrases[k + 2].quoted:
            yield p, it.phrases[k + 2]


def _makers(analysis, sent, ks, known) -> Iterator[Mention]:
    """The maker named in 'X의 소설 《Y》', and the subjects and objects of product verbs."""
    r = _lex()[0]
    for gen, title in creative_frames(ks):
        m = _maker_mention(analysis, sent, gen, known)
        if m:
            yield m
        q = [i for i, t in enumerate(title.toks) if t.text in syn.OPEN_QUOTES]
        if q and title.toks[-1].text in syn.CLOSE_QUOTES and len(title.toks) - q[0] > 2:
            a, b = title.toks[q[0] + 1], title.toks[-2]
            if not any(a.start < y and x < b.end for x, y, _ in known):
                yield Mention(a.start, b.end, analysis.text[a.start:b.end], "Product", sent.index, "ko.quoted_title", 0.75)
    preds = {k: v for k, v in r["predicates"].items() if not k.startswith("_") and v["predicate"] == "develops"}
    pa = r["product_arguments"]
    common_verbs, stop = set(pa["common_noun_verbs"]), set(pa["stop"])
    items = ks.items
    for pi, pred in enumerate(items):
        if not isinstance(pred, syn.Predicate) or pred.stem not in preds or pred.passive:
            continue
        prev = items[pi - 1] if pi >= 1 and isinstance(items[pi - 1], syn.Group) else None
        if prev is not None and prev.marker in ("을", "를") and prev.phrases[-1].quoted \
                and pred.stem in pa.get("quoted_object_verbs", ()):
            toks = prev.phrases[-1].toks  # "'OO'를 출시했다": a quoted name as the product
            if toks[0].text in syn.OPEN_QUOTES and toks[-1].text in syn.CLOSE_QUOTES and len(toks) > 2 \
                    and not any(toks[1].start < b and a < toks[-2].end for a, b, _ in known):
                yield _mention(analysis, sent, toks, 1, len(toks) - 2, "Product", "ko.quoted_title", 0.65)
        subj = pred.subject
        if subj is not None and (syn.is_subject(subj) or syn.is_topic(subj)) and len(subj.phrases) == 1:
            m = _maker_mention(analysis, sent, subj.phrases[0], known)
            if m:
                yield m
        if pred.stem not in common_verbs:
            continue
        obj = None
        for it in reversed(items[:pi]):
            if isinstance(it, syn.Predicate) and not (it.adjectival and it.ending == "ETM"):
                break
            if isinstance(it, syn.Group) and it.marker in ("을", "를"):
                obj = it
                break
        if obj is None and pred.ending == "ETM" and pi + 1 < len(items) and isinstance(items[pi + 1], syn.Group):
            obj = items[pi + 1]
        if obj is None:
            continue
        ph = obj.phrases[-1]
        toks = [t for t in ph.toks if t.text not in "()"]
        if not toks or len(toks) > 3 or any(t.tag not in ("NNG", "NNP", "SL", "SN") for t in toks):
            continue
        if toks[-1].text in stop or any(toks[0].start < b and a < toks[-1].end for a, b, _ in known):
            continue
        whole = "".join(t.text for t in toks)
        if pred.stem in pa.get("org_object_means_founder", ()) and _org_suffix_type(whole) \
                and toks[0].tag in ("NNP", "NNG") and len(whole) >= 3 \
                and not any(toks[0].start < b and a < toks[-1].end for a, b, _ in known):
            yield Mention(toks[0].start, toks[-1].end, analysis.text[toks[0].start:toks[-1].end], _org_suffix_type(whole),
                          sent.index, "ko.founded", 0.65)
            continue
        if _lex()[1].get(toks[-1].text) not in (None, "Product", "Chip", "Device", "Software", "Game") \
                or _org_suffix_type(whole) or toks[-1].text in _frame_data()[4]:
            continue
        yield Mention(toks[0].start, toks[-1].end, analysis.text[toks[0].start:toks[-1].end], "Product",
                      sent.index, "ko.product_object", 0.6)


# ---------------------------------------------------------------- relational-noun frames
# 'A 소속사 B', 'A 씨 소속사 B', 'A(의) 자회사 B', 'A 산하 B', 'B(A의 산하 레이블)': two names
# around a relational noun (data: ``relational_frames`` in ko.json). The frames are kept on the
# analysis for the extractor ``ko.relational_nouns``.

def _rel_name_right(units, k, known):
    """(start, end, type, conf) of a name filling unit k, a particle or '측' after it allowed."""
    if k >= len(units) or units[k].kind != "word" or not units[k].ncore:
        return None
    u = units[k]
    if u.tail and not re.match(r"^[가-힣]{1,3}$", u.tail):
        return None
    s, e = u.start, u.core_end
    cov = _covering(known, s, e)
    if cov is not None:
        return (cov[0], cov[1], cov[2], 1.0) if cov[2] in _ORG_TYPES else None
    core = u.core
    if core in _frame_data()[4] or core.casefold() in _lex()[6]:
        return None
    typ = _org_suffix_type(core)
    if typ:
        return (s, e, typ, 0.8)
    if all(t.tag in ("NNP", "SL") for t in u.toks[:u.ncore]) and len(core) >= 2:
        nxt = units[k + 1] if k + 1 < len(units) else None
        if not u.tail and nxt is not None and nxt.kind == "word" and nxt.start == u.toks[-1].end + 1 \
                and _bare_suffix_type(nxt.core) and _covering(known, s, nxt.core_end) is None:
            return (s, nxt.core_end, _bare_suffix_type(nxt.core), 0.8)  # '한빛 유나이티드'
        return (s, e, "Organization", 0.75)
    return None


def _rel_name_left(units, k, known, person_cues):
    """(start, end, type, conf) of the name before the relational noun at unit k."""
    j = k - 1
    if j >= 1 and units[j].kind == "word" and units[j].core in person_cues and not units[j].tail:
        a = _person_left(units, j - 1, known)
        if a is None:
            return None
        s, e = units[a].start, units[j - 1].core_end
        cov = _covering(known, s, e)
        if cov is not None:
            return (cov[0], cov[1], cov[2], 1.0) if cov[2] == "Person" else None
        return (s, e, "Person", 0.75)
    if j < 0 or units[j].kind != "word" or units[j].tail not in ("", "의"):
        return None
    s, e = units[j].start, units[j].core_end
    cov = _covering(known, s, e)
    if cov is not None:
        return (cov[0], cov[1], cov[2], 1.0) if cov[2] in _ORG_TYPES or cov[2] == "Person" else None
    return _org_unit(units, j, known, allow_genitive=True)


def _bare_suffix_type(core: str):
    """The type of an organisation suffix written as its own word ('아무개 레코드')."""
    return next((t for x, t in _frame_data()[1] if core == x and len(x) >= 2), None)


def _relational_frames(analysis, sent, ks, known) -> list[Mention]:
    rf = _lex()[0].get("relational_frames")
    if not rf:
        return []
    nouns = {k.replace(" ", ""): v for k, v in rf["nouns"].items()}
    skip = set(rf.get("modifiers", ()))
    person_cues = set(rf.get("person_cues", ()))
    suffixed_only = {x.replace(" ", "") for x in rf.get("suffixed_heads_only", ())}
    units = _sentence_units(ks)
    frames, mentions = [], []

    def add(dep, head, pred, role, conf):
        if head[0] < dep[1] and dep[0] < head[1]:
            return
        frames.append(((dep[0], dep[1]), (head[0], head[1]), pred, role, conf, sent.index))
        for x in (dep, head):
            if x[3] < 1.0:
                mentions.append(Mention(x[0], x[1], analysis.text[x[0]:x[1]], x[2], sent.index, "ko.relational_frame", x[3]))

    for k, u in enumerate(units):
        if u.kind != "word" or u.core not in nouns or u.tail not in ("", "인", "의"):
            continue
        left = _rel_name_left(units, k, known, person_cues)
        if left is None:
            continue
        r = k + 1
        while r < len(units) and units[r].kind == "word" and units[r].core in skip and not units[r].tail:
            r += 1
        if nouns[u.core][1] == "member":
            # 'GROUP 멤버 NAME': the name after the noun is a person
            if r >= len(units) or not _is_person_unit(units[r], tail_ok=True):
                continue
            b = r
            while b + 1 < len(units) and b - r < 2 and not units[b].tail and _is_person_unit(units[b + 1], tail_ok=True) \
                    and units[b].toks[-1].end + 1 == units[b + 1].start:
                b += 1
            if b == r and len(units[r].core) > 4:
                continue
            ps, pe = units[r].start, units[b].core_end
            cov = _covering(known, ps, pe)
            person = (cov[0], cov[1], cov[2], 1.0) if cov else (ps, pe, "Person", 0.7)
            if person[2] == "Person" and left[2] != "Person":
                add(person, left, nouns[u.core][0], "object", rf.get("confidence", {}).get("member", 0.7))
            continue
        right = _rel_name_right(units, r, known) if r < len(units) else None
        while right is None and r < len(units) and r - k <= 3 and units[r].kind == "word" and not units[r].tail:
            r += 1  # 'A의 산하 최대 레이블)': words of the gloss up to its closing bracket
        if right is None and r < len(units) and units[r].kind == "close":
            # 'B(A의 산하 레이블)': the name before the parentheses is the head
            o = k - 1
            while o >= 0 and units[o].kind != "open":
                o -= 1
            if o >= 1 and k - o <= 3 and units[o - 1].kind == "word" and not units[o - 1].tail \
                    and units[o - 1].toks[-1].end == units[o].start:
                right = _org_unit(units, o - 1, known)
                if right is None:
                    # a name of two proper-noun words ('아무개 레코드'): the last one an org suffix
                    b = units[o - 1]
                    if o >= 2 and units[o - 2].kind == "word" and not units[o - 2].tail \
                            and all(t.tag in ("NNP", "SL") for t in units[o - 2].toks) \
                            and units[o - 2].toks[-1].end + 1 == b.start and _bare_suffix_type(b.core) \
                            and _covering(known, units[o - 2].start, b.core_end) is None:
                        right = (units[o - 2].start, b.core_end, _bare_suffix_type(b.core), 0.75)
        if right is None:
            continue
        if u.core in suffixed_only and right[3] < 1.0 and right[2] == "Organization" and right[3] <= 0.75:
            continue  # 'A 소속 B': B must be named as an organisation (a suffix), else it may be a person
        pred, role = nouns[u.core]
        add(left, right, pred, role, rf.get("confidence", {}).get(role, 0.75))
    _member_frames(units, known, rf, add)
    _located_frames(units, known, rf, add)
    _quoted_work_frames(units, known, rf, add)
    _stage_name_frames(units, known, rf, add)
    analysis.syntax.setdefault("ko.relational_frames", []).extend(frames)
    return mentions


def _name_run(units, k, known, max_words=4):
    """(start, end, last unit) of a name of proper-noun words starting at unit k, or None."""
    j = k
    while j < len(units) and j - k < max_words and units[j].kind == "word" and units[j].ncore \
            and (all(t.tag in ("NNP", "SL", "SN") for t in units[j].toks[:units[j].ncore])
                 or j > k and _covering(known, units[j].start, units[j].core_end) is not None) \
            and (j == k or units[j - 1].toks[-1].end + 1 == units[j].start):
        if units[j].tail:
            j += 1
            break
        j += 1
    if j == k or units[k].toks[0].tag == "SN":
        return None
    last = j - 1
    if units[last].toks[0].tag == "SN" and last > k:
        last -= 1  # '... 호크스 2군'
    if last < k or (units[last].tail and units[last].tail not in _ORG_TAIL_PARTICLES and last != j - 1):
        return None
    return units[k].start, units[last].core_end, last


_ORG_TAIL_PARTICLES = ("의", "와", "과", "는", "은", "가", "이", "를", "을", "에", "에서", "로", "으로", "도")


def _quoted_work_frames(units, known, rf, add):
    """"'TITLE'의 NAME": a quoted work and the name right after it -> develops(NAME, TITLE) (weak)."""
    conf = rf.get("quoted_work_confidence")
    if not conf:
        return
    for k, u in enumerate(units):
        if u.kind != "sep" or u.toks[0].text not in syn.CLOSE_QUOTES or k + 2 >= len(units):
            continue
        g = units[k + 1]
        if g.kind != "word" or g.ncore or g.tail != "의" or g.start != u.toks[-1].end:
            continue
        o = k - 1
        while o >= 0 and k - o <= 8 and not (units[o].kind == "sep" and units[o].toks[0].text in syn.OPEN_QUOTES):
            o -= 1
        if o < 0 or k - o > 8 or o + 1 >= k:
            continue
        ts, te = units[o + 1].start, units[k - 1].toks[-1].end
        a = k + 2
        if units[a].kind != "word" or units[a].start != g.toks[-1].end + 1:
            continue
        b = a
        while b + 1 < len(units) and b - a < 2 and not units[b].tail and _is_person_unit(units[b]) \
                and units[b].toks[-1].end + 1 == units[b + 1].start and _is_person_unit(units[b + 1], tail_ok=True):
            b += 1
        nu = units[b]
        if not _is_person_unit(nu, tail_ok=True) or (b == a and len(nu.core) > 4) \
                or nu.tail not in ("", "은", "는", "이", "가", ",", "과", "와", "을", "를", "도"):
            continue
        if b + 1 < len(units) and units[b + 1].kind == "word" and not nu.tail \
                and (_title_of(units[b + 1].core) or units[b + 1].core in rf.get("role_nouns", ())):
            continue  # "'TITLE'의 NAME 감독", "《TITLE》의 NAME 역": a role, not the maker
        ns, ne = units[a].start, nu.core_end
        cov = _covering(known, ns, ne)
        person = (cov[0], cov[1], cov[2], 1.0) if cov else (ns, ne, "Person", 0.65)
        work = _covering(known, ts, te)
        if work is not None and work[2] in _ORG_TYPES | {"Person", "Country", "City", "Region"}:
            continue
        work = (work[0], work[1], work[2], 1.0) if work else (ts, te, "Product", 0.65)
        add(person, work, "develops", "object", conf)


def _stage_name_frames(units, known, rf, add):
    """'GROUP NAME(REAL NAME·AGE)': a performer named with the group and, in brackets, the real name and age."""
    conf = rf.get("stage_name_confidence")
    if not conf:
        return
    for k in range(len(units) - 6):
        x, y, o, z, dot, age, c = units[k:k + 7]
        if x.kind != "word" or y.kind != "word" or o.kind != "open" or c.kind != "close" or x.tail or y.tail \
                or z.kind != "word" or z.tail or dot.kind != "sep" or dot.toks[0].text not in ("·", ",") \
                or age.kind != "word" or not age.core.isdigit():
            continue
        if x.toks[-1].end + 1 != y.start or y.toks[-1].end != o.start or not _is_person_unit(z) or len(z.core) > 4:
            continue
        grp = _covering(known, x.start, x.core_end)
        if grp is not None and grp[2] not in _ORG_TYPES:
            continue
        if grp is None:
            if not all(t.tag in ("NNP", "SL") for t in x.toks) or x.core in _frame_data()[4] \
                    or x.core.casefold() in _lex()[6] or _title_of(x.core):
                continue
            grp = (x.start, x.core_end, "Organization", 0.6)
        else:
            grp = (grp[0], grp[1], grp[2], 1.0)
        cov = _covering(known, z.start, z.core_end)
        person = (cov[0], cov[1], cov[2], 1.0) if cov else (z.start, z.core_end, "Person", 0.65)
        if person[2] == "Person":
            add(person, grp, "memberOf", "object", conf)


def _located_frames(units, known, rf, add):
    """'PLACE 소재 ORG', 'PLACE 소재의 ORG': an organisation located by a noun (data: ``located_nouns``)."""
    nouns = set(rf.get("located_nouns", ()))
    for k, u in enumerate(units):
        if u.kind != "word" or u.core not in nouns or u.tail not in ("", "의") or k == 0 or k + 1 >= len(units):
            continue
        p = units[k - 1]
        place = _covering(known, p.start, p.core_end) if p.kind == "word" and not p.tail else None
        if place is None or place[2] not in _PLACE_TYPES:
            continue
        r = k + 1
        while r < len(units) and r - k <= 3 and units[r].kind == "word" and not units[r].tail \
                and _covering(known, units[r].start, units[r].core_end) is None and units[r].toks[0].tag == "NNG":
            r += 1  # 'PLACE 소재 반도체 기업 OO테크'
        org = _rel_name_right(units, r, known) if r < len(units) else None
        if org is None or org[2] not in _ORG_TYPES or (org[3] < 1.0 and org[3] <= 0.75):
            continue
        add(org, (place[0], place[1], place[2], 1.0), "headquarteredIn", "object", rf.get("located_confidence", 0.75))


def _member_frames(units, known, rf, add):
    """'아무개리그의 OO FC', '아무개 리그 OO 호크스': a league (its suffix) and a team after it;
    'OO당의 NAME': a person named with the party."""
    mf = rf.get("member_frames") or {}
    leagues = tuple(mf.get("league_suffixes", ()))
    parties = tuple(mf.get("party_suffixes", ()))
    for k, u in enumerate(units):
        if u.kind != "word" or not u.ncore or u.tail not in ("", "의"):
            continue
        core = u.core
        if leagues and any(core.endswith(x) for x in leagues):
            s = u.start
            if core in leagues:  # 'OO 리그': the suffix written apart
                if k == 0 or units[k - 1].kind != "word" or units[k - 1].tail or not units[k - 1].ncore \
                        or units[k - 1].toks[0].tag not in ("NNP", "SL") or units[k - 1].toks[-1].end + 1 != u.start:
                    continue
                s = units[k - 1].start
            league = _covering(known, s, u.core_end)
            league = (league[0], league[1], league[2], 1.0) if league and league[2] in _ORG_TYPES \
                else None if league else (s, u.core_end, "Organization", 0.75)
            if league is None or k + 1 >= len(units) or (u.tail == "" and units[k + 1].start != u.toks[-1].end + 1):
                continue
            n = k + 1
            if u.tail == "의" and units[n].kind == "word" and units[n].core in mf.get("club_cues", ()) \
                    and not units[n].tail and n + 1 < len(units):
                n += 1  # 'OO리그의 명문 구단 X'... only a club word between
            run = _name_run(units, n, known)
            club = next((x for x in known if x[0] == units[n].start and x[2] in _ORG_TYPES), None)
            if club is not None:  # a club named by its club word ('OO 유나이티드'), whatever the tagger says
                last = next((j for j in range(n, len(units)) if units[j].core_end >= club[1]), None)
                if last is not None and units[last].core_end == club[1]:
                    run = (club[0], club[1], last)
            if run is None:
                continue
            rs, re_, last = run
            if units[last].tail and units[last].tail not in _ORG_TAIL_PARTICLES[:-4] + ("로", "으로", "도"):
                continue  # 'OO리그 신인선발에서': not a team
            if not u.tail and last == n and _covering(known, rs, re_) is None \
                    and _org_suffix_type(units[last].core) is None:
                continue  # a league written before one bare word: the word may be anything
            cov = _covering(known, rs, re_)
            if cov is not None and cov[2] not in _ORG_TYPES:
                continue
            team = (cov[0], cov[1], cov[2], 1.0) if cov else (rs, re_, "Organization", 0.7)
            add(team, league, mf.get("league_predicate", "memberOf"), "object", mf.get("league_confidence", 0.7))
        elif parties and u.tail == "의" and len(core) >= 2 and any(core.endswith(x) for x in parties) \
                and _org_suffix_type(core) and k + 1 < len(units):
            a = k + 1
            b = a
            initial = lambda x: re.match(r"^[A-Z]\.$", x.core) is not None and not x.tail  # 'D.'
            while b + 1 < len(units) and b - a < 3 and not units[b].tail \
                    and (_is_person_unit(units[b]) or b > a and initial(units[b])) \
                    and units[b].toks[-1].end + 1 == units[b + 1].start \
                    and (_is_person_unit(units[b + 1], tail_ok=True) or initial(units[b + 1])):
                b += 1
            pu = units[b]
            spaced = b == a and pu.ncore == 1 and pu.toks[0].tag == "NNP" and " " in pu.toks[0].text \
                and re.match(r"^[가-힣][가-힣A-Z. ]+[가-힣]$", pu.toks[0].text) is not None  # one token 'OO D. OO'
            if not spaced and (not _is_person_unit(pu, tail_ok=True) or (b == a and len(pu.core) > 4)):
                continue
            if b + 1 < len(units) and units[b + 1].kind == "word" and _title_of(units[b + 1].core):
                continue  # 'OO당의 NAME 의원': a title frame
            ps, pe = units[a].start, pu.core_end
            cov = _covering(known, ps, pe)
            person = (cov[0], cov[1], cov[2], 1.0) if cov else (ps, pe, "Person", 0.7)
            if person[2] != "Person":
                continue
            org = _covering(known, u.start, u.core_end)
            org = (org[0], org[1], org[2], 1.0) if org else (u.start, u.core_end, _org_suffix_type(core), 0.75)
            add(person, org, "employeeOf", "object", mf.get("party_confidence", 0.6))


# ---------------------------------------------------------------- arguments typed by their verb
def _korean_name(analysis, toks, known):
    """(start, end) of a Korean personal name ending the tokens ('홍길동', Kiwi's '홍/길동'), or None."""
    if not toks:
        return None
    t = toks[-1]
    a = t
    if len(toks) >= 2 and toks[-2].end == t.start and len(toks[-2].text) == 1 and toks[-2].tag in ("NNP", "NNG"):
        a = toks[-2]  # Kiwi split a name after its family name: '김/민수'
    text = analysis.text[a.start:t.end]
    if t.tag == "NNP" and _HANGUL.match(text) and 2 <= len(text) <= 4 \
            and text[0] in _frame_data()[0]["surnames"] and _org_suffix_type(text) is None \
            and _title_of(text) is None and not any(a.start < y and x < t.end for x, y, _ in known):
        return a.start, t.end
    return None


def _person_objects(analysis, sent, ks, known) -> list[Mention]:
    """Arguments typed by a verb of ``predicates`` that names their type ('subject': 'Person', 'object': ...):
    'X는 홍길동을 영입했다' (a person object), '홍길동은 OO전자에 입사했다' (a person subject, an organisation)."""
    r = _lex()[0]
    entries = {k: v for k, v in r["predicates"].items() if not k.startswith("_") and isinstance(v, dict)}
    markers = {k: tuple(v) for k, v in r["marker_forms"].items()}
    cues = set(r["person_cues"])
    out = []
    items = ks.items
    taken = list(known)

    def person_in(group, every=False):
        for ph in (group.phrases if every else group.phrases[-1:]):
            toks = [t for t in ph.toks if t.text not in "()"]
            if len(toks) >= 2 and toks[-1].text in cues:
                toks = toks[:-1]  # '홍길동 박사를'
            span = _korean_name(analysis, toks, taken)
            if span is None and every and 2 <= len(toks) <= 3 and all(t.tag == "NNP" and _HANGUL.match(t.text) for t in toks) \
                    and all(a.end + 1 == b.start for a, b in zip(toks, toks[1:])) \
                    and not any(toks[0].start < y and x < toks[-1].end for x, y, _ in taken):
                span = (toks[0].start, toks[-1].end)  # a foreign name of two or three words
            if span:
                out.append(Mention(span[0], span[1], analysis.text[span[0]:span[1]], "Person", sent.index,
                                   "ko.person_argument", 0.65))
                taken.append((span[0], span[1], "Person"))

    for pi, pred in enumerate(items):
        if not isinstance(pred, syn.Predicate) or pred.passive:
            continue
        e = entries.get(pred.stem)
        if e is None or not (e.get("object") == "Person" or e.get("subject") == "Person" or e.get("type_object")):
            continue
        obj = next((it for it in reversed(items[:pi]) if isinstance(it, syn.Group)), None)
        if obj is None or obj.marker not in markers.get(e["marker"], ()):
            continue
        if e.get("object") == "Person":
            person_in(obj, every=True)
        if (e.get("subject") == "Person" or e.get("person_predicate")) and pred.subject is not None \
                and len(pred.subject.phrases) == 1:
            person_in(pred.subject)
        if e.get("type_subject") and pred.subject is not None:
            nm = _name_of_phrase(pred.subject.phrases[-1], taken)  # 'OO는 홍길동을 영입했다': the recruiter
            if nm and nm[0].tag in ("NNP", "SL") and not _korean_name(analysis, [nm[1]], []):
                a, b, typ = nm
                out.append(Mention(a.start, b.end, analysis.text[a.start:b.end], typ, sent.index, "ko.org_argument", 0.6))
                taken.append((a.start, b.end, typ))
        if e.get("object") in ("Organization",) and e.get("type_object"):
            nm = _name_of_phrase(obj.phrases[-1], taken)
            if nm:
                a, b, typ = nm
                out.append(Mention(a.start, b.end, analysis.text[a.start:b.end], typ, sent.index, "ko.org_argument", 0.65))
    return out


# ---------------------------------------------------------------- names glossed in Latin script
_LATIN_PERSON = re.compile(r"^[A-Z][a-z]+(?:\.? [A-Z][a-z]*\.?){1,3}$")  # 'Ezra Smith', 'John F. Smith'


def _glossed_people(analysis, sent, ks, known) -> list[Mention]:
    """'존 스미스(John Smith)': a Hangul name of two or three words glossed with a Latin personal name."""
    units = _sentence_units(ks)
    out = []
    for k, u in enumerate(units):
        if u.kind != "open" or k < 2 or k + 2 >= len(units):
            continue
        close = next((j for j in range(k + 1, min(len(units), k + 6)) if units[j].kind == "close"), None)
        if close is None:
            continue
        gloss = analysis.text[units[k].toks[-1].end:units[close].start].strip()
        if not _LATIN_PERSON.match(gloss):
            continue
        b = k - 1
        if units[b].kind != "word" or units[b].tail or units[b].toks[-1].end != units[k].start:
            continue
        a = b
        while a - 1 >= 0 and b - a < 2 and units[a - 1].kind == "word" and not units[a - 1].tail \
                and units[a - 1].toks[-1].end + 1 == units[a].start and _HANGUL.match(units[a - 1].core or "-") \
                and all(t.tag in ("NNP", "NNG") for t in units[a - 1].toks):
            a -= 1
        words = gloss.replace(".", " ").split()
        if b - a + 1 < 2 or b - a + 1 > len(words) or not all(_HANGUL.match(units[x].core or "-") for x in range(a, b + 1)):
            continue  # one Hangul word per Latin word at most, two at least
        s_, e_ = units[a].start, units[b].core_end
        if any(s_ < y and x < e_ for x, y, _ in known):
            continue
        out.append(Mention(s_, e_, analysis.text[s_:e_], "Person", sent.index, "ko.glossed_name", 0.7))
    return out
