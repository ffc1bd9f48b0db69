"""Candidate cues for a frame, each with the evidence a coder needs to accept or reject it.

:func:`suggest_cues` proposes words and two-word phrases that mark a frame and are not yet
cues of it. With a human coding it contrasts the coded units with and without the frame;
without one it contrasts the units in which the frame's existing cues match with the rest
(co-occurrence) and adds each candidate's nearness to the existing cues in a latent
semantic space of the corpus (LSA: TruncatedSVD of the TF-IDF unit × term matrix). The
contrast is the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi &
Quinn (2008) — the statistic of :func:`framing.distinctive_terms` with ``prior='corpus'``.
A suggestion is evidence, not a decision: read its example sentences, then validate the
revised frame on units you did not read (notebook 03).

References
----------
Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical feature
selection and evaluation for identifying the content of political conflict. *Political
Analysis*, 16(4), 372-403.
Deerwester, S., Dumais, S. T., Furnas, G. W., Landauer, T. K., & Harshman, R. (1990).
Indexing by latent semantic analysis. *JASIS*, 41(6), 391-407.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing._validation import check_int, check_number
from framing.codebook.load import resolve_codebook
from framing.codebook.model import Codebook
from framing.errors import CodebookError, DataError

__all__ = ["suggest_cues"]

_COLUMNS = ["cue", "n_with", "n_without", "log_odds", "z", "similarity", "example_1",
            "example_2", "source"]  # fmt: skip


def suggest_cues(
    corpus: pd.DataFrame,
    codebook: str | Codebook | None,
    frame: str,
    *,
    coded: pd.DataFrame | None = None,
    top: int = 30,
    min_count: int = 2,
    alpha: float = 0.01,
    text_col: str = "text",
) -> pd.DataFrame:
    """Propose new cues for one frame, with counts, log-odds and example sentences.

    Parameters
    ----------
    corpus : DataFrame
        Articles (:func:`framing.load_corpus`) or sentences (:func:`framing.sentences`);
        articles are split into sentences, the units suggestions are counted in.
    codebook : str, Path or Codebook
        The codebook holding ``frame``; its cues are the starting point (and are never
        suggested again).
    frame : str
        The frame to grow.
    coded : DataFrame, optional
        A human coding of units: ``doc_id``, ``sent_id`` and a 0/1 column named ``frame``
        (NaN = not coded), with ``text`` or ids that join to the sentences of ``corpus``
        (e.g. :func:`framing.load_reference_coding` or :func:`framing.read_coding_sheet`).
        When given, units coded 1 are contrasted with units coded 0; otherwise units in
        which the frame's cues match are contrasted with the rest.
    top : int, default=30
        Number of suggestions.
    min_count : int, default=2
        A candidate must occur in at least this many units with the frame.
    alpha : float, default=0.01
        Prior pseudo-count per term of the Dirichlet prior (as in
        :func:`framing.distinctive_terms`).
    text_col : str, default='text'

    Returns
    -------
    DataFrame
        One row per suggestion, best first: ``cue`` (a word or two-word phrase, usable as a
        cue as it is), ``n_with`` and ``n_without`` (units with and without the frame that
        contain it), ``log_odds`` (log-odds ratio, with versus without, with the prior),
        ``z`` (log-odds over its standard error; for ranking, not testing: words are bursty),
        ``similarity`` (cosine similarity in the corpus LSA space to the mean of the frame's
        existing cue words; NaN when none of them occurs), ``example_1``, ``example_2`` (two
        sentences with the frame that contain the candidate) and ``source`` (``'coded'`` or
        ``'cooccurrence'``). With ``coded`` the order is by ``z``; without it by the mean
        of the ranks of ``z`` and ``similarity`` (co-occurrence alone also favours words that
        merely sit next to the cues).

    Notes
    -----
    Candidates are word n-grams (1–2) of :func:`framing.tokenize`, without stopword-only
    phrases, numbers, one-letter words, and phrases that the frame's cues already match
    (whole or in part). With ``y`` a candidate's count and ``n`` the total count in the
    units with (i) and without (j) the frame, and the prior ``a_w = alpha·V·n_w/n``
    (``a_0 = alpha·V``)::

        log_odds = log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
        z = log_odds / sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))

    Examples
    --------
    >>> import framing
    >>> corpus = framing.load_corpus("pow-exchange-2025")
    >>> ref = framing.load_reference_coding()
    >>> s = framing.suggest_cues(corpus, "pow-exchange", "leverage", coded=ref, top=5)
    >>> list(s.columns[:5])
    ['cue', 'n_with', 'n_without', 'log_odds', 'z']
    """
    from framing.text import sentences as split

    check_int("top", top, 1)
    check_int("min_count", min_count, 1)
    check_number("alpha", alpha, 0, open_low=True)
    if not isinstance(corpus, pd.DataFrame):
        raise DataError(
            f"corpus must be a DataFrame of articles or sentences, got {type(corpus).__name__}"
        )
    cb = resolve_codebook(codebook, corpus)
    if frame not in cb.frame_names:
        raise CodebookError(f"unknown frame {frame!r}; codebook {cb.name!r} has {cb.frame_names}")
    if text_col not in corpus.columns:
        raise DataError(f"the corpus has no {text_col!r} column; pass text_col=")
    units = corpus if "sent_id" in corpus.columns else split(corpus, text_col=text_col)
    units = units.rename(columns={text_col: "text"}) if text_col in units.columns else units
    units = units.reset_index(drop=True)
    if coded is not None:
        texts, has_frame = _coded_units(units, coded, frame)
        source = "coded"
    else:
        texts = units["text"].fillna("").astype(str).tolist()
        from framing.scoring.score import frame_counts

        counts, _ = frame_counts(texts, cb)
        has_frame = counts[:, cb.frame_names.index(frame)] > 0
        source = "cooccurrence"
    if has_frame.sum() == 0 or (~has_frame).sum() == 0:
        raise DataError(
            f"every unit is {'without' if has_frame.sum() == 0 else 'with'} the frame {frame!r}; "
            "suggestions need units with and without it"
        )
    table = _candidates(texts, has_frame, cb, frame, cb.language or "en", min_count, alpha)
    if table.empty:
        return pd.DataFrame(columns=_COLUMNS)
    table["similarity"] = _lsa_similarity(texts, table["cue"].tolist(), cb, frame)
    if coded is None:
        rank = table["z"].rank(ascending=False) + table["similarity"].fillna(-1).rank(
            ascending=False
        )
        table = table.assign(_rank=rank).sort_values(["_rank", "z"], ascending=[True, False])
    else:
        table = table.sort_values(["z", "cue"], ascending=[False, True])
    table = table.head(top).drop(columns="_rank", errors="ignore").reset_index(drop=True)
    examples = _examples(texts, has_frame, table["cue"].tolist())
    table["example_1"] = [e[0] for e in examples]
    table["example_2"] = [e[1] for e in examples]
    table["source"] = source
    return table[_COLUMNS]


def _coded_units(units: pd.DataFrame, coded: pd.DataFrame, frame: str):
    if not isinstance(coded, pd.DataFrame):
        raise DataError(f"coded must be a DataFrame, got {type(coded).__name__}")
    if frame not in coded.columns:
        raise DataError(
            f"coded has no column {frame!r} (columns: {list(map(str, coded.columns))}); it must "
            "hold the 0/1 coding of the frame"
        )
    values = pd.to_numeric(coded[frame], errors="coerce")
    bad = coded[frame].notna() & ~values.isin([0, 1])
    if bad.any():
        raise DataError(
            f"coded column {frame!r} holds values other than 0/1 (e.g. "
            f"{coded.loc[bad, frame].iloc[0]!r})"
        )
    keep = values.notna().to_numpy()
    if "text" in coded.columns:
        texts = coded.loc[keep, "text"].fillna("").astype(str).tolist()
    else:
        keys = [k for k in ("doc_id", "sent_id") if k in coded.columns and k in units.columns]
        if keys != ["doc_id", "sent_id"]:
            raise DataError(
                "coded has no text column and no doc_id and sent_id to find its sentences; add "
                "text or the ids of framing.sentences()"
            )
        joined = (
            coded.loc[keep, keys]
            .astype(str)
            .merge(units[[*keys, "text"]].astype({k: str for k in keys}), on=keys, how="left")
        )
        if joined["text"].isna().any():
            raise DataError(
                f"{int(joined['text'].isna().sum())} coded units are not sentences of the corpus "
                f"(e.g. {joined.loc[joined['text'].isna(), keys].iloc[0].to_dict()})"
            )
        texts = joined["text"].tolist()
    return texts, values[keep].to_numpy().astype(int) == 1


def _candidates(texts, has_frame, cb: Codebook, frame: str, lang: str, min_count, alpha):
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.text.languages import get_language
    from framing.text.tokens import tokenize

    vec = CountVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                          ngram_range=(1, 2), dtype=np.int64)  # fmt: skip
    try:
        X = vec.fit_transform(texts).tocsc()
    except ValueError:  # no words at all
        return pd.DataFrame(columns=["cue", "n_with", "n_without", "log_odds", "z"])
    terms = vec.get_feature_names_out().astype(str)
    with_ = np.asarray(has_frame, dtype=bool)
    y_i = np.asarray(X[with_].sum(axis=0)).ravel().astype(float)
    y_j = np.asarray(X[~with_].sum(axis=0)).ravel().astype(float)
    units_i = np.asarray((X[with_] > 0).sum(axis=0)).ravel()
    units_j = np.asarray((X[~with_] > 0).sum(axis=0)).ravel()
    n_w = y_i + y_j
    a_0 = alpha * len(terms)
    a_w = a_0 * n_w / n_w.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    delta = np.log((y_i + a_w) / (n_i + a_0 - y_i - a_w)) - np.log(
        (y_j + a_w) / (n_j + a_0 - y_j - a_w)
    )
    z = delta / np.sqrt(1.0 / (y_i + a_w) + 1.0 / (y_j + a_w))
    stop = get_language(lang).stopwords()
    matcher = cb[frame].matcher
    keep = np.flatnonzero((units_i >= min_count) & (z > 0))
    rows = []
    for k in keep:
        term = terms[k]
        words = term.split()
        if all(w in stop for w in words) or any(len(w) < 2 or w.isdigit() for w in words):
            continue
        if (
            words[0] in stop or words[-1] in stop
        ):  # "the talks", "talks in": the content word is the cue
            if len(words) > 1:
                continue
        if matcher.count(term):  # already (partly) a cue of the frame
            continue
        rows.append((term, int(units_i[k]), int(units_j[k]), float(delta[k]), float(z[k])))
    return pd.DataFrame(rows, columns=["cue", "n_with", "n_without", "log_odds", "z"])


def _lsa_similarity(texts: list[str], candidates: list[str], cb: Codebook, frame: str):
    """Cosine similarity of each candidate to the mean of the frame's cue words (LSA space).

    Words get LSA vectors (TruncatedSVD of the sublinear TF-IDF unit × word matrix, words in
    at least two units); a phrase is the sum of its words' vectors.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    from framing.text.tokens import tokenize

    missing = np.full(len(candidates), np.nan)
    vec = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None,
                          sublinear_tf=True, min_df=2)  # fmt: skip
    try:
        X = vec.fit_transform(texts)
    except ValueError:
        return missing
    terms = vec.get_feature_names_out().astype(str)
    k = min(100, X.shape[0] - 1, X.shape[1] - 1)
    if k < 2:
        return missing
    svd = TruncatedSVD(n_components=k, n_iter=4, random_state=0).fit(X)
    vectors = (svd.components_ * svd.singular_values_[:, None]).T  # word × k
    matcher = cb[frame].matcher
    cue_rows = [i for i, t in enumerate(terms) if matcher.count(t)]
    if not cue_rows:
        return missing
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    centroid = unit[cue_rows].mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    index = {t: i for i, t in enumerate(terms)}
    out = missing.copy()
    for n, cue in enumerate(candidates):
        rows = [index[w] for w in cue.split() if w in index]
        if rows:
            v = vectors[rows].sum(axis=0)
            out[n] = float(v @ centroid / (np.linalg.norm(v) or 1.0))
    return out


def _examples(texts: list[str], has_frame, candidates: list[str]) -> list[tuple[str, str]]:
    from framing.text.tokens import tokenize

    wanted: dict[str, list[str]] = {c: [] for c in candidates}
    for text, flag in zip(texts, has_frame, strict=True):
        if not flag:
            continue
        tokens = tokenize(text)
        grams = set(tokens) | {" ".join(p) for p in zip(tokens, tokens[1:], strict=False)}
        for c in grams & wanted.keys():
            if len(wanted[c]) < 2:
                wanted[c].append(text)
    return [
        (w[0] if w else "", w[1] if len(w) > 1 else "") for w in (wanted[c] for c in candidates)
    ]
