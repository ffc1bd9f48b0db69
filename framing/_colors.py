"""Stable, colour-blind-safe colours for frames, outlets and other names.

The rule is simple so that a reader can rely on it: a name's colour depends on
that name only — never on which other names share the figure or on their order.
Frames of the bundled codebooks, and the outlets and outlet types of the
bundled corpus, have fixed entries chosen by hand (the same hue for the same
idea across codebooks: ``military`` and ``conflict`` are both vermillion); any
other name is hashed with SHA-256 (Python's ``hash()`` is
salted per process) into a pool drawn from two colour-blind-safe palettes:
Okabe & Ito (2008, "Color Universal Design") and Paul Tol's "muted" scheme
(Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002). Black, yellow, Tol's pale
"sand" and Tol's "cyan" (too close to Okabe–Ito's sky blue) are left out of the
pool because they read poorly as lines or text on white.

This module does not import matplotlib, so :mod:`framing.display` can use it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

__all__ = ["palette"]

# Okabe & Ito (2008).
_ORANGE = "#E69F00"
_SKY_BLUE = "#56B4E9"
_BLUISH_GREEN = "#009E73"
_BLUE = "#0072B2"
_VERMILLION = "#D55E00"
_REDDISH_PURPLE = "#CC79A7"
# Paul Tol, muted (2021).
_ROSE = "#CC6677"
_INDIGO = "#332288"
_GREEN = "#117733"
_WINE = "#882255"
_TEAL = "#44AA99"
_OLIVE = "#999933"
_PURPLE = "#AA4499"

#: Colour for missing or "other" categories.
NEUTRAL = "#BBBBBB"

#: Fixed colours for the frames of the bundled codebooks (``pow-exchange`` and
#: ``generic``; related ideas share a hue across the two books) and for the
#: outlets and outlet types of the bundled corpus, so that its figures never clash.
FIXED: dict[str, str] = {
    # pow-exchange
    "morale": _SKY_BLUE,
    "humanitarian": _BLUISH_GREEN,
    "leverage": _ORANGE,
    "diplomacy": _BLUE,
    "military": _VERMILLION,
    "propaganda": _REDDISH_PURPLE,
    "accountability": _WINE,
    # generic
    "conflict": _VERMILLION,
    "human_interest": _BLUISH_GREEN,
    "economic": _ORANGE,
    "morality": _REDDISH_PURPLE,
    "responsibility": _WINE,
    "resolution": _BLUE,
    # outlet types of the bundled corpus pow-exchange-2025 (compared in forest plots)
    "state-aligned": _VERMILLION,
    "independent": _BLUE,
    "public broadcaster": _BLUISH_GREEN,
    "international wire": _ORANGE,
    "rights monitor/NGO": _REDDISH_PURPLE,
    "opinion/commentary": _INDIGO,
    # its 13 outlets: one pool colour each, so no two clash
    "Volga Herald": _VERMILLION,
    "Free Neva": _REDDISH_PURPLE,
    "Dnipro Public Radio": _BLUISH_GREEN,
    "Kyiv Ledger": _BLUE,
    "Bosphorus Daily": _ROSE,
    "Galata Review": _SKY_BLUE,
    "Continental Press Agency": _ORANGE,
    "Atlas Wire": _OLIVE,
    "Baltic Morning Post": _TEAL,
    "Rhine Public Broadcasting": _GREEN,
    "Captives Watch": _PURPLE,
    "The Potomac Letter": _INDIGO,
    "Vistula Strategic Review": _WINE,
}

#: The pool that other names hash into (order matters: changing it changes colours).
POOL: tuple[str, ...] = (
    _ORANGE,
    _SKY_BLUE,
    _BLUISH_GREEN,
    _BLUE,
    _VERMILLION,
    _REDDISH_PURPLE,
    _ROSE,
    _INDIGO,
    _GREEN,
    _WINE,
    _TEAL,
    _OLIVE,
    _PURPLE,
)

#: Markers for a second, redundant encoding of lines (greyscale print, colour vision).
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")


def _digest(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")


def color(name: object) -> str:
    """The colour of one name (see :func:`palette`)."""
    key = str(name)
    if key in FIXED:
        return FIXED[key]
    return POOL[_digest(key) % len(POOL)]


def marker(name: object) -> str:
    """A stable marker for one name, hashed independently of its colour."""
    return MARKERS[_digest("marker:" + str(name)) % len(MARKERS)]


def palette(names: Iterable[object]) -> dict[str, str]:
    """Stable colour-blind-safe colours for names (frames, outlets, groups).

    Parameters
    ----------
    names : iterable of str
        The names to colour. Non-string names (years, numbers) are converted
        with ``str``. Duplicates are dropped; the result keeps first-seen order.

    Returns
    -------
    dict of str to str
        Name to hex colour (``"#RRGGBB"``).

    Notes
    -----
    A name's colour depends on that name only, so an outlet keeps its colour
    in every figure and notebook, whatever else is plotted beside it. Frames of
    the bundled codebooks and the outlets of the bundled corpus have fixed,
    hand-picked colours (no two bundled outlets share one); any other name is
    hashed with SHA-256 into a pool of 13 colours from the Okabe–Ito and Paul
    Tol "muted" palettes, both designed to stay distinguishable with the common
    colour-vision deficiencies.

    The price of stability is that two names can share a colour (with six
    hashed names the chance of at least one clash is about 75%). Figures that
    draw lines add a marker hashed independently of the colour, and every
    plotting function takes ``palette=`` to override colours where a clash
    matters: ``{**palette(outlets), "Kyiv Ledger": "#332288"}``.

    Examples
    --------
    >>> from framing.plot import palette
    >>> palette(["military", "humanitarian"])
    {'military': '#D55E00', 'humanitarian': '#009E73'}
    >>> palette(["b", "a"]) == {k: palette(["a", "b"])[k] for k in ["b", "a"]}
    True
    """
    if isinstance(names, str):
        raise TypeError(
            f"palette() takes an iterable of names, not a single string {names!r}; "
            f"write palette([{names!r}])"
        )
    return {str(name): color(name) for name in names}


def resolve(names: Iterable[object], overrides: dict[str, str] | None) -> dict[str, str]:
    """:func:`palette` of ``names`` with the user's ``overrides`` applied."""
    colours = palette(names)
    if overrides:
        colours.update({str(k): v for k, v in overrides.items() if str(k) in colours})
    return colours


def to_rgb(hex_color: str) -> tuple[float, float, float]:
    """``"#RRGGBB"`` to an RGB triple in [0, 1]."""
    h = hex_color.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"expected a colour like '#1A2B3C', got {hex_color!r}")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _relative_luminance(rgb: tuple[float, ...]) -> float:
    # WCAG 2.1 definition of relative luminance (sRGB, linearised).
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_color_on(rgb: tuple[float, ...]) -> str:
    """Black or white, whichever has the higher WCAG contrast ratio on ``rgb``."""
    lum = _relative_luminance(rgb)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return "black" if on_black >= on_white else "white"


def blend(rgb: tuple[float, ...], alpha: float, background=(1.0, 1.0, 1.0)) -> tuple[float, ...]:
    """``rgb`` painted with opacity ``alpha`` over ``background`` (an opaque RGB triple)."""
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(rgb[:3], background, strict=True))
