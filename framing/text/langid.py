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
CYRILLIC_LANGUAGES = frozenset(
    {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt", "ba"}
)

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
    {
        "pcm",
        "crh",
        "gcf",
        "gcr",
        "guw",
        "fuv",
        "ace",
        "bcl",
        "ext",
        "gug",
        "lij",
        "ltg",
        "vec",
        "wuu",
        "sdh",
        "arz",
        "ary",
        "kab",
        "kik",
        "nso",
        "hbo",
        "grc",
        "zxx",
        "uzs",
        "gom",
        "dz",
    }
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


# Texts walked through the model's automaton together: as many as share the cost
# of each numpy step, as few as keep a batch's arrays (byte positions × texts)
# at a few MB.
_CELLS = 500_000
_MAX_BATCH = 4096
_CHUNK = 512  # texts read, identified and let go at a time


@cache
def _model() -> _Model:
    return _Model(_identifier())


class _Model:
    """py3langid's model as arrays, run on many texts at once.

    py3langid walks each text's bytes through a deterministic automaton in a
    Python loop, one byte at a time, then scores the n-grams it found. Here the
    automaton takes one step for every text of a batch at once (a numpy
    operation per byte position, texts sorted by length so that only the texts
    still running take part), and the n-gram counts of a batch form one sparse
    matrix over the n-grams the batch used, so the naive Bayes scores are one
    matrix product. The probabilities are py3langid's (``norm_probs=True``: the
    scores divided by the square root of the byte length, then a softmax; script
    aliases folded), up to float rounding; a test checks them against
    ``LanguageIdentifier.rank``.
    """

    def __init__(self, ident) -> None:
        self.ident = ident
        self.nextmove = np.asarray(ident.tk_nextmove, dtype=np.uint32)
        self.rowbase = np.asarray(ident._rowbase, dtype=np.int64)
        self.output = np.asarray(ident.tk_output, dtype=np.int32)
        self.ptc = ident.nb_ptc
        self.n_features = self.ptc.shape[0]
        self.pc = np.asarray(ident.nb_pc, dtype=np.float32)
        classes = list(ident.nb_classes)
        self.n_classes = len(classes)
        self.alias_pairs = list(ident._alias_pairs)
        first: dict[str, int] = {}
        for i, c in enumerate(classes):
            first.setdefault(c, i)
        self.labels = list(first)
        self.columns = np.fromiter(first.values(), dtype=np.intp, count=len(first))
        self.cyrillic = np.array([c in CYRILLIC_LANGUAGES for c in self.labels])
        self.latin = ~self.cyrillic | np.array([c == "sr" for c in self.labels])

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """texts × labels: each label's probability (one column per distinct label)."""
        encoded = [self.ident._encode(t) for t in texts]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        order = np.argsort(-lengths, kind="stable")
        out = np.empty((len(texts), len(self.labels)), dtype=np.float32)
        start = 0
        while start < len(order):
            # texts of similar length together, at most _CELLS bytes × texts of padding
            count = min(_MAX_BATCH, max(1, _CELLS // max(int(lengths[order[start]]), 1)))
            rows = order[start : start + count]
            out[rows] = self._batch([encoded[i] for i in rows])
            start += count
        return out

    def _batch(self, encoded: list[bytes]) -> np.ndarray:
        n = len(encoded)
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
        scores = np.zeros((n, self.n_classes), dtype=np.float32)
        if n and lengths.max() > 0:
            order = np.argsort(-lengths, kind="stable")
            part, has = self._score(self._walk([encoded[i] for i in order], lengths[order]))
            scores[order[has]] = part[has]
        scores *= (1.0 / np.sqrt(np.maximum(lengths, 1))).astype(np.float32)[:, None]
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        scores /= scores.sum(axis=1, keepdims=True)
        for i, j in self.alias_pairs:
            scores[:, i] += scores[:, j]
            scores[:, j] = 0.0
        return scores[:, self.columns]

    def _walk(self, encoded: list[bytes], lengths: np.ndarray) -> np.ndarray:
        """Byte position × text: the n-gram feature each step of the automaton emits (-1: none).

        The texts come longest first, so the texts still running at a position
        are a prefix of the columns.
        """
        n, longest = len(encoded), int(lengths[0])
        flat = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        padded = np.zeros((n, longest), dtype=np.uint8)
        padded[np.arange(longest) < lengths[:, None]] = flat  # row-major: text after text
        grid = np.ascontiguousarray(padded.T)
        running = np.searchsorted(-lengths, -np.arange(longest), side="left")
        emitted = np.empty((longest, n), dtype=np.int32)
        state = np.zeros(n, dtype=np.int64)
        for pos in range(longest):
            k = running[pos]
            step = self.nextmove[self.rowbase[state[:k]] + grid[pos, :k]]
            state[:k] = step
            emitted[pos, :k] = self.output[step]
            emitted[pos, k:] = -1
        return emitted

    def _score(self, emitted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Naive Bayes scores of a block of texts from their emitted features, and which had any."""
        from scipy import sparse

        n = emitted.shape[1]
        emits = emitted >= 0
        if not emits.any():
            return np.zeros((n, self.n_classes), dtype=np.float32), np.zeros(n, dtype=bool)
        # one int32 key per (text, feature) emission: text × features fits 2**31 for a batch
        text = np.broadcast_to(np.arange(n, dtype=np.int32), emitted.shape)[emits]
        keys = text * np.int32(self.n_features) + emitted[emits]
        del text, emits
        cells, counts = np.unique(keys, return_counts=True)
        del keys
        rows, feats = np.divmod(cells, self.n_features)
        used, local = np.unique(feats, return_inverse=True)
        # how often each text emitted each feature, as a sparse texts × used-features matrix
        matrix = sparse.csr_matrix(
            (np.log1p(counts.astype(np.float32)), local, np.searchsorted(rows, np.arange(n + 1))),
            shape=(n, len(used)),
        )
        table = np.asarray(self.ptc[used], dtype=np.float32)
        has = np.diff(matrix.indptr) > 0
        return np.asarray(matrix @ table) + self.pc, has


def _has_markers(lang: str, text: str) -> bool:
    if lang == "be":
        return bool(_BE_U.search(text) or (_UK_I.search(text) and _BE_YE.search(text)))
    return lang not in _MARKERS or bool(_MARKERS[lang].search(text))


def _letters(text: str) -> tuple[int, int]:
    """Numbers of Latin and Cyrillic letters (the ranges of ``_LATIN_RX`` and ``_CYRILLIC_RX``)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    latin = int(
        (
            ((codes >= 65) & (codes <= 90))
            | ((codes >= 97) & (codes <= 122))
            | ((codes >= 0xC0) & (codes <= 0x24F))
        ).sum()
    )
    cyrillic = int(((codes >= 0x400) & (codes <= 0x4FF)).sum())
    return latin, cyrillic


def _script_view(text: str) -> tuple[str, str | None, int]:
    """The text without the letters of a minority script, the majority script, Cyrillic letters."""
    latin, cyrillic = _letters(text)
    total = latin + cyrillic
    if total and cyrillic / total >= 0.6:
        return (_LATIN_RX.sub("", text) if latin else text), "cyrillic", cyrillic
    if total and latin / total >= 0.6:
        return (_CYRILLIC_RX.sub("", text) if cyrillic else text), "latin", 0
    return text, None, cyrillic


def _short_cyrillic(text: str, labels: list[str], probs: np.ndarray) -> tuple[str, float]:
    """The letter rules of a short Cyrillic text over its candidates (label → probability)."""
    order = np.argsort(-probs, kind="stable")
    ranked = [(labels[i], float(probs[i])) for i in order]
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

    Notes
    -----
    The texts are run through the model together, in batches (see
    ``benchmarks/bench_languages.py`` for the speed); the result of a text does
    not depend on the others.

    Examples
    --------
    >>> identify_language(["Обмен прошел в понедельник", "Полонені повернулися додому",
    ...                    "Die Heimkehrer riefen „Слава Україні!“"])["lang"].tolist()
    ['ru', 'uk', 'de']
    """
    if isinstance(texts, str):
        texts = [texts]
    index = texts.index if isinstance(texts, pd.Series) else None
    model = _model()
    known = set(model.labels)
    allowed = frozenset(known) - DEFAULT_EXCLUDED
    if candidates is not None:
        if isinstance(candidates, str):
            candidates = [candidates]
        allowed = frozenset(str(c).lower() for c in candidates)
        unknown = sorted(allowed - known)
        if unknown:
            raise ParameterError(
                f"candidates: the language model does not know {unknown}; "
                f"use ISO 639-1 codes such as {', '.join(sorted(known)[:8])}, …"
            )
    texts = texts if isinstance(texts, list | pd.Series) else list(texts)
    n = len(texts)
    langs = np.full(n, "und", dtype=object)
    conf = np.full(n, np.nan)
    ok = np.array([lang in allowed for lang in model.labels])
    masks = {None: ok, "cyrillic": ok & model.cyrillic, "latin": ok & model.latin}
    for start in range(0, n, _CHUNK):  # a chunk at a time: memory stays flat
        samples = [
            (t if isinstance(t, str) else "")[:_MAX_CHARS]
            for t in (texts.iloc if isinstance(texts, pd.Series) else texts)[start : start + _CHUNK]
        ]
        todo = [
            i for i, t in enumerate(samples) if sum(ch.isalpha() for ch in t[:200]) >= _MIN_LETTERS
        ]
        views = [_script_view(samples[i]) for i in todo]
        probs = model.probabilities([v for v, _, _ in views])
        for row, (i, (view, script, cyrillic)) in enumerate(zip(todo, views, strict=True)):
            mask = masks[script]
            if not mask.any():
                continue
            if script == "cyrillic" and cyrillic < _SHORT:
                cols = np.flatnonzero(mask)
                lang, p = _short_cyrillic(view, [model.labels[c] for c in cols], probs[row, cols])
            else:
                best = int(np.where(mask, probs[row], -1.0).argmax())
                mass = float(probs[row, mask].sum())
                lang, p = (
                    model.labels[best],
                    float(probs[row, best]) / mass if mass > 0 else float("nan"),
                )
            langs[start + i], conf[start + i] = lang, p
    return pd.DataFrame(
        {
            "lang": pd.Series(langs, index=index, dtype=object),
            "lang_confidence": pd.Series(conf, index=index, dtype=float),
        },
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
        # the Series, not a list: texts become Python strings a chunk at a time
        found = identify_language(df["text"])
        return pd.Series(found["lang"].to_numpy(), index=df.index), pd.Series(
            found["lang_confidence"].to_numpy(), index=df.index
        )
    if lang in df.columns:
        raw = df[lang]
        from framing.codebook.model import LANGUAGE_NAMES

        # language names ("Russian", "українська") become their codes; codes stay as given
        given = raw.map(
            lambda v: (
                "" if pd.isna(v) else LANGUAGE_NAMES.get(str(v).strip().casefold(), str(v).strip())
            )
        )
        missing = (given == "").to_numpy()
        if not missing.any():
            return given, None
        found = identify_language(df.loc[missing, "text"])
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
