"""Korean headquarters: ``X는 PLACE에 본사를 두고``, ``PLACE에 본사를 둔 X``.

The noun (본사, 본부) and the verb (두다) are data (``headquarters`` in
``kg/data/rules/ko.json``); the place is the group marked with 에.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..context import Analysis
from ..model import Candidate
from ..syntax import ko as syn
from . import extractor
from ..ontology import classes_under
from ._ko import candidate, ends_with_generic_org, entity_mentions, group_heads, has_marker, lexicons, modality_of, phrase_head

ORG_TYPES = classes_under("Organization")
PLACE_TYPES = classes_under("Place")



@extractor("ko.headquarters", languages=("ko",))
def headquarters_relations(analysis: Analysis) -> Iterator[Candidate]:
    hq = lexicons()["hq"]
    for sent, ks in syn.parse(analysis):
        items = ks.items
        for pi, pred in enumerate(items):
            if not isinstance(pred, syn.Predicate) or pred.stem not in hq["verbs"]:
                continue
            # '본사를' right before the verb, the place before it
            if pi < 2 or not isinstance(items[pi - 1], syn.Group):
                continue
            noun = items[pi - 1]
            if noun.marker not in ("을", "를") or " ".join(t.text for p in noun.phrases for t in p.toks) not in hq["nouns"]:
                continue
            place_group = items[pi - 2] if isinstance(items[pi - 2], syn.Group) else None
            if place_group is None or not has_marker(place_group, "Place"):
                continue
            places = group_heads(analysis, place_group)
            if pred.ending == "ETM":  # 'PLACE에 본사를 둔 X'
                nxt = items[pi + 1] if pi + 1 < len(items) and isinstance(items[pi + 1], syn.Group) else None
                orgs = group_heads(analysis, nxt) if nxt is not None else []
                if nxt is not None and not orgs and ks.topic is not None and ks.topic is not pred.subject:
                    orgs = group_heads(analysis, ks.topic)  # 'X는 PLACE에 본사를 둔 스타트업이다'
            else:
                orgs = group_heads(analysis, pred.subject) if pred.subject is not None else []
            modality = modality_of(pred)
            if modality == "denied":
                continue
            for org in orgs:
                for place in places:
                    yield candidate(org, "headquarteredIn", place, 0.85, "ko.headquarters", sent.index,
                                    [org, place, pred], modality)


def _orgs_of_clause(analysis, ks, pi, pred):
    """The organisation a locating predicate is about: the head noun of its relative clause, or its subject."""
    items = ks.items
    if pred.ending == "ETM":
        nxt = items[pi + 1] if pi + 1 < len(items) and isinstance(items[pi + 1], syn.Group) else None
        if nxt is None:
            return []
        orgs = group_heads(analysis, nxt)
        if not orgs and ends_with_generic_org(nxt) and ks.topic is not None and ks.topic is not pred.subject:
            orgs = group_heads(analysis, ks.topic)  # 'X는 PLACE에 위치한 회사이다'
        return orgs
    return group_heads(analysis, pred.subject) if pred.subject is not None else []


@extractor("ko.location", languages=("ko",))
def location_relations(analysis: Analysis) -> Iterator[Candidate]:
    """'PLACE에 위치한 X', 'X는 PLACE에 위치해 있다', 'PLACE를 연고지로 하는 X'."""
    hq = lexicons()["hq"]
    verbs = set(hq.get("location_verbs", ())) | set(hq.get("existence_verbs", ()))
    homes = set(hq.get("home_nouns", ()))
    for sent, ks in syn.parse(analysis):
        if sent.text.rstrip().endswith("?"):
            continue
        items = ks.items
        for pi, pred in enumerate(items):
            if not isinstance(pred, syn.Predicate) or pi < 1:
                continue
            place_group = None
            if pred.stem in verbs and isinstance(items[pi - 1], syn.Group) and has_marker(items[pi - 1], "Place") \
                    and items[pi - 1].marker == "에":
                place_group = items[pi - 1]
            elif pi >= 2 and isinstance(items[pi - 1], syn.Group) and isinstance(items[pi - 2], syn.Group) \
                    and items[pi - 2].marker in ("을", "를") and has_marker(items[pi - 1], "Complement") \
                    and "".join(t.text for p in items[pi - 1].phrases for t in p.toks) in homes:
                place_group = items[pi - 2]
            if place_group is None:
                continue
            modality = modality_of(pred)
            if modality == "denied":
                continue
            places = [m for m in group_heads(analysis, place_group) if m.type in PLACE_TYPES]
            if not places:
                continue
            for org in _orgs_of_clause(analysis, ks, pi, pred):
                if org.type not in ORG_TYPES:
                    continue
                for place in places[-1:]:
                    yield candidate(org, "headquarteredIn", place, 0.75, "ko.location", sent.index,
                                    [org, place, pred], modality)


def _institution(m) -> bool:
    """An organisation named by an institution suffix ('OO재단', 'OO도서관'; data: ``institution_suffixes``)."""
    sufs = lexicons()["rules"].get("institution_suffixes", {})
    return m.type == "Organization" and any(m.text.endswith(x) and len(m.text) >= len(x) + 2
                                            for k, xs in sufs.items() if not k.startswith("_") for x in xs)


@extractor("ko.country_modifier", languages=("ko",))
def country_modifier_relations(analysis: Analysis) -> Iterator[Candidate]:
    """'스웨덴 OO대학교': a country written right before an organisation's name locates it.

    A city locates only the kinds of ``headquarters.city_prefix_types`` ('프라하 OO 대학교'), and
    inside a name only those of ``city_in_name_types`` ('아무개시 OO대학'); a city before a company's
    name is part of the name.
    """
    hq = lexicons()["hq"]
    city_kinds = set(hq.get("city_prefix_types", ()))
    all_ms = list(analysis.mentions)
    ms = [m for m in all_ms if not m.source.endswith(".nested")]
    text = analysis.text
    for a, b in zip(ms, ms[1:]):
        if a.sentence != b.sentence or b.type not in ORG_TYPES or text[a.end:b.start] != " ":
            continue
        if a.type != "Country" and not (a.type in PLACE_TYPES and (b.type in city_kinds or _institution(b))):
            continue
        endings = tuple(hq.get("city_prefix_name_endings", {}).get(b.type, ()))
        if a.type != "Country" and endings and not b.text.endswith(endings):
            continue  # 'OO대' may be a place ('해운대'): only a full university name is located by a city
        if b.start > 0 and any(m.end == a.start and m.type in ORG_TYPES for m in ms):
            continue
        yield Candidate(b, "headquarteredIn", a, 0.7, "ko.country_modifier", a.sentence, (a.start, b.end), "asserted")
    # 'PLACE 최대 은행인 X', 'PLACE 1위 통신사인 X': a place, a kind noun with the copula, the organisation
    rx = _place_apposition()
    if rx is not None:
        for a, b in zip(ms, ms[1:]):
            if a.sentence == b.sentence and a.type in PLACE_TYPES and b.type in ORG_TYPES and rx.match(text[a.end:b.start]):
                yield Candidate(b, "headquarteredIn", a, 0.7, "ko.country_modifier", a.sentence, (a.start, b.end),
                                "asserted")
    in_name = set(hq.get("city_in_name_types", ()))
    for b in ms:
        if b.type not in in_name:
            continue
        for a in all_ms:
            if a.source.endswith(".nested") and a.start == b.start and a.end < b.end and a.type in PLACE_TYPES \
                    and text[a.end:a.end + 1] == " ":
                yield Candidate(b, "headquarteredIn", a, 0.7, "ko.country_modifier", b.sentence, (b.start, b.end),
                                "asserted")
                break


@extractor("ko.headquarters_noun", languages=("ko",))
def headquarters_noun_relations(analysis: Analysis) -> Iterator[Candidate]:
    """'X의 본사는 PLACE에 있다/위치한다': the headquarters noun as the subject of a locating verb."""
    hq = lexicons()["hq"]
    verbs = set(hq.get("location_verbs", ())) | set(hq.get("existence_verbs", ()))
    nouns = set(hq["nouns"])
    for sent, ks in syn.parse(analysis):
        if sent.text.rstrip().endswith("?"):
            continue
        items = ks.items
        for pi, pred in enumerate(items):
            if not isinstance(pred, syn.Predicate) or pred.stem not in verbs or pi < 2:
                continue
            place_group = items[pi - 1]
            if not isinstance(place_group, syn.Group) or place_group.marker != "에":
                continue
            subj = pred.subject
            if subj is None or len(subj.phrases) < 2 or "".join(t.text for t in subj.phrases[-1].toks) not in nouns \
                    or not subj.phrases[-2].is_genitive:
                continue
            modality = modality_of(pred)
            if modality == "denied":
                continue
            org = phrase_head(analysis, subj.phrases[-2])
            places = [m for m in group_heads(analysis, place_group) if m.type in PLACE_TYPES]
            if org is None or org.type not in ORG_TYPES or not places:
                continue
            yield candidate(org, "headquarteredIn", places[-1], 0.8, "ko.headquarters_noun", sent.index,
                            [org, places[-1], pred], modality)


@extractor("ko.nationality", languages=("ko",))
def nationality_relations(analysis: Analysis) -> Iterator[Candidate]:
    """'X는 미국의 소프트웨어 기업이다': a country's genitive before a kind of organisation, said of the topic."""
    conf = lexicons()["hq"].get("nationality_confidence")
    if not conf:
        return
    for sent, ks in syn.parse(analysis):
        if sent.text.rstrip().endswith("?") or ks.topic is None:
            continue
        items = ks.items
        for gi, group in enumerate(items):
            if not isinstance(group, syn.Group) or group is ks.topic or len(group.phrases) < 2:
                continue
            pred = items[gi + 1] if gi + 1 < len(items) and isinstance(items[gi + 1], syn.Predicate) else None
            if pred is None or not pred.copula or group.marker not in ("", "이", "으로", "로"):
                continue
            first = group.phrases[0]
            if not first.is_genitive or group.links[0] != "gen" or not ends_with_generic_org(group):
                continue
            countries = [m for m in entity_mentions(analysis, first.start, first.end) if m.type == "Country"]
            if len(countries) != 1 or countries[0].start != first.start:
                continue
            if modality_of(pred) == "denied":
                continue
            for org in group_heads(analysis, ks.topic):
                if org.type in ORG_TYPES:
                    yield candidate(org, "headquarteredIn", countries[0], conf, "ko.nationality", sent.index,
                                    [org, countries[0], pred])


@cache
def _place_apposition() -> re.Pattern | None:
    """' 최대 은행인 ' between a place and an organisation (``place_apposition_*`` in ko.json)."""
    hq = lexicons()["hq"]
    kinds = hq.get("place_apposition_nouns", ())
    if not kinds:
        return None
    mods = hq.get("place_apposition_modifiers", ())
    return re.compile(r"^ (?:(?:" + "|".join(map(re.escape, mods)) + r") ){0,2}(?:" + "|".join(map(re.escape, kinds))
                      + r")인 $")
