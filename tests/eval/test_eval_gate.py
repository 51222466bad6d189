"""The quality gate: the seeds through the whole pipeline, scored against the shared gold, must meet the floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.config import Settings
from claimgraph.evaluate import EvalReport, check_floors, load_floors, load_gold

pytestmark = [pytest.mark.seeds, pytest.mark.model]

FLOORS_FILE = Path(__file__).with_name("floors.json")


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path, gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    from claimgraph.workbench import Workbench

    db = tmp_path_factory.mktemp("gate") / "gate.db"
    with Workbench(Settings(db=str(db))) as bench:
        ingested = bench.ingest([str(seeds_dir)])
        assert not ingested.failures, ingested.failures
        report: EvalReport = bench.evaluate(gold_dir)
    return report


def test_eval_gate_seeds_meet_the_floors(seeds_report: EvalReport) -> None:
    assert seeds_report.missing == ()
    violations = check_floors(seeds_report, load_floors(FLOORS_FILE))
    assert violations == [], "\n" + seeds_report.to_table()


def test_eval_gate_report_covers_every_gold_figure(seeds_report: EvalReport, gold_dir: Path) -> None:
    gold = load_gold(gold_dir)
    assert set(load_floors(FLOORS_FILE)["floors"]) <= set(seeds_report.metrics())
    assert seeds_report.events_lenient.gold == sum(len(d.events) for d in gold.documents.values())
    assert len(seeds_report.dates) == len(gold.documents) and seeds_report.events_lenient.predicted > 0
