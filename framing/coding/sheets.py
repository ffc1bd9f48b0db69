"""Coding sheets: written for human coders beside the codebook, read back with every bad cell named."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import CodingError, DataError, counted
from framing.io._files import EncodingProblem, read_text, write_text

__all__ = ["write_coding_sheet", "read_coding_sheet", "concat_codings", "ID_COLUMNS"]

ID_COLUMNS = ("doc_id", "sent_id")
_TEXT, _NOTES = "text", "notes"
_TRUE, _FALSE = {"1", "1.0"}, {"0", "0.0"}
# OWASP "CSV injection": a cell starting with one of these is a formula to a spreadsheet
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SENT_ID_RX = re.compile(r"^[0-9]{1,18}$")


def neutralise_formula(value):
    """Prefix a cell that a spreadsheet would run as a formula with ``'`` (OWASP CSV injection).

    Excel, LibreOffice and Google Sheets treat a cell starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return as a formula
    (``=HYPERLINK(...)``, ``=cmd|...``); the leading apostrophe makes it text,
    and :func:`read_coding_sheet` removes it again from ids.

    Examples
    --------
    >>> print(neutralise_formula('=HYPERLINK("http://x", "click")'))
    '=HYPERLINK("http://x", "click")
    >>> neutralise_formula("-1 said the minister"), neutralise_formula("plain")
    ("'-1 said the minister", 'plain')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _restore(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def write_coding_sheet(
    sample: pd.DataFrame,
    codebook,
    path: str | os.PathLike,
    *,
    text_col: str = "text",
    overwrite: bool = False,
) -> tuple[Path, Path]:
    """Write a CSV coding sheet and a Markdown file with the frame definitions beside it.

    Parameters
    ----------
    sample : DataFrame
        Units to code, with ``doc_id`` (and ``sent_id`` for sentences) and the text.
    codebook : Codebook or str
        A :func:`framing.load_codebook` result, or a name or path to load.
    path : path-like
        Where the CSV goes (``.csv``); the definitions go to the same name with ``.md``.
    text_col : str, default='text'
        Column holding the text coders read.
    overwrite : bool, default=False
        Replace existing files; by default an existing sheet is never touched, since it may
        hold a coder's work.

    Returns
    -------
    (Path, Path)
        The CSV and the Markdown file.

    Notes
    -----
    The CSV (UTF-8 with a byte-order mark, so that Excel on Windows shows accented and
    Cyrillic letters) has the id columns, ``text``, one empty column per frame (named as the
    frame) and an empty ``notes`` column for the coder's remarks: the frame columns are the
    ones between ``text`` and ``notes``, which is how :func:`read_coding_sheet` finds them.
    Cells that a spreadsheet would run as formulas (starting with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return: ``=HYPERLINK(...)`` in an article) are written with a
    leading apostrophe, as OWASP advises against CSV injection
    (:func:`neutralise_formula`); ids get it back off when the sheet is read.
    Coders enter 1 where the frame is present and 0 where it is absent. No outlet or other
    metadata is written, so coders code blind to the source. Both files are written to a
    temporary file in the target directory and moved into place (:func:`os.replace`), so a
    crash never leaves half a sheet; they get the usual mode of new files (``0o666`` less the
    umask), not the private mode of temporary files.
    """
    from framing.codebook import load_codebook

    book = load_codebook(codebook)
    csv_path = Path(path)
    if csv_path.suffix.lower() != ".csv":
        raise CodingError(
            f"coding sheets are CSV files: give a path ending in .csv, not {csv_path.name!r}."
        )
    md_path = csv_path.with_suffix(".md")
    if not overwrite:
        for existing in (csv_path, md_path):
            if existing.exists():
                raise CodingError(
                    f"{existing} already exists and may hold coders' work; choose another path "
                    "or pass overwrite=True."
                )
    ids = [c for c in ID_COLUMNS if c in sample.columns]
    if "doc_id" not in ids:
        raise DataError(
            f"the sample needs a 'doc_id' column to identify units; it has {list(sample.columns)}."
        )
    if text_col not in sample.columns:
        raise DataError(
            f"the sample has no text column {text_col!r}; it has {list(sample.columns)}. Sample "
            "from articles or sentences (not scores), or pass text_col=."
        )
    frames = list(book.frame_names)
    clash = sorted(set(frames) & {*ids, _TEXT, _NOTES, "coder"})
    if clash:
        raise CodingError(
            f"frame names {clash} clash with the sheet's own columns; rename the frames."
        )
    if sample[ids].duplicated().any():
        raise DataError(f"the sample repeats ids in {ids}; every unit must appear once on a sheet.")
    sheet = sample[ids].copy()
    sheet[_TEXT] = sample[text_col]
    for column in [*ids, _TEXT]:
        sheet[column] = sheet[column].map(neutralise_formula)
    for column in [*frames, _NOTES]:
        sheet[column] = ""
    write_text(csv_path, sheet.to_csv(index=False, lineterminator="\n"), encoding="utf-8-sig")
    write_text(md_path, _instructions(book, csv_path.name, len(sheet)))
    return csv_path, md_path


def _instructions(book, sheet_name: str, n_units: int) -> str:
    """The sheet's own instructions, then the codebook's coding guide."""
    header = [
        f"# Coding sheet {sheet_name}",
        "",
        f"Codebook {book.name} {book.version} (sha256 {book.sha256[:12]}). The sheet has "
        f"{counted(n_units, 'unit')}. For every unit and frame enter **1** if the text carries the frame and **0** if "
        "it does not; leave no frame cell empty. Do not edit the id or text columns; write doubts "
        "in `notes`. Save as CSV in UTF-8 (in Excel: *CSV UTF-8*).",
        "",
    ]
    return "\n".join(header) + "\n" + book.to_markdown()


def read_coding_sheet(
    path: str | os.PathLike,
    *,
    coder: str | None = None,
    frames: str | Sequence[str] | None = None,
    codebook=None,
    allow_missing: bool = False,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read a filled coding sheet, rejecting every cell that is not 0 or 1.

    Parameters
    ----------
    path : path-like
        A CSV written by :func:`write_coding_sheet` and filled by a coder, also as saved by
        a spreadsheet: separated by commas or semicolons (Excel in German, French and many
        other locales), or an Excel workbook (``.xlsx``, first sheet).
    coder : str, optional
        Name of the coder; adds a ``coder`` column (needed to combine sheets for
        :func:`framing.reliability.report`).
    frames : str or list of str, optional
        Frame columns to read; every one must be on the sheet. Default: the frames of
        ``codebook`` if given, else the columns between ``text`` and ``notes``, where
        :func:`write_coding_sheet` puts them (see Notes).
    codebook : Codebook or str, optional
        The codebook the sheet was written from (object, name or path): every one of its frames
        must have a column on the sheet. With ``frames``, those must be frames of the codebook.
    allow_missing : bool, default=False
        By default an empty frame cell is an error (the coder skipped it). With ``True`` empty
        cells are kept as missing (``<NA>``).
    encoding : str, default='utf-8'
        Text encoding of the file (a UTF-8 byte-order mark is accepted).

    Returns
    -------
    DataFrame
        ``doc_id`` (str), ``sent_id`` (int, if on the sheet), ``coder`` (if given), then one
        column per frame: ``int64`` 0/1, or nullable ``Int64`` with ``allow_missing=True``.
        ``attrs["framing"]["frames"]`` lists the frames. The layout (ids, ``coder``, then
        only the 0/1 frame columns) lets :func:`framing.reliability.report` find the frames
        again after ``pd.concat`` of several coders' sheets; :func:`concat_codings` combines
        them and keeps the record.

    Raises
    ------
    CodingError
        Naming the file, the line (1-based, as a text editor counts them) and the column of
        each bad cell, and saying what to enter instead; also for a file that is not in
        ``encoding`` (naming the line of the first undecodable byte), lacks ``doc_id`` or an
        expected frame column (``frames``/``codebook``), or repeats a unit.

    Notes
    -----
    Without ``frames`` and ``codebook`` the frame columns are inferred from the layout of
    :func:`write_coding_sheet`: the columns after ``text`` and before ``notes`` (all columns
    after the ids when there is no ``text``, up to the last one when there is no ``notes``).
    Columns after ``notes`` — remarks a coder added at the end — are ignored. A frame column a
    coder deleted cannot be noticed this way: pass ``codebook=`` (or ``frames=``) to check that
    every expected frame is on the sheet.
    """
    sheet = Path(path)
    header, records = _read_csv(sheet, encoding)
    ids = [c for c in ID_COLUMNS if c in header]
    if "doc_id" not in ids:
        raise CodingError(
            f"{sheet}: no 'doc_id' column in the header {header}; was it renamed or deleted?"
        )
    if len(set(header)) != len(header):
        raise CodingError(f"{sheet}: the header repeats a column name: {header}.")
    frames, inferred = _sheet_frames(sheet, header, ids, frames, codebook)
    position = {name: header.index(name) for name in [*ids, *frames]}
    problems, rows = [], []
    for line, fields in records:
        if len(fields) != len(header):
            problems.append(
                f"line {line}: {counted(len(fields), 'field')} where the header has "
                f"{len(header)} (a stray comma or quote?)"
            )
            continue
        row: dict[str, object] = {c: fields[position[c]] for c in ids}
        for frame in frames:
            cell = fields[position[frame]].strip()
            if cell in _TRUE:
                row[frame] = 1
            elif cell in _FALSE:
                row[frame] = 0
            elif cell == "" and allow_missing:
                row[frame] = pd.NA
            elif cell == "":
                problems.append(f"line {line}, column {frame!r}: empty — enter 1 or 0")
            else:
                problems.append(
                    f"line {line}, column {frame!r}: {cell!r} — enter 1 (present) or 0 (absent)"
                )
        rows.append((line, row))
    if problems:
        shown = "; ".join(problems[:5])
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        hint = (
            "" if allow_missing else " (or pass allow_missing=True to keep empty cells as missing)"
        )
        if inferred:
            hint += (
                f". The frame columns {frames} were taken as those between 'text' and 'notes'; "
                "move a column that is not a frame after 'notes', or pass frames= or codebook="
            )
        raise CodingError(
            f"{sheet}: {counted(len(problems), 'malformed cell')}: {shown}{more}. "
            f"Fix the sheet{hint}."
        )
    table = pd.DataFrame([row for _, row in rows], columns=[*ids, *frames])
    table["doc_id"] = table["doc_id"].map(lambda v: _restore(str(v).strip()))
    if "sent_id" in ids:
        values = [str(v).strip() for v in table["sent_id"]]
        for i, value in enumerate(values):
            if not _SENT_ID_RX.match(value):
                raise CodingError(
                    f"{sheet}: line {rows[i][0]}, column 'sent_id': {value!r} is not a sentence "
                    "number (a whole number from 0, as the blank sheet has it); restore it from "
                    "the original sheet."
                )
        table["sent_id"] = np.array([int(v) for v in values], dtype=np.int64)
    repeated = table.duplicated(ids, keep=False)
    if repeated.any():
        lines = [rows[i][0] for i in np.flatnonzero(repeated)[:5]]
        raise CodingError(
            f"{sheet}: the same unit appears more than once (lines {lines}); keep one row per unit."
        )
    dtype = "Int64" if allow_missing else "int64"
    table[frames] = table[frames].astype(dtype)
    if coder is not None:
        table.insert(len(ids), "coder", coder)
    # the same record for every sheet of a study, so that pd.concat keeps it
    table.attrs["framing"] = {"frames": list(frames)}
    return table


def concat_codings(codings: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Stack coding tables (one per coder) into one, keeping the frames they share.

    Parameters
    ----------
    codings : list of DataFrame
        Tables from :func:`read_coding_sheet` (with ``coder=``), or any tables with
        ``doc_id`` (and ``sent_id``), ``coder`` and 0/1 frame columns.

    Returns
    -------
    DataFrame
        The rows of all tables, with ``attrs["framing"]["frames"]`` listing the frames
        coded on every table, ready for :func:`framing.reliability.report`.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"doc_id": ["d1", "d2"], "coder": "a", "war": [1, 0]})
    >>> b = pd.DataFrame({"doc_id": ["d1", "d2"], "coder": "b", "war": [1, 1]})
    >>> both = concat_codings([a, b])
    >>> both.attrs["framing"]["frames"], len(both)
    (['war'], 4)
    """
    from framing import _provenance

    if isinstance(codings, pd.DataFrame) or not len(codings):
        raise CodingError("concat_codings takes a list of coding tables, e.g. [sheet_a, sheet_b]")
    frame_lists = []
    for i, table in enumerate(codings):
        if not isinstance(table, pd.DataFrame):
            raise CodingError(f"item {i} is a {type(table).__name__}, not a coding table")
        if "coder" not in table.columns:
            raise CodingError(
                f"coding table {i} has no 'coder' column; read each sheet with "
                "read_coding_sheet(path, coder='name')"
            )
        frame_lists.append(_provenance.frame_columns(table))
    shared = [f for f in frame_lists[0] if all(f in fl for fl in frame_lists[1:])]
    if not shared:
        raise CodingError(f"the coding tables share no frame column (their frames: {frame_lists})")
    out = pd.concat(list(codings), ignore_index=True)
    out.attrs["framing"] = {"frames": shared}
    return out


def _sheet_frames(
    sheet: Path, header: list[str], ids: list[str], frames, codebook
) -> tuple[list[str], bool]:
    """The frame columns to read, and whether they were inferred from the layout."""
    expected = None
    if codebook is not None:
        from framing.codebook import load_codebook

        book = load_codebook(codebook)
        expected = list(book.frame_names)
    if frames is not None:
        frames = [frames] if isinstance(frames, str) else list(frames)
        if expected is not None:
            unknown = [f for f in frames if f not in expected]
            if unknown:
                raise CodingError(
                    f"frames= names {unknown}, which are not frames of codebook {book.name!r} "
                    f"(its frames: {expected})."
                )
        expected = frames
    if expected is not None:
        if not expected:
            raise CodingError("frames= is empty; name at least one frame column.")
        absent = [f for f in expected if f not in header]
        if absent:
            raise CodingError(
                f"{sheet}: no column for frame(s) {absent}; the header is {header}. Was a column "
                "deleted or renamed? Restore it from the blank sheet of write_coding_sheet."
            )
        return expected, False
    start = header.index(_TEXT) + 1 if _TEXT in header else 0
    stop = header.index(_NOTES) if _NOTES in header[start:] else len(header)
    inferred = [c for c in header[start:stop] if c not in {*ids, _TEXT, "coder"} and c]
    if not inferred:
        raise CodingError(
            f"{sheet}: no frame columns between 'text' and 'notes' in the header {header}; "
            "pass frames= or codebook= to name them."
        )
    return inferred, True


def _read_csv(sheet: Path, encoding: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (first line number, fields) of each record; records may span lines."""
    if not sheet.is_file():
        raise CodingError(f"{sheet}: no such coding sheet.")
    if sheet.suffix.lower() == ".xlsx":
        return _read_xlsx(sheet)
    try:
        text = read_text(sheet, encoding)
    except EncodingProblem as problem:
        raise CodingError(
            f"{sheet}: not readable as {problem.encoding} (line {problem.line}: byte "
            f"{problem.byte:#04x} at file position {problem.offset}). "
            "Spreadsheets often save plain 'CSV' in a local encoding: "
            "save as 'CSV UTF-8', or pass encoding='cp1252' (or the file's encoding)."
        ) from None
    except LookupError:
        raise CodingError(
            f"unknown encoding {encoding!r}; use a codec name such as 'utf-8'"
        ) from None
    except OSError as exc:
        raise CodingError(f"{sheet}: cannot read the sheet ({exc.strerror or exc}).") from None
    from framing.io.tables import _sniff_separator

    if not text.strip():
        raise CodingError(f"{sheet}: the file is empty; it should start with a header row.")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_separator(text))
        header = next(reader, None)
        if header is None:
            raise CodingError(f"{sheet}: the file is empty; it should start with a header row.")
        records, last = [], reader.line_num
        for fields in reader:
            if any(field.strip() for field in fields):
                records.append((last + 1, fields))
            last = reader.line_num
    except csv.Error as error:
        raise CodingError(
            f"{sheet}: not a well-formed CSV file ({error}); re-export it from the spreadsheet."
        ) from None
    return [name.strip() for name in header], records


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(sheet: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The first worksheet of a workbook, as the CSV reader gives it (row numbers as in Excel)."""
    try:
        import openpyxl
    except ImportError:
        raise CodingError("reading .xlsx sheets needs openpyxl: pip install openpyxl") from None
    try:
        book = openpyxl.load_workbook(sheet, read_only=True, data_only=True)
    except Exception as exc:  # zipfile and openpyxl raise several types for broken files
        raise CodingError(f"{sheet}: not a readable Excel workbook ({exc}).") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise CodingError(f"{sheet}: the first worksheet is empty; it needs a header row.")
        names = [_cell(v).strip() for v in header]
        while names and not names[-1]:
            names.pop()
        records = []
        for number, row in enumerate(rows, start=2):
            fields = [_cell(v) for v in row][: len(names)]
            fields += [""] * (len(names) - len(fields))
            if any(f.strip() for f in fields):
                records.append((number, fields))
    finally:
        book.close()
    return names, records
