"""The static HTML report: one call from a corpus to ``index.html``, figures and scores.

:func:`write_report` runs the study a reader of a comparative framing paper
expects, using only framing's public functions: it scores the corpus
(:func:`framing.score`), estimates each group's frame profile with
cluster-bootstrap intervals (:func:`framing.compare`), tests every pair of
groups (:func:`framing.pairwise`), finds each group's distinctive words
(:func:`framing.distinctive_terms`), and shows the passages behind the
strongest differences (:func:`framing.kwic`, :func:`framing.highlight`).
Figures come from :mod:`framing.plot` and are written as PDF, SVG and PNG.

``index.html`` is a single static file: inline CSS, figures embedded (inline
SVG, or a base64 PNG where that is smaller), no JavaScript, nothing loaded
from the network, and laid out to print. Every string that comes from the
corpus or the codebook is HTML-escaped: the page is built from
:class:`_Html` pieces, and anything that is not one is escaped on the way in.
The report is built in a temporary sibling folder and moved into place file by
file, ``index.html`` last, so a failed run leaves an earlier report untouched.
"""

from __future__ import annotations

import base64
import html
import os
import platform
import re
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import DataError, FramingError

__all__ = ["write_report"]

_DPI = 150  # PNG resolution: sharp on screen, small in the page
_TOP_PAIRS = 12  # rows of the pairwise table
_EVIDENCE = 3  # strongest differences shown with passages
_KWIC_LINES = 8  # keyword-in-context lines per difference (at most 2 per article)
_SNIPPETS = 2  # highlighted sentences per difference
_KWIC_WINDOW = 8
_STOPWORDS = "english"  # distinctive terms without function words
_NOT_METADATA = {"doc_id", "date", "title", "text", "sent_id", "start", "end"}


def write_report(
    source,
    out_dir: str | os.PathLike,
    *,
    codebook="pow-exchange",
    by: str = "outlet",
    unit: str = "sentence",
    seed: int | None = 0,
    n_boot: int = 2000,
    n_perm: int = 5000,
    top_terms: int = 15,
    generated: str | datetime | None = None,
    progress: bool | None = None,
) -> dict[str, Any]:
    """Write a self-contained HTML report comparing the groups of a corpus.

    Parameters
    ----------
    source : str, Path or DataFrame
        Anything :func:`framing.load_corpus` accepts: a bundled corpus name, a
        folder, a table file or a DataFrame. It is only read.
    out_dir : str or path-like
        Folder for ``index.html``, ``scores.csv`` and ``figures/`` (created if
        missing; files of an earlier report are replaced). It may not lie
        inside the input folder.
    codebook : str, Path or Codebook, default='pow-exchange'
    by : str, default='outlet'
        Corpus column whose groups are compared.
    unit : {'sentence', 'document'}, default='sentence'
        Unit of scoring. Sentences are never treated as independent: intervals
        and tests resample whole articles.
    seed : int or None, default=0
        Seed of the bootstrap and the permutation test; the same seed (and a
        fixed ``generated``) gives a byte-identical ``index.html``.
    n_boot : int, default=2000
        Bootstrap replicates of :func:`framing.compare`.
    n_perm : int, default=5000
        Permutations per pair of :func:`framing.pairwise`.
    top_terms : int, default=15
        Distinctive terms listed (and labelled in figures) per group.
    generated : str or datetime, optional
        Date shown as "generated"; default: now, in UTC.
    progress : bool, optional
        Show a tqdm progress bar over the steps; default: on a terminal only.

    Returns
    -------
    dict
        ``index`` (Path of ``index.html``), ``scores`` (Path of ``scores.csv``,
        one row per sentence or document) and ``figures`` (list of Paths, each
        figure as .pdf, .svg and .png).

    Raises
    ------
    FramingError
        A source that cannot be read, an unknown ``by`` column or ``unit``,
        fewer than two groups, or ``out_dir`` inside the input.

    Examples
    --------
    >>> paths = write_report("pow-exchange-2025", "out/report")  # doctest: +SKIP
    >>> paths["index"]  # doctest: +SKIP
    PosixPath('out/report/index.html')
    """
    import framing

    if unit not in ("sentence", "document"):
        raise DataError(f"unit must be 'sentence' or 'document', not {unit!r}")
    corpus = framing.load_corpus(source)
    out = Path(out_dir)
    _refuse_inside_input(out, source, corpus)
    if not isinstance(by, str) or by not in corpus.columns:
        raise DataError(
            f"by={by!r} is not a column of the corpus (columns: {', '.join(map(str, corpus.columns))}); "
            "pass by= one of them, e.g. 'outlet'"
        )
    book = framing.load_codebook(codebook)
    settings = {"by": by, "unit": unit, "seed": seed, "n_boot": n_boot, "n_perm": n_perm}
    settings["top_terms"] = top_terms

    from tqdm.auto import tqdm

    bar = tqdm(total=6, desc="report", unit="step", disable=None if progress is None else not progress)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        study = _analyse(corpus, book, settings, bar)
        bar.set_description("report: figures")
        figures = _draw(study, tmp / "figures", top_terms)
        bar.update()
        bar.set_description("report: writing")
        study["scores"].to_csv(tmp / "scores.csv", index=False, date_format="%Y-%m-%d")
        page = _page(study, figures, source=source, generated=generated)
        (tmp / "index.html").write_text(page, encoding="utf-8")
        files = [f.relative_to(tmp) for fig in figures for f in fig["files"]]
        files += [Path("scores.csv"), Path("index.html")]  # index last: it marks a complete report
        (out / "figures").mkdir(parents=True, exist_ok=True)
        for rel in files:
            os.replace(tmp / rel, out / rel)
        bar.update()
    finally:
        bar.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "index": out / "index.html",
        "figures": [out / f for f in files[:-2]],
        "scores": out / "scores.csv",
    }


def _refuse_inside_input(out: Path, source, corpus: pd.DataFrame) -> None:
    """Raise if ``out`` is, or lies inside, the file or folder the corpus was read from."""
    inputs = [corpus.attrs.get("framing", {}).get("source")]
    if isinstance(source, str | os.PathLike):
        inputs.append(source)
    target = out.resolve()
    for item in inputs:
        if item is None or not Path(item).exists():
            continue
        src = Path(item).resolve()
        if target == src or src in target.parents:
            raise FramingError(
                f"refusing to write the report into the input {src}; choose an output folder outside it"
            )


# --------------------------------------------------------------------------- analysis


def _analyse(corpus: pd.DataFrame, book, settings: dict, bar) -> dict[str, Any]:
    """Every table the page shows, computed by framing's public functions."""
    import framing

    by, seed = settings["by"], settings["seed"]
    bar.set_description("report: scoring")
    sents = framing.sentences(corpus)
    scored = sents if settings["unit"] == "sentence" else corpus
    scores = framing.score(scored, book, unit=settings["unit"])
    bar.update()
    bar.set_description("report: profiles")
    table = framing.compare(scores, by, n_boot=settings["n_boot"], seed=seed)
    distance = framing.profile_distance(scores, by)
    bar.update()
    bar.set_description("report: pairwise tests")
    pairs = framing.pairwise(scores, by, n_perm=settings["n_perm"], seed=seed)
    # Strongest first: smallest adjusted p, then smallest p, then largest |effect|.
    ranked = pairs[pairs["difference"] != 0].assign(_size=lambda d: -d["effect_size"].abs())
    ranked = ranked.sort_values(["p_adj", "p", "_size"], kind="stable").drop(columns="_size")
    bar.update()
    bar.set_description("report: distinctive terms")
    terms = framing.distinctive_terms(corpus, by, top=None, stopwords=_STOPWORDS)
    bar.update()
    bar.set_description("report: evidence")
    evidence = _evidence(ranked, sents, book, by)
    bar.update()
    return {
        "corpus": corpus,
        "sentences": sents,
        "scores": scores,
        "table": table,
        "distance": distance,
        "pairs": pairs,
        "ranked": ranked,
        "terms": terms,
        "evidence": evidence,
        "book": book,
        "settings": settings,
    }


def _evidence(ranked: pd.DataFrame, sents: pd.DataFrame, book, by: str) -> list[dict]:
    """KWIC lines and highlighted sentences for the strongest distinct (frame, group) pairs."""
    import framing

    found, seen = [], set()
    for row in ranked.itertuples(index=False):
        high, low = (row.group_a, row.group_b) if row.difference > 0 else (row.group_b, row.group_a)
        if (row.frame, high) in seen:
            continue
        seen.add((row.frame, high))
        lines = framing.kwic(
            sents[sents[by] == high], frame=row.frame, codebook=book, window=_KWIC_WINDOW
        )
        per_sentence = lines.groupby(["doc_id", "sent_id"], sort=False).size()
        best = per_sentence.sort values if False else per_sentence  # placeholder
        found.append({"row": row, "high": high, "low": low, "kwic": lines})
        if len(found) == _EVIDENCE:
            break
    return found
