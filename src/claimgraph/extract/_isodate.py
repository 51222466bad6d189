"""ISO *prefix* dates (``2018``, ``2018-05``, ``2018-05-10``): validation, bounds and arithmetic.

Kept apart from the expression scanner in :mod:`claimgraph.extract.timex` (which re-exports these) so that
document dating and other stages can do date arithmetic without the regex tables. Precision is never
invented: shifting a month-precise value gives a month-precise value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["is_iso_prefix", "parse_iso", "bounds", "truncate", "shift", "fmt", "to_date"]

# ASCII digits only (``\d`` also matches "٢٠٢٠"), and no year 0000: datetime cannot represent it.
_ISO_RE = re.compile(r"^(?!0000)[0-9]{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?\Z")


def is_iso_prefix(value: str | None) -> bool:
    """True for ``YYYY``, ``YYYY-MM`` and valid ``YYYY-MM-DD`` strings (years 0001 to 9999)."""
    return value is not None and parse_iso(value) is not None


def parse_iso(value: str) -> tuple[int, int | None, int | None] | None:
    """``"2018-05"`` -> ``(2018, 5, None)``; ``None`` if not a valid ISO prefix."""
    m = _ISO_RE.match(value or "")
    if not m:
        return None
    year = int(value[:4])
    month = int(m.group(1)) if m.group(1) else None
    day = int(m.group(2)) if m.group(2) else None
    if month and day and day > calendar.monthrange(year, month)[1]:
        return None
    return year, month, day


def fmt(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day an ISO prefix covers: ``"2018-05"`` -> (2018-05-01, 2018-05-31)."""
    parsed = parse_iso(value)
    if parsed is None:
        raise ValueError(f"not an ISO prefix date: {value!r}")
    y, m, d = parsed
    if m is None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if d is None:
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date(y, m, d), dt.date(y, m, d)


def truncate(value: str, granularity: str) -> str:
    """Cut an ISO prefix to ``year``/``month``/``day`` (never pads)."""
    n = {"year": 4, "month": 7, "day": 10}[granularity]
    return value[:n]


def shift(value: str, years: int = 0, months: int = 0, days: int = 0) -> str:
    """Move an ISO prefix by whole units, keeping its precision (days need a day-precise value)."""
    parsed = parse_iso(value)
    if parsed is None:
        raise ValueError(f"not an ISO prefix date: {value!r}")
    y, m, d = parsed
    if m is None:
        return fmt(y + years + (months // 12 if months else 0))
    total = (y + years) * 12 + (m - 1) + months
    ny, nm = divmod(total, 12)
    if d is None:
        return fmt(ny, nm + 1)
    nd = min(d, calendar.monthrange(ny, nm + 1)[1])
    return (dt.date(ny, nm + 1, nd) + dt.timedelta(days=days)).isoformat()


def to_date(value: str) -> dt.date | None:
    parsed = parse_iso(value)
    if parsed is None or parsed[1] is None or parsed[2] is None:
        return None
    return dt.date(parsed[0], parsed[1], parsed[2])
