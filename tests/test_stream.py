"""Reading corpora in chunks (framing.io.stream): the same articles as load_corpus, row for row."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import framing
from framing.errors import CorpusError
from framing.io.stream import CHUNK_BYTES, IdCheck, iter_corpus


def _articles(n: int = 9) -> pd.DataFrame:
    # commas, quotes, newlines inside quoted fields and non-ASCII text: what breaks naive cutting
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "outlet": ["Atlas Wire", "Free Neva"] * (n // 2) + ["Atlas Wire"] * (n % 2),
            "date": [f"2025-06-{i % 28 + 1:02d}" for i in range(n)],
            "title": [f'Title "{i}", part {i}' for i in range(n)],
            "text": [
                f'Prisoners came home, day {i}.\n"We waited," said a mother — «Стамбул» {i}.'
                if i % 3 == 0
                else f"Talks in Istanbul went on, round {i}; mediators met again."
                for i in range(n)
            ],
            "extra": [None if i < 4 else f"x{i}" for i in range(n)],
        }
    )


def _write(df: pd.DataFrame, path, fmt: str):
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "tsv":
        df.to_csv(path, index=False, sep="\t")
    elif fmt == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(path, index=False, row_group_size=4)
    return path


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet"])
@pytest.mark.parametrize("with_ids", [True, False])
@pytest.mark.parametrize("chunksize", [1, 4, 100])
def test_chunks_concatenate_to_load_corpus(tmp_path, fmt, with_ids, chunksize):
    df = _articles(11)
    if not with_ids:
        df = df.drop(columns="doc_id")
    path = _write(df, tmp_path / f"c.{fmt}", fmt)
    whole = framing.load_corpus(path)
    chunks = list(iter_corpus(path, chunksize=chunksize))
    assert [len(c) for c in chunks[:-1]] == [chunksize] * (len(chunks) - 1)
    got = pd.concat(chunks, ignore_index=True)
    if fmt == "jsonl":  # a column empty in one chunk has no type there: compare as the whole
        got = got.astype(whole.dtypes.to_dict())
    pd.testing.assert_frame_equal(got, whole)
    if not with_ids:  # ids made from row numbers, padded for the whole file
        assert got["doc_id"].tolist() == [f"{i:02d}" for i in range(11)]


def test_glob_and_list_of_files_in_order(tmp_path):
    df = _articles(6)
    _write(df.iloc[:3], tmp_path / "b.jsonl", "jsonl")
    _write(df.iloc[3:], tmp_path / "a.csv", "csv")
    got = pd.concat(iter_corpus([tmp_path / "b.jsonl", tmp_path / "a.csv"]), ignore_index=True)
    assert got["doc_id"].tolist() == ["d0", "d1", "d2", "d3", "d4", "d5"]
    globbed = pd.concat(iter_corpus(str(tmp_path / "*.*")), ignore_index=True)
    assert globbed["doc_id"].tolist() == ["d3", "d4", "d5", "d0", "d1", "d2"]  # sorted names


@pytest.mark.parametrize("with_ids", [True, False])
def test_a_glob_is_one_corpus_as_in_load_corpus(tmp_path, with_ids):
    df = _articles(10)
    if not with_ids:
        df = df.drop(columns="doc_id")
    _write(df.iloc[:4], tmp_path / "a.jsonl", "jsonl")
    _write(df.iloc[4:7], tmp_path / "b.csv", "csv")
    _write(df.iloc[7:], tmp_path / "c.parquet", "parquet")
    pattern = str(tmp_path / "*.*")
    whole = framing.load_corpus(pattern)
    assert "source_file" in whole.columns
    got = pd.concat(iter_corpus(pattern, chunksize=3), ignore_index=True)
    pd.testing.assert_frame_equal(got.astype(whole.dtypes.to_dict()), whole)
    assert got.attrs == whole.attrs


def test_numeric_dates_keep_one_order_across_chunks(tmp_path):
    rows = [{"doc_id": f"d{i}", "outlet": "X", "text": "t.", "date": d} for i, d in enumerate(
        ["15.06.2025", "16.06.2025", "03.06.2025", "04.06.2025", "05.06.2025", "01.07.2025"]
    )]  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    whole = framing.load_corpus(path)
    # the second chunk alone reads both ways; the first one shows day-first
    got = pd.concat(iter_corpus(path, chunksize=2), ignore_index=True)
    pd.testing.assert_frame_equal(got, whole)
    assert got["date"].dt.month.tolist() == [6, 6, 6, 6, 6, 7]
    rows[5]["date"] = "06.13.2025"  # month-first, in a later chunk
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with pytest.raises(CorpusError, match="mixes day-first and month-first"):
        framing.load_corpus(path)
    with pytest.raises(CorpusError, match="mixes day-first and month-first"):
        list(iter_corpus(path, chunksize=2))


def test_folders_and_bundled_corpora_are_chunked_too():
    whole = framing.load_corpus("pow-exchange-2025")
    got = pd.concat(iter_corpus("pow-exchange-2025", chunksize=10), ignore_index=True)
    pd.testing.assert_frame_equal(got, whole)
    assert got.attrs["framing"]["codebook"] == "pow-exchange"


def test_errors_name_the_line_of_the_file(tmp_path):
    lines = [json.dumps({"doc_id": f"d{i}", "outlet": "X", "text": "t."}) for i in range(10)]
    lines[7] = "{not json"
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.jsonl, line 8: invalid JSON") as whole:
        framing.load_corpus(path)
    with pytest.raises(CorpusError) as chunked:
        list(iter_corpus(path, chunksize=3))
    assert str(chunked.value) == str(whole.value)


def test_csv_errors_name_the_line_in_a_later_chunk(tmp_path):
    rows = ["doc_id,outlet,text"] + [f"d{i},X,text {i}" for i in range(10)]
    rows[9] = "d8,X,text, with an unquoted comma"
    path = tmp_path / "c.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="line 10") as whole:
        framing.load_corpus(path)
    with pytest.raises(CorpusError) as chunked:
        list(iter_corpus(path, chunksize=2))
    assert str(chunked.value) == str(whole.value)


def test_decode_error_names_the_line(tmp_path):
    path = tmp_path / "c.jsonl"
    good = [json.dumps({"doc_id": f"d{i}", "outlet": "X", "text": "t."}).encode() for i in range(6)]
    good[4] = good[4].replace(b"t.", b"caf\xe9.")
    path.write_bytes(b"\n".join(good) + b"\n")
    with pytest.raises(CorpusError, match=r"line 5: cannot decode byte 0xe9"):
        list(iter_corpus(path, chunksize=2))


def test_duplicate_ids_across_chunks_and_files(tmp_path):
    df = _articles(6)
    df.loc[5, "doc_id"] = "d1"
    path = _write(df, tmp_path / "c.jsonl", "jsonl")
    with pytest.raises(CorpusError, match="duplicate doc_id 'd1'"):
        list(iter_corpus(path, chunksize=2))
    a = _write(_articles(3), tmp_path / "a.csv", "csv")
    b = _write(_articles(3), tmp_path / "b.csv", "csv")
    with pytest.raises(CorpusError, match=r"duplicate doc_id 'd0' in .*b\.csv"):
        list(iter_corpus([a, b]))


def test_id_check_finds_repeats_among_many_runs():
    check = IdCheck()
    for k in range(50):  # many merges of sorted runs
        check.add([f"id-{k}-{j}" for j in range(7)])
    assert len(check.runs) < 10
    with pytest.raises(CorpusError, match="'id-17-3'"):
        check.add(["new", "id-17-3"])
    check.add(["new"])  # the failed call recorded nothing


def test_empty_texts_dropped_with_one_warning_for_the_whole_corpus(tmp_path):
    df = _articles(8)
    df.loc[[1, 6], "text"] = ""
    path = _write(df, tmp_path / "c.csv", "csv")
    with pytest.warns(UserWarning, match="dropped 2 articles with empty text") as caught:
        got = pd.concat(iter_corpus(path, chunksize=3, on_empty="drop"), ignore_index=True)
    assert len([w for w in caught if "dropped" in str(w.message)]) == 1
    assert got["doc_id"].tolist() == ["d0", "d2", "d3", "d4", "d5", "d7"]


def test_long_articles_make_smaller_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr("framing.io.stream.CHUNK_BYTES", 300)
    assert CHUNK_BYTES > 300  # the real cap is larger; here a chunk holds about 300 bytes
    path = _write(_articles(10), tmp_path / "c.jsonl", "jsonl")
    chunks = list(iter_corpus(path, chunksize=1000))
    assert len(chunks) > 2
    assert sum(map(len, chunks)) == 10


def test_empty_files_and_missing_pattern_fail_as_load_corpus_does(tmp_path):
    (tmp_path / "e.csv").write_text("", encoding="utf-8")
    (tmp_path / "h.csv").write_text("doc_id,outlet,text\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n\n", encoding="utf-8")
    for name in ("e.csv", "h.csv", "b.jsonl"):
        with pytest.raises(CorpusError) as whole:
            framing.load_corpus(tmp_path / name)
        with pytest.raises(CorpusError) as chunked:
            list(iter_corpus(tmp_path / name))
        assert str(chunked.value) == str(whole.value)
    with pytest.raises(CorpusError, match="no files match"):
        list(iter_corpus(str(tmp_path / "nothing-*.jsonl")))
