"""Floors: violations, tolerance, and the pinned gold fingerprint."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claimgraph.errors import InvalidData
from claimgraph.evaluate import EvalReport, check_floors, evaluate, load_floors, load_gold

from ._builders import document_row, event_row, gold_event

FLOORS_FILE = Path(__file__).with_name("floors.json")


def _report(write_gold: Callable[..., Path]) -> EvalReport:
    doc = document_row("100", "2020-07-20")
    gold_dir = write_gold({"100": {"published": "2020-07", "events": [
        gold_event("g1", "visit", "CHN", "RUS"), gold_event("g2", "loan", "CHN", "RUS"),
        gold_event("g3", "sanction", "USA", "RUS")]}})
    rows = [event_row(doc["id"], "visit", "CHN", "RUS"), event_row(doc["id"], "trade", "CHN", "RUS")]
    return evaluate(gold_dir, [doc], rows, [])


def test_check_floors_lists_metrics_below_their_floor(write_gold: Callable[..., Path]) -> None:
    report = _report(write_gold)
    metrics = report.metrics()
    assert metrics["events.strict.recall"] == pytest.approx(1 / 3)
    assert metrics["events.lenient.recall"] == pytest.approx(2 / 3)
    violations = check_floors(report, {"floors": {"events.strict.recall": 0.5, "events.lenient.recall": 0.6,
                                                  "dates.accuracy": 1.0}})
    assert len(violations) == 1 and violations[0].startswith("events.strict.recall")


def test_check_floors_tolerates_epsilon(write_gold: Callable[..., Path]) -> None:
    report = _report(write_gold)  # lenient recall 0.6667
    assert check_floors(report, {"events.lenient.recall": 0.67}) == []
    assert check_floors(report, {"events.lenient.recall": 0.67}, epsilon=0.0) != []
    assert len(check_floors(report, {"events.lenient.recall": 0.675})) == 1


def test_check_floors_flags_unknown_metric_and_other_gold(write_gold: Callable[..., Path]) -> None:
    report = _report(write_gold)
    violations = check_floors(report, {"gold_sha256": "0" * 64, "floors": {"events.bogus": 0.1}})
    assert len(violations) == 2
    assert any("gold corpus changed" in v for v in violations)
    assert any(v.startswith("events.bogus") for v in violations)


def test_load_floors_rejects_a_file_without_floors(tmp_path: Path) -> None:
    bad = tmp_path / "floors.json"
    bad.write_text(json.dumps({"gold_sha256": "x"}), encoding="utf-8")
    with pytest.raises(InvalidData):
        load_floors(bad)


@pytest.mark.seeds
def test_floors_file_is_pinned_to_the_shared_gold(gold_dir: Path) -> None:
    floors = load_floors(FLOORS_FILE)
    gold = load_gold(gold_dir)
    assert floors["gold_sha256"] == gold.sha256, "gold changed: re-measure and re-pin tests/eval/floors.json"
    assert sorted(gold.documents) == ["000", "001", "002", "003", "004"]
    empty = evaluate(gold_dir, [], [], [])
    unknown = [v for v in check_floors(empty, floors) if "unknown metric" in v]
    assert unknown == []
    assert empty.events_lenient.gold == sum(len(d.events) for d in gold.documents.values()) > 0


@pytest.mark.seeds
def test_the_shared_gold_against_itself_is_perfect(gold_dir: Path) -> None:
    """The shared gold turned into export rows scores 1.0: the ruler accepts every gold convention."""
    docs, rows = [], []
    for p in sorted(gold_dir.glob("0*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        d = document_row(g["doc"], g.get("true_date", g.get("published")))
        docs.append(d)
        rows += [event_row(d["id"], ge["type"], ge.get("actor"), ge.get("target"), n=k, item=ge.get("item"),
                           when=ge.get("when"), attributed_to=ge.get("attributed_to"), hedged=ge.get("hedged"))
                 for k, ge in enumerate(g["events"])]
    report = evaluate(gold_dir, docs, rows, [])
    assert report.events_strict.f1 == pytest.approx(1.0)
    assert report.attribution.value == pytest.approx(1.0) and report.hedging.value == pytest.approx(1.0)
    assert report.date_accuracy.value == pytest.approx(1.0)
