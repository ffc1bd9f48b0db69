"""Cue patterns and the compiled matcher every framing function shares.

Matching rules (written once here, inherited by :func:`framing.score`,
:func:`framing.matches`, :func:`framing.kwic` and :func:`framing.highlight`;
quanteda's glob dictionary lookup is the model):

* case-insensitive;
* whole tokens only: ``war`` never matches inside ``award`` or ``warlord``;
* ``*`` matches any run of word characters within one token
  (``humanitar*`` → humanitarian, humanitarians), ``?`` exactly one;
* a multi-word cue matches consecutive tokens separated by whitespace or
  hyphens: ``prisoner of war`` matches "prisoner-of-war", ``bargaining chip*``
  matches "bargaining chips";
* a cue also matches its possessive: ``family`` matches "family's";
* within one matcher (one frame) matches never overlap: scanning left to
  right, at each position the longest cue wins (``bargaining chip`` beats
  ``bargaining``), so no token is counted twice;
* ``exclude`` phrases remove every cue match they overlap: with the exclude
  ``humanitarian corridor``, the cue ``humanitar*`` counts "humanitarian aid"
  but not "humanitarian corridor". Exclude phrases may overlap each other
  ("humanitarian corridor talks" with excludes ``humanitarian corridor`` and
  ``corridor talks`` removes the cue ``talks`` too).

Different frames are matched independently: one phrase may count once for
each of several frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["Matcher", "validate_pattern", "pattern_regex"]

_ALLOWED_RX = re.compile(r"^[^\W_]|['’*?]$")
_SEPARATOR = r"[\s\-\u2010\u2011]+"
# Start: a token boundary not inside an apostrophe word ("o'clock" has no "clock").
_START = r"(?<!\w)(?<!\w['’])"
# End: optional possessive, then the token must really end.
_END = r"(?:['’]s)?(?!\w)(?!['’]\w)"


def validate_pattern(pattern: str) -> str:
    """Normalise a cue pattern or raise ``ValueError`` saying what is wrong.

    Normalising lower-cases the pattern, turns hyphens into spaces (tokens
    are split at hyphens) and collapses runs of whitespace.

    Examples
    --------
    >>> validate_pattern("  Bargaining   Chip* ")
    'bargaining chip*'
    >>> validate_pattern("prisoner-of-war")
    'prisoner of war'
    >>> validate_pattern("war|peace")
    Traceback (most recent call last):
    ...
    ValueError: 'war|peace': character '|' is not allowed in a cue (use letters, digits, apostrophes, spaces, '*' and '?')
    """
    if not isinstance(pattern, str):
        raise ValueError(f"{pattern!r}: a cue must be a string, not {type(pattern).__name__}")
    norm = " ".join(pattern.lower().replace("-", " ").replace("\u2010", " ").split())
    if not norm:
        raise ValueError(f"{pattern!r}: empty cue")
    for ch in norm:
        if ch != " " and not _ALLOWED_RX.match(ch):
            raise ValueError(
                f"{pattern!r}: character {ch!r} is not allowed in a cue "
                "(use letters, digits, apostrophes, spaces, '*' and '?')"
            )
    for tok in norm.split(" "):
        if not re.search(r"[^\W_]", tok):
            raise ValueError(
                f"{pattern!r}: the token {tok!r} has no letter or digit and would match any word"
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
            elif ch in "'’":
                out.append("['’]")
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


class Matcher:
    """A set of cue patterns compiled once into one regular expression.

    Parameters
    ----------
    patterns : iterable of str
        Cue patterns (see the module docstring for the rules).
    exclude : iterable of str, default=()
        Phrases whose matches remove the cue matches they overlap.

    Examples
    --------
    >>> m = Matcher(["humanitar*", "bargaining chip*"], exclude=["humanitarian corridor"])
    >>> list(m.finditer("Humanitarian aid, not a humanitarian corridor, nor bargaining chips."))
    [(0, 12, 'humanitar*'), (51, 67, 'bargaining chip*')]
    """

    def __init__(self, patterns: Iterable[str], exclude: Iterable[str] = ()):
        if isinstance(patterns, str):
            patterns = [patterns]
        if isinstance(exclude, str):
            exclude = [exclude]
        self.patterns = list(dict.fromkeys(validate_pattern(p) for p in patterns))
        self.exclude = list(dict.fromkeys(validate_pattern(p) for p in exclude))
        if not self.patterns:
            raise ValueError("a Matcher needs at least one cue pattern")
        self._rx, order = _compile(self.patterns)
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
            yield s, e, g2p[m.lastindex]

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, pattern)`` for every counted match, left to right."""
        for s, e, i in self.finditer_indices(text):
            yield s, e, self.patterns[i]

    def count(self, text: str) -> int:
        """Number of counted matches in ``text``."""
        if self._ex is None:
            return len(self._rx.findall(text)) if text else 0
        return sum(1 for _ in self.finditer_indices(text))
