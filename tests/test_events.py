"""Events in the graph: the seed article's deals, SPARQL over them, SHACL, USD amounts, two articles.

Acceptance of issue 5 on the seed: the HK$4.2 billion share sales announced by Black Sesame,
UBTech and XtalPi; Fourth Paradigm's raise of about US$180 million; Biren considering a Hong Kong
IPO; Alibaba's planned RMB 380 billion investment over three years in AI and cloud; Shenzhen's
AI training vouchers (up to 60%, capped at RMB 10 million).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

import kg
from kg.cli import main
from kg.ontology import TK, validate
from kg.rates import load_rates, usd_amount
from kg.rdf import PREFIXES, TKID, entity_iri, to_graph
from kg.model import Value

from .conftest import SEEDS

T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def seed_graph():
    res = kg.link_documents([SEEDS])
    return to_graph(res[0], started_at=T0, linking=res[1])


def _events(g: Graph, cls: str) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, TK[cls]))


def _roles(g: Graph, event: URIRef, role: str) -> set[str]:
    return {str(o)[len(str(TKID)):] for o in g.objects(event, TK[role])}


def _one(g: Graph, cls: str, **roles) -> URIRef:
    found = [e for e in _events(g, cls) if all(set(v) <= _roles(g, e, k) for k, v in roles.items())]
    assert len(found) == 1, (cls, roles, found)
    return found[0]


def test_share_sales_of_three_companies_announced(seed_graph):
    g = seed_graph
    e = _one(g, "FundingRound", investee={"black-sesame", "ubtech", "xtalpi"})
    assert g.value(e, TK.status) == Literal("announced")
    assert (g.value(e, TK.amount).toPython(), str(g.value(e, TK.currency))) == (Decimal("4200000000"), "HKD")
    assert str(g.value(e, TK.amountScope)) == "combined"  # one total for the three
    assert str(g.value(e, TK.dateText)) == "지난주" and g.value(e, TK.date) is None  # the seed has no publication date
    assert str(g.value(e, TK.amountUSDBasis)).startswith("rates:")
    assert 5.3e8 < float(g.value(e, TK.amountUSD)) < 5.5e8  # HK$4.2bn at the Hong Kong dollar's peg


def test_fourth_paradigm_raise_about_180_million_dollars(seed_graph):
    g = seed_graph
    e = _one(g, "FundingRound", investee={"ko/베이징_포스_패러다임"})
    assert g.value(e, TK.status) == Literal("completed")
    assert g.value(e, TK.amountUSD).toPython() == Decimal("180000000")
    assert str(g.value(e, TK.amountUSDBasis)) == "stated"
    assert g.value(e, TK.amountApproximate) == Literal(True)


def test_biren_considers_a_hong_kong_ipo(seed_graph):
    g = seed_graph
    e = _one(g, "Listing", issuer={"biren"}, venue={"hong-kong"})
    assert g.value(e, TK.status) == Literal("considered")
    # the plain triple is no fact: it is kept as a planned assertion that the event entails
    assert (entity_iri("biren"), TK.listedOn, entity_iri("hong-kong")) not in g
    (a,) = g.objects(e, TK.entails)
    assert (a, RDF.predicate, TK.listedOn) in g and g.value(a, TK.modality) == Literal("planned")


def test_alibaba_plans_380_billion_yuan_over_three_years(seed_graph):
    g = seed_graph
    e = _one(g, "Investment", investor={"alibaba-group"})
    assert g.value(e, TK.status) == Literal("planned")
    assert (g.value(e, TK.amount).toPython(), str(g.value(e, TK.currency))) == (Decimal("380000000000"), "CNY")
    assert g.value(e, TK.period) == Literal("P3Y", datatype=XSD.duration)
    assert str(g.value(e, TK.purpose)) == "AI와 클라우드 컴퓨팅 인프라 구축"
    # '(약 524억 달러, 한화 약 75조원)': the article's own conversion gives the USD amount
    assert (g.value(e, TK.amountUSD).toPython(), str(g.value(e, TK.amountUSDBasis))) == (Decimal("52400000000"), "text")
    assert str(g.value(e, TK.dateText)) == "지난 24일"


def test_shenzhen_training_vouchers_are_a_support_measure(seed_graph):
    g = seed_graph
    e = _one(g, "SupportMeasure", provider={"shenzhen"})
    assert g.value(e, TK.shareLimit).toPython() == Decimal("0.6")
    assert (g.value(e, TK.amount).toPython(), str(g.value(e, TK.currency))) == (Decimal("10000000"), "CNY")
    assert str(g.value(e, TK.amountScope)) == "cap"
    assert "바우처" in str(g.value(e, TK.purpose))


def test_asserted_events_entail_their_facts(seed_graph):
    g = seed_graph
    e = _one(g, "Partnership", partner={"alibaba-group", "apple"})
    assert g.value(e, TK.status) == Literal("announced")
    (a,) = g.objects(e, TK.entails)
    s, o = g.value(a, RDF.subject), g.value(a, RDF.object)
    assert (s, TK.partneredWith, o) in g  # the plain triple is a fact
    launch = _one(g, "ProductLaunch", launchedBy={"alibaba-group"}, launchedProduct={"qwen-2-5-max"})
    assert (entity_iri("alibaba-group"), TK.develops, entity_iri("qwen-2-5-max")) in g
    assert next(g.objects(launch, TK.entails), None) is not None


def test_every_event_has_a_report_with_its_span(seed_graph):
    g = seed_graph
    text = (SEEDS / "000_bb1140d7c5ae393e.txt").read_text(encoding="utf-8")
    events = [e for e, _ in g.subject_objects(TK.status)]
    assert len(events) >= 7
    for e in events:
        for r in g.objects(e, TK.report):
            start, end = int(g.value(r, TK.startOffset)), int(g.value(r, TK.endOffset))
            assert text[start:end] in str(g.value(r, TK.sentenceText))
            assert g.value(r, TK.extractor) == Literal("ko.events")


def test_seed_graph_with_events_validates(seed_graph):
    report = validate(seed_graph)
    assert report.conforms, report.text


def _bad_graph(seed_graph: Graph, change) -> Graph:
    g = Graph()
    for t in seed_graph:
        g.add(t)
    change(g)
    return g


@pytest.mark.parametrize(("change", "needle"), [
    (lambda g: g.set((_events(g, "Listing")[0], TK.status, Literal("maybe"))), "tk:status"),
    (lambda g: g.remove((_events(g, "Partnership")[0], TK.partner, entity_iri("apple"))), "two or more tk:partner"),
    (lambda g: g.remove((_events(g, "Investment")[0], TK.report, None)), "tk:report"),
    (lambda g: g.set((_events(g, "Investment")[0], TK.currency, Literal("yuan"))), "ISO 4217"),
    (lambda g: g.add((_events(g, "Listing")[0], TK.venue, entity_iri("alibaba-group"))), "tk:venue"),
])
def test_shapes_catch_broken_events(seed_graph, change, needle):
    report = validate(_bad_graph(seed_graph, change))
    assert not report.conforms
    assert needle in report.text


def _readme_query(title: str) -> str:
    """The SPARQL block under a README heading that contains ``title``."""
    text = README.read_text(encoding="utf-8")
    part = text[text.index(title):]
    start = part.index("```sparql") + len("```sparql")
    return part[start:part.index("```", start)]


def test_readme_query_funding_rounds_above_100_million(seed_graph):
    rows = list(seed_graph.query(_readme_query("Funding rounds above $100 million"), initNs=PREFIXES))
    companies = {str(r.company) for r in rows}
    assert companies == {"Black Sesame Technologies", "UBTech Robotics", "XtalPi", "베이징 포스 패러다임"}
    assert all(float(r.usd) > 1e8 for r in rows)


def test_readme_query_deals_of_a_company_in_time_order(seed_graph):
    rows = list(seed_graph.query(_readme_query("All deals of a company"), initNs=PREFIXES))
    kinds = [str(r.kind).rsplit("#", 1)[-1] for r in rows]
    assert sorted(kinds) == ["Investment", "Partnership"]
    assert {str(r.status) for r in rows} == {"planned", "announced"}


def test_usd_amount_bases():
    hkd = Value("money", "HK$4.2bn", 0, 8, 0, "4200000000 HKD")
    usd, basis = usd_amount(hkd, "2023")
    assert basis == "rates:fed-g5a-2024-02-01:2023" and 5.3e8 < float(usd) < 5.4e8
    assert usd_amount(hkd, "1990")[1] == "rates:fed-g5a-2016-01-04:2015:latest"
    assert usd_amount(Value("money", "5 XYZ", 0, 5, 0, "5 XYZ"), "2023") is None  # a currency no table knows


def test_user_rate_table(tmp_path):
    rates = tmp_path / "rates.json"
    rates.write_text(json.dumps({"rates": {"2025": {"CNY": 8}}, "source_of": {"2025": "mine"}}), encoding="utf-8")
    table = load_rates(str(rates))
    v = Value("money", "380亿元", 0, 6, 0, "38000000000 CNY")
    assert usd_amount(v, "2025", table) == (Decimal("4750000000"), "rates:mine:2025")


@pytest.mark.parametrize("content", ["{", json.dumps({"rates": {"2025": {"CNY": "eight"}}}),
                                     json.dumps({"rates": {"soon": {}}}), json.dumps([1, 2])])
def test_broken_rate_table_is_one_error_line(tmp_path, content):
    rates = tmp_path / "rates.json"
    rates.write_text(content, encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Acme raised $5 million.", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(doc), "-o", str(out), "--rates", str(rates)])
    assert result.exit_code != 0
    assert result.output.count("\n") == 1 and "rates.json" in result.output and "Traceback" not in result.output
    assert not out.exists()  # nothing written


def test_one_deal_reported_by_two_articles_is_one_event(tmp_path):
    (tmp_path / "001_a.txt").write_text("한빛전자는 2025년 3월 반도체 기업 세온테크를 2,000억원에 인수했다.", encoding="utf-8")
    (tmp_path / "002_b.txt").write_text("반도체 업계에 따르면 한빛전자는 2025년 3월 반도체 설계 기업 세온테크를 2,000억원에 인수했다.",
                                        encoding="utf-8")
    res = kg.build([tmp_path], tmp_path / "out", formats=["turtle"], started_at=T0)
    g = res.graph
    (e,) = _events(g, "Acquisition")
    assert len(set(g.objects(e, TK.report))) == 2
    assert g.value(e, TK.date) == Literal("2025-03", datatype=XSD.gYearMonth)
    assert str(g.value(e, TK.datePrecision)) == "month"
    assert res.stats.events_by_class == {"Acquisition": 1}
    # reports are provenance: TriG puts each in its article's named graph
    from kg.exporters.rdf_formats import split_by_document

    ds = split_by_document(g)
    for r in g.objects(e, TK.report):
        doc = g.value(r, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        assert (r, RDF.type, TK.EventReport) in ds.graph(doc)


def test_events_round_trip_through_turtle(seed_graph, tmp_path):
    from kg.rdf import graph_stats, load_graph

    path = tmp_path / "g.ttl"
    path.write_bytes(seed_graph.serialize(format="turtle", encoding="utf-8"))
    back = load_graph(path)
    assert graph_stats(back).events_by_class == graph_stats(seed_graph).events_by_class
    assert set(back) == set(seed_graph)


def test_extract_jsonl_lists_events(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("한빛전자는 반도체 설계 기업 세온테크에 500억원을 투자했다.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(doc), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (ev,) = json.loads(result.output)["events"]
    assert (ev["type"], ev["status"], ev["amount"]["value"]) == ("Investment", "completed", "50000000000 KRW")
    assert {r["role"] for r in ev["roles"]} == {"investor", "investee"}
    assert ev["relations"][0]["predicate"] == "investsIn"


def test_kg_query_runs_the_readme_deal_query_on_the_exports(tmp_path):
    q = tmp_path / "rounds.rq"
    q.write_text(_readme_query("Funding rounds above $100 million"), encoding="utf-8")
    exports = Path(__file__).resolve().parent.parent / "exports"
    result = CliRunner().invoke(main, ["query", str(exports), "-f", str(q), "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("round,company,usd,status")
    assert len(lines) == 1 + 4 and any("XtalPi" in line and "announced" in line for line in lines)


def test_one_round_reported_in_three_languages_is_one_event(tmp_path):
    """The resolution corpus reports Xuanji Robotics' US$120 million round in Korean, Chinese and English:
    one event with a report per article and the investors any of them names."""
    corpus = Path(__file__).resolve().parent / "data" / "crossdoc"
    res = kg.build([corpus], tmp_path / "out", formats=["turtle"], started_at=T0)
    g = res.graph
    rounds = [e for e in _events(g, "FundingRound") if g.value(e, TK.amount) is not None
              and g.value(e, TK.amount).toPython() == Decimal("120000000") and str(g.value(e, TK.currency)) == "USD"]
    assert len(rounds) == 1
    (e,) = rounds
    langs = {str(g.value(g.value(r, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")), URIRef("http://purl.org/dc/terms/language")))
             for r in g.objects(e, TK.report)}
    assert langs == {"ko", "zh", "en"}
    assert len(set(g.objects(e, TK.investee))) == 1
    assert set(g.objects(e, TK.leadInvestor))  # named by the Chinese and English articles
    assert validate(g).conforms
