"""Keywords in context: the passages behind a number, with the codebook's cue semantics."""

from __future__ import annotations

import warnings
from bisect import bisect_left, bisect_right
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


def _context(
    text: str, starts: list[int], ends: list[int], lo: int, hi: int, window: int
) -> tuple[str, str]:
    """Up to ``window`` tokens of text either side of text[lo:hi], whitespace collapsed."""
    left = right = ""
    if window:
        k = bisect_right(ends, lo)  # tokens ending at or before the match
        if k:
            left = text[starts[max(0, k - window)] : lo]
        j = bisect_left(starts, hi)  # tokens starting at or after the match end
        if j < len(starts):
            right = text[hi : ends[min(len(ends), j + window) - 1]]
    return " ".join(left.split()), " ".join(right.split())


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
        Cue pattern(s) with the codebook's semantics (:mod:`framing.matching`): case-
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
    from framing.codebook.matching import Matcher

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
        matcher = book.frame_matcher(frame)
    else:
        if codebook is not None:
            warnings.warn(
                "codebook= is only used with frame=; it is ignored for pattern=", stacklevel=2
            )
        patterns = [pattern] if isinstance(pattern, str) else list(pattern or ())
        if not patterns or not all(isinstance(p, str) for p in patterns):
            raise DataError(
                f"pattern must be a string or a non-empty list of strings, got {pattern!r}"
            )
        try:
            matcher = Matcher(patterns)
        except ValueError as err:  # validate_pattern's message says what is wrong
            raise DataError(f"invalid pattern in {patterns!r}: {err}") from err

    from framing.text import token_spans

    id_cols = ["doc_id"] + [c for c in ("sent_id", "outlet") if c in corpus.columns]
    rows = []
    for ids, text in zip(
        corpus[id_cols].itertuples(index=False, name=None), corpus[text_col], strict=True
    ):
        if not isinstance(text, str) or not text:
            continue
        spans = None
        for start, end, cue in matcher.finditer(text):
            if spans is None:
                spans = token_spans(text)
                starts, ends = [s for s, _ in spans], [e for _, e in spans]
            left, right = _context(text, starts, ends, start, end, window)
            row = dict(zip(id_cols, ids, strict=True))
            row.update(left=left, match=text[start:end], right=right, start=start, end=end)
            if frame is not None:
                row.update(frame=frame, cue=cue)
            rows.append(row)
    columns = id_cols + ["left", "match", "right", "start", "end"]
    if frame is not None:
        columns += ["frame", "cue"]
    result = pd.DataFrame(rows, columns=columns)
    result[["start", "end"]] = result[["start", "end"]].astype(np.int64)
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


def _codebook(codebook: Any, data: Any) -> Codebook:
    """The codebook given, or the one ``data`` declares (no topic-specific default)."""
    from framing.codebook import resolve_codebook

    return resolve_codebook(codebook, data)
