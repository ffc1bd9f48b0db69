"""``FrameClassifier``: a scikit-learn estimator that learns frames from human coding.

One class-balanced logistic regression per frame over :class:`~framing.learn.features.TextFeatures`.
Everything a study would otherwise tune by hand is chosen on the training data only, by one
grouped inner cross-validation (:func:`~framing.learn.folds.grouped_folds`: sentences of an
article stay together):

- the regularisation ``C`` of each frame, by the out-of-fold average precision;
- the calibration of each frame (Platt scaling of the out-of-fold decision values, so that
  ``predict_proba`` is a probability, not the inflated score of a class-balanced fit);
- the threshold of each frame (not 0.5): the one that maximises the F1 expected under the
  calibrated out-of-fold probabilities (:func:`expected_f1_threshold`).

The model of a frame is the average of its inner-fold models at the chosen ``C`` (a
cross-validation ensemble), so calibration and threshold were learned on out-of-fold
predictions of exactly the models that predict, and no refit on all data is needed. Measured
against refitting on all training data while developing (grouped 5-fold CV on the data of
``benchmarks/bench_classifier.py``): the same ROC AUC and a slightly higher macro-F1 on the
Narrative Frames Corpus and on the bundled reference coding.

References
----------
Platt, J. (1999). Probabilistic outputs for support vector machines and comparisons to
regularized likelihood methods. *Advances in Large Margin Classifiers*, 61-74; with the
target smoothing and stable objective of Lin, H.-T., Lin, C.-J., & Weng, R. C. (2007). A
note on Platt's probabilistic outputs for support vector machines. *Machine Learning*, 68,
267-276.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError

from framing._validation import check_choice, check_int
from framing.codebook import Codebook, load_codebook
from framing.errors import ModelError, ParameterError, counted
from framing.learn.data import TrainingData, training_data, unit_texts
from framing.learn.features import DICTIONARY_PREFIX, FEATURES, TextFeatures
from framing.learn.folds import grouped_folds

__all__ = ["FrameClassifier", "NotFittedModelError", "TooFewCodedWarning"]

_CHUNK = 20_000  # texts transformed at a time when predicting (bounds memory)
_MANY_UNITS = 2_000  # from here inner_folds='auto' uses 3 folds instead of 5


class NotFittedModelError(ModelError, NotFittedError):
    """The classifier is used before ``fit`` (also scikit-learn's ``NotFittedError``)."""


class TooFewCodedWarning(UserWarning):
    """A frame has too few coded positives or negatives to learn; its column stays NaN."""


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label frame coding learned from human coding.

    Parameters
    ----------
    features : {'tfidf', 'tfidf+dictionary'}, default='tfidf'
        Word n-gram TF-IDF over :func:`framing.tokenize`; ``'tfidf+dictionary'`` also stacks
        the frame scores of ``codebook`` (per 1,000 tokens).
    codebook : str, Path or Codebook, optional
        Required for ``'tfidf+dictionary'``.
    ngram_range : (int, int), default=(1, 2)
        Word n-gram lengths.
    min_df : int, default=2
        Ignore n-grams in fewer training texts (lowered for very small training sets).
    C : float or sequence of float, default=(0.3, 1, 3, 10, 30)
        Inverse regularisation strength of the logistic regressions. A sequence is searched
        per frame by the inner cross-validation (the value with the best out-of-fold
        average precision wins); a number is used as it is.
    threshold : 'f1' or float, default='f1'
        ``'f1'``: per frame, the probability threshold that maximises the F1 expected under
        the calibrated out-of-fold probabilities of the inner cross-validation
        (:func:`expected_f1_threshold`); a number in (0, 1): that threshold for every frame.
    inner_folds : int or 'auto', default='auto'
        Folds of the inner cross-validation (fewer when there are fewer groups); ``'auto'``:
        5, or 3 for more than 2,000 training texts (where 3 folds already hold enough units
        and the search costs 40 % less).
    min_positives : int, default=5
        A frame with fewer coded positives (or negatives) gets no model: a
        :class:`TooFewCodedWarning` and NaN in its column.
    seed : int or numpy Generator, default=0
        Seeds the inner folds; everything else is deterministic.
    n_jobs : int, optional
        Threads for the logistic regressions of the inner search (joblib's convention:
        None is 1, -1 is every core). Results do not depend on it.

    Attributes
    ----------
    frames_ : list of str
        Frame names, the column order of every output.
    thresholds_ : ndarray of shape (n_frames,)
        Probability thresholds of :meth:`predict` (NaN for a frame without a model).
    C_ : ndarray of shape (n_frames,)
        The regularisation chosen for each frame.
    coef_ : ndarray of shape (n_frames, n_features)
        Weights of the calibrated log-odds (``decision_function``) per feature: the mean of
        the inner-fold models' weights, times the Platt slope.
    intercept_ : ndarray of shape (n_frames,)
    cv_table_ : DataFrame
        The inner cross-validation, one row per frame: ``frame``, ``n_units``,
        ``n_positive``, ``C``, ``threshold``, and the out-of-fold ``roc_auc``,
        ``average_precision``, ``precision``, ``recall``, ``f1`` at the threshold.
    training_unit_ : {'sentence', 'document'}
        What the model was trained on (a table with ``sent_id`` holds sentences; bare
        texts of at most 60 tokens median are taken for sentences).
    languages_ : list of str
        Languages of the training texts (a ``lang`` column's codes, else identified on a
        sample). :func:`framing.score` and uncertainty sampling leave rows in other
        languages unscored (NaN): a model has not learned their words.
    training_sha256_ : str
        Content hash of the training texts and labels.
    n_units_ : int
        Number of training texts.

    See Also
    --------
    framing.cross_validate : held-out figures, side by side with a dictionary.
    framing.score : ``framing.score(corpus, clf)`` scores a corpus with a fitted model.

    Notes
    -----
    Per frame, units whose label is missing (NaN) are left out of that frame only. The
    features are learned on all training texts (unsupervised); within the inner folds only
    the logistic regressions are refitted, so the inner figures are a little optimistic
    about the vocabulary, which affects the choice of ``C`` and thresholds, never the
    held-out figures of :func:`framing.cross_validate` (which refits everything per fold).

    Examples
    --------
    >>> import framing
    >>> ref = framing.load_reference_coding()
    >>> clf = FrameClassifier(C=3.0, inner_folds=3).fit(ref)
    >>> clf.frames_[:3]
    ['morale', 'humanitarian', 'leverage']
    >>> p = clf.predict_proba(["Families waited for news of the wounded prisoners."])
    >>> p.shape, bool(p[0, 1] > p[0, 0])
    ((1, 7), True)
    """

    def __init__(
        self,
        *,
        features: str = "tfidf",
        codebook: str | Codebook | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        C: float | Sequence[float] = (0.3, 1.0, 3.0, 10.0, 30.0),
        threshold: str | float = "f1",
        inner_folds: int | str = "auto",
        min_positives: int = 5,
        seed: Any = 0,
        n_jobs: int | None = None,
    ):
        self.features = features
        self.codebook = codebook
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.C = C
        self.threshold = threshold
        self.inner_folds = inner_folds
        self.min_positives = min_positives
        self.seed = seed
        self.n_jobs = n_jobs

    # -- fitting ---------------------------------------------------------------------------
    def _check_params(self) -> tuple[list[float], Codebook | None]:
        check_choice("features", self.features, FEATURES)
        if self.inner_folds != "auto":
            check_int("inner_folds", self.inner_folds, 2)
        check_int("min_positives", self.min_positives, 1)
        check_int("min_df", self.min_df, 1)
        ngrams = self.ngram_range
        if (
            not isinstance(ngrams, Sequence)
            or len(ngrams) != 2
            or not all(isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in ngrams)
            or not 1 <= ngrams[0] <= ngrams[1]
        ):
            raise ParameterError(
                f"ngram_range must be two integers (low, high) with 1 <= low <= high, got {ngrams!r}"
            )
        values: Any = self.C
        grid: list[Any] = [values] if isinstance(values, numbers.Real) else list(values)
        if not grid or not all(
            isinstance(c, numbers.Real)
            and not isinstance(c, bool)
            and np.isfinite(float(c))
            and float(c) > 0
            for c in grid
        ):
            raise ParameterError(f"C must be a positive number or a list of them, got {self.C!r}")
        if not (
            self.threshold == "f1"
            or (isinstance(self.threshold, numbers.Real) and 0 < self.threshold < 1)
        ):
            raise ParameterError(
                f"threshold must be 'f1' or a number strictly between 0 and 1, got {self.threshold!r}"
            )
        codebook = None
        if self.features == "tfidf+dictionary":
            if self.codebook is None:
                raise ParameterError(
                    "features='tfidf+dictionary' needs codebook= (a bundled name, a YAML path or "
                    "a Codebook)"
                )
            codebook = load_codebook(self.codebook)
        return sorted(float(c) for c in grid), codebook

    def fit(self, texts, labels=None, *, frames=None, groups=None) -> FrameClassifier:
        """Learn every frame from coded texts.

        Parameters
        ----------
        texts : iterable of str or DataFrame
            Texts, or a table with a ``text`` column (a sentence or coding table).
        labels : DataFrame, Series or array, optional
            One 0/1 column per frame (NaN = not coded for that frame: left out for that frame
            only). A 2-D array needs ``frames=``. When omitted, ``texts`` is a coding table
            holding the frame columns (every column except ids and text, or ``frames``).
        frames : list of str, optional
            Frame columns of ``labels`` (or names of the array's columns).
        groups : array-like or str, optional
            The article of each text, so that the inner folds keep an article together (a
            column name of ``texts`` works too). Default: ``doc_id`` of a sentence table
            (``doc_id`` and ``sent_id``), else every text on its own.

        Returns
        -------
        self
        """
        grid, codebook = self._check_params()
        data = training_data(texts, labels, frames=frames, groups=groups)
        self._fit_data(data, grid, codebook)
        return self

    def _fit_data(self, data: TrainingData, grid: list[float], codebook: Codebook | None) -> None:
        features = TextFeatures(ngram_range=self.ngram_range, min_df=self.min_df, codebook=codebook)
        X = features.fit_transform(data.texts)
        n_groups = len(np.unique(data.groups))
        if self.inner_folds == "auto":
            wanted = 5 if len(data.texts) <= _MANY_UNITS else 3
        else:
            wanted = int(self.inner_folds)
        k = min(wanted, n_groups)
        if k < 2:
            raise ModelError(
                "the training data form a single group (article); the inner cross-validation "
                "needs at least 2 — code sentences of more articles"
            )
        folds = grouped_folds(data.labels, data.groups, k, self.seed)
        n_frames = len(data.frames)
        learnable, skipped = [], []
        for j, frame in enumerate(data.frames):
            coded = ~np.isnan(data.labels[:, j])
            n_pos = int(np.nansum(data.labels[:, j]))
            n_neg = int(coded.sum()) - n_pos
            if min(n_pos, n_neg) < self.min_positives:
                skipped.append(f"{frame} ({n_pos} positive, {n_neg} negative)")
            else:
                learnable.append(j)
        if skipped:
            warnings.warn(
                f"too few coded units to learn {', '.join(skipped)}; at least "
                f"{self.min_positives} of each are needed. These frames get no model and NaN "
                "in every output; code more units that carry them",
                TooFewCodedWarning,
                stacklevel=3,
            )
        search = _InnerSearch(X, data.labels, folds, grid, self.n_jobs)
        coef = np.full((n_frames, X.shape[1]), np.nan)
        intercept = np.full(n_frames, np.nan)
        calibration = np.full((n_frames, 2), np.nan)
        thresholds = np.full(n_frames, np.nan)
        chosen_c = np.full(n_frames, np.nan)
        rows: list[dict[str, Any]] = [
            {
                "frame": frame,
                "n_units": int((~np.isnan(data.labels[:, j])).sum()),
                "n_positive": int(np.nansum(data.labels[:, j])),
            }
            for j, frame in enumerate(data.frames)
        ]
        for j, (c, margins, ap, model) in search.run(learnable).items():
            y = search.target(j)
            a, b = platt(margins, y)
            p_oof = _sigmoid(a * margins + b)
            t = expected_f1_threshold(p_oof) if self.threshold == "f1" else float(self.threshold)
            coef[j] = a * model[0]
            intercept[j] = a * model[1] + b
            calibration[j] = (a, b)
            thresholds[j], chosen_c[j] = t, c
            rows[j].update(C=c, threshold=t, **_oof_scores(y, p_oof, t), average_precision=ap)
        columns = ["frame", "n_units", "n_positive", "C", "threshold", "roc_auc",
                   "average_precision", "precision", "recall", "f1"]  # fmt: skip
        self.features_ = features
        self.frames_ = list(data.frames)
        self.classes_ = [np.array([0, 1])] * n_frames
        self.coef_ = coef
        self.intercept_ = intercept
        self.calibration_ = calibration
        self.thresholds_ = thresholds
        self.C_ = chosen_c
        self.cv_table_ = pd.DataFrame(rows).reindex(columns=columns)
        self.training_unit_ = data.unit
        self.languages_ = list(data.languages)
        self.training_sha256_ = data.sha256()
        self.n_units_ = len(data.texts)
        self.n_features_ = X.shape[1]

    # -- prediction ------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedModelError(
                "this FrameClassifier is not fitted yet; call fit(texts, labels) first, or load "
                "a saved model with framing.load_model(path)"
            )

    def decision_function(self, texts) -> np.ndarray:
        """Calibrated log-odds of every frame, shape (n_texts, n_frames); NaN without a model."""
        self._check_fitted()
        if isinstance(texts, str):
            raise ModelError("got a single string; wrap it in a list: clf.predict(['text'])")
        text_list, _ = unit_texts(texts)
        out = np.empty((len(text_list), len(self.frames_)))
        modelled = ~np.isnan(self.intercept_)
        weights = np.where(np.isnan(self.coef_), 0.0, self.coef_).T
        for start in range(0, len(text_list), _CHUNK):
            X = self.features_.transform(text_list[start : start + _CHUNK])
            out[start : start + _CHUNK] = np.asarray(X @ weights) + np.nan_to_num(self.intercept_)
        out[:, ~modelled] = np.nan
        return out

    def predict_proba(self, texts) -> np.ndarray:
        """Probability of every frame, shape (n_texts, n_frames), columns in ``frames_`` order.

        Calibrated on the inner cross-validation (Platt scaling). NaN for a frame without a
        model.
        """
        return _sigmoid(self.decision_function(texts))

    def predict(self, texts) -> np.ndarray:
        """0/1 per frame (float array; NaN for a frame without a model), by ``thresholds_``."""
        proba = self.predict_proba(texts)
        out = (proba >= self.thresholds_).astype(float)
        out[np.isnan(proba)] = np.nan
        return out

    # -- description -----------------------------------------------------------------------
    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Feature names: word n-grams, then ``[dictionary] <frame>`` columns if stacked."""
        self._check_fitted()
        return self.features_.names()

    def explain(self, frame: str, top: int = 20) -> pd.DataFrame:
        """The strongest features for and against a frame.

        Parameters
        ----------
        frame : str
        top : int, default=20
            How many of each direction.

        Returns
        -------
        DataFrame
            ``direction`` (``'positive'`` then ``'negative'``), ``feature``, ``weight``
            (change of the frame's calibrated log-odds per unit of the feature, strongest
            first) and ``kind`` (``'word'`` or ``'dictionary'``).
        """
        self._check_fitted()
        check_int("top", top, 1)
        j = self._frame_index(frame)
        if np.isnan(self.intercept_[j]):
            raise ModelError(f"frame {frame!r} has no model (too few coded units to learn it)")
        names, weights = self.get_feature_names_out(), self.coef_[j]
        order = np.argsort(-weights, kind="stable")
        pos = [i for i in order[:top] if weights[i] > 0]
        neg = [i for i in order[::-1][:top] if weights[i] < 0]
        picked = pos + neg
        return pd.DataFrame(
            {
                "direction": ["positive"] * len(pos) + ["negative"] * len(neg),
                "feature": [str(names[i]) for i in picked],
                "weight": weights[picked],
                "kind": [
                    "dictionary" if str(names[i]).startswith(DICTIONARY_PREFIX) else "word"
                    for i in picked
                ],
            }
        )

    def _frame_index(self, frame: str) -> int:
        if frame not in self.frames_:
            raise ModelError(f"unknown frame {frame!r}; the model has {self.frames_}")
        return self.frames_.index(frame)

    def describe(self) -> dict[str, Any]:
        """What the model says about itself, as recorded in score tables' provenance."""
        self._check_fitted()
        params = self.get_params()
        if isinstance(params.get("codebook"), Codebook):
            params["codebook"] = params["codebook"].name
        elif params.get("codebook") is not None:
            params["codebook"] = str(params["codebook"])  # a path
        params["C"] = (
            list(params["C"]) if not isinstance(params["C"], numbers.Real) else params["C"]
        )
        params["ngram_range"] = list(params["ngram_range"])
        if not isinstance(params["seed"], int | None):
            params["seed"] = repr(params["seed"])
        cv = self.cv_table_.astype(object).where(self.cv_table_.notna(), None)
        return {
            "kind": type(self).__name__,
            "params": params,
            "training_sha256": self.training_sha256_,
            "training_unit": self.training_unit_,
            "languages": list(self.languages_),
            "n_units": int(self.n_units_),
            "frames": list(self.frames_),
            "cv": cv.to_dict("records"),
        }

    def save(self, path) -> None:
        """Write the fitted model to ``path`` (``.npz``: arrays and JSON, never pickle).

        Read it back with :func:`framing.load_model`; predictions round-trip exactly.
        """
        from framing.learn.files import save_model

        self._check_fitted()
        save_model(self, path)

    def __repr__(self, N_CHAR_MAX: int = 700) -> str:
        base = super().__repr__(N_CHAR_MAX)
        if not hasattr(self, "coef_"):
            return base
        modelled = int((~np.isnan(self.intercept_)).sum())
        return (
            f"{base}  # fitted on {counted(self.n_units_, self.training_unit_)}, "
            f"{modelled} of {counted(len(self.frames_), 'frame')} learned"
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        tags.classifier_tags.multi_label = True
        return tags

    def _more_tags(self):  # scikit-learn < 1.6
        return {"X_types": ["string"], "multilabel": True, "multioutput_only": True}


# -- the pieces of the inner search ------------------------------------------------------------
def _logistic(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=1000)


class _InnerSearch:
    """The inner grouped cross-validation of every frame and C, run as one batch of fits.

    Every (frame, C, fold) fit is independent, so they run in threads (``n_jobs``; liblinear
    releases the GIL). For each frame the C with the best out-of-fold average precision wins;
    its out-of-fold margins feed calibration and threshold, and the frame's model is the mean
    of its fold models at that C (a cross-validation ensemble: the calibration and threshold
    were learned on predictions of the very models that predict).
    """

    def __init__(self, X, labels: np.ndarray, folds: np.ndarray, grid: list[float], n_jobs):
        self.X, self.labels, self.folds, self.grid, self.n_jobs = X, labels, folds, grid, n_jobs

    def target(self, j: int) -> np.ndarray:
        return self.labels[~np.isnan(self.labels[:, j]), j].astype(int)

    def _fit(self, j: int, c: float, fold: int):
        coded = ~np.isnan(self.labels[:, j])
        y = self.labels[:, j]
        train = coded & (self.folds != fold)
        if len(np.unique(y[train])) < 2:  # this fold holds every positive (or negative)
            return None
        model = _logistic(c).fit(self.X[train], y[train].astype(int))
        return model.coef_.ravel(), float(model.intercept_[0])

    def _parallel(self, tasks):
        from joblib import Parallel, delayed

        return Parallel(n_jobs=self.n_jobs, prefer="threads")(
            delayed(self._fit)(*task) for task in tasks
        )

    def run(self, frames: list[int]) -> dict[int, tuple]:
        from sklearn.metrics import average_precision_score

        fold_ids = np.unique(self.folds)
        tasks = [(j, c, f) for j in frames for c in self.grid for f in fold_ids]
        fitted = dict(zip(tasks, self._parallel(tasks), strict=True))
        chosen: dict[int, tuple] = {}
        for j in frames:
            coded = ~np.isnan(self.labels[:, j])
            y, folds = self.target(j), self.folds[coded]
            Xj = self.X[coded]
            best: tuple[float, np.ndarray, float] | None = None
            for c in self.grid:
                margins = np.zeros(len(y))
                for f in fold_ids:
                    model = fitted[(j, c, f)]
                    test = folds == f
                    if model is not None and test.any():
                        margins[test] = Xj[test] @ model[0] + model[1]
                ap = float(average_precision_score(y, margins))
                if best is None or ap > best[2] + 1e-12:
                    best = (c, margins, ap)
            assert best is not None
            chosen[j] = best
        out = {}
        for j in frames:
            models = [fitted[(j, chosen[j][0], f)] for f in fold_ids]
            models = [m for m in models if m is not None]
            mean = (np.mean([m[0] for m in models], axis=0), float(np.mean([m[1] for m in models])))
            out[j] = (*chosen[j], mean)
        return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt's sigmoid ``p = 1 / (1 + exp(-(a·m + b)))`` fitted to out-of-fold margins, a ≥ 0.

    Targets are smoothed as in Platt (1999), ``(N+ + 1) / (N+ + 2)`` and ``1 / (N- + 2)``;
    ``a`` is kept non-negative so that calibration never reverses the ranking.

    Examples
    --------
    >>> import numpy as np
    >>> a, b = platt(np.array([-2.0, -1.0, 1.0, 2.0]), np.array([0, 0, 1, 1]))
    >>> a > 0
    True
    """
    from scipy.optimize import minimize

    y = np.asarray(y, dtype=float)
    n_pos = y.sum()
    n_neg = len(y) - n_pos
    target = np.where(y == 1, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))
    scale = float(np.std(margins)) or 1.0
    m = margins / scale

    def loss(ab):
        z = ab[0] * m + ab[1]
        p = _sigmoid(z)
        value = np.sum(np.logaddexp(0.0, z) - target * z)
        diff = p - target
        return value, np.array([np.dot(diff, m), diff.sum()])

    prior = np.log((n_pos + 1.0) / (n_neg + 1.0))
    result = minimize(loss, x0=np.array([1.0, prior]), jac=True, method="L-BFGS-B",
                      bounds=[(0.0, None), (None, None)])  # fmt: skip
    a, b = result.x
    return float(a / scale), float(b)


def expected_f1_threshold(proba: np.ndarray) -> float:
    """The threshold (``proba >= t`` is positive) that maximises the F1 expected under ``proba``.

    With calibrated probabilities, calling the ``m`` most probable units positive has an
    expected ``TP = sum of their p``, ``FP = m - TP`` and ``FN = sum(p) - TP``; the plug-in
    rule takes the ``m`` with the largest ``2 TP / (m + sum(p))`` (Nan et al. 2012; Jansche
    2007). It is smoother than the F1 of the observed labels, which jumps with every one of
    the few positives a small coding has. The threshold lies halfway between the lowest
    probability called positive and the next lower one.

    References
    ----------
    Nan, Y., Chai, K. M., Lee, W. S., & Chieu, H. L. (2012). Optimizing F-measure: A tale
    of two approaches. *ICML 2012*. Jansche, M. (2007). A maximum expected utility
    framework for binary sequence labeling. *ACL 2007*, 736-743.

    Examples
    --------
    >>> import numpy as np
    >>> round(expected_f1_threshold(np.array([0.9, 0.8, 0.3, 0.1, 0.05])), 3)
    0.55
    """
    p = np.sort(np.asarray(proba, dtype=float))[::-1]
    called = np.arange(1, len(p) + 1)
    f1 = 2.0 * np.cumsum(p) / (called + p.sum())
    last_of_value = np.r_[p[1:] < p[:-1], True]  # a threshold cannot split equal values
    i = int(np.argmax(np.where(last_of_value, f1, -1.0)))
    below = p[i + 1] if i + 1 < len(p) else max(p[i] - 1e-6, 0.0)
    return float((p[i] + below) / 2.0)


def _oof_scores(y: np.ndarray, proba: np.ndarray, threshold: float) -> dict[str, float]:
    from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

    called = (proba >= threshold).astype(int)
    precision, recall, f1, _ = precision_recall_fscore_support(
        y, called, average="binary", zero_division=0.0
    )
    return {
        "roc_auc": float(roc_auc_score(y, proba)),
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
    }
