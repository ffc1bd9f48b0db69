"""framing runs offline: no NLTK data, no sockets, and results do not depend on NLTK data."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import socket, json

    def refuse(*a, **k):
        raise OSError("network access attempted")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    import nltk

    nltk.download = refuse
    import framing

    c = framing.load_corpus("pow-exchange-2025")
    s = framing.score(c, unit="sentence")
    print(json.dumps({"n": len(s), "sum": round(float(s[s.attrs["framing"]["frames"]].to_numpy().sum()), 6)}))
    """
)


def run(env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NLTK")}
    env.update(env_extra)
    env["HOME"] = str(tmp_path)  # NLTK also looks in ~/nltk_data
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_offline_with_empty_nltk_data(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = run({"NLTK_DATA": str(empty)}, tmp_path)
    assert '"n": ' in out


def test_results_do_not_depend_on_installed_nltk_data(tmp_path):
    # A fake "installed" punkt model that would split differently if it were read.
    data = tmp_path / "nltk_data" / "tokenizers" / "punkt_tab" / "english"
    data.mkdir(parents=True)
    (data / "abbrev_types.txt").write_text("")
    (data / "collocations.tab").write_text("")
    (data / "sent_starters.txt").write_text("")
    (data / "ortho_context.tab").write_text("")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run({"NLTK_DATA": str(tmp_path / "nltk_data")}, tmp_path) == run(
        {"NLTK_DATA": str(empty)}, tmp_path
    )
