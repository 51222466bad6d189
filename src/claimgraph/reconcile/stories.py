"""Stories: event coreference across and within documents.

Claims are clustered into real events under *hard* constraints that hold between every pair of members
(complete linkage), and a *soft* score that must be high enough for the pair that joins two clusters:

hard
    two claims of one document that extraction kept apart stay apart (same parties and named item);
    same lenient type family (types that extraction confuses, ``data/lexicons/coreference.yaml``, count as one); same participants (actor and target as states where a person or firm acts for one;
    unordered for symmetric types; a missing target is a wildcard); same item when both name one; compatible
    ``when`` (ISO prefixes: ``2018`` ~ ``2018-05``, but ``2018-05`` !~ ``2020-07``).
soft
    exact type, same item, both dated, both participants known, and the lexical overlap of the evidence. Generic
    types (``statement``, ``other``...) need either compatible explicit dates or real lexical overlap.

So a 2014 order, a 2018 delivery and a 2020 suspension of one contract stay three stories: their types differ,
and deliveries in 2018-05 and 2020-07 have incompatible dates.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .._yaml import load_yaml
from ..records import Entity, Event, Mention, Story, make_id
from ._common import (
    as_of_report,
    content_words,
    date_compatible,
    date_near,
    entity_name,
    is_range,
    jaccard,
    span_overlap,
    state_of,
    unique,
)
from .ontology import Ontology

__all__ = ["GENERIC_TYPES", "StoryParams", "event_key", "cluster_events", "build_stories"]

GENERIC_TYPES = frozenset({"statement", "other", "accusation", "opposition", "consultation"})
"""Types whose claims are too unspecific to merge on participants alone (see ``_score``)."""


@dataclass(frozen=True)
class StoryParams:
    threshold: float = 0.55  # type + actor + a coarse date alone (0.5) is not enough
    generic_min_overlap: float = 0.34
    month_tolerance: int = 1  # month-precise dates this far apart may still be one event
    # type -> group of interchangeable types (None: data/lexicons/coreference.yaml)
    interchangeable: Mapping[str, str] | None = None


def parse_interchangeable(data: Mapping[str, Any]) -> dict[str, str]:
    """``interchangeable: [[armed_clash, other]]`` -> ``{"armed_clash": "armed_clash|other", "other": ...}``."""
    out: dict[str, str] = {}
    for group in data.get("interchangeable") or ():
        names = sorted(str(t) for t in group)
        for t in names:
            out[t] = "|".join(names)
    return out


@lru_cache(maxsize=1)
def load_interchangeable() -> Mapping[str, str]:
    """The packaged groups of interchangeable event types, read once (none when the file is absent)."""
    try:
        text = resources.files("claimgraph").joinpath("data/lexicons/coreference.yaml").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    data = load_yaml(text) or {}
    return parse_interchangeable(data) if isinstance(data, Mapping) else {}


@dataclass(frozen=True)
class _Key:
    family: str
    actor: str | None
    target: str | None
    item: str | None  # a linked item id: a hard constraint
    item_words: frozenset[str]  # an unlinked item's words ("components"): soft evidence only
    when: str | None
    when_end: str | None  # the end of a range ("over the past decade"), else None
    as_of: bool  # an ongoing state dated only by its report ("the ongoing conflict"): began at or before `when`
    symmetric: bool
    words: frozenset[str]
    places: frozenset[str] = frozenset()  # places named in the evidence that are not a participant ("Crimea")
    named: frozenset[str] = frozenset()  # parties (states where known) named anywhere in the evidence
    document: str = ""


def _participant(entity_id: str | None, text: str | None, entities: Mapping[str, Entity],
                 aliases: Mapping[str, str]) -> str | None:
    if entity_id:
        entity_id = aliases.get(entity_id, entity_id)
        ent = entities.get(entity_id)
        if (ent is not None and ent.type == "PLACE") or entity_id.startswith("PLACE:"):
            return None  # a place is where something happened, not a party to it: no constraint
        return state_of(entity_id, entities) or entity_id
    if text:
        return " ".join(sorted(content_words(text))) or None
    return None


def _item(ev: Event, aliases: Mapping[str, str]) -> str | None:
    return aliases.get(ev.item, ev.item) if ev.item else None


def _is_place(entity_id: str, entities: Mapping[str, Entity]) -> bool:
    return entity_id.startswith("PLACE:") or (entity_id in entities and entities[entity_id].type == "PLACE")


def _is_bloc(entity_id: str, entities: Mapping[str, Entity]) -> bool:
    ent = entities.get(entity_id)
    return ent is not None and (ent.attributes or {}).get("kind") == "bloc"


def evidence_context(events: Sequence[Event], mentions: Sequence[Mention], entities: Mapping[str, Entity],
                     aliases: Mapping[str, str], common: frozenset[str] | None = None,
                     ) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per event: (places, parties) its evidence names. Places exclude its own participants: two generic
    reports ("the annexation", "the conflict") naming the same place have something specific in common.
    Parties (states, or the entity itself) tell whether a participant the claim left out is named nearby."""
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    docs_of: dict[str, set[str]] = {}
    for m in mentions:
        if m.entity:
            ent = aliases.get(m.entity, m.entity)
            by_doc.setdefault(m.document, []).append((m.start, m.end, ent))
            docs_of.setdefault(ent, set()).add(m.document)
    # a place named in most documents of a large corpus ("Asia") says nothing specific; nor does a bloc.
    # ``common`` is given when ``mentions`` are only those of some documents (incremental reconcile counts the
    # corpus-wide figures in SQL and calls :func:`common_entities`).
    if common is None:
        common = common_entities({p: len(ds) for p, ds in docs_of.items()}, len(by_doc))
    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for ev in events:
        own = {aliases.get(x, x) for x in (ev.actor, ev.target, ev.item) if x}
        found = {ent for s, e, ent in by_doc.get(ev.document, ()) if ev.evidence.start <= s and e <= ev.evidence.end}
        places = frozenset(x for x in found - own - common if _is_place(x, entities) and not _is_bloc(x, entities))
        parties = frozenset(state_of(x, entities) or x for x in found if not _is_place(x, entities))
        if places or parties:
            out[ev.id] = (places, parties)
    return out


def common_entities(doc_counts: Mapping[str, int], n_documents: int) -> frozenset[str]:
    """Entities (canonical ids) named in more than half of the ``n_documents`` documents that name any linked
    entity, once the corpus has ten such documents: too common to tie two reports together."""
    if n_documents < 10:
        return frozenset()
    return frozenset(p for p, n in doc_counts.items() if n > n_documents / 2)


def event_key(ev: Event, entities: Mapping[str, Entity], aliases: Mapping[str, str], ontology: Ontology,
              context: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
              interchangeable: Mapping[str, str] | None = None) -> _Key:
    group = (interchangeable or {}).get(ev.type)
    return _Key(
        family=group or ontology.family(ev.type),
        actor=_participant(ev.actor, ev.actor_text, entities, aliases),
        target=_participant(ev.target, ev.target_text, entities, aliases),
        item=_item(ev, aliases),
        item_words=frozenset(content_words(ev.item_text or "")) if not ev.item else frozenset(),
        when=ev.when.value if ev.when else None,
        when_end=ev.when.end if ev.when and is_range(ev.when) else None,
        as_of=as_of_report(ev),
        symmetric=ontology.is_symmetric(ev.type),
        words=frozenset(content_words(ev.evidence.text)),
        places=context[0],
        named=context[1],
        document=ev.document,
    )


def _same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _began_before(state: _Key, other: _Key) -> bool:
    """An ongoing state reported as of a date can be the same as a thing dated earlier."""
    return state.as_of and bool(state.when and other.when) and str(other.when) <= str(state.when)


def _dates_ok(a: _Key, b: _Key, months: int) -> bool:
    if a.when_end or b.when_end:
        return span_overlap(a.when, a.when_end, b.when, b.when_end)
    return date_near(a.when, b.when, months) or _began_before(a, b) or _began_before(b, a)


def _kept_apart(a: _Key, b: _Key) -> bool:
    """Two claims of one document about the same parties and named item that extraction kept apart are two
    events in that document's own account ("a first shipment in 2018; parts still being delivered")."""
    return (a.document == b.document and bool(a.document) and bool(a.item) and a.item == b.item
            and a.actor == b.actor and a.target == b.target)


def _compatible(a: _Key, b: _Key, months: int = 1) -> bool:
    if a.family != b.family or not _same(a.item, b.item) or _kept_apart(a, b):
        return False
    if not _dates_ok(a, b, months):
        return False
    if a.actor is None and b.actor is None:
        return False  # nothing ties two actor-less claims together
    direct = _same(a.actor, b.actor) and _same(a.target, b.target)
    if direct:
        return True
    return (a.symmetric or b.symmetric) and _same(a.actor, b.target) and _same(a.target, b.actor)


def _parties_agree(a: _Key, b: _Key) -> bool:
    """Both claims name both participants, or one left a participant out that its own evidence names ("the
    China-India dispute on their mountain frontier": the target came out as the place, India is named)."""
    def known(x: str | None, y: str | None, other: _Key) -> bool:
        return bool(x) or (y is not None and y in other.named)

    return (known(a.actor, b.actor, a) and known(a.target, b.target, a)
            and known(b.actor, a.actor, b) and known(b.target, a.target, b))


def _score(a: Event, b: Event, ka: _Key, kb: _Key, params: StoryParams) -> float:
    return pair_score(a.type, b.type, ka, kb, params)


@dataclass(frozen=True)
class _Typed:
    type: str


def pair_score(a_type: str, b_type: str, ka: _Key, kb: _Key, params: StoryParams) -> float:
    """The soft score of two compatible claims of types ``a_type`` and ``b_type`` (see the module docstring)."""
    a, b = _Typed(a_type), _Typed(b_type)
    lex = jaccard(set(ka.words), set(kb.words))
    ranged = bool(ka.when_end or kb.when_end)
    both_dated = bool(ka.when and kb.when) and not ranged and (
        date_compatible(ka.when, kb.when) or _began_before(ka, kb) or _began_before(kb, ka))
    same_place = bool(ka.places & kb.places)
    if (a.type in GENERIC_TYPES or b.type in GENERIC_TYPES) and lex < params.generic_min_overlap:
        # a generic claim needs something specific in common: the same named item or place, or (except for
        # statements, which are distinct utterances however close in time) two compatible explicit dates
        same_item = bool(ka.item and ka.item == kb.item)
        dated_ok = both_dated and "statement" not in (a.type, b.type)
        if not (same_item or dated_ok or (same_place and "statement" not in (a.type, b.type))):
            return 0.0
    inter = params.interchangeable or {}
    same_type = a.type == b.type or (a.type in inter and inter.get(a.type) == inter.get(b.type))
    score = 0.35 if same_type else 0.1  # a sibling type in the family needs more support
    score += 0.2 if (ka.item and ka.item == kb.item) or (ka.item_words & kb.item_words) else 0.0
    score += 0.2 if same_place and not (ka.item and ka.item == kb.item) else 0.0
    if both_dated:
        score += 0.15
    elif ka.when and kb.when:
        score += 0.1  # dated a little differently, or one only within a range (as _compatible allowed)
    score += 0.1 if _parties_agree(ka, kb) else 0.0
    return score + 0.4 * lex


_BIG = 10**9


def _months(value: str | None) -> tuple[int, int] | None:
    """The months an ISO prefix covers (``2018`` -> Jan..Dec 2018), ``None`` when it does not parse."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    year = int(value[:4]) * 12
    if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit() and 1 <= int(value[5:7]) <= 12:
        m = year + int(value[5:7]) - 1
        return m, m
    return year, year + 11


def month_interval(k: _Key, tolerance: int) -> tuple[int, int]:
    """Months (as ``year * 12 + month``) holding every date this key can be compatible with: two keys whose
    intervals do not overlap never pass ``_dates_ok``, so the interval is a safe blocking key (the candidate
    pairs below, and incremental reconcile's index)."""
    span = _months(k.when)
    if span is None:
        return -_BIG, _BIG
    lo, hi = span
    if k.when_end:
        end = _months(k.when_end)
        return lo, end[1] if end else _BIG
    lo, hi = lo - tolerance, hi + tolerance
    return (-_BIG if k.as_of else lo), hi


def _candidate_pairs(group: Sequence[Event], keys: Mapping[str, _Key], tolerance: int = 1,
                     ) -> list[tuple[Event, Event]]:
    """Pairs that can be compatible at all, without comparing every pair: compatible claims share an actor
    (or one lacks it), or for symmetric types one's actor is the other's target, and their month intervals
    overlap. Keeps clustering near-linear for corpora with many actors."""
    by_actor: dict[str | None, list[int]] = {}
    by_target: dict[str | None, list[int]] = {}
    for i, e in enumerate(group):
        by_actor.setdefault(keys[e.id].actor, []).append(i)
        by_target.setdefault(keys[e.id].target, []).append(i)
    out: set[tuple[int, int]] = set()
    everyone = range(len(group))
    spans = [month_interval(keys[e.id], tolerance) for e in group]
    for i, e in enumerate(group):
        k = keys[e.id]
        if k.actor is None:
            cands: Iterable[int] = everyone
        else:
            cands = [*by_actor.get(k.actor, []), *by_actor.get(None, []), *by_target.get(k.actor, [])]
        lo, hi = spans[i]
        for j in cands:
            if j != i and spans[j][0] <= hi and lo <= spans[j][1]:
                out.add((min(i, j), max(i, j)))
    return [(group[i], group[j]) for i, j in sorted(out)]


def cluster_events(
    events: Sequence[Event],
    entities: Mapping[str, Entity],
    aliases: Mapping[str, str],
    ontology: Ontology,
    params: StoryParams | None = None,
    mentions: Sequence[Mention] = (),
    *,
    apart: frozenset[frozenset[str]] = frozenset(),
    keys_out: dict[str, _Key] | None = None,
) -> list[list[Event]]:
    """Groups of events that report one real event (singletons included), deterministic in the input order.

    ``apart``: pairs of event ids that never share a group (an analyst's story split, see ``constraints``).
    ``keys_out`` (optional) receives every event's comparison key (incremental reconcile's blocking index)."""
    params = with_interchangeable(params)
    evs = sorted(events, key=lambda e: e.id)
    keys = story_keys(evs, entities, aliases, ontology, params, mentions)
    if keys_out is not None:
        keys_out.update(keys)
    by_family: dict[str, list[Event]] = {}
    for e in evs:
        by_family.setdefault(keys[e.id].family, []).append(e)
    pairs: list[tuple[float, str, str]] = []
    for group in by_family.values():
        for a, b in _candidate_pairs(group, keys, params.month_tolerance):
            s = edge_score(a.type, b.type, keys[a.id], keys[b.id], params)
            if s is not None:
                pairs.append((s, a.id, b.id))
    by_id = {e.id: e for e in evs}
    return [[by_id[x] for x in m] for m in cluster_pairs([e.id for e in evs], keys, pairs, params, apart)]


def with_interchangeable(params: StoryParams | None) -> StoryParams:
    """``params`` (or the defaults) with the packaged interchangeable types filled in where unset."""
    params = params or StoryParams()
    if params.interchangeable is None:
        params = dataclasses.replace(params, interchangeable=load_interchangeable())
    return params


def story_keys(events: Sequence[Event], entities: Mapping[str, Entity], aliases: Mapping[str, str],
               ontology: Ontology, params: StoryParams, mentions: Sequence[Mention] = (),
               common: frozenset[str] | None = None) -> dict[str, _Key]:
    """The comparison key of every event (``params`` with its interchangeable types filled in); ``mentions``
    (those of the events' documents) give the evidence context, ``common`` the corpus-wide common entities."""
    context = evidence_context(events, mentions, entities, aliases, common) if mentions else {}
    empty: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    return {e.id: event_key(e, entities, aliases, ontology, context.get(e.id, empty), params.interchangeable)
            for e in events}


def edge_score(a_type: str, b_type: str, ka: _Key, kb: _Key, params: StoryParams) -> float | None:
    """The score of a candidate pair that may join two clusters; ``None`` when the pair is incompatible or
    scores under the threshold."""
    if not _compatible(ka, kb, params.month_tolerance):
        return None
    s = pair_score(a_type, b_type, ka, kb, params)
    return s if s >= params.threshold else None


def cluster_pairs(ids: Sequence[str], keys: Mapping[str, _Key], pairs: Sequence[tuple[float, str, str]],
                  params: StoryParams, apart: frozenset[frozenset[str]] = frozenset()) -> list[list[str]]:
    """Complete-linkage clusters of ``ids`` (sorted) joined along the scored ``pairs`` ``(score, a, b)``
    (``a < b``), best pair first; clusters sorted by their first member. A pair only joins clusters of its own
    connected component, so a component clusters alike alone and inside the corpus (incremental reconcile
    re-clusters only the components that changed)."""
    ordered = sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))
    cluster_of = {x: i for i, x in enumerate(ids)}
    members: dict[int, list[str]] = {i: [x] for i, x in enumerate(ids)}
    for _, ida, idb in ordered:
        ca, cb = cluster_of[ida], cluster_of[idb]
        if ca == cb:
            continue
        if not all(_compatible(keys[x], keys[y], params.month_tolerance) for x in members[ca] for y in members[cb]):
            continue
        if apart and any(frozenset((x, y)) in apart for x in members[ca] for y in members[cb]):
            continue
        for x in members[cb]:
            cluster_of[x] = ca
        members[ca].extend(members.pop(cb))
    return [sorted(m) for m in sorted(members.values(), key=lambda m: sorted(m)[0])]


def _slot(values: Sequence[tuple[Any, str]]) -> dict[str, Any] | None:
    """Canonical value of a slot: the most supported, ties to the most precise; alternatives kept with support."""
    if not values:
        return None
    support: dict[Any, list[str]] = {}
    for v, eid in values:
        support.setdefault(v, []).append(eid)
    best = sorted(support, key=lambda v: (-len(support[v]), -len(str(v)), str(v)))[0]
    slot: dict[str, Any] = {"value": best, "events": sorted(support[best])}
    if len(support) > 1:
        slot["alternatives"] = {str(v): sorted(ids) for v, ids in support.items() if v != best}
    return slot


def _when_slot(members: Sequence[Event]) -> dict[str, Any] | None:
    # a range ("over the past decade") only dates a story that no report dates more precisely
    vals = [(e.when.value, e.id) for e in members if e.when and not is_range(e.when)]
    vals = vals or [(e.when.value, e.id) for e in members if e.when]
    if not vals:
        return None
    slot = _slot(vals)
    assert slot is not None
    # prefer the most precise value compatible with the best-supported one ("2018" + "2018-05" -> "2018-05")
    compatible = [v for v, _ in vals if date_compatible(v, slot["value"])]
    slot["value"] = max(compatible, key=len)
    slot["events"] = sorted({eid for v, eid in vals if date_compatible(v, slot["value"])})
    return slot


def _label(ev_type: str, members: Sequence[Event], entities: Mapping[str, Entity], aliases: Mapping[str, str],
           when: str | None) -> str:
    def pick(attr: str, text_attr: str) -> str | None:
        ids = Counter(aliases.get(getattr(e, attr), getattr(e, attr)) for e in members if getattr(e, attr))
        parties = Counter({k: n for k, n in ids.items() if not _is_place(k, entities)})
        ids = parties or ids  # a party names the story better than the place a report put in its slot
        if ids:
            return entity_name(ids.most_common(1)[0][0], entities)
        texts = Counter(getattr(e, text_attr) for e in members if getattr(e, text_attr))
        return texts.most_common(1)[0][0] if texts else None

    actor, target, item = pick("actor", "actor_text"), pick("target", "target_text"), pick("item", "item_text")
    parts = [actor or "?", ev_type.replace("_", " ")]
    if item:
        parts.append(item)
    if target:
        parts.append(f"-> {target}")
    if when:
        parts.append(f"({when})")
    return " ".join(parts)


def build_stories(
    events: Sequence[Event],
    entities: Mapping[str, Entity],
    aliases: Mapping[str, str],
    ontology: Ontology,
    params: StoryParams | None = None,
    mentions: Sequence[Mention] = (),
    reposts: Mapping[str, str] | None = None,
    *,
    apart: frozenset[frozenset[str]] = frozenset(),
    keys_out: dict[str, _Key] | None = None,
) -> list[Story]:
    """One :class:`Story` per cluster with its label and canonical slots (when, quantity, value, status).

    ``mentions`` (optional) let two generic reports that name the same place corefer (see ``_score``).
    ``reposts`` maps a re-posted document to the original it copies: its claims join the original's story as the
    same report, not a second source (slot ``reports``: the distinct original reports; ``reposts``: the copies).
    ``apart``: pairs of event ids kept in different stories (see :func:`cluster_events`); ``keys_out`` receives
    the events' comparison keys."""
    return [make_story(members, entities, aliases, reposts)
            for members in cluster_events(events, entities, aliases, ontology, params, mentions, apart=apart,
                                          keys_out=keys_out)]


def make_story(members: Sequence[Event], entities: Mapping[str, Entity], aliases: Mapping[str, str],
               reposts: Mapping[str, str] | None = None) -> Story:
    """The :class:`Story` of one cluster (members sorted by id): its type, label and canonical slots."""
    reposts = reposts or {}
    if not members:
        raise ValueError("a story needs at least one event")
    # the story's type: the one its most certain claims give (a hedged report does not outvote a firm one)
    support: dict[str, float] = {}
    for e in members:
        support[e.type] = support.get(e.type, 0.0) + e.certainty * (0.5 if e.hedged else 1.0)
    ev_type = sorted(support, key=lambda t: (-support[t], t))[0]
    slots: dict[str, Any] = {}
    when = _when_slot(members)
    if when:
        slots["when"] = when
    q = _slot([((e.quantity.value, e.quantity.unit), e.id) for e in members if e.quantity])
    if q:
        q["value"] = {"value": q["value"][0], "unit": q["value"][1]}
        slots["quantity"] = q
    money = _slot([((e.value.usd or e.value.amount, "USD" if e.value.usd else e.value.currency), e.id)
                   for e in members if e.value])
    if money:
        money["value"] = {"amount": money["value"][0], "currency": money["value"][1]}
        slots["value"] = money
    status = _slot([(e.status, e.id) for e in members])
    if status:
        slots["status"] = status
    docs = unique(e.document for e in members)
    slots["reports"] = len(unique(reposts.get(d, d) for d in docs))
    copies = sorted(d for d in docs if d in reposts)
    if copies:
        slots["reposts"] = {d: reposts[d] for d in copies}
    ids = tuple(e.id for e in members)
    return Story(
        id=make_id("st", *sorted(ids)),
        label=_label(ev_type, members, entities, aliases, when["value"] if when else None),
        type=ev_type,
        events=ids,
        documents=docs,
        slots=slots,
    )
