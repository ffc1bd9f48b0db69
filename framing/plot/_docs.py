"""Shared parameter documentation of the figure functions, written once and pasted by :func:`docs`."""

from __future__ import annotations

from collections.abc import Callable

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
        Colours (any matplotlib colour) overriding :func:`palette` for some of
        the names the figure colours (here the frames). A palette that names
        none of them, or a value that is not a colour, raises
        :class:`~framing.errors.ParameterError` saying what is coloured.""",
    "labels": """labels : dict of str to str, optional
        Display names of the frames on axes, titles and legends (the data keep
        the ids). Default: the codebook's frame labels, which the table carries
        from :func:`framing.score` ("Human interest" for ``human_interest``);
        ids where pandas has dropped them. ``labels={}`` shows the ids.""",
    "freq": """freq : str, default='D'
        The period, as a pandas offset alias: ``'D'`` days, ``'W'`` weeks
        (ending on Sundays), ``'M'`` or ``'ME'`` months, ``'Q'``/``'QE'``
        quarters, ``'Y'``/``'YE'`` years, multiples such as ``'3D'``. Months,
        quarters and years are drawn at their first day.""",
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
