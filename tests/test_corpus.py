"""Loading corpora from every source, and every error path."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import framing
from framing.errors import CorpusError, FramingError


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


ARTICLES = [
    {"doc_id": "a1", "outlet": "Wire A", "date": "2025-06-09", "title": "T1", "text": "One. Two."},
    {"doc_id": "a2", "outlet": "Paper B", "date": "2025-06-10", "title": "T2", "text": "Three."},
]


@pytest.fixture
def table_files(tmp_path):
    df = pd.DataFrame(ARTICLES).assign(country=["UK", "FR"])
    df.to_csv(tmp_path / "c.csv", index=False)
    df.to_csv(tmp_path / "c.tsv", index=False, sep="\t")
    df.to_json(tmp_path / "c.jsonl", orient="records", lines=True)
    df.to_parquet(tmp_path / "c.parquet", index=False)
    return tmp_path


@pytest.mark.parametrize("name", ["c.csv", "c.tsv", "c.jsonl", "c.parquet"])
def test_every_table_format_loads_the_same(table_files, name):
    c = framing.load_corpus(table_files / name)
    assert list(c.columns[:6]) == ["doc_id", "outlet", "date", "title", "text", "lang"]
    assert c["doc_id"].tolist() == ["a1", "a2"]
    assert str(c["date"].dtype).startswith("datetime64")
    assert c["date"].iloc[0] == pd.Timestamp("2025-06-09")
    assert c["country"].tolist() == ["UK", "FR"]  # extra metadata kept
    assert c["lang"].tolist() == ["und", "und"]


def test_folder_with_front_matter(tmp_path):
    write(
        tmp_path / "x.md",
        "---\noutlet: Wire A\ndate: 2025-06-02\ntitle: 'Talks: day one'\ngenre: news\n---\nBody text.\n",
    )
    write(tmp_path / "y.txt", "---\ndoc_id: custom\noutlet: Paper B\n---\nOther body.")
    write(tmp_path / "README.md", "not an article")
    c = framing.load_corpus(tmp_path)
    assert c["doc_id"].tolist() == ["x", "custom"]
    assert c.loc[0, "title"] == "Talks: day one"
    assert c.loc[0, "text"] == "Body text."
    assert pd.isna(c.loc[1, "date"])
    assert c.loc[0, "genre"] == "news"


def test_renamed_columns_and_generated_ids(tmp_path):
    write(tmp_path / "c.csv", "body,source,when\nHello there.,X,2025-06-09\nBye.,Y,\n")
    c = framing.load_corpus(
        tmp_path / "c.csv", text_col="body", outlet_col="source", date_col="when"
    )
    assert c["doc_id"].tolist() == ["0", "1"]
    assert c["outlet"].tolist() == ["X", "Y"]
    assert pd.isna(c.loc[1, "date"])


def test_outlet_aliases_and_suggestions(tmp_path):
    df = pd.DataFrame(
        {
            "text": ["a", "b", "c", "d"],
            "outlet": ["The Huffington Post", "thehuffingtonpost", "The Huffington Post", "RT"],
        }
    )
    aliases = framing.suggest_outlet_aliases(df)
    assert aliases == {"thehuffingtonpost": "The Huffington Post"}
    c = framing.load_corpus(df, outlet_aliases=aliases)
    assert c["outlet"].value_counts().to_dict() == {"The Huffington Post": 3, "RT": 1}


def test_input_files_are_not_modified(table_files):
    before = (table_files / "c.csv").read_bytes()
    framing.load_corpus(table_files / "c.csv")
    assert (table_files / "c.csv").read_bytes() == before


@pytest.mark.parametrize(
    "content, kwargs, pattern",
    [
        ("doc_id,outlet\na,X\n", {}, r"c\.csv: no text column 'text'.*text_col="),
        ("doc_id,text\na,hello\n", {}, r"no outlet column 'outlet'.*outlet_col="),
        (
            "doc_id,outlet,text\na,X,hi\na,Y,ho\n",
            {},
            r"duplicate doc_id 'a' at .*line 2 and .*line 3",
        ),
        (
            "doc_id,outlet,text,date\na,X,hi,2025-06-09\nb,Y,ho,not a date\n",
            {},
            r"line 3, column 'date': cannot parse date 'not a date'",
        ),
        (
            "doc_id,outlet,text\na,X,hi\nb,Y,   \n",
            {},
            r"line 3, column 'text': empty text.*on_empty='drop'",
        ),
        ("doc_id,outlet,text\na,,hi\n", {}, r"line 2, column 'outlet': missing outlet"),
    ],
)
def test_csv_errors_name_file_row_and_column(tmp_path, content, kwargs, pattern):
    write(tmp_path / "c.csv", content)
    with pytest.raises(CorpusError, match=pattern):
        framing.load_corpus(tmp_path / "c.csv", **kwargs)


def test_on_empty_drop_warns_once_with_count(tmp_path):
    write(tmp_path / "c.csv", "doc_id,outlet,text\na,X,hi\nb,Y,\nc,Z, \n")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        c = framing.load_corpus(tmp_path / "c.csv", on_empty="drop")
    assert c["doc_id"].tolist() == ["a"]
    assert len(w) == 1 and "dropped 2 articles" in str(w[0].message)


def test_wrong_encoding_suggests_encoding(tmp_path):
    write(tmp_path / "c.csv", "doc_id,outlet,text\na,Café Journal,Çok güzel\n", encoding="cp1252")
    with pytest.raises(CorpusError, match=r"c\.csv, line 2: cannot decode.*encoding="):
        framing.load_corpus(tmp_path / "c.csv")
    c = framing.load_corpus(tmp_path / "c.csv", encoding="cp1252")
    assert c.loc[0, "outlet"] == "Café Journal"


def test_utf8_bom_is_ignored(tmp_path):
    write(tmp_path / "c.csv", "\ufeffdoc_id,outlet,text\na,X,hi\n")
    assert framing.load_corpus(tmp_path / "c.csv")["doc_id"].tolist() == ["a"]


@pytest.mark.parametrize(
    "content, pattern",
    [
        ("---\noutlet: [unclosed\n---\nText", r"bad\.md, line \d+: malformed YAML front matter"),
        ("---\noutlet: X\nText without closing", r"bad\.md, line 1: front matter opened"),
        ("---\n- a list\n---\nText", r"bad\.md: front matter must be 'key: value'"),
    ],
)
def test_malformed_front_matter(tmp_path, content, pattern):
    write(tmp_path / "bad.md", content)
    with pytest.raises(CorpusError, match=pattern):
        framing.load_corpus(tmp_path)


def test_malformed_jsonl_names_line(tmp_path):
    write(tmp_path / "c.jsonl", json.dumps({"outlet": "X", "text": "a"}) + "\n{broken\n")
    with pytest.raises(CorpusError, match=r"c\.jsonl, line 2: invalid JSON"):
        framing.load_corpus(tmp_path / "c.jsonl")


def test_unknown_source_lists_bundled_corpora():
    with pytest.raises(CorpusError, match="pow-exchange-2025"):
        framing.load_corpus("no-such-corpus")
    with pytest.raises(FramingError, match="on_empty"):
        framing.load_corpus("pow-exchange-2025", on_empty="ignore")


def test_bundled_corpus_schema():
    c = framing.load_corpus("pow-exchange-2025")
    assert "pow-exchange-2025" in framing.list_corpora()
    assert c["doc_id"].is_unique
    assert c["date"].notna().all()
    assert c["date"].between("2025-06-02", "2025-06-30").all()
    assert "en" in set(c["lang"]) and set(c["lang"]) <= {"en", "ru", "uk"}
    for col in ["country", "outlet_type", "genre", "syndicated_from"]:
        assert col in c.columns


def test_mixed_time_zones_are_read_as_utc(tmp_path):
    write(
        tmp_path / "c.csv",
        "doc_id,outlet,text,date\na,X,t,2025-06-02T10:00:00+03:00\nb,X,t,2025-06-03T10:00:00Z\nc,X,t,2025-06-04\n",
    )
    c = framing.load_corpus(tmp_path / "c.csv")
    assert c["date"].tolist() == [
        pd.Timestamp("2025-06-02 07:00"),
        pd.Timestamp("2025-06-03 10:00"),
        pd.Timestamp("2025-06-04"),
    ]


def test_date_col_none_ignores_dates(tmp_path):
    write(tmp_path / "c.csv", "doc_id,outlet,text,date\na,X,t,not a date\n")
    c = framing.load_corpus(tmp_path / "c.csv", date_col=None)
    assert pd.isna(c.loc[0, "date"]) and c.loc[0, "date_raw"] == "not a date"


@pytest.mark.parametrize(
    "front, pattern",
    [
        ("date: 2025-13-45", r"bad\.md: invalid value in the front matter"),
        ("doc_id: [1, 2]", r"bad\.md: front matter key 'doc_id' holds a list"),
        ("outlet: {a: 1}", r"bad\.md: front matter key 'outlet' holds a dict"),
    ],
)
def test_front_matter_values_are_checked(tmp_path, front, pattern):
    write(tmp_path / "bad.md", f"---\noutlet: X\n{front}\n---\nText")
    with pytest.raises(CorpusError, match=pattern):
        framing.load_corpus(tmp_path)


def test_rows_with_extra_fields_are_an_error(tmp_path):
    write(tmp_path / "c.csv", "doc_id,outlet,text\n1,A,x,extra,more\n2,B,y\n")
    with pytest.raises(CorpusError, match=r"c\.csv, line 2: 5 fields but the header has 3"):
        framing.load_corpus(tmp_path / "c.csv")


def test_a_row_whose_last_values_are_missing_is_kept_with_a_warning(tmp_path):
    # The Narrative Frames Corpus's TSV has such a row: text, then no label columns.
    write(
        tmp_path / "c.tsv",
        "doc_id\toutlet\ttext\tRE\tHI\n1\tA\tx\tTrue\tFalse\n2\tB\ty\n3\tC\tz\tFalse\tTrue\n",
    )
    with pytest.warns(UserWarning, match=r"line 3: 3 fields, no RE, HI"):
        corpus = framing.load_corpus(tmp_path / "c.tsv")
    assert corpus["doc_id"].tolist() == ["1", "2", "3"]
    assert corpus["RE"].isna().tolist() == [False, True, False]
    # the last row may end early too
    write(tmp_path / "d.csv", "doc_id,outlet,text,note\n1,A,x,n\n2,B,y\n")
    with pytest.warns(UserWarning, match=r"line 3: 3 fields, no note"):
        assert framing.load_corpus(tmp_path / "d.csv")["text"].tolist() == ["x", "y"]


def test_a_row_split_by_a_line_break_is_still_an_error(tmp_path):
    # both parts are short: the first part is reported
    write(tmp_path / "c.csv", "doc_id,outlet,text,note\n1,A,x,n\n2,B,some\ntext,n\n3,C,z,n\n")
    with pytest.raises(CorpusError, match=r"line 3: 3 fields but the header has 4"):
        framing.load_corpus(tmp_path / "c.csv")


def test_duplicate_columns_and_empty_source(tmp_path):
    df = pd.DataFrame([["a", "X", "t", "u"]], columns=["doc_id", "outlet", "text", "text"])
    with pytest.raises(CorpusError, match="duplicate column names"):
        framing.load_corpus(df)
    with pytest.raises(CorpusError, match="empty corpus source"):
        framing.load_corpus("")


def test_suggest_aliases_prefers_plain_names_and_takes_a_series():
    s = pd.Series(["RT", "R.T.", "rt", "Breitbart", "breitbart", "breitbart"])
    assert framing.suggest_outlet_aliases(s) == {"R.T.": "RT", "rt": "RT", "breitbart": "Breitbart"}
