"""Language identification of articles, offline.

:func:`identify_language` gives every text an ISO 639-1 code and a confidence,
with py3langid's naive Bayes model over byte n-grams (Lui & Baldwin 2012,
*langid.py: An Off-the-shelf Language Identification Tool*, ACL; the model ships
inside the ``py3langid`` wheel, nothing is downloaded) and two small rules on
top, each of which measurably helps on ``tests/data/language_id.jsonl``
(``benchmarks/bench_languages.py`` prints the figures):

1. **The script of the bulk of the text.** When at least 60 % of the letters are
   Cyrillic, only languages written in Cyrillic are candidates and Latin
   letters are ignored; when at least 60 % are Latin, the reverse. A German
   sentence quoting „Слава Україні!“ stays German.
2. **Cyrillic letters, on short texts** (under 80 Cyrillic letters, where the
   model alone is unreliable). Ukrainian has ``ї є ґ`` and ``і``, Russian
   ``ы э ё``: a text with only Ukrainian letters is not called Russian and the
   reverse. Belarusian needs ``ў`` or ``і`` with ``ы``/``э``, Serbian and
   Macedonian their own letters (``ђ ћ џ љ њ ј ѓ ќ ѕ``): "Усе буде добре" is
   not Serbian.

Creoles, regional varieties and historical languages that the model picks for
short texts in a major language are left out unless asked for
(:data:`DEFAULT_EXCLUDED`). Texts of fewer than ten letters get ``'und'``.
Short texts without distinctive letters ("Мама чекала сина два роки" could be
Ukrainian or Bulgarian) remain the hard case; ``lang_confidence`` says how sure
the model is (the probability of the chosen language among the candidates),
and ``candidates=`` narrows the choice when a corpus's languages are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import pandas as pd

from framing.errors import FramingError, ParameterError

__all__ = ["identify_language"]

#: Languages of the model written in Cyrillic (Serbian is written in both scripts).
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt", "ba"})

_LATIN_RX = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC_RX = re.compile(r"[\u0400-\u04ff]")
_MAX_CHARS = 4000
_MIN_LETTERS = 10  # below this a text's language is a guess: 'und'
# Up to this many Cyrillic letters a text counts as short: the model alone is
# unreliable there and the letter rules decide between close languages.
_SHORT = 80  # the language of the bulk of an article shows in its first pages

_MARKERS = {
    "sr": re.compile(r"[ђћџљњјЂЋЏЉЊЈ]"),
    "mk": re.compile(r"[ѓќѕљњџјЃЌЅЉЊЏЈ]"),
}
_BE_U = re.compile(r"[ўЎ]")
_BE_YE = re.compile(r"[ыэЫЭ]")
_UK_ONLY = re.compile(r"[їєґЇЄҐ]")
_UK_I = re.compile(r"[іІ]")
_RU_ONLY = re.compile(r"[ыэёЫЭЁ]")

#: Languages of the model left out by default: creoles, regional varieties and
#: historical languages that the model picks for short texts in a major language
#: ("Kremlin says bodies ready for handover" → Nigerian Pidgin). Pass
#: ``candidates=`` to choose among any languages of the model.
DEFAULT_EXCLUDED = frozenset(
    {"pcm", "crh", "gcf", "gcr", "guw", "fuv", "ace", "bcl", "ext", "gug", "lij", "ltg", "vec",
     "wuu", "sdh", "arz", "ary", "kab", "kik", "nso", "hbo", "grc", "zxx", "uzs", "gom", "dz"}
)


class MissingDependency(FramingError, ImportError):
    """An optional library is not installed."""


@cache
def _identifier():
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError as exc:  # pragma: no cover - py3langid is a core dependency
        raise MissingDependency(
            "language identification needs py3langid: pip install py3langid"
        ) from exc
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _has_markers(lang: str, text: str) -> bool:
    if lang == "be":
        return bool(_BE_U.search(text) or (_UK_I.search(text) and _BE_YE.search(text)))
    return lang not in _MARKERS or bool(_MARKERS[lang].search(text))


def _script_view(text: str) -> tuple[str, str | None]:
    """The text with the letters of a minority script removed, and the majority script."""
    latin = len(_LATIN_RX.findall(text))
    cyrillic = len(_CYRILLIC_RX.findall(text))
    total = latin + cyrillic
    if total and cyrillic / total >= 0.6:
        return (_LATIN_RX.sub("", text) if latin else text), "cyrillic"
    if total and latin / total >= 0.6:
        return (_CYRILLIC_RX.sub("", text) if cyrillic else text), "latin"
    return text, None


def _choose(
    text: str, script: str | None, ranked: list[tuple[str, float]], allowed: frozenset[str] | None
):
    if script == "cyrillic":
        ranked = [(lang, p) for lang, p in ranked if lang in CYRILLIC_LANGUAGES]
    elif script == "latin":
        ranked = [(lang, p) for lang, p in ranked if lang not in CYRILLIC_LANGUAGES or lang == "sr"]
    if allowed is not None:
        ranked = [(lang, p) for lang, p in ranked if lang in allowed]
    if not ranked:
        return "und", float("nan")
    if script == "cyrillic" and len(_CYRILLIC_RX.findall(text)) < _SHORT:
        ranked = [(lang, p) for lang, p in ranked if _has_markers(lang, text)] or ranked
        uk_sign = bool(_UK_ONLY.search(text))
        ru_sign = bool(_RU_ONLY.search(text))
        i_sign = bool(_UK_I.search(text))
        top = ranked[0][0]
        present = {lang for lang, _ in ranked}
        if top == "ru" and (uk_sign or i_sign) and not ru_sign and "uk" in present:
            ranked = sorted(ranked, key=lambda lp: lp[0] != "uk")
        elif top == "uk" and ru_sign and not (uk_sign or i_sign) and "ru" in present:
            ranked = sorted(ranked, key=lambda lp: lp[0] != "ru")
    mass = sum(p for _, p in ranked)
    lang, p = ranked[0]
    return lang, (p / mass if mass > 0 else float("nan"))


def identify_language(
    texts: Iterable[str] | pd.Series | str,
    *,
    candidates: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The language of each text, with a confidence.

    Parameters
    ----------
    texts : str, iterable of str or Series
        Texts to identify (the first 4,000 characters of each are read).
    candidates : sequence of str, optional
        ISO 639-1 codes to choose among (e.g. ``["en", "ru", "uk", "de"]`` when
        a corpus is known to hold only these); by default every language of
        the model except :data:`DEFAULT_EXCLUDED`.

    Returns
    -------
    DataFrame
        ``lang`` (ISO 639-1 code; ``'und'`` for a text of fewer than ten letters) and
        ``lang_confidence`` (0–1, the model's probability of that language among
        the candidates; NaN for ``'und'``), one row per text, with the index of
        ``texts`` when it is a Series.

    Examples
    --------
    >>> identify_language(["Обмен прошел в понедельник", "Полонені повернулися додому",
    ...                    "Die Heimkehrer riefen „Слава Україні!“"])["lang"].tolist()
    ['ru', 'uk', 'de']
    """
    if isinstance(texts, str):
        texts = [texts]
    index = texts.index if isinstance(texts, pd.Series) else None
    allowed = frozenset(_identifier().nb_classes) - DEFAULT_EXCLUDED
    if candidates is not None:
        if isinstance(candidates, str):
            candidates = [candidates]
        allowed = frozenset(str(c).lower() for c in candidates)
        known = set(_identifier().nb_classes)
        unknown = sorted(allowed - known)
        if unknown:
            raise ParameterError(
                f"candidates: the language model does not know {unknown}; "
                f"use ISO 639-1 codes such as {', '.join(sorted(known)[:8])}, …"
            )
    ident = _identifier()
    langs: list[str] = []
    conf: list[float] = []
    for text in texts:
        text = text if isinstance(text, str) else ""
        sample = text[:_MAX_CHARS]
        if sum(ch.isalpha() for ch in sample[:200]) < _MIN_LETTERS:
            langs.append("und")
            conf.append(float("nan"))
            continue
        view, script = _script_view(sample)
        ranked = [(lang, float(p)) for lang, p in ident.rank(view)]
        lang, p = _choose(view, script, ranked, allowed)
        langs.append(lang)
        conf.append(p)
    return pd.DataFrame(
        {"lang": pd.Series(langs, dtype=object), "lang_confidence": np.asarray(conf, dtype=float)},
        index=index,
    )


def _is_language_code(value: str) -> bool:
    from framing.text.languages import known_languages

    code = value.strip().lower()
    base = code.split("-", 1)[0].split("_", 1)[0]
    return base in known_languages() or base in set(_identifier().nb_classes) - {"zxx"}


def language_column(
    df: pd.DataFrame, lang: str | None, *, label: str = "<DataFrame>"
) -> tuple[pd.Series, pd.Series | None]:
    """The ``lang`` column of a corpus under construction, and a confidence column or None.

    ``lang=None``: the table's ``lang`` column when it has one (empty entries are
    identified), else ``'auto'``; ``'auto'``: identify every article; a column
    name: that column (empty entries identified); a language code: every article.
    Used by :func:`framing.load_corpus`.
    """
    if lang is not None and not isinstance(lang, str):
        raise ParameterError(
            f"lang must be 'auto', a column name or a language code such as 'en', not {lang!r}"
        )
    n = len(df)
    if lang is None:
        lang = "lang" if "lang" in df.columns else "auto"
    if lang == "auto":
        found = identify_language(df["text"].tolist())
        return pd.Series(found["lang"].to_numpy(), index=df.index), pd.Series(
            found["lang_confidence"].to_numpy(), index=df.index
        )
    if lang in df.columns:
        raw = df[lang]
        given = raw.map(lambda v: "" if pd.isna(v) else str(v).strip())
        missing = (given == "").to_numpy()
        if not missing.any():
            return given, None
        found = identify_language(df.loc[missing, "text"].tolist())
        values = given.to_numpy(dtype=object).copy()
        values[missing] = found["lang"].to_numpy()
        confidence = np.full(n, np.nan)
        confidence[missing] = found["lang_confidence"].to_numpy()
        return pd.Series(values, index=df.index), pd.Series(confidence, index=df.index)
    if _is_language_code(lang):
        return pd.Series([lang.strip()] * n, index=df.index, dtype=object), None
    cols = ", ".join(map(str, df.columns))
    raise ParameterError(
        f"{label}: lang={lang!r} is neither a column (columns: {cols}) nor a language code; "
        "pass lang='auto' to identify each article's language, a column name, or a code such as 'en'"
    )
