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


def test_disputes_only_comparable_claims_and_real_time_gaps(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from claimgraph.records import TimeValue

    corpus.entity("ORG:gasco", "Gasco")
    fam = dataclasses.replace(ontology, families={**ontology.families, "loan": "economic", "investment": "economic"})
    a = corpus.doc("a", "Beijing lent Gasco two billion dollars last week. Moscow halted the S-400 shipments.",
                   date="2016-03-10", outlet="X")
    b = corpus.doc("b", "It seems China may invest 27 billion dollars in Gasco. The S-400 shipments were "
                   "halted late last month.", date="2016-04-02", outlet="Y")
    corpus.event(a, "loan", "Beijing lent Gasco two billion dollars last week", actor="STATE:CHN",
                 target="ORG:gasco", when="2016-03", usd=2e9)
    corpus.event(b, "investment", "It seems China may invest 27 billion dollars in Gasco", actor="STATE:CHN",
                 target="ORG:gasco", when="2016-03", usd=27e9, status="alleged", hedged=True, certainty=0.5)
    ha = corpus.event(a, "arms_delivery_delay", "Moscow halted the S-400 shipments", actor="STATE:RUS",
                      target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2016-03")
    hb = corpus.event(b, "arms_delivery_delay", "The S-400 shipments were halted late last month",
                      actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2016-02")
    corpus.events[-1] = dataclasses.replace(hb, when=TimeValue("2016-02", "late last month", relative=True))
    from claimgraph.reconcile import find_disputes
    from claimgraph.records import Story

    # stories as a lenient clustering might make them: a loan with an investment, and the two halts
    money = Story("st_m", "m", "loan", (corpus.events[0].id, corpus.events[1].id), (a.id, b.id))
    halts = Story("st_h", "h", "arms_delivery_delay", (ha.id, corpus.events[-1].id), (a.id, b.id))
    found = find_disputes([money, halts], corpus.events, corpus.documents, corpus.entities, {}, fam)
    assert not [d for d in found if d.story == "st_m"]  # a loan and an investment differ anyway
    assert not [d for d in found if d.slot == "when"]  # "late last month" may land a month off


def test_disputes_an_outcome_before_the_forecast_is_no_update(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "China expects its S-400 batteries in 2017.", date="2016-03-30")
    b = corpus.doc("b", "Russia has delivered arms to China since the 1990s. The first S-400 arrived in 2018.",
                   date="2020-07-30")
    exp = corpus.event(a, "arms_delivery", "China expects its S-400 batteries in 2017", actor="STATE:RUS",
                       target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2017", status="expected")
    old = corpus.event(b, "arms_delivery", "Russia has delivered arms to China since the 1990s", actor="STATE:RUS",
                       target="STATE:CHN", when="1990", status="ongoing")
    new = corpus.event(b, "arms_delivery", "The first S-400 arrived in 2018", actor="STATE:RUS", target="STATE:CHN",
                       item="WEAPON_SYSTEM:S-400", when="2018")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    updates = [d.claims for d in result.disputes if d.kind == "update"]
    assert (exp.id, new.id) in updates and not [c for c in updates if old.id in c]


def test_disputes_several_claims_of_two_reports_are_one_dispute(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "It seems Moscow withholds S-400 parts from China. Russia may be holding back the S-400.",
                   date="2020-07-20", outlet="X")
    b = corpus.doc("b", "Russia suspended S-400 deliveries to China.", date="2020-07-30", outlet="Y")
    a1 = corpus.event(a, "arms_delivery_delay", "It seems Moscow withholds S-400 parts from China", actor="STATE:RUS",
                      target="STATE:CHN", item="WEAPON_SYSTEM:S-400", status="alleged", hedged=True, certainty=0.5)
    a2 = corpus.event(a, "arms_delivery_delay", "Russia may be holding back the S-400", actor="STATE:RUS",
                      item="WEAPON_SYSTEM:S-400", status="alleged", hedged=True, certainty=0.5)
    b1 = corpus.event(b, "arms_delivery_delay", "Russia suspended S-400 deliveries to China", actor="STATE:RUS",
                      target="STATE:CHN", item="WEAPON_SYSTEM:S-400")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    [d] = [d for d in result.disputes if d.slot == "certainty"]
    assert set(d.claims) == {a1.id, a2.id, b1.id} and d.claims[-1] == b1.id
    assert "withholds S-400 parts from China" in d.explanation  # the most specific pair explains it


def test_disputes_a_plan_stated_flatly_and_one_only_claimed_contradict(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "Russia has decided to station S-400 units in India.", date="2021-01-05", outlet="X")
    b = corpus.doc("b", "Beijing claims that Russia is pushing India to take S-400 units.", date="2021-01-09",
                   outlet="Y")
    flat = corpus.event(a, "arms_order", "Russia has decided to station S-400 units in India", actor="STATE:RUS",
                        target="STATE:IND", item="WEAPON_SYSTEM:S-400", status="planned")
    claimed = corpus.event(b, "arms_order", "Russia is pushing India to take S-400 units", actor="STATE:RUS",
                           target="STATE:IND", item="WEAPON_SYSTEM:S-400", status="planned",
                           attributed_to="STATE:CHN", certainty=0.65)
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    [d] = [d for d in result.disputes if d.slot == "certainty"]
    assert d.kind == "contradiction" and set(d.claims) == {flat.id, claimed.id}
    assert "as claimed by China" in d.explanation  # sources by name, not by id


def test_disputes_a_forecast_met_late_is_an_update_not_a_date_contradiction(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from claimgraph.records import TimeValue

    a = corpus.doc("a", "India should receive the S-400 in 2019.", date="2018-01-05", outlet="X")
    b = corpus.doc("b", "S-400 parts are still reaching India.", date="2021-09-01", outlet="Y")
    c = corpus.doc("c", "The S-400 deliveries to India began in May 2021.", date="2021-06-01", outlet="Z")
    corpus.event(a, "arms_delivery", "India should receive the S-400 in 2019", actor="STATE:RUS",
                 target="STATE:IND", item="WEAPON_SYSTEM:S-400", when="2019", status="expected")
    still = corpus.event(b, "arms_delivery", "S-400 parts are still reaching India", actor="STATE:RUS",
                         target="STATE:IND", item="WEAPON_SYSTEM:S-400", status="ongoing")
    corpus.events[-1] = dataclasses.replace(still, when=TimeValue("2021-09", relative=True))
    corpus.event(c, "arms_delivery", "The S-400 deliveries to India began in May 2021", actor="STATE:RUS",
                 target="STATE:IND", item="WEAPON_SYSTEM:S-400", when="2021-05")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    assert not [d for d in result.disputes if d.kind == "contradiction" and d.slot == "when"]
    assert [d for d in result.disputes if d.kind == "update"]
