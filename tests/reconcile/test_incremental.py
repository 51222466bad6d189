"""Incremental reconcile gives what a full pass gives (issue 10): random orders and batches of small synthetic
corpora written into a real SQLite store, reconciled incrementally after each batch, then compared with
``reconcile(full=True)`` on the same store; and the seeds, ingested in two halves."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from claimgraph.config import load_settings
from claimgraph.reconcile.incremental import reconcile_store
from claimgraph.store import open_store
from claimgraph.store._index import ReconcileIndex
from claimgraph.workbench import Workbench, review_constraints

from .incremental_corpus import derived, make_corpus, reprocessed


def _bench(path: Path) -> Workbench:
    return Workbench(load_settings(db=str(path)), store=open_store(str(path)))


def _incremental(wb: Workbench, batch_size: int) -> None:
    """An incremental pass whatever share of the corpus changed (the Workbench would go full past 30%)."""
    rules = review_constraints(wb.reviews())  # an analyst's merges and splits, as Workbench.reconcile passes them
    stats = reconcile_store(wb.store, claims_version=wb.store.claims_version(), max_share=1.0, constraints=rules)
    assert stats is not None
    assert stats.documents <= batch_size
    assert not wb.store.reconcile_pending()


def _check_equal(wb: Workbench) -> None:
    incremental = derived(wb.store)
    wb.reconcile(full=True)
    full = derived(wb.store)
    for table in full:
        assert incremental[table] == full[table], table


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # a shrink of store runs takes minutes
@given(seed=st.integers(0, 10_000), n=st.integers(4, 26), cuts=st.lists(st.integers(1, 6), min_size=1, max_size=5),
       redo=st.booleans())
def test_incremental_reconcile_equals_full(tmp_path: Path, seed: int, n: int, cuts: list[int], redo: bool) -> None:
    results = make_corpus(seed, n)
    path = tmp_path / f"inc_{seed}_{n}_{len(cuts)}.db"
    path.unlink(missing_ok=True)
    wb = _bench(path)
    try:
        pos = 0
        first = True
        for cut in [*cuts, n]:
            batch = results[pos:pos + cut]
            pos += cut
            for r in batch:
                wb.store.write_result(r)
            if first:
                wb.reconcile(full=True)
            else:
                _incremental(wb, batch_size=len(batch))
            first = False
            if pos >= n:
                break
        if redo and results:
            assert wb.store.write_result(reprocessed(results[seed % len(results)], seed)) == "updated"
            _incremental(wb, batch_size=1)
        _check_equal(wb)
        # and the full pass left an index the next incremental pass starts from
        assert ReconcileIndex(wb.store).generation() > 0
        assert "dirty_documents" in wb.reconcile()
    finally:
        wb.close()


def test_incremental_reconcile_touches_only_new_documents(tmp_path: Path) -> None:
    results = make_corpus(7, 40)
    wb = _bench(tmp_path / "few.db")
    try:
        for r in results[:36]:
            wb.store.write_result(r)
        wb.reconcile()
        for r in results[36:]:
            wb.store.write_result(r)
        counts = wb.reconcile()
        assert counts["dirty_documents"] == 4
        assert counts["events_reclustered"] < sum(len(r.events) for r in results)
        _check_equal(wb)
    finally:
        wb.close()


def test_reconcile_without_index_runs_full(tmp_path: Path) -> None:
    wb = _bench(tmp_path / "noindex.db")
    try:
        for r in make_corpus(3, 6):
            wb.store.write_result(r)
        assert "stories" in wb.reconcile() and "dirty_documents" not in wb.reconcile(full=True)
        ReconcileIndex(wb.store).invalidate()
        assert "dirty_documents" not in wb.reconcile()  # an invalid index: the full pass, which rebuilds it
        assert "dirty_documents" in wb.reconcile()
    finally:
        wb.close()


@pytest.mark.seeds
def test_incremental_reconcile_equals_full_on_seeds(tmp_path: Path, seeds_dir: Path) -> None:
    files = sorted(p for p in seeds_dir.rglob("*") if p.is_file())
    third = max(1, len(files) // 3)
    db = tmp_path / "seeds.db"
    with Workbench(load_settings(db=str(db))) as wb:
        wb.ingest([str(p) for p in files[:third]])
        for part in (files[third:2 * third], files[2 * third:]):
            report = wb.ingest([str(p) for p in part], reconcile=False)
            _incremental(wb, batch_size=len(report.documents))
        assert wb.stories()
        _check_equal(wb)


def test_views_read_through_the_index_as_they_read_everything(tmp_path: Path) -> None:
    """The register of one party, a dyad's timeline and an entity's stories, read through reconcile's index
    (only the stories and documents they can use), equal the same views over every claim."""
    from claimgraph.views.register import register
    from claimgraph.views.timeline import timeline

    wb = _bench(tmp_path / "views.db")
    try:
        for r in make_corpus(11, 40):
            wb.store.write_result(r)
        wb.reconcile()
        ents, links = wb._entity_map(), wb.store.entity_links()
        stories, events = wb.stories(), list(wb.store.events())
        docs = list(wb.documents(status="ok"))
        checked = 0
        for party in ("RUS", "IND", "STATE:CHN", "TUR"):
            for other in (None, "CHN", "RUS"):
                want = register(stories, events, ents, docs, supplier=party, recipient=other, aliases=links,
                                include_incomplete=True)
                assert wb.register(supplier=party, recipient=other, include_incomplete=True) == want
                checked += len(want)
            assert wb.register(recipient=party) == register(stories, events, ents, docs, recipient=party,
                                                            aliases=links)
        assert checked
        for dyad in (("RUS", "IND"), ("CHN", "TUR")):
            assert wb.timeline(list(dyad)) == timeline(stories, dyad, events=events, entities=ents)
        for ent in ("STATE:RUS", "WEAPON_SYSTEM:S-400", "PERSON:sergei-shoigu"):
            by_claims = [s for s in stories if any(ent in (e.actor, e.target, e.item)
                                                   for e in events if e.id in s.events)]
            assert wb.entity_stories(ent) == by_claims and by_claims
    finally:
        wb.close()


def test_incremental_reconcile_follows_story_splits_and_merges(tmp_path: Path) -> None:
    """An analyst's split-story and entity merge (reviews) reach the incremental pass as constraints: the
    stories and entity links it leaves equal a full pass under the same reviews."""
    wb = _bench(tmp_path / "reviews.db")
    try:
        results = make_corpus(21, 30)
        for r in results[:24]:
            wb.store.write_result(r)
        wb.reconcile(full=True)
        story = next(s for s in wb.stories() if len(s.events) >= 3)
        wb.review("split-story", story.id, value=story.events[1])  # reconciles: incremental
        assert all(story.events[1] not in s.events or len(s.events) < len(story.events) for s in wb.stories())
        _check_equal(wb)
        wb.review("merge", "PERSON:rajnath-singh", value="PERSON:shoigu")
        _check_equal(wb)
        for r in results[24:]:
            wb.store.write_result(r)
        _incremental(wb, batch_size=6)
        _check_equal(wb)
    finally:
        wb.close()
