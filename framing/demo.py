"""The job behind ``make demo``: score the bundled corpus and write every output.

Writes ``OUT/scores.csv`` (one row per article), ``OUT/sentences.csv`` (one
row per sentence), each with a ``.meta.json`` provenance file, the HTML
report with its figures in ``OUT/report/`` and executed copies of the bundled
notebooks in ``OUT/notebooks/``; then prints what it wrote.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from framing.io.outputs import meta_path, write_scores

CORPUS = "pow-exchange-2025"
CODEBOOK = "pow-exchange"


def _write_scores(scores, path: Path) -> list[Path]:
    write_scores(scores, path, source=CORPUS)
    return [path, meta_path(path)]


def run(out: Path, *, notebooks: bool = True) -> list[Path]:
    """Run the demo job into folder ``out``; return the paths written."""
    import framing

    out = Path(out)
    corpus = framing.load_corpus(CORPUS)
    written = _write_scores(framing.score(corpus, CODEBOOK), out / "scores.csv")
    written += _write_scores(
        framing.score(corpus, CODEBOOK, unit="sentence"), out / "sentences.csv"
    )
    from framing.report import write_report

    # OUT/report is the demo's own folder, also when an older framing wrote it without a marker
    paths = write_report(CORPUS, out / "report", codebook=CODEBOOK, overwrite=True)
    written += [paths["index"], paths["scores"], *paths["figures"]]
    if notebooks:
        from framing.notebooks import execute_notebooks

        nb_dir = Path(__file__).resolve().parent.parent / "notebooks"
        if nb_dir.is_dir():
            written += execute_notebooks(nb_dir, out / "notebooks")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m framing.demo", description=__doc__)
    parser.add_argument("--out", default="out", help="output folder (default: out)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip executing the notebooks")
    args = parser.parse_args(argv)
    try:
        written = run(Path(args.out), notebooks=not args.no_notebooks)
    except framing_error() as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"framing demo: wrote {len(written)} files")
    for p in written:
        print(f"  {p}")
    return 0


def framing_error():
    from framing.errors import FramingError

    return FramingError


if __name__ == "__main__":
    sys.exit(main())
