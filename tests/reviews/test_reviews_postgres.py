"""Reviews and the missing-store check on the server store (PostgreSQL), as on SQLite."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from claimgraph.config import load_settings
from claimgraph.errors import StoreError
from claimgraph.workbench import Workbench, open_workbench

from .conftest import fill

pytestmark = pytest.mark.postgres


@pytest.fixture()
def pg() -> str:
    url = os.environ.get("CLAIMGRAPH_TEST_PG_URL", "")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CLAIMGRAPH_TEST_PG_URL is not set under CI: start a server with scripts/pg.sh")
        pytest.skip("CLAIMGRAPH_TEST_PG_URL not set (start a server with scripts/pg.sh)")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:  # each test starts from an empty database
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_reviews_postgres_round_trip_and_views(pg: str) -> None:
    with pytest.raises(StoreError) as err:
        open_workbench(pg, create=False)  # an empty database is no knowledge base
    assert err.value.context["missing"]
    with Workbench(load_settings(db=pg)) as bench:
        ids = fill(bench)
        story = next(s for s in bench.stories() if ids["order_c"] in s.events)
        split = bench.review("split-story", story.id, value=ids["order_c"], reason="two contracts")
        reject = bench.review("reject", ids["deliv"])
        bench.review("correct", ids["exp"], "when", "2017-06", reviewer="pg-tester")
        assert [r.delivery_years.value for r in bench.register()] == ["?"]
        assert next(s.events for s in bench.stories() if ids["order_c"] in s.events) == (ids["order_c"],)
    with open_workbench(pg, create=False) as bench:  # now it is one
        trail = bench.reviews()
        assert [r.action for r in trail] == ["split-story", "reject", "correct"]
        assert trail[0] == split and trail[0].context == (ids["order_b"],)
        assert trail[2].reviewer == "pg-tester"
        bench.undo_review(reject.id)
        assert [r.delivery_years.value for r in bench.register()] == ["2018"]
