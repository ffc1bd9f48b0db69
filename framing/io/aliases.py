"""Outlet names: spellings of one outlet found and merged."""

from __future__ import annotations

import re

import pandas as pd

from framing.errors import CorpusError

__all__ = ["suggest_outlet_aliases"]


def _outlet_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", str(name).casefold())


def _display_score(name: str) -> int:
    """How much a spelling reads like a name: spaces and capitals, not punctuation."""
    punct = sum(not (c.isalnum() or c.isspace()) for c in name)
    return name.count(" ") + sum(c.isupper() for c in name) - punct


def suggest_outlet_aliases(corpus: pd.DataFrame, *, outlet_col: str = "outlet") -> dict[str, str]:
    """Propose ``outlet_aliases`` for spellings of the same outlet.

    Spellings that agree once case, spaces and punctuation are ignored
    ("The Huffington Post", "thehuffingtonpost") are merged into the spelling
    that reads most like a name — the one with most spaces and capitals — so
    slugs and lower-cased variants give way to the display name (ties: the
    most frequent spelling, then alphabetical).

    Returns
    -------
    dict
        ``{variant: canonical}`` for every variant that differs from its
        canonical spelling; pass it to ``load_corpus(outlet_aliases=...)``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"outlet": ["The Huffington Post", "thehuffingtonpost", "RT", "rt", "RT"]})
    >>> sorted(suggest_outlet_aliases(df).items())
    [('rt', 'RT'), ('thehuffingtonpost', 'The Huffington Post')]
    """
    if isinstance(corpus, pd.Series):
        corpus = corpus.to_frame(outlet_col)
    if not isinstance(corpus, pd.DataFrame) or outlet_col not in corpus.columns:
        raise CorpusError(
            f"no {outlet_col!r} column; pass a corpus DataFrame (or a Series of outlets)"
        )
    counts = corpus[outlet_col].dropna().astype(str).value_counts()
    groups: dict[str, list[str]] = {}
    for name in counts.index:
        groups.setdefault(_outlet_key(name), []).append(name)
    out: dict[str, str] = {}
    for names in groups.values():
        if len(names) < 2:
            continue
        canonical = sorted(
            names,
            key=lambda n: (-_display_score(n), -counts[n], n),
        )[0]
        out.update({n: canonical for n in names if n != canonical})
    return out
