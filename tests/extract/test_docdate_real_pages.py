"""Document dating on the shapes real pages take: datelines without a year, weekdays that fix the year, revision
lines, URL dates, forecasts. Every text here is invented for the test (no sentence comes from a real article)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract import timex
from claimgraph.extract.docdate import infer_date
from claimgraph.records import Document

TODAY = dt.date(2026, 12, 3)


def make_doc(
    text: str, stated: str | None = None, candidates: list[dict[str, Any]] | None = None
) -> Document:
    meta: dict[str, Any] = {}
    if candidates is not None:
        meta["date_candidates"] = candidates
        stated = stated or (candidates[0]["value"] if candidates else None)
    return Document(
        id="doc_real",
        source="page.md",
        sha256="0",
        text=text,
        stated_date=stated,
        published_basis="stated" if stated else None,
        meta=meta,
    )


def cand(value: str, text: str, kind: str = "header") -> dict[str, str]:
    if kind == "url":
        return {
            "value": value,
            "basis": "metadata",
            "reason": f"The URL path contains the date {text}.",
            "text": text,
        }
    return {
        "value": value,
        "basis": "stated",
        "reason": f"The page header states the date {text!r}.",
        "text": text,
    }


def roles(doc: Document) -> dict[str, str]:
    return {e["text"]: e["role"] for e in doc.meta["date_evidence"]}


# --- a weekday beside a month-day fixes the year ---


def test_weekday_fixes_the_year_and_forecasts_do_not_push_it_up() -> None:
    text = (
        "Port Louis: The two coast guards on Tuesday (June 10) signed the patrol boat contract. Under the deal "
        "the service from mid-2028 will receive six boats, and all of them are expected to be handed over by 2030."
    )
    out = infer_date(make_doc(text), today=TODAY)
    assert out.published == "2025-06-10" and out.published_basis == "inferred"  # 10 June 2025 was a Tuesday
    r = roles(out)
    assert r["mid-2028"] == "future" and r["2030"] == "future"


def test_weekday_year_respects_the_years_the_text_reports() -> None:
    # 12 March was a Thursday in 2020 and 2026; the text reports the earlier year as past, a plan for 2021 ahead
    text = (
        "Officials said on Thursday, March 12, that the depot opened in 2019 would double its stock in 2021."
    )
    out = infer_date(make_doc(text), today=TODAY)
    assert out.published == "2020-03-12"


def test_weekday_is_ignored_when_no_year_fits() -> None:
    # 5 May is never a Monday between the reported 2024 and the ingest in 2025-05: the weekday is not trusted
    text = "The refinery restarted in March 2024. Crews returned on Monday, May 5."
    out = infer_date(make_doc(text), today=dt.date(2025, 3, 1))
    assert out.published is not None and out.published.startswith("2024")


# --- a month-day without a year takes its year from the text ---


def test_yearless_date_takes_the_year_of_reported_events() -> None:
    text = (
        "The coalition shelved the frigate purchase, a broadcaster reported on November 20. The frigates had "
        "been displayed at the 2022 naval fair, where the buyers first saw them."
    )
    out = infer_date(make_doc(text), today=TODAY)
    assert out.published == "2022-11"
    assert any(e["text"] == "November 20" and e["value"] == "2022-11-20" for e in out.meta["date_evidence"])


def test_yearless_dates_follow_a_fiscal_year_over_older_events() -> None:
    text = (
        "The utility agreed to buy fuel in local currency, a news agency reported on June 3. Sanctions "
        "imposed in 2022 had cut its options. In the first quarter of the fiscal year 2023/24 imports rose."
    )
    out = infer_date(make_doc(text), today=TODAY)
    assert out.published == "2023-06"


def test_dateline_without_a_year_gives_the_day() -> None:
    text = (
        "Harbour Deal Moves Ahead\n\nKATHMANDU, Mar 3 (Agency) - The two governments renewed the transit accord "
        "first signed in 2019, officials said on Tuesday."
    )
    out = infer_date(make_doc(text), today=TODAY)
    ev = next(e for e in out.meta["date_evidence"] if e["text"] == "Mar 3")
    assert ev["value"] == "2019-03-03"
    assert out.published == "2019-03-03"


def test_yearless_date_on_a_timeline_day_takes_that_year() -> None:
    # the packaged timeline dates the first S-400 delivery to Turkey to 12 July 2019
    text = "Cargo planes brought the first S-400 parts to a Turkish air base on July 12, officials confirmed."
    out = infer_date(make_doc(text), today=TODAY)
    assert out.published == "2019-07"


def test_no_year_anywhere_gives_no_date() -> None:
    out = infer_date(
        make_doc("NAIROBI, Jan 25 - Ministers met on Monday and agreed to meet again."), today=TODAY
    )
    assert out.published is None


# --- revision lines, URL dates, page dates ---


def test_revision_line_in_the_text_is_an_upper_bound_not_a_fact() -> None:
    text = (
        "Posted on September 2, 2025\n4 min read · Last updated: February 3, 2026\n\n"
        "A second tanker unloaded at the terminal on Wednesday; a third is due on September 6. The plant began "
        "loading cargoes in July 2024."
    )
    cands = [cand("2025-09-02", "September 2, 2025")]
    out = infer_date(make_doc(text, candidates=cands), today=TODAY)
    assert out.published == "2025-09-02" and out.published_basis == "stated"
    assert roles(out)["February 3, 2026"] == "updated"


def test_revision_candidate_is_skipped_for_the_publication_date() -> None:
    cands = [cand("2024-05-20", "Last updated: May 20, 2024"), cand("2024-05-02", "May 2, 2024")]
    out = infer_date(
        make_doc("The ministers met in Oslo in April 2024 to settle the route.", candidates=cands)
    )
    assert out.published == "2024-05-02"
    only_update = [cand("2024-05-20", "Updated 20 May 2024")]
    out2 = infer_date(
        make_doc("The ministers met in Oslo in April 2024.", candidates=only_update), today=TODAY
    )
    assert out2.published == "2024-04" and out2.published_basis == "inferred"


def test_url_date_is_preferred_to_a_much_later_header_date() -> None:
    cands = [cand("2023-10-01", "October 1, 2023"), cand("2021-02-11", "/2021/02/11/", "url")]
    out = infer_date(make_doc("The depot was handed over in January 2021.", candidates=cands), today=TODAY)
    assert out.published == "2021-02-11" and out.published_basis == "metadata"


def test_url_date_refines_a_coarser_header_date() -> None:
    cands = [cand("2021-02", "February 2021"), cand("2021-02-11", "/2021/02/11/", "url")]
    out = infer_date(make_doc("The depot was handed over in January 2021.", candidates=cands), today=TODAY)
    assert out.published == "2021-02-11"


def test_url_date_is_not_moved_later_by_content() -> None:
    cands = [cand("2018-05-04", "20180504", "url")]
    text = "The frigate was commissioned on June 2, 2020, the navy said."  # a misread or a later insert
    out = infer_date(make_doc(text, candidates=cands), today=TODAY)
    assert out.published == "2018-05-04" and not out.repost


def test_yearless_date_never_moves_a_stated_date_later() -> None:
    text = "The convoy left on March 30 and reached the border (Agency, April 9)."
    out = infer_date(make_doc(text, "2021-02-01"), today=TODAY)
    assert out.published == "2021-02-01"


def test_future_page_date_is_rejected() -> None:
    cands = [cand("2029-01-05", "January 5, 2029")]
    out = infer_date(make_doc("The talks ended in May 2024.", candidates=cands), today=TODAY)
    assert out.published == "2024-05" and out.published_basis == "inferred"


def test_opening_date_label_is_the_page_date() -> None:
    text = (
        " date 2021-05-06 The ministers of the two states said on May 6 that the pipeline talks had stalled."
    )
    out = infer_date(make_doc(text), today=TODAY)
    assert out.published == "2021-05-06" and out.published_basis == "stated"


# --- nothing after the ingest ---


def test_nothing_after_the_ingest_is_a_past_fact() -> None:
    text = "The contract was signed in 2031, and the first hull was laid down in March 2024."
    out = infer_date(make_doc(text), today=TODAY)
    assert out.published == "2024-03"
    assert roles(out)["2031"] == "future"


def test_inferred_date_is_never_after_the_ingest() -> None:
    text = "Xi made a state visit to Moscow last month."  # the timeline puts the visit in March 2023
    out = infer_date(make_doc(text), today=dt.date(2023, 3, 25))
    assert out.published is not None and out.published <= "2023-03-25"


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(max_size=300),
    cands=st.lists(
        st.fixed_dictionaries(
            {"value": st.sampled_from(["2021-05-02", "2031-01-01", "bad", ""]), "text": st.text(max_size=30)}
        ),
        max_size=3,
    ),
)
def test_never_raises_and_never_future(text: str, cands: list[dict[str, Any]]) -> None:
    doc = Document(id="d", source="x", sha256="0", text=text or "x", meta={"date_candidates": cands})
    out = infer_date(doc, today=TODAY)
    assert out.published is None or (
        timex.is_iso_prefix(out.published) and out.published[:10] <= "2026-12-04"
    )
