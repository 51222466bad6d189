"""The FastAPI app, made by :func:`create_app` (never at import): the REST API under ``/api`` and the web UI.

>>> from claimgraph.config import load_settings
>>> app = create_app(load_settings(db="kb.db"))          # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app, host="127.0.0.1")   # doctest: +SKIP

Interactive docs pages (Swagger, ReDoc) are off: they load scripts from a CDN and run inline script, which the
Content-Security-Policy forbids. The schema is at ``/openapi.json``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..workbench import Workbench
from .auth import Guard, Tokens
from .errors import install_error_handlers
from .models import ErrorOut
from .routes import ROUTERS
from .service import Service

__all__ = ["create_app"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in ((400, "Malformed request"), (401, "Missing or wrong bearer token"), (403, "The token may not do this"),
                         (404, "Not found"), (422, "Invalid request"), (500, "Server error"),
                         (501, "Not available in this build"))
}


def create_app(settings: Settings, *, tokens: Tokens | None = None, workbench: Workbench | None = None,
               ui: bool = True) -> FastAPI:
    """A new app over the store of ``settings.db`` (opened now, closed when the app shuts down).

    ``tokens``: the bearer tokens required (default: ``CLAIMGRAPH_TOKEN`` / ``CLAIMGRAPH_READ_TOKEN`` from the
    environment; none means no authentication). ``workbench``: an already open one to serve instead (the app
    then closes it on shutdown too). ``ui``: also serve the web UI at ``/``.
    """
    service = Service(settings, workbench)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="claimgraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        openapi_url="/openapi.json", responses=_ERRORS,
        description="A source-cited knowledge base of claims: documents, claims (events), stories, the register, "
                    "timeline, index and graph, search, questions answered with citations, and reviews.",
    )
    app.state.service = service
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    if ui:
        from ..web import mount_ui

        mount_ui(app)
    app.add_middleware(Guard, tokens=tokens if tokens is not None else Tokens.from_env())
    return app
