"""The static HTML report: one call from a corpus to ``index.html``, figures and scores.

:func:`write_report` loads the corpus, runs the study (:mod:`framing.report.study`),
draws the figures (:mod:`framing.report.figures`), renders the page
(:mod:`framing.report.render`) and writes everything into the output folder.

``index.html`` is a single static file: inline CSS, figures embedded as inline
SVG, no JavaScript, nothing loaded from the network, laid out for screens from
phones to print. Every string that comes from the corpus or the codebook is
HTML-escaped (Jinja2 autoescaping, ``markupsafe``).

The output folder is the report's own: a folder that is not empty and holds
no ``.framing-report.json`` marker (which every report writes) is refused
unless ``overwrite=True``, so ``-o .`` never replaces an unrelated
``index.html``. The report is built in a temporary folder inside the output
folder and moved into place file by file, ``index.html`` last, so a failed run
leaves an earlier report untouched; temporary folders of killed runs are
removed by the next run, and files of an earlier report that the new one does
not write are removed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from framing._validation import check_choice, check_int, rng
from framing.errors import DataError, FramingError, os_error_in
from framing.io._files import atomic_write

__all__ = ["write_report", "MARKER"]

MARKER = ".framing-report.json"
_TMP_PREFIX = ".framing-report-"
_TMP_SUFFIX = ".tmp"


def write_report(
    source,
    out_dir: str | os.PathLike,
    *,
    codebook=None,
    by: str = "outlet",
    unit: str = "sentence",
    cluster: str | None = None,
    seed: int | None = 0,
    n_boot: int = 2000,
    n_perm: int = 5000,
    top_terms: int = 15,
    outlet_aliases: Mapping[str, str] | str | None = None,
    load_options: Mapping[str, Any] | None = None,
    reference: pd.DataFrame | None = None,
    overwrite: bool = False,
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
        Folder for ``index.html``, ``scores.csv`` and ``figures/``: a new or
        empty folder, or one that holds an earlier framing report (it has a
        ``.framing-report.json`` marker); anything else needs ``overwrite=True``.
        It may not lie inside the input folder.
    codebook : str, Path or Codebook, optional
        Required unless the corpus declares its codebook (a bundled corpus does).
    by : str, default='outlet'
        Corpus column whose groups are compared (dates are compared by day).
    unit : {'sentence', 'document'}, default='sentence'
        Unit of scoring. Sentences are never treated as independent: intervals
        and tests resample whole clusters.
    cluster : str, optional
        The column whose values are the independent units of the intervals and
        tests (:func:`framing.compare`'s ``cluster``). Default ``'auto'``:
        outlets when ``by`` is the same for every article of an outlet (an
        outlet-level variable such as outlet type or leaning), else articles.
        The report says which, and why, and shows the number of clusters next to
        every interval.
    seed : int, numpy Generator or None, default=0
        Seed of the bootstrap and the permutation test; the same seed (and a
        fixed ``generated``) gives a byte-identical ``index.html``.
    n_boot : int, default=2000
        Bootstrap replicates of :func:`framing.compare`.
    n_perm : int, default=5000
        Permutations per pair of :func:`framing.pairwise`.
    top_terms : int, default=15
        Distinctive terms listed (and coloured in figures) per group.
    outlet_aliases : dict, 'auto' or None, optional
        Outlet spellings to merge (``{variant: name}``, as in
        :func:`framing.load_corpus`), or ``'auto'`` to merge the spellings
        :func:`framing.suggest_outlet_aliases` finds. The merges are listed in the
        report and returned.
    load_options : dict, optional
        Further arguments of :func:`framing.load_corpus` (``text_col``,
        ``outlet_col``, ``id_col``, ``date_col``, ``encoding``, ``on_empty`` …).
    reference : DataFrame, optional
        A reference coding with a ``lang`` column (``doc_id``, ``text``,
        ``lang`` and a 0/1 column per frame, as
        :func:`framing.load_reference_coding` gives with ``lang="all"``). When
        the corpus is in several languages the report validates each language's
        cues against it (:func:`framing.validate_by_language`; only the
        held-out sentences where a ``half`` column marks them), because cue
        lists in different languages are different instruments. Default: the
        reference coding of a bundled corpus; none for other sources, and the
        report says the languages' cues are unvalidated.
    overwrite : bool, default=False
        Write into a non-empty folder that is not a framing report.
    generated : str or datetime, optional
        Date shown as "generated"; default: now, in UTC.
    progress : bool, optional
        Show a tqdm progress bar over the steps; default: in notebooks and
        terminals, not when output goes to a file or a log.

    Returns
    -------
    dict
        ``index`` (Path of ``index.html``), ``scores`` (Path of ``scores.csv``,
        one row per sentence or document), ``figures`` (list of Paths, each
        figure as .pdf, .svg and .png) and ``aliases`` (the outlet spellings
        merged, ``{variant: name}``).

    Raises
    ------
    FramingError
        A source that cannot be read, an unknown ``by`` or ``cluster`` column
        or ``unit``, fewer than two groups, ``out_dir`` inside the input or not
        the report's own, a reference coding without the columns it needs, a
        folder that cannot be written (full disk, no permission), each naming
        what to change.

    Warns
    -----
    UserWarning
        Groups with a single article; warnings of the statistics (e.g. few
        clusters), which the report also shows.

    Examples
    --------
    >>> paths = write_report("pow-exchange-2025", "out/report")  # doctest: +SKIP
    >>> paths["index"]  # doctest: +SKIP
    PosixPath('out/report/index.html')
    """
    import framing
    from framing.report.study import Settings, analyse

    check_choice("unit", unit, ("sentence", "document"))
    n_boot = check_int("n_boot", n_boot, 0)
    n_perm = check_int("n_perm", n_perm, 1)
    top_terms = check_int("top_terms", top_terms, 1)
    rng(seed)  # a bad seed fails now, not after the scoring
    options = dict(load_options or {})
    with warnings.catch_warnings(record=True) as reading:  # given once, from the last reading
        warnings.simplefilter("always")
        corpus = framing.load_corpus(source, **options)
    aliases: dict[str, str] = {}
    if isinstance(outlet_aliases, str):
        if outlet_aliases != "auto":
            raise DataError(
                f"outlet_aliases must be a dict {{variant: name}} or 'auto', not {outlet_aliases!r}"
            )
        aliases = framing.suggest_outlet_aliases(corpus)
    elif outlet_aliases:
        aliases = {str(k): str(v) for k, v in dict(outlet_aliases).items()}
    if aliases:
        found = set(corpus["outlet"].astype(str)) if "outlet" in corpus.columns else set()
        aliases = {k: v for k, v in aliases.items() if k in found and k != v}
    if aliases:
        corpus = framing.load_corpus(source, outlet_aliases=aliases, **options)
    else:
        for w in reading:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    out = Path(out_dir)
    _refuse_inside_input(out, source, corpus)
    if out.exists() and not out.is_dir():
        raise FramingError(f"{out} is a file; the report needs a folder (-o DIR)")
    if not isinstance(by, str) or by not in corpus.columns:
        raise DataError(
            f"by={by!r} is not a column of the corpus (columns: "
            f"{', '.join(map(str, corpus.columns))}); pass by= one of them, e.g. 'outlet'"
        )
    book = framing.codebook.resolve_codebook(codebook, corpus)
    if reference is None:
        reference = _bundled_reference(source, book)
    elif not isinstance(reference, pd.DataFrame):
        raise DataError(
            f"reference must be a DataFrame (a reference coding with a lang column, e.g. "
            f"framing.load_reference_coding(name, lang='all')), not {type(reference).__name__}"
        )
    if cluster is not None and cluster != "auto" and cluster not in corpus.columns:
        raise DataError(
            f"cluster={cluster!r} is not a column of the corpus (columns: "
            f"{', '.join(map(str, corpus.columns))}); pass --cluster one of them, or leave it "
            "out to let framing choose (outlets for outlet-level groups, else articles)"
        )
    settings = Settings(
        by=by,
        unit=unit,
        seed=seed,
        n_boot=n_boot,
        n_perm=n_perm,
        top_terms=top_terms,
        cluster=cluster or "auto",
    )
    _check_folder(out, overwrite=overwrite)

    from framing._progress import bar as progress_bar

    bar = progress_bar(progress=progress, total=7, desc="report", unit="step")

    def step(name: str) -> None:
        if bar.n or name != "scoring":
            bar.update()
        bar.set_description(f"report: {name}")

    try:
        study = analyse(corpus, book, settings, step=step, reference=reference)
        study.aliases = aliases
        step("figures")
        written = _write(out, study, source=source, generated=generated)
        bar.update(bar.total - bar.n)
    finally:
        bar.close()
    return {
        "index": out / "index.html",
        "figures": [out / f for f in written if f.startswith("figures/")],
        "scores": out / "scores.csv",
        "aliases": aliases,
    }


def _bundled_reference(source, book) -> pd.DataFrame | None:
    """A bundled corpus's reference coding in all its languages, if it codes ``book``'s frames."""
    import framing
    from framing.errors import CodingError

    if not isinstance(source, str) or source not in framing.list_corpora():
        return None
    try:
        reference = framing.load_reference_coding(source, lang="all")
    except (CodingError, OSError):
        return None
    return reference if set(book.frame_names) <= set(reference.columns) else None


def _refuse_inside_input(out: Path, source, corpus: pd.DataFrame) -> None:
    """Raise if ``out`` is, or lies inside, the file or folder the corpus was read from."""
    inputs = [corpus.attrs.get("framing", {}).get("source")]
    if isinstance(source, str | os.PathLike):
        inputs.append(source)
    target = out.resolve()
    for item in inputs:
        if not isinstance(item, str | os.PathLike) or not Path(item).exists():
            continue
        src = Path(item).resolve()
        if target == src or src in target.parents:
            raise FramingError(
                f"refusing to write the report into the input {src}; choose an output folder outside it"
            )


def _check_folder(out: Path, *, overwrite: bool) -> None:
    """Refuse a non-empty folder that is not a framing report (unless ``overwrite``)."""
    if not out.is_dir() or overwrite or (out / MARKER).is_file():
        return
    try:
        entries = [p.name for p in out.iterdir() if not _is_our_tmp(p)]
    except OSError as exc:
        raise FramingError(f"cannot read the output folder {out}: {exc.strerror or exc}") from None
    if entries:
        shown = ", ".join(sorted(entries)[:4]) + (" …" if len(entries) > 4 else "")
        raise FramingError(
            f"{out} is not empty ({shown}) and is not a framing report (it has no {MARKER}); "
            "choose a new or empty folder with -o, or pass --overwrite (overwrite=True) to "
            "write the report's files into it anyway"
        )


def _is_our_tmp(path: Path) -> bool:
    return path.name.startswith(_TMP_PREFIX) and path.name.endswith(_TMP_SUFFIX)


def _write(out: Path, study, *, source, generated) -> list[str]:
    """Write the report's files into ``out``; return their paths relative to ``out``."""
    from framing._version import __version__
    from framing.report.figures import draw
    from framing.report.render import render

    tmp = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.iterdir():  # left by killed runs
            if _is_our_tmp(stale) and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, suffix=_TMP_SUFFIX, dir=out))
        previous = _previous_files(out)
        figures = draw(study, tmp / "figures")
        study.scores.to_csv(tmp / "scores.csv", index=False, date_format="%Y-%m-%d")
        page = render(study, figures, source=source, generated=generated)
        (tmp / "index.html").write_text(page, encoding="utf-8")
        files = [f.relative_to(tmp).as_posix() for fig in figures for f in fig.files]
        files += ["scores.csv", "index.html"]  # index last: it marks a complete report
        marker = {"framing_version": __version__, "files": files}
        atomic_write(out / MARKER, lambda p: p.write_text(json.dumps(marker, indent=1) + "\n"))
        (out / "figures").mkdir(exist_ok=True)
        for rel in files:
            os.replace(tmp / rel, out / rel)
        for rel in sorted(previous - set(files)):  # an earlier report's figures of other groups
            if rel.startswith("figures/"):
                (out / rel).unlink(missing_ok=True)
        return files
    except (OSError, FramingError) as exc:
        cause = exc if isinstance(exc, OSError) else os_error_in(exc)
        if cause is None:
            raise
        reason = cause.strerror or str(cause)
        raise FramingError(
            f"cannot write the report into {out}: {reason}; "
            + (
                "free some space or choose another folder with -o"
                if getattr(cause, "errno", None) in (28, 122)  # ENOSPC, EDQUOT
                else "choose a folder you can write to with -o"
            )
        ) from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _previous_files(out: Path) -> set[str]:
    """The files an earlier report in ``out`` wrote, from its marker."""
    try:
        recorded = json.loads((out / MARKER).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {
        str(f)
        for f in recorded
        if isinstance(f, str) and ".." not in Path(f).parts and not Path(f).is_absolute()
    }
