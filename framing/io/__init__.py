"""Reading corpora and writing outputs.

:func:`load_corpus` reads any registered source kind (folders, table files, news-archive exports;
see :mod:`framing.io.corpus` for the reader registry) into the corpus schema;
:func:`iter_corpus` reads the same sources in chunks (:mod:`framing.io.stream`);
:func:`suggest_outlet_aliases` and :func:`near_duplicates` clean what was read.
News-archive exports are read by :mod:`framing.io.archives` (:func:`read_archive`),
dates by :mod:`framing.io.dates`; result tables and their provenance are written
and read as a consistent pair by :mod:`framing.io.outputs` (:func:`write_scores`,
:func:`read_scores`). Decoding of input files and atomic writing of outputs live
in :mod:`framing.io._files`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from framing.io.aliases import suggest_outlet_aliases
from framing.io.corpus import Reader, load_corpus, normalise_articles, register_reader
from framing.io.outputs import read_scores, write_scores
from framing.io.stream import iter_corpus

if TYPE_CHECKING:
    from framing.io.archives import read_archive
    from framing.io.duplicates import near_duplicates

# Imported on first use: the archive readers (and what they import) are not needed
# to load tables, folders or bundled corpora.
_LAZY = {"read_archive": "framing.io.archives", "near_duplicates": "framing.io.duplicates"}

__all__ = [
    "load_corpus",
    "iter_corpus",
    "normalise_articles",
    "register_reader",
    "Reader",
    "suggest_outlet_aliases",
    "read_archive",
    "near_duplicates",
    "read_scores",
    "write_scores",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing.io' has no attribute {name!r}")
