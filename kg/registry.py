"""Named registries of plug-ins: languages, relation extractors, exporters.

A plug-in module registers itself on import (``@LANGUAGES.register("ko")``);
a registry imports every module of its package the first time it is asked
for a name, so adding a language or a format is adding a module.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .errors import UnknownNameError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """A name -> object map filled by decorators in the modules of ``package``.

    >>> r = Registry("widget")
    >>> @r.register("a")
    ... def make_a():
    ...     return "A"
    >>> r.get("a")()
    'A'
    >>> r.get("b")
    Traceback (most recent call last):
    ...
    kg.errors.UnknownNameError: unknown widget 'b'; choose one of: a
    """

    def __init__(self, kind: str, package: str | None = None, error: type[UnknownNameError] = UnknownNameError):
        self.kind = kind
        self.package = package
        self.error = error
        self._items: dict[str, T] = {}
        self._loaded = package is None

    def register(self, name: str) -> Callable[[T], T]:
        def decorator(obj: T) -> T:
            if name in self._items and self._items[name] is not obj:
                raise ValueError(f"{self.kind} {name!r} is registered twice")
            self._items[name] = obj
            return obj

        return decorator

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        pkg = importlib.import_module(self.package)
        for info in pkgutil.iter_modules(pkg.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{self.package}.{info.name}")

    def get(self, name: str) -> T:
        self._load()
        try:
            return self._items[name]
        except KeyError:
            valid = ", ".join(sorted(self._items)) or "(none)"
            raise self.error(f"unknown {self.kind} {name!r}; choose one of: {valid}") from None

    def names(self) -> list[str]:
        self._load()
        return sorted(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        self._load()
        yield from sorted(self._items.items())

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._items
