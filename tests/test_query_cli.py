"""`kg query` from the command line: sources, query forms, result formats, saved queries, parameters,
errors; `kg push` and `kg query --endpoint` against a real Oxigraph server."""
from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.cli import main
from kg.rdf import TK, TKID

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
SEED = ROOT / "seeds" / "000_bb1140d7c5ae393e.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    import kg

    path = tmp_path_factory.mktemp("q") / "store"
    kg.build([SEED], None, store=path)
    return path


def run(*args):
    """`kg query ARGS`, or another command when the first argument is its name."""
    args = [str(a) for a in args]
    if args[0] not in ("push",):
        args = ["query", *args]
    return CliRunner().invoke(main, args)


def one_error(res) -> str:
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    return lines[0]


def test_select_as_table_csv_tsv_and_json(store):
    q = "SELECT ?who ?org WHERE { ?who tk:founderOf ?org } ORDER BY ?org"
    table = run(store, q)
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["who", "org"]
    assert "tkid:zhou-hongyi" in table.stdout and "(2 rows)" in table.stderr
    rows = list(csv.reader(io.StringIO(run(store, q, "--format", "csv").stdout)))
    assert rows[0] == ["who", "org"] and [str(TKID["zhou-hongyi"]), str(TKID["qihoo-360"])] in rows
    tsv = run(store, q, "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "?who\t?org" and f"<{TKID['zhou-hongyi']}>\t<{TKID['qihoo-360']}>" in tsv
    doc = json.loads(run(store, q, "--format", "json").stdout)
    assert doc["head"]["vars"] == ["who", "org"] and len(doc["results"]["bindings"]) == 2


def test_ask_construct_and_describe(store):
    assert run(store, "ASK { tkid:biren a tk:Startup }").stdout == "true\n"
    assert json.loads(run(store, "ASK { tkid:biren a tk:Person }", "--format", "json").stdout) == \
        {"head": {}, "boolean": False}
    res = run(store, "CONSTRUCT { ?o tk:hasFounder ?p } WHERE { ?p tk:founderOf ?o }")
    assert res.exit_code == 0, res.stderr
    g = Graph().parse(data=res.stdout, format="turtle")
    assert len(g) == 2 and (TKID["qihoo-360"], URIRef(str(TK) + "hasFounder"), TKID["zhou-hongyi"]) in g
    res = run(store, "DESCRIBE tkid:biren", "--format", "turtle")
    g = Graph().parse(data=res.stdout, format="turtle")
    assert (TKID["biren"], URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), TK.Startup) in g
    res = run(store, "DESCRIBE tkid:biren", "--format", "csv")
    assert res.exit_code == 2 and "use --format turtle" in one_error(res)


def test_a_build_folder_a_graph_file_and_the_store_agree(store):
    q = "SELECT ?e ?l WHERE { ?e a tk:Company ; rdfs:label ?l } ORDER BY ?e ?l"
    outs = {run(src, q, "--format", "tsv").stdout for src in (store, EXPORTS, EXPORTS / "graph.ttl",
                                                              EXPORTS / "graph.nq")}
    assert len(outs) == 1 and outs.pop().count("\n") > 10
    rdflib_out = run(EXPORTS, q, "--format", "tsv", "--engine", "rdflib").stdout
    # the engines order literals of different languages differently; the rows are the same
    assert sorted(rdflib_out.splitlines()) == sorted(run(store, q, "--format", "tsv").stdout.splitlines())


def test_query_from_a_file(store, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("# who founded what\nSELECT ?who WHERE { ?who tk:founderOf tkid:biren }\n", encoding="utf-8")
    res = run(store, "-f", f, "--format", "csv")
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 2


def test_saved_queries_are_listed_with_their_parameters():
    res = run("--list")
    assert res.exit_code == 0
    assert "founders-of  --param company=ENTITY" in res.stdout
    names = {line.split()[0] for line in res.stdout.splitlines() if line and not line.startswith(" ")}
    assert {p.stem for p in (ROOT / "queries").glob("*.rq")} == names


def test_a_saved_query_with_a_parameter_in_three_spellings(store):
    answers = {run(store, "founders-of", "--param", f"company={name}", "--format", "csv").stdout
               for name in ("Qihoo 360", "치후360", "tkid:qihoo-360")}
    assert len(answers) == 1
    assert str(TKID["zhou-hongyi"]) in answers.pop()


def test_parameters_are_checked(store):
    res = run(store, "founders-of")
    assert res.exit_code == 2 and one_error(res).startswith("error: saved query founders-of needs --param company=")
    res = run(store, "founders-of", "--param", "firm=Alibaba")
    assert res.exit_code == 2 and "has no parameter 'firm' (its parameters: company)" in one_error(res)
    res = run(store, "founders-of", "--param", "company=Nobody Inc")
    assert res.exit_code == 2 and "no entity named 'Nobody Inc'" in one_error(res)
    res = run(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--param", "x=1")
    assert res.exit_code == 2 and "has none" in one_error(res)
    res = run(store, "founders-of", "--param", "company")
    assert res.exit_code == 2 and "NAME=VALUE" in one_error(res)


def test_a_parameter_cannot_inject_sparql(store, tmp_path):
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "by-label.rq").write_text(
        "# Entities with exactly this label.\n# @param name string  A label\n"
        "SELECT ?e WHERE { ?e rdfs:label ?l FILTER(STR(?l) = ?name) }\n", encoding="utf-8")
    before = run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv").stdout
    for evil in ('x") } ; DROP ALL #', "x' || true || '", "\\u0022) } #", "비렌"):
        res = run(store, "by-label", "--queries", queries, "--param", f"name={evil}", "--format", "csv")
        assert res.exit_code == 0, res.stderr
        rows = res.stdout.splitlines()[1:]
        assert rows == ([str(TKID["biren"])] if evil == "비렌" else [])
    assert run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv").stdout == before


def test_bad_queries_and_sources_are_one_line(store, tmp_path):
    res = run(store, "DROP ALL")
    assert res.exit_code == 2 and "DROP is an update" in one_error(res)
    res = run(store, "SELECT ?x WHERE { ?x ?p }")
    assert res.exit_code == 2 and one_error(res).startswith("error: SPARQL syntax error at line 1, column ")
    res = run(tmp_path / "nothing-here", "ASK {}")
    assert res.exit_code == 2 and "no such graph file" in one_error(res)
    res = run("ASK {}")  # no store at the default place (TECHKG_STORE of this test)
    assert res.exit_code == 2 and "no store at" in one_error(res)
    res = run(store, "founders-off")
    assert res.exit_code == 2
    assert one_error(res) == "error: no saved query named 'founders-off' (did you mean founders-of?); " \
                             "kg query --list shows them"
    res = run(store)  # a source and no query
    assert res.exit_code == 2 and one_error(res).startswith(f"error: no query given for {store}")


# -- a real server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def union_server(tmp_path_factory):
    """`oxigraph serve` with a union default graph, as docs/STORE.md advises, on a loopback port (one empty
    server per test: a push is compared with what the server then holds)."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("the oxigraph server is missing: install the test extra (pip install -e '.[test]')")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("srv")), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("oxigraph serve did not start")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_push_then_saved_queries_answer_on_the_server_as_locally(store, union_server):
    res = run("push", "--endpoint", f"{union_server}/query", "--store", store)
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("pushed 2 graphs, ")
    endpoint = f"{union_server}/query"
    for args in (["founders-of", "--param", "company=치후360"], ["events-of", "--param", "entity=Alibaba"],
                 ["facts-evidence", "--param", "entity=비렌"], ["top-entities"]):
        local = run(store, *args, "--format", "tsv")
        remote = run("--endpoint", endpoint, *args, "--format", "tsv")
        assert local.exit_code == remote.exit_code == 0, (args, local.stderr, remote.stderr)
        assert sorted(local.stdout.splitlines()) == sorted(remote.stdout.splitlines()), args
        assert len(local.stdout.splitlines()) > 1, args
    # pushing again replaces the graphs: the server holds the same number of triples
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = run("--endpoint", endpoint, count, "--format", "csv").stdout
    assert run("push", "--endpoint", endpoint, "--store", store).exit_code == 0
    assert run("--endpoint", endpoint, count, "--format", "csv").stdout == before


def test_push_and_remote_errors_are_one_line(store, tmp_path):
    res = run("push", "--endpoint", f"http://127.0.0.1:{_free_port()}/query", "--store", store)
    assert res.exit_code == 2 and "cannot reach" in one_error(res)
    res = run("push", "--endpoint", "http://example.org/weird/path", "--store", store)
    assert res.exit_code == 2 and "--graph-store" in one_error(res)
    res = run("push", "--endpoint", "http://127.0.0.1:1/query", "--store", tmp_path / "none")
    assert res.exit_code == 2 and "no techkg store" in one_error(res)


def test_a_second_push_sends_only_what_changed_and_deletes_what_was_removed(tmp_path, union_server):
    """After one more article and one removed, a push sends the default graph and the new article's graph
    and deletes the removed one; the server then holds what the store holds."""
    import kg

    store = tmp_path / "store"
    folder = ROOT / "tests" / "data" / "crossdoc" / "articles"
    # three articles on unrelated companies: removing one leaves the other's graph as it was
    articles = [folder / "04_en_yaoguang_kaiyang2.txt", folder / "33_zh_hbm_supply.txt",
                folder / "29_zh_llm_price_war.txt"]
    kg.build(articles[:2], None, store=store)
    endpoint = f"{union_server}/query"
    assert run("push", "--endpoint", endpoint, "--store", store, "--all").exit_code == 0
    res = run("push", "--endpoint", endpoint, "--store", store)
    assert res.exit_code == 0 and res.stdout.startswith("pushed 0 graphs, 0 triples"), res.stdout
    kg.build([articles[2]], None, store=store)
    kg.remove(store, [articles[0].stem])
    res = run("push", "--endpoint", endpoint, "--store", store)
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("pushed 2 graphs, ") and "; 1 unchanged, 1 removed" in res.stdout, res.stdout
    count = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    local = run(store, count, "--format", "csv").stdout
    remote = run("--endpoint", endpoint, count, "--format", "csv").stdout
    assert local == remote and local.count("\n") == 3  # header + two article graphs
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # the union: default graph and articles
    assert run(store, everything, "--format", "csv").stdout == \
        run("--endpoint", endpoint, everything, "--format", "csv").stdout
