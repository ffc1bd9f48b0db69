"""Learned measures: frame classifiers trained on human coding.

The dictionary (:mod:`framing.scoring`) is transparent; a classifier trained on a
study's own coding is usually the better instrument (Burscher et al. 2014). This
package holds :class:`FrameClassifier` (:mod:`framing.learn.classifier`, a
scikit-learn estimator for multi-label frame coding), its features
(:mod:`framing.learn.features`), the grouped folds every inner and outer
cross-validation uses (:mod:`framing.learn.folds`), :func:`cross_validate`
(:mod:`framing.learn.evaluate`: dictionary and classifiers side by side on the same
folds), scoring a corpus with a model (:mod:`framing.learn.scoring`), model files
that are never unpickled (:mod:`framing.learn.files`) and the word-level
explanation of a prediction (:mod:`framing.learn.explain`).

Every module here imports scikit-learn, so nothing in this package is imported by
``import framing``; ``framing.FrameClassifier`` and friends load it on first use.

References
----------
Burscher, B., Odijk, D., Vliegenthart, R., de Rijke, M., & de Vreese, C. H. (2014).
Teaching the computer to code frames in news: Comparing two supervised machine learning
approaches to frame analysis. *Communication Methods and Measures*, 8(3), 190-206.
"""

from __future__ import annotations

import importlib

__all__ = ["FrameClassifier", "cross_validate", "load_model"]  # noqa: F822

_NAMES = {
    "FrameClassifier": "framing.learn.classifier",
    "cross_validate": "framing.learn.evaluate",
    "load_model": "framing.learn.files",
}


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(importlib.import_module(_NAMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
