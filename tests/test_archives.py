"""News-archive exports: every format read into the corpus schema, and every malformed export named."""

from __future__ import annotations

import importlib.util
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.errors import CorpusError
from framing.io.archives import detect
from framing.io.dates import parse_month_date

DATA = Path(__file__).parent / "data" / "archives"
spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_fixtures)


def read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return framing.read_archive(path, **kw)


@pytest.fixture(scope="module")
def docx_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("nexis")
    make_fixtures.write_all(out)
    return out


def utc(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


@pytest.mark.parametrize(
    "text, day",
    [
        ("June 9, 2025 Monday 10:30 AM GMT", "2025-06-09"),
        ("9 juin 2025", "2025-06-09"),
        ("29 décembre 2011", "2011-12-29"),
        ("9. Juni 2025", "2025-06-09"),
        ("Montag, 9. März 2025", "2025-03-09"),
        ("9 июня 2025 г.", "2025-06-09"),
        ("1 мая 2025", "2025-05-01"),
        ("9 червня 2025 року", "2025-06-09"),
        ("15 листопада 2024", "2024-11-15"),
        ("10 лютого 2025", "2025-02-10"),
    ],
)
def test_month_names_in_five_languages(text, day):
    assert parse_month_date(text) == pd.Timestamp(day)


def test_month_date_refuses_non_dates():
    assert parse_month_date("Edition 1; Scotland") is None
    assert parse_month_date("31 February 2025") is None


def test_lexisnexis_txt():
    with pytest.warns(UserWarning, match="merged outlet spellings"):
        c = framing.read_archive(DATA / "lexisnexis.txt")
    assert len(c) == 3
    assert list(c.columns[:6]) == ["doc_id", "outlet", "date", "title", "text", "lang"]
    assert c["outlet"].tolist() == ["Kyiv Ledger", "Kyiv Ledger", "The Potomac Letter"]
    assert c["outlet_raw"].tolist()[:2] == ["Kyiv Ledger (Kyiv)", "KyivLedger.com"]
    assert c.attrs["framing"]["outlet_merges"]["KyivLedger.com"] == "Kyiv Ledger"
    assert c["date"].tolist() == [utc("2025-06-09"), utc("2025-06-10"), utc("2025-06-11")]
    assert str(c["date"].dt.tz) == "UTC"
    assert c["title"].iloc[0] == "Families wait at the border as first prisoners return"
    assert c["byline"].iloc[0] == "Olena Marchuk"
    assert c["section"].iloc[2] == "OPINION; Pg. 14"
    assert c["length"].tolist() == [62, 41, 38]
    assert c["edition"].iloc[0] == "Edition 1; National"
    assert (c["lang"] == "en").all()
    assert c["text"].iloc[0].startswith("Families gathered at the border")
    assert "LOAD-DATE" not in c["text"].iloc[0] and "Copyright" not in c["text"].iloc[0]
    assert c["article"].tolist() == [1, 2, 3]
    assert c["source_file"].str.endswith("lexisnexis.txt").all()


def test_factiva_html_in_french():
    c = read(DATA / "factiva.html")
    assert c["doc_id"].tolist() == ["RHINEPB020250609el690001x", "ATLASW0020250629el6t0002q"]
    assert c["source_id"].tolist() == c["doc_id"].tolist()
    assert c["date"].tolist() == [utc("2025-06-09"), utc("2025-06-29")]
    assert c["length"].tolist() == [58, 34]
    assert c["outlet"].tolist() == ["Rhine Public Broadcasting", "Atlas Wire"]
    assert c["section"].iloc[1] == "International"
    assert c["byline"].iloc[0] == "Claire Dumont"
    assert (c["lang"] == "fr").all()
    first = c["text"].iloc[0]
    assert first.startswith("Les premiers prisonniers") and "&amp;" not in first and "&" in first
    assert "médiateur" in first  # LP and TD both make the body
    assert c["title"].iloc[0].startswith("Échange de prisonniers")


def test_factiva_rtf_in_german_with_cyrillic():
    c = read(DATA / "factiva.rtf")
    assert c["doc_id"].tolist() == ["BALTMP0020250609el690003b", "VOLGAH0020250610el6a0004c"]
    assert c["date"].tolist() == [utc("2025-06-09"), utc("2025-06-10")]
    assert c["length"].tolist() == [47, 12]
    assert c["lang"].tolist() == ["de", "ru"]
    assert c["title"].iloc[1] == "Обмен пленными"
    assert "Türkei" in c["text"].iloc[0] and "Weitere Etappen" in c["text"].iloc[0]


def test_mediacloud_csv_headlines_as_text():
    with pytest.warns(UserWarning, match="headline is used as the text"):
        c = framing.read_archive(DATA / "mediacloud.csv")
    assert c["doc_id"].tolist() == ["2871001", "2871002", "2871003"]
    assert c["text"].tolist() == c["title"].tolist()
    assert c["outlet"].tolist() == ["Atlas Wire", "Kyiv Ledger", "Kyiv Ledger"]
    assert c["date"].iloc[1] == pd.Timestamp("2025-06-09 11:40:22.318", tz="UTC")
    assert "url" in c.columns and "media_id" in c.columns


def test_nexis_uni_docx_with_russian_and_ukrainian_dates(docx_dir):
    c = read(docx_dir / "nexis_uni.docx")
    assert len(c) == 3
    assert c["outlet"].nunique() == 1 and c["outlet"].iloc[0] == "The Bosphorus Daily"
    assert c["date"].tolist() == [utc("2025-06-09"), utc("2025-06-09"), utc("2025-06-10")]
    assert c["lang"].tolist() == ["en", "ru", "uk"]
    assert c["title"].iloc[1] == "Пленных встречали с флагами"
    assert c["byline"].iloc[2] == "Олена Марчук"
    assert c["section"].iloc[0] == "WORLD; Pg. 3"
    assert c["text"].iloc[0].startswith("The first group of prisoners")
    assert "Classification" not in c["text"].iloc[0] and "Load-Date" not in c["text"].iloc[0]


def test_load_corpus_recognises_exports_by_content(tmp_path, docx_dir):
    # a LexisNexis export saved under a neutral name is still recognised by its content
    shutil.copy(DATA / "lexisnexis.txt", tmp_path / "download1.txt")
    assert detect(tmp_path / "download1.txt") == "lexisnexis"
    assert detect(DATA / "mediacloud.csv") == "mediacloud"
    assert detect(DATA / "factiva.rtf") == "factiva_rtf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = framing.load_corpus(tmp_path / "download1.txt")
    assert len(c) == 3 and str(c["date"].dt.tz) == "UTC"


def test_a_folder_and_a_glob_of_exports_are_one_corpus(tmp_path, docx_dir):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("lexisnexis.txt", "factiva.html", "factiva.rtf"):
        shutil.copy(DATA / name, folder / name)
    shutil.copy(docx_dir / "nexis_uni.docx", folder / "nexis_uni.docx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = framing.load_corpus(folder)
        g = framing.load_corpus(str(folder / "*.*"))
    assert len(c) == 3 + 2 + 2 + 3
    assert c["source_file"].nunique() == 4
    assert sorted(c["doc_id"]) == sorted(g["doc_id"])


def test_the_same_story_in_two_downloads(tmp_path):
    for name in ("a.html", "b.html"):
        shutil.copy(DATA / "factiva.html", tmp_path / name)
    with pytest.warns(UserWarning, match="appear in more than one export"):
        both = framing.load_corpus(tmp_path)
    assert len(both) == 4 and both["doc_id"].is_unique
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = framing.load_corpus(tmp_path, drop_duplicates="exact")
        near = framing.read_archive(tmp_path, drop_duplicates="near")
    assert len(one) == 2 and len(near) == 2
    assert one.attrs["framing"]["dropped_duplicates"] == [d + "~2" for d in one["doc_id"]]


def test_bad_dates_name_file_article_and_text(tmp_path):
    text = (DATA / "lexisnexis.txt").read_text(encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(text.replace("June 10, 2025 Tuesday", "Juvember 10, 2025 Tuesday"), "utf-8")
    with pytest.raises(CorpusError, match=r"bad\.txt, article 2: cannot read the date"):
        read(bad)
    kept = read(bad, on_bad_date="keep")
    assert kept["date"].isna().tolist() == [False, True, False]


def test_malformed_exports_name_file_and_article(tmp_path, docx_dir):
    with pytest.raises(CorpusError, match=r"nexis_truncated\.docx, article 3: .*truncated"):
        read(docx_dir / "nexis_truncated.docx")
    with pytest.raises(CorpusError, match=r"nexis_no_body\.docx, article 1: .*body"):
        read(docx_dir / "nexis_no_body.docx")
    with pytest.raises(CorpusError, match=r"not_nexis\.docx: not a Nexis Uni export"):
        read(docx_dir / "not_nexis.docx")
    text = (DATA / "lexisnexis.txt").read_text(encoding="utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("Commentators")], encoding="utf-8")
    with pytest.raises(CorpusError, match=r"cut\.txt, article 3: .*truncated"):
        read(cut)
    header_only = tmp_path / "header.txt"
    header_only.write_text(text[: text.index("1 of 3")] + "  1 of 3 DOCUMENTS\n", "utf-8")
    with pytest.raises(CorpusError, match=r"header\.txt, article 1"):
        read(header_only)
    no_body = tmp_path / "nobody.html"
    html = (DATA / "factiva.html").read_text(encoding="utf-8")
    start = html.index('<tr><td align="right" valign="top" class="index"><p><b>LP</b>', 3000)
    end = html.index("<br/><b>AN</b>", start)
    no_body.write_text(html[:start] + "<tr>" + html[end - 60 :], encoding="utf-8")
    with pytest.raises(CorpusError, match=r"nobody\.html, article 2: no body text"):
        read(no_body)
    truncated = tmp_path / "trunc.html"
    truncated.write_text(html[: html.index("ATLASW0020250629")], encoding="utf-8")
    with pytest.raises(CorpusError, match=r"trunc\.html, article 2: .*(AN|truncated)"):
        read(truncated)
    rtf = (DATA / "factiva.rtf").read_text(encoding="latin-1")
    cut_rtf = tmp_path / "cut.rtf"
    cut_rtf.write_text(rtf[: rtf.index("\\b AN\\b0\\par\nDocument VOLGAH")] + "}", "latin-1")
    with pytest.raises(CorpusError, match=r"cut\.rtf, article 2: .*truncated"):
        read(cut_rtf)


def test_a_file_that_is_no_export(tmp_path):
    plain = tmp_path / "notes.csv"
    plain.write_text("doc_id,outlet,text\na,X,hello\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="not a news-archive export"):
        framing.read_archive(plain)


# --- layout variants of real exports (constructed here, in code) -------------------------------


def _ln_export(headline: str, byline: str, tail: str = "", newline: str = "\n") -> str:
    """A LexisNexis .txt export of two constructed articles (fictional outlet)."""
    out = "Download Request: Selected Items: 1-2\n\nTerms: prisoner exchange\n\n"
    for n in (1, 2):
        out += (
            f"\n                               {n} of 2 DOCUMENTS\n\n\n"
            "                                  Atlas Wire\n\n"
            f"                            June {8 + n}, 2025 Monday\n\n"
            f"{headline}\n\nBYLINE: {byline}\n\nSECTION: WORLD; Pg. 4\n\nLENGTH: 120 words\n\n"
            "The first group of prisoners came home on Monday.\n\n"
            "Families waited at the border.\n\n"
            f"{tail}LOAD-DATE: June 10, 2025\n\nLANGUAGE: ENGLISH\n\n"
            "                       Copyright 2025 Atlas Wire (constructed example)\n"
        )
    return out.replace("\n", newline)


def test_lexisnexis_headline_and_byline_wrapping_over_lines(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(
        _ln_export(
            "Prisoners aged under 25 come home after the talks in Istanbul\n"
            "brokered by Turkey as mediator",
            "Olena Marchuk in Kyiv and\nAyşe Demir in Istanbul",
        ),
        encoding="utf-8",
    )
    c = read(path)
    assert c["title"].iloc[0] == (
        "Prisoners aged under 25 come home after the talks in Istanbul "
        "brokered by Turkey as mediator"
    )
    assert c["byline"].iloc[1] == "Olena Marchuk in Kyiv and Ayşe Demir in Istanbul"
    assert c["edition"].isna().all()
    assert c["section"].tolist() == ["WORLD; Pg. 4"] * 2


def test_lexisnexis_index_terms_after_the_body_are_not_text(tmp_path):
    path = tmp_path / "terms.txt"
    tail = (
        "SUBJECT: PRISONERS OF WAR (90%); DIPLOMACY (78%);\nNEGOTIATIONS (70%)\n\n"
        "GEOGRAPHIC: ISTANBUL, TURKEY (92%)\n\n"
    )
    path.write_text(_ln_export("Prisoners come home", "A. Writer", tail), encoding="utf-8")
    c = read(path)
    assert (
        c["text"].tolist()
        == ["The first group of prisoners came home on Monday.\n\nFamilies waited at the border."]
        * 2
    )
    assert not c["text"].str.contains("SUBJECT|GEOGRAPHIC|%").any()


def test_lexisnexis_with_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "windows.txt"
    text = _ln_export("Prisoners come home", "A. Writer", newline="\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert detect(path) == "lexisnexis"
    c = read(path)
    assert c["title"].tolist() == ["Prisoners come home"] * 2
    assert c["date"].tolist() == [utc("2025-06-09"), utc("2025-06-10")]


def _factiva_article_format(lang: str, words: str, date: str, language: str, doc: str) -> str:
    """Factiva "Article Format" HTML: no field table, plain blocks in a fixed order."""
    articles = []
    for i, (headline, author, time) in enumerate(
        [("Prisoners come home", "", ""), ("Families wait", "Olena Marchuk", "10:30")], 1
    ):
        an = f"ATLASW0020250609el69000{i}"
        articles.append(
            f'<div id="article-{an}" class="article">\n<div class="article {lang}Article">\n'
            f"<p>\n<div id=\"hd\"><span class='{lang}Headline'>{headline}</span></div>\n"
            + (f'<div class="author">{author}</div>\n' if author else "")
            + f"<div>{words}</div>\n<div>{date}</div>\n"
            + (f"<div>{time}</div>\n" if time else "")
            + "<div>Atlas Wire</div>\n<div>ATLASW</div>\n<div>4</div>\n"
            f"<div>{language}</div>\n<div>(c) 2025 Atlas Wire (constructed example)</div>\n</p>\n"
            f'<p class="articleParagraph {lang}articleParagraph">Paragraph one of {i}.</p>\n'
            f'<p class="articleParagraph {lang}articleParagraph">Doctors &amp; families.</p>\n'
            f"<p>{doc} {an}</p>\n</div>\n</div><br/><span></span>\n"
        )
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Factiva</title></head>"
        "<body>" + "".join(articles) + "</body></html>\n"
    )


@pytest.mark.parametrize(
    "lang, words, date, language, doc, code",
    [
        ("en", "1,234 words", "9 June 2025", "English", "Document", "en"),
        ("de", "1.234 Wörter", "9 Juni 2025", "Deutsch", "Dokument", "de"),
        ("ru", "1 234 слова", "9 июня 2025", "Русский", "Документ", "ru"),
    ],
)
def test_factiva_html_article_format_without_field_table(
    tmp_path, lang, words, date, language, doc, code
):
    path = tmp_path / f"factiva_{lang}.html"
    path.write_text(_factiva_article_format(lang, words, date, language, doc), encoding="utf-8")
    assert detect(path) == "factiva_html"
    c = read(path)
    assert c["title"].tolist() == ["Prisoners come home", "Families wait"]
    assert c["outlet"].tolist() == ["Atlas Wire"] * 2
    assert c["date"].tolist() == [utc("2025-06-09")] * 2
    assert c["length"].tolist() == [1234, 1234]
    assert c["lang"].tolist() == [code, code]
    assert c["source_id"].tolist() == ["ATLASW0020250609el690001", "ATLASW0020250609el690002"]
    assert c["byline"].isna().iloc[0] and c["byline"].iloc[1] == "Olena Marchuk"
    assert c["text"].iloc[1] == "Paragraph one of 2.\n\nDoctors & families."


def test_factiva_article_format_without_document_number_is_named(tmp_path):
    path = tmp_path / "factiva_cut.html"
    text = _factiva_article_format("en", "12 words", "9 June 2025", "English", "Document")
    path.write_text(text.replace("Document ATLASW0020250609el690002", ""), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"factiva_cut\.html, article 2: .*AN"):
        read(path)


def test_nexis_headline_holding_a_date_and_a_monthly_issue(tmp_path):
    articles = [
        dict(make_fixtures.ARTICLES[0], title="June 9, 2025: the first prisoners come home"),
        dict(make_fixtures.ARTICLES[0], title="Waiting", outlet="Atlas Monthly", date="June 2025"),
    ]
    path = make_fixtures.write_docx(
        tmp_path / "dated.docx", make_fixtures.nexis_paragraphs(articles)
    )
    c = read(path)
    assert c["title"].tolist() == ["June 9, 2025: the first prisoners come home", "Waiting"]
    assert c["outlet_raw"].tolist() == ["The Bosphorus Daily (Istanbul)", "Atlas Monthly"]
    assert c["date"].tolist() == [utc("2025-06-09"), utc("2025-06-01")]


def test_mediacloud_newer_columns_and_missing_dates(tmp_path):
    path = tmp_path / "mc.csv"
    path.write_text(
        "id,indexed_date,language,media_name,media_url,publish_date,title,url\n"
        "a1f3,2025-06-09 10:00:00.5,en,atlaswire.example,atlaswire.example,2025-06-09,"
        "Prisoners come home,https://atlaswire.example/a\n"
        "b2e4,2025-06-10 10:00:00,uk,kyivledger.example,kyivledger.example,None,"
        "Родини чекали на кордоні,https://kyivledger.example/b\n"
        "c3d5,2025-06-10 11:00:00,ru,kyivledger.example,kyivledger.example,,"
        "Пленных встречали с флагами,https://kyivledger.example/c\n",
        encoding="utf-8",
    )
    c = read(path)
    assert c["source_id"].tolist() == ["a1f3", "b2e4", "c3d5"]
    assert c["date"].iloc[0] == utc("2025-06-09")
    assert c["date"].iloc[1:].isna().all()
    assert c["lang"].tolist() == ["en", "uk", "ru"]
    assert "indexed_date" in c.columns
