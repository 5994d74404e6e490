"""The ontology (ontology/techkg.ttl), its SHACL shapes and kg/ontology.py."""
from __future__ import annotations

import re
import time

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import OntologyError, UnknownNameError
from kg.ontology import (
    COARSE_TYPES,
    MODALITIES,
    NS,
    ONTOLOGY_DIR,
    TK,
    Ontology,
    ValidationReport,
    load_ontology,
    shapes_graph,
    validate,
)

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's XSD warns under --doctest-modules
PROV = Namespace("http://www.w3.org/ns/prov#")
TKID = Namespace("https://techkg.dev/id/")
TKDOC = Namespace("https://techkg.dev/doc/")
TKPROV = Namespace("https://techkg.dev/prov/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SCHEMA = Namespace("https://schema.org/")

RELATIONS = {
    "founderOf", "employeeOf", "executiveOf", "ceoOf", "investsIn", "partneredWith", "acquired",
    "subsidiaryOf", "parentOf", "develops", "competitorOf", "headquarteredIn", "listedOn",
    "supplierOf", "memberOf", "ownedBy", "foundedOn",
}
PROVENANCE = {
    "sentenceText", "sentenceIndex", "startOffset", "endOffset", "extractor", "extractorVersion",
    "confidence", "modality",
}


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


# ---------------------------------------------------------------------------
# The ontology file
# ---------------------------------------------------------------------------


def test_ontology_folder_and_header(onto):
    assert (ONTOLOGY_DIR / "techkg.ttl").is_file()
    assert (ONTOLOGY_DIR / "shapes.ttl").is_file()
    g = onto.graph
    header = URIRef("https://techkg.dev/ontology")
    assert (header, RDF.type, OWL.Ontology) in g
    assert g.value(header, OWL.versionInfo) == Literal("0.1.0")
    assert onto.version == "0.1.0"
    assert g.value(header, RDFS.label) is not None
    assert g.value(header, RDFS.comment) is not None


def test_required_classes_and_hierarchy(onto):
    expected = {
        "Organization": None, "Company": "Organization", "Startup": "Company", "Investor": "Organization",
        "University": "Organization", "GovernmentBody": "Organization", "MediaOutlet": "Organization",
        "StockExchange": "Organization", "Person": None, "Product": None, "AIModel": "Product",
        "Chip": "Product", "Device": "Product", "Software": "Product", "Game": "Product",
        "Platform": "Product", "Place": None, "Country": "Place", "City": "Place", "Region": "Place",
        "Technology": None, "Article": None, "Assertion": None, "MonetaryAmount": None,
    }
    assert set(expected) <= onto.classes()
    for cls, parent in expected.items():
        sups = onto.superclasses(cls)
        assert sups[0] == cls
        assert sups[1:2] == ([parent] if parent else [])
    assert onto.superclasses("Startup") == ["Startup", "Company", "Organization"]
    assert onto.is_subclass("Startup", "Organization")
    assert onto.is_subclass("City", "City")
    assert not onto.is_subclass("Organization", "Startup")
    assert not onto.is_subclass("Startup", "Person")
    assert not onto.is_subclass("Nope", "Organization")
    g = onto.graph
    assert (TK.Assertion, RDFS.subClassOf, RDF.Statement) in g
    assert (TK.Assertion, RDFS.subClassOf, PROV.Entity) in g
    assert (TK.Article, RDFS.subClassOf, PROV.Entity) in g


def test_every_term_has_labels_in_three_languages_and_a_definition(onto):
    g = onto.graph
    for name in onto.classes() | onto.properties():
        iri = URIRef(NS + name)
        langs = {lit.language for lit in g.objects(iri, RDFS.label)}
        assert {"en", "ko", "zh"} <= langs, f"{name} lacks labels: has {langs}"
        definitions = [d for d in g.objects(iri, SKOS.definition) if d.language == "en"]
        assert len(definitions) == 1, f"{name} needs one English skos:definition"
        assert len(str(definitions[0])) > 10
    assert onto.label("Company", "ko") == "기업"
    assert onto.label("founderOf", "zh") == "创始人"
    assert onto.label("Company", "xx") == "company"  # falls back to English


def test_every_property_has_domain_and_range(onto):
    g = onto.graph
    for name in onto.properties():
        iri = URIRef(NS + name)
        types = set(g.objects(iri, RDF.type))
        assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, name
        assert onto.range(name), f"{name} has no rdfs:range"
        if name == "mentionedIn":  # any entity can be mentioned: documented in its comment
            assert not onto.domain(name)
            assert "No rdfs:domain" in str(g.value(iri, RDFS.comment))
        else:
            assert onto.domain(name), f"{name} has no rdfs:domain"
        # a union must be documented in the comment
        for pred in (RDFS.domain, RDFS.range):
            for value in g.objects(iri, pred):
                if isinstance(value, BNode) and name != "foundedOn":
                    assert "union" in str(g.value(iri, RDFS.comment)).lower(), name


def test_property_sets(onto):
    assert onto.relation_properties() == RELATIONS
    assert PROVENANCE <= onto.properties()
    assert RELATIONS | {"mentionedIn"} <= onto.properties()
    for name in PROVENANCE:
        assert onto.is_datatype_property(name)
        if name == "modality":
            assert onto.domain(name) == {"Assertion"}
        elif name != "confidence":
            assert onto.domain(name) == {"Assertion", "EventReport"}  # an event's report has the same provenance
    # link decisions of cross-document resolution have a confidence too
    assert onto.domain("confidence") == {"Assertion", "LinkDecision", "EventReport"}
    assert onto.is_datatype_property("foundedOn")
    assert not onto.is_datatype_property("founderOf")
    assert onto.range("sentenceIndex") == {"xsd:nonNegativeInteger"}
    assert onto.range("startOffset") == onto.range("endOffset") == {"xsd:nonNegativeInteger"}
    assert onto.range("foundedOn") == {"xsd:gYear", "xsd:gYearMonth", "xsd:date"}


def test_domains_and_ranges(onto):
    assert onto.domain("founderOf") == {"Person", "Organization"}
    assert onto.range("founderOf") == {"Organization"}
    assert onto.domain("investsIn") == {"Person", "Organization"}
    assert onto.domain("develops") == {"Person", "Organization"}
    assert onto.range("develops") == {"Product"}
    assert onto.domain("employeeOf") == onto.domain("ceoOf") == {"Person"}
    assert onto.domain("competitorOf") == onto.range("competitorOf") == {"Organization", "Product"}
    assert onto.domain("listedOn") == {"Company"}
    assert onto.range("listedOn") == {"StockExchange", "Place"}
    assert onto.range("headquarteredIn") == {"Place"}
    assert onto.range("mentionedIn") == {"Article"}
    assert onto.domain("ownedBy") == {"Organization", "Product"}
    assert onto.range("ownedBy") == {"Person", "Organization"}
    assert onto.domain("memberOf") == onto.range("memberOf") == {"Organization"}
    with pytest.raises(UnknownNameError):
        onto.domain("nope")


def test_symmetry_inverse_and_subproperties(onto):
    g = onto.graph
    assert onto.is_symmetric("partneredWith") and onto.is_symmetric("competitorOf")
    assert (TK.partneredWith, RDF.type, OWL.SymmetricProperty) in g
    assert not onto.is_symmetric("acquired")
    assert (TK.subsidiaryOf, OWL.inverseOf, TK.parentOf) in g
    assert onto.inverse("subsidiaryOf") == "parentOf"
    assert onto.inverse("parentOf") == "subsidiaryOf"
    assert onto.inverse("acquired") is None
    assert onto.super_properties("ceoOf") == ["ceoOf", "executiveOf", "employeeOf"]
    assert onto.super_properties("founderOf") == ["founderOf"]


def test_mappings_respect_direction(onto):
    g = onto.graph
    close = lambda p: set(g.objects(TK[p], SKOS.closeMatch)) | set(g.objects(TK[p], SKOS.exactMatch))
    inverse = lambda p: set(g.objects(TK[p], TK.inverseMatch))
    # founded by / CEO / developer point from the organization or product: the inverse of ours
    assert WDT.P112 in inverse("founderOf") and WDT.P112 not in close("founderOf")
    assert SCHEMA.founder in inverse("founderOf") and SCHEMA.founder not in close("founderOf")
    assert WDT.P169 in inverse("ceoOf")
    assert WDT.P178 in inverse("develops")
    # same direction
    assert WDT.P108 in close("employeeOf") and SCHEMA.worksFor in close("employeeOf")
    assert WDT.P749 in close("subsidiaryOf") and WDT.P355 in close("parentOf")
    assert WDT.P159 in close("headquarteredIn")
    assert WDT.P414 in close("listedOn")
    assert WDT.P571 in close("foundedOn")
    # no foreign term is pulled into OWL reasoning
    for s, p, o in g.triples((None, OWL.equivalentProperty, None)):
        raise AssertionError(f"unexpected owl:equivalentProperty {s} {o}")
    for s, p, o in g.triples((None, RDFS.subPropertyOf, None)):
        assert str(o).startswith(NS) or o == SKOS.relatedMatch, (s, o)


def test_disjoint_top_level_classes(onto):
    for i, a in enumerate(COARSE_TYPES):
        for b in COARSE_TYPES[i + 1:]:
            assert onto.disjoint(a, b), (a, b)
            assert onto.disjoint(b, a), (a, b)
    assert onto.disjoint("Startup", "AIModel")
    assert not onto.disjoint("Company", "Investor")
    assert not onto.disjoint("Startup", "Organization")


# ---------------------------------------------------------------------------
# The closed namespace and the Python API
# ---------------------------------------------------------------------------


def test_closed_namespace(onto):
    assert TK.founderOf == URIRef(NS + "founderOf")
    assert TK.Company == URIRef(NS + "Company")
    with pytest.raises(AttributeError):
        TK.nope  # noqa: B018
    with pytest.raises(AttributeError):
        TK.Compnay  # noqa: B018
    for name in onto.classes() | onto.properties():
        assert TK[name] == URIRef(NS + name)


def test_accepts(onto):
    assert onto.accepts("ceoOf", "Person", "Company")
    assert not onto.accepts("ceoOf", "Company", "Person")
    assert onto.accepts("tk:ceoOf", "tk:Person", "Startup")
    assert onto.accepts(str(TK.ceoOf), "Person", str(TK.Company))
    assert onto.accepts("founderOf", "Person", "Startup")
    assert onto.accepts("founderOf", "Company", "Startup")  # union domain
    assert not onto.accepts("founderOf", "City", "Startup")
    assert not onto.accepts("founderOf", "Person", "Person")
    assert onto.accepts("listedOn", "Company", "StockExchange")
    assert onto.accepts("listedOn", "Startup", "City")  # union range: "listed in Hong Kong"
    assert not onto.accepts("listedOn", "University", "StockExchange")
    assert onto.accepts("competitorOf", "Company", "Startup")
    assert onto.accepts("competitorOf", "AIModel", "Software")
    assert not onto.accepts("competitorOf", "Company", "AIModel")
    assert not onto.accepts("competitorOf", "AIModel", "Company")
    assert onto.accepts("foundedOn", "Startup", None)
    assert onto.accepts("foundedOn", "Startup", "xsd:gYear")
    assert not onto.accepts("foundedOn", "Startup", "Company")
    assert not onto.accepts("develops", "Company", None)
    assert not onto.accepts("develops", "Nope", "Chip")
    assert onto.accepts("mentionedIn", "Person", "Article")  # no domain: anything
    with pytest.raises(UnknownNameError):
        onto.accepts("nope", "Person", "Company")


def test_narrow_and_most_specific(onto):
    assert onto.narrow("listedOn", "Organization", "Place") == ("Company", "Place")
    assert onto.narrow("ceoOf", "Person", "Organization") == ("Person", "Organization")
    assert onto.narrow("ceoOf", "Place", "Company") is None
    assert onto.narrow("foundedOn", "Organization", None) == ("Organization", None)
    assert onto.most_specific("Company", "Startup") == "Startup"
    assert onto.most_specific("Startup", "Organization") == "Startup"
    assert onto.most_specific("Company", "Investor") is None
    assert onto.most_specific("Person", "City") is None


def test_coarse_type(onto):
    assert onto.coarse_type("Startup") == "Organization"
    assert onto.coarse_type("Person") == "Person"
    assert onto.coarse_type("AIModel") == "Product"
    assert onto.coarse_type("Region") == "Place"
    assert onto.coarse_type("Technology") == "Technology"
    assert onto.coarse_type("Assertion") is None
    assert onto.coarse_type("Nope") is None
    assert {onto.coarse_type(c) for c in onto.entity_classes()} == set(COARSE_TYPES)


def test_load_errors(tmp_path):
    with pytest.raises(OntologyError, match="missing"):
        Ontology.from_file(tmp_path / "techkg.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix tk: <https://techkg.dev/ontology#> .\ntk:A a tk:B tk:C .", encoding="utf-8")
    with pytest.raises(OntologyError, match="not valid Turtle"):
        Ontology.from_file(bad)
    headless = tmp_path / "headless.ttl"
    headless.write_text("<https://x/a> a <https://x/B> .", encoding="utf-8")
    with pytest.raises(OntologyError, match="owl:Ontology"):
        Ontology.from_file(headless)
    two_domains = tmp_path / "two.ttl"
    two_domains.write_text(
        "@prefix tk: <https://techkg.dev/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://techkg.dev/ontology> a owl:Ontology ; owl:versionInfo "9" .\n'
        "tk:A a owl:Class . tk:B a owl:Class .\n"
        "tk:p a owl:ObjectProperty ; rdfs:domain tk:A , tk:B ; rdfs:range tk:A .\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError, match="owl:unionOf"):
        Ontology.from_file(two_domains)
    assert load_ontology() is load_ontology()


# ---------------------------------------------------------------------------
# The shapes file agrees with the ontology
# ---------------------------------------------------------------------------


def _local(node) -> str:
    return str(node)[len(NS):]


def test_shapes_cover_every_relation(onto):
    shapes = shapes_graph()
    for pred in (SH.targetSubjectsOf, SH.targetObjectsOf):
        covered = {_local(p) for p in shapes.objects(None, pred) if str(p).startswith(NS)}
        assert RELATIONS <= covered
    fact_shape = URIRef("https://techkg.dev/shapes#FactProvenanceShape")
    target_query = str(shapes.value(shapes.value(fact_shape, SH.target), SH.select))
    values = re.search(r"VALUES \?path \{([^}]*)\}", target_query).group(1)
    assert set(re.findall(r"tk:(\w+)", values)) == RELATIONS
    constraint_query = str(shapes.value(shapes.value(fact_shape, SH.sparql), SH.select))
    listed = re.search(r"FILTER \(\?path IN \(([^)]*)\)\)", constraint_query).group(1)
    assert set(re.findall(r"tk:(\w+)", listed)) == RELATIONS
    # the target and the constraint test the same thing
    body = lambda q: q[q.index("?path ?value ."):].replace("$this", "?this")
    assert body(target_query).split("FILTER NOT EXISTS", 1)[1] == body(constraint_query).split("FILTER NOT EXISTS", 1)[1]
    # rdf:predicate of an assertion: sh:in the relation properties; modality: sh:in MODALITIES
    in_lists = {}
    for prop_shape in shapes.subjects(SH["in"], None):
        path = shapes.value(prop_shape, SH.path)
        from rdflib.collection import Collection

        in_lists[path] = list(Collection(shapes, shapes.value(prop_shape, SH["in"])))
    assert {_local(p) for p in in_lists[RDF.predicate]} == RELATIONS
    assert tuple(str(m) for m in in_lists[TK.modality]) == MODALITIES


def test_disjointness_shapes_match_the_ontology(onto):
    shapes = shapes_graph()
    pairs = set()
    for shape in shapes.subjects(SH["not"], None):
        (cls,) = shapes.objects(shape, SH.targetClass)
        other = shapes.value(shapes.value(shape, SH["not"]), SH["class"])
        pairs.add(frozenset((_local(cls), _local(other))))
    declared = {frozenset((_local(a), _local(b))) for a, b in onto.graph.subject_objects(OWL.disjointWith)}
    assert pairs == declared
    assert len(declared) == 15  # the five top-level entity kinds pairwise, and events apart from each


def test_shapes_graph_is_a_copy():
    g = shapes_graph()
    n = len(g)
    g.remove((None, None, None))
    assert len(shapes_graph()) == n


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

GOOD = """
@prefix tk: <https://techkg.dev/ontology#> .
@prefix tkid: <https://techkg.dev/id/> .
@prefix tkdoc: <https://techkg.dev/doc/> .
@prefix tkprov: <https://techkg.dev/prov/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

tkdoc:d1 a tk:Article ; dcterms:source "news/alibaba.txt" ; dcterms:language "ko" .

tkid:alibaba-group a tk:Company ;
    rdfs:label "알리바바"@ko , "Alibaba Group"@en ; skos:altLabel "阿里巴巴"@zh ;
    tk:mentionedIn tkdoc:d1 .
tkid:qwen-2-5-max a tk:AIModel ; rdfs:label "Qwen 2.5 Max"@en ; tk:mentionedIn tkdoc:d1 .
<https://techkg.dev/id/ko/우영무> a tk:Person ; rdfs:label "우영무"@ko .

tkid:alibaba-group tk:develops tkid:qwen-2-5-max .
<https://techkg.dev/id/ko/우영무> tk:ceoOf tkid:alibaba-group .
tkid:alibaba-group tk:foundedOn "1999"^^xsd:gYear .

tkprov:a1 a tk:Assertion ;
    rdf:subject tkid:alibaba-group ; rdf:predicate tk:develops ; rdf:object tkid:qwen-2-5-max ;
    prov:wasDerivedFrom tkdoc:d1 ;
    tk:sentenceText "알리바바는 지난달 큐원 2.5 맥스를 공개했다."@ko ; tk:sentenceIndex 14 ;
    tk:startOffset 1234 ; tk:endOffset 1270 ;
    tk:extractor "ko.subject_verb_object" ; tk:extractorVersion "0.1.0" ;
    tk:confidence 0.9 ; tk:modality "asserted" ;
    prov:wasGeneratedBy tkprov:run .

tkprov:a2 a tk:Assertion ;
    rdf:subject <https://techkg.dev/id/ko/우영무> ; rdf:predicate tk:ceoOf ; rdf:object tkid:alibaba-group ;
    prov:wasDerivedFrom tkdoc:d1 ;
    tk:sentenceText "우영무 알리바바 대표는 말했다."@ko ; tk:sentenceIndex 15 ;
    tk:startOffset 1300 ; tk:endOffset 1310 ;
    tk:extractor "ko.genitive_title" ; tk:confidence "0.8"^^xsd:double ;
    prov:wasGeneratedBy tkprov:run .

tkprov:a3 a tk:Assertion ;
    rdf:subject tkid:alibaba-group ; rdf:predicate tk:foundedOn ; rdf:object "1999"^^xsd:gYear ;
    prov:wasDerivedFrom tkdoc:d1 ;
    tk:sentenceText "1999년 설립된 알리바바"@ko ; tk:startOffset 0 ; tk:endOffset 0 ;
    tk:extractor "ko.founded_year" ; tk:confidence 1.0 ;
    prov:wasGeneratedBy tkprov:run .

tkprov:run a prov:Activity ; prov:startedAtTime "2025-01-01T00:00:00Z"^^xsd:dateTime .
"""

ALIBABA = TKID["alibaba-group"]
QWEN = TKID["qwen-2-5-max"]
WOO = TKID["ko/우영무"]


def good_graph() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


def add_assertion(g: Graph, name: str, s, p, o) -> URIRef:
    a = TKPROV[name]
    for pred, obj in [
        (RDF.type, TK.Assertion), (RDF.subject, s), (RDF.predicate, p), (RDF.object, o),
        (PROV.wasDerivedFrom, TKDOC.d1), (TK.sentenceText, Literal("...", lang="en")),
        (TK.startOffset, Literal(5)), (TK.endOffset, Literal(9)), (TK.extractor, Literal("en.test")),
        (TK.confidence, Literal(0.5)),
    ]:
        g.add((a, pred, obj))
    return a


def assert_fails(report: ValidationReport, *needles: str) -> None:
    assert not report.conforms, report.text
    assert any(all(n in line for n in needles) for line in report.violations), report.violations


def test_conforming_graph():
    report = validate(good_graph())
    assert report.conforms, report.violations
    assert report.violations == []
    assert isinstance(report.results_graph, Graph)
    assert "Conforms: True" in report.text


def test_validation_is_fast():
    g = good_graph()
    validate(g)  # warm-up: imports pyshacl
    start = time.perf_counter()
    validate(g)
    assert time.perf_counter() - start < 2.0


def test_fact_without_assertion_fails():
    g = good_graph()
    g.remove((TKPROV.a1, None, None))
    report = validate(g)
    assert_fails(report, "tkid:alibaba-group", "tk:develops", "tkid:qwen-2-5-max", "no tk:Assertion")
    assert len(report.violations) == 1


def test_literal_fact_without_assertion_fails():
    g = good_graph()
    g.remove((TKPROV.a3, None, None))
    assert_fails(validate(g), "tk:foundedOn", "1999", "no tk:Assertion")


def test_assertion_backs_entailed_triples():
    g = good_graph()
    # ceoOf entails executiveOf and employeeOf
    g.add((WOO, TK.employeeOf, ALIBABA))
    g.add((WOO, TK.executiveOf, ALIBABA))
    # symmetric: one assertion backs both directions
    tencent = TKID["tencent"]
    g.add((tencent, RDF.type, TK.Company))
    g.add((tencent, RDFS.label, Literal("Tencent", lang="en")))
    g.add((ALIBABA, TK.competitorOf, tencent))
    g.add((tencent, TK.competitorOf, ALIBABA))
    add_assertion(g, "c1", ALIBABA, TK.competitorOf, tencent)
    # inverse: subsidiaryOf backs parentOf
    ant = TKID["ant-group"]
    g.add((ant, RDF.type, TK.Company))
    g.add((ant, RDFS.label, Literal("앤트그룹", lang="ko")))
    g.add((ant, TK.subsidiaryOf, ALIBABA))
    g.add((ALIBABA, TK.parentOf, ant))
    add_assertion(g, "s1", ant, TK.subsidiaryOf, ALIBABA)
    report = validate(g)
    assert report.conforms, report.violations
    # but the reverse of a non-symmetric property is not backed
    g.add((ALIBABA, TK.supplierOf, ant))
    g.add((ant, TK.supplierOf, ALIBABA))
    add_assertion(g, "p1", ALIBABA, TK.supplierOf, ant)
    assert_fails(validate(g), "tkid:ant-group", "tk:supplierOf", "no tk:Assertion")


def test_subject_of_wrong_class_fails():
    g = good_graph()
    seoul = TKID["seoul"]
    g.add((seoul, RDF.type, TK.City))
    g.add((seoul, RDFS.label, Literal("서울", lang="ko")))
    g.add((seoul, TK.employeeOf, ALIBABA))
    add_assertion(g, "x1", seoul, TK.employeeOf, ALIBABA)
    report = validate(g)
    assert_fails(report, "tkid:seoul", "subject of tk:employeeOf must be a tk:Person")
    assert len(report.violations) == 1


def test_object_of_wrong_class_and_union_domains():
    g = good_graph()
    seoul = TKID["seoul"]
    g.add((seoul, RDF.type, TK.City))
    g.add((seoul, RDFS.label, Literal("서울", lang="ko")))
    g.add((ALIBABA, TK.develops, seoul))
    add_assertion(g, "x2", ALIBABA, TK.develops, seoul)
    g.add((seoul, TK.founderOf, ALIBABA))
    add_assertion(g, "x3", seoul, TK.founderOf, ALIBABA)
    report = validate(g)
    assert_fails(report, "tkid:seoul", "object of tk:develops must be a tk:Product")
    assert_fails(report, "tkid:seoul", "subject of tk:founderOf must be a tk:Person or tk:Organization")
    # a company may found a company (union domain)
    g2 = good_graph()
    g2.add((ALIBABA, TK.founderOf, TKID["ant-group"]))
    g2.add((TKID["ant-group"], RDF.type, TK.Startup))
    g2.add((TKID["ant-group"], RDFS.label, Literal("Ant", lang="en")))
    add_assertion(g2, "f1", ALIBABA, TK.founderOf, TKID["ant-group"])
    assert validate(g2).conforms


def test_untyped_subject_fails():
    g = good_graph()
    g.add((TKID["ghost"], TK.acquired, ALIBABA))
    add_assertion(g, "g1", TKID["ghost"], TK.acquired, ALIBABA)
    assert_fails(validate(g), "tkid:ghost", "subject of tk:acquired must be a tk:Organization")


def test_listed_in_a_place_conforms():
    g = good_graph()
    hk = TKID["hong-kong"]
    g.add((hk, RDF.type, TK.City))
    g.add((hk, RDFS.label, Literal("香港", lang="zh")))
    g.add((ALIBABA, TK.listedOn, hk))
    add_assertion(g, "l1", ALIBABA, TK.listedOn, hk)
    assert validate(g).conforms


def test_competitor_kinds_must_match():
    g = good_graph()
    g.add((ALIBABA, TK.competitorOf, QWEN))
    add_assertion(g, "c2", ALIBABA, TK.competitorOf, QWEN)
    assert_fails(validate(g), "tkid:alibaba-group", "tk:competitorOf another tk:Organization")


def test_entity_without_label_fails():
    g = good_graph()
    g.remove((QWEN, RDFS.label, None))
    assert_fails(validate(g), "tkid:qwen-2-5-max", "rdfs:label with a language tag")
    g.add((QWEN, RDFS.label, Literal("Qwen 2.5 Max")))  # untagged is not enough
    assert_fails(validate(g), "tkid:qwen-2-5-max", "rdfs:label with a language tag")


def test_entity_of_two_disjoint_kinds_fails():
    g = good_graph()
    g.add((WOO, RDF.type, TK.Company))
    assert_fails(validate(g), "tkid:ko/우영무", "both a", "tk:Person", "tk:Organization")


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda g: g.remove((TKPROV.a1, TK.confidence, None)), "tk:confidence"),
        (lambda g: g.set((TKPROV.a1, TK.confidence, Literal(1.5))), "tk:confidence"),
        (lambda g: g.set((TKPROV.a1, TK.confidence, Literal("high"))), "tk:confidence"),
        (lambda g: g.remove((TKPROV.a1, TK.sentenceText, None)), "tk:sentenceText"),
        (lambda g: g.remove((TKPROV.a1, TK.extractor, None)), "tk:extractor"),
        (lambda g: g.remove((TKPROV.a1, TK.startOffset, None)), "tk:startOffset"),
        (lambda g: g.set((TKPROV.a1, TK.startOffset, Literal(-1))), "tk:startOffset"),
        (lambda g: g.set((TKPROV.a1, TK.endOffset, Literal(1000))), "greater than tk:endOffset"),
        (lambda g: g.remove((TKPROV.a1, PROV.wasDerivedFrom, None)), "prov:wasDerivedFrom"),
        (lambda g: g.set((TKPROV.a1, PROV.wasDerivedFrom, TKID["alibaba-group"])), "prov:wasDerivedFrom"),
        (lambda g: g.add((TKPROV.a1, RDF.subject, QWEN)), "rdf:subject"),
        (lambda g: g.set((TKPROV.a1, RDF.predicate, TK.mentionedIn)), "rdf:predicate"),
        (lambda g: g.set((TKPROV.a1, TK.modality, Literal("maybe"))), "tk:modality"),
        (lambda g: g.add((TKID["samsung"], TK.mentionedIn, QWEN)), "tk:mentionedIn must be a tk:Article"),
    ],
)
def test_broken_assertion_fails(change, needle):
    g = good_graph()
    change(g)
    assert_fails(validate(g), needle)


def test_modalities_accepted():
    for modality in MODALITIES:
        g = good_graph()
        g.set((TKPROV.a1, TK.modality, Literal(modality)))
        assert validate(g).conforms, modality


def test_bad_founding_date_fails():
    g = good_graph()
    g.remove((ALIBABA, TK.foundedOn, None))
    g.remove((TKPROV.a3, RDF.object, None))
    g.add((ALIBABA, TK.foundedOn, Literal("in 1999")))
    g.add((TKPROV.a3, RDF.object, Literal("in 1999")))
    assert_fails(validate(g), "tk:foundedOn must be an xsd:date or xsd:gYear or xsd:gYearMonth")
    g2 = good_graph()
    g2.set((ALIBABA, TK.foundedOn, Literal("1999-09-09", datatype=XSD.date)))
    g2.set((TKPROV.a3, RDF.object, Literal("1999-09-09", datatype=XSD.date)))
    assert validate(g2).conforms


def test_dataset_is_validated_as_one_graph():
    ds = Dataset()
    facts = ds.graph(URIRef("https://techkg.dev/graph/facts"))
    provenance = ds.graph(URIRef("https://techkg.dev/graph/provenance"))
    for triple in good_graph():
        target = provenance if str(triple[0]).startswith(str(TKPROV)) else facts
        target.add(triple)
    assert validate(ds).conforms
    provenance.remove((TKPROV.a2, None, None))
    assert_fails(validate(ds), "tk:ceoOf", "no tk:Assertion")


def test_validate_does_not_modify_the_input():
    g = good_graph()
    n = len(g)
    validate(g)
    assert len(g) == n
