"""The scorer's fast path counts exactly what the offset-reporting Matcher finds."""

from __future__ import annotations

import re
import threading

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.text import count_tokens
from framing.text.normalize import normalize_text
from framing.text.tokens import fold_case

TRICKY = framing.load_codebook(
    {
        "name": "tricky",
        "version": "1",
        "description": "Overlaps, globs, phrases, possessives and excludes.",
        "citation": "tests",
        "frames": [
            {
                "name": "a",
                "label": "A",
                "definition": "x",
                "cues": [
                    "war",
                    "war*",
                    "prisoner* of war",
                    "of war",
                    "bargaining chip*",
                    "bargaining",
                    "talks",
                    "peace talks",
                    "peace",
                    "it's",
                    "*crime*",
                    "wom?n",
                    "the war of",
                ],
                "exclude": ["war of words", "peace of mind", "of war", "words of"],
            },
            {
                "name": "b",
                "label": "B",
                "definition": "y",
                "cues": ["prisoner*", "chip", "of", "istanbul", "kyiv", "mind"],
                "exclude": ["prisoner of"],
            },
        ],
    }
)

PIECES = [
    "war",
    "War",
    "WAR",
    "wars",
    "award",
    "warlord",
    "prisoner",
    "prisoners",
    "of",
    "peace",
    "talks",
    "bargaining",
    "chip",
    "chips",
    "chip's",
    "it's",
    "it’s",
    "crime",
    "crimes",
    "cybercrime",
    "woman",
    "women",
    "the",
    "mind",
    "words",
    "İstanbul",
    "Kyiv",
    "Київ",
    "o'war",
    "don't",
    "_",
    "__war",
    "1,000",
    "9",
    ",",
    ".",
    "'",
    "’",
    "‘",
    "-",
    "‐",
    "—",
    "«",
    "»",
    '"',
    "(",
    ")",
    "?",
    "!",
]
SPACES = [" ", " ", " ", "  ", "\u00a0", "\n", "\n\n", "", "-"]


@st.composite
def texts(draw):
    n = draw(st.integers(0, 25))
    out = []
    for _ in range(n):
        out.append(draw(st.sampled_from(PIECES)))
        out.append(draw(st.sampled_from(SPACES)))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts(), min_size=1, max_size=6))
def test_fast_counts_equal_matcher_counts(docs):
    counts = framing.score(docs, TRICKY, normalize="count")
    hits = framing.matches(docs, TRICKY)
    for frame in ["a", "b"]:
        expected = [
            int(((hits["doc_id"] == str(i)) & (hits["frame"] == frame)).sum())
            for i in range(len(docs))
        ]
        assert counts[frame].astype(int).tolist() == expected, (frame, docs)
    assert counts["n_tokens"].tolist() == [count_tokens(d) for d in docs]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=4))
def test_fast_counts_equal_matcher_counts_on_any_text(docs):
    counts = framing.score(docs, TRICKY, normalize="count")
    for i, d in enumerate(docs):
        for frame in ["a", "b"]:
            assert counts.loc[i, frame] == TRICKY[frame].matcher.count(d), (frame, d)
        assert counts.loc[i, "n_tokens"] == count_tokens(d)


def test_bundled_corpus_fast_path_agrees_with_matcher():
    corpus = framing.load_corpus("pow-exchange-2025")
    for name in framing.list_codebooks():
        cb = framing.load_codebook(name)
        counts = framing.score(corpus, cb, normalize="count")
        hits = framing.matches(corpus, cb)
        table = hits.groupby(["doc_id", "frame"]).size().unstack(fill_value=0)
        table = table.reindex(index=counts["doc_id"], columns=cb.frame_names, fill_value=0)
        np.testing.assert_array_equal(table.to_numpy(), counts[cb.frame_names].to_numpy(dtype=int))


PUNCT = framing.load_codebook(
    {
        "name": "punct",
        "version": "1",
        "frames": [
            {
                "name": "p",
                "label": "P",
                "definition": "cues with punctuation beside plain ones",
                "cues": ["u.s.", "u.s. army", "9/11", "c++", ":)", "army", "s", "e.u.", "a.m."],
                "exclude": ["e.u. army"],
            }
        ],
    }
)
PUNCT_PIECES = ["U.S.", "u.s", "U.S.A.", "u.s.-", "9/11", "19/11", "c++", "C", ":)", "x:)"]
PUNCT_PIECES += ["army", "Army's", "s", "E.U.", "e.u", "a.m.", "A.M", ".", ",", "-", "'"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(PUNCT_PIECES), st.sampled_from([" ", "", "-", "\n"])),
            max_size=12,
        ).map(lambda parts: "".join(a + b for a, b in parts)),
        min_size=1,
        max_size=4,
    )
)
def test_punctuation_cues_agree_with_the_reference_matcher(docs):
    hits = framing.matches(docs, PUNCT)
    matcher = PUNCT["p"].matcher
    for i, d in enumerate(docs):
        expected = [(s, e) for s, e, _ in matcher.finditer(d)]
        got = hits.loc[hits["doc_id"] == str(i), ["start", "end"]]
        assert [tuple(x) for x in got.to_numpy().tolist()] == expected, d


@settings(max_examples=300, deadline=None)
@given(st.lists(texts(), min_size=1, max_size=5))
def test_matches_and_kwic_report_the_reference_matchers_hits(docs):
    """matches() and kwic() run on the compiled path and find exactly the regex matcher's hits."""
    import pandas as pd

    hits = framing.matches(docs, TRICKY)
    corpus = pd.DataFrame({"doc_id": [str(i) for i in range(len(docs))], "text": docs})
    for frame in ("a", "b"):
        expected = [
            (str(i), s, e, p)
            for i, d in enumerate(docs)
            for s, e, p in TRICKY[frame].matcher.finditer(d)
        ]
        mine = hits[hits["frame"] == frame]
        got = list(mine[["doc_id", "start", "end", "cue"]].itertuples(index=False, name=None))
        assert got == expected, (frame, docs)
        k = framing.kwic(corpus, frame=frame, codebook=TRICKY, window=2)
        assert (
            list(k[["doc_id", "start", "end", "cue"]].itertuples(index=False, name=None))
            == expected
        )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=3))
def test_matches_report_the_reference_matchers_hits_on_any_text(docs):
    hits = framing.matches(docs, TRICKY)
    for frame in ("a", "b"):
        expected = [
            (str(i), s, e)
            for i, d in enumerate(docs)
            for s, e, _ in TRICKY[frame].matcher.finditer(d)
        ]
        mine = hits[hits["frame"] == frame]
        assert list(mine[["doc_id", "start", "end"]].itertuples(index=False, name=None)) == expected


def test_long_texts_matched_in_pieces_and_batches_lose_nothing(monkeypatch):
    from framing.scoring import compiled

    # tiny pieces and batches, so that every cut and batch boundary is exercised
    monkeypatch.setattr(compiled, "_PIECE_CHARS", 300)
    monkeypatch.setattr(compiled, "_BATCH_CHARS", 500)
    monkeypatch.setattr(compiled, "_LOCAL", threading.local())
    cb = framing.load_codebook(
        {
            "name": "long",
            "version": "1",
            "frames": [
                {
                    "name": "f",
                    "label": "F",
                    "definition": "d",
                    "cues": ["peace talks", "prisoner* of war", "u.s.", "talks"],
                    "exclude": ["talks resumed"],
                }
            ],
        }
    )
    punctuated = " ".join(
        f"Peace talks on round {i} (U.S. view); prisoners of war, talks resumed."
        for i in range(120)
    )
    unpunctuated = " ".join(["peace talks and prisoners of war"] * 150)  # no safe cut at all
    docs = [punctuated, "short peace talks", unpunctuated, "", punctuated[:1000]]
    hits = framing.matches(docs, cb)
    for i, d in enumerate(docs):
        expected = [(s, e) for s, e, _ in cb["f"].matcher.finditer(d)]
        got = hits.loc[hits["doc_id"] == str(i), ["start", "end"]].to_numpy().tolist()
        assert [tuple(x) for x in got] == expected, i
    counts = framing.score(docs, cb, normalize="count")
    assert counts["f"].tolist() == [cb["f"].matcher.count(d) for d in docs]
    assert counts["n_tokens"].tolist() == [count_tokens(d) for d in docs]
    X, _, _, n_tokens = framing.cue_matrix(docs, cb)
    assert X.sum(axis=1).A1.tolist() == counts["f"].tolist()


EVERY_WORD = framing.load_codebook(
    {
        "name": "every-word",
        "version": "1",
        "frames": [
            {
                "name": "f",
                "label": "F",
                "definition": "every token that is a plain run of word characters",
                "cues": ["w*", "x*", "r*", "o*", "s*", "з*", "m*"],
            }
        ],
    }
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["war", "war\u0301", "за\u0301мок", "rock`n", "o’brien", "soft\u00adhyphen", ",", "-"]
            + ["(war)", "«war»", "war,", "‘war’", "ʼwar", "war'", "\u0301war", "x", "mir"]
        ),
        max_size=10,
    ).map(" ".join)
)
def test_word_boundaries_and_offsets_follow_the_tokenizer(text):
    """The matcher's words are the tokenizer's tokens: marks and apostrophes inside words included."""
    from framing.text import token_spans

    _, _, _, n_tokens = framing.cue_matrix([text], EVERY_WORD)
    assert n_tokens[0] == count_tokens(text)
    spans = token_spans(text)
    hits = framing.matches([text], EVERY_WORD)
    got = [tuple(x) for x in hits[["start", "end"]].to_numpy().tolist()]
    assert set(got) <= set(spans), (text, got, spans)
    # independent oracle: the tokenizer's tokens, normalised, against the globs' rule
    expected = [
        (s, e)
        for s, e in spans
        if re.fullmatch(r"[wxrosзm]\w*(?:'s)?", fold_case(normalize_text(text[s:e])))
    ]
    assert got == expected, text


def test_chunks_split_at_exactly_the_whitespace_of_str_split():
    """The batch splitter (Arrow) cuts at the same characters as str.split, for every code point."""
    from framing.scoring.compiled import _chunk_codes, _chunk_codes_python, _Vocabulary

    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    strings = ["a".join(points), "", " ", "  x  y ", "\x00", " \u3000war,\u2028peace\x85"]
    strings += [c + "b" + c for c in points if c.isspace()]
    fast, plain = _Vocabulary(), _Vocabulary()
    codes, per_string = _chunk_codes(strings, fast)
    expected_codes, expected_per_string = _chunk_codes_python(strings, plain)
    assert per_string.tolist() == expected_per_string.tolist()
    names, expected_names = list(fast), list(plain)
    assert [names[c] for c in codes] == [expected_names[c] for c in expected_codes]
    # a lone surrogate is not UTF-8: such a batch is split by str.split
    codes, per_string = _chunk_codes(["war \ud800 peace"], _Vocabulary())
    assert per_string.tolist() == [4]


GLOBS = framing.load_codebook(
    {
        "name": "globs",
        "version": "1",
        "frames": [
            {
                "name": "f",
                "label": "F",
                "definition": "wildcards with and without a literal head, possessives",
                "cues": ["a*", "ab*", "b*c", "*c", "*b*", "a?", "?c", "ab'*", "a*'s", "ca"]
                + ["a b*", "b* c*", "c?b"],
            }
        ],
    }
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("ab'’c-\u00a0 \n.x"), max_size=12), min_size=1, max_size=8),
    st.lists(st.integers(0, 7), min_size=1, max_size=4),
)
def test_glob_cues_are_matched_in_batches_as_word_by_word(docs, cuts):
    """New word types are tested against the glob cues as a batch (sorted, by head or by
    a literal part); every slot then holds exactly the word types its own rule accepts."""
    from framing.scoring.compiled import CompiledCodebook

    compiled = CompiledCodebook(GLOBS)
    start = 0
    for cut in sorted(set(cuts)):  # several batches, each learning new word types
        compiled.counts(docs[start:cut] or [""])
        start = cut
    compiled.counts(docs)
    words = compiled._words
    for key, slot in compiled._slots.items():
        expected = [
            i
            for i, w in enumerate(words)
            if i and (slot.accepts(w) or (slot.literal and slot.last and w == key[0] + "'s"))
        ]
        assert compiled._slot_ids[key].tolist() == expected, (key, words)


PUNCTUATED = framing.load_codebook(
    {
        "name": "punctuated",
        "version": "1",
        "frames": [
            {
                "name": "f",
                "label": "F",
                "definition": "cue tokens with punctuation in them",
                "cues": ["u.s.", "u.s.-brokered talks", "war", "a-b"],
            }
        ],
    }
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(st.sampled_from("ab'’-‐.,«»()US_1\u0301\u00ad"), min_size=1, max_size=10),
        max_size=30,
    )
)
def test_chunks_analysed_in_bulk_as_one_by_one(chunks):
    """New chunks are analysed as a batch (plain words and one word with punctuation around
    it in bulk); each chunk's elements, spans and token count are those of analysing it alone."""
    from framing.scoring.compiled import CompiledCodebook

    chunks = list(dict.fromkeys(chunks))
    bulk, alone = CompiledCodebook(PUNCTUATED), CompiledCodebook(PUNCTUATED)
    bulk._add_chunks(chunks)
    for k, chunk in enumerate(chunks):
        ids: list[int] = []
        rel: list[tuple[int, int]] = []
        n_words = alone._analyse_chunk(chunk, ids, rel)
        first, n = bulk._offsets[k], bulk._lens[k]
        got = bulk._flat[first : first + n].tolist()
        assert [bulk._words[i] for i in got] == [alone._words[i] for i in ids], chunk
        assert bulk._rel[first : first + n].tolist() == [list(r) for r in rel], chunk
        assert bulk._chunk_words[k] == n_words, chunk


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(texts(), st.none()), min_size=1, max_size=12),
    st.integers(20, 400),
    st.lists(st.integers(0, 11), max_size=8),
)
def test_arrow_text_columns_are_matched_as_python_strings(docs, batch_chars, rows):
    """Texts that pandas stores in Arrow go to the splitter as Arrow data: counts, token
    counts and hits are those of the same texts as Python strings (in batches, with long
    texts cut into pieces, with missing texts, and for a subset of the rows)."""
    import pandas as pd
    import pytest

    from framing.scoring import compiled
    from framing.scoring.table import TextColumn

    series = pd.Series(docs, dtype=pd.StringDtype("pyarrow"))
    column = TextColumn.of(series)
    assert column.arrow(0, len(column)) is not None
    strings = [d or "" for d in docs]
    rows = [r for r in rows if r < len(docs)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(compiled, "_BATCH_CHARS", batch_chars)
        mp.setattr(compiled, "_PIECE_CHARS", batch_chars // 2)
        for col, plain in [(column, strings), (column.take(rows), [strings[r] for r in rows])]:
            X, n = compiled.CompiledCodebook(TRICKY).counts(col)
            X0, n0 = compiled.CompiledCodebook(TRICKY).counts(plain)
            assert (X != X0).nnz == 0 and n.tolist() == n0.tolist()
            got = compiled.CompiledCodebook(TRICKY).hits(col, context=2)
            expected = compiled.CompiledCodebook(TRICKY).hits(plain, context=2)
            assert got.keys() == expected.keys()
            for key in expected:
                assert list(got[key]) == list(expected[key]), key


def test_ascii_splitter_is_chosen_only_where_it_cuts_like_str_split():
    """A batch without non-ASCII whitespace (or \\x1c-\\x1f) is split by Arrow's faster
    ASCII splitter; for every code point, a batch the check lets through splits as str.split."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from framing.scoring.compiled import _ascii_spaces_only

    assert not any(chr(c).isspace() for c in range(0x3001, 0x110000))
    points = [chr(c) for c in range(0x3001) if not 0xD800 <= c <= 0xDFFF]
    strings = [f" a{c}b{c}{c}ж—{c}" for c in [*points, "\u4e00", "\U0001f600"]]
    arr = pa.array(strings, pa.large_string())
    chosen = 0
    for k, text in enumerate(strings):
        one = arr.slice(k, 1)
        if _ascii_spaces_only(one):
            chosen += 1
            chunks = [c for c in pc.ascii_split_whitespace(one).flatten().to_pylist() if c]
            assert chunks == text.split(), repr(text)
        else:
            assert any(c.isspace() for c in text.replace(" ", "")), repr(text)
    assert chosen > len(strings) - 30  # only the whitespace characters are refused
    assert _ascii_spaces_only(arr.slice(0, 0))


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.text(st.sampled_from(" \t\n\x1d\x85\xa0\u2028\u3000\u2009—’Рхa.,"), max_size=15))
)
def test_batches_split_like_str_split_whatever_their_whitespace(strings):
    """Batches with and without non-ASCII whitespace: chunks are those of str.split (Arrow's
    utf8_split_whitespace fails this: a trailing "\\u2009\\t" or an "a\\x1d" now and then)."""
    from framing.scoring.compiled import _chunk_codes, _chunk_codes_python, _Vocabulary

    fast, plain = _Vocabulary(), _Vocabulary()
    codes, per_string = _chunk_codes(list(strings), fast)
    expected_codes, expected_per_string = _chunk_codes_python(list(strings), plain)
    assert per_string.tolist() == expected_per_string.tolist()
    names, expected_names = list(fast), list(plain)
    assert [names[c] for c in codes] == [expected_names[c] for c in expected_codes]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefg"), max_size=8), max_size=5))
def test_chunk_vocabulary_learns_in_bulk_as_key_by_key(batches):
    """Unseen chunks of a batch get their ids in bulk: the ids, and the queue of chunks to
    analyse, are those of looking the chunks up one by one."""
    from framing.scoring.compiled import _Vocabulary

    bulk, one = _Vocabulary(), _Vocabulary()
    for keys in batches:
        assert bulk.ids(keys).tolist() == [one[k] for k in keys]
        assert bulk.pending == one.pending and dict(bulk) == dict(one)
