"""The API over the PostgreSQL store: the same answers as over SQLite (listings, filters, search, ask, reviews)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimgraph.api import create_app
from claimgraph.api.auth import Tokens
from claimgraph.config import load_settings
from store.conftest import pg_url, reset_pg

from .kb import KB, build_kb
from .live import live_server

pytestmark = pytest.mark.postgres


@pytest.fixture()
def pg_kb() -> KB:
    url = pg_url()
    reset_pg(url)
    return build_kb(url)


@pytest.fixture()
def both(pg_kb: KB, tmp_path: Path) -> Iterator[tuple[httpx.Client, httpx.Client, KB]]:
    lite = build_kb(tmp_path / "kb.db")
    with live_server(create_app(load_settings(db=pg_kb.db), tokens=Tokens())) as pg, \
            live_server(create_app(load_settings(db=lite.db), tokens=Tokens())) as sq, \
            httpx.Client(base_url=pg, timeout=60) as a, httpx.Client(base_url=sq, timeout=60) as b:
        yield a, b, pg_kb


def test_postgres_api_answers_like_sqlite(both: tuple[httpx.Client, httpx.Client, KB]) -> None:
    pg, lite, kb = both
    for path, params in (("/api/events", {}), ("/api/events", {"actor": "RUS", "since": "2018"}),
                         ("/api/events", {"item": "S-400", "status": "alleged"}), ("/api/documents", {}),
                         ("/api/stories", {}), ("/api/register", {}), ("/api/timeline", {"dyad": "RUS-CHN"}),
                         ("/api/index", {}), ("/api/disputes", {}), ("/api/explanations", {})):
        a = pg.get(path, params={"limit": 1000, **params}).json()
        b = lite.get(path, params={"limit": 1000, **params}).json()
        assert a == b, path
    assert pg.get("/api/search", params={"q": "regiment", "kind": "claims"}).json()["items"][0]["event"] == kb.ids["deliv"]
    answer = pg.get("/api/ask", params={"q": "What did Russia sell China, and when?"}).json()
    assert answer["sentences"] and "S-400" in answer["answer"]
    r = pg.post("/api/reviews", json={"action": "reject", "target": kb.ids["deliv"]})
    assert r.status_code == 201, r.text
    assert kb.ids["deliv"] not in [e["id"] for e in pg.get("/api/events", params={"limit": 100}).json()["items"]]
    assert pg.post("/api/reviews", json={"action": "reject", "target": "ev\u0000x"}).status_code == 422
