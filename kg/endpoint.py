"""A remote SPARQL server: query it, and push a built graph to it.

Teams already run SPARQL servers (Oxigraph server, Apache Jena Fuseki,
Virtuoso, GraphDB, Amazon Neptune). techkg talks to all of them through the
two W3C protocols every one of them implements, over plain HTTP(S) with the
standard library:

* **SPARQL 1.1 Protocol** (:func:`remote_query`): the query is the body of a
  ``POST`` with ``Content-Type: application/sparql-query``; solutions and
  booleans come back as ``application/sparql-results+json``, graphs
  (CONSTRUCT, DESCRIBE) as ``application/n-triples`` (or Turtle). The answer
  is a :class:`kg.sparql.QueryResult` of rdflib terms, the same shape a local
  query gives, so the result formats and the CLI need not know where a query
  ran. techkg's prefixes are predeclared, as they are locally.
* **SPARQL 1.1 Graph Store HTTP Protocol** (:func:`push`): each graph of a
  store is sent with ``PUT {graph-store}?default`` or
  ``PUT {graph-store}?graph=<IRI>``; an article removed locally is
  ``DELETE``\\ d. :func:`graph_store_url` derives the Graph Store URL from a
  query endpoint's URL for the usual server layouts.

Why one ``PUT`` per graph: a build puts each article's provenance in its own
named graph, and ``PUT`` *replaces* a graph. Pushing is therefore idempotent
(pushing twice leaves the server as pushing once) and an article that changed
replaces its old version instead of adding to it, without a diff against the
server and without ``SPARQL Update``, whose endpoints and dialects differ
more between servers than the Graph Store Protocol does. Each graph travels
as N-Triples, the one RDF syntax every server reads, spooled to a temporary
file so that a large graph is not held twice in memory.

Two things differ from a local ``kg query``: a server decides what a query's
default graph is (Oxigraph server and Fuseki: the default graph alone, not the
union of all graphs; write ``GRAPH ?g`` to reach the article graphs), and
blank nodes do not keep their identity across graphs pushed separately
(techkg's graphs have none).

Credentials: pass headers (``{"Authorization": "Bearer ..."}``) or put
``user:password@`` in the URL for HTTP Basic; the password never appears in a
message. (Neptune with IAM authentication needs signed requests, which this
module does not make.)

>>> graph_store_url("http://localhost:7878/query")
'http://localhost:7878/store'
>>> remote_query("http://localhost:7878/query", "ASK { ?s ?p ?o }").boolean  # doctest: +SKIP
True
"""
from __future__ import annotations

import base64
import html
import http.client
import json
import re
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, QueryError
from .rdf import PREFIXES
from .sparql import QueryResult, query_form, substitute

__all__ = ["remote_query", "push", "PushReport", "graph_store_url"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Media types of graph results, best first, and the rdflib parser of each.
_GRAPH_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",  # N-Triples before it had a media type of its own (older Virtuoso, Sesame)
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RESULTS_ACCEPT = "application/sparql-results+json, application/json;q=0.9"

#: Graphs up to this size are spooled in memory, larger ones in a temporary file.
_SPOOL_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class PushReport:
    """What :func:`push` did: graphs replaced, triples sent, graphs deleted, and how long it took."""

    graphs: int
    triples: int
    removed: int
    seconds: float


# ---------------------------------------------------------------------------
# URLs


@dataclass(frozen=True)
class _Target:
    url: str  # without user:password
    shown: str  # as it may appear in a message
    auth: str | None  # a Basic Authorization header from user:password in the URL


def _target(url: str, what: str) -> _Target:
    parts = urllib.parse.urlsplit(url.strip()) if isinstance(url, str) else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"{what} must be an http:// or https:// URL, not {url!r}")
    try:
        parts.port
    except ValueError:
        raise InputError(f"{what} URL has an invalid port: {url!r}") from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{parts.port}" if parts.port is not None else "")
    clean = urllib.parse.urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    auth = None
    shown = clean
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        shown = urllib.parse.urlunsplit((parts.scheme.lower(), f"{parts.username}:***@{netloc}", parts.path or "/",
                                         parts.query, ""))
    return _Target(clean, shown, auth)


def graph_store_url(endpoint: str) -> str:
    """The SPARQL 1.1 Graph Store Protocol URL of the server whose query endpoint is ``endpoint``.

    ================  =================================  ====================================================
    server            query endpoint                     Graph Store URL
    ================  =================================  ====================================================
    Oxigraph server   ``http://h:7878/query``            ``http://h:7878/store``
    Jena Fuseki       ``http://h:3030/DS/sparql``        ``http://h:3030/DS/data``
    Jena Fuseki       ``http://h:3030/DS/query``         ``http://h:3030/DS/data``
    GraphDB           ``http://h:7200/repositories/R``   ``http://h:7200/repositories/R/rdf-graphs/service``
    Virtuoso          ``http://h:8890/sparql``           ``http://h:8890/sparql-graph-crud``
    Virtuoso          ``http://h:8890/sparql-auth``      ``http://h:8890/sparql-graph-crud-auth``
    Amazon Neptune    ``https://N:8182/sparql``          ``https://N:8182/sparql/gsp/``
    ================  =================================  ====================================================

    Neptune is told from Virtuoso by its host name (``N`` ends in
    ``.neptune.amazonaws.com``). ``/query`` at the root is Oxigraph; with a
    dataset segment before it (``/DS/query``, or ``/fuseki/DS/query`` behind a
    proxy) it is Fuseki. Any other layout is an
    :class:`~kg.errors.InputError` asking for the Graph Store URL itself.

    >>> graph_store_url("http://localhost:3030/ds/sparql")
    'http://localhost:3030/ds/data'
    >>> graph_store_url("http://localhost:7200/repositories/techkg")
    'http://localhost:7200/repositories/techkg/rdf-graphs/service'
    >>> graph_store_url("http://localhost:8890/sparql")
    'http://localhost:8890/sparql-graph-crud'
    """
    _target(endpoint, "the SPARQL endpoint")  # refuses what is not http(s)
    parts = urllib.parse.urlsplit(endpoint.strip())
    path = parts.path.rstrip("/")
    segments = path.split("/")[1:] if path else []
    host = (parts.hostname or "").lower()
    new: str | None = None
    if host.endswith((".neptune.amazonaws.com", ".neptune.amazonaws.com.cn")) and path == "/sparql":
        new = "/sparql/gsp/"
    elif path == "/query":
        new = "/store"
    elif path in ("/sparql", "/sparql-auth"):
        new = path.replace("/sparql", "/sparql-graph-crud")
    elif len(segments) >= 2 and segments[-2] == "repositories":
        new = path + "/rdf-graphs/service"
    elif len(segments) >= 2 and segments[-1] in ("sparql", "query"):
        new = "/" + "/".join(segments[:-1] + ["data"])
    if new is None:
        raise InputError(f"cannot tell the Graph Store URL of SPARQL endpoint {_target(endpoint, '').shown} "
                         f"(known: Oxigraph /query, Fuseki /DS/sparql, GraphDB /repositories/R, Virtuoso /sparql, "
                         f"Neptune /sparql); pass it with --graph-store URL")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


# ---------------------------------------------------------------------------
# HTTP


def _user_agent() -> str:
    from . import __version__

    return f"techkg/{__version__} (+urllib)"


def _send(target: _Target, what: str, method: str, *, url: str | None = None, data: Any = None,
          headers: Mapping[str, str] | None = None, extra: Mapping[str, str] | None = None,
          timeout: float = 60.0, missing_ok: bool = False) -> tuple[int, str, bytes]:
    """One request: ``(status, media type, body)``; every failure is one-line :class:`QueryError`.

    A 404 with ``missing_ok`` is returned, not raised (deleting a graph the server does not have).
    """
    h = {"User-Agent": _user_agent()}
    if target.auth:
        h["Authorization"] = target.auth
    h.update(extra or {})
    h.update(headers or {})  # the caller's (auth) headers win
    req = urllib.request.Request(url or target.url, data=data, headers=h, method=method)
    shown = f"{what} {target.shown}"
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
            ctype = resp.headers.get_content_type() if resp.headers.get("Content-Type") else ""
            return resp.status, ctype, body
    except urllib.error.HTTPError as e:
        if missing_ok and e.code == 404:
            return 404, "", b""
        raise _http_error(e, shown) from None
    except urllib.error.URLError as e:
        raise QueryError(f"cannot reach {shown}: {_reason(e.reason, timeout)}") from None
    except (TimeoutError, socket.timeout) as e:
        raise QueryError(f"cannot reach {shown}: {_reason(e, timeout)}") from None
    except (http.client.HTTPException, OSError) as e:
        raise QueryError(f"cannot reach {shown}: {_reason(e, timeout)}") from None
    except ValueError as e:  # http.client.InvalidURL and the like: the URL is the user's
        raise InputError(f"{shown}: {' '.join(str(e).split())[:200]}") from None


def _reason(reason: Any, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return f"unknown host ({reason.strerror or reason})"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror[:1].lower() + reason.strerror[1:]
    text = " ".join(str(reason).split()) or type(reason).__name__
    return text[:200]


def _http_error(e: urllib.error.HTTPError, shown: str) -> QueryError:
    try:
        body = e.read(64 * 1024)
    except (OSError, http.client.HTTPException):
        body = b""
    ctype = e.headers.get_content_type() if e.headers is not None and e.headers.get("Content-Type") else ""
    line = _first_line(body, ctype)
    status = f"HTTP {e.code}" + (f" {e.reason}" if e.reason and str(e.reason) not in line else "")
    hint = " (the server wants credentials: pass an Authorization header or user:password@ in the URL)" \
        if e.code in (401, 403) else ""
    return QueryError(f"{shown} answered {status}" + (f": {line}" if line else "") + hint)


def _first_line(body: bytes, ctype: str) -> str:
    """The first line of an error body worth showing, at most 200 characters."""
    text = body.decode("utf-8", errors="replace")
    if "html" in ctype or text.lstrip()[:1] == "<":
        text = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", "", text)
        text = html.unescape(re.sub(r"(?s)<[^>]*>", "\n", text))
    line = next((" ".join(ln.split()) for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= 200 else line[:197] + "..."


# ---------------------------------------------------------------------------
# Queries: SPARQL 1.1 Protocol

# strings, IRIs and comments: a PREFIX inside one declares nothing
_SKIP = re.compile(r"""'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'"""
                   r"""|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*""", re.DOTALL)
_PREFIX_DECL = re.compile(r"(?i)(?<![\w:])PREFIX\s+([A-Za-z][\w.\-]*)?:")


def _with_prefixes(sparql: str) -> tuple[str, int]:
    """``sparql`` with techkg's prefixes it does not declare itself, and the number of lines added (0 or 1).

    >>> _with_prefixes("PREFIX tk: <urn:x#> SELECT * WHERE { ?s tk:p ?o }  # PREFIX tkid: <y>")[0].count("PREFIX tk:")
    1
    """
    declared = set(_PREFIX_DECL.findall(_SKIP.sub(" ", sparql)))
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    if not missing:
        return sparql, 0
    # one line, so that a server's line numbers are off by exactly one and can be put right
    return " ".join(missing) + "\n" + sparql, 1


def _unshift(message: str, lines: int) -> str:
    """A server's error message with line numbers as they are in the caller's query."""
    if not lines:
        return message

    def fix(m: re.Match) -> str:
        n = int(m.group(2))
        return f"{m.group(1)}{n - lines if n > lines else n}"

    # Oxigraph 'error at 2:7', Jena/RDF4J 'at line 2, column 7', Virtuoso 'line 2:'
    message = re.sub(r"(\bat )(\d+)(?=:\d)", fix, message)
    return re.sub(r"(\bline )(\d+)", fix, message)


def remote_query(endpoint: str, sparql: str, *, timeout: float = 60.0, headers: Mapping[str, str] | None = None,
                 bindings: Mapping[str, Node] | None = None) -> QueryResult:
    """Run ``sparql`` on the SPARQL endpoint ``endpoint`` (SPARQL 1.1 Protocol) and return its answer.

    techkg's prefixes (``tk:``, ``tkid:``, ...) are predeclared unless the query
    declares them. ``bindings`` are bound with :func:`kg.sparql.substitute`
    (as escaped terms, never raw text). ``headers`` are added to the request
    (``Authorization``). An endpoint that cannot be reached, and any answer
    but a success, are a one-line :class:`~kg.errors.QueryError`; a URL that
    is not http(s) is an :class:`~kg.errors.InputError`.

    >>> q = "SELECT ?who WHERE { ?who tk:founderOf tkid:qihoo-360 }"
    >>> r = remote_query("http://localhost:7878/query", q)  # doctest: +SKIP
    >>> r.column("who")  # doctest: +SKIP
    [rdflib.term.URIRef('https://techkg.dev/id/zhou-hongyi')]
    """
    target = _target(endpoint, "the SPARQL endpoint")
    form = query_form(sparql)
    if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"{form} is an update; a remote query only reads (kg push sends graphs)" if form
                         else "not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    if bindings:
        sparql = substitute(sparql, bindings)
    text, added = _with_prefixes(sparql)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    extra = {"Content-Type": "application/sparql-query; charset=utf-8",
             "Accept": _GRAPH_ACCEPT if graph else _RESULTS_ACCEPT}
    try:
        _status, ctype, body = _send(target, "SPARQL endpoint", "POST", data=text.encode("utf-8"), headers=headers,
                                     extra=extra, timeout=timeout)
    except QueryError as e:
        raise QueryError(_unshift(str(e), added)) from None
    shown = f"SPARQL endpoint {target.shown}"
    if graph:
        return QueryResult(form, triples=_parse_graph(body, ctype, shown))
    return _parse_results(body, ctype, form, shown)


def _parse_results(body: bytes, ctype: str, form: str, shown: str) -> QueryResult:
    """SPARQL 1.1 Query Results JSON as a QueryResult."""
    if ctype and "json" not in ctype:
        raise QueryError(f"{shown} answered {ctype}, not SPARQL JSON results (application/sparql-results+json)")
    try:
        doc = json.loads(body.decode("utf-8"))
        if "boolean" in doc:
            return QueryResult("ASK", boolean=bool(doc["boolean"]))
        variables = list(doc["head"].get("vars", []))
        rows = [tuple(_json_term(b[v]) if v in b else None for v in variables) for b in doc["results"]["bindings"]]
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise QueryError(f"{shown} answered malformed SPARQL JSON results ({type(e).__name__}: "
                         f"{' '.join(str(e).split())[:120]})") from None
    return QueryResult("SELECT" if form == "SELECT" else form, variables=variables, rows=rows)


def _json_term(b: Mapping[str, Any]) -> Node:
    """An rdflib term for one binding of the JSON results format (``typed-literal`` is its pre-2013 form).

    >>> _json_term({"type": "typed-literal", "value": "2019", "datatype": "http://www.w3.org/2001/XMLSchema#gYear"})
    rdflib.term.Literal('2019', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    >>> _json_term({"type": "literal", "value": "치후360", "xml:lang": "ko"})
    rdflib.term.Literal('치후360', lang='ko')
    """
    kind, value = b["type"], b["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = b.get("xml:lang")
        if lang:
            return Literal(value, lang=lang)
        dt = b.get("datatype")
        # xsd:string is a plain literal, as in kg.sparql.from_oxigraph, so local and remote rows compare equal
        return Literal(value, datatype=URIRef(dt) if dt and dt not in (_XSD_STRING, _RDF_LANGSTRING) else None)
    raise QueryError(f"unsupported term in a remote result: {kind!r}")


def _parse_graph(body: bytes, ctype: str, shown: str) -> list[tuple[Node, Node, Node]]:
    fmt = _GRAPH_TYPES.get(ctype)
    if fmt is None:
        raise QueryError(f"{shown} answered {ctype or 'no Content-Type'}, not an RDF graph "
                         f"(application/n-triples or text/turtle)")
    g = Graph(bind_namespaces="none")
    try:
        g.parse(data=body.decode("utf-8"), format=fmt)
    except Exception as e:  # rdflib's parsers raise many types; all mean a malformed answer
        raise QueryError(f"{shown} answered a graph that does not parse as {ctype}: "
                         f"{' '.join(str(e).split())[:160]}") from None
    return [(s, p, _plain(o)) for s, p, o in g]


def _plain(term: Node) -> Node:
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == _XSD_STRING:
        return Literal(str(term))
    return term


# ---------------------------------------------------------------------------
# Pushing graphs: SPARQL 1.1 Graph Store HTTP Protocol


def _graph_name(item: Any, what: str) -> Any:
    """A pyoxigraph graph name for ``None`` (the default graph), an IRI string, URIRef or NamedNode."""
    import pyoxigraph as ox

    if item is None or isinstance(item, ox.DefaultGraph):
        return ox.DefaultGraph()
    if isinstance(item, ox.NamedNode):
        return item
    iri = str(item).strip()
    if iri.startswith("<") and iri.endswith(">"):
        iri = iri[1:-1]
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise InputError(f"{what}: not a graph IRI: {item!r}") from None


def _graph_url(graph_store: str, graph: Any) -> str:
    import pyoxigraph as ox

    sep = "&" if "?" in graph_store else "?"
    if isinstance(graph, ox.DefaultGraph):
        return f"{graph_store}{sep}default"
    return f"{graph_store}{sep}graph={urllib.parse.quote(graph.value, safe='')}"


def _shown(graph: Any) -> str:
    return "the default graph" if not hasattr(graph, "value") else f"graph <{graph.value}>"


def _ntriples(store: Any, graph: Any) -> tuple[IO[bytes], int, int]:
    """One graph of ``store`` as N-Triples in a spooled file: ``(file at 0, bytes, triples)``."""
    import pyoxigraph as ox

    count = 0

    def triples():
        nonlocal count
        for quad in store.quads_for_pattern(None, None, None, graph):
            count += 1
            yield quad.triple

    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
    try:
        ox.serialize(triples(), spool, ox.RdfFormat.N_TRIPLES)
    except (OSError, ValueError, TypeError) as e:
        spool.close()
        raise QueryError(f"cannot serialize {_shown(graph)}: {' '.join(str(e).split())[:200]}") from None
    size = spool.tell()
    spool.seek(0)
    return spool, size, count


def push(store: Any, graph_store: str, *, graphs: Iterable[Any] | None = None, remove: Iterable[Any] = (),
         timeout: float = 60.0, headers: Mapping[str, str] | None = None) -> PushReport:
    """Replace graphs of the server at ``graph_store`` with those of ``store`` (a :class:`pyoxigraph.Store`).

    Every graph of ``store`` is sent (the default graph, then the named graphs
    by IRI), or only those listed in ``graphs``: IRIs, with ``None`` for the
    default graph. Each is one ``PUT`` (SPARQL 1.1 Graph Store HTTP
    Protocol), which replaces that graph on the server, so a push is
    idempotent; an empty graph is sent empty and so emptied on the server.
    Graphs of the server that are not sent stay as they were, except the
    named graphs listed in ``remove``, which are deleted (one a server does
    not have is no error). ``graph_store`` is the Graph Store URL
    (:func:`graph_store_url` derives it from a query endpoint's). Network
    and server problems are a one-line :class:`~kg.errors.QueryError`.

    >>> import pyoxigraph as ox
    >>> push(ox.Store(), "http://localhost:7878/store")  # doctest: +SKIP
    PushReport(graphs=1, triples=0, removed=0, seconds=0.004)
    """
    import pyoxigraph as ox

    target = _target(graph_store, "the Graph Store")
    if graphs is None:
        todo = [ox.DefaultGraph()] + sorted(store.named_graphs(), key=lambda g: g.value)
    else:
        todo = []
        for item in graphs:
            g = _graph_name(item, "graphs")
            if isinstance(g, ox.NamedNode) and not store.contains_named_graph(g):
                raise InputError(f"no graph <{g.value}> in the store to push")
            if g not in todo:
                todo.append(g)
    gone = []
    for item in remove:
        if item is None:
            raise InputError("remove lists named graphs; the default graph cannot be removed (push it empty)")
        g = _graph_name(item, "remove")
        if g in todo:
            raise InputError(f"graph <{g.value}> is both pushed and removed")
        if g not in gone:
            gone.append(g)

    start = time.monotonic()
    triples = 0
    for g in todo:
        body, size, count = _ntriples(store, g)
        with body:
            _send(target, f"Graph Store (PUT {_shown(g)})", "PUT", url=_graph_url(target.url, g), data=body,
                  headers=headers, timeout=timeout,
                  # a file body with its length: sent in blocks, without the chunked encoding some servers refuse
                  extra={"Content-Type": "application/n-triples", "Content-Length": str(size)})
        triples += count
    removed = 0
    for g in gone:
        status, _ctype, _body = _send(target, f"Graph Store (DELETE {_shown(g)})", "DELETE",
                                      url=_graph_url(target.url, g), headers=headers, timeout=timeout,
                                      missing_ok=True)
        removed += status != 404
    return PushReport(graphs=len(todo), triples=triples, removed=removed,
                      seconds=round(time.monotonic() - start, 3))
