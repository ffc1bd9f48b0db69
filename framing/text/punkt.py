"""Sentences by NLTK's Punkt, configured from framing's language data.

``sentence_spans(text, splitter="punkt")`` hands each paragraph to NLTK's
:class:`~nltk.tokenize.punkt.PunktSentenceTokenizer` (Kiss & Strunk 2006),
built without training and without NLTK data files from the same per-language
rules the default splitter reads (``framing/data/languages/<code>.yaml``):

* :class:`~nltk.tokenize.punkt.PunktParameters`: ``abbrev_types`` are the
  language's abbreviations and single lower-case letters (every kind: Punkt
  has no notion of an abbreviation that ends a sentence only before a capital
  or after a number),
  ``sent_starters`` its usual sentence openers and function words (after an
  abbreviation, a capitalised one of these starts a sentence), and ``collocations`` pair a
  number with the month names, so German "am 9. Juni" is not cut;
* a :class:`~nltk.tokenize.punkt.PunktLanguageVars` per language: ``…`` ends a
  sentence as ``.``, ``!`` and ``?`` do; a boundary needs what follows to begin
  (after closing quotes, opening quotes or a dash) with a capital letter or a
  digit, so ``«Где мой сын?» — спросила она`` and ``„Wo ist er?“, fragte sie``
  stay whole; closing quotes of every kind (``» “ ” ’ ›``) stay with their
  sentence.

Punkt decides the rest by its own heuristics. Paragraph breaks and bulleted
lines end a sentence as in the default splitter. A paragraph longer than
:data:`CHUNK` characters is cut into pieces at a likely boundary first, because
NLTK runs its regular expressions under a time limit
(:mod:`nltk.redos`) that a multi-megabyte paragraph would exceed.
``benchmarks/bench_languages.py`` measures this splitter beside the default.
"""

from __future__ import annotations

import re
from functools import cache

from framing.text.languages import Language, get_language

__all__ = ["punkt_tokenizer", "punkt_block_spans", "CHUNK"]

#: Longest piece of text handed to Punkt at once (characters).
CHUNK = 100_000

_CLOSERS = "\"')]}\u2018\u2019\u201c\u201d\xbb\u203a"  # " ' ) ] } ‘ ’ “ ” » ›
_OPENERS = "\"'([{\xab\u201e\u201c\u201a\u2039\u2018"  # " ' ( [ { « „ “ ‚ ‹ ‘
_DASHES = "\u2014\u2013-"
_MONTHS = {
    "de": "januar jänner februar märz april mai juni juli august september oktober november dezember",
}
# A single lower-case letter with a period is an abbreviation ("p. 5", "ч. 2",
# "с. 3"), as in the rules (which also let it end a sentence after a number).
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzäöüабвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґ")
# A likely boundary at which an over-long paragraph is cut before Punkt sees it.
_CUT_RX = re.compile(r"[.!?\u2026][" + re.escape(_CLOSERS) + r"]*\s+(?=[" + re.escape(_OPENERS) + r"]*([^\W\d_]))")


@cache
def punkt_tokenizer(lang: str | None = None):
    """The Punkt tokenizer for a language, built from its rules (cached).

    Examples
    --------
    >>> tok = punkt_tokenizer("ru")
    >>> tok.tokenize("Обмен прошёл в Стамбуле, т.е. на нейтральной земле. Все вернулись.")
    ['Обмен прошёл в Стамбуле, т.е. на нейтральной земле.', 'Все вернулись.']
    """
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    rules = get_language(lang)
    params = PunktParameters()
    # Punkt looks an abbreviation up as one token: "и др" is "др", "z.b" stays "z.b"
    params.abbrev_types = {a.split()[-1] for a in rules.abbreviations} | _LETTERS
    # frequent sentence starters: the usual openers and the function words
    params.sent_starters = set(rules.sentence_starters) | set(rules.stopwords())
    params.collocations = {("##number##", m) for m in _MONTHS.get(rules.code, "").split()}
    return PunktSentenceTokenizer(params, lang_vars=_language_vars(rules)())


def _language_vars(rules: Language):
    from nltk import redos
    from nltk.tokenize.punkt import PunktLanguageVars

    closers, openers, dashes = (re.escape(s) for s in (_CLOSERS, _OPENERS, _DASHES))
    # what may open the next sentence: opening quotes or a dash, then a capital or a digit
    start = rf"(?:[{openers}]|[{dashes}]\s*)*[\p{{Lu}}\p{{Lt}}\d]"

    class Vars(PunktLanguageVars):
        sent_end_chars = (".", "?", "!", "\u2026")
        re_boundary_realignment = redos.compile(rf"[{closers}]+?(?:\s+|$)", re.MULTILINE)
        _period_context_fmt = (
            r"%(SentEndChars)s"
            rf"(?=(?P<after_tok>[{closers}]+(?=\s+{start})"
            rf"|\s+(?P<next_tok>{start}\S*)))"
        )

    Vars.__name__ = Vars.__qualname__ = f"PunktLanguageVars_{rules.code}"
    return Vars


def punkt_block_spans(text: str, start: int, stop: int, lang: str | None) -> list[tuple[int, int]]:
    """Punkt's sentence spans of ``text[start:stop]`` (one paragraph), as offsets into ``text``."""
    tokenizer = punkt_tokenizer(lang)
    spans: list[tuple[int, int]] = []
    for a, b in _pieces(text, start, stop):
        spans.extend((a + s, a + e) for s, e in tokenizer.span_tokenize(text[a:b]))
    return spans


def _pieces(text: str, start: int, stop: int):
    """Cut ``text[start:stop]`` into pieces of at most about :data:`CHUNK` characters."""
    pos = start
    while stop - pos > CHUNK:
        cuts = _CUT_RX.finditer(text, pos + CHUNK // 2, pos + CHUNK)
        cut = next((m for m in cuts if m.group(1).isupper()), None)
        end = cut.end() if cut else text.rfind(" ", pos + 1, pos + CHUNK) + 1 or pos + CHUNK
        yield pos, end
        pos = end
    yield pos, stop
