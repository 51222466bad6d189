"""An arms-transfer register in the SIPRI layout, computed from claims and stories, every cell citing its claims.

Columns: supplier, recipient, designation, description, number ordered, order year, number delivered, delivery
years, status, comments. A cell is ``?`` where nothing supports it, and carries a trailing ``?`` where sources
disagree or only allege. Every other cell names the events (claims) and documents behind it.

A row is a *deal*: supplier, recipient and designated weapon. Claims of the deal families (order, prepayment,
delivery, expedite, delay, cancellation; see ``data/lexicons/register.yaml``) join a deal by their own parties and
item; a claim that leaves one out ("the suspension of deliveries", "the missiles for the system", "Moscow
withheld the components") takes it from the story it belongs to, else from the one deal its document reports
that fits what it does say. A delivery or stop dated before the deal was ordered is not part of it. Rows that
still lack a supplier, recipient or designation are kept out of the register unless ``include_incomplete``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from .._yaml import load_yaml
from ..extract.quantities import find_quantities
from ..reconcile._common import as_of_report, date_end, entity_name, state_of, unique
from ..records import Document, Entity, Event, Quantity, Story
from ._common import as_state

__all__ = ["ARMS_TYPES", "COLUMNS", "Cell", "RegisterRow", "RegisterKnowledge", "load_knowledge", "register"]

ARMS_TYPES = frozenset({"arms_order", "arms_delivery", "arms_delivery_delay", "arms_delivery_expedite",
                        "arms_cancellation", "prepayment"})
"""The default deal types (the packaged ``register.yaml`` may add more)."""
COLUMNS = ("supplier", "recipient", "designation", "description", "number_ordered", "order_year",
           "number_delivered", "delivery_years", "status", "comments")
_OPEN = frozenset({"expected", "planned"})
_PARTIES = ("supplier", "recipient", "item")
_ANAPHOR_REACH = 250  # characters between a deal claim and a following "the deal was disclosed ..." claim


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
    complete: bool = True  # supplier, recipient and designation all known

    def cells(self) -> list[tuple[str, Cell]]:
        return [(c, getattr(self, c)) for c in COLUMNS]


@dataclass(frozen=True)
class RegisterKnowledge:
    """What ``data/lexicons/register.yaml`` says: deal parts per type, disclosure cues, count units, kinds."""

    parts: Mapping[str, str]
    recipient_is_actor: frozenset[str] = frozenset()
    disclosure_types: frozenset[str] = frozenset()
    disclosure_triggers: tuple[str, ...] = ()
    deal_anaphors: tuple[str, ...] = ()
    count_units: frozenset[str] = frozenset()
    descriptions: Mapping[str, str] = field(default_factory=dict)


def parse_knowledge(data: Mapping[str, Any]) -> RegisterKnowledge:
    types = data.get("types") or {}
    disclosure = data.get("disclosure") or {}
    return RegisterKnowledge(
        parts={str(t): str((spec or {}).get("part", "order")) for t, spec in types.items()},
        recipient_is_actor=frozenset(str(t) for t, spec in types.items() if (spec or {}).get("recipient_is") == "actor"),
        disclosure_types=frozenset(str(t) for t in disclosure.get("types") or ()),
        disclosure_triggers=tuple(str(t).lower() for t in disclosure.get("triggers") or ()),
        deal_anaphors=tuple(str(t).lower() for t in disclosure.get("anaphors") or ()),
        count_units=frozenset(str(u).lower() for u in data.get("count_units") or ()),
        descriptions={str(k): str(v) for k, v in (data.get("descriptions") or {}).items()},
    )


@lru_cache(maxsize=1)
def load_knowledge() -> RegisterKnowledge:
    """The packaged register knowledge, read once."""
    text = resources.files("claimgraph").joinpath("data/lexicons/register.yaml").read_text(encoding="utf-8")
    data = load_yaml(text) or {}
    if not isinstance(data, Mapping):
        from ..errors import ConfigError

        raise ConfigError("E004", path="data/lexicons/register.yaml", reason="top level must be a mapping")
    return parse_knowledge(data)


@dataclass
class _Claim:
    ev: Event
    part: str
    supplier: str | None
    recipient: str | None
    item: str | None
    story: str | None
    filled: bool = False  # a party was taken from the story or document, not from the claim itself

    def key(self) -> tuple[str | None, str | None, str | None]:
        return self.supplier, self.recipient, self.item


def _cell(value: str, evs: Iterable[Event]) -> Cell:
    evs = list(evs)
    return Cell(value, unique(e.id for e in evs), unique(e.document for e in evs))


def _uncertain(e: Event) -> bool:
    return e.status in ("alleged", "denied") or e.certainty < 0.6


def _num(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def _plural(unit: str, value: float) -> str:
    if value == 1 or unit.endswith("s"):
        return unit
    return unit[:-1] + "ies" if unit.endswith("y") and unit[-2:-1] not in "aeiou" else unit + "s"


def _money(amount: float, currency: str) -> str:
    sym = "$" if currency == "USD" else f"{currency} "
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if amount >= size:
            return f"{sym}{_num(round(amount / size, 2))} {word}"
    return f"{sym}{amount:,.0f}"


def _is_point(e: Event) -> bool:
    return e.when is not None and (not e.when.end or e.when.end == e.when.value)


def _when_text(e: Event) -> str:
    if e.when is None:
        return "?"
    return e.when.value if _is_point(e) else f"{e.when.value} to {e.when.end}"


class _Deals:
    """Claims of the deal families with their parties, filled from stories and documents (see module doc)."""

    def __init__(self, stories: Sequence[Story], events: Sequence[Event], ents: Mapping[str, Entity],
                 aliases: Mapping[str, str], know: RegisterKnowledge) -> None:
        self.ents, self.aliases, self.know = ents, aliases, know
        story_of = {eid: s.id for s in stories for eid in s.events}
        self.claims: list[_Claim] = []
        for ev in sorted(events, key=lambda e: (e.document, e.evidence.start, e.id)):
            part = know.parts.get(ev.type) or ("disclosure" if self._discloses(ev) else None)
            if part is None:
                continue
            actor, target = self._party(ev.actor), self._party(ev.target)
            sup, rec = (target, actor) if ev.type in know.recipient_is_actor else (actor, target)
            if part == "disclosure":
                sup, rec = (actor if actor and actor.startswith("STATE:") else None), None
            self.claims.append(_Claim(ev, part, sup, rec, self._item(ev), story_of.get(ev.id)))
        self._fill_from_stories()
        self._fill_from_documents()
        self._drop_anachronisms()

    def _discloses(self, ev: Event) -> bool:
        if ev.type not in self.know.disclosure_types or ev.trigger is None:
            return False
        trig = ev.trigger.text.lower()
        return any(trig.startswith(t) or f" {t}" in trig for t in self.know.disclosure_triggers)

    def _anaphor(self, text: str) -> bool:
        if not self.know.deal_anaphors:
            return False
        nouns = "|".join(re.escape(n) for n in self.know.deal_anaphors)
        return re.search(rf"\b(?:the|this|that)\s+(?:[\w-]+\s+)?(?:{nouns})\b(?!s)", text, re.IGNORECASE) is not None

    def _party(self, entity_id: str | None) -> str | None:
        if not entity_id:
            return None
        entity_id = self.aliases.get(entity_id, entity_id)
        if entity_id.startswith("PLACE:") or (self.ents.get(entity_id) and self.ents[entity_id].type == "PLACE"):
            return None
        return state_of(entity_id, self.ents) or entity_id

    def _item(self, ev: Event) -> str | None:
        item = self.aliases.get(ev.item, ev.item) if ev.item else None
        return item if item and item.startswith("WEAPON_SYSTEM:") else None

    def _fill(self, c: _Claim, options: Iterable[tuple[str | None, str | None, str | None]]) -> None:
        fits = {o for o in options if all(v is None or v == o[i] for i, v in enumerate(c.key()))}
        if len(fits) != 1:
            return
        (sup, rec, item), = fits
        if (sup, rec, item) != c.key():
            c.supplier, c.recipient, c.item, c.filled = c.supplier or sup, c.recipient or rec, c.item or item, True

    def _fill_from_stories(self) -> None:
        """A claim that leaves a party out takes it from its story, where the story's claims agree on it."""
        by_story: dict[str, list[_Claim]] = {}
        for c in self.claims:
            if c.story:
                by_story.setdefault(c.story, []).append(c)
        for members in by_story.values():
            for i, name in enumerate(_PARTIES):
                known = {c.key()[i] for c in members if c.key()[i]}
                if len(known) != 1:
                    continue
                value = known.pop()
                for c in members:
                    if getattr(c, name) is None:
                        setattr(c, name, value)
                        c.filled = True

    def _fill_from_documents(self) -> None:
        """Still incomplete: the one complete deal of the same document that fits what the claim does say."""
        complete: dict[str, set[tuple[str | None, str | None, str | None]]] = {}
        for c in self.claims:
            if all(c.key()):
                complete.setdefault(c.ev.document, set()).add(c.key())
        for c in self.claims:
            if c.part == "disclosure":
                self._fill_disclosure(c)
            elif not all(c.key()) and (c.supplier or c.recipient or c.item):
                self._fill(c, complete.get(c.ev.document, ()))

    def _fill_disclosure(self, c: _Claim) -> None:
        """"The deal was not disclosed until ..." speaks of the deal just mentioned: the nearest complete deal
        claim of the same document that ends shortly before it (an anaphor reaches back a sentence or two)."""
        if all(c.key()) or not self._anaphor(c.ev.evidence.text):
            return
        before = [o for o in self.claims if o.ev.document == c.ev.document and o.part != "disclosure"
                  and all(o.key()) and 0 <= c.ev.evidence.start - o.ev.evidence.end <= _ANAPHOR_REACH]
        if before:
            self._fill(c, [max(before, key=lambda o: o.ev.evidence.end).key()])

    def _drop_anachronisms(self) -> None:
        """A filled-in delivery, stop or payment dated before its deal was ordered belongs to another deal."""
        ordered: dict[tuple[str | None, str | None, str | None], str] = {}
        for c in self.claims:
            if c.part == "order" and c.ev.when and _is_point(c.ev) and all(c.key()):
                k = c.key()
                ordered[k] = min(ordered.get(k, c.ev.when.value), c.ev.when.value)
        for c in self.claims:
            if c.filled and c.part != "order" and c.ev.when and c.key() in ordered:
                if date_end(c.ev.when.end or c.ev.when.value) < ordered[c.key()]:
                    c.supplier, c.recipient, c.item = self._party(c.ev.actor), self._party(c.ev.target), None
                    if c.ev.type in self.know.recipient_is_actor:
                        c.supplier, c.recipient = c.recipient, c.supplier

    def groups(self) -> dict[tuple[str | None, str | None, str | None], list[_Claim]]:
        out: dict[tuple[str | None, str | None, str | None], list[_Claim]] = {}
        for c in self.claims:
            if c.part == "disclosure" and not all(c.key()):
                continue  # a statement that discloses something we cannot tie to a deal is not a row
            out.setdefault(c.key(), []).append(c)
        return out


def _quantities(claims: Sequence[_Claim], know: RegisterKnowledge) -> tuple[str, list[Event]]:
    """Counted pieces of an order: the claim's quantity plus other counts of its evidence ("six battalions, a
    total of 36 launchers"), one value per unit; a unit given different values by sources gets a ``?``."""
    per_unit: dict[str, set[float]] = {}
    evs: list[Event] = []
    for c in claims:
        qs: list[Quantity] = [c.ev.quantity] if c.ev.quantity else []
        if qs:
            qs += find_quantities(c.ev.evidence.text)
        qs = [q for q in qs if q.unit and (q.unit.lower() in know.count_units or q.unit.lower().rstrip("s")
                                           in know.count_units)]
        for q in qs:
            per_unit.setdefault(str(q.unit), set()).add(q.value)
        if qs:
            evs.append(c.ev)
    parts = [f"{_num(min(vs))} {_plural(u, min(vs))}" + ("?" if len(vs) > 1 else "") for u, vs in per_unit.items()]
    return " / ".join(parts), evs


def _year_cell(claims: Sequence[_Claim]) -> Cell:
    dated = [c.ev for c in claims if c.ev.when]
    points = [e for e in dated if _is_point(e)]
    if points:
        years = sorted({e.when.value[:4] for e in points if e.when})
        return _cell(years[0] + ("?" if len(years) > 1 else ""), [e for e in points if e.when and
                                                                  e.when.value[:4] == years[0]])
    if dated:
        e = dated[0]
        assert e.when is not None
        return _cell(f"{e.when.value[:4]}-{(e.when.end or e.when.value)[:4]}?", [e])
    return Cell("?")


def _row(key: tuple[str | None, str | None, str | None], claims: list[_Claim], ents: Mapping[str, Entity],
         know: RegisterKnowledge, docs: Mapping[str, Document]) -> RegisterRow:
    sup, rec, item = key
    all_evs = [c.ev for c in claims]
    by = {p: [c for c in claims if c.part == p] for p in ("order", "payment", "delivery", "expedite", "stop",
                                                           "cancel", "disclosure")}
    orders = by["order"]
    done = [c for c in by["delivery"] if c.ev.status not in _OPEN]
    expected = [c for c in by["delivery"] + by["expedite"] if c.ev.status in _OPEN]
    expedited = [c for c in by["expedite"] if c.ev.status not in _OPEN]

    qty, q_evs = _quantities(orders, know)
    number_ordered = _cell(qty, q_evs) if qty else Cell("?")
    # the order year is the year of the realised order: a deal still planned or expected (talks on a further
    # deal) is no order of this row, and only stands in, marked uncertain, when nothing was concluded
    concluded = [c for c in orders if c.ev.status not in _OPEN]
    order_year = _year_cell(concluded) if any(c.ev.when for c in concluded) else _year_cell(orders)
    if not concluded and order_year.value != "?" and not order_year.value.endswith("?"):
        order_year = Cell(order_year.value + "?", order_year.events, order_year.documents)
    d_q: dict[str, float] = {}
    d_q_evs: list[Event] = []
    seen_story: set[str] = set()
    for c in done:  # one count per story: several reports of one shipment are not several shipments
        if c.ev.quantity and c.ev.quantity.unit and (c.story or c.ev.id) not in seen_story:
            seen_story.add(c.story or c.ev.id)
            d_q[c.ev.quantity.unit] = d_q.get(c.ev.quantity.unit, 0.0) + c.ev.quantity.value
            d_q_evs.append(c.ev)
    number_delivered = (_cell(" / ".join(f"{_num(v)} {_plural(u, v)}" for u, v in d_q.items()), d_q_evs)
                        if d_q else Cell("?"))
    d_w = [c.ev for c in done if c.ev.when and _is_point(c.ev)]
    dyears = sorted({e.when.value[:4] for e in d_w if e.when})
    if dyears:
        years = dyears[0] if len(dyears) == 1 else f"{dyears[0]}-{dyears[-1]}"
        delivery_years = _cell(years + ("?" if all(_uncertain(e) for e in d_w) else ""), d_w)
    else:
        delivery_years = Cell("?")

    def last(group: Sequence[_Claim]) -> str:
        # an "as of the report" date of something still under way dates the report, not a later event: parts
        # "still being delivered" in an article about the suspension do not lift the suspension
        return max((c.ev.when.value for c in group if c.ev.when and not as_of_report(c.ev)), default="")

    stops = by["stop"] + by["cancel"]
    if stops and last(stops) >= last(done):
        kind = "cancelled" if by["cancel"] and last(by["cancel"]) >= last(by["stop"]) else "suspended"
        status = _cell(kind + ("?" if all(_uncertain(c.ev) for c in stops) else ""), [c.ev for c in stops])
    elif done:
        ongoing = any(c.ev.status == "ongoing" for c in done)
        status = _cell("delivering" if ongoing else "delivered", [c.ev for c in done])
    elif expedited or expected:
        status = _cell("ordered, delivery pending", [c.ev for c in expedited + expected])
    elif orders or by["payment"]:
        status = _cell("ordered", [c.ev for c in orders + by["payment"]])
    else:
        status = Cell("?")

    comments = _comments(by, expected, expedited, stops, docs)
    wdesc = ents.get(item) if item else None
    wkind: str | None = None
    if wdesc is not None:
        wkind = str(wdesc.attributes.get("description") or wdesc.attributes.get("kind") or "") or None
    if item and item.startswith("WEAPON_SYSTEM:class:"):
        wkind = wkind or "class"
    desc = know.descriptions.get(wkind, wkind) if wkind else None
    if desc and "{name}" in desc:
        desc = desc.replace("{name}", entity_name(item, ents))
    item_evs = [c.ev for c in claims if c.item]
    return RegisterRow(
        supplier=_cell(entity_name(sup, ents), all_evs) if sup else _cell(_text(claims, "supplier"), all_evs),
        recipient=_cell(entity_name(rec, ents), all_evs) if rec else _cell(_text(claims, "recipient"), all_evs),
        designation=_cell(entity_name(item, ents), item_evs) if item else _cell(_text(claims, "item"), all_evs),
        description=_cell(desc, item_evs) if desc else Cell("?"),
        number_ordered=number_ordered,
        order_year=order_year,
        number_delivered=number_delivered,
        delivery_years=delivery_years,
        status=status,
        comments=comments,
        stories=unique(c.story for c in claims if c.story),
        complete=all(key),
    )


def _text(claims: Sequence[_Claim], name: str) -> str:
    """What an incomplete row can show for a missing party: the claims' surface text, else ``?``."""
    for c in claims:
        e = c.ev
        recip = e.type == "prepayment"
        text = {"supplier": e.target_text if recip else e.actor_text,
                "recipient": e.actor_text if recip else e.target_text, "item": e.item_text}[name]
        if text:
            return f"({text})"
    return "?"


def _comments(by: Mapping[str, list[_Claim]], expected: Sequence[_Claim], expedited: Sequence[_Claim],
              stops: Sequence[_Claim], docs: Mapping[str, Document]) -> Cell:
    """Dated notes, each citing its claims: disclosure, value, payments, expected, expedited and stopped
    deliveries (one note per story: several reports of one suspension are one note)."""
    notes: list[tuple[str, str, list[Event]]] = []  # (sort date, text, events)

    def per_story(group: Sequence[_Claim], label: str) -> None:
        stories: dict[str, list[_Claim]] = {}
        for c in group:
            stories.setdefault(c.story or c.ev.id, []).append(c)
        for members in stories.values():
            evs = [c.ev for c in members]
            dated = sorted((e for e in evs if e.when), key=lambda e: (-len(e.when.value) if e.when else 0))
            when = _when_text(dated[0]) if dated else ""
            flag = " (alleged)" if all(_uncertain(e) for e in evs) else ""
            reported = sorted({d for e in evs if (d := _doc_date(docs, e.document))})
            by_whom = f", reported {reported[0]}" if reported and label.startswith("delivery expected") else ""
            notes.append((dated[0].when.value if dated and dated[0].when else "", f"{label} {when}".strip()
                          + flag + by_whom, evs))

    per_story(by["disclosure"], "disclosed")
    per_story(by["payment"], "advance payment")
    per_story(expected, "delivery expected")
    per_story(expedited, "delivery brought forward")
    per_story([c for c in stops if c.part == "stop"], "deliveries suspended")
    per_story([c for c in stops if c.part == "cancel"], "cancelled")
    money = [c.ev for c in by["order"] + by["payment"] if c.ev.value]
    if money:
        vals = {(_money(e.value.usd or e.value.amount, "USD" if e.value.usd else e.value.currency))
                for e in money if e.value}
        first = sorted(vals)[0]
        notes.insert(0, ("", f"value {first}" + ("?" if len(vals) > 1 else ""), money))
    notes.sort(key=lambda n: (n[0] != "", n[0]))
    evs = [e for _, _, es in notes for e in es]
    return _cell("; ".join(n[1] for n in notes), evs) if notes else Cell("")


def _doc_date(docs: Mapping[str, Document], doc_id: str) -> str | None:
    d = docs.get(doc_id)
    return (d.published or d.stated_date) if d else None


def register(
    stories: Sequence[Story],
    events: Sequence[Event],
    entities: Sequence[Entity] | Mapping[str, Entity],
    documents: Sequence[Document] = (),
    supplier: str | None = None,
    recipient: str | None = None,
    *,
    aliases: Mapping[str, str] | None = None,
    include_incomplete: bool = False,
    knowledge: RegisterKnowledge | None = None,
) -> list[RegisterRow]:
    """Register rows, one per (supplier, recipient, designation), sorted by supplier, recipient, order year.

    ``aliases`` is reconcile's entity merge (variant id -> canonical id). Rows lacking a supplier, recipient or
    designation are left out unless ``include_incomplete``.
    """
    ents = dict(entities) if isinstance(entities, Mapping) else {e.id: e for e in entities}
    know = knowledge or load_knowledge()
    docs = {d.id: d for d in documents}
    deals = _Deals(stories, events, ents, aliases or {}, know)
    rows: list[RegisterRow] = []
    for key, claims in deals.groups().items():
        sup, rec, _ = key
        if supplier and sup not in (as_state(supplier), supplier):
            continue
        if recipient and rec not in (as_state(recipient), recipient):
            continue
        if not all(key) and not include_incomplete:
            continue
        if all(c.part == "disclosure" for c in claims):
            continue
        rows.append(_row(key, claims, ents, know, docs))
    rows.sort(key=lambda r: (not r.complete, r.supplier.value, r.recipient.value, r.order_year.value,
                             r.designation.value))
    return rows
