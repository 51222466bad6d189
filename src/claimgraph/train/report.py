"""Score the pipeline on parts of the training corpus with the one ruler (:mod:`claimgraph.evaluate.ruler`).

Each article is ingested as a crawler would hand it over (a front-matter header with its title, URL and
publication date, then the text) into a fresh SQLite store; the store is exported and scored against the
articles' gold records. The publication date is given, so the figures measure the event layer, not dating.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..evaluate import EvalReport
from ..evaluate.ruler import score
from .corpus import Article


def write_inputs(articles: Sequence[Article], folder: Path) -> dict[str, dict[str, Any]]:
    """Write ``<doc>.md`` inputs and return the gold records keyed by doc id."""
    folder.mkdir(parents=True, exist_ok=True)
    golds: dict[str, dict[str, Any]] = {}
    for a in articles:
        head = {k: a.meta[k] for k in ("title", "url", "published") if a.meta.get(k)}
        lines = ["---", *(f"{k}: {json.dumps(str(v))}" for k, v in head.items()), "---", a.text]
        (folder / f"{a.doc}.md").write_text("\n".join(lines), encoding="utf-8")
        golds[a.doc] = a.gold()
    return golds


def score_articles(articles: Sequence[Article], events: str = "v2", processes: int = 1) -> EvalReport:
    """Ingest ``articles`` into a temporary store with the ``events`` engine and score them."""
    from ..views.export import document_rows, entity_rows, event_rows
    from ..workbench import open_workbench

    with tempfile.TemporaryDirectory(prefix="claimgraph-train-") as tmp:
        root = Path(tmp)
        golds = write_inputs(articles, root / "inputs")
        with open_workbench(str(root / "kb.db"), events=events, processes=processes) as wb:
            wb.ingest([str(root / "inputs")])
            docs = list(document_rows(wb.store))
            evs = list(event_rows(wb.store, by_id=True))
            ents = list(entity_rows(wb.store))
    return score(docs, evs, ents, golds)
