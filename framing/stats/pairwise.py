"""Tests of differences between groups: permutation tests over clusters, effect sizes, corrections.

Whether two groups differ in a frame (:func:`pairwise`): a permutation test
that exchanges clusters (articles, or outlets for outlet-level comparisons)
with a studentized statistic that stays valid when the groups' spreads differ,
an effect size on the same estimand as the difference, and a multiplicity
correction across all pairs and frames. Validation and provenance as in
:mod:`framing.stats.compare`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_choice, check_int, check_table, group_columns
from framing._validation import rng as make_rng
from framing.errors import DataError, ParameterError
from framing.stats._common import (
    Design,
    analysed_frames,
    cluster_noun,
    design,
    group_labels,
    resolve_cluster,
    skipped_note,
    warn_skipped,
)
from framing.stats.compare import _MAX_CELLS, estimand_text, seed_record

__all__ = ["pairwise"]

#: The accepted adjust= values and the name recorded in attrs (None: no correction).
_ADJUST = {"holm": "holm", "bh": "fdr_bh", "fdr_bh": "fdr_bh", "bonferroni": "bonferroni"}
_EFFECTS = ("cohens_d", "cliffs_delta")
STATISTICS = ("welch", "studentized", "difference")
MAX_PERM = 10_000_000


def _cliffs_delta(x: np.ndarray, y: np.ndarray) -> float:
    """Cliff's delta: P(X > Y) - P(X < Y) over all pairs (Cliff 1993)."""
    if len(x) == 0 or len(y) == 0:
        return float("nan")
    y_sorted = np.sort(y)
    below = np.searchsorted(y_sorted, x, side="left").sum()
    above = (len(y) - np.searchsorted(y_sorted, x, side="right")).sum()
    return float(below - above) / (len(x) * len(y))


def _cohens_d(x: np.ndarray, y: np.ndarray, difference: float | None = None) -> float:
    """``difference`` (default: the difference of means) over the pooled SD (Cohen 1988)."""
    nx, ny = len(x), len(y)
    if nx + ny <= 2 or nx == 0 or ny == 0:
        return float("nan")
    pooled = (((x - x.mean()) ** 2).sum() + ((y - y.mean()) ** 2).sum()) / (nx + ny - 2)
    if pooled <= 0:
        return float("nan")
    if difference is None:
        difference = float(x.mean() - y.mean())
    return float(difference / np.sqrt(pooled))


class _Pair:
    """Cluster sums of two groups, and the statistic for any split of their clusters."""

    def __init__(self, S: np.ndarray, M: np.ndarray, statistic: str):
        self.S, self.M, self.statistic = S, M, statistic
        self.parts = [S, M]
        if statistic != "difference":
            self.parts += [S**2, S * M, M**2, (M > 0).astype(float)]
        self.totals = [p.sum(axis=0) for p in self.parts]

    def __call__(self, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Statistic, difference and Welch variance parts for each row of ``labels`` (1 = a)."""
        in_a = [labels @ p for p in self.parts]
        in_b = [t - a for t, a in zip(self.totals, in_a, strict=True)]
        with np.errstate(invalid="ignore", divide="ignore"):
            ra = in_a[0] / in_a[1]
            rb = in_b[0] / in_b[1]
            diff = ra - rb
            if self.statistic == "difference":
                return diff, diff, np.zeros((2,) + diff.shape)

            def variance(parts, r):
                s, m, s2, sm, m2, g = parts
                ss = np.maximum(s2 - 2 * r * sm + r**2 * m2, 0.0)
                return np.where(g >= 2, g / np.maximum(g - 1, 1) * ss / m**2, 0.0), g

            va, ga = variance(in_a, ra)
            vb, gb = variance(in_b, rb)
            se = np.sqrt(va + vb)
            stat = np.where(diff == 0, 0.0, diff / se)
        return stat, diff, np.stack([va, vb, ga, gb])


def _splits(k: int, n_a: int, batch: int) -> Iterator[np.ndarray]:
    """Every split of ``k`` clusters into ``n_a`` and ``k - n_a``, as 0/1 rows, in batches."""
    combos = itertools.combinations(range(k), n_a)
    while True:
        chunk = list(itertools.islice(combos, batch))
        if not chunk:
            return
        labels = np.zeros((len(chunk), k))
        labels[np.arange(len(chunk))[:, None], np.asarray(chunk, dtype=np.intp)] = 1.0
        yield labels


def _permutation_p(
    pair: _Pair, n_a: int, n_perm: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Two-sided permutation p-values of the pair's statistic, the difference, Welch p.

    The first ``n_a`` clusters form group a. When there are no more distinct splits
    than ``n_perm``, every split is enumerated and p is exact (the share of splits
    at least as extreme, the observed one included); otherwise ``n_perm`` random
    splits give p = (count + 1) / (n_perm + 1) (Phipson & Smyth 2010).
    """
    from scipy.stats import t as student_t

    k = len(pair.S)
    observed_labels = np.zeros((1, k))
    observed_labels[0, :n_a] = 1.0
    stat, diff, parts = pair(observed_labels)
    stat, diff = stat[0], diff[0]
    if pair.statistic == "difference":
        values = np.abs(pair.S / np.where(pair.M > 0, pair.M, 1)[:, :])
        tolerance = 1e-9 * np.maximum(values.max(axis=0), np.abs(stat))
    else:
        tolerance = 1e-9 * np.maximum(np.abs(np.nan_to_num(stat, posinf=1.0, neginf=1.0)), 1.0)
    threshold = np.abs(stat) - tolerance
    extreme = np.zeros(len(stat))
    batch = max(1, _MAX_CELLS // k)

    def count(labels: np.ndarray) -> None:
        s = np.abs(pair(labels)[0])
        extreme[:] += (s >= threshold).sum(axis=0)

    n_splits = math.comb(k, n_a)
    exact = n_splits <= n_perm
    if exact:
        for labels in _splits(k, n_a, batch):
            count(labels)
        p = extreme / n_splits
    else:
        in_a = observed_labels[0]
        for start in range(0, n_perm, batch):
            b = min(batch, n_perm - start)
            count(rng.permuted(np.tile(in_a, (b, 1)), axis=1))
        p = (extreme + 1) / (n_perm + 1)
    p = np.where(np.isnan(stat), np.nan, np.minimum(p, 1.0))

    welch = np.full(len(stat), np.nan)
    if pair.statistic == "welch":
        va, vb, ga, gb = (x[0] for x in parts)
        with np.errstate(invalid="ignore", divide="ignore"):
            df = (va + vb) ** 2 / (va**2 / (ga - 1) + vb**2 / (gb - 1))
            welch = np.where(
                (ga >= 2) & (gb >= 2),
                np.where(va + vb > 0, 2 * student_t.sf(np.abs(stat), df), (diff == 0) * 1.0),
                np.nan,
            )
    return p, diff, welch, exact


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values."""
    m = len(p)
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def _adjust_method(adjust: Any) -> str | None:
    """The name recorded for a multiplicity correction (None: no correction)."""
    if adjust is None:
        return None
    if not isinstance(adjust, str) or adjust not in _ADJUST:
        raise ParameterError(
            f"unknown adjust={adjust!r}; adjust must be one of 'holm', 'bh' (or 'fdr_bh', "
            "Benjamini-Hochberg), 'bonferroni', or None for no correction (other spellings "
            "were removed in framing 0.2)"
        )
    return _ADJUST[adjust]


def _adjust(p: np.ndarray, method: str | None) -> np.ndarray:
    """Adjusted p-values; NaN p-values (untestable rows) stay NaN and do not count."""
    out = p.copy()
    ok = ~np.isnan(p)
    if not ok.any() or method is None:
        return out
    q = p[ok]
    if method == "holm":
        out[ok] = _holm(q)
    elif method == "bonferroni":
        out[ok] = np.minimum(q * len(q), 1.0)
    else:
        from scipy.stats import false_discovery_control

        out[ok] = false_discovery_control(q, method="bh")
    return out


def _effects(d: Design, a: int, b: int, diff: np.ndarray, effect: str) -> list[float]:
    """Effect size per frame on article values."""
    in_a, in_b = d.art_group == a, d.art_group == b
    out = []
    for f in range(len(d.frames)):
        x = d.art_value[in_a, f]
        y = d.art_value[in_b, f]
        x, y = x[~np.isnan(x)], y[~np.isnan(y)]
        if effect == "cohens_d":
            out.append(_cohens_d(x, y, float(diff[f])) if np.isfinite(diff[f]) else float("nan"))
        else:
            out.append(_cliffs_delta(x, y))
    return out


_STAT_TEXT = {
    "welch": (
        "two-sided permutation test over {noun} of the Welch-type studentized difference "
        "(Janssen 1997; Chung & Romano 2013); p is never below the Welch t-test's p "
        "(Satterthwaite df), which guards small groups with unequal spreads"
    ),
    "studentized": (
        "two-sided permutation test over {noun} of the Welch-type studentized difference "
        "(Janssen 1997; Chung & Romano 2013)"
    ),
    "difference": "two-sided permutation test over {noun} of the difference of estimates",
}


def pairwise(
    scores: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    *,
    frames: str | Sequence[str] | None = None,
    statistic: Literal["welch", "studentized", "difference"] = "welch",
    n_perm: int = 5000,
    seed: int | np.random.Generator | None = 0,
    adjust: Literal["holm", "bh", "fdr_bh", "bonferroni"] | None = "holm",
    effect: Literal["cohens_d", "cliffs_delta"] = "cohens_d",
    cluster: str | None = "auto",
    weight: Literal["article", "token"] = "article",
    stat: Literal["mean", "share"] = "mean",
) -> pd.DataFrame:
    """Test every pair of groups for a difference in each frame.

    Parameters
    ----------
    scores : DataFrame
        A score table from :func:`framing.score` (document or sentence level). NaN
        scores are skipped frame by frame (one warning, a count in ``attrs``);
        infinite scores are refused.
    by : str or list of str, default='outlet'
        Grouping column(s); at least two groups are required.
    frames : str or list of str, optional
        Frame columns; default: all frames of the score table.
    statistic : {'welch', 'studentized', 'difference'}, default='welch'
        The test statistic (see Notes). ``'difference'`` is the statistic of framing 0.1.
    n_perm : int, default=5000
        Random permutations per pair (1 to 10,000,000); when the clusters of a pair can
        be split in at most ``n_perm`` ways, all splits are enumerated instead.
    seed : int, numpy.random.Generator or None, default=0
        Seed of the permutations; the same seed gives the same p-values.
    adjust : {'holm', 'bh', 'fdr_bh', 'bonferroni'} or None, default='holm'
        Multiplicity correction across *all* rows of the result (every pair and frame):
        Holm's step-down family-wise correction; Benjamini-Hochberg's false discovery
        rate (``'bh'`` or ``'fdr_bh'``); Bonferroni; or None (``p_adj`` equals ``p``).
        ``attrs["framing"]["analysis"]["adjust"]`` records ``'holm'``, ``'fdr_bh'``,
        ``'bonferroni'`` or None.
    effect : {'cohens_d', 'cliffs_delta'}, default='cohens_d'
        Effect size (see Notes). ``'cohens_d'`` always has the sign of ``difference``;
        ``'cliffs_delta'`` is on another estimand and can have the other sign.
    cluster : 'auto', str or None, default='auto'
        What is exchanged between the groups: as in :func:`compare` (outlets for an
        outlet-level ``by``, else articles).
    weight : {'article', 'token'}, default='article'
        The estimand of ``mean_a``/``mean_b``, as in :func:`compare`.
    stat : {'mean', 'share'}, default='mean'
        As in :func:`compare`.

    Returns
    -------
    DataFrame
        One row per pair of groups (in sorted order, ``group_a`` before ``group_b``)
        and frame, with columns

        - ``group_a``, ``group_b``: group labels (tuples when ``by`` is a list);
        - ``frame``;
        - ``n_clusters_a``, ``n_clusters_b``: clusters (articles or outlets) per group;
        - ``n_docs_a``, ``n_docs_b``: articles per group, present only when the clusters
          are not the articles (as in :func:`compare`);
        - ``mean_a``, ``mean_b``: exactly :func:`compare`'s ``estimate`` (same ``weight``
          and ``stat``);
        - ``difference``: ``mean_a - mean_b``;
        - ``effect``: the name of the effect size measure;
        - ``effect_size``: its value, positive when group a scores higher;
        - ``p``: two-sided permutation p-value (NaN when a group has no valid score);
        - ``p_adj``: ``p`` adjusted by ``adjust`` across all rows.

        ``attrs["framing"]["analysis"]`` records the call, ``cluster`` and
        ``cluster_reason`` (as in :func:`compare`), ``estimand``, ``n_skipped``,
        ``exact`` (pairs tested by full enumeration) and ``method`` (in words).

    Raises
    ------
    DataError
        Fewer than two groups, missing columns, unknown or infinite frames, unknown
        ``adjust``/``effect``/``statistic``, ``n_perm`` outside [1, 10,000,000]; a bad
        ``seed`` (``ParameterError``, a DataError).

    Notes
    -----
    **What is exchanged.** Clusters keep their article values (or cue matches and
    tokens for ``weight='token'``) and only their group labels are permuted, so a
    test between outlet types exchanges whole outlets and a test between outlets
    whole articles, never sentences. When the clusters of a pair can be split in at
    most ``n_perm`` ways (e.g. 4 + 7 clusters: 330 splits), every split is enumerated
    and p is exact: the share of splits at least as extreme as the observed one, which
    is included, so p is never below ``1 / n_splits``. Otherwise p counts ``n_perm``
    random permutations as ``(count + 1) / (n_perm + 1)``, never zero (Phipson & Smyth
    2010).

    **The statistic.** ``'difference'`` permutes ``mean_a - mean_b`` itself; it is
    exact when the groups are exchangeable but invalid when their spreads differ
    (Behrens-Fisher): with 5 against 30 articles and spreads 3 vs 0.3 it rejects a true
    null 4 times in 10 at the 5% level. ``'studentized'`` divides the difference by
    ``sqrt(V_a + V_b)``, each group's cluster-robust variance (as in :func:`compare`),
    recomputed for every split; it is exact under exchangeability and asymptotically
    valid under unequal spreads (Janssen 1997; Chung & Romano 2013). In small,
    unbalanced groups it is still too liberal (0.08 at 5 vs 30 in
    ``benchmarks/coverage.py``), so ``'welch'`` (the default) reports the larger of its
    permutation p and the Welch t-test's p with Satterthwaite degrees of freedom
    (which, for one article per cluster, is :func:`scipy.stats.ttest_ind` with
    ``equal_var=False``). The larger of two p-values is valid whenever either one is:
    the permutation p under exchangeable groups, Welch's under unequal normal spreads.
    A group with a single cluster has no variance; its part of ``V`` is 0 and the
    Welch guard is not applied.

    **Effect sizes.** ``'cohens_d'`` is ``difference`` divided by the pooled standard
    deviation of the article values of the two groups: the same estimand as
    ``difference``, so the signs always agree (NaN when the pooled SD is 0).
    ``'cliffs_delta'`` (Cliff 1993) is ``P(X > Y) - P(X < Y)`` for an article X of group
    a and an article Y of group b; it is about which group's articles tend to score
    higher, not about the means, and can have the opposite sign of ``difference``
    (one article with many matches against many with none).

    **Speed.** Splits are rows of a 0/1 matrix, so the statistics of a batch of
    permutations are a handful of matrix products for all frames at once.
    :func:`scipy.stats.permutation_test` gives the same p-values (tested) but runs per
    pair and frame; on the bundled corpus (sentence scores, 7 frames, studentized
    statistic, 2-core machine) it took 3.1 s against 0.3-0.4 s for all 78 outlet pairs
    (every split enumerated), and 3.7 s against 1.4 s for the 6 genre pairs (5,000
    random permutations): 2.6 to 11 times as long (``benchmarks/bench_stats.py``). So
    the matrix form is kept.

    References
    ----------
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*, 57(1), 289-300.
    Chung, E., & Romano, J. P. (2013). Exact and asymptotically robust permutation tests.
    *Annals of Statistics*, 41(2), 484-507.
    Cliff, N. (1993). Dominance statistics. *Psychological Bulletin*, 114(3), 494-509.
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences* (2nd ed.). Erlbaum.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scand. J. Statist.*, 6(2), 65-70.
    Janssen, A. (1997). Studentized permutation tests for non-i.i.d. hypotheses and the
    generalized Behrens-Fisher problem. *Statistics & Probability Letters*, 36(1), 9-21.
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Stat. Appl. Genet. Mol. Biol.*, 9(1), Article 39.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> scores = pd.DataFrame({
    ...     "doc_id": [f"d{i}" for i in range(8)],
    ...     "outlet": ["A"] * 4 + ["B"] * 4,
    ...     "leverage": [3.0, 4.0, 5.0, 6.0, 0.0, 1.0, 0.0, 2.0],
    ... })
    >>> out = framing.pairwise(scores, frames="leverage")
    >>> out[["group_a", "group_b", "difference", "effect_size"]].round(2)
      group_a group_b  difference  effect_size
    0       A       B        3.75          3.3
    >>> float(out.loc[0, "p"].round(4))  # all 70 splits enumerated: p >= 1/70 here
    0.0286
    """
    check_table(scores, "score table")
    by_cols = group_columns(scores, by, "score table")
    frames = analysed_frames(scores, frames)
    check_choice("statistic", statistic, STATISTICS)
    n_perm = check_int("n_perm", n_perm, 1, MAX_PERM)
    adjust_name = _adjust_method(adjust)
    check_choice("effect", effect, _EFFECTS)
    check_choice("stat", stat, ("mean", "share"))
    rng = make_rng(seed)
    cluster, reason = resolve_cluster(scores, by_cols, cluster)

    d = design(scores, by_cols, frames, cluster, stat=stat, weight=weight)
    labels = group_labels(d.keys)
    if len(labels) < 2:
        raise DataError(
            f"pairwise needs at least two groups in by={by_cols}, found only {labels}; "
            "group by a column with several values"
        )
    estimates = d.estimates()
    with_docs = cluster not in (None, "doc_id")
    rows, exact_pairs = [], 0
    for a, b in itertools.combinations(range(len(labels)), 2):
        Sa, Ma = d.group(a)
        Sb, Mb = d.group(b)
        pair = _Pair(np.vstack([Sa, Sb]), np.vstack([Ma, Mb]), statistic)
        p, diff, welch, exact = _permutation_p(pair, len(Sa), n_perm, rng)
        exact_pairs += exact
        if statistic == "welch":
            p = np.where(np.isnan(welch), p, np.fmax(p, welch))
        diff = estimates[a] - estimates[b]  # exactly compare's numbers
        sizes = _effects(d, a, b, diff, effect)
        for f, frame in enumerate(frames):
            row = {
                "group_a": labels[a],
                "group_b": labels[b],
                "frame": frame,
                "n_clusters_a": int(d.n_clusters[a, f]),
                "n_clusters_b": int(d.n_clusters[b, f]),
            }
            if with_docs:
                row["n_docs_a"] = int(d.n_docs[a, f])
                row["n_docs_b"] = int(d.n_docs[b, f])
            row.update(
                mean_a=estimates[a, f],
                mean_b=estimates[b, f],
                difference=diff[f],
                effect=effect,
                effect_size=sizes[f],
                p=p[f],
            )
            rows.append(row)
    result = pd.DataFrame(rows)
    result["p_adj"] = _adjust(result["p"].to_numpy(dtype=float), adjust_name)
    noun = cluster_noun(cluster)
    skipped = skipped_note(d, "pairwise")
    _provenance.write(
        result,
        _provenance.derive(
            scores,
            "pairwise",
            by=by_cols,
            frames=frames,
            statistic=statistic,
            n_perm=n_perm,
            seed=seed_record(seed),
            adjust=adjust_name,
            effect=effect,
            cluster=cluster,
            cluster_reason=reason,
            weight=weight,
            stat=stat,
            estimand=estimand_text(d, stat),
            n_skipped=dict(d.skipped),
            exact=f"{exact_pairs} of {len(labels) * (len(labels) - 1) // 2} pairs",
            method=_STAT_TEXT[statistic].format(noun=noun)
            + ": exact enumeration when the splits number at most n_perm, else "
            "p = (count + 1) / (n_perm + 1)",
        ),
    )
    warn_skipped(skipped)
    return result
