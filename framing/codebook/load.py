"""Codebooks from YAML: bundled names, files and strings, validated with errors that point.

YAML is read with ``yaml.safe_load`` semantics only. Errors name the file,
the line YAML reports, the frame and the key.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from pathlib import Path
from typing import Any

from framing.codebook.matching import validate_pattern
from framing.codebook.model import (
    _FRAME_OPTIONAL,
    _FRAME_REQUIRED,
    _LANG_RX,
    _RESERVED,
    _TOP_OPTIONAL,
    _TOP_REQUIRED,
    MATCH_MODES,
    Codebook,
    Frame,
    Lexicon,
    Negation,
)
from framing.errors import CodebookError
from framing.io._files import EncodingProblem, read_text

__all__ = ["load_codebook", "list_codebooks", "codebook_from_yaml", "resolve_codebook"]

_DATA = Path(__file__).resolve().parents[1] / "data" / "codebooks"

#: Where every codebook key is described (named in error messages).
SCHEMA_DOC = "docs/codebook-schema.md"

# Frame keys that may be given per language ({en: ..., ru: ...}).
_PER_LANGUAGE = ("cues", "exclude", "negation")


def _is_negation(value: Any) -> bool:
    """A negation rule itself (``{window, words}``), not a mapping per language."""
    return isinstance(value, dict) and bool(value) and set(value) <= {"window", "words"}


def _per_language(key: str, value: Any) -> bool:
    """Whether the value of a frame key is given per language."""
    return isinstance(value, dict) and not (key == "negation" and _is_negation(value))


def _num(x: float) -> str:
    return f"{x:g}"


def list_codebooks() -> list[str]:
    """Names of the bundled codebooks."""
    return sorted(p.stem for p in _DATA.glob("*.yaml"))


def _line_of(node, path: tuple) -> int | None:
    """1-based line of the YAML node at ``path`` (keys and list indices)."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == step:
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


class _Reader:
    """Validates a parsed codebook, naming file, line, frame and key in errors."""

    def __init__(self, where: str, root_node):
        self.where = where
        self.root = root_node
        self.language: str | None = None  # the language of plain cue lists
        self.primary: str | None = None  # the language Frame.cues reports
        self.multilingual = False

    def fail(self, msg: str, path: tuple = (), frame: str | None = None) -> CodebookError:
        loc = self.where
        line = _line_of(self.root, path) if self.root is not None else None
        if line:
            loc += f", line {line}"
        if frame:
            loc += f", frame {frame!r}"
        keys = [k for k in path if isinstance(k, str) and k != "frames"]
        if keys:
            loc += f", key {keys[-1]!r}"
        return CodebookError(f"{loc}: {msg}")

    def text(self, d: dict, key: str, path: tuple, frame: str | None = None) -> str:
        value = d.get(key)
        if isinstance(value, int | float) and key == "version":
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string", path + (key,), frame)
        return value.strip() if key != "definition" else value.strip()

    def str_list(self, d: dict, key: str, path: tuple, frame: str) -> tuple[str, ...]:
        value = d.get(key, [])
        if value is None:
            value = []
        if isinstance(value, str) or not isinstance(value, list):
            raise self.fail(f"{key!r} must be a list of strings", path + (key,), frame)
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(
                    f"item {i + 1} of {key!r} must be a non-empty string, got {item!r}",
                    path + (key, i),
                    frame,
                )
        return tuple(v.strip() for v in value)

    def patterns(
        self, items: Any, key: str, path: tuple, frame: str, lang: str | None, *, weighted=False
    ) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """Validated, normalised patterns (and weights) of one list, duplicates merged."""
        if items is None:
            items = []
        if isinstance(items, str) or not isinstance(items, list):
            raise self.fail(
                f"{key!r} must be a list of cues, or a mapping from language codes to lists "
                "(e.g. {en: [...], ru: [...]})",
                path,
                frame,
            )
        found: dict[str, float] = {}
        for i, item in enumerate(items):
            weight = 1.0
            if weighted and isinstance(item, dict):
                pattern, weight = self.weighted(item, key, path + (i,), frame)
            elif not isinstance(item, str) or not item.strip():
                hint = " or {cue: ..., weight: ...}" if weighted else ""
                raise self.fail(
                    f"item {i + 1} of {key!r} must be a non-empty string{hint}, got {item!r}",
                    path + (i,),
                    frame,
                )
            else:
                pattern = item
            try:
                norm = validate_pattern(pattern, lang)
            except ValueError as exc:
                raise self.fail(
                    f"invalid pattern {exc}; fix or remove it", path + (i,), frame
                ) from None
            if norm in found and found[norm] != weight:
                raise self.fail(
                    f"the cue {norm!r} is listed twice with different weights "
                    f"({_num(found[norm])} and {_num(weight)}); keep one",
                    path + (i,),
                    frame,
                )
            found[norm] = weight
        weights = tuple(found.values())
        return tuple(found), (() if all(w == 1 for w in weights) else weights)

    def weighted(self, item: dict, key: str, path: tuple, frame: str) -> tuple[str, float]:
        unknown = [k for k in item if k not in ("cue", "weight")]
        if unknown or "cue" not in item:
            raise self.fail(
                f"a weighted cue is written {{cue: war, weight: 2.5}}; got keys "
                f"{', '.join(map(str, item))}",
                path,
                frame,
            )
        cue, weight = item["cue"], item.get("weight", 1)
        if not isinstance(cue, str) or not cue.strip():
            raise self.fail(f"'cue' must be a non-empty string, got {cue!r}", path, frame)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
        ):
            raise self.fail(
                f"the weight of {cue!r} must be a finite number, got {weight!r}", path, frame
            )
        return cue, float(weight)

    def by_language(self, value: Any, key: str, path: tuple, frame: str) -> dict[str | None, Any]:
        """``{lang: value}`` for a per-language mapping, ``{language: value}`` for a plain value."""
        default = self.language
        if _per_language(key, value):
            out: dict[str | None, Any] = {}
            for lang, v in value.items():
                code = self.lang_key(lang, path + (key,), frame)
                if code in out:
                    raise self.fail(f"language {code!r} is given twice", path + (key,), frame)
                out[code] = v
            return out
        if self.multilingual and default is None:
            raise self.fail(
                f"{key!r} is a plain list but the codebook has cues in several languages and "
                "no 'language'; write it per language ({en: [...]}) or add 'language' to the "
                "codebook",
                path + (key,),
                frame,
            )
        return {default: value}

    def lang_key(self, lang: Any, path: tuple, frame: str | None = None) -> str:
        if not isinstance(lang, str) or not _LANG_RX.fullmatch(lang.strip().lower()):
            raise self.fail(
                f"{lang!r} is not a language code; use ISO 639-1 codes such as en, ru, uk, de",
                path,
                frame,
            )
        return lang.strip().lower()

    def negation(self, value: Any, path: tuple, frame: str, lang: str | None):
        if value is None:
            return None
        if not isinstance(value, dict) or not _is_negation(value):
            raise self.fail(
                "negation is written {window: 3, words: [not, no, never, without]} (or one such "
                "mapping per language)",
                path,
                frame,
            )
        unknown = [k for k in value if k not in ("window", "words")]
        if unknown:
            raise self.fail(
                f"unknown negation key {unknown[0]!r}; allowed: window, words", path, frame
            )
        window = value.get("window", 3)
        if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 20:
            raise self.fail(
                f"negation 'window' must be a whole number of words from 1 to 20, got {window!r}",
                path + ("window",),
                frame,
            )
        words, _ = self.patterns(value.get("words"), "words", path + ("words",), frame, lang)
        if not words:
            raise self.fail("negation needs a non-empty list of 'words'", path, frame)
        multi = [w for w in words if " " in w]
        if multi:
            raise self.fail(
                f"negation words are single words; {multi[0]!r} has several", path, frame
            )
        return Negation(window=window, words=words)

    def codebook(self, data: Any, source: str | None) -> Codebook:
        if not isinstance(data, dict):
            raise self.fail(
                "a codebook must be a YAML mapping with keys name, version and frames "
                f"(see {SCHEMA_DOC})"
            )
        allowed = _TOP_REQUIRED + _TOP_OPTIONAL
        unknown = [k for k in data if k not in allowed]
        if unknown:
            raise self.fail(
                f"unknown key {unknown[0]!r}; allowed keys: {', '.join(allowed)} (see {SCHEMA_DOC})",
                (unknown[0],),
            )
        for key in _TOP_REQUIRED:
            if key not in data:
                raise self.fail(f"missing required key {key!r} (see {SCHEMA_DOC})")
        frames_raw = data["frames"]
        if not isinstance(frames_raw, list) or not frames_raw:
            raise self.fail("'frames' must be a non-empty list of frames", ("frames",))
        language = data.get("language")
        if language is not None:
            language = self.lang_key(language, ("language",))
        self.multilingual = any(
            isinstance(fr, dict) and any(_per_language(k, fr.get(k)) for k in _PER_LANGUAGE)
            for fr in frames_raw
        )
        self.language = self.primary = language
        if language is None and self.multilingual:
            # frames report the cues of the first language written (texts without a
            # language are matched in it too, see Codebook.covers)
            for fr in frames_raw:
                if isinstance(fr, dict) and isinstance(fr.get("cues"), dict) and fr["cues"]:
                    self.primary = self.lang_key(next(iter(fr["cues"])), ("frames",))
                    break
        match = self.match(data.get("match", "glob"))
        frames: list[Frame] = []
        seen: dict[str, int] = {}
        for i, fr in enumerate(frames_raw):
            frames.append(self.frame(fr, ("frames", i), i))
            name = frames[-1].name
            if name in seen:
                raise self.fail(
                    f"duplicate frame name {name!r} (frames {seen[name] + 1} and {i + 1}); "
                    "frame names must be unique",
                    ("frames", i, "name"),
                    name,
                )
            seen[name] = i
        return Codebook(
            name=self.text(data, "name", ()),
            version=self.text(data, "version", ()),
            description=self.optional_text(data, "description"),
            citation=self.optional_text(data, "citation"),
            frames=tuple(frames),
            language=language,
            license=self.optional_text(data, "license"),
            match=match,
            source=source,
        )

    def optional_text(self, d: dict, key: str) -> str | None:
        if d.get(key) is None:
            return None
        return self.text(d, key, ())

    def match(self, value: Any) -> str | tuple[tuple[str, str], ...]:
        def mode(v, path):
            if v not in MATCH_MODES:
                raise self.fail(
                    f"'match' must be one of {', '.join(MATCH_MODES)} (or one per language, "
                    f"e.g. {{ru: lemma, uk: lemma}}), got {v!r}",
                    path,
                )
            return v

        if isinstance(value, dict):
            pairs = {self.lang_key(k, ("match",)): mode(v, ("match", k)) for k, v in value.items()}
            return tuple(pairs.items()) if set(pairs.values()) - {"glob"} else "glob"
        return mode(value, ("match",))

    def frame(self, fr: Any, path: tuple, i: int) -> Frame:
        if not isinstance(fr, dict):
            raise self.fail(
                f"frame {i + 1} must be a mapping with name, label, definition, cues", path
            )
        name = fr.get("name")
        label = name if isinstance(name, str) else f"#{i + 1}"
        allowed = _FRAME_REQUIRED + _FRAME_OPTIONAL
        for k in fr:
            if k not in allowed:
                raise self.fail(
                    f"unknown key {k!r}; allowed frame keys: {', '.join(allowed)} "
                    f"(see {SCHEMA_DOC})",
                    path + (k,),
                    label,
                )
        for k in _FRAME_REQUIRED:
            if k not in fr:
                raise self.fail(f"missing required key {k!r} (see {SCHEMA_DOC})", path, label)
        name = self.text(fr, "name", path, label)
        if not name.replace("_", "a").isalnum() or not name[0].isalpha() or name != name.lower():
            raise self.fail(
                f"frame name {name!r} must be lower case letters, digits and '_' (e.g. human_interest)",
                path + ("name",),
                label,
            )
        if name in _RESERVED:
            raise self.fail(
                f"frame name {name!r} is reserved for a column of the results; choose another",
                path + ("name",),
                name,
            )
        parts: dict[str | None, dict[str, Any]] = {}
        for key in _PER_LANGUAGE:
            if fr.get(key) is None:
                continue
            nested = _per_language(key, fr[key])
            for lang, value in self.by_language(fr[key], key, path, name).items():
                where = path + (key, lang) if nested else path + (key,)
                part = parts.setdefault(lang, {})
                if key == "negation":
                    part[key] = self.negation(value, where, name, lang)
                else:
                    part[key] = self.patterns(value, key, where, name, lang, weighted=key == "cues")
        lexicons = []
        for lang, part in parts.items():
            cues, weights = part.get("cues", ((), ()))
            exclude, _ = part.get("exclude", ((), ()))
            lex = Lexicon(
                cues=cues, weights=weights, exclude=exclude, negation=part.get("negation")
            )
            if lex:
                lexicons.append((lang, lex))
        if not any(lex.cues for _, lex in lexicons):
            raise self.fail("empty cue list; give at least one cue", path + ("cues",), name)
        return Frame(
            name=name,
            label=self.text(fr, "label", path, name),
            definition=self.text(fr, "definition", path, name),
            lexicons=tuple(lexicons),
            counts=self.str_list(fr, "counts", path, name),
            does_not_count=self.str_list(fr, "does_not_count", path, name),
            borderline=self.str_list(fr, "borderline", path, name),
            examples=self.str_list(fr, "examples", path, name),
            counter_examples=self.str_list(fr, "counter_examples", path, name),
            language=self.primary,
        )


def _from_text(
    text: str,
    where: str,
    source: str | None,
    *,
    fmt: str | None = None,
    name: str | None = None,
    language: str | None = None,
) -> Codebook:
    from framing.codebook.formats import detect_format, is_quanteda_yaml, read_dictionary
    from framing.io._yaml import YAMLProblem, load_yaml

    suffix = Path(source).suffix if source else ""
    fmt = fmt or detect_format(text, suffix)
    stem = name or (Path(source).stem if source else "dictionary")
    filename = Path(source).name if source else None
    if fmt not in ("yaml", "quanteda"):
        return read_dictionary(
            text, fmt, where=where, name=stem, filename=filename, source=source, language=language
        )
    try:
        data, node = load_yaml(text)
    except YAMLProblem as exc:
        line = f", line {exc.line}" if exc.line else ""
        hint = (
            "; check indentation and quoting there" if exc.message.startswith("malformed") else ""
        )
        raise CodebookError(f"{where}{line}: {exc.message}{hint}") from None
    if fmt == "quanteda" or is_quanteda_yaml(data):
        return read_dictionary(
            data,
            "quanteda",
            where=where,
            name=stem,
            filename=filename,
            source=source,
            language=language,
        )
    if language is not None and isinstance(data, dict) and "language" not in data:
        data = {**data, "language": language}
    return _Reader(where, node).codebook(data, source)


def load_codebook(
    source: str | Path | Codebook | dict,
    *,
    format: str | None = None,
    encoding: str | None = None,
    language: str | None = None,
) -> Codebook:
    """Load a codebook by bundled name, from a YAML file, or from a dictionary file.

    Parameters
    ----------
    source : str, Path, Codebook or dict
        A bundled name (see :func:`list_codebooks`), a path to a codebook
        ``.yaml`` file or to a dictionary in another format (LIWC ``.dic``,
        WordStat ``.cat``, Lexicoder ``.lc3``, quanteda YAML; see
        :mod:`framing.codebook.formats`), an already loaded :class:`Codebook`
        (returned as is) or a dict with the YAML structure.
    format : {'yaml', 'liwc', 'wordstat', 'lexicoder', 'quanteda'}, optional
        The file's format; by default recognised from its content (and its
        extension when the content leaves it open).
    encoding : str, optional
        The file's encoding. Default: UTF-8; dictionary files that are not
        UTF-8 are read as Windows-1252 (as LIWC and WordStat write them), with a
        warning.
    language : str, optional
        The language of a dictionary's entries (``'en'``): dictionary files do not
        say, and without it the codebook matches text in every language alike,
        so a ``lang`` column with other languages gets 0 where NaN is honest.
        For a YAML codebook it is used only when the file declares no
        ``language`` itself.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        For unknown names, unreadable files and every malformed entry, naming
        the file, the line, the frame and the key. Every key of the YAML format
        is described in ``docs/codebook-schema.md``.

    Examples
    --------
    >>> cb = load_codebook("pow-exchange")
    >>> cb.frame_names[:4]
    ['morale', 'humanitarian', 'leverage', 'diplomacy']
    """
    from framing._validation import check_choice

    if format is not None:
        check_choice("format", format, ("yaml", "liwc", "wordstat", "lexicoder", "quanteda"))
    if isinstance(source, Codebook):
        return source
    if isinstance(source, dict):
        return _Reader("<dict>", None).codebook(source, None)
    if not isinstance(source, str | Path):
        raise CodebookError(
            f"a codebook source must be a name, a path or a Codebook, not {type(source).__name__}"
        )
    path = Path(source)
    if isinstance(source, str) and source in list_codebooks() and not path.exists():
        path = _DATA / f"{source}.yaml"
    if path.is_dir():
        raise CodebookError(f"{path} is a folder; give the path of a codebook .yaml file")
    if not path.is_file():
        if path.exists():
            raise CodebookError(
                f"{path} is not a regular file (a device or a pipe?); give a codebook file"
            )
        raise CodebookError(
            f"no codebook named {str(source)!r} and no such file; bundled codebooks: "
            f"{', '.join(list_codebooks())}; or give the path to a YAML file"
        )
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, format, encoding, language)
    except OSError:
        key = None
    if key is not None and key in _LOADED:
        return _LOADED[key]
    codebook = _read_file(path, format, encoding, language)
    if key is not None:
        if len(_LOADED) >= 32:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = codebook
    return codebook


# Codebooks are immutable: a file read once is not parsed again until it changes.
_LOADED: dict[tuple, Codebook] = {}


def _read_file(
    path: Path, format: str | None, encoding: str | None, language: str | None
) -> Codebook:
    try:
        text = read_text(path, encoding or "utf-8")
    except EncodingProblem as exc:
        from framing.codebook.formats import _SUFFIXES

        if encoding is not None or path.suffix.lower() not in _SUFFIXES:
            raise CodebookError(
                f"{path}, line {exc.line}: not valid {encoding or 'UTF-8'} (byte {exc.byte:#04x}); "
                "save the codebook as UTF-8, or pass encoding="
            ) from None
        text = path.read_bytes().decode("cp1252", errors="replace")
        warnings.warn(
            f"{path} is not UTF-8 (line {exc.line}); read as Windows-1252; pass encoding= "
            "if that is wrong",
            UserWarning,
            stacklevel=2,
        )
    except LookupError:
        raise CodebookError(
            f"unknown encoding {encoding!r}; use a Python codec name such as 'utf-8'"
        ) from None
    except PermissionError:
        raise CodebookError(f"{path}: permission denied; make the codebook file readable") from None
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read the codebook ({exc.strerror or exc})") from None
    return _from_text(text, str(path), str(path), fmt=format, language=language)


def codebook_from_yaml(text: str) -> Codebook:
    """Parse a codebook from a YAML string (the inverse of :meth:`Codebook.to_yaml`)."""
    return _from_text(text, "<yaml string>", None)


def _bundled_menu() -> str:
    """One line per bundled codebook: its name and the first sentence of its description."""
    lines = []
    for name in list_codebooks():
        try:
            description = load_codebook(name).description
        except CodebookError:  # pragma: no cover - a broken bundled file fails its own tests
            description = ""
        first = (description or "").split(": ", 1)[0].split(". ", 1)[0].strip().rstrip(".")
        lines.append(f"{name} ({textwrap.shorten(first, 80, placeholder=' …')})" if first else name)
    return "; ".join(lines)


def resolve_codebook(codebook: Any, data: Any = None) -> Codebook:
    """The codebook to measure ``data`` with: the one given, else the one ``data`` declares.

    framing never falls back on a topic-specific codebook: a bundled corpus
    declares its codebook (``load_corpus("pow-exchange-2025")`` carries
    ``pow-exchange`` in its provenance, and sentence and score tables keep it); any
    other data needs ``codebook=``.
    """
    if codebook is not None:
        return load_codebook(codebook)
    from framing._provenance import read

    declared = read(data).get("codebook") if data is not None else None
    if declared:
        return load_codebook(declared)
    raise CodebookError(
        "no codebook given, and the data does not declare one; pass codebook= (CLI: --codebook) "
        f"with a YAML path or a bundled codebook: {_bundled_menu()}"
    )
