"""The SSRF guard: loopback, private, link-local, unspecified and mapped addresses, odd schemes and credentials are
refused, on the first URL and on every redirect hop, and the connection goes only to the address that was checked.

A public-looking host is needed to show a redirect *from* an allowed URL *to* loopback. No test may reach the
real network, so :func:`public_route` plays the part of the internet: the names below resolve to a public address
(``93.184.215.14``) and a TCP connection to that address is delivered to the local site instead. The guard's own
code (resolve, check, connect to the checked address) runs unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpcore
import pytest

from claimgraph.config import load_settings
from claimgraph.ingest import UnsafeURL, check_url
from claimgraph.ingest import ssrf as guard
from claimgraph.ingest.http import Fetcher, FetchError, FetchOptions

from . import site as S

PUBLIC = "93.184.215.14"

REFUSED = [
    "http://127.0.0.1/",
    "http://127.8.9.10:8080/x",
    "http://localhost/",
    "http://10.0.0.5/",
    "http://172.16.3.4/",
    "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://2130706433/",  # 127.0.0.1 written as one number
    "http://0x7f.1/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_x",
    "ftp://93.184.215.14/",
    "http://user:secret@93.184.215.14/",
    "http://@93.184.215.14/",
    "http:///nohost",
    "not a url",
]


@pytest.mark.parametrize("url", REFUSED)
def test_ssrf_refuses(url: str) -> None:
    with pytest.raises(UnsafeURL) as caught:
        check_url(url)
    assert caught.value.code == "E120" and caught.value.reason
    assert "--allow-private" in str(caught.value)


def test_ssrf_allows_a_public_address() -> None:
    checked = check_url(f"https://{PUBLIC}/news/item.html")
    assert checked.addresses == (PUBLIC,) and checked.port == 443 and checked.scheme == "https"


def test_ssrf_allow_private_still_checks_scheme_and_credentials() -> None:
    assert check_url("http://127.0.0.1:8000/", allow_private=True).addresses == ("127.0.0.1",)
    for url in ("file:///etc/passwd", "gopher://127.0.0.1/", "http://a:b@127.0.0.1/"):
        with pytest.raises(UnsafeURL):
            check_url(url, allow_private=True)


def test_ssrf_setting_reads_the_environment() -> None:
    assert load_settings(env={}).allow_private_urls is False
    assert load_settings(env={"CLAIMGRAPH_ALLOW_PRIVATE_URLS": "1"}).allow_private_urls is True


def test_ssrf_fetcher_refuses_loopback_without_sending(site: S.Site) -> None:
    with Fetcher(FetchOptions(timeout=0.5, rate=1000.0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/article/harbour.html"))
    assert caught.value.code == "E120" and caught.value.status == "skipped:unsafe_url"
    assert "loopback" in str(caught.value)
    assert site.requests == []


@pytest.fixture()
def public_route(site: S.Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, list[str]], None]]:
    """Make host names resolve as a test says, and deliver connections to :data:`PUBLIC` to the local site."""
    names: dict[str, list[list[str]]] = {}
    real_resolve = guard.resolve
    real_connect = httpcore.SyncBackend.connect_tcp

    def resolve(host: str, port: int) -> list[str]:
        if host in names:
            answers = names[host]
            return answers.pop(0) if len(answers) > 1 else answers[0]
        return real_resolve(host, port)

    def connect(self: Any, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        if host == PUBLIC:
            return real_connect(self, "127.0.0.1", site.port, *args, **kwargs)
        if host != "127.0.0.1":
            raise AssertionError(f"a test tried to reach {host}")
        return real_connect(self, host, port, *args, **kwargs)

    monkeypatch.setattr(guard, "resolve", resolve)
    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", connect)
    yield lambda host, answers: names.__setitem__(host, [answers] if isinstance(answers[0], str) else answers)


def test_ssrf_public_host_is_fetched_with_its_host_header(site: S.Site, public_route: Any) -> None:
    public_route("news.public-site.example", [PUBLIC])
    url = f"http://news.public-site.example:{site.port}/article/harbour.html"
    with Fetcher(FetchOptions(timeout=0.5, rate=1000.0)) as fetcher:
        response = fetcher.get(url)
        backend = fetcher.client._transport._pool._network_backend  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert site.hits("/article/harbour.html")[0].headers["host"] == f"news.public-site.example:{site.port}"
    assert ("news.public-site.example", site.port, PUBLIC) in backend.connected


def test_ssrf_redirect_to_loopback_is_refused(site: S.Site, public_route: Any) -> None:
    public_route("news.public-site.example", [PUBLIC])
    site.routes["/jump"] = lambda h: h.redirect(site.url("/article/harbour.html"))
    with Fetcher(FetchOptions(timeout=0.5, rate=1000.0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://news.public-site.example:{site.port}/jump")
    assert caught.value.code == "E120" and "loopback" in str(caught.value)
    assert len(site.hits("/jump")) == 1 and not site.hits("/article/harbour.html")


def test_ssrf_redirect_to_metadata_address_is_refused(site: S.Site, public_route: Any) -> None:
    public_route("news.public-site.example", [PUBLIC])
    site.routes["/cloud"] = lambda h: h.redirect("http://169.254.169.254/latest/meta-data/", 301)
    with Fetcher(FetchOptions(timeout=0.5, rate=1000.0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://news.public-site.example:{site.port}/cloud")
    assert caught.value.code == "E120" and "link-local" in str(caught.value)


def test_ssrf_dns_rebinding_between_check_and_connect_is_refused(site: S.Site, public_route: Any) -> None:
    # First answer public (what check_url sees), then loopback (what a second lookup at connect time would get).
    public_route("rebind.example", [[PUBLIC], ["127.0.0.1"]])
    options = FetchOptions(timeout=0.5, rate=1000.0, respect_robots=False, retries=0)
    with Fetcher(options) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://rebind.example:{site.port}/article/harbour.html")
    assert caught.value.code == "E120" and "127.0.0.1" in str(caught.value)
    assert site.requests == []
