"""Figure-level figures: small multiples, one panel per frame or group, and always a Figure.

Each function here makes a new constrained-layout Figure as wide as
``rcParams["figure.figsize"]`` (inside :func:`framing.plot.paper`: the
journal column) and as tall as its panels need, draws every panel with the
rules of the matching axes-level function of :mod:`framing.plot.figures`,
and **always returns the Figure**: :func:`forest_grid` (one panel per frame),
:func:`terms_grid` (one per group), :func:`timeline_grid` (one per frame, a
line per group) and :func:`profile` (one per group). None takes ``ax``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from framing.errors import DataError, ParameterError
from framing.plot._colors import check_overrides, resolve
from framing.plot._data import (
    check_columns,
    check_order,
    estimates,
    frame_labels,
    group_key,
    human,
    score_label,
    term_groups,
)
from framing.plot._docs import docs
from framing.plot._layout import (
    auto_wrap,
    fit_text,
    font_inches,
    legend_columns,
    panel_grid,
    tidy_axes,
    wrap_title,
)
from framing.plot._panels import (
    forest_colours,
    forest_panel,
    legend_handles,
    terms_panel,
    timeline_panel,
)
from framing.plot.figures import (
    _TERMS_XLABEL,
    _TERMS_YLABEL,
    check_top,
    group_lines,
    timeline_data,
)

__all__ = ["forest_grid", "terms_grid", "timeline_grid", "profile"]


@docs
def forest_grid(
    table: pd.DataFrame,
    *,
    by=None,
    frames=None,
    labels: Mapping[str, str] | None = None,
    group_by: str | None = None,
    metadata: pd.DataFrame | Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    col_wrap: int | None = None,
    palette: Mapping[str, str] | None = None,
    **kwargs,
) -> Figure:
    """Estimates with confidence intervals, one :func:`forest` panel per frame.

    Parameters
    ----------
    table : DataFrame
        A ``compare()`` result: group column(s), ``frame``, ``estimate``,
        ``ci_low``, ``ci_high``.
    {by}
    {frames}
    {labels}
    group_by : str, optional
        A metadata column (e.g. ``'outlet_type'``) that clusters and colours the
        groups, with one legend for the figure; see :func:`forest`.
    metadata : DataFrame or dict, optional
        Where to find ``group_by`` when the table lacks it (see :func:`forest`).
    order : list of str, optional
        Groups from top to bottom in every panel (others are left out).
        Default: one shared order (by ``group_by`` category, then by the mean
        estimate across frames), so rows line up and the group labels are
        written once per row of panels.
    col_wrap : int, optional
        Panels per row (default: as many as fit the figure width).
    palette : dict of str to colour, optional
        Colours of the categories, groups or frames, as in :func:`forest`.
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.scatter`, which draws the dots.

    Returns
    -------
    Figure

    Notes
    -----
    Each panel has its own x scale: frames differ in how often their cues
    occur, and the question a forest plot answers is how the groups differ on
    one frame. The figure grows with the number of groups (panel height) and
    frames (rows of panels).

    Examples
    --------
    >>> fig = framing.plot.forest_grid(table, group_by="outlet_type", metadata=corpus)  # doctest: +SKIP
    """
    exclude = [group_by] if group_by else []
    est = estimates(
        table, by=by, frames=frames, exclude=exclude, labels=labels, where="forest_grid()"
    )
    order = check_order(order, est.groups, where="forest_grid()")
    cats, colours, legend = forest_colours(
        est, table, group_by=group_by, metadata=metadata, palette=palette, where="forest_grid()"
    )
    row = font_inches()
    wrap = col_wrap or auto_wrap(22)
    shared = order
    if shared is None and len(est.frames) > 1:
        means = est.data.groupby("group")["value"].mean()
        shared = sorted(
            est.groups,
            key=lambda g: (str(cats[g]) if cats else "", -_finite(means.get(g)), str(g)),
        )
    fig, axes = panel_grid(
        len(est.frames),
        col_wrap=wrap,
        panel_height=1.7 * row * len(shared or est.groups) + 5 * row,
    )
    for i, (panel, frame) in enumerate(zip(axes, est.frames, strict=True)):
        forest_panel(panel, est, frame, cats=cats, order=shared, colours=colours[frame], **kwargs)
        if shared is not None and i % min(wrap, len(est.frames)):
            panel.tick_params(axis="y", labelleft=False)
    fig.supxlabel(est.label_with_ci, fontsize=mpl.rcParams["axes.labelsize"])
    if legend:
        names, legend_colours, title = legend
        handles = legend_handles(names, legend_colours)
        fig.legend(
            handles=handles,
            title=title,
            loc="outside upper center",
            ncols=legend_columns([str(h.get_label()) for h in handles]),
            frameon=False,
        )
    return fig


def _finite(value) -> float:
    return float(value) if value is not None and np.isfinite(value) else -np.inf


@docs
def profile(
    table: pd.DataFrame,
    *,
    by=None,
    frames=None,
    labels: Mapping[str, str] | None = None,
    kind: str = "bars",
    order: Sequence[str] | None = None,
    col_wrap: int | None = None,
    palette: Mapping[str, str] | None = None,
    **kwargs,
) -> Figure:
    """Each group's frame profile as small multiples of horizontal bars.

    Parameters
    ----------
    table : DataFrame
        A ``compare()`` result or a score table (averaged per group).
    {by}
    {frames}
    {labels}
    kind : {'bars', 'dots'}, default='bars'
        Bars from zero, or dots; either gets whiskers when the table has
        ``ci_low``/``ci_high``.
    order : list of str, optional
        Groups (panels) to show, in this order. Default: order of appearance.
    col_wrap : int, optional
        Panels per row (default: as many as fit the figure width).
    {palette}
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.barh` (bars) or
        :meth:`~matplotlib.axes.Axes.scatter` (dots).

    Returns
    -------
    Figure

    Notes
    -----
    Small multiples, not a radar chart: a radar's filled area grows with the
    square of the values and changes when the frames are listed in another
    order, so two outlets with the same numbers can look different, and its
    circular axes make magnitudes hard to read. Here every panel shares one
    x axis from zero and lists the frames in the same order and colours, so
    profiles compare by length along a common scale (Cleveland & McGill 1984,
    "Graphical Perception", JASA 79(387)).
    """
    if kind not in ("bars", "dots"):
        raise ParameterError(f"unknown kind={kind!r}; kind must be one of 'bars', 'dots'")
    est = estimates(table, by=by, frames=frames, labels=labels, where="profile()")
    groups = check_order(order, est.groups, where="profile()") or est.groups
    overrides = check_overrides(palette, est.frames, what="the frames", where="profile()")
    row = font_inches()
    col_wrap = col_wrap or auto_wrap(14)
    fig, axes = panel_grid(
        len(groups),
        col_wrap=col_wrap,
        panel_height=1.5 * row * len(est.frames) + 5 * row,
        sharex=True,
        sharey=True,
    )
    y = -np.arange(len(est.frames), dtype=float)
    colours = list(resolve(est.frames, overrides).values())
    for ax, group in zip(axes, groups, strict=True):
        rows = est.data[est.data["group"] == group].set_index("frame").reindex(est.frames)
        if kind == "bars":
            ax.barh(y, rows["value"].fillna(0), color=colours, height=0.72, **kwargs)
        else:
            ax.scatter(rows["value"], y, c=colours, zorder=3, **{"s": 14, **kwargs})
        if est.has_ci:
            whisker = "0.2" if kind == "bars" else colours
            ax.hlines(y, rows["ci_low"], rows["ci_high"], colors=whisker, linewidth=0.8)
        wrap_title(ax, group, columns=min(col_wrap, len(groups)))
        ax.tick_params(axis="y", length=0)
        tidy_axes(ax, grid_axis="x")
    axes[0].set_yticks(y, labels=[est.label(f) for f in est.frames])
    if kind == "bars" or est.data["value"].min() >= 0:
        axes[0].set_xlim(left=0)
    fig.supxlabel(est.label_with_ci, fontsize=mpl.rcParams["axes.labelsize"])
    return fig


@docs
def terms_grid(
    distinctive: pd.DataFrame,
    *,
    groups: Sequence[str] | None = None,
    top: int = 15,
    max_groups: int = 16,
    col_wrap: int | None = None,
    palette: Mapping[str, str] | None = None,
    **kwargs,
) -> Figure:
    """Distinctive terms of several groups, one :func:`terms` panel per group.

    Parameters
    ----------
    distinctive : DataFrame
        A ``distinctive_terms()`` result (see :func:`terms`).
    groups : list of str, optional
        The groups to draw, in this order. Default: every group of the table.
    top : int, default=15
        How many terms to colour and try to label in each panel.
    max_groups : int, default=16
        The most panels drawn without ``groups=``; more raise a DataError
        (their labels would not fit), so choose some with ``groups=``.
    col_wrap : int, optional
        Panels per row (default: as many as fit the figure width).
    palette : dict of str to colour, optional
        Colours of the groups, overriding :func:`palette`.
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.scatter` for the grey dots.

    Returns
    -------
    Figure

    Notes
    -----
    Panels share both axes: a term has the same total frequency in every
    panel, and z-scores are on one scale, so panels compare directly. Labels
    that find no free spot are left out, as in :func:`terms`.

    Examples
    --------
    >>> fig = framing.plot.terms_grid(framing.distinctive_terms(corpus))  # doctest: +SKIP
    """
    check_columns(
        distinctive,
        ["term", "count_target", "count_rest", "z"],
        what="terms_grid()",
        hint="Pass the result of framing.distinctive_terms().",
    )
    check_top(top)
    labels, names, _ = term_groups(distinctive)
    if labels is None:
        raise DataError(
            "terms_grid(): the table has no group column; draw it with framing.plot.terms(table)"
        )
    if groups is not None:
        chosen = [group_key(g) for g in ([groups] if isinstance(groups, str) else groups)]
        unknown = [g for g in chosen if g not in names]
        if unknown or not chosen:
            raise DataError(
                f"terms_grid(): groups= names unknown group(s) {unknown}; groups: {names}"
            )
    else:
        chosen = names
        if len(chosen) > max_groups:
            raise DataError(
                f"terms_grid(): the table has {len(chosen)} groups, more than "
                f"max_groups={max_groups} panels; choose some with groups=[...] or raise "
                "max_groups"
            )
    overrides = check_overrides(palette, chosen, what="the groups", where="terms_grid()")
    colours = resolve(chosen, overrides)
    col_wrap = col_wrap or auto_wrap(22)
    columns = min(col_wrap, len(chosen))
    width = mpl.rcParams["figure.figsize"][0] / columns
    fig, axes = panel_grid(
        len(chosen),
        col_wrap=col_wrap,
        panel_height=0.75 * width + 2.5 * font_inches("axes.titlesize"),
        sharex=True,
        sharey=True,
    )
    for panel, name in zip(axes, chosen, strict=True):
        rows = distinctive[(labels == name).to_numpy()]
        terms_panel(panel, rows, name, top=top, colour=colours[name], **kwargs)
        wrap_title(panel, name, columns=columns)
    fig.supxlabel(_TERMS_XLABEL, fontsize=mpl.rcParams["axes.labelsize"])
    fig.supylabel(f"{_TERMS_YLABEL}, group vs. the rest", fontsize=mpl.rcParams["axes.labelsize"])
    return fig


@docs
def timeline_grid(
    scores: pd.DataFrame,
    *,
    by: str,
    freq: str = "D",
    frames=None,
    labels: Mapping[str, str] | None = None,
    date_col: str = "date",
    col_wrap: int | None = None,
    palette: Mapping[str, str] | None = None,
    **kwargs,
) -> Figure:
    """Frames over time by group: one :func:`timeline` panel per frame, a line per group.

    Parameters
    ----------
    scores : DataFrame
        A score table with a date column and the ``by`` column.
    by : str
        The group column: one line per group in every panel, one legend.
    {freq}
    {frames}
    {labels}
    date_col : str, default='date'
        The column with the dates (rows without a date are left out).
    col_wrap : int, optional
        Panels per row (default: as many as fit the figure width).
    palette : dict of str to colour, optional
        Colours of the groups, overriding :func:`palette`.
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.plot` for each line.

    Returns
    -------
    Figure

    Notes
    -----
    Panels share the time axis; each frame has its own y scale from zero,
    because frames differ in how often their cues occur and the question is
    how the groups differ on each frame.

    Examples
    --------
    >>> fig = framing.plot.timeline_grid(scores, by="outlet_type", freq="W")  # doctest: +SKIP
    """
    data, frames, when = timeline_data(
        scores, frames=frames, freq=freq, date_col=date_col, where="timeline_grid()"
    )
    names = frame_labels(scores, labels)
    lines = group_lines(data, when, by=by, frames=frames)
    groups = list(lines[frames[0]].columns)
    overrides = check_overrides(
        palette, groups, what=f"the {human(by)} groups", where="timeline_grid()"
    )
    colours = resolve(groups, overrides)
    col_wrap = col_wrap or auto_wrap(20)
    columns = min(col_wrap, len(frames))
    width = mpl.rcParams["figure.figsize"][0] / columns
    fig, axes = panel_grid(
        len(frames),
        col_wrap=col_wrap,
        panel_height=0.55 * width + 2.5 * font_inches("axes.titlesize"),
        sharex=True,
    )
    for panel, frame in zip(axes, frames, strict=True):
        timeline_panel(panel, lines[frame], colours, **kwargs)
        wrap_title(panel, names.get(frame, frame), columns=columns)
    handles, legend_labels = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        legend_labels,
        title=human(by),
        loc="outside upper center",
        ncols=legend_columns(legend_labels),
        frameon=False,
    )
    ylabel = score_label(scores)
    fig.supylabel(
        fit_text(ylabel, 0.85 * fig.get_figheight(), font_key="axes.labelsize"),
        fontsize=mpl.rcParams["axes.labelsize"],
    )
    return fig
