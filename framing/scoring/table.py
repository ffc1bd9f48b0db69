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

__all__ = [
    "texts_of",
    "table_texts",
    "TextColumn",
    "as_articles",
    "normalize_counts",
    "build_score_table",
    "score_frames",
]

UNITS = ("document", "sentence")
NORMALIZE = ("per_1k", "count", "binary")


def _split(data, text_col: str):
    """The text values (a Series or a list, unchecked) and the id/metadata frame."""
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
        return data[text_col], meta
    if isinstance(data, pd.Series):
        return data, pd.DataFrame({"doc_id": data.index.astype(str)})
    if isinstance(data, Iterable) and not isinstance(data, dict | bytes):
        texts = list(data)
        return texts, pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))]})
    raise ScoreError(
        f"cannot score a {type(data).__name__}; pass a DataFrame, Series or list of str"
    )


def texts_of(data, text_col: str) -> tuple[list[str], pd.DataFrame]:
    """Texts (checked, missing ones as ``""``) plus the id/metadata frame that the result keeps."""
    values, meta = _split(data, text_col)
    column = TextColumn.of(values)
    return column.batch(0, len(column)), meta


def table_texts(data, text_col: str) -> tuple[TextColumn, pd.DataFrame]:
    """Like :func:`texts_of`, but the texts stay in the table until they are matched."""
    values, meta = _split(data, text_col)
    return TextColumn.of(values), meta


class TextColumn:
    """Texts to match, turned into Python strings a batch at a time.

    pandas keeps a text column compactly (Arrow strings, UTF-8); a list of
    Python strings of a whole corpus can take twice as much (texts beyond
    Latin-1 take two bytes per character), so the matcher asks for about two
    megabytes of texts at a time (:meth:`batch`). Missing texts are ``""``; any
    other value that is not a string is an error naming its row.
    """

    def __init__(self, values, rows: np.ndarray | None = None):
        self._values = values  # a pandas Series with a RangeIndex, or a list
        self._rows = rows  # positions into values, or None for all
        self._chunked: Any = None  # the Arrow data of an Arrow-backed string Series

    @classmethod
    def of(cls, values) -> TextColumn:
        if isinstance(values, TextColumn):
            return values
        if isinstance(values, pd.Series):
            values = values.reset_index(drop=True)
            if values.dtype == object:
                values = values.tolist()  # already Python objects: references only
        return cls(values)

    def __len__(self) -> int:
        return len(self._values) if self._rows is None else len(self._rows)

    def take(self, rows: np.ndarray) -> TextColumn:
        """The texts at positions ``rows``."""
        rows = np.asarray(rows, dtype=np.int64)
        return TextColumn(self._values, rows if self._rows is None else self._rows[rows])

    def _row(self, i: int) -> int:
        return i if self._rows is None else int(self._rows[i])

    def lengths(self) -> np.ndarray:
        """Characters per text (0 for missing ones)."""
        if isinstance(self._values, pd.Series):
            lengths = self._values.str.len().fillna(0).to_numpy(dtype=np.int64)
            return lengths if self._rows is None else lengths[self._rows]
        return np.fromiter(
            (len(t) if isinstance(t, str) else 0 for t in self.batch(0, len(self), check=False)),
            dtype=np.int64,
            count=len(self),
        )

    def arrow(self, start: int, stop: int):
        """Texts ``start:stop`` as one Arrow ``large_string`` array (missing ones ``""``).

        Only for a Series that pandas stores in Arrow (its ``str`` dtype with pyarrow):
        the texts go to Arrow's compute kernels without becoming Python strings.
        Returns None for any other column.
        """
        if self._chunked is None:
            self._chunked = False
            values = self._values
            if isinstance(values, pd.Series) and (
                getattr(values.dtype, "storage", None) == "pyarrow"
                or isinstance(values.dtype, pd.ArrowDtype)
            ):
                import pyarrow as pa

                data = values.array.__arrow_array__()
                if isinstance(data, pa.Array):
                    data = pa.chunked_array([data])
                if pa.types.is_string(data.type) or pa.types.is_large_string(data.type):
                    self._chunked = data
        if self._chunked is False:
            return None
        import pyarrow as pa

        data = self._chunked
        if self._rows is None:
            part = data.slice(start, stop - start)
        else:
            part = data.take(pa.array(self._rows[start:stop]))
        part = part.combine_chunks() if part.num_chunks != 1 else part.chunk(0)
        if part.null_count:
            part = part.fill_null("")
        return part.cast(pa.large_string()) if pa.types.is_string(part.type) else part

    def batch(self, start: int, stop: int, *, check: bool = True) -> list[str]:
        """Texts ``start:stop`` as Python strings."""
        if isinstance(self._values, pd.Series):
            part = (
                self._values.iloc[start:stop]
                if self._rows is None
                else (self._values.iloc[self._rows[start:stop]])
            )
            out = part.tolist()
        elif self._rows is None:
            out = self._values[start:stop]
        else:
            out = [self._values[i] for i in self._rows[start:stop].tolist()]
        if not check:
            return out
        bad = [k for k, t in enumerate(out) if not isinstance(t, str)]
        if bad:
            out = list(out)
            for k in bad:
                t = out[k]
                if t is None or (np.ndim(t) == 0 and pd.isna(t)):
                    out[k] = ""  # missing text scores 0
                else:
                    raise ScoreError(
                        f"row {self._row(start + k)}: text must be a string, got {type(t).__name__}"
                    )
        return out


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
