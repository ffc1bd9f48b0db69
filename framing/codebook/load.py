"""Codebooks from YAML: bundled names, files and strings, validated with errors that point.

YAML is read with ``yaml.safe_load`` semantics only. Errors name the file,
the line YAML reports, the frame and the key.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from framing.codebook.matching import validate_pattern
from framing.codebook.model import (
    _FRAME_LISTS,
    _FRAME_REQUIRED,
    _RESERVED,
    _TOP_OPTIONAL,
    _TOP_REQUIRED,
    Codebook,
    Frame,
)
from framing.errors import CodebookError
from framing.io._files import EncodingProblem, read_text

__all__ = ["load_codebook", "list_codebooks", "codebook_from_yaml", "resolve_codebook"]

_DATA = Path(__file__).resolve().parents[1] / "data" / "codebooks"


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

    def patterns(self, d: dict, key: str, path: tuple, frame: str) -> tuple[str, ...]:
        items = self.str_list(d, key, path, frame)
        out = []
        for i, item in enumerate(items):
            try:
                out.append(validate_pattern(item))
            except ValueError as exc:
                raise self.fail(
                    f"invalid pattern {exc}; fix or remove it", path + (key, i), frame
                ) from None
        return tuple(dict.fromkeys(out))

    def codebook(self, data: Any, source: str | None) -> Codebook:
        if not isinstance(data, dict):
            raise self.fail(
                "a codebook must be a YAML mapping with keys name, version, description, "
                "citation and frames"
            )
        unknown = [k for k in data if k not in _TOP_REQUIRED + _TOP_OPTIONAL]
        if unknown:
            raise self.fail(
                f"unknown key {unknown[0]!r}; allowed keys: {', '.join(_TOP_REQUIRED + _TOP_OPTIONAL)}",
                (unknown[0],),
            )
        for key in _TOP_REQUIRED:
            if key not in data:
                raise self.fail(f"missing required key {key!r}")
        frames_raw = data["frames"]
        if not isinstance(frames_raw, list) or not frames_raw:
            raise self.fail("'frames' must be a non-empty list of frames", ("frames",))
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
            description=self.text(data, "description", ()),
            citation=self.text(data, "citation", ()),
            frames=tuple(frames),
            language=data.get("language"),
            license=data.get("license"),
            source=source,
        )

    def frame(self, fr: Any, path: tuple, i: int) -> Frame:
        if not isinstance(fr, dict):
            raise self.fail(
                f"frame {i + 1} must be a mapping with name, label, definition, cues", path
            )
        name = fr.get("name")
        label = name if isinstance(name, str) else f"#{i + 1}"
        allowed = _FRAME_REQUIRED + _FRAME_LISTS
        for k in fr:
            if k not in allowed:
                raise self.fail(
                    f"unknown key {k!r}; allowed frame keys: {', '.join(allowed)}",
                    path + (k,),
                    label,
                )
        for k in _FRAME_REQUIRED:
            if k not in fr:
                raise self.fail(f"missing required key {k!r}", path, label)
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
        cues = self.patterns(fr, "cues", path, name)
        if not cues:
            raise self.fail("empty cue list; give at least one cue", path + ("cues",), name)
        return Frame(
            name=name,
            label=self.text(fr, "label", path, name),
            definition=self.text(fr, "definition", path, name),
            cues=cues,
            counts=self.str_list(fr, "counts", path, name),
            does_not_count=self.str_list(fr, "does_not_count", path, name),
            borderline=self.str_list(fr, "borderline", path, name),
            examples=self.str_list(fr, "examples", path, name),
            counter_examples=self.str_list(fr, "counter_examples", path, name),
            exclude=self.patterns(fr, "exclude", path, name),
        )


def _from_text(text: str, where: str, source: str | None) -> Codebook:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CodebookError(
            f"{where}{line}: malformed YAML ({problem}); check indentation and quoting there"
        ) from None
    dup = _duplicate_key(node)
    if dup is not None:
        key, line = dup
        raise CodebookError(
            f"{where}, line {line}: duplicate key {key!r} (YAML would keep only the last); "
            "remove or merge one of them"
        )
    return _Reader(where, node).codebook(data, source)


def _duplicate_key(node):
    """The first key that appears twice in one mapping, with its line, or None."""
    import yaml

    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            seen = set()
            for k, v in n.value:
                if k.value in seen:
                    return k.value, k.start_mark.line + 1
                seen.add(k.value)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    return None


def load_codebook(source: str | Path | Codebook | dict) -> Codebook:
    """Load a codebook by bundled name or from a YAML file.

    Parameters
    ----------
    source : str, Path, Codebook or dict
        A bundled name (see :func:`list_codebooks`), a path to a ``.yaml``
        file, an already loaded :class:`Codebook` (returned as is) or a dict
        with the YAML structure.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        For unknown names, unreadable files and every malformed entry, naming
        the file, the line, the frame and the key.

    Examples
    --------
    >>> cb = load_codebook("pow-exchange")
    >>> cb.frame_names[:4]
    ['morale', 'humanitarian', 'leverage', 'diplomacy']
    """
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
        raise CodebookError(
            f"no codebook named {str(source)!r} and no such file; bundled codebooks: "
            f"{', '.join(list_codebooks())}; or give the path to a YAML file"
        )
    try:
        text = read_text(path)
    except EncodingProblem as exc:
        raise CodebookError(
            f"{path}, line {exc.line}: not valid UTF-8 (byte {exc.byte:#04x}); "
            "save the codebook as UTF-8"
        ) from None
    except PermissionError:
        raise CodebookError(f"{path}: permission denied; make the codebook file readable") from None
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read the codebook ({exc.strerror or exc})") from None
    return _from_text(text, str(path), str(path))


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
        first = description.split(": ", 1)[0].split(". ", 1)[0].strip().rstrip(".")
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
