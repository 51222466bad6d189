"""Stated dates at ingest: dates in URL paths (every common form), datelines with times, revision lines, metadata
values, and the HTML metadata ingest reads. All URLs and lines are invented (example-news.test and friends)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.ingest.dates import date_from_url, find_date, is_update_text, normalise_date, parse_date
from claimgraph.records import Document

TODAY = dt.date(2026, 12, 3)
BODY = (
    "Officials of the two ministries met for a second round of talks about the maintenance contract, and "
    "both delegations said the technical groups would continue their work over the following weeks."
)


# --- URL paths ---


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example-news.test/world/2021/03/09/talks-resume/", "2021-03-09"),
        ("https://example-news.test/2021/3/9/talks-resume", "2021-03-09"),
        ("https://example-news.test/world/2021-03-09/talks-resume", "2021-03-09"),
        ("https://example-news.test/world/talks-resume-2021-03-09.html", "2021-03-09"),
        ("https://example-news.test/world/2021_03_09/talks", "2021-03-09"),
        ("https://example-news.test/blog/2017/06/a-long-story/", "2017-06"),  # month precision
        ("https://example-news.test/blog/2017/06/", "2017-06"),
        ("https://example-news.test/a/20191214/98765.html", "2019-12-14"),  # YYYYMMDD
        ("https://example-news.test/a/14122019/story", "2019-12-14"),  # DDMMYYYY
        (
            "https://example-news.test/news/envoys-meet-20190611-0042.html",
            "2019-06-11",
        ),  # digits inside a slug
        ("https://example-news.test/amp/wire/xy20210304101530987654321", "2021-03-04"),  # date + time + id
        ("https://example-news.test/news/talks-in-lima20220315093012", "2022-03-15"),  # glued to a word
        ("https://example-news.test/a/2019/02/28/x?ref=20301231#top", "2019-02-28"),  # query ignored
    ],
)
def test_url_date_forms(url: str, expected: str) -> None:
    found = date_from_url(url, TODAY)
    assert found is not None and found.value == expected, found


@pytest.mark.parametrize(
    "url",
    [
        "https://example-news.test/2020/02/30/story/",  # impossible day: no month either
        "https://example-news.test/2020/13/01/story/",  # impossible month
        "https://example-news.test/a/31139999.html",  # neither YYYYMMDD nor DDMMYYYY
        "https://example-news.test/a/28071734.html",  # an id: 1734 is no year
        "https://example-news.test/a/201713552",  # an id: month 13
        "https://example-news.test/a/201912345678",  # digits that only look like a date
        "https://example-news.test/a/19870512",  # too old to be a web address date
        "https://example-news.test/2029/01/02/later/",  # after the ingest
        "https://example-news.test/a/20290102",  # after the ingest
        "https://example-news.test/ARMS-DEAL-20190512-7b3e-41c2-a9d0-5f6e7a8b9c0d",  # a UUID
        "https://example-news.test/x/5d2019051212ab34cd56ef78",  # a hex hash
        "https://example-news.test/2020-team/",
        "https://example-news.test/node/5521?p=20200812",
        "",
    ],
)
def test_url_date_rejects_impossible_future_and_ids(url: str) -> None:
    assert date_from_url(url, TODAY) is None


def test_url_date_future_is_relative_to_ingest() -> None:
    url = "https://example-news.test/2026/12/20/story/"
    assert date_from_url(url, TODAY) is None
    assert date_from_url(url, dt.date(2027, 1, 5)).value == "2026-12-20"  # type: ignore[union-attr]
    assert date_from_url(None) is None
    assert date_from_url(12345) is None  # type: ignore[arg-type]


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_url_date_never_raises(junk: str) -> None:
    found = date_from_url("https://example-news.test/" + junk, TODAY)
    assert found is None or dt.date.fromisoformat((found.value + "-01-01")[:10]) <= TODAY


# --- date lines ---


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("November 14, 2021 05:03 pm", "2021-11-14"),
        ("Nov 14, 2021, 5:03 PM IST", "2021-11-14"),
        ("Posted on September 11, 2025", "2025-09-11"),
        ("14 November 2021, 17:03 (GMT+3)", "2021-11-14"),
        ("12:30 PM ET, Thu March 3, 2022", "2022-03-03"),
        ("First published on Tue 4 Aug 2020 10.30 BST", "2020-08-04"),
        ("Published 3 May 2021 | Updated 4 May 2021", "2021-05-03"),
        ("Updated: 4 May 2021, Published: 3 May 2021", "2021-05-03"),
    ],
)
def test_dateline_with_times_and_labels(line: str, expected: str) -> None:
    found = parse_date(line)
    assert found is not None and found.value == expected and not found.updated


@pytest.mark.parametrize(
    "line",
    ["Last Updated: January 22, 2026", "Last modified on 2020-08-12T10:00:00+02:00", "Updated 3 May 2021"],
)
def test_revision_line_is_marked_as_such(line: str) -> None:
    found = parse_date(line)
    assert found is not None and found.updated
    assert is_update_text(found.text)  # the cue travels with the text, so later stages can tell
    assert not is_update_text("3 May 2021")


def test_find_date_prefers_publication_over_revision() -> None:
    found = find_date("Updated 9 June 2022 · first posted 2 June 2022 by the desk")
    assert found is not None and found.value == "2022-06-02" and not found.updated


def test_date_lines_fail_fast_on_junk() -> None:
    start = time.perf_counter()
    for junk in ("t" * 110 + " 2020-01-01 x", "at" * 55 + " 2020-01-01 x", "1:11" * 28 + " 2020-01-01 x"):
        parse_date(junk)
        find_date(junk)
    assert time.perf_counter() - start < 1.0


# --- metadata values ---


def test_normalise_metadata_values() -> None:
    assert normalise_date("20190405", TODAY) == "2019-04-05"
    assert normalise_date(20190405, TODAY) == "2019-04-05"
    assert normalise_date(1600000000, TODAY) == "2020-09-13"  # Unix seconds
    assert normalise_date(1600000000000, TODAY) == "2020-09-13"  # milliseconds
    assert normalise_date("Mon, 12 Aug 2020 10:00:00 GMT", TODAY) == "2020-08-12"
    assert normalise_date("2030-01-01T00:00:00Z", TODAY) is None  # after the ingest
    assert normalise_date(float("nan"), TODAY) is None
    assert normalise_date(["2020"], TODAY) is None


# --- through ingest ---


def test_ingest_takes_url_date_when_page_has_none(ingest: Callable[..., Document]) -> None:
    text = f'---\nurl: "https://example-news.test/news/envoys-meet-20190611-0042.html"\n---\n{BODY}\n'
    doc = ingest(text, source="a.md")
    assert doc.stated_date == "2019-06-11" and doc.published_basis == "metadata"


def test_ingest_keeps_revision_line_out_of_the_page_date(ingest: Callable[..., Document]) -> None:
    from claimgraph.extract.docdate import infer_date

    text = (
        "Harbour Talks Resume After a Long Pause\n"
        "Last updated: March 30, 2024\n"
        "Posted on March 2, 2024\n\n"
        f"{BODY}\n"
    )
    doc = ingest(text, source="b.txt")
    assert any(is_update_text(c["text"]) for c in doc.meta["date_candidates"])
    out = infer_date(doc, today=TODAY)
    assert out.published == "2024-03-02" and out.published_basis == "stated"
    assert out.title == "Harbour Talks Resume After a Long Pause"


def test_ingest_reads_html_publication_metadata(ingest: Callable[..., Document]) -> None:
    pytest.importorskip("trafilatura")
    body = "<p>" + BODY + " " + BODY + "</p>"
    page = (
        '<html><head><title>Talks resume</title><meta property="article:published_time" '
        'content="2021-03-04T10:00:00Z"><meta property="article:modified_time" content="2022-05-06T10:00:00Z">'
        f"</head><body><article><h1>Talks resume</h1>{body}</article></body></html>"
    )
    assert ingest(page, source="c.html").stated_date == "2021-03-04"
    page2 = (
        '<html><head><title>Talks resume</title><script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2020-01-02T03:04:05Z", "dateModified": "2023-01-01"}</script></head>'
        f"<body><article><h1>Talks resume</h1>{body}</article></body></html>"
    )
    assert ingest(page2, source="d.html").stated_date == "2020-01-02"
