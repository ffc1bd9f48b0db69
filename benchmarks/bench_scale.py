"""Throughput and memory of framing at scale, against the usual baselines, in one run.

Every measurement runs in a fresh process (so that no cache of an earlier run
flatters it), is repeated ``--repeat`` times (default 3) and reported as the
median; imports, loading the corpus and starting the worker pool happen before
the clock starts. Peak memory is sampled every 50 ms over the measured process
and all its worker processes together: the sum of their proportional set sizes
(PSS: a page shared by k processes counts 1/k in each, so the sum is the memory
the run really holds) and, as an upper bound, the sum of their resident set
sizes (RSS: shared pages count once per process).

Corpora come from ``benchmarks/make_corpus.py`` (real sentences, vocabulary
growing like news; see there), cached in ``--workdir``:

* ``--mb`` MB (default 50) held in memory, for ``framing.score`` (document and
  sentence unit, ``n_jobs`` 1 and 2), ``framing.matches`` (on the first
  ``--matches-mb``), scikit-learn's ``CountVectorizer().fit_transform``, the PyPI
  ``liwc`` package (the codebook exported to a LIWC ``.dic``; tokens and lookups as
  in the package's README; it cannot match multi-word cues) and a plain NLTK loop
  (``wordpunct_tokenize`` and a dictionary lookup of the single-word cues);
* a ``--stream-mb`` MB JSON Lines file (default 1000) for ``framing.score_files``.

MB/s counts megabytes of article text (UTF-8); for ``score_files``, megabytes of
the JSONL file. Each one-process measurement is also reported per second of CPU
time (``time.process_time`` of the measured process), which other work on a
shared machine barely changes; runs with worker processes are reported in wall
time only, next to the load average. Ratios against CountVectorizer are the headline. Timings are
printed here, never asserted in tests.

    python benchmarks/bench_scale.py [--mb 50] [--stream-mb 1000] [--repeat 3] [--codebook generic]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CV = "CountVectorizer().fit_transform"


# -- what is measured (run in a child process) ---------------------------------------------------


def _texts_mb(texts) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _subset(corpus, mb: float):
    sizes = corpus["text"].str.len().cumsum()
    return corpus[sizes <= mb * 1e6].reset_index(drop=True)


def to_dic(codebook) -> tuple[str, int]:
    """The codebook as a LIWC ``.dic`` (categories = frames); cues LIWC cannot express are left out.

    LIWC dictionaries know only a trailing ``*``; a word listed under several
    categories is written once with all of them (the ``liwc`` package keeps only
    the last line of a repeated word).
    """
    cats: dict[str, list[int]] = {}
    dropped = 0
    for k, frame in enumerate(codebook.frames, start=1):
        for pattern in frame.matcher.patterns:
            if "?" in pattern or "*" in pattern[:-1]:
                dropped += 1
                continue
            ids = cats.setdefault(pattern, [])
            if k not in ids:
                ids.append(k)
    head = "\n".join(f"{k}\t{f.name}" for k, f in enumerate(codebook.frames, start=1))
    body = "\n".join(f"{w}\t" + "\t".join(map(str, ids)) for w, ids in cats.items())
    return f"%\n{head}\n%\n{body}\n", dropped


def _liwc(texts, codebook, workdir: Path):
    import collections

    import liwc

    text, _ = to_dic(codebook)
    dic = workdir / f"{codebook.name}.dic"
    dic.write_text(text, encoding="utf-8")
    parse, _ = liwc.load_token_parser(str(dic))

    def tokenize(t):  # as in the liwc package's README
        for match in re.finditer(r"\w+", t, re.UNICODE):
            yield match.group(0)

    def run():
        return [
            collections.Counter(c for tok in tokenize(t.lower()) for c in parse(tok)) for t in texts
        ]

    return run


def _nltk(texts, codebook):
    import collections

    from nltk.tokenize import wordpunct_tokenize

    words: dict[str, list[str]] = {}
    prefixes: list[tuple[str, str]] = []
    for frame in codebook.frames:
        for p in frame.matcher.patterns:
            if " " in p or "?" in p or "*" in p[:-1]:
                continue  # a plain loop looks up single tokens
            if p.endswith("*"):
                prefixes.append((p[:-1], frame.name))
            else:
                words.setdefault(p, []).append(frame.name)
    starts = tuple(p for p, _ in prefixes)

    def run():
        out = []
        for t in texts:
            counts: collections.Counter = collections.Counter()
            for tok in wordpunct_tokenize(t.lower()):
                for name in words.get(tok, ()):
                    counts[name] += 1
                if tok.startswith(starts):
                    counts.update(f for p, f in prefixes if tok.startswith(p))
            out.append(counts)
        return out

    return run


def child(args) -> None:
    """Prepare one measurement, time it once, print JSON."""
    import pandas as pd

    import framing

    name = args.child
    cb = framing.load_codebook(args.codebook)
    workdir = Path(args.workdir)
    info: dict = {}
    if name.startswith("score_files"):
        n_jobs = int(name.rsplit("_", 1)[1])
        mb = Path(args.input).stat().st_size / 1e6
        if n_jobs > 1:
            t0 = time.perf_counter()
            framing.score(["warm up the pool."], cb, n_jobs=n_jobs)
            info["pool_start_s"] = time.perf_counter() - t0
        out = Path(tempfile.mkdtemp(dir=workdir)) / "scores"

        def run():
            framing.score_files(args.input, cb, n_jobs=n_jobs, output=out, progress=False)
    else:
        corpus = pd.read_parquet(args.input)
        if name.startswith("matches"):
            corpus = _subset(corpus, args.matches_mb)
        texts = corpus["text"].tolist()
        mb = _texts_mb(texts)
        if name == "countvectorizer":
            from sklearn.feature_extraction.text import CountVectorizer

            CountVectorizer().fit_transform(texts[:10])

            def run():
                CountVectorizer().fit_transform(texts)
        elif name == "liwc":
            run = _liwc(texts, cb, workdir)
        elif name == "nltk":
            run = _nltk(texts, cb)
        else:
            kind, unit, n_jobs = name.split("_")
            n = int(n_jobs)
            t0 = time.perf_counter()
            # imports, the pool and the compiled codebook in every worker (one-off costs)
            framing.score(texts[: 16 * max(n, 1)], cb, n_jobs=n)
            info["warm_s"] = time.perf_counter() - t0
            if kind == "matches":

                def run():
                    framing.matches(corpus, cb, n_jobs=n)
            else:

                def run():
                    framing.score(corpus, cb, unit=unit, n_jobs=n, progress=False)

    c0, t0 = time.process_time(), time.perf_counter()
    run()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"seconds": seconds, "cpu": cpu, "mb": mb, **info}))


# -- the driver --------------------------------------------------------------------------------


def _tree_memory(pid: int) -> tuple[int, int]:
    """RSS and PSS (bytes) of a process and all its descendants, summed (Linux /proc).

    PSS splits each shared page between the processes that share it (worker
    processes share what they inherited), so its sum is the memory the tree
    really holds; the RSS sum counts shared pages once per process.
    """
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def measure(name: str, args, input_path: Path) -> dict:
    """Run one measurement in a fresh process; time and peak memory of its process tree."""
    cmd = [
        sys.executable, str(Path(__file__).resolve()), "--child", name,
        "--input", str(input_path), "--codebook", args.codebook,
        "--workdir", str(args.workdir), "--matches-mb", str(args.matches_mb),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            rss, pss = _tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result["rss"], result["pss"] = peak
    return result


def prepare(args) -> tuple[Path, Path, list]:
    sys.path.insert(0, str(HERE))
    from make_corpus import print_curve, write_corpus

    args.workdir.mkdir(parents=True, exist_ok=True)
    small = args.workdir / f"corpus-{args.mb:g}mb-seed{args.seed}.parquet"
    big = args.workdir / f"corpus-{args.stream_mb:g}mb-seed{args.seed}.jsonl"
    curve_file = big.with_suffix(".curve.json")
    if not small.exists():
        write_corpus(small, args.mb, seed=args.seed)
    if args.stream_mb > 0 and not (big.exists() and curve_file.exists()):
        print(f"writing the {args.stream_mb:g} MB corpus (once; cached in {args.workdir}) ...")
        curve = write_corpus(big, args.stream_mb, seed=args.seed)
        curve_file.write_text(json.dumps(curve))
    curve = json.loads(curve_file.read_text()) if curve_file.exists() else []
    if curve:
        print(f"\nvocabulary of the {args.stream_mb:g} MB corpus (types by tokens):")
        print_curve([tuple(r) for r in curve])
    return small, big, curve


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=50.0, help="in-memory corpus, MB of text (50)")
    p.add_argument("--stream-mb", type=float, default=1000.0, help="streamed JSONL, MB (1000)")
    p.add_argument("--matches-mb", type=float, default=10.0, help="text for matches(), MB (10)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; median (3)")
    p.add_argument(
        "--stream-repeat", type=int, help="runs of each score_files measurement (--repeat)"
    )
    p.add_argument("--codebook", default="generic", help="codebook to score with (generic)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "framing-bench")
    p.add_argument("--only", help="comma-separated measurement names (default: all)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--input", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)

    import framing

    small, big, _ = prepare(args)
    plan = [
        (CV, "countvectorizer", small),
        ("framing.score document, n_jobs=1", "score_document_1", small),
        ("framing.score document, n_jobs=2", "score_document_2", small),
        ("framing.score sentence, n_jobs=1", "score_sentence_1", small),
        ("framing.score sentence, n_jobs=2", "score_sentence_2", small),
        (f"framing.matches, n_jobs=1 (first {args.matches_mb:g} MB)", "matches_document_1", small),
        (f"framing.matches, n_jobs=2 (first {args.matches_mb:g} MB)", "matches_document_2", small),
        ("liwc package (PyPI), one core", "liwc", small),
        ("NLTK wordpunct_tokenize + lookup loop", "nltk", small),
    ]
    if args.stream_mb > 0:
        plan += [
            (f"framing.score_files {args.stream_mb:g} MB JSONL, n_jobs=1", "score_files_1", big),
            (f"framing.score_files {args.stream_mb:g} MB JSONL, n_jobs=2", "score_files_2", big),
        ]
    if args.only:
        keep = set(args.only.split(","))
        plan = [row for row in plan if row[1] in keep or row[1] == "countvectorizer"]
    _, dropped = to_dic(framing.load_codebook(args.codebook))
    print(
        f"\nframing {framing.__version__}, codebook {args.codebook!r}, {os.cpu_count()} CPUs "
        f"(load average {os.getloadavg()[0]:.1f} at the start), median of {args.repeat} runs"
        + (f"; .dic for liwc leaves out {dropped} cue(s) with inner wildcards" if dropped else "")
    )
    results = {}
    for label, name, path in plan:
        repeat = args.repeat
        if name.startswith("score_files") and args.stream_repeat:
            repeat = args.stream_repeat
        runs = [measure(name, args, path) for _ in range(repeat)]
        speeds = [r["mb"] / r["seconds"] for r in runs]
        # CPU time of the measured process: independent of other work on the machine, but
        # it leaves out worker processes, so it is reported for one-process runs only
        one_process = not name.endswith("_2")
        cpu = statistics.median(r["mb"] / r["cpu"] for r in runs) if one_process else None
        results[name] = {
            "label": label,
            "mbs": statistics.median(speeds),
            "cpu_mbs": cpu,
            "lo": min(speeds),
            "hi": max(speeds),
            "mb": runs[0]["mb"],
            "rss": max(r["rss"] for r in runs) / 1e6,
            "pss": max(r["pss"] for r in runs) / 1e6,
            "pool": statistics.median([r.get("pool_start_s", r.get("warm_s", 0)) for r in runs]),
            "runs": repeat,
        }
        r = results[name]
        print(
            f"  {label}: {r['mbs']:.2f} MB/s ({r['lo']:.2f}-{r['hi']:.2f}), "
            + (f"{cpu:.2f} MB/s of CPU time, " if cpu else "")
            + f"peak PSS {r['pss']:.0f} MB, RSS {r['rss']:.0f} MB"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print_table(results)
    print_targets(results)


def print_table(results: dict) -> None:
    base = results["countvectorizer"]
    print(
        "\n| measurement | MB | runs | MB/s, wall (median; min-max) | × CountVectorizer, wall "
        "| MB/s, CPU time | × CountVectorizer, CPU time | peak memory, PSS (MB) "
        "| peak RSS, sum (MB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results.values():
        cpu = (
            f"{r['cpu_mbs']:.2f} | {r['cpu_mbs'] / base['cpu_mbs']:.2f}"
            if r["cpu_mbs"]
            else "— | —"
        )
        print(
            f"| {r['label']} | {r['mb']:,.0f} | {r['runs']} | {r['mbs']:.2f} "
            f"({r['lo']:.2f}-{r['hi']:.2f}) | {r['mbs'] / base['mbs']:.2f} | {cpu} "
            f"| {r['pss']:,.0f} | {r['rss']:,.0f} |"
        )


def print_targets(results: dict) -> None:
    def get(name, key="cpu_mbs"):
        return results.get(name, {}).get(key)

    cv, liwc = get("countvectorizer"), get("liwc")
    doc1, sent1, match1 = (
        get("score_document_1"),
        get("score_sentence_1"),
        get("matches_document_1"),
    )
    # n_jobs: wall time only (the CPU time of the parent leaves out the workers)
    wall = {k: get(k, "mbs") for k in ("liwc", "score_document_1", "score_document_2")}
    doc2_liwc = (
        wall["score_document_2"] and wall["liwc"] and wall["score_document_2"] / wall["liwc"]
    )
    doc2_doc1 = (
        wall["score_document_2"]
        and wall["score_document_1"]
        and wall["score_document_2"] / wall["score_document_1"]
    )
    rows = [
        ("document unit >= 2x CountVectorizer (CPU time)", doc1 and cv and doc1 / cv, 2.0, "x"),
        ("document unit >= 5x liwc, one core (CPU time)", doc1 and liwc and doc1 / liwc, 5.0, "x"),
        ("document unit n_jobs=2 >= 10x liwc (wall)", doc2_liwc, 10.0, "x"),
        ("sentence unit >= 4 MB/s (CPU time)", sent1, 4.0, " MB/s"),
        ("matches >= 5 MB/s (CPU time)", match1, 5.0, " MB/s"),
        ("n_jobs=2 >= 1.7x n_jobs=1, document (wall)", doc2_doc1, 1.7, "x"),
    ]
    print(f"\ntargets (2 cores; load average now {os.getloadavg()[0]:.1f}):")
    for label, value, goal, unit in rows:
        if value:
            print(f"  {'met   ' if value >= goal else 'MISSED'} {label}: {value:.2f}{unit}")
    for name in ("score_files_1", "score_files_2"):
        r = results.get(name)
        if r:
            ok = r["pss"] < 1000
            print(
                f"  {'met   ' if ok else 'MISSED'} {r['label']}: peak memory {r['pss']:,.0f} MB "
                f"(PSS; RSS summed over processes {r['rss']:,.0f} MB; target < 1,000 MB)"
            )


if __name__ == "__main__":
    main()
