"""Adversarial inputs and faults: one small test per root cause, fixtures generated here.

Each section names the root cause it guards (hangs, silent wrong results, lost
rows, tracebacks instead of framing errors); nothing here is a committed binary.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.errors import CodebookError, CodingError, CorpusError, ParameterError

MINI = Path(__file__).parent / "data" / "mini.yaml"
ROOT = Path(__file__).resolve().parents[1]


def csv_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path

# --- 1. YAML aliases and deep nesting (codebooks, front matter) -----------------------------

# --- 2. wildcard backtracking in cues ---------------------------------------------------------

# --- 3. CLI column renames that collide -------------------------------------------------------
def test_cli_text_col_title_scores_the_title(tmp_path):
    out = tmp_path / "t.csv"
    assert main(["score", "pow-exchange-2025", "--text-col", "title", "-o", str(out)]) == 0
    by_title = pd.read_csv(out)
    corpus = framing.load_corpus("pow-exchange-2025", text_col="title")
    assert (corpus["text"] == corpus["title"]).all() and "text_raw" in corpus.columns
    expected = framing.score(corpus)
    assert by_title["n_tokens"].tolist() == expected["n_tokens"].tolist()
    assert by_title["n_tokens"].max() < 40  # headlines, not bodies


def test_text_col_and_outlet_col_may_be_one_column():
    df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["War Daily", "Peace Post"], "text": ["x", "y"]})
    c = framing.load_corpus(df, text_col="outlet", outlet_col="outlet")
    assert c["text"].tolist() == ["War Daily", "Peace Post"] == c["outlet"].tolist()
    assert c["text_raw"].tolist() == ["x", "y"]


# --- 4. CSV/TSV quoting that swallows rows; duplicate headers ---------------------------------
@pytest.mark.parametrize("suffix, sep", [(".tsv", "\t"), (".csv", ",")])
def test_stray_quote_that_swallows_rows(tmp_path, suffix, sep):
    rows = [
        ["doc_id", "outlet", "text"],
        ["a1", "X", '"Unbalanced quote starts here'],
        ["a2", "Y", "normal text"],
        ["a3", "Z", 'a stray quote ends it"'],
        ["a4", "W", "fine"],
    ]
    path = csv_file(tmp_path / f"c{suffix}", "\n".join(sep.join(r) for r in rows) + "\n")
    if suffix == ".csv":  # CSV quotes fields: the swallowed rows are named
        with pytest.raises(CorpusError, match=r"line 3: this line looks like a row.*opens on line 2"):
            framing.load_corpus(path)
    else:  # TSV does not: its quotes are text, and every row is kept
        c = framing.load_corpus(path)
        assert c["doc_id"].tolist() == ["a1", "a2", "a3", "a4"]
        assert c["text"].iloc[0] == '"Unbalanced quote starts here'


def test_multiline_quoted_text_is_still_read(tmp_path):
    path = csv_file(
        tmp_path / "c.csv",
        'doc_id,outlet,text\na1,X,"First paragraph.\n\nSecond, with, four, commas, here."\na2,Y,ok\n',
    )
    assert framing.load_corpus(path)["text"].iloc[0].endswith("commas, here.")


def test_duplicate_header_is_an_error(tmp_path):
    path = csv_file(tmp_path / "c.csv", "doc_id,outlet,text,text\na,X,one,two\n")
    with pytest.raises(CorpusError, match=r"line 1: the header names column 'text' twice"):
        framing.load_corpus(path)


def test_quote_inside_a_value_is_named(tmp_path):
    path = csv_file(tmp_path / "c.csv", 'doc_id,outlet,text\na,X,"said "no" twice"\n')
    with pytest.raises(CorpusError, match=r"line 2: malformed CSV"):
        framing.load_corpus(path)


# --- 5. Parquet/JSONL types: integer dates, float ids, non-text text, inf scores --------------
def test_parquet_integer_dates(tmp_path):
    path = tmp_path / "c.parquet"
    pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["t"], "date": [20250603]}).to_parquet(path)
    assert framing.load_corpus(path)["date"].iloc[0] == pd.Timestamp("2025-06-03")


def test_jsonl_ids_are_strings_as_written(tmp_path):
    path = csv_file(
        tmp_path / "c.jsonl",
        '{"doc_id": 1.0, "outlet": "X", "text": "a"}\n{"doc_id": 2, "outlet": "X", "text": "b"}\n',
    )
    assert framing.load_corpus(path)["doc_id"].tolist() == ["1.0", "2"]


@pytest.mark.parametrize(
    "value, kind",
    [({"a": 1}, "dict"), (["a", "b"], "list")],
)
def test_jsonl_text_that_is_not_text(tmp_path, value, kind):
    path = csv_file(tmp_path / "c.jsonl", json.dumps({"doc_id": "a", "outlet": "X", "text": value}) + "\n")
    with pytest.raises(CorpusError, match=rf"line 1, column 'text': the text is a {kind}"):
        framing.load_corpus(path)


def test_parquet_bytes_and_struct_text(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name, column in [
        ("bytes", pa.array([b"war"], type=pa.binary())),
        ("struct", pa.array([{"t": "war"}])),
    ]:
        path = tmp_path / f"{name}.parquet"
        pq.write_table(pa.table({"doc_id": ["a"], "outlet": ["X"], "text": column}), path)
        with pytest.raises(CorpusError, match=r"row 1, column 'text': the text is a"):
            framing.load_corpus(path)


# --- 6. unreadable subfolders of a corpus folder ----------------------------------------------
def test_unreadable_subfolder_is_an_error(tmp_path, monkeypatch):
    for outlet in ("A", "B"):
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "x.txt").write_text("Some text.", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "B":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr("framing.io.folders.os.scandir", scandir)
    with pytest.raises(CorpusError, match=r"B: permission denied"):
        framing.load_corpus(tmp_path)


# --- 7. report output folders that are not the report's own ------------------------------------

# --- 8. kills between writes; stale temporary files --------------------------------------------
KILLER = """
import os, signal, sys
import framing.io._files as files
from framing.cli import main
calls = 0
real = os.replace
def replace(a, b):
    global calls
    calls += 1
    if calls == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(a, b)
os.replace = replace
main(["score", sys.argv[2], "--codebook", sys.argv[3], "-o", sys.argv[4]])
"""


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_kill_leaves_the_old_pair_or_the_new_pair(tmp_path, suffix):
    small = csv_file(tmp_path / "small.csv", "doc_id,outlet,text\na,X,war\nb,Y,peace\n")
    big = csv_file(
        tmp_path / "big.csv",
        "doc_id,outlet,text\n" + "".join(f"d{i},X,war and peace {i}\n" for i in range(300)),
    )
    out = tmp_path / f"scores{suffix}"
    assert main(["score", str(small), "--codebook", str(MINI), "-o", str(out)]) == 0
    for k in range(1, 5 if suffix == ".csv" else 3):
        proc = subprocess.run(
            [sys.executable, "-c", KILLER, str(k), str(big), str(MINI), str(out)],
            capture_output=True,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            table = framing.read_scores(out)
        record = table.attrs["framing"]
        assert record["n_rows"] == len(table) in (2, 300), (k, proc.returncode)
        assert record["source"] == (str(small) if len(table) == 2 else str(big))
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert main(["score", str(small), "--codebook", str(MINI), "-o", str(out)]) == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], leftovers


def test_sigterm_removes_temporary_files(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from framing.io._files import atomic_write
        def slow(p):
            p.write_text("partial")
            print("writing", flush=True)
            time.sleep(30)
        atomic_write(sys.argv[1], slow)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "out.csv")], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "writing"
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    assert proc.returncode == -signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


# --- 9. JSON Lines with U+2028 / U+0085 inside strings ------------------------------------------
def test_jsonl_with_unicode_line_separators_in_strings(tmp_path):
    records = [
        {"doc_id": "a", "outlet": "X", "text": "one\u2028two"},
        {"doc_id": "b", "outlet": "X", "text": "three\u0085four\u2029five"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    c = framing.load_corpus(path)
    assert c["text"].tolist() == [r["text"] for r in records]


# --- 10. near_duplicates parameters ---------------------------------------------------------------
@pytest.mark.parametrize("shingle", [0, -1, 2.5, True])
def test_near_duplicates_shingle_must_be_positive(shingle):
    df = pd.DataFrame({"doc_id": ["a", "b"], "text": ["one two three", "four five six"]})
    with pytest.raises(ParameterError, match="shingle"):
        framing.near_duplicates(df, shingle=shingle)


# --- 11. coding-sheet ids and spreadsheet formulas (CSV injection) --------------------------------
@pytest.mark.parametrize("value", ["99999999999999999999999", "-3", "1e3", "2.0", " "])
def test_sheet_sent_id_must_be_a_sentence_number(tmp_path, value):
    path = csv_file(tmp_path / "s.csv", f"doc_id,sent_id,text,war,notes\na,{value},t,1,\n")
    with pytest.raises(CodingError, match=r"line 2, column 'sent_id'"):
        framing.read_coding_sheet(path)


def test_sheet_cells_that_are_formulas_are_neutralised(tmp_path):
    sample = pd.DataFrame(
        {
            "doc_id": ["=cmd|' /C calc'!A0", "@SUM(1)", "ok"],
            "text": ['=HYPERLINK("http://evil.example","click")', "+1", "-2 said"],
        }
    )
    csv_path, _ = framing.write_coding_sheet(sample, MINI, tmp_path / "sheet.csv")
    text = csv_path.read_text(encoding="utf-8-sig")
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), line
    frames = list(framing.load_codebook(MINI).frame_names)
    sheet = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    sheet[frames] = "1"
    sheet.to_csv(csv_path, index=False)
    back = framing.read_coding_sheet(csv_path)
    assert back["doc_id"].tolist() == sample["doc_id"].tolist()  # ids come back unchanged


# --- 12. tracebacks: huge fields, CR line ends, deep JSON, bad seeds, huge n_boot, ... --------------
def test_csv_field_over_128_kib(tmp_path):
    big = "war " * 100_000
    path = csv_file(tmp_path / "c.csv", f"doc_id,outlet,text\na,X,{big}\n")
    assert framing.load_corpus(path)["text"].iloc[0] == big


def test_cr_only_line_endings_and_a_bare_cr(tmp_path):
    path = csv_file(tmp_path / "cr.csv", "doc_id,outlet,text\ra,X,one\rb,Y,two\r")
    assert framing.load_corpus(path)["text"].tolist() == ["one", "two"]
    path = csv_file(tmp_path / "bare.csv", "doc_id,outlet,text\na,X,one\rtwo\nb,Y,three\n")
    with pytest.raises(CorpusError, match=r"line 3: 1 fields but the header has 3"):
        framing.load_corpus(path)


def test_jsonl_nested_100000_deep(tmp_path):
    path = csv_file(
        tmp_path / "deep.jsonl",
        '{"doc_id": "a", "outlet": "X", "text": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    )
    with pytest.raises(CorpusError, match=r"line 1: JSON nested too deeply"):
        framing.load_corpus(path)


def test_parquet_output_with_mixed_metadata(tmp_path):
    corpus = pd.DataFrame(
        {"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": ["war", "peace"], "page": [3, "A4"]}
    )
    src = tmp_path / "c.jsonl"
    corpus.to_json(src, orient="records", lines=True)
    out = tmp_path / "s.parquet"
    assert main(["score", str(src), "--codebook", str(MINI), "-o", str(out)]) == 0
    assert pd.read_parquet(out)["page"].tolist() == ["3", "A4"]


def test_codebook_permission_error_is_a_codebook_error(tmp_path, monkeypatch):
    path = tmp_path / "cb.yaml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("pathlib.Path.read_bytes", denied)
    with pytest.raises(CodebookError, match="cb.yaml"):
        framing.load_codebook(path)


@pytest.mark.parametrize("kwargs", [{"seed": -1}, {"seed": "x"}, {"n": 0}, {"n": 2.5}, {"by": 3}])
def test_sample_for_coding_refuses_bad_parameters(kwargs):
    units = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"]})
    with pytest.raises(ParameterError):
        framing.sample_for_coding(units, **{"n": 2, **kwargs})


def test_bad_aliases_and_multiindex_columns():
    df = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["t"]})
    with pytest.raises(ParameterError, match="outlet_aliases must be a mapping"):
        framing.load_corpus(df, outlet_aliases=["X", "Y"])
    wide = df.copy()
    wide.columns = pd.MultiIndex.from_tuples([("doc_id", ""), ("outlet", ""), ("text", "")])
    with pytest.raises(CorpusError, match="MultiIndex columns"):
        framing.load_corpus(wide)


# --- 13. misleading messages ---------------------------------------------------------------------
def test_undecodable_byte_names_the_byte_and_its_file_position(tmp_path):
    path = csv_file(tmp_path / "c.csv", "doc_id,outlet,text\na,X,caf\xe9\n", encoding="latin-1")
    with pytest.raises(CorpusError, match=r"line 2: cannot decode byte 0xe9 \(at file position 26\)"):
        framing.load_corpus(path)


def test_whitespace_only_file(tmp_path):
    path = csv_file(tmp_path / "c.csv", "   \n \n\t\n")
    with pytest.raises(CorpusError, match=r"empty \(only whitespace\).*header row"):
        framing.load_corpus(path)


def test_devices_and_pipes_are_named(tmp_path):
    with pytest.raises(CorpusError, match=r"/dev/null is a device, not a file"):
        framing.load_corpus("/dev/null")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(CorpusError, match=r"pipe\.csv is a named pipe \(FIFO\), not a file"):
        framing.load_corpus(fifo)


# --- 14. memory of loading and scoring -----------------------------------------------------------
def test_loading_memory_stays_within_three_times_the_file(tmp_path):
    import tracemalloc

    text = "The talks in Istanbul ended with an agreement on prisoners and bodies. " * 60
    rows = "".join(f"d{i},Outlet {i % 7},2025-06-{1 + i % 28:02d},{text}\n" for i in range(2500))
    path = csv_file(tmp_path / "c.csv", "doc_id,outlet,date,text\n" + rows)
    size = path.stat().st_size
    tracemalloc.start()
    corpus = framing.load_corpus(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(corpus) == 2500
    assert peak < 3 * size, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"

