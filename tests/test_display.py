"""Tests of framing.display: highlighted matches, overlaps, legend, and HTML escaping."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser

import pandas as pd
import pytest

import framing
from framing.display import Highlight, highlight
from framing.errors import DataError
from framing.plot import palette

# Two frames whose cues overlap: "prisoners of war" (military) contains "prisoners".
OVERLAPPING = {
    "name": "tiny",
    "version": "1",
    "description": "A test codebook with overlapping cues.",
    "citation": "none",
    "frames": [
        {"name": "military", "label": "Military", "definition": "d", "cues": ["prisoners of war"]},
        {
            "name": "humanitarian",
            "label": "Humanitarian",
            "definition": "d",
            "cues": ["prisoners", "famil*"],
        },
    ],
}


class _Marks(HTMLParser):
    """Collects the text of the body and the attributes of every <mark>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, str]] = []
        self.stack: list[str] = []
        self.body: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        self.stack.append(attrs.get("style", ""))
        if tag == "mark":
            self.marks.append({**attrs, "text": ""})

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if any("pre-wrap" in s for s in self.stack):
            self.body.append(data)
            if self.stack[-1].startswith("background") and self.marks:
                self.marks[-1]["text"] += data


def _parse(h: Highlight) -> _Marks:
    parser = _Marks()
    parser.feed(h._repr_html_())
    parser.close()
    return parser


def test_highlight_marks_each_match_with_its_frame_colour_and_title():
    text = "Families waited as Turkish mediators prepared the next round of talks."
    h = highlight(text, "pow-exchange")
    assert isinstance(h, Highlight)
    parsed = _parse(h)
    assert "".join(parsed.body) == text
    assert len(parsed.marks) == len(h.matches) > 0
    colours = palette(h.frames)
    for mark, (_, row) in zip(parsed.marks, h.matches.iterrows(), strict=True):
        assert mark["text"] == row["match"]
        assert mark["title"] == f"{row['frame']}: {row['cue']}"
        assert colours[row["frame"]] in mark["style"]


def test_highlight_has_a_legend_with_counts_per_frame():
    h = highlight("Families and families again; talks in Istanbul.", "pow-exchange")
    page = h._repr_html_()
    legend = page[page.index("framing-legend") : page.index("pre-wrap")]
    for frame in framing.load_codebook("pow-exchange").frame_names:
        count = int((h.matches["frame"] == frame).sum())
        assert f"{frame}\u00a0({count})" in legend  # a no-break space: the chip never wraps
    chips = re.findall(r'<span style="([^"]*)"', legend)
    assert len(chips) == 7 and all("white-space:nowrap" in c and "inline-block" in c for c in chips)


def test_overlapping_frames_split_into_segments_first_frame_colour_all_titles():
    cb = framing.load_codebook(OVERLAPPING)
    text = "The prisoners of war met their families."
    h = highlight(text, cb)
    parsed = _parse(h)
    assert "".join(parsed.body) == text
    pieces = [(m["text"], m["data-frames"]) for m in parsed.marks]
    assert pieces == [
        ("prisoners", "military humanitarian"),
        (" of war", "military"),
        ("families", "humanitarian"),
    ]
    both = parsed.marks[0]
    assert both["title"] == "military: prisoners of war\nhumanitarian: prisoners"
    colours = palette(["military", "humanitarian"])
    assert both["style"].startswith("background:rgba(213,94,0,")  # military's vermillion tint
    assert both["style"].count("inset") == 2  # one underline per frame
    assert colours["humanitarian"] in both["style"]


def test_frames_selects_and_keeps_codebook_order():
    cb = framing.load_codebook(OVERLAPPING)
    h = highlight("The prisoners of war.", cb, frames=["humanitarian", "military"])
    assert h.frames == ["military", "humanitarian"]
    only = highlight("The prisoners of war.", cb, frames="humanitarian")
    assert only.matches["frame"].tolist() == ["humanitarian"]
    with pytest.raises(DataError, match="unknown frame"):
        highlight("text", cb, frames=["nope"])


def test_article_text_is_escaped_everywhere():
    nasty = 'Families <script>alert("x")</script> & "talks" <b>bold</b> \'quoted\''
    row = pd.Series(
        {
            "doc_id": 'id"><img src=x onerror=alert(1)>',
            "outlet": "A & B <i>",
            "title": "<script>alert(2)</script>",
            "date": pd.Timestamp("2025-06-09"),
            "text": nasty,
        }
    )
    page = highlight(row, "pow-exchange")._repr_html_()
    assert "<script" not in page and "<b>" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;" in page  # markupsafe
    assert "&#39;quoted&#39;" in page
    parsed = _parse(highlight(row, "pow-exchange"))
    assert parsed.tags <= {"div", "span", "mark", "strong"}
    assert "".join(parsed.body) == nasty
    assert "2025-06-09" in page and html.escape("A & B <i>") in page


def test_titles_are_escaped_attributes():
    cb = framing.load_codebook(OVERLAPPING)
    page = highlight('x" onmouseover="alert(1) prisoners', cb)._repr_html_()
    assert 'onmouseover="' not in page
    for attr in re.findall(r'title="([^"]*)"', page):
        assert "<" not in attr and ">" not in attr


def test_rows_need_text_and_dataframes_are_refused(tmp_path):
    with pytest.raises(DataError, match="text_col"):
        highlight({"body": "x"}, "pow-exchange")
    with pytest.raises(DataError, match="one text"):
        highlight(pd.DataFrame({"text": ["a"]}))
    assert highlight({"body": "Families."}, "pow-exchange", text_col="body").matches[
        "frame"
    ].tolist() == ["humanitarian"]
    empty = highlight({"text": float("nan")}, "pow-exchange")
    assert empty.text == "" and len(empty.matches) == 0


def test_repr_is_a_plain_summary():
    h = highlight("Families waited.", "pow-exchange")
    assert repr(h).startswith("<Highlight: 1 cue match in 16 characters")
    assert "humanitarian 1" in repr(h)


def test_palette_overrides_must_be_hex_colours():
    h = highlight("Families.", "pow-exchange", palette={"humanitarian": "#000000"})
    assert "rgba(0,0,0," in h._repr_html_()
    with pytest.raises(ValueError, match="RRGGBB|1A2B3C|colour like"):
        highlight("Families.", "pow-exchange", palette={"humanitarian": "red;x:url(y)"})


def test_display_does_not_import_matplotlib():
    code = "import sys, framing, framing.display; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_header_names_the_article_and_the_sentence():
    row = pd.Series(
        {"text": "Talks resumed.", "outlet": "Atlas Wire", "doc_id": "a7", "sent_id": 19}
    )
    page = highlight(row, "pow-exchange")._repr_html_()
    assert "Atlas Wire · article a7 · sentence 19" in page  # never a bare "· 19"


def test_a_bad_palette_is_a_parameter_error():
    with pytest.raises(framing.ParameterError, match="colours the frames"):
        highlight("Families.", "pow-exchange", palette={"left": "#000000"})
    with pytest.raises(framing.ParameterError, match="dict"):
        highlight("Families.", "pow-exchange", palette="viridis")
