"""Folder reader: one article per ``.txt`` / ``.md`` file, or a folder of archive exports.

Two layouts are read:

* one subfolder per outlet, ``corpus/<outlet>/<article>.txt`` — the outlet is
  the name of the first-level folder, the file name (without extension) the
  ``doc_id``; YAML front matter is optional;
* files anywhere in the folder with YAML front matter that gives ``outlet:``.

Front matter, when present, wins over the folder name. A folder holding
news-archive exports (Nexis Uni, LexisNexis, Factiva, Media Cloud; see
:mod:`framing.io.archives`) is read as one corpus of all their articles. A
subfolder or file that cannot be read is an error, never skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing.errors import CorpusError
from framing.io._files import decode_corpus_file
from framing.io._yaml import YAMLProblem, load_yaml
from framing.io.corpus import ReadOptions

_FRONT_MATTER_RX = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)
_ARTICLE_SUFFIXES = (".md", ".txt")


def _walk(folder: Path) -> list[Path]:
    """Every file below ``folder``, sorted; an unreadable subfolder is an error."""
    files: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except PermissionError:
            raise CorpusError(
                f"{current}: permission denied; the folder is part of the corpus but cannot be "
                "read: make it readable (chmod) or move it out of the corpus folder"
            ) from None
        except OSError as exc:
            raise CorpusError(
                f"{current}: cannot read the folder ({exc.strerror or exc})"
            ) from None
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders (.git, .DS_Store, editor backups)
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file():
                    files.append(Path(entry.path))
            except OSError as exc:
                raise CorpusError(f"{entry.path}: cannot read ({exc.strerror or exc})") from None
    return sorted(files)


def read_folder(folder: Path, options: ReadOptions | str) -> tuple[pd.DataFrame, Sequence[str]]:
    if isinstance(options, str):
        options = ReadOptions(encoding=options)
    from framing.io import archives

    files = _walk(folder)
    exports = [p for p in files if archives.detect(p) is not None]
    if exports:
        from framing.io.corpus import read_files

        articles = [
            p
            for p in files
            if p not in exports
            and p.suffix.lower() in _ARTICLE_SUFFIXES
            and p.name.lower() != "readme.md"
        ]
        if articles:
            raise CorpusError(
                f"{folder}: holds news-archive exports ({exports[0].name}, ...) and plain "
                f"articles ({articles[0].name}, ...); put them in separate folders"
            )
        return read_files(exports, options)
    files = [
        p for p in files if p.suffix.lower() in _ARTICLE_SUFFIXES and p.name.lower() != "readme.md"
    ]
    if not files:
        raise CorpusError(
            f"{folder}: no .txt or .md files found; put one article per file there, in one "
            "subfolder per outlet (corpus/<outlet>/<article>.txt)"
        )
    return _read_articles(folder, files, options.encoding)


def _read_articles(folder: Path, files: list[Path], encoding: str):
    records, where, flat = [], [], []
    for path in files:
        meta, body = _front_matter(path, decode_corpus_file(path, encoding))
        relative = path.relative_to(folder)
        if "outlet" not in meta:
            if len(relative.parts) > 1:
                meta["outlet"] = relative.parts[0]
            else:
                flat.append(path)
        meta.setdefault("doc_id", path.stem)
        meta["text"] = body.strip("\n").strip()
        records.append(meta)
        where.append(f"{path}")
    if flat:
        raise CorpusError(
            f"{flat[0]}: no outlet for this article ({len(flat)} such file"
            f"{'s' if len(flat) != 1 else ''} directly in {folder}). Either put each outlet's "
            f"articles in a subfolder named after the outlet ({folder}/<outlet>/<article>.txt), "
            "or start each file with front matter naming it:\n---\noutlet: The Outlet\n---"
        )
    return pd.DataFrame.from_records(records), where


def _front_matter(path: Path, raw: str) -> tuple[dict, str]:
    if not raw.lstrip("\ufeff").startswith("---"):
        return {}, raw
    m = _FRONT_MATTER_RX.match(raw)
    if not m:
        raise CorpusError(
            f"{path}, line 1: front matter opened with '---' but never closed; "
            "end it with a line holding only '---'"
        )
    meta = _load_yaml(path, m.group(1))
    if not isinstance(meta, dict):
        raise CorpusError(
            f"{path}: front matter must be 'key: value' lines, got {type(meta).__name__}"
        )
    meta = {str(k): v for k, v in meta.items()}
    for key, value in meta.items():
        if isinstance(value, dict | list | set):
            raise CorpusError(
                f"{path}: front matter key {key!r} holds a {type(value).__name__}; "
                "metadata values must be single values (text, numbers, dates)"
            )
    return meta, raw[m.end() :]


def _load_yaml(path: Path, text: str):
    try:  # bounded: aliases and nesting cannot blow up (framing.io._yaml)
        return load_yaml(text, line_offset=1, yaml12_booleans=False, duplicate_keys=True)[0] or {}
    except YAMLProblem as exc:
        line = f", line {exc.line}" if exc.line else ""
        message = exc.message
        if message.startswith("malformed YAML"):
            message = message.replace("YAML", "YAML front matter", 1)
            message += "; quote values containing ':' or '#'"
        elif message.startswith("invalid value"):
            message = message.replace("value", "value in the front matter", 1)
        else:
            message = f"front matter: {message}"
        raise CorpusError(f"{path}{line}: {message}") from None
