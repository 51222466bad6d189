"""PLOVER-style event records: each reviewed claim as one JSON object with a PLOVER category, mode and context.

PLOVER (the Open Event Data Alliance's successor of CAMEO) codes an event as ``event_type`` (one of its 18
categories: AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, INVESTIGATE, DEMAND, DISAPPROVE, REJECT,
THREATEN, PROTEST, CRIME, SANCTION, MOBILIZE, COERCE, ASSAULT), a ``mode`` that refines it, and a list of
``context`` tags, between an ``actor`` and a ``recipient``. Our ontology (``data/ontology.yaml``) maps every event
type onto it; the few codes it uses that PLOVER spells differently are mapped here (a delay or cancellation of
deliveries is a SANCTION that reduces aid, an armed clash an ASSAULT, an accusation DISAPPROVE). PLOVER's
``future`` context marks expected or planned events, as its manual asks of coders. Statements, which PLOVER does
not code, keep ``OTHER``.

Each record keeps what PLOVER leaves out and an analyst needs: the evidence (document, character offsets, text),
who asserts it, hedging, the review state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..records import Document, Entity, Event

__all__ = ["PLOVER_CATEGORIES", "plover_category", "plover_events"]

PLOVER_CATEGORIES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND", "DISAPPROVE",
    "REJECT", "THREATEN", "PROTEST", "CRIME", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})
# ontology code -> (PLOVER category, mode that keeps what the code said)
_RESPELL: Mapping[str, tuple[str, str]] = {
    "REDUCE": ("SANCTION", "reduce_aid"),
    "FIGHT": ("ASSAULT", "conventional"),
    "ACCUSE": ("DISAPPROVE", "accuse"),
}
_FUTURE = frozenset({"expected", "planned"})


def plover_category(code: str, mode: str) -> tuple[str, str]:
    """Our ontology's PLOVER code and mode -> a PLOVER category and mode (``OTHER`` where PLOVER has none)."""
    if code in PLOVER_CATEGORIES:
        return code, mode
    if code in _RESPELL:
        category, respelled = _RESPELL[code]
        return category, mode if code == "ACCUSE" and mode != "verbal" else respelled
    return "OTHER", mode


def _party(entity_id: str | None, text: str | None, entities: Mapping[str, Entity],
           aliases: Mapping[str, str]) -> dict[str, Any] | None:
    if not entity_id and not text:
        return None
    ent = entities.get(aliases.get(entity_id, entity_id)) if entity_id else None
    country = None
    if ent is not None:
        country = ent.iso3 if ent.type == "STATE" else (ent.attributes or {}).get("state")
    return {"name": ent.name if ent else (text or entity_id), "id": ent.id if ent else entity_id,
            "country": country, "text": text}


def plover_events(
    events: Iterable[Event],
    documents: Iterable[Document],
    entities: Mapping[str, Entity],
    *,
    aliases: Mapping[str, str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    """One PLOVER-style record per event, ordered by id."""
    from ..extract.ontology import load_ontology

    types = load_ontology()
    docs = {d.id: d for d in documents}
    alias = aliases or {}
    for e in sorted(events, key=lambda x: x.id):
        spec = types.get(e.type)
        code, mode, context = (spec.plover, spec.mode, spec.context) if spec else ("OTHER", "other", "other")
        category, mode = plover_category(code, mode)
        contexts = [context] + (["future"] if e.status in _FUTURE else [])
        doc = docs.get(e.document)
        yield {
            "id": e.id,
            "event_type": category,
            "mode": mode,
            "context": contexts,
            "date": e.when.value if e.when else None,
            "date_precision": e.when.granularity if e.when else None,
            "actor": _party(e.actor, e.actor_text, entities, alias),
            "recipient": _party(e.target, e.target_text, entities, alias),
            "item": _party(e.item, e.item_text, entities, alias),
            "quantity": {"value": e.quantity.value, "unit": e.quantity.unit} if e.quantity else None,
            "value": {"amount": e.value.amount, "currency": e.value.currency, "usd": e.value.usd} if e.value else None,
            "status": e.status,
            "attributed_to": e.attributed_to,
            "hedged": e.hedged,
            "text": e.evidence.text,
            "evidence": {"document": e.document, "start": e.evidence.start, "end": e.evidence.end,
                         "text": e.evidence.text},
            "source": {"document": e.document, "title": doc.title if doc else None,
                       "outlet": doc.outlet if doc else None, "url": doc.url if doc else None,
                       "published": doc.published if doc else None},
            "claimgraph_type": e.type,
            "review": (marks or {}).get(e.id),
        }
