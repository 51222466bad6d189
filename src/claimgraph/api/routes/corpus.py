"""``/api/register``, ``/api/timeline``, ``/api/index``, ``/api/graph``: the analyst's whole-corpus views."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...views import listings
from .. import rows as R
from ..deps import Dyad, Limit, Offset, ServiceDep, page, parse_dyad
from ..models import GraphOut, IndexPoint, Page, RegisterRowOut, TimelineRow

router = APIRouter(tags=["views"])

State = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="An ISO3 code, e.g. RUS.")]


@router.get("/register", response_model=Page[RegisterRowOut], summary="The arms-transfer register")
def get_register(service: ServiceDep, supplier: State = None, recipient: State = None,
                 all: Annotated[bool, Query(description="Also rows missing a supplier, recipient or "
                                                        "designation.")] = False,
                 limit: Limit = 50, offset: Offset = 0) -> Any:
    """SIPRI-style register rows (``claimgraph register --json``): every cell its value, claims and documents."""
    sup, rec = (supplier or "").upper() or None, (recipient or "").upper() or None
    rows = service.view("register", (sup, rec, all), lambda: R.register_rows(
        service.workbench.register(supplier=sup, recipient=rec, include_incomplete=all)))
    return page(rows, limit, offset)


@router.get("/timeline", response_model=Page[TimelineRow], summary="A dated timeline of stories")
def get_timeline(service: ServiceDep, dyad: Dyad = None, limit: Limit = 100, offset: Offset = 0) -> Any:
    """Dated stories in order (``claimgraph timeline --json``), optionally for one pair of states."""
    pair = parse_dyad(dyad)
    rows = service.view("timeline", (pair,), lambda: listings.timeline_rows(service.workbench.timeline(pair)))
    return page(rows, limit, offset)


@router.get("/index", response_model=Page[IndexPoint], summary="The cooperation/conflict index")
def get_index(service: ServiceDep, dyad: Dyad = None,
              by: Annotated[str, Query(pattern="^(year|month)$")] = "year",
              limit: Limit = 500, offset: Offset = 0) -> Any:
    """The index per period (``claimgraph index --json``): summed story weights, -10 conflict .. +10 cooperation."""
    pair = parse_dyad(dyad)
    rows = service.view("index", (pair, by), lambda: listings.index_rows(service.workbench.index(pair, by)))
    return page(rows, limit, offset)


@router.get("/graph", response_model=GraphOut, summary="The actor network")
def get_graph(service: ServiceDep, limit: Annotated[int, Query(ge=1, le=500)] = 60) -> Any:
    """The ``limit`` entities linked by the most claims (actor -> target) and the edges among them, one per
    ordered pair, with the number of claims and their types (``claimgraph graph`` has the whole graph)."""
    return service.view("graph", (limit,), lambda: R.graph_view(service.workbench.graph(), limit))
