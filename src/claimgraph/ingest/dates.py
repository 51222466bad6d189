"""Stated publication dates: the date a page prints in its header, in its metadata, or in its URL path.

Dates are returned as ISO *prefixes* that keep their precision (``"2020"``, ``"2020-08"``, ``"2020-08-04"``),
never with a padded fake day. Only English month names are recognised; numeric dates are accepted when they are
unambiguous (ISO ``2020-08-12``, ``2020/08/12``; day-first ``12.08.2020``). ``08/12/2020`` is ambiguous and skipped
unless one part is greater than 12.

A date that a line presents as an update ("Updated 10:45 GMT, 3 March 2016", "Last modified: ...") is still found,
but its :class:`DateMatch` says so (``updated``) and its ``text`` starts with the cue, so that later stages (which
see only the text) never take it for the publication date. Dates in URLs and metadata later than the ingest date
(:func:`ingest_date`) are rejected: a page cannot be published in the future of its own retrieval.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

__all__ = [
    "DateMatch",
    "find_date",
    "parse_date",
    "date_from_url",
    "normalise_date",
    "ingest_date",
    "is_update_text",
    "UPDATE_CUE",
]

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


#: A cue that presents the date after it as a revision of the page, not its publication ("Last updated:").
UPDATE_CUE = re.compile(
    r"\b(?:(?:last|latest)\s+)?(?:updated|update|modified|edited|revised|amended|refreshed)\b"
    r"(?:\s+(?:on|at))?\s*:?",
    re.IGNORECASE,
)
# what may sit between an update cue and its date: times, zones, separators ("Updated 10:45 GMT, 3 March 2016")
_CUE_GAP = re.compile(
    r"(?:[\s,.:;|/()\-–—]|(?:on|at|am|pm|utc|gmt|[a-z]{1,3}t)(?![a-z])|[+-]\d{1,2}(?::?\d{2})?(?!\d)"
    r"|\d{1,2}[:.]\d{2}(?::\d{2})?(?!\d))*",
    re.IGNORECASE,
)
_LEADING_UPDATE = re.compile(r"^\W*" + UPDATE_CUE.pattern, re.IGNORECASE)


def is_update_text(text: str | None) -> bool:
    """True when a date's recorded text (``DateMatch.text``) starts with an update cue ("Updated: 3 May 2021")."""
    return bool(text) and _LEADING_UPDATE.match(text or "") is not None


def ingest_date() -> _dt.date:
    """The date of the ingest (today, UTC): no stated or inferred publication date may lie after it."""
    return _dt.datetime.now(_dt.UTC).date()


def _not_future(value: str | None, today: _dt.date | None) -> str | None:
    """``value`` unless it begins after ``today`` (one day of slack for time zones)."""
    if value is None:
        return None
    limit = (today or ingest_date()) + _dt.timedelta(days=1)
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else 1
    day = int(value[8:10]) if len(value) >= 10 else 1
    return value if _dt.date(year, month, day) <= limit else None


class DateMatch:
    """A date found in a string: ``value`` (ISO prefix) and the character span of the expression.

    ``updated``: the string presents it as the date of a revision ("Last updated: ..."); ``text`` then starts with
    that cue, and ``start`` is the cue's position.
    """

    __slots__ = ("value", "start", "end", "text", "updated")

    def __init__(self, value: str, start: int, end: int, text: str, updated: bool = False) -> None:
        self.value, self.start, self.end, self.text, self.updated = value, start, end, text, updated

    def __repr__(self) -> str:
        flag = ", updated" if self.updated else ""
        return f"DateMatch({self.value!r}, {self.text!r}{flag})"


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


def _update_cue_before(text: str, start: int) -> int | None:
    """Where the update cue that introduces the date at ``start`` begins, if one does."""
    window_start = max(0, start - 60)
    best = None
    for m in UPDATE_CUE.finditer(text, window_start, start):
        if _CUE_GAP.fullmatch(text, m.end(), start):
            best = m.start()
            break
    return best


def _all_dates(text: str) -> list[DateMatch]:
    """Every well-formed date expression in ``text`` (overlapping ones included), update cues marked."""
    out: list[DateMatch] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _value(m)
            if value is None:
                continue
            cue = _update_cue_before(text, m.start())
            if cue is not None:
                out.append(DateMatch(value, cue, m.end(), text[cue : m.end()], updated=True))
            else:
                out.append(DateMatch(value, m.start(), m.end(), m.group(0)))
    return out


def _best(found: list[DateMatch]) -> DateMatch | None:
    # a publication date before a revision date; then the most precise; then the first
    return max(found, key=lambda c: (not c.updated, len(c.value), -c.start), default=None)


def find_date(text: str) -> DateMatch | None:
    """The best well-formed date expression in ``text`` (most precise first; a date not marked as an update
    before one that is; then the first), or None."""
    if not text or not any(ch.isdigit() for ch in text):
        return None
    return _best(_all_dates(text))


# What a dateline may say besides its date. Every alternative consumes a whole word, number or single separator
# (the lookaheads), so a line that is not a dateline fails in linear time.
_DATE_LINE_FILLER = re.compile(
    r"(?:[\s,.:;|/()\-–—•·]"
    r"|(?:published|posted|updated|update|last|latest|modified|first|date|dated|on|at|am|pm|a\.m\.|p\.m\."
    r"|utc|gmt|hrs?|[a-z]{1,3}t|msk|by|and|time)(?![a-z])"
    r"|[+-]\d{1,2}(?::?\d{2})?(?!\d)"
    r"|t?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?z?(?![\da-z]))*",
    re.IGNORECASE,
)


def _rest_is_filler(line: str, spans: list[tuple[int, int]], start: int = 0) -> bool:
    pieces, pos = [], start
    for s, e in sorted(spans):
        if s < pos:
            pos = max(pos, e)
            continue
        pieces.append(line[pos:s])
        pos = e
    pieces.append(line[pos:])
    return _DATE_LINE_FILLER.fullmatch(" ".join(pieces)) is not None


def parse_date(line: str) -> DateMatch | None:
    """A date when ``line`` is essentially a dateline ("Monday, December 30, 2024", "Published: 2020-08-12 10:00",
    "November 14, 2021 05:03 pm", "Posted on September 11, 2025").

    Returns None when the line says more than a date (a sentence that merely contains one), because a date in
    running prose is an event date, not the page's date. A line with a publication and an update date
    ("Published 3 May 2021 | Updated 4 May 2021") gives the publication date; an update line alone gives its date
    marked ``updated``.
    """
    line = line.strip()
    if not line or len(line) > 120 or not any(ch.isdigit() for ch in line):
        return None
    found = _all_dates(line)
    if not found:
        return None
    # the dates the line is made of: the best one and any others it does not overlap
    chosen: list[DateMatch] = []
    for cand in sorted(found, key=lambda c: (len(c.value), c.end - c.start), reverse=True):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    spans = [(c.start, c.end) for c in chosen]
    best = _best(chosen)
    if best is None:
        return None
    if _rest_is_filler(line, spans):
        return best
    # a dateline with its place: "Moscow, 3 May 2021", "NEW DELHI, Dec. 6, 2021"
    first = min(s for s, _ in spans)
    place = _DATELINE_PLACE.match(line[:first])
    if place and _rest_is_filler(line, spans, place.end()):
        return best
    return None


_DATELINE_PLACE = re.compile(r"[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){0,2}\s*,")


# --- URLs ---------------------------------------------------------------------------------------------------

# /2020/08/12/, /2020-08-12/, -2020-08-12.html, /2020_08_12/ (a day-precise date with its separators)
_URL_YMD = re.compile(
    r"(?:^|(?<=[/_.-]))(?P<year>(?:19|20)\d\d)(?P<sep>[/_-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
    r"(?=[/_.-]|$|T\d)"
)
# /2020/08/ or /2020-08/ (month precision): only as whole path segments
_URL_YM = re.compile(r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)(?=/|$|\.html?|-[^\d])")
_DIGIT_RUN = re.compile(r"(?<!\d)\d{8,}(?!\d)")
# a UUID or a long hex hash (with at least one letter, checked in code): its digits are not a date
_HEX_TOKEN = re.compile(
    r"(?<![0-9a-z])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})(?![0-9a-z])",
    re.IGNORECASE,
)
#: Compact dates older than this are not believed (an 8-digit id that happens to read as a date).
_URL_FIRST_YEAR = 1994


def _compact(run: str, today: _dt.date) -> tuple[str, str] | None:
    """The date in a run of digits: ``YYYYMMDD`` (alone or followed by a time ``HHMM[SS]...``) or ``DDMMYYYY``."""

    def ok(year: int, month: int, day: int) -> str | None:
        if not _URL_FIRST_YEAR <= year <= today.year:
            return None
        return _not_future(_iso(year, month, day), today)

    head = run[:8]
    if len(run) == 8 or (
        len(run) >= 12 and int(run[8:10]) <= 23 and int(run[10:12]) <= 59
    ):  # YYYYMMDD, or YYYYMMDDHHMM...
        value = ok(int(head[:4]), int(head[4:6]), int(head[6:8]))
        if value:
            return value, head
    if len(run) == 8:  # DDMMYYYY (never also a valid YYYYMMDD: its month would be 19 or 20)
        value = ok(int(head[4:8]), int(head[2:4]), int(head[:2]))
        if value:
            return value, head
    return None


def date_from_url(url: str | None, today: _dt.date | None = None) -> DateMatch | None:
    """A date written in a URL path, keeping its precision: ``/2020/08/12/``, ``/2020-08-12/``, ``/2020/08/``
    (month), ``/20201214/`` (YYYYMMDD), ``14122020`` (DDMMYYYY), and such digits inside longer tokens
    (``-20190611-0042.html``, ``talks20220315093012``: a date followed by a time). Impossible dates and dates after
    ``today`` (the ingest date) are rejected."""
    if not url or not isinstance(url, str):
        return None
    today = today or ingest_date()
    try:
        path = re.sub(
            r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.split("?", 1)[0].split("#", 1)[0], flags=re.IGNORECASE
        )
    except (TypeError, ValueError):
        return None
    rejected: set[int] = set()  # where a day-precise date is impossible or future ("/2020/02/30/"): no month
    for pattern in (_URL_YMD, _URL_YM):
        for m in pattern.finditer(path):
            day = m.groupdict().get("day")
            value = _not_future(
                _iso(int(m.group("year")), int(m.group("month")), int(day) if day else None), today
            )
            year_at = m.start("year")
            if value is None and day:
                rejected.add(year_at)
            if value and year_at not in rejected:
                return DateMatch(value, m.start(), m.end(), m.group(0))
    hex_spans = [m.span() for m in _HEX_TOKEN.finditer(path) if any(ch.isalpha() for ch in m.group(0))]
    for m in _DIGIT_RUN.finditer(path):
        if any(s <= m.start() < e for s, e in hex_spans):
            continue  # a hash or UUID, not a date
        found = _compact(m.group(0), today)
        if found:
            return DateMatch(found[0], m.start(), m.start() + 8, found[1])
    return None


# --- metadata values ----------------------------------------------------------------------------------------


def normalise_date(value: Any, today: _dt.date | None = None) -> str | None:
    """An ISO prefix from a metadata value: a ``date``/``datetime``, an ISO timestamp, a compact ``YYYYMMDD``, a
    Unix timestamp, or a written date. A value after ``today`` (the ingest date) is rejected."""
    try:
        return _not_future(_normalise(value), today)
    except (ValueError, OverflowError, OSError, TypeError):
        return None


def _normalise(value: Any) -> str | None:
    if isinstance(value, _dt.date):  # a datetime is a date too; YAML reads 0001-01-01 as one
        return _iso(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1900 <= value <= 2100:
            return _iso(int(value), None, None)
        if isinstance(value, int) and 19000101 <= value <= 21001231:  # YYYYMMDD
            return _iso(value // 10000, value // 100 % 100, value % 100)
        if 1e8 <= value < 1e13:  # a Unix timestamp, in seconds or milliseconds
            seconds = value / 1000 if value >= 1e11 else value
            return _dt.datetime.fromtimestamp(seconds, _dt.UTC).date().isoformat()
        return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.match(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ]|$)", text)
    if m:
        return _iso(
            int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None
        )
    m = re.fullmatch(r"((?:19|20)\d\d)(\d\d)(\d\d)(?:T?\d{4,6}(?:Z|[+-]\d{2}:?\d{2})?)?", text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", text):
        return _normalise(float(text))
    found = find_date(text)
    return found.value if found else None
