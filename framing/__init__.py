"""framing — comparative framing studies of news.

Load a corpus, score its articles and sentences on the frames of a readable
codebook, compare outlets with honest statistics and draw figures::

    import framing
    corpus = framing.load_corpus("pow-exchange-2025")
    scores = framing.score(corpus, "pow-exchange", unit="sentence")
    framing.compare(scores, by="outlet")

Figures, notebook display, the coding-sheet tools, the scikit-learn
transformer and the report are imported on first use, so ``import framing``
stays fast (it does not import matplotlib or scikit-learn).
"""

from __future__ import annotations

import importlib

from .codebook import Codebook, Frame, codebook_from_yaml, list_codebooks, load_codebook
from .compare import compare, pairwise, profile_distance
from .corpus import (
    corpus_path,
    list_corpora,
    load_corpus,
    load_reference_coding,
    load_worksheet,
    near_duplicates,
    suggest_outlet_aliases,
)
from .errors import (
    CodebookError,
    CodingError,
    CorpusError,
    DataError,
    FramingError,
    ScoreError,
)
from .score import cue_matrix, matches, score, score_frames
from .terms import distinctive_terms, kwic
from .text import document_term_matrix, sentences, tokenize

__version__ = "0.1.0"

# name -> module holding it; imported on first attribute access
_LAZY = {
    "sample_for_coding": "coding",
    "write_coding_sheet": "coding",
    "read_coding_sheet": "coding",
    "validate": "coding",
    "highlight": "display",
    "FrameVectorizer": "vectorizer",
}
_SUBMODULES = {"plot", "display", "reliability", "datasets", "report"}

__all__ = [
    "Codebook",
    "CodebookError",
    "CodingError",
    "CorpusError",
    "DataError",
    "Frame",
    "FrameVectorizer",
    "FramingError",
    "ScoreError",
    "codebook_from_yaml",
    "corpus_path",
    "cue_matrix",
    "document_term_matrix",
    "list_codebooks",
    "list_corpora",
    "load_codebook",
    "load_corpus",
    "load_reference_coding",
    "load_worksheet",
    "matches",
    "near_duplicates",
    "score",
    "score_frames",
    "sentences",
    "suggest_outlet_aliases",
    "tokenize",
    "compare",
    "pairwise",
    "profile_distance",
    "distinctive_terms",
    "kwic",
    *_LAZY,
    "plot",
    "reliability",
    "datasets",
]


def __getattr__(name: str):
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
