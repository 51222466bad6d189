from __future__ import annotations

from claimgraph.reconcile import run

from .conftest import Corpus, s400_corpus


def test_dates_undated_document_moved_to_latest_reported_event(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    s400_corpus(corpus)
    late = corpus.documents[2]
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    [dd] = [d for d in result.document_dates if d.document == late.id]
    assert dd.published == "2020-07" and dd.basis == "inferred"
    assert "no earlier than 2020-07" in dd.reason


def test_dates_inferred_too_early_moves_up_but_stated_stays(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "Russia and China held talks in Moscow in May 2019.", date="2019-05-20")
    b = corpus.doc("b", "The May 2019 talks in Moscow between Russia and China ended.", date="2018",
                   basis="inferred")
    corpus.event(a, "meeting", "Russia and China held talks in Moscow in May 2019", actor="STATE:RUS",
                 target="STATE:CHN", when="2019-05")
    corpus.event(b, "meeting", "talks in Moscow between Russia and China ended", actor="STATE:CHN",
                 target="STATE:RUS")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    dates = {d.document: d for d in result.document_dates}
    assert dates[b.id].published == "2019-05" and "moved up" in dates[b.id].reason
    assert a.id not in dates


def test_dates_expected_events_do_not_bound(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "Russia is expected to deliver jets to India in 2030.")
    corpus.event(a, "arms_delivery", "Russia is expected to deliver jets to India in 2030", actor="STATE:RUS",
                 target="STATE:IND", when="2030", status="expected")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    assert result.document_dates == ()


def test_dates_a_shared_event_narrows_to_its_month_not_its_day(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    """An event of 12 May 2019 bounds a report from below; it does not date the report to that day."""
    a = corpus.doc("a", "Russia and China held talks in Moscow on 12 May 2019.", date="2019-05-20")
    b = corpus.doc("b", "The talks in Moscow between Russia and China ended without a deal.", date="2019",
                   basis="inferred")
    c = corpus.doc("c", "Moscow's talks with China this month brought nothing.", date="2019-05",
                   basis="inferred")
    corpus.event(a, "meeting", "Russia and China held talks in Moscow on 12 May 2019", actor="STATE:RUS",
                 target="STATE:CHN", when="2019-05-12")
    corpus.event(b, "meeting", "talks in Moscow between Russia and China ended", actor="STATE:CHN",
                 target="STATE:RUS")
    corpus.event(c, "meeting", "Moscow's talks with China this month", actor="STATE:RUS", target="STATE:CHN")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    dates = {d.document: d for d in result.document_dates}
    assert dates[b.id].published == "2019-05" and "narrowed" in dates[b.id].reason
    assert c.id not in dates  # already known to the month
