"""kg eval: scoring extraction against annotated articles (kg/evaluate.py and the CLI)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError, JSONLError
from kg.evaluate import load_gold, load_labels, names_match, norm_name, score
from kg.model import Document, DocumentResult, Entity, Evidence, Fact, Mention, Value


def _entity(key: str, label: str, type_: str, *aliases: str) -> Entity:
    return Entity(key, type_, label, "en", aliases=set(aliases),
                  mentions=[Mention(0, len(label), label, type_, 0, "test")])


def _fact(s: str, p: str, o, conf: float = 0.9, modality: str = "asserted") -> Fact:
    ev = Evidence("d", 0, "the sentence", 0, 5, "test.rule", "1", conf, modality)
    return Fact(s, p, o, (ev,))


def _result(doc_id: str, entities: list[Entity], facts: list[Fact], values=()) -> DocumentResult:
    return DocumentResult(Document(doc_id, "text", "en"), [], {e.id: e for e in entities}, facts, list(values))


def _gold(tmp_path, *records) -> str:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return str(path)


NVIDIA = _entity("nvidia", "Nvidia", "Company", "NVIDIA Corporation")
HUANG = _entity("huang", "Jensen Huang", "Person")
TSMC = _entity("tsmc", "TSMC", "Company", "Taiwan Semiconductor")
ARM = _entity("arm", "Arm", "Company")
SOFTBANK = _entity("softbank", "SoftBank Group", "Company")


def test_names_are_folded_and_may_contain_each_other():
    assert norm_name("NVIDIA Corp.") == "nvidiacorp"
    assert names_match({"nvidia"}, {"nvidiacorp"})  # 6 of 10 characters
    assert not names_match({"arm"}, {"armholdingsplc"})  # too small a part
    assert not names_match({"x"}, {"xy"})


def test_exhaustive_document_counts_every_unannotated_fact(tmp_path):
    gold, unknown = load_gold(_gold(tmp_path, {
        "id": "d1", "text": "t", "triples": [
            {"subject": "Jensen Huang", "relation": "employeeOf", "object": "NVIDIA"},
            {"subject": "Arm", "relation": "subsidiaryOf", "object": "SoftBank"},
            {"subject": "TSMC", "relation": "frobnicates", "object": "Nvidia"}],
        "exhaustive": True}))
    assert unknown == {"frobnicates": 1}
    result = _result("d1", [NVIDIA, HUANG, TSMC, ARM, SOFTBANK], [
        _fact("huang", "ceoOf", "nvidia"),          # entails employeeOf: a hit
        _fact("tsmc", "supplierOf", "nvidia", 0.6),  # not annotated: a false positive
    ])
    report = score(gold, [result])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 1)
    assert report.per_relation["employeeOf"].tp == 1
    assert report.per_relation["supplierOf"].fp == 1
    [fp] = report.false_positives
    assert (fp.subject, fp.object, fp.why) == ("TSMC", "Nvidia", "not in the gold annotations")
    [miss] = report.misses
    assert miss.relation == "subsidiaryOf" and miss.why == "no relation extracted between the two entities"
    by_rule = report.per_extractor["test.rule"]
    assert (by_rule.tp, by_rule.fp) == (1, 1)
    bins = {b.low: (b.judged, b.correct) for b in report.calibration}
    assert bins[0.9] == (1, 1) and bins[0.6] == (1, 0)
    pooled = report.at_least(0.6)  # the promise is about facts at or above a confidence
    assert (pooled.judged, pooled.correct) == (2, 1) and report.at_least(0.8).precision == 1.0


def test_inverse_labels_inverse_properties_and_symmetric_relations(tmp_path):
    gold, _ = load_gold(_gold(tmp_path, {
        "id": "d1", "text": "t", "triples": [
            {"subject": "Nvidia", "relation": "P112", "object": "Jensen Huang"},   # founded by
            {"subject": "SoftBank Group", "relation": "parentOf", "object": "Arm"},
            {"subject": "Nvidia", "relation": "partneredWith", "object": "TSMC"}]}))
    result = _result("d1", [NVIDIA, HUANG, TSMC, ARM, SOFTBANK], [
        _fact("huang", "founderOf", "nvidia"),
        _fact("arm", "subsidiaryOf", "softbank"),
        _fact("tsmc", "partneredWith", "nvidia")])
    report = score(gold, [result])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (3, 0, 0)


def test_a_more_general_prediction_does_not_satisfy_a_specific_annotation(tmp_path):
    gold, _ = load_gold(_gold(tmp_path, {"id": "d1", "text": "t", "triples": [
        {"subject": "Jensen Huang", "relation": "ceoOf", "object": "Nvidia"}]}))
    report = score(gold, [_result("d1", [NVIDIA, HUANG], [_fact("huang", "employeeOf", "nvidia")])])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 1, 1)
    assert report.misses[0].why == "extracted as employeeOf"


def test_pair_mode_judges_only_annotated_pairs(tmp_path):
    gold, _ = load_gold(_gold(tmp_path, {
        "id": "d1", "text": "t", "exhaustive": False,
        "triples": [{"subject": "Jensen Huang", "relation": "per:employee_of", "object": "Nvidia"}],
        "negatives": [{"subject": "TSMC", "object": "Arm"}]}))
    result = _result("d1", [NVIDIA, HUANG, TSMC, ARM, SOFTBANK], [
        _fact("huang", "founderOf", "nvidia"),      # wrong relation for an annotated pair
        _fact("tsmc", "supplierOf", "arm"),         # a pair annotated as unrelated
        _fact("arm", "subsidiaryOf", "softbank"),   # not annotated: not judged
    ])
    report = score(gold, [result])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 2, 1)
    assert sorted(j.why for j in report.false_positives) == [
        "pair annotated as having no relation", "wrong relation: annotated per:employee_of"]


def test_statements_and_low_confidence_facts_are_not_predictions(tmp_path):
    gold, _ = load_gold(_gold(tmp_path, {"id": "d1", "text": "t", "triples": [
        {"subject": "SoftBank Group", "relation": "acquired", "object": "Arm"},
        {"subject": "Nvidia", "relation": "foundedOn", "object": "1993"}]}))
    founded = Value("date", "1993", 0, 4, 0, "1993")
    result = _result("d1", [NVIDIA, ARM, SOFTBANK], [
        _fact("softbank", "acquired", "arm", modality="planned"),
        _fact("nvidia", "foundedOn", founded, conf=0.55)], values=[founded])
    report = score(gold, [result])
    assert report.overall.tp == 1  # the date matches by its text
    report = score(gold, [result], min_confidence=0.8)
    assert report.overall.tp == 0
    assert {j.relation: j.why for j in report.misses} == {
        "acquired": "extracted only as a planned or denied statement",
        "foundedOn": "no relation extracted between the two entities (or below --min-confidence)"}


def test_missing_names_are_explained(tmp_path):
    gold, _ = load_gold(_gold(tmp_path, {"id": "d1", "text": "t", "triples": [
        {"subject": "Lisa Su", "relation": "ceoOf", "object": "AMD"},
        {"subject": "Jensen Huang", "relation": "ceoOf", "object": "AMD"}]}))
    report = score(gold, [_result("d1", [HUANG], [])])
    assert [j.why for j in report.misses] == ["neither name found as an entity", "object not found as an entity"]


def test_bad_gold_lines_and_label_maps_are_reported(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "x", "triples": []}\n{"id": "b", "text": "y", "triples": [{"relation": "ceoOf"}]}\n')
    with pytest.raises(JSONLError, match="bad.jsonl line 2: 'subject' must be a non-empty string"):
        load_gold(path)
    path.write_text('{"id": "a", "text": "x"\n')
    with pytest.raises(JSONLError, match="line 1: not valid JSON"):
        load_gold(path)
    labels = tmp_path / "labels.json"
    labels.write_text('{"labels": {"works at": {"properties": ["worksAt"]}}}')
    with pytest.raises(InputError, match="'works at' must name ontology relations"):
        load_labels(labels)
    labels.write_text('{"labels": {"works at": {"properties": ["employeeOf"]}}}')
    assert load_labels(labels)["works at"] == (frozenset({"employeeOf"}), False)


# --------------------------------------------------------------------------- through the CLI

GOLD = [
    {"id": "ceo", "lang": "en", "exhaustive": True,
     "text": "Qualcomm CEO Cristiano Amon said the lawsuit was a distraction.",
     "triples": [{"subject": "Cristiano Amon", "relation": "ceoOf", "object": "Qualcomm"}]},
    {"id": "planned", "lang": "en", "exhaustive": True,
     "text": "Microsoft plans to acquire Nvidia.",
     "triples": [{"subject": "Microsoft", "relation": "acquired", "object": "Nvidia"}]},
]


def test_kg_eval_prints_scores_errors_and_writes_json(tmp_path):
    gold = _gold(tmp_path, *GOLD)
    out = tmp_path / "report.json"
    res = CliRunner().invoke(main, ["eval", gold, "--json", str(out)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split() == ["relation", "tp", "fp", "fn", "precision", "recall", "f1"]
    assert "ceoOf         1     0     0      1.000   1.000  1.000" in lines
    assert any(line.startswith("overall") and line.split()[1:4] == ["1", "0", "1"] for line in lines)
    assert "2 document(s) scored" in lines
    assert "  [planned] acquired(Microsoft, Nvidia): extracted only as a planned or denied statement" in lines
    report = json.loads(out.read_text())
    assert report["overall"]["recall"] == 0.5
    assert report["misses"][0]["doc"] == "planned"

    res = CliRunner().invoke(main, ["eval", gold, "--by-extractor", "--show", "0"])
    assert "extractor  correct  wrong  precision" in res.output and "misses" not in res.output
    assert "confidence  judged  correct  | at least  judged  correct" in res.output

    res = CliRunner().invoke(main, ["eval", gold, "--fail-under", "0.9"])
    assert res.exit_code == 1
    assert "below --fail-under 0.9" in res.output


def test_kg_eval_rejects_bad_input_in_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Nvidia", "triples": [{"subject": "x", "relation": "ceoOf"}]}\n')
    res = CliRunner().invoke(main, ["eval", str(bad)])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == ["error: bad.jsonl line 1: 'object' must be a non-empty string"]
    res = CliRunner().invoke(main, ["eval", str(tmp_path / "missing.jsonl")])
    assert res.exit_code == 2 and res.output.startswith("error:") and "\n" == res.output[-1]


@pytest.mark.parametrize("data,message", [
    (b'{"id": "a", "text": "caf\xe9", "triples": []}\n', "latin.jsonl: not UTF-8 text (invalid byte 0xE9"),
    (b"%PDF-1.7 binary", "latin.jsonl: binary file (PDF)"),
    (b"", "latin.jsonl: empty"),
])
def test_kg_eval_rejects_unreadable_gold_in_one_line(tmp_path, data, message):
    gold = tmp_path / "latin.jsonl"
    gold.write_bytes(data)
    res = CliRunner().invoke(main, ["eval", str(gold)])
    assert res.exit_code == 2
    [line] = res.output.strip().splitlines()
    assert line.startswith(f"error: {message}")


def test_min_confidence_filters_extracted_facts(tmp_path):
    gold = _gold(tmp_path, *GOLD)
    runner = CliRunner()
    low = runner.invoke(main, ["extract", gold, "--format", "jsonl"])
    high = runner.invoke(main, ["extract", gold, "--format", "jsonl", "--min-confidence", "1.0"])
    assert low.exit_code == high.exit_code == 0
    count = lambda out: sum(len(json.loads(line)["triples"]) for line in out.splitlines())  # noqa: E731
    assert count(low.output) >= 1
    assert count(high.output) < count(low.output)
    res = runner.invoke(main, ["extract", gold, "--min-confidence", "1.5"])
    assert res.exit_code == 2 and "1.5 is not in the range" in res.output
