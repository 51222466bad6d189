"""The HTTP client behind ``fetch`` and ``watch``: one guarded, polite, bounded GET.

:class:`Fetcher.get` does, in order, for every hop of a redirect chain:

1. the SSRF guard (:func:`~claimgraph.ingest.ssrf.check_url`) unless private addresses are allowed; the TCP
   connection itself goes through :class:`~claimgraph.ingest.ssrf.GuardedBackend`, which checks the address it
   dials;
2. robots.txt of the hop's origin (fetched once per origin and cached; 4xx means no rules, 5xx or unreachable means
   "disallow everything", as RFC 9309 says);
3. the per-host rate limit (at most ``rate`` requests a second to one host);
4. the request, retried with exponential backoff on 429, 5xx, timeouts and dropped connections (``Retry-After`` is
   honoured up to :data:`MAX_RETRY_AFTER`);
5. the body, streamed: the bytes on the wire and, for ``gzip``/``deflate``, the decompressed bytes are counted as
   they arrive and the transfer stops at ``max_bytes`` (a 50 MB page or a gzip bomb never sits in memory);
6. redirects are followed here, not by httpx, so each hop is recorded and checked; a loop or more than
   ``max_redirects`` hops is an error.

Failures raise :class:`FetchError` with a code, a ``status`` for the ingest log (``skipped:http``,
``skipped:timeout``, ...) and a reason.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import IngestError
from .ssrf import GuardedBackend, UnsafeURL, check_url

__all__ = [
    "FetchOptions", "FetchError", "Response", "Fetcher", "RateLimiter", "default_user_agent",
    "guarded_transport", "MAX_RETRY_AFTER",
]  # fmt: skip

log = logging.getLogger(__name__)

#: The longest ``Retry-After`` we wait for; a server asking for more gets the request counted as failed.
MAX_RETRY_AFTER = 60.0
_ROBOTS_MAX = 512 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def default_user_agent() -> str:
    """``claimgraph/<version> (+https://github.com/claimgraph/claimgraph)``: says who we are and where to read."""
    from .. import __version__

    return f"claimgraph/{__version__} (+https://github.com/claimgraph/claimgraph; OSINT research reader)"


@dataclass(frozen=True)
class FetchOptions:
    """How one fetcher behaves. Built by the CLI from its options; plain data, so the API can build one too."""

    timeout: float = 20.0  # seconds, for connecting and for each read
    deadline: float = 120.0  # seconds for a whole body: a server trickling bytes cannot hold a fetch forever
    max_bytes: int = 10 * 1024 * 1024  # on the wire and after decompression
    retries: int = 2  # extra attempts after the first, for 429 / 5xx / timeouts / dropped connections
    backoff: float = 0.5  # seconds before the first retry; doubled for each further one
    rate: float = 1.0  # requests per second to one host
    user_agent: str = field(default_factory=default_user_agent)
    allow_private: bool = False
    max_redirects: int = 10
    respect_robots: bool = True


_MESSAGES = {
    "E120": "{detail}",
    "E121": "{url}: HTTP {http_status} {phrase}.",
    "E122": "{url}: timed out after {seconds:g} s ({what}). Raise it with --timeout.",
    "E123": "{url}: the response is over the limit of {limit} bytes ({what}). Raise it with --max-bytes.",
    "E124": "{url}: {reason}.",
    "E125": "{url}: robots.txt of {origin} disallows it for {agent}; not fetched.",
    "E126": "{url}: could not connect ({reason}).",
    "E127": "{url}: {reason}.",
}
_STATUS = {"E121": "skipped:http", "E122": "skipped:timeout", "E123": "skipped:too_large",
           "E124": "skipped:redirect", "E125": "skipped:robots", "E126": "skipped:network",
           "E127": "skipped:encoding", "E120": "skipped:unsafe_url"}  # fmt: skip


class FetchError(IngestError):
    """A URL that could not be fetched: ``code`` (E120-E127), ``status`` for the ingest log, ``reason``."""

    def __init__(self, code: str, **context: Any) -> None:
        self.status = _STATUS[code]
        template = _MESSAGES.get(code, "{url}: {reason}")
        super().__init__(code, message=template.format(**context), **context)

    @classmethod
    def unsafe(cls, exc: UnsafeURL, url: str) -> FetchError:
        """The guard's refusal as a fetch failure (status ``skipped:unsafe_url``)."""
        return cls("E120", url=url, reason=exc.reason, detail=exc.message)


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched body with where it came from: every hop (``redirects``: ``(status, url)``) and its headers."""

    url: str  # the URL asked for
    final_url: str
    status_code: int
    headers: Mapping[str, str]
    body: bytes
    redirects: tuple[tuple[int, str], ...] = ()
    not_modified: bool = False  # a conditional GET answered 304: ``body`` is empty


class RateLimiter:
    """At most ``rate`` request starts a second per host (a minimum interval between two to the same host)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait(self, host: str) -> float:
        """Block until a request to ``host`` may start; return the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return delay


class _Decoder:
    """Content-Encoding decoding with a bound on what it may produce (gzip bombs stop at ``limit``)."""

    def __init__(self, encoding: str, limit: int, url: str) -> None:
        self.limit = limit
        self.url = url
        self.size = 0
        self.encoding = encoding
        self._raw_deflate = False
        if encoding in ("gzip", "x-gzip"):
            self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            self._z = None

    def _over(self) -> FetchError:
        return FetchError("E123", url=self.url, limit=self.limit,
                          what=f"{self.encoding} decompresses past it; a compression bomb?")

    def feed(self, chunk: bytes) -> bytes:
        if self._z is None:
            return chunk
        out: list[bytes] = []
        data = chunk
        while data:
            try:
                piece = self._z.decompress(data, self.limit - self.size + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and not self._raw_deflate and self.size == 0:
                    # "deflate" is sometimes sent as a raw stream without the zlib header
                    self._raw_deflate, self._z = True, zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError("E127", url=self.url, reason=f"broken {self.encoding} data ({exc})") from exc
            self.size += len(piece)
            if self.size > self.limit:
                raise self._over()
            out.append(piece)
            data = self._z.unconsumed_tail
        return b"".join(out)

    def flush(self) -> bytes:
        if self._z is None:
            return b""
        rest = self._z.flush()
        self.size += len(rest)
        if self.size > self.limit:
            raise self._over()
        return bytes(rest)


def guarded_transport(allow_private: bool) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through :class:`GuardedBackend` (checked, then dialled)."""
    import httpcore

    transport = httpx.HTTPTransport(trust_env=False, retries=0)
    # httpx takes no network backend argument: replace its pool with an identical one that has ours.
    # GuardedBackend implements httpcore's NetworkBackend interface (duck-typed: ssrf.py does not import httpcore).
    backend = cast("httpcore.NetworkBackend", GuardedBackend(allow_private=allow_private))
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)
    return transport


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Fetcher:
    """A reusable, polite HTTP GET client (see the module docstring). Use as a context manager or ``close()``."""

    def __init__(self, options: FetchOptions | None = None, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._sleep = sleep  # for the pauses between retries (tests record them instead of waiting)
        self.limiter = RateLimiter(o.rate)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        self.client = httpx.Client(
            transport=guarded_transport(o.allow_private),
            timeout=httpx.Timeout(o.timeout),
            follow_redirects=False,
            headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self.requests = 0  # every request sent, robots.txt included (the tests count them)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one request -------------------------------------------------------------------------------------

    def _check(self, url: str) -> None:
        try:
            check_url(url, allow_private=self.options.allow_private)
        except UnsafeURL as exc:
            raise FetchError.unsafe(exc, url) from None

    def _read(self, response: httpx.Response, url: str, limit: int) -> bytes:
        encoding = (response.headers.get("content-encoding") or "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise FetchError("E127", url=url, reason=f"unsupported Content-Encoding {encoding!r}")
        declared = response.headers.get("content-length")
        if encoding == "identity" and declared and declared.isdigit() and int(declared) > limit:
            raise FetchError("E123", url=url, limit=limit, what=f"Content-Length says {declared}")
        decoder = _Decoder(encoding, limit, url)
        wire = 0
        parts: list[bytes] = []
        give_up = time.monotonic() + self.options.deadline
        for chunk in response.iter_raw():  # as each read returns (a chunk size would wait to fill it)
            wire += len(chunk)
            if wire > limit:
                raise FetchError("E123", url=url, limit=limit, what="cut off while downloading")
            if time.monotonic() > give_up:
                raise FetchError("E122", url=url, seconds=self.options.deadline,
                                 what=f"the whole body; {wire} bytes had arrived")
            parts.append(decoder.feed(chunk))
        parts.append(decoder.flush())
        return b"".join(parts)

    def _send_once(self, url: str, headers: Mapping[str, str], limit: int) -> tuple[httpx.Response, bytes]:
        self.limiter.wait(urlsplit(url).netloc.lower())
        self.requests += 1
        try:
            request = self.client.build_request("GET", url, headers=dict(headers))
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError("E127", url=url, reason=f"not a valid URL ({exc})") from exc
        response = self.client.send(request, stream=True)
        try:
            # Only a success has a body worth reading; redirects, 304 and errors are judged by their status.
            body = self._read(response, url, limit) if 200 <= response.status_code < 300 else b""
        finally:
            response.close()
        return response, body

    def _send(self, url: str, headers: Mapping[str, str], limit: int) -> tuple[httpx.Response, bytes]:
        """One hop with retries: 429/5xx/timeouts/dropped connections are tried again after a growing pause."""
        o = self.options
        attempt = 0
        while True:
            try:
                response, body = self._send_once(url, headers, limit)
            except UnsafeURL as exc:
                raise FetchError.unsafe(exc, url) from None
            except httpx.TimeoutException as exc:
                if attempt >= o.retries:
                    what = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for data"
                    raise FetchError("E122", url=url, seconds=o.timeout, what=what) from exc
                pause = o.backoff * 2**attempt
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                if attempt >= o.retries:
                    raise FetchError("E126", url=url, reason=str(exc) or type(exc).__name__) from exc
                pause = o.backoff * 2**attempt
            except httpx.HTTPError as exc:
                raise FetchError("E126", url=url, reason=str(exc) or type(exc).__name__) from exc
            else:
                if response.status_code not in _RETRY_STATUS or attempt >= o.retries:
                    return response, body
                asked = _retry_after(response.headers.get("retry-after"))
                if asked is not None and asked > MAX_RETRY_AFTER:
                    return response, body
                pause = max(o.backoff * 2**attempt, asked or 0.0)
            attempt += 1
            log.info("retrying %s in %.2f s (attempt %d of %d)", url, pause, attempt + 1, o.retries + 1)
            self._sleep(pause)

    # -- robots.txt --------------------------------------------------------------------------------------

    def allowed(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt of ``url``'s origin lets our user agent fetch it, and the origin checked."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._load_robots(origin)
            self._robots[origin] = rules
        if isinstance(rules, str):  # robots.txt unavailable: disallow all (RFC 9309, 2.3.1.4)
            return False, f"{origin} ({rules})"
        return rules.can_fetch(self.options.user_agent, url), origin

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(url)
        try:
            response = self._follow(url, {}, _ROBOTS_MAX, check_robots=False)
        except FetchError as exc:
            return f"robots.txt unavailable: {exc.message}"
        if 400 <= response.status_code < 500:
            parser.parse([])  # no robots.txt: no rules
            return parser
        if response.status_code >= 500:
            return f"robots.txt answered HTTP {response.status_code}"
        parser.parse(response.body.decode("utf-8", "replace").splitlines())
        return parser

    # -- the whole chain ---------------------------------------------------------------------------------

    def _follow(self, url: str, headers: Mapping[str, str], limit: int, *, check_robots: bool) -> Response:
        hops: list[tuple[int, str]] = []
        seen = {url}
        current = url
        while True:
            self._check(current)  # with allow_private: scheme and credentials only
            if check_robots and self.options.respect_robots:
                ok, origin = self.allowed(current)
                if not ok:
                    raise FetchError("E125", url=current, origin=origin, agent=self.options.user_agent)
            response, body = self._send(current, headers, limit)
            code = response.status_code
            if code in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError("E124", url=current, reason=f"HTTP {code} redirect without a Location")
                target = urljoin(current, location.strip())
                hops.append((code, target))
                if target in seen:
                    raise FetchError("E124", url=url, reason=f"redirect loop ({len(hops)} hops, back to {target})")
                if len(hops) > self.options.max_redirects:
                    raise FetchError("E124", url=url, reason=f"more than {self.options.max_redirects} redirects")
                seen.add(target)
                current = target
                continue
            if code == 304:
                return Response(url, current, code, dict(response.headers), b"", tuple(hops), not_modified=True)
            if not 200 <= code < 300 and check_robots:
                # a page: any other status is a failure (robots.txt itself comes back: 4xx and 5xx differ there)
                raise FetchError("E121", url=current, http_status=code, phrase=response.reason_phrase or "")
            return Response(url, current, code, dict(response.headers), body, tuple(hops))

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET ``url`` (guarded, robots-checked, rate-limited, retried, capped); raise :class:`FetchError`."""
        return self._follow(url, headers or {}, self.options.max_bytes, check_robots=True)
