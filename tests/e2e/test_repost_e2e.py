"""Issue 4 acceptance: a re-post of a seed (same text, new page header) is linked to it and dated like it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimgraph.config import Settings
from claimgraph.workbench import Workbench

pytestmark = [pytest.mark.model, pytest.mark.seeds]


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Workbench:
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    original = next(seeds_dir.glob("002_*.txt")).read_text(encoding="utf-8")
    # A blog copies the article years later under its own dated header, the way aggregators do.
    (folder / "zz_repost.txt").write_text(
        "Sunday, January 12, 2025\nAnalysis\n\n" + original + "\n\nShare this article\n", encoding="utf-8"
    )
    wb = Workbench(Settings(db=str(tmp_path_factory.mktemp("db") / "kb.db")))
    report = wb.ingest([str(folder)])
    assert report.ok, report.failures
    return wb


def _doc(wb: Workbench, prefix: str):  # type: ignore[no-untyped-def]
    return wb.document(prefix)


def test_repost_is_linked_to_its_original(bench: Workbench) -> None:
    copy, orig = _doc(bench, "zz_repost"), _doc(bench, "002")
    kinds = {r.kind for r in bench.store.relations() if {r.source, r.target} == {copy.id, orig.id}}
    assert "repost" in kinds
    assert kinds & {"near_duplicate", "exact_duplicate"}


def test_repost_is_dated_like_its_original(bench: Workbench) -> None:
    copy, orig = _doc(bench, "zz_repost"), _doc(bench, "002")
    dates = {d.document: d for d in bench.store.document_dates()}
    effective = dates[copy.id].published if copy.id in dates else copy.published
    original = dates[orig.id].published if orig.id in dates else orig.published
    assert original and original.startswith("2016-03")
    assert effective and effective[:7] == original[:7]
    assert copy.stated_date == "2025-01-12"


def test_seed_dates_stay_right_after_reconciliation(bench: Workbench, gold_dir: Path) -> None:
    metrics = bench.evaluate(gold_dir).metrics()
    assert metrics["dates.accuracy"] == 1.0, metrics


def test_repost_claims_join_the_originals_stories_as_the_same_report(bench: Workbench) -> None:
    copy, orig = _doc(bench, "zz_repost"), _doc(bench, "002")
    shared = [s for s in bench.store.stories() if copy.id in s.documents and orig.id in s.documents]
    assert shared, "the copy's claims should join the original's stories"
    for story in shared:
        assert story.slots["reposts"] == {copy.id: orig.id}
        others = {d for d in story.documents if d not in (copy.id, orig.id)}
        assert story.slots["reports"] == 1 + len(others)  # the copy is not a second source
