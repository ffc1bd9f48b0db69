"""Scoring: per-1,000-token scores, matches that explain them, the sklearn transformer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

import framing
from framing.errors import DataError, ScoreError

MINI = Path(__file__).parent / "data" / "mini.yaml"


def test_scores_are_matches_per_1000_tokens():
    texts = [
        "Families of the wounded waited; humanitarian aid came through a humanitarian corridor.",
        "Prisoners were bargaining chips under pressure.",
        "",
    ]
    s = framing.score(texts, MINI)
    assert s["n_tokens"].tolist() == [12, 6, 0]
    # families, wounded, humanitarian (the corridor is excluded) -> 3 / 12 tokens
    assert s.loc[0, "humanitarian"] == pytest.approx(3 * 1000 / 12)
    assert s.loc[1, "leverage"] == pytest.approx(2 * 1000 / 6)  # chips (longest) + pressure
    assert s.loc[2, ["humanitarian", "leverage"]].tolist() == [0.0, 0.0]
    counts = framing.score(texts, MINI, normalize="count")
    assert counts[["humanitarian", "leverage"]].to_numpy().tolist() == [[3, 0], [0, 2], [0, 0]]


def test_matches_explain_every_score():
    texts = pd.Series(
        ["Families of the wounded waited.", "A humanitarian corridor; bargaining chips."],
        index=["x", "y"],
    )
    m = framing.matches(texts, MINI)
    assert list(m.columns) == ["doc_id", "frame", "cue", "start", "end", "match", "lemma", "weight"]
    assert m[["doc_id", "frame", "cue", "match"]].values.tolist() == [
        ["x", "humanitarian", "famil*", "Families"],
        ["x", "humanitarian", "wounded", "wounded"],
        ["y", "leverage", "bargaining chip*", "bargaining chips"],
    ]
    for row in m.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.match
    counts = framing.score(texts, MINI, normalize="count")
    per_frame = m.groupby(["doc_id", "frame"]).size().unstack(fill_value=0)
    assert (
        per_frame.reindex(
            index=counts["doc_id"], columns=["humanitarian", "leverage"], fill_value=0
        )
        .to_numpy()
        .tolist()
        == counts[["humanitarian", "leverage"]].to_numpy().tolist()
    )


def test_document_scores_keep_metadata_and_provenance(corpus):
    before = corpus.copy()
    s = framing.score(corpus)
    pd.testing.assert_frame_equal(corpus, before)  # input not mutated
    assert len(s) == len(corpus)
    assert "text" not in s.columns
    cb = framing.load_codebook("pow-exchange")
    assert list(s.columns[-len(cb.frame_names) :]) == cb.frame_names
    for col in ["doc_id", "outlet", "date", "country", "outlet_type", "n_tokens"]:
        assert col in s.columns
    info = s.attrs["framing"]
    assert info["codebook"] == "pow-exchange"
    assert info["codebook_sha256"] == cb.sha256
    assert info["codebook_version"] == cb.version
    assert info["framing_version"] == framing.__version__
    assert info["unit"] == "document"
    assert info["frames"] == cb.frame_names


def test_sentence_unit_totals_equal_document_counts(corpus):
    docs = framing.score(corpus, normalize="count")
    sents = framing.score(corpus, unit="sentence", normalize="count")
    assert sents.attrs["framing"]["unit"] == "sentence"
    assert {"doc_id", "sent_id", "start", "end", "outlet"} <= set(sents.columns)
    frames = docs.attrs["framing"]["frames"]
    by_doc = sents.groupby("doc_id")[frames + ["n_tokens"]].sum()
    joined = docs.set_index("doc_id")[frames + ["n_tokens"]].loc[by_doc.index]
    # Sentences never split a token; a multi-word cue could in principle span a
    # sentence break, so sentence totals may only be smaller.
    assert (by_doc["n_tokens"] == joined["n_tokens"]).all()
    assert (by_doc[frames] <= joined[frames]).all().all()
    assert (by_doc[frames].sum() >= 0.97 * joined[frames].sum()).all()


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(6))))
def test_scores_do_not_depend_on_row_order(perm):
    texts = [
        "Humanitarian aid and families.",
        "Bargaining chips.",
        "Nothing here.",
        "Pressure on the wounded.",
        "A humanitarian corridor.",
        "family family family",
    ]
    base = framing.score(texts, MINI).drop(columns="doc_id")
    shuffled = framing.score([texts[i] for i in perm], MINI).drop(columns="doc_id")
    np.testing.assert_allclose(shuffled.to_numpy(dtype=float), base.to_numpy(dtype=float)[perm])


def test_score_errors():
    with pytest.raises(ScoreError, match="single string"):
        framing.score("just one text", MINI)
    with pytest.raises(ScoreError, match="unit must be"):
        framing.score(["a"], MINI, unit="paragraph")
    with pytest.raises(ScoreError, match="no text column 'body'"):
        framing.score(pd.DataFrame({"text": ["a"]}), MINI, text_col="body")
    with pytest.raises(ScoreError, match="normalize"):
        framing.score(["a"], MINI, normalize="tfidf")


def test_score_frames():
    s = framing.score(["a"], MINI)
    assert framing.score_frames(s) == ["humanitarian", "leverage"]
    assert framing.score_frames(s, ["leverage"]) == ["leverage"]
    with pytest.raises(DataError, match="pass frames="):
        framing.score_frames(pd.DataFrame({"x": [1]}))
    with pytest.raises(DataError, match="not columns"):
        framing.score_frames(s, ["morale"])


def test_frame_vectorizer_is_a_sklearn_transformer():
    vec = framing.FrameVectorizer(MINI, normalize="count")
    assert vec.get_params() == {"codebook": MINI, "normalize": "count"}
    X = vec.fit_transform(["Families and bargaining chips", "pressure pressure"])
    assert X.shape == (2, 2)
    assert X.tolist() == [[1.0, 1.0], [0.0, 2.0]]
    assert list(vec.get_feature_names_out()) == ["humanitarian", "leverage"]
    c = clone(vec)
    assert c.get_params() == vec.get_params() and not hasattr(c, "codebook_")
    binary = framing.FrameVectorizer(MINI, normalize="binary").fit_transform(["pressure pressure"])
    assert binary.tolist() == [[0.0, 1.0]]
    with pytest.raises(ScoreError, match="string object received"):
        vec.transform("one string")


def test_frame_vectorizer_in_a_pipeline():
    texts = ["families and the wounded", "bargaining chips and pressure"] * 10
    y = [0, 1] * 10
    pipe = Pipeline([("frames", framing.FrameVectorizer(MINI)), ("clf", LogisticRegression())])
    pipe.fit(texts, y)
    assert pipe.predict(["more pressure", "wounded families"]).tolist() == [1, 0]
    assert list(pipe[:-1].get_feature_names_out()) == ["humanitarian", "leverage"]


def test_shared_tokenizer_in_countvectorizer():
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(tokenizer=framing.tokenize, lowercase=False, token_pattern=None)
    X = vec.fit_transform(["Russia's talks", "talks in İstanbul"])
    assert list(vec.get_feature_names_out()) == ["in", "istanbul", "russia", "talks"]
    assert X.sum() == framing.score(["Russia's talks", "talks in İstanbul"], MINI)["n_tokens"].sum()


def test_cue_matrix_explains_frame_counts():
    from framing import cue_matrix

    texts = ["Families of the wounded; bargaining chips", "pressure, pressure"]
    X, C, cues, n_tokens = cue_matrix(texts, MINI)
    assert cues[0] == ("humanitarian", "humanitar*")
    assert (X @ C).toarray().tolist() == [[2, 1], [0, 2]]
    col = cues.index(("leverage", "pressure"))
    assert X[1, col] == 2
    assert n_tokens.tolist() == [6, 2]


def test_scoring_a_table_with_result_columns_is_refused():
    coded = pd.DataFrame({"doc_id": ["a"], "text": ["pressure"], "leverage": [1]})
    with pytest.raises(
        ScoreError, match=r"already has columns named like the results \(leverage\)"
    ):
        framing.score(coded, MINI)


def test_missing_texts_and_odd_inputs():
    s = framing.score(pd.Series(["pressure", pd.NA, None, float("nan")], dtype=object), MINI)
    assert s["n_tokens"].tolist() == [1, 0, 0, 0]
    with pytest.raises(ScoreError, match="cannot score a dict"):
        framing.score({"a": "talks"}, MINI)
    with pytest.raises(ScoreError, match="single string"):
        framing.matches("just text", MINI)
    dup = pd.DataFrame([["a", "x", "y"]], columns=["doc_id", "text", "text"])
    with pytest.raises(ScoreError, match="duplicate column names"):
        framing.score(dup, MINI)


def test_sentence_unit_on_a_list_of_texts():
    s = framing.score(
        ["Families waited. Pressure grew.", "Bargaining chips."], MINI, unit="sentence"
    )
    assert s[["doc_id", "sent_id"]].values.tolist() == [["0", 0], ["0", 1], ["1", 0]]
    assert s["leverage"].gt(0).tolist() == [False, True, True]


def test_sentence_scores_keep_the_sentence_text(corpus):
    s = framing.score(corpus.head(2), "pow-exchange", unit="sentence")
    cols = list(s.columns)
    assert cols[cols.index("sent_id") + 1] == "text"
    sents = framing.sentences(corpus.head(2))
    assert s["text"].tolist() == sents["text"].tolist()
    doc = framing.score(corpus.head(2), "pow-exchange")
    assert "text" not in doc.columns  # articles keep ids and metadata only


def test_threads_scoring_at_once_get_the_same_counts():
    """Each thread compiles its own codebook: concurrent scoring (Dask's threads) stays exact."""
    from concurrent.futures import ThreadPoolExecutor

    texts = framing.load_corpus("pow-exchange-2025")["text"].tolist()
    expected = framing.score(texts, "pow-exchange", normalize="count")
    frames = expected.attrs["framing"]["frames"]

    def run(i: int):
        # distinct new words per thread make every thread grow its vocabulary at once
        return framing.score(
            [t + f" novel{i}x{j}" for j, t in enumerate(texts)], "pow-exchange", normalize="count"
        )

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, range(8)))
    for got in results:
        np.testing.assert_array_equal(got[frames].to_numpy(), expected[frames].to_numpy())
    again = framing.score(texts, "pow-exchange", normalize="count")
    np.testing.assert_array_equal(again[frames].to_numpy(), expected[frames].to_numpy())
