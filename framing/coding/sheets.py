"""Coding sheets: written for human coders beside the codebook, read back with every bad cell named."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import CodingError, DataError, counted
from framing.io._files import EncodingProblem, read_text, write_text

__all__ = ["write_coding_sheet", "read_coding_sheet", "ID_COLUMNS"]

ID_COLUMNS = ("doc_id", "sent_id")
_TEXT, _NOTES = "text", "notes"
_TRUE, _FALSE = {"1", "1.0"}, {"0", "0.0"}


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
    The CSV (UTF-8) has the id columns, ``text``, one empty column per frame (named as the
    frame) and an empty ``notes`` column for the coder's remarks: the frame columns are the
    ones between ``text`` and ``notes``, which is how :func:`read_coding_sheet` finds them.
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
    for column in [*frames, _NOTES]:
        sheet[column] = ""
    write_text(csv_path, sheet.to_csv(index=False, lineterminator="\n"))
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
        A CSV written by :func:`write_coding_sheet` and filled by a coder.
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
        ``attrs["framing"]["frames"]`` lists the frames.

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
    table["doc_id"] = table["doc_id"].astype(str)
    if "sent_id" in ids:
        sent = pd.to_numeric(table["sent_id"], errors="coerce")
        bad = sent.isna() | (sent != sent.round())
        if bad.any():
            line = rows[int(np.flatnonzero(bad)[0])][0]
            raise CodingError(
                f"{sheet}: line {line}, column 'sent_id' is not a whole number; restore it from the original sheet."
            )
        table["sent_id"] = sent.astype("int64")
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
    table.attrs["framing"] = {"frames": list(frames), "coding_sheet": str(sheet)}
    return table


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
    try:
        text = read_text(sheet, encoding)
    except EncodingProblem as problem:
        raise CodingError(
            f"{sheet}: not readable as {problem.encoding} (line {problem.line}: byte "
            f"{problem.byte:#04x} at file position {problem.offset}). "
            "Spreadsheets often save plain 'CSV' in a local encoding: "
            "save as 'CSV UTF-8', or pass encoding='cp1252' (or the file's encoding)."
        ) from None
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
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
