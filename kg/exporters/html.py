"""An interactive HTML view of the graph (pyvis / vis-network) that works offline.

The page is one self-contained file: vis-network's JavaScript and CSS are
inlined from pyvis's bundled copy and the template
(``kg/data/html/techkg.html``) references nothing remote, so opening it makes
no network request. Nodes are coloured by the coarse type of their class (with
a legend), labelled in their original language, and carry a tooltip with
type, IRI, labels, aliases and literal facts (e.g. founding dates). Edges are
directed, labelled with the predicate's label and carry the evidence
sentences and confidence. Two relations between the same two entities are two
edges, drawn with different curvature.

Graphs up to ``physics_limit`` nodes (500) are laid out in the browser by the
physics simulation; larger ones get a precomputed, seeded force-directed
layout and physics off.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import kg
from kg.exporters import atomic_write, exporter, term_label
from kg.rdf import GraphView, graph_view

__all__ = ["render_html", "strip_remote_refs", "remote_refs", "COLORS"]

_TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "data" / "html"

#: Colours of the coarse types; other types get colours from ``_EXTRA``.
COLORS: dict[str, str] = {
    "Organization": "#4e79a7",
    "Person": "#f28e2b",
    "Product": "#59a14f",
    "Place": "#e15759",
    "Technology": "#b07aa1",
    "Other": "#9d9d9d",
}
_EXTRA = ["#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#af7aa1"]

_REMOTE = re.compile(
    r"""(?P<attr>\b(?:src|href|action|poster|srcset|data)\s*=\s*)(?P<q>["']?)\s*(?:https?:)?//[^"'\s>]*(?P=q)"""
    r"""|url\(\s*["']?\s*(?:https?:)?//[^)]*\)"""
    r"""|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//[^;]*;""",
    re.IGNORECASE,
)


def remote_refs(html: str) -> list[str]:
    """The references in ``html`` a browser would fetch over the network (src/href/url()/@import).

    Text in JSON data (labels, tooltips) does not count: its quotes are escaped.

    >>> remote_refs('<script src="https://cdn.example/x.js"></script><a href="#top">')
    ['src="https://cdn.example/x.js"']
    >>> remote_refs('var d = {"label": "see src=\\\\"https://x\\\\""};')
    []
    """
    return [m.group(0) for m in _REMOTE.finditer(html)]


def strip_remote_refs(html: str) -> str:
    """Neutralise every remote reference (they become ``about:blank`` / removed).

    >>> strip_remote_refs('<link href="https://cdn.example/b.css" rel="stylesheet">')
    '<link href="about:blank" rel="stylesheet">'
    """

    def repl(m: re.Match) -> str:
        if m.group("attr"):
            q = m.group("q") or '"'
            return f"{m.group('attr')}{q}about:blank{q}"
        if m.group(0).lower().startswith("url("):
            return "url()"
        return ""

    return _REMOTE.sub(repl, html)


def _ontology():
    try:
        from kg.ontology import load_ontology

        return load_ontology()
    except Exception:  # the view still works without labels/coarse types
        return None


def _local_name(term: Any) -> str | None:
    if term is None:
        return None
    s = str(term)
    return re.split(r"[#/]", s)[-1] or None


def _coarse(ont, type_name: str, cache: dict) -> str:
    first = type_name.split("|")[0]
    if first not in cache:
        name = None
        if ont is not None:
            try:
                name = _local_name(ont.coarse_type(first))
            except Exception:
                name = None
        cache[first] = name or "Other"
    return cache[first]


def _type_label(name: str, lang: str) -> str:
    if name == "Other" or lang == "en":
        return name
    return term_label(_tk(name), lang)


def _prop_label(predicate_iri: str, lang: str) -> str:
    return term_label(predicate_iri, lang)


def _clip(text: str, n: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _layout(node_ids: list[str], pairs: list[tuple[str, str]], seed: int = 42) -> dict[str, tuple[float, float]]:
    """A seeded force-directed layout: networkx spring_layout, or a numpy Fruchterman-Reingold without scipy."""
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(node_ids)
    G.add_edges_from(pairs)
    try:
        pos = nx.spring_layout(G, seed=seed, iterations=50)
        return {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    except ImportError:  # networkx needs scipy for graphs of 500+ nodes
        return _fr_layout(node_ids, pairs, seed)


def _fr_layout(node_ids: list[str], pairs: list[tuple[str, str]], seed: int, iterations: int | None = None):
    import numpy as np

    n = len(node_ids)
    index = {k: i for i, k in enumerate(node_ids)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if not n:
        return {}
    src = np.array([index[a] for a, b in pairs if a != b], dtype=int)
    dst = np.array([index[b] for a, b in pairs if a != b], dtype=int)
    if iterations is None:
        iterations = 50 if n <= 5000 else 20
    k = 1.0 / math.sqrt(n)
    t = 0.1
    dt = t / (iterations + 1)
    block = max(1, 2_000_000 // max(n, 1))
    for _ in range(iterations):
        # repulsion k^2/d along (p_i - p_j), as matrix products: sum_j w_ij (p_i - p_j) = p_i sum_j w_ij - W p
        disp = np.empty((n, 2))
        sq = (pos**2).sum(1)
        for i in range(0, n, block):
            p = pos[i : i + block]
            d2 = sq[i : i + block, None] + sq[None, :] - 2.0 * (p @ pos.T)
            np.maximum(d2, 1e-6, out=d2)
            w = (k * k) / d2
            disp[i : i + block] = p * w.sum(1)[:, None] - w @ pos
        if len(src):
            d = pos[src] - pos[dst]
            length = np.maximum(np.sqrt((d**2).sum(1)), 1e-3)
            f = d * (length / k)[:, None]
            np.add.at(disp, src, -f)
            np.add.at(disp, dst, f)
        length = np.maximum(np.sqrt((disp**2).sum(1)), 1e-6)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= dt
    pos -= pos.mean(0)
    scale = np.abs(pos).max() or 1.0
    pos /= scale
    return {node_ids[i]: (float(pos[i, 0]), float(pos[i, 1])) for i in range(n)}


def _page_title(view: GraphView) -> str:
    titles = [d.get("title") for d in view.documents.values() if d.get("title")]
    if len(view.documents) == 1 and titles:
        return titles[0]
    return "techkg knowledge graph"


def _build(view: GraphView, *, lang: str, physics_limit: int, seed: int):
    ont = _ontology()
    coarse_cache: dict = {}
    entity_by_iri = {e.iri: e for e in view.entities}
    edges_in = [f for f in view.facts if f.asserted and f.object_is_entity and f.subject in entity_by_iri and f.object in entity_by_iri]
    degree = Counter()
    for f in edges_in:
        degree[f.subject] += 1
        degree[f.object] += 1

    legend_counts: Counter = Counter()
    nodes = []
    for e in view.entities:
        coarse = _coarse(ont, e.type, coarse_cache)
        legend_counts[coarse] += 1
        lines = [f"{e.label}", f"type: {e.type.replace('|', ', ')}" + (f" ({coarse})" if coarse not in ("Other", e.type) else "")]
        others = [f"{v}@{k}" if k else v for k, v in e.labels.items() if v != e.label]
        if others:
            lines.append("labels: " + ", ".join(others))
        aliases = [a for a in e.aliases if a != e.label]
        if aliases:
            lines.append("aliases: " + ", ".join(aliases[:12]) + (" …" if len(aliases) > 12 else ""))
        for pred, value in e.attributes:
            lines.append(f"{_prop_label(_tk(pred), lang)}: {value}")
        if e.same_as:
            lines.append("same as: " + ", ".join(e.same_as))
        if e.documents:
            lines.append(f"documents: {len(e.documents)}")
        lines.append(e.iri)
        nodes.append({
            "id": e.iri,
            "label": e.label,
            "title": "\n".join(lines),
            "group": coarse,
            "color": None,  # filled below
            "value": 1 + degree[e.iri],
            "shape": "dot",
        })

    colors = dict(COLORS)
    extra = iter(_EXTRA * (1 + len(legend_counts) // len(_EXTRA)))
    for name in sorted(legend_counts):
        if name not in colors:
            colors[name] = next(extra)
    for n in nodes:
        n["color"] = colors[n["group"]]
    order = [k for k in COLORS if k in legend_counts] + sorted(k for k in legend_counts if k not in COLORS)
    legend = [{"name": _type_label(k, lang), "color": colors[k], "count": legend_counts[k]} for k in order]

    # edges, with a different curvature for each of several edges between one pair
    pair_seen: Counter = Counter()
    pair_total = Counter(frozenset((f.subject, f.object)) for f in edges_in)
    edges = []
    for i, f in enumerate(edges_in):
        label = _prop_label(f.predicate, lang)
        conf = f.confidence
        lines = [f"{entity_by_iri[f.subject].label} — {label} → {entity_by_iri[f.object].label}"]
        if conf is not None:
            lines.append(f"confidence: {conf:.2f}")
        for ev in f.evidence[:5]:
            meta = ", ".join(x for x in (ev.doc, ev.extractor, ev.modality if ev.modality != "asserted" else "") if x)
            lines.append(f"“{_clip(ev.sentence_text)}” ({meta})")
        if len(f.evidence) > 5:
            lines.append(f"… {len(f.evidence) - 5} more")
        edge = {
            "id": f"e{i}",
            "from": f.subject,
            "to": f.object,
            "label": label,
            "title": "\n".join(lines),
            "arrows": "to",
            "width": 1 + 2 * (conf if conf is not None else 0.5),
        }
        pair = frozenset((f.subject, f.object))
        if pair_total[pair] > 1 or f.subject == f.object:
            k = pair_seen[pair]
            pair_seen[pair] += 1
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.15 + 0.2 * k, 2)}
        edges.append(edge)

    physics = len(nodes) <= physics_limit
    if not physics:
        pos = _layout([n["id"] for n in nodes], [(f.subject, f.object) for f in edges_in], seed)
        spread = 60.0 * math.sqrt(len(nodes))
        for n in nodes:
            x, y = pos[n["id"]]
            n["x"], n["y"] = round(x * spread, 1), round(y * spread, 1)

    font = 'system-ui, "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
    options = {
        "nodes": {"shape": "dot", "scaling": {"min": 8, "max": 32}, "font": {"size": 14, "face": font},
                  "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#8a8a8a", "highlight": "#333333", "hover": "#333333", "inherit": False},
            "font": {"size": 10, "face": font, "align": "middle", "color": "#555555", "strokeWidth": 3},
            # straight edges draw much faster in a big graph; parallel edges keep their own curve
            "smooth": {"enabled": True, "type": "dynamic"} if physics else {"enabled": False},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "multiselect": True},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
        "layout": {"randomSeed": seed, "improvedLayout": len(nodes) <= 150},
    }
    return nodes, edges, options, legend


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _tk(local: str) -> str:
    from kg.ontology import TK

    return str(TK) + local


def render_html(
    graph,
    *,
    title: str | None = None,
    lang: str = "en",
    physics_limit: int = 500,
    seed: int = 42,
    height: str = "100%",
) -> str:
    """The HTML page of ``graph`` as a string (see :func:`export_html`).

    >>> from rdflib import Graph
    >>> page = render_html(Graph(), title="빈 그래프")
    >>> "<title>빈 그래프</title>" in page, remote_refs(page)
    (True, [])
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader
    from pyvis.network import Network
    import pyvis

    view = graph_view(graph)
    nodes, edges, options, legend = _build(view, lang=lang, physics_limit=physics_limit, seed=seed)

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", heading="")
    net.nodes = nodes  # set the lists directly: add_node/add_edge are quadratic
    net.edges = edges
    net.options = options
    pyvis_templates = Path(pyvis.__file__).resolve().parent / "templates"
    net.templateEnv = Environment(loader=ChoiceLoader([FileSystemLoader(str(_TEMPLATE_DIR)), FileSystemLoader(str(pyvis_templates))]))
    net.path = "techkg.html"

    title = title or _page_title(view)
    facts = sum(1 for f in view.facts if f.asserted)
    summary = " · ".join(
        _plural(n, one, many)
        for n, one, many in ((len(view.entities), "entity", "entities"), (facts, "fact", "facts"),
                             (len(view.documents), "document", "documents"))
    )
    doc_lines = sorted(
        " — ".join(x for x in (d.get("title"), d.get("source") or d.get("url") or doc_id) if x)
        for doc_id, d in view.documents.items()
    )
    langs = Counter(d.get("language") for d in view.documents.values() if d.get("language"))
    page_lang = langs.most_common(1)[0][0] if langs else "en"

    template = net.templateEnv.get_template(net.path)
    nodes_, edges_, _heading, height_, width_, options_json = net.get_network_data()
    html = template.render(
        nodes=nodes_, edges=edges_, options=options_json, title=title, summary=summary, legend=legend,
        documents=doc_lines[:200], page_lang=page_lang, version=kg.__version__, bgcolor="#ffffff",
        height=height_, width=width_,
    )
    html = strip_remote_refs(html)
    left = remote_refs(html)
    if left:  # pragma: no cover - strip_remote_refs removes every match
        raise RuntimeError(f"HTML export still references remote resources: {left[:3]}")
    return html


@exporter("html", "html", "interactive offline HTML view (vis-network)")
def export_html(graph, path: Path, **options: Any) -> None:
    """Write the interactive HTML view of ``graph`` to ``path`` (one self-contained, offline file).

    Options: ``title`` (default: the document title for one document, else
    "techkg knowledge graph"), ``lang`` of predicate labels ("en"),
    ``physics_limit`` (500) and ``seed`` (42) for the precomputed layout.

    >>> import tempfile, pathlib
    >>> from rdflib import Graph
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.html"
    >>> export_html(Graph(), p)
    >>> p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    allowed = {"title", "lang", "physics_limit", "seed", "height"}
    html = render_html(graph, **{k: v for k, v in options.items() if k in allowed and v is not None})
    with atomic_write(path, "w", newline="\n") as f:
        f.write(html)
