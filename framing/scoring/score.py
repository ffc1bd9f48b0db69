"""Dictionary scoring: ``score``, ``matches`` and ``cue_matrix``.

The codebook is compiled once per content hash (:func:`framing.scoring.compiled.compile_codebook`)
and texts are matched on integer streams without a per-token Python loop; the
matches fill a sparse document × cue matrix that a cue × frame matrix turns
into frame counts; counts per 1,000 tokens are the default score.
:func:`matches` reports each hit with its offsets, by the rules of
:mod:`framing.codebook.matching`. Every result records
the codebook's name, version and sha256, the framing version, the unit and
the parameters in ``DataFrame.attrs["framing"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from framing import _provenance
from framing._validation import check_choice
from framing.codebook import Codebook, resolve_codebook
from framing.errors import ScoreError
from framing.scoring import scale as _scale
from framing.scoring.table import (
    NORMALIZE,
    UNITS,
    as_articles,
    build_score_table,
    check_result_columns,
    normalize_counts,
    score_frames,
    texts_of,
)
from framing.text import sentences

__all__ = ["score", "matches", "score_frames", "cue_matrix", "frame_counts"]


def cue_matrix(texts: list[str], codebook: str | Codebook | None = None, *, progress=None):
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
    cb = resolve_codebook(codebook, texts)
    texts, _ = texts_of(texts, "text")
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
    from framing._progress import show
    from framing.scoring.compiled import compile_codebook

    progress = show(progress, long=sum(map(len, texts)) > 20_000_000)
    return compile_codebook(cb).counts(texts, progress=progress)


def frame_counts(texts: list[str], cb: Codebook, progress=None):
    """Frame match counts (n_texts × n_frames) and token counts."""
    X, n_tokens = _cue_counts(texts, cb, progress)
    return (X @ _cue_frame_matrix(cb)).toarray(), n_tokens


def score(
    data,
    codebook: str | Codebook | None = None,
    *,
    unit: str = "document",
    text_col: str = "text",
    normalize: str = "per_1k",
    progress: bool | None = None,
    n_jobs: int | None = 1,
) -> pd.DataFrame:
    """Score texts on every frame of a codebook.

    Parameters
    ----------
    data : DataFrame, Series or list of str
        A corpus (:func:`framing.load_corpus`), a sentence table
        (:func:`framing.sentences`), or bare texts. A ``dask.dataframe``
        DataFrame or Series gives a Dask DataFrame of the same scores (one
        ``map_partitions`` task per partition; needs ``framing[dask]``).
    codebook : str, Path or Codebook, optional
        A bundled name, a YAML path or a loaded codebook. Required unless
        ``data`` declares its codebook (a bundled corpus such as
        ``pow-exchange-2025`` does, and its sentence tables keep it); there is no
        topic-specific default.
    unit : {'document', 'sentence'}, default='document'
        ``'sentence'`` splits articles into sentences first (a table that
        already has ``sent_id`` is scored as it is).
    text_col : str, default='text'
    normalize : {'per_1k', 'count', 'binary'}, default='per_1k'
        Cue matches per 1,000 tokens, raw match counts, or 1/0 presence.
    progress : bool, optional
        Show a tqdm bar (default: only for more than 20 MB of text, and only on a
        terminal or in a notebook).
    n_jobs : int, default=1
        Worker processes (-1: every core). Rows are scored in contiguous blocks
        and put back in order, so the result is identical to ``n_jobs=1``; each
        worker compiles the codebook once and is kept for later calls.

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
    if n_jobs != 1 or _scale.is_dask(data):  # worker processes, or a Dask graph
        return _scale.run(
            "score", data, codebook, n_jobs=n_jobs,
            unit=unit, text_col=text_col, normalize=normalize, progress=progress,
        )  # fmt: skip
    check_choice("unit", unit, UNITS)
    check_choice("normalize", normalize, NORMALIZE)
    cb = resolve_codebook(codebook, data)
    if unit == "sentence" and not (isinstance(data, pd.DataFrame) and "sent_id" in data.columns):
        data = as_articles(data, text_col)
        if text_col not in data.columns:
            raise ScoreError(f"no text column {text_col!r}; pass text_col=")
        data = sentences(data, text_col=text_col)
        text_col = "text"
    texts, meta = texts_of(data, text_col)
    check_result_columns(meta, cb.frame_names)
    counts, n_tokens = frame_counts(texts, cb, progress)
    effective_unit = "sentence" if "sent_id" in meta.columns else "document"
    return build_score_table(
        meta,
        normalize_counts(counts, n_tokens, normalize),
        cb.frame_names,
        n_tokens,
        {
            **_provenance.codebook_record(cb),
            "unit": effective_unit,
            "params": {"normalize": normalize, "text_col": text_col, "unit": unit},
        },
    )


def matches(
    data,
    codebook: str | Codebook | None = None,
    *,
    text_col: str = "text",
    n_jobs: int | None = 1,
) -> pd.DataFrame:
    """Every cue hit behind the scores.

    Parameters
    ----------
    data : DataFrame, Series or list of str
    codebook : str, Path or Codebook, optional
        As in :func:`score`: required unless ``data`` declares its codebook.
    text_col : str, default='text'
    n_jobs : int, default=1
        Worker processes, as in :func:`score`; the hits are the same and in the
        same order as with ``n_jobs=1``.

    Returns
    -------
    DataFrame
        One row per counted match: ``doc_id`` (and ``sent_id`` when the input
        has it), ``frame``, ``cue`` (the codebook pattern), ``start``, ``end``
        (character offsets into that row's text) and ``match`` (the matched
        text). Counting its rows per frame gives ``score(..., normalize='count')``.

    Examples
    --------
    >>> matches(["Prisoners were used as bargaining chips."], "pow-exchange")[["frame", "cue", "match"]].values.tolist()
    [['leverage', 'bargaining chip*', 'bargaining chips']]
    """
    if n_jobs != 1 or _scale.is_dask(data):
        return _scale.run("matches", data, codebook, n_jobs=n_jobs, text_col=text_col)
    cb = resolve_codebook(codebook, data)
    texts, meta = texts_of(data, text_col)
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
    return _provenance.write(
        out,
        {
            **_provenance.codebook_record(cb),
            "frames": cb.frame_names,
            "framing_version": _provenance.version(),
        },
    )
