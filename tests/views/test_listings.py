"""The listing rows every front end shows (views/listings.py), built from plain records."""

from __future__ import annotations

from claimgraph.reconcile import run
from claimgraph.records import Story
from claimgraph.reviews import Review
from claimgraph.views.listings import index_rows, register_rows, review_rows, story_rows
from claimgraph.views.register import COLUMNS, register
from reconcile.builders import TEST_ONTOLOGY, new_corpus, s400_corpus


def test_listings_story_rows_sorted_by_date_with_document_names() -> None:
    stories = [
        Story("st_b", "B talks", "meeting", ("ev_2",), ("doc_2",), {"when": {"value": "2019"}}),
        Story("st_a", "A order", "arms_order", ("ev_1", "ev_3"), ("doc_1",),
              {"when": {"value": "2014"}, "status": {"value": "occurred"}}),
        Story("st_c", "C undated", "meeting", ("ev_4",), ("doc_9",), {}),
    ]
    rows = story_rows(stories, {"doc_1": "first", "doc_2": "second"})
    assert [r["id"] for r in rows] == ["st_a", "st_b", "st_c"]
    assert rows[0]["documents"] == ["first"] and rows[0]["claims"] == 2 and rows[0]["status"] == "occurred"
    assert rows[2]["documents"] == ["doc_9"]  # no name known: the id
    assert [r["id"] for r in story_rows(stories, {}, type="meeting")] == ["st_b", "st_c"]


def test_listings_register_rows_nested_and_flat() -> None:
    c = new_corpus()
    s400_corpus(c)
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    found = register(res.stories, c.events, c.entities, c.documents)
    nested = register_rows(found, nested=True)[0]
    flat = register_rows(found, nested=False)[0]
    assert list(nested) == list(COLUMNS) and set(nested["supplier"]) == {"value", "events", "documents"}
    assert flat["supplier"] == "Russia" and flat["sources"] == sorted(d.id for d in c.documents)


def test_listings_review_rows_say_what_is_in_force() -> None:
    first = Review("rv_1", "reject", "event", "ev_1", reviewer="a", created_at="2026-01-01")
    undo = Review("rv_2", "undo", "review", "rv_1", reviewer="b", created_at="2026-01-02")
    rows = review_rows([first, undo])
    assert [r["status"] for r in rows] == ["undone by rv_2", "active"]
    assert index_rows([("2014", 4.0, 1)]) == [{"period": "2014", "index": 4.0, "stories": 1}]
