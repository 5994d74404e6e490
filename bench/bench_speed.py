"""Benchmark: extraction speed per language against the bare tokenizer it is built on, and workers.

Run with `python bench/bench_speed.py` (part of `make bench`). The corpus is
made from the repository's articles (the two resolution corpora and the seed):
per language, articles of 3 to 8 sentences drawn at random from all of that
language's sentences, until it has `--chars` characters, so the texts vary as
news does and no cache sees the same article twice. In one process, with the
models loaded, on one core (Kiwi given one thread: TECHKG_KIWI_THREADS=1, for
the tokenizer and for kg alike), it measures:

1. per language, characters per second of the bare tokenizer (Korean: Kiwi's
   `tokenize`, one text at a time; Chinese: jieba's `lcut`; English: spaCy's
   English tokenizer), then of `kg`'s whole extraction in batches
   (`kg.pipeline.process_documents`, as `kg extract` runs it: NLP, mentions,
   relations, events, resolution, typing), then the tokenizer again; the ratio
   is to the mean of the two tokenizer runs. Per stage (nlp, mentions,
   relations, resolution), characters per second of that stage alone;
2. `kg extract FILE --workers N` for N = 1 and 2, each a fresh process on the
   same JSONL file (`--worker-chars` characters, all languages interleaved),
   start-up and model loading included, and the speed-up. Each process loads
   its models once (about 4.5 s: Kiwi 2.2 s, jieba 1 s, spaCy's English
   pipeline 0.6 s), so the speed-up grows with the input.

Prints one line per measurement and a JSON line at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# one core for the tokenizer and for kg: set before Kiwi is made
os.environ.setdefault("TECHKG_KIWI_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*|(?<=다\.)\s*")


def corpus(chars: int, seed: int = 7) -> dict[str, list]:
    """{lang: [Document]} of about ``chars`` characters per language."""
    from kg.model import Document
    from kg.reader import read_all

    files = sorted((ROOT / "tests" / "data" / "crossdoc" / "articles").glob("*.txt")) + \
        sorted((ROOT / "tests" / "data" / "crossdoc_heldout" / "articles").glob("*.txt")) + \
        sorted((ROOT / "seeds").glob("*.txt"))
    sentences: dict[str, list[str]] = {}
    for doc in read_all(files):
        parts = [s.strip() for s in _SENTENCE_END.split(doc.text.replace("\n", " ")) if s.strip()]
        sentences.setdefault(doc.lang, []).extend(parts)
    rng = random.Random(seed)
    out: dict[str, list] = {}
    for lang, pool in sorted(sentences.items()):
        docs, total = [], 0
        while total < chars:
            text = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))
            docs.append(Document(f"{lang}-{len(docs):05d}", text, lang))
            total += len(text)
        out[lang] = docs
    return out


def _tokenizer(lang: str):
    if lang == "ko":
        from kg.langs.ko import get_kiwi

        kiwi = get_kiwi()
        return kiwi.tokenize, "Kiwi tokenize"
    if lang == "zh":
        import jieba

        jieba.initialize()
        return jieba.lcut, "jieba lcut"
    import spacy

    return spacy.blank("en").tokenizer, "spaCy English tokenizer"


def _rate(fn, docs) -> float:
    t = time.perf_counter()
    for d in docs:
        fn(d)
    return sum(len(d.text) for d in docs) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=150_000, help="characters per language")
    ap.add_argument("--worker-chars", type=int, default=1_200_000,
                    help="characters (all languages) of the workers run")
    args = ap.parse_args()
    from kg.gazetteer import load_gazetteer
    from kg.pipeline import process_documents

    gazetteer = load_gazetteer()
    report: dict = {"languages": {}}
    for lang, docs in corpus(args.chars).items():
        tokenize, name = _tokenizer(lang)
        list(process_documents(docs[:2], gazetteer=gazetteer))  # load the pipeline
        tokenize(docs[0].text)
        chars = sum(len(d.text) for d in docs)
        bare = _rate(lambda d: tokenize(d.text), docs)
        stages: dict[str, float] = {}
        t = time.perf_counter()
        list(process_documents(docs, gazetteer=gazetteer, stages=stages))
        seconds = time.perf_counter() - t
        ours = chars / seconds
        bare = (bare + _rate(lambda d: tokenize(d.text), docs)) / 2
        per_stage = {k: round(chars / v) for k, v in stages.items()}
        print(f"{lang}: {len(docs)} articles, {chars:,} chars: {name} {bare:,.0f} chars/s; kg extraction "
              f"{ours:,.0f} chars/s, {len(docs) / seconds:,.0f} articles/s ({ours / bare:.2f}x the tokenizer); "
              "per stage, chars/s: " + ", ".join(f"{k} {v:,}" for k, v in per_stage.items()))
        report["languages"][lang] = {"tokenizer": name, "tokenizer_chars_per_s": round(bare),
                                     "kg_chars_per_s": round(ours), "kg_articles_per_s": round(len(docs) / seconds, 1),
                                     "ratio": round(ours / bare, 3), "stage_chars_per_s": per_stage}

    every = [d for docs in corpus(args.worker_chars // 3, seed=11).values() for d in docs]
    every.sort(key=lambda d: d.id[3:])  # the languages interleaved, as a feed would bring them
    chars = sum(len(d.text) for d in every)
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        with open(feed, "w", encoding="utf-8") as f:
            for d in every:
                f.write(json.dumps({"id": d.id, "text": d.text, "lang": d.lang}, ensure_ascii=False) + "\n")
        outputs = {}
        for workers in (1, 2):
            env = {k: v for k, v in os.environ.items() if k != "TECHKG_KIWI_THREADS"}  # as a user runs it
            t = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(feed), "--workers", str(workers),
                                  "--quiet"], capture_output=True, check=True, env=env)
            times[workers] = time.perf_counter() - t
            outputs[workers] = out.stdout
            print(f"kg extract, {len(every)} articles ({chars:,} chars), --workers {workers}: {times[workers]:.1f} s, "
                  f"{chars / times[workers]:,.0f} chars/s, {len(every) / times[workers]:,.0f} articles/s "
                  "(start-up and model loading included)")
    same = outputs[1] == outputs[2]
    print(f"2 workers / 1 worker: {times[1] / times[2]:.2f}x; the same output: {same}")
    report.update(workers_articles=len(every), workers_chars=chars, one_worker_s=round(times[1], 2),
                  two_workers_s=round(times[2], 2), speedup=round(times[1] / times[2], 2), same_output=same)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
