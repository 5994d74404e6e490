"""Rules as data plus a small matcher: regular expressions over a sentence's items.

A sentence is flattened into a string of items: every mention becomes one
placeholder ``⟨i:Type⟩`` (``i`` indexes the sentence's mentions), every date
``⟪i:date⟫``, and every other token its lower-cased text. English items are
separated by single spaces (``⟨0:Company⟩ 's acquisition of ⟨1:Company⟩``);
Chinese items are characters with no separator (``⟨0:Company⟩收购了⟨1:Company⟩``).

A rule (``relations`` in ``kg/data/rules/<lang>.json``) is a regular
expression with macros for mention kinds (``{ORG}``, ``{PER}``, ``{PRDS}``...),
gap words (``{W}``) and titles (``{TITLES}``), named groups for the subject
(``s``), object (``o``), title (``t``) and date (``d``), and the predicate (or
``triples``). The matcher tries every rule at every item, so overlapping
constructions all count, and reads the modality of the clause: denials drop
the candidate, plans and hedges set its modality; questions and conditionals
yield nothing. Structure decides the pair, never co-occurrence.

It serves the English and Chinese extractors registered by :mod:`kg.relations.patterns`.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..context import Analysis
from ..ontology import classes_under, load_ontology
from ..mentions import references
from ..model import Candidate, Mention, Value
from ..rules import load_rules
from ..syntax.lexicon import Lexicon

__all__ = ["Flat", "flats", "config", "modality", "run_family", "title_predicates", "ORG_TYPES", "PRODUCT_TYPES", "PLACE_TYPES"]

ORG_TYPES = tuple(sorted(classes_under("Organization")))
PRODUCT_TYPES = tuple(sorted(classes_under("Product")))
PLACE_TYPES = tuple(sorted(classes_under("Place")))
ALL_TYPES = ORG_TYPES + PRODUCT_TYPES + PLACE_TYPES + ("Person", "Technology")

KINDS = {
    "ORG": ORG_TYPES,
    "PER": ("Person",),
    "PRD": PRODUCT_TYPES,
    "PLC": PLACE_TYPES,
    "XCH": ("StockExchange",) + PLACE_TYPES,
    "AGENT": ORG_TYPES + ("Person",),
    "ENT_OP": ORG_TYPES + PRODUCT_TYPES,
    "TECH": ("Technology",),
    "ENT": ALL_TYPES,
    # an employer named by 'joined' or 'worked for': not a club, band or party
    "EMPLOYER": tuple(t for t in ORG_TYPES if t != "Organization"),
    "UNIV": ("University",),
    "CITY": ("City", "Place"),  # a town, or a place of unknown kind (not a country or region)
    "TOWN": ("City",),
}
_PLACEHOLDER = re.compile(r"⟨(\d+):[A-Za-z]+⟩")
_DATE = re.compile(r"⟪(\d+):date⟫")
_MACRO = re.compile(r"\{([A-Z_]+)\}")


@dataclass(slots=True)
class Item:
    start: int  # character offsets in the document
    end: int
    text: str  # form in the flat string
    raw: str  # original case (for modality words such as 'may')
    obj: Mention | Value | None = None


class Flat:
    """One sentence as a string of items, with the way back to document offsets."""

    def __init__(self, analysis: Analysis, sent, items: list[Item], sep: str):
        self.analysis = analysis
        self.sentence = sent
        self.items = items
        self.sep = sep
        parts, self.starts, self.ends = [], [], []
        pos = 0
        for it in items:
            self.starts.append(pos)
            parts.append(it.text)
            pos += len(it.text)
            self.ends.append(pos)
            pos += len(sep)
        self.s = sep.join(parts)
        self.mentions = [it.obj for it in items if isinstance(it.obj, Mention)]
        self.values = [it.obj for it in items if isinstance(it.obj, Value)]

    def item_range(self, a: int, b: int) -> tuple[int, int]:
        """Items [i0, i1) that the string span [a, b) touches."""
        i0 = bisect_right(self.ends, a)
        i1 = bisect_right(self.starts, b - 1) if b > a else i0
        return i0, max(i0, i1)

    def doc_span(self, a: int, b: int) -> tuple[int, int]:
        """Document offsets of the string span [a, b)."""
        i0, i1 = self.item_range(a, b)
        if i1 <= i0:
            return (self.items[i0].start, self.items[i0].end) if i0 < len(self.items) else (self.sentence.start, self.sentence.start)
        return self.items[i0].start, self.items[i1 - 1].end

    def raw(self, i0: int, i1: int) -> str:
        """Items [i0, i1) in their original case (the sentence's first word lower-cased)."""
        words = [it.raw for it in self.items[i0:i1]]
        if i0 == 0 and words:
            words[0] = words[0].lower()
        return self.sep.join(words)

    def objects_in(self, text: str) -> list[Mention | Value]:
        """The mentions and dates whose placeholders ``text`` holds, in order."""
        out: list[Mention | Value] = [self.mentions[int(i)] for i in _PLACEHOLDER.findall(text)]
        out += [self.values[int(i)] for i in _DATE.findall(text)]
        return out


def _normalize(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _sentence_mentions(analysis: Analysis, sent) -> list[Mention]:
    ms = [m for m in analysis.mentions
          if sent.start <= m.start and m.end <= sent.end and not m.source.endswith(".nested")]
    ms.sort(key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in ms:  # top-level only
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _build(analysis: Analysis, sent, by_char: bool) -> Flat:
    ms = _sentence_mentions(analysis, sent)
    # dates a fact can hold: resolved, and a year, month or day (not a week, not '지난 24일' undated)
    vs = [v for v in analysis.values if v.kind == "date" and v.precision in ("year", "month", "day")
          and sent.start <= v.start and v.end <= sent.end and not any(v.start < m.end and m.start < v.end for m in ms)]
    objs = [(m.start, m.end, m) for m in ms] + [(v.start, v.end, v) for v in vs]
    if not by_char:
        objs += [(s, e, _Ref(m)) for s, e, m in _references(analysis, sent)
                 if not any(s < o[1] and o[0] < e for o in objs)]
    objs.sort(key=lambda x: x[0])
    items: list[Item] = []
    ne = nv = 0
    k = 0
    text = analysis.text
    if by_char:
        units = [(i, i + 1) for i in range(sent.start, sent.end) if not text[i].isspace()]
    else:
        span = analysis.doc.char_span(sent.start, sent.end, alignment_mode="expand")
        toks = span if span is not None else analysis.doc
        units = [(t.idx, t.idx + len(t.text)) for t in toks if sent.start <= t.idx < sent.end and not t.is_space]
    for a, b in units:
        while k < len(objs) and objs[k][1] <= a:
            k += 1
        if k < len(objs) and objs[k][0] < b:
            s, e, obj = objs[k]
            if items and (items[-1].obj is obj or (isinstance(obj, _Ref) and items[-1].start == s)):
                continue
            if isinstance(obj, _Ref):  # 'It', 'the company': the topic mention, at the reference's place
                obj = obj.mention
            if isinstance(obj, Mention):
                form = f"⟨{ne}:{obj.type}⟩"
                ne += 1
            else:
                form = f"⟪{nv}:date⟫"
                nv += 1
            items.append(Item(s, e, form, form, obj))
            continue
        raw = _normalize(text[a:b])
        items.append(Item(a, b, raw.lower(), raw))
    return Flat(analysis, sent, items, "" if by_char else " ")


@dataclass(frozen=True, slots=True)
class _Ref:
    """A reference to a mention elsewhere in the document ('It' for the topic)."""

    mention: Mention


def _references(analysis: Analysis, sent) -> list[tuple[int, int, Mention]]:
    """The later references to a mention ('It' for the topic) inside this sentence."""
    return [(s, e, m) for s, e, m in references(analysis) if sent.start <= s and e <= sent.end]


def flats(analysis: Analysis) -> list[Flat]:
    """The flattened sentences of the analysis (cached in ``analysis.syntax``)."""
    key = f"{analysis.lang}.flats"
    cached = analysis.syntax.get(key)
    if cached is None or cached[0] != len(analysis.mentions):
        by_char = analysis.lang == "zh"
        cached = (len(analysis.mentions), [_build(analysis, s, by_char) for s in analysis.sentences])
        analysis.syntax[key] = cached
    return cached[1]


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Rule:
    rx: re.Pattern
    triples: tuple[tuple[str, str, str], ...]  # (subject group, predicate or "title", object group)
    confidence: float
    fallback: bool
    unless: frozenset[str]
    source: str


@dataclass(frozen=True, slots=True)
class LangConfig:
    code: str
    sep: str
    families: dict
    titles: Lexicon
    past: frozenset[str]
    past_kept: frozenset[str]
    negators: re.Pattern | None
    denied: re.Pattern | None
    planned: re.Pattern | None
    hedged: re.Pattern | None
    conditional: re.Pattern | None
    question: re.Pattern | None
    boundaries: frozenset[str]
    exclude: tuple[str, ...]
    modifier_heads: frozenset[str]
    # predicate -> facts it entails: (predicate, swap subject and object, confidence cap)
    implied: dict = None


def _tokenize(phrase: str, by_char: bool) -> str:
    if by_char:
        return phrase.lower()
    from ..nlp import get_nlp

    return " ".join(t.text for t in get_nlp("en").tokenizer(_normalize(phrase))).lower()


def _alternation(phrases, by_char: bool) -> str:
    forms = sorted({_tokenize(p, by_char) for p in phrases if not p.startswith("_")}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


def _phrase_rx(phrases, by_char: bool) -> re.Pattern | None:
    if not phrases:
        return None
    alt = _alternation(phrases, by_char)
    return re.compile(alt if by_char else rf"(?:^| ){alt}(?= |$)")


def _macros(r: dict, by_char: bool) -> dict[str, str]:
    out = {}
    for name, types in KINDS.items():
        one = "⟨\\d+:(?:" + "|".join(types) + ")⟩"
        out[name] = one
        if by_char:
            joiner = r.get("list_joiners", "[、,，和及与]")
            out[name + "S"] = f"(?:{one}(?:{joiner}{one})*)"
        else:
            out[name + "S"] = f"(?:{one}(?: , (?:the )?{one})*(?: ,)? (?:and|&) (?:the )?{one}|{one})"
    if not by_char:  # products may be listed without a final 'and': 'apps including Gmail, Docs and others'
        one = "⟨\\d+:(?:" + "|".join(PRODUCT_TYPES) + ")⟩"
        out["PRDS"] = f"(?:{one}(?: , (?:the )?{one})*(?:(?: ,)? (?:and|&|or) (?:the )?{one})?)"
    out["DATE"] = "⟪\\d+:date⟫"
    titles = _alternation(r["titles"].keys(), by_char)
    mods = [m for m in r.get("title_modifiers", [])]
    if by_char:
        punct = re.escape("，。；：！？、,;:!?\"'（）()《》「」")
        out["W"] = f"[^⟨⟩⟪⟫\\s{punct}]"
        stops = "".join(re.escape(c) for c in r.get("gap_stop_chars", ""))
        out["N"] = f"[^⟨⟩⟪⟫\\s{punct}{stops}]" if stops else out["W"]
        out["WP"] = f"(?:{out['W']}|{out['PRD']}|{out['TECH']})"
        out["MOD"] = (_alternation(mods, True) + "?") if mods else ""
        heads = _alternation(r.get("appositive_openers", ["是"]), True)
        out["APPO"] = f"(?:[，,]{heads}[^，,。；！？]{{1,30}}?[，,])?"
        # the rest of a clause whose topic starts the sentence: 'X成立于2012年，总部位于北京'
        out["TOPIC"] = r.get("topic_chain", "[^。；]{0,40}?[，,]")
        out["TITLES"] = f"(?:{titles}(?:[兼、和及与]{out['MOD']}{titles})*)"
    else:
        stop = _alternation(r.get("gap_stop", []), False)
        preps = _alternation(r.get("prepositions", []) + r.get("gap_stop", []), False)
        out["W"] = f"(?:(?!{stop} )[^\\s⟨⟩⟪⟫,;:()\"?!.]\\S* )"
        out["N"] = f"(?:(?!{preps} )[^\\s⟨⟩⟪⟫,;:()\"?!.]\\S* )"
        out["WP"] = f"(?:{out['W']}|{out['PRD']} |{out['TECH']} )"
        out["MOD"] = f"(?:{_alternation(mods, False)} ){{0,2}}" if mods else ""
        out["TITLES"] = f"(?:{titles}(?: (?:and|&|,|, and) {out['MOD']}{titles})*)"
        # a relative pronoun after a subject: 'Apple, which makes the iPhone'
        out["REL"] = "(?:, (?:which|that|who) )?"
        # a possessor before a product: "OpenAI 's GPT-4o"
        out["POSS"] = f"(?:{out['ORG']} 's )?"
        # descriptive words before a name: 'the London-based AI lab DeepMind'
        out["DESC"] = f"(?:(?:the|a|an|its|their|rival|fellow|former) )?(?:{out['PLC']} - (?:based|headquartered) )?{out['N']}{{0,3}}"
        # an appositive after a subject: ', a Beijing-based AI startup,' / ', which was founded in 2015,'
        heads = _alternation(r.get("appositive_openers", ["a", "an", "the"]), False)
        # (and a parenthesis first: 'X (formerly Y) is based in Z', 'X (NASDAQ: X) ...')
        out["APPO"] = (f'(?:\\( [^()]{{1,80}}?\\) )?'
                       f'(?:, (?:{heads} |⟨\\d+:[A-Za-z]+⟩ \'s )[^,;"?!]{{1,80}}? , )?')
    return out


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: macros[m.group(1)], pattern)


@cache
def config(lang: str) -> LangConfig:
    """The compiled rules and modality words of a language (cached)."""
    r = load_rules(lang)
    by_char = lang == "zh"
    macros = _macros(r, by_char)
    families = {}
    for family, rules in r["relations"].items():
        if family.startswith("_"):
            continue
        compiled = []
        for k, rule in enumerate(rules):
            body = _expand(rule["pattern"], macros)
            rx = re.compile(body if by_char else rf"(?:(?<= )|^){body}(?= |$)")
            if "triples" in rule:
                triples = tuple(tuple(t) for t in rule["triples"])
            else:
                triples = (("s", rule.get("predicate", "title"), "o"),)
            unless = frozenset(_tokenize(u, by_char) for u in rule.get("unless", []))
            compiled.append(Rule(rx, triples, float(rule.get("confidence", 0.8)), bool(rule.get("fallback")),
                                 unless, f"{family}[{k}]"))
        families[family] = compiled
    mod = r.get("modality", {})
    return LangConfig(
        code=lang,
        sep="" if by_char else " ",
        families=families,
        titles=Lexicon(r["titles"]),
        past=frozenset(_tokenize(w, by_char) for w in r.get("past_modifiers", [])),
        past_kept=frozenset(r.get("past_kept_predicates", [])),
        negators=_phrase_rx(mod.get("negators", []), by_char),
        denied=_phrase_rx(mod.get("denied", []), by_char),
        planned=_phrase_rx(mod.get("planned", []), by_char),
        hedged=_phrase_rx(mod.get("hedged", []), by_char),
        conditional=_phrase_rx(r.get("conditional_words", []), by_char),
        question=_phrase_rx(r.get("question_words", []), by_char),
        boundaries=frozenset(_tokenize(w, by_char) for w in r.get("clause_boundaries", [])),
        exclude=tuple(sorted(r.get("modality_exclude", []), key=len, reverse=True)),
        modifier_heads=frozenset(_tokenize(w, by_char) for w in r.get("entity_modifier_heads", [])),
        implied={k: tuple((x["predicate"], bool(x.get("inverse")), float(x.get("confidence", 1.0))) for x in v)
                 for k, v in r.get("implied_predicates", {}).items() if not k.startswith("_")},
    )


# --------------------------------------------------------------------------- matching


def _matches(rx: re.Pattern, flat: Flat) -> Iterator[re.Match]:
    """Matches of ``rx`` starting at every item (so overlapping constructions all count)."""
    s = flat.s
    pos = 0
    seen = set()
    while pos <= len(s):
        m = rx.search(s, pos)
        if m is None:
            return
        if m.span() not in seen:
            seen.add(m.span())
            yield m
        k = bisect_right(flat.starts, m.start())
        if k >= len(flat.starts):
            return
        pos = flat.starts[k]


def _clean(cfg: LangConfig, text: str) -> str:
    for x in cfg.exclude:
        text = text.replace(x, "□" * len(x))
    return text


def _search(rx: re.Pattern | None, text: str) -> bool:
    return rx is not None and rx.search(text) is not None


def modality(cfg: LangConfig, flat: Flat, i0: int, i1: int) -> str | None:
    """'denied' (drop), 'planned', 'hedged' or 'asserted' for the items [i0, i1) of a match."""
    c = i0
    while c > 0 and flat.items[c - 1].text not in cfg.boundaries:
        c -= 1
    prefix = _clean(cfg, flat.raw(c, i0))
    body = _clean(cfg, flat.raw(i0, i1))
    both = prefix + cfg.sep + body
    if _search(cfg.negators, body) or _search(cfg.denied, both):
        return "denied"
    if _search(cfg.planned, both):
        return "planned"
    if _search(cfg.hedged, both):
        return "hedged"
    return "asserted"


def _skip_sentence(cfg: LangConfig, flat: Flat) -> bool:
    """Questions and conditionals state no fact."""
    text = flat.sentence.text.rstrip().rstrip("\"'”’」』）)")
    if text.endswith(("?", "？")):
        return True
    whole = _clean(cfg, flat.raw(0, len(flat.items)))
    return _search(cfg.conditional, whole) or _search(cfg.question, whole)


def title_predicates(cfg: LangConfig, title: str) -> list[str]:
    """The predicates a title implies, the most specific ones ('chief executive officer': ceoOf, not also
    executiveOf); ``title`` is in the form of the flat string (words separated by spaces, or characters)."""
    units = list(title) if cfg.sep == "" else title.split(" ")
    preds: list[str] = []
    for _, _, ps in cfg.titles.find_all(units):
        preds += [p for p in ps if p not in preds]
    onto = load_ontology()
    return [p for p in preds if not any(p in onto.super_properties(q) for q in preds if q != p)]


def _title_predicates(cfg: LangConfig, flat: Flat, m: re.Match) -> tuple[list[str], bool]:
    """The predicates the title of the match states, and whether a past modifier ('former',
    '前') says the role has ended. A founder stays a founder (``past_kept_predicates``)."""
    preds = title_predicates(cfg, m.group("t"))
    before = m.string[m.start():m.start("t")]
    words = set(before.split(" ")) if cfg.sep else {w for w in cfg.past if w in before}
    return preds, bool(words & cfg.past)


def run_family(analysis: Analysis, family: str, extractor_name: str) -> Iterator[Candidate]:
    """Candidates of one rule family (``relations[family]`` in the language's rules) over every sentence."""
    cfg = config(analysis.lang)
    rules = cfg.families.get(family, [])
    for flat in flats(analysis):
        if not flat.items or _skip_sentence(cfg, flat):
            continue
        found: dict[tuple, Candidate] = {}
        strong_pairs: set[frozenset] = set()
        weak: list[Candidate] = []
        for rule in rules:
            for m in _matches(rule.rx, flat):
                if rule.unless and _has_any(m.group(0), rule.unless, cfg.sep):
                    continue
                i0, i1 = flat.item_range(*m.span())
                mod = modality(cfg, flat, i0, i1)
                if mod == "denied":
                    continue
                span = flat.doc_span(*m.span())
                groups = m.groupdict()
                for sg, pred, og in rule.triples:
                    if groups.get(sg) is None or groups.get(og) is None:
                        continue
                    if _modifies(cfg, flat, m, sg) or _modifies(cfg, flat, m, og):
                        continue
                    preds, past = _title_predicates(cfg, flat, m) if pred == "title" else ([pred], False)
                    subjects = [x for x in flat.objects_in(groups[sg]) if isinstance(x, Mention)]
                    objects = flat.objects_in(groups[og])
                    for p in preds:
                        for subj in subjects:
                            for obj in objects:
                                if obj is subj or (isinstance(obj, Mention) and obj.text == subj.text):
                                    continue
                                c = Candidate(subj, p, obj, rule.confidence, extractor_name, flat.sentence.index,
                                              span, _past(cfg, p, mod) if past else mod)
                                pair = frozenset({(subj.start, subj.end), (obj.start, obj.end)})
                                if rule.fallback:
                                    weak.append(c)
                                    continue
                                strong_pairs.add(pair)
                                cands = [c]
                                if isinstance(obj, Mention):  # 'X acquired Y': Y is also a subsidiary of X
                                    for p2, swap, cap in (cfg.implied or {}).get(p, ()):
                                        a, b = (obj, subj) if swap else (subj, obj)
                                        cands.append(Candidate(a, p2, b, min(rule.confidence, cap), extractor_name,
                                                               flat.sentence.index, span, c.modality))
                                for c in cands:
                                    key = (c.subject.start, c.subject.end, c.predicate, c.object.start, c.object.end)
                                    if key not in found:
                                        found[key] = c
        for c in weak:
            pair = frozenset({(c.subject.start, c.subject.end), (c.object.start, c.object.end)})
            key = (c.subject.start, c.subject.end, c.predicate, c.object.start, c.object.end)
            if pair not in strong_pairs and key not in found:
                found[key] = c
        yield from _most_specific(found.values())


def _most_specific(cands) -> list[Candidate]:
    """Drop a candidate that a more specific one on the same pair entails: two rules reading
    'former chief executive' as 'chief executive' (ceoOf) and 'executive' (executiveOf) give ceoOf."""
    onto = load_ontology()
    cands = list(cands)
    by_pair: dict[tuple, set[str]] = {}
    for c in cands:
        by_pair.setdefault(_pair(c), set()).add(c.predicate)
    return [c for c in cands
            if not any(c.predicate in onto.super_properties(p) for p in by_pair[_pair(c)] if p != c.predicate)]


def _pair(c: Candidate) -> tuple[int, int, int, int]:
    return (c.subject.start, c.subject.end, c.object.start, c.object.end)


def _past(cfg: LangConfig, predicate: str, mod: str) -> str:
    """A role of the past ('former CEO') is a fact with modality "past"; founding never ends."""
    return "past" if mod == "asserted" and predicate not in cfg.past_kept else mod


def _modifies(cfg: LangConfig, flat: Flat, m: re.Match, group: str) -> bool:
    """Whether the mention ending group ``group`` only modifies the word after it ('OpenAI researchers')."""
    if not cfg.modifier_heads or not m.group(group).endswith("⟩") or m.group(group).endswith(
            tuple(f":{t}⟩" for t in PRODUCT_TYPES)):
        return False
    end = m.end(group)
    if cfg.sep:
        k = bisect_right(flat.starts, end)
        if k >= len(flat.items):
            return False
        return flat.items[k].text in cfg.modifier_heads
    rest = flat.s[end:end + 6]
    return any(rest.startswith(w) for w in cfg.modifier_heads)


def _has_any(text: str, words: frozenset[str], sep: str) -> bool:
    if not sep:
        return any(w in text for w in words)
    padded = f" {text} "
    return any(f" {w} " in padded for w in words)
