"""Adversarial inputs and faults: one small test per root cause, fixtures generated here.

Each section names the root cause it guards (hangs, silent wrong results, lost
rows, tracebacks instead of framing errors); nothing here is a committed binary.
"""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import errno
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.errors import DataError, ParameterError


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

# --- 2. wildcard backtracking in cues ---------------------------------------------------------

# --- 3. CLI column renames that collide -------------------------------------------------------

# --- 4. CSV/TSV quoting that swallows rows; duplicate headers ---------------------------------

# --- 5. Parquet/JSONL types: integer dates, float ids, non-text text, inf scores --------------


@pytest.mark.filterwarnings("ignore::framing.errors.FewClustersWarning")
@pytest.mark.parametrize("function", ["compare", "pairwise", "profile_distance"])
def test_infinite_scores_are_refused_naming_column_and_rows(function):
    scores = _scores()
    scores.loc[[1, 4], "leverage"] = [np.inf, -np.inf]
    with pytest.raises(DataError, match=r"'leverage' has 2 infinite value\(s\) \(index \[1, 4\]\)"):
        getattr(framing, function)(scores)


# --- 6. unreadable subfolders of a corpus folder ----------------------------------------------

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

# --- 9. JSON Lines with U+2028 / U+0085 inside strings ------------------------------------------

# --- 10. near_duplicates parameters ---------------------------------------------------------------

# --- 11. coding-sheet ids and spreadsheet formulas (CSV injection) --------------------------------

# --- 12. tracebacks: huge fields, CR line ends, deep JSON, bad seeds, huge n_boot, ... --------------


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


# --- 14. memory of loading and scoring -----------------------------------------------------------
