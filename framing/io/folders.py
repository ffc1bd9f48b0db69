"""Folder reader: one article per ``.txt`` / ``.md`` file, with optional YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from framing.errors import CorpusError
from framing.io._files import decode_corpus_file

_FRONT_MATTER_RX = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)


def read_folder(folder: Path, encoding: str) -> tuple[pd.DataFrame, list[str]]:
    import yaml

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
