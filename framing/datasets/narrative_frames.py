"""Readers for public framing data sets kept on the user's disk (never bundled, never downloaded).

:func:`load_narrative_frames` reads the Narrative Frames Corpus (Frermann et al. 2023) into a
framing corpus, its released frame labels and the per-annotator codings, repairing the known
faults of the release on the way; :func:`locate_narrative_frames` finds a local copy, so that
notebooks and scripts can skip cleanly when there is none.

References
----------
Frermann, L., Li, J., Khanehzar, S., & Mikolajczak, G. (2023). Conflicts, villains, resolutions:
Towards models of narrative media framing. In *Proceedings of the 61st Annual Meeting of the
Association for Computational Linguistics (ACL 2023)*, 8712-8732.
https://github.com/phenixace/narrative-framing (MIT license).
"""

from __future__ import annotations

import csv
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.errors import CorpusError

__all__ = [
    "NarrativeFrames",
    "load_narrative_frames",
    "locate_narrative_frames",
    "NARRATIVE_FRAMES_URL",
    "NARRATIVE_FRAMES_ENV",
]

NARRATIVE_FRAMES_URL = "https://github.com/phenixace/narrative-framing"
NARRATIVE_FRAMES_ENV = "FRAMING_NFC_PATH"
# Where a copy is looked for after the environment variable, relative to the working directory
# (a notebook's folder): beside the repository, as the project's shared data is laid out.
_NFC_SEARCH = (
    Path("..", "..", "shared", "datasets", "narrative-frames-corpus"),
    Path("..", "shared", "datasets", "narrative-frames-corpus"),
)

_ARTICLES = "articles_metadata.tsv"
_ANNOTATIONS = "full_annotations.json"
_ROLES = ("role_and_frame_annoations.tsv", "role_and_frame_annotations.tsv")  # sic, and fixed
_HEADER = ["ID", "source", "mbfc", "date", "text", "RE", "HI", "CO", "MO", "EC"]
# Release column -> name of the frame in framing's bundled `generic` codebook, in its order.
_FRAMES = {
    "CO": "conflict",
    "HI": "human_interest",
    "EC": "economic",
    "MO": "morality",
    "RE": "resolution",
}
# frame -> (questions, how many must be answered "yes"); see load_narrative_frames Notes.
_RULES = {
    "conflict": (("co1", "co2", "co3"), 2),
    "human_interest": (("hi1", "hi2", "hi5"), 2),
    "economic": (("ec1", "ec2", "ec3"), 2),
    "morality": (("mo1", "mo2"), 1),
    "resolution": (("re2", "re6"), 2),
}
_LEANING = {
    "left_bias": "left",
    "left_center_bias": "left",
    "right_bias": "right",
    "questionable_source": "questionable",
}
_ANSWERS = {"yes": 1, "no": 0, "n/a: problem is resolved": pd.NA, -1: pd.NA}
# The release spells most outlets both as a slug and in full; these six appear only as slugs.
_SPELLED_OUT = {
    "buzzfeed": "BuzzFeed",
    "palmerreport": "Palmer Report",
    "slate": "Slate",
    "theduran": "The Duran",
    "thehill": "The Hill",
    "therightscoop": "The Right Scoop",
}


@dataclass(frozen=True)
class NarrativeFrames:
    """The Narrative Frames Corpus as framing tables.

    Unpacks as a framing corpus plus its codings, ``corpus, codings = load_narrative_frames(p)``;
    the released labels and the frame names stay available as attributes.

    Attributes
    ----------
    corpus : DataFrame
        One row per article: ``doc_id``, ``outlet``, ``date``, ``title``, ``text``, ``lang``,
        ``source`` (the outlet as spelled in the release), ``mbfc`` (Media Bias/Fact Check
        group), ``leaning`` and ``opinion`` (bool).
    labels : DataFrame
        The released (aggregated) labels: ``doc_id`` and one 0/1 column per frame.
    codings : DataFrame
        One row per article and annotator: ``doc_id``, ``coder`` (annotator 1-4), the 23
        questions (``re1`` … ``co4``) and the five frames, all nullable ``Int64`` 0/1.
    frames : tuple of str
        ``conflict``, ``human_interest``, ``economic``, ``morality``, ``resolution``.
    """

    corpus: pd.DataFrame = field(repr=False)
    labels: pd.DataFrame = field(repr=False)
    codings: pd.DataFrame = field(repr=False)
    frames: tuple[str, ...] = tuple(_FRAMES.values())

    def __iter__(self) -> Iterator[pd.DataFrame]:
        """Yield ``corpus`` then ``codings``, so the result unpacks into the two tables."""
        return iter((self.corpus, self.codings))

    def __repr__(self) -> str:
        counts = [
            (len(self.corpus), "article"),
            (self.corpus["outlet"].nunique(), "outlet"),
            (len(self.frames), "frame"),
            (len(self.codings), "annotator coding"),
        ]
        shown = ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)
        return f"<NarrativeFrames: {shown}>"


def load_narrative_frames(path: str | os.PathLike) -> NarrativeFrames:
    """Read a local copy of the Narrative Frames Corpus (Frermann et al. 2023).

    428 English news articles on climate change (2017-2019) from US and UK outlets, labelled
    for five frames by two or three of four annotators, who answered 23 yes/no questions each.

    Parameters
    ----------
    path : path-like
        The release's ``data/`` folder (from https://github.com/phenixace/narrative-framing),
        holding ``articles_metadata.tsv``, ``full_annotations.json`` and
        ``role_and_frame_annoations.tsv``.

    Returns
    -------
    NarrativeFrames
        ``.corpus``, ``.labels``, ``.codings`` and ``.frames``; ``labels`` and ``codings`` carry
        ``attrs["framing"]["frames"]``, so :func:`framing.reliability.report` and
        :func:`framing.validate` find the frame columns. It unpacks into the corpus and its
        codings: ``corpus, codings = load_narrative_frames(path)``.

    Raises
    ------
    CorpusError
        If ``path`` is a file rather than the folder, a file is missing, or holds something the known faults below do not explain (the
        message names the file, line and column).

    Notes
    -----
    What the loader repairs or derives:

    - **Outlets.** The release spells most outlets twice (``thehuffingtonpost`` and
      ``The Huffington Post``, ``rt`` and ``RT``). Spellings that agree once case, spaces and
      punctuation are ignored are merged (:func:`framing.suggest_outlet_aliases`) under the
      spelled-out form; six outlets that appear only as slugs get their usual names.
      ``source`` keeps the spelling of the release.
    - **Labels.** The row of article 405 is cut after the text and lacks its labels; they are
      taken from ``role_and_frame_annoations.tsv``, which repeats every article's labels. A
      stray ``)`` after a label (article 716: ``False)``) is dropped.
    - **Leaning.** From ``mbfc``: ``left_bias`` and ``left_center_bias`` → ``"left"``,
      ``right_bias`` → ``"right"``, ``questionable_source`` → ``"questionable"`` (mostly
      right-wing outlets, kept apart as MBFC does).
    - **Titles.** The text starts with the headline and the release has no title field;
      ``title`` is the opening of the text that matches the article's file name recorded in
      ``full_annotations.json`` (``_ID``: outlet--date--headline, punctuation removed). Where
      that name was cut at about 90 characters the title may end early; where it does not
      match the text (one article) the title is empty. ``text`` is kept as released, headline
      included.
    - **Codings.** Each annotator slot with answers becomes a row; ``-1`` (slot did not
      annotate) and the answer ``"n/a: problem is resolved"`` (question re4 only) are missing.
      Frame values per annotator apply the rule that reproduces the released labels from the
      aggregated answers exactly: conflict, economic and human interest — at least two of
      their three questions answered yes (co1-co3, ec1-ec3, hi1/hi2/hi5); morality — mo1 or
      mo2; resolution — re2 and re6. (The release README names re1 and re5 for resolution,
      but they match the released labels on only 62 % of articles.)

    Examples
    --------
    >>> nfc = load_narrative_frames("shared/datasets/narrative-frames-corpus")  # doctest: +SKIP
    >>> framing.reliability.report(nfc.codings, unit="doc_id")  # doctest: +SKIP
    >>> corpus, codings = nfc  # doctest: +SKIP
    """
    folder = Path(path)
    if folder.is_file() or folder.name in (_ARTICLES, _ANNOTATIONS, *_ROLES):
        raise CorpusError(
            f"{folder} is a file of the release, not its folder: pass the folder that holds {_ARTICLES} (and "
            f"{_ANNOTATIONS}), e.g. {folder.parent}."
        )
    roles = next((folder / name for name in _ROLES if (folder / name).is_file()), None)
    missing = [name for name in (_ARTICLES, _ANNOTATIONS) if not (folder / name).is_file()]
    missing += [_ROLES[0]] if roles is None else []
    if missing or roles is None:
        raise CorpusError(
            f"{folder}: no Narrative Frames Corpus here (missing {', '.join(missing)}). Download "
            f"the data/ folder of {NARRATIVE_FRAMES_URL} (Frermann et al. 2023, MIT license) and "
            "pass its path."
        )
    rows = _read_articles(folder / _ARTICLES)
    backup = _labels_by_article(roles)
    annotations = _read_json(folder / _ANNOTATIONS)
    for row in rows:
        if row["labels"] is None:
            if row["ID"] not in backup:
                raise CorpusError(
                    f"{folder / _ARTICLES}, line {row['line']}: article {row['ID']} has no labels, "
                    f"and {roles.name} has none for it either."
                )
            row["labels"] = backup[row["ID"]]
        if row["ID"] not in annotations:
            raise CorpusError(
                f"{folder / _ANNOTATIONS}: no annotations for article {row['ID']} "
                f"({folder / _ARTICLES}, line {row['line']}); is the copy complete?"
            )
    corpus = _corpus(rows, annotations)
    corpus.attrs["framing"] = {"source": str(folder), "dataset": "narrative-frames-corpus"}
    frames = list(_FRAMES.values())
    labels = pd.DataFrame(
        {"doc_id": [row["ID"] for row in rows]}
        | {frame: [row["labels"][frame] for row in rows] for frame in frames}
    )
    labels.attrs["framing"] = {"frames": frames, "source": str(folder / _ARTICLES)}
    codings = _codings([row["ID"] for row in rows], annotations, folder / _ANNOTATIONS)
    return NarrativeFrames(corpus=corpus, labels=labels, codings=codings)


def locate_narrative_frames(path: str | os.PathLike | None = None) -> Path | None:
    """Find a local copy of the Narrative Frames Corpus, or ``None`` when there is none.

    Nothing is downloaded: the corpus is not bundled with framing, and a notebook or script
    that needs it calls this first and skips its real-data part when the answer is ``None``.

    Parameters
    ----------
    path : path-like, optional
        A folder to check. When given, only this folder (or its ``data/`` subfolder) is
        checked. When omitted, the places below are tried in order.

    Returns
    -------
    Path or None
        The first folder holding ``articles_metadata.tsv`` and ``full_annotations.json`` (pass
        it to :func:`load_narrative_frames`), or ``None``.

    Notes
    -----
    Without ``path`` the search order is:

    1. the folder named by the environment variable ``FRAMING_NFC_PATH``;
    2. ``../../shared/datasets/narrative-frames-corpus`` and
    3. ``../shared/datasets/narrative-frames-corpus``, both relative to the current working
       directory (a notebook runs in its own folder).

    A candidate also matches when it is a clone of the release repository, whose files are in
    ``data/``. A ``FRAMING_NFC_PATH`` that holds no copy gives a warning, then the search goes on. Download the release from :data:`NARRATIVE_FRAMES_URL` (MIT license) and point
    ``FRAMING_NFC_PATH`` at its ``data/`` folder.

    Examples
    --------
    >>> import tempfile
    >>> locate_narrative_frames(tempfile.gettempdir()) is None  # no corpus there
    True
    """
    if path is not None:
        return _nfc_folder(Path(path))
    env = os.environ.get(NARRATIVE_FRAMES_ENV, "").strip()
    if env:
        found = _nfc_folder(Path(env).expanduser())
        if found is not None:
            return found
        warnings.warn(
            f"{NARRATIVE_FRAMES_ENV}={env!r} holds no Narrative Frames Corpus (no {_ARTICLES} "
            f"and {_ANNOTATIONS} there or in its data/ folder); looking in the default places.",
            stacklevel=2,
        )
    return next((f for f in map(_nfc_folder, _NFC_SEARCH) if f is not None), None)


def _nfc_folder(folder: Path) -> Path | None:
    """``folder`` or its ``data/`` when it holds the release's files, else None."""
    for inner in (folder, folder / "data"):
        if all((inner / name).is_file() for name in (_ARTICLES, _ANNOTATIONS)):
            return inner.resolve()
    return None


def _read_articles(path: Path) -> list[dict]:
    """Rows of articles_metadata.tsv with their line numbers; labels None when cut off."""
    rows: list[dict] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader, [])
        if header != _HEADER:
            raise CorpusError(f"{path}, line 1: expected the columns {_HEADER}, found {header}.")
        last = reader.line_num
        for fields in reader:
            line, last = last + 1, reader.line_num
            if len(fields) not in (5, len(_HEADER)):
                raise CorpusError(
                    f"{path}, line {line}: {len(fields)} field{'' if len(fields) == 1 else 's'} "
                    f"where {len(_HEADER)} are expected."
                )
            # A 5-field row (article 405) was cut after the text: its labels stay None here.
            row: dict = dict(zip(_HEADER, fields, strict=False)) | {"line": line, "labels": None}
            if len(fields) == len(_HEADER):
                row["labels"] = {
                    frame: _flag(fields[_HEADER.index(column)], path, line, column)
                    for column, frame in _FRAMES.items()
                }
            rows.append(row)
    return rows


def _labels_by_article(path: Path) -> dict[str, dict[str, int]]:
    labels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        for line, record in enumerate(reader, start=2):
            if any(record.get(column) in (None, "") for column in _FRAMES):
                continue
            found = {
                frame: _flag(record[column], path, line, column)
                for column, frame in _FRAMES.items()
            }
            if labels.setdefault(record["ID"], found) != found:
                raise CorpusError(
                    f"{path}, line {line}: labels of article {record['ID']} differ from an "
                    "earlier row of the same article."
                )
    return labels


def _flag(value: str, path: Path, line: int, column: str) -> int:
    cleaned = value.strip().rstrip(")")  # article 716 has "False)"
    if cleaned not in ("True", "False"):
        raise CorpusError(f"{path}, line {line}, column {column}: {value!r} is not True or False.")
    return int(cleaned == "True")


def _read_json(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        raise CorpusError(
            f"{path}, line {error.lineno}: not valid JSON ({error.msg}); is the download complete?"
        ) from None


def _corpus(rows: list[dict], annotations: dict) -> pd.DataFrame:
    from framing.io import load_corpus, suggest_outlet_aliases

    table = pd.DataFrame(
        {
            "doc_id": [row["ID"] for row in rows],
            "outlet": [row["source"] for row in rows],
            "date": [row["date"] for row in rows],
            "title": [_title(row["text"], annotations[row["ID"]].get("_ID", "")) for row in rows],
            "text": [row["text"] for row in rows],
            "lang": "en",
            "source": [row["source"] for row in rows],
            "mbfc": [row["mbfc"] for row in rows],
            "leaning": [_LEANING.get(row["mbfc"], "other") for row in rows],
            "opinion": [annotations[row["ID"]].get("_opinion") == "True" for row in rows],
        }
    )
    return load_corpus(table, outlet_aliases=_outlet_names(suggest_outlet_aliases(table)))


def _outlet_names(aliases: dict[str, str]) -> dict[str, str]:
    """The suggested merges, plus the usual names of outlets released only as slugs."""
    names = dict(_SPELLED_OUT)
    names.update(
        {variant: names.get(canonical, canonical) for variant, canonical in aliases.items()}
    )
    return names


def _fold(text: str) -> str:
    """Lowercase letters and digits only, accents removed: how file names and texts compare."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]", "", plain.lower())


def _title(text: str, file_id: str) -> str:
    """The opening of ``text`` whose letters and digits spell the headline of the file name."""
    headline = file_id.split("--", 2)[-1]
    target = _fold(re.sub(r"\.(?:t(?:xt?)?)?$", "", headline))  # ".txt", or cut to ".tx"/".t"
    if not target:
        return ""
    spelled, end = "", None
    for i, char in enumerate(text):
        spelled += _fold(char)
        if spelled == target:
            end = i + 1
            break
        if not target.startswith(spelled):
            return ""
    if end is None:
        return ""
    while end < len(text) and not text[end].isspace():  # finish a cut word, closing quotes
        end += 1
    return text[:end].strip()


def _codings(ids: list[str], annotations: dict, path: Path) -> pd.DataFrame:
    questions = [key for key in annotations[ids[0]] if not key.startswith("_")]
    records = []
    for doc_id in ids:
        entry = annotations[doc_id]
        for slot in range(4):
            answers = {}
            for question in questions:
                try:
                    raw = entry[question][1][slot]
                    answers[question] = _ANSWERS[raw]
                except (KeyError, IndexError, TypeError):
                    raise CorpusError(
                        f"{path}: article {doc_id}, question {question!r}, annotator {slot + 1}: "
                        f"unexpected entry {entry.get(question)!r}; expected "
                        "[aggregate, [four answers: 'yes', 'no' or -1]]."
                    ) from None
            if any(entry[q][1][slot] != -1 for q in questions):
                records.append({"doc_id": doc_id, "coder": slot + 1} | answers)
    codings = pd.DataFrame(records, columns=["doc_id", "coder", *questions])
    codings[questions] = codings[questions].astype("Int64")
    for frame, (asked, needed) in _RULES.items():
        # sum(min_count) leaves a frame missing when one of its questions is unanswered
        yes = codings[list(asked)].sum(axis=1, min_count=len(asked))
        codings[frame] = (yes >= needed).astype("Int64").where(yes.notna())
    codings.attrs["framing"] = {
        "frames": list(_FRAMES.values()),
        "questions": questions,
        "source": str(path),
    }
    return codings
