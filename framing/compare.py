"""Comparing outlets: grouped estimates, pairwise tests and profile distances.

This module owns the step from a score table (or a corpus) to the statements a
comparative framing study makes: how much each outlet uses a frame, with a
cluster-bootstrap confidence interval (:func:`compare`); whether two outlets
differ, with a permutation test over articles, an effect size and a multiplicity
correction (:func:`pairwise`); how far apart whole frame profiles are
(:func:`profile_distance`). Which words distinguish an outlet and the passages
behind a number live in :mod:`framing.terms`.

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

import copy
import itertools
import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import DataError

__all__ = ["compare", "pairwise", "profile_distance"]

# Upper bound on the cells of one resampling weight matrix (replicates x clusters);
# larger jobs are processed in batches of replicates so memory stays near 100 MB.
_MAX_CELLS = 4_000_000

_STATS = ("mean", "share")
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


# --------------------------------------------------------------------------- validation


def _check_frame(data: Any, what: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise DataError(
            f"{what} must be a pandas DataFrame, got {type(data).__name__}; "
            "pass the table returned by framing.score() / framing.load_corpus()"
        )
    if len(data) == 0:
        raise DataError(f"the {what} is empty (0 rows); there is nothing to compare")


def _check_choice(name: str, value: Any, choices: Sequence[Any]) -> None:
    if value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise DataError(f"unknown {name}={value!r}; use one of {shown}")


def _check_int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise DataError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_seed(seed: Any) -> None:
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer)):
        raise DataError(f"seed must be an integer (or None for fresh randomness), got {seed!r}")


def _by_columns(data: pd.DataFrame, by: str | Sequence[str], what: str) -> list[str]:
    cols = [by] if isinstance(by, str) else list(by)
    if not cols:
        raise DataError("by= is empty; name the grouping column, e.g. by='outlet'")
    for col in cols:
        if col not in data.columns:
            raise DataError(
                f"by= column {col!r} is not in the {what}; its columns are "
                f"{list(map(str, data.columns))}. Pass by= one of them"
            )
        missing = data[col].isna()
        if missing.any():
            rows = list(data.index[missing][:5])
            raise DataError(
                f"by= column {col!r} has {int(missing.sum())} missing value(s) (index {rows}"
                f"{' ...' if missing.sum() > 5 else ''}); fill them, e.g. "
                f"data[{col!r}].fillna('unknown'), or drop those rows"
            )
    return cols


def _frames(scores: pd.DataFrame, frames: str | Sequence[str] | None) -> list[str]:
    """Frame columns to analyse: ``frames=`` if given, else the score table's own."""
    if frames is None:
        from .score import score_frames

        frames = list(score_frames(scores))
    elif isinstance(frames, str):
        frames = [frames]
    else:
        frames = list(frames)
    if not frames:
        raise DataError("frames= is empty; name at least one frame column")
    if len(set(frames)) != len(frames):
        raise DataError(f"frames= lists a frame twice: {frames}")
    for frame in frames:
        if frame not in scores.columns:
            raise DataError(
                f"unknown frame {frame!r}: it is not a column of the score table (columns: "
                f"{list(map(str, scores.columns))}); pass frames= a list of frame columns"
            )
        column = scores[frame]
        if not pd.api.types.is_numeric_dtype(column):
            raise DataError(
                f"frame column {frame!r} is not numeric (dtype {column.dtype}); "
                "frame columns hold scores, as framing.score() makes them"
            )
        if column.isna().any():
            raise DataError(
                f"frame column {frame!r} has {int(column.isna().sum())} missing value(s); "
                "scores are never missing in framing.score() output: fill or drop those rows"
            )
    return frames


def _provenance(data: pd.DataFrame, function: str, **params: Any) -> dict[str, Any]:
    prov = copy.deepcopy(data.attrs.get("framing", {}))
    if "frames" in params:
        prov["frames"] = list(params["frames"])
    prov["analysis"] = {"function": f"framing.{function}", **params}
    return prov


# --------------------------------------------------------------------------- clusters


def _group_codes(data: pd.DataFrame, by_cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer group code per row (groups sorted) and the key table, one row per code."""
    codes = data.groupby(by_cols, sort=True, observed=True).ngroup().to_numpy()
    order = np.unique(codes, return_index=True)[1]
    keys = data[by_cols].iloc[order].reset_index(drop=True)
    return codes, keys


def _labels(keys: pd.DataFrame) -> list[Any]:
    """Group labels: the value for one ``by`` column, a tuple for several."""
    if keys.shape[1] == 1:
        return keys.iloc[:, 0].tolist()
    return list(keys.itertuples(index=False, name=None))


def _clusters(
    scores: pd.DataFrame,
    by_cols: list[str],
    frames: list[str],
    cluster: str | None,
    stat: str = "mean",
) -> dict[str, Any]:
    """Per-cluster unit sums and counts, clusters sorted by group then cluster id.

    Everything the bootstrap and the permutation test need is computed here once:
    ``sums`` (clusters x frames), ``counts`` (units per cluster), ``group`` (the
    group code of each cluster) and the group ``keys``.
    """
    from scipy import sparse

    values = scores[frames].to_numpy(dtype=float)
    if stat == "share":
        values = (values > 0).astype(float)
    gcode, keys = _group_codes(scores, by_cols)
    if cluster is None or cluster not in scores.columns:
        ccode = np.arange(len(scores))  # every row is its own cluster
    else:
        # sort=True makes resampling independent of the row order of the table.
        ccode = pd.factorize(scores[cluster], sort=True)[0]
    combined = gcode.astype(np.int64) * (int(ccode.max()) + 1) + ccode
    uniq, inverse = np.unique(combined, return_inverse=True)
    n = len(scores)
    membership = sparse.csr_matrix((np.ones(n), (inverse, np.arange(n))), shape=(len(uniq), n))
    return {
        "sums": np.asarray(membership @ values),
        "counts": np.bincount(inverse, minlength=len(uniq)).astype(float),
        "group": uniq // (int(ccode.max()) + 1),
        "units": np.bincount(gcode, minlength=len(keys)),
        "keys": keys,
    }


def _resolve_cluster(scores: pd.DataFrame, cluster: str | None) -> str | None:
    if cluster is None:
        return None
    if cluster in scores.columns:
        if scores[cluster].isna().any():
            raise DataError(
                f"cluster column {cluster!r} has {int(scores[cluster].isna().sum())} missing "
                "value(s); every unit needs its article id (or pass cluster=None)"
            )
        return cluster
    if cluster == "doc_id":
        return None  # a document table without ids: each row is an article
    raise DataError(
        f"cluster column {cluster!r} is not in the score table; pass cluster= one of "
        f"{list(map(str, scores.columns))}, or cluster=None to treat every row as independent"
    )


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


# --------------------------------------------------------------------------- compare


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
    _check_frame(scores, "score table")
    by_cols = _by_columns(scores, by, "score table")
    frames = _frames(scores, frames)
    _check_choice("stat", stat, _STATS)
    if isinstance(ci, bool) or not isinstance(ci, int | float) or not 0 < ci < 1:
        raise DataError(f"ci must be a confidence level strictly between 0 and 1, got {ci!r}")
    n_boot = _check_int("n_boot", n_boot, 0)
    _check_seed(seed)
    cluster = _resolve_cluster(scores, cluster)

    cl = _clusters(scores, by_cols, frames, cluster, stat)
    rng = np.random.default_rng(seed)
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
    result.attrs["framing"] = _provenance(
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
    )
    return result


# --------------------------------------------------------------------------- pairwise


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
    _check_frame(scores, "score table")
    by_cols = _by_columns(scores, by, "score table")
    frames = _frames(scores, frames)
    n_perm = _check_int("n_perm", n_perm, 1)
    _check_seed(seed)
    adjust = _adjust_method(adjust)
    _check_choice("effect", effect, _EFFECTS)
    cluster = _resolve_cluster(scores, cluster)

    cl = _clusters(scores, by_cols, frames, cluster)
    labels = _labels(cl["keys"])
    if len(labels) < 2:
        raise DataError(
            f"pairwise needs at least two groups in by={by_cols}, found only {labels}; "
            "group by a column with several values"
        )
    effect_fn = _cliffs_delta if effect == "cliffs_delta" else _cohens_d
    article_means = cl["sums"] / cl["counts"][:, None]
    rng = np.random.default_rng(seed)
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
    result.attrs["framing"] = _provenance(
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
    )
    return result


# --------------------------------------------------------------------------- profiles


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

    _check_frame(scores, "score table")
    by_cols = _by_columns(scores, by, "score table")
    frames = _frames(scores, frames)
    if len(frames) < 2:
        raise DataError(f"a frame profile needs at least two frames, got {frames}")
    negative = [f for f in frames if (scores[f] < 0).any()]
    if negative:
        raise DataError(
            f"frame column(s) {negative} have negative values; profiles are distributions "
            "over frames and need non-negative scores (as framing.score() makes them)"
        )
    cl = _clusters(scores, by_cols, frames, None)
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
    result.attrs["framing"] = _provenance(
        scores,
        "profile_distance",
        by=by_cols,
        frames=frames,
        method="Jensen-Shannon distance, base 2",
    )
    return result
