"""framing — comparative framing studies of news.

Load a corpus, score its articles and sentences on the frames of a readable
codebook, compare outlets with honest statistics and draw figures::

    import framing
    corpus = framing.load_corpus("pow-exchange-2025")
    scores = framing.score(corpus, "pow-exchange", unit="sentence")
    framing.compare(scores, by="outlet")

The package is a set of rooms, one per stage of a study (see the README's
"Development" section for the map): ``framing.io`` (reading corpora, writing
outputs), ``framing.datasets``, ``framing.text``, ``framing.codebook``,
``framing.scoring``, ``framing.stats``, ``framing.coding``, ``framing.plot``,
``framing.report``. Every public name is importable from ``framing`` itself.
Figures, notebook display, the coding-sheet tools, the scikit-learn transformer
and the report are imported on first use, so ``import framing`` stays fast (it
does not import matplotlib, scikit-learn or NLTK).
"""

from __future__ import annotations

import importlib

from framing._version import __version__
from framing.codebook import Codebook, Frame, codebook_from_yaml, list_codebooks, load_codebook
from framing.datasets import corpus_path, list_corpora, load_reference_coding, load_worksheet
from framing.errors import (
    CodebookError,
    CodingError,
    CorpusError,
    DataError,
    FewClustersWarning,
    FramingError,
    ModelError,
    ParameterError,
    ScoreError,
)
from framing.io import (
    iter_corpus,
    load_corpus,
    read_scores,
    suggest_outlet_aliases,
    write_scores,
)
from framing.scoring import cue_matrix, matches, score, score_files, score_frames
from framing.stats import compare, distinctive_terms, kwic, model, pairwise, profile_distance
from framing.text import document_term_matrix, sentences, tokenize

# name -> module holding it; imported on first attribute access
_LAZY = {
    "sample_for_coding": "framing.coding",
    "write_coding_sheet": "framing.coding",
    "read_coding_sheet": "framing.coding",
    "concat_codings": "framing.coding",
    "validate": "framing.coding",
    "validate_by_language": "framing.coding",
    "highlight": "framing.display",
    "FrameVectorizer": "framing.scoring.vectorizer",
    "FrameClassifier": "framing.learn.classifier",
    "cross_validate": "framing.learn.evaluate",
    "load_model": "framing.learn.files",
    "suggest_cues": "framing.codebook.suggest",
    "table": "framing.plot.tables",
    "identify_language": "framing.text.langid",
    "normalize_text": "framing.text.normalize",
    "read_archive": "framing.io.archives",
    "near_duplicates": "framing.io.duplicates",
}
_SUBMODULES = {"plot", "display", "reliability", "datasets", "report", "coding", "stats", "learn"}

__all__ = [
    "__version__",
    "Codebook",
    "CodebookError",
    "CodingError",
    "CorpusError",
    "DataError",
    "FewClustersWarning",
    "Frame",
    "FrameVectorizer",
    "FramingError",
    "ModelError",
    "ParameterError",
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
    "read_archive",
    "read_scores",
    "write_scores",
    "near_duplicates",
    "score",
    "score_files",
    "score_frames",
    "iter_corpus",
    "identify_language",
    "normalize_text",
    "sentences",
    "suggest_outlet_aliases",
    "tokenize",
    "compare",
    "pairwise",
    "profile_distance",
    "distinctive_terms",
    "kwic",
    "model",
    *_LAZY,
    "plot",
    "reliability",
    "datasets",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"framing.{name}")
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
