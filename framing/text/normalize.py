"""Text normalisation shared by texts and cues: one function, so both sides always agree.

A cue written ``пам’ять`` must match the text ``пам'ять``, a cue typed in NFD
form must match NFC text, and so on. :func:`normalize_text` is applied to every
cue pattern (by :func:`framing.codebook.matching.validate_pattern`) and to every
word type of a text before matching (by the compiled matcher, one call per
distinct word, never per token), so the two can never drift apart.

Today it does what every language needs:

* Unicode NFC (``"I\\u0307stanbul"`` and ``"İstanbul"`` are one word);
* apostrophes: U+2019 (’) and U+02BC (ʼ) are written as the ASCII ``'``.

Language-specific rules (``lang``) join here.
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize_text", "APOSTROPHES"]

#: Characters written as the ASCII apostrophe by :func:`normalize_text`.
APOSTROPHES = "\u2019\u02bc"

_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})


def normalize_text(text: str, lang: str | None = None) -> str:
    """The normal form of ``text`` used for matching (cues and word types alike).

    Parameters
    ----------
    text : str
    lang : str, optional
        ISO 639-1 code of the text's language; rules that differ between
        languages depend on it.

    Returns
    -------
    str
        NFC-normalised text with apostrophes folded to ``'``. Case is kept
        (matching folds case separately).

    Examples
    --------
    >>> normalize_text("пам\\u2019ять") == normalize_text("пам\\u02bcять") == "пам'ять"
    True
    >>> normalize_text("I\\u0307stanbul") == "\\u0130stanbul"
    True
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_APOSTROPHE_TABLE)
    return text
