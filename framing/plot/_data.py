"""From framing's tables to what a figure draws: one long shape of estimates, groups, labels, categories."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing import _provenance
from framing.errors import DataError, ParameterError
from framing.scoring.table import score_frames

# Columns of a compare() result that are statistics, never group labels.
_STAT_COLUMNS = frozenset(
    {"frame", "estimate", "ci_low", "ci_high", "n_docs", "n_units", "n_clusters"}
)


GROUP_SEP = " · "


@dataclass
class Estimates:
    """A table in one long shape: ``group``, ``frame``, ``value``, ``ci_low``, ``ci_high``."""

    data: pd.DataFrame
    frames: list[str]
    groups: list[str]
    by_cols: list[str]
    value_label: str
    ci_level: float | None = None
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def by_label(self) -> str:
        """The group column(s) as a reader would name them (``outlet_type`` -> "outlet type")."""
        return GROUP_SEP.join(human(c) for c in self.by_cols)

    def label(self, frame: str) -> str:
        """The display name of a frame: its codebook label where known, else its id."""
        return self.labels.get(frame, frame)

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


def human(name: object) -> str:
    """A column name as words for legends and captions: ``outlet_type`` -> ``outlet type``."""
    return " ".join(str(name).replace("_", " ").split()) or str(name)


def frame_labels(table: pd.DataFrame, labels: Mapping[str, str] | None) -> dict[str, str]:
    """Display names of frames: ``labels`` when given, else the codebook's, recorded in the table.

    The codebook's labels travel in the table's provenance (``frame_labels``) from
    :func:`framing.score` through :func:`framing.compare`; pandas drops them in some
    operations, and then the ids are shown. ``labels={}`` shows the ids.
    """
    if labels is not None:
        if not isinstance(labels, Mapping):
            raise ParameterError(
                f"labels must be a dict frame id -> display name, got {type(labels).__name__}"
            )
        return {str(k): str(v) for k, v in labels.items()}
    recorded = _provenance.read(table).get("frame_labels")
    return {str(k): str(v) for k, v in recorded.items()} if isinstance(recorded, dict) else {}


def warn_missing_scores(table: pd.DataFrame, frames: Sequence[str], *, where: str) -> int:
    """Warn once when rows have no score (NaN) for some of ``frames``; return how many.

    A score is NaN, never 0, for an article in a language the codebook does not
    cover; such rows are left out of every mean a figure draws.
    """
    values = table[list(frames)].apply(pd.to_numeric, errors="coerce")
    missing = int(values.isna().any(axis=1).sum())
    if missing:
        noun = "row" if missing == 1 else "rows"
        warnings.warn(
            f"{where}: {missing} of {len(table)} {noun} have no score (NaN, e.g. articles in a "
            "language the codebook does not cover) and are left out of the means",
            UserWarning,
            stacklevel=3,
        )
    return missing


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


def _recorded(table: pd.DataFrame) -> tuple[dict, dict]:
    """The ``analysis`` and ``params`` of the table's provenance (empty dicts when absent)."""
    record = _provenance.read(table)
    analysis = record.get("analysis")
    params = record.get("params")
    return (
        analysis if isinstance(analysis, dict) else {},
        params if isinstance(params, dict) else {},
    )


def by_columns(table: pd.DataFrame, by, *, exclude: Sequence[str] = (), where: str) -> list[str]:
    """The group columns: ``by``, else those ``compare()`` recorded, else the non-numeric ones."""
    if by is not None:
        cols = [by] if isinstance(by, str) else list(by)
        check_columns(table, cols, what=where, hint="Pass by= naming the group column(s).")
        return cols
    recorded = _recorded(table)[0].get("by")
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
    # scores of a learned model (framing.score(data, classifier))
    "probability": "mean probability of the frame",
    "share": "mean share of sentences predicted to carry the frame",
}


def score_label(table: pd.DataFrame) -> str:
    """What the mean of a frame column measures, from the score table's ``normalize``."""
    normalize = _recorded(table)[1].get("normalize", "per_1k")
    return _SCORE_UNITS.get(normalize, _SCORE_UNITS["per_1k"])


def value_label(table: pd.DataFrame, value: str) -> tuple[str, float | None]:
    """A readable axis label for ``value`` of a ``compare()`` table, and its CI level."""
    if value != "estimate":
        return value, None
    analysis = _recorded(table)[0]
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
    labels: Mapping[str, str] | None = None,
    where: str,
) -> Estimates:
    """Any table of framing into the long :class:`Estimates` shape (see module docstring)."""
    frames = as_frame_list(frames)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{where} takes a pandas DataFrame, got {type(table).__name__}")
    if "frame" in table.columns:
        est = _long_estimates(
            table, by=by, frames=frames, value=value, exclude=exclude, where=where
        )
    else:
        est = _wide_estimates(table, by=by, frames=frames, where=where)
    est.labels = frame_labels(table, labels)
    return est


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
    warn_missing_scores(table, frames, where=where)
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


def check_order(order, groups: list[str], *, where: str) -> list[str] | None:
    if order is None:
        return None
    order = [str(g) for g in order]
    unknown = [g for g in order if g not in groups]
    if unknown:
        raise DataError(f"{where}: order names unknown group(s) {unknown}; groups are {groups}")
    return order


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
                f"terms() draws one group on one Axes but the table has {len(names)} in "
                f"{group_cols}: pick one with group=, e.g. group={names[0]!r}, or call "
                f"framing.plot.terms_grid(table) for one panel per group (groups: {names})"
            )
        group = names[0]
    group = group_key(group)
    if group not in names:
        raise DataError(f"terms(): no group {group!r} in {group_cols}; groups: {names}")
    return distinctive[(labels == group).to_numpy()], group


# Calendar periods: pandas >= 2.2 spells month, quarter and year ends 'ME', 'QE', 'YE'
# and pandas 3 refuses 'M', 'Q', 'Y'; both spellings are accepted here.
_CALENDAR = re.compile(r"(\d*)(ME|MS|M|QE|QS|Q|YE|YS|Y|AS|A)(-[A-Z]{3})?")
_CALENDAR_BASE = {"M": "M", "Q": "Q", "Y": "Y", "A": "Y"}


def period_offset(freq, *, where: str):
    """``freq`` as a pandas offset, accepting ``'M'``/``'ME'``, ``'Q'``/``'QE'``, ``'Y'``/``'YE'``.

    Unanchored calendar periods become their start-anchored offsets (``'MS'``,
    ``'QS'``, ``'YS'``): the same bins, with each period drawn at its first day,
    so ticks read "Jun", "Jul" rather than "30", "31".
    """
    from pandas.tseries.frequencies import to_offset

    candidates: list = [freq]
    if isinstance(freq, str):
        match = _CALENDAR.fullmatch(freq.strip())
        if match:
            n, unit, anchor = match.group(1), match.group(2), match.group(3) or ""
            base = _CALENDAR_BASE[unit[0]]
            legacy = "A" if base == "Y" else base
            if anchor:
                candidates = [f"{n}{base}E{anchor}", f"{n}{legacy}{anchor}"]
            else:
                candidates = [f"{n}{base}S", f"{n}{legacy}S"]
    for candidate in candidates:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)
            try:
                return to_offset(candidate)
            except (ValueError, TypeError, FutureWarning):
                continue
    raise ParameterError(
        f"{where}: freq={freq!r} is not a pandas period; use e.g. 'D' (days), 'W' (weeks), "
        "'M' or 'ME' (months), 'Q' or 'QE' (quarters), 'Y' or 'YE' (years), '3D'"
    )
