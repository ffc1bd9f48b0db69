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
    "ParameterError",
    "TextError",
    "ModelError",
    "FewClustersWarning",
    "counted",
    "os_error_in",
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


class ModelError(FramingError):
    """A learned model cannot be fitted, used or read: too little coding, not fitted, bad model file."""


class TextError(FramingError, TypeError):
    """A text function got something that is not text (e.g. a number where a str belongs)."""


class ParameterError(
    DataError, ScoreError, CorpusError, CodingError, CodebookError, ModelError, TypeError
):
    """A function argument has a wrong type or value (``n_boot=-1``, ``unit='word'``).

    Every parameter check in framing raises this one class, with one message style
    (what was given, what is allowed). It derives from each stage's error class and
    from :class:`TypeError`, so a handler written for the stage (``except DataError``
    around :func:`framing.compare`) or for Python's conventions still catches it.
    """


class FewClustersWarning(UserWarning):
    """An interval or test rests on fewer than 10 clusters (articles or outlets) in a group.

    Raised once per call by :func:`framing.compare` (and :func:`framing.model`) with
    the number of clusters and what an interval can claim with so few; below 3
    clusters there is no interval at all (NaN). Silence it with
    ``warnings.simplefilter("ignore", framing.FewClustersWarning)`` once you have
    read it.
    """


def counted(n: int, noun: str) -> str:
    """``1 unit``, ``2 units``: a count with its noun in the right number, for messages."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind ``exc`` (itself, or along its causes and contexts), if any.

    Libraries such as matplotlib wrap a full disk or a read-only folder in their
    own exceptions; the writers report the operating system's reason instead.
    """
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
