from __future__ import annotations

from claimgraph.reconcile import run
from claimgraph.records import Explanation, Span, make_id

from .conftest import Corpus, s400_corpus


def test_disputes_expectation_update_across_stories(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    ids = s400_corpus(corpus)
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    updates = [d for d in result.disputes if d.kind == "update" and d.claims == (ids["exp"], ids["deliv"])]
    assert len(updates) == 1
    assert updates[0].slot == "when"
    assert "Monitor A" in updates[0].explanation and "Review B" in updates[0].explanation
    assert "expected for 2017" in updates[0].explanation and "2018-05" in updates[0].explanation


def test_disputes_certainty_contradiction(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    ids = s400_corpus(corpus)
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    found = [d for d in result.disputes if d.kind == "contradiction" and d.slot == "certainty"]
    assert [set(d.claims) for d in found] == [{ids["susp_b"], ids["susp_c"]}]
    assert "hedged" in found[0].explanation


def test_disputes_number_contradiction_and_complement(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "Russia will ship 24 jets to India in 2021.", date="2020-01-01", outlet="X")
    b = corpus.doc("b", "Russia will ship 36 jets to India in 2021.", date="2020-02-01", outlet="Y")
    corpus.event(a, "arms_order", "Russia will ship 24 jets to India in 2021", actor="STATE:RUS",
                 target="STATE:IND", when="2021", quantity=(24, "jet"))
    corpus.event(b, "arms_order", "Russia will ship 36 jets to India in 2021", actor="STATE:RUS",
                 target="STATE:IND", when="2021", quantity=(36, "jet"))
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    [d] = [d for d in result.disputes if d.slot == "quantity"]
    assert d.kind == "contradiction" and "24 jet" in d.explanation and "36 jet" in d.explanation
    assert "“Russia will ship 24 jets to India in 2021”" in d.explanation


def test_disputes_complementary_reports_are_an_update(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    ids = s400_corpus(corpus)
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    story = result.story_of(ids["order_b"])
    assert story is not None
    comp = [d for d in result.disputes if d.story == story.id and d.kind == "update"]
    assert len(comp) == 1 and comp[0].slot in ("quantity", "value")  # each report adds what the other lacks


def test_disputes_competing_causes(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    ids = s400_corpus(corpus)
    d2, d3 = corpus.documents[1], corpus.documents[2]
    xs = [
        Explanation(id=make_id("ex", 1), document=d2.id, cause="pandemic", evidence=Span(0, 5, "Moscow"),
                    event=ids["susp_b"], attributed_to="Outlet S", stance="rejects"),
        Explanation(id=make_id("ex", 2), document=d3.id, cause="spying", evidence=Span(0, 5, "Repor"),
                    event=ids["susp_c"], attributed_to="author", stance="endorses"),
    ]
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, xs, ontology=ontology)
    assert all(x.story == result.story_of(ids["susp_b"]).id for x in result.explanations)  # type: ignore[union-attr]
    [d] = [d for d in result.disputes if d.slot == "cause"]
    assert set(d.claims) == {x.id for x in xs}


def test_disputes_a_range_is_no_date_a_later_report_complements(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from claimgraph.records import TimeValue

    a = corpus.doc("a", "Over the past decade China bought six S-400 battalions.", date="2020-07-30")
    b = corpus.doc("b", "Russia sold the S-400 to China in September 2014.", date="2023-04-12")
    ea = corpus.event(a, "arms_order", "China bought six S-400 battalions", actor="STATE:RUS", target="STATE:CHN",
                      item="WEAPON_SYSTEM:S-400", quantity=(6, "battalion"))
    eb = corpus.event(b, "arms_order", "Russia sold the S-400 to China in September 2014", actor="STATE:RUS",
                      target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2014-09")
    corpus.events[0] = dataclasses.replace(ea, when=TimeValue("2010", end="2020", relative=True))
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    assert not [d for d in result.disputes if d.slot == "when" and d.kind == "contradiction"]
    upd = [d for d in result.disputes if d.kind == "update"]
    assert len(upd) == 1 and upd[0].slot == "when" and upd[0].claims == (ea.id, eb.id)
