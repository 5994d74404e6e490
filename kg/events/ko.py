"""Korean events, read from the Korean parse (:mod:`kg.syntax.ko`).

Two constructions state an event:

* an event verb with its arguments marked by particles: ``포스 패러다임도 ... 1억8,000만달러를
  조달했다`` (a funding round; the subject is the investee), ``알리바바는 ... 3,800억 위안을 투자할
  계획이라고 밝혔다`` (an investment, planned: the verb modifies a plan);
* an event noun as the object of a status verb: ``블랙세서미와 UB테크, 엑스탈파이는 ... 주식 매각
  계획을 발표했는데`` (three share sales, announced), ``비렌의 경우, ... 홍콩에서의 기업공개(IPO)를
  검토하고 있다`` (a listing in Hong Kong, considered).

Which verb or noun means which event, which particle fills which role, and which
verb gives which status are data (``ko`` in ``kg/data/rules/events.json``).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Analysis
from ..model import EventCandidate, Mention
from ..ontology import classes_under
from ..relations._ko import clause_group, entity_mentions, group_heads, lexicons, modality_of
from ..syntax import ko as syn
from . import event_extractor, event_rules, is_cap, iter_sentence_values, nearest_value, period_of, share_limit

PLACE_TYPES = classes_under("Place")
ORG_TYPES = classes_under("Organization")


def _marked(items, pi: int, markers) -> syn.Group | None:
    """The nearest group before predicate ``pi``, within its clause, whose particle is one of ``markers``."""
    for it in reversed(items[:pi]):
        if isinstance(it, syn.Predicate):
            if it.adjectival and it.ending == "ETM":
                continue
            return None
        if isinstance(it, syn.Group) and it.marker in markers:
            return it
    return None


def _group_text(analysis: Analysis, g: syn.Group) -> str:
    """The words of a group without its final particle."""
    last = g.phrases[-1]
    return analysis.text[g.start:last.end].strip()


def _purpose_text(analysis: Analysis, g: syn.Group) -> str:
    """What money goes to, from a group: the words after its last genitive ('1,000만 위안 한도의 대형 AI
    모델 훈련 바우처' -> '대형 AI 모델 훈련 바우처'), without a period before them ('3년간')."""
    k = max((i + 1 for i, link in enumerate(g.links) if link == "gen"), default=0)
    text = _group_text(analysis, syn.Group(g.phrases[k:], g.links[k:], g.quote_depth))
    for p in event_rules("ko").get("period", ()):
        text = re.sub(rf"^\s*{p}\s*", "", text)
    return text.strip()


def _tokens(g: syn.Group) -> list[str]:
    return [t.text for p in g.phrases for t in p.toks]


def _noun_trigger(g: syn.Group, triggers: dict) -> tuple[str, dict] | None:
    """The longest event noun ('주식 매각', '기업공개') in the group's words, if any."""
    words = _tokens(g)
    joined = " ".join(words)
    squashed = "".join(words)
    for key in sorted(triggers, key=len, reverse=True):
        if key.startswith("_"):
            continue
        if key in joined or key.replace(" ", "") in squashed:
            return key, triggers[key]
    return None


def _past(pred: syn.Predicate) -> bool:
    return any("EP" in t.tags for t in pred.toks)


def _next_group(items, pi: int) -> syn.Group | None:
    nxt = items[pi + 1] if pi + 1 < len(items) else None
    return nxt if isinstance(nxt, syn.Group) else None


def _verb_status(rules: dict, items, pi: int, pred: syn.Predicate, event_type: str, after: str) -> str:
    """Where an event stated by verb ``pred`` stands; ``after`` is the text that follows the verb in
    its sentence ('... 인수할 것으로 알려졌다': rumoured)."""
    own = modality_of(pred)
    if own == "denied":
        return "denied"
    head = _next_group(items, pi)
    if pred.ending == "ETM" and head is not None:
        first = head.phrases[0].toks[0].text
        if first in rules["modal_nouns"]:
            return rules["modal_nouns"][first]  # '투자할 계획': planned
    if own == "planned":
        return "considered" if any(w in pred.after for w in rules["considered_words"]) else "planned"
    if own == "hedged" or any(w in after[:24] for w in rules.get("rumour_words", ())):
        return "rumoured"
    if _past(pred):
        return "completed"
    if event_type in rules.get("status_of_following", ()):
        for it in items[pi + 1:]:
            if isinstance(it, syn.Predicate) and it.stem in rules["status_verbs"]:
                return _status_verb(rules, it)
    return rules["default_status"].get(event_type, "completed")


def _status_verb(rules: dict, pred: syn.Predicate) -> str:
    """The status a status verb gives, unless its own modality overrides it ('발표할 예정')."""
    status = rules["status_verbs"][pred.stem]
    own = modality_of(pred)
    if own == "denied":
        return "denied"
    if own == "planned" and status in ("announced", "completed"):
        return "planned"
    return status


def _title_in(analysis: Analysis, g: syn.Group | None) -> tuple[str, list[str], list[Mention]] | None:
    """(title as written, the predicates it implies, organisations named in the group) of a role group."""
    if g is None:
        return None
    titles = lexicons()["titles"]
    words = _tokens(g)
    for a, b, preds in titles.find_all(words):
        toks = [t for p in g.phrases for t in p.toks][a:b + 1]
        text = analysis.text[toks[0].start:toks[-1].end]
        orgs = [m for m in entity_mentions(analysis, g.start, g.end) if m.type in ORG_TYPES]
        return text, list(preds), orgs
    return None


@event_extractor("ko.events", languages=("ko",))
def korean_events(analysis: Analysis) -> Iterator[EventCandidate]:
    rules = event_rules("ko")
    verbs, nouns = rules["verb_triggers"], rules["noun_triggers"]
    previous_topic: list[Mention] = []
    previous_end = None
    for sent, ks in syn.parse(analysis):
        if previous_end is not None and "\n" in analysis.text[previous_end:sent.start]:
            previous_topic = []  # a new paragraph forgets the topic
        previous_end = sent.end
        if sent.text.rstrip().endswith("?"):
            continue
        items = ks.items
        topic_heads = group_heads(analysis, ks.topic) if ks.topic is not None else []
        values = list(iter_sentence_values(analysis, sent))
        taken: set[tuple[int, int]] = set()
        for pi, pred in enumerate(items):
            if not isinstance(pred, syn.Predicate):
                continue
            obj = clause_group(items, pi, "O")
            if pred.stem in rules["status_verbs"] and obj is not None and _noun_trigger(obj, nouns):
                key, entry = _noun_trigger(obj, nouns)
                status = _status_verb(rules, pred)
                trigger_group = obj
            elif pred.stem in verbs:
                entry = verbs[pred.stem]
                words = entry.get("object_words")
                if words:
                    has_money = obj is not None and entry.get("object_money") and any(
                        obj.start <= v.start and v.end <= obj.end for v in values if v.kind == "money")
                    if obj is None or not (has_money or any(w in _group_text(analysis, obj) for w in words)):
                        continue  # '주식을 매각': a share sale; '지분을 매각': not a raise
                status = _verb_status(rules, items, pi, pred, entry["type"], analysis.text[pred.end:sent.end])
                trigger_group = None
            else:
                continue
            agents, inherited = _agents(analysis, ks, items, pi, pred, topic_heads, previous_topic)
            roles: list[tuple[str, Mention]] = [(entry["agent"], m) for m in agents]
            attributes: list[tuple[str, str]] = []
            parts = [pred.start, pred.end] + [m.start for m in agents if m.sentence == sent.index]
            if trigger_group is not None:
                inner = [m for m in entity_mentions(analysis, trigger_group.start, trigger_group.end)]
                for m in inner:
                    if m.type in PLACE_TYPES and entry.get("place"):
                        roles.append((entry["place"], m))
                    elif entry.get("inner") and m.type not in PLACE_TYPES:
                        roles.append((entry["inner"], m))
                parts.append(trigger_group.start)
            # the groups around the verb, by their particles (the object only when it is no trigger)
            for slot, group in (("object", obj if trigger_group is None else None),
                                ("comitative", clause_group(items, pi, "C")),
                                ("dative", _marked(items, pi, lexicons()["markers"]["B"])),
                                ("source", _marked(items, pi, rules["source_markers"])),
                                ("complement", _marked(items, pi, lexicons()["markers"]["Complement"]))):
                role = entry.get(slot)
                if role is None or group is None:
                    continue
                parts.append(group.start)
                if role == "role":
                    continue  # an appointment's title: read below
                allowed = entry.get("slot_types", {}).get(slot)
                for m in group_heads(analysis, group):
                    if allowed is None or any(m.type in classes_under(c) for c in allowed):
                        roles.append((role, m))
                if slot == "dative" and entry.get("place"):
                    roles += [(entry["place"], m) for m in entity_mentions(analysis, group.start, group.end)
                              if m.type in PLACE_TYPES and (entry["place"], m) not in roles]
            if entry.get("purpose") == "object" and obj is not None and trigger_group is None:
                attributes.append(("purpose", _purpose_text(analysis, obj)))
            relations = []
            if entry["type"] == "Appointment":
                found = next((t for t in (_title_in(analysis, g) for g in (
                    _marked(items, pi, lexicons()["markers"]["Complement"]),
                    _marked(items, pi, lexicons()["markers"]["B"]),
                    _marked(items, pi, rules["source_markers"]), obj)) if t), None)
                if found is None:
                    continue
                title, preds, orgs = found
                attributes += [("role", title), ("roleChange", entry["change"])]
                roles += [("organization", m) for m in orgs if ("organization", m) not in roles]
                people = [m for r, m in roles if r == "person"]
                for p in people:
                    for r, o in roles:
                        if r == "organization":
                            relations += [(p, pr, o) for pr in preds]
            if entry["type"] == "Investment" and entry.get("dative"):
                # '인프라 구축에 투자': what the money goes to, when no organisation receives it
                dative = _marked(items, pi, lexicons()["markers"]["B"])
                if dative is not None and not any(r == "investee" for r, _ in roles):
                    attributes.append(("purpose", _purpose_text(analysis, dative)))
            lo = min(parts)
            amount = nearest_value(values, "money", lo, pred.end, sent.start, sent.end, taken)
            if amount is not None:
                taken.add(amount.span)
                parts.append(amount.end)
                if is_cap(analysis, amount):  # '1,000만 위안(약 20억원) 한도의'
                    attributes.append(("amountScope", "cap"))
            date = nearest_value(values, "date", lo, pred.end, sent.start, sent.end)
            clause = analysis.text[sent.start:pred.end]
            period = period_of("ko", clause)
            if period:
                attributes.append(("period", period))
            share = share_limit("ko", clause) if entry["type"] == "SupportMeasure" else None
            if share:
                attributes.append(("shareLimit", share))
            conf = 0.65 if inherited else 0.8
            yield EventCandidate(entry["type"], tuple(roles), status, conf, "ko.events", sent.index,
                                 (max(sent.start, min(parts)), min(sent.end, max(parts))), amount, date,
                                 tuple(attributes), tuple(relations))
        if ks.topic is not None and topic_heads:
            previous_topic = topic_heads


def _agents(analysis: Analysis, ks: syn.Sentence, items, pi: int, pred: syn.Predicate,
            topic_heads: list[Mention], previous_topic: list[Mention]) -> tuple[list[Mention], bool]:
    """Who does the event: the verb's subject; for a verb that modifies a plan, the topic; else the
    sentence's topic, an 'X의 경우' group, or the paragraph's topic (Korean drops known subjects)."""
    if pred.subject is not None:
        heads = group_heads(analysis, pred.subject)
        if heads:
            return heads, False
    head = _next_group(items, pi)
    if pred.ending == "ETM" and head is not None and head.phrases[0].toks[0].text not in event_rules("ko")["modal_nouns"]:
        heads = group_heads(analysis, head)
        if heads:
            return heads[-1:], False  # '... 인수한 X': the noun after the clause
        if head.phrases[0].toks[0].text not in syn.CLAUSE_NOUNS:
            return [], False  # 'A가 B를 인수한 회사를 ...': the gapped subject is the noun after, unnamed
    if topic_heads:
        return topic_heads, False
    transparent = lexicons()["transparent"]
    for it in items[:pi]:
        if isinstance(it, syn.Group):
            for k, p in enumerate(it.phrases[1:], 1):
                if all(transparent.get(t.text) for t in p.toks) and it.links[k - 1] == "gen":
                    heads = group_heads(analysis, syn.Group(it.phrases[:k + 1], it.links[:k], it.quote_depth))
                    if heads:
                        return heads, False  # '비렌의 경우, ...'
    return list(previous_topic), bool(previous_topic)
