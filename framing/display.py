"""Notebook display: an article with its cue matches coloured by frame.

:func:`highlight` returns a :class:`Highlight`, whose ``_repr_html_`` Jupyter
shows: every cue match of the codebook marked in its frame's colour (the same
colours as :mod:`framing.plot`), a hover title naming frame and cue, and a
legend with the number of matches per frame. Every piece of text that comes
from the article or the codebook is HTML-escaped by ``markupsafe``, so an
article containing ``<script>`` shows those characters instead of running
them. The legend's chips never wrap inside (``white-space: nowrap``), and the
colours are translucent tints with ``color: inherit``, so the display reads in
JupyterLab's light and dark themes and in nbconvert HTML. This module does not
import matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import escape

from framing.codebook import Codebook, resolve_codebook
from framing.errors import DataError, ParameterError
from framing.plot._colors import resolve, to_rgb

if TYPE_CHECKING:
    from framing.learn.explain import ModelHighlight

__all__ = ["highlight", "Highlight"]

_BACKGROUND_ALPHA = 0.28  # tint behind a match; dark enough to see, light enough to read
_UNDERLINE_PX = 2


def highlight(
    text_or_row: str | pd.Series | Mapping,
    codebook: str | Codebook | None = None,
    *,
    frames: str | Sequence[str] | None = None,
    text_col: str = "text",
    palette: Mapping[str, str] | None = None,
    model=None,
) -> Highlight | ModelHighlight:
    """Mark every cue match in a text, coloured by frame, for display in a notebook.

    With ``model=`` (a fitted :class:`framing.FrameClassifier`) it marks instead the words
    that drive the classifier's prediction (:func:`framing.learn.explain.highlight_model`).

    Parameters
    ----------
    text_or_row : str, Series or dict
        A text, or an article or sentence row (e.g. ``corpus.iloc[0]``) whose
        ``text_col`` holds the text; its ``title``, ``outlet``, ``date`` and
        ``doc_id`` (when present) head the display.
    codebook : str, Path or Codebook, optional
        A bundled name, a YAML path or a loaded codebook; required unless the
        row comes from data that declares its codebook (a bundled corpus).
    frames : str or list of str, optional
        Frames to mark (default: all frames of the codebook).
    text_col : str, default='text'
        The field of ``text_or_row`` that holds the text.
    palette : dict of str to str, optional
        ``"#RRGGBB"`` colours overriding :func:`framing.plot.palette` for some frames.
    model : FrameClassifier, optional
        A fitted classifier: each word is tinted by the frame it pushes up most, in
        proportion to its contribution to that frame's log-odds; the legend gives each
        frame's probability (a :class:`framing.learn.explain.ModelHighlight`).

    Returns
    -------
    Highlight
        Shown as HTML by Jupyter; ``.matches`` holds the matches as a DataFrame
        (the columns of :func:`framing.matches`) and ``.to_html()`` the markup.

    Notes
    -----
    Matches of different frames may overlap (each frame's cues are matched on
    their own). The text is cut at every match boundary; a piece covered by
    several frames is tinted with the first frame's colour (codebook order)
    and gets one underline per frame, stacked, and its hover title lists every
    ``frame: cue``.

    Examples
    --------
    >>> h = highlight("Families wait as talks resume in Istanbul.", "pow-exchange")  # doctest: +SKIP
    >>> h  # in Jupyter: the text with coloured matches  # doctest: +SKIP
    """
    from framing.scoring import matches

    text, meta = _text_and_meta(text_or_row, text_col)
    if model is not None:
        from framing.learn.explain import highlight_model

        return highlight_model(text, model, frames=frames, meta=meta, palette=palette)
    cb = resolve_codebook(codebook, text_or_row)
    chosen = _choose_frames(cb, frames)
    row = {"doc_id": "0", "text": text}
    if not isinstance(text_or_row, str) and "lang" in text_or_row:
        row["lang"] = text_or_row["lang"]  # matched with the cues of the text's language
    found = matches(pd.DataFrame([row]), cb)
    found = found[found["frame"].isin(chosen)].drop(columns="doc_id").reset_index(drop=True)
    colors = {f: to_hex(c) for f, c in resolve(chosen, _checked_palette(palette, chosen)).items()}
    return Highlight(
        text=text,
        matches=found,
        frames=chosen,
        colors=colors,
        meta=meta,
        codebook=cb.name,
    )


def _text_and_meta(text_or_row, text_col: str) -> tuple[str, dict[str, str]]:
    if isinstance(text_or_row, str):
        return text_or_row, {}
    if isinstance(text_or_row, pd.DataFrame):
        raise DataError(
            "highlight() shows one text; pass a row (corpus.iloc[0]) or a string, not a DataFrame"
        )
    if not isinstance(text_or_row, pd.Series | Mapping):
        raise DataError(
            f"highlight() takes a string or a row (Series or dict), got {type(text_or_row).__name__}"
        )
    if text_col not in text_or_row:
        raise DataError(
            f"highlight(): the row has no {text_col!r} field (fields: {list(text_or_row.keys())}); "
            "pass text_col= naming the text"
        )
    text = text_or_row[text_col]
    if text is None or (isinstance(text, float) and text != text):
        text = ""
    if not isinstance(text, str):
        raise DataError(f"highlight(): {text_col!r} must be a string, got {type(text).__name__}")
    meta = {}
    for key in ("title", "outlet", "date", "doc_id", "sent_id"):
        value = text_or_row.get(key)
        if value is not None and not (isinstance(value, float) and value != value):
            meta[key] = value.date().isoformat() if hasattr(value, "date") else str(value)
    return text, meta


def _choose_frames(cb: Codebook, frames) -> list[str]:
    if frames is None:
        return list(cb.frame_names)
    chosen = [frames] if isinstance(frames, str) else list(frames)
    unknown = [f for f in chosen if f not in cb.frame_names]
    if unknown:
        raise DataError(
            f"highlight(): unknown frame(s) {unknown}; codebook {cb.name!r} has {cb.frame_names}"
        )
    # Codebook order decides which colour wins on overlaps, whatever order was asked.
    return [f for f in cb.frame_names if f in chosen]


@dataclass(repr=False)
class Highlight:
    """A text with its cue matches, shown coloured by frame in Jupyter.

    Attributes
    ----------
    text : str
        The text.
    matches : DataFrame
        One row per cue match: ``frame``, ``cue``, ``start``, ``end``, ``match``.
    frames : list of str
        The frames marked, in codebook order (earlier frames win on overlaps).
    colors : dict of str to str
        Frame to ``"#RRGGBB"``.
    meta : dict of str to str
        ``title``, ``outlet``, ``date``, ``doc_id`` of the row, where known.
    codebook : str
        The codebook's name.
    """

    text: str
    matches: pd.DataFrame
    frames: list[str]
    colors: dict[str, str]
    meta: dict[str, str] = field(default_factory=dict)
    codebook: str = ""

    def __repr__(self) -> str:
        counts = self.matches["frame"].value_counts()
        per_frame = ", ".join(f"{f} {counts[f]}" for f in self.frames if f in counts) or "none"
        return (
            f"<Highlight: {len(self.matches)} cue match{'es' if len(self.matches) != 1 else ''} "
            f"in {len(self.text):,} characters "
            f"({per_frame}); display in Jupyter or call .to_html()>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        """The markup: a header, the legend and the marked text in one ``<div>``."""
        parts = ['<div class="framing-highlight" style="line-height:1.7;max-width:48em">']
        if self.meta:
            parts.append(self._header())
        parts.append(self._legend())
        parts.append('<div style="white-space:pre-wrap">')
        parts.extend(self._marked_text())
        parts.append("</div></div>")
        return "".join(parts)

    def _header(self) -> str:
        e = _escape
        title = f"<strong>{e(self.meta['title'])}</strong>" if "title" in self.meta else ""
        named = {"doc_id": "article {}", "sent_id": "sentence {}"}
        rest = " · ".join(
            e(named.get(k, "{}").format(self.meta[k]))
            for k in ("outlet", "date", "doc_id", "sent_id")
            if k in self.meta
        )
        sep = " — " if title and rest else ""
        return f'<div style="margin-bottom:0.3em">{title}{sep}<span style="opacity:0.7">{rest}</span></div>'

    def _legend(self) -> str:
        counts = self.matches["frame"].value_counts()
        # A chip is one unbreakable box: it may move to the next line, never break inside.
        items = [
            f'<span style="{_style([f], self.colors)};display:inline-block;white-space:nowrap;'
            f'margin:0 0.8em 0.2em 0;padding:0 0.25em" '
            f'title="{_escape(self.codebook)}: {_escape(f)}">{_escape(f)}\u00a0'
            f"({int(counts.get(f, 0))})</span>"
            for f in self.frames
        ]
        return (
            '<div class="framing-legend" style="font-size:0.9em;margin-bottom:0.5em;'
            'line-height:1.9">' + "".join(items) + "</div>"
        )

    def _marked_text(self) -> list[str]:
        """The text cut at every match boundary; covered pieces wrapped in ``<mark>``."""
        rank = {f: i for i, f in enumerate(self.frames)}
        hits = sorted(
            zip(
                self.matches["start"],
                self.matches["end"],
                self.matches["frame"],
                self.matches["cue"],
                strict=True,
            ),
            key=lambda h: (h[0], rank[h[2]]),
        )
        cuts = sorted({0, len(self.text), *(h[0] for h in hits), *(h[1] for h in hits)})
        out: list[str] = []
        active: list = []
        nxt = 0
        for a, b in zip(cuts, cuts[1:], strict=False):
            active = [h for h in active if h[1] > a]
            while nxt < len(hits) and hits[nxt][0] <= a:
                if hits[nxt][1] > a:
                    active.append(hits[nxt])
                nxt += 1
            piece = _escape(self.text[a:b])
            if not active:
                out.append(piece)
                continue
            covering = sorted(active, key=lambda h: rank[h[2]])
            frames = list(dict.fromkeys(h[2] for h in covering))
            title = "\n".join(f"{h[2]}: {h[3]}" for h in covering)
            out.append(
                f'<mark style="{_style(frames, self.colors)};padding:0" data-frames="{_escape(" ".join(frames))}" '
                f'title="{_escape(title)}">{piece}</mark>'
            )
        return out


def _escape(value) -> str:
    return str(escape(str(value)))


def _checked_palette(palette, frames: list[str]) -> dict[str, str] | None:
    """``palette`` as a dict of ``#RRGGBB`` colours for some of ``frames``, or a ParameterError."""
    if palette is None:
        return None
    if not isinstance(palette, Mapping):
        raise ParameterError(
            f"highlight(): palette must be a dict frame -> '#RRGGBB', got {palette!r}"
        )
    unknown = [str(k) for k in palette if str(k) not in frames]
    if unknown:
        raise ParameterError(
            f"highlight(): palette names {unknown}, but the display colours the frames "
            f"{frames}; key the palette by those names"
        )
    for key, value in palette.items():
        try:
            to_hex(value)
        except (ValueError, TypeError, AttributeError):
            raise ParameterError(
                f"highlight(): palette[{key!r}] = {value!r} is not a colour like '#0072B2'"
            ) from None
    return {str(k): v for k, v in palette.items()}


def _style(frames: list[str], colors: Mapping[str, str]) -> str:
    """CSS for a piece covered by ``frames``: first frame's tint, one underline per frame."""
    r, g, b = (round(255 * c) for c in to_rgb(colors[frames[0]]))
    lines = ", ".join(
        f"inset 0 -{_UNDERLINE_PX * (k + 1)}px 0 {to_hex(colors[f])}" for k, f in enumerate(frames)
    )
    return (
        f"background:rgba({r},{g},{b},{_BACKGROUND_ALPHA});box-shadow:{lines};"
        "color:inherit;border-radius:2px"
    )


def to_hex(colour: str) -> str:
    """``colour`` checked to be ``#RRGGBB`` (it is written into a style attribute)."""
    if not isinstance(colour, str):
        raise ValueError(f"expected a colour like '#1A2B3C', got {colour!r}")
    rgb = to_rgb(colour)  # raises ValueError for anything else
    return "#" + "".join(f"{round(255 * c):02X}" for c in rgb)
