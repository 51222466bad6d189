"""The demo corpus's own gold: it loads, names real demo files, and every evidence span is in its article."""

from __future__ import annotations

import re
from pathlib import Path

from claimgraph.demo import corpus_files
from claimgraph.evaluate import load_gold

DEMO_GOLD = Path(__file__).with_name("demo_gold")


def _flat(text: str) -> str:
    return " ".join(text.replace("&middot;", " ").split())


def test_demo_gold_loads_and_matches_demo_files() -> None:
    gold = load_gold(DEMO_GOLD)
    names = {p.name[:2]: p for p in corpus_files()}
    assert sorted(gold.documents) == [f"{i:02d}" for i in range(1, 11)]
    assert all(doc in names for doc in gold.documents)
    assert sum(len(d.events) for d in gold.documents.values()) >= 60
    assert gold.documents["10"].true_date == gold.documents["09"].true_date != gold.documents["10"].stated_date


def test_demo_gold_evidence_is_in_the_article() -> None:
    gold = load_gold(DEMO_GOLD)
    names = {p.name[:2]: p for p in corpus_files()}
    for doc_id, gd in gold.documents.items():
        text = _flat(re.sub(r"<[^>]+>", " ", names[doc_id].read_text(encoding="utf-8")))
        for event in gd.events:
            assert _flat(event.evidence) in text, (event.id, event.evidence)
