"""Languages: the per-language rules of sentence splitting, tokenization and stopwords.

Every text function asks :func:`get_language` for the rules of a text's language
(a corpus's ``lang`` column, a codebook's ``language``). English is the only
language with rules of its own today; any other code gets the English rules, so
results are the same as before a language was known. New languages join by
:func:`register_language`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Language", "get_language", "register_language", "ABBREVIATIONS", "DEFAULT_LANGUAGE"]

DEFAULT_LANGUAGE = "en"

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


@dataclass(frozen=True)
class Language:
    """The text rules of one language.

    Attributes
    ----------
    code : str
        ISO 639-1 code, e.g. ``'en'``.
    name : str
    abbreviations : frozenset of str
        Lower-case abbreviations without their final period that do not end a sentence.
    stopwords : callable returning frozenset of str
        Function words (loaded on first use).
    lemmatize : callable or None
        ``lemmatize(words) -> lemmas``: a batch of lower-cased, normalised word
        types (:func:`framing.text.normalize.normalize_text`) to their lemmas, one
        per word, in order; ``None`` when the language has no lemmatiser. Cues
        with ``match: lemma`` need one. The matcher calls it once per new word
        type, never per token.
    """

    code: str
    name: str
    abbreviations: frozenset[str] = frozenset()
    stopwords: Callable[[], frozenset[str]] = field(default=frozenset, compare=False)
    lemmatize: Callable[[list[str]], list[str]] | None = field(default=None, compare=False)


ENGLISH = Language("en", "English", ABBREVIATIONS, _english_stopwords)
_LANGUAGES: dict[str, Language] = {"en": ENGLISH}


def register_language(language: Language) -> Language:
    """Make ``language`` the rules for its code."""
    _LANGUAGES[language.code] = language
    return language


def get_language(code: str | None = None) -> Language:
    """The rules for a language code; unknown codes (and ``None``, ``'und'``) get English rules."""
    if code is None:
        return _LANGUAGES[DEFAULT_LANGUAGE]
    return _LANGUAGES.get(str(code).lower(), _LANGUAGES[DEFAULT_LANGUAGE])
