"""Properties of applying reviews: undoing every review gives the claims back; a rejection always wins out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.records import EVENT_STATUSES, Event, Span, TimeValue
from claimgraph.reviews import Review, active, apply_to_events

EVENTS = [Event(f"ev_{i}", "doc_1", "trade", Span(i, i + 1, "x"), when=TimeValue("2016")) for i in range(3)]

review_st = st.tuples(
    st.sampled_from(["accept", "reject", "correct-status", "correct-when"]),
    st.integers(0, 2),
    st.sampled_from(EVENT_STATUSES),
    st.sampled_from(["2015", "2017-03", "2019-12-31"]),
)


def _reviews(specs: list[tuple[str, int, str, str]]) -> list[Review]:
    out = []
    for n, (kind, i, status, when) in enumerate(specs):
        action, _, field = kind.partition("-")
        value = {"status": status, "when": when}.get(field)
        out.append(Review(f"rv_{n:03d}", action, "event", f"ev_{i}", field or None, value, reviewer="p",
                          created_at=f"2026-01-01T00:00:{n:02d}"))
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(review_st, max_size=12))
def test_reviews_undo_all_restores_the_claims(specs: list[tuple[str, int, str, str]]) -> None:
    reviews = _reviews(specs)
    undos = [Review(f"rv_u{r.id}", "undo", "review", r.id, reviewer="p", created_at=f"2026-01-02T{n:06d}")
             for n, r in enumerate(reviews)]
    view = apply_to_events(EVENTS, [*reviews, *undos])
    assert view.events == EVENTS and not view.marks
    assert set(active([*reviews, *undos])) == {u.id for u in undos}


@settings(max_examples=60, deadline=None)
@given(st.lists(review_st, max_size=12))
def test_reviews_verdicts_and_corrections_follow_the_last_review(specs: list[tuple[str, int, str, str]]) -> None:
    reviews = _reviews(specs)
    view = apply_to_events(EVENTS, reviews)
    shown = {e.id: e for e in view.events}
    for i in range(3):
        mine = [r for r in reviews if r.target == f"ev_{i}"]
        verdicts = [r.action for r in mine if r.action in ("accept", "reject")]
        if verdicts and verdicts[-1] == "reject":
            assert f"ev_{i}" not in shown and view.mark(f"ev_{i}") == "rejected"
            continue
        ev = shown[f"ev_{i}"]
        for field in ("status", "when"):
            values = [r.value for r in mine if r.field == field]
            expected = values[-1] if values else getattr(EVENTS[i], field)
            got = ev.when.value if field == "when" and ev.when else getattr(ev, field)
            assert got == (expected.value if isinstance(expected, TimeValue) else expected)
