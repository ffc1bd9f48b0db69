"""Reading a corpus in chunks, so that files of any size fit in bounded memory.

:func:`iter_corpus` yields a corpus as article tables of at most ``chunksize``
articles, each exactly the rows :func:`framing.load_corpus` would give for that
part of the source (same columns, same checks, same error messages with the
file's own line numbers), and checks across chunks what ``load_corpus``
checks across the whole table (``doc_id`` unique; ids made from row numbers
when the source has none).

The work is split in two so that the second half can run in worker processes:

* :func:`plan_blocks` walks the sources and cuts them into :class:`Block` s
  without parsing them: CSV/TSV and JSON Lines files into byte ranges of whole
  records (a record ends at a newline outside double quotes), Parquet files
  into record batches. Every other source ``load_corpus`` reads (folders,
  archive exports, bundled corpora) is read whole, one source at a time, and
  cut into row slices.
* :func:`read_block` parses one block with the table parsers of
  :mod:`framing.io.tables` and applies the schema step
  :func:`framing.io.corpus.normalise_articles`.

Memory therefore grows with the chunk, not the corpus; the one exception is
the ``doc_id`` check, which keeps an 8-byte hash per article.
"""

from __future__ import annotations

import codecs
import glob
import json
import os
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._validation import check_choice, check_int
from framing.errors import CorpusError

__all__ = ["iter_corpus", "plan_blocks", "read_block", "expand_sources", "Block", "IdCheck"]

#: Text per chunk is also capped, so that a file of long articles stays bounded.
CHUNK_BYTES = 8_000_000
_STREAMED = (".csv", ".tsv", ".jsonl")


@dataclass(frozen=True)
class LoadOptions:
    """The ``load_corpus`` options that decide how raw rows become articles."""

    text_col: str = "text"
    outlet_col: str = "outlet"
    id_col: str = "doc_id"
    date_col: str | None = "date"
    title_col: str = "title"
    outlet_aliases: Mapping[str, str] | None = None
    on_empty: str = "error"
    encoding: str = "utf-8"

    def schema_kwargs(self) -> dict[str, Any]:
        return {
            "text_col": self.text_col,
            "outlet_col": self.outlet_col,
            "id_col": self.id_col,
            "date_col": self.date_col,
            "title_col": self.title_col,
            "outlet_aliases": self.outlet_aliases,
        }


@dataclass
class Block:
    """One chunk of one source, cut but not parsed (picklable, cheap to ship to a worker).

    ``kind`` is ``"text"`` (bytes of whole CSV/TSV/JSONL records, after ``header``),
    ``"arrow"`` (a Parquet record batch) or ``"frame"`` (articles already read).
    ``first_line`` is the file line of the first record, ``row_offset`` the number
    of records before it in its file, ``n_bytes`` what it consumed of the input.
    """

    index: int
    path: str
    kind: str
    data: Any
    n_bytes: int
    first_line: int = 1
    row_offset: int = 0
    n_records: int = 0
    header: bytes = b""
    first: bool = False
    auto_ids: int = 0  # width of row-number ids when the file has no id column, else 0


def expand_sources(paths_or_glob) -> list[str]:
    """Files, folders, glob patterns or bundled corpus names, as a list of sources in order.

    Patterns are expanded in sorted order; a pattern that matches nothing is an error.
    """
    from framing.datasets.bundled import list_corpora

    items = [paths_or_glob] if isinstance(paths_or_glob, str | os.PathLike) else paths_or_glob
    try:
        items = list(items)
    except TypeError:
        raise CorpusError(
            "give a path, a glob pattern such as 'exports/*.jsonl', or a list of them; "
            f"got {type(paths_or_glob).__name__}"
        ) from None
    out: list[str] = []
    for item in items:
        if not isinstance(item, str | os.PathLike):
            raise CorpusError(f"a corpus source must be a path or a pattern, not {item!r}")
        text = os.fspath(item)
        if Path(text).exists() or text in list_corpora():
            out.append(text)
            continue
        found = sorted(glob.glob(text, recursive=True))
        if not found:
            raise CorpusError(
                f"{text}: no such file or folder, and no file matches it as a pattern"
            )
        out.extend(found)
    if not out:
        raise CorpusError("no corpus sources given")
    return out


def _streamable(source: str, encoding: str) -> bool:
    """Table files the generic table reader owns, in an encoding whose newlines are bytes 10."""
    from framing.io.corpus import _reader_for

    path = Path(source)
    if not path.is_file() or path.suffix.lower() not in (*_STREAMED, ".parquet"):
        return False
    reader = _reader_for(path)
    if reader is None or reader.name != "table":
        return False  # e.g. an export recognised by its content: its own reader reads it
    if path.suffix.lower() == ".parquet":
        return True
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise CorpusError(
            f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8'"
        ) from None
    return info.encode('\n"')[0] == b'\n"'


# -- cutting -----------------------------------------------------------------------------------


def _csv_records(handle, sep: int) -> Iterator[tuple[bytes, int, int]]:
    """(record bytes, file line of its start, physical lines) for each CSV record.

    A record ends at a newline outside quotes; a quote opens a quoted field only
    at the start of a field and ``""`` inside one is a literal quote (RFC 4180, as
    pandas and the csv module read it).
    """
    quote = ord('"')
    buf: list[bytes] = []
    start = line_no = 0
    inq = False
    for line in handle:
        line_no += 1
        if not buf:
            start = line_no
        buf.append(line)
        if quote in line:
            i, n = 0, len(line)
            while True:
                j = line.find(b'"', i)
                if j < 0:
                    break
                if inq:
                    if j + 1 < n and line[j + 1] == quote:
                        i = j + 2
                        continue
                    inq = False
                elif j == 0 or line[j - 1] == sep:
                    inq = True
                i = j + 1
        if not inq:
            yield b"".join(buf), start, line_no - start + 1
            buf = []
    if buf:  # an unterminated quote: the parser reports it
        yield b"".join(buf), start, line_no - start + 1


def _jsonl_records(handle) -> Iterator[tuple[bytes, int, int]]:
    for line_no, line in enumerate(handle, start=1):
        yield line, line_no, 1


def _is_blank(record: bytes) -> bool:
    return not record.strip()


def _records(path: Path, handle) -> Iterator[tuple[bytes, int, int]]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl_records(handle)
    return _csv_records(handle, ord("\t") if suffix == ".tsv" else ord(","))


def _count_records(path: Path) -> int:
    with path.open("rb") as handle:
        records = _records(path, handle)
        if path.suffix.lower() != ".jsonl":
            next(records, None)  # the header
        return sum(1 for rec, _, _ in records if not _is_blank(rec))


def _first_keys(path: Path, header: bytes, encoding: str) -> set[str] | None:
    """Column names seen at the start of a text file (None when they cannot be told)."""
    enc = "utf-8-sig" if _is_utf8(encoding) else encoding
    if path.suffix.lower() == ".jsonl":
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    try:
                        rec = json.loads(line.decode(enc))
                    except (UnicodeDecodeError, json.JSONDecodeError):
                        return None
                    return set(rec) if isinstance(rec, dict) else None
        return None
    import csv
    import io

    try:
        text = header.decode(enc)
    except UnicodeDecodeError:
        return None
    row = next(
        csv.reader(io.StringIO(text), delimiter="\t" if path.suffix.lower() == ".tsv" else ","), []
    )
    return set(row)


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def _auto_id_width(path: Path, keys: set[str] | None, options: LoadOptions, n: int | None) -> int:
    if keys is None or options.id_col in keys or "doc_id" in keys:
        return 0
    return len(str(n if n is not None else _count_records(path)))


def _text_blocks(path: Path, index: int, chunksize: int, options: LoadOptions) -> Iterator[Block]:
    is_csv = path.suffix.lower() != ".jsonl"
    with path.open("rb") as handle:
        records = _records(path, handle)
        header, lines_before = b"", 0
        if is_csv:
            first = next(records, None)
            if first is None:
                yield Block(index, str(path), "text", b"", 0, first=True)
                return
            header, _, lines_before = first
        keys = _first_keys(path, header, options.encoding)
        width = _auto_id_width(path, keys, options, None)
        buf: list[bytes] = []
        size = n_rec = rows_before = 0
        first_line = lines_before + 1
        is_first = True
        for rec, line, _ in records:
            if not buf:
                first_line = line
            buf.append(rec)
            size += len(rec)
            if not _is_blank(rec):
                n_rec += 1
            if n_rec >= chunksize or size >= CHUNK_BYTES:
                yield Block(
                    index, str(path), "text", b"".join(buf), size + (len(header) if is_first else 0),
                    first_line, rows_before, n_rec, header, is_first, width,
                )  # fmt: skip
                index += 1
                rows_before += n_rec
                buf, size, n_rec, is_first = [], 0, 0, False
        if buf or is_first:
            yield Block(
                index, str(path), "text", b"".join(buf), size + (len(header) if is_first else 0),
                first_line, rows_before, n_rec, header, is_first, width,
            )  # fmt: skip


def _parquet_blocks(
    path: Path, index: int, chunksize: int, options: LoadOptions
) -> Iterator[Block]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for broken files
        raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
    n = pf.metadata.num_rows
    width = _auto_id_width(path, set(pf.schema_arrow.names), options, n)
    per_row = path.stat().st_size / max(n, 1)
    rows = 0
    for batch in pf.iter_batches(batch_size=chunksize):
        yield Block(
            index, str(path), "arrow", batch, int(per_row * batch.num_rows),
            rows + 1, rows, batch.num_rows, b"", rows == 0, width,
        )  # fmt: skip
        index += 1
        rows += batch.num_rows
    if rows == 0:
        yield Block(index, str(path), "arrow", pf.schema_arrow.empty_table(), 0, first=True)


def _frame_blocks(source: str, index: int, chunksize: int, options: LoadOptions) -> Iterator[Block]:
    from framing.io.corpus import load_corpus

    corpus = load_corpus(source, on_empty=options.on_empty, encoding=options.encoding,
                         **options.schema_kwargs())  # fmt: skip
    size = Path(source).stat().st_size if Path(source).is_file() else 0
    for start in range(0, len(corpus), chunksize):
        part = corpus.iloc[start : start + chunksize]
        yield Block(
            index, source, "frame", part, size * len(part) // max(len(corpus), 1),
            start + 1, start, len(part), b"", start == 0,
        )  # fmt: skip
        index += 1


def plan_blocks(
    sources: list[str], *, chunksize: int, options: LoadOptions, start: int = 0
) -> Iterator[Block]:
    """Cut the sources into blocks of at most ``chunksize`` records, numbered from ``start``."""
    index = start
    for source in sources:
        path = Path(source)
        if _streamable(source, options.encoding):
            cut = _parquet_blocks if path.suffix.lower() == ".parquet" else _text_blocks
            blocks = cut(path, index, chunksize, options)
        else:
            blocks = _frame_blocks(source, index, chunksize, options)
        for block in blocks:
            yield block
            index = block.index + 1


# -- parsing -----------------------------------------------------------------------------------


def _decode(block: Block, encoding: str) -> str:
    enc = "utf-8-sig" if block.first and _is_utf8(encoding) else encoding
    try:
        return (block.header + block.data).decode(enc)
    except UnicodeDecodeError as error:
        raw, head = error.object, len(block.header)
        if error.start < head:  # in the header, which is the start of the file
            line = raw[: error.start].count(b"\n") + 1
        else:
            line = block.first_line + raw[head : error.start].count(b"\n")
        raise CorpusError(
            f"{block.path}, line {line}: cannot decode byte {raw[error.start]:#04x} "
            f"as {encoding}; the file uses another encoding: pass encoding= (e.g. "
            "encoding='cp1252', 'latin-1' or 'utf-16')"
        ) from None


def _raw_table(block: Block, options: LoadOptions) -> tuple[pd.DataFrame, list[str]]:
    from framing.io.tables import parse_table_text

    path = Path(block.path)
    if block.kind == "arrow":
        import pyarrow as pa

        table = (
            block.data if isinstance(block.data, pa.Table) else pa.Table.from_batches([block.data])
        )
        df = table.to_pandas()
        return df, [f"{path}, row {block.row_offset + i + 1}" for i in range(len(df))]
    text = _decode(block, options.encoding)
    if path.suffix.lower() == ".jsonl":
        df, where = parse_table_text(text, path, line_offset=block.first_line - 1)
    elif not text.strip():
        raise CorpusError(f"{path}: the file is empty")
    else:
        header_lines = block.header.count(b"\n") or 1
        df, where = parse_table_text(text, path, line_offset=block.first_line - 1 - header_lines)
    return df, where


def read_block(block: Block, options: LoadOptions) -> tuple[pd.DataFrame, int]:
    """The articles of one block in the corpus schema, and how many empty ones were dropped."""
    from framing.io.corpus import normalise_articles

    if block.kind == "frame":
        return block.data, 0
    df, where = _raw_table(block, options)
    if block.auto_ids:
        if options.id_col in df.columns or "doc_id" in df.columns:
            raise CorpusError(
                f"{block.path}: the first records have no {options.id_col!r} but later ones do "
                f"(from {where[0]}); give every article an id"
            )
        ids = np.arange(block.row_offset, block.row_offset + len(df)).astype(str)
        df.insert(0, "doc_id", np.char.zfill(ids, block.auto_ids).tolist())
    elif options.id_col not in df.columns and "doc_id" not in df.columns and len(df):
        df.insert(0, options.id_col, None)  # the file has ids, this part lacks them
    if df.empty and block.first and block.kind == "text" and not block.n_records:
        raise CorpusError(f"{block.path}: the corpus has no articles")
    if df.empty:
        return df, 0
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="dropped .* with empty text")
        articles = normalise_articles(
            df, where, block.path, on_empty=options.on_empty, **options.schema_kwargs()
        )
    return articles, len(df) - len(articles)


# -- checks across chunks ------------------------------------------------------------------------


@dataclass
class IdCheck:
    """``doc_id`` uniqueness across chunks with 8 bytes per article (sorted runs of hashes)."""

    runs: list[np.ndarray] = field(default_factory=list)

    @staticmethod
    def hashes(ids) -> np.ndarray:
        return pd.util.hash_pandas_object(pd.Series(ids, dtype=object), index=False).to_numpy()

    def seen(self, h: np.ndarray) -> np.ndarray:
        hit = np.zeros(len(h), dtype=bool)
        for run in self.runs:
            i = np.searchsorted(run, h).clip(max=len(run) - 1)
            hit |= run[i] == h
        return hit

    def add(self, ids, place: str | None = None) -> None:
        """Record ``ids`` (unique among themselves); a CorpusError when one was seen before."""
        h = self.hashes(ids)
        if not len(h):
            return
        hit = self.seen(h)
        if hit.any():
            k = int(np.flatnonzero(hit)[0])
            raise CorpusError(
                f"duplicate doc_id {list(ids)[k]!r}{' in ' + place if place else ''}: another "
                "chunk of the corpus has it too; doc_id must be unique"
            )
        run = np.sort(h)
        while self.runs and len(self.runs[-1]) <= len(run):
            run = np.sort(np.concatenate([self.runs.pop(), run]))
        self.runs.append(run)


def iter_corpus(
    source,
    *,
    chunksize: int = 10_000,
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str = "doc_id",
    date_col: str | None = "date",
    title_col: str = "title",
    outlet_aliases: Mapping[str, str] | None = None,
    on_empty: str = "error",
    encoding: str = "utf-8",
) -> Iterator[pd.DataFrame]:
    """Read a corpus chunk by chunk: article tables of at most ``chunksize`` rows.

    Parameters
    ----------
    source : str, Path or list of them
        Files, folders, glob patterns (``"exports/*.jsonl"``) or bundled corpus names.
        CSV, TSV, JSON Lines and Parquet files are read in chunks without loading
        them whole; other sources :func:`framing.load_corpus` reads (folders, archive
        exports) are read one source at a time and then cut into chunks.
    chunksize : int, default=10000
        Articles per chunk; a chunk of a CSV/TSV/JSONL file also holds at most about
        8 MB of text.
    text_col, outlet_col, id_col, date_col, title_col, outlet_aliases, on_empty, encoding
        As in :func:`framing.load_corpus`. With ``on_empty='drop'`` one warning
        counts the articles dropped from the whole corpus.

    Yields
    ------
    DataFrame
        Articles in the corpus schema. Concatenated, the chunks of one file equal
        ``load_corpus(file)`` row for row (ids made from row numbers included).

    Raises
    ------
    CorpusError
        As :func:`framing.load_corpus`, with the file's own line numbers, and when
        a ``doc_id`` repeats in another chunk or another file.

    Examples
    --------
    >>> chunks = iter_corpus("pow-exchange-2025", chunksize=20)
    >>> [len(c) for c in chunks]
    [20, 20, 5]
    """
    check_int("chunksize", chunksize, minimum=1)
    check_choice("on_empty", on_empty, ("error", "drop", "keep"))
    options = LoadOptions(
        text_col, outlet_col, id_col, date_col, title_col, outlet_aliases, on_empty, encoding
    )
    ids = IdCheck()
    dropped = 0
    for block in plan_blocks(expand_sources(source), chunksize=chunksize, options=options):
        articles, n = read_block(block, options)
        dropped += n
        if len(articles):
            ids.add(articles["doc_id"].tolist(), place=block_place(block))
            yield articles
    if dropped:
        warn_dropped(dropped)


def block_place(block: Block) -> str:
    """Where a block starts, for messages."""
    unit = "row" if block.kind != "text" else "line"
    return f"{block.path} (the chunk from {unit} {block.first_line})"


def warn_dropped(n: int) -> None:
    warnings.warn(f"dropped {n} article{'s' if n != 1 else ''} with empty text", stacklevel=3)
