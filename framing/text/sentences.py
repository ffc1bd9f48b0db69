"""Sentences: rule-based splitting per language, linear in the length of the text.

A sentence ends at ``.``, ``!``, ``?``, ``…`` (with any closing quotes or
brackets) when whitespace and a capitalised word, a digit or an opening quote
or dash with a capitalised word follow. Whether a period after an
abbreviation, an initial or a number ends a sentence is decided by the rules of
the text's language (:mod:`framing.text.languages`: ``т.е.``, ``z.B.``,
``Dr.``, ``В. В. Смирнов`` never end one; ``etc.``, ``т.д.``, ``usw.`` and
``2025 г.`` end one before a capitalised word; German ordinals such as
``am 9. Juni`` only before a usual sentence opener). Blank lines always end a
sentence, and so does a line break before a bulleted line, so headlines, bylines
and list items stand alone. The rules were chosen by measurement on gold
splits written for English, Russian, Ukrainian and German news
(``tests/data/sentence_splits``; ``benchmarks/bench_languages.py`` compares them
with NLTK's Punkt, razdel, tokenize-uk, pysbd and syntok). No NLTK data is read
and no regular expression can backtrack over a whole text, so a 5 MB article
without paragraph breaks is split in linear time. Every sentence carries
character offsets into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from framing._validation import check_choice
from framing.errors import CorpusError
from framing.text.languages import Language, get_language

__all__ = ["sentence_spans", "sentences", "SPLITTERS"]

_CLOSERS = "\"'»“”’‘)]}›"
_OPENERS = "\"'«„“”‘‚‹([{"
_BULLETS = "•·▪‣◦*—–-"

# A run of sentence-final punctuation (taken whole: possessive quantifiers and
# the look-behind keep the scan linear) with its closing quotes, before whitespace.
_TERMINAL_RX = re.compile(r"(?<![.!?…])[.!?…]++[" + re.escape(_CLOSERS) + r"]*+(?=\s)")
# What follows a boundary candidate: openers, an optional dash, the first character.
_NEXT_RX = re.compile(
    r"\s++[" + re.escape(_OPENERS) + r"]*+(?:[—–-]\s*+)?[" + re.escape(_OPENERS) + r"]*+(\S?)"
)
_WORD_RX = re.compile(r"\w[\w'’ʼ-]{0,40}")
_PARAGRAPH_RX = re.compile(r"(?:\r\n|\n|\r)[ \t\u00a0]*+(?:\r\n|\n|\r)\s*+")
_BULLET_LINE_RX = re.compile(r"(?:\r\n|\n|\r)[ \t]*+(?=[•·▪‣◦*—–-][ \t])")
_NUMBER_RX = re.compile(r"(?:\d[\d.,:/–-]*)?\d")
_ROMAN_RX = re.compile(r"[IVXLCDM]+")
_INITIALS_RX = re.compile(r"[^\W\d_](?:\.-?[^\W\d_])*")
_SURNAME_INITIALS_RX = re.compile(
    r"(?<![\w.])([^\W\d_][\w'’ʼ-]+)\s+(?:[^\W\d_]\.\s*){1,3}$"
)
_SURNAME_ENDINGS = re.compile(
    r"(?:ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|енко|ук|юк|чук|ич|"
    r"ський|ська|цький|цька|ів|їв)$"
)


def _is_number(token: str) -> bool:
    return bool(_NUMBER_RX.fullmatch(token) or _ROMAN_RX.fullmatch(token))


def _surname_like(word: str) -> bool:
    return len(word) > 2 and word[0].isupper() and word[1:].islower() and bool(
        _SURNAME_ENDINGS.search(word.lower())
    )


def _ends_sentence(text: str, end: int, next_word: str, rules: Language) -> bool:
    """Whether the period at ``text[end]`` (followed by a capitalised word) ends a sentence."""
    left = text[max(0, end - 80) : end]
    parts = left.split()
    if not parts or (left and left[-1].isspace()):
        return True
    token = parts[-1].lstrip(_OPENERS)
    if not token or token[-1] in _CLOSERS:
        return True  # "… (vgl. S. 4). Eine …": the bracket closed, the period is a full stop
    before = parts[-2].lstrip(_OPENERS).lower() if len(parts) > 1 else ""
    low, nxt = token.lower(), next_word.lower()
    for pair in (before + low, f"{before} {low}") if before.endswith(".") or before else ():
        if pair in rules.final:
            return nxt not in rules.continuations
        if pair in rules.nonfinal:
            return False
    if token in rules.after_number or (len(token) == 1 and token.islower()):
        # "2025 г. Тогда" ends; "в г. Брянск" and "ч. 2 ст. 205" do not
        return _is_number(before.rstrip(".")) and not next_word[:1].isdigit()
    if low in rules.nonfinal:
        return False
    if low in rules.final:
        return nxt not in rules.continuations
    if _INITIALS_RX.fullmatch(token) and token[0].isupper() and len(token.replace(".", "")) < 4:
        if rules.surname_initials:
            m = _SURNAME_INITIALS_RX.search(left + ".")
            # "… подписал главврач Смирнов В. В. Документ …": initials after a surname
            return bool(
                m
                and _surname_like(m.group(1))
                and len(next_word) > 1
                and not _surname_like(next_word)
            )
        return False
    if _is_number(token):
        if rules.ordinal_period and (len(token) <= 3 and token.isdigit() or _ROMAN_RX.fullmatch(token)):
            return nxt in rules.sentence_starters  # "am 9. Juni", "Rang 7. Der …"
        return True
    return True


def _split_block(text: str, start: int, stop: int, rules: Language, out: list) -> None:
    """Append the sentence spans of ``text[start:stop]`` (one paragraph or list item)."""
    pos = start
    for m in _TERMINAL_RX.finditer(text, start, stop):
        nxt = _NEXT_RX.match(text, m.end(), stop)
        if nxt is None or not nxt.group(1):
            continue
        first = nxt.group(1)
        if not (first.isupper() or first.isdigit() or first in _BULLETS):
            continue
        punct = m.group().rstrip(_CLOSERS)
        if punct == "." and m.group() == ".":
            word = _WORD_RX.match(text, nxt.start(1), stop)
            if not _ends_sentence(text, m.start(), word.group() if word else first, rules):
                continue
        _append(text, pos, m.end(), out)
        pos = m.end()
    _append(text, pos, stop, out)


def _append(text: str, start: int, stop: int, out: list) -> None:
    chunk = text[start:stop]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, start + lead + len(stripped)))


def _blocks(text: str):
    """(start, stop) of paragraphs and bulleted lines."""
    pos = 0
    for para in _PARAGRAPH_RX.finditer(text):
        yield from _lines(text, pos, para.start())
        pos = para.end()
    yield from _lines(text, pos, len(text))


def _lines(text: str, start: int, stop: int):
    pos = start
    for m in _BULLET_LINE_RX.finditer(text, start, stop):
        yield pos, m.start()
        pos = m.end()
    yield pos, stop


SPLITTERS = ("rules", "punkt")


def sentence_spans(
    text: str, *, lang: str | None = None, splitter: str = "rules"
) -> list[tuple[int, int]]:
    """Character offsets of the sentences of one text.

    Paragraph breaks (blank lines) and line breaks before a bulleted line always
    end a sentence, so headlines and list items do not run into the next line;
    within a paragraph the rules of ``lang`` decide (see the module docstring).
    Offsets exclude surrounding whitespace.

    Parameters
    ----------
    text : str
    lang : str, optional
        Language code (``'en'``, ``'de'``, ``'ru'``, ``'uk'``; others get the
        English rules). Default English.
    splitter : {'rules', 'punkt'}, default='rules'
        ``'rules'``: framing's rules (this module). ``'punkt'``: NLTK's Punkt
        built from the same language data (:mod:`framing.text.punkt`). The rules
        split the gold sets of ``tests/data/sentence_splits`` better (see
        ``benchmarks/bench_languages.py``).

    Examples
    --------
    >>> t = "The U.S. and E.U. called for calm. Gen. Petrov arrived at 9 a.m. on Monday."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['The U.S. and E.U. called for calm.', 'Gen. Petrov arrived at 9 a.m. on Monday.']
    >>> t = "Обмен прошёл 9 июня 2025 г. Тогда же, т.е. в тот же день, В. В. Смирнов уехал."
    >>> [t[s:e] for s, e in sentence_spans(t, lang="ru")]
    ['Обмен прошёл 9 июня 2025 г.', 'Тогда же, т.е. в тот же день, В. В. Смирнов уехал.']
    >>> t = "Am 9. Juni kamen sie frei, z.B. in Tschernihiw. Die 2. Runde folgt."
    >>> [t[s:e] for s, e in sentence_spans(t, lang="de")]
    ['Am 9. Juni kamen sie frei, z.B. in Tschernihiw.', 'Die 2. Runde folgt.']
    >>> t = "«Где мой сын?» — спросила она. Ответа не было."
    >>> [t[s:e] for s, e in sentence_spans(t, lang="ru", splitter="punkt")]
    ['«Где мой сын?» — спросила она.', 'Ответа не было.']
    """
    if not isinstance(text, str):
        from framing.errors import TextError

        raise TextError(f"sentence_spans() expects a str, got {type(text).__name__}")
    check_choice("splitter", splitter, SPLITTERS)
    rules = get_language(lang)
    spans: list[tuple[int, int]] = []
    if splitter == "punkt":
        from framing.text.punkt import punkt_block_spans

        for start, stop in _blocks(text):
            for s, e in punkt_block_spans(text, start, stop, rules.code):
                _append(text, s, e, spans)
        return spans
    for start, stop in _blocks(text):
        _split_block(text, start, stop, rules, spans)
    return spans


def sentences(
    corpus: pd.DataFrame,
    *,
    text_col: str = "text",
    lang: str | None = None,
    splitter: str = "rules",
    progress: bool | None = None,
):
    """Split every article of a corpus into sentences.

    Parameters
    ----------
    corpus : DataFrame, str or list of str
        One row per article, as returned by :func:`framing.load_corpus`; a
        plain string is one article (``doc_id`` ``"0"``), a list or Series of
        strings one article each (ids are the positions or the Series index).
    text_col : str, default="text"
        Column holding the article text.
    lang : str, optional
        Language code whose splitting rules apply to every article; by default
        each article's ``lang`` column (English rules when there is none).
    splitter : {'rules', 'punkt'}, default='rules'
        Framing's rules or NLTK's Punkt built from the same language data (see
        :func:`sentence_spans`).
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
    check_choice("splitter", splitter, SPLITTERS)
    texts = corpus[text_col].tolist()
    if lang is not None or "lang" not in corpus.columns:
        langs = [lang] * len(texts)
    else:
        langs = corpus["lang"].tolist()
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
        code = langs[i] if isinstance(langs[i], str) else None
        spans = sentence_spans(text, lang=code, splitter=splitter)
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
