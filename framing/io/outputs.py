"""Result tables with their provenance on disk: written as a consistent pair, read back together.

:func:`write_scores` writes a table (CSV, JSON Lines or Parquet) and its
provenance record (``<file>.meta.json``: codebook, its sha256, frames, unit,
framing version, the command) so that a process killed at any moment leaves
either the old pair or the new pair, never new data with old provenance:

* Parquet files carry the record inside the file (schema metadata ``framing``),
  so data and provenance are replaced by one rename; the ``.meta.json`` beside it
  is a readable copy.
* For CSV and JSON Lines the record names the sha256 of the data it describes.
  The new meta is written first under a temporary name and renamed into place
  holding the new record *and* the previous one; the data file is renamed last
  (the moment the new pair takes effect); the meta is then rewritten without
  the previous record. :func:`read_scores` picks the record whose sha256 matches
  the data, so between any two steps it returns a matching pair.

Temporary files are removed on errors and SIGTERM and, after SIGKILL, by the
next write into the same folder (:mod:`framing.io._files`).
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path

import pandas as pd

from framing.errors import CorpusError, FramingError
from framing.io._files import TABLE_FORMATS, atomic_write, table_writer, write_table, write_text

__all__ = ["write_scores", "read_scores", "meta_path"]


def meta_path(path: str | os.PathLike) -> Path:
    """Where the provenance of ``path`` is written: ``<name>.meta.json`` beside it."""
    path = Path(path)
    return path.with_name(path.name + ".meta.json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dump(record: dict) -> str:
    return json.dumps(record, indent=2, default=str, ensure_ascii=False) + "\n"


def _read_meta(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def write_scores(table: pd.DataFrame, path: str | os.PathLike, **extra) -> tuple[Path, Path]:
    """Write ``table`` and its provenance (``attrs["framing"]`` plus ``extra``) as a pair.

    Returns the data path and the ``.meta.json`` path. See the module docstring for
    what a crash leaves behind.
    """
    path = Path(path)
    if path.suffix.lower() not in TABLE_FORMATS:
        raise FramingError(f"{path}: output must end in .csv, .parquet or .jsonl")
    record = {**table.attrs.get("framing", {}), **extra, "n_rows": len(table)}
    meta = meta_path(path)
    if path.suffix.lower() == ".parquet":
        write_table(table, path, metadata=record)
        write_text(meta, _dump({**record, "data_sha256": _sha256(path)}))
        return path, meta

    # data to a temporary file first; it is renamed into place only at the end
    staged: dict[str, str] = {}

    def stage(tmp: Path) -> None:
        table_writer(table, path.suffix.lower())(tmp)
        staged["sha"] = _sha256(tmp)
        old = _read_meta(meta)
        both = {**record, "data_sha256": staged["sha"]}
        if old is not None and path.exists():
            both["previous"] = {k: v for k, v in old.items() if k != "previous"}
        write_text(meta, _dump(both))  # meta valid for the old data and the new data

    atomic_write(path, stage)
    write_text(meta, _dump({**record, "data_sha256": staged["sha"]}))
    return path, meta


def read_scores(path: str | os.PathLike) -> pd.DataFrame:
    """Read a table written by ``framing score`` / :func:`write_scores` with its provenance.

    A folder written by :func:`framing.score_files` (``framing score --stream``) is
    read as one table (:mod:`framing.io.partitioned`).

    The provenance record is restored into ``attrs["framing"]``: from inside a
    Parquet file, or from the ``.meta.json`` record whose sha256 matches the data.
    A table whose meta does not match (edited by hand, or written by another
    program) is returned with a warning and without the record.

    Examples
    --------
    >>> import pandas as pd
    >>> path = getfixture("tmp_path") / "scores.csv"
    >>> t = pd.DataFrame({"doc_id": ["a"], "n_tokens": [3], "war": [1.5]})
    >>> t.attrs["framing"] = {"frames": ["war"], "unit": "document"}
    >>> _ = write_scores(t, path)
    >>> read_scores(path).attrs["framing"]["frames"]
    ['war']
    """
    path = Path(path)
    if path.is_dir():  # the parts written by framing.score_files
        from framing.io.partitioned import read_partitioned

        return read_partitioned(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise CorpusError(f"{path}: scores are .csv, .parquet or .jsonl files")
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    record = None
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        schema_meta = pq.read_schema(path).metadata or {}
        if b"framing" in schema_meta:
            record = json.loads(schema_meta[b"framing"])
        table = pd.read_parquet(path)
    else:
        if suffix == ".csv":
            table = pd.read_csv(path, dtype={"doc_id": str})
        else:
            table = pd.read_json(path, lines=True, dtype={"doc_id": str})
        meta = _read_meta(meta_path(path))
        if meta is not None:
            sha = _sha256(path)
            for candidate in (meta, meta.get("previous")):
                if isinstance(candidate, dict) and candidate.get("data_sha256") == sha:
                    record = candidate
                    break
    if record is None:
        warnings.warn(
            f"{path}: no provenance record matches this file (its .meta.json is missing or "
            "describes other data); the table is returned without one",
            stacklevel=2,
        )
        return table
    record = {k: v for k, v in record.items() if k not in ("previous", "data_sha256")}
    table.attrs["framing"] = record
    return table
