"""Incremental reconciliation: recompute only what new or changed documents can touch, with the result of a
full pass.

:func:`claimgraph.reconcile.run` is the definition; this module reaches the same derived rows by recomputing
the parts of it that can have changed, using the index a reconcile keeps in the store (schema version 8):

documents
    the *dirty set* is the difference between the usable documents and the snapshot the last reconcile recorded
    (``reconcile_documents``: id and ``content_hash``): new, re-processed and removed documents.
near-duplicates
    a relation is a function of its pair (``duplicates.pair_relations``), so only pairs with a dirty document are
    computed: exact copies by text hash, near copies among the documents that share a MinHash LSH band with it
    (signatures and band keys are stored); re-post dates follow for the documents those relations touch.
entities
    resolution runs over the entities (mention counts and unlinked role phrases come from SQL, not from loading
    every mention); a fingerprint per entity (type, name, iso3, attributes, canonical id) tells which changed,
    and the claims naming a changed entity, or whose documents mention one, are dirty. So are claims of
    documents that mention an entity that became, or stopped being, common (``stories.common_entities``).
stories
    blocking keys (type family, participants as states, a month interval that holds every date a claim can match)
    are stored per event with its story. Clustering joins claims only along scored candidate pairs, so each
    connected component of the pair graph clusters alike alone and in the corpus: the components of the dirty
    claims (and of the stories they were in) are found by walking candidate pairs through the index and
    re-clustered; every other story is kept as it is.
dates and disputes
    document dates are recomputed for the documents of changed stories and relations; disputes for the changed
    stories, the stories whose documents changed date, and stories related through a forecast (expected /
    planned, then occurred) in the same block.

When the dirty claims are a large share of the corpus (or there is no index yet), :func:`reconcile_store`
returns ``None`` and the caller runs the full pass, which then rebuilds the index (:func:`full_index`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..records import Document, DocumentDate, Entity, Event, Explanation, Relation, Story
from .constraints import Constraints, merge_resolution
from .dates import narrow_by_stories
from .disputes import find_disputes
from .duplicates import pair_relations, repost_dates, signature
from .entities import resolve_entities
from .ontology import Ontology, coerce_ontology
from .stories import (
    StoryParams,
    _Key,
    cluster_pairs,
    common_entities,
    edge_score,
    make_story,
    month_interval,
    story_keys,
    with_interchangeable,
)

if TYPE_CHECKING:
    from ..store import Store
    from ..store._index import IndexPlan, KeyRow, ReconcileIndex

__all__ = ["IncrementalStats", "reconcile_store", "full_index", "key_json", "key_from_json", "month_interval",
           "NUM_PERM"]

NUM_PERM = 128
_FORECAST = ("expected", "planned")
_PAST = ("occurred", "ongoing")


@dataclass(frozen=True)
class IncrementalStats:
    """What an incremental reconcile recomputed (the counts ``claimgraph reconcile`` prints)."""

    documents: int  # dirty documents (new, changed, removed)
    events: int  # claims whose stories were re-clustered (the dirty ones and their components)
    stories: int  # stories written
    disputes: int  # disputes written for the stories recomputed
    document_dates: int
    relations: int
    entity_links: int
    mention_links: int

    def counts(self) -> dict[str, int]:
        return {"dirty_documents": self.documents, "events_reclustered": self.events, "stories": self.stories,
                "disputes": self.disputes, "document_dates": self.document_dates, "relations": self.relations,
                "entity_links": self.entity_links, "mention_links": self.mention_links}


# --- keys and signatures as stored ---

def key_json(k: _Key) -> dict[str, Any]:
    return {"family": k.family, "actor": k.actor, "target": k.target, "item": k.item,
            "item_words": sorted(k.item_words), "when": k.when, "when_end": k.when_end, "as_of": k.as_of,
            "symmetric": k.symmetric, "words": sorted(k.words), "places": sorted(k.places),
            "named": sorted(k.named), "document": k.document}


def key_from_json(d: Mapping[str, Any]) -> _Key:
    return _Key(family=d["family"], actor=d["actor"], target=d["target"], item=d["item"],
                item_words=frozenset(d["item_words"]), when=d["when"], when_end=d["when_end"],
                as_of=bool(d["as_of"]), symmetric=bool(d["symmetric"]), words=frozenset(d["words"]),
                places=frozenset(d["places"]), named=frozenset(d["named"]), document=d["document"])


def _bands(sig: MinHash, lsh: MinHashLSH) -> list[str]:
    hv = sig.hashvalues
    return [f"{i}:" + hashlib.sha1(hv[i * lsh.r:(i + 1) * lsh.r].astype("<u8").tobytes()).hexdigest()[:24]
            for i in range(lsh.b)]


def _sig_bytes(sig: MinHash) -> bytes:
    return sig.hashvalues.astype("<u8").tobytes()


def _sim(a: bytes, b: bytes) -> float:
    x, y = np.frombuffer(a, dtype="<u8"), np.frombuffer(b, dtype="<u8")
    return float(np.count_nonzero(x == y)) / float(len(x))


def entity_fingerprint(e: Entity, canonical: str | None) -> str:
    """What reconcile reads from an entity: a change makes the claims naming it dirty."""
    data = [e.type, e.name, e.iso3, dict(e.attributes or {}), canonical]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _key_row(ev: Event, k: _Key, story: str, onto: Ontology, tolerance: int) -> KeyRow:
    from ..store._index import KeyRow

    lo, hi = month_interval(k, tolerance)
    return KeyRow(ev.id, ev.document, story, ev.type, ev.status, k.family, onto.family(ev.type), k.actor,
                  k.target, lo, hi, key_json(k))


def _common(idx: ReconcileIndex, aliases: Mapping[str, str]) -> frozenset[str]:
    """The corpus-wide common entities, from SQL counts (exact distinct counts only where variants merge)."""
    counts, n_docs = idx.entity_document_counts()
    if n_docs < 10:
        return frozenset()
    groups: dict[str, list[str]] = {}
    for raw in counts:
        groups.setdefault(aliases.get(raw, raw), []).append(raw)
    totals: dict[str, int] = {}
    for canon, ids in groups.items():
        n = sum(counts[i] for i in ids)
        if len(ids) > 1 and n > n_docs / 2:
            n = idx.distinct_documents(ids)
        totals[canon] = n
    return common_entities(totals, n_docs)


def _markers(common: Iterable[str], apart: Iterable[frozenset[str]]) -> dict[str, str]:
    """Rows of ``reconcile_entities`` that record the common entities and the analyst's story splits."""
    out = {f"~common {c}": "1" for c in common}
    out.update({"~apart " + " ".join(sorted(p)): "1" for p in apart})
    return out


# --- the full pass's index ---

def full_index(
    store: Store,
    *,
    fingerprints: Mapping[str, str],
    entities: Sequence[Entity],
    aliases: Mapping[str, str],
    keys: Mapping[str, _Key],
    events: Sequence[Event],
    stories: Sequence[Story],
    document_dates: Sequence[DocumentDate],
    signatures: Mapping[str, MinHash],
    apart: frozenset[frozenset[str]] = frozenset(),
    ontology: Ontology | None = None,
    story_params: StoryParams | None = None,
) -> IndexPlan:
    """The whole index for the corpus a full reconcile just computed (``fingerprints``: the documents'
    ``content_hash`` read before the claims were)."""
    from ..store._index import IndexPlan, ReconcileIndex

    onto = coerce_ontology(ontology)
    params = with_interchangeable(story_params)
    idx = ReconcileIndex(store)
    lsh = MinHashLSH(threshold=0.7, num_perm=NUM_PERM)
    story_of = {eid: s.id for s in stories for eid in s.events}
    repost_of = {d.document: d.repost_of for d in document_dates}
    plan = IndexPlan(generation=idx.generation(), claims_version=0)
    plan.keys = [_key_row(e, keys[e.id], story_of[e.id], onto, params.month_tolerance) for e in events
                 if e.id in keys and e.id in story_of]
    plan.signatures = {d: _sig_bytes(m) for d, m in signatures.items()}
    plan.bands = [(b, d) for d, m in signatures.items() for b in _bands(m, lsh)]
    plan.snapshot = {d: (h, repost_of.get(d)) for d, h in fingerprints.items()}
    plan.entity_fingerprints = {e.id: entity_fingerprint(e, aliases.get(e.id)) for e in entities}
    plan.entity_fingerprints.update(_markers(_common(idx, aliases), apart))
    return plan


# --- the incremental pass ---

class _Run:
    """One incremental reconcile: the steps of :func:`reconcile_store`, sharing what they read."""

    def __init__(self, store: Store, idx: ReconcileIndex, onto: Ontology, params: StoryParams,
                 threshold: float, rules: Constraints) -> None:
        self.store, self.idx, self.onto, self.params, self.threshold, self.rules = (
            store, idx, onto, params, threshold, rules)
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)

    # documents and duplicates

    def duplicates(self, new_docs: Sequence[Document], gone: set[str]) -> tuple[list[Relation], dict[str, bytes],
                                                                                list[tuple[str, str]]]:
        """Relations of the dirty documents, with their signatures and band keys."""
        sigs: dict[str, bytes] = {}
        bands: dict[str, list[str]] = {}
        usable = [d for d in new_docs if d.text]
        for d in usable:
            m = signature(d.text, NUM_PERM)
            if m is not None:
                sigs[d.id] = _sig_bytes(m)
                bands[d.id] = _bands(m, self.lsh)
        stored = self.idx.band_candidates({b for bs in bands.values() for b in bs})
        by_band: dict[str, set[str]] = {}
        for did, bs in bands.items():
            for b in bs:
                by_band.setdefault(b, set()).add(did)
        cands: dict[str, set[str]] = {}
        for did, bs in bands.items():
            found: set[str] = set()
            for b in bs:
                found |= (stored.get(b, set()) - gone) | by_band[b]
            found.discard(did)
            cands[did] = found
        same = self.idx.same_text({d.sha256 for d in usable})
        others = {x for c in cands.values() for x in c} | {d.id for d in same}
        other_docs = {d.id: d for d in self.idx.documents(others - {d.id for d in usable})}
        other_docs.update({d.id: d for d in usable})
        other_sigs = self.idx.signatures(set().union(*cands.values()) - set(sigs)) if cands else {}
        other_sigs.update(sigs)
        out: dict[str, Relation] = {}
        for d in usable:
            for o in same:
                if o.sha256 == d.sha256 and o.id != d.id and o.id not in gone:
                    for r in pair_relations(d, other_docs.get(o.id, o), 1.0, exact=True):
                        out[r.id] = r
            for oid in sorted(cands.get(d.id, ())):
                od = other_docs.get(oid)
                if od is None or od.sha256 == d.sha256 or oid not in other_sigs:
                    continue
                sim = _sim(sigs[d.id], other_sigs[oid])
                if sim >= self.threshold:
                    for r in pair_relations(d, od, sim, exact=False):
                        out[r.id] = r
        return list(out.values()), sigs, [(b, d) for d, bs in bands.items() for b in bs]

    def reposts(self, docs: set[str], dirty: set[str], new_relations: Sequence[Relation]) -> dict[str, DocumentDate]:
        """Re-post dates of ``docs`` from the relations after this reconcile (stored ones that no dirty document
        touches, and the new ones)."""
        rels = [r for r in self.idx.relations_touching(docs) if r.source not in dirty and r.target not in dirty]
        rels += [r for r in new_relations if r.source in docs or r.target in docs]
        rels = sorted((r for r in rels if r.kind == "repost"), key=lambda r: (r.kind, r.source, r.target))
        partners = docs | {x for r in rels for x in (r.source, r.target)}
        out = repost_dates(self.idx.documents(partners), rels)
        return {d.document: d for d in out if d.document in docs}


def reconcile_store(
    store: Store,
    *,
    claims_version: int,
    ontology: Ontology | Mapping[str, Any] | None = None,
    story_params: StoryParams | None = None,
    duplicate_threshold: float = 0.7,
    constraints: Constraints | None = None,
    max_share: float = 0.3,
) -> IncrementalStats | None:
    """Bring the derived tables up to date with the claims by recomputing only what changed (module docstring).

    Returns ``None`` when a full pass is needed instead: no index yet, or the dirty claims exceed ``max_share``
    of the corpus (then the full pass is cheaper). Raises ``store._index.StaleIndex`` when another reconcile
    wrote meanwhile (nothing written; run again). ``claims_version`` is the store's counter as read before
    anything else, recorded with the result.
    """
    from ..store._index import IndexPlan, ReconcileIndex

    idx = ReconcileIndex(store)
    generation = idx.generation()
    if generation <= 0:
        return None
    onto = coerce_ontology(ontology)
    params = with_interchangeable(story_params)
    rules = constraints or Constraints()
    run = _Run(store, idx, onto, params, duplicate_threshold, rules)
    changed, removed = idx.dirty_documents()
    fresh_hash = idx.fingerprints(changed)  # read before the claims: a later change shows up next time
    A, gone = set(changed), set(removed)
    dirty_docs = A | gone
    n_events, n_docs = idx.counts()
    if n_docs and len(dirty_docs) > max_share * max(n_docs, 1) and n_docs > 20:
        return None

    # entities: resolution over every entity, fingerprints tell which changed
    entities = store.entities(merged=False)
    ent_map = {e.id: e for e in entities}
    resolution = resolve_entities(entities, idx.unlinked_people(), counts=idx.mention_counts())
    resolution = merge_resolution(resolution, entities, rules.merges)
    aliases = resolution.aliases
    old_aliases = store.entity_links()
    new_fps = {e.id: entity_fingerprint(e, aliases.get(e.id)) for e in entities}
    old_all, old_common, old_apart = idx.entity_snapshot()
    changed_ents = {e for e in new_fps.keys() | old_all.keys() if new_fps.get(e) != old_all.get(e)}
    for v, c in (*aliases.items(), *old_aliases.items()):
        if c in changed_ents:
            changed_ents.add(v)
    common = _common(idx, aliases)
    flipped = set(common ^ frozenset(old_common))
    flipped |= {v for v, c in (*aliases.items(), *old_aliases.items()) if c in flipped}
    apart_changed = set(rules.apart) ^ old_apart

    # duplicates and re-post dates of the dirty documents
    new_docs = idx.documents(A, with_text=True)
    new_relations, sigs, bands = run.duplicates(new_docs, gone)
    touched = idx.relations_touching(dirty_docs)
    neighbours = {x for r in (*touched, *new_relations) if r.kind == "repost" for x in (r.source, r.target)}
    DR = (A | neighbours) - gone
    rep = run.reposts(DR, dirty_docs, new_relations)
    snap = idx.snapshot(DR | gone)
    repost_changed = {d for d in DR if (rep[d].repost_of if d in rep else None) != (snap.get(d, ("", None))[1])}

    # dirty claims
    event_docs = A | repost_changed | idx.documents_mentioning(changed_ents | flipped)
    dirty_events = {e.id for e in idx.events(documents=event_docs)}
    dirty_events |= idx.events_naming(changed_ents) | idx.events_attributed(changed_ents)
    dirty_events |= {x for pair in apart_changed for x in pair}
    old_rows = idx.keys(events=dirty_events, documents=gone | A)
    current = {e.id: e for e in idx.events(ids=dirty_events | set(old_rows))}
    removed_events = {e for e in old_rows if e not in current}
    dirty_events = (dirty_events | set(old_rows)) - removed_events
    if n_events > 200 and len(dirty_events) > max_share * n_events:
        return None
    dirty_list = [current[e] for e in sorted(dirty_events) if e in current]
    mentions = idx.mentions({e.document for e in dirty_list})
    keys: dict[str, _Key] = story_keys(dirty_list, ent_map, aliases, onto, params, mentions, common)
    types: dict[str, str] = {e.id: e.type for e in dirty_list}

    # stories: the components of the dirty claims and of the stories they were in
    old_story_ids = {r.story for r in old_rows.values()}
    members_old = idx.keys(stories=old_story_ids)
    rows: dict[str, KeyRow] = {**members_old, **old_rows}
    seeds = (dirty_events | set(members_old)) - removed_events
    for e in seeds - set(keys):
        keys[e] = key_from_json(rows[e].key)
        types[e] = rows[e].type
    excluded = dirty_events | removed_events
    dirty_by_family: dict[str, list[str]] = {}
    for e in dirty_events:
        dirty_by_family.setdefault(keys[e].family, []).append(e)
    comp = set(seeds)
    frontier = sorted(seeds)
    edges: dict[tuple[str, str], float | None] = {}
    with store.engine.connect() as conn:
        while frontier:
            e = frontier.pop()
            ke = keys[e]
            lo, hi = month_interval(ke, params.month_tolerance)
            found = [r for r in idx.candidates(ke.family, ke.actor, ke.target, lo, hi, conn) if r.event not in excluded]
            for r in found:
                if r.event not in keys:
                    keys[r.event] = key_from_json(r.key)
                    types[r.event] = r.type
                    rows[r.event] = r
            others = [r.event for r in found] + [d for d in dirty_by_family.get(ke.family, ())
                                                 if _candidate(ke, keys[d])]
            for c in others:
                if c == e:
                    continue
                a, b = (e, c) if e < c else (c, e)
                if (a, b) not in edges:
                    edges[(a, b)] = edge_score(types[a], types[b], keys[a], keys[b], params)
                if edges[(a, b)] is not None and c not in comp:
                    comp.add(c)
                    frontier.append(c)
    pairs = [(s, a, b) for (a, b), s in edges.items() if s is not None and a in comp and b in comp]
    clusters = cluster_pairs(sorted(comp), keys, pairs, params, rules.apart)
    comp_events = {e.id: e for e in idx.events(ids=comp - set(current))}
    comp_events.update({k: v for k, v in current.items() if k in comp})
    comp_docs = {e.document for e in comp_events.values()}
    old_stories = {rows[e].story for e in comp | removed_events if e in rows}
    repost_map = {d: r for d, (_, r) in idx.snapshot(comp_docs - DR).items() if r}
    repost_map.update({d: x.repost_of for d, x in rep.items() if x.repost_of})
    new_stories = [make_story([comp_events[x] for x in m], ent_map, aliases, repost_map) for m in clusters]
    story_of = {eid: s.id for s in new_stories for eid in s.events}
    key_rows = [_key_row(comp_events[e], keys[e], story_of[e], onto, params.month_tolerance) for e in sorted(comp)]

    # document dates
    DD = (DR | comp_docs | A) - gone
    rep_all = {**run.reposts(DD - DR, dirty_docs, new_relations), **rep}
    dd_rows = idx.keys(documents=DD)
    dd_events = idx.events(documents=DD)
    sid_of = {e.id: story_of.get(e.id, dd_rows[e.id].story if e.id in dd_rows else "") for e in dd_events}
    new_by_id = {s.id: s for s in new_stories}
    need = {s for s in sid_of.values() if s and s not in new_by_id}
    stories_dd = {**idx.stories(need), **{s: new_by_id[s] for s in sid_of.values() if s in new_by_id}}
    ordered = sorted(stories_dd.values(), key=lambda s: s.events[0] if s.events else "")
    dd_docs = idx.documents(DD)
    dates = dict(rep_all)
    for d in narrow_by_stories(dd_docs, dd_events, ordered, rep_all):
        dates[d.document] = d
    old_dates = idx.document_dates(DD | gone)
    date_changed = {d for d in DD if (dates[d].published if d in dates else None)
                    != (old_dates[d].published if d in old_dates else None)}

    # disputes
    AS = set(new_by_id) | {sid_of[e.id] for e in dd_events if e.document in date_changed and sid_of[e.id]}
    fc_rows: list[tuple[str, str, str]] = []
    for e in comp:
        ev, k = comp_events[e], keys[e]
        if ev.status in _FORECAST and k.actor and k.target:
            fc_rows.append((onto.family(ev.type), k.actor, k.target))
    for e in removed_events:
        r = rows[e]
        if r.status in _FORECAST and r.actor and r.target:
            fc_rows.append((r.dfamily, r.actor, r.target))
    for ev in dd_events:
        if ev.document in date_changed and ev.status in _FORECAST and ev.id in dd_rows:
            r = dd_rows[ev.id]
            if r.actor and r.target:
                fc_rows.append((r.dfamily, r.actor, r.target))

    def story_now(r: KeyRow) -> str | None:
        if r.event in removed_events:
            return None
        return story_of.get(r.event, r.story)

    comp_block: dict[tuple[str, str | None, str | None], list[str]] = {}
    for e in comp:
        ev = comp_events[e]
        comp_block.setdefault((onto.family(ev.type), keys[e].actor, keys[e].target), []).append(e)
    for block in set(fc_rows):
        for r in idx.block(*block, _PAST).values():
            if r.event not in excluded and (s := story_now(r)):
                AS.add(s)
        AS |= {story_of[e] for e in comp_block.get(block, ()) if comp_events[e].status in _PAST}
    AS -= old_stories - set(new_by_id)
    as_stories = {**idx.stories(AS - set(new_by_id)), **{s: new_by_id[s] for s in AS if s in new_by_id}}
    member_ids = {e for s in as_stories.values() for e in s.events}
    member_rows = idx.keys(events=member_ids - comp)
    extra: set[str] = set()
    for e in member_ids:
        blk: tuple[str, str | None, str | None]
        if e in comp:
            ev_status, blk = comp_events[e].status, (onto.family(comp_events[e].type), keys[e].actor,
                                                     keys[e].target)
        elif e in member_rows:
            mr = member_rows[e]
            ev_status, blk = mr.status, (mr.dfamily, mr.actor, mr.target)
        else:
            continue
        if ev_status not in _PAST or not (blk[1] and blk[2]):
            continue
        extra |= {r.event for r in idx.block(blk[0], str(blk[1]), str(blk[2]), _FORECAST).values()
                  if r.event not in excluded}
        extra |= {x for x in comp_block.get(blk, []) if comp_events[x].status in _FORECAST}
    extra_rows = idx.keys(events=extra - comp)
    side_ids = {story_of.get(e) or (extra_rows[e].story if e in extra_rows else "") for e in extra} - set(as_stories)
    side = {s: v for s, v in idx.stories(side_ids - set(new_by_id)).items() if s not in old_stories}
    side.update({s: new_by_id[s] for s in side_ids if s in new_by_id})
    in_events = {e.id: e for e in idx.events(ids=(member_ids | extra) - set(comp_events))}
    in_events.update({k: v for k, v in comp_events.items() if k in member_ids | extra})
    in_docs = idx.documents({e.document for e in in_events.values()})
    stored_dates = idx.document_dates({d.id for d in in_docs} - DD)
    date_map = {k: v.published for k, v in stored_dates.items()}
    date_map.update({k: v.published for k, v in dates.items()})
    expl = idx.explanations(documents=A, events=comp, stories=AS)
    linked = [_relink(x, story_of) for x in expl]
    as_expl = [x for x in linked if x.story in AS]
    all_stories = [*as_stories.values(), *side.values()]
    disputes = [d for d in find_disputes(all_stories, list(in_events.values()), in_docs, ent_map, aliases, onto,
                                         as_expl, date_map) if d.story in AS]
    moved = [x for x, old in zip(linked, expl, strict=True) if x.story != old.story or x.document in A]

    snapshot = {d: (fresh_hash[d], rep[d].repost_of if d in rep else None) for d in A if d in fresh_hash}
    for doc_id in DR - A:
        if doc_id in snap:
            snapshot[doc_id] = (snap[doc_id][0], rep[doc_id].repost_of if doc_id in rep else None)
    markers_new = _markers(common, rules.apart)
    markers_old = _markers(old_common, old_apart)
    ent_rows = {e: new_fps[e] for e in changed_ents if e in new_fps}
    ent_rows.update({m: v for m, v in markers_new.items() if m not in markers_old})
    plan = IndexPlan(
        generation=generation, claims_version=claims_version, dirty_documents=dirty_docs,
        relations=new_relations, date_documents=DD, dates=[dates[d] for d in sorted(dates) if d in DD],
        old_stories=old_stories, stories=new_stories, dispute_stories=AS, disputes=disputes,
        explanations=moved, entity_links=dict(aliases), mention_links=dict(resolution.mention_links),
        removed_events=removed_events, keys=key_rows, signatures=sigs, bands=bands, snapshot=snapshot,
        entity_fingerprints=ent_rows,
        removed_entities={e for e in changed_ents if e not in new_fps} | (set(markers_old) - set(markers_new)),
    )
    idx.apply(plan)
    return IncrementalStats(documents=len(dirty_docs), events=len(comp), stories=len(new_stories),
                            disputes=len(disputes), document_dates=len(plan.dates), relations=len(new_relations),
                            entity_links=len(aliases), mention_links=len(resolution.mention_links))


def _candidate(a: _Key, b: _Key) -> bool:
    """The pair is one ``stories._candidate_pairs`` considers (either side's actor blocks)."""
    return (a.actor is None or b.actor is None or a.actor == b.actor or b.target == a.actor
            or a.target == b.actor)


def _relink(x: Explanation, story_of: Mapping[str, str]) -> Explanation:
    import dataclasses

    return dataclasses.replace(x, story=story_of.get(x.event or "", x.story))
