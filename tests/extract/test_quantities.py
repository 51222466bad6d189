"""Numbers, counted quantities and money on hand-written sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimgraph.extract.quantities import find_money, find_quantities, find_quantities_spans, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("thirty-six", 36),
        ("six", 6),
        ("a dozen", 12),
        ("1,200", 1200),
        ("2.17", 2.17),
        ("two hundred", 200),
        ("half a million", 500_000),
        ("1.5 billion", 1.5e9),
        ("two hundred and fifty", 250),
        ("3bn", 3e9),
    ],
)
def test_quantities_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "foo", "S-400", "several"])
def test_quantities_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_quantities_counted_nouns_skip_designations() -> None:
    text = "Moscow sold four S-400 battalions, a total of twenty-four launchers, to the navy."
    got = [(q.value, q.unit, q.text) for q in find_quantities(text)]
    assert got == [(4, "battalion", "four S-400 battalions"), (24, "launcher", "twenty-four launchers")]


def test_quantities_approximate_and_units() -> None:
    text = "Gunners fired approximately 80 rounds from 300 kilometers; 12 documents were signed."
    got = [(q.value, q.unit) for q in find_quantities(text)]
    assert got == [(80, "round"), (300, "km"), (12, "document")]
    spans = find_quantities_spans(text, offset=10)
    q, s, e = spans[0]
    assert text[s - 10 : e - 10] == q.text == "approximately 80 rounds"


@pytest.mark.parametrize(
    "text",
    [
        "The S-400 and the Su-35 and the 40N6 missile.",
        "COVID-19 cases rose.",
        "In 2019 officials met on March 25 and 25 March.",
        "Exports grew 15 percent and 20% in the 5+1 format.",
        "Volume: 13 Issue: 62",
        "It was the 3rd time in two years ago.",
    ],
)
def test_quantities_not_counts(text: str) -> None:
    assert find_quantities(text) == []


def test_quantities_singularises_units() -> None:
    units = {q.unit for q in find_quantities("three batteries, five missiles, 2 boxes and 40 people")}
    assert units == {"battery", "missile", "box", "person"}


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("a $3 billion contract", 3e9, "USD"),
        ("a $2.17 billion loan", 2.17e9, "USD"),
        ("a $5.43-billion package", 5.43e9, "USD"),
        ("worth US$1.5bn in all", 1.5e9, "USD"),
        ("a €2 billion fund", 2e9, "EUR"),
        ("RMB 10 billion in credit", 1e10, "CNY"),
        ("10 billion yuan in credit", 1e10, "CNY"),
        ("500 million rubles of damage", 5e8, "RUB"),
        ("two billion dollars", 2e9, "USD"),
        ("Rs 5,000 crore for the jets", 5e10, "INR"),
    ],
)
def test_quantities_money(text: str, amount: float, currency: str) -> None:
    ((money, s, e),) = find_money(text)
    assert money.amount == pytest.approx(amount) and money.currency == currency
    assert money.usd is not None and money.usd > 0
    assert text[s:e] == money.text


def test_quantities_money_usd_conversion_and_vague_amounts() -> None:
    ((eur, _, _),) = find_money("a €2 billion fund")
    assert eur.usd is not None and 1.5e9 < eur.usd < 3e9
    assert find_money("tens of billions of dollars") == []


def test_quantities_money_is_not_a_count() -> None:
    assert [q.unit for q in find_quantities("a $3 billion deal for 6 battalions")] == ["battalion"]


@given(st.integers(min_value=0, max_value=10**9))
def test_quantities_parse_number_roundtrips_digits(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]


def _words(n: int) -> str:
    """Our own small speller for the property test (1..999)."""
    parts = []
    if n >= 100:
        parts.append(f"{_ONES[n // 100]} hundred")
        n %= 100
    if 10 <= n < 20:
        parts.append(_TEENS[n - 10])
    elif n:
        parts.append("-".join(x for x in (_TENS[n // 10], _ONES[n % 10]) if x))
    return " and ".join(parts)


@given(st.integers(min_value=1, max_value=999))
def test_quantities_parse_number_reads_spelled_numbers(n: int) -> None:
    assert parse_number(_words(n)) == n
