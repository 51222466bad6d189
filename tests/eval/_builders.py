"""Builders for small synthetic gold corpora and predictions (our own invented examples)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimgraph.records import Document, Entity, Event, Span, TimeValue, make_id

STATES = {
    "RUS": Entity("STATE:RUS", "STATE", "Russia", ("Moscow", "the Kremlin", "Kremlin"), iso3="RUS"),
    "CHN": Entity("STATE:CHN", "STATE", "China", ("Beijing",), iso3="CHN"),
    "IND": Entity("STATE:IND", "STATE", "India", ("New Delhi",), iso3="IND"),
}
PEOPLE = {
    "xi": Entity("PERSON:xi-jinping", "PERSON", "Xi Jinping", ("Xi",), attributes={"state": "CHN"}),
    "putin": Entity("PERSON:vladimir-putin", "PERSON", "Vladimir Putin", ("Putin",), attributes={"state": "RUS"}),
    "gazprom": Entity("ORG:gazprom", "ORG", "Gazprom", (), attributes={"state": "RUS", "kind": "company"}),
    "xinhua": Entity("ORG:xinhua", "ORG", "Xinhua", ("Xinhua News Agency",), attributes={"kind": "media"}),
    "s400": Entity("WEAPON_SYSTEM:S-400", "WEAPON_SYSTEM", "S-400", ("S-400 Triumf", "Triumf")),
}
ALL_ENTITIES = {e.id: e for e in (*STATES.values(), *PEOPLE.values())}


def gold_event(eid: str, etype: str, actor: str | None, target: str | None, **kw: Any) -> dict[str, Any]:
    base = {"id": eid, "type": etype, "actor": actor, "target": target, "item": None, "when": None,
            "status": "occurred", "attributed_to": "author", "hedged": False, "evidence": ""}
    base.update(kw)
    return base


def pred_event(doc: str, etype: str, actor: str | None = None, target: str | None = None, *,
               when: str | None = None, text: str = "", **kw: Any) -> Event:
    return Event(id=make_id("ev", doc, etype, actor, target, when, text, sorted(kw.items())), document=doc,
                 type=etype, evidence=Span(0, len(text), text), actor=actor, target=target,
                 when=TimeValue(when) if when else None, **kw)


def document(name: str, published: str | None = None) -> Document:
    return Document(id=f"doc_{name}", source=f"corpus/{name}_abcdef.txt", sha256="0" * 64, text="x",
                    published=published)


def events_only(gold_events: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {"100": {"events": list(gold_events)}}
