"""exports/ holds the graph of seeds/, kept current: rebuilding must give the same graph."""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic, graph_diff
from rdflib.namespace import PROV

import kg

ROOT = Path(__file__).resolve().parent.parent


def _without_timestamps(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        if t[1] != PROV.startedAtTime:
            out.add(t)
    return out


def test_exports_graph_is_current(tmp_path, monkeypatch):
    committed = ROOT / "exports" / "graph.ttl"
    assert committed.exists(), "exports/graph.ttl is missing: run `make demo`"
    monkeypatch.chdir(ROOT)  # as `make demo` does: sources are recorded as given, 'seeds/...'
    kg.build(["seeds/"], tmp_path, formats=["turtle"])
    old = _without_timestamps(Graph().parse(committed))
    new = _without_timestamps(Graph().parse(tmp_path / "graph.ttl"))
    if not isomorphic(old, new):
        _, only_old, only_new = graph_diff(to_isomorphic(old), to_isomorphic(new))
        raise AssertionError(
            "exports/ is stale: run `make demo` and commit exports/\n"
            f"only in exports/: {sorted(map(str, only_old))[:5]}\nonly in a fresh build: {sorted(map(str, only_new))[:5]}")


def test_exports_html_draws_the_seed_graph():
    html = (ROOT / "exports" / "graph.html").read_text(encoding="utf-8")
    for name in ("알리바바", "장원", "비렌"):
        assert name in html or json.dumps(name)[1:-1] in html  # labels may be JSON-escaped


def test_every_rdf_export_holds_the_same_graph():
    """graph.trig, graph.nq and graph.jsonld are graph.ttl in other syntaxes (TriG and N-Quads with a
    named graph per article holding its provenance)."""
    from kg.sparql import graph_store

    turtle = kg.load(ROOT / "exports" / "graph.ttl")
    for name in ("graph.trig", "graph.nq", "graph.jsonld"):
        assert isomorphic(kg.load(ROOT / "exports" / name), turtle), f"exports/{name} differs from graph.ttl"
    for name in ("graph.trig", "graph.nq"):
        store = graph_store(ROOT / "exports" / name)
        assert [g.value for g in store.named_graphs()] == ["https://techkg.dev/doc/000_bb1140d7c5ae393e"]
        assert len(store) == len(turtle)
