"""English events, read with regular expressions over the flattened sentence of :mod:`kg.relations._patterns`.

A sentence is a string of items (``⟨0:Startup⟩ raised $ 180 million in a series b round led by
⟨1:Investor⟩``); an event rule (``patterns`` in ``kg/data/rules/events_en.json``) is a regular expression
over it with the macros of ``en.json`` ({ORG}, {AGENTS}, {PER}, {TITLES}...) and of the events file
({SAY}, {RAISE}...), and one named group per role of its class (``investee``, ``leadInvestor``; a second
group of the same role is ``partner_b``), plus ``v`` (the trigger word), ``t`` (an appointment's title),
``purpose`` and ``m`` (where the amount must stand: 'raised $X', not 'raised prices'). Every rule is tried
at every item; the matches of one class in a sentence that share a role and a mention are one event
('X raised $N' and 'X raised ... led by Y' and '... with participation from Z').

Where the event stands is read from cue words (``status_cues``, in priority order) in the clause up to
the trigger, and from reporting words after it (``report_cues``: '..., people familiar with the matter
said' makes it rumoured, '..., a report the company denied' denied). The amount is the money value
nearest after the trigger in the clause, the date the nearest date, both found by the value stage
(:mod:`kg.values`); a cap word next to the amount ('capped at', 'up to') makes it a cap. Every word list
is data; nothing here names a company.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..context import Analysis
from ..model import EventCandidate, Mention, Value
from ..relations._patterns import (Flat, LangConfig, _expand, _has_any, _macros, _matches, _modifies, _tokenize,
                                   config, flats, title_predicates)
from ..rules import load_rules
from . import event_extractor, event_rules, is_cap, iter_sentence_values, nearest_value, period_of, share_limit, status_cue

__all__ = ["english_events"]

#: named groups that are not roles
_SPECIAL = frozenset({"v", "t", "m", "purpose"})
_MACRO = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True, slots=True)
class _Rule:
    type: str
    rx: re.Pattern
    confidence: float
    fallback: bool
    unless: frozenset[str]
    change: str | None
    split: str | None
    source: str


@dataclass(frozen=True, slots=True)
class _Rules:
    rules: tuple[_Rule, ...]
    report_cues: tuple[tuple[re.Pattern, str], ...]
    ignore: tuple[re.Pattern, ...]
    not_date: re.Pattern | None
    not_amount: re.Pattern | None
    skip: re.Pattern | None
    money_types: frozenset[str]


def _opt(rx: str | None, flags: int = re.IGNORECASE) -> re.Pattern | None:
    return re.compile(rx, flags) if rx else None


@cache
def _compiled() -> _Rules:
    rules = event_rules("en")
    macros = _macros(load_rules("en"), False)
    own = {k: v for k, v in rules.get("macros", {}).items() if not k.startswith("_")}

    def expand(pattern: str) -> str:
        for _ in range(3):  # the file's macros may use each other
            pattern = _MACRO.sub(lambda m: own.get(m.group(1), m.group(0)), pattern)
        return _expand(pattern, macros)

    compiled = []
    for etype, entries in rules["patterns"].items():
        if etype.startswith("_"):
            continue
        for k, e in enumerate(entries):
            body = expand(e["pattern"])
            compiled.append(_Rule(etype, re.compile(rf"(?:(?<= )|^){body}(?:(?= |$)|(?<= ))"), float(e.get("confidence", 0.8)),
                                  bool(e.get("fallback")),
                                  frozenset(_tokenize(u, False) for u in e.get("unless", [])),
                                  e.get("change"), e.get("split"), f"{etype}[{k}]"))
    return _Rules(
        rules=tuple(compiled),
        report_cues=tuple((re.compile(rx, re.IGNORECASE), st) for rx, st in rules.get("report_cues", [])),
        ignore=tuple(re.compile(rx, re.IGNORECASE) for rx in rules.get("status_ignore", [])),
        not_date=_opt(rules.get("not_event_date")),
        not_amount=_opt(rules.get("not_event_amount")),
        skip=_opt(rules.get("skip")),
        money_types=frozenset(rules.get("money_types", ())),
    )


@dataclass(slots=True)
class _Hit:
    """One rule's match: its class, roles and the places of its trigger, title, purpose and amount."""

    rule: _Rule
    roles: list[tuple[str, Mention]]
    span: tuple[int, int]  # in the flat string
    trigger: tuple[int, int]  # in the flat string
    amount: Value | None
    title: tuple[str, str] | None  # (as written, flat form)
    purpose: str | None
    keys: frozenset[tuple[str, tuple[int, int]]]  # the (role, span) pairs by which it joins other hits


def _hits(analysis: Analysis, cfg: LangConfig, flat: Flat, rule: _Rule, m: re.Match, values: list[Value]) -> list[_Hit]:
    """The hits of a match: one, or one per mention of the rule's ``split`` group, keyed by that mention only."""
    h = _hit(analysis, cfg, flat, rule, m, values)
    if h is None:
        return []
    if not rule.split or m.group(rule.split) is None:
        return [h]
    own = [x for x in flat.objects_in(m.group(rule.split)) if isinstance(x, Mention)]
    if len(own) < 2:
        return [h]
    role = rule.split.split("_")[0]
    others = [(r, x) for r, x in h.roles if not (r == role and x in own)]
    return [_Hit(rule, [(role, x)] + others, h.span, h.trigger, h.amount, h.title, h.purpose,
                 frozenset({(role, x.span)})) for x in own]


def _hit(analysis: Analysis, cfg: LangConfig, flat: Flat, rule: _Rule, m: re.Match, values: list[Value]) -> _Hit | None:
    if rule.unless and _has_any(m.group(0), rule.unless, " "):
        return None
    roles: list[tuple[str, Mention]] = []
    amount = title = purpose = None
    for name, text in m.groupdict().items():
        if text is None:
            continue
        if name == "m":
            a, b = flat.doc_span(*m.span("m"))
            amount = next((v for v in values if v.kind == "money" and a <= v.start < b), None)
            if amount is None:
                return None  # 'raised prices': no money where the rule wants it
        elif name == "t":
            a, b = flat.doc_span(*m.span("t"))
            title = (analysis.text[a:b], text.strip())
        elif name == "purpose":
            a, b = flat.doc_span(*m.span("purpose"))
            purpose = re.sub(r"^(?:the|its|their|a|an)\s+", "", analysis.text[a:b].strip(), flags=re.IGNORECASE)
        elif name not in _SPECIAL:
            if _modifies(cfg, flat, m, name):
                continue  # 'Acme researchers': Acme only modifies the word after it
            role = name.split("_")[0]
            roles += [(role, x) for x in flat.objects_in(text) if isinstance(x, Mention)]
    if not roles:
        return None
    trigger = m.span("v") if "v" in m.groupdict() and m.group("v") is not None else m.span()
    return _Hit(rule, roles, m.span(), trigger, amount, title, purpose, frozenset((r, x.span) for r, x in roles))


def _merge(hits: list[_Hit]) -> list[list[_Hit]]:
    """The hits of one class that share a (role, mention) pair, grouped (union-find), in order of the text."""
    parent = list(range(len(hits)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    for i, h in enumerate(hits):
        for role, span in h.keys:
            key = (h.rule.type, role, span)
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[_Hit]] = {}
    for i, h in enumerate(hits):
        groups.setdefault(find(i), []).append(h)
    return sorted(groups.values(), key=lambda g: min(h.trigger[0] for h in g))


def _clause(cfg: LangConfig, flat: Flat, i0: int, i1: int) -> tuple[int, int]:
    """The items [c0, c1) of the clause around items [i0, i1): up to the boundary words (';', 'but', 'while')."""
    c0 = i0
    while c0 > 0 and flat.items[c0 - 1].text not in cfg.boundaries:
        c0 -= 1
    c1 = max(i1, i0)
    while c1 < len(flat.items) and flat.items[c1].text not in cfg.boundaries:
        c1 += 1
    return c0, c1


def _status(cr: _Rules, etype: str, before: str, after: str) -> str:
    """The status by the clause up to the trigger, unless the words after it deny or hedge it."""
    for rx in cr.ignore:
        before = rx.sub(" ", before)
    status = status_cue("en", before)
    tail = next((st for rx, st in cr.report_cues if rx.search(after)), None)
    if tail == "denied" or (tail == "rumoured" and status in (None, "announced", "completed")):
        return tail
    if status is not None:
        return status
    rules = event_rules("en")
    return rules.get("default_status", {}).get(etype) or rules.get("fallback_status", "announced")


def _amount(analysis: Analysis, cr: _Rules, values: list[Value], start: int, end: int, lo: int, hi: int,
            taken: set[tuple[int, int]]) -> Value | None:
    """The money nearest after the trigger in the clause, not a valuation or revenue ('valued at $2 billion')."""
    pool = [v for v in values if v.kind == "money" and not (
        cr.not_amount is not None and cr.not_amount.search(analysis.text[max(0, v.start - 40):v.start]))]
    return nearest_value(pool, "money", start, end, lo, hi, taken, after_first=True)


def _date(analysis: Analysis, cr: _Rules, values: list[Value], start: int, end: int, lo: int, hi: int) -> Value | None:
    """The date nearest the trigger in the clause, not one that dates something else ('founded in 2015')."""
    pool = [v for v in values if v.kind == "date" and not (
        cr.not_date is not None and cr.not_date.search(analysis.text[max(0, v.start - 30):v.start]))]
    return nearest_value(pool, "date", start, end, lo, hi)


def _skip(cr: _Rules, flat: Flat) -> bool:
    """Questions and conditionals state no event."""
    text = flat.sentence.text.rstrip().rstrip("\"'”’)")
    if text.endswith("?"):
        return True
    return cr.skip is not None and cr.skip.search(flat.raw(0, len(flat.items))) is not None


def _event(analysis: Analysis, cfg: LangConfig, cr: _Rules, flat: Flat, group: list[_Hit], values: list[Value],
           taken: set[tuple[int, int]]) -> EventCandidate | None:
    etype = group[0].rule.type
    sent = flat.sentence
    main = min(group, key=lambda h: (h.rule.fallback, h.trigger[0]))
    roles: list[tuple[str, Mention]] = []
    for h in sorted(group, key=lambda h: h.span[0]):
        roles += [r for r in h.roles if r not in roles]
    leads = {m.span for r, m in roles if r == "leadInvestor"}
    roles = [(r, m) for r, m in roles if not (r == "investor" and m.span in leads)]  # a lead is an investor already

    s0 = min(h.span[0] for h in group)
    i0, _ = flat.item_range(s0, s0 + 1)
    _, t1 = flat.item_range(*main.trigger)
    c0, c1 = _clause(cfg, flat, i0, t1)
    status = _status(cr, etype, flat.raw(c0, t1), flat.raw(t1, c1))
    lo = flat.items[c0].start if c0 < len(flat.items) else sent.start
    hi = flat.items[c1 - 1].end if 0 < c1 <= len(flat.items) else sent.end
    ts, te = flat.doc_span(*main.trigger)
    # an aside ('X, which raised $50 million last year, plans to list'): its values date or price something
    # else, unless the trigger is in it, whose values are then its own
    c_end = flat.ends[c1 - 1] if 0 < c1 <= len(flat.ends) else len(flat.s)
    asides = [flat.doc_span(*x.span()) for rx in cr.ignore
              for x in rx.finditer(flat.s, flat.starts[c0] if c0 < len(flat.starts) else 0, c_end)]
    inside = next(((a, b) for a, b in asides if a <= ts and te <= b), None)
    if inside is not None:
        lo, hi = max(lo, inside[0]), min(hi, inside[1])
    else:
        values = [v for v in values if not any(a <= v.start and v.end <= b for a, b in asides)]

    amount = next((h.amount for h in group if h.amount is not None), None)
    if amount is None and etype in cr.money_types:
        amount = _amount(analysis, cr, values, ts, te, lo, hi, taken)
    attributes: list[tuple[str, str]] = []
    if amount is not None:
        taken.add(amount.span)
        if is_cap(analysis, amount):
            attributes.append(("amountScope", "cap"))
    date = _date(analysis, cr, values, ts, te, lo, hi)
    clause = flat.raw(c0, c1)
    period = period_of("en", clause)
    if period:
        attributes.append(("period", period))
    purpose = next((h.purpose for h in group if h.purpose), None)
    if purpose and etype in ("Investment", "SupportMeasure") and not any(r == "investee" for r, _ in roles):
        attributes.append(("purpose", purpose))
    share = share_limit("en", clause) if etype == "SupportMeasure" else None
    if share:
        attributes.append(("shareLimit", share))

    relations: list[tuple[Mention, str, Mention]] = []
    if etype == "Appointment":
        h = next((h for h in group if h.title is not None), None)
        if h is None:
            return None
        preds = title_predicates(cfg, h.title[1])
        change = h.rule.change or "start"
        attributes += [("role", h.title[0]), ("roleChange", change)]
        # a role left is a fact of the past: the event stage gives its relation the modality "past"
        people = [m for r, m in roles if r == "person"]
        orgs = [m for r, m in roles if r == "organization"]
        relations = [(p, pred, o) for p in people for o in orgs for pred in preds]

    a, b = flat.doc_span(s0, max(h.span[1] for h in group))
    if amount is not None:
        a, b = min(a, amount.start), max(b, amount.end)
    conf = max(h.rule.confidence for h in group)
    return EventCandidate(etype, tuple(roles), status, conf, "en.events", sent.index,
                          (max(sent.start, a), min(sent.end, b)), amount, date, tuple(attributes), tuple(relations))


@event_extractor("en.events", languages=("en",))
def english_events(analysis: Analysis) -> Iterator[EventCandidate]:
    cfg = config("en")
    cr = _compiled()
    for flat in flats(analysis):
        if not flat.items or _skip(cr, flat):
            continue
        values = list(iter_sentence_values(analysis, flat.sentence))
        by_type: dict[str, list[_Hit]] = {}
        for rule in cr.rules:
            for m in _matches(rule.rx, flat):
                by_type.setdefault(rule.type, []).extend(_hits(analysis, cfg, flat, rule, m, values))
        groups = [g for hits in by_type.values() for g in _merge(hits)]
        groups.sort(key=lambda g: min(h.trigger[0] for h in g))
        taken: set[tuple[int, int]] = set()
        events = [e for e in (_event(analysis, cfg, cr, flat, g, values, taken) for g in groups) if e is not None]
        yield from events
