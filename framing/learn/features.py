"""Features of the frame classifier: TF-IDF over framing's tokenizer, optionally the dictionary.

Words are counted with :func:`framing.text.tokenize` (the tokens the dictionary scorer
and every term statistic use) as word n-grams, weighted by sublinear TF-IDF and scaled to
unit length, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` does (smooth idf
``ln((1 + n) / (1 + df)) + 1``). With a codebook the frame scores of the dictionary
(per 1,000 tokens, ``log1p`` and divided by their largest training value) are stacked to
the right, so a classifier can lean on the cues where they work and on other words where
they do not.

The state is plain arrays and strings (vocabulary, idf, codebook YAML, scales), so a model
file never needs pickle (:mod:`framing.learn.files`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from framing.codebook import Codebook, codebook_from_yaml
from framing.errors import ModelError
from framing.text.tokens import TOKEN_RX, tokenize

__all__ = ["TextFeatures", "FEATURES"]

FEATURES = ("tfidf", "tfidf+dictionary")
DICTIONARY_PREFIX = "[dictionary] "


@lru_cache(maxsize=1 << 18)
def _term(token: str) -> str:
    """One raw token as :func:`framing.tokenize` writes it (cached: words repeat)."""
    return tokenize(token)[0]


class _NGrams:
    """An analyzer: the word n-grams of :func:`framing.tokenize`, lengths ``low``–``high``.

    A module-level class rather than a closure, so that a fitted model pickles (worker
    processes, joblib, the checksum ``score_files`` records for ``resume``).
    """

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def __call__(self, text: str) -> list[str]:
        low, high = self.low, self.high
        words = [_term(t) for t in TOKEN_RX.findall(text)]
        grams = list(words) if low == 1 else []
        for n in range(max(low, 2), high + 1):
            grams += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        return grams


def _ngrams(low: int, high: int) -> _NGrams:
    return _NGrams(low, high)


class TextFeatures:
    """Word n-gram TF-IDF, plus the codebook's frame scores for ``'tfidf+dictionary'``."""

    dictionary_weight = 1.0

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        codebook: Codebook | None = None,
    ):
        self.ngram_range = tuple(int(x) for x in ngram_range)
        self.min_df = int(min_df)
        self.codebook = codebook
        self.vocabulary: np.ndarray | None = None
        self.idf: np.ndarray | None = None
        self.dictionary_scale: np.ndarray | None = None

    # -- fitting ---------------------------------------------------------------------------
    def _counter(self, vocabulary=None, min_df: int = 1) -> CountVectorizer:
        return CountVectorizer(
            analyzer=_ngrams(*self.ngram_range),
            min_df=min_df,
            vocabulary=vocabulary,
            dtype=np.float64,
        )

    def fit_transform(self, texts: list[str]) -> sparse.csr_matrix:
        counter = self._counter(min_df=min(self.min_df, max(1, len(texts) // 10)))
        try:
            counts = counter.fit_transform(texts)
        except ValueError:  # every term pruned, or no word at all
            counter = self._counter()
            try:
                counts = counter.fit_transform(texts)
            except ValueError:
                raise ModelError(
                    "the training texts contain no words; a classifier needs text to learn from"
                ) from None
        self.vocabulary = counter.get_feature_names_out().astype(str)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        self.idf = np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0
        self._vectorizer = self._counter(vocabulary={t: i for i, t in enumerate(self.vocabulary)})
        X = self._weigh(counts.tocsr())
        if self.codebook is not None:
            raw = self._dictionary_raw(texts)
            top = raw.max(axis=0) if len(raw) else np.zeros(raw.shape[1])
            self.dictionary_scale = np.where(top > 0, top, 1.0)
            X = sparse.hstack(
                [X, sparse.csr_matrix(raw / self.dictionary_scale * self.dictionary_weight)],
                format="csr",
            )
        return X

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        if self.vocabulary is None:
            raise ModelError("the features are not fitted")
        if not hasattr(self, "_vectorizer"):
            self._vectorizer = self._counter(
                vocabulary={t: i for i, t in enumerate(self.vocabulary)}
            )
        X = self._weigh(self._vectorizer.transform(texts).tocsr())
        if self.codebook is not None:
            raw = self._dictionary_raw(texts)
            X = sparse.hstack(
                [X, sparse.csr_matrix(raw / self.dictionary_scale * self.dictionary_weight)],
                format="csr",
            )
        return X

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        X = counts.astype(np.float64, copy=True)
        np.log(X.data, out=X.data)
        X.data += 1.0
        X = X @ sparse.diags(self.idf)
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        out = sparse.csr_matrix(sparse.diags(1.0 / norms) @ X)
        out.sort_indices()  # once here, not in every solver call on row subsets
        return out

    def _dictionary_raw(self, texts: list[str]) -> np.ndarray:
        from framing.scoring.score import frame_counts
        from framing.scoring.table import normalize_counts

        assert self.codebook is not None
        counts, n_tokens = frame_counts(texts, self.codebook)
        # a frame without cues in the codebook's language is NaN there: no evidence, 0
        return np.nan_to_num(np.log1p(normalize_counts(counts, n_tokens, "per_1k")), nan=0.0)

    # -- description -------------------------------------------------------------------------
    @property
    def n_words(self) -> int:
        return 0 if self.vocabulary is None else len(self.vocabulary)

    def names(self) -> np.ndarray:
        words = [] if self.vocabulary is None else list(self.vocabulary)
        extra = (
            []
            if self.codebook is None
            else [DICTIONARY_PREFIX + f for f in self.codebook.frame_names]
        )
        return np.asarray(words + extra, dtype=object)

    # -- plain state, for model files ---------------------------------------------------------
    def state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        meta = {
            "ngram_range": list(self.ngram_range),
            "min_df": self.min_df,
            "codebook_yaml": None if self.codebook is None else self.codebook.to_yaml(),
            "codebook_sha256": None if self.codebook is None else self.codebook.sha256,
        }
        arrays = {
            "vocabulary": np.asarray(self.vocabulary, dtype=str),
            "idf": np.asarray(self.idf, dtype=np.float64),
        }
        if self.dictionary_scale is not None:
            arrays["dictionary_scale"] = self.dictionary_scale
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> TextFeatures:
        codebook = None
        if meta.get("codebook_yaml"):
            codebook = codebook_from_yaml(meta["codebook_yaml"])
            if codebook.sha256 != meta.get("codebook_sha256"):
                raise ModelError(
                    "the codebook stored in the model file does not match its recorded sha256; "
                    "the file was changed after it was saved"
                )
        out = cls(ngram_range=tuple(meta["ngram_range"]), min_df=meta["min_df"], codebook=codebook)
        out.vocabulary = np.asarray(arrays["vocabulary"], dtype=str)
        out.idf = np.asarray(arrays["idf"], dtype=np.float64)
        if codebook is not None:
            out.dictionary_scale = np.asarray(arrays["dictionary_scale"], dtype=np.float64)
        if len(out.idf) != len(out.vocabulary):
            raise ModelError("the model file's vocabulary and idf differ in length")
        return out
