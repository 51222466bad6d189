"""Helpers shared by the views: dyad filters and state lookups over plain records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..reconcile._common import state_of
from ..records import Entity, Event, Story

__all__ = ["as_state", "event_states", "in_dyad", "story_events"]


def as_state(code: str | None) -> str | None:
    """``"RUS"`` or ``"STATE:RUS"`` -> ``"STATE:RUS"``."""
    if not code:
        return None
    return code if code.startswith("STATE:") else f"STATE:{code.upper()}"


def event_states(ev: Event, entities: Mapping[str, Entity] | None = None) -> tuple[str | None, str | None]:
    ents = entities or {}
    return state_of(ev.actor, ents), state_of(ev.target, ents)


def in_dyad(ev: Event, dyad: Sequence[str] | None, entities: Mapping[str, Entity] | None = None) -> bool:
    """True when the event's actor and target are the dyad's two states, in either order."""
    if not dyad:
        return True
    a, t = event_states(ev, entities)
    want = {as_state(d) for d in dyad}
    return {a, t} == want


def story_events(story: Story, events: Mapping[str, Event]) -> list[Event]:
    return [events[e] for e in story.events if e in events]


def by_id(items: Iterable[Event]) -> dict[str, Event]:
    return {e.id: e for e in items}
