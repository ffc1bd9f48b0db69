"""The bundled corpus, its reference coding, worksheet and the scorer's validation on it."""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest

import framing
from framing import corpus_path

NAME = "pow-exchange-2025"
MAIN = ["morale", "humanitarian", "leverage", "diplomacy"]


def test_articles_meet_the_design(corpus):
    assert len(corpus) >= 40
    assert corpus["outlet"].nunique() >= 12
    assert corpus["country"].nunique() >= 6
    assert {"Russia", "Ukraine", "Turkey"} <= set(corpus["country"])
    assert corpus["outlet_type"].nunique() >= 5
    assert set(corpus["genre"]) <= {"news", "analysis", "opinion", "feature"}
    assert "en" in set(corpus["lang"]) and set(corpus["lang"]) <= {"en", "ru", "uk"}
    assert corpus["date"].between("2025-06-02", "2025-06-30").all()
    words = corpus["text"].str.split().str.len()
    # messenger-channel posts are short by design; every other article is full length
    post = corpus["outlet_type"] == "messenger channel"
    ok = words.between(80, 250).where(post, words.between(250, 900))
    assert ok.all(), corpus.loc[~ok, "doc_id"].tolist()
    assert corpus.groupby("outlet").size().min() >= 3
    # each language but English comes from outlets of its own, written in it
    for lang, part in corpus[corpus["lang"] != "en"].groupby("lang"):
        assert part["outlet"].nunique() >= 3 and len(part) >= 14, lang
        assert not set(part["outlet"]) & set(corpus.loc[corpus["lang"] != lang, "outlet"]), lang


def test_syndicated_wire_copy_is_found_as_near_duplicates(corpus):
    synd = corpus.dropna(subset=["syndicated_from"])
    assert len(synd) >= 2
    wires = set(corpus.loc[corpus["outlet_type"] == "international wire", "doc_id"])
    assert set(synd.loc[synd["lang"] == "en", "syndicated_from"]) <= wires
    source = corpus.set_index("doc_id").loc[synd["syndicated_from"]]
    assert (source["outlet"].to_numpy() != synd["outlet"].to_numpy()).all()
    assert (source["lang"].to_numpy() == synd["lang"].to_numpy()).all()
    pairs = framing.near_duplicates(corpus, threshold=0.5)
    found = {frozenset(p) for p in pairs[["doc_a", "doc_b"]].itertuples(index=False)}
    expected = {frozenset(p) for p in synd[["doc_id", "syndicated_from"]].itertuples(index=False)}
    assert found == expected


def test_reference_coding_joins_back_to_sentences(corpus, reference):
    frames = framing.load_codebook("pow-exchange").frame_names
    assert list(reference.columns) == ["doc_id", "sent_id", "text", *frames]
    assert len(reference) >= 500
    assert not reference.duplicated(["doc_id", "sent_id"]).any()
    assert set(np.unique(reference[frames].to_numpy())) <= {0, 1}
    sents = framing.sentences(corpus)
    joined = reference.merge(sents, on=["doc_id", "sent_id"], suffixes=("", "_s"), validate="1:1")
    assert len(joined) == len(reference)
    assert (joined["text"] == joined["text_s"]).all()
    per_outlet = joined.groupby("outlet").size()
    # the reference coding covers the English-language part of the corpus
    assert len(per_outlet) == corpus.loc[corpus["lang"] == "en", "outlet"].nunique() and per_outlet.min() >= 30


def test_worksheet_is_a_blank_subset(reference):
    ws = framing.load_worksheet(NAME)
    frames = framing.load_codebook("pow-exchange").frame_names
    assert len(ws) == 60
    assert ws[frames].isna().all().all()
    keys = set(zip(reference["doc_id"], reference["sent_id"], strict=True))
    assert set(zip(ws["doc_id"], ws["sent_id"], strict=True)) <= keys


def test_example_answers_read_back(reference):
    folder = corpus_path(NAME) / "coding" / "example-answers"
    for student in ("student-a", "student-b"):
        sheet = framing.read_coding_sheet(folder / f"{student}.csv", coder=student)
        assert len(sheet) == 60 and (sheet["coder"] == student).all()


def test_guide_is_generated_from_the_codebook():
    guide = (corpus_path(NAME) / "coding" / "guide.md").read_text(encoding="utf-8")
    assert guide.endswith(framing.load_codebook("pow-exchange").to_markdown())


def test_dictionary_scorer_meets_the_validation_target(reference):
    scores = framing.score(reference[["doc_id", "sent_id", "text"]], "pow-exchange")
    v = framing.validate(scores, reference).set_index("frame")
    assert v.loc[MAIN, "f1"].mean() >= 0.75, v
    assert (v.loc[framing.load_codebook("pow-exchange").frame_names, "f1"] >= 0.6).all(), v


def test_readme_validation_table_is_current():
    path = corpus_path(NAME) / "update_readme.py"
    if not path.exists():  # installed copy: the script stays in the repository
        pytest.skip("update_readme.py is not shipped with an installed package")
    spec = importlib.util.spec_from_file_location("update_readme", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    readme = mod.README.read_text(encoding="utf-8")
    assert mod.render(readme) == readme, "run: python corpora/pow-exchange-2025/update_readme.py"


def test_outlet_profiles_differ(corpus):
    # English outlets only: cue lists in two languages are two instruments, and a
    # corpus mean over them is not a fair baseline for one language's outlets
    corpus = corpus[corpus["lang"] == "en"]
    scores = framing.score(corpus, "pow-exchange", unit="sentence")
    frames = scores.attrs["framing"]["frames"]
    by_type = scores.groupby("outlet_type")[frames].mean()
    assert by_type.idxmax(axis=1).nunique() >= 2  # not one dominant frame everywhere
    # each group's most over-represented frame, relative to the corpus mean
    relative = by_type / scores[frames].mean()
    assert relative.idxmax(axis=1).nunique() >= 4, relative.idxmax(axis=1).to_dict()
    by_outlet = scores.groupby("outlet")[frames].mean() / scores[frames].mean()
    top = by_outlet.idxmax(axis=1)
    assert top["Volga Herald"] == "morale"
    assert top["Free Neva"] == "propaganda"
    assert top["Captives Watch"] == "accountability"
    assert top["The Potomac Letter"] == "leverage"
    assert top["Atlas Wire"] == "diplomacy"


def test_cue_density_is_realistic(corpus):
    cb = framing.load_codebook("pow-exchange")
    frames = cb.frame_names
    density = framing.score(corpus, cb)[frames].sum(axis=1)
    keyword_list = " ".join(
        c.replace("*", "s").replace("?", "a") for f in cb.frames for c in f.cues
    )
    list_density = framing.score([keyword_list], cb)[frames].sum(axis=1).iloc[0]
    assert list_density > 500
    assert density.median() < 0.2 * list_density, (density.median(), list_density)
    assert density.median() < 120  # fewer than 12% of tokens are cue matches


def test_frame_profile_table_is_stable_under_row_order(corpus):
    scores = framing.score(corpus.sample(frac=1, random_state=3), "pow-exchange")
    base = framing.score(corpus, "pow-exchange")
    pd.testing.assert_frame_equal(
        scores.sort_values("doc_id").reset_index(drop=True),
        base.sort_values("doc_id").reset_index(drop=True),
    )


# ---------------------------------------------------------------- Russian and Ukrainian coding


def test_reference_coding_per_language(corpus):
    frames = framing.load_codebook("pow-exchange").frame_names
    english = framing.load_reference_coding(NAME)
    assert "lang" not in english.columns  # the default call reads as before languages
    both = framing.load_reference_coding(NAME, lang=["ru", "uk"])
    assert list(both.columns) == ["doc_id", "sent_id", "lang", "half", "text", *frames]
    assert both.groupby(["lang", "half"]).size().to_dict() == {
        ("ru", "tuning"): 192,  # the first sample, read in full to revise the cues (1.3)
        ("ru", "test"): 216,  # the fresh sample, coded after the cues were frozen
        ("uk", "tuning"): 96,
        ("uk", "test"): 96,
    }
    assert set(np.unique(both[frames].to_numpy())) <= {0, 1}
    everything = framing.load_reference_coding(NAME, lang="all")
    assert len(everything) == len(english) + len(both)
    en = everything[everything["lang"] == "en"]
    assert en["half"].isna().all()  # no split: the English cues were revised on all of it
    en = en.drop(columns=["lang", "half"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(en, english, check_dtype=False)
    # ids join back to the sentences of articles in the same language, with the same text
    sents = framing.sentences(corpus)
    joined = both.merge(sents, on=["doc_id", "sent_id"], suffixes=("", "_s"), validate="1:1")
    assert len(joined) == len(both)
    assert (joined["text"] == joined["text_s"]).all()
    assert (joined["lang"] == joined["lang_s"]).all()
    first = joined[(joined["lang"] == "uk") | (joined["half"] == "tuning")]
    assert (first.groupby(["lang", "outlet"]).size() == 48).all()
    # the two Russian samples together are every Russian sentence of the corpus
    russian = sents[sents["lang"] == "ru"]
    assert set(zip(russian["doc_id"], russian["sent_id"], strict=True)) == set(
        zip(*(both.loc[both["lang"] == "ru", c] for c in ("doc_id", "sent_id")), strict=True)
    )
    with pytest.raises(framing.CodingError, match="'de'"):
        framing.load_reference_coding(NAME, lang="de")
    with pytest.raises(framing.ParameterError):
        framing.load_reference_coding(NAME, lang=3)


@pytest.mark.parametrize(
    ("code", "sample", "first", "second", "decisions"),
    [
        ("ru", "reference-ru", "A", "B", "adjudicated.csv"),
        ("uk", "reference-uk", "A", "B", "adjudicated.csv"),
        ("ru", "reference-ru-fresh", "C", "D", "adjudicated-ru-fresh.csv"),
    ],
)
def test_reference_is_the_first_coder_with_the_adjudicated_cells(
    code, sample, first, second, decisions
):
    folder = corpus_path(NAME) / "coding"
    frames = framing.load_codebook("pow-exchange").frame_names
    ids = ["doc_id", "sent_id"]
    a = pd.read_csv(folder / f"{sample}-{first}.csv").set_index(ids)[frames]
    b = pd.read_csv(folder / f"{sample}-{second}.csv").set_index(ids)[frames]
    cells = pd.read_csv(folder / decisions)
    cells = cells[cells["lang"] == code]
    # the adjudication decided exactly the cells where the coders disagree
    disagree = {(d, s, f) for (d, s), row in (a != b).iterrows() for f in frames if row[f]}
    assert disagree == set(zip(cells["doc_id"], cells["sent_id"], cells["frame"], strict=True))
    expected = a.copy()
    for row in cells.itertuples(index=False):
        votes = {getattr(row, f"coder_{first}"), getattr(row, f"coder_{second}")}
        assert votes == {0, 1} and row.decision in (0, 1)
        expected.loc[(row.doc_id, row.sent_id), row.frame] = row.decision
    reference = pd.read_csv(folder / f"{sample}.csv").set_index(ids)[frames]
    pd.testing.assert_frame_equal(reference, expected, check_dtype=False)
    loaded = framing.load_reference_coding(NAME, lang=code).set_index(ids)[frames]
    pd.testing.assert_frame_equal(loaded.loc[expected.index], expected, check_dtype=False)


def test_halves_split_each_outlet_in_two():
    # the split fixed before the first coding: 24 + 24 sentences per outlet of the first sample
    halves = pd.read_csv(corpus_path(NAME) / "coding" / "halves-ru-uk.csv")
    ref = framing.load_reference_coding(NAME, lang=["ru", "uk"])
    joined = ref.merge(halves, on=["doc_id", "sent_id", "lang"], suffixes=("", "_first"))
    assert len(joined) == len(halves) == 384
    assert (joined.groupby(["outlet", "half_first"]).size() == 24).all()
    # today's halves: Ukrainian as fixed then; Russian, both first halves read, the fresh test
    uk = joined[joined["lang"] == "uk"]
    assert (uk["half"] == uk["half_first"]).all()
    assert (joined.loc[joined["lang"] == "ru", "half"] == "tuning").all()


@pytest.mark.parametrize(("lang", "floor"), [("ru", 0.62), ("uk", 0.70)])
def test_test_half_validation_per_language(lang, floor):
    # floors that guard the figures of the README; the Russian cues miss the 0.70 target on
    # the fresh test sample
    ref = framing.load_reference_coding(NAME, lang=lang)
    test = ref[ref["half"] == "test"].drop(columns="half")
    scores = framing.score(test[["doc_id", "sent_id", "lang", "text"]], "pow-exchange")
    v = framing.validate_by_language(scores, test).set_index("frame")
    main = [f for f in MAIN if v.loc[f, "support"] > 0]
    assert v.loc[main, "f1"].mean() >= floor, v
