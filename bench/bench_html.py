"""Benchmark: the interactive HTML page of a synthetic graph of N entities and about 3N relations, in headless Chromium.

Run with `python bench/bench_html.py` (N = 300, 3,000 and 30,000; `--sizes` to
choose). For each N it

1. generates synthetic extraction results shaped like ours: articles in
   Korean, English and Chinese of about 10-20 entities each (companies,
   startups, investors, universities, government bodies, media, people,
   AI models and other products, cities, regions, countries, stock
   exchanges; names built from syllables in the three scripts, some with an
   English label), each fact one sentence of its article (a sixth stated again
   in a second article), a few of them planned, denied or hedged. Entities have
   global ids and recur across articles; who is related to whom is drawn with
   Zipf-like popularity, so the degrees have a heavy tail (a few hubs). Then
   `kg.rdf.to_graph` makes the graph; the entities and relation edges (distinct
   subject-predicate-object between two entities, asserted or not) are counted
   in it;
2. exports the page with `kg.exporters.export(graph, "html", path)`: time and size;
3. opens it in headless Chromium (`tests/cdp.py`, a fresh browser per page) and
   measures the time from the start of the navigation until the page says it
   is usable: `window.techkg.ready`, set after the first draw of the initial
   view. Reports that wall time, the page's own `readyMs` (performance.now()
   then, i.e. since navigation start), `nodeCount` (entities in the page),
   `shown()` (nodes drawn), console errors and requests that left the machine
   (both should be none). A page not ready within `--timeout` seconds is
   reported as not ready. The wall time runs from Page.navigate to the first
   poll that sees `ready`; a poll is answered only when the page's main thread
   is free, so a page that keeps it busy after setting `ready` (e.g. until its
   load event) shows a wall time later than its `readyMs`.

Prints one line per measurement and a JSON line at the end; the exit status is
1 when a page is not ready, logs errors or makes a network request.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from rdflib import RDF, URIRef

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/cdp.py

from kg.exporters import export  # noqa: E402
from kg.model import Document, DocumentResult, Entity, Evidence, Fact, Sentence  # noqa: E402
from kg.ontology import TK, load_ontology  # noqa: E402
from kg.rdf import to_graph  # noqa: E402
from tests.cdp import CHROMIUM, Browser  # noqa: E402

STARTED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)
READY = "window.techkg && window.techkg.ready"

# ---------------------------------------------------------------------------
# Names: syllables as (romanised, Hangul, Hanzi), so one entity has a name in each script

_SYL = [
    ("Han", "한", "韩"), ("Seong", "성", "成"), ("Jin", "진", "晋"), ("Mi", "미", "美"), ("Rae", "래", "来"),
    ("Se", "세", "世"), ("Jong", "종", "钟"), ("Dae", "대", "大"), ("Woo", "우", "宇"), ("Hyun", "현", "贤"),
    ("Tae", "태", "泰"), ("Young", "영", "荣"), ("Jun", "준", "俊"), ("Seo", "서", "瑞"), ("Ji", "지", "智"),
    ("Min", "민", "民"), ("So", "소", "素"), ("Ra", "라", "拉"), ("Na", "나", "娜"), ("On", "온", "温"),
    ("Bit", "빛", "光"), ("Nu", "누", "努"), ("Ri", "리", "利"), ("Sae", "새", "新"), ("Sol", "솔", "松"),
    ("Byeol", "별", "星"), ("Ha", "하", "夏"), ("Neul", "늘", "天"), ("Hwa", "화", "华"), ("Yun", "윤", "云"),
    ("Kang", "강", "江"), ("San", "산", "山"), ("Hae", "해", "海"), ("Do", "도", "道"), ("Chang", "창", "创"),
    ("Ling", "링", "灵"), ("Xin", "신", "芯"), ("Teng", "텅", "腾"), ("Hui", "후이", "辉"), ("Long", "룽", "龙"),
    ("Feng", "펑", "峰"), ("An", "안", "安"), ("Kai", "카이", "凯"), ("Bo", "보", "博"), ("Yu", "위", "宇"),
]
_SURNAMES = [("Kim", "김", "金"), ("Lee", "이", "李"), ("Park", "박", "朴"), ("Choi", "최", "崔"), ("Jung", "정", "郑"),
             ("Zhang", "장", "张"), ("Wang", "왕", "王"), ("Liu", "류", "刘"), ("Chen", "천", "陈"), ("Zhao", "자오", "赵"),
             ("Smith", "스미스", "史密斯"), ("Lin", "린", "林"), ("Huang", "황", "黄"), ("Yoon", "윤", "尹"), ("Ma", "마", "马")]
_SUFFIX = {  # class -> suffixes (en, ko, zh)
    "Company": [("Electronics", "전자", "电子"), ("Semiconductor", "반도체", "半导体"), ("Motors", "모터스", "汽车"),
                ("Technologies", "테크놀로지", "科技"), ("Group", "그룹", "集团"), ("Bio", "바이오", "生物"),
                ("Networks", "네트웍스", "网络"), ("Energy", "에너지", "能源"), ("Robotics", "로보틱스", "机器人")],
    "Startup": [("AI", "AI", "智能"), ("Labs", "랩스", "实验室"), ("Dynamics", "다이내믹스", "动力"), ("Mobility", "모빌리티", "出行")],
    "Investor": [("Capital", "캐피탈", "资本"), ("Ventures", "벤처스", "创投"), ("Partners", "파트너스", "合伙人"),
                 ("Investment", "인베스트먼트", "投资")],
    "University": [("University", "대학교", "大学"), ("Institute of Technology", "과학기술원", "理工学院")],
    "MediaOutlet": [("Daily", "일보", "日报"), ("Times", "타임스", "时报"), ("News", "뉴스", "新闻")],
    "GovernmentBody": [("Municipal Government", "시청", "市政府"), ("Development Agency", "진흥원", "发展局"),
                       ("Ministry of Science", "과학부", "科学部")],
    "City": [("", "시", "市")],
    "Region": [("Province", "도", "省")],
    "AIModel": [(" 2", " 2", " 2"), (" Pro", " 프로", " Pro"), (" R1", " R1", " R1"), (" Turbo", " 터보", " Turbo"), ("", "", "")],
    "Chip": [(" X1", " X1", " X1"), (" 900", " 900", " 900")],
    "Device": [(" Phone", " 폰", "手机"), (" Pad", " 패드", "平板"), (" Watch", " 워치", "手表")],
    "Software": [(" OS", " OS", "操作系统"), (" Studio", " 스튜디오", "工作室")],
    "Platform": [(" Pay", " 페이", "支付"), (" Cloud", " 클라우드", "云")],
    "Game": [(": Origins", ": 오리진", "：起源"), (" Online", " 온라인", "在线")],
}
_FIXED = {  # a few real places and exchanges
    "Country": [("China", "중국", "中国"), ("South Korea", "한국", "韩国"), ("United States", "미국", "美国"),
                ("Japan", "일본", "日本"), ("Germany", "독일", "德国"), ("Singapore", "싱가포르", "新加坡")],
    "City": [("Seoul", "서울", "首尔"), ("Beijing", "베이징", "北京"), ("Shenzhen", "선전", "深圳"), ("Shanghai", "상하이", "上海"),
             ("Pangyo", "판교", "板桥"), ("Hangzhou", "항저우", "杭州"), ("San Francisco", "샌프란시스코", "旧金山")],
    "Region": [("Gyeonggi Province", "경기도", "京畿道"), ("Guangdong", "광둥성", "广东省"), ("Silicon Valley", "실리콘밸리", "硅谷")],
    "StockExchange": [("KOSPI", "코스피", "韩国综合指数"), ("KOSDAQ", "코스닥", "科斯达克"), ("Nasdaq", "나스닥", "纳斯达克"),
                      ("Hong Kong Stock Exchange", "홍콩증권거래소", "香港交易所"), ("STAR Market", "커촹반", "科创板")],
}
# share of the N entities per class (Company takes the rest)
_SHARE = {"Startup": .12, "Investor": .06, "University": .02, "GovernmentBody": .01, "MediaOutlet": .01,
          "Person": .30, "AIModel": .08, "Chip": .03, "Device": .03, "Software": .03, "Platform": .02, "Game": .02,
          "Country": .002, "Region": .004, "City": .02, "StockExchange": .001}
_LANGS, _LANG_WEIGHTS = ("en", "ko", "zh"), (30, 45, 25)  # the order of the names in a tuple

# ---------------------------------------------------------------------------
# Relations: (subject classes, object classes, weight, extractor); all fit the ontology's domain and range

_BIZ = ("Company", "Startup")
_PRODUCTS = ("AIModel", "Chip", "Device", "Software", "Platform", "Game")
_PLACES = ("City", "Country", "Region")
_RELATIONS = {
    "founderOf": (("Person",), _BIZ + ("Investor",), 5, "founder"),
    "ceoOf": (("Person",), _BIZ, 4, "genitive_title"),
    "executiveOf": (("Person",), _BIZ + ("Investor", "University"), 4, "genitive_title"),
    "employeeOf": (("Person",), _BIZ + ("University", "GovernmentBody", "MediaOutlet", "Investor"), 5, "title"),
    "investsIn": (("Investor", "Investor", "Company", "Person"), _BIZ, 8, "investment"),
    "partneredWith": (_BIZ + ("University", "GovernmentBody", "Investor"), _BIZ + ("University", "GovernmentBody"), 7,
                      "partnership"),
    "acquired": (("Company",), _BIZ, 3, "acquisition"),
    "subsidiaryOf": (_BIZ, ("Company",), 3, "apposition"),
    "develops": (_BIZ + ("University",), _PRODUCTS, 9, "product"),
    "competitorOf": (_BIZ, _BIZ, 5, "competition"),
    "headquarteredIn": (_BIZ + ("Investor", "University", "GovernmentBody", "MediaOutlet"), _PLACES, 6, "location"),
    "listedOn": (("Company",), ("StockExchange",), 2, "listing"),
    "supplierOf": (_BIZ, _BIZ, 3, "supply"),
}
_SYMMETRIC = {"partneredWith", "competitorOf"}
_VERBS = {
    "en": {"founderOf": "founded", "ceoOf": "is the chief executive of", "executiveOf": "is an executive at",
           "employeeOf": "works at", "investsIn": "invested in", "partneredWith": "partnered with",
           "acquired": "acquired", "subsidiaryOf": "is a subsidiary of", "develops": "develops",
           "competitorOf": "competes with", "headquarteredIn": "is based in", "listedOn": "is listed on",
           "supplierOf": "supplies"},
    "ko": {"founderOf": "를 창업했다", "ceoOf": "의 대표이사다", "executiveOf": "의 임원이다", "employeeOf": "에서 일한다",
           "investsIn": "에 투자했다", "partneredWith": "와 협력한다", "acquired": "를 인수했다", "subsidiaryOf": "의 자회사다",
           "develops": "를 개발했다", "competitorOf": "와 경쟁한다", "headquarteredIn": "에 본사를 두고 있다",
           "listedOn": "에 상장돼 있다", "supplierOf": "에 부품을 공급한다"},
    "zh": {"founderOf": "创立了", "ceoOf": "担任首席执行官，公司为", "executiveOf": "任职高管于", "employeeOf": "就职于",
           "investsIn": "投资了", "partneredWith": "与之合作的是", "acquired": "收购了", "subsidiaryOf": "隶属于",
           "develops": "开发了", "competitorOf": "的竞争对手是", "headquarteredIn": "总部位于", "listedOn": "上市于",
           "supplierOf": "供货给"},
}
_MODALITIES, _MODALITY_WEIGHTS = ("asserted", "planned", "denied", "hedged"), (90, 4, 3, 3)
_FRAME = {  # modality -> lang -> sentence around the core "S verb O"
    "asserted": {"en": "{}.", "ko": "{}.", "zh": "{}。"},
    "planned": {"en": "People familiar with the matter say that soon {}.", "ko": "업계에 따르면 곧 {} 예정이다.",
                "zh": "据知情人士透露，计划{}。"},
    "denied": {"en": "The company denied reports that {}.", "ko": "회사 측은 {}는 보도를 부인했다.", "zh": "公司否认了{}的报道。"},
    "hedged": {"en": "It is reported that {}.", "ko": "{}는 관측이 나온다.", "zh": "据报道，{}。"},
}


class Synth:
    """A world of ``n`` entities and about ``3 n`` relations between them, told in articles."""

    def __init__(self, n: int, seed: int = 7, edges_per_entity: float = 3.0):
        self.rng = rng = random.Random(seed)
        self.names: dict[str, tuple[str, str, str]] = {}  # id -> (en, ko, zh)
        self.type: dict[str, str] = {}
        self.home: dict[str, int] = {}  # id -> index into _LANGS of its own name
        self.english: set[str] = set()  # ids that also carry an English label
        self.pools: dict[str, list[str]] = defaultdict(list)
        counts = {cls: max(1, round(n * share)) for cls, share in _SHARE.items()}
        counts["StockExchange"] = min(counts["StockExchange"], len(_FIXED["StockExchange"]))
        counts["Company"] = n - sum(counts.values())
        used: set[str] = set()
        for cls, k in counts.items():
            for i in range(k):
                fixed = _FIXED.get(cls, [])
                names = fixed[i] if i < len(fixed) else self._name(cls, used)
                used.add(names[0])
                home = 0 if i < len(fixed) else rng.choices(range(3), _LANG_WEIGHTS)[0]
                # half the ids as from the gazetteer (a slug of the English name), half as an unlinked name
                eid = _slug(names[0]) if i < len(fixed) or rng.random() < 0.5 else \
                    f"{_LANGS[home]}/{names[home].replace(' ', '_')}"
                while eid in self.type:
                    eid += "-2"
                self.names[eid], self.type[eid], self.home[eid] = names, cls, home
                if i < len(fixed) or rng.random() < 0.4:
                    self.english.add(eid)
                self.pools[cls].append(eid)
        # Zipf-like popularity within each class: the k-th entity is picked with weight 1 / k^s
        self.cum = {}
        for cls, ids in self.pools.items():
            s = 0.8 if cls == "Person" else 1.0
            self.cum[cls] = list(itertools.accumulate(1.0 / (k + 1) ** s for k in range(len(ids))))
        self.facts: list[tuple[str, str, str]] = self._relate(round(n * edges_per_entity))

    def _name(self, cls: str, used: set[str]) -> tuple[str, str, str]:
        rng = self.rng
        for attempt in itertools.count():
            if cls == "Person":
                parts = [rng.choice(_SURNAMES)] + rng.sample(_SYL, 2)
                en = f"{parts[1][0]}{parts[2][0].lower()} {parts[0][0]}"
                names = (en, "".join(p[1] for p in parts), "".join(p[2] for p in parts))
            else:
                parts = rng.sample(_SYL, 3 if attempt > 3 or rng.random() < 0.3 else 2)
                en, ko, zh = rng.choice(_SUFFIX.get(cls, [("", "", "")]))
                stem = parts[0][0] + "".join(p[0].lower() for p in parts[1:])
                names = (stem + en if en[:1] in (" ", ":") else f"{stem} {en}".strip(),
                         "".join(p[1] for p in parts) + ko, "".join(p[2] for p in parts) + zh)
            if names[0] not in used:
                return names
            if attempt > 8:
                return tuple(f"{x} {attempt}" for x in names)

    def pick(self, classes: tuple[str, ...]) -> str:
        cls = self.rng.choices(classes, [len(self.pools[c]) for c in classes])[0]
        cum = self.cum[cls]
        return self.pools[cls][bisect.bisect_left(cum, self.rng.random() * cum[-1])]

    def _relate(self, target: int) -> list[tuple[str, str, str]]:
        """Every entity in at least one relation (with a popular partner), then Zipf pairs up to ``target``."""
        rng = self.rng
        preds = list(_RELATIONS)
        weights = [_RELATIONS[p][2] for p in preds]
        roles = defaultdict(list)  # class -> (predicate, is subject) it can take part in
        for p, (subj, obj, _w, _x) in _RELATIONS.items():
            for c in set(subj):
                roles[c].append((p, True))
            for c in set(obj):
                roles[c].append((p, False))
        facts: dict[tuple[str, str, str], int] = {}  # in the order drawn

        def add(s: str, p: str, o: str) -> bool:
            if s == o:
                return False
            if p in _SYMMETRIC and o < s:
                s, o = o, s
            return facts.setdefault((s, p, o), len(facts)) == len(facts) - 1  # new

        for eid, cls in self.type.items():
            for _ in range(5):  # a few tries: the partner drawn may be itself, or the fact already there
                p, as_subject = rng.choice(roles[cls])
                subj, obj = _RELATIONS[p][:2]
                if add(eid, p, self.pick(obj)) if as_subject else add(self.pick(subj), p, eid):
                    break
        for _ in range(20 * target):
            if len(facts) >= target:
                break
            p = rng.choices(preds, weights)[0]
            add(self.pick(_RELATIONS[p][0]), p, self.pick(_RELATIONS[p][1]))
        return list(facts)

    def results(self) -> list[DocumentResult]:
        """The articles: the facts shuffled into groups of 5-11, a sixth of them told again in another article."""
        rng = self.rng
        order = list(range(len(self.facts)))
        rng.shuffle(order)
        groups: list[list[int]] = []
        start = 0
        while start < len(order):
            k = rng.randint(5, 11)
            groups.append(order[start:start + k])
            start += k
        for i in range(len(self.facts)):
            if rng.random() < 0.17:
                rng.choice(groups).append(i)
        return [self._article(i, g) for i, g in enumerate(groups)]

    def _article(self, i: int, facts: list[int]) -> DocumentResult:
        rng = self.rng
        lang = rng.choices(_LANGS, _LANG_WEIGHTS)[0]
        li = _LANGS.index(lang)
        doc_id = f"{lang}_{i:06d}"
        entities: dict[str, Entity] = {}

        def name(eid: str) -> str:
            if eid not in entities:
                # in its own language, or the article's when the entity is known in English (a translated name)
                own = self.home[eid]
                use = li if eid in self.english else own
                entities[eid] = Entity(eid, self.type[eid], self.names[eid][use], _LANGS[use],
                                       labels={"en": self.names[eid][0]} if eid in self.english and use else {})
            return entities[eid].label

        sentences: list[Sentence] = []
        out: list[Fact] = []
        pos = 0
        for k in facts:
            s, p, o = self.facts[k]
            verb = _VERBS[lang][p]
            core = (f"{name(s)} {verb} {name(o)}" if lang == "en" else
                    f"{name(s)}가 {name(o)}{verb}" if lang == "ko" else f"{name(s)}{verb}{name(o)}")
            modality = rng.choices(_MODALITIES, _MODALITY_WEIGHTS)[0]
            text = _FRAME[modality][lang].format(core)
            sent = Sentence(len(sentences), pos, pos + len(text), text)
            sentences.append(sent)
            pos += len(text) + 1
            ev = Evidence(doc_id, sent.index, text, sent.start, sent.end, f"{lang}.{_RELATIONS[p][3]}", "0.4.0",
                          round(rng.uniform(0.55, 0.99), 2), modality)
            out.append(Fact(s, p, o, (ev,)))
        text = " ".join(x.text for x in sentences)
        published = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
        title = sentences[0].text[:60]
        doc = Document(doc_id, text, lang, f"synthetic.jsonl:{i + 1}", f"https://news.example.com/{doc_id}",
                       published.isoformat(), title)
        return DocumentResult(doc, sentences, entities, out)


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(p for p in out.split("-") if p)


def graph_counts(graph) -> tuple[int, int, int]:
    """Entities, relation edges (distinct entity-to-entity s-p-o, asserted or only reported) and asserted ones."""
    ont = load_ontology()
    classes = {ont.iri(c) for c in ont.entity_classes()}
    relations = {ont.iri(p) for p in ont.relation_properties()}
    entities = {s for s, c in graph.subject_objects(RDF.type) if c in classes}
    asserted = {(s, p, o) for p in relations for s, o in graph.subject_objects(p) if s in entities and o in entities}
    reported = set()
    for a in graph.subjects(RDF.type, TK.Assertion):
        s, p, o = graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object)
        if p in relations and isinstance(o, URIRef) and s in entities and o in entities:
            reported.add((s, p, o))
    return len(entities), len(asserted | reported), len(asserted)


# ---------------------------------------------------------------------------
# The page in the browser


def open_page(page: Path, timeout: float, shot: Path | None) -> dict:
    """Load ``page`` in a fresh headless Chromium and wait for ``window.techkg.ready``."""
    out: dict = {"ready": False}
    with Browser() as b:
        t0 = time.perf_counter()
        try:
            # Page.navigate answers when the document commits; ready may come before the load event, so poll now
            nav = b.send("Page.navigate", {"url": page.as_uri()}, timeout=timeout)
            if nav.get("errorText"):
                raise RuntimeError(f"navigation failed: {nav['errorText']}")
            b.wait_for(READY, timeout=round(max(0.1, timeout - (time.perf_counter() - t0)), 1))
            out["ready"] = True
            out["wall_ready_s"] = round(time.perf_counter() - t0, 3)
        except (TimeoutError, RuntimeError) as e:  # never ready, a JS error in the probe, a crashed browser
            out["not_ready"] = f"{type(e).__name__}: {e}"
        try:
            info = b.evaluate(
                "({readyMs: window.techkg ? window.techkg.readyMs : null,"
                " nodeCount: window.techkg ? window.techkg.nodeCount : null,"
                " shown: window.techkg && typeof window.techkg.shown === 'function' ? window.techkg.shown() : null,"
                " loadMs: Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd) || null})")
        except (RuntimeError, TimeoutError) as e:
            info, out["probe_error"] = {}, str(e)
        out.update({k: info.get(k) for k in ("readyMs", "nodeCount", "shown", "loadMs")})
        if shot is not None:
            time.sleep(1.0)  # let the drawing settle
            try:
                b.screenshot(shot)
            except (RuntimeError, TimeoutError) as e:
                out["screenshot_error"] = str(e)
        if out["ready"]:
            # what a user does next: find the biggest hub by its name, open its neighbourhood (drawn in rings)
            try:
                out["interact"] = b.evaluate(
                    "(function () { var D = JSON.parse(document.getElementById('kg-data').textContent);"
                    " var hub = 0; D.nodes.forEach(function (n, i) { if (n[2] > D.nodes[hub][2]) { hub = i; } });"
                    " var t = performance.now(); var found = window.techkg.find(D.nodes[hub][0]);"
                    " var searchMs = performance.now() - t; t = performance.now(); window.techkg.go(hub);"
                    " document.getElementById('mode-ego').click();"
                    " return {searchMs: Math.round(searchMs), egoMs: Math.round(performance.now() - t),"
                    " found: found[0] === hub, egoShown: window.techkg.shown()}; })()", timeout=timeout)
            except (RuntimeError, TimeoutError) as e:
                out["interact"] = {"error": str(e)}
        if shot is not None and out.get("interact", {}).get("egoShown"):
            time.sleep(0.5)
            try:
                b.screenshot(shot.with_name(shot.stem + "-neighbourhood.png"))
            except (RuntimeError, TimeoutError) as e:
                out["screenshot_error"] = str(e)
        out["console_errors"] = b.console_errors()
        out["requests"] = b.requests()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300,3000,30000", help="entity counts, comma-separated")
    ap.add_argument("--keep", metavar="DIR", help="keep the pages in DIR")
    ap.add_argument("--screenshot", metavar="DIR", help="save a PNG of each page in DIR, 1 s after it is ready")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a page may take to become ready")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-html-"))
    work.mkdir(parents=True, exist_ok=True)
    shots = Path(args.screenshot) if args.screenshot else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    if CHROMIUM is None:
        print("chromium is not installed: the pages are made but not opened")
    report: dict = {"sizes": []}
    problems: list[str] = []
    try:
        for n in sizes:
            row: dict = {"target_entities": n}
            t0 = time.perf_counter()
            synth = Synth(n, args.seed)
            results = synth.results()
            t_gen = time.perf_counter() - t0
            t0 = time.perf_counter()
            graph = to_graph(results, started_at=STARTED_AT)
            t_graph = time.perf_counter() - t0
            entities, edges, asserted = graph_counts(graph)
            row.update(entities=entities, edges=edges, asserted_edges=asserted, articles=len(results),
                       triples=len(graph), generate_s=round(t_gen, 2), to_graph_s=round(t_graph, 2))
            del results, synth
            print(f"N={n:,}: {entities:,} entities, {edges:,} relation edges ({edges / max(entities, 1):.2f} per entity; "
                  f"{asserted:,} asserted), {row['articles']:,} articles, {len(graph):,} triples; "
                  f"generated in {t_gen:.1f} s, to_graph {t_graph:.1f} s", flush=True)

            page = work / f"techkg-{n}.html"
            t0 = time.perf_counter()
            try:
                export(graph, "html", page)
            except Exception as e:  # noqa: BLE001 - the exporter is being rewritten: report, go on
                print(f"  export failed: {type(e).__name__}: {e}")
                problems.append(f"N={n}: export failed: {type(e).__name__}: {e}")
                row["export_error"] = f"{type(e).__name__}: {e}"
                report["sizes"].append(row)
                continue
            finally:
                del graph
            t_export = time.perf_counter() - t0
            size = page.stat().st_size
            row.update(export_s=round(t_export, 2), page_bytes=size)
            print(f"  export html: {t_export:.1f} s, {size:,} bytes ({size / 1e6:.1f} MB)", flush=True)

            if CHROMIUM is None:
                report["sizes"].append(row)
                continue
            shot = shots / f"techkg-{n}.png" if shots else None
            b = open_page(page, args.timeout, shot)
            row.update(b)
            if b["ready"]:
                print(f"  ready {b['wall_ready_s']:.2f} s after navigating (wall); in the page: readyMs {b['readyMs']}, "
                      f"load event {b['loadMs'] if b['loadMs'] is not None else 'not yet'} ms; "
                      f"nodeCount {b['nodeCount']}, shown {b['shown']}")
            else:
                print(f"  not ready within {args.timeout:.0f} s ({b.get('not_ready')}); "
                      f"readyMs {b['readyMs']}, nodeCount {b['nodeCount']}, shown {b['shown']}")
                problems.append(f"N={n}: not ready within {args.timeout:.0f} s")
            if b.get("interact"):
                i = b["interact"]
                print(f"  find the biggest hub by name: {i.get('searchMs')} ms (found: {i.get('found')}); "
                      f"its neighbourhood drawn in {i.get('egoMs')} ms ({i.get('egoShown')} nodes)")
            print(f"  console errors: {len(b['console_errors'])}" + "".join(f"\n    {x}" for x in b["console_errors"][:10]))
            print(f"  network requests: {len(b['requests'])}" + "".join(f"\n    {x}" for x in b["requests"][:10]))
            if shot:
                print(f"  screenshot: {shot}")
            if b["console_errors"]:
                problems.append(f"N={n}: {len(b['console_errors'])} console errors")
            if b["requests"]:
                problems.append(f"N={n}: {len(b['requests'])} network requests")
            report["sizes"].append(row)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    for p in problems:
        print(f"problem: {p}")
    report["problems"] = problems
    print(json.dumps(report, ensure_ascii=False))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
