"""Conversions between records (:mod:`claimgraph.records`) and table rows (:mod:`claimgraph.store.schema`).

Kept apart from the Store so that the mapping of every field is in one place and can be read against the records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..records import (
    Dispute,
    Document,
    DocumentDate,
    Entity,
    Event,
    Explanation,
    Mention,
    Money,
    Quantity,
    Relation,
    Span,
    Story,
    TimeValue,
    to_dict,
)

__all__ = [
    "content_hash",
    "document_row",
    "row_document",
    "entity_row",
    "row_entity",
    "mention_row",
    "row_mention",
    "event_row",
    "row_event",
    "explanation_row",
    "row_explanation",
    "relation_row",
    "row_relation",
    "document_date_row",
    "row_document_date",
    "story_row",
    "row_story",
    "dispute_row",
    "row_dispute",
    "scrub_nul",
]

Row = Mapping[Any, Any]


def scrub_nul(value: Any) -> Any:
    """Replace NUL characters, which PostgreSQL text and JSONB reject, by U+FFFD (same length: offsets hold)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {scrub_nul(k): scrub_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_nul(v) for v in value]
    return value


def _json(value: Any) -> Any:
    """A JSON-ready copy of a mapping/tuple (records may hold tuples or nested mappings)."""
    return json.loads(json.dumps(to_dict(value), default=str))


def content_hash(document_row: Mapping[str, Any], parts: Sequence[Any]) -> str:
    """Fingerprint of a document row and the rows it yields, ignoring ``source``.

    The source is left out because a document is keyed by its text: the same article met again under another
    path is the same document, and the write is a no-op apart from the ingest log. Built from the rows (not the
    records) because they are computed anyway and serialise several times faster.
    """
    payload = [{k: v for k, v in document_row.items() if k != "source"}, parts]
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


# --- documents ---


def document_row(d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "source": d.source,
        "sha256": d.sha256,
        "text": d.text,
        "title": d.title,
        "author": d.author,
        "outlet": d.outlet,
        "url": d.url,
        "volume": d.volume,
        "issue": d.issue,
        "stated_date": d.stated_date,
        "published": d.published,
        "published_basis": d.published_basis,
        "published_reason": d.published_reason,
        "repost": bool(d.repost),
        "language": d.language,
        "media_type": d.media_type,
        "status": d.status,
        "error": d.error,
        "meta": _json(d.meta),
    }


def row_document(r: Row) -> Document:
    return Document(
        id=r["id"],
        source=r["source"],
        sha256=r["sha256"],
        text=r["text"],
        title=r["title"],
        author=r["author"],
        outlet=r["outlet"],
        url=r["url"],
        volume=r["volume"],
        issue=r["issue"],
        stated_date=r["stated_date"],
        published=r["published"],
        published_basis=r["published_basis"],
        published_reason=r["published_reason"],
        repost=bool(r["repost"]),
        language=r["language"],
        media_type=r["media_type"],
        status=r["status"],
        error=r["error"],
        meta=dict(r["meta"] or {}),
    )


# --- entities ---


def entity_row(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "name": e.name, "iso3": e.iso3, "attributes": _json(e.attributes)}


def row_entity(r: Row, aliases: tuple[str, ...]) -> Entity:
    return Entity(
        id=r["id"], type=r["type"], name=r["name"], aliases=aliases, iso3=r["iso3"],
        attributes=dict(r["attributes"] or {}),
    )


# --- mentions ---


def mention_row(m: Mention) -> dict[str, Any]:
    return {
        "id": m.id, "document": m.document, "start_char": m.start, "end_char": m.end, "text": m.text,
        "label": m.label, "entity": m.entity, "source": m.source,
    }


def row_mention(r: Row) -> Mention:
    return Mention(
        id=r["id"], document=r["document"], start=r["start_char"], end=r["end_char"], text=r["text"],
        label=r["label"], entity=r["entity"], source=r["source"],
    )


# --- events ---


def event_row(e: Event) -> dict[str, Any]:
    q, v, w, t = e.quantity, e.value, e.when, e.trigger
    return {
        "id": e.id,
        "document": e.document,
        "type": e.type,
        "status": e.status,
        "actor": e.actor,
        "target": e.target,
        "item": e.item,
        "actor_text": e.actor_text,
        "target_text": e.target_text,
        "item_text": e.item_text,
        "quantity_value": q.value if q else None,
        "quantity_unit": q.unit if q else None,
        "quantity_text": q.text if q else None,
        "value_amount": v.amount if v else None,
        "value_currency": v.currency if v else None,
        "value_usd": v.usd if v else None,
        "value_text": v.text if v else None,
        "when_value": w.value if w else None,
        "when_text": w.text if w else None,
        "when_end": w.end if w else None,
        "when_relative": w.relative if w else None,
        "when_start_char": w.start_char if w else None,
        "when_end_char": w.end_char if w else None,
        "attributed_to": e.attributed_to,
        "attribution_chain": list(e.attribution_chain),
        "hedged": bool(e.hedged),
        "hedges": list(e.hedges),
        "certainty": float(e.certainty),
        "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end,
        "evidence_text": e.evidence.text,
        "trigger_start": t.start if t else None,
        "trigger_end": t.end if t else None,
        "trigger_text": t.text if t else None,
        "rule": e.rule,
        "confidence": e.confidence,
    }


def row_event(r: Row) -> Event:
    quantity = (
        Quantity(value=r["quantity_value"], unit=r["quantity_unit"], text=r["quantity_text"])
        if r["quantity_value"] is not None else None
    )
    value = (
        Money(amount=r["value_amount"], currency=r["value_currency"], usd=r["value_usd"], text=r["value_text"])
        if r["value_amount"] is not None else None
    )
    when = (
        TimeValue(
            value=r["when_value"], text=r["when_text"], end=r["when_end"], relative=bool(r["when_relative"]),
            start_char=r["when_start_char"], end_char=r["when_end_char"],
        )
        if r["when_value"] is not None else None
    )
    trigger = (
        Span(r["trigger_start"], r["trigger_end"], r["trigger_text"] or "")
        if r["trigger_start"] is not None else None
    )
    return Event(
        id=r["id"],
        document=r["document"],
        type=r["type"],
        evidence=Span(r["evidence_start"], r["evidence_end"], r["evidence_text"]),
        status=r["status"],
        actor=r["actor"],
        target=r["target"],
        item=r["item"],
        actor_text=r["actor_text"],
        target_text=r["target_text"],
        item_text=r["item_text"],
        quantity=quantity,
        value=value,
        when=when,
        attributed_to=r["attributed_to"],
        attribution_chain=tuple(r["attribution_chain"] or ()),
        hedged=bool(r["hedged"]),
        hedges=tuple(r["hedges"] or ()),
        certainty=float(r["certainty"]),
        trigger=trigger,
        rule=r["rule"],
        confidence=r.get("confidence"),
    )


# --- explanations ---


def explanation_row(x: Explanation) -> dict[str, Any]:
    return {
        "id": x.id, "document": x.document, "cause": x.cause, "evidence_start": x.evidence.start,
        "evidence_end": x.evidence.end, "evidence_text": x.evidence.text, "event": x.event,
        "attributed_to": x.attributed_to, "stance": x.stance, "marker": x.marker, "story": x.story,
    }


def row_explanation(r: Row) -> Explanation:
    return Explanation(
        id=r["id"], document=r["document"], cause=r["cause"],
        evidence=Span(r["evidence_start"], r["evidence_end"], r["evidence_text"]), event=r["event"],
        attributed_to=r["attributed_to"], stance=r["stance"], marker=r["marker"], story=r["story"],
    )


# --- derived ---


def relation_row(x: Relation) -> dict[str, Any]:
    return {"id": x.id, "kind": x.kind, "source": x.source, "target": x.target, "similarity": float(x.similarity)}


def row_relation(r: Row) -> Relation:
    return Relation(id=r["id"], kind=r["kind"], source=r["source"], target=r["target"],
                    similarity=float(r["similarity"]))


def document_date_row(x: DocumentDate) -> dict[str, Any]:
    return {"document": x.document, "published": x.published, "basis": x.basis, "reason": x.reason,
            "repost_of": x.repost_of}


def row_document_date(r: Row) -> DocumentDate:
    return DocumentDate(document=r["document"], published=r["published"], basis=r["basis"], reason=r["reason"],
                        repost_of=r["repost_of"])


def story_row(x: Story) -> dict[str, Any]:
    return {"id": x.id, "label": x.label, "type": x.type, "events": list(x.events), "documents": list(x.documents),
            "slots": _json(x.slots)}


def row_story(r: Row) -> Story:
    return Story(id=r["id"], label=r["label"], type=r["type"], events=tuple(r["events"] or ()),
                 documents=tuple(r["documents"] or ()), slots=dict(r["slots"] or {}))


def dispute_row(x: Dispute) -> dict[str, Any]:
    return {"id": x.id, "kind": x.kind, "story": x.story, "slot": x.slot, "claims": list(x.claims),
            "explanation": x.explanation}


def row_dispute(r: Row) -> Dispute:
    return Dispute(id=r["id"], kind=r["kind"], story=r["story"], slot=r["slot"], claims=tuple(r["claims"] or ()),
                   explanation=r["explanation"])
