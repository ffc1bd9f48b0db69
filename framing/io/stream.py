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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._validation import check_choice, check_int
from framing.errors import CorpusError, ParameterError

__all__ = [
    "iter_corpus",
    "plan_blocks",
    "read_block",
    "expand_sources",
    "stream_options",
    "DatesUndecided",
    "Block",
    "Source",
    "IdCheck",
]

#: Text per chunk is also capped, so that a file of long articles stays bounded.
CHUNK_BYTES = 4_000_000
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
    dayfirst: bool | None = None
    date_format: str | None = None
    on_bad_date: str = "error"

    def schema_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`framing.io.corpus.normalise_articles`."""
        return {
            "text_col": self.text_col,
            "outlet_col": self.outlet_col,
            "id_col": self.id_col,
            "date_col": self.date_col,
            "title_col": self.title_col,
            "outlet_aliases": self.outlet_aliases,
            "on_empty": self.on_empty,
            "dayfirst": self.dayfirst,
            "date_format": self.date_format,
        }

    def load_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`framing.load_corpus`."""
        return {**self.schema_kwargs(), "encoding": self.encoding, "on_bad_date": self.on_bad_date}

    def read_options(self):
        from framing.io.corpus import ReadOptions

        return ReadOptions(encoding=self.encoding, id_col=self.id_col, on_bad_date=self.on_bad_date)


@dataclass
class Block:
    """One chunk of one source, cut but not parsed (picklable, cheap to ship to a worker).

    ``kind`` is ``"text"`` (bytes of whole CSV/TSV/JSONL records, after ``header``),
    ``"arrow"`` (a Parquet record batch) or ``"frame"`` (articles already read).
    ``first_line`` is the file line (or row) of the first record, ``row_offset`` the
    number of records before it in its source, ``n_bytes`` what it consumed of the
    input. ``source_file`` is set when the block belongs to a glob pattern's files
    (``load_corpus`` then records each row's file); ``auto_ids`` is the width of ids
    made from row numbers when the source has no id column, else 0.
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
    auto_ids: int = 0
    label: str = ""
    source_file: bool = False


@dataclass(frozen=True)
class Source:
    """One source as given: a path, a bundled corpus name, or a glob pattern and its files."""

    label: str
    paths: tuple[str, ...]
    is_glob: bool = False


def expand_sources(paths_or_glob) -> list[Source]:
    """Files, folders, glob patterns or bundled corpus names, as sources in order.

    A glob pattern is one source, as for :func:`framing.load_corpus`: its files in
    sorted order, read as one corpus with a ``source_file`` column; a pattern that
    matches nothing is an error.
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
    out: list[Source] = []
    for item in items:
        if not isinstance(item, str | os.PathLike):
            raise CorpusError(f"a corpus source must be a path or a pattern, not {item!r}")
        text = os.fspath(item)
        if Path(text).exists() or text in list_corpora() or not any(c in text for c in "*?["):
            out.append(Source(text, (text,)))
            continue
        found = [p for p in sorted(glob.glob(text, recursive=True)) if Path(p).is_file()]
        if not found:
            raise CorpusError(f"no files match {text!r}; check the pattern")
        out.append(Source(text, tuple(found), is_glob=True))
    if not out:
        raise CorpusError("no corpus sources given")
    return out


def _streamable(source: str, encoding: str) -> bool:
    """Table files the generic table reader owns, in an encoding whose newlines are bytes 10."""
    from framing.io._files import check_codec
    from framing.io.corpus import _reader_for

    path = Path(source)
    if not path.is_file() or path.suffix.lower() not in (*_STREAMED, ".parquet"):
        return False
    reader = _reader_for(path)
    if reader is None or reader.name != "table":
        return False  # e.g. an export recognised by its content: its own reader reads it
    if path.suffix.lower() == ".parquet":
        return True
    check_codec(encoding)
    return codecs.lookup(encoding).encode('\n"')[0] == b'\n"'


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
    sep = "\t" if suffix == ".tsv" else _separator(path)
    return _csv_records(handle, ord(sep))


def _separator(path: Path) -> str:
    """The separator the table reader will use: ',' or, from the header, ';'."""
    from framing.io.tables import _sniff_separator

    with path.open("rb") as handle:
        head = handle.read(1 << 16).decode("latin-1")
    return _sniff_separator(head)


def _count_records(path: Path) -> int:
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with path.open("rb") as handle:
        records = _records(path, handle)
        if path.suffix.lower() != ".jsonl":
            next(records, None)  # the header
        return sum(1 for rec, _, _ in records if not _is_blank(rec))


def _columns(path: Path, encoding: str) -> set[str] | None:
    """Column names seen at the start of a table file (None when they cannot be told)."""
    from framing.io._files import _codec

    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        try:
            return set(pq.ParquetFile(path).schema_arrow.names)
        except Exception:  # a broken file: its reader says so
            return None
    with path.open("rb") as handle:
        records = _records(path, handle)
        first = next((r for r, _, _ in records if not _is_blank(r)), None)
    if first is None:
        return None
    try:
        text = first.decode(_codec(encoding))
    except UnicodeDecodeError:
        return None
    if path.suffix.lower() == ".jsonl":
        try:
            rec = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            return None
        return set(rec) if isinstance(rec, dict) else None
    import csv
    import io

    sep = "\t" if path.suffix.lower() == ".tsv" else _separator(path)
    return set(next(csv.reader(io.StringIO(text), delimiter=sep), []))


def _auto_ids(source: Source, options: LoadOptions) -> int:
    """Width of row-number ids when no file of the source has an id column, else 0."""
    for p in source.paths:
        cols = _columns(Path(p), options.encoding)
        if cols is None or options.id_col in cols or "doc_id" in cols:
            return 0
    return len(str(sum(_count_records(Path(p)) for p in source.paths)))


def _text_blocks(path: Path, chunksize: int, first: Block) -> Iterator[Block]:
    """Blocks of whole records; ``first`` carries the numbering and the source's settings."""
    is_csv = path.suffix.lower() != ".jsonl"
    index, rows_before = first.index, first.row_offset

    def block(data: bytes, size: int, line: int, n: int, header: bytes, is_first: bool) -> Block:
        return Block(
            index, str(path), "text", data, size + (len(header) if is_first else 0), line,
            rows_before, n, header, is_first, first.auto_ids, first.label, first.source_file,
        )  # fmt: skip

    with path.open("rb") as handle:
        records = _records(path, handle)
        header = b""
        if is_csv:
            head = next(records, None)
            if head is None:
                yield block(b"", 0, 1, 0, b"", True)
                return
            header = head[0]
        buf: list[bytes] = []
        size = n_rec = 0
        line = 1 + header.count(b"\n")
        is_first = True
        for rec, rec_line, _ in records:
            if not buf:
                line = rec_line
            buf.append(rec)
            size += len(rec)
            if not _is_blank(rec):
                n_rec += 1
            if n_rec >= chunksize or size >= CHUNK_BYTES:
                yield block(b"".join(buf), size, line, n_rec, header, is_first)
                index += 1
                rows_before += n_rec
                buf, size, n_rec, is_first = [], 0, 0, False
        if n_rec or is_first:  # trailing blank lines alone make no block
            yield block(b"".join(buf), size, line, n_rec, header, is_first)


def _parquet_blocks(path: Path, chunksize: int, first: Block) -> Iterator[Block]:
    import pyarrow.parquet as pq

    from framing.io._files import check_input_file

    check_input_file(path)
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for broken files
        raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
    per_row = path.stat().st_size / max(pf.metadata.num_rows, 1)
    index, rows = first.index, 0
    for batch in pf.iter_batches(batch_size=chunksize):
        yield Block(
            index, str(path), "arrow", batch, int(per_row * batch.num_rows), rows + 1,
            first.row_offset + rows, batch.num_rows, b"", rows == 0, first.auto_ids,
            first.label, first.source_file,
        )  # fmt: skip
        index += 1
        rows += batch.num_rows
    if rows == 0:
        yield Block(
            index, str(path), "arrow", pf.schema_arrow.empty_table(), 0, 1, first.row_offset,
            0, b"", True, first.auto_ids, first.label, first.source_file,
        )  # fmt: skip


def _frame_blocks(source: Source, index: int, chunksize: int, options: LoadOptions):
    from framing.io.corpus import load_corpus

    corpus = load_corpus(source.label, **options.load_kwargs())
    size = sum(Path(p).stat().st_size for p in source.paths if Path(p).is_file())
    for start in range(0, len(corpus), chunksize):
        part = corpus.iloc[start : start + chunksize]
        yield Block(
            index, source.label, "frame", part, size * len(part) // max(len(corpus), 1),
            start + 1, start, len(part), b"", start == 0, 0, source.label,
        )  # fmt: skip
        index += 1


def plan_blocks(
    sources: list[Source], *, chunksize: int, options: LoadOptions, start: int = 0
) -> Iterator[Block]:
    """Cut the sources into blocks of at most ``chunksize`` records, numbered from ``start``.

    CSV/TSV/JSON Lines and Parquet files (alone or as a glob's files) are cut
    without being parsed; any other source is read whole by ``load_corpus`` and
    cut into row slices.
    """
    index = start
    for source in sources:
        if not all(_streamable(p, options.encoding) for p in source.paths):
            blocks: Iterator[Block] = _frame_blocks(source, index, chunksize, options)
            for block in blocks:
                yield block
                index = block.index + 1
            continue
        width = _auto_ids(source, options)
        rows = 0
        for p in source.paths:
            path = Path(p)
            label = source.label if source.is_glob else str(path)
            first = Block(index, p, "", None, 0, row_offset=rows, auto_ids=width, label=label,
                          source_file=source.is_glob)  # fmt: skip
            cut = _parquet_blocks if path.suffix.lower() == ".parquet" else _text_blocks
            for block in cut(path, chunksize, first):
                yield block
                index = block.index + 1
                rows = block.row_offset + block.n_records


# -- parsing -----------------------------------------------------------------------------------


def _decode(block: Block, encoding: str) -> str:
    from framing.io._files import _codec, encoding_error, locate_bad_byte

    try:
        head = block.header.decode(_codec(encoding))
        body = block.data.decode(_codec(encoding) if block.first else encoding)
    except UnicodeDecodeError:  # found again in the whole file, for its line and position
        raise encoding_error(locate_bad_byte(Path(block.path), encoding), encoding) from None
    return head + body


def _raw_table(block: Block, options: LoadOptions):
    from framing.io.corpus import Locations
    from framing.io.tables import parse_text_block

    path = Path(block.path)
    if block.kind == "arrow":
        import pyarrow as pa

        data = block.data
        table = data if isinstance(data, pa.Table) else pa.Table.from_batches([data])
        df = table.to_pandas()
        rows = np.arange(block.first_line, block.first_line + len(df))
        return df, Locations.lines(f"{path}, row ", rows)
    text = _decode(block, options.encoding)
    return parse_text_block(
        path,
        text,
        options.read_options(),
        first_line=block.first_line,
        header_lines=block.header.count(b"\n") if block.header else 0,
    )


class DatesUndecided(CorpusError):
    """A chunk's numeric dates all read both ways and no other chunk has shown the order yet."""


def _date_evidence(df: pd.DataFrame, where, options: LoadOptions):
    """Which order the chunk's numeric dates show: ('day'|'month', value, row), 'both-ways' or None.

    ``load_corpus`` reads numeric dates (03.06.2025) with one order for the whole
    column; a chunk alone may not show it, or show the other one, so the order is
    carried from chunk to chunk (see :func:`iter_corpus`).
    """
    col = options.date_col
    if col is None or options.dayfirst is not None or options.date_format is not None:
        return None
    if col not in df.columns or df.columns.duplicated().any():
        return None
    from framing.io.dates import _NUMERIC_RX

    raw = df[col]
    if not (pd.api.types.is_object_dtype(raw.dtype) or pd.api.types.is_string_dtype(raw.dtype)):
        return None
    found: dict[str, tuple[str, str]] = {}
    either = False
    for i, v in enumerate(raw.tolist()):
        if not isinstance(v, str):
            continue
        m = _NUMERIC_RX.match(v)
        if m is None:
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 and "day" not in found:
            found["day"] = (v, where[i])
        elif b > 12 and "month" not in found:
            found["month"] = (v, where[i])
        either = either or a != b
    if not found and either:
        return "both-ways"
    if len(found) != 1:
        return None  # none, or both: the schema step reports a mixed column itself
    order, (value, row) = next(iter(found.items()))
    return order, value, row


def mixed_dates_error(column, earlier: tuple, later: tuple) -> CorpusError:
    (o1, v1, r1), (o2, v2, r2) = earlier, later
    return CorpusError(
        f"column {column!r} mixes day-first and month-first dates: {v1!r} ({r1}) can only be "
        f"{o1}-first and {v2!r} ({r2}) only {o2}-first; correct the rows so the column uses one "
        "order"
    )


def read_block(
    block: Block, options: LoadOptions, order: tuple | None = None
) -> tuple[pd.DataFrame, int, tuple | None]:
    """The articles of one block in the corpus schema.

    Returns the articles, how many empty ones were dropped and the order of numeric
    dates the block showed (see :func:`_date_evidence`). ``order`` is the order an
    earlier block showed; this block is read with it.
    """
    from framing.io.corpus import normalise_articles

    if block.kind == "frame":
        return block.data, 0, None
    df, where = _raw_table(block, options)
    if block.source_file and "source_file" not in df.columns:
        df.insert(len(df.columns), "source_file", block.path)
    if block.auto_ids:
        if options.id_col in df.columns or "doc_id" in df.columns:
            raise CorpusError(
                f"{block.path}: the first records have no {options.id_col!r} but later ones do "
                f"(from {where[0]}); give every article an id"
            )
        ids = np.arange(block.row_offset, block.row_offset + len(df)).astype(str)
        df.insert(0, "doc_id", np.char.zfill(ids, block.auto_ids).tolist())
    elif options.id_col not in df.columns and "doc_id" not in df.columns and len(df):
        df.insert(0, options.id_col, None)  # the source has ids, this part lacks them
    if df.empty:
        if block.first and not block.n_records:
            raise CorpusError(f"{block.path}: the corpus has no articles")
        return df, 0, None
    evidence = _date_evidence(df, where, options)
    undecided = evidence == "both-ways" and order is None
    if evidence == "both-ways":
        evidence = None
    if order is not None and evidence is not None and evidence[0] != order[0]:
        raise mixed_dates_error(options.date_col, order, evidence)
    settled = order or evidence
    if settled is not None:
        options = replace(options, dayfirst=settled[0] == "day")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="dropped .* with empty text")
        try:
            articles = normalise_articles(
                df, where, block.label or block.path, **options.schema_kwargs()
            )
        except CorpusError as exc:
            if undecided:  # a later chunk may show the order (score_files tries again then)
                raise DatesUndecided(str(exc)) from None
            raise
    return articles, len(df) - len(articles), evidence


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
    dayfirst: bool | None = None,
    date_format: str | None = None,
    on_bad_date: str = "error",
) -> Iterator[pd.DataFrame]:
    """Read a corpus chunk by chunk: article tables of at most ``chunksize`` rows.

    Parameters
    ----------
    source : str, Path or list of them
        Files, folders, glob patterns (``"exports/*.jsonl"``) or bundled corpus names,
        each read as :func:`framing.load_corpus` reads it (a pattern's files as one
        corpus with a ``source_file`` column). CSV, TSV, JSON Lines and Parquet files
        are read in chunks without loading them whole; other sources (folders,
        spreadsheets, archive exports) are read one source at a time, then cut.
    chunksize : int, default=10000
        Articles per chunk; a chunk of a CSV/TSV/JSONL file also holds at most about
        4 MB of text.
    text_col, outlet_col, id_col, date_col, title_col, outlet_aliases, on_empty, encoding,
    dayfirst, date_format, on_bad_date
        As in :func:`framing.load_corpus`. With ``on_empty='drop'`` one warning
        counts the articles dropped from the whole corpus. Numeric dates
        (03.06.2025) are read in one order for the whole corpus: the order the first
        chunk that shows one shows (or ``dayfirst=``).

    Yields
    ------
    DataFrame
        Articles in the corpus schema. Concatenated, the chunks of a source equal
        ``load_corpus(source)`` row for row (ids made from row numbers included).

    Raises
    ------
    CorpusError
        As :func:`framing.load_corpus`, with the file's own line numbers; when a
        ``doc_id`` repeats in another chunk or file; when numeric dates of a chunk
        read all both ways and no earlier chunk showed the order (pass ``dayfirst=``).

    Examples
    --------
    >>> from framing import load_corpus
    >>> sizes = [len(chunk) for chunk in iter_corpus("pow-exchange-2025", chunksize=20)]
    >>> max(sizes), sum(sizes) == len(load_corpus("pow-exchange-2025"))
    (20, True)
    """
    options = stream_options(
        chunksize=chunksize, text_col=text_col, outlet_col=outlet_col, id_col=id_col,
        date_col=date_col, title_col=title_col, outlet_aliases=outlet_aliases,
        on_empty=on_empty, encoding=encoding, dayfirst=dayfirst, date_format=date_format,
        on_bad_date=on_bad_date,
    )  # fmt: skip
    ids = IdCheck()
    dropped = 0
    order = None
    for block in plan_blocks(expand_sources(source), chunksize=chunksize, options=options):
        articles, n, evidence = read_block(block, options, order)
        order = order or evidence
        dropped += n
        if len(articles):
            ids.add(articles["doc_id"].tolist(), place=block_place(block))
            yield articles
    if dropped:
        warn_dropped(dropped)


def stream_options(*, chunksize: int, **load) -> LoadOptions:
    """Checked :class:`LoadOptions` for chunked reading (options that need the whole corpus refused)."""
    from framing.io.corpus import _check_aliases

    check_int("chunksize", chunksize, minimum=1)
    check_choice("on_empty", load["on_empty"], ("error", "drop", "keep"))
    check_choice("on_bad_date", load["on_bad_date"], ("error", "keep"))
    if load["outlet_aliases"] == "auto":
        raise ParameterError(
            "outlet_aliases='auto' looks at the whole corpus at once; in chunks, pass the "
            "mapping itself (e.g. from framing.suggest_outlet_aliases on a sample)"
        )
    _check_aliases(load["outlet_aliases"])
    if load["dayfirst"] is not None and not isinstance(load["dayfirst"], bool):
        raise ParameterError(f"dayfirst must be True, False or None, got {load['dayfirst']!r}")
    return LoadOptions(**load)


def block_place(block: Block) -> str:
    """Where a block starts, for messages."""
    unit = "row" if block.kind != "text" else "line"
    return f"{block.path} (the chunk from {unit} {block.first_line})"


def warn_dropped(n: int) -> None:
    warnings.warn(f"dropped {n} article{'s' if n != 1 else ''} with empty text", stacklevel=3)
