"""Validation of a measure against human coding: precision, recall and F1 per frame."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing import _provenance
from framing.errors import DataError
from framing.scoring.table import score_frames

__all__ = ["validate"]

_JOIN_COLUMNS = ("doc_id", "sent_id", "unit")


def validate(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    threshold: float = 0.0,
    on: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Precision, recall and F1 of the automatic measure against a human (gold) coding.

    Parameters
    ----------
    predicted : DataFrame
        Scores from :func:`framing.score` (a frame is present when its score exceeds
        ``threshold``) or a 0/1 table.
    gold : DataFrame
        The reference coding: one row per unit, 0/1 per frame (``NaN`` = not coded, left out
        for that frame), e.g. :func:`read_coding_sheet` output or a consensus of coders.
    frames : list of str, optional
        Frames to evaluate. Default: ``attrs["framing"]["frames"]`` of ``predicted``, else of
        ``gold``.
    threshold : float, default=0.0
        A frame counts as predicted when its value is strictly greater than this.
    on : str or list of str, optional
        Id columns to join on. Default: those of ``doc_id``, ``sent_id``, ``unit`` present in
        both tables.

    Returns
    -------
    DataFrame
        One row per frame, then ``micro`` and ``macro``: ``frame``, ``precision``, ``recall``,
        ``f1``, ``support`` (gold positives), ``tp``, ``fp``, ``fn``, ``n_units`` (units
        compared). ``micro`` pools the decisions of all frames; ``macro`` is the unweighted
        mean of the per-frame precision, recall and F1 over the frames where they are
        defined; their ``support``, ``tp``, ``fp``, ``fn`` and ``n_units`` are totals over
        frames. A frame with no gold positives *and* no predictions (nothing to find and
        nothing found) has NaN precision, recall and F1 and is left out of the macro
        average: scoring it 0 would let a perfect measure reach a macro-F1 of 0.5.
        Otherwise a ratio with a zero denominator is 0 (a frame the measure never predicts
        but the gold has, or predicts but the gold never has). A frame whose gold cells are
        all missing has NaN scores. Units whose prediction is missing (a NaN score) are
        left out for that frame.

        ``attrs["framing"]["analysis"]`` records ``frames``, ``threshold``,
        ``left_out_frames`` (frames of the codebook that the gold lacks), ``undefined``
        (frames without gold positives and predictions), ``skipped_predictions`` (per
        frame) and ``note`` (all of this in words, or None).

    Warns
    -----
    UserWarning
        When frames were left out because the gold lacks them, or units were skipped
        for missing predictions.

    Raises
    ------
    DataError
        If a frame named in ``frames=`` or an id column is missing, no frame is shared, a
        table repeats an id, gold holds values other than
        0/1, or gold units have no prediction (predictions without gold are expected: gold
        is a sample).

    Notes
    -----
    Computed with :func:`sklearn.metrics.precision_recall_fscore_support`.
    """
    from sklearn.metrics import precision_recall_fscore_support

    explicit = frames is not None
    frames = _frames_for_validation(predicted, gold, frames)
    left_out: list[str] = []
    if not explicit:
        left_out = [f for f in frames if f not in gold.columns]
        frames = [f for f in frames if f in gold.columns]
        if not frames:
            raise DataError(
                f"gold has none of the frames {left_out} of the predictions; pass frames= "
                "with the frame columns both tables share"
            )
    keys = _join_keys(predicted, gold, on)
    for name, table in (("predicted", predicted), ("gold", gold)):
        absent = [f for f in frames if f not in table.columns]
        if absent:
            raise DataError(
                f"{name} has no column for frame(s) {absent}; pass frames= with shared frame columns."
            )
        repeated = table.duplicated(keys, keep=False)
        if repeated.any():
            example = table.loc[repeated, keys].iloc[0].to_dict()
            raise DataError(
                f"{name} has {int(repeated.sum())} rows sharing an id {keys}, e.g. {example}. "
                "Give one row per unit: score at the unit of the gold coding (documents or "
                "sentences), and for several coders agree on a consensus or pick one coder."
            )
    try:
        joined = gold[[*keys, *frames]].merge(
            predicted[[*keys, *frames]],
            on=keys,
            how="left",
            suffixes=("_gold", "_pred"),
            indicator=True,
        )
    except ValueError as error:  # e.g. doc_id is text in one table and a number in the other
        raise DataError(
            f"cannot join predicted and gold on {keys}: {error}. Give the id columns the same type."
        ) from None
    unmatched = joined["_merge"] == "left_only"
    if unmatched.any():
        examples = joined.loc[unmatched, keys].head(3).to_dict("records")
        raise DataError(
            f"{int(unmatched.sum())} of {len(gold)} gold units have no prediction, e.g. {examples}. "
            "Score the same units (documents vs sentences?) or check the id columns."
        )
    rows, pooled_true, pooled_pred, skipped = [], [], [], {}
    for frame in frames:
        truth = pd.to_numeric(joined[f"{frame}_gold"], errors="coerce")
        bad = joined[f"{frame}_gold"].notna() & ~truth.isin([0, 1])
        if bad.any():
            raise DataError(
                f"gold column {frame!r} holds values other than 0/1 "
                f"(e.g. {joined.loc[bad, f'{frame}_gold'].iloc[0]!r}); gold codings must be 0 or 1."
            )
        score = pd.to_numeric(joined[f"{frame}_pred"], errors="coerce").astype(float)
        no_prediction = score.isna().to_numpy() & truth.notna().to_numpy()
        if no_prediction.any():
            skipped[frame] = int(no_prediction.sum())
        keep = truth.notna().to_numpy() & ~no_prediction
        y_true = truth[keep].astype(int).to_numpy()
        y_pred = (score[keep].to_numpy() > threshold).astype(int)
        pooled_true.append(y_true)
        pooled_pred.append(y_pred)
        rows.append(_scores(frame, y_true, y_pred, precision_recall_fscore_support))
    micro = _scores(
        "micro",
        np.concatenate(pooled_true),
        np.concatenate(pooled_pred),
        precision_recall_fscore_support,
    )
    per_frame = pd.DataFrame(rows)
    defined = per_frame[["precision", "recall", "f1"]].dropna()
    macro = {**micro, "frame": "macro", **defined.mean().to_dict()}
    if defined.empty:
        macro.update(precision=np.nan, recall=np.nan, f1=np.nan)
    result = pd.DataFrame([*rows, micro, macro]).reset_index(drop=True)
    undefined = [r["frame"] for r in rows if r["n_units"] and r["tp"] + r["fp"] + r["fn"] == 0]
    notes = []
    if left_out:
        notes.append(
            f"frame(s) {', '.join(left_out)} are not in the gold coding and were left out "
            f"(validated: {', '.join(frames)})"
        )
    if undefined:
        notes.append(
            f"frame(s) {', '.join(undefined)} have no gold positives and no predictions: "
            "precision, recall and F1 are undefined (NaN) and not in the macro average"
        )
    if skipped:
        notes.append(
            "units without a prediction (NaN score) were left out: "
            + ", ".join(f"{f}: {n}" for f, n in skipped.items())
        )
    note = "validate: " + "; ".join(notes) + "." if notes else None
    _provenance.write(
        result,
        _provenance.derive(
            predicted,
            "validate",
            frames=frames,
            threshold=threshold,
            on=keys,
            left_out_frames=left_out,
            undefined=undefined,
            skipped_predictions=skipped,
            note=note,
        ),
    )
    if left_out or skipped:
        # The undefined frames are in the table itself (NaN rows); the rest needs saying.
        said = [n for n in notes if "undefined (NaN)" not in n]
        warnings.warn("validate: " + "; ".join(said) + ".", UserWarning, stacklevel=2)
    return result


def _scores(label, y_true, y_pred, prfs) -> dict:
    nothing = not (y_true == 1).any() and not (y_pred == 1).any()
    if len(y_true) == 0 or nothing:
        # No gold cell (nothing to compare), or nothing to find and nothing found: undefined.
        precision = recall = f1 = float("nan")
    else:
        precision, recall, f1, _ = prfs(
            y_true, y_pred, average="binary", pos_label=1, zero_division=0.0
        )
    tp = int(((y_true == 1) & (y_pred == 1)).sum())
    fp = int(((y_true == 0) & (y_pred == 1)).sum())
    fn = int(((y_true == 1) & (y_pred == 0)).sum())
    return {
        "frame": label,
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "support": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "n_units": len(y_true),
    }


def _frames_for_validation(predicted, gold, frames) -> list[str]:
    if frames is not None or (predicted.attrs.get("framing") or {}).get("frames"):
        return score_frames(predicted, frames)
    return score_frames(gold)


def _join_keys(predicted, gold, on) -> list[str]:
    if on is not None:
        keys = [on] if isinstance(on, str) else list(on)
        for name, table in (("predicted", predicted), ("gold", gold)):
            absent = [k for k in keys if k not in table.columns]
            if absent:
                raise DataError(
                    f"{name} has no id column(s) {absent}; it has {list(table.columns)}."
                )
        return keys
    keys = [k for k in _JOIN_COLUMNS if k in predicted.columns and k in gold.columns]
    if not keys:
        raise DataError(
            "predicted and gold share no id column (doc_id, sent_id or unit); pass on= with the "
            "column(s) that identify a unit in both."
        )
    return keys
