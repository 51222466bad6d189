"""The REST API against a real uvicorn server on a loopback port: listings, filters, pages, details, errors, and
the same answers as the CLI's ``--json``."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from claimgraph.api import create_app
from claimgraph.api.auth import SECURITY_HEADERS, Tokens
from claimgraph.cli import cli
from claimgraph.config import load_settings

from .kb import KB
from .live import live_server


def _cli_json(db: str, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["--db", db, *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _all(client: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    r = client.get(path, params={"limit": 1000, **params})
    assert r.status_code == 200, r.text
    return r.json()


def assert_error(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str) and body["error"]
    return body


def test_api_lists_have_totals_and_pages(client: httpx.Client) -> None:
    every = _all(client, "/api/events")
    assert every["total"] == len(every["items"]) == 7
    pages = [client.get("/api/events", params={"limit": 3, "offset": o}).json() for o in (0, 3, 6, 9)]
    assert [len(p["items"]) for p in pages] == [3, 3, 1, 0]
    assert all(p["total"] == 7 for p in pages)
    assert [r["id"] for p in pages for r in p["items"]] == [r["id"] for r in every["items"]]
    for path, n in (("/api/documents", 4), ("/api/entities", 4), ("/api/stories", 5), ("/api/disputes", 2),
                    ("/api/explanations", 1), ("/api/register", 1), ("/api/timeline", 5), ("/api/index", 3)):
        body = client.get(path, params={"limit": 1}).json()
        assert body["total"] == n and len(body["items"]) == 1 and body["limit"] == 1 and body["offset"] == 0, path


@pytest.mark.parametrize(("params", "expected"), [
    ({"type": "arms_order"}, {"order_b", "order_c"}),
    ({"status": "alleged"}, {"susp_c"}),
    ({"since": "2018", "until": "2018"}, {"deliv"}),
    ({"since": "2020-07"}, {"susp_b"}),
    ({"actor": "RUS", "type": "arms_cancellation"}, {"susp_c"}),
    ({"target": "IND"}, set()),
    ({"document": "mid"}, {"order_b", "deliv", "susp_b"}),
    ({"source": "officials"}, {"susp_d"}),
    ({"item": "S-400", "type": "arms_delivery"}, {"exp", "deliv"}),
    ({"item": "WEAPON_SYSTEM:S-400", "status": "expected"}, {"exp"}),
    ({"status": "nonsense"}, set()),
])
def test_api_event_filters(client: httpx.Client, kb: KB, params: dict[str, str], expected: set[str]) -> None:
    body = _all(client, "/api/events", **params)
    assert {r["id"] for r in body["items"]} == {kb.ids[k] for k in expected}
    assert body["total"] == len(expected)


def test_api_events_match_the_cli(client: httpx.Client, kb: KB) -> None:
    for params in ({}, {"type": "arms_delivery"}, {"actor": "RUS", "since": "2018"}):
        args = [x for k, v in params.items() for x in (f"--{k}", v)]
        assert _all(client, "/api/events", **params)["items"] == _cli_json(kb.db, "events", *args)


def test_api_views_match_the_cli(client: httpx.Client, kb: KB) -> None:
    assert _all(client, "/api/documents")["items"] == _cli_json(kb.db, "documents")
    cli_register = _cli_json(kb.db, "register")
    api_register = _all(client, "/api/register")["items"]
    assert [{k: v for k, v in row.items() if k not in ("stories", "complete")} for row in api_register] == cli_register
    assert _all(client, "/api/timeline")["items"] == _cli_json(kb.db, "timeline")
    names = {d["id"]: d["name"] for d in _all(client, "/api/documents")["items"]}
    api_stories = [{**r, "documents": [names[d] for d in r["documents"]]} for r in _all(client, "/api/stories")["items"]]
    assert api_stories == _cli_json(kb.db, "stories")  # the same rows; the API names documents by id
    api_explain = [{k: v for k, v in r.items() if k != "span"} | {"document": names[r["document"]]}
                   for r in _all(client, "/api/explanations")["items"]]
    assert api_explain == _cli_json(kb.db, "explain")
    assert [(r["period"], r["index"]) for r in _all(client, "/api/index")["items"]] == [
        (r["period"], r["index"]) for r in _cli_json(kb.db, "index")]
    assert _all(client, "/api/disputes")["items"] == _cli_json(kb.db, "disputes")


def test_api_document_detail(client: httpx.Client, kb: KB) -> None:
    body = client.get(f"/api/documents/{kb.ids['mid']}").json()
    doc = body["document"]
    assert doc["id"] == kb.ids["mid"] and doc["name"] == "mid" and doc["outlet"] == "Review B"
    assert doc["published"] == "2020-07-30" and doc["text"].startswith("Moscow signed the S-400 contract")
    text = doc["text"]
    assert body["mentions"] and all(text[m["start"]:m["end"]] == m["text"] for m in body["mentions"])
    assert {"STATE:RUS", "STATE:CHN", "WEAPON_SYSTEM:S-400"} <= set(body["entities"])
    assert {e["id"] for e in body["events"]} == {kb.ids[k] for k in ("order_b", "deliv", "susp_b")}
    assert all(text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"] for e in body["events"])
    assert body["events"] == _all(client, "/api/events", document=kb.ids["mid"])["items"]
    by_name = client.get("/api/documents/mid").json()
    assert by_name["document"]["id"] == kb.ids["mid"]
    why = client.get(f"/api/documents/{kb.ids['why']}").json()
    assert [x["id"] for x in why["explanations"]] == [kb.ids["explanation"]]


def test_api_story_detail_side_by_side(client: httpx.Client, kb: KB) -> None:
    stories = _all(client, "/api/stories")["items"]
    order = next(s for s in stories if kb.ids["order_b"] in s["events"])
    body = client.get(f"/api/stories/{order['id']}").json()
    assert body["id"] == order["id"] and body["type"] == "arms_order"
    columns = {c["id"]: [e["id"] for e in c["claims"]] for c in body["documents"]}
    assert columns == {kb.ids["mid"]: [kb.ids["order_b"]], kb.ids["docs"][2]: [kb.ids["order_c"]]}
    assert body["disputes"] and all(d["story"] == order["id"] for d in body["disputes"])
    assert body["slots"]["when"]["value"] == "2014-09"
    prefix = next(order["id"][:n] for n in range(4, 20)
                  if sum(s["id"].startswith(order["id"][:n]) for s in stories) == 1)
    assert client.get(f"/api/stories/{prefix}").json()["id"] == order["id"]  # a unique prefix finds it
    assert_error(client.get("/api/stories/st_"), 404)  # a prefix of several is not an answer
    suspension = next(s for s in stories if kb.ids["susp_d"] in s["events"])
    why = client.get(f"/api/stories/{suspension['id']}").json()
    assert [x["id"] for x in why["explanations"]] == [kb.ids["explanation"]]
    assert why["explanations"][0]["attributed_to"] == "officials"


def test_api_graph_and_index(client: httpx.Client) -> None:
    g = client.get("/api/graph", params={"limit": 2}).json()
    assert [n["id"] for n in g["nodes"]] == ["STATE:CHN", "STATE:RUS"] and g["total_edges"] == 7
    assert g["edges"] == [{"source": "STATE:RUS", "target": "STATE:CHN", "count": 7, "types": g["edges"][0]["types"],
                           "events": g["edges"][0]["events"]}]
    idx = client.get("/api/index", params={"dyad": "RUS-CHN", "by": "year"}).json()
    assert [p["period"] for p in idx["items"]] == ["2014", "2018", "2020"]


def test_api_search(client: httpx.Client, kb: KB) -> None:
    body = client.get("/api/search", params={"q": "regiment", "kind": "claims"}).json()
    assert body["total"] == 1 and body["items"][0]["event"] == kb.ids["deliv"]
    hit = body["items"][0]
    text = client.get(f"/api/documents/{hit['document']}").json()["document"]["text"]
    assert text[hit["start"]:hit["end"]] == hit["snippet"]
    assert_error(client.get("/api/search", params={"q": "x", "since": "last year"}), 422)


def test_api_errors_have_one_shape(client: httpx.Client) -> None:
    assert_error(client.get("/api/documents/no-such-document"), 404)
    assert_error(client.get("/api/stories/st_nothing"), 404)
    assert_error(client.get("/api/no-such-route"), 404)
    assert_error(client.post("/api/documents"), 405)
    body = assert_error(client.get("/api/events", params={"limit": 0}), 422)
    assert body["detail"][0]["loc"] == ["query", "limit"]
    assert_error(client.get("/api/timeline", params={"dyad": "Russia"}), 422)
    assert_error(client.get("/api/events", params={"offset": -1}), 422)
    assert_error(client.post("/api/reviews", json={"action": "reject"}), 422)
    assert_error(client.post("/api/reviews", content=b"{not json", headers={"content-type": "application/json"}), 422)


def test_api_500_in_the_one_shape(fresh_kb: KB) -> None:
    """A store broken under the running server (its stories table dropped) gives a 500, still in the shape."""
    app = create_app(load_settings(db=fresh_kb.db), tokens=Tokens())
    with live_server(app) as url:
        con = sqlite3.connect(fresh_kb.db)
        con.execute("DROP TABLE stories")
        con.commit()
        con.close()
        r = httpx.get(url + "/api/stories")
        body = assert_error(r, 500)
        assert "stories" not in body["error"]  # no internals leak: the log has them
        assert all(r.headers[k] == v for k, v in SECURITY_HEADERS.items())


def test_api_security_headers_everywhere(client: httpx.Client) -> None:
    for path in ("/api/documents", "/api/nothing", "/", "/static/app.js", "/openapi.json"):
        r = client.get(path)
        for key, value in SECURITY_HEADERS.items():
            assert r.headers.get(key) == value, (path, key)
    csp = SECURITY_HEADERS["content-security-policy"]
    for part in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                 "base-uri 'none'"):
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    page = client.get("/").text
    assert '<script src="/static/app.js" defer></script>' in page
    assert page.count("<script") == 1 and " on" not in page.replace(" one", "").split("<body>", 1)[1].split("<noscript>")[0]


def test_api_openapi_schema_has_response_models(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/events", "/api/stories",
                 "/api/stories/{story_id}", "/api/disputes", "/api/explanations", "/api/register", "/api/timeline",
                 "/api/index", "/api/graph", "/api/search", "/api/ask", "/api/reviews",
                 "/api/reviews/{review_id}/undo"):
        assert path in paths, path
        for op in paths[path].values():
            ok = op["responses"].get("200") or op["responses"].get("201")
            assert "$ref" in json.dumps(ok["content"]["application/json"]["schema"]), path
            assert {"401", "404", "422", "500"} <= set(op["responses"]), path
    assert "/docs" not in paths and schema["info"]["title"] == "claimgraph"


def _cli_one(db: str, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_api_ask_cites_every_sentence(client: httpx.Client, kb: KB) -> None:
    texts = {d: client.get(f"/api/documents/{d}").json()["document"]["text"] for d in kb.ids["docs"]}
    question = "What did Russia sell China, and when?"
    body = client.get("/api/ask", params={"q": question}).json()
    assert body["question"] == question and body["basis"] == "structured"
    assert "S-400" in body["answer"] and "2014" in body["answer"] and body["sentences"]
    for sentence in body["sentences"]:
        assert sentence["citations"]
        for c in sentence["citations"]:
            assert texts[c["document"]][c["start"]:c["end"]] == c["evidence"]
    cli_answer = _cli_one(kb.db, "ask", question, "--json")
    assert {k: body[k] for k in ("answer", "sentences")} == {k: cli_answer[k] for k in ("answer", "sentences")}
    why = client.get("/api/ask", params={"q": "Why were deliveries to China suspended in 2020?"}).json()
    assert "pandemic" in why["answer"] and "officials" in why["answer"].lower()
    declined = client.get("/api/ask", params={"q": "What is the weather on Mars?"}).json()
    assert declined["sentences"] == [] and declined["basis"] == "none" and "do not answer" in declined["answer"]
    assert_error(client.get("/api/ask", params={"q": "   "}), 422)
    assert_error(client.get("/api/ask"), 422)


def test_api_search_matches_the_cli(client: httpx.Client, kb: KB) -> None:
    api = client.get("/api/search", params={"q": "S-400 China", "limit": 5}).json()
    cli_hits = _cli_json(kb.db, "search", "S-400 China", "--limit", "5")
    assert [(h["document"], h["event"], h["snippet"]) for h in api["items"]] == [
        (h["document"], h["event"], h["snippet"]) for h in cli_hits]
