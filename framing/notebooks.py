"""Executing the bundled notebooks headless (for ``make demo`` and the tests)."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["execute_notebook", "execute_notebooks"]


def execute_notebook(path: Path, out: Path | None = None, *, timeout: int = 300) -> Path | None:
    """Run one notebook top to bottom in its own folder; optionally save the executed copy.

    Raises ``nbclient.exceptions.CellExecutionError`` on the first failing cell.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    # The kernel's own stderr only carries ipykernel start-up chatter; cell errors
    # arrive as messages and raise CellExecutionError.
    client.execute(stderr=subprocess.DEVNULL)
    if out is not None:
        from framing.io._files import atomic_write

        atomic_write(Path(out), lambda p: nbformat.write(nb, str(p)))
    return out


def execute_notebooks(folder: Path, out_dir: Path) -> list[Path]:
    """Execute every ``*.ipynb`` in ``folder``, writing executed copies to ``out_dir``."""
    from tqdm.auto import tqdm

    paths = sorted(Path(folder).glob("*.ipynb"))
    written = []
    for nb in tqdm(paths, desc="notebooks", unit="nb"):
        path = execute_notebook(nb, Path(out_dir) / nb.name)
        if path is not None:
            written.append(path)
    return written
