"""Recompute the validation table of this corpus's README from the data.

    python corpora/pow-exchange-2025/update_readme.py        # rewrite the table
    python corpora/pow-exchange-2025/update_readme.py --check  # exit 1 if stale

The table sits between the ``validation:start`` and ``validation:end`` markers;
``tests/test_bundled_corpus.py`` fails when it no longer matches the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).with_name("README.md")
START, END = "<!-- validation:start -->", "<!-- validation:end -->"
MAIN = ["morale", "humanitarian", "leverage", "diplomacy"]


def validation_table() -> str:
    import framing

    ref = framing.load_reference_coding("pow-exchange-2025")
    scores = framing.score(ref[["doc_id", "sent_id", "text"]], "pow-exchange")
    v = framing.validate(scores, ref).set_index("frame")
    cb = framing.load_codebook("pow-exchange")
    lines = [
        f"Codebook `pow-exchange` {cb.version} (sha256 `{cb.sha256[:12]}`), {len(ref)} reference "
        "sentences; a frame is present when its score is > 0.",
        "",
        "| frame | precision | recall | F1 | support |",
        "|---|---:|---:|---:|---:|",
    ]
    for frame in cb.frame_names + ["micro", "macro"]:
        r = v.loc[frame]
        lines.append(
            f"| {frame} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} | {int(r.support)} |"
        )
    macro4 = v.loc[MAIN, "f1"].mean()
    lines += [
        "",
        f"Macro-F1 over {', '.join(MAIN)}: **{macro4:.3f}** (the project requires ≥ 0.75 in-sample; see below for held-out figures).",
    ]
    return "\n".join(lines)


def render(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{validation_table()}\n{END}{tail}"


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        sys.exit(0 if fresh == current else 1)
    README.write_text(fresh, encoding="utf-8")
    print(f"updated {README}")
