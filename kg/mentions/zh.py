"""Chinese names that no gazetteer holds, found from the cues around them.

- organisation suffixes: ``月之暗面科技有限公司``, ``X集团``, ``X大学``, ``X资本`` (the
  name runs left from the suffix up to a boundary word such as 的/与/宣布);
  a suffix after a gazetteer name keeps its entry (``英伟达公司`` is Nvidia);
- people next to a title (``董事长张三``, ``张三董事长``, ``创始人兼CEO李四``), named
  where a company is founded (``由梁文锋创办``) or speaking (``张三表示``);
  Chinese names come from jieba's person tags (merged when jieba splits the
  surname off), transliterations (``萨姆·奥尔特曼``) and Latin names;
- names after a strong cue noun (``初创公司X``, ``大模型Kimi``).

Parenthesised aliases (``月之暗面（Moonshot AI）``) are added by the mention stage.
All the words live in ``kg/data/rules/zh.json``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..context import Analysis
from ..ontology import classes_under
from ..model import Mention
from ..rules import load_rules
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
    }


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


def _ends_with_boundary(text: str, j: int, lo: int, boundary) -> bool:
    for w in boundary:
        if j - len(w) >= lo and text[j - len(w):j] == w:
            return True
    return False


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


def _org_suffix_mentions(analysis: Analysis, sent, hits, lx) -> Iterator[Mention]:
    text = analysis.text
    lo = sent.start
    matches = list(lx["suffix_rx"].finditer(text, sent.start, sent.end))
    k = 0
    while k < len(matches):
        p, q = matches[k].span()
        chain = [matches[k].group()]
        while k + 1 < len(matches) and matches[k + 1].start() == q:
            k += 1
            q = matches[k].end()
            chain.append(matches[k].group())
        k += 1
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
        j = p
        place_start = None
        while j > lo and p - j < 16:
            hit = next((h for h in hits if h.end == j), None)
            if hit is not None:
                if hit.entry.type in PLACE_TYPES:
                    place_start = hit.start
                    j = hit.start
                break
            if not _NAME_CHAR.match(text[j - 1]) and text[j - 1] != " ":
                break
            if _ends_with_boundary(text, j, lo, lx["boundary"]):
                break
            j -= 1
        core_start = j if place_start is None else next(h.end for h in hits if h.start == place_start)
        core = text[core_start:p].strip()
        if place_start is None:
            core = core.lstrip(" ")
        if len(core) < 2 and not (place_start is not None and type_ in ("University", "Organization")):
            continue
        if core and _is_generic(core, lx):
            continue
        if not core and type_ not in ("University", "Organization"):
            continue
        if not strong and not _looks_like_name(core):
            continue
        if core.casefold() in lx["generic_acronyms"] or _is_cue_phrase(text[j:q].strip(), lx):
            continue
        start = j
        while start < p and text[start] == " ":
            start += 1
        yield Mention(start, q, text[start:q], type_, sent.index, "zh.suffix", 0.75 if strong else 0.65)


def _persons(analysis: Analysis, sent, lx) -> list[tuple[int, int]]:
    """Spans of person names in a sentence: jieba person words (merged), transliterations, Latin names."""
    text = analysis.text
    words = _posseg(sent.text, sent.start)
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
        for m in rx.finditer(text, sent.start, sent.end):
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
        org_before = any(h[1] == ts or text[h[1]:ts] in ("的", "") for h in taken if h[1] <= ts and ts - h[1] <= 1)
        if weak and not org_before:
            continue
        after = next(((s, e) for s, e in people if s == k), None)
        if after is None and k < sent.end:
            after = _surname_name(text, k, sent.end, lx)
        if after is None and not weak:
            # '首席执行官基辛格表示': a name jieba does not tag, closed by what people do
            m2 = re.match(r"([\u4e00-\u9fff]{2,5}?)(?:表示|称|说|指出|认为|透露|强调|介绍|宣布|出席|会见|接受|在)", text[k:sent.end])
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


def _context_people(analysis: Analysis, sent, taken, people, lx) -> Iterator[Mention]:
    """'由梁文锋创办', '张一鸣于2012年创办了', '张三表示': people named by what they do."""
    text = analysis.text
    speech = ("表示", "说", "称", "指出", "透露", "认为", "强调", "介绍")
    for s, e in people:
        if _overlaps(s, e, taken):
            continue
        rest = text[e:sent.end]
        rest2 = re.sub(r"^(?:于|在)?(?:19|20)\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?", "", rest)
        if any(rest2.startswith(v) for v in lx["founding_verbs"]) or rest2.startswith(("联合", "共同", "一手")):
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


@finder("zh.cues", languages=("zh",), priority=2)
def chinese_cue_mentions(analysis: Analysis) -> Iterator[Mention]:
    """Names typed by organisation suffixes, titles, founding verbs and cue nouns."""
    lx = _lex()
    hits = analysis.gazetteer_hits()
    yield from _versions(analysis, hits, lx)
    for sent in analysis.sentences:
        shits = [h for h in hits if sent.start <= h.start and h.end <= sent.end]
        found = list(_org_suffix_mentions(analysis, sent, shits, lx))
        taken = [(h.start, h.end) for h in shits] + [(m.start, m.end) for m in found]
        people = _persons(analysis, sent, lx)
        found += _title_people(analysis, sent, taken, people, lx)
        taken += [(m.start, m.end) for m in found]
        found += _context_people(analysis, sent, taken, people, lx)
        taken += [(m.start, m.end) for m in found]
        found += _cue_names(analysis, sent, taken, lx)
        taken += [(m.start, m.end) for m in found]
        found += _copula_names(analysis, sent, taken, lx)
        taken += [(m.start, m.end) for m in found]
        found += _product_names(analysis, sent, taken, lx)
        yield from found
