"""The HTML export really draws, offline, in headless Chromium.

Chromium is pointed at a local recording proxy: any request the page makes over
the network would show up there, and the test asserts there is none.
"""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("kg.ontology", reason="kg/ontology.py (TK namespace) is not there yet")

from kg.exporters import export  # noqa: E402
from kg.exporters.html import remote_refs  # noqa: E402
from kg.model import Document, DocumentResult, Entity, Evidence, Fact, Sentence  # noqa: E402
from kg.rdf import graph_view, to_graph  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p and Path(p).exists()), None)


def _graph():
    text = "알리바바는 큐원을 개발했다. 마윈은 알리바바를 창업했다. 알리바바는 엔비디아와 협력했다."
    doc = Document(id="ko_003", text=text, lang="ko", title="알리바바 그래프")
    sents = [Sentence(0, 0, 15, text[:15]), Sentence(1, 16, 31, text[16:31]), Sentence(2, 32, len(text), text[32:])]
    ents = {
        "alibaba-group": Entity("alibaba-group", "Company", "알리바바", "ko", labels={"en": "Alibaba Group"}),
        "ko/큐원": Entity("ko/큐원", "AIModel", "큐원", "ko"),
        "jack-ma": Entity("jack-ma", "Person", "마윈", "ko"),
        "nvidia": Entity("nvidia", "Company", "엔비디아", "ko"),
    }
    ev = lambda s: Evidence("ko_003", s.index, s.text, s.start, s.end, "ko.test", "0.1.0", 0.9)  # noqa: E731
    facts = [
        Fact("alibaba-group", "develops", "ko/큐원", (ev(sents[0]),)),
        Fact("jack-ma", "founderOf", "alibaba-group", (ev(sents[1]),)),
        Fact("alibaba-group", "partneredWith", "nvidia", (ev(sents[2]),)),
        Fact("alibaba-group", "competitorOf", "nvidia", (ev(sents[2]),)),
    ]
    return to_graph([DocumentResult(doc, sents, ents, facts)], started_at=datetime(2025, 1, 1, tzinfo=timezone.utc))


# Chromium's own service traffic (clock sync, component updates, accounts), not the page's.
_BROWSER_SERVICE = re.compile(r"(^|\.)(google\.com|(update|clients\d?|accounts|optimizationguide-pa|content-autofill|"
                              r"safebrowsing[a-z]*)\.googleapis\.com)$")


def _host(request_line: str) -> str:
    parts = request_line.split()
    target = parts[1] if len(parts) > 1 else ""
    target = re.sub(r"^[a-z]+://", "", target)
    return re.split(r"[/:?]", target, 1)[0].lower()


def _page_requests(lines: list[str]) -> list[str]:
    return [line for line in lines if not _BROWSER_SERVICE.search(_host(line))]


class _RecordingProxy:
    """A TCP listener that records the first line of every request and closes the connection."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    line = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    line = "?"
                if line:
                    self.requests.append(line)

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def _chromium(tmp_path: Path, url: str, *extra: str, budget_ms: int = 5000) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", f"--user-data-dir={profile}",
        f"--virtual-time-budget={budget_ms}", "--window-size=1200,800", *extra, url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=20)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    path = tmp_path_factory.mktemp("html") / "graph.html"
    export(_graph(), "html", path)
    return path


def test_html_has_no_remote_reference(page):
    html = page.read_text(encoding="utf-8")
    assert remote_refs(html) == []
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)


def test_chromium_draws_the_network_offline(page, tmp_path):
    proxy = _RecordingProxy()
    try:
        out = _chromium(tmp_path, page.as_uri(), "--dump-dom",
                        f"--proxy-server=http://127.0.0.1:{proxy.port}", "--proxy-bypass-list=<-loopback>")
    finally:
        proxy.close()
    dom = out.stdout
    assert out.returncode == 0, out.stderr[-2000:]
    m = re.search(r'<div id="mynetwork".*?</div>\s*</div>', dom, re.S)
    assert m, dom[:2000]
    assert 'class="vis-network"' in m.group(0) and "<canvas" in m.group(0)
    assert _page_requests(proxy.requests) == [], f"the page made network requests: {proxy.requests}"


def test_the_proxy_would_catch_a_remote_script(tmp_path):
    """The offline check is real: a page with a CDN script does reach the recording proxy."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "remote.html"
    page.write_text('<html><head><script src="https://cdn.jsdelivr.net/npm/x@1/x.js"></script></head><body>x</body></html>')
    proxy = _RecordingProxy()
    try:
        _chromium(tmp_path, page.as_uri(), "--dump-dom", f"--proxy-server=http://127.0.0.1:{proxy.port}",
                  "--proxy-bypass-list=<-loopback>")
    finally:
        proxy.close()
    assert any(_host(line) == "cdn.jsdelivr.net" for line in _page_requests(proxy.requests)), proxy.requests


def test_chromium_canvas_is_painted(page, tmp_path):
    """A copy of the page reports how many canvas pixels are not background; the network must paint some."""
    probe = page.with_name("probe.html")
    html = page.read_text(encoding="utf-8")
    script = """
<script>
  // vis-network paints after its stabilisation pass: poll until painted, or give up at the deadline
  var started = Date.now();
  var timer = setInterval(function () {
    var c = document.querySelector("#mynetwork canvas");
    var n = 0, colored = 0;
    if (c) {
      var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      for (var i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) { n++; }
        if (d[i + 3] > 0 && Math.abs(d[i] - d[i + 2]) > 40) { colored++; }
      }
    }
    if ((n > 500 && colored > 100) || Date.now() - started > 8000) {
      clearInterval(timer);
      document.body.setAttribute("data-painted", String(n));
      document.body.setAttribute("data-colored", String(colored));
    }
  }, 250);
</script>
</body>"""
    probe.write_text(html.replace("</body>", script), encoding="utf-8")
    out = _chromium(tmp_path, probe.as_uri(), "--dump-dom", budget_ms=10000)
    m = re.search(r'data-painted="(\d+)"\s+data-colored="(\d+)"', out.stdout)
    assert m, out.stdout[-2000:]
    painted, colored = int(m.group(1)), int(m.group(2))
    assert painted > 500, painted  # nodes, edges and labels
    assert colored > 100, colored  # the coloured node dots


def test_chromium_screenshot(page, tmp_path):
    shot = tmp_path / "shot.png"
    out = _chromium(tmp_path, page.as_uri(), f"--screenshot={shot}")
    assert out.returncode == 0 and shot.exists()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


# -- the page in use: real clicks and typing through the DevTools protocol ------------------------------

from tests.cdp import Browser  # noqa: E402


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    """The page of the seed graph, as `kg viz` draws it."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from kg.api import load

    path = tmp_path_factory.mktemp("seed-html") / "seed.html"
    export(load(Path(__file__).resolve().parent.parent / "exports" / "graph.ttl"), "html", path)
    return path


@pytest.fixture()
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Browser() as b:
        yield b


def _open(browser, page: Path) -> None:
    browser.navigate(page.as_uri())
    browser.wait_for("window.techkg && window.techkg.ready", timeout=30)


def test_page_loads_without_errors_or_requests_and_draws_every_entity(browser, seed_page):
    from kg.api import load

    _open(browser, seed_page)
    entities = len(graph_view(load(Path(__file__).resolve().parent.parent / "exports" / "graph.ttl")).entities)
    assert browser.evaluate("window.techkg.nodeCount") == entities
    assert browser.evaluate("window.techkg.shown()") == entities  # a small graph is drawn whole
    assert browser.console_errors() == []
    assert browser.requests() == []


def test_clicking_a_node_shows_its_evidence(browser, seed_page):
    _open(browser, seed_page)
    node = browser.evaluate("window.techkg.find('알리바바')[0]")
    browser.wait_for("!window.techkg.network.physics.physicsEnabled || window.techkg.network.physics.stabilized !== false",
                     timeout=20)
    browser.evaluate("window.techkg.network.fit({animation: false})")
    xy = browser.evaluate(f"window.techkg.position({node})")
    box = browser.evaluate("(function(){var r=document.getElementById('mynetwork').getBoundingClientRect();"
                           "return [r.left, r.top];})()")
    browser.click(box[0] + xy["x"], box[1] + xy["y"])
    browser.wait_for(f"document.getElementById('panel').getAttribute('data-node') === '{node}'", timeout=5)
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert panel.splitlines()[0] == "알리바바"
    # the fact that Alibaba develops Qwen, with the sentence of the article it was read from
    assert "develops" in panel and "Qwen" in panel
    quotes = browser.evaluate("Array.from(document.querySelectorAll('#panel blockquote')).map(q => q.textContent)")
    assert quotes and all("알리바바" in q or "Alibaba" in q or "큐원" in q or "Qwen" in q for q in quotes[:1])
    assert browser.console_errors() == []


def test_search_finds_alibaba_by_its_korean_name(browser, tmp_path):
    """An English-labelled page: typing 알리바바 finds the entity labelled Alibaba and centres it."""
    from kg.api import load

    page = tmp_path / "en.html"
    export(load(Path(__file__).resolve().parent.parent / "exports" / "graph.ttl"), "html", page, lang="en")
    _open(browser, page)
    browser.evaluate("document.getElementById('label-lang').value = 'en';"
                     "document.getElementById('label-lang').dispatchEvent(new Event('change'))")
    browser.evaluate("document.getElementById('search').focus()")
    browser.type_text("알리바바")
    browser.wait_for("!document.getElementById('hits').hidden", timeout=5)
    first = browser.evaluate("document.querySelector('#hits li').textContent")
    assert first.startswith("Alibaba")
    browser.press_key("Enter")
    browser.wait_for("document.getElementById('panel').hasAttribute('data-node')", timeout=5)
    assert browser.evaluate("document.querySelector('#panel .name').textContent").startswith("Alibaba")
    node = int(browser.evaluate("document.getElementById('panel').getAttribute('data-node')"))
    assert browser.evaluate("window.techkg.network.getSelectedNodes()") == [node]
    # centred: the node sits in the middle of the canvas
    xy = browser.evaluate(f"window.techkg.position({node})")
    size = browser.evaluate("[document.getElementById('mynetwork').clientWidth, document.getElementById('mynetwork').clientHeight]")
    assert abs(xy["x"] - size[0] / 2) < 5 and abs(xy["y"] - size[1] / 2) < 5
    assert browser.console_errors() == []


def test_filters_hide_relations_and_classes(browser, seed_page):
    _open(browser, seed_page)
    before = browser.evaluate("window.techkg.network.body.data.edges.length")
    browser.evaluate("document.querySelector('[data-relation=develops]').click()")
    after = browser.evaluate("window.techkg.network.body.data.edges.length")
    develops = browser.evaluate("JSON.parse(document.getElementById('kg-data').textContent).relations"
                                ".find(r => r.name === 'develops').count")
    assert after == before - develops
    people = browser.evaluate("JSON.parse(document.getElementById('kg-data').textContent).classes"
                              ".findIndex(c => c.name === 'Person')")
    shown = browser.evaluate("window.techkg.shown()")
    browser.evaluate(f"document.querySelector('[data-class=\"{people}\"]').click()")
    assert browser.evaluate("window.techkg.shown()") < shown
    assert browser.console_errors() == []


def test_hostile_names_stay_text_in_the_browser(browser, tmp_path):
    evil = '<img src=x onerror="document.title=1">'
    text = f"{evil} invested in Acme."
    doc = Document(id="evil", text=text, lang="en", title="hostile")
    ents = {"x": Entity("x", "Company", evil, "en"), "acme": Entity("acme", "Company", "Acme", "en")}
    ev = Evidence("evil", 0, text, 0, len(text), "t", "0", 0.9)
    page = tmp_path / "evil.html"
    export(to_graph([DocumentResult(doc, [], ents, [Fact("x", "investsIn", "acme", (ev,))])],
                    started_at=datetime(2025, 1, 1, tzinfo=timezone.utc)), "html", page)
    _open(browser, page)
    node = browser.evaluate("window.techkg.find('onerror')[0]")
    browser.evaluate(f"window.techkg.go({node})")
    assert browser.evaluate("document.querySelector('#panel .name').textContent") == evil
    assert browser.evaluate("document.querySelectorAll('#panel img, #hits img').length") == 0
    assert browser.evaluate("document.title") == "hostile"  # the onerror never ran


def test_overview_then_a_neighbourhood_of_an_entity_left_out(browser, tmp_path):
    """A graph over the overview limit opens on its biggest entities; finding one that is left out draws
    its neighbourhood (in rings, without physics) and shows it in the panel."""
    from kg.api import load

    page = tmp_path / "overview.html"
    graph = load(Path(__file__).resolve().parent.parent / "exports" / "graph.ttl")
    export(graph, "html", page, overview_limit=20, overview_size=10)
    _open(browser, page)
    assert browser.evaluate("window.techkg.nodeCount") == len(graph_view(graph).entities)
    drawn = browser.evaluate("window.techkg.network.body.data.nodes.getIds()")
    entities = [i for i in drawn if isinstance(i, int)]
    assert len(entities) == 10 and any(isinstance(i, str) for i in drawn)  # + the collapsed rest, by class
    left_out = browser.evaluate("window.techkg.find('센스타임')[0]")
    assert left_out not in entities
    browser.evaluate(f"window.techkg.go({left_out})")
    assert browser.evaluate("document.getElementById('mode-ego').getAttribute('aria-pressed')") == "true"
    ids = browser.evaluate("window.techkg.network.body.data.nodes.getIds()")
    assert left_out in ids and len(ids) >= 2  # SenseTime and who it is related to
    assert browser.evaluate("window.techkg.network.physics.physicsEnabled") is False
    assert browser.evaluate("document.querySelector('#panel .name').textContent") == "센스타임"
    assert browser.console_errors() == [] and browser.requests() == []


def test_confidence_and_article_filters(browser, tmp_path):
    """Two articles: the article filter keeps the entities and facts one of them gives; the confidence
    slider hides the facts below it."""
    t1, t2 = "Acme invested in Beta.", "Gamma acquired Delta."
    d1, d2 = Document(id="one", text=t1, lang="en", title="first"), Document(id="two", text=t2, lang="en", title="second")
    ents1 = {"acme": Entity("acme", "Company", "Acme", "en"), "beta": Entity("beta", "Company", "Beta", "en")}
    ents2 = {"gamma": Entity("gamma", "Company", "Gamma", "en"), "delta": Entity("delta", "Company", "Delta", "en")}
    f1 = Fact("acme", "investsIn", "beta", (Evidence("one", 0, t1, 0, len(t1), "t", "0", 0.9),))
    f2 = Fact("gamma", "acquired", "delta", (Evidence("two", 0, t2, 0, len(t2), "t", "0", 0.4),))
    page = tmp_path / "two.html"
    export(to_graph([DocumentResult(d1, [], ents1, [f1]), DocumentResult(d2, [], ents2, [f2])],
                    started_at=datetime(2025, 1, 1, tzinfo=timezone.utc)), "html", page)
    _open(browser, page)
    assert browser.evaluate("window.techkg.shown()") == 4
    assert browser.evaluate("window.techkg.network.body.data.edges.length") == 2
    browser.evaluate("var s = document.getElementById('f-conf'); s.value = '0.5'; s.dispatchEvent(new Event('input'))")
    assert browser.evaluate("window.techkg.network.body.data.edges.length") == 1  # 0.4 < 0.5: hidden
    browser.evaluate("var s = document.getElementById('f-conf'); s.value = '0'; s.dispatchEvent(new Event('input'))")
    second = browser.evaluate("Array.from(document.querySelectorAll('#f-doc option')).find(o => o.textContent === 'second').value")
    browser.evaluate(f"var d = document.getElementById('f-doc'); d.value = '{second}'; d.dispatchEvent(new Event('change'))")
    labels = browser.evaluate("window.techkg.network.body.data.nodes.get().map(n => n.label).sort()")
    assert labels == ["Delta", "Gamma"]
    assert browser.console_errors() == []
