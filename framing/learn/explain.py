"""Which words drive a classifier's prediction: per-token contributions, shown as HTML.

A :class:`~framing.learn.classifier.FrameClassifier` is linear in its features, so a
frame's calibrated log-odds for a text is the intercept plus, for every feature present,
its value times its weight. :func:`contributions` hands each word n-gram's share back to
the tokens it covers (an n-gram's contribution split evenly over its tokens and over its
occurrences); the dictionary features, when stacked, are reported apart because they
belong to cue matches, not to single words. :func:`highlight_model` (what
``framing.highlight(text, model=clf)`` runs) tints every token by the frame it pushes up
most, with an intensity proportional to its contribution, and names the contributions in
the hover title. All article text is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing.errors import DataError, ModelError
from framing.plot._colors import resolve, to_rgb
from framing.text.tokens import token_spans, tokenize

__all__ = ["contributions", "highlight_model", "ModelHighlight"]


def contributions(model, text: str, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Contribution of every token of ``text`` to each frame's calibrated log-odds.

    Returns
    -------
    DataFrame
        One row per token: ``token``, ``start``, ``end`` and one column per frame. Summed
        over tokens, plus the dictionary part and the intercept, a frame's column gives
        ``model.decision_function([text])``; ``attrs["dictionary"]`` holds the dictionary
        part and ``attrs["intercept"]`` the intercept per frame.
    """
    model._check_fitted()
    chosen = _frames(model, frames)
    idx = [model.frames_.index(f) for f in chosen]
    spans = token_spans(text)
    tokens = tokenize(text)
    X = model.features_.transform([text]).tocsr()
    n_words = model.features_.n_words
    weights = np.nan_to_num(model.coef_[idx])  # (frames, features)
    low, high = model.features_.ngram_range
    vocab_index = {t: i for i, t in enumerate(model.features_.vocabulary)}
    per_token = np.zeros((len(tokens), len(idx)))
    occurrences: dict[int, list[tuple[int, int]]] = {}
    for n in range(low, high + 1):
        for i in range(len(tokens) - n + 1):
            col = vocab_index.get(" ".join(tokens[i : i + n]))
            if col is not None:
                occurrences.setdefault(col, []).append((i, n))
    row = X.getrow(0)
    values = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
    for col, places in occurrences.items():
        share = values.get(col, 0.0) * weights[:, col] / len(places)
        for i, n in places:
            per_token[i : i + n] += share / n
    out = pd.DataFrame(per_token, columns=chosen)
    out.insert(0, "token", [text[s:e] for s, e in spans])
    out.insert(1, "start", [s for s, _ in spans])
    out.insert(2, "end", [e for _, e in spans])
    dictionary = {f: 0.0 for f in chosen}
    for col in values:
        if col >= n_words:
            for k, f in enumerate(chosen):
                dictionary[f] += values[col] * weights[k, col]
    out.attrs["dictionary"] = dictionary
    out.attrs["intercept"] = {f: float(model.intercept_[model.frames_.index(f)]) for f in chosen}
    return out


def _frames(model, frames) -> list[str]:
    modelled = [f for f, b in zip(model.frames_, model.intercept_, strict=True) if not np.isnan(b)]
    if frames is None:
        return modelled
    chosen = [frames] if isinstance(frames, str) else list(frames)
    unknown = [f for f in chosen if f not in model.frames_]
    if unknown:
        raise DataError(f"unknown frame(s) {unknown}; the model has {model.frames_}")
    untrained = [f for f in chosen if f not in modelled]
    if untrained:
        raise ModelError(f"frame(s) {untrained} have no model (too few coded units to learn)")
    return [f for f in model.frames_ if f in chosen]


def highlight_model(
    text: str,
    model,
    *,
    frames: str | Sequence[str] | None = None,
    meta: Mapping[str, str] | None = None,
    palette: Mapping[str, str] | None = None,
) -> ModelHighlight:
    """The words that drive a classifier's prediction, coloured by frame."""
    from framing.learn.scoring import model_of

    model = model_of(model)
    if not hasattr(model, "features_"):
        if hasattr(model, "_check_fitted"):
            model._check_fitted()
        raise ModelError(
            f"highlight(model=...) needs a fitted framing.FrameClassifier, got {type(model).__name__}"
        )
    table = contributions(model, text, frames)
    chosen = list(table.columns[3:])
    proba = model.predict_proba([text])[0]
    probabilities = {f: float(proba[model.frames_.index(f)]) for f in chosen}
    colors = {f: c for f, c in resolve(chosen, dict(palette) if palette else None).items()}
    return ModelHighlight(
        text=text, contributions=table, frames=chosen, colors=colors,
        probabilities=probabilities, meta=dict(meta or {}),
    )  # fmt: skip


@dataclass(repr=False)
class ModelHighlight:
    """A text with the tokens that drive a classifier's prediction, shown in Jupyter.

    Attributes
    ----------
    text : str
    contributions : DataFrame
        Per token: ``token``, ``start``, ``end`` and its contribution to each frame's
        log-odds (see :func:`contributions`).
    frames : list of str
    colors : dict of str to str
    probabilities : dict of str to float
        The model's probability of each frame for the whole text.
    meta : dict of str to str
    """

    text: str
    contributions: pd.DataFrame
    frames: list[str]
    colors: dict[str, str]
    probabilities: dict[str, float]
    meta: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        shown = ", ".join(f"{f} {p:.2f}" for f, p in self.probabilities.items())
        return (
            f"<ModelHighlight: {len(self.contributions)} tokens, probabilities {shown}; "
            "display in Jupyter or call .to_html()>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        """The markup: a header, a legend with each frame's probability, the tinted text."""
        e = _escape
        parts = ['<div class="framing-highlight" style="line-height:1.7;max-width:48em">']
        if self.meta:
            shown = " · ".join(e(v) for k, v in self.meta.items() if k != "title")
            title = f"<strong>{e(self.meta['title'])}</strong> — " if "title" in self.meta else ""
            parts.append(
                f'<div style="margin-bottom:0.3em">{title}<span style="opacity:0.7">{shown}</span></div>'
            )
        legend = "".join(
            f'<span style="{_tint(self.colors[f], 0.35)};margin-right:0.8em;padding:0 0.25em;'
            f'white-space:nowrap">{e(f)} p={self.probabilities[f]:.2f}</span>'
            for f in self.frames
        )
        parts.append(
            f'<div class="framing-legend" style="font-size:0.9em;margin-bottom:0.5em">{legend}</div>'
        )
        parts.append('<div style="white-space:pre-wrap">')
        values = self.contributions[self.frames].to_numpy() if self.frames else np.zeros((0, 0))
        top = float(np.abs(values).max()) if values.size else 0.0
        pos = 0
        for k, (start, end) in enumerate(
            zip(self.contributions["start"], self.contributions["end"], strict=True)
        ):
            parts.append(e(self.text[pos:start]))
            word = e(self.text[start:end])
            row = values[k] if values.size else np.zeros(0)
            best = int(np.argmax(row)) if row.size else -1
            if top > 0 and best >= 0 and row[best] > 0.02 * top:
                alpha = 0.12 + 0.6 * row[best] / top
                title = "; ".join(
                    f"{f} {v:+.3f}" for f, v in zip(self.frames, row, strict=True) if abs(v) > 1e-12
                )
                parts.append(
                    f'<mark style="{_tint(self.colors[self.frames[best]], alpha)};padding:0" '
                    f'data-frame="{e(self.frames[best])}" title="{e(title)}">{word}</mark>'
                )
            else:
                parts.append(word)
            pos = end
        parts.append(e(self.text[pos:]))
        parts.append("</div></div>")
        return "".join(parts)


def _escape(value) -> str:
    return html.escape(str(value), quote=True)


def _tint(colour: str, alpha: float) -> str:
    r, g, b = (round(255 * c) for c in to_rgb(colour))
    return f"background:rgba({r},{g},{b},{min(max(alpha, 0.0), 1.0):.2f});color:inherit;border-radius:2px"
