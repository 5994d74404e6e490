"""A tiny Chrome DevTools Protocol client for driving headless Chromium in tests and benchmarks.

Chromium is started with ``--remote-debugging-pipe``: it reads CDP messages
(JSON, each ended by a NUL byte) from its fd 3 and writes its answers and
events to its fd 4. A pair of OS pipes needs no port, no HTTP handshake and no
websocket library, so this needs nothing beyond the standard library, and no
other process on the machine can talk to the browser.

    with Browser() as b:
        b.navigate(Path("page.html").resolve().as_uri())
        b.wait_for("document.querySelector('canvas')")
        assert b.console_errors() == [] and b.requests() == []
"""
from __future__ import annotations

import base64
import contextlib
import fcntl
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "Browser"]

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                             shutil.which("google-chrome")) if p and Path(p).exists()), None)

_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome:", "devtools:")
_KEYS = {"Enter": (13, "\r"), "Tab": (9, "\t"), "Escape": (27, ""), "Backspace": (8, "")}


class Browser:
    """One headless Chromium with one page (tab); every page command goes to that page's session."""

    def __init__(self, width: int = 1400, height: int = 900, proxy_port: int | None = None,
                 chromium: str | None = None):
        exe = chromium or CHROMIUM
        if not exe:
            raise RuntimeError("chromium is not installed (apt-get install chromium)")
        self._tmp = Path(tempfile.mkdtemp(prefix="kg-cdp-"))
        self._stderr = open(self._tmp / "stderr.log", "wb")  # a file, not a pipe: nobody has to drain it
        self._ids = itertools.count(1)
        self._cond = threading.Condition()  # guards _results, _events and _dead
        self._results: dict[int, tuple[dict, int]] = {}  # id -> (answer, events received before it)
        self._events: list[dict] = []
        self._dead = False
        self._write_lock = threading.Lock()
        self.session: str | None = None
        to_r, self._to_w = os.pipe()  # we write commands to _to_w; the browser reads to_r as its fd 3
        self._from_r, from_w = os.pipe()  # the browser writes from_w as its fd 4; we read _from_r

        def child_fds() -> None:  # runs in the forked child before exec
            # Either pipe end may itself be fd 3 or 4, and dup2(fd, fd) would not clear close-on-exec:
            # move both above 9 first, then onto 3 and 4 (os.dup2 makes the copies inheritable).
            r, w = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3), os.dup2(w, 4), os.close(r), os.close(w)

        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-default-apps", "--disable-extensions", f"--user-data-dir={self._tmp / 'profile'}",
               f"--window-size={width},{height}", "--remote-debugging-pipe"]
        if proxy_port is not None:
            cmd += [f"--proxy-server=http://127.0.0.1:{proxy_port}", "--proxy-bypass-list=<-loopback>"]
        try:
            # close_fds=False: the fds 3 and 4 made in child_fds must survive (close_fds would close every fd
            # but pass_fds after preexec_fn); Python's own fds are close-on-exec anyway (PEP 446).
            # A session of its own, so that close() can end the renderer and helper processes as a group.
            self.proc = subprocess.Popen([*cmd, "about:blank"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=self._stderr, preexec_fn=child_fds, close_fds=False,
                                         start_new_session=True)
        except BaseException:
            self._release()
            raise
        finally:
            os.close(to_r)  # the child has its copies; ours would keep the pipes open after it dies
            os.close(from_w)
        self._reader = threading.Thread(target=self._read, name="cdp-reader", daemon=True)
        self._reader.start()
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
            for domain in ("Page", "Runtime", "Network", "Log"):
                self.send(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    # --- plumbing

    def _read(self) -> None:
        """Reader thread: split the byte stream at NULs; answers go by id to _results, the rest to _events."""
        buf = b""
        while True:
            chunk = b""
            with contextlib.suppress(OSError):
                chunk = os.read(self._from_r, 1 << 16)
            if not chunk:  # EOF: the browser exited (or close() closed our end)
                with self._cond:
                    self._dead = True
                    self._cond.notify_all()
                return
            *messages, buf = (buf + chunk).split(b"\0")
            with self._cond:
                for raw in messages:
                    msg = json.loads(raw)
                    if "id" in msg:
                        self._results[msg["id"]] = (msg, len(self._events))
                    else:
                        self._events.append(msg)
                self._cond.notify_all()

    def _died(self, doing: str) -> RuntimeError:
        try:
            code = self.proc.wait(1)  # the pipe closes a moment before the exit status is there
        except subprocess.TimeoutExpired:
            code = None
        self._stderr.flush()
        tail = (self._tmp / "stderr.log").read_bytes()[-3000:].decode("utf-8", "replace").strip()
        return RuntimeError(f"chromium {'exited with code ' + str(code) if code is not None else 'closed the pipe'}"
                            f" during {doing}; its stderr ends with:\n{tail or '(nothing)'}")

    def _wait(self, done, timeout: float, doing: str) -> None:
        """Block until ``done()`` (called with the lock held) is true; raise if the browser dies or time is up."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not done():
                if self._dead:
                    raise self._died(doing)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{doing}: nothing within {timeout:g} s")
                self._cond.wait(left)

    def _call(self, method: str, params: dict | None, timeout: float, session: bool) -> tuple[dict, int]:
        """Send one command; its result, and how many events had arrived before the answer."""
        mid = next(self._ids)
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        data = json.dumps(msg).encode("utf-8") + b"\0"
        try:
            with self._write_lock:
                while data:  # a large message may take several writes
                    data = data[os.write(self._to_w, data):]
        except OSError:  # BrokenPipeError: the browser is gone
            raise self._died(method) from None
        self._wait(lambda: mid in self._results, timeout, method)
        with self._cond:
            answer, mark = self._results.pop(mid)
        if "error" in answer:
            raise RuntimeError(f"{method} failed: {answer['error'].get('message')} {answer['error'].get('data', '')}")
        return answer.get("result", {}), mark

    def send(self, method: str, params: dict | None = None, timeout: float = 30, *, session: bool = True) -> dict:
        """Send one command (to the page session unless ``session=False``) and return its result."""
        return self._call(method, params, timeout, session)[0]

    def _events_of(self, method: str) -> list[dict]:
        with self._cond:
            return [e["params"] for e in self._events if e.get("method") == method]

    # --- the page

    def navigate(self, url: str, timeout: float = 30) -> None:
        """Load ``url`` and wait for its load event."""
        result, mark = self._call("Page.navigate", {"url": url}, timeout, True)
        if result.get("errorText"):
            raise RuntimeError(f"navigation to {url} failed: {result['errorText']}")
        # Page.navigate answers once the new document has committed: a load event after that answer is its own
        self._wait(lambda: any(e.get("method") == "Page.loadEventFired" for e in self._events[mark:]), timeout,
                   f"loading {url}")

    def evaluate(self, expression: str, timeout: float = 30) -> Any:
        """The value of a JS expression (a promise is awaited); a JS exception is a RuntimeError."""
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                      timeout)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise RuntimeError(f"JS error in {expression!r}: {d.get('exception', {}).get('description') or d['text']}")
        return r["result"].get("value")  # no "value" for undefined

    def wait_for(self, expression: str, timeout: float = 30, interval: float = 0.05) -> Any:
        """Poll until ``expression`` is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression, timeout)
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(f"{expression!r} still falsy ({value!r}) after {timeout:g} s")
            time.sleep(interval)

    def click(self, x: float, y: float) -> None:
        """A left click at CSS pixel (x, y) of the viewport."""
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def type_text(self, text: str) -> None:
        """Insert ``text`` into the focused element, as typing (or an IME) would."""
        self.send("Input.insertText", {"text": text})

    def press_key(self, key: str = "Enter") -> None:
        """Press and release one key: Enter, Tab, Escape or Backspace."""
        code, text = _KEYS[key]
        down = {"type": "keyDown" if text else "rawKeyDown", "key": key, "code": key, "windowsVirtualKeyCode": code}
        self.send("Input.dispatchKeyEvent", {**down, **({"text": text} if text else {})})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code})

    def screenshot(self, path: str | Path) -> Path:
        """Save the viewport as a PNG."""
        path = Path(path)
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))
        return path

    def requests(self) -> list[str]:
        """URLs the page asked for over the network (not file:, data:, blob:, about:, chrome:, devtools:)."""
        urls = (p["request"]["url"] for p in self._events_of("Network.requestWillBeSent"))
        return [u for u in urls if not u.lower().startswith(_LOCAL_SCHEMES)]

    def console_errors(self) -> list[str]:
        """Uncaught exceptions, console.error/console.assert messages and error log entries, in order."""
        out = []
        with self._cond:
            events = list(self._events)
        for e in events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                desc = (d.get("exception", {}).get("description") or "").split("\n")[0]
                out.append(f"{d.get('text', 'exception')} {desc} ({d.get('url', '')}:{d.get('lineNumber', 0) + 1})")
            elif m == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                args = " ".join(str(a.get("value", a.get("description", a.get("type")))) for a in p["args"])
                out.append(f"console.{p['type']}: {args}")
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(f"log ({p['entry']['source']}): {p['entry']['text']} {p['entry'].get('url', '')}".rstrip())
        return out

    # --- lifetime

    def close(self) -> None:
        """End the browser and all its processes, close the pipes, remove the profile. Safe to call twice."""
        if getattr(self, "_closed", False):
            return
        self._closed = True
        if self.proc.poll() is None:
            try:
                # Ask first: Chromium then ends its renderers and helpers itself (about 0.1 s)
                self.send("Browser.close", session=False, timeout=3)
                self.proc.wait(3)
            except (RuntimeError, TimeoutError, subprocess.TimeoutExpired):
                pass
        with contextlib.suppress(ProcessLookupError):  # what is left of the group we started (after a crash too)
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self._reader.join(2)  # it ends at EOF; close our end only after, or a reused fd number could be read
        self._release()

    def _release(self) -> None:
        for fd in (self._to_w, self._from_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._stderr.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
