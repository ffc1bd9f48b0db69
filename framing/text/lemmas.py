"""Lemmatisers: a batch of lower-cased word types → their dictionary forms.

Russian, Ukrainian and German words are lemmatised with simplemma (Barbaresi
2021, *Simplemma: a simple multilingual lemmatizer for Python*; pure Python,
its dictionaries ship in the wheel, nothing is downloaded), chosen by
measurement against pymorphy3 on hand-lemmatised word forms of news text
(``tests/data/lemmas/``; ``benchmarks/bench_languages.py`` prints the table):
on Russian the two are within one form of each other, on Ukrainian simplemma
is more accurate, it covers German, and it lemmatises types about 20 times
faster. A word simplemma does not know comes back unchanged.

Lemmas pass through :func:`~framing.text.normalize.normalize_text`, so they
compare equal to normalised cues (``ребёнок`` → ``ребенок`` for Russian,
``пам’ять`` → ``пам'ять``). The codebook matcher lemmatises each vocabulary
*type* once; results are also cached here across calls.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial

from framing.errors import FramingError
from framing.text.normalize import normalize_text

__all__ = ["lemmatizer_for", "lemmatize", "LEMMATIZED_LANGUAGES"]

#: Languages with a lemmatiser.
LEMMATIZED_LANGUAGES = frozenset({"ru", "uk", "de"})


class LemmatizerMissing(FramingError, ImportError):
    """simplemma is not installed."""


def _simplemma():
    try:
        import simplemma
    except ImportError as exc:  # pragma: no cover - simplemma is a core dependency
        raise LemmatizerMissing(
            "lemma matching needs simplemma (a core dependency of framing): pip install simplemma"
        ) from exc
    return simplemma


@lru_cache(maxsize=8)
def _one(code: str) -> Callable[[str], str]:
    simplemma = _simplemma()

    @lru_cache(maxsize=2**18)
    def lemma(word: str) -> str:
        return normalize_text(simplemma.lemmatize(word, lang=code).lower(), code)

    return lemma


def lemmatize(words: list[str], *, lang: str) -> list[str]:
    """Lemmas of lower-cased word types, in order.

    Parameters
    ----------
    words : list of str
        Lower-cased, normalised word types (as :func:`framing.text.tokenize`
        returns them).
    lang : {'ru', 'uk', 'de'}

    Returns
    -------
    list of str

    Examples
    --------
    >>> lemmatize(["обмена", "пленных", "вернулись"], lang="ru")
    ['обмен', 'пленный', 'вернуться']
    >>> lemmatize(["полонених", "пам'ять"], lang="uk")
    ['полонений', "пам'ять"]
    """
    code = str(lang).lower()[:2]
    if code not in LEMMATIZED_LANGUAGES:
        from framing.errors import ParameterError

        raise ParameterError(
            f"no lemmatiser for language {lang!r}; lemmas are available for "
            f"{', '.join(sorted(LEMMATIZED_LANGUAGES))}"
        )
    one = _one(code)
    return [one(w) for w in words]


def lemmatizer_for(code: str) -> Callable[[list[str]], list[str]] | None:
    """The lemmatiser of a language code (a batch of types → lemmas), or ``None``."""
    code = str(code).lower()[:2]
    if code not in LEMMATIZED_LANGUAGES:
        return None

    return partial(lemmatize, lang=code)  # a partial pickles, a closure would not
