"""Store fixtures: every store test runs on SQLite and, where a server is given, on PostgreSQL.

The PostgreSQL URL comes from ``CLAIMGRAPH_TEST_PG_URL`` (start one with ``scripts/pg.sh``). Without it the
PostgreSQL cases are skipped locally but fail under ``CI=true``, so CI cannot silently test one backend only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimgraph.store import Store, open_store


def pg_url() -> str:
    url = os.environ.get("CLAIMGRAPH_TEST_PG_URL", "")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CLAIMGRAPH_TEST_PG_URL is not set under CI: start a server with scripts/pg.sh")
        pytest.skip("CLAIMGRAPH_TEST_PG_URL not set (start a server with scripts/pg.sh)")
    return url


def reset_pg(url: str) -> None:
    """Drop every table so each test starts from an empty database."""
    sa_url = url.replace("postgresql://", "postgresql+psycopg://", 1).replace("postgres://", "postgresql+psycopg://", 1)
    engine = create_engine(sa_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    url = pg_url()
    reset_pg(url)
    return url


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()
