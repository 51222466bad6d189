"""Table and CSV cells show records as a reader writes them."""

from __future__ import annotations

from claimgraph.cli._output import cell


def test_output_cells_for_record_shapes() -> None:
    assert cell({"text": "Moscow paused deliveries.", "start": 10, "end": 35}) == "Moscow paused deliveries."
    assert cell({"value": 36, "unit": "launcher"}) == "36 launcher"
    assert cell({"amount": 3_000_000_000, "currency": "USD"}) == "3,000,000,000 USD"
    assert cell(["RUS", "CHN"]) == "RUS, CHN"
    assert cell(None) == "" and cell(0.5) == "0.5"
    assert cell("x" * 50, 10) == "x" * 9 + "…"
