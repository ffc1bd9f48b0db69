"""Dictionary scoring: ``score``, ``matches`` and the ``FrameVectorizer`` transformer.

The codebook is compiled once (one regular expression per frame, see
:mod:`framing.matching`); every text is scanned by the regex engine, so the
Python work grows with the number of cue *matches*, not tokens. Matches fill a
sparse document × cue matrix that a cue × frame matrix turns into frame
counts; counts per 1,000 tokens are the default score. Every result records
the codebook's name, version and sha256, the framing version, the unit and
the parameters in ``DataFrame.attrs["framing"]``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from .codebook import Codebook, load_codebook
from .errors import DataError, ScoreError
from .text import _TOKEN_RX, sentences

__all__ = ["score", "matches", "FrameVectorizer", "score_frames", "cue_matrix"]

_UNITS = ("document", "sentence")
_NORMALIZE = ("per_1k", "count", "binary")


def _version() -> str:
    from . import __version__

    return __version__


def _texts_of(data, text_col: str) -> tuple[list[str], pd.DataFrame]:
    """Texts plus the id/metadata frame that the result keeps."""
    if isinstance(data, str):
        raise ScoreError(
            "score() got a single string; wrap it in a list (['text']) or pass a DataFrame"
        )
    if isinstance(data, pd.DataFrame):
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
    elif isinstance(data, Iterable):
        texts = list(data)
        meta = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))]})
    else:
        raise ScoreError(
            f"cannot score a {type(data).__name__}; pass a DataFrame, Series or list of str"
        )
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            if t is None or (isinstance(t, float) and np.isnan(t)):
                texts[i] = ""
            else:
                raise ScoreError(f"row {i}: text must be a string, got {type(t).__name__}")
    return texts, meta


def cue_matrix(texts: list[str], codebook: Codebook, *, progress: bool | None = None):
    """Sparse document × cue count matrix and the cue × frame indicator matrix.

    Cues are numbered frame by frame in codebook order; the same pattern in
    two frames is two cues (each frame is matched on its own).

    Returns
    -------
    X : scipy.sparse.csr_matrix, shape (n_texts, n_cues)
    C : scipy.sparse.csr_matrix, shape (n_cues, n_frames)
    cues : list of (frame, pattern)
    """
    matchers = [f.matcher for f in codebook.frames]
    offsets = np.cumsum([0] + [len(m.patterns) for m in matchers])
    cues = [(f.name, p) for f, m in zip(codebook.frames, matchers, strict=True) for p in m.patterns]
    rows: list[int] = []
    cols: list[int] = []
    iterator: Iterable = enumerate(texts)
    if progress is None:
        progress = sum(map(len, texts)) > 20_000_000
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(iterator, total=len(texts), desc="scoring", unit="doc")
    for i, text in iterator:
        if not text:
            continue
        for off, m in zip(offsets, matchers, strict=False):
            if m._ex is None:
                # fast path: group numbers straight from the regex engine
                g2p = m._group_to_pattern
                for mt in m._rx.finditer(text):
                    cols.append(off + g2p[mt.lastindex])
                    rows.append(i)
            else:
                for _, _, j in m.finditer_indices(text):
                    cols.append(off + j)
                    rows.append(i)
    X = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(texts), len(cues))
    )
    X.sum_duplicates()
    frame_idx = np.repeat(np.arange(len(matchers)), np.diff(offsets))
    C = sparse.csr_matrix(
        (np.ones(len(cues), dtype=np.int64), (np.arange(len(cues)), frame_idx)),
        shape=(len(cues), len(matchers)),
    )
    return X, C, cues


def _cue_frame_matrix(codebook: Codebook):
    sizes = [len(f.matcher.patterns) for f in codebook.frames]
    frame_idx = np.repeat(np.arange(len(sizes)), sizes)
    return sparse.csr_matrix(
        (np.ones(len(frame_idx), dtype=np.int64), (np.arange(len(frame_idx)), frame_idx)),
        shape=(len(frame_idx), len(sizes)),
    )


def _frame_counts(texts: list[str], codebook: Codebook, progress=None):
    """Frame match counts (n_texts × n_frames) and token counts, via the fast path."""
    from ._vectorized import CompiledCodebook

    if progress is None:
        progress = sum(map(len, texts)) > 20_000_000
    X, n_tokens = CompiledCodebook(codebook).counts(texts, progress=progress)
    return np.asarray((X @ _cue_frame_matrix(codebook)).todense()), n_tokens


def _n_tokens(texts: list[str]) -> np.ndarray:
    findall = _TOKEN_RX.findall
    return np.fromiter((len(findall(t)) for t in texts), dtype=np.int64, count=len(texts))


def _normalize(counts: np.ndarray, n_tokens: np.ndarray, how: str) -> np.ndarray:
    if how == "count":
        return counts.astype(float)
    if how == "binary":
        return (counts > 0).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = counts * 1000.0 / n_tokens[:, None]
    out[n_tokens == 0] = 0.0
    return out


def score(
    data,
    codebook: str | Codebook = "pow-exchange",
    *,
    unit: str = "document",
    text_col: str = "text",
    normalize: str = "per_1k",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Score texts on every frame of a codebook.

    Parameters
    ----------
    data : DataFrame, Series or list of str
        A corpus (:func:`framing.load_corpus`), a sentence table
        (:func:`framing.sentences`), or bare texts.
    codebook : str or Codebook, default='pow-exchange'
        A bundled name, a YAML path or a loaded codebook.
    unit : {'document', 'sentence'}, default='document'
        ``'sentence'`` splits articles into sentences first (a table that
        already has ``sent_id`` is scored as it is).
    text_col : str, default='text'
    normalize : {'per_1k', 'count', 'binary'}, default='per_1k'
        Cue matches per 1,000 tokens, raw match counts, or 1/0 presence.
    progress : bool, optional
        Show a tqdm bar (default: only for more than 20 MB of text).

    Returns
    -------
    DataFrame
        One row per input row (per sentence with ``unit='sentence'``): the id
        and metadata columns (not the text), ``n_tokens`` and one float column
        per frame. A text without tokens scores 0. ``attrs["framing"]`` holds
        the provenance.

    See Also
    --------
    matches : the cue hits behind every score.
    FrameVectorizer : the same scores as a scikit-learn transformer.

    Examples
    --------
    >>> s = score(["Talks resumed in Istanbul with Turkish mediators."], "pow-exchange")
    >>> bool(s.loc[0, "diplomacy"] > 0)
    True
    """
    if unit not in _UNITS:
        raise ScoreError(f"unit must be 'document' or 'sentence', not {unit!r}")
    if normalize not in _NORMALIZE:
        raise ScoreError(f"normalize must be one of {', '.join(_NORMALIZE)}, not {normalize!r}")
    cb = load_codebook(codebook)
    if unit == "sentence" and isinstance(data, pd.DataFrame) and "sent_id" not in data.columns:
        if text_col not in data.columns:
            raise ScoreError(f"no text column {text_col!r}; pass text_col=")
        data = sentences(data, text_col=text_col)
        text_col = "text"
    elif unit == "sentence" and not isinstance(data, pd.DataFrame):
        raise ScoreError("unit='sentence' needs an article DataFrame (see framing.load_corpus)")
    texts, meta = _texts_of(data, text_col)
    counts, n_tokens = _frame_counts(texts, cb, progress)
    values = _normalize(counts, n_tokens, normalize)
    frames = pd.DataFrame(values, columns=cb.frame_names)
    out = pd.concat([meta, pd.DataFrame({"n_tokens": n_tokens}), frames], axis=1)
    effective_unit = "sentence" if "sent_id" in out.columns else "document"
    out.attrs["framing"] = {
        **cb.provenance(),
        "frames": cb.frame_names,
        "unit": effective_unit,
        "framing_version": _version(),
        "params": {"normalize": normalize, "text_col": text_col, "unit": unit},
    }
    return out


def matches(
    data, codebook: str | Codebook = "pow-exchange", *, text_col: str = "text"
) -> pd.DataFrame:
    """Every cue hit behind the scores.

    Returns
    -------
    DataFrame
        One row per counted match: ``doc_id`` (and ``sent_id`` when the input
        has it), ``frame``, ``cue`` (the codebook pattern), ``start``, ``end``
        (character offsets into that row's text) and ``match`` (the matched
        text). Counting its rows per frame gives ``score(..., normalize='count')``.

    Examples
    --------
    >>> matches(["Prisoners were used as bargaining chips."])[["frame", "cue", "match"]].values.tolist()
    [['leverage', 'bargaining chip*', 'bargaining chips']]
    """
    cb = load_codebook(codebook)
    texts, meta = _texts_of(data, text_col)
    ids = ["doc_id"] + (["sent_id"] if "sent_id" in meta.columns else [])
    recs = []
    for i, text in enumerate(texts):
        for f in cb.frames:
            for s, e, p in f.matcher.finditer(text):
                recs.append((i, f.name, p, s, e, text[s:e]))
    hits = pd.DataFrame(recs, columns=["_row", "frame", "cue", "start", "end", "match"])
    out = pd.concat(
        [meta[ids].iloc[hits["_row"].to_numpy()].reset_index(drop=True), hits.drop(columns="_row")],
        axis=1,
    )
    order = {n: k for k, n in enumerate(cb.frame_names)}
    out = (
        out.assign(_f=out["frame"].map(order), _r=hits["_row"])
        .sort_values(["_r", "start", "_f"], kind="stable")
        .drop(columns=["_f", "_r"])
        .reset_index(drop=True)
    )
    out[["start", "end"]] = out[["start", "end"]].astype(np.int64)
    out.attrs["framing"] = {
        **cb.provenance(),
        "frames": cb.frame_names,
        "framing_version": _version(),
    }
    return out


def score_frames(scores: pd.DataFrame, frames: Iterable[str] | None = None) -> list[str]:
    """The frame columns of a score table.

    ``frames`` wins when given (each must be a column); otherwise the frames
    recorded by :func:`score` in ``attrs["framing"]``.
    """
    if frames is not None:
        frames = [frames] if isinstance(frames, str) else list(frames)
        missing = [f for f in frames if f not in scores.columns]
        if missing:
            raise DataError(
                f"frames {missing} are not columns of the table; columns: {', '.join(map(str, scores.columns))}"
            )
        return frames
    recorded = scores.attrs.get("framing", {}).get("frames")
    if not recorded:
        raise DataError(
            "the table does not say which columns are frames (no attrs['framing']['frames']: "
            "pandas drops attrs in some operations); pass frames=[...]"
        )
    missing = [f for f in recorded if f not in scores.columns]
    if missing:
        raise DataError(f"frame columns {missing} are missing from the table; pass frames=[...]")
    return list(recorded)


class FrameVectorizer(TransformerMixin, BaseEstimator):
    """Frame scores as a scikit-learn transformer.

    Parameters
    ----------
    codebook : str or Codebook, default='pow-exchange'
    normalize : {'per_1k', 'count', 'binary'}, default='per_1k'

    Attributes
    ----------
    codebook_ : Codebook
        The loaded codebook.
    feature_names_in_ : not set (the input is text).

    Examples
    --------
    >>> vec = FrameVectorizer(normalize="count")
    >>> vec.fit_transform(["Mediators in Istanbul hosted the talks."]).shape
    (1, 7)
    """

    _parameter_constraints: dict = {"codebook": [str, Codebook], "normalize": [str]}

    def __init__(self, codebook: str | Codebook = "pow-exchange", *, normalize: str = "per_1k"):
        self.codebook = codebook
        self.normalize = normalize

    def fit(self, raw_documents, y=None):
        if self.normalize not in _NORMALIZE:
            raise ScoreError(
                f"normalize must be one of {', '.join(_NORMALIZE)}, not {self.normalize!r}"
            )
        self.codebook_ = load_codebook(self.codebook)
        return self

    def transform(self, raw_documents) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "codebook_")
        if isinstance(raw_documents, str):
            raise ScoreError("Iterable over raw text documents expected, string object received.")
        texts, _ = _texts_of(list(raw_documents), "text")
        counts, n_tokens = _frame_counts(texts, self.codebook_)
        return _normalize(counts, n_tokens, self.normalize)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "codebook_")
        return np.asarray(self.codebook_.frame_names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
