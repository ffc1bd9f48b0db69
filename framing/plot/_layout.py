"""Layout: axes, fonts fitted to print sizes, small-multiple grids, tidy axes."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.font_manager import FontProperties


def get_ax(ax=None, *, size: tuple[float, float] | None = None):
    """``ax``; else the current Axes if the user prepared it and it is empty; else a new figure.

    ``size`` (inches) is the size of a new figure, for figures that grow with
    the number of groups or frames; a figure the user prepared keeps its size.

    ``plt.gca()`` alone would draw a figure function on top of the previous
    one (and crash on its log scale or date axis). The current Axes is used
    only when it is blank (:func:`_blank`) — a ``fig, ax = plt.subplots()``
    waiting to be drawn on — and a current figure with no Axes and nothing
    drawn gets one. Anything else opens a new figure of ``rcParams`` size,
    with constrained layout (unless ``rcParams`` name a layout) so that labels
    are not clipped.
    """
    if ax is not None:
        return ax
    if plt.get_fignums():
        fig = plt.gcf()
        if fig.axes:
            current = fig.gca()
            if _blank(current):
                return current
        elif not any(
            (fig.artists, fig.lines, fig.patches, fig.texts, fig.images, fig.legends, fig.subfigs)
        ):
            return _with_layout(fig).gca()
    return _with_layout(plt.figure(figsize=size)).gca()


def grown(width: float = 0.0, height: float = 0.0) -> tuple[float, float]:
    """A figure size no smaller than ``rcParams["figure.figsize"]`` and than ``width`` × ``height``."""
    w, h = plt.rcParams["figure.figsize"]
    return (max(float(w), width), max(float(h), height))


def _with_layout(fig):
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    return fig


def _blank(ax) -> bool:
    """Whether nothing was drawn on ``ax``: visible, plain, no artists, linear scales."""
    return (
        ax.get_visible()
        and ax.name == "rectilinear"
        and not ax.has_data()
        and not (ax.texts or ax.artists or ax.tables or ax.child_axes)
        and ax.get_legend() is None
        and ax.get_xscale() == ax.get_yscale() == "linear"
    )


def font_inches(key: str = "ytick.labelsize") -> float:
    """The current size of the font ``rcParams[key]`` in inches (sizes like 'small' resolved)."""
    size = plt.rcParams[key]  # type: ignore[index]  # any rc key naming a font size
    return FontProperties(size=size).get_size_in_points() / 72


def auto_wrap(min_panel_ems: float) -> int:
    """How many panels ``min_panel_ems`` font sizes wide fit the current figure width."""
    width = plt.rcParams["figure.figsize"][0]
    return max(1, int(width // (min_panel_ems * font_inches("font.size"))))


def legend_columns(labels: Sequence[str]) -> int:
    """How many legend entries of these labels fit side by side in the figure width."""
    em = font_inches("legend.fontsize")
    entry = (0.6 * max(len(str(label)) for label in labels) + 4) * em
    return max(1, min(len(labels), int(plt.rcParams["figure.figsize"][0] // entry)))


def fit_text(text: str, length_in: float, *, font_key: str, max_lines: int = 2) -> str:
    """``text`` wrapped into lines no longer than ``length_in`` inches (then cut with "…")."""
    chars = max(8, int(length_in / (0.6 * font_inches(font_key))))
    lines = textwrap.wrap(str(text), chars) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
    return "\n".join(lines)


def wrap_title(ax, title: str, *, columns: int) -> None:
    """Set a panel title, wrapped to lines that fit the panel's share of the figure width."""
    width_in = plt.rcParams["figure.figsize"][0] / columns
    ax.set_title(fit_text(title, width_in, font_key="axes.titlesize", max_lines=3))


def fit_ylabel(ax, label: str, *, colorbar=None) -> None:
    """A y label (or colour-bar label) wrapped to fit the figure's height."""
    target = colorbar if colorbar is not None else ax
    height = 0.85 * ax.figure.get_figheight()
    target.set_ylabel(fit_text(label, height, font_key="axes.labelsize"))


def panel_grid(n: int, *, col_wrap: int, panel_height: float, **subplot_kw):
    """A constrained-layout figure with ``n`` panels, ``col_wrap`` per row (others removed)."""
    if not isinstance(col_wrap, int) or col_wrap < 1:
        raise ValueError(f"col_wrap must be a positive integer, got {col_wrap!r}")
    ncols = min(n, col_wrap)
    nrows = math.ceil(n / ncols)
    width = plt.rcParams["figure.figsize"][0]
    fig, grid = plt.subplots(
        nrows,
        ncols,
        figsize=(width, nrows * panel_height + 0.4),
        layout="constrained",
        squeeze=False,
        **subplot_kw,
    )
    axes = list(grid.flat)
    for extra in axes[n:]:
        extra.set_visible(False)
    for i, ax in enumerate(axes[:n]):
        if i + ncols >= n:  # nothing visible below: show its x tick labels
            ax.xaxis.set_tick_params(labelbottom=True)
    return fig, axes[:n]


def tidy_axes(ax, *, grid_axis: str | None = "x") -> None:
    """The house style for one Axes: no top/right spines, a faint grid behind the data."""
    ax.spines[["top", "right"]].set_visible(False)
    if grid_axis:
        ax.grid(axis=grid_axis, color="0.9", linewidth=0.6)
        ax.set_axisbelow(True)
