"""Folder reader: one article per ``.txt`` / ``.md`` file, with optional YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from framing.errors import CorpusError
from framing.io._files import decode_corpus_file
from framing.io._yaml import YAMLProblem, load_yaml

_FRONT_MATTER_RX = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)


def read_folder(folder: Path, encoding: str) -> tuple[pd.DataFrame, list[str]]:

    files = sorted(
        p for p in folder.rglob("*") if p.suffix.lower() in (".md", ".txt") and p.is_file()
    )
    files = [p for p in files if p.name.lower() != "readme.md"]
    if not files:
        raise CorpusError(f"{folder}: no .txt or .md files found; put one article per file there")
    records, where = [], []
    for path in files:
        raw = decode_corpus_file(path, encoding)
        meta: dict = {}
        body = raw
        if raw.lstrip("\ufeff").startswith("---"):
            m = _FRONT_MATTER_RX.match(raw)
            if not m:
                raise CorpusError(
                    f"{path}, line 1: front matter opened with '---' but never closed; "
                    "end it with a line holding only '---'"
                )
            try:  # bounded: aliases and nesting cannot blow up (framing.io._yaml)
                meta = (
                    load_yaml(
                        m.group(1), line_offset=1, yaml12_booleans=False, duplicate_keys=True
                    )[0]
                    or {}
                )
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
