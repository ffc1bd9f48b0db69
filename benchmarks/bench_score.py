"""Throughput of framing's matcher (score, matches, kwic) and the memory of scoring.

Prints, in one run:

* MB/s of ``framing.score`` (document unit), ``framing.matches`` and
  ``framing.kwic(frame=...)`` on real text — the Narrative Frames Corpus texts
  when they are found (``../shared/datasets/narrative-frames-corpus`` or
  ``FRAMING_NFC_PATH``), else the bundled corpus — both *cold* (a fresh
  compiled codebook: every word type is analysed for the first time) and *warm*
  (the vocabulary already known), as wall-clock and as CPU time (CPU time is
  the steadier number on a shared machine);
* MB/s of ``framing.score`` and of scikit-learn's ``CountVectorizer`` on a
  larger corpus made by repeating the bundled articles (``--mb``), and their ratio;
* with ``--memory-mb N``: the peak memory of scoring an N MB corpus in a fresh
  process (``ru_maxrss``) against the size of its texts.

Timings are measured here, never asserted in tests.

    python benchmarks/bench_score.py [--mb 50] [--repeat 3] [--memory-mb 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

import pandas as pd


def build_corpus(mb: float) -> pd.DataFrame:
    """The bundled articles repeated to ``mb`` MB, each copy with a distinct id."""
    import framing

    base = framing.load_corpus("pow-exchange-2025")
    size = base["text"].str.len().sum()
    copies = int(mb * 1e6 // size) + 1
    big = pd.concat([base] * copies, ignore_index=True)
    big["doc_id"] = [f"{d}-{i}" for i, d in enumerate(big["doc_id"])]
    return big


def real_corpus() -> tuple[pd.DataFrame, str, str]:
    """The NFC texts with the generic codebook when available, else the bundled corpus."""
    import framing
    from framing.datasets import load_narrative_frames, locate_narrative_frames

    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (
        os.environ.get("FRAMING_NFC_PATH"),
        os.path.join(here, "..", "..", "shared", "datasets", "narrative-frames-corpus"),
        os.path.join(here, "..", "..", "..", "shared", "datasets", "narrative-frames-corpus"),
        None,
    ):
        try:
            path = locate_narrative_frames(candidate)
        except Exception:  # noqa: BLE001 - a wrong candidate is simply skipped
            path = None
        if path is not None:
            nfc = load_narrative_frames(path)
            return nfc.corpus, "generic", "Narrative Frames Corpus (428 real articles)"
    return framing.load_corpus("pow-exchange-2025"), "pow-exchange", "bundled corpus"


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``fn`` over ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def fresh(fn):
    """``fn`` with an empty compiled-codebook cache: every word type is new."""

    def run():
        from framing.scoring import compiled

        compiled._LOCAL.__dict__.clear()
        return fn()

    return run


def _memory_child(mb: float) -> None:
    import gc
    import threading

    import framing

    corpus = build_corpus(mb)
    # distinct texts: no string is shared between copies
    corpus["text"] = pd.Series([f"{t} copy{i}" for i, t in enumerate(corpus["text"])], dtype="str")
    size = int(corpus["text"].str.len().sum())
    # load every language's rules and lemmatiser (a fixed cost) before measuring
    framing.score(corpus.groupby("lang").head(2) if "lang" in corpus else corpus.head(3))
    gc.collect()
    before = _rss_now()
    peak = [before]
    done = threading.Event()

    def sample() -> None:  # the process's lifetime peak includes building the corpus
        while not done.wait(0.002):
            peak[0] = max(peak[0], _rss_now())

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    framing.score(corpus, "pow-exchange", progress=False)
    done.set()
    watcher.join()
    peak[0] = max(peak[0], _rss_now())
    print(f"{size} {before} {peak[0]}")


def _rss_now() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=50.0, help="repeated corpus size (default 50)")
    p.add_argument("--repeat", type=int, default=3, help="median of N runs (default 3)")
    p.add_argument("--memory-mb", type=float, default=0, help="also measure scoring memory")
    p.add_argument("--memory-child", type=float, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.memory_child:
        _memory_child(args.memory_child)
        return

    from sklearn.feature_extraction.text import CountVectorizer

    import framing

    framing.score(["warm up imports"], "pow-exchange")
    corpus, book, label = real_corpus()
    cb = framing.load_codebook(book)
    frame = cb.frame_names[0]
    mb = sum(len(t.encode("utf-8")) for t in corpus["text"]) / 1e6
    print(f"real text: {label}, {len(corpus):,} articles, {mb:.2f} MB, codebook {book!r}")
    rows = [
        ("score (document)", lambda: framing.score(corpus, cb, progress=False)),
        ("matches", lambda: framing.matches(corpus, cb)),
        (f"kwic(frame={frame!r})", lambda: framing.kwic(corpus, frame=frame, codebook=cb)),
    ]
    print(f"  {'':24} {'cold MB/s':>10} {'(cpu)':>8} {'warm MB/s':>10} {'(cpu)':>8}")
    for name, fn in rows:
        cold_w, cold_c = timed(fresh(fn), args.repeat)
        warm_w, warm_c = timed(fn, args.repeat)
        print(
            f"  {name:24} {mb / cold_w:10.1f} {mb / cold_c:8.1f} {mb / warm_w:10.1f} "
            f"{mb / warm_c:8.1f}"
        )
    print("  (target for matches: >= 5 MB/s)")

    big = build_corpus(args.mb)
    framing.score(big.groupby("lang").head(2), "pow-exchange")  # every language's lemmatiser
    texts = big["text"].tolist()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t_framing, c_framing = timed(lambda: framing.score(big, "pow-exchange", progress=False), 1)
    t_sklearn, c_sklearn = timed(lambda: CountVectorizer().fit_transform(texts), 1)
    print(f"repeated bundled corpus: {len(texts):,} articles, {mb:.1f} MB")
    print(f"  framing.score (document)        : {mb / t_framing:7.2f} MB/s  ({t_framing:.1f} s)")
    print(f"  CountVectorizer().fit_transform : {mb / t_sklearn:7.2f} MB/s  ({t_sklearn:.1f} s)")
    print(
        f"  ratio framing / sklearn         : {t_sklearn / t_framing:7.2f}  "
        f"(CPU time: {c_sklearn / c_framing:.2f})"
    )

    if args.memory_mb:
        out = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(args.memory_mb)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        size, before, peak = map(int, out[-3:])
        print(f"memory of score on {size / 1e6:.0f} MB of text (fresh process):")
        print(f"  resident before scoring (texts loaded) : {before / 1e6:8.0f} MB")
        print(f"  peak resident while scoring (sampled)  : {peak / 1e6:8.0f} MB")
        print(
            f"  added by scoring                       : {(peak - before) / 1e6:8.0f} MB "
            f"({(peak - before) / size:.2f}x the text; target: the whole process <= 3x the input)"
        )


if __name__ == "__main__":
    main()
