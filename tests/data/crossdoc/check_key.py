#!/usr/bin/env python3
"""Validate tests/data/crossdoc/key.json and report which key surfaces the extractor finds.

Usage (from the repository root):

    .venv/bin/python tests/data/crossdoc/check_key.py [--no-extract] [--kg PATH]

Key errors (missing documents, surfaces not in their document's text, a surface listed twice in
one document, too few articles, malformed entries) are printed as `error:` lines and make the exit
status 1. Extractor misses (a key surface that `kg extract` does not return as a mention text of
that document) are only reported, with a found/total count; they never fail the check.

Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
KEY = HERE / "key.json"
LANGS = ("ko", "en", "zh")
MIN_ARTICLES = 30
NAME_RX = re.compile(r"^(\d{2})_(ko|en|zh)_[a-z0-9_]+$")
SLUG_RX = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_articles(errors: list[str]) -> dict[str, str]:
    docs: dict[str, str] = {}
    if not ARTICLES.is_dir():
        errors.append(f"articles folder not found: {ARTICLES}")
        return docs
    for p in sorted(ARTICLES.iterdir()):
        if p.suffix != ".txt":
            continue
        if not NAME_RX.match(p.stem):
            errors.append(f"{p.name}: file name is not NN_LANG_slug.txt")
        try:
            docs[p.stem] = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            errors.append(f"{p.name}: not valid UTF-8")
    numbers = Counter(s[:2] for s in docs)
    for n, c in numbers.items():
        if c > 1:
            errors.append(f"article number {n} is used by {c} files")
    per_lang = Counter(s.split("_")[1] for s in docs if NAME_RX.match(s))
    if sum(per_lang.values()) < MIN_ARTICLES:
        errors.append(f"only {sum(per_lang.values())} articles; at least {MIN_ARTICLES} are required")
    for lang in LANGS:
        if per_lang[lang] == 0:
            errors.append(f"no {lang} article")
    return docs


def check_key(key: dict, docs: dict[str, str], errors: list[str]) -> list[tuple[str, str, str]]:
    """Return the (doc, surface, entity key) triples of the key; append problems to errors."""
    if key.get("version") != 1:
        errors.append("key.json: 'version' must be 1")
    entities = key.get("entities")
    if not isinstance(entities, list) or not entities:
        errors.append("key.json: 'entities' must be a non-empty list")
        return []
    triples: list[tuple[str, str, str]] = []
    seen_keys: set[str] = set()
    owner: dict[tuple[str, str], str] = {}
    for i, ent in enumerate(entities):
        k = ent.get("key")
        where = f"entity #{i} ({k!r})"
        if not isinstance(k, str) or not SLUG_RX.match(k):
            errors.append(f"{where}: 'key' must be a lowercase slug")
        elif k in seen_keys:
            errors.append(f"{where}: duplicate key")
        seen_keys.add(k)
        if not isinstance(ent.get("type"), str) or not ent["type"]:
            errors.append(f"{where}: missing 'type'")
        mentions = ent.get("mentions")
        if not isinstance(mentions, dict) or not mentions:
            errors.append(f"{where}: 'mentions' must be a non-empty object")
            continue
        for doc, surfaces in mentions.items():
            if doc not in docs:
                errors.append(f"{where}: document {doc!r} does not exist")
                continue
            if not isinstance(surfaces, list) or not surfaces:
                errors.append(f"{where}: {doc}: surfaces must be a non-empty list")
                continue
            for s in surfaces:
                if not isinstance(s, str) or not s.strip():
                    errors.append(f"{where}: {doc}: empty surface")
                    continue
                if s not in docs[doc]:
                    errors.append(f"{where}: {doc}: surface {s!r} does not occur in the text")
                if (doc, s) in owner:
                    errors.append(f"{where}: {doc}: surface {s!r} is already listed for {owner[(doc, s)]!r}")
                else:
                    owner[(doc, s)] = k
                triples.append((doc, s, k))
    for j, ne in enumerate(key.get("not_entities", [])):
        doc, s = ne.get("doc"), ne.get("text")
        where = f"not_entities #{j}"
        if doc not in docs:
            errors.append(f"{where}: document {doc!r} does not exist")
            continue
        if not isinstance(s, str) or s not in docs[doc]:
            errors.append(f"{where}: {doc}: text {s!r} does not occur in the text")
        if (doc, s) in owner:
            errors.append(f"{where}: {doc}: text {s!r} is also listed for entity {owner[(doc, s)]!r}")
    return triples


def find_kg(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    local = Path(sys.executable).with_name("kg")
    if local.exists():
        return str(local)
    repo_venv = HERE.parents[2] / ".venv" / "bin" / "kg"
    if repo_venv.exists():
        return str(repo_venv)
    return shutil.which("kg")


def run_extractor(kg: str) -> dict[str, set[str]] | None:
    cmd = [kg, "extract", "--format", "jsonl", str(ARTICLES) + os.sep]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    except OSError as exc:
        print(f"warning: could not run {kg}: {exc}")
        return None
    if proc.returncode != 0:
        print(f"warning: `{' '.join(cmd)}` exited with {proc.returncode}: {proc.stderr.strip()[:500]}")
        return None
    found: dict[str, set[str]] = defaultdict(set)
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        for e in d.get("entities", []):
            for m in e.get("mentions", []):
                found[d["id"]].add(m["text"])
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-extract", action="store_true", help="only validate the key, do not run kg extract")
    ap.add_argument("--kg", help="path of the kg executable (default: next to this Python, then .venv, then PATH)")
    args = ap.parse_args()

    errors: list[str] = []
    docs = load_articles(errors)
    try:
        key = json.loads(KEY.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read {KEY}: {exc}")
        return 1
    triples = check_key(key, docs, errors)

    per_lang = Counter(s.split("_")[1] for s in docs if NAME_RX.match(s))
    ents = key.get("entities", [])
    cross = sum(1 for e in ents if len({d.split("_")[1] for d in e.get("mentions", {})}) > 1)
    print(f"articles: {len(docs)} ({', '.join(f'{l} {per_lang[l]}' for l in LANGS)})")
    print(f"key: {len(ents)} entities ({cross} in more than one language), {len(triples)} document surfaces, "
          f"{len(key.get('not_entities', []))} not_entities")
    for e in errors:
        print(f"error: {e}")

    if not args.no_extract:
        kg = find_kg(args.kg)
        found = run_extractor(kg) if kg else None
        if kg is None:
            print("warning: kg executable not found; extractor coverage not checked")
        if found is not None:
            misses = [(d, s, k) for d, s, k in triples if s not in found.get(d, set())]
            ok = len(triples) - len(misses)
            print(f"extractor: {ok}/{len(triples)} key surfaces found as mention texts "
                  f"({100.0 * ok / max(1, len(triples)):.1f}%)")
            for d, s, k in misses:
                print(f"  not found: {d}: {s!r} ({k})")
            flagged = [ne for ne in key.get("not_entities", []) if ne.get("text") in found.get(ne.get("doc"), set())]
            for ne in flagged:
                print(f"  note: not_entity extracted as a mention: {ne['doc']}: {ne['text']!r} ({ne.get('note', '')})")

    if errors:
        print(f"{len(errors)} key error(s)")
        return 1
    print("key OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
