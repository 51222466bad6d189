"""Reviews through the API: each one a statement in the trail, honoured by the listings, taken back by undo."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from claimgraph.api import create_app
from claimgraph.api.auth import Tokens
from claimgraph.config import load_settings

from .kb import KB
from .live import live_server
from .test_api import _cli_json, assert_error


@pytest.fixture()
def writable(fresh_kb: KB) -> Iterator[httpx.Client]:
    app = create_app(load_settings(db=fresh_kb.db), tokens=Tokens())
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60.0) as c:
        yield c


def _ids(client: httpx.Client, path: str, **params: str) -> list[str]:
    return [r["id"] for r in client.get(path, params={"limit": 1000, **params}).json()["items"]]


def test_reviews_reject_changes_views_and_undo_restores(writable: httpx.Client, fresh_kb: KB) -> None:
    deliv = fresh_kb.ids["deliv"]
    before_register = writable.get("/api/register").json()["items"]
    assert deliv in before_register[0]["number_delivered"]["events"] + before_register[0]["delivery_years"]["events"]
    r = writable.post("/api/reviews", json={"action": "reject", "target": deliv, "reason": "misread",
                                            "reviewer": "ana"})
    assert r.status_code == 201, r.text
    review = r.json()
    assert (review["action"], review["target"], review["reviewer"], review["reason"]) == ("reject", deliv, "ana",
                                                                                        "misread")
    assert deliv not in _ids(writable, "/api/events")
    after_register = writable.get("/api/register").json()["items"]
    assert after_register != before_register
    assert all(deliv not in cell["events"] for row in after_register for k, cell in row.items()
               if isinstance(cell, dict))
    doc = writable.get(f"/api/documents/{fresh_kb.ids['mid']}").json()
    assert deliv not in [e["id"] for e in doc["events"]]
    assert [e["id"] for e in doc["rejected"]] == [deliv] and doc["rejected"][0]["review"] == "rejected"
    trail = writable.get("/api/reviews").json()
    assert trail["total"] == 1 and trail["items"][0]["id"] == review["id"] and trail["items"][0]["active"]
    assert trail["items"][0]["status"] == "active"

    undo = writable.post(f"/api/reviews/{review['id']}/undo")
    assert undo.status_code == 201 and undo.json()["action"] == "undo"
    assert deliv in _ids(writable, "/api/events")
    assert writable.get("/api/register").json()["items"] == before_register
    trail = writable.get("/api/reviews").json()["items"]
    assert [(t["action"], t["active"]) for t in trail] == [("reject", False), ("undo", True)]
    assert trail[0]["status"] == f"undone by {undo.json()['id']}"
    assert_error(writable.post(f"/api/reviews/{review['id']}/undo"), 422)  # already undone
    assert_error(writable.post("/api/reviews/rv_nothing/undo"), 404)


def test_reviews_accept_and_correct_show_in_rows(writable: httpx.Client, fresh_kb: KB) -> None:
    exp = fresh_kb.ids["exp"]
    assert writable.post("/api/reviews", json={"action": "accept", "target": exp}).status_code == 201
    row = next(r for r in writable.get("/api/events", params={"limit": 100}).json()["items"] if r["id"] == exp)
    assert row["review"] == "accepted" and row["status"] == "expected"
    r = writable.post("/api/reviews", json={"action": "correct", "target": exp, "field": "status",
                                            "value": "occurred"})
    assert r.status_code == 201, r.text
    row = next(r for r in writable.get("/api/events", params={"limit": 100}).json()["items"] if r["id"] == exp)
    assert row["review"] == "corrected" and row["status"] == "occurred"
    assert exp in _ids(writable, "/api/events", status="occurred")
    body = assert_error(writable.post("/api/reviews", json={"action": "correct", "target": exp, "field": "when",
                                                            "value": "sometime"}), 422)
    assert "ISO" in body["error"]
    assert_error(writable.post("/api/reviews", json={"action": "reject", "target": "ev_nothing"}), 404)
    assert_error(writable.post("/api/reviews", json={"action": "merge", "target": "STATE:RUS",
                                                     "value": "STATE:XXX"}), 404)
    assert_error(writable.post("/api/reviews", json={"action": "split-story", "target": "st_nothing",
                                                     "value": exp}), 404)
    assert_error(writable.post("/api/reviews", json={"action": "correct", "target": exp}), 422)
    assert writable.get("/api/reviews").json()["total"] == 2
    cli = _cli_json(fresh_kb.db, "reviews")
    assert [{k: v for k, v in r.items() if k != "active"} for r in writable.get("/api/reviews").json()["items"]] == cli
