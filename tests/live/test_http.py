"""The fetcher against a real local HTTP server: timeouts, errors, retries, redirects, caps, robots, rate limit."""

from __future__ import annotations

import dataclasses
import time
import tracemalloc

import pytest

from claimgraph.ingest.fetch import canonical_url, choose_charset, page_document
from claimgraph.ingest.http import Fetcher, FetchError, FetchOptions, RateLimiter, default_user_agent

from . import site as S


def _error(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    return caught.value


def test_http_page_is_fetched_with_our_user_agent(site: S.Site, options: FetchOptions) -> None:
    with Fetcher(options) as fetcher:
        response = fetcher.get(site.url("/article/harbour.html"))
    assert response.status_code == 200 and b"ferry deal" in response.body
    [hit] = site.hits("/article/harbour.html")
    assert hit.headers["user-agent"] == default_user_agent()
    assert hit.headers["user-agent"].startswith("claimgraph/") and "+https://" in hit.headers["user-agent"]


def test_http_slow_response_times_out_with_reason(site: S.Site, options: FetchOptions) -> None:
    site.routes["/slow"] = S.slow(2.0)
    started = time.monotonic()
    with Fetcher(dataclasses.replace(options, retries=1)) as fetcher:
        err = _error(fetcher, site.url("/slow"))
    assert err.code == "E122" and err.status == "skipped:timeout"
    assert "timed out" in str(err) and "--timeout" in str(err)
    assert len(site.hits("/slow")) == 2  # the first attempt and one retry
    assert time.monotonic() - started < 3.0


def test_http_trickling_body_hits_the_deadline(site: S.Site, options: FetchOptions) -> None:
    def trickle(h: S.Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(1000):  # one byte every 50 ms: each read is quick, the whole is not
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.05)

    site.routes["/trickle"] = trickle
    with Fetcher(dataclasses.replace(options, deadline=0.5, retries=0)) as fetcher:
        err = _error(fetcher, site.url("/trickle"))
    assert err.code == "E122" and "whole body" in str(err)


def test_http_404_is_not_retried(site: S.Site, options: FetchOptions) -> None:
    with Fetcher(options) as fetcher:
        err = _error(fetcher, site.url("/no/such/page.html"))
    assert err.code == "E121" and err.status == "skipped:http" and "404" in str(err)
    assert len(site.hits("/no/such/page.html")) == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_http_server_error_is_retried_then_succeeds(site: S.Site, options: FetchOptions, status: int) -> None:
    site.routes["/flaky"] = S.flaky(2, status, f"flaky{status}", b"<html><body><p>Finally.</p></body></html>")
    with Fetcher(options) as fetcher:
        response = fetcher.get(site.url("/flaky"))
    assert response.body.endswith(b"Finally.</p></body></html>")
    assert len(site.hits("/flaky")) == 3


def test_http_server_error_past_the_retries_is_reported(site: S.Site, options: FetchOptions) -> None:
    site.routes["/down"] = S.flaky(99, 500, "down", b"")
    with Fetcher(dataclasses.replace(options, retries=1)) as fetcher:
        err = _error(fetcher, site.url("/down"))
    assert err.code == "E121" and "500" in str(err)
    assert len(site.hits("/down")) == 2


def test_http_backoff_grows_exponentially(site: S.Site, options: FetchOptions) -> None:
    site.routes["/flaky"] = S.flaky(3, 502, "backoff", b"<p>ok</p>")
    pauses: list[float] = []
    with Fetcher(dataclasses.replace(options, retries=3, backoff=0.1), sleep=pauses.append) as fetcher:
        fetcher.get(site.url("/flaky"))
    assert pauses == [0.1, 0.2, 0.4]


def test_http_redirects_are_followed_and_recorded(site: S.Site, options: FetchOptions) -> None:
    site.routes["/old"] = lambda h: h.redirect("/older", 301)
    site.routes["/older"] = lambda h: h.redirect(site.url("/article/harbour.html"), 302)
    with Fetcher(options) as fetcher:
        response = fetcher.get(site.url("/old"))
    assert response.final_url == site.url("/article/harbour.html")
    assert response.redirects == ((301, site.url("/older")), (302, site.url("/article/harbour.html")))


def test_http_redirect_loop_is_an_error(site: S.Site, options: FetchOptions) -> None:
    site.routes["/loop/a"] = lambda h: h.redirect("/loop/b")
    site.routes["/loop/b"] = lambda h: h.redirect("/loop/a")
    with Fetcher(options) as fetcher:
        err = _error(fetcher, site.url("/loop/a"))
    assert err.code == "E124" and err.status == "skipped:redirect" and "loop" in str(err)


def test_http_too_many_redirects_is_an_error(site: S.Site, options: FetchOptions) -> None:
    for n in range(20):
        site.routes[f"/hop/{n}"] = (lambda k: lambda h: h.redirect(f"/hop/{k + 1}"))(n)
    with Fetcher(dataclasses.replace(options, max_redirects=5)) as fetcher:
        err = _error(fetcher, site.url("/hop/0"))
    assert err.code == "E124" and "more than 5 redirects" in str(err)


def test_http_50_mb_page_is_cut_off_while_streaming(site: S.Site, options: FetchOptions) -> None:
    site.routes["/big"] = S.stream(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        with Fetcher(options) as fetcher:  # max_bytes: 1 MB
            err = _error(fetcher, site.url("/big"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.code == "E123" and err.status == "skipped:too_large" and "cut off" in str(err)
    assert peak < 8 * 1024 * 1024  # the page never sat in memory


def test_http_declared_length_over_the_cap_is_refused_before_reading(site: S.Site, options: FetchOptions) -> None:
    site.routes["/big-declared"] = S.stream(50 * 1024 * 1024, declare=True)
    with Fetcher(options) as fetcher:
        err = _error(fetcher, site.url("/big-declared"))
    assert err.code == "E123" and "Content-Length" in str(err)


def test_http_gzip_bomb_is_rejected(site: S.Site, options: FetchOptions) -> None:
    site.routes["/bomb"] = S.gzip_bomb(32 * 1024 * 1024)
    tracemalloc.start()
    try:
        with Fetcher(options) as fetcher:
            err = _error(fetcher, site.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.code == "E123" and "bomb" in str(err)
    assert peak < 8 * 1024 * 1024


def test_http_gzip_page_is_decompressed(site: S.Site, options: FetchOptions) -> None:
    import gzip

    body = gzip.compress(S.ARTICLE.encode())
    site.routes["/gz"] = lambda h: h.send_body(body, headers={"Content-Encoding": "gzip"})
    with Fetcher(options) as fetcher:
        response = fetcher.get(site.url("/gz"))
    assert response.body == S.ARTICLE.encode()


@pytest.mark.parametrize("wbits", [15, -15], ids=["zlib", "raw"])
def test_http_deflate_page_is_decompressed(site: S.Site, options: FetchOptions, wbits: int) -> None:
    import zlib

    packer = zlib.compressobj(wbits=wbits)
    body = packer.compress(S.ARTICLE.encode()) + packer.flush()
    site.routes["/deflate"] = lambda h: h.send_body(body, headers={"Content-Encoding": "deflate"})
    with Fetcher(options) as fetcher:
        assert fetcher.get(site.url("/deflate")).body == S.ARTICLE.encode()


def test_http_unknown_content_encoding_is_refused(site: S.Site, options: FetchOptions) -> None:
    site.routes["/br"] = lambda h: h.send_body(b"\x1b\x00", headers={"Content-Encoding": "br"})
    with Fetcher(options) as fetcher:
        err = _error(fetcher, site.url("/br"))
    assert err.code == "E127" and err.status == "skipped:encoding" and "'br'" in str(err)


def test_http_robots_disallow_is_respected_and_cached(site: S.Site, options: FetchOptions) -> None:
    with Fetcher(options) as fetcher:
        err = _error(fetcher, site.url("/private/report.html"))
        fetcher.get(site.url("/article/harbour.html"))
    assert err.code == "E125" and err.status == "skipped:robots" and "robots.txt" in str(err)
    assert not site.hits("/private/report.html")
    assert len(site.hits("/robots.txt")) == 1  # cached per host


def test_http_robots_unavailable_means_disallow(site: S.Site, options: FetchOptions) -> None:
    site.routes["/robots.txt"] = S.flaky(99, 503, "robots", b"")
    with Fetcher(dataclasses.replace(options, retries=0)) as fetcher:
        err = _error(fetcher, site.url("/article/harbour.html"))
    assert err.code == "E125" and "503" in str(err)


def test_http_missing_robots_allows_everything(site: S.Site, options: FetchOptions) -> None:
    del site.routes["/robots.txt"]
    with Fetcher(options) as fetcher:
        assert fetcher.get(site.url("/private/report.html")).status_code == 200


def test_http_rate_limit_is_respected(site: S.Site, options: FetchOptions) -> None:
    with Fetcher(dataclasses.replace(options, rate=10.0)) as fetcher:
        for name in ("harbour", "grain", "fishing"):
            fetcher.get(site.url(f"/article/{name}.html"))
    times = [r.at for r in site.requests if r.path.startswith("/article/")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 2 and all(gap >= 0.09 for gap in gaps)


def test_http_rate_limiter_spaces_requests_per_host() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = RateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("a.example")
    limiter.wait("a.example")
    limiter.wait("b.example")  # another host is not held back
    assert slept == [0.5]


def test_http_conditional_get_gets_304(site: S.Site, options: FetchOptions) -> None:
    with Fetcher(options) as fetcher:
        first = fetcher.get(site.url("/feeds/rss.xml"))
        again = fetcher.get(site.url("/feeds/rss.xml"), {"If-None-Match": first.headers["etag"]})
        dated = fetcher.get(site.url("/feeds/rss.xml"), {"If-Modified-Since": first.headers["last-modified"]})
    assert not first.not_modified and again.not_modified and dated.not_modified and again.body == b""


# --- charset and canonical URL ------------------------------------------------------------------------------


def test_http_wrong_charset_header_loses_to_meta(site: S.Site, options: FetchOptions) -> None:
    site.routes["/ru"] = S.page(S.RUSSIAN, "text/html; charset=utf-8", encoding="cp1251")
    with Fetcher(options) as fetcher:
        raw, record = page_document(fetcher.get(site.url("/ru")))
    assert raw.encoding == "cp1251" and "<meta>" in record["charset_reason"]
    assert "Переговоры" in raw.data.decode(raw.encoding)


def test_http_charset_declarations_that_disagree() -> None:
    body = S.RUSSIAN.encode("cp1251")
    # both decode these bytes; the detector sides with windows-1251
    assert choose_charset(body, "koi8-r", "windows-1251")[0] == "cp1251"
    # UTF-8 bytes under a wrong legacy header: strict UTF-8 success decides
    assert choose_charset(S.RUSSIAN.encode(), "windows-1251", "utf-8")[0] == "utf-8"
    assert choose_charset(b"plain ascii", None, None) == (None, "none declared: detected")
    assert choose_charset(b"\xef\xbb\xbfbom", "latin-1", None)[0] is None


def test_http_canonical_url_is_resolved() -> None:
    html = '<head><link href="/a/b.html" rel="canonical"><link rel="alternate" href="/x"></head>'
    assert canonical_url(html, "http://news.example/c?d=1") == "http://news.example/a/b.html"
    assert canonical_url('<link rel="canonical" href="javascript:x">', "http://news.example/") is None
    assert canonical_url("<p>no head</p>", "http://news.example/") is None


@pytest.mark.parametrize("url", ["http://[::1", "file:///etc/passwd", "http://a:b@127.0.0.1/", "ftp://127.0.0.1/"])
def test_http_bad_urls_fail_with_a_reason_even_with_private_allowed(options: FetchOptions, url: str) -> None:
    with Fetcher(options) as fetcher:
        err = _error(fetcher, url)
    assert err.code in ("E120", "E127") and err.status.startswith("skipped:")
