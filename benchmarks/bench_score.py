"""Throughput of framing.score against scikit-learn's CountVectorizer on the same texts.

Builds a corpus of at least 50 MB by repeating the bundled articles (each copy
gets a distinct id), then times, in one run:

* ``framing.score(corpus, "pow-exchange")`` — document unit, per-1,000-token scores;
* ``CountVectorizer().fit_transform(texts)`` — the usual bag-of-words baseline.

It prints MB/s for both and their ratio (target: framing at least 1.5x the
baseline). Timings are measured here, never asserted in tests.

    python benchmarks/bench_score.py [--mb 50] [--repeat 1]
"""

from __future__ import annotations

import argparse
import time

import pandas as pd


def build_corpus(mb: float) -> pd.DataFrame:
    import framing

    base = framing.load_corpus("pow-exchange-2025")
    size = base["text"].str.len().sum()
    copies = int(mb * 1e6 // size) + 1
    big = pd.concat([base] * copies, ignore_index=True)
    big["doc_id"] = [f"{d}-{i}" for i, d in enumerate(big["doc_id"])]
    return big


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv=None) -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    import framing

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    p.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    args = p.parse_args(argv)

    corpus = build_corpus(args.mb)
    texts = corpus["text"].tolist()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    framing.score(texts[:10], "pow-exchange")  # warm up imports outside the timing
    t_framing = best_of(lambda: framing.score(corpus, "pow-exchange", progress=False), args.repeat)
    t_sklearn = best_of(lambda: CountVectorizer().fit_transform(texts), args.repeat)
    print(f"corpus: {len(texts):,} articles, {mb:.1f} MB")
    print(f"framing.score (document)        : {mb / t_framing:7.2f} MB/s  ({t_framing:.1f} s)")
    print(f"CountVectorizer().fit_transform : {mb / t_sklearn:7.2f} MB/s  ({t_sklearn:.1f} s)")
    print(f"ratio framing / sklearn         : {t_sklearn / t_framing:7.2f}  (target >= 1.5)")


if __name__ == "__main__":
    main()
