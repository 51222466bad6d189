"""A knowledge base of our own invented S-400 reports, written straight into a real SQLite store (no model)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from claimgraph.config import load_settings
from claimgraph.records import DocumentResult, Entity
from claimgraph.workbench import Workbench
from reconcile.builders import new_corpus, s400_corpus


def fill(bench: Workbench, extra: list[Entity] | None = None) -> dict[str, Any]:
    """Write the S-400 corpus (plus ``extra`` entities) into ``bench``'s store and reconcile it."""
    c = new_corpus()
    ids = s400_corpus(c)
    ents = tuple(c.entities.values()) + tuple(extra or ())
    for d in c.documents:
        evs = tuple(e for e in c.events if e.document == d.id)
        bench.store.write_result(DocumentResult(document=d, entities=ents, events=evs))
    bench.reconcile()
    return {**ids, "corpus": c}


@pytest.fixture()
def kb(tmp_db: str) -> Iterator[tuple[Workbench, dict[str, Any]]]:
    bench = Workbench(load_settings(db=tmp_db))
    extra = [Entity("PERSON:sergei-shoigu", "PERSON", "Sergei Shoigu", attributes={"state": "RUS"}),
             Entity("PERSON:s-shoygu", "PERSON", "S. Shoygu")]
    ids = fill(bench, extra)
    try:
        yield bench, ids
    finally:
        bench.close()
