"""Stable, colour-blind-safe colours for frames, outlets and other names.

Two rules, so that a reader can rely on them. Frames of the bundled codebooks,
and the outlets and outlet types of the bundled corpus, have fixed entries
chosen by hand (the same hue for the same idea across codebooks: ``military``
and ``conflict`` are both vermillion). Any other name gets a colour from a
pool the first time it is seen and keeps it for the rest of the session: a
module-level registry remembers it, so a name has one colour in every figure
whatever else is plotted beside it, and names seen together get different
colours while the pool lasts (see :func:`palette` for the exact rule).

The pool is drawn from colour-blind-safe palettes: Okabe & Ito (2008, "Color
Universal Design"), Paul Tol's "muted", "vibrant", "light", "dark" and
"medium-contrast" schemes (Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002).
The first 13 are the Okabe–Ito colours and Tol's muted set; the other 7 were
added greedily from Tol's schemes, each the candidate farthest from the pool
so far, keeping only colours at least 10 CIEDE2000 units from every pool
colour in normal vision, no closer to any of them under simulated protanopia,
deuteranopia or tritanopia (Machado et al. 2009) than the closest pair of the
first 13 (ΔE 3.5), and with at least 2:1 contrast against white. Black, the
yellows, Tol's pale "sand" and the cyans (too close to Okabe–Ito's sky blue)
are left out because they read poorly as lines or text on white, or clash.

This module does not import matplotlib, so :mod:`framing.display` can use it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Iterable, Mapping

__all__ = ["palette", "reset_palette"]

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
# Paul Tol, further schemes (2021).
_DARK_CYAN = "#225555"  # dark
_LIGHT_ORANGE = "#EE8866"  # light
_DARK_RED = "#663333"  # dark
_DARK_BLUE = "#004488"  # medium-contrast
_RED = "#CC3311"  # vibrant
_LIGHT_RED = "#EE99AA"  # medium-contrast
_DARK_GREEN = "#225522"  # dark

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

#: The pool that other names take colours from. Order matters (the hash picks an
#: index, and a taken colour passes to the next one): changing it changes colours.
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
    _DARK_CYAN,
    _LIGHT_ORANGE,
    _DARK_RED,
    _DARK_BLUE,
    _RED,
    _LIGHT_RED,
    _DARK_GREEN,
)

#: Markers for a second, redundant encoding of lines (greyscale print, colour vision).
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")


def _digest(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")


# The colours this session gave to names: filled on first sight (bundled names
# too, so that later names avoid their colours), emptied by reset_palette().
_SEEN: dict[str, str] = {}
_LOCK = threading.Lock()


def color(name: object) -> str:
    """The colour of one name (see :func:`palette`)."""
    return palette([name])[str(name)]


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
    **Stable.** Once a name has a colour it keeps it for the rest of the
    session (the Python process), in every figure, whatever other names are
    plotted beside it and in whatever order. Frames of the bundled codebooks
    and the outlets and outlet types of the bundled corpus have fixed,
    hand-picked colours (no two bundled outlets share one).

    **Distinct.** Any other name gets a colour of a pool of 20 colour-blind-safe
    colours (Okabe–Ito and Paul Tol's schemes; see :mod:`framing._colors`) the
    first time it is seen. The new names of one call are taken in sorted
    order, so the result does not depend on the order of ``names``. Each
    starts at its preferred colour — the pool index given by the SHA-256 hash
    of the name, the same in every process — and probes forward through the
    pool (wrapping round), taking the first colour that

    1. no other name of this call has, and, among those,
    2. the fewest names seen so far hold.

    So a new name gets its preferred colour when no name seen in the session
    holds it, else the next free one; names of one call differ from each
    other whenever the pool has enough colours they do not already use. Only
    when every pool colour is held are colours reused, least-held first, in
    the same probe order (a cycle through the pool), with no error. Figures
    that draw lines also add a marker hashed from the name, and every
    plotting function takes ``palette=`` to override colours:
    ``{**palette(outlets), "Kyiv Ledger": "#332288"}``.

    Colours of a session depend on the order in which names are first seen:
    a notebook run top to bottom gives the same colours every time. A bundled
    name keeps its fixed colour even where a name seen earlier took the same
    one. ``palette.reset()`` (or ``framing.plot.reset_palette()``) forgets
    every name seen, so that names are coloured afresh.

    Examples
    --------
    >>> from framing.plot import palette
    >>> palette(["military", "humanitarian"])
    {'military': '#D55E00', 'humanitarian': '#009E73'}
    >>> palette(["b", "a"]) == {k: palette(["a", "b"])[k] for k in ["b", "a"]}
    True
    >>> len(set(palette([f"outlet {i}" for i in range(20)]).values()))
    20
    """
    if isinstance(names, str):
        raise TypeError(
            f"palette() takes an iterable of names, not a single string {names!r}; "
            f"write palette([{names!r}])"
        )
    keys = list(dict.fromkeys(str(name) for name in names))
    with _LOCK:
        for key in keys:
            if key in FIXED:
                _SEEN.setdefault(key, FIXED[key])
        in_call = {_SEEN[key] for key in keys if key in _SEEN}
        held = Counter(_SEEN.values())
        for key in sorted(k for k in keys if k not in _SEEN):
            start = _digest(key) % len(POOL)
            probe = [POOL[(start + step) % len(POOL)] for step in range(len(POOL))]
            chosen = min(probe, key=lambda c: (c in in_call, held[c]))  # first minimum wins
            _SEEN[key] = chosen
            held[chosen] += 1
            in_call.add(chosen)
        return {key: _SEEN[key] for key in keys}


def reset_palette() -> None:
    """Forget the colours given so far: the next :func:`palette` call colours names afresh.

    Bundled names keep their fixed colours. Also available as ``palette.reset()``.
    """
    with _LOCK:
        _SEEN.clear()


palette.reset = reset_palette  # type: ignore[attr-defined]


def check_overrides(
    overrides: object, coloured: Iterable[object], *, what: str, where: str, hint: str = ""
) -> dict[str, str]:
    """The user's ``palette=`` as a dict, checked: a mapping of colours that colours something.

    ``coloured`` are the names the figure colours (``what`` says what they are:
    "the frames", "the outlet types"). A palette none of whose names is coloured
    would be silently ignored, so it is an error that says what is coloured.
    """
    from framing.errors import ParameterError

    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise ParameterError(
            f"{where}: palette must be a dict name -> colour, e.g. {{'morale': '#0072B2'}}, "
            f"got {overrides!r}"
        )
    checked = {str(k): v for k, v in overrides.items()}
    for key, value in checked.items():
        if not _is_colour(value):
            raise ParameterError(
                f"{where}: palette[{key!r}] = {value!r} is not a colour; use a name such as "
                "'tab:blue', a hex code such as '#0072B2' or an RGB tuple"
            )
    names = list(dict.fromkeys(str(n) for n in coloured))
    if checked and not set(checked) & set(names):
        shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
        raise ParameterError(
            f"{where}: palette names {sorted(checked)}, but this figure colours {what} "
            f"({shown}); key the palette by those names{hint}"
        )
    return checked


def _is_colour(value: object) -> bool:
    try:
        from matplotlib.colors import is_color_like
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return isinstance(value, str) and value.startswith("#")
    return bool(is_color_like(value)) and not isinstance(value, bool)


def resolve(names: Iterable[object], overrides: Mapping[str, str] | None) -> dict[str, str]:
    """:func:`palette` of ``names`` with the user's ``overrides`` applied.

    Names the user coloured are left out of the palette call, so they take
    no pool colour from the others.
    """
    keys = list(dict.fromkeys(str(name) for name in names))
    chosen = {str(k): v for k, v in (overrides or {}).items()}
    colours = palette([k for k in keys if k not in chosen])
    return {k: chosen[k] if k in chosen else colours[k] for k in keys}


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
