"""An interactive HTML view of the graph (pyvis / vis-network) that works offline.

The page is one self-contained file: vis-network's JavaScript and CSS are
inlined from pyvis's bundled copy, the template (``kg/data/html/techkg.html``)
references nothing remote, and the graph travels as one JSON document inside
the page, so opening it makes no network request.

What the page shows:

* nodes coloured and shaped by the coarse class of their ontology type (legend
  and colours in ``kg/data/html/style.json``), sized by degree or PageRank,
  labelled in the chosen language (falling back to the entity's own label);
* edges labelled by relation, coloured by family (people, deals, products,
  places, competition), arrowed, and dashed when the fact is planned, denied,
  hedged or past;
* a side panel for the clicked node or edge (types, labels, aliases,
  identifiers, and every fact with its evidence sentences, article, date and
  confidence), a search over every label and alias, and filters by relation,
  class, confidence and article.

Large graphs never freeze the page: up to ``physics_limit`` nodes the browser
lays them out; beyond it positions are computed here and physics is off; beyond
``overview_limit`` the page opens on an overview (the ``overview_size`` most
important entities, the rest collapsed into one node per class) and the whole
graph can be drawn only up to ``full_limit`` nodes. An ego view (``focus`` and
``hops``) opens on one entity's neighbourhood; the page can switch to any
entity's neighbourhood too. All text from articles is put on the page as text,
never as markup.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import kg
from kg.exporters import atomic_write, exporter, term_label
from kg.rdf import GraphView, graph_view

__all__ = ["render_html", "view_data", "strip_remote_refs", "remote_refs", "COLORS", "VizError"]

_TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "data" / "html"


class VizError(ValueError):
    """A view that cannot be drawn as asked (an unknown focus entity, a bad option)."""


@cache
def _style() -> dict:
    return json.loads((_TEMPLATE_DIR / "style.json").read_text(encoding="utf-8"))


#: Colours of the coarse types (from ``style.json``).
COLORS: dict[str, str] = {k: v["color"] for k, v in _style()["classes"].items()}

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
    return re.split(r"[#/]", str(term))[-1] or None


def _coarse(ont, type_name: str, cache_: dict) -> str:
    first = type_name.split("|")[0]
    if first not in cache_:
        name = None
        if ont is not None:
            try:
                name = _local_name(ont.coarse_type(first))
            except Exception:
                name = None
        cache_[first] = name or "Other"
    return cache_[first]


def _tk(local: str) -> str:
    from kg.ontology import TK

    return str(TK) + local


def _class_label(name: str, lang: str) -> str:
    return name if name == "Other" else term_label(_tk(name), lang)


def _pagerank(n: int, edges: list[tuple[int, int]], damping: float = 0.85, iterations: int = 60) -> list[float]:
    """PageRank by power iteration on the undirected graph (numpy only: networkx's needs scipy)."""
    import numpy as np

    if n == 0:
        return []
    src = np.array([a for a, b in edges] + [b for a, b in edges], dtype=np.int64)
    dst = np.array([b for a, b in edges] + [a for a, b in edges], dtype=np.int64)
    out = np.bincount(src, minlength=n).astype(float)
    rank = np.full(n, 1.0 / n)
    for _ in range(iterations):
        share = np.where(out > 0, rank / np.maximum(out, 1), 0.0)
        spread = np.bincount(dst, weights=share[src], minlength=n) if len(src) else np.zeros(n)
        dangling = rank[out == 0].sum()
        new = (1 - damping) / n + damping * (spread + dangling / n)
        if np.abs(new - rank).sum() < 1e-10:
            rank = new
            break
        rank = new
    return [float(x) for x in rank]


def _layout(count: int, edges: list[tuple[int, int]], seed: int) -> list[tuple[float, float]]:
    """Positions in about [-1, 1] for nodes 0..count-1: a seeded Fruchterman-Reingold (numpy), then, for a
    few hundred nodes, the ones that sit on one another pushed apart. (ForceAtlas2 gathered the hubs of
    our graphs into one pile in the middle, and took 34 s for 3,000 nodes.)"""
    pos = _fr_layout(list(range(count)), [(a, b) for a, b in edges], seed)
    xy = [pos[i] for i in range(count)]
    return _apart(xy) if count <= 600 else xy


def _apart(xy: list[tuple[float, float]], iterations: int = 60) -> list[tuple[float, float]]:
    """Push nodes that sit almost on one another apart (a force layout of a dense graph crowds its
    middle): each pass moves every pair closer than a fixed share of the drawing half-way apart."""
    import numpy as np

    pos = np.array(xy, dtype=float)
    n = len(pos)
    if n < 2:
        return xy
    gap = 1.6 / math.sqrt(n)  # about the spacing n evenly spread nodes have in [-1, 1]
    for _ in range(iterations):
        d = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((d ** 2).sum(-1))
        np.fill_diagonal(dist, gap)
        close = dist < gap
        if not close.any():
            break
        push = np.where(close, (gap - dist) / np.maximum(dist, 1e-9) / 2, 0.0)
        pos += (d * push[:, :, None]).sum(1) * 0.5
    return [(float(x), float(y)) for x, y in pos]


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


def _safe_url(url: str | None) -> str | None:
    """A link the page may offer: http(s) only (never ``javascript:`` or ``data:``)."""
    url = (url or "").strip()
    return url if re.match(r"https?://[^\s]+$", url, re.IGNORECASE) else None


def _modality(fact) -> str:
    """How a fact stands: 'asserted' when the graph states it, else the modality most of its evidence has."""
    if fact.asserted:
        kinds = Counter(e.modality for e in fact.evidence if e.modality in ("hedged", "past"))
        if kinds and not any(e.modality == "asserted" for e in fact.evidence):
            return kinds.most_common(1)[0][0]
        return "asserted"
    kinds = Counter(e.modality or "asserted" for e in fact.evidence)
    return kinds.most_common(1)[0][0] if kinds else "asserted"


def _find(view: GraphView, name: str) -> str | None:
    """The IRI of the entity named ``name`` (an IRI, an id, a label or an alias; case-insensitive)."""
    wanted = name.strip().casefold()
    best = None
    for e in view.entities:
        names = {e.iri, e.id, e.label, *e.labels.values(), *e.aliases}
        if wanted in {x.casefold() for x in names}:
            if best is None or len(e.documents) > len(best.documents):
                best = e
    return best.iri if best else None


def view_data(graph, *, lang: str | None = None, size: str = "degree", focus: str | None = None, hops: int = 2,
              physics_limit: int = 150, overview_limit: int = 1000, overview_size: int = 150,
              full_limit: int = 5000, seed: int = 42, title: str | None = None) -> dict:
    """Everything the page draws, as one JSON-ready dict (see the template's script for its use).

    Nodes and edges are arrays (a 30,000-node page stays small): a node is
    ``[label, class index, size, x, y, degree, labels by language, aliases, IRI, same-as IRIs, article
    indexes, attributes, type]`` and an edge ``[from, to, relation index, modality, confidence, number of
    evidence records, up to 20 of them as [sentence, article index, extractor, modality, confidence]]``.
    """
    from kg.langs import get_language, language_codes

    label_langs = language_codes()
    if lang is not None and lang not in label_langs:
        raise VizError(f"no language {lang!r} for labels; techkg has {', '.join(label_langs)}")
    if size not in ("degree", "pagerank"):
        raise VizError(f"size must be 'degree' or 'pagerank', not {size!r}")
    if hops < 1:
        raise VizError(f"hops must be 1 or more, not {hops}")
    view = graph if isinstance(graph, GraphView) else graph_view(graph)
    ont = _ontology()
    style = _style()
    coarse_cache: dict = {}

    index = {e.iri: i for i, e in enumerate(view.entities)}
    docs = sorted(view.documents)
    doc_index = {d: i for i, d in enumerate(docs)}

    # classes: the coarse types present, in the style's order
    coarse = [_coarse(ont, e.type, coarse_cache) for e in view.entities]
    counts = Counter(coarse)
    order = [k for k in style["classes"] if k in counts] + sorted(k for k in counts if k not in style["classes"])
    extra = iter(style["extra_colors"] * (1 + len(order)))
    classes = []
    for k in order:
        look = style["classes"].get(k) or {"color": next(extra), "shape": "dot"}
        classes.append({"name": k, "label": {lg: _class_label(k, lg) for lg in label_langs}, "color": look["color"],
                        "shape": look["shape"], "count": counts[k]})
    class_index = {c["name"]: i for i, c in enumerate(classes)}

    # relations and their families
    family_of = {r: f for f, spec in style["families"].items() for r in spec["relations"]}
    families = [{"name": f, "label": spec["label"], "color": spec["color"]} for f, spec in style["families"].items()]
    family_index = {f["name"]: i for i, f in enumerate(families)}
    facts = [f for f in view.facts if f.object_is_entity and f.subject in index and f.object in index
             and f.subject != f.object]
    rel_names = sorted({f.predicate for f in facts}, key=lambda p: _local_name(p) or p)
    rel_count = Counter(f.predicate for f in facts)
    relations = [{"name": _local_name(p), "iri": p, "label": {lg: term_label(p, lg) for lg in label_langs},
                  "family": family_index[family_of.get(_local_name(p), "other")], "count": rel_count[p]}
                 for p in rel_names]
    rel_index = {p: i for i, p in enumerate(rel_names)}

    pairs = [(index[f.subject], index[f.object]) for f in facts]
    degree = Counter()
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    n = len(view.entities)
    if size == "pagerank":
        pr = _pagerank(n, pairs)
        top = max(pr, default=1.0) or 1.0
        weight = [1 + 40 * (x / top) for x in pr]
    else:
        weight = [1 + degree[i] for i in range(n)]

    evidence_docs = defaultdict(set)  # node -> the articles of its facts' evidence
    edges = []
    for f, (a, b) in zip(facts, pairs):
        evidence = []
        for ev in f.evidence[:20]:
            evidence.append([" ".join(ev.sentence_text.split())[:600], doc_index.get(ev.doc, -1), ev.extractor,
                             ev.modality or "asserted", None if ev.confidence is None else round(ev.confidence, 3)])
            if ev.doc in doc_index:
                evidence_docs[a].add(doc_index[ev.doc])
                evidence_docs[b].add(doc_index[ev.doc])
        conf = f.confidence
        edges.append([a, b, rel_index[f.predicate], _modality(f), None if conf is None else round(conf, 3),
                      len(f.evidence), evidence])

    nodes = []
    for i, e in enumerate(view.entities):
        labels = {k: v for k, v in e.labels.items() if k}
        node_docs = sorted({doc_index[d] for d in e.documents if d in doc_index} | evidence_docs[i])
        nodes.append([e.label, class_index[coarse[i]], round(weight[i], 3), None, None, degree[i], labels,
                      [a for a in e.aliases if a != e.label][:50], e.iri, e.same_as, node_docs,
                      [[term_label(_tk(p), lang), v] for p, v in e.attributes], e.type.replace("|", ", ")])

    # what the page opens on
    mode, initial = "all", list(range(n))
    focus_node = None
    if focus:
        iri = _find(view, focus)
        if iri is None:
            raise VizError(f"no entity named {focus!r} in the graph")
        focus_node = index[iri]
        mode, initial = "ego", _neighbourhood(focus_node, pairs, hops, n)
    elif n > overview_limit:
        mode = "overview"
        ranked = sorted(range(n), key=lambda i: (-weight[i], -degree[i], i))
        initial = sorted(ranked[:overview_size])

    # positions: the initial view's nodes always; every node when the whole graph may be drawn
    placed = list(range(n)) if n <= full_limit else initial
    if len(placed) > physics_limit or mode == "overview":
        local = {node: k for k, node in enumerate(placed)}
        sub = [(local[a], local[b]) for a, b in pairs if a in local and b in local]
        pos = _layout(len(placed), sub, seed)
        spread = 60.0 * math.sqrt(len(placed))
        for node, (x, y) in zip(placed, pos):
            nodes[node][3], nodes[node][4] = round(x * spread, 1), round(y * spread, 1)

    facts_shown = sum(1 for f in view.facts if f.asserted)
    documents = [{"id": d, "title": view.documents[d].get("title") or "", "url": _safe_url(view.documents[d].get("url")),
                  "date": view.documents[d].get("issued") or "", "lang": view.documents[d].get("language") or "",
                  "source": view.documents[d].get("source") or ""} for d in docs]
    langs = Counter(d["lang"] for d in documents if d["lang"])
    return {
        "title": title or _page_title(view),
        "version": kg.__version__,
        "lang": lang,  # None: each entity's own label
        "languages": [{"code": c, "name": get_language(c).name} for c in label_langs],
        "page_lang": langs.most_common(1)[0][0] if langs else "en",
        "counts": {"entities": n, "facts": facts_shown, "edges": len(edges), "documents": len(documents)},
        "mode": mode, "initial": initial, "focus": focus_node, "hops": hops,
        "physics": len(initial) <= physics_limit and mode != "overview",
        "full_limit": full_limit, "overview_size": overview_size,
        "classes": classes, "families": families, "relations": relations,
        "dashes": style["dashes"], "documents": documents, "nodes": nodes, "edges": edges,
    }


def _neighbourhood(start: int, pairs: list[tuple[int, int]], hops: int, n: int) -> list[int]:
    adjacency = defaultdict(set)
    for a, b in pairs:
        adjacency[a].add(b)
        adjacency[b].add(a)
    seen, frontier = {start}, {start}
    for _ in range(hops):
        frontier = {m for x in frontier for m in adjacency[x]} - seen
        seen |= frontier
    return sorted(seen)


def render_html(graph, *, title: str | None = None, lang: str | None = None, seed: int = 42, height: str = "100%",
                **options: Any) -> str:
    """The HTML page of ``graph`` as a string (see :func:`export_html`); ``options`` go to :func:`view_data`.

    >>> from rdflib import Graph
    >>> page = render_html(Graph(), title="빈 그래프")
    >>> "<title>빈 그래프</title>" in page, remote_refs(page)
    (True, [])
    """
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader
    import pyvis

    data = view_data(graph, lang=lang, seed=seed, title=title, **options)
    pyvis_templates = Path(pyvis.__file__).resolve().parent / "templates"
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(_TEMPLATE_DIR)), FileSystemLoader(str(pyvis_templates))]),
                      autoescape=True)
    # the data as JSON inside a script element: tojson escapes <, >, & and ' so no text can end the element
    html = env.get_template("techkg.html").render(data=data, title=data["title"], page_lang=data["page_lang"],
                                                  version=kg.__version__, height=height)
    html = strip_remote_refs(html)
    left = remote_refs(html)
    if left:  # pragma: no cover - strip_remote_refs removes every match
        raise RuntimeError(f"HTML export still references remote resources: {left[:3]}")
    return html


@exporter("html", "html", "interactive offline HTML view (vis-network)")
def export_html(graph, path: Path, **options: Any) -> None:
    """Write the interactive HTML view of ``graph`` to ``path`` (one self-contained, offline file).

    Options: ``title`` (default: the document title for one document, else
    "techkg knowledge graph"), ``lang`` of labels (default: each entity's own), ``size`` ("degree" or
    "pagerank"), ``focus`` (an entity's name: open on its neighbourhood) and
    ``hops`` (2), ``physics_limit`` (150), ``overview_limit`` (1000),
    ``overview_size`` (150), ``full_limit`` (5000) and ``seed`` (42) of the layout.

    >>> import tempfile, pathlib
    >>> from rdflib import Graph
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.html"
    >>> export_html(Graph(), p)
    >>> p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    allowed = {"title", "lang", "size", "focus", "hops", "physics_limit", "overview_limit", "overview_size",
               "full_limit", "seed", "height"}
    html = render_html(graph, **{k: v for k, v in options.items() if k in allowed and v is not None})
    with atomic_write(path, "w", newline="\n") as f:
        f.write(html)
