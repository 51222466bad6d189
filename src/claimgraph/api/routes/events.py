"""``/api/events``: claims filtered as ``claimgraph events`` filters them, plus ``item`` and ``source``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...records import EVENT_STATUSES
from ...views.export import event_rows
from ..deps import IsoPrefix, Limit, Offset, ServiceDep, Text, page
from ..models import EventRow, Page

router = APIRouter(tags=["events"])


def _matches(value: str | None, wanted: str) -> bool:
    if value is None:
        return False
    v = value.casefold()
    return v == wanted or v.split(":", 1)[-1] == wanted


@router.get("/events", response_model=Page[EventRow], summary="Claims (events) with their evidence")
def list_events(
    service: ServiceDep,
    type: Text = None,
    actor: Text = None,
    target: Text = None,
    item: Text = None,
    status: Text = None,
    source: Text = None,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    document: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events in text order per document (``claimgraph events --json`` rows), as the reviews leave them:
    corrections applied, rejected claims left out, ``review`` saying how a review left a row.

    ``actor``/``target``: ISO3 (RUS), entity id or surface text; ``item``: the item's name or entity id;
    ``source``: who asserts the claim (``author``, an entity id or ISO3, or a phrase such as "Indian media"),
    matched against the attribution chain; ``since``/``until``: ISO prefixes (2014, 2018-05); ``status``: one of
    occurred, expected, planned, alleged, denied, ongoing; ``document``: a document id or name.
    """
    bench = service.workbench
    doc_id = bench.document(document).id if document else None
    if status is not None and status not in EVENT_STATUSES:
        rows: list[dict[str, Any]] = []
    else:
        def compute() -> list[dict[str, Any]]:
            return list(event_rows(bench.store, reviewed=bench.reviewed_events(
                type=type, actor=actor, target=target, since=since, until=until, document=doc_id, status=status)))

        # One document's claims are an indexed read: computed each time, they never push a big listing out.
        key = (type, actor, target, since, until, status)
        rows = compute() if doc_id else service.view("events", key, compute, cache=service.event_cache)
    if item:
        wanted_item = item.casefold()
        ent = bench.store.entity(item) if ":" in item else None
        names = {wanted_item} | ({ent.name.casefold()} if ent is not None else set())
        rows = [r for r in rows if r["item"] is not None and r["item"].casefold() in names]
    if source:
        wanted = source.casefold()
        rows = [r for r in rows if any(_matches(s, wanted) for s in [r["attributed_to"], *r["attribution_chain"]])]
    return page(rows, limit, offset)
