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

from .codebook import Codebook, load_codebook
from .errors import DataError, ScoreError
from .text import sentences

__all__ = ["score", "matches", "score_frames", "cue_matrix"]

_UNITS = ("document", "sentence")
_NORMALIZE = ("per_1k", "count", "binary")


def _version() -> str:
    from . import __version__

    return __version__


def _texts_of(data, text_col: str) -> tuple[list[str], pd.DataFrame]:
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


def _as_articles(data, text_col: str) -> pd.DataFrame:
    """A Series or list of texts as an article table, for sentence splitting."""
    if isinstance(data, pd.DataFrame):
        return data
    texts, meta = _texts_of(data, text_col)
    return meta.assign(**{text_col: texts})


def cue_matrix(texts: list[str], codebook: str | Codebook = "pow-exchange", *, progress=None):
    """Sparse document × cue counts: which cues drive each frame score.

    Cues are numbered frame by frame in codebook order; the same pattern in
    two frames is two cues (each frame is matched on its own). ``X @ C`` is
    the document × frame count matrix behind :func:`score`.

    Returns
    -------
    X : scipy.sparse.csr_matrix, shape (n_texts, n_cues)
    C : scipy.sparse.csr_matrix, shape (n_cues, n_frames), 1 where a cue belongs to a frame
    cues : list of (frame, pattern)
    n_tokens : numpy.ndarray of int, tokens per text
    """
    cb = load_codebook(codebook)
    texts, _ = _texts_of(texts, "text")
    X, n_tokens = _cue_counts(texts, cb, progress)
    cues = [(f.name, p) for f in cb.frames for p in f.matcher.patterns]
    return X, _cue_frame_matrix(cb), cues, n_tokens


def _cue_frame_matrix(cb: Codebook):
    """Cue × frame indicator matrix (cues are numbered frame by frame)."""
    sizes = [len(f.matcher.patterns) for f in cb.frames]
    frame_idx = np.repeat(np.arange(len(sizes)), sizes)
    return sparse.csr_matrix(
        (np.ones(len(frame_idx), dtype=np.int64), (np.arange(len(frame_idx)), frame_idx)),
        shape=(len(frame_idx), len(sizes)),
    )


def _cue_counts(texts: list[str], cb: Codebook, progress=None):
    """Document × cue counts and token counts of already-checked texts (the fast path)."""
    from ._vectorized import CompiledCodebook

    if progress is None:
        progress = sum(map(len, texts)) > 20_000_000
    return CompiledCodebook(cb).counts(texts, progress=progress)


def _frame_counts(texts: list[str], cb: Codebook, progress=None):
    """Frame match counts (n_texts × n_frames) and token counts."""
    X, n_tokens = _cue_counts(texts, cb, progress)
    return (X @ _cue_frame_matrix(cb)).toarray(), n_tokens


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
    framing.FrameVectorizer : the same scores as a scikit-learn transformer.

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
    if unit == "sentence" and not (isinstance(data, pd.DataFrame) and "sent_id" in data.columns):
        data = _as_articles(data, text_col)
        if text_col not in data.columns:
            raise ScoreError(f"no text column {text_col!r}; pass text_col=")
        data = sentences(data, text_col=text_col)
        text_col = "text"
    texts, meta = _texts_of(data, text_col)
    clash = [c for c in [*cb.frame_names, "n_tokens"] if c in meta.columns]
    if clash:
        raise ScoreError(
            f"the table already has columns named like the results ({', '.join(clash)}), e.g. a "
            "human coding or earlier scores; drop or rename them first, e.g. "
            "data[['doc_id', 'sent_id', 'text']]"
        )
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
