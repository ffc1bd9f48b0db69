"""The fast path of the matcher: cue hits for a whole corpus without a per-token Python loop.

:class:`framing.codebook.matching.Matcher` scans one text with one regular
expression; it states the rules but a large alternation is slow to scan. Here
texts are reduced to integer streams and matched with numpy, following the same
rules (the test suite checks that the two agree on random texts), plus what the
regular expression cannot do: lemmas, weights and negation.

1. Each text is split on whitespace (Arrow's ``ascii_split_whitespace``, after any
   other character ``str.split`` cuts at is made a space, so it cuts where ``str.split``
   does; its distinct chunks found in C). Every distinct
   whitespace-delimited *chunk* ("war,", "«exchange»", "U.S.-brokered") is
   analysed once into word tokens and barriers (punctuation that stops a
   multi-word cue), so Python work grows with the vocabulary, not the corpus.
   Cue tokens with punctuation (``u.s.``) are cut out of a chunk first and
   become one word. Each word is normalised like the cues
   (:func:`framing.text.normalize.normalize_text`, case folded) and, with
   ``match: lemma``, lemmatised once per word type.
2. A ragged gather expands chunk ids into one stream of word ids per batch
   (barriers are id 0; a barrier also separates texts).
3. Each word type is matched once against every cue token, the new types of a
   batch together: literal tokens by dictionary look-up, wildcard tokens on the
   candidates found by bisecting the sorted new types (or scanning them for a
   literal part), each tested by a linear-time glob matcher, never a
   backtracking regular expression; a
   gather gives the single-token hits per frame, and multi-word cues are
   checked only at the (sparse) positions where their most selective token occurs.
4. Leftmost-longest resolution, ``exclude`` phrases and negation act on the
   sparse matches only.

Memory stays bounded: texts are matched in batches of about two million
characters, and a longer text is cut into pieces after punctuation that no
cue can span. Character offsets of hits (for :func:`framing.matches`,
:func:`framing.kwic`, :func:`framing.highlight`) come from the chunks' start
positions (one vectorised whitespace scan of the texts with hits) plus each
word's offset within its chunk, kept with the chunk's analysis.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Any

import numpy as np
from scipy import sparse

from framing.codebook.matching import is_plain_token, pattern_regex
from framing.errors import CodebookError
from framing.scoring.table import TextColumn
from framing.text.languages import get_language
from framing.text.normalize import normalize_text
from framing.text.tokens import TOKEN_PATTERN, TOKEN_RX, fold_case

__all__ = ["CompiledCodebook", "compile_codebook", "Glob"]

_HYPHENS = "-\u2010\u2011"
_BARRIER = 0
_BATCH_CHARS = 1 << 21  # characters matched per batch
_PIECE_CHARS = 1 << 20  # longer texts are cut into pieces of about this size
_WORDCHARS_RX = re.compile(r"\w*")
_NONSPACE_TAIL_RX = re.compile(r"\S+\Z")
_CUT_RX = re.compile(r"[^\w\s]\s")  # punctuation, then whitespace: a candidate cut
# A chunk that is one tokenizer token with non-word characters around it ("war,", "«talks»").
_ONE_WORD_RX = re.compile(rf"(\W*)({TOKEN_PATTERN})(\W*)")

# Whitespace as str.split() sees it (str.isspace), as a lookup table over code points.
_SPACE_TABLE = np.array([chr(c).isspace() for c in range(0x3001)], dtype=bool)


class Glob:
    """A cue token with ``*`` (any word characters) and ``?`` (one), matched in linear time.

    A token is split at apostrophes (which wildcards never match) and each part
    into literal segments at ``*``; segments are placed greedily left to right
    (the leftmost placement of each segment never hurts the next), so a match
    costs O(len(word) × len(token)), never the exponential backtracking of
    a regular expression such as ``a\\w*a\\w*…b``.

    Examples
    --------
    >>> Glob("humanitar*").fullmatch("humanitarians"), Glob("wom?n").fullmatch("womyn")
    (True, True)
    >>> Glob("a*a*a*a*a*a*a*a*a*a*a*a*b").fullmatch("a" * 60)
    False
    """

    def __init__(self, token: str):
        self.token = token
        self.parts = [[self._segment(s) for s in part.split("*")] for part in token.split("'")]

    @staticmethod
    def _segment(seg: str):
        if "?" not in seg:
            return len(seg), seg
        return len(seg), re.compile("".join(r"\w" if c == "?" else re.escape(c) for c in seg))

    @staticmethod
    def _at(seg, word: str, i: int) -> bool:
        n, s = seg
        if isinstance(s, str):
            return word.startswith(s, i)
        return s.match(word, i, i + n) is not None

    @staticmethod
    def _find(seg, word: str, start: int, end: int) -> int:
        n, s = seg
        if isinstance(s, str):
            return word.find(s, start, end)
        m = s.search(word, start, end)
        return -1 if m is None else m.start()

    def _part(self, segs, w: str) -> bool:
        if not _WORDCHARS_RX.fullmatch(w):
            return False
        if len(segs) == 1:
            return len(w) == segs[0][0] and self._at(segs[0], w, 0)
        first, last = segs[0], segs[-1]
        if len(w) < sum(n for n, _ in segs):
            return False
        end = len(w) - last[0]
        if not (self._at(first, w, 0) and self._at(last, w, end)):
            return False
        pos = first[0]
        for seg in segs[1:-1]:
            if seg[0]:
                i = self._find(seg, w, pos, end)
                if i < 0:
                    return False
                pos = i + seg[0]
        return True

    def fullmatch(self, word: str) -> bool:
        """Whether the whole (normalised, lower-case) word matches."""
        parts = word.split("'")
        if len(parts) != len(self.parts):
            return False
        return all(self._part(segs, w) for segs, w in zip(self.parts, parts, strict=True))


_PREFIX_GLOB_RX = re.compile(r"[^*?']+\*")


class _Slot:
    """One token position of a cue: which word types it accepts."""

    def __init__(self, token: str, last: bool):
        self.token = token
        self.last = last
        self.literal = not any(c in token for c in "*?")
        self.glob = None if self.literal else Glob(token)
        # 'stem*' (the usual glob): any word starting with the stem, no apostrophe after it
        self.prefix = token[:-1] if _PREFIX_GLOB_RX.fullmatch(token) else None

    def accepts(self, word: str) -> bool:
        glob = self.glob
        if glob is None:
            return word == self.token
        if glob.fullmatch(word):
            return True
        return self.last and word.endswith("'s") and glob.fullmatch(word[:-2])


# Very frequent words: a multi-word cue is never looked for through one of them when it
# has another token (a speed heuristic only; matches do not depend on it). Loading a
# language's full stopword list would cost an import on every first use.
_FREQUENT = frozenset(
    """
    a an the of to in on at by for from with as and or but not no is are was were be been has
    have had it its this that these those he she they we you i his her their our said says
    и в во не на с со что как по к ко из у за от о об для же это а но или то бы ли
    і в у на з із що як по до за від про для це а але чи та й же
    der die das den dem des ein eine und oder nicht in im an am zu zum zur von mit für auf ist
    """.split()
)


def _anchor(keys: list, stop: frozenset[str]) -> int:
    def selectivity(key):
        token = key[0]
        literal = re.match(r"[^*?]*", token).group()
        return (token not in stop, len(literal))

    return max(range(len(keys)), key=lambda j: selectivity(keys[j]))


def _grow(arr: np.ndarray, n: int, fill) -> np.ndarray:
    """``arr`` with room for ``n`` entries (capacity doubles), new entries set to ``fill``."""
    if len(arr) >= n:
        return arr
    out = np.full(max(n, 2 * len(arr)), fill, dtype=arr.dtype)
    out[: len(arr)] = arr
    return out


def _append(arr: np.ndarray, n: int, new: np.ndarray) -> np.ndarray:
    """``arr`` (its first ``n`` rows in use) with ``new`` written after them; capacity doubles.

    Appending a batch costs its own size, not the size of everything learned so far.
    """
    need = n + len(new)
    if need > len(arr):
        out = np.empty((max(need, 2 * len(arr)), *arr.shape[1:]), dtype=arr.dtype)
        out[:n] = arr[:n]
        arr = out
    arr[n:need] = new
    return arr


class _PatternSet:
    """The cues (or the exclude phrases) of one frame, in the matcher's order."""

    def __init__(self, patterns: list[str], offset: int, slots: dict, stop: frozenset[str]):
        order = sorted(range(len(patterns)), key=lambda i: -patterns[i].count(" "))
        self.singles: list[tuple[int, Any]] = []  # (global cue index, slot key)
        self.multis: list[tuple[int, Any]] = []  # (global cue index, [slot keys])
        for i in order:
            toks = patterns[i].split(" ")
            keys = []
            for j, tok in enumerate(toks):
                key = (tok, j == len(toks) - 1)
                slots.setdefault(key, _Slot(*key))
                keys.append(key)
            (self.singles if len(keys) == 1 else self.multis).append(
                (offset + i, keys[0] if len(keys) == 1 else keys)
            )
        # Multi-word cues are looked for around their most selective token
        # (the longest non-stopword literal), not their first: "in captivity"
        # is found through "captivity", never through every "in".
        self.anchors = [_anchor(keys, stop) for _, keys in self.multis]
        # per word type: global index of the first single cue it matches, or -1
        self.single_of = np.full(1, -1, dtype=np.int32)
        self.first_of = np.zeros(1, dtype=bool)  # word is the anchor of some multi-word cue

    def extend(self, start: int, n: int, new_hits: dict) -> np.ndarray:
        """Record word types ``start..n-1``; returns which of them take part in a match.

        ``new_hits`` maps a slot key to the ids (``>= start``) of the new word types
        it accepts; a key that accepts none is absent.
        """
        self.single_of = _grow(self.single_of, n, -1)
        self.first_of = _grow(self.first_of, n, False)
        # first single cue in matcher order wins: assign in reverse order
        for cue, key in reversed(self.singles):
            ids = new_hits.get(key)
            if ids is not None:
                self.single_of[ids] = cue
        for (_, keys), j in zip(self.multis, self.anchors, strict=True):
            ids = new_hits.get(keys[j])
            if ids is not None:
                self.first_of[ids] = True
        return (self.single_of[start:n] >= 0) | self.first_of[start:n]

    def find(self, stream: np.ndarray, at: np.ndarray, slot_ids: dict, *, resolve: bool = True):
        """Counted matches as arrays (positions, lengths, cue indices), resolved.

        ``at`` lists the stream positions whose word is interesting to some
        pattern set (a sparse prefilter computed once per batch).
        """
        words = stream[at]
        s_cue = self.single_of[words]
        hit = s_cue >= 0
        s_pos, s_cue = at[hit], s_cue[hit].astype(np.int64)
        if not self.multis:
            return s_pos, np.ones(len(s_pos), dtype=np.int64), s_cue
        cand = at[self.first_of[words]]
        m_pos, m_len, m_cue, m_rank = [], [], [], []
        n = len(stream)
        for k_rank, ((cue_index, keys), a) in enumerate(
            zip(self.multis, self.anchors, strict=True)
        ):
            k = len(keys)
            p = cand - a
            p = p[(p >= 0) & (p + k - 1 < n)]
            for j, key in enumerate(keys):
                if not len(p):
                    break
                p = p[_member(stream[p + j], slot_ids[key])]
            if len(p):
                m_pos.append(p)
                m_len.append(np.full(len(p), k))
                m_cue.append(np.full(len(p), cue_index))
                m_rank.append(np.full(len(p), k_rank))
        if not m_pos:
            return s_pos, np.ones(len(s_pos), dtype=np.int64), s_cue
        pos, length, cue, rank = map(np.concatenate, (m_pos, m_len, m_cue, m_rank))
        if not resolve:  # exclude phrases: every match counts, overlaps included
            return (
                np.concatenate([s_pos, pos]),
                np.concatenate([np.ones(len(s_pos), dtype=np.int64), length]),
                np.concatenate([s_cue, cue]),
            )
        order = np.lexsort((rank, -length, pos))
        keep, end = [], -1
        for i in order.tolist():  # sparse: multi-word matches only
            if pos[i] >= end:
                keep.append(i)
                end = pos[i] + length[i]
        pos, length, cue = pos[keep], length[keep], cue[keep]
        # single-token matches inside an accepted multi-word match are not counted
        idx = np.searchsorted(pos, s_pos, side="right") - 1
        covered = np.zeros(len(s_pos), dtype=bool)
        hit = idx >= 0
        covered[hit] = s_pos[hit] < pos[idx[hit]] + length[idx[hit]]
        s_keep = ~covered
        all_pos = np.concatenate([s_pos[s_keep], pos])
        all_len = np.concatenate([np.ones(int(s_keep.sum()), dtype=np.int64), length])
        all_cue = np.concatenate([s_cue[s_keep], cue])
        return all_pos, all_len, all_cue


def _member(values: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_ids)`` for a sorted id array, without sorting ``values``."""
    if not len(sorted_ids):
        return np.zeros(len(values), dtype=bool)
    i = np.searchsorted(sorted_ids, values)
    return sorted_ids[np.minimum(i, len(sorted_ids) - 1)] == values


def _drop_excluded(pos, length, cue, ex_pos, ex_len):
    """Remove matches that overlap any exclude match (exclude matches may overlap)."""
    if not len(ex_pos) or not len(pos):
        return pos, length, cue
    order = np.argsort(ex_pos, kind="stable")
    ex_pos, ex_len = ex_pos[order], ex_len[order]
    reach = np.maximum.accumulate(ex_pos + ex_len)
    # among excludes starting before the match ends, the furthest end so far
    j = np.searchsorted(ex_pos, pos + length, side="left") - 1
    overlap = (j >= 0) & (reach[j.clip(min=0)] > pos)
    keep = ~overlap
    return pos[keep], length[keep], cue[keep]


def _negated(stream: np.ndarray, pos: np.ndarray, is_negator: np.ndarray, window: int):
    """Which matches have a negator among the ``window`` words before them (no barrier between)."""
    negated = np.zeros(len(pos), dtype=bool)
    open_ = np.ones(len(pos), dtype=bool)
    for k in range(1, window + 1):
        q = pos - k
        open_ &= q >= 0
        w = stream[q.clip(min=0)]
        open_ &= w != _BARRIER
        negated |= open_ & is_negator[w]
    return negated


class _Vocabulary(dict):
    """str -> id; unseen keys get the next id and are queued for analysis."""

    def __init__(self):
        super().__init__()
        self.pending: list[str] = []

    def __missing__(self, key):
        value = self[key] = len(self)
        self.pending.append(key)
        return value

    def ids(self, keys: list[str]) -> np.ndarray:
        """Ids of distinct ``keys``; unseen ones are added in bulk, in order."""
        ids = np.fromiter(map(self.get, keys, repeat(-1)), np.int64, len(keys))
        miss = np.flatnonzero(ids < 0)
        if len(miss):
            new = list(dict.fromkeys([keys[i] for i in miss.tolist()]))
            self.update(zip(new, range(len(self), len(self) + len(new)), strict=True))
            self.pending.extend(new)
            ids[miss] = np.fromiter(
                map(self.__getitem__, [keys[i] for i in miss.tolist()]), np.int64, len(miss)
            )
        return ids


def chunk_starts(text: str) -> np.ndarray:
    """Character offsets of the whitespace-delimited chunks of ``text`` (as ``str.split`` cuts them)."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = np.zeros(len(cp), dtype=bool)
    small = cp < len(_SPACE_TABLE)
    space[small] = _SPACE_TABLE[cp[small]]
    before = np.empty(len(cp), dtype=bool)
    before[:1] = True
    before[1:] = space[:-1]
    return np.flatnonzero(~space & before)


_SEPARATOR = "\x00"  # the chunk after each piece: analysed as a barrier

# Whitespace that str.split cuts at but Arrow's ascii_split_whitespace does not: the ASCII
# separators \x1c-\x1f and every non-ASCII space (all below U+3001), as UTF-8 byte strings.
_ARROW_ASCII_SPACE = " \t\n\v\f\r"
_OTHER_SPACES = [
    chr(c).encode("utf-8")
    for c in range(0x3001)
    if chr(c).isspace() and chr(c) not in _ARROW_ASCII_SPACE
]
_MULTIBYTE_SPACES = [e for e in _OTHER_SPACES if len(e) > 1]
_OTHER_SPACES_RX = "[" + "".join(f"\\x{{{ord(e.decode()):04x}}}" for e in _OTHER_SPACES) + "]"


def _ascii_spaces_only(strings) -> bool:
    """Whether an Arrow ``large_string`` array has no whitespace but ``" \\t\\n\\v\\f\\r"``.

    Then Arrow's ``ascii_split_whitespace`` (which looks at those bytes only, and is
    faster) cuts exactly where ``str.split`` does. Valid UTF-8 is checked byte-wise:
    a lead byte never occurs inside another character.
    """
    offsets = np.frombuffer(strings.buffers()[1], np.int64)
    lo, hi = offsets[strings.offset], offsets[strings.offset + len(strings)]
    if hi == lo:
        return True
    b = np.frombuffer(strings.buffers()[2], np.uint8)[lo:hi]
    if ((b >= 0x1C) & (b <= 0x1F)).any():
        return False
    if b.max() < 0x80:
        return True
    at: dict[int, np.ndarray] = {}
    for enc in _MULTIBYTE_SPACES:
        lead = at.get(enc[0])
        if lead is None:
            lead = at[enc[0]] = np.flatnonzero(b[: len(b) - len(enc) + 1] == enc[0])
        hit = np.ones(len(lead), dtype=bool)
        for k in range(1, len(enc)):
            hit &= b[lead + k] == enc[k]
        if hit.any():
            return False
    return True


def _chunk_codes(strings, vocab: _Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """Chunk ids of the whitespace-delimited chunks of each string, each followed by a separator.

    ``strings`` is a list of Python strings or an Arrow string array.

    Returns the ids, string after string, and the number of ids per string. The
    strings are split and their distinct chunks found by Arrow's compute kernels,
    so the Python dictionary is asked once per distinct chunk of the batch, not
    once per chunk. Arrow's ``ascii_split_whitespace`` cuts at ASCII whitespace but
    ``\\x1c``-``\\x1f``; in a batch with any other character that ``str.split`` cuts at,
    those become spaces first (chunks never contain whitespace, so the chunks are the
    same; Arrow's ``utf8_split_whitespace`` is not used: it sometimes leaves a trailing
    whitespace chunk or does not cut at ``\\x1d``). Empty chunks (at either end of a
    string) are dropped. Strings that are not valid UTF-8 (lone surrogates) take the
    ``str.split`` path.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        if isinstance(strings, list):
            strings = pa.array(strings, type=pa.large_string())
        if not _ascii_spaces_only(strings):
            strings = pc.replace_substring_regex(strings, _OTHER_SPACES_RX, " ")
        lists = pc.ascii_split_whitespace(strings)
    except (UnicodeError, ImportError):
        return _chunk_codes_python(strings, vocab)
    encoded = lists.flatten().dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    local = encoded.indices.to_numpy(zero_copy_only=False)
    counts = np.diff(lists.offsets.to_numpy())
    empty = distinct.index("") if "" in distinct else -1
    if empty >= 0:
        distinct[empty] = _SEPARATOR  # its occurrences are dropped below
    ids = vocab.ids(distinct)
    n = len(strings)
    if empty >= 0:
        drop = local == empty
        owner = np.repeat(np.arange(n), counts)
        counts = counts - np.bincount(owner[drop], minlength=n)
        local = local[~drop]
    per_string = counts + 1
    ends = np.cumsum(per_string)
    codes = np.empty(int(ends[-1]) if n else 0, dtype=np.int64)
    is_sep = np.zeros(len(codes), dtype=bool)
    is_sep[ends - 1] = True
    codes[is_sep] = vocab[_SEPARATOR]
    codes[~is_sep] = ids[local]
    return codes, per_string


def _chunk_codes_python(strings: list[str], vocab: _Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_chunk_codes` with ``str.split`` and one dictionary look-up per chunk."""
    per_string = np.empty(len(strings), dtype=np.int64)
    parts = []
    for k, t in enumerate(strings):
        chunks = t.split()
        chunks.append(_SEPARATOR)
        parts.append(np.fromiter(map(vocab.__getitem__, chunks), np.int64, len(chunks)))
        per_string[k] = len(chunks)
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return codes, per_string


class _ArrowTexts(Sequence):
    """Texts ``start:stop`` of a column as Arrow data; Python strings made on first access."""

    def __init__(self, column: TextColumn, start: int, stop: int, arrow):
        self.column, self.start, self.stop, self.arrow = column, start, stop, arrow
        self._strings: list[str] | None = None

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, i):
        if self._strings is None:
            self._strings = self.column.batch(self.start, self.stop)
        return self._strings[i]


@dataclass
class _Batch:
    """The integer stream of a batch of pieces of text and what maps it back to characters."""

    pieces: list[tuple[int, int, int]]  # (text index, start, end) of each piece
    codes: np.ndarray  # chunk code per chunk (a separator chunk ends each piece)
    chunk_base: np.ndarray  # index of each piece's first chunk
    ends: np.ndarray  # stream position after each chunk
    idx: np.ndarray  # element index (into the chunk analyses) of each stream position
    stream: np.ndarray  # word id per stream position (0 = barrier)
    piece_end: np.ndarray  # stream position after each piece
    n_tokens: np.ndarray  # tokens per piece


class CompiledCodebook:
    """A single-language codebook compiled for matching many texts.

    ``counts(texts)`` returns ``(X, n_tokens)``: a sparse document × cue match
    count matrix (cues numbered frame by frame, as in :func:`framing.cue_matrix`)
    and the number of word tokens of each text; ``hits(texts)`` every counted
    match with its character offsets. Build it with :func:`compile_codebook`.
    """

    # Chunk types kept between batches; beyond this the vocabulary starts afresh so
    # that a long-lived compiled codebook does not grow without bound.
    MAX_CHUNKS = 1_000_000

    def __init__(self, codebook):
        if len(codebook.languages) > 1:
            raise CodebookError(
                f"compile a single-language view: codebook.for_language(lang), one of "
                f"{', '.join(codebook.languages)}"
            )
        self.codebook = codebook
        self.lang = codebook.language
        language = get_language(self.lang)
        self.lemmatize = None
        if codebook.match_mode(self.lang) == "lemma":
            self.lemmatize = language.lemmatize
            if self.lemmatize is None:
                raise CodebookError(
                    f"codebook {codebook.name!r} matches its {self.lang or 'default-language'} "
                    f"cues by lemma (match: lemma), but no lemmatiser is available for "
                    f"{language.name} ({language.code}); install the language support of "
                    "framing for it, or use match: glob with wildcard cues"
                )
        stop = _FREQUENT
        self.n_cues = 0
        self._slots: dict = {}
        self.frames: list[tuple] = []  # (cues, exclude or None, negator keys, window)
        weights, frame_of = [], []
        for k, f in enumerate(codebook.frames):
            lex = f.lexicon()
            cues = _PatternSet(list(lex.cues), self.n_cues, self._slots, stop)
            excl = _PatternSet(list(lex.exclude), 0, self._slots, stop) if lex.exclude else None
            neg_keys, window = [], 0
            if lex.negation is not None:
                window = lex.negation.window
                for w in lex.negation.words:
                    key = (w, False)
                    self._slots.setdefault(key, _Slot(*key))
                    neg_keys.append(key)
            self.frames.append((cues, excl, neg_keys, window))
            weights.extend(lex.weight(i) for i in range(len(lex.cues)))
            frame_of.extend([k] * len(lex.cues))
            self.n_cues += len(lex.cues)
        self.weights = np.asarray(weights, dtype=float)
        self.frame_of = np.asarray(frame_of, dtype=np.int64)
        self.patterns = [p for f in codebook.frames for p in f.lexicon().cues]
        self._literal: dict[str, list] = {}
        self._globs: dict[str, list] = {}  # literal head of the glob ("" = none) -> slot keys
        self._prefixes: dict[str, list] = {}  # stem of a 'stem*' glob -> slot keys
        specials = set()
        for key, slot in self._slots.items():
            if slot.literal:
                self._literal.setdefault(slot.token, []).append(key)
                if slot.last:
                    self._literal.setdefault(slot.token + "'s", []).append(key)
                if not is_plain_token(slot.token):
                    specials.add(slot.token)
            elif slot.prefix is not None:
                self._prefixes.setdefault(slot.prefix, []).append(key)
            else:
                head = re.match(r"[^*?]*", slot.token).group()
                self._globs.setdefault(head, []).append(key)
        # Cue tokens with punctuation are cut out of chunks as one word (longest first).
        self._special_rx = None
        if specials:
            body = "|".join(pattern_regex(t) for t in sorted(specials, key=lambda t: (-len(t), t)))
            self._special_rx = re.compile(
                rf"(?<!\w)(?<!\w['’])(?:{body})(?:['’ʼ]s)?(?!\w)(?!['’]\w)", re.IGNORECASE
            )
        self._reset_vocabulary()

    def __reduce__(self):
        # Shipped to worker processes as its codebook: each worker compiles it once
        # (compile_codebook caches by content hash) and grows its own vocabulary.
        return (compile_codebook, (self.codebook,))

    def frame_matrix(self, *, weighted: bool = True):
        """Cue × frame matrix: the cue's weight (or 1) where it belongs to the frame."""
        values = self.weights if weighted else np.ones(self.n_cues)
        return sparse.csr_matrix(
            (values, (np.arange(self.n_cues), self.frame_of)),
            shape=(self.n_cues, len(self.frames)),
        )

    def _reset_vocabulary(self) -> None:
        # vocabularies: chunks (whitespace-delimited strings) and words
        self._chunk_id = _Vocabulary()
        self._word_id: dict[str, int] = {"": _BARRIER}
        self._raw_id: dict[str, int] = {}  # a token as written -> its word id
        self._words: list[str] = [""]
        self._lemmas: list[str] = [""]
        # sorted ids of the word types each slot accepts
        self._slot_ids: dict = {key: np.zeros(0, dtype=np.int64) for key in self._slots}
        self._interest = np.zeros(1, dtype=bool)
        self._negator = [np.zeros(1, dtype=bool) for _ in self.frames]
        # Chunk analyses, appended batch by batch into arrays whose capacity doubles
        # (only the first _n_chunks / _n_flat rows are in use): per chunk its tokenizer
        # tokens, first element and number of elements; per element its word id (0 for
        # a barrier) and (start, end) within its chunk.
        self._n_chunks = self._n_flat = 0
        self._chunk_words = np.zeros(1024, dtype=np.int64)
        self._offsets = np.zeros(1024, dtype=np.int64)
        self._lens = np.zeros(1024, dtype=np.int64)
        self._flat = np.zeros(1024, dtype=np.int64)
        self._rel = np.zeros((1024, 2), dtype=np.int32)

    # -- vocabulary ---------------------------------------------------------
    def _word(self, raw: str) -> int:
        i = self._raw_id.get(raw)
        if i is not None:
            return i
        w = fold_case(normalize_text(raw, self.lang))
        i = self._word_id.get(w)
        if i is None:
            i = self._word_id[w] = len(self._words)
            self._words.append(w)
        self._raw_id[raw] = i
        return i

    def _analyse_chunk(self, chunk: str, ids: list, rel: list) -> int:
        """Append the chunk's elements (word ids, 0 for barriers) and their spans; return its token count."""
        # Hyphens join the tokens of a multi-word cue like whitespace does;
        # any other punctuation before, between or after tokens is a barrier.
        if chunk.isalnum():  # the usual chunk: one plain word
            ids.append(self._word(chunk))
            rel.append((0, len(chunk)))
            return 1
        specials = []
        if self._special_rx is not None:
            specials = [m.span() for m in self._special_rx.finditer(chunk)]
        if not specials:
            m = _ONE_WORD_RX.fullmatch(chunk)
            if m is not None:  # one word with punctuation around it: "war," "(talks)"
                a, b = m.span(2)
                if chunk[:a].strip(_HYPHENS):
                    ids.append(_BARRIER)
                    rel.append((0, a))
                ids.append(self._word(m.group(2)))
                rel.append((a, b))
                if chunk[b:].strip(_HYPHENS):
                    ids.append(_BARRIER)
                    rel.append((b, len(chunk)))
                return 1
        pos = 0
        n0 = len(ids)

        def gap(a: int, b: int) -> None:
            if chunk[a:b].strip(_HYPHENS):
                ids.append(_BARRIER)
                rel.append((a, b))

        for s, e in [*specials, (len(chunk), len(chunk))]:
            for m in TOKEN_RX.finditer(chunk, pos, s):
                gap(pos, m.start())
                ids.append(self._word(m.group()))
                rel.append(m.span())
                pos = m.end()
            if s < e:
                gap(pos, s)
                ids.append(self._word(chunk[s:e]))
                rel.append((s, e))
                pos = e
        gap(pos, len(chunk))
        if specials:
            return len(TOKEN_RX.findall(chunk))
        return sum(1 for i in ids[n0:] if i != _BARRIER)

    def _plain_words(self, raws: list[str]) -> None:
        """Word ids of many plain tokens at once (normalised as one string, not one by one)."""
        todo = [w for w in dict.fromkeys(raws) if w not in self._raw_id]
        if not todo:
            return
        joined = fold_case(normalize_text("\n".join(todo), self.lang)).split("\n")
        if len(joined) != len(todo):  # normalisation changed the separators: one by one
            joined = [fold_case(normalize_text(w, self.lang)) for w in todo]
        word_id, words = self._word_id, self._words
        known = np.fromiter(map(word_id.get, joined, repeat(-1)), np.int64, len(joined))
        new = list(dict.fromkeys(w for w, i in zip(joined, known.tolist(), strict=True) if i < 0))
        word_id.update(zip(new, range(len(words), len(words) + len(new)), strict=True))
        words.extend(new)
        self._raw_id.update(zip(todo, map(word_id.__getitem__, joined), strict=True))

    def _add_chunks(self, new: list[str]) -> None:
        """Analyse new chunks and append their analyses (then learn any new word types)."""
        start_words = len(self._words)
        # most chunks are one plain word: one element each, its word found in bulk; most
        # others are one word with punctuation around it ("war,", "«talks»"): up to three
        # elements, the word found in bulk too; the rest is analysed chunk by chunk
        plain = np.fromiter(map(str.isalnum, new), dtype=bool, count=len(new))
        plain_chunks = list(compress(new, plain))
        special = self._special_rx
        one_k: list[int] = []
        one_m: list[re.Match] = []
        rest_k: list[int] = []
        for k in np.flatnonzero(~plain).tolist():
            c = new[k]
            one = _ONE_WORD_RX.fullmatch(c) if special is None or not special.search(c) else None
            if one is None:
                rest_k.append(k)
            else:
                one_k.append(k)
                one_m.append(one)
        one_at = np.asarray(one_k, dtype=np.int64)
        one_words = [m.group(2) for m in one_m]
        self._plain_words(plain_chunks + one_words)
        lens = np.ones(len(new), dtype=np.int64)
        words = np.ones(len(new), dtype=np.int64)
        # one word with punctuation: a barrier before it unless only hyphens, one after
        one_span = np.array([m.span(2) for m in one_m], dtype=np.int64).reshape(-1, 2)
        one_len = np.fromiter((len(m.string) for m in one_m), np.int64, len(one_m))
        before = np.fromiter(
            (bool(m.string[: m.start(2)].strip(_HYPHENS)) for m in one_m), bool, len(one_m)
        )
        after = np.fromiter(
            (bool(m.string[m.end(2) :].strip(_HYPHENS)) for m in one_m), bool, len(one_m)
        )
        lens[one_at] = 1 + before + after
        ids: list[int] = []
        rel: list[tuple[int, int]] = []
        for k in rest_k:
            n0 = len(ids)
            words[k] = self._analyse_chunk(new[k], ids, rel)
            lens[k] = len(ids) - n0
        first = np.cumsum(lens) - lens
        total = int(lens.sum())
        flat = np.empty(total, dtype=np.int64)
        spans = np.zeros((total, 2), dtype=np.int32)
        at = first[plain]
        flat[at] = np.fromiter(map(self._raw_id.__getitem__, plain_chunks), np.int64, len(at))
        spans[at, 1] = np.fromiter(map(len, plain_chunks), np.int64, len(at))
        rest = np.ones(total, dtype=bool)
        rest[at] = False
        at = first[one_at]
        rest[at] = False  # the word, or the barrier before it
        word_at = at + before
        flat[word_at] = np.fromiter(map(self._raw_id.__getitem__, one_words), np.int64, len(at))
        spans[word_at] = one_span
        spans[at[before], 1] = one_span[before, 0]
        rest[word_at] = False
        flat[at[before]] = _BARRIER
        bar = word_at[after] + 1  # the barrier after the word
        flat[bar] = _BARRIER
        spans[bar, 0] = one_span[after, 1]
        spans[bar, 1] = one_len[after]
        rest[bar] = False  # the other chunks' elements, in chunk order
        flat[rest] = ids
        spans[rest] = np.asarray(rel, dtype=np.int32).reshape(-1, 2)
        n, m = self._n_chunks, self._n_flat
        self._offsets = _append(self._offsets, n, m + first)
        self._lens = _append(self._lens, n, lens)
        self._chunk_words = _append(self._chunk_words, n, words)
        self._flat = _append(self._flat, m, flat)
        self._rel = _append(self._rel, m, spans)
        self._n_chunks, self._n_flat = n + len(new), m + total
        if len(self._words) > start_words:
            self._featurize(start_words)

    def _featurize(self, start: int) -> None:
        """Match the new word types ``start..`` against every cue token, as a batch."""
        new_words = self._words[start:]
        lemmas = new_words
        if self.lemmatize is not None:
            lemmas = list(self.lemmatize(list(new_words)))
            if len(lemmas) != len(new_words):
                raise CodebookError(
                    f"the lemmatiser of {self.lang!r} returned {len(lemmas)} lemmas for "
                    f"{len(new_words)} words"
                )
            lemmas = [fold_case(normalize_text(str(lem), self.lang)) for lem in lemmas]
            self._lemmas.extend(lemmas)
        found: dict = {}  # slot key -> offsets (into new_words) of the words it accepts
        self._literal_hits(new_words, lemmas, found)
        if self._prefixes or self._globs:
            self._glob_hits(new_words, found)
        new_hits: dict = {}
        for key, offsets in found.items():
            ids = np.unique(np.asarray(offsets, dtype=np.int64)) + start
            new_hits[key] = ids
            self._slot_ids[key] = np.concatenate([self._slot_ids[key], ids])
        n = len(self._words)
        interest = np.zeros(n - start, dtype=bool)
        for k, (cues, excl, neg_keys, _) in enumerate(self.frames):
            for ps in (cues, excl) if excl is not None else (cues,):
                interest |= ps.extend(start, n, new_hits)
            if neg_keys:
                neg = self._negator[k] = _grow(self._negator[k], n, False)
                for key in neg_keys:
                    if key in new_hits:
                        neg[new_hits[key]] = True
        self._interest = _grow(self._interest, n, False)
        self._interest[start:n] = interest

    def _literal_hits(self, new_words: list[str], lemmas: list[str], found: dict) -> None:
        """Literal cue tokens (and their possessives) among the new words, or their lemmas."""
        literal = self._literal
        if len(new_words) < len(literal):
            hits = [(i, w) for i, w in enumerate(new_words) if w in literal]
        else:  # look each cue token up among the words, not each word among the tokens
            start, word_id = len(self._words) - len(new_words), self._word_id
            hits = [(word_id[w] - start, w) for w in literal if word_id.get(w, -1) >= start]
        if self.lemmatize is not None:
            hits += [
                (i, lem)
                for i, (w, lem) in enumerate(zip(new_words, lemmas, strict=True))
                if lem != w and lem in literal
            ]
        for i, token in hits:
            for key in literal[token]:
                found.setdefault(key, []).append(i)

    def _glob_hits(self, new_words: list[str], found: dict) -> None:
        """Wildcard cue tokens against the new words: candidates first, then the exact test.

        The words are sorted once; the words that start with a token's literal head
        (``stem`` of ``stem*``) are one range of them, found by bisection. A token
        without a literal head (``*crime*``) takes the words that contain its longest
        literal part, found by one scan of the words joined by newlines. Each
        candidate is then tested with the token's own rule, so the result is that
        of testing every word.
        """
        order = sorted(range(len(new_words)), key=new_words.__getitem__)
        ordered = [new_words[i] for i in order]

        def starting_with(head: str) -> list[int]:
            lo = bisect_left(ordered, head)
            # every word starting with head sorts before head + the last code point,
            # except words continuing with that code point, which no wildcard accepts
            hi = bisect_left(ordered, head + "\U0010ffff", lo)
            return order[lo:hi]

        for stem, keys in self._prefixes.items():
            for i in starting_with(stem):
                # 'stem*': the wildcard spans word characters only; a final possessive
                # 's may follow (last token only)
                head, apostrophe, tail = new_words[i].partition("'")
                if not head.isalnum() and not _WORDCHARS_RX.fullmatch(head):
                    continue
                for key in keys:
                    if not apostrophe or (key[1] and tail == "s"):
                        found.setdefault(key, []).append(i)
        joined = None
        for head, keys in self._globs.items():
            if head:
                candidates = starting_with(head)
            else:
                if joined is None:
                    joined = "\n".join(new_words)
                candidates = self._containing(keys, new_words, joined)
            for key in keys:
                slot = self._slots[key]
                for i in candidates:
                    if slot.accepts(new_words[i]):
                        found.setdefault(key, []).append(i)

    @staticmethod
    def _containing(keys: list, words: list[str], joined: str) -> list[int]:
        """Offsets of the words that contain the longest literal part of some token of ``keys``."""
        parts = [max(re.split(r"[*?]", key[0]), key=len) for key in keys]
        if "" in parts or joined.count("\n") != len(words) - 1:
            return list(range(len(words)))  # no literal part (or words with newlines)
        ends = np.cumsum(np.fromiter(map(len, words), np.int64, len(words)) + 1)
        hits: set[int] = set()
        for part in dict.fromkeys(parts):
            at = [m.start() for m in re.finditer(re.escape(part), joined)]
            hits.update(np.searchsorted(ends, at, side="right").tolist())
        return sorted(hits)

    # -- streams ------------------------------------------------------------
    def _safe_cut(self, text: str, target: int) -> int:
        """The first cut point at or after ``target`` that no match can span, or ``len(text)``.

        A cut is safe after a chunk whose analysis ends with a barrier (punctuation
        that is not part of a cue token): no cue, ``exclude`` phrase or negation
        window crosses a barrier, so the pieces' matches are the text's matches.
        """
        for m in _CUT_RX.finditer(text, target):
            end = m.start() + 1
            tail = _NONSPACE_TAIL_RX.search(text, max(0, end - 256), end)
            if tail is None:
                continue
            chunk = self._chunk_id[tail.group()]
            if self._chunk_id.pending:
                self._add_chunks(self._chunk_id.pending)
                self._chunk_id.pending = []
            last = self._offsets[chunk] + self._lens[chunk] - 1
            if self._lens[chunk] and self._flat[last] == _BARRIER:
                return end
        return len(text)  # no safe cut: the rest is matched as one piece

    def _pieces(self, texts: list[str]):
        """(text index, start, end) of every piece, long texts cut where no cue can span."""
        for i, t in enumerate(texts):
            start = 0
            while len(t) - start > _PIECE_CHARS + _PIECE_CHARS // 2:
                cut = self._safe_cut(t, start + _PIECE_CHARS)
                if cut >= len(t):
                    break
                yield i, start, cut
                start = cut
            yield i, start, len(t)

    def _batches(self, texts, batch_size: int):
        """``(first, batch texts, pieces)``: about ``_BATCH_CHARS`` characters at a time.

        Texts are turned into Python strings a batch at a time (see
        :class:`~framing.scoring.table.TextColumn`); a long text is matched in pieces.
        Texts that pandas stores in Arrow go to the splitter as Arrow data and become
        Python strings only when asked for (offsets of hits, cutting a long text).
        """
        column = texts if isinstance(texts, TextColumn) else TextColumn.of(texts)
        lengths = column.lengths()
        ends = np.cumsum(lengths)
        n, start = len(column), 0
        while start < n:
            base = int(ends[start - 1]) if start else 0
            stop = int(np.searchsorted(ends, base + _BATCH_CHARS, side="left")) + 1
            stop = min(max(stop, start + 1), n, start + batch_size)
            arrow = None
            if lengths[start:stop].max() <= _PIECE_CHARS + _PIECE_CHARS // 2:  # no cuts
                arrow = column.arrow(start, stop)
            if arrow is not None:
                chunk: Any = _ArrowTexts(column, start, stop, arrow)
                whole = lengths[start:stop].tolist()
                split = ((i, 0, e) for i, e in enumerate(whole))
            else:
                chunk = column.batch(start, stop)
                split = self._pieces(chunk)
            pieces: list[tuple[int, int, int]] = []
            size = 0
            for piece in split:
                pieces.append(piece)
                size += piece[2] - piece[1]
                if size >= _BATCH_CHARS:
                    yield start, chunk, pieces
                    pieces, size = [], 0
            if pieces:
                yield start, chunk, pieces
            start = stop

    def _encode(self, texts: list[str], pieces: list[tuple[int, int, int]]) -> _Batch:
        if len(self._chunk_id) > self.MAX_CHUNKS:
            self._reset_vocabulary()
        vocab = self._chunk_id
        first, last = (pieces[0][0], pieces[-1][0]) if pieces else (0, -1)
        if pieces and isinstance(texts, _ArrowTexts) and last - first + 1 == len(pieces):
            strings: Any = texts.arrow.slice(first, len(pieces))  # whole texts, in order
        else:
            strings = []
            for i, s, e in pieces:
                t = texts[i]
                strings.append(t if s == 0 and e == len(t) else t[s:e])
        codes, per_piece = _chunk_codes(strings, vocab)
        del strings
        if vocab.pending:
            self._add_chunks(vocab.pending)
            vocab.pending = []
        chunk_end = np.cumsum(per_piece)  # every piece has a chunk: its separator
        n_tokens = (
            np.add.reduceat(self._chunk_words[codes], chunk_end - per_piece)
            if len(codes)
            else np.zeros(0, dtype=np.int64)
        )
        lens = self._lens[codes]
        ends = np.cumsum(lens)
        total = int(ends[-1]) if len(ends) else 0
        idx = np.arange(total, dtype=np.int64)
        idx -= np.repeat(ends - lens - self._offsets[codes], lens)
        stream = self._flat[idx]
        return _Batch(
            pieces=pieces,
            codes=codes,
            chunk_base=chunk_end - per_piece,
            ends=ends,
            idx=idx,
            stream=stream,
            piece_end=ends[chunk_end - 1] if len(ends) else np.zeros(0, dtype=np.int64),
            n_tokens=n_tokens,
        )

    def _match(self, b: _Batch):
        """Per frame: counted matches (stream positions, lengths, cue indices)."""
        stream = b.stream
        at = np.flatnonzero(self._interest[stream])
        out = []
        for k, (cues, excl, neg_keys, window) in enumerate(self.frames):
            pos, length, cue = cues.find(stream, at, self._slot_ids)
            if excl is not None and len(pos):
                ex_pos, ex_len, _ = excl.find(stream, at, self._slot_ids, resolve=False)
                pos, length, cue = _drop_excluded(pos, length, cue, ex_pos, ex_len)
            if neg_keys and len(pos):
                keep = ~_negated(stream, pos, self._negator[k], window)
                pos, length, cue = pos[keep], length[keep], cue[keep]
            out.append((pos, length, cue))
        return out

    # -- results ------------------------------------------------------------
    def _run(self, texts, batch_size: int, progress: bool):
        """``(first, chunk, batch, text index per piece, matches per frame)`` for every batch."""
        bar = None
        if progress:
            from framing._progress import bar as progress_bar

            bar = progress_bar(progress=True, total=len(texts), desc="scoring", unit="text")
        done = 0
        try:
            for first, chunk, pieces in self._batches(texts, batch_size):
                b = self._encode(chunk, pieces)
                text_of = np.fromiter((p[0] for p in pieces), np.int64, len(pieces))
                yield first, chunk, b, text_of, self._match(b)
                del b  # one batch in memory at a time (callers drop theirs too)
                if bar is not None and first + len(chunk) > done:
                    bar.update(first + len(chunk) - done)
                    done = first + len(chunk)
        finally:
            if bar is not None:
                bar.close()

    def counts(self, texts, *, batch_size: int = 20000, progress: bool = False):
        """Sparse document × cue match counts and token counts of ``texts``.

        ``texts`` is a list of strings or a :class:`~framing.scoring.table.TextColumn`.
        """
        n = len(texts)
        parts: list = []
        n_tokens = np.zeros(n, dtype=np.int64)
        current: list = []  # [first, number of texts, rows, cue indices] of this text batch

        def flush() -> None:
            # one small matrix per batch of texts (duplicates summed): memory grows with
            # the distinct document-cue pairs, not with the number of matches
            _, size, rs, cs = current
            r = np.concatenate(rs) if rs else np.zeros(0, dtype=np.int64)
            c = np.concatenate(cs) if cs else np.zeros(0, dtype=np.int64)
            X = sparse.csr_matrix(
                (np.ones(len(r), dtype=np.int64), (r, c)), shape=(size, self.n_cues)
            )
            X.sum_duplicates()
            parts.append(X)

        for first, chunk, b, text_of, found in self._run(texts, batch_size, progress):
            if not current or current[0] != first:
                if current:
                    flush()
                current[:] = [first, len(chunk), [], []]
            np.add.at(n_tokens, first + text_of, b.n_tokens)
            for pos, _, cue in found:
                current[2].append(text_of[np.searchsorted(b.piece_end, pos, side="right")])
                current[3].append(cue)
            del chunk, b, found
        if current:
            flush()
        if not parts:
            return sparse.csr_matrix((n, self.n_cues), dtype=np.int64), n_tokens
        return sparse.vstack(parts, format="csr"), n_tokens

    def frame_sums(self, texts, *, batch_size: int = 20000, progress: bool = False):
        """Per text and frame: the sum of the weights of its matches, the number of matches.

        Returns ``(sums, matches, n_tokens)``, dense ``(n_texts, n_frames)`` arrays and
        the token counts; no document × cue matrix is built, so memory stays
        that of one batch plus the result.
        """
        n, k = len(texts), len(self.frames)
        sums = np.zeros((n, k))
        found_n = np.zeros((n, k))
        n_tokens = np.zeros(n, dtype=np.int64)
        for first, _chunk, b, text_of, found in self._run(texts, batch_size, progress):
            rows = first + text_of
            np.add.at(n_tokens, rows, b.n_tokens)
            for f, (pos, _, cue) in enumerate(found):
                if len(pos):
                    r = rows[np.searchsorted(b.piece_end, pos, side="right")]
                    np.add.at(sums[:, f], r, self.weights[cue])
                    np.add.at(found_n[:, f], r, 1)
            del b, found
        return sums, found_n, n_tokens

    def hits(self, texts, *, context: int = 0, batch_size: int = 20000) -> dict:
        """Every counted match with character offsets, text by text, left to right.

        Returns a dict of equal-length columns: ``row`` (text index), ``frame``
        (frame index), ``cue`` (cue index), ``start``, ``end`` (character offsets
        into the text), ``match`` (the matched text) and, when the codebook is
        matched by lemma, ``lemma`` (the lemmas of the matched words,
        space-separated). With ``context > 0`` also ``left`` and ``right``: up
        to ``context`` words of text before and after the match, whitespace
        collapsed.
        """
        keys = ["row", "frame", "cue", "start", "end"]
        out: dict[str, list] = {k: [] for k in keys}
        strings: dict[str, list[str]] = {"match": [], "lemma": [], "left": [], "right": []}
        for first, chunk, pieces in self._batches(texts, batch_size):
            b = self._encode(chunk, pieces)
            found = self._match(b)
            pos = np.concatenate([p for p, _, _ in found])
            if not len(pos):
                del b, found, chunk
                continue
            length = np.concatenate([n for _, n, _ in found])
            cue = np.concatenate([c for _, _, c in found])
            frame = self.frame_of[cue]
            piece = np.searchsorted(b.piece_end, pos, side="right")
            order = np.lexsort((frame, pos))
            pos, length, cue, frame, piece = (a[order] for a in (pos, length, cue, frame, piece))
            char_of = self._char_offsets(chunk, b, np.unique(piece))
            local = np.fromiter((b.pieces[p][0] for p in piece.tolist()), np.int64, len(piece))
            start, end = char_of(pos, 0), char_of(pos + length - 1, 1)
            out["row"].append(first + local)
            out["frame"].append(frame)
            out["cue"].append(cue)
            out["start"].append(start)
            out["end"].append(end)
            spans = list(zip(local.tolist(), start.tolist(), end.tolist(), strict=True))
            strings["match"].extend(chunk[r][s:e] for r, s, e in spans)
            if context:
                left, right = self._context(b, pos, length, piece, context)
                lo = np.where(left < pos, char_of(left, 0), start).tolist()
                hi = np.where(right > pos + length - 1, char_of(right, 1), end).tolist()
                for (r, s, e), a, z in zip(spans, lo, hi, strict=True):
                    strings["left"].append(" ".join(chunk[r][a:s].split()))
                    strings["right"].append(" ".join(chunk[r][e:z].split()))
            if self.lemmatize is not None:
                stream = b.stream
                strings["lemma"].extend(
                    " ".join(self._lemmas[w] for w in stream[p : p + n])
                    for p, n in zip(pos.tolist(), length.tolist(), strict=True)
                )
            del b, found, chunk
        result: dict = {
            k: (np.concatenate(v) if v else np.zeros(0, dtype=np.int64)) for k, v in out.items()
        }
        result["match"] = strings["match"]
        if context:
            result["left"], result["right"] = strings["left"], strings["right"]
        if self.lemmatize is not None:
            result["lemma"] = strings["lemma"]
        return result

    def _char_offsets(self, texts: list[str], b: _Batch, pieces: np.ndarray):
        """A function: stream positions → character offsets (0: start, 1: end) in their texts."""
        starts = np.full(len(b.codes), -1, dtype=np.int64)
        for p in pieces.tolist():
            i, s, e = b.pieces[p]
            t = texts[i]
            cs = chunk_starts(t if s == 0 and e == len(t) else t[s:e]) + s
            base = b.chunk_base[p]
            starts[base : base + len(cs)] = cs

        def char_of(positions: np.ndarray, which: int) -> np.ndarray:
            chunk = np.searchsorted(b.ends, positions, side="right")
            return starts[chunk] + self._rel[b.idx[positions], which]

        return char_of

    @staticmethod
    def _context(b: _Batch, pos, length, piece, window: int):
        """Stream positions of the ``window``-th word before and after each match (within its piece)."""
        words = np.flatnonzero(b.stream != _BARRIER)
        first = np.searchsorted(words, pos)  # index (among words) of the match's first word
        last = np.searchsorted(words, pos + length - 1)
        piece_start = np.concatenate([[0], b.piece_end[:-1]])[piece]
        lo = np.searchsorted(words, piece_start)  # first word of the piece
        hi = np.searchsorted(words, b.piece_end[piece]) - 1  # last word of the piece
        left = words[np.maximum(first - window, lo)]
        right = words[np.minimum(last + window, hi)]
        return left, right


# One cache per thread: a CompiledCodebook grows its vocabulary while it counts,
# so two threads must never share one (Dask's threaded scheduler runs partitions
# in threads). Processes (n_jobs) each have their own threads and caches.
_LOCAL = threading.local()
_CACHE_SIZE = 8


def compile_codebook(codebook, lang: str | None = None) -> CompiledCodebook:
    """The compiled form of a codebook's cues in one language, built once per content hash.

    Parameters
    ----------
    codebook : Codebook
    lang : str, optional
        The language whose cues to compile (default: the codebook's language).

    The cache is per thread, so threads that score at once (Dask's threaded
    scheduler) each compile and grow their own copy; processes (``n_jobs``) each
    have their own.
    """
    view = codebook.for_language(lang)
    key = view.sha256
    cache: dict[str, CompiledCodebook] | None = getattr(_LOCAL, "cache", None)
    if cache is None:
        cache = _LOCAL.cache = {}
    compiled = cache.get(key)
    if compiled is None:
        compiled = CompiledCodebook(view)
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = compiled
    return compiled
