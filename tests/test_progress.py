"""Progress on standard error: a bar on a terminal, plain lines in a log, nothing with --quiet."""
from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "data" / "crossdoc" / "articles" / "01_en_xuanji_series_b.txt"
OTHER = ROOT / "tests" / "data" / "crossdoc" / "articles" / "02_ko_xuanji_series_b.txt"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_one_line_is_redrawn_with_a_bar_and_the_time_left():
    out = _Terminal()
    bar = Progress(stream=out)
    bar(1, 4, 3)
    bar.shown_at -= 1  # as if a second had passed: the next report redraws
    bar(2, 4, 7)
    bar(4, 4, 9)
    bar.close()
    text = out.getvalue()
    assert text.count("\r") == 4 and text.endswith("\n") and text.count("\n") == 1
    assert "[######------".replace("-", ".") in text and "extracted 2/4 documents (50%)" in text
    assert "7 triples" in text and "left" in text
    assert "extracted 4/4 documents (100%), 9 triples" in text and " in 0:0" in text


def test_in_a_log_plain_lines_at_the_interval_and_nothing_for_a_short_run():
    log = io.StringIO()
    bar = Progress(stream=log, interval=0)
    for done in range(1, 4):
        bar(done, 3, done * 2)
    bar.close()
    lines = log.getvalue().splitlines()
    assert lines[-1].startswith("progress: extracted 3/3 documents (100%), 6 triples") and "\r" not in log.getvalue()
    assert len(lines) == 3  # the last state is not written twice
    quiet = io.StringIO()
    short = Progress(stream=quiet, interval=3600)
    short(1, 1, 5)
    short.close()
    assert quiet.getvalue() == ""


def test_kg_extract_reports_progress_on_stderr_and_quiet_silences_it():
    runner = CliRunner()
    res = runner.invoke(main, ["extract", str(ARTICLE), str(OTHER)], env={"TECHKG_PROGRESS_INTERVAL": "0"})
    assert res.exit_code == 0, res.output
    assert "progress: extracted 2/2 documents (100%)" in res.stderr
    assert all(line.startswith("{") for line in res.stdout.splitlines())  # stdout stays JSONL
    res = runner.invoke(main, ["extract", str(ARTICLE), "--quiet"], env={"TECHKG_PROGRESS_INTERVAL": "0"})
    assert res.exit_code == 0 and "progress" not in res.stderr


def test_kg_build_reports_the_articles_it_extracts(tmp_path):
    res = CliRunner().invoke(main, ["build", str(ARTICLE), str(OTHER), "--store", str(tmp_path / "s")],
                             env={"TECHKG_PROGRESS_INTERVAL": "0"})
    assert res.exit_code == 0, res.output
    assert "progress: extracted 2/2 articles (100%)" in res.stderr
