"""Progress of a long extraction, for the command line: documents, triples, rate and time left.

On a terminal it is one line redrawn in place (at most ten times a second); in
a log or a pipe, a plain line every ``interval`` seconds (default 10, or the
environment's ``TECHKG_PROGRESS_INTERVAL``), and a last one when the run
printed any; nothing with ``--quiet``. The library reports progress by calling
``progress(done, total, triples)`` (see :func:`kg.extract` and :func:`kg.build`);
:class:`Progress` is such a callable.
"""
from __future__ import annotations

import os
import sys
import time
from typing import IO

__all__ = ["Progress"]

_REDRAW = 0.1  # seconds between two drawings of the bar
_WIDTH = 24  # characters of the bar


class Progress:
    """Reports ``(done, total, triples)`` on ``stream`` (default standard error)."""

    def __init__(self, what: str = "documents", *, stream: IO | None = None, interval: float | None = None,
                 enabled: bool = True):
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        if interval is None:
            try:
                interval = float(os.environ.get("TECHKG_PROGRESS_INTERVAL", "10"))
            except ValueError:
                interval = 10.0
        self.interval = max(0.0, interval)
        self.started = time.monotonic()
        self.shown_at = None  # when a line was last written (None: never)
        self.shown = None  # the state it showed
        self.state = (0, 0, 0)

    def __call__(self, done: int, total: int, triples: int) -> None:
        self.state = (done, total, triples)
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            if self.shown_at is None or now - self.shown_at >= _REDRAW or done >= total:
                self.stream.write("\r" + self.line(now, bar=True) + "\x1b[K")
                self.stream.flush()
                self.shown_at, self.shown = now, self.state
        elif now - self.started >= self.interval and (self.shown_at is None or now - self.shown_at >= self.interval):
            self.stream.write("progress: " + self.line(now) + "\n")
            self.stream.flush()
            self.shown_at, self.shown = now, self.state

    def close(self) -> None:
        """End the bar's line (on a terminal), or write the last line (in a log that had some)."""
        if not self.enabled or self.shown_at is None:
            return
        now = time.monotonic()
        if self.tty:
            self.stream.write("\r" + self.line(now, bar=True) + "\x1b[K\n")
        elif self.shown != self.state:
            self.stream.write("progress: " + self.line(now) + "\n")
        self.stream.flush()
        self.shown_at = None  # closed: a second close writes nothing

    def line(self, now: float, bar: bool = False) -> str:
        done, total, triples = self.state
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        parts = [f"extracted {done:,}/{total:,} {self.what}" + (f" ({100 * done / total:.0f}%)" if total else ""),
                 f"{triples:,} triples", f"{rate:,.1f} {self.what}/s"]
        if 0 < done < total and rate > 0:
            parts.append(f"about {_clock((total - done) / rate)} left")
        elif done >= total:
            parts.append(f"in {_clock(elapsed)}")
        text = ", ".join(parts)
        if bar and total:
            filled = min(_WIDTH, int(_WIDTH * done / total))
            text = "[" + "#" * filled + "." * (_WIDTH - filled) + "] " + text
        return text


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
