"""Write the constructed Nexis Uni ``.docx`` exports used by the tests (binary, so not committed).

A Nexis Uni Word export holds a cover page ("Documents (N)" and the list of
headlines), then per article: headline, publication, date line, copyright,
tagged fields (``Section:``, ``Length:``, ``Byline:`` with a no-break space after
the colon), ``Body``, the paragraphs, ``Classification`` with more tagged
fields (``Language:``, ``Load-Date:``) and ``End of Document``. The articles
are constructed teaching material about fictional outlets.

Usage: ``python tests/data/archives/make_fixtures.py OUTDIR``.
"""

from __future__ import annotations

import sys
from pathlib import Path

NBSP = "\u00a0"

ARTICLES = [
    {
        "title": "First prisoners aged under 25 return home",
        "outlet": "The Bosphorus Daily (Istanbul)",
        "date": "June 9, 2025 Monday 10:30 AM GMT",
        "copyright": "Copyright 2025 The Bosphorus Daily (constructed example)",
        "fields": {"Section": "WORLD; Pg. 3", "Length": "48 words", "Byline": "Ayşe Demir"},
        "body": [
            "The first group of prisoners aged up to 25 came home on Monday on both sides.",
            "Turkey hosted the talks in Istanbul and acted as mediator.",
        ],
        "tail": {"Language": "ENGLISH", "Load-Date": "June 10, 2025"},
    },
    {
        "title": "Пленных встречали с флагами",
        "outlet": "BosphorusDaily.com",
        "date": "9 июня 2025 г.",
        "copyright": "Copyright 2025 The Bosphorus Daily (constructed example)",
        "fields": {"Length": "12 words"},
        "body": ["Солдаты вернулись домой с флагами и песнями."],
        "tail": {"Language": "RUSSIAN", "Load-Date": "June 10, 2025"},
    },
    {
        "title": "Родини чекали на кордоні",
        "outlet": "bosphorusdaily.co.uk",
        "date": "10 червня 2025",
        "copyright": "Copyright 2025 The Bosphorus Daily (constructed example)",
        "fields": {"Length": "9 words", "Byline": "Олена Марчук"},
        "body": ["Родини чекали на кордоні, лікарі зустрічали автобуси."],
        "tail": {"Language": "UKRAINIAN", "Load-Date": "June 11, 2025"},
    },
]


def nexis_paragraphs(
    articles=ARTICLES, *, cover: bool = True, declared: int | None = None, body: bool = True
) -> list[str]:
    """The paragraphs of a Nexis Uni export of ``articles``."""
    lines: list[str] = []
    if cover:
        lines += [
            "Date and Time: Tuesday, June 10, 2025 9:14:00 AM CEST",
            "Job Number: 123456789",
            f"Documents ({declared if declared is not None else len(articles)})",
        ]
        lines += [f"{i}. {a['title']}" for i, a in enumerate(articles, start=1)]
        lines += ["Client/Matter: -None-", "Search Terms: prisoner exchange", ""]
    for a in articles:
        lines += [a["title"], a["outlet"], a["date"], a["copyright"], ""]
        lines += [f"{k}:{NBSP}{v}" for k, v in a["fields"].items()]
        if body:
            lines += ["Body", ""]
            lines += a["body"]
        lines += ["", "Classification", ""]
        lines += [f"{k}:{NBSP}{v}" for k, v in a["tail"].items()]
        lines += ["", "End of Document", ""]
    return lines


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def write_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_docx(out / "nexis_uni.docx", nexis_paragraphs()),
        write_docx(out / "nexis_truncated.docx", nexis_paragraphs()[:-8]),
        write_docx(out / "nexis_no_body.docx", nexis_paragraphs(ARTICLES[:1], body=False)),
        write_docx(out / "not_nexis.docx", ["Minutes of the meeting", "Nothing to report."]),
    ]


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(p)
