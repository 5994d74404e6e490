"""The kg command: every subcommand, its help, and bad input (one error line, non-zero exit)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_bb1140d7c5ae393e.txt"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory, runner):
    out = tmp_path_factory.mktemp("build")
    res = runner.invoke(main, ["build", str(SEED), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out, res


def _one_error_line(res):
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in res.output + res.stderr
    return lines[0]


@pytest.mark.parametrize("command", ["build", "extract", "query", "viz", "stats", "validate"])
def test_every_command_has_help_with_an_example(runner, command):
    res = runner.invoke(main, [command, "--help"])
    assert res.exit_code == 0
    assert "Example" in res.output and f"kg {command}" in res.output


def test_build_writes_graph_and_html_and_prints_counts(built):
    out, res = built
    assert (out / "graph.ttl").stat().st_size > 0 and (out / "graph.html").stat().st_size > 0
    assert "entities by class:" in res.output and "facts by predicate:" in res.output
    assert "founderOf:" in res.output and "Person:" in res.output
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))


def test_extract_jsonl_follows_the_scorer_contract(runner):
    res = runner.invoke(main, ["extract", str(SEED), "--format", "jsonl"])
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["id"] == "000_bb1140d7c5ae393e"
    ids = {e["id"] for e in doc["entities"]}
    for e in doc["entities"]:
        assert {"id", "label", "type", "mentions"} <= e.keys()
        for m in e["mentions"]:
            assert SEED.read_text(encoding="utf-8")[m["start"]:m["end"]] == m["text"]
    for t in doc["triples"]:
        assert t["subject"] in ids and t["object"] in ids | {t["object"]}
        assert 0 < t["confidence"] <= 1 and t["evidence"]["sentence"]
    founder = [t for t in doc["triples"] if t["predicate"] == "founderOf"]
    names = {e["id"]: {e["label"], *e["aliases"]} for e in doc["entities"]}
    assert any("장원" in names[t["subject"]] and "상하이 비렌 인텔리전트 테크놀로지" in names[t["object"]] for t in founder)


def test_extract_reads_jsonl_from_stdin(runner):
    line = json.dumps({"id": "a1", "text": "마이크로소프트는 오픈AI에 130억 달러를 투자했다.", "lang": "ko"}, ensure_ascii=False)
    res = runner.invoke(main, ["extract", "-"], input=line + "\n")
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["id"] == "a1" and [t["predicate"] for t in doc["triples"]] == ["investsIn"]


def test_query_answers_sparql(runner, built):
    out, _ = built
    q = "SELECT ?l WHERE { ?p tk:founderOf ?o . ?p rdfs:label ?l } ORDER BY ?l"
    res = runner.invoke(main, ["query", str(out), q, "--format", "json"])
    assert res.exit_code == 0, res.stderr
    names = {row["l"] for row in json.loads(res.stdout)}
    assert {"장원", "저우훙이"} <= names


def test_query_rejects_a_bad_query(runner, built):
    out, _ = built
    res = runner.invoke(main, ["query", str(out), "SELEKT ?x WHERE {"])
    assert res.exit_code == 2
    assert "bad SPARQL query" in _one_error_line(res)


def test_stats_and_validate(runner, built):
    out, _ = built
    res = runner.invoke(main, ["stats", str(out / "graph.ttl")])
    assert res.exit_code == 0 and "documents: 1" in res.output
    res = runner.invoke(main, ["validate", str(out)])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output


def test_validate_reports_violations(runner, built, tmp_path):
    out, _ = built
    broken = tmp_path / "broken.ttl"
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    # a fact with no provenance record: 'no span, no triple'
    broken.write_text(text + "\n<https://techkg.dev/id/x> a <https://techkg.dev/ontology#Person> ;"
                             ' <http://www.w3.org/2000/01/rdf-schema#label> "X"@en ;'
                             " <https://techkg.dev/ontology#founderOf> <https://techkg.dev/id/nvidia> .\n",
                      encoding="utf-8")
    res = runner.invoke(main, ["validate", str(broken)])
    assert res.exit_code == 1
    assert "violation" in res.stderr


def test_viz_writes_offline_html(runner, built, tmp_path):
    out, _ = built
    page = tmp_path / "g.html"
    res = runner.invoke(main, ["viz", str(out), "-o", str(page)])
    assert res.exit_code == 0, res.output
    html = page.read_text(encoding="utf-8")
    assert ("알리바바" in html or json.dumps("알리바바")[1:-1] in html) and "<script src=\"http" not in html


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "empty": (b"", "empty"),
    "binary": (b"%PDF-1.7\n\x00\x01\x02binary", "binary"),
    "latin1": ("Société Générale a investi".encode("latin-1"), "not UTF-8"),
    "jsonl": (b'{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', "not valid JSON"),
}


@pytest.mark.parametrize("command", ["build", "extract"])
@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_gives_one_error_line(runner, tmp_path, command, kind):
    content, words = BAD_INPUTS[kind]
    path = tmp_path / ("in.jsonl" if kind == "jsonl" else "in.txt")
    if content is not None:
        path.write_bytes(content)
    args = [command, str(path)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    res = runner.invoke(main, args)
    assert res.exit_code != 0
    assert words in _one_error_line(res)
    assert not (tmp_path / "out").exists()  # nothing written


def test_unknown_language(runner):
    res = runner.invoke(main, ["extract", str(SEED), "--lang", "xx"])
    assert res.exit_code == 2
    line = _one_error_line(res)
    assert "unknown language 'xx'" in line and "ko" in line


def test_failed_build_keeps_the_previous_graph(runner, built, tmp_path):
    out, _ = built
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    res = runner.invoke(main, ["build", str(SEED), str(bad), "-o", str(out)])
    assert res.exit_code != 0
    assert (out / "graph.ttl").read_bytes() == before


def test_unknown_format(runner, tmp_path):
    res = runner.invoke(main, ["build", str(SEED), "--format", "pdf", "-o", str(tmp_path)])
    assert res.exit_code == 2
    assert "unknown format 'pdf'" in _one_error_line(res)


def test_missing_model_is_one_error_line(runner):
    res = runner.invoke(main, ["extract", str(SEED), "--model", "no_such_pipeline_xyz"])
    # the seed is Korean: an English model is not used, so nothing fails
    assert res.exit_code == 0
    en = Path(__file__).parent / "data" / "en_sample.txt"
    res = runner.invoke(main, ["extract", str(en), "--model", "no_such_pipeline_xyz"])
    assert res.exit_code == 2
    assert "not installed" in _one_error_line(res)


def test_source_date_epoch_makes_builds_byte_identical(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740528000")
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert runner.invoke(main, ["build", str(SEED), "-o", str(out), "--quiet"]).exit_code == 0
    ttl = (a / "graph.ttl").read_bytes()
    assert ttl == (b / "graph.ttl").read_bytes()
    assert b'"2025-02-26T00:00:00+00:00"^^xsd:dateTime' in ttl
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    res = runner.invoke(main, ["build", str(SEED), "-o", str(a)])
    assert res.exit_code == 2 and "SOURCE_DATE_EPOCH" in _one_error_line(res)


@pytest.mark.parametrize("command", [["query", "nope/", "ASK {}"], ["stats", "nope.ttl"],
                                     ["validate", "nope.ttl"], ["viz", "nope.ttl"]])
def test_missing_graph_is_one_error_line(runner, command):
    res = runner.invoke(main, command)
    assert res.exit_code == 2
    assert "no such graph file" in _one_error_line(res)


def test_unparsable_graph_is_one_error_line(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    res = runner.invoke(main, ["stats", str(bad)])
    assert res.exit_code != 0
    _one_error_line(res)


def test_user_gazetteer_adds_an_entity(runner, tmp_path):
    gaz = tmp_path / "mine.csv"
    gaz.write_text("id,type,label,lang,alias\nacme-robotics,Startup,Acme Robotics,ko,애크미로보틱스\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("마이크로소프트는 애크미로보틱스에 투자했다.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(text), "--gazetteer", str(gaz)])
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    acme = next(e for e in doc["entities"] if e["id"] == "acme-robotics")
    assert acme["type"] == "Startup"
    assert [(t["predicate"], t["object"]) for t in doc["triples"]] == [("investsIn", "acme-robotics")]


def test_bad_user_gazetteer_is_one_error_line(runner, tmp_path):
    gaz = tmp_path / "bad.csv"
    gaz.write_text("id,type,label,lang,alias\nx,Compny,X,en,X\n", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(SEED), "--gazetteer", str(gaz)])
    assert res.exit_code == 2
    assert "unknown type 'Compny'" in _one_error_line(res)
