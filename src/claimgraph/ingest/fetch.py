"""``fetch``: URLs to stored documents, through the same ingest as files.

Cascade for one URL::

    URL --Fetcher.get (ssrf guard, robots.txt, rate limit, retries, size caps, redirects recorded)
           -> failure: an ingest-log row with status skipped:http|timeout|too_large|redirect|robots|network|
              encoding|unsafe_url and the coded reason; the batch goes on
        --charset: the declared ones (Content-Type header, <meta>) that decode the bytes; when they disagree,
          UTF-8 if it decodes, else the one the charset detector agrees with, else the header
        --RawDocument(source=URL, media type from the header, metadata url=<link rel=canonical> or the final
          URL, published=htmldate's date of the page (else the feed entry's))
        --incremental: the same URL with the same bytes is unchanged (no parsing at all)
        --to_document (trafilatura text and metadata, our boilerplate and date rules) + the fetch record in
          Document.meta["fetch"] (final URL, canonical URL, redirects, charset and why)
        --same clean text and date already stored: unchanged; else process_document -> Store.write_result
        --the raw page kept zlib-compressed in ``raw_pages`` for provenance

:class:`LiveIngest` is the one object ``fetch`` and ``watch`` (and, later, the API) drive.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ..records import DocumentResult, RawDocument, make_id
from .http import Fetcher, FetchError, FetchOptions, Response

if TYPE_CHECKING:
    from ..workbench import Workbench

__all__ = ["FetchOutcome", "LiveIngest", "page_document", "choose_charset", "canonical_url", "page_date"]

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = {"text/plain": "text/plain", "text/markdown": "text/markdown", "text/x-markdown": "text/markdown"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CANONICAL = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HEADERS_KEPT = ("content-type", "content-language", "etag", "last-modified", "date")


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What happened to one URL: ``outcome`` new | updated | unchanged | duplicate | skipped | failed."""

    url: str
    outcome: str
    document: str | None = None
    status: str = "ok"
    error: str | None = None
    final_url: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in ("new", "updated", "unchanged", "duplicate")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _header_charset(content_type: str | None) -> str | None:
    m = re.search(r"charset\s*=\s*\"?([^\s;\"]+)", content_type or "", re.IGNORECASE)
    return m.group(1) if m else None


def choose_charset(body: bytes, header: str | None, meta: str | None) -> tuple[str | None, str]:
    """The encoding to decode ``body`` with, and why; ``None`` leaves it to ingest's detection cascade.

    A byte-order mark wins (ingest reads it). Of the declared charsets (HTTP header first, then ``<meta>``), only
    those that decode the bytes count; when two disagree, strict UTF-8 success is decisive (legacy bytes almost
    never decode as UTF-8), else the one charset-normalizer's guess agrees with, else the header's.
    """
    if body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, "byte-order mark"
    declared: list[tuple[str, str]] = []
    for where, name in (("HTTP header", header), ("<meta>", meta)):
        codec = _codec(name)
        if codec and all(codec != c for c, _ in declared):
            declared.append((codec, where))
    if not declared:
        return None, "none declared: detected"
    fits = []
    for codec, where in declared:
        try:
            body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        fits.append((codec, where))
    if not fits:
        names = ", ".join(f"{c} ({w})" for c, w in declared)
        return None, f"declared {names} do not decode the bytes: detected"
    if len(fits) == 1:
        rejected = [f"{c} ({w})" for c, w in declared if (c, w) not in fits]
        why = f"{fits[0][1]}" + (f"; {', '.join(rejected)} does not decode the bytes" if rejected else "")
        return fits[0][0], why
    for codec, where in fits:
        if codec == "utf-8":
            return codec, f"{where}: the bytes are valid UTF-8"
    import charset_normalizer

    best = charset_normalizer.from_bytes(body[:65536]).best()
    guess = _codec(best.encoding) if best is not None else None
    for codec, where in fits:
        if codec == guess:
            return codec, f"{where}: declarations disagree, the detector agrees with this one"
    return fits[0][0], f"{fits[0][1]}: declarations disagree, the header wins"


def canonical_url(html: str, base: str) -> str | None:
    """The page's ``<link rel="canonical" href>`` as an absolute http(s) URL, if it has one."""
    for tag in _CANONICAL.findall(html[:200_000]):
        attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(tag)}
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href", "").strip():
            url = urljoin(base, attrs["href"].strip())
            return url if urlsplit(url).scheme in ("http", "https") else None
    return None


def page_date(html: str, url: str | None) -> str | None:
    """htmldate's publication date of the page (its markup and URL only: no guessing from the body text)."""
    import htmldate  # deferred: heavy import

    try:
        return htmldate.find_date(html, extensive_search=False, original_date=True, url=url)
    except Exception as exc:  # noqa: BLE001 - a third-party date finder failing means "no date", logged
        log.debug("htmldate failed on %s: %s", url, exc)
        return None


def page_document(response: Response, *, fallback_date: str | None = None) -> tuple[RawDocument, dict[str, Any]]:
    """The fetched page as a RawDocument for ingest, and the fetch record kept with the document."""
    body = response.body
    content_type = response.headers.get("content-type", "")
    mime = content_type.split(";", 1)[0].strip().lower()
    meta_m = _META_CHARSET.search(body[:4096]) if mime in _HTML_TYPES or not mime else None
    meta_charset = meta_m.group(1).decode("ascii", "replace") if meta_m else None
    charset, charset_reason = choose_charset(body, _header_charset(content_type), meta_charset)
    media_type = "text/html" if mime in _HTML_TYPES else _TEXT_TYPES.get(mime)
    metadata: dict[str, Any] = {}
    canonical = None
    if media_type == "text/html":
        text = body.decode(charset or "utf-8", "replace")
        canonical = canonical_url(text, response.final_url)
        published = page_date(text, canonical or response.final_url)
        if published:
            metadata["published"] = published
    metadata["url"] = canonical or response.final_url
    if "published" not in metadata and fallback_date:
        metadata["published"] = fallback_date
    record = {
        "final_url": response.final_url,
        "canonical_url": canonical,
        "redirects": [[code, url] for code, url in response.redirects],
        "status_code": response.status_code,
        "content_type": content_type or None,
        "charset": charset,
        "charset_reason": charset_reason,
        "headers": {k: response.headers[k] for k in _HEADERS_KEPT if k in response.headers},
    }
    raw = RawDocument(source=response.url, data=body, media_type=media_type, metadata=metadata, encoding=charset)
    return raw, record


class LiveIngest:
    """Fetch URLs and store them as documents in ``bench``'s store; every failure recorded with its reason.

    One instance per batch (a ``fetch`` command, a ``watch`` poll): it keeps the HTTP client (robots.txt cache,
    rate limit) and the batch's duplicate detection; :meth:`finish` reconciles when documents changed.
    """

    def __init__(self, bench: Workbench, options: FetchOptions | None = None, *, fetcher: Fetcher | None = None,
                 force: bool = False, progress: Callable[[FetchOutcome], None] | None = None) -> None:
        from ..incremental import settings_hash

        self.bench = bench
        self.fetcher = fetcher or Fetcher(options or FetchOptions(max_bytes=bench.settings.max_bytes))
        self._own_fetcher = fetcher is None
        self.force = force
        self.progress = progress
        self.settings_key = settings_hash(bench.settings)
        self.seen: dict[str, str] = {}  # document id -> the URL it came from in this batch
        self.outcomes: list[FetchOutcome] = []
        self.changed = 0

    def close(self) -> None:
        if self._own_fetcher:
            self.fetcher.close()

    def __enter__(self) -> LiveIngest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _done(self, outcome: FetchOutcome) -> FetchOutcome:
        self.outcomes.append(outcome)
        if self.progress:
            self.progress(outcome)
        return outcome

    def fail(self, url: str, status: str, error: str) -> FetchOutcome:
        """Record that ``url`` could not be used (an ingest-log row) and report it."""
        self.bench.store.log_ingest(url, make_id("doc", url, ""), status, error, outcome="failed")
        return self._done(FetchOutcome(url, "failed", None, status, error))

    def ingest_url(self, url: str, *, fallback_date: str | None = None,
                   extra: Mapping[str, Any] | None = None) -> FetchOutcome:
        """Fetch ``url`` and store what it yields; never raises for a bad URL, page or server."""
        try:
            response = self.fetcher.get(url)
        except FetchError as exc:
            log.info("fetch %s failed: %s", url, exc)
            return self.fail(url, exc.status, str(exc))
        return self.ingest_response(response, fallback_date=fallback_date, extra=extra)

    def ingest_response(self, response: Response, *, fallback_date: str | None = None,
                        extra: Mapping[str, Any] | None = None) -> FetchOutcome:
        from ..incremental import input_hash, prepared_hash
        from ..pipeline import process_document
        from ..store import IngestKey
        from ..store._live import put_raw_page
        from .document import to_document

        store = self.bench.store
        raw, record = page_document(response, fallback_date=fallback_date)
        if extra:
            record = {**record, **extra}
        url, final = response.url, response.final_url
        raw_key = input_hash(raw)
        sha = hashlib.sha256(raw.data).hexdigest()
        if not self.force:
            known = store.find_unchanged(raw.source, raw_key, self.settings_key)
            if known is not None:  # the same URL with the same bytes: nothing to do (as Workbench.ingest)
                put_raw_page(store, source=url, sha256=sha, document=known, body=raw.data, meta=record)
                return self._done(FetchOutcome(url, "unchanged", known, final_url=final))
        document = to_document(raw, self.bench.settings)
        document = dataclasses.replace(document, meta={**document.meta, "fetch": record})
        if not document.ok:
            key = IngestKey(raw_key, None, self.settings_key)
            store.write_result(DocumentResult(document=document), key)
            put_raw_page(store, source=url, sha256=sha, document=document.id, body=raw.data, meta=record)
            return self._done(FetchOutcome(url, "skipped", document.id, document.status, document.error, final))
        key = IngestKey(raw_key, prepared_hash(document), self.settings_key)
        first = self.seen.get(document.id)
        if first is not None and first != url:
            error = f"[E106] Exact duplicate of {first}"
            store.log_ingest(url, document.id, "skipped:duplicate", error, key=IngestKey(raw_key, None,
                                                                                         self.settings_key))
            put_raw_page(store, source=url, sha256=sha, document=document.id, body=raw.data, meta=record)
            return self._done(FetchOutcome(url, "duplicate", document.id, "skipped:duplicate", error, final))
        if not self.force and key.prepared is not None:
            known = store.find_prepared(key.prepared, self.settings_key)
            if known is not None:
                store.log_ingest(url, known, "ok", outcome="unchanged", key=key)
                put_raw_page(store, source=url, sha256=sha, document=known, body=raw.data, meta=record)
                self.seen.setdefault(known, url)
                return self._done(FetchOutcome(url, "unchanged", known, final_url=final))
        result = process_document(document, self.bench.settings)  # one at a time: a stop loses nothing
        outcome = store.write_result(result, key)
        doc = result.document
        put_raw_page(store, source=url, sha256=sha, document=doc.id, body=raw.data, meta=record)
        if not doc.ok:
            return self._done(FetchOutcome(url, "skipped", doc.id, doc.status, doc.error, final))
        self.seen.setdefault(doc.id, url)
        if outcome in ("new", "updated"):
            self.changed += 1
        return self._done(FetchOutcome(url, outcome, doc.id, final_url=final))

    def ingest_urls(self, urls: Iterable[str], *, stop: Callable[[], bool] | None = None) -> list[FetchOutcome]:
        """Fetch and store each URL in order; ``stop()`` is asked between URLs (Ctrl-C finishes the current one)."""
        done = []
        for url in urls:
            if stop is not None and stop():
                break
            done.append(self.ingest_url(url))
        return done

    def finish(self, *, reconcile: bool = True) -> None:
        """Recompute the cross-document layer when this batch changed documents (or the store is stale)."""
        store = self.bench.store
        if reconcile and (self.changed or (self.outcomes and store.reconcile_pending())):
            self.bench.reconcile()

