"""Cross-document and cross-language resolution: one entity for all its names in all articles.

:func:`kg.resolve.resolve` makes entities within one article; this stage links
them across a corpus. Each (article, entity) is a *member*; members become one
entity when

1. they name the same gazetteer entry (``딥시크``, ``DeepSeek``, ``深度求索``);
2. their names agree once spelling, script and legal form are set aside
   (:mod:`kg.names`): the same normalised name, the same name without 'Inc.'
   or '(주)', the same distinctive part with agreeing descriptors
   ('링시로보틱스' = 'Lingxi Robotics' = '灵犀机器人'), pinyin of Hanzi equal to
   the Latin name, the same phonetic skeleton across scripts ('엔비디아' ~
   'Nvidia'), or an acronym of the other's words ('PSMC');
3. and, where the name alone is not enough (people, short or fuzzy names),
   their neighbours agree: both are linked by facts, or mentioned together,
   with entities whose names say they are one (the same gazetteer entry, name,
   pinyin or consonant skeleton). People are never merged on the name alone,
   so two unrelated 'Chen Jie's stay two; people linked to different
   organisations only lose confidence.

Every link has a confidence and a reason; at or above ``threshold`` the members
are merged (a :class:`LinkDecision` of kind ``merge``), below it down to
:data:`REPORT_FLOOR` the pair is reported as an ``owl:sameAs`` candidate and not
merged. A user's corrections (:mod:`kg.corrections`) force a merge or keep
members apart. The result does not depend on the order of the articles: every
step works on sorted members and sorted pairs, and an entity's id is chosen
from its members by a fixed rule (gazetteer id, else the English name's key,
else the smallest key).

Linking is incremental (:class:`LinkState`): a pair's score depends only on the
two articles (and on which names are rare in the corpus), so adding or removing
an article scores only the pairs it takes part in; and merging is a sorted pass
over the pairs of each component (members joined by pairs that may be
reported), which depends on that component alone, so only the components an
article touches are merged again. A state updated article by article links
exactly as one built from all the articles at once.
"""
from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import NamedTuple

from .model import DocumentResult, Entity, Fact, Mention, _fast_pickle
from .names import NameForm, analyze_name, industries, similarity, strip_gloss
from .ontology import load_ontology
from .pairtable import PairTable
from .resolve import entity_key
from .statedb import Keyed

__all__ = ["Linking", "LinkDecision", "LinkState", "link", "apply_linking", "DEFAULT_THRESHOLD", "REPORT_FLOOR"]

#: Links at or above this confidence merge two entities.
DEFAULT_THRESHOLD = 0.85
#: Links below the threshold but at or above this are reported as owl:sameAs candidates.
REPORT_FLOOR = 0.5
#: A key shared by more members than this is too common to compare them all (a blocking cut-off).
_MAX_BLOCK = 400

# Confidence of a link by the evidence of the names alone. People start below
# the threshold: a person's name is shared by many, so context must agree.
_NAME_SCORES = {
    # rule: (organisation or product, person)
    "same-name": (0.95, 0.78),
    "legal-form": (0.93, 0.78),
    "same-core": (0.92, None),  # distinctive part and descriptors agree
    "core-without-descriptor": (0.87, None),  # one name adds a descriptor ('Lingxi' / 'Lingxi Robotics')
    "pinyin": (0.92, 0.78),  # Hanzi read in pinyin = the Latin name
    "transliteration": (0.88, 0.75),  # same phonetic skeleton across scripts, 3+ consonants
    "short-transliteration": (0.80, 0.70),  # same skeleton of 2 consonants
    "near-transliteration": (0.78, 0.66),  # skeletons 80% alike, 4+ consonants
    "acronym": (0.86, None),
    "short-acronym": (0.75, None),
}
_MIN_CLOSENESS = 0.6  # below this vowel agreement, a shared consonant skeleton is no evidence
_SOUND_SPREAD = 0.16  # a transliteration's score moves by this times (vowel closeness - 0.75)
_DESCRIPTORS_AGREE = 0.02  # both names carry the same descriptor: a little more sure
_FACT_NEIGHBOUR = 0.12  # both are linked by a fact to one entity (founder of the same company)
_COMENTION = 0.05  # per entity (up to 2) that both articles also mention, if few articles do
_RARE_SHARE = 0.5  # 'few': at most this share of the articles (and at least 3)
#: articles taken into a linking state at a time (LinkState.update)
UPDATE_BATCH = 1_000
#: members merged at a time when many components are merged (a component is never split)
MERGE_BATCH = 20_000
_OTHER_EMPLOYERS = -0.15  # two people whose organisations are all different
_ROLE_PREDICATES = frozenset({"founderOf", "employeeOf", "executiveOf", "ceoOf", "memberOf"})


@_fast_pickle
@dataclass(frozen=True, slots=True)
class LinkDecision:
    """Two names from two articles judged one entity (``merge``) or perhaps one (``candidate``)."""

    kind: str  # "merge" | "candidate" | "user-merge"
    entities: tuple[str, ...]  # final entity id(s): one for a merge, two for a candidate
    names: tuple[tuple[str, str, str], tuple[str, str, str]]  # ((doc id, name, lang), (doc id, name, lang))
    rule: str
    confidence: float
    reason: str

    @property
    def key(self) -> str:
        raw = "\t".join([self.kind, *self.names[0], *self.names[1]])
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class Linking:
    """The outcome of linking: the global id of every (document, entity) and the decisions behind it."""

    ids: dict[tuple[str, str], str]
    # the decisions, or what makes them when first asked for (a store build rarely needs them all)
    _decisions: list[LinkDecision] | Callable[[], list[LinkDecision]] = field(default_factory=list, repr=False)
    threshold: float = DEFAULT_THRESHOLD
    gazetteer_entries: dict[str, object] = field(default_factory=dict)  # global id -> GazetteerEntry
    notes: list[str] = field(default_factory=list)  # corrections that no longer apply, ...
    gazetteer_version: str = ""  # the built-in gazetteer's VERSION, recorded on the build
    # {decision key: decision, or None: gone} of the decisions that differ from the last linking of the
    # same state; None when that is not known (a first linking, or corrections now or then)
    changes: dict[str, LinkDecision | None] | None = None
    # the decisions, as they are now, of what was merged again (with ``changes``)
    recent: list[LinkDecision] | None = None
    # {local id: global id} of an article's entities, when the linking reads them from a store's state
    # (else taken from ``ids``)
    _ids_of: Callable[[str], dict[str, str]] | None = field(default=None, repr=False)
    # the articles whose entities' ids changed since the linking before (None: not known)
    relinked: set[str] | None = None

    def ids_of(self, doc: str) -> dict[str, str]:
        """{entity id in the article: global id} of the article ``doc``."""
        if self._ids_of is not None:
            return self._ids_of(doc)
        by_doc = self.__dict__.get("_by_doc")
        if by_doc is None:
            by_doc = {}
            for (d, local), gid in self.ids.items():
                by_doc.setdefault(d, {})[local] = gid
            self.__dict__["_by_doc"] = by_doc
        return by_doc.get(doc, {})

    def each_decision(self) -> Iterable[LinkDecision]:
        """Every decision, in no particular order, read one at a time when the linking can (a store's
        may be too many to hold at once)."""
        each = getattr(self._decisions, "each", None)
        return each() if each is not None else iter(self.decisions)

    @property
    def decisions(self) -> list[LinkDecision]:
        if callable(self._decisions):
            self._decisions = self._decisions()
        return self._decisions

    @property
    def merges(self) -> list[LinkDecision]:
        return [d for d in self.decisions if d.kind != "candidate"]

    @property
    def candidates(self) -> list[LinkDecision]:
        return [d for d in self.decisions if d.kind == "candidate"]


class _Member(NamedTuple):
    """An (article, entity): its names analysed, and what its own article says around it. Everything
    here is read from the one article, so a member is kept between builds as long as its article is.
    (A named tuple: a store reads tens of thousands of them at every build.)"""

    doc: str
    local: str
    etype: str
    label: str
    lang: str
    coarse: str | None
    gid: str | None
    names: tuple[NameForm, ...]
    written: dict[str, str]  # a name compared -> the name as written
    name_trades: frozenset  # what its names say the business is
    # filled in once the whole article is read
    ambiguous: bool = False
    keys: frozenset = frozenset()  # blocking keys (:func:`_keys`)
    ident: frozenset = frozenset()  # what tells this entity in another article (:func:`_ident`)
    # neighbours in its article, by their ident keys: linked by a fact (key -> label), the entities of
    # the article (key -> ((entity id, label), ...); one dict shared by the article's members, so it
    # is kept once), and the organisations it holds a current role in
    fact_keys: dict | None = None
    co_index: dict | None = None
    role_keys: frozenset = frozenset()
    has_roles: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return self.doc, self.local

    @property
    def industries(self) -> frozenset[str]:
        """What its names say the business is ('Qingluan Aviation' and 'Qingluan': aerospace)."""
        return frozenset() if self.gid else self.name_trades  # with a gazetteer entry, the entry decides


# -- union-find with cannot-link constraints ----------------------------------------------------

class _Groups:
    def __init__(self, members: Sequence[_Member], apart: dict[int, set[tuple[int, int]]]):
        n = len(members)
        self.parent = list(range(n))
        self.gids = [{m.gid} if m.gid else set() for m in members]
        # people of one article that its own resolution kept apart stay apart
        self.person_docs = [{(m.doc, m.local)} if m.coarse == "Person" else set() for m in members]
        self.tags = [set(apart.get(i, ())) for i in range(n)]
        # an entity's names may not say two different businesses: the bare 'Qingluan' of an article
        # about Qingluan Aviation does not join the 'Qingluan' of one about Qingluan Logistics
        self.industries = [set(m.industries) for m in members]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.gids[ra] and self.gids[rb] and self.gids[ra] != self.gids[rb]:
            return False
        if self.industries[ra] and self.industries[rb] and not (self.industries[ra] & self.industries[rb]):
            return False
        docs_a = {d for d, _ in self.person_docs[ra]}
        if any(d in docs_a and (d, loc) not in self.person_docs[ra] for d, loc in self.person_docs[rb]):
            return False
        return not any((split, 1 - side) in self.tags[rb] for split, side in self.tags[ra])

    def union(self, a: int, b: int, force: bool = False) -> bool:
        if not force and not self.can_union(a, b):
            return False
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.gids[keep] |= self.gids[gone]
        self.person_docs[keep] |= self.person_docs[gone]
        self.tags[keep] |= self.tags[gone]
        self.industries[keep] |= self.industries[gone]
        return True


# -- members and their names --------------------------------------------------------------------

@cache
def _places(gazetteer) -> frozenset[str]:
    from .rules import load_place_list

    names: set[str] = set()
    ont = load_ontology()
    for entry in gazetteer:
        if ont.coarse_type(entry.type) == "Place":
            names.update(entry.names())
    for lang in ("ko", "zh"):
        try:
            names.update(load_place_list(lang)[0])
        except FileNotFoundError:
            pass
    return frozenset(names)


def _name_texts(entity: Entity, gazetteer) -> list[str]:
    texts = {entity.label, *entity.aliases, *(m.text for m in entity.mentions), *(entity.labels or {}).values()}
    if entity.gazetteer_id and gazetteer is not None:
        entry = gazetteer.get(entity.gazetteer_id)
        if entry is not None:
            texts.update(entry.names())
    return sorted({strip_gloss(t).strip() for t in texts if t and t.strip()})


def _reversed_names(texts: Iterable[str]) -> dict[str, str]:
    """English writes East Asian names given name first as often as not ('Mizuki Tanabe' is
    '다나베 미즈키', 'Tanabe Mizuki'): a person's two-word Latin name is also compared the other
    way round. Returns {reversed: as written}."""
    out = {}
    for t in texts:
        words = t.split()
        if len(words) == 2 and t.isascii():
            out.setdefault(f"{words[1]} {words[0]}", t)
    return out


def _article_members(r: DocumentResult, gazetteer, places: frozenset[str]) -> list[_Member]:
    """The members of one article, in entity id order, with their names and neighbours."""
    ont = load_ontology()
    members: list[_Member] = []
    for local in sorted(r.entities):
        e = r.entities[local]
        coarse = ont.coarse_type(e.type)
        texts = _name_texts(e, gazetteer)
        written = _reversed_names(texts) if coarse == "Person" else {}
        names = tuple(analyze_name(t, places) for t in [*texts, *sorted(written)])
        members.append(_Member(r.document.id, local, e.type, e.label, e.lang or r.document.lang, coarse,
                               e.gazetteer_id, names, written,
                               frozenset().union(*(industries(f.descriptors) for f in names))))
    index = {m.local: i for i, m in enumerate(members)}
    fact_nb: list[set[int]] = [set() for _ in members]
    role_nb: list[set[int]] = [set() for _ in members]
    for f in r.facts:
        if not isinstance(f.object, str):
            continue
        a, b = index.get(f.subject), index.get(f.object)
        if a is None or b is None:
            continue
        fact_nb[a].add(b)
        fact_nb[b].add(a)
        if f.predicate in _ROLE_PREDICATES and any(ev.modality != "past" for ev in f.evidence):
            role_nb[a].add(b)
    # a bare name that two other entities of its own article share, of different businesses ('Qingluan'
    # beside 'Qingluan Aviation' and 'Chongqing Qingluan Logistics'), is ambiguous: it is linked to
    # nothing by its name
    for i, m in enumerate(list(members)):
        if m.gid or m.coarse in ("Person", "Place", None):
            continue
        cores = {f.core for f in m.names if f.core}
        kinds = [n.industries for j, n in enumerate(members)
                 if j != i and n.coarse == m.coarse and cores & {f.core for f in n.names}]
        if any(a and b and not (a & b) for x, a in enumerate(kinds) for b in kinds[x + 1:]):
            members[i] = m._replace(ambiguous=True)
    members = [m._replace(keys=frozenset(_keys(m)), ident=_ident(m)) for m in members]
    co_index: dict = {}
    for n in members:
        if n.coarse not in ("Place", None):
            for k in n.ident:
                co_index.setdefault(k, []).append((n.local, n.label))
    co_index = {k: tuple(v) for k, v in co_index.items()}
    out = []
    for i, m in enumerate(members):
        fact_keys: dict = {}
        for j in sorted(fact_nb[i]):
            for k in sorted(members[j].ident):
                fact_keys.setdefault(k, members[j].label)
        out.append(m._replace(fact_keys=fact_keys, co_index=co_index,
                              role_keys=frozenset().union(*(members[j].ident for j in role_nb[i])),
                              has_roles=bool(role_nb[i])))
    return out


def _ident(m: _Member) -> frozenset:
    """What tells the entity a member is when another article mentions it too: its gazetteer entry, else
    its names normalised, without the legal form, in pinyin, or as a consonant skeleton (so that
    'Kestrelmoor Capital' and '케스트럴무어캐피털' are taken for one neighbour)."""
    if m.gid:
        return frozenset({("g", m.gid)})
    keys = set()
    for f in m.names:
        if m.coarse == "Person" and f.script == "latin" and len(f.text.split()) < 2:
            continue  # a bare surname says too little
        if len(f.norm) >= 2:
            keys.add((m.coarse, "n", f.norm))
        if m.coarse != "Person" and len(f.legal) >= 2:
            keys.add((m.coarse, "l", f.legal))
        if len(f.roman) >= 3:
            keys.add((m.coarse, "r", f.roman))
        if len(f.skeleton) >= 3:
            keys.add((m.coarse, "s", f.skeleton))
    return frozenset(keys)


def _keys(m: _Member) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    if m.ambiguous:
        return keys
    person = m.coarse == "Person"
    for f in m.names:
        if person and f.script == "latin" and len(f.text.split()) < 2:
            continue  # a bare surname or first name says too little
        if len(f.norm) >= 2:
            keys.add(("n", f.norm))
        if not person and len(f.legal) >= 2:
            keys.add(("l", f.legal))
        if not person and len(f.core) >= 2:
            keys.add(("c", f.core))
        if len(f.roman) >= 3:
            keys.add(("r", f.roman))
        if len(f.skeleton) >= 2:
            keys.add(("k", f.skeleton[:3]))  # a prefix, so near-transliterations meet too
        if not person:
            for a in f.acronyms:
                keys.add(("a", a))
    return keys


# -- scoring a pair -----------------------------------------------------------------------------

def _fits(a: _Member, b: _Member) -> bool:
    if a.coarse != b.coarse or a.coarse is None:
        return False
    return _types_fit(a.etype, b.etype)


@cache
def _types_fit(a: str, b: str) -> bool:
    return not load_ontology().disjoint(a, b)


# The same two names meet again and again in a corpus (every article on Alibaba); the rule is a pure
# function of the two forms, so its answer is remembered.
@lru_cache(maxsize=1 << 18)
def _name_link(a: NameForm, b: NameForm, person: bool, by_sound: bool = True) -> tuple[str, str, float] | None:
    """The best rule by which two names may be one entity, why, and how close they sound (0-1); None if they may not.

    ``by_sound`` allows the transliteration rules. Han and Latin names are
    compared by pinyin only: Chinese writes foreign names by meaning as often
    as by sound (英伟达, 苹果), so a skeleton says little there.
    """
    if a.digits != b.digits:
        return None  # 'Tianqiong-2' is not 'Tianqiong-3'
    if a.norm and a.norm == b.norm:
        return "same-name", f"'{a.text}' and '{b.text}' are the same name", 1.0
    if not person and a.legal and a.legal == b.legal:
        return "legal-form", f"'{a.text}' and '{b.text}' differ only in the legal form", 1.0
    ia, ib = industries(a.descriptors), industries(b.descriptors)
    if ia and ib and not (ia & ib):
        return None  # 'Lingxi Robotics' is not 'Lingxi Motors'
    both_described = bool(a.descriptors and b.descriptors)
    if not person and a.core and a.core == b.core and len(a.core) >= 2:
        rule = "same-core" if both_described or a.descriptors == b.descriptors else "core-without-descriptor"
        return rule, f"'{a.text}' and '{b.text}' share the distinctive name '{a.core}'", 1.0
    if a.roman and b.roman and a.roman == b.roman and {a.script, b.script} == {"han", "latin"}:
        return "pinyin", f"'{a.text}' reads '{a.roman}' in pinyin, as '{b.text}' is written", 1.0
    if by_sound and a.script != b.script and {a.script, b.script} != {"han", "latin"} \
            and "other" not in (a.script, b.script) and a.skeleton and b.skeleton:
        sa, sb = a.skeleton, b.skeleton
        if person and sa != sb and {a.script, b.script} & {"latin"} and "hangul" in {a.script, b.script}:
            # Korean surnames 이/리 are romanised Lee/Rhee: an initial L the Hangul lacks
            if sa[1:] == sb and sa.startswith("L") or sb[1:] == sa and sb.startswith("L"):
                sa = sb = min(sa, sb, key=len)
        close = similarity(a.folded, b.folded)
        sounds = f"({sa}; {a.folded} ~ {b.folded})"
        if close < _MIN_CLOSENESS:
            pass  # consonants alike, vowels not: chance ('쉬안지' and 'Chinese' are both S-N-S)
        elif sa == sb and len(sa) >= 3:
            return "transliteration", f"'{a.text}' and '{b.text}' sound alike {sounds}", close
        elif sa == sb and len(sa) == 2:
            return "short-transliteration", f"'{a.text}' and '{b.text}' sound alike {sounds}", close
        elif min(len(sa), len(sb)) >= 4 and similarity(sa, sb) >= 0.8:
            return "near-transliteration", f"'{a.text}' and '{b.text}' sound nearly alike {sounds}", close
    if not person:
        for x, y in ((a, b), (b, a)):
            compact = x.norm.upper()
            if x.acronyms and compact in x.acronyms and compact in y.acronyms and len(y.norm) > len(x.norm):
                rule = "acronym" if len(compact) >= 3 else "short-acronym"
                return rule, f"'{x.text}' is the acronym of '{y.text}'", 1.0
    return None


def _name_score(a: _Member, b: _Member) -> tuple[float, str, str, NameForm, NameForm] | None:
    person = a.coarse == "Person"
    # places sound alike too often (Incheon, 인천; 양산); a gazetteer entry lists its own transliterations
    by_sound = a.coarse != "Place" and not a.gid and not b.gid
    best = None
    for fa in a.names:
        for fb in b.names:
            found = _name_link(fa, fb, person, by_sound)
            if not found:
                continue
            rule, reason, close = found
            score = _NAME_SCORES[rule][1 if person else 0]
            if score is None:
                continue
            if rule.endswith("transliteration"):
                # the vowels decide between names of one skeleton ('윤서진' is Yoon, not Han Ji-hoon)
                score += _SOUND_SPREAD * (close - 0.75)
            if fa.descriptors and fa.descriptors == fb.descriptors and rule not in ("same-name", "legal-form"):
                score += _DESCRIPTORS_AGREE
            cand = (round(score, 3), rule, reason, fa, fb)
            if best is None or (cand[0], cand[1]) > (best[0], best[1]):
                best = cand
    return best


def _context(a: _Member, b: _Member, rare) -> tuple[float, str]:
    """What the two articles say around two members: a neighbour both are linked to by a fact, entities
    both articles mention (``rare(key)``: not one most articles mention), employers that all differ."""
    shared = a.fact_keys.keys() & b.fact_keys.keys()
    if shared:
        return _FACT_NEIGHBOUR, f"both are linked to {a.fact_keys[min(shared)]}"
    adj, why = 0.0, []
    common = set()
    for k in a.co_index.keys() & b.co_index.keys():
        if rare(k):
            # the first other entity of each article with that name (not the member itself)
            x = next((e for e in a.co_index[k] if e[0] != a.local), None)
            if x is not None and any(e[0] != b.local for e in b.co_index[k]):
                common.add(x)
    if common:
        adj += _COMENTION * min(2, len(common))
        why.append("both articles mention " + ", ".join(sorted(label for _, label in common)[:2]))
    if a.coarse == "Person" and a.has_roles and b.has_roles and not (a.role_keys & b.role_keys):
        adj += _OTHER_EMPLOYERS
        why.append("they work for different organisations")
    return adj, "; ".join(why)


# -- the state of a corpus ----------------------------------------------------------------------

@dataclass(slots=True)
class _Pair:
    a: int
    b: int
    score: float
    rule: str
    reason: str
    name_a: str  # the names that link them, as written
    name_b: str


class _Head(NamedTuple):
    """What merging needs of a member (the rest of it is read only to score a pair)."""

    doc: str
    local: str
    etype: str
    label: str
    lang: str
    coarse: str | None
    gid: str | None
    industries: frozenset


def _head(m: _Member) -> _Head:
    return _Head(m.doc, m.local, m.etype, m.label, m.lang, m.coarse, m.gid, m.industries)


def _rank(key: tuple[str, str]) -> int:
    """Where a member stands among the members of its shape in a block (the first is compared with
    the others): a digest of its key, so that the first is a member taken at random, and a new
    article rarely becomes the first of many (by key order, an article whose id sorts first would
    become the first of every shape it joins, and every pair of those shapes be made again)."""
    raw = "\x1f".join(key)
    return int.from_bytes(hashlib.blake2b(raw.encode("utf-8"), digest_size=8).digest(), "big")


def _shape(m: _Member) -> int:
    """Members of one shape (kind, type, gazetteer id, names) merge by name at once (see
    :func:`_layout`): a stable 63-bit digest of it, so blocks are paired without reading members."""
    raw = "\x1f".join([m.coarse or "", m.etype, m.gid or "", *sorted({f.norm for f in m.names})])
    return int.from_bytes(hashlib.blake2b(raw.encode("utf-8"), digest_size=8).digest(), "big") >> 1


_MASK = (1 << 32) - 1


class LinkState(Keyed):
    """The linking of a corpus, kept up to date as articles come and go.

    It holds each article's members, the blocks they share keys in, each pair's score, and the
    merges of each component. :meth:`update` adds and removes articles and works out only the pairs
    they change (and, when a name crosses the line between rare and common, the context of the pairs
    whose context it is); :meth:`linking` then merges again only the components those pairs touch.
    Every stored value is a function of the articles it comes from, so a state updated article by
    article equals one built from all articles at once (the tests compare them).

    A store reads and writes the state at every build, so it is kept in forms that are cheap to
    read back and read lazily: members have integer ids (given as they come; only the state uses
    them) and a pair is one integer, the two ids in the order of the members' keys; pair tables are
    numpy columns (:class:`kg.pairtable.PairTable`); an article's members, and what merging keeps of
    a component, stay pickled until a build needs them. In a store the tables that grow with the
    corpus (:attr:`_TABLES`) are in its state file (:mod:`kg.statedb`), read and written key by key;
    articles come in batches (:data:`UPDATE_BATCH`) and the first linking of a corpus merges its
    components a batch at a time (:data:`MERGE_BATCH` members), so a build holds a batch, not the corpus.
    """

    # the tables a store keeps in its state file, with how many entries each keeps in memory
    # (the pair tables stay in memory as numpy columns, 12 to 26 bytes a pair: they are read for every
    # block change, too often to read from disk a pair at a time)
    _TABLES = {"articles": 2_000, "mid": 30_000, "mkey": 30_000,
               "key_docs": 10_000, "blocks": 10_000, "doc_pairs": 2_000, "reasons": 10_000, "comp": 30_000,
               "comp_members": 5_000, "comp_pairs": 2_000, "comp_heads": 2_000, "comp_groups": 5_000,
               "decided": 2_000, "decisions": 2_000, "group_members": 10_000, "group_name": 10_000,
               "named": 10_000, "ids": 30_000}

    def __init__(self, fingerprint: str = ""):
        self.fingerprint = fingerprint  # the pipeline and gazetteers the members were analysed with
        # doc -> (extraction key, its members pickled): an article's members are read when a pair of
        # theirs is scored, so a build reads those of the articles it touches only
        self.articles: dict[str, tuple[str, bytes | None]] = {}
        self._loaded: dict[str, dict[str, _Member]] = {}  # doc -> local id -> member, as read
        self._unpacked: dict[str, dict] = {}  # doc -> its members as written (:meth:`_packed`)
        self._whole: set[str] = set()  # the articles all of whose members are read
        # per member id, in memory (a few bytes each, read for every pair of a block that changes):
        self.shapes = array("q")  # its shape (:func:`_shape`), negative for a person
        self.ranks = array("Q")  # its rank among members of its shape (:func:`_rank`)
        self.member_doc = array("I")  # its article's number in ``doc_names``
        self.doc_names: list[str] = []  # the articles by number (a number is not given again)
        self.doc_number: dict[str, int] = {}
        self.mid: dict[tuple[str, str], int] = {}  # member key -> id
        self.mkey: dict[int, tuple[str, str]] = {}  # id -> member key (of the members there are)
        self.next_id = 0  # the id of the next member (ids are not given again)
        self.key_docs: dict[tuple, set[str]] = {}  # ident key -> the articles with it
        self.key_count: dict[tuple, int] = {}  # ident key -> how many articles have it (all in memory)
        self._unwritten: set[str] = set()  # articles taken in whose members are not yet packed
        self.relinked: set[str] = set()  # articles whose members' ids changed in this linking
        self.blocks: dict[tuple[str, str], set[int]] = {}  # blocking key -> member ids
        self.pair_blocks = PairTable(("count",))  # pair -> how many blocks make it
        # pair -> (names' score, rule, context's score); the reasons are written for decisions only
        self.scored = PairTable(("float", "label", "float"))
        self.doc_pairs: dict[str, object] = {}  # article -> its scored pairs
        self.rare_limit = 3
        # (pair, merged on names alone) -> the reasons of a pair that became a decision
        self.reasons: dict[tuple[int, bool], tuple] = {}
        self.gid_mids: dict[str, set[int]] = {}  # gazetteer id -> the members that have it
        # The merges, kept per component: members joined by a pair that may be reported (or by a
        # gazetteer id) are merged together, and no pair leaves a component, so the merges within one
        # depend on it alone. A build merges again only the components its articles touched.
        self.merged_at: float | None = None  # the threshold the kept merges were made with (None: none)
        self.last_whole = True  # the last linking merged everything (with corrections), or there was none
        self.comp: dict[int, int] = {}  # member id -> its component (the smallest member id in it)
        self.comp_members: dict[int, list[int]] = {}
        self.comp_pairs: dict[int, object] = {}  # component -> its pairs
        self.comp_heads: dict[int, list[_Head]] = {}  # component -> its members' heads (as comp_members)
        self.comp_groups: dict[int, list[tuple[str, str]]] = {}  # component -> its entities (smallest member key)
        self.decided: dict[int, list[_Decided]] = {}  # component -> its decisions, on member keys
        self.decisions: dict[int, list[LinkDecision]] = {}  # component -> its decisions, on entity ids
        self.group_members: dict[tuple[str, str], list[int]] = {}  # entity -> member ids
        self.group_name: dict[tuple[str, str], str] = {}  # entity -> its id before a suffix
        self.named: dict[str, dict[tuple[str, str], str]] = {}  # id before a suffix -> entity -> first article
        self.ids: dict[tuple[str, str], str] = {}  # member key -> entity id
        # what changed since the last merge: members, pairs, components that lost members
        self.dirty: set[int] = set()
        self.dirty_pairs: set[int] = set()
        self.dirty_comps: set[int] = set()

    # -- ids ---------------------------------------------------------------------------------------

    def _keys_of(self, pair: int) -> tuple[tuple[str, str], tuple[str, str]]:
        return self.mkey[pair >> 32], self.mkey[pair & _MASK]

    def _docs_of(self, pair: int) -> tuple[str, str]:
        names, of = self.doc_names, self.member_doc
        return names[of[pair >> 32]], names[of[pair & _MASK]]

    def _block_ids(self, k: tuple) -> set[int]:
        ids = self.blocks.get(k)
        if ids is None:
            ids = self.blocks[k] = set()
        elif not isinstance(ids, set):
            ids = self.blocks[k] = set(ids)  # read back from the array it was written as
        return ids

    # An article's members are written each on its own, with what they share (the entities of the
    # article by ident key) once beside them: scoring a pair reads two members, not two articles.

    def _packed(self, doc: str) -> dict:
        """{"co": the article's co_index, "m": {local id: member pickled}} of a written article."""
        import pickle

        got = self._unpacked.get(doc)
        if got is None:
            got = pickle.loads(self.articles[doc][1])
            got["co"] = pickle.loads(got["co"])
            self._unpacked[doc] = got
        return got

    def _member(self, key: tuple[str, str]) -> _Member:
        doc, local = key
        held = self._loaded.setdefault(doc, {})
        m = held.get(local)
        if m is None:
            import pickle

            packed = self._packed(doc)
            m = held[local] = pickle.loads(packed["m"][local])._replace(co_index=packed["co"])
        return m

    def _own(self, doc: str) -> list[_Member]:
        """An article's members, in local id order."""
        if doc in self._whole:
            return list(self._loaded[doc].values())
        members = [self._member((doc, local)) for local in self._packed(doc)["m"]]
        self._loaded[doc] = {m.local: m for m in members}
        self._whole.add(doc)
        return members

    def release(self) -> None:
        """Write the articles taken in since the state was read back as they are saved, and forget what
        was read of them (a large build then holds its members as compact bytes, or on disk)."""
        for doc in sorted(self._unwritten):
            held = self.articles.get(doc)
            if held is not None and held[1] is None:
                self.articles[doc] = (held[0], self._pack(doc))
        self._unwritten = set()
        self._loaded, self._unpacked, self._whole = {}, {}, set()

    def _pack(self, doc: str) -> bytes:
        import pickle

        own = self._own(doc)
        co = own[0].co_index if own else {}
        return pickle.dumps({"co": pickle.dumps(co, protocol=5),
                             "m": {m.local: pickle.dumps(m._replace(co_index=None), protocol=5) for m in own}},
                            protocol=5)

    def _doc_pairs(self, doc: str) -> set:
        pairs = self.doc_pairs.get(doc)
        if pairs is None:
            pairs = self.doc_pairs[doc] = set()
        elif not isinstance(pairs, set):
            pairs = self.doc_pairs[doc] = set(pairs)
        return pairs

    # -- articles in and out ---------------------------------------------------------------------

    def update(self, added: Iterable[tuple[DocumentResult, str]] = (), removed: Iterable[str] = (),
               gazetteer=None) -> None:
        """Add ``added`` ((result, extraction key); one of a known article replaces it, unless its key is
        the one held) and remove the articles ``removed``. ``added`` may be a stream: it is read in
        batches of :data:`UPDATE_BATCH` articles, each taken in before the next is read (the state
        does not depend on the batches: see the class docstring)."""
        places = _places(gazetteer) if gazetteer is not None else frozenset()
        gone = [d for d in removed if d in self.articles]
        batch: dict[str, tuple[str, list]] = {}  # doc -> (key, members); the results are not held
        flipped: set[tuple] = set()  # the names that crossed the rare line, batch after batch
        for result, key in added:
            doc = result.document.id
            held = self.articles.get(doc)
            if held is not None and held[0] == key:
                continue
            batch[doc] = (key, _article_members(result, gazetteer, places))
            if len(batch) >= UPDATE_BATCH:
                flipped |= self._update(batch, gone)
                batch, gone = {}, []
        if batch or gone:
            flipped |= self._update(batch, gone)
        if flipped:
            self._rescore(flipped)

    def _rescore(self, flipped: set[tuple]) -> None:
        """Score again the context of the pairs of two articles that both have a name of ``flipped``
        (names that crossed the rare line). Once for all the batches of an update: a pair scored in a
        batch before a name of its flipped is among them, and a context scored again reads the names
        as they are now, so once at the end gives what once per batch gives."""
        flipped_of: dict[str, set] = {}
        for k in flipped:
            for doc in self.key_docs.get(k, ()):
                flipped_of.setdefault(doc, set()).add(k)
        stale = set()
        for doc, keys in flipped_of.items():  # (each article's pairs read once)
            for p in self._doc_pairs(doc):
                a, b = self._docs_of(p)
                other = flipped_of.get(b if a == doc else a)
                if other is not None and not keys.isdisjoint(other):
                    stale.add(p)
        for pair in sorted(stale):
            if pair in self.scored:
                self._score_context(pair)
        if self._bound is not None:
            self.release()

    def _update(self, batch: dict[str, tuple[str, list]], removed: list[str]) -> set[tuple]:
        """Take in ``batch`` ({doc: (extraction key, members)}: new articles, or articles replaced) and
        take ``removed`` out. Returns the names that crossed the rare line (whose pairs' context is
        scored again once the update is done: :meth:`_rescore`)."""
        touched: set[tuple[str, str]] = set()
        gone = list(dict.fromkeys([*removed, *(d for d in batch if d in self.articles)]))
        new = [(doc, key) for doc, (key, _) in batch.items()]
        own_new = {doc: own for doc, (_, own) in batch.items()}
        # how many articles had each name that comes or goes, to tell which names cross the rare line
        moving = {k for doc in gone for m in self._own(doc) for k in m.ident}
        moving |= {k for own in own_new.values() for m in own for k in m.ident}
        before = {k: self.key_count.get(k, 0) for k in moving}
        old_limit = self.rare_limit
        gone_set = set(gone)
        # the blocks that change, as they were (their pairs are worked out again from the members that
        # come and go), with the keys and shapes of the members that go
        for doc in gone:
            for m in self._own(doc):
                touched.update(m.keys)
        for own in own_new.values():
            for m in own:
                touched.update(m.keys)
        was = {k: set(self.blocks.get(k, ())) for k in touched}
        gone_members = {}
        for doc in gone:
            for m in self._own(doc):
                i = self.mid[m.key]
                gone_members[i] = (m.key, self.shapes[i], self.ranks[i])
        for doc in gone:
            # its pairs go from the scores
            for pair in self._doc_pairs(doc):
                self.scored.pop(pair, None)
                self._drop_reasons(pair)
                self._touch(pair)
                a, b = self._docs_of(pair)
                other = b if a == doc else a
                if other not in gone_set and other in self.doc_pairs:
                    self._doc_pairs(other).discard(pair)
            self.doc_pairs.pop(doc, None)
        for doc in gone:
            own = self._own(doc)
            del self.articles[doc]
            self._loaded.pop(doc, None)
            self._unpacked.pop(doc, None)
            self._whole.discard(doc)
            self._unwritten.discard(doc)
            for m in own:
                i = self.mid.pop(m.key)
                self.mkey.pop(i, None)
                if i in self.comp:
                    self.dirty_comps.add(self.comp.pop(i))
                self.ids.pop(m.key, None)
                if m.gid:
                    self.gid_mids[m.gid].discard(i)
                    if not self.gid_mids[m.gid]:
                        del self.gid_mids[m.gid]
                for k in m.keys:
                    self._block_ids(k).discard(i)
                for k in m.ident:
                    docs = self.key_docs.get(k)
                    if docs is not None and doc in docs:
                        docs.discard(doc)
                        self.key_count[k] -= 1
        for doc, key in new:
            own = own_new[doc]
            self.articles[doc] = (key, None)
            self._unwritten.add(doc)
            self._loaded[doc] = {m.local: m for m in own}
            self._unpacked.pop(doc, None)
            self._whole.add(doc)
            number = self.doc_number.get(doc)
            if number is None:
                number = self.doc_number[doc] = len(self.doc_names)
                self.doc_names.append(doc)
            for m in own:
                self.mid[m.key] = i = self.next_id
                self.next_id += 1
                self.mkey[i] = m.key
                self.shapes.append(-1 - _shape(m) if m.coarse == "Person" else _shape(m))
                self.ranks.append(_rank(m.key))
                self.member_doc.append(number)
                if self.merged_at is not None:  # (before a first merge everything is merged)
                    self.dirty.add(i)
                if m.gid:
                    self.gid_mids.setdefault(m.gid, set()).add(i)
                for k in m.keys:
                    self._block_ids(k).add(i)
                for k in m.ident:
                    docs = self.key_docs.setdefault(k, set())
                    if doc not in docs:
                        docs.add(doc)
                        self.key_count[k] = self.key_count.get(k, 0) + 1
        for k in moving:
            if not self.key_count.get(k):
                self.key_docs.pop(k, None)
                self.key_count.pop(k, None)
        # a name is rare while at most half the articles have it: re-score the context of the pairs of
        # the articles that have a name that crossed that line
        self.rare_limit = limit = max(3, int(_RARE_SHARE * len(self.articles)))
        flipped = {k for k in moving if (before[k] <= old_limit) != (self.key_count.get(k, 0) <= limit)}
        if limit != old_limit:
            lo, hi = sorted((limit, old_limit))
            flipped |= {k for k, n in self.key_count.items() if lo < n <= hi}
        fresh = self._pairs_of_blocks(was, gone_members)
        for pair in sorted(fresh):
            if pair in self.scored:
                self._score_context(pair)
        if self._bound is not None:  # in a state file: the batch's members written, what was read forgotten
            self.release()
        return flipped

    def _pairs_of_blocks(self, was: dict[tuple, set[int]], gone: dict[int, tuple]) -> set:
        """Bring the pairs of the blocks that changed up to date (``was``: their members before;
        ``gone``: id -> (key, shape) of the members that went); score the new pairs. Only the pairs that
        can have changed are worked out: those of the members that came or went, and of the members
        that became or stopped being the first of their shape. Returns the pairs scored."""
        made = set()

        def key_of(i: int) -> tuple[str, str]:
            return self.mkey.get(i) or gone[i][0]

        def shape_of(i: int) -> int:
            return gone[i][1] if i in gone else self.shapes[i]

        def rank_of(i: int) -> tuple[int, _KeyOf]:
            return (gone[i][2] if i in gone else self.ranks[i]), _KeyOf(i, key_of)

        for k in sorted(was):
            before, after = was[k], self._block_ids(k)
            if not after:
                self.blocks.pop(k, None)
            moved = before ^ after
            if not moved:
                continue
            old = _layout(before, rank_of, shape_of)
            new = _relayout(old, after, moved, rank_of, shape_of)
            if old[2:] != new[2:]:  # the block changed mode (people compared all, firsts compared all)
                focus = None
            else:  # the members that moved, and the firsts of a shape whose first changed
                focus = set(moved)
                for shape in {shape_of(i) for i in moved}:
                    a, b = old[0].get(shape), new[0].get(shape)
                    if a != b:
                        focus.update(x for x in (a, b) if x is not None)
            lost = _pairs_in(before, old, focus, key_of, shape_of)
            found = _pairs_in(after, new, focus, key_of, shape_of)
            for pair in lost - found:
                left = self.pair_blocks.get(pair, 0) - 1
                if left > 0:
                    self.pair_blocks[pair] = left
                else:
                    self.pair_blocks.pop(pair, None)
                    self._forget(pair)
            for pair in found - lost:
                self.pair_blocks[pair] = self.pair_blocks.get(pair, 0) + 1
                if self.pair_blocks[pair] == 1 and self._score(pair):
                    made.add(pair)
        return made

    def _drop_reasons(self, pair: int) -> None:
        self.reasons.pop((pair, True), None)
        self.reasons.pop((pair, False), None)

    def _touch(self, pair: int) -> None:
        """A pair came, went or was scored again: its members are merged again."""
        if self.merged_at is None:
            return  # nothing merged yet: the first merge takes every member (and holds no list of them)
        self.dirty.add(pair >> 32)
        self.dirty.add(pair & _MASK)
        self.dirty_pairs.add(pair)

    def _forget(self, pair: int) -> None:
        self._drop_reasons(pair)
        if self.scored.pop(pair, None) is not None:
            self._touch(pair)
            for doc in self._docs_of(pair):
                if doc in self.doc_pairs:
                    self._doc_pairs(doc).discard(pair)

    def _score(self, pair: int) -> bool:
        ka, kb = self._keys_of(pair)
        a, b = self._member(ka), self._member(kb)
        if a.doc == b.doc or not _fits(a, b):
            return False  # within one article, its own resolution has decided
        if a.gid and b.gid:
            return False  # the gazetteer has decided
        found = _name_score(a, b)
        if not found:
            return False
        self.scored[pair] = (found[0], found[1], 0.0)
        self._drop_reasons(pair)
        self._touch(pair)
        self._doc_pairs(a.doc).add(pair)
        self._doc_pairs(b.doc).add(pair)
        return True

    def _score_context(self, pair: int) -> None:
        score, rule, _ = self.scored[pair]
        ka, kb = self._keys_of(pair)
        self.scored[pair] = (score, rule, _context(self._member(ka), self._member(kb), self._rare)[0])
        self._drop_reasons(pair)
        self._touch(pair)

    def _rare(self, key: tuple) -> bool:
        return self.key_count.get(key, 0) <= self.rare_limit

    # A store reads and writes the state at every build, so it is written compactly: pairs and scores
    # as arrays (a block's or an article's pairs read back when they change).

    def __getstate__(self) -> dict:
        import pickle

        if self._bound is not None:  # the tables are in the state file: the rest
            self.release()
            return {k: v for k, v in self._unbound_state().items() if k not in ("_loaded", "_unpacked", "_whole")}
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("_loaded", "_unpacked", "_whole", "doc_pairs", "blocks")}
        state["_unwritten"] = set()
        state["articles"] = {d: (key, blob if blob is not None else self._pack(d)) for d, (key, blob) in self.articles.items()}
        state["blocks"] = {k: ids if isinstance(ids, array) else array("I", sorted(ids)) for k, ids in self.blocks.items()}
        state["doc_pairs"] = {d: p if isinstance(p, array) else array("Q", sorted(p)) for d, p in self.doc_pairs.items()}
        state["comp_pairs"] = {c: p if isinstance(p, array) else array("Q", p) for c, p in self.comp_pairs.items()}
        state["comp_members"] = {c: array("I", m) for c, m in self.comp_members.items()}
        # what merging keeps of a component is read when it is merged again (or its ids change)
        for table in ("comp_heads", "decided", "decisions"):
            state[table] = {c: h if isinstance(h, bytes) else pickle.dumps(h, protocol=5)
                            for c, h in getattr(self, table).items()}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._loaded, self._unpacked, self._whole = {}, {}, set()


    # -- merging ---------------------------------------------------------------------------------

    def linking(self, *, gazetteer=None, threshold: float = DEFAULT_THRESHOLD, corrections: Sequence = ()) -> Linking:
        """Merge: gazetteer entries first, then pairs from the strongest down, each unless a constraint
        refuses it; report what stays apart but may be one; apply the user's corrections.

        Without corrections only the components the updates since the last call touched are merged
        again (all of them when the threshold changed); corrections, which may reach across
        components, merge everything (and leave the kept merges as they are)."""
        corrections = _effective(corrections)
        if corrections:
            self.last_whole = True
            return self._linking_whole(gazetteer, threshold, corrections)
        first = self.last_whole  # (then every decision is new: the changes need not be worked out)
        self.relinked = set()
        changes, recent = self._merge_touched(threshold, track=not first)
        relinked, self.relinked = self.relinked, set()
        if first:
            changes, recent, relinked, self.last_whole = None, None, None, False
        if self._bound is not None:
            # in a state file, read as the build asks (a component's list is replaced, never changed,
            # and the next linking is another build's)
            held, ids = self.decisions, self.ids
        else:
            held, ids = dict(self.decisions), dict(self.ids)  # as they are now

        def decisions() -> list[LinkDecision]:
            every = (d for c in list(held) for d in _read_back(held, c))
            return sorted(every, key=lambda d: (d.kind, d.entities, d.names))

        decisions.each = lambda: (d for c in held for d in _read_back(held, c))

        return Linking(ids, decisions, threshold, self._entries(gazetteer, self.ids), [],
                       _gazetteer_version(gazetteer), changes, recent, self._ids_of if self._bound else None,
                       relinked)

    def _ids_of(self, doc: str) -> dict[str, str]:
        """{local id: global id} of an article's members (read from its packed members, not kept)."""
        import pickle

        held = self.articles.get(doc)
        if held is None:
            return {}
        if doc in self._whole:
            locals_ = list(self._loaded[doc])
        elif doc in self._unpacked:
            locals_ = list(self._unpacked[doc]["m"])
        else:
            locals_ = list(pickle.loads(held[1])["m"])
        out = {}
        for local in locals_:
            gid = self.ids.get((doc, local))
            if gid is not None:
                out[local] = gid
        return out

    def _entries(self, gazetteer, ids: dict) -> dict:
        """The gazetteer entries of the entities whose id is their entry's."""
        entries = {}
        if gazetteer is not None:
            for gid, mids in self.gid_mids.items():
                if any(ids.get(self.mkey[i]) == gid for i in mids) and gazetteer.get(gid) is not None:
                    entries[gid] = gazetteer.get(gid)
        return dict(sorted(entries.items()))

    def _ranked(self, keys: list, heads: list[_Head], pairs, threshold: float) -> tuple:
        """The ``pairs`` (an array) of the members of ``keys`` (in key order; ``heads`` theirs) ranked
        for :func:`_merge`: ``(ranked arrays, pair)`` where ``pair(position)`` writes a pair's reasons
        (or takes them from a build before: a pair's reasons are dropped whenever it is scored again)."""
        import numpy as np

        index_of = np.full(self.next_id, -1, dtype=np.int64)
        index_of[np.fromiter((self.mid[k] for k in keys), dtype=np.int64, count=len(keys))] = np.arange(len(keys))
        n = len(pairs)
        _, (score, context) = _lookup(self.scored, pairs, (0, 2))
        ia = index_of[(pairs >> np.uint64(32)).astype(np.int64)]
        ib = index_of[(pairs & np.uint64(_MASK)).astype(np.int64)]
        person = np.fromiter((m.coarse == "Person" for m in heads), dtype=bool, count=len(heads))
        # a pair strong by its names merges on them; context is for the pairs that need it
        by_name = (score >= threshold) & ~person[ia] if n else np.zeros(0, dtype=bool)
        total = np.round(np.where(by_name, score, score + context), 6)
        keep = total >= REPORT_FLOOR
        order = np.lexsort((ib[keep], ia[keep], -total[keep]))
        order_total, order_a, order_b = total[keep][order], ia[keep][order], ib[keep][order]
        order_name, order_pair = by_name[keep][order], pairs[keep][order]
        rare = self._rare

        def pair(x: int) -> tuple:
            """(total, _Pair, why) of the pair at position ``x`` of the order."""
            i, j, named, p = int(order_a[x]), int(order_b[x]), bool(order_name[x]), int(order_pair[x])
            kept = self.reasons.get((p, named))
            if kept is None:
                a, b = self._member(keys[i]), self._member(keys[j])
                s, rule, reason, fa, fb = _name_score(a, b)
                why = "" if named else _context(a, b, rare)[1]
                kept = self.reasons[(p, named)] = (s, rule, reason, a.written.get(fa.text, fa.text),
                                                   b.written.get(fb.text, fb.text), why)
            s, rule, reason, name_a, name_b, why = kept
            return float(order_total[x]), _Pair(i, j, s, rule, reason, name_a, name_b), why

        return (order_total, order_a, order_b), pair

    def _merge_touched(self, threshold: float, track: bool = True
                       ) -> tuple[dict[str, LinkDecision | None], list[LinkDecision]]:
        """Merge again the components that changed since the last merge (all: another threshold), and
        bring the kept entities, ids and decisions up to date. Returns the decisions that changed
        ({key: decision, or None: gone}) and the decisions of the components merged again (with
        ``track``; else nothing: a first linking, whose every decision is new).

        The region to merge again falls into components (members joined by a pair that may be
        reported, or by a gazetteer id), each merged on its own; they are merged in batches of about
        :data:`MERGE_BATCH` members, so that a corpus merged whole is not held whole."""
        import numpy as np

        alive = self.mkey
        heads: dict[int, _Head] = {}
        if self.merged_at != threshold:
            comps = set(self.comp_members)
            region = set(self.mid.values())
            candidates = _key_array(self.scored)
        else:
            comps = set(self.dirty_comps)
            region = {i for i in self.dirty if alive.get(i) is not None}
            comps.update(self.comp[i] for i in region if i in self.comp)
            for c in comps:
                heads.update(zip(self.comp_members[c], _read_back(self.comp_heads, c)))
            for i in region:
                if i not in heads:
                    heads[i] = _head(self._member(alive[i]))
            for i in list(region):
                if heads[i].gid:  # a member with a gazetteer id joins the others that have it
                    for j in self.gid_mids.get(heads[i].gid, ()):
                        c = self.comp.get(j)
                        if c is not None and c not in comps:
                            comps.add(c)
                            heads.update(zip(self.comp_members[c], _read_back(self.comp_heads, c)))
            pending = set(self.dirty_pairs)
            for c in comps:
                region.update(i for i in self.comp_members[c] if alive.get(i) is not None)
                pending.update(self.comp_pairs.get(c, ()))
            candidates = np.fromiter(pending, dtype=np.uint64, count=len(pending))
            del pending
        self.dirty, self.dirty_pairs, self.dirty_comps = set(), set(), set()
        self.merged_at = threshold
        if not comps and not region:
            return {}, []
        before: dict[str, LinkDecision] = {}
        # what the components of the region held goes
        names_touched: set[str] = set()
        for c in comps:
            for token in self.comp_groups.pop(c, ()):
                name = self.group_name.pop(token)
                named = self.named[name]
                named.pop(token, None)
                if not named:
                    del self.named[name]
                names_touched.add(name)
                self.group_members.pop(token, None)
            if track:
                before.update((d.key, d) for d in _read_back(self.decisions, c))
            for table in (self.comp_members, self.comp_pairs, self.comp_heads, self.decided, self.decisions):
                table.pop(c, None)
        for i in region:
            self.comp.pop(i, None)
        # the pairs of the region that may be reported, and its components
        present, (score, context) = _lookup(self.scored, candidates, (0, 2))
        inside = np.zeros(self.next_id, dtype=bool)
        inside[np.fromiter(region, dtype=np.int64, count=len(region))] = True
        pairs = candidates[present & inside[(candidates >> np.uint64(32)).astype(np.int64)]
                           & inside[(candidates & np.uint64(_MASK)).astype(np.int64)]
                           & (np.maximum(score, score + context) >= REPORT_FLOOR - 1e-6)]
        del candidates, present, score, context, inside
        pairs.sort()
        parent = {i: i for i in region}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for p in pairs.tolist():
            ra, rb = find(p >> 32), find(p & _MASK)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        # members with one gazetteer id are one component (the gazetteer merges them)
        for mids in self.gid_mids.values():
            inner = sorted(i for i in mids if i in parent)
            for i in inner[1:]:
                ra, rb = find(i), find(inner[0])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        comp_of_member = {i: find(i) for i in region}
        parent.clear()
        by_comp: dict[int, list[int]] = defaultdict(list)
        for i, c in comp_of_member.items():
            by_comp[c].append(i)
        # the pairs of each component: sorted by their component, each component's a slice
        pair_comp = np.fromiter((comp_of_member[p >> 32] for p in pairs.tolist()), dtype=np.int64, count=len(pairs))
        order = np.argsort(pair_comp, kind="stable")
        pairs, pair_comp = pairs[order], pair_comp[order]
        del order
        batch: list[int] = []
        size = 0
        for c in sorted(by_comp):
            batch.append(c)
            size += len(by_comp[c])
            if size >= MERGE_BATCH:
                self._merge_batch(batch, by_comp, pairs, pair_comp, heads, threshold, names_touched)
                batch, size = [], 0
        if batch:
            self._merge_batch(batch, by_comp, pairs, pair_comp, heads, threshold, names_touched)
        del pairs, pair_comp, heads
        # ids: an entity whose id another entity (with an earlier first article) has gets a suffix
        redo = set(by_comp)
        del by_comp
        for name in names_touched:
            owners = sorted((doc, token) for token, doc in self.named.get(name, {}).items())
            for n, (doc, token) in enumerate(owners):
                eid = name if n == 0 else name + _suffix(doc)
                for i in self.group_members[token]:
                    key = alive[i]
                    if self.ids.get(key) != eid:
                        self.ids[key] = eid
                        self.relinked.add(key[0])
                        redo.add(self.comp[i])
        after: dict[str, LinkDecision] = {}
        for c in sorted(redo):
            if track:
                before.update((d.key, d) for d in _read_back(self.decisions, c))
            self.decisions[c] = decided = _final_decisions(_read_back(self.decided, c), self.ids)
            if track:
                after.update((d.key, d) for d in decided)
        if not track:
            return {}, []
        changes = {k: after.get(k) for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        return changes, list(after.values())

    def _merge_batch(self, comps: list[int], by_comp: dict[int, list[int]], pairs, pair_comp, heads: dict,
                     threshold: float, names_touched: set[str]) -> None:
        """Merge the components ``comps`` (their members in ``by_comp``; ``pairs`` sorted by their
        component, ``pair_comp``) and keep what merging made of each."""
        import numpy as np

        alive = self.mkey
        region = [i for c in comps for i in by_comp[c]]
        lo, hi = np.searchsorted(pair_comp, comps[0], "left"), np.searchsorted(pair_comp, comps[-1], "right")
        inner = pairs[lo:hi]
        inner = np.sort(inner[np.isin(pair_comp[lo:hi], np.asarray(comps, dtype=np.int64))])
        keys = sorted(alive[i] for i in region)
        members = [heads[i] if i in heads else _head(self._member(key)) for key in keys
                   for i in (self.mid[key],)]
        ranked, pair = self._ranked(keys, members, inner, threshold)
        groups, decided = _merge(members, ranked, pair, threshold, {})
        comp_of_member = {i: c for c in comps for i in by_comp[c]}
        comp_of = [comp_of_member[self.mid[k]] for k in keys]
        for x, c in enumerate(comp_of):
            i = self.mid[keys[x]]
            self.comp[i] = c
            self.comp_members.setdefault(c, []).append(i)
            self.comp_heads.setdefault(c, []).append(members[x])
        for p in inner.tolist():
            self.comp_pairs.setdefault(comp_of_member[p >> 32], []).append(p)
        by_root: dict[int, list[int]] = defaultdict(list)
        for x in range(len(members)):
            by_root[groups.find(x)].append(x)
        for group in by_root.values():
            token = keys[group[0]]  # the smallest member key: the entity's own token
            name = _canonical(group, members)
            self.group_members[token] = [self.mid[keys[x]] for x in group]
            self.group_name[token] = name
            self.named.setdefault(name, {})[token] = min(members[x].doc for x in group)
            self.comp_groups.setdefault(comp_of[group[0]], []).append(token)
            names_touched.add(name)
        for d in decided:
            self.decided.setdefault(comp_of[d.a], []).append(replace(d, a=keys[d.a], b=keys[d.b]))
        if self._bound is not None:
            self.release()  # the members read for this batch

    def _linking_whole(self, gazetteer, threshold: float, corrections: list) -> Linking:
        """Merge every member, with the user's corrections."""
        keys = sorted(self.mid)
        members = [_head(self._member(k)) for k in keys]
        ranked, pair = self._ranked(keys, members, _key_array(self.scored),
                                    threshold)
        apart: dict[int, set[tuple[int, int]]] = {}
        notes: list[str] = []
        groups, decided = _merge(members, ranked, pair, threshold, apart)
        ids = _ids(groups, members, {})
        splits = [c for c in corrections if c.op == "split"]
        if splits:
            for n_, c in enumerate(splits):
                inside = [i for i, m in enumerate(members) if c.entity in (ids[i], m.local, m.gid)]
                moved = [i for i in inside if members[i].doc in c.docs]
                if not moved or len(moved) == len(inside):
                    notes.append(f"correction split {c.entity}: nothing to split in this build")
                    continue
                for i in inside:
                    apart.setdefault(i, set()).add((n_, 1 if i in moved else 0))
                    if i in moved and members[i].gid:  # the gazetteer's reading is overruled
                        members[i] = _head(self._member(keys[i])._replace(gid=None))
            groups, decided = _merge(members, ranked, pair, threshold, apart)
            ids = _ids(groups, members, {})
        pinned: dict[int, str] = {}
        for c in corrections:
            if c.op != "merge":
                continue
            sides = [[i for i, m in enumerate(members) if ref in (ids[i], m.local, m.gid)] for ref in c.entities]
            if not all(sides):
                missing = [ref for ref, hit in zip(c.entities, sides) if not hit]
                notes.append(f"correction merge {' '.join(c.entities)}: {', '.join(missing)} not in this build")
                continue
            first = sides[0][0]
            for hit in sides[1:]:
                for i in hit:
                    if groups.find(i) != groups.find(first):
                        a, b = members[first], members[i]
                        groups.union(first, i, force=True)
                        decided.append(_Decided("user-merge", first, i, ((a.doc, a.label, a.lang), (b.doc, b.label, b.lang)),
                                                "user", 1.0, f"merged by the user ({c.source or 'a correction'})"))
            pinned[groups.find(first)] = c.entities[0]
        ids = _ids(groups, members, pinned)
        by_key = dict(zip(keys, ids))
        decisions = _final_decisions([replace(d, a=keys[d.a], b=keys[d.b]) for d in decided], by_key)
        decisions.sort(key=lambda d: (d.kind, d.entities, d.names))
        entries = {}
        if gazetteer is not None:
            for i, m in enumerate(members):
                if m.gid and ids[i] == m.gid and gazetteer.get(m.gid) is not None:
                    entries[m.gid] = gazetteer.get(m.gid)
        return Linking(by_key, decisions, threshold, entries, notes, _gazetteer_version(gazetteer))


def _lookup(table, keys, which: Sequence[int]):
    """:meth:`kg.pairtable.PairTable.lookup` of a pair table, in memory or in a state file."""
    import numpy as np

    if isinstance(table, PairTable):
        return table.lookup(keys, which)
    present = np.zeros(len(keys), dtype=bool)
    columns = [np.zeros(len(keys), dtype=np.float64) for _ in which]
    for x, key in enumerate(keys.tolist()):
        value = table.get(key)
        if value is not None:
            present[x] = True
            for column, c in zip(columns, which):
                column[x] = value[c]
    return present, columns


def _key_array(table):
    """The keys of a pair table (in memory or in a state file) as a uint64 array."""
    import numpy as np

    if isinstance(table, PairTable):
        return table.key_array()
    return np.fromiter(iter(table), dtype=np.uint64, count=len(table))


def _read_back(table: dict, key) -> list:
    """A value the state keeps pickled until a build asks for it (then unpickled once, and kept)."""
    value = table.get(key, [])
    if isinstance(value, bytes):
        import pickle

        value = table[key] = pickle.loads(value)
    return value


def _gazetteer_version(gazetteer) -> str:
    from .gazetteer import VERSION

    return VERSION if gazetteer is not None else ""


def _final_decisions(decided: Iterable[_Decided], ids: dict) -> list[LinkDecision]:
    """Decisions on member keys as decisions on the entities' ids (a candidate whose two members
    ended in one entity says nothing)."""
    out = []
    for d in decided:
        ents = (ids[d.a],) if d.kind != "candidate" else tuple(sorted({ids[d.a], ids[d.b]}))
        if d.kind == "candidate" and len(ents) < 2:
            continue
        out.append(LinkDecision(d.kind, ents, d.names, d.rule, d.confidence, d.reason))
    return out


def _merge(members: Sequence[_Member], ranked: tuple, pair, threshold: float,
           apart: dict[int, set[tuple[int, int]]]) -> tuple[_Groups, list[_Decided]]:
    """Gazetteer entries, then the pairs of ``ranked`` (arrays of total, index, index, strongest first)
    down to the threshold, each unless a constraint refuses it; then the best pair of each two entities
    that stay apart, down to the report floor. ``pair(position)`` writes a pair's reasons."""
    import numpy as np

    total, ia, ib = ranked
    groups = _Groups(members, apart)
    by_gid: dict[str, int] = {}
    for i, m in enumerate(members):
        if m.gid:
            if m.gid in by_gid:
                groups.union(by_gid[m.gid], i)
            by_gid.setdefault(m.gid, i)
    decided: list[_Decided] = []
    strong = int(np.searchsorted(-total, -threshold, side="right"))  # how many reach the threshold
    for x in range(strong):
        i, j = int(ia[x]), int(ib[x])
        if groups.find(i) != groups.find(j) and groups.can_union(i, j):
            t, p, why = pair(x)
            groups.union(i, j)
            decided.append(_decision("merge", p, members, t, why))
    # what stays apart but may be one: report the best pair (the first: the order is by score) of each
    # two entities
    n = len(members)
    root = np.fromiter((groups.find(i) for i in range(n)), dtype=np.int64, count=n)
    ra, rb = root[ia], root[ib]
    positions = np.nonzero(ra != rb)[0]
    if len(positions):
        key = np.minimum(ra, rb)[positions] * n + np.maximum(ra, rb)[positions]
        _, first = np.unique(key, return_index=True)
        for x in positions[first]:
            t, p, why = pair(int(x))
            if t >= threshold:
                # a strong link that a constraint refused (another gazetteer entry, a person the article
                # keeps apart, a user's split): reported just below the threshold, with the reason
                why = (why + "; " if why else "") + "not merged: one side is known as another entity"
            decided.append(_decision("candidate", p, members, min(t, threshold - 0.001), why))
    return groups, decided


# The pairs of a block: members of one shape (one company in many articles, :func:`_shape`) are
# compared with the first of them (by :func:`_rank`) only, and those firsts with each other: they merge with
# it by name at once, so little is lost against comparing all, and time stays linear. People of one name
# are all compared, since context, which differs between them, decides; in a block too large for that (a
# name in hundreds of articles) they are treated like the rest, and when even the firsts are too many
# they are not compared with each other.

class _KeyOf:
    """A member's key, read only when compared: ranks are 64-bit digests, so two members of one block
    rarely tie on rank, and a tuple (rank, key) compares the keys only then."""

    __slots__ = ("i", "key_of")

    def __init__(self, i: int, key_of):
        self.i, self.key_of = i, key_of

    def __eq__(self, other) -> bool:
        return self.key_of(self.i) == other.key_of(other.i)

    def __lt__(self, other) -> bool:
        return self.key_of(self.i) < other.key_of(other.i)

    __hash__ = None


def _layout(members: set[int], rank_of, shape_of) -> tuple[dict[int, int], set[int], bool, bool]:
    """``(first member of each shape, firsts, people compared all, firsts compared all)`` of a block."""
    people_mode = len(members) <= _MAX_BLOCK
    by_shape: dict[int, list[int]] = defaultdict(list)
    people = set()
    for i in members:
        shape = shape_of(i)
        if shape < 0 and people_mode:
            people.add(i)
        else:
            by_shape[shape].append(i)
    first = {shape: group[0] if len(group) == 1 else min(group, key=rank_of) for shape, group in by_shape.items()}
    firsts = people | set(first.values())
    return first, firsts, people_mode, len(firsts) <= _MAX_BLOCK


def _relayout(old: tuple, members: set[int], moved: set[int], rank_of, shape_of) -> tuple:
    """The :func:`_layout` of a block of ``members``, from the layout ``old`` it had before the members
    ``moved`` came or went (a shape whose first went is looked for again)."""
    if (len(members) <= _MAX_BLOCK) != old[2]:
        return _layout(members, rank_of, shape_of)
    first, people_mode = dict(old[0]), old[2]
    people = old[1] - set(first.values()) - moved
    lost_first = set()
    for i in moved:
        shape = shape_of(i)
        if shape < 0 and people_mode:
            if i in members:
                people.add(i)
        elif i in members:
            f = first.get(shape)
            if f is None or rank_of(i) < rank_of(f):
                first[shape] = i
        elif first.get(shape) == i:
            lost_first.add(shape)
    for shape in lost_first:
        rest = [j for j in members if shape_of(j) == shape]
        if rest:
            first[shape] = min(rest, key=rank_of)
        else:
            del first[shape]
    firsts = people | set(first.values())
    return first, firsts, people_mode, len(firsts) <= _MAX_BLOCK


def _pairs_in(members: set[int], layout: tuple, focus: set[int] | None, key_of, shape_of) -> set[int]:
    """The pairs of a block (its ``members`` and their :func:`_layout`) that have a member in ``focus``
    (None: all of them), each as one integer: the ids of the two members, in the order of their keys."""
    first, firsts, people_mode, all_firsts = layout

    def pair(a: int, b: int) -> int:
        return (a << 32) | b if key_of(a) < key_of(b) else (b << 32) | a

    out = set()
    if focus is None:
        for i in members:
            shape = shape_of(i)
            if i not in firsts:
                out.add(pair(first[shape], i))
        if all_firsts:
            ordered = sorted(firsts)
            out.update(pair(a, b) for x, a in enumerate(ordered) for b in ordered[x + 1:])
        return out
    for i in focus & members:
        shape = shape_of(i)
        if i not in firsts:
            out.add(pair(first[shape], i))
            continue
        if all_firsts:
            out.update(pair(i, f) for f in firsts if f != i)
        if not (shape < 0 and people_mode):  # the first of its shape: the others of it are compared with it
            out.update(pair(i, j) for j in members if j != i and shape_of(j) == shape)
    return out


@_fast_pickle
@dataclass(frozen=True, slots=True)
class _Decided:
    """A decision on two members, before their final ids are known."""

    kind: str
    a: int | tuple[str, str]  # a member's index while merging, its key once kept
    b: int | tuple[str, str]
    names: tuple[tuple[str, str, str], tuple[str, str, str]]
    rule: str
    confidence: float
    reason: str


def _decision(kind: str, p: _Pair, members: Sequence[_Head], score: float, why: str) -> _Decided:
    a, b = members[p.a], members[p.b]
    reason = p.reason + (f"; {why}" if why else "")
    return _Decided(kind, p.a, p.b, ((a.doc, p.name_a, a.lang), (b.doc, p.name_b, b.lang)), p.rule,
                    round(min(max(score, 0.0), 1.0), 3), reason)


_LANG_RANK = {"en": 0}


def _canonical(group: list[int], members: Sequence[_Member]) -> str:
    gids = sorted({members[i].gid for i in group if members[i].gid})
    if gids:
        return gids[0]

    def rank(i: int) -> tuple:
        m = members[i]
        key = m.local if m.gid is None else entity_key(m.lang, m.label)
        return (_LANG_RANK.get(key.split("/", 1)[0], 1), key)

    i = min(group, key=rank)
    m = members[i]
    return m.local if m.gid is None else entity_key(m.lang, m.label)


def _suffix(doc: str) -> str:
    return "~" + hashlib.sha1(doc.encode("utf-8")).hexdigest()[:6]


def link(results: Sequence[DocumentResult], *, gazetteer=None, threshold: float = DEFAULT_THRESHOLD,
         corrections: Sequence = ()) -> Linking:
    """Link the entities of all ``results`` across documents and languages.

    ``corrections`` are :class:`kg.corrections.Correction` records (a user's
    merges and splits); see :mod:`kg.corrections`. (A :class:`LinkState` does
    the same, kept between builds.)
    """
    state = LinkState()
    state.update(((r, "") for r in results), gazetteer=gazetteer)
    return state.linking(gazetteer=gazetteer, threshold=threshold, corrections=corrections)


def _effective(corrections: Sequence) -> list:
    """The corrections that still hold: a later split of an entity undoes an earlier merge that named it,
    and a later merge undoes an earlier split of one of its entities."""
    out: list = []
    for c in corrections:
        if c.op == "split":
            out = [x for x in out if not (x.op == "merge" and c.entity in x.entities)]
        elif c.op == "merge":
            out = [x for x in out if not (x.op == "split" and x.entity in c.entities)]
        out.append(c)
    return out


def _ids(groups: _Groups, members: Sequence[_Member], pinned: dict[int, str]) -> list[str]:
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(members)):
        by_root[groups.find(i)].append(i)
    named: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for root, group in by_root.items():
        cid = pinned.get(root) or _canonical(group, members)
        named[cid].append((min(members[i].doc for i in group), root))
    final: dict[int, str] = {}
    for cid, owners in named.items():
        owners.sort()
        final[owners[0][1]] = cid
        for doc, root in owners[1:]:  # another entity of the same name: the first article keeps the plain id
            final[root] = cid + _suffix(doc)
    return [final[groups.find(i)] for i in range(len(members))]


def apply_linking(results: Sequence[DocumentResult], linking: Linking) -> list[DocumentResult]:
    """The results with every entity id replaced by its global id (entities merged within a document too)."""
    out = []
    for r in results:
        doc = r.document.id
        gid = {local: linking.ids.get((doc, local), local) for local in r.entities}
        entities: dict[str, Entity] = {}
        for local, e in r.entities.items():
            new_id = gid[local]
            if new_id in entities:
                old = entities[new_id]
                mentions: list[Mention] = sorted(set(old.mentions) | set(e.mentions), key=lambda m: (m.start, m.end))
                aliases = (old.aliases | e.aliases | {e.label}) - {old.label}
                entities[new_id] = replace(old, mentions=mentions, aliases=aliases)
            else:
                entities[new_id] = replace(e, id=new_id, aliases=set(e.aliases), mentions=list(e.mentions))
        merged: dict[tuple, Fact] = {}
        for f in r.facts:
            s = gid.get(f.subject, f.subject)
            o = gid.get(f.object, f.object) if isinstance(f.object, str) else f.object
            if s == o:
                continue
            key = (s, f.predicate, o if isinstance(o, str) else o.normalized)
            if key in merged:
                ev = tuple(sorted(set(merged[key].evidence) | set(f.evidence), key=lambda e: (e.start, e.extractor)))
                merged[key] = Fact(s, f.predicate, merged[key].object, ev)
            else:
                merged[key] = Fact(s, f.predicate, o, f.evidence)
        facts = sorted(merged.values(), key=lambda f: (f.subject, f.predicate,
                                                       f.object if isinstance(f.object, str) else f.object.normalized))
        out.append(replace(r, entities=entities, facts=facts, events=_relink_events(r.events, gid, doc)))
    return out


def _relink_events(events, gid: dict[str, str], doc: str) -> list:
    """Events with the global ids in their roles and relations, and their keys computed again from them
    (so that two articles reporting one deal give one event node)."""
    from .events import event_key, merge_reports

    out = {}
    for e in events:
        roles = tuple(sorted({(role, gid.get(x, x)) for role, x in e.roles}))
        relations = tuple(sorted({(gid.get(a, a), p, gid.get(b, b)) for a, p, b in e.relations}))
        e = replace(e, roles=roles, relations=relations)
        e = replace(e, id=event_key(e, doc))
        out[e.id] = merge_reports(out[e.id], e) if e.id in out else e
    return sorted(out.values(), key=lambda e: (e.evidence[0].start, e.id))
