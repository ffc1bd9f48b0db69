"""Parameter checks shared by every public function, with one message style.

Each check raises :class:`framing.errors.ParameterError` (a
:class:`~framing.errors.FramingError` that every stage's error class and
``TypeError`` also catch) with a message that says what was given and what is
allowed: ``unknown stat='median'; stat must be one of 'mean', 'share'``.
Checks of *data* (missing columns, empty tables) raise the stage's own error,
given by the caller.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import DataError, FramingError, ParameterError

__all__ = [
    "check_choice",
    "check_int",
    "check_number",
    "check_probability",
    "check_bool",
    "check_table",
    "check_columns",
    "group_columns",
    "rng",
]


def check_choice(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """``value`` if it is one of ``choices``."""
    try:
        ok = value in choices
    except TypeError:  # unhashable value against a set
        ok = False
    if not ok:
        shown = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"unknown {name}={value!r}; {name} must be one of {shown}")
    return value


def check_int(name: str, value: Any, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as an int within ``[minimum, maximum]`` (bools are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ParameterError(f"{name} must be an integer{_range(minimum, maximum)}, got {value!r}")
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ParameterError(f"{name} must be an integer{_range(minimum, maximum)}, got {value!r}")
    return value


def check_number(
    name: str,
    value: Any,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    open_low: bool = False,
    open_high: bool = False,
) -> float:
    """``value`` as a finite float within the given bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterError(f"{name} must be a finite number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ParameterError(f"{name} must be a finite number, got {value!r}")
    low_bad = minimum is not None and (value <= minimum if open_low else value < minimum)
    high_bad = maximum is not None and (value >= maximum if open_high else value > maximum)
    if low_bad or high_bad:
        lo = "" if minimum is None else f"{'>' if open_low else '>='} {minimum:g}"
        hi = "" if maximum is None else f"{'<' if open_high else '<='} {maximum:g}"
        raise ParameterError(
            f"{name} must be {' and '.join(x for x in (lo, hi) if x)}, got {value!r}"
        )
    return value


def check_probability(name: str, value: Any) -> float:
    """A level strictly between 0 and 1 (confidence levels, thresholds)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < float(value) < 1:
        raise ParameterError(f"{name} must be strictly between 0 and 1, got {value!r}")
    return float(value)


def check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise ParameterError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _range(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f" between {minimum} and {maximum}"
    if minimum is not None:
        return f" >= {minimum}"
    if maximum is not None:
        return f" <= {maximum}"
    return ""


def rng(seed: Any, name: str = "seed") -> np.random.Generator:
    """A numpy Generator from ``seed``: None (fresh entropy), a non-negative int or a Generator.

    A Generator is used as it is (SPEC 7), so a caller can thread one stream of
    randomness through several calls.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ParameterError(
            f"{name} must be a non-negative integer, a numpy.random.Generator or None "
            f"(fresh randomness), got {seed!r}"
        )
    return np.random.default_rng(int(seed))


def check_table(data: Any, what: str, error: type[FramingError] = DataError) -> pd.DataFrame:
    """``data`` if it is a non-empty DataFrame with unique, flat column names."""
    if not isinstance(data, pd.DataFrame):
        raise error(
            f"{what} must be a pandas DataFrame, got {type(data).__name__}; "
            "pass the table returned by framing.score() / framing.load_corpus()"
        )
    if len(data) == 0:
        raise error(f"the {what} is empty (0 rows); there is nothing to analyse")
    if isinstance(data.columns, pd.MultiIndex):
        raise error(
            f"the {what} has MultiIndex columns; flatten them first, e.g. "
            "table.columns = ['_'.join(map(str, c)) for c in table.columns]"
        )
    dup = data.columns[data.columns.duplicated()].unique().tolist()
    if dup:
        raise error(f"the {what} has duplicate column names {dup}; rename them so each is unique")
    return data


def check_columns(
    data: pd.DataFrame,
    columns: Sequence[str],
    what: str,
    *,
    hint: str = "",
    error: type[FramingError] = DataError,
) -> None:
    """Every column of ``columns`` is in ``data``."""
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise error(
            f"the {what} has no column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)} (columns: {list(map(str, data.columns))})"
            f"{'; ' + hint if hint else ''}"
        )


def group_columns(data: pd.DataFrame, by: str | Sequence[str], what: str) -> list[str]:
    """The ``by`` columns as a list: present, and without missing values."""
    cols = [by] if isinstance(by, str) else list(by)
    if not cols:
        raise ParameterError("by= is empty; name the grouping column, e.g. by='outlet'")
    for col in cols:
        if col not in data.columns:
            raise DataError(
                f"by= column {col!r} is not in the {what}; its columns are "
                f"{list(map(str, data.columns))}. Pass by= one of them"
            )
        missing = data[col].isna()
        if missing.any():
            rows = list(data.index[missing][:5])
            raise DataError(
                f"by= column {col!r} has {int(missing.sum())} missing value(s) (index {rows}"
                f"{' ...' if missing.sum() > 5 else ''}); fill them, e.g. "
                f"data[{col!r}].fillna('unknown'), or drop those rows"
            )
    return cols
