"""Measuring frames: the score-table contract, the compiled dictionary matcher, ``score``.

:mod:`framing.scoring.table` owns the layout every measure returns,
:mod:`framing.scoring.compiled` the codebook compiled for counting (built once
per content hash, picklable), :mod:`framing.scoring.score` the public
``score``, ``matches`` and ``cue_matrix``, :mod:`framing.scoring.scale` streaming
(``score_files``), worker processes and Dask, and :mod:`framing.scoring.vectorizer`
the scikit-learn transformer (imported on first use: it needs scikit-learn).
"""

from __future__ import annotations

from framing.scoring.scale import score_files
from framing.scoring.score import cue_matrix, matches, score
from framing.scoring.table import score_frames

__all__ = ["score", "matches", "cue_matrix", "score_frames", "score_files", "FrameVectorizer"]  # noqa: F822


def __getattr__(name: str):
    if name == "FrameVectorizer":
        from framing.scoring.vectorizer import FrameVectorizer

        return FrameVectorizer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
