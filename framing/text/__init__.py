"""Text: sentences, tokens and document-term matrices, with NLTK and without NLTK data.

framing never calls NLTK's downloader and never reads ``nltk.data``: sentences
are split by rules per language (:mod:`framing.text.sentences`) or, on request,
by NLTK's Punkt built from the same language data (``splitter="punkt"``,
:mod:`framing.text.punkt`); words by one regular expression
(:data:`TOKEN_PATTERN`, :mod:`framing.text.tokens`) shared with the cue matcher,
so token counts and cue boundaries always agree. The rules that differ between
languages (abbreviations, function words, lemmas) come from
:mod:`framing.text.languages`; the language of a text from
:mod:`framing.text.langid`.
"""

from __future__ import annotations

from framing.text.dtm import document_term_matrix
from framing.text.languages import (
    Language,
    get_language,
    known_languages,
    register_language,
    stopwords,
)
from framing.text.normalize import normalize_text
from framing.text.sentences import sentence_spans, sentences
from framing.text.tokens import TOKEN_PATTERN, count_tokens, token_spans, tokenize

__all__ = [
    "TOKEN_PATTERN",
    "ABBREVIATIONS",  # noqa: F822 (loaded lazily by __getattr__)
    "ENGLISH_STOPWORDS",  # noqa: F822 (loaded lazily by __getattr__)
    "tokenize",
    "normalize_text",
    "identify_language",  # noqa: F822 (loaded lazily by __getattr__)
    "token_spans",
    "count_tokens",
    "sentence_spans",
    "sentences",
    "document_term_matrix",
    "Language",
    "get_language",
    "register_language",
    "known_languages",
    "stopwords",
]


def __getattr__(name: str):
    # ENGLISH_STOPWORDS (scikit-learn's English list) is loaded on first use so
    # that `import framing` does not import scikit-learn's text module.
    if name == "ENGLISH_STOPWORDS":
        return get_language("en").stopwords()
    if name == "identify_language":
        from framing.text.langid import identify_language

        return identify_language
    if name == "ABBREVIATIONS":
        return get_language("en").abbreviations
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
