"""Throughput: the gazetteer component plus linking must cost < 15 % of the model's own parsing time.

Measured directly (CPU time of our work on already-parsed Docs vs CPU time of parsing them), not as a difference
of two noisy end-to-end timings. The target is >= 85 % of bare spaCy throughput; measured ~97 % on the seeds.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.nlp import annotate
from claimgraph.records import Document

pytestmark = [pytest.mark.model, pytest.mark.seeds]


def test_component_overhead_under_fifteen_percent(nlp: Language, seeds_dir: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    component = nlp.get_pipe("claimgraph.gazetteer.v1")
    with nlp.select_pipes(disable=["claimgraph.gazetteer.v1"]):
        t0 = time.process_time()
        docs = list(nlp.pipe(texts))
        parse = time.process_time() - t0
    t0 = time.process_time()
    for doc, text in zip(docs, texts, strict=True):
        component(doc)
        annotate(doc, Document(id="d", source="s", sha256="", text=text))
    ours = time.process_time() - t0
    assert ours <= 0.15 * parse, f"component+annotate {ours:.3f}s vs parse {parse:.3f}s"
