"""Exceptions raised by framing.

Every error a user can cause derives from :class:`FramingError` (and from
:class:`ValueError`, so generic handlers keep working). Messages name the file,
row, column or key at fault and say how to fix it; the command line prints them
as one ``error: …`` line and exits with status 2.
"""

from __future__ import annotations

__all__ = [
    "FramingError",
    "CorpusError",
    "CodebookError",
    "ScoreError",
    "CodingError",
    "DataError",
]


class FramingError(ValueError):
    """Base class of every error caused by the user's input."""


class CorpusError(FramingError):
    """A corpus source cannot be read: missing columns, bad rows, wrong encoding."""


class CodebookError(FramingError):
    """A codebook is malformed: YAML syntax, unknown keys, bad cue patterns."""


class ScoreError(FramingError):
    """Scoring was asked for something impossible (unknown unit, missing text column)."""


class CodingError(FramingError):
    """A human coding (sheet, reference coding, annotations) is malformed."""


class DataError(FramingError):
    """A table passed to statistics or plots lacks columns, frames or groups."""
