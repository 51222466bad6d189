"""The HTML reader on hostile characters."""

from __future__ import annotations


def test_control_characters_and_lone_surrogates_are_dropped_before_parsing() -> None:
    # lxml refuses strings with C0 controls or lone surrogates ("must be XML compatible"): found by fuzzing
    from claimgraph.ingest.html import extract_html

    text, _ = extract_html("<html><body><p>Moscow \x16signed\x00 the deal \ud800 on Monday.</p></body></html>")
    assert text == "Moscow signed the deal on Monday."
