"""The Workbench keeps reconcile's entity merge: stored by ``reconcile()``, folded into ``entities()``, used by
``graph()`` and the register (a claim made with a variant id still finds its canonical entity)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimgraph.config import load_settings
from claimgraph.records import Document, DocumentResult, Entity, Event, Mention, Span, make_id
from claimgraph.workbench import Workbench

FULL = Entity("PERSON:ivan-orlov", "PERSON", "Ivan Orlov", attributes={"role": "Defence Minister", "state": "RUS"})
TYPO = Entity("PERSON:ivan-orlv", "PERSON", "Ivan Orlv")
RUS = Entity("STATE:RUS", "STATE", "Russia", iso3="RUS")
IND = Entity("STATE:IND", "STATE", "India", iso3="IND")


def _result(text: str, source: str, person: Entity) -> DocumentResult:
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=make_id("doc", sha), source=source, sha256=sha, text=text, published="2021-05-01")
    start = text.index(person.name)
    m = Mention(make_id("m", doc.id, start), doc.id, start, start + len(person.name), person.name, "PERSON", person.id)
    ev = Event(make_id("ev", doc.id), doc.id, "meeting", Span(0, len(text), text), actor=person.id, target=IND.id)
    return DocumentResult(doc, mentions=(m,), entities=(person, RUS, IND), events=(ev,))


def test_workbench_reconcile_persists_and_folds_the_entity_merge(tmp_path: Path) -> None:
    with Workbench(load_settings(db=str(tmp_path / "kb.db"))) as wb:
        wb.store.write_result(_result("Ivan Orlov met Indian officers in the port.", "a.txt", FULL))
        wb.store.write_result(_result("Ivan Orlv held talks with India's army chief.", "b.txt", TYPO))
        counts = wb.reconcile()
        assert counts["entity_links"] == 1
        assert wb.store.entity_links() == {TYPO.id: FULL.id}
        people = {e.id: (e, docs, n) for e, docs, n in wb.entities(type="PERSON")}
        assert list(people) == [FULL.id]
        ent, docs, n = people[FULL.id]
        assert "Ivan Orlv" in ent.aliases and len(docs) == 2 and n == 2
        g = wb.graph()
        assert TYPO.id not in g and g.number_of_edges(FULL.id, IND.id) == 2
        # a re-run replaces the links rather than adding to them
        wb.reconcile()
        assert wb.store.entity_links() == {TYPO.id: FULL.id}
