"""Training data for learned measures: texts, 0/1 labels per frame (NaN = not coded), groups.

One place turns what a user has (a coding table, a list of texts with a label table, a 0/1
array with frame names) into aligned arrays, and says exactly what is wrong when they do
not fit: lengths, values other than 0/1, ids that disagree row by row. Partial coding is
kept: a missing label leaves that unit out *for that frame only*.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing import _provenance
from framing.errors import CodingError, counted
from framing.scoring.table import texts_of
from framing.text.tokens import TOKEN_RX

__all__ = ["TrainingData", "training_data", "unit_texts", "ID_COLUMNS"]

#: Columns of a coding table that identify units or coders, never frames.
ID_COLUMNS = ("doc_id", "sent_id", "unit", "coder", "text", "start", "end", "n_tokens")

#: Median length (tokens) up to which texts without ``sent_id`` are taken for sentences.
SENTENCE_TOKENS = 60


@dataclass(frozen=True)
class TrainingData:
    """Aligned training data.

    Attributes
    ----------
    texts : list of str
    labels : ndarray of float, shape (n_texts, n_frames)
        1.0, 0.0 or NaN (not coded for that frame).
    frames : list of str
    groups : ndarray
        One group label per text (the article of a sentence; the text itself when
        there is no grouping).
    unit : {'sentence', 'document'}
        What the texts are: a table with ``sent_id`` holds sentences; otherwise
        texts of at most :data:`SENTENCE_TOKENS` tokens (median) are taken for sentences.
    languages : list of str
        The languages of the texts (:func:`training_languages`).
    """

    texts: list[str]
    labels: np.ndarray
    frames: list[str]
    groups: np.ndarray
    unit: str
    languages: list[str]

    def sha256(self) -> str:
        """Content hash of the texts, frames and labels (order-sensitive)."""
        h = hashlib.sha256()
        for text in self.texts:
            h.update(text.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        h.update("\x1f".join(self.frames).encode("utf-8"))
        h.update(np.ascontiguousarray(np.nan_to_num(self.labels, nan=-1.0)).tobytes())
        return h.hexdigest()


def unit_texts(data) -> tuple[list[str], pd.DataFrame]:
    """Texts of ``data`` (list of str, Series, or a table with ``text``) and its id frame."""
    return texts_of(data, "text")


def _guess_unit(meta: pd.DataFrame, texts: list[str]) -> str:
    if "sent_id" in meta.columns:
        return "sentence"
    if not texts:
        return "document"
    lengths = [len(TOKEN_RX.findall(t)) for t in texts[:2000]]
    return "sentence" if float(np.median(lengths)) <= SENTENCE_TOKENS else "document"


def _frames_of_table(labels: pd.DataFrame, frames) -> list[str]:
    if frames is not None:
        chosen = [frames] if isinstance(frames, str) else list(frames)
        missing = [f for f in chosen if f not in labels.columns]
        if missing:
            raise CodingError(
                f"the labels have no column(s) {missing}; columns: {list(map(str, labels.columns))}"
            )
        return chosen
    recorded = _provenance.read(labels).get("frames")
    if recorded and all(f in labels.columns for f in recorded):
        return list(recorded)
    chosen = [c for c in labels.columns if c not in ID_COLUMNS]
    if not chosen:
        raise CodingError(
            "the labels have no frame columns (only ids and text); give one 0/1 column per "
            "frame, e.g. load_reference_coding() or read_coding_sheet() output"
        )
    return chosen


def _label_matrix(labels: pd.DataFrame, frames: list[str]) -> np.ndarray:
    out = np.empty((len(labels), len(frames)), dtype=float)
    for j, frame in enumerate(frames):
        column = labels[frame]
        values = pd.to_numeric(column.astype("object").where(column.notna()), errors="coerce")
        bad = column.notna() & ~values.isin([0, 1])
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise CodingError(
                f"label column {frame!r}, row {row}: {column.iloc[row]!r} is not 0 or 1. Labels "
                "are 0/1 per frame (NaN = not coded); if this column is not a frame, pass "
                "frames=[...] naming the frame columns"
            )
        out[:, j] = values.to_numpy(dtype=float, na_value=np.nan)
    return out


def _check_aligned(meta: pd.DataFrame, labels: pd.DataFrame) -> None:
    keys = [k for k in ("doc_id", "sent_id") if k in meta.columns and k in labels.columns]
    if not keys:
        return
    left = meta[keys].astype(str).to_numpy()
    right = labels[keys].astype(str).to_numpy()
    differ = np.flatnonzero((left != right).any(axis=1))
    if len(differ):
        i = int(differ[0])
        raise CodingError(
            f"texts and labels are not in the same order: row {i} is {dict(zip(keys, left[i], strict=True))} "
            f"in the texts but {dict(zip(keys, right[i], strict=True))} in the labels; align them first, e.g. "
            f"texts.merge(labels, on={keys})"
        )


def _groups(groups, meta: pd.DataFrame, n: int) -> np.ndarray:
    if groups is None:
        if "doc_id" in meta.columns and "sent_id" in meta.columns:
            return meta["doc_id"].astype(str).to_numpy()
        return np.arange(n).astype(str)
    if isinstance(groups, str):
        if groups not in meta.columns:
            raise CodingError(
                f"groups={groups!r} is not a column of the texts; columns: "
                f"{list(map(str, meta.columns))}"
            )
        values = meta[groups]
    else:
        values = pd.Series(np.asarray(groups, dtype=object).ravel())
    if len(values) != n:
        raise CodingError(f"groups has {len(values)} values for {counted(n, 'text')}")
    if values.isna().any():
        raise CodingError(
            f"groups has missing values (row {int(np.flatnonzero(values.isna())[0])}); give "
            "every unit its article id"
        )
    return values.astype(str).to_numpy()


def training_data(texts, labels=None, *, frames=None, groups=None) -> TrainingData:
    """Check and align texts, labels and groups.

    ``labels`` is a DataFrame with one 0/1 column per frame (NaN = not coded), a Series
    (one frame, named by the Series), a 2-D 0/1 array with ``frames=``, or None when
    ``texts`` is a coding table that holds the frame columns itself. ``groups`` defaults
    to ``doc_id`` for a sentence table (``doc_id`` and ``sent_id``), else one group per text.
    """
    if labels is None:
        if not isinstance(texts, pd.DataFrame):
            raise CodingError(
                "no labels given: pass labels= (a DataFrame with one 0/1 column per frame, or a "
                "0/1 array with frames=), or a coding table that holds text and frame columns"
            )
        labels = texts
    text_list, meta = unit_texts(texts)
    n = len(text_list)
    if n == 0:
        raise CodingError("no texts to learn from (0 rows)")
    if isinstance(labels, pd.Series):
        labels = labels.to_frame(name=labels.name if labels.name is not None else "frame")
    if isinstance(labels, pd.DataFrame):
        if labels.columns.duplicated().any():
            raise CodingError("the labels have duplicate column names; make them unique")
        frame_names = _frames_of_table(labels, frames)
        if len(labels) != n:
            raise CodingError(
                f"{counted(n, 'text')} but {counted(len(labels), 'label row')}; give one label "
                "row per text, in the same order"
            )
        if isinstance(texts, pd.DataFrame) and labels is not texts:
            _check_aligned(meta, labels.reset_index(drop=True))
        matrix = _label_matrix(labels.reset_index(drop=True), frame_names)
    else:
        try:
            matrix = np.asarray(labels, dtype=float)
        except (TypeError, ValueError):
            raise CodingError(
                "labels must be a DataFrame with one 0/1 column per frame or a 2-D 0/1 array"
            ) from None
        if matrix.ndim == 1:
            matrix = matrix[:, None]
        if matrix.ndim != 2:
            raise CodingError(f"labels must be 2-D (texts × frames), got {matrix.ndim} dimensions")
        if frames is None:
            raise CodingError(
                "labels is an array: pass frames=[...] naming its columns, e.g. "
                "frames=['conflict', 'economic']"
            )
        frame_names = [frames] if isinstance(frames, str) else [str(f) for f in frames]
        if len(frame_names) != matrix.shape[1]:
            raise CodingError(
                f"frames names {len(frame_names)} frames but labels has {matrix.shape[1]} columns"
            )
        if matrix.shape[0] != n:
            raise CodingError(
                f"{counted(n, 'text')} but {counted(matrix.shape[0], 'label row')}; give one "
                "label row per text, in the same order"
            )
        bad = ~np.isnan(matrix) & ~np.isin(matrix, (0.0, 1.0))
        if bad.any():
            i, j = map(int, np.argwhere(bad)[0])
            raise CodingError(
                f"labels row {i}, frame {frame_names[j]!r}: {matrix[i, j]!r} is not 0 or 1"
            )
    if len(set(frame_names)) != len(frame_names):
        raise CodingError(f"frame names repeat: {frame_names}")
    return TrainingData(
        texts=text_list,
        labels=matrix,
        frames=list(map(str, frame_names)),
        groups=_groups(groups, meta, n),
        unit=_guess_unit(meta, text_list),
        languages=training_languages(text_list, meta),
    )


#: Texts whose language is identified when a training table has no ``lang`` column.
_IDENTIFIED = 200
#: Share of those texts a language needs to count as a training language.
_LANGUAGE_SHARE = 0.05


def training_languages(texts: list[str], meta: pd.DataFrame) -> list[str]:
    """The languages a model learns from: a ``lang`` column's codes, else identified ones.

    Without a ``lang`` column, up to 200 texts spread over the training set are identified
    offline (:func:`framing.text.langid.identify_language`); a language counts when it
    holds at least 5 % of the identified texts (short texts are often misidentified).
    """
    from framing.codebook.model import language_code

    if "lang" in meta.columns:
        codes = [language_code(v) for v in meta["lang"]]
        return sorted({c for c in codes if c})
    from framing.text.langid import identify_language

    picked = [
        texts[i] for i in np.linspace(0, len(texts) - 1, min(len(texts), _IDENTIFIED)).astype(int)
    ]
    found = identify_language(picked)["lang"]
    found = found[found != "und"]
    if found.empty:
        return []
    shares = found.value_counts(normalize=True)
    return sorted(shares.index[shares >= _LANGUAGE_SHARE])
