"""Disputes: where claims about one real event (or a related one) disagree, or where a later report updates one.

``contradiction``
    two documents give different values for one slot of one story: incompatible dates, different quantities or
    amounts, or a different certainty (one states flatly what the other hedges or calls alleged/denied); and two
    or more sources offering different causes for one story.
``update``
    an expectation later met or missed (an ``expected``/``planned``/``ongoing`` claim, then a later document's
    claim of the same kind with another status or date, in the same or a related story), and a later report that
    complements a story with slots the earlier one lacked.

Every dispute names both claims, the slot, and a sentence quoting the sources and evidence spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..records import Dispute, Document, Entity, Event, Explanation, Story, make_id
from ._common import (
    as_of_report,
    date_end,
    date_near,
    document_date,
    entity_name,
    is_range,
    span_overlap,
    unique,
)
from .ontology import Ontology
from .stories import event_key

__all__ = ["find_disputes"]

# an entity id among the parts of a source ("STATE:CHN and STATE:RUS"): shown by name in explanations
_ENTITY_ID = re.compile(r"[A-Z_]+:\S+")
_OPEN = frozenset({"expected", "planned", "ongoing"})
_UNCERTAIN = frozenset({"alleged", "denied"})
_FORECAST = frozenset({"expected", "planned"})
_PAST = frozenset({"occurred", "ongoing"})


@dataclass(frozen=True)
class _Sources:
    """What explanations name: documents by outlet, sources by entity name ("according to China and Russia")."""

    docs: Mapping[str, Document]
    entities: Mapping[str, Entity]

    def who(self, source: str) -> str:
        return " and ".join(entity_name(p, self.entities) if _ENTITY_ID.fullmatch(p) else p
                            for p in source.split(" and "))

    def of(self, ev: Event | Explanation) -> str:
        doc = self.docs.get(ev.document)
        name = (doc.outlet or doc.name) if doc else ev.document
        who = "" if ev.attributed_to == "author" else f", according to {self.who(ev.attributed_to)}"
        return f"{name}{who}"


def _quote(ev: Event | Explanation, limit: int = 140) -> str:
    t = " ".join(ev.evidence.text.split())
    t = t if len(t) <= limit else t[: limit - 1] + "…"
    return f"“{t}” [{ev.evidence.start}:{ev.evidence.end}]"


def _dispute(kind: str, story: str | None, slot: str, claims: Sequence[str], text: str) -> Dispute:
    claims = tuple(claims)
    return Dispute(id=make_id("dp", kind, story, slot, *claims), kind=kind, story=story, slot=slot,
                   claims=claims, explanation=text)


def _qty(ev: Event) -> str | None:
    if ev.quantity is None:
        return None
    q = ev.quantity.value
    return f"{int(q) if q == int(q) else q} {ev.quantity.unit or ''}".strip()


def _money(ev: Event) -> float | None:
    if ev.value is None:
        return None
    return ev.value.usd if ev.value.usd is not None else ev.value.amount


def _certain(ev: Event) -> bool:
    return ev.status not in _UNCERTAIN and not ev.hedged and ev.certainty >= 0.7


def _comparable(a: Event, b: Event) -> bool:
    """Two claims of one story whose values can contradict: the same type, or the same named item."""
    return a.type == b.type or bool(a.item and a.item == b.item)


def _as_of_after(state: Event, other: Event) -> bool:
    """``state`` is under way as of its report's date, which is not before ``other``'s date."""
    return as_of_report(state) and other.when is not None and state.when is not None and (
        other.when.value <= state.when.value)


def _before_forecast(forecast: Event, outcome: Event, forecast_date: str) -> bool:
    """The outcome happened before the forecast was made: it cannot be the forecast met or missed."""
    w = outcome.when
    return bool(w and forecast_date and date_end(w.end or w.value) < forecast_date)


def _pair_contradictions(a: Event, b: Event, story: Story, src: _Sources) -> list[Dispute]:
    out: list[Dispute] = []

    def say(slot: str, va: object, vb: object) -> None:
        out.append(_dispute("contradiction", story.id, slot, (a.id, b.id),
                            f"{slot}: {src.of(a)} gives {va} {_quote(a)}, while {src.of(b)} gives {vb} "
                            f"{_quote(b)}."))

    if not _comparable(a, b):
        return out  # a loan and an investment grouped in one story are two things: their figures differ
    if a.when and b.when and not span_overlap(a.when.value, a.when.end, b.when.value, b.when.end) and not (
            {a.status, b.status} & _FORECAST and {a.status, b.status} & _PAST):  # a forecast met late: an update
        # a time resolved from a report's own date ("late last week") may land a month off: not a disagreement;
        # nor is a state still under way "as of" a report against the date it began ("clashes in June")
        if not ((a.when.relative or b.when.relative) and date_near(a.when.value, b.when.value, 1)) and not (
                _as_of_after(a, b) or _as_of_after(b, a)):
            say("when", a.when.value, b.when.value)
    qa, qb = _qty(a), _qty(b)
    if qa and qb and a.quantity and b.quantity and a.quantity.unit == b.quantity.unit and qa != qb:
        say("quantity", qa, qb)
    ma, mb = _money(a), _money(b)
    if ma and mb and abs(ma - mb) / max(ma, mb) > 0.05:
        say("value", f"{ma:,.0f}", f"{mb:,.0f}")
    # certainty: one states flatly what the other hedges or only reports as alleged; an expectation against an
    # occurrence is an update, not this, so open statuses compare only with the same status
    if _certain(a) != _certain(b) and (a.status == b.status or not ({a.status, b.status} & _OPEN)):
        def cert(e: Event) -> str:
            if e.hedged and e.hedges:
                return f"{e.status} (hedged: {', '.join(e.hedges)})"
            if not _certain(e) and e.status not in _UNCERTAIN:
                return f"{e.status} (as claimed by {src.who(e.attributed_to)})"
            return e.status
        say("certainty", cert(a), cert(b))
    return out


def _update(a: Event, b: Event, story: str | None, src: _Sources, slot: str) -> Dispute:
    wa = f" for {a.when.value}" if a.when else ""
    wb = f" ({b.when.value})" if b.when else ""
    return _dispute("update", story, slot, (a.id, b.id),
                    f"{src.of(a)} reported it as {a.status}{wa} {_quote(a)}; the later {src.of(b)} reports "
                    f"it {b.status}{wb} {_quote(b)}.")


def find_disputes(
    stories: Sequence[Story],
    events: Sequence[Event],
    documents: Sequence[Document],
    entities: Mapping[str, Entity],
    aliases: Mapping[str, str],
    ontology: Ontology,
    explanations: Sequence[Explanation] = (),
    dates: Mapping[str, str | None] | None = None,
) -> list[Dispute]:
    """All contradictions and updates of a corpus, deterministic and de-duplicated by id."""
    docs = {d.id: d for d in documents}
    src = _Sources(docs, entities)
    evs = {e.id: e for e in events}
    story_of = {eid: s.id for s in stories for eid in s.events}

    def when_of(e: Event) -> str:
        return document_date(docs[e.document], dates) or "" if e.document in docs else ""

    out: dict[str, Dispute] = {}
    for story in stories:
        members = sorted((evs[i] for i in story.events if i in evs), key=lambda e: (when_of(e), e.id))
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.document == b.document:
                    continue
                for d in _pair_contradictions(a, b, story, src):
                    out[d.id] = d
                if (a.status in _OPEN and b.status != a.status and when_of(b) > when_of(a)
                        and not _before_forecast(a, b, when_of(a))):
                    d = _update(a, b, story.id, src, "status")
                    out[d.id] = d
        # complementary reports: a later document adds slots an earlier one lacked
        by_doc: dict[str, set[str]] = {}
        for e in members:
            have = by_doc.setdefault(e.document, set())
            point = e.when if e.when and not is_range(e.when) else None  # "over the past decade" dates nothing
            have.update(s for s, v in (("when", point), ("quantity", e.quantity), ("value", e.value)) if v)
        doc_order = sorted(by_doc, key=lambda d: (document_date(docs[d], dates) or "") if d in docs else "")
        for i, da in enumerate(doc_order):
            for db in doc_order[i + 1 :]:
                added = sorted(by_doc[db] - by_doc[da])
                if added and by_doc[da] - by_doc[db]:
                    a = next(e for e in members if e.document == da)
                    b = next(e for e in members if e.document == db)
                    d = _dispute("update", story.id, "+".join(added), (a.id, b.id),
                                 f"{src.of(b)} complements {src.of(a)} with {', '.join(added)} "
                                 f"{_quote(b)}.")
                    out[d.id] = d

    # expectations across related stories: same kind of event, participants and item, different stories
    keys = {e.id: event_key(e, entities, aliases, ontology) for e in events}
    # (only a forecast met or missed: expected/planned, then occurred/ongoing; both sides fully identified)
    open_claims = [e for e in events if e.status in _FORECAST]
    by_block: dict[tuple[str, str | None], list[Event]] = {}
    for e in events:
        if e.status in _PAST:
            by_block.setdefault((keys[e.id].family, keys[e.id].actor), []).append(e)
    for a in open_claims:
        ka = keys[a.id]
        if not (ka.actor and ka.target):
            continue
        for b in by_block.get((ka.family, ka.actor), []):
            kb = keys[b.id]
            if b.document == a.document or story_of.get(a.id) == story_of.get(b.id) or b.status not in _PAST:
                continue
            if kb.family != ka.family or ka.actor != kb.actor or ka.target != kb.target:
                continue
            if ka.item and kb.item and ka.item != kb.item:
                continue
            if not when_of(b) > when_of(a) or _before_forecast(a, b, when_of(a)):
                continue
            if not ((ka.item and ka.item == kb.item) or (a.when and b.when)):
                continue  # across stories, only a forecast of the same named thing, or a dated one, is updated
            d = _update(a, b, story_of.get(b.id), src, "when" if a.when and b.when else "status")
            out[d.id] = d

    # competing causes: one story explained differently by several sources
    by_story: dict[str, list[Explanation]] = {}
    for x in explanations:
        if x.story:
            by_story.setdefault(x.story, []).append(x)
    for sid, xs in by_story.items():
        sources = {(x.document, x.attributed_to) for x in xs}
        if len(sources) < 2 or len({x.document for x in xs}) < 2:
            continue
        xs = sorted(xs, key=lambda x: x.id)
        text = "; ".join(f"{src.of(x)} ({x.stance}): {_quote(x, 90)}" for x in xs)
        d = _dispute("contradiction", sid, "cause", [x.id for x in xs], f"Competing explanations: {text}.")
        out[d.id] = d
    return sorted(_one_per_report_pair(out.values(), evs), key=lambda d: (d.kind, d.slot, d.id))


def _specificity(d: Dispute, evs: Mapping[str, Event]) -> int:
    return sum(bool(e.item) + bool(e.target) + (e.attributed_to == "author") for c in d.claims
               if (e := evs.get(c)) is not None)


def _one_per_report_pair(disputes: Iterable[Dispute], evs: Mapping[str, Event]) -> list[Dispute]:
    """One dispute per story, slot and pair of documents: several claims of one report are one disagreement.
    It names every claim involved (the earlier report's first) and explains itself by its most specific pair
    (named item and target, the author's own claims)."""
    groups: dict[tuple[str, str | None, str, frozenset[str]], list[Dispute]] = {}
    kept: list[Dispute] = []
    for d in disputes:
        docs_of = frozenset(ev.document for c in d.claims if (ev := evs.get(c)) is not None)
        if d.slot == "cause" or not docs_of:
            kept.append(d)
        else:
            groups.setdefault((d.kind, d.story, d.slot, docs_of), []).append(d)
    for (kind, story, slot, _), ds in groups.items():
        best = sorted(ds, key=lambda d: (-_specificity(d, evs), d.claims))[0]
        firsts = unique(c for d in ds for c in d.claims[:1])
        claims = unique([*firsts, *(c for d in ds for c in d.claims[1:])])
        kept.append(_dispute(kind, story, slot, claims, best.explanation) if len(ds) > 1 else best)
    return kept
