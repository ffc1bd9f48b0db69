"""Publication-quality figures (and tables) of framing's results.

**One rule for what a figure function returns** (seaborn's): an *axes-level*
function draws one panel on one matplotlib Axes — the ``ax=`` you pass, else
the current Axes if it is still empty, else a new figure — and always returns
that ``Axes``; a *figure-level* function draws small multiples on a new
figure, takes no ``ax`` and always returns the ``Figure``.

======================  =====================================================
returns ``Axes``        :func:`heatmap`, :func:`forest` (one frame),
                        :func:`terms` (one group), :func:`strip`,
                        :func:`timeline` (lines per frame, or per group for
                        one frame), :func:`validation` (held-out figures
                        of :func:`framing.cross_validate`)
returns ``Figure``      :func:`forest_grid` (a panel per frame),
                        :func:`terms_grid` (a panel per group),
                        :func:`timeline_grid` (a panel per frame, a line per
                        group), :func:`profile` (a panel per group)
======================  =====================================================

An axes-level call that would need several panels (``forest`` of a table with
several frames, ``terms`` of several groups, ``timeline(by=...)`` of several
frames) raises a :class:`~framing.errors.DataError` that names the ``*_grid``
function to call. :func:`paper` sizes and styles figures for print and
:func:`save` writes PDF, SVG and PNG (module :mod:`framing.plot.export`);
:func:`palette` gives every frame and outlet one colour for the session;
:func:`table` writes estimates with intervals for papers. Frames are shown by
their codebook labels; the data keep the ids.

The figure functions are imported on first use, so ``framing.plot.palette``
does not import matplotlib. Reshaping (``_data``), layout (``_layout``), label
placement (``_repel``), panels (``_panels``), shared docs (``_docs``) and
colours (``_colors``) are private modules beside them.
"""

from __future__ import annotations

import importlib

from framing.plot._colors import palette, reset_palette

__all__ = [
    "heatmap",
    "forest",
    "terms",
    "strip",
    "timeline",
    "forest_grid",
    "terms_grid",
    "timeline_grid",
    "profile",
    "palette",
    "reset_palette",
    "paper",
    "save",
    "table",
    "validation",
]

# public name -> module holding it, imported on first use
_LAZY = {
    "heatmap": "framing.plot.figures",
    "forest": "framing.plot.figures",
    "terms": "framing.plot.figures",
    "strip": "framing.plot.figures",
    "timeline": "framing.plot.figures",
    "forest_grid": "framing.plot.grids",
    "terms_grid": "framing.plot.grids",
    "timeline_grid": "framing.plot.grids",
    "profile": "framing.plot.grids",
    "paper": "framing.plot.export",
    "save": "framing.plot.export",
    "table": "framing.plot.tables",
    "validation": "framing.plot.figures",
}

#: Axes-level functions (always return an Axes) and figure-level ones (always a Figure).
AXES_LEVEL = ("heatmap", "forest", "terms", "strip", "timeline", "validation")
FIGURE_LEVEL = ("forest_grid", "terms_grid", "timeline_grid", "profile")


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing.plot' has no attribute {name!r}")


def __dir__():
    return sorted([*__all__, "AXES_LEVEL", "FIGURE_LEVEL"])
