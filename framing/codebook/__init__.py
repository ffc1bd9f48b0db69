"""Codebooks: framing dimensions defined in readable YAML.

:mod:`framing.codebook.model` holds the :class:`Codebook` and :class:`Frame`
objects, :mod:`framing.codebook.load` reads and checks YAML, and
:mod:`framing.codebook.matching` states the cue-matching rules once for every
function that matches.
"""

from __future__ import annotations

from framing.codebook.load import (
    codebook_from_yaml,
    list_codebooks,
    load_codebook,
    resolve_codebook,
)
from framing.codebook.model import Codebook, Frame

__all__ = [
    "Codebook",
    "Frame",
    "load_codebook",
    "list_codebooks",
    "codebook_from_yaml",
    "resolve_codebook",
]
