"""The entity graph: entities as nodes, event claims as directed edges actor -> target (keyed by event id)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from ..records import Entity, Event

__all__ = ["graph", "to_graphml"]


def _node(g: nx.MultiDiGraph, eid: str, entities: Mapping[str, Entity]) -> None:
    if eid in g:
        return
    ent = entities.get(eid)
    if ent is not None:
        g.add_node(eid, name=ent.name, type=ent.type, iso3=ent.iso3 or "")
    else:
        g.add_node(eid, name=eid.split(":", 1)[-1], type=eid.split(":", 1)[0] if ":" in eid else "UNLINKED", iso3="")


def graph(
    entities: Sequence[Entity] | Mapping[str, Entity],
    events: Sequence[Event],
    aliases: Mapping[str, str] | None = None,
) -> nx.MultiDiGraph:
    """A ``MultiDiGraph``; every event with both an actor and a target becomes one edge carrying its type,
    status, time, document and evidence. ``aliases`` (reconcile's merge map) folds variants into canonical
    nodes. Unlinked participants become ``text:<surface>`` nodes."""
    ents = dict(entities) if isinstance(entities, Mapping) else {e.id: e for e in entities}
    alias = aliases or {}
    g = nx.MultiDiGraph()
    for e in ents.values():
        if e.id not in alias:
            _node(g, e.id, ents)
    for ev in sorted(events, key=lambda x: x.id):
        a = alias.get(ev.actor, ev.actor) if ev.actor else (f"text:{ev.actor_text}" if ev.actor_text else None)
        t = alias.get(ev.target, ev.target) if ev.target else (f"text:{ev.target_text}" if ev.target_text else None)
        if not a or not t:
            continue
        _node(g, a, ents)
        _node(g, t, ents)
        attrs: dict[str, Any] = {
            "type": ev.type, "status": ev.status, "when": ev.when.value if ev.when else "",
            "item": ev.item or ev.item_text or "", "document": ev.document, "evidence": ev.evidence.text,
            "start": ev.evidence.start, "end": ev.evidence.end, "attributed_to": ev.attributed_to,
            "certainty": float(ev.certainty),
        }
        g.add_edge(a, t, key=ev.id, **attrs)
    return g


def to_graphml(g: nx.MultiDiGraph) -> str:
    """GraphML text (UTF-8) of a graph from :func:`graph`; ``None`` attributes are dropped (GraphML has no null)."""
    clean = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        clean.add_node(n, **{k: v for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        clean.add_edge(u, v, key=k, **{a: b for a, b in d.items() if b is not None})
    buf = io.BytesIO()
    nx.write_graphml(clean, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")
