"""Tests of framing.report: the report builds, is self-contained, escapes everything and is reproducible."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import re
from pathlib import Path

import html5lib
import matplotlib.image as mimage
import pandas as pd
import pytest
import yaml

import framing
from framing.cli import main
from framing.errors import DataError, FramingError
from framing.report import write_report

MINI = Path(__file__).parent / "data" / "mini.yaml"
FAST = {"n_boot": 100, "n_perm": 99, "generated": "2025-07-01"}
HEADINGS = [
    "Corpus summary",
    "Frame profiles",
    "Pairwise differences",
    "Distinctive terms",
    "Evidence for the top-ranked differences",
    "Provenance",
]
EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled") / "report"
    return out, write_report("pow-exchange-2025", out, **FAST)


@pytest.fixture
def evil_corpus():
    """Two outlets whose names, titles and texts hold markup, ampersands and quotes."""
    evil_outlet = f'A&B "News" {EVIL}'
    texts = {
        evil_outlet: [
            f'Families of the wounded & "families" {EVIL} wept for families of the wounded.',
            "Humanitarian aid reached the families of the wounded prisoners.",
            "The families asked about the wounded; families & friends waited.",
        ],
        "Plain Post": [
            "The prisoners were a bargaining chip. Pressure grew on both sides.",
            "Bargaining continued under pressure; a bargaining chip was played.",
            "Officials applied pressure in the bargaining over the exchange.",
        ],
    }
    rows = [
        {
            "doc_id": f"{'e' if o == evil_outlet else 'p'}{i}",
            "outlet": o,
            "title": f'Title {i} {EVIL} & "quoted"',
            "date": f"2025-06-0{i + 1}",
            "text": t,
            "outlet_type": f"type & {EVIL}" if o == evil_outlet else "plain",
        }
        for o, ts in texts.items()
        for i, t in enumerate(ts)
    ]
    return pd.DataFrame(rows)


@pytest.fixture
def evil_codebook():
    book = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    book["description"] = f'Tiny & "odd" {EVIL}'
    book["citation"] = f"Cite {EVIL}"
    book["frames"][0]["label"] = f"Humanitarian {EVIL}"
    book["frames"][0]["definition"] = f'Human cost & "welfare" {EVIL}'
    return book


def test_returns_paths_and_writes_every_output(bundled):
    out, paths = bundled
    assert set(paths) == {"index", "figures", "scores", "aliases"}
    assert paths["aliases"] == {}  # the bundled corpus spells every outlet one way
    assert paths["index"] == out / "index.html" and paths["index"].is_file()
    assert paths["scores"] == out / "scores.csv"
    scores = pd.read_csv(paths["scores"])
    corpus = framing.load_corpus("pow-exchange-2025")
    assert len(scores) == len(framing.sentences(corpus))  # one row per sentence by default
    assert set(framing.load_codebook("pow-exchange").frame_names) <= set(scores.columns)
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_figures_in_three_formats_and_readable(bundled):
    out, paths = bundled
    figures = paths["figures"]
    assert figures and all(p.parent == out / "figures" and p.is_file() for p in figures)
    stems = {p.stem for p in figures}
    assert {"forest", "heatmap"} <= stems and any(s.startswith("terms-") for s in stems)
    for stem in stems:
        assert {p.suffix for p in figures if p.stem == stem} == {".pdf", ".svg", ".png"}
    for png in (p for p in figures if p.suffix == ".png"):
        image = mimage.imread(png)
        assert image.ndim == 3 and image.shape[0] > 100 and image.shape[1] > 100
    # 150 dpi: a two-column figure (7 in) is about 1,050 pixels wide, not 2,100.
    assert 900 <= mimage.imread(out / "figures" / "forest.png").shape[1] <= 1400


def test_index_has_sections_provenance_and_embedded_figures(bundled):
    _, paths = bundled
    page = paths["index"].read_text(encoding="utf-8")
    for heading in HEADINGS:
        assert f">{heading}</h2>" in page
    assert framing.load_codebook("pow-exchange").sha256 in page
    assert framing.__version__ in page and "2025-07-01" in page
    assert page.count("<svg") + page.count("data:image/png;base64,") >= 4
    assert 'src="http' not in page and 'href="http' not in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert paths["index"].stat().st_size < 5_000_000


def test_everything_from_corpus_and_codebook_is_escaped(tmp_path, evil_corpus, evil_codebook):
    paths = write_report(evil_corpus, tmp_path / "out", codebook=evil_codebook, **FAST)
    page = paths["index"].read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    doc = html5lib.parse(page, namespaceHTMLElements=False)
    assert not [e for e in doc.iter() if isinstance(e.tag, str) and e.tag.endswith("script")]
    text = "".join(doc.itertext())  # what a reader sees: the markup shown as characters
    assert f'A&B "News" {EVIL}' in text  # outlet name
    assert f'Title 0 {EVIL} & "quoted"' in text  # title (highlighted sentence)
    assert f"{EVIL} wept" in text  # article text (highlighted sentence)
    assert f"type & {EVIL}" in text  # metadata
    assert f'Tiny & "odd" {EVIL}' in text  # codebook description
    assert f'Human cost & "welfare" {EVIL}' in text  # frame definition
    assert f"Cite {EVIL}" in text
    assert all(p.name.isascii() and "<" not in p.name for p in paths["figures"])


def test_same_seed_gives_identical_report(tmp_path, evil_corpus):
    first = write_report(evil_corpus, tmp_path / "a", codebook=MINI, seed=3, **FAST)
    second = write_report(evil_corpus, tmp_path / "b", codebook=MINI, seed=3, **FAST)
    assert first["index"].read_bytes() == second["index"].read_bytes()
    assert first["scores"].read_bytes() == second["scores"].read_bytes()


def test_document_unit_and_rewrite_in_place(tmp_path, evil_corpus):
    out = tmp_path / "deep" / "report"  # missing parents are created
    write_report(evil_corpus, out, codebook=MINI, **FAST)
    paths = write_report(evil_corpus, out, codebook=MINI, unit="document", **FAST)
    assert len(pd.read_csv(paths["scores"])) == len(evil_corpus)
    assert "one per document" in paths["index"].read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.joinpath("deep").iterdir()) == ["report"]


def test_refuses_to_write_inside_the_input(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for outlet in ("A", "B"):
        (folder / f"{outlet}.txt").write_text(
            f"---\noutlet: {outlet}\n---\nFamilies waited under pressure.\n", encoding="utf-8"
        )
    before = sorted(folder.rglob("*"))
    with pytest.raises(FramingError, match="input"):
        write_report(folder, folder / "report", codebook=MINI, **FAST)
    assert sorted(folder.rglob("*")) == before


def test_bad_arguments_raise_before_writing(tmp_path, evil_corpus):
    with pytest.raises(DataError, match="by="):
        write_report(evil_corpus, tmp_path / "x", by="nope", **FAST)
    with pytest.raises(DataError, match="unit"):
        write_report(evil_corpus, tmp_path / "x", unit="paragraph", **FAST)
    assert list(tmp_path.iterdir()) == []


def test_cli_report(tmp_path, capsys):
    out = tmp_path / "cli-report"
    assert (
        main(["report", "pow-exchange-2025", "--n-boot", "200", "--n-perm", "200", "-o", str(out)])
        == 0
    )
    printed = capsys.readouterr().out
    assert str(out / "index.html") in printed and "12 figure files" in printed
    page = (out / "index.html").read_text(encoding="utf-8")
    assert all(f">{h}</h2>" in page for h in HEADINGS)
    assert re.search(r"n_perm=200\b", page) and re.search(r"n_boot=200\b", page)


def test_cli_bad_source_is_one_error_line(tmp_path, capsys):
    out = tmp_path / "never"
    assert main(["report", "no-such-corpus", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:")
    assert not out.exists()


def test_one_group_is_a_clear_error(tmp_path):
    corpus = pd.DataFrame(
        {"doc_id": ["a", "b"], "outlet": ["X", "X"], "text": ["Talks resumed.", "Families waited."]}
    )
    with pytest.raises(framing.DataError, match="column 'outlet' has 1 value"):
        write_report(corpus, tmp_path / "r", codebook="pow-exchange", n_boot=50, n_perm=50)
    assert not (tmp_path / "r").exists()


# --- valid, accessible HTML ---------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _parse(page: str):
    """The page parsed by html5lib in strict mode: any HTML5 parse error raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


@pytest.fixture(scope="module")
def bundled_page(bundled):
    return bundled[1]["index"].read_text(encoding="utf-8")


def test_page_is_valid_html5_with_unique_ids_and_one_main(bundled_page):
    doc = _parse(bundled_page)
    ids = [e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(ids) > 100  # the SVGs' own ids are in, prefixed
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    assert len(doc.findall(".//main")) == 1
    assert doc.find(".//header") is not None and doc.find(".//nav").get("aria-label")
    skip = doc.find(".//body/a")
    assert skip.get("href") == "#main" and doc.find(".//main").get("id") == "main"
    # every in-page link points at an element that exists
    targets = {e.get("href")[1:] for e in doc.iter("a") if (e.get("href") or "").startswith("#")}
    assert targets <= set(ids)
    levels = [int(e.tag[1]) for e in doc.iter() if e.tag in ("h1", "h2", "h3", "h4")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_every_table_has_a_caption_header_scopes_and_a_scrolling_box(bundled_page):
    doc = _parse(bundled_page)
    parents = {child: parent for parent in doc.iter() for child in parent}
    tables = doc.findall(".//table")
    assert len(tables) >= 18
    for table in tables:
        caption = table.find("caption")
        assert caption is not None and "".join(caption.itertext()).strip()
        headers = table.findall(".//th")
        assert headers and all(th.get("scope") in ("col", "row") for th in headers)
        assert all(row.find("th") is not None for row in table.findall("tbody/tr"))
        box = parents[table]
        assert "scroll" in box.get("class", "") and box.get("role") == "region"
        assert box.get("aria-labelledby") == caption.get("id")
    provenance = next(t for t in tables if "provenance" in (t.get("class") or ""))
    assert provenance.find("tbody/tr/th").get("scope") == "row"  # labels are row headers


def test_figures_are_titled_svgs_whose_references_resolve(bundled_page, bundled):
    doc = _parse(bundled_page)
    svgs = list(doc.iter(f"{SVG}svg"))
    assert len(svgs) == 4 and not doc.findall(".//img")
    for svg in svgs:
        title = svg.find(f"{SVG}title")
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == title.get("id")
        own = {e.get("id") for e in svg.iter() if e.get("id")}
        assert all(i.startswith(title.get("id").rsplit("-", 1)[0]) for i in own)
        refs = re.findall(r'(?:href="#|url\(#)([^")]+)', html5lib.serialize(svg, tree="etree"))
        assert refs and set(refs) <= own
    titles = ["".join(s.find(f"{SVG}title").itertext()) for s in svgs]
    terms = bundled[1]["index"].parent / "figures"
    assert any(t.startswith("Forest plot") and "Highest per frame: Morale:" in t for t in titles)
    # the report leaves out the function words of every language of the corpus
    corpus_terms = framing.distinctive_terms(
        framing.load_corpus("pow-exchange-2025"), "outlet", top=None, stopwords="auto"
    )
    for title in titles:
        if title.startswith("Distinctive terms of "):
            group = title.removeprefix("Distinctive terms of ").split(" against")[0]
            own = corpus_terms[corpus_terms["outlet"] == group].sort_values("z", ascending=False)
            assert ", ".join(own["term"].head(3)) in title  # says which words, not just "terms"
    assert terms.is_dir()


def test_figures_keep_their_text_at_9_css_pixels_or_more(bundled_page):
    for match in re.finditer(
        r'<svg[^>]*viewBox="0 0 ([\d.]+) [\d.]+"[^>]*min-width:(\d+)px', bundled_page
    ):
        width_pt, min_px = float(match.group(1)), float(match.group(2))
        body = bundled_page[match.end() : bundled_page.index("</svg>", match.end())]
        sizes = [float(s) for s in re.findall(r"font(?:-size)?:\s*([\d.]+)px", body)]
        assert sizes, "figures keep their text as text"
        assert min(sizes) * min_px / width_pt >= 9 - 1e-6  # px of the smallest text at min width


def test_dates_never_break_and_the_css_scrolls_wide_content(bundled_page):
    assert re.search(r'<time datetime="2025-06-02">2025-06-02</time>', bundled_page)
    css = bundled_page[bundled_page.index("<style>") : bundled_page.index("</style>")]
    assert re.search(r"time,\.date\{white-space:nowrap\}", css)
    assert ".scroll{overflow-x:auto" in css and ".figure-scroll{overflow-x:auto" in css


# --- an honest ranking --------------------------------------------------------------------


def test_rank_differences_orders_by_the_stated_criterion_and_marks_ties():
    from framing.report import rank_differences

    pairs = pd.DataFrame(
        {
            "group_a": list("ABCDEF"),
            "group_b": list("UVWXYZ"),
            "frame": "f",
            "difference": [5.0, -40.0, 12.0, 12.0, 0.0, 3.0],
            "effect_size": [0.5, -1.0, 1.0, -1.0, 0.0, 1.0],
            "p": 0.03,
            "p_adj": [0.01, 1.0, 1.0, 1.0, 1.0, 1.0],
        }
    )
    ranked = rank_differences(pairs)
    assert ranked["group_a"].tolist() == ["A", "B", "C", "D", "F"]  # E has no difference
    assert ranked["rank"].tolist() == [1, 2, 3, 3, 5]  # C and D tie on all three keys
    assert ranked["tied"].tolist() == [False, False, True, True, False]
    # a group of fewer than 3 clusters cannot be tested: its rows come last, whatever their p
    thin = pairs.assign(n_clusters_a=[1, 5, 5, 5, 5, 5], n_clusters_b=5)
    assert rank_differences(thin)["group_a"].tolist() == ["B", "C", "D", "F", "A"]


def test_the_bundled_report_follows_the_ranking_it_states(bundled, bundled_page):
    from framing.report import rank_differences

    text = "".join(_parse(bundled_page).itertext())
    assert "smallest adjusted p first; among equal adjusted p, the larger absolute effect" in text
    assert "fewer than 3 clusters (too few to test or to estimate a spread) come after" in text
    corpus = framing.load_corpus("pow-exchange-2025")
    scores = framing.score(framing.sentences(corpus), unit="sentence")
    pairs = framing.pairwise(scores, "outlet", n_perm=FAST["n_perm"], seed=0)
    ranked = rank_differences(pairs)
    top = ranked.iloc[0]
    high = top["group_a"] if top["difference"] > 0 else top["group_b"]
    label = (
        framing.load_codebook("pow-exchange")
        .frames[framing.load_codebook("pow-exchange").frame_names.index(top["frame"])]
        .label
    )
    assert f"Top: {label}, higher in {high}" in text  # the summary names the top-ranked row
    assert f"1. {label}: {high} above" in text  # and it has the first evidence
    assert (
        abs(top["difference"])
        == ranked.loc[ranked["p_adj"] == top["p_adj"]]
        .loc[lambda d: d["effect_size"].abs() == abs(top["effect_size"]), "difference"]
        .abs()
        .max()
    )
    shown = ranked.head(12)
    marked = re.findall(r'<th scope="row">(=?\d+)</th><td>[^<]+</td><td>', bundled_page)
    assert marked[: len(shown)] == [
        f"={r}" if t else str(r) for r, t in zip(shown["rank"], shown["tied"], strict=True)
    ]


# --- captions that are true ---------------------------------------------------------------


def test_terms_captions_say_which_labels_the_saved_figures_show(bundled, bundled_page):
    doc = _parse(bundled_page)
    for figure in doc.iter("figure"):
        caption = "".join(figure.find("figcaption").itertext())
        if not caption.startswith("Words of "):
            continue
        svg = figure.find(f".//{SVG}svg")
        drawn = {"".join(t.itertext()) for t in svg.iter(f"{SVG}text")}
        if "are left out:" in caption:
            missing = caption.split("are left out: ")[1].split(" (see")[0].split(", ")
            assert not set(missing) & drawn
            shown, total = map(int, re.search(r"; (\d+) of their (\d+) labels", caption).groups())
            assert 0 < shown < total
        else:
            assert "are coloured and labelled" in caption
        name = figure.get("id").removeprefix("fig-")
        file_svg = (bundled[0] / "figures" / f"{name}.svg").read_text(encoding="utf-8")
        assert {t for t in drawn if t} <= set(re.findall(r">([^<>]+)</text>", file_svg)) | {""}


# --- the output folder is the report's own ------------------------------------------------


def test_a_report_folder_is_marked_rewritten_in_place_and_cleaned(tmp_path, evil_corpus):
    from framing.report.build import MARKER

    out = tmp_path / "report"
    write_report(evil_corpus, out, codebook=MINI, **FAST)
    assert (out / MARKER).is_file()
    stale = out / "figures" / "terms-9-gone.svg"  # a figure only an earlier report drew
    stale.write_text("<svg/>", encoding="utf-8")
    marker = (out / MARKER).read_text(encoding="utf-8")
    (out / MARKER).write_text(
        marker.replace('"scores.csv"', '"figures/terms-9-gone.svg", "scores.csv"')
    )
    (out / ".framing-report-killed.tmp").mkdir()  # left by a killed run
    write_report(evil_corpus, out, codebook=MINI, **FAST)
    assert not stale.exists() and not (out / ".framing-report-killed.tmp").exists()
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "figures", "index.html", "scores.csv"]


def test_cli_report_with_raw_columns_aliases_and_one_article_groups(tmp_path, capsys):
    raw = pd.DataFrame(
        {
            "story": [f"s{i}" for i in range(7)],
            "source": ["RT", "rt", "RT", "Daily Planet", "Daily Planet", "daily planet", "Solo"],
            "body": [
                "Families of the wounded waited; humanitarian aid came.",
                "The prisoners were a bargaining chip under pressure.",
                "Families and the wounded; humanitarian corridors opened.",
                "Bargaining went on; pressure grew on both sides.",
                "Pressure and bargaining, a bargaining chip again.",
                "Wounded soldiers and their families were exchanged.",
                "One article alone about families.",
            ],
        }
    )
    path = tmp_path / "raw.csv"
    raw.to_csv(path, index=False)
    out = tmp_path / "out"
    args = ["report", str(path), "--codebook", str(MINI), "--text-col", "body"]
    args += ["--outlet-col", "source", "--id-col", "story", "--date-col", ""]
    args += ["--aliases", "auto", "--n-boot", "50", "--n-perm", "50", "-o", str(out)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert re.search(r"^warning: 1 group.*one article each \(Solo\)", captured.err, re.M)
    printed = captured.out
    assert "merged 2 outlet spelling(s): 'daily planet' -> 'Daily Planet', 'rt' -> 'RT'" in printed
    text = "".join(_parse((out / "index.html").read_text(encoding="utf-8")).itertext())
    assert "Outlet spellings merged before the analysis: “daily planet” → “Daily Planet”" in text
    assert "1 group(s) have a single article (Solo)" in text
    scores = pd.read_csv(out / "scores.csv")
    assert set(scores["outlet"]) == {"RT", "Daily Planet", "Solo"}
    # the same merge from a YAML file and from a CSV file
    for name, content in {
        "aliases.yaml": "rt: RT\n'daily planet': Daily Planet\n",
        "aliases.csv": "spelling,outlet\nrt,RT\ndaily planet,Daily Planet\n",
    }.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        again = [a if a != "auto" else str(tmp_path / name) for a in args]
        assert main([*again[:-1], str(tmp_path / f"out-{name}")]) == 0
        assert set(pd.read_csv(tmp_path / f"out-{name}" / "scores.csv")["outlet"]) == {
            "RT",
            "Daily Planet",
            "Solo",
        }
    (tmp_path / "bad.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    bad = [a if a != "auto" else str(tmp_path / "bad.yaml") for a in args]
    assert main([*bad[:-1], str(tmp_path / "never")]) == 2
    assert "--aliases" in capsys.readouterr().err


def test_outlet_level_groups_are_compared_by_resampling_outlets(tmp_path, evil_corpus):
    copies = [
        evil_corpus.assign(
            doc_id=lambda d, k=k: f"x{k}" + d["doc_id"], outlet=lambda d, k=k: d["outlet"] + f" {k}"
        )
        for k in range(3)
    ]
    corpus = pd.concat(copies, ignore_index=True)  # 3 outlets of each type, 3 articles each
    paths = write_report(corpus, tmp_path / "r", codebook=MINI, by="outlet_type", **FAST)
    page = paths["index"].read_text(encoding="utf-8")
    text = "".join(_parse(page).itertext())
    assert "treat whole outlets as the independent units, never single sentences" in text
    assert "constant within outlets" in text and "cluster=outlet" in text
    assert "fewer than 10" in text  # in words, next to the intervals
    head = re.search(r'<caption id="t-estimates">(.*?)</caption>', page).group(1)
    assert "number of outlets" in head and "of articles" in head
    estimates = page[page.index('id="t-estimates"') :]
    row = re.search(
        r'<th scope="row">plain</th><td class="num">(\d+)</td><td class="num">(\d+)</td>',
        estimates,
    )
    assert row.groups() == ("3", "9")  # 3 outlets, 9 articles
    paths = write_report(
        corpus, tmp_path / "r2", codebook=MINI, by="outlet_type", cluster="doc_id", **FAST
    )
    assert "cluster=doc_id" in paths["index"].read_text(encoding="utf-8")
    with pytest.raises(DataError, match="cluster='nope'"):
        write_report(corpus, tmp_path / "r3", codebook=MINI, cluster="nope", **FAST)


def test_units_without_scores_are_left_out_and_counted(tmp_path, evil_corpus, monkeypatch):
    import numpy as np

    real = framing.score

    def score_without_one_language(data, *args, **kwargs):
        table = real(data, *args, **kwargs)
        frames = table.attrs["framing"]["frames"]
        table.loc[table["doc_id"] == "p2", frames] = np.nan  # as for an uncovered language
        return table

    monkeypatch.setattr(framing, "score", score_without_one_language)
    paths = write_report(evil_corpus, tmp_path / "r", codebook=MINI, unit="document", **FAST)
    text = "".join(_parse(paths["index"].read_text(encoding="utf-8")).itertext())
    assert "1 document of 1 article(s) have no score" in text
    assert pd.read_csv(paths["scores"])["humanitarian"].isna().sum() == 1  # kept in the file


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path, evil_corpus, capsys):
    write_report(evil_corpus, tmp_path / "r", codebook=MINI, **FAST)
    captured = capsys.readouterr()
    assert "report" not in captured.err and "%|" not in captured.err


def test_report_in_a_browser_at_desktop_and_phone_widths(bundled, tmp_path):
    """benchmarks/check_report_browser.py, where Playwright and a Chromium exist."""
    pytest.importorskip("playwright")
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "check_report_browser.py"
    spec = importlib.util.spec_from_file_location("check_report_browser", path)
    check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check)
    launch, why = check.find_browser()
    if launch is None:
        pytest.skip(why)
    problems = check.check_report(bundled[0] / "index.html", tmp_path, launch)
    problems += check.check_display(tmp_path, launch)
    assert not problems
    assert (tmp_path / "report-phone.png").stat().st_size > 0


# --- validation by language ---------------------------------------------------------------


def _section(page: str, name: str):
    doc = _parse(page)
    return doc, doc.find(f".//section[@aria-labelledby='{name}']")


def _words(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_bundled_report_validates_each_language_beside_the_comparison(bundled_page):
    doc, section = _section(bundled_page, "languages")
    assert section is not None and "#languages" in {a.get("href") for a in doc.iter("a")}
    text = _words(section)
    assert "Cue lists in different languages are different instruments" in text
    assert "Read cross-language differences with this validation beside them" in text
    assert "Validation by language" in _words(doc.find(".//section[@class='glance']"))
    table = section.find(".//table")
    header = [_words(th) for th in table.findall("thead/tr/th")]
    assert header[0] == "frame" and [h for h in header if h.endswith(" n")] == [
        "en n",
        "ru n",
        "uk n",
    ]
    rows = {
        _words(tr.find("th")): [_words(td) for td in tr.findall("td")]
        for tr in table.iter("tr")
        if tr.find("th") is not None and tr.find("td") is not None
    }
    # each language on its held-out half where it has one (ru, uk), else all of it (en)
    ref = framing.load_reference_coding("pow-exchange-2025", lang="all")
    used = ref[(ref["half"] == "test") | ref["half"].isna()]
    book = framing.load_codebook("pow-exchange")
    assert set(rows) == {f.label for f in book.frames}
    for k, code in enumerate(["en", "ru", "uk"]):
        own = used[used["lang"] == code]
        held = "held-out sentences" if code != "en" else "sentences (no held-out split"
        assert f"{code}: {len(own):,} {held}" in text
        for frame in book.frames:
            assert rows[frame.label][4 * k + 3] == str(int(own[frame.name].sum()))
    assert rows["Leverage"][8:11] == ["–", "–", "–"]  # no Ukrainian leverage sentence: undefined
    # Russian recall of diplomacy, counted here from the scores of the held-out sentences
    ru = used[used["lang"] == "ru"]
    scored = framing.score(ru[["doc_id", "sent_id", "lang", "text"]], book)
    both = ru.merge(scored, on=["doc_id", "sent_id"], suffixes=("_gold", ""))
    gold, hit = both["diplomacy_gold"] == 1, both["diplomacy"] > 0
    assert rows["Diplomacy"][5] == f"{(gold & hit).sum() / gold.sum():.2f}"


def test_language_section_without_and_with_a_given_reference(tmp_path, evil_corpus):
    corpus = framing.load_corpus("pow-exchange-2025")
    corpus = corpus[corpus["outlet"].isin(["Atlas Wire", "Росдепеша", "Вартовий"])]
    plain = write_report(corpus, tmp_path / "plain", codebook="pow-exchange", **FAST)
    _, section = _section(plain["index"].read_text(encoding="utf-8"), "languages")
    text = _words(section)
    assert "different instruments" in text and "unvalidated" in text
    assert section.find(".//table") is None

    reference = framing.load_reference_coding("pow-exchange-2025", lang=["ru", "uk"])
    reference.attrs["framing"] = {"source": f"coders & {EVIL}"}
    given = write_report(
        corpus, tmp_path / "given", codebook="pow-exchange", reference=reference, **FAST
    )
    page = given["index"].read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    _, section = _section(page, "languages")
    text = _words(section)
    assert f"coders & {EVIL}" in text and "No reference sentences in en" in text
    header = [_words(th) for th in section.findall(".//thead/tr/th")]
    assert [h for h in header if h.endswith(" n")] == ["ru n", "uk n"]

    elsewhere = reference.assign(lang="de")  # a reference in none of the corpus's languages
    other = write_report(
        corpus, tmp_path / "other", codebook="pow-exchange", reference=elsewhere, **FAST
    )
    _, section = _section(other["index"].read_text(encoding="utf-8"), "languages")
    assert "has no sentence in these languages" in _words(section)
    assert section.find(".//table") is None

    with pytest.raises(DataError, match="'lang'"):
        write_report(
            corpus,
            tmp_path / "bad",
            codebook="pow-exchange",
            reference=reference.drop(columns="lang"),
            **FAST,
        )
    assert not (tmp_path / "bad").exists()
    # a corpus in one language has no such section
    one = write_report(evil_corpus, tmp_path / "one", codebook=MINI, **FAST)
    assert 'id="languages"' not in one["index"].read_text(encoding="utf-8")


@pytest.mark.parametrize("aliases", [None, "auto"])
def test_warnings_from_reading_the_corpus_are_given_once(tmp_path, aliases):
    rows = ["doc_id,outlet,text,date"]
    words = "talks mediator families prisoners exchange soldiers flags"
    for i in range(8):
        outlet = ["Daily News", "daily news", "Morning Post", "Morning Post"][i % 4]
        rows.append(f"d{i},{outlet},{words} {i},2025-06-0{i % 9 + 1}")
    rows.append(f"d9,Morning Post,{words}")  # ends early (no date): a warning when read
    path = tmp_path / "c.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        write_report(path, tmp_path / "out", codebook=MINI, outlet_aliases=aliases, **FAST)
    early = [w for w in caught if "end early" in str(w.message)]
    assert len(early) == 1, [str(w.message) for w in caught]
