"""Money and dates, normalised: the amount and its ISO 4217 currency, the ISO date and its precision.

Relative dates are resolved against the publication date (PUBLISHED, a Wednesday); in an undated
article they keep their text and an empty value.
"""
from __future__ import annotations

import pytest

from kg.context import Analysis
from kg.gazetteer import load_gazetteer
from kg.model import Document
from kg.nlp import analyze, sentences
from kg.values import find_values

PUBLISHED = "2025-03-05"


def _values(text: str, lang: str, published: str | None = PUBLISHED, kind: str | None = None):
    doc = Document("d", text, lang, published=published)
    analysis = Analysis(doc, analyze(text, lang, None), [], load_gazetteer())
    analysis.sentences = sentences(analysis.doc)
    return [v for v in find_values(analysis) if kind is None or v.kind == kind]


def _one(text, lang, kind, published=PUBLISHED):
    found = _values(text, lang, published, kind)
    assert len(found) == 1, [(v.text, v.normalized) for v in found]
    return found[0]


KO_MONEY = [
    ("블랙세서미는 42억 홍콩달러를 조달했다.", "42억 홍콩달러", "4200000000 HKD"),
    ("약 1억8,000만달러를 유치했다.", "1억8,000만달러", "180000000 USD"),
    ("3,800억 위안을 투자한다.", "3,800억 위안", "380000000000 CNY"),
    ("최대 1,000만 위안을 지원한다.", "1,000만 위안", "10000000 CNY"),
    ("시가총액이 75조원을 넘었다.", "75조원", "75000000000000 KRW"),
    ("75조 원 규모다.", "75조 원", "75000000000000 KRW"),
    ("1조2000억원을 투자한다.", "1조2000억원", "1200000000000 KRW"),
    ("1조 2,345억 6,000만원을 벌었다.", "1조 2,345억 6,000만원", "1234560000000 KRW"),
    ("300억원 규모의 펀드다.", "300억원", "30000000000 KRW"),
    ("1천억원을 모았다.", "1천억원", "100000000000 KRW"),
    ("5천만 달러를 받았다.", "5천만 달러", "50000000 USD"),
    ("10억 달러를 투자했다.", "10억 달러", "1000000000 USD"),
    ("2억 유로를 조달했다.", "2억 유로", "200000000 EUR"),
    ("100만 엔을 냈다.", "100만 엔", "1000000 JPY"),
    ("500만 파운드에 인수했다.", "500만 파운드", "5000000 GBP"),
    ("1.5조원을 쓴다.", "1.5조원", "1500000000000 KRW"),
    ("미화 5억 달러를 빌렸다.", "미화 5억 달러", "500000000 USD"),
    ("20억 대만달러를 들였다.", "20억 대만달러", "2000000000 TWD"),
    ("3억 싱가포르달러 규모다.", "3억 싱가포르달러", "300000000 SGD"),
    ("50억 엔화를 조달했다.", "50억 엔화", "5000000000 JPY"),
    ("7,730억원이다.", "7,730억원", "773000000000 KRW"),
    ("2,500만 달러를 유치했다.", "2,500만 달러", "25000000 USD"),
    ("12억5천만 달러에 팔렸다.", "12억5천만 달러", "1250000000 USD"),
    ("4조 위안을 풀었다.", "4조 위안", "4000000000000 CNY"),
    ("200만원을 냈다.", "200만원", "2000000 KRW"),
    ("8억 위안화를 투자했다.", "8억 위안화", "800000000 CNY"),
]

ZH_MONEY = [
    ("公司完成1.8亿美元融资。", "1.8亿美元", "180000000 USD"),
    ("阿里巴巴将投资380亿元。", "380亿元", "38000000000 CNY"),
    ("获得1000万元天使轮融资。", "1000万元", "10000000 CNY"),
    ("总额达3800亿元人民币。", "3800亿元人民币", "380000000000 CNY"),
    ("人民币380亿元用于建设。", "人民币380亿元", "38000000000 CNY"),
    ("融资50万美元。", "50万美元", "500000 USD"),
    ("市值1.2万亿元。", "1.2万亿元", "1200000000000 CNY"),
    ("约2亿美元。", "2亿美元", "200000000 USD"),
    ("出售42亿港元股份。", "42亿港元", "4200000000 HKD"),
    ("募资42亿港币。", "42亿港币", "4200000000 HKD"),
    ("10亿欧元订单。", "10亿欧元", "1000000000 EUR"),
    ("100万日元奖金。", "100万日元", "1000000 JPY"),
    ("5000万英镑收购。", "5000万英镑", "50000000 GBP"),
    ("3亿韩元投资。", "3亿韩元", "300000000 KRW"),
    ("20亿新台币扩产。", "20亿新台币", "2000000000 TWD"),
    ("1亿元人民币。", "1亿元人民币", "100000000 CNY"),
    ("30亿美金。", "30亿美金", "3000000000 USD"),
    ("5千万元预算。", "5千万元", "50000000 CNY"),
    ("营收120亿元。", "120亿元", "12000000000 CNY"),
    ("净利润8.5亿元。", "8.5亿元", "850000000 CNY"),
    ("估值超过100亿美元。", "100亿美元", "10000000000 USD"),
    ("2500万美元A轮。", "2500万美元", "25000000 USD"),
    ("6千亿元规模。", "6千亿元", "600000000000 CNY"),
    ("人民币5000万元。", "人民币5000万元", "50000000 CNY"),
    ("0.5亿美元。", "0.5亿美元", "50000000 USD"),
    ("3亿澳元。", "3亿澳元", "300000000 AUD"),
]

EN_MONEY = [
    ("It raised $180 million.", "$180 million", "180000000 USD"),
    ("It sold HK$4.2bn of shares.", "HK$4.2bn", "4200000000 HKD"),
    ("A plan of RMB 380 billion.", "RMB 380 billion", "380000000000 CNY"),
    ("It paid US$1.5 billion.", "US$1.5 billion", "1500000000 USD"),
    ("A €200m round.", "€200m", "200000000 EUR"),
    ("It spent £50 million.", "£50 million", "50000000 GBP"),
    ("Sales of ¥10 billion.", "¥10 billion", "10000000000 JPY"),
    ("A $2.3bn deal.", "$2.3bn", "2300000000 USD"),
    ("It paid $500,000.", "$500,000", "500000 USD"),
    ("Profit of 1.2 trillion won.", "1.2 trillion won", "1200000000000 KRW"),
    ("It invests 380 billion yuan.", "380 billion yuan", "380000000000 CNY"),
    ("A CNY 1.2 billion loan.", "CNY 1.2 billion", "1200000000 CNY"),
    ("KRW 75 trillion of exports.", "KRW 75 trillion", "75000000000000 KRW"),
    ("A $45M seed round.", "$45M", "45000000 USD"),
    ("It spent NT$10 billion.", "NT$10 billion", "10000000000 TWD"),
    ("It raised S$100 million.", "S$100 million", "100000000 SGD"),
    ("It raised 5 million euros.", "5 million euros", "5000000 EUR"),
    ("A USD 20 million loan.", "USD 20 million", "20000000 USD"),
    ("It paid $3 trillion.", "$3 trillion", "3000000000000 USD"),
    ("Revenue of $12.5bn.", "$12.5bn", "12500000000 USD"),
    ("A ₩500 billion fund.", "₩500 billion", "500000000000 KRW"),
    ("It raised HK$600 million.", "HK$600 million", "600000000 HKD"),
    ("It paid 20 million dollars.", "20 million dollars", "20000000 USD"),
    ("A EUR 1.1 billion bond.", "EUR 1.1 billion", "1100000000 EUR"),
    ("It cost $750k.", "$750k", "750000 USD"),
    ("It lost 2 billion yen.", "2 billion yen", "2000000000 JPY"),
]


@pytest.mark.parametrize(("lang", "sentence", "text", "value"),
                         [("ko", *x) for x in KO_MONEY] + [("zh", *x) for x in ZH_MONEY]
                         + [("en", *x) for x in EN_MONEY])
def test_money_is_normalised(lang, sentence, text, value):
    v = _one(sentence, lang, "money")
    assert (v.text, v.normalized) == (text, value)
    assert sentence[v.start:v.end] == v.text


def test_enough_money_expressions_per_language():
    assert min(len(KO_MONEY), len(ZH_MONEY), len(EN_MONEY)) >= 25


@pytest.mark.parametrize(("lang", "sentence", "approximate"), [
    ("ko", "약 1억8,000만달러를 유치했다.", True),
    ("ko", "1억8,000만달러를 유치했다.", False),
    ("zh", "约2亿美元。", True),
    ("en", "It raised about $180 million.", True),
    ("en", "It raised $180 million.", False),
])
def test_approximate_amounts(lang, sentence, approximate):
    assert _one(sentence, lang, "money").approximate is approximate


@pytest.mark.parametrize(("lang", "sentence", "value", "equivalent"), [
    ("ko", "42억 홍콩달러(약 7,730억원)를 조달했다.", "4200000000 HKD", "773000000000 KRW"),
    ("ko", "3,800억 위안(약 75조원)을 투자한다.", "380000000000 CNY", "75000000000000 KRW"),
    ("zh", "42亿港元（约5.4亿美元）。", "4200000000 HKD", "540000000 USD"),
    ("en", "It sold HK$4.2bn (about $540 million) of shares.", "4200000000 HKD", "540000000 USD"),
])
def test_a_bracketed_conversion_restates_the_amount(lang, sentence, value, equivalent):
    v = _one(sentence, lang, "money")
    assert (v.normalized, v.equivalent) == (value, equivalent)


KO_DATES = [
    ("2019년 설립됐다.", "2019년", "2019", "year"),
    ("2019년 3월 출시했다.", "2019년 3월", "2019-03", "month"),
    ("2025년 2월 24일 발표했다.", "2025년 2월 24일", "2025-02-24", "day"),
    ("2025.2.24 공시했다.", "2025.2.24", "2025-02-24", "day"),
    ("2025. 2. 24. 공시했다.", "2025. 2. 24", "2025-02-24", "day"),
    ("2월 24일 공개했다.", "2월 24일", "2025-02-24", "day"),
    ("지난 24일 밝혔다.", "지난 24일", "2025-02-24", "day"),
    ("지난 3일 밝혔다.", "지난 3일", "2025-03-03", "day"),
    ("24일 발표했다.", "24일", "2025-02-24", "day"),
    ("4일 오후 발표했다.", "4일", "2025-03-04", "day"),
    ("지난달 출시했다.", "지난달", "2025-02", "month"),
    ("이달 초 공개했다.", "이달 초", "2025-03", "month"),
    ("이달 말 완료한다.", "이달 말", "2025-03", "month"),
    ("다음 달 출시한다.", "다음 달", "2025-04", "month"),
    ("지난해 설립됐다.", "지난해", "2024", "year"),
    ("작년 상장했다.", "작년", "2024", "year"),
    ("올해 투자한다.", "올해", "2025", "year"),
    ("내년 상장한다.", "내년", "2026", "year"),
    ("지난주 발표했다.", "지난주", "2025-W09", "week"),
    ("다음 주 공개한다.", "다음 주", "2025-W11", "week"),
    ("어제 밝혔다.", "어제", "2025-03-04", "day"),
    ("오늘 공개했다.", "오늘", "2025-03-05", "day"),
    ("이날 발표했다.", "이날", "2025-03-05", "day"),
    ("전날 공시했다.", "전날", "2025-03-04", "day"),
    ("1998년 12월 창업했다.", "1998년 12월", "1998-12", "month"),
    ("2030년 목표다.", "2030년", "2030", "year"),
]

ZH_DATES = [
    ("2025年2月24日宣布。", "2025年2月24日", "2025-02-24", "day"),
    ("成立于2019年。", "2019年", "2019", "year"),
    ("2019年3月发布。", "2019年3月", "2019-03", "month"),
    ("2025年2月24号发布。", "2025年2月24号", "2025-02-24", "day"),
    ("2025-02-24发布。", "2025-02-24", "2025-02-24", "day"),
    ("2月24日宣布。", "2月24日", "2025-02-24", "day"),
    ("3月1日发布。", "3月1日", "2025-03-01", "day"),
    ("24日宣布。", "24日", "2025-02-24", "day"),
    ("4日晚间公告。", "4日", "2025-03-04", "day"),
    ("去年成立。", "去年", "2024", "year"),
    ("今年上市。", "今年", "2025", "year"),
    ("明年投产。", "明年", "2026", "year"),
    ("上个月发布。", "上个月", "2025-02", "month"),
    ("上月完成。", "上月", "2025-02", "month"),
    ("本月初宣布。", "本月初", "2025-03", "month"),
    ("下个月上线。", "下个月", "2025-04", "month"),
    ("上周宣布。", "上周", "2025-W09", "week"),
    ("本周发布。", "本周", "2025-W10", "week"),
    ("下周开幕。", "下周", "2025-W11", "week"),
    ("昨天宣布。", "昨天", "2025-03-04", "day"),
    ("昨日公告。", "昨日", "2025-03-04", "day"),
    ("今天发布。", "今天", "2025-03-05", "day"),
    ("前天上线。", "前天", "2025-03-03", "day"),
    ("当天收盘。", "当天", "2025-03-05", "day"),
    ("2008年12月成立。", "2008年12月", "2008-12", "month"),
    ("上月底完成。", "上月底", "2025-02", "month"),
]

EN_DATES = [
    ("It said on Feb 24, 2025.", "Feb 24, 2025", "2025-02-24", "day"),
    ("On February 24, 2025 it said.", "February 24, 2025", "2025-02-24", "day"),
    ("It said on 24 February 2025.", "24 February 2025", "2025-02-24", "day"),
    ("It was founded in 2019.", "2019", "2019", "year"),
    ("It launched in February 2025.", "February 2025", "2025-02", "month"),
    ("It launched in Feb. 2025.", "Feb. 2025", "2025-02", "month"),
    ("Filed 2025-02-24.", "2025-02-24", "2025-02-24", "day"),
    ("It said on Feb. 3.", "Feb. 3", "2025-02-03", "day"),
    ("It said on March 1st.", "March 1st", "2025-03-01", "day"),
    ("It said last week.", "last week", "2025-W09", "week"),
    ("It opens next week.", "next week", "2025-W11", "week"),
    ("It said this week.", "this week", "2025-W10", "week"),
    ("It said last month.", "last month", "2025-02", "month"),
    ("It opens next month.", "next month", "2025-04", "month"),
    ("It grew this month.", "this month", "2025-03", "month"),
    ("It was set up last year.", "last year", "2024", "year"),
    ("It lists this year.", "this year", "2025", "year"),
    ("It lists next year.", "next year", "2026", "year"),
    ("It said yesterday.", "yesterday", "2025-03-04", "day"),
    ("It said today.", "today", "2025-03-05", "day"),
    ("It said on Monday.", "Monday", "2025-03-03", "day"),
    ("It said on Friday.", "Friday", "2025-02-28", "day"),
    ("It closed early last month.", "early last month", "2025-02", "month"),
    ("It was founded in December 1998.", "December 1998", "1998-12", "month"),
    ("It has been public since 2010.", "2010", "2010", "year"),
    ("It said on Sept. 30, 2024.", "Sept. 30, 2024", "2024-09-30", "day"),
]


@pytest.mark.parametrize(("lang", "sentence", "text", "value", "precision"),
                         [("ko", *x) for x in KO_DATES] + [("zh", *x) for x in ZH_DATES]
                         + [("en", *x) for x in EN_DATES])
def test_dates_are_normalised_against_the_publication_date(lang, sentence, text, value, precision):
    v = _one(sentence, lang, "date")
    assert (v.text, v.normalized, v.precision) == (text, value, precision)
    assert sentence[v.start:v.end] == v.text


def test_enough_date_expressions_per_language():
    assert min(len(KO_DATES), len(ZH_DATES), len(EN_DATES)) >= 25


@pytest.mark.parametrize(("lang", "sentence"), [
    ("ko", "지난 24일 밝혔다."), ("ko", "지난달 출시했다."), ("zh", "上周宣布。"), ("en", "It said last week."),
    ("ko", "2월 24일 공개했다."),
])
def test_relative_dates_in_an_undated_article_stay_unresolved(lang, sentence):
    v = _one(sentence, lang, "date", published=None)
    assert v.normalized == "" and v.precision == "" and v.relative and v.text


def test_absolute_dates_need_no_publication_date():
    v = _one("2025년 2월 24일 발표했다.", "ko", "date", published=None)
    assert (v.normalized, v.relative) == ("2025-02-24", False)


@pytest.mark.parametrize(("lang", "sentence"), [
    ("ko", "3원칙을 세웠다."), ("ko", "2엔진 구조다."), ("ko", "유로존 경제가 회복됐다."),
    ("en", "It has 3 million users."), ("zh", "有3亿用户。"),
])
def test_numbers_that_are_no_money(lang, sentence):
    assert _values(sentence, lang, kind="money") == []


def test_a_founding_date_needs_a_resolved_date(tmp_path):
    import kg

    p = tmp_path / "a.txt"
    p.write_text("로봇 스타트업 링시로보틱스는 지난해 설립됐다.", encoding="utf-8")
    (undated,) = kg.extract([p])
    assert not [f for f in undated.facts if f.predicate == "foundedOn"]
    (dated,) = kg.extract([p], published="2025-03-05")
    assert [(f.predicate, f.object.normalized) for f in dated.facts if f.predicate == "foundedOn"] == [
        ("foundedOn", "2024")]
