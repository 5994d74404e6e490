"""The built-in gazetteer, name finding and user gazetteer files."""
from __future__ import annotations

import json
import pickle
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import GazetteerError, KGError
from kg.gazetteer import DATA_DIR, TYPES, Gazetteer, GazetteerEntry, load_gazetteer, normalize_name

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_bb1140d7c5ae393e.txt"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def found(gaz: Gazetteer, text: str, lang: str | None = None) -> list[tuple[str, str]]:
    return [(h.text, h.entry.id) for h in gaz.find(text, lang)]


# ------------------------------------------------------------- built-in data


def builtin_lines():
    for path in sorted(DATA_DIR.glob("*.jsonl")):
        if path.name == "types.jsonl":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield path.name, n, json.loads(line)


def test_builtin_is_big_enough(gaz):
    places = {"Country", "City", "Region"}
    assert len(gaz) >= 300 + 150
    assert sum(1 for e in gaz if e.type not in places) >= 300
    kinds = Counter(e.type for e in gaz)
    assert kinds["Country"] >= 55 and kinds["City"] + kinds["Region"] >= 120
    for t in ("Company", "Startup", "Investor", "University", "GovernmentBody", "MediaOutlet",
              "StockExchange", "Person", "AIModel", "Chip", "Device"):
        assert kinds[t] >= 5, t


def test_builtin_ids_are_unique_sorted_slugs():
    ids = Counter()
    by_file: dict[str, list[str]] = {}
    for name, _n, rec in builtin_lines():
        ids[rec["id"]] += 1
        by_file.setdefault(name, []).append(rec["id"])
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rec["id"]), rec["id"]
    assert [i for i, c in ids.items() if c > 1] == []
    for name, file_ids in by_file.items():
        assert file_ids == sorted(file_ids), f"{name} is not sorted by id"


def test_builtin_types_and_aliases(gaz):
    assert TYPES[:2] == ("Company", "Startup") and len(set(TYPES)) == len(TYPES) == 20
    for e in gaz:
        assert e.type in TYPES, e.id
        assert any(e.aliases.get(lang) for lang in ("en", "ko", "zh")), e.id
        for lang, names in e.aliases.items():
            assert lang in {"en", "ko", "zh"}, (e.id, lang)
            assert all(n == n.strip() and n for n in names), e.id


def test_builtin_identifiers_name_their_source(gaz):
    for e in gaz:
        if e.wikidata or e.ticker or e.website:
            assert e.source, f"{e.id}: identifiers need a public source"


def test_builtin_names_are_not_shared_between_entities(gaz):
    owners: dict[str, set[str]] = {}
    for e in gaz:
        for name in e.names():
            owners.setdefault(normalize_name(name), set()).add(e.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_builtin_files_use_the_documented_keys():
    keys = ["id", "type", "label", "aliases", "wikidata", "ticker", "website", "source"]
    for name, n, rec in builtin_lines():
        assert [k for k in rec if k not in ("country", "exclude")] == keys, f"{name} line {n}"
        assert set(rec) <= set(keys) | {"country", "exclude"}, f"{name} line {n}"
        assert not rec.get("country") or len(rec["country"]) == 2, f"{name} line {n}"


# ------------------------------------------------------------------- find()


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("엔비디아와 TSMC는 협력을 확대했다", "ko", [("엔비디아", "nvidia"), ("TSMC", "tsmc")]),
        ("파인애플 농장", "ko", []),
        ("애플과 파인애플", "ko", [("애플", "apple")]),
        ("알리바바는 엔비디아의 칩을 샀다", "ko", [("알리바바", "alibaba-group"), ("엔비디아", "nvidia")]),
        ("알리바바그룹 최고경영자", "ko", [("알리바바그룹", "alibaba-group")]),
        ("알리바바 그룹", "ko", [("알리바바 그룹", "alibaba-group")]),
        ("인텔리전스와 메타버스, 애플리케이션", "ko", []),
        ("인텔과 메타", "ko", [("인텔", "intel"), ("메타", "meta-platforms")]),
        ("삼성전자와 SK하이닉스", "ko", [("삼성전자", "samsung-electronics"), ("SK하이닉스", "sk-hynix")]),
        ("LG 전자", "ko", [("LG 전자", "lg-electronics")]),
        ("오픈AI의 GPT-4", "ko", [("오픈AI", "openai"), ("GPT-4", "gpt-4")]),
        ("Meta's metadata", "en", [("Meta", "meta-platforms")]),
        ("the Metaverse and AMDX, then AMD.", "en", [("AMD", "amd")]),
        ("an apple a day", "en", []),
        ("Apple and Samsung", "en", [("Apple", "apple"), ("Samsung", "samsung-electronics")]),
        ("Qwen 2.5 Max beats Qwen2.5-Max", "en", [("Qwen 2.5 Max", "qwen-2-5-max"), ("Qwen2.5-Max", "qwen-2-5-max")]),
        ("a 25G link and 5G", "en", [("5G", "5g")]),
        ("NVIDIA’s H100s, no H1000, the H100.", "en",
         [("NVIDIA", "nvidia"), ("H100s", "nvidia-h100"), ("H100", "nvidia-h100")]),
        ("ＴＳＭＣ", None, [("ＴＳＭＣ", "tsmc")]),
        ("腾讯和阿里巴巴", "zh", [("腾讯", "tencent"), ("阿里巴巴", "alibaba-group")]),
        ("京东方与京东", "zh", [("京东方", "boe"), ("京东", "jd-com")]),
        ("黑神话：悟空", "zh", [("黑神话：悟空", "black-myth-wukong")]),
    ],
)
def test_find(gaz, text, lang, expected):
    assert found(gaz, text, lang) == expected


def test_find_gives_offsets_into_the_original_text(gaz):
    text = "중국 AI 칩 제조사 블랙세서미와 ＴＳＭＣ, 1,600만㎡ 공간"
    hits = gaz.find(text, "ko")
    assert [(text[h.start:h.end], h.text) for h in hits] == [(h.text, h.text) for h in hits]
    assert [h.entry.id for h in hits] == ["china", "black-sesame", "tsmc"]
    assert hits[0].start == 0 and hits[0].end == 2


def test_find_with_lang_skips_other_scripts(gaz):
    text = "腾讯 텐센트 Tencent"
    assert found(gaz, text, "ko") == [("텐센트", "tencent"), ("Tencent", "tencent")]
    assert found(gaz, text, "zh") == [("腾讯", "tencent"), ("Tencent", "tencent")]
    assert [i for _, i in found(gaz, text)] == ["tencent"] * 3


def test_find_does_not_cross_line_breaks(gaz):
    assert found(gaz, "Samsung\nElectronics", "en") == [("Samsung", "samsung-electronics")]


def test_find_seed_article(gaz):
    if not SEED.exists():
        pytest.skip("seed article not present")
    text = SEED.read_text(encoding="utf-8")
    ids = {h.entry.id for h in gaz.find(text, "ko")}
    assert {"alibaba-group", "tencent", "xiaomi", "byd", "nvidia", "openai", "gpt-4", "qwen-2-5-max",
            "deepseek", "biren", "sensetime", "apple", "iphone", "shenzhen", "hangzhou",
            "black-myth-wukong", "game-science", "tsinghua-university"} <= ids
    assert "intel" not in ids  # "비렌 인텔리전트 테크놀로지"
    assert "hanwha-group" not in ids  # "한화 약 75조원" is Korean won


def test_find_is_fast(gaz):
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else "엔비디아와 TSMC는 협력을 확대했다. " * 150
    text = text[:3000]
    best = min(_timed(gaz.find, text, "ko") for _ in range(5))
    assert best < 0.010


def _timed(fn, *args):
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


# ------------------------------------------------------------ entries/lookup


def test_lookup_normalises(gaz):
    assert [e.id for e in gaz.lookup("알리바바 그룹")] == ["alibaba-group"]
    assert [e.id for e in gaz.lookup("알리바바그룹")] == ["alibaba-group"]
    assert [e.id for e in gaz.lookup("Qwen 2.5-Max")] == ["qwen-2-5-max"]
    assert [e.id for e in gaz.lookup("qwen2.5max")] == ["qwen-2-5-max"]
    assert [e.id for e in gaz.lookup("ＮＶＩＤＩＡ")] == ["nvidia"]
    assert [e.id for e in gaz.lookup("Openai")] == ["openai"]
    assert gaz.lookup("pineapple") == [] and gaz.lookup("") == []


def test_entry_names_and_labels(gaz):
    e = gaz.get("alibaba-group")
    assert e.label == "Alibaba Group" and e.type == "Company"
    assert e.label_for("ko") == "알리바바" and e.label_for("en") == "Alibaba" and e.label_for("ja") == "Alibaba Group"
    assert e.names("ko")[0] == "Alibaba Group" and "알리바바 그룹" in e.names("ko")
    assert "阿里巴巴" in e.names() and "阿里巴巴" not in e.names("ko")
    assert gaz.get("nope") is None and "nope" not in gaz


def test_entries_are_hashable_and_picklable(gaz):
    e = gaz.get("nvidia")
    assert pickle.loads(pickle.dumps(e)) == e
    assert len({e, gaz.get("nvidia"), gaz.get("tsmc")}) == 2
    with pytest.raises(TypeError):
        e.aliases["ko"] = ("x",)  # type: ignore[index]


def test_load_gazetteer_is_cached():
    assert load_gazetteer() is load_gazetteer()
    assert load_gazetteer() is not Gazetteer.load()


# --------------------------------------------------------------- user files


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_jsonl_adds_and_extends(tmp_path, gaz):
    path = write(tmp_path, "mine.jsonl", "\n".join([
        json.dumps({"id": "acme-robotics", "type": "Startup", "label": "Acme Robotics",
                    "aliases": {"ko": ["애크미로보틱스"], "en": ["Acme"]}}, ensure_ascii=False),
        "",
        json.dumps({"id": "nvidia", "type": "Company", "label": "NVIDIA Corporation",
                    "aliases": {"ko": ["엔비디아", "엔비디아코리아"]}, "wikidata": "Q182477",
                    "source": "my notes"}, ensure_ascii=False),
    ]) + "\n")
    g = Gazetteer.load([path])
    assert len(g) == len(gaz) + 1
    acme = g.get("acme-robotics")
    assert acme.type == "Startup" and acme.label_for("ko") == "애크미로보틱스"
    nv = g.get("nvidia")
    assert nv.label == "NVIDIA Corporation" and nv.wikidata == "Q182477"
    assert nv.aliases["ko"] == ("엔비디아", "엔비디아코리아") and "英伟达" in nv.aliases["zh"]
    assert found(g, "애크미로보틱스와 엔비디아코리아", "ko") == [
        ("애크미로보틱스", "acme-robotics"), ("엔비디아코리아", "nvidia")]
    assert gaz.get("acme-robotics") is None  # the cached built-in gazetteer is untouched


def test_user_entry_wins_a_shared_name(tmp_path):
    path = write(tmp_path, "mine.jsonl", json.dumps(
        {"id": "my-meta", "type": "Product", "label": "Meta Widget", "aliases": {"en": ["Meta"]}}) + "\n")
    g = Gazetteer.load(path)
    assert found(g, "Meta said", "en") == [("Meta", "my-meta")]
    assert [e.id for e in g.lookup("Meta")] == ["my-meta", "meta-platforms"]


def test_user_csv(tmp_path):
    path = write(tmp_path, "mine.csv", (
        "id,type,label,lang,alias\n"
        "acme-robotics,Startup,Acme Robotics,ko,애크미로보틱스|애크미\n"
        "# a comment row,,,,\n"
        "acme-robotics,,,zh,艾克米机器人\n"
        "\n"
        "tencent,Company,Tencent Holdings,ko,텐센트홀딩스\n"
    ))
    g = Gazetteer.load([str(path)])
    acme = g.get("acme-robotics")
    assert acme.aliases == {"ko": ("애크미로보틱스", "애크미"), "zh": ("艾克米机器人",)}
    assert "텐센트홀딩스" in g.get("tencent").aliases["ko"] and "腾讯" in g.get("tencent").aliases["zh"]
    assert found(g, "애크미와 艾克米机器人") == [("애크미", "acme-robotics"), ("艾克米机器人", "acme-robotics")]


TTL = """@prefix tk: <https://techkg.dev/ontology#> .
@prefix tkid: <https://techkg.dev/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

tkid:acme-robotics a tk:Startup ;
    rdfs:label "Acme Robotics"@en, "애크미로보틱스"@ko ;
    skos:altLabel "艾克米机器人"@zh, "Acme"@en .

<https://example.org/things/tencent> a tk:Company ;
    rdfs:label "Tencent Holdings"@en ;
    skos:altLabel "텐센트홀딩스"@ko .
"""


def test_user_ttl(tmp_path):
    g = Gazetteer.load([write(tmp_path, "mine.ttl", TTL)])
    acme = g.get("acme-robotics")
    assert (acme.type, acme.label) == ("Startup", "Acme Robotics")
    assert acme.aliases == {"en": ("Acme Robotics", "Acme"), "ko": ("애크미로보틱스",), "zh": ("艾克米机器人",)}
    assert "텐센트홀딩스" in g.get("tencent").aliases["ko"]


def test_user_folder(tmp_path):
    folder = tmp_path / "gaz"
    folder.mkdir()
    write(folder, "a.ttl", TTL)
    write(folder, "b.csv", "id,type,label,lang,alias\nbeta-labs,Startup,Beta Labs,ko,베타랩스\n")
    g = Gazetteer.load([folder])
    assert g.get("acme-robotics") and g.get("beta-labs")


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.jsonl", '{"id": "a", "type": "Company", "label": "A"}\n{"id": "b", "type": \n',
         "gazetteer {path} line 2: bad JSON"),
        ("bad.jsonl", '\n\n{"id": "a", "type": "Compny", "label": "A"}\n',
         "gazetteer {path} line 3: unknown type 'Compny' (did you mean 'Company'?); choose one of: Company, Startup"),
        ("bad.jsonl", '{"id": "a", "type": "Company"}\n', "gazetteer {path} line 1: missing label"),
        ("bad.jsonl", '{"type": "Company", "label": "A"}\n', "gazetteer {path} line 1: missing id"),
        ("bad.jsonl", '{"id": "Acme Corp", "type": "Company", "label": "A"}\n', "line 1: bad id 'Acme Corp'"),
        ("bad.jsonl", '{"id": "a", "type": "Company", "label": "A"}\n{"id": "a", "type": "Company", "label": "B"}\n',
         "gazetteer {path} line 2: duplicate id 'a' (first on line 1)"),
        ("bad.jsonl", '{"id": "a", "type": "Company", "label": "A", "alias": {}}\n', "line 1: unknown field 'alias'"),
        ("bad.jsonl", '{"id": "a", "type": "Company", "label": "A", "aliases": ["A"]}\n', "line 1: aliases must be"),
        ("bad.jsonl", '["a"]\n', "line 1: expected a JSON object"),
        ("bad.csv", "id,type,label,lang,alias\na,Company,A,ko,에이\nb,Company,B,ko,비\nc,Company,C,en,C\nd,Compny,D,en,D\n",
         "gazetteer {path} line 5: unknown type 'Compny'"),
        ("bad.csv", "id,type,label,lang,alias\na,Company,,ko,에이\n", "gazetteer {path} line 2: missing label"),
        ("bad.csv", "id,type,label,lang,alias\na,Company,A,,에이\n", "gazetteer {path} line 2: alias without lang"),
        ("bad.csv", "id,type,label,lang,alias\na,Company,A,ko,에이\na,Startup,A,ko,에이2\n",
         "gazetteer {path} line 3: type 'Startup' of 'a' differs from 'Company' on line 2"),
        ("bad.csv", "id,kind,label\n", "gazetteer {path} line 1: unknown column 'kind'"),
        ("bad.csv", "id,label,lang,alias\n", "gazetteer {path} line 1: missing column 'type'"),
        ("bad.ttl", "@prefix tk: <https://techkg.dev/ontology#> .\n\n<https://x.org/a> a tk:Company ;\n  rdfs:label \"A\"@en .\n",
         "gazetteer {path} line 4: bad Turtle (Prefix \"rdfs:\" not bound)"),
        ("bad.ttl", TTL.replace("tk:Company", "tk:Compny"), "gazetteer {path} line 11: unknown type 'Compny'"),
        ("bad.ttl", TTL.replace('rdfs:label "Tencent Holdings"@en ;', ""), "gazetteer {path} line 11: missing rdfs:label"),
        ("bad.txt", "whatever", "gazetteer {path}: unknown format '.txt'; use .jsonl, .csv or .ttl"),
    ],
)
def test_malformed_files(tmp_path, name, text, message):
    path = write(tmp_path, name, text)
    with pytest.raises(GazetteerError) as info:
        Gazetteer.load([path])
    msg = str(info.value)
    assert message.format(path=path) in msg
    assert "\n" not in msg
    assert isinstance(info.value, KGError) and info.value.exit_code == 2


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(GazetteerError, match=r"gazetteer .*nothere\.jsonl: no such file"):
        Gazetteer.load([tmp_path / "nothere.jsonl"])
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,type,label,lang,alias\na,Company,Caf\xe9,en,x\n".encode("latin-1"))
    with pytest.raises(GazetteerError, match=r"latin1\.csv line 2: not UTF-8"):
        Gazetteer.load([path])


def test_entry_construction_freezes_aliases():
    e = GazetteerEntry("x", "Company", "X Corp", {"ko": ["엑스"]})
    assert e.aliases["ko"] == ("엑스",) and e.names() == ("X Corp", "엑스")


def test_an_excluded_phrase_keeps_every_finder_off_the_name_inside(tmp_path):
    # 'Apple growers' is in the apple entry's exclude list: neither the gazetteer nor spaCy's
    # ORG reading makes 'Apple' the company there; the phrase 'Voice of America' (an exclude of
    # the United States) is still a name of its own
    import kg

    p = tmp_path / "orchard.txt"
    p.write_text("Apple growers in New Zealand are turning to robots. Apple said on Monday it would "
                 "open a store in Auckland. The story ran on Voice of America.", encoding="utf-8")
    (result,) = kg.extract([p])
    apple = [m for e in result.entities.values() for m in e.mentions if m.text == "Apple"]
    assert [m.start for m in apple] == [p.read_text().index("Apple said")]
    names = {m.text for e in result.entities.values() for m in e.mentions}
    assert "Voice of America" in names and "United States" not in names and "America" not in names


def test_the_gazetteer_has_a_version_recorded_in_builds(tmp_path):
    import kg
    from kg.gazetteer import VERSION

    assert re.fullmatch(r"\d{4}\.\d{2}\.\d+", VERSION)
    res = kg.build([Path(__file__).resolve().parent.parent / "seeds"], tmp_path, formats=["turtle"])
    assert f"tkprov:gazetteer-{VERSION}" in (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert res.linking.gazetteer_version == VERSION
