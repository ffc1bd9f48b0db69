"""Tests of differences between groups: permutation tests over clusters, effect sizes, corrections.

Whether two outlets differ in a frame, with a permutation test over articles
(:func:`pairwise`), an effect size and a multiplicity correction across all
pairs and frames. Validation and provenance as in :mod:`framing.stats.compare`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_choice, check_int, check_table, group_columns
from framing._validation import rng as make_rng
from framing.errors import DataError
from framing.stats._common import analysed_frames, clusters, group_labels, resolve_cluster
from framing.stats.compare import _MAX_CELLS

__all__ = ["pairwise"]

# Spellings accepted by pairwise(adjust=...), folded to lower case with "-" and " " as "_",
# and the canonical name recorded in the result's attrs (None: no correction).
_ADJUST = {
    "holm": "holm",
    "holm_bonferroni": "holm",
    "bh": "fdr_bh",
    "fdr": "fdr_bh",
    "fdr_bh": "fdr_bh",
    "benjamini_hochberg": "fdr_bh",
    "bonferroni": "bonferroni",
    "none": None,
}


_EFFECTS = ("cliffs_delta", "cohens_d")


def _cliffs_delta(x: np.ndarray, y: np.ndarray) -> float:
    """Cliff's delta: P(X > Y) - P(X < Y) over all pairs (Cliff 1993)."""
    y_sorted = np.sort(y)
    below = np.searchsorted(y_sorted, x, side="left").sum()
    above = (len(y) - np.searchsorted(y_sorted, x, side="right")).sum()
    return float(below - above) / (len(x) * len(y))


def _cohens_d(x: np.ndarray, y: np.ndarray) -> float:
    """Cohen's d with the pooled standard deviation (Cohen 1988)."""
    nx, ny = len(x), len(y)
    if nx + ny <= 2:
        return float("nan")
    pooled = (((x - x.mean()) ** 2).sum() + ((y - y.mean()) ** 2).sum()) / (nx + ny - 2)
    if pooled <= 0:
        return float("nan")
    return float((x.mean() - y.mean()) / np.sqrt(pooled))


def _permutation_p(
    sums: np.ndarray, counts: np.ndarray, n_a: int, n_perm: int, rng
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided permutation p-values for the difference of ratio estimators.

    The first ``n_a`` clusters form group a. When there are no more distinct
    splits of the clusters than ``n_perm``, every split is enumerated and the
    p-value is exact (the share of splits at least as extreme, the observed one
    included); otherwise ``n_perm`` random splits give p = (count + 1) / (n_perm + 1)
    (Phipson & Smyth 2010). Each split is one row of a 0/1 matrix, so all
    replicates are matrix products.
    """
    k = len(counts)
    total_s, total_n = sums.sum(axis=0), counts.sum()
    sa, na = sums[:n_a].sum(axis=0), counts[:n_a].sum()
    observed = sa / na - (total_s - sa) / (total_n - na)
    # Differences equal to the observed one up to rounding must count as "as extreme".
    tolerance = 1e-9 * np.abs(sums / counts[:, None]).max(axis=0)
    extreme = np.zeros(sums.shape[1])

    def count(labels: np.ndarray) -> None:
        ps, pn = labels @ sums, labels @ counts
        diff = ps / pn[:, None] - (total_s - ps) / (total_n - pn)[:, None]
        extreme[:] += (np.abs(diff) >= np.abs(observed) - tolerance).sum(axis=0)

    n_splits = math.comb(k, n_a)
    if n_splits <= n_perm:
        combos = np.fromiter(
            itertools.chain.from_iterable(itertools.combinations(range(k), n_a)),
            dtype=np.intp,
            count=n_splits * n_a,
        ).reshape(n_splits, n_a)
        labels = np.zeros((n_splits, k))
        labels[np.arange(n_splits)[:, None], combos] = 1.0
        count(labels)
        return observed, extreme / n_splits
    in_a = np.zeros(k)
    in_a[:n_a] = 1.0
    batch = max(1, _MAX_CELLS // k)
    for start in range(0, n_perm, batch):
        b = min(batch, n_perm - start)
        count(rng.permuted(np.tile(in_a, (b, 1)), axis=1))
    return observed, (extreme + 1) / (n_perm + 1)


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values."""
    m = len(p)
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def _adjust_method(adjust: Any) -> str | None:
    """The canonical name of a multiplicity correction given in any accepted spelling."""
    if adjust is None:
        return None
    key = (
        adjust.strip().lower().replace("-", "_").replace(" ", "_")
        if isinstance(adjust, str)
        else None
    )
    if key not in _ADJUST:
        raise DataError(
            f"unknown adjust={adjust!r}; use 'holm', 'bh' (Benjamini-Hochberg; also 'fdr', "
            "'fdr_bh', 'benjamini-hochberg'), 'bonferroni', or None / 'none' for no correction"
        )
    return _ADJUST[key]


def _adjust(p: np.ndarray, method: str | None) -> np.ndarray:
    if len(p) == 0 or method is None:
        return p.copy()
    if method == "holm":
        return _holm(p)
    if method == "bonferroni":
        return np.minimum(p * len(p), 1.0)
    from scipy.stats import false_discovery_control

    return false_discovery_control(p, method="bh")


def pairwise(
    scores: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    *,
    frames: str | Sequence[str] | None = None,
    n_perm: int = 5000,
    seed: int | None = 0,
    adjust: str | None = "holm",
    effect: Literal["cliffs_delta", "cohens_d"] = "cliffs_delta",
    cluster: str | None = "doc_id",
) -> pd.DataFrame:
    """Test every pair of groups for a difference in each frame.

    Parameters
    ----------
    scores : DataFrame
        A score table from :func:`framing.score` (document or sentence level).
    by : str or list of str, default='outlet'
        Grouping column(s); at least two groups are required.
    frames : str or list of str, optional
        Frame columns; default: all frames of the score table.
    n_perm : int, default=5000
        Random permutations per pair (>= 1).
    seed : int or None, default=0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same p-values.
    adjust : {'holm', 'bh', 'bonferroni', None}, default='holm'
        Multiplicity correction applied across *all* rows of the result (every pair
        and frame): ``'holm'``, Holm's step-down family-wise correction;
        ``'bh'`` (also ``'fdr'``, ``'fdr_bh'``, ``'benjamini-hochberg'``),
        Benjamini-Hochberg's false discovery rate; ``'bonferroni'``; or ``None``
        (also ``'none'``), no correction (``p_adj`` equals ``p``). Names are
        case-insensitive; ``attrs["framing"]["analysis"]["adjust"]`` records the
        canonical one (``'holm'``, ``'fdr_bh'``, ``'bonferroni'`` or None).
    effect : {'cliffs_delta', 'cohens_d'}, default='cliffs_delta'
        Effect size computed on article-level values (see Notes).
    cluster : str or None, default='doc_id'
        Column identifying articles; as in :func:`compare`.

    Returns
    -------
    DataFrame
        One row per pair of groups (in sorted order, ``group_a`` before ``group_b``)
        and frame, with columns

        - ``group_a``, ``group_b``: group labels (tuples when ``by`` is a list);
        - ``frame``;
        - ``n_docs_a``, ``n_docs_b``: articles (clusters) per group;
        - ``mean_a``, ``mean_b``: mean score per unit, exactly ``compare``'s estimate;
        - ``difference``: ``mean_a - mean_b``;
        - ``effect``: the name of the effect size measure (``'cliffs_delta'`` or ``'cohens_d'``);
        - ``effect_size``: its value, positive when group a scores higher;
        - ``p``: two-sided permutation p-value of ``difference``;
        - ``p_adj``: ``p`` adjusted by ``adjust`` across all rows;
        - ``cliffs_delta`` or ``cohens_d`` (the column named by ``effect``, last): the
          same values as ``effect_size``, so code that looks for the measure by name
          finds it.

    Raises
    ------
    DataError
        Fewer than two groups, missing columns, unknown frames, unknown ``adjust``
        or ``effect``, ``n_perm < 1``.

    Notes
    -----
    The test exchanges *articles*, not sentences: each article keeps its sum of unit
    scores and its number of units, and article labels are permuted between the two
    groups; the statistic is the difference of the unit-weighted means, as in
    :func:`compare`. When the two groups' articles can be split in at most ``n_perm``
    ways (e.g. 4 + 7 articles: 330 splits), every split is enumerated and p is exact:
    the share of splits at least as extreme as the observed one, which is included,
    so p is never below ``1 / n_splits``. Otherwise p counts ``n_perm`` random
    permutations as ``(count + 1) / (n_perm + 1)``, which is never zero and keeps
    the test valid (Phipson & Smyth 2010).

    Cliff's delta (Cliff 1993) is ``P(X > Y) - P(X < Y)`` for an article X of group a
    and an article Y of group b, computed on article-level values (the article's mean
    score over its units); it lies in [-1, 1] and makes no distributional assumption,
    which suits the many zeros of dictionary scores. Cohen's d uses the same
    article-level values and the pooled standard deviation (NaN when it is 0).

    References
    ----------
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*, 57(1), 289-300.
    Cliff, N. (1993). Dominance statistics. *Psychological Bulletin*, 114(3), 494-509.
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences* (2nd ed.). Erlbaum.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scand. J. Statist.*, 6(2), 65-70.
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
    >>> out = framing.pairwise(scores, frames="leverage", n_perm=999)
    >>> out[["group_a", "group_b", "difference", "effect_size"]]
      group_a group_b  difference  effect_size
    0       A       B        3.75          1.0
    >>> bool(out.loc[0, "p"] < 0.05)
    True
    """
    check_table(scores, "score table")
    by_cols = group_columns(scores, by, "score table")
    frames = analysed_frames(scores, frames)
    n_perm = check_int("n_perm", n_perm, 1)
    adjust = _adjust_method(adjust)
    check_choice("effect", effect, _EFFECTS)
    cluster = resolve_cluster(scores, cluster)

    cl = clusters(scores, by_cols, frames, cluster)
    labels = group_labels(cl["keys"])
    if len(labels) < 2:
        raise DataError(
            f"pairwise needs at least two groups in by={by_cols}, found only {labels}; "
            "group by a column with several values"
        )
    effect_fn = _cliffs_delta if effect == "cliffs_delta" else _cohens_d
    article_means = cl["sums"] / cl["counts"][:, None]
    rng = make_rng(seed)
    rows = []
    for a, b in itertools.combinations(range(len(labels)), 2):
        in_a, in_b = cl["group"] == a, cl["group"] == b
        sums = np.vstack([cl["sums"][in_a], cl["sums"][in_b]])
        counts = np.concatenate([cl["counts"][in_a], cl["counts"][in_b]])
        n_a = int(in_a.sum())
        diff, p = _permutation_p(sums, counts, n_a, n_perm, rng)
        mean_a = cl["sums"][in_a].sum(axis=0) / cl["counts"][in_a].sum()
        for f, frame in enumerate(frames):
            rows.append(
                {
                    "group_a": labels[a],
                    "group_b": labels[b],
                    "frame": frame,
                    "n_docs_a": n_a,
                    "n_docs_b": int(in_b.sum()),
                    "mean_a": mean_a[f],
                    "mean_b": mean_a[f] - diff[f],
                    "difference": diff[f],
                    "effect": effect,
                    "effect_size": effect_fn(article_means[in_a, f], article_means[in_b, f]),
                    "p": p[f],
                }
            )
    result = pd.DataFrame(rows)
    result["p_adj"] = _adjust(result["p"].to_numpy(), adjust)
    # The measure's own name as a column too; last, so the other columns keep their places.
    result[effect] = result["effect_size"]
    _provenance.write(
        result,
        _provenance.derive(
            scores,
            "pairwise",
            by=by_cols,
            frames=frames,
            n_perm=n_perm,
            seed=seed,
            adjust=adjust,
            effect=effect,
            cluster=cluster,
            method=(
                "two-sided permutation test over clusters: exact enumeration when the splits "
                "number at most n_perm, else p = (count + 1) / (n_perm + 1)"
            ),
        ),
    )
    return result
