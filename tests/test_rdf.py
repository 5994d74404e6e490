"""kg.rdf: facts as plain triples, PROV-O provenance records, labels, IRIs, determinism."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("kg.ontology", reason="kg/ontology.py (TK namespace) is not there yet")

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD  # noqa: E402

from kg.errors import InputError  # noqa: E402
from kg.model import Document, DocumentResult, Entity, Evidence, Fact, Mention, Sentence, Value  # noqa: E402
from kg.ontology import TK  # noqa: E402
from kg.rdf import (  # noqa: E402
    RUN,
    TKDOC,
    TKID,
    WD,
    assertion_iri,
    document_iri,
    entity_iri,
    graph_stats,
    graph_view,
    load_graph,
    to_graph,
)

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)
TEXT = "알리바바는 2019년 큐원을 공개했다. 마윈은 1999년 알리바바를 창업했다. 삼성은 알리바바 인수를 부인했다."


def korean_result() -> DocumentResult:
    doc = Document(
        id="ko_001",
        text=TEXT,
        lang="ko",
        source="seeds/ko_001.txt",
        url="https://news.example.kr/a/1",
        published="2025-02-24",
        title="알리바바, 큐원 공개",
    )
    s = [Sentence(0, 0, 20, TEXT[0:20]), Sentence(1, 21, 45, TEXT[21:45]), Sentence(2, 46, len(TEXT), TEXT[46:])]
    alibaba = Entity(
        "alibaba-group", "Company", "알리바바", "ko", labels={"en": "Alibaba Group"},
        aliases={"알리바바", "알리바바그룹"}, mentions=[Mention(0, 4, "알리바바", "Company", 0, "gazetteer", 1.0, "alibaba-group")],
        gazetteer_id="alibaba-group",
    )
    qwen = Entity("ko/큐원", "AIModel", "큐원", "ko")
    ma = Entity("jack-ma", "Person", "마윈", "ko", labels={"en": "Jack Ma"})
    samsung = Entity("samsung-electronics", "Company", "삼성", "ko", labels={"en": "Samsung Electronics"})
    year = Value("date", "1999년", 25, 30, 1, "1999")
    ev_dev = Evidence("ko_001", 0, s[0].text, 0, 19, "ko.subject_verb_object", "0.1.0", 0.9)
    ev_dev2 = Evidence("ko_001", 0, s[0].text, 0, 19, "ko.appositive", "0.1.0", 0.6)  # same span: one record
    ev_found = Evidence("ko_001", 1, s[1].text, 21, 44, "ko.subject_verb_object", "0.1.0", 0.85)
    ev_date = Evidence("ko_001", 1, s[1].text, 21, 44, "ko.date", "0.1.0", 0.7)
    ev_denied = Evidence("ko_001", 2, s[2].text, 46, len(TEXT) - 1, "ko.subject_verb_object", "0.1.0", 0.8, "denied")
    facts = [
        Fact("alibaba-group", "develops", "ko/큐원", (ev_dev, ev_dev2)),
        Fact("jack-ma", "founderOf", "alibaba-group", (ev_found,)),
        Fact("alibaba-group", "foundedOn", year, (ev_date,)),
        Fact("samsung-electronics", "acquired", "alibaba-group", (ev_denied,)),
    ]
    ents = {e.id: e for e in (alibaba, qwen, ma, samsung)}
    return DocumentResult(doc, s, ents, facts, [year])


def english_result() -> DocumentResult:
    text = "Alibaba released Qwen 2.5, built by Alibaba Cloud, founded in September 2009."
    doc = Document(id="en_001", text=text, lang="en")
    ents = {
        "alibaba-group": Entity("alibaba-group", "Company", "Alibaba", "en", labels={"en": "Alibaba Group"}, aliases={"Alibaba"}),
        "en/Qwen_2.5": Entity("en/Qwen_2.5", "AIModel", "Qwen 2.5", "en"),
        "en/Alibaba_Cloud": Entity("en/Alibaba_Cloud", "Company", "Alibaba Cloud", "en"),
    }
    ev = Evidence("en_001", 0, text, 0, len(text), "en.svo", "0.1.0", 0.75)
    facts = [
        Fact("alibaba-group", "develops", "en/Qwen_2.5", (ev,)),
        Fact("en/Alibaba_Cloud", "foundedOn", Value("date", "September 2009", 63, 77, 0, "2009-09"), (ev,)),
    ]
    return DocumentResult(doc, [Sentence(0, 0, len(text), text)], ents, facts)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_graph([korean_result(), english_result()], started_at=T0)


ALIBABA = TKID["alibaba-group"]
QWEN_KO = URIRef("https://techkg.dev/id/ko/큐원")


def test_facts_are_plain_triples(graph):
    assert (ALIBABA, TK.develops, QWEN_KO) in graph
    assert (TKID["jack-ma"], TK.founderOf, ALIBABA) in graph
    assert (TKID["alibaba-group"], TK.develops, TKID["en/Qwen_2.5"]) in graph


def test_denied_relation_is_provenance_only(graph):
    samsung = TKID["samsung-electronics"]
    assert (samsung, TK.acquired, ALIBABA) not in graph
    records = [a for a in graph.subjects(RDF.subject, samsung) if graph.value(a, RDF.predicate) == TK.acquired]
    assert len(records) == 1
    assert graph.value(records[0], TK.modality) == Literal("denied")


def test_date_values_are_typed_literals(graph):
    assert (ALIBABA, TK.foundedOn, Literal("1999", datatype=XSD.gYear)) in graph
    assert (TKID["en/Alibaba_Cloud"], TK.foundedOn, Literal("2009-09", datatype=XSD.gYearMonth)) in graph
    assert graph.value(document_iri("ko_001"), DCTERMS.issued) == Literal("2025-02-24", datatype=XSD.date)


def test_provenance_record_has_every_field(graph):
    records = [a for a in graph.subjects(RDF.type, TK.Assertion)
               if graph.value(a, RDF.subject) == TKID["jack-ma"] and graph.value(a, RDF.predicate) == TK.founderOf]
    assert len(records) == 1
    a = records[0]
    expected = {
        RDF.object: ALIBABA,
        PROV.wasDerivedFrom: TKDOC["ko_001"],
        PROV.wasGeneratedBy: RUN,
        TK.sentenceText: Literal(TEXT[21:45], lang="ko"),
        TK.sentenceIndex: Literal(1),
        TK.startOffset: Literal(21),
        TK.endOffset: Literal(44),
        TK.extractor: Literal("ko.subject_verb_object"),
        TK.extractorVersion: Literal("0.1.0"),
        TK.confidence: Literal("0.85", datatype=XSD.decimal),
        TK.modality: Literal("asserted"),
    }
    for prop, value in expected.items():
        assert graph.value(a, prop) == value, prop
    assert a == assertion_iri(TKID["jack-ma"], TK.founderOf, ALIBABA, "ko_001", 21, 44)
    assert str(a).startswith("https://techkg.dev/prov/") and len(str(a).rsplit("/", 1)[1]) == 16
    # the run activity carries the only time stamp
    assert graph.value(RUN, PROV.startedAtTime) == Literal("2025-03-01T09:30:00+00:00", datatype=XSD.dateTime)
    assert (RUN, RDF.type, PROV.Activity) in graph


def test_same_span_two_extractors_make_one_record_with_the_best(graph):
    records = [a for a in graph.subjects(RDF.predicate, TK.develops) if graph.value(a, RDF.object) == QWEN_KO]
    assert len(records) == 1
    assert graph.value(records[0], TK.extractor) == Literal("ko.subject_verb_object")
    assert graph.value(records[0], TK.confidence) == Literal("0.9", datatype=XSD.decimal)


def test_labels_keep_language_tags(graph):
    labels = set(graph.objects(ALIBABA, RDFS.label))
    assert Literal("알리바바", lang="ko") in labels
    assert Literal("Alibaba Group", lang="en") in labels
    assert len(labels) == 2  # one label per language; "Alibaba"@en is an alternative
    alt = set(graph.objects(ALIBABA, SKOS.altLabel))
    assert Literal("알리바바그룹", lang="ko") in alt
    assert Literal("Alibaba", lang="en") in alt
    assert Literal("큐원", lang="ko") in set(graph.objects(QWEN_KO, RDFS.label))
    assert set(graph.objects(ALIBABA, TK.mentionedIn)) == {TKDOC["ko_001"], TKDOC["en_001"]}
    assert (ALIBABA, RDF.type, TK.Company) in graph
    assert (TKID["jack-ma"], RDF.type, TK.Person) in graph
    assert (QWEN_KO, RDF.type, TK.AIModel) in graph


def test_document_node(graph):
    d = TKDOC["ko_001"]
    assert (d, RDF.type, TK.Article) in graph
    assert graph.value(d, DCTERMS.source) == Literal("seeds/ko_001.txt")
    assert graph.value(d, DCTERMS.language) == Literal("ko")
    assert graph.value(d, DCTERMS.title) == Literal("알리바바, 큐원 공개", lang="ko")
    assert graph.value(d, URIRef("https://schema.org/url")) == URIRef("https://news.example.kr/a/1")


def test_iris_are_stable_and_readable():
    assert str(entity_iri("ko/비렌")) == "https://techkg.dev/id/ko/비렌"
    assert str(entity_iri("en/Open_AI")) == "https://techkg.dev/id/en/Open_AI"
    assert str(entity_iri("en/a b<c>")) == "https://techkg.dev/id/en/a%20b%3Cc%3E"
    g1 = to_graph([korean_result()], started_at=T0)
    g2 = to_graph([korean_result()], started_at=T0)
    assert set(g1.subjects()) == set(g2.subjects())
    assert isomorphic(g1, g2)


def test_wikidata_same_as_when_entity_has_qid():
    r = korean_result()

    class WikiEntity(Entity):
        __slots__ = ("wikidata",)

    e = WikiEntity("alibaba-group", "Company", "알리바바", "ko")
    e.wikidata = "Q1359568"
    r.entities["alibaba-group"] = e
    g = to_graph([r], started_at=T0)
    assert (ALIBABA, OWL.sameAs, WD["Q1359568"]) in g


def test_turtle_round_trip(graph):
    data = graph.serialize(format="turtle")
    back = Graph().parse(data=data, format="turtle")
    assert isomorphic(graph, back)


def test_turtle_is_byte_identical_for_equal_builds():
    from kg.exporters.rdf_formats import turtle_bytes

    a = turtle_bytes(to_graph([korean_result(), english_result()], started_at=T0))
    b = turtle_bytes(to_graph([english_result(), korean_result()], started_at=T0))
    assert a == b
    c = turtle_bytes(to_graph([korean_result(), english_result()], started_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    diff = [(x, y) for x, y in zip(a.decode().splitlines(), c.decode().splitlines()) if x != y]
    assert len(diff) == 1 and "startedAtTime" in diff[0][0]


def test_turtle_is_byte_identical_across_processes(tmp_path):
    """Set iteration order changes with PYTHONHASHSEED; the Turtle must not."""
    script = tmp_path / "build.py"
    script.write_text(textwrap.dedent(f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("t", {str(Path(__file__))!r})
        t = importlib.util.module_from_spec(spec); spec.loader.exec_module(t)
        from kg.exporters.rdf_formats import turtle_bytes
        sys.stdout.buffer.write(turtle_bytes(t.to_graph([t.korean_result(), t.english_result()], started_at=t.T0)))
    """))
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parent.parent), *sys.path])
        outs.append(subprocess.run([sys.executable, str(script)], env=env, capture_output=True, check=True).stdout)
    assert outs[0] == outs[1] and len(outs[0]) > 1000


def test_sparql_who_founded(graph):
    q = """
        PREFIX tk: <https://techkg.dev/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name WHERE {
            ?company rdfs:label "Alibaba Group"@en .
            ?person tk:founderOf ?company ; rdfs:label ?name .
            FILTER(lang(?name) = "ko")
        }"""
    assert [str(row.name) for row in graph.query(q)] == ["마윈"]
    # and the evidence of that fact, through its provenance record
    q2 = """
        PREFIX tk: <https://techkg.dev/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?text ?conf WHERE {
            ?a rdf:subject ?s ; rdf:predicate tk:founderOf ; rdf:object ?o ;
               tk:sentenceText ?text ; tk:confidence ?conf .
        }"""
    rows = list(graph.query(q2))
    assert len(rows) == 1 and "창업" in str(rows[0].text) and float(rows[0].conf) == 0.85


def test_graph_stats(graph):
    s = graph_stats(graph)
    assert s.documents == 2
    assert s.entities == 6
    assert s.entities_by_class == {"Company": 3, "AIModel": 2, "Person": 1}
    assert s.facts_by_predicate == {"develops": 2, "foundedOn": 2, "founderOf": 1}
    assert s.assertions == 6
    assert "facts: 5" in str(s)


def test_graph_passes_the_shacl_shapes(graph):
    from kg.ontology import validate

    report = validate(graph)
    assert report.conforms, list(report)


def test_graph_view_original_language_labels(graph):
    v = graph_view(graph)
    by_id = {e.id: e for e in v.entities}
    assert by_id["alibaba-group"].label == "알리바바"  # mentioned in ko and en: first by document count, then name
    assert by_id["en/Qwen_2.5"].label == "Qwen 2.5"
    assert by_id["ko/큐원"].label == "큐원"
    assert ("foundedOn", "1999") in by_id["alibaba-group"].attributes


def test_load_graph(tmp_path, graph):
    p = tmp_path / "graph.ttl"
    p.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    assert isomorphic(load_graph(p), graph)
    with pytest.raises(InputError, match="not found"):
        load_graph(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix tk: <https://techkg.dev/ontology#> .\ntk:a tk:b .\n")
    with pytest.raises(InputError) as err:
        load_graph(bad)
    assert "\n" not in str(err.value) and "bad.ttl" in str(err.value)
    with pytest.raises(InputError, match="directory"):
        load_graph(tmp_path)
