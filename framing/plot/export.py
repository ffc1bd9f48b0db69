"""Figures for print and for files: :func:`paper` sizes and styles, :func:`save` writes PDF, SVG, PNG.

:func:`paper` sizes and styles figures for a journal page inside a ``with``
block and restores ``rcParams`` on leaving it; :func:`save` writes several
formats of one figure at once, atomically, without time stamps, and with the
same text labels in every format.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing.errors import ParameterError, os_error_in
from framing.io._files import atomic_write
from framing.plot._repel import RepelLabels

__all__ = ["paper", "save"]


def paper(columns: int = 1, *, font_size: float = 8, height: float | None = None, **rc):
    """A context manager that sizes and styles figures for print.

    Parameters
    ----------
    columns : {1, 2}, default=1
        Figure width: 3.5 in for one column, 7 in for two (most journals).
    font_size : float, default=8
        Base font size in points; 7 pt is the smallest that survives print.
    height : float, optional
        Default figure height in inches (default 2.45 for one column, 3.2 for
        two). Small-multiple figures compute their own height.
    **rc
        Further ``rcParams`` for the block (dotted names need ``**{"a.b": v}``).

    Returns
    -------
    context manager
        ``matplotlib.rc_context``: ``rcParams`` are restored on leaving the block.

    Notes
    -----
    Fonts are embedded as TrueType in PDF and PostScript (``pdf.fonttype`` 42;
    Type 3 fonts are rejected by many journals) and kept as text in SVG
    (``svg.fonttype`` 'none'), so labels stay editable; figures use
    constrained layout so that no label is clipped.

    Examples
    --------
    >>> with framing.plot.paper(columns=2):  # doctest: +SKIP
    ...     fig = framing.plot.forest(table)
    ...     framing.plot.save(fig, "figures/forest")
    """
    if columns not in (1, 2):
        raise ParameterError(f"columns must be 1 or 2, got {columns!r}")
    if font_size < 7:
        raise ParameterError(
            f"font_size {font_size} pt is below 7 pt, the smallest legible in print"
        )
    width = 3.5 if columns == 1 else 7.0
    small = max(7.0, font_size - 1)
    settings = {
        "figure.figsize": (width, height or (2.45 if columns == 1 else 3.2)),
        "figure.constrained_layout.use": True,
        "savefig.dpi": 300,
        "savefig.pad_inches": 0.02,
        "font.size": font_size,
        "axes.titlesize": font_size,
        "axes.labelsize": font_size,
        "figure.titlesize": font_size + 1,
        "figure.labelsize": font_size,
        "xtick.labelsize": small,
        "ytick.labelsize": small,
        "legend.fontsize": small,
        "legend.title_fontsize": font_size,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "none",
        "axes.linewidth": 0.6,
        "lines.linewidth": 1.0,
        "lines.markersize": 4,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 3,
        "ytick.major.size": 3,
    }
    settings.update(rc)
    return mpl.rc_context(settings)  # type: ignore[arg-type]  # rcParams keys are Literal-typed


# Leave out creation dates so that the same figure gives the same bytes (clean diffs).
_SAVE_METADATA = {"pdf": {"CreationDate": None}, "svg": {"Date": None}}


def save(
    fig: Figure | Axes,
    path: str | os.PathLike,
    *,
    formats: Sequence[str] = ("pdf", "svg", "png"),
    dpi: float = 300,
    **kwargs,
) -> list[Path]:
    """Write a figure as PDF, SVG and PNG next to each other.

    Parameters
    ----------
    fig : Figure or Axes
        The figure (an Axes stands for its figure).
    path : str or path-like
        Where to write, without extension (``figures/forest`` writes
        ``figures/forest.pdf`` …); an extension naming a format is dropped.
        Missing directories are created.
    formats : sequence of str, default=('pdf', 'svg', 'png')
        Formats to write.
    dpi : float, default=300
        Resolution of raster output.
    **kwargs
        Passed on to :meth:`matplotlib.figure.Figure.savefig`.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats``.

    Notes
    -----
    Each file is written to a temporary file in the same directory and moved
    into place with ``os.replace``, so a reader never sees half a figure. PDF
    and SVG carry no creation date and SVG ids are salted with a fixed string,
    so an unchanged figure gives unchanged files. Term labels
    (:func:`terms`) are placed when the first format is drawn and kept for the
    others, so every format shows the same labels.
    """
    figure: Any = fig
    while not hasattr(figure, "savefig"):
        if getattr(figure, "figure", None) is None:
            raise ParameterError(
                f"save() takes a matplotlib Figure or Axes, got {type(figure).__name__}"
            )
        figure = figure.figure
    if isinstance(formats, str) or not formats:
        raise ParameterError(
            f"formats must be a non-empty list such as ('pdf', 'png'), got {formats!r}"
        )
    supported = figure.canvas.get_supported_filetypes()
    unknown = [f for f in formats if f not in supported]
    if unknown:
        raise ParameterError(
            f"save(): unknown format(s) {unknown}; matplotlib writes {sorted(supported)}"
        )
    stem = Path(path)
    if stem.suffix.lstrip(".").lower() in supported:
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    # Labels are placed when the first format is drawn and kept for the others, so every
    # format shows the same labels although each backend measures text a little differently.
    repel = [a for a in figure.findobj(RepelLabels) if isinstance(a, RepelLabels)]
    try:
        with mpl.rc_context({"svg.hashsalt": "framing"}):
            for fmt in formats:
                final = stem.with_name(f"{stem.name}.{fmt}")
                _write_format(figure, final, fmt=fmt, dpi=dpi, **kwargs)
                written.append(final)
                for labels in repel:
                    labels.frozen = True
    finally:
        for labels in repel:
            labels.frozen = False
    return written


def _write_format(figure, final: Path, *, fmt: str, dpi: float, **kwargs) -> None:
    def write(tmp: Path) -> None:
        _savefig(figure, tmp, format=fmt, dpi=dpi, metadata=_SAVE_METADATA.get(fmt), **kwargs)

    atomic_write(final, write)


def _savefig(fig, path, **kwargs) -> None:
    """``fig.savefig``, letting a file-system error (a full disk) show as what it is.

    A writer that fails half-way (``ENOSPC``) can leave matplotlib's backend in a
    state where cleaning up raises an unrelated ``AttributeError``; the
    ``OSError`` underneath is what the user needs to see.
    """
    try:
        fig.savefig(path, **kwargs)
    except OSError:
        raise
    except Exception as exc:
        cause = os_error_in(exc)
        if cause is None:
            raise
        raise cause from exc
