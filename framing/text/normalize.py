"""Text normalisation: one function for article text and codebook cues alike.

:func:`normalize_text` is what makes ``пам’ять``, ``памʼять`` and ``пам'ять`` one
word, ``ещё`` and ``еще`` one word, and an NFD ``й`` (``и`` + combining breve)
the same letter as a precomposed one. Cues pass through it when a codebook is
read, tokens when text is matched, so both sides always agree.

Offsets stay exact because normalisation is applied to *tokens* (or to word
types), never to the text that offsets point into: tokens are found on the
original text by :data:`framing.text.tokens.TOKEN_PATTERN`, which keeps
combining marks, soft hyphens and every apostrophe form inside a word, and each
token is then normalised. Normalising a whole text first and tokenizing it gives
the same tokens (a property test checks this); it only loses the offsets, since
NFC and the removal of soft hyphens change lengths.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "APOSTROPHES"]

#: Characters used as an apostrophe inside words: ASCII ', U+2019 ’, U+02BC ʼ
#: (the Ukrainian standard), U+2018 ‘, backtick, U+2032 ′ and U+02B9 ʹ.
APOSTROPHES = "'\u2019\u02bc\u2018`\u2032\u02b9"

# Invisible characters that may sit inside a word and mean nothing there: soft
# hyphen, word joiner, byte-order mark. (A zero-width space is a word break and
# stays; cues refuse it.)
_INVISIBLE = "\u00ad\u2060\ufeff"
_INVISIBLE_RX = re.compile(f"[{_INVISIBLE}]")
# A single apostrophe between two word characters (a doubled one is left alone:
# "aʼʼa" is one token as written, since U+02BC is itself a letter).
_APOSTROPHE_RX = re.compile(
    r"(?<=\w)(?<![" + APOSTROPHES + r"])[" + APOSTROPHES[1:] + r"](?![" + APOSTROPHES + r"])(?=\w)"
)
# Stress marks (combining acute and grave) that survive NFC on Cyrillic vowels.
_STRESS_RX = re.compile(r"(?<=[\u0400-\u04ff])[\u0300\u0301]")
_YO = str.maketrans("ёЁ", "еЕ")
_CYRILLIC = frozenset({"ru", "uk", "be", "bg", "sr", "mk"})


def normalize_text(text: str, lang: str | None = None) -> str:
    """Normalise a text, a token or a cue for matching; case is kept.

    - Unicode NFC (``и`` + U+0306 → ``й``; ``İ`` with U+0307 composed).
    - Soft hyphens, word joiners and BOMs removed.
    - Every apostrophe form between two letters (``’ ʼ ‘ ` ′ ʹ``) → ASCII ``'``.
    - Cyrillic languages (``ru``, ``uk``, ``be``, ``bg``, ``sr``, ``mk``): stress
      marks (combining acute/grave) removed.
    - Russian (``ru``): ``ё`` → ``е`` (Russian print writes ``е`` for ``ё``
      most of the time, so cues and text must not depend on it).

    Parameters
    ----------
    text : str
    lang : str, optional
        Language code; only ``ru`` and the Cyrillic languages add rules.

    Returns
    -------
    str

    Examples
    --------
    >>> normalize_text("пам’ять, памʼять")
    "пам'ять, пам'ять"
    >>> normalize_text("Ещё за́мок", "ru")
    'Еще замок'
    >>> len("и\\u0306"), len(normalize_text("и\\u0306"))
    (2, 1)
    """
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)
    if any(ch in text for ch in _INVISIBLE):
        text = _INVISIBLE_RX.sub("", text)
    text = _APOSTROPHE_RX.sub("'", text)
    code = (lang or "").lower()[:2]
    if code in _CYRILLIC:
        text = _STRESS_RX.sub("", text)
        if code == "ru":
            text = text.translate(_YO)
    return text
