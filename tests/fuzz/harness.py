"""One fuzz input through one reader or normaliser, with the contract checked.

A *crash* is any exception that escapes, or an internal error that only ``to_document``'s last-resort handler
caught (it logs "could not ingest ..." and records the exception's class: that is a bug hidden as a skip, not a
reason), or a broken invariant (an ``ok`` document without text, a skip without a coded error, an offset that does
not point at its text, a non-ISO date, an infinite amount). Everything else is an *outcome*: ``ok`` or the
``skipped:*`` status with its error code for documents; a value or "none" for the normalisers.

The tests in this folder and ``scripts/fuzz.py`` both call :data:`TARGETS`; the script counts outcomes, the tests
let hypothesis shrink the first crash.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import settings as hsettings
from hypothesis import strategies as st

from claimgraph.config import Settings
from claimgraph.extract import quantities, timex
from claimgraph.ingest import dates as ingest_dates
from claimgraph.ingest import iter_raw, to_document
from claimgraph.ingest import metadata as ingest_meta
from claimgraph.records import Document, RawDocument

from . import strategies as S
from .feed_strategies import feed_documents

__all__ = ["Crash", "Target", "TARGETS", "fuzz_settings", "check_document"]

#: The statuses a reader may give a document it cannot use (architecture.md, ingest contract).
SKIP_STATUSES = frozenset(
    {
        "skipped:binary",
        "skipped:empty",
        "skipped:too_large",
        "skipped:decode",
        "skipped:malformed",
        "skipped:unreadable",
    }
)
_CODED = re.compile(r"^\[E1\d\d\] \S")
_ISO = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?\Z")


class Crash(AssertionError):
    """The reader broke its contract on this input."""


def fuzz_settings() -> hsettings:
    """The settings of the hypothesis profile given with ``--hypothesis-profile``; ``ci`` when none was given."""
    name = hsettings.get_current_profile_name()
    return hsettings.get_profile("ci" if name == "default" else name)


# --- the last-resort handler -------------------------------------------------------------------------------------


class _SafetyNet(logging.Handler):
    """Collects the "could not ingest" warnings that ``to_document`` logs when an unexpected exception reaches it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.caught: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("could not ingest"):
            self.caught.append(message)


_NET = _SafetyNet()
_DOC_LOG = logging.getLogger("claimgraph.ingest.document")


@contextmanager
def _watched() -> Iterator[None]:
    """Run a reader: what escapes it, or reaches the last-resort handler, becomes a :class:`Crash`."""
    _NET.caught.clear()
    level = _DOC_LOG.level
    if not _DOC_LOG.isEnabledFor(logging.WARNING):
        _DOC_LOG.setLevel(logging.WARNING)
    _DOC_LOG.addHandler(_NET)
    try:
        yield
    except Crash:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever escapes a reader is the finding
        raise Crash(f"exception escaped: {type(exc).__name__}: {exc}"[:600]) from exc
    finally:
        _DOC_LOG.removeHandler(_NET)
        _DOC_LOG.setLevel(level)
    if _NET.caught:
        raise Crash(f"internal error behind a skip: {_NET.caught[0]}"[:600])


# --- documents ---------------------------------------------------------------------------------------------------


def _utf8(value: Any, where: str) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise Crash(f"{where} cannot be stored as UTF-8: {exc}") from exc


def check_document(doc: Document, today: dt.date | None = None) -> str:
    """The outcome label of ``doc`` (``ok`` or ``skipped:decode E105``); Crash when it breaks the contract."""
    if not isinstance(doc, Document):
        raise Crash(f"not a Document: {type(doc).__name__}")
    if not re.fullmatch(r"doc_[0-9a-f]{16}", doc.id):
        raise Crash(f"odd id {doc.id!r}")
    _utf8(doc.source, "source")
    _utf8(doc.error, "error")
    if doc.status == "ok":
        if not doc.text.strip():
            raise Crash("an ok document without text")
        if doc.error:
            raise Crash(f"an ok document with an error: {doc.error}")
        if re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", doc.text):
            raise Crash("control characters in the text")
        for name in (
            "text",
            "title",
            "author",
            "outlet",
            "url",
            "volume",
            "issue",
            "language",
            "published_reason",
        ):
            _utf8(getattr(doc, name), name)
        for name in ("stated_date", "published"):
            value = getattr(doc, name)
            if value is None:
                continue
            if not _ISO.match(value) or not timex.is_iso_prefix(value) or not 1900 <= int(value[:4]) <= 2100:
                raise Crash(f"{name} {value!r} is not an ISO prefix date in 1900..2100")
            if value[:4] > str((today or dt.date.today()).year + 1):
                raise Crash(f"{name} {value!r} lies in the future")
        try:
            json.dumps(dict(doc.meta), ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise Crash(f"meta cannot be stored as JSON: {exc}") from exc
        return "ok"
    if doc.status not in SKIP_STATUSES:
        raise Crash(f"unknown status {doc.status!r}")
    if doc.text:
        raise Crash("a skipped document with text")
    if not doc.error or not _CODED.match(doc.error):
        raise Crash(f"{doc.status} without a coded error: {doc.error!r}")
    return f"{doc.status} {doc.error[1:5]}"


def _read(raw: RawDocument, settings: Settings) -> list[str]:
    with _watched():
        doc = to_document(raw, settings)
    return [check_document(doc)]


def _items(items: Iterator[RawDocument | Document], settings: Settings) -> list[str]:
    labels: list[str] = []
    with _watched():
        collected = list(items)
    for item in collected:
        if isinstance(item, Document):
            labels.append(check_document(item))
        else:
            labels += _read(item, settings)
    return labels


def read_text(case: tuple[bytes, Settings], workdir: Path) -> list[str]:
    data, settings = case
    return _read(RawDocument(source="fuzz.txt", data=data, encoding=settings.encoding), settings)


def read_markdown(case: tuple[bytes, Settings], workdir: Path) -> list[str]:
    data, settings = case
    return _read(RawDocument(source="fuzz.md", data=data, encoding=settings.encoding), settings)


def read_html(case: tuple[tuple[bytes, bool], Settings], workdir: Path) -> list[str]:
    (data, strict), settings = case
    raw = RawDocument(source="fuzz.html", data=data, encoding=settings.encoding)
    with _watched():
        doc = to_document(raw, settings)
    label = check_document(doc)
    if strict and S.SCRIPT_MARKER in doc.text:
        raise Crash("script or style content reached the text")
    return [label]


def read_jsonl(case: tuple[bytes, Settings], workdir: Path) -> list[str]:
    """A real ``.jsonl`` file streamed by ``iter_raw``: every record a document or a skip with its reason."""
    data, settings = case
    path = workdir / "fuzz.jsonl"
    path.write_bytes(data)
    return _items(iter_raw([str(path)], settings), settings)


def read_source(case: tuple[str, bytes, Settings, bool], workdir: Path) -> list[str]:
    """Any bytes under any file name, or on stdin: ``iter_raw`` sniffs what it is."""
    name, data, settings, stdin = case
    if stdin:
        return _items(iter_raw(["-"], settings, stdin=io.BytesIO(data)), settings)
    path = workdir / name
    path.write_bytes(data)
    try:
        return _items(iter_raw([str(path)], settings), settings)
    finally:
        path.unlink(missing_ok=True)


def _date_value(value: str | None, where: str) -> None:
    if value is None:
        return
    if not _ISO.match(value) or not timex.is_iso_prefix(value) or not 1900 <= int(value[:4]) <= 2100:
        raise Crash(f"{where} gave {value!r}, not an ISO prefix date in 1900..2100")


def read_dates(case: tuple[Any, str, str, dt.date], workdir: Path) -> list[str]:
    """ingest/dates.py: a metadata value, a line and a URL, each to an ISO prefix or nothing."""
    value, line, url, today = case
    with _watched():
        normalised = ingest_dates.normalise_date(value, today)
        found = ingest_dates.find_date(line)
        parsed = ingest_dates.parse_date(line)
        in_url = ingest_dates.date_from_url(url, today)
    _date_value(normalised, "normalise_date")
    for match, where in ((found, "find_date"), (parsed, "parse_date")):
        if match is None:
            continue
        _date_value(match.value, where)
        if line[match.start : match.end] != match.text:
            raise Crash(f"{where}: span {match.start}:{match.end} does not hold {match.text!r}")
    if in_url is not None:
        _date_value(in_url.value, "date_from_url")
    for v in (normalised, in_url.value if in_url else None):
        if v is not None and dt.date(int(v[:4]), 1, 1) > today + dt.timedelta(days=366):
            raise Crash(f"a date after the ingest date: {v}")
    return [
        f"{'value' if normalised else 'none'} / {'value' if found else 'none'} / {'value' if in_url else 'none'}"
    ]


def read_metadata(case: tuple[str, str], workdir: Path) -> list[str]:
    """ingest/metadata.py on cleaned text: headline, byline, publication line; domains of odd URLs."""
    text, url = case
    with _watched():
        meta = ingest_meta.text_metadata(text)
        domain = ingest_meta.domain_of(url)
        ingest_meta.outlet_for_domain(domain)
        title = ingest_meta.clean_title(text[:300])
    for name in ("title", "author", "outlet", "volume", "issue"):
        value = getattr(meta, name)
        if value is not None and not isinstance(value, str):
            raise Crash(f"text_metadata {name} is {type(value).__name__}")
    if not isinstance(title, str):
        raise Crash("clean_title did not return a string")
    return ["title" if meta.title else "no title"]


def read_feed(case: bytes, workdir: Path) -> list[str]:
    """ingest/feeds.py ``parse_feed``: any bytes to entries, every rejected entry or document with its reason."""
    from urllib.parse import urlsplit

    from claimgraph.ingest.feeds import parse_feed

    with _watched():
        parsed = parse_feed(case, "http://feeds.example/feed.xml")
    if not parsed.ok:
        if not parsed.error or parsed.entries:
            raise Crash(f"an unusable feed without a reason or with entries: {parsed!r}"[:600])
        return [f"rejected:{parsed.kind}"]
    keys = [e.key for e in parsed.entries]
    if len(set(keys)) != len(keys):
        raise Crash(f"duplicate entry keys: {keys}")
    for e in parsed.entries:
        parts = urlsplit(e.url)
        if parts.scheme not in ("http", "https") or not parts.hostname or not e.key:
            raise Crash(f"an entry with an unusable link or key: {e!r}"[:600])
        for value, where in ((e.key, "key"), (e.url, "url"), (e.title, "title")):
            _utf8(value, f"entry {where}")
        _date_value(e.published, "entry date")
    positions = [n for n, _ in parsed.rejected]
    if len(set(positions)) != len(positions) or any(n < 1 or not why for n, why in parsed.rejected):
        raise Crash(f"rejections without a position or reason: {parsed.rejected!r}"[:600])
    return ["ok"] + [f"entry: {why.split(' (')[0].split(' of entry')[0]}" for _, why in parsed.rejected]


# --- normalisers -------------------------------------------------------------------------------------------------


def _check_times(times: list[Any], text: str, offset: int, where: str) -> None:
    last_end = None
    for t in times:
        for v in (t.value, t.end):
            if v is not None and (not _ISO.match(v) or not timex.is_iso_prefix(v)):
                raise Crash(f"{where}: {t.text!r} gave {v!r}, not an ISO prefix")
        if t.start_char is None or t.end_char is None:
            raise Crash(f"{where}: {t.text!r} has no span")
        s, e = t.start_char - offset, t.end_char - offset
        if not 0 <= s < e <= len(text) or text[s:e] != t.text:
            raise Crash(f"{where}: span {t.start_char}:{t.end_char} does not hold {t.text!r}")
        if last_end is not None and t.start_char < last_end:
            raise Crash(f"{where}: overlapping or unordered times at {t.start_char}")
        last_end = t.end_char


def normalise_times(case: tuple[str, str | None, str | None, int, list[int]], workdir: Path) -> list[str]:
    """timex.find_times / resolve / find_times_in_sentences / find_yearless."""
    text, anchor, reference, offset, cuts = case
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    sentences = list(zip(bounds, bounds[1:], strict=False))
    with _watched():
        times = timex.find_times(text, anchor, offset, reference)
        again = timex.find_times(text, anchor, offset, reference)
        resolved = timex.resolve(text[:200], anchor, reference)
        in_sentences = timex.find_times_in_sentences(text, sentences, anchor, reference)
        yearless = timex.find_yearless(text, offset)
    if times != again:
        raise Crash("find_times is not deterministic")
    _check_times(times, text, offset, "find_times")
    _check_times(in_sentences, text, 0, "find_times_in_sentences")
    if resolved is not None:
        for v in (resolved.value, resolved.end):
            if v is not None and (not _ISO.match(v) or not timex.is_iso_prefix(v)):
                raise Crash(f"resolve: {resolved.text!r} gave {v!r}, not an ISO prefix")
        if not resolved.text or resolved.text not in text[:200]:
            raise Crash(f"resolve: {resolved.text!r} is not in the expression")
    for month, day, s, e, said in yearless:
        if (
            not 1 <= month <= 12
            or (day is not None and not 1 <= day <= 31)
            or text[s - offset : e - offset] != said
        ):
            raise Crash(f"find_yearless: bad {(month, day, s, e, said)!r}")
    return ["value" if times else "none"]


def _finite(x: Any, where: str, allow_none: bool = False) -> None:
    if x is None and allow_none:
        return
    if not isinstance(x, float | int) or not math.isfinite(x) or x < 0:
        raise Crash(f"{where} is {x!r}, not a finite amount")


def normalise_quantities(case: tuple[str, int], workdir: Path) -> list[str]:
    """quantities.parse_number / find_quantities_spans / find_money."""
    text, offset = case
    with _watched():
        number = quantities.parse_number(text)
        qty = quantities.find_quantities_spans(text, offset)
        money = quantities.find_money(text, offset)
    _finite(number, "parse_number", allow_none=True)
    for q, s, e in qty:
        _finite(q.value, f"quantity {q.text!r}")
        if text[s - offset : e - offset] != q.text:
            raise Crash(f"quantity span {s}:{e} does not hold {q.text!r}")
    for m, s, e in money:
        _finite(m.amount, f"money {m.text!r}")
        _finite(m.usd, f"money {m.text!r} in USD", allow_none=True)
        if not re.fullmatch(r"[A-Z]{3}", m.currency) or text[s - offset : e - offset] != m.text:
            raise Crash(f"money {m!r} at {s}:{e}")
    return [("number" if number is not None else "no number") + f", {len(qty)} qty, {len(money)} money"]


# --- the targets -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # reader | normaliser
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any, Path], list[str]]


_TODAY = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))

TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("text", "reader", st.tuples(S.plain_documents(), S.reader_settings()), read_text),
        Target("markdown", "reader", st.tuples(S.markdown_documents(), S.reader_settings()), read_markdown),
        Target("html", "reader", st.tuples(S.html_documents(), S.reader_settings()), read_html),
        Target("jsonl", "reader", st.tuples(S.jsonl_streams(), S.reader_settings()), read_jsonl),
        Target(
            "sources",
            "reader",
            st.tuples(S.source_names(), S.any_documents(), S.reader_settings(), st.booleans()),
            read_source,
        ),  # fmt: skip
        Target(
            "dates", "reader", st.tuples(S.metadata_values(), S.date_text(), S.urls(), _TODAY), read_dates
        ),
        Target("metadata", "reader", st.tuples(S.hostile_text(), S.urls()), read_metadata),
        Target("feeds", "reader", feed_documents(), read_feed),
        Target(
            "timex",
            "normaliser",
            st.tuples(
                S.date_text(),
                S.anchors(),
                S.anchors(),
                st.integers(0, 10**6),
                st.lists(st.integers(0, 400), max_size=5),
            ),
            normalise_times,
        ),  # fmt: skip
        Target(
            "quantities",
            "normaliser",
            st.tuples(S.number_text(), st.integers(0, 10**6)),
            normalise_quantities,
        ),
    )
}
