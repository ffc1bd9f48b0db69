"""Grouped, label-balanced folds: sentences of one article never straddle train and test.

Every cross-validation in framing (the inner search of :class:`FrameClassifier` and
:func:`framing.cross_validate`) cuts its folds here. Whole groups (articles) go to one
fold; groups are placed greedily, roughly largest first, into the fold where they least add to
the load of units and of positives of every frame relative to that fold's share — the
iterative stratification of Sechidis et al. (2011), adapted to groups. With one unit per
group this is multi-label stratified k-fold.

References
----------
Sechidis, K., Tsoumakas, G., & Vlahavas, I. (2011). On the stratification of multi-label
data. *ECML PKDD 2011*, LNCS 6913, 145-158.
"""

from __future__ import annotations

import numpy as np

from framing._validation import rng as make_rng
from framing.errors import CodingError, counted

__all__ = ["grouped_folds"]


def grouped_folds(labels: np.ndarray, groups: np.ndarray, k: int, seed=0) -> np.ndarray:
    """The fold (0 … k-1) of every unit.

    Parameters
    ----------
    labels : ndarray, shape (n_units, n_frames)
        0/1 with NaN for not coded (NaN counts as not positive).
    groups : ndarray, shape (n_units,)
        Group of each unit; a group is never split.
    k : int
        Number of folds, at most the number of groups.
    seed : int or numpy Generator
        Seeds the order in which groups are placed (see the module docstring).

    Returns
    -------
    ndarray of int, shape (n_units,)

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([[1], [0], [1], [0], [1], [0]])
    >>> folds = grouped_folds(y, np.array(["a", "a", "b", "b", "c", "c"]), 3)
    >>> len(set(folds[:2])), len(set(folds))  # group "a" in one fold; three folds
    (1, 3)
    """
    labels = np.asarray(labels, dtype=float)
    if labels.ndim == 1:
        labels = labels[:, None]
    names, index = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    if k < 2:
        raise CodingError(f"cross-validation needs at least 2 folds, got {k}")
    if len(names) < k:
        raise CodingError(
            f"{k} folds need at least {k} groups (articles), but the data have "
            f"{counted(len(names), 'group')}; use fewer folds or code more articles"
        )
    # Per group: units and positives per frame; weights make every column count alike.
    load = np.column_stack(
        [
            np.bincount(index, minlength=len(names)),
            *(
                np.bincount(index, weights=np.nan_to_num(col), minlength=len(names))
                for col in labels.T
            ),
        ]
    ).astype(float)
    totals = load.sum(axis=0)
    scale = np.where(totals > 0, k / np.maximum(totals, 1e-12), 0.0)  # 1.0 = one fold's share
    share = load * scale
    rng = make_rng(seed)
    # Larger groups first (they are the hardest to place), in a seeded order: each group's
    # weight is jittered by ±25 %, so that different seeds give different, equally balanced folds.
    order = np.argsort(-share.sum(axis=1) * rng.uniform(0.75, 1.25, len(names)), kind="stable")
    filled = np.zeros((k, load.shape[1]))
    fold_of = np.empty(len(names), dtype=np.int64)
    for g in order:
        # Increase of the sum of squared loads if g joins each fold: 2·filled·g + g².
        cost = 2.0 * filled @ share[g] + share[g] @ share[g]
        f = int(np.argmin(cost + 1e-9 * rng.random(k)))
        fold_of[g] = f
        filled[f] += share[g]
    return fold_of[index]
