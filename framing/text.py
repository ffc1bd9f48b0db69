"""Sentence splitting and tokenization, with NLTK and without NLTK data.

framing never calls NLTK's downloader and never reads ``nltk.data``: sentences
are split by NLTK's Punkt algorithm with parameters shipped here (the
abbreviations that news copy uses, so "The U.S. and E.U. called …" stays one
sentence); words by one regular expression (:data:`TOKEN_PATTERN`, the kind
NLTK's ``RegexpTokenizer`` takes) shared with the cue matcher, so token counts
and cue boundaries always agree. Results are the
same whether or not NLTK data happens to be installed.

A *token* is a run of word characters (letters, digits, underscore), with internal apostrophes kept
("don't", "O'Brien"); hyphens, dashes and other punctuation separate tokens
("prisoner-of-war" is three tokens). :func:`tokenize` lower-cases tokens and
strips the possessive ``'s`` so "Russia's" and "Russia" are one term.
Every token and sentence carries character offsets into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

__all__ = [
    "TOKEN_PATTERN",
    "ABBREVIATIONS",
    "ENGLISH_STOPWORDS",  # noqa: F822 (loaded lazily by __getattr__)
    "tokenize",
    "token_spans",
    "count_tokens",
    "sentence_spans",
    "sentences",
    "document_term_matrix",
]

#: Word tokens: runs of word characters (letters, digits, ``_``), internal
#: apostrophes (straight or curly) kept. The cue matcher uses the same ``\w``.
TOKEN_PATTERN = r"\w+(?:['’]\w+)*"
_TOKEN_RX = re.compile(TOKEN_PATTERN)
_POSSESSIVE_RX = re.compile(r"['’]s$")

#: Abbreviations Punkt must not treat as sentence ends (lower case, no final period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt cmdr adm brig sen rep gov pres
    st jr sr rev hon amb ft mt no nos vol pp fig approx est dept univ inc ltd co corp
    u.s u.k e.u u.n u.s.a u.s.s.r n.a.t.o a.m p.m e.g i.e etc vs al
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)


@lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def __getattr__(name: str):
    # ENGLISH_STOPWORDS (scikit-learn's English list) is loaded on first use so
    # that `import framing` does not import scikit-learn's text module.
    if name == "ENGLISH_STOPWORDS":
        return _english_stopwords()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _lower(token: str) -> str:
    # "İstanbul".lower() is "i̇stanbul" (i + combining dot): fold it to a plain i.
    return token.lower().replace("i\u0307", "i")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lower-cased word tokens.

    The same tokenizer feeds the scorer's token counts and every term
    statistic, and can be handed to scikit-learn::

        CountVectorizer(tokenizer=framing.text.tokenize, lowercase=False, token_pattern=None)

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
        Lower-cased tokens, possessive ``'s`` removed.

    Examples
    --------
    >>> tokenize("Russia's prisoner-of-war «exchange» — don't")
    ['russia', 'prisoner', 'of', 'war', 'exchange', "don't"]
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() expects a str, got {type(text).__name__}")
    return [_POSSESSIVE_RX.sub("", _lower(t)) for t in _TOKEN_RX.findall(text)]


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the tokens of :func:`tokenize`.

    Examples
    --------
    >>> text = "Talks in İstanbul."
    >>> [text[s:e] for s, e in token_spans(text)]
    ['Talks', 'in', 'İstanbul']
    """
    # Python's ``re`` on purpose: NLTK 3.10's RegexpTokenizer runs patterns
    # through another engine that classifies combining marks as word
    # characters, which would disagree with the matcher's token boundaries.
    return [m.span() for m in _TOKEN_RX.finditer(text)]


def count_tokens(text: str) -> int:
    """Number of word tokens in ``text`` (as :func:`tokenize` counts them)."""
    return len(_TOKEN_RX.findall(text))


@lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

    class _NewsLanguageVars(PunktLanguageVars):
        # Curly quotes and guillemets close sentences like ASCII quotes do
        # (newer NLTK releases do this too; pinning it keeps results stable).
        re_boundary_realignment = re.compile(
            r"[\"')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)", re.MULTILINE
        )

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params, lang_vars=_NewsLanguageVars())


_PARAGRAPH_RX = re.compile(r"\n[ \t\u00a0]*\n\s*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets of the sentences of one text.

    Paragraph breaks (blank lines) always end a sentence, so headlines and
    bylines without a final period do not run into the next paragraph; within
    a paragraph NLTK's Punkt decides, with the news abbreviations in
    :data:`ABBREVIATIONS`. Offsets exclude surrounding whitespace.

    The price of keeping "the U.S. and E.U." together: a sentence that *ends*
    in one of these abbreviations ("… talks in the U.S. The next day …") is not
    split there. News copy rarely ends a sentence on them.

    Examples
    --------
    >>> t = "The U.S. and E.U. called for calm. Gen. Petrov arrived at 9 a.m. Monday."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['The U.S. and E.U. called for calm.', 'Gen. Petrov arrived at 9 a.m. Monday.']
    """
    punkt = _punkt()
    spans: list[tuple[int, int]] = []
    pos = 0
    for para_end, next_start in [(m.start(), m.end()) for m in _PARAGRAPH_RX.finditer(text)] + [
        (len(text), len(text))
    ]:
        para = text[pos:para_end]
        for s, e in punkt.span_tokenize(para):
            chunk = para[s:e]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                spans.append((pos + s + lead, pos + s + lead + len(stripped)))
        pos = next_start
    return spans


def sentences(corpus: pd.DataFrame, *, text_col: str = "text", progress: bool | None = None):
    """Split every article of a corpus into sentences.

    Parameters
    ----------
    corpus : DataFrame
        One row per article, as returned by :func:`framing.load_corpus`.
    text_col : str, default="text"
        Column holding the article text.
    progress : bool, optional
        Show a tqdm progress bar; by default only for corpora of more than
        2,000 articles.

    Returns
    -------
    DataFrame
        One row per sentence: ``doc_id``, ``sent_id`` (0-based within the
        article), ``text`` (the sentence), ``start`` and ``end`` (character
        offsets, so ``article[start:end] == text``), then the article's other
        columns. The input is not modified.

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["One. Two."]})
    >>> sentences(arts)[["doc_id", "sent_id", "text", "start", "end"]].values.tolist()
    [['a', 0, 'One.', 0, 4], ['a', 1, 'Two.', 5, 9]]
    """
    from .errors import CorpusError

    if not isinstance(corpus, pd.DataFrame):
        raise CorpusError(
            f"sentences() expects a corpus DataFrame, got {type(corpus).__name__}; "
            "load one with framing.load_corpus()"
        )
    if text_col not in corpus.columns:
        raise CorpusError(
            f"the corpus has no {text_col!r} column (columns: {', '.join(map(str, corpus.columns))}); "
            "pass text_col= to name the text column"
        )
    if "sent_id" in corpus.columns:
        raise CorpusError("the table already has a 'sent_id' column: it is split into sentences")
    texts = corpus[text_col].tolist()
    if progress is None:
        progress = len(texts) > 2000
    iterator: Iterable = texts
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(texts, desc="sentences", unit="doc")
    rows, sent_ids, starts, ends, out_text = [], [], [], [], []
    for i, text in enumerate(iterator):
        text = text if isinstance(text, str) else ""
        spans = sentence_spans(text)
        rows.extend([i] * len(spans))
        sent_ids.extend(range(len(spans)))
        for s, e in spans:
            starts.append(s)
            ends.append(e)
            out_text.append(text[s:e])
    meta = corpus.drop(columns=[text_col]).iloc[np.asarray(rows, dtype=np.intp)]
    meta = meta.reset_index(drop=True)
    if "doc_id" not in meta.columns:
        meta.insert(0, "doc_id", corpus.index.astype(str)[rows])
    out = pd.DataFrame(
        {
            "doc_id": meta["doc_id"].to_numpy(),
            "sent_id": np.asarray(sent_ids, dtype=np.int64),
            "text": pd.Series(out_text, dtype=object),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
        }
    )
    rest = meta.drop(columns=["doc_id"])
    out = pd.concat([out, rest], axis=1)
    out.attrs = dict(corpus.attrs)
    return out


def document_term_matrix(
    texts: Iterable[str], *, min_count: int = 1, stopwords: Iterable[str] | str | None = None
):
    """Document-term count matrix built with the scorer's tokenizer.

    Parameters
    ----------
    texts : iterable of str
    min_count : int, default=1
        Keep terms occurring at least this often in the whole collection.
    stopwords : {None, 'english'} or collection of str
        Terms to drop; ``'english'`` is scikit-learn's English list.

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
        raise TypeError("document_term_matrix() expects an iterable of texts, not one str")
    if stopwords == "english":
        stop = _english_stopwords()
    elif stopwords is None:
        stop = None
    else:
        stop = frozenset(w.lower() for w in stopwords)
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
