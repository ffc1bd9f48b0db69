"""Adversarial inputs and faults: one small test per root cause, fixtures generated here.

Each section names the root cause it guards (hangs, silent wrong results, lost
rows, tracebacks instead of framing errors); nothing here is a committed binary.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.cli import main
from framing.codebook import codebook_from_yaml
from framing.errors import CodebookError, CorpusError

# --- 1. YAML aliases and deep nesting (codebooks, front matter) -----------------------------


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_codebook_is_refused(tmp_path):
    text = _billion_laughs() + "name: x\nversion: '1'\nframes: []\n"
    assert len(text) < 1000  # a few hundred bytes describing 9**10 strings
    with pytest.raises(CodebookError, match="aliases .* expanded"):
        codebook_from_yaml(text)
    path = tmp_path / "laughs.yaml"
    path.write_text(text)
    with pytest.raises(CodebookError, match=r"laughs\.yaml: more than 200,000 values"):
        framing.load_codebook(path)
    assert main(["show-codebook", str(path)]) == 2


def test_deeply_nested_yaml_is_refused(tmp_path):
    deep = "name: x\nversion: '1'\nframes: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(CodebookError, match="nest"):
        codebook_from_yaml(deep)
    blocks = "name: x\nversion: '1'\nframes:\n" + "".join(
        "  " * (i + 1) + "- k:\n" for i in range(200)
    )
    with pytest.raises(CodebookError, match="nested more than 50 levels"):
        codebook_from_yaml(blocks)
    recursive = "name: x\nversion: '1'\nframes: &f [*f]\n"
    with pytest.raises(CodebookError, match="recursive alias|alias"):
        codebook_from_yaml(recursive)


def test_front_matter_goes_through_the_bounded_loader(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\n" + _billion_laughs() + "outlet: X\n---\nText of the article.\n"
    )
    with pytest.raises(CorpusError, match=r"a\.md.*aliases"):
        framing.load_corpus(folder)
    (folder / "a.md").write_text("---\nx: " + "[" * 3000 + "]" * 3000 + "\n---\nText.\n")
    with pytest.raises(CorpusError, match=r"a\.md.*nest"):
        framing.load_corpus(folder)


def test_plain_anchors_still_work():
    cb = codebook_from_yaml(
        "name: x\nversion: '1'\nneg: null\n"[:0] + "name: x\nversion: '1'\nframes:\n"
        "  - {name: a, label: A, definition: d, cues: &shared [war, battle*]}\n"
        "  - {name: b, label: B, definition: d, cues: *shared}\n"
    )
    assert cb["a"].cues == cb["b"].cues == ("war", "battle*")


def test_yes_no_on_off_stay_words_in_codebooks():
    cb = codebook_from_yaml(
        "name: x\nversion: '1'\nframes:\n"
        "  - name: a\n    label: A\n    definition: d\n    cues: [no deal, on, off, yes]\n"
        "    negation: {window: 2, words: [not, no, never]}\n"
    )
    assert cb["a"].cues == ("no deal", "on", "off", "yes")
    assert cb["a"].negation.words == ("not", "no", "never")


# --- 2. wildcard backtracking in cues ---------------------------------------------------------


def _one_frame(cues):
    return framing.load_codebook(
        {
            "name": "w",
            "version": "1",
            "frames": [{"name": "f", "label": "F", "definition": "d", "cues": list(cues)}],
        }
    )


def test_backtracking_wildcards_match_in_linear_time():
    # against a backtracking regex these run for minutes (a*a*…b) and grow quadratically (*x*y*)
    cb = _one_frame(["a*a*a*a*a*a*a*a*a*a*a*a*b", "*x*y*"])
    texts = ["a" * 60, "aaaa" * 15 + "b", "x" * 40_000, "x" * 20_000 + "y" + "z" * 20_000]
    s = framing.score(texts, cb, normalize="count")
    assert s["f"].tolist() == [0, 1, 0, 1]
    hits = framing.matches(texts, cb)
    assert hits["doc_id"].tolist() == ["1", "3"]
    assert len(framing.highlight(texts[0], cb).matches) == 0
    assert (
        len(
            framing.kwic(
                __import__("pandas").DataFrame({"doc_id": ["a"], "text": texts[1:2]}),
                frame="f",
                codebook=cb,
            )
        )
        == 1
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab*?", min_size=1, max_size=8).filter(lambda t: any(c in t for c in "ab")),
    st.text(alphabet="ab'", max_size=12),
)
def test_linear_glob_agrees_with_the_regular_expression(glob, word):
    from framing.codebook.matching import pattern_regex
    from framing.scoring.compiled import Glob

    expected = re.fullmatch(pattern_regex(glob), word) is not None
    assert Glob(glob).fullmatch(word) == expected


# --- 3. CLI column renames that collide -------------------------------------------------------

# --- 4. CSV/TSV quoting that swallows rows; duplicate headers ---------------------------------

# --- 5. Parquet/JSONL types: integer dates, float ids, non-text text, inf scores --------------

# --- 6. unreadable subfolders of a corpus folder ----------------------------------------------

# --- 7. report output folders that are not the report's own ------------------------------------

# --- 8. kills between writes; stale temporary files --------------------------------------------

# --- 9. JSON Lines with U+2028 / U+0085 inside strings ------------------------------------------

# --- 10. near_duplicates parameters ---------------------------------------------------------------

# --- 11. coding-sheet ids and spreadsheet formulas (CSV injection) --------------------------------

# --- 12. tracebacks: huge fields, CR line ends, deep JSON, bad seeds, huge n_boot, ... --------------

# --- 13. misleading messages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "cue",
    ["I\u0307stanbul", "İstanbul", "i\u0307stanbul", "Istanbul"],
)
def test_istanbul_cues_with_a_combining_dot_are_accepted(cue):
    cb = _one_frame([cue])
    assert cb["f"].cues == ("istanbul",)
    s = framing.score(["Talks in İstanbul, then in Istanbul."], cb, normalize="count")
    assert s["f"].tolist() == [2]


def test_nfd_cues_are_normalised_like_nfc_text():
    import unicodedata

    cue = unicodedata.normalize("NFD", "Zürich")
    assert len(cue) == 7
    cb = _one_frame([cue])
    assert cb["f"].cues == ("zürich",)
    assert framing.score(["Talks in Zürich."], cb, normalize="count")["f"].tolist() == [1]


# --- 14. memory of loading and scoring -----------------------------------------------------------


def _traced_peak_of_score(n_copies: int) -> tuple[int, int]:
    import tracemalloc

    import pandas as pd

    base = framing.load_corpus("pow-exchange-2025")[["doc_id", "text"]].head(20)
    texts = [f"{t} copy{i}" for i in range(n_copies) for t in base["text"]]
    corpus = pd.DataFrame(
        {"doc_id": [str(i) for i in range(len(texts))], "text": pd.Series(texts, dtype="str")}
    )
    del texts
    size = int(corpus["text"].str.len().sum())
    framing.score(corpus.head(2), "pow-exchange")
    tracemalloc.start()
    try:
        framing.score(corpus, "pow-exchange", progress=False)
        return size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_scoring_memory_does_not_grow_with_the_corpus(monkeypatch):
    from framing.scoring import compiled

    monkeypatch.setattr(compiled, "_BATCH_CHARS", 1 << 19)  # batches well below both corpora
    # Texts are converted to Python strings a batch at a time (pandas keeps them as
    # UTF-8; as Python strings these texts take two bytes a character), and hits are
    # summed per batch: four times the text costs little more memory. Before, every
    # text was converted at once: the difference below was over twice the added text.
    small_size, small_peak = _traced_peak_of_score(20)
    large_size, large_peak = _traced_peak_of_score(80)
    assert large_size > 3.5 * small_size
    assert large_peak - small_peak < large_size - small_size
