"""Agreement among human coders: alpha, kappas, percent agreement and a per-frame report.

Krippendorff's alpha at every level of measurement (Krippendorff 2011) with an optional bootstrap
interval over units, Cohen's kappa for two coders (Cohen 1960), Fleiss's kappa for many (Fleiss
1971), pairwise percent agreement, and :func:`report`, which puts them side by side for every frame
of a long coding table. Checking the automatic measure against the coders' consensus is
:func:`framing.coding.validate`.

Reliability data come in two shapes, accepted by every function here:

- **wide**: a coders × units array or DataFrame (rows are coders, columns are units), ``NaN``
  where a coder did not code a unit;
- **long**: a DataFrame with one row per coding and the columns ``unit``, ``coder`` and ``value``
  (other names through ``unit=``, ``coder=``, ``value=``).

References
----------
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and Psychological
Measurement*, 20(1), 37-46.

Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. *Psychological
Bulletin*, 76(5), 378-382.

Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability measure for
coding data. *Communication Methods and Measures*, 1(1), 77-89.

Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Departmental Papers (ASC),
University of Pennsylvania. https://repository.upenn.edu/asc_papers/43
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from framing.errors import DataError, counted

__all__ = [
    "AlphaResult",
    "krippendorff_alpha",
    "cohen_kappa",
    "fleiss_kappa",
    "percent_agreement",
    "report",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
_LEVELS = ("nominal", "ordinal", "interval", "ratio")
_ID_COLUMNS = ("doc_id", "sent_id")


class AlphaResult(NamedTuple):
    """Krippendorff's alpha with a bootstrap confidence interval.

    A named tuple ``(alpha, ci_low, ci_high, n_boot)`` that also converts to its point
    estimate: ``float(result)`` is ``result.alpha`` (and ``round(result, 3)`` rounds it), so
    code written for the plain float of ``n_boot=0`` keeps working.

    Attributes
    ----------
    alpha : float
        The point estimate (the same number ``n_boot=0`` returns).
    ci_low, ci_high : float
        Percentile bootstrap interval over units (see :func:`krippendorff_alpha`).
    n_boot : int
        Number of bootstrap resamples drawn.

    Examples
    --------
    >>> result = AlphaResult(0.743, 0.52, 0.91, 1000)
    >>> float(result), result.ci_low
    (0.743, 0.52)
    >>> alpha, low, high, n_boot = result
    """

    alpha: float
    ci_low: float
    ci_high: float
    n_boot: int

    def __float__(self) -> float:
        return float(self.alpha)

    def __round__(self, ndigits: int | None = None) -> float | int:
        return round(self.alpha, ndigits)


def krippendorff_alpha(
    data,
    level: Level = "nominal",
    *,
    n_boot: int = 0,
    seed: int = 0,
    ci: float = 0.95,
    unit: str = "unit",
    coder: str = "coder",
    value: str = "value",
) -> float | AlphaResult:
    """Krippendorff's alpha for any number of coders, missing values and levels of measurement.

    Parameters
    ----------
    data : array-like or DataFrame
        Coders × units (rows are coders, ``NaN`` = not coded), or a long DataFrame with the
        columns named by ``unit``, ``coder`` and ``value`` (one row per coding).
    level : {'nominal', 'ordinal', 'interval', 'ratio'}, default='nominal'
        Level of measurement; it chooses the difference function δ² of Krippendorff (2011).
        Non-numeric values are allowed only at the nominal level.
    n_boot : int, default=0
        With ``n_boot > 0`` the result carries a bootstrap confidence interval (see Notes).
    seed : int, default=0
        Seed of the bootstrap; the same seed gives the same interval.
    ci : float, default=0.95
        Coverage of the bootstrap interval.
    unit, coder, value : str
        Column names of a long table.

    Returns
    -------
    float or AlphaResult
        A float when ``n_boot == 0``; otherwise ``AlphaResult(alpha, ci_low, ci_high, n_boot)``,
        a named tuple whose ``float()`` is ``alpha``.
        Alpha is ``NaN`` when it is undefined: every pairable value is the same, so the
        expected disagreement is zero.

    Raises
    ------
    DataError
        If no unit was coded by two or more coders, a long table has two codings by one coder
        for one unit, or non-numeric values are given for a level other than nominal.

    Notes
    -----
    The point estimate is computed by the ``krippendorff`` package (Castro). Only *pairable*
    values count: values of units that at least two coders coded.

    The interval is a percentile bootstrap over units (Efron & Tibshirani 1993): the pairable
    units are drawn with replacement, each keeping all of its coders' values, and alpha —
    both the observed and the expected disagreement — is recomputed on every resample. Hayes &
    Krippendorff (2007) instead resample pairs of values from the observed coincidence matrix and
    keep the expected disagreement fixed; that procedure treats the values within a unit as
    independent and has been shown to understate the sampling variability of alpha (Hughes 2021,
    arXiv:2210.13265). Resamples in which alpha is undefined (one value only) are left out of
    the percentiles.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability measure
    for coding data. *Communication Methods and Measures*, 1(1), 77-89.

    Examples
    --------
    The worked example of Krippendorff (2011): four coders, twelve units, missing values.

    >>> import numpy as np
    >>> nan = np.nan
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(data, "nominal"), 3)
    0.743
    >>> round(krippendorff_alpha(data, "interval"), 3)
    0.849
    """
    if level not in _LEVELS:
        raise DataError(f"level={level!r} is not a level of measurement; use one of {_LEVELS}.")
    if not (isinstance(n_boot, int | np.integer) and n_boot >= 0):
        raise DataError(f"n_boot must be a whole number >= 0, got {n_boot!r}.")
    if not 0 < ci < 1:
        raise DataError(f"ci must lie between 0 and 1 (e.g. 0.95), got {ci!r}.")
    matrix = _reliability_matrix(data, level=level, unit=unit, coder=coder, value=value)
    counts, domain = _value_counts(matrix)
    if len(counts) == 0:
        raise DataError(
            f"no unit was coded by two or more coders (data has {counted(matrix.shape[0], 'coder row')} "
            f"and {counted(matrix.shape[1], 'unit column')}): alpha compares coders on shared units. Check the "
            "orientation — rows are coders, columns are units — or pass a long table."
        )
    estimate = _alpha_from_counts(counts, domain, level)
    if n_boot == 0:
        return estimate
    rng = np.random.default_rng(seed)
    replicates = np.array(
        [
            _alpha_from_counts(counts[rng.integers(0, len(counts), len(counts))], domain, level)
            for _ in range(n_boot)
        ]
    )
    if np.isnan(replicates).all():
        low = high = float("nan")
    else:
        tail = (1 - ci) / 2
        low, high = np.nanquantile(replicates, [tail, 1 - tail])
    return AlphaResult(estimate, float(low), float(high), int(n_boot))


def cohen_kappa(
    a: Sequence | np.ndarray | pd.Series,
    b: Sequence | np.ndarray | pd.Series,
    *,
    weights: Literal["linear", "quadratic"] | None = None,
) -> float:
    """Cohen's kappa between two coders (Cohen 1960), optionally weighted.

    Parameters
    ----------
    a, b : sequence
        The two coders' values for the same units, in the same order. Units that either coder
        left missing (``NaN``/``None``) are dropped.
    weights : {None, 'linear', 'quadratic'}, default=None
        Unweighted kappa, or weighted kappa (Cohen 1968) with linear or quadratic disagreement
        weights over the sorted categories.

    Returns
    -------
    float
        Kappa; ``NaN`` when it is undefined (both coders used a single, identical category).

    Notes
    -----
    Computed by :func:`sklearn.metrics.cohen_kappa_score`.

    Examples
    --------
    Artstein & Poesio (2008), Table 1 (as in scikit-learn's own tests):

    >>> a = [0] * 40 + [1] * 60
    >>> b = [0] * 20 + [1] * 20 + [0] * 10 + [1] * 50
    >>> round(cohen_kappa(a, b), 3)
    0.348
    """
    from sklearn.exceptions import UndefinedMetricWarning
    from sklearn.metrics import cohen_kappa_score

    if weights not in (None, "linear", "quadratic"):
        raise DataError(f"weights={weights!r} is not supported; use None, 'linear' or 'quadratic'.")
    pair = _two_coders(a, b, "cohen_kappa")
    a_values, b_values = pd.Series(pair[0]), pd.Series(pair[1])
    both = a_values.notna() & b_values.notna()
    if not both.any():
        raise DataError("the two coders share no coded unit: kappa needs units both of them coded.")
    a_values, b_values = _comparable(a_values[both]), _comparable(b_values[both])
    if len(np.union1d(a_values, b_values)) < 2:
        return float("nan")  # one category only: chance agreement is 1, kappa undefined
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return float(cohen_kappa_score(a_values, b_values, weights=weights))


def fleiss_kappa(table) -> float:
    """Fleiss's kappa for a fixed number of ratings per subject (Fleiss 1971).

    Parameters
    ----------
    table : array-like or DataFrame, shape (subjects, categories)
        ``table[i, j]`` is the number of raters who put subject ``i`` into category ``j`` — the
        layout of ``statsmodels.stats.inter_rater.fleiss_kappa``. Every row must add up to the
        same number of ratings n ≥ 2 (the raters need not be the same people).

    Returns
    -------
    float
        κ = (P̄ − P̄e) / (1 − P̄e), where P̄ is the mean over subjects of the share of agreeing
        rater pairs and P̄e = Σ p_j² with p_j the share of all ratings in category j. ``NaN``
        when all ratings fall in one category (P̄e = 1).

    Examples
    --------
    The example of Wikipedia's "Fleiss' kappa" article (10 subjects, 14 raters, 5 categories),
    also used by statsmodels' tests:

    >>> table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
    ...          [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
    ...          [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    >>> round(fleiss_kappa(table), 4)
    0.2099
    """
    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] < 1 or counts.shape[1] < 1:
        raise DataError(
            f"fleiss_kappa needs a subjects × categories table of counts; got shape {counts.shape}."
        )
    if np.isnan(counts).any() or (counts < 0).any():
        raise DataError("fleiss_kappa needs non-negative counts without missing values.")
    raters = counts.sum(axis=1)
    n = raters[0]
    if not np.allclose(raters, n):
        bad = int(np.flatnonzero(~np.isclose(raters, n))[0])
        raise DataError(
            f"every subject needs the same number of ratings for Fleiss's kappa: row 0 has {n:g}, "
            f"row {bad} has {raters[bad]:g}. Use krippendorff_alpha for incomplete designs."
        )
    if n < 2:
        raise DataError(
            f"fleiss_kappa needs at least two ratings per subject; rows add up to {n:g}."
        )
    p_j = counts.sum(axis=0) / counts.sum()
    p_i = ((counts**2).sum(axis=1) - n) / (n * (n - 1))
    p_bar, p_e = p_i.mean(), float((p_j**2).sum())
    if np.isclose(p_e, 1.0):
        return float("nan")
    return float((p_bar - p_e) / (1 - p_e))


def percent_agreement(
    data, b=None, *, unit: str = "unit", coder: str = "coder", value: str = "value"
) -> float:
    """Share of agreeing pairs among all pairs of values given to the same unit.

    Parameters
    ----------
    data : array-like or DataFrame
        Coders × units, or a long table (see the module docstring); or, with ``b``, the
        first of two coders' values, as in :func:`cohen_kappa`.
    b : sequence, optional
        The second coder's values for the same units, in the same order:
        ``percent_agreement(a, b)``. A unit that either coder left missing
        (``NaN``/``None``) is skipped.
    unit, coder, value : str
        Column names of a long table.

    Returns
    -------
    float
        Σ_u Σ_v C(n_uv, 2) / Σ_u C(m_u, 2), where n_uv coders gave value v to unit u and m_u
        coders coded unit u: every pair of coders who both coded a unit counts once. With two
        coders this is the plain share of units they coded identically. Not chance-corrected:
        report it next to alpha or kappa, never instead of them.

    Examples
    --------
    >>> percent_agreement([[1, 0, 1, 1], [1, 1, 1, 1]])
    0.75
    >>> percent_agreement([1, 0, 1, None], [1, 1, 1, 0])  # two coders; the last unit is skipped
    0.6666666666666666
    """
    if b is not None:
        data = _two_coders(data, b, "percent_agreement")
    matrix = _reliability_matrix(data, level="nominal", unit=unit, coder=coder, value=value)
    counts, _ = _value_counts(matrix)
    if len(counts) == 0:
        raise DataError(
            "no unit was coded by two or more coders, so there is no pair to compare. Check the "
            "orientation — rows are coders, columns are units."
        )
    m = counts.sum(axis=1)
    return float((counts * (counts - 1)).sum() / (m * (m - 1)).sum())


def report(
    codings: pd.DataFrame,
    frames: Sequence[str] | None = None,
    *,
    unit: str | Sequence[str] | None = None,
    coder: str = "coder",
    n_boot: int = 0,
    seed: int = 0,
) -> pd.DataFrame:
    """Per-frame reliability of a coding table: alpha, kappa and percent agreement.

    Parameters
    ----------
    codings : DataFrame
        Long table, one row per (unit, coder), one column per frame holding 0/1 (or any
        nominal code); ``NaN`` = not coded. :func:`framing.read_coding_sheet` results
        concatenated over coders have this shape.
    frames : list of str, optional
        Frame columns. Default: ``codings.attrs["framing"]["frames"]`` (set by
        :func:`framing.read_coding_sheet` and :func:`framing.datasets.load_narrative_frames`).
    unit : str or list of str, optional
        Column(s) identifying a unit. Default: ``"unit"`` if present, else the id columns
        ``doc_id`` and ``sent_id`` that are present.
    coder : str, default='coder'
        Column identifying the coder.
    n_boot, seed : int
        With ``n_boot > 0``, add ``alpha_ci_low`` and ``alpha_ci_high`` (bootstrap over units,
        see :func:`krippendorff_alpha`).

    Returns
    -------
    DataFrame
        One row per frame: ``frame``, ``alpha`` (nominal Krippendorff's alpha), ``kappa``,
        ``kappa_type``, ``agreement`` (:func:`percent_agreement`), ``n_units`` (units coded by
        at least two coders — the units every statistic uses), ``n_coders`` (coders with at
        least one coding of the frame).

        ``kappa_type`` says which kappa is given: ``"cohen"`` when exactly two coders coded the
        frame (Cohen 1960, over the units both coded); ``"fleiss"`` when more than two did and
        every shared unit has the same number of codings (Fleiss 1971); ``"none"`` otherwise —
        incomplete designs with varying numbers of coders per unit, where Fleiss's kappa is not
        defined and alpha is the statistic to read (``kappa`` is then ``NaN``). Statistics that are
        undefined (no shared unit, or no variation) are ``NaN``.

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({"unit": [1, 1, 2, 2, 3, 3], "coder": ["a", "b"] * 3,
    ...                         "conflict": [1, 1, 0, 0, 1, 0]})
    >>> report(codings, ["conflict"])[["frame", "kappa_type", "agreement", "n_units"]]
          frame kappa_type  agreement  n_units
    0  conflict      cohen   0.666667        3
    """
    from framing.scoring.table import score_frames

    if not isinstance(codings, pd.DataFrame):
        raise DataError(f"report needs a long DataFrame of codings, got {type(codings).__name__}.")
    unit_cols = _unit_columns(codings, unit)
    frames = score_frames(codings, frames)
    missing = [c for c in [*unit_cols, coder, *frames] if c not in codings.columns]
    if missing:
        raise DataError(
            f"codings lacks the column(s) {missing}; it has {list(codings.columns)}. Pass unit=, "
            "coder= or frames= to name the right columns."
        )
    duplicated = codings.duplicated([*unit_cols, coder], keep=False)
    if duplicated.any():
        example = codings.loc[duplicated, [*unit_cols, coder]].iloc[0].to_dict()
        raise DataError(
            f"{int(duplicated.sum())} rows repeat a (unit, coder) pair, e.g. {example}: each coder "
            "may code each unit once. Drop the duplicates or fix the unit/coder columns."
        )
    rows = [
        _frame_report(codings, frame, unit_cols, coder, n_boot=n_boot, seed=seed)
        for frame in frames
    ]
    columns = ["frame", "alpha", "kappa", "kappa_type", "agreement", "n_units", "n_coders"]
    if n_boot:
        columns[2:2] = ["alpha_ci_low", "alpha_ci_high"]
    return pd.DataFrame(rows, columns=columns)


def _frame_report(codings, frame, unit_cols, coder, *, n_boot, seed) -> dict:
    wide = codings.pivot(index=coder, columns=unit_cols, values=frame)
    matrix = _as_float_matrix(wide, "nominal", what=f"frame {frame!r}")
    coded = ~np.isnan(matrix)
    per_unit = coded.sum(axis=0)
    shared = per_unit >= 2
    row = {
        "frame": frame,
        "alpha": float("nan"),
        "alpha_ci_low": float("nan"),
        "alpha_ci_high": float("nan"),
        "kappa": float("nan"),
        "kappa_type": "none",
        "agreement": float("nan"),
        "n_units": int(shared.sum()),
        "n_coders": int(coded.any(axis=1).sum()),
    }
    if not shared.any():
        return row
    result = krippendorff_alpha(matrix, "nominal", n_boot=n_boot, seed=seed)
    if isinstance(result, AlphaResult):
        row["alpha"], row["alpha_ci_low"], row["alpha_ci_high"] = result[:3]
    else:
        row["alpha"] = result
    row["agreement"] = percent_agreement(matrix)
    coders = np.flatnonzero(coded.any(axis=1))
    if len(coders) == 2:
        row["kappa"] = cohen_kappa(matrix[coders[0]], matrix[coders[1]])
        row["kappa_type"] = "cohen"
    elif len(np.unique(per_unit[shared])) == 1:
        counts, _ = _value_counts(matrix)
        row["kappa"] = fleiss_kappa(counts)
        row["kappa_type"] = "fleiss"
    return row


def _unit_columns(codings: pd.DataFrame, unit) -> list[str]:
    if unit is not None:
        return [unit] if isinstance(unit, str) else list(unit)
    if "unit" in codings.columns:
        return ["unit"]
    ids = [c for c in _ID_COLUMNS if c in codings.columns]
    if not ids:
        raise DataError(
            f"codings has no unit column ('unit', 'doc_id' or 'sent_id'); it has "
            f"{list(codings.columns)}. Pass unit= with the column(s) that identify a unit."
        )
    return ids


def _two_coders(a, b, function: str) -> np.ndarray:
    """Two coders' values for the same units as a 2 × units object array."""
    a_array, b_array = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if a_array.ndim != 1 or b_array.shape != a_array.shape:
        raise DataError(
            f"{function} needs two one-dimensional codings of the same units; got shapes "
            f"{a_array.shape} and {b_array.shape}."
        )
    return np.vstack([a_array, b_array])


def _reliability_matrix(data, *, level, unit, coder, value) -> np.ndarray:
    """Coders × units float matrix (NaN = missing) from a wide or long input."""
    if isinstance(data, pd.DataFrame) and {unit, coder, value} <= set(data.columns):
        duplicated = data.duplicated([unit, coder], keep=False)
        if duplicated.any():
            example = data.loc[duplicated, [unit, coder]].iloc[0].to_dict()
            raise DataError(
                f"{int(duplicated.sum())} rows repeat a ({unit}, {coder}) pair, e.g. {example}: "
                "each coder may code each unit once."
            )
        data = data.pivot(index=coder, columns=unit, values=value)
    return _as_float_matrix(data, level, what="the reliability data")


def _as_float_matrix(values, level, *, what) -> np.ndarray:
    cells = values.to_numpy(dtype=object) if isinstance(values, pd.DataFrame) else values
    cells = np.asarray(cells, dtype=object)
    if cells.ndim != 2:
        raise DataError(
            f"{what} must be two-dimensional (coders × units) or a long table with columns "
            f"'unit', 'coder', 'value'; got {cells.ndim} dimension(s)."
        )
    missing = pd.isna(cells)
    try:
        return np.where(missing, np.nan, cells).astype(float)
    except (TypeError, ValueError):
        if level != "nominal":
            raise DataError(
                f"{what} holds non-numeric values, which have no order or distance at the "
                f"{level} level. Map the categories to numbers in their order first."
            ) from None
    # Nominal categories only need to be told apart: number them.
    codes, _ = pd.factorize(pd.Series(cells[~missing]).astype(str), sort=True)
    out = np.full(cells.shape, np.nan)
    out[~missing] = codes
    return out


def _value_counts(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Units × values count table of the pairable units, and the value domain of all data."""
    domain = np.unique(matrix[~np.isnan(matrix)])
    counts = (matrix.T[..., np.newaxis] == domain).sum(axis=1)
    return counts[counts.sum(axis=1) >= 2], domain


def _alpha_from_counts(counts: np.ndarray, domain: np.ndarray, level: str) -> float:
    import krippendorff

    if (counts.sum(axis=0) > 0).sum() < 2:
        return float("nan")  # one value only: no expected disagreement, alpha undefined
    return float(
        krippendorff.alpha(
            value_counts=counts,
            value_domain=domain,
            level_of_measurement=level,  # type: ignore[arg-type]  # checked against _LEVELS
        )
    )


def _comparable(values: pd.Series) -> np.ndarray:
    """Numbers stay numbers (1 and 1.0 are one category); anything else compares as text."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        return numeric.to_numpy(dtype=float)
    return values.astype(str).to_numpy()
