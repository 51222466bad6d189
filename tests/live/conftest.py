"""Fixtures for the live-source tests: a fresh local site per test, and fetch options that keep the suite fast.

The site listens on 127.0.0.1, so every test that fetches from it passes ``allow_private=True``, except the SSRF
tests, which check that such addresses are refused.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimgraph.ingest.http import FetchOptions

from . import site as S

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Coastal Ledger: world</title><link>{base}/</link>
<description>Test feed written for claimgraph.</description>
<item><title>Harbour talks end with a ferry deal</title><link>{base}/article/harbour.html</link>
  <guid isPermaLink="false">ledger-1001</guid><pubDate>Tue, 12 Mar 2024 08:30:00 GMT</pubDate></item>
<item><title>Grain corridor report</title><link>{base}/article/grain.html</link>
  <guid isPermaLink="false">ledger-1002</guid><pubDate>Tue, 02 Apr 2024 09:00:00 GMT</pubDate></item>
<item><title>Harbour talks (repeated entry)</title><link>{base}/article/harbour.html</link>
  <guid isPermaLink="false">ledger-1001</guid></item>
<item><title>An entry without a link</title><guid isPermaLink="false">ledger-1003</guid></item>
<item><title>A script link</title><link>javascript:alert(1)</link></item>
<item><title>Fishing quota dispute</title><link>/article/fishing.html</link>
  <guid isPermaLink="false">ledger-1004</guid><pubDate>not a date at all</pubDate></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastal Ledger (Atom)</title><id>urn:ledger:atom</id>
<updated>2024-04-02T09:00:00Z</updated>
<entry><title>Harbour talks end with a ferry deal</title><id>urn:ledger:1001</id>
  <link href="{base}/article/harbour.html"/><updated>2024-03-12T08:30:00Z</updated></entry>
<entry><title>Grain corridor report</title><id>urn:ledger:1002</id>
  <link href="{base}/article/grain.html"/><published>2024-04-02T09:00:00Z</published></entry>
<entry><title>Repeated id</title><id>urn:ledger:1002</id><link href="{base}/article/other.html"/></entry>
<entry><title>No link at all</title><id>urn:ledger:1005</id></entry>
</feed>
"""

JSON_FEED = """{{"version": "https://jsonfeed.org/version/1.1", "title": "Coastal Ledger (JSON)",
 "items": [
  {{"id": "j1", "url": "{base}/article/harbour.html", "title": "Harbour talks", "date_published": "2024-03-12T08:30:00Z"}},
  {{"id": "j2", "url": "{base}/article/grain.html", "title": "Grain corridor report"}},
  {{"id": "j1", "url": "{base}/article/harbour.html", "title": "Harbour talks, again"}},
  {{"id": "j3", "title": "No URL"}},
  "not an object",
  {{"id": 4, "external_url": "{base}/article/fishing.html", "date_published": 17}}
 ]}}
"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/article/harbour.html</loc><news:news><news:publication>
  <news:name>Coastal Ledger</news:name><news:language>en</news:language></news:publication>
  <news:publication_date>2024-03-12</news:publication_date><news:title>Harbour talks</news:title></news:news></url>
<url><loc>{base}/article/grain.html</loc><news:news>
  <news:publication_date>2024-04-02T09:00:00+00:00</news:publication_date><news:title>Grain</news:title></news:news></url>
<url><loc>{base}/article/harbour.html</loc></url>
<url><loc>ftp://files.example/a.txt</loc></url>
<url></url>
</urlset>
"""

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def _routes(site: S.Site) -> None:
    base = site.base
    site.routes.update({
        "/robots.txt": S.page(ROBOTS, "text/plain"),
        "/article/harbour.html": S.page(S.ARTICLE),
        "/article/grain.html": S.page(S.SECOND),
        "/article/fishing.html": S.page(S.THIRD),
        "/private/report.html": S.page(S.SECOND),
        "/feeds/rss.xml": S.cached(RSS.format(base=base).encode(), "application/rss+xml"),
        "/feeds/atom.xml": S.cached(ATOM.format(base=base).encode(), "application/atom+xml"),
        "/feeds/feed.json": S.cached(JSON_FEED.format(base=base).encode(), "application/feed+json"),
        "/feeds/news-sitemap.xml": S.cached(NEWS_SITEMAP.format(base=base).encode(), "application/xml"),
    })


@pytest.fixture()
def site() -> Iterator[S.Site]:
    """A fresh site (routes, request log, counters) on its own loopback port."""
    s = S.Site()
    server = S.start(s)
    _routes(s)
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def options() -> FetchOptions:
    """Short timeouts and backoff, no rate limit to speak of, loopback allowed."""
    return FetchOptions(timeout=0.5, max_bytes=1024 * 1024, retries=2, backoff=0.01, rate=1000.0,
                        allow_private=True)
