"""Dates: one reading for a whole column, and month names in five languages.

A date column is parsed with ONE format for all its rows. Numeric dates such as
``03.06.2025`` are read day-first or month-first for the whole column: the order
is given (``dayfirst=``, ``date_format=``) or shown by the column itself (a value
such as ``15.06.2025`` can only be day-first); a column where every value reads
both ways is an error that names two rows and both options, and a column that
shows both orders is an error too. Rows are never parsed with different orders.

Month names are read natively in English, French, German, Russian and Ukrainian,
including the genitive forms that Russian and Ukrainian dates use
("9 июня 2025", "9 червня 2025"), for the dates that news archives write in the
language of their interface.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import CorpusError

__all__ = ["parse_date_column", "parse_month_date", "MONTHS"]

# month name (lower case, without a final period) -> month number
_MONTH_NAMES = {
    "en": [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    "fr": [
        ("janvier", "janv"),
        ("février", "fevrier", "févr", "fevr", "fév", "fev"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("août", "aout"),
        ("septembre", "sept"),
        ("octobre", "oct"),
        ("novembre", "nov"),
        ("décembre", "decembre", "déc", "dec"),
    ],
    "de": [
        ("januar", "jänner", "jan"),
        ("februar", "feb"),
        ("märz", "maerz", "marz", "mär"),
        ("april", "apr"),
        ("mai",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt"),
        ("november", "nov"),
        ("dezember", "dez"),
    ],
    # nominative, genitive (as dates are written: "9 июня 2025") and the usual abbreviations
    "ru": [
        ("январь", "января", "янв"),
        ("февраль", "февраля", "фев", "февр"),
        ("март", "марта", "мар"),
        ("апрель", "апреля", "апр"),
        ("май", "мая"),
        ("июнь", "июня", "июн"),
        ("июль", "июля", "июл"),
        ("август", "августа", "авг"),
        ("сентябрь", "сентября", "сен", "сент"),
        ("октябрь", "октября", "окт"),
        ("ноябрь", "ноября", "ноя", "нояб"),
        ("декабрь", "декабря", "дек"),
    ],
    "uk": [
        ("січень", "січня", "січ"),
        ("лютий", "лютого", "лют"),
        ("березень", "березня", "бер"),
        ("квітень", "квітня", "квіт", "кві"),
        ("травень", "травня", "трав", "тра"),
        ("червень", "червня", "черв", "чер"),
        ("липень", "липня", "лип"),
        ("серпень", "серпня", "серп", "сер"),
        ("вересень", "вересня", "вер"),
        ("жовтень", "жовтня", "жовт", "жов"),
        ("листопад", "листопада", "лист", "лис"),
        ("грудень", "грудня", "груд", "гру"),
    ],
}
MONTHS: dict[str, int] = {}
for _names in _MONTH_NAMES.values():
    for _number, _forms in enumerate(_names, start=1):
        for _form in _forms:
            MONTHS.setdefault(_form, _number)

# weekday names that archives put beside dates; they are dropped before parsing
_WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
    "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "п'ятниця", "пятниця",
    "субота", "неділя",
}  # fmt: skip

_WORD_RX = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)?\.?", re.UNICODE)
_TIME_RX = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE)
_YEAR_WORDS = {"г", "г.", "года", "год", "р", "р.", "року", "рік", "de", "der", "the", "of", "le"}


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFC", word.lower().rstrip("."))
    return word.replace("’", "'").replace("ʼ", "'")


def parse_month_date(text: str) -> pd.Timestamp | None:
    """A date written with a month name, in English, French, German, Russian or Ukrainian.

    Accepts day-month-year ("9 June 2025", "9. Juni 2025", "9 июня 2025 г.",
    "9 червня 2025 року") and month-day-year ("June 9, 2025 Monday") with an
    optional weekday and time ("10:30 AM GMT", which is dropped: archives give
    the time of loading, not of publication, in varying zones). Returns ``None``
    when the text is not such a date.

    Examples
    --------
    >>> parse_month_date("9 червня 2025 року")
    Timestamp('2025-06-09 00:00:00')
    >>> parse_month_date("June 9, 2025 Monday 10:30 AM GMT")
    Timestamp('2025-06-09 00:00:00')
    >>> parse_month_date("29 décembre 2011")
    Timestamp('2011-12-29 00:00:00')
    """
    if not isinstance(text, str):
        return None
    s = _TIME_RX.sub(" ", text)
    month = None
    for m in _WORD_RX.finditer(s):
        word = _fold(m.group())
        if word in MONTHS and month is None:
            month = MONTHS[word]
            s = s[: m.start()] + " \x00 " + s[m.end() :]
            break
    if month is None:
        return None
    numbers = [(int(n.group()), n.start()) for n in re.finditer(r"\d+", s)]
    marker = s.index("\x00")
    years = [(n, p) for n, p in numbers if n >= 1000]
    days = [(n, p) for n, p in numbers if 1 <= n <= 31]
    if len(years) != 1 or not days:
        return None
    year = years[0][0]
    # the day is the number nearest the month name
    day = min(days, key=lambda d: abs(d[1] - marker))[0]
    try:
        return pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return None


_NUMERIC_RX = re.compile(
    r"^\s*(\d{1,2})\s*([./\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\.?(?P<rest>(?:[ T].*)?)$"
)
_COMPACT_RX = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:  # POSIX %y: 69-99 -> 1900s, 00-68 -> 2000s
        y += 1900 if y >= 69 else 2000
    return y


class _Where:
    """Row names for messages, from the caller's list (or lazy sequence)."""

    def __init__(self, where: Sequence[str], index: pd.Index):
        self.where, self.index = where, index

    def __call__(self, label) -> str:
        return self.where[self.index.get_loc(label)]


def parse_date_column(
    raw: pd.Series,
    where: Sequence[str],
    *,
    column: str | None = "date",
    dayfirst: bool | None = None,
    date_format: str | None = None,
    arg_date_col: str = "date_col",
) -> pd.Series:
    """Parse a column of dates with one reading for all rows (see the module docstring).

    Returns datetime64 values: naive for text dates (offsets are converted to
    UTC), timezone-aware UTC where the column already holds aware datetimes.
    """
    name = _Where(where, raw.index)
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        tz = getattr(raw.dtype, "tz", None)
        return raw.dt.tz_convert("UTC") if tz is not None else raw
    if pd.api.types.is_bool_dtype(raw.dtype):
        raise CorpusError(f"{name(raw.index[0])}, column {column!r}: dates are True/False values")
    if pd.api.types.is_numeric_dtype(raw.dtype):
        return _numeric_dates(raw, name, column)
    present = raw.notna() & (raw.astype(str).str.strip() != "")
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if not present.any():
        return out
    values = raw[present]
    objects = values.map(lambda v: not isinstance(v, str))
    result: dict = {}
    if objects.any():  # datetime/date objects (YAML front matter), numbers in an object column
        for label, v in values[objects].items():
            result[label] = _object_date(v, name(label), column)
    strings = values[~objects].astype(str)
    if date_format is not None:
        parsed = _with_format(strings, date_format, name, column)
    else:
        parsed = _infer(strings, name, column, dayfirst, arg_date_col)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if len(parsed):
        out.loc[parsed.index] = parsed.to_numpy()
    for label, ts in result.items():
        out.loc[label] = ts
    return out


def _object_date(v, where: str, column) -> pd.Timestamp:
    if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating):
        try:
            ts = pd.Timestamp(v)
        except (TypeError, ValueError):
            raise CorpusError(
                f"{where}, column {column!r}: cannot read {v!r} ({type(v).__name__}) as a date; "
                "use ISO dates (2025-06-09)"
            ) from None
        if ts.tzinfo is not None:
            ts = ts.tz_convert("UTC").tz_localize(None)
        return ts
    return _compact_int(v, where, column)


def _compact_int(v, where: str, column) -> pd.Timestamp:
    if float(v).is_integer() and 10_000_101 <= v <= 99_991_231:
        try:
            return pd.Timestamp(pd.to_datetime(str(int(v)), format="%Y%m%d"))
        except ValueError:
            pass
    raise CorpusError(
        f"{where}, column {column!r}: cannot read the number {v!r} as a date; numbers are read "
        "as YYYYMMDD (20250603) only: write dates as ISO strings (2025-06-03)"
    )


def _numeric_dates(raw: pd.Series, name, column) -> pd.Series:
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    for label, v in raw.dropna().items():
        out.loc[label] = _compact_int(v, name(label), column)
    return out


def _with_format(strings: pd.Series, fmt: str, name, column) -> pd.Series:
    try:
        parsed = pd.to_datetime(strings.str.strip(), format=fmt, errors="coerce", utc=True)
    except (ValueError, TypeError) as exc:
        raise CorpusError(f"date_format={fmt!r} is not a valid format ({exc})") from None
    bad = parsed.isna()
    if bad.any():
        label = bad.index[bad][0]
        raise CorpusError(
            f"{name(label)}, column {column!r}: {strings[label]!r} does not match "
            f"date_format={fmt!r}; every date of a column must have that one format"
        )
    return parsed.dt.tz_localize(None)


def _infer(strings: pd.Series, name, column, dayfirst, arg) -> pd.Series:
    uniques = pd.unique(strings.to_numpy())
    numeric, compact, other = {}, {}, []
    for u in uniques:
        m = _NUMERIC_RX.match(u)
        if m:
            numeric[u] = m
            continue
        c = _COMPACT_RX.match(u)
        if c:
            compact[u] = c
        else:
            other.append(u)
    first_row: dict[str, object] = {}
    for label, v in strings.items():
        first_row.setdefault(v, label)
    mapping: dict[str, object] = {}
    if numeric:
        order = _numeric_order(numeric, first_row, name, column, dayfirst, arg)
        for u, m in numeric.items():
            a, b = int(m.group(1)), int(m.group(3))
            day, month = (a, b) if order else (b, a)
            iso = f"{_year(m.group(4)):04d}-{month:02d}-{day:02d}{m.group('rest')}"
            mapping[u] = iso
    for u, c in compact.items():
        mapping[u] = f"{c.group(1)}-{c.group(2)}-{c.group(3)}"
    for u in other:
        mapping[u] = u
    texts = pd.Series(list(mapping.values()), index=list(mapping.keys()), dtype=object)
    # utc=True: offsets may differ from row to row; times are kept in UTC, naive ones as given
    parsed = pd.to_datetime(texts, errors="coerce", format="mixed", utc=True, dayfirst=False)
    for u in texts.index[parsed.isna()]:
        ts = parse_month_date(u)  # month names in French, German, Russian, Ukrainian
        if ts is not None:
            parsed[u] = ts.tz_localize("UTC")
    bad = parsed.isna()
    if bad.any():
        u = texts.index[bad][0]
        raise CorpusError(
            f"{name(first_row[u])}, column {column!r}: cannot parse date {u!r}; use ISO dates "
            f"(2025-06-09), pass date_format= (e.g. '%d.%m.%Y'), leave it empty, or pass {arg}=None"
        )
    parsed = parsed.dt.tz_localize(None)
    return pd.Series(parsed.reindex(strings.to_numpy()).to_numpy(), index=strings.index)


def _numeric_order(numeric: dict, first_row: dict, name, column, dayfirst, arg) -> bool:
    """True for day-first, False for month-first: one order for the whole column."""
    day_first_only = [u for u, m in numeric.items() if int(m.group(1)) > 12]
    month_first_only = [u for u, m in numeric.items() if int(m.group(3)) > 12]
    if day_first_only and month_first_only:
        a, b = day_first_only[0], month_first_only[0]
        raise CorpusError(
            f"column {column!r} mixes day-first and month-first dates: {a!r} "
            f"({name(first_row[a])}) can only be day-first and {b!r} ({name(first_row[b])}) only "
            "month-first; correct the rows so the column uses one order"
        )
    if dayfirst is not None:
        against = month_first_only if dayfirst else day_first_only
        if against:
            u = against[0]
            raise CorpusError(
                f"{name(first_row[u])}, column {column!r}: {u!r} cannot be "
                f"{'day' if dayfirst else 'month'}-first as dayfirst={dayfirst} says; "
                "correct the row or the option"
            )
        return bool(dayfirst)
    if day_first_only:
        return True
    if month_first_only:
        return False
    ambiguous = [u for u, m in numeric.items() if int(m.group(1)) != int(m.group(3))]
    if not ambiguous:
        return True  # every value reads the same both ways (01.01.2025)
    shown = ambiguous[:2]
    rows = " and ".join(f"{u!r} ({name(first_row[u])})" for u in shown)
    m = numeric[shown[0]]
    a, b = int(m.group(1)), int(m.group(3))
    return _ambiguous(column, rows, shown[0], a, b, m.group(2))


def _ambiguous(column, rows, example, a, b, sep) -> bool:
    import calendar

    months = calendar.month_name
    raise CorpusError(
        f"column {column!r} has dates that read both ways, e.g. {rows}: {example!r} is "
        f"{a} {months[b]} day-first or {b} {months[a]} month-first. Say which: "
        f"dayfirst=True (day first, as in most of Europe: date_format='%d{sep}%m{sep}%Y') or "
        f"dayfirst=False (month first, as in the US: date_format='%m{sep}%d{sep}%Y')"
    )
