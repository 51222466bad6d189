"""A dyad's timeline: stories (or single claims) ordered by when they happened."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import Entity, Event, Story
from ._common import in_dyad

__all__ = ["TimelineEntry", "timeline"]


@dataclass(frozen=True)
class TimelineEntry:
    when: str  # ISO prefix ("2018-05"); "" for undated items, which sort last
    label: str
    type: str
    status: str
    events: tuple[str, ...]
    documents: tuple[str, ...]
    story: str | None = None


def _event_label(ev: Event, entities: Mapping[str, Entity]) -> str:
    def name(eid: str | None, text: str | None) -> str:
        if eid and eid in entities:
            return entities[eid].name
        return (eid.split(":", 1)[-1] if eid else None) or text or "?"

    parts = [name(ev.actor, ev.actor_text), ev.type.replace("_", " ")]
    if ev.item or ev.item_text:
        parts.append(name(ev.item, ev.item_text))
    if ev.target or ev.target_text:
        parts.append("-> " + name(ev.target, ev.target_text))
    return " ".join(parts)


def timeline(
    items: Sequence[Story] | Sequence[Event],
    dyad: Sequence[str] | None = ("RUS", "CHN"),
    *,
    events: Sequence[Event] = (),
    entities: Sequence[Entity] | Mapping[str, Entity] = (),
    include_undated: bool = False,
) -> list[TimelineEntry]:
    """Entries sorted by ``when`` (then label). Stories need ``events`` to be filtered by dyad: a story belongs
    to the dyad when one of its claims does. ``dyad=None`` keeps everything."""
    ents = dict(entities) if isinstance(entities, Mapping) else {e.id: e for e in entities}
    out: list[TimelineEntry] = []
    evs = {e.id: e for e in events}
    for it in items:
        if isinstance(it, Story):
            members = [evs[i] for i in it.events if i in evs]
            if dyad and not any(in_dyad(e, dyad, ents) for e in members):
                continue
            when = str((it.slots.get("when") or {}).get("value") or "")
            status = str((it.slots.get("status") or {}).get("value") or "")
            out.append(TimelineEntry(when, it.label, it.type, status, it.events, it.documents, it.id))
        else:
            if dyad and not in_dyad(it, dyad, ents):
                continue
            when = it.when.value if it.when else ""
            out.append(TimelineEntry(when, _event_label(it, ents), it.type, it.status, (it.id,), (it.document,)))
    if not include_undated:
        out = [e for e in out if e.when]
    return sorted(out, key=lambda e: (e.when == "", e.when, e.label))
