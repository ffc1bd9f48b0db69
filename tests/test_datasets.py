"""Tests for framing.datasets on the real Narrative Frames Corpus (skipped when it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest

import framing
from framing.datasets import (
    NARRATIVE_FRAMES_URL,
    NarrativeFrames,
    load_narrative_frames,
    locate_narrative_frames,
)
from framing.datasets.narrative_frames import _title
from framing.errors import CorpusError
from framing.reliability import krippendorff_alpha, report

_CANDIDATES = [
    Path("/work/shared/datasets/narrative-frames-corpus"),
    Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "narrative-frames-corpus",
]
NFC = next((p for p in _CANDIDATES if (p / "full_annotations.json").is_file()), None)
needs_nfc = pytest.mark.skipif(NFC is None, reason="Narrative Frames Corpus not available")


@pytest.fixture(scope="module")
def nfc():
    return load_narrative_frames(NFC)


@pytest.fixture(scope="module")
def raw_annotations() -> dict:
    return json.loads((NFC / "full_annotations.json").read_text(encoding="utf-8"))


def test_missing_folder_says_where_to_download(tmp_path):
    with pytest.raises(CorpusError, match="phenixace/narrative-framing") as error:
        load_narrative_frames(tmp_path / "nowhere")
    assert "articles_metadata.tsv" in str(error.value)
    assert NARRATIVE_FRAMES_URL in str(error.value)


@pytest.mark.parametrize("name", ["articles_metadata.tsv", "full_annotations.json"])
def test_a_file_of_the_release_says_to_pass_its_folder(tmp_path, name):
    folder = _fake_release(tmp_path / "data")
    for path in (folder / name, tmp_path / "elsewhere" / name):  # existing, or a typo'd folder
        with pytest.raises(CorpusError, match="pass the folder that holds articles_metadata.tsv"):
            load_narrative_frames(path)


def _tiny_release() -> NarrativeFrames:
    corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["Slate"], "text": ["Heat."]})
    labels = pd.DataFrame({"doc_id": ["1"], "conflict": [0]})
    codings = pd.DataFrame({"doc_id": ["1"], "coder": [1], "conflict": [0]})
    return NarrativeFrames(corpus=corpus, labels=labels, codings=codings)


def test_result_unpacks_into_corpus_and_codings_and_keeps_attributes():
    nfc = _tiny_release()
    corpus, codings = nfc
    assert corpus is nfc.corpus and codings is nfc.codings
    assert [id(table) for table in nfc] == [id(nfc.corpus), id(nfc.codings)]  # exactly two
    assert nfc.labels is not None and len(nfc.frames) == 5
    assert repr(nfc) == "<NarrativeFrames: 1 article, 1 outlet, 5 frames, 1 annotator coding>"


def _fake_release(folder: Path) -> Path:
    """Empty stand-ins for the two files that locate_narrative_frames looks for."""
    folder.mkdir(parents=True)
    for name in ("articles_metadata.tsv", "full_annotations.json"):
        (folder / name).write_text("", encoding="utf-8")
    return folder


def test_locate_finds_a_copy_in_order_or_none(tmp_path, monkeypatch):
    monkeypatch.delenv("FRAMING_NFC_PATH", raising=False)
    notebooks = tmp_path / "repo" / "notebooks"
    notebooks.mkdir(parents=True)
    monkeypatch.chdir(notebooks)
    assert locate_narrative_frames() is None
    assert locate_narrative_frames(tmp_path / "nowhere") is None
    # ../../shared/... from the notebook folder: the project's shared data beside the repository
    shared = _fake_release(tmp_path / "shared" / "datasets" / "narrative-frames-corpus")
    assert locate_narrative_frames() == shared.resolve()
    # the environment variable comes first; a clone of the release repository is found via data/
    clone = _fake_release(tmp_path / "narrative-framing" / "data").parent
    monkeypatch.setenv("FRAMING_NFC_PATH", str(clone))
    assert locate_narrative_frames() == (clone / "data").resolve()
    # an explicit path is the only place looked at
    assert locate_narrative_frames(tmp_path / "nowhere") is None
    assert locate_narrative_frames(shared) == shared.resolve()


def test_locate_warns_about_a_wrong_environment_variable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRAMING_NFC_PATH", str(tmp_path / "typo"))
    with pytest.warns(UserWarning, match="FRAMING_NFC_PATH"):
        assert locate_narrative_frames() is None


@needs_nfc
def test_locate_accepts_the_shared_copy():
    assert locate_narrative_frames(NFC) == NFC.resolve()


def test_title_from_file_name():
    text = "Bokhari: Elites Want You to Eat Bugs, Live in Pipes Progressive elites have decided"
    name = "breitbart--2019-09-21--Bokhari Elites Want You to Eat Bugs Live in Pipes"
    assert _title(text, name) == "Bokhari: Elites Want You to Eat Bugs, Live in Pipes"
    assert _title(
        "Julián Castro Defends Record Julián said", "x--y--Julian Castro Defends Record.txt"
    ) == ("Julián Castro Defends Record")
    cut = "Is he OK? Biden's eye fills with BLOOD at climate forum (VIDEO) Democratic front"
    assert _title(cut, "x--y--Is he OK Bidens eye fills with BLOOD at climate forum VIDEO") == (
        "Is he OK? Biden's eye fills with BLOOD at climate forum (VIDEO)"
    )
    assert _title("Something else entirely", "x--y--Americans are worried") == ""


@needs_nfc
def test_corpus_schema_and_outlets(nfc):
    corpus = nfc.corpus
    assert len(corpus) == 428 and corpus["doc_id"].is_unique
    assert list(corpus.columns[:6]) == ["doc_id", "outlet", "date", "title", "text", "lang"]
    assert pd.api.types.is_datetime64_any_dtype(corpus["date"])
    assert corpus["date"].dt.year.between(2017, 2019).all()
    outlets = set(corpus["outlet"])
    assert {"The Huffington Post", "Breitbart", "RT", "The Hill"} <= outlets
    assert not outlets & {"thehuffingtonpost", "breitbart", "rt", "thehill"}
    huffpost = corpus["source"].isin(["thehuffingtonpost", "The Huffington Post"])
    assert (corpus.loc[huffpost, "outlet"] == "The Huffington Post").all() and huffpost.sum() == 49
    assert corpus["mbfc"].value_counts().to_dict() == {
        "left_bias": 132,
        "right_bias": 114,
        "left_center_bias": 108,
        "questionable_source": 74,
    }
    assert corpus["leaning"].value_counts().to_dict() == {
        "left": 240,
        "right": 114,
        "questionable": 74,
    }
    assert (corpus.groupby("outlet")["mbfc"].nunique() == 1).all()
    titled = corpus["title"] != ""
    assert titled.sum() >= 420
    assert all(
        text.startswith(title) for title, text in zip(corpus["title"], corpus["text"], strict=True)
    )


@needs_nfc
def test_loaded_release_unpacks_into_corpus_and_codings(nfc):
    corpus, codings = load_narrative_frames(NFC)
    pd.testing.assert_frame_equal(corpus, nfc.corpus)
    pd.testing.assert_frame_equal(codings, nfc.codings)
    assert codings.attrs["framing"]["frames"] == list(nfc.frames)
    with pytest.raises(CorpusError, match="pass the folder that holds articles_metadata.tsv"):
        load_narrative_frames(NFC / "articles_metadata.tsv")


@needs_nfc
def test_labels_repair_the_known_faults(nfc):
    labels = nfc.labels.set_index("doc_id")
    assert list(labels.columns) == list(nfc.frames)
    assert labels.loc["405"].to_dict() == {
        "conflict": 0,
        "human_interest": 0,
        "economic": 0,
        "morality": 0,
        "resolution": 1,
    }  # from role_and_frame_annoations.tsv
    assert labels.loc["716", "economic"] == 0  # released as "False)"
    assert labels.sum().to_dict() == {
        "conflict": 268,
        "human_interest": 49,
        "economic": 127,
        "morality": 44,
        "resolution": 192,
    }


@needs_nfc
def test_released_labels_follow_the_rule_in_the_notes(nfc, raw_annotations):
    def yes(doc_id, *questions):
        return sum(raw_annotations[doc_id][q][0] == "yes" for q in questions)

    expected = pd.DataFrame(
        {
            "doc_id": nfc.labels["doc_id"],
            "conflict": [int(yes(d, "co1", "co2", "co3") >= 2) for d in nfc.labels["doc_id"]],
            "human_interest": [int(yes(d, "hi1", "hi2", "hi5") >= 2) for d in nfc.labels["doc_id"]],
            "economic": [int(yes(d, "ec1", "ec2", "ec3") >= 2) for d in nfc.labels["doc_id"]],
            "morality": [int(yes(d, "mo1", "mo2") >= 1) for d in nfc.labels["doc_id"]],
            "resolution": [int(yes(d, "re2", "re6") == 2) for d in nfc.labels["doc_id"]],
        }
    )
    pd.testing.assert_frame_equal(nfc.labels, expected, check_dtype=False)


@needs_nfc
def test_codings_are_the_annotator_slots(nfc, raw_annotations):
    codings = nfc.codings
    assert codings["coder"].between(1, 4).all()
    per_article = codings.groupby("doc_id").size()
    assert per_article.value_counts().to_dict() == {2: 312, 3: 116}
    assert not codings.duplicated(["doc_id", "coder"]).any()
    assert codings.attrs["framing"]["frames"] == list(nfc.frames)
    assert len(codings.attrs["framing"]["questions"]) == 23
    # "n/a: problem is resolved" is missing, not an answer.
    assert codings["re4"].isna().sum() == 46 and codings["re1"].notna().all()


@needs_nfc
@pytest.mark.parametrize("question", ["re1", "re2", "re4", "hi5", "co1", "mo2", "ec3", "re6"])
def test_per_question_alpha_agrees_with_the_krippendorff_package(nfc, raw_annotations, question):
    code = {"yes": 1.0, "no": 0.0}
    matrix = np.array(
        [
            [code.get(entry[question][1][slot], np.nan) for entry in raw_annotations.values()]
            for slot in range(4)
        ]
    )
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    ours = krippendorff_alpha(nfc.codings, unit="doc_id", value=question)
    assert ours == pytest.approx(expected, abs=1e-12)


@needs_nfc
def test_reliability_report_on_the_annotators(nfc):
    table = report(nfc.codings, unit="doc_id")
    assert table["frame"].tolist() == list(nfc.frames)
    assert table["n_units"].eq(428).all() and table["n_coders"].eq(4).all()
    assert table["kappa_type"].eq("none").all()  # two or three of four annotators per article
    assert table["alpha"].between(-1, 1).all() and table["agreement"].between(0, 1).all()


@needs_nfc
def test_left_right_comparison_end_to_end(nfc):
    compare_module = pytest.importorskip("framing.stats")
    if "generic" not in framing.list_codebooks():
        pytest.skip("needs the bundled generic codebook")
    left_right = nfc.corpus[nfc.corpus["leaning"].isin(["left", "right"])]
    # A stratified sample keeps the test fast (scoring all 354 articles takes seconds).
    corpus = framing.sample_for_coding(left_right, 120, by="leaning", seed=0)
    scores = framing.score(corpus, "generic")
    estimates = compare_module.compare(scores, by="leaning", n_boot=200, seed=0)
    assert set(estimates["leaning"]) == {"left", "right"}
    assert set(estimates["frame"]) == set(framing.load_codebook("generic").frame_names)
    assert (estimates["ci_low"] <= estimates["estimate"]).all()
    differences = compare_module.pairwise(scores, by="leaning", n_perm=200, seed=0)
    assert len(differences) == len(framing.load_codebook("generic").frame_names)
    # Validate the dictionary against the released labels on the frames both have.
    shared = [f for f in nfc.frames if f in scores.columns]
    gold = nfc.labels[nfc.labels["doc_id"].isin(corpus["doc_id"])]
    table = framing.validate(scores, gold, frames=shared)
    assert table["frame"].tolist() == [*shared, "micro", "macro"]
    assert table["f1"].between(0, 1).all()
