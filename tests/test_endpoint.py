"""kg.endpoint against a real Oxigraph server: push graphs (Graph Store Protocol), query them (SPARQL Protocol).

The server is the ``oxigraph`` binary of the ``oxigraph`` wheel (the ``test``
extra), started once for the module on a free loopback port and emptied before
each test. A small stub server stands in for behaviour Oxigraph never shows
(the pre-2013 ``typed-literal`` form, HTML error pages, a slow answer) and
records what a request carried.
"""
from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS

from kg.endpoint import PushReport, graph_store_url, push, remote_query
from kg.errors import InputError, QueryError
from kg.rdf import PREFIXES, TKDOC, TKID
from kg.sparql import from_oxigraph, substitute

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "exports"
TK = PREFIXES["tk"]
XSD = Namespace(PREFIXES["xsd"])  # a plain Namespace: doctest collection trips over rdflib's closed XSD class
DOC = TKDOC["000_bb1140d7c5ae393e"]  # the seed article's named graph


# ---------------------------------------------------------------------------
# Fixtures: the Oxigraph server, the seed graph, a stub server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server binary is missing: install the test extra (pip install -e '.[test]')",
                    pytrace=False)
    return found


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """The base URL of a running ``oxigraph serve`` (persistent, in a temporary folder)."""
    folder = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(folder / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: "
                            f"{(folder / 'server.log').read_text(errors='replace')[-500:]}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=0.5) as r:
                    if r.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"oxigraph serve did not answer on {base} within 20 s", pytrace=False)
            time.sleep(0.05)
        with pytest.MonkeyPatch.context() as mp:  # a proxy in the environment must not see loopback requests
            mp.setenv("no_proxy", "127.0.0.1,localhost")
            mp.setenv("NO_PROXY", "127.0.0.1,localhost")
            yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def server(oxigraph_server):
    """The module's server, emptied: ``(query endpoint, Graph Store URL)``."""
    req = urllib.request.Request(f"{oxigraph_server}/update", data=b"DROP ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(req, timeout=5):
        pass
    return f"{oxigraph_server}/query", f"{oxigraph_server}/store"


@pytest.fixture(scope="module")
def seed_trig() -> bytes:
    """The seed build as TriG: facts in the default graph, one named graph per article."""
    trig = EXPORTS / "graph.trig"
    if trig.exists():
        return trig.read_bytes()
    from kg.exporters.rdf_formats import trig_bytes  # same bytes `kg build -f trig` writes

    return trig_bytes(Graph().parse(EXPORTS / "graph.ttl", format="turtle"))


@pytest.fixture
def seed(seed_trig):
    """A fresh in-memory store of the seed graph (tests change theirs)."""
    store = ox.Store()
    store.load(seed_trig, format=ox.RdfFormat.TRIG)
    return store


def _triples(store, graph) -> set[tuple]:
    return {tuple(from_oxigraph(t) for t in (q.subject, q.predicate, q.object))
            for q in store.quads_for_pattern(None, None, None, graph)}


def _count(endpoint: str, pattern: str) -> int:
    r = remote_query(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(r.rows[0][0])


def _named_graphs(endpoint: str) -> set:
    return set(remote_query(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").column("g"))


class _Stub(http.server.BaseHTTPRequestHandler):
    """Answers every request with ``server.answer`` (status, content type, body, delay) and records it."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        status, ctype, payload, delay = self.server.answer
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (the timeout test)
            pass

    do_PUT = do_DELETE = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    srv.daemon_threads = True
    srv.requests = []
    srv.answer = (200, "application/sparql-results+json", b'{"head": {}, "boolean": true}', 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


# ---------------------------------------------------------------------------
# push: the Graph Store Protocol


def test_push_seed_then_server_counts_equal_local_counts(server, seed):
    endpoint, store_url = server
    default = _triples(seed, ox.DefaultGraph())
    named = list(seed.named_graphs())
    assert default and named  # the seed has facts and at least one article graph

    report = push(seed, store_url)

    assert isinstance(report, PushReport)
    assert (report.graphs, report.triples, report.removed) == (1 + len(named), len(seed), 0)
    assert report.seconds >= 0
    # Oxigraph server's default graph is the default graph alone, so these counts are per graph
    assert _count(endpoint, "?s ?p ?o") == len(default)
    assert _named_graphs(endpoint) == {URIRef(g.value) for g in named}
    assert _count(endpoint, "GRAPH ?g { ?s ?p ?o }") == len(seed) - len(default)
    who = remote_query(endpoint, "SELECT ?who WHERE { ?who tk:founderOf tkid:qihoo-360 }")
    assert who.variables == ["who"] and who.column("who") == [TKID["zhou-hongyi"]]


def test_push_round_trips_every_term(server, seed):
    """What the server holds is exactly the local graph: IRIs, language-tagged and typed literals, Unicode."""
    endpoint, store_url = server
    push(seed, store_url)

    default = _triples(seed, ox.DefaultGraph())
    assert set(remote_query(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }").triples) == default
    assert set(remote_query(endpoint, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows) == default
    article = _triples(seed, ox.NamedNode(str(DOC)))
    got = remote_query(endpoint, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DOC}> {{ ?s ?p ?o }} }}")
    assert set(got.triples) == article
    # the kinds of literal the round trip must keep, all in the seed
    labels = remote_query(endpoint, "SELECT ?l WHERE { tkid:qihoo-360 rdfs:label ?l }").column("l")
    assert set(labels) == {Literal("Qihoo 360", lang="en"), Literal("치후(奇虎)360", lang="ko")}
    founded = remote_query(endpoint, "SELECT ?d WHERE { ?org tk:foundedOn ?d }").column("d")
    assert Literal("2019", datatype=XSD.gYear) in founded
    assert (None, URIRef(TK + "homepage"), Literal("https://www.mi.com", datatype=XSD.anyURI)) in \
        {(None, p, o) for _s, p, o in default}


def test_push_again_replaces_a_changed_graph(server, seed, seed_trig):
    endpoint, store_url = server
    push(seed, store_url)
    push(seed, store_url)  # idempotent: twice is once
    assert _count(endpoint, "?s ?p ?o") == len(_triples(seed, ox.DefaultGraph()))
    assert _count(endpoint, "GRAPH ?g { ?s ?p ?o }") == len(seed) - len(_triples(seed, ox.DefaultGraph()))

    # the article changes: one record goes, a new triple comes
    doc = ox.NamedNode(str(DOC))
    old = next(iter(seed.quads_for_pattern(None, None, None, doc)))
    seed.remove(old)
    new = ox.Quad(ox.NamedNode(str(TKID["new-fact"])), ox.NamedNode(str(RDFS.comment)),
                  ox.Literal("changed", language="en"), doc)
    seed.add(new)
    report = push(seed, store_url, graphs=[str(DOC)])

    assert (report.graphs, report.triples) == (1, len(list(seed.quads_for_pattern(None, None, None, doc))))
    assert _named_graphs(endpoint) == {URIRef(str(DOC))}
    on_server = remote_query(endpoint, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DOC}> {{ ?s ?p ?o }} }}")
    assert set(on_server.triples) == _triples(seed, doc)  # the new version, not both
    old_triple = tuple(from_oxigraph(t) for t in (old.subject, old.predicate, old.object))
    assert old_triple not in on_server.triples
    assert remote_query(endpoint, f'ASK {{ GRAPH <{DOC}> {{ tkid:new-fact rdfs:comment "changed"@en }} }}').boolean


def test_push_only_the_default_graph_and_remove_a_graph(server, seed):
    endpoint, store_url = server
    extra = ox.NamedNode(str(TKDOC["removed-article"]))
    seed.add(ox.Quad(ox.NamedNode(str(TKID["x"])), ox.NamedNode(str(RDFS.label)), ox.Literal("X"), extra))
    push(seed, store_url)
    assert _named_graphs(endpoint) == {URIRef(str(DOC)), URIRef(extra.value)}

    seed.remove_graph(extra)
    report = push(seed, store_url, graphs=[None], remove=[extra.value])

    assert (report.graphs, report.removed) == (1, 1)
    assert _named_graphs(endpoint) == {URIRef(str(DOC))}  # the other article is untouched
    assert not remote_query(endpoint, "ASK { GRAPH ?g { tkid:x ?p ?o } }").boolean
    # deleting a graph the server does not have is no error
    assert push(seed, store_url, graphs=[], remove=[extra.value]).removed == 0


def test_push_refuses_what_it_cannot_do(server, seed):
    _endpoint, store_url = server
    with pytest.raises(InputError, match="no graph <https://techkg.dev/doc/nope> in the store"):
        push(seed, store_url, graphs=[str(TKDOC["nope"])])
    with pytest.raises(InputError, match="both pushed and removed"):
        push(seed, store_url, remove=[str(DOC)])
    with pytest.raises(InputError, match="http:// or https://"):
        push(seed, "file:///tmp/store")
    with pytest.raises(QueryError, match="^cannot reach Graph Store .*127.0.0.1"):
        push(seed, f"http://127.0.0.1:{_free_port()}/store")
    with pytest.raises(QueryError, match=r"answered HTTP 404") as e:  # Oxigraph has no Graph Store there
        push(seed, store_url.replace("/store", "/nothing"))
    assert "\n" not in str(e.value)


# ---------------------------------------------------------------------------
# remote_query: the SPARQL Protocol


def test_query_forms_give_the_shape_of_a_local_result(server, seed):
    endpoint, store_url = server
    push(seed, store_url)

    select = remote_query(endpoint, "SELECT ?org ?name WHERE { ?org a tk:Company ; rdfs:label ?name "
                                    "FILTER(LANG(?name) = 'en') } ORDER BY ?org")
    assert select.form == "SELECT" and select.variables == ["org", "name"] and not select.is_graph
    assert (TKID["qihoo-360"], Literal("Qihoo 360", lang="en")) in select.rows
    assert len(select) == len(select.rows) > 1

    ask = remote_query(endpoint, "ASK { tkid:zhou-hongyi a tk:Person }")
    assert (ask.form, ask.boolean, len(ask)) == ("ASK", True, 1)
    assert remote_query(endpoint, "ASK { tkid:zhou-hongyi a tk:Company }").boolean is False

    construct = remote_query(endpoint, "CONSTRUCT { ?o tk:foundedBy ?s } WHERE { ?s tk:founderOf ?o }")
    assert construct.form == "CONSTRUCT" and construct.is_graph
    assert (TKID["qihoo-360"], URIRef(TK + "foundedBy"), TKID["zhou-hongyi"]) in construct.triples
    assert len(construct.graph()) == len(construct.triples)

    describe = remote_query(endpoint, "DESCRIBE tkid:qihoo-360")
    assert describe.form == "DESCRIBE" and describe.is_graph
    assert (TKID["qihoo-360"], RDFS.label, Literal("Qihoo 360", lang="en")) in describe.triples


def test_query_terms_unbound_blank_and_typed(server):
    endpoint, _ = server
    r = remote_query(endpoint, "SELECT ?x ?unbound ?b ?year ?word WHERE { BIND(7 AS ?x) BIND(BNODE() AS ?b) "
                               "BIND(xsd:gYear('2019') AS ?year) BIND('단어'@ko AS ?word) }")
    x, unbound, b, year, word = r.rows[0]
    assert x == Literal(7) and x.datatype == XSD.integer
    assert unbound is None
    assert isinstance(b, BNode)
    assert year == Literal("2019", datatype=XSD.gYear)
    assert word == Literal("단어", lang="ko")


def test_substituted_parameters_are_sent_safely(server, seed):
    endpoint, store_url = server
    push(seed, store_url)
    query = "SELECT ?org WHERE { ?org rdfs:label ?n FILTER(STR(?n) = ?name) }"
    before = _count(endpoint, "?s ?p ?o")

    hostile = substitute(query, {"name": Literal('Ali"} baba')})
    assert remote_query(endpoint, hostile).rows == []  # runs, matches nothing, injects nothing
    assert remote_query(endpoint, query, bindings={"name": Literal('x" } ; DROP ALL ; #')}).rows == []
    assert _count(endpoint, "?s ?p ?o") == before
    assert remote_query(endpoint, substitute(query, {"name": Literal("Qihoo 360")})).column("org") == \
        [TKID["qihoo-360"]]
    # the same value stored on the server is found: escaped, not mangled
    odd = ox.Store()
    odd.add(ox.Quad(ox.NamedNode(str(TKID["odd"])), ox.NamedNode(str(RDFS.label)), ox.Literal('Ali"} baba'),
                    ox.DefaultGraph()))
    push(odd, store_url)
    assert remote_query(endpoint, hostile).column("org") == [TKID["odd"]]


def test_bad_query_is_one_line_naming_the_problem(server):
    endpoint, _ = server
    with pytest.raises(QueryError) as e:
        remote_query(endpoint, "SELECT ?s WHERE {\n  ?s ?p ?o \n  FILTER(?o = ) }")
    message = str(e.value)
    assert "\n" not in message and len(message) < 400
    assert "HTTP 400" in message and "expected" in message
    assert "error at 3:" in message  # the line of the caller's query, not counting the predeclared prefixes
    with pytest.raises(QueryError, match="INSERT is an update"):
        remote_query(endpoint, "INSERT DATA { tkid:a tkid:b tkid:c }")


def test_unreachable_endpoint_and_non_http_url():
    closed = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(QueryError, match=rf"^cannot reach SPARQL endpoint {closed}: ") as e:
        remote_query(closed, "ASK {}", timeout=5)
    assert "\n" not in str(e.value)
    for url in ("ftp://example.org/sparql", "localhost:7878/query", "file:///tmp/x", "/query"):
        with pytest.raises(InputError, match="http:// or https:// URL"):
            remote_query(url, "ASK {}")
    with pytest.raises(QueryError, match="cannot reach .*u:\\*\\*\\*@127.0.0.1") as e:
        remote_query(closed.replace("127.0.0.1", "u:secret@127.0.0.1"), "ASK {}")
    assert "secret" not in str(e.value)


# ---------------------------------------------------------------------------
# What a request carries, and answers Oxigraph never gives (stub server)


def test_request_carries_protocol_headers_prefixes_and_auth(stub):
    url = f"http://127.0.0.1:{stub.server_port}/sparql"
    assert remote_query(url, "PREFIX tk: <urn:own#>\nASK { ?s tk:p ?o }",
                        headers={"Authorization": "Bearer t0ken"}).boolean is True
    method, path, headers, body = stub.requests[-1]
    assert (method, path) == ("POST", "/sparql")
    assert headers["Content-Type"].startswith("application/sparql-query")
    assert headers["Accept"].startswith("application/sparql-results+json")
    assert headers["Authorization"] == "Bearer t0ken"
    text = body.decode("utf-8")
    assert text.count("PREFIX tk:") == 1 and "PREFIX tk: <urn:own#>" in text  # the query's own wins
    assert f"PREFIX tkid: <{PREFIXES['tkid']}>" in text

    typed_string = b'<urn:a> <urn:b> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
    stub.answer = (200, "application/n-triples", typed_string, 0)
    got = remote_query(url.replace("http://", "http://alice:pw@"), "CONSTRUCT WHERE { ?s ?p ?o }")
    _m, _p, headers, _b = stub.requests[-1]
    assert headers["Accept"].startswith("application/n-triples")
    assert headers["Authorization"] == "Basic YWxpY2U6cHc="  # alice:pw from the URL
    assert got.triples == [(URIRef("urn:a"), URIRef("urn:b"), Literal("x"))]


def test_old_typed_literal_form_and_odd_answers(stub):
    url = f"http://127.0.0.1:{stub.server_port}/sparql"
    results = {"head": {"vars": ["d", "n"]}, "results": {"bindings": [
        {"d": {"type": "typed-literal", "value": "2019", "datatype": str(XSD.gYear)},
         "n": {"type": "literal", "value": "n", "datatype": str(XSD.string)}}]}}
    stub.answer = (200, "application/sparql-results+json", json.dumps(results).encode(), 0)
    assert remote_query(url, "SELECT ?d ?n WHERE {}").rows == [(Literal("2019", datatype=XSD.gYear), Literal("n"))]

    stub.answer = (200, "text/html", b"<html>a login page</html>", 0)
    with pytest.raises(QueryError, match="answered text/html, not SPARQL JSON results"):
        remote_query(url, "SELECT * WHERE {}")

    page = b"<html><head><title>Error</title></head><body><h1>Parse error:</h1> line 3, col 1</body></html>"
    stub.answer = (500, "text/html", page, 0)
    with pytest.raises(QueryError, match=r"answered HTTP 500 Internal Server Error: Parse error:$"):
        remote_query(url, "SELECT * WHERE {}")

    stub.answer = (401, "text/plain", b"", 0)
    with pytest.raises(QueryError, match="HTTP 401 Unauthorized .*Authorization header"):
        remote_query(url, "ASK {}")

    stub.answer = (200, "application/sparql-results+json", b'{"boolean": true}', 1.0)
    with pytest.raises(QueryError, match="cannot reach SPARQL endpoint .*: timed out after 0.2 s"):
        remote_query(url, "ASK {}", timeout=0.2)


# ---------------------------------------------------------------------------
# graph_store_url


@pytest.mark.parametrize("endpoint, expected", [
    ("http://localhost:7878/query", "http://localhost:7878/store"),  # Oxigraph server
    ("http://127.0.0.1:7878/query/", "http://127.0.0.1:7878/store"),
    ("http://localhost:3030/techkg/sparql", "http://localhost:3030/techkg/data"),  # Fuseki
    ("http://localhost:3030/techkg/query", "http://localhost:3030/techkg/data"),
    ("https://kg.example.org/fuseki/techkg/sparql", "https://kg.example.org/fuseki/techkg/data"),
    ("http://localhost:7200/repositories/techkg", "http://localhost:7200/repositories/techkg/rdf-graphs/service"),
    ("http://localhost:8890/sparql", "http://localhost:8890/sparql-graph-crud"),  # Virtuoso
    ("http://localhost:8890/sparql-auth", "http://localhost:8890/sparql-graph-crud-auth"),
    ("https://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql",
     "https://db.cluster-x.eu-west-1.neptune.amazonaws.com:8182/sparql/gsp/"),
])
def test_graph_store_url_of_known_servers(endpoint, expected):
    assert graph_store_url(endpoint) == expected


@pytest.mark.parametrize("endpoint", ["http://localhost:3030/techkg", "http://localhost:8080/api/v2/search",
                                      "http://localhost/"])
def test_graph_store_url_of_an_unknown_layout_asks_for_it(endpoint):
    with pytest.raises(InputError, match="pass it with --graph-store URL"):
        graph_store_url(endpoint)


def test_graph_store_url_refuses_non_http():
    with pytest.raises(InputError, match="http:// or https://"):
        graph_store_url("sparql://localhost/query")
