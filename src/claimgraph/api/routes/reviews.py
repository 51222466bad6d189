"""``/api/reviews``: the audit trail of analysts' reviews, new reviews, and undo.

A review is a statement of its own (who, when, why); the claims are never edited. Writing needs the write token
where tokens are set (a read-only token gets 403). A review of something that does not exist is a 404; one that
does not validate (a type outside the ontology, a malformed date ...) a 422 with the reason.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from ...reviews import Review
from ...store.reviews import get_event
from ...views import listings
from ..deps import Limit, Offset, ServiceDep, Text, page
from ..errors import ApiError
from ..models import CorrectIn, MergeIn, Page, ReviewIn, ReviewOut, SplitIn, VerdictIn
from ..service import Service

router = APIRouter(tags=["reviews"])

ReviewId = Annotated[str, Path(max_length=200, pattern=r"^[^\x00]+$")]


def _trail(service: Service) -> list[dict[str, Any]]:
    """The audit trail as ``claimgraph reviews --json`` lists it, oldest first, with ``active`` spelled out."""
    return [{**r, "active": r["status"] == "active"} for r in listings.review_rows(service.workbench.reviews())]


def _made(service: Service, review: Review) -> dict[str, Any]:
    """The row of a review just recorded, from the trail (so it reads exactly as the listing shows it)."""
    return next(r for r in _trail(service) if r["id"] == review.id)


def _check_exists(service: Service, body: VerdictIn | CorrectIn | MergeIn | SplitIn) -> None:
    """404 for a review of an event, entity or story that is not in the store."""
    store = service.workbench.store
    if isinstance(body, (VerdictIn, CorrectIn)) and get_event(store, body.target) is None:
        raise ApiError(404, f"no event {body.target!r}; list event ids with GET /api/events")
    if isinstance(body, MergeIn):
        for eid in (body.target, body.value):
            if store.entity(eid) is None:
                raise ApiError(404, f"no entity {eid!r}; list entity ids with GET /api/entities")
    if isinstance(body, SplitIn):
        service.workbench.story(body.target)  # InvalidData for an unknown story: a 404


@router.get("/reviews", response_model=Page[ReviewOut], summary="The audit trail of reviews")
def list_reviews(service: ServiceDep, target: Text = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Every review, oldest first (``claimgraph reviews``); ``status`` is ``active`` or ``undone by <id>``."""
    rows = service.view("reviews", (), lambda: _trail(service))
    if target:
        rows = [r for r in rows if r["target"] == target]
    return page(rows, limit, offset)


@router.post("/reviews", response_model=ReviewOut, status_code=201, summary="Record a review")
def create_review(service: ServiceDep, body: Annotated[ReviewIn, Body()]) -> Any:
    """``accept``/``reject`` an event, ``correct`` one of its fields (type, actor, target, item, when, status),
    ``merge`` two entities (``target`` kept, ``value`` merged into it), ``split-story`` (``target`` the story,
    ``value`` the event split off). ``reviewer`` defaults to ``api``."""
    _check_exists(service, body)
    bench = service.workbench
    field = body.field if isinstance(body, CorrectIn) else None
    value = body.value if not isinstance(body, VerdictIn) else None
    review = service.write(lambda: bench.review(body.action, body.target, field=field, value=value,
                                                reason=body.reason, reviewer=body.reviewer or "api"))
    return _made(service, review)


@router.post("/reviews/{review_id}/undo", response_model=ReviewOut, status_code=201, summary="Take a review back")
def undo_review(service: ServiceDep, review_id: ReviewId) -> Any:
    """Record an ``undo`` of ``review_id`` (itself a review, listed in the trail); the views are as before it.
    Undoing a review already undone is a 422."""
    bench = service.workbench
    if not any(r.id == review_id for r in bench.reviews()):
        raise ApiError(404, f"no review {review_id!r}; list reviews with GET /api/reviews")
    review = service.write(lambda: bench.undo_review(review_id, reviewer="api"))
    return _made(service, review)
