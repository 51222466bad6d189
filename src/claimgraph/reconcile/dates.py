"""Narrowing document dates with the stories they report.

A document cannot be older than the latest event it reports as having happened. When a document is undated, or
its date is only inferred and lies before such an event, its date moves up to that event's date, with the reason
recorded. Only stories that several documents report count: a story's date is then confirmed (or made precise)
by another source, whereas a single document's own event dates are the docdate stage's evidence and may carry
its extraction errors. Expected or planned events do not count: an
article may well announce something for next year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..records import Document, DocumentDate, Event, Story
from ._common import date_compatible, date_end

__all__ = ["narrow_by_stories"]

_PAST = frozenset({"occurred", "ongoing", "alleged", "denied"})


def narrow_by_stories(
    documents: Sequence[Document],
    events: Sequence[Event],
    stories: Sequence[Story],
    current: Mapping[str, DocumentDate] | None = None,
) -> list[DocumentDate]:
    """Document dates moved up to the latest past event they report (only for undated/inferred documents)."""
    current = current or {}
    ev_by_id = {e.id: e for e in events}
    latest: dict[str, tuple[str, Story]] = {}
    for story in stories:
        if len(story.documents) < 2:
            continue  # a document's own events are the docdate stage's evidence; here only what others confirm
        when_slot = story.slots.get("when") if story.slots else None
        when = when_slot.get("value") if isinstance(when_slot, Mapping) else None
        if not when:
            continue
        for eid in story.events:
            ev = ev_by_id.get(eid)
            if ev is None or ev.status not in _PAST:
                continue
            prev = latest.get(ev.document)
            # a lower bound is the *start* of the event's time: "2020-07" bounds more tightly than "2020"
            if prev is None or when > prev[0]:
                latest[ev.document] = (when, story)
    out: list[DocumentDate] = []
    for doc in documents:
        if doc.id not in latest:
            continue
        when, story = latest[doc.id]
        cur = current.get(doc.id)
        date = cur.published if cur else (doc.published or doc.stated_date)
        basis = cur.basis if cur else doc.published_basis
        if date and basis in ("stated", "metadata"):
            continue  # a stated date is evidence; a contradiction with it is the docdate stage's business
        if date and not doc.published_basis and doc.stated_date and not cur:
            continue
        # a shared event bounds the publication from below; it does not say on which day within the event's
        # month the report came out, so it narrows a date to the month at most
        when = when[:7]
        if date is None:
            reason = f"undated; reports '{story.label}' dated {when}: published no earlier than {when}"
        elif date_compatible(date, when) and len(date) < len(when):
            reason = f"inferred date {date} narrowed by '{story.label}' dated {when}"
        elif date_end(date) < when:
            reason = f"inferred date {date} is earlier than '{story.label}' ({when}) which it reports; moved up"
        else:
            continue
        out.append(DocumentDate(document=doc.id, published=when, basis="inferred", reason=reason,
                                repost_of=cur.repost_of if cur else None))
    return out
