"""Table readers: CSV, TSV, JSON Lines and Parquet files, one article per row or record.

Each reader returns the raw table and, for every row, where it came from
(``"file, line N"``) so that later checks can name the row at fault.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from framing.errors import CorpusError
from framing.io._files import decode_corpus_file

SUFFIXES = (".csv", ".tsv", ".jsonl", ".parquet")


def read_table(path: Path, encoding: str) -> tuple[pd.DataFrame, list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for broken files
            raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
        return df, [f"{path}, row {i + 1}" for i in range(len(df))]
    return parse_table_text(decode_corpus_file(path, encoding), path)


def parse_table_text(
    text: str, path: Path, *, line_offset: int = 0
) -> tuple[pd.DataFrame, list[str]]:
    """Parse the decoded text of a CSV, TSV or JSON Lines file (the format from ``path``'s suffix).

    ``text`` may be a part of the file (for CSV/TSV: the header line followed by whole
    records) whose first record is ``line_offset`` lines further down than it would be
    in the whole file; line numbers in ``where`` and in errors are those of the file.
    """
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        records, where = [], []
        for i, line in enumerate(text.splitlines(), start=1 + line_offset):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(
                    f"{path}, line {i}: invalid JSON ({exc.msg}); each line must be one JSON object"
                ) from None
            if not isinstance(rec, dict):
                raise CorpusError(
                    f"{path}, line {i}: each line must be a JSON object, not {type(rec).__name__}"
                )
            records.append(rec)
            where.append(f"{path}, line {i}")
        return pd.DataFrame.from_records(records), where
    import io

    sep = "\t" if suffix == ".tsv" else ","
    _check_field_counts(path, text, sep, line_offset)
    try:
        df = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""]
        )
    except pd.errors.ParserError as exc:
        raise CorpusError(
            f"{path}: malformed {suffix[1:].upper()} ({exc}); check quoting"
        ) from None
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{path}: the file is empty") from None
    return df, [f"{path}, line {i + 2 + line_offset}" for i in range(len(df))]


def _check_field_counts(path: Path, text: str, sep: str, line_offset: int = 0) -> None:
    """Rows with more fields than the header make pandas shift columns silently."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = next(reader, None)
    if header is None:
        return
    for row in reader:
        if len(row) > len(header):
            raise CorpusError(
                f"{path}, line {reader.line_num + line_offset}: {len(row)} fields but the header "
                f"has {len(header)}; quote values that contain "
                f"{'tabs' if sep == chr(9) else 'commas'}"
            )
