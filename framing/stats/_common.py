"""What the statistics share: frame columns, the cluster of a comparison, and one estimand.

Every comparison in :mod:`framing.stats` works on the same three levels:

- **units** are the rows of the score table (articles or sentences);
- **articles** (``doc_id``): units are first summed to articles, so that an
  article's value is what scoring the whole article would give (for per-1,000
  token rates: the article's cue matches / its tokens × 1,000);
- **clusters** are what the bootstrap resamples and the permutation test
  exchanges: articles, or outlets when the comparison is between kinds of
  outlets (``cluster="auto"``, see :func:`resolve_cluster`).

A group's estimate is a ratio of cluster sums, ``sum(S_c) / sum(M_c)``: with
``weight="article"``, ``S_c`` is the sum of the cluster's article values and
``M_c`` its number of articles (the mean over articles); with
``weight="token"``, ``S_c`` is the cluster's cue matches and ``M_c`` its tokens
/ 1,000 (the pooled rate). Its cluster-robust variance is the sandwich (CR1)
variance of that ratio, :func:`ratio_variance`, which is what statsmodels
reports for an intercept-only (weighted) least-squares fit with
``cov_type="cluster"``.

Missing scores (NaN; a codebook that does not cover an article's language
scores it NaN, never 0) are skipped frame by frame and counted; infinite scores
are refused.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_choice
from framing.errors import DataError, FewClustersWarning

__all__ = [
    "analysed_frames",
    "frame_values",
    "group_codes",
    "group_labels",
    "resolve_cluster",
    "Design",
    "design",
    "ratio_variance",
    "few_clusters_note",
    "FEW_CLUSTERS",
    "MIN_CLUSTERS",
]

#: Below this many clusters in a group, FewClustersWarning.
FEW_CLUSTERS = 10
#: Below this many clusters in a group, no interval (NaN).
MIN_CLUSTERS = 3

_WEIGHTS = ("article", "token")


def analysed_frames(scores: pd.DataFrame, frames: str | Sequence[str] | None) -> list[str]:
    """Frame columns to analyse: ``frames=`` if given, else the score table's own.

    Frame columns must be numeric and finite where present; NaN (a missing score)
    is allowed and skipped by the statistics.
    """
    if frames is None:
        frames = _provenance.frame_columns(scores)
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
    dtypes = scores.dtypes
    for frame in frames:
        if not pd.api.types.is_numeric_dtype(dtypes[frame]):
            raise DataError(
                f"frame column {frame!r} is not numeric (dtype {dtypes[frame]}); "
                "frame columns hold scores, as framing.score() makes them"
            )
    # One conversion for all frames (column by column, pandas copies attrs every time).
    values = frame_values(scores, frames)
    infinite = np.isinf(values)
    if infinite.any():
        f = int(np.flatnonzero(infinite.any(axis=0))[0])
        bad = infinite[:, f]
        rows = list(scores.index[bad][:5])
        raise DataError(
            f"frame column {frames[f]!r} has {int(bad.sum())} infinite value(s) (index "
            f"{rows}{' ...' if bad.sum() > 5 else ''}); a score is a finite number: "
            "fix or drop those rows (missing scores may be NaN and are skipped)"
        )
    return frames


def frame_values(scores: pd.DataFrame, frames: list[str]) -> np.ndarray:
    """The frame columns as one float array (rows x frames), NaN for missing scores."""
    return scores.loc[:, frames].to_numpy(dtype=float, na_value=np.nan)


def group_codes(data: pd.DataFrame, by_cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer group code per row (groups sorted) and the key table, one row per code."""
    codes = data.groupby(by_cols, sort=True, observed=True).ngroup().to_numpy()
    order = np.unique(codes, return_index=True)[1]
    keys = data[by_cols].iloc[order].reset_index(drop=True)
    return codes, keys


def group_labels(keys: pd.DataFrame) -> list[Any]:
    """Group labels: the value for one ``by`` column, a tuple for several."""
    if keys.shape[1] == 1:
        return keys.iloc[:, 0].tolist()
    return list(keys.itertuples(index=False, name=None))


# --------------------------------------------------------------------------- clusters


def _constant_within(data: pd.DataFrame, by_cols: list[str], column: str) -> bool:
    """Whether every ``by`` column takes one value within each value of ``column``."""
    counts = data.groupby(column, sort=False, observed=True)[by_cols].nunique(dropna=False)
    return bool((counts <= 1).all(axis=None))


def _check_cluster_column(scores: pd.DataFrame, column: str) -> None:
    missing = scores[column].isna()
    if missing.any():
        raise DataError(
            f"cluster column {column!r} has {int(missing.sum())} missing value(s) (index "
            f"{list(scores.index[missing][:5])}); every unit needs its cluster id: fill them "
            "or pass another cluster="
        )


def resolve_cluster(
    scores: pd.DataFrame, by_cols: list[str], cluster: str | None
) -> tuple[str | None, str]:
    """The cluster column of a comparison and a sentence saying why it was chosen.

    ``cluster="auto"`` takes the coarsest of ``outlet`` and ``doc_id`` within which
    ``by`` is constant and which still leaves several clusters in some group: an
    outlet-level variable (leaning, country, outlet type) is compared between
    *outlets*, anything that varies between the articles of an outlet between
    articles. An explicit column is used as given; ``None`` means each article is
    its own cluster (the same as ``"doc_id"``).
    """
    if cluster is None:
        return None, "cluster=None: each article is its own cluster"
    if not isinstance(cluster, str):
        raise DataError(
            f"cluster must be 'auto', a column name or None, got {type(cluster).__name__}"
        )
    if cluster != "auto":
        if cluster not in scores.columns:
            if cluster == "doc_id":  # a document table without ids: each row is an article
                return None, "no doc_id column: each row is its own cluster"
            raise DataError(
                f"cluster column {cluster!r} is not in the score table; pass cluster= one of "
                f"{list(map(str, scores.columns))}, 'auto', or None (each article its own cluster)"
            )
        _check_cluster_column(scores, cluster)
        if cluster != "doc_id" and not _constant_within(scores, by_cols, cluster):
            warnings.warn(
                f"by={by_cols} varies within the clusters of cluster={cluster!r}: each cluster is "
                "split into one part per group, and those parts are treated as independent",
                UserWarning,
                stacklevel=3,
            )
        return cluster, f"cluster={cluster!r} as given"
    n_groups = scores.groupby(by_cols, sort=False, observed=True).ngroups
    if "outlet" in scores.columns and "outlet" not in by_cols and not scores["outlet"].isna().any():
        if _constant_within(scores, by_cols, "outlet") and scores["outlet"].nunique() > n_groups:
            return "outlet", (
                f"by={by_cols} is constant within outlets: outlets are the clusters "
                "(cluster='auto')"
            )
    if "doc_id" in scores.columns:
        _check_cluster_column(scores, "doc_id")
        if _constant_within(scores, by_cols, "doc_id"):
            return "doc_id", "articles (doc_id) are the clusters (cluster='auto')"
        warnings.warn(
            f"by={by_cols} varies within articles (doc_id): each article's rows in one group "
            "form a cluster, and the parts of one article in different groups are treated as "
            "independent, which overstates the evidence. Compare groups of articles where you "
            "can, or pass cluster= a column within which by is constant",
            UserWarning,
            stacklevel=3,
        )
        return None, (
            "by varies within articles: each article's rows in one group form a cluster "
            "(cluster='auto')"
        )
    return None, "no doc_id column: each row is its own article and cluster (cluster='auto')"


# --------------------------------------------------------------------------- the design


@dataclass
class Design:
    """A score table reduced to articles and clusters, frame by frame.

    Arrays with a frame axis are (rows x frames); an article or cluster that has
    no valid unit for a frame has denominator 0 there and takes no part in it.
    """

    frames: list[str]
    keys: pd.DataFrame  # one row per group, sorted
    cluster: str | None
    weight: str
    rate: bool  # units combined as cue matches / tokens (per-1,000 rates)
    #: article level
    art_value: np.ndarray  # (A, F) article values (NaN where the article has no valid unit)
    art_den: np.ndarray  # (A, F) article denominators (tokens / 1000, or units)
    art_group: np.ndarray  # (A,)
    art_cluster: np.ndarray  # (A,) cluster index
    #: cluster level
    S: np.ndarray  # (C, F)
    M: np.ndarray  # (C, F)
    cl_group: np.ndarray  # (C,)
    #: counts per group and frame
    n_units: np.ndarray  # (G, F)
    n_docs: np.ndarray  # (G, F)
    n_clusters: np.ndarray  # (G, F)
    units_are_articles: bool
    skipped: dict[str, int] = field(default_factory=dict)  # rows with NaN scores, per frame
    empty: int = 0  # articles without tokens (rate tables)

    @property
    def n_groups(self) -> int:
        return len(self.keys)

    def group(self, g: int) -> tuple[np.ndarray, np.ndarray]:
        """The cluster sums of group ``g``."""
        mask = self.cl_group == g
        return self.S[mask], self.M[mask]

    def estimates(self) -> np.ndarray:
        """(G, F) ratio estimates; NaN where a group has no valid article for a frame."""
        tot_s = np.zeros((self.n_groups, len(self.frames)))
        tot_m = np.zeros_like(tot_s)
        np.add.at(tot_s, self.cl_group, self.S)
        np.add.at(tot_m, self.cl_group, self.M)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(tot_m > 0, tot_s / np.where(tot_m > 0, tot_m, 1), np.nan)


def _is_rate_table(scores: pd.DataFrame) -> bool:
    """Whether frame values are per-1,000-token rates with their ``n_tokens``."""
    if "n_tokens" not in scores.columns:
        return False
    params = _provenance.read(scores).get("params") or {}
    return params.get("normalize", "per_1k") == "per_1k"


def design(
    scores: pd.DataFrame,
    by_cols: list[str],
    frames: list[str],
    cluster: str | None,
    *,
    stat: str = "mean",
    weight: str = "article",
) -> Design:
    """Sum units to articles and articles to clusters, frame by frame (NaN scores skipped)."""
    from scipy import sparse

    check_choice("weight", weight, _WEIGHTS)
    values = frame_values(scores, frames)
    missing = np.isnan(values)
    rate = _is_rate_table(scores) and stat == "mean"
    if stat == "share":
        values = (values > 0).astype(float)
    if weight == "token" and not _is_rate_table(scores) and stat == "mean":
        raise DataError(
            "weight='token' pools cue matches over tokens and needs a per-1,000-token score "
            "table with its n_tokens column (framing.score(..., normalize='per_1k')); use "
            "weight='article'"
        )
    if rate:
        tokens = pd.to_numeric(scores["n_tokens"], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(tokens) | (tokens < 0)
        if bad.any():
            raise DataError(
                f"n_tokens has {int(bad.sum())} missing, negative or non-numeric value(s) (index "
                f"{list(scores.index[bad][:5])}); it must count each unit's tokens"
            )
        den_u = np.broadcast_to((tokens / 1000.0)[:, None], values.shape).copy()
        num_u = values * den_u
    else:
        den_u = np.ones_like(values)
        num_u = values.copy()
    num_u[missing] = 0.0
    den_u[missing] = 0.0

    gcode, keys = group_codes(scores, by_cols)
    n = len(scores)
    ccode = (
        np.zeros(n, dtype=np.int64)
        if cluster is None
        else pd.factorize(scores[cluster], sort=True)[0].astype(np.int64)
    )
    if "doc_id" in scores.columns:
        dcode = pd.factorize(scores["doc_id"], sort=True)[0].astype(np.int64)
        units_are_articles = not scores["doc_id"].duplicated().any()
    else:
        dcode = np.arange(n, dtype=np.int64)
        units_are_articles = True
    if cluster is None:
        ccode = dcode  # each article its own cluster
    # Articles are nested in clusters and groups; sorting by (group, cluster, article)
    # makes resampling independent of the row order of the table.
    art_key = np.stack([gcode, ccode, dcode], axis=1)
    uniq_art, art_of_row = np.unique(art_key, axis=0, return_inverse=True)
    art_of_row = art_of_row.ravel()
    n_art = len(uniq_art)
    member = sparse.csr_matrix((np.ones(n), (art_of_row, np.arange(n))), shape=(n_art, n))
    art_num = np.asarray(member @ num_u)
    art_den = np.asarray(member @ den_u)
    art_units = np.asarray(member @ (~missing).astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        art_value = np.where(art_den > 0, art_num / np.where(art_den > 0, art_den, 1), np.nan)
    art_valid = art_den > 0

    uniq_cl, art_cluster = np.unique(uniq_art[:, :2], axis=0, return_inverse=True)
    art_cluster = art_cluster.ravel()
    n_cl = len(uniq_cl)
    cl_member = sparse.csr_matrix(
        (np.ones(n_art), (art_cluster, np.arange(n_art))), shape=(n_cl, n_art)
    )
    if weight == "article":
        S = np.asarray(cl_member @ np.where(art_valid, art_value, 0.0))
        M = np.asarray(cl_member @ art_valid.astype(float))
    else:
        S = np.asarray(cl_member @ art_num)
        M = np.asarray(cl_member @ art_den)
    cl_group = uniq_cl[:, 0]
    art_group = uniq_art[:, 0]

    n_groups = len(keys)
    n_frames = len(frames)

    def per_group(x: np.ndarray, groups: np.ndarray) -> np.ndarray:
        out = np.zeros((n_groups, n_frames))
        np.add.at(out, groups, x)
        return out.astype(np.int64)

    empty = 0
    if rate:
        # Articles whose units all have 0 tokens have no rate: they take no part.
        empty = int(((art_units > 0) & ~art_valid).any(axis=1).sum())
    return Design(
        frames=list(frames),
        keys=keys,
        cluster=cluster,
        weight=weight,
        rate=rate,
        art_value=art_value,
        art_den=art_den,
        art_group=art_group,
        art_cluster=art_cluster,
        S=S,
        M=M,
        cl_group=cl_group,
        n_units=per_group(art_units, art_group),
        n_docs=per_group(art_valid.astype(float), art_group),
        n_clusters=per_group((M > 0).astype(float), cl_group),
        units_are_articles=units_are_articles,
        skipped={f: int(c) for f, c in zip(frames, missing.sum(axis=0), strict=True) if c},
        empty=empty,
    )


def ratio_variance(S: np.ndarray, M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio estimate, its cluster-robust (CR1) variance and the number of clusters.

    For clusters ``c`` with sums ``S_c`` and sizes ``M_c`` (columns are frames), the
    estimate is ``R = sum(S) / sum(M)`` and its variance
    ``G / (G - 1) * sum((S_c - R * M_c) ** 2) / sum(M) ** 2`` over the ``G`` clusters
    with ``M_c > 0`` (the linearisation or sandwich variance of a ratio; for one
    article per cluster and ``weight='article'``, ``s**2 / n``). NaN below 2 clusters.
    """
    tot_s, tot_m = S.sum(axis=0), M.sum(axis=0)
    G = (M > 0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        R = np.where(tot_m > 0, tot_s / np.where(tot_m > 0, tot_m, 1), np.nan)
        resid = S - np.nan_to_num(R) * M
        V = np.where(G >= 2, G / np.maximum(G - 1, 1) * (resid**2).sum(axis=0) / tot_m**2, np.nan)
    return R, V, G


# --------------------------------------------------------------------------- notes


def cluster_noun(cluster: str | None) -> str:
    if cluster in (None, "doc_id"):
        return "articles"
    if cluster == "outlet":
        return "outlets"
    return f"clusters ({cluster})"


def few_clusters_note(design: Design, labels: list[Any], *, what: str, claim: str) -> str | None:
    """The sentence a FewClustersWarning says, or None when every group has >= 10 clusters."""
    counts = design.n_clusters.max(axis=1)
    few = [(lab, int(k)) for lab, k in zip(labels, counts, strict=True) if k < FEW_CLUSTERS]
    if not few:
        return None
    noun = cluster_noun(design.cluster)
    shown = ", ".join(f"{lab!r}: {k}" for lab, k in few[:8]) + (" ..." if len(few) > 8 else "")
    nan = [k for _, k in few if k < MIN_CLUSTERS]
    return (
        f"{what}: {len(few)} of {len(labels)} group(s) rest on fewer than {FEW_CLUSTERS} "
        f"{noun} ({shown}). {claim}"
        + (f" Below {MIN_CLUSTERS} {noun} there is no interval (NaN)." if nan else "")
    )


def warn_few_clusters(note: str | None) -> None:
    if note:
        warnings.warn(note, FewClustersWarning, stacklevel=3)


def skipped_note(design: Design, what: str) -> str | None:
    """One sentence on the rows skipped for missing scores and the empty articles."""
    parts = []
    if design.skipped:
        total = max(design.skipped.values())
        per = ", ".join(f"{f}: {n}" for f, n in design.skipped.items())
        parts.append(
            f"skipped rows with missing (NaN) scores frame by frame ({per}; up to {total} "
            "rows), e.g. articles in a language the codebook does not cover"
        )
    if design.empty:
        parts.append(f"left out {design.empty} article(s) without tokens (no rate)")
    if not parts:
        return None
    return f"{what}: " + "; ".join(parts)


def warn_skipped(note: str | None) -> None:
    if note:
        warnings.warn(note, UserWarning, stacklevel=3)
