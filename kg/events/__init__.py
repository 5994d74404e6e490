"""The event stage: deals, listings, launches, appointments and support measures as nodes of their own.

A triple ``Alibaba investsIn X`` loses what users ask first: how much, when,
who led, is it done or only planned. Event extractors (registered like the
relation extractors, one module per language) propose
:class:`~kg.model.EventCandidate` records: the event's class, the mentions in
its roles, its money and date :class:`~kg.model.Value`, its status and other
attributes. This module then

* adds the plain relations each event states (``tk:entailsRelation`` on its
  class in the ontology: an acquisition's acquirer ``acquired`` its acquiree),
  as :class:`~kg.model.Candidate` records whose modality follows the status
  (:data:`STATUS_MODALITY`): a planned or denied deal never becomes a fact;
* resolves the roles to entity ids once the mentions are entities, keeping
  only roles whose entity fits the role's range.

Status words (``발표`` announced, ``검토`` considered, ``계획`` planned, ``완료``
completed, ``부인`` denied), trigger words and roles are data
(``kg/data/rules/events.json`` for what all languages share, ``events_<lang>.json`` for each language).
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from ..context import Analysis
from ..model import Candidate, Entity, Event, EventCandidate, Evidence, Mention, Value
from ..ontology import TK, load_ontology
from ..registry import Registry
from ..rules import load_rules

__all__ = [
    "EventExtractor",
    "EVENT_EXTRACTORS",
    "event_extractor",
    "extract_events",
    "entailed_candidates",
    "resolve_events",
    "event_key",
    "STATUSES",
    "STATUS_MODALITY",
    "entailed_relations",
    "event_rules",
    "status_cue",
    "period_of",
    "nearest_value",
    "iter_sentence_values",
    "version_of",
    "link_events",
    "is_cap",
    "share_limit",
    "merge_reports",
]

#: The statuses of an event, as ``tk:status`` writes them.
STATUSES = ("announced", "planned", "considered", "completed", "denied", "rumoured")

#: The modality of the plain relations an event states, by the event's status: only completed,
#: announced and rumoured (hedged) deals give facts; the others stay assertion records.
STATUS_MODALITY = {
    "completed": "asserted",
    "announced": "asserted",
    "rumoured": "hedged",
    "planned": "planned",
    "considered": "planned",
    "denied": "denied",
}


@dataclass(frozen=True, slots=True)
class EventExtractor:
    name: str
    languages: tuple[str, ...]
    version: str
    extract: Callable[[Analysis], Iterable[EventCandidate]]

    def serves(self, lang: str) -> bool:
        return "*" in self.languages or lang in self.languages


EVENT_EXTRACTORS: Registry[EventExtractor] = Registry("event extractor", "kg.events")


def event_extractor(name: str, languages: Iterable[str] = ("*",), version: str = "0.1.0"):
    """Register a function ``Analysis -> Iterable[EventCandidate]`` as an event extractor."""

    def decorator(fn):
        EVENT_EXTRACTORS.register(name)(EventExtractor(name, tuple(languages), version, fn))
        return fn

    return decorator


def version_of(name: str) -> str:
    return EVENT_EXTRACTORS.get(name).version


@cache
def event_rules(lang: str) -> dict:
    """The event rules of a language (``kg/data/rules/events_<lang>.json``) with the shared keys of
    ``events.json``; ``"*"`` for the shared keys alone."""
    shared = {k: v for k, v in load_rules("events")["*"].items() if not k.startswith("_")}
    if lang == "*":
        return shared
    try:
        own = load_rules(f"events_{lang}")
    except FileNotFoundError:
        own = {}
    return {**shared, **{k: v for k, v in own.items() if not k.startswith("_")}}


@cache
def entailed_relations(event_type: str) -> tuple[tuple[str, str, str], ...]:
    """``(subject role, predicate, object role)`` of ``tk:entailsRelation`` on the class or its superclasses.

    >>> entailed_relations("Acquisition")
    (('acquirer', 'acquired', 'acquiree'),)
    """
    ont = load_ontology()
    out: list[tuple[str, str, str]] = []
    for cls in ont.superclasses(event_type):
        for lit in sorted(ont.graph.objects(ont.iri(cls), TK.entailsRelation)):
            s, p, o = str(lit).split()
            out.append((s, p, o))
    return tuple(out)


def _relations(c: EventCandidate) -> tuple[tuple[Mention, str, Mention], ...]:
    by_role: dict[str, list[Mention]] = {}
    for role, m in c.roles:
        by_role.setdefault(role, []).append(m)
    out = list(c.relations)
    for s_role, pred, o_role in entailed_relations(c.type):
        for s in by_role.get(s_role, ()):
            for o in by_role.get(o_role, ()):
                if s is o or s.span == o.span or (s_role == o_role and s.start > o.start):
                    continue  # partners pair once
                out.append((s, pred, o))
    return tuple(dict.fromkeys(out))


def extract_events(analysis: Analysis, only: Iterable[str] | None = None) -> list[EventCandidate]:
    """Events from every event extractor that serves the document's language, with their plain relations."""
    names = set(only) if only is not None else None
    out: list[EventCandidate] = []
    seen: set[tuple] = set()
    for name, ex in EVENT_EXTRACTORS.items():
        if not ex.serves(analysis.lang) or (names is not None and name not in names):
            continue
        for c in ex.extract(analysis):
            c = _complete(c)
            if c is None:
                continue
            key = (c.type, c.evidence, tuple((r, m.span) for r, m in c.roles))
            if key in seen:
                continue
            seen.add(key)
            out.append(replace(c, relations=_relations(c)))
    return out


def _complete(c: EventCandidate) -> EventCandidate | None:
    """The event with duplicate roles removed and a combined amount marked; None when it lacks a
    required role ('required') or says too little to be worth a node ('needs_one_of': an investment
    with neither an amount nor an investee)."""
    rules = event_rules("*")
    ont = load_ontology()
    roles = tuple(dict.fromkeys((r, m) for r, m in c.roles if m is not None))
    for role, cls in rules.get("prefer_types", {}).items():
        if any(r == role and ont.is_subclass(m.type, cls) for r, m in roles):
            roles = tuple((r, m) for r, m in roles if r != role or ont.is_subclass(m.type, cls))
    count: dict[str, set] = {}
    for r, m in roles:
        count.setdefault(r, set()).add(m.text)
    for role, n in rules["required"].get(c.type, ()):
        if len(count.get(role, ())) < n:
            return None
    needs = rules.get("needs_one_of", {}).get(c.type)
    if needs and not any((c.amount is not None) if n == "amount" else bool(count.get(n)) for n in needs):
        return None
    attrs = dict(c.attributes)
    combined = rules["combined_roles"].get(c.type)
    if c.amount is not None and combined and len(count.get(combined, ())) > 1 and "amountScope" not in attrs:
        attrs["amountScope"] = "combined"  # 'A, B and C ... HK$4.2 billion': one total for the three
    return replace(c, roles=roles, attributes=tuple(sorted(attrs.items())))


def entailed_candidates(events: Iterable[EventCandidate]) -> list[Candidate]:
    """The plain relations the events state, with the modality of their status ("past" for a role
    an appointment ends)."""
    out = []
    for c in events:
        modality = STATUS_MODALITY[c.status]
        if modality == "asserted" and dict(c.attributes).get("roleChange") == "end":
            modality = "past"  # 'X stepped down as CEO': a role held before, a fact of the past
        for s, pred, o in c.relations:
            out.append(Candidate(s, pred, o, c.confidence, c.extractor, c.sentence, c.evidence, modality))
    return out


def _role_fits(role: str, entity: Entity) -> bool:
    ont = load_ontology()
    return any(ont.is_subclass(entity.type, r) for r in ont.range(role))


def resolve_events(analysis: Analysis, events: Sequence[EventCandidate], entities: dict[str, Entity],
                   known_facts: set[tuple[str, str, str]]) -> list[Event]:
    """Events with entity ids in their roles; a role whose entity was dropped or does not fit its range is
    left out, and an event without roles is dropped. ``known_facts`` are the (subject, predicate, object)
    keys of the document's facts: an event links only to the relations that survived typing."""
    of_mention: dict[tuple[int, int], str] = {}
    for eid, e in entities.items():
        for m in e.mentions:
            of_mention.setdefault(m.span, eid)
    out: dict[str, Event] = {}
    for c in events:
        roles = []
        for role, m in c.roles:
            eid = of_mention.get(m.span)
            if eid is not None and _role_fits(role, entities[eid]):
                roles.append((role, eid))
        roles = sorted(set(roles))
        if not roles:
            continue
        rels = []
        for s, pred, o in c.relations:
            key = (of_mention.get(s.span), pred, of_mention.get(o.span))
            if key in known_facts or (key[2], pred, key[0]) in known_facts:
                rels.append(key if key in known_facts else (key[2], pred, key[0]))
        sent = analysis.sentences[c.sentence]
        ev = Evidence(analysis.document.id, c.sentence, sent.text, c.evidence[0], c.evidence[1], c.extractor,
                      version_of(c.extractor), round(c.confidence, 3), STATUS_MODALITY[c.status])
        e = Event("", c.type, tuple(roles), c.status, c.amount, c.date, tuple(sorted(set(c.attributes))), (ev,),
                  tuple(sorted(set(rels))))
        e = replace(e, id=event_key(e, analysis.document.id))
        out[e.id] = merge_reports(out[e.id], e) if e.id in out else e  # two extractors, one event
    return sorted(out.values(), key=lambda e: (e.evidence[0].start, e.id))


def event_key(event: Event, doc_id: str) -> str:
    """The stable id of an event: its class, roles, amount, date and status.

    Two articles that report the same deal (same parties, amount, date and status) give one event;
    an event whose date is relative and unresolved is kept to its article, since 'last week' in two
    articles need not be the same week.
    """
    date = event.date.normalized if event.date is not None else ""
    where = doc_id if event.date is not None and not date else ""
    parts = [event.type, *(f"{r}={e}" for r, e in event.roles),
             event.amount.normalized if event.amount is not None else "", date, event.status, where]
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{event.type[0].lower()}{event.type[1:]}-{digest}"


# --------------------------------------------------------------------------- one event across articles


def _anchor(e: Event) -> tuple:
    """What must agree for two reports to be one event: the class, the entities in its anchor roles
    (``anchor_roles`` in events.json: a funding round's investee, an acquisition's two parties...), the
    status and, for an appointment, whether the role is taken or left."""
    roles = event_rules("*")["anchor_roles"].get(e.type, ())
    keep = tuple(sorted((r, x) for r, x in e.roles if r in roles))
    return (e.type, keep, e.status, dict(e.attributes).get("roleChange", ""))


def _compatible(a: Event, b: Event) -> bool:
    """Same amount (or one unstated) and dates that agree as far as both are known."""
    if a.amount is not None and b.amount is not None and a.amount.normalized != b.amount.normalized:
        return False
    da = a.date.normalized if a.date is not None else ""
    db = b.date.normalized if b.date is not None else ""
    if da and db and not (da.startswith(db) or db.startswith(da)):
        return False
    return a.evidence[0].doc_id != b.evidence[0].doc_id


def link_events(results: Sequence) -> list:
    """The results with one id for the events of different articles that report one deal.

    Reports join when their anchors (:func:`_anchor`) are equal and amounts and dates agree
    (:func:`_compatible`) with every report already in the group; a report that agrees with two
    groups that disagree joins the first. Groups are formed in the order of the reports' own ids,
    so the result does not depend on the order of the articles. The RDF stage unites the roles.
    """
    new_id = report_groups((e.id, i, k, e) for i, r in enumerate(results) for k, e in enumerate(r.events))
    out = []
    for i, r in enumerate(results):
        events = [replace(e, id=new_id[(i, k)]) for k, e in enumerate(r.events)]
        out.append(replace(r, events=events))
    return out


def report_groups(items) -> dict[tuple, str]:
    """The group id of each report: ``items`` are (event id, article, index, event) with the article
    given by anything that sorts as the articles do; returns {(article, index): id}. Reports of
    different anchors never meet, so the reports of some anchors can be grouped apart from the rest."""
    groups: dict[tuple, list[list[Event]]] = {}
    new_id: dict[tuple, str] = {}
    for _, doc, k, e in sorted(items, key=lambda t: (t[0], t[1], t[2])):
        for group in groups.setdefault(_anchor(e), []):
            if all(_compatible(e, x) for x in group):
                group.append(e)
                new_id[(doc, k)] = group[0].id
                break
        else:
            groups[_anchor(e)].append([e])
            new_id[(doc, k)] = e.id
    return new_id


# --------------------------------------------------------------------------- helpers for extractors


@cache
def _cue_patterns(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    out = []
    for entry in event_rules(lang).get("status_cues", []):
        out.append((re.compile(entry[0], re.IGNORECASE), entry[1]))
    return tuple(out)


def status_cue(lang: str, text: str) -> str | None:
    """The status the first matching cue of the language's ``status_cues`` gives ``text`` (in list order)."""
    for rx, status in _cue_patterns(lang):
        if rx.search(text):
            return status
    return None


@cache
def _period_patterns(lang: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in event_rules(lang).get("period", []))


def period_of(lang: str, text: str) -> str | None:
    """An ISO 8601 duration for 'over three years', '앞으로 3년간', '未来三年' in ``text``.

    >>> period_of("ko", "앞으로 3년간 AI에"), period_of("en", "over the next three years")
    ('P3Y', 'P3Y')
    """
    for rx in _period_patterns(lang):
        m = rx.search(text)
        if m:
            n = m.group("n")
            k = int(n) if n.isdigit() else event_rules(lang).get("number_words", {}).get(n.lower())
            if k:
                written = m.groupdict().get("unit") or ""
                units = event_rules(lang).get("period_units", {})
                unit = units.get(written) or {"y": "Y", "m": "M"}.get(written[:1].lower(), "Y")
                return f"P{k}{unit}"
    return None


_CLAUSE_MARKS = ",，;；。!?！？\n"
_RESTATEMENT = re.compile(r"^\s*[(（][^)）]{0,40}[)）]")


def is_cap(analysis: Analysis, value: Value) -> bool:
    """Whether an amount is a cap: a ``cap_before`` word in the ``cap_window`` characters before it,
    within its clause ('capped at $10 million', '上限1000万元'), or a ``cap_after`` word right after it,
    past a bracketed restatement ('1,000만 위안(약 20억원) 한도')."""
    rules = event_rules(analysis.lang)
    text = analysis.text
    start = max(text.rfind(c, 0, value.start) for c in _CLAUSE_MARKS) + 1
    before = text[max(start, value.start - int(rules.get("cap_window", 16))):value.start].casefold()
    after = _RESTATEMENT.sub("", text[value.end:value.end + 60]).lstrip().casefold()
    return (any(w.casefold() in before for w in rules.get("cap_before", ()))
            or any(after.startswith(w.casefold()) for w in rules.get("cap_after", ())))


@cache
def _share_patterns(lang: str) -> tuple[re.Pattern, ...]:
    found = event_rules(lang).get("share_limit") or ()
    return tuple(re.compile(p, re.IGNORECASE) for p in ([found] if isinstance(found, str) else found))


def share_limit(lang: str, text: str) -> str | None:
    """The largest share of costs a support measure covers, as a fraction ('up to 60%' -> "0.6").

    >>> share_limit("ko", "기업에는 최고 60%, 1,000만 위안")
    '0.6'
    """
    for rx in _share_patterns(lang):
        m = rx.search(text)
        if m:
            return format((Decimal(m.group("p")) / 100).normalize(), "f")
    return None


def merge_reports(old: Event, new: Event) -> Event:
    """One event from two reports with one id: their evidence and relations united."""
    return replace(old, evidence=tuple(sorted(set(old.evidence) | set(new.evidence), key=lambda x: (x.start, x.extractor))),
                   relations=tuple(sorted(set(old.relations) | set(new.relations))))


def nearest_value(values: Sequence[Value], kind: str, start: int, end: int, lo: int, hi: int,
                  taken: set[tuple[int, int]] = frozenset(), after_first: bool = False) -> Value | None:
    """The value of ``kind`` within [lo, hi) nearest to the span [start, end) and not ``taken``.

    ``after_first`` prefers one after the span (an amount follows its verb in English and Chinese).
    """
    best = None
    for v in values:
        if v.kind != kind or v.start < lo or v.end > hi or v.span in taken:
            continue
        if v.start >= end:
            d = v.start - end
        elif v.end <= start:
            d = start - v.end + (10_000 if after_first else 0)
        else:
            d = 0
        if best is None or d < best[0]:
            best = (d, v)
    return best[1] if best else None


def iter_sentence_values(analysis: Analysis, sentence) -> Iterator[Value]:
    for v in analysis.values:
        if sentence.start <= v.start and v.end <= sentence.end:
            yield v
