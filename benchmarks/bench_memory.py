"""Peak memory of loading a large CSV corpus, as a ratio to the file's size.

Generates a CSV of the requested size on the fly (default 200 MB: articles of
2-6 KB built from the bundled corpus's sentences, each row with an id, outlet,
date and title), then loads it with ``framing.load_corpus`` in a fresh process
and prints the peak of Python allocations (tracemalloc) and the peak resident
set size (RSS), each divided by the file size. The target is a ratio of at most
3. Usage: ``python benchmarks/bench_memory.py [MEGABYTES]``.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, tracemalloc
import framing
path = sys.argv[1]
import os
rss_before = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
tracemalloc.start()
corpus = framing.load_corpus(path, **json.loads(sys.argv[2]))
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"rows": len(corpus), "traced_peak": peak, "traced_kept": current,
                  "rss_peak": rss, "rss_before": rss_before}))
"""


def make_csv(path: Path, megabytes: float, seed: int = 0) -> int:
    import numpy as np

    import framing

    sents = framing.sentences(framing.load_corpus("pow-exchange-2025"))["text"].tolist()
    outlets = sorted(framing.load_corpus("pow-exchange-2025")["outlet"].unique())
    rng = np.random.default_rng(seed)
    target = int(megabytes * 1_000_000)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "outlet", "date", "title", "text"])
        i = 0
        while f.tell() < target:
            n = int(rng.integers(15, 45))
            text = " ".join(sents[j] for j in rng.integers(0, len(sents), n))
            w.writerow(
                [
                    f"doc{i:07d}",
                    outlets[i % len(outlets)],
                    f"2025-06-{1 + i % 28:02d}",
                    sents[int(rng.integers(0, len(sents)))][:80],
                    text,
                ]
            )
            i += 1
    return i


def main(megabytes: float = 200.0) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.csv"
        rows = make_csv(path, megabytes)
        size = path.stat().st_size
        print(f"file: {size / 1e6:.0f} MB, {rows} articles")
        for label, kwargs in (
            ("reading, lang='en' given", {"lang": "en"}),
            ("reading + language identification (default lang='auto')", {}),
        ):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path), json.dumps(kwargs)],
                capture_output=True,
                text=True,
                check=True,
            )
            _report(label, json.loads(out.stdout), size)


def _report(label: str, m: dict, size: int) -> None:
    growth = m["rss_peak"] - m["rss_before"]
    print(f"-- {label}")
    print(f"tracemalloc peak: {m['traced_peak'] / 1e6:.0f} MB = {m['traced_peak'] / size:.2f} x")
    print(f"kept after loading: {m['traced_kept'] / 1e6:.0f} MB = {m['traced_kept'] / size:.2f} x")
    print(
        f"peak RSS: {m['rss_peak'] / 1e6:.0f} MB = {m['rss_peak'] / size:.2f} x the file "
        f"({growth / 1e6:.0f} MB = {growth / size:.2f} x above the {m['rss_before'] / 1e6:.0f} MB "
        "resident before loading)"
    )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 200.0)
