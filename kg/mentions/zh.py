"""Chinese names that no gazetteer holds, found from the cues around them.

- organisation suffixes: ``月之暗面科技有限公司``, ``X集团``, ``X大学``, ``X资本`` (the
  name runs left from the suffix up to a boundary word such as 的/与/宣布);
  a suffix after a gazetteer name keeps its entry (``英伟达公司`` is Nvidia);
- people next to a title (``董事长张三``, ``张三董事长``, ``创始人兼CEO李四``), named
  where a company is founded (``由梁文锋创办``) or speaking (``张三表示``);
  Chinese names come from jieba's person tags (merged when jieba splits the
  surname off), transliterations (``萨姆·奥尔特曼``) and Latin names;
- names after a strong cue noun (``初创公司X``, ``大模型Kimi``);
- short names, nested in the full name and made the same entity by the resolver:
  the name without its legal tail (``海川控股有限公司`` is also ``海川控股``) and
  the last place of a chain of places (``法国里昂`` is also ``里昂``).

Word boundaries come from jieba: a one-character boundary word inside a noun
does not end a name (``云帆数据``), and a place that starts and ends inside
words is no place (``德国`` in ``穆罕默德国王``).
Parenthesised aliases (``月之暗面（Moonshot AI）``, ``（以下简称“星河”）``) are added by the mention stage.
All the words live in ``kg/data/rules/zh.json``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..context import Analysis
from ..ontology import classes_under
from ..model import Mention
from ..names import is_descriptor
from ..rules import load_place_list, load_rules
from . import finder

PLACE_TYPES = classes_under("Place")
PRODUCT_TYPES = classes_under("Product")
ORG_TYPES = classes_under("Organization")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·\-&.]")
_TRANSLIT = re.compile(r"[\u4e00-\u9fff]{1,6}[·•‧・][\u4e00-\u9fff]{1,8}(?:[·•‧・][\u4e00-\u9fff]{1,8})?")
_LATIN_PERSON = re.compile(r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,2}")
_LATIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-+]*(?: [A-Z0-9][A-Za-z0-9.\-+]*){0,3}")


@cache
def _lex():
    r = load_rules("zh")
    suffixes = {k: v for k, v in r["org_suffixes"].items() if not k.startswith("_")}
    titles = {k: v for k, v in r["titles"].items() if not k.startswith("_")}
    cues = {w: t for t, words in r["type_cues"].items() if not t.startswith("_") for w in words}
    boundary = sorted(set(r["boundary_words"]) | set(titles) | set(r["founding_verbs"]), key=len, reverse=True)
    return {
        "suffix_rx": re.compile("|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))),
        "suffixes": suffixes,
        "weak_suffixes": set(r["weak_suffixes"]),
        "generic": sorted(set(r["generic_name_parts"]), key=len, reverse=True),
        "boundary": boundary,
        "titles": titles,
        "title_rx": re.compile("|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))),
        "weak_titles": set(r["weak_titles"]),
        "cues": cues,
        "cue_words": sorted(cues, key=len, reverse=True),
        "copula_rx": re.compile(
            r"(?:^|(?<=[，。；：:\s]))(?P<name>[^\s，。；：:、（(“”\"]{2,12}?)(?:\s*[（(][^）)]{1,40}[）)])?"
            r"(?:是|为|系)(?:一家|一个|一款|一种|一所)?[^，。；！？]{0,16}?(?P<cue>"
            + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)) + r")(?=[，。；！？]|$)"),
        "cue_rx": re.compile("|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))),
        "surnames": set(r["surnames"]),
        "compound": set(r["compound_surnames"]),
        "stop_chars": set(r["person_stop_chars"]),
        "founding_verbs": r["founding_verbs"],
        "generic_acronyms": {g.casefold() for g in r["generic_acronyms"]},
        "modifiers": sorted(r["title_modifiers"], key=len, reverse=True),
        "version_rx": re.compile(r["product_version_pattern"]),
        "product_types": set(r["product_cue_types"]),
        "anchor_stops": set(r["name_anchor_stops"]),
        "demonstratives": set(r["demonstratives"]),
        "former_prefixes": set(r["former_prefixes"]),
        "translit_trim": r["translit_trim"],
        "closers": "|".join(re.escape(w) for w in sorted(r["person_closers"], key=len, reverse=True)),
        "legal_suffixes": set(r["legal_suffixes"]),
        "descriptive_rx": re.compile("|".join(re.escape(w) for w in r["descriptive_name_words"])),
        "crossable": r["name_crossable_words"],
        "name_industry": tuple(r["name_industry_words"]),
        "title_words": sorted(titles, key=len, reverse=True),
        "org_title_anchors": set(r["org_title_anchors"]),
        "org_title_stops": tuple(r["org_title_stops"]),
        "topic_org_rx": re.compile(r"(?P<name>[\u4e00-\u9fffA-Za-z0-9·]{2,10}?)(?:[（(][^）)]{1,30}[）)])?"
                                   r"(?P<pre>(?:于)?(?:19|20|18)\d\d年[^，。；]{0,8}?)?(?:正式)?(?:" + "|".join(r["topic_founding_verbs"])
                                   + r")(?:于|在)(?P<post>(?:19|20|18)\d\d)?"),
        "bio_rx": re.compile(r["bio_pattern"]),
        "short_tails": sorted(r["short_name_tails"], key=len, reverse=True),
        "noun_flags": r["noun_flags"],
        "role_org_words": sorted(r["role_org_words"], key=len, reverse=True),
        "name_stop_words": tuple(r["name_stop_words"]),
        "role_verbs": sorted(r["role_verbs"], key=len, reverse=True),
        "role_rx": re.compile("|".join(re.escape(w) for w in sorted(r["role_verbs"], key=len, reverse=True))),
        "stem_rx": re.compile("(?:" + "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True)) + ")$"),
        # '作为某某控股集团有限公司董事长，王明': a role clause before the person
        "role_clause_rx": re.compile(re.escape(r["role_clause_opener"]) + "[^，。；]{2,40}(?:"
                                     + "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)) + ")$"),
        # what may stand between a person and a founding verb ('博士于1995年联合创办')
        "founder_gap_rx": re.compile(rf"^{_alt(r['honorifics'])}?(?:于|在)?(?:\d{{4}}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?)?"
                                     rf"{_alt(r['founding_adverbs'])}?"),
        "founder_rest_rx": re.compile(rf"^{_alt(r['honorifics'])}?(?:于|在)?(?:\d{{4}}年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?)?"
                                      r"(?:在[\u4e00-\u9fff]{2,6}?(?=创|成|建))?" + rf"{_alt(r['founding_means'])}?"),
        "cofound_rx": re.compile(r"[与和同][^，。；！？]{0,24}?" + rf"{_alt(r['cofounding_adverbs'])}?"
                                 + _alt(r["founding_verbs"])),
        "founding_adverbs": tuple(r["founding_adverbs"]),
        "speech_verbs": tuple(r["speech_verbs"]),
    }


def _alt(words: list[str]) -> str:
    """A non-capturing alternation of ``words``, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@dataclass(frozen=True, slots=True)
class _Entry:
    type: str
    id: str | None = None


@dataclass(frozen=True, slots=True)
class _Hit:
    """A place found by the Chinese place list (shaped like a gazetteer hit)."""

    start: int
    end: int
    text: str
    entry: _Entry


@cache
def _places():
    names, d = load_place_list("zh")
    admin = sorted(d["admin_suffixes"], key=len, reverse=True)
    chain = sorted(d["chain_suffixes"], key=len, reverse=True)
    return {
        "names": names,
        "rx": re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))),
        "admin": admin,
        "chain_rx": re.compile(r"[\u4e00-\u9fff]{1,4}?(?:" + "|".join(re.escape(c) for c in chain) + ")"),
        "stop": set(d["chain_stop_words"]),
        "stop_endings": tuple(d.get("chain_stop_endings", [])),
        "blockers": tuple(d.get("suffix_blockers", [])),
    }


_RANK = {"Country": 0, "Region": 1, "City": 2}


def _admin_end(text: str, e: int, end: int, pl) -> int:
    """The end of a place name followed by its administrative suffix ('深圳' + '市')."""
    for a in pl["admin"]:
        if text.startswith(a, e) and e + len(a) <= end:
            if any(text.startswith(b, e) for b in pl["blockers"]):
                return e
            return e + len(a)
    return e


def place_hits(analysis: Analysis, sent, ghits, lx) -> list:
    """Places of a sentence: gazetteer places, the Chinese place list, and chains of them.

    '江西省赣州市', '法国里昂', '某某市青石镇': adjacent places are one place, named
    as written, typed by its last known part (and its gazetteer entry, if any).
    """
    pl = _places()
    text = analysis.text
    others = [(h.start, h.end) for h in ghits if h.entry.type not in PLACE_TYPES]
    bounds = _word_bounds(analysis, sent)
    spans: list = [h for h in ghits if h.entry.type in PLACE_TYPES and (h.start in bounds or h.end in bounds)]
    for m in pl["rx"].finditer(text, sent.start, sent.end):
        s, e = m.span()
        if _overlaps(s, e, others) or _overlaps(s, e, [(h.start, h.end) for h in spans]):
            continue
        if s not in bounds and e not in bounds:
            continue  # '德国' across two words of '穆罕默德国际学校…' is no place
        spans.append(_Hit(s, e, m.group(), _Entry(pl["names"][m.group()])))
    spans.sort(key=lambda h: h.start)
    out: list = []
    for h in spans:
        e = _admin_end(text, h.end, sent.end, pl)
        if e != h.end:
            h = _Hit(h.start, e, text[h.start:e], h.entry)
        if out and out[-1].end == h.start and h.start > out[-1].start \
                and _RANK.get(h.entry.type, 2) >= _RANK.get(out[-1].entry.type, 2):
            prev = out.pop()
            h = _Hit(prev.start, h.end, text[prev.start:h.end], h.entry)
        out.append(h)
    # continue a place with a short admin name: '余姚市' + '梨洲街道', '宁波' + '鄞州区'
    final = []
    for h in out:
        while True:
            c = pl["chain_rx"].match(text, h.end, sent.end)
            if c is None or c.group() in pl["stop"] or any(c.group().startswith(w) for w in pl["stop"]) \
                    or c.group().endswith(pl["stop_endings"]) \
                    or text[h.end] in lx["stop_chars"] or _overlaps(c.start(), c.end(), others):
                break
            if any(x.start < c.end() and c.start() < x.end for x in out if x is not h):
                break
            h = _Hit(h.start, c.end(), text[h.start:c.end()], _Entry(h.entry.type if h.entry.type == "City" else "City", h.entry.id))
        final.append(h)
    return final


def _jieba():
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba, jieba.posseg


def _posseg(text: str, start: int) -> list[tuple[str, str, int, int]]:
    """jieba words with POS flags and document offsets."""
    _, pseg = _jieba()
    out, pos = [], start
    for w in pseg.cut(text):
        out.append((w.word, w.flag, pos, pos + len(w.word)))
        pos += len(w.word)
    return out


def _overlaps(s: int, e: int, spans) -> bool:
    return any(s < b and a < e for a, b in spans)


def _ends_with_boundary(text: str, j: int, lo: int, boundary, in_nouns: frozenset[int] | None = None) -> bool:
    """Whether a boundary word ends at ``j``. With ``in_nouns`` (offsets of characters inside jieba
    nouns of two or more characters), a one-character boundary word inside such a noun does not
    count: 据 ends a name in '据报道' but not in '云帆数据'; 是 still does in '就是'."""
    for w in boundary:
        if j - len(w) >= lo and text[j - len(w):j] == w:
            if len(w) == 1 and in_nouns is not None and j - 1 in in_nouns:
                continue
            return True
    return False


def _sent_words(analysis: Analysis, sent) -> list[tuple[str, str, int, int]]:
    """jieba words of a sentence with POS flags and document offsets (cached)."""
    key = ("zh.words", sent.start)
    cached = analysis.syntax.get(key)
    if cached is None:
        cached = analysis.syntax[key] = _posseg(sent.text, sent.start)
    return cached


def _word_bounds(analysis: Analysis, sent) -> frozenset[int]:
    """Offsets where a jieba word starts or ends in the sentence (cached)."""
    key = ("zh.word_bounds", sent.start)
    cached = analysis.syntax.get(key)
    if cached is None:
        cached = frozenset(x for _, _, a, b in _sent_words(analysis, sent) for x in (a, b))
        analysis.syntax[key] = cached
    return cached


def _noun_chars(analysis: Analysis, sent) -> frozenset[int]:
    """Offsets of the characters inside jieba nouns (``noun_flags``) of two or more characters (cached)."""
    key = ("zh.noun_chars", sent.start)
    cached = analysis.syntax.get(key)
    if cached is None:
        flags = tuple(_lex()["noun_flags"])
        cached = frozenset(i for w, flag, a, b in _sent_words(analysis, sent)
                           if flag.startswith(flags) and b - a > 1 for i in range(a, b))
        analysis.syntax[key] = cached
    return cached


def _starts_with_boundary(text: str, j: int, boundary) -> bool:
    return any(text.startswith(w, j) for w in boundary)


def _is_generic(core: str, lx) -> bool:
    """Whether a name is made only of generic words ('中国', '人工智能', '这家', 'GPU')."""
    rest = core.strip()
    changed = True
    while rest and changed:
        changed = False
        for g in lx["generic"]:
            if rest.startswith(g):
                rest = rest[len(g):].strip()
                changed = True
                break
        lat = re.match(r"[A-Za-z0-9]+", rest)
        if lat and lat.group().casefold() in lx["generic_acronyms"]:
            rest = rest[lat.end():].strip()
            changed = True
    return not rest


def _is_cue_phrase(name: str, lx) -> bool:
    """'GPU初创公司', '人工智能公司': a cue noun with generic words before it, no name."""
    for c in lx["cue_words"]:
        if name.endswith(c) and _is_generic(name[:-len(c)], lx):
            return True
    return False


def _looks_like_name(core: str) -> bool:
    """A core with Latin letters, or one jieba does not know as a common word."""
    if re.search(r"[A-Za-z]", core):
        return True
    jieba, pseg = _jieba()
    words = list(pseg.cut(core))
    if any(w.flag in ("nz", "nt", "nrt", "nr", "nrfg") for w in words):
        return True
    if any(w.word not in jieba.dt.FREQ for w in words):
        return True
    # jieba breaks an unknown name into pieces: '云从' -> 云/从, '天数智芯' -> 天数/智/芯
    return len(words) > 1 and any(len(w.word) == 1 for w in words)


_DATE_END = re.compile(r"\d{1,4}\s*[年月日号]\s*$")


def _skip_paren(text: str, p: int, lo: int, hits, lx) -> int:
    """'北海湾港务（集团）有限公司', '澜图智能(苏州)股份有限公司': a short place or suffix in brackets is part of the name."""
    if p - 1 < lo or text[p - 1] not in ")）":
        return p
    o = max(text.rfind("(", lo, p - 1), text.rfind("（", lo, p - 1))
    if o == -1 or p - 1 - o > 7:
        return p
    inner = text[o + 1:p - 1]
    if inner in lx["suffixes"] or any(h.start == o + 1 and h.end == p - 1 and h.entry.type in PLACE_TYPES for h in hits):
        return o
    return p


def _place_anchor(text: str, j: int, lo: int, hits, lx) -> int | None:
    """The start of a place that opens a registered name, within a few characters left of ``j``."""
    k = j
    while k > lo and j - k < 8:
        hit = next((h for h in hits if h.end == k), None)
        if hit is not None:
            return hit.start if hit.entry.type in PLACE_TYPES else None
        c = text[k - 1]
        if not _HAN.match(c) or c in lx["anchor_stops"]:
            return None
        k -= 1
    return None


def _org_suffix_mentions(analysis: Analysis, sent, hits, lx, people=()) -> Iterator[Mention]:
    text = analysis.text
    lo = sent.start
    person_ends = {e for _, e in people}
    matches = list(lx["suffix_rx"].finditer(text, sent.start, sent.end))
    in_nouns = _noun_chars(analysis, sent)
    k = 0
    while k < len(matches):
        p, q = matches[k].span()
        chain = [matches[k].group()]
        while k + 1 < len(matches) and matches[k + 1].start() == q:
            k += 1
            q = matches[k].end()
            chain.append(matches[k].group())
        k += 1
        inside = next((h for h in hits if h.entry.type in ORG_TYPES and h.start < p < h.end < q), None)
        if inside is not None:  # '星河通讯股份有限公司' (the gazetteer knows '星河通讯'): the known name holds the first suffix
            sub = lx["suffix_rx"].match(text, inside.end)
            if sub is not None and sub.end() <= q:
                p = inside.end
                chain = [m.group() for m in lx["suffix_rx"].finditer(text, p, q)]
        type_ = lx["suffixes"][chain[-1]]
        strong = any(c not in lx["weak_suffixes"] for c in chain)  # a legal or institutional suffix
        # a known name right before the suffix: '英伟达公司' is Nvidia
        known = [h for h in hits if h.end == p and h.entry.type in ORG_TYPES]
        whole = [h for h in hits if h.start <= p and h.end >= q]
        if whole or _overlaps(p, q, [(h.start, h.end) for h in hits]):
            continue
        if known and all(lx["suffixes"][c] == "Company" for c in chain) and (strong or "公司" in chain):
            h = known[0]
            j = h.start
            place = [x for x in hits if x.end == j and x.entry.type in PLACE_TYPES]
            if place:
                j = place[0].start  # '北京月之暗面科技有限公司' is Moonshot AI
            yield Mention(j, q, text[j:q], h.entry.type, sent.index, "zh.suffix", 0.85, h.entry.id)
            continue
        if known:
            continue
        # the name runs left from the suffix up to a boundary
        j = _skip_paren(text, p, lo, hits, lx)
        bracketed = j != p
        place_start = None
        known_inside = None
        stopped = False
        while j > lo and p - j < 16:
            hit = next((h for h in hits if h.end == j), None)
            if hit is not None:
                if hit.entry.type in PLACE_TYPES:
                    place_start = hit.start
                    j = hit.start
                elif hit.entry.type in ORG_TYPES and strong and j < p and hit.entry.id:
                    known_inside = hit  # '杭州<known name>数字技术股份有限公司' is the known company
                break
            if not _NAME_CHAR.match(text[j - 1]) and text[j - 1] != " ":
                break
            if text[j - 1] == " " and not (j - 2 >= lo and re.match(r"[A-Za-z0-9]", text[j - 2])
                                           and re.match(r"[A-Za-z0-9]", text[j])):
                break  # '2019年3月 晨星集团': a space between Han words ends the name
            if _DATE_END.search(text, lo, j) or (text[j - 1].isdigit() and _HAN.match(text[j])):
                break  # '2016年5月云帆数据有限公司', '(021)1234 5678某某银行'
            if j < p and not bracketed and any(mm.end() == j and mm.group() in lx["legal_suffixes"] for mm in matches):
                break  # '…股份有限公司注册资本': another name ends here
            if j < p and any(text.endswith(w, lo, j) for w in lx["name_stop_words"]):
                stopped = True  # '上市公司海川自动化集团': a generic noun before the name
                break
            w = next((w for w in lx["crossable"] if j - len(w) >= lo and text[j - len(w):j] == w), None)
            legal = j == p and any(c in lx["legal_suffixes"] for c in chain)  # 'X开发有限责任公司'
            if w is not None and (legal or (j < p and any(text.startswith(x, j) for x in lx["name_industry"]))):
                j -= len(w)  # '南京秦淮投资控股有限公司': 投资 inside a name
                continue
            if _ends_with_boundary(text, j, lo, lx["boundary"], in_nouns):
                stopped = True
                break
            if any(text.startswith(v, j - len(v)) and j - len(v) in person_ends for v in lx["role_verbs"]):
                stopped = True  # '王明任海川港务集团…': the name starts after a person and a role verb
                break
            j -= 1
        if known_inside is not None:
            a = known_inside.start
            place = [x for x in hits if x.end == a and x.entry.type in PLACE_TYPES]
            if place:
                a = place[0].start
            yield Mention(a, q, text[a:q], known_inside.entry.type, sent.index, "zh.suffix", 0.8, known_inside.entry.id)
            continue
        if stopped and place_start is None and strong:
            # '浙江云栖投资有限公司', '绍兴明理教育集团': a registered name runs from its place
            anchor = _place_anchor(text, j, lo, hits, lx)
            if anchor is not None:
                place_start = anchor
                j = anchor
        core_start = j if place_start is None else next(h.end for h in hits if h.start == place_start)
        core = text[core_start:p].strip()
        if place_start is None:
            core = core.lstrip(" ")
        if len(core) < 2 and not (place_start is not None and type_ in ("University", "Organization")):
            continue
        if core and _is_generic(core, lx) and not (place_start is not None and any(c in lx["legal_suffixes"] for c in chain)):
            continue
        if not any(c in lx["legal_suffixes"] for c in chain) and lx["descriptive_rx"].search(text[j:p]):
            continue  # '国内第二大家电制造公司', '三个下属子公司': a description, no name
        if not core and type_ not in ("University", "Organization"):
            continue
        if not strong and not _looks_like_name(core):
            continue
        if core.casefold() in lx["generic_acronyms"] or _is_cue_phrase(text[j:q].strip(), lx):
            continue
        start = j
        while start < p and text[start] == " ":
            start += 1
        if text[start] in lx["former_prefixes"] and p - start >= 3 and place_start is None:
            start += 1  # '原海川证券': a former employer, named without its 原
        yield Mention(start, q, text[start:q], type_, sent.index, "zh.suffix", 0.75 if strong else 0.65)


class _Span:
    def __init__(self, a: int, b: int):
        self.a, self.b = a, b

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b

    def span(self) -> tuple[int, int]:
        return (self.a, self.b)


def _translits(text: str, sent, lx) -> Iterator[_Span]:
    """Transliterated names, each trimmed, searched again right after the last one."""
    pos = sent.start
    while pos < sent.end:
        m = _TRANSLIT.search(text, pos, sent.end)
        if m is None:
            return
        t = _trim_translit(text, m, lx)
        if t is None:
            pos = m.start() + 1
            continue
        yield t
        pos = t.end()


def _trim_translit(text: str, m, lx):
    """'联合创始人彼得·沃尔特一起': the name without the title before it and the words after it."""
    a, b = m.start(), m.end()
    dot = next(i for i in range(a, b) if text[i] in "·•‧・")
    for w in lx["title_words"] + list(lx["boundary"]):
        i = text.rfind(w, a, dot)
        if i != -1 and i + len(w) <= dot:
            a = max(a, i + len(w))
    for w in lx["translit_trim"]:
        i = text.find(w, dot + 1, b)
        if i != -1:
            b = min(b, i)
    if dot - a < 1 or b - dot < 2:
        return None
    return _Span(a, b)


def _persons(analysis: Analysis, sent, lx) -> list[tuple[int, int]]:
    """Spans of person names in a sentence: jieba person words (merged), transliterations, Latin names."""
    text = analysis.text
    words = _sent_words(analysis, sent)
    spans = []
    i = 0
    while i < len(words):
        w, flag, s, e = words[i]
        if flag.startswith("nr") and _HAN.match(w):
            # '蔡' + '崇信': a lone surname glued to the given name
            if len(w) == 1 and w in lx["surnames"] and i + 1 < len(words):
                w2, _, _, e2 = words[i + 1]
                if 1 <= len(w2) <= 2 and all(_HAN.match(c) and c not in lx["stop_chars"] for c in w2):
                    spans.append((s, e2))
                    i += 2
                    continue
            if 2 <= len(w) <= 4 and (w[0] in lx["surnames"] or w[:2] in lx["compound"]):
                spans.append((s, e))
            elif 3 <= len(w) <= 5 and flag in ("nr", "nrt"):
                spans.append((s, e))  # a transliterated name: '基辛格'; used only next to a title
        i += 1
    for rx in (_TRANSLIT, _LATIN_PERSON):
        for m in _translits(text, sent, lx) if rx is _TRANSLIT else rx.finditer(text, sent.start, sent.end):
            inner = [x for x in spans if m.start() <= x[0] and x[1] <= m.end()]
            if rx is _TRANSLIT and inner:  # '萨姆·奥尔特曼' over the '奥尔特曼' jieba tags
                spans = [x for x in spans if x not in inner]
            if not _overlaps(m.start(), m.end(), spans):
                spans.append(m.span())
    return spans


def _surname_name(text: str, j: int, end: int, lx) -> tuple[int, int] | None:
    """A Chinese name starting at j by surname and boundary (when jieba did not tag it)."""
    sur = 2 if text[j:j + 2] in lx["compound"] else (1 if text[j:j + 1] in lx["surnames"] else 0)
    if not sur:
        return None
    for n in (sur + 1, sur + 2):
        k = j + n
        if any(len(w) > 1 and text.startswith(w, i) and i + len(w) > k - 1 for i in range(j + sur, k) for w in lx["boundary"]
               if text[i:i + 1] == w[:1]):
            return None  # '王一起创立': the name would cut '一起' 
        if k > end or not all(_HAN.match(c) for c in text[j:k]):
            return None
        if any(c in lx["stop_chars"] for c in text[j + sur:k]):
            return None
        if k == end or not _HAN.match(text[k]) or _starts_with_boundary(text, k, lx["boundary"]) or text[k] in lx["stop_chars"]:
            return (j, k)
    return None


def _title_people(analysis: Analysis, sent, taken, people, lx) -> Iterator[Mention]:
    text = analysis.text
    for m in lx["title_rx"].finditer(text, sent.start, sent.end):
        ts, te = m.span()
        if _overlaps(ts, te, taken):
            continue
        weak = m.group() in lx["weak_titles"]
        # the title chain: '创始人兼首席执行官'
        k = te
        while True:
            nxt = lx["title_rx"].match(text, k + 1) if text[k:k + 1] in ("兼", "、") else None
            if nxt is None:
                break
            k = nxt.end()
        sep = re.match(r" (?! )|[：:—\-]{1,2}", text[k:sent.end])
        if sep and k < sent.end and not (sep.group().strip() == "" and re.match(r"[A-Za-z]", text[k - 1])):
            k += sep.end()  # '董事长 王明', '董事长：李华', '董事长——赵强'
        if text[k:k + 1] in ("为", "是") and (any(s == k + 1 for s, _ in people) or _surname_name(text, k + 1, sent.end, lx)):
            k += 1  # '法定代表人为刘志强'
        org_before = any(h[1] == ts or text[h[1]:ts] in ("的", "") for h in taken if h[1] <= ts and ts - h[1] <= 1)
        if weak and not org_before:
            continue
        after = next(((s, e) for s, e in people if s == k), None)
        if k < sent.end:
            alt = _surname_name(text, k, sent.end, lx)
            if alt is not None and (after is None or alt[1] > after[1]) and \
                    (after is None or alt[1] >= sent.end or not _HAN.match(text[alt[1]])):
                after = alt  # '董事长：张飞宇' (jieba reads '张飞')
        if after is None and not weak:
            # '首席执行官基辛格表示': a name jieba does not tag, closed by what people do
            m2 = re.match(r"([\u4e00-\u9fff]{2,5}?)(?:" + lx["closers"] + ")", text[k:sent.end])
            if m2 and not lx["suffix_rx"].search(m2.group(1)) and not _is_generic(m2.group(1), lx) \
                    and not lx["title_rx"].search(m2.group(1)):
                after = (k, k + len(m2.group(1)))
        if after is not None and not _overlaps(*after, taken):
            yield Mention(after[0], after[1], text[after[0]:after[1]], "Person", sent.index, "zh.title", 0.85)
            continue
        before = next(((s, e) for s, e in people if e == ts), None)
        # skip a modifier: '张三前董事长'
        if before is None:
            for mod in lx["modifiers"]:
                if text[ts - len(mod):ts] == mod:
                    before = next(((s, e) for s, e in people if e == ts - len(mod)), None)
                    break
        if before is not None and not _overlaps(*before, taken):
            yield Mention(before[0], before[1], text[before[0]:before[1]], "Person", sent.index, "zh.title", 0.85)


def _chain_start(text: str, ts: int, lo: int, lx) -> int:
    """The start of a title chain that ends with the title at ``ts``: '党委书记、董事长'."""
    changed = True
    while changed:
        changed = False
        for t in lx["title_words"]:
            if ts - len(t) - 1 >= lo and text[ts - 1] in "、兼" and text[ts - len(t) - 1:ts - 1] == t:
                ts -= len(t) + 1
                changed = True
                break
    for mod in lx["modifiers"]:
        if ts - len(mod) >= lo and text[ts - len(mod):ts] == mod:
            return ts - len(mod)
    return ts


def _title_orgs(analysis: Analysis, sent, hits, taken, people, lx) -> Iterator[Mention]:
    """'晨光云图董事长周启航': the name before a leading title and a person is an organisation."""
    text = analysis.text
    lo = sent.start
    for m in lx["title_rx"].finditer(text, sent.start, sent.end):
        if m.group() not in lx["org_title_anchors"] or _overlaps(m.start(), m.end(), taken):
            continue
        # a person must follow the title chain
        k = m.end()
        while True:
            nxt = lx["title_rx"].match(text, k + 1) if text[k:k + 1] in ("兼", "、") else None
            if nxt is None:
                break
            k = nxt.end()
        k += len(re.match(r" (?! )|[：:—\-]{0,2}", text[k:sent.end]).group())
        if not any(s == k for s, _ in people) and not any(s == k for s, _ in taken):
            continue
        ts = _chain_start(text, m.start(), lo, lx)
        place_spans = {(h.start, h.end) for h in hits if h.entry.type in PLACE_TYPES}
        if any((e == ts or (e == ts - 1 and text[ts - 1] == "的")) and (s, e) not in place_spans for s, e in taken):
            continue
        j = ts
        place_start = None
        if ts - 2 >= lo and text[ts - 1] == " " and _HAN.match(text[ts - 2]):
            ts -= 1  # '云帆证券 党委副书记、总裁 李华'
        m_code = re.search(r"[（(][^）)]{0,12}\d{4,}[^）)]{0,6}[）)]$", text[max(lo, ts - 20):ts])
        end = ts - len(m_code.group()) if m_code else ts  # '星河科技(600000)董事长': a stock code
        j = end
        while j > lo and end - j < 12:
            hit = next((h for h in hits if h.end == j), None)
            if hit is not None and j == end and hit.entry.type in PLACE_TYPES and hit.start > lo \
                    and _NAME_CHAR.match(text[hit.start - 1]) and not _HAN.match(text[hit.start - 1]):
                j = hit.start  # 'Nova中国': a place that ends a Latin name
                continue
            if hit is not None:
                if hit.entry.type in PLACE_TYPES:
                    place_start = j = hit.start
                break
            if any(e == j for _, e in taken) or not _NAME_CHAR.match(text[j - 1]):
                break
            if _DATE_END.search(text, lo, j) or _ends_with_boundary(text, j, lo, lx["boundary"]):
                break
            j -= 1
        core = text[j:end]
        if place_start is not None:
            core = text[next(h.end for h in hits if h.start == place_start):end]
        if len(core) < 2 or core[0].isdigit() or _is_generic(core, lx) or lx["title_rx"].search(core):
            continue
        if any(core.endswith(w) or core.startswith(w) for w in lx["org_title_stops"]):
            continue
        places_in = {(h.start, h.end) for h in hits if h.entry.type in PLACE_TYPES and j <= h.start and h.end <= end}
        if _overlaps(j, end, [t for t in taken if tuple(t) not in places_in]) or any(s <= j and end <= e for s, e in people) or any(c in lx["anchor_stops"] for c in core):
            continue
        if len(core) < 3 and not _looks_like_name(core):
            continue
        yield Mention(j, end, text[j:end], "Company", sent.index, "zh.title_org", 0.6)


def _topic_orgs(analysis: Analysis, sent, taken, hits, lx) -> Iterator[Mention]:
    """'晨星资本成立于2011年', 'Zentro于2014年成立于法国': a clause-initial name said to be founded on a date."""
    text = analysis.text
    for m in lx["topic_org_rx"].finditer(text, sent.start, sent.end):
        if not (m.group("pre") or m.group("post")):
            continue
        s, e = m.span("name")
        core = text[s:e]
        places_in = {(h.start, h.end) for h in hits if h.entry.type in PLACE_TYPES and s <= h.start and h.end <= e}
        taken_here = [t for t in taken if tuple(t) not in places_in]
        if core[0].isdigit() or core.startswith("第") or any(c in lx["anchor_stops"] or c in "它他她我你其" for c in core):
            continue
        if s > sent.start and not (text[s - 1] in "，。；：:、 \u3000”\"）)》」" or any(x[1] == s for x in taken)):
            continue
        if places_in and min(places_in)[1] >= e:
            continue  # a place alone
        if _overlaps(s, e, taken_here) or len(core) < 2 or _is_generic(core, lx) or lx["title_rx"].search(core):
            continue
        stem = lx["stem_rx"].sub("", core) or core
        if _starts_with_boundary(text, s, lx["boundary"]) or any(stem.startswith(w) or stem.endswith(w) for w in lx["org_title_stops"]):
            continue
        if _is_generic(stem, lx) or lx["descriptive_rx"].search(stem):
            continue
        if core[0] in lx["demonstratives"] or (len(core) < 4 and not _looks_like_name(core)):
            continue
        yield Mention(s, e, core, "Company", sent.index, "zh.topic_org", 0.6)


def _lead_people(analysis: Analysis, sent, taken, people, lx) -> Iterator[Mention]:
    """'李明远，男，…', '郑国栋任…公司董事长', '张三现任…': a person named by a biography or a role verb."""
    text = analysis.text
    starts = {sent.start} | {i + 1 for i in range(sent.start, sent.end) if text[i] in "，,。；：:、 \u3000由—"} \
        | {e for _, e in taken}
    for k in sorted(starts):
        if k >= sent.end or _overlaps(k, k + 1, taken):
            continue
        cands = [(s, e) for s, e in people if s == k] + [x for x in [_surname_name(text, k, sent.end, lx)] if x]
        lead = re.match(r"[\u4e00-\u9fff]{2,4}?(?=[，,（(]|于?\d|职务)", text[k:sent.end]) if k == sent.start else None
        if lead and (text[k] in lx["surnames"] or text[k:k + 2] in lx["compound"]):
            cands.append((k, k + lead.end()))  # '李明远，男，…': the whole lead before the comma
        span = max(cands, key=lambda x: x[1]) if cands else None
        if span is None or _overlaps(*span, taken):
            continue
        rest = text[span[1]:sent.end]
        gap = len(rest) - len(rest.lstrip("，, \u3000"))
        org = next(((s, e) for s, e in taken if s == span[1] + gap and e - s >= 4), None) if gap <= 1 else None
        caption = k > sent.start and text[k - 1] == "—"  # '——王明　某某集团董事长': a signature
        bio = (k == sent.start or caption) and (lx["bio_rx"].match(rest) or (org is not None and (
            rest[:1] in "，," or lx["title_rx"].match(text, org[1] + (text[org[1]:org[1] + 1] == "的")))))
        rm = lx["role_rx"].match(rest)
        role = rm and (any(s >= span[1] and s - span[1] <= 6 for s, _ in taken) or lx["title_rx"].match(rest, rm.end())
                       or any(rest.startswith(w, rm.end()) and lx["title_rx"].match(rest, rm.end() + len(w))
                              for w in lx["role_org_words"]))  # '王明任集团公司董事长'
        if not role and k > sent.start and text[k - 1] in "，," and lx["role_clause_rx"].search(
                text[sent.start:k - 1]):
            role = True  # '作为某某控股集团有限公司董事长，王明…'
        if role and lx["title_rx"].match(text, span[1]):
            role = False
        if not role and text[k - 1:k] == "由":
            rest2 = lx["founder_gap_rx"].sub("", rest)
            role = any(rest2.startswith(v) for v in lx["founding_verbs"])  # '由刘海川博士于1995年创办' 
        if bio or role:
            yield Mention(span[0], span[1], text[span[0]:span[1]], "Person", sent.index, "zh.lead_person", 0.7)


def _context_people(analysis: Analysis, sent, taken, people, lx) -> Iterator[Mention]:
    """'由梁文锋创办', '张一鸣于2012年创办了', '张三表示': people named by what they do."""
    text = analysis.text
    speech = lx["speech_verbs"]
    for s, e in people:
        if _overlaps(s, e, taken):
            continue
        rest = text[e:sent.end]
        rest2 = lx["founder_rest_rx"].sub("", rest)
        co = re.match(r"[和与及、]", rest2)
        if co:  # '由张伟和李娜共同创立': the first of two founders
            k2 = e + 1 + (len(rest) - len(rest2))
            other = next(((a, b) for a, b in people if a == k2), None) or _surname_name(text, k2, sent.end, lx)
            if other is not None:
                rest2 = text[other[1]:sent.end]
        cofound = lx["cofound_rx"].match(rest2)
        if cofound or any(rest2.startswith(v) for v in lx["founding_verbs"]) or rest2.startswith(lx["founding_adverbs"]):
            yield Mention(s, e, text[s:e], "Person", sent.index, "zh.founder", 0.75)
        elif rest.startswith(speech) and _HAN.match(text[s]):
            yield Mention(s, e, text[s:e], "Person", sent.index, "zh.speaker", 0.6)


def _cue_names(analysis: Analysis, sent, taken, lx) -> Iterator[Mention]:
    """'初创公司无问芯穹', '大模型Kimi': the name right after a strong cue noun."""
    text = analysis.text
    for m in lx["cue_rx"].finditer(text, sent.start, sent.end):
        type_ = lx["cues"][m.group()]
        k = m.end()
        if k >= sent.end or _overlaps(m.start(), m.end(), taken):
            continue
        lat = _LATIN_NAME.match(text, k)
        if lat and lat.end() <= sent.end and lat.group().casefold() not in lx["generic_acronyms"]:
            s, e = lat.span()
            if not _overlaps(s, e, taken) and not lx["title_rx"].match(text, s):
                yield Mention(s, e, text[s:e].rstrip(), type_, sent.index, "zh.cue", 0.7)
            continue
        if type_ not in ORG_TYPES:
            continue
        j = k
        while j < sent.end and j - k < 8 and _HAN.match(text[j]) and not _starts_with_boundary(text, j, lx["boundary"]):
            if any(h[0] == j for h in taken):
                break
            j += 1
        core = text[k:j]
        if len(core) >= 2 and (j == sent.end or not _HAN.match(text[j]) or _starts_with_boundary(text, j, lx["boundary"])) \
                and not _is_generic(core, lx) and not _overlaps(k, j, taken) and not lx["suffix_rx"].search(core) \
                and _looks_like_name(core):
            yield Mention(k, j, core, type_, sent.index, "zh.cue", 0.65)


def _versions(analysis: Analysis, hits, lx) -> Iterator[Mention]:
    """A known product and its version: '文心大模型4.5', '通义千问2.5-Max'."""
    text = analysis.text
    for h in hits:
        if h.entry.type not in PRODUCT_TYPES:
            continue
        m = lx["version_rx"].match(text, h.end)
        if m and m.end() > h.end and not (m.end() < len(text) and re.match(r"[A-Za-z0-9]", text[m.end()])):
            if any(x.start < m.end() and h.end < x.end for x in hits if x is not h):
                continue
            yield Mention(h.start, m.end(), text[h.start:m.end()], h.entry.type, analysis.sentence_of(h.start),
                          "zh.version", 0.9, h.entry.id)


def _copula_names(analysis: Analysis, sent, taken, lx) -> Iterator[Mention]:
    """'无问芯穹（Infinigence）是一家人工智能初创公司。': a clause-initial name typed by the cue it is."""
    text = analysis.text
    rx = lx["copula_rx"]
    for m in rx.finditer(text, sent.start, sent.end):
        s, e = m.span("name")
        core = text[s:e].strip()
        if _overlaps(s, e, taken) or len(core) < 2 or _is_generic(core, lx) or lx["title_rx"].search(core):
            continue
        if _starts_with_boundary(text, s, lx["boundary"]) or any(_HAN.match(c) is None and not c.isalnum() for c in core):
            continue
        if re.search(r"[\u4e00-\u9fff]", core) and not _looks_like_name(core):
            continue
        yield Mention(s, e, core, lx["cues"][m.group("cue")], sent.index, "zh.copula", 0.7)


_LATIN_PRODUCT = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9.\-+]*[A-Za-z0-9])(?=[\u4e00-\u9fff])")


def _product_names(analysis: Analysis, sent, taken, lx) -> Iterator[Mention]:
    """'R1模型', 'H20芯片': a Latin name right before a product cue noun."""
    text = analysis.text
    for m in _LATIN_PRODUCT.finditer(text, sent.start, sent.end):
        cue = next((c for c in lx["cue_words"] if text.startswith(c, m.end())), None)
        if cue is None or lx["cues"][cue] not in lx["product_types"]:
            continue
        if m.group(1).casefold() in lx["generic_acronyms"] or _overlaps(*m.span(1), taken):
            continue
        yield Mention(m.start(1), m.end(1), m.group(1), lx["cues"][cue], sent.index, "zh.cue_after", 0.7)


_HAN_VERSION = re.compile(r"([\u4e00-\u9fff]{2,6})-(\d+(?:\.\d+)?)(?![\dA-Za-z.])")


def _han_product_versions(analysis: Analysis, sent, taken, lx) -> Iterator[Mention]:
    """'发布大模型开阳-2', '开阳-2大模型', '开阳-2（Kaiyang-2）模型': a Han name with a hyphened version,
    next to a product cue noun. The name starts at a word (token) start, leaving 2+ characters."""
    text = analysis.text
    starts = analysis.token_bounds()[0]
    cues = [c for c in lx["cue_words"] if lx["cues"][c] in lx["product_types"]]
    for m in _HAN_VERSION.finditer(text, sent.start, sent.end):
        run_start, end = m.start(1), m.end()
        start = None
        cue = None
        for c in cues:  # a cue right before the version: the name is everything after it in the run
            k = text.rfind(c, run_start, m.end(1))
            if k != -1 and m.end(1) - (k + len(c)) >= 2:
                start, cue = k + len(c), c
                break
        if start is None:
            after = text[end:end + 24]
            after = re.sub(r"^[（(][^）)]{1,20}[）)]", "", after)  # '（Kaiyang-2）'
            cue = next((c for c in cues if after.startswith(c)), None)
            if cue is None:
                continue
            start = max((i for i in range(run_start, m.end(1) - 1) if i in starts), default=None)
            if start is None:
                continue
        if _overlaps(start, end, taken) or _is_generic(text[start:m.end(1)], lx):
            continue
        yield Mention(start, end, text[start:end], lx["cues"][cue], sent.index, "zh.han_version", 0.7)


def _place_tail(analysis: Analysis, sent, h) -> list[Mention]:
    """'江西省赣州市' is 赣州市, '法国里昂' is 里昂: a chain of places also has its last known place as a
    short name (nested; the resolver makes it the same entity)."""
    pl = _places()
    text = analysis.text
    best = None
    for m in pl["rx"].finditer(text, h.start + 1, h.end):
        e = _admin_end(text, m.end(), h.end, pl)
        if e == h.end and pl["names"].get(m.group()) == "City" and (best is None or m.start() < best[0]):
            best = (m.start(), e)
    if best is None:
        return []
    return [Mention(best[0], best[1], text[best[0]:best[1]], "City", sent.index, "zh.place_tail.short_name.nested", 0.8)]


def _short_names(found, hits, lx) -> Iterator[Mention]:
    """'海川控股有限公司' is also '海川控股': the name without its legal tail, nested in the full name
    (the resolver makes it the same entity, so a later '海川控股' is too)."""
    for m in found:
        if m.type not in ORG_TYPES:
            continue
        tail = next((t for t in lx["short_tails"] if m.text.endswith(t)), None)
        if tail is None:
            continue
        short = m.text[:-len(tail)].rstrip()
        if len(short) < 2 or _is_generic(short, lx) or any(h.start == m.start and h.end == m.start + len(short)
                                                           and h.entry.type in PLACE_TYPES for h in hits):
            continue
        yield Mention(m.start, m.start + len(short), short, m.type, m.sentence, "zh.short_name.nested",
                      m.confidence, m.gazetteer_id)
        # without the city it was registered in, too: '深圳璇玑机器人' is '璇玑机器人' elsewhere
        place = next((h for h in hits if h.start == m.start and h.entry.type in PLACE_TYPES
                      and h.end < m.start + len(short)), None)
        if place is not None and m.gazetteer_id is None:
            bare = short[place.end - m.start:]
            if len(bare) >= 2 and not _is_generic(bare, lx) and not is_descriptor(bare):
                yield Mention(place.end, m.start + len(short), bare, m.type, m.sentence, "zh.short_name.nested",
                              m.confidence)


@finder("zh.cues", languages=("zh",), priority=2)
def chinese_cue_mentions(analysis: Analysis) -> Iterator[Mention]:
    """Names typed by organisation suffixes, titles, founding verbs and cue nouns."""
    lx = _lex()
    hits = analysis.gazetteer_hits()
    yield from _versions(analysis, hits, lx)
    for sent in analysis.sentences:
        shits = [h for h in hits if sent.start <= h.start and h.end <= sent.end]
        places = place_hits(analysis, sent, shits, lx)
        shits = [h for h in shits if h.entry.type not in PLACE_TYPES] + places
        shits.sort(key=lambda h: h.start)
        people = _persons(analysis, sent, lx)
        found = list(_org_suffix_mentions(analysis, sent, shits, lx, people))
        for h in places:
            if not any(h.start == g.start and h.end == g.end for g in hits):
                found.append(Mention(h.start, h.end, h.text, h.entry.type, sent.index, "zh.place", 0.8, h.entry.id))
                found += _place_tail(analysis, sent, h)
        taken = [(h.start, h.end) for h in shits] + [(m.start, m.end) for m in found]
        gaz_people = {(h.start, h.end) for h in shits if h.entry.type == "Person"}
        found += _title_people(analysis, sent, [t for t in taken if tuple(t) not in gaz_people], people, lx)
        taken += [(m.start, m.end) for m in found]
        found += _context_people(analysis, sent, taken, people, lx)
        taken += [(m.start, m.end) for m in found]
        found += _lead_people(analysis, sent, taken, people, lx)
        taken += [(m.start, m.end) for m in found]
        found += _title_orgs(analysis, sent, shits, taken, people + [(m.start, m.end) for m in found if m.type == "Person"], lx)
        taken += [(m.start, m.end) for m in found]
        found += _topic_orgs(analysis, sent, taken, shits, lx)
        taken += [(m.start, m.end) for m in found]
        found += _cue_names(analysis, sent, taken, lx)
        taken += [(m.start, m.end) for m in found]
        found += _copula_names(analysis, sent, taken, lx)
        taken += [(m.start, m.end) for m in found]
        found += _product_names(analysis, sent, taken, lx)
        taken += [(m.start, m.end) for m in found]
        found += _han_product_versions(analysis, sent, taken, lx)
        yield from found
        yield from _short_names(found, shits, lx)
