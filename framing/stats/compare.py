"""Comparing outlets: grouped estimates and profile distances.

How much each outlet uses a frame, with a cluster-bootstrap confidence interval
(:func:`compare`), and how far apart whole frame profiles are
(:func:`profile_distance`). Tests of differences live in
:mod:`framing.stats.pairwise`; which words distinguish an outlet and the passages
behind a number in :mod:`framing.stats.terms` and :mod:`framing.stats.kwic`.

Every function validates its input first and raises :class:`framing.errors.DataError`
naming the column or value at fault. Every result is a tidy :class:`pandas.DataFrame`
with documented, stable columns; ``result.attrs["framing"]`` holds a copy of the
input's provenance (codebook, version, unit, ...) plus an ``"analysis"`` dict with
the function's name and the parameters of the call, so a table saved with its
attributes says how it was made.

Sentence-level score tables are never treated as independent observations: the
unit of resampling (bootstrap) and of exchange (permutation test) is the cluster,
by default the article (``doc_id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import (
    check_choice,
    check_int,
    check_probability,
    check_table,
    group_columns,
)
from framing._validation import (
    rng as make_rng,
)
from framing.errors import DataError
from framing.stats._common import analysed_frames, clusters, resolve_cluster

__all__ = ["compare", "profile_distance"]

# Upper bound on the cells of one resampling weight matrix (replicates x clusters);
# larger jobs are processed in batches of replicates so memory stays near 100 MB.
_MAX_CELLS = 4_000_000


_STATS = ("mean", "share")


def _bootstrap_ratio(sums: np.ndarray, counts: np.ndarray, n_boot: int, rng) -> np.ndarray:
    """Cluster-bootstrap replicates of the ratio estimator sum(sums) / sum(counts).

    One index matrix (replicates x clusters) per batch is turned into resampling
    weights, so each replicate is one row of a matrix product.
    """
    k = len(counts)
    out = np.empty((n_boot, sums.shape[1]))
    batch = max(1, _MAX_CELLS // k)
    for start in range(0, n_boot, batch):
        b = min(batch, n_boot - start)
        idx = rng.integers(0, k, size=(b, k))
        flat = (np.arange(b)[:, None] * k + idx).ravel()
        weights = np.bincount(flat, minlength=b * k).reshape(b, k).astype(float)
        out[start : start + b] = (weights @ sums) / (weights @ counts)[:, None]
    return out


def compare(
    scores: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    *,
    frames: str | Sequence[str] | None = None,
    stat: Literal["mean", "share"] = "mean",
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int | None = 0,
    cluster: str | None = "doc_id",
) -> pd.DataFrame:
    """Estimate each group's use of each frame, with cluster-bootstrap confidence intervals.

    Parameters
    ----------
    scores : DataFrame
        A score table from :func:`framing.score` (document or sentence level), or any
        table with the ``by`` column(s) and numeric frame columns.
    by : str or list of str, default='outlet'
        Grouping column(s), e.g. ``["country", "outlet_type"]``.
    frames : str or list of str, optional
        Frame columns to analyse; default: all frames recorded in
        ``scores.attrs["framing"]["frames"]``.
    stat : {'mean', 'share'}, default='mean'
        ``'mean'``: the average score per unit (cue matches per 1,000 tokens).
        ``'share'``: the share of units in which the frame is present (score > 0).
    ci : float, default=0.95
        Confidence level of the percentile interval, strictly between 0 and 1.
    n_boot : int, default=2000
        Bootstrap replicates; 0 skips the bootstrap (CI columns are NaN).
    seed : int or None, default=0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same numbers.
    cluster : str or None, default='doc_id'
        Column identifying the clusters (articles) that are resampled. If the table has
        no such column (and ``cluster`` is the default ``'doc_id'``) or ``cluster=None``,
        every row is its own cluster.

    Returns
    -------
    DataFrame
        One row per group and frame (groups sorted, frames in the given order):

        - the ``by`` column(s);
        - ``frame``: the frame name;
        - ``estimate``: mean (or share) over units, the ratio
          ``sum of unit values / number of units`` over the group's clusters;
        - ``ci_low``, ``ci_high``: percentile bootstrap interval; NaN when the group
          has a single cluster (the bootstrap cannot see between-cluster variation)
          or ``n_boot=0``. With few clusters the interval is too narrow: it can never
          be wider than the spread of the cluster means, and it undercovers badly
          below about ten clusters (Field & Welsh 2007) — treat such intervals as
          descriptive and look at ``n_docs``;
        - ``n_docs``: number of clusters (articles) in the group;
        - ``n_units``: number of rows (documents or sentences) in the group.

        ``attrs["framing"]`` holds the score table's provenance plus ``"analysis"``.

    Raises
    ------
    DataError
        Missing ``by``/cluster columns, unknown or non-numeric frames, unknown ``stat``,
        ``ci`` outside (0, 1), negative ``n_boot``.

    See Also
    --------
    pairwise : tests of differences between groups.

    Notes
    -----
    Sentences of one article are not independent, so the bootstrap resamples whole
    clusters with replacement within each group (the cluster or "case" bootstrap,
    Field & Welsh 2007; Davison & Hinkley 1997, sec. 3.8) and recomputes the ratio
    estimator on every replicate; the interval is the percentile interval (Efron &
    Tibshirani 1993, ch. 13). For document-level tables this is the ordinary
    nonparametric bootstrap of the mean. The same replicate draws are used for all
    frames of a group; clusters are ordered by id, so results do not depend on the
    row order of the table.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
    Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data. *JRSS B*, 69(3), 369-390.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> scores = pd.DataFrame({
    ...     "doc_id": ["a1", "a1", "a2", "b1", "b2", "b2"],
    ...     "outlet": ["A", "A", "A", "B", "B", "B"],
    ...     "leverage": [2.0, 0.0, 4.0, 0.0, 1.0, 0.0],
    ... })
    >>> out = framing.compare(scores, frames=["leverage"], n_boot=200)
    >>> out[["outlet", "frame", "estimate", "n_docs", "n_units"]]
      outlet     frame  estimate  n_docs  n_units
    0      A  leverage  2.000000       2        3
    1      B  leverage  0.333333       2        3
    >>> bool((out["ci_low"] <= out["estimate"]).all())
    True
    """
    check_table(scores, "score table")
    by_cols = group_columns(scores, by, "score table")
    frames = analysed_frames(scores, frames)
    check_choice("stat", stat, _STATS)
    check_probability("ci", ci)
    n_boot = check_int("n_boot", n_boot, 0)
    cluster = resolve_cluster(scores, cluster)

    cl = clusters(scores, by_cols, frames, cluster, stat)
    rng = make_rng(seed)
    n_groups, n_frames = len(cl["keys"]), len(frames)
    estimate = np.empty((n_groups, n_frames))
    low = np.full((n_groups, n_frames), np.nan)
    high = np.full((n_groups, n_frames), np.nan)
    n_docs = np.bincount(cl["group"], minlength=n_groups)
    tail = (1 - ci) / 2
    for g in range(n_groups):
        mask = cl["group"] == g
        sums, counts = cl["sums"][mask], cl["counts"][mask]
        estimate[g] = sums.sum(axis=0) / counts.sum()
        if n_docs[g] > 1 and n_boot > 0:
            reps = _bootstrap_ratio(sums, counts, n_boot, rng)
            low[g], high[g] = np.quantile(reps, [tail, 1 - tail], axis=0)

    result = cl["keys"].iloc[np.repeat(np.arange(n_groups), n_frames)].reset_index(drop=True)
    result["frame"] = np.tile(np.asarray(frames, dtype=object), n_groups)
    result["estimate"] = estimate.ravel()
    result["ci_low"] = low.ravel()
    result["ci_high"] = high.ravel()
    result["n_docs"] = np.repeat(n_docs, n_frames).astype(np.int64)
    result["n_units"] = np.repeat(cl["units"], n_frames).astype(np.int64)
    _provenance.write(
        result,
        _provenance.derive(
            scores,
            "compare",
            by=by_cols,
            frames=frames,
            stat=stat,
            ci=ci,
            n_boot=n_boot,
            seed=seed,
            cluster=cluster,
            method="cluster bootstrap, percentile interval",
        ),
    )
    return result


def profile_distance(
    scores: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    *,
    frames: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Jensen-Shannon distances between the groups' frame profiles.

    A group's profile is its mean score per unit in each frame (as
    :func:`compare` estimates it), normalised to sum to 1 over ``frames``: which
    share of its framing goes to each frame, whatever its overall cue density.

    Parameters
    ----------
    scores : DataFrame
        A score table from :func:`framing.score`.
    by : str or list of str, default='outlet'
        Grouping column(s).
    frames : str or list of str, optional
        Frames forming the profile (at least two); default: all frames of the table.

    Returns
    -------
    DataFrame
        Square, symmetric table of distances with the group labels as index and
        columns (a MultiIndex when ``by`` is a list), zeros on the diagonal. Distances
        use base-2 logarithms, so they lie in [0, 1]: 0 for identical profiles, 1 for
        profiles with no frame in common. A group whose mean scores are all zero has
        no profile; its row and column are NaN. Ready for
        :func:`scipy.cluster.hierarchy.linkage` via :func:`scipy.spatial.distance.squareform`.

    Raises
    ------
    DataError
        Missing columns, unknown frames, fewer than two frames, negative scores.

    Notes
    -----
    The Jensen-Shannon divergence (Lin 1991) is the mean Kullback-Leibler divergence of
    two distributions from their average; its square root, computed here with
    :func:`scipy.spatial.distance.jensenshannon`, is a metric (Endres & Schindelin 2003).

    References
    ----------
    Lin, J. (1991). Divergence measures based on the Shannon entropy.
    *IEEE Trans. Inf. Theory*, 37(1), 145-151.
    Endres, D. M., & Schindelin, J. E. (2003). A new metric for probability distributions.
    *IEEE Trans. Inf. Theory*, 49(7), 1858-1860.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> scores = pd.DataFrame({
    ...     "outlet": ["A", "A", "B", "C"],
    ...     "leverage": [1.0, 3.0, 2.0, 0.0],
    ...     "morale": [2.0, 2.0, 2.0, 5.0],
    ... })
    >>> dist = framing.profile_distance(scores, frames=["leverage", "morale"])
    >>> list(dist.columns)
    ['A', 'B', 'C']
    >>> dist.loc["A"].round(3).tolist()  # A and B share the profile (0.5, 0.5); C is (0, 1)
    [0.0, 0.0, 0.558]
    """
    from scipy.spatial.distance import jensenshannon

    check_table(scores, "score table")
    by_cols = group_columns(scores, by, "score table")
    frames = analysed_frames(scores, frames)
    if len(frames) < 2:
        raise DataError(f"a frame profile needs at least two frames, got {frames}")
    negative = [f for f in frames if (scores[f] < 0).any()]
    if negative:
        raise DataError(
            f"frame column(s) {negative} have negative values; profiles are distributions "
            "over frames and need non-negative scores (as framing.score() makes them)"
        )
    cl = clusters(scores, by_cols, frames, None)
    n_groups = len(cl["keys"])
    means = np.vstack(
        [cl["sums"][cl["group"] == g].sum(axis=0) / cl["units"][g] for g in range(n_groups)]
    )
    totals = means.sum(axis=1, keepdims=True)
    valid = totals[:, 0] > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        profiles = means / totals
        dist = jensenshannon(profiles[:, None, :], profiles[None, :, :], axis=2, base=2)
    both = valid[:, None] & valid[None, :]
    # Near-identical profiles can give sqrt(-1e-17) = NaN; such a distance is 0.
    dist = np.where(both, np.nan_to_num(dist, nan=0.0), np.nan)
    np.fill_diagonal(dist, np.where(valid, 0.0, np.nan))
    if len(by_cols) == 1:
        index = pd.Index(cl["keys"].iloc[:, 0], name=by_cols[0])
    else:
        index = pd.MultiIndex.from_frame(cl["keys"])
    result = pd.DataFrame(dist, index=index, columns=index.copy())
    _provenance.write(
        result,
        _provenance.derive(
            scores,
            "profile_distance",
            by=by_cols,
            frames=frames,
            method="Jensen-Shannon distance, base 2",
        ),
    )
    return result
