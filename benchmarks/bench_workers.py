"""Two workers against one, with the process pool already started.

``bench_scale.py`` measures every run in a fresh process, so its ``n_jobs=2``
figures include starting the pool (about a second, paid once per Python
session: the pool is kept between calls). This measures what a session pays
after that: the same synthetic text (``make_corpus.py``, seed 0) scored with
``n_jobs=1`` and then ``n_jobs=2`` on a started pool, each with an empty
compiled-codebook cache, so every worker learns the vocabulary of its blocks.
Wall time; the load average is printed beside it.

    python benchmarks/bench_workers.py [--mb 20 40 80] [--unit document|sentence]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_corpus import make_corpus  # noqa: E402

import framing  # noqa: E402
from framing.scoring import compiled, scale  # noqa: E402


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[20.0, 40.0, 80.0])
    parser.add_argument("--unit", default="document", choices=["document", "sentence"])
    args = parser.parse_args(argv)
    codebook = framing.load_codebook("generic")
    print("| MB | unit | n_jobs=1 MB/s | n_jobs=2 MB/s (pool started) | ratio | pool start (s) | load average |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for mb in args.mb:
        texts = make_corpus(mb, seed=0)[["doc_id", "outlet", "text"]]
        size = texts["text"].str.len().sum() / 1e6
        compiled._LOCAL.__dict__.clear()
        t = time.perf_counter()
        framing.score(texts, codebook, unit=args.unit, n_jobs=1)
        one = time.perf_counter() - t
        t = time.perf_counter()
        scale._executor(2)
        start = time.perf_counter() - t
        t = time.perf_counter()
        framing.score(texts, codebook, unit=args.unit, n_jobs=2)
        two = time.perf_counter() - t
        scale._executor(1)  # a fresh pool for the next size: its workers know no words yet
        print(
            f"| {size:.1f} | {args.unit} | {size / one:.2f} | {size / two:.2f} | {one / two:.2f} "
            f"| {start:.2f} | {os.getloadavg()[0]:.2f} |"
        )


if __name__ == "__main__":
    main()
