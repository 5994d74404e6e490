"""GraphML for graph tools (Gephi, yEd, Cytoscape, networkx).

Entities are nodes (id = IRI; attributes ``label``, ``type``, ``iri``, ``lang``,
``aliases``, plus one attribute per literal fact such as ``foundedOn``); facts
between two entities are directed edges of a multigraph (attributes
``predicate``, ``predicate_iri``, ``label``, ``confidence``, ``documents``,
``evidence``), so two relations between the same two entities both survive.
Only facts that are plain triples (modality asserted/hedged) become edges.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.exporters import atomic_write, exporter, term_label
from kg.rdf import graph_view

__all__ = ["to_networkx"]


def to_networkx(graph) -> nx.MultiDiGraph:
    """The entity/fact multigraph of ``graph`` (nodes keyed by IRI).

    >>> from rdflib import Graph
    >>> to_networkx(Graph()).number_of_nodes()
    0
    """
    view = graph_view(graph)
    G = nx.MultiDiGraph()
    known = set()
    for e in view.entities:
        attrs: dict[str, Any] = {
            "label": e.label,
            "type": e.type,
            "iri": e.iri,
            "lang": e.lang or "",
            "aliases": "; ".join(e.aliases),
            "documents": "; ".join(e.documents),
        }
        if e.same_as:
            attrs["sameAs"] = "; ".join(e.same_as)
        values: dict[str, list[str]] = {}
        for pred, value in e.attributes:
            values.setdefault(pred, []).append(value)
        for pred, vs in values.items():
            if pred not in attrs:
                attrs[pred] = "; ".join(vs)
        G.add_node(e.iri, **attrs)
        known.add(e.iri)
    for i, f in enumerate(f for f in view.facts if f.asserted and f.object_is_entity):
        if f.subject not in known or f.object not in known:
            continue
        conf = f.confidence
        G.add_edge(
            f.subject,
            f.object,
            key=f"e{i}",
            predicate=f.predicate_name,
            predicate_iri=f.predicate,
            label=term_label(f.predicate),
            confidence=float(conf) if conf is not None else 0.0,
            documents="; ".join(f.documents),
            evidence=" | ".join(" ".join(ev.sentence_text.split()) for ev in f.evidence[:5]),
        )
    return G


@exporter("graphml", "graphml", "GraphML: entities as nodes, facts as directed multi-edges")
def export_graphml(graph, path: Path, **options: Any) -> None:
    """Write ``graph`` as GraphML (see the module docstring for the attributes).

    >>> import tempfile, pathlib
    >>> from rdflib import Graph
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> export_graphml(Graph(), p)
    >>> nx.read_graphml(p).number_of_nodes()
    0
    """
    G = to_networkx(graph)
    with atomic_write(path, "wb") as f:
        nx.write_graphml(G, f, encoding="utf-8", prettyprint=True)
