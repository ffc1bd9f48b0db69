"""The codebook model: frames with coder guidance and cues, in a named, versioned codebook.

A codebook names a set of frames. Each frame carries a definition a human
coder can apply (with what counts, what does not, borderline rules, examples
and counter-examples) and the cue patterns the dictionary scorer counts (see
:mod:`framing.codebook.matching` for the matching rules). The same object
generates the human coding guide (:meth:`Codebook.to_markdown`), so coders and
the scorer read one definition. Reading and writing YAML lives in
:mod:`framing.codebook.load`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

from framing.codebook.matching import Matcher

__all__ = ["Codebook", "Frame"]

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
