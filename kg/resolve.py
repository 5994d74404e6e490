"""Resolution within a document: mentions -> entities, candidates -> facts.

Mentions are one entity when they
1. name the same gazetteer entry (``알리바바``, ``알리바바그룹`` -> alibaba-group);
2. have the same normalised text;
3. stand as a name and its alias in parentheses (``상하이 비렌 인텔리전트 테크놀로지(비렌)``);
4. are a shorter form of a longer name of the same coarse type, cut at a word
   boundary (``포스 패러다임`` in ``베이징 포스 패러다임``).
Cross-document and cross-language resolution is a later stage.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache

from .context import Analysis
from .model import Candidate, Entity, Evidence, Fact, Mention, Value
from .names import normalize as _norm
from .names import strip_gloss
from .ontology import load_ontology
from .rules import alias_cues, language_rules

__all__ = ["resolve", "entity_key", "strip_gloss"]

_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]+")


def entity_key(lang: str, label: str) -> str:
    """The stable id of an entity the gazetteer does not know.

    >>> entity_key("ko", "베이징 포스 패러다임")
    'ko/베이징_포스_패러다임'
    """
    label = unicodedata.normalize("NFC", strip_gloss(label)).strip()
    return f"{lang}/" + re.sub(r"\s+", "_", label)


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _coarse(type_: str) -> str | None:
    return load_ontology().coarse_type(type_)


@cache
def _short_form_tails(lang: str) -> frozenset[str] | None:
    """Words that a longer name may add to its short form ('Acme' + 'Group'), if the language limits them.

    English (``short_form_tails`` in its rules: the corporate suffixes) keeps 'Google Cloud' apart from 'Google'.
    """
    r = language_rules(lang)
    key = r.get("short_form_tails")
    if not key:
        return None
    return frozenset(k for k in r.get(key, {}) if not k.startswith("_"))


def _cluster(analysis: Analysis, mentions: list[Mention]) -> list[list[Mention]]:
    text = analysis.text
    n = len(mentions)
    uf = _UnionFind(n)
    by_gid: dict[str, int] = {}
    by_norm: dict[tuple[str, str | None], int] = {}
    for i, m in enumerate(mentions):
        if m.gazetteer_id:
            if m.gazetteer_id in by_gid:
                uf.union(by_gid[m.gazetteer_id], i)
            by_gid.setdefault(m.gazetteer_id, i)
        key = (_norm(m.text), _coarse(m.type))
        if key in by_norm:
            uf.union(by_norm[key], i)
        by_norm.setdefault(key, i)
    # NAME(ALIAS): the alias is the same entity
    cues = alias_cues(analysis.lang)
    for i, a in enumerate(mentions):
        for j in range(i + 1, min(n, i + 6)):  # (nested mentions may come between)
            b = mentions[j]
            between = text[a.end:b.start]
            if between.strip() in ("(", "（") and text[b.end:b.end + 1] in (")", "）"):
                uf.union(i, j)
            elif re.fullmatch(r"\s*[(（][^()（）]{1,10}", between) and text[b.end:b.end + 1] in ("）", ")", "”", "\"", "，", ",") and (
                    b.source == "alias" or between.strip()[1:].lstrip("“\"").startswith(cues)):
                uf.union(i, j)  # '（以下简称“X”）': an alias after a cue word (``alias_cues`` in the rules)
    # a short name nested in its full name ('X' in 'X有限公司', '里昂' in '法国里昂'; source '*.short_name.nested')
    for i, short in enumerate(mentions):
        if short.source.endswith("short_name.nested"):
            for j, long_ in enumerate(mentions):
                if j != i and long_.start <= short.start and short.end <= long_.end \
                        and long_.end - long_.start > short.end - short.start \
                        and _coarse(long_.type) == _coarse(short.type):
                    uf.union(i, j)
    # a shorter form of a longer name, cut at a word boundary, same coarse type
    tails = _short_form_tails(analysis.lang)
    # a one-word name that ends some person's name is that person's surname: it does not also link
    # to a person whose first name it is ('Marlow' in 'Jane Marlow' and 'Marlow Roe')
    surnames = {m.text.split()[-1] for m in mentions if _coarse(m.type) == "Person" and len(m.text.split()) > 1}
    for i, short in enumerate(mentions):
        if short.gazetteer_id:
            continue
        # a short name that is a word of two different longer names is either's: neither's
        holders = {m.text for m in mentions if len(m.text) > len(short.text) and _coarse(m.type) == _coarse(short.type)
                   and short.text in m.text.split()}
        if len(holders) > 1 and _coarse(short.type) != "Person":
            continue
        for j, long_ in enumerate(mentions):
            if i == j or len(long_.text) <= len(short.text) or _coarse(long_.type) != _coarse(short.type):
                continue
            words = long_.text.split()
            head = " ".join(words[:-1]) == short.text and (
                tails is None or _coarse(short.type) == "Person" and short.text not in surnames or words[-1] in tails)
            if len(words) > 1 and (" ".join(words[1:]) == short.text or head
                                   or " ".join(words[-2:]) == short.text):
                uf.union(i, j)
    # a person written in Hangul without spaces is referred to by the first syllables, the surname
    # of a transliterated Chinese name ('차오' for '차오윈페이'), when only one person's name starts so
    for i, short in enumerate(mentions):
        if _coarse(short.type) != "Person" or len(short.text) < 2 or not _HANGUL_NAME.fullmatch(short.text):
            continue
        longer = {m.text for m in mentions if _coarse(m.type) == "Person" and len(m.text) > len(short.text)
                  and _HANGUL_NAME.fullmatch(m.text) and m.text.startswith(short.text)}
        if len(longer) == 1:
            j = next(k for k, m in enumerate(mentions) if m.text in longer)
            uf.union(i, j)
    groups: dict[int, list[Mention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[uf.find(i)].append(m)
    return list(groups.values())


def _build_entity(analysis: Analysis, cluster: list[Mention]) -> Entity:
    lang = analysis.lang
    gaz = analysis.gazetteer
    gid = next((m.gazetteer_id for m in cluster if m.gazetteer_id), None)
    if gid is None:
        # a cue-found name that the gazetteer knows under this exact form
        for m in cluster:
            entries = gaz.lookup(m.text) or gaz.lookup(strip_gloss(m.text))
            if len(entries) == 1:
                gid = entries[0].id
                break
    entry = gaz.get(gid) if gid else None
    surface = Counter(m.text for m in cluster)
    if entry is not None:
        type_ = entry.type
        label = max(cluster, key=lambda m: (surface[m.text], -m.start)).text
        labels = {"en": entry.label}
        native = entry.aliases.get(lang)
        if native:
            labels.setdefault(lang, native[0])
        labels[lang] = label
        eid = entry.id
    else:
        ont = load_ontology()
        weights: Counter[str] = Counter()
        for m in cluster:
            weights[m.type] += m.confidence
        best = max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0]
        # prefer the most specific type compatible with the best one
        for t in weights:
            if t != best and ont.is_subclass(t, best):
                best = t
        type_ = best
        # the longest name is the label ('상하이 비렌 인텔리전트 테크놀로지', not its alias)
        label = max(cluster, key=lambda m: (len(strip_gloss(m.text)), -m.start)).text
        labels = {lang: label}
        eid = entity_key(lang, label)
    aliases = {m.text for m in cluster} | {strip_gloss(m.text) for m in cluster}
    aliases.discard(label)
    return Entity(eid, type_, label, lang, labels, aliases, sorted(cluster, key=lambda m: m.start), entry.id if entry else None)


def resolve(analysis: Analysis, candidates: Iterable[Candidate], version_of) -> tuple[dict[str, Entity], list[Fact]]:
    """Entities of the analysis's mentions and facts of the candidates.

    ``version_of(extractor_name)`` gives the version recorded in provenance.
    """
    candidates = list(candidates)
    mentions = list(analysis.mentions)
    known = {(m.start, m.end) for m in mentions}
    for c in candidates:  # mentions that only an extractor saw (e.g. a nested place)
        for m in (c.subject, c.object):
            if isinstance(m, Mention) and (m.start, m.end) not in known:
                mentions.append(m)
                known.add((m.start, m.end))
    entities: dict[str, Entity] = {}
    of_mention: dict[tuple[int, int], str] = {}
    for cluster in _cluster(analysis, mentions):
        e = _build_entity(analysis, cluster)
        if e.id in entities:  # two clusters that reach one gazetteer entry or one label
            old = entities[e.id]
            old.mentions = sorted(old.mentions + e.mentions, key=lambda m: m.start)
            old.aliases |= e.aliases | {e.label}
            old.aliases.discard(old.label)
        else:
            entities[e.id] = e
        for m in cluster:
            of_mention[(m.start, m.end)] = e.id
    ont = load_ontology()
    facts: dict[tuple, tuple[str | Value, list[Evidence]]] = {}
    for c in candidates:
        s = of_mention[(c.subject.start, c.subject.end)]
        o: str | Value = c.object if isinstance(c.object, Value) else of_mention[(c.object.start, c.object.end)]
        if s == o:
            continue
        if ont.is_symmetric(c.predicate) and isinstance(o, str) and o < s:
            s, o = o, s  # one canonical direction for symmetric relations
        sent = analysis.sentences[c.sentence]
        ev = Evidence(analysis.document.id, c.sentence, sent.text, c.evidence[0], c.evidence[1], c.extractor,
                      version_of(c.extractor), round(c.confidence, 3), c.modality)
        key = (s, c.predicate, o.normalized if isinstance(o, Value) else o)
        _, evs = facts.setdefault(key, (o, []))
        if ev not in evs:
            evs.append(ev)
    out = [Fact(s, p, obj, tuple(sorted(evs, key=lambda e: (e.start, e.extractor))))
           for (s, p, _), (obj, evs) in facts.items()]
    out.sort(key=lambda f: (f.subject, f.predicate, f.object if isinstance(f.object, str) else f.object.normalized))
    return entities, out
