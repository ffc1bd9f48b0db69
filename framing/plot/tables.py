"""Tables for papers: estimates with their intervals as LaTeX, Markdown or HTML.

:func:`table` turns a result of :func:`framing.compare` (or any table with
``estimate``, ``ci_low`` and ``ci_high``, such as a count model's) into the
table a paper prints: one cell per estimate, written ``estimate [ci_low,
ci_high]``, frames by their codebook labels. LaTeX and HTML come from pandas'
:class:`~pandas.io.formats.style.Styler` (which needs Jinja2, a dependency of
framing); Markdown is a pipe table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_choice, check_int
from framing.errors import DataError
from framing.plot._data import by_columns, frame_labels, group_labels, human

__all__ = ["table"]

_FORMATS = ("latex", "markdown", "html")
_COUNTS = ("n_clusters", "n_docs")


def table(
    result: pd.DataFrame,
    *,
    fmt: str = "markdown",
    digits: int = 2,
    by: str | Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    caption: str | None = None,
) -> str:
    """A paper-ready table of estimates with confidence intervals.

    Parameters
    ----------
    result : DataFrame
        A :func:`framing.compare` result (groups × frames, written as one row
        per group and one column per frame, after a column with the number of
        clusters — articles, or outlets when compare clustered by outlet), or any
        table with ``estimate``,
        ``ci_low`` and ``ci_high`` columns (one row per row of the table).
    fmt : {'markdown', 'latex', 'html'}, default='markdown'
        Output format. LaTeX uses ``booktabs`` rules (``\\usepackage{booktabs}``).
    digits : int, default=2
        Decimal places of estimates and bounds.
    by : str or list of str, optional
        Group column(s) of a ``compare()`` result; default: the ones it recorded.
    labels : dict of str to str, optional
        Column headings for frames. Default: the codebook's frame labels that
        the result carries; ``labels={}`` shows the ids.
    caption : str, optional
        Table caption (LaTeX ``\\caption``, HTML ``<caption>``; in Markdown a
        line above the table). Default: what the cells hold and the interval's
        confidence level.

    Returns
    -------
    str
        The table. Each cell reads ``estimate [ci_low, ci_high]``, or just the
        estimate where there is no interval; a missing estimate is "–". A
        ``compare()`` table gets a column with the number of clusters (or
        articles) per group.

    Raises
    ------
    DataError
        A table without ``estimate``, ``ci_low`` and ``ci_high``.
    ParameterError
        An unknown ``fmt`` or a negative ``digits``.

    Examples
    --------
    >>> import pandas as pd
    >>> import framing
    >>> result = pd.DataFrame({
    ...     "outlet": ["A", "A", "B", "B"], "frame": ["morale", "leverage"] * 2,
    ...     "estimate": [2.5, 1.0, 0.5, 3.25], "ci_low": [1.0, 0.25, 0.0, 2.0],
    ...     "ci_high": [4.0, 2.0, 1.5, 4.5], "n_docs": [3, 3, 4, 4],
    ... })
    >>> print(framing.table(result, caption=""))
    | outlet | articles | morale | leverage |
    |---|---:|---:|---:|
    | A | 3 | 2.50 [1.00, 4.00] | 1.00 [0.25, 2.00] |
    | B | 4 | 0.50 [0.00, 1.50] | 3.25 [2.00, 4.50] |
    """
    check_choice("fmt", fmt, _FORMATS)
    digits = check_int("digits", digits, 0)
    if not isinstance(result, pd.DataFrame):
        raise DataError(f"table() takes a DataFrame, got {type(result).__name__}")
    missing = [c for c in ("estimate", "ci_low", "ci_high") if c not in result.columns]
    if missing:
        raise DataError(
            f"table(): the result has no column(s) {missing}; pass a framing.compare() result "
            "or another table of estimates with ci_low and ci_high"
        )
    cells = _cells(result, digits)
    if "frame" in result.columns:
        shown = _wide(result, cells, by=by, labels=labels)
    else:
        shown = result.drop(columns=["estimate", "ci_low", "ci_high"]).assign(
            estimate=cells.to_numpy()
        )
        shown = shown.rename(columns={"estimate": "estimate [CI]"})
    if caption is None:
        caption = _default_caption(result)
    if fmt == "markdown":
        return _markdown(shown, caption)
    escape = "latex" if fmt == "latex" else "html"
    styler = (
        shown.style.hide(axis="index")
        .format(escape=escape)
        .format_index(escape=escape, axis="columns")
    )
    if fmt == "latex":
        if caption:
            styler = styler.set_caption(_latex_escape(caption))
        return styler.to_latex(hrules=True, column_format=_latex_columns(shown))
    if caption:
        from markupsafe import escape as html_escape

        styler = styler.set_caption(str(html_escape(caption)))
    return styler.to_html()


def _cells(result: pd.DataFrame, digits: int) -> pd.Series:
    est, lo, hi = (
        pd.to_numeric(result[c], errors="coerce") for c in ("estimate", "ci_low", "ci_high")
    )

    def one(e, a, b) -> str:
        if not np.isfinite(e):
            return "–"
        if np.isfinite(a) and np.isfinite(b):
            return f"{e:.{digits}f} [{a:.{digits}f}, {b:.{digits}f}]"
        return f"{e:.{digits}f}"

    return pd.Series(
        [one(e, a, b) for e, a, b in zip(est, lo, hi, strict=True)], index=result.index
    )


def _wide(result, cells, *, by, labels) -> pd.DataFrame:
    by_cols = by_columns(result, by, where="table()")
    names = frame_labels(result, labels)
    groups = group_labels(result, by_cols)
    frames = list(pd.unique(result["frame"].astype(str)))
    long = pd.DataFrame(
        {"group": groups.to_numpy(), "frame": result["frame"].astype(str).to_numpy(), "cell": cells}
    )
    wide = long.pivot(index="group", columns="frame", values="cell").reindex(
        index=list(pd.unique(groups)), columns=frames
    )
    wide.columns = [names.get(f, f) for f in frames]
    head = " · ".join(human(c) for c in by_cols)
    counts = next((c for c in _COUNTS if c in result.columns), None)
    out = wide.reset_index(names=head)
    if counts:
        per_group = pd.Series(result[counts].to_numpy(), index=groups.to_numpy())
        per_group = per_group[~per_group.index.duplicated()]
        out.insert(
            1,
            _count_heading(result, counts),
            per_group.reindex(out[head]).astype("Int64").to_numpy(),
        )
    return out.fillna("–")


def _count_heading(result: pd.DataFrame, counts: str) -> str:
    """What the count column counts: articles, or the clusters compare used (outlets …)."""
    if counts == "n_docs":
        return "articles"
    cluster = (_provenance.read(result).get("analysis") or {}).get("cluster")
    if cluster in (None, "doc_id"):
        return "articles"
    word = human(cluster)
    return word if word.endswith("s") else f"{word}s"


def _default_caption(result: pd.DataFrame) -> str:
    analysis = _provenance.read(result).get("analysis") or {}
    level = analysis.get("ci")
    what = "Estimate"
    if analysis.get("function") == "framing.compare":
        unit = (
            "share of units with the frame"
            if analysis.get("stat") == "share"
            else ("mean cue matches per 1,000 tokens")
        )
        what = f"Mean ({unit})"
    if isinstance(level, int | float) and 0 < level < 1:
        return f"{what} [{level:.0%} confidence interval]."
    return f"{what} [confidence interval]."


def _markdown(shown: pd.DataFrame, caption: str) -> str:
    def esc(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(c) for c in shown.columns) + " |"]
    # the first column names the rows; numbers and intervals are right-aligned
    lines.append("|" + "|".join("---:" if i else "---" for i in range(len(shown.columns))) + "|")
    for row in shown.itertuples(index=False):
        lines.append("| " + " | ".join(esc(v) for v in row) + " |")
    text = "\n".join(lines)
    return f"{caption}\n\n{text}" if caption else text


def _latex_columns(shown: pd.DataFrame) -> str:
    return "l" + "r" * (len(shown.columns) - 1)


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(c, c) for c in text)
