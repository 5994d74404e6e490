"""A mapping from pair ids (integers) to small fixed-shape values, cheap to write and read back.

The linking state (:class:`kg.link.LinkState`) holds a score for every pair of
members that share a blocking key: tens of thousands at a thousand articles,
read and written by every store build. As a dict, reading it back means
building every entry again, which costs more than a build that adds one article
does otherwise. A :class:`PairTable` keeps what was read as sorted numpy
columns (reading it back is a copy) and what a build changes in a dict beside
them; writing it merges the two with array operations.
"""
from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence

import numpy as np

__all__ = ["PairTable"]

_DTYPES = {"float": np.float64, "count": np.uint32, "label": np.uint16}
#: changes held in the dict beside the columns before they are folded in
COMPACT_AT = 200_000


class PairTable(MutableMapping):
    """{pair id: value}. ``kinds`` says what a value is: one kind (the value itself) or several (a
    tuple), each ``"float"``, ``"count"`` (a non-negative integer) or ``"label"`` (a string out of
    a few hundred at most, such as a rule's name)."""

    def __init__(self, kinds: Sequence[str]):
        self.kinds = tuple(kinds)
        self._keys = np.empty(0, dtype=np.uint64)
        self._columns = [np.empty(0, dtype=_DTYPES[k]) for k in self.kinds]
        self._labels: list[list[str]] = [[] for _ in self.kinds]
        self._changed: dict[int, object] = {}  # set since the columns were made (new, or overriding them)
        self._gone: set[int] = set()  # in the columns, deleted since
        self._len = 0

    # -- the columns --------------------------------------------------------------------------------

    def _find(self, key: int) -> int:
        # the key as uint64: a Python int would make numpy compare in float64, copying the column
        i = int(self._keys.searchsorted(np.uint64(key)))
        return i if i < len(self._keys) and int(self._keys[i]) == key else -1

    def _value(self, i: int):
        out = []
        for kind, column, labels in zip(self.kinds, self._columns, self._labels):
            x = column[i]
            out.append(float(x) if kind == "float" else int(x) if kind == "count" else labels[int(x)])
        return out[0] if len(out) == 1 else tuple(out)

    def _fresh_keys(self) -> np.ndarray:
        """The keys of the columns that neither a change nor a deletion overrides, as a mask."""
        if not self._changed and not self._gone:
            return np.ones(len(self._keys), dtype=bool)
        touched = np.fromiter((*self._changed, *self._gone), dtype=np.uint64, count=len(self._changed) + len(self._gone))
        return ~np.isin(self._keys, touched)

    def compact(self) -> None:
        """Fold the changes into the columns."""
        if not self._changed and not self._gone:
            return
        keep = self._fresh_keys()
        n = len(self._changed)
        new_keys = np.fromiter(self._changed, dtype=np.uint64, count=n)
        values = [v if isinstance(v, tuple) else (v,) for v in self._changed.values()]
        columns = []
        for x, (kind, column) in enumerate(zip(self.kinds, self._columns)):
            if kind == "label":
                labels = self._labels[x]
                code = {label: c for c, label in enumerate(labels)}
                for v in values:
                    if v[x] not in code:
                        code[v[x]] = len(labels)
                        labels.append(v[x])
                added = np.fromiter((code[v[x]] for v in values), dtype=column.dtype, count=n)
            else:
                added = np.fromiter((v[x] for v in values), dtype=column.dtype, count=n)
            columns.append(np.concatenate([column[keep], added]))
        keys = np.concatenate([self._keys[keep], new_keys])
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._columns = [c[order] for c in columns]
        self._changed, self._gone = {}, set()

    # -- the mapping --------------------------------------------------------------------------------

    def __getitem__(self, key: int):
        if key in self._changed:
            return self._changed[key]
        if key in self._gone:
            raise KeyError(key)
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return self._value(i)

    def __contains__(self, key) -> bool:
        if key in self._changed:
            return True
        if key in self._gone or not isinstance(key, int):
            return False
        return self._find(key) >= 0

    def __setitem__(self, key: int, value) -> None:
        if key not in self:
            self._len += 1
        self._changed[key] = value
        self._gone.discard(key)
        if len(self._changed) >= COMPACT_AT:
            self.compact()  # as columns, a pair costs tens of bytes, not the hundreds of a dict entry

    def __delitem__(self, key: int) -> None:
        if key not in self:
            raise KeyError(key)
        self._len -= 1
        self._changed.pop(key, None)
        if self._find(key) >= 0:
            self._gone.add(key)

    def __iter__(self) -> Iterator[int]:
        yield from self._keys[self._fresh_keys()].tolist()
        yield from list(self._changed)

    def __len__(self) -> int:
        return self._len

    def key_array(self) -> np.ndarray:
        """Every key, as a uint64 array (the columns' keys and the changes')."""
        return np.concatenate([self._keys[self._fresh_keys()],
                               np.fromiter(self._changed, dtype=np.uint64, count=len(self._changed))])

    def lookup(self, keys: np.ndarray, which: Sequence[int]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Columns ``which`` (not labels) of ``keys`` (a uint64 array) at once: ``(present, columns)``,
        ``present`` saying which keys are in the table (their values are 0 in the columns where not)."""
        n = len(keys)
        columns = [np.zeros(n, dtype=self._columns[c].dtype) for c in which]
        if any(self.kinds[c] == "label" for c in which):
            raise ValueError("lookup reads numeric columns only")
        present = np.zeros(n, dtype=bool)
        if len(self._keys) and n:
            at = np.minimum(self._keys.searchsorted(keys), len(self._keys) - 1)
            present = self._keys[at] == keys
            if self._changed or self._gone:
                present &= ~np.isin(keys, np.fromiter((*self._changed, *self._gone), dtype=np.uint64))
            for column, c in zip(columns, which):
                column[present] = self._columns[c][at[present]]
        if self._changed and n:
            for x in np.nonzero(np.isin(keys, np.fromiter(self._changed, dtype=np.uint64)))[0].tolist():
                value = self._changed[int(keys[x])]
                value = value if isinstance(value, tuple) else (value,)
                present[x] = True
                for column, c in zip(columns, which):
                    column[x] = value[c]
        return present, columns

    # -- pickling: the columns, changes folded in ----------------------------------------------------

    def __reduce__(self):
        self.compact()
        return _restore, (self.kinds, self._keys, self._columns, self._labels)


def _restore(kinds, keys, columns, labels) -> PairTable:
    table = PairTable(kinds)
    table._keys, table._columns, table._labels, table._len = keys, list(columns), [list(x) for x in labels], len(keys)
    return table
