"""How fast is framing.pairwise against scipy.stats.permutation_test? Prints ratios.

The same test three ways on the bundled corpus (sentence scores, every frame,
the Welch-type studentized statistic, 5,000 permutations or all splits when
fewer): ``framing.pairwise`` (all splits of a pair as rows of a 0/1 matrix,
every frame at once) and :func:`scipy.stats.permutation_test` called per pair and
frame on the clusters' article values, vectorised over resamples. Both give the
same p-values (checked here and in the tests); the ratio decides which one
``pairwise`` uses.

Run: ``python benchmarks/bench_stats.py``.
"""

from __future__ import annotations

import itertools
import time
import warnings

import numpy as np

import framing
from framing.stats._common import design, group_labels, resolve_cluster

N_PERM = 5000


def _welch(x, y, axis=-1):
    nx, ny = x.shape[axis], y.shape[axis]
    se = np.sqrt(x.var(axis=axis, ddof=1) / nx + y.var(axis=axis, ddof=1) / ny)
    diff = x.mean(axis=axis) - y.mean(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.abs(np.where(diff == 0, 0.0, diff / se))


def with_scipy(scores, by: str) -> np.ndarray:
    from scipy.stats import permutation_test

    frames = scores.attrs["framing"]["frames"]
    cluster, _ = resolve_cluster(scores, [by], "auto")
    d = design(scores, [by], frames, cluster)
    values = d.S / d.M  # one value per cluster (articles, or outlets' article means)
    p = []
    for a, b in itertools.combinations(range(len(group_labels(d.keys))), 2):
        for f in range(len(frames)):
            x, y = values[d.cl_group == a, f], values[d.cl_group == b, f]
            res = permutation_test(
                (x, y),
                _welch,
                permutation_type="independent",
                vectorized=True,
                n_resamples=N_PERM,
                alternative="greater",
                random_state=0,
            )
            p.append(res.pvalue)
    return np.asarray(p)


def main() -> None:
    warnings.simplefilter("ignore")
    corpus = framing.load_corpus("pow-exchange-2025")
    scores = framing.score(framing.sentences(corpus))
    print(f"framing {framing.__version__}; bundled corpus, {len(scores):,} sentence scores")
    for by in ("outlet", "genre"):  # articles are the clusters: both test the same statistic
        start = time.perf_counter()
        ours = framing.pairwise(scores, by=by, statistic="studentized", n_perm=N_PERM)
        t_ours = time.perf_counter() - start
        start = time.perf_counter()
        theirs = with_scipy(scores, by)
        t_scipy = time.perf_counter() - start
        exact = ours.attrs["framing"]["analysis"]["exact"]
        same = np.allclose(ours["p"], theirs, atol=0.02 if exact.startswith("0 ") else 1e-12)
        print(
            f"by={by!r}: {len(ours)} tests ({exact} enumerated); framing.pairwise "
            f"{t_ours:.2f} s, scipy.stats.permutation_test {t_scipy:.2f} s: "
            f"{t_scipy / t_ours:.1f}x; p-values agree: {same}"
        )


if __name__ == "__main__":
    main()
