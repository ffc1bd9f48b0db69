"""The ``framing`` command line: a thin layer over the library.

User errors print one line ``error: …`` on stderr and exit with status 2;
outputs are written atomically (temporary file, then rename) and never over
an input file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from pathlib import Path

from framing.errors import FramingError
from framing.io._files import TABLE_FORMATS


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, like every other user error
        raise _UsageError(f"{message} (see '{self.prog} --help')")


class _UsageError(Exception):
    pass


def _input_files(source: str) -> list[Path]:
    p = Path(source)
    if p.is_dir():
        return [f.resolve() for f in p.rglob("*") if f.is_file()]
    if p.is_file():
        return [p.resolve()]
    return []


def _check_output(out: Path, source: str) -> None:
    targets = [out, out.with_name(out.name + ".meta.json")]
    inputs = set(_input_files(source))
    for t in targets:
        if t.resolve() in inputs:
            raise FramingError(f"refusing to overwrite the input file {t}; choose another -o")


# --- the input side, shared by every subcommand that reads a corpus --------------------------

# library argument -> command-line flag, for messages written in the library's words
FLAGS = {
    "text_col": "--text-col",
    "outlet_col": "--outlet-col",
    "id_col": "--id-col",
    "date_col": "--date-col",
    "title_col": "--title-col",
    "encoding": "--encoding",
    "on_empty": "--on-empty",
    "date_format": "--date-format",
    "on_bad_date": "--on-bad-date",
    "drop_duplicates": "--drop-duplicates",
    "codebook": "--codebook",
    "unit": "--unit",
    "seed": "--seed",
    "n_boot": "--n-boot",
    "n_perm": "--n-perm",
    "by": "--by",
    "chunksize": "--chunksize",
    "n_jobs": "--jobs",
    "output": "-o",
}


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags that say how to read a corpus (one definition for every subcommand)."""
    g = parser.add_argument_group("reading the corpus")
    g.add_argument("--encoding", default="utf-8", help="encoding of text files (default utf-8)")
    g.add_argument("--text-col", default="text", help="column holding the text")
    g.add_argument("--outlet-col", default="outlet", help="column holding the outlet")
    g.add_argument("--id-col", default="doc_id", help="column holding the article id")
    g.add_argument("--title-col", default="title", help="column holding the headline")
    g.add_argument("--date-col", default="date", help="column holding the date ('' to ignore)")
    order = g.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        default=None,
        help="numeric dates are day first (03.06.2025 = 3 June)",
    )
    order.add_argument(
        "--monthfirst",
        dest="dayfirst",
        action="store_const",
        const=False,
        help="numeric dates are month first (06/03/2025 = 3 June)",
    )
    g.add_argument("--date-format", help="strftime format of every date, e.g. '%%d.%%m.%%Y'")
    g.add_argument("--on-empty", choices=["error", "drop", "keep"], default="error")
    g.add_argument(
        "--on-bad-date",
        choices=["error", "keep"],
        default="error",
        help="archive exports: keep articles whose date cannot be read (default: error)",
    )
    g.add_argument(
        "--drop-duplicates",
        choices=["exact", "near"],
        default=None,
        help="drop repeated articles (same text, or near-duplicate wire copy)",
    )


def corpus_options(args) -> dict:
    """``load_corpus`` keyword arguments from the flags of :func:`add_input_arguments`."""
    return {
        "encoding": args.encoding,
        "text_col": args.text_col,
        "outlet_col": args.outlet_col,
        "id_col": args.id_col,
        "title_col": args.title_col,
        "date_col": None if args.date_col == "" else args.date_col,
        "dayfirst": args.dayfirst,
        "date_format": args.date_format,
        "on_empty": args.on_empty,
        "on_bad_date": args.on_bad_date,
        "drop_duplicates": args.drop_duplicates,
    }


def load_input(args):
    """The corpus named by ``args.source``, read as the input flags say."""
    import framing

    return framing.load_corpus(args.source, **corpus_options(args))


_QUOTED = r"(?:'([^']*)'|\"([^\"]*)\"|(\w+))"


def cli_wording(message: str, flags: dict[str, str] = FLAGS) -> str:
    """A library message reworded for the command line: ``outlet_col=`` -> ``--outlet-col``.

    Examples
    --------
    >>> cli_wording("no outlet column; pass outlet_col= with the column")
    'no outlet column; pass --outlet-col with the column'
    >>> cli_wording("pass on_empty='drop' to drop them, or date_col=None")
    "pass --on-empty drop to drop them, or --date-col ''"
    >>> cli_wording("say which: dayfirst=True or dayfirst=False")
    'say which: --dayfirst or --monthfirst'
    """
    message = re.sub(r"\bdayfirst=True\b", "--dayfirst", message)
    message = re.sub(r"\bdayfirst=False\b", "--monthfirst", message)
    message = re.sub(r"\bresume=True\b", "--resume", message)

    def flag(m: re.Match) -> str:
        name = m.group(1)
        if name not in flags:
            return m.group(0)
        if m.group(2) is None:
            return flags[name]
        value = next(v for v in m.group(3, 4, 5) if v is not None)
        if value == "None":
            return f"{flags[name]} ''"
        return f"{flags[name]} {value}" if value else f"{flags[name]} ''"

    return re.sub(r"\b([a-z_]+)=(" + _QUOTED + r")?", flag, message)


def _add_source(parser: argparse.ArgumentParser) -> None:
    """The corpus to read and its codebook (``score`` and ``report``)."""
    parser.add_argument(
        "source",
        help="bundled corpus name, folder, .csv/.tsv/.jsonl/.parquet/.xlsx, or news-archive "
        "exports (Nexis Uni .docx, LexisNexis .txt, Factiva .html/.rtf, Media Cloud .csv)",
    )
    parser.add_argument(
        "--codebook",
        help="bundled name, codebook file (YAML, .dic, .cat, .lc3) or a model file saved by "
        "FrameClassifier.save() (required unless the corpus declares its codebook)",
    )


def _measure(value: str | None):
    """``--codebook``: a model file saved by ``FrameClassifier.save`` is loaded as a model."""
    import zipfile

    if value is not None and Path(value).is_file() and zipfile.is_zipfile(value):
        import framing

        return framing.load_model(value)
    return value


def _cmd_score(args) -> int:
    import framing
    from framing.io.outputs import meta_path, write_scores

    if args.stream:
        return _score_stream(args)
    if args.resume:
        raise _UsageError("--resume continues a --stream run; add --stream")
    out = Path(args.output)
    if out.suffix.lower() not in TABLE_FORMATS:
        raise FramingError(f"{out}: -o must end in .csv, .parquet or .jsonl")
    _check_output(out, args.source)
    corpus = load_input(args)
    scores = framing.score(corpus, _measure(args.codebook), unit=args.unit, n_jobs=args.jobs)
    write_scores(scores, out, source=args.source, command=" ".join(sys.argv))
    meta = scores.attrs["framing"]
    print(
        f"wrote {out} ({len(scores)} {meta['unit']}s x {len(meta['frames'])} frames) and "
        f"{meta_path(out)}"
    )
    return 0


def _score_stream(args) -> int:
    import framing

    options = corpus_options(args)
    if options.pop("drop_duplicates") is not None:
        raise _UsageError(
            "--drop-duplicates needs the whole corpus at once; leave it out with --stream"
        )
    out = framing.score_files(
        args.source,
        _measure(args.codebook),
        unit=args.unit,
        chunksize=args.chunksize,
        n_jobs=args.jobs,
        output=args.output,
        resume=args.resume,
        **options,
    )
    meta = json.loads((out / "_framing.json").read_text(encoding="utf-8"))
    print(f"wrote {out} ({meta['rows']} {args.unit}s; read it with pandas.read_parquet)")
    return 0


def _cmd_corpora(args) -> int:
    import framing

    for name in framing.list_corpora():
        print(name)
    return 0


def _cmd_codebooks(args) -> int:
    import framing

    for name in framing.list_codebooks():
        cb = framing.load_codebook(name)
        print(f"{name}\t{cb.version}\t{', '.join(cb.frame_names)}")
    return 0


def _cmd_show(args) -> int:
    import framing

    cb = framing.load_codebook(args.codebook)
    print(cb.to_markdown() if args.markdown else cb.to_yaml(), end="")
    return 0


def _read_aliases(value: str | None):
    """``--aliases``: None, 'auto', or a YAML/CSV file of ``variant -> outlet name``."""
    if value is None or value == "auto":
        return value
    import csv

    import yaml

    from framing.io._files import read_text

    path = Path(value)
    if not path.is_file():
        raise FramingError(
            f"--aliases {value}: no such file; give a YAML or CSV file of spelling -> outlet "
            "name, or 'auto' to merge the spellings framing finds"
        )
    text = read_text(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        mapping = yaml.safe_load(text)
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str | int) and isinstance(v, str | int) for k, v in mapping.items()
        ):
            raise FramingError(
                f"--aliases {path}: the YAML must be a mapping of spelling: outlet name, "
                "e.g. 'rt: RT'"
            )
        return {str(k): str(v) for k, v in mapping.items()}
    if path.suffix.lower() != ".csv":
        raise FramingError(f"--aliases {path}: give a .yaml/.yml or .csv file, or 'auto'")
    rows = list(csv.reader(text.splitlines()))
    if not rows or len(rows[0]) != 2:
        raise FramingError(
            f"--aliases {path}: the CSV needs a header and two columns: the spelling in the "
            "data and the outlet name to use (e.g. 'spelling,outlet')"
        )
    mapping = {}
    for line, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != 2 or not row[0].strip():
            raise FramingError(f"--aliases {path}, line {line}: expected two fields, got {row}")
        mapping[row[0].strip()] = row[1].strip()
    return mapping


def _cmd_report(args) -> int:
    from framing.report import write_report

    out = Path(args.output)
    _check_output(out / "index.html", args.source)
    paths = write_report(
        args.source,
        out,
        codebook=args.codebook,
        by=args.by,
        unit=args.unit,
        cluster=args.cluster,
        seed=args.seed,
        n_boot=args.n_boot,
        n_perm=args.n_perm,
        outlet_aliases=_read_aliases(args.aliases),
        load_options=corpus_options(args),
        overwrite=args.overwrite,
    )
    if paths["aliases"]:
        merged = ", ".join(f"{a!r} -> {b!r}" for a, b in sorted(paths["aliases"].items()))
        print(f"merged {len(paths['aliases'])} outlet spelling(s): {merged}")
    elif args.aliases == "auto":
        print("no outlet spellings to merge")
    print(f"wrote {paths['index']} and {len(paths['figures'])} figure files in {out / 'figures'}")
    return 0


def _parser() -> argparse.ArgumentParser:
    from framing._version import __version__

    p = _Parser(prog="framing", description="Comparative framing studies of news.")
    p.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    s = sub.add_parser("score", help="score a corpus on a codebook's frames")
    _add_source(s)
    s.add_argument("--unit", choices=["document", "sentence"], default="document")
    add_input_arguments(s)
    s.add_argument(
        "-o",
        "--output",
        required=True,
        help="OUT.csv, OUT.parquet or OUT.jsonl; with --stream a folder (a Parquet dataset)",
    )
    s.add_argument(
        "--stream",
        action="store_true",
        help="read and score in chunks with bounded memory (SOURCE may be a quoted glob such "
        "as 'exports/*.jsonl'); writes a Parquet dataset folder",
    )
    s.add_argument(
        "--chunksize", type=int, default=10_000, help="articles per chunk with --stream (10000)"
    )
    s.add_argument(
        "-j", "--jobs", type=int, default=1, help="worker processes (default 1; -1: every core)"
    )
    s.add_argument(
        "--resume", action="store_true", help="continue an interrupted --stream run into -o"
    )
    s.set_defaults(func=_cmd_score)
    sub.add_parser("corpora", help="list bundled corpora").set_defaults(func=_cmd_corpora)
    sub.add_parser("codebooks", help="list bundled codebooks").set_defaults(func=_cmd_codebooks)
    sc = sub.add_parser("show-codebook", help="print a codebook as YAML")
    sc.add_argument("codebook", help="bundled name or YAML path")
    sc.add_argument("--markdown", action="store_true", help="print the coding guide instead")
    sc.set_defaults(func=_cmd_show)
    r = sub.add_parser("report", help="write a self-contained HTML report")
    _add_source(r)
    add_input_arguments(r)
    r.add_argument("--by", default="outlet", help="column whose groups are compared")
    r.add_argument("--unit", choices=["sentence", "document"], default="sentence")
    r.add_argument(
        "--cluster",
        help="column whose values are resampled and permuted (default: outlet when --by is an "
        "outlet-level column such as outlet_type, else the article)",
    )
    r.add_argument(
        "--aliases",
        help="outlet spellings to merge: a YAML or CSV file (spelling -> outlet name), or "
        "'auto' to merge the spellings framing finds (printed)",
    )
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--n-boot", type=int, default=2000, help="bootstrap replicates (default 2000)")
    r.add_argument("--n-perm", type=int, default=5000, help="permutations per test (default 5000)")
    r.add_argument("-o", "--output", required=True, help="output folder")
    r.add_argument(
        "--overwrite",
        action="store_true",
        help="write into a non-empty folder that is not a framing report",
    )
    r.set_defaults(func=_cmd_report)
    return p


def _one_line(message) -> str:
    return " ".join(str(message).split())


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    print(f"warning: {_one_line(cli_wording(str(message)))}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``framing`` command."""
    try:
        args = _parser().parse_args(argv)
        if not getattr(args, "func", None):
            raise _UsageError("missing command: score, corpora, codebooks, show-codebook or report")
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning
            return args.func(args)
    except FramingError as exc:
        print(f"error: {_one_line(cli_wording(str(exc)))}", file=sys.stderr)
        return 2
    except _UsageError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"error: {_one_line(exc.strerror or exc)}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
