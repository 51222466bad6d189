"""Document dating on hand-written texts, plus the acceptance check on the seed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract import timex
from claimgraph.extract.docdate import collect_evidence, infer_date, timeline
from claimgraph.records import Document


def make_doc(text: str, stated: str | None = None, basis: str | None = None, **kw: object) -> Document:
    return Document(
        id="doc_test",
        source="test.txt",
        sha256="0",
        text=text,
        stated_date=stated,
        published_basis=basis if basis else ("stated" if stated else None),
        **kw,  # type: ignore[arg-type]
    )


def test_docdate_no_stated_date_uses_newest_past_fact() -> None:
    text = (
        "The two navies held drills in September 2019. Officials met again on March 3, 2021 to review them. "
        "A new round is expected in May 2022."
    )
    out = infer_date(make_doc(text))
    assert out.published == "2021-03"
    assert out.published_basis == "inferred" and not out.repost
    assert out.published_reason and "2021-03" in out.published_reason
    roles = {e["text"]: e["role"] for e in out.meta["date_evidence"]}
    assert roles["May 2022"] == "future"


def test_docdate_serial_issue_and_yearless_citations() -> None:
    text = (
        "Publication: Eurasia Daily Monitor Volume: 10 Issue: 40\n\n"
        "The ministers met in Beijing (Interfax, February 25) and signed a memorandum (TASS, February 27). "
        "An earlier round had failed (Kommersant, November 12, 2012)."
    )
    out = infer_date(make_doc(text))
    assert out.published is not None and out.published.startswith("2013-0")
    assert out.published in ("2013-02", "2013-03")
    kinds = {e["kind"] for e in out.meta["date_evidence"]}
    assert {"serial", "yearless_citation", "explicit_date"} <= kinds
    citation = next(e for e in out.meta["date_evidence"] if e["text"] == "February 27")
    assert citation["value"] == "2013-02-27"


def test_docdate_yearless_citations_follow_newest_full_date() -> None:
    text = "Tensions rose (Reuters, November 30, 2018). The envoy replied (AP, January 14)."
    out = infer_date(make_doc(text))
    assert out.published == "2019-01"


def test_docdate_anchored_event_dates_document_and_flags_repost() -> None:
    text = (
        "Days after the ICC issued a warrant for the arrest of the Russian president, "
        "Chinese leader Xi arrived for a state visit to Moscow last month."
    )
    out = infer_date(make_doc(text, "2025-06-01"))
    assert out.repost is True
    assert out.published == "2023-04" and out.published_basis == "inferred"
    assert out.published_reason and "Re-post" in out.published_reason


def test_docdate_consistent_stated_date_is_kept_with_its_basis() -> None:
    text = "The border stand-off in Ladakh between Indian and Chinese troops continues. It began in May 2020."
    out = infer_date(make_doc(text, "2020-09-14", basis="metadata"))
    assert (out.published, out.published_basis, out.repost) == ("2020-09-14", "metadata", False)


def test_docdate_stated_date_before_reported_facts_is_overridden() -> None:
    text = "The agreement was signed on June 2, 2019, and ratified in November 2019."
    out = infer_date(make_doc(text, "2017-01-10"))
    assert out.published == "2019-11" and out.published_basis == "inferred" and not out.repost


def test_docdate_a_bare_year_years_later_does_not_move_the_stated_date() -> None:
    # a headline projection ("to supply ... from 2026") read as a past fact must not date the page years later
    text = "Emirate to Supply Gas to Austria From 2027\n\nThe emirate signed a supply deal on Tuesday."
    out = infer_date(make_doc(text, "2023-05-16"))
    assert out.published == "2023-05-16" and not out.repost


def test_docdate_old_facts_alone_do_not_make_a_repost() -> None:
    # a fresh article about an event missing from the timeline must not be called a re-post
    text = "The cabinet approved the purchase in March 2015. Deliveries followed in July 2015."
    out = infer_date(make_doc(text, "2019-02-01"))
    assert not out.repost and out.published == "2019-02-01"


def test_docdate_cue_next_to_another_time_does_not_anchor() -> None:
    text = "Officials said on Tuesday, three years after the deal, that India signed the S-400 contract."
    out = infer_date(make_doc(text, "2021-12-21"))
    assert not out.repost and out.published == "2021-12-21"


def test_docdate_republication_note_marks_a_repost() -> None:
    text = (
        "Officials confirmed that the first S-400 squadron was delivered to India in December 2021.\n\n"
        "Republished from our archive."
    )
    out = infer_date(make_doc(text, "2023-06-01"))
    assert out.repost and out.published == "2021-12" and out.published_basis == "inferred"
    text2 = "Leaders met in Beijing in May 2019. This article was originally published on June 2, 2019."
    out2 = infer_date(make_doc(text2, "2024-01-15"))
    assert out2.repost and out2.published == "2019-06-02"


def test_docdate_without_evidence_keeps_nothing_invented() -> None:
    out = infer_date(make_doc("Diplomats met and talked about many things."))
    assert out.published is None and out.published_basis is None
    out2 = infer_date(make_doc("Diplomats met and talked about many things.", "2021-05-02"))
    assert out2.published == "2021-05-02" and out2.published_basis == "stated"


def test_docdate_skipped_document_is_untouched() -> None:
    doc = Document(id="d", source="x", sha256="0", text="", status="skipped:empty")
    assert infer_date(doc) is doc


def test_docdate_page_date_line_is_not_evidence() -> None:
    text = "12 May 2024\n\nThe summit of March 2019 produced no agreement."
    evidence = collect_evidence(make_doc(text, "2024-05-12"))
    assert all(e.value != "2024-05-12" for e in evidence)


def test_docdate_timeline_is_valid() -> None:
    events = timeline()
    assert 60 <= len(events) <= 150
    assert len({e.id for e in events}) == len(events)
    assert all(timex.is_iso_prefix(e.date) for e in events)


@settings(max_examples=50, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["May 2018", "last month", "March 25", "in 2017", "Crimea was annexed", "talks", ".", "Xi"]
        ),
        max_size=12,
    ),
    stated=st.one_of(st.none(), st.sampled_from(["2016-03-30", "2020-08", "2024"])),
)
def test_docdate_deterministic_and_iso(words: list[str], stated: str | None) -> None:
    doc = make_doc(" ".join(words) or "nothing", stated)
    a, b = infer_date(doc), infer_date(doc)
    assert a == b
    assert a.published is None or timex.is_iso_prefix(a.published)


# --- acceptance on the seed corpus (texts read at run time, never copied) ---

_STATED = {"000": ("2020-08-04", "stated"), "004": ("2024-12-30", "stated")}


def _seed_docs(seeds_dir: Path) -> dict[str, Document]:
    docs = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        key = path.name[:3]
        stated, basis = _STATED.get(key, (None, None))
        docs[key] = Document(
            id=f"doc_{key}",
            source=str(path),
            sha256="0",
            text=path.read_text(encoding="utf-8"),
            stated_date=stated,
            published_basis=basis,
        )
    return docs


def test_docdate_ambiguous_event_without_floor_takes_latest_before_stated() -> None:
    text = "Xi paid a state visit to Moscow last month."
    out = infer_date(make_doc(text, "2023-04-20"))
    assert out.published == "2023-04-20" and not out.repost


@pytest.mark.seeds
def test_docdate_seed_acceptance(seeds_dir: Path, gold_dir: Path) -> None:
    docs = _seed_docs(seeds_dir)
    out = {k: infer_date(d) for k, d in docs.items()}
    gold = {k: json.loads((gold_dir / f"{k}.json").read_text())["true_date"] for k in docs}

    p0 = out["000"].published or ""
    assert p0[:7] in ("2020-07", "2020-08") and p0 <= "2020-08-04"
    assert gold["000"].startswith("2020-07")

    assert out["001"].published_basis == "inferred"
    assert "2020-06" <= (out["001"].published or "") <= "2020-12"

    for key in ("002", "003"):
        assert out[key].published_basis == "inferred"
        assert out[key].published == gold[key][:7] == "2016-03"

    assert out["004"].repost is True and out["004"].published_basis == "inferred"
    assert out["004"].published in ("2023-03", "2023-04")
    assert out["004"].published == gold["004"][:7]
    for d in out.values():
        assert d.meta["date_evidence"], d.id


def test_docdate_anniversary_of_a_timeline_event_is_a_past_fact() -> None:
    text = (
        "Ministers gathered on the second anniversary of Russia's annexation of Crimea to sign a memorandum."
    )
    out = infer_date(make_doc(text))
    ev = next(e for e in out.meta["date_evidence"] if e["kind"] == "anniversary")
    assert ev["value"] == "2016-03-18" and out.published == "2016-03"


def test_docdate_expected_event_is_not_a_lower_bound() -> None:
    text = "Analysts said India signed for the S-400 in October 2018. Turkey expects deliveries of the S-400 soon."
    out = infer_date(make_doc(text))
    roles = {e["kind"] + ":" + e["value"]: e["role"] for e in out.meta["date_evidence"]}
    assert roles["timeline_event:2019-07-12"] == "future"
    assert out.published == "2018-10"


def test_docdate_event_with_last_week_pins_the_month() -> None:
    text = "Late last week Moscow suspended S-400 deliveries to China, citing the pandemic."
    out = infer_date(make_doc(text))
    assert out.published == "2020-07"
    assert any(e["kind"] == "anchored_event" for e in out.meta["date_evidence"])


def test_docdate_uses_parsed_sentences_when_given() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = (
        "Chinese leader Xi made a state visit to Moscow last month. The ICC had issued a warrant days before."
    )
    doc = nlp(text)
    out = infer_date(make_doc(text), doc)
    assert out.published == "2023-04" and out.published_basis == "inferred"


@pytest.mark.seeds
def test_docdate_seed_acceptance_through_ingest(seeds_dir: Path) -> None:
    ingest = pytest.importorskip("claimgraph.ingest")
    from claimgraph.config import Settings

    settings = Settings()
    out: dict[str, Document] = {}
    for raw in ingest.iter_raw([str(p) for p in sorted(seeds_dir.glob("*.txt"))], settings):
        doc = raw if isinstance(raw, Document) else ingest.to_document(raw, settings)
        out[Path(doc.source).name[:3]] = infer_date(doc)
    assert "2020-07" <= (out["000"].published or "") <= "2020-08-04"
    assert "2020-06" <= (out["001"].published or "") <= "2020-12"
    assert out["002"].published == out["003"].published == "2016-03"
    assert out["004"].repost and out["004"].published == "2023-04"


def test_docdate_demo_corpus_has_no_false_reposts() -> None:
    """The bundled demo articles carry true page dates; only one says it is republished."""
    ingest = pytest.importorskip("claimgraph.ingest")
    from claimgraph.config import Settings

    corpus = Path(__file__).resolve().parents[2] / "src" / "claimgraph" / "demo" / "corpus"
    if not corpus.is_dir():
        pytest.skip("no demo corpus")
    settings = Settings()
    checked = 0
    for raw in ingest.iter_raw([str(corpus)], settings):
        doc = raw if isinstance(raw, Document) else ingest.to_document(raw, settings)
        if not doc.ok or not doc.stated_date:
            continue
        out = infer_date(doc)
        says_repost = "republished" in doc.text.lower() or "originally published" in doc.text.lower()
        assert out.repost == says_repost, (doc.source, out.published_reason)
        if not says_repost:
            assert out.published == doc.stated_date, (doc.source, out.published_reason)
        checked += 1
    assert checked >= 5


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(min_size=1, max_size=300), stated=st.one_of(st.none(), st.just("2021-05-02"), st.just("bad"))
)
def test_docdate_never_raises_on_arbitrary_text(text: str, stated: str | None) -> None:
    out = infer_date(make_doc(text, stated))
    assert out.published is None or timex.is_iso_prefix(out.published)
    assert isinstance(out.meta["date_evidence"], list)
