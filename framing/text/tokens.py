"""Word tokens: one regular expression shared by the tokenizer, the matcher and the DTM.

A *token* is a run of word characters (letters, digits, underscore) with the
combining marks, soft hyphens and zero-width characters inside it, and with
internal apostrophes of every form kept ("don't", "O’Brien", "пам'ять",
"пам’ять", "памʼять"); hyphens, dashes and other punctuation separate tokens
("prisoner-of-war" is three tokens). :func:`tokenize` normalises tokens with
:func:`framing.text.normalize.normalize_text` (NFC, one apostrophe, ``ё`` → ``е``
for Russian, …), lower-cases them and strips the possessive ``'s`` so
"Russia's" and "Russia" are one term. Every token carries character offsets
into the original text.
"""

from __future__ import annotations

import re

from framing.errors import TextError
from framing.text.normalize import normalize_text

__all__ = ["TOKEN_PATTERN", "tokenize", "token_spans", "count_tokens"]

# Inside a word: combining marks (an NFD "й" is "и" + U+0306, Russian stress
# marks), soft hyphen, zero-width (non-)joiners, word joiner.
_INNER = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00ad\u200c\u200d\u2060\ufeff"

#: Word tokens: runs of word characters (letters, digits, ``_``) with combining
#: marks and invisible joiners inside, internal apostrophes (``' ’ ʼ ‘ ` ′ ʹ``)
#: kept. The cue matcher uses the same pattern.
TOKEN_PATTERN = (
    r"\w[\w" + _INNER + r"]*(?:['\u2019\u02bc\u2018`\u2032\u02b9][" + _INNER + r"]*\w[\w" + _INNER + r"]*)*"
)


TOKEN_RX = re.compile(TOKEN_PATTERN)


_POSSESSIVE_RX = re.compile(r"'s$")


def fold_case(token: str) -> str:
    # "İstanbul".lower() is "i̇stanbul" (i + combining dot): fold it to a plain i.
    return token.lower().replace("i\u0307", "i")


def tokenize(text: str, *, lang: str | None = None) -> list[str]:
    """Split ``text`` into lower-cased word tokens.

    The same tokenizer feeds the scorer's token counts and every term
    statistic, and can be handed to scikit-learn::

        CountVectorizer(tokenizer=framing.text.tokenize, lowercase=False, token_pattern=None)

    Parameters
    ----------
    text : str
    lang : str, optional
        Language code for :func:`~framing.text.normalize.normalize_text`
        (``'ru'`` folds ``ё`` to ``е``).

    Returns
    -------
    list of str
        Normalised, lower-cased tokens, possessive ``'s`` removed; the same as
        normalising each token of :func:`token_spans`.

    Examples
    --------
    >>> tokenize("Russia's prisoner-of-war «exchange» — don’t")
    ['russia', 'prisoner', 'of', 'war', 'exchange', "don't"]
    >>> tokenize("Пам’ять і памʼять; ещё", lang="uk")
    ["пам'ять", 'і', "пам'ять", 'ещё']
    >>> tokenize("Ещё обмен", lang="ru")
    ['еще', 'обмен']
    """
    if not isinstance(text, str):
        raise TextError(f"tokenize() expects a str, got {type(text).__name__}")
    # Normalising the whole text gives the same tokens as normalising each one
    # (tests/test_languages.py checks it) and is faster; offsets are not needed here.
    tokens = TOKEN_RX.findall(normalize_text(text, lang))
    return [_POSSESSIVE_RX.sub("", fold_case(t)) for t in tokens]


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
    return [m.span() for m in TOKEN_RX.finditer(text)]


def count_tokens(text: str) -> int:
    """Number of word tokens in ``text`` (as :func:`tokenize` counts them)."""
    return len(TOKEN_RX.findall(text))
