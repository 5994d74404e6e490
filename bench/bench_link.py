"""Benchmark: cross-document linking on a large corpus (the resolution corpus repeated under new ids).

Run with `python bench/bench_link.py --copies 20`. Extraction runs once per
distinct article; the repeated results are relabelled, so the time measured
is the linking stage's alone. Prints one line per measurement.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import kg
from kg.gazetteer import load_gazetteer
from kg.link import apply_linking, link

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20, help="copies of the 36-article corpus")
    args = ap.parse_args()
    articles = sorted((ROOT / "tests" / "data" / "crossdoc" / "articles").glob("*.txt"))
    results, _ = kg.link_documents(articles)
    base = list(kg.extract(articles))
    corpus = []
    for k in range(args.copies):
        for r in base:
            doc = replace(r.document, id=f"{r.document.id}-{k:03d}")
            corpus.append(replace(r, document=doc, facts=[
                replace(f, evidence=tuple(replace(e, doc_id=doc.id) for e in f.evidence)) for f in r.facts]))
    gaz = load_gazetteer()
    t0 = time.perf_counter()
    linking = link(corpus, gazetteer=gaz)
    t1 = time.perf_counter()
    apply_linking(corpus, linking)
    t2 = time.perf_counter()
    entities = len(set(linking.ids.values()))
    print(f"link {len(corpus)} documents, {len(linking.ids)} document entities -> {entities} entities: "
          f"{t1 - t0:.2f} s ({len(linking.merges)} merges, {len(linking.candidates)} candidates); "
          f"apply {t2 - t1:.2f} s")


if __name__ == "__main__":
    main()
