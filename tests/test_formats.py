"""Dictionary formats: LIWC .dic, WordStat .cat, Lexicoder .lc3, quanteda YAML; writers; round trips.

The constructed files in tests/data/dictionaries carry the quirks of real files
(see the comments in ``tests/data/dictionaries/quirks.dic`` below); the real
dictionaries in ../shared/dictionaries are read when present (they are not part
of the repository, so CI skips those tests).
"""

from __future__ import annotations

import collections
import warnings
from pathlib import Path

import numpy as np
import pytest

import framing
from framing.codebook import codebook_from_yaml
from framing.codebook.formats import detect_format
from framing.errors import CodebookError

DATA = Path(__file__).parent / "data" / "dictionaries"
_ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (a worktree sits one level deeper: ../../shared)
SHARED = (
    next(
        (p for p in (_ROOT.parent / "shared", _ROOT.parent.parent / "shared") if p.is_dir()),
        _ROOT.parent / "shared",
    )
    / "dictionaries"
)


def load_quietly(path, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cb = framing.load_codebook(path, **kwargs)
    return cb, [str(w.message) for w in caught]


def parse(cb):
    """{label: [(cue, weight), ...]} — everything a dictionary file can say."""
    return {f.label: list(zip(f.cues, f.weights, strict=True)) for f in cb.frames}


# --- LIWC .dic ----------------------------------------------------------------------------------


def test_liwc_quirks_parse_exactly():
    # quirks.dic: '%' lines with trailing tabs; legend ids '01', '2', '03 ' separated by runs of
    # spaces or tabs; a whitespace-only line; an identical repeated line; trailing tabs and
    # spaces; a multi-word entry whose id '3' means '03'; several ids on one line; one word on
    # two lines (two categories); space-separated entries; a LIWC 2007 conditional code; an
    # unmatchable 'fair-*'; an <of> tag; an undefined category id.
    cb, notes = load_quietly(DATA / "quirks.dic")
    assert parse(cb) == {
        "care.virtue": [("safe*", 1), ("compassion*", 1), ("preserve", 1), ("kind", 1)],
        "care.vice": [("preserve", 1), ("wound", 1), ("kind", 1), ("like", 1)],
        "fairness": [
            ("civil rights", 1),
            ("preserve", 1),
            ("wound", 1),
            ("level playing field", 1),
        ],
    }
    assert cb.frame_names == ["care_virtue", "care_vice", "fairness"]
    assert len(notes) == 1
    for fragment in ("line 17", "conditional codes", "<of>", "undefined category '09'", "fair-*"):
        assert fragment in notes[0]


def test_a_word_under_two_categories_counts_in_both():
    # the PyPI 'liwc' package keeps only the last category of a word listed twice
    cb, _ = load_quietly(DATA / "quirks.dic")
    s = framing.score(["The wound will heal. A kind wound."], cb, normalize="count")
    assert s[["care_virtue", "care_vice", "fairness"]].values.tolist() == [[1, 3, 2]]


def test_liwc_without_legend_is_an_error(tmp_path):
    p = tmp_path / "bad.dic"
    p.write_text("%\n1\tcare\nnurture\t1\n")
    with pytest.raises(CodebookError, match=r"bad\.dic: a LIWC dictionary starts with"):
        framing.load_codebook(p)
    p.write_text("%\n1\n%\nnurture\t1\n")
    with pytest.raises(CodebookError, match=r"line 2: a legend line is a category id and a name"):
        framing.load_codebook(p)


def test_windows_1252_dictionary_is_read_with_a_warning(tmp_path):
    p = tmp_path / "old.dic"
    p.write_bytes("%\n1\tcaf\xe9\n%\nna\xefve\t1\n".encode("cp1252"))
    with pytest.warns(UserWarning, match="read as Windows-1252"):
        cb = framing.load_codebook(p)
    assert parse(cb) == {"café": [("naïve", 1)]}
    assert framing.load_codebook(p, encoding="cp1252").frames == cb.frames


@pytest.mark.skipif(not (SHARED / "mfd2.0.dic").exists(), reason="../shared not available")
def test_mfd2_parses_exactly():
    cb, notes = load_quietly(SHARED / "mfd2.0.dic")
    assert notes == []
    assert len(cb.frames) == 10
    assert [f.label for f in cb.frames] == [
        f"{foundation}.{side}"
        for foundation in ("care", "fairness", "loyalty", "authority", "sanctity")
        for side in ("virtue", "vice")
    ]
    assert sum(len(f.cues) for f in cb.frames) == 2103
    assert "civil rights" in cb["fairness_virtue"].cues  # multi-word entries kept
    assert sum(" " in c for f in cb.frames for c in f.cues) == 110
    frames_of = collections.Counter(c for f in cb.frames for c in f.cues)
    assert sum(n >= 2 for n in frames_of.values()) == 57
    assert sum(n == 3 for n in frames_of.values()) == 6  # e.g. heresy
    assert {f.name for f in cb.frames if "heresy" in f.cues} == {
        "loyalty_vice",
        "authority_vice",
        "sanctity_vice",
    }


@pytest.mark.skipif(not (SHARED / "mft_original.dic").exists(), reason="../shared not available")
def test_mft_original_parses_exactly():
    cb, notes = load_quietly(SHARED / "mft_original.dic")
    assert len(cb.frames) == 11 and cb.frames[-1].label == "moral"
    # 'preserve		01 07 09': one line, three categories
    assert {f.label for f in cb.frames if "preserve" in f.cues} == {
        "care.virtue",
        "authority.virtue",
        "sanctity.virtue",
    }
    sizes = [len(f.cues) for f in cb.frames]
    assert sizes == [16, 35, 25, 18, 29, 23, 45, 37, 35, 54, 41]
    assert sum(sizes) == 358  # 359 distinct (word, category) pairs less 'fair-*'
    assert len(notes) == 1 and "'fair-*'" in notes[0] and "line 71" in notes[0]


@pytest.mark.skipif(not (SHARED / "quanteda-tests").exists(), reason="../shared not available")
def test_quanteda_test_dictionaries_parse_exactly():
    expected = {"A category": ["more", "lamb", "little"], "Another category": ["had", "mary"]}
    for name in ("mary.dic", "mary.lc3"):
        cb, notes = load_quietly(SHARED / "quanteda-tests" / name)
        assert notes == []
        assert {f.label: list(f.cues) for f in cb.frames} == expected
    cb, notes = load_quietly(SHARED / "quanteda-tests" / "issue-459.cat")
    assert notes == []
    assert [f.label for f in cb.frames] == [
        "SOUTH.BW",
        "SOUTH.LS",
        "SOUTH.NA",
        "SOUTH.ZA",
        "SOUTH.SZ",
    ]
    assert cb["south_za"].cues == (
        "south africa",
        "s african",
        "sa",
        "south african*",
        "s african*",
        "cape town",
        "johannesburg",
    )
    assert sum(len(f.cues) for f in cb.frames) == 20


# --- WordStat, Lexicoder, quanteda YAML -----------------------------------------------------------


def test_wordstat_nesting_and_weights():
    # nested.cat: indentation by spaces then tabs, by tabs only, and deeper than needed;
    # weights 1, 2, 0.5, -1; trailing spaces; a proximity rule; a third level
    cb, notes = load_quietly(DATA / "nested.cat")
    assert parse(cb) == {
        "SOUTH.BW": [("botswana", 1), ("botswanan*", 1)],
        "SOUTH.ZA": [("south africa", 2), ("cape town", 0.5), ("johannesburg", 1)],
        "SOUTH.ZA.CITIES": [("durban", 1)],
        "NORTH": [("cairo", -1)],
    }
    assert len(notes) == 1 and "line 9" in notes[0] and "proximity" in notes[0]


def test_weighted_scores_are_sums_of_weights_per_1000_tokens():
    cb, _ = load_quietly(DATA / "nested.cat")
    text = "From Cape Town to South Africa's north, Cairo."  # 8 tokens
    s = framing.score([text], cb)
    assert s.loc[0, "south_za"] == pytest.approx((0.5 + 2) * 1000 / 8)
    assert s.loc[0, "north"] == pytest.approx(-1 * 1000 / 8)
    m = framing.matches([text], cb)
    assert m[["cue", "weight"]].values.tolist() == [
        ["cape town", 0.5],
        ["south africa", 2.0],
        ["cairo", -1.0],
    ]
    counts = framing.score([text], cb, normalize="count")
    for frame in cb.frame_names:
        label = cb[frame].label
        assert counts.loc[0, frame] == pytest.approx(m.loc[m["frame"] == frame, "weight"].sum()), (
            label
        )
    assert framing.score([text], cb, normalize="binary").loc[0, "north"] == 1  # a match is a match


def test_lexicoder_quirks():
    cb, notes = load_quietly(DATA / "quirks.lc3")
    assert notes == []
    assert parse(cb) == {
        "negative": [("abandon*", 1), ("a lie*", 1), ("bad", 1)],
        "positive": [("good", 1), ("well done", 1)],
    }


def test_lexicoder_entry_before_a_category(tmp_path):
    p = tmp_path / "bad.lc3"
    p.write_text("good\n+positive\nfine\n")
    with pytest.raises(CodebookError, match=r"line 1: entry 'good' comes before the first"):
        framing.load_codebook(p)


def test_quanteda_yaml_nested_keys_are_flattened():
    cb, notes = load_quietly(DATA / "nested-quanteda.yml")
    assert notes == []
    assert parse(cb) == {
        "economy.tax": [("tax*", 1), ("taxation", 1)],
        "economy.jobs": [("job*", 1), ("unemploy*", 1)],
        "conflict": [("war", 1), ("dispute*", 1)],
    }
    assert cb.frame_names == ["economy_tax", "economy_jobs", "conflict"]


def test_format_is_recognised_by_content_not_only_extension(tmp_path):
    liwc = tmp_path / "export.txt"
    liwc.write_text((DATA / "quirks.dic").read_text())
    assert parse(load_quietly(liwc)[0]) == parse(load_quietly(DATA / "quirks.dic")[0])
    lexicoder_as_dic = tmp_path / "lexicoder.dic"
    lexicoder_as_dic.write_text((DATA / "quirks.lc3").read_text())
    assert parse(load_quietly(lexicoder_as_dic)[0]) == parse(load_quietly(DATA / "quirks.lc3")[0])
    assert detect_format((DATA / "nested.cat").read_text()) == "wordstat"
    assert detect_format("name: x\nversion: 1\nframes: []\n", ".yaml") == "yaml"
    forced = framing.load_codebook(DATA / "quirks.lc3", format="lexicoder")
    assert forced.frame_names == ["negative", "positive"]


# --- writers and round trips ----------------------------------------------------------------------


def test_dic_round_trip(tmp_path):
    cb, _ = load_quietly(DATA / "quirks.dic")
    p = tmp_path / "again.dic"
    p.write_text(cb.to_dic())
    again, notes = load_quietly(p)
    assert notes == []
    # a .dic lists each word once with all its categories, so entries come back grouped by word
    assert [(f.name, sorted(f.cues)) for f in again.frames] == [
        (f.name, sorted(f.cues)) for f in cb.frames
    ]
    assert "preserve\t1\t2\t3" in cb.to_dic()  # one line, every category


def test_lc3_round_trip(tmp_path):
    cb, _ = load_quietly(DATA / "quirks.lc3")
    p = tmp_path / "again.lc3"
    p.write_text(cb.to_lc3())
    again, _ = load_quietly(p)
    assert [(f.name, f.cues) for f in again.frames] == [(f.name, f.cues) for f in cb.frames]


def test_yaml_round_trip_keeps_weights_and_scores():
    cb, _ = load_quietly(DATA / "nested.cat")
    again = codebook_from_yaml(cb.to_yaml())
    assert again == cb and again.sha256 == cb.sha256
    text = ["Cape Town, Durban and Cairo; South Africa."]
    np.testing.assert_array_equal(
        framing.score(text, again)[cb.frame_names].to_numpy(),
        framing.score(text, cb)[cb.frame_names].to_numpy(),
    )


def test_writers_say_what_a_format_cannot_hold():
    cb, _ = load_quietly(DATA / "nested.cat")
    with pytest.warns(UserWarning, match="weights cannot be written to a LIWC file"):
        cb.to_dic()
    pow_exchange = framing.load_codebook("pow-exchange")
    with pytest.warns(UserWarning) as caught:
        text = pow_exchange.to_lc3()
    said = " ".join(str(w.message) for w in caught)
    assert "exclude phrases cannot be written to a Lexicoder" in said
    assert "holds the en cues only" in said  # the bundled codebook has ru and uk cues too
    assert text.count("\n+") + 1 == len(pow_exchange.frames)
    with pytest.warns(UserWarning) as caught:
        russian = pow_exchange.to_lc3(lang="ru")
    assert any("holds the ru cues only" in str(w.message) for w in caught)
    assert russian != text and russian.startswith("+morale\n")


@pytest.mark.skipif(not (SHARED / "mfd2.0.dic").exists(), reason="../shared not available")
def test_mfd2_round_trips_through_every_writer(tmp_path):
    cb, _ = load_quietly(SHARED / "mfd2.0.dic")
    for suffix, text in ((".dic", cb.to_dic()), (".lc3", cb.to_lc3()), (".yaml", cb.to_yaml())):
        p = tmp_path / f"mfd{suffix}"
        p.write_text(text)
        again, _ = load_quietly(p)
        assert [(f.name, sorted(f.cues)) for f in again.frames] == [
            (f.name, sorted(f.cues)) for f in cb.frames
        ]


def test_a_dictionary_language_can_be_given(tmp_path):
    import pandas as pd

    data = pd.DataFrame(
        {"doc_id": ["a", "b"], "lang": ["en", "de"], "text": ["A wound.", "Eine Wunde."]}
    )
    neutral, _ = load_quietly(DATA / "quirks.dic")
    assert neutral.languages == ()
    with pytest.warns(UserWarning, match="declares no language.*texts in de, en alike"):
        framing.score(data, neutral)
    english, _ = load_quietly(DATA / "quirks.dic", language="en")
    assert english.languages == ("en",) and english.language == "en"
    with pytest.warns(UserWarning, match=r"no cues in de \(1 text\)"):
        s = framing.score(data, english, normalize="count")
    assert s.loc[0, "care_vice"] == 1 and np.isnan(s.loc[1, "care_vice"])
    yaml_book = tmp_path / "plain.yaml"
    yaml_book.write_text(
        "name: p\nversion: '1'\nframes:\n  - {name: f, label: F, definition: d, cues: [war]}\n"
    )
    assert framing.load_codebook(yaml_book, language="de").language == "de"
    assert framing.load_codebook("pow-exchange", language="de").language == "en"  # declared


# --- layout variants of real dictionary files (constructed here, in code) -----------------------


def test_liwc2015_legend_with_descriptions_and_subcategories(tmp_path):
    path = tmp_path / "liwc2015_style.dic"
    path.write_text(
        "%\n1\tfunction\t(Function Words)\n\t2\tpronoun (Pronouns)\n\t\t3\tppron\n"
        "4\taffect\t(Affect)\n%\nwe\t1\t2\t3\nhappy\t4\n",
        encoding="utf-8",
    )
    cb, _ = load_quietly(path)
    assert parse(cb) == {
        "function": [("we", 1.0)],
        "pronoun": [("we", 1.0)],
        "ppron": [("we", 1.0)],
        "affect": [("happy", 1.0)],
    }


def test_liwc_multiword_entry_holding_a_category_name(tmp_path):
    # space-separated lines: "health care 1" is the phrase "health care" in category 1,
    # although "care" is also the name of a category
    path = tmp_path / "spaces.dic"
    path.write_text(
        "%\n1 care\n2 harm\n%\nhealth care 1\nchild care 1 2\nhurt harm\n", encoding="utf-8"
    )
    cb, _ = load_quietly(path)
    assert parse(cb) == {
        "care": [("health care", 1.0), ("child care", 1.0)],
        "harm": [("child care", 1.0), ("hurt", 1.0)],
    }


def test_liwc_with_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "windows.dic"
    text = "%\r\n1\tзабота\r\n2\tвред\r\n%\r\nзабот*\t1\r\nранен*\t2\r\nлечение\t1\t2\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    cb, _ = load_quietly(path)
    assert parse(cb) == {
        "забота": [("забот*", 1.0), ("лечение", 1.0)],
        "вред": [("ранен*", 1.0), ("лечение", 1.0)],
    }


def test_wordstat_entries_written_without_weights(tmp_path):
    path = tmp_path / "noweights.cat"
    path.write_text(
        "ECONOMY\n\tTAXES\n\t\tTAX*\n\t\tBUDGET (2)\n\tJOBS\n\t\tJOB*\nWAR\n    BOMB*\n    TROOPS\n",
        encoding="utf-8",
    )
    cb, _ = load_quietly(path)
    assert parse(cb) == {
        "ECONOMY.TAXES": [("tax*", 1.0), ("budget", 2.0)],
        "ECONOMY.JOBS": [("job*", 1.0)],
        "WAR": [("bomb*", 1.0), ("troops", 1.0)],
    }
