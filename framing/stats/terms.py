"""Distinctive terms (Fightin' Words): which words distinguish an outlet from the others.

Monroe, Colaresi & Quinn (2008), with the scorer's tokenizer. Keywords in
context live in :mod:`framing.stats.kwic`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_choice, check_int, check_table, group_columns
from framing.errors import DataError
from framing.stats._common import group_codes, group_labels

__all__ = ["distinctive_terms"]

_PRIORS = ("uniform", "corpus")


# --------------------------------------------------------------------------- words


def distinctive_terms(
    corpus: pd.DataFrame,
    by: str | Sequence[str] = "outlet",
    *,
    target: Any = None,
    prior: Literal["uniform", "corpus"] = "uniform",
    alpha: float = 0.01,
    top: int | None = 25,
    min_count: int = 1,
    stopwords: Literal["english"] | Collection[str] | None = None,
    text_col: str = "text",
) -> pd.DataFrame:
    """Words that distinguish a group from the rest: Fightin' Words log-odds with a Dirichlet prior.

    Parameters
    ----------
    corpus : DataFrame
        Articles (from :func:`framing.load_corpus`) or sentences, with ``text_col`` and
        the ``by`` column(s).
    by : str or list of str, default='outlet'
        Grouping column(s); at least two groups are required.
    target : group label, optional
        The group to contrast with all others (a tuple when ``by`` is a list). Default:
        every group in turn against the rest.
    prior : {'uniform', 'corpus'}, default='uniform'
        Dirichlet prior. ``'uniform'``: ``alpha_w = alpha`` for every term.
        ``'corpus'``: the same total prior ``alpha_0 = alpha * V`` (V = vocabulary size)
        spread in proportion to each term's corpus frequency,
        ``alpha_w = alpha_0 * n_w / n`` (the informative prior of Monroe et al.,
        sec. 3.5.1), which shrinks rare terms more than frequent ones.
    alpha : float, default=0.01
        Prior pseudo-count per term (> 0).
    top : int or None, default=25
        Terms kept per group, by descending z; None keeps the whole vocabulary.
    min_count : int, default=1
        Drop terms occurring fewer times in the whole corpus.
    stopwords : 'english', collection of str or None, default=None
        Terms to drop: None keeps all, ``'english'`` uses
        :data:`framing.text.ENGLISH_STOPWORDS`, or give your own list.
    text_col : str, default='text'
        Column holding the text.

    Returns
    -------
    DataFrame
        For each group (sorted) its ``top`` terms by descending ``z`` (ties by term),
        with columns

        - the ``by`` column(s): the target group;
        - ``term``: a token as :func:`framing.text.tokenize` makes it (lowercased, no stemming);
        - ``count_target``, ``count_rest``: occurrences in the group and in all other groups;
        - ``delta``: log-odds ratio of the term, target minus rest, with the prior;
        - ``variance``: its approximate variance;
        - ``z``: ``delta / sqrt(variance)``; positive means distinctive of the target,
          negative of the rest; ``|z| > 1.96`` is the paper's usual cut-off.

    Raises
    ------
    DataError
        Missing columns, fewer than two groups, unknown ``target`` or ``prior``,
        ``alpha <= 0``, or a vocabulary left empty by ``min_count``/``stopwords``.

    Notes
    -----
    With ``y`` the term's count and ``n`` the total count in the target (i) and the rest (j),
    and ``alpha_0`` the sum of the prior over the vocabulary (Monroe, Colaresi & Quinn 2008,
    eqs. 16, 18-20)::

        delta = log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
        variance = 1 / (y_i + a_w) + 1 / (y_j + a_w)

    The variance is the paper's approximation (it ignores the ``n - y`` terms); the
    numbers agree with ConvoKit's ``FightingWords``, which uses the same formula.

    The prior. With ``V`` terms in the vocabulary (after ``min_count`` and ``stopwords``),
    ``n_w`` the count of term ``w`` in the whole corpus and ``n = sum_w n_w``::

        prior='uniform':  a_w = alpha                  a_0 = alpha * V
        prior='corpus':   a_w = alpha * V * n_w / n    a_0 = alpha * V

    Both priors have the same total mass ``a_0``, so ``alpha`` means the same amount of
    shrinkage whichever prior is chosen and the two can be compared at one ``alpha``; the
    corpus prior only redistributes that mass in proportion to each term's corpus share,
    which is the informative prior of Monroe et al. (sec. 3.5.1) scaled to ``a_0``. For
    example, with ``alpha=0.01``, ``V=3`` and corpus counts 2, 2 and 1 (``n=5``), the
    corpus prior gives ``a_w = 0.03 * 2 / 5 = 0.012`` to each of the first two terms and
    ``0.006`` to the third, where the uniform prior gives ``0.01`` to each.

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical feature
    selection and evaluation for identifying the content of political conflict.
    *Political Analysis*, 16(4), 372-403.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> corpus = pd.DataFrame({
    ...     "outlet": ["A", "A", "B", "B"],
    ...     "text": ["Prisoners are a bargaining chip.", "A chip in the talks.",
    ...              "Families wait for prisoners.", "Families hope."],
    ... })
    >>> out = framing.distinctive_terms(corpus, target="B", top=2)
    >>> out[["outlet", "term", "count_target", "count_rest"]]
      outlet      term  count_target  count_rest
    0      B  families             2           0
    1      B       for             1           0
    """
    from scipy import sparse

    check_table(corpus, "corpus")
    by_cols = group_columns(corpus, by, "corpus")
    if text_col not in corpus.columns:
        raise DataError(
            f"text column {text_col!r} is not in the corpus (columns: "
            f"{list(map(str, corpus.columns))}); pass text_col= the column with the text"
        )
    check_choice("prior", prior, _PRIORS)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not alpha > 0:
        raise DataError(f"alpha must be a positive number (a prior pseudo-count), got {alpha!r}")
    if top is not None:
        top = check_int("top", top, 1)
    min_count = check_int("min_count", min_count, 1)
    stop = _stopwords(stopwords)

    gcode, keys = group_codes(corpus, by_cols)
    labels = group_labels(keys)
    if len(labels) < 2:
        raise DataError(
            f"distinctive terms need at least two groups in by={by_cols}, found only {labels}"
        )
    if target is not None and target not in labels:
        raise DataError(f"target={target!r} is not a group of by={by_cols}; groups: {labels}")

    from framing.text import document_term_matrix

    texts = corpus[text_col].fillna("").astype(str).tolist()
    dtm, vocab = document_term_matrix(texts, min_count=min_count, stopwords=stop)
    vocab = np.asarray(vocab)
    if len(vocab) == 0:
        raise DataError(
            "no terms left after min_count/stopwords filtering; lower min_count or drop stopwords"
        )
    n_docs = len(texts)
    member = sparse.csr_matrix(
        (np.ones(n_docs), (gcode, np.arange(n_docs))), shape=(len(labels), n_docs)
    )
    counts = np.asarray((member @ dtm).todense(), dtype=float)  # groups x terms
    total = counts.sum(axis=0)
    a0 = alpha * len(vocab)
    prior_w = np.full(len(vocab), float(alpha)) if prior == "uniform" else a0 * total / total.sum()

    y_i, y_j = counts, total - counts
    n_i = y_i.sum(axis=1, keepdims=True)
    n_j = y_j.sum(axis=1, keepdims=True)
    delta = np.log((y_i + prior_w) / (n_i + a0 - y_i - prior_w)) - np.log(
        (y_j + prior_w) / (n_j + a0 - y_j - prior_w)
    )
    variance = 1.0 / (y_i + prior_w) + 1.0 / (y_j + prior_w)
    z = delta / np.sqrt(variance)

    groups = range(len(labels)) if target is None else [labels.index(target)]
    parts = []
    for g in groups:
        order = np.argsort(-z[g], kind="stable")  # vocab is sorted: ties go by term
        if top is not None:
            order = order[:top]
        part = keys.iloc[np.repeat(g, len(order))].reset_index(drop=True)
        part["term"] = vocab[order].astype(object)
        part["count_target"] = y_i[g, order].astype(np.int64)
        part["count_rest"] = y_j[g, order].astype(np.int64)
        part["delta"] = delta[g, order]
        part["variance"] = variance[g, order]
        part["z"] = z[g, order]
        parts.append(part)
    result = pd.concat(parts, ignore_index=True)
    _provenance.write(
        result,
        _provenance.derive(
            corpus,
            "distinctive_terms",
            by=by_cols,
            target=target,
            prior=prior,
            alpha=alpha,
            top=top,
            min_count=min_count,
            stopwords=stopwords
            if stopwords is None or isinstance(stopwords, str)
            else sorted(stop or ()),
            text_col=text_col,
            method=(
                "log-odds ratio with "
                + ("informative (corpus-scaled)" if prior == "corpus" else "uniform")
                + " Dirichlet prior (Monroe et al. 2008)"
            ),
        ),
    )
    return result


def _stopwords(stopwords: Any) -> frozenset[str] | None:
    if stopwords is None:
        return None
    if isinstance(stopwords, str):
        if stopwords != "english":
            raise DataError(
                f"unknown stopwords={stopwords!r}; use 'english', a list of words, or None"
            )
        from framing.text import get_language

        return get_language("en").stopwords()
    words = list(stopwords)
    if not all(isinstance(w, str) for w in words):
        raise DataError("stopwords must be 'english', None, or a collection of strings")
    return frozenset(w.lower() for w in words)
