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

import glob
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.datasets.bundled import corpus_metadata, corpus_path, list_corpora
from framing.errors import CorpusError, ParameterError

__all__ = [
    "load_corpus",
    "normalise_articles",
    "register_reader",
    "Reader",
    "ReadOptions",
    "Locations",
]

_CORE = ["doc_id", "outlet", "date", "title", "text", "lang"]
_ROLES = ("doc_id", "outlet", "date", "title", "text")


@dataclass(frozen=True)
class ReadOptions:
    """What a reader needs to know besides the path.

    ``id_col`` lets a reader keep ids exactly as the file writes them
    (``1.0`` stays ``"1.0"``); ``on_bad_date`` says what archive readers do
    with a date they cannot read (``"error"`` or ``"keep"`` as NaT).
    """

    encoding: str = "utf-8"
    id_col: str = "doc_id"
    on_bad_date: str = "error"


class Locations(Sequence):
    """Where each row came from (``"file, line 12"``), computed on demand.

    A list of a million such strings would cost more memory than many
    corpora; this keeps a template per source and one number per row.
    """

    def __init__(self, templates: list[tuple[str, str]], which, numbers):
        self.templates = templates
        self.which = np.asarray(which, dtype=np.int64)
        self.numbers = np.asarray(numbers, dtype=np.int64)

    @classmethod
    def lines(cls, prefix: str, numbers, suffix: str = "") -> Locations:
        numbers = np.asarray(numbers, dtype=np.int64)
        return cls([(prefix, suffix)], np.zeros(len(numbers), dtype=np.int64), numbers)

    @classmethod
    def fixed(cls, names: Sequence[str]) -> Locations:
        return cls([(str(n), "") for n in names], np.arange(len(names)), np.full(len(names), -1))

    @classmethod
    def of(cls, where) -> Locations:
        return where if isinstance(where, Locations) else cls.fixed(list(where))

    @classmethod
    def concat(cls, parts: Sequence) -> Locations:
        templates: list[tuple[str, str]] = []
        which, numbers = [], []
        for part in map(cls.of, parts):
            which.append(part.which + len(templates))
            templates.extend(part.templates)
            numbers.append(part.numbers)
        if not which:
            return cls([], [], [])
        return cls(templates, np.concatenate(which), np.concatenate(numbers))

    def __len__(self) -> int:
        return len(self.which)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        prefix, suffix = self.templates[self.which[i]]
        n = self.numbers[i]
        return f"{prefix}{n}{suffix}" if n >= 0 else f"{prefix}{suffix}"

    def take(self, keep) -> Locations:
        keep = np.asarray(keep)
        return Locations(self.templates, self.which[keep], self.numbers[keep])


@dataclass(frozen=True)
class Reader:
    """One kind of corpus source.

    ``accepts(path)`` says whether the reader can read ``path`` (by suffix, by
    content, or because it is a folder); ``read(path, options)`` returns the raw
    table and, for each row, where it came from (a list of strings or
    :class:`Locations`). ``options`` is a :class:`ReadOptions`.
    """

    name: str
    description: str
    accepts: Callable[[Path], bool]
    read: Callable[[Path, ReadOptions], tuple[pd.DataFrame, Sequence[str]]]


_READERS: list[Reader] = []
_BUILTIN_LOADED = False


def register_reader(reader: Reader, *, first: bool = False) -> Reader:
    """Add a reader; readers are asked in order and the first that accepts a path reads it.

    ``first=True`` puts it before the built-in readers (e.g. a reader that
    recognises a kind of CSV by its content goes before the generic table reader).
    """
    _ensure_builtin_readers()
    if first:
        _READERS.insert(0, reader)
    else:
        _READERS.append(reader)
    return reader


def _reader_for(path: Path) -> Reader | None:
    _ensure_builtin_readers()
    for reader in _READERS:
        try:
            if reader.accepts(path):
                return reader
        except OSError:
            continue
    return None


def _supported() -> str:
    _ensure_builtin_readers()
    return ", ".join(r.description for r in _READERS)


def _ensure_builtin_readers() -> None:
    global _BUILTIN_LOADED
    if _BUILTIN_LOADED:
        return
    _BUILTIN_LOADED = True
    from framing.io import archives, folders, tables

    # archive exports are recognised by content, so they come before the generic readers
    _READERS[:0] = [
        *archives.READERS,
        Reader("folder", "a folder of .txt/.md files", lambda p: p.is_dir(), folders.read_folder),
        Reader(
            "table",
            ".csv, .tsv, .jsonl, .parquet, .xlsx",
            lambda p: p.is_file() and p.suffix.lower() in tables.SUFFIXES,
            tables.read_table,
        ),
    ]


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
    outlet_aliases: Mapping[str, str] | str | None = None,
    on_empty: str = "error",
    encoding: str = "utf-8",
    dayfirst: bool | None = None,
    date_format: str | None = None,
    on_bad_date: str = "error",
    drop_duplicates: str | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Load a corpus of news articles.

    Parameters
    ----------
    source : str, Path or DataFrame
        A bundled corpus name (see :func:`list_corpora`); a folder of ``.txt``
        / ``.md`` files, one article per file, either one subfolder per outlet
        (``corpus/<outlet>/<article>.txt``) or with YAML front matter giving
        ``outlet:`` (the file name is the ``doc_id`` unless the front matter
        gives one); a ``.csv``, ``.tsv``, ``.jsonl``, ``.parquet`` or ``.xlsx``
        file; a news-archive export (Nexis Uni ``.docx``, LexisNexis ``.txt``,
        Factiva ``.html``/``.rtf``, Media Cloud ``.csv``; see
        :func:`framing.read_archive`), a folder or a glob (``"exports/*.docx"``)
        of them; or a DataFrame.
    text_col, outlet_col, id_col, date_col, title_col : str
        Source columns holding the text, outlet, id, date and title; they are
        renamed to ``text``, ``outlet``, ``doc_id``, ``date`` and ``title``.
        One column may serve two roles (``text_col="title"`` scores the
        headlines and keeps them as titles); a column of the source that has one
        of these names but is not chosen is kept with ``_raw`` appended (the
        body is ``text_raw`` when ``text_col="title"``). Without an id column,
        ids are the row numbers; ``date_col=None`` ignores dates. Ids are
        strings exactly as the file writes them (``1.0`` stays ``"1.0"``).
    outlet_aliases : mapping or 'auto', optional
        Spellings to merge into one outlet name, e.g.
        ``{"thehuffingtonpost": "The Huffington Post"}``; ``"auto"`` applies
        :func:`suggest_outlet_aliases` and lists the merges in a warning and in
        ``attrs["framing"]["outlet_merges"]``.
    on_empty : {'error', 'drop', 'keep'}, default='error'
        What to do with articles whose text is empty: raise, drop them with
        one warning that counts them, or keep them.
    encoding : str, default='utf-8'
        Encoding of text files (a UTF-8 byte-order mark is ignored).
    dayfirst : bool, optional
        How to read numeric dates such as ``03.06.2025``: ``True`` day first,
        ``False`` month first. By default the column decides (``15.06.2025``
        can only be day-first); a column where every date reads both ways is an
        error that names two rows. One order is used for the whole column.
    date_format : str, optional
        A ``strftime`` format that every date of the column must match
        (``"%d.%m.%Y"``).
    on_bad_date : {'error', 'keep'}, default='error'
        For news-archive exports: a date that cannot be read is an error naming
        the file, the article number and the text; ``'keep'`` keeps the article
        with a missing date (NaT).
    drop_duplicates : {'exact', 'near'} or None, default=None
        Drop repeated articles, keeping the first: ``'exact'`` the same text
        (ignoring case and spacing), ``'near'`` the pairs that
        :func:`near_duplicates` finds (wire copy in several papers, the same
        story in two downloads). Dropped ids are listed in a warning and in
        ``attrs["framing"]["dropped_duplicates"]``.
    lang : str, optional
        The language of each article: ``'auto'`` identifies it offline from the
        text (:func:`framing.identify_language`) and adds a ``lang_confidence``
        column; a column name reads it from that column; a language code such
        as ``'en'`` sets it for every article. By default the source's ``lang``
        column when it has one, else ``'auto'``. Empty entries of a language
        column are identified too. Mixed-language corpora are normal: every
        stage follows each article's ``lang``.

    Returns
    -------
    DataFrame
        One row per article: ``doc_id``, ``outlet``, ``date``, ``title``,
        ``text``, ``lang`` (and ``lang_confidence`` when languages were
        identified), then every other column of the source. ``date`` is
        datetime64: naive for dates read from text (times with offsets converted
        to UTC), timezone-aware UTC for archive exports and for sources whose
        dates already carry a time zone.

    Raises
    ------
    CorpusError
        Missing text or outlet column, duplicate ids, unparseable or ambiguous
        dates, wrong encoding, malformed front matter, JSON or CSV quoting,
        text that is not a string, empty texts.

    Examples
    --------
    >>> corpus = load_corpus("pow-exchange-2025")
    >>> list(corpus.columns[:6])
    ['doc_id', 'outlet', 'date', 'title', 'text', 'lang']
    """
    from framing._validation import check_choice

    check_choice("on_empty", on_empty, ("error", "drop", "keep"))
    check_choice("on_bad_date", on_bad_date, ("error", "keep"))
    check_choice("drop_duplicates", drop_duplicates, ("exact", "near", None))
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise ParameterError(f"dayfirst must be True, False or None, got {dayfirst!r}")
    if date_format is not None and not isinstance(date_format, str):
        raise ParameterError(
            f"date_format must be a format string such as '%d.%m.%Y', got {date_format!r}"
        )
    for arg, value in (
        ("text_col", text_col),
        ("outlet_col", outlet_col),
        ("id_col", id_col),
        ("title_col", title_col),
    ):
        if not isinstance(value, str) or not value:
            raise ParameterError(f"{arg} must be a column name (a non-empty string), got {value!r}")
    if date_col is not None and (not isinstance(date_col, str) or not date_col):
        raise ParameterError(f"date_col must be a column name or None, got {date_col!r}")
    options = ReadOptions(encoding=encoding, id_col=id_col, on_bad_date=on_bad_date)
    df, where, label = _read_source(source, options)
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
        dayfirst=dayfirst,
        date_format=date_format,
        lang=lang,
    )
    if drop_duplicates is not None:
        corpus = _drop_duplicates(corpus, drop_duplicates)
    if _is_bundled_name(source):
        # a bundled corpus declares the codebook it was written for; score() and kwic() use it
        declared = corpus_metadata(source).get("codebook")
        if declared:
            corpus.attrs["framing"]["codebook"] = declared
    return corpus


def _drop_duplicates(corpus: pd.DataFrame, how: str) -> pd.DataFrame:
    record = dict(corpus.attrs.get("framing", {}))
    if how == "exact":
        key = corpus["text"].str.casefold().str.split().str.join(" ")
        dropped = corpus.loc[key.duplicated(keep="first"), "doc_id"].tolist()
    else:
        from framing.io.duplicates import near_duplicates

        pairs = near_duplicates(corpus)
        order = {d: i for i, d in enumerate(corpus["doc_id"])}
        dropped_set: set[str] = set()
        for a, b in zip(pairs["doc_a"], pairs["doc_b"], strict=True):
            first, later = sorted((a, b), key=order.__getitem__)
            if first not in dropped_set:
                dropped_set.add(later)
        dropped = [d for d in corpus["doc_id"] if d in dropped_set]
    if dropped:
        shown = ", ".join(map(repr, dropped[:10])) + (" ..." if len(dropped) > 10 else "")
        warnings.warn(
            f"dropped {len(dropped)} {'exact' if how == 'exact' else 'near'} duplicate "
            f"article{'s' if len(dropped) != 1 else ''} (the first copy is kept): {shown}",
            stacklevel=3,
        )
        corpus = corpus[~corpus["doc_id"].isin(dropped)].reset_index(drop=True)
    record["dropped_duplicates"] = dropped
    corpus.attrs["framing"] = record
    return corpus


def _is_bundled_name(source) -> bool:
    return isinstance(source, str) and source in list_corpora() and not Path(source).exists()


def _is_glob(source) -> bool:
    return isinstance(source, str) and any(c in source for c in "*?[") and not Path(source).exists()


def _read_source(source, options: ReadOptions) -> tuple[pd.DataFrame, Sequence[str], str]:
    """The raw table of a source, where each row came from, and the source's label."""
    if isinstance(source, pd.DataFrame):
        if isinstance(source.columns, pd.MultiIndex):
            raise CorpusError(
                "the DataFrame has MultiIndex columns; flatten them first, e.g. "
                "df.columns = ['_'.join(map(str, c)) for c in df.columns]"
            )
        return source.copy(), Locations.lines("row ", np.arange(len(source))), "<DataFrame>"
    if not isinstance(source, str | Path):
        raise CorpusError(
            f"a corpus source must be a name, a path or a DataFrame, not {type(source).__name__}"
        )
    if not str(source).strip():
        raise CorpusError("empty corpus source; give a bundled corpus name, a file or a folder")
    if _is_glob(source):
        paths = sorted(Path(p) for p in glob.glob(str(source), recursive=True))
        paths = [p for p in paths if p.is_file()]
        if not paths:
            raise CorpusError(f"no files match {str(source)!r}; check the pattern")
        return (*read_files(paths, options), str(source))
    path = Path(source)
    if _is_bundled_name(source):
        path = corpus_path(str(source)) / "articles"
    label = str(path)
    reader = _reader_for(path)
    if reader is not None:
        df, where = reader.read(path, options)
        return df, where, label
    from framing.io._files import what_is

    kind = what_is(path)
    if kind is None:
        raise CorpusError(f"{path}: unsupported file type {path.suffix!r}; use {_supported()}")
    if kind != "missing":
        raise CorpusError(f"{path} is {kind}; give a corpus file or folder")
    raise CorpusError(
        f"no bundled corpus named {str(source)!r} and no such file or folder; "
        f"bundled corpora: {', '.join(list_corpora()) or 'none'}"
    )


def read_files(paths: Sequence[Path], options: ReadOptions) -> tuple[pd.DataFrame, Locations]:
    """Read several files, each with the reader that accepts it, into one raw table.

    Every row gets ``source_file``; the files must be of kinds that read into the
    same columns (e.g. several archive exports).
    """
    frames, wheres = [], []
    for path in paths:
        reader = _reader_for(path)
        if reader is None or reader.name == "folder":
            raise CorpusError(f"{path}: unsupported file type {path.suffix!r}; use {_supported()}")
        df, where = reader.read(path, options)
        if "source_file" not in df.columns:
            df.insert(len(df.columns), "source_file", str(path))
        frames.append(df)
        wheres.append(Locations.of(where))
    archive = next(
        (f.attrs.get("framing_archive") for f in frames if f.attrs.get("framing_archive")), None
    )
    table = pd.concat(frames, ignore_index=True)
    table.attrs = {"framing_archive": archive} if archive else {}
    return table, Locations.concat(wheres)


def _check_aliases(outlet_aliases) -> None:
    if outlet_aliases is None or outlet_aliases == "auto":
        return
    if not isinstance(outlet_aliases, Mapping):
        raise ParameterError(
            f"outlet_aliases must be a mapping {{spelling: outlet}} or 'auto', "
            f"got {type(outlet_aliases).__name__}"
            + (
                "; a list cannot say which name each spelling becomes: pass a dict, e.g. "
                "{'rt': 'RT'}"
                if isinstance(outlet_aliases, list | tuple | set)
                else ""
            )
        )
    bad = [(k, v) for k, v in outlet_aliases.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise ParameterError(
            f"outlet_aliases must map spellings to outlet names (strings); {bad[0][0]!r} maps "
            f"to {bad[0][1]!r}"
        )


def _not_text(value) -> bool:
    return not isinstance(value, str) and not (
        value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
    )


def _check_text_values(df: pd.DataFrame, col: str, where, source_col: str, strict: bool) -> None:
    """Text must be text: a dict, list or bytes would be scored as its repr."""
    series = df[col]
    if (
        pd.api.types.is_string_dtype(series.dtype) and series.dtype != object
    ) or series.isna().all():
        return
    if series.dtype != object:
        if strict:
            i = 0
            raise CorpusError(
                f"{where[i]}, column {source_col!r}: the {col} column holds {series.dtype} values, "
                f"not text; pass the column that holds the {col}"
            )
        return
    containers = (dict, list, tuple, set, bytes, bytearray, np.ndarray)
    bad = series.map(lambda v: _not_text(v) and (strict or isinstance(v, containers))).to_numpy(
        dtype=bool
    )
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = series.iloc[i]
        kind = type(value).__name__
        hint = (
            "decode it to text first (e.g. .str.decode('utf-8'))"
            if isinstance(value, bytes | bytearray)
            else "it must be a string; flatten the structure to text first"
        )
        raise CorpusError(
            f"{where[i]}, column {source_col!r}: the {col} is a {kind} ({_short(value)}), "
            f"not text; {hint}"
        )


def _short(value) -> str:
    r = repr(value)
    return r if len(r) <= 60 else r[:57] + "..."


def normalise_articles(
    df: pd.DataFrame,
    where: Sequence[str],
    label: str,
    *,
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str = "doc_id",
    date_col: str | None = "date",
    title_col: str = "title",
    outlet_aliases: Mapping[str, str] | str | None = None,
    on_empty: str = "error",
    dayfirst: bool | None = None,
    date_format: str | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Bring a raw table of articles into the corpus schema (the second half of ``load_corpus``).

    ``where`` names the origin of each row (``"file, line N"``; a list or
    :class:`Locations`) for error messages and ``label`` the source. Every
    reader's output goes through here, so every source gets the same checks and
    the same columns.
    """
    from framing.io.dates import parse_date_column

    _check_aliases(outlet_aliases)
    where = Locations.of(where)
    archive = df.attrs.get("framing_archive")
    if isinstance(df.columns, pd.MultiIndex):
        raise CorpusError(
            f"{label}: MultiIndex columns; flatten them first, e.g. "
            "df.columns = ['_'.join(map(str, c)) for c in df.columns]"
        )
    df = df.reset_index(drop=True)
    if df.empty:
        raise CorpusError(f"{label}: the corpus has no articles")
    dup_cols = df.columns[df.columns.duplicated()].unique().tolist()
    if dup_cols:
        raise CorpusError(
            f"{label}: duplicate column names {dup_cols}; rename them so each is unique"
        )
    for kind, col, arg in (("text", text_col, "text_col"), ("outlet", outlet_col, "outlet_col")):
        if col not in df.columns:
            raise _missing_column(kind, col, df, label, arg)
    optional: list[tuple[str, str | None, str, str]] = [
        ("id", id_col, "id_col", "doc_id"),
        ("title", title_col, "title_col", "title"),
        ("date", date_col, "date_col", "date"),
    ]
    for kind, opt, arg, default in optional:
        if opt is not None and opt != default and opt not in df.columns:
            raise _missing_column(kind, opt, df, label, arg)

    # Each role takes its column; one column may serve two roles (text_col="title").
    # Columns named like a role but not chosen for it are kept with "_raw" appended.
    sources = {"text": text_col, "outlet": outlet_col, "doc_id": id_col, "title": title_col}
    if date_col is not None:
        sources["date"] = date_col
    sources = {role: col for role, col in sources.items() if col in df.columns}
    used = set(sources.values())
    out = {}
    for col in df.columns:
        if col in used:
            continue
        name = col
        if col in _ROLES or (col == "date" and date_col is None):
            name = f"{col}_raw"
            if name in df.columns:
                raise CorpusError(
                    f"{label}: column {col!r} is not the {col} column here and {name!r} exists "
                    "too; rename one of them"
                )
        out[name] = df[col]
    for role, col in sources.items():
        out[role] = df[col]
    df = pd.DataFrame(out)
    text_source = text_col
    if archive and "doc_id" in df.columns:
        from framing.io.archives import prepare

        df = prepare(df, where)

    if "doc_id" not in df.columns:
        width = len(str(len(df)))
        df["doc_id"] = [str(i).zfill(width) for i in range(len(df))]
    else:
        ids = df["doc_id"]
        if ids.dtype == object:
            _check_text_values(df.rename(columns={"doc_id": "id"}), "id", where, id_col, False)
        df["doc_id"] = ids.map(lambda v: "" if _missing(v) else str(v).strip())
    blank_ids = np.flatnonzero((df["doc_id"] == "").to_numpy())
    if len(blank_ids):
        raise CorpusError(f"{where[int(blank_ids[0])]}: empty doc_id; give every article an id")
    dup = df["doc_id"].duplicated(keep=False).to_numpy()
    if dup.any():
        rows = np.flatnonzero(dup)
        first = df["doc_id"].iloc[rows[0]]
        places = [where[int(i)] for i in rows if df["doc_id"].iloc[i] == first]
        raise CorpusError(
            f"duplicate doc_id {first!r} at {' and '.join(places[:2])}"
            f"{' and more' if dup.sum() > 2 else ''}; doc_id must be unique"
        )

    _check_text_values(df, "text", where, text_source, True)
    for role in ("title", "outlet"):
        if role in df.columns:
            _check_text_values(df, role, where, sources.get(role, role), False)
    text = df["text"]
    if text.hasnans:
        text = text.fillna("")
    if text.dtype == object:
        text = text.astype(str)
    df["text"] = text
    empty = _blank(df["text"])
    if empty.any():
        if on_empty == "error":
            i = int(np.flatnonzero(empty)[0])
            raise CorpusError(
                f"{where[i]}, column {text_col!r}: empty text (doc_id {df['doc_id'].iloc[i]!r}; "
                f"{int(empty.sum())} empty in all); fix it, or pass on_empty='drop' to drop them"
            )
        if on_empty == "drop":
            n = int(empty.sum())
            warnings.warn(
                f"dropped {n} article{'s' if n != 1 else ''} with empty text", stacklevel=3
            )
            keep = ~empty
            df = df[keep].reset_index(drop=True)
            where = where.take(keep)
            if df.empty:
                raise CorpusError(f"{label}: every article has empty text")

    outlet = df["outlet"]
    missing_outlet = (outlet.isna() | (outlet.astype(str).str.strip() == "")).to_numpy(dtype=bool)
    if missing_outlet.any():
        i = int(np.flatnonzero(missing_outlet)[0])
        raise CorpusError(
            f"{where[i]}, column {outlet_col!r}: missing outlet (doc_id {df['doc_id'].iloc[i]!r}); "
            "every article needs an outlet"
        )
    df["outlet"] = outlet.astype(str).str.strip()
    merges: dict[str, str] = {}
    if archive:
        from framing.io.archives import outlet_merges

        merges = outlet_merges(df["outlet"])
        if merges:
            listed = "; ".join(f"{k!r} -> {v!r}" for k, v in sorted(merges.items()))
            warnings.warn(f"merged outlet spellings: {listed}", stacklevel=3)
        df["outlet"] = df["outlet"].map(lambda o: merges.get(o, o))
    elif outlet_aliases == "auto":
        from framing.io.aliases import suggest_outlet_aliases

        merges = suggest_outlet_aliases(df)
        if merges:
            listed = "; ".join(f"{k!r} -> {v!r}" for k, v in sorted(merges.items()))
            warnings.warn(f"merged outlet spellings: {listed}", stacklevel=3)
        df["outlet"] = df["outlet"].map(lambda o: merges.get(o, o))
    if isinstance(outlet_aliases, Mapping) and outlet_aliases:
        df["outlet"] = df["outlet"].map(lambda o: outlet_aliases.get(o, o))

    if "date" in df.columns:
        df["date"] = parse_date_column(
            df["date"],
            where,
            column=date_col,
            dayfirst=dayfirst,
            date_format=date_format,
        )
    else:
        df["date"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    if "title" not in df.columns:
        df["title"] = ""
    df["title"] = df["title"].map(lambda v: "" if _missing(v) else str(v))
    from framing.text.langid import language_column

    df["lang"], confidence = language_column(df, lang, label=label)
    core = _CORE
    if confidence is not None:
        df["lang_confidence"] = confidence
        core = [*_CORE, "lang_confidence"]
    df = df[core + [c for c in df.columns if c not in core]]
    record: dict = {"source": label}
    if merges:
        record["outlet_merges"] = merges
    df.attrs["framing"] = record
    return df


def _blank(text: pd.Series) -> np.ndarray:
    """Which texts have no non-space character, without a stripped copy of every text."""
    arrow = getattr(text.array, "_pa_array", None)
    if arrow is not None:
        import pyarrow.compute as pc

        has = pc.match_substring_regex(arrow, r"\S").fill_null(False)
        return ~np.asarray(has.to_numpy(zero_copy_only=False), dtype=bool)
    return np.fromiter((not str(v).strip() for v in text), dtype=bool, count=len(text))


def _missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
