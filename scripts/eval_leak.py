#!/usr/bin/env python3
"""Check that no name or sentence of the evaluation data leaks into code, tests or gazetteers.

Usage: python3 scripts/eval_leak.py [EVAL_DIR] (default ../shared/eval)

Every entity string of the dev sets that is specific enough to be a name (>= 3 characters
for Chinese and Korean, >= 6 for English, not one of the common words in VOCABULARY) is
searched, quoted, in kg/, tests/ and ontology/; so is every 30-character stretch of every text. Exit 1 and the hits when something is found. Common words that are
also entity strings in the data (a city, a country) are reported but allowed when they appear
in a place list or the gazetteer (kg/data/gazetteer, kg/data/*places*.json): those are world
knowledge (countries, cities, the largest companies), not copies. Every other hit is a defect.

A third check looks for copied sentence frames, with the names swapped: every lowercased word
5-gram of the dev texts (words are runs of letters and digits; 5-grams of which at least 4 words
are common English stop words are ignored), and for Chinese and Korean every 8-character run of
non-space characters (at least 4 of them CJK or Hangul, and fewer than 6 of them stop terms,
digits or punctuation, see CJK_STOP), is searched in the project files under SHINGLED (the
gazetteer and place lists excepted; word 5-grams also across line breaks). Each hit is printed
as file:line, "ngram" and the matching pieces.
"""
from __future__ import annotations

import bisect
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCHED = ["kg", "tests", "ontology"]
# Common words that the data sets also use as entity strings (a nationality, a title, a genre):
# rule vocabulary, not names.
VOCABULARY = {"American", "British", "German", "Association", "Square", "董事局主席", "자동차", "애니메이션", "오페라"}
# Where copied frames (word 5-grams, CJK 8-grams) are searched, line by line.
SHINGLED = ["tests", "kg", "docs", "README.md", "scripts", "bench", "seeds", "ontology"]
SKIPPED_DIRS = {"__pycache__", ".git", ".venv", ".pytest_cache"}
STOP = set("the of in and a an to is was for on by with as at from its it that".split())
N_WORDS, N_CHARS = 5, 8
WORD = re.compile(r"[^\W_]+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# The CJK counterpart of STOP: legal forms, titles and dates that every Chinese or Korean business
# sentence uses. An 8-gram is ignored when at least 6 of its characters are such terms, digits or
# punctuation ('股份有限公司董事长', '成立于2016年'), like a word 5-gram of at least 4 stop words.
CJK_STOP = sorted("""股份有限公司 有限责任公司 有限公司 总公司 公司 集团 控股 股份 董事长 董事 总经理 副总经理 总裁
    党委书记 书记 实际控制人 联合创始人 创始人 首席执行官 成立于 成立日期 成立 以下简称 下称 简称 总部位于 总部 位于
    科技 技术 证券交易所 上市 注册资本 年 月 日 兼 和 与 及 的 在 于 由 为 是 该 任
    주식회사 대표이사 회장 사장 회사 그룹 설립 년 월 일 은 는 이 가 의 에 와 과 을 를 로""".split(), key=len, reverse=True)
CJK_STOP_RE = re.compile("|".join(map(re.escape, CJK_STOP)))


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


def is_world(rel: Path) -> bool:
    """The gazetteer and the place lists: world knowledge, not copies."""
    return rel.parts[:3] == ("kg", "data", "gazetteer") or "places" in rel.name


def word_grams(text: str):
    """(start offset, 5-gram) for every word 5-gram of ``text`` that is not made of stop words."""
    found = [(m.start(), m.group().lower()) for m in WORD.finditer(text)]
    for i in range(len(found) - N_WORDS + 1):
        gram = [w for _, w in found[i:i + N_WORDS]]
        if sum(w in STOP for w in gram) < N_WORDS - 1:
            yield found[i][0], " ".join(gram)


def char_grams(text: str):
    for run in text.split():
        if len(run) < N_CHARS or not CJK.search(run):
            continue
        # characters that carry no content: stop terms, digits, punctuation
        plain = [not (c.isalpha() and CJK.match(c)) for c in run]
        for m in CJK_STOP_RE.finditer(run):
            plain[m.start():m.end()] = [True] * (m.end() - m.start())
        for i in range(len(run) - N_CHARS + 1):
            piece = run[i:i + N_CHARS]
            if len(CJK.findall(piece)) >= N_CHARS // 2 and sum(plain[i:i + N_CHARS]) < N_CHARS - 2:
                yield piece


def shingles(eval_dir: Path):
    """Word 5-grams of every dev text, and CJK 8-grams of the Chinese and Korean ones."""
    words, chars = set(), set()
    for path in sorted(eval_dir.glob("*/dev.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            ex = json.loads(line)
            words.update(g for _, g in word_grams(ex["text"]))
            if ex["lang"] in ("zh", "ko"):
                chars.update(char_grams(ex["text"]))
    return words, chars


def shingled_files():
    for name in SHINGLED:
        top = ROOT / name
        paths = [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []
        for p in paths:
            rel = p.relative_to(ROOT)
            if not p.is_file() or SKIPPED_DIRS & set(rel.parts) or is_world(rel):
                continue
            data = p.read_bytes()
            if b"\0" in data[:4096]:  # binary
                continue
            yield rel, data.decode("utf-8", errors="replace")


def frame_hits(eval_dir: Path):
    """(file:line, "ngram", the matching pieces) for every project line where a dev-set 5-gram or 8-gram starts.

    Word 5-grams run over line breaks (a test sentence is often split over two string literals);
    CJK 8-grams are taken line by line."""
    words, chars = shingles(eval_dir)
    hits = []
    for rel, text in shingled_files():
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        by_line: dict[int, list[str]] = {}
        for offset, gram in word_grams(text):
            if gram in words:
                by_line.setdefault(bisect.bisect_right(starts, offset), []).append(gram)
        for n, line in enumerate(text.splitlines(), 1):
            by_line.setdefault(n, []).extend(g for g in char_grams(line) if g in chars)
        hits += [(f"{rel}:{n}", "ngram", " | ".join(dict.fromkeys(found)))
                 for n, found in sorted(by_line.items()) if found]
    return hits


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
    frames = frame_hits(eval_dir)
    for p, kind, what in hits + frames:
        print(f"{p}\t{kind}\t{what}")
    files = len({p.rsplit(":", 1)[0] for p, _, _ in frames})
    print(f"{len(hits)} hits (names, 30-character stretches); {len(frames)} lines with a dev-set 5-gram/8-gram "
          f"in {files} files; {len(hits) + len(frames)} leaks in all", file=sys.stderr)
    return 1 if hits or frames else 0


if __name__ == "__main__":
    sys.exit(main())
