"""Files in and out: decoding input files, and one atomic-write helper for every output.

Files are written to a temporary sibling and moved into place with
``os.replace``, so a crash never leaves a half-written output and readers
never see one. Failures become :class:`~framing.errors.FramingError` naming
the output path (not the temporary file) and saying what to do.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from framing.errors import CorpusError, FramingError

TABLE_FORMATS = (".csv", ".parquet", ".jsonl")


def _usual_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)``, then move the temporary file onto ``path``."""
    path = Path(path)
    if path.is_dir():
        raise FramingError(f"cannot write {path}: it is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FramingError(
            f"cannot write {path}: {exc.strerror or exc} ({path.parent}); choose another location"
        ) from None
    os.close(fd)
    os.chmod(tmp, _usual_mode())  # mkstemp makes 0600 files; outputs get the usual mode
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FramingError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_table(df, path: str | os.PathLike) -> Path:
    """Write a table as CSV, Parquet or JSON Lines (by extension), atomically.

    Dates stay datetimes in Parquet; in CSV and JSON Lines they are ISO strings
    (``2025-06-09``, or with the time where any row has one).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise FramingError(f"{path}: output must end in .csv, .parquet or .jsonl")
    out = df.copy()
    if suffix != ".parquet":
        for col in out.columns:
            if str(out[col].dtype).startswith("datetime64"):
                values = out[col]
                has_time = (values.dropna() != values.dropna().dt.normalize()).any()
                out[col] = values.dt.strftime("%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d")
    writers = {
        ".csv": lambda p: out.to_csv(p, index=False),
        ".parquet": lambda p: out.to_parquet(p, index=False),
        ".jsonl": lambda p: out.to_json(p, orient="records", lines=True, force_ascii=False),
    }
    return atomic_write(path, writers[suffix])


class EncodingProblem(Exception):
    """A file that does not decode: where the first bad byte is (callers word the error)."""

    def __init__(self, path: Path, encoding: str, line: int, byte: int, offset: int):
        super().__init__(f"{path}: line {line}: byte {byte:#04x} at file position {offset}")
        self.path, self.encoding = path, encoding
        self.line, self.byte, self.offset = line, byte, offset


def read_text(path: str | os.PathLike, encoding: str = "utf-8") -> str:
    """Decode a whole file; with UTF-8 a byte-order mark is dropped.

    Raises :class:`EncodingProblem` naming the line and byte that do not
    decode, and ``LookupError`` for an unknown codec name.
    """
    path = Path(path)
    if encoding.lower().replace("-", "").replace("_", "") == "utf8":
        encoding = "utf-8-sig"
    raw = path.read_bytes()
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        # error.object is what the codec saw (after a BOM it dropped); newlines count the same
        line = error.object[: error.start].count(b"\n") + 1
        offset = error.start + len(raw) - len(error.object)
        raise EncodingProblem(path, encoding, line, error.object[error.start], offset) from None


def decode_corpus_file(path: Path, encoding: str) -> str:
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
