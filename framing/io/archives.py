"""News-archive exports: Nexis Uni, LexisNexis Academic, Factiva and Media Cloud, read into a corpus.

Researchers get their articles from news archives, in the archives' own export
formats. :func:`read_archive` reads them explicitly and :func:`framing.load_corpus`
recognises them by content (these readers are asked before the generic table
reader), one file, a folder or a glob of exports at a time:

================================  ====================================================
Nexis Uni ``.docx`` (and ``.rtf``)  articles separated by "End of Document"; headline,
                                    publication, date and copyright before ``Body``,
                                    tagged fields (``Section:``, ``Length:``,
                                    ``Byline:``, ``Load-Date:``, ``Language:``)
LexisNexis Academic ``.txt``        blocks opened by "N of M DOCUMENTS" (also
                                    "Dokument N von M", "Document N de M"), metadata up
                                    to ``LENGTH:``, body up to ``LOAD-DATE:``/``LANGUAGE:``
Factiva ``.html`` and ``.rtf``      one block of two-letter fields per article (HD, BY,
                                    WC, PD, SN, SC, SE, LA, LP, TD, AN), in the language
                                    of the interface ("29 décembre 2011", "295 mots");
                                    in RTF each field code stands alone on its line (or
                                    is followed by a tab)
Media Cloud ``.csv``                ``stories_id`` (or ``id``), ``publish_date``,
                                    ``title``, ``url``, ``media_name``; an empty
                                    or ``None`` publish date is a missing date
================================  ====================================================

Layout variants of real exports that are read as well: LexisNexis headlines and
bylines that wrap over several lines, and index terms (``SUBJECT:``,
``GEOGRAPHIC:``, ...) between the body and ``LOAD-DATE:``; Factiva's "Article
Format" HTML (no field table: headline, word count, date, source, language and
copyright as plain blocks, ``p.articleParagraph`` for the text, "Document AN" at
the end); a headline that holds a date (the date line is the line that is only
a date); monthly issues dated "June 2025" (read as the first of the month).

Every reader gives the standard columns (``doc_id``, ``outlet``, ``date``,
``title``, ``text``) plus what the source offers — ``byline``, ``section``,
``length`` (words), ``language``, ``source_id`` (Factiva's AN, Media Cloud's
story id), ``edition``, ``outlet_raw`` (the outlet as the archive wrote it),
``article`` (the number of the article in its file) and ``source_file``. Dates
are read in English, French, German, Russian and Ukrainian
(:func:`framing.io.dates.parse_month_date`) into one timezone-aware (UTC) column;
a date that cannot be read is an error naming the file, the article and the
text, unless ``on_bad_date="keep"``. Outlet spellings ("The Guardian (London)",
"Guardian.com", "guardian.co.uk") are merged by :func:`suggest_outlet_aliases`,
with the merges listed in a warning and in ``attrs["framing"]["outlet_merges"]``.
A malformed export — truncated, an article without body, a header without
articles, a ``.docx`` that is not a Nexis Uni export — is a
:class:`~framing.errors.CorpusError` naming the file and the article.

The layouts were written from the archives' documentation and public sample
files of the R packages LexisNexisTools (Gruber) and tm.plugin.factiva /
tm.plugin.lexisnexis (Bouchet-Valat); the fixtures in ``tests/data/archives``
are constructed, not downloaded.
"""

from __future__ import annotations

import html
import os
import re
import warnings
import zipfile
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

from framing.codebook.model import LANGUAGE_NAMES
from framing.errors import CorpusError
from framing.io._files import check_input_file, decode_corpus_file
from framing.io.corpus import Locations, Reader, ReadOptions
from framing.io.dates import parse_month_date

__all__ = ["read_archive", "detect", "READERS", "FORMATS"]

FORMATS = ("nexis_uni", "lexisnexis", "factiva_html", "factiva_rtf", "mediacloud")
_ARCHIVES_EXTRA = (
    "pip install 'framing[archives]' (python-docx and striprtf, for .docx and .rtf exports)"
)

# ISO 639-1 codes of the language names archives write (in several interface languages)


def _lang(value: str | None) -> str | None:
    if not value:
        return None
    first = re.split(r"[;,]", value)[0].strip().casefold()
    return LANGUAGE_NAMES.get(first)


def _words(value: str | None) -> float:
    m = re.search(r"\d[\d,.\u00a0 ]*", value or "")
    if not m:
        return np.nan
    digits = re.sub(r"\D", "", m.group())
    return float(digits) if digits else np.nan


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


# words a date line may hold besides the date: weekdays, "г."/"року", times and their zones
_DATE_WORDS_RX = re.compile(r"[^\W\d_]+\.?", re.UNICODE)
_DATE_EXTRA = {
    "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "cet", "cest", "eet", "eest", "msk", "est",
    "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "trt", "ist", "jst", "aest", "aedt",
    "updated", "update", "mis", "à", "um", "uhr", "в", "о", "h", "de", "der", "le", "the", "of",
    "г", "года", "год", "р", "року", "рік", "st", "nd", "rd", "th",
}  # fmt: skip


def _month_year(text: str) -> pd.Timestamp | None:
    """The first day of a month written "June 2025" / "juin 2025" (monthly issues), or None."""
    from framing.io.dates import MONTHS

    words = [w.casefold().rstrip(".") for w in _DATE_WORDS_RX.findall(text)]
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
    months = [MONTHS[w] for w in words if w in MONTHS]
    if len(words) == 1 and len(months) == 1 and len(years) == 1:
        if not re.sub(r"[^\W\d_]+\.?|\d{4}|[\s,]", "", text):
            return pd.Timestamp(year=int(years[0]), month=months[0], day=1)
    return None


def _archive_date(text: str) -> pd.Timestamp | None:
    return parse_month_date(text) or _month_year(text)


def _date_line(line: str) -> bool:
    """Whether a line is only a date (with weekday and time), not a headline that holds one."""
    from framing.io.dates import _WEEKDAYS, MONTHS

    if _archive_date(line) is None:
        return False
    for word in _DATE_WORDS_RX.findall(line):
        w = word.casefold().rstrip(".")
        if w in MONTHS or w in _WEEKDAYS or w in _DATE_EXTRA:
            continue
        if word.isupper() and len(word) <= 5:  # a time zone such as "GMT+1", "EEST"
            continue
        return False
    return True


def _find_date(lines: Sequence[str], start: int = 0) -> int | None:
    """Index of the first date line from ``start`` (a line only of a date preferred)."""
    strict = next((i for i in range(start, len(lines)) if _date_line(lines[i])), None)
    if strict is not None:
        return strict
    return next((i for i in range(start, len(lines)) if _archive_date(lines[i])), None)


class _Articles:
    """Collects the articles of one export file with their numbers and checks."""

    def __init__(self, path: Path, fmt: str, options: ReadOptions):
        self.path, self.fmt, self.options = path, fmt, options
        self.records: list[dict] = []

    def fail(self, number: int | None, message: str) -> CorpusError:
        where = f"{self.path}, article {number}" if number is not None else f"{self.path}"
        return CorpusError(f"{where}: {message}")

    def date(self, number: int, text: str | None) -> pd.Timestamp:
        ts = _archive_date(text) if text else None
        if ts is None and text:
            try:
                ts = pd.Timestamp(text.strip())
            except (ValueError, TypeError):
                ts = None
        if ts is None:
            if self.options.on_bad_date == "keep":
                return pd.NaT
            shown = repr(text) if text else "no date"
            raise self.fail(
                number,
                f"cannot read the date {shown} (months are read in English, French, German, "
                "Russian and Ukrainian); correct it, or pass on_bad_date='keep' to keep the "
                "article without a date",
            )
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")

    def add(self, number: int, **fields) -> None:
        text = fields.get("text") or ""
        if not text.strip():
            title = fields.get("title")
            raise self.fail(
                number,
                f"no body text{f' (headline {title!r})' if title else ''}; the export holds "
                "only the article's metadata: download it again with full text, or remove it",
            )
        if not (fields.get("outlet") or "").strip():
            raise self.fail(number, "no publication name; the export lacks the outlet")
        fields.setdefault("doc_id", f"{self.path.stem}-{number:03d}")
        fields["article"] = number
        self.records.append(fields)

    def table(self) -> tuple[pd.DataFrame, Locations]:
        if not self.records:
            raise self.fail(None, f"a {_NAMES[self.fmt]} export without articles")
        df = pd.DataFrame.from_records(self.records)
        df["outlet_raw"] = df["outlet"]
        df["date"] = pd.to_datetime(df["date"], utc=True)
        df["source_file"] = str(self.path)
        df.attrs["framing_archive"] = self.fmt
        where = Locations.lines(f"{self.path}, article ", df["article"].to_numpy())
        return df, where


_NAMES = {
    "nexis_uni": "Nexis Uni",
    "lexisnexis": "LexisNexis",
    "factiva_html": "Factiva HTML",
    "factiva_rtf": "Factiva RTF",
    "mediacloud": "Media Cloud",
}


# --- recognising exports by content -----------------------------------------------------------

_LN_START = re.compile(
    r"^[ \t]*(?:(\d+) of (\d+) DOCUMENTS?|Dokument (\d+) von (\d+)|Document (\d+) de (\d+))[ \t]*\r?$",
    re.M,
)
_FACTIVA_HTML = re.compile(r"<b>\s*(?:HD|AN)\s*</b>", re.I)
_FACTIVA_ARTICLE = re.compile(r"class\s*=\s*[\"']article\b", re.I)
_MEDIACLOUD_COLS = {"publish_date", "title", "url", "media_name"}


def _head(path: Path, n: int = 1 << 16) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def detect(path: Path) -> str | None:
    """The archive format of a file, judged by its content, or ``None``."""
    try:
        if not path.is_file():
            return None
    except OSError:
        return None
    suffix = path.suffix.lower()
    head = _head(path)
    if suffix == ".docx" or head[:2] == b"PK" and suffix not in (".xlsx", ".parquet"):
        return "nexis_uni" if suffix == ".docx" else None
    if head.lstrip().startswith(b"{\\rtf"):
        return _detect_rtf(path)
    text = head.decode("utf-8", errors="ignore")
    if suffix in (".html", ".htm") or "<html" in text[:2000].lower():
        if _FACTIVA_ARTICLE.search(text) or _FACTIVA_HTML.search(text):
            return "factiva_html"
        return None
    if suffix == ".txt" and _LN_START.search(text):
        return "lexisnexis"
    if suffix == ".csv":
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        cols = {c.strip().strip('"').casefold() for c in first.split(",")}
        if _MEDIACLOUD_COLS <= cols and ({"stories_id", "id"} & cols):
            return "mediacloud"
    return None


def _rtf_text(path: Path) -> str:
    try:
        from striprtf.striprtf import rtf_to_text
    except ImportError:
        raise CorpusError(
            f"{path}: reading .rtf exports needs striprtf: {_ARCHIVES_EXTRA}"
        ) from None
    raw = path.read_bytes().decode("latin-1")  # RTF is 7-bit; \'xx and \uN escapes carry the rest
    try:
        return rtf_to_text(raw, errors="ignore")
    except Exception as exc:  # striprtf raises plain exceptions on broken input
        raise CorpusError(f"{path}: not a readable RTF file ({exc})") from None


def _detect_rtf(path: Path) -> str | None:
    try:
        text = _rtf_text(path)
    except CorpusError:
        return "factiva_rtf"  # the reader repeats the error with the file name
    if re.search(r"^(?:HD|AN)[ \t]*$", text, re.M) or re.search(r"^HD\t", text, re.M):
        return "factiva_rtf"
    if re.search(r"^\s*End of Document\s*$", text, re.M | re.I):
        return "nexis_uni"
    return None


# --- Nexis Uni ----------------------------------------------------------------------------------

_NEXIS_FIELDS = {
    "section": ("section", "rubrique", "rubrik", "раздел", "розділ"),
    "length": ("length", "longueur", "länge", "длина", "довжина"),
    "byline": ("byline", "auteur", "autor", "автор"),
    "language": ("language", "langue", "sprache", "язык", "мова"),
    "load_date": ("load-date", "date-chargement", "ladedatum"),
    "dateline": ("dateline",),
    "publication_type": ("publication-type", "type-publication"),
    "edition": ("edition", "ausgabe", "édition"),
}
_FIELD_RX = re.compile(r"^([A-Za-zÀ-ÿА-Яа-яІіЇїЄєҐґ\- ]{2,30}):[\u00a0 ]+(.*)$")
_END_RX = re.compile(r"^\s*End of Document\s*$", re.I)
# the cover page of a download: who, when, what was searched, the list of headlines
_COVER_RX = re.compile(
    r"^(?:Date and Time|Job Number|Client/Matter|Search Terms|Search Type|Content Type|"
    r"Narrowed by|Documents?\s*\(\d+\))\b",
    re.I,
)


def _field(line: str) -> tuple[str, str] | None:
    m = _FIELD_RX.match(line.strip())
    if not m:
        return None
    name = m.group(1).strip().casefold()
    for key, names in _NEXIS_FIELDS.items():
        if name in names:
            return key, m.group(2).strip()
    return (
        ("_other", m.group(2).strip())
        if name
        in {
            "subject",
            "classification",
            "geographic",
            "industry",
            "company",
            "person",
            "organization",
            "graphic",
            "highlight",
            "url",
            "journal-code",
            "document-type",
        }
        else None
    )


def _docx_paragraphs(path: Path) -> list[str]:
    try:
        import docx
    except ImportError:
        raise CorpusError(
            f"{path}: reading Nexis Uni .docx exports needs python-docx: {_ARCHIVES_EXTRA}"
        ) from None
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorpusError(
            f"{path}: not a readable .docx file ({exc}); a truncated download? download it again"
        ) from None
    except Exception as exc:  # python-docx raises several types for broken packages
        raise CorpusError(f"{path}: not a readable .docx file ({exc})") from None
    return [p.text for p in document.paragraphs]


def read_nexis_uni(path: Path, options: ReadOptions, lines: Sequence[str] | None = None):
    """Nexis Uni export (``.docx``, or the same layout as text from ``.rtf``)."""
    check_input_file(path)
    if lines is None:
        lines = (
            _docx_paragraphs(path)
            if path.suffix.lower() == ".docx"
            else _rtf_text(path).split("\n")
        )
    lines = [line.replace("\u00a0", " ").rstrip() for line in lines]
    found = _Articles(path, "nexis_uni", options)
    ends = [i for i, line in enumerate(lines) if _END_RX.match(line)]
    has_body = any(line.strip() == "Body" for line in lines)
    if not ends and not has_body:
        raise CorpusError(
            f"{path}: not a Nexis Uni export (no article ends with 'End of Document' and no "
            "'Body' heading); export from Nexis Uni as Word (.docx) with full text, one or "
            "more documents per file"
        )
    declared = None
    for line in lines[:40]:
        m = re.match(r"^\s*Documents?\s*\((\d+)\)\s*$", line)
        if m:
            declared = int(m.group(1))
            break
    start = 0
    blocks = []
    for end in ends:
        blocks.append((start, end))
        start = end + 1
    rest = [line for line in lines[start:] if line.strip()]
    if rest:
        blocks.append((start, len(lines)))
    for number, (a, b) in enumerate(blocks, start=1):
        block = lines[a:b]
        complete = b < len(lines) and b in ends
        if not complete:
            raise found.fail(
                number,
                "the article does not end with 'End of Document': the file is truncated; "
                "download it again",
            )
        _nexis_article(found, number, block)
    if declared is not None and declared != len(found.records):
        raise found.fail(
            None,
            f"the cover page lists {declared} documents but the file holds "
            f"{len(found.records)}; the export is incomplete: download it again",
        )
    return found.table()


def _nexis_article(found: _Articles, number: int, block: list[str]) -> None:
    try:
        body_at = next(i for i, line in enumerate(block) if line.strip() == "Body")
    except StopIteration:
        title = next(
            (x.strip() for x in block if x.strip() and not _COVER_RX.match(x.strip())), None
        )
        raise found.fail(
            number,
            f"no 'Body' heading{f' (near {title!r})' if title else ''}: an article without "
            "body text; download it again with full text, or remove it",
        ) from None
    header = [
        line.strip()
        for line in block[:body_at]
        if line.strip() and not _COVER_RX.match(line.strip())
    ]
    fields: dict[str, str] = {}
    plain = []
    for line in header:
        f = _field(line)
        if f:
            fields.setdefault(f[0], f[1])
        else:
            plain.append(line)
    date_at = _find_date(plain, 2)
    if date_at is None:
        raise found.fail(
            number,
            "cannot find the headline, publication and date lines before 'Body' (a Nexis Uni "
            f"article starts with them); found {plain[:4]!r}",
        )
    title, outlet, date_line = plain[date_at - 2], plain[date_at - 1], plain[date_at]
    body, tail = [], False
    for line in block[body_at + 1 :]:
        stripped = line.strip()
        if stripped in ("Classification", "Graphic", "Notes"):
            tail = True
            continue
        f = _field(stripped)
        if f and (tail or f[0] in ("load_date", "language")):
            fields.setdefault(f[0], f[1])
            tail = True
            continue
        if not tail:
            body.append(line)
    found.add(
        number,
        outlet=outlet,
        date=found.date(number, date_line),
        title=title,
        text=_clean("\n".join(body)),
        byline=fields.get("byline"),
        section=fields.get("section"),
        length=_words(fields.get("length")),
        language=fields.get("language"),
        lang=_lang(fields.get("language")),
        edition=fields.get("edition"),
        source_id=None,
    )


# --- LexisNexis Academic .txt ------------------------------------------------------------------

_LN_FIELD = re.compile(r"^([A-ZÄÖÜÉ][A-ZÄÖÜÉ\-]{1,25}):[ \t]*(.*)$")
_LN_KEYS = {
    "BYLINE": "byline", "AUTOR": "byline", "AUTEUR": "byline",
    "SECTION": "section", "RUBRIK": "section", "RUBRIQUE": "section",
    "LENGTH": "length", "LÄNGE": "length", "LONGUEUR": "length",
    "LANGUAGE": "language", "SPRACHE": "language", "LANGUE": "language",
    "LOAD-DATE": "load_date", "DATELINE": "dateline", "PUBLICATION-TYPE": "publication_type",
    "JOURNAL-CODE": "journal_code", "HIGHLIGHT": "highlight", "GRAPHIC": "graphic",
    "UPDATE": "update",
    # index terms and notes after the body (they end it, like LOAD-DATE:)
    "SUBJECT": "subject", "ORGANIZATION": "organization", "GEOGRAPHIC": "geographic",
    "PERSON": "person", "COMPANY": "company", "TICKER": "ticker", "INDUSTRY": "industry",
    "COUNTRY": "country", "CITY": "city", "STATE": "state", "DOCUMENT-TYPE": "document_type",
    "CORRECTION-DATE": "correction_date", "SERIES": "series", "ACC-NO": "acc_no",
    "DISTRIBUTION": "distribution", "NOTES": "notes", "URL": "url",
    "GRAFIK": "graphic", "SCHLAGWORT": "subject", "SUJET": "subject",
}  # fmt: skip
_LN_END = (
    "language", "load_date", "publication_type", "journal_code", "subject", "organization",
    "geographic", "person", "company", "ticker", "industry", "country", "city", "state",
    "document_type", "correction_date", "series", "acc_no", "distribution", "notes", "url",
)  # fmt: skip


def _ln_field(line: str) -> bool:
    m = _LN_FIELD.match(line)
    return m is not None and m.group(1) in _LN_KEYS


def read_lexisnexis(path: Path, options: ReadOptions):
    """LexisNexis Academic ``.txt``: "N of M DOCUMENTS" blocks."""
    text = decode_corpus_file(path, options.encoding).replace("\r\n", "\n").replace("\r", "\n")
    found = _Articles(path, "lexisnexis", options)
    starts = list(_LN_START.finditer(text))
    if not starts:
        raise found.fail(
            None,
            "a LexisNexis export without articles (no 'N of M DOCUMENTS' line); export the "
            "documents with full text",
        )
    previous = None
    for k, m in enumerate(starts):
        nums = [int(g) for g in m.groups() if g is not None]
        number = nums[0]
        if previous is not None and number != previous + 1:
            raise found.fail(
                number,
                f"follows article {previous}: articles are missing in between; the file is "
                "damaged: download it again",
            )
        previous = number
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        _ln_article(found, number, text[m.end() : end].split("\n"), last=k + 1 == len(starts))
    return found.table()


def _ln_article(found: _Articles, number: int, lines: list[str], *, last: bool) -> None:
    fields: dict[str, str] = {}
    length_at = None
    for i, line in enumerate(lines):
        m = _LN_FIELD.match(line.strip())
        if m and m.group(1) in _LN_KEYS:
            key = _LN_KEYS[m.group(1)]
            if key == "length":
                length_at = i
                fields["length"] = m.group(2)
                break
            fields.setdefault(key, m.group(2))
    if length_at is None:
        raise found.fail(
            number,
            "no LENGTH: line, so the metadata never ends"
            + (": the file is truncated; download it again" if last else ""),
        )
    # the header is paragraphs separated by blank lines: a field ("BYLINE: ...") continues
    # on the lines below it; the headline and the edition may wrap over several lines
    paragraphs: list[list[str]] = [[]]
    for line in lines[:length_at]:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    plain: list[list[str]] = []
    for para in filter(None, paragraphs):
        m = _LN_FIELD.match(para[0])
        if m and m.group(1) in _LN_KEYS:
            value = " ".join([m.group(2), *para[1:]]).strip()
            fields[_LN_KEYS[m.group(1)]] = value
        else:
            plain.append(para)
    date_at = _find_date([para[0] for para in plain])
    if date_at is None:
        date_line = plain[1][0] if len(plain) > 1 else None
        outlet = " ".join(plain[0]) if plain else None
        title = None
    else:
        date_line = plain[date_at][0]
        outlet = " ".join(plain[0]) if date_at > 0 else None
        after = plain[date_at + 1 :]
        title = " ".join(after[-1]) if after else None
        # edition lines ("Edition 1;", "Scotland") follow the date line
        extra = plain[date_at][1:] + [x for para in after[:-1] for x in para]
        edition = "; ".join(x.rstrip(";") for x in extra) or None
        if edition:
            fields.setdefault("edition", edition)
    body, ended = [], False
    for line in lines[length_at + 1 :]:
        m = _LN_FIELD.match(line.strip())
        if m and m.group(1) in _LN_KEYS:
            key = _LN_KEYS[m.group(1)]
            fields.setdefault(key, m.group(2))
            if key in _LN_END:
                ended = True
            continue
        if ended:
            continue  # copyright lines after the end fields
        body.append(line)
    if not ended:
        raise found.fail(
            number,
            "the article never reaches its LOAD-DATE:/LANGUAGE: lines"
            + (": the file is truncated; download it again" if last else ""),
        )
    found.add(
        number,
        outlet=outlet,
        date=found.date(number, date_line),
        title=title,
        text=_clean("\n".join(body)),
        byline=fields.get("byline"),
        section=fields.get("section"),
        length=_words(fields.get("length")),
        language=fields.get("language"),
        lang=_lang(fields.get("language")),
        edition=fields.get("edition"),
        source_id=fields.get("journal_code"),
    )


# --- Factiva -----------------------------------------------------------------------------------

_FACTIVA_FIELDS = (
    "HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "LP", "TD", "CT",
    "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "SE", "ART", "NGC", "GC", "VOL",
)  # fmt: skip


def _factiva_article(found: _Articles, number: int, fields: dict[str, str], *, last: bool):
    if "AN" not in fields:
        raise found.fail(
            number,
            "the article has no AN (accession number) field, which ends every Factiva article"
            + (": the file is truncated; download it again" if last else ""),
        )
    if "HD" not in fields and "SN" not in fields:
        raise found.fail(number, "no HD (headline) or SN (source) field: not a Factiva article")
    source_id = re.sub(r"^\s*(?:Document|Dokument|Документ)\s+", "", fields["AN"]).strip()
    body = "\n\n".join(x for x in (fields.get("LP", ""), fields.get("TD", "")) if x.strip())
    found.add(
        number,
        doc_id=source_id or None,
        outlet=fields.get("SN"),
        date=found.date(number, fields.get("PD")),
        title=fields.get("HD"),
        text=_clean(body),
        byline=fields.get("BY"),
        section=fields.get("SE"),
        length=_words(fields.get("WC")),
        language=fields.get("LA"),
        lang=_lang(fields.get("LA")),
        edition=fields.get("ED"),
        source_id=source_id,
        source_code=fields.get("SC"),
        publisher=fields.get("PUB"),
    )


class _FactivaHTML(HTMLParser):
    """Collects, per ``div.article``, the rows of its field table: (code, text).

    Factiva's "Article Format" has no field table: the article is a run of
    ``div`` and ``p`` blocks (headline, word count, date, source, ...,
    ``p.articleParagraph``, "Document AN"); those blocks are collected too, as
    (tag, class, id, text), for :func:`_article_format_fields`.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.articles: list[list[tuple[str, str]]] = []
        self.blocks: list[list[tuple[str, str, str, str]]] = []
        self.depth = 0  # div depth inside the current article
        self.cell = -1
        self.cells: list[list[str]] = []
        self.in_row = False
        self.skip = 0
        self.open: list[tuple[str, str, str, list[str]]] = []  # div/p blocks inside an article

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attrs = dict(attrs)
        if tag == "div":
            if self.depth:
                self.depth += 1
            elif (attrs.get("class") or "").split()[:1] == ["article"]:
                self.depth = 1
                self.articles.append([])
                self.blocks.append([])
                self.open = []
        if not self.depth:
            return
        if tag in ("div", "p"):
            self.open.append((tag, attrs.get("class") or "", attrs.get("id") or "", []))
        elif tag == "br" and self.open and not self.in_row:
            self.open[-1][3].append("\n")
        if tag == "tr":
            self.in_row, self.cells = True, []
        elif tag == "td" and self.in_row:
            self.cells.append([])
        elif tag in ("p", "br") and self.cells:
            self.cells[-1].append("\n\n" if tag == "p" else "\n")

    def _close_block(self, tag: str) -> None:
        while self.open:
            name, cls, ident, parts = self.open.pop()
            text = "".join(parts).strip()
            if text:
                self.blocks[-1].append((name, cls, ident, text))
            if name == tag:
                return

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if not self.depth:
            return
        if tag in ("div", "p") and any(b[0] == tag for b in self.open):
            self._close_block(tag)
        if tag == "div":
            self.depth -= 1
        elif tag == "tr" and self.in_row:
            self.in_row = False
            if len(self.cells) >= 2:
                code = "".join(self.cells[0]).strip()
                value = "".join("".join(c) for c in self.cells[1:])
                self.articles[-1].append((code, value))

    def handle_data(self, data):
        if not self.depth or self.skip:
            return
        if self.in_row and self.cells:
            self.cells[-1].append(data)
        elif self.open:
            self.open[-1][3].append(data)


_AN_LINE = re.compile(r"^(?:Document|Dokument|Documento|Документ)\s+(\S+)\s*$", re.I)
_WC_LINE = re.compile(r"^\d[\d,.\u00a0\u202f ]*\s+[^\W\d_]+\.?$")
_TIME_LINE = re.compile(r"^\d{1,2}[:.h]\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,5}))?$")
_COPYRIGHT_LINE = re.compile(r"^(?:\(c\)|©|copyright\b|\(с\))", re.I)


def _article_format_fields(blocks: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """The two-letter fields of one article in Factiva's "Article Format" (no field table).

    The layout: section (optional), headline (``div#hd`` / ``span.*Headline``),
    author (``div.author``), then plain ``div`` blocks in a fixed order — word
    count, date, time (optional), source name, source code, page/section,
    language, copyright — then ``p.articleParagraph`` blocks and "Document AN".
    """
    fields: dict[str, str] = {}
    paragraphs = []
    plain_before: list[str] = []
    plain_after: list[str] = []
    seen_headline = False
    for tag, cls, ident, text in blocks:
        low = cls.casefold()
        m = _AN_LINE.match(text)
        if m:
            fields["AN"] = m.group(1)
        elif ident == "hd" or "headline" in low:
            fields.setdefault("HD", _clean(text))
            seen_headline = True
        elif "author" in low:
            fields.setdefault("BY", _clean(text))
        elif "articleparagraph" in low:
            paragraphs.append(text)
        elif tag == "div" and not cls and not ident and not paragraphs:
            (plain_after if seen_headline else plain_before).append(_clean(text))
    meta = plain_after or plain_before
    at = next((i for i, x in enumerate(meta) if _WC_LINE.match(x)), None)
    if at is not None:
        fields["WC"] = meta[at]
        rest = meta[at + 1 :]
    else:
        at = next((i for i, x in enumerate(meta) if _date_line(x)), None)
        rest = meta[at:] if at is not None else []
    if rest:
        fields["PD"] = rest.pop(0)
    if rest and _TIME_LINE.match(rest[0]):
        fields["ET"] = rest.pop(0)
    for i, text in enumerate(rest):
        if _COPYRIGHT_LINE.match(text):
            fields.setdefault("CY", text)
        elif _lang(text) and "LA" not in fields:
            fields["LA"] = text
        elif i == 0:
            fields["SN"] = text
        elif i == 1 and re.fullmatch(r"[A-Z0-9]{2,12}", text):
            fields["SC"] = text
        elif "LA" not in fields and not re.fullmatch(r"[\d\s,;-]+", text):
            fields.setdefault("SE", text)
    if plain_after and plain_before:
        fields.setdefault("SE", plain_before[-1])
    if paragraphs:
        fields["LP"] = "\n\n".join(paragraphs)
    return fields


def read_factiva_html(path: Path, options: ReadOptions):
    text = decode_corpus_file(path, options.encoding)
    parser = _FactivaHTML()
    parser.feed(text)
    parser.close()
    found = _Articles(path, "factiva_html", options)
    complete = re.search(r"</html\s*>", text, re.I) is not None
    for number, rows in enumerate(parser.articles, start=1):
        fields: dict[str, str] = {}
        for code, value in rows:
            code = code.replace("\u00a0", "").strip()
            if code in _FACTIVA_FIELDS:
                fields.setdefault(code, html.unescape(value).strip())
        if not fields:  # "Article Format": blocks in a fixed order instead of a field table
            fields = _article_format_fields(parser.blocks[number - 1])
        last = number == len(parser.articles)
        _factiva_article(found, number, fields, last=last)
    if not complete and found.records:
        raise found.fail(
            len(found.records),
            "the HTML ends before </html>: the file is truncated; download it again",
        )
    return found.table()


_RTF_FIELD = re.compile(r"^(" + "|".join(_FACTIVA_FIELDS) + r")(?:[ \t]*$|\t(.*)$)")


def read_factiva_rtf(path: Path, options: ReadOptions):
    check_input_file(path)
    text = _rtf_text(path)
    found = _Articles(path, "factiva_rtf", options)
    articles: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    code = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        m = _RTF_FIELD.match(line)
        if m:
            if current is None:  # the first field after an AN opens the next article
                current = {}
                articles.append(current)
            code = m.group(1)
            current.setdefault(code, [])
            if m.group(2):
                current[code].append(m.group(2))
        elif current is not None and code is not None:
            current[code].append(line)
        else:
            continue
        if code == "AN" and any(x.strip() for x in current["AN"]):
            current, code = None, None
    if not articles:
        raise found.fail(None, "a Factiva RTF export without articles (no HD/AN fields)")
    for number, fields in enumerate(articles, start=1):
        joined = {k: _clean("\n".join(v)) for k, v in fields.items()}
        _factiva_article(found, number, joined, last=number == len(articles))
    return found.table()


# --- Media Cloud -------------------------------------------------------------------------------


def read_mediacloud(path: Path, options: ReadOptions):
    from framing.io.tables import read_delimited

    df, where = read_delimited(path, options, ",")
    cols = {c.casefold(): c for c in df.columns}
    id_col = cols.get("stories_id") or cols.get("id")
    out = pd.DataFrame(index=df.index)
    out["doc_id"] = df[id_col]
    out["outlet"] = df[cols["media_name"]]
    # newer exports leave an unknown publish_date empty or write None / null
    raw = df[cols["publish_date"]].replace(
        {"": None, "None": None, "none": None, "null": None, "NULL": None, "NaT": None}
    )
    dates = pd.to_datetime(raw, errors="coerce", utc=True, format="mixed")
    bad = dates.isna() & raw.notna()
    if bad.any() and options.on_bad_date != "keep":
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise CorpusError(
            f"{where[i]}: cannot read the publish_date {df[cols['publish_date']].iloc[i]!r}; "
            "correct it, or pass on_bad_date='keep'"
        )
    out["date"] = dates
    out["title"] = df[cols["title"]]
    if "text" in cols:
        out["text"] = df[cols["text"]]
    else:
        warnings.warn(
            f"{path}: Media Cloud exports carry headlines and links, not article text; the "
            "headline is used as the text (add a 'text' column to score full articles)",
            stacklevel=2,
        )
        out["text"] = df[cols["title"]]
    if "language" in cols:
        out["lang"] = df[cols["language"]]
    out["source_id"] = df[id_col]
    taken = {id_col, cols["media_name"], cols["publish_date"], cols["title"], cols.get("text"),
             cols.get("language")}  # fmt: skip
    for c in df.columns:
        if c not in taken and c not in out.columns:
            out[c] = df[c]
    out["outlet_raw"] = out["outlet"]
    out["article"] = np.arange(1, len(out) + 1)
    out["source_file"] = str(path)
    out.attrs["framing_archive"] = "mediacloud"
    return out, where


# --- public entry points ------------------------------------------------------------------------

_READ = {
    "nexis_uni": read_nexis_uni,
    "lexisnexis": read_lexisnexis,
    "factiva_html": read_factiva_html,
    "factiva_rtf": read_factiva_rtf,
    "mediacloud": read_mediacloud,
}


def read_export(path: Path, options: ReadOptions | str):
    """Read one export file, whatever its format (recognised by :func:`detect`)."""
    if isinstance(options, str):
        options = ReadOptions(encoding=options)
    fmt = detect(path)
    if fmt is None:
        raise CorpusError(
            f"{path}: not a news-archive export framing recognises (Nexis Uni .docx, LexisNexis "
            ".txt, Factiva .html/.rtf, Media Cloud .csv)"
        )
    return _READ[fmt](path, options)


def _reader(fmt: str, description: str) -> Reader:
    def accepts(path: Path) -> bool:
        return detect(path) == fmt

    def read(path: Path, options: ReadOptions):
        return _READ[fmt](path, options)

    return Reader(fmt, description, accepts, read)


READERS = [
    _reader("nexis_uni", "Nexis Uni .docx exports"),
    _reader("lexisnexis", "LexisNexis .txt exports"),
    _reader("factiva_html", "Factiva .html exports"),
    _reader("factiva_rtf", "Factiva .rtf exports"),
    _reader("mediacloud", "Media Cloud .csv exports"),
]


def read_archive(
    path: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    on_bad_date: str = "error",
    outlet_aliases=None,
    drop_duplicates: str | None = None,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read news-archive exports (Nexis Uni, LexisNexis, Factiva, Media Cloud) into a corpus.

    Parameters
    ----------
    path : path-like, glob or list of them
        One export, a folder of exports, a glob (``"downloads/*.docx"``) or a
        list of files; every format of the module docstring is recognised by
        content.
    on_bad_date : {'error', 'keep'}, default='error'
        A date that cannot be read is an error naming the file, the article and
        the text; ``'keep'`` keeps the article with a missing date.
    outlet_aliases : mapping, optional
        Extra spellings to merge, applied after the automatic merges of archive
        spellings (which are listed in a warning and in
        ``attrs["framing"]["outlet_merges"]``).
    drop_duplicates : {'exact', 'near'} or None
        Drop articles that appear in several exports (see :func:`load_corpus`).
    encoding : str, default='utf-8'
        Encoding of text exports (LexisNexis ``.txt``, Factiva ``.html``).

    Returns
    -------
    DataFrame
        The corpus schema of :func:`framing.load_corpus` (``date`` timezone-aware,
        UTC) plus ``byline``, ``section``, ``length``, ``language``,
        ``source_id``, ``edition``, ``outlet_raw``, ``article`` and
        ``source_file`` where the source offers them.

    Examples
    --------
    >>> from pathlib import Path
    >>> export = Path(getfixture("tmp_path")) / "download.txt"
    >>> _ = export.write_text('''
    ...                1 of 1 DOCUMENT
    ...
    ...                  Guardian.com
    ...
    ...             June 9, 2025 Monday
    ...
    ... Prisoners come home after Istanbul talks
    ...
    ... BYLINE: A. Writer
    ...
    ... LENGTH: 9 words
    ...
    ... The first group of prisoners came home on Monday.
    ...
    ... LOAD-DATE: June 10, 2025
    ...
    ... LANGUAGE: ENGLISH
    ... ''', encoding="utf-8")
    >>> corpus = read_archive(export)
    >>> corpus[["outlet", "date", "byline", "lang"]].values.tolist()[0][:2]
    ['Guardian.com', Timestamp('2025-06-09 00:00:00+0000', tz='UTC')]
    """
    from framing.io.corpus import load_corpus, read_files

    if isinstance(path, list | tuple):
        paths = [Path(p) for p in path]
        options = ReadOptions(encoding=encoding, on_bad_date=on_bad_date)
        for p in paths:
            if detect(p) is None:
                check_input_file(p)
                raise CorpusError(f"{p}: not a news-archive export framing recognises")
        df, where = read_files(paths, options)
        df.attrs["framing_archive"] = "several"
        from framing.io.corpus import normalise_articles

        corpus = normalise_articles(
            df, where, f"{len(paths)} exports", outlet_aliases=outlet_aliases
        )
        if drop_duplicates is not None:
            from framing.io.corpus import _drop_duplicates

            corpus = _drop_duplicates(corpus, drop_duplicates)
        return corpus
    p = Path(os.fspath(path))  # type: ignore[arg-type]
    if p.is_file() and detect(p) is None:
        check_input_file(p)
        raise CorpusError(
            f"{p}: not a news-archive export framing recognises (Nexis Uni .docx, LexisNexis "
            ".txt, Factiva .html/.rtf, Media Cloud .csv); for other tables use load_corpus()"
        )
    return load_corpus(
        path,
        on_bad_date=on_bad_date,
        outlet_aliases=outlet_aliases,
        drop_duplicates=drop_duplicates,
        encoding=encoding,
    )


def prepare(df: pd.DataFrame, where) -> pd.DataFrame:
    """Ids unique across exports: a story in two downloads gets ``~2`` on its second id."""
    ids = df["doc_id"].astype(str)
    repeated = ids.duplicated(keep=False)
    if repeated.any():
        counts = ids.groupby(ids).cumcount() + 1
        df = df.copy()
        df["doc_id"] = np.where(counts > 1, ids + "~" + counts.astype(str), ids)
        names = sorted(set(ids[repeated]))
        shown = ", ".join(map(repr, names[:5])) + (" ..." if len(names) > 5 else "")
        warnings.warn(
            f"{len(names)} article id{'s' if len(names) != 1 else ''} appear in more than one "
            f"export ({shown}); their later copies get '~2', '~3' ... — pass "
            "drop_duplicates='exact' to keep one copy",
            stacklevel=4,
        )
    return df


_PLACE = re.compile(r"\s*\([^()]*\)\s*$")


def outlet_merges(outlets: pd.Series) -> dict[str, str]:
    """Archive spellings of one outlet merged into its plain name (places in parentheses dropped)."""
    from framing.io.aliases import suggest_outlet_aliases

    merges = suggest_outlet_aliases(outlets.to_frame("outlet"))
    names = set(outlets.unique())
    canon = {n: merges.get(n, n) for n in names}
    out = {}
    for name, target in canon.items():
        plain = _PLACE.sub("", target).strip() or target
        if plain != name:
            out[name] = plain
    return out
