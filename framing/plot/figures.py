"""Axes-level figures: one panel each, drawn on one matplotlib Axes, which is returned.

Every function here follows seaborn's contract for axes-level functions: the
table first, everything else keyword-only, ``ax=None``, and **always an Axes
returned**. Without ``ax`` a function draws on the current Axes only if it is
still empty (``fig, ax = plt.subplots()``), else on a new figure, so one figure
never lands on top of the previous one; :func:`heatmap` and :func:`forest` size
a new figure for the number of groups and frames. The small multiples (one
panel per frame or group) are the figure-level functions of
:mod:`framing.plot.grids`, which always return a Figure. Nothing here calls
``plt.show()`` or changes global ``rcParams``. Colours come from
:func:`framing.plot.palette`, so a frame or an outlet has the same colour in
every figure of a session; frames are shown by their codebook labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import ticker as mticker
from matplotlib.axes import Axes

from framing.errors import DataError, ParameterError
from framing.plot._colors import check_overrides, resolve, text_color_on
from framing.plot._data import (
    Estimates,
    as_frame_list,
    check_columns,
    check_order,
    estimates,
    frame_labels,
    human,
    one_group,
    period_offset,
    score_frame_columns,
    score_label,
    warn_missing_scores,
)
from framing.plot._docs import docs
from framing.plot._layout import fit_text, fit_ylabel, font_inches, get_ax, grown, tidy_axes
from framing.plot._panels import (
    forest_colours,
    forest_panel,
    legend_handles,
    strip_image,
    terms_panel,
    timeline_panel,
)

__all__ = ["heatmap", "forest", "terms", "strip", "timeline", "validation"]


@docs
def heatmap(
    table: pd.DataFrame,
    *,
    by=None,
    value: str = "estimate",
    frames=None,
    labels: Mapping[str, str] | None = None,
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
    {labels}
    annot : bool, default=True
        Write each value in its cell, in black or white, whichever contrasts more.
    fmt : str, default='.1f'
        Format of the annotations.
    cmap : str or Colormap, optional
        Default: ``'Blues'`` (sequential, one hue) when no value is negative,
        else ``'RdBu_r'`` centred on zero. Missing cells are light grey.
    cbar : bool, default=True
        Draw a colour bar beside the axes.
    {ax} A new figure grows with the number of groups and frames.
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.imshow` (``vmin``, ``vmax``, ``norm`` …).

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = framing.plot.heatmap(framing.compare(scores, by="outlet"))  # doctest: +SKIP
    """
    est = estimates(table, by=by, frames=frames, value=value, labels=labels, where="heatmap()")
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
    widest = max((format(v, fmt) for v in finite), key=len, default="0.0")
    ax = get_ax(ax, size=_heatmap_size(est, widest, cbar=cbar))
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
                fill = tuple(image.cmap(image.norm(v)))
                ax.text(j, i, format(v, fmt), ha="center", va="center", color=text_color_on(fill))
    ax.set_xticks(range(len(est.frames)), labels=[est.label(f) for f in est.frames])
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


def _heatmap_size(est: Estimates, widest: str, *, cbar: bool) -> tuple[float, float]:
    """A figure size (inches) in which every cell holds its number and every label fits."""
    em = font_inches("ytick.labelsize")
    cell_w = max(0.6 * len(widest) + 1.4, 3.0) * font_inches("font.size")
    cell_h = 1.9 * em
    longest_group = max((len(g) for g in est.groups), default=1)
    longest_frame = max((len(est.label(f)) for f in est.frames), default=1)
    width = 0.6 * em * longest_group + 2.5 * em + len(est.frames) * cell_w + 0.3
    width += 1.1 if cbar else 0.0
    # x labels are rotated by 30 degrees: they take about half their length in height
    height = len(est.groups) * cell_h + 0.3 * em * longest_frame + 2.5 * em + 0.3
    return grown(width, height)


@docs
def forest(
    table: pd.DataFrame,
    *,
    by=None,
    frames=None,
    labels: Mapping[str, str] | None = None,
    group_by: str | None = None,
    metadata: pd.DataFrame | Mapping[str, str] | None = None,
    order: Sequence[str] | None = None,
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """One frame's estimates with confidence intervals: a dot and whiskers per group.

    For one panel per frame use :func:`framing.plot.forest_grid`, which draws
    each panel with this function's rules and returns the Figure.

    Parameters
    ----------
    table : DataFrame
        A ``compare()`` result: group column(s), ``frame``, ``estimate``,
        ``ci_low``, ``ci_high``. With several frames, pick one with ``frames=``.
    {by}
    frames : str, optional
        The frame to draw; needed when the table has several.
    {labels}
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
        Groups from top to bottom (others are left out). Default: highest
        estimate on top.
    palette : dict of str to colour, optional
        Colours for whatever the dots are coloured by: the ``group_by``
        categories when given; else the groups, when every key names a group;
        else the frame. A palette that names none of these is an error that
        says what is coloured.
    {ax} A new figure grows with the number of groups.
    **kwargs
        Passed on to :meth:`matplotlib.axes.Axes.scatter`, which draws the dots.

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = framing.plot.forest(table, frames="leverage", group_by="outlet_type",
    ...                          metadata=corpus)  # doctest: +SKIP
    """
    exclude = [group_by] if group_by else []
    est = estimates(table, by=by, frames=frames, exclude=exclude, labels=labels, where="forest()")
    if len(est.frames) != 1:
        raise DataError(
            f"forest() draws one frame on one Axes, but the table has {len(est.frames)}: "
            f"{est.frames}; pass frames='{est.frames[0]}', or call "
            "framing.plot.forest_grid(table) for one panel per frame"
        )
    order = check_order(order, est.groups, where="forest()")
    cats, colours, legend = forest_colours(
        est, table, group_by=group_by, metadata=metadata, palette=palette, where="forest()"
    )
    row = font_inches()
    ax = get_ax(ax, size=grown(height=1.7 * row * len(order or est.groups) + 6 * row))
    frame = est.frames[0]
    forest_panel(ax, est, frame, cats=cats, order=order, colours=colours[frame], **kwargs)
    ax.set_xlabel(est.label_with_ci)
    if legend:
        names, legend_colours, title = legend
        ax.legend(handles=legend_handles(names, legend_colours), title=title, frameon=False)
    return ax


_TERMS_XLABEL = "frequency in all groups (log scale)"
_TERMS_YLABEL = "z-score of the log-odds ratio"


@docs
def terms(
    distinctive: pd.DataFrame,
    *,
    group: str | None = None,
    top: int = 15,
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """One group's distinctive terms: z-score of the log-odds ratio against term frequency.

    The static version of Monroe, Colaresi & Quinn's (2008, "Fightin' Words",
    Political Analysis 16(4), fig. 4–5) plot: every term is a grey dot at its
    total frequency (log scale) and its z-score; the ``top`` terms with the
    largest ``|z|`` are coloured — the group's colour for terms typical of the
    group, dark grey for terms typical of the rest — and labelled where a label
    fits (terms with the same counts share a dot and one label). Dashed lines
    mark ``|z| = 1.96``. For one panel per group use
    :func:`framing.plot.terms_grid`.

    Parameters
    ----------
    distinctive : DataFrame
        A ``distinctive_terms()`` result: the group column, ``term``,
        ``count_target``, ``count_rest``, ``z``. Compute it with ``top=None``
        to see the whole vocabulary, not only each group's top terms.
    group : str, optional
        The group to draw; needed when the table has several.
    top : int, default=15
        How many terms to colour and try to label.
    palette : dict of str to colour, optional
        A colour for the group (``{group: colour}``), overriding :func:`palette`.
    {ax}
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.scatter` for the grey dots.

    Returns
    -------
    Axes

    Notes
    -----
    Labels are placed greedily, most distinctive first, at the first free spot
    next to their dot (see ``framing.plot._repel.RepelLabels``); the placement
    is deterministic and redone whenever the figure is drawn, so labels never
    overlap. A label with no free spot inside the axes is left out rather than
    drawn over another — enlarge the figure or lower ``top`` to see it; say in
    a caption how many are labelled (the report does). :func:`save` writes
    PDF, SVG and PNG with the same labels.

    Examples
    --------
    >>> ax = framing.plot.terms(framing.distinctive_terms(corpus), group="Atlas Wire")  # doctest: +SKIP
    """
    check_columns(
        distinctive,
        ["term", "count_target", "count_rest", "z"],
        what="terms()",
        hint="Pass the result of framing.distinctive_terms().",
    )
    check_top(top)
    rows, group = one_group(distinctive, group)
    coloured = [] if group is None else [group]
    overrides = check_overrides(palette, coloured, what="the group", where="terms()")
    ax = get_ax(ax)
    own = resolve([group], overrides)[group] if group is not None else "#0072B2"
    terms_panel(ax, rows, group, top=top, colour=own, **kwargs)
    ax.set_xlabel(_TERMS_XLABEL)
    ax.set_ylabel(_TERMS_YLABEL)
    if group is not None:
        ax.set_title(f"{group} vs. the rest")
    return ax


def check_top(top) -> int:
    if isinstance(top, bool) or not isinstance(top, int) or top < 0:
        raise ParameterError(f"top must be a non-negative integer, got {top!r}")
    return top


@docs
def strip(
    sentence_scores: pd.DataFrame,
    doc_id: str,
    *,
    frames=None,
    labels: Mapping[str, str] | None = None,
    vmax: float | None = None,
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """The frames sentence by sentence through one article.

    One row per frame, one column per sentence (``sent_id``); a cell takes the
    frame's colour, stronger the higher the sentence's score, stays pale grey
    where the frame has no cue, and is white where the sentence has no score.

    Parameters
    ----------
    sentence_scores : DataFrame
        Sentence-level scores (``framing.score(..., unit="sentence")``) with
        ``doc_id`` and ``sent_id``.
    doc_id : str
        The article to draw.
    {frames}
    {labels}
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
    names = frame_labels(sentence_scores, labels)
    rows = sentence_scores[sentence_scores["doc_id"].astype(str) == str(doc_id)]
    if rows.empty:
        known = list(pd.unique(sentence_scores["doc_id"].astype(str)))[:5]
        raise DataError(f"strip(): no sentences with doc_id {doc_id!r}; ids include {known}")
    warn_missing_scores(rows, frames, where="strip()")
    overrides = check_overrides(palette, frames, what="the frames", where="strip()")
    sent = rows["sent_id"].astype(int)
    columns = np.arange(sent.min(), sent.max() + 1)
    values = rows.set_index(sent)[frames].astype(float).groupby(level=0).mean()
    values = values.reindex(columns).to_numpy().T  # frames × sentences
    image = strip_image(values, frames, vmax=vmax, palette=resolve(frames, overrides))
    ax = get_ax(ax)
    extent = (columns[0] - 0.5, columns[-1] + 0.5, len(frames) - 0.5, -0.5)
    ax.imshow(image, aspect="auto", interpolation="none", extent=extent, **kwargs)
    ax.set_yticks(range(len(frames)), labels=[names.get(f, f) for f in frames])
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.set_xticks(np.append(columns, columns[-1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(frames) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(axis="y", length=0)
    ax.spines[:].set_visible(False)
    ax.set_xlabel("sentence")
    title = rows["title"].iloc[0] if "title" in rows.columns else None
    heading = f"{doc_id}: {title}" if isinstance(title, str) else str(doc_id)
    root: Any = ax.figure
    while getattr(root, "figure", root) is not root:  # a SubFigure: its parent Figure
        root = root.figure
    width = float(root.get_figwidth())
    ax.set_title(fit_text(heading, 0.7 * width, font_key="axes.titlesize"))
    return ax


@docs
def timeline(
    scores: pd.DataFrame,
    *,
    by: str | None = None,
    freq: str = "D",
    frames=None,
    labels: Mapping[str, str] | None = None,
    date_col: str = "date",
    palette: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Frames over time: the mean score per period, one line per frame or per group.

    For one panel per frame with a line per group use
    :func:`framing.plot.timeline_grid`.

    Parameters
    ----------
    scores : DataFrame
        A score table with a date column.
    by : str, optional
        Draw one line per group of this column (for one frame, ``frames=``)
        instead of one line per frame.
    {freq}
    {frames}
    {labels}
    date_col : str, default='date'
        The column with the dates (rows without a date are left out).
    palette : dict of str to colour, optional
        Colours of the lines: keyed by frame, or by group with ``by``.
    {ax}
    **kwargs
        Passed on to :meth:`~matplotlib.axes.Axes.plot` for each line.

    Returns
    -------
    Axes

    Notes
    -----
    A period without articles is a gap in the line, not a zero. Each line also
    has its own marker, so lines stay apart in greyscale print. Ticks sit at
    the plotted periods (every k-th when they would crowd), with matplotlib's
    concise date labels. Rows without a score (NaN: articles in a language the
    codebook does not cover) are left out of the means, with a warning that
    counts them.

    Examples
    --------
    >>> ax = framing.plot.timeline(scores, freq="W")  # doctest: +SKIP
    >>> ax = framing.plot.timeline(scores, by="outlet_type", frames="leverage")  # doctest: +SKIP
    """
    data, frames, when = timeline_data(scores, frames=frames, freq=freq, date_col=date_col)
    names = frame_labels(scores, labels)
    ylabel = score_label(scores)
    if by is None:
        lines = data.groupby(when)[frames].mean()
        overrides = check_overrides(palette, frames, what="the frames", where="timeline()")
        ax = get_ax(ax)
        timeline_panel(ax, lines, resolve(frames, overrides), labels=names, **kwargs)
        fit_ylabel(ax, ylabel)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax
    if len(frames) != 1:
        raise DataError(
            f"timeline(by={by!r}) draws one line per group on one Axes, so it needs one "
            f"frame; pass frames='{frames[0]}', or call framing.plot.timeline_grid(scores, "
            f"by={by!r}) for one panel per frame (the table has {frames})"
        )
    lines = group_lines(data, when, by=by, frames=frames)[frames[0]]
    overrides = check_overrides(
        palette, lines.columns, what=f"the {human(by)} groups", where="timeline()"
    )
    ax = get_ax(ax)
    timeline_panel(ax, lines, resolve(lines.columns, overrides), **kwargs)
    ax.set_title(names.get(frames[0], frames[0]))
    fit_ylabel(ax, ylabel)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), title=human(by))
    return ax


def timeline_data(scores: pd.DataFrame, *, frames, freq, date_col: str, where: str = "timeline()"):
    """Dated rows, the frames and the period grouper of a timeline."""
    check_columns(scores, [date_col], what=where, hint="Pass date_col= naming the dates.")
    frames = score_frame_columns(scores, as_frame_list(frames), where=where)
    period = period_offset(freq, where=where)
    data = scores.assign(**{date_col: pd.to_datetime(scores[date_col])}).dropna(subset=[date_col])
    if data.empty:
        raise DataError(f"{where}: no row has a date in column {date_col!r}")
    warn_missing_scores(data, frames, where=where)
    return data, frames, pd.Grouper(key=date_col, freq=period)


def group_lines(data: pd.DataFrame, when, *, by: str, frames: list[str]) -> dict[str, pd.DataFrame]:
    """Per frame, one column per group of mean scores per period (every period, gaps as NaN)."""
    check_columns(data, [by], what="timeline()", hint="Pass by= naming the group column.")
    # Every period, also those without articles, so that an empty one is a gap in every line.
    periods = data.groupby(when).size().index
    means = data.groupby([when, data[by].astype(str)])[frames].mean()
    return {f: means[f].unstack(1).reindex(periods) for f in frames}


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
    overrides = check_overrides(palette, shown, what="the models", where="validation()")
    ax = get_ax(ax)
    colours = resolve(shown, overrides)
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
    from framing import _provenance

    folds = _provenance.read(cv_table).get("analysis", {}).get("folds")
    where = f"mean over {folds} folds ± 1 sd" if folds else "mean over folds ± 1 sd"
    ax.set_xlabel(f"{_VALIDATION_LABELS[metric]} ({where})")
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(len(shown), 3))
    tidy_axes(ax, grid_axis="x")
    return ax
