from __future__ import annotations

import pytest

from claimgraph.ingest.boilerplate import strip_boilerplate

PARA = (
    "The two delegations met behind closed doors for most of the afternoon, and neither side would say "
    "afterwards whether the question of the pipeline tariffs had been settled or merely postponed again."
)


@pytest.mark.parametrize(
    "line",
    [
        "165views",
        "1,234 views",
        "2.5K views",
        "No comments:",
        "3 Comments",
        "Share this",
        "Share this article",
        "Posted by Desk Editor at 10:15 AM",
        "Read more",
        "Read more: what the treaty says",
        "Subscribe",
        "Subscribe to our newsletter",
        "We use cookies to improve your experience on our site. By continuing you accept our policy.",
        "Accept all cookies",
        "Advertisement",
        "Labels: diplomacy, energy",
    ],
)
def test_boilerplate_line_removed_anywhere(line: str) -> None:
    text = f"A headline for the story\n\n{PARA}\n\n{line}\n\n{PARA}"
    cleaned = strip_boilerplate(text)
    assert line not in cleaned.text
    assert cleaned.text.count(PARA) == 2
    assert any(removed == line for _rule, removed in cleaned.removed)


def test_boilerplate_header_block_dateline_and_section() -> None:
    text = f"Tuesday, March 1, 2022\nWorld\n\nA headline for the story\n\n1,020 views\n\n{PARA}\n\nWorld\n\n{PARA}"
    cleaned = strip_boilerplate(text)
    assert cleaned.text.startswith("A headline for the story\n\n" + PARA)
    assert "\n\nWorld\n\n" in cleaned.text  # a lone "World" below the first paragraph is not a section label
    assert [d.value for d in cleaned.dates] == ["2022-03-01"]
    assert cleaned.dates[0].where == "header"


def test_boilerplate_keeps_prose_mentioning_views_and_shares() -> None:
    line = "Analysts said the views of both governments on share prices had converged, and subscribe to that."
    cleaned = strip_boilerplate(f"Headline here now\n\n{PARA}\n\n{line}")
    assert line in cleaned.text and not cleaned.removed


def test_boilerplate_posted_by_date_is_kept_as_evidence() -> None:
    cleaned = strip_boilerplate(f"{PARA}\n\nPosted by Desk Editor on 12 May 2018")
    assert cleaned.text == PARA
    assert cleaned.dates and cleaned.dates[0].value == "2018-05-12" and cleaned.dates[0].where == "posted"
