"""Figures for papers and notebooks: tidy framing tables in, matplotlib Axes out.

Every function follows seaborn's contract: the table first, everything else
keyword-only, ``ax=None`` and the Axes returned — or a Figure for the
small-multiple plots: :func:`profile`, and without ``ax`` :func:`forest` (one
panel per frame), :func:`terms` of several groups and :func:`timeline` by
group with several frames. Without ``ax`` a function draws on the current
Axes only if it is still empty (``fig, ax = plt.subplots()``), else on a new
figure, so one figure never lands on top of the previous one. Nothing here
calls ``plt.show()`` or changes global ``rcParams``; :func:`paper` sizes and
styles figures for print inside a ``with`` block, and :func:`save` writes PDF,
SVG and PNG at once. Colours come from :func:`palette`, so a frame or an
outlet has the same colour in every figure of a session. The table
reshaping, panel layout and label placement live in private modules of :mod:`framing.plot`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing.errors import DataError
from framing.io._files import atomic_write
from framing.plot._colors import palette, reset_palette, resolve, text_color_on
from framing.plot._data import (
    as_frame_list,
    category_map,
    check_columns,
    check_order,
    estimates,
    group_key,
    one_group,
    score_frame_columns,
    score_label,
    term_groups,
)
from framing.plot._docs import docs
from framing.plot._layout import (
    auto_wrap,
    fit_text,
    fit_ylabel,
    font_inches,
    get_ax,
    legend_columns,
    panel_grid,
    tidy_axes,
    wrap_title,
)
from framing.plot._panels import (
    forest_panel,
    legend_handles,
    strip_image,
    terms_panel,
    timeline_panel,
)

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


@docs
def heatmap(
    table: pd.DataFrame,
    *,
    by=None,
    value: str = "estimate",
    frames=None,
    annot: bool = True,
    fmt: str = ".1f",
    cmap=None,
    cbar: bool = True,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Groups × frames as a grid of coloured, annotated cells.

    Parameters
    ----------
    table : DataFrame
        A long ``compare()`` result (columns ``frame`` and ``value``) or a wide
        score table (one column per frame).
    {by}
    value : str, default='estimate'
        Column of a long table to show (``estimate``, ``n_docs`` …).
    {frames}
    annot : bool, default=True
        Write each value in its cell, in black or white, whichever contrasts more.
    fmt : str, default='.1f'
        Format of the annotations.
    cmap : str or Colormap, optional
        Default: ``'Blues'`` (sequential, one hue) when no value is negative,
        else ``'RdBu_r'`` centred on zero. Missing cells are light grey.
    cbar : bool, default=True
        Draw a colour bar beside the axes.
    {ax}
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.imshow` (``vmin``, ``vmax``, ``norm`` …).

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = framing.plot.heatmap(framing.compare(scores, by="outlet"))  # doctest: +SKIP
    """
    est = estimates(table, by=by, frames=frames, value=value, where="heatmap()")
    grid = est.data.pivot(index="group", columns="frame", values="value")
    values = grid.reindex(index=est.groups, columns=est.frames).to_numpy(float)
    finite = values[np.isfinite(values)]
    diverging = finite.size > 0 and finite.min() < 0 < finite.max()
    if cmap is None:
        cmap = "RdBu_r" if diverging else "Blues"
    if diverging and not {"vmin", "vmax", "norm"} & kwargs.keys():
        limit = float(np.abs(finite).max())
        kwargs.update(vmin=-limit, vmax=limit)
    cmap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    ax = get_ax(ax)
    image = ax.imshow(
        np.ma.masked_invalid(values),
        cmap=cmap.with_extremes(bad="0.93"),
        aspect="auto",
        interpolation="none",
        **kwargs,
    )
    if annot:
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                fill = image.cmap(image.norm(v))
                ax.text(j, i, format(v, fmt), ha="center", va="center", color=text_color_on(fill))
    ax.set_xticks(range(len(est.frames)), labels=est.frames)
    ax.set_yticks(range(len(est.groups)), labels=est.groups)
    ax.tick_params(axis="x", labelrotation=30, length=0)
    ax.tick_params(axis="y", length=0)
    for label in ax.get_xticklabels():
        label.set(ha="right", rotation_mode="anchor")
    ax.spines[:].set_visible(False)
    ax.set_ylabel(est.by_label)
    if cbar:
        bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
        fit_ylabel(ax, est.value_label, colorbar=bar.ax)
        bar.outline.set_visible(False)
    return ax


@docs
def forest(
    table: pd.DataFrame,
    *,
    by=None,
    frames=None,
    group_by: str | None = None,
    metadata: pd.DataFrame | Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    col_wrap: int | None = None,
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes | Figure:
    """Estimates with confidence intervals as dots and whiskers, one row per group.

    Parameters
    ----------
    table : DataFrame
        A ``compare()`` result: group column(s), ``frame``, ``estimate``,
        ``ci_low``, ``ci_high``.
    {by}
    {frames}
    group_by : str, optional
        A metadata column (e.g. ``'outlet_type'``) that clusters and colours the
        groups: rows are sorted by category, then by estimate within it, and a
        legend names the categories. Taken from ``table`` when it has the column,
        else from ``metadata``.
    metadata : DataFrame or dict, optional
        Where to find ``group_by`` when the table lacks it: a DataFrame with the
        group column and ``group_by`` (the corpus will do), or a dict group ->
        category.
    order : list of str, optional
        Groups from top to bottom (others are left out). Default: with one frame,
        highest estimate on top; with several, one shared order for every panel
        (by ``group_by`` category, then by the mean estimate across frames) so
        rows line up and the group labels are written once per row of panels.
    col_wrap : int, optional
        Panels per row (default: as many as fit the figure width).
    {palette}
    ax : matplotlib.axes.Axes, optional
        Draw one frame on this Axes and return it. Without ``ax`` a new Figure
        gets one panel per frame.
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.scatter`, which draws the dots.

    Returns
    -------
    Axes or Figure
        The Axes when ``ax`` is given, else the Figure.

    Notes
    -----
    Dots are coloured by frame, or by ``group_by`` category when given. Each
    panel has its own x scale: frames differ in how often their cues occur, and
    the question a forest plot answers is how the groups differ on one frame.
    """
    exclude = [group_by] if group_by else []
    est = estimates(table, by=by, frames=frames, exclude=exclude, where="forest()")
    cats = None
    if group_by:
        cats = category_map(
            est.groups,
            group_by=group_by,
            table=table,
            by_cols=est.by_cols,
            metadata=metadata,
            where="forest()",
        )
    order = check_order(order, est.groups, where="forest()")
    # One palette() call for every coloured name, so that they get distinct colours.
    palette = resolve(sorted(set(cats.values())) if cats else est.frames, palette)
    if ax is not None:
        if len(est.frames) != 1:
            raise DataError(
                f"forest(..., ax=ax) draws one frame but the table has {len(est.frames)}: "
                f"{est.frames}; pass frames='{est.frames[0]}' or leave out ax for one panel per frame"
            )
        forest_panel(ax, est, est.frames[0], cats=cats, order=order, palette=palette, **kwargs)
        ax.set_xlabel(est.label_with_ci)
        if cats:
            ax.legend(handles=legend_handles(cats, palette), title=group_by, frameon=False)
        return ax
    row = font_inches()
    wrap = col_wrap or auto_wrap(22)
    shared = order
    if shared is None and len(est.frames) > 1:
        # One order for every panel (by category, then by mean across frames), so the
        # group labels are written once per row of panels and rows line up.
        means = est.data.groupby("group")["value"].mean()
        shared = sorted(
            est.groups, key=lambda g: (str(cats[g]) if cats else "", -means.get(g, 0.0), str(g))
        )
    fig, axes = panel_grid(
        len(est.frames),
        col_wrap=wrap,
        panel_height=1.7 * row * len(shared or est.groups) + 5 * row,
    )
    for i, (panel, frame) in enumerate(zip(axes, est.frames, strict=True)):
        forest_panel(panel, est, frame, cats=cats, order=shared, palette=palette, **kwargs)
        if shared is not None and i % min(wrap, len(est.frames)):
            panel.tick_params(axis="y", labelleft=False)
    fig.supxlabel(est.label_with_ci, fontsize=mpl.rcParams["axes.labelsize"])
    if cats:
        handles = legend_handles(cats, palette)
        fig.legend(
            handles=handles,
            title=group_by,
            loc="outside upper center",
            ncols=legend_columns([h.get_label() for h in handles]),
            frameon=False,
        )
    return fig


@docs
def profile(
    table: pd.DataFrame,
    *,
    by=None,
    frames=None,
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
        raise ValueError(f"kind must be 'bars' or 'dots', got {kind!r}")
    est = estimates(table, by=by, frames=frames, where="profile()")
    groups = check_order(order, est.groups, where="profile()") or est.groups
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
    colours = list(resolve(est.frames, palette).values())
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
    axes[0].set_yticks(y, labels=est.frames)
    if kind == "bars" or est.data["value"].min() >= 0:
        axes[0].set_xlim(left=0)
    fig.supxlabel(est.label_with_ci, fontsize=mpl.rcParams["axes.labelsize"])
    return fig


_TERMS_XLABEL = "frequency in all groups (log scale)"
_TERMS_YLABEL = "z-score of the log-odds ratio"


@docs
def terms(
    distinctive: pd.DataFrame,
    *,
    group: str | None = None,
    groups: Sequence[str] | None = None,
    top: int = 15,
    max_groups: int = 16,
    col_wrap: int | None = None,
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes | Figure:
    """Distinctive terms: z-score of the log-odds ratio against term frequency.

    The static version of Monroe, Colaresi & Quinn's (2008, "Fightin' Words",
    Political Analysis 16(4), fig. 4–5) plot: every term is a grey dot at its
    total frequency (log scale) and its z-score; the ``top`` terms with the
    largest ``|z|`` are coloured — the group's colour for terms typical of the
    group, dark grey for terms typical of the rest — and labelled (terms with
    the same counts share a dot and one label). Dashed lines mark ``|z| = 1.96``.

    Parameters
    ----------
    distinctive : DataFrame
        A ``distinctive_terms()`` result: the group column, ``term``,
        ``count_target``, ``count_rest``, ``z``. Compute it with ``top=None``
        to see the whole vocabulary, not only each group's top terms.
    group : str, optional
        The one group to plot on one Axes.
    groups : list of str, optional
        The groups to plot as small multiples, in this order (``ax`` must be
        left out). Default, when the table has several groups, ``group`` is
        not given and neither is ``ax``: every group.
    top : int, default=15
        How many terms to label (in each panel).
    max_groups : int, default=16
        The most panels drawn without ``groups=``; more raise a DataError
        (their labels would not fit), so choose some with ``groups=``.
    col_wrap : int, optional
        Panels per row (default: as many as fit the figure width).
    {palette}
    ax : matplotlib.axes.Axes, optional
        Draw one group on this Axes and return it (with several groups in the
        table, ``group=`` picks it). Default for one group: the current Axes
        if it is still empty, else a new figure.
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.scatter` for the grey dots.

    Returns
    -------
    Axes or Figure
        The Axes for one group; a Figure with one panel per group for several.

    Notes
    -----
    Labels are placed greedily, most distinctive first, at the first free spot
    next to their dot (see ``framing._plotting.RepelLabels``); the placement is
    deterministic and redone whenever the figure is drawn, so labels never
    overlap. A label with no free spot inside the axes is left out rather than
    drawn over another — enlarge the figure or lower ``top`` to see it. Small
    multiples share both axes: a term has the same total frequency in every
    panel, and z-scores are on one scale, so panels compare directly.

    Examples
    --------
    >>> fig = framing.plot.terms(framing.distinctive_terms(corpus))  # doctest: +SKIP
    >>> ax = framing.plot.terms(framing.distinctive_terms(corpus), group="Atlas Wire")  # doctest: +SKIP
    """
    check_columns(
        distinctive,
        ["term", "count_target", "count_rest", "z"],
        what="terms()",
        hint="Pass the result of framing.distinctive_terms().",
    )
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise ValueError(f"top must be a non-negative integer, got {top!r}")
    labels, names, _ = term_groups(distinctive)
    if groups is not None:
        if group is not None or ax is not None:
            raise DataError(
                "terms(): groups= draws one panel per group on a new figure; pass group= "
                "instead to draw one group (on ax=)"
            )
        chosen = [group_key(g) for g in ([groups] if isinstance(groups, str) else groups)]
        unknown = [g for g in chosen if g not in names]
        if unknown or not chosen:
            raise DataError(f"terms(): groups= names unknown group(s) {unknown}; groups: {names}")
    elif group is None and ax is None and len(names) > 1:
        chosen = names
        if len(chosen) > max_groups:
            raise DataError(
                f"terms(): the table has {len(chosen)} groups, more than max_groups={max_groups} "
                f"panels; choose some with groups=[...], one with group=, or raise max_groups"
            )
    else:
        rows, group = one_group(distinctive, group)
        ax = get_ax(ax)
        own = resolve([group], palette)[group] if group is not None else "#0072B2"
        terms_panel(ax, rows, group, top=top, colour=own, **kwargs)
        ax.set_xlabel(_TERMS_XLABEL)
        ax.set_ylabel(_TERMS_YLABEL)
        if group is not None:
            ax.set_title(f"{group} vs. the rest")
        return ax
    colours = resolve(chosen, palette)
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
def strip(
    sentence_scores: pd.DataFrame,
    doc_id: str,
    *,
    frames=None,
    vmax: float | None = None,
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """The frames sentence by sentence through one article.

    One row per frame, one column per sentence (``sent_id``); a cell takes the
    frame's colour, stronger the higher the sentence's score, and stays pale
    grey where the frame has no cue.

    Parameters
    ----------
    sentence_scores : DataFrame
        Sentence-level scores (``framing.score(..., unit="sentence")``) with
        ``doc_id`` and ``sent_id``.
    doc_id : str
        The article to draw.
    {frames}
    vmax : float, optional
        The score drawn at full colour (default: the article's highest score);
        pass the same ``vmax`` to compare articles.
    {palette}
    {ax}
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.imshow`.

    Returns
    -------
    Axes

    Notes
    -----
    A row per frame rather than a stacked bar per sentence: each frame keeps
    its own baseline, so one can follow a frame through the article, see where
    frames co-occur and where the article changes frame, while stacked bars
    only let the bottom segment be compared across sentences. Any cue shows at
    no less than 20% strength, so that a single weak match is not invisible.
    """
    check_columns(
        sentence_scores,
        ["doc_id", "sent_id"],
        what="strip()",
        hint="Score sentences: framing.score(framing.sentences(corpus), unit='sentence').",
    )
    frames = score_frame_columns(sentence_scores, as_frame_list(frames), where="strip()")
    rows = sentence_scores[sentence_scores["doc_id"].astype(str) == str(doc_id)]
    if rows.empty:
        known = list(pd.unique(sentence_scores["doc_id"].astype(str)))[:5]
        raise DataError(f"strip(): no sentences with doc_id {doc_id!r}; ids include {known}")
    sent = rows["sent_id"].astype(int)
    columns = np.arange(sent.min(), sent.max() + 1)
    values = rows.set_index(sent)[frames].astype(float).groupby(level=0).mean()
    values = values.reindex(columns).to_numpy().T  # frames × sentences
    image = strip_image(values, frames, vmax=vmax, palette=resolve(frames, palette))
    ax = get_ax(ax)
    extent = (columns[0] - 0.5, columns[-1] + 0.5, len(frames) - 0.5, -0.5)
    ax.imshow(image, aspect="auto", interpolation="none", extent=extent, **kwargs)
    ax.set_yticks(range(len(frames)), labels=frames)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xticks(np.append(columns, columns[-1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(frames) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(axis="y", length=0)
    ax.spines[:].set_visible(False)
    ax.set_xlabel("sentence")
    title = rows["title"].iloc[0] if "title" in rows.columns else None
    heading = f"{doc_id}: {title}" if isinstance(title, str) else str(doc_id)
    ax.set_title(fit_text(heading, 0.7 * ax.figure.get_figwidth(), font_key="axes.titlesize"))
    return ax


@docs
def timeline(
    scores: pd.DataFrame,
    *,
    by: str | None = None,
    freq: str = "D",
    frames=None,
    date_col: str = "date",
    col_wrap: int | None = None,
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes | Figure:
    """Frames over time: the mean score per period, one line per frame or per group.

    Parameters
    ----------
    scores : DataFrame
        A score table with a date column.
    by : str, optional
        Draw one line per group of this column instead of one per frame. With
        one frame (or ``ax``) that is one Axes; with several frames and no
        ``ax``, a Figure with one panel per frame and one legend.
    freq : str, default='D'
        The period, as a pandas offset alias: ``'D'`` days, ``'W'`` weeks, ``'3D'``.
    {frames}
    date_col : str, default='date'
        The column with the dates (rows without a date are left out).
    col_wrap : int, optional
        Panels per row of the small multiples (default: as many as fit the
        figure width).
    {palette}
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; with ``by`` it takes one frame (``frames=``). Default:
        the current Axes if it is still empty, else a new figure.
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.plot` for each line.

    Returns
    -------
    Axes or Figure
        The Figure for ``by`` with several frames and no ``ax``, else the Axes.

    Notes
    -----
    A period without articles is a gap in the line, not a zero. Each line also
    has its own marker, so lines stay apart in greyscale print. Small
    multiples share the time axis; each frame has its own y scale from zero,
    because frames differ in how often their cues occur and the question is
    how the groups differ on each frame.

    Examples
    --------
    >>> fig = framing.plot.timeline(scores, by="outlet_type", freq="D")  # doctest: +SKIP
    """
    check_columns(scores, [date_col], what="timeline()", hint="Pass date_col= naming the dates.")
    frames = score_frame_columns(scores, as_frame_list(frames), where="timeline()")
    try:
        period = pd.tseries.frequencies.to_offset(freq)
    except ValueError as exc:
        raise DataError(
            f"timeline(): freq={freq!r} is not a pandas period such as 'D', 'W'"
        ) from exc
    data = scores.assign(**{date_col: pd.to_datetime(scores[date_col])}).dropna(subset=[date_col])
    if data.empty:
        raise DataError(f"timeline(): no row has a date in column {date_col!r}")
    when = pd.Grouper(key=date_col, freq=period)
    ylabel = score_label(scores)
    if by is None:
        lines = data.groupby(when)[frames].mean()
        ax = get_ax(ax)
        timeline_panel(ax, lines, resolve(frames, palette), **kwargs)
        fit_ylabel(ax, ylabel)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax
    check_columns(scores, [by], what="timeline()", hint="Pass by= naming the group column.")
    # Every period, also those without articles, so that an empty one is a gap in every line.
    periods = data.groupby(when).size().index
    means = data.groupby([when, data[by].astype(str)])[frames].mean()
    colours = resolve(pd.unique(means.index.get_level_values(1)), palette)

    def lines_of(frame: str) -> pd.DataFrame:
        return means[frame].unstack(1).reindex(periods)

    if ax is not None or len(frames) == 1:
        if len(frames) != 1:
            raise DataError(
                f"timeline(by={by!r}, ax=ax) draws one line per group on one Axes, so it needs "
                f"one frame; pass frames='{frames[0]}', or leave out ax for one panel per "
                f"frame (the table has {frames})"
            )
        ax = get_ax(ax)
        timeline_panel(ax, lines_of(frames[0]), colours, **kwargs)
        ax.set_title(frames[0])
        fit_ylabel(ax, ylabel)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), title=by)
        return ax
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
        timeline_panel(panel, lines_of(frame), colours, **kwargs)
        wrap_title(panel, frame, columns=columns)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        title=by,
        loc="outside upper center",
        ncols=legend_columns(labels),
        frameon=False,
    )
    fig.supylabel(
        fit_text(ylabel, 0.85 * fig.get_figheight(), font_key="axes.labelsize"),
        fontsize=mpl.rcParams["axes.labelsize"],
    )
    return fig


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
        raise ValueError(f"columns must be 1 or 2, got {columns!r}")
    if font_size < 7:
        raise ValueError(f"font_size {font_size} pt is below 7 pt, the smallest legible in print")
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
    return mpl.rc_context(settings)


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
    so an unchanged figure gives unchanged files.
    """
    while not hasattr(fig, "savefig"):
        if getattr(fig, "figure", None) is None:
            raise TypeError(f"save() takes a matplotlib Figure or Axes, got {type(fig).__name__}")
        fig = fig.figure
    if isinstance(formats, str) or not formats:
        raise ValueError(
            f"formats must be a non-empty list such as ('pdf', 'png'), got {formats!r}"
        )
    supported = fig.canvas.get_supported_filetypes()
    unknown = [f for f in formats if f not in supported]
    if unknown:
        raise ValueError(
            f"save(): unknown format(s) {unknown}; matplotlib writes {sorted(supported)}"
        )
    stem = Path(path)
    if stem.suffix.lstrip(".").lower() in supported:
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    with mpl.rc_context({"svg.hashsalt": "framing"}):
        for fmt in formats:
            final = stem.with_name(f"{stem.name}.{fmt}")
            atomic_write(
                final,
                lambda p, fmt=fmt: fig.savefig(
                    p, format=fmt, dpi=dpi, metadata=_SAVE_METADATA.get(fmt), **kwargs
                ),
            )
            written.append(final)
    return written


_VALIDATION_LABELS = {
    "f1": "F1",
    "precision": "precision",
    "recall": "recall",
    "roc_auc": "ROC AUC",
    "average_precision": "average precision",
}


@docs
def validation(
    cv_table: pd.DataFrame,
    *,
    metric: str = "f1",
    models: Sequence[str] | None = None,
    palette: Mapping[str, str] | None = None,
    ax=None,
    **kwargs,
) -> Axes:
    """Held-out figures of several measures side by side: one row per frame, one dot per model.

    Parameters
    ----------
    cv_table : DataFrame
        A :func:`framing.cross_validate` result.
    metric : {'f1', 'precision', 'recall', 'roc_auc', 'average_precision'}, default='f1'
        What to show: the mean over folds, with whiskers of ±1 standard deviation.
    models : list of str, optional
        Models to show, in this order. Default: all, in order of appearance.
    {palette}
    {ax}
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.scatter`.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import framing
    >>> cv = framing.cross_validate(framing.load_reference_coding(), models=["pow-exchange"], folds=3)
    >>> framing.plot.validation(cv).get_xlabel()
    'F1 (mean over 3 folds ± 1 sd)'
    """
    if metric not in _VALIDATION_LABELS:
        raise DataError(
            f"validation(): unknown metric {metric!r}; choose one of {list(_VALIDATION_LABELS)}"
        )
    check_columns(
        cv_table,
        ["model", "frame", metric],
        what="validation()",
        hint="Pass the table of framing.cross_validate().",
    )
    names = list(dict.fromkeys(cv_table["model"]))
    shown = check_order(models, names, where="validation()") or names
    frames = list(dict.fromkeys(cv_table["frame"]))
    ax = get_ax(ax)
    colours = resolve(shown, palette)
    step = 0.6 / max(len(shown), 1)
    sd = f"{metric}_sd"
    for k, name in enumerate(shown):
        rows = cv_table[cv_table["model"] == name].set_index("frame").reindex(frames)
        y = -np.arange(len(frames)) + (k - (len(shown) - 1) / 2) * step
        if sd in rows:
            ax.hlines(y, rows[metric] - rows[sd], rows[metric] + rows[sd],
                      colors=colours[name], linewidth=0.9)  # fmt: skip
        ax.scatter(
            rows[metric], y, color=colours[name], label=name, zorder=3, **{"s": 22, **kwargs}
        )
    ax.set_yticks(-np.arange(len(frames)), labels=frames)
    ax.set_xlim(0, 1.02)
    ax.tick_params(axis="y", length=0)
    folds = cv_table.attrs.get("framing", {}).get("analysis", {}).get("folds")
    where = f"mean over {folds} folds ± 1 sd" if folds else "mean over folds ± 1 sd"
    ax.set_xlabel(f"{_VALIDATION_LABELS[metric]} ({where})")
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(len(shown), 3))
    tidy_axes(ax, grid_axis="x")
    return ax
