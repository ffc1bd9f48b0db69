"""Languages: the per-language rules of sentence splitting, normalisation, stopwords and lemmas.

Every text function asks :func:`get_language` for the rules of a text's language
(a corpus's ``lang`` column, a codebook's ``language``). English (``en``),
German (``de``), Russian (``ru``) and Ukrainian (``uk``) have rules of their own,
read from ``framing/data/languages/<code>.yaml`` (abbreviations that do or do not
end a sentence, German ordinal periods, Russian/Ukrainian "Surname I. O."
initials); any other code gets the English rules, so results are the same as
before a language was known. New languages join by :func:`register_language`.

A language's ``lemmatize`` turns a batch of lower-cased word *types* into their
lemmas (``None``: no lemmatiser); the codebook matcher calls it once per
vocabulary type, never per token (see :mod:`framing.text.lemmas`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from importlib import resources

__all__ = [
    "Language",
    "get_language",
    "register_language",
    "known_languages",
    "stopwords",
    "resolve_stopwords",
    "ABBREVIATIONS",  # noqa: F822 (loaded lazily by __getattr__)
    "DEFAULT_LANGUAGE",
]

DEFAULT_LANGUAGE = "en"


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
        Every lower-case abbreviation (without its final period) the splitter
        knows: ``nonfinal | final | after_number``.
    nonfinal : frozenset of str
        Abbreviations that never end a sentence (titles, words before a name or
        number: ``dr``, ``ул``, ``z.b``).
    final : frozenset of str
        Abbreviations that end a sentence when a capitalised word follows
        (``etc``, ``т.д``, ``usw``).
    after_number : frozenset of str
        Abbreviations that end a sentence only right after a number (Russian
        ``г.`` "year" in "2025 г." but "city" in "г. Брянск").
    continuations : frozenset of str
        Capitalised words that continue a phrase after a ``final`` abbreviation
        ("U.S. Army").
    ordinal_period : bool
        A period after a number or Roman numeral marks an ordinal ("am 9. Juni",
        German); it ends a sentence only before one of ``sentence_starters``.
    sentence_starters : frozenset of str
        Lower-case words that usually open a sentence (German).
    surname_initials : bool
        "Surname I. O." ends a sentence when a capitalised word follows (Russian,
        Ukrainian lists and documents).
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
    nonfinal: frozenset[str] = frozenset()
    final: frozenset[str] = frozenset()
    after_number: frozenset[str] = frozenset()
    continuations: frozenset[str] = frozenset()
    ordinal_period: bool = False
    sentence_starters: frozenset[str] = frozenset()
    surname_initials: bool = False
    lemmatize: Callable[[list[str]], list[str]] | None = field(default=None, compare=False)


def _words(values) -> frozenset[str]:
    if any(not isinstance(v, str) for v in values or ()):
        raise TypeError(f"language rules: every word must be a string (quote YAML's no/yes): {values}")
    return frozenset(v.lower().strip() for v in values or ())


@cache
def _rules(code: str) -> dict:
    import yaml

    text = resources.files("framing").joinpath(f"data/languages/{code}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@cache
def _listed_stopwords(code: str) -> frozenset[str]:
    """The function words of a language's rules file, normalised as tokens are.

    Normalised without a language (tokens of a text of unknown language keep
    ``ё``), so a Russian word with ``ё`` is listed in both spellings.
    """
    from framing.text.normalize import normalize_text
    from framing.text.tokens import fold_case

    words = _words(_rules(code).get("stopwords"))
    out = {fold_case(normalize_text(w)) for w in words}
    return frozenset(out | {w.replace("ё", "е") for w in out})


def _from_rules(code: str, **extra) -> Language:
    rules = _rules(code)
    abbreviations = rules.get("abbreviations", {})
    nonfinal = _words(abbreviations.get("nonfinal"))
    final = _words(abbreviations.get("final"))
    after_number = _words(rules.get("after_number"))
    return Language(
        code=code,
        name=rules["name"],
        abbreviations=nonfinal | final | after_number,
        nonfinal=nonfinal,
        final=final,
        after_number=after_number,
        continuations=_words(rules.get("continuations")),
        ordinal_period=bool(rules.get("ordinal_period", False)),
        sentence_starters=_words(rules.get("sentence_starters")),
        surname_initials=bool(rules.get("surname_initials", False)),
        **extra,
    )


_BUILTIN = ("en", "de", "ru", "uk")
_LANGUAGES: dict[str, Language] = {}


def _ensure_builtin() -> None:
    if _LANGUAGES:
        return
    from framing.text import lemmas

    for code in _BUILTIN:
        extra: dict = {"lemmatize": lemmas.lemmatizer_for(code)}
        if code == "en":
            extra["stopwords"] = _english_stopwords
        elif "stopwords" in _rules(code):
            extra["stopwords"] = partial(_listed_stopwords, code)
        _LANGUAGES.setdefault(code, _from_rules(code, **extra))


def register_language(language: Language) -> Language:
    """Make ``language`` the rules for its code."""
    _ensure_builtin()
    _LANGUAGES[language.code] = language
    return language


def known_languages() -> list[str]:
    """Codes of the languages with rules of their own."""
    _ensure_builtin()
    return sorted(_LANGUAGES)


def get_language(code: str | None = None) -> Language:
    """The rules for a language code; unknown codes (and ``None``, ``'und'``) get English rules.

    Region subtags are ignored (``'de-AT'`` → German).

    Examples
    --------
    >>> get_language("ru").name, get_language("de-AT").name, get_language("und").code
    ('Russian', 'German', 'en')
    """
    _ensure_builtin()
    if code is None:
        return _LANGUAGES[DEFAULT_LANGUAGE]
    key = str(code).strip().lower().replace("_", "-")
    if key not in _LANGUAGES:
        key = key.split("-", 1)[0]
    return _LANGUAGES.get(key, _LANGUAGES[DEFAULT_LANGUAGE])


def stopwords(lang: str) -> frozenset[str]:
    """The function words framing knows for a language (an empty set when it has no list).

    English is scikit-learn's list; German, Russian and Ukrainian are read from
    ``framing/data/languages/<code>.yaml``. Unlike :func:`get_language`, an
    unknown code does not fall back to English.

    Examples
    --------
    >>> {"и", "на", "это"} <= stopwords("ru"), "война" in stopwords("ru")
    (True, False)
    >>> len(stopwords("fr"))
    0
    """
    language = get_language(lang)
    own = str(lang).strip().lower().replace("_", "-").split("-", 1)[0] == language.code
    return language.stopwords() if own else frozenset()


def resolve_stopwords(spec, *, langs=None) -> frozenset[str] | None:
    """The words a ``stopwords=`` argument names (shared by the term statistics).

    ``None``: none. ``'english'`` or a language code (``'de'``, ``'ru'``, ``'uk'``,
    ``'en'``): that language's list. ``'auto'``: the union of the lists of the
    languages in ``langs`` (a corpus's ``lang`` values; English when there are
    none). Any other collection of strings: those words, lower-cased.
    """
    from framing.errors import ParameterError

    if spec is None:
        return None
    if isinstance(spec, str):
        if spec == "english":
            return stopwords("en")
        if spec == "auto":
            codes = sorted({str(c) for c in (langs if langs is not None else ()) if isinstance(c, str)})
            words: set[str] = set()
            for code in codes or ["en"]:
                words |= stopwords(code)
            return frozenset(words)
        words_of = stopwords(spec)
        if not words_of:
            listed = ", ".join(repr(c) for c in known_languages())
            raise ParameterError(
                f"unknown stopwords={spec!r}; use 'english', 'auto' (the corpus's languages), a "
                f"language code with a list ({listed}), a collection of words, or None"
            )
        return words_of
    try:
        words_given = list(spec)
    except TypeError:
        words_given = [spec]
    if not all(isinstance(w, str) for w in words_given):
        raise ParameterError(
            "stopwords must be 'english', 'auto', a language code, None, or a collection of strings"
        )
    return frozenset(w.lower() for w in words_given)


def __getattr__(name: str):
    # ABBREVIATIONS (the English list) is read from the rules file on first use.
    if name == "ABBREVIATIONS":
        return get_language("en").abbreviations
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
