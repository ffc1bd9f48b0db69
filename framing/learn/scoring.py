"""Scoring a corpus with a fitted model: the same score table as the dictionary's.

:func:`score_with_model` is what :func:`framing.score` runs when it is handed a fitted
classifier instead of a codebook. The table has the layout of the score-table contract
(:func:`framing.scoring.table.build_score_table`): ids and metadata, ``n_tokens``, one
column per frame — here a probability (0–1), or for documents scored by a sentence-trained
model the share of sentences predicted to carry the frame. The provenance records the
model (kind, parameters, training-set sha256, number of coded units, its inner
cross-validation table) instead of a codebook.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from framing._validation import check_choice
from framing.errors import ModelError, ScoreError
from framing.scoring.table import (
    UNITS,
    as_articles,
    build_score_table,
    check_result_columns,
    texts_of,
)
from framing.text import sentences
from framing.text.tokens import TOKEN_RX

__all__ = ["score_with_model", "is_model", "AGGREGATES", "model_of"]

AGGREGATES = ("share", "mean", "max")


def model_of(obj):
    """The frame model inside ``obj`` (itself, or the last step of a scikit-learn Pipeline)."""
    steps = getattr(obj, "steps", None)
    if steps:
        last = steps[-1][1]
        if hasattr(last, "frames_") or hasattr(last, "predict_proba"):
            return last
    return obj


def is_model(obj) -> bool:
    """Whether ``obj`` is a frame model (anything with ``predict_proba``), not a codebook."""
    return hasattr(obj, "predict_proba") and not isinstance(obj, str | bytes)


def _frames(model) -> list[str]:
    inner = model_of(model)
    frames = getattr(inner, "frames_", None)
    if frames is None:
        if hasattr(inner, "predict_proba") and not hasattr(inner, "coef_"):
            raise ModelError(
                "the model is not fitted yet; fit it on coded texts (clf.fit(texts, labels)) or "
                "load a saved one with framing.load_model(path)"
            )
        raise ModelError(
            f"cannot score with a {type(inner).__name__}: it does not say which frames it "
            "predicts (no frames_); use framing.FrameClassifier"
        )
    return list(frames)


def _record(model, unit: str, params: dict) -> dict:
    inner = model_of(model)
    described = inner.describe() if hasattr(inner, "describe") else {"kind": type(inner).__name__}
    return {"model": described, "unit": unit, "params": params}


def score_with_model(
    data,
    model,
    *,
    unit: str = "document",
    text_col: str = "text",
    agg: str = "share",
    normalize: str = "per_1k",
) -> pd.DataFrame:
    """Score texts with a fitted frame model (what ``framing.score(data, model)`` runs).

    Parameters
    ----------
    data : DataFrame, Series or list of str
    model : FrameClassifier (or a Pipeline ending in one), fitted
    unit : {'document', 'sentence'}
    text_col : str
    agg : {'share', 'mean', 'max'}, default='share'
        How a **sentence-trained** model scores a document: the share of its sentences
        predicted to carry the frame (probability at or above the frame's threshold), the mean
        or the largest sentence probability. A document-trained model scores documents
        directly and ignores ``agg``.
    normalize : str
        Accepted for the signature of :func:`framing.score`; a model gives probabilities, so
        only the default is allowed.

    Returns
    -------
    DataFrame
        One row per input row (per sentence with ``unit='sentence'``): ids and metadata,
        ``n_tokens``, one column per frame with values in 0–1 (NaN for a frame the model has
        no classifier for, and for rows whose ``lang`` is not one of the model's training
        languages, with a warning; 0 for a text without tokens).
    """
    check_choice("unit", unit, UNITS)
    check_choice("agg", agg, AGGREGATES)
    if normalize != "per_1k":
        raise ScoreError(
            f"normalize={normalize!r} applies to codebooks; a model gives probabilities (or, for "
            "documents scored by a sentence model, shares of sentences: agg=)"
        )
    frames = _frames(model)
    inner = model_of(model)
    trained_on = getattr(inner, "training_unit_", "document")
    params = {"text_col": text_col, "unit": unit, "normalize": "probability", "agg": None}
    if isinstance(data, pd.DataFrame) and "sent_id" in data.columns:
        pass  # a sentence table is scored sentence by sentence, whatever unit says
    elif unit == "sentence" or trained_on == "sentence":
        articles = as_articles(data, text_col)
        if text_col not in articles.columns:
            raise ScoreError(f"no text column {text_col!r}; pass text_col=")
        sents = sentences(articles, text_col=text_col)
        if unit == "document":  # a sentence-trained model scoring documents: aggregate
            return _documents(articles, sents, model, frames, text_col, agg, params)
        data, text_col = sents, "text"
    texts, meta = texts_of(data, text_col)
    check_result_columns(meta, frames)
    if trained_on == "document" and "sent_id" in meta.columns:
        warnings.warn(
            "this model was trained on documents and is scoring sentences; its probabilities "
            "are calibrated for documents",
            UserWarning,
            stacklevel=3,
        )
    proba, n_tokens = _predict(model, texts)
    proba[_unlearned_language(meta, inner)] = np.nan
    effective = "sentence" if "sent_id" in meta.columns else "document"
    if effective == "sentence":  # as the dictionary's table: a sentence beside its scores
        meta.insert(meta.columns.get_loc("sent_id") + 1, text_col, texts)
    return build_score_table(meta, proba, frames, n_tokens, _record(model, effective, params))


def unlearned_language(meta: pd.DataFrame, model) -> np.ndarray:
    """Rows whose ``lang`` is known and not among the model's training languages."""
    languages = getattr(model, "languages_", None)
    if not languages or "lang" not in meta.columns:
        return np.zeros(len(meta), dtype=bool)
    from framing.codebook.model import language_code

    codes = meta["lang"].map(language_code)
    return (codes.notna() & ~codes.isin(languages)).to_numpy()


def _unlearned_language(meta: pd.DataFrame, model) -> np.ndarray:
    rows = unlearned_language(meta, model)
    if rows.any():
        from framing.codebook.model import language_code

        other = sorted(set(meta.loc[rows, "lang"].map(language_code)))
        warnings.warn(
            f"the model learned from texts in {', '.join(model.languages_)}; "
            f"{int(rows.sum())} rows in {', '.join(other)} are not scored (NaN): it has not "
            "learned their words. Fit a model on coded units in those languages to score them",
            UserWarning,
            stacklevel=4,
        )
    return rows


def _predict(model, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities (0 for a text without tokens) and token counts."""
    n_tokens = np.fromiter(
        (len(TOKEN_RX.findall(t)) for t in texts), dtype=np.int64, count=len(texts)
    )
    proba = np.asarray(model.predict_proba(texts), dtype=float).reshape(len(texts), -1)
    empty = n_tokens == 0
    proba[empty] = np.where(np.isnan(proba[empty]), np.nan, 0.0)
    return proba, n_tokens


def _documents(articles, sents, model, frames, text_col, agg, params) -> pd.DataFrame:
    texts, meta = texts_of(articles, text_col)
    check_result_columns(meta, frames)
    sent_proba, _ = _predict(model, sents["text"].tolist())
    inner = model_of(model)
    if agg == "share":
        thresholds = np.asarray(inner.thresholds_, dtype=float)
        with np.errstate(invalid="ignore"):
            values = np.where(np.isnan(sent_proba), np.nan, (sent_proba >= thresholds) * 1.0)
    else:
        values = sent_proba
    # sentences() numbers articles by position; doc_id of a bare list is its position too
    position = pd.Series(np.arange(len(meta)), index=meta["doc_id"].astype(str).to_numpy())
    rows = position.reindex(sents["doc_id"].astype(str).to_numpy()).to_numpy()
    table = pd.DataFrame(values, columns=frames).assign(_row=rows)
    grouped = table.groupby("_row")[frames]
    per_doc = (grouped.max() if agg == "max" else grouped.mean()).reindex(range(len(meta)))
    out = per_doc.to_numpy(dtype=float, copy=True)
    modelled = ~np.isnan(np.asarray(getattr(inner, "thresholds_", np.zeros(len(frames))), float))
    out[:, modelled] = np.nan_to_num(out[:, modelled], nan=0.0)  # no sentences: 0
    out[_unlearned_language(meta, inner)] = np.nan
    n_tokens = np.fromiter(
        (len(TOKEN_RX.findall(t)) for t in texts), dtype=np.int64, count=len(texts)
    )
    params.update(normalize="share" if agg == "share" else "probability", agg=agg)
    return build_score_table(meta, out, frames, n_tokens, _record(model, "document", params))
