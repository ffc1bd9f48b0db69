"""Recompute the generated tables of this corpus's README from the data.

    python corpora/pow-exchange-2025/update_readme.py        # rewrite the tables
    python corpora/pow-exchange-2025/update_readme.py --check  # exit 1 if stale

The English validation table sits between the ``validation:start`` and
``validation:end`` markers; the Russian and Ukrainian coders' agreement and the
validation per language (tuning and test half) between ``languages:start`` and
``languages:end``. ``tests/test_bundled_corpus.py`` fails when they no longer
match the code and data.
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).with_name("README.md")
CODING = Path(__file__).with_name("coding")
BLOCKS = {"validation": None, "languages": None}  # filled below: marker name -> table builder
MAIN = ["morale", "humanitarian", "leverage", "diplomacy"]
LANGUAGES = {"ru": "Russian", "uk": "Ukrainian"}
TARGET = 0.70  # macro-F1 over the main frames with gold positives, test half, per language


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


def agreement_table() -> list[str]:
    """Krippendorff's alpha per frame between the two coders of each language."""
    import pandas as pd

    import framing

    frames = framing.load_codebook("pow-exchange").frame_names
    alphas, counts = {}, {}
    for code in LANGUAGES:
        sheets = [
            pd.read_csv(CODING / f"reference-{code}-{coder}.csv").assign(coder=coder)
            for coder in ("A", "B")
        ]
        both = pd.concat(sheets, ignore_index=True)
        report = framing.reliability.report(both, frames, unit=["doc_id", "sent_id"])
        alphas[code] = report.set_index("frame")["alpha"]
        a, b = (s.set_index(["doc_id", "sent_id"])[frames] for s in sheets)
        counts[code] = (int((a != b).to_numpy().sum()), a.size, len(a))
    lines = [
        "| frame | " + " | ".join(f"α {code}" for code in LANGUAGES) + " |",
        "|---|" + "---:|" * len(LANGUAGES),
    ]
    for frame in frames:
        cells = []
        for code in LANGUAGES:
            alpha = alphas[code][frame]
            cells.append("— (no positives)" if alpha != alpha else f"{alpha:.2f}")
        lines.append(f"| {frame} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        "Disagreements between coders A and B, decided by the adjudication: "
        + "; ".join(
            f"{LANGUAGES[code]} {n:,} of {cells:,} cells ({units} sentences × {len(frames)} frames)"
            for code, (n, cells, units) in counts.items()
        )
        + "."
    )
    return lines


def language_tables() -> str:
    """Coder agreement and the validation per language on the tuning and the test half."""
    import pandas as pd

    import framing

    cb = framing.load_codebook("pow-exchange")
    halves = pd.read_csv(CODING / "halves-ru-uk.csv")[["doc_id", "sent_id", "half"]]
    ref = framing.load_reference_coding("pow-exchange-2025", lang=list(LANGUAGES))
    ref = ref.merge(halves, on=["doc_id", "sent_id"], how="left", validate="1:1")
    scores = framing.score(ref[["doc_id", "sent_id", "lang", "text"]], cb)
    result = {
        half: framing.validate_by_language(scores, ref[ref["half"] == half].drop(columns="half"))
        .set_index(["lang", "frame"])
        for half in ("tuning", "test")
    }
    lines = [
        "Agreement of the two coders (Krippendorff's alpha, nominal, computed by",
        "`framing.reliability.report` from `coding/reference-{ru,uk}-{A,B}.csv`):",
        "",
        *agreement_table(),
        "",
        f"Validation of codebook `pow-exchange` {cb.version} (sha256 `{cb.sha256[:12]}`) per "
        "language: precision, recall and F1 on the tuning half (read to revise the cues: "
        "in-sample) and on the test half (never read); a frame is present when its score is > 0.",
    ]
    verdicts = []
    for code, name in LANGUAGES.items():
        n = {h: int((ref["lang"].eq(code) & ref["half"].eq(h)).sum()) for h in result}
        lines += [
            "",
            f"**{name}** ({n['tuning']} tuning and {n['test']} test sentences)",
            "",
            "| frame | P tuning | R tuning | F1 tuning | n tuning | P test | R test | F1 test | n test |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for frame in [*cb.frame_names, "macro"]:
            cells = []
            for half in ("tuning", "test"):
                r = result[half].loc[(code, frame)]
                stats = ["—" if v != v else f"{v:.3f}" for v in (r.precision, r.recall, r.f1)]
                count = f"{int(r.n_frames)} frames" if frame == "macro" else f"{int(r.support)}"
                cells += [*stats, count]
            lines.append(f"| {frame} | " + " | ".join(cells) + " |")
        main = {}
        for half in ("tuning", "test"):
            table = result[half].loc[code]
            defined = [f for f in MAIN if table.loc[f, "support"] > 0]
            main[half] = (table.loc[defined, "f1"].mean(), defined)
        undefined = [f for f in MAIN if f not in main["test"][1]]
        note = (
            f" ({', '.join(undefined)}: no positives in the reference, F1 undefined, left out)"
            if undefined
            else ""
        )
        met = main["test"][0] >= TARGET
        verdicts.append(
            f"{name}: macro-F1 over {', '.join(main['test'][1])}{note} — tuning "
            f"{main['tuning'][0]:.3f}, **test {main['test'][0]:.3f}** "
            f"({'meets' if met else 'misses'} the target of ≥ {TARGET:.2f})."
        )
        lines += ["", verdicts[-1]]
    return "\n".join(lines)


BLOCKS.update(validation=validation_table, languages=language_tables)


def render(readme: str) -> str:
    for name, build in BLOCKS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, rest = readme.split(start, 1)
        _, tail = rest.split(end, 1)
        readme = f"{head}{start}\n{build()}\n{end}{tail}"
    return readme


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        sys.exit(0 if fresh == current else 1)
    README.write_text(fresh, encoding="utf-8")
    print(f"updated {README}")
