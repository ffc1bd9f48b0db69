"""The pieces of single figures: a forest panel, a terms panel, a timeline panel, strip cells."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib import ticker as mticker
from matplotlib.lines import Line2D

from framing.plot._colors import blend, color, marker
from framing.plot._layout import tidy_axes
from framing.plot._repel import RepelLabels


def frame_color(name: str, overrides: Mapping[str, str] | None) -> str:
    if overrides and name in overrides:
        return overrides[name]
    return color(name)


def legend_handles(cats: Mapping[str, str], overrides) -> list[Line2D]:
    names = sorted(set(cats.values()))
    return [
        Line2D([], [], marker="o", linestyle="", color=frame_color(n, overrides), label=n)
        for n in names
    ]


def forest_panel(ax, est, frame, *, cats, order, palette, **kwargs) -> None:
    rows = est.data[est.data["frame"] == frame].set_index("group")
    if order is not None:
        rows = rows.reindex(order)
    else:
        rows = rows.sort_values("value", ascending=False, na_position="last", kind="stable")
    if cats:
        rows = rows.assign(cat=[cats[g] for g in rows.index])
        rows = rows.sort_values("cat", kind="stable")  # keeps the order within a category
        colours = [frame_color(c, palette) for c in rows["cat"]]
        breaks = (rows["cat"] != rows["cat"].shift()).to_numpy(copy=True)
        breaks[0] = False
    else:
        colours = [frame_color(frame, palette)] * len(rows)
        breaks = np.zeros(len(rows), dtype=bool)
    # Top to bottom, with a half-row gap between categories.
    y = -(np.arange(len(rows)) + 0.6 * np.cumsum(breaks))
    ax.hlines(y, rows["ci_low"], rows["ci_high"], colors=colours, linewidth=1.2)
    kwargs.setdefault("s", 16)
    ax.scatter(rows["value"], y, c=colours, zorder=3, **kwargs)
    ax.set_yticks(y, labels=list(rows.index))
    ax.set_ylim(y.min() - 0.7, 0.7)
    ax.set_title(frame)
    ax.tick_params(axis="y", length=0)
    # few x ticks: narrow small-multiple panels otherwise run labels together
    ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=4, min_n_ticks=2))
    tidy_axes(ax, grid_axis="x")


def terms_panel(ax, rows: pd.DataFrame, group: str | None, *, top: int, colour, **kwargs) -> None:
    """One term-association panel (see :func:`framing.plot.terms`) for ``rows`` of one group."""
    rows = rows.assign(freq=rows["count_target"] + rows["count_rest"]).query("freq > 0")
    ax.scatter(rows["freq"], rows["z"], **{"s": 6, "color": "0.75", "linewidth": 0, **kwargs})
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}"))
    for level in (-1.96, 1.96):
        ax.axhline(level, color="0.6", linestyle="--", linewidth=0.6, zorder=0)
    ax.axhline(0, color="0.8", linewidth=0.6, zorder=0)
    ranked = rows.assign(strength=rows["z"].abs()).sort_values(
        ["strength", "term"], ascending=[False, True], kind="stable"
    )
    best = ranked.head(top)
    colours = [colour if z > 0 else "0.3" for z in best["z"]]
    ax.scatter(best["freq"], best["z"], s=16, c=colours, zorder=3, linewidth=0)
    # Terms with the same counts sit on the same dot: they share one label.
    spots = best.groupby(["freq", "z"], sort=False)["term"].agg(lambda t: ", ".join(map(str, t)))
    labels = [
        ax.annotate(
            textwrap.fill(text, 28),
            xy=(f, z),
            xytext=(0, 0),
            textcoords="offset points",
            color="0.1",
            parse_math=False,  # a "$" in a term is a dollar sign
            # The (faint white) box lets leader lines stop at the label's edge.
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
            arrowprops={"arrowstyle": "-", "color": "0.55", "linewidth": 0.5, "shrinkA": 0},
        )
        for (f, z), text in spots.items()
    ]
    ax.add_artist(RepelLabels(labels, list(spots.index)))
    ax.margins(x=0.08, y=0.12)
    tidy_axes(ax, grid_axis=None)


def timeline_panel(ax, lines: pd.DataFrame, colours: Mapping[str, str], **kwargs) -> None:
    """One line per column of ``lines`` (indexed by period) in its colour and marker."""
    for name, series in lines.items():
        style = {"color": colours[str(name)], "marker": marker(name), "markersize": 4}
        ax.plot(series.index, series.to_numpy(), label=str(name), **{**style, **kwargs})
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylim(bottom=0)
    tidy_axes(ax, grid_axis="y")


STRIP_BACKGROUND = (0.95, 0.95, 0.95)


def strip_image(values: np.ndarray, frames: list[str], *, vmax, palette) -> np.ndarray:
    """RGB cells for :func:`framing.plot.strip`: frame colour, stronger with the score."""
    top = float(vmax) if vmax else float(np.nanmax(values, initial=0.0))
    strength = np.clip(np.nan_to_num(values) / (top or 1.0), 0, 1)
    alpha = np.where(strength > 0, 0.2 + 0.8 * strength, 0.0)  # a single cue stays visible
    image = np.ones((*values.shape, 3))  # white where the sentence is missing
    for i, frame in enumerate(frames):
        rgb = mcolors.to_rgb(frame_color(frame, palette))
        for j in range(values.shape[1]):
            if np.isfinite(values[i, j]):
                image[i, j] = blend(rgb, alpha[i, j], STRIP_BACKGROUND)
    return image
