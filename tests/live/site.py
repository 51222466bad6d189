"""A small news site on a loopback port, for the live-source tests: pages and feeds written by us.

Every page and feed here is our own writing. The server is a real ``http.server.ThreadingHTTPServer``; each route
is a function ``(handler) -> None`` that writes the whole response, so a test can add routes (a slow page, a
stream of 50 MB, a gzip bomb) without touching the rest. Every request is recorded (:attr:`Site.requests`) with
its path, headers and arrival time, so tests can check retries, the rate limit and conditional GETs.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[["Handler"], None]

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour talks end with a ferry deal | Coastal Ledger</title>
<link rel="canonical" href="/news/2024/03/harbour-talks.html">
<meta property="og:title" content="Harbour talks end with a ferry deal">
<meta property="article:published_time" content="2024-03-12T08:30:00Z">
<meta name="author" content="Mara Lind">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Harbour talks end with a ferry deal</h1>
<p>Negotiators from Norway and Denmark agreed on Tuesday to restart a winter ferry line between their northern
ports, closing three days of talks in a conference hall by the water.</p>
<p>The agreement, officials said, covers two vessels and a shared timetable for the cold months. Freight
operators had asked for the line since the previous service stopped, citing long detours by road.</p>
<p>Both delegations described the meeting as practical. A joint committee will review the timetable next year
and publish its findings.</p>
</article>
<footer>Coastal Ledger, a newsletter written for these tests.</footer>
</body></html>
"""

SECOND = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Grain corridor report | Coastal Ledger</title>
<meta property="article:published_time" content="2024-04-02">
</head><body><article><h1>Grain corridor report</h1>
<p>Ministers from Poland and Lithuania met in Vilnius on Monday to discuss rail capacity for grain shipments,
according to a statement released after the meeting.</p>
<p>The statement said the two governments would study a second loading terminal near the border and report
back before the summer.</p>
</article></body></html>
"""

THIRD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fishing quota dispute | Coastal Ledger</title>
</head><body><article><h1>Fishing quota dispute</h1>
<p>Iceland and the Faroe Islands failed to settle a dispute over mackerel quotas on Thursday, and negotiators
said they would meet again in the autumn.</p>
<p>Fishing crews in both places have waited for a decision since the spring season opened.</p>
</article></body></html>
"""

# Russian, in our own words, for the charset tests (encoded as windows-1251 by the routes).
RUSSIAN = """<!doctype html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Переговоры о пароме</title></head><body><article><h1>Переговоры о пароме</h1>
<p>Делегации двух северных стран договорились во вторник возобновить зимнюю паромную линию между портами.
Соглашение охватывает два судна и общее расписание на холодные месяцы, сообщили чиновники.</p>
<p>Совместная комиссия рассмотрит расписание в следующем году и опубликует свои выводы.</p>
</article></body></html>
"""


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """The routes, the request log, and per-route counters (for "fail twice, then succeed")."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def count(self, key: str) -> int:
        with self.lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]


class Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # quiet: the request log is in Site.requests

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self.path.split("?", 1)[0]
        with self.site.lock:
            self.site.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()},
                                              time.monotonic()))
        route = self.site.routes.get(self.path) or self.site.routes.get(path)
        try:
            if route is None:
                self.send_body(b"<html><body><p>Nothing here.</p></body></html>", status=404)
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client stopped reading (a size cap): expected

    def send_body(self, body: bytes, *, status: int = 200, content_type: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def page(html: str, content_type: str = "text/html; charset=utf-8", encoding: str = "utf-8") -> Route:
    body = html.encode(encoding)
    return lambda h: h.send_body(body, content_type=content_type)


def cached(body: bytes, content_type: str, *, last_modified: float = 1_710_000_000.0) -> Route:
    """A resource with an ETag and a Last-Modified date that answers conditional GETs with 304."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    stamp = email.utils.formatdate(last_modified, usegmt=True)

    def route(h: Handler) -> None:
        if h.headers.get("If-None-Match") == etag or h.headers.get("If-Modified-Since") == stamp:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_body(body, content_type=content_type, headers={"ETag": etag, "Last-Modified": stamp})

    return route


def slow(seconds: float) -> Route:
    def route(h: Handler) -> None:
        time.sleep(seconds)
        h.send_body(b"<html><body><p>Late.</p></body></html>")

    return route


def flaky(failures: int, status: int, key: str, then: bytes) -> Route:
    """Answer ``status`` the first ``failures`` times, then ``then``."""

    def route(h: Handler) -> None:
        if h.site.count(key) <= failures:
            h.send_body(b"<html><body><p>Busy.</p></body></html>", status=status,
                        headers={"Retry-After": "0"} if status == 429 else None)
        else:
            h.send_body(then)

    return route


def stream(total: int, chunk: int = 64 * 1024, declare: bool = False) -> Route:
    """``total`` bytes of HTML, written chunk by chunk (never built in memory); no Content-Length unless asked."""
    block = b"<p>" + b"filler text for a very long page " * (chunk // 34) + b"</p>\n"

    def route(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        if declare:
            h.send_header("Content-Length", str(total))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        sent = 0
        while sent < total:
            piece = block[: min(len(block), total - sent)]
            h.wfile.write(piece)
            sent += len(piece)

    return route


def gzip_bomb(size: int) -> Route:
    """``size`` zero bytes, gzip-compressed (about size/1000 on the wire), sent as Content-Encoding: gzip."""
    body = gzip.compress(b"\0" * size, compresslevel=9)

    def route(h: Handler) -> None:
        h.send_body(body, headers={"Content-Encoding": "gzip"})

    return route


def start(site: Site) -> ThreadingHTTPServer:
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server
