"""Tests of the bundled notebooks: each runs headless top to bottom, and each is committed clean.

Every ``notebooks/*.ipynb`` is picked up automatically. A notebook runs in a temporary copy of
the notebooks folder, so whatever it writes to ``../out`` (the documented place for a
notebook's files) lands in a temporary folder, not in the repository; ``FRAMING_OUT`` points
at that folder too. Run times are printed, not asserted (see them with ``pytest -s``); the
target is well under 60 s per notebook on a 2-core machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds per cell; generous for slow CI machines
NFC_ENV = "FRAMING_NFC_PATH"  # see framing.datasets.locate_narrative_frames


def _ids(path: Path) -> str:
    return path.name


def _local_narrative_frames() -> Path | None:
    """The Narrative Frames Corpus as the notebooks find it from their own folder, if anywhere."""
    from framing import datasets

    with contextlib.chdir(NOTEBOOK_DIR):
        found = datasets.locate_narrative_frames()
    return None if found is None else found.resolve()


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks found in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, (
        f"{path.name}: code cells {dirty} have outputs or execution counts; clear them before "
        "committing (jupyter nbconvert --clear-output --inplace notebooks/*.ipynb)"
    )
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", (
        f"{path.name}: the kernelspec must be 'python3' so that it runs in any environment"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_runs_top_to_bottom(path: Path, tmp_path: Path, monkeypatch, capsys):
    from framing.notebooks import execute_notebook

    work = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    monkeypatch.setenv("FRAMING_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # The copy cannot see data found relative to the real folder; name it explicitly.
    if not os.environ.get(NFC_ENV) and (data := _local_narrative_frames()) is not None:
        monkeypatch.setenv(NFC_ENV, str(data))

    start = time.perf_counter()
    # Raises nbclient's CellExecutionError, with the failing cell and traceback, on any error.
    executed = execute_notebook(work / path.name, tmp_path / "executed.ipynb", timeout=CELL_TIMEOUT)
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n{path.name}: ran in {elapsed:.1f} s")

    nb = nbformat.read(executed, as_version=4)
    errors = [
        (i, out.get("ename"))
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, f"{path.name}: cells raised errors: {errors}"
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert all(c.get("execution_count") for c in code), f"{path.name}: not every cell ran"
