"""Dependencies shared by the routes: the service, paging and the types of query parameters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request

from .service import Service

__all__ = ["Dyad", "IsoPrefix", "Limit", "Offset", "ServiceDep", "Text", "page", "parse_dyad"]

T = TypeVar("T")

_NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store NUL in text: refuse it up front (422), never a 500


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Rows to skip.")]
Text = Annotated[str | None, Query(max_length=400, pattern=_NO_NUL)]
IsoPrefix = Annotated[str | None, Query(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                                        description="An ISO date prefix: 2014, 2018-05 or 2018-05-10.")]
Dyad = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}[-/][A-Za-z]{3}$",
                                   description="Two ISO3 codes joined by '-', e.g. RUS-CHN (default: all).")]


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    a, b = value.upper().replace("/", "-").split("-")
    return a, b


def page(rows: Sequence[T], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    """The page ``offset .. offset + limit`` of ``rows`` with their ``total``."""
    return {"total": len(rows), "limit": limit, "offset": offset, "items": list(rows[offset:offset + limit]), **extra}
