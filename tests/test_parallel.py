"""Extraction on several processes (--workers): the same results, in the same order, as on one."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.store import open_for_query

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "crossdoc" / "articles"
# Korean, English and Chinese articles on the same companies, so that linking has work to do
SOME = sorted(ARTICLES.glob("0[1-9]_*.txt"))
STARTED = datetime(2025, 3, 1, tzinfo=timezone.utc)


def test_kg_extract_with_two_workers_prints_what_one_prints(tmp_path):
    """A real run of the command (worker processes are started by spawn, so not inside CliRunner)."""
    def run(workers: int) -> list[dict]:
        out = subprocess.run([sys.executable, "-m", "kg.cli", "extract", *map(str, SOME), "--workers", str(workers)],
                             capture_output=True, text=True, check=True, cwd=tmp_path)
        return [json.loads(line) for line in out.stdout.splitlines()]

    one, two = run(1), run(2)
    assert [r["id"] for r in two] == [r["id"] for r in one] == [p.stem for p in SOME]
    assert two == one
    assert sum(len(r["triples"]) for r in one) > 10


def test_a_store_built_with_two_workers_equals_one_built_with_one(tmp_path):
    one = kg.build(SOME, None, store=tmp_path / "one", started_at=STARTED)
    two = kg.build(SOME, None, store=tmp_path / "two", started_at=STARTED, workers=2)
    assert two.update.extracted == one.update.extracted >= len(SOME)
    with open_for_query(tmp_path / "one") as a, open_for_query(tmp_path / "two") as b:
        assert set(a) == set(b)
    # and in memory, where the names other articles found are looked for again in parallel too
    mem_one = kg.link_documents(SOME)
    mem_two = kg.link_documents(SOME, workers=2)
    assert mem_two[1].ids == mem_one[1].ids and mem_two[1].decisions == mem_one[1].decisions
    assert [r.facts for r in mem_two[0]] == [r.facts for r in mem_one[0]]


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_a_bad_number_of_workers_is_one_line_and_exit_2(bad):
    res = CliRunner().invoke(main, ["extract", str(SOME[0]), "--workers", bad])
    assert res.exit_code == 2
    assert "--workers" in res.output and "Traceback" not in res.output


def test_the_library_refuses_a_bad_number_of_workers():
    from kg.errors import InputError

    with pytest.raises(InputError, match="workers"):
        list(kg.extract(SOME[:1], workers=0))


def test_workers_that_cannot_start_are_one_error_not_a_hang(tmp_path):
    """A script without the __main__ guard: spawned workers import it again and stop; the caller gets a
    KGError that says what to do, and nothing waits forever."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import kg\nfrom kg.errors import KGError\n"
        f"try:\n    list(kg.extract([{str(SOME[0])!r}, {str(SOME[1])!r}], workers=2))\n"
        "except KGError as e:\n    print('KGError:', e)\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "KGError: a worker process stopped" in out.stdout
    assert "__main__" in out.stdout


def test_workers_are_fed_as_they_need_documents_not_all_at_once():
    """Streaming: extract_all takes from its input a bounded window ahead of the results it gives."""
    from kg.model import Document
    from kg.parallel import _CHUNK_DOCS, _WINDOW, extract_all

    taken = []

    def documents():
        for i in range(2000):
            taken.append(i)
            yield Document(f"d{i}", "Nvidia supplies Baidu.", "en")

    results = extract_all(documents(), workers=2)
    first = next(results)
    assert first.document.id == "d0"
    assert len(taken) <= 2 * _WINDOW * _CHUNK_DOCS + _CHUNK_DOCS < 2000
    results.close()  # the pool stops


def test_bad_input_late_in_a_jsonl_file_stops_before_any_document_is_extracted(tmp_path):
    """The input is streamed, but checked whole first: no work is done on a file that fails."""
    from kg.errors import JSONLError

    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps({"id": f"d{i}", "text": "Nvidia supplies Baidu.", "lang": "en"}) + "\n"
                         for i in range(50)) + "{broken\n", encoding="utf-8")
    seen = []
    with pytest.raises(JSONLError, match="line 51"):
        for r in kg.extract([f], progress=lambda done, total, triples: seen.append(done)):
            pass
    assert seen == []
    res = CliRunner().invoke(main, ["extract", str(f), "-o", str(tmp_path / "out.jsonl"), "--quiet"])
    assert res.exit_code != 0 and "line 51" in res.output
    assert not (tmp_path / "out.jsonl").exists()


def test_documents_through_the_pipelines_in_batches_give_what_one_at_a_time_gives():
    """process_documents (Kiwi on a batch in one call, spaCy's pipe) changes nothing in the results,
    across languages and batch boundaries."""
    from kg.api import to_json
    from kg.gazetteer import load_gazetteer
    from kg.pipeline import process_document, process_documents
    from kg.reader import read_all

    docs = read_all(sorted(ARTICLES.glob("*.txt"))[:24])
    assert {d.lang for d in docs} == {"ko", "en", "zh"}
    gazetteer = load_gazetteer()
    one = [to_json(process_document(d, gazetteer=gazetteer)) for d in docs]
    stages: dict[str, float] = {}
    batched = [to_json(r) for r in process_documents(docs, gazetteer=gazetteer, batch_chars=3000, stages=stages)]
    assert batched == one
    assert set(stages) == {"nlp", "mentions", "relations", "resolution"} and all(v > 0 for v in stages.values())
