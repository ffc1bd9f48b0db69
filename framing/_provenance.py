"""Provenance: the ``attrs["framing"]`` record of every table framing makes, in one place.

Every result records where it came from: the codebook (name, version, sha256),
the frames, the unit, the framing version, the parameters of the call that made
it and, for analyses, the analysing function and its parameters. This module
writes and reads that record; no other module touches ``attrs["framing"]``
directly.

pandas keeps ``attrs`` through many operations but drops them in some (``concat``
of tables with different attrs, ``merge``, round trips through files). So the
frame columns of a score table can also be found without ``attrs``: score tables
put the frame columns right after ``n_tokens``, and coding tables after
``doc_id``/``sent_id``/``coder`` (see :func:`frame_columns`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, TypedDict

import pandas as pd

from framing.errors import DataError

__all__ = ["Record", "read", "write", "derive", "frame_columns", "codebook_record", "version"]

KEY = "framing"


class Record(TypedDict, total=False):
    """The provenance record (every key optional; analyses add ``analysis``)."""

    source: str
    codebook: str
    codebook_version: str
    codebook_sha256: str
    frames: list[str]
    frame_labels: dict[str, str]
    unit: str
    framing_version: str
    params: dict[str, Any]
    analysis: dict[str, Any]


def version() -> str:
    """The installed framing version (read without importing the package's ``__init__``)."""
    from framing._version import __version__

    return __version__


def read(table: Any) -> Record:
    """A copy of the table's record (an empty one when it has none)."""
    attrs = getattr(table, "attrs", None)
    record = attrs.get(KEY) if isinstance(attrs, dict) else None
    return Record(**copy.deepcopy(record)) if isinstance(record, dict) else Record()


def write(table: pd.DataFrame, record: Record | dict) -> pd.DataFrame:
    """Set the table's record (in place) and return the table."""
    table.attrs[KEY] = dict(record)
    return table


def codebook_record(codebook: Any) -> Record:
    """Name, version and sha256 of a codebook, and its frames' labels, as recorded in every result.

    The labels (frame id -> the codebook's ``label``) let figures and tables show
    "Human interest" where the data say ``human_interest``.
    """
    return Record(
        codebook=codebook.name,
        codebook_version=codebook.version,
        codebook_sha256=codebook.sha256,
        frame_labels={f.name: f.label for f in codebook.frames},
    )


def derive(table: pd.DataFrame, function: str, **params: Any) -> Record:
    """The record of an analysis of ``table``: its provenance plus ``analysis``."""
    record = read(table)
    if "frames" in params:
        record["frames"] = list(params["frames"])
    record["analysis"] = {"function": f"framing.{function}", **params}
    return record


def _recorded_frames(table: pd.DataFrame) -> list[str] | None:
    frames = read(table).get("frames")
    return list(frames) if frames else None


def _layout_frames(table: pd.DataFrame) -> list[str] | None:
    """Frame columns by the score-table layout: the numeric columns after ``n_tokens``."""
    if "n_tokens" not in table.columns or table.columns.duplicated().any():
        return None
    after = list(table.columns[table.columns.get_loc("n_tokens") + 1 :])
    frames = [c for c in after if pd.api.types.is_numeric_dtype(table[c])]
    return frames if frames and len(frames) == len(after) else None


_CODING_IDS = ("doc_id", "sent_id", "coder")


def _coding_layout_frames(table: pd.DataFrame) -> list[str] | None:
    """Frame columns by the coding-table layout: 0/1 columns after ``doc_id``/``sent_id``/``coder``.

    :func:`framing.read_coding_sheet` puts them there, so codings stay usable
    after ``pd.concat`` drops differing provenance records.
    """
    cols = list(table.columns)
    if "doc_id" not in cols or "coder" not in cols or table.columns.duplicated().any():
        return None
    last = max(cols.index(c) for c in _CODING_IDS if c in cols)
    if any(c not in _CODING_IDS for c in cols[: last + 1]):
        return None
    after = cols[last + 1 :]
    if not after:
        return None
    for c in after:
        values = table[c]
        if not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)):
            return None
        if not values.dropna().isin([0, 1]).all():
            return None
    return after


def frame_columns(table: pd.DataFrame, frames: Iterable[str] | str | None = None) -> list[str]:
    """The frame columns of a score table.

    ``frames`` wins when given (each must be a column); otherwise the frames
    recorded in the table's provenance; otherwise, when pandas has dropped the
    record, the numeric columns after ``n_tokens`` (where :func:`framing.score`
    puts them).
    """
    if frames is not None:
        frames = [frames] if isinstance(frames, str) else list(frames)
        missing = [f for f in frames if f not in table.columns]
        if missing:
            raise DataError(
                f"frames {missing} are not columns of the table; columns: "
                f"{', '.join(map(str, table.columns))}"
            )
        return frames
    recorded = _recorded_frames(table)
    if recorded:
        missing = [f for f in recorded if f not in table.columns]
        if missing:
            raise DataError(
                f"frame columns {missing} are missing from the table; pass frames=[...]"
            )
        return recorded
    found = _layout_frames(table) or _coding_layout_frames(table)
    if found:
        return found
    raise DataError(
        "the table does not say which columns are frames (no provenance record, which pandas "
        "drops in some operations, no 'n_tokens' column followed by frame columns, and no "
        "coding layout doc_id[, sent_id], coder followed by 0/1 columns); pass frames=[...]"
    )
