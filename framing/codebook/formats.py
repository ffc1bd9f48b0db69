"""Dictionaries researchers already have: LIWC ``.dic``, WordStat ``.cat``, Lexicoder ``.lc3``, quanteda YAML.

:func:`framing.load_codebook` recognises these formats by their content (the
file extension decides only when the content does not), and turns every
category into a frame whose cues are the category's entries. Writers go the
other way: :meth:`Codebook.to_dic`, :meth:`Codebook.to_lc3` (and
:meth:`Codebook.to_yaml` for framing's own format).

What each reader accepts (the quirks of real files):

LIWC ``.dic``
    A category legend between two ``%`` lines (``%`` lines may carry trailing
    tabs), one ``id name`` per line separated by tabs or spaces (ids such as
    ``01`` and ``1`` are the same category; a LIWC 2015 description after the
    name, ``1	function	(Function Words)``, is dropped, and indented
    subcategories are read as categories of their own); then one entry per line: the
    word or phrase, then its category ids, separated by tabs or by spaces
    (``preserve		01 07 09``), trailing whitespace ignored. A word may be listed
    under several categories on one line or on several lines: it counts in
    every one of them. Multi-word entries (``civil rights	3``) and globs
    (``compassion*``) are kept; identical repeated lines are read once. LIWC
    2007's conditional codes (``like	02 134(02 131)253/464``) are reduced to
    their plain ids and ``<of>`` entries are left out, each with a note.
WordStat ``.cat``
    Categories nest by indentation (tabs or spaces, mixed); entries end with
    their weight in parentheses (``Botswana (1)``, ``bad (-0.5)``; an indented
    line with nothing nested under it and no weight is an entry of weight 1). Nested
    categories are flattened with a separator (``SOUTH.BW``). Proximity rules
    (``@``) are not supported and are left out with a note.
Lexicoder ``.lc3``
    ``+category`` lines start a category; every other non-blank line is an
    entry of the current category.
quanteda YAML
    A mapping from category names to lists of entries, nested to any depth
    (``economy: {tax: [tax*], jobs: [job*]}``), flattened with ``.``.

Entries are normalised like any cue (lower case, hyphens as spaces). An entry
that cannot be a cue (say ``fair-*``: framing splits "fair-minded" into "fair"
and "minded", so a wildcard standing for a whole hyphenated part cannot be
matched) is left out, and one warning lists every entry left out with its line
and the reason. Frame names are derived from category names (lower case,
``_`` for other characters: ``care.virtue`` becomes ``care_virtue``), and
the label keeps the category name. A dictionary file does not say its
language: pass ``load_codebook(path, language="en")``, or the codebook matches
text in every language alike.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from framing.errors import CodebookError

__all__ = ["FORMATS", "detect_format", "read_dictionary", "to_dic", "to_lc3"]

#: Dictionary formats :func:`framing.load_codebook` reads besides framing's own YAML.
FORMATS = ("liwc", "wordstat", "lexicoder", "quanteda")

_SUFFIXES = {".dic": "liwc", ".cat": "wordstat", ".lc3": "lexicoder", ".lcd": "lexicoder"}
_WEIGHT_RX = re.compile(r"^(?P<entry>.*?\S)\s*\(\s*(?P<weight>[-+]?\d+(?:[.,]\d+)?)\s*\)\s*$")
_CONDITIONAL_RX = re.compile(r"\([^)]*\)")
_SEPARATOR = "."


@dataclass
class _Parsed:
    """Categories in file order, each with its entries ``(text, weight, line)``, and notes."""

    categories: dict[str, list[tuple[str, float, int]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, category: str, entry: str, weight: float, line: int) -> None:
        self.categories.setdefault(category, []).append((entry, weight, line))


def detect_format(text: str, suffix: str = "") -> str:
    """The format of a dictionary text: ``'liwc'``, ``'wordstat'``, ``'lexicoder'`` or ``'yaml'``.

    The content decides (a ``%`` legend, ``+category`` lines, weights in
    parentheses); the file suffix only when the content leaves it open.

    Examples
    --------
    >>> detect_format("%\\n1\\tcare\\n%\\nnurture\\t1\\n")
    'liwc'
    >>> detect_format("+positive\\ngood\\n")
    'lexicoder'
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return _SUFFIXES.get(suffix.lower(), "yaml")
    first = lines[0].strip()
    if first == "%":
        return "liwc"
    if first.startswith("+") and not first.startswith("+ "):
        return "lexicoder"
    weighted = sum(1 for ln in lines if _WEIGHT_RX.match(ln))
    if weighted and weighted >= len(lines) / 3 and not re.match(r"^\s*[\w-]+\s*:", lines[0]):
        return "wordstat"
    return _SUFFIXES.get(suffix.lower(), "yaml") if suffix.lower() != ".dic" else "yaml"


def _liwc(text: str, where: str) -> _Parsed:
    out = _Parsed()
    lines = text.splitlines()
    marks = [i for i, ln in enumerate(lines) if ln.strip() == "%"]
    if len(marks) < 2:
        raise CodebookError(
            f"{where}: a LIWC dictionary starts with a category legend between two lines holding "
            "only '%' (then one entry per line); found "
            f"{len(marks)} such line{'s' if len(marks) != 1 else ''}"
        )
    ids: dict[str, str] = {}
    by_number: dict[int, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split(None, 1)
        if not parts:
            continue
        if len(parts) < 2:
            raise CodebookError(
                f"{where}, line {i + 1}: a legend line is a category id and a name "
                f"(e.g. '1\tcare.virtue'), got {lines[i].strip()!r}"
            )
        cid, name = parts[0], parts[1].strip()
        # LIWC 2015 legends add a description: "1\tfunction\t(Function Words)"
        described = re.match(r"^(\S.*?)\s+\([^()]*\)$", name)
        if described:
            name = described.group(1).strip()
        if cid in ids:
            raise CodebookError(f"{where}, line {i + 1}: category id {cid!r} is defined twice")
        ids[cid] = name
        if cid.isdigit():
            by_number[int(cid)] = name
        out.categories.setdefault(name, [])

    def category(token: str) -> str | None:
        if token in ids:
            return ids[token]
        if token.isdigit() and int(token) in by_number:
            return by_number[int(token)]
        return token if token in out.categories else None  # a category named in the entry

    seen: set[tuple[str, str]] = set()
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        if "<of>" in line:
            out.notes.append(f"line {i + 1}: {line!r} uses LIWC's <of> tag, which is not supported")
            continue
        if _CONDITIONAL_RX.search(line):
            out.notes.append(
                f"line {i + 1}: {line!r}: the conditional codes in parentheses are ignored; "
                "the entry counts in its plain categories"
            )
            line = _CONDITIONAL_RX.sub(" ", line)
        if "\t" in lines[i].strip():
            word, _, rest = line.partition("\t")
            tokens = rest.replace("/", " ").split()
        else:
            parts = line.replace("/", " ").split()
            k = len(parts)
            # ids end the line; a category *name* counts only on a line without ids, so
            # that "health care 1" stays one entry in a dictionary with a "care" category
            while k > 1 and (parts[k - 1] in ids or parts[k - 1].isdigit()):
                k -= 1
            if k == len(parts):
                while k > 1 and category(parts[k - 1]) is not None:
                    k -= 1
            word, tokens = " ".join(parts[:k]), parts[k:]
        word = word.strip()
        if not tokens:
            out.notes.append(f"line {i + 1}: {word!r} has no category")
            continue
        for token in tokens:
            found = category(token)
            if found is None:
                out.notes.append(f"line {i + 1}: {word!r} refers to undefined category {token!r}")
                continue
            if (found, word) not in seen:
                seen.add((found, word))
                out.add(found, word, 1.0, i + 1)
    return out


def _wordstat(text: str, where: str) -> _Parsed:
    out = _Parsed()
    stack: list[tuple[int, str]] = []
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        if not raw.strip():
            continue
        expanded = raw.rstrip().expandtabs(8)
        indent = len(expanded) - len(expanded.lstrip())
        body = expanded.strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        m = _WEIGHT_RX.match(body)
        if m is None and not _is_leaf(lines, i, indent):
            stack.append((indent, body))
            continue
        if m is None:  # an entry written without its weight: weight 1
            entry, weight = body, 1.0
        else:
            entry, weight = m.group("entry").strip(), float(m.group("weight").replace(",", "."))
        if not stack:
            out.notes.append(f"line {i + 1}: {entry!r} is not under any category")
            continue
        if "@" in entry:
            out.notes.append(f"line {i + 1}: {entry!r}: WordStat proximity rules are not supported")
            continue
        out.add(_SEPARATOR.join(name for _, name in stack), entry, weight, i + 1)
    return out


def _is_leaf(lines: list[str], i: int, indent: int) -> bool:
    """Whether line ``i`` of a WordStat file has nothing nested under it (an entry)."""
    for raw in lines[i + 1 :]:
        if raw.strip():
            expanded = raw.rstrip().expandtabs(8)
            return len(expanded) - len(expanded.lstrip()) <= indent and indent > 0
    return indent > 0


def _lexicoder(text: str, where: str) -> _Parsed:
    out = _Parsed()
    current = None
    for i, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("+"):
            current = line[1:].strip()
            if not current:
                raise CodebookError(
                    f"{where}, line {i + 1}: '+' must be followed by a category name"
                )
            out.categories.setdefault(current, [])
            continue
        if current is None:
            raise CodebookError(
                f"{where}, line {i + 1}: entry {line!r} comes before the first '+category' line"
            )
        out.add(current, line, 1.0, i + 1)
    return out


def _quanteda(data: Any, where: str) -> _Parsed:
    out = _Parsed()

    def walk(value: Any, path: list[str]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, [*path, str(k)])
            return
        name = _SEPARATOR.join(path)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise CodebookError(
                f"{where}, key {name!r}: a dictionary category holds a list of entries, "
                f"got {type(value).__name__}"
            )
        out.categories.setdefault(name, [])
        for item in items:
            if isinstance(item, dict):
                walk(item, path)
            elif isinstance(item, str | int | float) and not isinstance(item, bool):
                out.add(name, str(item), 1.0, 0)
            else:
                out.notes.append(f"key {name!r}: entry {item!r} is not a word")

    walk(data, [])
    return out


def is_quanteda_yaml(data: Any) -> bool:
    """Whether parsed YAML is a quanteda-style dictionary (categories → entries), not a codebook."""

    def entries(value: Any) -> bool:
        if isinstance(value, dict):
            return bool(value) and all(entries(v) for v in value.values())
        return isinstance(value, list)

    return isinstance(data, dict) and "frames" not in data and bool(data) and entries(data)


def _frame_name(category: str, used: set[str]) -> str:
    from framing.codebook.model import _RESERVED

    base = re.sub(r"[\W_]+", "_", category.lower()).strip("_")
    if not base or not base[0].isalpha():
        base = f"category_{base}".rstrip("_")
    if base in _RESERVED:
        base = f"{base}_category"
    name, k = base, 2
    while name in used:
        name, k = f"{base}_{k}", k + 1
    used.add(name)
    return name


_FORMAT_NAMES = {
    "liwc": "LIWC",
    "wordstat": "WordStat",
    "lexicoder": "Lexicoder",
    "quanteda": "quanteda YAML",
}


def read_dictionary(
    text_or_data: Any,
    fmt: str,
    *,
    where: str,
    name: str,
    filename: str | None = None,
    source: str | None = None,
    language: str | None = None,
):
    """A :class:`~framing.codebook.Codebook` from a dictionary in ``fmt`` (see :data:`FORMATS`).

    One warning lists the entries and categories left out, with lines and reasons.
    """
    from framing.codebook.load import _Reader
    from framing.codebook.matching import validate_pattern

    readers = {"liwc": _liwc, "wordstat": _wordstat, "lexicoder": _lexicoder, "quanteda": _quanteda}
    parsed = readers[fmt](text_or_data, where)
    frames: list[dict[str, Any]] = []
    used: set[str] = set()
    notes = list(parsed.notes)
    for category, entries in parsed.categories.items():
        cues: dict[str, float] = {}
        for entry, weight, line in entries:
            at = f"line {line}: " if line else f"category {category!r}: "
            try:
                cue = validate_pattern(entry)
            except ValueError as exc:
                notes.append(f"{at}{exc}")
                continue
            if cue in cues and cues[cue] != weight:
                notes.append(
                    f"{at}{entry!r} is listed again in {category!r} with weight {weight:g}; "
                    f"the first weight ({cues[cue]:g}) is kept"
                )
                continue
            cues.setdefault(cue, weight)
        if not cues:
            notes.append(f"category {category!r} has no usable entries and is left out")
            continue
        frames.append(
            {
                "name": _frame_name(category, used),
                "label": category,
                "definition": (
                    f"Category {category!r} of the {_FORMAT_NAMES[fmt]} dictionary "
                    f"{filename or name}."
                ),
                "cues": [c if w == 1 else {"cue": c, "weight": w} for c, w in cues.items()],
            }
        )
    if not frames:
        raise CodebookError(f"{where}: no category with usable entries in this {fmt} dictionary")
    if notes:
        shown = "; ".join(notes[:10]) + (f"; and {len(notes) - 10} more" if len(notes) > 10 else "")
        warnings.warn(
            f"{where}: {len(notes)} entr{'y' if len(notes) == 1 else 'ies'} or categories left "
            f"out or changed: {shown}",
            UserWarning,
            stacklevel=3,
        )
    data = {
        "name": name,
        "version": "imported",
        "description": f"Imported from the {_FORMAT_NAMES[fmt]} dictionary {filename or name}.",
        "frames": frames,
    }
    if language is not None:
        data["language"] = language
    return _Reader(where, None).codebook(data, source)


def _lost(cb, what: str) -> None:
    warnings.warn(f"codebook {cb.name!r}: {what}", UserWarning, stacklevel=4)


def _view(cb, lang: str | None, fmt: str):
    view = cb.for_language(lang)
    if len(cb.languages) > 1:
        _lost(cb, f"the {fmt} file holds the {view.language} cues only (lang= picks another)")
    if any(f.exclude for f in view.frames):
        _lost(cb, f"exclude phrases cannot be written to a {fmt} file; they are left out")
    if any(f.negation for f in view.frames):
        _lost(cb, f"negation rules cannot be written to a {fmt} file; they are left out")
    if any(w != 1 for f in view.frames for w in f.weights):
        _lost(cb, f"cue weights cannot be written to a {fmt} file; they are left out")
    return view


def to_dic(cb, lang: str | None = None) -> str:
    """The cues of ``cb`` as a LIWC ``.dic`` text: one category per frame, numbered in order.

    A cue in several frames is one line with several category ids. LIWC itself
    reads only a final ``*``; framing reads back every wildcard.

    Examples
    --------
    >>> import framing
    >>> cb = framing.load_codebook({"name": "x", "version": "1", "frames": [
    ...     {"name": "a", "label": "A", "definition": "d", "cues": ["war", "peace*"]},
    ...     {"name": "b", "label": "B", "definition": "d", "cues": ["war"]}]})
    >>> cb.to_dic().splitlines()
    ['%', '1\\ta', '2\\tb', '%', 'war\\t1\\t2', 'peace*\\t1']
    """
    view = _view(cb, lang, "LIWC")
    lines = ["%"] + [f"{i}\t{f.name}" for i, f in enumerate(view.frames, 1)] + ["%"]
    ids: dict[str, list[int]] = {}
    for i, f in enumerate(view.frames, 1):
        for cue in f.cues:
            ids.setdefault(cue, []).append(i)
    lines += [f"{cue}\t" + "\t".join(map(str, n)) for cue, n in ids.items()]
    return "\n".join(lines) + "\n"


def to_lc3(cb, lang: str | None = None) -> str:
    """The cues of ``cb`` as a Lexicoder ``.lc3`` text: ``+frame`` then one cue per line.

    Examples
    --------
    >>> import framing
    >>> cb = framing.load_codebook({"name": "x", "version": "1", "frames": [
    ...     {"name": "a", "label": "A", "definition": "d", "cues": ["war", "peace talks"]}]})
    >>> print(cb.to_lc3())
    +a
    war
    peace talks
    <BLANKLINE>
    """
    view = _view(cb, lang, "Lexicoder")
    lines = []
    for f in view.frames:
        lines.append(f"+{f.name}")
        lines += list(f.cues)
    return "\n".join(lines) + "\n"
