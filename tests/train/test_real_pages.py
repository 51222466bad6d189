"""Annotated real pages: gold-format records whose texts live outside the repository, aligned to candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgraph.extract import learned
from claimgraph.train.corpus import load_real
from claimgraph.train.fit import featurize

# Our own words, standing in for a retrieved page.
TEXT = (
    "Moscow, 4 March 2021. Russia delivered the second S-400 regiment to India last month, the Indian defence "
    "ministry said on Thursday. Officials in New Delhi expect the remaining units in 2022."
)


def _write(root: Path, texts: Path, text: str, chars: int) -> None:
    batch = root / "t1"
    (batch / "gold").mkdir(parents=True)
    texts.mkdir(parents=True, exist_ok=True)
    (batch / "sources.json").write_text(json.dumps([
        {"id": "t1-001", "query": "q", "corpus": "pages", "url": "https://example.org/a", "rank": 1,
         "language": "en", "chars": chars},
        {"id": "t1-002", "query": "q", "corpus": "pages", "url": "https://example.org/b", "rank": 1,
         "language": "en", "chars": 10},
    ]))
    start = text.index("Russia delivered")
    end = text.index("Thursday.") + len("Thursday.")
    gold = {"doc": "t1-001", "language": "en", "published": "2021-03-04", "entities": {},
            "events": [{"id": "t1-001-e1", "type": "arms_delivery", "actor": "RUS", "target": "IND",
                        "item": "S-400", "quantity": {"value": 1, "unit": "regiment"}, "value": None,
                        "when": "2021-02", "status": "occurred", "attributed_to": "Indian defence ministry",
                        "hedged": False, "start": start, "end": end, "hint": "a second regiment arrived"}]}
    (batch / "gold" / "t1-001.json").write_text(json.dumps(gold))
    (batch / "gold" / "t1-002.json").write_text(json.dumps({**gold, "doc": "t1-002"}))
    (texts / "t1-001.txt").write_text(text, encoding="utf-8")  # t1-002 has no text: left out, counted


def test_load_real_reads_gold_and_counts_missing_texts(tmp_path: Path) -> None:
    _write(tmp_path / "real", tmp_path / "texts", TEXT, len(TEXT))
    arts, missing = load_real(tmp_path / "real", tmp_path / "texts")
    assert missing == 1 and [a.doc for a in arts] == ["t1-001"]
    art = arts[0]
    assert not art.problems and art.meta["style"] == "real" and art.meta["published"] == "2021-03-04"
    ev = art.events[0]
    assert TEXT[ev["start"]:ev["end"]].startswith("Russia delivered") and ev["trigger_start"] is None


def test_a_text_of_another_length_is_a_problem(tmp_path: Path) -> None:
    _write(tmp_path / "real", tmp_path / "texts", TEXT, len(TEXT) + 3)
    arts, _ = load_real(tmp_path / "real", tmp_path / "texts")
    assert any("characters" in p for p in arts[0].problems)


@pytest.mark.model
def test_real_events_are_aligned_to_a_candidate_inside_their_evidence(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    _write(tmp_path / "real", tmp_path / "texts", TEXT, len(TEXT))
    arts, _ = load_real(tmp_path / "real", tmp_path / "texts")
    ex = featurize(arts, nlp, learned.load_model())
    assert ex.gold == 1 and ex.covered == 1
    assert "arms_delivery" in ex.type_y and ex.role_events == 1
    assert set(ex.type_weight) == {3.0}  # real pages weigh more than authored ones
    assert "actor" in ex.role_y and "target" in ex.role_y


def test_load_real_keeps_only_the_batches_asked_for(tmp_path: Path) -> None:
    _write(tmp_path / "real", tmp_path / "texts", TEXT, len(TEXT))
    assert [a.doc for a in load_real(tmp_path / "real", tmp_path / "texts", batches=["t1"])[0]] == ["t1-001"]
    assert load_real(tmp_path / "real", tmp_path / "texts", batches=["t2"]) == ([], 0)
