"""Sentences: NLTK's Punkt algorithm with parameters shipped here, never NLTK data.

framing never calls NLTK's downloader and never reads ``nltk.data``: sentences
are split by NLTK's Punkt algorithm with the abbreviations of each language's
rules (:mod:`framing.text.languages`; for English the abbreviations that news
copy uses, so "The U.S. and E.U. called …" stays one sentence). Results are the
same whether or not NLTK data happens to be installed. Every sentence carries
character offsets into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from framing.errors import CorpusError
from framing.text.languages import get_language

__all__ = ["sentence_spans", "sentences"]


@cache
def _punkt(lang: str = "en"):
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

    class _NewsLanguageVars(PunktLanguageVars):
        # Curly quotes and guillemets close sentences like ASCII quotes do
        # (newer NLTK releases do this too; pinning it keeps results stable).
        re_boundary_realignment = re.compile(
            r"[\"')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)", re.MULTILINE
        )

    params = PunktParameters()
    params.abbrev_types = set(get_language(lang).abbreviations)
    return PunktSentenceTokenizer(params, lang_vars=_NewsLanguageVars())


_PARAGRAPH_RX = re.compile(r"\n[ \t\u00a0]*\n\s*")


def sentence_spans(text: str, *, lang: str | None = None) -> list[tuple[int, int]]:
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
    punkt = _punkt(get_language(lang).code)
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
    corpus : DataFrame, str or list of str
        One row per article, as returned by :func:`framing.load_corpus`; a
        plain string is one article (``doc_id`` ``"0"``), a list or Series of
        strings one article each (ids are the positions or the Series index).
    text_col : str, default="text"
        Column holding the article text.
    progress : bool, optional
        Show a tqdm progress bar; by default only for corpora of more than
        2,000 articles, and only on a terminal or in a notebook.

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
    >>> sentences("One. Two.")["text"].tolist()
    ['One.', 'Two.']
    """
    if isinstance(corpus, str):
        corpus = pd.DataFrame({"doc_id": ["0"], text_col: [corpus]})
    elif isinstance(corpus, list | tuple | pd.Series) and all(isinstance(t, str) for t in corpus):
        index = corpus.index.astype(str) if isinstance(corpus, pd.Series) else None
        ids = list(index) if index is not None else [str(i) for i in range(len(corpus))]
        corpus = pd.DataFrame({"doc_id": ids, text_col: list(corpus)})
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
    from framing._progress import progress_bar

    iterator: Iterable = progress_bar(
        texts, progress=progress, long=len(texts) > 2000, desc="sentences", unit="doc"
    )
    rows: list[int] = []
    sent_ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    out_text: list[str] = []
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
