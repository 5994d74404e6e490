"""Benchmark: store build time and peak memory as the corpus grows (1k, 10k, 100k generated articles).

Run with `python bench/bench_scale.py` (part of `make bench`; default sizes
1,000 and 10,000 articles, `--sizes 1000,10000,100000` for the full run: the
100k build takes hours on a 2-core machine).

The articles are generated from the synthetic world of `bench_store.py`:
companies, startups, investors, universities, people and products named in
Korean, English and Chinese, picked with Zipf-like popularity, the world
growing with the corpus as news brings new names. Each article is 10 to 20
sentences on one to three entities (founding, investment, partnership,
acquisition, supply, competition, listing, headquarters, roles), in the
sentence frames of that generator, about 900 characters. They are written to
one JSONL file per size.

Each size is built into an empty store in a fresh process, as `kg build FILE
--store STORE --workers W` does it (`kg.build`), and the benchmark reports:
the wall time; articles and characters per second; the time of each stage
the build reports (read, extraction with both corpus-name passes, linking,
graph and store, saving the state); and the peak resident memory of the
build process and of the process with its workers (summed; sampled every
0.25 s from /proc). Then, from the smallest size up, how far each size's
time per article is from the smallest's (linear growth: 0%).

Prints one line per size and a JSON line at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# the build, in a process of its own (its workers are spawned: the __main__ guard)
_CHILD = """
import json, sys, time
import kg

if __name__ == "__main__":
    corpus, store, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t = time.perf_counter()
    result = kg.build([corpus], None, store=store, workers=workers)
    print(json.dumps({"seconds": time.perf_counter() - t, "timings": result.timings,
                      "quads": result.update.quads, "extracted": result.update.extracted}))
"""


def write_corpus(n: int, path: Path, seed: int = 7) -> int:
    """``n`` generated articles as JSONL at ``path``; returns their characters."""
    sys.path.insert(0, str(HERE))
    from bench_store import ArticleWriter, World

    world = World(n, seed)
    writer = ArticleWriter(world, seed)
    chars = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            result = writer.article(i)
            sentences: dict[int, str] = {}
            for item in [*result.facts, *result.events]:
                for ev in item.evidence:
                    sentences.setdefault(ev.sentence_index, ev.sentence_text)
            text = " ".join(sentences[k] for k in sorted(sentences))
            chars += len(text)
            doc = result.document
            f.write(json.dumps({"id": doc.id, "text": text, "lang": doc.lang, "published": doc.published,
                                "title": doc.title}, ensure_ascii=False) + "\n")
    return chars


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def build(corpus: Path, store: Path, workers: int) -> dict:
    """Build ``corpus`` into ``store`` in a fresh process: its report, wall time and peak memory."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as child:
        child.write(_CHILD)
    try:
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, child.name, str(corpus), str(store), str(workers)],
                                stdout=subprocess.PIPE, text=True)
        peak_main = peak_tree = 0
        while proc.poll() is None:
            pids = _tree(proc.pid)
            peak_main = max(peak_main, _rss(proc.pid))
            peak_tree = max(peak_tree, sum(_rss(p) for p in pids))
            time.sleep(0.25)
        wall = time.perf_counter() - t
        out = proc.stdout.read()
        if proc.returncode:
            raise SystemExit(f"the build of {corpus} failed (exit {proc.returncode})")
    finally:
        os.unlink(child.name)
    report = json.loads(out.strip().splitlines()[-1])
    report.update(wall_s=wall, peak_main_bytes=peak_main, peak_tree_bytes=peak_tree)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="numbers of articles, comma-separated")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"articles-{n}.jsonl"
            chars = write_corpus(n, corpus)
            r = build(corpus, Path(tmp) / f"store-{n}", args.workers)
            r.update(articles=n, chars=chars)
            rows.append(r)
            stages = ", ".join(f"{k} {v:.1f} s" for k, v in r["timings"].items())
            print(f"{n:,} articles ({chars:,} chars), --workers {args.workers}: {r['wall_s']:.1f} s "
                  f"({n / r['wall_s']:.1f} articles/s, {chars / r['wall_s']:,.0f} chars/s), {r['quads']:,} quads, "
                  f"{r['extracted']:,} extractions; peak memory {r['peak_main_bytes'] / 2**30:.2f} GiB "
                  f"(with workers {r['peak_tree_bytes'] / 2**30:.2f} GiB); stages: {stages}", flush=True)
            (Path(tmp) / f"articles-{n}.jsonl").unlink()
    base = rows[0]["wall_s"] / rows[0]["articles"]
    for r in rows[1:]:
        per = r["wall_s"] / r["articles"]
        r["vs_linear"] = per / base - 1
        print(f"{r['articles']:,} articles: {per * 1000:.1f} ms an article, {r['vs_linear']:+.0%} from linear "
              f"(from {rows[0]['articles']:,})")
    print(json.dumps({"workers": args.workers, "sizes": rows}))


if __name__ == "__main__":
    main()
