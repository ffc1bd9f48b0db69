"""Reading corpora: ``load_corpus`` over a registry of readers, and the corpus schema.

Every source becomes one article table with at least ``doc_id`` (unique
str), ``outlet``, ``date`` (datetime64, NaT when unknown), ``title``,
``text`` and ``lang``; every other metadata column is kept. Bad input raises
:class:`~framing.errors.CorpusError` naming the file, row and column and
saying how to fix it. Input files are only read, never written.

A *reader* turns one kind of source (a folder, a table file, an archive export)
into a raw table plus, for every row, where it came from; :func:`normalise_articles`
then applies the schema. New source kinds join by :func:`register_reader`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.datasets.bundled import corpus_metadata, corpus_path, list_corpora
from framing.errors import CorpusError

__all__ = ["load_corpus", "normalise_articles", "register_reader", "Reader"]

_CORE = ["doc_id", "outlet", "date", "title", "text", "lang"]


@dataclass(frozen=True)
class Reader:
    """One kind of corpus source.

    ``accepts(path)`` says whether the reader can read ``path`` (by suffix, by
    content, or because it is a folder); ``read(path, encoding)`` returns the raw
    table and, for each row, where it came from.
    """

    name: str
    description: str
    accepts: Callable[[Path], bool]
    read: Callable[[Path, str], tuple[pd.DataFrame, list[str]]]


_READERS: list[Reader] = []


def register_reader(reader: Reader, *, first: bool = False) -> Reader:
    """Add a reader; readers are asked in order and the first that accepts a path reads it."""
    if first:
        _READERS.insert(0, reader)
    else:
        _READERS.append(reader)
    return reader


def _reader_for(path: Path) -> Reader | None:
    _ensure_builtin_readers()
    for reader in _READERS:
        if reader.accepts(path):
            return reader
    return None


def _supported() -> str:
    _ensure_builtin_readers()
    return ", ".join(r.description for r in _READERS)


def _ensure_builtin_readers() -> None:
    if _READERS:
        return
    from framing.io import folders, tables

    register_reader(
        Reader("folder", "a folder of .txt/.md files", lambda p: p.is_dir(), folders.read_folder)
    )
    register_reader(
        Reader(
            "table",
            ".csv, .tsv, .jsonl, .parquet",
            lambda p: p.is_file() and p.suffix.lower() in tables.SUFFIXES,
            tables.read_table,
        )
    )


def _missing_column(kind: str, col: str, df: pd.DataFrame, where: str, arg: str) -> CorpusError:
    cols = ", ".join(map(str, df.columns)) or "none"
    return CorpusError(
        f"{where}: no {kind} column {col!r} (columns: {cols}); "
        f"rename it or pass {arg}= with the column that holds the {kind}"
    )


def load_corpus(
    source,
    *,
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str = "doc_id",
    date_col: str | None = "date",
    title_col: str = "title",
    outlet_aliases: Mapping[str, str] | None = None,
    on_empty: str = "error",
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Load a corpus of news articles.

    Parameters
    ----------
    source : str, Path or DataFrame
        A bundled corpus name (see :func:`list_corpora`), a folder of ``.txt``
        / ``.md`` files with optional YAML front matter (one article per file;
        the file name is the ``doc_id`` unless the front matter gives one), a
        ``.csv``, ``.tsv``, ``.jsonl`` or ``.parquet`` file, or a DataFrame.
    text_col, outlet_col, id_col, date_col, title_col : str
        Source columns holding the text, outlet, id, date and title; they are
        renamed to ``text``, ``outlet``, ``doc_id``, ``date`` and ``title``.
        Without an id column, ids are the row numbers; ``date_col=None``
        ignores dates.
    outlet_aliases : mapping, optional
        Spellings to merge into one outlet name, e.g.
        ``{"thehuffingtonpost": "The Huffington Post"}``; see
        :func:`suggest_outlet_aliases`.
    on_empty : {'error', 'drop', 'keep'}, default='error'
        What to do with articles whose text is empty: raise, drop them with
        one warning that counts them, or keep them.
    encoding : str, default='utf-8'
        Encoding of text files (a UTF-8 byte-order mark is ignored).

    Returns
    -------
    DataFrame
        One row per article: ``doc_id``, ``outlet``, ``date``, ``title``,
        ``text``, ``lang``, then every other column of the source.

    Raises
    ------
    CorpusError
        Missing text or outlet column, duplicate ids, unparseable dates,
        wrong encoding, malformed front matter or JSON, empty texts.

    Examples
    --------
    >>> corpus = load_corpus("pow-exchange-2025")
    >>> list(corpus.columns[:6])
    ['doc_id', 'outlet', 'date', 'title', 'text', 'lang']
    """
    if on_empty not in ("error", "drop", "keep"):
        raise CorpusError(f"on_empty must be 'error', 'drop' or 'keep', not {on_empty!r}")
    df, where, label = _read_source(source, encoding)
    corpus = normalise_articles(
        df,
        where,
        label,
        text_col=text_col,
        outlet_col=outlet_col,
        id_col=id_col,
        date_col=date_col,
        title_col=title_col,
        outlet_aliases=outlet_aliases,
        on_empty=on_empty,
    )
    if _is_bundled_name(source):
        # a bundled corpus declares the codebook it was written for; score() and kwic() use it
        declared = corpus_metadata(source).get("codebook")
        if declared:
            corpus.attrs["framing"]["codebook"] = declared
    return corpus


def _is_bundled_name(source) -> bool:
    return isinstance(source, str) and source in list_corpora() and not Path(source).exists()


def _read_source(source, encoding: str) -> tuple[pd.DataFrame, list[str], str]:
    """The raw table of a source, where each row came from, and the source's label."""
    if isinstance(source, pd.DataFrame):
        df, where, label = source.copy(), [f"row {i}" for i in range(len(source))], "<DataFrame>"
    else:
        if not isinstance(source, str | Path):
            raise CorpusError(
                f"a corpus source must be a name, a path or a DataFrame, not {type(source).__name__}"
            )
        if not str(source).strip():
            raise CorpusError("empty corpus source; give a bundled corpus name, a file or a folder")
        path = Path(source)
        if _is_bundled_name(source):
            path = corpus_path(str(source)) / "articles"
        label = str(path)
        reader = _reader_for(path)
        if reader is not None:
            df, where = reader.read(path, encoding)
        elif path.is_file():
            raise CorpusError(f"{path}: unsupported file type {path.suffix!r}; use {_supported()}")
        else:
            raise CorpusError(
                f"no bundled corpus named {str(source)!r} and no such file or folder; "
                f"bundled corpora: {', '.join(list_corpora()) or 'none'}"
            )
    return df, where, label


def normalise_articles(
    df: pd.DataFrame,
    where: list[str],
    label: str,
    *,
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str = "doc_id",
    date_col: str | None = "date",
    title_col: str = "title",
    outlet_aliases: Mapping[str, str] | None = None,
    on_empty: str = "error",
) -> pd.DataFrame:
    """Bring a raw table of articles into the corpus schema (the second half of ``load_corpus``).

    ``where`` names the origin of each row (``"file, line N"``) for error messages and
    ``label`` the source. Every reader's output goes through here, so every source gets the
    same checks and the same columns.
    """
    df = df.reset_index(drop=True)
    if df.empty:
        raise CorpusError(f"{label}: the corpus has no articles")
    dup_cols = df.columns[df.columns.duplicated()].unique().tolist()
    if dup_cols:
        raise CorpusError(
            f"{label}: duplicate column names {dup_cols}; rename them so each is unique"
        )
    if date_col is None and "date" in df.columns:
        df = df.rename(columns={"date": "date_raw"})  # ignored as a date, kept as data
    for kind, col, arg in (("text", text_col, "text_col"), ("outlet", outlet_col, "outlet_col")):
        if col not in df.columns:
            raise _missing_column(kind, col, df, label, arg)
    renames = {text_col: "text", outlet_col: "outlet", id_col: "doc_id", title_col: "title"}
    if date_col is not None:
        renames[date_col] = "date"
    clashes = [
        new
        for old, new in renames.items()
        if old != new and old in df.columns and new in df.columns
    ]
    if clashes:
        raise CorpusError(
            f"{label}: columns {clashes} exist already and would be overwritten by the renamed "
            "columns; rename them first"
        )
    df = df.rename(columns={k: v for k, v in renames.items() if k in df.columns})

    if "doc_id" not in df.columns:
        width = len(str(len(df)))
        df["doc_id"] = [str(i).zfill(width) for i in range(len(df))]
    df["doc_id"] = df["doc_id"].map(lambda v: "" if pd.isna(v) else str(v).strip())
    blank_ids = df.index[df["doc_id"] == ""]
    if len(blank_ids):
        raise CorpusError(f"{where[blank_ids[0]]}: empty doc_id; give every article an id")
    dup = df["doc_id"].duplicated(keep=False)
    if dup.any():
        rows = df.index[dup]
        first = df.loc[rows[0], "doc_id"]
        places = [where[i] for i in rows if df.loc[i, "doc_id"] == first]
        raise CorpusError(
            f"duplicate doc_id {first!r} at {' and '.join(places[:2])}"
            f"{' and more' if dup.sum() > 2 else ''}; doc_id must be unique"
        )

    df["text"] = df["text"].map(lambda v: "" if pd.isna(v) else str(v))
    empty = df["text"].str.strip() == ""
    if empty.any():
        if on_empty == "error":
            i = df.index[empty][0]
            raise CorpusError(
                f"{where[i]}, column {text_col!r}: empty text (doc_id {df.loc[i, 'doc_id']!r}; "
                f"{int(empty.sum())} empty in all); fix it, or pass on_empty='drop' to drop them"
            )
        if on_empty == "drop":
            n = int(empty.sum())
            warnings.warn(
                f"dropped {n} article{'s' if n != 1 else ''} with empty text", stacklevel=2
            )
            keep = ~empty.to_numpy()
            df = df[keep].reset_index(drop=True)
            where = [w for w, k in zip(where, keep, strict=True) if k]

    outlet = df["outlet"]
    missing_outlet = outlet.isna() | (outlet.astype(str).str.strip() == "")
    if missing_outlet.any():
        i = df.index[missing_outlet][0]
        raise CorpusError(
            f"{where[i]}, column {outlet_col!r}: missing outlet (doc_id {df.loc[i, 'doc_id']!r}); "
            "every article needs an outlet"
        )
    df["outlet"] = outlet.astype(str).str.strip()
    if outlet_aliases:
        df["outlet"] = df["outlet"].map(lambda o: outlet_aliases.get(o, o))

    df["date"] = _parse_dates(df, where, date_col) if "date" in df.columns else pd.NaT
    df["date"] = pd.to_datetime(df["date"])
    if "title" not in df.columns:
        df["title"] = ""
    df["title"] = df["title"].map(lambda v: "" if pd.isna(v) else str(v))
    if "lang" not in df.columns:
        df["lang"] = "und"
    df["lang"] = df["lang"].map(lambda v: "und" if pd.isna(v) or not str(v).strip() else str(v))
    df = df[_CORE + [c for c in df.columns if c not in _CORE]]
    df.attrs["framing"] = {"source": label}
    return df


def _parse_dates(df: pd.DataFrame, where: list[str], date_col: str | None) -> pd.Series:
    raw = df["date"]
    present = raw.notna() & (raw.astype(str).str.strip() != "")
    # utc=True: offsets may differ from row to row; times are kept in UTC, naive ones as given
    parsed = pd.to_datetime(raw.where(present), errors="coerce", format="mixed", utc=True)
    parsed = parsed.dt.tz_localize(None)
    bad = present & parsed.isna()
    if bad.any():
        i = df.index[bad][0]
        raise CorpusError(
            f"{where[i]}, column {date_col!r}: cannot parse date {raw[i]!r}; "
            "use ISO dates (2025-06-09), leave it empty, or pass date_col=None"
        )
    return parsed
