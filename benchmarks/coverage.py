"""How trustworthy are framing's intervals and tests? A simulation, printed in one run.

Coverage of every interval method of :func:`framing.compare` and type-I error of
every test statistic of :func:`framing.pairwise`, on the designs framing studies
have: 2, 3, 5, 10, 20 and 30 articles (clusters) per group, each article 3-15
sentences;

- ``normal``: sentence scores ``10 + u_article + e_sentence`` with ``u, e ~ N(0, 1)``
  (between-article intra-class correlation 0.5);
- ``skewed``: zero-inflated per-1,000-token rates: an article uses the frame with
  probability 0.7, at a rate drawn from a Gamma(1, 4) distribution, and each
  sentence of 15-29 tokens gets Poisson(rate x tokens / 1000) cue matches. The
  parameters were chosen so that the percentile interval reproduces the coverage
  reported for such scores (about 0.7 at 5 articles, 0.8 at 10);
- ``unequal``: a Behrens-Fisher design, two groups with the same mean and
  between-article standard deviations in the ratio 10 (5 vs 30 articles, both
  ways round), plus the other unequal designs of the issue report (10 vs 40, 5 vs 20).

Each replication is one frame column of a score table, so one call of the library
function analyses all replications of a cell at once: the numbers are those of the
code users run, vectorised across replications. Replications of a cell share the
bootstrap or permutation draws but not the data; the sentence layout is redrawn for
each batch of replications.

Run: ``python benchmarks/coverage.py`` (``--quick`` for a smoke run). It prints the
replication counts with their Monte-Carlo standard errors, the two tables and
whether the defaults meet their targets: coverage >= 0.92 from 5 clusters (normal),
>= 0.90 from 10 clusters (skewed), type-I error <= 0.06 in every design.
"""

from __future__ import annotations

import argparse
import math
import time
import warnings

import numpy as np
import pandas as pd

import framing

KS = (2, 3, 5, 10, 20, 30)
METHODS = ("log-t", "t", "bootstrap-t", "percentile")
STATISTICS = ("welch", "studentized", "difference")
DEFAULT_INTERVAL = "log-t"
DEFAULT_STATISTIC = "welch"
LEVEL, ALPHA = 0.95, 0.05
SKEW_RATE_MEAN, SKEW_ZERO, SKEW_SHAPE = 4.0, 0.3, 1.0


def _layout(rng, k: int, group: str) -> pd.DataFrame:
    """Articles of one group: 3-15 sentences each, 15-29 tokens per sentence."""
    n_sent = rng.integers(3, 16, size=k)
    doc = np.repeat(np.arange(k), n_sent)
    return pd.DataFrame(
        {
            "doc_id": [f"{group}{i}" for i in doc],
            "outlet": group,
            "n_tokens": rng.integers(15, 30, size=len(doc)),
            "_doc": doc,
        }
    )


def _values(rng, layout: pd.DataFrame, design: str, reps: int, sd: float = 1.0) -> np.ndarray:
    """(sentences x reps) scores for one group; the true group mean is known per design."""
    doc = layout["_doc"].to_numpy()
    k = doc.max() + 1
    if design == "normal":
        u = rng.normal(0.0, sd, size=(k, reps))
        return 10.0 + u[doc] + rng.normal(0.0, 1.0, size=(len(doc), reps))
    uses = rng.random((k, reps)) >= SKEW_ZERO
    rate = rng.gamma(SKEW_SHAPE, SKEW_RATE_MEAN / SKEW_SHAPE, size=(k, reps)) * uses
    tokens = layout["n_tokens"].to_numpy(dtype=float)[:, None]
    return rng.poisson(rate[doc] * tokens / 1000.0) / tokens * 1000.0


TRUTH = {"normal": 10.0, "skewed": (1 - SKEW_ZERO) * SKEW_RATE_MEAN}


def _table(parts: list[tuple[pd.DataFrame, np.ndarray]]) -> tuple[pd.DataFrame, list[str]]:
    layout = pd.concat([p[0] for p in parts], ignore_index=True)
    values = np.vstack([p[1] for p in parts])
    frames = [f"r{i}" for i in range(values.shape[1])]
    table = pd.concat([layout.drop(columns="_doc"), pd.DataFrame(values, columns=frames)], axis=1)
    table.attrs["framing"] = {"frames": frames, "params": {"normalize": "per_1k"}}
    return table, frames


def coverage(rng, reps: int, batches: int, n_boot: int) -> pd.DataFrame:
    rows = []
    for design in ("normal", "skewed"):
        for k in KS:
            hits = {m: [] for m in METHODS}
            infinite = []
            for _ in range(batches):
                layout = _layout(rng, k, "A")
                table, _ = _table([(layout, _values(rng, layout, design, reps))])
                for method in METHODS:
                    out = framing.compare(
                        table, by="outlet", interval=method, n_boot=n_boot, seed=rng
                    )
                    lo, hi = out["ci_low"].to_numpy(), out["ci_high"].to_numpy()
                    truth = TRUTH[design]
                    hits[method].append(
                        np.where(np.isnan(lo), np.nan, (lo <= truth) & (truth <= hi))
                    )
                    if method == "bootstrap-t":
                        infinite.append(np.isinf(lo) | np.isinf(hi))
            row = {"design": design, "clusters": k}
            for method in METHODS:
                h = np.concatenate(hits[method])
                row[method] = np.nan if np.isnan(h).all() else float(np.nanmean(h))
            row["bootstrap-t infinite"] = float(np.concatenate(infinite).mean())
            rows.append(row)
    return pd.DataFrame(rows)


def type_one(rng, reps: int, batches: int, n_perm: int) -> pd.DataFrame:
    designs = [(d, k, k, 1.0, 1.0) for d in ("normal", "skewed") for k in KS]
    designs += [
        ("unequal", 5, 30, 3.0, 0.3),
        ("unequal", 5, 30, 0.3, 3.0),
        ("unequal", 10, 40, 3.0, 0.3),
        ("unequal", 5, 20, 2.0, 1.0),
    ]
    rows = []
    for design, ka, kb, sda, sdb in designs:
        rejected = {s: [] for s in STATISTICS}
        for _ in range(batches):
            la, lb = _layout(rng, ka, "A"), _layout(rng, kb, "B")
            gen = "skewed" if design == "skewed" else "normal"
            table, _ = _table(
                [
                    (la, _values(rng, la, gen, reps, sda)),
                    (lb, _values(rng, lb, gen, reps, sdb)),
                ]
            )
            for statistic in STATISTICS:
                out = framing.pairwise(
                    table, by="outlet", statistic=statistic, n_perm=n_perm, seed=rng, adjust=None
                )
                rejected[statistic].append(out["p"].to_numpy() <= ALPHA)
        row = {
            "design": design if design != "unequal" else f"unequal SD {sda:g} vs {sdb:g}",
            "clusters": ka if ka == kb else f"{ka} vs {kb}",
        }
        for statistic in STATISTICS:
            row[statistic] = float(np.concatenate(rejected[statistic]).mean())
        rows.append(row)
    return pd.DataFrame(rows)


def _fmt(table: pd.DataFrame) -> str:
    return table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="NaN")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run with few replications")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    reps, batches, n_boot, n_perm = (100, 2, 199, 199) if args.quick else (500, 8, 999, 999)
    total = reps * batches
    rng = np.random.default_rng(args.seed)
    warnings.simplefilter("ignore", framing.FewClustersWarning)
    start = time.perf_counter()
    cov = coverage(rng, reps, batches, n_boot)
    mid = time.perf_counter()
    typ = type_one(rng, reps, batches, n_perm)
    end = time.perf_counter()

    se_cov = math.sqrt(LEVEL * (1 - LEVEL) / total)
    se_typ = math.sqrt(ALPHA * (1 - ALPHA) / total)
    print(
        f"framing {framing.__version__}: {total:,} replications per cell ({batches} sentence "
        f"layouts x {reps}), {n_boot} bootstrap replicates, {n_perm} permutations, seed "
        f"{args.seed}."
    )
    print(
        f"Monte-Carlo standard error: {se_cov:.4f} at coverage 0.95, {se_typ:.4f} at "
        f"type-I error 0.05 (two of them: +-{2 * se_cov:.3f}, +-{2 * se_typ:.3f})."
    )
    print(f"\nCoverage of nominal {LEVEL:.0%} intervals (NaN: no interval below 3 clusters)")
    print(_fmt(cov))
    print(f"\nType-I error at alpha = {ALPHA} (two groups, same mean)")
    print(_fmt(typ))

    normal = cov[(cov["design"] == "normal") & (cov["clusters"] >= 5)][DEFAULT_INTERVAL].min()
    skewed = cov[(cov["design"] == "skewed") & (cov["clusters"] >= 10)][DEFAULT_INTERVAL].min()
    worst = typ[DEFAULT_STATISTIC].max()
    checks = [
        (f"coverage of '{DEFAULT_INTERVAL}' from 5 clusters, normal", normal, ">=", 0.92),
        (f"coverage of '{DEFAULT_INTERVAL}' from 10 clusters, skewed", skewed, ">=", 0.90),
        (f"type-I error of '{DEFAULT_STATISTIC}', every design", worst, "<=", 0.06),
    ]
    print("\nTargets for the defaults")
    for what, value, op, target in checks:
        met = value >= target if op == ">=" else value <= target
        print(f"  {what}: {value:.3f} (target {op} {target}) {'met' if met else 'MISSED'}")
    print(f"\n{mid - start:.0f} s for coverage, {end - mid:.0f} s for type-I error.")


if __name__ == "__main__":
    main()
