"""An arms-transfer register in the SIPRI layout, computed from stories, every cell citing its claims.

Columns: supplier, recipient, designation, description, number ordered, order year, number delivered, delivery
years, status, comments. A cell is ``?`` where nothing supports it, and carries a trailing ``?`` where sources
disagree or only hedge. Rows are deals: stories of the arms families sharing supplier, recipient and item.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..reconcile._common import entity_name, state_of, unique
from ..records import Document, Entity, Event, Story
from ._common import as_state

__all__ = ["ARMS_TYPES", "COLUMNS", "Cell", "RegisterRow", "register"]

ARMS_TYPES = frozenset({"arms_order", "arms_delivery", "arms_delivery_delay", "arms_delivery_expedite",
                        "arms_cancellation", "prepayment"})
COLUMNS = ("supplier", "recipient", "designation", "description", "number_ordered", "order_year",
           "number_delivered", "delivery_years", "status", "comments")
_OPEN = frozenset({"expected", "planned"})


@dataclass(frozen=True)
class Cell:
    """A register value and the claims (event ids) and documents it comes from."""

    value: str
    events: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisterRow:
    supplier: Cell
    recipient: Cell
    designation: Cell
    description: Cell
    number_ordered: Cell
    order_year: Cell
    number_delivered: Cell
    delivery_years: Cell
    status: Cell
    comments: Cell
    stories: tuple[str, ...] = field(default=())

    def cells(self) -> list[tuple[str, Cell]]:
        return [(c, getattr(self, c)) for c in COLUMNS]


def _cell(value: str, evs: Sequence[Event]) -> Cell:
    return Cell(value, unique(e.id for e in evs), unique(e.document for e in evs))


def _uncertain(evs: Sequence[Event]) -> bool:
    return any(e.hedged or e.status in ("alleged", "denied") for e in evs)


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def register(
    stories: Sequence[Story],
    events: Sequence[Event],
    entities: Sequence[Entity] | Mapping[str, Entity],
    documents: Sequence[Document] = (),
    supplier: str | None = None,
    recipient: str | None = None,
) -> list[RegisterRow]:
    """Register rows, one per (supplier, recipient, designation), sorted by supplier, recipient, order year."""
    ents = dict(entities) if isinstance(entities, Mapping) else {e.id: e for e in entities}
    evs = {e.id: e for e in events}
    deals: dict[tuple[str, str, str], list[tuple[Story, list[Event]]]] = {}
    for st in stories:
        members = [evs[i] for i in st.events if i in evs and evs[i].type in ARMS_TYPES]
        if not members:
            continue
        ex = next((e for e in members if e.actor and e.target), members[0])
        sup = state_of(ex.actor, ents) or ex.actor or ex.actor_text or "?"
        rec = state_of(ex.target, ents) or ex.target or ex.target_text or "?"
        item = next((e.item or e.item_text for e in members if e.item or e.item_text), None) or "?"
        if supplier and sup != as_state(supplier) and sup != supplier:
            continue
        if recipient and rec != as_state(recipient) and rec != recipient:
            continue
        deals.setdefault((sup, rec, item), []).append((st, members))

    rows: list[RegisterRow] = []
    for (sup, rec, item), parts in deals.items():
        all_evs = [e for _, m in parts for e in m]
        orders = [(s, m) for s, m in parts if s.type in ("arms_order", "prepayment")]
        deliveries = [(s, m) for s, m in parts if s.type in ("arms_delivery", "arms_delivery_expedite")]
        done = [(s, m) for s, m in deliveries if s.slots.get("status", {}).get("value") not in _OPEN]
        expected = [(s, m) for s, m in deliveries if s.slots.get("status", {}).get("value") in _OPEN]
        stops = [(s, m) for s, m in parts if s.type in ("arms_delivery_delay", "arms_cancellation")]

        def ev_with(group: Sequence[tuple[Story, list[Event]]], attr: str) -> list[Event]:
            return [e for _, m in group for e in m if getattr(e, attr) is not None]

        q_evs = [e for e in ev_with(orders, "quantity") if e.type == "arms_order"]
        qvals = sorted({e.quantity.value for e in q_evs if e.quantity})
        number_ordered = (_cell(_num(qvals[0]) + ("?" if len(qvals) > 1 or _uncertain(q_evs) else ""), q_evs)
                          if qvals else Cell("?"))
        o_evs = ev_with(orders, "when")
        oyears = sorted({e.when.value[:4] for e in o_evs if e.when})
        order_year = _cell(oyears[0] + ("?" if len(oyears) > 1 else ""), o_evs) if oyears else Cell("?")
        d_q = ev_with(done, "quantity")
        number_delivered = _cell(_num(sum(e.quantity.value for e in d_q if e.quantity)), d_q) if d_q else Cell("?")
        d_w = ev_with(done, "when")
        dyears = sorted({e.when.value[:4] for e in d_w if e.when})
        years = (dyears[0] if len(dyears) == 1 else f"{dyears[0]}-{dyears[-1]}") if dyears else "?"
        delivery_years = _cell(years + ("?" if _uncertain(d_w) else ""), d_w)

        def last(group: Sequence[tuple[Story, list[Event]]]) -> str:
            ws = [s.slots.get("when", {}).get("value", "") for s, _ in group]
            return max(ws) if ws else ""

        if stops and last(stops) >= last(done):
            s_evs = [e for _, m in stops for e in m]
            kind = "cancelled" if any(s.type == "arms_cancellation" for s, _ in stops) else "suspended"
            status = _cell(kind + ("?" if all(_uncertain([e]) for e in s_evs) else ""), s_evs)
        elif done:
            d_evs = [e for _, m in done for e in m]
            ongoing = any(s.slots.get("status", {}).get("value") == "ongoing" for s, _ in done)
            status = _cell("delivering" if ongoing else "delivered", d_evs)
        elif orders:
            status = _cell("ordered", [e for _, m in orders for e in m])
        else:
            status = Cell("?")
        notes: list[str] = []
        note_evs: list[Event] = []
        for s, m in expected:
            notes.append(f"delivery expected {s.slots.get('when', {}).get('value', '?')} ({len(s.documents)} source(s))")
            note_evs += m
        for s, m in stops:
            notes.append(f"{s.type.replace('_', ' ')} {s.slots.get('when', {}).get('value', '')}".strip())
            note_evs += m
        money = [e for e in all_evs if e.value]
        if money and money[0].value:
            v = money[0].value
            notes.append(f"value {v.currency} {v.amount:,.0f}")
            note_evs += money[:1]
        comments = _cell("; ".join(notes), note_evs) if notes else Cell("")
        wdesc = ents.get(item)
        desc = wdesc.attributes.get("description") or wdesc.attributes.get("kind") if wdesc else None
        rows.append(RegisterRow(
            supplier=_cell(entity_name(sup, ents), all_evs),
            recipient=_cell(entity_name(rec, ents), all_evs),
            designation=_cell(entity_name(item, ents) if item != "?" else "?", [e for e in all_evs if e.item]),
            description=Cell(str(desc)) if desc else Cell("?"),
            number_ordered=number_ordered,
            order_year=order_year,
            number_delivered=number_delivered,
            delivery_years=delivery_years,
            status=status,
            comments=comments,
            stories=tuple(s.id for s, _ in parts),
        ))
    rows.sort(key=lambda r: (r.supplier.value, r.recipient.value, r.order_year.value, r.designation.value))
    return rows
