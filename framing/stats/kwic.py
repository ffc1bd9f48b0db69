"""Keywords in context: the passages behind a number, with the codebook's cue semantics."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_int
from framing.errors import DataError

if TYPE_CHECKING:
    from framing.codebook import Codebook

__all__ = ["kwic"]


def kwic(
    corpus: pd.DataFrame,
    pattern: str | Sequence[str] | None = None,
    *,
    window: int = 8,
    frame: str | None = None,
    codebook: str | Codebook | None = None,
    text_col: str = "text",
) -> pd.DataFrame:
    """Keywords in context: every match of a pattern, or of a frame's cues, with its surroundings.

    Parameters
    ----------
    corpus : DataFrame
        Articles (from :func:`framing.load_corpus`) or sentences, with ``doc_id`` and
        ``text_col``.
    pattern : str or list of str, optional
        Cue pattern(s) with the codebook's semantics (:mod:`framing.codebook.matching`): case-
        insensitive whole tokens, ``*`` for any word characters, ``?`` for one,
        multi-word cues across spaces or hyphens, leftmost-longest without overlaps.
    window : int, default=8
        Tokens of context on each side (0 for none).
    frame : str, optional
        Show every cue of this codebook frame instead of ``pattern``, with the frame's
        ``exclude`` patterns applied, exactly as :func:`framing.score` counts them.
    codebook : str or Codebook, optional
        Codebook for ``frame`` (name, path or object); required with ``frame`` unless
        ``corpus`` declares its codebook (a bundled corpus does).
    text_col : str, default='text'
        Column holding the text.

    Returns
    -------
    DataFrame
        One row per match, in corpus order, with columns ``doc_id`` (and ``sent_id``
        when the corpus has one), ``outlet`` (when the corpus has one), ``left``,
        ``match``, ``right`` (context with whitespace collapsed to single spaces),
        ``start``, ``end`` (character offsets of the match in that row's text) and,
        when ``frame`` is given, ``frame`` and ``cue`` (the codebook pattern that matched).
        No match, or an empty corpus (0 rows), gives an empty table with these columns.

    Raises
    ------
    DataError
        Neither or both of ``pattern`` and ``frame``, an invalid pattern, an unknown
        frame, missing columns, negative ``window``.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> corpus = pd.DataFrame({
    ...     "doc_id": ["d1"], "outlet": ["A"],
    ...     "text": ["Kyiv says the prisoners are not a bargaining chip in any talks."],
    ... })
    >>> framing.kwic(corpus, "bargaining chip*", window=3)[["left", "match", "right"]]
            left            match         right
    0  are not a  bargaining chip  in any talks
    """
    from framing.scoring.score import _hit_table
    from framing.scoring.table import table_texts

    # Unlike the statistics, an empty corpus is fine here: it has no matches to show.
    if not isinstance(corpus, pd.DataFrame):
        raise DataError(
            f"corpus must be a pandas DataFrame, got {type(corpus).__name__}; "
            "pass the table returned by framing.load_corpus() or framing.sentences()"
        )
    for col in ("doc_id", text_col):
        if col not in corpus.columns:
            raise DataError(
                f"column {col!r} is not in the corpus (columns: {list(map(str, corpus.columns))}); "
                "kwic needs doc_id and the text column (text_col=)"
            )
    window = check_int("window", window, 0)
    if (pattern is None) == (frame is None):
        raise DataError("give exactly one of pattern= (cue patterns) or frame= (a codebook frame)")
    if frame is not None:
        book = _codebook(codebook, corpus)
        if frame not in book.frame_names:
            raise DataError(
                f"unknown frame {frame!r} in codebook {book.name!r}; its frames are {book.frame_names}"
            )
        frames = [frame]
    else:
        if codebook is not None:
            warnings.warn(
                "codebook= is only used with frame=; it is ignored for pattern=", stacklevel=2
            )
        book = _pattern_codebook(pattern)
        frames = None

    id_cols = ["doc_id"] + [c for c in ("sent_id", "outlet") if c in corpus.columns]
    texts, meta = table_texts(corpus.reset_index(drop=True), text_col)
    if frame is None:
        meta = meta.drop(columns=["lang"], errors="ignore")  # patterns apply to every language
    hits = _hit_table(texts, meta, book, context=max(window, 1), frames=frames)
    result = corpus[id_cols].iloc[hits["_row"].to_numpy()].reset_index(drop=True)
    blank = pd.Series([""] * len(hits), dtype=object)
    result["left"] = hits["left"].to_numpy(dtype=object) if window else blank
    result["match"] = hits["match"].to_numpy(dtype=object)
    result["right"] = hits["right"].to_numpy(dtype=object) if window else blank
    result["start"] = hits["start"].to_numpy(dtype=np.int64)
    result["end"] = hits["end"].to_numpy(dtype=np.int64)
    if frame is not None:
        result["frame"] = frame
        result["cue"] = hits["cue"].to_numpy(dtype=object)
    _provenance.write(
        result,
        _provenance.derive(
            corpus,
            "kwic",
            pattern=pattern,
            frame=frame,
            codebook=None if frame is None else book.name,
            window=window,
            text_col=text_col,
        ),
    )
    return result


def _pattern_codebook(pattern) -> Codebook:
    """A one-frame codebook of ad-hoc patterns, matched by the codebook's rules."""
    from framing.codebook import load_codebook
    from framing.errors import CodebookError

    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or not all(isinstance(p, str) for p in patterns):
        raise DataError(f"pattern must be a string or a non-empty list of strings, got {pattern!r}")
    try:
        return load_codebook(
            {
                "name": "kwic",
                "version": "0",
                "frames": [
                    {"name": "pattern", "label": "pattern", "definition": "kwic", "cues": patterns}
                ],
            }
        )
    except CodebookError as err:  # the message says what is wrong with which pattern
        raise DataError(f"invalid pattern in {patterns!r}: {err}") from err


def _codebook(codebook: Any, data: Any) -> Codebook:
    """The codebook given, or the one ``data`` declares (no topic-specific default)."""
    from framing.codebook import resolve_codebook

    return resolve_codebook(codebook, data)
