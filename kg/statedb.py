"""A store's corpus state on disk: keyed tables in one SQLite file, read and written a key at a time.

A store build remembers, between builds, what it needs to redo only the work of
what changed (:mod:`kg.corpus`, :class:`kg.link.LinkState`): every article's
members, the blocks and pairs of the linking, each component's merges, each
article's part of the graph. That state grows with the corpus (about half a
gigabyte per thousand articles as Python objects), so it lives here, not in
memory: each table is a :class:`DiskDict`, a mapping whose entries are read
when a build asks for them and written back when it is done with them. A build
that touches a few articles reads a few keys; a build of the whole corpus goes
through it in bounded memory.

One build is one transaction: :meth:`StateDB.commit` makes what it wrote the
state, all at once; a build that fails or is killed before leaves the state
the last build committed (SQLite's journal rolls it back).

SQLite is in Python's standard library, so this costs no dependency.
"""
from __future__ import annotations

import pickle
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from pathlib import Path

__all__ = ["StateDB", "DiskDict"]

# values that cannot change once read: a table need not write them back unless they are set again
_IMMUTABLE = (str, bytes, int, float, bool, type(None), frozenset)

#: entries written back in one statement
_WRITE_BATCH = 4096


def _immutable(value) -> bool:
    if isinstance(value, _IMMUTABLE):
        return True
    # a tuple (a named tuple, a frozen record) of immutable parts
    if isinstance(value, tuple):
        return all(isinstance(x, _IMMUTABLE) or (isinstance(x, tuple) and _immutable(x)) for x in value)
    return getattr(type(value), "__dataclass_params__", None) is not None and type(value).__dataclass_params__.frozen


def _key(key) -> bytes:
    """A key as the table stores it: its repr, which is the same for equal keys of the types tables are
    keyed by (strings, numbers, tuples of them), whatever objects make them up (pickle's is not: it
    writes a string met twice as a reference the second time)."""
    return repr(key).encode("utf-8")


class StateDB:
    """The SQLite file of a store's corpus state; every build is one transaction (see the module
    docstring)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._con = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self._con.execute("PRAGMA synchronous=NORMAL")
        self._con.execute("PRAGMA cache_size=-32768")  # 32 MiB of pages
        self._con.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v BLOB NOT NULL)")
        self._con.execute("BEGIN")
        self._tables: dict[str, DiskDict] = {}

    def table(self, name: str, cache: int = 20_000) -> DiskDict:
        """The table ``name`` (made when first asked for), keeping up to ``cache`` entries read."""
        if not name.isidentifier():
            raise ValueError(f"not a table name: {name!r}")
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = DiskDict(self, name, cache)
        return table

    def get(self, key: str, default=None):
        """A value of the state's own (its header, what is small enough to keep whole)."""
        row = self._con.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row is not None else default

    def set(self, key: str, value) -> None:
        self._con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, pickle.dumps(value, protocol=5)))

    def clear(self) -> None:
        """Empty every table (a state made again from nothing)."""
        for table in self._tables.values():
            table._forget()
        names = [r[0] for r in self._con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            self._con.execute(f"DELETE FROM {name}")

    def flush(self) -> None:
        """Write what the tables hold back (still within the build's transaction)."""
        for table in self._tables.values():
            table.flush()

    def trim(self) -> None:
        """Write what the tables hold back and forget it (between the stages of a build, each of which
        reads its own tables)."""
        for table in self._tables.values():
            table.flush()
            table._cache.clear()

    def commit(self) -> None:
        """Make what the build wrote the state, and start the next transaction."""
        self.flush()
        self._con.execute("COMMIT")
        self._con.execute("BEGIN")

    def close(self) -> None:
        """Close without committing: what was not committed is dropped."""
        if self._con is not None:
            if self._con.in_transaction:
                self._con.execute("ROLLBACK")
            self._con.close()
            self._con = None


class DiskDict(MutableMapping):
    """A mapping kept in a table of a :class:`StateDB`: keys are strings, numbers or tuples of them,
    values anything that pickles. Entries read are kept (up to ``cache``, the least recently used
    going first) and written back when they go or when the table is flushed, so a value read and
    changed in place (a set, a dict) is changed in the table too, as in a dict.

    Iteration is in the order of the keys' reprs (not the order they came in), reads what was
    written, and may go on while the table changes (it reads the keys in pages).
    """

    def __init__(self, db: StateDB, name: str, cache: int = 20_000):
        self._db, self.name, self._size = db, name, max(1, cache)
        db._con.execute(f"CREATE TABLE IF NOT EXISTS {name} (k BLOB PRIMARY KEY, key BLOB NOT NULL, "
                        "v BLOB NOT NULL) WITHOUT ROWID")
        self._cache: OrderedDict = OrderedDict()  # key bytes -> (key, value)
        self._dirty: set[bytes] = set()  # keys whose cached value must be written back
        self._pending: dict[bytes, tuple | None] = {}  # key bytes -> (key, value) to write, None: to delete
        self._len: int | None = None

    def _forget(self) -> None:
        self._cache.clear()
        self._dirty.clear()
        self._pending.clear()
        self._len = 0

    # -- reading and writing back ---------------------------------------------------------------

    def _read(self, k: bytes):
        """(key, value) of ``k``, or None."""
        if k in self._pending:
            return self._pending[k]
        row = self._db._con.execute(f"SELECT key, v FROM {self.name} WHERE k = ?", (k,)).fetchone()
        return (pickle.loads(row[0]), pickle.loads(row[1])) if row is not None else None

    def _hold(self, k: bytes, item: tuple, dirty: bool) -> None:
        """Keep ``item`` (key, value) read or set; a value that can change in place is written back
        whether or not it did (the table cannot tell)."""
        mutable = not _immutable(item[1])
        self._cache[k] = (*item, mutable)
        self._cache.move_to_end(k)
        if dirty or mutable:
            self._dirty.add(k)
        while len(self._cache) > self._size:
            old, held = self._cache.popitem(last=False)
            if old in self._dirty:
                self._dirty.discard(old)
                self._pending[old] = held[:2]
        if len(self._pending) >= _WRITE_BATCH:
            self._write()

    def _write(self) -> None:
        con, name = self._db._con, self.name
        gone = [(k,) for k, item in self._pending.items() if item is None]
        if gone:
            con.executemany(f"DELETE FROM {name} WHERE k = ?", gone)
        rows = [(k, pickle.dumps(item[0], protocol=5), pickle.dumps(item[1], protocol=5))
                for k, item in self._pending.items() if item is not None]
        if rows:
            con.executemany(f"INSERT OR REPLACE INTO {name} VALUES (?, ?, ?)", rows)
        self._pending.clear()

    def flush(self) -> None:
        for k in self._dirty:
            self._pending[k] = self._cache[k][:2]
        self._dirty.clear()
        self._write()

    # -- the mapping ------------------------------------------------------------------------------

    def __getitem__(self, key):
        k = _key(key)
        item = self._cache.get(k)
        if item is not None:
            self._cache.move_to_end(k)
            if item[2]:  # it may be changed in place after this: written back again
                self._dirty.add(k)
            return item[1]
        item = self._read(k)
        if item is None:
            raise KeyError(key)
        self._hold(k, item, False)
        return item[1]

    def __contains__(self, key) -> bool:
        k = _key(key)
        return k in self._cache or self._read(k) is not None

    def __setitem__(self, key, value) -> None:
        k = _key(key)
        if self._len is not None and k not in self._cache and self._read(k) is None:
            self._len += 1
        self._hold(k, (key, value), True)

    def __delitem__(self, key) -> None:
        k = _key(key)
        if k not in self._cache and self._read(k) is None:
            raise KeyError(key)
        self._cache.pop(k, None)
        self._dirty.discard(k)
        self._pending[k] = None
        if self._len is not None:
            self._len -= 1
        if len(self._pending) >= _WRITE_BATCH:
            self._write()

    def __len__(self) -> int:
        if self._len is None:
            self.flush()
            self._len = self._db._con.execute(f"SELECT count(*) FROM {self.name}").fetchone()[0]
        return self._len

    def __iter__(self) -> Iterator:
        for k, key in self._pages():
            yield key

    def items(self):
        return _Items(self)

    def values(self):
        return _Values(self)

    def _pages(self, size: int = 2048) -> Iterator[tuple[bytes, object]]:
        """(key bytes, key) in order, read a page at a time (keys set while it goes on may be missed,
        as a dict would refuse them)."""
        after = b""
        con = self._db._con
        self.flush()
        while True:
            self._write()
            rows = con.execute(f"SELECT k, key FROM {self.name} WHERE k > ? ORDER BY k LIMIT ?", (after, size)).fetchall()
            if not rows:
                return
            for k, key in rows:
                yield k, pickle.loads(key)
            after = rows[-1][0]

    def setdefault(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            self[key] = default
            return default

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def pop(self, key, *default):
        try:
            value = self[key]
        except KeyError:
            if default:
                return default[0]
            raise
        del self[key]
        return value

    def clear(self) -> None:
        self._forget()
        self._db._con.execute(f"DELETE FROM {self.name}")

    def __repr__(self) -> str:
        return f"<DiskDict {self.name}: {len(self)} entries>"

    # a table is part of the state's file, not of a pickle: pickling names it
    def __reduce__(self):
        raise TypeError(f"a DiskDict ({self.name}) is kept in its StateDB, not pickled")


class _Items:
    def __init__(self, table: DiskDict):
        self._table = table

    def __iter__(self):
        table = self._table
        for _k, key in table._pages():
            try:
                yield key, table[key]
            except KeyError:  # gone while the iteration went on
                continue

    def __len__(self) -> int:
        return len(self._table)


class _Values(_Items):
    def __iter__(self):
        for _key, value in super().__iter__():
            yield value


class Keyed:
    """A part of the corpus state whose large tables can live in a :class:`StateDB`.

    ``_TABLES`` names the attributes that are tables, with how many entries each keeps in memory.
    Made in memory they are dicts (pickled with the rest); :meth:`bind` puts them in a state file
    (their entries copied in, or those the file holds kept), after which pickling leaves them out:
    they are in the file, and :meth:`bind` finds them there again."""

    _TABLES: dict[str, int] = {}
    _bound: str | None = None  # the prefix of the tables in a state file, once there

    def bind(self, db: StateDB, prefix: str, *, fresh: bool) -> None:
        """Keep the tables in ``db`` under ``prefix``: with ``fresh`` (a state made now) the entries held
        in memory are written there, else the tables are those ``db`` holds."""
        for name, cache in self._TABLES.items():
            table = db.table(prefix + name, cache)
            if fresh:
                table.clear()
                for key, value in getattr(self, name).items():
                    table[key] = value
            setattr(self, name, table)
        self._bound = prefix

    def _unbound_state(self) -> dict:
        """What pickling keeps: the tables too while in memory, not once in a file."""
        if getattr(self, "_bound", None) is None:
            return dict(self.__dict__)
        return {k: v for k, v in self.__dict__.items() if k not in self._TABLES}
