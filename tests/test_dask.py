"""Extraction on a Dask cluster (--scheduler): the same results as on one process, on a real LocalCluster."""
from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import dask
import distributed
import pytest
from click.testing import CliRunner

import kg
import kg.distributed as kg_distributed
import kg.parallel
from kg.api import to_json
from kg.cli import main
from kg.distributed import cluster_pool
from kg.errors import InputError, KGError, ModelError
from kg.parallel import extract_all
from kg.reader import read_all
from kg.store import open_for_query

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "crossdoc" / "articles"
# English, Korean and Chinese articles on the same companies, and the seed article
SOME = [ARTICLES / "01_en_xuanji_series_b.txt", ARTICLES / "02_ko_xuanji_series_b.txt",
        ARTICLES / "03_zh_xuanji_financing.txt", ARTICLES / "07_ko_garam_arin1.txt", ROOT / "seeds"]
STARTED = datetime(2025, 3, 1, tzinfo=timezone.utc)
# the scheduler's HTTP server (health checks) listens even with the dashboard off, on port 8787 unless
# told otherwise: a free port, so that two clusters (or one of the machine's) do not collide
NO_DASHBOARD = dict(dashboard_address=None, scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"})


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread; a worker that dies fails its task at once (no retries on
    other workers), so that the test of a dying worker takes one restart, not four."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # read when the scheduler starts
        local = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, **NO_DASHBOARD)
    with local:
        yield local


@pytest.fixture(scope="module")
def client(cluster):
    """A client of the test's own, to look into the workers."""
    with distributed.Client(cluster, set_as_default=False) as own:
        yield own


@pytest.fixture(scope="module")
def local_store(tmp_path_factory):
    """The store a local build of the articles makes."""
    store = tmp_path_factory.mktemp("local") / "store"
    kg.build(SOME[:3], None, store=store, started_at=STARTED)
    return store


def quads(store: Path) -> set:
    with open_for_query(store) as graph:
        return set(graph)


def test_a_worker_that_joins_later_holds_the_settings_and_none_are_left_after(cluster, client):
    def sessions_per_worker() -> list[list[str]]:
        return sorted(client.run(lambda: sorted(kg_distributed._settings)).values())

    with cluster_pool(cluster.scheduler_address):
        cluster.scale(3)
        client.wait_for_workers(3, timeout=60)
        held = sessions_per_worker()
        assert len(held) == 3 and len(held[0]) == 1 and held == [held[0]] * 3
    assert sessions_per_worker() == [[]] * 3
    cluster.scale(2)
    deadline = time.monotonic() + 30
    while len(client.nthreads()) != 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(client.nthreads()) == 2


# before the tests that watch the task stream: dask's task-stream plugin logs a KeyError when a worker
# dies under it
def test_a_worker_that_dies_is_one_error_that_names_it(cluster, client):
    addresses = set(client.nthreads())
    with cluster_pool(cluster.scheduler_address) as (pool, _workers):
        with pytest.raises(KGError, match="the Dask worker tcp://127.0.0.1:[0-9]+ stopped") as err:
            pool.submit(os._exit, 3).result()
    assert str(err.value).split()[3] in addresses
    client.wait_for_workers(2, timeout=60)  # the nanny starts it again, for the tests after this one


def test_extraction_on_the_cluster_gives_what_one_process_gives(cluster, client, monkeypatch):
    # a chunk per article, so that both workers have work and results come back from many tasks
    monkeypatch.setattr(kg.parallel, "_CHUNK_CHARS", 1)
    docs = read_all(SOME, None)
    assert {d.lang for d in docs} == {"en", "ko", "zh"}
    with distributed.get_task_stream(client=client) as tasks:
        with cluster_pool(cluster.scheduler_address) as (pool, workers):
            assert workers == 2
            on_cluster = [to_json(r) for r in extract_all(docs, pool=pool, workers=workers)]
    assert len(tasks.data) == len(docs) and len({t["worker"] for t in tasks.data}) == 2
    local = [to_json(r) for r in extract_all(docs, workers=1)]
    assert [r["id"] for r in on_cluster] == [d.id for d in docs]
    assert on_cluster == local
    assert sum(len(r["triples"]) for r in local) > 10


def test_a_gazetteer_file_reaches_the_workers(cluster, tmp_path):
    gazetteer = tmp_path / "mine.jsonl"
    gazetteer.write_text(json.dumps({"id": "quillmere-dynamics-test", "type": "Startup", "label": "Quillmere Dynamics",
                                     "aliases": {"ko": ["퀼미어다이내믹스"]}}, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    article = tmp_path / "quillmere.txt"
    article.write_text("퀼미어다이내믹스는 지난 3월 엔비디아로부터 500억 원 규모의 투자를 유치했다고 밝혔다.\n",
                       encoding="utf-8")
    docs = read_all([article, ARTICLES / "02_ko_xuanji_series_b.txt"], None)
    with cluster_pool(cluster.scheduler_address, gazetteers=(gazetteer,)) as (pool, workers):
        results = [to_json(r) for r in extract_all(docs, pool=pool, workers=workers)]
    assert "quillmere-dynamics-test" in [e["id"] for e in results[0]["entities"]]
    assert ("nvidia", "investsIn", "quillmere-dynamics-test") in [
        (t["subject"], t["predicate"], t["object"]) for t in results[0]["triples"]]
    # the built-in gazetteer alone does not know the name
    with cluster_pool(cluster.scheduler_address) as (pool, workers):
        without = to_json(next(extract_all(docs[:1], pool=pool, workers=workers)))
    assert "quillmere-dynamics-test" not in [e["id"] for e in without["entities"]]


def test_a_model_missing_on_the_workers_is_the_model_error_a_local_build_gives(cluster):
    docs = read_all(SOME[:1], None)
    with cluster_pool(cluster.scheduler_address, models={"en": "no_such_pipeline_xyz"}) as (pool, workers):
        with pytest.raises(ModelError, match="^spaCy pipeline 'no_such_pipeline_xyz' is not installed.* \\(on a Dask "
                                             "worker, while extracting document 01_en_xuanji_series_b"):
            list(extract_all(docs, pool=pool, workers=workers))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_scheduler_that_cannot_be_reached_is_one_error_within_the_timeout(monkeypatch):
    monkeypatch.setenv("TECHKG_DASK_TIMEOUT", "1.5")
    port = free_port()
    started = time.monotonic()
    with pytest.raises(KGError, match=f"^cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: ") as err:
        with cluster_pool(f"tcp://127.0.0.1:{port}"):
            pass
    # refused at once, or (on a loaded machine, as distributed retries) given up at the timeout
    assert "connection refused" in str(err.value) or "TECHKG_DASK_TIMEOUT" in str(err.value)
    assert time.monotonic() - started < 10
    assert "\n" not in str(err.value)


def test_a_cluster_without_workers_says_so(monkeypatch):
    monkeypatch.setenv("TECHKG_DASK_TIMEOUT", "1")
    with distributed.LocalCluster(n_workers=0, processes=True, **NO_DASHBOARD) as empty:
        with pytest.raises(KGError, match="has no workers"):
            with cluster_pool(empty.scheduler_address):
                pass


@pytest.mark.parametrize("bad", ["tcp://", "tcp://host:port", "http://127.0.0.1:8786", ""])
def test_a_malformed_address_is_an_input_error(bad):
    with pytest.raises(InputError, match="not a Dask scheduler address"):
        with cluster_pool(bad):
            pass


@pytest.mark.parametrize("bad", ["0", "-3", "soon"])
def test_a_bad_timeout_is_an_input_error(bad, monkeypatch):
    monkeypatch.setenv("TECHKG_DASK_TIMEOUT", bad)
    with pytest.raises(InputError, match="TECHKG_DASK_TIMEOUT"):
        with cluster_pool("tcp://127.0.0.1:8786"):
            pass


def test_without_dask_the_error_says_which_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    with pytest.raises(KGError, match=r"^the Dask scheduler needs the optional extra: pip install 'techkg\[dask\]'$"):
        with cluster_pool("tcp://127.0.0.1:8786"):
            pass


# These two wait on the scheduler= argument of kg.build and the --scheduler option of kg build.

def test_a_store_built_on_the_cluster_equals_one_built_locally(cluster, client, local_store, tmp_path):
    with distributed.get_task_stream(client=client) as tasks:
        res = kg.build(SOME[:3], None, store=tmp_path / "store", started_at=STARTED,
                       scheduler=cluster.scheduler_address)
    assert tasks.data, "the workers extracted"
    assert res.update.extracted == 3
    assert quads(tmp_path / "store") == quads(local_store)


def test_kg_build_with_a_scheduler_writes_the_store_a_local_build_writes(cluster, client, local_store, tmp_path):
    with distributed.get_task_stream(client=client) as tasks:
        res = CliRunner().invoke(main, ["build", *map(str, SOME[:3]), "--scheduler", cluster.scheduler_address,
                                        "--store", str(tmp_path / "store"), "-o", str(tmp_path / "out"), "--quiet"],
                                 env={"SOURCE_DATE_EPOCH": str(int(STARTED.timestamp()))})
    assert res.exit_code == 0, res.output
    assert tasks.data, "the workers extracted"
    assert quads(tmp_path / "store") == quads(local_store)
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_kg_build_with_an_unreachable_scheduler_is_one_line_and_no_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("TECHKG_DASK_TIMEOUT", "1")
    res = CliRunner().invoke(main, ["build", str(SOME[0]), "--scheduler", f"tcp://127.0.0.1:{free_port()}",
                                    "--store", str(tmp_path / "store"), "-o", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:" in res.output
    assert "Traceback" not in res.output
