"""A normal, non-editable install ships the bundled corpus and codebooks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import framing

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, framing
c = framing.load_corpus("pow-exchange-2025")
ref = framing.load_reference_coding("pow-exchange-2025")
s = framing.score(c, "pow-exchange")
print(json.dumps({
    "file": framing.__file__,
    "corpora": framing.list_corpora(),
    "codebooks": framing.list_codebooks(),
    "n": len(c), "n_ref": len(ref),
    "ids": c["doc_id"].tolist(),
    "sum": round(float(s[s.attrs["framing"]["frames"]].to_numpy().sum()), 6),
    "sha": s.attrs["framing"]["codebook_sha256"],
}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("install")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr}")
    wheel = next((tmp / "dist").glob("framing-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(tmp / "site"),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return tmp / "site"


def test_bundled_data_loads_the_same_after_install(installed, tmp_path):
    r = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    assert Path(got["file"]).is_relative_to(installed)
    c = framing.load_corpus("pow-exchange-2025")
    s = framing.score(c, "pow-exchange")
    assert got["corpora"] == framing.list_corpora()
    assert got["codebooks"] == framing.list_codebooks()
    assert got["ids"] == c["doc_id"].tolist()
    assert got["n_ref"] == len(framing.load_reference_coding("pow-exchange-2025"))
    assert got["sha"] == s.attrs["framing"]["codebook_sha256"]
    assert got["sum"] == round(float(s[s.attrs["framing"]["frames"]].to_numpy().sum()), 6)
