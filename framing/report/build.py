"""The static HTML report: one call from a corpus to ``index.html``, figures and scores.

:func:`write_report` runs the study a reader of a comparative framing paper
expects, using only framing's public functions: it scores the corpus
(:func:`framing.score`), estimates each group's frame profile with
cluster-bootstrap intervals (:func:`framing.compare`), tests every pair of
groups (:func:`framing.pairwise`), finds each group's distinctive words
(:func:`framing.distinctive_terms`), and shows the passages behind the
strongest differences (:func:`framing.kwic`, :func:`framing.highlight`).
Figures come from :mod:`framing.plot` and are written as PDF, SVG and PNG.

``index.html`` is a single static file: inline CSS, figures embedded (inline
SVG, or a base64 PNG where that is smaller), no JavaScript, nothing loaded
from the network, and laid out to print. Every string that comes from the
corpus or the codebook is HTML-escaped: the page is built from
:class:`_Html` pieces, and anything that is not one is escaped on the way in.
The report is built in a temporary sibling folder and moved into place file by
file, ``index.html`` last, so a failed run leaves an earlier report untouched.
"""

from __future__ import annotations

import base64
import html
import os
import platform
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.errors import DataError, FramingError

__all__ = ["write_report"]

_DPI = 150  # PNG resolution: sharp on screen, small in the page
_TOP_PAIRS = 12  # rows of the pairwise table
_EVIDENCE = 3  # strongest differences shown with passages
_KWIC_LINES = 8  # keyword-in-context lines per difference (at most 2 per article)
_SNIPPETS = 2  # highlighted sentences per difference
_KWIC_WINDOW = 8
_STOPWORDS = "english"  # distinctive terms without function words
_ADJUST = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg", "bonferroni": "Bonferroni"}
_NOT_METADATA = {"doc_id", "date", "title", "text", "sent_id", "start", "end"}


class _Html(str):
    """Markup built by this module (or by framing.highlight): already safe, never re-escaped."""


def _e(value) -> _Html:
    """``value`` as HTML: markup passes, anything else is escaped (quotes included)."""
    if isinstance(value, _Html):
        return value
    return _Html(html.escape(str(value), quote=True))


def write_report(
    source,
    out_dir: str | os.PathLike,
    *,
    codebook=None,
    by: str = "outlet",
    unit: str = "sentence",
    seed: int | None = 0,
    n_boot: int = 2000,
    n_perm: int = 5000,
    top_terms: int = 15,
    generated: str | datetime | None = None,
    progress: bool | None = None,
) -> dict[str, Any]:
    """Write a self-contained HTML report comparing the groups of a corpus.

    Parameters
    ----------
    source : str, Path or DataFrame
        Anything :func:`framing.load_corpus` accepts: a bundled corpus name, a
        folder, a table file or a DataFrame. It is only read.
    out_dir : str or path-like
        Folder for ``index.html``, ``scores.csv`` and ``figures/`` (created if
        missing; files of an earlier report are replaced). It may not lie
        inside the input folder.
    codebook : str, Path or Codebook, optional
        Required unless the corpus declares its codebook (a bundled corpus does).
    by : str, default='outlet'
        Corpus column whose groups are compared.
    unit : {'sentence', 'document'}, default='sentence'
        Unit of scoring. Sentences are never treated as independent: intervals
        and tests resample whole articles.
    seed : int or None, default=0
        Seed of the bootstrap and the permutation test; the same seed (and a
        fixed ``generated``) gives a byte-identical ``index.html``.
    n_boot : int, default=2000
        Bootstrap replicates of :func:`framing.compare`.
    n_perm : int, default=5000
        Permutations per pair of :func:`framing.pairwise`.
    top_terms : int, default=15
        Distinctive terms listed (and labelled in figures) per group.
    generated : str or datetime, optional
        Date shown as "generated"; default: now, in UTC.
    progress : bool, optional
        Show a tqdm progress bar over the steps; default: in notebooks and
        terminals, not when output goes to a file or a log.

    Returns
    -------
    dict
        ``index`` (Path of ``index.html``), ``scores`` (Path of ``scores.csv``,
        one row per sentence or document) and ``figures`` (list of Paths, each
        figure as .pdf, .svg and .png).

    Raises
    ------
    FramingError
        A source that cannot be read, an unknown ``by`` column or ``unit``,
        fewer than two groups, or ``out_dir`` inside the input.

    Examples
    --------
    >>> paths = write_report("pow-exchange-2025", "out/report")  # doctest: +SKIP
    >>> paths["index"]  # doctest: +SKIP
    PosixPath('out/report/index.html')
    """
    import framing

    if unit not in ("sentence", "document"):
        raise DataError(f"unit must be 'sentence' or 'document', not {unit!r}")
    corpus = framing.load_corpus(source)
    out = Path(out_dir)
    _refuse_inside_input(out, source, corpus)
    if out.exists() and not out.is_dir():
        raise FramingError(f"{out} is a file; the report needs a folder (-o DIR)")
    if not isinstance(by, str) or by not in corpus.columns:
        raise DataError(
            f"by={by!r} is not a column of the corpus (columns: {', '.join(map(str, corpus.columns))}); "
            "pass by= one of them, e.g. 'outlet'"
        )
    book = framing.codebook.resolve_codebook(codebook, corpus)
    settings = dict(by=by, unit=unit, seed=seed, n_boot=n_boot, n_perm=n_perm, top_terms=top_terms)

    from framing._progress import bar as progress_bar

    bar = progress_bar(progress=progress, total=7, desc="report", unit="step")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        study = _analyse(corpus, book, settings, bar)
        bar.set_description("report: figures")
        figures = _draw(study, tmp / "figures", top_terms)
        bar.update()
        bar.set_description("report: writing")
        study["scores"].to_csv(tmp / "scores.csv", index=False, date_format="%Y-%m-%d")
        page = _page(study, figures, source=source, generated=generated)
        (tmp / "index.html").write_text(page, encoding="utf-8")
        files = [f.relative_to(tmp) for fig in figures for f in fig["files"]]
        files += [Path("scores.csv"), Path("index.html")]  # index last: it marks a complete report
        (out / "figures").mkdir(parents=True, exist_ok=True)
        for rel in files:
            os.replace(tmp / rel, out / rel)
        bar.update()
    finally:
        bar.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "index": out / "index.html",
        "figures": [out / f for f in files[:-2]],
        "scores": out / "scores.csv",
    }


def _refuse_inside_input(out: Path, source, corpus: pd.DataFrame) -> None:
    """Raise if ``out`` is, or lies inside, the file or folder the corpus was read from."""
    inputs = [corpus.attrs.get("framing", {}).get("source")]
    if isinstance(source, str | os.PathLike):
        inputs.append(source)
    target = out.resolve()
    for item in inputs:
        if item is None or not Path(item).exists():
            continue
        src = Path(item).resolve()
        if target == src or src in target.parents:
            raise FramingError(
                f"refusing to write the report into the input {src}; choose an output folder outside it"
            )


# --------------------------------------------------------------------------- analysis


def _analyse(corpus: pd.DataFrame, book, settings: dict, bar) -> dict[str, Any]:
    """Every table the page shows, each computed by one of framing's public functions."""
    import framing

    by, seed = settings["by"], settings["seed"]
    groups = corpus[by].dropna().unique()
    if len(groups) < 2:
        raise DataError(
            f"the report compares groups, but column {by!r} has {len(groups)} value(s) "
            f"{list(groups)[:1]}; choose a column with at least two groups (--by / by=)"
        )
    bar.set_description("report: scoring")
    sents = framing.sentences(corpus)
    scored = sents if settings["unit"] == "sentence" else corpus
    scores = framing.score(scored, book, unit=settings["unit"])
    bar.update()
    bar.set_description("report: profiles")
    table = framing.compare(scores, by, n_boot=settings["n_boot"], seed=seed)
    distance = framing.profile_distance(scores, by)
    bar.update()
    bar.set_description("report: pairwise tests")
    pairs = framing.pairwise(scores, by, n_perm=settings["n_perm"], seed=seed)
    # Strongest first: smallest adjusted p, then smallest p, then largest |effect size|.
    ranked = pairs[pairs["difference"] != 0].assign(_size=lambda d: -d["effect_size"].abs())
    ranked = ranked.sort_values(["p_adj", "p", "_size"], kind="stable").drop(columns="_size")
    bar.update()
    bar.set_description("report: distinctive terms")
    terms = framing.distinctive_terms(corpus, by, top=None, stopwords=_STOPWORDS)
    bar.update()
    bar.set_description("report: evidence")
    evidence = _evidence(ranked, sents, book, by)
    bar.update()
    return {
        "corpus": corpus,
        "sentences": sents,
        "scores": scores,
        "table": table,
        "distant": _most_distant(distance),
        "pairs": pairs,
        "ranked": ranked,
        "terms": terms,
        "evidence": evidence,
        "book": book,
        "settings": settings,
    }


def _evidence(ranked: pd.DataFrame, sents: pd.DataFrame, book, by: str) -> list[dict]:
    """KWIC lines and highlighted sentences for the strongest distinct (frame, group) rows."""
    import framing

    found, seen = [], set()
    for row in ranked.itertuples(index=False):
        a_higher = row.difference > 0
        high, low = (row.group_a, row.group_b) if a_higher else (row.group_b, row.group_a)
        if (row.frame, high) in seen:
            continue
        seen.add((row.frame, high))
        own = sents[sents[by] == high]
        lines = framing.kwic(own, frame=row.frame, codebook=book, window=_KWIC_WINDOW)
        per_sentence = lines.groupby(["doc_id", "sent_id"], sort=False).size()
        best = per_sentence.sort_values(ascending=False, kind="stable").head(_SNIPPETS).index
        snippets = [
            framing.highlight(
                own[(own["doc_id"] == d) & (own["sent_id"] == s)].iloc[0], book, frames=row.frame
            )
            for d, s in best
        ]
        found.append(
            {
                "row": row,
                "high": high,
                "low": low,
                "sign": 1 if a_higher else -1,
                "kwic": lines,
                "n_articles": own["doc_id"].nunique(),
                "snippets": snippets,
            }
        )
        if len(found) == _EVIDENCE:
            break
    return found


def _group_metadata(corpus: pd.DataFrame, by: str) -> tuple[list[str], list[str]]:
    """Columns with one value per group that differ between groups, and those shared by all."""
    per_group, shared = [], []
    for col in corpus.columns:
        if col in _NOT_METADATA or col == by or not corpus[col].notna().any():
            continue
        try:
            within = corpus.groupby(by)[col].nunique().max()
            overall = corpus[col].nunique()
        except TypeError:  # unhashable values (lists from JSON): not a group label
            continue
        if within <= 1:
            (shared if overall == 1 else per_group).append(col)
    return per_group, shared


def _most_distant(distance: pd.DataFrame):
    """The two groups with the largest profile distance, and the distance (or None)."""
    d = distance.to_numpy(float)
    i, j = np.triu_indices_from(d, 1)
    values = d[i, j]
    if not np.isfinite(values).any():
        return None
    k = int(np.nanargmax(values))
    return distance.index[i[k]], distance.index[j[k]], float(values[k])


# --------------------------------------------------------------------------- figures


def _draw(study: dict, folder: Path, top_terms: int) -> list[dict]:
    """Draw and save every figure (PDF, SVG, PNG); return name, captions and files of each."""
    import matplotlib.pyplot as plt

    from framing import plot

    by, table, corpus = study["settings"]["by"], study["table"], study["corpus"]
    n_groups = table[by].nunique()
    per_group, _ = _group_metadata(corpus, by)
    kinds = [c for c in per_group if 1 < corpus[c].nunique() < n_groups]
    kind = "outlet_type" if "outlet_type" in kinds else (kinds[0] if kinds else None)
    figures = []

    def keep(fig, name: str, alt: str, caption: str) -> None:
        try:
            files = plot.save(fig, folder / name, dpi=_DPI)
        finally:
            plt.close(fig)
        figures.append({"name": name, "alt": alt, "caption": caption, "files": files})

    with plot.paper(columns=2):
        fig = plot.forest(table, by=by, group_by=kind, metadata=corpus if kind else None)
        keep(
            fig,
            "forest",
            f"Frame estimates with confidence intervals by {by}",
            f"Each panel is one frame; dots are {by} estimates, whiskers their confidence "
            f"intervals{f', colours the {kind}' if kind else ''}. Panels have their own scales.",
        )
    with plot.paper(columns=2, height=max(2.4, 0.2 * n_groups + 1.3)):
        fig, ax = plt.subplots()
        plot.heatmap(table, by=by, ax=ax)
        keep(
            fig, "heatmap", f"Heat map of frame estimates by {by}", "The same estimates as a grid."
        )
    pair = study["distant"]
    groups = list(pair[:2]) if pair else list(pd.unique(table[by]))[:2]
    for rank, group in enumerate(groups, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", str(group).lower()).strip("-")[:40] or "group"
        with plot.paper(columns=1, height=3.2):
            fig, ax = plt.subplots()
            plot.terms(study["terms"], group=str(group), top=top_terms, ax=ax)
            keep(
                fig,
                f"terms-{rank}-{slug}",
                f"Distinctive terms of {group}",
                f"Words of {group} against all other groups: z-score against frequency; "
                f"the {top_terms} strongest are labelled.",
            )
    return figures


def _embed(figure: dict) -> _Html:
    """The figure as inline SVG, or as a base64 PNG when that is smaller."""
    files = {p.suffix: p for p in figure["files"]}
    svg = files[".svg"].read_text(encoding="utf-8")
    png = files[".png"].read_bytes()
    alt = _e(figure["alt"])
    if len(svg) <= len(png) * 4 / 3:  # base64 adds a third
        # Inside HTML the XML prolog, doctype, namespace URLs and metadata are not needed.
        svg = svg[svg.index("<svg") :]
        tag_end = svg.index(">")
        tag = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg[:tag_end])
        rest = re.sub(r"<metadata>.*?</metadata>\s*", "", svg[tag_end:], count=1, flags=re.S)
        body = tag.replace("<svg", f'<svg role="img" aria-label="{alt}"', 1) + rest
    else:
        body = f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
    links = " · ".join(
        f'<a href="figures/{_e(p.name)}">{_e(p.suffix[1:].upper())}</a>' for p in figure["files"]
    )
    return _Html(
        f"<figure>{body}<figcaption>{_e(figure['caption'])} "
        f'<span class="files">Files: {links}</span></figcaption></figure>'
    )


# --------------------------------------------------------------------------- HTML


def _table(header: list | None, rows: list[list], *, numeric=(), cls: str = "") -> _Html:
    def cell(tag: str, i: int, value) -> str:
        return f"<{tag}{' class=num' if i in numeric else ''}>{_e(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header or []))
    head = f"<thead><tr>{head}</tr></thead>" if header else ""
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    return _Html(f'<table class="{_e(cls)}">{head}<tbody>{body}</tbody></table>')


def _num(x, digits: int = 1) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:,.{digits}f}"


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _day(ts) -> str:
    return "–" if pd.isna(ts) else pd.Timestamp(ts).strftime("%Y-%m-%d")


def _section(anchor: str, title: str, *parts) -> _Html:
    body = "\n".join(_e(p) for p in parts)
    return _Html(f'<section id="{anchor}">\n<h2>{_e(title)}</h2>\n{body}\n</section>')


_SECTIONS = {
    "summary": "Corpus summary",
    "profiles": "Frame profiles",
    "pairwise": "Pairwise differences",
    "terms": "Distinctive terms",
    "evidence": "Evidence for the strongest differences",
    "provenance": "Provenance",
}


def _page(study: dict, figures: list[dict], *, source, generated) -> str:
    if generated is None:
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    elif isinstance(generated, datetime):
        generated = generated.isoformat(sep=" ", timespec="minutes")
    if isinstance(source, pd.DataFrame):
        source = f"a pandas DataFrame ({len(source):,} rows)"
    book, corpus = study["book"], study["corpus"]
    figs = {f["name"]: _embed(f) for f in figures}
    nav = " · ".join(f'<a href="#{k}">{_e(v)}</a>' for k, v in _SECTIONS.items())
    body = "\n".join(
        [
            _summary(study),
            _profiles(study, figs),
            _pairwise(study),
            _terms(study, [figs[f["name"]] for f in figures if f["name"].startswith("terms-")]),
            _evidence_section(study),
            _provenance(study, source, generated, figures),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Framing report: {_e(source)}</title><style>{_CSS}</style></head>\n<body>\n"
        f"<header><h1>Framing report</h1><p class=sub>{_e(source)} · codebook "
        f"{_e(book.name)} {_e(book.version)} · {len(corpus):,} articles · generated "
        f"{_e(generated)}</p><nav>{nav}</nav></header>\n"
        f"{_glance(study)}\n{body}\n</body></html>\n"
    )


def _glance(study: dict) -> _Html:
    pairs, by = study["pairs"], study["settings"]["by"]
    items = [
        f"{len(pairs):,} pairwise comparisons ({by} pairs × frames); "
        f"{int((pairs['p_adj'] < 0.05).sum())} with adjusted p < 0.05."
    ]
    pair = study["distant"]
    if pair:
        items.append(
            f"Most different frame profiles: {pair[0]} and {pair[1]} "
            f"(Jensen–Shannon distance {pair[2]:.2f}, on a scale from 0 to 1)."
        )
    if study["evidence"]:
        ev = study["evidence"][0]
        items.append(
            f"Top-ranked difference: {ev['row'].frame}, more in {ev['high']} than in {ev['low']} "
            f"(Cliff's δ {ev['sign'] * ev['row'].effect_size:+.2f}, "
            f"adjusted p {_p(ev['row'].p_adj)})."
        )
    return _Html('<ul class="glance">' + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")


def _summary(study: dict) -> _Html:
    corpus, sents, scores = study["corpus"], study["sentences"], study["scores"]
    by = study["settings"]["by"]
    per_group, shared = _group_metadata(corpus, by)
    groups = corpus.groupby(by, sort=True)
    n_sent = sents.groupby(by).size()
    tokens = scores.groupby(by)["n_tokens"].sum()
    undated = int(corpus["date"].isna().sum())
    lead = (
        f"{len(corpus):,} articles, {len(sents):,} sentences and {int(tokens.sum()):,} tokens "
        f"in {groups.ngroups} groups by {by}, dated {_day(corpus['date'].min())} to "
        f"{_day(corpus['date'].max())}{f' ({undated} undated)' if undated else ''}."
    )
    first = groups[per_group].first() if per_group else None
    rows = []
    for name, part in groups:
        name = name[0] if isinstance(name, tuple) else name
        row = [name, len(part), int(n_sent.get(name, 0)), f"{int(tokens.get(name, 0)):,}"]
        row += [_day(part["date"].min()), _day(part["date"].max())]
        rows.append(row + [first.loc[name, c] if first is not None else "" for c in per_group])
    header = [by, "articles", "sentences", "tokens", "first date", "last date", *per_group]
    common = "; ".join(f"{c}: {corpus[c].dropna().iloc[0]}" for c in shared)
    return _section(
        "summary",
        _SECTIONS["summary"],
        _Html(f"<p>{_e(lead)}</p>"),
        _Html(f"<p class=note>Shared by all articles: {_e(common)}.</p>" if shared else ""),
        _table(header, rows, numeric={1, 2, 3}),
    )


def _profiles(study: dict, figs: dict) -> _Html:
    table, book, by = study["table"], study["book"], study["settings"]["by"]
    info = table.attrs["framing"]["analysis"]
    unit = study["scores"].attrs["framing"]["unit"]
    lead = (
        f"Mean cue matches per 1,000 tokens per {unit}, by {by}, with {info['ci']:.0%} "
        f"confidence intervals from a cluster bootstrap that resamples whole articles "
        f"({info['n_boot']:,} replicates, seed {info['seed']}). A group with one article has no "
        "interval."
    )
    about = f"Codebook {book.name}: {book.description} (Frame definitions: see Provenance.)"
    wide = table.pivot(index=by, columns="frame")
    rows = []
    for name in wide.index:
        cells = [name, int(wide.loc[name, ("n_docs", book.frame_names[0])])]
        for f in book.frame_names:
            est, lo, hi = (wide.loc[name, (c, f)] for c in ("estimate", "ci_low", "ci_high"))
            cells.append(_Html(f"{_e(_num(est))}<br><small>{_e(_num(lo))}–{_e(_num(hi))}</small>"))
        rows.append(cells)
    numeric = set(range(1, len(book.frame_names) + 2))
    return _section(
        "profiles",
        _SECTIONS["profiles"],
        _Html(f"<p>{_e(lead)}</p><p class=note>{_e(about)}</p>"),
        figs["forest"],
        figs["heatmap"],
        _Html("<h3>Estimates and intervals</h3>"),
        _table([by, "articles", *book.frame_names], rows, numeric=numeric, cls="compact"),
    )


def _pairwise(study: dict) -> _Html:
    pairs, ranked = study["pairs"], study["ranked"]
    info = pairs.attrs["framing"]["analysis"]
    n_groups = pairs[["group_a", "group_b"]].stack().nunique()
    n_pairs = n_groups * (n_groups - 1) // 2
    significant = int((pairs["p_adj"] < 0.05).sum())
    lead = (
        f"Every pair of the {n_groups} groups was compared on every frame: {n_pairs:,} pairs × "
        f"{len(pairs) // max(n_pairs, 1)} frames = {len(pairs):,} comparisons, of which "
        f"{significant} have an adjusted p below 0.05. The {min(_TOP_PAIRS, len(ranked))} "
        "strongest are listed, ranked by adjusted p, then p, then the size of Cliff's δ."
    )
    note = (
        f"Mean: cue matches per 1,000 tokens (as in the profiles). Cliff's δ: the probability "
        f"that an article of A scores higher than one of B minus the reverse (−1 to 1; positive: "
        f"A higher), on article means. p: two-sided permutation test exchanging whole articles "
        f"between A and B ({info['n_perm']:,} permutations, seed {info['seed']}). p_adj: p "
        f"{_ADJUST.get(info['adjust'], info['adjust'])}-adjusted across all {len(pairs):,} "
        "comparisons. With few articles per group, permutation p-values cannot become very "
        "small: read them with the effect sizes."
    )
    rows = [
        [
            r.frame,
            r.group_a,
            r.group_b,
            _num(r.mean_a, 2),
            _num(r.mean_b, 2),
            f"{r.difference:+.2f}",
            f"{r.effect_size:+.2f}",
            _p(r.p),
            _p(r.p_adj),
        ]
        for r in ranked.head(_TOP_PAIRS).itertuples(index=False)
    ]
    header = ["frame", "A", "B", "mean A", "mean B", "A − B", "Cliff's δ", "p", "p_adj"]
    table = _table(header, rows, numeric=set(range(3, 9))) if rows else "No group differs."
    return _section(
        "pairwise",
        _SECTIONS["pairwise"],
        _Html(f"<p>{_e(lead)}</p>"),
        table,
        _Html(f"<p class=note>{_e(note)}</p>"),
    )


def _terms(study: dict, figs: list[_Html]) -> _Html:
    terms, by = study["terms"], study["settings"]["by"]
    top = study["settings"]["top_terms"]
    info = terms.attrs["framing"]["analysis"]
    lead = (
        f"Words that distinguish each group from all others: Fightin' Words log-odds ratios "
        f"with a {info['prior']} Dirichlet prior (α = {info['alpha']}), as z-scores (Monroe, "
        f"Colaresi & Quinn 2008); English stopwords removed; |z| > 1.96 is the usual cut-off. "
        f"The {top} highest z per group, with the word's occurrences in the group and in the rest."
    )
    pair = study["distant"]
    why = (
        f"The figures show the two groups with the most different frame profiles, {pair[0]} "
        f"and {pair[1]} (Jensen–Shannon distance {pair[2]:.2f})."
        if pair
        else "The figures show the first two groups."
    )
    boxes = []
    for name, part in terms.groupby(by, sort=True):
        name = name[0] if isinstance(name, tuple) else name
        rows = [
            [t.term, f"{t.z:.2f}", t.count_target, t.count_rest]
            for t in part.head(top).itertuples(index=False)
        ]
        table = _table(["term", "z", "group", "rest"], rows, numeric={1, 2, 3})
        boxes.append(f"<div><h3>{_e(name)}</h3>{table}</div>")
    return _section(
        "terms",
        _SECTIONS["terms"],
        _Html(f"<p>{_e(lead)}</p><p class=note>{_e(why)}</p>"),
        _Html('<div class="pair">' + "".join(figs) + "</div>"),
        _Html('<div class="grid">' + "".join(boxes) + "</div>"),
    )


def _evidence_section(study: dict) -> _Html:
    lead = (
        f"The passages behind the {len(study['evidence'])} strongest differences: for each, the "
        f"frame's cue matches in the group that uses it more (keywords in context, at most two "
        f"lines per article) and its {_SNIPPETS} sentences with the most matches, cues marked."
    )
    parts = [_Html(f"<p>{_e(lead)}</p>")]
    for k, ev in enumerate(study["evidence"], 1):
        r, sign = ev["row"], ev["sign"]
        mean_high, mean_low = (r.mean_a, r.mean_b) if sign > 0 else (r.mean_b, r.mean_a)
        lines = ev["kwic"]
        stats = (
            f"Cue matches per 1,000 tokens: {_num(mean_high, 2)} in {ev['high']}, "
            f"{_num(mean_low, 2)} in {ev['low']}; Cliff's δ {sign * r.effect_size:+.2f}; "
            f"p {_p(r.p)}, adjusted {_p(r.p_adj)}. {len(lines)} matches in "
            f"{lines['doc_id'].nunique()} of {ev['n_articles']} articles of {ev['high']}."
        )
        shown = lines.groupby("doc_id", sort=False).head(2).head(_KWIC_LINES)
        rows = [
            [x.doc_id, x.sent_id, x.left, _Html(f"<b>{_e(x.match)}</b>"), x.right, x.cue]
            for x in shown.itertuples(index=False)
        ]
        header = ["article", "sentence", "left", "match", "right", "cue"]
        snippets = "".join(f'<div class="snippet">{h.to_html()}</div>' for h in ev["snippets"])
        parts.append(
            _Html(
                f'<div class="evidence"><h3>{k}. {_e(r.frame)}: {_e(ev["high"])} above '
                f"{_e(ev['low'])}</h3><p>{_e(stats)}</p>"
                f"{_table(header, rows, numeric={1}, cls='kwic')}{snippets}</div>"
            )
        )
    return _section("evidence", _SECTIONS["evidence"], *parts)


def _provenance(study: dict, source, generated: str, figures: list[dict]) -> _Html:
    import matplotlib
    import scipy

    from framing._version import __version__

    book, scores, s = study["book"], study["scores"], study["settings"]

    def analysis(result) -> str:
        info = dict(result.attrs["framing"]["analysis"])
        method = info.pop("method", "")
        params = ", ".join(f"{k}={v}" for k, v in info.items() if k not in ("function", "frames"))
        return f"{params}{f' — {method}' if method else ''}"

    score_params = ", ".join(f"{k}={v}" for k, v in scores.attrs["framing"]["params"].items())
    rows = [
        ["source", source],
        ["generated", generated],
        ["codebook", f"{book.name}, version {book.version}"],
        ["codebook sha256", _Html(f"<code>{_e(book.sha256)}</code>")],
        ["codebook citation", book.citation],
        ["framing version", __version__],
        [
            "software",
            f"Python {platform.python_version()}, numpy {np.__version__}, pandas "
            f"{pd.__version__}, scipy {scipy.__version__}, matplotlib {matplotlib.__version__}",
        ],
        ["seed", s["seed"]],
        [
            "parameters",
            ", ".join(f"{k}={s[k]}" for k in ("by", "unit", "n_boot", "n_perm", "top_terms")),
        ],
        ["framing.score", score_params],
        ["framing.compare", analysis(study["table"])],
        ["framing.pairwise", analysis(study["pairs"])],
        ["framing.distinctive_terms", analysis(study["terms"])],
        ["framing.kwic", f"window={_KWIC_WINDOW}, frame cues with the codebook's exclusions"],
        ["scores.csv", f"{len(scores):,} rows, one per {scores.attrs['framing']['unit']}"],
        ["figures", ", ".join(f["name"] for f in figures) + " (each as PDF, SVG and PNG)"],
    ]
    frames = [[f.name, f.label, len(f.cues), f.definition] for f in book.frames]
    return _section(
        "provenance",
        _SECTIONS["provenance"],
        _table(None, rows, cls="provenance"),
        _Html(f"<h3>Frames of the codebook {_e(book.name)}</h3>"),
        _table(["frame", "label", "cues", "definition"], frames, numeric={2}, cls="frames"),
    )


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:#1b1b1b;max-width:1100px;margin:2em auto;padding:0 1.5em}
h1{margin:0 0 .1em;font-size:1.8em}h2{margin-top:2.2em;border-bottom:1px solid #ccc}
h3{font-size:1.05em;margin:1.2em 0 .3em}.sub,.note,figcaption{color:#555}
.note,figcaption{font-size:.88em}nav{font-size:.9em;margin:.4em 0 1em}
.glance{background:#f4f6f8;padding:.7em 1em .7em 2em;border-radius:4px}
table{border-collapse:collapse;font-size:.85em;margin:.4em 0 1em}
th,td{padding:.2em .55em;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
th{border-bottom:1px solid #999}.num{text-align:right;font-variant-numeric:tabular-nums}
.compact small{color:#666}.frames td:nth-child(4){max-width:48em}
.kwic td:nth-child(3){text-align:right}.kwic td:first-child{white-space:nowrap}.kwic td{font-size:.95em}
.provenance td:first-child{font-weight:600;white-space:nowrap}code{font-size:.9em}
figure{margin:1em 0}figure svg,figure img{max-width:100%;height:auto;display:block}
.pair{display:flex;flex-wrap:wrap;gap:1em}.pair figure{flex:1 1 420px;margin:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:0 1.5em}
.snippet{border-left:3px solid #ccc;padding:.1em .8em;margin:.6em 0}
@page{margin:1.6cm}@media print{body{max-width:none;margin:0;font-size:10pt}nav{display:none}
a{color:inherit;text-decoration:none}h2,h3{break-after:avoid}
figure,tr,.snippet,.grid>div{break-inside:avoid}}
"""
