"""Word tokens: one regular expression shared by the tokenizer, the matcher and the DTM.

A *token* is a run of word characters (letters, digits, underscore), with internal apostrophes kept
("don't", "O'Brien"); hyphens, dashes and other punctuation separate tokens
("prisoner-of-war" is three tokens). :func:`tokenize` lower-cases tokens and
strips the possessive ``'s`` so "Russia's" and "Russia" are one term.
Every token carries character offsets into the original text.
"""

from __future__ import annotations

import re

from framing.errors import TextError

__all__ = ["TOKEN_PATTERN", "tokenize", "token_spans", "count_tokens"]

#: Word tokens: runs of word characters (letters, digits, ``_``), internal
#: apostrophes (straight or curly) kept. The cue matcher uses the same ``\w``.
TOKEN_PATTERN = r"\w+(?:['’]\w+)*"


TOKEN_RX = re.compile(TOKEN_PATTERN)


_POSSESSIVE_RX = re.compile(r"['’]s$")


def fold_case(token: str) -> str:
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
        raise TextError(f"tokenize() expects a str, got {type(text).__name__}")
    return [_POSSESSIVE_RX.sub("", fold_case(t)) for t in TOKEN_RX.findall(text)]


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
