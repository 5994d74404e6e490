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
    # company profiles: founding dates as written, headquarters as a chain of places
    ("杭州云帆数据科技有限公司成立于2016年5月，总部位于浙江省杭州市。",
     {("杭州云帆数据科技有限公司", "foundedOn", "2016-05"), ("杭州云帆数据科技有限公司", "headquarteredIn", "浙江省杭州市")}),
    ("苏州启明光电股份有限公司于2010年8月12日在苏州工商部门注册成立。",
     {("苏州启明光电股份有限公司", "foundedOn", "2010-08-12")}),
    ("深圳星河智联网络技术有限公司，成立日期2018年03月15日，注册资本1000万元。",
     {("深圳星河智联网络技术有限公司", "foundedOn", "2018-03-15")}),
    ("成立于2003年的南京恒远软件股份有限公司，是一家软件服务商。",
     {("南京恒远软件股份有限公司", "foundedOn", "2003")}),
    ("2015年9月，上海优格机器人有限公司在上海正式成立。",
     {("上海优格机器人有限公司", "foundedOn", "2015-09"), ("上海优格机器人有限公司", "headquarteredIn", "上海")}),
    ("博远航空公司成立于1985年，总部设在德国汉堡。",
     {("博远航空公司", "foundedOn", "1985"), ("博远航空公司", "headquarteredIn", "德国汉堡")}),
    ("王晓东于2008年创办了厦门飞鱼网络科技有限公司。",
     {("王晓东", "founderOf", "厦门飞鱼网络科技有限公司"), ("厦门飞鱼网络科技有限公司", "foundedOn", "2008")}),
    ("星瀚科技由张伟和李娜共同创立。",
     {("张伟", "founderOf", "星瀚科技"), ("李娜", "founderOf", "星瀚科技")}),
    # chairmen: titles, biographies, profiles
    ("李明远，男，1970年出生，汉族，现任成都锐思信息技术股份有限公司董事长。",
     {("李明远", "executiveOf", "成都锐思信息技术股份有限公司")}),
    ("王海涛于1966年3月5日出生于浙江省温州市，大学毕业后进入海川大学进修，现任星河云计算股份有限公司董事长。",
     {("王海涛", "executiveOf", "星河云计算股份有限公司")}),  # a biography opened by a birth date; studies are no job
    ("好书推荐 ——周文韬　云岭数据股份有限公司董事长　　开卷有益 ——李华　海川集团总裁",
     {("周文韬", "executiveOf", "云岭数据股份有限公司"), ("李华", "executiveOf", "海川集团")}),  # signatures
    ("星河文旅集团有限公司，王明任本公司董事长，李华负责日常运营。",
     {("王明", "executiveOf", "星河文旅集团有限公司")}),  # the second person is too far from the name
    ("赵海峰，北京清源环境工程有限公司董事长、总经理。",
     {("赵海峰", "executiveOf", "北京清源环境工程有限公司")}),
    ("晨光云图董事长周启航表示，公司将加大研发投入。",
     {("周启航", "executiveOf", "晨光云图")}),
    ("深圳蓝桥科技集团有限公司董事长 陈立新出席了发布会。",
     {("陈立新", "executiveOf", "深圳蓝桥科技集团有限公司")}),
    ("宁波海韵控股（集团）有限公司董事长王建国当选为商会会长。",
     {("王建国", "executiveOf", "宁波海韵控股（集团）有限公司")}),
    ("重庆天舟物流有限公司，法定代表人为刘志强，注册资本5000万元。",
     {("刘志强", "executiveOf", "重庆天舟物流有限公司")}),
    ("近年来，南宁云岫软件有限公司在董事长钱文斌的带领下营收翻番。",
     {("钱文斌", "executiveOf", "南宁云岫软件有限公司")}),
    ("2019年6月，郑国栋任青岛海蓝港务集团有限公司董事长。",
     {("郑国栋", "executiveOf", "青岛海蓝港务集团有限公司")}),
    # the place a company was founded in is read as its seat (weaker than a stated 总部)
    ("云帆数据有限公司，2012年创立于江西省九江市。",
     {("云帆数据有限公司", "foundedOn", "2012"), ("云帆数据有限公司", "headquarteredIn", "江西省九江市")}),
    ("Zentro于2014年成立于法国。",
     {("Zentro", "foundedOn", "2014"), ("Zentro", "headquarteredIn", "法国")}),
    ("星河电力总公司（以下简称星河电力）在成都注册成立。",
     {("星河电力总公司", "headquarteredIn", "成都")}),
    ("晨光云图科技有限公司，注册地址位于江苏省苏州市。",
     {("晨光云图科技有限公司", "headquarteredIn", "江苏省苏州市")}),
    ("海川证券集团有限责任公司1931年始创于天津，后来总部设在深圳。",  # a text naming a 总部: no seat from the founding place
     {("海川证券集团有限责任公司", "foundedOn", "1931")}),
    ("远山智能科技有限公司坐落在浙江省宁波市。",
     {("远山智能科技有限公司", "headquarteredIn", "浙江省宁波市")}),
    # founders and dates: partners, a date before the founder, a founder named by a copula
    ("1998年王明、李华合伙设立的星河数据有限公司发展迅速。",
     {("王明", "founderOf", "星河数据有限公司"), ("李华", "founderOf", "星河数据有限公司")}),
    ("王明于2005年创办的星河数据有限公司已经上市。",
     {("王明", "founderOf", "星河数据有限公司"), ("星河数据有限公司", "foundedOn", "2005")}),
    ("2005年，王明与三名同学筹资成立了星河数据有限公司。",
     {("王明", "founderOf", "星河数据有限公司"), ("星河数据有限公司", "foundedOn", "2005")}),
    ("星河数据有限公司的创始人是王明。",
     {("王明", "founderOf", "星河数据有限公司")}),
    ("美国Zentro公司于1990年由海川大学教授王明和李华创立。",
     {("王明", "founderOf", "美国Zentro公司"), ("李华", "founderOf", "美国Zentro公司"),
      ("美国Zentro公司", "foundedOn", "1990"), ("王明", "employeeOf", "海川大学")}),
    ("海川建筑总公司 前身是某某工程部队，组建于1952年3月，后来改制。",
     {("海川建筑总公司", "foundedOn", "1952-03")}),
    ("海川县实验中学是星河教育集团董事长王明先生于1999年创办的一所寄宿制高中。",
     {("海川县实验中学", "foundedOn", "1999"), ("王明", "founderOf", "海川县实验中学"),
      ("王明", "executiveOf", "星河教育集团")}),
    ("海川电视台于1988年建台，目前拥有三个频道。",
     {("海川电视台", "foundedOn", "1988")}),
    ("星河银行是当地商会于1956年4月在省城正式成立",
     {("星河银行", "foundedOn", "1956-04")}),
    ("星河国际集团有限公司(简称“星河国际”)于1984年10月经省政府批准设立，主营外贸。",
     {("星河国际集团有限公司", "foundedOn", "1984-10")}),
    ("1992年，王明与两位同学筹资成立了星河科技有限公司，起步资金仅五万元。",
     {("王明", "founderOf", "星河科技有限公司"), ("星河科技有限公司", "foundedOn", "1992")}),
    # chairmen: titles at two organisations, a title chain with a title of no predicate, an alias after 简称
    ("海川控股有限公司董事长、星河数据集团创始人王明出席了活动。",
     {("王明", "executiveOf", "海川控股有限公司"), ("王明", "founderOf", "星河数据集团")}),
    ("昨日，云岭光学股份有限公司实际控制人、董事长冯立诚在股东大会上回应了质询。",
     {("冯立诚", "executiveOf", "云岭光学股份有限公司")}),
    ("成都海川电子股份有限公司(以下简称海川电子)创始人、董事长王海涛在发布会上致辞。",
     {("王海涛", "executiveOf", "海川电子"), ("王海涛", "founderOf", "海川电子")}),
    ("韩子墨 云帆物流集团股份有限公司董事长接受了本报专访。",
     {("韩子墨", "executiveOf", "云帆物流集团股份有限公司")}),
    ("2021年11月起，邵景川担任北海湾港务（集团）有限公司董事长。",
     {("邵景川", "executiveOf", "北海湾港务（集团）有限公司")}),
    # a plan in an earlier clause leaves a later clause asserted (the comma bounds a clause's modality)
    ("海川控股将于明年扩张，星河数据有限公司董事长王明表示支持。",
     {("王明", "executiveOf", "星河数据有限公司")}),
    # 该行/该公司 refers back to the only organisation before it; a title in brackets after a name
    ("海川银行近日召开年度会议，该行党委书记、董事长李国强作了工作报告。",
     {("李国强", "executiveOf", "海川银行")}),
    ("海川银行与星河集团签约，该行行长李华出席。",  # two organisations before 该行: no reading
     {("星河集团", "partneredWith", "海川银行")}),
    ("星河足球俱乐部(董事长王明)近日宣布签下两名外援。",
     {("王明", "executiveOf", "星河足球俱乐部")}),
    # a person after a comma starts a new clause; 作为 pairs across the comma
    ("王海被任命为星河科技有限公司董事长，李平接任总经理一职。",
     {("王海", "executiveOf", "星河科技有限公司")}),
    ("作为广西云岫物流集团有限公司董事长，林振宇多次带队走访客户。",
     {("林振宇", "executiveOf", "广西云岫物流集团有限公司")}),
    # a board chairman among a list of guests; a title and a person split by a comma are no pair
    ("峰会上，海川控股董事长王明、云帆数据有限公司总经理李华分别致辞。",
     {("王明", "executiveOf", "海川控股"), ("李华", "executiveOf", "云帆数据有限公司")}),
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
    "英伟达和AMD的股价周一双双下跌。",  # co-occurrence
    "中国科技公司纷纷发布大模型，腾讯、百度和阿里巴巴都在其中。",  # co-occurrence, generic names
    "黄志远曾任广州天信电子有限公司副总经理，现为自由投资人。",  # a past title
    "赵立新，男，1965年出生，历任天津港华物流有限公司副总经理。",  # a biography's past title
    "该公司否认由陈东创办的说法。",  # denial
    "北京星火智能科技有限公司计划于2026年在上海成立研究院。",  # plan
    "晨光云图董事长是谁？",  # question
    "如果张伟出任海川集团董事长，公司将调整战略。",  # conditional
    "杭州、上海和北京的企业代表出席了会议。",  # places only
    "晨光云图科技有限公司计划在上海成立研究院。",  # a plan, and the place of a new unit, not the seat
    "远山智能科技有限公司并非成立于苏州。",  # negation
    "云帆数据有限公司总部位于杭州吗？",  # question
    "云帆数据有限公司的客户李华表示：“我们很满意。”",  # a person quoted about a company
    "据年报披露，海川银行时任董事长王明与时任海川银行行长李华均已退休。",  # roles held at the time (时任)
]


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:16] for t in NEGATIVE])
def test_no_asserted_fact(text, gazetteer):
    result = run(text, gazetteer)
    assert facts_of(result) == []


MODALITY = [
    ("据传苹果计划投资OpenAI。", ("苹果", "investsIn", "OpenAI"), "planned"),
    ("小米汽车拟在香港交易所上市。", ("小米汽车", "listedOn", "香港交易所"), "planned"),
    ("苹果正与阿里巴巴洽谈合作。", ("苹果", "partneredWith", "阿里巴巴"), "planned"),
    # a former title: a fact of the past, not a current role
    ("英特尔前首席执行官基辛格表示，美国需要更多芯片工厂。", ("基辛格", "ceoOf", "英特尔"), "past"),
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
    # the relation rule and the acquisition event both read it
    assert sorted(e.extractor for e in fact.evidence) == ["zh.acquisitions", "zh.events"]
    ev = next(e for e in fact.evidence if e.extractor == "zh.acquisitions")
    assert text[ev.start:ev.end] == "微软宣布以690亿美元收购动视暴雪"
    assert 0.6 <= ev.confidence <= 0.9
    assert ev.sentence_index == 1


# ---------------------------------------------------------------- rule families, table tests

PLACES = [
    # (text, the place mention expected, its type)
    ("公司总部位于江西省赣州市。", "江西省赣州市", "City"),
    ("总部设在美国西雅图。", "美国西雅图", "City"),
    ("工厂位于义乌市佛堂镇。", "义乌市佛堂镇", "City"),
    ("办公室在温州鹿城区。", "温州鹿城区", "City"),
    ("她出生于湖南。", "湖南", "Region"),
]


@pytest.mark.parametrize("text,place,type_", PLACES, ids=[t[0][:10] for t in PLACES])
def test_place_chains(text, place, type_, gazetteer):
    result = run(text, gazetteer)
    found = {m.text: m.type for e in result.entities.values() for m in e.mentions}
    assert found.get(place) == type_, found


def test_place_suffix_blockers(gazetteer):
    found = {m.text for e in run("北京市场监管部门发布通知，上海区域经济持续增长。", gazetteer).entities.values()
             for m in e.mentions}
    assert "上海区" not in found


ORG_NAMES = [
    # (text, organisation name expected)
    ("2013年6月 晨星集团董事长王海出席活动。", "晨星集团"),  # a date and a space are no part of the name
    ("公司简介云帆智能装备有限公司专注于工业机器人研发。", "云帆智能装备有限公司"),  # a heading word is none either
    ("北海湾港务（集团）有限公司启用了新码头。", "北海湾港务（集团）有限公司"),  # a bracketed suffix
    ("澜图智能(苏州)股份有限公司今日披露半年报。", "澜图智能(苏州)股份有限公司"),  # a bracketed place
    ("浙江云栖投资有限公司近日完成工商变更。", "浙江云栖投资有限公司"),  # runs from its place over 投资
    ("绍兴明理教育集团宣布新校区落成。", "绍兴明理教育集团"),
    ("南京秦淮投资控股有限公司发布公告。", "南京秦淮投资控股有限公司"),  # 投资 inside a name
    ("晨光云图董事长周启航表示。", "晨光云图"),  # a name before a title and a person
]


@pytest.mark.parametrize("text,name", ORG_NAMES, ids=[t[0][:10] for t in ORG_NAMES])
def test_organisation_names(text, name, gazetteer):
    result = run(text, gazetteer)
    orgs = {m.text for e in result.entities.values() if e.type in ("Company", "Organization", "Investor")
            for m in e.mentions}
    assert name in orgs, orgs


NO_ORG = [
    "公司董事长张三表示，业绩稳步增长。",  # a generic word before the title
    "另一名联合创始人李四出席了活动。",  # no name before the title
    "他会见了上市公司董事长王五。",
]


@pytest.mark.parametrize("text", NO_ORG, ids=[t[:10] for t in NO_ORG])
def test_no_organisation_from_generic_words(text, gazetteer):
    result = run(text, gazetteer)
    assert not [e for e in result.entities.values() if e.type in ("Company", "Organization")]
    assert facts_of(result) == []


PEOPLE = [
    # (text, person expected): biographies, role verbs, titles with separators
    ("李明远，男，1970年出生。", "李明远"),
    ("曹雅琴，女，甘肃祁连（集团）有限公司党委书记、董事长，高级经济师。", "曹雅琴"),
    ("2021年11月起，邵景川担任北海湾港务（集团）有限公司董事长。", "邵景川"),
    ("公司董事长：王德明", "王德明"),
    ("重庆天舟物流有限公司，法定代表人为刘志强。", "刘志强"),
]


@pytest.mark.parametrize("text,person", PEOPLE, ids=[t[0][:10] for t in PEOPLE])
def test_people_from_structure(text, person, gazetteer):
    result = run(text, gazetteer)
    people = {m.text for e in result.entities.values() if e.type == "Person" for m in e.mentions}
    assert person in people, people


def test_structure_extractors_keep_evidence(gazetteer):
    text = "李明远，男，1970年出生，汉族，现任成都锐思信息技术股份有限公司董事长。"
    (fact,) = run(text, gazetteer).facts
    (ev,) = fact.evidence
    assert ev.extractor == "zh.biographies" and ev.confidence < 0.9 and ev.modality == "asserted"


NAME_BOUNDARIES = [
    # (text, organisation name expected): a one-character boundary word inside a word is part of the name
    ("云帆数据有限公司发布公告。", "云帆数据有限公司"),  # 据 inside 数据
    ("据报道，星河数据有限公司完成融资。", "星河数据有限公司"),  # 据 as 'according to' still ends a name
]


@pytest.mark.parametrize("text,name", NAME_BOUNDARIES, ids=[t[0][:10] for t in NAME_BOUNDARIES])
def test_boundary_words_follow_jieba_words(text, name, gazetteer):
    result = run(text, gazetteer)
    orgs = {m.text for e in result.entities.values() for m in e.mentions}
    assert name in orgs, orgs


def test_new_units_are_no_names(gazetteer):
    result = run("星河数据有限公司在东京设立分公司。", gazetteer)
    orgs = {m.text for e in result.entities.values() for m in e.mentions}
    assert "东京设立分公司" not in orgs, orgs


CONFIDENCE = [
    # (text, triple, confidence at least / below 0.8): board chairmen strong, other titles weaker
    ("海川控股董事长王明出席了活动。", ("王明", "executiveOf", "海川控股"), True),
    ("海川控股副总经理王明出席了活动。", ("王明", "executiveOf", "海川控股"), False),
    ("云帆数据有限公司，2012年创立于江西省九江市。", ("云帆数据有限公司", "headquarteredIn", "江西省九江市"), False),
]


@pytest.mark.parametrize("text,triple,strong", CONFIDENCE, ids=[t[0][:10] for t in CONFIDENCE])
def test_rule_confidence(text, triple, strong, gazetteer):
    result = run(text, gazetteer)
    missing, _ = compare(result, {triple})
    assert not missing
    conf = max(ev.confidence for f in result.facts for ev in f.evidence if f.predicate == triple[1])
    assert (conf >= 0.8) is strong, conf


SENTENCE_GAPS = [
    # (text, number of sentences): blanks between Chinese clauses
    ("星河数据是一家大数据服务公司　海川控股成立于2011年", 2),  # a full-width space
    ("星河数据是一家领先的大数据服务提供商 海川控股有限公司成立于二零一一年", 2),  # one blank, long clauses
    ("海川证券 董事长 王明出席", 1),  # short captions
    ("——周文韬　云岭数据股份有限公司董事长", 1),  # a name before its title, after a dash
    ("星河数据是一家领先的大数据服务集团董事长 王明先生出席了今天的发布会活动", 1),  # a title before the blank
]


@pytest.mark.parametrize("text,n", SENTENCE_GAPS, ids=[t[0][:10] for t in SENTENCE_GAPS])
def test_sentence_gaps(text, n):
    from kg.nlp import get_nlp

    assert len(list(get_nlp("zh")(text).sents)) == n


ALIASES = [
    # (text, two names that must be one entity): short names, aliases after a cue word, places in chains
    ("海川控股有限公司董事长王明表示，海川控股将扩大投资。", "海川控股有限公司", "海川控股"),
    ("海川证券集团有限责任公司（简称“海川证券”），总部设在深圳。", "海川证券集团有限责任公司", "海川证券"),
    ("星河电器（集团）股份有限公司（下称“星河电器”，证券代码：600000）今日发布年报。", "星河电器（集团）股份有限公司", "星河电器"),
    ("星河机械有限公司总部设在俄亥俄克利夫兰。", "俄亥俄克利夫兰", "克利夫兰"),
    ("公司总部位于江西省赣州市。", "江西省赣州市", "赣州市"),
]


@pytest.mark.parametrize("text,long_,short", ALIASES, ids=[t[0][:10] for t in ALIASES])
def test_short_names_and_aliases(text, long_, short, gazetteer):
    result = run(text, gazetteer)
    entity = next(e for e in result.entities.values() if e.label == long_)
    assert short in names(entity), names(entity)


NOT_ONE_ENTITY = [
    # (text, name, another name that must stay another entity)
    ("2003年5月8日，中国星河电力总公司（以下简称中国星河）在成都注册成立。", "中国星河电力总公司", "中国"),
]


@pytest.mark.parametrize("text,name,other", NOT_ONE_ENTITY, ids=[t[0][:10] for t in NOT_ONE_ENTITY])
def test_alias_cue_needs_the_whole_alias(text, name, other, gazetteer):
    result = run(text, gazetteer)
    entity = next(e for e in result.entities.values() if e.label == name)
    assert other not in names(entity) and entity.type == "Company"


NAME_EDGES = [
    # (text, organisation name expected): where a name read leftwards from its suffix starts
    ("星河文旅集团有限公司王明任集团董事长。", "星河文旅集团有限公司"),  # not '王明任集团'
    ("李强还是创业板上市公司星河精密集团的董事长。", "星河精密集团"),  # a generic noun before the name
    ("海川土地开发有限责任公司成立于2006年。", "海川土地开发有限责任公司"),  # 开发 before a legal suffix
    ("穆罕默德国王科技大学举行典礼。", "穆罕默德国王科技大学"),  # no place across two words
]


@pytest.mark.parametrize("text,name", NAME_EDGES, ids=[t[0][:10] for t in NAME_EDGES])
def test_name_edges(text, name, gazetteer):
    result = run(text, gazetteer)
    orgs = {m.text for e in result.entities.values() if e.type in ("Company", "Organization", "University", "Investor")
            for m in e.mentions}
    assert name in orgs, orgs


NOT_NAMES = [
    # (text, a span that must be no organisation name)
    ("星河文旅集团有限公司王明任集团董事长。", "王明任集团"),  # a person and a role verb end the name
    ("星河数据有限公司在东京设立分公司。", "东京设立分公司"),  # a verb is no part of a name
    ("穆罕默德国王科技大学举行典礼。", "德国王科技大学"),  # a country across two words is no place
    ("门店遍布广东主要城市。", "广东主要城市"),  # '主要城市' is no administrative name
]


@pytest.mark.parametrize("text,span", NOT_NAMES, ids=[t[0][:10] for t in NOT_NAMES])
def test_not_names(text, span, gazetteer):
    result = run(text, gazetteer)
    assert span not in {m.text for e in result.entities.values() for m in e.mentions}
