"""Workbench and ``views`` results as JSON-ready rows for the API (the shapes of :mod:`claimgraph.api.models`).

Nothing here decides what a view contains: the rows are :mod:`claimgraph.views.listings`' (the ones the CLI prints
with ``--json``), with document ids instead of file names (the UI links by id) and, where a reader needs them, the
evidence offsets; the document and story pages and the graph's top nodes are assembled here from Workbench calls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..records import Dispute, Document, Explanation, Story, to_dict
from ..views import listings as L
from ..views.export import event_rows
from ..workbench import Workbench

__all__ = ["document_detail", "explanation_rows", "graph_view", "register_rows", "story_detail", "story_rows"]


def story_rows(stories: Iterable[Story], type: str | None = None) -> list[dict[str, Any]]:
    """Stories as ``claimgraph stories --json`` lists them (:func:`views.listings.story_rows`), documents by id."""
    return L.story_rows(stories, {}, type=type)


def explanation_rows(explanations: Iterable[Explanation]) -> list[dict[str, Any]]:
    """Explanations as ``claimgraph explain --json`` lists them, documents by id and each with its evidence
    ``span`` (the offsets a reader needs to show it in its document)."""
    items = list(explanations)
    spans = {x.id: {"text": x.evidence.text, "start": x.evidence.start, "end": x.evidence.end} for x in items}
    return [{**r, "span": spans[r["id"]]} for r in L.explanation_rows(items, {})]


def register_rows(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Register rows with every cell as ``{value, events, documents}`` (``claimgraph register --json``), plus the
    stories behind the row and whether it is complete."""
    return [{**cells, "stories": list(row.stories), "complete": bool(row.complete)}
            for cells, row in zip(L.register_rows(rows, nested=True), rows, strict=True)]


def document_detail(bench: Workbench, ref: str) -> dict[str, Any]:
    """``documents/{id}``: what ``claimgraph show --json`` gives, with events as ``events --json`` rows (as the
    reviews leave them; the claims a review rejected listed apart) and only the entities the document names."""
    view = bench.show(ref)
    doc = view.document
    reviewed = bench.reviewed_events(document=doc.id)
    rejected = {eid for eid, mark in reviewed.marks.items() if mark.state == "rejected"}
    mentioned = {m.entity for m in view.mentions if m.entity}
    mentioned |= {e for ev in view.events for e in (ev.actor, ev.target, ev.item) if e}
    entities = {eid: {"id": e.id, "type": e.type, "name": e.name, "iso3": e.iso3}
                for eid in sorted(mentioned) if (e := view.entities.get(eid)) is not None}
    return {
        "document": {**to_dict(doc), "name": doc.name},
        "mentions": [to_dict(m) for m in view.mentions],
        "events": list(event_rows(bench.store, reviewed=reviewed)),
        "rejected": [{**r, "review": "rejected"} for r in event_rows(bench.store, document=doc.id)
                     if r["id"] in rejected],
        "explanations": explanation_rows(view.explanations),
        "entities": entities,
    }


def story_detail(bench: Workbench, story: Story, documents: Mapping[str, Document],
                 disputes: Iterable[Dispute], explanations: Iterable[Explanation]) -> dict[str, Any]:
    """``stories/{id}``: the story, one column per reporting document with its claims, disputes, explanations."""
    members = set(story.events)
    columns = []
    for doc_id in story.documents:
        reviewed = bench.reviewed_events(document=doc_id)
        claims = [r for r in event_rows(bench.store, reviewed=reviewed) if r["id"] in members]
        doc = documents.get(doc_id)
        columns.append({
            "id": doc_id, "name": doc.name if doc else doc_id, "title": doc.title if doc else None,
            "outlet": doc.outlet if doc else None, "published": doc.published if doc else None, "claims": claims,
        })
    columns.sort(key=lambda c: (c["published"] or "9999", c["name"]))
    return {
        "id": story.id, "label": story.label, "type": story.type, "slots": to_dict(story.slots),
        "events": list(story.events), "documents": columns,
        "disputes": L.dispute_rows(d for d in disputes if d.story == story.id),
        "explanations": explanation_rows(x for x in explanations if x.story == story.id),
    }


def graph_view(g: Any, limit: int) -> dict[str, Any]:
    """The ``limit`` nodes with the most claims and the edges among them, merged per ordered pair of nodes."""
    degree = Counter({n: int(d) for n, d in g.degree() if d})  # entities in no claim with two parties are left out
    keep = [n for n, _ in sorted(degree.items(), key=lambda kv: (-kv[1], str(kv[0])))[:limit]]
    kept = set(keep)
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for u, v, key, data in g.edges(keys=True, data=True):
        if u not in kept or v not in kept:
            continue
        edge = pairs.setdefault((u, v), {"source": u, "target": v, "count": 0, "types": Counter(), "events": []})
        edge["count"] += 1
        edge["types"][str(data.get("type", ""))] += 1
        if len(edge["events"]) < 20:
            edge["events"].append(str(key))
    nodes = []
    for n in keep:
        data = g.nodes[n]
        nodes.append({"id": str(n), "name": str(data.get("name") or n), "type": str(data.get("type") or ""),
                      "iso3": data.get("iso3") or None, "degree": degree[n]})
    edges = [{**e, "types": [t for t, _ in e["types"].most_common()]} for e in pairs.values()]
    edges.sort(key=lambda e: (-e["count"], e["source"], e["target"]))
    return {"total_nodes": g.number_of_nodes(), "total_edges": g.number_of_edges(), "nodes": nodes, "edges": edges}
