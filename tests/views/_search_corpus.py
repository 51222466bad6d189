"""A tiny made-up corpus for the search and ask tests (our own sentences, no third-party text)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text

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

STATES = {
    "RUS": Entity("STATE:RUS", "STATE", "Russia", ("Moscow",), "RUS"),
    "CHN": Entity("STATE:CHN", "STATE", "China", ("Beijing",), "CHN"),
    "IND": Entity("STATE:IND", "STATE", "India", ("New Delhi",), "IND"),
}
RADAR = Entity("WEAPON_SYSTEM:ZX-9", "WEAPON_SYSTEM", "ZX-9 radar", ("ZX-9",), None, {"kind": "radar"})


@dataclass(frozen=True)
class Claim:
    """An event to build: its evidence is the first occurrence of ``evidence`` in the text."""

    evidence: str
    type: str = "arms_delivery"
    actor: str | None = "STATE:RUS"
    target: str | None = "STATE:CHN"
    item: str | None = None
    when: str | None = None
    status: str = "occurred"
    usd: float | None = None
    quantity: tuple[float, str] | None = None


@dataclass(frozen=True)
class Cause:
    """An explanation of the document's ``event``-th claim: ``evidence`` is found in the text."""

    evidence: str
    cause: str
    attributed_to: str = "author"
    stance: str = "endorses"
    event: int = 0


def pg_url() -> str:
    url = os.environ.get("CLAIMGRAPH_TEST_PG_URL", "")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CLAIMGRAPH_TEST_PG_URL is not set under CI: start a server with scripts/pg.sh")
        pytest.skip("CLAIMGRAPH_TEST_PG_URL not set (start a server with scripts/pg.sh)")
    return url


def reset_pg(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def result(body: str, claims: tuple[Claim, ...] = (), *, source: str = "made/up.txt", title: str | None = None,
           outlet: str | None = None, published: str | None = None, doc_id: str | None = None,
           causes: tuple[Cause, ...] = (), meta: dict[str, object] | None = None) -> DocumentResult:
    """A document with mentions of every state and the radar it names, and the given claims."""
    sha = hashlib.sha256(body.encode()).hexdigest()
    doc = Document(id=doc_id or make_id("doc", sha), source=source, sha256=sha, text=body, title=title,
                   outlet=outlet, published=published, published_basis="stated" if published else None,
                   published_reason="Stated in the dateline" if published else None, meta=meta or {})
    mentions, entities = [], {}
    for ent in (*STATES.values(), RADAR):
        for form in (ent.name, *ent.aliases):
            at = body.find(form)
            while at >= 0:
                mentions.append(Mention(make_id("m", doc.id, at), doc.id, at, at + len(form), form, ent.type,
                                        ent.id, "gazetteer"))
                entities[ent.id] = ent
                at = body.find(form, at + len(form))
    events = []
    for c in claims:
        start = body.index(c.evidence)
        events.append(Event(
            id=make_id("ev", doc.id, start, c.type), document=doc.id, type=c.type,
            evidence=Span(start, start + len(c.evidence), c.evidence), actor=c.actor, target=c.target, item=c.item,
            when=TimeValue(c.when, c.when) if c.when else None, status=c.status,
            value=Money(c.usd, "USD", c.usd, f"${c.usd:,.0f}") if c.usd else None,
            quantity=Quantity(c.quantity[0], c.quantity[1], f"{c.quantity[0]:g} {c.quantity[1]}s")
            if c.quantity else None))
        for eid in (c.actor, c.target, c.item):
            if eid:
                entities[eid] = next(e for e in (*STATES.values(), RADAR) if e.id == eid)
    explanations = []
    for x in causes:
        start = body.index(x.evidence)
        explanations.append(Explanation(make_id("x", doc.id, start), doc.id, x.cause,
                                        Span(start, start + len(x.evidence), x.evidence),
                                        events[x.event].id if events else None, x.attributed_to, x.stance))
    return DocumentResult(doc, tuple(mentions), tuple(entities.values()), tuple(events), tuple(explanations))
