"""A small knowledge base for API and UI tests, written through the Store (no NLP) and reconciled.

The texts are the invented S-400 reports of ``tests/reconcile/builders.py`` (our own sentences); mentions are the
entities' names and aliases found in them, plus one explanation. Everything is real: a SQLite store on disk, the
Workbench's reconcile, the search index the Store keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.config import load_settings
from claimgraph.records import DocumentResult, Explanation, Mention, Span, make_id
from claimgraph.workbench import Workbench
from reconcile.builders import Corpus, new_corpus, s400_corpus


@dataclass(frozen=True)
class KB:
    """The store's path and the ids tests refer to."""

    db: str
    ids: dict[str, Any]


def mentions_for(corpus: Corpus, doc_id: str, text: str) -> list[Mention]:
    found: dict[tuple[int, int], Mention] = {}
    for ent in corpus.entities.values():
        for name in sorted({ent.name, *ent.aliases}, key=len, reverse=True):
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                if any(s <= m.start() < e or s < m.end() <= e for s, e in found):
                    continue
                found[(m.start(), m.end())] = Mention(
                    id=make_id("m", doc_id, m.start(), m.end()), document=doc_id, start=m.start(), end=m.end(),
                    text=m.group(0), label=ent.type, entity=ent.id, source="gazetteer")
    return [found[k] for k in sorted(found)]


def build_kb(path: Path | str) -> KB:
    """Write the corpus into the store at ``path`` (a SQLite path or a ``postgresql://`` URL) and reconcile."""
    corpus = new_corpus()
    ids = s400_corpus(corpus)
    d2 = ids["docs"][1]
    because = "because of the pandemic"
    d4 = corpus.doc("why", "Moscow stopped S-400 shipments to China in 2020 because of the pandemic, officials said. "
                    "A columnist doubts that.", date="2020-08-02", outlet="Digest D")
    ids["susp_d"] = corpus.event(d4, "arms_delivery_delay", "Moscow stopped S-400 shipments to China in 2020",
                                 actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400",
                                 when="2020", attributed_to="officials").id
    start = d4.text.index(because)
    explanation = Explanation(id=make_id("ex", d4.id, start), document=d4.id, cause="the pandemic",
                              evidence=Span(start, start + len(because), because), event=ids["susp_d"],
                              attributed_to="officials", stance="neutral", marker="because of")
    db = str(path)
    with Workbench(load_settings(db=db)) as bench:
        for doc in corpus.documents:
            events = tuple(e for e in corpus.events if e.document == doc.id)
            result = DocumentResult(document=doc, mentions=tuple(mentions_for(corpus, doc.id, doc.text)),
                                    entities=tuple(corpus.entities.values()), events=events,
                                    explanations=(explanation,) if doc.id == d4.id else ())
            bench.store.write_result(result)
        bench.reconcile()
    ids["docs"] = [d.id for d in corpus.documents]
    ids["mid"] = d2.id
    ids["why"] = d4.id
    ids["explanation"] = explanation.id
    return KB(db, ids)
