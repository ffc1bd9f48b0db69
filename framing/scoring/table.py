"""The score-table contract: one layout for every measure.

Whatever produces frame values (the dictionary scorer today, learned measures
tomorrow), a score table has one row per input row: the id and metadata
columns (the text only for sentences, right after ``sent_id``; never an
article's text), ``n_tokens``, then one float column per frame (NaN where a
text was not measured, e.g. a language without cues), and
the provenance record (:mod:`framing._provenance`). :func:`build_score_table`
is the one place that layout is made; :func:`texts_of` is the one place input
texts are checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from framing import _provenance
from framing.errors import ScoreError

__all__ = ["texts_of", "as_articles", "normalize_counts", "build_score_table", "score_frames"]

UNITS = ("document", "sentence")
NORMALIZE = ("per_1k", "count", "binary")


def texts_of(data, text_col: str) -> tuple[list[str], pd.DataFrame]:
    """Texts plus the id/metadata frame that the result keeps."""
    if isinstance(data, str):
        raise ScoreError(
            "got a single string; wrap it in a list (['text']) or pass a DataFrame or Series"
        )
    if isinstance(data, pd.DataFrame):
        dup = data.columns[data.columns.duplicated()].unique().tolist()
        if dup:
            raise ScoreError(f"duplicate column names {dup}; rename them so each is unique")
        if text_col not in data.columns:
            raise ScoreError(
                f"no text column {text_col!r} (columns: {', '.join(map(str, data.columns))}); "
                "pass text_col= with the column that holds the text"
            )
        meta = data.drop(columns=[text_col]).reset_index(drop=True)
        if "doc_id" not in meta.columns:
            meta.insert(0, "doc_id", data.index.astype(str))
        texts = data[text_col].tolist()
    elif isinstance(data, pd.Series):
        texts = data.tolist()
        meta = pd.DataFrame({"doc_id": data.index.astype(str)})
    elif isinstance(data, Iterable) and not isinstance(data, dict | bytes):
        texts = list(data)
        meta = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))]})
    else:
        raise ScoreError(
            f"cannot score a {type(data).__name__}; pass a DataFrame, Series or list of str"
        )
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            if t is None or (np.ndim(t) == 0 and pd.isna(t)):
                texts[i] = ""  # missing text scores 0
            else:
                raise ScoreError(f"row {i}: text must be a string, got {type(t).__name__}")
    return texts, meta


def as_articles(data, text_col: str) -> pd.DataFrame:
    """A Series or list of texts as an article table, for sentence splitting."""
    if isinstance(data, pd.DataFrame):
        return data
    texts, meta = texts_of(data, text_col)
    return meta.assign(**{text_col: texts})


def normalize_counts(counts: np.ndarray, n_tokens: np.ndarray, how: str) -> np.ndarray:
    if how == "count":
        return counts.astype(float)
    if how == "binary":
        return (counts > 0).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = counts * 1000.0 / n_tokens[:, None]
    out[n_tokens == 0] = 0.0
    return out


def check_result_columns(meta: pd.DataFrame, frames: list[str]) -> None:
    """Refuse input whose columns would collide with the result columns."""
    clash = [c for c in [*frames, "n_tokens"] if c in meta.columns]
    if clash:
        raise ScoreError(
            f"the table already has columns named like the results ({', '.join(clash)}), e.g. a "
            "human coding or earlier scores; drop or rename them first, e.g. "
            "data[['doc_id', 'sent_id', 'text']]"
        )


def build_score_table(
    meta: pd.DataFrame,
    values: np.ndarray,
    frames: list[str],
    n_tokens: np.ndarray,
    record: Mapping[str, Any],
) -> pd.DataFrame:
    """The score table: ``meta`` columns, ``n_tokens``, one column per frame, provenance.

    ``record`` holds what the measure says about itself (codebook or model, unit,
    parameters); the frame list and the framing version are added here.
    """
    check_result_columns(meta, frames)
    out = pd.concat(
        [
            meta.reset_index(drop=True),
            pd.DataFrame({"n_tokens": np.asarray(n_tokens, dtype=np.int64)}),
            pd.DataFrame(np.asarray(values, dtype=float), columns=list(frames)),
        ],
        axis=1,
    )
    return _provenance.write(
        out,
        {**record, "frames": list(frames), "framing_version": _provenance.version()},
    )


def score_frames(scores: pd.DataFrame, frames: Iterable[str] | None = None) -> list[str]:
    """The frame columns of a score table.

    ``frames`` wins when given (each must be a column); otherwise the frames
    recorded by :func:`framing.score` in the table's provenance, or, when pandas
    dropped it, the numeric columns after ``n_tokens``.
    """
    return _provenance.frame_columns(scores, frames)
