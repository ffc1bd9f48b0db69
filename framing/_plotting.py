"""Private helpers behind :mod:`framing.plot`.

The work lives here so that ``plot.py`` reads as a list of figures: turning the
tables framing produces (long ``compare()`` results, wide score tables) into one
long shape (:func:`estimates`), laying out small multiples and fitting text to
print sizes, placing text labels next to points without overlaps
(:class:`RepelLabels`), and the pieces of single figures (a forest panel, the
cells of a sentence strip). Shared parameter documentation is written once here
(``SHARED_DOCS``) and pasted into docstrings by :func:`docs`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib import text as mtext
from matplotlib import ticker as mticker
from matplotlib.artist import Artist
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from ._colors import blend, color, marker
from .errors import DataError
from .score import score_frames

# Columns of a compare() result that are statistics, never group labels.
_STAT_COLUMNS = frozenset({"frame", "estimate", "ci_low", "ci_high", "n_docs", "n_units"})
GROUP_SEP = " · "

SHARED_DOCS = {
    "by": """by : str or list of str, optional
        Column(s) naming the groups. For a ``compare()`` table the default is
        its non-numeric column(s) other than ``frame`` (several are joined
        with " · "); for a score table the rows are averaged per group, and
        without ``by`` each row (its index) is one group.""",
    "frames": """frames : str or list of str, optional
        Frames to show, in this order. Default: the ``frame`` column's values
        in order of appearance (long tables) or ``framing.score_frames(table)``
        (score tables).""",
    "ax": """ax : matplotlib.axes.Axes, optional
        Axes to draw on. Default: the current Axes if it is still empty (as
        after ``fig, ax = plt.subplots()``), else a new figure of
        ``rcParams["figure.figsize"]`` with constrained layout, so a figure
        function never draws over the previous one.""",
    "palette": """palette : dict of str to colour, optional
        Colours (any matplotlib colour) overriding :func:`palette` for some names.""",
    "kwargs": """**kwargs
        Passed on to the main matplotlib call, named in each docstring.""",
}


def docs(func: Callable) -> Callable:
    """Replace ``{name}`` placeholders of ``SHARED_DOCS`` in ``func``'s docstring."""
    doc = func.__doc__ or ""
    for key, text in SHARED_DOCS.items():
        doc = doc.replace("{" + key + "}", text)
    func.__doc__ = doc
    return func


# --- getting axes and figures ---------------------------------------------------------------


def get_ax(ax=None):
    """``ax``; else the current Axes if the user prepared it and it is empty; else a new figure.

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
    return _with_layout(plt.figure()).gca()


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
    return FontProperties(size=plt.rcParams[key]).get_size_in_points() / 72


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


# --- tables -------------------------------------------------------------------------------


@dataclass
class Estimates:
    """A table in one long shape: ``group``, ``frame``, ``value``, ``ci_low``, ``ci_high``."""

    data: pd.DataFrame
    frames: list[str]
    groups: list[str]
    by_cols: list[str]
    value_label: str
    ci_level: float | None = None

    @property
    def by_label(self) -> str:
        return GROUP_SEP.join(self.by_cols)

    @property
    def label_with_ci(self) -> str:
        """The value label, saying the whiskers' confidence level when there are whiskers."""
        if self.has_ci:
            return (
                f"{self.value_label} ({self.ci_level:.0%} CI)"
                if self.ci_level
                else self.value_label
            )
        return self.value_label

    @property
    def has_ci(self) -> bool:
        return bool(self.data[["ci_low", "ci_high"]].notna().any(axis=None))


def as_frame_list(frames) -> list[str] | None:
    if frames is None:
        return None
    if isinstance(frames, str):
        return [frames]
    return [str(f) for f in frames]


def check_columns(table: pd.DataFrame, columns: Sequence[str], *, what: str, hint: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what} takes a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError(
            f"{what}: the table has no column(s) {missing}; it has {list(table.columns)}. {hint}"
        )


def pick_frames(requested: list[str] | None, available: list[str], *, where: str) -> list[str]:
    """``requested`` (validated against ``available``) or all of ``available``."""
    if requested is None:
        return list(available)
    unknown = [f for f in requested if f not in available]
    if unknown:
        raise DataError(f"unknown frame(s) {unknown} in {where}; available: {list(available)}")
    return requested


def score_frame_columns(table: pd.DataFrame, frames: list[str] | None, *, where: str) -> list[str]:
    """Frame columns of a score table (:func:`framing.score_frames`), naming the caller on error."""
    try:
        return score_frames(table, frames)
    except DataError as exc:
        raise DataError(f"{where}: {exc}") from None


def group_labels(table: pd.DataFrame, by_cols: list[str]) -> pd.Series:
    if len(by_cols) == 1:
        return table[by_cols[0]].astype(str)
    return table[by_cols].astype(str).agg(GROUP_SEP.join, axis=1)


def _provenance(table: pd.DataFrame) -> tuple[dict, dict, dict]:
    """``attrs["framing"]``, its ``analysis`` and its ``params`` (empty dicts when absent)."""
    meta = table.attrs.get("framing")
    meta = meta if isinstance(meta, dict) else {}
    analysis = meta.get("analysis") if isinstance(meta.get("analysis"), dict) else {}
    params = meta.get("params") if isinstance(meta.get("params"), dict) else {}
    return meta, analysis, params


def by_columns(table: pd.DataFrame, by, *, exclude: Sequence[str] = (), where: str) -> list[str]:
    """The group columns: ``by``, else those ``compare()`` recorded, else the non-numeric ones."""
    if by is not None:
        cols = [by] if isinstance(by, str) else list(by)
        check_columns(table, cols, what=where, hint="Pass by= naming the group column(s).")
        return cols
    recorded = _provenance(table)[1].get("by")
    if isinstance(recorded, list) and recorded and all(c in table.columns for c in recorded):
        return [c for c in recorded if c not in exclude] or list(recorded)
    cols = [
        c
        for c in table.columns
        if c not in _STAT_COLUMNS
        and c not in exclude
        and not pd.api.types.is_numeric_dtype(table[c])
    ]
    if not cols:
        raise DataError(
            f"{where}: cannot tell which column names the groups (columns: "
            f"{list(table.columns)}); pass by='outlet' or the column you compared by"
        )
    return cols


_SCORE_UNITS = {
    "per_1k": "mean cue matches per 1,000 tokens",
    "count": "mean cue matches per unit",
    "binary": "share of units with a cue",
}


def score_label(table: pd.DataFrame) -> str:
    """What the mean of a frame column measures, from the score table's ``normalize``."""
    normalize = _provenance(table)[2].get("normalize", "per_1k")
    return _SCORE_UNITS.get(normalize, _SCORE_UNITS["per_1k"])


def value_label(table: pd.DataFrame, value: str) -> tuple[str, float | None]:
    """A readable axis label for ``value`` of a ``compare()`` table, and its CI level."""
    if value != "estimate":
        return value, None
    analysis = _provenance(table)[1]
    label = (
        "share of units with the frame" if analysis.get("stat") == "share" else score_label(table)
    )
    ci = analysis.get("ci")
    return label, float(ci) if isinstance(ci, float | int) and 0 < ci < 1 else None


def estimates(
    table: pd.DataFrame,
    *,
    by=None,
    frames=None,
    value: str = "estimate",
    exclude: Sequence[str] = (),
    where: str,
) -> Estimates:
    """Any table of framing into the long :class:`Estimates` shape (see module docstring)."""
    frames = as_frame_list(frames)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{where} takes a pandas DataFrame, got {type(table).__name__}")
    if "frame" in table.columns:
        return _long_estimates(
            table, by=by, frames=frames, value=value, exclude=exclude, where=where
        )
    return _wide_estimates(table, by=by, frames=frames, where=where)


def _long_estimates(table, *, by, frames, value, exclude, where) -> Estimates:
    check_columns(table, [value], what=where, hint="Pass value= naming the column to plot.")
    by_cols = by_columns(table, by, exclude=exclude, where=where)
    data = pd.DataFrame(
        {
            "group": group_labels(table, by_cols).to_numpy(),
            "frame": table["frame"].astype(str).to_numpy(),
            "value": pd.to_numeric(table[value]).astype(float).to_numpy(),
            "ci_low": _optional_float(table, "ci_low", value),
            "ci_high": _optional_float(table, "ci_high", value),
        },
        index=table.index,
    )
    frames = pick_frames(frames, list(pd.unique(data["frame"])), where=where)
    data = data[data["frame"].isin(frames)]
    dup = data.duplicated(["group", "frame"])
    if dup.any():
        first = data.loc[dup, ["group", "frame"]].iloc[0].tolist()
        raise DataError(
            f"{where}: several rows for group {first[0]!r} and frame {first[1]!r}; group by "
            f"more columns (by=[...]) or filter the table first"
        )
    label, level = value_label(table, value)
    return Estimates(
        data=data.reset_index(drop=True),
        frames=frames,
        groups=list(pd.unique(data["group"])),
        by_cols=by_cols,
        value_label=label,
        ci_level=level,
    )


def _optional_float(table: pd.DataFrame, column: str, value: str) -> np.ndarray:
    # Confidence bounds only belong to the estimate; another value has none.
    if value != "estimate" or column not in table.columns:
        return np.full(len(table), np.nan)
    return pd.to_numeric(table[column]).astype(float).to_numpy()


def _wide_estimates(table, *, by, frames, where) -> Estimates:
    frames = score_frame_columns(table, frames, where=where)
    if by is None:
        means = table[frames].astype(float)
        means.index = means.index.astype(str)
        by_cols = [str(table.index.name)] if table.index.name is not None else []
    else:
        by_cols = [by] if isinstance(by, str) else list(by)
        check_columns(table, by_cols, what=where, hint="Pass by= naming the group column(s).")
        labels = group_labels(table, by_cols)
        means = table[frames].astype(float).groupby(labels.to_numpy(), sort=False).mean()
    long = (
        means.rename_axis("group")
        .reset_index()
        .melt(id_vars="group", var_name="frame", value_name="value")
    )
    long["ci_low"] = np.nan
    long["ci_high"] = np.nan
    return Estimates(
        data=long,
        frames=frames,
        groups=[str(g) for g in means.index],
        by_cols=by_cols,
        value_label=score_label(table),
    )


def category_map(
    groups: list[str],
    *,
    group_by: str,
    table: pd.DataFrame,
    by_cols: list[str],
    metadata,
    where: str,
) -> dict[str, str]:
    """Map each group to its ``group_by`` category, from the table or from ``metadata``."""
    if group_by in table.columns:
        pairs = pd.DataFrame({"group": group_labels(table, by_cols), "cat": table[group_by]})
    elif isinstance(metadata, pd.DataFrame):
        if len(by_cols) != 1:
            raise DataError(
                f"{where}: metadata can only be matched on one group column, the table has "
                f"{by_cols}; pass a dict group -> {group_by} instead"
            )
        key = by_cols[0]
        check_columns(
            metadata,
            [key, group_by],
            what=f"{where} metadata",
            hint=f"metadata needs the group column {key!r} and {group_by!r} (e.g. the corpus).",
        )
        pairs = pd.DataFrame({"group": metadata[key].astype(str), "cat": metadata[group_by]})
    elif isinstance(metadata, Mapping):
        pairs = pd.DataFrame({"group": [str(k) for k in metadata], "cat": list(metadata.values())})
    else:
        raise DataError(
            f"{where}: group_by={group_by!r} is not a column of the table; pass "
            f"metadata= (a DataFrame such as the corpus, or a dict group -> {group_by})"
        )
    pairs = pairs.dropna().drop_duplicates()
    pairs["cat"] = pairs["cat"].astype(str)
    clash = pairs[pairs["group"].duplicated(keep=False)]
    if len(clash):
        g = clash["group"].iloc[0]
        raise DataError(
            f"{where}: group {g!r} has several {group_by} values "
            f"{sorted(clash.loc[clash['group'] == g, 'cat'])}; each group needs exactly one"
        )
    mapping = dict(zip(pairs["group"], pairs["cat"], strict=True))
    missing = [g for g in groups if g not in mapping]
    if missing:
        raise DataError(f"{where}: no {group_by} for group(s) {missing}; add them to metadata")
    return mapping


# --- labels without overlaps ------------------------------------------------------------------


class RepelLabels(Artist):
    """Moves annotation labels next to their points so that no two overlap.

    The placement is greedy and deterministic, in two passes over the labels in
    the order given (most important first). The first pass tries only the spots
    touching the label's own point — right, left, above, below, then the
    diagonals — so every point that can have its label beside it gets it. The
    second pass places the rest at growing distances, with a thin leader line,
    and keeps them a line's height away from other labelled points so that a
    far label never seems to belong to its neighbour's dot. A spot is free when
    the label's box (plus ``pad_pt``) stays inside the axes and touches neither
    another label, nor a labelled point, nor a leader line, and its own leader
    line crosses no label. A label with no free spot is hidden rather than
    drawn over another.

    It runs when the figure is drawn (it is an invisible artist drawn before the
    labels), so the result holds after layout changes, resizing or saving at
    another dpi.
    """

    _DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))

    def __init__(self, labels, xy, *, pad_pt=1.5, marker_pt=3.0, rings=8):
        super().__init__()
        self.labels = list(labels)
        self.xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        self.pad_pt = pad_pt
        self.marker_pt = marker_pt
        self.rings = rings
        self._sizes: dict[int, tuple[float, float]] = {}
        self.set_zorder(-np.inf)  # drawn before the labels it moves
        self.set_in_layout(False)

    def draw(self, renderer) -> None:
        ax = self.axes
        px_per_pt = renderer.points_to_pixels(1.0)
        pad = self.pad_pt * px_per_pt
        points = ax.transData.transform(self.xy)
        sizes = [
            tuple(2 * pad + size * px_per_pt for size in self._size_pt(i, renderer, px_per_pt))
            for i in range(len(self.labels))
        ]
        free = _Space(ax.get_window_extent(renderer), points, self.marker_pt * px_per_pt)
        spots: dict[int, tuple] = {}
        for rings in (range(1), range(1, self.rings)):
            for i, (point, (w, h)) in enumerate(zip(points, sizes, strict=True)):
                if i not in spots:
                    spot = free.first(i, point, w, h, rings, self._DIRECTIONS)
                    if spot is not None:
                        spots[i] = spot
        for i, label in enumerate(self.labels):
            _set_if_changed(label, "visible", i in spots)
            if i not in spots:
                continue
            (cx, cy), ring = spots[i]
            _set_if_changed(label, "horizontalalignment", "center")
            _set_if_changed(label, "verticalalignment", "center")
            px, py = points[i]
            offset = (round((cx - px) / px_per_pt, 2), round((cy - py) / px_per_pt, 2))
            if tuple(label.xyann) != offset:
                label.xyann = offset
            if label.arrow_patch is not None:
                _set_if_changed(label.arrow_patch, "visible", ring > 0)

    def _size_pt(self, i: int, renderer, px_per_pt: float) -> tuple[float, float]:
        # A hidden Text measures as an empty box, so sizes are remembered (in points,
        # which do not change with dpi) from the last draw in which the label showed.
        # Showing it just to measure would mark the figure stale on every draw.
        label = self.labels[i]
        if label.get_visible() or i not in self._sizes:
            extent = mtext.Text.get_window_extent(label, renderer)
            self._sizes[i] = (extent.width / px_per_pt, extent.height / px_per_pt)
        return self._sizes[i]


class _Space:
    """What is already taken in display coordinates: labels, points, leader lines."""

    def __init__(self, area, points, marker: float):
        self.area = area
        self.points = points
        self.marker = marker
        self.boxes: list[tuple] = []
        self.leaders: list[tuple] = []

    def first(self, i, point, w, h, rings, directions):
        """The first free spot for label ``i`` (centre, ring), taking it; None if none."""
        px, py = point
        for ring in rings:
            gap = self.marker + ring * h
            for dx, dy in directions:
                centre = (px + dx * (w / 2 + gap), py + dy * (h / 2 + gap))
                box = (centre[0] - w / 2, centre[1] - h / 2, centre[0] + w / 2, centre[1] + h / 2)
                if self._free(i, point, centre, box, halo=h if ring else 0.0):
                    self.boxes.append(box)
                    if ring:
                        self.leaders.append((point, centre))
                    return centre, ring
        return None

    def _free(self, i, point, centre, box, *, halo: float) -> bool:
        a = self.area
        if not (a.x0 <= box[0] and a.y0 <= box[1] and box[2] <= a.x1 and box[3] <= a.y1):
            return False
        if any(_overlap(box, other) for other in self.boxes):
            return False
        for j, (x, y) in enumerate(self.points):
            r = self.marker + (halo if j != i else 0.0)
            if _overlap(box, (x - r, y - r, x + r, y + r)):
                return False
        if any(_crosses(p, q, box) for p, q in self.leaders):
            return False
        return not (halo and any(_crosses(point, centre, other) for other in self.boxes))


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(p, q, box) -> bool:
    """Whether the segment p–q meets the box (Liang–Barsky clipping)."""
    (x, y), (dx, dy) = p, (q[0] - p[0], q[1] - p[1])
    t0, t1 = 0.0, 1.0
    for step, room in ((-dx, x - box[0]), (dx, box[2] - x), (-dy, y - box[1]), (dy, box[3] - y)):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _set_if_changed(artist, prop: str, value) -> None:
    # Setting a property marks the figure stale; doing so on every draw would make
    # interactive backends redraw for ever.
    if getattr(artist, f"get_{prop}")() != value:
        getattr(artist, f"set_{prop}")(value)


def frame_color(name: str, overrides: Mapping[str, str] | None) -> str:
    if overrides and name in overrides:
        return overrides[name]
    return color(name)


# --- pieces of single figures ----------------------------------------------------------------


def check_order(order, groups: list[str], *, where: str) -> list[str] | None:
    if order is None:
        return None
    order = [str(g) for g in order]
    unknown = [g for g in order if g not in groups]
    if unknown:
        raise DataError(f"{where}: order names unknown group(s) {unknown}; groups are {groups}")
    return order


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


_TERM_COLUMNS = ("term", "count_target", "count_rest", "delta", "variance", "z")


def term_groups(distinctive: pd.DataFrame) -> tuple[pd.Series | None, list[str], list[str]]:
    """Each row's group label in a ``distinctive_terms()`` table, the groups, the group columns."""
    group_cols = [c for c in distinctive.columns if c not in _TERM_COLUMNS]
    if not group_cols:
        return None, [], []
    labels = group_labels(distinctive, group_cols)
    return labels, list(pd.unique(labels)), group_cols


def group_key(group) -> str:
    """A group as :func:`group_labels` writes it (tuples from ``by=[...]`` joined)."""
    return GROUP_SEP.join(map(str, group)) if isinstance(group, tuple) else str(group)


def one_group(distinctive: pd.DataFrame, group):
    """The rows of one group of a ``distinctive_terms()`` table, and the group's label."""
    labels, names, group_cols = term_groups(distinctive)
    if labels is None:
        return distinctive, None if group is None else str(group)
    if group is None:
        if len(names) != 1:
            raise DataError(
                f"terms(..., ax=ax) draws one group but the table has {len(names)} in "
                f"{group_cols}: pick one with group=, e.g. group={names[0]!r}, or leave out "
                f"ax for one panel per group (groups: {names})"
            )
        group = names[0]
    group = group_key(group)
    if group not in names:
        raise DataError(f"terms(): no group {group!r} in {group_cols}; groups: {names}")
    return distinctive[(labels == group).to_numpy()], group


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
