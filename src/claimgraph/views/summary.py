"""A short plain-text summary of a knowledge base (what ``claimgraph demo`` prints)."""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["summarise"]


def summarise(bench: Any, top: int = 8) -> str:
    docs = list(bench.documents(status="ok"))
    rows = list(bench.entities())
    events = list(bench.events())
    by_type = Counter(e.type for e, _, _ in rows)
    lines = [f"{len(docs)} documents, {len(rows)} entities, {len(events)} events"]
    lines.append("entities: " + ", ".join(f"{n} {t}" for t, n in sorted(by_type.items())))
    top_states = sorted((r for r in rows if r[0].type == "STATE"), key=lambda r: -r[2])[:top]
    lines.append("most mentioned states: " + ", ".join(f"{e.name} ({n})" for e, _, n in top_states))
    lines.append("events by type: " + ", ".join(f"{t} {n}" for t, n in Counter(e.type for e in events).most_common(top)))
    lines.append("documents (publication date, its basis, outlet, title):")
    for d in sorted(docs, key=lambda d: d.published or ""):
        flag = "  [re-post]" if d.repost else ""
        lines.append(
            f"  {d.published or '?':<10} {d.published_basis or '':<9} {(d.outlet or '?')[:28]:<28} "
            f"{d.title or d.name}{flag}"
        )
    return "\n".join(lines)
