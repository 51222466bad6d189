"""Reviews: an analyst's statements about the machine's claims, and how the views apply them.

A review never edits a claim. It is a statement of its own (who, when, why) in the ``reviews`` table, and every
read path applies the active reviews to the stored claims:

* ``accept EVENT`` marks a claim as checked; ``reject EVENT`` takes it out of every view;
* ``correct EVENT FIELD VALUE`` replaces one field (``type``, ``actor``, ``target``, ``item``, ``when``,
  ``status``) in what the views show;
* ``merge KEEP DROP`` makes two entities one (a constraint on reconcile's entity merge);
* ``split-story STORY EVENT`` keeps an event apart from the other claims of a story (a constraint on reconcile's
  clustering); the story's other claims are recorded with the review, since story ids change when stories do;
* ``undo REVIEW`` takes a review back (itself a review: undoing an undo puts the original back in force).

Reviews name claims by their content-hash ids (:func:`claimgraph.records.make_id`), which stay the same when the
same text is ingested again, so reviews survive ``ingest --force`` and ``reconcile``. A review whose claim no
longer exists (its document was re-processed into other claims) simply applies to nothing.

>>> from claimgraph.records import Event, Span
>>> review = Review("rv_1", "reject", "event", "ev_1", reason="misread", reviewer="ana", created_at="2026")
>>> view = apply_to_events([Event("ev_1", "doc", "trade", Span(0, 1, "x"))], [review])
>>> view.events, view.marks["ev_1"].state
([], 'rejected')
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .errors import InvalidData
from .reconcile.constraints import Constraints
from .records import ENTITY_TYPES, EVENT_STATUSES, Entity, Event, TimeValue, make_id

__all__ = [
    "ACTIONS",
    "FIELDS",
    "Review",
    "EventReview",
    "ReviewedEvents",
    "Lookups",
    "default_reviewer",
    "make_review",
    "active",
    "apply_to_events",
    "constraints",
    "filter_events",
]

ACTIONS = ("accept", "reject", "correct", "merge", "split-story", "undo")
FIELDS = ("type", "actor", "target", "item", "when", "status")
_TARGET_KIND = {"accept": "event", "reject": "event", "correct": "event", "merge": "entity",
                "split-story": "story", "undo": "review"}
_CLEAR = {"none", "-", ""}  # a correct VALUE that empties actor, target, item or when
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_ISO3 = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True, slots=True)
class Review:
    """One review statement. ``target`` is an event, entity, story or review id as ``target_kind`` says.

    ``field``/``value``: the corrected field and its new value (``correct``), the entity merged into the target
    (``merge``: ``value`` is dropped into ``target``), the event split off (``split-story``: ``value``).
    ``context`` records what the review was made against (``split-story``: the story's other events).
    """

    id: str
    action: str
    target_kind: str
    target: str
    field: str | None = None
    value: str | None = None
    reason: str | None = None
    reviewer: str = ""
    created_at: str = ""
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventReview:
    """How the reviews left one event: ``state`` is ``accepted``, ``corrected`` or ``rejected``."""

    state: str
    reviews: tuple[str, ...]  # the active reviews behind it, oldest first
    fields: tuple[str, ...] = ()  # the corrected fields
    original: Mapping[str, Any] = field(default_factory=dict)  # corrected field -> the machine's value


@dataclass(frozen=True)
class ReviewedEvents:
    """Events as the views show them: corrections applied, rejected ones removed; ``marks`` says which events
    reviews touched (rejected ones included, so a reader can show what was taken out)."""

    events: list[Event]
    marks: Mapping[str, EventReview]

    def mark(self, event_id: str) -> str | None:
        m = self.marks.get(event_id)
        return m.state if m is not None else None


@dataclass(frozen=True)
class Lookups:
    """What validating a review needs from the knowledge base (the Workbench supplies them)."""

    event: Callable[[str], Event | None]
    entity: Callable[[str], Entity | None]  # any stored entity id, variants included
    story_events: Callable[[str], tuple[str, tuple[str, ...]]]  # story id or prefix -> (id, event ids); raises
    review: Callable[[str], Review | None]
    canonical: Callable[[str], str]  # entity id -> its canonical id under the current merges
    event_types: frozenset[str]
    reviews: Sequence[Review] = ()  # the audit trail so far (to know which reviews are in force)


def default_reviewer() -> str:
    """``CLAIMGRAPH_REVIEWER``, else the OS user name, else ``unknown``."""
    name = os.environ.get("CLAIMGRAPH_REVIEWER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):  # no login name in some containers
        return "unknown"


def _invalid(action: str, reason: str) -> InvalidData:
    return InvalidData("E401", path=f"review {action}", reason=reason)


def _iso_date(value: str) -> str:
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        raise _invalid("correct", f"when must be an ISO date or prefix (2018, 2018-05, 2018-05-10), not {value!r}")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise _invalid("correct", f"when {value!r} is not a real date ({exc})") from None
    return value


def _state_id(code: str, lookups: Lookups) -> str | None:
    """``RUS`` -> ``STATE:RUS`` when the store or ISO 3166 knows the code."""
    sid = f"STATE:{code.upper()}"
    if lookups.entity(sid) is not None:
        return sid
    import pycountry

    return sid if pycountry.countries.get(alpha_3=code.upper()) is not None else None


def _party(field_name: str, value: str, lookups: Lookups) -> str | None:
    if value.strip().lower() in _CLEAR:
        return None
    value = value.strip()
    if lookups.entity(value) is not None:
        return value
    if _ISO3.fullmatch(value):
        sid = _state_id(value, lookups)
        if sid is not None:
            return sid
    raise _invalid("correct", f"{field_name} must be a known entity id (see 'claimgraph entities') or an ISO3 "
                   f"state code, not {value!r}")


def _correct_value(field_name: str, value: str, lookups: Lookups) -> str | None:
    """The normalised value a correction stores; raises ``InvalidData`` for a value the field cannot take."""
    if field_name == "type":
        if value not in lookups.event_types:
            raise _invalid("correct", f"type {value!r} is not in the ontology ({', '.join(sorted(lookups.event_types))})")
        return value
    if field_name == "status":
        if value not in EVENT_STATUSES:
            raise _invalid("correct", f"status {value!r} is not one of {', '.join(EVENT_STATUSES)}")
        return value
    if field_name == "when":
        return None if value.strip().lower() in _CLEAR else _iso_date(value)
    if field_name in ("actor", "target"):
        return _party(field_name, value, lookups)
    if field_name == "item":
        if value.strip().lower() in _CLEAR:
            return None
        if _entity_value(value.strip()) and lookups.entity(value.strip()) is None:
            raise _invalid("correct", f"item {value!r} looks like an entity id but no such entity is known; give a "
                           "known id (see 'claimgraph entities') or the item's words")
        return value.strip()  # an entity id, or the item's words where no entity fits
    raise _invalid("correct", f"field {field_name!r} cannot be corrected; choose from {', '.join(FIELDS)}")


def make_review(
    action: str,
    target: str,
    *,
    field: str | None = None,
    value: str | None = None,
    reason: str | None = None,
    reviewer: str | None = None,
    lookups: Lookups,
    now: datetime | None = None,
) -> Review:
    """A validated :class:`Review`; raises ``InvalidData`` (E401) naming what is wrong and how to fix it.

    ``merge``: ``target`` is the entity kept, ``value`` the one merged into it. ``split-story``: ``target`` is the
    story (id or unique prefix), ``value`` the event to split off. ``undo``: ``target`` is a review id.
    """
    if action not in ACTIONS:
        raise _invalid(action, f"unknown action; choose from {', '.join(ACTIONS)}")
    stamp = (now or datetime.now(UTC)).isoformat(timespec="microseconds")
    who = (reviewer or "").strip() or default_reviewer()
    context: tuple[str, ...] = ()
    if action in ("accept", "reject", "correct"):
        if lookups.event(target) is None:
            raise _invalid(action, f"no event {target!r}; list event ids with 'claimgraph events --json'")
        if action == "correct":
            if field not in FIELDS:
                raise _invalid(action, f"field {field!r} cannot be corrected; choose from {', '.join(FIELDS)}")
            if value is None:
                raise _invalid(action, "give the new value (or 'none' to clear actor, target, item or when)")
            value = _correct_value(field, value, lookups)
        else:
            field, value = None, None
    elif action == "merge":
        if not value:
            raise _invalid(action, "give two entity ids: the one kept, then the one merged into it")
        keep, drop = lookups.entity(target), lookups.entity(value)
        for eid, ent in ((target, keep), (value, drop)):
            if ent is None:
                raise _invalid(action, f"no entity {eid!r}; list entity ids with 'claimgraph entities --json'")
        assert keep is not None and drop is not None
        if keep.type != drop.type:
            raise _invalid(action, f"{target} is a {keep.type} and {value} a {drop.type}: only entities of one "
                           "type can be merged")
        if lookups.canonical(target) == lookups.canonical(value):
            raise _invalid(action, f"{target} and {value} are already one entity")
        field = None
    elif action == "split-story":
        if not value:
            raise _invalid(action, "give the story id and the event id to split off")
        try:
            story_id, members = lookups.story_events(target)
        except InvalidData as exc:
            raise _invalid(action, exc.context.get("reason") or str(exc)) from None
        if value not in members:
            raise _invalid(action, f"event {value!r} is not a claim of story {story_id}")
        if len(members) < 2:
            raise _invalid(action, f"story {story_id} has a single claim: nothing to split")
        target, field = story_id, "event"
        context = tuple(sorted(e for e in members if e != value))
    else:  # undo
        undone = lookups.review(target)
        if undone is None:
            raise _invalid(action, f"no review {target!r}; list reviews with 'claimgraph reviews'")
        if undone.id not in active(lookups.reviews):
            raise _invalid(action, f"review {target} is already undone")
        field, value = None, None
    kind = _TARGET_KIND[action]
    rid = make_id("rv", action, kind, target, field, value, who, stamp)
    return Review(rid, action, kind, target, field, value, (reason or "").strip() or None, who, stamp, context)


def active(reviews: Iterable[Review]) -> dict[str, Review]:
    """The reviews in force, by id, oldest first: those not taken back by an undo that is itself in force."""
    ordered = sorted(reviews, key=lambda r: (r.created_at, r.id))
    undos: dict[str, list[Review]] = {}
    for r in ordered:
        if r.action == "undo":
            undos.setdefault(r.target, []).append(r)
    memo: dict[str, bool] = {}

    def in_force(r: Review, depth: int = 0) -> bool:
        if r.id not in memo:
            # an undo always names an older review, so this recursion ends; the depth guard is for corrupt data
            memo[r.id] = depth > 100 or not any(in_force(u, depth + 1) for u in undos.get(r.id, ()))
        return memo[r.id]

    return {r.id: r for r in ordered if in_force(r)}


def _entity_value(value: str | None) -> bool:
    """An entity id (``STATE:RUS``, ``WEAPON_SYSTEM:S-400``) rather than an item's free words."""
    return value is not None and ":" in value and value.split(":", 1)[0] in ENTITY_TYPES


def _apply(ev: Event, corrections: Mapping[str, str | None]) -> tuple[Event, dict[str, Any]]:
    changes: dict[str, Any] = {}
    original: dict[str, Any] = {}
    for name, value in corrections.items():
        if name in ("type", "status"):
            original[name] = getattr(ev, name)
            changes[name] = value
        elif name == "when":
            old = ev.when
            original[name] = old.value if old else None
            changes["when"] = None if value is None else TimeValue(
                value, text=old.text if old else None, start_char=old.start_char if old else None,
                end_char=old.end_char if old else None)
        else:  # actor, target, item: an entity id, or (item) free words
            original[name] = getattr(ev, name) or getattr(ev, f"{name}_text")
            if value is None:
                changes[name], changes[f"{name}_text"] = None, None
            elif _entity_value(value):
                changes[name] = value
            else:
                changes[name], changes[f"{name}_text"] = None, value
    return dataclasses.replace(ev, **changes), original


def apply_to_events(events: Iterable[Event], reviews: Iterable[Review]) -> ReviewedEvents:
    """Events with the active reviews applied: corrections replace their fields, rejected events are left out.

    The last verdict (accept or reject) on an event wins, and the last correction of each field. The stored
    claims are untouched: this returns new records.
    """
    by_event: dict[str, list[Review]] = {}
    for r in active(reviews).values():
        if r.target_kind == "event":
            by_event.setdefault(r.target, []).append(r)
    if not by_event:
        return ReviewedEvents(list(events), {})
    out: list[Event] = []
    marks: dict[str, EventReview] = {}
    for ev in events:
        mine = by_event.get(ev.id)
        if not mine:
            out.append(ev)
            continue
        verdict = next((r.action for r in reversed(mine) if r.action in ("accept", "reject")), None)
        corrections = {r.field: r.value for r in mine if r.action == "correct" and r.field}
        ids = tuple(r.id for r in mine)
        if verdict == "reject":
            marks[ev.id] = EventReview("rejected", ids)
            continue
        if corrections:
            ev, original = _apply(ev, corrections)
            marks[ev.id] = EventReview("corrected", ids, tuple(corrections), original)
        else:
            marks[ev.id] = EventReview("accepted", ids)
        out.append(ev)
    return ReviewedEvents(out, marks)


def constraints(reviews: Iterable[Review]) -> Constraints:
    """The active merges and splits as constraints on reconciliation."""
    merges: list[tuple[str, str]] = []
    apart: set[frozenset[str]] = set()
    for r in active(reviews).values():
        if r.action == "merge" and r.value:
            merges.append((r.target, r.value))
        elif r.action == "split-story" and r.value:
            apart.update(frozenset((r.value, other)) for other in r.context if other != r.value)
    return Constraints(merges=tuple(merges), apart=frozenset(apart))


def _prefix_ok(when: TimeValue | None, bound: str, after: bool) -> bool:
    if when is None:
        return False
    cut = when.value[: len(bound)]
    return cut >= bound if after else cut <= bound


def filter_events(
    events: Iterable[Event],
    type: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    since: str | None = None,
    until: str | None = None,
    document: str | None = None,
    status: str | None = None,
) -> list[Event]:
    """The events that pass the filters of :meth:`claimgraph.store.Store.events`, with the same meaning, applied
    to reviewed events (whose corrected fields the store's SQL filters cannot see)."""
    from .store.store import entity_ref as _entity_ref  # the store's own reading of a party filter

    out = []
    for e in events:
        if type is not None and e.type != type:
            continue
        if actor is not None and e.actor != _entity_ref(actor) and e.actor_text != actor:
            continue
        if target is not None and e.target != _entity_ref(target) and e.target_text != target:
            continue
        if since is not None and not _prefix_ok(e.when, since, True):
            continue
        if until is not None and not _prefix_ok(e.when, until, False):
            continue
        if document is not None and e.document != document:
            continue
        if status is not None and e.status != status:
            continue
        out.append(e)
    return out
