"""Publication-quality figures of framing's tables.

The figure functions (:func:`heatmap`, :func:`forest`, :func:`profile`,
:func:`terms`, :func:`strip`, :func:`timeline`, :func:`paper`, :func:`save`,
:func:`validation`)
live in :mod:`framing.plot.figures`, which states their contract, and are
imported on first use, so ``framing.plot.palette`` does not import matplotlib.
Reshaping (``_data``), layout (``_layout``), label placement (``_repel``),
panels (``_panels``), shared docs (``_docs``) and colours (``_colors``) are
private modules beside it.
"""

from __future__ import annotations

import importlib

from framing.plot._colors import palette, reset_palette

__all__ = [
    "heatmap",
    "forest",
    "profile",
    "terms",
    "strip",
    "timeline",
    "palette",
    "reset_palette",
    "paper",
    "save",
    "validation",
]

_FIGURES = {
    "heatmap",
    "forest",
    "profile",
    "terms",
    "strip",
    "timeline",
    "paper",
    "save",
    "validation",
}


def __getattr__(name: str):
    if name in _FIGURES:
        value = getattr(importlib.import_module("framing.plot.figures"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing.plot' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
