"""The report's figures: drawn with :mod:`framing.plot`, saved as PDF, SVG and PNG, described.

Each figure comes with an alt text that says what it shows (the highest
estimates, the most distinctive words) and a caption that is true of the
saved files: the terms figures say how many of the promised labels fitted,
and which did not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.plot._data import human

__all__ = ["ReportFigure", "draw"]

PNG_DPI = 192  # twice the 96 CSS pixels per inch: sharp on HiDPI screens


@dataclass
class ReportFigure:
    """One saved figure and the words that go with it."""

    name: str
    alt: str
    caption: str
    files: list[Path]
    width_in: float
    height_in: float
    smallest_pt: float  # the smallest text in the figure, in points


def draw(study, folder: Path) -> list[ReportFigure]:
    """Draw and save every figure of the report; return their descriptions."""
    import matplotlib.pyplot as plt

    from framing import plot
    from framing.report.study import colour_column

    by, table, corpus = study.by, study.table, study.corpus
    n_groups = table[by].nunique()
    kind = colour_column(corpus, by, n_groups)
    labels = {f.name: f.label for f in study.codebook.frames}
    figures: list[ReportFigure] = []

    def keep(fig, name: str, alt: str, caption) -> None:
        try:
            files = plot.save(fig, folder / name, dpi=PNG_DPI)
            text = caption() if callable(caption) else caption
            width, height = fig.get_size_inches()
            figures.append(
                ReportFigure(name, alt, text, files, float(width), float(height), _smallest(fig))
            )
        finally:
            plt.close(fig)

    by_words = human(by)
    with plot.paper(columns=2):
        fig = plot.forest_grid(
            table, by=by, labels=labels, group_by=kind, metadata=corpus if kind else None
        )
        keep(fig, "forest", _forest_alt(study, labels), _forest_caption(study, kind))
    with plot.paper(columns=2):
        ax = plot.heatmap(table, by=by, labels=labels)
        keep(
            ax.figure,
            "heatmap",
            _heatmap_alt(study, labels),
            f"The same estimates as a grid, one row per {by_words} and one column per frame; "
            "darker cells are higher estimates, grey cells have none.",
        )
    pair = study.distant
    groups = list(pair[:2]) if pair else list(pd.unique(table[by]))[:2]
    top = study.settings.top_terms
    for rank, group in enumerate(groups, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", str(group).lower()).strip("-")[:40] or "group"
        with plot.paper(columns=1, height=3.2):
            fig, ax = plt.subplots()
            plot.terms(study.terms, group=str(group), top=top, ax=ax)
            keep(
                fig,
                f"terms-{rank}-{slug}",
                _terms_alt(study, str(group)),
                lambda ax=ax, group=group: _terms_caption(ax, str(group), top, by_words),
            )
    return figures


def _smallest(fig) -> float:
    from matplotlib.text import Text

    sizes = [
        t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
    ]
    return float(min(sizes)) if sizes else 10.0


def _highest(study, labels) -> list[tuple[str, str, float]]:
    """Per frame, the group with the highest estimate: (frame label, group, estimate)."""
    table, by = study.table, study.by
    best = []
    for frame, rows in table.groupby("frame", sort=False):
        rows = rows.dropna(subset=["estimate"])
        if rows.empty:
            continue
        top = rows.loc[rows["estimate"].idxmax()]
        best.append((labels.get(frame, frame), str(top[by]), float(top["estimate"])))
    return best


def _forest_alt(study, labels) -> str:
    best = "; ".join(f"{f}: {g} ({v:.1f})" for f, g, v in _highest(study, labels))
    n = study.table[study.by].nunique()
    return (
        f"Forest plot, one panel per frame, of {n} {human(study.by)} estimates with confidence "
        f"intervals. Highest per frame: {best}."
    )


def _forest_caption(study, kind: str | None) -> str:
    info = study.table.attrs.get("framing", {}).get("analysis", {})
    level = info.get("ci")
    level = f"{level:.0%} " if isinstance(level, int | float) else ""
    colour = f"; colours show the {human(kind)}" if kind else ""
    return (
        f"Each panel is one frame; dots are the {human(study.by)} estimates (mean cue matches "
        f"per 1,000 tokens), whiskers their {level}confidence intervals{colour}. Panels have "
        "their own scales. A group with fewer than three clusters has no whisker."
    )


def _heatmap_alt(study, labels) -> str:
    table, by = study.table, study.by
    rows = table.dropna(subset=["estimate"])
    n, k = table[by].nunique(), table["frame"].nunique()
    if rows.empty:
        return f"Heat map of {n} {human(by)} rows by {k} frames, without estimates."
    top = rows.loc[rows["estimate"].idxmax()]
    low = rows.loc[rows["estimate"].idxmin()]
    return (
        f"Heat map of the estimates of {n} {human(by)} rows by {k} frame columns. Highest: "
        f"{labels.get(top['frame'], top['frame'])} in {top[by]} ({top['estimate']:.1f}); "
        f"lowest: {labels.get(low['frame'], low['frame'])} in {low[by]} ({low['estimate']:.1f})."
    )


def _terms_alt(study, group: str) -> str:
    terms, by = study.terms, study.by
    own = terms[terms[by].astype(str) == group]
    words = own[own["z"] > 0].sort_values("z", ascending=False)["term"].head(6).tolist()
    shown = ", ".join(map(str, words)) if words else "none stands out"
    return (
        f"Distinctive terms of {group} against the other {human(by)} groups, by z-score: "
        f"{shown}{' …' if len(words) == 6 else ''}"
    )


def _terms_caption(ax, group: str, top: int, by_words: str) -> str:
    """What the saved figure shows, counted from it: how many labels fitted and which did not."""
    from framing.plot._repel import RepelLabels

    repel = [a for a in ax.artists if isinstance(a, RepelLabels)]
    hidden = repel[0].hidden if repel else []
    shown = len(repel[0].labels) - len(hidden) if repel else 0
    coloured = min(top, len(ax.collections[1].get_offsets())) if len(ax.collections) > 1 else 0
    lead = (
        f"Words of {group} against all other {by_words} groups: z-score of the log-odds ratio "
        f"against total frequency (log scale); dashed lines at |z| = 1.96. The {coloured} "
        "terms with the largest |z| are coloured"
    )
    if not hidden:
        return f"{lead} and labelled."
    missing = ", ".join(hidden)
    return (
        f"{lead}; {shown} of their {shown + len(hidden)} labels fitted, the others are left "
        f"out: {missing} (see the table below)."
    )
