"""Table readers: CSV, TSV, JSON Lines, Parquet and Excel files, one article per row or record.

Each reader returns the raw table and, for every row, where it came from
(``"file, line N"``) so that later checks can name the row at fault.

CSV and TSV files are parsed once, by Python's :mod:`csv` module in strict mode
with the field-size limit raised (a 1 MB article is one field), streaming from
the file so that memory stays near the size of the data. Rows are never lost or
merged silently: a row with more fields than the header is an error, and so is
a row with fewer unless the row after it is whole (its last values are then
missing, not split off by a line break: they are left empty, with a warning),
and the parse is cross-checked against an independent count of records — lines
that look like rows of their own (the header's number of fields, starting with
an id-like value) but were read inside a quoted value are reported with the line
where the stray quote opened. TSV files have no quoting convention: when their
quotes do not parse, or swallow rows, they are read as text, provided every
line then has the header's number of fields. ``.csv`` files separated by
semicolons (as a German or French Excel saves them) are recognised from the
header.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import CorpusError
from framing.io._files import (
    check_input_file,
    decode_corpus_file,
    encoding_error,
    locate_bad_byte,
    open_corpus_text,
)
from framing.io.corpus import Locations, ReadOptions

SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet", ".xlsx")
_CHUNK = 2_000


def _options(options) -> ReadOptions:
    return ReadOptions(encoding=options) if isinstance(options, str) else options


def read_table(path: Path, options: ReadOptions | str) -> tuple[pd.DataFrame, Locations]:
    options = _options(options)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return read_parquet(path)
    if suffix == ".xlsx":
        return read_excel(path)
    if suffix == ".jsonl":
        return read_jsonl(path, options)
    return read_delimited(path, options, "\t" if suffix == ".tsv" else None)


def read_parquet(path: Path) -> tuple[pd.DataFrame, Locations]:
    check_input_file(path)
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for broken files
        raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
    return df, Locations.lines(f"{path}, row ", np.arange(1, len(df) + 1))


def read_excel(path: Path, *, sheet=0) -> tuple[pd.DataFrame, Locations]:
    """The first sheet of an ``.xlsx`` workbook, every cell as text (numbers as displayed)."""
    check_input_file(path)
    try:
        df = pd.read_excel(path, sheet_name=sheet, dtype=str, engine="openpyxl")
    except ImportError:
        raise CorpusError(
            "reading .xlsx files needs openpyxl: pip install openpyxl (it comes with framing)"
        ) from None
    except Exception as exc:  # zipfile/openpyxl raise several types for broken files
        raise CorpusError(f"{path}: not a readable Excel workbook ({exc})") from None
    df.columns = [str(c) for c in df.columns]
    return df, Locations.lines(f"{path}, row ", np.arange(2, len(df) + 2))


# --- JSON Lines -------------------------------------------------------------------------------


class _Number(str):
    """A JSON number kept as written, so that ids stay as the file writes them."""


def _number(text: str):
    return _Number(text)


def _plain(value):
    if type(value) is _Number:
        return float(value) if any(c in value for c in ".eE") else int(value)
    return value


def read_jsonl(
    path: Path, options: ReadOptions, *, stream=None, first_line: int = 1
) -> tuple[pd.DataFrame, Locations]:
    """One JSON object per line; lines end at LF or CRLF only (U+2028 inside strings is text).

    ``stream`` (decoded text) and ``first_line`` read a part of the file that starts
    on that line (see :func:`parse_text_block`).
    """
    records, lines = [], []
    stream = open_corpus_text(path, options.encoding) if stream is None else stream
    number = 0
    try:
        with stream:
            for number, line in enumerate(_lf_lines(stream), start=first_line):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line, parse_int=_number, parse_float=_number)
                except json.JSONDecodeError as exc:
                    raise CorpusError(
                        f"{path}, line {number}: invalid JSON ({exc.msg} at column {exc.colno}); "
                        "each line must be one JSON object"
                    ) from None
                except RecursionError:
                    raise CorpusError(
                        f"{path}, line {number}: JSON nested too deeply for Python to read; "
                        "a record must be a flat object of values"
                    ) from None
                if not isinstance(rec, dict):
                    raise CorpusError(
                        f"{path}, line {number}: each line must be a JSON object, not "
                        f"{'null' if rec is None else type(rec).__name__}"
                    )
                for key, value in rec.items():
                    if key == options.id_col and type(value) is _Number:
                        rec[key] = str(value)
                    elif isinstance(value, dict | list):
                        rec[key] = value  # refused by the schema if it is the text
                    else:
                        rec[key] = _plain(value)
                records.append(rec)
                lines.append(number)
    except UnicodeDecodeError:
        raise encoding_error(locate_bad_byte(path, options.encoding), options.encoding) from None
    if not records:
        raise CorpusError(f"{path}: the file holds no JSON records (it is empty or blank)")
    df = pd.DataFrame.from_records(records)
    return df, Locations.lines(f"{path}, line ", lines)


def _lf_lines(stream):
    """Lines split at LF (and CRLF) only; ``str.splitlines`` would also split at U+2028/U+0085."""
    pending = ""
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        pending += chunk
        parts = pending.split("\n")
        pending = parts.pop()
        for part in parts:
            yield part[:-1] if part.endswith("\r") else part
    if pending:
        yield pending[:-1] if pending.endswith("\r") else pending


# --- CSV / TSV --------------------------------------------------------------------------------


def _sniff_separator(head: str) -> str:
    """',' unless the header line is plainly separated by ';' (Excel in many locales)."""
    first = head.split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", first)
    if outside.count(";") > outside.count(",") and outside.count(";") > 0:
        return ";"
    return ","


class _Limits:
    """The csv module's field-size limit raised for one parse (a long article is one field)."""

    def __enter__(self):
        self.old = csv.field_size_limit()
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

    def __exit__(self, *exc):
        csv.field_size_limit(self.old)


def _header_names(path: Path, header: list[str]) -> list[str]:
    names = [name if name.strip() else f"Unnamed: {i}" for i, name in enumerate(header)]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise CorpusError(
                f"{path}, line 1: the header names column {name!r} twice (columns "
                f"{seen[name] + 1} and {i + 1}); rename one so each column is unique"
            )
        seen[name] = i
    return names


def _shape(value: str) -> str:
    value = value.strip()
    if value.isdigit():
        return "digits"
    if value and len(value) <= 64 and not any(c.isspace() for c in value):
        return "token"
    return "text"


def read_delimited(
    path: Path,
    options: ReadOptions | str,
    sep: str | None = None,
    *,
    stream=None,
    line_offset: int = 0,
) -> tuple[pd.DataFrame, Locations]:
    """Parse a CSV/TSV file once; see the module docstring for the checks.

    ``stream`` (decoded text: the header line, then whole records) and
    ``line_offset`` (how many lines of the file come between the header and the
    first record) read a part of the file (see :func:`parse_text_block`).
    """
    options = _options(options)
    stream = open_corpus_text(path, options.encoding) if stream is None else stream
    try:
        with stream, _Limits():
            head = stream.read(1 << 16)
            if not head.strip():
                raise CorpusError(
                    f"{path}: the file is empty{' (only whitespace)' if head else ''}; it should "
                    "start with a header row naming the columns (e.g. doc_id,outlet,text)"
                )
            stream.seek(0)
            if sep is None:
                sep = _sniff_separator(head)
            try:
                return _parse(path, stream, sep, line_offset=line_offset)
            except _QuotingError as strict:
                if sep != "\t":
                    raise
                return _tsv_quotes(path, stream, sep, strict, line_offset)
    except UnicodeDecodeError:
        raise encoding_error(locate_bad_byte(path, options.encoding), options.encoding) from None


def _tsv_quotes(path: Path, stream, sep: str, first_error: CorpusError, line_offset: int):
    """A TSV file whose quotes do not parse strictly: quoted with a stray quote, or quotes as text.

    TSV has no quoting convention. A quote at the start of a value is often text
    ("Quoted" headline): quotes are read as text when every line then has the
    header's fields. But when most values of a column are wrapped in quotes, the
    file is quoted (as spreadsheet programs and pandas write TSV) and the strict
    error is a quote inside a value that was not doubled: such a file is read as
    pandas and spreadsheet programs read it (the stray quote ends the quoting),
    with a warning naming the line. Otherwise the first error stands.
    """
    stream.seek(0)
    literal = None
    with warnings.catch_warnings(record=True) as held:  # given only if this reading is kept
        warnings.simplefilter("always")
        try:
            literal = _parse(path, stream, sep, quoting=False, line_offset=line_offset)
        except CorpusError as exc:
            literal_error = exc
    if literal is None or _quoted_values(literal[0]):
        stream.seek(0)
        try:
            lenient = _parse(path, stream, sep, strict=False, line_offset=line_offset)
        except CorpusError:
            lenient = None
        if lenient is not None:
            warnings.warn(
                f"{path}, line {getattr(first_error, 'line', '?')}: a quote inside a quoted value is not "
                'doubled (""); it was read as the end of the quoting, as spreadsheet programs '
                "and pandas read it: check that value",
                stacklevel=6,
            )
            return lenient
    if literal is not None:
        for w in held:
            warnings.warn(w.message, w.category, stacklevel=6)
        return literal
    # report the reading that got further into the file
    if getattr(literal_error, "line", 0) > getattr(first_error, "line", 0):
        raise literal_error from None
    raise first_error from None


def _quoted_values(df: pd.DataFrame) -> bool:
    """Whether most non-empty values of some column are wrapped in double quotes."""
    for column in df.columns:
        values = df[column].dropna().astype(str)
        values = values[values.str.len() >= 2]
        if len(values) and (values.str.startswith('"') & values.str.endswith('"')).mean() >= 0.5:
            return True
    return False


class _QuotingError(CorpusError):
    """Quotes that do not parse, or that swallow rows."""


def _located(line: int, error: CorpusError) -> CorpusError:
    error.line = line  # type: ignore[attr-defined]
    return error


def _parse(
    path: Path,
    stream,
    sep: str,
    quoting: bool = True,
    line_offset: int = 0,
    strict: bool = True,
) -> tuple[pd.DataFrame, Locations]:
    kind = "TSV" if sep == "\t" else "CSV"
    what = {"\t": "tabs", ";": "semicolons"}.get(sep, "commas")
    reader = csv.reader(
        stream,
        delimiter=sep,
        strict=strict,
        quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE,
    )
    try:
        header = next(reader, None)
        while header is not None and not header:
            header = next(reader, None)
    except csv.Error as exc:
        raise CorpusError(
            f"{path}, line {reader.line_num}: malformed {kind} header ({exc})"
        ) from None
    if header is None or not any(h.strip() for h in header):
        raise CorpusError(
            f"{path}: no header row (the file is blank); the first line must name the columns"
        )
    names = _header_names(path, header)
    n = len(names)
    columns: list[list] = [[] for _ in names]  # per column: text arrays of ~2,000 rows each
    chunk: list[list[str]] = []
    starts: list[int] = []
    suspects: list[tuple[int, int, int, str]] = []  # (line, record start, column, first field)
    last = reader.line_num + line_offset  # lines after the header: as numbered in the file
    short: tuple[int, list[str]] | None = None  # a row cut short, kept until the next row
    cut: list[tuple[int, int]] = []  # (line, fields) of rows whose last values are missing

    def wrong_width(start: int, row: list[str]) -> CorpusError:
        more = len(row) > n
        return _located(
            start,
            CorpusError(
                f"{path}, line {start}: {len(row)} fields but the header has {n}; "
                + (
                    f"quote values that contain {what}"
                    if more
                    else "a line break inside an unquoted value (or a stray carriage "
                    "return) split the row: quote the value or remove the break"
                )
            ),
        )

    try:
        for row in reader:
            start, end = last + 1, reader.line_num + line_offset
            last = end
            if not row:
                continue
            if len(row) == 1 and not row[0].strip() and n > 1:
                continue  # a line of spaces
            if short is not None:
                # A row cut short is kept only when the next row is whole: the rest of a row
                # split by a line break would have fewer fields than the header.
                if len(row) != n:
                    raise wrong_width(*short)
                cut.append((short[0], len(short[1])))
                _keep(short[1] + [""] * (n - len(short[1])), short[0], chunk, starts)
                short = None
            if len(row) != n:
                if 1 < len(row) < n:
                    short = (start, row)  # its last values are missing, or the row was split
                    continue
                raise wrong_width(start, row)
            if end > start:
                _suspects(row, sep, n, start, suspects)
            chunk.append(row)
            starts.append(start)
            if len(chunk) >= _CHUNK:
                _flush(chunk, columns)
        if short is not None:  # the last row was cut short
            cut.append((short[0], len(short[1])))
            _keep(short[1] + [""] * (n - len(short[1])), short[0], chunk, starts)
    except csv.Error as exc:
        raise _located(
            reader.line_num + line_offset,
            _QuotingError(
                f"{path}, line {reader.line_num + line_offset}: malformed {kind} ({exc}); a quote "
                "inside a "
                'value must be doubled ("") and the value quoted, or the quote removed'
            ),
        ) from None
    _flush(chunk, columns)
    if not starts:
        raise CorpusError(f"{path}: the file has a header but no rows")
    if cut:
        listed = "; ".join(
            f"line {line}: {fields} fields, no {', '.join(names[fields:])}" for line, fields in cut[:5]
        )
        more = f" (and {len(cut) - 5} more)" if len(cut) > 5 else ""
        warnings.warn(
            f"{path}: {len(cut)} row{'s' if len(cut) != 1 else ''} end early ({listed}{more}); "
            f"their missing last values are left empty",
            stacklevel=5,
        )
    if suspects:
        _cross_check(path, columns, starts, suspects, names, kind)
    df = pd.DataFrame({name: _column(parts) for name, parts in zip(names, columns, strict=True)})
    del columns
    return df, Locations.lines(f"{path}, line ", starts)


def _keep(row: list[str], start: int, chunk: list[list[str]], starts: list[int]) -> None:
    chunk.append(row)
    starts.append(start)


def _flush(chunk: list[list[str]], columns: list[list]) -> None:
    """Move a chunk of rows into compact text arrays, so Python strings live only per chunk."""
    if not chunk:
        return
    for target, values in zip(columns, zip(*chunk, strict=True), strict=True):
        target.append(pd.array([v if v else None for v in values], dtype="str"))
    chunk.clear()


def _column(parts: list) -> pd.Series:
    column = pd.concat([pd.Series(p) for p in parts], ignore_index=True)
    parts.clear()
    return column


def _suspects(row, sep, n, start, out) -> None:
    """Lines inside a multi-line value that have the shape of a whole row of their own."""
    line_of_field = start
    for j, field in enumerate(row):
        if "\n" not in field and "\r" not in field:
            continue
        inner = field.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for k, line in enumerate(inner[1:], start=1):
            if line.count(sep) == n - 1:
                out.append((line_of_field + k, start, j, line.split(sep, 1)[0]))
        line_of_field += len(inner) - 1


def _cross_check(path, columns, starts, suspects, names, kind) -> None:
    """Compare the parse with the count of lines that look like rows; report the first gap."""
    shapes = {_shape(v) for part in columns[0] for v in part if isinstance(v, str) and v}
    if not shapes or "text" in shapes:
        return  # the first column is free text: a line's shape says nothing about rows
    allowed = {"digits"} if shapes == {"digits"} else {"digits", "token"}
    found = [s for s in suspects if _shape(s[3]) in allowed]
    if not found:
        return
    line, opened, col, first = found[0]
    raise _located(
        opened,
        _QuotingError(
            f"{path}, line {line}: this line looks like a row of its own (starting {first!r}, with "
            f"the header's {len(names)} fields) but was read inside the quoted value of column "
            f"{names[col]!r} that opens on line {opened}: {len(starts)} rows were read where "
            f"{len(starts) + len(found)} lines look like rows. A quote on line {opened} is probably "
            f'unbalanced: double the quotes inside a quoted value ("") or remove the stray one'
        ),
    )


def parse_text_block(
    path: Path, text: str, options: ReadOptions, *, first_line: int, header_lines: int = 0
) -> tuple[pd.DataFrame, Locations]:
    """Parse part of a CSV/TSV/JSON Lines file, with the checks and messages of the whole file.

    ``text`` holds whole records that start on line ``first_line`` of the file; for
    CSV/TSV it starts with the file's header (``header_lines`` lines), which this
    part is read under. Streaming readers (:mod:`framing.io.stream`) cut files into
    such parts.
    """
    import io

    stream = io.StringIO(text, newline="")
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return read_jsonl(path, options, stream=stream, first_line=first_line)
    sep = "\t" if suffix == ".tsv" else None
    return read_delimited(
        path, options, sep, stream=stream, line_offset=first_line - 1 - header_lines
    )


def read_text_table(path: Path, encoding: str) -> str:
    """A table file's whole text (for readers that recognise files by content)."""
    return decode_corpus_file(path, encoding)
