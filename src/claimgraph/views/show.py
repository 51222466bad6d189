"""Render one document for a reader: metadata, the text with mention and event spans marked, then the claims."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..workbench import DocumentView

__all__ = ["render_text", "entity_code"]

_COLORS = {"STATE": "36", "PERSON": "33", "ORG": "35", "WEAPON_SYSTEM": "31", "PLACE": "32"}


def entity_code(entity_id: str | None, text: str | None = None) -> str | None:
    """How an argument is shown: ISO3 for states (``STATE:RUS`` -> ``RUS``), the key otherwise, else the text."""
    if entity_id:
        kind, _, key = entity_id.partition(":")
        return key if kind == "STATE" else key or entity_id
    return text


def _marked_text(view: DocumentView, color: bool) -> str:
    text = view.document.text
    # Evidence sentences are underlined; entity mentions coloured (or bracketed without colour).
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for ev in view.events:
        s, e = ev.evidence.start, ev.evidence.end
        if color:
            opens.setdefault(s, []).append("\x1b[4m")
            closes.setdefault(e, []).insert(0, "\x1b[24m")
        else:
            opens.setdefault(s, []).append("⟦")
            closes.setdefault(e, []).insert(0, f"⟧[{ev.type}]")
    for m in view.mentions:
        if color:
            opens.setdefault(m.start, []).append(f"\x1b[{_COLORS.get(m.label, '1')}m")
            closes.setdefault(m.end, []).insert(0, "\x1b[39m")
        else:
            opens.setdefault(m.start, []).append("[")
            closes.setdefault(m.end, []).insert(0, f"|{entity_code(m.entity, m.label)}]")
    out: list[str] = []
    for i, ch in enumerate(text):
        out.extend(closes.get(i, ()))
        out.extend(opens.get(i, ()))
        out.append(ch)
    out.extend(closes.get(len(text), ()))
    return "".join(out)


def render_text(view: DocumentView, *, color: bool = False) -> str:
    d = view.document
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else (lambda s: s)
    lines = [
        bold(d.title or d.name),
        f"id: {d.id}   source: {d.source}",
        f"author: {d.author or '?'}   outlet: {d.outlet or '?'}"
        + (f"   volume {d.volume} issue {d.issue}" if d.volume or d.issue else ""),
        f"published: {d.published or '?'} ({d.published_basis or 'unknown'})"
        + (f"   stated: {d.stated_date}" if d.stated_date and d.stated_date != d.published else "")
        + ("   RE-POST" if d.repost else ""),
    ]
    if d.published_reason:
        lines.append(textwrap.fill(f"date basis: {d.published_reason}", 100))
    lines += ["", _marked_text(view, color), "", bold(f"Events ({len(view.events)})")]
    for n, ev in enumerate(sorted(view.events, key=lambda e: e.evidence.start), 1):
        args = " -> ".join(
            filter(None, [entity_code(ev.actor, ev.actor_text), entity_code(ev.target, ev.target_text)])
        )
        extra = []
        if ev.item or ev.item_text:
            extra.append(f"item={entity_code(ev.item, ev.item_text)}")
        if ev.quantity:
            extra.append(f"quantity={ev.quantity.value:g} {ev.quantity.unit or ''}".rstrip())
        if ev.value:
            extra.append(f"value={ev.value.amount:,.0f} {ev.value.currency}")
        if ev.when:
            extra.append(f"when={ev.when.value}" + (f" ({ev.when.text})" if ev.when.text else ""))
        lines.append(f"{n:>3}. {ev.type} {args} {' '.join(extra)}".rstrip())
        hedge = f", hedged: {', '.join(ev.hedges) or 'yes'}" if ev.hedged else ""
        lines.append(f"     status: {ev.status}; according to: {ev.attributed_to}{hedge}; rule: {ev.rule}")
        lines.append(f"     evidence [{ev.evidence.start}:{ev.evidence.end}]: “{' '.join(ev.evidence.text.split())}”")
    if view.explanations:
        lines += ["", bold(f"Explanations ({len(view.explanations)})")]
        for ex in view.explanations:
            lines.append(f"  - {ex.cause}  [by {ex.attributed_to}; author {ex.stance}]")
    return "\n".join(lines)
