"""The analysis behind the report: one :class:`Study` computed by framing's public functions.

:func:`analyse` runs the study a reader of a comparative framing paper
expects, and nothing else: it scores the corpus (:func:`framing.score`),
estimates each group's frame profile with cluster-resampled intervals
(:func:`framing.compare`), tests every pair of groups (:func:`framing.pairwise`),
ranks the differences by a stated criterion (:func:`rank_differences`), finds
each group's distinctive words (:func:`framing.distinctive_terms`) and collects
the passages behind the top-ranked differences (:func:`framing.kwic`,
:func:`framing.highlight`). The result is a :class:`Study`, which
:mod:`framing.report.render` turns into HTML; no HTML is made here.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import DataError

__all__ = ["Settings", "Evidence", "Study", "analyse", "rank_differences", "RANKING"]

EVIDENCE = 3  # top-ranked differences shown with passages
KWIC_WINDOW = 8
SNIPPETS = 2  # highlighted sentences per difference
FEW_CLUSTERS = 10  # below this many clusters in a group, intervals are rough
NOT_METADATA = {"doc_id", "date", "title", "text", "sent_id", "start", "end", "lang"}

#: The order of the pairwise differences, in words (the report states it).
RANKING = (
    "smallest adjusted p first; among equal adjusted p, the larger absolute effect size; "
    "then the larger absolute difference of the means; comparisons in which a group rests on "
    "fewer than 3 clusters (too few to test or to estimate a spread) come after all others"
)
THIN = 3  # fewer clusters than this in a group: ranked last

EFFECT_NAMES = {"cliffs_delta": "Cliff's δ", "cohens_d": "Cohen's d"}


@dataclass(frozen=True)
class Settings:
    """The choices of one report, as the user made them (or their defaults)."""

    by: str = "outlet"
    unit: str = "sentence"
    seed: Any = 0
    n_boot: int = 2000
    n_perm: int = 5000
    top_terms: int = 15
    cluster: str | None = "auto"  # as passed to framing.compare


@dataclass
class Evidence:
    """The passages behind one ranked difference."""

    row: Any  # a row of the ranked pairwise table (namedtuple)
    rank: str  # "3", or "=3" when tied
    high: str  # the group that uses the frame more
    low: str
    sign: int  # +1 when group_a is ``high``
    kwic: pd.DataFrame
    n_articles: int
    snippets: list  # framing.display.Highlight objects


@dataclass
class Study:
    """Everything the report shows, each table made by one public function of framing."""

    settings: Settings
    codebook: Any
    corpus: pd.DataFrame
    sentences: pd.DataFrame
    scores: pd.DataFrame  # every unit, NaN where the codebook does not cover the language
    table: pd.DataFrame  # compare()
    pairs: pd.DataFrame  # pairwise()
    ranked: pd.DataFrame  # pairs with a difference, in RANKING order, with rank and tied
    terms: pd.DataFrame  # distinctive_terms()
    evidence: list[Evidence]
    distant: tuple | None  # the two groups with the most different profiles, and the distance
    aliases: dict[str, str] = field(default_factory=dict)
    unscored: int = 0  # units without scores (NaN), left out of the statistics
    unscored_articles: int = 0
    no_group: int = 0  # articles without a value in the ``by`` column, left out
    single: list[str] = field(default_factory=list)  # groups with one article
    stop_languages: dict[str, bool] = field(default_factory=dict)  # code -> stopwords removed
    notes: list[str] = field(default_factory=list)  # warnings of the statistics, verbatim
    cluster: str | None = "doc_id"  # the clusters compare chose (None: each row)
    cluster_reason: str = ""  # why, as compare says it

    @property
    def by(self) -> str:
        return self.settings.by

    @property
    def effect_name(self) -> str:
        effect = self.pairs.attrs.get("framing", {}).get("analysis", {}).get("effect")
        return EFFECT_NAMES.get(effect, "effect size")

    @property
    def clusters(self) -> pd.Series:
        """Clusters per group (``n_clusters`` where compare reports it, else ``n_docs``)."""
        column = "n_clusters" if "n_clusters" in self.table.columns else "n_docs"
        return self.table.groupby(self.by, sort=True)[column].first()

    @property
    def analysed(self) -> pd.DataFrame:
        """The scored units the statistics used (those with a score)."""
        frames = self.codebook.frame_names
        return self.scores.dropna(subset=frames)


def rank_differences(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairwise rows with a difference, ordered by :data:`RANKING`, ranks and ties marked.

    Adds ``rank`` (competition ranking: tied rows share the rank of the first
    of them, as 1, 2, 2, 4) and ``tied`` (whether another row has the same
    adjusted p, absolute effect size and absolute difference). Values are
    compared after rounding to 12 significant digits, so float noise does not
    break a tie. A row whose groups have fewer than 3 clusters (``n_clusters_a``
    / ``_b``, or ``n_docs_a`` / ``_b``) comes after every other row.
    """
    rows = pairs[pairs["difference"] != 0].copy()
    counts = [c for c in ("n_clusters_a", "n_clusters_b") if c in rows.columns] or [
        c for c in ("n_docs_a", "n_docs_b") if c in rows.columns
    ]
    thin = rows[counts].min(axis=1) < THIN if counts else pd.Series(False, index=rows.index)
    keys = pd.DataFrame(
        {
            "thin": thin.astype(int),
            "p": rows["p_adj"].astype(float).round(12),
            "effect": -rows["effect_size"].astype(float).abs().round(12),
            "diff": -rows["difference"].astype(float).abs().round(9),
        },
        index=rows.index,
    )
    order = keys.sort_values(["thin", "p", "effect", "diff"], kind="stable").index
    rows, keys = rows.loc[order], keys.loc[order]
    starts = ~keys.eq(keys.shift()).all(axis=1)  # a row that differs from the one above
    position = pd.Series(np.arange(1, len(rows) + 1), index=keys.index)
    rows["rank"] = position.where(starts).ffill().astype(int).to_numpy()
    rows["tied"] = keys.duplicated(keep=False).to_numpy()
    return rows.reset_index(drop=True)


def tied_on_tests(ranked: pd.DataFrame) -> int:
    """How many top rows share the first row's adjusted p and absolute effect size."""
    if ranked.empty:
        return 0
    p = ranked["p_adj"].round(12)
    effect = ranked["effect_size"].abs().round(12)
    same = (p == p.iloc[0]) & (effect == effect.iloc[0])
    return int(same.cumprod().sum())


def analyse(corpus: pd.DataFrame, codebook, settings: Settings, *, step=lambda name: None) -> Study:
    """Every table of the report, each computed by one of framing's public functions.

    ``step(name)`` is called before each stage (for a progress bar).
    """
    import framing

    by = settings.by
    corpus, no_group = _groupable(corpus, by)
    groups = corpus[by].unique()
    if len(groups) < 2:
        raise DataError(
            f"the report compares groups, but column {by!r} has {len(groups)} value(s) "
            f"{list(groups)[:1]}; choose a column with at least two groups (by=)"
        )
    per_group = corpus.groupby(by)["doc_id"].nunique()
    single = sorted(map(str, per_group.index[per_group == 1]))
    if single:
        warnings.warn(
            f"{len(single)} group(s) of {by!r} have one article each ({', '.join(single[:5])}"
            f"{' …' if len(single) > 5 else ''}): they get no interval, and tests against them "
            "rest on one article; merge spellings with --aliases / outlet_aliases= or drop them",
            UserWarning,
            stacklevel=3,
        )
    step("scoring")
    sents = framing.sentences(corpus)
    scored = sents if settings.unit == "sentence" else corpus
    scores = framing.score(scored, codebook, unit=settings.unit)
    frames = codebook.frame_names
    missing = scores[frames].isna().any(axis=1)
    analysed = scores[~missing]
    if analysed.empty:
        raise DataError(
            f"no {settings.unit} has a score: the codebook {codebook.name!r} covers none of the "
            "corpus's languages"
        )
    notes: list[str] = []
    step("profiles")
    with _collected(notes):
        table = framing.compare(
            analysed,
            by,
            n_boot=settings.n_boot,
            seed=settings.seed,
            cluster=settings.cluster,
        )
    chosen = table.attrs.get("framing", {}).get("analysis", {})
    cluster = chosen.get("cluster", settings.cluster)
    with _collected(notes):
        # a profile distance compares shares of several frames; one frame has no profile
        distance = framing.profile_distance(analysed, by) if len(frames) > 1 else None
    step("pairwise tests")
    with _collected(notes):
        pairs = framing.pairwise(
            analysed, by, n_perm=settings.n_perm, seed=settings.seed, cluster=cluster
        )
    ranked = rank_differences(pairs)
    step("distinctive terms")
    stopwords, stop_languages = _stopwords(corpus)
    terms = framing.distinctive_terms(corpus, by, top=None, stopwords=stopwords)
    step("evidence")
    evidence = _evidence(ranked, sents, codebook, by)
    return Study(
        settings=settings,
        codebook=codebook,
        corpus=corpus,
        sentences=sents,
        scores=scores,
        table=table,
        pairs=pairs,
        ranked=ranked,
        terms=terms,
        evidence=evidence,
        distant=None if distance is None else _most_distant(distance),
        unscored=int(missing.sum()),
        unscored_articles=int(scores.loc[missing, "doc_id"].nunique()) if missing.any() else 0,
        no_group=no_group,
        single=single,
        stop_languages=stop_languages,
        notes=list(dict.fromkeys(notes)),
        cluster=cluster,
        cluster_reason=str(chosen.get("cluster_reason", "")),
    )


def _stopwords(corpus: pd.DataFrame) -> tuple[frozenset[str] | None, dict[str, bool]]:
    """The function words of the corpus's languages, and for each language whether framing has a list."""
    from framing.text.languages import get_language

    codes = ["en"]
    if "lang" in corpus.columns and corpus["lang"].notna().any():
        codes = sorted(set(corpus["lang"].dropna().astype(str)))
    words: set[str] = set()
    listed: dict[str, bool] = {}
    for code in codes:
        language = get_language(code)
        # an unknown code gets English rules, but English words are no list for it
        found = language.stopwords() if language.code == code.split("-")[0].lower() else ()
        words |= set(found)
        listed[code] = bool(found)
    return (frozenset(words) if words else None), listed


def _groupable(corpus: pd.DataFrame, by: str) -> tuple[pd.DataFrame, int]:
    """The articles with a ``by`` value (dates as days), and how many had none."""
    values = corpus[by]
    if pd.api.types.is_datetime64_any_dtype(values):
        values = values.dt.strftime("%Y-%m-%d")
    elif not (pd.api.types.is_string_dtype(values) or pd.api.types.is_object_dtype(values)):
        values = values.astype("string")
    keep = values.notna()
    out = corpus.assign(**{by: values.astype(object)})[keep.to_numpy()].copy()
    out.attrs = corpus.attrs
    return out, int((~keep).sum())


class _collected:
    """Collect the warnings of the statistics (e.g. few clusters) for the report, and re-emit them."""

    def __init__(self, notes: list[str]):
        self.notes = notes

    def __enter__(self):
        self._catcher = warnings.catch_warnings(record=True)
        self._caught = self._catcher.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._catcher.__exit__(*exc)
        for w in self._caught:
            if issubclass(w.category, UserWarning):
                self.notes.append(str(w.message))
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return False


def _evidence(ranked: pd.DataFrame, sents: pd.DataFrame, book, by: str) -> list[Evidence]:
    """KWIC lines and highlighted sentences for the top-ranked distinct (frame, group) rows."""
    import framing

    found, seen = [], set()
    for row in ranked.itertuples(index=False):
        a_higher = row.difference > 0
        high, low = (row.group_a, row.group_b) if a_higher else (row.group_b, row.group_a)
        if (row.frame, high) in seen:
            continue
        seen.add((row.frame, high))
        own = sents[sents[by] == high]
        lines = framing.kwic(own, frame=row.frame, codebook=book, window=KWIC_WINDOW)
        per_sentence = lines.groupby(["doc_id", "sent_id"], sort=False).size()
        best = per_sentence.sort_values(ascending=False, kind="stable").head(SNIPPETS).index
        snippets = [
            framing.highlight(
                own[(own["doc_id"] == d) & (own["sent_id"] == s)].iloc[0], book, frames=row.frame
            )
            for d, s in best
        ]
        found.append(
            Evidence(
                row=row,
                rank=f"={row.rank}" if row.tied else str(row.rank),
                high=high,
                low=low,
                sign=1 if a_higher else -1,
                kwic=lines,
                n_articles=own["doc_id"].nunique(),
                snippets=snippets,
            )
        )
        if len(found) == EVIDENCE:
            break
    return found


def group_metadata(corpus: pd.DataFrame, by: str) -> tuple[list[str], list[str]]:
    """Columns with one value per group that differ between groups, and those shared by all.

    A column counts as a group attribute only when every group has exactly one
    value (none missing), so a column such as ``syndicated_from`` that only some
    articles fill is never taken for one.
    """
    per_group: list[str] = []
    shared: list[str] = []
    for col in corpus.columns:
        if col in NOT_METADATA or col == by or not corpus[col].notna().any():
            continue
        try:
            within = corpus.groupby(by)[col].nunique(dropna=False).max()
            overall = corpus[col].nunique(dropna=False)
        except TypeError:  # unhashable values (lists from JSON): not a group label
            continue
        if within == 1 and corpus[col].notna().all():
            (shared if overall == 1 else per_group).append(col)
    return per_group, shared


def colour_column(corpus: pd.DataFrame, by: str, n_groups: int) -> str | None:
    """A group attribute to colour the groups by (``outlet_type`` preferred), or None."""
    per_group, _ = group_metadata(corpus, by)
    kinds = [c for c in per_group if 1 < corpus[c].nunique() < n_groups]
    return "outlet_type" if "outlet_type" in kinds else (kinds[0] if kinds else None)


def _most_distant(distance: pd.DataFrame):
    """The two groups with the largest profile distance, and the distance (or None)."""
    d = distance.to_numpy(float)
    i, j = np.triu_indices_from(d, 1)
    values = d[i, j]
    if not np.isfinite(values).any():
        return None
    k = int(np.nanargmax(values))
    return distance.index[i[k]], distance.index[j[k]], float(values[k])
