"""kg.exporters: every format writes a file that reads back; writes are atomic."""
from __future__ import annotations

import csv
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("kg.ontology", reason="kg/ontology.py (TK namespace) is not there yet")

import networkx as nx  # noqa: E402
from rdflib import Dataset, Graph, URIRef  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402
from rdflib.namespace import RDF  # noqa: E402

from kg.errors import UnknownNameError  # noqa: E402
from kg.exporters import EXPORTERS, Exporter, atomic_write, export  # noqa: E402
from kg.exporters.html import VizError, remote_refs, render_html, view_data  # noqa: E402
from kg.rdf import graph_view  # noqa: E402
from kg.model import Document, DocumentResult, Entity, Evidence, Fact, Sentence, Value  # noqa: E402
from kg.ontology import TK  # noqa: E402
from kg.rdf import TKDOC, to_graph  # noqa: E402

T0 = datetime(2025, 3, 1, tzinfo=timezone.utc)
FORMATS = ["csv", "graphml", "html", "jsonld", "nquads", "trig", "turtle"]


def results() -> list[DocumentResult]:
    text = "삼성전자는 엔비디아와 협력하고 엔비디아에 HBM을 공급한다. 삼성전자는 2019년 설립된 레인보우로보틱스에 투자했다."
    doc = Document(id="ko_002", text=text, lang="ko", title="삼성과 엔비디아")
    s0, s1 = Sentence(0, 0, 33, text[:33]), Sentence(1, 34, len(text), text[34:])
    ents = {
        "samsung-electronics": Entity("samsung-electronics", "Company", "삼성전자", "ko", labels={"en": "Samsung Electronics"}),
        "nvidia": Entity("nvidia", "Company", "엔비디아", "ko", labels={"en": "Nvidia"}),
        "ko/레인보우로보틱스": Entity("ko/레인보우로보틱스", "Startup", "레인보우로보틱스", "ko"),
    }
    ev = lambda s, c, m="asserted": Evidence("ko_002", s.index, s.text, s.start, s.end, "ko.test", "0.1.0", c, m)  # noqa: E731
    facts = [
        # two relations between the same pair, same direction: both must survive as edges
        Fact("samsung-electronics", "partneredWith", "nvidia", (ev(s0, 0.8),)),
        Fact("samsung-electronics", "supplierOf", "nvidia", (ev(s0, 0.7),)),
        Fact("samsung-electronics", "investsIn", "ko/레인보우로보틱스", (ev(s1, 0.9),)),
        Fact("ko/레인보우로보틱스", "foundedOn", Value("date", "2019년", 40, 45, 1, "2019"), (ev(s1, 0.6),)),
    ]
    return [DocumentResult(doc, [s0, s1], ents, facts)]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_graph(results(), started_at=T0)


def test_registry_lists_every_format():
    assert EXPORTERS.names() == FORMATS
    for name in FORMATS:
        exp = EXPORTERS.get(name)
        assert isinstance(exp, Exporter) and callable(exp.export)
    assert EXPORTERS.get("turtle").extension == "ttl"
    assert EXPORTERS.get("csv").writes_folder and EXPORTERS.get("csv").default_name == "csv"


def test_unknown_format_lists_valid_names(tmp_path):
    with pytest.raises(UnknownNameError) as err:
        export(Graph(), "pdf", tmp_path / "x.pdf")
    msg = str(err.value)
    assert "pdf" in msg and all(name in msg for name in FORMATS)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_rdf_formats_parse_back(tmp_path, graph, fmt):
    exp = EXPORTERS.get(fmt)
    path = tmp_path / exp.default_name
    exp(graph, path)
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(path, format=fmt)
        flat = Graph()
        for s, p, o, _c in ds.quads((None, None, None, None)):
            flat.add((s, p, o))
        assert isomorphic(flat, graph)
        # facts in the default graph, provenance in the document's named graph
        doc_graph = ds.graph(TKDOC["ko_002"])
        assert len(list(doc_graph.subjects(RDF.type, TK.Assertion))) == 4
        assert (URIRef("https://techkg.dev/id/samsung-electronics"), TK.supplierOf, URIRef("https://techkg.dev/id/nvidia")) in ds.default_graph
        assert not list(ds.default_graph.subjects(RDF.type, TK.Assertion))
    else:
        back = Graph().parse(path, format="json-ld" if fmt == "jsonld" else fmt)
        assert isomorphic(back, graph)
    if fmt == "jsonld":
        assert "tkid" in json.loads(path.read_text(encoding="utf-8"))["@context"]


def test_turtle_uses_fixed_prefixes(tmp_path, graph):
    path = tmp_path / "graph.ttl"
    export(graph, "turtle", path)
    text = path.read_text(encoding="utf-8")
    for prefix in ("tk:", "tkid:", "tkdoc:", "tkprov:", "rdf:", "rdfs:", "xsd:", "prov:", "dcterms:"):
        assert f"@prefix {prefix} " in text
    export(graph, "turtle", tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == path.read_bytes()


def test_graphml_keeps_parallel_edges(tmp_path, graph):
    path = tmp_path / "graph.graphml"
    export(graph, "graphml", path)
    G = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(G, nx.MultiDiGraph)
    s, n = "https://techkg.dev/id/samsung-electronics", "https://techkg.dev/id/nvidia"
    preds = sorted(d["predicate"] for d in G.get_edge_data(s, n).values())
    assert preds == ["partneredWith", "supplierOf"]
    assert G.nodes[s]["label"] == "삼성전자" and G.nodes[s]["type"] == "Company" and G.nodes[s]["iri"] == s
    rb = "https://techkg.dev/id/ko/레인보우로보틱스"
    assert G.nodes[rb]["foundedOn"] == "2019"
    edge = next(iter(G.get_edge_data(s, rb).values()))
    assert edge["predicate"] == "investsIn" and float(edge["confidence"]) == 0.9 and edge["documents"] == "ko_002"
    assert G.number_of_edges() == 3


def test_csv_nodes_and_edges_are_the_graphml_graph(tmp_path, graph):
    """nodes.csv/edges.csv (Gephi's column names) hold the entity multigraph, parallel relations kept."""
    folder = tmp_path / "csv"
    export(graph, "csv", folder)
    with open(folder / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(folder / "edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:2] == ["Id", "Label"] and list(edges[0])[:5] == ["Source", "Target", "Type", "Label", "Weight"]
    G = nx.MultiDiGraph()
    G.add_nodes_from(n["Id"] for n in nodes)
    G.add_edges_from((e["Source"], e["Target"], {"relation": e["relation"]}) for e in edges)
    s, n = "https://techkg.dev/id/samsung-electronics", "https://techkg.dev/id/nvidia"
    assert sorted(d["relation"] for d in G.get_edge_data(s, n).values()) == ["partneredWith", "supplierOf"]
    assert (G.number_of_nodes(), G.number_of_edges()) == (3, 3)
    samsung = next(x for x in nodes if x["Id"] == s)
    assert samsung["Label"] == "삼성전자" and samsung["type"] == "Company" and samsung["degree"] == "3"
    inv = next(e for e in edges if e["relation"] == "investsIn")
    assert inv["Type"] == "Directed" and float(inv["Weight"]) == 0.9 and inv["documents"] == "ko_002"


def test_csv_two_files(tmp_path, graph):
    folder = tmp_path / "csv"
    export(graph, "csv", folder)
    with open(folder / "entities.csv", encoding="utf-8", newline="") as f:
        entities = list(csv.DictReader(f))
    with open(folder / "facts.csv", encoding="utf-8", newline="") as f:
        facts = list(csv.DictReader(f))
    assert {e["label"] for e in entities} == {"삼성전자", "엔비디아", "레인보우로보틱스"}
    samsung = next(e for e in entities if e["id"] == "samsung-electronics")
    assert samsung["type"] == "Company" and "en:Samsung Electronics" in samsung["labels"].split("|")
    assert len(facts) == 4
    inv = next(f for f in facts if f["predicate"] == "investsIn")
    assert inv["subject_label"] == "삼성전자" and inv["object_label"] == "레인보우로보틱스"
    assert inv["object_iri"] == "https://techkg.dev/id/ko/레인보우로보틱스"
    assert inv["doc"] == "ko_002" and inv["sentence_index"] == "1" and inv["sentence"].startswith("삼성전자는 2019년")
    assert (inv["start"], inv["end"], inv["confidence"], inv["asserted"]) == ("34", str(len(results()[0].document.text)), "0.9", "true")
    date = next(f for f in facts if f["predicate"] == "foundedOn")
    assert date["object_iri"] == "" and date["object_value"] == "2019" and date["object_datatype"].endswith("#gYear")


def _page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "the page carries its graph as JSON"
    return json.loads(m.group(1))


def test_html_is_offline_and_has_the_data(tmp_path, graph):
    path = tmp_path / "graph.html"
    export(graph, "html", path)
    html = path.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert "<title>삼성과 엔비디아</title>" in html
    assert remote_refs(html) == []
    assert "new vis.Network(" in html
    data = _page_data(html)
    labels = {n[0] for n in data["nodes"]}
    assert "삼성전자" in labels
    assert len(data["nodes"]) == len(graph_view(graph).entities)
    relations = {r["name"] for r in data["relations"]}
    assert "supplierOf" in relations
    supplier = next(e for e in data["edges"] if data["relations"][e[2]]["name"] == "supplierOf")
    sentence, doc, *_ = supplier[6][0]
    assert sentence and data["documents"][doc]["id"]  # the evidence sentence and its article


def _big_graph(n: int = 520):
    text = "x"
    doc = Document(id="big", text=text, lang="en")
    ents = {f"e{i}": Entity(f"e{i}", "Company", f"E{i}", "en") for i in range(n)}
    ev = Evidence("big", 0, text, 0, 1, "t", "0", 0.5)
    facts = [Fact(f"e{i}", "partneredWith", f"e{(i * 7 + 1) % n}", (ev,)) for i in range(n)]
    return to_graph([DocumentResult(doc, [], ents, facts)], started_at=T0)


def test_html_big_graph_gets_a_layout_and_no_physics():
    data = view_data(_big_graph(520))
    assert data["physics"] is False and data["mode"] == "all"
    xy = [(n[3], n[4]) for n in data["nodes"]]
    assert len(xy) == 520 and all(isinstance(x, float) and isinstance(y, float) for x, y in xy)
    assert len(set(xy)) > 500  # spread out, not stacked


def test_html_huge_graph_opens_on_an_overview():
    data = view_data(_big_graph(1200), overview_size=100, full_limit=1000)
    assert data["mode"] == "overview" and len(data["initial"]) == 100
    placed = [i for i, n in enumerate(data["nodes"]) if n[3] is not None]
    assert placed == data["initial"]  # only what is drawn is laid out, the rest waits for a neighbourhood
    sizes = sorted((n[2] for n in data["nodes"]), reverse=True)
    assert min(data["nodes"][i][2] for i in data["initial"]) >= sizes[99]  # the biggest are the ones shown


def test_html_focus_opens_on_a_neighbourhood(graph):
    data = view_data(graph, focus="삼성전자", hops=1)
    centre = data["focus"]
    assert data["mode"] == "ego" and data["nodes"][centre][0] == "삼성전자"
    neighbours = {e[1] if e[0] == centre else e[0] for e in data["edges"] if centre in (e[0], e[1])}
    assert set(data["initial"]) == neighbours | {centre}
    with pytest.raises(VizError, match="no entity named"):
        view_data(graph, focus="nobody at all")


def test_html_labels_sizes_and_dashes(graph):
    data = view_data(graph, lang="en", size="pagerank")
    by_label = {n[0]: n for n in data["nodes"]}
    assert by_label["삼성전자"][6] == {"en": "Samsung Electronics", "ko": "삼성전자"}  # for --label-lang
    # Samsung is related to both others; by PageRank it outweighs the startup it invests in
    assert by_label["삼성전자"][2] > by_label["레인보우로보틱스"][2]
    by_degree = view_data(graph)
    assert {n[0]: n[2] for n in by_degree["nodes"]}["삼성전자"] == 1 + by_label["삼성전자"][5]
    assert set(data["dashes"]) >= {"planned", "denied"}
    with pytest.raises(VizError):
        view_data(graph, size="bigness")
    with pytest.raises(VizError, match="no language 'xx'"):
        view_data(graph, lang="xx")
    assert [lg["code"] for lg in data["languages"]] == ["en", "ko", "zh"]  # the label menu: every language
    assert view_data(graph)["lang"] is None  # by default each entity keeps its own label


def test_html_escapes_what_articles_say(tmp_path):
    evil = '<img src=x onerror=alert(1)></script><script>alert(2)</script>'
    text = f"{evil} invested in Acme."
    doc = Document(id="evil", text=text, lang="en", title=evil, url="javascript:alert(3)")
    ents = {"x": Entity("x", "Company", evil, "en"), "acme": Entity("acme", "Company", "Acme", "en")}
    ev = Evidence("evil", 0, text, 0, len(text), "t", "0", 0.9)
    g = to_graph([DocumentResult(doc, [], ents, [Fact("x", "investsIn", "acme", (ev,))])], started_at=T0)
    html = render_html(g)
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    data = _page_data(html)
    assert evil in {n[0] for n in data["nodes"]}  # kept as text, to be shown as text
    assert data["documents"][0]["url"] is None  # a javascript: link is never offered


def _leftovers(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != name)


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old content\n")
    with pytest.raises(RuntimeError):
        with atomic_write(target, "w") as f:
            f.write("half of the new")
            raise RuntimeError("disk on fire")
    assert target.read_text() == "old content\n"
    assert _leftovers(tmp_path, "graph.ttl") == []


def test_exporter_failing_midway_leaves_old_file(tmp_path, graph, monkeypatch):
    target = tmp_path / "graph.graphml"
    target.write_text("previous build\n")

    def broken_write_graphml(G, f, **kwargs):
        f.write(b"<?xml version='1.0'?><graphml>")
        raise OSError("no space left on device")

    monkeypatch.setattr(nx, "write_graphml", broken_write_graphml)
    with pytest.raises(OSError):
        export(graph, "graphml", target)
    assert target.read_text() == "previous build\n"
    assert _leftovers(tmp_path, "graph.graphml") == []


def test_csv_failure_replaces_neither_file(tmp_path, graph, monkeypatch):
    folder = tmp_path / "csv"
    export(graph, "csv", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    import kg.exporters.csv as csv_exporter

    class Boom:
        def __init__(self, f):
            self.n = 0

        def writerow(self, row):
            self.n += 1
            if self.n > 2:
                raise ValueError("boom")

    monkeypatch.setattr(csv_exporter.csv, "writer", Boom)
    with pytest.raises(ValueError):
        export(graph, "csv", folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_atomic_write_new_file_permissions(tmp_path):
    target = tmp_path / "sub" / "new.txt"
    with atomic_write(target) as f:
        f.write("한국어\n")
    assert target.read_text(encoding="utf-8") == "한국어\n"
    assert os.stat(target).st_mode & 0o777 == 0o644


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic(tmp_path, fmt):
    """Same results in another order (other set/dict orders inside) -> byte-identical files."""
    one = results()[0]
    shuffled = DocumentResult(one.document, one.sentences, dict(reversed(list(one.entities.items()))),
                              list(reversed(one.facts)))
    exp = EXPORTERS.get(fmt)
    a, b = tmp_path / "a" / exp.default_name, tmp_path / "b" / exp.default_name
    exp(to_graph([one], started_at=T0), a)
    exp(to_graph([shuffled], started_at=T0), b)
    read = lambda p: b"".join(f.read_bytes() for f in sorted(p.iterdir())) if p.is_dir() else p.read_bytes()  # noqa: E731
    assert read(a) == read(b)
