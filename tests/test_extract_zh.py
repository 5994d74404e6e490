"""Chinese extraction through the real pipeline: mentions, relations, modality.

Each positive case is a real sentence from the Chinese tech press (or close to
one) with the EXACT set of asserted triples it must yield, written as
(subject name, predicate, object name) where a name is an entity's label, one
of its aliases or its English label, and a date object is its ISO value.
Negative cases (denials, plans, questions, conditionals, quoted speech, mere
co-occurrence) must yield no asserted triple at all.
"""
from __future__ import annotations

import pytest

from .extraction import compare, facts_of, names
from .extraction import run as _run


def run(text: str, gazetteer):
    return _run(text, "zh", gazetteer)


POSITIVE = [
    ("英伟达创始人兼首席执行官黄仁勋表示，公司将继续投资中国市场。",
     {("黄仁勋", "founderOf", "英伟达"), ("黄仁勋", "ceoOf", "英伟达")}),
    ("字节跳动成立于2012年，总部位于北京。",
     {("字节跳动", "foundedOn", "2012"), ("字节跳动", "headquarteredIn", "北京")}),
    ("张一鸣于2012年创办了字节跳动。",
     {("张一鸣", "founderOf", "字节跳动"), ("字节跳动", "foundedOn", "2012")}),
    ("深度求索由梁文锋创办，是幻方量化旗下的子公司。",
     {("梁文锋", "founderOf", "深度求索"), ("深度求索", "subsidiaryOf", "幻方量化")}),
    ("阿里巴巴集团董事长蔡崇信在迪拜发表讲话。",
     {("蔡崇信", "executiveOf", "阿里巴巴集团")}),
    ("微软宣布以690亿美元收购动视暴雪。",
     {("微软", "acquired", "动视暴雪")}),
    ("月之暗面完成超10亿美元融资，由阿里巴巴领投。",
     {("阿里巴巴", "investsIn", "月之暗面")}),
    ("苹果与阿里巴巴合作，为中国iPhone用户提供AI功能。",
     {("苹果", "partneredWith", "阿里巴巴")}),
    ("阿里巴巴发布了通义千问2.5。",
     {("阿里巴巴", "develops", "通义千问2.5")}),
    ("小米集团于2018年在香港交易所上市。",
     {("小米集团", "listedOn", "香港交易所")}),
    ("台积电为英伟达代工芯片。",
     {("台积电", "supplierOf", "英伟达")}),
    ("商汤科技联合创始人、首席执行官徐立表示，公司将加大投入。",
     {("徐立", "founderOf", "商汤科技"), ("徐立", "ceoOf", "商汤科技")}),
    ("百度首席技术官王海峰发布了文心大模型4.5。",
     {("王海峰", "executiveOf", "百度")}),
    ("OpenAI的竞争对手Anthropic获得了亚马逊40亿美元投资。",
     {("Anthropic", "competitorOf", "OpenAI"), ("亚马逊", "investsIn", "Anthropic")}),
    ("英伟达的竞争对手AMD发布了MI300X芯片。",
     {("AMD", "competitorOf", "英伟达"), ("AMD", "develops", "MI300X")}),
    ("阿里巴巴持有蚂蚁集团约33%的股份。",
     {("阿里巴巴", "investsIn", "蚂蚁集团")}),
    ("微信是腾讯旗下的即时通讯应用。",
     {("腾讯", "develops", "微信")}),
    ("小米集团创始人雷军在发布会上推出了小米SU7。",
     {("雷军", "founderOf", "小米集团")}),
    ("深度求索是一家总部位于杭州的人工智能公司，由幻方量化支持。",
     {("深度求索", "headquarteredIn", "杭州"), ("幻方量化", "investsIn", "深度求索")}),
    ("英特尔首席执行官基辛格表示，美国需要更多芯片工厂。",
     {("基辛格", "ceoOf", "英特尔")}),
    ("微软首席执行官萨蒂亚·纳德拉称，效率提升对行业是好消息。",
     {("萨蒂亚·纳德拉", "ceoOf", "微软")}),
    ("字节跳动旗下的豆包大模型也在快速迭代。",
     {("字节跳动", "develops", "豆包大模型")}),
    # names the gazetteer does not know, typed from cues
    ("云从科技于2022年在上海证券交易所科创板上市。",
     {("云从科技", "listedOn", "上海证券交易所"), ("云从科技", "listedOn", "科创板")}),
    ("GPU初创公司天数智芯总部位于上海。",
     {("天数智芯", "headquarteredIn", "上海")}),
    ("彭志辉联合创办了智元机器人。",
     {("彭志辉", "founderOf", "智元机器人")}),
    ("受深度求索发布R1模型影响，英伟达股价暴跌17%。",
     {("深度求索", "develops", "R1")}),
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t[:16] for t, _ in POSITIVE])
def test_exact_triples(text, expected, gazetteer):
    missing, extra = compare(run(text, gazetteer), expected)
    assert not missing and not extra, f"missing {missing}, extra {extra}"


NEGATIVE = [
    "阿里巴巴否认投资深度求索的传闻。",  # denial
    "英伟达并未与英特尔达成合作。",  # negation
    "据传苹果计划投资OpenAI。",  # rumoured plan: planned, not asserted
    "小米汽车拟在香港交易所上市。",  # plan
    "英伟达会收购英特尔吗？",  # question
    "如果英伟达收购Arm，将引发监管担忧。",  # conditional
    "市场关注微软是否会投资深度求索。",  # indirect question
    "黄仁勋表示：“我们非常看好小米。”",  # a person quoted about a company
    "英特尔前首席执行官基辛格表示，美国需要更多芯片工厂。",  # a former title states no current role
    "英伟达和AMD的股价周一双双下跌。",  # co-occurrence
    "中国科技公司纷纷发布大模型，腾讯、百度和阿里巴巴都在其中。",  # co-occurrence, generic names
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:16] for t in NEGATIVE])
def test_no_asserted_fact(text, gazetteer):
    result = run(text, gazetteer)
    assert facts_of(result) == []


MODALITY = [
    ("据传苹果计划投资OpenAI。", ("苹果", "investsIn", "OpenAI"), "planned"),
    ("小米汽车拟在香港交易所上市。", ("小米汽车", "listedOn", "香港交易所"), "planned"),
    ("苹果正与阿里巴巴洽谈合作。", ("苹果", "partneredWith", "阿里巴巴"), "planned"),
]


@pytest.mark.parametrize("text,triple,modality", MODALITY, ids=[t[:16] for t, _, _ in MODALITY])
def test_modality(text, triple, modality, gazetteer):
    result = run(text, gazetteer)
    missing, extra = compare(result, {triple}, modality)
    assert not missing and not extra
    assert facts_of(result) == []


def test_mentions_typed_from_cues(gazetteer):
    result = run("人工智能初创公司无问芯穹宣布完成新一轮融资。北京月之暗面科技有限公司推出了智能助手Kimi。"
                 "华为轮值董事长徐直军出席了活动。", gazetteer)
    types = {e.label: e.type for e in result.entities.values()}
    assert types["无问芯穹"] == "Startup"
    assert types["徐直军"] == "Person"
    moonshot = next(e for e in result.entities.values() if e.gazetteer_id == "moonshot-ai")
    assert moonshot.label == "北京月之暗面科技有限公司"
    assert not any(name in types for name in ("人工智能初创公司", "人工智能"))


def test_parenthesised_alias(gazetteer):
    result = run("无问芯穹（Infinigence）是一家人工智能初创公司。无问芯穹总部位于北京。", gazetteer)
    (startup,) = [e for e in result.entities.values() if e.type == "Startup"]
    assert {"无问芯穹", "Infinigence"} <= names(startup)
    missing, extra = compare(result, {("无问芯穹", "headquarteredIn", "北京")})
    assert not missing and not extra


def test_evidence_and_confidence(gazetteer):
    text = "市场震荡。微软宣布以690亿美元收购动视暴雪。"
    result = run(text, gazetteer)
    (fact,) = result.facts
    (ev,) = fact.evidence
    assert text[ev.start:ev.end] == "微软宣布以690亿美元收购动视暴雪"
    assert ev.extractor == "zh.acquisitions" and 0.6 <= ev.confidence <= 0.9
    assert ev.sentence_index == 1
