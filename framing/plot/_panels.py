"""The pieces of single figures: a forest panel, a terms panel, a timeline panel, strip cells."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib import ticker as mticker
from matplotlib.lines import Line2D

from framing.plot._colors import blend, check_overrides, marker, resolve
from framing.plot._data import category_map, human
from framing.plot._layout import font_inches, tidy_axes
from framing.plot._repel import RepelLabels


def legend_handles(names, colours: Mapping[str, str]) -> list[Line2D]:
    """One dot per name in ``names`` (in that order), in its colour."""
    return [
        Line2D([], [], marker="o", linestyle="", color=colours[str(n)], label=str(n)) for n in names
    ]


def forest_colours(est, table, *, group_by, metadata, palette, where: str):
    """What a forest colours, and how: ``(cats, colours, legend)``.

    ``cats`` maps group -> ``group_by`` category (or None); ``colours`` maps
    frame -> group -> colour; ``legend`` is ``(names, colours, title)`` when a
    legend is needed. The dots are coloured by ``group_by`` category when given;
    else by group when every key of ``palette`` names a group; else by frame.
    ``palette`` may name frames by id or by label.
    """
    by_label = {est.label(f): f for f in est.frames}
    if isinstance(palette, Mapping):
        palette = {by_label.get(str(k), str(k)): v for k, v in palette.items()}
    if group_by:
        cats = category_map(
            est.groups,
            group_by=group_by,
            table=table,
            by_cols=est.by_cols,
            metadata=metadata,
            where=where,
        )
        names = sorted(set(cats.values()))
        what = f"the {human(group_by)} categories"
        overrides = check_overrides(palette, names, what=what, where=where)
        cat_colour = resolve(names, overrides)
        row = {g: cat_colour[cats[g]] for g in est.groups}
        return cats, {f: row for f in est.frames}, (names, cat_colour, human(group_by))
    keys = set(palette) if isinstance(palette, Mapping) else set()
    if keys and keys <= set(est.groups):
        overrides = check_overrides(palette, est.groups, what="the groups", where=where)
        row = resolve(est.groups, overrides)
        return None, {f: row for f in est.frames}, None
    overrides = check_overrides(
        palette,
        est.frames,
        what="the frames",
        where=where,
        hint=", by the groups, or pass group_by= a metadata column to colour by its categories",
    )
    colours = resolve(est.frames, overrides)
    return None, {f: {g: colours[f] for g in est.groups} for f in est.frames}, None


def forest_panel(ax, est, frame, *, cats, order, colours: Mapping[str, str], **kwargs) -> None:
    """Dots and whiskers of one frame, one row per group; ``colours`` maps group -> colour."""
    rows = est.data[est.data["frame"] == frame].set_index("group")
    if order is not None:
        rows = rows.reindex(order)
    else:
        rows = rows.sort_values("value", ascending=False, na_position="last", kind="stable")
    if cats:
        rows = rows.assign(cat=[cats[g] for g in rows.index])
        rows = rows.sort_values("cat", kind="stable")  # keeps the order within a category
        breaks = (rows["cat"] != rows["cat"].shift()).to_numpy(copy=True)
        breaks[0] = False
    else:
        breaks = np.zeros(len(rows), dtype=bool)
    dot_colours = [colours[str(g)] for g in rows.index]
    # Top to bottom, with a half-row gap between categories.
    y = -(np.arange(len(rows)) + 0.6 * np.cumsum(breaks))
    ax.hlines(y, rows["ci_low"], rows["ci_high"], colors=dot_colours, linewidth=1.2)
    kwargs.setdefault("s", 16)
    ax.scatter(rows["value"], y, c=dot_colours, zorder=3, **kwargs)
    ax.set_yticks(y, labels=list(rows.index))
    ax.set_ylim(y.min() - 0.7, 0.7)
    ax.set_title(est.label(frame))
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


def timeline_panel(ax, lines: pd.DataFrame, colours: Mapping[str, str], labels=None, **kwargs):
    """One line per column of ``lines`` (indexed by period) in its colour and marker.

    Ticks sit at the plotted periods (every k-th when they would crowd), labelled
    by matplotlib's :class:`~matplotlib.dates.ConciseDateFormatter`.
    """
    labels = labels or {}
    for name, series in lines.items():
        style = {"color": colours[str(name)], "marker": marker(name), "markersize": 4}
        label = labels.get(str(name), str(name))
        ax.plot(series.index, series.to_numpy(), label=label, **{**style, **kwargs})
    locator = PeriodLocator(lines.index)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylim(bottom=0)
    tidy_axes(ax, grid_axis="y")


class PeriodLocator(mticker.Locator):
    """Date ticks at the plotted periods, every k-th period when all would not fit.

    matplotlib's automatic date ticks fall between weekly or monthly points
    (ticks on the 9th, 13th, 17th for points on Sundays the 8th, 15th, 22nd);
    these sit on the points. The number that fits is worked out from the axis
    length and the tick font each time the figure is drawn.
    """

    def __init__(self, periods) -> None:
        self.font_pt = font_inches("xtick.labelsize") * 72
        stamps = pd.DatetimeIndex(periods)
        if stamps.tz is not None:
            stamps = stamps.tz_localize(None)
        self.periods = np.asarray(mdates.date2num(stamps.to_pydatetime()), dtype=float)

    def __call__(self):
        vmin, vmax = sorted(self.axis.get_view_interval())
        inside = self.periods[(self.periods >= vmin) & (self.periods <= vmax)]
        return self.tick_values(vmin, vmax) if len(inside) == 0 else self._thin(inside)

    def tick_values(self, vmin, vmax):
        inside = self.periods[(self.periods >= vmin) & (self.periods <= vmax)]
        return self._thin(inside) if len(inside) else []

    def _thin(self, ticks: np.ndarray) -> list[float]:
        axes = getattr(self.axis, "axes", None)
        if axes is None or len(ticks) < 3:
            return list(ticks)
        width_pt = axes.get_window_extent().width * 72 / axes.figure.dpi
        room = max(2, int(width_pt / (4.5 * self.font_pt)))  # about 4.5 em per label
        step = max(1, math.ceil(len(ticks) / room))
        return list(ticks[::step])


STRIP_BACKGROUND = (0.95, 0.95, 0.95)


def strip_image(values: np.ndarray, frames: list[str], *, vmax, palette) -> np.ndarray:
    """RGB cells for :func:`framing.plot.strip`: frame colour, stronger with the score."""
    top = float(vmax) if vmax else float(np.nanmax(values, initial=0.0))
    strength = np.clip(np.nan_to_num(values) / (top or 1.0), 0, 1)
    alpha = np.where(strength > 0, 0.2 + 0.8 * strength, 0.0)  # a single cue stays visible
    image = np.ones((*values.shape, 3))  # white where the sentence is missing
    for i, frame in enumerate(frames):
        rgb = mcolors.to_rgb(palette[frame])
        for j in range(values.shape[1]):
            if np.isfinite(values[i, j]):
                image[i, j] = blend(rgb, alpha[i, j], STRIP_BACKGROUND)
    return image
