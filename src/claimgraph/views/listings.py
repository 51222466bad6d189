"""The rows the analyst's listings show, built once for every front end (CLI, REST API, web UI).

Each function takes plain records (what the Workbench returns) and gives JSON-ready dicts in display order; the
front ends only translate them (a table, JSON Lines, an HTTP response). Ids of the claims behind each row are
kept, so every row can be followed to its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..records import Dispute, Document, Explanation, Story, to_dict

__all__ = [
    "STORY_COLUMNS",
    "DISPUTE_COLUMNS",
    "EXPLANATION_COLUMNS",
    "REGISTER_EXTRA",
    "TIMELINE_COLUMNS",
    "INDEX_COLUMNS",
    "REVIEW_COLUMNS",
    "document_names",
    "story_rows",
    "dispute_rows",
    "explanation_rows",
    "register_rows",
    "timeline_rows",
    "index_rows",
    "review_rows",
]

Row = dict[str, Any]

STORY_COLUMNS = ("id", "when", "type", "label", "status", "claims", "documents")
DISPUTE_COLUMNS = ("id", "kind", "slot", "story", "claims", "explanation")
EXPLANATION_COLUMNS = ("story", "cause", "attributed_to", "stance", "document", "evidence")
REGISTER_EXTRA = ("sources",)
TIMELINE_COLUMNS = ("when", "type", "label", "status", "documents")
INDEX_COLUMNS = ("period", "index", "stories")
REVIEW_COLUMNS = ("id", "created_at", "reviewer", "action", "target", "field", "value", "reason", "status")


def document_names(documents: Iterable[Document]) -> dict[str, str]:
    """Document id -> file-name stem, the handle analysts recognise (and ``show`` accepts)."""
    return {d.id: d.name for d in documents}


def story_rows(stories: Iterable[Story], names: Mapping[str, str], type: str | None = None) -> list[Row]:
    """Stories (optionally of one type) by date, then label: canonical when and status, claim count, documents."""
    rows = []
    for s in stories:
        if type and s.type != type:
            continue
        slots = s.slots or {}
        rows.append({
            "id": s.id, "type": s.type, "label": s.label,
            "when": (slots.get("when") or {}).get("value"), "status": (slots.get("status") or {}).get("value"),
            "claims": len(s.events), "documents": [names.get(d, d) for d in s.documents], "events": list(s.events),
        })
    rows.sort(key=lambda r: (r["when"] or "9999", r["label"]))
    return rows


def dispute_rows(disputes: Iterable[Dispute]) -> list[Row]:
    return [to_dict(d) for d in disputes]


def explanation_rows(explanations: Iterable[Explanation], names: Mapping[str, str]) -> list[Row]:
    """Explanations by story, document and position, each with its document's name and its evidence text."""
    ordered = sorted(explanations, key=lambda x: (x.story or "", x.document, x.evidence.start))
    return [{**to_dict(x), "document": names.get(x.document, x.document), "evidence": x.evidence.text}
            for x in ordered]


def register_rows(rows: Iterable[Any], *, nested: bool) -> list[Row]:
    """Register rows: ``nested`` gives every cell as ``{value, events, documents}``; flat rows give the values
    plus ``sources``, the documents behind any cell of the row."""
    out: list[Row] = []
    for row in rows:
        cells = row.cells()
        if nested:
            out.append({name: to_dict(c) for name, c in cells})
        else:
            flat: Row = {name: c.value for name, c in cells}
            flat["sources"] = sorted({d for _, c in cells for d in c.documents})
            out.append(flat)
    return out


def timeline_rows(entries: Iterable[Any]) -> list[Row]:
    return [to_dict(e) for e in entries]


def index_rows(values: Iterable[tuple[str, float, int]]) -> list[Row]:
    return [{"period": p, "index": v, "stories": n} for p, v, n in values]


def review_rows(reviews: Sequence[Any]) -> list[Row]:
    """The audit trail, oldest first: each review with ``status`` ``active``, or ``undone by <id>``."""
    from ..reviews import active

    live = active(reviews)
    undone_by: dict[str, str] = {}
    for r in reviews:
        if r.action == "undo" and r.id in live:
            undone_by[r.target] = r.id
    rows = []
    for r in reviews:
        status = "active" if r.id in live else f"undone by {undone_by.get(r.id, '?')}"
        rows.append({
            "id": r.id, "created_at": r.created_at, "reviewer": r.reviewer, "action": r.action,
            "target_kind": r.target_kind, "target": r.target, "field": r.field, "value": r.value,
            "reason": r.reason, "context": list(r.context), "status": status,
        })
    return rows
