"""One error shape for every failure the API returns: ``{"ok": false, "error": ..., "status": ...}``.

``error`` is the human-readable message (with its ``[Exxx]`` code where a claimgraph error caused it), ``status``
the HTTP status repeated in the body (so a client that only sees the JSON still knows what happened), ``code``
the claimgraph error code or a short name (``not_found``, ``validation``, ``unauthorized`` ...). FastAPI's own
422 validation errors, Starlette's 404/405 for unknown routes and anything unexpected (500) are converted too.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, InvalidData, StoreError, WorkbenchError

__all__ = ["ApiError", "error_body", "error_response", "install_error_handlers", "status_of"]

log = logging.getLogger(__name__)

_NAMES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          409: "conflict", 422: "validation", 500: "internal", 501: "not_implemented", 503: "unavailable"}


class ApiError(Exception):
    """An error a route raises on purpose: ``status`` is the HTTP status, ``message`` what the client reads."""

    def __init__(self, status: int, message: str, code: str | None = None, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _NAMES.get(status, "error")
        self.detail = detail


def error_body(status: int, message: str, code: str | None = None, detail: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error": message, "status": status, "code": code or _NAMES.get(status, "error")}
    if detail is not None:
        body["detail"] = detail
    return body


def error_response(status: int, message: str, code: str | None = None, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, code, detail), status_code=status, headers=headers)


def status_of(exc: WorkbenchError) -> int:
    """The HTTP status of a claimgraph error: what was asked for is missing (404) or invalid (422)."""
    if isinstance(exc, StoreError) and exc.code == "E304":
        return 404
    if isinstance(exc, InvalidData) and exc.code == "E401" and exc.context.get("path") in ("stories", "reviews"):
        return 404
    if isinstance(exc, (ConfigError, InvalidData)):
        return 422
    return 500


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every failure the one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.code, exc.detail)

    @app.exception_handler(WorkbenchError)
    async def _workbench_error(_request: Request, exc: WorkbenchError) -> JSONResponse:
        status = status_of(exc)
        if status >= 500:
            log.error("request failed: %s", exc)
        return error_response(status, str(exc), exc.code)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = jsonable_encoder(exc.errors(), custom_encoder={BaseException: str, bytes: repr})
        where = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in problems)
        detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in problems]
        return error_response(422, f"invalid request: {where}" if where else "invalid request", "validation", detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else _NAMES.get(exc.status_code, "error")
        return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))
