"""The web UI: a static single-page app (plain HTML, our own small JavaScript and CSS, vendored in the package).

It calls the REST API only. Article text is untrusted: the script builds every element with ``textContent``, never
HTML from data, so no script, handler or ``javascript:`` URL from an article can run; the Content-Security-Policy
(``script-src 'self'``, no inline script) is the second wall.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["STATIC", "mount_ui"]

STATIC = "static"


def mount_ui(app: FastAPI) -> None:
    """Serve ``/`` (the page) and ``/static/*`` (its script and style) from the package's ``web/static``."""
    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles

    folder = resources.files("claimgraph.web").joinpath(STATIC)
    index = folder.joinpath("index.html")

    @app.get("/", include_in_schema=False)
    def _index() -> FileResponse:
        return FileResponse(str(index), media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    app.mount("/static", StaticFiles(directory=str(folder)), name="static")
