"""Samples for human coding: stratified, reproducible draws of articles or sentences."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing._validation import rng as make_rng
from framing.coding.sheets import ID_COLUMNS
from framing.errors import DataError, ParameterError

__all__ = ["sample_for_coding"]


def sample_for_coding(
    units: pd.DataFrame, n: int, *, by: str | Sequence[str] | None = "outlet", seed: int = 0
) -> pd.DataFrame:
    """Draw a stratified random sample of units (articles or sentences) for human coding.

    Parameters
    ----------
    units : DataFrame
        Articles (:func:`framing.load_corpus`), sentences (:func:`framing.sentences`) or any
        table with one row per unit. All columns are kept.
    n : int
        Sample size, at most ``len(units)``.
    by : str or list of str or None, default='outlet'
        Strata. ``None`` draws a simple random sample.
    seed : int, default=0
        Seed of the draw: the same units, ``n``, ``by`` and ``seed`` give the same sample.

    Returns
    -------
    DataFrame
        The sampled rows with their original index, in their original order.

    Notes
    -----
    Allocation is proportional to stratum size: stratum h gets n·N_h/N units, rounded by the
    largest-remainder (Hamilton) method so that the sizes add up to ``n``. When ``n`` is at least
    the number of strata, every stratum gets at least one unit, taken from the strata whose
    rounded size exceeds their exact share the most. Within a stratum, units are drawn without
    replacement after sorting by ``doc_id``/``sent_id`` when present, so the sample does not
    depend on the row order of ``units``. A missing stratum value is a stratum of its own.

    Examples
    --------
    >>> import pandas as pd
    >>> units = pd.DataFrame({"doc_id": [f"d{i}" for i in range(10)],
    ...                       "outlet": ["A"] * 7 + ["B"] * 3})
    >>> sample_for_coding(units, 4)["outlet"].value_counts().sort_index().tolist()
    [3, 1]
    """
    from framing._validation import check_int, check_table

    check_table(units, "units")
    n = check_int("n", n, 1, len(units))
    if by is not None and not isinstance(by, str | list | tuple):
        raise ParameterError(f"by must be a column name, a list of them or None, got {by!r}")
    strata = [] if by is None else [by] if isinstance(by, str) else list(by)
    missing = [c for c in strata if c not in units.columns]
    if missing:
        raise DataError(
            f"units has no column {missing}; it has {list(units.columns)}. Pass by= with existing "
            "columns, or by=None for a simple random sample."
        )
    ids = [c for c in ID_COLUMNS if c in units.columns]
    # Index = row positions in `units`; sorting by id makes the draw independent of row order.
    ordered = units.reset_index(drop=True)
    if ids:
        ordered = ordered.sort_values(ids, kind="stable")
    if strata:
        groups = [g.index.to_numpy() for _, g in ordered.groupby(strata, dropna=False, sort=True)]
    else:
        groups = [ordered.index.to_numpy()]
    sizes = _allocate(n, np.array([len(g) for g in groups]))
    rng = make_rng(seed)
    chosen = np.concatenate(
        [rng.choice(group, size=k, replace=False) for group, k in zip(groups, sizes, strict=True)]
    )
    return units.iloc[np.sort(chosen)]


def _allocate(n: int, sizes: np.ndarray) -> np.ndarray:
    """Proportional allocation with largest-remainder rounding and one unit per stratum if possible."""
    quota = n * sizes / sizes.sum()
    alloc = np.floor(quota).astype(int)
    # Hamilton: the seats left go to the largest remainders (ties: larger stratum, then first).
    order = np.lexsort((np.arange(len(sizes)), -sizes, -(quota - alloc)))
    alloc[order[: n - alloc.sum()]] += 1
    if n >= len(sizes):
        while (alloc == 0).any():
            empty = int(np.flatnonzero(alloc == 0)[0])
            surplus = np.where(alloc > 1, alloc - quota, -np.inf)
            alloc[int(np.argmax(surplus))] -= 1
            alloc[empty] += 1
    return alloc
