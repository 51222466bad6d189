"""Who may call the API, and the headers every response carries.

Tokens come from the environment (``CLAIMGRAPH_TOKEN``: read and write; ``CLAIMGRAPH_READ_TOKEN``: read only).
Without any token the API is open, which ``claimgraph serve`` allows on a loopback address only. With a token,
every ``/api`` request (and ``/openapi.json``) must carry ``Authorization: Bearer <token>``, compared in constant
time: 401 without it or with a wrong one; 403 for a read-only token on anything but GET/HEAD/OPTIONS.

The web UI's static shell (``/`` and ``/static/*``: HTML, JS and CSS, no data) is served without a token, since a
browser must load it before it can send one; the UI then asks for the token and sends it on every API call.

:class:`Guard` is a plain ASGI middleware, outermost in the app, so that the security headers are on every
response (errors, 401s, static files, and the 500 it makes of an unexpected exception).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from .errors import error_body

__all__ = ["SECURITY_HEADERS", "Guard", "Tokens", "is_loopback"]

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
SECURITY_HEADERS: Mapping[str, str] = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_PUBLIC_PREFIXES = ("/static/",)
_PUBLIC_PATHS = frozenset({"/", "/favicon.ico"})


@dataclass(frozen=True)
class Tokens:
    """The bearer tokens the API accepts; both ``None`` means no authentication."""

    write: str | None = None
    read: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Tokens:
        env = os.environ if env is None else env
        return cls(write=env.get("CLAIMGRAPH_TOKEN") or None, read=env.get("CLAIMGRAPH_READ_TOKEN") or None)

    @property
    def required(self) -> bool:
        return bool(self.write or self.read)

    def role(self, presented: str | None) -> str | None:
        """``"write"``, ``"read"`` or ``None`` for the presented token (each compared in constant time)."""
        if not presented:
            return None
        given = presented.encode("utf-8", "surrogateescape")
        # Compare with both tokens every time, so the timing does not tell which one (or none) matched.
        is_write = hmac.compare_digest(given, (self.write or "\x00" * 32).encode()) and bool(self.write)
        is_read = hmac.compare_digest(given, (self.read or "\x00" * 32).encode()) and bool(self.read)
        return "write" if is_write else "read" if is_read else None


def is_loopback(host: str) -> bool:
    """True for ``127.0.0.0/8``, ``::1`` and ``localhost``: addresses no other machine can reach."""
    if host.strip().lower() in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers") or ():
        if name == b"authorization":
            text = value.decode("latin-1")
            scheme, _, token = text.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


class Guard:
    """ASGI middleware: security headers on every response, bearer-token checks, a 500 in the one error shape."""

    def __init__(self, app: ASGIApp, tokens: Tokens) -> None:
        self.app = app
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower()
                           not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        denied = self._check(scope)
        if denied is not None:
            await self._json(send_with_headers, *denied)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await self._json(send_with_headers, 500, "internal server error: the server log has the details")

    def _check(self, scope: Scope) -> tuple[int, str, dict[str, str]] | None:
        if not self.tokens.required:
            return None
        path = scope.get("path", "")
        if path in _PUBLIC_PATHS or path.startswith(_PUBLIC_PREFIXES):
            return None
        role = self.tokens.role(_bearer(scope))
        if role is None:
            return 401, "missing or wrong bearer token: send 'Authorization: Bearer <token>'", {
                "www-authenticate": 'Bearer realm="claimgraph"'}
        if role == "read" and scope.get("method", "GET").upper() not in _READ_METHODS:
            return 403, "this token may only read: writing needs CLAIMGRAPH_TOKEN", {}
        return None

    @staticmethod
    async def _json(send: Send, status: int, message: str, extra: Mapping[str, str] | None = None) -> None:
        body = json.dumps(error_body(status, message)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
