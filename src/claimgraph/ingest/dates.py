"""Stated publication dates: the date a page prints in its header, in its metadata, or in its URL path.

Dates are returned as ISO *prefixes* that keep their precision (``"2020"``, ``"2020-08"``, ``"2020-08-04"``),
never with a padded fake day. Only English month names are recognised; numeric dates are accepted when they are
unambiguous (ISO ``2020-08-12``, ``2020/08/12``; day-first ``12.08.2020``). ``08/12/2020`` is ambiguous and skipped
unless one part is greater than 12.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

__all__ = ["DateMatch", "find_date", "parse_date", "date_from_url", "normalise_date"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b" + _YEAR + r"[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d])",  # 2020-08-12, 2020/8/12
        r"\b"
        + _WEEKDAY
        + _DAY
        + r"\s+(?:of\s+)?"
        + _MONTH
        + r",?\s+"
        + _YEAR
        + r"\b",  # Tuesday 4 August 2020
        r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b",  # Monday, December 30, 2024
        r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b",  # 12.08.2020 (day first)
        r"\b(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)\b",  # 08/12/2020 when unambiguous
        r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b",  # August 2020
    )
)


class DateMatch:
    """A date found in a string: ``value`` (ISO prefix) and the character span of the expression."""

    __slots__ = ("value", "start", "end", "text")

    def __init__(self, value: str, start: int, end: int, text: str) -> None:
        self.value, self.start, self.end, self.text = value, start, end, text

    def __repr__(self) -> str:
        return f"DateMatch({self.value!r}, {self.text!r})"


def _month_number(token: str) -> int | None:
    token = token.lower().rstrip(".")
    if token.isdigit():
        return int(token)
    return _MONTHS.get(token)


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        _dt.date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _value(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("a") is not None:  # mm/dd or dd/mm: only when one reading is impossible
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            return _iso(year, b, a)
        if b > 12 >= a:
            return _iso(year, a, b)
        return None
    month = _month_number(groups["month"])
    day = int(groups["day"]) if groups.get("day") else None
    return _iso(year, month, day)


def find_date(text: str) -> DateMatch | None:
    """The first (most precise first) well-formed date expression in ``text``, or None."""
    best: DateMatch | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _value(m)
            if value is None:
                continue
            cand = DateMatch(value, m.start(), m.end(), m.group(0))
            if best is None or (len(cand.value), -cand.start) > (len(best.value), -best.start):
                best = cand
            break
    return best


_DATE_LINE_FILLER = re.compile(
    r"(published|posted|updated|last updated|date|dated|on|at|am|pm|utc|gmt|[+-]\d{2}:?\d{2}|t?\d{1,2}[:.]\d{2}"
    r"(:\d{2})?(\.\d+)?z?|[a-z]{2,4}t|by|[\s,.:;|/()\-–—])*",
    re.IGNORECASE,
)


def parse_date(line: str) -> DateMatch | None:
    """A date when ``line`` is essentially a dateline ("Monday, December 30, 2024", "Published: 2020-08-12 10:00").

    Returns None when the line says more than a date (a sentence that merely contains one), because a date in
    running prose is an event date, not the page's date.
    """
    line = line.strip()
    if not line or len(line) > 80:
        return None
    found = find_date(line)
    if found is None:
        return None
    rest = line[: found.start] + " " + line[found.end :]
    if _DATE_LINE_FILLER.fullmatch(rest):
        return found
    # a dateline with its place: "Moscow, 3 May 2021", "NEW DELHI, Dec. 6, 2021"
    place = _DATELINE_PLACE.match(line[: found.start])
    if place and _DATE_LINE_FILLER.fullmatch(line[place.end() : found.start] + " " + line[found.end :]):
        return found
    return None


_DATELINE_PLACE = re.compile(r"[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,2}\s*,")


_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)(?:[/-](?P<day>[0-3]?\d))?(?=[/-]|$|\.html?)"
)
_URL_COMPACT = re.compile(r"/(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?=/)")


def date_from_url(url: str | None) -> DateMatch | None:
    """A date written in a URL path (``/2020/08/12/``, ``/2020-08/``, ``/20200812/``), keeping its precision."""
    if not url:
        return None
    path = re.sub(
        r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.split("?", 1)[0].split("#", 1)[0], flags=re.IGNORECASE
    )
    for pattern in (_URL_DATE, _URL_COMPACT):
        m = pattern.search(path)
        if m:
            day = m.group("day")
            value = _iso(int(m.group("year")), int(m.group("month")), int(day) if day else None)
            if value:
                return DateMatch(value, m.start(), m.end(), m.group(0))
    return None


def normalise_date(value: Any) -> str | None:
    """An ISO prefix from a metadata value: a ``date``/``datetime``, an ISO timestamp, or a written date."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _iso(int(value), None, None) if 1900 <= value <= 2100 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.match(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ]|$)", text)
    if m:
        return _iso(
            int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None
        )
    found = find_date(text)
    return found.value if found else None
