#!/usr/bin/env python3
"""Check that no name or sentence of the evaluation data leaks into code, tests or gazetteers.

Usage: python3 scripts/eval_leak.py [EVAL_DIR] (default ../shared/eval)

Every entity string of the dev sets that is specific enough to be a name (>= 3 characters
for Chinese and Korean, >= 6 for English, not one of the common words in VOCABULARY) is
searched, quoted, in kg/, tests/ and ontology/; so is every 30-character stretch of every text. Exit 1 and the hits when something is found. Common words that are
also entity strings in the data (a city, a country) are reported but allowed when they appear
in a place list or the gazetteer (kg/data/gazetteer, kg/data/*places*.json): those are world
knowledge (countries, cities, the largest companies), not copies. Every other hit is a defect.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCHED = ["kg", "tests", "ontology"]
# Common words that the data sets also use as entity strings (a nationality, a title, a genre):
# rule vocabulary, not names.
VOCABULARY = {"American", "British", "German", "Association", "Square", "董事局主席", "자동차", "애니메이션", "오페라"}


def strings(eval_dir: Path):
    names, texts = set(), []
    for path in sorted(eval_dir.glob("*/dev.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            ex = json.loads(line)
            texts.append(ex["text"])
            for t in ex.get("triples", []):
                for k in ("subject", "object"):
                    names.add((ex["lang"], t[k]))
                for k in ("subject_aliases", "object_aliases"):
                    names.update((ex["lang"], a) for a in t.get(k) or [])
    return names, texts


def main() -> int:
    eval_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval"
    names, texts = strings(eval_dir)
    corpus = {}
    for d in SEARCHED:
        for p in (ROOT / d).rglob("*"):
            if p.is_file() and p.suffix in (".py", ".json", ".ttl", ".txt", ".jsonl", ".csv", ".tsv"):
                corpus[p.relative_to(ROOT)] = p.read_text(encoding="utf-8", errors="replace")
    world = "\n".join(c for p, c in corpus.items()
                      if p.parts[:3] == ("kg", "data", "gazetteer") or "places" in p.name)
    hits = []
    for text in texts:
        for i in range(0, max(1, len(text) - 30), 30):
            piece = text[i:i + 30]
            if len(piece) == 30 and piece not in world:
                hits += [(str(p), "sentence", piece) for p, c in corpus.items() if piece in c]
    for lang, name in sorted(names):
        if (lang == "en" and len(name) < 6) or len(name) < 3 or name.isdigit() or name in VOCABULARY:
            continue
        quoted = [f'"{name}"', f"'{name}'"]
        if any(q in world for q in quoted):
            continue
        for p, c in corpus.items():
            if any(q in c for q in quoted):
                hits.append((str(p), "name", name))
    for p, kind, what in hits:
        print(f"{p}\t{kind}\t{what}")
    print(f"{len(hits)} hits", file=sys.stderr)
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
