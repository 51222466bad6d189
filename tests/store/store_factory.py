"""Synthetic records for the store tests (our own made-up text, no corpus sentences)."""

from __future__ import annotations

import hashlib
from typing import Any

from claimgraph.records import (
    Document,
    DocumentResult,
    Entity,
    Event,
    Explanation,
    Mention,
    Money,
    Quantity,
    Span,
    TimeValue,
    make_id,
)

STATES = ("RUS", "IND", "CHN", "TUR", "FRA")
WEAPONS = ("WEAPON_SYSTEM:S-400", "WEAPON_SYSTEM:RAFALE")


def make_document(text: str, source: str = "corpus/001_alpha.txt", **kw: Any) -> Document:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=make_id("doc", sha), source=source, sha256=sha, text=text, **kw)


def make_result(i: int, n_mentions: int = 4, n_events: int = 2, source: str | None = None,
                text: str | None = None) -> DocumentResult:
    """Document number ``i`` with ``n_mentions`` mentions and ``n_events`` events over made-up sentences."""
    sentences = [f"Report {i}.{k}: the ministry of state {STATES[k % 5]} said it will buy {k + 2} units."
                 for k in range(max(n_mentions, n_events, 1))]
    body = text if text is not None else " ".join(sentences)
    doc = make_document(body, source=source or f"corpus/{i:03d}_synthetic.txt", title=f"Synthetic {i}",
                        published=f"2019-0{1 + i % 9}-1{i % 10}", published_basis="stated", language="en",
                        meta={"n": i, "tags": ["synthetic", "test"]})
    mentions, entities, events = [], {}, []
    pos = 0
    for k in range(n_mentions):
        iso = STATES[k % 5]
        start = body.find(iso, pos)
        start = max(start, 0)
        end = start + 3
        pos = end
        ent = Entity(id=f"STATE:{iso}", type="STATE", name=f"State {iso}", aliases=(iso, f"{iso.lower()}-land"),
                     iso3=iso, attributes={"capital": f"{iso}-city"})
        entities[ent.id] = ent
        mentions.append(Mention(id=make_id("m", doc.id, start, end, k), document=doc.id, start=start, end=end,
                                text=body[start:end], label="STATE", entity=ent.id, source="gazetteer"))
    for k in range(n_events):
        actor = f"STATE:{STATES[k % 5]}"
        events.append(Event(
            id=make_id("ev", doc.id, k), document=doc.id, type="arms_purchase" if k % 2 == 0 else "statement",
            evidence=Span(0, min(20, len(body)), body[:20]), status="planned", actor=actor,
            target=f"STATE:{STATES[(k + 1) % 5]}", item=WEAPONS[k % 2], quantity=Quantity(k + 2.0, "unit"),
            value=Money(1.5e9, "USD", 1.5e9, "$1.5 billion"), when=TimeValue(f"20{10 + k % 10}-0{1 + k % 9}", "then"),
            attributed_to=actor, attribution_chain=("author", actor), hedged=k % 3 == 0,
            hedges=("reportedly",) if k % 3 == 0 else (), certainty=0.5, rule="test.rule.v1"))
    expl = (Explanation(id=make_id("x", doc.id), document=doc.id, cause="because of a border dispute",
                        evidence=Span(0, 10, body[:10]), event=events[0].id if events else None, marker="because"),)
    return DocumentResult(document=doc, mentions=tuple(mentions), entities=tuple(entities.values()),
                          events=tuple(events), explanations=expl, timings={"total": 0.1 * i})
