"""A researcher's own data: dates, Excel, outlet folders, coding sheets from spreadsheets, CLI wording."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import cli_wording, main
from framing.errors import CodingError, CorpusError, ParameterError

MINI = Path(__file__).parent / "data" / "mini.yaml"


def frame(dates, **extra):
    n = len(dates)
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "outlet": ["X"] * n,
            "text": ["x."] * n,
            "date": dates,
            **extra,
        }
    )


# --- dates: one order per column --------------------------------------------------------------


def test_day_first_column_is_read_day_first_everywhere():
    c = framing.load_corpus(frame(["03.06.2025", "15.06.2025"]))
    assert c["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-03", "2025-06-15"]
    c = framing.load_corpus(frame(["12/06/2025", "13/06/2025"]))
    assert c["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-12", "2025-06-13"]


def test_month_first_column():
    c = framing.load_corpus(frame(["06/03/2025", "06/15/2025"]))
    assert c["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-03", "2025-06-15"]


def test_ambiguous_column_names_two_rows_and_both_options():
    with pytest.raises(CorpusError) as info:
        framing.load_corpus(frame(["03.06.2025", "04.07.2025"]))
    msg = str(info.value)
    assert "'03.06.2025' (row 0)" in msg and "'04.07.2025' (row 1)" in msg
    assert "dayfirst=True" in msg and "dayfirst=False" in msg
    c = framing.load_corpus(frame(["03.06.2025", "04.07.2025"]), dayfirst=True)
    assert c["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-03", "2025-07-04"]
    c = framing.load_corpus(frame(["03.06.2025", "04.07.2025"]), dayfirst=False)
    assert c["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-06", "2025-04-07"]


def test_mixed_orders_are_refused():
    with pytest.raises(CorpusError, match="mixes day-first and month-first"):
        framing.load_corpus(frame(["15.06.2025", "06.15.2025"]))
    with pytest.raises(CorpusError, match=r"row 1.*cannot be day-first"):
        framing.load_corpus(frame(["03.06.2025", "06.15.2025"]), dayfirst=True)


def test_date_format_for_the_whole_column():
    c = framing.load_corpus(frame(["03.06.2025", "04.07.2025"]), date_format="%d.%m.%Y")
    assert c["date"].dt.month.tolist() == [6, 7]
    with pytest.raises(CorpusError, match=r"row 1.*does not match date_format"):
        framing.load_corpus(frame(["03.06.2025", "2025-07-04"]), date_format="%d.%m.%Y")


def test_iso_and_month_name_dates_still_parse():
    c = framing.load_corpus(frame(["2025-06-09", "9 June 2025", "9 червня 2025", ""]))
    assert c["date"].dt.day.tolist()[:3] == [9, 9, 9] and pd.isna(c["date"].iloc[3])


# --- Excel, folders -------------------------------------------------------------------------


def test_xlsx_corpus(tmp_path):
    path = tmp_path / "corpus.xlsx"
    pd.DataFrame(
        {"doc_id": [1, 2], "outlet": ["Kyiv Ledger", "Volga Herald"], "text": ["Один.", "Два."]}
    ).to_excel(path, index=False)
    c = framing.load_corpus(path)
    assert c["doc_id"].tolist() == ["1", "2"] and c["text"].tolist() == ["Один.", "Два."]


def test_folder_per_outlet_without_front_matter(tmp_path):
    for outlet, name, text in [
        ("Kyiv Ledger", "a1.txt", "Families waited."),
        ("Kyiv Ledger", "a2.md", "Doctors met the buses."),
        ("Volga Herald", "b1.txt", "Flags and songs."),
    ]:
        (tmp_path / outlet).mkdir(exist_ok=True)
        (tmp_path / outlet / name).write_text(text, encoding="utf-8")
    c = framing.load_corpus(tmp_path)
    assert c.set_index("doc_id")["outlet"].to_dict() == {
        "a1": "Kyiv Ledger",
        "a2": "Kyiv Ledger",
        "b1": "Volga Herald",
    }


def test_flat_folder_without_outlets_suggests_both_layouts(tmp_path):
    (tmp_path / "one.txt").write_text("Some text.", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        framing.load_corpus(tmp_path)
    msg = str(info.value)
    assert "one.txt" in msg and "<outlet>/<article>.txt" in msg and "outlet:" in msg
    assert "outlet_col" not in msg


def test_sentences_of_a_plain_string():
    s = framing.sentences("One sentence. Another one.")
    assert s["text"].tolist() == ["One sentence.", "Another one."]
    assert s["doc_id"].tolist() == ["0", "0"]


# --- coding sheets from spreadsheets and the reliability workflow ------------------------------


@pytest.fixture()
def sample():
    return pd.DataFrame(
        {"doc_id": ["d1", "d2", "d3", "d4"], "text": ["Ça va.", "Über.", "Привіт.", "=1+1"]}
    )


def fill(path: Path, values: list[list[int]]) -> None:
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frames = [c for c in sheet.columns if c not in ("doc_id", "text", "notes")]
    for i, row in enumerate(values):
        for f, v in zip(frames, row, strict=True):
            sheet.loc[i, f] = str(v)
    sheet.to_csv(path, index=False, encoding="utf-8-sig")


def test_sheets_have_a_bom_and_neutralised_formulas(tmp_path, sample):
    csv, _ = framing.write_coding_sheet(sample, MINI, tmp_path / "a.csv")
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "'=1+1" in raw.decode("utf-8-sig") and "\n=1+1" not in raw.decode("utf-8-sig")


def test_documented_reliability_workflow_end_to_end(tmp_path, sample):
    a, _ = framing.write_coding_sheet(sample, MINI, tmp_path / "a.csv")
    b, _ = framing.write_coding_sheet(sample, MINI, tmp_path / "b.csv")
    n_frames = len(framing.load_codebook(MINI).frame_names)
    fill(a, [[1] * n_frames, [0] * n_frames, [1] * n_frames, [0] * n_frames])
    fill(b, [[1] * n_frames, [0] * n_frames, [0] * n_frames, [0] * n_frames])
    codings = pd.concat(
        [
            framing.read_coding_sheet("a.csv" if False else a, coder="a"),
            framing.read_coding_sheet(b, coder="b"),
        ]
    )
    rep = framing.reliability.report(codings)
    assert len(rep) == n_frames
    # the same after attrs are lost, e.g. a round trip through a file
    codings.attrs = {}
    assert len(framing.reliability.report(codings)) == n_frames
    both = framing.concat_codings([framing.read_coding_sheet(a, coder="a"), framing.read_coding_sheet(b, coder="b")])
    assert both.attrs["framing"]["frames"] == list(framing.load_codebook(MINI).frame_names)


def test_semicolon_and_xlsx_sheets(tmp_path, sample):
    csv, _ = framing.write_coding_sheet(sample, MINI, tmp_path / "a.csv")
    frames = list(framing.load_codebook(MINI).frame_names)
    sheet = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for f in frames:
        sheet[f] = ["1", "0", "1", "0"]
    german = tmp_path / "german.csv"
    sheet.to_csv(german, sep=";", index=False, encoding="cp1252", errors="replace")
    read = framing.read_coding_sheet(german, coder="a", encoding="cp1252")
    assert read[frames[0]].tolist() == [1, 0, 1, 0] and read["doc_id"].tolist()[-1] == "d4"
    book = tmp_path / "sheet.xlsx"
    sheet.assign(**{f: [1, 0, 1, 0] for f in frames}).to_excel(book, index=False)
    read = framing.read_coding_sheet(book, coder="b")
    assert read[frames[0]].tolist() == [1, 0, 1, 0]


# --- command line -----------------------------------------------------------------------------


def test_cli_errors_use_flag_names(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,source,body\na,X,hello\n", encoding="utf-8")
    assert main(["score", str(path), "--codebook", str(MINI), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "--text-col" in err and "text_col=" not in err
    assert main(["score", str(path), "--codebook", str(MINI), "--text-col", "body", "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "--outlet-col" in err and "outlet_col=" not in err


def test_cli_date_flags(tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text,date\na,X,hello war,03.06.2025\nb,Y,peace,04.07.2025\n", "utf-8")
    out = tmp_path / "o.csv"
    assert main(["score", str(path), "--codebook", str(MINI), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--dayfirst" in err and "--monthfirst" in err and "dayfirst=" not in err
    assert main(["score", str(path), "--codebook", str(MINI), "--dayfirst", "-o", str(out)]) == 0
    assert pd.read_csv(out)["date"].tolist() == ["2025-06-03", "2025-07-04"]
    assert main(["score", str(path), "--codebook", str(MINI), "--date-format", "%m.%d.%Y", "-o", str(out)]) == 0
    assert pd.read_csv(out)["date"].tolist() == ["2025-03-06", "2025-04-07"]


def test_cli_wording_examples():
    assert cli_wording("pass encoding='cp1252'") == "pass --encoding cp1252"
    assert cli_wording("keep n=3 and x=2 untouched") == "keep n=3 and x=2 untouched"


def test_input_flags_are_one_shared_helper():
    import argparse

    from framing.cli import add_input_arguments, corpus_options

    p = argparse.ArgumentParser()
    add_input_arguments(p)
    args = p.parse_args(["--text-col", "body", "--date-col", "", "--monthfirst"])
    opts = corpus_options(args)
    assert opts["text_col"] == "body" and opts["date_col"] is None and opts["dayfirst"] is False


# --- packaging, progress, notebook path -------------------------------------------------------


def test_progress_bars_stay_out_of_logs():
    code = (
        "import framing._progress as p, sys;"
        "print(p.show(None, True), p.show(True, False), p.show(None, False))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "True", "False"]  # stderr is a pipe here


def test_pyproject_license_is_an_spdx_string():
    import tomllib

    root = Path(__file__).resolve().parents[1]
    meta = tomllib.loads((root / "pyproject.toml").read_text())
    assert meta["project"]["license"] == "MIT"
    assert "openpyxl" in " ".join(meta["project"]["dependencies"])
    assert any("python-docx" in d for d in meta["project"]["optional-dependencies"]["archives"])


def test_notebook_06_takes_a_path():
    root = Path(__file__).resolve().parents[1]
    nb = json.loads((root / "notebooks" / "06-real-data-narrative-frames.ipynb").read_text())
    source = "".join("".join(c["source"]) for c in nb["cells"])
    assert "FRAMING_NFC_PATH" in source and "NFC_PATH" in source
    assert "FRAMING_NFC_PATH" in (root / "README.md").read_text()


def test_outlet_aliases_auto_and_bad_aliases():
    df = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["RT", "rt"], "text": ["x", "y"]})
    with pytest.warns(UserWarning, match="merged outlet spellings"):
        c = framing.load_corpus(df, outlet_aliases="auto")
    assert c["outlet"].tolist() == ["RT", "RT"]
    with pytest.raises(ParameterError, match="mapping"):
        framing.load_corpus(df, outlet_aliases=["RT"])


def test_env_nfc_path_is_documented_constant():
    assert framing.datasets.NARRATIVE_FRAMES_ENV == "FRAMING_NFC_PATH"
    assert os.environ.get("FRAMING_NFC_PATH", "") is not None


def test_coding_errors_stay_coding_errors(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("", encoding="utf-8")
    with pytest.raises(CodingError, match="empty"):
        framing.read_coding_sheet(p)
