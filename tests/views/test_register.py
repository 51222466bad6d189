from __future__ import annotations

import dataclasses

from claimgraph.reconcile import run
from claimgraph.records import Span
from claimgraph.views.register import COLUMNS, register
from reconcile.builders import TEST_ONTOLOGY, Corpus, new_corpus, s400_corpus


def test_register_s400_row_cites_claims() -> None:
    c = new_corpus()
    ids = s400_corpus(c)
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    rows = register(res.stories, c.events, c.entities, c.documents, supplier="RUS", recipient="CHN")
    assert len(rows) == 1
    row = rows[0]
    assert [name for name, _ in row.cells()] == list(COLUMNS)
    assert (row.supplier.value, row.recipient.value, row.designation.value) == ("Russia", "China", "S-400")
    assert row.number_ordered.value == "6 battalions" and row.number_ordered.events == (ids["order_c"],)
    assert row.order_year.value == "2014"
    assert set(row.order_year.events) == {ids["order_b"], ids["order_c"]}
    assert row.delivery_years.value == "2018" and row.delivery_years.events == (ids["deliv"],)
    assert row.number_delivered.value == "?"  # no source gives a delivered quantity
    assert row.status.value == "suspended"
    assert set(row.status.events) == {ids["susp_b"], ids["susp_c"]}
    assert "delivery expected 2017" in row.comments.value and ids["exp"] in row.comments.events
    assert row.description.value == "?"
    assert set(row.supplier.documents) == {d.id for d in c.documents}
    assert set(row.designation.events) == {ids[k] for k in ("exp", "order_b", "deliv", "susp_b", "susp_c", "order_c")}
    assert "value $3 billion" in row.comments.value and ids["order_b"] in row.comments.events


def test_register_filters_by_supplier() -> None:
    c = new_corpus()
    s400_corpus(c)
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    assert register(res.stories, c.events, c.entities, supplier="IND") == []


def _deal_corpus() -> tuple[Corpus, dict[str, str]]:
    """One invented deal told in pieces: the order names the system and counts it twice; later claims name a
    component, nothing, or no recipient; the buyer's advance payment; a disclosure by anaphor."""
    c = new_corpus()
    c.entity("WEAPON_SYSTEM:S-400", "S-400", attributes={"kind": "sam"})
    c.entity("WEAPON_SYSTEM:class:fighter-jet", "fighter jets", attributes={"kind": "class"})
    a = c.doc("a", "Moscow agreed in March 2015 to sell Beijing four S-400 regiments, some 24 launchers, for two "
              "billion dollars. The contract was revealed only in 2016. Two years later the Kremlin halted the "
              "missiles bound for China. Russia also stopped the deliveries.", date="2019-02-01")
    b = c.doc("b", "Beijing has paid an advance on its S-400 order from Moscow. Russia sold India fighter jets "
              "back in 1990.", date="2016-05-01")
    ids = {
        "order": c.event(a, "arms_order", "Moscow agreed in March 2015 to sell Beijing four S-400 regiments, some "
                         "24 launchers, for two billion dollars", actor="STATE:RUS", target="STATE:CHN",
                         item="WEAPON_SYSTEM:S-400", when="2015-03", quantity=(4, "regiment"), usd=2e9).id,
        "revealed": c.event(a, "statement", "The contract was revealed only in 2016", when="2016").id,
        "halt": c.event(a, "arms_delivery_delay", "Two years later the Kremlin halted the missiles bound for "
                        "China", actor="STATE:RUS", target="STATE:CHN", when="2017").id,
        "stop": c.event(a, "arms_delivery_delay", "Russia also stopped the deliveries", actor="STATE:RUS").id,
        "pay": c.event(b, "prepayment", "Beijing has paid an advance on its S-400 order from Moscow",
                       actor="STATE:CHN", target="STATE:RUS", item="WEAPON_SYSTEM:S-400", when="2016-04").id,
        "jets": c.event(b, "arms_order", "Russia sold India fighter jets back in 1990", actor="STATE:RUS",
                        target="STATE:IND", item="WEAPON_SYSTEM:class:fighter-jet", when="1990").id,
    }
    return c, ids


def _with_trigger(c: Corpus, event_id: str, word: str) -> None:
    i = next(k for k, e in enumerate(c.events) if e.id == event_id)
    e = c.events[i]
    start = e.evidence.text.index(word) + e.evidence.start
    c.events[i] = dataclasses.replace(e, trigger=Span(start, start + len(word), word))


def test_register_pieces_of_one_deal_fold_into_its_row() -> None:
    c, ids = _deal_corpus()
    _with_trigger(c, ids["revealed"], "revealed")
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    rows = register(res.stories, c.events, c.entities, c.documents, supplier="RUS")
    assert [(r.recipient.value, r.designation.value) for r in rows] == [("China", "S-400"), ("India", "fighter jets")]
    row = rows[0]
    assert row.number_ordered.value == "4 regiments / 24 launchers"
    assert row.order_year.value == "2015" and row.order_year.events == (ids["order"],)
    assert row.description.value == "SAM system"
    # the unnamed "missiles" and "deliveries" of the same document, and the buyer's prepayment, join the deal
    assert row.status.value == "suspended" and set(row.status.events) == {ids["halt"], ids["stop"]}
    assert "advance payment 2016-04" in row.comments.value and ids["pay"] in row.comments.events
    assert "disclosed 2016" in row.comments.value and ids["revealed"] in row.comments.events
    assert "deliveries suspended 2017" in row.comments.value
    assert "value $2 billion" in row.comments.value
    for name, cell in row.cells():  # every filled cell cites claims and documents
        if cell.value not in ("?", ""):
            assert cell.events and cell.documents, name


def test_register_incomplete_rows_only_on_request() -> None:
    c = new_corpus()
    d = c.doc("x", "Weapons went from Russia to somewhere. China bought arms.", date="2020-01-01")
    c.event(d, "arms_delivery", "Weapons went from Russia to somewhere", actor="STATE:RUS")
    c.event(d, "arms_order", "China bought arms", actor="STATE:CHN")
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    assert register(res.stories, c.events, c.entities, c.documents) == []
    rows = register(res.stories, c.events, c.entities, c.documents, include_incomplete=True)
    assert len(rows) == 2 and not any(r.complete for r in rows)


def test_register_unnamed_delivery_before_the_order_is_not_part_of_the_deal() -> None:
    c = new_corpus()
    d = c.doc("y", "Russia sold China the S-400 in 2014. Russia has supplied China with hardware since the 1990s.")
    c.event(d, "arms_order", "Russia sold China the S-400 in 2014", actor="STATE:RUS", target="STATE:CHN",
            item="WEAPON_SYSTEM:S-400", when="2014")
    old = c.event(d, "arms_delivery", "Russia has supplied China with hardware since the 1990s", actor="STATE:RUS",
                  target="STATE:CHN", when="1990")
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    rows = register(res.stories, c.events, c.entities, c.documents)
    assert len(rows) == 1 and old.id not in rows[0].designation.events and rows[0].delivery_years.value == "?"


def test_register_a_disclosure_without_a_deal_noun_is_not_linked() -> None:
    c, ids = _deal_corpus()
    _with_trigger(c, ids["revealed"], "revealed")
    i = next(k for k, e in enumerate(c.events) if e.id == ids["revealed"])
    c.events[i] = dataclasses.replace(c.events[i], evidence=Span(0, 6, "Moscow"))  # no "the contract"
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    row = register(res.stories, c.events, c.entities, c.documents, supplier="RUS")[0]
    assert "disclosed" not in row.comments.value


def test_register_parts_still_under_way_as_of_a_report_do_not_lift_a_suspension() -> None:
    """The suspension is dated 2020-07; a report of parts "still being delivered" is dated only by the report
    (2020-08, relative): it dates the report, not a resumption, and the row stays suspended."""
    from claimgraph.records import TimeValue

    c = new_corpus()
    ids = s400_corpus(c)
    d = c.doc("later", "Some S-400 components are still on their way to China.", date="2020-08-20", outlet="D")
    still = c.event(d, "arms_delivery", "Some S-400 components are still on their way to China",
                    actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", status="ongoing")
    c.events[-1] = dataclasses.replace(still, when=TimeValue("2020-08", relative=True))
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    [row] = register(res.stories, c.events, c.entities, c.documents, supplier="RUS", recipient="CHN")
    assert row.status.value == "suspended" and ids["susp_b"] in row.status.events
    assert row.delivery_years.value == "2018-2020" and still.id in row.delivery_years.events
