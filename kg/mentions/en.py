"""English names that no gazetteer holds, found from the cues around them.

Candidates are runs of capitalised tokens (``Acme Robotics Inc.``, ``GPT-4o``,
``University of Tokyo``), typed by

- a corporate or organisation suffix (``Inc.``, ``Group``, ``Capital``, ``University``),
  which may extend a gazetteer name (``Nvidia Corp.`` is Nvidia);
- a cue noun right before them (``chipmaker Foo``, ``the startup called Bar``);
- a product cue right after them (``its Blackwell chips``, ``DeepSeek's R1 model``);
- an appositive after them (``Foo, a Beijing-based AI startup,``,
  ``Jane Doe, chief executive of X``);
- a title next to them, which makes a Person (``CEO Jane Doe``, ``Jane Doe, the
  company's CTO``), and an organisation before such a title (``Foo CEO Jane Doe``);
- ``X-based`` (a Place) and ``founded by X Y`` (a Person).

With a trained pipeline, spaCy's entities add mentions at a lower priority
(``en.ner``). All the words live in ``kg/data/rules/en.json``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..context import Analysis
from ..ontology import classes_under
from ..model import Mention
from ..nlp import has_ner
from ..rules import load_rules
from ..syntax.lexicon import Lexicon
from . import REFERENCE_FINDERS, finder

ORG_TYPES = classes_under("Organization")
PLACE_TYPES = classes_under("Place")
PRODUCT_TYPES = classes_under("Product")
_ALPHA_NAME = re.compile(r"^(?:[A-Z][a-z]+(?:['’][A-Z][a-z]+)?|[A-Z]\.(?:[A-Z]\.)*|[A-Z][a-z]*[A-Z][a-z]+)$")
_MIXED = re.compile(r"^[a-z]{1,2}[A-Z]")  # iPhone, xAI, eBay
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@cache
def _lex():
    r = load_rules("en")
    suffixes = Lexicon({k: v for k, v in r["org_suffixes"].items() if not k.startswith("_")})
    cues = Lexicon([(w, t) for t, words in r["type_cues"].items() if not t.startswith("_") for w in words])
    titles = Lexicon(r["titles"])
    return {
        "rules": r,
        "suffixes": suffixes,
        "suffix_names": {k for k in r["org_suffixes"] if not k.startswith("_")},
        "after_comma": set(r["suffix_after_comma"]),
        "keywords_of": {k: v for k, v in r["org_keywords_of"].items() if not k.startswith("_")},
        "cues": cues,
        "product_types": set(r["product_cue_types"]),
        "weak_cues": {w.casefold() for w in r["weak_cues"]["words"]},
        "titles": titles,
        "weak_titles": {w.casefold() for w in r["weak_titles"]["words"]},
        "modifiers": {w.casefold() for w in r["title_modifiers"]},
        "prefixes": set(r["person_prefixes"]),
        "copulas": [w.split() for w in r["person_copulas"]],
        "determiners": {w.casefold() for w in r["determiners"]},
        "nonname": set(r["non_name_capitals"]) | set(r["demonyms"]),
        "name_openers": set(r["demonyms"]) | set(r["country_names"]["openers"]),
        "trade_words": set(r["country_names"]["trade_words"]),
        "connectors": set(r["name_connectors"]),
        "generic": {g.casefold() for g in r["generic_acronyms"]},
        "introducers": [w.split() for w in r["name_introducers"]],
        "product_intro": {w.casefold() for w in r["product_intro_words"]},
        "versions": set(r["product_version_words"]),
        "list_prepositions": {w.casefold() for w in r["list_prepositions"]},
        "list_openers": {w.casefold() for w in r["list_openers"]},
    }


def _is_cap(text: str) -> bool:
    return bool(text) and (text[0].isupper() or bool(_MIXED.match(text)) or (text[0].isdigit() and any(c.isalpha() for c in text)))


def _is_num(text: str) -> bool:
    return bool(re.match(r"^\d+(?:\.\d+)*[a-zA-Z]{0,2}$", text)) and not _YEAR.match(text) and len(text) <= 5


class _Sent:
    """The non-space tokens of one sentence with helpers."""

    def __init__(self, analysis: Analysis, sent):
        self.analysis = analysis
        self.sent = sent
        span = analysis.doc.char_span(sent.start, sent.end, alignment_mode="expand")
        toks = span if span is not None else analysis.doc
        self.toks = [t for t in toks if sent.start <= t.idx < sent.end and not t.is_space]
        self.texts = [t.text.replace("’", "'") for t in self.toks]
        self.low = [x.casefold() for x in self.texts]
        self.org_ends: set[int] = set()  # where a gazetteer organisation ends

    def start(self, i: int) -> int:
        """Document offset where token i starts."""
        return self.toks[i].idx

    def end(self, i: int) -> int:
        """Document offset where token i ends."""
        return self.toks[i].idx + len(self.toks[i].text)

    def glued(self, i: int) -> bool:
        """No space between token i and i+1."""
        return i + 1 < len(self.toks) and self.end(i) == self.start(i + 1)

    def mention(self, a: int, b: int, type_: str, source: str, conf: float, gid: str | None = None) -> Mention:
        """A mention over tokens a..b (inclusive)."""
        s, e = self.start(a), self.end(b)
        return Mention(s, e, self.analysis.text[s:e], type_, self.sent.index, source, conf, gid)


def _runs(st: _Sent, lx) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens (inclusive token ranges), split at titles."""
    toks, texts = st.toks, st.texts
    n = len(toks)
    out = []
    i = 0
    while i < n:
        if not _is_cap(texts[i]) or toks[i].is_punct:
            i += 1
            continue
        j = i
        while j + 1 < n:
            nxt = texts[j + 1]
            if (_is_cap(nxt) and not toks[j + 1].is_punct) or _is_num(nxt):
                j += 1
            elif nxt in ("-", ".", "&", "+") and st.glued(j) and st.glued(j + 1) and j + 2 < n \
                    and (_is_cap(texts[j + 2]) or _is_num(texts[j + 2])):
                j += 2
            elif nxt == "&" and j + 2 < n and _is_cap(texts[j + 2]):
                j += 2
            elif nxt == "of" and (texts[j] in lx["keywords_of"] or texts[j] in lx["suffix_names"]) and j + 2 < n \
                    and _is_cap(texts[j + 2]) and texts[j + 2] not in lx["nonname"]:
                j += 2
            else:
                break
        out.extend(_split_titles(st, lx, i, j))
        i = j + 1
    return out


def _opener_is_name(lx, words: list[str]) -> bool:
    """'Nordic Airlines Group', 'UK Airways': a country word or demonym followed only by trade words and
    corporate suffixes is part of the name, not a description of it."""
    # a trade word must follow: a demonym before a corporate word alone describes ('Chinese AI')
    return len(words) > 1 and words[0] in lx["name_openers"] \
        and all(w in lx["suffix_names"] or w in lx["trade_words"] for w in words[1:]) \
        and words[1] in lx["trade_words"]


def _split_titles(st: _Sent, lx, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a run at capitalised titles ('Nvidia CEO Jensen Huang') and strip non-name words."""
    parts = []
    k = a
    start = a
    while k <= b:
        m = lx["titles"].match_starting_at(st.texts[:b + 1], k)
        if m and st.low[k] not in lx["weak_titles"] and not (k > a and st.texts[k - 1] in ("-",)):
            if start <= k - 1:
                parts.append((start, k - 1))
            k = m[0] + 1
            start = k
            continue
        k += 1
    if start <= b:
        parts.append((start, b))
    out = []
    for s, e in parts:
        while s <= e and (st.texts[s] in lx["nonname"] or st.texts[s] in ("-", "&", ".", ":")):
            if st.texts[s].isalpha() and st.texts[s].isupper() and e - s >= 2 and st.texts[e] in lx["suffix_names"] \
                    and all(_is_cap(st.texts[x]) for x in range(s, e + 1)):
                break  # an acronym opening a suffixed name: 'NX Rail Group'
            if _opener_is_name(lx, st.texts[s:e + 1]):
                break  # the rest is only trade and suffix words: the country word is the name ('Nordic Airlines Group')
            s += 1
        while e >= s and (st.texts[e] in lx["nonname"] and st.texts[e] not in lx["suffix_names"] or st.texts[e] in ("-", "&", ".", "of", ":")):
            e -= 1
        if s > e:
            continue
        if all(st.low[x] in lx["generic"] for x in range(s, e + 1)):
            continue
        out.append((s, e))
    return out


def _suffix_type(st: _Sent, lx, a: int, b: int) -> tuple[str, int] | None:
    """The type a suffix gives run [a, b] and the index where the suffixes start."""
    if b > a:
        m = lx["suffixes"].match_ending_at(st.texts[:b + 1], b)
        if m and m[0] > a and " ".join(st.texts[m[0]:b + 1]) in lx["suffix_names"]:
            k = m[0]
            while k - 1 > a and st.texts[k - 1] in lx["suffix_names"]:
                k -= 1  # 'Foxconn Technology Group': the name is 'Foxconn'
            return m[1], k
        for k in range(a, b):
            if st.texts[k] in lx["keywords_of"] and st.low[k + 1] == "of":
                return lx["keywords_of"][st.texts[k]], b + 1
    return None


def _comma_suffix(st: _Sent, lx, b: int) -> int | None:
    """'Stripe, Inc.': the index of the suffix after a comma, if any."""
    if b + 2 < len(st.toks) and st.texts[b + 1] == "," and st.texts[b + 2] in lx["after_comma"]:
        end = b + 2
        if end + 2 < len(st.toks) and st.texts[end + 1] == "," and st.texts[end + 2] in lx["after_comma"]:
            end += 2
        return end
    return None


def _is_person_run(st: _Sent, a: int, b: int) -> bool:
    return 0 <= b - a <= 3 and all(_ALPHA_NAME.match(st.texts[k]) or (st.texts[k] == "-" and st.glued(k - 1) and st.glued(k))
                                   for k in range(a, b + 1))


def _cue_before(st: _Sent, lx, a: int):
    """(type, strength) of a cue noun or a title right before token a (skipping 'called', 'named')."""
    k = a - 1
    for intro in lx["introducers"]:
        if k - len(intro) + 1 >= 0 and st.low[k - len(intro) + 1:k + 1] == intro:
            k -= len(intro)
            break
    if k < 0:
        return None
    if st.texts[k] in lx["prefixes"]:
        return ("Person", "prefix")
    if st.texts[k] == "," and k > 0 and lx["titles"].match_ending_at(st.texts, k - 1):
        k -= 1  # 'its chief executive, Zhang Peng'
    t = lx["titles"].match_ending_at(st.texts, k)
    if t:
        title = " ".join(st.low[t[0]:k + 1])
        before = st.low[t[0] - 1] if t[0] > 0 else ""
        if title.casefold() not in lx["weak_titles"] or before in ("'s",) or (t[0] > 0 and st.end(t[0] - 1) in st.org_ends):
            return ("Person", "title")
    c = lx["cues"].match_ending_at(st.texts, k)
    if c and not st.toks[k].text[0].isupper():
        return (c[1], "cue")
    return None


def _cue_after(st: _Sent, lx, b: int, a: int):
    """A product cue right after run [a, b] preceded by a determiner or a possessive: 'its Blackwell chips'."""
    n = len(st.toks)
    if b + 1 >= n:
        return None
    # coordinated names share the cue: 'the Foo Camera and Bar Photos apps'
    end = b
    k = b + 1
    while k + 1 < n and st.low[k] in (",", "and", "or", "&") and _is_cap(st.texts[k + 1]):
        k += 1
        if st.low[k] in ("and", "or") and k + 1 < n and _is_cap(st.texts[k + 1]):
            k += 1
        while k < n and (_is_cap(st.texts[k]) or st.texts[k][:1].isdigit()) and not lx["cues"].match_starting_at(st.texts, k):
            k += 1
        end = k - 1
        if k - b > 16:
            return None
    c = lx["cues"].match_starting_at(st.texts, end + 1) if end + 1 < n else None
    if not c or c[1] not in lx["product_types"] or st.toks[end + 1].text[0].isupper():
        return None
    start = a
    while start > 1 and st.low[start - 1] in (",", "and", "or", "&"):  # back to the first conjunct
        j = start - 2
        while j > 0 and _is_cap(st.texts[j]) and st.low[j] not in lx["determiners"]:
            j -= 1
        if j + 1 >= start - 1:
            break
        start = j + 1
        if start - b > 16:
            return None
    prev = st.low[start - 1] if start > 0 else ""
    if prev in lx["determiners"] or prev == "'s" or prev in lx["product_intro"]:
        return c[1]
    return None


def _appositive(st: _Sent, lx, b: int):
    """The type an appositive after run [.., b] gives it: ', a Beijing-based AI startup,' or ', chief executive of X'."""
    n = len(st.toks)
    if b + 1 >= n or st.texts[b + 1] != ",":
        return None
    k = b + 2
    if k < n and st.low[k] == "who":
        return ("Person", "who")
    while k < n and st.low[k] in ("a", "an", "the", "now", "formerly", "once", "another", "its", "also", "currently", "one", "of"):
        k += 1
    for x in range(k, min(n, k + 9)):
        if st.texts[x] in (",", ".", ";", "(", ")", "?", "!", '"', "“", "”") or \
                st.low[x] in ("which", "that", "who", "and", "with", "whose", "said", "says", "is", "was", "has", "will"):
            break
        if lx["titles"].match_starting_at(st.texts, x):
            return ("Person", "title")
        c = lx["cues"].match_starting_at(st.texts, x)
        if c and not st.toks[x].text[0].isupper():
            after = st.low[c[0] + 1] if c[0] + 1 < n else ""
            weak = " ".join(st.low[x:c[0] + 1]) in lx["weak_cues"]
            if after == "'s" or weak or (c[0] + 1 < n and lx["cues"].match_starting_at(st.texts, c[0] + 1)):
                continue
            return (c[1], "appositive")
    return None


def _in_any(a: int, b: int, spans) -> bool:
    return any(a < e and s < b for s, e in spans)


def _extends_hits(analysis: Analysis, a: int, b: int, spans) -> bool:
    """An organisation's name that holds gazetteer names and more words ('Acme Electronics' around
    'Acme', 'Air Norland' around 'Norland'): every overlapping span lies strictly inside it and is a
    gazetteer hit, and the name is capitalised throughout."""
    hits = {(h.start, h.end): h.entry.type for h in analysis.gazetteer_hits()}
    inside = [(s, e) for s, e in spans if a < e and s < b]
    # one organisation or place inside, never a product or a person ('Acme H100' is no organisation)
    return len(inside) == 1 and all(a <= s and e <= b and (s, e) != (a, b) and (s, e) in hits
                                    and (hits[(s, e)] in ORG_TYPES or hits[(s, e)] in PLACE_TYPES) for s, e in inside) \
        and all(_is_cap(w) for w in analysis.text[a:b].split())


def _cue_mentions(analysis: Analysis) -> list[Mention]:
    cached = analysis.syntax.get("en.cues")
    if cached is not None:
        return cached
    lx = _lex()
    hits = analysis.gazetteer_hits()
    starts, ends = analysis.token_bounds()
    gaz = [(h.start, h.end, h) for h in hits if h.start in starts and h.end in ends]
    out: list[Mention] = []
    people: list[Mention] = []
    for sent in analysis.sentences:
        st = _Sent(analysis, sent)
        sgaz = [x for x in gaz if sent.start <= x[0] < sent.end]
        st.org_ends = {e for _, e, h in sgaz if h.entry.type in ORG_TYPES}
        runs = _runs(st, lx)
        found: list[Mention] = []
        for a, b in runs:
            found.extend(_type_run(st, lx, a, b, sgaz, people))
        found.extend(_coordinated_people(st, runs, found, sgaz))
        out.extend(found)
    out += _surnames(analysis, people, out, gaz)
    analysis.syntax["en.cues"] = out
    return out


def _type_run(st: _Sent, lx, a: int, b: int, gaz, people: list[Mention]) -> Iterator[Mention]:
    s, e = st.start(a), st.end(b)
    inside = [h for hs, he, h in gaz if s <= hs and he <= e]
    crossing = [h for hs, he, h in gaz if hs < e and s < he and not (s <= hs and he <= e)]
    if crossing:
        return
    suf = _suffix_type(st, lx, a, b)
    comma = _comma_suffix(st, lx, b)
    if suf or comma is not None:
        type_, k = suf if suf else ("Company", b + 1)
        end = comma if comma is not None else b
        core = (s, st.end(k - 1)) if k - 1 >= a else None  # the name without its suffixes
        orgs = [h for h in inside if h.entry.type in ORG_TYPES]
        if core and len(orgs) == 1 and (orgs[0].start, orgs[0].end) == core:
            h = orgs[0]
            yield st.mention(a, end, h.entry.type, "en.suffix", 0.9, h.entry.id)
            return
        if not inside or all(h.entry.type in PLACE_TYPES and h.start == s for h in inside) or b - a >= 2:
            if not any((h.start, h.end) == (s, st.end(end)) for h in inside):
                yield st.mention(a, end, type_, "en.suffix", 0.8)
            return
    # a known product and its version: 'Gemini 2.0', 'Llama 3.1 Pro'
    prods = [h for h in inside if h.entry.type in PRODUCT_TYPES]
    if len(inside) == 1 and prods and prods[0].start == s and prods[0].end < e:
        k = next(x for x in range(a, b + 1) if st.start(x) >= prods[0].end)
        if all(_is_num(st.texts[x]) or st.texts[x] in lx["versions"] or st.texts[x] in ("-", ".") for x in range(k, b + 1)):
            yield st.mention(a, b, prods[0].entry.type, "en.version", 0.9, prods[0].entry.id)
            return
    # a listed product whose name starts with a known organisation's: 'Acme tools, including Acme Sheets'
    listed = _list_cue(st, lx, a)
    if listed and inside and all(h.entry.type in ORG_TYPES for h in inside) and inside[0].start == s and inside[0].end < e:
        yield st.mention(a, b, listed, "en.list_cue", 0.75)
        return
    # a product named after a known organisation or product, typed by the cue after it:
    # 'the Acme Camera and Acme Photos apps', 'its Acme Maps app'
    if inside and inside[0].start == s and inside[-1].end < e \
            and all(h.entry.type in ORG_TYPES or h.entry.type in PRODUCT_TYPES for h in inside):
        after = _cue_after(st, lx, b, a)
        if after:
            yield st.mention(a, b, after, "en.cue_after", 0.75)
            return
    # otherwise the parts of the run that the gazetteer does not cover
    parts = []
    cur = a
    for k in range(a, b + 1):
        if any(h.start <= st.start(k) < h.end for h in inside):
            if cur <= k - 1:
                parts.append((cur, k - 1))
            cur = k + 1
    if cur <= b:
        parts.append((cur, b))
    for pa, pb in parts:
        if all(st.low[x] in lx["generic"] for x in range(pa, pb + 1)) or st.texts[pa] in lx["nonname"]:
            continue
        m = _type_part(st, lx, pa, pb)
        if m is not None:
            if m.type == "Person":
                people.append(m)
            yield m


def _list_cue(st: _Sent, lx, a: int) -> str | None:
    """A product type from a cue noun that introduces a list holding token a: 'missiles such as X and Y',
    'Acme tools, including Mail, Sheets and Notes'."""
    k = a - 1
    steps = 0
    while k >= 0 and steps < 40:
        low = st.low[k]
        if low in lx["list_openers"]:
            if low == "as" and k > 0 and st.low[k - 1] == "such":
                k -= 1
            elif k > 0 and st.low[k - 1] in ("which", "that"):  # 'its franchises, which include X and Y'
                k -= 1
            break
        if low == "the" and k + 1 < len(st.low) and _is_cap(st.texts[k + 1]):  # 'include the X, Y and Z series'
            k -= 1
            steps += 1
            continue
        if st.texts[k] == ")":  # a remark in brackets inside a list
            while k >= 0 and st.texts[k] != "(":
                k -= 1
            k -= 1
            steps += 1
            continue
        if not (st.texts[k] in (",", "and", "&", "or") or _is_cap(st.texts[k]) or _is_num(st.texts[k])
                or st.texts[k] in ("-", ".", "'s")):
            return None
        k -= 1
        steps += 1
    else:
        return None
    if k < 0:
        return None
    j = k - 1
    if j >= 0 and st.texts[j] == ",":
        j -= 1
    if j < 0 or st.toks[j].text[:1].isupper():
        return None
    texts = list(st.texts[:j + 1])
    for form in (texts, texts[:-1] + [texts[-1][:-1]] if texts[-1].endswith("s") else None):
        if form is None:
            continue
        t = _predicate_type(form, j)
        if t in PRODUCT_TYPES:
            return t
    return None


def _type_part(st: _Sent, lx, a: int, b: int) -> Mention | None:
    n = len(st.toks)
    listed = _list_cue(st, lx, a)
    if listed:
        return st.mention(a, b, listed, "en.list_cue", 0.75)
    cue = _cue_before(st, lx, a)
    if cue:
        type_, how = cue
        if type_ == "Person":
            if _is_person_run(st, a, b):
                return st.mention(a, b, "Person", "en.title", 0.85)
            return None
        return st.mention(a, b, type_, "en.cue", 0.8)
    after = _cue_after(st, lx, b, a)
    if after:
        return st.mention(a, b, after, "en.cue_after", 0.75)
    app = _appositive(st, lx, b)
    if app and app[0] != "Person" and a > 0 and st.low[a - 1] in lx["list_prepositions"]:
        app = None  # 'the biggest bank in Lyon, the third biggest in France': a list, no appositive
    if app:
        type_, how = app
        if type_ == "Person":
            if _is_person_run(st, a, b) and (how == "title" or b > a):
                return st.mention(a, b, "Person", "en.appositive", 0.8)
            return None
        return st.mention(a, b, type_, "en.appositive", 0.8)
    # ORG TITLE PERSON ('Zhipu CEO Zhang Peng'), ORG's TITLE ('Zhipu's chief executive')
    j = b + 1
    poss = j < n and st.low[j] == "'s"
    j += poss
    t = lx["titles"].match_starting_at(st.texts, j) if j < n else None
    if t and " ".join(st.low[j:t[0] + 1]) not in lx["weak_titles"]:
        k = t[0] + 1
        if poss or (k < n and (_ALPHA_NAME.match(st.texts[k]) or st.texts[k] == ",")):
            return st.mention(a, b, "Organization", "en.org_title", 0.6)
    # TITLE of ORG: 'chief executive of Foo'
    if a >= 2 and st.low[a - 1] in ("of", "at") and lx["titles"].match_ending_at(st.texts, a - 2) and not any(
            ent.label_ in ("GPE", "LOC", "NORP") and ent.start_char <= st.start(a) and st.end(b) <= ent.end_char
            for ent in st.analysis.doc.ents):  # 'prime minister of Norway': a country, no employer
        return st.mention(a, b, "Organization", "en.org_title", 0.6)
    # PLACE-based
    if b + 2 < n and st.texts[b + 1] == "-" and st.low[b + 2] in ("based", "headquartered") and st.glued(b):
        return st.mention(a, b, "Place", "en.based", 0.5)
    # founded by Jane Doe
    if a >= 2 and st.low[a - 1] == "by" and st.low[a - 2] in ("founded", "cofounded", "co-founded") and b > a and _is_person_run(st, a, b):
        return st.mention(a, b, "Person", "en.founded_by", 0.6)
    # an app built and published by Foo: the maker, unless the parser reads a person
    ab = lx["rules"]["agent_by"]
    by = False
    if a >= 2 and st.low[a - 1] == "by":
        k = a - 2
        if st.low[k] in ab["adverbs"] and k >= 1:
            k -= 1
        by = st.low[k] in ab["verbs"] or st.low[a - 2] in ab["nouns"]  # 'a puzzle game by Foo'
    by = by or any(a >= len(p.split()) and st.low[a - len(p.split()):a] == p.split() for p in ab["phrases"])
    if by:
        if not any(
                ent.label_ == "PERSON" and len(ent) > 1 and ent.start_char < st.end(b) and st.start(a) < ent.end_char
                for ent in st.analysis.doc.ents):
            return st.mention(a, b, "Organization", "en.agent_by", 0.55)
    # Jane Doe is the chief executive of
    if b > a and _is_person_run(st, a, b):
        for cop in lx["copulas"]:
            k = b + 1
            if st.low[k:k + len(cop)] == cop:
                k += len(cop)
                while k < n and (st.low[k] in ("the", "a", "an", "its") or st.low[k] in lx["modifiers"]):
                    k += 1
                t = lx["titles"].match_starting_at(st.texts, k) if k < n else None
                if t and t[0] + 1 < n and st.low[t[0] + 1] in ("of", "at"):
                    return st.mention(a, b, "Person", "en.copula_title", 0.75)
    return None


def _coordinated_people(st: _Sent, runs, found: list[Mention], gaz) -> list[Mention]:
    """'Jensen Huang, Chris Malachowsky and Curtis Priem': names listed with a person are people."""
    persons = {(m.start, m.end) for m in found if m.type == "Person"}
    persons |= {(s, e) for s, e, h in gaz if h.entry.type == "Person"}
    taken = [(m.start, m.end) for m in found] + [(s, e) for s, e, _ in gaz]
    out: list[Mention] = []
    changed = True
    while changed:
        changed = False
        for a, b in runs:
            s, e = st.start(a), st.end(b)
            if b == a or not _is_person_run(st, a, b) or _in_any(s, e, taken):
                continue
            linked = False
            for k in (a - 1, a - 2):  # ', NAME' / 'and NAME' / ', and NAME'
                if k >= 1 and all(x in (",", "and") for x in st.low[k:a]) and \
                        any(pe == st.end(k - 1) for _, pe in persons):
                    linked = True
            for k in (b + 1, b + 2):  # 'NAME and PERSON'
                if k + 1 < len(st.toks) and all(x in (",", "and") for x in st.low[b + 1:k + 1]) and \
                        any(ps == st.start(k + 1) for ps, _ in persons):
                    linked = True
            if linked:
                m = st.mention(a, b, "Person", "en.coordinated", 0.7)
                out.append(m)
                persons.add((s, e))
                taken.append((s, e))
                changed = True
    return out


def _surnames(analysis: Analysis, people: list[Mention], found: list[Mention], gaz) -> list[Mention]:
    """'Jane Doe ... Doe said': the last name of a cue-found person is a Person mention too."""
    out = []
    taken = [(m.start, m.end) for m in found] + [(s, e) for s, e, _ in gaz]
    names = {}
    for m in people:
        parts = m.text.split()
        if len(parts) >= 2 and len(parts[-1]) > 2:
            names.setdefault(parts[-1], m)
    if not names:
        return out
    for t in analysis.doc:
        m = names.get(t.text)
        if m is None:
            continue
        s, e = t.idx, t.idx + len(t.text)
        if _in_any(s, e, taken):
            continue
        out.append(Mention(s, e, t.text, "Person", analysis.sentence_of(s), "en.surname", 0.6))
    return out


@finder("en.cues", languages=("en",), priority=2)
def english_cue_mentions(analysis: Analysis) -> Iterator[Mention]:
    """Names typed by suffixes, cue nouns, appositives and titles."""
    yield from _cue_mentions(analysis)


# spaCy labels kept, conservatively: PRODUCT and WORK_OF_ART are left to the cue finders
# (a product needs a cue noun: 'its Blackwell chips'), NORP, FAC, EVENT and the rest are dropped.
_NER_TYPES = {"ORG": "Organization", "PERSON": "Person", "GPE": "Place", "LOC": "Place"}


@finder("en.ner", languages=("en",), priority=1)
def english_ner_mentions(analysis: Analysis) -> Iterator[Mention]:
    """spaCy entities of a trained pipeline, mapped to ontology classes, where no gazetteer or cue name stands."""
    doc = analysis.doc
    if not has_ner(doc):
        return
    lx = _lex()
    taken = [(h.start, h.end) for h in analysis.gazetteer_hits()]
    cues = _cue_mentions(analysis)
    taken += [(m.start, m.end) for m in cues]
    topic = topic_subject(analysis)
    if topic is not None and topic[3] is not None:
        taken.append((topic[0], topic[1]))
    # a name already typed by a cue or as the topic is that entity wherever it recurs (propagation)
    known = {m.text for m in cues} | ({analysis.text[topic[0]:topic[1]]} if topic and topic[3] else set())
    # a product named in full ('Acme Falcon', a cue or the topic) is meant by its last words alone ('the Falcon'):
    # spaCy's reading of the short form as an organisation or place gives way to the product's type
    tails: dict[str, str] = {}
    full = [(m.text, m.type) for m in cues] + ([(analysis.text[topic[0]:topic[1]], topic[3])] if topic and topic[3] else [])
    for name, t in full:
        words = name.split()
        if t in PRODUCT_TYPES and len(words) > 1:
            tails.setdefault(" ".join(words[1:]), t)
    # one name, one kind: spaCy may read the same name as an organisation here and a person there;
    # the more frequent reading wins, the first one on a tie
    votes: dict[str, dict[str, int]] = {}
    for ent in doc.ents:
        if ent.label_ in _NER_TYPES:
            votes.setdefault(ent.text, {}).setdefault(ent.label_, 0)
            votes[ent.text][ent.label_] += 1
    # words of the organisations' names of the document -> their type
    org_words: dict[str, str] = {}
    for name, t in [(m.text, m.type) for m in cues if m.type in ORG_TYPES] + [
            (o.text, "Organization") for o in doc.ents if o.label_ == "ORG" and len(o) > 1]:
        for w in name.split():
            if _is_cap(w) and w not in lx["nonname"]:
                org_words.setdefault(w, t)
    for ent in doc.ents:
        label = ent.label_
        if label in _NER_TYPES and len(votes.get(ent.text, {})) > 1:
            label = max(votes[ent.text].items(), key=lambda kv: kv[1])[0]  # dicts keep first-seen order on ties
        type_ = _NER_TYPES.get(label)
        if type_ is None:
            continue
        toks = [t for t in ent]
        cut = next((k for k, t in enumerate(toks) if "(" in t.text or t.text in (")", '"', "“", "”")), None)
        if cut is not None:  # 'Foo Foundation (FF' or 'ABCD(Acme Bank of ...': the name ends before
            toks = toks[:cut]
        while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].text in lx["nonname"]
                        and not (type_ == "Organization" and toks[0].text.isupper() and len(toks) > 2)
                        and not (type_ == "Organization" and _opener_is_name(lx, [t.text for t in toks]))):
            toks = toks[1:]  # (an acronym opens an organisation's name: 'NX Rail Group')
        while toks and (toks[-1].text in ("'s", "’s", ".", ",") or toks[-1].is_space):
            toks = toks[:-1]
        if not toks:
            continue
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = analysis.text[s:e]
        if text.casefold() in lx["generic"] or not _is_cap(text) or text in known:
            continue
        if _in_any(s, e, taken) and not (type_ == "Organization" and len(toks) > 1 and _extends_hits(analysis, s, e, taken)):
            continue
        conf = 0.6
        if len(toks) == 1 and type_ in ("Person", "Place") and text in org_words \
                and not analysis.gazetteer.lookup(text):
            # one word of an organisation's name in this document is that organisation, by its short
            # name ('Xuanji' after 'Shenzhen Xuanji Robotics'), not a person or a place spaCy guessed
            yield Mention(s, e, text, org_words[text], analysis.sentence_of(s), "en.ner.short_name", 0.6)
            continue
        if len(toks) == 1 and type_ == "Organization" and any(
                o.label_ == "PERSON" and len(o) > 1 and o[-1].text == text for o in doc.ents):
            type_ = "Person"  # a person's surname on its own ('Marchetti' after 'Elena Marchetti')
        if text in tails and type_ != "Person":
            type_ = tails[text]
        elif type_ == "Organization":
            m = lx["suffixes"].match_ending_at([t.text for t in toks], len(toks) - 1)
            if m and m[0] > 0:
                type_ = m[1]
        elif type_ == "Place":
            entries = [x for x in analysis.gazetteer.lookup(text) if x.type in PLACE_TYPES]
            if entries:
                type_ = entries[0].type
            else:
                conf = 0.5
        elif type_ == "Person" and len(toks) > 1 and (m := lx["suffixes"].match_ending_at(
                [t.text for t in toks], len(toks) - 1)) and m[0] > 0:
            type_ = m[1]  # spaCy reads some new company names as people ('Yaoguang AI'): a corporate word says not
        elif type_ == "Person" and len(toks) < 2:
            # a one-word person is a surname of a full name given in the document ('Lindqvist' after
            # 'Peter Lindqvist'); otherwise it is mostly a title or a common word read as a name
            first = analysis.sentences[0] if analysis.sentences else None
            if not any(o.label_ == "PERSON" and len(o) > 1 and text in {t.text for t in o} for o in doc.ents) \
                    and not (first is not None and s >= first.end and text in analysis.text[first.start:first.end].split()):
                continue
            if text in org_words:
                continue  # the short form of an organisation's name ('Yaoguang' after 'Yaoguang AI'): below
            conf = 0.5
        yield Mention(s, e, text, type_, analysis.sentence_of(s), "en.ner", conf)


# --------------------------------------------------------------------------- the document's topic


@cache
def _topic_lex():
    r = load_rules("en")["topic"]
    heads = Lexicon([(w, t) for t, words in r["heads"].items() if not t.startswith("_") for w in words])
    return {
        "heads": heads,
        "anaphors": {k: {w.casefold() for w in v} for k, v in r["anaphors"].items()},
        "generic": {k: {w.casefold() for w in v} for k, v in r["generic_nouns"].items()},
        "stops": set(r["subject_stops"]),
        "inner": set(r["name_inner_words"]),
        "person_or_org": {w.casefold() for w in r["person_or_org_heads"]},
        "predicate_stops": {w.casefold() for w in r["predicate_stops"]},
    }


def _name_tokens(toks) -> bool:
    """Every word of a name is capitalised or a number (connectors and punctuation aside)."""
    lx = _lex()
    words = [t for t in toks if not t.is_punct]
    if not words or not _is_cap(words[0].text):
        return False
    if words[0].text in lx["nonname"] and not (words[0].text.isupper() and len(words) > 1):
        return False  # 'It', 'The', 'This' (but 'NX Rail Group' is a name)
    inner = _topic_lex()["inner"]
    return all(_is_cap(t.text) or t.like_num or t.text in lx["connectors"] or t.text in ("'s", "-", "&") or t.text in inner
               for t in words)


def topic_subject(analysis: Analysis):
    """(start, end, head noun, type) of the first sentence's subject name, or None.

    'Starfall is a puzzle game developed by Acme Soft' -> the span of 'Starfall',
    'game', 'Game'. The type comes from the predicate noun ('is an arcade game')
    through the cue nouns and topic heads of the rules; None when unknown.
    """
    key = "en.topic_subject"
    if key in analysis.syntax:
        return analysis.syntax[key]
    out = None
    if analysis.sentences:
        out = _topic_subject(analysis, analysis.sentences[0])
    analysis.syntax[key] = out
    return out


def _predicate_type(texts: list[str], end: int) -> str | None:
    lx, tl = _lex(), _topic_lex()
    for lex in (tl["heads"], lx["cues"]):
        m = lex.match_ending_at(texts, end)
        if m:
            return m[1]
    return None


def _topic_subject(analysis: Analysis, sent):
    doc = analysis.doc
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    toks = [t for t in span if not t.is_space]
    tl = _topic_lex()
    by_words = _topic_by_words(toks)
    if by_words is not None:
        s, e, head, type_ = by_words
        root = span.root if doc.has_annotation("DEP") else None
        attr = next((c for c in root.children if c.dep_ == "attr"), None) if root is not None and root.lemma_ == "be" else None
        if attr is not None and attr.pos_ in ("NOUN", "PROPN") and attr.idx >= e:
            # the parse's predicate noun decides ('a software design and consulting company': a
            # Company; 'a Dutch Green Party councillor': no organisation)
            texts = [t.text for t in doc[attr.left_edge.i:attr.i + 1]]
            head, type_ = attr.lemma_.casefold(), _predicate_type(texts, len(texts) - 1)
        if type_ is not None and head in tl["person_or_org"] and any(
                ent.label_ == "PERSON" and ent.start_char <= s and e <= ent.end_char for ent in doc.ents):
            type_ = None  # a person described by a noun that also names firms ('a publisher')
        return (s, e, head, type_)
    if doc.has_annotation("DEP"):
        root = span.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or root.lemma_ != "be" and any(c.dep_ == "conj" and c.lemma_ == "be" for c in root.children):
            return _topic_by_words(toks)
        # the name: the subject's left part up to its head (no relative clause, no apposition)
        left = subj.left_edge
        while left.i < subj.i and (left.lower_ in ("the", "a", "an") or left.is_punct):
            left = doc[left.i + 1]
        right = subj
        # 'Bank of Avalon', 'Central Bank of North Ridge'
        k = subj.i + 1
        while k + 1 < len(doc) and doc[k].lower_ == "of" and doc[k].head.i == subj.i and _is_cap(doc[k + 1].text):
            pobj = next((c for c in doc[k].children if c.dep_ == "pobj"), None)
            if pobj is None:
                break
            right = pobj
            k = pobj.i + 1
        name = doc[left.i:right.i + 1]
        if any(t.text in tl["stops"] for t in name) or not _name_tokens(name):
            return _topic_by_words(toks)
        head, type_ = None, None
        if root.lemma_ == "be":
            attr = next((c for c in root.children if c.dep_ == "attr"), None)
            if attr is not None and attr.pos_ in ("NOUN", "PROPN") and attr.i > right.i:
                texts = [t.text for t in doc[attr.left_edge.i:attr.i + 1]]
                type_ = _predicate_type(texts, len(texts) - 1)
                head = attr.lemma_.casefold()
        return (name.start_char, name.end_char, head, type_)
    return _topic_by_words(toks)


def _topic_by_words(toks):
    """NAME [(...)] [, ... ,] is/was a(n) ... HEAD, read from the words ('The' and subtitles allowed)."""
    tl = _topic_lex()
    texts = [t.text for t in toks]
    n = len(toks)
    i = 1 if texts and texts[0] == "The" else 0
    j = i
    while j < n:
        if _is_cap(texts[j]) and texts[j] not in ("(", ")"):
            j += 1
        elif j > i and texts[j] in tl["inner"] and j + 1 < n and _is_cap(texts[j + 1]):
            j += 2  # 'Salt & Iron', 'Milo the Otter', 'Skyrunners: Turbo Rally'
        else:
            break
    if j == i or j >= n or not _name_tokens(toks[i:j]):
        return None
    k = j
    if texts[k] in ("(", "(;"):  # 'X (born 1950) is'
        while k < n and ")" not in texts[k]:
            k += 1
        k += 1
    if k < n and texts[k] == ",":  # 'X, also known as Y, is'
        close = next((x for x in range(k + 1, min(n, k + 25)) if texts[x] == ","), None)
        if close is not None:
            k = close + 1
    if k >= n or toks[k].lower_ not in ("is", "was", "are", "were"):
        return None
    head = type_ = None
    last = None
    for x in range(k + 1, min(n, k + 12)):
        low = toks[x].lower_
        if (toks[x].is_punct and texts[x] != "-") or low in tl["predicate_stops"] or toks[x].tag_ in ("VBN", "VBD", "WDT"):
            break
        last = x
        t = _predicate_type(texts, x)
        if t:
            head, type_, at = low, t, x
    if type_ is not None and at != last:
        head = type_ = None  # the head noun is the last word: 'a college administrator' is no college
    return (toks[i].idx, toks[j - 1].idx + len(texts[j - 1]), head, type_)


@finder("en.topic", languages=("en",), priority=3)
def english_topic_mention(analysis: Analysis) -> Iterator[Mention]:
    """The first sentence's subject, typed by its predicate noun ('X is an arcade game': a Game)."""
    t = topic_subject(analysis)
    if t is None or t[3] is None:
        return
    s, e, _, type_ = t
    text = analysis.text[s:e]
    if text.casefold() in _lex()["generic"]:
        return
    yield Mention(s, e, text, type_, analysis.sentence_of(s), "en.topic", 0.85)


def topic_mention(analysis: Analysis) -> Mention | None:
    """The kept mention that names the document's topic (after the mention stage)."""
    t = topic_subject(analysis)
    if t is None:
        return None
    s, e = t[0], t[1]
    best = None
    for m in analysis.mentions:
        if m.source.endswith(".nested"):
            continue
        if s <= m.start and m.end <= e and (best is None or m.end - m.start > best.end - best.start):
            best = m
        elif m.start <= s and e <= m.end:
            return m
    if best is not None and (best.end - best.start) * 2 >= e - s:
        return best
    return None


def anaphora(analysis: Analysis) -> list[tuple[int, int, Mention]]:
    """Later references to the topic: (start, end, topic mention) for 'It', 'its', 'He', 'The company' ...

    Only subjects and possessors refer: 'It was acquired by X', 'Its parent X',
    'The company is based in Y'. A person topic is referred to by 'he'/'she',
    'his'/'her'; any other by 'it'/'its' and 'the' + its predicate noun or a
    generic noun of its kind.
    """
    key = "en.anaphora"
    cached = analysis.syntax.get(key)
    if cached is not None and cached[0] == len(analysis.mentions):
        return cached[1]
    out: list[tuple[int, int, Mention]] = []
    topic = topic_mention(analysis)
    if topic is not None:
        out = _anaphora(analysis, topic)
    analysis.syntax[key] = (len(analysis.mentions), out)
    return out


REFERENCE_FINDERS["en"] = anaphora


def _anaphora(analysis: Analysis, topic: Mention) -> list[tuple[int, int, Mention]]:
    tl = _topic_lex()
    person = topic.type == "Person"
    kind = "Product" if topic.type in PRODUCT_TYPES else "Organization" if topic.type in ORG_TYPES else None
    if not person and kind is None:
        return []
    subj_words = tl["anaphors"]["person" if person else "nonperson"]
    poss_words = tl["anaphors"]["possessive_person" if person else "possessive_nonperson"]
    t = topic_subject(analysis)
    nouns = set() if person else set(tl["generic"].get(kind, ()))
    if t and t[2] and not person:
        nouns.add(t[2])
    doc = analysis.doc
    parsed = doc.has_annotation("DEP")
    taken = [(m.start, m.end) for m in analysis.mentions]
    out = []
    first_sent = analysis.sentence_of(topic.start)
    # 'he'/'she' may refer to another person named before it, 'it'/'its' to another organisation or product
    others = [m for m in analysis.mentions if (m.type == "Person") == person and m.type not in PLACE_TYPES]
    for tok in doc:
        if tok.idx < topic.end or tok.is_space:
            continue
        sent = analysis.sentence_of(tok.idx)
        if sent == first_sent:
            continue
        # another name earlier in the sentence may be what 'it' or 'its' refers to
        if any(m.sentence == sent and m.end <= tok.idx and (m.start, m.end) != (topic.start, topic.end)
               and m.text != topic.text for m in others):
            continue
        low = tok.lower_
        first = tok.is_sent_start or (tok.i > 0 and doc[tok.i - 1].is_space) or not parsed and tok.i > 0 and doc[tok.i - 1].text in (".", "!", "?")
        if low in subj_words:
            if (parsed and tok.dep_ in ("nsubj", "nsubjpass")) or (not parsed and first):
                out.append((tok.idx, tok.idx + len(tok.text), topic))
        elif low in poss_words:
            if (parsed and tok.dep_ == "poss") or (not parsed and tok.tag_ in ("", "PRP$") and low != "her"):
                out.append((tok.idx, tok.idx + len(tok.text), topic))
        elif low == "the" and nouns and tok.i + 1 < len(doc):
            n = doc[tok.i + 1]
            if n.lower_ not in nouns or (parsed and (n.head.i != n.i and n.dep_ not in ("nsubj", "nsubjpass", "poss"))):
                continue
            if parsed and tok.head.i != n.i:
                continue
            if not parsed and not first:
                continue
            s, e = tok.idx, n.idx + len(n.text)
            if not _in_any(s, e, taken):
                out.append((s, e, topic))
    return out


# --------------------------------------------------------------------------- units named after an owner


@cache
def _unit_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]] | None:
    """``unit_names`` of the English rules as sets (built once), or ``None`` without them."""
    d = load_rules("en").get("unit_names")
    if not d:
        return None
    return (frozenset(d["numeral_words"]), frozenset(d["place_types"]), frozenset(d["numeral_owner_types"]),
            frozenset(d["may_follow"]))


@finder("en.unit_names", languages=("en",), priority=2)
def english_unit_names(analysis: Analysis) -> Iterator[Mention]:
    """A known organisation's name followed by a numeral word or a country name names one of its units.

    'Acme One' (a broadcaster's channel), 'Acme Norway' (a country branch): the words live in
    ``unit_names`` of ``kg/data/rules/en.json``. The unit takes the owner's type; that the owner
    runs it is left to the name-prefix rule (kg/relations/en_names.py).
    """
    words = _unit_words()
    if words is None:
        return
    numerals, place_types, numeral_owners, may_follow = words
    text = analysis.text
    hits = analysis.gazetteer_hits()
    places = {h.start: h for h in hits if h.entry.type in place_types}
    for h in hits:
        if h.entry.type not in ORG_TYPES or h.end + 1 >= len(text) or text[h.end] != " ":
            continue
        if h.start > 0 and (text[h.start - 1].isalnum() or text[h.start - 1] in "-'’"):
            continue
        m = re.match(r"[A-Z][A-Za-z]+", text[h.end + 1:])
        if m is None:
            continue
        end = None
        if m.group(0) in numerals and h.entry.type in numeral_owners:
            end = h.end + 1 + m.end()
        elif h.end + 1 in places:
            end = places[h.end + 1].end
        if end is None or (end < len(text) and (text[end].isalnum() or text[end] == "-")):
            continue
        after = re.match(r" ([A-Z][a-z]+)", text[end:])
        if after and after.group(1) not in may_follow:
            continue  # a longer name goes on: not this construction
        yield Mention(h.start, end, text[h.start:end], h.entry.type, analysis.sentence_of(h.start), "en.unit_names", 0.6)
