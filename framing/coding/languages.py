"""Validation per language: cue lists in two languages are two instruments.

A codebook with cues per language measures each language with its own word
list, so its precision and recall differ by language, and a difference between
outlets of two languages can be a difference between the instruments.
:func:`validate_by_language` checks the measure against a reference coding in
each language separately (the same statistics as :func:`framing.validate`),
and :func:`language_validation_section` words the result for a report, so that
cross-language comparisons are shown next to the validity of each instrument.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import DataError

__all__ = ["validate_by_language", "language_validation_section"]

_STATS = ["precision", "recall", "f1"]


def validate_by_language(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    threshold: float = 0.0,
    lang: str = "lang",
    on: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Precision, recall and F1 of the automatic measure per language and frame.

    :func:`framing.validate` run on the gold units of each language separately.
    Unlike a pooled validation, a frame that the reference never codes in a
    language has no recall and no F1 there (``NaN``: undefined, not 0), and the
    language's macro average leaves it out.

    Parameters
    ----------
    predicted : DataFrame
        Scores from :func:`framing.score` (a frame is present when its score
        exceeds ``threshold``) or a 0/1 table, covering the gold units.
    gold : DataFrame
        The reference coding with a language column, e.g.
        ``framing.load_reference_coding(name, lang="all")``. When ``gold`` has no
        such column, the column of ``predicted`` is used.
    frames : list of str, optional
        Frames to evaluate (default as in :func:`framing.validate`).
    threshold : float, default=0.0
        A frame counts as predicted when its value is strictly greater than this.
    lang : str, default="lang"
        The language column.
    on : str or list of str, optional
        Id columns to join on (default as in :func:`framing.validate`).

    Returns
    -------
    DataFrame
        One row per language and frame, then ``micro`` and ``macro`` per
        language: ``lang``, ``frame``, ``precision``, ``recall``, ``f1``,
        ``support`` (gold positives), ``tp``, ``fp``, ``fn``, ``n_units``.
        ``recall`` and ``f1`` are ``NaN`` where ``support`` is 0, ``precision``
        where nothing was predicted either. ``macro`` averages the frames whose
        ``support`` is positive; its ``n_frames`` column says how many (``NaN``
        elsewhere). Languages come in the order of their first gold unit.

    Raises
    ------
    DataError
        If neither table has the language column, a gold unit has no language,
        or :func:`framing.validate` refuses a language's units (see there).

    See Also
    --------
    framing.validate : the same statistics over all units at once.
    language_validation_section : the result in words, for a report.

    Examples
    --------
    >>> import pandas as pd
    >>> gold = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "lang": ["en", "en", "ru", "ru"],
    ...                      "war": [1, 0, 1, 1], "peace": [0, 1, 0, 0]})
    >>> pred = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
    ...                      "war": [2, 0, 1, 0], "peace": [0, 1, 1, 0]})
    >>> v = validate_by_language(pred, gold, frames=["war", "peace"])
    >>> v[["lang", "frame", "recall", "f1", "support"]]
      lang  frame  recall        f1  support
    0   en    war     1.0  1.000000        1
    1   en  peace     1.0  1.000000        1
    2   en  micro     1.0  1.000000        2
    3   en  macro     1.0  1.000000        2
    4   ru    war     0.5  0.666667        2
    5   ru  peace     NaN       NaN        0
    6   ru  micro     0.5  0.500000        2
    7   ru  macro     0.5  0.666667        2
    """
    from framing.coding.validate import _join_keys, validate

    if not isinstance(predicted, pd.DataFrame) or not isinstance(gold, pd.DataFrame):
        raise DataError(
            "validate_by_language() needs two DataFrames: the scores and the reference coding"
        )
    if lang in gold.columns:
        languages = gold[lang]
    elif lang in predicted.columns:
        keys = _join_keys(predicted, gold, on)
        try:
            languages = gold[keys].merge(predicted[[*keys, lang]], on=keys, how="left")[lang]
        except ValueError as error:
            raise DataError(f"cannot join predicted and gold on {keys}: {error}") from None
        languages.index = gold.index
    else:
        raise DataError(
            f"neither table has a {lang!r} column: give the reference coding a language column "
            "(framing.load_reference_coding(name, lang='all') has one) or pass lang= with its name"
        )
    if languages.isna().any():
        row = languages[languages.isna()].index[0]
        raise DataError(
            f"{int(languages.isna().sum())} gold units have no language (first at index {row!r}); "
            f"fill the {lang!r} column"
        )
    parts = []
    for code in pd.unique(languages.astype(str)):
        part = gold.loc[(languages.astype(str) == code).to_numpy()]
        table = validate(predicted, part, frames=frames, threshold=threshold, on=on)
        parts.append(_undefined_as_nan(table).assign(lang=code))
    out = pd.concat(parts, ignore_index=True)
    columns = ["lang", "frame", *_STATS, "support", "tp", "fp", "fn", "n_units", "n_frames"]
    return out[columns]


def _undefined_as_nan(table: pd.DataFrame) -> pd.DataFrame:
    """Recall and F1 of frames without gold positives are undefined; macro over the rest."""
    table = table.copy()
    frames = ~table["frame"].isin(["micro", "macro"])
    no_gold = frames & (table["support"] == 0)
    no_pred = no_gold & (table["fp"] == 0)
    table.loc[no_gold, ["recall", "f1"]] = np.nan
    table.loc[no_pred, "precision"] = np.nan
    defined = frames & (table["support"] > 0)
    macro = table["frame"] == "macro"
    table.loc[macro, _STATS] = table.loc[defined, _STATS].mean().to_numpy()
    table["n_frames"] = np.where(macro, int(defined.sum()), np.nan)
    return table


def language_validation_section(
    validation: pd.DataFrame, *, frames: Sequence[str] | None = None, digits: int = 2
) -> dict:
    """A report section, as plain text and rows, from :func:`validate_by_language`.

    For a report on a corpus with several languages: the precision, recall and
    F1 of each frame in each language, and a lead that names the frames whose
    recall differs most between languages. No markup: the caller escapes and
    lays it out.

    Parameters
    ----------
    validation : DataFrame
        The result of :func:`validate_by_language`.
    frames : list of str, optional
        Frames to show (default: every frame of ``validation``, without
        ``micro``/``macro``).
    digits : int, default=2
        Decimals of the statistics.

    Returns
    -------
    dict
        ``title`` (str), ``lead`` (str), ``header`` (list of str: ``frame``, then
        ``P``, ``R``, ``F1`` and ``n`` per language) and ``rows`` (list of lists of
        str, one per frame; ``–`` where a statistic is undefined).

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"lang": ["en", "ru"], "frame": ["war", "war"],
    ...                   "precision": [0.9, 0.8], "recall": [0.8, 0.4], "f1": [0.85, 0.53],
    ...                   "support": [10, 5], "tp": [8, 2], "fp": [1, 0], "fn": [2, 3],
    ...                   "n_units": [50, 40], "n_frames": [None, None]})
    >>> section = language_validation_section(v)
    >>> section["header"]
    ['frame', 'en P', 'en R', 'en F1', 'en n', 'ru P', 'ru R', 'ru F1', 'ru n']
    >>> section["rows"]
    [['war', '0.90', '0.80', '0.85', '10', '0.80', '0.40', '0.53', '5']]
    """
    needed = {"lang", "frame", *_STATS, "support"}
    if not isinstance(validation, pd.DataFrame) or not needed <= set(validation.columns):
        raise DataError(
            "language_validation_section() needs the result of framing.validate_by_language()"
        )
    languages = list(pd.unique(validation["lang"].astype(str)))
    shown = [f for f in pd.unique(validation["frame"]) if f not in ("micro", "macro")]
    if frames is not None:
        shown = [f for f in frames if f in set(shown)]
    table = validation.set_index(["frame", "lang"])

    def cell(value, whole: bool = False) -> str:
        if value is None or pd.isna(value):
            return "–"
        return f"{int(value)}" if whole else f"{value:.{digits}f}"

    header = ["frame"] + [f"{code} {s}" for code in languages for s in ("P", "R", "F1", "n")]
    rows = []
    for frame in shown:
        row = [str(frame)]
        for code in languages:
            r = table.loc[(frame, code)] if (frame, code) in table.index else None
            values = [None] * 3 + [None] if r is None else [*r[_STATS], r["support"]]
            row += [cell(v) for v in values[:3]] + [cell(values[3], whole=True)]
        rows.append(row)
    recall = validation[validation["frame"].isin(shown)].pivot_table(
        index="frame", columns="lang", values="recall", aggfunc="first"
    )
    gaps = (recall.max(axis=1) - recall.min(axis=1)).dropna().sort_values(ascending=False)
    lead = (
        f"Each language is measured with its own cue list, so the measure's precision and recall "
        f"differ by language (reference coding: {', '.join(languages)}). A difference between "
        "outlets of two languages is only as trustworthy as the recall of that frame in both."
    )
    if len(languages) > 1 and len(gaps):
        lead += " Recall differs most between languages for " + ", ".join(
            f"{frame} ({gap:.{digits}f})" for frame, gap in gaps.head(3).items()
        ) + "."
    return {
        "title": "Validation by language",
        "lead": lead,
        "header": header,
        "rows": rows,
    }
