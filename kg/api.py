"""The library API: everything the CLI does, Python code can do.

>>> import kg
>>> [r.document.lang for r in kg.extract(["seeds/"])]   # doctest: +SKIP
['ko']
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import DocumentResult, Mention, Value

__all__ = ["extract", "build", "rebuild", "remove", "push", "query_source", "link_documents", "evaluate_links", "entities", "candidates", "conflicts", "correct",
           "BuildResult", "to_json", "load", "stats", "validate", "query", "evaluate",
           "DEFAULT_FORMATS"]

DEFAULT_FORMATS = ("turtle", "html")
OUTPUT_NAMES = {"turtle": "graph.ttl", "html": "graph.html", "trig": "graph.trig", "nquads": "graph.nq",
                "jsonld": "graph.jsonld", "graphml": "graph.graphml", "csv": "csv"}


def _models(model: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"en_core_web_sm"`` means an English pipeline; ``{"zh": "..."}`` names one per language."""
    if model is None:
        return {}
    if isinstance(model, str):
        if "=" in model:
            lang, name = model.split("=", 1)
            return {lang.strip(): name.strip()}
        return {"en": model}
    return dict(model)


def extract(inputs: Iterable[str | Path] | str | Path, *, lang: str | None = None,
            model: str | Mapping[str, str] | None = None, gazetteers: Iterable[str | Path] = (),
            stdin=None, min_confidence: float = 0.0, published: str | None = None,
            workers: int = 1, progress=None, scheduler: str | None = None) -> Iterator[DocumentResult]:
    """Read ``inputs`` and extract entities and facts from each document.

    Every input is read and checked before the first document is processed,
    so bad input fails before any work is done. Facts whose confidence (the
    best of their evidence) is below ``min_confidence`` are left out.
    ``published`` (an ISO date) is the publication date of documents whose
    own metadata gives none; relative dates ('last week', '지난 24일') are
    resolved against it. ``workers`` processes extract at once (:mod:`kg.parallel`),
    or the workers of the Dask cluster at ``scheduler`` (:mod:`kg.distributed`);
    the results come in the order of the documents. ``progress(done, total,
    triples)`` is called as each document is done (:class:`kg.progress.Progress`).
    """
    from .gazetteer import load_gazetteer
    from .parallel import extract_all

    docs = _read(inputs, lang, stdin, published)
    gazetteers = tuple(gazetteers)
    gazetteer = load_gazetteer(gazetteers)  # a bad gazetteer fails here, before any worker starts
    models = _models(model)
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    _check_workers(workers)
    with contextlib.ExitStack() as stack:
        pool, workers = _extraction_pool(stack, workers, scheduler, len(docs), gazetteers, models, min_confidence,
                                         gazetteer)
        yield from extract_all(docs, gazetteers=gazetteers, models=models, min_confidence=min_confidence,
                               workers=workers, gazetteer=gazetteer, on_result=_Tally(progress, len(docs)), pool=pool)


class _Tally:
    """Counts documents extracted and their triples for a ``progress(done, total, triples)`` callback."""

    def __init__(self, progress, total: int):
        self.progress, self.total, self.done, self.triples = progress, total, 0, 0

    def __call__(self, result) -> None:
        self.done += 1
        self.triples += len(result.facts)
        self.total = max(self.total, self.done)
        if self.progress is not None:
            self.progress(self.done, self.total, self.triples)


def _extraction_pool(stack, workers, scheduler, count, gazetteers, models, min_confidence, gazetteer):
    """``(pool, workers)`` to extract ``count`` documents (None: not known yet) with: the Dask cluster at
    ``scheduler``, else ``workers`` local processes, else ``(None, 1)`` (in this process; also for a
    single document). The pool stops with ``stack``."""
    if scheduler is not None:
        from .distributed import cluster_pool

        return stack.enter_context(cluster_pool(scheduler, gazetteers=gazetteers, models=models,
                                                min_confidence=min_confidence, gazetteer=gazetteer))
    if workers > 1 and (count is None or count > 1):
        from .parallel import worker_pool

        return stack.enter_context(worker_pool(workers, gazetteers, models, min_confidence)), workers
    return None, 1


def _check_workers(workers: int) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers must be a whole number of at least 1, not {workers!r}")


def _read(inputs, lang, stdin, published) -> _Documents:
    """The documents of ``inputs``, each with ``published`` where its own metadata gives no date."""
    if published is not None:
        from .values import parse_published

        if parse_published(published) is None:
            raise InputError(f"published must be a date like 2025-02-24, not {published!r}")
    return _Documents(inputs, lang, stdin, published)


class _Documents:
    """The documents of the inputs, streamed: every input is read once at the start, to check it (bad
    input fails before any work is done) and to count the documents, keeping none; then read again,
    document by document, as the work asks for them. Memory does not grow with the size of the input
    (only the reader's table of document ids does). Standard input cannot be read twice: its documents
    are held (it is read within the reader's size limit)."""

    def __init__(self, inputs, lang, stdin, published):
        from .reader import read_documents

        self.inputs = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
        self.lang, self.stdin, self.published = lang, stdin, published
        if any(isinstance(i, str) and i == "-" for i in self.inputs):
            self.held = list(read_documents(self.inputs, lang, stdin=stdin))
            self.count = len(self.held)
        else:
            self.held = None
            self.count = sum(1 for _ in read_documents(self.inputs, lang))

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator:
        from .reader import read_documents

        docs = self.held if self.held is not None else read_documents(self.inputs, self.lang)
        if self.published is None:
            yield from docs
            return
        from dataclasses import replace

        from .values import parse_published

        for d in docs:
            yield d if parse_published(d.published) else replace(d, published=self.published)


@dataclass(frozen=True)
class _StoreGraph:
    """The graph of a store, read from it when asked for (a store build does not make it whole)."""

    path: Path


@dataclass
class BuildResult:
    # with the global entity ids of the linking stage; for a store build, the articles it linked anew
    # (new, changed, or whose entities or events changed ids), not those it left as they were, read
    # back from the store as they are asked for
    results: Sequence[DocumentResult]
    _graph: Any  # an rdflib Graph, or the set of its triples until one is asked for
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0
    linking: Any = None  # kg.link.Linking
    update: Any = None  # kg.store.StoreUpdate, for a build into a store
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage of a store build

    @property
    def graph(self):
        """The graph as an rdflib Graph (made on first use when the build only wrote a store)."""
        if isinstance(self._graph, (set, frozenset)):
            from .rdf import triples_to_graph

            self._graph = triples_to_graph(self._graph)
        elif isinstance(self._graph, _StoreGraph):
            from .store import load_store_graph

            self._graph = load_store_graph(self._graph.path)
        return self._graph

    @property
    def stats(self):
        from .rdf import graph_stats

        if isinstance(self._graph, _StoreGraph):
            from .store import store_stats

            return store_stats(self._graph.path)  # counted by the database, not read whole
        return graph_stats(self.graph)

    @property
    def decisions(self):
        return [d for r in self.results for d in r.decisions]

    @property
    def typing(self) -> dict[str, int]:
        """How many typing decisions of each action ("drop", "retype") the results carry (for a store
        build counted as it ran, not read back)."""
        from collections import Counter

        counted = getattr(self.results, "typing", None)
        return dict(counted) if counted is not None else dict(Counter(d.action for d in self.decisions))


def build(inputs: Iterable[str | Path] | str | Path, out_dir: str | Path | None, *, lang: str | None = None,
          model: str | Mapping[str, str] | None = None, gazetteers: Iterable[str | Path] = (),
          formats: Iterable[str] = DEFAULT_FORMATS, started_at: datetime | None = None, stdin=None,
          min_confidence: float = 0.0, merge_threshold: float | None = None,
          corrections: str | Path | None = None, published: str | None = None,
          rates: str | Path | None = None, store: str | Path | None = None, prune: bool = False,
          workers: int = 1, progress=None, scheduler: str | None = None) -> BuildResult:
    """Extract from ``inputs``, link entities across documents, and write the graph to ``out_dir``.

    With ``store`` (a folder, see :mod:`kg.store`; the CLI's default is
    ``.techkg/store``) the build is incremental: the store's articles and the
    inputs are one corpus (an input replaces the stored article of its id), an
    article whose content hash is unchanged is not extracted again, and only
    what changed is written to the store; :attr:`BuildResult.update` says what
    was added, replaced and left unchanged. ``out_dir`` may then be None (the
    store only); with ``prune`` the stored articles that are not among the
    inputs are removed (the store mirrors the inputs). Without ``store`` the
    graph is built in memory. ``workers`` processes extract at once
    (:mod:`kg.parallel`), or the workers of the Dask cluster at ``scheduler``
    (:mod:`kg.distributed`); the graph is the same with any number. ``progress``
    is told of each extraction as for :func:`extract`.

    The graph is written in each of ``formats``; files are written atomically,
    so a failure leaves earlier outputs intact. The build time recorded in the
    graph is ``started_at``, else ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention) when set, else now. Entities are merged across documents when
    the link confidence reaches ``merge_threshold`` (default
    :data:`kg.link.DEFAULT_THRESHOLD`); a user's merges and splits are read from
    ``corrections`` (default: ``corrections.jsonl`` in ``out_dir``, if it
    exists). Event amounts are converted to US dollars with the rate table
    ``rates`` (JSON, see :mod:`kg.rates`; default: the shipped yearly averages).
    The options are recorded in ``out_dir/build.json`` so that
    ``kg merge``/``kg split`` can rebuild.
    """
    from .corrections import DEFAULT_NAME, read_corrections
    from .exporters import EXPORTERS, export
    from .link import DEFAULT_THRESHOLD
    from .rdf import to_graph, triples_to_graph

    t0 = time.perf_counter()
    formats = list(formats)
    for fmt in formats:
        EXPORTERS.get(fmt)  # an unknown format fails before any work
    threshold = DEFAULT_THRESHOLD if merge_threshold is None else merge_threshold
    if not 0.0 < threshold <= 1.0:
        raise InputError(f"merge threshold must be in (0, 1], not {threshold}")
    if out_dir is None and store is None:
        raise InputError("nothing to write: give an output folder or a store")
    out = Path(out_dir) if out_dir is not None else None
    if out is not None and out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a directory")
    corrections_path = Path(corrections) if corrections is not None else \
        out / DEFAULT_NAME if out is not None else Path(os.devnull)
    if corrections is not None and not corrections_path.exists():
        raise InputError(f"{corrections_path}: no such corrections file")
    fixes = read_corrections(corrections_path)  # a broken file fails before any work
    _check_workers(workers)
    from .rates import load_rates

    rate_table = load_rates(str(rates) if rates is not None else None)  # and a broken rate table
    gazetteers = tuple(gazetteers)
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    started_at = started_at or _source_date_epoch()
    if store is not None:
        from .store import GraphStore

        timings: dict[str, float] = {}
        with GraphStore(store) as st:
            clock = time.perf_counter()
            docs = _read(inputs, lang, stdin, published)
            timings["read"] = time.perf_counter() - clock
            state, linking, update, changed, load = _store_corpus(
                st, docs, model=model, gazetteers=gazetteers, min_confidence=min_confidence,
                merge_threshold=threshold, corrections=fixes, prune=prune, timings=timings, workers=workers,
                progress=progress, scheduler=scheduler)
            clock = time.perf_counter()
            graph, results = _store_graph(st, state, linking, update, changed, load, started_at=started_at,
                                          rates=rate_table, whole=out is not None)
            timings["graph+store"] = time.perf_counter() - clock
            clock = time.perf_counter()
            st.save_corpus_state(state)
            st.save_options({"model": model if isinstance(model, (str, type(None))) else dict(model),
                             "gazetteers": [str(Path(g).resolve()) for g in gazetteers],
                             "min_confidence": min_confidence, "merge_threshold": merge_threshold,
                             "rates": str(Path(rates).resolve()) if rates is not None else None})
            timings["save"] = time.perf_counter() - clock
            if graph is None:
                graph = _StoreGraph(Path(store))
    else:
        update, timings = None, {}
        results, linking = link_documents(inputs, lang=lang, model=model, gazetteers=gazetteers, stdin=stdin,
                                          min_confidence=min_confidence, merge_threshold=threshold,
                                          corrections=fixes, published=published, workers=workers,
                                          progress=progress, scheduler=scheduler)
        graph = to_graph(results, started_at=started_at, linking=linking, rates=rate_table)
    outputs = {}
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        if isinstance(graph, set):
            graph = triples_to_graph(graph)
        outputs = {fmt: export(graph, fmt, out / OUTPUT_NAMES.get(fmt, f"graph.{fmt}")) for fmt in formats}
        if stdin is None:
            _write_manifest(out, inputs=inputs, lang=lang, model=model, gazetteers=gazetteers, formats=formats,
                            min_confidence=min_confidence, merge_threshold=merge_threshold,
                            corrections=corrections, published=published, rates=rates, store=store)
    return BuildResult(results, graph, outputs, time.perf_counter() - t0, linking, update, timings)


def _store_corpus(st, docs, *, model, gazetteers, min_confidence, merge_threshold, corrections, drop=(),
                  prune=False, timings=None, workers=1, progress=None, scheduler=None):
    """The corpus of a store build: the stored articles with the new ones, each extracted once and
    cached by its content hash, then linked across all. An input replaces the stored article of its
    id; ids in ``drop`` are left out, and with ``prune`` the stored articles not among the inputs.
    The corpus state the last build left (:class:`kg.corpus.CorpusState`) spares the work on what did
    not change. ``docs`` are read once and saved to the store as they come; what follows reads them
    back from it, one at a time, so no stage holds the input. Returns ``(state, linking, update,
    changed, load)``; the caller saves the state once the graph is written."""
    from .gazetteer import load_gazetteer
    from .mentions.corpus_names import name_votes, unfound_names
    from .parallel import extract_all
    from .pipeline import process_document
    from .store import StoreError, StoreUpdate, pipeline_fingerprint

    timings = {} if timings is None else timings
    clock = time.perf_counter()
    update = StoreUpdate(st.path)
    gazetteer = load_gazetteer(tuple(gazetteers))
    models = _models(model)
    fingerprint = pipeline_fingerprint(gazetteers, models)
    state = st.corpus_state(_sha(fingerprint, min_confidence))
    incoming: dict[str, str] = {}  # doc id -> content hash of the articles to take in
    if state is None:  # no state, or not one for this pipeline: every stored article comes in anew
        state = st.new_corpus_state(_sha(fingerprint, min_confidence))
        incoming = {d: doc.content_hash for d, doc in st.articles().items()}
    fresh = set(incoming)
    stored = {**state.hashes(), **incoming}
    timings["stored"] = time.perf_counter() - clock
    clock = time.perf_counter()
    given: set[str] = set()
    for doc in docs:
        given.add(doc.id)
        old = stored.get(doc.id)
        if old is None:
            update.added.append(doc.id)
        elif old == doc.content_hash:
            update.unchanged.append(doc.id)
        else:
            update.replaced.append(doc.id)
        if old != doc.content_hash or doc.id in fresh:
            incoming[doc.id] = doc.content_hash
            st.save_document(doc.content_hash, doc)
    drop = set(drop) | (_unlisted(st, given) if prune else set())
    corpus = (set(stored) | given) - drop
    update.removed = sorted(set(stored) - corpus)
    update.kept = len(set(stored) - given - drop)
    timings["read"] = timings.get("read", 0.0) + time.perf_counter() - clock

    tally = _Tally(progress, 0)

    def extracted(doc, names=None):
        key = _sha(fingerprint, doc.content_hash, names)
        result = st.extraction(key)
        if result is None:
            result = process_document(doc, gazetteer=gazetteer, model=models.get(doc.lang), known_names=names)
            st.save_extraction(key, result)
            update.extracted += 1
            tally(result)
        if min_confidence > 0:
            result.facts = [f for f in result.facts if f.confidence >= min_confidence]
        return key, result

    def stored_document(doc_id, content_hash):
        doc = st.document(content_hash)
        if doc is None:
            raise StoreError(f"{st.path}: the text of {doc_id} is missing from the store "
                             f"(documents/{content_hash[:2]}/{content_hash}); build the store again from the articles")
        return doc

    def stored_first(doc_id, content_hash):
        return extracted(stored_document(doc_id, content_hash))

    def taken_in():
        """The articles to take in, read back from the store one at a time."""
        return (stored_document(d, h) for d, h in sorted(incoming.items()) if d in corpus)

    clock = time.perf_counter()
    todo = [(d, h, None) for d, h in sorted(incoming.items())
            if d in corpus and not st.has_extraction(_sha(fingerprint, h, None))]
    tally.total = len(todo)
    with contextlib.ExitStack() as stack:
        pools: list = []  # the pool of the build's workers, started when first needed, for both passes

        def extract_and_cache(jobs):
            """Extract ``(doc id, content hash, corpus names or None)`` at once (in batches, on the
            workers when there are) and cache the results, for the build to read back."""
            if not pools:
                # (how many documents the pool will see is not known: the second pass comes later)
                pools.append(_extraction_pool(stack, workers, scheduler, None, tuple(gazetteers), models, 0.0,
                                              gazetteer))
            pool, count = pools[0]
            known = {d: names for d, _, names in jobs if names}
            for result in extract_all((stored_document(d, h) for d, h, _ in jobs), gazetteers=tuple(gazetteers),
                                      models=models, known_names=known, workers=count, gazetteer=gazetteer,
                                      on_result=tally, pool=pool):
                st.save_extraction(_sha(fingerprint, result.document.content_hash, known.get(result.document.id)),
                                   result)
                update.extracted += 1

        def again(jobs):
            tally.total += len(jobs)  # extracted again with the corpus names they hold
            extract_and_cache(jobs)

        if todo:
            extract_and_cache(todo)
        changed = state.update(taken_in(), update.removed, first=extracted, final=extracted, stored=stored_first,
                               votes_of=lambda r: name_votes(r, gazetteer), unfound=unfound_names,
                               gazetteer=gazetteer, prefetch=again)
    timings["extract"] = time.perf_counter() - clock
    clock = time.perf_counter()
    linking = state.link.linking(gazetteer=gazetteer, threshold=merge_threshold, corrections=list(corrections))
    state.link.release()  # the members as the state is saved: compact while the graph is made
    st.trim_state()  # (what linking read of the state is not what the graph stage reads)
    timings["link"] = time.perf_counter() - clock

    def load(doc_id, key):
        """An article's extraction of ``key`` (filtered as the build filters)."""
        result = st.extraction(key)
        if result is None:
            article = state.articles.get(doc_id)
            if article is None or key not in (article.first, article.final):
                raise _Missing(doc_id)
            doc = stored_first(doc_id, article.content_hash)[1].document
            return extracted(doc, dict(article.held) if key != article.first else None)[1]
        if min_confidence > 0:
            result.facts = [f for f in result.facts if f.confidence >= min_confidence]
        return result

    return state, linking, update, set(changed), load


class _Missing(Exception):
    """An extraction the store's graph was made from is no longer in the cache."""


def _store_graph(st, state, linking, update, changed, load, *, started_at, rates, whole: bool = False):
    """Write the graph of the corpus to the store: only the subjects that changed when the store's
    graph record (:class:`kg.corpus.GraphRecord`) and fingerprints allow, else all of it. With
    ``whole`` (exports to write) returns every triple of the graph, else None. Returns
    ``(triples, the linked results of the articles this build linked anew)``, the latter a sequence
    read back from the store when asked for."""
    from .corpus import _by_subject, graph_changes
    from .rdf import run_triples
    from .store import CORPUS_STATE

    finals = {d: a.final for d, a in state.articles.items()}
    run = run_triples(started_at, linking=linking)
    record = state.graph_record
    if record is not None and record.graph is not None and record.database == st.fingerprint_total():
        tally = _LinkedTally()
        try:
            # a change of some articles: its subjects are compared with the store's, so they are held
            subjects, graphs = graph_changes(record, linking, load, finals, changed, update.removed, rates, tally)
            subjects = dict(subjects)
        except _Missing:
            subjects = None
        if subjects is not None:
            for key, triples in _by_subject(run).items():
                subjects[key] = triples
            total = st.write_changes(subjects, graphs, update, record.quads)
            del subjects
            if total is not None:
                record.quads = total
                record.database = st.fingerprint_total()
                state.graph_record = record
                return (_all_triples(record, linking, load, run, rates) if whole else None), \
                    _LinkedResults(st.path / CORPUS_STATE, load, tally)
    # everything: a graph record made from all the articles, their subjects written as they are made
    record = state.new_graph_record()
    tally = _LinkedTally()
    subjects, _ = graph_changes(record, linking, load, finals, set(finals), (), rates, tally)
    triples: set | None = set() if whole else None

    def every_subject():
        for key, t in subjects:
            if triples is not None:
                triples.update(t)
            yield key, t
        for key, t in _by_subject(run).items():  # (the run's own subjects: none of the above)
            if triples is not None:
                triples.update(t)
            yield key, t

    st.write_subjects(every_subject(), update)
    record.quads = update.quads
    record.database = st.fingerprint_total()
    state.graph_record = record
    return triples, _LinkedResults(st.path / CORPUS_STATE, load, tally)


class _LinkedTally:
    """The articles a store build links anew, told one at a time: their ids, and how many typing
    decisions of each action they carry (so that a summary need not read them back)."""

    def __init__(self):
        from collections import Counter

        self.docs: list[str] = []
        self.typing: Counter = Counter()

    def __call__(self, doc: str, result: DocumentResult) -> None:
        self.docs.append(doc)
        self.typing.update(d.action for d in result.decisions)


class _LinkedResults(Sequence):
    """The linked results of the articles a store build linked anew, in id order, each read back from
    the store when asked for (a large build does not hold them): its extraction from the cache, the
    ids it was linked with from the state file as the build committed it (read in a short transaction
    of its own: the build's is closed by then)."""

    def __init__(self, state_file: Path, load, tally: _LinkedTally):
        self._state_file, self._load = state_file, load
        self.docs = sorted(tally.docs)
        self.typing = tally.typing

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        from .corpus import GraphRecord, _with_event_ids, _with_ids
        from .statedb import StateDB

        doc = self.docs[i]
        db = StateDB(self._state_file)
        try:
            key, ids, events = GraphRecord.linked_with(db, doc)
        finally:
            db.close()
        return _with_event_ids(_with_ids(self._load(doc, key), ids), events)

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, Sequence)) else NotImplemented


def _linked(record, doc_id, load):
    from .corpus import _with_event_ids, _with_ids

    return _with_event_ids(_with_ids(load(doc_id, record.keys[doc_id]), record.ids[doc_id]), record.events[doc_id])


def _all_triples(record, linking, load, run, rates) -> set:
    """Every triple of the graph a record holds (for exports)."""
    from .rdf import decision_triples

    graph = record.graph
    triples = set(run)
    for d in sorted(record.keys):
        triples |= graph.document_triples(_linked(record, d, load), rates)
    for eid in graph.entities:
        triples |= graph.entity_triples(eid, linking.gazetteer_entries.get(eid))
    for node in graph.reports:
        triples |= graph.event_triples(node, rates)
    known = set(graph.entities)
    for d in linking.decisions:
        triples |= decision_triples(d, known)
    return triples


def _corpus_names_pass(results, gazetteer, extract):
    """Names one article found are looked for in the others: an article holding one that none of its
    mentions covers is extracted again by ``extract(documents, {document id: names})``, with the names
    it holds (the only ones that can change its result, so a cached extraction is keyed by them)."""
    from .mentions.corpus_names import corpus_names, unfound_names

    names = corpus_names(results, gazetteer)
    if not names:
        return results
    again = [r.document for r in results if unfound_names(r, names)]
    held = {d.id: {n: t for n, t in names.items() if n in d.text} for d in again}
    redone = {r.document.id: r for r in extract(again, held)} if again else {}
    return [redone.get(r.document.id, r) for r in results]


def _unlisted(st, given: set[str]) -> set[str]:
    """Ids of the stored documents that are not among the ids ``given``."""
    from .rdf import document_iri

    listed = {str(document_iri(d)) for d in given}
    gone = {iri for iri in st.stored_documents() if iri not in listed}
    return {doc_id for doc_id, doc in st.articles().items() if str(document_iri(doc_id)) in gone} if gone else set()


def _sha(*parts) -> str:
    import hashlib
    import json

    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _link(results, gazetteer, threshold, corrections):
    from .events import link_events
    from .link import apply_linking, link

    linking = link(results, gazetteer=gazetteer, threshold=threshold, corrections=list(corrections))
    return link_events(apply_linking(results, linking)), linking


def remove(store: str | Path, documents: Iterable[str], *, out_dir: str | Path | None = None,
           formats: Iterable[str] = DEFAULT_FORMATS, merge_threshold: float | None = None,
           started_at: datetime | None = None, rates: str | Path | None = None) -> BuildResult:
    """Delete articles (by id, ``tkdoc:`` name or IRI) from ``store``, with every fact, entity and
    event only they supported; what is left is linked again as a full build of it would link it.
    With ``out_dir`` the exports are written again too."""
    from .exporters import EXPORTERS, export
    from .link import DEFAULT_THRESHOLD
    from .rates import load_rates
    from .rdf import triples_to_graph
    from .store import GraphStore, is_store

    t0 = time.perf_counter()
    formats = list(formats)
    for fmt in formats:
        EXPORTERS.get(fmt)
    if not is_store(store):
        raise InputError(f"{store}: no techkg store here (build one with: kg build INPUT --store {store})")
    documents = list(documents)
    if not documents:
        raise InputError("name the documents to remove (their ids; kg query --list has a documents query)")
    with GraphStore(store) as st:
        # what is left is linked with the options it was built with, so its extractions are reused
        options = st.options()
        rates = rates if rates is not None else options.get("rates")
        rate_table = load_rates(str(rates) if rates is not None else None)
        if merge_threshold is None:
            merge_threshold = options.get("merge_threshold")
        from .rdf import document_iri

        stored = {doc_id: str(document_iri(doc_id)) for doc_id in st.articles()}
        drop = set()
        for ref in documents:
            ref = ref.strip()
            doc_id = ref[len("tkdoc:"):] if ref.startswith("tkdoc:") else ref
            match = doc_id if doc_id in stored else next((i for i, iri in stored.items() if iri == ref), None)
            if match is None:
                from difflib import get_close_matches

                close = get_close_matches(doc_id, list(stored), n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else f" (it holds {len(stored)} documents)"
                raise InputError(f"no document {ref!r} in {store}{hint}")
            drop.add(match)
        state, linking, update, changed, load = _store_corpus(
            st, [], model=options.get("model"), gazetteers=tuple(options.get("gazetteers") or ()),
            min_confidence=options.get("min_confidence") or 0.0,
            merge_threshold=merge_threshold or DEFAULT_THRESHOLD, corrections=(), drop=drop)
        graph, results = _store_graph(st, state, linking, update, changed, load,
                                      started_at=started_at or _source_date_epoch(), rates=rate_table,
                                      whole=out_dir is not None)
        st.save_corpus_state(state)
        if graph is None:
            graph = _StoreGraph(Path(store))
    outputs = {}
    if out_dir is not None:
        out = Path(out_dir)
        graph = triples_to_graph(graph)
        outputs = {fmt: export(graph, fmt, out / OUTPUT_NAMES.get(fmt, f"graph.{fmt}")) for fmt in formats}
    return BuildResult(results, graph, outputs, time.perf_counter() - t0, linking, update)


def link_documents(inputs: Iterable[str | Path] | str | Path, *, lang: str | None = None,
                   model: str | Mapping[str, str] | None = None, gazetteers: Iterable[str | Path] = (), stdin=None,
                   min_confidence: float = 0.0, merge_threshold: float | None = None, corrections=(),
                   published: str | None = None, workers: int = 1, progress=None, scheduler: str | None = None):
    """Extract from ``inputs`` and link entities across the documents.

    Returns ``(results, linking)``: the results with global entity ids, and
    the :class:`kg.link.Linking` (merge decisions and same-as candidates).
    ``corrections`` are :class:`kg.corrections.Correction` records. ``workers``,
    ``scheduler`` and ``progress`` as for :func:`extract`.
    """
    from .gazetteer import load_gazetteer
    from .link import DEFAULT_THRESHOLD
    from .parallel import extract_all

    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1, not {min_confidence}")
    _check_workers(workers)
    docs = _read(inputs, lang, stdin, published)
    gazetteers = tuple(gazetteers)
    gazetteer = load_gazetteer(gazetteers)
    models = _models(model)

    tally = _Tally(progress, len(docs))
    with contextlib.ExitStack() as stack:
        # one pool for both passes: starting workers costs seconds
        pool, workers = _extraction_pool(stack, workers, scheduler, len(docs), gazetteers, models, min_confidence,
                                         gazetteer)

        def extract(docs, names=None):
            if names is not None:
                tally.total += len(docs)  # extracted again with the names other articles found
            return list(extract_all(docs, gazetteers=gazetteers, models=models, min_confidence=min_confidence,
                                    known_names=names, workers=workers, gazetteer=gazetteer, on_result=tally,
                                    pool=pool))

        results = _corpus_names_pass(extract(docs), gazetteer, extract)
    threshold = DEFAULT_THRESHOLD if merge_threshold is None else merge_threshold
    return _link(results, gazetteer, threshold, corrections)


def evaluate_links(key: str | Path, inputs: Iterable[str | Path] | str | Path | None = None, *,
                   model: str | Mapping[str, str] | None = None, gazetteers: Iterable[str | Path] = (),
                   merge_threshold: float | None = None):
    """Build the corpus of a resolution key and score its merges (:mod:`kg.evaluate_links`).

    ``inputs`` default to the folder ``articles/`` beside the key.
    """
    from .evaluate_links import load_link_key, score_links

    parsed = load_link_key(key)
    if inputs is None:
        inputs = [Path(key).parent / "articles"]
    results, linking = link_documents(inputs, model=model, gazetteers=gazetteers, merge_threshold=merge_threshold)
    return score_links(parsed, results, linking)


MANIFEST = "build.json"


def _rel(path: str | Path, base: Path) -> str:
    """``path`` relative to ``base`` when it can be (so a committed manifest holds no machine's paths)."""
    p = Path(path)
    try:
        return os.path.relpath(p.resolve(), base.resolve())
    except ValueError:  # another drive
        return str(p.resolve())


def _write_manifest(out: Path, *, inputs, lang, model, gazetteers, formats, min_confidence, merge_threshold,
                    corrections, published=None, rates=None, store=None) -> None:
    """The options of a build, for ``kg merge``/``kg split`` to rebuild with (paths relative to ``out``)."""
    import json

    from .exporters import atomic_write

    data = {"inputs": [_rel(i, out) for i in inputs], "lang": lang,
            "model": model if isinstance(model, (str, type(None))) else dict(model),
            "gazetteers": [_rel(g, out) for g in gazetteers], "formats": list(formats),
            "min_confidence": min_confidence, "merge_threshold": merge_threshold,
            "corrections": _rel(corrections, out) if corrections is not None else None}
    if published is not None:
        data["published"] = published
    if rates is not None:
        data["rates"] = _rel(rates, out)
    if store is not None:
        data["store"] = _rel(store, out)
    with atomic_write(out / MANIFEST) as f:
        f.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def rebuild(out_dir: str | Path, *, started_at: datetime | None = None,
            corrections: str | Path | None = None) -> BuildResult:
    """Build ``out_dir`` again with the options its last build recorded (``build.json``)."""
    import json

    out = Path(out_dir)
    path = out / MANIFEST
    if not path.exists():
        raise InputError(f"{out}: no {MANIFEST} (build it first with: kg build INPUT -o {out})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        inputs = [out / p for p in data["inputs"]]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{path}: not a techkg build manifest") from None
    return build([os.path.normpath(p) for p in inputs], out, lang=data.get("lang"), model=data.get("model"),
                 gazetteers=[os.path.normpath(out / g) for g in data.get("gazetteers") or []],
                 formats=data.get("formats") or DEFAULT_FORMATS, started_at=started_at,
                 min_confidence=data.get("min_confidence") or 0.0, merge_threshold=data.get("merge_threshold"),
                 corrections=corrections if corrections is not None else
                 os.path.normpath(out / data["corrections"]) if data.get("corrections") else None,
                 published=data.get("published"),
                 rates=os.path.normpath(out / data["rates"]) if data.get("rates") else None,
                 store=os.path.normpath(out / data["store"]) if data.get("store") else None)


def _source_date_epoch() -> datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError(f"SOURCE_DATE_EPOCH must be seconds since 1970 (an integer), not {value!r}")
    return datetime.fromtimestamp(int(value), tz=timezone.utc)


def _mention_json(m: Mention) -> dict:
    return {"text": m.text, "start": m.start, "end": m.end}


def to_json(result: DocumentResult) -> dict:
    """One document's extraction as the JSON object ``kg extract --format jsonl`` writes.

    The shape is the contract of ``score.py``: ``{"id", "lang", "entities": [{"id", "label",
    "type", "aliases", "mentions": [{"text", "start", "end"}]}], "triples": [{"subject",
    "predicate", "object", "confidence", "modality", "evidence": {...}}], "statements": [...]}``;
    ``statements`` holds planned or denied relations, which are not facts; ``events`` the deals,
    listings, launches, appointments and support measures with their roles (entity ids), amount,
    date, status and other attributes (``period``, ``purpose``, ``amountScope``...). A literal object
    (a date) is written as the text and given with ``object_type`` and ``object_value``.
    """
    ents = []
    for e in sorted(result.entities.values(), key=lambda e: (e.mentions[0].start if e.mentions else 0, e.id)):
        ents.append({"id": e.id, "label": e.label, "type": e.type, "labels": dict(sorted(e.labels.items())),
                     "aliases": sorted(e.aliases), "gazetteer_id": e.gazetteer_id,
                     "mentions": [_mention_json(m) for m in e.mentions]})
    from .rdf import FACT_MODALITIES

    triples, statements = [], []
    for f in result.facts:
        best = max(f.evidence, key=lambda ev: (ev.modality in FACT_MODALITIES, ev.confidence))
        t = {"subject": f.subject, "predicate": f.predicate,
             "object": f.object.text if isinstance(f.object, Value) else f.object,
             "confidence": f.confidence, "modality": best.modality,
             "evidence": {"sentence": best.sentence_text, "sentence_index": best.sentence_index,
                          "start": best.start, "end": best.end, "extractor": best.extractor,
                          "extractor_version": best.extractor_version,
                          "count": len(f.evidence)}}
        if isinstance(f.object, Value):
            t["object_type"] = f.object.kind
            t["object_value"] = f.object.normalized
        # planned or denied relations are statements, not facts (as in the RDF graph)
        (triples if best.modality in FACT_MODALITIES else statements).append(t)
    values = []
    for v in result.values:
        rec = {"kind": v.kind, "text": v.text, "start": v.start, "end": v.end, "value": v.normalized}
        if v.kind == "date":
            rec["precision"] = v.precision
            if v.relative:
                rec["relative"] = True
        else:
            if v.approximate:
                rec["approximate"] = True
            if v.equivalent:
                rec["equivalent"] = v.equivalent
                if len(v.equivalents) > 1:
                    rec["equivalents"] = list(v.equivalents)
        values.append(rec)
    events = []
    for e in result.events:
        ev = e.evidence[0]
        rec = {"id": e.id, "type": e.type, "status": e.status,
               "roles": [{"role": role, "entity": eid} for role, eid in e.roles]}
        if e.amount is not None:
            rec["amount"] = {"text": e.amount.text, "value": e.amount.normalized}
            if e.amount.approximate:
                rec["amount"]["approximate"] = True
            if e.amount.equivalents:
                rec["amount"]["equivalents"] = list(e.amount.equivalents)
        if e.date is not None:
            rec["date"] = {"text": e.date.text, "value": e.date.normalized, "precision": e.date.precision}
        rec.update({k: v for k, v in e.attributes})
        rec["relations"] = [{"subject": a, "predicate": p, "object": b} for a, p, b in e.relations]
        rec["confidence"] = e.confidence
        rec["evidence"] = {"sentence": ev.sentence_text, "sentence_index": ev.sentence_index, "start": ev.start,
                           "end": ev.end, "extractor": ev.extractor, "extractor_version": ev.extractor_version}
        events.append(rec)
    return {"id": result.document.id, "lang": result.document.lang, "entities": ents, "triples": triples,
            "statements": statements, "values": values, "events": events}


def evaluate(gold: str | Path, *, model: str | Mapping[str, str] | None = None,
             gazetteers: Iterable[str | Path] = (), labels: str | Path | None = None, min_confidence: float = 0.0):
    """Extract from the annotated articles of ``gold`` (JSONL) and score the result.

    Returns a :class:`kg.evaluate.EvalReport`: precision and recall overall and
    per relation, a confidence calibration table, and every false positive and
    miss with its evidence or the reason. The annotation format is in
    :mod:`kg.evaluate`.
    """
    from .evaluate import evaluate as _evaluate

    return _evaluate(gold, model=model, gazetteers=gazetteers, labels=labels, min_confidence=min_confidence)


def load(path: str | Path):
    """Read a graph written by :func:`build` (Turtle, TriG, N-Quads or JSON-LD, or a store folder)."""
    from .rdf import load_graph
    from .store import is_store, load_store_graph

    if is_store(path):
        return load_store_graph(path)
    return load_graph(path)


def viz(source: Any = None, output: str | Path = "graph.html", *, store: str | Path | None = None,
        **options: Any) -> Path:
    """Write the interactive HTML page of a graph (a graph file, a build folder, an rdflib graph) or of a
    store (``store``; the default store when neither is given) to ``output``. ``options`` are those of
    :func:`kg.exporters.html.export_html` (``lang``, ``size``, ``focus``, ``hops``, ``title``, ...); an
    unknown ``focus`` raises :class:`InputError`."""
    from .exporters import export
    from .exporters.html import VizError
    from .store import default_store, is_store, load_store_graph

    if source is not None and store is not None:
        raise InputError("give a graph or a store, not both")
    if source is None:
        path = Path(store) if store is not None else default_store()
        if not is_store(path):
            raise InputError(f"{path}: no techkg store there (build one with kg build, or give a graph file)")
        source = load_store_graph(path)
    elif isinstance(source, (str, Path)):
        source = load(source)
    try:
        export(source, "html", Path(output), **options)
    except VizError as e:
        raise InputError(str(e)) from None
    return Path(output)


def stats(path: str | Path):
    """Counts of a built graph: entities by class, facts by predicate, documents, assertions."""
    from .rdf import graph_stats
    from .store import is_store, store_stats

    if is_store(path):
        return store_stats(path)  # the database counts; a large store is never read whole
    return graph_stats(load(path))


def validate(path: str | Path):
    """Check a built graph against ``ontology/shapes.ttl``; returns a report, never raises on violations."""
    from .ontology import validate as shacl_validate

    return shacl_validate(load(path))


def query(source: Any = None, sparql: str | None = None, *, saved: str | None = None,
          params: Mapping[str, str] | None = None, engine: str = "oxigraph", endpoint: str | None = None,
          queries: Iterable[str | Path] = (), timeout: float = 60.0):
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) and return a :class:`kg.sparql.QueryResult`.

    ``source`` is a store folder (the default: ``.techkg/store``), a build
    folder or a graph file, or an rdflib Graph; ``endpoint`` a remote SPARQL
    endpoint instead. The query is ``sparql`` or the saved query named
    ``saved`` (``queries/*.rq``; ``queries`` adds folders of your own), whose
    ``params`` (name -> value as typed on the command line) are bound as RDF
    terms, never pasted into the text. ``engine`` is ``oxigraph`` or
    ``rdflib`` (for comparison). The techkg prefixes are predeclared.
    """
    from .sparql import bind_params, find_saved_query, run_query

    if (sparql is None) == (saved is None):
        raise InputError("give either a query or the name of a saved query")
    if engine not in ("oxigraph", "rdflib"):
        raise InputError(f"unknown query engine {engine!r} (oxigraph or rdflib)")
    query_text = sparql
    saved_query = None
    if saved is not None:
        saved_query = find_saved_query(saved, queries)
        query_text = saved_query.text
    elif params:
        raise InputError("--param binds the parameters of a saved query; this query has none")
    if not query_text or not query_text.strip():
        raise InputError("the query is empty")
    if endpoint is not None:
        from .endpoint import remote_query

        def runner(q, bindings=None):
            from .sparql import substitute

            return remote_query(endpoint, substitute(q, bindings) if bindings else q, timeout=timeout)

        bindings = bind_params(saved_query, params or {}, runner) if saved_query else {}
        return runner(query_text, bindings)
    with query_source(source, engine) as src:
        bindings = bind_params(saved_query, params or {}, src) if saved_query else {}
        return run_query(src, query_text, bindings=bindings)


def query_source(source: Any = None, engine: str = "oxigraph"):
    """A context manager giving what :func:`kg.sparql.run_query` runs on, for a store folder, a build
    folder, a graph file or a graph (``None``: the default store)."""
    import contextlib

    from rdflib import Graph

    from .store import default_store, is_store, open_for_query

    if isinstance(source, Graph):
        return contextlib.nullcontext(source)
    path = Path(source) if source is not None else default_store()
    if is_store(path):
        if engine == "rdflib":
            return contextlib.nullcontext(load(path))
        return open_for_query(path)
    if source is None:
        raise InputError(f"no store at {path}; build one with: kg build INPUT "
                         f"(or name a graph file or build folder to query)")
    file = graph_file(path)
    if path.is_dir() and (path / OUTPUT_NAMES["trig"]).exists():
        file = path / OUTPUT_NAMES["trig"]  # the article graphs, for queries with GRAPH
    if engine == "rdflib":
        from .rdf import load_graph

        return contextlib.nullcontext(load_graph(file))
    from .sparql import graph_store

    return contextlib.nullcontext(graph_store(file))


def push(endpoint: str, *, store: str | Path | None = None, graph_store: str | None = None,
         everything: bool = False, timeout: float = 60.0, headers: Mapping[str, str] | None = None):
    """Send a store's graphs (the default graph and one per article) to a SPARQL server with the Graph
    Store Protocol; each graph replaces the server's graph of that name. ``graph_store`` is the server's
    Graph Store URL (default: derived from ``endpoint``).

    Only the graphs that changed since the last push to that server are sent, and the graphs of
    articles removed since are deleted there; ``everything`` sends all (after someone else changed
    the server). Returns ``(report, unchanged)``: a :class:`kg.endpoint.PushReport` and the number of
    graphs left as they were.
    """
    from .endpoint import graph_store_url
    from .endpoint import push as _push
    from .store import GraphStore, default_store, is_store, open_for_query

    path = Path(store) if store is not None else default_store()
    if not is_store(path):
        raise InputError(f"{path}: no techkg store here (build one with: kg build INPUT --store {path})")
    url = graph_store or graph_store_url(endpoint)
    with GraphStore(path) as st:  # no build changes the store between reading it and recording the push
        digests = st.graph_digests()
        before = {} if everything or digests is None else st.pushed(url)
        with open_for_query(path) as db:
            names = {g.value for g in db.named_graphs()}
            if digests is None or not before:
                graphs, gone, unchanged = None, (), 0
            else:
                graphs = [None if g == "" else g for g in sorted(digests) if before.get(g) != digests[g]
                          and (g == "" or g in names)]
                gone = sorted(g for g in before if g and g not in digests)
                unchanged = len(digests) - len(graphs)
            if graphs == [] and not gone:
                from .endpoint import PushReport

                return PushReport(0, 0, 0, 0.0), unchanged
            report = _push(db, url, graphs=graphs, remove=gone, timeout=timeout, headers=headers)
        st.save_pushed(url, digests)
    return report, unchanged


def entities(path: str | Path, *, type_: str | None = None, name: str | None = None, sort: str = "degree"):
    """The entities of a built graph with their aliases, documents and degree (:class:`kg.catalog.EntityRow`)."""
    from .catalog import entity_rows
    from .rdf import graph_view

    return entity_rows(graph_view(load(path)), type_=type_, name=name, sort=sort)


def candidates(path: str | Path):
    """The same-as candidates of a built graph: pairs of entities that may be one, not merged
    (:class:`kg.catalog.Candidate`); ``kg merge`` accepts one."""
    from .catalog import same_as_candidates

    return same_as_candidates(load(path))


def conflicts(path: str | Path, *, window_days: int | None = None):
    """Facts of a built graph that contradict each other across articles (:class:`kg.conflicts.Conflict`)."""
    from .conflicts import DEFAULT_WINDOW_DAYS, find_conflicts
    from .rdf import graph_view

    return find_conflicts(graph_view(load(path)), window_days=DEFAULT_WINDOW_DAYS if window_days is None
                          else window_days)


def graph_file(path: str | Path) -> Path:
    """The graph file of ``path``: the file itself, or in a build folder its graph in the first RDF
    format it was written in (Turtle, TriG, N-Quads, JSON-LD)."""
    from .store import is_store

    p = Path(path)
    if is_store(p):
        return p
    if p.is_dir():
        p = next((p / OUTPUT_NAMES[f] for f in ("turtle", "trig", "nquads", "jsonld") if (p / OUTPUT_NAMES[f]).exists()),
                 p / OUTPUT_NAMES["turtle"])
    if not p.exists():
        raise InputError(f"{path}: no such graph file (build one with: kg build INPUT -o DIR)")
    return p


def _corrections_path(out: Path, corrections: str | Path | None) -> Path:
    import json

    from .corrections import DEFAULT_NAME

    if corrections is not None:
        return Path(corrections)
    manifest = out / MANIFEST
    if manifest.exists():
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8")).get("corrections")
        except ValueError:
            recorded = None
        if recorded:
            return Path(os.path.normpath(out / recorded))
    return out / DEFAULT_NAME


def correct(out_dir: str | Path, correction, *, corrections: str | Path | None = None, rebuild_graph: bool = True,
            started_at: datetime | None = None):
    """Record a user's merge or split (:class:`kg.corrections.Correction`) for the build in ``out_dir``.

    The entities are checked against the built graph first; the correction is
    appended to the build's corrections file and, with ``rebuild_graph``, the
    graph is built again so that it shows. Returns ``(correction, BuildResult or None)``.
    """
    from .catalog import find_entity
    from .corrections import Correction, append_correction
    from .rdf import graph_view

    out = Path(out_dir)
    view = graph_view(load(graph_file(out)))
    if rebuild_graph and not (out / MANIFEST).exists():
        raise InputError(f"{out}: no {MANIFEST} to rebuild from (build it again with kg build INPUT -o {out}, "
                         f"or record the correction alone with --no-rebuild)")
    if correction.op == "merge":
        rows = [find_entity(view, ref) for ref in correction.entities]
        ids = [r.id for r in rows]
        if len(set(ids)) < len(ids):
            raise InputError(f"{' and '.join(correction.entities)} are already one entity ({ids[0]})")
        fixed = Correction("merge", entities=tuple(ids), note=correction.note)
    elif correction.op == "split":
        row = find_entity(view, correction.entity)
        unknown = sorted(set(correction.docs) - set(row.documents))
        if unknown:
            raise InputError(f"{row.id} is not mentioned in {', '.join(unknown)}; it is in: {', '.join(row.documents)}")
        if set(row.documents) <= set(correction.docs):
            raise InputError(f"{row.id} is mentioned only in those documents: nothing would be left to split from")
        fixed = Correction("split", entity=row.id, docs=frozenset(correction.docs), note=correction.note)
    else:
        raise InputError(f"unknown correction {correction.op!r}")
    path = _corrections_path(out, corrections)
    done = append_correction(path, fixed)
    result = rebuild(out, started_at=started_at, corrections=path) if rebuild_graph else None
    return done, result
