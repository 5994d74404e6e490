"""SPARQL 1.1 over a built graph: queries, saved queries with typed parameters, result formats.

Queries run on Oxigraph (``pyoxigraph``): on the persistent store of
:mod:`kg.store`, or on a graph file parsed into an in-memory Oxigraph store.
rdflib's own engine stays available (``engine="rdflib"``) for comparison and
for callers that already hold an :class:`rdflib.Graph`. Either way the result
is a :class:`QueryResult` of rdflib terms, so the formats below, the CLI and a
remote endpoint (:mod:`kg.endpoint`) all share one shape.

The default graph of a query is the union of all graphs: a query written
without ``GRAPH`` sees the facts (default graph) and their provenance records
(each article's named graph) alike, as it would in ``graph.ttl``; ``GRAPH ?g``
still reaches the article graphs one by one.

Parameters are bound as RDF terms, never spliced into the query as raw text:
:func:`substitute` replaces the parameter's variable tokens (found by a
tokenizer, so never inside strings, IRIs or comments) with the term written in
N-Triples syntax, every quote and backslash escaped, and checks that nothing
but those tokens changed. The same query text then runs on Oxigraph, on
rdflib and on any remote endpoint with the same meaning. (Oxigraph's own
``substitutions`` bind only projected variables and do not reach a
``FILTER``, where a name parameter is used.)

>>> r = run_query(graph_store("exports/graph.ttl"), "ASK { tkid:alibaba a tk:Company }")  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, QueryError
from .rdf import PREFIXES, TKID

__all__ = ["QueryResult", "SavedQuery", "Param", "run_query", "saved_queries", "find_saved_query",
           "bind_params", "substitute", "format_result", "RESULT_FORMATS", "query_form", "graph_store",
           "from_oxigraph", "to_oxigraph", "term_n3", "resolve_entity", "parse_param_options"]

#: Output formats of query results; ``table`` is for people, the others for programs.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "turtle")

PACKAGED_QUERIES = Path(__file__).resolve().parent / "data" / "queries"


# ---------------------------------------------------------------------------
# Results


@dataclass
class QueryResult:
    """The answer to one query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def __len__(self) -> int:
        return len(self.triples) if self.is_graph else 1 if self.form == "ASK" else len(self.rows)

    def column(self, name: str) -> list[Node | None]:
        """The values of one variable, row by row."""
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def graph(self) -> Graph:
        """The triples of a graph result as an rdflib Graph with the techkg prefixes."""
        from .rdf import bind_prefixes

        g = bind_prefixes(Graph(bind_namespaces="none"))
        for t in self.triples:
            g.add(t)
        return g


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                   re.IGNORECASE)


def query_form(sparql: str) -> str | None:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) or update verb of ``sparql``, comments and strings aside.

    >>> query_form("PREFIX a: <urn:a#> # SELECT in a comment\\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    for kind, text in _tokens(sparql):
        if kind == "word":
            m = _FORM.fullmatch(text)
            if m:
                return m.group(1).upper()
    return None


# ---------------------------------------------------------------------------
# Terms: pyoxigraph <-> rdflib


def from_oxigraph(term: Any) -> Node | None:
    """An rdflib term for a pyoxigraph one (``None`` stays ``None``: an unbound variable)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    raise QueryError(f"unsupported term in a result: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term: Node) -> Any:
    """A pyoxigraph term for an rdflib one."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"unsupported term: {term!r}")


def term_n3(term: Node) -> str:
    """``term`` in N-Triples syntax, every character that could end it escaped (safe inside a query).

    >>> term_n3(Literal('Ali"}baba } ; DROP ALL', lang="en"))
    '"Ali\\\\"}baba } ; DROP ALL"@en'
    >>> term_n3(URIRef("https://techkg.dev/id/alibaba"))
    '<https://techkg.dev/id/alibaba>'
    """
    if isinstance(term, URIRef):
        iri = str(term)
        if _BAD_IRI.search(iri):
            raise QueryError(f"not a valid IRI: {iri!r}")
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{re.sub(r'[^A-Za-z0-9_]', '_', str(term))}"
    if isinstance(term, Literal):
        text = str(term)
        escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
                   .replace("\t", "\\t"))
        escaped = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04X}", escaped)
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f'"{escaped}"^^{term_n3(URIRef(term.datatype))}'
        return f'"{escaped}"'
    raise QueryError(f"unsupported term: {term!r}")


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


# ---------------------------------------------------------------------------
# A tokenizer just good enough to find variables, keywords and braces outside strings, IRIs and comments

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>(?:'{3}(?:[^'\\]|\\.|'(?!''))*'{3}|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*)?)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()\[\],;.]*)?)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def _tokens(sparql: str) -> Iterable[tuple[str, str]]:
    for m in _TOKEN.finditer(sparql):
        yield m.lastgroup, m.group()


def substitute(sparql: str, bindings: Mapping[str, Node]) -> str:
    """``sparql`` with each bound variable replaced by its term, for an endpoint that takes no bindings.

    Only variable tokens are replaced (never text inside strings, IRIs or
    comments), each by an escaped N-Triples term; in a SELECT clause a
    variable becomes ``(term AS ?var)`` so that it is still projected.

    >>> substitute('SELECT ?n WHERE { ?e rdfs:label ?n FILTER(?n = ?name) } # ?name', {"name": Literal('x" ) }')})
    'SELECT ?n WHERE { ?e rdfs:label ?n FILTER(?n = "x\\\\" ) }") } # ?name'
    >>> substitute("SELECT ?who ?org WHERE { ?who tk:founderOf ?org }", {"org": URIRef("urn:x")})
    'SELECT ?who (<urn:x> AS ?org) WHERE { ?who tk:founderOf <urn:x> }'
    """
    out: list[str] = []
    in_select = in_order = False
    select_depth = order_depth = depth = 0
    previous = ""
    for kind, text in _tokens(sparql):
        if kind == "word":
            upper = text.upper()
            if upper == "SELECT":
                in_select, select_depth, in_order = True, depth, False
            elif upper in ("WHERE", "FROM"):
                in_select = False
            elif upper == "BY":
                in_order, order_depth = True, depth
            elif upper in ("LIMIT", "OFFSET", "HAVING", "VALUES"):
                in_order = False
        elif kind == "other":
            if text == "{":
                in_select = False
                depth += 1
            elif text == "(":
                depth += 1
            elif text in ")}":
                depth -= 1
        if kind == "var" and text[1:] in bindings and previous != "AS":
            out.append(_replacement(bindings[text[1:]], text, previous,
                                    projected=in_select and depth == select_depth,
                                    ordered=in_order and depth == order_depth))
        else:
            out.append(text)
        if kind not in ("space", "comment"):
            previous = text.upper()
    result = "".join(out)
    # the guard against injection: the query's tokens are those of its pieces, one after the other, so
    # no value ran into its neighbours or opened anything it did not close
    expected = [t for piece in out for t in _tokens(piece) if t[0] not in ("space", "comment")]
    if [t for t in _tokens(result) if t[0] not in ("space", "comment")] != expected:
        raise QueryError("a parameter value changed the structure of the query; it was not run")
    return result


def _replacement(term: Node, var: str, previous: str, *, projected: bool, ordered: bool) -> str:
    if previous in ("LIMIT", "OFFSET"):
        # LIMIT and OFFSET take a bare integer, not a term
        value = term.toPython() if isinstance(term, Literal) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise QueryError(f"{var} after {previous} must be a whole number >= 0, not {term!r}")
        return str(value)
    n3 = term_n3(term)
    if projected:
        return f"({n3} AS {var})"
    if ordered:
        return f"({n3})"
    return n3


# ---------------------------------------------------------------------------
# Running a query


def _syntax_error(message: str, sparql: str, prefixes: Mapping[str, str]) -> QueryError:
    """One line that says where the query is wrong: line, column, the text there and what was expected."""
    unknown = _undeclared_prefix(sparql, prefixes)
    if unknown is not None and "prefix" in message.lower():
        name, line, col = unknown
        return QueryError(f"SPARQL syntax error at line {line}, column {col}: unknown prefix {name}: "
                          f"(declare it with PREFIX {name}: <...>)")
    m = re.search(r"(\d+):(\d+)", message)
    detail = message.split(": ", 1)[-1] if m else message
    detail = " ".join(detail.split())
    if detail.startswith("expected one of "):
        # Oxigraph lists character classes too ("['0' ..= '9']"); keywords are what a person can use
        words = [w.strip() for w in detail[len("expected one of "):].split(", ")]
        words = [w for w in words if re.fullmatch(r"[A-Za-z][A-Za-z_ ]*", w)]
        detail = f"expected one of {', '.join(words)}" if words else "unexpected text"
    if len(detail) > 160:
        detail = detail[:157] + "..."
    if not m:
        return QueryError(f"SPARQL syntax error: {detail}")
    line, col = int(m.group(1)), int(m.group(2))
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    near = text[max(col - 1, 0):][:30].strip() or "end of line"
    return QueryError(f"SPARQL syntax error at line {line}, column {col} (at {near!r}): {detail}")


def _undeclared_prefix(sparql: str, prefixes: Mapping[str, str]) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix is neither predeclared nor declared in the query."""
    declared = set(prefixes) | {m.group(1) for m in re.finditer(r"PREFIX\s+([\w\-]*):", sparql, re.IGNORECASE)}
    offset = 0
    for kind, text in _tokens(sparql):
        if kind == "word" and ":" in text:
            prefix = text.split(":", 1)[0]
            if prefix not in declared and prefix.upper() != "PREFIX":
                line = sparql.count("\n", 0, offset) + 1
                col = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
                return prefix, line, col
        offset += len(text)
    return None


def _prefixes(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**PREFIXES, **(extra or {})}


def run_query(source: Any, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              prefixes: Mapping[str, str] | None = None) -> QueryResult:
    """Run ``sparql`` on ``source``: a :class:`pyoxigraph.Store` or an rdflib Graph/Dataset.

    ``bindings`` give variables their values before the query runs. The
    techkg prefixes are predeclared. A syntax error is a
    :class:`~kg.errors.QueryError` naming the line and column.
    """
    import pyoxigraph as ox

    form = query_form(sparql)
    if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        if form is not None:
            raise QueryError(f"{form} is an update; kg query only reads (use kg build / kg remove to change a graph)")
    if bindings:
        sparql = substitute(sparql, bindings)
    if isinstance(source, ox.Store):
        return _run_oxigraph(source, sparql, prefixes)
    if isinstance(source, Graph):
        return _run_rdflib(source, sparql, prefixes)
    raise TypeError(f"cannot query a {type(source).__name__}")


def _run_oxigraph(store, sparql: str, prefixes) -> QueryResult:
    import pyoxigraph as ox

    try:
        res = store.query(sparql, prefixes=_prefixes(prefixes), use_default_graph_as_union=True)
    except SyntaxError as e:
        raise _syntax_error(str(e), sparql, _prefixes(prefixes)) from None
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"SPARQL query failed: {' '.join(str(e).split())[:200]}") from None
    try:
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows = [tuple(from_oxigraph(sol[i]) for i in range(len(variables))) for sol in res]
            return QueryResult("SELECT", variables=variables, rows=rows)
        triples = [(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in res]
        return QueryResult(query_form(sparql) or "CONSTRUCT", triples=triples)
    except (OSError, ValueError, RuntimeError) as e:  # evaluation errors surface while iterating
        raise QueryError(f"SPARQL query failed: {' '.join(str(e).split())[:200]}") from None


def _run_rdflib(graph: Graph, sparql: str, prefixes) -> QueryResult:
    from rdflib.plugins.sparql import prepareQuery

    try:
        q = prepareQuery(sparql, initNs=_prefixes(prefixes))
    except Exception as e:  # pyparsing raises several types; all mean a bad query
        raise QueryError(f"SPARQL syntax error: {' '.join(str(e).split())[:200]}") from None
    try:
        res = graph.query(q)
        if res.type == "ASK":
            return QueryResult("ASK", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            variables = [str(v) for v in res.vars]
            return QueryResult("SELECT", variables=variables, rows=[tuple(row) for row in res])
        return QueryResult(query_form(sparql) or res.type, triples=list(res.graph))
    except Exception as e:
        raise QueryError(f"SPARQL query failed: {' '.join(str(e).split())[:200]}") from None


def graph_store(path: str | Path):
    """An in-memory Oxigraph store holding the graph file ``path`` (Turtle, TriG, N-Quads, N-Triples, JSON-LD)."""
    import pyoxigraph as ox

    p = Path(path)
    ext = p.suffix.lower().lstrip(".")
    fmt = ox.RdfFormat.from_extension("nq" if ext == "nquads" else ext) or ox.RdfFormat.TURTLE
    store = ox.Store()
    try:
        store.load(path=str(p), format=fmt)
    except FileNotFoundError:
        raise InputError(f"graph file not found: {p}") from None
    except (SyntaxError, ValueError, OSError) as e:
        raise InputError(f"cannot parse {p}: {' '.join(str(e).split())[:200]}") from None
    return store


# ---------------------------------------------------------------------------
# Saved queries


@dataclass(frozen=True)
class Param:
    """A parameter of a saved query: ``# @param company string  Name, alias or id of the company``."""

    name: str
    type: str  # string, entity, iri, integer, decimal, date
    help: str = ""
    default: str | None = None


PARAM_TYPES = ("string", "entity", "iri", "integer", "decimal", "date")


@dataclass(frozen=True)
class SavedQuery:
    """A query file: its name (the file's stem), what it answers, its parameters and its text."""

    name: str
    path: Path
    description: str
    params: tuple[Param, ...]
    text: str


_PARAM_LINE = re.compile(r"^#\s*@param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>\w+)"
                         r"(?:\s*=\s*(?P<default>\S+))?\s*(?P<help>.*)$")


def _parse_saved(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as e:
        raise InputError(f"{path}: cannot read saved query: {e}") from None
    description: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _PARAM_LINE.match(stripped)
        if m:
            if m.group("type") not in PARAM_TYPES:
                raise InputError(f"{path}: parameter {m.group('name')} has unknown type {m.group('type')!r} "
                                 f"(one of {', '.join(PARAM_TYPES)})")
            params.append(Param(m.group("name"), m.group("type"), m.group("help").strip(), m.group("default")))
        elif not stripped.lstrip("#").strip().startswith("@"):
            description.append(stripped.lstrip("#").strip())
    return SavedQuery(path.stem, path, " ".join(d for d in description if d), tuple(params), text)


def saved_queries(folders: Iterable[str | Path] = ()) -> dict[str, SavedQuery]:
    """The saved queries by name: techkg's own, then those of ``folders`` (a later one of a name wins)."""
    found: dict[str, SavedQuery] = {}
    for folder in (PACKAGED_QUERIES, *folders):
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.rq")):
            found[path.stem] = _parse_saved(path)
    return found


def find_saved_query(name: str, folders: Iterable[str | Path] = ()) -> SavedQuery:
    queries = saved_queries(folders)
    if name not in queries:
        from difflib import get_close_matches

        close = get_close_matches(name, list(queries), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise InputError(f"no saved query named {name!r}{hint}; kg query --list shows them")
    return queries[name]


_INTEGER = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PNAME = re.compile(r"^([A-Za-z][\w\-]*)?:([^\s<>\"{}|^`\\]*)$")


def _param_term(param: Param, value: str, prefixes: Mapping[str, str]) -> Node:
    from rdflib.namespace import XSD

    kind = param.type
    if kind == "string":
        return Literal(value)
    if kind in ("integer", "decimal"):
        try:
            if kind == "integer":
                if not _INTEGER.match(value.strip()):
                    raise InvalidOperation
                return Literal(int(value), datatype=XSD.integer)
            return Literal(Decimal(value.strip()), datatype=XSD.decimal)
        except InvalidOperation:
            raise InputError(f"parameter {param.name} must be {'an' if kind == 'integer' else 'a'} {kind}, "
                             f"not {value!r}") from None
    if kind == "date":
        if not _DATE.match(value.strip()):
            raise InputError(f"parameter {param.name} must be a date like 2025-02-24, not {value!r}")
        v = value.strip()
        dt = XSD.date if len(v) == 10 else XSD.gYearMonth if len(v) == 7 else XSD.gYear
        return Literal(v, datatype=dt)
    # iri: <...>, prefix:local or an absolute IRI
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        iri = v[1:-1]
    elif (m := _PNAME.match(v)) and (m.group(1) or "") in prefixes:
        iri = prefixes[m.group(1) or ""] + m.group(2)
    elif re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", v):
        iri = v
    else:
        raise InputError(f"parameter {param.name} must be an IRI (<https://...> or tkid:name), not {value!r}")
    if not iri or _BAD_IRI.search(iri):
        raise InputError(f"parameter {param.name}: not a valid IRI: {value!r}")
    return URIRef(iri)


def bind_params(saved: SavedQuery, values: Mapping[str, str], source: Any = None,
                prefixes: Mapping[str, str] | None = None) -> dict[str, Node]:
    """The RDF terms of ``values`` (as given on the command line) for the parameters of ``saved``.

    A parameter of type ``entity`` is looked up in ``source`` by
    :func:`resolve_entity` (any name, alias, id or IRI); ``iri`` takes an IRI
    as it is; ``string``, ``integer``, ``decimal`` and ``date`` become typed
    literals. Unknown and missing parameters are errors that name the
    parameters there are.
    """
    known = {p.name: p for p in saved.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        have = ", ".join(known) or "none"
        raise InputError(f"saved query {saved.name} has no parameter {unknown[0]!r} (its parameters: {have})")
    ns = _prefixes(prefixes)
    out: dict[str, Node] = {}
    for p in saved.params:
        value = values.get(p.name, p.default)
        if value is None:
            raise InputError(f"saved query {saved.name} needs --param {p.name}=... ({p.help or p.type})")
        if p.type == "entity":
            if source is None:
                raise InputError(f"parameter {p.name} names an entity: a graph to find it in is needed")
            out[p.name] = resolve_entity(source, value)
        else:
            out[p.name] = _param_term(p, value, ns)
    return out


def parse_param_options(items: Iterable[str]) -> dict[str, str]:
    """``["company=Alibaba", ...]`` as a dict; an item without ``=`` is an error."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param takes NAME=VALUE, not {item!r}")
        out[name.strip()] = value
    return out


# ---------------------------------------------------------------------------
# Formats


def _compact(term: Node | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        best = max(((p, ns) for p, ns in prefixes.items() if s.startswith(ns)), key=lambda kv: len(kv[1]),
                   default=None)
        if best and re.fullmatch(r"[\w\-.~%]*", s[len(best[1]):]) and not s.endswith("."):
            return f"{best[0]}:{s[len(best[1]):]}"
        return s
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _csv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def format_result(result: QueryResult, fmt: str = "table", *, prefixes: Mapping[str, str] | None = None) -> str:
    """``result`` as text: an aligned ``table``, or ``csv``, ``tsv``, ``json`` (the SPARQL 1.1 results
    formats) for solutions and booleans, ``turtle`` for graph results (CONSTRUCT, DESCRIBE)."""
    ns = _prefixes(prefixes)
    if result.is_graph:
        if fmt not in ("turtle", "table"):
            raise QueryError(f"{result.form} gives a graph: use --format turtle, not {fmt}")
        from .exporters.rdf_formats import turtle_bytes

        return turtle_bytes(result.graph()).decode("utf-8")
    if fmt == "turtle":
        raise QueryError(f"{result.form} gives {'a boolean' if result.form == 'ASK' else 'solutions'}: "
                         f"use --format table, csv, tsv or json, not turtle")
    if result.form == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(result.variables)
        w.writerows([[_csv_term(t) for t in row] for row in result.rows])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if t is None else term_n3(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise QueryError(f"unknown result format {fmt!r} (one of {', '.join(RESULT_FORMATS)})")
    cells = [[" ".join(_compact(t, ns).split()) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Entity parameters: a name in any language, an alias, an id or an IRI


def resolve_entity(source: Any, ref: str) -> URIRef:
    """The IRI of the one entity ``ref`` names in ``source`` (a store, a graph, or a remote endpoint's runner).

    In order: an IRI, ``tkid:`` name or bare id of an entity in the graph; a
    label or alias equal to ``ref`` once case, spaces and punctuation are set
    aside; the same name without its legal form ('Inc.', '(주)'); the same
    distinctive part ('Alibaba' names 'Alibaba Group'), where the entity with
    the most facts wins. Several entities at one level (or a tie) are an
    error that lists them; so is none.
    """
    from .names import analyze_name, normalize

    runner = source if callable(source) else (lambda q, b=None: run_query(source, q, bindings=b))
    ref = ref.strip()
    if not ref:
        raise InputError("an entity parameter is empty")
    iri = None
    if ref.startswith("<") and ref.endswith(">"):
        iri = ref[1:-1]
    elif ref.startswith("tkid:"):
        iri = str(TKID) + ref[5:]
    elif re.match(r"^https?://", ref):
        iri = ref
    elif re.fullmatch(r"[\w.\-~/]+", ref):
        iri = str(TKID) + ref
    if iri and not _BAD_IRI.search(iri):
        if runner("ASK { ?e a ?class ; rdfs:label ?label }", {"e": URIRef(iri)}).boolean:
            return URIRef(iri)
    # a label or alias written exactly so: an index lookup, before any scan of all labels
    from .langs import language_codes

    langs = (None, *language_codes())  # labels are tagged with the languages techkg reads
    exact = runner("SELECT DISTINCT ?e WHERE { " + " UNION ".join(
        f"{{ ?e rdfs:label|skos:altLabel ?l{i} }}" for i in range(len(langs))) + " ?e a ?class }",
        {f"l{i}": Literal(ref, lang=lang) for i, lang in enumerate(langs)}).rows
    if len(exact) == 1:
        return exact[0][0]
    if len(exact) > 1:
        ranked = _by_degree(runner, {row[0] for row in exact})
        choices = ", ".join(_compact(e, PREFIXES) for e, _n in ranked[:6])
        raise InputError(f"{ref!r} names {len(exact)} entities; give one of: {choices}")
    words = [w for w in re.split(r"[\s\-_.,()]+", ref.casefold()) if w]
    probe = max(words, key=len) if words else ref.casefold()
    rows = runner("SELECT ?e ?label WHERE { ?e rdfs:label|skos:altLabel ?label . ?e a ?class "
                  "FILTER(CONTAINS(LCASE(STR(?label)), ?probe)) }", {"probe": Literal(probe)}).rows
    if not rows:
        raise InputError(f"no entity named {ref!r} in the graph")
    form = analyze_name(ref)
    levels: list[set[URIRef]] = [set(), set(), set()]
    for e, label in rows:
        other = analyze_name(str(label))
        if normalize(str(label)) == normalize(ref):
            levels[0].add(e)
        elif other.legal and other.legal == form.legal:
            levels[1].add(e)
        elif other.core and other.core == form.core:
            levels[2].add(e)
    for level, found in enumerate(levels):
        if len(found) == 1:
            return next(iter(found))
        if not found:
            continue
        ranked = _by_degree(runner, found)
        if level == 2 and ranked[0][1] > ranked[1][1]:
            return ranked[0][0]
        choices = ", ".join(_compact(e, PREFIXES) for e, _n in ranked[:6])
        raise InputError(f"{ref!r} names {len(found)} entities; give one of: {choices}")
    raise InputError(f"no entity named {ref!r} in the graph (labels containing it: "
                     f"{', '.join(sorted({str(r[1]) for r in rows})[:5])})")


def _by_degree(runner, entities: set[URIRef]) -> list[tuple[URIRef, int]]:
    counts = []
    for e in sorted(entities):
        r = runner("SELECT (COUNT(*) AS ?n) WHERE { ?e ?p ?o }", {"e": e})
        counts.append((e, int(r.rows[0][0]) if r.rows and r.rows[0][0] is not None else 0))
    return sorted(counts, key=lambda en: (-en[1], str(en[0])))
