"""Feeds: RSS 2.0, Atom, JSON Feed and (news) sitemaps to entries; ``watch`` polls them into the store.

:func:`parse_feed` never raises for bad input: it returns a :class:`ParsedFeed` with the usable entries and, for
every entry it could not use, a reason (``rejected``). The format is sniffed from the bytes:

* JSON Feed (``{"version": "https://jsonfeed.org/version/1.1", "items": [...]}``), parsed here: ``id`` (else
  ``url``) is the entry's key, ``url`` (else ``external_url``) its link, ``date_published`` its date;
* sitemaps (``<urlset>``, with or without the ``news:`` namespace), parsed with lxml without entities or network:
  ``<loc>`` is key and link, ``news:publication_date`` (else ``lastmod``) the date, ``news:title`` the title;
* everything else goes to feedparser (RSS 0.9x/1.0/2.0, Atom 0.3/1.0): ``id``/``guid`` (else the link) is the key.

An entry without a usable http(s) link, or repeating the key of an earlier entry, is rejected with its reason; a
document that declares XML entities (the stuff of entity-expansion bombs) is refused whole.

:class:`Watcher` polls the feeds registered in the store (``feeds add``) with conditional GETs (``If-None-Match``
/ ``If-Modified-Since``; 304 means nothing new), queues entries it has not seen as ``pending`` and ingests them
one at a time through :class:`~claimgraph.ingest.fetch.LiveIngest`. Entries are remembered by key, so a second
poll ingests nothing new; a watch stopped anywhere (Ctrl-C, a crash) resumes with the pending entries.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from .dates import normalise_date
from .fetch import FetchOutcome, LiveIngest
from .http import Fetcher, FetchError, FetchOptions

if TYPE_CHECKING:
    from ..workbench import Workbench

__all__ = ["FeedEntry", "ParsedFeed", "parse_feed", "Watcher", "PollReport", "TRANSIENT", "MAX_ATTEMPTS"]

log = logging.getLogger(__name__)

#: Fetch failures worth another try on the next poll (the entry stays pending); others are final.
TRANSIENT = frozenset({"skipped:timeout", "skipped:network"})
#: Polls an entry with a transient failure is tried before it is recorded as failed.
MAX_ATTEMPTS = 3
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One usable entry: ``key`` identifies it across polls (guid / id / URL)."""

    key: str
    url: str
    title: str | None = None
    published: str | None = None  # an ISO prefix date


@dataclass(frozen=True)
class ParsedFeed:
    """A feed document: its kind (rss20, atom10, jsonfeed, sitemap, news-sitemap, ...), entries, rejections."""

    kind: str
    title: str | None = None
    entries: tuple[FeedEntry, ...] = ()
    rejected: tuple[tuple[int, str], ...] = ()  # (1-based position in the feed, reason)
    error: str | None = None  # the whole document is unusable: why

    @property
    def ok(self) -> bool:
        return self.error is None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value.encode("utf-8", "replace").decode("utf-8") or None
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _link(value: Any, base: str) -> str | None:
    """An absolute http(s) URL, or None; control characters (terminal escapes, NUL) make a link unusable."""
    text = _text(value)
    if not text or _CONTROL.search(text):
        return None
    try:
        url = urljoin(base, text)
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


class _Collector:
    """Entries in feed order, duplicates and unusable ones recorded with their reason."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.entries: list[FeedEntry] = []
        self.rejected: list[tuple[int, str]] = []
        self._keys: dict[str, int] = {}

    def add(self, position: int, key: Any, link: Any, title: Any = None, published: Any = None) -> None:
        if position > _MAX_ENTRIES:
            if position == _MAX_ENTRIES + 1:
                self.rejected.append((position, f"more than {_MAX_ENTRIES} entries: the rest is ignored"))
            return
        url = _link(link, self.base)
        if url is None:
            shown = repr(_text(link))[:120] if _text(link) else "none"
            self.rejected.append((position, f"no usable http(s) link (link: {shown})"))
            return
        ident = _text(key) if not isinstance(key, int | float) else str(key)
        ident = ident or url
        if ident in self._keys:
            self.rejected.append((position, f"duplicate of entry {self._keys[ident]} ({ident[:120]!r})"))
            return
        self._keys[ident] = position
        date = None
        try:
            date = normalise_date(published) if published not in (None, "") else None
        except (TypeError, ValueError, OverflowError):
            date = None
        self.entries.append(FeedEntry(ident, url, _text(title), date))

    def result(self, kind: str, title: Any = None) -> ParsedFeed:
        return ParsedFeed(kind, _text(title), tuple(self.entries), tuple(self.rejected))


def _json_feed(data: Mapping[str, Any], base: str) -> ParsedFeed:
    items = data.get("items")
    if not isinstance(items, list):
        return ParsedFeed("jsonfeed", _text(data.get("title")), error="a JSON Feed needs an 'items' list")
    out = _Collector(base)
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            out.rejected.append((n, "an item must be a JSON object"))
            continue
        link = item.get("url") or item.get("external_url")
        out.add(n, item.get("id"), link, item.get("title"), item.get("date_published") or item.get("date_modified"))
    return out.result("jsonfeed", data.get("title"))


def _sitemap(data: bytes, base: str) -> ParsedFeed | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if not isinstance(root.tag, str):
        return None
    local = etree.QName(root).localname
    if local == "sitemapindex":
        return ParsedFeed("sitemapindex", error="a sitemap index lists sitemaps, not pages: add each sitemap "
                          "it lists with 'claimgraph feeds add'")
    if local != "urlset":
        return None
    news = root.find(f".//{{{_NEWS_NS}}}news") is not None
    out = _Collector(base)
    for n, node in enumerate(root.iter(f"{{{_SITEMAP_NS}}}url", "url"), 1):
        loc = node.findtext(f"{{{_SITEMAP_NS}}}loc") or node.findtext("loc")
        title = node.findtext(f".//{{{_NEWS_NS}}}title")
        date = (node.findtext(f".//{{{_NEWS_NS}}}publication_date") or node.findtext(f"{{{_SITEMAP_NS}}}lastmod")
                or node.findtext("lastmod"))
        out.add(n, None, loc, title, date)
    return out.result("news-sitemap" if news else "sitemap")


def _feedparser(data: bytes, base: str) -> ParsedFeed:
    import feedparser  # deferred: only feeds need it

    try:
        parsed = feedparser.parse(data, response_headers={"content-location": base})
    except Exception as exc:  # noqa: BLE001 - a parser bug on hostile input is a reason, not a crash
        return ParsedFeed("unknown", error=f"feedparser failed ({type(exc).__name__}: {str(exc)[:120]})")
    kind = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not kind and not entries:
        why = parsed.get("bozo_exception")
        return ParsedFeed("unknown", error="not an RSS, Atom, JSON Feed or sitemap document"
                          + (f" ({type(why).__name__})" if why else ""))
    out = _Collector(base)
    for n, entry in enumerate(entries, 1):
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        date = time.strftime("%Y-%m-%d", published) if published else None
        out.add(n, entry.get("id"), entry.get("link"), entry.get("title"), date)
    title = (parsed.get("feed") or {}).get("title")
    return out.result(kind or "rss", title)


def parse_feed(data: bytes, url: str = "") -> ParsedFeed:
    """The entries of a feed document (RSS, Atom, JSON Feed, sitemap); never raises for bad input."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        try:
            doc = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            return ParsedFeed("jsonfeed", error=f"not valid JSON ({type(exc).__name__}: {str(exc)[:120]})")
        if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/"):
            return ParsedFeed("json", error="JSON, but not a JSON Feed (no jsonfeed.org 'version')")
        return _json_feed(doc, url)
    if b"<!DOCTYPE" in data[:4096].upper() and b"<!ENTITY" in data.upper():
        # Internal entity declarations are how "billion laughs" bombs are built; no real feed needs them.
        return ParsedFeed("xml", error="the document declares XML entities (refused: an entity-expansion bomb "
                          "costs seconds and megabytes)")
    if b"<urlset" in data[:4096] or b"<sitemapindex" in data[:4096]:
        sitemap = _sitemap(data, url)
        if sitemap is not None:
            return sitemap
    return _feedparser(data, url)


# --- watch -------------------------------------------------------------------------------------------------------


@dataclass
class PollReport:
    """What one poll of all feeds did."""

    feeds: int = 0
    not_modified: int = 0
    new_entries: int = 0
    outcomes: list[FetchOutcome] = field(default_factory=list)
    feed_errors: list[tuple[str, str]] = field(default_factory=list)  # (feed URL, reason)
    rejected: list[tuple[str, int, str]] = field(default_factory=list)  # (feed URL, position, reason)
    interrupted: bool = False

    @property
    def ingested(self) -> int:
        return sum(1 for o in self.outcomes if o.outcome in ("new", "updated"))

    @property
    def failures(self) -> list[FetchOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def summary(self) -> str:
        return (f"{self.feeds} feeds ({self.not_modified} not modified), {self.new_entries} new entries, "
                f"{self.ingested} documents ingested, {len(self.failures)} failed, {len(self.feed_errors)} feed "
                f"errors")


class Watcher:
    """Poll the store's feeds and ingest their new entries (see the module docstring)."""

    def __init__(self, bench: Workbench, options: FetchOptions | None = None, *,
                 notify: Callable[[str], None] | None = None, stop: Callable[[], bool] | None = None) -> None:
        self.bench = bench
        self.options = options or FetchOptions(max_bytes=bench.settings.max_bytes)
        self.notify = notify or (lambda _message: None)
        self.stop = stop or (lambda: False)

    def poll(self, feeds: Iterable[str] | None = None) -> PollReport:
        """One pass over the feeds (default: all registered): fetch each, queue new entries, ingest pending."""
        from ..store._live import feeds as all_feeds

        report = PollReport()
        urls = list(feeds) if feeds is not None else [f.url for f in all_feeds(self.bench.store)]
        with Fetcher(self.options) as fetcher, LiveIngest(self.bench, fetcher=fetcher) as live:
            for url in urls:
                if self.stop():
                    report.interrupted = True
                    break
                report.feeds += 1
                self._poll_feed(url, fetcher, report)
                report.interrupted = not self._drain(url, live, report) or report.interrupted
            live.finish()
        return report

    def _poll_feed(self, url: str, fetcher: Fetcher, report: PollReport) -> None:
        from ..store._live import get_feed, record_poll

        store = self.bench.store
        row = get_feed(store, url)
        headers = {}
        if row is not None and row.etag:
            headers["If-None-Match"] = row.etag
        if row is not None and row.last_modified:
            headers["If-Modified-Since"] = row.last_modified
        try:
            response = fetcher.get(url, headers)
        except FetchError as exc:
            record_poll(store, url, status=exc.status, error=str(exc))
            report.feed_errors.append((url, str(exc)))
            self.notify(f"feed {url}: {exc}")
            return
        if response.not_modified:
            record_poll(store, url, status="not_modified")
            report.not_modified += 1
            self.notify(f"feed {url}: not modified")
            return
        parsed = parse_feed(response.body, response.final_url)
        if not parsed.ok:
            record_poll(store, url, status="skipped:feed", error=parsed.error, kind=parsed.kind)
            report.feed_errors.append((url, parsed.error or ""))
            self.notify(f"feed {url}: {parsed.error}")
            return
        entries = [{"key": e.key, "url": e.url, "title": e.title, "published": e.published}
                   for e in parsed.entries]
        added = record_poll(store, url, status="ok", kind=parsed.kind, title=parsed.title, entries=entries,
                            etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
                            validators=True)
        report.new_entries += added
        for position, reason in parsed.rejected:
            report.rejected.append((url, position, reason))
        self.notify(f"feed {url}: {len(parsed.entries)} entries, {added} new, {len(parsed.rejected)} rejected")

    def _drain(self, url: str, live: LiveIngest, report: PollReport) -> bool:
        """Ingest the pending entries of feed ``url``; False when stopped before the last one."""
        from ..store._live import finish_item, pending_items

        store = self.bench.store
        pending = pending_items(store, url)
        for n, item in enumerate(pending, 1):
            if self.stop():
                self.notify(f"feed {url}: stopped with {len(pending) - n + 1} entries pending")
                return False
            outcome = live.ingest_url(item.url, fallback_date=item.published)
            report.outcomes.append(outcome)
            if outcome.ok:
                finish_item(store, url, item.key, state="ingested", document=outcome.document)
            elif outcome.status in TRANSIENT and item.attempts + 1 < MAX_ATTEMPTS:
                finish_item(store, url, item.key, state="pending", error=outcome.error)
            else:
                finish_item(store, url, item.key, state="failed", document=outcome.document, error=outcome.error)
            shown = outcome.error if not outcome.ok else outcome.document
            self.notify(f"[{n}/{len(pending)}] {outcome.outcome:<9} {item.url} {shown or ''}".rstrip())
        return True

    def run(self, *, interval: float = 900.0, once: bool = False,
            sleep: Callable[[float], None] = time.sleep) -> list[PollReport]:
        """Poll every ``interval`` seconds until stopped (``once``: a single poll); the reports of each poll."""
        reports = []
        while True:
            report = self.poll()
            reports.append(report)
            self.notify(report.summary())
            if once or report.interrupted or self.stop():
                return reports
            waited = 0.0
            while waited < interval and not self.stop():  # short naps: Ctrl-C is seen within a second
                step = min(1.0, interval - waited)
                sleep(step)
                waited += step
            if self.stop():
                return reports
