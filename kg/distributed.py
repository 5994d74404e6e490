"""Extraction on the workers of a Dask cluster (``--scheduler tcp://HOST:8786``).

Extraction (NLP, mentions, relations, events, typing) is a function of one
document, the gazetteer, the models and the names other documents found, and
it is most of a build's time, so it is what the cluster's workers do: the
calling process reads the inputs, sends the documents to the workers in
chunks (:func:`kg.parallel.extract_all` with the pool of :func:`cluster_pool`)
and takes their results back in the order of the documents. What looks across
documents (corpus names, linking, the graph) and writing the store stay in the
calling process, so a build on a cluster makes the graph a local build makes.

Each worker needs techkg installed, at the caller's version (the extraction
code runs there), with the optional extra ``dask``, and the spaCy pipelines
given with ``--model`` (they are packages, installed like techkg). It does not
need the caller's files: the gazetteer is sent to it loaded. Each worker loads
a language's models once, at its first document of that language (a few seconds),
and keeps them for later builds. Start workers with one thread each
(``dask worker tcp://HOST:8786 --nworkers N --nthreads 1``): extraction is
Python that holds the GIL, so a worker's threads would take turns anyway (a
lock makes them: the analysers are not known to be thread-safe).

Dask is an optional extra (``pip install 'techkg[dask]'``), imported only when
a scheduler is asked for, so ``import kg`` works without it.
"""
from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from .errors import InputError, KGError

__all__ = ["cluster_pool"]

# seconds to wait for the scheduler to answer and for a first worker (TECHKG_DASK_TIMEOUT)
_TIMEOUT = 10.0

# in a worker: the settings (gazetteer, models, threshold) of each build using its cluster, by session
_settings: dict[str, dict] = {}
# in a worker: its tasks run one at a time (kg.parallel._worker is one per process, and two builds on
# one cluster may have different gazetteers)
_one_at_a_time = threading.Lock()


@contextmanager
def cluster_pool(scheduler: str, *, gazetteers: tuple = (), models: Mapping[str, str] | None = None,
                 min_confidence: float = 0.0, gazetteer=None) -> Iterator[tuple[object, int]]:
    """``(pool, workers)`` for :func:`kg.parallel.extract_all` on the Dask cluster at ``scheduler``.

    ``pool.submit(fn, *args)`` runs ``fn(*args)`` on a worker of the cluster
    and returns a future whose ``result()`` is its value; ``workers`` is the
    number of workers the cluster has. Every worker, also one that joins
    later, holds this build's gazetteer (``gazetteer`` when the caller has
    loaded it, else the built-in one plus the files ``gazetteers``), the spaCy
    pipeline names ``models`` (language -> package, installed on every worker)
    and ``min_confidence``. The connection is closed at the end (the cluster
    itself is left running). A scheduler that does not answer within
    ``TECHKG_DASK_TIMEOUT`` seconds (10) is a :class:`~kg.errors.KGError`, as
    is a cluster without workers and a worker that dies while extracting.

    >>> from kg.parallel import extract_all                                   # doctest: +SKIP
    >>> with cluster_pool("tcp://10.0.0.5:8786") as (pool, workers):          # doctest: +SKIP
    ...     results = list(extract_all(docs, pool=pool, workers=workers))
    """
    try:
        import distributed
    except ImportError:
        raise KGError("the Dask scheduler needs the optional extra: pip install 'techkg[dask]'") from None
    address = _checked_address(scheduler)
    timeout = _timeout()
    if gazetteer is None:
        from .gazetteer import load_gazetteer

        gazetteer = load_gazetteer(tuple(gazetteers))  # a bad gazetteer fails here, before any connection
    _probe(address, timeout)
    client = distributed.Client(address, timeout=timeout, set_as_default=False)
    try:
        workers = _wait_for_workers(client, address, timeout)
        session = f"techkg-{uuid.uuid4().hex}"
        # The gazetteer goes to the workers loaded (pickled inside the plugin), not as its files:
        # measured on the built-in gazetteer plus a one-entry user file, the pickle is 1.6 MB
        # (0.35 MB zipped) and loads in 0.1 s, where the user file is 150 bytes but a worker would
        # parse its own built-in files again (0.17 s) and could hold another version of them.
        # 1.6 MB once per worker is nothing next to its models, and the workers then use exactly
        # what a local build uses, whether the caller's gazetteer came from files or not.
        plugin = _plugin_class()(session, gazetteer, dict(models or {}), min_confidence)
        try:
            client.register_plugin(plugin, name=session)
        except Exception as e:  # raised on a worker: techkg missing or another version there
            raise KGError(f"a worker of the Dask scheduler at {address} cannot take techkg's settings: "
                          f"{type(e).__name__}: {e} (is techkg installed on every worker, at the same version?)"
                          ) from None
        try:
            yield _ClusterPool(client, session, address), workers
        finally:
            # a scheduler that stopped after the results came in must not fail a finished build
            try:
                client.unregister_worker_plugin(session)
            except Exception:
                pass
    finally:
        client.close()


def _checked_address(scheduler: str) -> str:
    """``scheduler`` as a full address (``HOST:PORT`` means ``tcp://HOST:PORT``), or an InputError."""
    from distributed.comm.addressing import get_address_host_port, parse_address, unparse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(str(scheduler))
        get_backend(scheme)  # an unknown scheme (http://) is a ValueError
        address = unparse_address(scheme, location)
        if scheme != "inproc":  # a scheduler of this process (LocalCluster(processes=False)) has no port
            get_address_host_port(address)
    except ValueError as e:
        raise InputError(f"{scheduler!r} is not a Dask scheduler address ({e}); give one like "
                         "tcp://HOST:8786") from None
    return address


def _timeout() -> float:
    value = os.environ.get("TECHKG_DASK_TIMEOUT", str(_TIMEOUT))
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise InputError(f"TECHKG_DASK_TIMEOUT must be a number of seconds above 0, not {value!r}")
    return seconds


def _probe(address: str, timeout: float) -> None:
    """Connect to ``address`` once, or a KGError saying why it cannot be reached.

    A ``Client`` that fails to connect is left half-made, and when it is
    collected it waits twice the timeout and prints a traceback, so the
    scheduler is tried first with one plain connection. It is tried on a
    thread of its own, with its own event loop: the caller may be running one
    (a notebook).
    """
    import asyncio

    from distributed.comm import connect

    async def connect_and_close():
        comm = await connect(address, timeout=timeout)
        await comm.close()

    failure: list[BaseException] = []

    def run():
        try:
            asyncio.run(connect_and_close())
        except Exception as e:
            failure.append(e)

    thread = threading.Thread(target=run, name="techkg-dask-probe", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise KGError(f"cannot reach the Dask scheduler at {address}: {_reason(failure[0])}") from None


def _reason(error: BaseException) -> str:
    """Why a connection failed, in one line: the refusal under distributed's 'timed out' when there is one."""
    if not isinstance(error, OSError):  # something answered, but not in Dask's protocol
        return f"it does not answer as a Dask scheduler ({type(error).__name__})"
    cause = error.__cause__
    text = str(cause).rsplit(">: ", 1)[-1] if cause is not None and str(cause) else str(error)
    if isinstance(cause, ConnectionRefusedError) or "ConnectionRefusedError" in text:
        return "connection refused (nothing listens on that port)"
    return f"{text} (TECHKG_DASK_TIMEOUT sets how long to wait)"


def _wait_for_workers(client, address: str, timeout: float) -> int:
    """The number of workers of the cluster, waiting up to ``timeout`` for a first one."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise KGError(f"the Dask scheduler at {address} has no workers (waited {timeout:g} s); start some "
                      f"with: dask worker {address} --nthreads 1") from None
    return max(1, len(client.nthreads()))


class _ClusterPool:
    """The ``pool`` of :func:`kg.parallel.extract_all` on a Dask cluster."""

    def __init__(self, client, session: str, address: str):
        self._client, self._session, self._address = client, session, address

    def submit(self, fn, /, *args) -> _ClusterFuture:
        """``fn(*args)`` on a worker, with this build's settings."""
        # pure=False: each call is its own task; a pure one would be named by a hash of its documents
        # (hashing every chunk's text) and calls with equal arguments would share one result
        future = self._client.submit(_run_with_settings, self._session, fn, *args, pure=False)
        return _ClusterFuture(future, self._address, _what(args))


class _ClusterFuture:
    """A task's result, with a worker that died or a lost scheduler told as one :class:`KGError`."""

    def __init__(self, future, address: str, what: str):
        self._future, self._address, self._what = future, address, what

    def result(self, timeout: float | None = None):
        from distributed import KilledWorker
        from distributed.client import CancelledError

        try:
            return self._future.result(timeout=timeout)
        except KilledWorker as e:
            worker = getattr(e.last_worker, "address", e.last_worker)
            before = (f", as did the {e.allowed_failures} workers that tried it before; see their logs"
                      if e.allowed_failures else "; see its log")
            raise KGError(f"the Dask worker {worker} stopped (killed, out of memory, or lost) while extracting "
                          f"{self._what}{before}") from None
        except CancelledError as e:
            raise KGError(f"the Dask scheduler at {self._address} dropped the extraction of {self._what} "
                          f"({getattr(e, 'reason', None) or e}): it stopped, or the connection to it was lost"
                          ) from None
        except KGError as e:  # raised by the task: a model missing on the workers, say
            raise type(e)(f"{e} (on a Dask worker, while extracting {self._what}: each worker needs what a "
                          "local build needs)") from None

    def cancel(self) -> bool:
        return self._future.cancel()


def _what(args: tuple) -> str:
    """What a task of :func:`kg.parallel._run_chunk` extracts, for an error: its documents' ids."""
    try:
        ids = [doc.id for doc, _known in args[0]]
    except (IndexError, TypeError, ValueError, AttributeError):
        return "a task"
    shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
    return f"document{'s' if len(ids) != 1 else ''} {shown}"


def _run_with_settings(session: str, fn, *args):
    """In a worker: ``fn(*args)`` with ``kg.parallel._worker`` holding the settings of build ``session``."""
    from . import parallel

    settings = _settings.get(session)
    if settings is None:
        raise KGError(f"this Dask worker holds no techkg settings of session {session} (its plugin did not run)")
    with _one_at_a_time:
        parallel._worker.update(settings)
        try:
            return fn(*args)
        finally:
            parallel._worker.clear()


def _plugin_class():
    """The class ``_WorkerSettings``, a ``distributed.WorkerPlugin``: made on first use, as Dask is optional,
    and kept as this module's attribute so that the workers unpickle it by name."""
    if "_WorkerSettings" in globals():
        return globals()["_WorkerSettings"]
    from distributed import WorkerPlugin

    class _WorkerSettings(WorkerPlugin):
        """On every worker of the cluster, also one that joins later: a build's gazetteer, models and
        threshold, under its session (removed with the plugin at the end of the build)."""

        def __init__(self, session: str, gazetteer, models: dict, min_confidence: float):
            self.session, self.gazetteer, self.models, self.min_confidence = (session, gazetteer, models,
                                                                              min_confidence)

        def setup(self, worker) -> None:
            from .langs.ko import THREADS_ENV

            # Kiwi analyses on as many threads as the worker runs tasks on, not one per core of the
            # machine (other workers may share it); read when Kiwi is first made in this process
            os.environ.setdefault(THREADS_ENV, str(max(1, int(getattr(worker, "nthreads", 1) or 1))))
            _settings[self.session] = dict(gazetteer=self.gazetteer, models=self.models,
                                           min_confidence=self.min_confidence)

        def teardown(self, worker) -> None:
            _settings.pop(self.session, None)

    _WorkerSettings.__module__, _WorkerSettings.__qualname__ = __name__, "_WorkerSettings"
    globals()["_WorkerSettings"] = _WorkerSettings
    return _WorkerSettings


def __getattr__(name: str):
    if name == "_WorkerSettings":  # a worker unpickling the plugin
        return _plugin_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
