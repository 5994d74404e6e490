"""English names that carry their owner's name: 'Acme Maps', 'Toyota Camry', 'Acme Canada'.

A product or organisation whose name is another organisation's name plus more
words is that organisation's product or unit, when the organisation is also
named on its own in the document: 'Acme ... Acme Maps' -> Acme develops
Acme Maps; 'Acme ... Acme Canada' -> Acme Canada is a
subsidiary of Acme. Not when the added words only make a longer form of
the same name ('Acme Group', 'Acme Inc.': the corporate suffixes), and never
from a place or a person in a name. The words live in ``name_prefix`` of
``kg/data/rules/en.json``; the confidence stays below the trusted level (the
name, not a sentence, states the relation).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..context import Analysis
from ..model import Candidate, Mention
from ..ontology import classes_under
from ..rules import load_rules
from . import extractor

ORG_TYPES = classes_under("Organization")
PLACE_TYPES = classes_under("Place")
_NUMBER = re.compile(r"^\d+$")
PRODUCT_TYPES = classes_under("Product")


@cache
def _data():
    r = load_rules("en")
    d = r["name_prefix"]
    same = {k for k in r["org_suffixes"] if not k.startswith("_")} | set(d["same_entity_words"])
    return same, set(d["not_units"]) | set(load_rules("en")["place_name_words"]), float(d["confidence"])


@extractor("en.name_prefix", languages=("en",))
def name_prefix(analysis: Analysis) -> Iterator[Candidate]:
    same, not_units, conf = _data()
    ms = [m for m in analysis.mentions if not m.source.endswith(".nested")]
    # owners: organisations named on their own, typed by more than the statistical NER alone
    # (or named by it at least twice), and never a place anywhere in the document
    count: dict[str, int] = {}
    for m in ms:
        count[m.text] = count.get(m.text, 0) + 1
    places = {m.text for m in ms if m.type in PLACE_TYPES}
    places |= {e.text for e in getattr(analysis.doc, "ents", ()) if e.label_ in ("GPE", "LOC", "NORP", "PERSON")}
    owners: dict[str, Mention] = {}
    for m in ms:
        if m.type not in ORG_TYPES or m.text in places or m.text in same or m.source in ("propagated", "alias"):
            continue
        if m.source == "en.ner" and count[m.text] < 2:
            continue
        owners.setdefault(m.text, m)
    if not owners:
        return
    done = set()
    for m in ms:
        if m.type not in ORG_TYPES and m.type not in PRODUCT_TYPES:
            continue
        words = m.text.split()
        for k in range(len(words) - 1, 0, -1):
            owner = owners.get(" ".join(words[:k]))
            if owner is None or owner.text == m.text:
                continue
            rest = words[k:]
            if all(w in same for w in rest) or any(w in not_units for w in rest):
                break  # the same organisation under a longer name
            if any(not (w[:1].isupper() or w[:1].isdigit()) for w in rest):
                break  # 'Association of ...', 'Foo and Bar Corp.': the words do not name a unit
            if m.type in ORG_TYPES and any(_NUMBER.match(w) for w in rest):
                break  # 'Acme Summit 12', 'Expo 2030': events, not units
            if (m.text, owner.text) in done:
                break
            done.add((m.text, owner.text))
            if m.type in PRODUCT_TYPES:  # a product under the owner's name: its maker and its owner
                yield Candidate(owner, "develops", m, conf, "en.name_prefix", m.sentence, (m.start, m.end), "asserted")
                yield Candidate(m, "ownedBy", owner, conf, "en.name_prefix", m.sentence, (m.start, m.end), "asserted")
            else:
                yield Candidate(m, "subsidiaryOf", owner, conf, "en.name_prefix", m.sentence, (m.start, m.end), "asserted")
            break
