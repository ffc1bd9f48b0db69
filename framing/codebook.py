"""Codebooks: framing dimensions defined in readable YAML.

A codebook names a set of frames. Each frame carries a definition a human
coder can apply (with what counts, what does not, borderline rules, examples
and counter-examples) and the cue patterns the dictionary scorer counts (see
:mod:`framing.matching` for the matching rules). The same file generates the
human coding guide (:meth:`Codebook.to_markdown`), so coders and the scorer
read one definition.

YAML is read with ``yaml.safe_load`` semantics only. Errors name the file,
the line YAML reports, the frame and the key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from ._io import EncodingProblem, read_text
from .errors import CodebookError
from .matching import Matcher, validate_pattern

__all__ = ["Codebook", "Frame", "load_codebook", "list_codebooks"]

_DATA = Path(__file__).parent / "data" / "codebooks"
_TOP_REQUIRED = ("name", "version", "description", "citation", "frames")
_TOP_OPTIONAL = ("language", "license")
_FRAME_REQUIRED = ("name", "label", "definition", "cues")
_FRAME_LISTS = ("counts", "does_not_count", "borderline", "examples", "counter_examples", "exclude")
# Frame names become columns of score tables next to these.
_RESERVED = frozenset(
    {"doc_id", "sent_id", "text", "n_tokens", "outlet", "date", "title", "lang", "start", "end"}
)


@dataclass(frozen=True)
class Frame:
    """One framing dimension of a codebook."""

    name: str
    label: str
    definition: str
    cues: tuple[str, ...]
    counts: tuple[str, ...] = ()
    does_not_count: tuple[str, ...] = ()
    borderline: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                if not value and f.name not in _FRAME_REQUIRED:
                    continue
                value = list(value)
            out[f.name] = value
        return out

    @cached_property
    def matcher(self) -> Matcher:
        """The compiled :class:`~framing.matching.Matcher` of this frame's cues."""
        return Matcher(self.cues, self.exclude)


@dataclass(frozen=True)
class Codebook:
    """A named, versioned set of frames.

    Attributes
    ----------
    name, version, description, citation : str
    frames : tuple of Frame
    language, license : str or None
    source : str or None
        Where it was loaded from (not part of its identity).
    """

    name: str
    version: str
    description: str
    citation: str
    frames: tuple[Frame, ...]
    language: str | None = None
    license: str | None = None
    source: str | None = field(default=None, compare=False)

    @property
    def frame_names(self) -> list[str]:
        """Frame names in codebook order."""
        return [f.name for f in self.frames]

    def __getitem__(self, name: str) -> Frame:
        for f in self.frames:
            if f.name == name:
                return f
        raise KeyError(
            f"codebook {self.name!r} has no frame {name!r}; frames: {', '.join(self.frame_names)}"
        )

    def __iter__(self):
        return iter(self.frames)

    def __len__(self) -> int:
        return len(self.frames)

    def __repr__(self) -> str:
        return f"<Codebook {self.name} {self.version}: {', '.join(self.frame_names)}>"

    def frame_matcher(self, name: str) -> Matcher:
        """The compiled matcher of one frame."""
        return self[name].matcher

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in _TOP_REQUIRED if k != "frames"}
        for k in _TOP_OPTIONAL:
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        out["frames"] = [f.to_dict() for f in self.frames]
        return out

    def to_yaml(self) -> str:
        """The codebook as YAML; ``load_codebook`` of it gives an equal codebook."""
        import yaml

        return yaml.safe_dump(
            self.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the codebook's canonical JSON form: identifies its content."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def provenance(self) -> dict[str, str]:
        """Name, version and hash, as recorded in every result."""
        return {
            "codebook": self.name,
            "codebook_version": self.version,
            "codebook_sha256": self.sha256,
        }

    def to_markdown(self) -> str:
        """A coding guide for human coders, generated from the definitions."""
        lines = [f"# Coding guide: {self.name} (version {self.version})", ""]
        lines += [self.description.strip(), "", f"Cite as: {self.citation.strip()}", ""]
        for f in self.frames:
            lines += [f"## {f.label} (`{f.name}`)", "", f.definition.strip(), ""]
            for title, items in (
                ("What counts", f.counts),
                ("What does not count", f.does_not_count),
                ("Borderline rules", f.borderline),
                ("Examples", f.examples),
                ("Counter-examples", f.counter_examples),
            ):
                if items:
                    lines += [f"**{title}**", ""] + [f"- {x.strip()}" for x in items] + [""]
        return "\n".join(lines).rstrip() + "\n"


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
        frames, seen = [], {}
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
    return _from_text(text, str(path), str(path))


def codebook_from_yaml(text: str) -> Codebook:
    """Parse a codebook from a YAML string (the inverse of :meth:`Codebook.to_yaml`)."""
    return _from_text(text, "<yaml string>", None)
