"""Benchmark: wall time of `kg build` on seeds/ and extraction throughput on repeated articles.

Run with `make bench`. Prints one line per measurement; performance goals are
checked here, never in tests.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import kg
from kg.gazetteer import load_gazetteer
from kg.model import Document
from kg.pipeline import process_document

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=50, help="documents in the throughput run")
    args = ap.parse_args()

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        res = kg.build([ROOT / "seeds"], out)
    cold = time.perf_counter() - t0
    print(f"kg build seeds/ (cold, in process): {cold:.2f} s, {res.stats.facts} facts, {res.stats.entities} entities")

    text = (ROOT / "seeds" / "000_bb1140d7c5ae393e.txt").read_text(encoding="utf-8")
    gaz = load_gazetteer()
    docs = [Document(f"d{i}", text, "ko") for i in range(args.copies)]
    t0 = time.perf_counter()
    for d in docs:
        process_document(d, gazetteer=gaz)
    warm = time.perf_counter() - t0
    chars = len(text) * args.copies
    print(f"extraction, Korean, {args.copies} documents: {warm:.2f} s, {chars / warm:,.0f} chars/s")
    print(json.dumps({"build_seconds": round(cold, 3), "ko_chars_per_second": round(chars / warm)}))


if __name__ == "__main__":
    main()
