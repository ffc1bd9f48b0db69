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
