"""The store side of reviews (schema version 6): append a review, read the audit trail, find a claim by id.

Reviews are only ever appended; an undo is a review of its own. Writing one also bumps the store's ``claims``
counter: the claims as the views see them changed, so the derived tables are stale until the next reconcile
(which :meth:`claimgraph.workbench.Workbench.review` runs at once).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from ..records import Event
from ..reviews import Review
from . import _rows as R
from . import schema as S
from .store import Store

__all__ = ["add_review", "iter_reviews", "get_event"]


def _row(review: Review) -> dict[str, object]:
    return {
        "id": review.id, "action": review.action, "target_kind": review.target_kind, "target_id": review.target,
        "field": review.field, "value": review.value, "reason": review.reason, "reviewer": review.reviewer,
        "created_at": review.created_at, "context": list(review.context),
    }


def add_review(store: Store, review: Review, *, stale: bool = True) -> None:
    """Append ``review`` to the audit trail in one transaction; ``stale`` (a review that changes what the derived
    tables are computed from) also bumps the claims counter, so a reconcile is pending until one runs."""
    try:
        with store._write() as conn:
            conn.execute(S.reviews.insert(), store._clean([_row(review)]))
            if stale:
                conn.execute(store._sql.claims_bump)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError("E301", url=store.url, reason=f"could not record review {review.id}: {reason}") from exc


def iter_reviews(store: Store) -> Iterator[Review]:
    """Every review, oldest first (then by id)."""
    t = S.reviews
    for r in store._rows(select(t).order_by(t.c.created_at, store._order(t.c.id))):
        yield Review(
            id=r["id"], action=r["action"], target_kind=r["target_kind"], target=r["target_id"], field=r["field"],
            value=r["value"], reason=r["reason"], reviewer=r["reviewer"], created_at=r["created_at"],
            context=tuple(str(x) for x in (r["context"] or ())),
        )


def get_event(store: Store, event_id: str) -> Event | None:
    """The stored event (claim) with this id, as extraction produced it."""
    t = S.events
    with store.engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.id == event_id)).mappings().first()
    return R.row_event(row) if row is not None else None
