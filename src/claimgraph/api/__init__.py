"""The REST API over the Workbench: ``create_app(settings)`` builds it (nothing is built at import).

Routes live in :mod:`claimgraph.api.routes` (one module per resource), the response models in
:mod:`claimgraph.api.models`, tokens and security headers in :mod:`claimgraph.api.auth`, the one error shape in
:mod:`claimgraph.api.errors`. ``claimgraph serve`` runs it under uvicorn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ..config import Settings

__all__ = ["create_app"]


def create_app(settings: Settings, **kwargs: Any) -> FastAPI:
    """See :func:`claimgraph.api.app.create_app`."""
    from .app import create_app as make

    return make(settings, **kwargs)
