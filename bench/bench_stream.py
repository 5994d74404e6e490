"""Benchmark: `kg extract` on a 1 GiB JSONL file runs in bounded memory.

Run with `python bench/bench_stream.py` (part of `make bench`). It writes a
JSONL file of `--bytes` (default 1 GiB) made of generated articles (the
synthetic world of `bench_store.py`, 2,000 articles written again and again
under new ids), runs `kg extract FILE --workers 2 --quiet` on it for
`--seconds` (default 120; extracting all of it takes hours on 2 cores), then
stops it, and reports:

- how long the first pass took (every line is read and checked before the
  first document is extracted: a bad line fails before any work);
- documents extracted per second after it;
- the resident memory of the command and of the command with its workers,
  sampled every 0.5 s, at each quarter of the run: flat while documents
  stream through, whatever the size of the input (only the reader's table of
  document ids grows with the number of documents).

Prints one line per measurement and a JSON line at the end.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import _rss, _tree  # noqa: E402


def write_big(path: Path, size: int, seed: int = 7) -> int:
    """A JSONL file of at least ``size`` bytes; returns its number of documents."""
    from bench_scale import write_corpus

    small = path.with_suffix(".small.jsonl")
    write_corpus(2000, small, seed)
    lines = [json.loads(line) for line in small.read_text(encoding="utf-8").splitlines()]
    small.unlink()
    n = written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < size:
            for obj in lines:
                obj = dict(obj, id=f"{obj['id']}-{n}")
                line = json.dumps(obj, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                n += 1
                if written >= size:
                    break
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bytes", type=int, default=1 << 30)
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.jsonl"
        t = time.perf_counter()
        docs = write_big(big, args.bytes)
        size = big.stat().st_size
        print(f"wrote {size:,} bytes, {docs:,} documents in {time.perf_counter() - t:.0f} s", flush=True)
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "extract", str(big), "--workers", str(args.workers),
                                 "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        done = [0]
        first = [None]

        def count() -> None:
            for _ in proc.stdout:
                if first[0] is None:
                    first[0] = time.perf_counter() - t0
                done[0] += 1

        reader = threading.Thread(target=count, daemon=True)
        reader.start()
        samples = []  # (seconds, documents done, main bytes, tree bytes)
        while time.perf_counter() - t0 < args.seconds and proc.poll() is None:
            samples.append((time.perf_counter() - t0, done[0], _rss(proc.pid),
                            sum(_rss(p) for p in _tree(proc.pid))))
            time.sleep(0.5)
        proc.kill()
        proc.wait()
    if first[0] is None:
        raise SystemExit("no document was extracted within the run; give more --seconds")
    running = [s for s in samples if s[0] >= first[0]]
    rate = (running[-1][1] - running[0][1]) / max(running[-1][0] - running[0][0], 1e-9)
    print(f"first pass (every line read and checked): {first[0]:.1f} s for {size:,} bytes "
          f"({size / first[0] / 2**20:,.0f} MiB/s)")
    print(f"then {rate:.1f} documents/s with {args.workers} workers; {done[0]:,} of {docs:,} done in {args.seconds:.0f} s")
    quarters = []
    for q in (0.25, 0.5, 0.75, 1.0):
        s = running[min(len(running) - 1, int(q * (len(running) - 1)))]
        quarters.append({"seconds": round(s[0], 1), "documents": s[1], "main_mib": round(s[2] / 2**20),
                         "tree_mib": round(s[3] / 2**20)})
        print(f"  at {s[0]:5.1f} s: {s[1]:6,} documents done; memory {s[2] / 2**20:,.0f} MiB "
              f"(with workers {s[3] / 2**20:,.0f} MiB)")
    peak_main = max(s[2] for s in samples)
    peak_tree = max(s[3] for s in samples)
    print(f"peak: {peak_main / 2**20:,.0f} MiB (with workers {peak_tree / 2**20:,.0f} MiB) for a {size / 2**30:.2f} GiB input")
    print(json.dumps({"bytes": size, "documents": docs, "first_pass_s": round(first[0], 1),
                      "documents_per_s": round(rate, 1), "quarters": quarters,
                      "peak_main_mib": round(peak_main / 2**20), "peak_tree_mib": round(peak_tree / 2**20)}))


if __name__ == "__main__":
    main()
