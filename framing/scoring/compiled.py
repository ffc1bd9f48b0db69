"""The fast path of the matcher: cue hits for a whole corpus without a per-token Python loop.

:class:`framing.codebook.matching.Matcher` scans one text with one regular
expression; it states the rules but a large alternation is slow to scan. Here
texts are reduced to integer streams and matched with numpy, following the same
rules (the test suite checks that the two agree on random texts), plus what the
regular expression cannot do: lemmas, weights and negation.

1. Each text is split on whitespace (``str.split``, C speed). Every distinct
   whitespace-delimited *chunk* ("war,", "«exchange»", "U.S.-brokered") is
   analysed once into word tokens and barriers (punctuation that stops a
   multi-word cue), so Python work grows with the vocabulary, not the corpus.
   Cue tokens with punctuation (``u.s.``) are cut out of a chunk first and
   become one word. Each word is normalised like the cues
   (:func:`framing.text.normalize.normalize_text`, case folded) and, with
   ``match: lemma``, lemmatised once per word type.
2. A ragged gather expands chunk ids into one stream of word ids per batch
   (barriers are id 0; a barrier also separates texts).
3. Each word type is matched once against every cue token (wildcard tokens by
   a linear-time glob matcher, never a backtracking regular expression); a
   gather gives the single-token hits per frame, and multi-word cues are
   checked only at the (sparse) positions where their most selective token occurs.
4. Leftmost-longest resolution, ``exclude`` phrases and negation act on the
   sparse matches only.

Memory stays bounded: texts are matched in batches of about a million
characters, and a longer text is cut into pieces after punctuation that no
cue can span. Character offsets of hits (for :func:`framing.matches`,
:func:`framing.kwic`, :func:`framing.highlight`) come from the chunks' start
positions (one vectorised whitespace scan of the texts with hits) plus each
word's offset within its chunk, kept with the chunk's analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from framing.codebook.matching import is_plain_token, pattern_regex
from framing.errors import CodebookError
from framing.text.languages import get_language
from framing.text.normalize import normalize_text
from framing.text.tokens import TOKEN_RX, fold_case

__all__ = ["CompiledCodebook", "compile_codebook", "Glob"]

_HYPHENS = "-\u2010\u2011"
_BARRIER = 0
_BATCH_CHARS = 1 << 20  # characters matched per batch
_PIECE_CHARS = 1 << 20  # longer texts are cut into pieces of about this size
_WORDCHARS_RX = re.compile(r"\w*")
_NONSPACE_TAIL_RX = re.compile(r"\S+\Z")
_CUT_RX = re.compile(r"[^\w\s]\s")  # punctuation, then whitespace: a candidate cut
_SPACE_RX = re.compile(r"\s")

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


class _Slot:
    """One token position of a cue: which word types it accepts."""

    def __init__(self, token: str, last: bool):
        self.token = token
        self.last = last
        self.literal = not any(c in token for c in "*?")
        self.glob = None if self.literal else Glob(token)

    def accepts(self, word: str) -> bool:
        if self.glob.fullmatch(word):
            return True
        return self.last and word.endswith("'s") and self.glob.fullmatch(word[:-2])


def _anchor(keys: list, stop: frozenset[str]) -> int:
    def selectivity(key):
        token = key[0]
        literal = re.match(r"[^*?]*", token).group()
        return (token not in stop and token != "said", len(literal))

    return max(range(len(keys)), key=lambda j: selectivity(keys[j]))


def _grow(arr: np.ndarray, n: int, fill) -> np.ndarray:
    """``arr`` with room for ``n`` entries (capacity doubles), new entries set to ``fill``."""
    if len(arr) >= n:
        return arr
    out = np.full(max(n, 2 * len(arr)), fill, dtype=arr.dtype)
    out[: len(arr)] = arr
    return out


class _PatternSet:
    """The cues (or the exclude phrases) of one frame, in the matcher's order."""

    def __init__(self, patterns: list[str], offset: int, slots: dict, stop: frozenset[str]):
        order = sorted(range(len(patterns)), key=lambda i: -patterns[i].count(" "))
        self.singles: list[tuple[int, tuple]] = []  # (global cue index, slot key)
        self.multis: list[tuple[int, list]] = []  # (global cue index, [slot keys])
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

    def extend(self, start: int, n: int, slot_hits: dict) -> np.ndarray:
        """Record word types ``start..n-1``; returns which of them take part in a match."""
        self.single_of = _grow(self.single_of, n, -1)
        self.first_of = _grow(self.first_of, n, False)
        # first single cue in matcher order wins: assign in reverse order
        for cue, key in reversed(self.singles):
            ids = slot_hits[key]
            self.single_of[ids[ids >= start]] = cue
        for (_, keys), j in zip(self.multis, self.anchors, strict=True):
            ids = slot_hits[keys[j]]
            self.first_of[ids[ids >= start]] = True
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
        for rank, ((cue, keys), a) in enumerate(zip(self.multis, self.anchors, strict=True)):
            k = len(keys)
            p = cand - a
            p = p[(p >= 0) & (p + k - 1 < n)]
            for j, key in enumerate(keys):
                if not len(p):
                    break
                p = p[np.isin(stream[p + j], slot_ids[key])]
            if len(p):
                m_pos.append(p)
                m_len.append(np.full(len(p), k))
                m_cue.append(np.full(len(p), cue))
                m_rank.append(np.full(len(p), rank))
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
        stop = language.stopwords()
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
        self._globs: dict[str, list] = {}  # literal 2-char prefix ("" = any) -> slot keys
        specials = set()
        for key, slot in self._slots.items():
            if slot.literal:
                self._literal.setdefault(slot.token, []).append(key)
                if slot.last:
                    self._literal.setdefault(slot.token + "'s", []).append(key)
                if not is_plain_token(slot.token):
                    specials.add(slot.token)
            else:
                prefix = re.match(r"[^*?]*", slot.token).group()
                self._globs.setdefault(prefix[:2] if len(prefix) >= 2 else "", []).append(key)
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
        self._chunk_words = np.zeros(0, dtype=np.int64)  # tokenizer tokens per chunk
        self._word_id: dict[str, int] = {"": _BARRIER}
        self._words: list[str] = [""]
        self._lemmas: list[str] = [""]
        self._n_featured = 1
        self._slot_lists: dict = {key: [] for key in self._slots}
        self._slot_ids: dict = {key: np.zeros(0, dtype=np.int64) for key in self._slots}
        self._interest = np.zeros(1, dtype=bool)
        self._negator = [np.zeros(1, dtype=bool) for _ in self.frames]
        self._flat = np.zeros(0, dtype=np.int64)  # element word ids, chunk after chunk
        self._rel = np.zeros((0, 2), dtype=np.int32)  # element (start, end) within its chunk
        self._offsets = np.zeros(0, dtype=np.int64)
        self._lens = np.zeros(0, dtype=np.int64)

    # -- vocabulary ---------------------------------------------------------
    def _word(self, w: str) -> int:
        w = fold_case(normalize_text(w, self.lang))
        i = self._word_id.get(w)
        if i is None:
            i = self._word_id[w] = len(self._words)
            self._words.append(w)
        return i

    def _analyse_chunk(self, chunk: str, ids: list, rel: list) -> int:
        """Append the chunk's elements (word ids, 0 for barriers) and their spans; return its token count."""
        # Hyphens join the tokens of a multi-word cue like whitespace does;
        # any other punctuation before, between or after tokens is a barrier.
        pos = 0
        n0 = len(ids)

        def gap(a: int, b: int) -> None:
            if chunk[a:b].strip(_HYPHENS):
                ids.append(_BARRIER)
                rel.append((a, b))

        specials = []
        if self._special_rx is not None and not chunk.isalnum():
            specials = [m.span() for m in self._special_rx.finditer(chunk)]
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

    def _add_chunks(self, new: list[str]) -> None:
        start_words = len(self._words)
        ids: list[int] = []
        rel: list[tuple[int, int]] = []
        lens = np.empty(len(new), dtype=np.int64)
        words = np.empty(len(new), dtype=np.int64)
        for k, chunk in enumerate(new):
            n0 = len(ids)
            words[k] = self._analyse_chunk(chunk, ids, rel)
            lens[k] = len(ids) - n0
        self._offsets = np.concatenate([self._offsets, len(self._flat) + np.cumsum(lens) - lens])
        self._lens = np.concatenate([self._lens, lens])
        self._flat = np.concatenate([self._flat, np.asarray(ids, dtype=np.int64)])
        self._rel = np.concatenate([self._rel, np.asarray(rel, dtype=np.int32).reshape(-1, 2)])
        self._chunk_words = np.concatenate([self._chunk_words, words])
        if len(self._words) > start_words:
            self._featurize(start_words)

    def _featurize(self, start: int) -> None:
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
        for offset, (w, lem) in enumerate(zip(new_words, lemmas, strict=True)):
            wid = start + offset
            keys = self._literal.get(w, [])
            if lem != w:
                keys = keys + [k for k in self._literal.get(lem, ()) if k not in keys]
            for key in keys:
                self._slot_lists[key].append(wid)
            for key in self._globs.get(w[:2], []) + self._globs.get("", []):
                if self._slots[key].accepts(w):
                    self._slot_lists[key].append(wid)
        self._slot_ids = {k: np.asarray(v, dtype=np.int64) for k, v in self._slot_lists.items()}
        n = len(self._words)
        interest = np.zeros(n - start, dtype=bool)
        for k, (cues, excl, neg_keys, _) in enumerate(self.frames):
            for ps in (cues, excl) if excl is not None else (cues,):
                interest |= ps.extend(start, n, self._slot_ids)
            if neg_keys:
                neg = self._negator[k] = _grow(self._negator[k], n, False)
                for key in neg_keys:
                    ids = self._slot_ids[key]
                    neg[ids[ids >= start]] = True
        self._interest = _grow(self._interest, n, False)
        self._interest[start:n] = interest

    # -- streams ------------------------------------------------------------
    def _safe_cut(self, text: str, target: int) -> int:
        """A cut point at or after ``target`` where no cue can span (after punctuation)."""
        limit = min(len(text), target + (1 << 16))
        for m in _CUT_RX.finditer(text, target, limit):
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
        m = _SPACE_RX.search(text, target)
        return len(text) if m is None else m.start()

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

    def _batches(self, texts: list[str], batch_size: int):
        batch: list[tuple[int, int, int]] = []
        size = 0
        for piece in self._pieces(texts):
            batch.append(piece)
            size += piece[2] - piece[1]
            if size >= _BATCH_CHARS or len(batch) >= batch_size:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    def _encode(self, texts: list[str], pieces: list[tuple[int, int, int]]) -> _Batch:
        if len(self._chunk_id) > self.MAX_CHUNKS:
            self._reset_vocabulary()
        vocab = self._chunk_id
        per_piece = np.empty(len(pieces), dtype=np.int64)
        parts = []
        for k, (i, s, e) in enumerate(pieces):
            t = texts[i]
            chunks = (t if s == 0 and e == len(t) else t[s:e]).split()
            chunks.append("\x00")  # piece separator: analysed as a barrier
            parts.append(np.fromiter(map(vocab.__getitem__, chunks), np.int64, len(chunks)))
            per_piece[k] = len(chunks)
        codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        del parts
        if vocab.pending:
            self._add_chunks(vocab.pending)
            vocab.pending = []
        piece_of_chunk = np.repeat(np.arange(len(pieces)), per_piece)
        n_tokens = np.bincount(
            piece_of_chunk, weights=self._chunk_words[codes], minlength=len(pieces)
        ).astype(np.int64)
        lens = self._lens[codes]
        ends = np.cumsum(lens)
        total = int(ends[-1]) if len(ends) else 0
        idx = np.arange(total, dtype=np.int64)
        idx -= np.repeat(ends - lens - self._offsets[codes], lens)
        stream = self._flat[idx]
        chunk_end = np.cumsum(per_piece)
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
    def counts(self, texts: list[str], *, batch_size: int = 2000, progress: bool = False):
        """Sparse document × cue match counts and token counts of ``texts``."""
        rows, cols = [], []
        n_tokens = np.zeros(len(texts), dtype=np.int64)
        batches = self._batches(texts, batch_size)
        if progress:
            from framing._progress import bar as progress_bar

            total = sum(map(len, texts))
            bar = progress_bar(
                progress=True, total=total, desc="scoring", unit="char", unit_scale=True
            )
        for pieces in batches:
            b = self._encode(texts, pieces)
            text_of = np.fromiter((p[0] for p in pieces), np.int64, len(pieces))
            np.add.at(n_tokens, text_of, b.n_tokens)
            for pos, _, cue in self._match(b):
                rows.append(text_of[np.searchsorted(b.piece_end, pos, side="right")])
                cols.append(cue)
            if progress:
                bar.update(sum(e - s for _, s, e in pieces))
        if progress:
            bar.close()
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        X = sparse.csr_matrix(
            (np.ones(len(r), dtype=np.int64), (r, c)), shape=(len(texts), self.n_cues)
        )
        X.sum_duplicates()
        return X, n_tokens

    def hits(self, texts: list[str], *, context: int = 0, batch_size: int = 2000) -> dict:
        """Every counted match with character offsets, text by text, left to right.

        Returns a dict of equal-length arrays: ``row`` (text index), ``frame``
        (frame index), ``cue`` (cue index), ``start``, ``end`` (character offsets
        into the text) and, when the codebook is matched by lemma, ``lemma`` (the
        lemmas of the matched words, space-separated). With ``context > 0`` also
        ``left`` and ``right``: the character offsets where ``context`` words
        before the match start and after it end (the match's own offsets when
        there are none).
        """
        keys = ["row", "frame", "cue", "start", "end"]
        if context:
            keys += ["left", "right"]
        out: dict[str, list] = {k: [] for k in keys}
        lemma: list[str] = []
        for pieces in self._batches(texts, batch_size):
            b = self._encode(texts, pieces)
            found = self._match(b)
            pos = np.concatenate([p for p, _, _ in found])
            if not len(pos):
                continue
            length = np.concatenate([n for _, n, _ in found])
            cue = np.concatenate([c for _, _, c in found])
            frame = self.frame_of[cue] if len(cue) else cue
            piece = np.searchsorted(b.piece_end, pos, side="right")
            order = np.lexsort((frame, pos))
            pos, length, cue, frame, piece = (a[order] for a in (pos, length, cue, frame, piece))
            char_of = self._char_offsets(texts, b, np.unique(piece))
            out["row"].append(np.fromiter((b.pieces[p][0] for p in piece), np.int64, len(piece)))
            out["frame"].append(frame)
            out["cue"].append(cue)
            out["start"].append(char_of(pos, 0))
            out["end"].append(char_of(pos + length - 1, 1))
            if context:
                left, right = self._context(b, pos, length, piece, context)
                out["left"].append(np.where(left < pos, char_of(left, 0), out["start"][-1]))
                out["right"].append(
                    np.where(right > pos + length - 1, char_of(right, 1), out["end"][-1])
                )
            if self.lemmatize is not None:
                stream = b.stream
                lemma.extend(
                    " ".join(self._lemmas[w] for w in stream[p : p + n])
                    for p, n in zip(pos.tolist(), length.tolist(), strict=True)
                )
        result = {
            k: (np.concatenate(v) if v else np.zeros(0, dtype=np.int64)) for k, v in out.items()
        }
        if self.lemmatize is not None:
            result["lemma"] = lemma
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


_CACHE: dict[str, CompiledCodebook] = {}
_CACHE_SIZE = 8


def compile_codebook(codebook, lang: str | None = None) -> CompiledCodebook:
    """The compiled form of a codebook's cues in one language, built once per content hash.

    Parameters
    ----------
    codebook : Codebook
    lang : str, optional
        The language whose cues to compile (default: the codebook's language).

    Not thread-safe: threads that score at once should each compile their own
    :class:`CompiledCodebook`; processes (``n_jobs``) each get their own cache.
    """
    view = codebook.for_language(lang)
    key = view.sha256
    compiled = _CACHE.get(key)
    if compiled is None:
        compiled = CompiledCodebook(view)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = compiled
    return compiled
