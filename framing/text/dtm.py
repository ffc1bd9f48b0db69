"""Document-term matrices built with the scorer's tokenizer."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from framing.errors import TextError
from framing.text.languages import resolve_stopwords
from framing.text.tokens import tokenize

__all__ = ["document_term_matrix"]


def document_term_matrix(
    texts: Iterable[str], *, min_count: int = 1, stopwords: Iterable[str] | str | None = None
):
    """Document-term count matrix built with the scorer's tokenizer.

    Parameters
    ----------
    texts : iterable of str
    min_count : int, default=1
        Keep terms occurring at least this often in the whole collection.
    stopwords : None, 'english', language code or collection of str
        Terms to drop: ``'english'`` (scikit-learn's English list) or a language
        code with a list of function words (``'de'``, ``'ru'``, ``'uk'``, ``'en'``;
        :func:`framing.text.languages.stopwords`), or the words themselves.

    Returns
    -------
    X : scipy.sparse.csr_matrix of shape (n_docs, n_terms)
    vocabulary : numpy.ndarray of str, sorted, aligned with the columns of X.

    Examples
    --------
    >>> X, vocab = document_term_matrix(["War and peace.", "Peace talks."])
    >>> vocab.tolist(), X.toarray().tolist()
    (['and', 'peace', 'talks', 'war'], [[1, 1, 0, 1], [0, 1, 1, 0]])
    """
    from sklearn.feature_extraction.text import CountVectorizer

    if isinstance(texts, str):
        raise TextError("document_term_matrix() expects an iterable of texts, not one str")
    stop = resolve_stopwords(stopwords)
    vec = CountVectorizer(
        tokenizer=tokenize, lowercase=False, token_pattern=None, stop_words=None, dtype=np.int64
    )
    X = vec.fit_transform(texts)
    vocab = vec.get_feature_names_out()
    keep = np.ones(len(vocab), dtype=bool)
    if min_count > 1:
        keep &= np.asarray(X.sum(axis=0)).ravel() >= min_count
    if stop:
        keep &= ~np.isin(vocab, list(stop))
    if not keep.all():
        X = X[:, np.flatnonzero(keep)]
        vocab = vocab[keep]
    return X.tocsr(), vocab.astype(str)
