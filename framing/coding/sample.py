"""Samples for human coding: random, stratified or uncertainty-driven draws of articles or sentences.

``strategy='uncertain'`` is uncertainty sampling (Settles 2009): with a fitted frame
classifier it picks the units whose predicted probability lies nearest a frame's threshold,
where one more human code teaches the model most, balanced over frames and strata.

References
----------
Settles, B. (2009). *Active learning literature survey* (Computer Sciences Technical Report
1648). University of Wisconsin-Madison.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing._validation import check_choice
from framing._validation import rng as make_rng
from framing.coding.sheets import ID_COLUMNS
from framing.errors import DataError, ParameterError

__all__ = ["sample_for_coding", "STRATEGIES"]

STRATEGIES = ("random", "stratified", "uncertain")


def sample_for_coding(
    units: pd.DataFrame,
    n: int,
    *,
    by: str | Sequence[str] | None = "outlet",
    seed: int = 0,
    strategy: str | None = None,
    model=None,
    exclude=None,
    text_col: str = "text",
) -> pd.DataFrame:
    """Draw a sample of units (articles or sentences) for human coding.

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
    strategy : {'random', 'stratified', 'uncertain'}, optional
        ``'random'``: a simple random sample (``by`` is ignored); ``'stratified'``: the
        stratified draw below (needs ``by``); ``'uncertain'``: the units nearest a frame's
        threshold under ``model`` (see Notes). Default: ``'stratified'`` when ``by`` is
        given, else ``'random'``.
    model : FrameClassifier, optional
        A fitted classifier; required for ``'uncertain'``.
    exclude : DataFrame or list, optional
        Units already coded, never drawn again: a table with the id columns (``doc_id``,
        and ``sent_id`` for sentences), or a list of ``doc_id`` values.
    text_col : str, default='text'
        The text column the model reads (``'uncertain'`` only).

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

    ``'uncertain'`` allocates ``n`` over the strata in the same way. Within a stratum the
    frames take turns (in the model's frame order, starting at a seeded frame); each turn
    takes the unit whose probability of that frame is nearest the frame's threshold on the
    log-odds scale, ``|logit(p) - logit(t)|``, among the units not yet taken (ties broken at
    random). A frame without a model takes no turns. Units whose ``lang`` is not one of the
    model's training languages are never drawn: the model cannot judge them.

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
    if by is not None and not isinstance(by, str | list | tuple):
        raise ParameterError(f"by must be a column name, a list of them or None, got {by!r}")
    if strategy is None:
        strategy = "random" if by is None else "stratified"
    check_choice("strategy", strategy, STRATEGIES)
    if strategy == "random":
        by = None
    elif strategy == "stratified" and by is None:
        raise ParameterError("strategy='stratified' needs by= naming the strata, e.g. by='outlet'.")
    if strategy == "uncertain" and model is None:
        raise ParameterError(
            "strategy='uncertain' needs model= (a fitted framing.FrameClassifier): it picks the "
            "units nearest the model's frame thresholds."
        )
    if strategy != "uncertain" and model is not None:
        raise ParameterError(f"model= is used by strategy='uncertain' only, not {strategy!r}.")
    available = _without(units, exclude)
    if strategy == "uncertain":  # a model cannot judge texts in languages it never saw
        from framing.learn.scoring import unlearned_language

        available = available[~unlearned_language(units.iloc[available], model)]
    n = check_int("n", n, 1, len(available))
    strata = [] if by is None else [by] if isinstance(by, str) else list(by)
    missing = [c for c in strata if c not in units.columns]
    if missing:
        raise DataError(
            f"units has no column {missing}; it has {list(units.columns)}. Pass by= with existing "
            "columns, or by=None for a simple random sample."
        )
    ids = [c for c in ID_COLUMNS if c in units.columns]
    # Index = row positions in `units`; sorting by id makes the draw independent of row order.
    ordered = units.reset_index(drop=True).iloc[available]
    if ids:
        ordered = ordered.sort_values(ids, kind="stable")
    if strata:
        groups = [g.index.to_numpy() for _, g in ordered.groupby(strata, dropna=False, sort=True)]
    else:
        groups = [ordered.index.to_numpy()]
    sizes = _allocate(n, np.array([len(g) for g in groups]))
    rng = make_rng(seed)
    if strategy == "uncertain":
        distance = _threshold_distance(model, ordered, text_col)
        start = int(rng.integers(distance.shape[1]))
        chosen = np.concatenate(
            [
                _nearest(group, k, distance, rng, start)
                for group, k in zip(groups, sizes, strict=True)
            ]
        )
    else:
        chosen = np.concatenate(
            [
                rng.choice(group, size=k, replace=False)
                for group, k in zip(groups, sizes, strict=True)
            ]
        )
    return units.iloc[np.sort(chosen)]


def _without(units: pd.DataFrame, exclude) -> np.ndarray:
    """Row positions of ``units`` that are not in ``exclude``."""
    everything = np.arange(len(units))
    if exclude is None:
        return everything
    ids = [c for c in ID_COLUMNS if c in units.columns]
    if isinstance(exclude, pd.DataFrame):
        keys = [c for c in ids if c in exclude.columns]
        if keys != ids or not keys:
            raise DataError(
                f"exclude must have the id columns of the units ({ids or ['doc_id']}); it has "
                f"{list(exclude.columns)}."
            )
        done = exclude[keys].astype(str).drop_duplicates()
    else:
        if isinstance(exclude, str) or "doc_id" not in units.columns:
            raise DataError(
                "exclude must be a table of coded units (with the id columns) or a list of doc_id "
                "values, and the units need a doc_id column."
            )
        if "sent_id" in units.columns:
            raise DataError(
                "the units are sentences: give exclude as a table with doc_id and sent_id (a "
                "list of doc_id values would exclude whole articles)."
            )
        keys = ["doc_id"]
        done = pd.DataFrame({"doc_id": pd.Series(list(exclude), dtype=object).astype(str)})
    mine = units[keys].astype(str).reset_index(drop=True)
    hit = mine.merge(done.assign(_done=True), on=keys, how="left")["_done"].notna().to_numpy()
    return everything[~hit]


def _threshold_distance(model, ordered: pd.DataFrame, text_col: str) -> np.ndarray:
    """|logit(p) - logit(threshold)| per unit (rows of ``ordered``'s index) and frame."""
    if text_col not in ordered.columns:
        raise DataError(
            f"the units have no {text_col!r} column for the model to read; pass text_col=."
        )
    if not hasattr(model, "predict_proba") or not hasattr(model, "thresholds_"):
        raise DataError(
            "model= must be a fitted framing.FrameClassifier (fit it on the coded units first)."
        )
    texts = ordered[text_col].fillna("").astype(str).tolist()
    proba = np.clip(np.asarray(model.predict_proba(texts), dtype=float), 1e-12, 1 - 1e-12)
    thresholds = np.clip(np.asarray(model.thresholds_, dtype=float), 1e-12, 1 - 1e-12)
    distance = np.abs(np.log(proba / (1 - proba)) - np.log(thresholds / (1 - thresholds)))
    out = np.full((int(ordered.index.max()) + 1 if len(ordered) else 0, proba.shape[1]), np.inf)
    out[ordered.index.to_numpy()] = np.where(np.isnan(distance), np.inf, distance)
    usable = np.isfinite(out).any(axis=0)
    if not usable.any():
        raise DataError("the model has no frame with a threshold; fit it on more coded units.")
    return out[:, usable]


def _nearest(group: np.ndarray, k: int, distance: np.ndarray, rng, start: int) -> np.ndarray:
    """``k`` units of ``group``: the frames take turns, each taking its nearest free unit."""
    if k == 0:
        return np.empty(0, dtype=np.int64)
    jitter = rng.random(len(group))
    # per frame, the group's units from nearest to farthest (ties: random)
    orders = [group[np.lexsort((jitter, distance[group, f]))] for f in range(distance.shape[1])]
    taken: list[int] = []
    seen: set[int] = set()
    pointers = [0] * len(orders)
    turn = start
    while len(taken) < k:
        f = turn % len(orders)
        while orders[f][pointers[f]] in seen:
            pointers[f] += 1
        unit = int(orders[f][pointers[f]])
        taken.append(unit)
        seen.add(unit)
        turn += 1
    return np.asarray(taken, dtype=np.int64)


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
