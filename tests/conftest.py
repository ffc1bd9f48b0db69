"""Fixtures shared by the test modules: the bundled corpus, its reference coding, test data paths.

Session-scoped fixtures are loaded once per run; tests must not modify them
(copy first: ``corpus.copy()``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import framing

DATA = Path(__file__).parent / "data"
BUNDLED = "pow-exchange-2025"


@pytest.fixture(scope="session")
def corpus():
    """The bundled corpus (all languages), as ``framing.load_corpus`` returns it."""
    return framing.load_corpus(BUNDLED)


@pytest.fixture(scope="session")
def reference():
    """The bundled English reference coding."""
    return framing.load_reference_coding(BUNDLED)


@pytest.fixture(scope="session")
def mini_codebook() -> Path:
    """A two-frame test codebook (``tests/data/mini.yaml``)."""
    return DATA / "mini.yaml"


@pytest.fixture(scope="session")
def nfc_path() -> Path:
    """A local copy of the Narrative Frames Corpus, or skip (it is never bundled)."""
    found = framing.datasets.locate_narrative_frames()
    if found is None:
        for candidate in (
            Path("/work/shared/datasets/narrative-frames-corpus"),
            Path(__file__).resolve().parents[2] / "shared" / "datasets" / "narrative-frames-corpus",
        ):
            if (candidate / "full_annotations.json").is_file():
                return candidate
        pytest.skip("Narrative Frames Corpus not available")
    return found
