"""The Store's main filter queries use the indexes of schema version 8 (issue 10): ``EXPLAIN QUERY PLAN`` on
SQLite names an index for each and never a full scan of ``events``; the time bounds are ISO-prefix exact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.dialects import sqlite
from store_factory import make_result

from claimgraph.store import Store, open_store
from claimgraph.store.store import _after_prefix


def _plan(store: Store, stmt: Any) -> str:
    sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    return " | ".join(str(r[-1]) for r in rows)


def _events_stmt(store: Store, **filters: Any) -> Any:
    """The statement ``Store.iter_events`` runs for these filters (captured from the engine)."""
    from sqlalchemy import event

    seen: list[Any] = []

    def grab(conn: Any, clauseelement: Any, *args: Any) -> None:
        seen.append(clauseelement)

    event.listen(store.engine, "before_execute", grab)
    try:
        list(store.iter_events(**filters))
    finally:
        event.remove(store.engine, "before_execute", grab)
    return seen[-1]


@pytest.fixture()
def sqlite_store(tmp_path: Path) -> Any:
    s = open_store(str(tmp_path / "plans.db"))
    for i in range(30):
        s.write_result(make_result(i, n_events=4))
    yield s
    s.close()


@pytest.mark.parametrize(("filters", "index"), [
    ({"type": "arms_purchase", "actor": "RUS"}, "ix_events_"),
    ({"actor": "RUS", "since": "2012", "until": "2014"}, "ix_events_actor_when"),
    ({"target": "IND", "since": "2012-03"}, "ix_events_target_when"),
    ({"type": "statement", "since": "2013-01", "until": "2013-02"}, "ix_events_"),
    ({"document": "doc_x"}, "ix_events_document"),
])
def test_store_event_filters_use_an_index(sqlite_store: Store, filters: dict[str, str], index: str) -> None:
    plan = _plan(sqlite_store, _events_stmt(sqlite_store, **filters))
    assert "USING INDEX" in plan and index in plan, plan
    assert "SCAN events" not in plan.replace("SCAN events USING", ""), plan


def test_store_index_lookups_use_indexes(sqlite_store: Store) -> None:
    from sqlalchemy import select

    from claimgraph.store import schema as S

    K, R = S.story_keys, S.relations
    for stmt, index in (
        (select(K).where(K.c.family == "f", K.c.actor == "STATE:RUS", K.c.lo <= 5, K.c.hi >= 1), "ix_story_keys_family"),
        (select(K).where(K.c.story == "st_x"), "ix_story_keys_story"),
        (select(R).where(R.c.source == "doc_x"), "ix_relations_source"),
        (select(S.documents.c.id).where(S.documents.c.sha256 == "ab"), "ix_documents_sha256"),
    ):
        plan = _plan(sqlite_store, stmt)
        assert index in plan, plan


@pytest.mark.parametrize(("value", "after"), [("2018", "2019"), ("2018-09", "2018-10"), ("2018-12", "2018-13"),
                                              ("2019-12-31", "2019-12-32"), ("9999", None), ("2018-Q1", None)])
def test_store_until_bound_is_the_next_prefix(value: str, after: str | None) -> None:
    assert _after_prefix(value) == after


def test_store_time_filters_keep_prefix_semantics(sqlite_store: Store) -> None:
    every = sqlite_store.events()
    for since, until in (("2012", "2013"), ("2013-02", "2015"), ("2011-09", "2011-09"), ("2010", None)):
        want = [e for e in every if e.when and e.when.value[:len(since)] >= since
                and (until is None or e.when.value[:len(until)] <= until)]
        assert sqlite_store.events(since=since, until=until) == want
