"""Floors: violations, tolerance, and the pinned gold fingerprint."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from claimgraph.errors import InvalidData
from claimgraph.evaluate import EvalReport, check_floors, evaluate, load_floors, load_gold
from claimgraph.records import Entity

from ._builders import ALL_ENTITIES, document, gold_event, pred_event

FLOORS_FILE = Path(__file__).with_name("floors.json")


def _report(write_gold: Callable[..., Path]) -> EvalReport:
    doc = document("100", "2020-07-20")
    gold = load_gold(write_gold({"100": {"true_date": "2020-07", "events": [
        gold_event("g1", "visit", "CHN", "RUS"), gold_event("g2", "loan", "CHN", "RUS"),
        gold_event("g3", "sanction", "USA", "RUS")]}}))
    preds = [pred_event(doc.id, "visit", "STATE:CHN", "STATE:RUS"),
             pred_event(doc.id, "trade", "STATE:CHN", "STATE:RUS")]
    return evaluate(gold, [doc], {}, preds, ALL_ENTITIES)


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
    empty = evaluate(gold, [], {}, [], {})
    unknown = [v for v in check_floors(empty, floors) if "unknown metric" in v]
    assert unknown == []
    assert empty.events_lenient.gold == sum(len(d.events) for d in gold.documents.values()) > 0


@pytest.mark.seeds
def test_evaluate_gold_against_itself_is_perfect(gold_dir: Path) -> None:
    """The shared gold turned into predictions must score 1.0: the matcher accepts every gold convention."""
    gold = load_gold(gold_dir)
    docs, preds, ents = [], [], {}
    for doc_id, gd in gold.documents.items():
        d = document(doc_id, gd.true_date)
        docs.append(d)
        for ge in gd.events:
            roles = {}
            for role in ("actor", "target"):
                value = getattr(ge, role)
                if value is not None and len(value) == 3 and value.isupper():
                    ents[f"STATE:{value}"] = Entity(f"STATE:{value}", "STATE", value, iso3=value)
                    roles[role] = f"STATE:{value}"
                else:
                    roles[f"{role}_text"] = value
            preds.append(pred_event(d.id, ge.type, when=ge.when, text=ge.evidence + ge.id, item_text=ge.item,
                                    attributed_to=ge.attributed_to, hedged=ge.hedged, **roles))
    report = evaluate(gold, docs, {}, preds, ents)
    assert report.events_strict.f1 == pytest.approx(1.0)
    assert report.attribution.value == pytest.approx(1.0) and report.hedging.value == pytest.approx(1.0)
    assert report.date_accuracy.value == pytest.approx(1.0)
