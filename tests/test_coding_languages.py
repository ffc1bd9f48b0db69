"""Validation per language (framing.validate_by_language) and its report section."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.coding import language_validation_section

FRAMES = ["war", "peace"]


def _tables():
    gold = pd.DataFrame(
        {
            "doc_id": list("abcdefgh"),
            "lang": ["en"] * 4 + ["ru"] * 4,
            "war": [1, 0, 1, 0, 1, 1, 0, 0],
            "peace": [0, 1, 1, 0, 0, 0, 0, 0],
        }
    )
    pred = pd.DataFrame(
        {
            "doc_id": list("hgfedcba"),  # another row order
            "war": [1, 0, 0, 3, 0, 2, 0, 1],
            "peace": [1, 0, 0, 0, 0, 1, 1, 0],
        }
    )
    return gold, pred


def test_each_language_equals_validate_on_its_own_units():
    gold, pred = _tables()
    got = framing.validate_by_language(pred, gold, frames=FRAMES).set_index(["lang", "frame"])
    for code in ("en", "ru"):
        alone = framing.validate(pred, gold[gold["lang"] == code], frames=FRAMES)
        alone = alone.set_index("frame")
        for frame in ["war", "micro"]:
            for col in ["tp", "fp", "fn", "support", "n_units"]:
                assert got.loc[(code, frame), col] == alone.loc[frame, col], (code, frame, col)
            np.testing.assert_allclose(
                got.loc[(code, frame), ["precision", "recall", "f1"]].astype(float),
                alone.loc[frame, ["precision", "recall", "f1"]].astype(float),
            )


def test_a_frame_without_gold_positives_is_undefined_not_zero():
    gold, pred = _tables()
    got = framing.validate_by_language(pred, gold, frames=FRAMES).set_index(["lang", "frame"])
    ru_peace = got.loc[("ru", "peace")]
    assert ru_peace["support"] == 0 and ru_peace["fp"] == 1
    assert np.isnan(ru_peace["recall"]) and np.isnan(ru_peace["f1"])
    assert ru_peace["precision"] == 0.0  # one false alarm: precision is defined
    # validate() alone calls it 0; the per-language macro leaves the frame out
    assert framing.validate(pred, gold[gold["lang"] == "ru"], frames=FRAMES).f1[1] == 0.0
    macro = got.loc[("ru", "macro")]
    assert macro["n_frames"] == 1
    assert macro["f1"] == pytest.approx(got.loc[("ru", "war"), "f1"])
    en = got.loc["en"]
    assert en.loc["macro", "n_frames"] == 2
    assert en.loc["macro", "f1"] == pytest.approx(en.loc[FRAMES, "f1"].mean())


def test_no_predictions_and_no_positives_leave_precision_undefined():
    gold, pred = _tables()
    pred = pred.assign(peace=0)
    got = framing.validate_by_language(pred, gold, frames=FRAMES).set_index(["lang", "frame"])
    assert np.isnan(got.loc[("ru", "peace"), "precision"])


def test_the_language_can_come_from_the_scores():
    gold, pred = _tables()
    pred = pred.merge(gold[["doc_id", "lang"]], on="doc_id")
    with_gold = framing.validate_by_language(pred, gold, frames=FRAMES)
    from_pred = framing.validate_by_language(pred, gold.drop(columns="lang"), frames=FRAMES)
    pd.testing.assert_frame_equal(with_gold, from_pred)
    assert list(from_pred["lang"].unique()) == ["en", "ru"]


def test_errors_name_the_fix():
    gold, pred = _tables()
    with pytest.raises(framing.DataError, match="lang"):
        framing.validate_by_language(pred, gold.drop(columns="lang"), frames=FRAMES)
    with pytest.raises(framing.DataError, match="no language"):
        framing.validate_by_language(pred, gold.assign(lang=[None] + ["en"] * 7), frames=FRAMES)
    with pytest.raises(framing.DataError, match="DataFrames"):
        framing.validate_by_language(pred.to_dict(), gold)
    with pytest.raises(framing.DataError, match="no prediction"):
        framing.validate_by_language(pred.iloc[1:], gold, frames=FRAMES)


def test_section_rows_follow_the_table():
    gold, pred = _tables()
    v = framing.validate_by_language(pred, gold, frames=FRAMES)
    section = language_validation_section(v)
    assert section["header"][:5] == ["frame", "en P", "en R", "en F1", "en n"]
    assert [row[0] for row in section["rows"]] == FRAMES
    peace = section["rows"][1]
    assert peace[-3:] == ["–", "–", "0"]  # ru: recall and F1 undefined, no positives
    assert "war" in section["lead"] or "peace" in section["lead"]
    with pytest.raises(framing.DataError):
        language_validation_section(gold)


def test_bundled_reference_per_language():
    ref = framing.load_reference_coding("pow-exchange-2025", lang="all")
    scores = framing.score(ref[["doc_id", "sent_id", "lang", "text"]], "pow-exchange")
    v = framing.validate_by_language(scores, ref).set_index(["lang", "frame"])
    assert set(v.index.get_level_values("lang")) == {"en", "ru", "uk"}
    # the Ukrainian sample has no leverage sentence: undefined, not a zero
    assert v.loc[("uk", "leverage"), "support"] == 0
    assert np.isnan(v.loc[("uk", "leverage"), "f1"])
    assert v.loc[("uk", "macro"), "n_frames"] == 6
    # English alone gives the same figures as before languages were added
    en = framing.load_reference_coding("pow-exchange-2025")
    scored = framing.score(en[["doc_id", "sent_id", "text"]], "pow-exchange")
    alone = framing.validate(scored, en).set_index("frame")
    assert v.loc[("en", "diplomacy"), "f1"] == pytest.approx(alone.loc["diplomacy", "f1"])
