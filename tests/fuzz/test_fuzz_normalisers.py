"""Fuzzed time and quantity normalisation: hostile text with impossible dates, digit runs and Unicode digits, and
anchors at the edges of the calendar. Nothing may raise; every value is an ASCII ISO prefix or a finite amount whose
span points at its text. Inputs that once crashed are pinned as ``@example``s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import example, given

from claimgraph.extract import quantities, timex

from .harness import TARGETS, fuzz_settings


@fuzz_settings()
@given(case=TARGETS["timex"].strategy)
@example(case=("yesterday", "0001-01-01", None, 0, []))  # OverflowError: before date.min
@example(case=("tomorrow", "9999-12-31", None, 0, []))  # OverflowError: after date.max
@example(
    case=("\u200b. March 25-", "9999-12-31", "9999-12-31", 54, [54, 81])
)  # the anchor's week, past date.max
@example(case=("99 decades ago", "0068-06-01", None, 0, []))  # gave the year '-922'
@example(case=("the previous year", "0000", "0000", 0, []))  # year 0 was an ISO prefix; gave '-001'
@example(case=("the following year", None, "9999", 0, []))  # gave '10000'
@example(case=("9" * 400 + " years ago", "2020-01-01", None, 0, []))  # int(inf): OverflowError
@example(
    case=("\u0662\u0660\u0662\u0660-\u0660\u0665-\u0661\u0660", None, None, 0, [])
)  # Arabic-Indic digits kept
def test_fuzz_time_normalisation(case: Any, workdir: Path) -> None:
    TARGETS["timex"].run(case, workdir)


@fuzz_settings()
@given(case=TARGETS["quantities"].strategy)
@example(case=("$" + "9" * 400 + " billion", 0))  # amount inf
@example(case=("£ " + "9" * 400, 0))
@example(case=("hundred " * 1000, 0))  # parse_number: 100**1000 = inf
@example(case=("9" * 400 + " officials", 0))  # a quantity of inf
@example(case=("$" + "9" * 300 + " trillion", 0))  # finite digits, infinite once scaled
def test_fuzz_quantity_normalisation(case: Any, workdir: Path) -> None:
    TARGETS["quantities"].run(case, workdir)


def test_fuzz_overflowing_numbers_are_no_numbers() -> None:
    assert quantities.parse_number("9" * 400) is None
    assert quantities.find_money("$" + "9" * 400 + " billion") == []
    assert quantities.parse_number("1,000,000") == 1e6


def test_fuzz_times_off_the_calendar_are_left_empty() -> None:
    assert timex.find_times("tomorrow", "9999-12-31") == []
    assert timex.find_times("last year", "0000") == []
    assert not timex.is_iso_prefix("\u0662\u0660\u0662\u0660")
    assert [t.value for t in timex.find_times("tomorrow", "2020-02-28")] == ["2020-02-29"]
