"""The live-source tables (schema version 7) on SQLite and PostgreSQL: raw pages kept compressed and once, feed
state that queues each entry once and survives a stop, removal that forgets item state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from claimgraph.store import Store, open_store
from claimgraph.store import _live as L
from claimgraph.store.migrations import latest_version


def _pg_url() -> str:
    url = os.environ.get("CLAIMGRAPH_TEST_PG_URL", "")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CLAIMGRAPH_TEST_PG_URL is not set under CI: start a server with scripts/pg.sh")
        pytest.skip("CLAIMGRAPH_TEST_PG_URL not set (start a server with scripts/pg.sh)")
    sa_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(sa_url)
    with engine.begin() as conn:  # each test starts from an empty database
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "live.db") if request.param == "sqlite" else _pg_url())
    yield s
    s.close()


META = {"final_url": "http://ledger.example/a", "status_code": 200, "redirects": [[301, "http://ledger.example/a"]],
        "headers": {"etag": '"x"'}, "charset": "utf-8", "content_type": "text/html"}


def test_live_store_migration_7_creates_the_tables(store: Store) -> None:
    assert store.schema_version() == latest_version() and 7 in [v for v, _, _ in store.migrations()]
    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert {"raw_pages", "feeds", "feed_items"} <= tables


def test_live_store_raw_page_is_kept_compressed_once(store: Store) -> None:
    body = ("<p>" + "A paragraph of a page kept for provenance. " * 200 + "</p>").encode()
    assert L.put_raw_page(store, source="http://ledger.example/s", sha256="a" * 64, document="doc_1", body=body,
                          meta=META)
    assert not L.put_raw_page(store, source="http://ledger.example/s", sha256="a" * 64, document="doc_1",
                              body=body, meta=META)
    [row] = L.raw_pages(store)
    assert row["size"] == len(body) and row["redirects"] == META["redirects"] and row["compression"] == "zlib"
    assert L.raw_page_body(store, "doc_1") == body and L.raw_page_body(store, "doc_2") is None
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT body FROM raw_pages")).scalar()
    assert stored is not None and len(stored) < len(body) / 10


def test_live_store_feed_entries_are_queued_once(store: Store) -> None:
    feed = "http://ledger.example/rss.xml"
    assert L.add_feed(store, feed) and not L.add_feed(store, feed)
    entries = [{"key": f"k{n}", "url": f"http://ledger.example/{n}", "title": "t", "published": "2024-03-12"}
               for n in range(3)]
    assert L.record_poll(store, feed, status="ok", etag='"e1"', last_modified="x", kind="rss20", entries=entries,
                         validators=True) == 3
    assert L.record_poll(store, feed, status="ok", entries=[*entries, {"key": "k9", "url": "http://l.example/9"}],
                         validators=True) == 1
    row = L.get_feed(store, feed)
    assert row is not None and row.kind == "rss20" and row.etag is None  # validators replaced by the last poll
    pending = L.pending_items(store, feed)
    assert [i.key for i in pending] == ["k0", "k1", "k2", "k9"] and [i.position for i in pending] == [1, 2, 3, 4]
    L.finish_item(store, feed, "k0", state="ingested", document="doc_a")
    L.finish_item(store, feed, "k1", state="pending", error="[E122] timed out")
    L.finish_item(store, feed, "k2", state="failed", error="[E121] HTTP 404")
    states = {i.key: (i.state, i.attempts, i.error) for i in L.feed_items(store, feed)}
    assert states["k0"] == ("ingested", 1, None) and states["k1"] == ("pending", 1, "[E122] timed out")
    assert states["k2"][0] == "failed" and [i.key for i in L.pending_items(store, feed)] == ["k1", "k9"]
    assert L.remove_feed(store, feed) and not L.remove_feed(store, feed)
    assert L.feeds(store) == [] and L.feed_items(store) == []
