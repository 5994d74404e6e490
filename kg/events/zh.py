"""Chinese events, read by rules over the flattened sentence (:mod:`kg.relations._patterns`).

A Chinese sentence is matched character by character, every mention one item
(``⟨0:Company⟩宣布完成1.8亿美元b轮融资，由⟨1:Investor⟩领投``). Each event class has
rules in ``kg/data/rules/events_zh.json``: regular expressions with the macros of
the Chinese relation rules (``{ORG}``, ``{AGENTS}``, ``{TITLES}``...) whose named
groups are the event's roles (``investee``, ``leadInvestor``, ``acquirer``...; a
trailing digit is dropped, so ``partner`` and ``partner2`` both fill ``partner``),
``t`` (an appointment's title) and ``purpose`` or ``purpose2`` (what the money goes to).

What the rules do not say is read around the match, from the same data:

* the status, from cue words in the clause of the match (``status_cues``, in
  priority order: ``否认`` denied, ``据悉`` rumoured, ``考虑`` considered, ``计划``
  planned, ``完成`` completed, ``宣布`` announced), a rumour cue also from the
  clauses before it (``据悉，X已完成…``), else the class's default status;
* the amount: the money value (:mod:`kg.values`) inside the match, else the first
  one after it in its clause (a support measure's cap may come later in the
  sentence); not a valuation (``amount_not_after``); a cap word before it
  (``上限``, ``最高``) makes it a cap;
* the date: the date value nearest the match in the sentence;
* the period (``未来三年``: P3Y), a support measure's share of costs (``最高补贴60%``: 0.6).

Matches of one class that overlap and whose anchor roles (the roles the class
requires) are the same or one holds the other are one event. Questions and
conditionals state no event. An appointment states its title's predicates
(``首席执行官``: ceoOf) only when the role is taken; where the construction names a
person no finder saw (``任命张志强为首席执行官``), the name is read from the rule.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..context import Analysis
from ..model import EventCandidate, Mention, Value
from ..ontology import classes_under
from ..rules import load_rules
from ..relations._patterns import Flat, _expand, _macros, _matches, _skip_sentence, config, flats, title_predicates
from . import event_extractor, event_rules, is_cap, iter_sentence_values, nearest_value, period_of, share_limit, status_cue

_BOUNDS = "，,；;。！？!?"
_ROLE_SUFFIX = re.compile(r"\d+$")
_SPECIAL_GROUPS = frozenset({"t", "purpose", "purpose2"})


@dataclass(frozen=True, slots=True)
class _Rule:
    type: str  # the event class
    rx: re.Pattern
    confidence: float
    unless: tuple[str, ...]  # words the match must not hold
    unless_after: tuple[str, ...]  # words that must not follow it in its clause
    change: str | None  # an appointment's roleChange
    source: str  # "Acquisition[0]"


def _own_macros(zh: dict, base: dict[str, str]) -> dict[str, str]:
    """{NAME} (a surname of the Chinese rules and one or two characters that are no ``name_stop_chars``),
    {H} (a {W} but no digit), {GOV} (a government body or a place)."""
    stops = re.escape("".join(sorted(set(event_rules("zh").get("name_stop_chars", "")))))
    surnames = "[" + re.escape(zh["surnames"]) + "]"
    compound = "|".join(re.escape(c) for c in sorted(zh.get("compound_surnames", []), key=len, reverse=True))
    first = f"(?:{compound}|{surnames})" if compound else surnames
    name_char = f"(?:(?![{stops}])[\\u4e00-\\u9fff])" if stops else "[\\u4e00-\\u9fff]"
    gov = sorted(classes_under("GovernmentBody") | classes_under("Place"))
    w = base["W"]
    return {
        "NAME": f"(?:{first}{name_char}{{1,2}})",
        "H": w[:-1] + "0-9０-９]" if w.endswith("]") else w,
        "GOV": "⟨\\d+:(?:" + "|".join(gov) + ")⟩",
    }


@cache
def _compiled() -> tuple[tuple[_Rule, ...], re.Pattern]:
    rules = event_rules("zh")
    zh = load_rules("zh")
    macros = _macros(zh, True)
    macros.update(_own_macros(zh, macros))
    own = {k: v for k, v in rules.get("macros", {}).items() if not k.startswith("_")}
    for _ in range(4):  # the data's macros may use each other and the standard ones
        own = {k: _expand_known(v, {**macros, **own}) for k, v in own.items()}
    macros.update(own)
    out: list[_Rule] = []
    for type_, entries in rules["patterns"].items():
        if type_.startswith("_"):
            continue
        for k, entry in enumerate(entries):
            rx = re.compile(_expand(entry["pattern"], macros), re.IGNORECASE)
            out.append(_Rule(type_, rx, float(entry.get("confidence", 0.8)),
                             tuple(u.lower() for u in entry.get("unless", ())),
                             tuple(u.lower() for u in entry.get("unless_after", ())),
                             entry.get("change"), f"{type_}[{k}]"))
    name_rx = re.compile(macros["NAME"])
    return tuple(out), name_rx


def _expand_known(pattern: str, macros: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z_]+)\}", lambda m: macros.get(m.group(1), m.group(0)), pattern)


@cache
def _cue_words(key: str) -> tuple[str, ...]:
    return tuple(sorted(event_rules("zh").get(key, ()), key=len, reverse=True))


@cache
def _frame_cues() -> tuple[tuple[re.Pattern, str], ...]:
    frame = set(event_rules("zh").get("frame_statuses", ()))
    return tuple((re.compile(rx, re.IGNORECASE), st) for rx, st in event_rules("zh").get("status_cues", ())
                 if st in frame)


def _blank(text: str) -> str:
    for w in _cue_words("status_exclude"):
        text = text.replace(w, "□" * len(w))
    return text


def _clause_bounds(s: str, a: int, b: int) -> tuple[int, int]:
    """The start of the clause where [a, b) starts and the end of the clause where it ends."""
    start = max(s.rfind(c, 0, a) for c in _BOUNDS) + 1
    ends = [i for i in (s.find(c, b) for c in _BOUNDS) if i != -1]
    return start, min(ends, default=len(s))


def _status(flat: Flat, a: int, b: int, type_: str, blanks: list[tuple[int, int]]) -> str:
    """Where the event of the match [a, b) of ``flat.s`` stands (see the module's docstring)."""
    rules = event_rules("zh")
    s = flat.s
    cs, ce = _clause_bounds(s, a, b)
    body = list(s[a:b])
    for x, y in blanks:  # the purpose says what the money is for, not where the deal stands
        for i in range(max(x, a), min(y, b)):
            body[i - a] = "□"
    tail = s[b:min(ce, b + int(rules.get("status_tail", 8)))]
    own = status_cue("zh", _blank(s[cs:a] + "".join(body) + tail))
    if own == "denied":
        return own
    prefix = _blank(s[:cs])
    for rx, st in _frame_cues():
        if rx.search(prefix):
            return st
    if own:
        return own
    return rules.get("default_status", {}).get(type_) or rules.get("fallback_status", "completed")


def _doc_text(flat: Flat, a: int, b: int) -> tuple[int, int, str]:
    s, e = flat.doc_span(a, b)
    return s, e, flat.analysis.text[s:e]


def _group_mentions(flat: Flat, m: re.Match, group: str, sent_index: int, name_rx: re.Pattern) -> list[Mention]:
    text = m.group(group)
    found = [x for x in flat.objects_in(text) if isinstance(x, Mention)]
    if found or group.rstrip("0123456789") != "person" or not name_rx.fullmatch(text):
        return found
    # a name no finder saw, where the construction names a person ('任命张志强为首席执行官')
    s, e, raw = _doc_text(flat, *m.span(group))
    return [Mention(s, e, raw, "Person", sent_index, "zh.events", 0.6)]


def _money_ok(analysis: Analysis, v: Value) -> bool:
    """Not a valuation or revenue ('估值10亿美元', '10亿美元估值')."""
    text = analysis.text
    before = text[max(0, v.start - 6):v.start]
    after = text[v.end:v.end + 4]
    return not (any(w in before for w in _cue_words("amount_not_after"))
                or any(after.startswith(w) for w in _cue_words("amount_not_before")))


def _amount(analysis: Analysis, values: list[Value], type_: str, doc_a: int, doc_b: int, clause_end: int,
            sent, taken: set) -> Value | None:
    """The money inside the match, else the first after it in its clause (in the sentence for a
    class of ``amount_in_sentence``)."""
    moneys = [v for v in values if v.kind == "money" and _money_ok(analysis, v)]
    hi = sent.end if type_ in event_rules("zh").get("amount_in_sentence", ()) else max(clause_end, doc_b)
    return nearest_value(moneys, "money", doc_a, doc_b, doc_a, hi, taken, after_first=True)


class _Match:
    """One rule's match: its roles, span (in ``flat.s``) and attributes."""

    __slots__ = ("rule", "a", "b", "roles", "attributes", "relations", "blanks")

    def __init__(self, rule: _Rule, a: int, b: int):
        self.rule = rule
        self.a, self.b = a, b
        self.roles: list[tuple[str, Mention]] = []
        self.attributes: dict[str, str] = {}
        self.relations: list[tuple[Mention, str, Mention]] = []
        self.blanks: list[tuple[int, int]] = []

    def anchor(self) -> frozenset:
        required = {r for r, _ in event_rules("*")["required"].get(self.rule.type, ())}
        return frozenset((r, m.span) for r, m in self.roles if r in required)

    def absorb(self, other: "_Match") -> None:
        self.a, self.b = min(self.a, other.a), max(self.b, other.b)
        for rm in other.roles:
            if rm not in self.roles:
                self.roles.append(rm)
        for k, v in other.attributes.items():
            self.attributes.setdefault(k, v)
        self.relations += [r for r in other.relations if r not in self.relations]
        self.blanks += other.blanks


def _read(flat: Flat, rule: _Rule, m: re.Match, name_rx: re.Pattern) -> _Match | None:
    s = flat.s
    if rule.unless and any(u in m.group(0) for u in rule.unless):
        return None
    if rule.unless_after:  # '收购Y 30%股权': a stake, not the company
        _, ce = _clause_bounds(s, m.start(), m.end())
        if any(u in s[m.end():min(ce, m.end() + 6)] for u in rule.unless_after):
            return None
    x = _Match(rule, *m.span())
    sent_index = flat.sentence.index
    for group, text in m.groupdict().items():
        if text is None or group in _SPECIAL_GROUPS:
            continue
        role = _ROLE_SUFFIX.sub("", group)
        for mention in _group_mentions(flat, m, group, sent_index, name_rx):
            if (role, mention) not in x.roles:
                x.roles.append((role, mention))
    # one mention, one role ('由Y领投' and 'Y等跟投' read twice: the first reading stays)
    seen: set[tuple[int, int]] = set()
    roles = []
    for role, mention in x.roles:
        if mention.span not in seen:
            seen.add(mention.span)
            roles.append((role, mention))
    x.roles = roles
    for group in ("purpose", "purpose2"):  # what the money goes to ('用于AI基础设施建设', '新建先进封装厂')
        if group in m.re.groupindex and m.group(group) and "purpose" not in x.attributes:
            ps, pe, _ = _doc_text(flat, *m.span(group))
            for v in flat.analysis.values:  # '发放不超过500万元的算力补贴': the amount is no part of it
                if v.start < pe and v.end > ps:
                    ps = max(ps, v.end)
            purpose = flat.analysis.text[ps:pe].strip().lstrip(event_rules("zh").get("purpose_strip", "")).strip()
            if purpose:
                x.attributes["purpose"] = purpose
                x.blanks.append(m.span(group))
    if rule.type == "Appointment":
        if "t" not in m.re.groupindex or not m.group("t"):
            return None
        _, _, title = _doc_text(flat, *m.span("t"))
        x.attributes["role"] = title
        x.attributes["roleChange"] = rule.change or "start"
        # a role left is a fact of the past: the event stage gives its relation the modality "past"
        preds = title_predicates(config("zh"), title)
        people = [mm for r, mm in x.roles if r == "person"]
        orgs = [mm for r, mm in x.roles if r == "organization"]
        x.relations = [(p, pr, o) for p in people for o in orgs for pr in preds]
    return x


def _merge(found: list[_Match]) -> list[_Match]:
    out: list[_Match] = []
    for x in sorted(found, key=lambda x: (x.a, -(x.b - x.a))):
        key = x.anchor()
        for y in out:
            other = y.anchor()
            if y.rule.type == x.rule.type and (key <= other or other <= key) and x.a < y.b and y.a < x.b:
                if x.rule.type == "Appointment" and y.attributes.get("roleChange") != x.attributes.get("roleChange"):
                    continue
                y.absorb(x)
                break
        else:
            out.append(x)
    for y in out:  # a lead investor read as an investor by another rule stays the lead
        lead = {mm.span for r, mm in y.roles if r == "leadInvestor"}
        y.roles = [(r, mm) for r, mm in y.roles if not (r == "investor" and mm.span in lead)]
    return out


@event_extractor("zh.events", languages=("zh",))
def chinese_events(analysis: Analysis) -> Iterator[EventCandidate]:
    rules, name_rx = _compiled()
    cfg = config("zh")
    for flat in flats(analysis):
        if not flat.items or _skip_sentence(cfg, flat):
            continue
        sent = flat.sentence
        found: list[_Match] = []
        for rule in rules:
            for m in _matches(rule.rx, flat):
                x = _read(flat, rule, m, name_rx)
                if x is not None and x.roles:
                    found.append(x)
        if not found:
            continue
        values = list(iter_sentence_values(analysis, sent))
        taken: set[tuple[int, int]] = set()
        for x in _merge(found):
            type_ = x.rule.type
            doc_a, doc_b = flat.doc_span(x.a, x.b)
            _, ce = _clause_bounds(flat.s, x.a, x.b)
            clause_end = flat.doc_span(ce - 1, ce)[1] if ce > x.b else doc_b
            status = _status(flat, x.a, x.b, type_, x.blanks)
            attributes = dict(x.attributes)
            amount = _amount(analysis, values, type_, doc_a, doc_b, clause_end, sent, taken)
            parts = [doc_a, doc_b]
            if amount is not None:
                taken.add(amount.span)
                parts += [amount.start, amount.end]
                if is_cap(analysis, amount):
                    attributes["amountScope"] = "cap"
            date = nearest_value(values, "date", doc_a, doc_b, sent.start, sent.end)
            period = period_of("zh", analysis.text[doc_a:max(clause_end, doc_b)])
            if period:
                attributes["period"] = period
            if type_ == "SupportMeasure":
                share = share_limit("zh", analysis.text[doc_a:sent.end])
                if share:
                    attributes["shareLimit"] = share
            span = (max(sent.start, min(parts)), min(sent.end, max(parts)))
            yield EventCandidate(type_, tuple(x.roles), status, x.rule.confidence, "zh.events", sent.index, span,
                                 amount, date, tuple(sorted(attributes.items())), tuple(x.relations))
