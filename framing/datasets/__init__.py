"""Data that comes with framing or that framing knows how to read.

The bundled corpora with their reference coding and classroom worksheet
(:mod:`framing.datasets.bundled`), and readers for public framing data sets kept
on the user's disk, never bundled and never downloaded
(:mod:`framing.datasets.narrative_frames`).
"""

from __future__ import annotations

from framing.datasets.bundled import (
    corpus_path,
    list_corpora,
    load_reference_coding,
    load_worksheet,
)
from framing.datasets.narrative_frames import (
    NARRATIVE_FRAMES_ENV,
    NARRATIVE_FRAMES_URL,
    NarrativeFrames,
    load_narrative_frames,
    locate_narrative_frames,
)

__all__ = [
    "list_corpora",
    "corpus_path",
    "load_reference_coding",
    "load_worksheet",
    "NarrativeFrames",
    "load_narrative_frames",
    "locate_narrative_frames",
    "NARRATIVE_FRAMES_URL",
    "NARRATIVE_FRAMES_ENV",
]
