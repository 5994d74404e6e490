"""Extraction on several processes of one machine (``--workers N``).

Extraction (NLP, mentions, relations, events, typing) is a function of the
document, the gazetteers, the model and the names other documents found, and
it is most of a build's time, so it is what runs in parallel: each worker
process loads the gazetteers and the models once, documents go to the workers
in chunks of about 8,000 characters (each chunk through the language
pipelines in batches: :func:`kg.pipeline.process_documents`), and the results
come back in the order of the documents. A few chunks per worker are sent
ahead and no more, so the input is read as the workers need it: memory does
not grow with the input. What
looks across documents (corpus names, linking, the graph) stays in the calling
process. One worker runs in the calling process itself, with no pool.

Workers are started with ``spawn``: the analysers hold native thread pools
(Kiwi, spaCy's BLAS), and forking a process that runs threads can leave a
child waiting on a lock no thread will release. As with any ``spawn`` pool, a
script that asks for workers must start its work under
``if __name__ == "__main__":`` (a worker imports the script again).
Starting a worker (imports, gazetteers, models) takes 3 to 5 s on this
machine, so workers pay off on inputs of a few hundred articles or more.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from .model import Document, DocumentResult

__all__ = ["extract_all", "worker_pool"]

# what a worker is sent at a time: enough text that sending it costs little next to extracting it
# (about 0.1 to 0.3 s of work), small enough to spread a small input over every worker
_CHUNK_CHARS = 8_000
_CHUNK_DOCS = 32
# chunks per worker sent ahead: keeps every worker busy while the caller reads and writes, and bounds
# the documents held in memory (streaming)
_WINDOW = 4

_worker: dict = {}  # in a worker process: its gazetteer, models and threshold


def extract_all(docs: Iterable[Document], *, gazetteers: tuple = (), models: Mapping[str, str] | None = None,
                min_confidence: float = 0.0, known_names: Mapping[str, Mapping[str, str]] | None = None,
                workers: int = 1, gazetteer=None, on_result=None, pool=None) -> Iterator[DocumentResult]:
    """The result of each of ``docs``, in their order, extracted by ``workers`` processes.

    ``known_names`` maps a document id to the corpus names it holds (see
    :mod:`kg.mentions.corpus_names`); ``gazetteer`` is the loaded gazetteer
    when the caller has it (used with one worker). Facts below
    ``min_confidence`` are left out. ``on_result(result)`` is called as each
    result comes (progress). ``pool`` is a :func:`worker_pool` to use (its
    workers already started, for a caller that extracts more than once);
    else one is started for this call.
    """
    for result in _extract_all(docs, gazetteers, models, min_confidence, known_names, workers, gazetteer, pool):
        if on_result is not None:
            on_result(result)
        yield result


def _extract_all(docs, gazetteers, models, min_confidence, known_names, workers, gazetteer, pool):
    models = dict(models or {})
    known_names = known_names or {}
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if workers == 1 and pool is None:
        if gazetteer is None:
            from .gazetteer import load_gazetteer

            gazetteer = load_gazetteer(tuple(gazetteers))
        yield from _extract_many(docs, gazetteer, models, min_confidence, known_names)
        return
    from concurrent.futures.process import BrokenProcessPool

    from .errors import KGError

    jobs = ((doc, known_names.get(doc.id)) for doc in docs)
    try:
        if pool is not None:
            yield from _windowed(pool, _chunks(jobs), workers)
        else:
            with worker_pool(workers, gazetteers, models, min_confidence) as own:
                yield from _windowed(own, _chunks(jobs), workers)
    except BrokenProcessPool:
        raise KGError("a worker process stopped before its documents were done (out of memory, killed, or "
                      "started from a script without 'if __name__ == \"__main__\":'); run again with fewer "
                      "--workers") from None


def _chunks(jobs: Iterator[tuple]) -> Iterator[list[tuple]]:
    """Jobs in chunks of about :data:`_CHUNK_CHARS` characters (at most :data:`_CHUNK_DOCS` documents)."""
    chunk, size = [], 0
    for job in jobs:
        chunk.append(job)
        size += len(job[0].text)
        if size >= _CHUNK_CHARS or len(chunk) >= _CHUNK_DOCS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _windowed(pool, chunks: Iterator[list[tuple]], workers: int) -> Iterator[DocumentResult]:
    """Results of ``chunks`` run on ``pool``, in order, with at most :data:`_WINDOW` chunks per worker
    in flight: the input is read as the workers need it, not all at once."""
    from collections import deque

    window: deque = deque()
    limit = _WINDOW * workers
    for chunk in chunks:
        window.append(pool.submit(_run_chunk, chunk))
        if len(window) >= limit:
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()


def worker_pool(workers: int, gazetteers: tuple = (), models: Mapping[str, str] | None = None,
                min_confidence: float = 0.0):
    """A pool of ``workers`` processes for :func:`extract_all` (a context manager: the processes stop
    at its end). Each worker loads the gazetteers and models once, when it starts."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start, initargs=(tuple(str(g) for g in gazetteers), dict(models or {}),
                                                             min_confidence))


def _extract_many(docs: Iterable[Document], gazetteer, models: Mapping[str, str], min_confidence: float,
                  known_names: Mapping[str, Mapping[str, str]]) -> Iterator[DocumentResult]:
    from .pipeline import process_documents

    for result in process_documents(docs, gazetteer=gazetteer, models=models, known_names=known_names):
        if min_confidence > 0:
            result.facts = [f for f in result.facts if f.confidence >= min_confidence]
        yield result


def _start(gazetteers: tuple, models: dict, min_confidence: float) -> None:
    """In a new worker: load what every document needs, once."""
    import os

    from .gazetteer import load_gazetteer
    from .langs.ko import THREADS_ENV

    # the workers share the cores already: Kiwi's own threads would only contend with them
    os.environ.setdefault(THREADS_ENV, "1")

    _worker.update(gazetteer=load_gazetteer(gazetteers), models=models, min_confidence=min_confidence)


def _run_chunk(jobs: list[tuple]) -> list[DocumentResult]:
    """In a worker: the results of ``(document, known names)`` jobs."""
    known = {doc.id: names for doc, names in jobs if names}
    return list(_extract_many([doc for doc, _ in jobs], _worker["gazetteer"], _worker["models"],
                              _worker["min_confidence"], known))
