from __future__ import annotations

from claimgraph.reconcile import run
from claimgraph.views.register import COLUMNS, register
from reconcile.builders import TEST_ONTOLOGY, new_corpus, s400_corpus


def test_register_s400_row_cites_claims() -> None:
    c = new_corpus()
    ids = s400_corpus(c)
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    rows = register(res.stories, c.events, c.entities, c.documents, supplier="RUS", recipient="CHN")
    assert len(rows) == 1
    row = rows[0]
    assert [name for name, _ in row.cells()] == list(COLUMNS)
    assert (row.supplier.value, row.recipient.value, row.designation.value) == ("Russia", "China", "S-400")
    assert row.number_ordered.value == "6" and row.number_ordered.events == (ids["order_c"],)
    assert row.order_year.value == "2014"
    assert set(row.order_year.events) == {ids["order_b"], ids["order_c"]}
    assert row.delivery_years.value == "2018" and row.delivery_years.events == (ids["deliv"],)
    assert row.number_delivered.value == "?"  # no source gives a delivered quantity
    assert row.status.value == "suspended"
    assert set(row.status.events) == {ids["susp_b"], ids["susp_c"]}
    assert "delivery expected 2017" in row.comments.value and ids["exp"] in row.comments.events
    assert row.description.value == "?"
    assert set(row.supplier.documents) == {d.id for d in c.documents}


def test_register_filters_by_supplier() -> None:
    c = new_corpus()
    s400_corpus(c)
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    assert register(res.stories, c.events, c.entities, supplier="IND") == []
