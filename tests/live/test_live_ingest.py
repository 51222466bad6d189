"""fetch, feeds and watch end to end against the local site: documents like file ingest, raw HTML kept, every
failure in the ingest log with its reason, conditional GETs, nothing new on a second watch, resume after a stop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.ingest.feeds import Watcher
from claimgraph.ingest.fetch import LiveIngest
from claimgraph.ingest.http import FetchOptions
from claimgraph.store import _live as L
from claimgraph.workbench import Workbench, open_workbench

from . import site as S

pytestmark = pytest.mark.model

FAST = ["--timeout", "0.5", "--retries", "1", "--rate", "1000", "--allow-private"]


@pytest.fixture()
def bench(tmp_path: Path) -> Iterator[Workbench]:
    with open_workbench(str(tmp_path / "live.db")) as wb:
        yield wb


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_live_fetch_stores_a_document_like_file_ingest(site: S.Site, bench: Workbench,
                                                       options: FetchOptions) -> None:
    url = site.url("/article/harbour.html")
    with LiveIngest(bench, options) as live:
        outcome = live.ingest_url(url)
        live.finish()
    assert outcome.outcome == "new", outcome
    doc = bench.document(outcome.document or "")
    assert doc.ok and doc.source == url
    assert doc.url == site.url("/news/2024/03/harbour-talks.html")  # the canonical URL
    assert doc.published == "2024-03-12" and doc.title == "Harbour talks end with a ferry deal"
    assert "ferry line" in doc.text and "Home" not in doc.text.split("\n")[0]
    assert doc.meta["fetch"]["final_url"] == url and doc.meta["fetch"]["charset"] == "utf-8"
    assert L.raw_page_body(bench.store, doc.id) == S.ARTICLE.encode()  # kept, compressed, for provenance
    assert {m.entity for m in bench.mentions(doc.id)} >= {"STATE:NOR", "STATE:DNK"}


def test_live_refetching_an_unchanged_page_is_a_no_op(site: S.Site, bench: Workbench,
                                                      options: FetchOptions) -> None:
    url = site.url("/article/grain.html")
    with LiveIngest(bench, options) as live:
        first = live.ingest_url(url)
        live.finish()
    counts = bench.store.counts()
    with LiveIngest(bench, options) as live:
        again = live.ingest_url(url)
        live.finish()
    assert first.outcome == "new" and again.outcome == "unchanged" and again.document == first.document
    assert bench.store.counts() == counts and len(L.raw_pages(bench.store, url)) == 1


def test_live_redirected_page_records_its_hops(site: S.Site, bench: Workbench, options: FetchOptions) -> None:
    site.routes["/short/g"] = lambda h: h.redirect("/article/grain.html", 301)
    with LiveIngest(bench, options) as live:
        outcome = live.ingest_url(site.url("/short/g"))
    doc = bench.document(outcome.document or "")
    assert doc.meta["fetch"]["redirects"] == [[301, site.url("/article/grain.html")]]
    assert doc.url == site.url("/article/grain.html")


def test_live_windows_1251_page_with_a_wrong_header(site: S.Site, bench: Workbench, options: FetchOptions) -> None:
    site.routes["/ru"] = S.page(S.RUSSIAN, "text/html; charset=utf-8", encoding="cp1251")
    with LiveIngest(bench, options) as live:
        outcome = live.ingest_url(site.url("/ru"))
    doc = bench.document(outcome.document or "")
    assert doc.ok and "паромную линию" in doc.text and doc.language == "ru"
    assert doc.meta["encoding"] == "cp1251"


def test_live_every_failure_is_logged_with_its_reason(site: S.Site, tmp_path: Path) -> None:
    site.routes["/slow"] = S.slow(2.0)
    site.routes["/big"] = S.stream(50 * 1024 * 1024)
    site.routes["/bomb"] = S.gzip_bomb(32 * 1024 * 1024)
    site.routes["/loop"] = lambda h: h.redirect("/loop")
    site.routes["/down"] = S.flaky(99, 500, "down", b"")
    site.routes["/image.png"] = lambda h: h.send_body(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    paths = ["/missing.html", "/slow", "/big", "/bomb", "/loop", "/down", "/private/report.html", "/image.png",
             "/article/harbour.html"]
    db = str(tmp_path / "kb.db")
    code, out, err = run(db, "fetch", *FAST, "--max-bytes", str(1024 * 1024), *[site.url(p) for p in paths])
    assert code == 1
    rows = {r["url"]: r for r in map(json.loads, out.splitlines())}
    expected = {"/missing.html": "skipped:http", "/slow": "skipped:timeout", "/big": "skipped:too_large",
                "/bomb": "skipped:too_large", "/loop": "skipped:redirect", "/down": "skipped:http",
                "/private/report.html": "skipped:robots", "/image.png": "skipped:binary",
                "/article/harbour.html": "ok"}
    assert {p: rows[site.url(p)]["status"] for p in paths} == expected  # nothing lost, the batch went on
    with open_workbench(db) as wb:
        log = {e.source: e for e in wb.store.ingest_log()}
    for path, status in expected.items():
        entry = log[site.url(path)]
        assert entry.status == status
        if status != "ok":
            assert entry.error and entry.error.startswith("[E1"), entry
    assert "9 URLs: 1 ok, 8 failed" in err


def test_live_fetch_refuses_loopback_without_allow_private(site: S.Site, tmp_path: Path) -> None:
    code, out, _ = run(str(tmp_path / "kb.db"), "fetch", "--timeout", "0.5", site.url("/article/harbour.html"))
    assert code == 1 and json.loads(out)["status"] == "skipped:unsafe_url" and site.requests == []


FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", "/feeds/news-sitemap.xml"]


def test_live_watch_once_twice_ingests_nothing_new(site: S.Site, tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    code, _, err = run(db, "feeds", "add", "--allow-private", *[site.url(f) for f in FEEDS])
    assert code == 0, err
    code, _, err = run(db, "watch", "--once", *FAST)
    assert code == 0, err
    assert "rejected entry 3 of " + site.url("/feeds/rss.xml") in err  # duplicates and broken entries named
    with open_workbench(db) as wb:
        docs = {d.source for d in wb.store.documents(status="ok")}
        items = L.feed_items(wb.store)
        counts = wb.store.counts()
    assert docs == {site.url(f"/article/{n}.html") for n in ("harbour", "grain", "fishing")}
    assert {i.state for i in items} == {"ingested"} and len(items) == 3 + 2 + 3 + 2
    hits = len(site.requests)
    code, _, err = run(db, "watch", "--once", *FAST)
    assert code == 0, err
    assert "0 new entries, 0 documents ingested" in err and "4 feeds (4 not modified)" in err
    later = site.requests[hits:]  # robots.txt once (cached per run), then one conditional GET per feed
    assert [r.path for r in later] == ["/robots.txt", *sorted(FEEDS)]
    assert all("if-none-match" in r.headers and "if-modified-since" in r.headers for r in later[1:])
    with open_workbench(db) as wb:
        assert wb.store.counts() == counts
    code, out, _ = run(db, "feeds", "list", "--json")
    listed = [json.loads(line) for line in out.splitlines()]
    assert sorted(f["url"] for f in listed) == sorted(site.url(f) for f in FEEDS)
    assert all(f["last_status"] == "not_modified" and f["pending"] == 0 for f in listed)


def test_live_watch_resumes_after_a_stop_and_loses_nothing(site: S.Site, bench: Workbench,
                                                           options: FetchOptions) -> None:
    feed = site.url("/feeds/rss.xml")
    L.add_feed(bench.store, feed)
    done: list[str] = []
    watcher = Watcher(bench, options, notify=done.append, stop=lambda: sum("[" in m for m in done) >= 1)
    [report] = watcher.run(once=True)
    assert report.interrupted and report.ingested == 1
    assert [i.state for i in L.feed_items(bench.store, feed)] == ["ingested", "pending", "pending"]
    [again] = Watcher(bench, options).run(once=True)  # the feed answers 304: the pending entries still come
    assert again.not_modified == 1 and again.ingested == 2 and not again.interrupted
    assert [i.state for i in L.feed_items(bench.store, feed)] == ["ingested"] * 3


def test_live_transient_failure_stays_pending_then_fails(site: S.Site, bench: Workbench,
                                                         options: FetchOptions) -> None:
    site.routes["/feeds/slow.xml"] = S.cached(
        f'<rss version="2.0"><channel><title>t</title><item><guid>s1</guid><link>{site.url("/slow")}</link>'
        "</item></channel></rss>".encode(), "application/rss+xml")
    site.routes["/slow"] = S.slow(2.0)
    feed = site.url("/feeds/slow.xml")
    L.add_feed(bench.store, feed)
    quick = FetchOptions(timeout=0.2, retries=0, rate=1000.0, allow_private=True)
    states = []
    for _ in range(3):
        Watcher(bench, quick).run(once=True)
        [item] = L.feed_items(bench.store, feed)
        states.append((item.state, item.attempts))
    assert states == [("pending", 1), ("pending", 2), ("failed", 3)]
    assert item.error and "[E122]" in item.error


def test_live_feeds_add_refuses_private_addresses(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    code, _, err = run(db, "feeds", "add", "http://169.254.169.254/feed.xml")
    assert code == 1 and "[E120]" in err
    code, _, err = run(db, "feeds", "remove", "http://169.254.169.254/feed.xml")
    assert code == 1 and "not watched" in err


def test_live_watch_stops_cleanly_on_ctrl_c_and_resumes(site: S.Site, tmp_path: Path,
                                                        options: FetchOptions) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    def late(h: S.Handler) -> None:
        time.sleep(1.5)
        h.send_body(S.THIRD.encode())

    site.routes["/article/late.html"] = late
    items = "".join(f"<item><guid>w{n}</guid><link>{site.url(p)}</link></item>" for n, p in enumerate(
        ["/article/harbour.html", "/article/late.html", "/article/grain.html"]))
    site.routes["/feeds/three.xml"] = S.cached(
        f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode(), "application/rss+xml")
    db = str(tmp_path / "kb.db")
    feed = site.url("/feeds/three.xml")
    assert run(db, "feeds", "add", "--allow-private", feed)[0] == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")}
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "--db", db, "watch", "--once", *FAST[2:],
                             "--timeout", "10"], stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 120
        while not site.hits("/article/late.html") and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert site.hits("/article/late.html"), "the watch never reached the slow page"
        proc.send_signal(signal.SIGINT)  # mid-download: the page is finished and stored, then it stops
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err.decode()
    assert b"Stopping after the current document" in err and b"Interrupted" in err
    with open_workbench(db) as wb:
        assert [i.state for i in L.feed_items(wb.store, feed)] == ["ingested", "ingested", "pending"]
        [report] = Watcher(wb, options).run(once=True)
        assert report.ingested == 1
        assert [i.state for i in L.feed_items(wb.store, feed)] == ["ingested"] * 3
        assert not site.hits("/article/grain.html")[1:]  # fetched once, after the resume


def test_live_watch_without_feeds_says_how_to_add_one(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "kb.db"), "watch", "--once")
    assert code == 1 and "claimgraph feeds add" in err


def test_live_feeds_add_list_remove(site: S.Site, tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    feed = site.url("/feeds/atom.xml")
    assert run(db, "feeds", "add", "--allow-private", feed)[0] == 0
    code, _, err = run(db, "feeds", "add", "--allow-private", feed)
    assert code == 0 and "already watched" in err
    assert [json.loads(line)["url"] for line in run(db, "feeds", "list", "--json")[1].splitlines()] == [feed]
    code, _, err = run(db, "feeds", "remove", feed)
    assert code == 0 and "removed" in err
    assert run(db, "feeds", "list", "--json")[1] == ""


def test_live_watch_polls_every_interval_until_stopped(site: S.Site, bench: Workbench,
                                                       options: FetchOptions) -> None:
    L.add_feed(bench.store, site.url("/feeds/feed.json"))
    said: list[str] = []
    naps: list[float] = []
    watcher = Watcher(bench, options, notify=said.append, stop=lambda: sum("feeds (" in m for m in said) >= 3)
    reports = watcher.run(interval=2.5, sleep=naps.append)
    assert [r.ingested for r in reports] == [3, 0, 0] and [r.not_modified for r in reports] == [0, 1, 1]
    assert naps == [1.0, 1.0, 0.5] * 2  # short naps, so a stop is seen within a second
