"""Cross-document and cross-language resolution: the corpus in tests/data/crossdoc and its key.

The corpus is 36 short articles (12 Korean, 12 English, 12 Chinese) about
overlapping invented and real companies, people and products; key.json says
which names are one entity. See tests/data/crossdoc/README.md.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

import kg
from kg.corrections import Correction
from kg.link import DEFAULT_THRESHOLD
from kg.evaluate_links import load_link_key, score_links
from kg.names import analyze_name, fold, skeleton
from kg.ontology import TK, validate
from kg.rdf import TKID, to_graph

CORPUS = Path(__file__).parent / "data" / "crossdoc"
ARTICLES = sorted((CORPUS / "articles").glob("*.txt"))
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def linked():
    return kg.link_documents(ARTICLES)


def _entity_of(results, doc: str, surface: str) -> str | None:
    for r in results:
        if r.document.id == doc:
            for e in r.entities.values():
                if any(m.text == surface for m in e.mentions):
                    return e.id
    return None


# -- the acceptance numbers -------------------------------------------------------------------

def test_corpus_is_large_enough_and_in_three_languages():
    langs = [p.stem.split("_")[1] for p in ARTICLES]
    assert len(ARTICLES) >= 30
    assert {l: langs.count(l) for l in set(langs)} == {"ko": 12, "en": 12, "zh": 12}


def test_pairwise_merge_precision_and_recall_on_the_key(linked):
    results, linking = linked
    report = score_links(load_link_key(CORPUS / "key.json"), results, linking)
    assert report.precision >= 0.95, str(report)
    assert report.recall >= 0.95, str(report)
    assert report.found >= 0.95 * report.names


def test_two_orders_give_the_same_graph_iris_included():
    # the same files in two orders: the documents really are read in another order
    forward = kg.link_documents(ARTICLES)
    backward = kg.link_documents(list(reversed(ARTICLES)))
    assert [r.document.id for r in forward[0]] != [r.document.id for r in backward[0]]
    g1 = to_graph(forward[0], started_at=WHEN, linking=forward[1])
    g2 = to_graph(backward[0], started_at=WHEN, linking=backward[1])
    assert isomorphic(g1, g2)
    assert set(g1) == set(g2)  # no blank nodes: the very same triples, IRIs included


# -- what is one and what is not ---------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    (("02_ko_xuanji_series_b", "쉬안지로보틱스"), ("01_en_xuanji_series_b", "Shenzhen Xuanji Robotics")),
    (("03_zh_xuanji_financing", "深圳璇玑机器人有限公司"), ("01_en_xuanji_series_b", "Shenzhen Xuanji Robotics")),
    (("03_zh_xuanji_financing", "乔云飞"), ("02_ko_xuanji_series_b", "차오윈페이")),
    (("14_ko_lapc_arin1_packaging", "LAPC"), ("13_en_lapc_expansion", "Lanyang Advanced Packaging Corp.")),
    (("07_ko_garam_arin1", "윤서진"), ("08_en_garam_arin1", "Yoon Seo-jin")),
])
def test_names_in_other_languages_are_one_entity(linked, a, b):
    results, _ = linked
    ea, eb = _entity_of(results, *a), _entity_of(results, *b)
    assert ea is not None and ea == eb


@pytest.mark.parametrize(("a", "b"), [
    # two different people of one name, in unrelated articles
    (("06_zh_yaoguang_kaiyang2", "张一帆"), ("23_zh_fudan_battery", "张一帆")),
    # colleagues whose names share a consonant skeleton
    (("07_ko_garam_arin1", "윤서진"), ("08_en_garam_arin1", "Han Ji-hoon")),
    # similar names, different companies
    (("01_en_xuanji_series_b", "Shenzhen Xuanji Robotics"), ("18_en_xuanjin_ev", "Xuanjin Motors")),
])
def test_different_things_stay_apart(linked, a, b):
    results, _ = linked
    ea, eb = _entity_of(results, *a), _entity_of(results, *b)
    assert ea is not None and eb is not None and ea != eb


def test_homonyms_get_distinct_stable_iris_and_a_reported_candidate(linked):
    results, linking = linked
    cto = _entity_of(results, "06_zh_yaoguang_kaiyang2", "张一帆")
    professor = _entity_of(results, "23_zh_fudan_battery", "张一帆")
    assert cto == "en/Zhang_Yifan" and professor not in (None, cto)
    assert any(d.kind == "candidate" and set(d.entities) == {cto, professor} for d in linking.decisions)


def test_merge_decisions_carry_rule_confidence_and_reason(linked):
    _, linking = linked
    rules = {d.rule for d in linking.merges}
    assert {"same-name", "pinyin", "transliteration", "acronym"} <= rules
    for d in linking.decisions:
        assert 0 <= d.confidence <= 1 and d.reason
        if d.kind == "candidate":
            assert d.confidence < linking.threshold and len(d.entities) == 2
        else:
            assert d.confidence >= linking.threshold or d.kind == "user-merge"


def test_graph_records_links_and_validates(linked, tmp_path):
    results, linking = linked
    g = to_graph(results, started_at=WHEN, linking=linking)
    merges = list(g.subjects(RDF.type, TK.MergeDecision))
    candidates = list(g.subjects(RDF.type, TK.SameAsCandidate))
    assert len(merges) == len(linking.merges) and candidates
    m = merges[0]
    assert g.value(m, TK.linkRule) is not None and g.value(m, RDFS.comment) is not None
    assert 0 <= float(g.value(m, TK.confidence)) <= 1
    assert len(set(g.objects(m, TK.linkedEntity))) == 1
    for c in candidates:
        assert len(set(g.objects(c, TK.linkedEntity))) == 2
    # SPARQL: which names were merged into the robotics startup, and why
    startup = URIRef(str(TKID) + _entity_of(results, "01_en_xuanji_series_b", "Shenzhen Xuanji Robotics"))
    q = "SELECT ?name WHERE { ?d a tk:MergeDecision ; tk:linkedEntity ?e ; tk:linkedName ?name }"
    names = {str(r[0]) for r in g.query(q, initNs={"tk": TK}, initBindings={"e": startup})}
    assert {"쉬안지로보틱스", "深圳璇玑机器人"} & names
    assert validate(g).conforms
    # a merge decision without its confidence breaks its shape
    g.remove((m, TK.confidence, None))
    assert not validate(g).conforms


# -- names across scripts ----------------------------------------------------------------------

def test_transliteration_keys():
    assert skeleton("Nvidia") == skeleton("엔비디아")
    assert skeleton("Zhou Mingyuan") == skeleton("저우밍위안") == skeleton("周明远")
    assert fold("Yoon Seo-jin") == fold("윤서진") != fold("Han Ji-hoon")
    lingxi = {analyze_name(n, frozenset({"杭州", "Hangzhou"})).core
              for n in ("Hangzhou Lingxi Robotics Inc.", "Lingxi Robotics")}
    assert lingxi == {"lingxi"}
    assert analyze_name("灵犀机器人有限公司").roman == "lingxi"
    assert analyze_name("Lingxin Motors").descriptors.isdisjoint(analyze_name("Lingxi Robotics").descriptors)


def _write(tmp_path: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def test_three_languages_one_startup_from_fresh_text(tmp_path):
    paths = _write(tmp_path, {
        "a_en.txt": "Robotics startup Lingxi Robotics raised $50 million. Lingxi Robotics was founded by Zhou Mingyuan.",
        "b_ko.txt": "중국 로봇 스타트업 링시로보틱스는 5000만달러를 유치했다. 링시로보틱스 창업자 저우밍위안은 투자를 확대하겠다고 밝혔다.",
        "c_zh.txt": "杭州灵犀机器人有限公司宣布完成新一轮融资。灵犀机器人创始人周明远表示将扩大生产。",
    })
    results, linking = kg.link_documents(paths)
    org = {_entity_of(results, "a_en", "Lingxi Robotics"), _entity_of(results, "b_ko", "링시로보틱스"),
           _entity_of(results, "c_zh", "杭州灵犀机器人有限公司")}
    person = {_entity_of(results, "a_en", "Zhou Mingyuan"), _entity_of(results, "b_ko", "저우밍위안"),
              _entity_of(results, "c_zh", "周明远")}
    assert len(org) == 1 and None not in org
    assert len(person) == 1 and None not in person


def test_a_person_is_not_merged_on_the_name_alone(tmp_path):
    paths = _write(tmp_path, {
        "a.txt": "Chen Jie, the chief technology officer of Lingxi Robotics, showed the new arm.",
        "b.txt": "Professor Chen Jie of Fudan University studies solid-state batteries.",
    })
    results, linking = kg.link_documents(paths)
    a, b = _entity_of(results, "a", "Chen Jie"), _entity_of(results, "b", "Chen Jie")
    # one name, two people: the first article's keeps the plain IRI, the other gets a suffix of its article
    assert a == "en/Chen_Jie" and b == "en/Chen_Jie~" + hashlib.sha1(b"b").hexdigest()[:6]
    assert any(d.kind == "candidate" and set(d.entities) == {a, b} for d in linking.decisions)


# -- corrections ------------------------------------------------------------------------------

def test_user_merge_and_split_are_honoured(tmp_path):
    paths = _write(tmp_path, {
        "a.txt": "Chen Jie, the chief technology officer of Lingxi Robotics, showed the new arm.",
        "b.txt": "Professor Chen Jie of Fudan University studies solid-state batteries.",
    })
    results, linking = kg.link_documents(paths)
    a, b = _entity_of(results, "a", "Chen Jie"), _entity_of(results, "b", "Chen Jie")
    merged, done = kg.link_documents(paths, corrections=[Correction("merge", entities=(a, b))])
    assert _entity_of(merged, "a", "Chen Jie") == _entity_of(merged, "b", "Chen Jie") == a
    assert any(d.kind == "user-merge" for d in done.decisions)
    # a later split undoes the merge
    apart, _ = kg.link_documents(paths, corrections=[Correction("merge", entities=(a, b)),
                                                     Correction("split", entity=a, docs=frozenset({"b"}))])
    assert _entity_of(apart, "a", "Chen Jie") != _entity_of(apart, "b", "Chen Jie")


def test_split_keeps_names_apart_in_later_builds(tmp_path):
    paths = _write(tmp_path, {
        "a.txt": "Robotics startup Lingxi Robotics raised $50 million.",
        "b.txt": "Lingxi Robotics opened a plant in Hangzhou.",
    })
    results, _ = kg.link_documents(paths)
    e = _entity_of(results, "a", "Lingxi Robotics")
    assert e == _entity_of(results, "b", "Lingxi Robotics")
    apart, linking = kg.link_documents(paths, corrections=[Correction("split", entity=e, docs=frozenset({"b"}))])
    assert _entity_of(apart, "a", "Lingxi Robotics") == e
    other = _entity_of(apart, "b", "Lingxi Robotics")
    assert other and other != e


# -- the second corpus: written apart from the first, measured before any change made for it ------

HELDOUT = Path(__file__).parent / "data" / "crossdoc_heldout"


def test_second_corpus_written_apart_keeps_precision():
    # first measured at P 0.953 / R 0.808; the general fixes its errors showed (industry words that
    # disagree, ambiguous bare names, pinyin cut into valid syllables, name order) brought it to
    # P 1.000 / R 0.854. What remains are Japanese names and Korean readings of Hanja.
    results, linking = kg.link_documents(sorted((HELDOUT / "articles").glob("*.txt")))
    report = score_links(load_link_key(HELDOUT / "key.json"), results, linking)
    assert report.precision >= 0.95, str(report)
    assert report.recall >= 0.80, str(report)


def test_an_industry_word_that_disagrees_keeps_companies_and_their_short_names_apart(tmp_path):
    paths = _write(tmp_path, {
        "a.txt": "Drone maker Qingluan Aviation raised $30 million. Qingluan plans a new factory.",
        "b.txt": "Parcel carrier Qingluan Logistics opened 20 routes. Qingluan said demand is rising.",
        "c.txt": "成都青鸾航空科技有限公司完成新一轮融资。",
    })
    results, _ = kg.link_documents(paths)
    aviation = _entity_of(results, "a", "Qingluan Aviation")
    assert _entity_of(results, "c", "成都青鸾航空科技有限公司") == aviation
    assert _entity_of(results, "b", "Qingluan Logistics") != aviation
    # each bare 'Qingluan' stays with its own article's company, never with the other's
    assert _entity_of(results, "b", "Qingluan") != aviation


def test_a_bare_name_shared_by_two_companies_of_its_article_is_linked_to_neither(tmp_path):
    paths = _write(tmp_path, {
        "a.txt": "Drone maker Qingluan Aviation raised $30 million.",
        "b.txt": "Chongqing Qingluan Logistics opened 20 routes. Qingluan is not related to the drone maker "
                 "Qingluan Aviation.",
    })
    results, _ = kg.link_documents(paths)
    bare = _entity_of(results, "b", "Qingluan")
    assert bare not in (None, _entity_of(results, "a", "Qingluan Aviation"),
                        _entity_of(results, "b", "Chongqing Qingluan Logistics"))


def test_east_asian_names_in_either_order(tmp_path):
    paths = _write(tmp_path, {
        "a.txt": "Mizuki Tanabe, a partner at Asagiri Capital, said chips from Nvidia and SK hynix are scarce.",
        "b.txt": "아사기리캐피털 파트너인 다나베 미즈키 씨는 엔비디아와 SK하이닉스의 칩이 부족하다고 말했다.",
    })
    results, linking = kg.link_documents(paths)
    assert _entity_of(results, "a", "Mizuki Tanabe") == _entity_of(results, "b", "다나베 미즈키") is not None
    # the decision shows the names as written, not the reversed form it compared
    names = {n for d in linking.merges for _, n, _ in d.names}
    assert "Mizuki Tanabe" in names and "Tanabe Mizuki" not in names


def test_consonants_alike_with_vowels_apart_are_no_evidence(tmp_path):
    # 쉬안지 and Xenosi share the skeleton S-N-S, not the sound; both articles mention Nvidia and Tencent
    paths = _write(tmp_path, {
        "a.txt": "중국 로봇 스타트업 쉬안지로보틱스는 엔비디아 칩을 쓰며 텐센트의 투자를 받았다.",
        "b.txt": "Robotics startup Xenosi Robotics uses Nvidia chips and is backed by Tencent.",
    })
    results, linking = kg.link_documents(paths)
    a, b = _entity_of(results, "a", "쉬안지로보틱스"), _entity_of(results, "b", "Xenosi Robotics")
    assert a and b and a != b
    assert not [d for d in linking.decisions if {n for _, n, _ in d.names} == {"쉬안지로보틱스", "Xenosi Robotics"}]


def test_a_demonym_before_a_corporate_word_is_no_name(tmp_path):
    (result,) = kg.extract(_write(tmp_path, {"a.txt": "Nvidia sells chips to Chinese AI companies."}))
    assert {e.label for e in result.entities.values()} == {"Nvidia"}


# -- incremental linking: a state updated article by article equals one built at once ----------------

@pytest.fixture(scope="module")
def extracted():
    """The unlinked results of both corpora (72 articles) and the gazetteer they were read with."""
    from kg.api import _corpus_names_pass, _read
    from kg.gazetteer import load_gazetteer
    from kg.parallel import extract_all

    gazetteer = load_gazetteer(())
    docs = _read(ARTICLES + sorted((HELDOUT / "articles").glob("*.txt")), None, None, None)
    results = list(extract_all(docs, gazetteer=gazetteer))
    results = _corpus_names_pass(results, gazetteer,
                                 lambda docs, held: list(extract_all(docs, known_names=held, gazetteer=gazetteer)))
    return results, gazetteer


def _linking(state, gazetteer):
    out = state.linking(gazetteer=gazetteer)
    return out.ids, out.decisions


def _keyed(results):
    return [(r, hashlib.sha1(r.document.text.encode()).hexdigest()) for r in results]


def test_a_state_updated_article_by_article_links_as_one_built_at_once(extracted):
    import pickle
    import random

    from kg.link import LinkState

    results, gazetteer = extracted
    whole = LinkState()
    whole.update(_keyed(results), gazetteer=gazetteer)
    expected = _linking(whole, gazetteer)
    assert len(expected[1]) > 100  # merges and candidates of 72 articles
    # merged component by component, as merging all members at once does
    at_once = whole._linking_whole(gazetteer, DEFAULT_THRESHOLD, [])
    assert (at_once.ids, at_once.decisions) == expected

    rng = random.Random(7)
    order = list(results)
    rng.shuffle(order)
    state = LinkState()
    seen, rounds = [], 0
    while order:  # in batches of 1 to 5, the state saved and read back between them, as a store does
        size = rng.randint(1, 5)
        batch, order = order[:size], order[size:]
        seen += batch
        state.update(_keyed(batch), gazetteer=gazetteer)
        merged = _linking(state, gazetteer)  # merges kept, and only the touched components merged again
        state.release()  # as a store build does once merging is done
        if rounds % 3:  # and mostly saved and read back, as a store does; else used on as released
            state = pickle.loads(pickle.dumps(state))
        rounds += 1
        if rounds in (3, 9, 16):
            fresh = LinkState()
            fresh.update(_keyed(seen), gazetteer=gazetteer)
            assert merged == _linking(fresh, gazetteer)
    assert _linking(state, gazetteer) == expected

    # take ten articles out, then put them back: each step equals a state built from what is left
    out = rng.sample([r.document.id for r in results], 10)
    state.update(removed=out)
    rest = [r for r in results if r.document.id not in out]
    fresh = LinkState()
    fresh.update(_keyed(rest), gazetteer=gazetteer)
    assert _linking(state, gazetteer) == _linking(fresh, gazetteer)
    state.update(_keyed([r for r in results if r.document.id in out]), gazetteer=gazetteer)
    assert _linking(state, gazetteer) == expected


def test_an_article_extracted_anew_replaces_its_members(extracted):
    from dataclasses import replace

    from kg.link import LinkState

    results, gazetteer = extracted
    state = LinkState()
    state.update(_keyed(results), gazetteer=gazetteer)
    # an article whose extraction changed (another key): its entities renamed, so its members differ
    victim = next(r for r in results if len(r.entities) > 3)
    changed = replace(victim, entities={k: replace(e, label=e.label + " Holdings", aliases=set()) if i == 0 else e
                                        for i, (k, e) in enumerate(victim.entities.items())})
    state.update([(changed, "another key")], gazetteer=gazetteer)
    fresh = LinkState()
    fresh.update(_keyed([r if r is not victim else changed for r in results]), gazetteer=gazetteer)
    assert _linking(state, gazetteer) == _linking(fresh, gazetteer)
    state.update([(changed, "another key")], gazetteer=gazetteer)  # the same key again: nothing to do
    assert _linking(state, gazetteer) == _linking(fresh, gazetteer)


def test_blocks_that_outgrow_the_all_pairs_limit_are_paired_as_if_built_at_once(extracted, monkeypatch):
    """Blocks change how they pair their members when they grow past the limit (people no longer all
    compared, then firsts no longer all compared): an updated state pairs them as a fresh one does."""
    import pickle
    import random

    import kg.link
    from kg.link import LinkState

    monkeypatch.setattr(kg.link, "_MAX_BLOCK", 3)
    results, gazetteer = extracted
    rng = random.Random(11)
    state, held = LinkState(), []
    for _ in range(12):
        for r in rng.sample(results, 4):
            if r not in held:
                held.append(r)
        state.update(_keyed(held[-4:]), gazetteer=gazetteer)
        if len(held) > 6 and rng.random() < 0.5:
            out = rng.sample(held, 2)
            state.update(removed=[r.document.id for r in out])
            held = [r for r in held if r not in out]
        merged = _linking(state, gazetteer)
        state = pickle.loads(pickle.dumps(state))
        fresh = LinkState()
        fresh.update(_keyed(held), gazetteer=gazetteer)
        assert merged == _linking(fresh, gazetteer)
        assert set(state.scored.items()) == set(fresh_scores(fresh, state))


def fresh_scores(fresh, state):
    """The fresh state's scores, with its member ids turned into the updated state's."""
    out = []
    for pair, value in fresh.scored.items():
        a, b = fresh.mkey[pair >> 32], fresh.mkey[pair & ((1 << 32) - 1)]
        out.append(((state.mid[a] << 32) | state.mid[b], value))
    return out


def test_the_name_finder_finds_what_testing_every_name_finds():
    """The corpus names an article holds are found in one pass over its text; the same as asking of
    every name whether the text holds it (which costs names x articles)."""
    import random

    from kg.corpus import _NameFinder

    rng = random.Random(5)
    letters = "비렌알리바바텐센트 AB中国科技-"
    for _ in range(300):
        names = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 30))}
        names.discard("")
        finder = _NameFinder(names)
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 60)))
        assert finder.found(text) == {n for n in names if n in text}
        assert finder.holds_any(text) == any(n in text for n in names)


def test_a_state_taken_in_and_merged_in_small_batches_links_as_one_at_once(extracted, monkeypatch, tmp_path):
    """A store's linking state takes articles in batches (UPDATE_BATCH), merges a corpus's components a
    batch at a time (MERGE_BATCH members), folds its pair tables into columns as they grow
    (COMPACT_AT), and keeps its tables in the state file: with every one of these tiny, it links the
    72 articles as a state in memory does at once."""
    import kg.link
    import kg.pairtable
    from kg.link import LinkState
    from kg.statedb import StateDB

    results, gazetteer = extracted
    whole = LinkState()
    whole.update(_keyed(results), gazetteer=gazetteer)
    expected = _linking(whole, gazetteer)
    monkeypatch.setattr(kg.link, "UPDATE_BATCH", 5)
    monkeypatch.setattr(kg.link, "MERGE_BATCH", 9)
    monkeypatch.setattr(kg.pairtable, "COMPACT_AT", 13)
    db = StateDB(tmp_path / "state.db")
    state = LinkState()
    state.bind(db, "link_", fresh=True)
    state.update(_keyed(results), gazetteer=gazetteer)
    linking = state.linking(gazetteer=gazetteer, threshold=DEFAULT_THRESHOLD)
    assert (dict(linking.ids.items()), linking.decisions) == expected
    assert len(db.table("link_comp_members")) > 9  # (so merged in more than one batch)
    by_doc = {}
    for (doc, local), gid in expected[0].items():
        by_doc.setdefault(doc, {})[local] = gid
    assert all(linking.ids_of(doc) == ids for doc, ids in by_doc.items())
    # saved and read back, ten articles out and back in: as the state in memory
    import pickle

    db.set("link", state)
    db.commit()
    state = db.get("link")
    state.bind(db, "link_", fresh=False)
    out = sorted(r.document.id for r in results)[::7][:10]
    state.update(removed=out)
    whole.update(removed=out)
    linking = state.linking(gazetteer=gazetteer, threshold=DEFAULT_THRESHOLD)
    assert (dict(linking.ids.items()), linking.decisions) == _linking(whole, gazetteer)
    assert linking.relinked is not None and not linking.relinked & set(out)
    assert pickle.loads(pickle.dumps(whole)).rare_limit == state.rare_limit
