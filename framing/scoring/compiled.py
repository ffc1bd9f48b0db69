"""The fast path of the scorer: cue counts for a whole corpus without a per-token Python loop.

:class:`framing.matching.Matcher` scans one text with one regular expression
and reports offsets; it is exact but a large alternation is slow to scan.
Scoring only needs counts, so here texts are reduced to integer streams and
matched with numpy, following the same rules (the test suite checks that the
two agree on random texts):

1. Each text is lower-cased and split on whitespace (``str.split``, C speed).
   Every distinct whitespace-delimited *chunk* ("war,", "«exchange»",
   "prisoner-of-war") is analysed once into word tokens and barriers
   (punctuation that stops a multi-word cue), so Python work grows with the
   vocabulary, not the corpus.
2. A ragged gather expands chunk ids into one stream of word ids per batch
   (barriers are id 0; a barrier also separates documents).
3. Each word type is matched once against every cue token; a gather gives the
   single-token hits per frame, and multi-word cues are checked only at the
   (sparse) positions where their first token occurs.
4. Leftmost-longest resolution and ``exclude`` phrases act on the sparse
   multi-word matches only; single-token matches cannot overlap each other.

The result is a sparse document × cue count matrix and the token counts.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse

from framing.codebook.matching import pattern_regex
from framing.text.languages import get_language
from framing.text.tokens import TOKEN_RX, fold_case

__all__ = ["CompiledCodebook", "compile_codebook"]

_HYPHENS = "-\u2010\u2011"
_BARRIER = 0


def _norm(word: str) -> str:
    return word.replace("’", "'")


class _Slot:
    """One token position of a cue: which word types it accepts."""

    def __init__(self, token: str, last: bool):
        self.token = token
        self.last = last
        self.literal = not any(c in token for c in "*?")
        # literal tokens are looked up in a dict; only globs need a regex
        self.rx = None if self.literal else re.compile(pattern_regex(token))

    def accepts(self, word: str) -> bool:
        if self.rx.fullmatch(word):
            return True
        return self.last and word.endswith("'s") and bool(self.rx.fullmatch(word[:-2]))


def _anchor(keys: list, stop: frozenset[str]) -> int:

    def selectivity(key):
        token = key[0]
        literal = re.match(r"[^*?]*", token).group()
        return (token not in stop and token != "said", len(literal))

    return max(range(len(keys)), key=lambda j: selectivity(keys[j]))


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
                key = (_norm(tok), j == len(toks) - 1)
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

    def extend(self, new_words: list[str], start: int, slot_hits: dict) -> None:
        n = start + len(new_words)
        single = np.full(n, -1, dtype=np.int32)
        single[: len(self.single_of)] = self.single_of[: min(len(self.single_of), n)]
        first = np.zeros(n, dtype=bool)
        first[: len(self.first_of)] = self.first_of[: min(len(self.first_of), n)]
        # first single cue in matcher order wins: assign in reverse order
        for cue, key in reversed(self.singles):
            ids = slot_hits[key]
            ids = ids[ids >= start]
            single[ids] = cue
        for (_, keys), j in zip(self.multis, self.anchors, strict=True):
            ids = slot_hits[keys[j]]
            first[ids[ids >= start]] = True
        self.single_of, self.first_of = single, first

    def interesting(self) -> np.ndarray:
        """Word types that can take part in a match of this set."""
        return (self.single_of >= 0) | self.first_of

    def find(self, stream: np.ndarray, at: np.ndarray, slot_ids: dict, *, resolve: bool = True):
        """Counted matches as arrays (positions, lengths, cue indices), resolved.

        ``at`` lists the stream positions whose word is interesting to some
        pattern set (a sparse prefilter computed once per batch).
        """
        words = stream[at]
        s_cue = self.single_of[words]
        hit = s_cue >= 0
        s_pos, s_cue = at[hit], s_cue[hit]
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


class _Vocabulary(dict):
    """str -> id; unseen keys get the next id and are queued for analysis."""

    def __init__(self):
        super().__init__()
        self.pending: list[str] = []

    def __missing__(self, key):
        value = self[key] = len(self)
        self.pending.append(key)
        return value


class CompiledCodebook:
    """A codebook compiled for counting over many texts.

    ``counts(texts)`` returns ``(X, n_tokens)``: a sparse document × cue count
    matrix (cues numbered frame by frame, as in ``score.cue_matrix``) and the
    number of word tokens of each text.
    """

    # Chunk types kept between calls; beyond this the vocabulary starts afresh so
    # that a long-lived compiled codebook does not grow without bound.
    MAX_CHUNKS = 2_000_000

    def __init__(self, codebook):
        self.codebook = codebook
        self.n_cues = 0
        self._slots: dict = {}
        self.frames = []
        stop = get_language(codebook.language).stopwords()
        for f in codebook.frames:
            m = f.matcher
            cues = _PatternSet(m.patterns, self.n_cues, self._slots, stop)
            excl = _PatternSet(m.exclude, 0, self._slots, stop) if m.exclude else None
            self.frames.append((cues, excl))
            self.n_cues += len(m.patterns)
        self._literal: dict[str, list] = {}
        self._globs: dict[str, list] = {}  # literal 2-char prefix ("" = any) -> slot keys
        for key, slot in self._slots.items():
            if slot.literal:
                self._literal.setdefault(slot.token, []).append(key)
                if slot.last:
                    self._literal.setdefault(slot.token + "'s", []).append(key)
            else:
                prefix = re.match(r"[^*?]*", slot.token).group()
                self._globs.setdefault(prefix[:2] if len(prefix) >= 2 else "", []).append(key)
        self._reset_vocabulary()

    def __reduce__(self):
        # Shipped to worker processes as its codebook: each worker compiles it once
        # (compile_codebook caches by content hash) and grows its own vocabulary.
        return (compile_codebook, (self.codebook,))

    def _reset_vocabulary(self) -> None:
        # vocabularies: chunks (whitespace-delimited strings) and words
        self._chunk_id = _Vocabulary()
        self._chunk_tokens: list[list[int]] = []
        self._chunk_words = np.zeros(0, dtype=np.int64)
        self._word_id: dict[str, int] = {"": _BARRIER}
        self._words: list[str] = [""]
        self._n_featured = 1
        self._slot_lists: dict = {key: [] for key in self._slots}
        self._slot_ids: dict = {key: np.zeros(0, dtype=np.int64) for key in self._slots}
        self._interest = np.zeros(1, dtype=bool)
        self._flat = np.zeros(0, dtype=np.int64)
        self._offsets = np.zeros(0, dtype=np.int64)
        self._lens = np.zeros(0, dtype=np.int64)

    # -- vocabulary ---------------------------------------------------------
    def _word(self, w: str) -> int:
        i = self._word_id.get(w)
        if i is None:
            i = self._word_id[w] = len(self._words)
            self._words.append(w)
        return i

    def _analyse_chunk(self, chunk: str) -> list[int]:
        # Hyphens join the tokens of a multi-word cue like whitespace does;
        # any other punctuation before, between or after tokens is a barrier.
        out: list[int] = []
        pos = 0
        for m in TOKEN_RX.finditer(chunk):
            if chunk[pos : m.start()].strip(_HYPHENS):
                out.append(_BARRIER)
            out.append(self._word(_norm(fold_case(m.group()))))
            pos = m.end()
        if chunk[pos:].strip(_HYPHENS):
            out.append(_BARRIER)
        return out

    def _add_chunks(self, new: list[str]) -> None:
        start_words = len(self._words)
        base = len(self._chunk_tokens)
        self._chunk_tokens.extend(self._analyse_chunk(c) for c in new)
        added = self._chunk_tokens[base:]
        lens = np.fromiter((len(t) for t in added), dtype=np.int64, count=len(added))
        flat_new = np.fromiter((w for t in added for w in t), dtype=np.int64, count=int(lens.sum()))
        words_new = np.fromiter(
            (sum(1 for w in t if w != _BARRIER) for t in added), dtype=np.int64, count=len(added)
        )
        self._offsets = np.concatenate([self._offsets, len(self._flat) + np.cumsum(lens) - lens])
        self._lens = np.concatenate([self._lens, lens])
        self._flat = np.concatenate([self._flat, flat_new])
        self._chunk_words = np.concatenate([self._chunk_words, words_new])
        if len(self._words) > start_words:
            self._featurize(start_words)

    def _featurize(self, start: int) -> None:
        new_words = self._words[start:]
        for offset, w in enumerate(new_words):
            wid = start + offset
            for key in self._literal.get(w, ()):
                self._slot_lists[key].append(wid)
            for key in self._globs.get(w[:2], []) + self._globs.get("", []):
                if self._slots[key].accepts(w):
                    self._slot_lists[key].append(wid)
        self._slot_ids = {k: np.asarray(v, dtype=np.int64) for k, v in self._slot_lists.items()}
        interest = np.zeros(len(self._words), dtype=bool)
        for cues, excl in self.frames:
            for ps in (cues, excl) if excl is not None else (cues,):
                ps.extend(new_words, start, self._slot_ids)
                interest |= ps.interesting()
        self._interest = interest

    # -- counting -----------------------------------------------------------
    def _batch(self, texts: list[str]):
        chunks: list[str] = []
        per_doc = np.empty(len(texts), dtype=np.int64)
        for i, t in enumerate(texts):
            parts = t.split()
            chunks.extend(parts)
            chunks.append("\x00")  # document separator: analysed as a barrier
            per_doc[i] = len(parts) + 1
        vocab = self._chunk_id
        codes = np.fromiter(map(vocab.__getitem__, chunks), dtype=np.int64, count=len(chunks))
        if vocab.pending:
            self._add_chunks(vocab.pending)
            vocab.pending = []
        doc_of_chunk = np.repeat(np.arange(len(texts)), per_doc)
        n_tokens = np.bincount(doc_of_chunk, weights=self._chunk_words[codes], minlength=len(texts))
        lens = self._lens[codes]
        ends = np.cumsum(lens)
        idx = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(
            ends - lens - self._offsets[codes], lens
        )
        stream = self._flat[idx]
        doc_end = ends[np.cumsum(per_doc) - 1]  # stream position where each document ends
        at = np.flatnonzero(self._interest[stream])
        rows, cols = [], []
        for cues, excl in self.frames:
            pos, length, cue = cues.find(stream, at, self._slot_ids)
            if excl is not None and len(pos):
                ex_pos, ex_len, _ = excl.find(stream, at, self._slot_ids, resolve=False)
                pos, length, cue = _drop_excluded(pos, length, cue, ex_pos, ex_len)
            rows.append(np.searchsorted(doc_end, pos, side="right"))
            cols.append(cue)
        r, c = np.concatenate(rows), np.concatenate(cols)
        X = sparse.csr_matrix(
            (np.ones(len(r), dtype=np.int64), (r, c)), shape=(len(texts), self.n_cues)
        )
        X.sum_duplicates()
        return X, n_tokens.astype(np.int64)

    def counts(self, texts: list[str], *, batch_size: int = 2000, progress: bool = False):
        """Sparse document × cue counts and token counts of ``texts``."""
        if len(self._chunk_id) > self.MAX_CHUNKS:
            self._reset_vocabulary()
        parts, ntok = [], []
        starts = range(0, len(texts), batch_size)
        if progress:
            from framing._progress import progress_bar

            starts = progress_bar(starts, progress=True, desc="scoring", unit="batch")
        for s in starts:
            X, n = self._batch(texts[s : s + batch_size])
            parts.append(X)
            ntok.append(n)
        if not parts:
            return sparse.csr_matrix((0, self.n_cues), dtype=np.int64), np.zeros(0, dtype=np.int64)
        return sparse.vstack(parts, format="csr"), np.concatenate(ntok)


_CACHE: dict[str, CompiledCodebook] = {}
_CACHE_SIZE = 8


def compile_codebook(codebook) -> CompiledCodebook:
    """The compiled form of a codebook, built once per content hash (sha256) and process.

    Not thread-safe: threads that score at once should each compile their own
    :class:`CompiledCodebook`; processes (``n_jobs``) each get their own cache.
    """
    key = codebook.sha256
    compiled = _CACHE.get(key)
    if compiled is None:
        compiled = CompiledCodebook(codebook)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = compiled
    return compiled
