"""Outlet names: spellings of one outlet found and merged."""

from __future__ import annotations

import re

import pandas as pd

from framing.errors import CorpusError

__all__ = ["suggest_outlet_aliases"]


# How archives decorate outlet names: "The Guardian (London)", "Guardian.com", "www.guardian.co.uk"
_PLACE_RX = re.compile(r"\s*\([^()]*\)\s*$")
_WEB_RX = re.compile(r"^(?:https?://)?(?:www\.)?")
_DOMAIN_RX = re.compile(
    r"\.(?:com|co\.uk|org\.uk|org|net|info|news|online|co|uk|us|ru|ua|de|fr|at|ch|eu)(?:/.*)?$"
)


def _outlet_key(name: str) -> str:
    key = _PLACE_RX.sub("", str(name).casefold().strip())
    key = _DOMAIN_RX.sub("", _WEB_RX.sub("", key))
    key = re.sub(r"[\W_]+", "", key)
    if key.startswith("the") and len(key) > 6:
        key = key[3:]  # "The Guardian", "guardian.co.uk" and "theguardian" are one outlet
    return key


def _display_score(name: str) -> int:
    """How much a spelling reads like a name: spaces and capitals, not punctuation or places."""
    punct = sum(not (c.isalnum() or c.isspace()) for c in name)
    place = 4 if _PLACE_RX.search(name) else 0
    domain = 4 if _DOMAIN_RX.search(name.casefold()) else 0
    return name.count(" ") + sum(c.isupper() for c in name) - punct - place - domain


def suggest_outlet_aliases(corpus: pd.DataFrame, *, outlet_col: str = "outlet") -> dict[str, str]:
    """Propose ``outlet_aliases`` for spellings of the same outlet.

    Spellings that agree once case, spaces and punctuation are ignored
    ("The Huffington Post", "thehuffingtonpost") are merged into the spelling
    that reads most like a name — the one with most spaces and capitals — so
    slugs and lower-cased variants give way to the display name (ties: the
    most frequent spelling, then alphabetical). The decorations news archives
    add are ignored too: a place in parentheses at the end ("The Guardian
    (London)"), a web address ("Guardian.com", "www.guardian.co.uk") and a
    leading "The"; the plain name is preferred as the canonical spelling.

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
    >>> archive = pd.Series(["The Guardian (London)", "Guardian.com", "guardian.co.uk", "The Guardian"])
    >>> sorted(suggest_outlet_aliases(archive).items())
    [('Guardian.com', 'The Guardian'), ('The Guardian (London)', 'The Guardian'), ('guardian.co.uk', 'The Guardian')]
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
