"""Output formats, one module per format, registered in :data:`EXPORTERS`.

An exporter is an :class:`Exporter`: a name, a file extension, a default file
name and ``export(graph, path, **options)``. Every exporter writes atomically
through :func:`atomic_write`: a failure leaves no half-written file and keeps a
previous one.

===========  ================  ==================================================
name         default name      content
===========  ================  ==================================================
turtle       graph.ttl         everything, deterministic (byte-identical output)
trig         graph.trig        facts/entities/documents in the default graph,
                               each document's provenance records in the named
                               graph ``tkdoc:ID``
nquads       graph.nq          same split as trig
jsonld       graph.jsonld      everything, compacted with the techkg prefixes
html         graph.html        interactive vis-network view, works offline
graphml      graph.graphml     entities as nodes, facts as directed edges
csv          csv/              a folder with ``entities.csv`` and ``facts.csv``
===========  ================  ==================================================

>>> EXPORTERS.names()
['csv', 'graphml', 'html', 'jsonld', 'nquads', 'trig', 'turtle']
>>> EXPORTERS.get("turtle").default_name
'graph.ttl'
"""
from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kg.registry import Registry

__all__ = ["EXPORTERS", "Exporter", "exporter", "atomic_write", "export", "term_label"]


@dataclass(frozen=True)
class Exporter:
    """One output format.

    ``extension`` is the file suffix without the dot (``""`` for an exporter
    that writes a folder); ``default_name`` is the file (or folder) name a build
    writes into its output directory.
    """

    name: str
    extension: str
    export: Callable[..., None]
    description: str = ""

    @property
    def default_name(self) -> str:
        return f"graph.{self.extension}" if self.extension else self.name

    @property
    def writes_folder(self) -> bool:
        return not self.extension

    def __call__(self, graph: Any, path: str | Path, **options: Any) -> None:
        self.export(graph, Path(path), **options)


EXPORTERS: Registry[Exporter] = Registry("format", "kg.exporters")


def exporter(name: str, extension: str, description: str = "") -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register ``export(graph, path, **options)`` as the exporter ``name``.

    >>> @exporter("_doc_example", "txt")
    ... def _export(graph, path, **options):
    ...     pass
    >>> EXPORTERS._items.pop("_doc_example").extension
    'txt'
    """

    def decorator(func: Callable[..., None]) -> Callable[..., None]:
        doc = description or ((func.__doc__ or "").strip().splitlines() or [""])[0]
        EXPORTERS.register(name)(Exporter(name, extension, func, doc))
        return func

    return decorator


def export(graph: Any, fmt: str, path: str | Path, **options: Any) -> Path:
    """Write ``graph`` in format ``fmt`` to ``path``; return the path.

    An unknown format is a :class:`kg.errors.UnknownNameError` that lists the valid names.

    >>> export(None, "pdf", "x.pdf")
    Traceback (most recent call last):
    ...
    kg.errors.UnknownNameError: unknown format 'pdf'; choose one of: csv, graphml, html, jsonld, nquads, trig, turtle
    """
    exp = EXPORTERS.get(fmt)
    path = Path(path)
    exp.export(graph, path, **options)
    return path


_LABELS: dict[tuple[str, str], str] = {}


def term_label(term: Any, lang: str = "en") -> str:
    """The ontology's label of a term in ``lang``, else its local name split into words.

    >>> term_label("https://techkg.dev/ontology#headquarteredIn")
    'headquartered in'
    """
    key = (str(term), lang)
    if key not in _LABELS:
        label = None
        try:
            from rdflib import URIRef

            from kg.ontology import load_ontology

            label = load_ontology().label(URIRef(str(term)), lang)
        except Exception:  # no ontology, unknown term: fall back to the local name
            label = None
        if not label:
            local = re.split(r"[#/]", str(term))[-1]
            label = re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower()
        _LABELS[key] = str(label)
    return _LABELS[key]


@contextlib.contextmanager
def atomic_write(
    path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success fsync it and ``os.replace`` it onto ``path``.

    On any error the temporary file is removed and an existing ``path`` is left
    as it was. The parent folder is created if needed. ``mode`` is ``"w"``
    (text, UTF-8) or ``"wb"``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(p) as f:
    ...     _ = f.write("new")
    >>> p.read_text()
    'new'
    >>> try:
    ...     with atomic_write(p) as f:
    ...         _ = f.write("half")
    ...         raise RuntimeError("boom")
    ... except RuntimeError:
    ...     pass
    >>> p.read_text(), sorted(x.name for x in p.parent.iterdir())
    ('new', ['out.txt'])
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write mode must be 'w' or 'wb', not {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if "b" in mode:
            f = os.fdopen(fd, mode)
        else:
            f = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _file_mode(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        return 0o644


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
