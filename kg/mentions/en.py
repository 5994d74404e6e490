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
from . import finder

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
        "nonname": set(r["non_name_capitals"]),
        "connectors": set(r["name_connectors"]),
        "generic": {g.casefold() for g in r["generic_acronyms"]},
        "introducers": [w.split() for w in r["name_introducers"]],
        "product_intro": {w.casefold() for w in r["product_intro_words"]},
        "versions": set(r["product_version_words"]),
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
    if b + 1 >= len(st.toks):
        return None
    c = lx["cues"].match_starting_at(st.texts, b + 1)
    if not c or c[1] not in lx["product_types"] or st.toks[b + 1].text[0].isupper():
        return None
    prev = st.low[a - 1] if a > 0 else ""
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


def _cue_mentions(analysis: Analysis) -> list[Mention]:
    cached = analysis.syntax.get("en.cues")
    if cached is not None:
        return cached
    lx = _lex()
    hits = analysis.gazetteer_hits()
    starts = {t.idx for t in analysis.doc}
    ends = {t.idx + len(t.text) for t in analysis.doc}
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


def _type_part(st: _Sent, lx, a: int, b: int) -> Mention | None:
    n = len(st.toks)
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
    if a >= 2 and st.low[a - 1] in ("of", "at") and lx["titles"].match_ending_at(st.texts, a - 2):
        return st.mention(a, b, "Organization", "en.org_title", 0.6)
    # PLACE-based
    if b + 2 < n and st.texts[b + 1] == "-" and st.low[b + 2] in ("based", "headquartered") and st.glued(b):
        return st.mention(a, b, "Place", "en.based", 0.5)
    # founded by Jane Doe
    if a >= 2 and st.low[a - 1] == "by" and st.low[a - 2] in ("founded", "cofounded", "co-founded") and b > a and _is_person_run(st, a, b):
        return st.mention(a, b, "Person", "en.founded_by", 0.6)
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


_NER_TYPES = {"ORG": "Organization", "PERSON": "Person", "GPE": "Place", "PRODUCT": "Product", "LOC": "Place"}


@finder("en.ner", languages=("en",), priority=1)
def english_ner_mentions(analysis: Analysis) -> Iterator[Mention]:
    """spaCy entities of a trained pipeline, mapped to ontology classes, where no gazetteer or cue name stands."""
    doc = analysis.doc
    if not has_ner(doc):
        return
    lx = _lex()
    taken = [(h.start, h.end) for h in analysis.gazetteer_hits()]
    taken += [(m.start, m.end) for m in _cue_mentions(analysis)]
    for ent in doc.ents:
        type_ = _NER_TYPES.get(ent.label_)
        if type_ is None:
            continue
        toks = [t for t in ent]
        while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].text in lx["nonname"]):
            toks = toks[1:]
        while toks and (toks[-1].text in ("'s", "’s", ".", ",") or toks[-1].is_space):
            toks = toks[:-1]
        if not toks:
            continue
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = analysis.text[s:e]
        if text.casefold() in lx["generic"] or not _is_cap(text) or _in_any(s, e, taken):
            continue
        conf = 0.6
        if type_ == "Organization":
            m = lx["suffixes"].match_ending_at([t.text for t in toks], len(toks) - 1)
            if m and m[0] > 0:
                type_ = m[1]
        elif type_ == "Place":
            entries = [x for x in analysis.gazetteer.lookup(text) if x.type in PLACE_TYPES]
            if entries:
                type_ = entries[0].type
            else:
                conf = 0.5
        elif type_ == "Person" and len(toks) < 2:
            conf = 0.5
        yield Mention(s, e, text, type_, analysis.sentence_of(s), "en.ner", conf)
