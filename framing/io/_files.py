"""Files in and out: decoding input files, and one atomic-write helper for every output.

Outputs are written to a temporary sibling and moved into place with
``os.replace``, so a crash never leaves a half-written output and readers
never see one. Temporary files are named ``.<name>.framing-<pid>-<random>.tmp``:
they are removed when the write fails, when the process receives SIGTERM, and
— if the process was killed outright (SIGKILL, power loss) — by the next write
into the same folder, which removes those whose process is gone. Failures
become :class:`~framing.errors.FramingError` naming the output path (not the
temporary file) and saying what to do.

Inputs are checked before they are opened: a folder, a device such as
``/dev/null`` or a named pipe is named as such instead of being read (a pipe
would block forever).
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import stat
import threading
from collections.abc import Callable
from pathlib import Path

from framing.errors import CorpusError, FramingError

TABLE_FORMATS = (".csv", ".parquet", ".jsonl")

_TMP_RX = re.compile(r"^\..+\.framing-(\d+)-[0-9a-f]{8}\.tmp$")
_live_tmp: set[str] = set()
_lock = threading.Lock()
_previous_sigterm = None


def _usual_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _on_sigterm(signum, frame):  # pragma: no cover - exercised in a subprocess test
    for tmp in list(_live_tmp):
        try:
            os.unlink(tmp)
        except OSError:
            pass
    previous = _previous_sigterm
    signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
    if callable(previous):
        previous(signum, frame)
    else:
        os.kill(os.getpid(), signal.SIGTERM)


def _guard(tmp: str) -> None:
    """Remember a temporary file so that SIGTERM removes it (main thread only)."""
    global _previous_sigterm
    with _lock:
        _live_tmp.add(tmp)
        if threading.current_thread() is threading.main_thread():
            current = signal.getsignal(signal.SIGTERM)
            if current is not _on_sigterm:
                _previous_sigterm = current
                signal.signal(signal.SIGTERM, _on_sigterm)


def _release(tmp: str) -> None:
    with _lock:
        _live_tmp.discard(tmp)
        if (
            not _live_tmp
            and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is _on_sigterm
        ):
            signal.signal(signal.SIGTERM, _previous_sigterm or signal.SIG_DFL)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: str | os.PathLike) -> list[Path]:
    """Delete temporary files left in ``folder`` by framing processes that no longer run."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(os.fspath(folder)))
    except OSError:
        return removed
    for entry in entries:
        m = _TMP_RX.match(str(entry.name))
        if m and not _alive(int(m.group(1))):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def temporary_sibling(path: Path) -> Path:
    """A fresh temporary name beside ``path`` that :func:`remove_stale_temporaries` recognises."""
    return path.with_name(f".{path.name}.framing-{os.getpid()}-{secrets.token_hex(4)}.tmp")


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)``, then move the temporary file onto ``path``."""
    path = Path(path)
    if path.is_dir():
        raise FramingError(f"cannot write {path}: it is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FramingError(
            f"cannot write {path}: {exc.strerror or exc} ({path.parent}); choose another location"
        ) from None
    remove_stale_temporaries(path.parent)
    tmp = temporary_sibling(path)
    _guard(str(tmp))
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _usual_mode())
            os.close(fd)
        except OSError as exc:
            raise FramingError(
                f"cannot write {path}: {exc.strerror or exc} ({path.parent}); "
                "choose another location"
            ) from None
        write(tmp)
        _fsync(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FramingError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        _release(str(tmp))
    return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> Path:
    """Write text atomically (``encoding='utf-8-sig'`` adds the byte-order mark Excel needs)."""
    return atomic_write(path, lambda p: p.write_text(text, encoding=encoding, newline=""))


def _parquet_safe(out):
    """Object columns holding several Python types (ints and strs) as strings, for Arrow."""
    import pandas as pd

    for col in out.columns:
        if out[col].dtype != object:
            continue
        values = out[col]
        present = values[values.notna()]
        kinds = {type(v) for v in present}
        if len(kinds) > 1 or kinds & {dict, list, tuple, set, bytes}:
            out[col] = values.map(lambda v: v if pd.isna(v) is True else str(v))
    return out


def write_table(df, path: str | os.PathLike, *, metadata: dict | None = None) -> Path:
    """Write a table as CSV, Parquet or JSON Lines (by extension), atomically.

    Dates stay datetimes in Parquet; in CSV and JSON Lines they are ISO strings
    (``2025-06-09``, or with the time where any row has one). Object columns
    that mix types (numbers and text) are written to Parquet as text. With
    ``metadata`` (a JSON-able dict), Parquet files carry it in their schema
    metadata under the key ``framing``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise FramingError(f"{path}: output must end in .csv, .parquet or .jsonl")
    return atomic_write(path, table_writer(df, suffix, metadata=metadata))


def table_writer(df, suffix: str, *, metadata: dict | None = None) -> Callable[[Path], None]:
    """A function that writes ``df`` in the format of ``suffix`` to the path it is given."""
    out = df.copy()
    if suffix != ".parquet":
        for col in out.columns:
            if str(out[col].dtype).startswith("datetime64"):
                values = out[col]
                has_time = (values.dropna() != values.dropna().dt.normalize()).any()
                out[col] = values.dt.strftime("%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d")
    else:
        out = _parquet_safe(out)

    def parquet(p: Path) -> None:
        import json

        import pyarrow as pa
        import pyarrow.parquet as pq

        out.attrs = {}
        table = pa.Table.from_pandas(out, preserve_index=False)
        if metadata is not None:
            meta = dict(table.schema.metadata or {})
            meta[b"framing"] = json.dumps(metadata, default=str).encode("utf-8")
            table = table.replace_schema_metadata(meta)
        pq.write_table(table, p)

    writers = {
        ".csv": lambda p: out.to_csv(p, index=False),
        ".parquet": parquet,
        ".jsonl": lambda p: out.to_json(p, orient="records", lines=True, force_ascii=False),
    }
    return writers[suffix]


class EncodingProblem(Exception):
    """A file that does not decode: where the first bad byte is (callers word the error)."""

    def __init__(self, path: Path, encoding: str, line: int, byte: int, offset: int):
        super().__init__(f"{path}: line {line}: byte {byte:#04x} at file position {offset}")
        self.path, self.encoding = path, encoding
        self.line, self.byte, self.offset = line, byte, offset


def _codec(encoding: str) -> str:
    if encoding.lower().replace("-", "").replace("_", "") == "utf8":
        return "utf-8-sig"
    return encoding


def what_is(path: Path) -> str | None:
    """``None`` for a regular file, else what ``path`` is (for messages)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


def locate_bad_byte(path: Path, encoding: str) -> EncodingProblem | None:
    """The first undecodable byte of a file (read again only when decoding failed)."""
    raw = path.read_bytes()
    try:
        raw.decode(_codec(encoding))
    except UnicodeDecodeError as error:
        # error.object is what the codec saw (after a BOM it dropped); newlines count the same
        line = error.object[: error.start].count(b"\n") + 1
        offset = error.start + len(raw) - len(error.object)
        return EncodingProblem(path, encoding, line, error.object[error.start], offset)
    return None


def read_text(path: str | os.PathLike, encoding: str = "utf-8") -> str:
    """Decode a whole file; with UTF-8 a byte-order mark is dropped.

    Raises :class:`EncodingProblem` naming the line and byte that do not
    decode, and ``LookupError`` for an unknown codec name.
    """
    path = Path(path)
    raw = path.read_bytes()
    try:
        return raw.decode(_codec(encoding))
    except UnicodeDecodeError as error:
        problem = locate_bad_byte(path, encoding)
        if problem is None:  # pragma: no cover - decoding failed once, so it fails again
            raise error
        raise problem from None


def encoding_error(problem: EncodingProblem | None, encoding: str) -> CorpusError:
    """The corpus error for a file that does not decode: line, the byte and its position."""
    if problem is None:  # pragma: no cover - a stream failed where the whole file decodes
        return CorpusError(f"the file is not valid {encoding}; pass encoding=")
    return CorpusError(
        f"{problem.path}, line {problem.line}: cannot decode byte {problem.byte:#04x} (at file "
        f"position {problem.offset}) as {encoding}; the file uses another encoding: pass "
        "encoding= (e.g. encoding='cp1252', 'latin-1' or 'utf-16')"
    )


def check_input_file(path: Path) -> None:
    """Refuse devices, pipes and unreadable paths before opening them, naming what they are."""
    kind = what_is(path)
    if kind is None:
        return
    if kind == "missing":
        raise CorpusError(f"{path}: no such file")
    raise CorpusError(f"{path} is {kind}; give a corpus file or folder")


def check_codec(encoding: str) -> None:
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CorpusError(
            f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8'"
        ) from None


def decode_corpus_file(path: Path, encoding: str) -> str:
    check_input_file(path)
    check_codec(encoding)
    try:
        return read_text(path, encoding)
    except EncodingProblem as exc:
        raise encoding_error(exc, encoding) from None
    except PermissionError:
        raise CorpusError(f"{path}: permission denied; make the file readable") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc})") from None


def open_corpus_text(path: Path, encoding: str):
    """A text stream of a corpus file for line-by-line parsing (universal newlines kept raw)."""
    check_input_file(path)
    check_codec(encoding)
    try:
        return open(path, encoding=_codec(encoding), newline="")  # noqa: SIM115
    except PermissionError:
        raise CorpusError(f"{path}: permission denied; make the file readable") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc})") from None
