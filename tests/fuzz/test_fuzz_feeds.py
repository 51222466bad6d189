"""Fuzzed feed reader: RSS, Atom, JSON Feed and sitemaps with hostile entries, damaged or not feeds at all. No
input may crash ``parse_feed``; every unusable document and every rejected entry carries a reason, and every
accepted entry has a unique key, an http(s) link and an ISO date or none (see ``harness.read_feed``)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import example, given

from claimgraph.ingest.feeds import parse_feed

from .feed_strategies import _ENTITY_BOMB
from .harness import TARGETS, fuzz_settings


@fuzz_settings()
@given(case=TARGETS["feeds"].strategy)
@example(case=b"")
@example(case=b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": [1], "url": {"a": 1}}]}')
@example(case=b'<rss version="2.0"><channel><item><link>http://[::1</link></item></channel></rss>')
@example(case=(_ENTITY_BOMB + '<rss version="2.0"><channel><title>&g;</title></channel></rss>').encode())
@example(case=(_ENTITY_BOMB + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
               "http://a.example/&g;</loc></url></urlset>").encode())
def test_fuzz_feed_reader(case: bytes, workdir: Path) -> None:
    TARGETS["feeds"].run(case, workdir)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("wrap", ["rss", "sitemap"])
def test_fuzz_feed_entity_bomb_is_refused_quickly(wrap: str) -> None:
    # once took 10 s in feedparser: ten million characters from six levels of entities
    body = ('<rss version="2.0"><channel><title>&g;</title></channel></rss>' if wrap == "rss" else
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&g;</loc></url></urlset>')
    started = time.perf_counter()
    parsed = parse_feed((_ENTITY_BOMB + body).encode())
    assert not parsed.ok and "entities" in (parsed.error or "")
    assert time.perf_counter() - started < 1.0
