"""Removal of page furniture (view counters, share rows, cookie banners, section labels) from article text.

Rules live in ``data/ingest/boilerplate.yaml``: named regexes matched against whole lines. The *header block* is
the run of short lines before the first paragraph of prose (headline, dateline, byline, section label); a
section label such as "News" is only furniture there. Datelines in the header are removed from the text but
returned as evidence of the page's stated date, and so are dates on removed "Posted by ... on <date>" lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._data import boilerplate_rules
from .dates import DateMatch, find_date, parse_date

__all__ = ["DateEvidence", "Cleaned", "strip_boilerplate", "header_length"]

# A line longer than this (in words) is prose: it ends the header block.
_PROSE_WORDS = 30
_PROSE_CHARS = 220
# The header block is never longer than this many non-empty lines.
_MAX_HEADER_LINES = 12


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """A date the page states, with the line it came from and where (``header``, ``byline``, ``posted``)."""

    value: str
    text: str
    line: str
    where: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    removed: tuple[tuple[str, str], ...] = ()  # (rule name, line)
    dates: tuple[DateEvidence, ...] = field(default_factory=tuple)


def _is_prose(line: str) -> bool:
    return len(line) > _PROSE_CHARS or len(line.split()) > _PROSE_WORDS


def header_length(lines: list[str]) -> int:
    """How many of ``lines`` (blank ones included) form the header block above the first paragraph of prose."""
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _is_prose(line) or seen >= _MAX_HEADER_LINES:
            return i
        seen += 1
    return len(lines)


def _match_rule(line: str, tables: list[dict[str, re.Pattern[str]]]) -> str | None:
    for table in tables:
        for name, pattern in table.items():
            if pattern.fullmatch(line):
                return name
    return None


def _evidence(found: DateMatch, line: str, where: str) -> DateEvidence:
    return DateEvidence(found.value, found.text, line, where)


def strip_boilerplate(text: str) -> Cleaned:
    """Drop boilerplate lines from normalised ``text``; keep stated dates as evidence.

    >>> strip_boilerplate("Monday, December 30, 2024\\nNews\\n\\nA headline\\n\\n1,234 views\\n\\nBody.").text
    'A headline\\n\\nBody.'
    """
    rules = boilerplate_rules()
    lines = text.split("\n")
    n_header = header_length(lines)
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    dates: list[DateEvidence] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            kept.append("")
            continue
        in_header = i < n_header
        rule: str | None = None
        if len(line) <= rules.max_line_chars:
            if in_header:
                dateline = parse_date(line)
                if dateline is not None:
                    dates.append(_evidence(dateline, line, "header"))
                    rule = "dateline"
            if rule is None:
                tables = [rules.anywhere, rules.header] if in_header else [rules.anywhere]
                rule = _match_rule(line, tables)
                if rule is not None:
                    found = find_date(line)
                    if found is not None and (in_header or rule == "posted_by"):
                        dates.append(_evidence(found, line, "posted" if rule == "posted_by" else "header"))
            if rule is None and in_header and re.match(r"(by|posted|published)\b", line, re.IGNORECASE):
                found = find_date(line)
                if found is not None:
                    dates.append(_evidence(found, line, "byline"))
        if rule is None:
            kept.append(line)
        else:
            removed.append((rule, line))
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return Cleaned(out, tuple(removed), tuple(dates))
