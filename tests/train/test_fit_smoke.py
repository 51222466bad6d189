"""A smoke training on a small slice of the corpus: fit, write, load, extract (CI runs it on every push)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimgraph.extract import learned
from claimgraph.train.fit import fit, split_of

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("model")
    report = fit(out=out, limit=24, held_apart=4, real=False)
    return out, report


def test_fit_writes_a_model_that_loads(small_model: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    out, report = small_model
    header = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert header["name"] == "claimgraph.events.v2" and header["type_labels"][0] == "none"
    assert report["articles"]["train"] + report["articles"]["held_apart"] == 24
    assert report["articles"]["held_apart"] > 0 and report["type_examples"] > 100
    assert 0.5 < report["trigger_coverage"]["train"] <= 1.0
    model = learned.EventModel.from_dir(out)
    assert set(model.thresholds) <= set(model.type_labels)
    probs = model.type_probs([["bias", "l=deliver", "pos=VERB"], ["bias"]])
    assert probs.shape == (2, len(model.type_labels)) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    roles = model.role_probs([["bias", "hdep=nsubj"]])
    assert roles.shape == (1, 3)


def test_the_split_is_stable_and_about_one_in_k() -> None:
    ids = [f"w{w}-{n:03d}" for w in range(1, 8) for n in range(1, 46)]
    held = [i for i in ids if split_of(i, 5) == "held"]
    assert held == [i for i in ids if split_of(i, 5) == "held"]  # deterministic
    assert 0.1 < len(held) / len(ids) < 0.3
    assert split_of("anything", 1) == "train"


def test_the_small_model_extracts_events(small_model: tuple[Path, dict], nlp) -> None:  # type: ignore[no-untyped-def, type-arg]
    from claimgraph.nlp import annotate
    from claimgraph.records import Document

    out, _ = small_model
    model = learned.EventModel.from_dir(out)
    text = "Russia delivered two more S-400 regiments to India in December 2021, the Indian defence ministry said."
    doc = nlp(text)
    document = Document(id="doc_smoke", source="smoke.txt", sha256="0" * 64, text=text, published="2022-01-10")
    mentions, entities = annotate(doc, document)
    events = learned.extract_events_v2(doc, document, mentions, {e.id: e for e in entities}, model=model)
    for ev in events:
        assert ev.rule == "claimgraph.events.v2" and ev.confidence is not None and 0 < ev.confidence <= 1
        assert text[ev.evidence.start:ev.evidence.end] == ev.evidence.text
