"""Near-duplicate articles: syndicated wire copy and reposts, by shingle Jaccard similarity."""

from __future__ import annotations

import pandas as pd

from framing.errors import CorpusError

__all__ = ["near_duplicates"]


def near_duplicates(
    corpus: pd.DataFrame, *, threshold: float = 0.5, shingle: int = 5, text_col: str = "text"
) -> pd.DataFrame:
    """Pairs of articles that share most of their text (syndicated wire copy, reposts).

    Similarity is the Jaccard index of the two articles' sets of word
    ``shingle``-grams (Broder 1997), from one sparse matrix product, so a
    republished wire story with a new intro and a trimmed sentence still scores
    high while two reports of the same event in different words score near 0.

    Parameters
    ----------
    corpus : DataFrame
        Articles with ``doc_id`` and ``text_col``.
    threshold : float, default=0.5
        Report pairs with Jaccard similarity at least this.
    shingle : int, default=5
        Length of the word n-grams compared (at least 1).

    Returns
    -------
    DataFrame
        ``doc_a``, ``doc_b`` (``doc_a`` < ``doc_b``), ``similarity``, sorted by
        similarity, highest first.

    Examples
    --------
    >>> import pandas as pd
    >>> t = "the talks in istanbul ended with an agreement on prisoners and bodies"
    >>> df = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [t, "Update: " + t, "something else entirely"]})
    >>> near_duplicates(df)[["doc_a", "doc_b"]].values.tolist()
    [['a', 'b']]
    """
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    from framing._validation import check_int, check_number
    from framing.text import tokenize

    check_number("threshold", threshold, 0, 1, open_low=True)
    check_int("shingle", shingle, minimum=1)
    for col in ("doc_id", text_col):
        if col not in corpus.columns:
            raise CorpusError(f"no {col!r} column; near_duplicates needs doc_id and {text_col!r}")
    ids = corpus["doc_id"].astype(str).to_numpy()
    vec = CountVectorizer(
        tokenizer=tokenize,
        lowercase=False,
        token_pattern=None,
        ngram_range=(shingle, shingle),
        binary=True,
    )
    try:
        X = vec.fit_transform(corpus[text_col].fillna("").tolist()).astype(np.float64)
    except ValueError:  # no document is long enough for one shingle
        return pd.DataFrame({"doc_a": [], "doc_b": [], "similarity": []})
    sizes = np.asarray(X.sum(axis=1)).ravel()
    inter = sparse.triu(X @ X.T, k=1).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    sim = np.divide(inter.data, union, out=np.zeros_like(inter.data), where=union > 0)
    keep = sim >= threshold
    a, b = ids[inter.row[keep]], ids[inter.col[keep]]
    out = pd.DataFrame(
        {"doc_a": np.minimum(a, b), "doc_b": np.maximum(a, b), "similarity": sim[keep]}
    )
    return out.sort_values(["similarity", "doc_a"], ascending=[False, True]).reset_index(drop=True)
