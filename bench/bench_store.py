"""Benchmark: the saved queries on a synthetic 1M-triple graph, rdflib in memory against the Oxigraph store.

Run with `python bench/bench_store.py` (about 1,000,000 triples; `--quick` for
100,000). The graph is built from synthetic extraction results shaped like
ours (articles in Korean, English and Chinese; companies, people, products,
investors, universities, government bodies and places from shared pools in
which popular entities recur across many articles; facts of the ontology's
relations, each with its evidence; events: funding rounds, acquisitions,
partnerships, launches, listings, appointments, support measures) by the real
`kg.rdf.to_graph` and split into one named graph per article by
`split_by_document`, then written as N-Quads and loaded

* into rdflib: an in-memory `Dataset(default_union=True)` (parsed from the N-Quads), and
* into Oxigraph: a persistent `pyoxigraph.Store` on disk (`bulk_load` of the N-Quads).

Every saved query (`kg.sparql.saved_queries()`) runs on both through
`kg.sparql.run_query`, the code path of `kg query`. A parameter takes its
default when the query file gives one; otherwise an entity parameter names
the entity with the most facts of a fitting class (a second one, an entity two
steps from the first, for a path between two), a string one the English label
of that entity, an integer 10, a decimal 100000000 and a date 2025-01-01.
Oxigraph's time is the median of 3 runs after a warm-up; rdflib's that of one
run (of 3 when the first takes under a second), each query in a forked child
process (it inherits the loaded dataset) stopped after `--rdflib-timeout`
seconds: its speed-up is then a lower bound. Last, fresh interpreters open
the store (read-write and read-only; the store's files evicted from the page
cache first, then with a warm cache) and answer a point query.

Goals: Oxigraph at least 20x faster than rdflib on the median saved query, and
open + point query under 1 s. Prints a table, then one JSON line with the key
numbers; the exit status is 1 when a goal is missed.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import RDFS

from kg.events import STATUS_MODALITY, event_key
from kg.exporters.rdf_formats import split_by_document
from kg.gazetteer import GazetteerEntry
from kg.link import LinkDecision, Linking
from kg.model import Document, DocumentResult, Entity, Event, Evidence, Fact, Mention, Value
from kg.ontology import TK
from kg.rdf import entity_iri, to_graph
from kg.sparql import SavedQuery, bind_params, run_query, saved_queries

ROOT = Path(__file__).resolve().parent.parent

SPEEDUP_GOAL = 20.0
OPEN_GOAL = 1.0
#: Triples of the graph per synthetic article, measured (about 355, nearly constant with the corpus size).
TRIPLES_PER_ARTICLE = 355
STARTED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)


# ---------------------------------------------------------------------------
# A synthetic world: entities with names in three languages, and what is true of them

# name parts as (English, Korean, Chinese)
_STEMS = [
    ("Zen", "젠", "禅"), ("Nova", "노바", "诺瓦"), ("Quant", "퀀트", "宽特"), ("Hyper", "하이퍼", "海珀"),
    ("Deep", "딥", "深"), ("Bright", "브라이트", "明"), ("Silver", "실버", "银"), ("Lumen", "루멘", "流明"),
    ("Astra", "아스트라", "阿斯特拉"), ("Cyber", "사이버", "赛博"), ("Terra", "테라", "泰拉"), ("Vertex", "버텍스", "维特"),
    ("Orbit", "오빗", "轨道"), ("Pixel", "픽셀", "像素"), ("Neuro", "뉴로", "纽罗"), ("Sino", "시노", "华"),
    ("Han", "한", "汉"), ("Blue", "블루", "蓝"), ("Star", "스타", "星"), ("Moon", "문", "月"), ("Sun", "선", "阳"),
    ("Wave", "웨이브", "波"), ("Peak", "피크", "峰"), ("Core", "코어", "芯"), ("Swift", "스위프트", "迅"),
    ("Iron", "아이언", "铁"), ("Jade", "제이드", "玉"), ("Dragon", "드래곤", "龙"), ("Tiger", "타이거", "虎"),
    ("Phoenix", "피닉스", "凤凰"), ("Cloud", "클라우드", "云"), ("Matrix", "매트릭스", "矩阵"), ("Sigma", "시그마", "西格玛"),
    ("Axon", "액손", "轴突"), ("Helix", "헬릭스", "螺旋"), ("Kite", "카이트", "风筝"), ("Lotus", "로터스", "莲"),
    ("Maple", "메이플", "枫"), ("Pine", "파인", "松"), ("River", "리버", "江"),
]
_ENDS = [
    ("tech", "테크", "科"), ("ix", "익스", "艾"), ("ora", "오라", "奥"), ("mind", "마인드", "智"), ("works", "웍스", "工"),
    ("logic", "로직", "逻辑"), ("labs", "랩스", "实验"), ("sys", "시스", "系"), ("net", "넷", "网"), ("ai", "에이아이", "爱"),
    ("gen", "젠", "元"), ("bit", "비트", "比特"),
]
_KINDS = {
    "Company": [("Robotics", "로보틱스", "机器人"), ("Semiconductor", "반도체", "半导体"), ("Motors", "모터스", "汽车"),
                ("Electronics", "전자", "电子"), ("Technologies", "테크놀로지", "科技"), ("Group", "그룹", "集团"),
                ("Bio", "바이오", "生物"), ("Games", "게임즈", "游戏"), ("Networks", "네트웍스", "网络"),
                ("Energy", "에너지", "能源")],
    "Startup": [("AI", "AI", "智能"), ("Robotics", "로보틱스", "机器人"), ("Labs", "랩스", "实验室"), ("Dynamics", "다이내믹스", "动力")],
    "Investor": [("Capital", "캐피탈", "资本"), ("Ventures", "벤처스", "创投"), ("Partners", "파트너스", "合伙人"),
                 ("Investment", "인베스트먼트", "投资")],
    "University": [("University", "대학교", "大学"), ("Institute of Technology", "과학기술원", "理工学院")],
    "MediaOutlet": [("Daily", "일보", "日报"), ("Times", "타임스", "时报"), ("News", "뉴스", "新闻")],
}
_LEGAL = {"en": "Inc.", "ko": "(주)", "zh": "有限公司"}
_SURNAMES = [
    ("Zhang", "장", "张"), ("Wang", "왕", "王"), ("Li", "리", "李"), ("Liu", "류", "刘"), ("Chen", "천", "陈"),
    ("Yang", "양", "杨"), ("Huang", "황", "黄"), ("Zhao", "자오", "赵"), ("Wu", "우", "吴"), ("Zhou", "저우", "周"),
    ("Xu", "쉬", "徐"), ("Sun", "쑨", "孙"), ("Ma", "마", "马"), ("Zhu", "주", "朱"), ("Hu", "후", "胡"),
    ("Guo", "궈", "郭"), ("Lin", "린", "林"), ("He", "허", "何"), ("Gao", "가오", "高"), ("Luo", "뤄", "罗"),
    ("Kim", "김", "金"), ("Lee", "이", "李"), ("Park", "박", "朴"), ("Choi", "최", "崔"), ("Jung", "정", "郑"),
    ("Kang", "강", "姜"), ("Cho", "조", "赵"), ("Yoon", "윤", "尹"), ("Jang", "장", "张"), ("Lim", "임", "林"),
    ("Smith", "스미스", "史密斯"), ("Johnson", "존슨", "约翰逊"), ("Brown", "브라운", "布朗"), ("Miller", "밀러", "米勒"),
    ("Davis", "데이비스", "戴维斯"), ("Tanaka", "다나카", "田中"),
]
_GIVEN = [
    ("Wei", "웨이", "伟"), ("Fang", "팡", "芳"), ("Lei", "레이", "磊"), ("Jun", "쥔", "军"), ("Yong", "융", "勇"),
    ("Jie", "제", "杰"), ("Tao", "타오", "涛"), ("Ming", "밍", "明"), ("Hao", "하오", "浩"), ("Yu", "위", "宇"),
    ("Xin", "신", "欣"), ("Hui", "후이", "慧"), ("Min-jun", "민준", "敏俊"), ("Seo-yeon", "서연", "瑞妍"),
    ("Ji-ho", "지호", "志浩"), ("Ha-eun", "하은", "夏恩"), ("Do-yoon", "도윤", "道允"), ("Ye-jin", "예진", "艺珍"),
    ("Sung-min", "성민", "成民"), ("Hyun-woo", "현우", "贤宇"), ("John", "존", "约翰"), ("Mary", "메리", "玛丽"),
    ("David", "데이비드", "大卫"), ("Sarah", "세라", "莎拉"), ("Michael", "마이클", "迈克尔"), ("Emily", "에밀리", "艾米丽"),
    ("Kenji", "겐지", "健二"), ("Yuki", "유키", "由纪"), ("Mingyuan", "밍위안", "明远"), ("Xiaoming", "샤오밍", "小明"),
]
_PRODUCT_KINDS = [  # (class, weight, English suffixes)
    ("AIModel", 5, ["", " 2", " 2.5", " Max", " Pro", " R1", " V3", " Turbo"]),
    ("Chip", 2, [" X1", " 900", " H20", " Ascend"]),
    ("Device", 2, [" Phone", " Pad", " Watch", " Glass"]),
    ("Software", 1, [" OS", " Studio", " Cloud"]),
    ("Platform", 1, [" Hub", " Pay", " Store"]),
    ("Game", 1, [": Origins", " Online", " Legends"]),
]
_PLACES = [  # (id, class, en, ko, zh)
    ("china", "Country", "China", "중국", "中国"), ("south-korea", "Country", "South Korea", "한국", "韩国"),
    ("united-states", "Country", "United States", "미국", "美国"), ("japan", "Country", "Japan", "일본", "日本"),
    ("taiwan", "Region", "Taiwan", "대만", "台湾"), ("germany", "Country", "Germany", "독일", "德国"),
    ("singapore", "Country", "Singapore", "싱가포르", "新加坡"), ("india", "Country", "India", "인도", "印度"),
    ("beijing", "City", "Beijing", "베이징", "北京"), ("shanghai", "City", "Shanghai", "상하이", "上海"),
    ("shenzhen", "City", "Shenzhen", "선전", "深圳"), ("hangzhou", "City", "Hangzhou", "항저우", "杭州"),
    ("guangzhou", "City", "Guangzhou", "광저우", "广州"), ("chengdu", "City", "Chengdu", "청두", "成都"),
    ("wuhan", "City", "Wuhan", "우한", "武汉"), ("nanjing", "City", "Nanjing", "난징", "南京"),
    ("suzhou", "City", "Suzhou", "쑤저우", "苏州"), ("hong-kong", "City", "Hong Kong", "홍콩", "香港"),
    ("seoul", "City", "Seoul", "서울", "首尔"), ("busan", "City", "Busan", "부산", "釜山"),
    ("pangyo", "City", "Pangyo", "판교", "板桥"), ("daejeon", "City", "Daejeon", "대전", "大田"),
    ("san-francisco", "City", "San Francisco", "샌프란시스코", "旧金山"), ("new-york", "City", "New York", "뉴욕", "纽约"),
    ("tokyo", "City", "Tokyo", "도쿄", "东京"), ("silicon-valley", "Region", "Silicon Valley", "실리콘밸리", "硅谷"),
    ("guangdong", "Region", "Guangdong", "광둥성", "广东省"), ("zhejiang", "Region", "Zhejiang", "저장성", "浙江省"),
    ("gyeonggi", "Region", "Gyeonggi Province", "경기도", "京畿道"), ("jiangsu", "Region", "Jiangsu", "장쑤성", "江苏省"),
]
_EXCHANGES = [
    ("hkex", "Hong Kong Stock Exchange", "홍콩증권거래소", "香港交易所"), ("nasdaq", "Nasdaq", "나스닥", "纳斯达克"),
    ("nyse", "New York Stock Exchange", "뉴욕증권거래소", "纽约证券交易所"), ("kospi", "KOSPI", "코스피", "韩国综合指数"),
    ("kosdaq", "KOSDAQ", "코스닥", "科斯达克"), ("star-market", "STAR Market", "커촹반", "科创板"),
    ("sse", "Shanghai Stock Exchange", "상하이증권거래소", "上海证券交易所"),
    ("szse", "Shenzhen Stock Exchange", "선전증권거래소", "深圳证券交易所"),
]
_GOVERNMENT = [
    ("Ministry of Digital Affairs", "디지털부", "数字事务部"),
    ("Ministry of Industry and Information Technology", "공업정보화부", "工业和信息化部"),
    ("National Development and Reform Commission", "국가발전개혁위원회", "国家发展和改革委员会"),
    ("Ministry of Trade, Industry and Energy", "산업통상자원부", "产业通商资源部"),
    ("Fair Trade Commission", "공정거래위원회", "公平交易委员会"), ("Financial Services Commission", "금융위원회", "金融委员会"),
    ("State Council", "국무원", "国务院"), ("Department of Commerce", "상무부", "商务部"),
    ("Cyberspace Administration", "인터넷정보판공실", "网信办"), ("Ministry of SMEs and Startups", "중소벤처기업부", "中小企业部"),
]
_ORG_CLASSES = ("Company", "Startup", "Investor", "University", "GovernmentBody", "MediaOutlet", "StockExchange")
_PLACE_CLASSES = ("Country", "City", "Region")
_PRODUCT_CLASSES = tuple(k for k, _w, _s in _PRODUCT_KINDS)
_LANGS = ("ko", "en", "zh")
_LANG_WEIGHTS = (5, 3, 2)


@dataclass
class WEntity:
    """An entity of the synthetic world: its global id (as after linking) and names."""

    id: str
    type: str
    names: dict[str, str]  # lang -> name
    aliases: dict[str, list[str]] = field(default_factory=dict)
    known: bool = False  # in the gazetteer: labels in every language, Wikidata id, ticker, website
    home: str = "en"  # language of its first name, for an id made from a name


@dataclass
class WEvent:
    type: str
    roles: tuple[tuple[str, str], ...]
    status: str
    amount: tuple[str, str, bool] | None  # (normalized "AMOUNT CUR", text, approximate)
    date: tuple[str, str] | None  # (normalized, precision); ("", "") for a relative, unresolved date
    attributes: tuple[tuple[str, str], ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()


class World:
    """Pools of entities sized for ``n_docs`` articles, the facts and events that hold between them."""

    def __init__(self, n_docs: int, seed: int):
        self.rng = random.Random(seed)
        self.entities: dict[str, WEntity] = {}
        self.pools: dict[str, list[str]] = defaultdict(list)
        self._used_names: set[str] = set()
        n = max(n_docs, 50)
        self._orgs("Company", int(n * 0.5) + 40)
        self._orgs("Startup", int(n * 0.3) + 30)
        self._orgs("Investor", int(n * 0.12) + 20)
        self._orgs("University", int(n * 0.02) + 15)
        self._orgs("MediaOutlet", 30)
        self._persons(int(n * 1.2) + 60)
        self._products(int(n * 0.5) + 40)
        for pid, cls, en, ko, zh in _PLACES:
            self._add(WEntity(pid, cls, {"en": en, "ko": ko, "zh": zh}, known=True))
        for xid, en, ko, zh in _EXCHANGES:
            self._add(WEntity(xid, "StockExchange", {"en": en, "ko": ko, "zh": zh}, known=True))
        for en, ko, zh in _GOVERNMENT:
            self._add(WEntity(_slug(en), "GovernmentBody", {"en": en, "ko": ko, "zh": zh}, known=True))
        for city in [p for p in _PLACES if p[1] == "City"]:
            en, ko, zh = f"{city[2]} Municipal Government", f"{city[3]}시 정부", f"{city[4]}市政府"
            self._add(WEntity(_slug(en), "GovernmentBody", {"en": en, "ko": ko, "zh": zh}, known=True))
        # Zipf-like popularity: the k-th entity of a pool is picked with weight 1/k
        self.cum: dict[str, list[float]] = {}
        for cls, ids in self.pools.items():
            acc, cum = 0.0, []
            for k in range(len(ids)):
                acc += 1.0 / (k + 1)
                cum.append(acc)
            self.cum[cls] = cum
        self.facts: list[tuple[str, str, str | Value]] = []
        self.about: dict[str, list[int]] = defaultdict(list)  # entity -> indexes of facts about it
        self.events: list[WEvent] = []
        self.events_of: dict[str, list[int]] = defaultdict(list)
        self._relate()

    # --- entities

    def _add(self, e: WEntity) -> None:
        base, k = e.id, 2
        while e.id in self.entities:
            e.id = f"{base}-{k}"
            k += 1
        self.entities[e.id] = e
        self.pools[e.type].append(e.id)

    def _unique(self, names: dict[str, str]) -> dict[str, str]:
        k = 2
        out = dict(names)
        while out["en"] in self._used_names:
            out = {lang: f"{name} {k}" for lang, name in names.items()}
            k += 1
        self._used_names.add(out["en"])
        return out

    def _finish(self, cls: str, names: dict[str, str], rank: int, total: int) -> None:
        known = rank < max(20, total // 3)  # popular ones are in the gazetteer
        home = self.rng.choices(_LANGS, _LANG_WEIGHTS)[0]
        eid = _slug(names["en"]) if known else f"{home}/{names[home].replace(' ', '_')}"
        aliases = {}
        if cls in ("Company", "Startup") and self.rng.random() < 0.5:
            aliases = {lang: [f"{name} {_LEGAL[lang]}" if lang != "ko" else f"{_LEGAL[lang]}{name}"]
                       for lang, name in names.items()}
        if not known:  # an unknown entity is named in its home language (and sometimes in others)
            names = {lang: n for lang, n in names.items() if lang == home or self.rng.random() < 0.3}
        self._add(WEntity(eid, cls, names, aliases, known, home))

    def _orgs(self, cls: str, count: int) -> None:
        kinds = _KINDS[cls]
        for rank in range(count):
            s, e, k = self.rng.choice(_STEMS), self.rng.choice(_ENDS), self.rng.choice(kinds)
            if cls == "University":
                p = self.rng.choice([x for x in _PLACES if x[1] == "City"])
                names = {"en": f"{p[2]} {k[0]}", "ko": f"{p[3]}{k[1]}", "zh": f"{p[4]}{k[2]}"}
            else:
                names = {"en": f"{s[0]}{e[0]} {k[0]}", "ko": f"{s[1]}{e[1]} {k[1]}", "zh": f"{s[2]}{e[2]}{k[2]}"}
            self._finish(cls, self._unique(names), rank, count)

    def _persons(self, count: int) -> None:
        for rank in range(count):
            s, g = self.rng.choice(_SURNAMES), self.rng.choice(_GIVEN)
            names = {"en": f"{g[0]} {s[0]}", "ko": f"{s[1]}{g[1]}", "zh": f"{s[2]}{g[2]}"}
            self._finish("Person", names, rank, count)  # namesakes are different people

    def _products(self, count: int) -> None:
        classes = [k for k, _w, _s in _PRODUCT_KINDS]
        weights = [w for _k, w, _s in _PRODUCT_KINDS]
        for rank in range(count):
            i = self.rng.choices(range(len(classes)), weights)[0]
            cls, suffix = classes[i], self.rng.choice(_PRODUCT_KINDS[i][2])
            s, e = self.rng.choice(_STEMS), self.rng.choice(_ENDS)
            names = {"en": f"{s[0]}{e[0]}{suffix}", "ko": f"{s[1]}{e[1]}{suffix}", "zh": f"{s[2]}{e[2]}{suffix}"}
            self._finish(cls, self._unique(names), rank, count)

    def pick(self, cls: str, k: int = 1) -> list[str]:
        if not self.pools.get(cls):
            return []
        return self.rng.choices(self.pools[cls], cum_weights=self.cum[cls], k=k)

    def pick_any(self, classes: tuple[str, ...]) -> str:
        return self.pick(self.rng.choice([c for c in classes if self.pools.get(c)]))[0]

    # --- facts and events

    def _fact(self, s: str, p: str, o: str | Value) -> None:
        i = len(self.facts)
        self.facts.append((s, p, o))
        self.about[s].append(i)
        if isinstance(o, str):
            self.about[o].append(i)

    def _event(self, ev: WEvent) -> None:
        i = len(self.events)
        self.events.append(ev)
        for _role, e in ev.roles:
            self.events_of[e].append(i)

    def _money(self) -> tuple[str, str, bool]:
        cur = self.rng.choices(("USD", "KRW", "CNY", "HKD"), (5, 3, 3, 1))[0]
        usd = self.rng.choice((1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 80, 100, 150, 200, 300, 500, 1000)) * 1_000_000
        factor = {"USD": 1, "KRW": 1300, "CNY": 7, "HKD": 8}[cur]
        amount = usd * factor
        return f"{amount} {cur}", f"{amount:,} {cur}", self.rng.random() < 0.2

    def _date(self) -> tuple[str, str]:
        if self.rng.random() < 0.15:
            return ("", "")
        d = date(2023, 1, 1) + timedelta(days=self.rng.randrange(3 * 365))
        return (d.isoformat(), "day") if self.rng.random() < 0.7 else (d.isoformat()[:7], "month")

    def _status(self) -> str:
        return self.rng.choices(("completed", "announced", "planned", "considered", "denied", "rumoured"),
                                (40, 30, 10, 8, 5, 7))[0]

    def _relate(self) -> None:
        rng = self.rng
        orgs = ("Company", "Startup")
        for cls in orgs:
            pool = self.pools[cls]
            for rank, c in enumerate(pool):
                rich = rank < max(5, len(pool) // 50)  # the most reported companies have the fullest records
                ceo = self.pick("Person")[0]
                self._fact(ceo, "ceoOf", c)
                if rng.random() < 0.3:
                    self._event(WEvent("Appointment", tuple(sorted((("person", ceo), ("organization", c)))),
                                self._status(), None, self._date(), (("role", "CEO"), ("roleChange", "start")),
                                ((ceo, "ceoOf", c),)))
                for f in self.pick("Person", rng.randint(1, 2)):
                    self._fact(f, "founderOf", c)
                for x in self.pick("Person", rng.randint(0, 3)):
                    self._fact(x, "executiveOf", c)
                for x in self.pick("Person", rng.randint(0, 3)):
                    self._fact(x, "employeeOf", c)
                self._fact(c, "headquarteredIn", self.pick(rng.choice(("City", "City", "Region", "Country")))[0])
                if rng.random() < 0.6:
                    self._fact(c, "foundedOn", Value("date", "", 0, 0, 0, str(rng.randint(1990, 2024)), "year"))
                for p in self.pick(rng.choice(_PRODUCT_CLASSES), rng.randint(2, 4) if rich else rng.randint(0, 3)):
                    self._fact(c, "develops", p)
                    if rng.random() < 0.4:
                        self._event(WEvent("ProductLaunch", (("launchedBy", c), ("launchedProduct", p)),
                                           self._status(), None, self._date(), (), ((c, "develops", p),)))
                for o in self.pick(rng.choice(orgs), rng.randint(2, 4) if rich else rng.randint(0, 3)):
                    if o != c:
                        self._fact(c, "partneredWith", o)
                        if rng.random() < 0.4:
                            self._event(WEvent("Partnership", tuple(sorted((("partner", c), ("partner", o)))),
                                               self._status(), None, self._date(), (), ((c, "partneredWith", o),)))
                for o in self.pick(cls, rng.randint(0, 2)):
                    if o != c:
                        self._fact(c, "competitorOf", o)
                if rng.random() < 0.15:
                    o = self.pick("Company")[0]
                    if o != c:
                        self._fact(c, "subsidiaryOf", o)
                if rng.random() < 0.2:
                    o = self.pick("Company")[0]
                    if o != c:
                        self._fact(c, "supplierOf", o)
                if cls == "Company" and rng.random() < 0.1:
                    o = self.pick("Startup")[0]
                    self._fact(c, "acquired", o)
                    self._event(WEvent("Acquisition", tuple(sorted((("acquirer", c), ("acquiree", o)))),
                                       self._status(), self._money() if rng.random() < 0.6 else None, self._date(),
                                       (), ((c, "acquired", o),)))
                if rich or rng.random() < (0.3 if cls == "Company" else 0.05):
                    x = self.pick("StockExchange")[0]
                    self._fact(c, "listedOn", x)
                    if rng.random() < 0.3:
                        self._event(WEvent("Listing", (("issuer", c), ("venue", x)), self._status(),
                                           self._money(), self._date(), (), ((c, "listedOn", x),)))
                rounds = (rng.randint(1, 3) if cls == "Startup" or rich
                          else 1 if rng.random() < 0.15 else 0)
                for _ in range(rounds):
                    investors = list(dict.fromkeys(self.pick("Investor", rng.randint(1, 3))
                                                   + ([self.pick("Company")[0]] if rng.random() < 0.3 else [])))
                    roles = [("investee", c), ("leadInvestor", investors[0])] + [("investor", i) for i in investors[1:]]
                    for i in investors:
                        self._fact(i, "investsIn", c)
                    attrs = (("amountScope", "combined"),) if rng.random() < 0.05 else ()
                    self._event(WEvent("FundingRound", tuple(sorted(roles)), self._status(), self._money(),
                                       self._date(), attrs, tuple((i, "investsIn", c) for i in investors)))
        for u in self.pools["University"]:
            self._fact(u, "headquarteredIn", self.pick("City")[0])
            for o in self.pick(rng.choice(orgs), rng.randint(1, 3)):
                self._fact(u, "partneredWith", o)
            for p in self.pick("Person", rng.randint(0, 3)):
                self._fact(p, "employeeOf", u)
        for i in self.pools["Investor"]:
            self._fact(i, "headquarteredIn", self.pick("City")[0])
            for f in self.pick("Person", rng.randint(1, 2)):
                self._fact(f, "founderOf", i)
        for g in self.pools["GovernmentBody"]:
            for _ in range(rng.randint(1, 4)):
                self._event(WEvent("SupportMeasure", (("provider", g),), self._status(), self._money(), self._date(),
                                   (("amountScope", "cap"), ("purpose", "AI 모델 훈련 지원"), ("shareLimit", "0.6"))))
            if rng.random() < 0.3:
                self._event(WEvent("Investment", (("investor", g),), "planned", self._money(), self._date(),
                                   (("period", "P3Y"), ("purpose", "AI 인프라 구축"))))


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(p for p in out.split("-") if p)


# ---------------------------------------------------------------------------
# Articles: what each one says about a few entities of the world

_EXTRACTORS = {
    "founderOf": "founder", "ceoOf": "genitive_title", "executiveOf": "genitive_title", "employeeOf": "title",
    "investsIn": "investment", "partneredWith": "partnership", "acquired": "acquisition", "subsidiaryOf": "apposition",
    "develops": "product", "competitorOf": "competition", "headquarteredIn": "location", "listedOn": "listing",
    "supplierOf": "supply", "foundedOn": "founding_date",
}
_VERBS = {
    "en": {"founderOf": "founded", "ceoOf": "is the chief executive of", "executiveOf": "is an executive at",
           "employeeOf": "works at", "investsIn": "invested in", "partneredWith": "partnered with",
           "acquired": "acquired", "subsidiaryOf": "is a subsidiary of", "develops": "develops",
           "competitorOf": "competes with", "headquarteredIn": "is based in", "listedOn": "is listed on",
           "supplierOf": "supplies", "foundedOn": "was founded in"},
    "ko": {"founderOf": "를 창업했다", "ceoOf": "의 대표이사를 맡고 있다", "executiveOf": "의 임원이다",
           "employeeOf": "에서 일한다", "investsIn": "에 투자했다", "partneredWith": "와 협력한다",
           "acquired": "를 인수했다", "subsidiaryOf": "의 자회사다", "develops": "를 개발했다",
           "competitorOf": "와 경쟁한다", "headquarteredIn": "에 본사를 두고 있다", "listedOn": "에 상장돼 있다",
           "supplierOf": "에 공급한다", "foundedOn": "에 설립됐다"},
    "zh": {"founderOf": "创立了", "ceoOf": "担任首席执行官于", "executiveOf": "任职高管于", "employeeOf": "就职于",
           "investsIn": "投资了", "partneredWith": "与之合作", "acquired": "收购了", "subsidiaryOf": "隶属于",
           "develops": "开发了", "competitorOf": "竞争对手是", "headquarteredIn": "总部位于", "listedOn": "上市于",
           "supplierOf": "供应给", "foundedOn": "成立于"},
}
_EVENT_WORDS = {"en": "announced a deal on", "ko": "관련 거래를 발표했다", "zh": "宣布了交易"}
_FILLER = {
    "en": ("According to people familiar with the matter, ", "On Tuesday, ", "In a statement, ",
           "Industry sources said "),
    "ko": ("업계에 따르면 ", "24일 ", "회사 측은 ", "관계자는 "),
    "zh": ("据知情人士透露，", "周二，", "公司在声明中表示，", "业内人士称，"),
}
_TAIL = {"en": (".", " last week.", ", the company said."), "ko": (".", "고 밝혔다.", "고 전했다."),
         "zh": ("。", "，消息人士称。", "。")}
_MODALITIES = ("asserted", "hedged", "past", "planned", "denied")
_MODALITY_WEIGHTS = (82, 6, 4, 5, 3)


class ArticleWriter:
    """Deterministic synthetic :class:`DocumentResult` records, one per article."""

    def __init__(self, world: World, seed: int):
        self.w = world
        self.rng = random.Random(seed + 1)
        self.seen: dict[str, tuple[str, str, str]] = {}  # entity -> (doc, name, lang) of its first article
        self.decisions: list[LinkDecision] = []

    def article(self, i: int) -> DocumentResult:
        rng, w = self.rng, self.w
        lang = rng.choices(_LANGS, _LANG_WEIGHTS)[0]
        doc_id = f"{i:06d}_{hashlib.sha1(f'synthetic-{i}'.encode()).hexdigest()[:16]}"
        published = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        focus = list(dict.fromkeys(w.pick(rng.choices(("Company", "Startup"), (3, 2))[0])[0]
                                   for _ in range(rng.randint(1, 3))))
        # the facts around the focus entities, and a few an extractor got wrong (random pairs)
        around = [k for e in focus for k in w.about[e]]
        n_facts = rng.randint(10, 20)
        chosen = rng.sample(around, min(len(around), n_facts))
        triples = [w.facts[k] for k in chosen]
        for _ in range(rng.randint(0, 2)):
            s, o = w.pick_any(("Company", "Startup")), w.pick_any(("Company", "Startup"))
            if s != o:
                triples.append((s, rng.choice(("partneredWith", "competitorOf", "supplierOf")), o))
        events = sorted({k for e in focus for k in w.events_of[e]})
        events = rng.sample(events, min(len(events), rng.choice((0, 1, 1, 2, 3))))
        if rng.random() < 0.05 and w.pools["GovernmentBody"]:
            g = w.pick("GovernmentBody")[0]
            events += w.events_of[g][:1]

        ids: list[str] = list(focus)
        for s, _p, o in triples:
            ids.append(s)
            if isinstance(o, str):
                ids.append(o)
        for k in events:
            ids.extend(e for _r, e in w.events[k].roles)
        for _ in range(rng.randint(0, 2)):  # places, media and others only mentioned
            ids.append(w.pick_any(("City", "Country", "Region", "MediaOutlet", "University")))
        ids = list(dict.fromkeys(ids))

        pos = 0
        sentence = 0
        facts: list[Fact] = []
        names = {e: self._name(e, lang) for e in ids}

        def evidence(core: str, extractor: str, confidence: float, modality: str) -> Evidence:
            nonlocal pos, sentence
            head, tail = rng.choice(_FILLER[lang]), rng.choice(_TAIL[lang])
            text = head + core + tail
            ev = Evidence(doc_id, sentence, text, pos + len(head), pos + len(head) + len(core), extractor,
                          "0.4.0", confidence, modality)
            pos += len(text) + 1
            sentence += 1
            return ev

        for s, p, o in triples:
            obj = o.normalized if isinstance(o, Value) else names[o]
            core = f"{names[s]} {_VERBS[lang][p]} {obj}" if lang == "en" else (
                f"{names[s]}{'가' if lang == 'ko' else ''} {obj}{_VERBS[lang][p]}" if lang == "ko"
                else f"{names[s]}{_VERBS[lang][p]}{obj}")
            modality = rng.choices(_MODALITIES, _MODALITY_WEIGHTS)[0]
            conf = round(rng.uniform(0.55, 0.99), 2)
            evs = [evidence(core, f"{lang}.{_EXTRACTORS[p]}", conf, modality)]
            if rng.random() < 0.1:  # stated twice in the article
                evs.append(evidence(core, f"{lang}.svo", round(conf - 0.1, 2), modality))
            if isinstance(o, Value):
                o = replace(o, text=o.normalized, start=evs[0].start, end=evs[0].end, sentence=evs[0].sentence_index)
            facts.append(Fact(s, p, o, tuple(evs)))

        doc_events: list[Event] = []
        for k in events:
            we = w.events[k]
            parties = " ".join(names[e] for _r, e in we.roles)
            ev = evidence(f"{parties} {_EVENT_WORDS[lang]}", f"{lang}.event.{we.type[0].lower()}{we.type[1:]}",
                          round(rng.uniform(0.6, 0.95), 2), STATUS_MODALITY[we.status])
            amount = None
            if we.amount is not None:
                amount = Value("money", we.amount[1], ev.start, ev.end, ev.sentence_index, we.amount[0],
                               approximate=we.amount[2])
            when = None
            if we.date is not None:
                when = Value("date", we.date[0] or {"ko": "지난주", "en": "last week", "zh": "上周"}[lang],
                             ev.start, ev.end, ev.sentence_index, we.date[0], we.date[1], relative=not we.date[0])
            event = Event("", we.type, we.roles, we.status, amount, when, we.attributes, (ev,), we.relations)
            doc_events.append(replace(event, id=event_key(event, doc_id)))
            for s, p, o in we.relations:  # the plain relations the event states, from the same span
                facts.append(Fact(s, p, o, (replace(ev, extractor=f"{lang}.event.relation"),)))

        entities: dict[str, Entity] = {}
        for e in ids:
            we = w.entities[e]
            mentions = [Mention(0, len(names[e]), names[e], we.type, 0, "gazetteer" if we.known else f"{lang}.ner")]
            aliases = set()
            if we.aliases.get(lang) and rng.random() < 0.5:
                aliases.add(we.aliases[lang][0])
            entities[e] = Entity(e, we.type, names[e], lang, labels={"en": we.names["en"]} if we.known else {},
                                 aliases=aliases, mentions=mentions, gazetteer_id=e if we.known else None)
            first = self.seen.setdefault(e, (doc_id, names[e], lang))
            if not we.known and first[0] != doc_id and rng.random() < 0.2:
                rule = "same-name" if first[1] == names[e] else "cross-script"
                confidence = round(rng.uniform(0.8, 0.99), 2)
                self.decisions.append(LinkDecision("merge", (e,), (first, (doc_id, names[e], lang)), rule,
                                                   confidence, f"{rule}: {first[1]} = {names[e]}"))
        title = f"{names[focus[0]]} {_EVENT_WORDS[lang]}"
        doc = Document(doc_id, "", lang, f"synthetic.jsonl:{i + 1}", f"https://news.example.com/{lang}/{doc_id}",
                       published.isoformat(), title)
        return DocumentResult(doc, [], entities, facts, events=doc_events)

    def _name(self, e: str, lang: str) -> str:
        we = self.w.entities[e]
        return we.names.get(lang) or we.names.get(we.home) or next(iter(we.names.values()))

    def linking(self, results: list[DocumentResult]) -> Linking:
        """Merge decisions, a few same-as candidates and the gazetteer entries of the entities seen."""
        rng = self.rng
        decisions = list(self.decisions)
        people = [e for e in self.seen if self.w.entities[e].type == "Person"]
        for _ in range(len(results) // 50):
            a, b = rng.sample(people, 2)
            decisions.append(LinkDecision("candidate", (a, b), (self.seen[a], self.seen[b]), "similar-name", 0.6,
                                          "similar names, no shared fact"))
        entries = {}
        for n, e in enumerate(sorted(self.seen)):
            we = self.w.entities[e]
            if we.known:
                listed = we.type in ("Company", "Startup") and rng.random() < 0.3
                entries[e] = GazetteerEntry(e, we.type, we.names["en"], wikidata=f"Q{1000 + n}",
                                            ticker=f"HKEX:{n:04d}" if listed else "",
                                            website=f"https://{e}.example.com" if we.type != "Person" else "")
        return Linking({}, decisions, gazetteer_entries=entries, gazetteer_version="2026.11.0")


def synthetic_results(n_docs: int, seed: int = 7) -> tuple[list[DocumentResult], Linking, World]:
    """``n_docs`` synthetic extraction results (entity ids global, as after linking), their linking, the world."""
    world = World(n_docs, seed)
    writer = ArticleWriter(world, seed)
    results = [writer.article(i) for i in range(n_docs)]
    return results, writer.linking(results), world


# ---------------------------------------------------------------------------
# Parameters of the saved queries

_FACT_PREDICATES = ("founderOf", "ceoOf", "executiveOf", "employeeOf", "investsIn", "partneredWith", "acquired",
                    "subsidiaryOf", "develops", "competitorOf", "headquarteredIn", "listedOn", "supplierOf")
_HINTS = (  # words of a parameter's name -> classes of the entity it names
    (("person", "who", "ceo", "founder", "executive", "people", "employee"), ("Person",)),
    (("product", "model", "chip", "device", "software"), _PRODUCT_CLASSES),
    (("place", "city", "country", "region", "where", "location"), _PLACE_CLASSES),
    (("investor", "fund", "vc"), ("Investor",)),
    (("university", "school"), ("University",)),
    (("exchange", "venue", "market"), ("StockExchange",)),
    (("government", "ministry", "provider"), ("GovernmentBody",)),
    (("startup",), ("Startup",)),
)


@dataclass
class Picks:
    """Entities of the built graph to give the queries: by degree (plain fact triples), and their labels."""

    degree: Counter
    types: dict[str, str]
    out: dict[str, set[str]]
    both: dict[str, set[str]]
    labels: dict[str, str]

    def top(self, classes: tuple[str, ...] | None = None, exclude: frozenset[str] | set[str] = frozenset()) -> str:
        for e, _n in self.degree.most_common():
            if (classes is None or self.types.get(e) in classes) and e not in exclude:
                return e
        return self.degree.most_common(1)[0][0]

    def two_steps(self, a: str, classes: tuple[str, ...] | None) -> str:
        """An entity two steps from ``a`` and not one: along the triples' direction when there is one."""
        for nbrs in (self.out, self.both):
            near = nbrs.get(a, set()) | {a}
            far = {c for b in nbrs.get(a, ()) for c in nbrs.get(b, ())} - near - self.both.get(a, set())
            fitting = [c for c in far if classes is None or self.types.get(c) in classes] or sorted(far)
            if fitting:
                return max(sorted(fitting), key=lambda c: self.degree[c])
        return self.top(None, {a})


def picks_of(graph, world: World) -> Picks:
    degree: Counter = Counter()
    out: dict[str, set[str]] = defaultdict(set)
    both: dict[str, set[str]] = defaultdict(set)
    prefix = str(entity_iri(""))
    for name in _FACT_PREDICATES:
        for s, o in graph.subject_objects(TK[name]):
            if not isinstance(o, URIRef):
                continue
            s, o = str(s)[len(prefix):], str(o)[len(prefix):]
            degree[s] += 1
            degree[o] += 1
            out[s].add(o)
            both[s].add(o)
            both[o].add(s)
    types = {e: world.entities[e].type for e in degree if e in world.entities}
    labels: dict[str, str] = {}
    for e, _n in degree.most_common(200):
        for label in graph.objects(entity_iri(e), RDFS.label):
            if getattr(label, "language", None) == "en" or e not in labels:
                labels[e] = str(label)
    return Picks(degree, types, out, both, labels)


def _classes_for(name: str) -> tuple[str, ...] | None:
    low = name.lower()
    for words, classes in _HINTS:
        if any(w in low for w in words):
            return classes
    if any(w in low for w in ("company", "org", "firm")):
        return ("Company", "Startup")
    return None


def query_bindings(saved: SavedQuery, picks: Picks) -> tuple[dict, dict[str, str]]:
    """The terms to bind for ``saved`` and how each is shown."""
    entities: dict[str, str] = {}
    values: dict[str, str] = {}
    first: str | None = None
    for p in saved.params:
        if p.default is not None and p.type != "entity":
            values[p.name] = p.default
            continue
        low = p.name.lower()
        classes = _classes_for(p.name)
        names_term = any(w in low for w in ("pred", "rel", "prop", "class", "type"))
        if p.type == "entity" or (p.type == "iri" and not names_term):
            if first is None:
                first = picks.top(classes or ("Company", "Startup"))
                entities[p.name] = first
            else:
                entities[p.name] = picks.two_steps(first, classes)
        elif p.type == "iri":
            values[p.name] = "tk:investsIn" if any(w in low for w in ("pred", "rel", "prop")) else "tk:Company"
        elif p.type == "string":
            if "lang" in low:
                values[p.name] = "en"
            elif "currency" in low:
                values[p.name] = "USD"
            elif "status" in low:
                values[p.name] = "completed"
            elif any(w in low for w in ("pred", "relation", "property")):
                values[p.name] = "investsIn"
            elif any(w in low for w in ("class", "type", "kind")):
                values[p.name] = "Company"
            else:
                e = picks.top(classes or ("Company", "Startup"))
                values[p.name] = picks.labels.get(e, e)
        elif p.type == "integer":
            values[p.name] = "2025" if "year" in low else "10"
        elif p.type == "decimal":
            values[p.name] = "100000000"
        elif p.type == "date":
            values[p.name] = "2025-01-01"
    rest = replace(saved, params=tuple(p for p in saved.params if p.name not in entities))
    terms = dict(bind_params(rest, values))
    terms.update({name: entity_iri(e) for name, e in entities.items()})
    shown = {**{n: f"tkid:{e}" for n, e in entities.items()}, **values}
    return terms, {p.name: shown[p.name] for p in saved.params}


# ---------------------------------------------------------------------------
# Timing

_RDFLIB_DATASET: Dataset | None = None  # inherited by the forked children


def _rdflib_child(conn, text: str, bindings: dict) -> None:
    try:
        times = []
        t0 = time.perf_counter()
        r = run_query(_RDFLIB_DATASET, text, bindings=bindings)
        times.append(time.perf_counter() - t0)
        n, boolean = len(r), r.boolean
        del r
        if times[0] < 1.0:
            for _ in range(2):
                t0 = time.perf_counter()
                run_query(_RDFLIB_DATASET, text, bindings=bindings)
                times.append(time.perf_counter() - t0)
        conn.send(("ok", n, boolean, statistics.median(times), len(times)))
    except BaseException as e:  # noqa: BLE001 - report whatever stopped the query
        conn.send(("error", f"{type(e).__name__}: {' '.join(str(e).split())[:160]}"))
    finally:
        conn.close()


def time_rdflib(text: str, bindings: dict, timeout: float) -> dict:
    """Run one query on the inherited rdflib dataset in a forked child; give up after ``timeout`` s."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(child, text, bindings), daemon=True)
    t0 = time.perf_counter()
    proc.start()
    child.close()
    msg = parent.recv() if parent.poll(timeout) else None
    wall = time.perf_counter() - t0
    if msg is None:
        proc.kill()
    proc.join()
    parent.close()
    if msg is None:
        return {"status": "timeout", "seconds": timeout, "wall": wall}
    if msg[0] == "error":
        return {"status": "error", "error": msg[1], "wall": wall}
    _ok, n, boolean, seconds, runs = msg
    return {"status": "ok", "rows": n, "boolean": boolean, "seconds": seconds, "runs": runs, "wall": wall}


def time_oxigraph(store, text: str, bindings: dict) -> dict:
    """Median of 3 runs after a warm-up (one run after it when the warm-up took over 10 s)."""
    try:
        t0 = time.perf_counter()
        r = run_query(store, text, bindings=bindings)
        warm = time.perf_counter() - t0
        n, boolean = len(r), r.boolean
        del r
        times = []
        for _ in range(1 if warm > 10 else 3):
            t0 = time.perf_counter()
            run_query(store, text, bindings=bindings)
            times.append(time.perf_counter() - t0)
        return {"status": "ok", "rows": n, "boolean": boolean, "seconds": statistics.median(times),
                "warmup": warm}
    except Exception as e:  # noqa: BLE001
        return {"status": "error", "error": f"{type(e).__name__}: {' '.join(str(e).split())[:160]}"}


_OPEN_CHILD = r"""
import json, sys, time
t_start = time.perf_counter()
import pyoxigraph
from rdflib import URIRef
from kg.sparql import run_query
t_imported = time.perf_counter()
path, iri, mode = sys.argv[1:4]
t0 = time.perf_counter()
store = pyoxigraph.Store.read_only(path) if mode == "read-only" else pyoxigraph.Store(path)
t1 = time.perf_counter()
r = run_query(store, "SELECT ?label WHERE { ?e rdfs:label ?label }", bindings={"e": URIRef(iri)})
t2 = time.perf_counter()
print(json.dumps({"imports": t_imported - t_start, "open": t1 - t0, "query": t2 - t1, "open_and_query": t2 - t0,
                  "rows": len(r), "labels": sorted(str(row[0]) for row in r.rows)}, ensure_ascii=False))
"""


def _evict(path: Path) -> bool:
    """Drop the store's files from the page cache (posix_fadvise DONTNEED); False where not supported."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for f in path.rglob("*"):
        if f.is_file():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def time_open(path: Path, iri: str, mode: str, cold: bool) -> dict:
    evicted = _evict(path) if cold else False
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _OPEN_CHILD, str(path), iri, mode], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"mode": mode, "cache": "evicted" if evicted else "warm", "error": proc.stderr.strip()[-300:],
                "process_wall": wall}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"mode": mode, "cache": "evicted" if evicted else "warm", **out, "process_wall": wall}


# ---------------------------------------------------------------------------


def _fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def _rss_gb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024 / 1024  # ru_maxrss is in KiB on Linux


def main() -> int:
    global _RDFLIB_DATASET
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="about this many triples (default 1,000,000)")
    ap.add_argument("--quick", action="store_true", help="100,000 triples")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds before an rdflib query is stopped")
    ap.add_argument("--store", type=Path, help="build the Oxigraph store in this new or empty folder and keep it "
                                               "(default: a temporary folder, removed at the end)")
    ap.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    ap.add_argument("--queries", type=Path, action="append", default=[], help=argparse.SUPPRESS)
    args = ap.parse_args()
    target = 100_000 if args.quick else args.triples
    if args.store is not None and args.store.exists() and any(args.store.iterdir()):
        ap.error(f"--store {args.store} is not empty; give a new or empty folder")

    queries = saved_queries(args.queries)
    work = Path(tempfile.mkdtemp(prefix="bench_store-"))
    store_dir = args.store if args.store is not None else work / "store"
    report: dict = {"target_triples": target}
    try:
        # 1. the synthetic corpus, through the real to_graph and split_by_document
        n_docs = max(20, round(target / TRIPLES_PER_ARTICLE))
        t0 = time.perf_counter()
        results, linking, world = synthetic_results(n_docs, args.seed)
        t_gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        graph = to_graph(results, started_at=STARTED_AT, linking=linking)
        t_graph = time.perf_counter() - t0
        n_facts = sum(len(r.facts) for r in results)
        n_events = len({e.id for r in results for e in r.events})
        n_entities = len({e for r in results for e in r.entities})
        del results, linking
        picks = picks_of(graph, world)
        del world
        t0 = time.perf_counter()
        ds = split_by_document(graph)
        t_split = time.perf_counter() - t0
        triples = len(graph)
        del graph
        n_graphs = sum(1 for _ in ds.graphs()) - 1
        print(f"synthetic corpus: {n_docs:,} articles, {n_entities:,} entities, {n_facts:,} extracted facts, "
              f"{n_events:,} events; generated in {t_gen:.1f} s, to_graph {t_graph:.1f} s, "
              f"split_by_document {t_split:.1f} s")
        print(f"graph: {triples:,} triples ({n_graphs:,} article graphs + the default graph)")
        nq = work / "graph.nq"
        t0 = time.perf_counter()
        ds.serialize(destination=str(nq), format="nquads", encoding="utf-8")
        t_nq = time.perf_counter() - t0
        print(f"N-Quads written: {nq.stat().st_size / 1e6:,.0f} MB in {t_nq:.1f} s")
        del ds
        gc.collect()
        report.update(articles=n_docs, triples=triples, named_graphs=n_graphs,
                      nquads_mb=round(nq.stat().st_size / 1e6, 1))

        bound: dict[str, tuple[dict, dict[str, str]]] = {}
        for name, q in queries.items():
            try:
                bound[name] = query_bindings(q, picks)
            except Exception as e:  # noqa: BLE001 - a query we cannot bind is reported, not fatal
                bound[name] = ({}, {"error": f"{type(e).__name__}: {e}"})

        # 2a. rdflib: parse the N-Quads into an in-memory Dataset, then each query in a forked child
        t0 = time.perf_counter()
        rds = Dataset(default_union=True)
        rds.parse(str(nq), format="nquads")
        t_rdflib_load = time.perf_counter() - t0
        rdflib_triples = len(rds)
        print(f"rdflib load (Dataset(default_union=True).parse, N-Quads): {t_rdflib_load:.1f} s, "
              f"{rdflib_triples:,} triples, peak RSS so far {_rss_gb(resource.RUSAGE_SELF):.1f} GB")
        report["rdflib_load_seconds"] = round(t_rdflib_load, 2)
        _RDFLIB_DATASET = rds
        gc.collect()
        gc.freeze()  # the children inherit the dataset; keep their collector from touching (copying) it
        rdflib_res: dict[str, dict] = {}
        for name, q in queries.items():
            terms, shown = bound[name]
            if "error" in shown:
                continue
            rdflib_res[name] = r = time_rdflib(q.text, terms, args.rdflib_timeout)
            shown_time = (f">{args.rdflib_timeout:.0f} s (timeout)" if r["status"] == "timeout"
                          else r.get("error") if r["status"] == "error" else _fmt_s(r["seconds"]))
            print(f"  rdflib   {name}: {shown_time}", flush=True)
        gc.unfreeze()
        _RDFLIB_DATASET = None
        del rds
        gc.collect()

        # 2b. Oxigraph: bulk_load the N-Quads into a persistent store
        import pyoxigraph as ox

        t0 = time.perf_counter()
        store = ox.Store(str(store_dir))
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        t_ox_load = time.perf_counter() - t0
        ox_quads = len(store)
        size = sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file())
        print(f"Oxigraph bulk_load (N-Quads, persistent store): {t_ox_load:.1f} s, {ox_quads:,} quads, "
              f"{size / 1e6:,.0f} MB on disk")
        report.update(oxigraph_load_seconds=round(t_ox_load, 2), oxigraph_store_mb=round(size / 1e6, 1))
        ox_res: dict[str, dict] = {}
        for name, q in queries.items():
            terms, shown = bound[name]
            if "error" in shown:
                continue
            ox_res[name] = r = time_oxigraph(store, q.text, terms)
            print(f"  oxigraph {name}: {r.get('error') or _fmt_s(r['seconds'])}", flush=True)
        del store
        gc.collect()

        # 3. a fresh process opens the store and answers a point query
        point = entity_iri(picks.top(("Company", "Startup")))
        opens = [time_open(store_dir, str(point), mode, cold) for mode in ("read-write", "read-only")
                 for cold in (True, False)]

        # 4. the table
        print()
        print(f"Saved queries on {triples:,} triples: rdflib in-memory Dataset vs Oxigraph store "
              f"(rdflib timeout {args.rdflib_timeout:.0f} s)")
        head = ("query", "rows", "rdflib", "oxigraph", "speed-up", "parameters")
        rows_out = []
        speedups: list[float] = []
        lower_bounds = 0
        problems: list[str] = []
        per_query: dict[str, dict] = {}
        for name, q in queries.items():
            terms, shown = bound[name]
            params = ", ".join(f"{k}={v}" for k, v in shown.items())
            if "error" in shown:
                rows_out.append((name, "-", "-", "-", "-", f"cannot bind: {shown['error']}"))
                problems.append(f"{name}: cannot bind its parameters: {shown['error']}")
                per_query[name] = {"error": shown["error"]}
                continue
            r, o = rdflib_res[name], ox_res[name]
            entry: dict = {"params": shown, "sha1": hashlib.sha1(q.text.encode("utf-8")).hexdigest()[:12]}
            rt = ot = None
            if r["status"] == "ok":
                rt = r["seconds"]
                rdflib_cell = _fmt_s(rt)
            elif r["status"] == "timeout":
                rt = args.rdflib_timeout
                rdflib_cell = f">{rt:.0f} s"
            else:
                rdflib_cell = "error"
                problems.append(f"{name}: rdflib failed: {r['error']}")
            if o["status"] == "ok":
                ot = o["seconds"]
                ox_cell = _fmt_s(ot)
                rows_cell = str(o["boolean"]).lower() if o["boolean"] is not None else f"{o['rows']:,}"
                if o["boolean"] is None and not o["rows"]:
                    problems.append(f"{name}: no rows for these parameters (the times are of an empty answer)")
            else:
                ox_cell, rows_cell = "error", "-"
                problems.append(f"{name}: Oxigraph failed: {o['error']}")
            speed_cell = "-"
            if rt is not None and ot is not None:
                s = rt / max(ot, 1e-6)
                speedups.append(s)
                bound_lower = r["status"] == "timeout"
                lower_bounds += bound_lower
                speed_cell = ">=" if bound_lower else ""
                speed_cell += f"{s:,.0f}x" if s >= 10 else f"{s:.1f}x"
                entry["speedup"] = round(s, 1)
                entry["speedup_is_lower_bound"] = bound_lower
            if r["status"] == "ok" and o["status"] == "ok":
                if (r["rows"], r["boolean"]) != (o["rows"], o["boolean"]):
                    problems.append(f"{name}: rdflib gives {r['boolean'] if r['boolean'] is not None else r['rows']} "
                                    f"rows/answer, Oxigraph {o['boolean'] if o['boolean'] is not None else o['rows']}")
                    rows_cell += f" (rdflib {r['rows']:,})"
            entry.update(rows=o.get("rows"), rdflib_seconds=round(rt, 4) if rt is not None else None,
                         rdflib_status=r["status"], oxigraph_seconds=round(ot, 5) if ot is not None else None,
                         oxigraph_warmup_seconds=round(o["warmup"], 4) if o.get("warmup") is not None else None)
            per_query[name] = entry
            rows_out.append((name, rows_cell, rdflib_cell, ox_cell, speed_cell, params))
        if rows_out:
            widths = [max(len(h), *(len(r[i]) for r in rows_out)) for i, h in enumerate(head)]
            print("  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
            print("  ".join("-" * w for w in widths))
            for r in rows_out:
                print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        else:
            print("(no saved queries found in kg/data/queries)")
        median = statistics.median(speedups) if speedups else None
        speed_ok = median is not None and median >= SPEEDUP_GOAL
        print()
        print(f"loads: rdflib {t_rdflib_load:.1f} s (parse into memory), "
              f"Oxigraph {t_ox_load:.1f} s (bulk_load to disk)")
        if median is None:
            print("median speed-up: n/a (no query finished on both) -> FAIL")
        else:
            note = (f"; {lower_bounds} of {len(speedups)} rdflib runs hit the timeout, their speed-ups are lower "
                    f"bounds, so the true median is at least this") if lower_bounds else ""
            print(f"median speed-up over {len(speedups)} queries: {median:,.1f}x (goal >= {SPEEDUP_GOAL:.0f}x) "
                  f"-> {'PASS' if speed_ok else 'FAIL'}{note}")
        for o in opens:
            if "error" in o:
                print(f"open + point query ({o['mode']}, {o['cache']} page cache): error: {o['error']}")
            else:
                print(f"open + point query ({o['mode']}, {o['cache']} page cache): {_fmt_s(o['open_and_query'])} "
                      f"(open {_fmt_s(o['open'])}, query {_fmt_s(o['query'])}, {o['rows']} labels); "
                      f"imports {_fmt_s(o['imports'])}; whole process {_fmt_s(o['process_wall'])}")
        worst = max((o.get("open_and_query", float("inf")) for o in opens), default=float("inf"))
        open_ok = worst < OPEN_GOAL
        print(f"open + point query, worst of {len(opens)}: {_fmt_s(worst)} (goal < {OPEN_GOAL:.0f} s, "
              f"interpreter start and imports excluded) -> {'PASS' if open_ok else 'FAIL'}")
        if rdflib_triples != triples or ox_quads < triples:
            problems.append(f"triple counts differ: graph {triples:,}, rdflib {rdflib_triples:,}, "
                            f"Oxigraph quads {ox_quads:,}")
        for p in problems:
            print(f"problem: {p}")
        peak_self, peak_children = _rss_gb(resource.RUSAGE_SELF), _rss_gb(resource.RUSAGE_CHILDREN)
        print(f"peak RSS: this process {peak_self:.1f} GB, largest child {peak_children:.1f} GB "
              f"(a forked child's RSS counts the pages it shares with this process)")
        report.update(
            rdflib_triples=rdflib_triples, oxigraph_quads=ox_quads,
            build_seconds={"generate": round(t_gen, 1), "to_graph": round(t_graph, 1),
                           "split_by_document": round(t_split, 1), "nquads": round(t_nq, 1)},
            queries=per_query,
            median_speedup=round(median, 1) if median is not None else None,
            speedup_lower_bounds=lower_bounds, speedup_pass=speed_ok,
            open_point_query=[{k: (round(v, 4) if isinstance(v, float) else v) for k, v in o.items() if k != "labels"}
                              for o in opens],
            open_point_query_worst_seconds=round(worst, 4) if worst != float("inf") else None, open_pass=open_ok,
            peak_rss_gb={"self": round(peak_self, 2), "children": round(peak_children, 2)},
            problems=problems,
        )
        print(json.dumps(report, ensure_ascii=False))
        return 0 if speed_ok and open_ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
