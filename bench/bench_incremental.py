"""Benchmark: adding one article to a store of N articles costs about one article's work, and gives
the graph a full rebuild gives.

Run with `python bench/bench_incremental.py` (default N = 1000). The corpus is
the 72 articles of the two resolution corpora (Korean, English, Chinese),
repeated under new ids until it has N + 1 articles. It measures, in one
process with the models loaded:

1. a full build of N articles into an empty store (every article extracted);
2. one more article added to that store (the incremental build), stage by
   stage, two ways: the article given alone (``kg build new.txt``), and the
   whole folder given again (``kg build folder/``: every file is read and
   hashed to find the one that is new);
3. one article built alone into an empty store (the "one article's work");
4. a full build of the N + 1 articles into a second empty store, and whether
   the stores hold the same quads (Oxigraph keeps literals canonical, so
   equal sets mean isomorphic graphs; there are no blank nodes);
5. what a user waits for at the command line: `kg build ARTICLE` into a copy of
   the N-article store, against `kg build ARTICLE` into an empty store (each a
   fresh process: start-up and model loading included; the median of three).

Prints one line per measurement and a JSON line at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import kg
from kg.store import open_for_query

ROOT = Path(__file__).resolve().parent.parent
STARTED = datetime(2025, 3, 1, tzinfo=timezone.utc)  # one build time for all, so graphs compare


def corpus(n: int, folder: Path) -> list[Path]:
    """``n`` article files: the resolution corpora's articles under new names, round after round."""
    sources = sorted((ROOT / "tests" / "data" / "crossdoc" / "articles").glob("*.txt")) + \
        sorted((ROOT / "tests" / "data" / "crossdoc_heldout" / "articles").glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{src.stem}-r{i // len(sources):03d}{src.suffix}"
        dst.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        files.append(dst)
    return files


def _cli(article: Path, store: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(article), "--store", str(store), "--quiet"],
                   check=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(int(STARTED.timestamp()))})
    return time.perf_counter() - t


def quads(store: Path) -> set:
    with open_for_query(store) as db:
        return set(db)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000, help="articles in the store before the one added")
    ap.add_argument("--keep", metavar="DIR", help="keep the stores and articles in DIR")
    ap.add_argument("--article", metavar="FILE", type=Path,
                    help="the article to add (default: the next one of the corpus; e.g. the seed, a full news article)")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-incr-"))
    try:
        files = corpus(args.articles + 1, work / "articles")
        base, extra = files[:-1], files[-1]
        if args.article is not None:
            extra.unlink()
            extra = work / "articles" / args.article.name
            extra.write_text(args.article.read_text(encoding="utf-8"), encoding="utf-8")
            files = base + [extra]
        kg.build([extra], None, store=work / "warm-up", started_at=STARTED)  # load the models once

        t = time.perf_counter()
        kg.build(base, None, store=work / "store", started_at=STARTED)
        full_n = time.perf_counter() - t
        print(f"full build of {len(base)} articles: {full_n:.1f} s ({full_n / len(base) * 1000:.0f} ms per article)")

        shutil.copytree(work / "store", work / "store-cli")
        shutil.copytree(work / "store", work / "store-folder")
        t = time.perf_counter()
        res = kg.build([extra], None, store=work / "store", started_at=STARTED)
        incremental = time.perf_counter() - t
        u = res.update
        print(f"incremental build adding 1 article to {len(base)}, the article given: {incremental:.3f} s; {u.summary()}")
        for stage, seconds in res.timings.items():
            print(f"  {stage:<12} {seconds:.3f} s")
        t = time.perf_counter()
        res_folder = kg.build(base + [extra], None, store=work / "store-folder", started_at=STARTED)
        folder = time.perf_counter() - t
        print(f"the same, the whole folder given: {folder:.3f} s ("
              + ", ".join(f"{k} {v:.3f}" for k, v in res_folder.timings.items()) + ")")

        t = time.perf_counter()
        kg.build([extra], None, store=work / "alone", started_at=STARTED)
        alone = time.perf_counter() - t
        print(f"the same article alone into an empty store: {alone:.3f} s")

        t = time.perf_counter()
        kg.build(base + [extra], None, store=work / "rebuild", started_at=STARTED)
        rebuild = time.perf_counter() - t
        print(f"full rebuild of {len(files)} articles into an empty store: {rebuild:.1f} s")

        a, b, c = quads(work / "store"), quads(work / "rebuild"), quads(work / "store-folder")
        same = a == b == c
        print(f"incremental stores == full rebuild: {same} ({len(a)}, {len(c)} and {len(b)} quads; "
              f"{len(a - b)} only incremental, {len(b - a)} only rebuild)")
        print(f"incremental / alone: {incremental / alone:.1f}x (folder: {folder / alone:.1f}x); "
              f"rebuild / incremental: {rebuild / incremental:.0f}x")
        # three runs each (start-up and model loading vary), each into its own copy or empty store
        adds, alones = [], []
        for run in range(3):
            shutil.copytree(work / "store-cli", work / f"store-cli-{run}")
            adds.append(_cli(extra, work / f"store-cli-{run}"))
            alones.append(_cli(extra, work / f"store-cli-alone-{run}"))
        cli_add, cli_alone = sorted(adds)[1], sorted(alones)[1]
        print(f"command line, kg build of the article (median of 3): into the {len(base)}-article store "
              f"{cli_add:.2f} s, into an empty store {cli_alone:.2f} s ({cli_add / cli_alone:.2f}x)")
        print(json.dumps({"articles": len(base), "full_build_s": round(full_n, 2), "incremental_s": round(incremental, 3),
                          "incremental_folder_s": round(folder, 3),
                          "alone_s": round(alone, 3), "rebuild_s": round(rebuild, 2), "isomorphic": same,
                          "quads": len(a), "stages": {k: round(v, 3) for k, v in res.timings.items()},
                          "cli_add_s": round(cli_add, 2), "cli_alone_s": round(cli_alone, 2)}))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
