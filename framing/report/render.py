"""The report's HTML: a :class:`~framing.report.study.Study` and its figures poured into a template.

The page is the Jinja2 template ``templates/report.html`` with the style sheet
``templates/report.css`` inlined, rendered with autoescaping on: every string
from the corpus, the codebook or the user is escaped by ``markupsafe``; only
markup built here (``Markup``), matplotlib's SVG and :func:`framing.highlight`'s
own escaped HTML pass as they are. This module decides what the page says; the
template decides where it goes.

Figures are inline SVG with their ids prefixed per figure (matplotlib reuses
``figure_1``, ``patch_1`` … in every file), a ``<title>`` and ``role="img"``;
each is at least as wide as keeps its smallest text at 9 CSS pixels, inside a
container that scrolls sideways on a narrow screen, and links to its full-size
files. Tables have captions, header scopes and a scrolling container.
"""

from __future__ import annotations

import base64
import platform
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup

from framing.plot._data import human
from framing.report.study import FEW_CLUSTERS, KWIC_WINDOW, RANKING, SNIPPETS, tied_on_tests

__all__ = ["render"]

TOP_PAIRS = 12  # rows of the pairwise table
KWIC_LINES = 8  # keyword-in-context lines per difference (at most 2 per article)
MIN_TEXT_PX = 9  # the smallest text a figure may show, in CSS pixels
MAX_INLINE_SVG = 2_000_000  # larger SVGs are embedded as 2x PNG instead
ADJUST = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg", "bonferroni": "Bonferroni"}
EFFECT_MEANINGS = {
    "cliffs_delta": "the probability that a unit of A scores higher than one of B minus the "
    "reverse (−1 to 1; positive: A higher)",
    "cohens_d": "the difference of the means in pooled standard deviations of the units "
    "compared (positive: A higher)",
}

SECTIONS = {
    "summary": "Corpus summary",
    "profiles": "Frame profiles",
    "pairwise": "Pairwise differences",
    "languages": "Validation by language",  # only for a corpus in several languages
    "terms": "Distinctive terms",
    "evidence": "Evidence for the top-ranked differences",
    "provenance": "Provenance",
}


@dataclass
class Table:
    """A table for the template: a caption, a header and rows whose first cell heads the row."""

    id: str
    caption: str
    header: list[Any] | None
    rows: list[list[Any]]
    numeric: set[int] = field(default_factory=set)
    cls: str = ""
    dates: set[int] = field(default_factory=set)


def render(study, figures, *, source, generated) -> str:
    """The whole page as a string."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("framing.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    css = resources.files("framing.report").joinpath("templates", "report.css")
    if isinstance(source, pd.DataFrame):
        source = f"a pandas DataFrame ({len(source):,} rows)"
    figs = {f.name: _figure(f) for f in figures}
    languages = _languages(study)
    page = {
        "css": Markup(css.read_text(encoding="utf-8")),
        "source": str(source),
        "generated": _generated(generated),
        "book": study.codebook,
        "n_articles": len(study.corpus),
        "sections": {k: v for k, v in SECTIONS.items() if k != "languages" or languages},
        "glance": _glance(study),
        "summary": _summary(study),
        "profiles": _profiles(study, figs),
        "pairwise": _pairwise(study),
        "languages": languages,
        "terms": _terms(study, [figs[f.name] for f in figures if f.name.startswith("terms-")]),
        "evidence": _evidence(study),
        "provenance": _provenance(study, str(source), figures),
    }
    page["provenance"]["generated"] = page["generated"]
    return env.get_template("report.html").render(**page)


# --------------------------------------------------------------------------- small pieces


def _generated(generated) -> str:
    if generated is None:
        return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(generated, datetime):
        return generated.isoformat(sep=" ", timespec="minutes")
    return str(generated)


def num(x, digits: int = 1) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:,.{digits}f}"


def pval(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def day(ts) -> Markup | str:
    """A date that never breaks at its hyphens."""
    if pd.isna(ts):
        return "–"
    text = pd.Timestamp(ts).strftime("%Y-%m-%d")
    return Markup('<time datetime="{0}">{0}</time>').format(text)


def _label(study, frame: str) -> str:
    return {f.name: f.label for f in study.codebook.frames}.get(frame, frame)


def _cluster_words(study) -> tuple[str, str]:
    """What one cluster is, singular and plural ("article", "articles"; "outlet", "outlets")."""
    cluster = study.cluster
    if cluster in (None, "doc_id"):
        return "article", "articles"
    word = human(cluster)
    return word, f"{word}s" if not word.endswith("s") else word


def _span(values) -> str:
    lo, hi = int(min(values)), int(max(values))
    return str(lo) if lo == hi else f"{lo}–{hi}"


# --------------------------------------------------------------------------- glance


def _glance(study) -> list[Any]:
    pairs, ranked, by = study.pairs, study.ranked, study.by
    adjust = _adjust(pairs)
    items: list[Any] = [
        f"{len(pairs):,} pairwise comparisons ({human(by)} pairs × frames); "
        f"{int((pairs['p_adj'] < 0.05).sum())} with {adjust}-adjusted p < 0.05."
    ]
    if not ranked.empty:
        top = ranked.iloc[0]
        items.append(
            f"Differences are ranked: {RANKING}. Top: {_difference_words(study, top)}"
            + (
                f" It ties with {tied_on_tests(ranked) - 1} more on adjusted p and effect size."
                if tied_on_tests(ranked) > 1
                else ""
            )
        )
        largest = ranked.loc[ranked["difference"].abs().idxmax()]
        if largest.name != 0:
            items.append(f"Largest difference: {_difference_words(study, largest)}")
    pair = study.distant
    if pair:
        items.append(
            f"Most different frame profiles: {pair[0]} and {pair[1]} "
            f"(Jensen–Shannon distance {pair[2]:.2f}, on a scale from 0 to 1)."
        )
    few = study.clusters[study.clusters < FEW_CLUSTERS]
    if len(few):
        one, many = _cluster_words(study)
        items.append(
            f"{len(few)} of {len(study.clusters)} groups have fewer than {FEW_CLUSTERS} "
            f"{many} ({_span(few)}): their intervals are rough (see Frame profiles)."
        )
    if study.languages is not None:
        items.append(
            f"The corpus is in {len(study.languages.languages)} languages "
            f"({', '.join(study.languages.languages)}), each measured with its own cue list: "
            "read differences between outlets of different languages with the validation of "
            "each language's cues (see Validation by language)."
        )
    if study.unscored:
        items.append(_unscored_words(study))
    return items


def _difference_words(study, row) -> str:
    high, low = (
        (row["group_a"], row["group_b"])
        if row["difference"] > 0
        else (
            row["group_b"],
            row["group_a"],
        )
    )
    mean_high, mean_low = (
        (row["mean_a"], row["mean_b"]) if row["difference"] > 0 else (row["mean_b"], row["mean_a"])
    )
    sign = 1 if row["difference"] > 0 else -1
    verdict = (
        "significant after adjustment"
        if row["p_adj"] < 0.05
        else "not significant after adjustment for all comparisons"
    )
    return (
        f"{_label(study, row['frame'])}, higher in {high} than in {low} ({num(mean_high, 1)} vs "
        f"{num(mean_low, 1)} cue matches per 1,000 tokens, difference {abs(row['difference']):.1f}; "
        f"{study.effect_name} {sign * row['effect_size']:+.2f}; adjusted p {pval(row['p_adj'])}, "
        f"{verdict})."
    )


def _unscored_words(study) -> str:
    unit = study.settings.unit
    return (
        f"{study.unscored:,} {unit}{'s' if study.unscored != 1 else ''} of "
        f"{study.unscored_articles:,} article(s) have no score (a language the codebook does not "
        "cover) and are left out of the statistics."
    )


def _adjust(pairs) -> str:
    info = pairs.attrs.get("framing", {}).get("analysis", {})
    return ADJUST.get(info.get("adjust"), str(info.get("adjust")))


# --------------------------------------------------------------------------- sections


def _summary(study) -> dict:
    from framing.report.study import group_metadata

    corpus, sents, by = study.corpus, study.sentences, study.by
    scores = study.analysed
    per_group, shared = group_metadata(corpus, by)
    groups = corpus.groupby(by, sort=True)
    n_sent = sents.groupby(by).size()
    tokens = scores.groupby(by)["n_tokens"].sum()
    undated = int(corpus["date"].isna().sum()) if "date" in corpus.columns else len(corpus)
    dates = corpus["date"] if "date" in corpus.columns else pd.Series(dtype="datetime64[ns]")
    lead = Markup(
        "{} articles, {} sentences and {} tokens in {} groups by {}, dated {} to {}{}."
    ).format(
        f"{len(corpus):,}",
        f"{len(sents):,}",
        f"{int(tokens.sum()):,}",
        groups.ngroups,
        human(by),
        day(dates.min()),
        day(dates.max()),
        f" ({undated} undated)" if undated else "",
    )
    notes = []
    if shared:
        notes.append(
            "Shared by all articles: "
            + "; ".join(f"{human(c)}: {corpus[c].dropna().iloc[0]}" for c in shared)
            + "."
        )
    if study.aliases:
        merged = ", ".join(f"“{a}” → “{b}”" for a, b in sorted(study.aliases.items()))
        notes.append(f"Outlet spellings merged before the analysis: {merged}.")
    if study.no_group:
        notes.append(
            f"{study.no_group} article(s) have no {human(by)} and are left out of the report."
        )
    if study.single:
        notes.append(
            f"{len(study.single)} group(s) have a single article ({', '.join(study.single)}): "
            "no interval, and tests against them rest on one article."
        )
    if study.unscored:
        notes.append(_unscored_words(study))
    first = groups[per_group].first() if per_group else None
    rows = []
    for name, part in groups:
        name = name[0] if isinstance(name, tuple) else name
        row = [name, len(part), int(n_sent.get(name, 0)), f"{int(tokens.get(name, 0)):,}"]
        if "date" in part.columns:
            row += [day(part["date"].min()), day(part["date"].max())]
        else:
            row += ["–", "–"]
        rows.append(row + [first.loc[name, c] if first is not None else "" for c in per_group])
    header = [human(by), "articles", "sentences", "tokens", "first date", "last date"]
    header += [human(c) for c in per_group]
    table = Table(
        "t-summary",
        f"Articles, sentences and tokens per {human(by)}",
        header,
        rows,
        numeric={1, 2, 3},
        dates={4, 5},
    )
    return {"lead": lead, "notes": notes, "table": table}


def _profiles(study, figs: dict) -> dict:
    table, book, by = study.table, study.codebook, study.by
    info = table.attrs.get("framing", {}).get("analysis", {})
    unit = study.scores.attrs.get("framing", {}).get("unit", study.settings.unit)
    one, many = _cluster_words(study)
    level = info.get("ci", 0.95)
    method = info.get("method", "cluster bootstrap")
    if info.get("interval") in (None, "percentile", "bootstrap-t"):
        method += f"; {info.get('n_boot', 0):,} replicates, seed {info.get('seed')}"
    estimand = info.get("estimand")
    lead = (
        f"Cue matches per 1,000 tokens by {human(by)}"
        + (f" ({estimand})" if estimand else f", mean per {unit}")
        + f", with {level:.0%} confidence intervals ({method}). The intervals treat whole "
        f"{many} as the independent units, never single {unit}s"
        + (f": {study.cluster_reason}." if study.cluster_reason else ".")
        + f" A group with fewer than three {many} has no interval."
    )
    clusters = study.clusters
    notes = []
    few = clusters[clusters < FEW_CLUSTERS]
    if len(few) and not info.get("few_clusters"):
        # framing.compare words its own FewClustersWarning (shown below); this is the fallback
        which = (
            "Every group's interval here rests"
            if len(few) == len(clusters)
            else f"The intervals of {len(few)} of the {len(clusters)} groups rest"
        )
        notes.append(
            f"{which} on {_span(few)} {many} — fewer than {FEW_CLUSTERS}. With so few clusters an "
            f"interval cannot hold its {level:.0%} level reliably: read these intervals as rough "
            "ranges, and the number of clusters next to each estimate as part of the result."
        )
    notes += study.notes
    about = (
        f"Codebook {book.name}"
        + (f": {book.description}" if book.description else "")
        + " (Frame definitions: see Provenance.)"
    )
    wide = table.pivot(index=by, columns="frame")
    articles = None
    if "n_docs" in table.columns and "n_clusters" in table.columns:
        articles = table.groupby(by, sort=True)["n_docs"].first()
    rows = []
    for name in wide.index:
        cells = [name, int(clusters.get(name, 0))]
        if articles is not None:
            cells.append(int(articles.get(name, 0)))
        for f in book.frame_names:
            est, lo, hi = (wide.loc[name, (c, f)] for c in ("estimate", "ci_low", "ci_high"))
            interval = (
                f"{num(lo)}–{num(hi)}" if np.isfinite(lo) and np.isfinite(hi) else "no interval"
            )
            cells.append(Markup("{}<br><small>{}</small>").format(num(est), interval))
        rows.append(cells)
    counts = [many] + (["articles"] if articles is not None else [])
    estimates = Table(
        "t-estimates",
        f"Estimates and {level:.0%} intervals by {human(by)}, with the number of {many} "
        "(the clusters each interval rests on)"
        + (" and of articles" if articles is not None else ""),
        [human(by), *counts, *[f.label for f in book.frames]],
        rows,
        numeric=set(range(1, len(book.frame_names) + len(counts) + 1)),
        cls="compact",
    )
    return {
        "lead": lead,
        "notes": notes,
        "about": about,
        "figures": [figs["forest"], figs["heatmap"]],
        "table": estimates,
    }


def _pairwise(study) -> dict:
    pairs, ranked = study.pairs, study.ranked
    info = pairs.attrs.get("framing", {}).get("analysis", {})
    n_groups = pairs[["group_a", "group_b"]].stack().nunique()
    n_pairs = n_groups * (n_groups - 1) // 2
    significant = int((pairs["p_adj"] < 0.05).sum())
    shown = min(TOP_PAIRS, len(ranked))
    lead = (
        f"Every pair of the {n_groups} groups was compared on every frame: {n_pairs:,} pairs × "
        f"{len(pairs) // max(n_pairs, 1)} frames = {len(pairs):,} comparisons, of which "
        f"{significant} have an adjusted p below 0.05. The {shown} top-ranked are listed."
    )
    ranking = f"Ranking: {RANKING}. Rows that tie on all three share a rank, marked “=”."
    tied = tied_on_tests(ranked)
    if tied > 1:
        top = ranked.iloc[0]
        ranking += (
            f" The first {tied} rows tie on adjusted p ({pval(top['p_adj'])}) and on the size "
            f"of {study.effect_name} ({abs(top['effect_size']):.2f}): among them only the size "
            "of the difference decides the order, so do not read their order as evidence."
        )
    one, many = _cluster_words(study)
    meaning = EFFECT_MEANINGS.get(info.get("effect"), "positive when A is higher")
    test = info.get("method", f"two-sided permutation test exchanging whole {many}")
    note = (
        f"Mean: cue matches per 1,000 tokens (as in the profiles). {study.effect_name}: "
        f"{meaning}. p: {test} ({info.get('n_perm', 0):,} permutations, seed "
        f"{info.get('seed')}). p_adj: p "
        f"{_adjust(pairs)}-adjusted across all {len(pairs):,} comparisons. With few {many} per "
        "group, permutation p-values cannot become very small: read them with the effect sizes."
    )
    rows = [
        [
            f"={r.rank}" if r.tied else str(r.rank),
            _label(study, r.frame),
            r.group_a,
            r.group_b,
            num(r.mean_a, 2),
            num(r.mean_b, 2),
            f"{r.difference:+.2f}",
            f"{r.effect_size:+.2f}",
            pval(r.p),
            pval(r.p_adj),
        ]
        for r in ranked.head(TOP_PAIRS).itertuples(index=False)
    ]
    header = [
        "rank",
        "frame",
        "A",
        "B",
        "mean A",
        "mean B",
        "A − B",
        study.effect_name,
        "p",
        "p_adj",
    ]
    table = Table(
        "t-pairwise",
        f"The {shown} top-ranked differences between pairs of {human(study.by)} groups",
        header,
        rows,
        numeric={0, *range(4, 10)},
    )
    return {"lead": lead, "ranking": ranking, "table": table if rows else None, "note": note}


def _languages(study) -> dict | None:
    """The per-language validation of the cues, for a corpus in several languages (else None)."""
    from framing.coding.languages import language_validation_section

    check = study.languages
    if check is None:
        return None
    codes = ", ".join(check.languages)
    if check.validation is None:
        lead = (
            f"The corpus is in {len(check.languages)} languages ({codes}), and cue lists in "
            "different languages are different instruments: each language is measured with its "
            "own cue list, whose precision and recall differ by language. "
            + (
                f"The reference coding given ({check.source}) has no sentence in these languages"
                if check.source
                else "No reference coding in these languages was given"
            )
            + ", so the cues of each language are unvalidated here and "
            "a difference between outlets of two languages may come from the cue lists rather "
            "than from the framing. Code a sample of sentences in each language and check the "
            "cues with framing.validate_by_language (report: reference=)."
        )
        return {"lead": lead, "notes": [], "table": None}
    section = language_validation_section(check.validation, frames=study.codebook.frame_names)
    v = check.validation
    macro = v[v["frame"] == "macro"].set_index("lang")
    notes = [
        "Validated on "
        + "; ".join(
            f"{code}: {n:,} "
            + (
                "held-out sentences, never read to revise the cues"
                if check.held_out.get(code)
                else "sentences (no held-out split: if the cues were revised on them, the figures "
                "are in-sample and optimistic)"
            )
            + (f", macro-F1 {macro.loc[code, 'f1']:.2f}" if code in macro.index else "")
            for code, n in check.n_sentences.items()
        )
        + f" (reference coding: {check.source}). P: precision, R: recall, n: sentences the "
        "reference codes with the frame; – where undefined (no such sentence); macro-F1: the "
        "mean F1 over the frames with such sentences. A frame counts as present in a sentence "
        "when its score is above 0."
    ]
    unchecked = [c for c in check.languages if c not in check.n_sentences]
    if unchecked:
        notes.append(
            f"No reference sentences in {', '.join(unchecked)}: the cues of "
            f"{'this language are' if len(unchecked) == 1 else 'these languages are'} "
            "unvalidated here."
        )
    labels = {f.name: f.label for f in study.codebook.frames}
    rows = [[labels.get(row[0], row[0]), *row[1:]] for row in section["rows"]]
    table = Table(
        "t-languages",
        f"Precision, recall and F1 of each frame's cues by language ({codes})",
        section["header"],
        rows,
        numeric=set(range(1, len(section["header"]))),
        cls="compact",
    )
    return {"lead": section["lead"], "notes": notes, "table": table}


def _terms(study, figs: list) -> dict:
    terms, by = study.terms, study.by
    top = study.settings.top_terms
    info = terms.attrs.get("framing", {}).get("analysis", {})
    lead = (
        f"Words that distinguish each group from all others: Fightin' Words log-odds ratios "
        f"with a {info.get('prior')} Dirichlet prior (α = {info.get('alpha')}), as z-scores "
        f"(Monroe, Colaresi & Quinn 2008); {_stop_words(study)} The z-scores rank words; "
        f"they are not tests (words are bursty, so |z| > 1.96 overstates the evidence). The "
        f"{top} highest z per group, with the word's occurrences in the group and in the rest."
    )
    pair = study.distant
    why = (
        f"The figures show the two groups with the most different frame profiles, {pair[0]} "
        f"and {pair[1]} (Jensen–Shannon distance {pair[2]:.2f})."
        if pair
        else "The figures show the first two groups."
    )
    boxes = []
    for k, (name, part) in enumerate(terms.groupby(by, sort=True), 1):
        name = name[0] if isinstance(name, tuple) else name
        rows = [
            [t.term, f"{t.z:.2f}", t.count_target, t.count_rest]
            for t in part.head(top).itertuples(index=False)
        ]
        boxes.append(
            Table(
                f"t-terms-{k}",
                f"{name}: top {len(rows)} terms",
                ["term", "z", "in group", "in rest"],
                rows,
                numeric={1, 2, 3},
            )
        )
    return {"lead": lead, "why": why, "figures": figs, "tables": boxes}


def _stop_words(study) -> str:
    """Which function words were left out of the distinctive terms, in words."""
    listed = [c for c, has in study.stop_languages.items() if has]
    unlisted = [c for c, has in study.stop_languages.items() if not has]
    if not listed:
        return "function words were not removed (framing has no list for this corpus's languages)."
    removed = f"function words removed ({', '.join(listed)})"
    if unlisted:
        return f"{removed}; framing has no list for {', '.join(unlisted)}, whose function words stay in."
    return f"{removed}."


def _evidence(study) -> dict:
    items = []
    for k, ev in enumerate(study.evidence, 1):
        r, sign = ev.row, ev.sign
        mean_high, mean_low = (r.mean_a, r.mean_b) if sign > 0 else (r.mean_b, r.mean_a)
        lines = ev.kwic
        label = _label(study, r.frame)
        stats = (
            f"Rank {ev.rank}. Cue matches per 1,000 tokens: {num(mean_high, 2)} in {ev.high}, "
            f"{num(mean_low, 2)} in {ev.low}; {study.effect_name} {sign * r.effect_size:+.2f}; "
            f"p {pval(r.p)}, adjusted {pval(r.p_adj)}. {len(lines)} matches in "
            f"{lines['doc_id'].nunique()} of {ev.n_articles} articles of {ev.high}."
        )
        shown = lines.groupby("doc_id", sort=False).head(2).head(KWIC_LINES)
        rows = [
            [x.doc_id, x.sent_id, x.left, Markup("<b>{}</b>").format(x.match), x.right, x.cue]
            for x in shown.itertuples(index=False)
        ]
        table = Table(
            f"t-evidence-{k}",
            f"Cue matches of {label} in {ev.high} (keywords in context; at most two per article)",
            ["article", "sentence", "left", "match", "right", "cue"],
            rows,
            numeric={1},
            cls="kwic",
        )
        items.append(
            {
                "id": f"evidence-{k}",
                "title": f"{k}. {label}: {ev.high} above {ev.low}",
                "stats": stats,
                "table": table,
                "snippets": [Markup(h.to_html()) for h in ev.snippets],
            }
        )
    lead = (
        f"The passages behind the {len(items)} top-ranked differences (in the order of the "
        f"ranking above, one per frame and group): for each, the frame's cue matches in the "
        f"group that uses it more (keywords in context, at most two lines per article) and its "
        f"{SNIPPETS} sentences with the most matches, cues marked."
    )
    return {"lead": lead, "items": items}


def _provenance(study, source: str, figures) -> dict:
    import matplotlib
    import scipy

    from framing._version import __version__

    book, scores, s = study.codebook, study.scores, study.settings

    def analysis(result) -> str:
        info = dict(result.attrs.get("framing", {}).get("analysis", {}))
        method = info.pop("method", "")
        params = ", ".join(f"{k}={v}" for k, v in info.items() if k not in ("function", "frames"))
        return f"{params}{f' — {method}' if method else ''}"

    score_params = ", ".join(
        f"{k}={v}" for k, v in scores.attrs.get("framing", {}).get("params", {}).items()
    )
    rows = [
        ["source", source],
        ["codebook", f"{book.name}, version {book.version}"],
        ["codebook sha256", Markup("<code>{}</code>").format(book.sha256)],
        ["codebook citation", book.citation or "none given"],
        ["framing version", __version__],
        [
            "software",
            f"Python {platform.python_version()}, numpy {np.__version__}, pandas "
            f"{pd.__version__}, scipy {scipy.__version__}, matplotlib {matplotlib.__version__}",
        ],
        ["seed", s.seed],
        [
            "parameters",
            f"by={s.by}, unit={s.unit}, cluster={study.cluster}, n_boot={s.n_boot}, "
            f"n_perm={s.n_perm}, top_terms={s.top_terms}",
        ],
        ["framing.score", score_params],
        ["framing.compare", analysis(study.table)],
        ["framing.pairwise", analysis(study.pairs)],
        ["framing.distinctive_terms", analysis(study.terms)],
        *(
            [["framing.validate_by_language", f"reference: {study.languages.source}"]]
            if study.languages is not None and study.languages.validation is not None
            else []
        ),
        ["framing.kwic", f"window={KWIC_WINDOW}, frame cues with the codebook's exclusions"],
        ["scores.csv", f"{len(scores):,} rows, one per {s.unit}"],
        ["figures", ", ".join(f.name for f in figures) + " (each as PDF, SVG and PNG)"],
    ]
    frames = [[f.name, f.label, len(f.cues), f.definition] for f in book.frames]
    return {
        "table": Table("t-provenance", "How this report was made", None, rows, cls="provenance"),
        "frames": Table(
            "t-frames",
            f"Frames of the codebook {book.name}",
            ["frame", "label", "cues", "definition"],
            frames,
            numeric={2},
            cls="frames",
        ),
    }


# --------------------------------------------------------------------------- figures


_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def _figure(figure) -> dict:
    """A figure for the template: inline SVG (ids prefixed, titled) or a 2x PNG, and its links."""
    files = {p.suffix: p for p in figure.files}
    prefix = f"fig-{figure.name}"
    natural = figure.width_in * 96  # CSS pixels at 100 %
    # the narrowest the figure may be drawn so that its smallest text stays MIN_TEXT_PX high
    min_px = natural * MIN_TEXT_PX / (figure.smallest_pt * 96 / 72)
    style = f"min-width:{min_px:.0f}px;max-width:{max(min_px, 1.3 * natural):.0f}px"
    svg = files[".svg"].read_text(encoding="utf-8")
    if len(svg) <= MAX_INLINE_SVG:
        body = _inline_svg(svg, prefix=prefix, title=figure.alt, style=style)
    else:
        png = base64.b64encode(files[".png"].read_bytes()).decode()
        body = Markup(
            '<img alt="{}" src="data:image/png;base64,{}" width="{:.0f}" style="{}">'
        ).format(figure.alt, Markup(png), natural, style)
    links = [
        {"href": f"figures/{p.name}", "label": p.suffix[1:].upper()}
        for p in sorted(figure.files, key=lambda p: (p.suffix != ".svg", p.suffix))
    ]
    return {"id": prefix, "body": body, "caption": figure.caption, "links": links}


def _inline_svg(svg: str, *, prefix: str, title: str, style: str) -> Markup:
    """matplotlib's SVG made fit for a page that holds several: prefixed ids, a title, a role."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, count=1, flags=re.S)
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    tag_end = svg.index(">")
    tag = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg[:tag_end])
    tag = re.sub(r'\s+(width|height)="[^"]*"', "", tag)
    opening = Markup('{} role="img" aria-labelledby="{}-title" style="{}">').format(
        Markup(tag), prefix, style
    )
    heading = Markup('<title id="{}-title">{}</title>').format(prefix, title)
    return opening + heading + Markup(svg[tag_end + 1 :])
