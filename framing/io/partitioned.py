"""Tables written in parts: a folder of Parquet files that readers see as one table.

:func:`framing.score_files` writes its scores chunk by chunk into such a
folder, so that a corpus of any size is scored with bounded memory and an
interrupted run can continue:

* ``part-00000000.parquet``, ``part-00000001.parquet``, … one per chunk, named by
  chunk number (readers list them in that order, which is the input order) and
  each written atomically, carrying the provenance record in its schema metadata
  (key ``framing``, as :func:`framing.io.outputs.write_scores` writes it);
* ``_empty-00000003`` for a chunk that gave no rows;
* ``_framing.json``: the run record (inputs with their sizes and modification
  times, codebook, options, and ``complete`` once every chunk is written).

Names starting with ``_`` or ``.`` are skipped by Parquet readers, so
``pandas.read_parquet(folder)`` and ``dask.dataframe.read_parquet(folder)`` read
the parts as one table; :func:`read_partitioned` (and :func:`framing.read_scores`)
also restores the provenance into ``attrs``.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import CorpusError, FramingError

__all__ = [
    "MANIFEST",
    "part_path",
    "write_part",
    "written_parts",
    "open_parts",
    "close_parts",
    "read_partitioned",
    "is_partitioned",
]

MANIFEST = "_framing.json"
FORMAT = "framing-scores/1"


def part_path(folder: Path, index: int) -> Path:
    return folder / f"part-{index:08d}.parquet"


def _empty_marker(folder: Path, index: int) -> Path:
    # a chunk without rows: no Parquet file (readers would need its schema), just a marker
    return folder / f"_empty-{index:08d}"


def write_part(table: pd.DataFrame | None, folder: Path, index: int) -> None:
    """Write one chunk's table atomically (with its provenance), or mark it empty."""
    from framing.io._files import atomic_write, write_table

    if table is not None and len(table):
        write_table(table, part_path(folder, index), metadata=dict(table.attrs.get("framing", {})))
    else:
        atomic_write(_empty_marker(folder, index), lambda p: p.write_bytes(b""))


def written_parts(folder: Path) -> dict[int, Path | None]:
    """The chunks already written: number -> part file (None for an empty chunk)."""
    done: dict[int, Path | None] = {}
    for p in folder.glob("part-*.parquet"):
        done[int(p.stem.split("-")[1])] = p
    for p in folder.glob("_empty-*"):
        done[int(p.name.split("-")[1])] = None
    return done


def is_partitioned(folder: Path) -> bool:
    return folder.is_dir() and (folder / MANIFEST).is_file()


def open_parts(folder: Path, record: dict[str, Any], resume: bool) -> None:
    """Create the folder with its run record, or check that it holds this very run.

    Resuming needs the same record (inputs unchanged, same codebook and options);
    half-written files a killed run left behind are removed.
    """
    from framing.io._files import write_text

    found = folder / MANIFEST
    if folder.is_dir() and any(folder.iterdir()):
        if not found.is_file():
            raise FramingError(
                f"{folder}: the folder exists and is not a framing score dataset; "
                "give a new or empty folder as output="
            )
        if not resume:
            raise FramingError(
                f"{folder} holds the scores of an earlier run; pass resume=True to continue it, "
                "or remove the folder or choose another output= to start afresh"
            )
        try:
            old = json.loads(found.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise FramingError(
                f"{found}: unreadable run record; remove {folder} and start afresh"
            ) from None
        keys = [k for k in record if k not in ("complete", "rows", "articles")]
        changed = [k for k in keys if old.get(k) != record[k]]
        if changed:
            raise FramingError(
                f"{folder} was written by a run with other {', '.join(changed)}; resume needs "
                "the same inputs (unchanged files), codebook and options. Remove the folder "
                "to start afresh"
            )
        for stale in folder.glob(".*.tmp"):  # what a killed run left half-written
            stale.unlink(missing_ok=True)
        return
    folder.mkdir(parents=True, exist_ok=True)
    write_text(found, json.dumps({**record, "format": FORMAT}, indent=2) + "\n")


def close_parts(folder: Path, record: dict[str, Any], **totals: int) -> None:
    """Give the parts one schema and mark the run complete in its record."""
    from framing.io._files import write_text

    _unify(folder)
    done = {**record, "format": FORMAT, "complete": True, **totals}
    write_text(folder / MANIFEST, json.dumps(done, indent=2) + "\n")


def _unified_schema(schemas: list):
    """One schema for every part (see :func:`_unify`); None when the parts agree already."""
    import pyarrow as pa

    if not schemas or all(s.equals(schemas[0], check_metadata=False) for s in schemas):
        return None
    types: dict[str, list] = {}
    for s in schemas:
        for f in s:
            types.setdefault(f.name, []).append(f.type)
    fields = {}
    for name, ts in types.items():
        try:
            one = [pa.schema([pa.field(name, x)]) for x in ts]
            t = pa.unify_schemas(one, promote_options="permissive").field(name).type
        except (pa.ArrowInvalid, pa.ArrowTypeError, NotImplementedError):
            t = pa.large_string()
        fields[name] = pa.field(name, pa.large_string() if pa.types.is_null(t) else t)
    first = schemas[0].names
    tail = first[first.index("n_tokens") :] if "n_tokens" in first else []
    order = [n for n in fields if n not in tail] + [n for n in tail if n in fields]
    return pa.schema([fields[n] for n in order])


def _conform(table, unified):
    """``table`` with the columns and types of ``unified`` (missing columns empty)."""
    import pyarrow as pa

    columns = [
        table.column(f.name).cast(f.type)
        if f.name in table.column_names
        else pa.nulls(len(table), f.type)
        for f in unified
    ]
    meta = {k: v for k, v in (table.schema.metadata or {}).items() if k != b"pandas"}
    return pa.Table.from_arrays(columns, schema=unified.with_metadata(meta))


def _unify(folder: Path) -> None:
    """Give every part one schema, so that readers see one table.

    A metadata column can be all-empty in one chunk (no type) and text in
    another, or integers in one chunk and decimals in another; parts are cast
    to the common type (text when there is none) and missing columns added
    empty, before ``n_tokens`` like every metadata column.
    """
    import pyarrow.parquet as pq

    parts = sorted(folder.glob("part-*.parquet"))
    schemas = [pq.read_schema(p) for p in parts]
    unified = _unified_schema(schemas)
    if unified is None:
        return
    for path, schema in zip(parts, schemas, strict=True):
        if not schema.equals(unified, check_metadata=False):
            _write_arrow(path, _conform(pq.read_table(path), unified))


def _write_arrow(path: Path, table) -> None:
    import pyarrow.parquet as pq

    from framing.io._files import atomic_write

    atomic_write(path, lambda p: pq.write_table(table, p))


def read_partitioned(folder: str | Path) -> pd.DataFrame:
    """The parts of a folder written by :func:`framing.score_files`, as one table.

    Rows come in input order and ``attrs["framing"]`` holds the provenance. A run
    that has not finished is read with a warning (continue it with ``resume=True``).
    """
    import pyarrow.parquet as pq

    folder = Path(folder)
    if not is_partitioned(folder):
        raise CorpusError(
            f"{folder}: not a folder of scores written by framing.score_files (no {MANIFEST})"
        )
    try:
        run = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise CorpusError(f"{folder / MANIFEST}: unreadable run record") from None
    if not run.get("complete"):
        warnings.warn(
            f"{folder}: the run that writes these scores has not finished; rows are missing "
            "(continue it with resume=True, or --resume)",
            stacklevel=3,
        )
    parts = sorted(folder.glob("part-*.parquet"))
    if not parts:
        raise CorpusError(f"{folder}: no scores written yet")
    schemas = [pq.read_schema(p) for p in parts]
    unified = _unified_schema(schemas)  # parts of an unfinished run may still differ
    if unified is None:
        table = pd.read_parquet(folder)
    else:
        import pyarrow as pa

        table = pa.concat_tables(_conform(pq.read_table(p), unified) for p in parts).to_pandas()
    meta = schemas[0].metadata or {}
    if b"framing" in meta:
        table.attrs["framing"] = json.loads(meta[b"framing"])
    return table
