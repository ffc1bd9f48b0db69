"""Comparing outlets: grouped estimates with honest intervals, and profile distances.

How much each group uses a frame, with a confidence interval that holds its
level on the designs framing studies have (:func:`compare`), and how far apart
whole frame profiles are (:func:`profile_distance`). Tests of differences live
in :mod:`framing.stats.pairwise`, count models in :mod:`framing.stats.models`;
which words distinguish an outlet and the passages behind a number in
:mod:`framing.stats.terms` and :mod:`framing.stats.kwic`.

Every function validates its input first and raises :class:`framing.errors.DataError`
naming the column or value at fault. Every result is a tidy :class:`pandas.DataFrame`
with documented, stable columns; ``result.attrs["framing"]`` holds a copy of the
input's provenance (codebook, version, unit, ...) plus an ``"analysis"`` dict with
the function's name and the parameters of the call, so a table saved with its
attributes says how it was made.

Sentence-level score tables are never treated as independent observations: units
are summed to articles, and the unit of resampling is the cluster (the article,
or the outlet for outlet-level comparisons; see :mod:`framing.stats._common`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

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
from framing._validation import rng as make_rng
from framing.errors import DataError
from framing.stats._common import (
    MIN_CLUSTERS,
    Design,
    analysed_frames,
    cluster_noun,
    design,
    few_clusters_note,
    frame_values,
    group_labels,
    ratio_variance,
    resolve_cluster,
    skipped_note,
    warn_few_clusters,
    warn_skipped,
)

__all__ = ["compare", "profile_distance"]

# Upper bound on the cells of one resampling weight matrix (replicates x clusters);
# larger jobs are drawn in batches of replicates, so the draws never take more than
# about 100 MB whatever n_boot is.
_MAX_CELLS = 4_000_000
# The replicates themselves are kept for the quantiles (8 bytes x n_boot x frames per
# group): n_boot is bounded so that this stays below ~100 MB for a dozen frames.
MAX_BOOT = 1_000_000

_STATS = ("mean", "share")
INTERVALS = ("log-t", "t", "bootstrap-t", "percentile")
#: The default interval, chosen by the coverage simulation in benchmarks/coverage.py.
DEFAULT_INTERVAL: Literal["log-t"] = "log-t"
_WEIGHTS = ("article", "token")


def seed_record(seed: Any) -> Any:
    """The seed as recorded in attrs (a Generator is not a value one can record)."""
    return "numpy.random.Generator" if isinstance(seed, np.random.Generator) else seed


# --------------------------------------------------------------------------- intervals


def _bootstrap(
    S: np.ndarray, M: np.ndarray, n_boot: int, rng: np.random.Generator, studentized: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """Cluster-bootstrap replicates of the ratio ``sum(S) / sum(M)`` (and of its t statistic).

    One index matrix (replicates x clusters) per batch becomes resampling weights, so
    each replicate is one row of a matrix product. With ``studentized`` the replicates'
    own cluster-robust variances give ``t* = (R* - R) / se*``; a replicate made of
    identical clusters has ``se* = 0`` and ``t* = +-inf`` (0 when ``R* = R``).
    """
    k = len(S)
    R = S.sum(axis=0) / M.sum(axis=0)
    reps = np.empty((n_boot, S.shape[1]))
    tstar = np.empty((n_boot, S.shape[1])) if studentized else None
    batch = max(1, _MAX_CELLS // k)
    S2, SM, M2 = S**2, S * M, M**2
    for start in range(0, n_boot, batch):
        b = min(batch, n_boot - start)
        idx = rng.integers(0, k, size=(b, k))
        flat = (np.arange(b)[:, None] * k + idx).ravel()
        w = np.bincount(flat, minlength=b * k).reshape(b, k).astype(float)
        ws, wm = w @ S, w @ M
        r = ws / wm
        reps[start : start + b] = r
        if tstar is not None:
            ss = w @ S2 - 2 * r * (w @ SM) + r**2 * (w @ M2)
            var = k / (k - 1) * np.maximum(ss, 0.0) / wm**2
            diff = r - R
            # Differences equal to zero up to rounding are zero (a resample of the data itself).
            diff[np.abs(diff) <= 1e-12 * np.maximum(np.abs(R), 1e-300)] = 0.0
            with np.errstate(divide="ignore", invalid="ignore"):
                t = diff / np.sqrt(var)
            tstar[start : start + b] = np.where(diff == 0, 0.0, t)
    return reps, tstar


def _t_interval(R, se, G, tail, scale):
    """Cluster-robust t intervals (G - 1 df) on the identity, log or logit scale, per frame.

    On the log scale an estimate of 0 (every cluster scores 0, so se = 0) gives [0, 0];
    on the logit scale so does an estimate of 0 or 1.
    """
    from scipy.stats import t as student_t

    q = student_t.ppf(1 - tail, np.maximum(G - 1, 1))
    half = q * se
    low, high = R - half, R + half
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log = (scale == "log") & (R > 0)
        rel = half / R
        low = np.where(log, R * np.exp(-rel), low)
        high = np.where(log, R * np.exp(rel), high)
        logit = (scale == "logit") & (R > 0) & (R < 1)
        centre = np.log(R / (1 - R))
        width = half / (R * (1 - R))
        low = np.where(logit, 1 / (1 + np.exp(-(centre - width))), low)
        high = np.where(logit, 1 / (1 + np.exp(-(centre + width))), high)
        # Every cluster at the bound of the scale: no spread, a point.
        flat = ((scale == "log") & (R <= 0)) | ((scale == "logit") & ((R <= 0) | (R >= 1)))
    return np.where(flat, R, low), np.where(flat, R, high)


def _group_intervals(
    S: np.ndarray,
    M: np.ndarray,
    *,
    interval: str,
    tail: float,
    n_boot: int,
    rng: np.random.Generator,
    scales: list[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Estimate and interval of one group, frame by frame."""
    R, V, G = ratio_variance(S, M)
    n_frames = S.shape[1]
    low = np.full(n_frames, np.nan)
    high = np.full(n_frames, np.nan)
    ok = G >= MIN_CLUSTERS
    if interval in ("t", "log-t"):
        scale = np.asarray(scales if interval == "log-t" else ["identity"] * n_frames)
        lo, hi = _t_interval(R, np.sqrt(V), G, tail, scale)
        return R, np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)
    if n_boot == 0 or not ok.any():
        return R, low, high
    # Frames whose valid clusters are the same share one set of draws.
    valid = M > 0
    patterns: dict[bytes, list[int]] = {}
    for f in np.flatnonzero(ok):
        patterns.setdefault(valid[:, f].tobytes(), []).append(int(f))
    for cols in patterns.values():
        rows = valid[:, cols[0]]
        s, m = S[rows][:, cols], M[rows][:, cols]
        reps, tstar = _bootstrap(s, m, n_boot, rng, interval == "bootstrap-t")
        if tstar is None:
            low[cols], high[cols] = np.quantile(reps, [tail, 1 - tail], axis=0)
            continue
        # Order statistics, not interpolation: t* may be infinite.
        q_low, q_high = np.quantile(tstar, [tail, 1 - tail], axis=0, method="inverted_cdf")
        se = np.sqrt(V[cols])
        with np.errstate(invalid="ignore"):
            lo, hi = R[cols] - q_high * se, R[cols] - q_low * se
        flat = se == 0
        low[cols] = np.where(flat, R[cols], lo)
        high[cols] = np.where(flat, R[cols], hi)
    return R, low, high


def _scales(scores: pd.DataFrame, frames: list[str], stat: str) -> list[str]:
    """The scale of the log-t interval per frame: logit for shares and probabilities (values
    bounded by 0 and 1: a model's probabilities, binary scores), log for non-negative scores."""
    if stat == "share":
        return ["logit"] * len(frames)
    params = _provenance.read(scores).get("params") or {}
    if params.get("normalize") in ("probability", "share", "binary"):
        values = frame_values(scores, frames)
        inside = (np.isnan(values) | ((values >= 0) & (values <= 1))).all(axis=0)
        return ["logit" if ok else "log" for ok in inside.tolist()]
    negative = np.asarray((frame_values(scores, frames) < 0).any(axis=0))
    return ["identity" if neg else "log" for neg in negative.tolist()]


_INTERVAL_TEXT = {
    "log-t": (
        "cluster-robust t interval with (clusters - 1) degrees of freedom on the log scale "
        "(logit for shares and probabilities; the plain t interval for frames with negative values)"
    ),
    "t": "cluster-robust t interval with (clusters - 1) degrees of freedom",
    "bootstrap-t": "studentized cluster bootstrap (bootstrap-t) interval",
    "percentile": "percentile cluster bootstrap interval",
}


def estimand_text(d: Design, stat: str) -> str:
    """What the estimate is, in words (for attrs and reports)."""
    if stat == "share":
        unit = "the share of an article's units with the frame"
    elif d.rate:
        unit = "an article's cue matches / its tokens x 1,000"
    else:
        unit = "the mean of an article's unit values"
    if d.weight == "token":
        pooled = (
            "the group's cue matches / its tokens x 1,000 (pooled rate)"
            if d.rate
            else "the mean over all the group's units (pooled)"
        )
        return pooled + ("" if d.units_are_articles else "; units summed to articles first")
    return f"mean over articles of {unit}" + (
        "" if d.units_are_articles else " (units summed to articles first)"
    )


def compare(
    scores: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    *,
    frames: str | Sequence[str] | None = None,
    stat: Literal["mean", "share"] = "mean",
    ci: float = 0.95,
    interval: Literal["log-t", "t", "bootstrap-t", "percentile"] = DEFAULT_INTERVAL,
    n_boot: int = 2000,
    seed: int | np.random.Generator | None = 0,
    cluster: str | None = "auto",
    weight: Literal["article", "token"] = "article",
) -> pd.DataFrame:
    """Estimate each group's use of each frame, with a confidence interval over clusters.

    Parameters
    ----------
    scores : DataFrame
        A score table from :func:`framing.score` (document or sentence level), or any
        table with the ``by`` column(s) and numeric frame columns. NaN scores (an
        article in a language the codebook does not cover) are skipped frame by frame,
        with one warning and a count in ``attrs``; infinite scores are refused.
    by : str or list of str, default='outlet'
        Grouping column(s), e.g. ``["country", "outlet_type"]``.
    frames : str or list of str, optional
        Frame columns to analyse; default: all frames recorded in
        ``scores.attrs["framing"]["frames"]``.
    stat : {'mean', 'share'}, default='mean'
        ``'mean'``: the average score (cue matches per 1,000 tokens).
        ``'share'``: the share of units in which the frame is present (score > 0).
    ci : float, default=0.95
        Confidence level, strictly between 0 and 1.
    interval : {'log-t', 't', 'bootstrap-t', 'percentile'}, default='log-t'
        How the interval is made (see Notes). The default held its level best in the
        simulation of ``benchmarks/coverage.py`` (README: "How trustworthy are the
        intervals?").
    n_boot : int, default=2000
        Bootstrap replicates for ``'bootstrap-t'`` and ``'percentile'`` (0 gives NaN
        intervals; at most 1,000,000). The t intervals need none.
    seed : int, numpy.random.Generator or None, default=0
        Seed of the bootstrap; the same seed gives the same numbers.
    cluster : 'auto', str or None, default='auto'
        What the interval treats as independent. ``'auto'``: outlets when ``by`` is
        constant within outlets and a group holds several outlets (an outlet-level
        variable such as leaning, country or outlet type), otherwise articles
        (``doc_id``). A column name uses that column; None (or ``'doc_id'``) makes each
        article its own cluster. The choice and the reason are recorded in ``attrs``.
    weight : {'article', 'token'}, default='article'
        ``'article'``: the group estimate is the mean over its articles of each
        article's value (every article counts once). ``'token'``: the pooled rate, the
        group's cue matches / its tokens x 1,000, so long articles count more (for
        ``stat='share'`` or tables without rates: pooled over units).

    Returns
    -------
    DataFrame
        One row per group and frame (groups sorted, frames in the given order):

        - the ``by`` column(s);
        - ``frame``: the frame name;
        - ``estimate``: the group's value (see ``weight``). On sentence tables the units
          are first summed to articles: an article's value is its cue matches / its
          tokens x 1,000, what scoring the whole article gives (for ``stat='share'``: the
          share of its sentences with the frame);
        - ``ci_low``, ``ci_high``: the interval; NaN below 3 clusters, and for the
          bootstrap methods with ``n_boot=0``;
        - ``n_clusters``: the clusters (articles or outlets) the interval rests on;
        - ``n_docs``: the articles of the group, present only when the clusters are not
          the articles (``cluster`` is a column other than ``doc_id``, e.g. ``'outlet'``);
        - ``n_units``: the rows (sentences) of the group, present only when the table has
          several rows per article (a sentence table).

        Counts exclude rows skipped for missing scores, so they can differ by frame.
        ``attrs["framing"]["analysis"]`` records the call and: ``cluster`` (the column
        used, None for articles without an id column), ``cluster_reason`` (why, in
        words), ``estimand`` (in words), ``interval_method`` (in words),
        ``interval_scale`` (per frame, for ``'log-t'``), ``n_skipped`` (rows skipped per
        frame), ``few_clusters`` (the FewClustersWarning's text, or None).

    Warns
    -----
    FewClustersWarning
        Once per call when a group rests on fewer than 10 clusters: how many, and what
        its interval can claim.
    UserWarning
        Once per call when rows with missing scores were skipped.

    Raises
    ------
    DataError
        Missing ``by``/cluster columns, unknown or non-numeric frames, infinite scores,
        unknown ``stat``/``interval``/``weight``, ``ci`` outside (0, 1), ``n_boot``
        outside [0, 1,000,000]; ``ParameterError`` (a DataError) for a bad ``seed``.

    See Also
    --------
    pairwise : tests of differences between groups.
    model : count models for several factors at once.

    Notes
    -----
    All four intervals work on the clusters of a group: with cluster sums ``S_c`` and
    sizes ``M_c`` (article values and article counts; or cue matches and tokens for
    ``weight='token'``), the estimate is ``R = sum(S_c) / sum(M_c)`` and its
    cluster-robust variance ``V = G/(G-1) * sum((S_c - R M_c)^2) / sum(M_c)^2`` over the
    ``G`` clusters (the CR1 sandwich variance, as statsmodels computes it for an
    intercept-only least-squares fit with ``cov_type='cluster'``; ``s^2/n`` when
    clusters are single articles).

    - ``'t'``: ``R +- t(G-1) sqrt(V)`` (Cameron & Miller 2015 recommend ``G-1`` degrees
      of freedom with few clusters).
    - ``'log-t'``: the same interval for ``log R`` with the delta-method standard error
      ``sqrt(V) / R``, transformed back (``logit`` for shares, as survey software does
      for proportions, Korn & Graubard 1998). Dictionary scores are non-negative and
      right-skewed, with many zeros; the interval follows that skew and never goes
      below 0. Frames with negative values get the plain t interval.
    - ``'bootstrap-t'``: clusters are resampled with replacement within the group; each
      replicate gives ``t* = (R* - R) / sqrt(V*)`` and the interval is
      ``[R - q(1-a/2) sqrt(V), R - q(a/2) sqrt(V)]`` with the quantiles ``q`` of ``t*``
      (Davison & Hinkley 1997, sec. 5.2.1). A replicate made of identical clusters
      (common with few clusters and many zero scores) has ``t* = +-inf``, so an end of
      the interval can be infinite: the data cannot bound it.
    - ``'percentile'``: quantiles of ``R*`` over the replicates (Efron & Tibshirani
      1993, ch. 13). It can never be wider than the spread of the cluster values and
      undercovers badly below about 10 clusters (Field & Welsh 2007).

    The same replicate draws are used for all frames of a group; clusters are ordered
    by id, so results do not depend on the row order of the table. Draws are made in
    batches of at most 4 million cells, so they need about 100 MB whatever
    ``n_boot`` is; the replicates kept for the quantiles take 8 bytes x ``n_boot`` x
    frames per group, hence the bound on ``n_boot``.

    References
    ----------
    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources*, 50(2), 317-372.
    Davison, A. C., & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*.
    Cambridge University Press.
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
    Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data. *JRSS B*, 69(3), 369-390.
    Korn, E. L., & Graubard, B. I. (1998). Confidence intervals for proportions with small
    expected number of positive counts estimated from survey data. *Survey Methodology*,
    24(2), 193-201.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> scores = pd.DataFrame({
    ...     "doc_id": ["a1", "a1", "a2", "a3", "b1", "b2", "b2", "b3"],
    ...     "outlet": ["A", "A", "A", "A", "B", "B", "B", "B"],
    ...     "n_tokens": [10, 10, 20, 20, 20, 10, 10, 20],
    ...     "leverage": [200.0, 0.0, 50.0, 0.0, 0.0, 100.0, 0.0, 50.0],
    ... })
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", framing.FewClustersWarning)
    ...     out = framing.compare(scores, frames="leverage")
    >>> out.round(1)  # article a1: 2 matches in 20 tokens = 100 per 1,000; A: (100 + 50 + 0) / 3
      outlet     frame  estimate  ci_low  ci_high  n_clusters  n_units
    0      A  leverage      50.0     4.2    599.5           3        4
    1      B  leverage      33.3     3.9    286.5           3        4

    Three articles per outlet bound the mean only loosely; that is what the wide
    intervals say.
    """
    check_table(scores, "score table")
    by_cols = group_columns(scores, by, "score table")
    frames = analysed_frames(scores, frames)
    check_choice("stat", stat, _STATS)
    check_probability("ci", ci)
    check_choice("interval", interval, INTERVALS)
    check_choice("weight", weight, _WEIGHTS)
    n_boot = check_int("n_boot", n_boot, 0, MAX_BOOT)
    rng = make_rng(seed)
    cluster, reason = resolve_cluster(scores, by_cols, cluster)

    d = design(scores, by_cols, frames, cluster, stat=stat, weight=weight)
    labels = group_labels(d.keys)
    scales = _scales(scores, frames, stat)
    n_groups, n_frames = d.n_groups, len(frames)
    estimate = np.full((n_groups, n_frames), np.nan)
    low = np.full((n_groups, n_frames), np.nan)
    high = np.full((n_groups, n_frames), np.nan)
    tail = (1 - ci) / 2
    for g in range(n_groups):
        S, M = d.group(g)
        estimate[g], low[g], high[g] = _group_intervals(
            S, M, interval=interval, tail=tail, n_boot=n_boot, rng=rng, scales=scales
        )

    result = d.keys.iloc[np.repeat(np.arange(n_groups), n_frames)].reset_index(drop=True)
    result["frame"] = np.tile(np.asarray(frames, dtype=object), n_groups)
    result["estimate"] = estimate.ravel()
    result["ci_low"] = low.ravel()
    result["ci_high"] = high.ravel()
    result["n_clusters"] = d.n_clusters.ravel()
    if cluster not in (None, "doc_id"):
        result["n_docs"] = d.n_docs.ravel()
    if not d.units_are_articles:
        result["n_units"] = d.n_units.ravel()

    skipped = skipped_note(d, "compare")
    few = few_clusters_note(
        d,
        labels,
        what="compare",
        claim=(
            f"With so few {cluster_noun(cluster)} "
            + (
                f"a {ci:.0%} percentile interval is too narrow even for well-behaved scores"
                if interval == "percentile"
                else f"a {ci:.0%} interval holds its level only when the {cluster_noun(cluster)}' "
                "values are close to normal; for skewed scores with many zeros it is too narrow"
            )
            + " (README: 'How trustworthy are the intervals?'). Read these intervals as rough."
        ),
    )
    _provenance.write(
        result,
        _provenance.derive(
            scores,
            "compare",
            by=by_cols,
            frames=frames,
            stat=stat,
            ci=ci,
            interval=interval,
            n_boot=n_boot,
            seed=seed_record(seed),
            cluster=cluster,
            cluster_reason=reason,
            weight=weight,
            estimand=estimand_text(d, stat),
            interval_method=_INTERVAL_TEXT[interval],
            interval_scale=dict(zip(frames, scales, strict=True)) if interval == "log-t" else None,
            n_skipped=dict(d.skipped),
            few_clusters=few,
            method=f"{_INTERVAL_TEXT[interval]} over {cluster_noun(cluster)}",
        ),
    )
    warn_skipped(skipped)
    warn_few_clusters(few)
    return result


def profile_distance(
    scores: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    *,
    frames: str | Sequence[str] | None = None,
    weight: Literal["article", "token"] = "article",
) -> pd.DataFrame:
    """Jensen-Shannon distances between the groups' frame profiles.

    A group's profile is its estimate in each frame (exactly :func:`compare`'s
    ``estimate`` with the same ``weight``), normalised to sum to 1 over ``frames``:
    which share of its framing goes to each frame, whatever its overall cue density.

    Parameters
    ----------
    scores : DataFrame
        A score table from :func:`framing.score`. NaN scores are skipped frame by
        frame (one warning, a count in ``attrs``).
    by : str or list of str, default='outlet'
        Grouping column(s).
    frames : str or list of str, optional
        Frames forming the profile (at least two); default: all frames of the table.
    weight : {'article', 'token'}, default='article'
        As in :func:`compare`.

    Returns
    -------
    DataFrame
        Square, symmetric table of distances with the group labels as index and
        columns (a MultiIndex when ``by`` is a list), zeros on the diagonal. Distances
        use base-2 logarithms, so they lie in [0, 1]: 0 for identical profiles, 1 for
        profiles with no frame in common. A group whose estimates are all zero (or
        missing) has no profile; its row and column are NaN. Ready for
        :func:`scipy.cluster.hierarchy.linkage` via :func:`scipy.spatial.distance.squareform`.
        ``attrs["framing"]["analysis"]["n_skipped"]`` counts skipped rows per frame.

    Raises
    ------
    DataError
        Missing columns, unknown frames, fewer than two frames, negative or infinite scores.

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
    check_choice("weight", weight, _WEIGHTS)
    if len(frames) < 2:
        raise DataError(f"a frame profile needs at least two frames, got {frames}")
    negative = [f for f in frames if (scores[f] < 0).any()]
    if negative:
        raise DataError(
            f"frame column(s) {negative} have negative values; profiles are distributions "
            "over frames and need non-negative scores (as framing.score() makes them)"
        )
    d = design(scores, by_cols, frames, None, weight=weight)
    means = np.nan_to_num(d.estimates())
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
        index = pd.Index(d.keys.iloc[:, 0], name=by_cols[0])
    else:
        index = pd.MultiIndex.from_frame(d.keys)
    result = pd.DataFrame(dist, index=index, columns=index.copy())
    skipped = skipped_note(d, "profile_distance")
    _provenance.write(
        result,
        _provenance.derive(
            scores,
            "profile_distance",
            by=by_cols,
            frames=frames,
            weight=weight,
            estimand=estimand_text(d, "mean"),
            n_skipped=dict(d.skipped),
            method="Jensen-Shannon distance, base 2",
        ),
    )
    warn_skipped(skipped)
    return result
