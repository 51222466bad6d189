"""Reviews: each action, what the views show after it, undo, the audit trail, validation (issue 9, part 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import InvalidData
from claimgraph.records import DocumentResult, Entity
from claimgraph.reviews import Review, active, apply_to_events
from claimgraph.workbench import Workbench
from reconcile.builders import new_corpus

KB = tuple[Workbench, dict[str, Any]]


def _story_of(bench: Workbench, event_id: str) -> tuple[str, ...]:
    return next(s.events for s in bench.stories() if event_id in s.events)


def _export_events(bench: Workbench, out: Path) -> list[dict[str, Any]]:
    bench.export(out)
    return [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_reviews_reject_leaves_views_and_undo_restores_them(kb: KB, tmp_path: Path) -> None:
    bench, ids = kb
    bench.export(tmp_path / "before")
    before = [r.delivery_years.value for r in bench.register()]
    assert before == ["2018"]

    review = bench.review("reject", ids["deliv"], reason="the regiment was a training unit")
    assert review.action == "reject" and review.target_kind == "event" and review.reason
    assert ids["deliv"] not in {e.id for e in bench.events()}
    assert [r.delivery_years.value for r in bench.register()] == ["?"]
    assert all(ids["deliv"] not in s.events for s in bench.stories())
    assert all(ids["deliv"] not in entry.events for entry in bench.timeline())
    assert not any(k == ids["deliv"] for _, _, k in bench.graph().edges(keys=True))
    assert ids["deliv"] not in {e["id"] for e in _export_events(bench, tmp_path / "during")}
    assert bench.store.events(document=ids["docs"][1].id)[1].id == ids["deliv"]  # the claim itself is kept

    undo = bench.undo_review(review.id)
    assert undo.action == "undo" and undo.target == review.id
    assert [r.delivery_years.value for r in bench.register()] == before
    bench.export(tmp_path / "after")
    assert _files(tmp_path / "after") == _files(tmp_path / "before")  # the view is exactly what it was


@pytest.mark.parametrize(
    ("field", "value", "check"),
    [
        ("when", "2019-01", lambda e: e["when"] == "2019-01"),
        ("status", "expected", lambda e: e["status"] == "expected"),
        ("type", "arms_delivery_delay", lambda e: e["type"] == "arms_delivery_delay"),
        ("target", "IND", lambda e: e["target"] == "IND"),
        ("actor", "STATE:CHN", lambda e: e["actor"] == "CHN"),
        ("item", "launchers of another kind", lambda e: e["item"] == "launchers of another kind"),
    ],
)
def test_reviews_correct_each_field_changes_the_export(kb: KB, tmp_path: Path, field: str, value: str,
                                                       check: Any) -> None:
    bench, ids = kb
    review = bench.review("correct", ids["deliv"], field, value)
    assert review.field == field
    row = next(e for e in _export_events(bench, tmp_path / "out") if e["id"] == ids["deliv"])
    assert check(row) and row["review"] == "corrected"
    stored = next(e for e in bench.store.events() if e.id == ids["deliv"])
    assert stored.when is not None and stored.when.value == "2018-05" and stored.target == "STATE:CHN"


def test_reviews_correct_changes_register_filters_and_marks(kb: KB) -> None:
    bench, ids = kb
    bench.review("correct", ids["deliv"], "when", "2019-01")
    assert [r.delivery_years.value for r in bench.register()] == ["2019"]
    bench.review("correct", ids["deliv"], "type", "arms_delivery_delay")
    found = list(bench.events(type="arms_delivery_delay", since="2019", until="2019"))
    assert [e.id for e in found] == [ids["deliv"]]
    view = bench.reviewed_events()
    mark = view.marks[ids["deliv"]]
    assert mark.state == "corrected" and set(mark.fields) == {"when", "type"}
    assert mark.original == {"when": "2018-05", "type": "arms_delivery"}
    assert [r.delivery_years.value for r in bench.register()] == ["?"]  # no delivery any more


def test_reviews_accept_marks_without_changing_anything(kb: KB, tmp_path: Path) -> None:
    bench, ids = kb
    stories = bench.stories()
    bench.review("accept", ids["order_b"])
    assert bench.stories() == stories
    assert bench.reviewed_events().mark(ids["order_b"]) == "accepted"
    row = next(e for e in _export_events(bench, tmp_path) if e["id"] == ids["order_b"])
    assert row["review"] == "accepted"
    assert not bench.store.reconcile_pending()


def test_reviews_last_verdict_wins_and_undo_of_undo_reinstates(kb: KB) -> None:
    bench, ids = kb
    reject = bench.review("reject", ids["exp"])
    bench.review("accept", ids["exp"])
    assert ids["exp"] in {e.id for e in bench.events()}
    undo = bench.undo_review(reject.id)
    redo = bench.undo_review(undo.id)
    assert redo.target == undo.id
    assert reject.id in active(bench.reviews())  # the reject is in force again, but the later accept wins
    assert ids["exp"] in {e.id for e in bench.events()}


def test_reviews_merge_makes_two_entities_one_and_changes_stories(tmp_db: str) -> None:
    from claimgraph.config import load_settings

    c = new_corpus()
    ents = [Entity("PERSON:sergei-shoigu", "PERSON", "Sergei Shoigu", attributes={"state": "RUS"}),
            Entity("PERSON:s-shoygu", "PERSON", "S. Shoygu")]
    d1 = c.doc("talks1", "Sergei Shoigu met Chinese officers in Beijing in March 2019 to talk about drills.",
               date="2019-03-20")
    d2 = c.doc("talks2", "S. Shoygu held talks with China in March 2019 about joint drills.", date="2019-03-22")
    e1 = c.event(d1, "meeting", "Sergei Shoigu met Chinese officers in Beijing in March 2019",
                 actor="PERSON:sergei-shoigu", target="STATE:CHN", when="2019-03")
    e2 = c.event(d2, "meeting", "S. Shoygu held talks with China in March 2019", actor="PERSON:s-shoygu",
                 target="STATE:CHN", when="2019-03")
    with Workbench(load_settings(db=tmp_db)) as bench:
        for d in c.documents:
            evs = tuple(e for e in c.events if e.document == d.id)
            bench.store.write_result(DocumentResult(document=d, entities=(*c.entities.values(), *ents), events=evs))
        bench.reconcile()
        assert _story_of(bench, e1.id) == (e1.id,)  # two people as far as the machine knows: two meetings
        merge = bench.review("merge", "PERSON:sergei-shoigu", value="PERSON:s-shoygu", reason="one minister")
        assert merge.target_kind == "entity" and merge.value == "PERSON:s-shoygu"
        assert bench.store.entity_links()["PERSON:s-shoygu"] == "PERSON:sergei-shoigu"
        people = {e.id: e for e, _, _ in bench.entities(type="PERSON")}
        assert set(people) == {"PERSON:sergei-shoigu"} and "S. Shoygu" in people["PERSON:sergei-shoigu"].aliases
        assert set(_story_of(bench, e1.id)) == {e1.id, e2.id}
        with pytest.raises(InvalidData) as err:
            bench.review("merge", "PERSON:s-shoygu", value="PERSON:sergei-shoigu")
        assert err.value.code == "E401" and "already one entity" in str(err.value)
        with pytest.raises(InvalidData, match="only entities of one type"):
            bench.review("merge", "PERSON:sergei-shoigu", value="STATE:CHN")
        bench.undo_review(merge.id)
        assert "PERSON:s-shoygu" not in bench.store.entity_links()
        assert _story_of(bench, e1.id) == (e1.id,)


def test_reviews_split_story_keeps_the_event_apart_through_reconcile(kb: KB) -> None:
    bench, ids = kb
    story = next(s for s in bench.stories() if ids["order_c"] in s.events)
    assert set(story.events) == {ids["order_b"], ids["order_c"]}
    split = bench.review("split-story", story.id[:8], value=ids["order_c"], reason="two different contracts")
    assert split.target == story.id and split.context == (ids["order_b"],)
    assert _story_of(bench, ids["order_c"]) == (ids["order_c"],)
    assert _story_of(bench, ids["order_b"]) == (ids["order_b"],)
    bench.reconcile()  # reconcile recomputes stories from scratch: the split holds
    assert _story_of(bench, ids["order_c"]) == (ids["order_c"],)
    with pytest.raises(InvalidData, match="single claim"):
        bench.review("split-story", next(s.id for s in bench.stories() if ids["order_c"] in s.events),
                     value=ids["order_c"])
    bench.undo_review(split.id)
    assert set(_story_of(bench, ids["order_c"])) == {ids["order_b"], ids["order_c"]}


@pytest.mark.parametrize(
    ("action", "target", "field", "value", "needle"),
    [
        ("correct", "EV", "colour", "red", "cannot be corrected"),
        ("correct", "EV", "type", "arms_gift", "not in the ontology"),
        ("correct", "EV", "status", "rumoured", "not one of"),
        ("correct", "EV", "when", "May 2018", "ISO date"),
        ("correct", "EV", "when", "2018-13", "not a real date"),
        ("correct", "EV", "actor", "PERSON:nobody", "known entity id"),
        ("correct", "EV", "target", "XQZ", "ISO3"),
        ("correct", "EV", "item", "WEAPON_SYSTEM:no-such-system", "no such entity"),
        ("reject", "ev_0000000000000000", None, None, "no event"),
        ("undo", "rv_0000000000000000", None, None, "no review"),
        ("merge", "STATE:RUS", None, "STATE:ZZZ", "no entity"),
        ("split-story", "st_nothing", None, "EV", "0 stories match"),
        ("approve", "EV", None, None, "unknown action"),
    ],
)
def test_reviews_invalid_review_is_a_clear_error(kb: KB, action: str, target: str, field: str | None,
                                                 value: str | None, needle: str) -> None:
    bench, ids = kb
    target = ids["deliv"] if target == "EV" else target
    value = ids["deliv"] if value == "EV" else value
    with pytest.raises(InvalidData) as err:
        bench.review(action, target, field=field, value=value)
    assert err.value.code == "E401" and needle in str(err.value)
    assert bench.reviews() == []  # nothing recorded


def test_reviews_undo_twice_is_refused(kb: KB) -> None:
    bench, ids = kb
    r = bench.review("reject", ids["exp"])
    bench.undo_review(r.id)
    with pytest.raises(InvalidData, match="already undone"):
        bench.undo_review(r.id)


def test_reviews_audit_trail_records_who_when_why(kb: KB, monkeypatch: pytest.MonkeyPatch) -> None:
    bench, ids = kb
    monkeypatch.setenv("CLAIMGRAPH_REVIEWER", "analyst-env")
    first = bench.review("reject", ids["exp"], reason="only an expectation")
    second = bench.review("correct", ids["deliv"], "when", "2018-06", reviewer="analyst-arg")
    trail = bench.reviews()
    assert [r.id for r in trail] == [first.id, second.id]
    assert (trail[0].reviewer, trail[1].reviewer) == ("analyst-env", "analyst-arg")
    assert trail[0].reason == "only an expectation" and trail[0].created_at < trail[1].created_at
    assert trail[0] == first  # read back exactly as recorded


def test_reviews_apply_to_events_is_pure() -> None:
    c = new_corpus()
    doc = c.doc("x", "Russia sold China ten launchers in 2016.")
    ev = c.event(doc, "arms_delivery", "Russia sold China ten launchers in 2016", actor="STATE:RUS",
                 target="STATE:CHN", when="2016")
    fix = Review("rv_1", "correct", "event", ev.id, "when", "2017", reviewer="a", created_at="2026-01-01")
    view = apply_to_events([ev], [fix])
    assert view.events[0].when is not None and view.events[0].when.value == "2017"
    assert ev.when is not None and ev.when.value == "2016"  # the input record is untouched
    undo = Review("rv_2", "undo", "review", "rv_1", reviewer="a", created_at="2026-01-02")
    assert apply_to_events([ev], [fix, undo]).events == [ev]


def test_reviews_ask_honours_reject_and_undo(kb: KB) -> None:
    bench, ids = kb
    question = "What did Russia sell China, and when?"
    evidence = "The first S-400 regiment reached China in May 2018"

    def cited() -> set[str]:
        return {c.evidence for s in bench.ask(question).sentences for c in s.citations}

    assert evidence in cited()
    reject = bench.review("reject", ids["deliv"])
    assert evidence not in cited()
    bench.undo_review(reject.id)
    assert evidence in cited()


def test_reviews_show_leaves_rejected_claims_out_and_marks_them(kb: KB) -> None:
    bench, ids = kb
    doc = ids["docs"][1]
    bench.review("reject", ids["deliv"])
    bench.review("correct", ids["order_b"], "when", "2014-06")
    view = bench.show(doc.id)
    assert ids["deliv"] not in {e.id for e in view.events}
    assert view.reviews == {ids["deliv"]: "rejected", ids["order_b"]: "corrected"}
    order = next(e for e in view.events if e.id == ids["order_b"])
    assert order.when is not None and order.when.value == "2014-06"


def test_reviews_reject_takes_the_claims_explanations_out_and_undo_restores_them(kb: KB) -> None:
    from claimgraph.records import Explanation, Span

    bench, ids = kb
    doc = ids["docs"][1]
    events = tuple(bench.store.events(document=doc.id))
    susp = next(e for e in events if e.id == ids["susp_b"])
    cause = Explanation(id="x_test_cause", document=doc.id, cause="a dispute over payments",
                        evidence=Span(susp.evidence.start, susp.evidence.end, susp.evidence.text), event=susp.id,
                        attributed_to="author", stance="neutral", marker="because")
    bench.store.write_result(DocumentResult(document=doc, entities=tuple(bench.store.entities()), events=events,
                                            explanations=(cause,)))
    assert "x_test_cause" in {x.id for x in bench.explanations()}
    review = bench.review("reject", susp.id, reason="the text says the pause is rumoured")
    assert "x_test_cause" not in {x.id for x in bench.explanations()}
    assert "x_test_cause" not in {x.id for x in bench.explain()}
    assert "x_test_cause" not in {x.id for x in bench.show(doc.id).explanations}
    bench.undo_review(review.id)
    assert "x_test_cause" in {x.id for x in bench.explanations()}
