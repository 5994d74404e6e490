"""CSV for spreadsheets and graph tools: a folder with ``entities.csv``, ``facts.csv``, ``nodes.csv``
and ``edges.csv``.

``path`` is the folder (created if needed; default name ``csv``). Both files
are UTF-8 (no byte-order mark), comma-separated, with a header row; lists in a
cell are joined with ``|``.

* ``entities.csv``: ``iri, id, label, lang, type, labels`` (``lang:label`` pairs),
  ``aliases, documents, same_as``.
* ``facts.csv``: one row per extraction (provenance record) of a fact:
  ``subject_label, predicate, object_label, subject_iri, predicate_iri,
  object_iri`` (empty for a literal), ``object_value`` (the literal),
  ``object_datatype, asserted`` (``true`` when the fact is a plain triple, i.e.
  modality asserted/hedged), ``confidence, modality, doc, sentence_index,
  sentence, start, end, extractor, extractor_version, assertion_iri``. A fact
  without provenance has one row with empty evidence columns.
* ``nodes.csv`` and ``edges.csv``: the entity graph of the GraphML export
  (:func:`kg.exporters.graphml.to_networkx`) as a node list and an edge list,
  with the column names Gephi's spreadsheet import reads (``Id, Label`` and
  ``Source, Target, Type, Label, Weight``); pandas and Neo4j's ``LOAD CSV``
  read them as they are. ``Weight`` is the fact's confidence; ``Type`` is
  ``Directed``. Only facts that are plain triples between two entities are edges.
"""
from __future__ import annotations

import contextlib
import csv
from pathlib import Path
from typing import Any

from kg.exporters import atomic_write, exporter
from kg.rdf import graph_view

__all__ = ["ENTITY_COLUMNS", "FACT_COLUMNS", "NODE_COLUMNS", "EDGE_COLUMNS"]

ENTITY_COLUMNS = ["iri", "id", "label", "lang", "type", "labels", "aliases", "documents", "same_as"]
FACT_COLUMNS = [
    "subject_label", "predicate", "object_label", "subject_iri", "predicate_iri", "object_iri",
    "object_value", "object_datatype", "asserted", "confidence", "modality", "doc", "sentence_index",
    "sentence", "start", "end", "extractor", "extractor_version", "assertion_iri",
]

NODE_COLUMNS = ["Id", "Label", "type", "lang", "aliases", "documents", "degree"]
EDGE_COLUMNS = ["Source", "Target", "Type", "Label", "Weight", "relation", "relation_iri", "documents", "evidence"]


def _s(x: Any) -> str:
    return "" if x is None else str(x)


@exporter("csv", "", "CSV: a folder with entities.csv, facts.csv and the nodes.csv/edges.csv of the entity graph")
def export_csv(graph, path: Path, **options: Any) -> None:
    """Write the four files into the folder ``path`` (each replaced atomically).

    >>> import tempfile, pathlib
    >>> from rdflib import Graph
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "csv"
    >>> export_csv(Graph(), p)
    >>> sorted(x.name for x in p.iterdir())
    ['edges.csv', 'entities.csv', 'facts.csv', 'nodes.csv']
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(f"csv export needs a folder, and {path} is a file")
    from kg.exporters.graphml import to_networkx

    view = graph_view(graph)
    labels = {e.iri: e.label for e in view.entities}
    G = to_networkx(graph)
    with contextlib.ExitStack() as stack:
        ef = stack.enter_context(atomic_write(path / "entities.csv", "w", newline=""))
        ff = stack.enter_context(atomic_write(path / "facts.csv", "w", newline=""))
        nf = stack.enter_context(atomic_write(path / "nodes.csv", "w", newline=""))
        xf = stack.enter_context(atomic_write(path / "edges.csv", "w", newline=""))
        w = csv.writer(nf)
        w.writerow(NODE_COLUMNS)
        for node, a in sorted(G.nodes(data=True)):
            w.writerow([node, a["label"], a["type"], a["lang"], a["aliases"], a["documents"], G.degree(node)])
        w = csv.writer(xf)
        w.writerow(EDGE_COLUMNS)
        for u, v, a in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])):
            w.writerow([u, v, "Directed", a["label"], a["confidence"], a["predicate"], a["predicate_iri"],
                        a["documents"], a["evidence"]])
        w = csv.writer(ef)
        w.writerow(ENTITY_COLUMNS)
        for e in view.entities:
            w.writerow([
                e.iri, e.id, e.label, _s(e.lang), e.type,
                "|".join(f"{k}:{v}" if k else v for k, v in e.labels.items()),
                "|".join(e.aliases), "|".join(e.documents), "|".join(e.same_as),
            ])
        w = csv.writer(ff)
        w.writerow(FACT_COLUMNS)
        for f in view.facts:
            head = [
                labels.get(f.subject, f.subject), f.predicate_name,
                labels.get(f.object, f.object) if f.object_is_entity else f.object,
                f.subject, f.predicate, f.object if f.object_is_entity else "",
                "" if f.object_is_entity else f.object, _s(f.object_datatype), "true" if f.asserted else "false",
            ]
            if not f.evidence:
                w.writerow(head + [_s(f.confidence)] + [""] * (len(FACT_COLUMNS) - len(head) - 1))
            for ev in f.evidence:
                w.writerow(head + [
                    _s(ev.confidence), ev.modality, ev.doc, _s(ev.sentence_index), ev.sentence_text,
                    _s(ev.start), _s(ev.end), ev.extractor, ev.extractor_version, ev.iri,
                ])
