"""``cross_validate``: classifiers and dictionaries side by side on the same grouped folds.

The held-out figures of a learned measure, and of the dictionary it competes with, on
exactly the same units: folds are cut once (:func:`~framing.learn.folds.grouped_folds`,
sentences of an article never straddle train and test); every classifier is cloned and
fitted on the training folds only (its features, C, calibration and thresholds included)
and scored on the test fold; a codebook needs no fitting and is scored on the same test
units with its own rule — a frame is present when its score is above 0, and its scores
rank the units for ROC AUC and average precision.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_int
from framing.codebook import Codebook, load_codebook
from framing.errors import ModelError, ParameterError
from framing.learn.data import training_data
from framing.learn.folds import grouped_folds

__all__ = ["cross_validate", "METRICS"]

METRICS = ("precision", "recall", "f1", "roc_auc", "average_precision")


def _models(models) -> dict[str, Any]:
    from framing.learn.classifier import FrameClassifier

    if models is None:
        return {"classifier": FrameClassifier()}
    if isinstance(models, Mapping):
        named = {str(k): v for k, v in models.items()}
    else:
        if isinstance(models, str | Codebook) or hasattr(models, "fit"):
            models = [models]
        named = {}
        for model in models:
            name = _name(model)
            k = 2
            while name in named:
                name, k = f"{_name(model)} ({k})", k + 1
            named[name] = model
    if not named:
        raise ParameterError("models= is empty; give at least one classifier or codebook")
    out = {}
    for name, model in named.items():
        if isinstance(model, str | Codebook) or hasattr(model, "__fspath__"):
            out[name] = load_codebook(model)
        elif hasattr(model, "fit") and hasattr(model, "predict_proba"):
            out[name] = model
        else:
            raise ParameterError(
                f"models[{name!r}] is a {type(model).__name__}; give FrameClassifier instances "
                "(fitted on each training fold) or codebooks (a bundled name, a YAML path or a "
                "Codebook)"
            )
    return out


def _name(model) -> str:
    if isinstance(model, str):
        return f"dictionary: {model}"
    if isinstance(model, Codebook):
        return f"dictionary: {model.name}"
    if hasattr(model, "features") and getattr(model, "features", None) == "tfidf+dictionary":
        return "classifier (tfidf+dictionary)"
    return "classifier" if type(model).__name__ == "FrameClassifier" else type(model).__name__


def cross_validate(
    texts,
    labels=None,
    *,
    models=None,
    groups=None,
    folds: int = 5,
    seed: Any = 0,
    frames=None,
) -> pd.DataFrame:
    """Held-out precision, recall, F1, ROC AUC and average precision of each measure.

    Parameters
    ----------
    texts : iterable of str or DataFrame
        Coded texts, or a coding table with ``text`` (and the frame columns when
        ``labels`` is omitted), as in :meth:`FrameClassifier.fit`.
    labels : DataFrame or array, optional
        One 0/1 column per frame, NaN = not coded (left out for that frame only).
    models : classifier, codebook, list or dict, optional
        What to compare: :class:`FrameClassifier` instances (cloned and fitted on every
        training fold) and codebooks (a bundled name, a YAML path or a Codebook), as a list
        (named automatically) or a ``{name: model}`` dict. Default: ``FrameClassifier()``.
    groups : array-like or str, optional
        The article of each text: a group is never split across folds. Default: ``doc_id``
        of a sentence table (``doc_id`` and ``sent_id``), else every text on its own.
    folds : int, default=5
    seed : int or numpy Generator, default=0
        Seeds the fold assignment (label-balanced, :func:`~framing.learn.folds.grouped_folds`).
    frames : list of str, optional
        Frame columns of ``labels``.

    Returns
    -------
    DataFrame
        One row per model and frame, then per model a ``micro`` and a ``macro`` row:
        ``model``, ``frame``; for each of ``precision``, ``recall``, ``f1``, ``roc_auc``,
        ``average_precision`` the mean over folds and its standard deviation (``<metric>_sd``,
        ddof=1); ``support`` (coded positives over all test folds), ``n_units`` (coded units)
        and ``n_folds`` (folds in which the metric was defined). Per fold, ``micro`` pools the
        decisions and scores of all frames, ``macro`` averages the frames that are defined in
        that fold. A frame that a codebook lacks is left out for that model; a metric that is
        undefined in a fold (a test fold without positives: no recall or AUC) is left out of
        that fold's mean. ``attrs["framing"]`` records the folds, the per-fold figures and
        every fitted classifier's thresholds.

    Notes
    -----
    Metrics from :mod:`sklearn.metrics` (``precision_recall_fscore_support``,
    ``roc_auc_score``, ``average_precision_score``). A classifier's decisions use its own
    thresholds, chosen by its inner cross-validation on the training folds; a codebook's
    are ``score > 0``.

    Examples
    --------
    >>> import framing
    >>> ref = framing.load_reference_coding()
    >>> cv = framing.cross_validate(ref, models=["pow-exchange"], folds=3)
    >>> cv["frame"].tolist()[-3:], cv["model"].unique().tolist()
    (['accountability', 'micro', 'macro'], ['dictionary: pow-exchange'])
    """
    check_int("folds", folds, 2)
    data = training_data(texts, labels, frames=frames, groups=groups)
    named = _models(models)
    fold_of = grouped_folds(data.labels, data.groups, folds, seed)
    per_fold: list[dict[str, Any]] = []
    fitted: dict[str, list[dict[str, Any]]] = {}
    for name, model in named.items():
        if isinstance(model, Codebook):
            shared = [f for f in data.frames if f in model.frame_names]
            if not shared:
                raise ModelError(
                    f"codebook {model.name!r} has none of the coded frames {data.frames}; its "
                    f"frames are {model.frame_names}"
                )
            left_out = [f for f in data.frames if f not in shared]
            if left_out:
                warnings.warn(
                    f"codebook {model.name!r} has no frame(s) {left_out}; {name} is evaluated "
                    f"on {shared} only",
                    UserWarning,
                    stacklevel=2,
                )
            scores = _dictionary_scores(data.texts, model, shared)
            for k in range(folds):
                test = fold_of == k
                per_fold += _fold_rows(name, k, data, shared, test, scores[test], scores[test] > 0)
        else:
            fitted[name] = []
            for k in range(folds):
                test = fold_of == k
                clf, frames_of_model = _fit_fold(model, data, ~test)
                proba = clf.predict_proba([data.texts[i] for i in np.flatnonzero(test)])
                thresholds = np.asarray(clf.thresholds_, dtype=float)
                with np.errstate(invalid="ignore"):
                    called = proba >= thresholds
                keep = [frames_of_model.index(f) for f in data.frames]
                per_fold += _fold_rows(
                    name, k, data, data.frames, test, proba[:, keep], called[:, keep],
                    modelled=~np.isnan(thresholds[keep]),
                )  # fmt: skip
                fitted[name].append(
                    {
                        "fold": k,
                        "thresholds": dict(zip(frames_of_model, _floats(thresholds), strict=True)),
                    }
                )
    long = pd.DataFrame(per_fold)
    table = _summarise(long, list(named), data)
    record = {
        "frames": list(data.frames),
        "framing_version": _provenance.version(),
        "analysis": {
            "function": "framing.cross_validate",
            "folds": int(folds),
            "seed": seed if isinstance(seed, int) else repr(seed),
            "models": {name: _describe(model) for name, model in named.items()},
            "fold_of_unit": fold_of.tolist(),
            "per_fold": long.astype(object).where(long.notna(), None).to_dict("records"),
            "fitted": fitted,
            "training_sha256": data.sha256(),
            "n_units": len(data.texts),
        },
    }
    return _provenance.write(table, record)


def _floats(values) -> list[float | None]:
    return [None if np.isnan(v) else float(v) for v in np.asarray(values, dtype=float)]


def _describe(model) -> Any:
    if isinstance(model, Codebook):
        return {"kind": "codebook", **_provenance.codebook_record(model)}
    params = {k: (v if isinstance(v, int | float | str | bool | None) else repr(v))
              for k, v in model.get_params(deep=False).items()}  # fmt: skip
    return {"kind": type(model).__name__, "params": params}


def _dictionary_scores(texts: list[str], codebook: Codebook, frames: list[str]) -> np.ndarray:
    from framing.scoring.score import frame_counts
    from framing.scoring.table import normalize_counts

    counts, n_tokens = frame_counts(texts, codebook)
    per_1k = np.nan_to_num(normalize_counts(counts, n_tokens, "per_1k"), nan=0.0)
    return per_1k[:, [codebook.frame_names.index(f) for f in frames]]


def _fit_fold(model, data, train: np.ndarray):
    from sklearn.base import clone

    clf = clone(model)
    idx = np.flatnonzero(train)
    labels = pd.DataFrame(data.labels[idx], columns=data.frames)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # too few positives in a fold: NaN rows
        clf.fit([data.texts[i] for i in idx], labels, groups=data.groups[idx])
    frames_of_model = list(getattr(clf, "frames_", data.frames))
    missing = [f for f in data.frames if f not in frames_of_model]
    if missing:
        raise ModelError(f"the fitted model does not predict the frames {missing}")
    return clf, frames_of_model


def _fold_rows(name, k, data, frames, test, scores, called, modelled=None) -> list[dict]:
    """Per-frame, micro and macro metrics of one model on one test fold."""
    rows = []
    pooled_y, pooled_s, pooled_c = [], [], []
    for j, frame in enumerate(frames):
        y = data.labels[test, data.frames.index(frame)]
        coded = ~np.isnan(y)
        if modelled is not None and not modelled[j]:
            rows.append({"model": name, "fold": k, "frame": frame, "n_units": int(coded.sum()),
                         "support": int(np.nansum(y))})  # fmt: skip
            continue
        y_, s_, c_ = y[coded].astype(int), scores[coded, j], called[coded, j].astype(int)
        rows.append({"model": name, "fold": k, "frame": frame, **_metrics(y_, s_, c_)})
        pooled_y.append(y_)
        pooled_s.append(s_)
        pooled_c.append(c_)
    if pooled_y:
        micro = _metrics(
            np.concatenate(pooled_y), np.concatenate(pooled_s), np.concatenate(pooled_c)
        )
        rows.append({"model": name, "fold": k, "frame": "micro", **micro})
        frame_rows = pd.DataFrame(rows[: len(frames)])
        macro = {m: float(frame_rows[m].mean()) if m in frame_rows else np.nan for m in METRICS}
        macro.update(
            support=int(frame_rows["support"].sum()), n_units=int(frame_rows["n_units"].sum())
        )
        rows.append({"model": name, "fold": k, "frame": "macro", **macro})
    return rows


def _metrics(y: np.ndarray, scores: np.ndarray, called: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    n_pos, n_called = int(y.sum()), int(called.sum())
    tp = int((called.astype(bool) & (y == 1)).sum())
    out: dict[str, Any] = {"support": n_pos, "n_units": len(y)}
    # Precision without any call is 0 when positives were missed, undefined otherwise;
    # recall, F1 and the rankings are undefined in a fold without positives.
    out["precision"] = tp / n_called if n_called else (0.0 if n_pos else np.nan)
    if n_pos == 0:
        out.update(recall=np.nan, f1=np.nan, roc_auc=np.nan, average_precision=np.nan)
        return out
    out["recall"] = tp / n_pos
    out["f1"] = 2.0 * tp / (n_called + n_pos)
    out["roc_auc"] = float(roc_auc_score(y, scores)) if n_pos < len(y) else np.nan
    out["average_precision"] = float(average_precision_score(y, scores))
    return out


def _summarise(long: pd.DataFrame, names: list[str], data) -> pd.DataFrame:
    rows = []
    for name in names:
        part = long[long["model"] == name]
        order = [f for f in data.frames if f in set(part["frame"])] + ["micro", "macro"]
        for frame in order:
            sub = part[part["frame"] == frame]
            if sub.empty:
                continue
            row: dict[str, Any] = {"model": name, "frame": frame}
            for m in METRICS:
                values = sub[m].astype(float) if m in sub else pd.Series(dtype=float)
                row[m] = float(values.mean()) if values.notna().any() else np.nan
                row[f"{m}_sd"] = float(values.std(ddof=1)) if values.notna().sum() > 1 else np.nan
            row["support"] = int(sub["support"].sum())
            row["n_units"] = int(sub["n_units"].sum())
            row["n_folds"] = int(sub["f1"].notna().sum()) if "f1" in sub else 0
            rows.append(row)
    columns = ["model", "frame", *[c for m in METRICS for c in (m, f"{m}_sd")], "support",
               "n_units", "n_folds"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
