"""Token-aligned lookup of multi-word lexicon entries (cue nouns, titles, triggers)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Mapping, Sequence
from typing import Generic, TypeVar

__all__ = ["squash", "Lexicon"]

V = TypeVar("V")

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def squash(s: str) -> str:
    """NFKC, case-folded, without spaces: the key under which lexicon entries are compared.

    (Remembered: the same few thousand token runs are looked up again and again.)

    >>> squash("AI 모델") == squash("AI모델")
    True
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", s)).casefold()


class Lexicon(Generic[V]):
    """Entries matched over token sequences, ignoring spacing (``개발 사`` = ``개발사``).

    >>> lex = Lexicon({"칩 제조사": "Company", "칩": "Chip"})
    >>> lex.get("칩제조사")
    'Company'
    """

    def __init__(self, entries: Mapping[str, V] | Iterable[tuple[str, V]], max_tokens: int = 6):
        items = entries.items() if isinstance(entries, Mapping) else entries
        self._map: dict[str, V] = {}
        for k, v in items:
            if not k.startswith("_"):
                self._map.setdefault(squash(k), v)
        self.max_tokens = max_tokens
        # every beginning and every end of an entry: a match is extended only while it can still
        # become one
        self._prefixes = {key[:n] for key in self._map for n in range(len(key) + 1)}
        self._suffixes = {key[n:] for key in self._map for n in range(len(key) + 1)}

    def get(self, text: str) -> V | None:
        return self._map.get(squash(text))

    def __contains__(self, text: str) -> bool:
        return squash(text) in self._map

    def match_ending_at(self, texts: Sequence[str], end: int) -> tuple[int, V] | None:
        """Longest entry made of ``texts[a:end+1]``; returns ``(a, value)``."""
        best = None
        joined = ""
        for a in range(end, max(0, end - self.max_tokens + 1) - 1, -1):
            joined = texts[a] + joined
            key = squash(joined)
            if key not in self._suffixes:
                break  # no entry ends so: none is longer either
            v = self._map.get(key)
            if v is not None:
                best = (a, v)
        return best

    def match_starting_at(self, texts: Sequence[str], start: int) -> tuple[int, V] | None:
        """Longest entry made of ``texts[start:b+1]``; returns ``(b, value)``."""
        best = None
        joined = ""
        for b in range(start, min(len(texts), start + self.max_tokens)):
            joined += texts[b]
            key = squash(joined)
            if key not in self._prefixes:
                break  # no entry begins so: none is longer either
            v = self._map.get(key)
            if v is not None:
                best = (b, v)
        return best

    def find_all(self, texts: Sequence[str]) -> list[tuple[int, int, V]]:
        """Non-overlapping leftmost-longest matches ``(a, b, value)`` (token indices, inclusive)."""
        out, i = [], 0
        prefixes = self._prefixes
        while i < len(texts):
            if squash(texts[i]) not in prefixes:  # (most tokens: no call made)
                i += 1
                continue
            m = self.match_starting_at(texts, i)
            if m:
                out.append((i, m[0], m[1]))
                i = m[0] + 1
            else:
                i += 1
        return out
