"""Tests for framing.coding: sampling, coding sheets in and out, validation against gold."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import precision_recall_fscore_support

from framing.coding import (
    read_coding_sheet,
    sample_for_coding,
    validate,
    write_coding_sheet,
)
from framing.coding.sample import _allocate
from framing.errors import CodingError, DataError

MINI = Path(__file__).parent / "data" / "mini.yaml"
FRAMES = ["humanitarian", "leverage"]


@pytest.fixture
def sentences() -> pd.DataFrame:
    outlets = ["A"] * 12 + ["B"] * 6 + ["C"] * 2
    return pd.DataFrame(
        {
            "doc_id": [f"{o.lower()}-{i // 3}" for i, o in enumerate(outlets)],
            "sent_id": [i % 3 for i in range(len(outlets))],
            "outlet": outlets,
            "date": pd.Timestamp("2025-06-09"),
            "text": [
                f'Sentence {i}, with a comma and "quotes"\nand a line break.' for i in range(20)
            ],
        }
    )


# --- sampling -------------------------------------------------------------------------------


def test_allocation_is_proportional_with_largest_remainders():
    assert _allocate(10, np.array([12, 6, 2])).tolist() == [6, 3, 1]
    assert _allocate(7, np.array([12, 6, 2])).tolist() == [4, 2, 1]  # 4.2, 2.1, 0.7
    assert _allocate(10, np.array([90, 10])).tolist() == [9, 1]


def test_allocation_gives_every_stratum_one_unit_when_possible():
    assert _allocate(5, np.array([100, 1, 1, 1, 1])).tolist() == [1, 1, 1, 1, 1]
    assert _allocate(6, np.array([100, 1, 1, 1, 1])).tolist() == [2, 1, 1, 1, 1]
    assert _allocate(3, np.array([100, 1, 1, 1, 1])).tolist() == [3, 0, 0, 0, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=8), st.data())
def test_allocation_invariants(sizes, data):
    sizes = np.array(sizes)
    n = data.draw(st.integers(1, int(sizes.sum())))
    alloc = _allocate(n, sizes)
    assert alloc.sum() == n
    assert (alloc >= 0).all() and (alloc <= sizes).all()
    if n >= len(sizes):
        assert (alloc >= 1).all()


def test_sample_is_stratified_deterministic_and_keeps_columns(sentences):
    sample = sample_for_coding(sentences, 10, by="outlet", seed=1)
    assert sample["outlet"].value_counts().to_dict() == {"A": 6, "B": 3, "C": 1}
    assert list(sample.columns) == list(sentences.columns)
    assert sample.index.is_monotonic_increasing
    pd.testing.assert_frame_equal(sample, sample_for_coding(sentences, 10, by="outlet", seed=1))
    other_seeds = [sample_for_coding(sentences, 10, seed=s).index.tolist() for s in range(2, 6)]
    assert any(ids != sample.index.tolist() for ids in other_seeds)


def test_sample_does_not_depend_on_row_order(sentences):
    shuffled = sentences.sample(frac=1, random_state=7)
    ids = sample_for_coding(sentences, 8, seed=3)[["doc_id", "sent_id"]]
    shuffled_ids = sample_for_coding(shuffled, 8, seed=3)[["doc_id", "sent_id"]]
    key = ["doc_id", "sent_id"]
    pd.testing.assert_frame_equal(
        ids.sort_values(key).reset_index(drop=True),
        shuffled_ids.sort_values(key).reset_index(drop=True),
    )


def test_sample_errors(sentences):
    with pytest.raises(DataError, match="between 1 and 20"):
        sample_for_coding(sentences, 21)
    with pytest.raises(DataError, match="no column"):
        sample_for_coding(sentences, 5, by="country")
    assert len(sample_for_coding(sentences, 5, by=None)) == 5


# --- coding sheets ---------------------------------------------------------------------------


def _fill(path: Path, values: dict[str, list[str]]) -> None:
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    for frame, column in values.items():
        sheet[frame] = column
    sheet.to_csv(path, index=False)


def test_sheet_round_trip(tmp_path, sentences):
    sample = sentences.iloc[[0, 5, 13]]
    csv_path, md_path = write_coding_sheet(sample, MINI, tmp_path / "coder-a.csv")
    assert (csv_path, md_path) == (tmp_path / "coder-a.csv", tmp_path / "coder-a.md")
    blank = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    assert list(blank.columns) == ["doc_id", "sent_id", "text", *FRAMES, "notes"]
    assert blank["text"].tolist() == sample["text"].tolist()  # commas, quotes, newlines survive
    assert (blank[FRAMES] == "").all().all()
    guide = md_path.read_text(encoding="utf-8")
    assert "## Humanitarian (`humanitarian`)" in guide and "Human cost and welfare." in guide
    assert "Families waited at the border." in guide
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left

    _fill(csv_path, {"humanitarian": ["1", "0", " 1 "], "leverage": ["0", "0", "1"]})
    coded = read_coding_sheet(csv_path, coder="a")
    assert list(coded.columns) == ["doc_id", "sent_id", "coder", *FRAMES]
    assert coded["humanitarian"].tolist() == [1, 0, 1]
    assert coded["leverage"].dtype == np.int64 and coded["sent_id"].dtype == np.int64
    assert coded["doc_id"].tolist() == sample["doc_id"].tolist()
    assert coded.attrs["framing"]["frames"] == FRAMES


def test_sheet_refuses_to_overwrite(tmp_path, sentences):
    path = tmp_path / "sheet.csv"
    write_coding_sheet(sentences.head(2), MINI, path)
    _fill(path, {"humanitarian": ["1", "1"], "leverage": ["0", "0"]})
    with pytest.raises(CodingError, match="overwrite=True"):
        write_coding_sheet(sentences.head(2), MINI, path)
    assert read_coding_sheet(path)["humanitarian"].tolist() == [1, 1]  # coder's work intact
    write_coding_sheet(sentences.head(3), MINI, path, overwrite=True)
    assert len(pd.read_csv(path)) == 3


def test_sheet_needs_ids_and_text(tmp_path, sentences):
    with pytest.raises(DataError, match="text column"):
        write_coding_sheet(sentences.drop(columns="text"), MINI, tmp_path / "s.csv")
    with pytest.raises(DataError, match="doc_id"):
        write_coding_sheet(sentences.drop(columns="doc_id"), MINI, tmp_path / "s.csv")
    with pytest.raises(CodingError, match=".csv"):
        write_coding_sheet(sentences, MINI, tmp_path / "s.xlsx")


def test_malformed_cells_are_named_by_line_and_column(tmp_path, sentences):
    path, _ = write_coding_sheet(sentences.iloc[[0, 1, 2]], MINI, tmp_path / "b.csv")
    _fill(path, {"humanitarian": ["1", "yes", "0"], "leverage": ["0", "1", "2"]})
    with pytest.raises(CodingError) as error:
        read_coding_sheet(path)
    message = str(error.value)
    assert str(path) in message
    # Each text spans two lines, so the second record starts on line 4 and the third on line 6.
    assert "line 4, column 'humanitarian': 'yes'" in message
    assert "line 6, column 'leverage': '2'" in message
    assert "enter 1" in message


def test_blank_cells_need_allow_missing(tmp_path, sentences):
    path, _ = write_coding_sheet(sentences.iloc[[0, 1]], MINI, tmp_path / "c.csv")
    _fill(path, {"humanitarian": ["1", ""], "leverage": ["0", "1"]})
    with pytest.raises(CodingError, match="empty.*allow_missing=True"):
        read_coding_sheet(path)
    coded = read_coding_sheet(path, allow_missing=True)
    assert str(coded["humanitarian"].dtype) == "Int64"
    assert coded["humanitarian"].isna().tolist() == [False, True]


def test_wrong_encoding_suggests_encoding(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("doc_id,text,leverage\nd1,Caf\xe9 talks,1\n".encode("cp1252"))
    with pytest.raises(CodingError, match="encoding='cp1252'"):
        read_coding_sheet(path)
    assert read_coding_sheet(path, encoding="cp1252")["leverage"].tolist() == [1]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_wrong_encoding_names_the_line(tmp_path, bom):
    path = tmp_path / "late.csv"
    rows = "".join(f"d{i},fine,1\n" for i in range(2, 300))  # past the first read buffer
    path.write_bytes(
        bom + f"doc_id,text,leverage\nd1,ok,0\n{rows}d300,Caf\xe9,1\n".encode("cp1252")
    )
    with pytest.raises(CodingError, match=r"line 301: byte 0xe9") as error:
        read_coding_sheet(path)
    position = path.read_bytes().index(b"\xe9")
    assert f"file position {position}" in str(error.value)


def test_utf8_bom_and_repeated_units(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_text("doc_id,text,leverage\nd1,x,1\nd1,y,0\n", encoding="utf-8-sig")
    with pytest.raises(CodingError, match="more than once"):
        read_coding_sheet(path)
    path.write_text("doc_id,text,leverage,notes\nd1,x,1,unsure\n", encoding="utf-8-sig")
    coded = read_coding_sheet(path)
    assert list(coded.columns) == ["doc_id", "leverage"]


def test_ragged_rows_and_missing_columns(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("doc_id,text,leverage\nd1,a, b,1\n", encoding="utf-8")
    with pytest.raises(CodingError, match="line 2: 4 fields"):
        read_coding_sheet(path)
    path.write_text("doc_id,text,leverage\nd1\n", encoding="utf-8")
    with pytest.raises(CodingError, match="line 2: 1 field where the header has 3") as error:
        read_coding_sheet(path)
    assert ": 1 malformed cell:" in str(error.value)
    path.write_text("id,text,leverage\nd1,a,1\n", encoding="utf-8")
    with pytest.raises(CodingError, match="doc_id"):
        read_coding_sheet(path)
    path.write_text("doc_id,text,leverage\nd1,a,1\n", encoding="utf-8")
    with pytest.raises(CodingError, match="morale"):
        read_coding_sheet(path, frames=["morale"])


def test_columns_after_notes_are_not_frames(tmp_path, sentences):
    path, _ = write_coding_sheet(sentences.iloc[[0, 1]], MINI, tmp_path / "extra.csv")
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    sheet["humanitarian"], sheet["leverage"] = ["1", "0"], ["0", "1"]
    sheet["extra"] = ["looked it up", ""]  # a coder's own column, appended at the end
    sheet.to_csv(path, index=False)
    coded = read_coding_sheet(path, coder="a")
    assert list(coded.columns) == ["doc_id", "sent_id", "coder", *FRAMES]
    assert coded.attrs["framing"]["frames"] == FRAMES
    assert read_coding_sheet(path, codebook=MINI)["leverage"].tolist() == [0, 1]


def test_a_column_inserted_among_the_frames_is_explained(tmp_path, sentences):
    path, _ = write_coding_sheet(sentences.iloc[[0]], MINI, tmp_path / "inserted.csv")
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    sheet["humanitarian"], sheet["leverage"] = ["1"], ["0"]
    sheet.insert(sheet.columns.get_loc("notes"), "source", ["BBC?"])
    sheet.to_csv(path, index=False)
    with pytest.raises(CodingError, match="between 'text' and 'notes'.*codebook="):
        read_coding_sheet(path)
    coded = read_coding_sheet(path, codebook=MINI)  # the codebook says which columns are frames
    assert list(coded.columns) == ["doc_id", "sent_id", *FRAMES]
    assert read_coding_sheet(path, frames=["leverage"]).columns[-1] == "leverage"


@pytest.mark.parametrize("how", ["codebook", "frames"])
def test_a_deleted_frame_column_is_named(tmp_path, sentences, how):
    path, _ = write_coding_sheet(sentences.iloc[[0, 1]], MINI, tmp_path / "deleted.csv")
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="leverage")
    sheet["humanitarian"] = ["1", "0"]
    sheet.to_csv(path, index=False)
    expected = {"codebook": MINI} if how == "codebook" else {"frames": FRAMES}
    with pytest.raises(CodingError, match=r"no column for frame\(s\) \['leverage'\]"):
        read_coding_sheet(path, **expected)
    assert read_coding_sheet(path).attrs["framing"]["frames"] == ["humanitarian"]
    with pytest.raises(CodingError, match="not frames of codebook"):
        read_coding_sheet(path, codebook=MINI, frames=["morale"])


def test_sheets_get_the_usual_file_mode(tmp_path, sentences):
    old = os.umask(0o022)
    try:
        csv_path, md_path = write_coding_sheet(sentences.head(1), MINI, tmp_path / "mode.csv")
    finally:
        os.umask(old)
    assert (csv_path.stat().st_mode & 0o777, md_path.stat().st_mode & 0o777) == (0o644, 0o644)


def test_instructions_count_units_in_good_grammar(tmp_path, sentences):
    _, md_path = write_coding_sheet(sentences.head(1), MINI, tmp_path / "one.csv")
    assert "The sheet has 1 unit." in md_path.read_text(encoding="utf-8")
    _, md_path = write_coding_sheet(sentences.head(2), MINI, tmp_path / "two.csv")
    assert "The sheet has 2 units." in md_path.read_text(encoding="utf-8")


# --- validation ------------------------------------------------------------------------------


def _gold() -> pd.DataFrame:
    gold = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d3"],
            "sent_id": [0, 1, 0, 0],
            "humanitarian": [1, 0, 1, 0],
            "leverage": [0, 0, 1, 1],
        }
    )
    gold.attrs["framing"] = {"frames": FRAMES}
    return gold


def _predicted() -> pd.DataFrame:
    scores = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d3", "d4"],
            "sent_id": [0, 1, 0, 0, 0],
            "outlet": "A",
            "n_tokens": 20,
            "humanitarian": [12.5, 0.0, 0.0, 3.0, 9.0],
            "leverage": [0.0, 0.0, 40.0, 0.0, 0.0],
        }
    )
    scores.attrs["framing"] = {"frames": FRAMES, "unit": "sentence"}
    return scores


def test_validate_against_scikit_learn():
    table = validate(_predicted(), _gold())
    assert table["frame"].tolist() == [*FRAMES, "micro", "macro"]
    assert list(table.columns[:5]) == ["frame", "precision", "recall", "f1", "support"]
    rows = table.set_index("frame")
    # humanitarian: gold 1 0 1 0, predicted 1 0 0 1
    assert rows.loc["humanitarian", ["tp", "fp", "fn", "support"]].tolist() == [1, 1, 1, 2]
    y_true = np.array([[1, 0], [0, 0], [1, 1], [0, 1]])
    y_pred = np.array([[1, 0], [0, 0], [0, 1], [1, 0]])
    for average in ("micro", "macro"):
        expected = precision_recall_fscore_support(y_true, y_pred, average=average)[:3]
        assert rows.loc[average, ["precision", "recall", "f1"]].tolist() == pytest.approx(expected)
    per_frame = precision_recall_fscore_support(y_true, y_pred, average=None)
    assert rows.loc[FRAMES, "f1"].tolist() == pytest.approx(per_frame[2])
    assert rows.loc["micro", "support"] == 4


def test_validate_threshold_and_zero_division_without_warnings(recwarn):
    gold = _gold()
    gold["leverage"] = 0
    table = validate(_predicted(), gold, threshold=10.0).set_index("frame")
    assert table.loc["humanitarian", "tp"] == 1 and table.loc["humanitarian", "fp"] == 0
    assert table.loc["leverage", ["precision", "recall", "f1"]].tolist() == [0.0, 0.0, 0.0]
    assert not [w for w in recwarn if "precision" in str(w.message).lower()]


def test_validate_accepts_binary_predictions_and_missing_gold():
    predicted = _predicted()
    predicted[FRAMES] = (predicted[FRAMES] > 0).astype(int)
    gold = _gold()
    gold["humanitarian"] = pd.array([1, pd.NA, 1, 0], dtype="Int64")
    table = validate(predicted, gold, frames=FRAMES).set_index("frame")
    assert table.loc["humanitarian", "n_units"] == 3
    assert table.loc["leverage", "n_units"] == 4


def test_validate_errors():
    gold = _gold()
    predicted = _predicted()
    with pytest.raises(DataError, match="1 of 4 gold units have no prediction"):
        validate(predicted[predicted["doc_id"] != "d3"], gold)
    with pytest.raises(DataError, match="sharing an id"):
        validate(predicted, pd.concat([gold, gold]), frames=FRAMES)
    with pytest.raises(DataError, match="0/1"):
        validate(predicted, gold.assign(leverage=[0, 2, 1, 1]))
    with pytest.raises(DataError, match="no id column"):
        validate(predicted.rename(columns={"doc_id": "id", "sent_id": "s"}), gold)
    with pytest.raises(DataError, match="frames"):
        validate(pd.DataFrame(predicted.to_dict("list")), pd.DataFrame(gold.to_dict("list")))


def test_validate_frame_without_positives_or_predictions_is_undefined_not_zero():
    # A perfect measure: it finds the one frame the gold has and nothing else. Scoring the
    # empty frame as F1 = 0 would give it a macro-F1 of 0.5.
    gold = _gold().assign(humanitarian=0, leverage=[0, 0, 1, 0])
    predicted = _predicted().assign(humanitarian=0.0, leverage=[0.0, 0.0, 40.0, 0.0, 0.0])
    table = validate(predicted, gold).set_index("frame")
    assert table.loc["humanitarian", ["precision", "recall", "f1"]].isna().all()
    assert table.loc["leverage", "f1"] == 1.0
    assert table.loc["macro", "f1"] == 1.0 and table.loc["micro", "f1"] == 1.0
    note = table.attrs["framing"]["analysis"]["note"]
    assert "humanitarian" in note and "not in the macro average" in note
    assert table.attrs["framing"]["analysis"]["undefined"] == ["humanitarian"]


def test_validate_uses_the_frames_the_gold_shares():
    gold = _gold().drop(columns="leverage")
    with pytest.warns(UserWarning, match=r"leverage are not in the gold coding and were left out"):
        table = validate(_predicted(), gold)
    assert table["frame"].tolist() == ["humanitarian", "micro", "macro"]
    assert table.attrs["framing"]["analysis"]["left_out_frames"] == ["leverage"]
    with pytest.raises(DataError, match="leverage"):  # asked for by name: an error
        validate(_predicted(), gold, frames=FRAMES)
    with pytest.raises(DataError, match="none of the frames"):
        validate(_predicted(), gold.drop(columns="humanitarian").assign(other=0))


def test_validate_skips_units_without_a_prediction():
    predicted = _predicted()
    predicted.loc[0, "humanitarian"] = np.nan
    with pytest.warns(UserWarning, match="humanitarian: 1"):
        table = validate(predicted, _gold()).set_index("frame")
    assert table.loc["humanitarian", "n_units"] == 3 and table.loc["leverage", "n_units"] == 4
