"""Cue patterns and the compiled matcher every framing function shares.

Matching rules (written once here, inherited by :func:`framing.score`,
:func:`framing.matches`, :func:`framing.kwic` and :func:`framing.highlight`;
quanteda's glob dictionary lookup is the model):

* case-insensitive; cues and text are normalised alike
  (:func:`framing.text.normalize.normalize_text`: Unicode NFC, the apostrophes
  ’ and ʼ written as ``'``), so a cue typed in NFD form or with a curly
  apostrophe matches either spelling;
* whole tokens only: ``war`` never matches inside ``award`` or ``warlord``;
* ``*`` matches any run of word characters within one token
  (``humanitar*`` → humanitarian, humanitarians), ``?`` exactly one;
* a multi-word cue matches consecutive tokens separated by whitespace or
  hyphens: ``prisoner of war`` matches "prisoner-of-war", ``bargaining chip*``
  matches "bargaining chips";
* a cue also matches its possessive: ``family`` matches "family's";
* a cue token with punctuation (``u.s.``, ``e.u.``, ``9/11``, ``a.m.``, ``c++``,
  ``:)``) is matched literally, as one token that no letter or digit touches on
  either side: ``u.s.`` matches "U.S." and "U.S.-brokered" but not "U.S.A.";
  it cannot hold the wildcards ``*`` and ``?``. Where such a cue matches, its
  text is one token for every frame of the codebook (a cue ``s`` in another
  frame does not match the "S" of "U.S."); the word count still counts the
  tokens of the tokenizer (``u``, ``s``), so scores do not depend on the codebook;
* within one matcher (one frame) matches never overlap: scanning left to
  right, at each position the longest cue wins (``bargaining chip`` beats
  ``bargaining``), so no token is counted twice;
* ``exclude`` phrases remove every cue match they overlap: with the exclude
  ``humanitarian corridor``, the cue ``humanitar*`` counts "humanitarian aid"
  but not "humanitarian corridor". Exclude phrases may overlap each other
  ("humanitarian corridor talks" with excludes ``humanitarian corridor`` and
  ``corridor talks`` removes the cue ``talks`` too).

Three rules apply in the scorer, :func:`framing.matches`, :func:`framing.kwic`
and :func:`framing.highlight` (the compiled matcher,
:mod:`framing.scoring.compiled`) but not in the reference :class:`Matcher`:

* ``match: lemma`` (per codebook or per language): a literal cue token matches
  a word whose lemma *or* surface form equals it (``обмен`` matches "обмена",
  "обменом"); a token with ``*`` or ``?`` matches the surface form only;
* weights: a cue ``{cue: war, weight: 2.5}`` adds 2.5 to its frame's sum;
* negation (per frame, off by default): a cue match preceded by a negator
  within ``window`` words, with no punctuation but hyphens between, is dropped.

Different frames are matched independently: one phrase may count once for
each of several frames.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from framing.text.normalize import APOSTROPHES, normalize_text
from framing.text.tokens import fold_case

__all__ = ["Matcher", "validate_pattern", "pattern_regex", "is_plain_token"]

# A plain cue token has the shape of a tokenizer token (word characters with
# internal apostrophes), wildcards allowed; anything else is matched literally.
_PLAIN_RX = re.compile(r"[\w*?]+(?:'[\w*?]+)*")
_SEPARATOR = r"[\s\-\u2010\u2011]+"
_REGEX_SYNTAX = "|\\"
# Start: a token boundary not inside an apostrophe word ("o'clock" has no "clock").
# Apostrophes are the tokenizer's (framing.text.normalize.APOSTROPHES).
_APOSTROPHE = "[" + re.escape(APOSTROPHES) + "]"
_START = r"(?<!\w)(?<!\w" + _APOSTROPHE + ")"
# End: optional possessive, then the token must really end.
_END = r"(?:" + _APOSTROPHE + r"s)?(?!\w)(?!" + _APOSTROPHE + r"\w)"


def is_plain_token(token: str) -> bool:
    """Whether a normalised cue token has the shape of a tokenizer token (wildcards allowed)."""
    return _PLAIN_RX.fullmatch(token) is not None


def validate_pattern(pattern: str, lang: str | None = None) -> str:
    """Normalise a cue pattern or raise ``ValueError`` saying what is wrong.

    Normalising applies :func:`~framing.text.normalize.normalize_text` (the
    same normalisation as the text's words: NFC, apostrophes), lower-cases,
    turns hyphens into spaces (tokens are split at hyphens) and collapses runs
    of whitespace.

    Parameters
    ----------
    pattern : str
    lang : str, optional
        The language of the cue (its normalisation may depend on it).

    Examples
    --------
    >>> validate_pattern("  Bargaining   Chip* ")
    'bargaining chip*'
    >>> validate_pattern("prisoner-of-war")
    'prisoner of war'
    >>> validate_pattern("U.S.-brokered")
    'u.s. brokered'
    >>> validate_pattern("war|peace")
    Traceback (most recent call last):
    ...
    ValueError: 'war|peace': cues are not regular expressions ('|' is not allowed); list each alternative as a cue of its own
    """
    if not isinstance(pattern, str):
        raise ValueError(f"{pattern!r}: a cue must be a string, not {type(pattern).__name__}")
    norm = fold_case(normalize_text(pattern, lang))
    norm = " ".join(norm.replace("-", " ").replace("\u2010", " ").replace("\u2011", " ").split())
    if not norm:
        raise ValueError(f"{pattern!r}: empty cue")
    for ch in norm:
        if ch in _REGEX_SYNTAX:
            raise ValueError(
                f"{pattern!r}: cues are not regular expressions ({ch!r} is not allowed); "
                "list each alternative as a cue of its own"
            )
        if unicodedata.category(ch)[0] in "CZ" and ch != " ":
            raise ValueError(
                f"{pattern!r}: the invisible character U+{ord(ch):04X} is not allowed in a cue; "
                "delete it"
            )
    for tok in norm.split(" "):
        if is_plain_token(tok):
            if not re.search(r"[^\W_]", tok) and re.search(
                r"[-\u2010\u2011][*?]|[*?][-\u2010\u2011]", pattern
            ):
                raise ValueError(
                    f"{pattern!r}: framing splits hyphenated words into tokens ('fair-minded' is "
                    "'fair' and 'minded'), so a wildcard for a whole hyphenated part cannot be "
                    "matched; list the compounds ('fair minded') or the first part ('fair')"
                )
            if not re.search(r"[^\W_]", tok):
                raise ValueError(
                    f"{pattern!r}: the token {tok!r} has no letter or digit and would match any word"
                )
        elif re.search(r"[^\W\d_]", tok) and (
            tok[0] == '"'
            or tok[-1] == '"'
            or unicodedata.category(tok[0]) in ("Ps", "Pi")
            or unicodedata.category(tok[-1]) in ("Pe", "Pf")
        ):
            raise ValueError(
                f"{pattern!r}: brackets and quotes around a word are not part of it (the token "
                f"{tok!r}); write the word alone, it matches inside brackets and quotes too"
            )
        elif "*" in tok or "?" in tok:
            raise ValueError(
                f"{pattern!r}: the token {tok!r} mixes punctuation with the wildcards '*' or '?'; "
                "a token with punctuation is matched literally, so write out each form "
                "(a literal '*' or '?' cannot be matched)"
            )
    return norm


def pattern_regex(pattern: str) -> str:
    """The regular-expression body of one validated cue (without boundaries)."""
    parts = []
    for tok in pattern.split(" "):
        out = []
        for ch in tok:
            if ch == "*":
                out.append(r"\w*")
            elif ch == "?":
                out.append(r"\w")
            elif ch == "'":
                out.append(_APOSTROPHE)
            else:
                out.append(re.escape(ch))
        parts.append("".join(out))
    return _SEPARATOR.join(parts)


def _compile(patterns: list[str], *, every_start: bool = False) -> tuple[re.Pattern, list[int]]:
    # Longer cues (more tokens) first: at one position every single-token
    # alternative spans exactly one token, so ordering by token count gives
    # the longest match.
    order = sorted(range(len(patterns)), key=lambda i: -patterns[i].count(" "))
    body = "|".join(f"({pattern_regex(patterns[i])})" for i in order)
    if every_start:
        # zero-width: one (longest) match at every token start, overlaps included
        return re.compile(f"{_START}(?=((?:{body}){_END}))", re.IGNORECASE), order
    rx = re.compile(f"{_START}(?:{body}){_END}", re.IGNORECASE)
    return rx, order


_NEVER = re.compile(r"(?!)")


class Matcher:
    """A set of cue patterns compiled once into one regular expression: the reference matcher.

    It states the rules in the most direct form and reports offsets in one
    text; the test suite checks that the compiled matcher used by every
    framing function (:mod:`framing.scoring.compiled`) finds exactly its hits.
    Being a backtracking regular expression, it can be slow on adversarial
    wildcards (``a*a*a*…b``); the compiled matcher is linear.

    Parameters
    ----------
    patterns : iterable of str
        Cue patterns (see the module docstring for the rules).
    exclude : iterable of str, default=()
        Phrases whose matches remove the cue matches they overlap.
    lang : str, optional
        The language of the patterns (for their normalisation).

    Examples
    --------
    >>> m = Matcher(["humanitar*", "bargaining chip*"], exclude=["humanitarian corridor"])
    >>> list(m.finditer("Humanitarian aid, not a humanitarian corridor, nor bargaining chips."))
    [(0, 12, 'humanitar*'), (51, 67, 'bargaining chip*')]
    """

    def __init__(
        self, patterns: Iterable[str], exclude: Iterable[str] = (), *, lang: str | None = None
    ):
        if isinstance(patterns, str):
            patterns = [patterns]
        if isinstance(exclude, str):
            exclude = [exclude]
        self.patterns = list(dict.fromkeys(validate_pattern(p, lang) for p in patterns))
        self.exclude = list(dict.fromkeys(validate_pattern(p, lang) for p in exclude))
        # no patterns (a frame without cues in a language): nothing ever matches
        self._rx: re.Pattern[str]
        self._rx, order = _compile(self.patterns) if self.patterns else (_NEVER, [])
        # group number (1-based) -> index into self.patterns
        self._group_to_pattern = [-1] + order
        self._ex = _compile(self.exclude, every_start=True)[0] if self.exclude else None

    def __repr__(self) -> str:
        return f"Matcher({len(self.patterns)} patterns, {len(self.exclude)} excluded)"

    def _excluded_spans(self, text: str) -> list[tuple[int, int]]:
        if self._ex is None:
            return []
        # every exclude match counts, even where exclude phrases overlap each other
        return [m.span(1) for m in self._ex.finditer(text)]

    def finditer_indices(self, text: str) -> Iterator[tuple[int, int, int]]:
        """Yield ``(start, end, pattern_index)`` for every counted match."""
        excluded = self._excluded_spans(text)
        g2p = self._group_to_pattern
        for m in self._rx.finditer(text):
            s, e = m.span()
            if excluded and any(s < xe and xs < e for xs, xe in excluded):
                continue
            yield s, e, g2p[m.lastindex or 0]

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, pattern)`` for every counted match, left to right."""
        for s, e, i in self.finditer_indices(text):
            yield s, e, self.patterns[i]

    def count(self, text: str) -> int:
        """Number of counted matches in ``text``."""
        if self._ex is None:
            return len(self._rx.findall(text)) if text else 0
        return sum(1 for _ in self.finditer_indices(text))
