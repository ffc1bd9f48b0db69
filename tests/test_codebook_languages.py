"""Codebooks with cues per language, lemma matching, and scoring each row in its language.

Lemma matching is tested with a fake lemmatiser (a dictionary), so no NLP
library is needed: the engine's contract is the ``Language.lemmatize`` hook.
"""

from __future__ import annotations

import dataclasses
import threading
import warnings

import numpy as np
import pandas as pd
import pytest

import framing
from framing.codebook import codebook_from_yaml
from framing.errors import CodebookError
from framing.text import languages as languages_module
from framing.text.languages import Language

LEMMAS = {
    "обмена": "обмен",
    "обменом": "обмен",
    "обмене": "обмен",
    "пленных": "пленный",
    "пленными": "пленный",
    "полонених": "полонений",
    "обміну": "обмін",
    "обміном": "обмін",
    "переговоров": "переговоры",
    "лидеры": "лидер",
}

BILINGUAL = """
name: bilingual
version: "1"
language: en
match: {ru: lemma, uk: lemma}
frames:
  - name: exchange
    label: Exchange
    definition: The exchange of prisoners.
    cues:
      en: [exchange*, prisoner*, swap]
      ru: [обмен, пленный, переговоры о обмен]
      uk: [обмін, полонений]
    exclude:
      en: [exchange rate*]
  - name: talks
    label: Talks
    definition: Negotiations.
    cues:
      en: [talks, negotiat*]
      ru: [переговор*, лидер*]
"""


@pytest.fixture
def fake_lemmas(monkeypatch):
    """Register a dictionary lemmatiser for ru and uk; count what it is asked."""
    calls: list[list[str]] = []

    def lemmatize(words):
        calls.append(list(words))
        return [LEMMAS.get(w, w) for w in words]

    languages_module.known_languages()  # the built-in rules are loaded on first use
    for code in ("ru", "uk"):
        rules = dataclasses.replace(languages_module.get_language(code), lemmatize=lemmatize)
        monkeypatch.setitem(languages_module._LANGUAGES, code, rules)
    from framing.scoring import compiled

    monkeypatch.setattr(compiled, "_LOCAL", threading.local())
    return calls


@pytest.fixture
def book():
    return codebook_from_yaml(BILINGUAL)


def test_cues_per_language_load_and_round_trip(book):
    assert book.languages == ("en", "ru", "uk")
    assert book["exchange"].cues == ("exchange*", "prisoner*", "swap")  # the codebook's language
    assert book["exchange"].lexicon("ru").cues == ("обмен", "пленный", "переговоры о обмен")
    assert book["talks"].languages == ("en", "ru")
    assert book.match_mode("ru") == "lemma" and book.match_mode("en") == "glob"
    again = codebook_from_yaml(book.to_yaml())
    assert again == book and again.sha256 == book.sha256
    view = book.for_language("ru")
    assert view.languages == ("ru",) and view.language == "ru" and view.match == "lemma"
    assert view["exchange"].cues == ("обмен", "пленный", "переговоры о обмен")
    assert view.sha256 != book.sha256
    assert "Languages of the cues: en, ru, uk." in book.to_markdown()
    with pytest.raises(CodebookError, match="no cues in language 'de'.*en, ru, uk"):
        book.for_language("de")


def test_sha256_covers_every_language(book):
    changed = codebook_from_yaml(BILINGUAL.replace("полонений", "полон*"))
    assert changed.sha256 != book.sha256
    assert changed["exchange"].cues == book["exchange"].cues  # the English view is unchanged


def test_plain_list_means_the_codebook_language():
    text = BILINGUAL.replace("language: en", "language: ru").replace(
        "      en: [talks, negotiat*]\n      ru: [переговор*, лидер*]", "      - переговор*"
    )
    text = text.replace("    cues:\n      - переговор*", "    cues: [переговор*]")
    cb = codebook_from_yaml(text)
    assert cb["talks"].lexicon("ru").cues == ("переговор*",)
    assert cb["talks"].lexicon("en").cues == ()


@pytest.mark.parametrize(
    "old, new, pattern",
    [
        ("      uk: [обмін, полонений]", "      Ukrainian: [обмін]", "not a language code"),
        ("match: {ru: lemma, uk: lemma}", "match: stem", "'match' must be one of glob, lemma"),
        ("match: {ru: lemma, uk: lemma}", "match: {ru: stem}", "'match' must be one of"),
        ("[exchange*, prisoner*, swap]", "[exchange*, {cue: swap, weight: x}]", "finite number"),
        ("[exchange*, prisoner*, swap]", "[exchange*, {cue: swap, weight: .inf}]", "finite number"),
        ("[exchange*, prisoner*, swap]", "[swap, {cue: swap, weight: 2}]", "different weights"),
        ("[exchange*, prisoner*, swap]", "[{word: swap}]", r"\{cue: war, weight: 2.5\}"),
        ("language: en\n", "", "plain list but the codebook has cues in several languages"),
    ],
)
def test_per_language_errors_name_the_key(old, new, pattern):
    text = BILINGUAL.replace(old, new)
    if old == "language: en\n":  # plain list without a language in a multilingual codebook
        text = text.replace(
            "    exclude:\n      en: [exchange rate*]", "    exclude: [exchange rate*]"
        )
    assert text != BILINGUAL
    with pytest.raises(CodebookError, match=pattern):
        codebook_from_yaml(text)


def test_each_row_is_matched_in_its_language(book, fake_lemmas):
    data = pd.DataFrame(
        {
            "doc_id": ["en", "ru", "uk", "gb"],
            "lang": ["en", "ru", "uk", "en-GB"],
            "text": [
                "Talks on a prisoner exchange; the exchange rate fell.",
                "После обмена пленными лидеры начали переговоры.",
                "Після обміну полонених.",
                "A swap of prisoners.",
            ],
        }
    )
    with pytest.warns(UserWarning, match=r"score NaN: talks in uk \(1 text\)"):
        s = framing.score(data, book, normalize="count")
    assert s["exchange"].tolist() == [2, 2, 2, 2]  # en: prisoner, exchange (not "exchange rate")
    assert s["talks"].iloc[[0, 1, 3]].tolist() == [1, 2, 0]
    assert np.isnan(s.loc[2, "talks"])  # no Ukrainian cues for this frame: not measured
    # an English codebook view on Russian text would find nothing: the per-language cues did
    plain = framing.score(data["text"].tolist(), book, normalize="count")
    assert plain["exchange"].tolist() == [2, 0, 0, 2]


def test_uncovered_languages_are_nan_with_one_warning(book, fake_lemmas):
    data = pd.DataFrame(
        {
            "doc_id": list("abcde"),
            "lang": ["en", "de", "de", "fr", "und"],
            "text": ["Prisoner talks.", "Gefangenenaustausch.", "Gespräche.", "Échange.", "talks"],
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = framing.score(data, book)
    messages = [str(w.message) for w in caught if "no cues" in str(w.message)]
    assert len(messages) == 1
    assert "de (2 texts)" in messages[0] and "fr (1 text)" in messages[0]
    assert s.loc[1:3, ["exchange", "talks"]].isna().all().all()
    assert (s.loc[[0, 4], "talks"] > 0).all()  # 'und' is matched in the codebook's language
    assert s["n_tokens"].tolist() == [2, 1, 1, 1, 1]
    with pytest.warns(UserWarning, match="no cues in de"):
        binary = framing.score(data, book, normalize="binary")
    assert binary.loc[1:3, "exchange"].isna().all() and binary.loc[0, "exchange"] == 1


def test_lemma_matching_literal_lemma_or_surface_glob_surface_only(book, fake_lemmas):
    texts = pd.DataFrame(
        {
            "doc_id": ["a"],
            "lang": ["ru"],
            "text": ["Обмен, обмена и обменом; переговоров о обмене нет; лидеры."],
        }
    )
    m = framing.matches(texts, book)
    got = m[["frame", "cue", "match", "lemma"]].values.tolist()
    assert got == [
        ["exchange", "обмен", "Обмен", "обмен"],  # surface form equals the cue
        ["exchange", "обмен", "обмена", "обмен"],  # lemma equals the cue
        ["exchange", "обмен", "обменом", "обмен"],
        ["exchange", "переговоры о обмен", "переговоров о обмене", "переговоры о обмен"],
        ["talks", "переговор*", "переговоров", "переговоры"],  # glob on the surface form
        ["talks", "лидер*", "лидеры", "лидер"],
    ]
    for row in m.itertuples():
        assert texts.loc[0, "text"][row.start : row.end] == row.match


def test_glob_does_not_match_a_lemma(fake_lemmas):
    cb = codebook_from_yaml(
        "name: g\nversion: '1'\nlanguage: ru\nmatch: lemma\nframes:\n"
        "  - {name: f, label: F, definition: d, cues: ['обме?']}\n"
    )
    # the lemma of "обмена" is "обмен", which 'обме?' would match; the surface does not
    assert framing.score(["обмена обмен"], cb, normalize="count")["f"].tolist() == [1]


def test_each_word_type_is_lemmatised_once(book, fake_lemmas):
    text = " ".join(["обмена пленными"] * 500)
    data = pd.DataFrame({"doc_id": ["a", "b"], "lang": ["ru", "ru"], "text": [text, text]})
    framing.score(data, book)
    asked = [w for call in fake_lemmas for w in call]
    assert sorted(asked) == sorted(set(asked))  # no word type twice
    assert {"обмена", "пленными"} <= set(asked)


def test_lemma_matching_without_a_lemmatiser_says_so(monkeypatch):
    from framing.scoring import compiled

    monkeypatch.setattr(compiled, "_LOCAL", threading.local())
    languages_module.known_languages()
    monkeypatch.setitem(languages_module._LANGUAGES, "xx", Language("xx", "Testish"))
    cb = codebook_from_yaml(
        "name: g\nversion: '1'\nlanguage: xx\nmatch: lemma\nframes:\n"
        "  - {name: f, label: F, definition: d, cues: [word]}\n"
    )
    with pytest.raises(CodebookError, match=r"no lemmatiser is available for Testish \(xx\)"):
        framing.score(["word"], cb)


def test_sentences_highlight_and_kwic_use_the_row_language(book, fake_lemmas):
    articles = pd.DataFrame(
        {
            "doc_id": ["r"],
            "outlet": ["X"],
            "lang": ["ru"],
            "text": ["Начались переговоры. После обмена пленными все вернулись."],
        }
    )
    s = framing.score(articles, book, unit="sentence", normalize="count")
    assert s["exchange"].tolist() == [0, 2] and s["talks"].tolist() == [1, 0]
    h = framing.highlight(articles.iloc[0], book)
    assert h.matches["match"].tolist() == ["переговоры", "обмена", "пленными"]
    k = framing.kwic(articles, frame="exchange", codebook=book, window=2)
    assert k[["left", "match", "right"]].values.tolist() == [
        ["переговоры. После", "обмена", "пленными все"],
        ["После обмена", "пленными", "все вернулись"],
    ]


@pytest.mark.parametrize(
    "cue, text, n",
    [
        ("пам’ять", "пам'ять і памʼять, пам’ять", 3),  # the three apostrophes are one
        ("I\u0307stanbul", "Talks in İstanbul and Istanbul", 2),  # combining dot above (NFD)
        ("cafe\u0301", "Un café, un cafe", 1),  # NFD cue, NFC text; no accent folding
    ],
)
def test_cues_and_text_are_normalised_alike(cue, text, n):
    cb = framing.load_codebook(
        {
            "name": "n",
            "version": "1",
            "frames": [{"name": "f", "label": "F", "definition": "d", "cues": [cue]}],
        }
    )
    hits = framing.matches([text], cb)
    assert len(hits) == n
    assert framing.score([text], cb, normalize="count")["f"].iloc[0] == n
