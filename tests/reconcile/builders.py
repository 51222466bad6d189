"""A small builder of synthetic corpora (our own invented sentences) for reconcile and view tests."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from claimgraph.reconcile import Ontology
from claimgraph.records import Document, Entity, Event, Money, Quantity, Span, TimeValue, make_id

# A small weight/family table standing in for data/ontology.yaml in unit tests.
TEST_ONTOLOGY = Ontology(
    weights={"arms_order": 6, "arms_delivery": 7, "arms_delivery_delay": -4, "arms_cancellation": -6,
             "meeting": 4, "agreement": 6, "opposition": -5, "armed_clash": -9, "statement": 0, "loan": 5},
    families={"arms_delivery_delay": "arms_disruption", "arms_cancellation": "arms_disruption",
              "meeting": "diplomacy", "visit": "diplomacy"},
    symmetric=frozenset({"meeting", "agreement", "armed_clash", "visit"}),
)


@dataclass
class Corpus:
    """Builds documents and events; evidence spans are real offsets into the document text."""

    documents: list[Document] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)

    def doc(self, name: str, text: str, *, date: str | None = None, basis: str | None = None,
            outlet: str | None = None, **kw: Any) -> Document:
        sha = hashlib.sha256(text.encode()).hexdigest()
        d = Document(id=make_id("doc", name, sha), source=f"{name}.txt", sha256=sha, text=text, stated_date=date,
                     published=date, published_basis=basis or ("stated" if date else None), outlet=outlet, **kw)
        self.documents.append(d)
        return d

    def entity(self, eid: str, name: str, **kw: Any) -> Entity:
        e = Entity(id=eid, type=eid.split(":", 1)[0], name=name, **kw)
        self.entities[eid] = e
        return e

    def event(self, doc: Document, etype: str, evidence: str, *, actor: str | None = None,
              target: str | None = None, item: str | None = None, when: str | None = None,
              status: str = "occurred", quantity: tuple[float, str] | None = None, usd: float | None = None,
              hedged: bool = False, attributed_to: str = "author", certainty: float = 1.0) -> Event:
        start = doc.text.index(evidence)
        ev = Event(
            id=make_id("ev", doc.id, start, etype, actor, target),
            document=doc.id, type=etype, evidence=Span(start, start + len(evidence), evidence), status=status,
            actor=actor, target=target, item=item, when=TimeValue(when) if when else None,
            quantity=Quantity(quantity[0], quantity[1]) if quantity else None,
            value=Money(usd, "USD", usd) if usd else None, hedged=hedged,
            hedges=("reportedly",) if hedged else (), attributed_to=attributed_to, certainty=certainty,
        )
        self.events.append(ev)
        return ev


def new_corpus() -> Corpus:
    c = Corpus()
    c.entity("STATE:RUS", "Russia", aliases=("Moscow", "Russian", "the Kremlin"), iso3="RUS")
    c.entity("STATE:CHN", "China", aliases=("Beijing", "Chinese"), iso3="CHN")
    c.entity("STATE:IND", "India", aliases=("New Delhi", "Indian"), iso3="IND")
    c.entity("WEAPON_SYSTEM:S-400", "S-400")
    return c


def s400_corpus(c: Corpus) -> dict[str, Any]:
    """Three reports on one invented air-defence contract: order, deliveries, suspension, plus an expectation."""
    d1 = c.doc("early", "Analysts here expect Russia to start handing the S-400 batteries to China in 2017. "
               "Beijing already paid an advance.", date="2016-03-20", outlet="Monitor A")
    d2 = c.doc("mid", "Moscow signed the S-400 contract with Beijing in 2014 for some three billion dollars. "
               "The first S-400 regiment reached China in May 2018. Moscow has now put S-400 shipments to China "
               "on hold.", date="2020-07-30", outlet="Review B")
    d3 = c.doc("late", "Reportedly the Kremlin has paused S-400 shipments to China this summer. The order for "
               "six S-400 battalions dates from September 2014.", date=None, outlet="Blog C")
    ids = {
        "exp": c.event(d1, "arms_delivery", "expect Russia to start handing the S-400 batteries to China in 2017",
                       actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2017",
                       status="expected"),
        "order_b": c.event(d2, "arms_order", "Moscow signed the S-400 contract with Beijing in 2014",
                           actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2014",
                           usd=3e9),
        "deliv": c.event(d2, "arms_delivery", "The first S-400 regiment reached China in May 2018",
                         actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2018-05"),
        "susp_b": c.event(d2, "arms_delivery_delay", "Moscow has now put S-400 shipments to China on hold",
                          actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2020-07"),
        "susp_c": c.event(d3, "arms_cancellation", "Reportedly the Kremlin has paused S-400 shipments to China",
                          actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2020",
                          status="alleged", hedged=True, certainty=0.5),
        "order_c": c.event(d3, "arms_order", "The order for six S-400 battalions dates from September 2014",
                           actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2014-09",
                           quantity=(6, "battalion")),
    }
    return {"docs": (d1, d2, d3), **{k: v.id for k, v in ids.items()}}
