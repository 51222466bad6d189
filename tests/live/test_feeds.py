"""Feed parsing: RSS 2.0, Atom, JSON Feed and news sitemaps with duplicates and broken entries, each rejected
entry with its reason; documents that are not feeds at all."""

from __future__ import annotations

import pytest

from claimgraph.ingest.feeds import parse_feed

from .conftest import ATOM, JSON_FEED, NEWS_SITEMAP, RSS

BASE = "http://ledger.example"


def _feed(template: str) -> bytes:
    return template.format(base=BASE).encode()


def test_feeds_rss_entries_duplicates_and_broken_ones() -> None:
    parsed = parse_feed(_feed(RSS), BASE + "/feeds/rss.xml")
    assert parsed.ok and parsed.kind == "rss20" and parsed.title == "Coastal Ledger: world"
    assert [(e.key, e.url, e.published) for e in parsed.entries] == [
        ("ledger-1001", BASE + "/article/harbour.html", "2024-03-12"),
        ("ledger-1002", BASE + "/article/grain.html", "2024-04-02"),
        ("ledger-1004", BASE + "/article/fishing.html", None),  # relative link resolved; bad date dropped
    ]
    reasons = dict(parsed.rejected)
    assert "duplicate of entry 1" in reasons[3]
    assert "no usable http(s) link" in reasons[4]
    assert "no usable http(s) link" in reasons[5] and "javascript" in reasons[5]


def test_feeds_atom_entries() -> None:
    parsed = parse_feed(_feed(ATOM), BASE + "/feeds/atom.xml")
    assert parsed.kind == "atom10"
    assert [(e.key, e.published) for e in parsed.entries] == [
        ("urn:ledger:1001", "2024-03-12"), ("urn:ledger:1002", "2024-04-02")]
    assert [n for n, _ in parsed.rejected] == [3, 4]


def test_feeds_json_feed_parsed_by_us() -> None:
    parsed = parse_feed(_feed(JSON_FEED), BASE + "/feeds/feed.json")
    assert parsed.kind == "jsonfeed" and parsed.title == "Coastal Ledger (JSON)"
    assert [(e.key, e.url, e.published) for e in parsed.entries] == [
        ("j1", BASE + "/article/harbour.html", "2024-03-12"),
        ("j2", BASE + "/article/grain.html", None),
        ("4", BASE + "/article/fishing.html", None),  # numeric id, external_url, a number as date
    ]
    reasons = dict(parsed.rejected)
    assert "duplicate of entry 1" in reasons[3] and "no usable" in reasons[4] and "JSON object" in reasons[5]


def test_feeds_news_sitemap() -> None:
    parsed = parse_feed(_feed(NEWS_SITEMAP), BASE + "/feeds/news-sitemap.xml")
    assert parsed.kind == "news-sitemap"
    assert [(e.url, e.title, e.published) for e in parsed.entries] == [
        (BASE + "/article/harbour.html", "Harbour talks", "2024-03-12"),
        (BASE + "/article/grain.html", "Grain", "2024-04-02"),
    ]
    assert [n for n, _ in parsed.rejected] == [3, 4, 5]


def test_feeds_plain_sitemap() -> None:
    data = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>http://ledger.example/a.html</loc><lastmod>2024-01-05</lastmod></url></urlset>")
    parsed = parse_feed(data, BASE)
    assert parsed.kind == "sitemap" and parsed.entries[0].published == "2024-01-05"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "not an RSS"),
        (b"<html><body><p>A page, not a feed.</p></body></html>", "not an RSS"),
        (b'{"title": "x", "items": []}', "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": 3}', "'items' list"),
        (b"{not json", "not valid JSON"),
        (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>', "sitemap index"),
    ],
)
def test_feeds_documents_that_are_not_feeds_have_a_reason(data: bytes, why: str) -> None:
    parsed = parse_feed(data, BASE)
    assert not parsed.ok and why in (parsed.error or "")


def test_feeds_entity_declarations_are_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<rss version="2.0"><channel><title>&b;</title></channel></rss>')
    parsed = parse_feed(bomb, BASE)
    assert not parsed.ok and "entities" in (parsed.error or "")
    rss091 = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
              b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>t</title>'
              b"<item><title>x</title><link>http://ledger.example/x</link></item></channel></rss>")
    assert parse_feed(rss091, BASE).entries[0].url == "http://ledger.example/x"  # a plain DOCTYPE is fine


def test_feeds_xml_entities_are_not_expanded() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>http://ledger.example/&c;</loc></url></urlset>")
    parsed = parse_feed(bomb, BASE)
    assert all(len(e.url) < 200 for e in parsed.entries)


def test_feeds_links_with_control_characters_are_rejected() -> None:
    data = (b'<rss version="2.0"><channel><item><link>http://ledger.example/a\x1b[2J</link></item>'
            b"</channel></rss>")
    parsed = parse_feed(data, BASE)
    assert not parsed.entries and "\\x1b" in parsed.rejected[0][1]
