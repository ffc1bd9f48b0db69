"""Lemmatisers: a batch of lower-cased word types → their dictionary forms.

Filled in below by measurement (see ``benchmarks/bench_languages.py``).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["lemmatizer_for"]


def lemmatizer_for(code: str) -> Callable[[list[str]], list[str]] | None:
    """The lemmatiser of a language code, or ``None`` when it has none."""
    return None
