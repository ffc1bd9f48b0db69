"""Tests of framing.suggest_cues: candidate cues with their evidence, from coding or co-occurrence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import FramingError

CODEBOOK = {
    "name": "tiny",
    "version": "1",
    "description": "One frame for tests.",
    "citation": "framing test suite",
    "frames": [
        {"name": "care", "label": "Care", "definition": "Care for captives.", "cues": ["families"]}
    ],
}


def _sentences() -> pd.DataFrame:
    """Sentences of three articles; 'medicine' marks care, 'weather' does not."""
    rows = [
        ("a", 0, "Families asked for medicine and letters.", 1),
        ("a", 1, "The weather was cold on Monday.", 0),
        ("a", 2, "Doctors brought medicine to the camp.", 1),
        ("b", 0, "Families waited for medicine at the border.", 1),
        ("b", 1, "The weather turned and talks resumed.", 0),
        ("b", 2, "Mothers begged for medicine and news.", 1),
        ("c", 0, "Talks resumed in the weather of June.", 0),
        ("c", 1, "Envoys spoke of weather and of talks.", 0),
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "text", "care"]).assign(outlet="X")


def test_coded_suggestions_count_units_with_and_without_the_frame():
    units = _sentences()
    table = framing.suggest_cues(units.drop(columns="care"), CODEBOOK, "care", coded=units, top=5)
    assert list(table.columns) == ["cue", "n_with", "n_without", "log_odds", "z", "similarity",
                                   "example_1", "example_2", "source"]  # fmt: skip
    assert table.loc[0, "cue"] == "medicine"
    top = table.iloc[0]
    assert (top["n_with"], top["n_without"]) == (4, 0)
    assert "medicine" in top["example_1"].lower() and "medicine" in top["example_2"].lower()
    assert (table["source"] == "coded").all()
    assert not table["cue"].str.contains("families").any()  # already a cue of the frame
    assert "weather" not in set(table["cue"])  # marks the other units
    assert table["z"].is_monotonic_decreasing


def test_log_odds_follow_the_informative_dirichlet_prior():
    """Monroe et al. (2008) eq. 16 with a_w = alpha·V·n_w/n, computed here by hand."""
    from sklearn.feature_extraction.text import CountVectorizer

    units = _sentences()
    table = framing.suggest_cues(units.drop(columns="care"), CODEBOOK, "care", coded=units,
                                 top=50, alpha=0.1, min_count=1)  # fmt: skip
    vec = CountVectorizer(tokenizer=framing.tokenize, lowercase=False, token_pattern=None,
                          ngram_range=(1, 2))  # fmt: skip
    X = vec.fit_transform(units["text"]).toarray()
    terms = list(vec.get_feature_names_out())
    w = units["care"].to_numpy() == 1
    y_i, y_j = X[w].sum(0), X[~w].sum(0)
    n_w = y_i + y_j
    a0 = 0.1 * len(terms)
    a = a0 * n_w / n_w.sum()
    k = terms.index("medicine")
    delta = np.log((y_i[k] + a[k]) / (y_i.sum() + a0 - y_i[k] - a[k])) - np.log(
        (y_j[k] + a[k]) / (y_j.sum() + a0 - y_j[k] - a[k])
    )
    row = table.set_index("cue").loc["medicine"]
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(delta / np.sqrt(1 / (y_i[k] + a[k]) + 1 / (y_j[k] + a[k])))


def test_without_coding_the_cues_own_matches_are_the_contrast():
    units = _sentences().drop(columns="care")
    table = framing.suggest_cues(units, CODEBOOK, "care", top=5, min_count=1)
    assert (table["source"] == "cooccurrence").all()
    assert "medicine" in set(table["cue"])  # co-occurs with 'families'
    assert "families" not in set(table["cue"])


def test_articles_are_split_into_sentences_and_the_bundled_corpus_works():
    corpus = framing.load_corpus("pow-exchange-2025")
    ref = framing.load_reference_coding()
    table = framing.suggest_cues(
        corpus, "pow-exchange", "leverage", coded=ref[["doc_id", "sent_id", "leverage"]], top=10
    )
    assert len(table) == 10
    cues = framing.load_codebook("pow-exchange")["leverage"].matcher
    assert not any(cues.count(c) for c in table["cue"])
    assert ((table["n_with"] >= 2) & (table["z"] > 0)).all()


def test_errors_name_what_is_wrong():
    units = _sentences()
    with pytest.raises(FramingError, match="unknown frame"):
        framing.suggest_cues(units, CODEBOOK, "nope")
    with pytest.raises(FramingError, match="0/1"):
        framing.suggest_cues(units, CODEBOOK, "care", coded=units.assign(care=2))
    with pytest.raises(FramingError, match="no column 'care'"):
        framing.suggest_cues(units, CODEBOOK, "care", coded=units.drop(columns="care"))
