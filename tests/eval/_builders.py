"""Builders for small synthetic gold corpora and export rows (our own invented examples)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def gold_event(eid: str, etype: str, actor: str | None, target: str | None, **kw: Any) -> dict[str, Any]:
    base = {"id": eid, "type": etype, "actor": actor, "target": target, "item": None, "when": None,
            "status": "occurred", "attributed_to": "author", "hedged": False}
    base.update(kw)
    return base


def event_row(doc: str, etype: str, actor: str | None = None, target: str | None = None, *, n: int = 0,
              **kw: Any) -> dict[str, Any]:
    """An events.jsonl row as ``claimgraph export`` writes it (states as ISO3, others by name)."""
    base = {"id": f"ev_{doc}_{etype}_{actor}_{target}_{n}", "document": doc, "type": etype, "actor": actor,
            "target": target, "item": None, "when": None, "status": "occurred", "attributed_to": "author",
            "hedged": False}
    base.update(kw)
    return base


def document_row(name: str, published: str | None = None, status: str = "ok") -> dict[str, Any]:
    return {"id": f"doc_{name}", "name": name, "source": f"corpus/{name}_abcdef.txt", "published": published,
            "status": status}


def entity_row(etype: str, name: str, docs: Sequence[str], iso3: str | None = None,
               aliases: Sequence[str] = ()) -> dict[str, Any]:
    return {"id": f"{etype}:{name}", "type": etype, "name": name, "iso3": iso3, "aliases": list(aliases),
            "documents": list(docs)}


def events_only(gold_events: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {"100": {"events": list(gold_events)}}
