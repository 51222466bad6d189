from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.ingest.dates import date_from_url, find_date, normalise_date, parse_date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("4 August 2020", "2020-08-04"),
        ("Monday, December 30, 2024", "2024-12-30"),
        ("March 3, 2016", "2016-03-03"),
        ("2020-08-12", "2020-08-12"),
        ("Published: Aug. 4, 2020 10:30 am", "2020-08-04"),
        ("Updated 10:45 GMT, 3 March 2016", "2016-03-03"),
        ("Posted on 2020-08-12T10:00:00Z", "2020-08-12"),
        ("12.08.2020", "2020-08-12"),
        ("August 2020", "2020-08"),
    ],
)
def test_dates_dateline_keeps_precision(line: str, expected: str) -> None:
    found = parse_date(line)
    assert found is not None and found.value == expected


def test_dates_prose_is_not_a_dateline() -> None:
    assert parse_date("The talks on March 3, 2016 ended without a deal") is None
    found = find_date("The talks on March 3, 2016 ended without a deal")
    assert found is not None and found.value == "2016-03-03" and found.text == "March 3, 2016"


def test_dates_invalid_or_ambiguous_rejected() -> None:
    assert parse_date("February 30, 2020") is None
    assert parse_date("05/06/2020") is None  # day-first or month-first: cannot tell
    assert parse_date("13/06/2020").value == "2020-06-13"  # type: ignore[union-attr]


def test_dates_from_url_path() -> None:
    assert date_from_url("https://example.org/world/2020/08/12/a-story/").value == "2020-08-12"  # type: ignore[union-attr]
    assert date_from_url("https://example.org/news/2019/07/a-story.html").value == "2019-07"  # type: ignore[union-attr]
    assert date_from_url("https://example.org/a/20200812/b").value == "2020-08-12"  # type: ignore[union-attr]
    assert date_from_url("https://example.org/2020-team/") is None
    assert date_from_url(None) is None


def test_dates_normalise_metadata_values() -> None:
    assert normalise_date("2021-03-04 10:00:00") == "2021-03-04"
    assert normalise_date("2021-03-04T10:00:00+02:00") == "2021-03-04"
    assert normalise_date("2021-03") == "2021-03"
    assert normalise_date(dt.date(2019, 1, 2)) == "2019-01-02"
    assert normalise_date(dt.datetime(2019, 1, 2, 5, 6)) == "2019-01-02"
    assert normalise_date("12 May 2018") == "2018-05-12"
    assert normalise_date("soon") is None
    assert normalise_date(None) is None


def test_dates_dateline_with_place() -> None:
    from claimgraph.ingest.dates import parse_date

    found = parse_date("Moscow, 3 May 2021")
    assert found is not None and found.value == "2021-05-03"
    found = parse_date("NEW DELHI, Dec. 6, 2021")
    assert found is not None and found.value == "2021-12-06"
    assert parse_date("Moscow said on 3 May 2021 that talks would go on") is None
