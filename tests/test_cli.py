"""The command line: outputs, provenance, atomic writes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import main

MINI = Path(__file__).parent / "data" / "mini.yaml"


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "framing.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture
def small_csv(tmp_path):
    p = tmp_path / "in.csv"
    pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "outlet": ["X", "Y"],
            "text": ["Families waited.", "Bargaining chips. Pressure."],
        }
    ).to_csv(p, index=False)
    return p


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_score_writes_output_and_meta(tmp_path, small_csv, suffix, capsys):
    out = tmp_path / "res" / f"scores{suffix}"
    assert main(["score", str(small_csv), "--codebook", str(MINI), "-o", str(out)]) == 0
    readers = {
        ".csv": pd.read_csv,
        ".parquet": pd.read_parquet,
        ".jsonl": lambda p: pd.read_json(p, lines=True),
    }
    df = readers[suffix](out)
    assert len(df) == 2
    meta = json.loads(out.with_name(out.name + ".meta.json").read_text())
    assert meta["codebook"] == "mini" and meta["unit"] == "document"
    assert meta["codebook_sha256"] == framing.load_codebook(MINI).sha256
    assert meta["framing_version"] == framing.__version__
    assert "wrote" in capsys.readouterr().out
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_score_sentence_unit(tmp_path, small_csv):
    out = tmp_path / "s.csv"
    assert (
        main(
            ["score", str(small_csv), "--codebook", str(MINI), "--unit", "sentence", "-o", str(out)]
        )
        == 0
    )
    df = pd.read_csv(out)
    assert df["sent_id"].tolist() == [0, 0, 1]
    assert df["leverage"].gt(0).tolist() == [False, True, True]


def test_refuses_to_overwrite_input(small_csv):
    before = small_csv.read_bytes()
    r = run_cli("score", small_csv, "-o", small_csv)
    assert r.returncode == 2
    assert r.stderr.startswith("error: refusing to overwrite the input file")
    assert small_csv.read_bytes() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["score", "no-such-corpus", "-o", "x.csv"],
            "error: no bundled corpus named 'no-such-corpus'",
        ),
        (
            ["score", "pow-exchange-2025", "-o", "x.txt"],
            "error: x.txt: -o must end in .csv, .parquet or .jsonl",
        ),
        (
            ["score", "pow-exchange-2025", "--codebook", "nope", "-o", "x.csv"],
            "error: no codebook named 'nope'",
        ),
        (["show-codebook", "nope"], "error: no codebook named 'nope'"),
        (
            ["score", "pow-exchange-2025"],
            "error: the following arguments are required: -o/--output",
        ),
        (["frobnicate"], "error: argument command: invalid choice"),
        ([], "error: missing command"),
    ],
)
def test_user_errors_are_one_line_exit_2(tmp_path, args, message):
    r = run_cli(*args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(message)
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_listing_commands(capsys):
    assert main(["corpora"]) == 0
    assert "pow-exchange-2025" in capsys.readouterr().out
    assert main(["codebooks"]) == 0
    out = capsys.readouterr().out
    assert "pow-exchange" in out and "generic" in out
    assert main(["show-codebook", "pow-exchange"]) == 0
    shown = capsys.readouterr().out
    assert framing.codebook.codebook_from_yaml(shown) == framing.load_codebook("pow-exchange")


def test_version():
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"framing {framing.__version__}"


def test_bad_corpus_file_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("doc_id,outlet\na,X\n")
    r = run_cli("score", bad, "-o", tmp_path / "o.csv")
    assert r.returncode == 2
    assert r.stderr.strip().startswith(f"error: {bad}: no text column 'text'")


def test_outputs_get_the_usual_file_mode(tmp_path, small_csv):
    import os
    import stat

    out = tmp_path / "s.csv"
    assert main(["score", str(small_csv), "--codebook", str(MINI), "-o", str(out)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_column_and_encoding_flags(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("id,source,body,when\na1,Café,Bargaining chips.,2025-06-09\n".encode("cp1252"))
    out = tmp_path / "o.csv"
    r = run_cli(
        "score",
        src,
        "--codebook",
        MINI,
        "--encoding",
        "cp1252",
        "--text-col",
        "body",
        "--outlet-col",
        "source",
        "--id-col",
        "id",
        "--date-col",
        "when",
        "-o",
        out,
    )
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out)
    assert (
        df.loc[0, "doc_id"] == "a1"
        and df.loc[0, "outlet"] == "Café"
        and df.loc[0, "date"] == "2025-06-09"
    )


def test_multiline_causes_and_output_problems_stay_one_line(tmp_path, small_csv):
    bad = tmp_path / "bad.csv"
    bad.write_text('doc_id,outlet,text\n1,A,"x\n2,B,y\n')
    folder = tmp_path / "adir.csv"
    folder.mkdir()
    for args in (
        ["score", bad, "-o", tmp_path / "o.csv"],
        ["score", small_csv, "--codebook", MINI, "-o", folder],
    ):
        r = run_cli(*args)
        assert r.returncode == 2 and r.stderr.startswith("error: ")
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert ".tmp" not in r.stderr
    assert (
        "adir.csv: it is a folder"
        in run_cli("score", small_csv, "--codebook", MINI, "-o", folder).stderr
    )


def test_warnings_are_one_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("doc_id,outlet,text\na,X,Pressure.\nb,Y,\n")
    r = run_cli("score", src, "--codebook", MINI, "--on-empty", "drop", "-o", tmp_path / "o.csv")
    assert r.returncode == 0
    assert r.stderr.strip() == "warning: dropped 1 article with empty text"
