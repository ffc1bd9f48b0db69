"""Codebooks: loading, round trips, hashing and every malformed-file error."""

from __future__ import annotations

from pathlib import Path

import pytest

import framing
from framing.codebook import codebook_from_yaml
from framing.errors import CodebookError

MINI = Path(__file__).parent / "data" / "mini.yaml"


def test_load_from_path_and_attributes():
    cb = framing.load_codebook(MINI)
    assert cb.name == "mini" and cb.version == "0.1"
    assert cb.frame_names == ["humanitarian", "leverage"]
    assert cb["humanitarian"].exclude == ("humanitarian corridor*",)
    assert cb["leverage"].cues == ("bargaining chip*", "bargaining", "pressure")
    with pytest.raises(KeyError, match="frames: humanitarian, leverage"):
        cb["morale"]


@pytest.mark.parametrize("name", ["pow-exchange", "generic"])
def test_bundled_codebooks_round_trip(name):
    cb = framing.load_codebook(name)
    assert name in framing.list_codebooks()
    again = codebook_from_yaml(cb.to_yaml())
    assert again == cb
    assert again.sha256 == cb.sha256
    for f in cb.frames:
        assert f.definition and f.cues
        assert len(f.examples) >= 2 and len(f.counter_examples) >= 1


def test_bundled_frames():
    assert framing.load_codebook("pow-exchange").frame_names == [
        "morale",
        "humanitarian",
        "leverage",
        "diplomacy",
        "military",
        "propaganda",
        "accountability",
    ]
    assert set(framing.load_codebook("generic").frame_names) == {
        "conflict",
        "human_interest",
        "economic",
        "morality",
        "responsibility",
        "resolution",
    }


def test_sha256_changes_with_content_not_formatting(tmp_path):
    text = MINI.read_text()
    reformatted = tmp_path / "a.yaml"
    reformatted.write_text(
        "# a comment\n"
        + text.replace(
            "[humanitar*, famil*, wounded]", "\n      - humanitar*\n      - famil*\n      - wounded"
        )
    )
    assert framing.load_codebook(reformatted).sha256 == framing.load_codebook(MINI).sha256
    changed = tmp_path / "b.yaml"
    changed.write_text(text.replace("wounded", "injured"))
    assert framing.load_codebook(changed).sha256 != framing.load_codebook(MINI).sha256


def test_markdown_guide_has_every_frame():
    md = framing.load_codebook("pow-exchange").to_markdown()
    for name in framing.load_codebook("pow-exchange").frame_names:
        assert f"(`{name}`)" in md


def bad(tmp_path, old, new):
    p = tmp_path / "bad.yaml"
    text = MINI.read_text()
    assert old in text
    p.write_text(text.replace(old, new, 1))
    return p


@pytest.mark.parametrize(
    "old, new, pattern",
    [
        (
            "cues: [humanitar*, famil*, wounded]",
            "cues: [humanitar*, famil*, wounded",
            r"bad\.yaml, line \d+: malformed YAML",
        ),
        (
            "citation: framing test suite",
            "citation: x\nauthor: me",
            r"bad\.yaml, line 5, key 'author': unknown key",
        ),
        (
            "    definition: Human cost and welfare.",
            "    definition: Human cost.\n    colour: red",
            r"line 9, frame 'humanitarian', key 'colour': unknown key",
        ),
        (
            "cues: [humanitar*, famil*, wounded]",
            "cues: []",
            r"line 9, frame 'humanitarian', key 'cues': empty cue list",
        ),
        (
            "  - name: leverage",
            "  - name: humanitarian",
            r"frame 'humanitarian'.*duplicate frame name",
        ),
        (
            "[bargaining chip*, bargaining, pressure]",
            "[bargaining chip*, (pressure]",
            r"line 15, frame 'leverage', key 'cues': invalid pattern '\(pressure'.*brackets",
        ),
        ("    label: Leverage\n", "", r"frame 'leverage'.*missing required key 'label'"),
        ('version: "0.1"\n', "", r"missing required key 'version'"),
        (
            "  - name: leverage",
            "  - name: Leverage Frame",
            r"frame name 'Leverage Frame' must be lower case",
        ),
    ],
)
def test_malformed_codebooks_name_file_line_frame_key(tmp_path, old, new, pattern):
    with pytest.raises(CodebookError, match=pattern):
        framing.load_codebook(bad(tmp_path, old, new))


def test_unknown_name_lists_bundled():
    with pytest.raises(CodebookError, match="bundled codebooks: .*pow-exchange"):
        framing.load_codebook("nope")


def test_not_a_mapping(tmp_path):
    p = tmp_path / "list.yaml"
    p.write_text("- a\n- b\n")
    with pytest.raises(CodebookError, match="must be a YAML mapping"):
        framing.load_codebook(p)


def test_unsafe_yaml_is_rejected(tmp_path):
    p = tmp_path / "evil.yaml"
    p.write_text("name: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(CodebookError, match="malformed YAML"):
        framing.load_codebook(p)


def test_duplicate_keys_reserved_names_and_folders(tmp_path):
    with pytest.raises(CodebookError, match=r"line 3: duplicate key 'version'"):
        framing.load_codebook(bad(tmp_path, 'version: "0.1"', 'version: "0.1"\nversion: "0.2"'))
    with pytest.raises(CodebookError, match="'n_tokens' is reserved"):
        framing.load_codebook(bad(tmp_path, "  - name: leverage", "  - name: n_tokens"))
    with pytest.raises(CodebookError, match="is a folder"):
        framing.load_codebook(tmp_path)


def test_non_utf8_codebook_names_the_line(tmp_path):
    p = tmp_path / "latin.yaml"
    p.write_bytes(MINI.read_text().replace("Human cost", "Co\u00fbt humain").encode("latin-1"))
    with pytest.raises(CodebookError, match=r"latin\.yaml, line 8: not valid UTF-8 \(byte 0xfb\)"):
        framing.load_codebook(p)


def test_description_and_citation_are_optional():
    cb = codebook_from_yaml(
        "name: bare\nversion: '1'\nframes:\n  - {name: f, label: F, definition: d, cues: [war]}\n"
    )
    assert cb.description is None and cb.citation is None
    assert codebook_from_yaml(cb.to_yaml()) == cb
    assert "# Coding guide: bare" in cb.to_markdown()


def test_errors_point_to_the_schema_document(tmp_path):
    with pytest.raises(CodebookError, match=r"unknown key 'frame'.*docs/codebook-schema\.md"):
        codebook_from_yaml("name: x\nversion: '1'\nframe: []\n")
    assert (Path(__file__).parents[1] / "docs" / "codebook-schema.md").is_file()
