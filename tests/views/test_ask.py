"""Questions answered with citations: intents on our own small corpus, and the two example questions on the seeds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.views.ask import DECLINE, RELATED, Answer, ask, parse_question
from claimgraph.workbench import Workbench, open_workbench

from ._search_corpus import RADAR, Cause, Claim, pg_url, reset_pg, result

ORDER = "Moscow agreed in March 2015 to sell Beijing four ZX-9 radar units for $2 billion."
FIRST = "The first ZX-9 radar reached Beijing in June 2017."
HALT = "Moscow halted further ZX-9 radar shipments to Beijing in July 2020."
WHY_AUTHOR = "The halt came because Moscow feared the design would be copied."
WHY_OFFICIALS = "Some officials blamed a shortage of spare parts, an account that does not hold up."
VISIT = "Russia sent a trade mission to India in May 2019."
DATELINE = "Filed on 2 August 2020."


def _corpus() -> list:  # type: ignore[type-arg]
    deal = ORDER + " " + FIRST
    halt = DATELINE + " " + HALT + " " + WHY_AUTHOR + " " + WHY_OFFICIALS
    return [
        result(deal, (Claim(ORDER, type="arms_order", item=RADAR.id, when="2015-03", usd=2e9, quantity=(4, "unit")),
                      Claim(FIRST, item=RADAR.id, when="2017-06")),
               source="deal.txt", title="A radar deal", outlet="Example Wire", published="2017-07-01"),
        result(halt, (Claim(HALT, type="arms_delivery_delay", item=RADAR.id, when="2020-07"),),
               source="halt.txt", title="Radar deliveries halted", outlet="Example Wire", published="2020-08-02",
               causes=(Cause(WHY_AUTHOR, "Moscow feared the design would be copied"),
                       Cause(WHY_OFFICIALS, "a shortage of spare parts", "Some officials", "rejects")),
               meta={"date_evidence": [{"kind": "stated", "value": "2020-08-02", "start": 9,
                                        "end": 9 + len("2 August 2020")}]}),
        result(VISIT, (Claim(VISIT, type="visit", actor="STATE:RUS", target="STATE:IND", when="2019-05"),),
               source="visit.txt", title="Trade mission", published="2019-05-20"),
    ]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def bench(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("ask") / "ask.db")
    else:
        url = pg_url()
        reset_pg(url)
    wb = open_workbench(url)
    for r in _corpus():
        wb.store.write_result(r)
    wb.reconcile()
    yield wb
    wb.close()


def _check_citations(bench: Workbench, answer: Answer) -> None:
    texts = {d.id: d.text for d in bench.store.documents()}
    for sentence in answer.sentences:
        assert sentence.citations, sentence.text
        for c in sentence.citations:
            assert texts[c.document][c.start:c.end] == c.evidence


def test_ask_parse_question() -> None:
    p = parse_question("What did Russia sell China, and when?")
    assert p.intent == "transfer" and p.states == ["STATE:RUS", "STATE:CHN"]
    assert parse_question("Why were deliveries to China suspended in 2020?").intent == "why"
    assert parse_question("Why were deliveries to China suspended in 2020?").year == "2020"
    assert parse_question("Does the Russia-China partnership deepen or crack?").states == ["STATE:RUS", "STATE:CHN"]
    assert parse_question("When was each article written?").intent == "dates"
    assert parse_question("How did expectations of deliveries change?").intent == "expectations"
    assert parse_question("What did Russia do for India?").intent == "relations"


def test_ask_transfer_cites_each_fact(bench: Workbench) -> None:
    answer = ask(bench, "What did Russia sell China, and when?")
    assert answer.basis == "structured"
    _check_citations(bench, answer)
    text = answer.answer
    assert "ZX-9 radar" in text and "March 2015" in text and "$2 billion" in text and "June 2017" in text
    assert any("suspended" in s.text and "July 2020" in s.text for s in answer.sentences)
    quoted = {c.evidence for s in answer.sentences for c in s.citations}
    assert {ORDER, FIRST, HALT} <= quoted


def test_ask_why_gives_each_cause_with_stance(bench: Workbench) -> None:
    answer = ask(bench, "Why were deliveries to China halted in 2020?")
    assert answer.basis == "structured"
    _check_citations(bench, answer)
    author = next(s for s in answer.sentences if "design would be copied" in s.text)
    assert "author" in author.text and author.citations[0].evidence == WHY_AUTHOR
    officials = next(s for s in answer.sentences if "spare parts" in s.text)
    assert "Some officials" in officials.text and "rejects" in officials.text


def test_ask_relations_and_dates(bench: Workbench) -> None:
    answer = ask(bench, "What did Russia do for India?")
    assert answer.basis == "structured" and "visit" in answer.answer and "May 2019" in answer.answer
    _check_citations(bench, answer)
    dates = ask(bench, "When was each article written?")
    _check_citations(bench, dates)
    dated = [s for s in dates.sentences if "Radar deliveries halted" in s.text]
    assert dated and "2 August 2020" in dated[0].text and dated[0].citations[0].evidence == "2 August 2020"


def test_ask_falls_back_to_passages_then_declines(bench: Workbench) -> None:
    related = ask(bench, "Which account about spare parts does not hold up?")
    assert related.basis == "passages" and related.answer.startswith(RELATED)
    _check_citations(bench, related)
    declined = ask(bench, "What is the capital of Peru?")
    assert declined.basis == "none" and declined.sentences == [] and declined.answer.startswith(DECLINE)
    assert ask(bench, "   ").basis == "none"


def test_ask_accepts_a_store_and_serialises(bench: Workbench) -> None:
    answer = ask(bench.store, "What did Russia sell China?")
    data = json.loads(json.dumps(answer.to_json()))
    assert set(data) == {"answer", "sentences", "basis"}
    assert data["sentences"] and set(data["sentences"][0]) == {"text", "citations"}
    assert set(data["sentences"][0]["citations"][0]) == {"document", "start", "end", "evidence"}


def test_ask_never_cites_a_span_that_does_not_hold_its_evidence(tmp_path: Path) -> None:
    from dataclasses import replace

    from claimgraph.records import Span

    r = _corpus()[0]
    broken = tuple(replace(e, evidence=Span(e.evidence.start + 1, e.evidence.end + 1, e.evidence.text))
                   for e in r.events)
    with open_workbench(str(tmp_path / "broken.db")) as wb:
        wb.store.write_result(replace(r, events=broken))
        wb.reconcile()
        answer = ask(wb, "What did Russia sell China?")
        assert all(c.evidence not in (ORDER, FIRST) for s in answer.sentences for c in s.citations)
        _check_citations(wb, answer)


@pytest.mark.seeds
@pytest.mark.model
def test_ask_seed_questions(seeds_dir: Path, tmp_path: Path) -> None:
    with open_workbench(str(tmp_path / "seeds.db")) as wb:
        wb.ingest([str(seeds_dir)])
        sold = wb.ask("What did Russia sell China, and when?")
        assert sold.basis == "structured"
        _check_citations(wb, sold)
        assert "S-400" in sold.answer and "2014" in sold.answer and "$3 billion" in sold.answer
        assert "36 launchers" in sold.answer and "May 2018" in sold.answer
        why = wb.ask("Why were deliveries to China suspended in 2020?")
        assert why.basis == "structured"
        _check_citations(wb, why)
        causes = [s for s in why.sentences if s.text.startswith(("Cause offered by", "The author of"))]
        assert len(causes) >= 3
        assert any("rejects" in s.text for s in causes) and any("endorses" in s.text or "gives as a cause" in s.text
                                                                 for s in causes)
        assert wb.ask("Who won the 1998 World Cup?").basis == "none"


def test_ask_honours_rejected_claims(tmp_path: Path) -> None:
    with open_workbench(str(tmp_path / "reviewed.db")) as wb:
        for r in _corpus():
            wb.store.write_result(r)
        wb.reconcile()
        first = next(e for e in wb.events() if e.evidence.text == FIRST)
        assert "June 2017" in ask(wb, "What did Russia sell China?").answer
        wb.review("reject", first.id, reason="no such shipment")
        answer = ask(wb, "What did Russia sell China?")
        assert "June 2017" not in answer.answer and FIRST not in {c.evidence for s in answer.sentences
                                                                   for c in s.citations}


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["What", "did", "Russia", "China", "India", "sell", "why", "halted", "2020",
                                 "expected", "deepen", "when", "written", "radar", '"', "(", "do", "for", "?"]),
                max_size=9).map(" ".join))
def test_ask_any_question_cites_or_declines(bench: Workbench, question: str) -> None:
    answer = ask(bench, question)
    assert answer.basis in ("structured", "passages", "none")
    assert (answer.basis == "none") == (not answer.sentences)
    _check_citations(bench, answer)
