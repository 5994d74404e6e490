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
    doc = json.loads(res.stdout)  # the SPARQL 1.1 query results JSON format
    assert doc["head"]["vars"] == ["l"]
    names = {b["l"]["value"] for b in doc["results"]["bindings"]}
    assert {"장원", "저우훙이"} <= names
    assert {b["l"].get("xml:lang") for b in doc["results"]["bindings"]} >= {"ko"}


def test_query_rejects_a_bad_query(runner, built):
    out, _ = built
    res = runner.invoke(main, ["query", str(out), "SELECT ?x WHERE {\n  ?x tk:founderOf ?y .\n  FILTER(?y > ) }"])
    assert res.exit_code == 2
    line = _one_error_line(res)
    assert line.startswith("error: SPARQL syntax error at line 3, column "), line
    assert "expected one of" in line


def test_query_syntax_error_names_the_line_of_an_unknown_prefix(runner, built):
    out, _ = built
    res = runner.invoke(main, ["query", str(out), "SELECT ?x WHERE {\n ?x nope:founderOf ?y }"])
    assert res.exit_code == 2
    line = _one_error_line(res)
    assert line == "error: SPARQL syntax error at line 2, column 5: unknown prefix nope: (declare it with PREFIX nope: <...>)", line


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



def _page_data(page) -> dict:
    import re

    html = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1))


def test_viz_focus_opens_on_a_neighbourhood_in_english(runner, built, tmp_path):
    out, _ = built
    page = tmp_path / "alibaba.html"
    res = runner.invoke(main, ["viz", str(out), "-o", str(page), "--focus", "알리바바", "--hops", "1",
                               "--label-lang", "en", "--size", "pagerank"])
    assert res.exit_code == 0, res.output
    data = _page_data(page)
    assert data["mode"] == "ego" and data["lang"] == "en"
    centre = data["nodes"][data["focus"]]
    assert centre[0] == "알리바바" and centre[6].get("en", "").startswith("Alibaba")
    assert len(data["initial"]) > 1  # Alibaba and what it is related to


def test_viz_draws_a_store(runner, tmp_path):
    store, page = tmp_path / "store", tmp_path / "store.html"
    assert runner.invoke(main, ["build", str(SEED), "--store", str(store)]).exit_code == 0
    res = runner.invoke(main, ["viz", "--store", str(store), "-o", str(page)])
    assert res.exit_code == 0, res.output
    assert "알리바바" in {n[0] for n in _page_data(page)["nodes"]}


def test_viz_bad_requests_get_one_error_line(runner, built, tmp_path):
    out, _ = built
    page = tmp_path / "x.html"
    res = runner.invoke(main, ["viz", str(out), "-o", str(page), "--focus", "Nobody Inc."])
    assert res.exit_code == 2 and "no entity named 'Nobody Inc.'" in _one_error_line(res)
    assert not page.exists()
    res = runner.invoke(main, ["viz", "--store", str(tmp_path / "nothing"), "-o", str(page)])
    assert res.exit_code == 2 and "no techkg store" in _one_error_line(res)


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


# -- cross-document resolution: kg entities, merge, split, conflicts, eval with a key -----------

TWO_FOUNDINGS = {
    "a.txt": "Robotics startup Lingxi Robotics was founded in 2019 in Hangzhou. "
             "Lingxi Robotics CEO Zhou Mingyuan said the company would double its output.",
    "b.txt": "Lingxi Robotics was founded in 2021 by two engineers. "
             "Lingxi Robotics CEO Wang Lei said the company would open a plant in Shenzhen.",
    "c.txt": "Chen Jie, the chief technology officer of Lingxi Robotics, showed the new arm.",
    "d.txt": "Professor Chen Jie of Fudan University studies solid-state batteries.",
}


@pytest.fixture()
def corpus_build(runner, tmp_path):
    for name, text in TWO_FOUNDINGS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    res = runner.invoke(main, ["build", *[str(tmp_path / n) for n in TWO_FOUNDINGS], "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "names merged across documents:" in res.output and "same-as candidates: 1" in res.output
    return out


@pytest.mark.parametrize("command", ["entities", "merge", "split", "conflicts"])
def test_resolution_commands_have_help_with_an_example(runner, command):
    res = runner.invoke(main, [command, "--help"])
    assert res.exit_code == 0 and "Example" in res.output and f"kg {command}" in res.output


def test_entities_lists_aliases_documents_and_degree(runner, corpus_build):
    res = runner.invoke(main, ["entities", str(corpus_build), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in json.loads(res.stdout)}
    startup = rows["en/Lingxi_Robotics"]
    assert startup["documents"] == ["a", "b", "c"] and startup["degree"] >= 4 and startup["type"] == "Company"
    res = runner.invoke(main, ["entities", str(corpus_build), "--type", "Person", "--sort", "name"])
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0].startswith("en/Chen_Jie")
    assert "Lingxi" not in res.stdout


def test_conflicts_lists_both_values_with_their_sources(runner, corpus_build):
    res = runner.invoke(main, ["conflicts", str(corpus_build), "--format", "json"])
    assert res.exit_code == 0, res.output
    found = {(c["kind"], c["predicate"]): c for c in json.loads(res.stdout)}
    founded = found[("two-values", "foundedOn")]
    assert [v["value"] for v in founded["values"]] == ["2019", "2021"]
    assert founded["values"][0]["sources"][0]["doc"] == "a" and "2019" in founded["values"][0]["sources"][0]["sentence"]
    ceo = found[("two-holders", "ceoOf")]
    assert {v["value"].rsplit("/", 1)[-1] for v in ceo["values"]} == {"Wang_Lei", "Zhou_Mingyuan"}


def test_dated_articles_years_apart_are_a_succession_not_a_conflict(runner, tmp_path):
    lines = [{"id": "old", "published": "2019-03-01",
              "text": "Lingxi Robotics CEO Zhou Mingyuan said the company would double its output."},
             {"id": "new", "published": "2024-06-01",
              "text": "Lingxi Robotics CEO Wang Lei said the company would open a plant in Shenzhen."}]
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(src), "-o", str(out), "--quiet"]).exit_code == 0
    res = runner.invoke(main, ["conflicts", str(out), "--format", "json"])
    assert json.loads(res.stdout) == []
    res = runner.invoke(main, ["conflicts", str(out), "--format", "json", "--window-days", "4000"])
    assert [c["predicate"] for c in json.loads(res.stdout)] == ["ceoOf"]


def test_merge_is_recorded_and_honoured_by_the_next_build(runner, corpus_build):
    rows = json.loads(runner.invoke(main, ["entities", str(corpus_build), "--name", "Chen Jie",
                                           "--format", "json"]).stdout)
    a, b = sorted(r["id"] for r in rows)
    assert a == "en/Chen_Jie" and b.startswith("en/Chen_Jie~")  # two people, one name: distinct IRIs
    res = runner.invoke(main, ["merge", a, b, "-o", str(corpus_build), "--note", "same person"])
    assert res.exit_code == 0, res.output
    assert f"recorded: merge {a} + {b}" in res.output
    record = json.loads((corpus_build / "corrections.jsonl").read_text(encoding="utf-8"))
    assert record["op"] == "merge" and record["entities"] == [a, b] and record["note"] == "same person"
    rows = json.loads(runner.invoke(main, ["entities", str(corpus_build), "--name", "Chen Jie",
                                           "--format", "json"]).stdout)
    assert [r["id"] for r in rows] == [a] and rows[0]["documents"] == ["c", "d"]
    # a plain rebuild reads the corrections file beside the graph
    inputs = [str(corpus_build.parent / n) for n in TWO_FOUNDINGS]
    assert runner.invoke(main, ["build", *inputs, "-o", str(corpus_build), "--quiet"]).exit_code == 0
    rows = json.loads(runner.invoke(main, ["entities", str(corpus_build), "--name", "Chen Jie",
                                           "--format", "json"]).stdout)
    assert len(rows) == 1
    graph = (corpus_build / "graph.ttl").read_text(encoding="utf-8")
    assert "tk:MergeDecision" in graph and '"user"' in graph


def test_split_takes_one_article_apart(runner, corpus_build):
    res = runner.invoke(main, ["split", "Lingxi Robotics", "--doc", "b", "-o", str(corpus_build)])
    assert res.exit_code == 0, res.output
    rows = json.loads(runner.invoke(main, ["entities", str(corpus_build), "--name", "Lingxi",
                                           "--format", "json"]).stdout)
    assert sorted(r["documents"] for r in rows) == [["a", "c"], ["b"]]


def test_corrections_of_unknown_or_ambiguous_entities_are_one_error_line(runner, corpus_build):
    res = runner.invoke(main, ["merge", "Nobody Here", "en/Lingxi_Robotics", "-o", str(corpus_build)])
    assert res.exit_code == 2 and "no entity 'Nobody Here'" in _one_error_line(res)
    res = runner.invoke(main, ["merge", "Chen Jie", "en/Lingxi_Robotics", "-o", str(corpus_build)])
    assert res.exit_code == 2 and "names 2 entities" in _one_error_line(res)
    res = runner.invoke(main, ["split", "en/Lingxi_Robotics", "--doc", "zz", "-o", str(corpus_build)])
    assert res.exit_code == 2 and "not mentioned in zz" in _one_error_line(res)
    assert not (corpus_build / "corrections.jsonl").exists()
    (corpus_build / "corrections.jsonl").write_text('{"op": "merge"}\n', encoding="utf-8")
    inputs = [str(corpus_build.parent / n) for n in TWO_FOUNDINGS]
    res = runner.invoke(main, ["build", *inputs, "-o", str(corpus_build)])
    assert res.exit_code == 2 and "corrections.jsonl line 1" in _one_error_line(res)


def test_eval_scores_merges_against_a_key(runner, tmp_path):
    key = Path(__file__).resolve().parent / "data" / "crossdoc" / "key.json"
    res = runner.invoke(main, ["eval", str(key), "--show", "0", "--fail-under", "0.95"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("pairwise merge precision ")
    assert "key names found by the build:" in res.output


def test_a_correction_without_a_manifest_is_refused_before_it_is_recorded(runner, corpus_build):
    (corpus_build / "build.json").unlink()
    res = runner.invoke(main, ["merge", "en/Wang_Lei", "en/Zhou_Mingyuan", "-o", str(corpus_build)])
    assert res.exit_code == 2 and "no build.json" in _one_error_line(res)
    assert not (corpus_build / "corrections.jsonl").exists()
    res = runner.invoke(main, ["merge", "en/Wang_Lei", "en/Zhou_Mingyuan", "-o", str(corpus_build), "--no-rebuild"])
    assert res.exit_code == 0 and (corpus_build / "corrections.jsonl").exists()


def test_published_date_resolves_relative_dates_and_a_bad_one_is_refused(runner, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("알리바바는 지난 24일 3,800억 위안(약 75조원)을 투자하겠다고 밝혔다.", encoding="utf-8")
    res = runner.invoke(main, ["extract", str(src), "--published", "2025-03-05"])
    assert res.exit_code == 0, res.output
    values = json.loads(res.stdout)["values"]
    assert [(v["kind"], v["value"]) for v in values] == [("date", "2025-02-24"), ("money", "380000000000 CNY")]
    assert values[1]["equivalent"] == "75000000000000 KRW" and values[0]["relative"] is True
    res = runner.invoke(main, ["extract", str(src), "--published", "soon"])
    assert res.exit_code == 2 and "published must be a date" in _one_error_line(res)


def test_two_orders_of_the_same_articles_write_the_same_graph_file(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740000000")
    articles = sorted((Path(__file__).resolve().parent / "data" / "crossdoc" / "articles").glob("*.txt"))[:12]
    outs = []
    for k, order in enumerate((articles, list(reversed(articles)))):
        out = tmp_path / f"out{k}"
        res = runner.invoke(main, ["build", *map(str, order), "-o", str(out), "--format", "turtle", "--quiet"])
        assert res.exit_code == 0, res.output
        outs.append((out / "graph.ttl").read_bytes())
    assert outs[0] == outs[1] and b"tk:MergeDecision" in outs[0]


def test_candidates_are_listed_with_the_merge_that_accepts_one(runner, corpus_build):
    res = runner.invoke(main, ["entities", str(corpus_build), "--candidates", "--format", "json"])
    assert res.exit_code == 0, res.output
    found = json.loads(res.stdout)
    assert [(c["a"], c["b"]) for c in found] == [("en/Chen_Jie", next(c["b"] for c in found))]
    assert found[0]["b"].startswith("en/Chen_Jie~") and found[0]["confidence"] < 0.85
    res = runner.invoke(main, ["entities", str(corpus_build), "--candidates"])
    assert f"accept: kg merge en/Chen_Jie {found[0]['b']}" in res.stdout
