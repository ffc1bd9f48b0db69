"""What the statistics share: the frame columns to analyse and the clusters of a score table.

Sentence-level score tables are never treated as independent observations: the
unit of resampling (bootstrap) and of exchange (permutation test) is the cluster,
by default the article (``doc_id``). :func:`clusters` computes once, per
cluster, everything the bootstrap and the permutation test need.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing._provenance import frame_columns
from framing.errors import DataError


def analysed_frames(scores: pd.DataFrame, frames: str | Sequence[str] | None) -> list[str]:
    """Frame columns to analyse: ``frames=`` if given, else the score table's own."""
    if frames is None:
        frames = frame_columns(scores)
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


def clusters(
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
    gcode, keys = group_codes(scores, by_cols)
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


def resolve_cluster(scores: pd.DataFrame, cluster: str | None) -> str | None:
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
