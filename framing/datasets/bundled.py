"""The corpora bundled with framing: names, folders, reference coding and worksheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.errors import CodingError, CorpusError

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


def corpus_metadata(name: str) -> dict:
    """What a bundled corpus says about itself (``corpus.yaml``): its codebook, languages, citation."""
    import yaml

    path = corpus_path(name) / "corpus.yaml"
    if not path.is_file():
        return {}
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return meta if isinstance(meta, dict) else {}
