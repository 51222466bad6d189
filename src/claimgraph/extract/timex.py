"""Time expressions: find them in text and normalise them to ISO prefix dates that keep their precision.

``"May 2018"`` -> ``2018-05``; ``"in 2017"`` -> ``2017``; ``"December 8, 2015"`` -> ``2015-12-08``; never a padded
fake day. Relative expressions ("last month", "two years ago", "late last week") resolve against an *anchor*,
the document's publication date; anaphoric ones ("eight months later") against a *reference*, a time
mentioned earlier. Without the needed anchor or reference they are not returned: an unresolved time is
better left empty than guessed.

Why a scanner of ordered regexes: news dates come in a few dozen surface forms, and precision matters more
than recall (a wrong date poisons document dating and timelines). Each pattern is tried in priority order
and a character can belong to one expression only, longest match first. Designations that contain digits
(S-400, COVID-19, "5+1", "Volume: 13 Issue: 62") never match because years need word boundaries that exclude
``-``, ``+`` and letters, and bare numbers below 1800 are never years.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..records import TimeValue
from ._isodate import bounds, is_iso_prefix, parse_iso, shift, truncate
from ._isodate import fmt as _fmt
from ._isodate import to_date as _date
from .quantities import WORD_NUMBERS, parse_number

__all__ = [
    "MONTHS",
    "find_times",
    "resolve",
    "find_yearless",
    "parse_iso",
    "is_iso_prefix",
    "bounds",
    "shift",
    "truncate",
]

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# --- patterns -----------------------------------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_MON = rf"(?P<mon>(?i:{_MONTH_ALT})\b\.?)"
_MON2 = rf"(?P<mon2>(?i:{_MONTH_ALT})\b\.?)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?![\w+]|-\d|,\d)"
_YEAR2 = r"(?P<year2>(?:1[89]|20)\d\d)(?![\w+]|-\d|,\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUMW = "|".join(
    sorted(list(WORD_NUMBERS) + ["several", "a few", "a couple of", r"\d+"], key=len, reverse=True)
)
_UNIT = r"(?P<unit>year|month|week|day|decade)s?"
_EDGE = r"(?<![\w+/-])"

Handler = Callable[[re.Match[str], str | None, str | None], tuple[str, str | None, bool] | None]


def _month_ok(m: re.Match[str], group: str = "mon") -> int | None:
    """A month name counts only when capitalised ("may" and "march" are also verbs)."""
    word = m.group(group)
    if not word or not word[0].isupper():
        return None
    return MONTHS.get(word.rstrip(".").lower())


def _yearless_year(month: int, day: int | None, anchor: str | None) -> int | None:
    """The year of "March 25" in a text anchored at ``anchor``: the anchor's year unless that would put the
    date more than a few days after the anchor, then the year before."""
    if not anchor:
        return None
    parsed = parse_iso(anchor)
    if parsed is None:
        return None
    ay, am, ad = parsed
    if am is None:
        return ay
    lo = dt.date(ay, month, min(day or 1, calendar.monthrange(ay, month)[1]))
    anchor_hi = bounds(anchor)[1]
    return ay - 1 if lo > anchor_hi + dt.timedelta(days=7) else ay


def _h_iso(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    value = m.group(0)
    return (value, None, False) if is_iso_prefix(value) else None


def _h_range_month_year(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    m1, m2 = _month_ok(m), _month_ok(m, "mon2")
    if not m1 or not m2:
        return None
    y2 = int(m.group("year2"))
    y1 = int(m.group("year")) if m.group("year") else (y2 if m1 <= m2 else y2 - 1)
    return _fmt(y1, m1), _fmt(y2, m2), False


def _h_range_years(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    y1 = int(m.group("year"))
    y2s = m.group("year2")
    y2 = int(y2s) if len(y2s) == 4 else int(str(y1)[:2] + y2s)
    return (_fmt(y1), _fmt(y2), False) if y1 < y2 else None


def _h_day_month_year(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    mon = _month_ok(m)
    if not mon:
        return None
    value = _fmt(int(m.group("year")), mon, int(m.group("day")))
    return (value, None, False) if is_iso_prefix(value) else None


def _h_month_year(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    mon = _month_ok(m)
    return (_fmt(int(m.group("year")), mon), None, False) if mon else None


def _h_decade(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    y = int(m.group("dec"))
    return _fmt(y), _fmt(y + 9), False


def _h_year(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    return _fmt(int(m.group("year"))), None, False


_COUNT_BEFORE = re.compile(
    r"\b(?:some|about|around|approximately|nearly|almost|roughly|over|more than|fewer than|less than|at least"
    r"|up to|as many as|only|just|another|additional|of|with)\s+$",
    re.IGNORECASE,
)
_DATE_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|from|to|during|after|before|of|the|and|early|late|mid)\s+$", re.IGNORECASE
)
_PLURAL_AFTER = re.compile(r"\s+(?:[a-z]+-)?[a-z]{2,}(?<!ss)s\b")


def _h_bare_year(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    """A bare four-digit number is a year unless it reads as a count ("some 2000 troops", "2000 soldiers")."""
    before = m.string[max(0, m.start() - 20) : m.start()]
    if _COUNT_BEFORE.search(before):
        return None
    if _PLURAL_AFTER.match(m.string, m.end()) and not _DATE_BEFORE.search(before):
        nxt = _PLURAL_AFTER.match(m.string, m.end())
        word = nxt.group(0).strip().lower() if nxt else ""
        if word not in {"was", "has", "is", "as", "its", "this", "his", "us", "thus", "plus", "saw"}:
            return None
    return _fmt(int(m.group("year"))), None, False


def _h_yearless_day(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    mon = _month_ok(m)
    day = int(m.group("day"))
    if not mon or not 1 <= day <= 31:
        return None
    year = _yearless_year(mon, day, anchor)
    if year is None:
        return None
    value = _fmt(year, mon, day)
    return (value, None, True) if is_iso_prefix(value) else None


def _h_yearless_month(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    mon = _month_ok(m)
    if not mon:
        return None
    rel = (m.group("rel") or "").lower()
    year = _yearless_year(mon, None, anchor)
    if year is None or not anchor:
        return None
    ay = int(anchor[:4])
    if rel == "last":
        year = ay - 1 if mon >= int(anchor[5:7] or 13) else ay
    elif rel == "next":
        year = ay + 1 if mon <= int(anchor[5:7] or 0) else ay
    return _fmt(year, mon), None, True


def _h_yearless_month_modifier(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    mon = _month_ok(m)
    year = _yearless_year(mon, None, anchor) if mon else None
    return (_fmt(year, mon), None, True) if mon and year is not None else None


def _anchor_date(anchor: str | None) -> dt.date | None:
    if not anchor or not is_iso_prefix(anchor) or len(anchor) < 7:
        return None
    return _date(anchor) or bounds(anchor)[0] + dt.timedelta(days=14)


def _h_week(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    """Week-relative expressions resolve to the month of the day they most likely point at."""
    a = _anchor_date(anchor)
    if a is None or anchor is None:
        return None
    which = (m.group("which") or "").lower()
    part = (m.group("part") or "").lower()
    monday = a - dt.timedelta(days=a.weekday())
    if which in ("last", "previous"):
        monday -= dt.timedelta(days=7)
    elif which == "next":
        monday += dt.timedelta(days=7)
    offset = {"early": 1, "late": 4, "end": 4}.get(part, 2)
    if "past" in which:
        day = a - dt.timedelta(days=4)  # the middle of the seven days before the anchor
    else:
        day = monday + dt.timedelta(days=offset)
    return _fmt(day.year, day.month), None, True


def _h_weekend(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    a = _anchor_date(anchor)
    if a is None:
        return None
    saturday = a - dt.timedelta(days=(a.weekday() - 5) % 7 or 7)
    return _fmt(saturday.year, saturday.month), None, True


def _h_day_rel(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    if not anchor or not is_iso_prefix(anchor):
        return None
    word = m.group(0).lower()
    delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[word]
    if len(anchor) == 10:
        return shift(anchor, days=delta), None, True
    return anchor, None, True


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _h_weekday(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    """ "on Tuesday" in news means the latest such day up to the (day-precise) anchor: the report's own day
    when it is that weekday (a Tuesday story's "on Tuesday" is today)."""
    a = _date(anchor) if anchor and is_iso_prefix(anchor) else None
    if a is None:
        return None
    target = _WEEKDAYS.index(m.group("wd").lower())
    back = (a.weekday() - target) % 7
    return (a - dt.timedelta(days=back)).isoformat(), None, True


def _h_now(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    if not anchor or not is_iso_prefix(anchor):
        return None
    return anchor[:7], None, True


def _h_near_future(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    if not anchor or not is_iso_prefix(anchor):
        return None
    return anchor[:4], None, True


def _h_calendar_rel(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    if not anchor or not is_iso_prefix(anchor):
        return None
    which = m.group("which").lower()
    unit = m.group("cunit").lower()
    step = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[which]
    if unit == "year":
        return _fmt(int(anchor[:4]) + step), None, True
    if len(anchor) < 7:
        return None
    return shift(anchor[:7], months=step), None, True


def _count(m: re.Match[str]) -> int | None:
    raw = m.group("n").lower()
    if raw in ("several", "a few", "a couple of"):
        return None
    n = parse_number(raw)
    return int(n) if n is not None and n == int(n) and 0 < n < 200 else None


def _move(base: str, unit: str, n: int) -> str | None:
    if unit == "decade":
        return _fmt(int(base[:4]) + 10 * n)
    if unit == "year":
        return _fmt(int(base[:4]) + n)
    if len(base) < 7:
        return None
    if unit == "month":
        return shift(base[:7], months=n)
    d = _date(base)
    if d is None:
        # weeks or days from a month-precise base stay in month precision
        return shift(base[:7], months=round(n * (7 if unit == "week" else 1) / 30))
    days = n * (7 if unit == "week" else 1)
    moved = d + dt.timedelta(days=days)
    return moved.isoformat() if unit == "day" else _fmt(moved.year, moved.month)


def _h_ago(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    n = _count(m)
    if n is None or not anchor or not is_iso_prefix(anchor):
        return None
    value = _move(anchor, m.group("unit").lower(), -n)
    return (value, None, True) if value else None


def _h_past_span(
    m: re.Match[str], anchor: str | None, ref: str | None
) -> tuple[str, str | None, bool] | None:
    """ "over the past two years" -> the range from two years before the anchor to the anchor."""
    if not anchor or not is_iso_prefix(anchor):
        return None
    unit = m.group("unit").lower()
    if unit in ("week", "day") and not m.group("n"):
        return None  # "over the past week" is a week expression (see _h_week)
    n = 1 if not m.group("n") else _count(m)
    if n is None:
        return None
    start = _move(anchor, unit, -n)
    if start is None:
        return None
    end = anchor[: len(start)] if len(start) <= len(anchor) else anchor
    return start, end, True


def _h_later(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    n = _count(m)
    if n is None or not ref or not is_iso_prefix(ref):
        return None
    sign = 1 if m.group("dir").lower() in ("later", "after") else -1
    value = _move(ref, m.group("unit").lower(), sign * n)
    return (value, None, True) if value else None


def _h_ref_year(m: re.Match[str], anchor: str | None, ref: str | None) -> tuple[str, str | None, bool] | None:
    if not ref or not is_iso_prefix(ref):
        return None
    step = 1 if m.group("dir").lower() in ("following", "next") else -1
    return _fmt(int(ref[:4]) + step), None, True


_PATTERNS: list[tuple[str, re.Pattern[str], Handler]] = [
    ("iso", re.compile(rf"{_EDGE}\d{{4}}-\d{{2}}-\d{{2}}(?![\w-])"), _h_iso),
    (
        "range_month_year",
        re.compile(
            rf"{_EDGE}(?:(?:from|between)\s+)?{_MON}(?:,?\s+{_YEAR})?\s+(?:or|to|and|until|through|till|-|–)\s+"
            rf"{_MON2},?\s+{_YEAR2}(?:\s+(?:onwards?|and beyond))?"
        ),
        _h_range_month_year,
    ),
    (
        "range_years",
        re.compile(
            rf"{_EDGE}(?:(?:from|between)\s+)?(?P<year>(?:1[89]|20)\d\d)\s*(?:-|–|to|and|until|through)\s*"
            r"(?P<year2>(?:1[89]|20)\d\d|\d\d)(?![\w+]|-\d)"
        ),
        _h_range_years,
    ),
    ("day_month_year", re.compile(rf"{_EDGE}{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}"), _h_day_month_year),
    ("month_day_year", re.compile(rf"{_EDGE}{_MON}\s+{_DAY},?\s+{_YEAR}"), _h_day_month_year),
    (
        "month_year",
        re.compile(
            rf"{_EDGE}(?:(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)"
            rf"[\s-]+)?{_MON},?\s+(?:of\s+)?{_YEAR}"
        ),
        _h_month_year,
    ),
    (
        "decade",
        re.compile(
            r"(?<![\w+/-])(?:since\s+)?(?:the\s+)?(?:early\s+|mid-|late\s+)?(?P<dec>(?:1[89]|20)\d0)['’]?s\b"
        ),
        _h_decade,
    ),
    ("since_year", re.compile(rf"{_EDGE}(?:since|from)\s+{_YEAR}(?:\s+onwards?)?"), _h_year),
    (
        "part_year",
        re.compile(
            rf"{_EDGE}(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of"
            rf"|spring|summer|autumn|fall|winter)(?:[\s-]+of)?[\s-]+{_YEAR}"
        ),
        _h_year,
    ),
    ("year", re.compile(rf"(?<![\w+/.,:$€£-]){_YEAR}(?!['’]?s\b|\s*%)"), _h_bare_year),
    ("ago", re.compile(rf"{_EDGE}(?P<n>{_NUMW})\s+{_UNIT}\s+ago\b", re.IGNORECASE), _h_ago),
    (
        "later",
        re.compile(
            rf"{_EDGE}(?P<n>{_NUMW})\s+{_UNIT}\s+(?P<dir>later|after|earlier|before)\b(?!\s+(?:the|a|an|his|her|its|their)\b)",
            re.IGNORECASE,
        ),
        _h_later,
    ),
    (
        "past_span",
        re.compile(
            rf"\b(?:in|over|during|for|within)\s+the\s+(?:past|last|previous)\s+(?:(?P<n>{_NUMW})\s+)?{_UNIT}",
            re.IGNORECASE,
        ),
        _h_past_span,
    ),
    (
        "ref_year",
        re.compile(r"\b(?:the|a)\s+(?P<dir>following|next|previous|preceding)\s+year\b", re.IGNORECASE),
        _h_ref_year,
    ),
    ("yearless_day", re.compile(rf"{_EDGE}{_MON}\s+{_DAY}(?!\w|,?\s*\d)"), _h_yearless_day),
    ("yearless_day_first", re.compile(rf"{_EDGE}{_DAY}\s+(?:of\s+)?{_MON}(?!,?\s*\d)"), _h_yearless_day),
    (
        "week",
        re.compile(
            r"\b(?:(?:in|during|over)\s+)?(?:the\s+)?(?:(?P<part>early|late|end)(?:\s+of)?\s+)?"
            r"(?P<which>last|this|next|previous|past|this past)\s+week\b",
            re.IGNORECASE,
        ),
        _h_week,
    ),
    ("weekend", re.compile(r"\b(?:last|this past|over the)\s+weekend\b", re.IGNORECASE), _h_weekend),
    (
        "calendar_rel",
        re.compile(
            r"\b(?:(?:earlier|later|early|late)\s+)?(?P<which>last|this|next|previous|past|current|coming)\s+"
            r"(?P<cunit>year|month)\b",
            re.IGNORECASE,
        ),
        _h_calendar_rel,
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:on|last|this past|late on|early on)\s+"
            r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
        _h_weekday,
    ),
    ("day_rel", re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.IGNORECASE), _h_day_rel),
    (
        "now",
        re.compile(
            r"\b(?:now|currently|at present|at the moment|nowadays|recently|lately|in recent "
            r"(?:days|weeks))\b",
            re.IGNORECASE,
        ),
        _h_now,
    ),
    (
        "near_future",
        re.compile(
            r"\b(?:in the (?:near|foreseeable) future|in the coming (?:months|weeks)|soon)\b", re.IGNORECASE
        ),
        _h_near_future,
    ),
    (
        "yearless_month",
        re.compile(
            rf"\b(?:(?:in|since|by|until|from|during|of|early|mid|late|the end of|end of)[\s-]+|(?P<rel>last|next|this)\s+)"
            rf"{_MON}(?!\s*\d)"
        ),
        _h_yearless_month,
    ),
    (
        # "the March meeting", "the April summit": a month name used as a modifier of a noun
        "month_modifier",
        re.compile(rf"\b(?:the|its|their|his|her)\s+{_MON}(?=\s+[a-z]{{3,}})(?!\s+of\b)"),
        _h_yearless_month_modifier,
    ),
]


# Gates: what a text must contain for a pattern to possibly match (a digit, and/or one of some words). Checking
# them against the text's word set first keeps find_times cheap on the many sentences with no time in them.
_MONTH_WORDS = frozenset(MONTHS)
_DIGIT_PATTERNS = frozenset({
    "iso", "range_month_year", "range_years", "day_month_year", "month_day_year", "month_year", "decade",
    "since_year", "part_year", "year", "yearless_day", "yearless_day_first",
})
_WORD_GATES: dict[str, frozenset[str]] = {
    "ago": frozenset({"ago"}),
    "later": frozenset({"later", "after", "earlier", "before"}),
    "past_span": frozenset({"past", "last", "previous"}),
    "ref_year": frozenset({"following", "next", "previous", "preceding"}),
    "week": frozenset({"week"}),
    "weekend": frozenset({"weekend"}),
    "calendar_rel": frozenset({"year", "month"}),
    "weekday": frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}),
    "day_rel": frozenset({"yesterday", "today", "tomorrow"}),
    "now": frozenset({"now", "currently", "present", "moment", "nowadays", "recently", "lately", "recent"}),
    "near_future": frozenset({"future", "coming", "soon"}),
    "yearless_month": _MONTH_WORDS,
    "month_modifier": _MONTH_WORDS,
}
for _name in ("range_month_year", "day_month_year", "month_day_year", "month_year", "yearless_day",
              "yearless_day_first"):
    _WORD_GATES[_name] = _MONTH_WORDS
_GATE_WORD = re.compile(r"[a-z]+")
_HAS_DIGIT = re.compile(r"\d")


def _open_patterns(text: str) -> list[tuple[str, re.Pattern[str], Handler]]:
    """The patterns whose gate ``text`` passes (a pattern without a gate always runs)."""
    words = set(_GATE_WORD.findall(text.lower()))
    digit = _HAS_DIGIT.search(text) is not None
    out = []
    for entry in _PATTERNS:
        name = entry[0]
        if name in _DIGIT_PATTERNS and not digit:
            continue
        gate = _WORD_GATES.get(name)
        if gate is not None and words.isdisjoint(gate):
            continue
        out.append(entry)
    return out


def _clean(anchor: str | None) -> str | None:
    return anchor if anchor and is_iso_prefix(anchor) else None


def find_times(
    text: str, anchor: str | None, offset: int = 0, reference: str | None = None
) -> list[TimeValue]:
    """Time expressions in ``text``, normalised, with ``start_char``/``end_char`` (+``offset``).

    ``anchor`` is the document date (ISO prefix) for deictic expressions ("last month"); ``reference`` a
    time mentioned before, for anaphoric ones ("eight months later"). Expressions that need a missing
    anchor/reference are left out. Results are ordered by position and never overlap.
    """
    anchor, reference = _clean(anchor), _clean(reference)
    if len(text) > _BLOCK_CHARS and "\n" in text:
        # Long text: paragraph by paragraph (no expression spans a line break), so each pattern's gate
        # is checked against a paragraph's words, not the whole document's.
        out: list[TimeValue] = []
        pos = 0
        for block in text.splitlines(keepends=True):
            if block.strip():
                out += _find_block(block, anchor, offset + pos, reference)
            pos += len(block)
        return out
    return _find_block(text, anchor, offset, reference)


#: Texts longer than this are searched paragraph by paragraph.
_BLOCK_CHARS = 2000


def _find_block(text: str, anchor: str | None, offset: int, reference: str | None) -> list[TimeValue]:
    taken = bytearray(len(text))  # 1 where a character already belongs to an expression
    found: list[TimeValue] = []
    for _name, regex, handler in _open_patterns(text):
        for m in regex.finditer(text):
            s, e = m.span()
            if taken.find(1, s, e) >= 0:
                continue
            try:
                res = handler(m, anchor, reference)
            except (ValueError, OverflowError):
                continue  # arithmetic that leaves the calendar ("tomorrow" of 9999-12-31)
            if res is None:
                continue
            value, end, relative = res
            if not is_iso_prefix(value) or (end is not None and not is_iso_prefix(end)):
                continue  # a year before 0001 or after 9999 ("last year" of 0001) is no date
            taken[s:e] = b"\x01" * (e - s)
            found.append(TimeValue(value, m.group(0), end, relative, s + offset, e + offset))
    found.sort(key=lambda t: t.start_char or 0)
    return found


def resolve(expr: str, anchor: str | None, reference: str | None = None) -> TimeValue | None:
    """Normalise one expression ("last month", "May 2018"); the longest time found in it, else ``None``.

    Deterministic: the same inputs always give the same output.
    """
    times = find_times(expr, anchor, reference=reference)
    if not times:
        return None
    best = max(times, key=lambda t: ((t.end_char or 0) - (t.start_char or 0), -(t.start_char or 0)))
    return replace(best, start_char=None, end_char=None)


def find_times_in_sentences(
    text: str, sentences: Sequence[tuple[int, int]], anchor: str | None, reference: str | None = None
) -> list[TimeValue]:
    """:func:`find_times` sentence by sentence (offsets into ``text``): each pattern's gate is checked against
    one sentence's words, which skips most patterns on most sentences. Expressions never cross sentences."""
    out: list[TimeValue] = []
    for s, e in sentences:
        if e > s:
            out += _find_block(text[s:e], _clean(anchor), s, _clean(reference))
    return out


def find_yearless(
    text: str, offset: int = 0, times: Sequence[TimeValue] | None = None
) -> list[tuple[int, int | None, int, int, str]]:
    """Month-day (or month) mentions without a year: ``(month, day, start, end, text)``.

    Document dating uses these ("(Xinhua, March 22)") before it knows the year; :func:`find_times` needs
    an anchor to resolve them. ``times``: this text's :func:`find_times` result (anchor None), if already known.
    """
    out: list[tuple[int, int | None, int, int, str]] = []
    taken = bytearray(len(text))
    for t in find_times(text, None) if times is None else times:
        if t.start_char is not None and t.end_char is not None:
            taken[t.start_char : t.end_char] = b"\x01" * (t.end_char - t.start_char)
    for name in ("yearless_day", "yearless_day_first"):
        regex = next(r for n, r, _ in _PATTERNS if n == name)
        for m in regex.finditer(text):
            mon = _month_ok(m)
            day = int(m.group("day"))
            s, e = m.span()
            if not mon or not 1 <= day <= 31 or taken.find(1, s, e) >= 0:
                continue
            taken[s:e] = b"\x01" * (e - s)
            out.append((mon, day, s + offset, e + offset, m.group(0)))
    out.sort(key=lambda t: t[2])
    return out
