"""The codebook model: frames with coder guidance and cues, in a named, versioned codebook.

A codebook names a set of frames. Each frame carries a definition a human
coder can apply (with what counts, what does not, borderline rules, examples
and counter-examples) and, per language, the cue patterns the dictionary scorer
counts (see :mod:`framing.codebook.matching` for the matching rules): the cues
with their weights, the ``exclude`` phrases and an optional negation rule form
the frame's :class:`Lexicon` in that language. The same object generates the
human coding guide (:meth:`Codebook.to_markdown`), so coders and the scorer
read one definition. Reading and writing YAML lives in
:mod:`framing.codebook.load`, other dictionary formats in
:mod:`framing.codebook.formats`. Every key is described in
``docs/codebook-schema.md``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from framing.codebook.matching import Matcher

__all__ = ["Codebook", "Frame", "Lexicon", "Negation", "language_code", "MATCH_MODES"]

_TOP_REQUIRED = ("name", "version", "frames")


_TOP_OPTIONAL = ("description", "citation", "language", "license", "match")


_FRAME_REQUIRED = ("name", "label", "definition", "cues")


_FRAME_GUIDANCE = ("counts", "does_not_count", "borderline", "examples", "counter_examples")


_FRAME_LISTS = (*_FRAME_GUIDANCE, "exclude")


_FRAME_OPTIONAL = (*_FRAME_LISTS, "negation")


#: How the cues of a language are matched: ``glob`` (surface forms, ``*`` and ``?``
#: wildcards) or ``lemma`` (literal cue tokens also match words whose lemma they are).
MATCH_MODES = ("glob", "lemma")


# Frame names become columns of score tables next to these.
_RESERVED = frozenset(
    {"doc_id", "sent_id", "text", "n_tokens", "outlet", "date", "title", "lang", "start", "end"}
)

_LANG_RX = re.compile(r"[a-z]{2,3}")

# Codes that say "no particular language": rows with them use the codebook's language.
_NO_LANGUAGE = frozenset({"", "und", "mul", "zxx", "mis", "none", "nan", "<na>"})

#: Language names (in English, in the language itself and as archives write them) and
#: ISO 639-2 codes, to their ISO 639-1 codes.
LANGUAGE_NAMES = {
    "english": "en", "anglais": "en", "englisch": "en", "английский": "en", "англійська": "en",
    "eng": "en",
    "french": "fr", "français": "fr", "francais": "fr", "französisch": "fr", "fra": "fr",
    "fre": "fr",
    "german": "de", "deutsch": "de", "allemand": "de", "немецкий": "de", "німецька": "de",
    "deu": "de", "ger": "de",
    "russian": "ru", "русский": "ru", "russe": "ru", "russisch": "ru", "російська": "ru",
    "rus": "ru",
    "ukrainian": "uk", "українська": "uk", "украинский": "uk", "ukrainien": "uk",
    "ukrainisch": "uk", "ukr": "uk",
    "spanish": "es", "español": "es", "spa": "es", "italian": "it", "italiano": "it",
    "ita": "it", "polish": "pl", "polski": "pl", "pol": "pl", "turkish": "tr", "türkçe": "tr",
    "tur": "tr", "dutch": "nl", "nederlands": "nl", "nld": "nl", "dut": "nl",
}  # fmt: skip


def language_code(value: Any) -> str | None:
    """The primary language subtag of a code (``'en-GB'`` → ``'en'``), or None for no language.

    Language names (``'Russian'``, ``'русский'``, ``'Deutsch'``) and three-letter ISO
    639-2 codes (``'ukr'``) give their two-letter code.

    Missing values, ``''``, ``'und'`` (undetermined), ``'mul'`` and ``'zxx'`` mean
    no particular language.

    Examples
    --------
    >>> language_code("en-GB"), language_code("RU"), language_code("und"), language_code(None)
    ('en', 'ru', None, None)
    >>> language_code("Russian"), language_code("українська"), language_code("deu")
    ('ru', 'uk', 'de')
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    folded = str(value).strip().casefold()
    if folded in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[folded]
    code = re.split(r"[-_]", folded, maxsplit=1)[0]
    return None if code in _NO_LANGUAGE else code


@dataclass(frozen=True)
class Negation:
    """Drop a cue match preceded by a negator within ``window`` words (off unless given).

    Attributes
    ----------
    window : int
        How many words before the cue are searched (punctuation other than
        hyphens ends the search: "No, the war …" does not negate "war").
    words : tuple of str
        The negators (single tokens; ``*`` and ``?`` allowed).
    """

    window: int
    words: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"window": self.window, "words": list(self.words)}


@dataclass(frozen=True)
class Lexicon:
    """The cues of one frame in one language.

    Attributes
    ----------
    cues : tuple of str
        Normalised cue patterns, without duplicates.
    weights : tuple of float
        One weight per cue, or ``()`` when every weight is 1.
    exclude : tuple of str
        Phrases whose matches remove the cue matches they overlap.
    negation : Negation or None
    """

    cues: tuple[str, ...] = ()
    weights: tuple[float, ...] = ()
    exclude: tuple[str, ...] = ()
    negation: Negation | None = None

    def weight(self, i: int) -> float:
        """The weight of cue ``i``."""
        return self.weights[i] if self.weights else 1.0

    def __bool__(self) -> bool:
        return bool(self.cues or self.exclude or self.negation)

    def cue_items(self) -> list[Any]:
        """Cues as written in YAML: a string, or ``{cue, weight}`` when the weight is not 1."""
        return [
            p if self.weight(i) == 1 else {"cue": p, "weight": _number(self.weight(i))}
            for i, p in enumerate(self.cues)
        ]


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


@dataclass(frozen=True)
class Frame:
    """One framing dimension of a codebook.

    ``cues``, ``weights``, ``exclude``, ``negation`` and ``matcher`` are those of
    the frame's ``language`` (the codebook's language); :meth:`lexicon` gives any
    other language's.
    """

    name: str
    label: str
    definition: str
    lexicons: tuple[tuple[str | None, Lexicon], ...] = ()
    counts: tuple[str, ...] = ()
    does_not_count: tuple[str, ...] = ()
    borderline: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    language: str | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages in which this frame has cues."""
        return tuple(lang for lang, lex in self.lexicons if lang is not None and lex.cues)

    def lexicon(self, lang: str | None = None) -> Lexicon:
        """The frame's cues in ``lang`` (default: the frame's language); empty if it has none."""
        lang = self.language if lang is None else lang
        for code, lex in self.lexicons:
            if code == lang:
                return lex
        return Lexicon()

    @property
    def cues(self) -> tuple[str, ...]:
        return self.lexicon().cues

    @property
    def weights(self) -> tuple[float, ...]:
        lex = self.lexicon()
        return lex.weights or (1.0,) * len(lex.cues)

    @property
    def exclude(self) -> tuple[str, ...]:
        return self.lexicon().exclude

    @property
    def negation(self) -> Negation | None:
        return self.lexicon().negation

    def to_dict(self, *, by_language: bool | None = None) -> dict[str, Any]:
        """The frame as YAML data; cue lists per language when ``by_language``.

        By default cue lists are written per language when the frame has cues
        in a language other than its own.
        """
        if by_language is None:
            by_language = any(code != self.language for code, _ in self.lexicons)
        out: dict[str, Any] = {"name": self.name, "label": self.label}
        out["definition"] = self.definition

        def per_language(get):
            if not by_language:
                return get(self.lexicon())
            values = {code: get(lex) for code, lex in self.lexicons}
            return {k: v for k, v in values.items() if v}

        out["cues"] = per_language(lambda lex: lex.cue_items())
        for key in _FRAME_GUIDANCE:
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        exclude = per_language(lambda lex: list(lex.exclude))
        if exclude:
            out["exclude"] = exclude
        negation = per_language(lambda lex: lex.negation.to_dict() if lex.negation else None)
        if negation:
            out["negation"] = negation
        return out

    @cached_property
    def matcher(self) -> Matcher:
        """The offset-reporting :class:`~framing.codebook.matching.Matcher` of this frame's cues.

        It implements the matching rules without weights, lemmas or negation; the
        scorer and :func:`framing.matches` use the compiled matcher
        (:mod:`framing.scoring.compiled`), which also applies those.
        """
        return Matcher(self.cues, self.exclude, lang=self.language)

    def for_language(self, lang: str | None) -> Frame:
        """This frame with only its cues in ``lang`` (possibly none)."""
        lex = self.lexicon(lang)
        return replace(self, lexicons=((lang, lex),) if lex else (), language=lang)


@dataclass(frozen=True)
class Codebook:
    """A named, versioned set of frames.

    Attributes
    ----------
    name, version : str
    description, citation : str or None
    frames : tuple of Frame
    language : str or None
        The language of cue lists written without a language (``None``: the
        codebook matches text in any language the same way).
    license : str or None
    match : str or tuple of (language, mode) pairs
        ``'glob'`` (default) or ``'lemma'`` for every language, or a mode per
        language (languages not listed use ``'glob'``).
    source : str or None
        Where it was loaded from (not part of its identity).
    """

    name: str
    version: str
    description: str | None = None
    citation: str | None = None
    frames: tuple[Frame, ...] = ()
    language: str | None = None
    license: str | None = None
    match: str | tuple[tuple[str, str], ...] = "glob"
    source: str | None = field(default=None, compare=False)

    @property
    def frame_names(self) -> list[str]:
        """Frame names in codebook order."""
        return [f.name for f in self.frames]

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages with cues in at least one frame, the codebook's ``language`` first.

        Empty for a codebook without a ``language`` whose cues are not given per
        language: it matches text of any language the same way.
        """
        seen: dict[str, None] = {}
        if self.language is not None and any(self.language in f.languages for f in self.frames):
            seen[self.language] = None
        for f in self.frames:
            for lang in f.languages:
                seen.setdefault(lang, None)
        return tuple(seen)

    @property
    def primary_language(self) -> str | None:
        """The language of texts whose language is not known: ``language``, else the first with cues."""
        if self.language is not None or not self.languages:
            return self.language
        return self.languages[0]

    def covers(self, lang: str | None) -> bool:
        """Whether text in ``lang`` (a code, or None for the codebook's language) has cues."""
        if not self.languages:
            return True
        return (self.primary_language if lang is None else lang) in self.languages

    def match_mode(self, lang: str | None = None) -> str:
        """``'glob'`` or ``'lemma'``: how the cues of ``lang`` are matched."""
        if isinstance(self.match, str):
            return self.match
        lang = self.primary_language if lang is None else lang
        return dict(self.match).get(lang or "", "glob")

    def for_language(self, lang: str | None = None) -> Codebook:
        """A single-language view: every frame with its cues in ``lang`` only.

        The compiled matcher works on such views; a frame without cues in
        ``lang`` has none in the view. The view's ``sha256`` differs from the
        full codebook's (results record the full codebook's).

        Raises
        ------
        CodebookError
            When the codebook has no cues in ``lang``.
        """
        from framing.errors import CodebookError

        langs = self.languages
        if not langs:
            return self
        lang = self.primary_language if lang is None else language_code(lang)
        if lang not in langs:
            raise CodebookError(
                f"codebook {self.name!r} has no cues in language {lang!r}; its languages: "
                f"{', '.join(langs)}"
            )
        if len(langs) == 1 and lang == self.language:
            return self
        return replace(
            self,
            frames=tuple(f.for_language(lang) for f in self.frames),
            language=lang,
            match=self.match_mode(lang),
        )

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
        langs = f" [{', '.join(self.languages)}]" if len(self.languages) > 1 else ""
        return f"<Codebook {self.name} {self.version}{langs}: {', '.join(self.frame_names)}>"

    def frame_matcher(self, name: str) -> Matcher:
        """The offset-reporting matcher of one frame (its cues in the codebook's language)."""
        return self[name].matcher

    def to_dict(self) -> dict[str, Any]:
        """The codebook as YAML data (what :meth:`to_yaml` writes)."""
        out: dict[str, Any] = {"name": self.name, "version": self.version}
        for k in ("description", "citation", "language", "license"):
            if getattr(self, k) is not None:
                out[k] = getattr(self, k)
        if self.match != "glob":
            out["match"] = self.match if isinstance(self.match, str) else dict(self.match)
        by_language = len(self.languages) > 1 or any(
            code != self.language for f in self.frames for code, _ in f.lexicons
        )
        out["frames"] = [f.to_dict(by_language=by_language) for f in self.frames]
        return out

    def to_yaml(self) -> str:
        """The codebook as YAML; ``load_codebook`` of it gives an equal codebook."""
        import yaml

        return yaml.safe_dump(
            self.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )

    def to_dic(self, lang: str | None = None) -> str:
        """The cues (of ``lang``, default the codebook's language) as a LIWC ``.dic`` text.

        See :func:`framing.codebook.formats.to_dic`.
        """
        from framing.codebook.formats import to_dic

        return to_dic(self, lang)

    def to_lc3(self, lang: str | None = None) -> str:
        """The cues (of ``lang``, default the codebook's language) as a Lexicoder ``.lc3`` text.

        See :func:`framing.codebook.formats.to_lc3`.
        """
        from framing.codebook.formats import to_lc3

        return to_lc3(self, lang)

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the codebook's canonical JSON form: identifies its content (every language)."""
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
        """A coding guide for human coders, generated from the definitions.

        The guide names the languages the codebook's cues cover; cue lists are not
        shown, so that coders judge sentences by the definitions alone.
        """
        lines = [f"# Coding guide: {self.name} (version {self.version})", ""]
        if self.description:
            lines += [self.description.strip(), ""]
        if self.citation:
            lines += [f"Cite as: {self.citation.strip()}", ""]
        if len(self.languages) > 1:
            lines += [f"Languages of the cues: {', '.join(self.languages)}.", ""]
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
