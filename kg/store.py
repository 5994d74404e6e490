"""The persistent graph store: Oxigraph on disk, one named graph per article, incremental updates.

Layout of a store folder (default ``.techkg/store``)::

    techkg-store.json     format and the name of the current data folder (replaced atomically)
    options.json          the options of the last build (model, gazetteers, thresholds), for kg remove
    fingerprints          a hash of each subject's triples in each graph, to find what changed
    pushed.json           the graph hashes last pushed to each server, to push only what changed
    data-000001/          the Oxigraph (RocksDB) database
    documents/ab/<hash>   each article as read, by the SHA-256 of its text and metadata
    extractions/cd/<key>  each article's extraction, by that hash and the fingerprint of the pipeline
    build.lock            held by the one build that may change the store
    data.lock             shared by readers, exclusive while a writer changes the database

The graph is the same one :func:`kg.rdf.to_graph` makes: facts, entities,
events and articles in the default graph; each article's assertion and
event-report records (its provenance) in the named graph of the article.
Articles carry ``tk:contentHash``.

Why the build is incremental and still equal to a full rebuild: extraction is
the costly stage and depends on one article alone (and on the names other
articles found, which are part of the cache key), so it is cached by content;
linking across articles and the graph are recomputed from the cached
extractions, and only the difference is written. An unchanged article is
neither read by the NLP pipeline nor its named graph rewritten, unless a new
article changed how its entities link.

Why the store is never left half-written: a small change is one Oxigraph
update (a transaction: all or nothing); a first build or a large change is
bulk-loaded into a new data folder that ``techkg-store.json`` is then switched
to by an atomic rename. A build killed at any point leaves the store as it was
before or after.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, KGError

__all__ = ["DEFAULT_STORE", "default_store", "GraphStore", "StoreUpdate", "is_store", "pipeline_fingerprint", "to_quads",
           "open_for_query", "StoreError", "load_store_graph"]

DEFAULT_STORE = Path(".techkg") / "store"
#: An environment variable that moves the default store (a test suite, a shared drive).
STORE_ENV = "TECHKG_STORE"
MARKER = "techkg-store.json"
OPTIONS = "options.json"
FINGERPRINTS = "fingerprints"
FINGERPRINTS_PENDING = "fingerprints.pending"
PUSHED = "pushed.json"
CORPUS_STATE = "state.db"  # kg.corpus.CorpusState of the last build (kg.statedb.StateDB)
OLD_CORPUS_STATE = "corpus.pkl"  # where stores of an earlier version kept it, whole
_STATE_MAGIC = "techkg-corpus-state"
FORMAT = 1
#: A change of more than this share of the stored quads is written by a bulk load into a new folder.
BULK_SHARE = 0.3
#: How long a reader waits for a writer to finish committing.
LOCK_WAIT = 60.0
#: Quads per call of Oxigraph's bulk loader, which holds what it is given in memory while it sorts it
#: (about 0.9 GB per million quads: 2.7M quads at once peaked at 2.2 GB, in parts of 450k at 0.47 GB
#: for 1.2x the time, and a larger database until RocksDB compacts it)
BULK_QUADS = 500_000


class StoreError(KGError):
    """A store that cannot be opened or written: corrupted, locked by another build, not a store."""

    exit_code = 2


def default_store() -> Path:
    """``$TECHKG_STORE`` if set, else ``.techkg/store`` in the working folder."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def is_store(path: str | Path) -> bool:
    return (Path(path) / MARKER).is_file()


_PACKAGE = Path(__file__).resolve().parent


@contextlib.contextmanager
def _no_gc():
    """The cyclic garbage collector off while a state of many small objects is read or written: it
    would walk them again and again (it made reading the state of 1,000 articles four times slower),
    and they hold no cycles to collect."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _subject_hash(key: tuple[str, str]) -> int:
    """A (graph, subject) as 64 bits, the key of its fingerprint."""
    g, s = key
    return int.from_bytes(hashlib.blake2b(f"{g}\x1f{s}".encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little")


class _Fingerprints:
    """Each subject's fingerprint (:func:`_digest`), keyed by the 64-bit hash of its (graph, subject):
    two sorted arrays, 16 bytes a subject (a dict keyed by the IRIs took about 350, and a store of
    100,000 articles has millions of subjects). The IRIs are not kept: the database has them."""

    def __init__(self, keys=None, values=None):
        import numpy as np

        self.keys = np.empty(0, dtype=np.uint64) if keys is None else keys
        self.values = np.empty(0, dtype=np.uint64) if values is None else values

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> _Fingerprints:
        """From (subject hash, fingerprint) pairs (a subject once)."""
        from array import array

        import numpy as np

        keys, values = array("Q"), array("Q")
        for k, v in pairs:
            keys.append(k)
            values.append(v)
        keys, values = np.frombuffer(keys, dtype=np.uint64), np.frombuffer(values, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], values[order])

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, key: tuple[str, str]) -> int | None:
        import numpy as np

        h = np.uint64(_subject_hash(key))
        i = int(self.keys.searchsorted(h))
        return int(self.values[i]) if i < len(self.keys) and self.keys[i] == h else None

    def changed(self, changes: dict[tuple[str, str], int | None]) -> _Fingerprints:
        """These fingerprints with ``changes`` ({(graph, subject): fingerprint, None: gone})."""
        import numpy as np

        hashes = {_subject_hash(k): v for k, v in changes.items()}
        touched = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
        keep = ~np.isin(self.keys, touched)
        added = [(k, v) for k, v in hashes.items() if v is not None]
        keys = np.concatenate([self.keys[keep], np.fromiter((k for k, _ in added), dtype=np.uint64, count=len(added))])
        values = np.concatenate([self.values[keep],
                                 np.fromiter((v for _, v in added), dtype=np.uint64, count=len(added))])
        order = np.argsort(keys, kind="stable")
        return _Fingerprints(keys[order], values[order])

    def __reduce__(self):
        return _Fingerprints, (self.keys, self.values)


def _add_to_sums(sums: dict[str, int], key: tuple[str, str], digest, sign: int) -> None:
    """Add (``sign`` +1) or take away (-1) a subject's fingerprint from its graph's sum: a graph's digest
    is the sum of its subjects' hashes, so a change to a few subjects updates it without the rest."""
    if digest is None:
        return
    g, s = key
    h = int.from_bytes(hashlib.blake2b(f"{s}\x1f{digest}".encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                       "little")
    total = (sums.get(g, 0) + sign * h) & 0xFFFFFFFFFFFFFFFF
    if total or sign > 0:
        sums[g] = total
    else:
        sums.pop(g, None)


def pipeline_fingerprint(gazetteers: Sequence[str | Path] = (), model: Any = None) -> str:
    """A hash of everything an extraction depends on besides the article: techkg's code and data
    files, the user's gazetteers and the spaCy model named. A cached extraction with another
    fingerprint is not used: upgrading techkg or editing a rule re-extracts."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".jsonl", ".csv", ".tsv", ".txt", ".ttl"):
            h.update(str(path.relative_to(_PACKAGE)).encode())
            h.update(path.read_bytes())
    for g in gazetteers:
        h.update(b"gazetteer")
        with contextlib.suppress(OSError):
            h.update(Path(g).read_bytes())
    h.update(json.dumps(model, sort_keys=True, default=str).encode())
    return h.hexdigest()


@dataclass
class StoreUpdate:
    """What a build or a removal did to a store."""

    store: Path
    added: list[str] = field(default_factory=list)  # document ids new to the store
    replaced: list[str] = field(default_factory=list)  # ids whose content changed
    unchanged: list[str] = field(default_factory=list)  # ids whose content hash was the same
    removed: list[str] = field(default_factory=list)
    kept: int = 0  # stored documents not among the inputs, left as they were
    extracted: int = 0  # articles run through the NLP pipeline (the rest came from the cache)
    graphs_written: int = 0  # named graphs changed (an unchanged article's graph changes when linking does)
    quads_added: int = 0
    quads_removed: int = 0
    quads: int = 0  # in the store after the change
    bulk: bool = False  # written by a bulk load into a new folder

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.replaced)} replaced", f"{len(self.unchanged)} unchanged"]
        if self.kept:
            parts.append(f"{self.kept} kept")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        return (f"store {self.store}: documents {', '.join(parts)}; {self.extracted} extracted; "
                f"+{self.quads_added} -{self.quads_removed} quads in {self.graphs_written} graphs; "
                f"{self.quads} quads")


@contextlib.contextmanager
def _flock(path: Path, kind: int, *, wait: float, what: str) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, kind | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(what) from None
                time.sleep(0.05)
        if kind == fcntl.LOCK_EX:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # releases the lock


def _read_marker(path: Path) -> dict:
    try:
        data = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: not a techkg store (no {MARKER}); build one with: kg build INPUT --store {path}") \
            from None
    except (OSError, ValueError) as e:
        raise StoreError(f"{path}: corrupted store ({MARKER}: {e})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("current"), str):
        raise StoreError(f"{path}: corrupted store or unknown format ({MARKER})")
    if not (path / data["current"]).is_dir():
        raise StoreError(f"{path}: corrupted store (its data folder {data['current']} is missing)")
    return data


@contextlib.contextmanager
def open_for_query(path: str | Path) -> Iterator[Any]:
    """A read-only :class:`pyoxigraph.Store` of the store at ``path``, while no writer changes it."""
    import pyoxigraph as ox

    path = Path(path)
    _read_marker(path)
    with _flock(path / "data.lock", fcntl.LOCK_SH, wait=LOCK_WAIT,
                what=f"{path}: a build has been writing the store for over {LOCK_WAIT:.0f} s; try again later"):
        data = _read_marker(path)  # the writer may have switched folders while we waited
        try:
            yield ox.Store.read_only(str(path / data["current"]))
        except OSError as e:
            raise StoreError(f"{path}: cannot open the store: {' '.join(str(e).split())[:200]}") from None


def load_store_graph(path: str | Path):
    """All the store's triples (named graphs merged) as one rdflib Graph, for the views that read one."""
    from .rdf import _new_graph
    from .sparql import from_oxigraph

    g = _new_graph()
    term = _memoized(from_oxigraph)
    with open_for_query(path) as db:
        for q in db:
            g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g


class GraphStore:
    """A store opened for writing by one build (hold it with ``with``)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._build_lock: contextlib.ExitStack | None = None
        self._articles: dict | None = None
        self._froze = False  # the corpus state was frozen for the garbage collector (see corpus_state)
        self._state_db = None  # kg.statedb.StateDB, opened by the build

    # -- the build lock -----------------------------------------------------

    def __enter__(self) -> GraphStore:
        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"{self.path}: exists and is not a directory")
        if self.path.is_dir() and any(self.path.iterdir()) and not is_store(self.path):
            raise StoreError(f"{self.path}: not empty and not a techkg store; choose another --store folder")
        if is_store(self.path):
            _read_marker(self.path)  # a corrupted store fails before any work
        stack = contextlib.ExitStack()
        stack.enter_context(_flock(self.path / "build.lock", fcntl.LOCK_EX, wait=0,
                                   what=f"{self.path}: another kg build or kg remove is writing this store "
                                        f"(pid {_lock_owner(self.path / 'build.lock')}); wait for it to finish"))
        self._build_lock = stack
        self._clean_stale()
        return self

    def __exit__(self, *exc) -> None:
        if self._state_db is not None:  # what the build did not commit is dropped
            self._state_db.close()
            self._state_db = None
        if self._build_lock is not None:
            self._build_lock.close()
            self._build_lock = None
        if self._froze:
            import gc

            gc.unfreeze()
            self._froze = False

    def _clean_stale(self) -> None:
        """Data folders a killed build left behind (not the current one)."""
        current = _read_marker(self.path)["current"] if is_store(self.path) else None
        for d in self.path.glob("data-*"):
            if d.name != current:
                shutil.rmtree(d, ignore_errors=True)

    # -- documents and extractions ---------------------------------------------

    def _blob(self, kind: str, key: str) -> Path:
        return self.path / kind / key[:2] / key

    def _load(self, kind: str, key: str):
        try:
            with open(self._blob(kind, key), "rb") as f:
                return pickle.load(f)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None  # a damaged or stale cache entry is a miss: the article is extracted again

    def _save(self, kind: str, key: str, obj) -> None:
        from .exporters import atomic_write

        with atomic_write(self._blob(kind, key), "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)

    def options(self) -> dict:
        """The options of the last build (model, gazetteers, thresholds, rates), for a later removal."""
        try:
            data = json.loads((self.path / OPTIONS).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def save_options(self, options: dict) -> None:
        from .exporters import atomic_write

        text = json.dumps(options, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n"
        with contextlib.suppress(OSError):
            if (self.path / OPTIONS).read_text(encoding="utf-8") == text:
                return  # as the last build left them
        with atomic_write(self.path / OPTIONS) as f:
            f.write(text)

    def articles(self) -> dict:
        """The stored articles (:class:`kg.model.Document`) by id, read once: the build lock keeps
        another build from changing them meanwhile."""
        if self._articles is None:
            articles = {}
            for iri, digest in sorted(self.stored_documents().items()):
                doc = self.document(digest)
                if doc is None:
                    raise StoreError(f"{self.path}: the text of {iri} is missing from the store "
                                     f"(documents/{digest[:2]}/{digest}); build the store again from the articles")
                articles[doc.id] = doc
            self._articles = articles
        return self._articles

    def document(self, content: str):
        return self._load("documents", content)

    def save_document(self, content: str, doc) -> None:
        if not self._blob("documents", content).exists():
            self._save("documents", content, doc)

    def _state(self):
        from .statedb import StateDB

        if self._state_db is None:
            self._state_db = StateDB(self.path / CORPUS_STATE)
        return self._state_db

    def corpus_state(self, fingerprint: str):
        """The corpus state (:class:`kg.corpus.CorpusState`) the last build left, if it was made with
        ``fingerprint`` and describes the articles the database holds; else None (made again with
        :meth:`new_corpus_state`). Its tables stay in the state file, read as the build asks for them."""
        from .corpus import FORMAT, CorpusState
        from .rdf import document_iri

        self.path.mkdir(parents=True, exist_ok=True)
        db = self._state()
        try:
            # a header first, so that a state of another format or pipeline is not even read
            if db.get("header") != (_STATE_MAGIC, FORMAT, fingerprint):
                return None
            with _no_gc():
                state = db.get("state")
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
                KeyError):
            return None
        except Exception as e:  # sqlite3.DatabaseError: a damaged file is a state to make again
            if type(e).__module__ != "sqlite3":
                raise
            return None
        if not isinstance(state, CorpusState) or state.format != FORMAT or state.fingerprint != fingerprint:
            return None
        state.bind(db, fresh=False)
        import gc

        if gc.get_freeze_count() == 0:
            # What is read whole (the linking state) is many objects that live until the build ends:
            # frozen, the garbage collector stops walking them at every full collection (which made
            # reading an article's members back ten times slower). Unfrozen when the store is closed.
            gc.freeze()
            self._froze = True
        # a build stopped between the database and the state: start from the database. The state's
        # graph record names the database it was made with (its fingerprints' total); without one, the
        # articles are compared with the database's
        record = state.graph_record
        if record is not None and record.database is not None:
            if record.database != self.fingerprint_total():
                return None
        elif {str(document_iri(d)): h for d, h in state.hashes().items()} != self.stored_documents():
            return None
        return state

    def new_corpus_state(self, fingerprint: str):
        """An empty corpus state for ``fingerprint``, its tables in the state file (emptied)."""
        from .corpus import CorpusState

        self.path.mkdir(parents=True, exist_ok=True)
        db = self._state()
        db.clear()
        state = CorpusState(fingerprint)
        state.bind(db, fresh=True)
        return state

    def trim_state(self) -> None:
        """Forget what the build read of the state file (written back first)."""
        if self._state_db is not None:
            self._state_db.trim()

    def save_corpus_state(self, state) -> None:
        """Make ``state`` the store's, at once (one commit of the state file)."""
        db = self._state()
        with _no_gc():
            db.set("header", (_STATE_MAGIC, state.format, state.fingerprint))
            db.set("state", state)
        db.commit()
        with contextlib.suppress(FileNotFoundError):
            (self.path / OLD_CORPUS_STATE).unlink()

    def extraction(self, key: str):
        return self._load("extractions", key)

    def has_extraction(self, key: str) -> bool:
        return self._blob("extractions", key).exists()

    def save_extraction(self, key: str, result) -> None:
        self._save("extractions", key, result)

    # -- the database ---------------------------------------------------------------

    def stored_documents(self) -> dict[str, str]:
        """Document IRI -> content hash of the articles in the store."""
        if not is_store(self.path):
            return {}
        import pyoxigraph as ox

        from .ontology import TK

        with self._database() as db:
            return {q.subject.value: q.object.value
                    for q in db.quads_for_pattern(None, ox.NamedNode(str(TK.contentHash)), None, ox.DefaultGraph())}

    def _subjects(self, *, graphs: Iterable[str] | None = None, wanted=None) -> set[tuple[str, str]]:
        """The (graph IRI or "", subject IRI) the database holds: every one of the named ``graphs``, or
        (reading all) those ``wanted(pair)`` keeps. (The fingerprints keep hashes, not IRIs.)"""
        import pyoxigraph as ox

        out = set()
        with self._database() as db:
            if graphs is not None:
                for g in sorted(graphs):
                    out.update((g, q.subject.value) for q in db.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            else:
                for q in db.quads_for_pattern(None, None, None, None):
                    key = (_graph_key(q), q.subject.value)
                    if wanted(key):
                        out.add(key)
        return out

    @contextlib.contextmanager
    def _database(self) -> Iterator[Any]:
        import pyoxigraph as ox

        with _flock(self.path / "data.lock", fcntl.LOCK_EX, wait=LOCK_WAIT,
                    what=f"{self.path}: readers have held the store for over {LOCK_WAIT:.0f} s"):
            data = _read_marker(self.path)
            try:
                db = ox.Store(str(self.path / data["current"]))
            except OSError as e:
                raise StoreError(f"{self.path}: cannot open the store: {' '.join(str(e).split())[:200]}") from None
            try:
                yield db
            finally:
                del db

    def write_graph(self, graph, update: StoreUpdate) -> None:
        """Make the database hold exactly the quads of ``graph`` (an rdflib Graph or a set of triples, split
        as :func:`to_quads` splits it), writing only the difference.

        What changed is found without reading the database: each subject's
        triples in each graph have a fingerprint, kept in ``fingerprints``
        next to the database; only the subjects whose fingerprint differs
        are read back and compared quad by quad. The file is written as
        ``fingerprints.pending`` before the database changes and renamed
        after, so a pending file (a build killed in between) means "unknown":
        the next build compares everything and writes it again.
        """
        groups = _groups(graph)
        # keyed by strings: subjects are IRIs (a techkg graph has no blank nodes)
        digests = {(g, str(s)): _digest(pairs) for (g, s), pairs in groups.items()}
        if not is_store(self.path):  # a first write: nothing to compare with, the quads go straight in
            self._bulk(_iter_group_quads(groups, groups), update, digests)
            return
        known = self._fingerprints()
        if known is None:
            self.replace_graph(_group_quads(groups, groups), update, digests)
            return
        import numpy as np
        import pyoxigraph as ox

        changed = {k for k, d in digests.items() if known.get(k) != d}
        update.quads = sum(len(pairs) for pairs in groups.values())
        # the subjects that are gone: fingerprinted, not in the graph (their IRIs from the database)
        hashes = np.fromiter((_subject_hash(k) for k in digests), dtype=np.uint64, count=len(digests))
        gone = set(known.keys[~np.isin(known.keys, hashes)].tolist())
        if gone:
            changed |= self._subjects(wanted=lambda key: _subject_hash(key) in gone)
        if not changed:
            return
        by_key = {(g, str(s)): (g, s) for g, s in groups}
        new = _canonical(_group_quads(groups, [by_key[k] for k in changed if k in by_key]))
        with self._database() as db:
            old = set()
            for g, s in changed:
                old.update(db.quads_for_pattern(ox.NamedNode(s), None, None,
                                                ox.NamedNode(g) if g else ox.DefaultGraph()))
            if self._apply(db, old - new, new - old, update, digests, size=update.quads):
                return
        self._bulk(_canonical(_group_quads(groups, groups)), update, digests)

    def write_subjects(self, subjects: Iterable[tuple[tuple[str, str], set]], update: StoreUpdate) -> None:
        """Make the database hold exactly the triples of ``subjects``, the whole graph given subject by
        subject (``((graph IRI or "", subject IRI), its triples)``, each subject once; read once, as
        they are made). An empty store is bulk-loaded straight from them, so nothing more of the graph
        is held in memory; a store that holds a graph is written as :meth:`write_graph` writes it."""
        if is_store(self.path):
            self.write_graph({t for _key, triples in subjects for t in triples}, update)
            return
        import pyoxigraph as ox

        from .sparql import to_oxigraph

        digests: list[tuple[int, int]] = []  # (subject hash, fingerprint)
        sums: dict[str, int] = {}
        term = _memoized(to_oxigraph)

        def quads():
            for (g, s), triples in subjects:
                if not triples:
                    continue
                digest = _digest([(p, o) for _s, p, o in triples])
                digests.append((_subject_hash((g, s)), digest))
                _add_to_sums(sums, (g, s), digest, +1)
                graph_name = ox.NamedNode(g) if g else ox.DefaultGraph()
                for subject, p, o in triples:
                    yield ox.Quad(term(subject), term(p), term(o), graph_name)

        self._bulk(quads(), update, lambda: (_Fingerprints.of(digests), sums))

    def write_changes(self, subjects: dict, graphs: set[str], update: StoreUpdate, quads_before: int) -> int | None:
        """Write what changed, given by subject: ``subjects`` is {(graph IRI or "", subject IRI): its
        triples (rdflib terms; empty: the subject is gone)}; every subject of the named ``graphs`` that
        is not in ``subjects`` is gone too. Only subjects whose fingerprint changed are read back and
        compared. Returns how many quads the store holds after, or None when the change cannot be made
        this way (no trusted fingerprints, or too large a change for one update): the caller then
        writes the whole graph."""
        import pyoxigraph as ox

        known = self._fingerprints() if is_store(self.path) else None
        if known is None:
            return None
        keys = set(subjects) | self._subjects(graphs=graphs)  # (and every subject of the named graphs)
        groups = {k: [(p, o) for _s, p, o in subjects.get(k, ())] for k in keys}
        sums = dict(self._fingerprints_held[2]["sums"])
        changed = set()
        changes: dict[tuple[str, str], int | None] = {}
        for k in keys:
            new = _digest(groups[k]) if groups[k] else None
            old = known.get(k)
            if new != old:
                changed.add(k)
                _add_to_sums(sums, k, old, -1)
                _add_to_sums(sums, k, new, +1)
                changes[k] = new
        digests = known.changed(changes)
        terms = {}
        for k in changed:
            for s, _p, _o in subjects.get(k, ()):
                terms[k] = s
                break
        new_quads = _canonical(_group_quads({(g, terms[(g, s)]): groups[(g, s)] for g, s in changed if groups[(g, s)]},
                                            [(g, terms[(g, s)]) for g, s in changed if groups[(g, s)]]))
        with self._database() as db:
            old = set()
            for g, s in changed:
                old.update(db.quads_for_pattern(ox.NamedNode(s), None, None,
                                                ox.NamedNode(g) if g else ox.DefaultGraph()))
            gone, added = old - new_quads, new_quads - old
            total = quads_before - len(gone) + len(added)
            update.quads = total
            if not self._apply(db, gone, added, update, digests, size=max(quads_before, 1), sums=sums):
                return None
        return total

    def replace_graph(self, quads: Iterable[Any], update: StoreUpdate, digests: dict | None = None) -> None:
        """Make the database hold exactly ``quads`` (pyoxigraph Quads), comparing with all it holds."""
        new = _canonical(quads)
        if not is_store(self.path):
            self._bulk(new, update, digests)
            return
        with self._database() as db:
            old = set(db)
            update.quads = len(new)
            if self._apply(db, old - new, new - old, update, digests, size=len(old)):
                return
        self._bulk(new, update, digests)

    def _apply(self, db, gone: set, added: set, update: StoreUpdate, digests: dict | None, *, size: int,
               sums: dict | None = None) -> bool:
        """Write a small difference as one update (a transaction: all of it or nothing), the fingerprints
        pending around it; False when it is too large for that (a bulk load is then the way)."""
        update.quads_added, update.quads_removed = len(added), len(gone)
        update.graphs_written = len({_graph_key(q) for q in gone | added} - {""})
        if len(gone) + len(added) > BULK_SHARE * max(size, 1):
            return False
        self._save_fingerprints(digests, pending=True, sums=sums)
        if gone or added:
            db.update(_update_text(gone, added))
            db.flush()
        self._commit_fingerprints()
        return True

    # -- fingerprints --------------------------------------------------------------

    def _fingerprints(self) -> _Fingerprints | None:
        """The fingerprints, read once per version of the file (a build asks several times; the file
        is only ever replaced, so its inode, size and time tell a version)."""
        if (self.path / FINGERPRINTS_PENDING).exists():
            return None  # a build stopped between writing them and its commit: unknown
        try:
            st = os.stat(self.path / FINGERPRINTS)
        except OSError:
            return None
        version = (st.st_ino, st.st_size, st.st_mtime_ns)
        held = getattr(self, "_fingerprints_held", None)
        if held is not None and held[0] == version:
            return held[1]
        try:
            with open(self.path / FINGERPRINTS, "rb") as f, _no_gc():
                data = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        if not (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], _Fingerprints)
                and isinstance(data[1], dict)):
            return None
        self._fingerprints_held = (version, data[0], {"sums": data[1]})
        return data[0]

    def graph_digests(self) -> dict[str, int] | None:
        """A hash of each graph's triples ("" for the default graph), from the fingerprints; None when
        they cannot be trusted (then everything has to be taken as changed). Kept with the fingerprints
        and brought up to date with them, as the sum of each subject's hash."""
        known = self._fingerprints() if is_store(self.path) else None
        if known is None:
            return None
        return dict(self._fingerprints_held[2]["sums"])

    def fingerprint_total(self) -> int | None:
        """One number for the whole database as its fingerprints describe it (None: not trusted); what
        the corpus state compares to know it describes this database."""
        known = self._fingerprints() if is_store(self.path) else None
        if known is None:
            return None
        memo = self._fingerprints_held[2]
        if "total" not in memo:
            total = 0
            for g, d in self.graph_digests().items():
                h = hashlib.blake2b(f"{g}\x1f{d}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
                total = (total + int.from_bytes(h, "little")) & 0xFFFFFFFFFFFFFFFF
            memo["total"] = total
        return memo["total"]

    def pushed(self, url: str) -> dict[str, int]:
        """The graph hashes last pushed to the Graph Store ``url``."""
        try:
            data = json.loads((self.path / PUSHED).read_text(encoding="utf-8"))
            got = data.get(url) if isinstance(data, dict) else None
            return {str(k): int(v) for k, v in got.items()} if isinstance(got, dict) else {}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}

    def save_pushed(self, url: str, digests: dict[str, int] | None) -> None:
        from .exporters import atomic_write

        try:
            data = json.loads((self.path / PUSHED).read_text(encoding="utf-8"))
            data = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            data = {}
        if digests is None:
            data.pop(url, None)
        else:
            data[url] = digests
        with atomic_write(self.path / PUSHED) as f:
            f.write(json.dumps(data, sort_keys=True) + "\n")

    def _save_fingerprints(self, digests, *, pending: bool, sums: dict | None = None) -> None:
        """Write the fingerprints: ``digests`` a :class:`_Fingerprints` with the sums of each graph's in
        ``sums``, or {(graph, subject): fingerprint} (its sums computed), or a function that gives
        (fingerprints, sums) once the quads are written; None: no fingerprints (the next build
        compares everything)."""
        from .exporters import atomic_write

        if callable(digests):
            digests, sums = digests()
        if digests is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path / FINGERPRINTS)  # the next build compares everything
            return
        if isinstance(digests, dict):
            sums = {}
            for key, digest in digests.items():
                _add_to_sums(sums, key, digest, +1)
            digests = _Fingerprints.of((_subject_hash(k), d) for k, d in digests.items())
        with atomic_write(self.path / FINGERPRINTS_PENDING, "wb") as f, _no_gc():
            pickle.dump((digests, sums), f, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending_digests = (digests, sums)

    def _commit_fingerprints(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.replace(self.path / FINGERPRINTS_PENDING, self.path / FINGERPRINTS)
            written, self._pending_digests = getattr(self, "_pending_digests", None), None
            if written is not None:  # what was just written need not be read back
                st = os.stat(self.path / FINGERPRINTS)
                self._fingerprints_held = ((st.st_ino, st.st_size, st.st_mtime_ns), written[0], {"sums": written[1]})

    def _bulk(self, quads: Iterable[Any], update: StoreUpdate, digests=None) -> None:
        """Write ``quads`` (any iterable, read once) into a new data folder with Oxigraph's bulk loader,
        then switch to it atomically."""
        import pyoxigraph as ox

        from .exporters import atomic_write

        self.path.mkdir(parents=True, exist_ok=True)
        n = 1
        if is_store(self.path):
            n = int(_read_marker(self.path)["current"].rsplit("-", 1)[-1]) + 1
        name = f"data-{n:06d}"
        target = self.path / name
        shutil.rmtree(target, ignore_errors=True)
        graphs: set[str] = set()

        def counted():
            for q in quads:
                graphs.add(_graph_key(q))
                yield q

        db = ox.Store(str(target))
        try:
            stream = counted()
            for first in stream:  # in parts of BULK_QUADS, each written to a file and loaded
                with tempfile.NamedTemporaryFile("wb", suffix=".nq", dir=self.path, delete=False) as tmp:
                    ox.serialize(itertools.chain((first,), itertools.islice(stream, BULK_QUADS - 1)), tmp,
                                 format=ox.RdfFormat.N_QUADS)
                try:
                    db.bulk_load(path=tmp.name, format=ox.RdfFormat.N_QUADS)
                finally:
                    os.unlink(tmp.name)
            db.flush()
            total = len(db)  # (Oxigraph keeps one of two quads that differ only in a literal's form)
        finally:
            del db
        self._save_fingerprints(digests, pending=True)
        with _flock(self.path / "data.lock", fcntl.LOCK_EX, wait=LOCK_WAIT,
                    what=f"{self.path}: readers have held the store for over {LOCK_WAIT:.0f} s"):
            old = _read_marker(self.path)["current"] if is_store(self.path) else None
            with atomic_write(self.path / MARKER) as f:
                f.write(json.dumps({"format": FORMAT, "current": name}) + "\n")
        self._commit_fingerprints()
        if old:
            shutil.rmtree(self.path / old, ignore_errors=True)
        update.bulk = True
        if not update.quads_added and not update.quads_removed:
            update.quads_added = total
        update.quads = total
        update.graphs_written = update.graphs_written or len(graphs - {""})


def _canonical(quads: Iterable[Any]) -> set:
    """``quads`` as Oxigraph stores them: it keeps literals of numeric and date types in canonical
    form ('180000000.0' is stored as '180000000', '+00:00' as 'Z'), so that is what a diff compares."""
    import pyoxigraph as ox

    mem = ox.Store()
    mem.extend(quads)
    return set(mem)


def _memoized(convert, limit: int = 100_000):
    """``convert`` remembering its answers: a graph repeats its predicates and entities in every triple.
    At most ``limit`` answers are kept (then forgotten together), so a large graph does not end up
    held twice."""
    cache: dict[Any, Any] = {}

    def term(t):
        x = cache.get(t)
        if x is None:
            if len(cache) >= limit:
                cache.clear()
            x = cache[t] = convert(t)
        return x

    return term


def _lock_owner(path: Path) -> str:
    try:
        return path.read_text().strip() or "?"
    except OSError:
        return "?"


def _graph_key(quad) -> str:
    import pyoxigraph as ox

    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value


def _update_text(gone: set, added: set) -> str:
    """A SPARQL update deleting ``gone`` and inserting ``added`` (N-Quads terms, grouped by graph)."""
    parts = []
    for verb, quads in (("DELETE DATA", gone), ("INSERT DATA", added)):
        if not quads:
            continue
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            by_graph.setdefault(_graph_key(q), []).append(f"{q.subject} {q.predicate} {q.object} .")
        body = []
        for g, triples in sorted(by_graph.items()):
            block = "\n".join(sorted(triples))
            body.append(block if not g else f"GRAPH <{g}> {{\n{block}\n}}")
        parts.append(f"{verb} {{\n" + "\n".join(body) + "\n}")
    return " ;\n".join(parts)


def _groups(triples) -> dict[tuple[str, Any], list[tuple[Any, Any]]]:
    """(graph IRI or "" for the default graph, subject) -> its (predicate, object) pairs, rdflib terms.

    ``triples`` is an rdflib Graph or any iterable of triples; a provenance record (an assertion or
    event report) goes to the named graph of the article it was derived from."""
    from rdflib.namespace import PROV, RDF

    from .ontology import TK

    triples = triples if isinstance(triples, (set, frozenset, list, tuple)) else list(triples)
    records = {s for s, p, o in triples if p == RDF.type and o in (TK.Assertion, TK.EventReport)}
    home = {s: str(o) for s, p, o in triples if p == PROV.wasDerivedFrom and s in records}
    groups: dict[tuple[str, Any], list[tuple[Any, Any]]] = {}
    for s, p, o in triples:
        groups.setdefault((home.get(s, ""), s), []).append((p, o))
    return groups


def _digest(pairs: list[tuple[Any, Any]]) -> int:
    """An order-free hash of a subject's triples (a sum of per-triple BLAKE2b hashes, mod 2**64)."""
    total = 0
    for p, o in pairs:
        h = hashlib.blake2b(f"{p}\x1f{o.n3()}".encode("utf-8", "surrogatepass"), digest_size=8).digest()
        total = (total + int.from_bytes(h, "little")) & 0xFFFFFFFFFFFFFFFF
    return total


def _group_quads(groups: dict, keys: Iterable) -> list:
    return list(_iter_group_quads(groups, keys))


def _iter_group_quads(groups: dict, keys: Iterable) -> Iterator[Any]:
    """The Oxigraph quads of the ``keys`` of ``groups``, one at a time."""
    import pyoxigraph as ox

    from .sparql import to_oxigraph

    term = _memoized(to_oxigraph)
    for key in keys:
        g, s = key
        graph_name = ox.NamedNode(g) if g else ox.DefaultGraph()
        subject = term(s)
        for p, o in groups.get(key, ()):
            yield ox.Quad(subject, term(p), term(o), graph_name)


def to_quads(graph) -> list:
    """The quads of the graph :func:`kg.rdf.to_graph` made: provenance records in their article's named
    graph, everything else in the default graph (the split of :func:`kg.exporters.rdf_formats.split_by_document`)."""
    groups = _groups(graph)
    return _group_quads(groups, groups)


def store_stats(path: str | Path):
    """:func:`kg.rdf.graph_stats` of a store, counted by the database (SPARQL) instead of by reading the
    whole graph into memory."""
    from collections import Counter

    from .ontology import TK
    from .rdf import _META_PROPS, Stats, _entity_class_iris, _event_class_iris, _local, _sorted_counts

    classes = " ".join(f"<{c}>" for c in sorted(_entity_class_iris()))
    events = " ".join(f"<{c}>" for c in sorted(_event_class_iris()))
    meta = ", ".join(f"<{p}>" for p in sorted(_META_PROPS))
    tk = str(TK)

    def rows(db, q):
        return [[t.value for t in row] for row in db.query(q, use_default_graph_as_union=True)]

    with open_for_query(path) as db:
        by_class = {_local(c): int(n) for c, n in rows(db, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ "
                                                             f"VALUES ?c {{ {classes} }} ?s a ?c FILTER(isIRI(?s)) }} GROUP BY ?c")}
        entity_count = int(rows(db, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} "
                                    f"?s a ?c FILTER(isIRI(?s)) }}")[0][0])
        by_pred = {_local(p): int(n) for p, n in rows(db, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o "
                                                          f"WHERE {{ VALUES ?c {{ {classes} }} ?s a ?c FILTER(isIRI(?s)) "
                                                          f"?s ?p ?o FILTER(STRSTARTS(STR(?p), \"{tk}\") && ?p NOT IN ({meta})) }} }} "
                                                          f"GROUP BY ?p")}

        def count(cls):
            return int(rows(db, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{cls}> }}")[0][0])

        event_counts = {_local(c): int(n) for c, n in rows(db, f"SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE {{ "
                                                                 f"VALUES ?c {{ {events} }} ?e a ?c }} GROUP BY ?c")}
        return Stats(documents=count(TK.Article), assertions=count(TK.Assertion),
                     entities_by_class=_sorted_counts(Counter(by_class)), facts_by_predicate=_sorted_counts(Counter(by_pred)),
                     entity_count=entity_count, merges=count(TK.MergeDecision),
                     same_as_candidates=count(TK.SameAsCandidate), events_by_class=_sorted_counts(Counter(event_counts)))
