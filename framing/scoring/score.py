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

import warnings

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_choice
from framing.codebook import Codebook, resolve_codebook
from framing.codebook.model import language_code
from framing.errors import ScoreError, counted
from framing.scoring import scale as _scale
from framing.scoring.table import (
    NORMALIZE,
    UNITS,
    TextColumn,
    as_articles,
    build_score_table,
    check_result_columns,
    normalize_counts,
    score_frames,
    table_texts,
)
from framing.text import count_tokens, sentences

__all__ = ["score", "matches", "score_frames", "cue_matrix", "frame_counts"]


def cue_matrix(
    texts,
    codebook: str | Codebook | None = None,
    *,
    lang: str | None = None,
    progress=None,
):
    """Sparse document × cue counts: which cues drive each frame score.

    Cues are numbered frame by frame in codebook order; the same pattern in
    two frames is two cues (each frame is matched on its own). ``X @ C`` is
    the document × frame matrix behind :func:`score` (``normalize='count'``):
    match counts times cue weights.

    Parameters
    ----------
    texts : list of str, Series or DataFrame
    codebook : str, Path or Codebook, optional
    lang : str, optional
        The language whose cues are used (default: the codebook's language).

    Returns
    -------
    X : scipy.sparse.csr_matrix, shape (n_texts, n_cues)
        Match counts.
    C : scipy.sparse.csr_matrix, shape (n_cues, n_frames)
        The cue's weight (1 unless the codebook says otherwise) where a cue belongs to a frame.
    cues : list of (frame, pattern)
    n_tokens : numpy.ndarray of int, tokens per text
    """
    from framing.scoring.compiled import compile_codebook

    cb = resolve_codebook(codebook, texts)
    column, _ = table_texts(texts, "text")
    compiled = compile_codebook(cb, lang)
    X, n_tokens = compiled.counts(column, progress=_progress(progress, column))
    cues = [(f.name, p) for f in compiled.codebook.frames for p in f.cues]
    return X, compiled.frame_matrix(), cues, n_tokens


def _progress(progress, texts) -> bool:
    """A bar for more than 20 MB of text, and only on a terminal or in a notebook."""
    from framing._progress import show

    if progress is not None:
        return show(progress)
    return show(None, long=int(TextColumn.of(texts).lengths().sum()) > 20_000_000)


def frame_counts(texts: list[str], cb: Codebook, progress=None, lang: str | None = None):
    """Frame sums of cue weights (n_texts × n_frames) and token counts, in one language's cues.

    With unit weights the sums are match counts. A frame without cues in that
    language gets NaN.
    """
    values, n_tokens, _ = _frame_counts(texts, cb, progress, lang)
    return values, n_tokens


def _frame_counts(texts, cb: Codebook, progress=None, lang: str | None = None):
    """Weighted frame sums, token counts and match counts, in one language's cues."""
    from framing.scoring.compiled import compile_codebook

    compiled = compile_codebook(cb, lang)
    values, present, n_tokens = compiled.frame_sums(texts, progress=_progress(progress, texts))
    missing = [not f.cues for f in compiled.codebook.frames]
    values[:, missing] = np.nan
    present[:, missing] = np.nan
    return values, n_tokens, present


def _language_groups(meta: pd.DataFrame, cb: Codebook):
    """Rows by language: ``[(lang, covered, row indices)]``, and the coverage warning if any.

    A row's language is its ``lang`` value (``'en-GB'`` counts as ``en``); rows
    without one, and every row of a table without a ``lang`` column, use the
    codebook's language.
    """
    n = len(meta)
    if "lang" not in meta.columns or not cb.languages or n == 0:
        message = None
        if "lang" in meta.columns and n and not cb.languages:
            found = sorted({c for c in map(language_code, pd.unique(meta["lang"])) if c})
            if len(found) > 1:
                message = (
                    f"codebook {cb.name!r} declares no language, so its cues are matched in "
                    f"texts in {', '.join(found)} alike; if they are written for one language, "
                    "say which (load_codebook(..., language='en') or 'language:' in the YAML) "
                    "and texts in other languages score NaN"
                )
        return [(None, True, np.arange(n))], message
    raw = meta["lang"].astype(object)
    codes = {v: language_code(v) for v in pd.unique(raw)}
    primary = cb.primary_language
    per_row = raw.map(lambda v: codes[v] or primary).to_numpy(dtype=object)
    groups = []
    for lang in pd.unique(per_row):
        rows = np.flatnonzero(per_row == lang)
        groups.append((lang, cb.covers(lang), rows))
    return groups, _coverage_message(cb, groups)


def _coverage_message(cb: Codebook, groups) -> str | None:
    uncovered = [f"{lang} ({counted(len(rows), 'text')})" for lang, ok, rows in groups if not ok]
    partial = []
    for lang, ok, rows in groups:
        if ok:
            missing = [f.name for f in cb.frames if lang not in f.languages]
            if missing and cb.languages:
                partial.append(f"{', '.join(missing)} in {lang} ({counted(len(rows), 'text')})")
    if not uncovered and not partial:
        return None
    parts = []
    if uncovered:
        parts.append(
            f"codebook {cb.name!r} has no cues in {', '.join(uncovered)}: their scores are NaN"
        )
    if partial:
        parts.append(f"frames without cues in the text's language score NaN: {'; '.join(partial)}")
    return (
        "; ".join(parts)
        + f". The codebook covers {', '.join(cb.languages)}; add cues per language "
        "(see docs/codebook-schema.md) or select the rows in those languages"
    )


def _frame_values(texts: TextColumn, meta: pd.DataFrame, cb: Codebook, progress):
    """Weighted frame sums, match counts and token counts, each row in its language's cues."""
    n = len(texts)
    values = np.full((n, len(cb.frames)), np.nan)
    present = np.full((n, len(cb.frames)), np.nan)
    n_tokens = np.zeros(n, dtype=np.int64)
    groups, message = _language_groups(meta, cb)
    for lang, covered, rows in groups:
        subset = texts if len(rows) == n else texts.take(rows)
        if covered:
            v, t, c = _frame_counts(subset, cb, progress, lang)
            values[rows], present[rows], n_tokens[rows] = v, c, t
        else:
            n_tokens[rows] = [
                count_tokens(t)
                for a in range(0, len(subset), 1000)
                for t in subset.batch(a, min(a + 1000, len(subset)))
            ]
    if message:
        warnings.warn(message, UserWarning, stacklevel=3)
    return values, present, n_tokens


def score(
    data,
    codebook: str | Codebook | None = None,
    *,
    unit: str = "document",
    text_col: str = "text",
    normalize: str = "per_1k",
    progress: bool | None = None,
    n_jobs: int | None = 1,
    agg: str = "share",
) -> pd.DataFrame:
    """Score texts on every frame of a codebook (or of a fitted frame classifier).

    Parameters
    ----------
    data : DataFrame, Series or list of str
        A corpus (:func:`framing.load_corpus`), a sentence table
        (:func:`framing.sentences`), or bare texts. With a ``lang`` column each
        row is matched with the cues of its language; bare texts are in the
        codebook's language. A ``dask.dataframe`` DataFrame or Series gives a
        Dask DataFrame of the same scores (one ``map_partitions`` task per
        partition; needs ``framing[dask]``).
    codebook : str, Path or Codebook, optional
        A bundled name, a YAML path or a loaded codebook. Required unless
        ``data`` declares its codebook (a bundled corpus such as
        ``pow-exchange-2025`` does, and its sentence tables keep it); there is no
        topic-specific default. A fitted :class:`framing.FrameClassifier` in its place
        gives the same table with a probability (0–1) per frame
        (:func:`framing.learn.scoring.score_with_model`).
    unit : {'document', 'sentence'}, default='document'
        ``'sentence'`` splits articles into sentences first (a table that
        already has ``sent_id`` is scored as it is).
    text_col : str, default='text'
    normalize : {'per_1k', 'count', 'binary'}, default='per_1k'
        The sum of the weights of the frame's cue matches per 1,000 tokens,
        that sum itself (the number of matches when every weight is 1), or 1/0
        for any match.
    progress : bool, optional
        Show a tqdm bar (default: only for more than 20 MB of text, and only on a
        terminal or in a notebook).
    n_jobs : int, default=1
        Worker processes (-1: every core). Rows are scored in contiguous blocks
        and put back in order, so the result is identical to ``n_jobs=1``; each
        worker compiles the codebook once and is kept for later calls.
    agg : {'share', 'mean', 'max'}, default='share'
        Only for a sentence-trained classifier scoring documents: a document's value is the
        share of its sentences predicted to carry the frame (default), or the mean or the
        largest sentence probability.

    Returns
    -------
    DataFrame
        One row per input row (per sentence with ``unit='sentence'``): the id
        and metadata columns (documents: not the text; sentences: the sentence
        text too, after ``sent_id``), ``n_tokens`` and one float column per
        frame. A text without tokens scores 0; a text in a language the
        codebook has no cues for scores NaN (one warning says how many).
        ``attrs["framing"]`` holds the provenance.

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
    if hasattr(codebook, "predict_proba"):  # a fitted classifier, not a codebook
        from framing.learn.scoring import score_with_model

        return score_with_model(
            data, codebook, unit=unit, text_col=text_col, agg=agg, normalize=normalize
        )
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
    texts, meta = table_texts(data, text_col)
    check_result_columns(meta, cb.frame_names)
    values, present, n_tokens = _frame_values(texts, meta, cb, progress)
    effective_unit = "sentence" if "sent_id" in meta.columns else "document"
    if effective_unit == "sentence":  # a sentence is short: keep it beside its scores
        meta.insert(meta.columns.get_loc("sent_id") + 1, text_col, texts.batch(0, len(texts)))
    if normalize == "binary":
        normalized = np.where(np.isnan(present), np.nan, present > 0)
    else:
        normalized = normalize_counts(values, n_tokens, normalize)
        normalized[np.isnan(values)] = np.nan  # not measured: never 0
    return build_score_table(
        meta,
        normalized,
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
        With a ``lang`` column, each row is matched with the cues of its
        language (rows in languages the codebook does not cover have no hits,
        and a warning says how many there are).
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
        (character offsets into that row's text), ``match`` (the matched text,
        its surface form), ``lemma`` (the lemmas of the matched words when the
        text's language is matched by lemma, else missing) and ``weight`` (the
        cue's weight). Summing ``weight`` per frame gives
        ``score(..., normalize='count')``; with unit weights that is the number
        of rows.

    Examples
    --------
    >>> matches(["Prisoners were used as bargaining chips."], "pow-exchange")[["frame", "cue", "match"]].values.tolist()
    [['leverage', 'bargaining chip*', 'bargaining chips']]
    """
    if n_jobs != 1 or _scale.is_dask(data):
        return _scale.run("matches", data, codebook, n_jobs=n_jobs, text_col=text_col)
    cb = resolve_codebook(codebook, data)
    texts, meta = table_texts(data, text_col)
    ids = ["doc_id"] + (["sent_id"] if "sent_id" in meta.columns else [])
    hits = _hit_table(texts, meta, cb)
    out = pd.concat(
        [meta[ids].iloc[hits["_row"].to_numpy()].reset_index(drop=True), hits.drop(columns="_row")],
        axis=1,
    )
    return _provenance.write(
        out,
        {
            **_provenance.codebook_record(cb),
            "frames": cb.frame_names,
            "framing_version": _provenance.version(),
        },
    )


_HIT_COLUMNS = ["_row", "frame", "cue", "start", "end", "match", "lemma", "weight"]


def _hit_table(
    texts: TextColumn, meta: pd.DataFrame, cb: Codebook, *, context: int = 0, frames=None
) -> pd.DataFrame:
    """Hits of every row in its language's cues, in row, offset and frame order.

    ``_row`` indexes ``texts``; with ``context``, ``left`` and ``right`` hold up to
    ``context`` words of text before and after the match. ``frames`` (names)
    restricts the frames reported.
    """
    from framing.scoring.compiled import compile_codebook

    groups, message = _language_groups(meta, cb)
    if message:
        warnings.warn(message, UserWarning, stacklevel=3)
    wanted = None if frames is None else [cb.frame_names.index(f) for f in frames]
    parts = []
    for lang, covered, rows in groups:
        if not covered:
            continue
        compiled = compile_codebook(cb, lang)
        subset = texts if len(rows) == len(texts) else texts.take(rows)
        h = compiled.hits(subset, context=context)
        keep = np.ones(len(h["row"]), dtype=bool) if wanted is None else np.isin(h["frame"], wanted)
        row = rows[h["row"][keep]]
        start, end = h["start"][keep], h["end"][keep]
        table = {
            "_row": row,
            "frame": np.asarray(cb.frame_names, dtype=object)[h["frame"][keep]],
            "cue": np.asarray(compiled.patterns + [""], dtype=object)[h["cue"][keep]],
            "start": start,
            "end": end,
            "match": np.asarray(h["match"], dtype=object)[keep],
            "lemma": (
                np.asarray(h["lemma"], dtype=object)[keep] if "lemma" in h else [None] * len(row)
            ),
            "weight": compiled.weights[h["cue"][keep]] if len(row) else np.zeros(0),
        }
        if context:
            table["left"] = np.asarray(h["left"], dtype=object)[keep]
            table["right"] = np.asarray(h["right"], dtype=object)[keep]
        parts.append(pd.DataFrame(table))
    columns = _HIT_COLUMNS + (["left", "right"] if context else [])
    if not parts:
        out = pd.DataFrame({c: [] for c in columns})
    else:
        out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if len(parts) > 1:
            order = {n: k for k, n in enumerate(cb.frame_names)}
            out = (
                out.assign(_f=out["frame"].map(order))
                .sort_values(["_row", "start", "_f"], kind="stable")
                .drop(columns="_f")
                .reset_index(drop=True)
            )
    for c in ("_row", "start", "end"):
        out[c] = out[c].astype(np.int64)
    out["weight"] = out["weight"].astype(float)
    for c in ["frame", "cue", "match", "lemma"] + (["left", "right"] if context else []):
        out[c] = out[c].astype(object)
    return out[columns]
