"""RDF serialisations: Turtle, TriG, N-Quads and JSON-LD.

* **turtle** writes every triple of the graph. The output is deterministic:
  the same graph gives byte-identical files (fixed prefixes; subjects sorted by
  rdflib's serializer by number of references, then IRI; predicates and objects
  sorted). Two builds of the same input differ only in ``prov:startedAtTime``.
* **trig** and **nquads** keep facts, entities, documents and the run activity
  in the *default graph* and put each document's provenance records
  (``tk:Assertion`` and ``tk:EventReport`` nodes) in the *named graph* ``tkdoc:<doc id>``, so a
  document's extractions can be dropped or replaced as one graph while the
  facts stay query-able without ``GRAPH`` clauses. Both are deterministic too
  (TriG: default graph first, then document graphs by name, each block sorted
  like the Turtle; N-Quads: sorted lines).
* **jsonld** uses rdflib's JSON-LD serializer, compacted with a context of
  the techkg prefixes; nodes and value arrays are sorted for a stable output.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.exporters import atomic_write, exporter
from kg.ontology import TK
from kg.rdf import PREFIXES, bind_prefixes, flatten

__all__ = ["turtle_bytes", "trig_bytes", "split_by_document", "JSONLD_CONTEXT"]

#: The JSON-LD ``@context``: the techkg prefixes.
JSONLD_CONTEXT: dict[str, str] = dict(PREFIXES)


def turtle_bytes(graph: Graph) -> bytes:
    """The deterministic Turtle serialisation of ``graph`` (UTF-8 bytes).

    >>> from rdflib import Literal
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://techkg.dev/id/b"), RDF.type, TK.Company))
    >>> _ = g.add((URIRef("https://techkg.dev/id/a"), RDF.type, TK.Company))
    >>> print(turtle_bytes(g).decode())
    @prefix tk: <https://techkg.dev/ontology#> .
    @prefix tkid: <https://techkg.dev/id/> .
    <BLANKLINE>
    tkid:a a tk:Company .
    <BLANKLINE>
    tkid:b a tk:Company .
    <BLANKLINE>
    <BLANKLINE>
    """
    g = flatten(graph)
    if g is graph:  # do not rebind prefixes on the caller's graph
        g = bind_prefixes(Graph(bind_namespaces="none"))
        for triple in graph:
            g.add(triple)
    return g.serialize(format="turtle", encoding="utf-8")


def split_by_document(graph: Graph) -> Dataset:
    """A Dataset: provenance records in the named graph of their document, the rest in the default graph.

    >>> from kg.rdf import TKDOC, TKPROV
    >>> g = Graph()
    >>> a = TKPROV["0123456789abcdef"]
    >>> _ = g.add((a, RDF.type, TK.Assertion))
    >>> _ = g.add((a, PROV.wasDerivedFrom, TKDOC["d1"]))
    >>> _ = g.add((TKDOC["d1"], RDF.type, TK.Article))
    >>> ds = split_by_document(g)
    >>> len(ds.graph(TKDOC["d1"])), len(ds.default_graph)
    (2, 1)
    """
    g = flatten(graph)
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, URIRef(ns), override=True, replace=True)
    home: dict[URIRef, Graph] = {}
    records = set(g.subjects(RDF.type, TK.Assertion)) | set(g.subjects(RDF.type, TK.EventReport))
    for a in sorted(records):
        doc = g.value(a, PROV.wasDerivedFrom)
        if isinstance(doc, URIRef):
            home[a] = ds.graph(doc)
    default = ds.default_graph
    for s, p, o in g:
        home.get(s, default).add((s, p, o))
    return ds


@exporter("turtle", "ttl", "Turtle, deterministic; the whole graph")
def export_turtle(graph: Graph, path: Path, **options: Any) -> None:
    """Turtle, deterministic; the whole graph.

    >>> import tempfile, pathlib
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://techkg.dev/id/a"), RDF.type, TK.Company))
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "graph.ttl"
    >>> export_turtle(g, p)
    >>> p.read_text(encoding="utf-8").strip().splitlines()[-1]
    'tkid:a a tk:Company .'
    """
    data = turtle_bytes(graph)
    with atomic_write(path, "wb") as f:
        f.write(data)


def trig_bytes(graph: Graph) -> bytes:
    """Deterministic TriG: the default graph first, then the document graphs sorted by name.

    Each block is rdflib's (sorted) Turtle of that graph under one set of prefixes.

    >>> from kg.rdf import TKDOC, TKPROV
    >>> g = Graph()
    >>> _ = g.add((TKPROV["0123456789abcdef"], RDF.type, TK.Assertion))
    >>> _ = g.add((TKPROV["0123456789abcdef"], PROV.wasDerivedFrom, TKDOC["d1"]))
    >>> print(trig_bytes(g).decode())  # doctest: +NORMALIZE_WHITESPACE
    @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix tk: <https://techkg.dev/ontology#> .
    @prefix tkdoc: <https://techkg.dev/doc/> .
    @prefix tkprov: <https://techkg.dev/prov/> .
    <BLANKLINE>
    tkdoc:d1 {
    tkprov:0123456789abcdef a tk:Assertion ;
        prov:wasDerivedFrom tkdoc:d1 .
    }
    <BLANKLINE>
    """
    ds = split_by_document(graph)
    blocks: list[tuple[str, Graph]] = [("", ds.default_graph)]
    named = [c for c in ds.graphs() if c.identifier != ds.default_graph.identifier]
    for ctx in sorted(named, key=lambda c: str(c.identifier)):
        blocks.append((ctx.identifier.n3(ds.namespace_manager), ctx))
    prefixes: set[str] = set()
    parts: list[str] = []
    for name, ctx in blocks:
        if not len(ctx):
            continue
        sub = bind_prefixes(Graph(bind_namespaces="none"))
        for triple in ctx:
            sub.add(triple)
        text = sub.serialize(format="turtle")
        body = []
        for line in text.splitlines():
            if line.startswith("@prefix ") and not body:
                prefixes.add(line)
            elif body or line.strip():
                body.append(line)
        while body and not body[-1].strip():
            body.pop()
        parts.append(f"{name + ' ' if name else ''}{{\n" + "\n".join(body) + "\n}\n")
    head = "\n".join(sorted(prefixes))
    return (head + "\n\n" + "\n".join(parts)).encode("utf-8") if parts else b""


@exporter("trig", "trig", "TriG: facts in the default graph, provenance in one named graph per document")
def export_trig(graph: Graph, path: Path, **options: Any) -> None:
    """TriG: facts in the default graph, provenance in one named graph per document (deterministic).

    >>> import tempfile, pathlib
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://techkg.dev/id/a"), RDF.type, TK.Company))
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "graph.trig"
    >>> export_trig(g, p)
    >>> len(Dataset().parse(p, format="trig"))
    1
    """
    data = trig_bytes(graph)
    with atomic_write(path, "wb") as f:
        f.write(data)


@exporter("nquads", "nq", "N-Quads (sorted lines): facts in the default graph, provenance per document graph")
def export_nquads(graph: Graph, path: Path, **options: Any) -> None:
    """N-Quads (sorted lines): facts in the default graph, provenance per document graph.

    >>> import tempfile, pathlib
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://techkg.dev/id/a"), RDF.type, TK.Company))
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "graph.nq"
    >>> export_nquads(g, p)
    >>> p.read_text().splitlines()
    ['<https://techkg.dev/id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://techkg.dev/ontology#Company> .']
    """
    text = split_by_document(graph).serialize(format="nquads", encoding="utf-8").decode("utf-8")
    lines = sorted({re.sub(r"\s+\.$", " .", line.rstrip()) for line in text.splitlines() if line.strip()})
    with atomic_write(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))


def _sorted_json(node: Any, key: str = "") -> Any:
    """Sort JSON-LD arrays (node lists and value sets are unordered; ``@list`` is kept) for a stable output."""
    if isinstance(node, dict):
        return {k: _sorted_json(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sorted_json(v) for v in node]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


@exporter("jsonld", "jsonld", "JSON-LD compacted with the techkg prefixes")
def export_jsonld(graph: Graph, path: Path, **options: Any) -> None:
    """JSON-LD compacted with the techkg prefixes.

    >>> import tempfile, pathlib
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://techkg.dev/id/a"), RDF.type, TK.Company))
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "graph.jsonld"
    >>> export_jsonld(g, p)
    >>> data = json.loads(p.read_text(encoding="utf-8"))
    >>> data["@id"], data["@type"]
    ('tkid:a', 'tk:Company')
    """
    g = flatten(graph)
    doc = _sorted_json(json.loads(g.serialize(format="json-ld", context=JSONLD_CONTEXT)))
    with atomic_write(path, "w", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
