"""The structured answerers of :mod:`claimgraph.views.ask`, one per intent.

Each reads the knowledge base through the :class:`~claimgraph.views.ask.Context` (the Workbench's views) and adds
sentences, each with the citations of the claims it states; a sentence whose claims cannot be cited is dropped
by :class:`~claimgraph.views.ask.Sentences`. Nothing here knows a corpus: every fact comes from a claim.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..records import Event, Explanation, Story
from ._common import event_states

if TYPE_CHECKING:
    from .ask import Context, Parsed, Sentences

__all__ = ["document_dates", "why", "expectations", "trend", "transfer", "relations", "when_words"]

_OPEN = frozenset({"expected", "planned"})
_DONE = frozenset({"occurred", "ongoing"})
_STOP_TYPES = {"suspend": ("arms_delivery_delay",), "halt": ("arms_delivery_delay",),
               "withh": ("arms_delivery_delay",), "delay": ("arms_delivery_delay",),
               "postpon": ("arms_delivery_delay",), "stop": ("arms_delivery_delay",),
               "cancel": ("arms_cancellation",)}
_DEAL_TYPES = {"sell": ("arms_order",), "sold": ("arms_order",), "sale": ("arms_order",), "buy": ("arms_order",),
               "bought": ("arms_order",), "purchas": ("arms_order",), "order": ("arms_order",),
               "deliver": ("arms_delivery",), "ship": ("arms_delivery",), "suppl": ("arms_delivery",)}
_MAX_SENTENCES = 14


def when_words(value: str | None, end: str | None = None) -> str:
    """``2018-05`` -> ``May 2018``, ``2020-08-04`` -> ``4 August 2020``; a range as ``X to Y``."""
    def one(v: str) -> str:
        parts = v.split("-")
        try:
            if len(parts) >= 2:
                month = calendar.month_name[int(parts[1])]
                return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
        except (ValueError, IndexError):
            return v
        return v

    if not value:
        return "undated"
    return f"{one(value)} to {one(end)}" if end and end != value else one(value)


def _when(ev: Event) -> str:
    return when_words(ev.when.value, ev.when.end) if ev.when else "undated"


def _states(ctx: Context, ev: Event) -> tuple[str | None, str | None]:
    return event_states(ev, ctx.entities)


def _involves(ctx: Context, ev: Event, states: Sequence[str], weapons: Sequence[str]) -> bool:
    a, t = _states(ctx, ev)
    if states and not set(states) <= {a, t}:
        return False
    return not weapons or ev.item in weapons


def _summary(ctx: Context, ev: Event) -> str:
    """"arms delivery (Russia to China, S-400)": the type in words with its parties and item."""
    parties = [ctx.name(ev.actor, ev.actor_text) if (ev.actor or ev.actor_text) else None,
               ctx.name(ev.target, ev.target_text) if (ev.target or ev.target_text) else None]
    who = " to ".join(p for p in parties if p)
    item = ctx.name(ev.item, ev.item_text) if (ev.item or ev.item_text) else None
    inner = ", ".join(p for p in (who, item) if p)
    return ev.type.replace("_", " ") + (f" ({inner})" if inner else "")


def _by_story(ctx: Context, events: Iterable[Event]) -> list[list[Event]]:
    """Events grouped by their story (one real event), in first-seen order; the most precisely dated first."""
    groups: dict[str, list[Event]] = {}
    for ev in events:
        groups.setdefault(ctx.story_of.get(ev.id, ev.id), []).append(ev)
    return [sorted(g, key=lambda e: (-(len(e.when.value) if e.when else 0), e.document, e.evidence.start))
            for g in groups.values()]


def _at(ev: Event) -> str:
    """``", May 2018"`` for a dated claim, nothing for an undated one."""
    return f", {_when(ev)}" if ev.when else ""


def _reported(ctx: Context, ev: Event) -> str:
    d = ctx.documents.get(ev.document)
    date = (d.published or d.stated_date) if d else None
    return f"reported {when_words(date)} by {ctx.doc_label(ev.document)}" if date else \
        f"reported by {ctx.doc_label(ev.document)}"


# --- what did X sell / deliver to Y -------------------------------------------------------------------------

def _money(ev: Event) -> str | None:
    if ev.value is None:
        return None
    amount, cur = (ev.value.usd, "USD") if ev.value.usd else (ev.value.amount, ev.value.currency)
    sym = "$" if cur == "USD" else f"{cur} "
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if amount >= size:
            return f"{sym}{amount / size:g} {word}"
    return f"{sym}{amount:,.0f}"


def transfer(ctx: Context, parsed: Parsed, out: Sentences) -> None:
    """Register rows of the named supplier (and recipient), each fact of the deal a sentence with its claims."""
    from .register import load_knowledge

    states = parsed.states
    if not states:
        return
    buying = any(w in parsed.text.lower() for w in (" buy", " bought", " purchas", " receive", " import"))
    sup, rec = (states + [None])[:2]
    if buying:
        sup, rec = (states[1], states[0]) if len(states) > 1 else (None, states[0])
    rows = ctx.bench.register(supplier=sup, recipient=rec)
    weapons = {ctx.name(w) for w in parsed.weapons}
    parts = load_knowledge().parts
    for row in rows:
        if weapons and row.designation.value not in weapons:
            continue
        ids = list(dict.fromkeys(e for _, c in row.cells() for e in c.events))
        evs = [ctx.events[i] for i in ids if i in ctx.events]
        cell_evs = {name: [ctx.events[i] for i in c.events if i in ctx.events] for name, c in row.cells()}
        kind = f" ({row.description.value})" if row.description.value not in ("?", "") else ""
        by_part: dict[str, list[Event]] = {}
        for ev in evs:
            by_part.setdefault(parts.get(ev.type, "disclosure"), []).append(ev)
        orders = [e for e in by_part.get("order", []) if e.status not in _OPEN] or by_part.get("order", [])
        # the register's own reading of the deal first: its order year and numbers cite the claims it rests on
        dated = cell_evs["order_year"]
        lead = list(dict.fromkeys(dated + cell_evs["number_ordered"])) or orders or cell_evs["designation"]
        out.add(f"{row.supplier.value} sold {row.recipient.value} the {row.designation.value}{kind}.",
                ctx.cite_events(lead[:3]))
        for group in _by_story(ctx, dated):
            if group[0].when:
                sure = "" if not row.order_year.value.endswith("?") else " (marked uncertain in the register)"
                out.add(f"The order dates to {_when(group[0])}{sure} ({_reported(ctx, group[0])}).",
                        ctx.cite_events(group))
        for ev in [e for e in orders if e.value]:
            out.add(f"The deal was worth {_money(ev)} ({_reported(ctx, ev)}).", ctx.cite_events([ev]))
        if row.number_ordered.value not in ("?", ""):
            out.add(f"It covered {row.number_ordered.value}.", ctx.cite_events(cell_evs["number_ordered"]))
        for group in _by_story(ctx, by_part.get("disclosure", [])):
            out.add(f"The deal was made public {_when(group[0])} ({_reported(ctx, group[0])}).",
                    ctx.cite_events(group))
        for group in _by_story(ctx, by_part.get("payment", [])):
            out.add(f"An advance payment is reported{_at(group[0])} ({_reported(ctx, group[0])}).",
                    ctx.cite_events(group))
        _deliveries(ctx, by_part, out)
        if row.status.value not in ("?", ""):
            out.add(f"The register's status of the deal: {row.status.value}.", ctx.cite_events(cell_evs["status"]))
    if not out.items:
        _transfer_claims(ctx, parsed, sup, rec, out)


def _transfer_claims(ctx: Context, parsed: Parsed, sup: str | None, rec: str | None, out: Sentences) -> None:
    """No register row (the weapon is not a known system, say): the arms-transfer claims themselves, by story."""
    from .register import load_knowledge

    parts = load_knowledge().parts
    evs = []
    for ev in ctx.events.values():
        if ev.type not in parts:
            continue
        a, t = _states(ctx, ev)
        supplier, recipient = (t, a) if ev.type in load_knowledge().recipient_is_actor else (a, t)
        if (sup is None or supplier == sup) and (rec is None or recipient == rec) and (
                not parsed.weapons or ev.item in parsed.weapons):
            evs.append(ev)
    groups = sorted(_by_story(ctx, evs), key=lambda g: g[0].when.value if g[0].when else "9999")
    for g in groups[:_MAX_SENTENCES]:
        out.add(f"{_summary(ctx, g[0])[:1].upper()}{_summary(ctx, g[0])[1:]}{_at(g[0])}, {g[0].status} "
                f"({_reported(ctx, g[0])}).", ctx.cite_events(g))


def _deliveries(ctx: Context, by_part: dict[str, list[Event]], out: Sentences) -> None:
    groups = _by_story(ctx, by_part.get("delivery", []))
    groups.sort(key=lambda g: (g[0].when.value if g[0].when else "9999"))
    first = True
    for g in groups:
        ev = g[0]
        if ev.status in _OPEN:
            out.add(f"Deliveries were expected {_when(ev)} ({_reported(ctx, ev)}).", ctx.cite_events(g))
        elif ev.status == "ongoing":
            out.add(f"Deliveries were still under way as of {_when(ev)} ({_reported(ctx, ev)}).", ctx.cite_events(g))
        else:
            label = "The first delivery reported is dated" if first and ev.when else "A delivery is reported,"
            out.add(f"{label} {_when(ev)} ({_reported(ctx, ev)}).", ctx.cite_events(g))
            first = False
    for g in _by_story(ctx, by_part.get("expedite", [])):
        out.add(f"Deliveries were brought forward{_at(g[0])} ({_reported(ctx, g[0])}).", ctx.cite_events(g))
    for g in _by_story(ctx, by_part.get("stop", [])):
        how = "reportedly suspended" if all(e.status in ("alleged", "expected") for e in g) else "suspended"
        out.add(f"Deliveries were {how}{_at(g[0])} ({_reported(ctx, g[0])}).", ctx.cite_events(g))
    for g in _by_story(ctx, by_part.get("cancel", [])):
        out.add(f"The deal was cancelled{_at(g[0])} ({_reported(ctx, g[0])}).", ctx.cite_events(g))


# --- why ------------------------------------------------------------------------------------------------------

def _asked_types(text: str) -> tuple[str, ...] | None:
    """The event types a why-question asks about: a stop ("suspended", "halted") before a deal ("sell")."""
    low = text.lower()
    for table in (_STOP_TYPES, _DEAL_TYPES):
        found = tuple(t for stem, types in table.items() if stem in low for t in types)
        if found:
            return tuple(dict.fromkeys(found))
    return None


def _story_matches(ctx: Context, story: Story, parsed: Parsed, types: Sequence[str] | None) -> bool:
    if types and story.type not in types:
        return False
    when = str((story.slots.get("when") or {}).get("value") or "")
    if parsed.year and when and not when.startswith(parsed.year):
        return False
    members = [ctx.events[e] for e in story.events if e in ctx.events]
    return any(_involves(ctx, ev, parsed.states, parsed.weapons) for ev in members)


def _who(ctx: Context, x: Explanation) -> str:
    if x.attributed_to == "author":
        return "The author"
    if ":" in x.attributed_to:
        return ctx.name(x.attributed_to)
    return x.attributed_to[:1].upper() + x.attributed_to[1:]


def _cause(x: Explanation) -> str:
    cause = " ".join(x.cause.split()).strip(" .“”\"")
    return cause if len(cause) <= 160 else cause[:159].rstrip() + "…"


def why(ctx: Context, parsed: Parsed, out: Sentences) -> None:
    """The stories the question is about, then each competing explanation: who offers it, the author's stance."""
    types = _asked_types(parsed.text)
    stories = [s for s in ctx.stories if _story_matches(ctx, s, parsed, types)]
    wanted = {s.id for s in stories}
    story_events = {eid for s in stories for eid in s.events}
    causes = [x for x in ctx.explanations if x.story in wanted or (x.event and x.event in story_events)]
    if not causes:
        return
    with_causes = {x.story for x in causes} | {ctx.story_of.get(x.event or "", "") for x in causes}
    for s in stories:
        if s.id not in with_causes:
            continue
        members = [ctx.events[e] for e in s.events if e in ctx.events]
        when = when_words(str((s.slots.get("when") or {}).get("value") or "") or None)
        out.add(f"Reported: {_summary(ctx, members[0])}, {when}, in {len(s.documents)} document(s).",
                ctx.cite_events(members[:3]))
    seen: set[tuple[str, int]] = set()
    for x in sorted(causes, key=lambda x: (x.document, x.evidence.start)):
        if (x.document, x.evidence.start) in seen:
            continue
        seen.add((x.document, x.evidence.start))
        who, cause = _who(ctx, x), _cause(x)
        where = ctx.doc_label(x.document)
        if who == "The author":
            stance = {"endorses": "gives as a cause", "rejects": "raises and rejects the cause"}.get(
                x.stance, "mentions as a possible cause")
            text = f"The author of {where} {stance}: “{cause}”."
        else:
            verdict = {"endorses": "the author endorses it", "rejects": "the author rejects it"}.get(
                x.stance, "the author neither endorses nor rejects it")
            text = f"Cause offered by {who} (in {where}): “{cause}”; {verdict}."
        out.add(text, [ctx.cite(x.document, x.evidence.start, x.evidence.end, x.evidence.text)])


# --- how did expectations change ------------------------------------------------------------------------------

def expectations(ctx: Context, parsed: Parsed, out: Sentences) -> None:
    """Expected and planned claims in the order they were reported, what occurred of the same kind, and the
    disputes (updates, contradictions) between them."""
    if not parsed.states and not parsed.weapons:
        return
    relevant = [e for e in ctx.events.values() if _involves(ctx, e, parsed.states, parsed.weapons)]
    if parsed.year:
        relevant = [e for e in relevant if not e.when or e.when.value.startswith(parsed.year)
                    or (e.when.end or "").startswith(parsed.year)]
    expected = [e for e in relevant if e.status in _OPEN and e.type not in ("statement", "other")]

    def report_date(group: list[Event]) -> str:
        d = ctx.documents.get(group[0].document)
        return (d.published or d.stated_date or "") if d else ""

    groups = sorted(_by_story(ctx, expected), key=report_date)
    for g in groups[:_MAX_SENTENCES // 2]:
        when = f" for {_when(g[0])}" if g[0].when else " (no date given)"
        out.add(f"As {_reported(ctx, g[0])}, {_summary(ctx, g[0])} was {g[0].status}{when}.",
                ctx.cite_events(g))
    types = {e.type for e in expected}
    done = [e for e in relevant if e.type in types and e.status in _DONE]
    for g in sorted(_by_story(ctx, done), key=lambda g: g[0].when.value if g[0].when else "9999")[:_MAX_SENTENCES // 2]:
        out.add(f"What occurred: {_summary(ctx, g[0])}, {_when(g[0])} ({_reported(ctx, g[0])}).", ctx.cite_events(g))
    stories = {ctx.story_of.get(e.id) for e in expected + done} - {None}
    for d in ctx.bench.disputes():
        if d.story in stories and out.items:
            evs = [ctx.events[c] for c in d.claims if c in ctx.events]
            out.add(f"The sources {'update' if d.kind == 'update' else 'contradict'} each other on the {d.slot}: "
                    f"{d.explanation}", ctx.cite_events(evs))


# --- does the partnership deepen or crack ----------------------------------------------------------------------

def trend(ctx: Context, parsed: Parsed, out: Sentences) -> None:
    """The cooperation/conflict index of the dyad per year, with the weightiest stories behind each value."""
    from ..reconcile.ontology import load_ontology
    from .index import index_stories

    states = parsed.states
    if len(states) < 2:
        return
    dyad = (states[0].split(":")[1], states[1].split(":")[1])
    groups = index_stories(ctx.stories, list(ctx.events.values()), load_ontology(), dyad, "year",
                           entities=ctx.entities, documents=list(ctx.documents.values()))
    if parsed.year:
        groups = {p: v for p, v in groups.items() if p >= parsed.year}
    values: list[tuple[str, float, list[tuple[Story, float]]]] = []
    for period, members in groups.items():
        total = round(sum(w for _, w in members), 3)
        top = sorted(members, key=lambda m: -abs(m[1]))[:2]
        values.append((period, total, top))
        names = "; ".join(f"{s.label} ({w:+g})" for s, w in top)
        out.add(f"{period}: index {total:+g} from {len(members)} stories; the weightiest: {names}.",
                _story_citations(ctx, [s for s, _ in top]))
    if len(values) < 2:
        return
    first, last = values[0], values[-1]
    recent = [m for m in last[2]]
    if last[1] < first[1]:
        verdict = "more conflict than at the start: signs of strain"
        basis = [s for s, w in recent if w < 0] or [s for s, _ in recent]
    else:
        verdict = "as much cooperation as at the start or more: a partnership that holds or deepens"
        basis = [s for s, w in recent if w > 0] or [s for s, _ in recent]
    out.add(f"From {first[0]} ({first[1]:+g}) to {last[0]} ({last[1]:+g}) the index shows {verdict}.",
            _story_citations(ctx, basis))
    conflict = [(p, v, [s for s, w in members if w < 0]) for p, v, members in values]
    worst = min((c for c in conflict if c[2]), key=lambda c: c[1], default=None)
    if worst is not None:
        out.add(f"The strain is clearest in {worst[0]} ({worst[1]:+g}): "
                f"{'; '.join(s.label for s in worst[2])}.", _story_citations(ctx, worst[2]))


def _story_citations(ctx: Context, stories: Sequence[Story]) -> list[Any]:
    cites = []
    for s in stories:
        cites += ctx.cite_events([ctx.events[e] for e in s.events if e in ctx.events][:2])
    return cites


# --- what did X do for Y ------------------------------------------------------------------------------------------

def relations(ctx: Context, parsed: Parsed, out: Sentences) -> None:
    """Events with actor X and target Y (as states), grouped by type, most reported first."""
    states = parsed.states
    if len(states) < 2:
        return
    actor, target = states[0], states[1]
    evs = [e for e in ctx.events.values() if _states(ctx, e) == (actor, target)]
    if parsed.year:
        evs = [e for e in evs if e.when and e.when.value.startswith(parsed.year)]
    by_type: dict[str, list[Event]] = {}
    for e in evs:
        by_type.setdefault(e.type, []).append(e)
    ranked = sorted(by_type.items(), key=lambda kv: (-len(_by_story(ctx, kv[1])), kv[0]))
    for etype, members in ranked[:_MAX_SENTENCES]:
        groups = sorted(_by_story(ctx, members), key=lambda g: g[0].when.value if g[0].when else "9999")
        dated = [f"{_when(g[0])} ({g[0].status})" for g in groups]
        out.add(f"{ctx.name(actor)} to {ctx.name(target)}, {etype.replace('_', ' ')}: {len(groups)} reported "
                f"({'; '.join(dated)}).", ctx.cite_events(g[0] for g in groups))


# --- when was each document written --------------------------------------------------------------------------------

def _date_evidence(ctx: Context, doc_id: str, value: str | None) -> list[Any]:
    d = ctx.documents.get(doc_id)
    items = d.meta.get("date_evidence") if d is not None and isinstance(d.meta, Mapping) else None
    if not isinstance(items, list):
        return []
    spans = [i for i in items if isinstance(i, dict) and isinstance(i.get("start"), int)
             and isinstance(i.get("end"), int)]
    fits = [i for i in spans if value and str(i.get("value") or "") and
            (value.startswith(str(i["value"])) or str(i["value"]).startswith(value))]
    pick = fits or [i for i in spans if i.get("kind") in ("serial", "stated", "dateline")] or spans
    return [ctx.cite(doc_id, int(i["start"]), int(i["end"])) for i in pick[:2]]


def document_dates(ctx: Context, parsed: Parsed, out: Sentences) -> None:
    """Each document's date with its basis and reason (or the document the question names), citing the text
    that dates it."""
    low = parsed.text.lower()
    docs = list(ctx.documents.values())
    named = [d for d in docs if d.name.lower() in low or d.id.lower() in low
             or (d.title and len(d.title) > 8 and d.title.lower() in low)]
    for d in sorted(named or docs, key=lambda d: (d.published or "", d.name)):
        basis = d.published_basis or "unknown basis"
        reason = f": {d.published_reason}" if d.published_reason else ""
        own = d.meta.get("own_date") if isinstance(d.meta, Mapping) else None
        refined = f" (reconcile refined it from {when_words(str(own))})" if own else ""
        out.add(f"{ctx.doc_label(d.id)} dates to {when_words(d.published)} ({basis}){refined}{reason}",
                _date_evidence(ctx, d.id, str(own) if own else d.published))
