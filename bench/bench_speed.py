"""Benchmark: extraction speed per language against the bare tokenizer it is built on, and workers.

Run with `python bench/bench_speed.py` (part of `make bench`). The corpus is
made from the repository's articles (the two resolution corpora and the seed):
per language, articles of 3 to 8 sentences drawn at random from all of that
language's sentences, until it has `--chars` characters, so the texts vary as
news does and no cache sees the same article twice. In one process, with the
models loaded, it measures:

1. per language, characters per second of the bare tokenizer (Korean: Kiwi's
   `tokenize`; Chinese: jieba's `lcut`; English: spaCy's English tokenizer)
   and of `kg`'s whole extraction (`kg.pipeline.process_document`: NLP,
   mentions, relations, events, typing), and their ratio;
2. `kg.extract` on all languages together with 1 and with 2 worker processes
   (`--workers`), start-up included, and the speed-up.

Prints one line per measurement and a JSON line at the end.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

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
    ap.add_argument("--worker-chars", type=int, default=600_000,
                    help="characters (all languages) of the workers run")
    args = ap.parse_args()
    from kg.gazetteer import load_gazetteer
    from kg.parallel import extract_all
    from kg.pipeline import process_document

    gazetteer = load_gazetteer()
    report: dict = {"languages": {}}
    for lang, docs in corpus(args.chars).items():
        tokenize, name = _tokenizer(lang)
        process_document(docs[0], gazetteer=gazetteer)  # load the pipeline
        tokenize(docs[0].text)
        bare = _rate(lambda d: tokenize(d.text), docs)
        ours = _rate(lambda d: process_document(d, gazetteer=gazetteer), docs)
        print(f"{lang}: {len(docs)} articles, {sum(len(d.text) for d in docs):,} chars: {name} {bare:,.0f} chars/s; "
              f"kg extraction {ours:,.0f} chars/s ({ours / bare:.2f}x the tokenizer)")
        report["languages"][lang] = {"tokenizer": name, "tokenizer_chars_per_s": round(bare),
                                     "kg_chars_per_s": round(ours), "ratio": round(ours / bare, 3)}

    every = [d for docs in corpus(args.worker_chars // 3, seed=11).values() for d in docs]
    every.sort(key=lambda d: d.id[3:])  # the languages interleaved, as a feed would bring them
    chars = sum(len(d.text) for d in every)
    times = {}
    for workers in (1, 2):
        t = time.perf_counter()
        results = list(extract_all(every, workers=workers, gazetteer=gazetteer if workers == 1 else None))
        times[workers] = time.perf_counter() - t
        print(f"kg.extract, {len(every)} articles ({chars:,} chars), {workers} worker(s): {times[workers]:.1f} s, "
              f"{chars / times[workers]:,.0f} chars/s, {sum(len(r.facts) for r in results)} facts"
              + (" (start-up of the workers included)" if workers > 1 else ""))
    print(f"2 workers / 1 worker: {times[1] / times[2]:.2f}x")
    report.update(workers_articles=len(every), workers_chars=chars, one_worker_s=round(times[1], 2),
                  two_workers_s=round(times[2], 2), speedup=round(times[1] / times[2], 2))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
