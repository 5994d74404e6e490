"""What a store remembers of its corpus between builds, so that a build does the work of what changed.

A store build treats the stored articles and the inputs as one corpus. Three
stages look across articles:

1. the corpus-names pass (:mod:`kg.mentions.corpus_names`): every name one
   article found is looked for in the others, so an article that holds a name
   it did not find is extracted again with the names it holds;
2. linking (:class:`kg.link.LinkState`);
3. the graph, whose entity and event nodes gather what many articles say
   (:class:`GraphRecord` and :func:`graph_changes`, over
   :class:`kg.graphstate.GraphState`).

:class:`CorpusState` keeps both up to date: each article's content hash, the
keys of its extractions, the names it votes for and the names it holds, the
votes of the corpus, the texts (to find which articles hold a name that
appears or changes class), and the linking state. :meth:`CorpusState.update`
takes the articles that come, change and go, and returns the articles whose
linked extraction changed; every other article is neither read nor extracted.
The state is a function of the corpus alone (the order of the builds does not
matter), which the tests check against a state built at once.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .link import LinkState
from .model import Document, DocumentResult, _fast_pickle
from .statedb import Keyed, StateDB

__all__ = ["CorpusState", "GraphRecord", "graph_changes", "FORMAT"]

#: Changes whenever what the state holds changes shape; a state of another format is built again.
FORMAT = 4


@_fast_pickle
@dataclass(frozen=True, slots=True)
class _Article:
    content_hash: str
    first: str  # the key of its first extraction
    final: str  # the key of the extraction that is linked: the first, or one with the corpus names it holds
    votes: frozenset  # (name, class) it found itself
    held: tuple  # the corpus names its text holds, as sorted (name, class) pairs


@dataclass
class CorpusState(Keyed):
    """The corpus of a store: articles, corpus names and linking (see the module docstring).

    A store keeps it in its state file (:mod:`kg.statedb`): the tables that grow with the corpus are
    read from it key by key (:meth:`bind`), the rest is pickled whole."""

    fingerprint: str = ""  # pipeline, gazetteers, model and options the extractions were made with
    format: int = FORMAT
    articles: dict[str, _Article] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    votes: dict[str, Counter] = field(default_factory=dict)  # name -> class -> articles
    names: dict[str, str] = field(default_factory=dict)  # name -> the class most articles give it
    link: LinkState = field(default_factory=LinkState)
    graph_record: object = None  # GraphRecord of the graph the store holds

    _TABLES = {"articles": 20_000, "texts": 1_000}

    def bind(self, db: StateDB, prefix: str = "corpus_", *, fresh: bool) -> None:
        super().bind(db, prefix, fresh=fresh)
        self._db = db
        self.link.bind(db, "link_", fresh=fresh)
        if self.graph_record is not None:
            self.graph_record.bind(db, fresh=fresh)

    def new_graph_record(self) -> GraphRecord:
        """An empty graph record, in the state file when the state is in one."""
        from .graphstate import GraphState

        record = GraphRecord(GraphState())
        if getattr(self, "_db", None) is not None:
            record.bind(self._db, fresh=True)
        return record

    def __getstate__(self) -> dict:
        state = self._unbound_state()
        state.pop("_db", None)
        return state

    def hashes(self) -> dict[str, str]:
        return {doc: a.content_hash for doc, a in self.articles.items()}

    def update(self, documents: Iterable[Document], removed: Iterable[str], *,
               first: Callable[[Document], tuple[str, DocumentResult]],
               final: Callable[[Document, dict[str, str]], tuple[str, DocumentResult]],
               stored: Callable[[str, str], tuple[str, DocumentResult]],
               votes_of: Callable[[DocumentResult], set], unfound: Callable[[DocumentResult, Mapping[str, str]], bool],
               gazetteer=None, prefetch: Callable[[list[tuple[str, str, dict[str, str]]]], None] | None = None) -> dict[str, str]:
        """Take in ``documents`` (new, or changed: another content hash) and drop the articles ``removed``.

        ``first(doc)`` gives the key and result of an article's first extraction, ``final(doc, names)``
        those of an extraction with the corpus names it holds, ``stored(doc id, content hash)`` the first
        extraction of an article already taken in (read back: ``documents`` may be a stream, and neither
        they nor their results are held),
        ``votes_of(result)`` the (name, class) pairs an article votes for and ``unfound(result, names)``
        whether it holds a name no mention covers. ``prefetch([(doc id, content hash, names)])``, when
        given, is told at once of every extraction with corpus names ``final`` will be asked for (to
        make them in parallel beforehand). Returns {doc id: final key} of the articles whose linked
        extraction changed (the linking state is updated with them)."""
        removed = {d for d in removed if d in self.articles}
        # the documents come one at a time and only their keys, votes and texts stay (the texts in the
        # state's file): an article's extraction is read back (from the store's cache) when needed again
        firsts: dict[str, str] = {}  # doc id -> key of its first extraction
        hashes: dict[str, str] = {}  # doc id -> content hash
        own_votes: dict[str, frozenset] = {}
        changed_names: set[str] = set()
        for doc in documents:
            if doc.id in removed:
                continue
            key, result = first(doc)
            firsts[doc.id], hashes[doc.id] = key, doc.content_hash
            own_votes[doc.id] = frozenset(votes_of(result))
            self.texts[doc.id] = doc.text
            for name, cls in own_votes[doc.id]:
                self.votes.setdefault(name, Counter())[cls] += 1
                changed_names.add(name)
        for doc_id in removed | set(firsts):
            old = self.articles.get(doc_id)
            if old is not None:
                for name, cls in old.votes:
                    self.votes[name][cls] -= 1
                    changed_names.add(name)
        # the names whose class or presence changed
        moved: set[str] = set()
        for name in changed_names:
            counts = +self.votes.get(name, Counter())
            if counts:
                self.votes[name] = counts
                cls = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            else:
                self.votes.pop(name, None)
                cls = None
            if self.names.get(name) != cls:
                moved.add(name)
                if cls is None:
                    self.names.pop(name, None)
                else:
                    self.names[name] = cls
        for doc_id in removed:
            del self.articles[doc_id]
            self.texts.pop(doc_id, None)
        # articles to look at again: the new and changed ones, and those whose text holds a name that moved
        recheck = set(firsts)
        if moved:
            finder = _NameFinder(moved)
            for doc_id, words in self.texts.items():
                if doc_id not in recheck and finder.holds_any(words):
                    recheck.add(doc_id)
        every_name = _NameFinder(self.names) if firsts else None
        # which of them change, and which must be extracted again with the names they hold; those
        # extractions are asked for at once (``prefetch``: in parallel, cached), then read back
        plan: list[tuple[str, tuple, str, bool]] = []  # (doc, names held, content hash, extracted again)
        again: list[tuple[str, str, dict[str, str]]] = []  # (doc, content hash, names)
        for doc_id in sorted(recheck):
            new = doc_id in firsts
            old = self.articles.get(doc_id)
            words = self.texts[doc_id]
            held = tuple(sorted((n, self.names[n]) for n in every_name.found(words))) if new else \
                _held_after(old.held, moved, self.names, words)
            if not new and old is not None and old.held == held:
                continue  # the names it holds are the ones it held: nothing changes for it
            content_hash = hashes[doc_id] if new else old.content_hash
            redo = bool(held) and unfound(stored(doc_id, content_hash)[1], dict(held))
            plan.append((doc_id, held, content_hash, redo))
            if redo:
                again.append((doc_id, content_hash, dict(held)))
        if prefetch is not None and again:
            prefetch(again)
        out: dict[str, str] = {}

        def linked() -> Iterator[tuple[DocumentResult, str]]:
            """The final extractions of the articles whose linked extraction changed, one at a time."""
            for doc_id, held, content_hash, redo in plan:
                old = self.articles.get(doc_id)
                first_key, first_result = stored(doc_id, content_hash)
                final_key, final_result = final(first_result.document, dict(held)) if redo else \
                    (first_key, first_result)
                votes = own_votes.get(doc_id, old.votes if old is not None else frozenset())
                self.articles[doc_id] = _Article(content_hash, first_key, final_key, votes, held)
                if old is None or old.final != final_key or doc_id in firsts:
                    out[doc_id] = final_key
                    yield final_result, final_key

        self.link.update(linked(), removed, gazetteer=gazetteer)
        return out


class _NameFinder:
    """The names of a set that a text holds, found in one pass over the text. (Testing each name
    against each text costs names x texts: quadratic in a corpus whose names grow with it.)

    >>> sorted(_NameFinder(["비렌", "알리바바", "A"]).found("알리바바가 비렌에 투자"))
    ['비렌', '알리바바']
    """

    def __init__(self, names: Iterable[str]):
        self.by_head: dict[str, list[str]] = {}  # first two characters -> names
        self.single: set[str] = set()  # names of one character
        for name in names:
            if len(name) >= 2:
                self.by_head.setdefault(name[:2], []).append(name)
            elif name:
                self.single.add(name)

    def found(self, text: str) -> set[str]:
        out = self.single & set(text) if self.single else set()
        heads = self.by_head
        for i in range(len(text) - 1):
            names = heads.get(text[i:i + 2])
            if names:
                out.update(n for n in names if text.startswith(n, i))
        return out

    def holds_any(self, text: str) -> bool:
        if self.single and not self.single.isdisjoint(text):
            return True
        heads = self.by_head
        for i in range(len(text) - 1):
            names = heads.get(text[i:i + 2])
            if names and any(text.startswith(n, i) for n in names):
                return True
        return False


def _held_after(held: tuple, moved: set[str], names: Mapping[str, str], text: str) -> tuple:
    """The names an article holds once ``moved`` names came, went or changed class."""
    kept = {n: c for n, c in held if n not in moved}
    for n in moved:
        if n in names and n in text:
            kept[n] = names[n]
    return tuple(sorted(kept.items()))


# -- the graph ------------------------------------------------------------------------------------

@dataclass
class GraphRecord(Keyed):
    """What a store remembers of the graph it holds: the per-article contributions
    (:class:`kg.graphstate.GraphState`) and, per article, the ids its linked result was made with (the
    extraction key, entity ids, event ids), so that the result it came in with can be taken out again."""

    graph: object = None  # kg.graphstate.GraphState
    keys: dict[str, str] = field(default_factory=dict)  # doc -> extraction key of its linked result
    ids: dict[str, dict[str, str]] = field(default_factory=dict)  # doc -> entity id in the article -> global id
    events: dict[str, dict[int, str]] = field(default_factory=dict)  # doc -> event index -> event id
    anchors: dict[tuple, dict[tuple, object]] = field(default_factory=dict)  # anchor -> (id, doc, index) -> event
    decisions: dict[str, str] = field(default_factory=dict)  # key -> digest of the LinkDecision
    entries: dict[str, object] = field(default_factory=dict)  # entity id -> gazetteer entry
    quads: int = 0  # how many the database holds
    database: int | None = None  # the database's fingerprint total when the record was made

    _TABLES = {"keys": 20_000, "ids": 20_000, "events": 20_000, "anchors": 20_000, "decisions": 20_000}

    def bind(self, db: StateDB, prefix: str = "record_", *, fresh: bool) -> None:
        super().bind(db, prefix, fresh=fresh)
        self.graph.bind(db, "graph_", fresh=fresh)

    @staticmethod
    def linked_with(db: StateDB, doc: str, prefix: str = "record_") -> tuple[str, dict, dict]:
        """(extraction key, entity ids, event ids) the graph of a state file holds article ``doc`` with."""
        return tuple(db.table(prefix + name, 1)[doc] for name in ("keys", "ids", "events"))

    def __getstate__(self) -> dict:
        return self._unbound_state()


def _with_ids(result: DocumentResult, ids: Mapping[str, str]) -> DocumentResult:
    from .link import Linking, apply_linking

    doc = result.document.id
    return apply_linking([result], Linking({(doc, local): gid for local, gid in ids.items()}))[0]


def _with_event_ids(result: DocumentResult, event_ids: Mapping[int, str]) -> DocumentResult:
    from dataclasses import replace

    return replace(result, events=[replace(e, id=event_ids.get(k, e.id)) for k, e in enumerate(result.events)])


def graph_changes(record: GraphRecord, linking, load: Callable[[str, str], DocumentResult], finals: Mapping[str, str],
                  changed: Iterable[str], removed: Iterable[str], rates=None,
                  linked: Callable[[str, DocumentResult], None] | None = None) -> tuple[Iterator, set[str]]:
    """Bring ``record`` to the linking of a build and say what changed in the graph.

    ``finals`` is {doc: extraction key} of every article now in the corpus, ``changed`` the articles
    whose extraction changed, ``removed`` those that went; ``load(doc, key)`` gives an extraction.
    Returns ``(subjects, graphs)``: ``subjects`` yields ``((graph IRI or "", subject IRI), triples)``
    for every subject whose triples may have changed (an empty set: it is gone), each once, and
    ``graphs`` is the named graphs (articles) replaced whole. ``linked(doc, result)`` is told of each
    article put back, with its linked result.

    The articles are read one at a time, twice (their events first, as an event's id depends on every
    article that reports it), and their subjects yielded as each is done, so a build of the whole
    corpus holds one article's results at a time. ``subjects`` brings the record up to date as it is
    read: read it to the end.
    """
    from .events import _anchor, report_groups
    from .rdf import document_iri

    removed = set(removed)
    # the articles whose entities may have other ids: those the linking says (all when it cannot say)
    maybe = finals.keys() if linking.relinked is None else linking.relinked & finals.keys()
    dirty = (set(changed) | removed | {d for d in maybe if record.ids.get(d) != linking.ids_of(d)}) & \
        (set(finals) | removed)
    dirty |= {d for d in record.keys if d not in finals}
    removed |= {d for d in record.keys if d not in finals}
    relinked = set(dirty)  # the articles whose result changed (the others of ``dirty``: their events' ids)

    def before(d: str) -> DocumentResult:  # as the record holds it (events not yet grouped)
        return _with_ids(load(d, record.keys[d]), record.ids[d])

    def after(d: str) -> DocumentResult:
        return _with_ids(load(d, finals[d]), linking.ids_of(d)) if d in relinked else before(d)

    # the events of the articles before and after, into the anchors they are grouped by
    touched_anchors = set()
    for d in sorted(relinked):
        if d in record.keys:
            for k, e in enumerate(before(d).events):
                a = _anchor(e)
                record.anchors.get(a, {}).pop((e.id, d, k), None)
                touched_anchors.add(a)
        if d not in removed:
            for k, e in enumerate(after(d).events):
                a = _anchor(e)
                record.anchors.setdefault(a, {})[(e.id, d, k)] = e
                touched_anchors.add(a)
    items = [(eid, d, k, e) for a in touched_anchors for (eid, d, k), e in record.anchors.get(a, {}).items()]
    for a in touched_anchors:
        if not record.anchors.get(a):
            record.anchors.pop(a, None)
    regrouped = report_groups(items)
    del items
    for (d, k), gid in regrouped.items():
        if record.events.get(d, {}).get(k) != gid and d in record.keys:
            dirty.add(d)
    dirty = {d for d in dirty if d in record.keys or d in relinked}
    return _changed_subjects(record, linking, dirty, removed, before, after, regrouped, finals, rates, linked), \
        {str(document_iri(d)) for d in dirty}


def _changed_subjects(record, linking, dirty, removed, before, after, regrouped, finals, rates, linked):
    """The subjects :func:`graph_changes` yields, the articles' first, then the nodes they touched."""
    from .rdf import decision_triples, document_iri, entity_iri

    graph = record.graph
    touched: set[tuple[str, object]] = set()
    known_before = set(graph.entities)
    for d in sorted(dirty):
        if d in record.keys:
            touched |= graph.remove(_with_event_ids(before(d), record.events.get(d, {})))
        if d in removed:
            for table in (record.keys, record.ids, record.events):
                table.pop(d, None)
            yield ("", str(document_iri(d))), set()
            continue
        base = after(d)
        events = {k: regrouped.get((d, k), record.events.get(d, {}).get(k, e.id)) for k, e in enumerate(base.events)}
        result = _with_event_ids(base, events)
        del base
        touched |= graph.add(result)
        record.keys[d], record.ids[d], record.events[d] = finals[d], linking.ids_of(d), events
        own = _by_subject(graph.document_triples(result, rates))
        own.setdefault(("", str(document_iri(d))), set())
        if linked is not None:
            linked(d, result)
        del result
        yield from own.items()
    # entities whose gazetteer entry came, went or changed
    entries = linking.gazetteer_entries
    for eid in set(entries) | set(record.entries):
        if entries.get(eid) != record.entries.get(eid):
            touched.add(("entity", eid))
    record.entries = dict(entries)
    for kind, x in sorted(touched, key=lambda t: (t[0], str(t[1]))):
        if kind == "entity":
            yield ("", str(entity_iri(x))), graph.entity_triples(x, entries.get(x) if x in graph.entities else None)
        elif kind == "event":
            yield ("", str(x)), graph.event_triples(x, rates)
    # link decisions that changed, and those naming an entity that may have come or gone
    known = set(graph.entities)
    appeared_or_gone = known ^ known_before  # a decision names an entity as a node only while it is one
    if linking.changes is not None and record.database is not None:
        # the linking knows which decisions changed since the one the record was made with
        # (an entity comes into the graph or leaves it only when the part of the linking that holds it
        # is merged again, so the decisions naming it are among the recent ones)
        changed_decisions = dict(linking.changes)
        if appeared_or_gone:
            changed_decisions.update((d.key, d) for d in linking.recent if appeared_or_gone.intersection(d.entities))
    elif not record.decisions:  # a graph made whole: every decision is new, read one at a time
        for d in linking.each_decision():
            yield ("", f"https://techkg.dev/prov/link-{d.key}"), decision_triples(d, known)
            record.decisions[d.key] = _digest(d)
        changed_decisions = {}
    else:
        new_decisions = {d.key: d for d in linking.decisions}
        changed_decisions = {key: new_decisions.get(key) for key in set(new_decisions) | set(record.decisions)
                             if key not in new_decisions or _digest(new_decisions[key]) != record.decisions.get(key)
                             or appeared_or_gone.intersection(new_decisions[key].entities)}
    for key, d in changed_decisions.items():
        yield ("", f"https://techkg.dev/prov/link-{key}"), decision_triples(d, known) if d is not None else set()
        if d is None:
            record.decisions.pop(key, None)
        else:
            record.decisions[key] = _digest(d)


def _digest(decision) -> str:
    """What a link decision says, in a few bytes (the record keeps this, not the decision)."""
    import hashlib

    return hashlib.blake2b(repr(decision).encode("utf-8"), digest_size=12).hexdigest()


def _by_subject(triples: set) -> dict[tuple[str, str], set]:
    """Triples by (graph, subject): records and event reports in their article's graph."""
    from .store import _groups

    return {(g, str(s)): {(s, p, o) for p, o in pairs} for (g, s), pairs in _groups(triples).items()}
