"""The mention stage: spans that name entities, each typed with an ontology class.

Finders are plug-ins registered by name with the languages they serve; the
stage runs every finder for the document's language, then keeps the best
non-overlapping mentions (longer first, then higher priority). A finder may
mark a mention ``nested`` by giving it a source ending in ``.nested``: such
mentions are kept inside others (a city in a company's name).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..context import Analysis
from ..model import Mention
from ..ontology import classes_under
from ..registry import Registry
from ..rules import alias_cues, language_rules

__all__ = ["MentionFinder", "MENTION_FINDERS", "REFERENCE_FINDERS", "finder", "find_mentions", "references"]

#: Per language, a function giving the later references to a mention ('It', 'the company'):
#: (start, end, the mention referred to). A language module registers its own.
REFERENCE_FINDERS: dict[str, Callable[[Analysis], list[tuple[int, int, Mention]]]] = {}


def references(analysis: Analysis) -> list[tuple[int, int, Mention]]:
    """The references of ``analysis``'s language finder, or none when the language has no finder."""
    found = REFERENCE_FINDERS.get(analysis.lang)
    return found(analysis) if found else []


@dataclass(frozen=True, slots=True)
class MentionFinder:
    name: str
    languages: tuple[str, ...]  # ("*",) for every language
    priority: int
    find: Callable[[Analysis], Iterable[Mention]]

    def serves(self, lang: str) -> bool:
        return "*" in self.languages or lang in self.languages


MENTION_FINDERS: Registry[MentionFinder] = Registry("mention finder", "kg.mentions")


def finder(name: str, languages: Iterable[str] = ("*",), priority: int = 1):
    """Register a function ``Analysis -> Iterable[Mention]`` as a mention finder."""

    def decorator(fn):
        MENTION_FINDERS.register(name)(MentionFinder(name, tuple(languages), priority, fn))
        return fn

    return decorator


def find_mentions(analysis: Analysis) -> list[Mention]:
    """Run the finders of the document's language and resolve overlaps; sets ``analysis.mentions``."""
    proposed: list[tuple[int, Mention]] = []
    for _, f in MENTION_FINDERS.items():
        if f.serves(analysis.lang):
            proposed.extend((f.priority, m) for m in f.find(analysis))
    nested = [m for _, m in proposed if m.source.endswith(".nested")]
    flat = [(p, m) for p, m in proposed if not m.source.endswith(".nested")]
    flat.sort(key=lambda pm: (-(pm[1].end - pm[1].start), -pm[0], -pm[1].confidence, pm[1].start))
    kept: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for _, m in flat:
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        kept.append(m)
        taken.append((m.start, m.end))
    kept += _paren_aliases(analysis, kept)
    # a short name nested in a full name ('璇玑机器人' in '深圳璇玑机器人有限公司') is the name used elsewhere,
    # unless two different full names share it ('海南航空' in '海南航空集团…' and '海南航空股份…')
    owners: dict[str, set[str]] = {}
    for m in nested:
        if m.source.endswith("short_name.nested") and ".place_tail." not in m.source:
            owners.setdefault(m.text, set()).update(
                k.text for k in kept if k.start <= m.start and m.end <= k.end and k.text != m.text)
    nested = [m for m in nested if len(owners.get(m.text, ())) <= 1]
    kept = _propagate(analysis, kept, [m for m in nested if m.text in owners])
    nested += _places_in_names(analysis, kept)
    for m in nested:
        if not any(k.start == m.start and k.end == m.end for k in kept):
            kept.append(m)
    # where the gazetteer says a known name is not meant ('Apple growers'), no finder's reading of the
    # name inside stands (the whole phrase may still be a name: 'Voice of America')
    excluded = analysis.excluded_spans()
    if excluded:
        kept = [m for m in kept if not any(s <= m.start and m.end <= e and m.end - m.start < e - s
                                           for s, e in excluded)]
    kept.sort(key=lambda m: (m.start, -m.end))
    analysis.mentions = kept
    return kept


_ALIAS = re.compile(r"^[^\W\d_][\w .&'\-]{0,39}$")


def _overlaps(start: int, end: int, mentions: Iterable[Mention]) -> bool:
    return any(start < m.end and m.start < end for m in mentions)


def _paren_aliases(analysis: Analysis, kept: list[Mention]) -> list[Mention]:
    """``상하이 비렌 인텔리전트 테크놀로지(비렌)``, ``Fourth Paradigm (4Paradigm)``: the alias is a mention too."""
    text = analysis.text
    generic = {g.casefold() for g in language_rules(analysis.lang).get("generic_acronyms", [])}
    cues = alias_cues(analysis.lang)  # words that announce an alias ('简称')
    out: list[Mention] = []
    for m in kept:
        k = m.end + (1 if text[m.end:m.end + 1] == " " else 0)
        if text[k:k + 1] not in ("(", "（"):
            continue
        close = min((i for i in (text.find(")", k), text.find("）", k)) if i != -1), default=-1)
        if close == -1 or close - k > 41:
            continue
        inner = text[k + 1:close]
        stripped = inner.strip()
        cue = next((c for c in cues if stripped.startswith(c)), None)
        if cue:  # '（以下简称“星河”，…）': the alias after its cue word, without quotes
            stripped = re.split(r"[，,；;]", stripped[len(cue):])[0].lstrip("：:").strip().strip("“”\"「」『』").strip()
        if not stripped or not _ALIAS.match(stripped) or stripped.casefold() in generic or len(stripped.split()) > 5:
            continue
        if stripped[0].islower() and " " in stripped:  # '(born 2 March 1950)', '(short for ...)': a remark, no alias
            continue
        start = k + 1 + inner.index(stripped)
        if _overlaps(start, start + len(stripped), kept + out):
            continue
        out.append(Mention(start, start + len(stripped), stripped, m.type, m.sentence, "alias", m.confidence * 0.95))
    return out


ORG_TYPES = classes_under("Organization")
PLACE_TYPES = classes_under("City") | classes_under("Region")


def _places_in_names(analysis: Analysis, kept: list[Mention]) -> list[Mention]:
    """A city or region that opens an organisation's name is a (nested) place mention.

    ``상하이 비렌 인텔리전트 테크놀로지``, ``Beijing Fourth Paradigm``, ``北京字节跳动``: the
    place is found, but no relation is read from it: a name tells where a firm
    was registered or began, not where it is based, and a triple the sentence
    does not state is worse than a missed one.
    """
    out = []
    for m in kept:
        if m.type not in ORG_TYPES:
            continue
        if analysis.lang == "zh":
            prefixes = [m.text[:k] for k in (3, 2) if len(m.text) > k + 1]
        else:
            words = m.text.split()
            prefixes = [" ".join(words[:k]) for k in (2, 1) if len(words) > k]
        for prefix in prefixes:
            entry = next((e for e in analysis.gazetteer.lookup(prefix) if e.type in PLACE_TYPES), None)
            if entry is not None:
                out.append(Mention(m.start, m.start + len(prefix), prefix, entry.type, m.sentence,
                                   "name_place.nested", 0.9, entry.id))
                break
    return out


def _propagate(analysis: Analysis, kept: list[Mention], short_names: Iterable[Mention] = ()) -> list[Mention]:
    """One name, one entity per document: a name found by a cue is a mention wherever it recurs.

    A recurrence replaces shorter mentions inside it (``메타엑스`` over the ``메타`` in it).
    """
    starts, ends = analysis.token_bounds()
    strict = analysis.lang != "zh"
    text = analysis.text
    out: list[Mention] = []
    names = {}
    for m in [*kept, *short_names]:
        if m.gazetteer_id is None and len(m.text) >= 2 and m.text not in names:
            names[m.text] = m
    for name, m in sorted(names.items(), key=lambda kv: -len(kv[0])):
        i = text.find(name)
        while i != -1:
            j = i + len(name)
            if not strict or (i in starts and j in ends):
                inside = [k for k in kept + out if i <= k.start and k.end <= j and (k.start, k.end) != (i, j)]
                rest = [k for k in kept + out if k not in inside]
                if not _overlaps(i, j, rest):
                    kept = [k for k in kept if k not in inside]
                    out = [k for k in out if k not in inside]
                    out.append(Mention(i, j, name, m.type, analysis.sentence_of(i), "propagated",
                                       round(m.confidence * 0.9, 3)))
            i = text.find(name, j)
    return kept + out
