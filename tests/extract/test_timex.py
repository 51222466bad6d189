"""Time normalisation on hand-written sentences, one test per expression class."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract.timex import (
    bounds,
    find_times,
    find_yearless,
    is_iso_prefix,
    parse_iso,
    resolve,
    shift,
)


def values(
    text: str, anchor: str | None = None, reference: str | None = None
) -> list[tuple[str, str | None]]:
    return [(t.value, t.end) for t in find_times(text, anchor, reference=reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The first batch arrived in May 2018.", "2018-05"),
        ("The treaty was signed in 2017.", "2017"),
        ("Talks began in September 2014 in Beijing.", "2014-09"),
        ("Troops crossed the border on 24 February 2022.", "2022-02-24"),
        ("Troops crossed the border on February 24, 2022.", "2022-02-24"),
        ("The ministry replied on December 8, 2015.", "2015-12-08"),
        ("The filing is dated 2020-08-12.", "2020-08-12"),
        ("Production slowed in mid-2020.", "2020"),
        ("A deal is due in early 2021.", "2021"),
        ("Relations soured in late 2019.", "2019"),
    ],
)
def test_timex_absolute_dates(text: str, expected: str) -> None:
    assert values(text)[0][0] == expected


def test_timex_month_year_text_is_the_expression() -> None:
    (t,) = find_times("Shipments resumed in May 2018.", None)
    assert t.text == "May 2018" and t.granularity == "month" and not t.relative


def test_timex_decade_has_end_and_no_fake_prefix() -> None:
    (t,) = find_times("Beijing has bought jets since the 1990s.", None)
    assert (t.value, t.end) == ("1990", "1999")
    assert "1990s" in (t.text or "")


def test_timex_since_keeps_text() -> None:
    (t,) = find_times("They have been partners since 2014.", None)
    assert t.value == "2014" and t.text == "since 2014"


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("the agency said (Reuters, March 22)", "2016-03-30", "2016-03-22"),
        ("the minister spoke on 24 February", "2023-04-12", "2023-02-24"),
        ("talks resumed in March", "2023-04-12", "2023-03"),
        ("they used the March meeting to plan", "2023-04-12", "2023-03"),
        ("a visit in November", "2016-03-30", "2015-11"),
        ("the summit on December 20", "2016-01-05", "2015-12-20"),
    ],
)
def test_timex_yearless_takes_anchor_year_or_previous(text: str, anchor: str, expected: str) -> None:
    assert values(text, anchor)[0][0] == expected


def test_timex_yearless_needs_anchor() -> None:
    assert values("the agency said (Reuters, March 22)") == []
    assert find_yearless("the agency said (Reuters, March 22) and on 5 April")[0][:2] == (3, 22)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Late last week, officials confirmed it.", "2020-07-28", "2020-07"),
        ("Late last week, officials confirmed it.", "2020-08-04", "2020-07"),
        ("Last week the talks stalled.", "2021-03-10", "2021-03"),
        ("This week the talks stalled.", "2021-03-10", "2021-03"),
        ("Reports circulated over the past week.", "2020-07-28", "2020-07"),
        ("Reports circulated over the past week.", "2020-08-04", "2020-07"),
        ("He said so yesterday.", "2020-07-28", "2020-07-27"),
        ("The ministry said on Friday that talks failed.", "2020-07-28", "2020-07-24"),
        ("Officials met on Tuesday.", "2020-07-28", "2020-07-28"),  # a Tuesday story: today
        ("Officials met on Monday.", "2020-07-28", "2020-07-27"),
        ("He says so today.", "2020-07-28", "2020-07-28"),
        ("The plant is now idle.", "2020-07-28", "2020-07"),
        ("The plant is currently idle.", "2020-07-28", "2020-07"),
        ("He recently visited Moscow.", "2016-03-30", "2016-03"),
        ("He visited Moscow last month.", "2023-04-12", "2023-03"),
        ("He will visit next month.", "2023-12-12", "2024-01"),
        ("Exports fell last year.", "2023-04-12", "2022"),
        ("Exports fell this year.", "2023-04-12", "2023"),
        ("Exports may grow next year.", "2023-04-12", "2024"),
        ("Two years ago the ministers met.", "2016-03-16", "2014"),
        ("A decade ago, the Kremlin hesitated.", "2023-04", "2013"),
        ("eight weeks ago", "2023-04-12", "2023-02"),
        ("A deal may come in the near future.", "2016-03", "2016"),
    ],
)
def test_timex_relative_to_anchor(text: str, anchor: str, expected: str) -> None:
    found = find_times(text, anchor)
    assert found and found[0].value == expected and found[0].relative


def test_timex_relative_needs_anchor() -> None:
    assert values("He visited Moscow last month.") == []
    assert values("Officials met on Tuesday.", "2020-07") == []


def test_timex_past_span_is_a_range_ending_at_the_anchor() -> None:
    assert values("Trade doubled over the past two years.", "2023-04-12") == [("2021", "2023")]
    assert values("Prices rose in the last three months.", "2023-04") == [("2023-01", "2023-04")]
    assert values("in the past decade", "2023-04") == [("2013", "2023")]


def test_timex_later_uses_reference() -> None:
    assert values("The deal was disclosed eight months later.", "2023-04", reference="2014-09") == [
        ("2015-05", None)
    ]
    assert values("The deal was disclosed three months later.", "2023-04", reference="2020-11-20") == [
        ("2021-02", None)
    ]
    assert values("The deal was disclosed eight months later.", "2023-04") == []


def test_timex_range_month_or_month() -> None:
    (t,) = find_times("Deliveries should start from November 2020 or February 2021 onward.", None)
    assert (t.value, t.end) == ("2020-11", "2021-02")
    assert values("between 2014 and 2016") == [("2014", "2016")]


@pytest.mark.parametrize(
    "text",
    [
        "The S-400 system and the Su-35 jet.",
        "COVID-19 slowed production.",
        "The 5+1 talks resumed.",
        "Publication: Monitor Volume: 13 Issue: 62",
        "Some 2,000 troops and 40N6 missiles.",
        "The report may march on; we may see.",
    ],
)
def test_timex_designations_are_not_times(text: str) -> None:
    assert values(text, "2020-07-28") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some 2000 troops crossed the river.", []),
        ("They sent 1500 soldiers north.", []),
        ("In 2017 talks resumed.", ["2017"]),
        ("The 2018 elections changed little.", ["2018"]),
        ("2019 was a hard year.", ["2019"]),
    ],
)
def test_timex_counts_are_not_years(text: str, expected: list[str]) -> None:
    assert [t.value for t in find_times(text, None)] == expected


def test_timex_offsets_point_into_text() -> None:
    text = "Before that, in May 2018, the first batch arrived."
    (t,) = find_times(text, None, offset=100)
    assert t.start_char is not None and t.end_char is not None
    assert text[t.start_char - 100 : t.end_char - 100] == t.text


def test_timex_resolve_single_expression() -> None:
    r = resolve("last month", "2023-04-12")
    assert r is not None and r.value == "2023-03" and r.relative
    assert resolve("nothing here", "2023-04-12") is None
    assert resolve("eight months later", None, reference="2014-09") is not None


def test_timex_iso_helpers() -> None:
    assert parse_iso("2018-05") == (2018, 5, None)
    assert parse_iso("2018-02-30") is None
    assert shift("2020-01", months=-1) == "2019-12"
    assert shift("2020-03-31", months=-1) == "2020-02-29"
    lo, hi = bounds("2016-02")
    assert (lo.day, hi.day) == (1, 29)


_ANCHORS = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2049, 12, 1)).map(lambda d: d.isoformat()),
    st.integers(1950, 2049).map(str),
    st.tuples(st.integers(1950, 2049), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
)
_PHRASES = st.sampled_from(
    [
        "last month",
        "late last week",
        "two years ago",
        "March 25",
        "in March",
        "May 2018",
        "the 1990s",
        "since 2014",
        "yesterday",
        "recently",
        "next year",
        "a decade ago",
        "24 February",
        "in December",
        "from November 2020 or February 2021 onward",
        "eight months later",
        "this week",
        "over the past week",
    ]
)


@settings(max_examples=200, deadline=None)
@given(phrase=_PHRASES, anchor=_ANCHORS, reference=_ANCHORS, noise=st.text(max_size=20))
def test_timex_values_are_iso_prefixes_and_deterministic(
    phrase: str, anchor: str | None, reference: str | None, noise: str
) -> None:
    text = f"{noise} {phrase} {noise}"
    first = find_times(text, anchor, reference=reference)
    assert first == find_times(text, anchor, reference=reference)
    for t in first:
        assert is_iso_prefix(t.value)
        assert t.end is None or is_iso_prefix(t.end)
        assert t.start_char is not None and text[t.start_char : t.end_char] == t.text
    assert resolve(phrase, anchor, reference) == resolve(phrase, anchor, reference)


def test_timex_yearless_day_before_a_comma() -> None:
    # "on March 11, both sides ..." is a year-less date; "March 11, 2016" stays a full date
    [t] = find_times("At their meeting on March 11, both sides restated their views.", "2016-03-16")
    assert (t.value, t.text) == ("2016-03-11", "March 11")
    [t] = find_times("They met on March 11, 2016 in Moscow.", "2020-01")
    assert t.value == "2016-03-11"
