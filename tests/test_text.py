"""Sentence splitting and tokenization: abbreviations, offsets, Unicode."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.errors import CorpusError
from framing.text import (
    count_tokens,
    document_term_matrix,
    sentence_spans,
    sentences,
    token_spans,
    tokenize,
)


def split(text):
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The U.S. and E.U. called for calm. Talks resumed.",
            ["The U.S. and E.U. called for calm.", "Talks resumed."],
        ),
        ("Mr. Ivanov and Mrs. Koval met Dr. Shah. They agreed.", None),
        ("Gen. Petrov, Lt. Col. Marsh and Sen. Reed spoke. Then Gov. Ortiz left.", None),
        ("The U.K. and the U.N. welcomed it. Others did not.", None),
        ("He arrived at 9 a.m. and left at 5 p.m. on Friday. It rained.", None),
        ("On Jan. 5 and Feb. 12 they met in St. Petersburg. Later in Dec. too.", None),
        ("Prisoner No. 14 was freed. He was 24.", None),
    ],
)
def test_news_abbreviations_do_not_split(text, expected):
    got = split(text)
    assert len(got) == 2, got
    if expected:
        assert got == expected


def test_curly_quotes_and_guillemets_stay_with_their_sentence():
    text = "“We are home.” She wept. He said «never again.» Then — silence."
    assert split(text) == [
        "“We are home.”",
        "She wept.",
        "He said «never again.»",
        "Then — silence.",
    ]


def test_paragraph_break_ends_a_sentence():
    text = "HEADLINE WITHOUT A PERIOD\n\nFirst sentence. Second one."
    assert split(text) == ["HEADLINE WITHOUT A PERIOD", "First sentence.", "Second one."]


def test_tokens_unicode():
    text = "Олег Петров’s «return» — to\u00a0İstanbul; prisoner-of-war “talks”"
    assert tokenize(text) == [
        "олег",
        "петров",
        "return",
        "to",
        "istanbul",
        "prisoner",
        "of",
        "war",
        "talks",
    ]
    assert [text[s:e] for s, e in token_spans(text)][:3] == ["Олег", "Петров’s", "return"]
    assert count_tokens(text) == 9


def test_award_is_one_token_and_numbers_count():
    assert tokenize("An award of 1,000 prisoners") == ["an", "award", "of", "1", "000", "prisoners"]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_offsets_always_slice_back(text):
    for s, e in sentence_spans(text):
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
    for s, e in token_spans(text):
        assert text[s:e].strip() == text[s:e]
    assert len(token_spans(text)) == count_tokens(text) == len(tokenize(text))


def test_sentences_table_offsets_and_metadata():
    corpus = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "outlet": ["X", "Y"],
            "text": ["One. Two here.\n\nThree.", "Solo sentence"],
            "country": ["TR", "UA"],
        }
    )
    before = corpus.copy()
    sents = sentences(corpus)
    assert list(sents.columns[:5]) == ["doc_id", "sent_id", "text", "start", "end"]
    assert sents["sent_id"].tolist() == [0, 1, 2, 0]
    assert sents["country"].tolist() == ["TR", "TR", "TR", "UA"]
    texts = dict(zip(corpus.doc_id, corpus.text, strict=True))
    for row in sents.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    pd.testing.assert_frame_equal(corpus, before)


def test_sentences_errors():
    with pytest.raises(CorpusError, match="text_col"):
        sentences(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))


def test_document_term_matrix_matches_sklearn_with_same_tokenizer():
    from sklearn.feature_extraction.text import CountVectorizer

    texts = ["War and peace. War!", "Peace talks in Kyiv's centre", "the and of"]
    X, vocab = document_term_matrix(texts)
    vec = CountVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None)
    Y = vec.fit_transform(texts)
    assert list(vocab) == list(vec.get_feature_names_out())
    assert (X != Y).nnz == 0
    X2, vocab2 = document_term_matrix(texts, stopwords="english", min_count=2)
    assert list(vocab2) == ["peace", "war"]
    assert X2.toarray().tolist() == [[1, 2], [1, 0], [0, 0]]
