"""Random small corpora of stored document results (our own invented sentences) for the incremental tests.

Few states, types and months, so that claims of different documents corefer into stories, disagree in date and
quantity (disputes), forecast and then report the same thing (updates), copy each other (exact copies under a new
date, near copies with a changed sentence: re-posts) and name people by misspelt and short names (entity merges).
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from typing import Any

from sqlalchemy import select

from claimgraph.records import (
    Document,
    DocumentResult,
    Entity,
    Event,
    Explanation,
    Mention,
    Quantity,
    Span,
    TimeValue,
    make_id,
)
from claimgraph.store import Store
from claimgraph.store import schema as S

STATES = ("RUS", "IND", "CHN", "TUR")
TYPES = ("arms_order", "arms_delivery", "meeting", "statement", "arms_delivery_delay", "loan")
STATUSES = ("occurred", "occurred", "planned", "expected", "ongoing", "alleged")
PEOPLE = (("PERSON:sergei-shoigu", "Sergei Shoigu", {"role": "Defence Minister of Russia", "state": "RUS"}),
          ("PERSON:segei-shoigu", "Segei Shoigu", {}), ("PERSON:shoigu", "Shoigu", {}),
          ("PERSON:rajnath-singh", "Rajnath Singh", {"role": "Defence Minister of India", "state": "IND"}))
WEAPONS = ("WEAPON_SYSTEM:S-400", "WEAPON_SYSTEM:T-90")
FILLER = ("officials", "said", "the", "talks", "continued", "in", "the", "capital", "after", "a", "long", "delay",
          "while", "analysts", "expected", "further", "orders", "soon", "and", "ministers", "met", "again")


def _sentence(rng: random.Random, k: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(k)).capitalize() + "."


def _entities() -> dict[str, Entity]:
    out = {f"STATE:{s}": Entity(id=f"STATE:{s}", type="STATE", name=f"State {s}", aliases=(s,), iso3=s)
           for s in STATES}
    for pid, name, attrs in PEOPLE:
        out[pid] = Entity(id=pid, type="PERSON", name=name, attributes=attrs)
    for w in WEAPONS:
        out[w] = Entity(id=w, type="WEAPON_SYSTEM", name=w.split(":", 1)[1])
    out["PLACE:CRIMEA"] = Entity(id="PLACE:CRIMEA", type="PLACE", name="Crimea")
    return out


def make_result(rng: random.Random, i: int, *, base: DocumentResult | None = None) -> DocumentResult:
    """Document ``i``: a few claims over a shared vocabulary; with ``base`` a copy of it (exact or near) under
    another date."""
    ents = _entities()
    if base is not None:
        text = base.document.text
        if rng.random() < 0.5:
            text = text.rsplit(".", 2)[0] + ". " + _sentence(rng, 6)  # a near copy: its last sentence changed
        date = f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    else:
        parts = [f"Report {i}: " + _sentence(rng, rng.randint(8, 14)) for _ in range(rng.randint(2, 4))]
        text = " ".join(parts)
        date = rng.choice([None, "2019", f"2019-{rng.randint(1, 12):02d}", f"2019-{rng.randint(1, 12):02d}-1{i % 9}"])
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=make_id("doc", sha, date), source=f"inc/{i:04d}.txt", sha256=sha, text=text,
                   stated_date=date, published=date, published_basis="stated" if date and rng.random() < 0.5
                   else ("inferred" if date else None), outlet=rng.choice([None, "Outlet A", "Outlet B"]))
    mentions: list[Mention] = []
    used: dict[str, Entity] = {}
    words = [(w, pos) for pos, w in _positions(text)]
    for k, (w, pos) in enumerate(words[: rng.randint(2, 8)]):
        pick = rng.choice([*ents, None])
        eid = pick if pick is not None else None
        label = ents[eid].type if eid else "PERSON"
        mentions.append(Mention(id=make_id("m", doc.id, pos, k), document=doc.id, start=pos, end=pos + len(w),
                                text=w if eid else rng.choice(["the Russian Defence Minister", "a spokesman"]),
                                label=label, entity=eid, source="gazetteer"))
        if eid:
            used[eid] = ents[eid]
    events: list[Event] = []
    for k in range(rng.randint(1, 5)):
        actor = rng.choice([f"STATE:{rng.choice(STATES)}", rng.choice(PEOPLE)[0], None])
        target = rng.choice([f"STATE:{rng.choice(STATES)}", None])
        item = rng.choice([*WEAPONS, None])
        when = rng.choice([None, "2018", f"2018-{rng.randint(4, 7):02d}", f"2018-{rng.randint(4, 7):02d}-10"])
        start = rng.randint(0, max(0, len(text) - 40))
        end = min(len(text), start + rng.randint(20, 60))
        for x in (actor, target, item):
            if x:
                used[x] = ents[x]
        events.append(Event(
            id=make_id("ev", doc.id, k), document=doc.id, type=rng.choice(TYPES), status=rng.choice(STATUSES),
            evidence=Span(start, end, text[start:end]), actor=actor, target=target, item=item,
            actor_text=None if actor else rng.choice([None, "the buyers"]),
            quantity=Quantity(float(rng.choice([10, 12, 40])), "unit") if rng.random() < 0.4 else None,
            when=TimeValue(when, relative=rng.random() < 0.2) if when else None,
            attributed_to=rng.choice(["author", actor or "author", "STATE:CHN and STATE:RUS"]),
            hedged=rng.random() < 0.2, certainty=rng.choice([1.0, 0.5])))
    expl: list[Explanation] = []
    if events and rng.random() < 0.6:
        expl.append(Explanation(id=make_id("x", doc.id), document=doc.id, cause=rng.choice(["sanctions", "a dispute"]),
                                evidence=Span(0, 10, text[:10]), event=rng.choice(events).id,
                                stance=rng.choice(["endorses", "neutral"])))
    return DocumentResult(document=doc, mentions=tuple(mentions), entities=tuple(used.values()),
                          events=tuple(events), explanations=tuple(expl))


def _positions(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for w in text.split(" "):
        out.append((pos, w))
        pos += len(w) + 1
    return out


def make_corpus(seed: int, n: int) -> list[DocumentResult]:
    """``n`` documents, about one in five a copy of an earlier one."""
    rng = random.Random(seed)
    out: list[DocumentResult] = []
    for i in range(n):
        base = rng.choice(out) if out and rng.random() < 0.2 else None
        out.append(make_result(rng, i, base=base))
    return out


def reprocessed(result: DocumentResult, seed: int) -> DocumentResult:
    """The same document processed again with different output (one claim dropped, one added)."""
    rng = random.Random(seed)
    other = make_result(rng, 9000 + seed)
    text = result.document.text
    extra = [dataclasses.replace(e, id=make_id("ev", result.document.id, "re", seed), document=result.document.id,
                                 evidence=Span(0, min(15, len(text)), text[:15])) for e in other.events[:1]]
    events = (*result.events[1:], *extra)
    return DocumentResult(document=result.document, mentions=result.mentions,
                          entities=tuple({e.id: e for e in (*result.entities, *other.entities)}.values()),
                          events=events, explanations=result.explanations)


def derived(store: Store) -> dict[str, Any]:
    """Every derived row reconcile writes, comparable between an incremental and a full pass."""
    with store.engine.connect() as conn:
        links = sorted(conn.execute(select(S.entity_links.c.kind, S.entity_links.c.source,
                                           S.entity_links.c.target)).tuples().all())
        expl = sorted(conn.execute(select(S.explanations.c.id, S.explanations.c.story)).tuples().all())
    return {
        "relations": store.relations(),
        "document_dates": store.document_dates(),
        "stories": store.stories(),
        "disputes": store.disputes(),
        "links": links,
        "explanations": expl,
    }
