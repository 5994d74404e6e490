"""kg.sparql: binding parameters as terms (nested SELECT, LIMIT, language tags, the injection guard),
finding entities by name, result formats."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import InputError, QueryError
from kg.sparql import graph_store, resolve_entity, run_query, substitute

ROOT = Path(__file__).resolve().parent.parent
TKID = "https://techkg.dev/id/"


@pytest.fixture(scope="module")
def seed():
    return graph_store(ROOT / "exports" / "graph.trig")


def test_a_parameter_projected_by_a_nested_select_stays_projected(seed):
    q = ("SELECT ?e WHERE { { SELECT ?name ?e WHERE { ?e rdfs:label ?name } } } ORDER BY ?name")
    rows = run_query(seed, q, bindings={"name": Literal("비렌", lang="ko")}).rows
    assert [str(r[0]) for r in rows] == [TKID + "biren"]


def test_limit_takes_an_integer_parameter_and_nothing_else(seed):
    q = "SELECT ?e WHERE { ?e a tk:Company } ORDER BY ?e LIMIT ?n"
    assert len(run_query(seed, q, bindings={"n": Literal(2)}).rows) == 2
    for bad in (Literal(-1), Literal("2"), URIRef("urn:x")):
        with pytest.raises(QueryError, match="whole number"):
            run_query(seed, q, bindings={"n": bad})


def test_typed_and_language_tagged_values_are_single_terms():
    assert substitute("ASK { ?s ?p ?v }", {"v": Literal("2025-02", datatype=XSD.gYearMonth)}) == \
        'ASK { ?s ?p "2025-02"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> }'
    assert substitute("ASK { ?s ?p ?v }", {"v": Literal('a"b', lang="zh-Hans")}) == 'ASK { ?s ?p "a\\"b"@zh-Hans }'


@pytest.mark.parametrize("evil", ['x" } ; DROP ALL #', 'x\\', '"""', "'''", "x\n} INSERT DATA { <a> <b> <c> }",
                                  '\u0000"', "?other", "<urn:x>"])
def test_no_value_changes_the_query_around_it(seed, evil):
    q = "SELECT ?e WHERE { ?e rdfs:label ?l FILTER(STR(?l) = ?name) }"
    text = substitute(q, {"name": Literal(evil)})
    assert text.startswith("SELECT ?e WHERE { ?e rdfs:label ?l FILTER(STR(?l) = \"") and text.endswith("\") }")
    assert run_query(seed, q, bindings={"name": Literal(evil)}).rows == []


def test_an_iri_with_forbidden_characters_is_refused():
    with pytest.raises(QueryError, match="not a valid IRI"):
        substitute("ASK { ?s ?p ?o }", {"s": URIRef("urn:x> } ; DROP ALL ; <urn:y")})


def test_entities_are_found_by_any_name_exact_names_first(seed):
    for name in ("Biren Technology", "비렌", "biren", "tkid:biren", f"<{TKID}biren>", "BIREN"):
        assert str(resolve_entity(seed, name)) == TKID + "biren", name
    assert str(resolve_entity(seed, "Alibaba")) == TKID + "alibaba-group"  # the distinctive part
    with pytest.raises(InputError, match="no entity named 'Nobody'"):
        resolve_entity(seed, "Nobody")
