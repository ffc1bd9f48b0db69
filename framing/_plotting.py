"""Private helpers behind :mod:`framing.plot`.

Three jobs live here so that ``plot.py`` reads as a list of figures: turning the
tables framing produces (long ``compare()`` results, wide score tables) into one
long shape, laying out small multiples, and placing text labels next to points
without overlaps (:class:`RepelLabels`). Shared parameter documentation is
written once here (``SHARED_DOCS``) and pasted into docstrings by :func:`docs`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import text as mtext
from matplotlib.artist import Artist

from ._colors import color
from .errors import DataError

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
        Axes to draw on. Default: the current axes (``plt.gca()``); a fresh
        figure gets constrained layout so that labels are not clipped.""",
    "palette": """palette : dict of str to str, optional
        Colours overriding :func:`palette` for some names.""",
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
    """``ax``, or the current axes; a fresh figure gets constrained layout."""
    if ax is not None:
        return ax
    fig = plt.gcf()
    if not fig.axes and fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    return fig.gca()


def auto_wrap(min_panel_width: float) -> int:
    """How many panels of at least ``min_panel_width`` inches fit the current figure width."""
    width = plt.rcParams["figure.figsize"][0]
    return max(1, int(width // min_panel_width))


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
    by_label: str
    value_label: str

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
    """Frame columns of a score table: ``frames`` if given, else ``framing.score_frames``."""
    if frames is None:
        from .score import score_frames

        return list(score_frames(table))
    missing = [f for f in frames if f not in table.columns]
    if missing:
        raise DataError(
            f"{where}: frame column(s) {missing} not in the table; it has {list(table.columns)}"
        )
    return frames


def group_labels(table: pd.DataFrame, by_cols: list[str]) -> pd.Series:
    if len(by_cols) == 1:
        return table[by_cols[0]].astype(str)
    return table[by_cols].astype(str).agg(GROUP_SEP.join, axis=1)


def by_columns(table: pd.DataFrame, by, *, exclude: Sequence[str] = (), where: str) -> list[str]:
    if by is not None:
        cols = [by] if isinstance(by, str) else list(by)
        check_columns(table, cols, what=where, hint="Pass by= naming the group column(s).")
        return cols
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


def value_label(table: pd.DataFrame, value: str) -> str:
    """A readable axis label for ``value`` from the table's provenance, if it has any."""
    meta = table.attrs.get("framing", {}) if isinstance(table.attrs, dict) else {}
    params = meta.get("params", {}) if isinstance(meta, dict) else {}
    stat = meta.get("stat", params.get("stat")) if isinstance(params, dict) else None
    ci = meta.get("ci", params.get("ci")) if isinstance(params, dict) else None
    if value == "estimate":
        label = (
            "share of units with the frame"
            if stat == "share"
            else "mean cue matches per 1,000 tokens"
        )
        if isinstance(ci, float | int) and 0 < ci < 1:
            label += f" ({ci:.0%} CI)"
        return label
    return value


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
        return _long_estimates(table, by=by, frames=frames, value=value, exclude=exclude, where=where)
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
    return Estimates(
        data=data.reset_index(drop=True),
        frames=frames,
        groups=list(pd.unique(data["group"])),
        by_label=GROUP_SEP.join(by_cols),
        value_label=value_label(table, value),
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
        by_label = str(table.index.name or "")
    else:
        by_cols = [by] if isinstance(by, str) else list(by)
        check_columns(table, by_cols, what=where, hint="Pass by= naming the group column(s).")
        labels = group_labels(table, by_cols)
        means = table[frames].astype(float).groupby(labels.to_numpy(), sort=False).mean()
        by_label = GROUP_SEP.join(by_cols)
    long = means.rename_axis("group").reset_index().melt(
        id_vars="group", var_name="frame", value_name="value"
    )
    long["ci_low"] = np.nan
    long["ci_high"] = np.nan
    return Estimates(
        data=long,
        frames=frames,
        groups=[str(g) for g in means.index],
        by_label=by_label,
        value_label="mean cue matches per 1,000 tokens",
    )


def category_map(
    groups: list[str],
    *,
    group_by: str,
    table: pd.DataFrame,
    by_cols_label: str,
    metadata,
    where: str,
) -> dict[str, str]:
    """Map each group to its ``group_by`` category, from the table or from ``metadata``."""
    if group_by in table.columns:
        pairs = pd.DataFrame(
            {"group": group_labels(table, by_cols_label.split(GROUP_SEP)), "cat": table[group_by]}
        )
    elif isinstance(metadata, pd.DataFrame):
        key = by_cols_label
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

    The placement is greedy and deterministic: labels are visited in the order
    given (most important first), and each takes the first free spot from a fixed
    list of candidates — right, left, above, below, then the diagonals — at
    growing distances. A spot is free when the label's box (plus ``pad_pt``)
    stays inside the axes and touches neither an earlier label nor any point's
    marker. A label with no free spot is hidden rather than drawn over another.
    Far placements get a thin leader line.

    It runs when the figure is drawn (it is an invisible artist drawn before the
    labels), so the result holds after layout changes, resizing or saving at
    another dpi.
    """

    _DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))

    def __init__(self, labels, xy, *, obstacles=None, pad_pt=1.5, marker_pt=3.0, rings=10):
        super().__init__()
        self.labels = list(labels)
        self.xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        self.obstacles = self.xy if obstacles is None else np.asarray(obstacles, float).reshape(-1, 2)
        self.pad_pt = pad_pt
        self.marker_pt = marker_pt
        self.rings = rings
        self.set_zorder(-np.inf)  # drawn before the labels it moves
        self.set_in_layout(False)

    def draw(self, renderer) -> None:
        ax = self.axes
        px_per_pt = renderer.points_to_pixels(1.0)
        area = ax.get_window_extent(renderer)
        pts = ax.transData.transform(self.xy)
        marker = self.marker_pt * px_per_pt
        taken = [(x - marker, y - marker, x + marker, y + marker) for x, y in ax.transData.transform(self.obstacles)]
        pad = self.pad_pt * px_per_pt
        for label, (px, py) in zip(self.labels, pts, strict=True):
            extent = mtext.Text.get_window_extent(label, renderer)
            w, h = extent.width + 2 * pad, extent.height + 2 * pad
            spot = self._first_free(px, py, w, h, marker, area, taken)
            if spot is None:
                _set_if_changed(label, "visible", False)
                continue
            (cx, cy), ring = spot
            taken.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
            _set_if_changed(label, "visible", True)
            _set_if_changed(label, "horizontalalignment", "center")
            _set_if_changed(label, "verticalalignment", "center")
            offset = (round((cx - px) / px_per_pt, 2), round((cy - py) / px_per_pt, 2))
            if tuple(label.xyann) != offset:
                label.xyann = offset
            if label.arrow_patch is not None:
                _set_if_changed(label.arrow_patch, "visible", ring > 0)

    def _first_free(self, px, py, w, h, marker, area, taken):
        for ring in range(self.rings):
            gap = marker + ring * h
            for dx, dy in self._DIRECTIONS:
                cx = px + dx * (w / 2 + gap)
                cy = py + dy * (h / 2 + gap)
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                inside = (
                    box[0] >= area.x0 and box[1] >= area.y0 and box[2] <= area.x1 and box[3] <= area.y1
                )
                if inside and not any(_overlap(box, other) for other in taken):
                    return (cx, cy), ring
        return None


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _set_if_changed(artist, prop: str, value) -> None:
    # Setting a property marks the figure stale; doing so on every draw would make
    # interactive backends redraw for ever.
    if getattr(artist, f"get_{prop}")() != value:
        getattr(artist, f"set_{prop}")(value)


def frame_color(name: str, overrides: Mapping[str, str] | None) -> str:
    if overrides and name in overrides:
        return overrides[name]
    return color(name)
