"""Adversarial inputs and faults: one small test per root cause, fixtures generated here.

Each section names the root cause it guards (hangs, silent wrong results, lost
rows, tracebacks instead of framing errors); nothing here is a committed binary.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.cli import main
from framing.codebook import codebook_from_yaml
from framing.errors import CodebookError, CodingError, CorpusError, DataError, ParameterError

MINI = Path(__file__).parent / "data" / "mini.yaml"
ROOT = Path(__file__).resolve().parents[1]


def csv_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _scores(n_docs: int = 6) -> pd.DataFrame:
    """A small document-level score table with two outlets."""
    table = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n_docs)],
            "outlet": ["A", "B"] * (n_docs // 2),
            "n_tokens": 100,
            "leverage": np.arange(n_docs, dtype=float),
            "morale": 1.0,
        }
    )
    table.attrs["framing"] = {"frames": ["leverage", "morale"]}
    return table


TESTS = Path(__file__).parent

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
    df = pd.DataFrame(
        {"doc_id": ["a", "b"], "outlet": ["War Daily", "Peace Post"], "text": ["x", "y"]}
    )
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
        with pytest.raises(
            CorpusError, match=r"line 3: this line looks like a row.*opens on line 2"
        ):
            framing.load_corpus(path)
    else:  # TSV does not: its quotes are text, and every row is kept
        c = framing.load_corpus(path)
        assert c["doc_id"].tolist() == ["a1", "a2", "a3", "a4"]
        assert c["text"].iloc[0] == '"Unbalanced quote starts here'


def test_quoted_tsv_with_one_undoubled_quote_is_read_as_pandas_reads_it(tmp_path):
    # As in the released Narrative Frames Corpus: every text quoted, inner quotes doubled,
    # except one quote that was not. Reading its quotes as text would leave 403 of 428 texts
    # wrapped in quotes with doubled quotes inside.
    lines = [
        "ID\tsource\ttext",
        '1\tX\t"Rebrand ""climate change"" first"',
        '2\tY\t"He said it himself."Frankly, no."',
        '3\tZ\t"Plain text"',
    ]
    path = csv_file(tmp_path / "nfc.tsv", "\n".join(lines) + "\n")
    with pytest.warns(UserWarning, match=r"nfc.tsv, line 3: a quote inside a quoted value"):
        c = framing.load_corpus(path, id_col="ID", outlet_col="source")
    expected = pd.read_csv(path, sep="\t", dtype=str)["text"].tolist()
    assert c["text"].tolist() == expected
    assert c["text"].iloc[0] == 'Rebrand "climate change" first'


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
    pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["t"], "date": [20250603]}).to_parquet(
        path
    )
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
    path = csv_file(
        tmp_path / "c.jsonl", json.dumps({"doc_id": "a", "outlet": "X", "text": value}) + "\n"
    )
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


@pytest.mark.filterwarnings("ignore::framing.errors.FewClustersWarning")
@pytest.mark.parametrize("function", ["compare", "pairwise", "profile_distance"])
def test_infinite_scores_are_refused_naming_column_and_rows(function):
    scores = _scores()
    scores.loc[[1, 4], "leverage"] = [np.inf, -np.inf]
    with pytest.raises(DataError, match=r"'leverage' has 2 infinite value\(s\) \(index \[1, 4\]\)"):
        getattr(framing, function)(scores)


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


def _report_corpus(tmp_path: Path, **extra) -> Path:
    """A small CSV corpus of two outlets for report tests."""
    rows = [
        {"doc_id": f"{o[0]}{i}", "outlet": o, "date": f"2025-06-0{i + 1}", "text": t, **extra}
        for o, texts in {
            "North Post": [
                "Families of the wounded waited for humanitarian aid.",
                "The wounded and their families came home.",
                "Humanitarian workers met the families.",
            ],
            "South Wire": [
                "The prisoners were a bargaining chip under pressure.",
                "Bargaining continued; pressure grew.",
                "Pressure in the bargaining over the exchange.",
            ],
        }.items()
        for i, t in enumerate(texts)
    ]
    path = tmp_path / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


REPORT_FAST = ["--codebook", str(TESTS / "data" / "mini.yaml"), "--n-boot", "30", "--n-perm", "30"]


def test_report_refuses_a_folder_that_is_not_its_own(tmp_path, capsys, monkeypatch):
    corpus = _report_corpus(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>my homepage</p>", encoding="utf-8")
    (site / "scores.csv").write_text("mine\n", encoding="utf-8")
    assert main(["report", str(corpus), *REPORT_FAST, "-o", str(site)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(site) in err and "--overwrite" in err
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>my homepage</p>"
    assert (site / "scores.csv").read_text(encoding="utf-8") == "mine\n"
    monkeypatch.chdir(site)  # "-o ." is the same folder
    assert main(["report", str(corpus), *REPORT_FAST, "-o", "."]) == 2
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>my homepage</p>"
    capsys.readouterr()
    assert main(["report", str(corpus), *REPORT_FAST, "-o", ".", "--overwrite"]) == 0
    assert "Framing report" in (site / "index.html").read_text(encoding="utf-8")
    assert main(["report", str(corpus), *REPORT_FAST, "-o", "."]) == 0  # now it is a report


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


def test_report_on_a_full_disk_says_so_in_one_line(tmp_path, capsys, monkeypatch):
    from matplotlib.figure import Figure

    def full_disk(self, *args, **kwargs):
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            raise AttributeError("'NoneType' object has no attribute 'write'") from None

    monkeypatch.setattr(Figure, "savefig", full_disk)
    out = tmp_path / "out"
    assert main(["report", str(_report_corpus(tmp_path)), *REPORT_FAST, "-o", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and lines[-1] == errors[0]  # warnings before it, one error line
    err = errors[0]
    assert err.startswith("error: cannot write the report into") and str(out) in err
    assert "No space left on device" in err and "free some space" in err
    assert ".tmp" not in err and "Traceback" not in "\n".join(lines)
    assert not list(out.glob(".framing-report-*"))


def test_report_past_a_file_size_limit_is_one_error_line(tmp_path):
    resource = pytest.importorskip("resource")
    corpus = _report_corpus(tmp_path)
    # Loading the corpus first unpacks the language-identification model (a temporary
    # file bigger than the limit); then no file the report writes may pass 20 kB.
    script = (
        "import resource, signal, sys, framing; framing.load_corpus(sys.argv[2]); "
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000)); "
        "from framing.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-c", script, "report", str(corpus), *REPORT_FAST, "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
        timeout=300,
    )
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert (
        lines[-1].startswith("error: cannot write the report into")
        and "Traceback" not in run.stderr
    )
    assert resource is not None


def test_report_bad_seed_fails_before_any_work(tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(
            ["report", str(_report_corpus(tmp_path)), *REPORT_FAST, "--seed", "-1", "-o", str(out)]
        )
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "seed" in err and not out.exists()


@pytest.mark.parametrize("palette", ["viridis", {"morale": "no-such-colour"}, {"left": "red"}])
def test_a_bad_palette_is_a_parameter_error(palette):
    table = pd.DataFrame(
        {
            "outlet": ["A", "B"],
            "frame": "morale",
            "estimate": [1.0, 2.0],
            "ci_low": 0.0,
            "ci_high": 3.0,
        }
    )
    with pytest.raises(framing.ParameterError, match="palette"):
        framing.plot.forest(table, palette=palette)


@pytest.mark.filterwarnings("ignore::framing.errors.FewClustersWarning")
@pytest.mark.parametrize("seed", [-1, "x", 1.5, True])
@pytest.mark.parametrize("function", ["compare", "pairwise", "sample_for_coding"])
def test_bad_seeds_are_parameter_errors(function, seed):
    scores = _scores()
    call = {
        "compare": lambda: framing.compare(scores, seed=seed, interval="percentile"),
        "pairwise": lambda: framing.pairwise(scores, seed=seed),
        "sample_for_coding": lambda: framing.sample_for_coding(scores, 2, seed=seed),
    }[function]
    with pytest.raises(ParameterError, match="seed must be a non-negative integer"):
        call()


def test_huge_n_boot_is_refused_before_any_allocation():
    with pytest.raises(ParameterError, match="n_boot must be an integer between 0 and 1000000"):
        framing.compare(_scores(), n_boot=10**9, interval="percentile")
    with pytest.raises(ParameterError, match="n_perm"):
        framing.pairwise(_scores(), n_perm=10**9)
    with pytest.raises(ParameterError, match="n_boot"):
        framing.distinctive_terms(
            pd.DataFrame({"outlet": ["A", "B"], "text": ["a b", "c d"]}),
            method="bootstrap",
            n_boot=10**9,
        )


def test_bootstrap_draws_are_batched():
    # Many replicates over many clusters: drawn in batches of at most _MAX_CELLS cells.
    import importlib

    module = importlib.import_module("framing.stats.compare")

    rng = np.random.default_rng(0)
    S, M = rng.random((50, 2)), np.ones((50, 2))
    calls = []
    real = rng.integers

    class Counting:
        def integers(self, low, high, size):
            calls.append(size)
            return real(low, high, size=size)

    old = module._MAX_CELLS
    module._MAX_CELLS = 1000
    try:
        reps, _ = module._bootstrap(S, M, 95, Counting(), studentized=False)
    finally:
        module._MAX_CELLS = old
    assert reps.shape == (95, 2) and max(size[0] * size[1] for size in calls) <= 1000
    assert sum(size[0] for size in calls) == 95


# --- 13. misleading messages ---------------------------------------------------------------------
def test_undecodable_byte_names_the_byte_and_its_file_position(tmp_path):
    path = csv_file(tmp_path / "c.csv", "doc_id,outlet,text\na,X,caf\xe9\n", encoding="latin-1")
    with pytest.raises(
        CorpusError, match=r"line 2: cannot decode byte 0xe9 \(at file position 26\)"
    ):
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


def test_report_in_a_folder_it_cannot_write_names_the_folder(tmp_path, capsys, monkeypatch):
    import tempfile

    out = tmp_path / "locked"
    real = tempfile.mkdtemp

    def denied(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == out:
            raise PermissionError(
                errno.EACCES, "Permission denied", str(out / ".framing-report-x.tmp")
            )
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    assert main(["report", str(_report_corpus(tmp_path)), *REPORT_FAST, "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert f"cannot write the report into {out}: Permission denied" in err and ".tmp" not in err


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_report_in_a_read_only_folder_names_the_folder(tmp_path, capsys):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["report", str(_report_corpus(tmp_path)), *REPORT_FAST, "-o", str(out)]) == 2
    finally:
        out.chmod(0o755)
    err = capsys.readouterr().err
    assert str(out) in err and ".tmp" not in err


def test_report_by_date_ignores_an_unrelated_partly_filled_column(tmp_path):
    corpus = pd.read_csv(_report_corpus(tmp_path))
    corpus["syndicated_from"] = [None, "Wire", None, None, "Wire", None]
    corpus["date"] = ["2025-06-01"] * 3 + ["2025-06-02"] * 3
    paths = framing.report.write_report(
        corpus, tmp_path / "r", codebook=TESTS / "data" / "mini.yaml", by="date",
        n_boot=30, n_perm=30,
    )  # fmt: skip
    page = paths["index"].read_text(encoding="utf-8")
    assert (
        "2025-06-01" in page and "syndicated" not in page.split("<main")[1].split("Provenance")[0]
    )


def test_report_with_a_single_frame_codebook(tmp_path):
    import yaml

    book = yaml.safe_load((TESTS / "data" / "mini.yaml").read_text(encoding="utf-8"))
    book["frames"] = book["frames"][:1]
    paths = framing.report.write_report(
        pd.read_csv(_report_corpus(tmp_path)), tmp_path / "r", codebook=book, n_boot=30, n_perm=30
    )
    assert "Humanitarian" in paths["index"].read_text(encoding="utf-8")
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
def test_loading_memory_stays_within_three_times_the_file(tmp_path):
    import tracemalloc

    text = "The talks in Istanbul ended with an agreement on prisoners and bodies. " * 60
    rows = "".join(f"d{i},Outlet {i % 7},2025-06-{1 + i % 28:02d},{text}\n" for i in range(2500))
    path = csv_file(tmp_path / "c.csv", "doc_id,outlet,date,text\n" + rows)
    size = path.stat().st_size
    # The language model (about 80 MB, loaded once per process) is not a cost of the file:
    # load it first, so that the peak is the same whichever test identified a language before.
    framing.identify_language(["The talks in Istanbul ended with an agreement."])
    tracemalloc.start()
    corpus = framing.load_corpus(path)  # lang="auto": every article's language identified
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(corpus) == 2500
    assert peak < 3 * size, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"


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
