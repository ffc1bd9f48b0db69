"""The corpora bundled with framing: names, folders, reference coding and worksheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from framing.errors import CodingError, CorpusError, ParameterError

__all__ = [
    "list_corpora",
    "corpus_path",
    "corpus_metadata",
    "load_reference_coding",
    "load_worksheet",
]


def _corpora_root() -> Path:
    package = Path(__file__).resolve().parents[1]
    installed = package / "_corpora"
    if installed.is_dir():
        return installed
    return package.parent / "corpora"


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


def _coding_file(name: str, filename: str) -> Path:
    path = corpus_path(name) / "coding" / filename
    if not path.is_file():
        raise CodingError(f"the corpus {name!r} ships no coding file {filename!r}")
    return path


def load_reference_coding(
    name: str = "pow-exchange-2025", *, lang: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """The reference sentence coding shipped with a bundled corpus.

    Parameters
    ----------
    name : str, default="pow-exchange-2025"
        A bundled corpus (:func:`list_corpora`).
    lang : str or list of str, optional
        Which language's reference coding: a code (``"en"``, ``"ru"``, ``"uk"``),
        a list of codes, or ``"all"`` for every language the corpus has a reference
        coding for. By default the reference coding of the corpus's first language
        (``languages`` in its ``corpus.yaml``; English for ``pow-exchange-2025``),
        exactly as before languages were added: no ``lang`` column. With ``lang``
        given, the table gains a ``lang`` column after ``sent_id``, so that
        :func:`framing.score` matches every sentence with its own language's cues.

    Returns
    -------
    DataFrame
        ``doc_id``, ``sent_id`` (``lang``), ``text`` and one 0/1 column per frame of the
        corpus's codebook; ids join to ``framing.sentences(load_corpus(name))``.

    Raises
    ------
    CodingError
        If the corpus has no reference coding for a requested language.

    Examples
    --------
    >>> ref = load_reference_coding("pow-exchange-2025", lang=["ru", "uk"])
    >>> ref.groupby("lang").size().to_dict()
    {'ru': 192, 'uk': 192}
    >>> list(load_reference_coding("pow-exchange-2025").columns[:3])
    ['doc_id', 'sent_id', 'text']
    """
    files = _reference_files(name)
    if lang is None:
        return _read_reference(name, files[next(iter(files))])
    if isinstance(lang, str):
        wanted = list(files) if lang == "all" else [lang]
    elif isinstance(lang, Sequence) and all(isinstance(code, str) for code in lang) and lang:
        wanted = list(dict.fromkeys(lang))
    else:
        raise ParameterError(
            f"lang must be a language code, a list of codes or 'all', got {lang!r}"
        )
    missing = [code for code in wanted if code not in files]
    if missing:
        raise CodingError(
            f"the corpus {name!r} has no reference coding in {', '.join(map(repr, missing))}; "
            f"it has one in {', '.join(map(repr, files))} (or pass lang='all')"
        )
    parts = []
    for code in wanted:
        part = _read_reference(name, files[code])
        part.insert(2, "lang", code)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out.attrs["framing"] = {
        "source": ", ".join(f"{name}/coding/{files[code]}" for code in wanted)
    }
    return out


def _reference_files(name: str) -> dict[str, str]:
    """Language code → reference coding file, from ``reference:`` in corpus.yaml."""
    meta = corpus_metadata(name)
    declared = meta.get("reference")
    if isinstance(declared, dict) and declared:
        return {str(code): str(file) for code, file in declared.items()}
    languages = meta.get("languages") or ["en"]
    return {str(languages[0]): "reference.csv"}


def _read_reference(name: str, filename: str) -> pd.DataFrame:
    df = pd.read_csv(_coding_file(name, filename), dtype={"doc_id": str})
    df = df.drop(columns=[c for c in ("notes",) if c in df.columns])
    df.attrs["framing"] = {"source": f"{name}/coding/{filename}"}
    return df


def load_worksheet(name: str = "pow-exchange-2025") -> pd.DataFrame:
    """The classroom worksheet: reference sentences with empty frame columns."""
    return pd.read_csv(_coding_file(name, "worksheet.csv"), dtype={"doc_id": str})


def corpus_metadata(name: str) -> dict:
    """What a bundled corpus says about itself (``corpus.yaml``): its codebook, languages, citation."""
    import yaml

    path = corpus_path(name) / "corpus.yaml"
    if not path.is_file():
        return {}
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return meta if isinstance(meta, dict) else {}
