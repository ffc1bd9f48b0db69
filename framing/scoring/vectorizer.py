"""``FrameVectorizer``: frame scores as a scikit-learn transformer.

Kept apart from :mod:`framing.scoring.score` so that ``import framing`` does not
import scikit-learn; ``framing.FrameVectorizer`` loads this module on first use.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from framing._validation import check_choice
from framing.codebook import Codebook, load_codebook, resolve_codebook
from framing.errors import ScoreError
from framing.scoring.score import frame_counts
from framing.scoring.table import NORMALIZE, normalize_counts, texts_of

__all__ = ["FrameVectorizer"]


class FrameVectorizer(TransformerMixin, BaseEstimator):
    """Frame scores as a scikit-learn transformer.

    Parameters
    ----------
    codebook : str, Path or Codebook
        A bundled name, a YAML path or a loaded codebook (required: there is no
        topic-specific default).
    normalize : {'per_1k', 'count', 'binary'}, default='per_1k'

    Attributes
    ----------
    codebook_ : Codebook
        The loaded codebook.
    feature_names_in_ : not set (the input is text).

    Examples
    --------
    >>> vec = FrameVectorizer("pow-exchange", normalize="count")
    >>> vec.fit_transform(["Mediators in Istanbul hosted the talks."]).shape
    (1, 7)
    """

    def __init__(self, codebook: str | Codebook | None = None, *, normalize: str = "per_1k"):
        self.codebook = codebook
        self.normalize = normalize

    def fit(self, raw_documents, y=None):
        check_choice("normalize", self.normalize, NORMALIZE)
        if self.codebook is None:
            resolve_codebook(None)  # raises, listing the bundled codebooks
        self.codebook_ = load_codebook(self.codebook)
        return self

    def transform(self, raw_documents) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "codebook_")
        if isinstance(raw_documents, str):
            raise ScoreError("Iterable over raw text documents expected, string object received.")
        texts, _ = texts_of(list(raw_documents), "text")
        counts, n_tokens = frame_counts(texts, self.codebook_)
        return normalize_counts(counts, n_tokens, self.normalize)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "codebook_")
        return np.asarray(self.codebook_.frame_names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
