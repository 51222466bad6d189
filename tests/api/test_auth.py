"""Token rules, through the app factory (in-process) and through ``claimgraph serve`` (a real subprocess)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner

from claimgraph.api import create_app
from claimgraph.api.auth import SECURITY_HEADERS, Tokens, is_loopback
from claimgraph.cli import cli
from claimgraph.config import load_settings

from .kb import KB
from .live import live_server, wait_until_responds
from .test_api import assert_error


@pytest.fixture(scope="module")
def guarded_url(kb: KB) -> Iterator[str]:
    """An app made by the factory with both tokens, served on loopback."""
    app = create_app(load_settings(db=kb.db), tokens=Tokens(write="write-secret", read="read-secret"))
    with live_server(app) as url:
        yield url


@pytest.fixture()
def guarded(guarded_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=guarded_url, timeout=30.0) as c:
        yield c


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_auth_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.4", "10.0.0.1", "example.org", ""))


def test_auth_tokens_from_env() -> None:
    assert Tokens.from_env({}) == Tokens() and not Tokens().required
    t = Tokens.from_env({"CLAIMGRAPH_TOKEN": "a", "CLAIMGRAPH_READ_TOKEN": "b"})
    assert (t.role("a"), t.role("b"), t.role("c"), t.role(None), t.role("")) == ("write", "read", None, None, None)


def test_auth_401_without_or_with_a_wrong_token(guarded: httpx.Client) -> None:
    for headers in ({}, _auth("wrong"), {"Authorization": "Basic d3JpdGUtc2VjcmV0"}, _auth("write-secret2"),
                    {"Authorization": "write-secret"}):
        for path in ("/api/documents", "/api/events?limit=1", "/openapi.json", "/api/nothing"):
            r = guarded.get(path, headers=headers)
            assert_error(r, 401)
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert all(r.headers[k] == v for k, v in SECURITY_HEADERS.items())
        assert_error(guarded.post("/api/reviews", json={"action": "accept", "target": "x"}, headers=headers), 401)


def test_auth_tokens_read_and_write(guarded: httpx.Client, kb: KB) -> None:
    for token in ("read-secret", "write-secret"):
        r = guarded.get("/api/events", params={"limit": 2}, headers=_auth(token))
        assert r.status_code == 200 and r.json()["total"] == 7
    body = {"action": "accept", "target": kb.ids["deliv"], "reason": "checked"}
    assert_error(guarded.post("/api/reviews", json=body, headers=_auth("read-secret")), 403)
    assert_error(guarded.post("/api/reviews/rv_x/undo", headers=_auth("read-secret")), 403)
    assert_error(guarded.delete("/api/documents/mid", headers=_auth("read-secret")), 403)
    written = guarded.post("/api/reviews", json={"action": "accept", "target": "ev_missing"},
                           headers=_auth("write-secret"))
    assert_error(written, 404)  # past the token check: the review itself is judged (no such event)


def test_auth_ui_shell_is_public_but_holds_no_data(guarded: httpx.Client) -> None:
    """The browser loads the page, script and style before it can send a token; none of them holds data."""
    for path in ("/", "/static/app.js", "/static/style.css"):
        r = guarded.get(path)
        assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"
    assert "Review B" not in guarded.get("/").text


def test_serve_refuses_a_public_address_without_a_token(kb: KB) -> None:
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        result = CliRunner().invoke(cli, ["--db", kb.db, "serve", "--host", host, "--port", "9"])
        assert result.exit_code == 2
        assert "CLAIMGRAPH_TOKEN" in result.output and host in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_uvicorn_on_loopback(kb: KB) -> None:
    """``claimgraph serve`` end to end in a subprocess: a token set in its environment is enforced."""
    port = _free_port()
    env = {**os.environ, "CLAIMGRAPH_TOKEN": "tok-123"}
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "--db", kb.db, "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_responds(f"http://127.0.0.1:{port}/", timeout=60)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(base + "/api/documents").status_code == 401
        r = httpx.get(base + "/api/documents", headers=_auth("tok-123"))
        assert r.status_code == 200 and r.json()["total"] == 4
        assert "server" not in r.headers
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert b"bearer token required" in err
