"""Document dating: when was this text really written?

Pages show the date they were (re-)posted, or none. The text itself usually bounds its date, and this module
collects that evidence and weighs it against the stated date:

- **past facts** bound the date from below (a document cannot predate what it reports as done): explicit
  dates ("May 2018", "December 8, 2015"), year-less citations ("(Xinhua, March 22)") once their year is
  known, and dated world events from the packaged timeline (``data/timeline.yaml``) named in the text;
- **expected facts** bound it from above ("deliveries are expected from December 2020");
- **anchored events** pin it: a timeline event with a deictic cue ("Xi's state visit to Russia last month")
  dates the document to the month after the event;
- **serial numbering** of known periodicals ("Volume: 13 Issue: 62", ``data/outlets_dating.yaml``) gives the
  year and an approximate month.

- **year-less dates** ("Monday (June 9)", a dateline "LIMA, Feb 9 (Agency) -", "reported on May 28") take their
  year from a weekday written beside them (the latest fitting year not after the ingest or an upper bound the text
  sets), from a timeline event on that very day named in the same sentence, or from the page date / the newest
  dated fact (a text is not older than what it reports as done);
- **revision dates** ("Last updated: ...") bound the date from above and are never the publication date.

Rules: the page's date is the first date ingest found (metadata, header, URL path) that is not a revision and not
after the ingest (a header date a month or more later than the URL's own date yields to it); no stated date ->
``inferred`` with the tightest supported estimate, never after the ingest; a stated date that the evidence does not
contradict is kept (only facts with a written-out year may move it later, and never a date the URL carries); a
stated date far later than everything the content supports is a re-post (``repost=True``, the inferred date becomes
``published``). The evidence goes to ``meta["date_evidence"]``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..ingest.dates import UPDATE_CUE, ingest_date, is_update_text
from ..records import Document, TimeValue
from . import timex
from ._dating_data import TimelineEvent, repost_markers, serials, timeline
from .quantities import parse_number

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["infer_date", "collect_evidence", "Evidence", "TimelineEvent", "timeline", "REPOST_GAP_DAYS"]

log = logging.getLogger(__name__)

#: A stated date this much later than an anchored event implies is a re-post.
REPOST_GAP_DAYS = 183
# There is deliberately no rule "the newest fact is years older than the stated date -> re-post": an article
# about a fresh event missing from the timeline would be flagged (absence of evidence is not evidence).
#: A stated date this much earlier than a reported past fact is contradicted.
PREDATE_SLACK_DAYS = 45
# the most a stated date is moved later by a bare year the text reports as past
MAX_MOVE_LATER_DAYS = 366


@dataclass
class Evidence:
    """One piece of date evidence: ``role`` is past (lower bound), future (upper bound), anchored
    (an estimate of the document date itself), serial (year and approximate month)."""

    kind: str
    text: str
    value: str
    role: str
    start: int | None = None
    end: int | None = None
    implies: str | None = None  # for anchored evidence: the document date it implies
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "text": self.text, "value": self.value, "role": self.role}
        if self.implies:
            d["implies"] = self.implies
        if self.start is not None:
            d["start"], d["end"] = self.start, self.end
        # how a year-less date got its year, and whether it is the dateline
        for key in ("year_from", "dateline"):
            if key in self.extra:
                d[key] = self.extra[key]
        return d


def _reposted(text: str) -> list[Evidence]:
    """The page's own note that it re-publishes an older article, with the original date when given."""
    regex = repost_markers()
    out: list[Evidence] = []
    for m in regex.finditer(text) if regex else ():
        window = text[m.end() : m.end() + 80]
        dates = [t for t in timex.find_times(window, None) if not t.relative]
        value = dates[0].value if dates else ""
        phrase = m.group(0) + (" " + (dates[0].text or "") if dates else "")
        out.append(
            Evidence("repost_marker", phrase, value, "original" if value else "marker", m.start(), m.end())
        )
    return out


# --- evidence -----------------------------------------------------------------------------------------------

_FUTURE_CUE = re.compile(
    r"\b(?:expect\w*|will|would|shall|should|could|might|plan(?:s|ned|ning)? to|planned|scheduled|due to|aim\w* to|intend\w*|forecast\w*"
    r"|(?:is|are|was|were) to|to begin|to start|hop(?:e|es|ed|ing) to|prospect\w*|likely to|negotiat\w*"
    r"|seek\w*|consider\w*|want\w* to|(?-i:may)"
    r"|projected|upcoming|set to|to be (?:delivered|completed|signed)|if)\b",
    re.IGNORECASE,
)
_FUTURE_JUST_BEFORE = re.compile(r"\b(?:by|until|till|next)\s*$", re.IGNORECASE)
_SENT_RE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")

# deictic cues next to a named event -> how far the document date lies after the event
_CUES: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"\blast month\b|\bthe previous month\b", re.I), "month", 1),
    (re.compile(r"\b(?:earlier|late|early) this month\b|\bthis month\b", re.I), "month", 0),
    (
        re.compile(
            r"\blast week\b|\bthis week\b|\byesterday\b|\bdays ago\b|\bon (?:Monday|Tuesday|Wednesday|"
            r"Thursday|Friday|Saturday|Sunday)\b",
            re.I,
        ),
        "month",
        0,
    ),
    (re.compile(r"\blast year\b", re.I), "year", 1),
    (re.compile(r"\b(?:earlier|late|early) this year\b|\bthis year\b", re.I), "year", 0),
]
_AGO = re.compile(r"\b(?P<n>\w+) (?P<unit>month|year)s? ago\b", re.I)


def _sentences(text: str, doc: Doc | None) -> list[tuple[int, int]]:
    # (``doc.text`` would rebuild the whole text from its tokens: compare lengths through the last token instead)
    if doc is not None and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        from ..nlp.sentences import has_sentences, sentence_chars

        if has_sentences(doc):
            return sentence_chars(doc)
    return [m.span() for m in _SENT_RE.finditer(text) if m.group(0).strip()]


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    if 0 <= i < len(spans) and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return max(0, pos - 150), pos + 150


_FUTURE_AFTER = re.compile(
    r"\W{0,3}(?:[\w'’-]+\W{1,3}){0,2}?(?:will|shall|(?:is|are) (?:expected|due|set|scheduled|slated|planned|to be))"
    r"\b",
    re.IGNORECASE,
)
_UPDATE_BEFORE = re.compile(
    UPDATE_CUE.pattern
    + r"(?:\s|[,.:;|/()\-–—]|\d{1,2}[:.]\d{2}|(?:on|at|am|pm|utc|gmt|[a-z]{1,3}t)(?![a-z]))*$",
    re.IGNORECASE,
)


def _is_future(text: str, sent: tuple[int, int], start: int, end: int) -> bool:
    """A date the sentence presents as expected, planned or hypothetical (not a reported past fact).

    Looks before the date ("expected in May 2022", "by 2030") and right after it ("from mid-2028 will receive").
    Source citations in parentheses ("(Xinhua, March 22)") are always past, whatever the sentence says."""
    before = text[max(sent[0], start - 100) : start]
    paren = before.rfind("(")
    if paren >= 0 and ")" not in before[paren:] and start - (max(sent[0], start - 100) + paren) < 80:
        return False
    after = text[end : min(sent[1], end + 40)]
    return bool(
        _FUTURE_CUE.search(before)
        or _FUTURE_JUST_BEFORE.search(before)
        or re.match(r"\s*onwards?", after)
        or (end > start and _FUTURE_AFTER.match(after))
    )


def _is_update(text: str, start: int) -> bool:
    """A date the page gives as the time of a revision ("Last updated: January 5, 2024"), not an event."""
    line_start = text.rfind("\n", 0, start) + 1
    return _UPDATE_BEFORE.search(text, max(line_start, start - 60), start) is not None


def _lo(value: str) -> dt.date:
    return timex.bounds(value)[0]


def _hi(value: str) -> dt.date:
    return timex.bounds(value)[1]


def _explicit(
    text: str,
    stated: str | None,
    sents: list[tuple[int, int]],
    times: Sequence[TimeValue],
    today: dt.date | None = None,
) -> list[Evidence]:
    """Dates written out with their year. A date after ``today`` (the ingest) cannot be a reported fact: it is
    future whatever the grammar; a date introduced as a revision ("Last updated: ...") bounds the publication
    from above (role ``updated``)."""
    out: list[Evidence] = []
    for t in times:
        if t.relative or t.start_char is None or t.end_char is None:
            continue
        if stated and t.value == stated:
            continue  # the page's own date line: not independent evidence
        kind = (
            "explicit_date"
            if len(t.value) == 10
            else "explicit_month"
            if len(t.value) == 7
            else "explicit_year"
        )
        if _is_update(text, t.start_char):
            out.append(Evidence("page_update", t.text or "", t.value, "updated", t.start_char, t.end_char))
            continue
        sent = _sentence_of(sents, t.start_char)
        future = _is_future(text, sent, t.start_char, t.end_char)
        if today is not None and _lo(t.value) > today:
            future = True
        since = (t.text or "").lower().startswith(("since", "from"))
        value = t.end if (t.end and not future and not since and len(t.end) >= len(t.value)) else t.value
        if not future and today is not None and timex.is_iso_prefix(value) and _lo(value) > today:
            value = t.value  # a span running into the future ("2020-2030"): only its start is past
        out.append(
            Evidence(kind, t.text or "", value, "future" if future else "past", t.start_char, t.end_char)
        )
    return out


def _serial(document: Document, text: str) -> Evidence | None:
    vol, iss = document.volume, document.issue
    m = re.search(
        r"\bVol(?:ume)?\.?:?\s*(\d{1,3})\b[,;\s]*(?:Issue|No\.?|Number):?\s*(\d{1,3})\b", text[:3000]
    )
    if (not vol or not iss) and m:
        vol, iss = m.group(1), m.group(2)
    if not vol or not iss or not str(vol).isdigit() or not str(iss).isdigit():
        return None
    haystack = " ".join(x for x in (document.outlet, document.title, text[:3000]) if x)
    for serial in serials():
        if any(p.search(haystack) for p in serial.patterns):
            year = serial.first_year + int(vol) - 1
            day = max(1, min(365, round(int(iss) * 365 / serial.issues_per_year)))
            est = dt.date(year, 1, 1) + dt.timedelta(days=day - 1)
            return Evidence(
                "serial",
                f"{serial.name} volume {vol} issue {iss}",
                f"{est.year:04d}-{est.month:02d}",
                "serial",
                m.start() if m else None,
                m.end() if m else None,
                extra={"estimate": est, "window": serial.window_days, "year": year},
            )
    return None


_MAX_HITS = 5  # sentences kept per timeline event: enough to find one past-tense mention


_WORD = re.compile(r"[A-Za-z0-9]+")


def _timeline_hits(text: str, sents: list[tuple[int, int]]) -> list[tuple[TimelineEvent, int, int, str, int]]:
    """(event, sentence start, sentence end, matched words, position of the last matched keyword).

    Keyword groups are regular expressions led by a lookbehind, which the regex engine cannot skip ahead on, so
    they are run on as little text as possible: an index of the text's words by sentence finds the sentences
    holding one anchor word of every group of an event (most events: none), and only those are searched. A
    group without anchors is searched in the candidate sentences of the others, or once over the whole text.
    """
    starts = [s for s, _ in sents]
    index: dict[str, set[int]] = {}
    for m in _WORD.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0:
            index.setdefault(m.group(0).lower(), set()).add(i)
    vocabulary = sorted(index)

    def sentences_with(anchors: tuple[str, ...]) -> set[int]:
        out: set[int] = set()
        for a in anchors:
            j = bisect.bisect_left(vocabulary, a)
            while j < len(vocabulary) and vocabulary[j].startswith(a):
                out |= index[vocabulary[j]]
                j += 1
        return out

    found: dict[tuple[re.Pattern[str], int], re.Match[str] | None] = {}
    whole: dict[re.Pattern[str], dict[int, re.Match[str]]] = {}

    def match_in(pattern: re.Pattern[str], i: int) -> re.Match[str] | None:
        key = (pattern, i)
        if key not in found:
            s, e = sents[i]
            found[key] = pattern.search(text, s, e)
        return found[key]

    def scan_whole(pattern: re.Pattern[str]) -> dict[int, re.Match[str]]:
        if pattern not in whole:
            first: dict[int, re.Match[str]] = {}
            for m in pattern.finditer(text):
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and m.end() <= sents[i][1]:
                    first.setdefault(i, m)
            whole[pattern] = first
        return whole[pattern]

    hits: list[tuple[int, int, tuple[TimelineEvent, int, int, str, int]]] = []
    for order, ev in enumerate(timeline()):
        anchored = [sentences_with(a) for a in ev.anchors if a is not None]
        candidates: set[int] | None = set.intersection(*anchored) if anchored else None
        if candidates is not None and not candidates:
            continue
        if candidates is None:
            groups = [scan_whole(g) for g in ev.groups]
            common = sorted(set(groups[0]).intersection(*groups[1:])) if all(groups) else []
            rows = [(i, [g[i] for g in groups]) for i in common]
        else:
            rows = []
            for i in sorted(candidates):
                ms = [match_in(g, i) for g in ev.groups]
                if all(ms):
                    rows.append((i, [m for m in ms if m is not None]))
        for i, matches in rows[:_MAX_HITS]:
            matched = " … ".join(dict.fromkeys(m.group(0) for m in matches))
            last = max(m.start() for m in matches)  # future cues are looked for before this
            s, e = sents[i]
            hits.append((i, order, (ev, s, e, matched, last)))
    return [h for _, _, h in sorted(hits, key=lambda h: (h[0], h[1]))]


_ANNIVERSARY = re.compile(
    r"\b(?:(?P<n>\w+)[- ]year anniversary|(?P<ord>first|second|third|fourth|fifth|tenth|twentieth|"
    r"\d+(?:st|nd|rd|th)) anniversary)\b",
    re.IGNORECASE,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10, "twentieth": 20}


def _anniversary_years(m: re.Match[str]) -> int | None:
    if m.group("n"):
        n = parse_number(m.group("n"))
    else:
        o = m.group("ord").lower()
        n = float(_ORDINALS[o]) if o in _ORDINALS else float(re.sub(r"\D", "", o))
    return int(n) if n is not None and n == int(n) and 0 < n < 100 else None


_COMPETING_TIME = re.compile(
    r"\b\w+ (?:years?|months?|weeks?) (?:after|before|later|earlier)\b",
    re.IGNORECASE,
)


def _cue_in(sentence: str, near: int) -> tuple[str, int, str] | None:
    """A deictic cue ("last month") that dates the event named at ``near`` (a position in ``sentence``).

    The cue must sit close to the event's words, and the sentence must not carry another time that the cue
    could belong to instead ("officials said on Tuesday, three years after the contract was signed"):
    a wrong anchor would turn a fresh article into a false re-post."""
    if _COMPETING_TIME.search(sentence) or any(not t.relative for t in timex.find_times(sentence, None)):
        return None
    found: list[tuple[str, int, re.Match[str]]] = []
    for regex, unit, n in _CUES:
        found += [(unit, n, m) for m in regex.finditer(sentence)]
    for m in _AGO.finditer(sentence):
        count = parse_number(m.group("n"))
        if count is not None and count == int(count):
            found.append((m.group("unit").lower(), int(count), m))
    close = [(u, n, m) for u, n, m in found if min(abs(m.start() - near), abs(near - m.end())) <= _CUE_REACH]
    if not close:
        return None
    unit, n, m = min(close, key=lambda c: min(abs(c[2].start() - near), abs(near - c[2].end())))
    return unit, n, m.group(0)


#: How far (characters) a deictic cue may sit from the event's last keyword.
_CUE_REACH = 80


def _pick(cands: list[TimelineEvent], floor: dt.date | None, stated: str | None) -> TimelineEvent:
    """Of same-worded events, the earliest not before ``floor`` (the newest unambiguous fact); without a
    floor, the latest not after the stated date (the charitable reading); else the latest."""
    cands = sorted(cands, key=lambda x: _lo(x.date))
    if floor is None and stated and timex.is_iso_prefix(stated):
        before = [c for c in cands if _lo(c.date) <= _hi(stated)]
        return before[-1] if before else cands[0]
    later = [c for c in cands if floor is None or _lo(c.date) >= floor]
    return later[0] if later else cands[-1]


def _anchored(chosen: TimelineEvent, cue: tuple[str, int, str], s: int, e: int) -> Evidence:
    unit, n, cue_text = cue
    if unit == "month" and len(chosen.date) >= 7:
        implies = timex.shift(chosen.date[:7], months=n)
    elif unit == "month":
        implies = chosen.date[:4]
    else:
        implies = timex.shift(chosen.date[:4], years=n)
    return Evidence("anchored_event", f"{chosen.label}: “{cue_text}”", chosen.date, "anchored", s, e, implies)


def _events(
    text: str, sents: list[tuple[int, int]], floor: dt.date | None, stated: str | None = None
) -> list[Evidence]:
    """Timeline events named in the text: past facts, expected ones, or anchored by a deictic cue.

    An event counts as past if any sentence names it outside a future/hypothetical context."""
    hits = _timeline_hits(text, sents)
    future = {i for i, (_, s, e, _, pos) in enumerate(hits) if _is_future(text, (s, e), pos, pos)}
    fixed = [_lo(h[0].date) for i, h in enumerate(hits) if not h[0].group and i not in future]
    floor = max([d for d in (floor, *fixed) if d is not None], default=None)
    by_key: dict[str, list[int]] = {}
    for i, (ev, *_rest) in enumerate(hits):
        by_key.setdefault(ev.group or ev.id, []).append(i)
    out: list[Evidence] = []
    for idxs in by_key.values():
        cands = list({hits[i][0].id: hits[i][0] for i in idxs}.values())
        chosen = _pick(cands, floor, stated) if len(cands) > 1 else cands[0]
        past = [i for i in idxs if i not in future]
        if not past:
            _, s, e, words, _ = hits[idxs[0]]
            out.append(Evidence("timeline_event", f"{chosen.label} ({words})", chosen.date, "future", s, e))
            continue
        cued = (
            []
            if chosen.state
            else [
                (i, c) for i in past if (c := _cue_in(text[hits[i][1] : hits[i][2]], hits[i][4] - hits[i][1]))
            ]
        )
        if cued:
            i, cue = cued[0]
            out.append(_anchored(chosen, cue, hits[i][1], hits[i][2]))
        else:
            _, s, e, words, _ = hits[past[0]]
            out.append(Evidence("timeline_event", f"{chosen.label} ({words})", chosen.date, "past", s, e))
    out += _anniversaries(text)
    return out


def _anniversaries(text: str) -> list[Evidence]:
    """ "the one-year anniversary of <event>" dates a past moment: the event's date plus N years."""
    out: list[Evidence] = []
    for m in _ANNIVERSARY.finditer(text):
        years = _anniversary_years(m)
        window = text[m.end() : m.end() + 80]
        if years is None or not re.match(r"\s+of\b", window):
            continue
        for ev in timeline():
            if not ev.group and all(g.search(window) for g in ev.groups):
                value = timex.shift(ev.date, years=years)
                out.append(
                    Evidence("anniversary", f"{m.group(0)} of {ev.label}", value, "past", m.start(), m.end())
                )
                break
    return out


_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri)\.?"
_WEEKDAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
# "Tuesday, June 10", "on Tuesday (June 10", "Tuesday 10 June" / "June 10 (Tuesday)", "10 June, Tuesday"
_WEEKDAY_BEFORE = re.compile(r"(?<![\w-])" + _WD + r"\s*[,(]?\s*(?:the\s+)?$")
_WEEKDAY_AFTER = re.compile(r"\s*[,(]\s*" + _WD + r"(?![\w-])")
# a dateline: a place name opening a line near the top, then the date ("LIMA, Feb 9 (Agency) -",
# "Tartu: May 3 -")
_DATELINE_BEFORE = re.compile(r"\s*(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*[,:]?\s*")
_DATELINE_AFTER = re.compile(r"\s*(?:\(|[-–—:]|\n|$)")
_DATELINE_REACH = 400  # characters from the start of the text to the line that holds it


def _weekday_of(text: str, s: int, e: int) -> int | None:
    """The weekday written next to a month-day ("Tuesday (June 10)"), as 0 (Monday) .. 6."""
    m = _WEEKDAY_BEFORE.search(text, max(0, s - 20), s) or _WEEKDAY_AFTER.match(
        text, e, min(len(text), e + 20)
    )
    return _WEEKDAY_INDEX[m.group("wd")[:3].lower()] if m else None


def _is_dateline(text: str, s: int, e: int) -> bool:
    line_start = text.rfind("\n", 0, s) + 1
    if line_start > _DATELINE_REACH or s - line_start > 60:
        return False
    head = text[line_start:s]
    if not _DATELINE_BEFORE.fullmatch(head):
        return False
    # "OSLO Mar 4 Ministers agreed ...": an upper-case place needs no punctuation after the date
    return bool(_DATELINE_AFTER.match(text, e)) or (head.strip().isupper() and len(head.strip()) >= 3)


@functools.lru_cache(maxsize=1)
def _timeline_by_day() -> dict[tuple[int, int], tuple[TimelineEvent, ...]]:
    out: dict[tuple[int, int], list[TimelineEvent]] = {}
    for ev in timeline():
        if len(ev.date) == 10:
            out.setdefault((int(ev.date[5:7]), int(ev.date[8:10])), []).append(ev)
    return {k: tuple(v) for k, v in out.items()}


def _timeline_year(
    text: str, sent: tuple[int, int], month: int, day: int, today: dt.date
) -> TimelineEvent | None:
    """A timeline event on this very month-day named in the same sentence: the date is that event's.

    The calendar coincidence stands in for one keyword group: all groups but one must match (at least two)."""
    for ev in _timeline_by_day().get((month, day), ()):
        if _lo(ev.date) > today:
            continue
        hits = sum(1 for g in ev.groups if g.search(text, sent[0], sent[1]))
        if hits >= 2 and hits >= len(ev.groups) - 1:
            return ev
    return None


def _weekday_year(month: int, day: int, weekday: int, floor: dt.date | None, ceiling: dt.date) -> int | None:
    """The latest year, not after ``ceiling``, in which month-day falls on ``weekday``; not before ``floor``
    (the newest dated fact the text reports as past), when that leaves one."""
    first = max(1990, floor.year if floor else 1990)
    for year in range(ceiling.year, first - 1, -1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if cand > ceiling or (floor and cand < floor - dt.timedelta(days=7)):
            continue
        if cand.weekday() == weekday:
            return year
    return None  # the weekday contradicts what the text says: it belongs to something else


def _year_before(month: int, day: int, anchor: dt.date) -> int | None:
    """The latest year that does not put month-day more than a week after ``anchor``."""
    for year in (anchor.year, anchor.year - 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if cand <= anchor + dt.timedelta(days=7):
            return year
    return None


def _yearless(
    text: str,
    anchor: dt.date | None,
    sents: list[tuple[int, int]],
    times: Sequence[TimeValue],
    *,
    floor: dt.date | None = None,
    ceiling: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Evidence]:
    """Year-less dates ("March 22") and the year each one takes, strongest evidence first:

    1. a weekday written beside it ("on Tuesday (June 10)"): the latest such year not after ``ceiling`` (the
       ingest date, or an upper bound the text sets) and not before ``floor``;
    2. a timeline event on that very day named in the same sentence;
    3. ``anchor`` (a serial, an anchored event, the page date): the latest year not putting it after the anchor;
       the dates fixed by 1. and 2. anchor the others.

    A date at the very start of the text after a place name is the dateline (``extra["dateline"]``)."""
    today = today or ingest_date()
    ceiling = min(ceiling or today, today)
    found = timex.find_yearless(text, times=times)
    fixed: dict[int, tuple[int, str]] = {}
    for month, day, s, e, _ in found:
        if day is None:
            continue
        weekday = _weekday_of(text, s, e)
        if weekday is not None:
            year = _weekday_year(month, day, weekday, floor, ceiling)
            if year is not None:
                fixed[s] = (year, "weekday")
                continue
        same_day = _timeline_year(text, _sentence_of(sents, s), month, day, today)
        if same_day is not None:
            fixed[s] = (int(same_day.date[:4]), f"timeline event {same_day.label!r}")
    fixed_dates = [dt.date(fixed[s][0], m, d) for m, d, s, _, _ in found if s in fixed and d]
    if fixed_dates and (anchor is None or max(fixed_dates) > anchor):
        anchor = max(fixed_dates)
    if anchor is not None:
        anchor = min(anchor, today)
    out: list[Evidence] = []
    for month, day, s, e, surface in found:
        how = ""
        if s in fixed:
            year, how = fixed[s]
        elif anchor is not None:
            y = _year_before(month, day or 1, anchor)
            if y is None:
                continue
            year = y
        else:
            continue
        value = f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"
        if not timex.is_iso_prefix(value):
            continue
        future = _is_future(text, _sentence_of(sents, s), s, e) or _lo(value) > today
        ev = Evidence("yearless_citation", surface, value, "future" if future else "past", s, e)
        if how:
            ev.extra["year_from"] = how
        if day and _is_dateline(text, s, e):
            ev.extra["dateline"] = True
        if how == "weekday" or ev.extra.get("dateline"):
            ev.extra["exact"] = True  # the document's own day, or a news event it dates by its weekday
        out.append(ev)
    return out


def _page_updates(document: Document) -> list[Evidence]:
    """Revision dates the page states ("Last updated: ..."), which ingest kept among its date candidates."""
    out: list[Evidence] = []
    cands = document.meta.get("date_candidates") if isinstance(document.meta, Mapping) else None
    for c in cands if isinstance(cands, list) else ():
        if isinstance(c, Mapping) and is_update_text(str(c.get("text") or "")):
            value = str(c.get("value") or "")
            if timex.is_iso_prefix(value):
                out.append(Evidence("page_update", str(c.get("text")), value, "updated"))
    return out


_OPENING_LABEL = re.compile(r"\W{0,3}(?:date|dated|published(?: on)?|posted(?: on)?)\s*:?\s*$", re.IGNORECASE)


def _opening_label(text: str, times: Sequence[TimeValue]) -> TimeValue | None:
    """A date label glued to the start of the text (" date 2020-08-12 The ministers ..."): the page's date."""
    for t in times:
        if t.start_char is None or t.start_char > 40:
            break
        if not t.relative and len(t.value) == 10 and _OPENING_LABEL.fullmatch(text[: t.start_char]):
            return t
    return None


def collect_evidence(
    document: Document, doc: Doc | None = None, *, today: dt.date | None = None
) -> list[Evidence]:
    """All date evidence in a document's text (independent of its stated date).

    ``today``: the ingest date (default: today, UTC); nothing after it is a past fact."""
    today = today or ingest_date()
    text = document.text or ""
    stated = document.stated_date
    sents = _sentences(text, doc)
    times = timex.find_times_in_sentences(text, sents, None)  # once, shared by the explicit and year-less passes
    evidence = _explicit(text, stated, sents, times, today)
    serial = _serial(document, text)
    if serial:
        evidence.append(serial)
    past = [_lo(x.value) for x in evidence if x.role == "past"]
    floor = max(past) if past else None
    evidence += _events(text, sents, floor, stated)
    # the year of year-less citations: from the serial, an anchored event, the newest full date or else the page's
    # date; without a page date, the newest dated fact of any precision (a text is not older than what it reports)
    anchor: dt.date | None = None
    anchored = [x for x in evidence if x.role == "anchored" and x.implies]
    past_ev = [x for x in evidence if x.role == "past"]
    newest_any = max((_lo(x.value) for x in past_ev), default=None)
    if serial:
        est = serial.extra["estimate"]
        anchor = est + dt.timedelta(days=serial.extra["window"])
        anchor = min(anchor, dt.date(serial.extra["year"], 12, 31))
    elif anchored:
        anchor = max(_hi(x.implies or x.value) for x in anchored)
    elif stated and timex.is_iso_prefix(stated):
        dated = [_lo(x.value) for x in past_ev if len(x.value) == 10]
        anchor = _hi(stated)
        if dated:  # a year-less date is not put after the page's own date
            anchor = min(anchor, dt.date(max(dated).year + 1, max(dated).month, 1) - dt.timedelta(days=1))
    elif newest_any is not None:
        # within a year after the newest dated fact: a text is not older than what it reports as done
        anchor = dt.date(newest_any.year + 1, newest_any.month, 1) - dt.timedelta(days=1)
    # an upper bound for weekday years: the page date, or the earliest year the text expects as future
    ceiling = today
    if stated and timex.is_iso_prefix(stated):
        ceiling = min(ceiling, _hi(stated) + dt.timedelta(days=7))
    expected = [_lo(x.value) for x in evidence if x.role == "future" and x.kind.startswith("explicit")]
    expected = [d for d in expected if newest_any is None or d > newest_any]
    if expected and min(expected) > dt.date(1990, 12, 31):
        ceiling = min(ceiling, min(expected))
    evidence += _yearless(text, anchor, sents, times, floor=newest_any, ceiling=ceiling, today=today)
    evidence += _reposted(text)
    evidence += _page_updates(document)
    return evidence


# --- estimate -------------------------------------------------------------------------------------------------


def _fmt_month(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _estimate(evidence: list[Evidence], today: dt.date | None = None) -> tuple[str | None, str]:
    today = today or ingest_date()
    past = [x for x in evidence if x.role == "past"]
    future = [x for x in evidence if x.role == "future"]
    anchored = [x for x in evidence if x.role == "anchored" and x.implies]
    serial = next((x for x in evidence if x.role == "serial"), None)
    updates = [x for x in evidence if x.role == "updated"]
    newest = max(past, key=lambda x: (_lo(x.value), len(x.value), bool(x.extra.get("exact"))), default=None)
    lower = _lo(newest.value) if newest else None
    upper = min((_lo(x.value) for x in future if lower is None or _lo(x.value) > lower), default=None)
    why: list[str] = []
    value: str | None = None
    if anchored:
        best = max(anchored, key=lambda x: _lo(x.implies or x.value))
        value = best.implies
        why.append(f"the text places {best.text} relative to its own date")
    elif serial:
        est: dt.date = serial.extra["estimate"]
        if lower and est < lower <= est + dt.timedelta(days=serial.extra["window"]):
            est = lower
        value = _fmt_month(est)
        why.append(f"{serial.text} dates it to about {value}")
    elif newest and lower:
        # a dateline, or a news event dated by its weekday, gives the day; other facts bound it to the month
        value = newest.value if newest.extra.get("exact") else newest.value[:7]
        how = " (its dateline)" if newest.extra.get("dateline") else ""
        why.append(f"the newest dated fact it reports is {newest.text!r} ({newest.value}){how}")
        if newest.extra.get("year_from"):
            why.append(f"the year of {newest.text!r} from its {newest.extra['year_from']}")
    if value and lower and _hi(value) < lower:
        value = newest.value[:7] if newest else value
    if newest and (anchored or serial):
        why.append(f"it cannot predate {newest.text!r} ({newest.value})")
    if upper:
        why.append(f"it anticipates {upper.isoformat()[:7]} as future")
    # a page is published before it is revised, and not after it was read
    revised = min(updates, key=lambda x: _hi(x.value), default=None)
    if value and revised and _lo(value) > _hi(revised.value):
        value = revised.value[:7]
        why.append(f"it was revised on {revised.value}")
    if value and _lo(value) > today:
        value = _fmt_month(today) if len(value) >= 7 else f"{today.year:04d}"
        why.append(f"not later than the ingest ({today.isoformat()})")
    return value, "; ".join(why)


#: Evidence kinds that are dates written out in the text with their year: only these may move a page's date
#: later (a year-less date's year is our reading, a timeline entry is matched by keywords).
_WRITTEN_YEAR_KINDS = frozenset({"explicit_date", "explicit_month", "explicit_year"})
_URL_REASON = "The URL path"


@dataclass
class _PageDate:
    value: str | None = None
    basis: str | None = None
    url_backed: bool = False  # the URL path carries this date (or one inside it)
    note: str = ""


def _page_date(document: Document, today: dt.date) -> _PageDate:
    """The page's own publication date: the first date ingest found (container metadata, page header, URL path)
    that is not a revision ("Last updated: ..."), not after the ingest, and not later than the URL's own date by
    more than a month (a header date later than the URL is a revision or a re-post)."""
    limit = today + dt.timedelta(days=1)
    cands = document.meta.get("date_candidates") if isinstance(document.meta, Mapping) else None
    if not isinstance(cands, list) or not cands:
        value = document.stated_date or document.published
        if not value or not timex.is_iso_prefix(value):
            return _PageDate()
        if _lo(value) > limit:
            return _PageDate(note=f"the page date {value} is after the ingest ({today.isoformat()})")
        basis = document.published_basis if document.published_basis in ("stated", "metadata") else "stated"
        return _PageDate(value, basis)
    usable: list[tuple[str, str, bool]] = []  # (value, basis, from the URL)
    notes: list[str] = []
    for c in cands:
        if not isinstance(c, Mapping):
            continue
        value = str(c.get("value") or "")
        if not timex.is_iso_prefix(value):
            continue
        if is_update_text(str(c.get("text") or "")):
            notes.append(f"{c.get('text')!r} is a revision date, not the publication date")
            continue
        if _lo(value) > limit:
            notes.append(f"the page date {value} is after the ingest ({today.isoformat()})")
            continue
        basis = "metadata" if c.get("basis") == "metadata" else "stated"
        usable.append((value, basis, str(c.get("reason") or "").startswith(_URL_REASON)))
    if not usable:
        return _PageDate(note="; ".join(notes))
    value, basis, from_url = usable[0]
    url = next((u for u in usable if u[2]), None)
    if url and not from_url:
        u_lo, u_hi = timex.bounds(url[0])
        if u_lo >= _lo(value) and u_hi <= _hi(value) and len(url[0]) > len(value):
            value, basis, from_url = url  # the same date, more precisely
        elif _lo(value) > u_hi + dt.timedelta(days=31):
            notes.append(f"the page date {value} is later than the URL's {url[0]}: a revision or a re-post")
            value, basis, from_url = url
    url_backed = from_url or bool(url and timex.bounds(url[0])[0] <= _lo(value) <= timex.bounds(url[0])[1])
    return _PageDate(value, basis, url_backed, "; ".join(notes))


def _opening_date(text: str) -> str | None:
    head = text[:80]
    for t in timex.find_times(head, None):
        label = _opening_label(head, [t])
        if label is not None:
            return label.value
    return None


def infer_date(document: Document, doc: Doc | None = None, *, today: dt.date | None = None) -> Document:
    """Set ``published``/``published_basis``/``published_reason``/``repost`` from the stated date and the text.

    ``today``: the ingest date (default: today, UTC); no date after it is accepted. Never raises on odd input:
    a document without text keeps what it has.
    """
    if not document.ok or not document.text:
        return document
    today = today or ingest_date()
    page = _page_date(document, today)
    stated = page.value
    basis = page.basis or "stated"
    note = f" ({page.note})" if page.note else ""
    if stated is None:
        opening = _opening_date(document.text)
        if opening and _lo(opening) <= today:
            stated, basis = opening, "stated"
            note = f" (the text opens with the date {opening})" + note
    probe = document if stated == document.stated_date else dataclasses.replace(document, stated_date=stated)
    evidence = collect_evidence(probe, doc, today=today)
    inferred, why = _estimate(evidence, today)
    meta = {**document.meta, "date_evidence": [x.as_dict() for x in evidence]}
    if stated is None:
        original = next((x for x in evidence if x.kind == "repost_marker" and x.value), None)
        if original and _lo(original.value) <= today:
            return dataclasses.replace(
                document,
                published=original.value,
                published_basis="stated",
                meta=meta,
                published_reason=f"No page date{note}; the text says {original.text!r}.",
            )
        if inferred is None:
            return dataclasses.replace(
                document,
                published=None,
                published_basis=None,
                published_reason="no stated date and no dated evidence in the text" + note,
                meta=meta,
            )
        return dataclasses.replace(
            document,
            published=inferred,
            published_basis="inferred",
            published_reason=f"No stated date{note}; inferred {inferred}: {why}.",
            meta=meta,
        )
    markers = [x for x in evidence if x.kind == "repost_marker"]
    original = next((x for x in markers if x.value), None)
    if original and _lo(original.value) < _lo(stated):
        return dataclasses.replace(
            document,
            published=original.value,
            published_basis="stated",
            repost=True,
            meta=meta,
            published_reason=f"Re-post: the page dated {stated} says {original.text!r}.",
        )
    if markers and inferred and _hi(inferred) + dt.timedelta(days=31) < _lo(stated):
        return dataclasses.replace(
            document,
            published=inferred,
            published_basis="inferred",
            repost=True,
            meta=meta,
            published_reason=f"Re-post: the page dated {stated} says {markers[0].text!r}; inferred {inferred}: "
            f"{why}.",
        )
    stated_lo = _lo(stated)
    anchored = [x for x in evidence if x.role == "anchored" and x.implies]
    past = [x for x in evidence if x.role == "past"]
    repost_reason: str | None = None
    if anchored and inferred and stated_lo > _hi(inferred) + dt.timedelta(days=REPOST_GAP_DAYS):
        repost_reason = f"the text's own time references put it at {inferred}"
    if repost_reason:
        return dataclasses.replace(
            document,
            published=inferred,
            published_basis="inferred",
            repost=True,
            meta=meta,
            published_reason=f"Re-post: stated date {stated} is far later than the content supports "
            f"({repost_reason}); inferred {inferred}: {why}.",
        )
    # Moving a stated date *later* needs a date the text itself writes out, year included, as past ("on 12
    # March 2019"): a timeline entry matched by keywords is too loose to overrule the page (it may be a future or
    # hypothetical mention of the same words), and so is a year-less date whose year we chose. A date the URL
    # path carries is never moved later: the address was made when the page was first published.
    written = [x for x in past if x.kind in _WRITTEN_YEAR_KINDS]
    # a bare year moves it by months at most: years later, a bare year is as likely a projection the role
    # classifier took for a fact ("to supply gas from 2026") as proof that the page is newer
    written = [x for x in written if x.kind != "explicit_year"
               or _lo(x.value) <= _hi(stated) + dt.timedelta(days=MAX_MOVE_LATER_DAYS)]
    newest = max((_lo(x.value) for x in written), default=None)
    if (
        newest
        and inferred
        and not page.url_backed
        and _hi(stated) + dt.timedelta(days=PREDATE_SLACK_DAYS) < newest
    ):
        return dataclasses.replace(
            document,
            published=inferred,
            published_basis="inferred",
            meta=meta,
            published_reason=f"Stated date {stated} precedes facts the text reports as past; inferred "
            f"{inferred}: {why}.",
        )
    reason = f"Stated date {stated} kept{note}" + (f"; consistent with the text ({why})." if why else ".")
    return dataclasses.replace(
        document, published=stated, published_basis=basis, published_reason=reason, meta=meta
    )
