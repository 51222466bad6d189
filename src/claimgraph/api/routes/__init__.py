"""The API's routers, one module per resource; :data:`ROUTERS` is what ``create_app`` mounts under ``/api``."""

from __future__ import annotations

from . import ask, corpus, documents, events, reviews, stories

__all__ = ["ROUTERS"]

ROUTERS = [documents.router, events.router, stories.router, corpus.router, ask.router, reviews.router]
