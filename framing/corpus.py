"""Reading corpora: bundled corpora, folders of Markdown/text files, CSV, TSV, JSONL, Parquet.

Every source becomes one article table with at least ``doc_id`` (unique
str), ``outlet``, ``date`` (datetime64, NaT when unknown), ``title``,
``text`` and ``lang``; every other metadata column is kept. Bad input raises
:class:`~framing.errors.CorpusError` naming the file, row and column and
saying how to fix it. Input files are only read, never written.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ._io import EncodingProblem, read_text
from .errors import CodingError, CorpusError

__all__ = [
    "load_corpus",
    "list_corpora",
    "suggest_outlet_aliases",
    "load_reference_coding",
    "load_worksheet",
    "corpus_path",
    "near_duplicates",
]

_CORE = ["doc_id", "outlet", "date", "title", "text", "lang"]
_TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".parquet"}
_FRONT_MATTER_RX = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)


def _corpora_root() -> Path:
    installed = Path(__file__).parent / "_corpora"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "corpora"


def list_corpora() -> list[str]:
    """Names of the bundled corpora."""
    root = _corpora_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "articles").is_dir())


def corpus_path(name: str) -> Path:
    """Folder of a bundled corpus (its README, ``articles/`` and ``coding/``)."""
    if name not in list_corpora():
        raise CorpusError(
            f"no bundled corpus named {name!r}; bundled corpora: {', '.join(list_corpora()) or 'none'}"
        )
    return _corpora_root() / name


def _read_text(path: Path, encoding: str) -> str:
    try:
        return read_text(path, encoding)
    except EncodingProblem as exc:
        raise CorpusError(
            f"{path}, line {exc.line}: cannot decode byte {exc.offset} as {encoding}; the file "
            "uses another encoding: pass encoding= (e.g. encoding='cp1252', 'latin-1' or 'utf-16')"
        ) from None
    except LookupError:
        raise CorpusError(
            f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8'"
        ) from None


def _read_folder(folder: Path, encoding: str) -> tuple[pd.DataFrame, list[str]]:
    import yaml

    files = sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in (".md", ".txt") and p.is_file()
    )
    files = [p for p in files if p.name.lower() != "readme.md"]
    if not files:
        raise CorpusError(f"{folder}: no .txt or .md files found; put one article per file there")
    records, where = [], []
    for path in files:
        raw = _read_text(path, encoding)
        meta: dict = {}
        body = raw
        if raw.lstrip("\ufeff").startswith("---"):
            m = _FRONT_MATTER_RX.match(raw)
            if not m:
                raise CorpusError(
                    f"{path}, line 1: front matter opened with '---' but never closed; "
                    "end it with a line holding only '---'"
                )
            try:
                meta = yaml.safe_load(m.group(1)) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = f", line {mark.line + 2}" if mark is not None else ""
                raise CorpusError(
                    f"{path}{line}: malformed YAML front matter ({getattr(exc, 'problem', exc)}); "
                    "quote values containing ':' or '#'"
                ) from None
            except (ValueError, TypeError) as exc:  # e.g. an impossible date: 2025-13-45
                raise CorpusError(
                    f"{path}: invalid value in the front matter ({exc}); quote it or correct it"
                ) from None
            if not isinstance(meta, dict):
                raise CorpusError(
                    f"{path}: front matter must be 'key: value' lines, got {type(meta).__name__}"
                )
            body = raw[m.end() :]
        meta = {str(k): v for k, v in meta.items()}
        for key, value in meta.items():
            if isinstance(value, dict | list | set):
                raise CorpusError(
                    f"{path}: front matter key {key!r} holds a {type(value).__name__}; "
                    "metadata values must be single values (text, numbers, dates)"
                )
        meta.setdefault("doc_id", path.stem)
        meta["text"] = body.strip("\n").strip()
        records.append(meta)
        where.append(f"{path}")
    return pd.DataFrame.from_records(records), where


def _read_table(path: Path, encoding: str) -> tuple[pd.DataFrame, list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for broken files
            raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
        return df, [f"{path}, row {i + 1}" for i in range(len(df))]
    text = _read_text(path, encoding)
    if suffix == ".jsonl":
        records, where = [], []
        for i, line in enumerate(text.splitlines(), start=1):
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
    _check_field_counts(path, text, sep)
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
    return df, [f"{path}, line {i + 2}" for i in range(len(df))]


def _check_field_counts(path: Path, text: str, sep: str) -> None:
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
                f"{path}, line {reader.line_num}: {len(row)} fields but the header has "
                f"{len(header)}; quote values that contain {'tabs' if sep == chr(9) else 'commas'}"
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
        if isinstance(source, str) and source in list_corpora() and not path.exists():
            path = corpus_path(source) / "articles"
        label = str(path)
        if path.is_dir():
            df, where = _read_folder(path, encoding)
        elif path.is_file() and path.suffix.lower() in _TABLE_SUFFIXES:
            df, where = _read_table(path, encoding)
        elif path.is_file():
            raise CorpusError(
                f"{path}: unsupported file type {path.suffix!r}; use .csv, .tsv, .jsonl, .parquet "
                "or a folder of .txt/.md files"
            )
        else:
            raise CorpusError(
                f"no bundled corpus named {str(source)!r} and no such file or folder; "
                f"bundled corpora: {', '.join(list_corpora()) or 'none'}"
            )
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


def _outlet_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", str(name).casefold())


def _display_score(name: str) -> int:
    """How much a spelling reads like a name: spaces and capitals, not punctuation."""
    punct = sum(not (c.isalnum() or c.isspace()) for c in name)
    return name.count(" ") + sum(c.isupper() for c in name) - punct


def suggest_outlet_aliases(corpus: pd.DataFrame, *, outlet_col: str = "outlet") -> dict[str, str]:
    """Propose ``outlet_aliases`` for spellings of the same outlet.

    Spellings that agree once case, spaces and punctuation are ignored
    ("The Huffington Post", "thehuffingtonpost") are merged into the spelling
    that reads most like a name — the one with most spaces and capitals — so
    slugs and lower-cased variants give way to the display name (ties: the
    most frequent spelling, then alphabetical).

    Returns
    -------
    dict
        ``{variant: canonical}`` for every variant that differs from its
        canonical spelling; pass it to ``load_corpus(outlet_aliases=...)``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"outlet": ["The Huffington Post", "thehuffingtonpost", "RT", "rt", "RT"]})
    >>> sorted(suggest_outlet_aliases(df).items())
    [('rt', 'RT'), ('thehuffingtonpost', 'The Huffington Post')]
    """
    if isinstance(corpus, pd.Series):
        corpus = corpus.to_frame(outlet_col)
    if not isinstance(corpus, pd.DataFrame) or outlet_col not in corpus.columns:
        raise CorpusError(
            f"no {outlet_col!r} column; pass a corpus DataFrame (or a Series of outlets)"
        )
    counts = corpus[outlet_col].dropna().astype(str).value_counts()
    groups: dict[str, list[str]] = {}
    for name in counts.index:
        groups.setdefault(_outlet_key(name), []).append(name)
    out: dict[str, str] = {}
    for names in groups.values():
        if len(names) < 2:
            continue
        canonical = sorted(
            names,
            key=lambda n: (-_display_score(n), -counts[n], n),
        )[0]
        out.update({n: canonical for n in names if n != canonical})
    return out


def _coding_file(name: str, filename: str) -> Path:
    path = corpus_path(name) / "coding" / filename
    if not path.is_file():
        raise CodingError(f"the corpus {name!r} ships no coding file {filename!r}")
    return path


def load_reference_coding(name: str = "pow-exchange-2025") -> pd.DataFrame:
    """The reference (human) sentence coding shipped with a bundled corpus.

    Returns
    -------
    DataFrame
        ``doc_id``, ``sent_id``, ``text`` and one 0/1 column per frame of the
        corpus's codebook; ids join to ``framing.sentences(load_corpus(name))``.
    """
    df = pd.read_csv(_coding_file(name, "reference.csv"), dtype={"doc_id": str})
    df.attrs["framing"] = {"source": f"{name}/coding/reference.csv"}
    return df


def load_worksheet(name: str = "pow-exchange-2025") -> pd.DataFrame:
    """The classroom worksheet: reference sentences with empty frame columns."""
    return pd.read_csv(_coding_file(name, "worksheet.csv"), dtype={"doc_id": str})


def near_duplicates(
    corpus: pd.DataFrame, *, threshold: float = 0.5, shingle: int = 5, text_col: str = "text"
) -> pd.DataFrame:
    """Pairs of articles that share most of their text (syndicated wire copy, reposts).

    Similarity is the Jaccard index of the two articles' sets of word
    ``shingle``-grams (Broder 1997), from one sparse matrix product, so a
    republished wire story with a new intro and a trimmed sentence still scores
    high while two reports of the same event in different words score near 0.

    Parameters
    ----------
    corpus : DataFrame
        Articles with ``doc_id`` and ``text_col``.
    threshold : float, default=0.5
        Report pairs with Jaccard similarity at least this.
    shingle : int, default=5
        Length of the word n-grams compared.

    Returns
    -------
    DataFrame
        ``doc_a``, ``doc_b`` (``doc_a`` < ``doc_b``), ``similarity``, sorted by
        similarity, highest first.

    Examples
    --------
    >>> import pandas as pd
    >>> t = "the talks in istanbul ended with an agreement on prisoners and bodies"
    >>> df = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [t, "Update: " + t, "something else entirely"]})
    >>> near_duplicates(df)[["doc_a", "doc_b"]].values.tolist()
    [['a', 'b']]
    """
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    from .text import tokenize

    if not 0 < threshold <= 1:
        raise CorpusError(f"threshold must be in (0, 1], not {threshold!r}")
    for col in ("doc_id", text_col):
        if col not in corpus.columns:
            raise CorpusError(f"no {col!r} column; near_duplicates needs doc_id and {text_col!r}")
    ids = corpus["doc_id"].astype(str).to_numpy()
    vec = CountVectorizer(
        tokenizer=tokenize,
        lowercase=False,
        token_pattern=None,
        ngram_range=(shingle, shingle),
        binary=True,
    )
    try:
        X = vec.fit_transform(corpus[text_col].fillna("").tolist()).astype(np.float64)
    except ValueError:  # no document is long enough for one shingle
        return pd.DataFrame({"doc_a": [], "doc_b": [], "similarity": []})
    sizes = np.asarray(X.sum(axis=1)).ravel()
    inter = sparse.triu(X @ X.T, k=1).tocoo()
    union = sizes[inter.row] + sizes[inter.col] - inter.data
    sim = np.divide(inter.data, union, out=np.zeros_like(inter.data), where=union > 0)
    keep = sim >= threshold
    a, b = ids[inter.row[keep]], ids[inter.col[keep]]
    out = pd.DataFrame(
        {"doc_a": np.minimum(a, b), "doc_b": np.maximum(a, b), "similarity": sim[keep]}
    )
    return out.sort_values(["similarity", "doc_a"], ascending=[False, True]).reset_index(drop=True)
