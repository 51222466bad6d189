"""SQL for incremental reconcile: the snapshot of what the last reconcile saw and the blocking index it keeps.

:mod:`claimgraph.reconcile.incremental` decides what to recompute; this module only reads and writes the rows it
asks for (``IN`` lists in chunks, so the queries use the indexes of schema version 8) and applies a whole
incremental result in one transaction. ``store_state["index"]`` is the index generation: its absolute value
grows with every write of derived rows, so an incremental result computed from an older generation is refused
(:class:`StaleIndex`) instead of written over a concurrent reconcile's rows; 0 or negative means there is no
usable index (none yet, or a full reconcile is rewriting the derived tables) and the next reconcile must be a
full one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, delete, func, or_, select, update

from ..records import Dispute, Document, DocumentDate, Event, Explanation, Mention, Relation, Story
from . import _links as L
from . import _rows as R
from . import schema as S

if TYPE_CHECKING:
    from .store import Store

__all__ = ["IndexPlan", "ReconcileIndex", "StaleIndex", "KeyRow"]

_CHUNK = 500
_GENERATION = "index"


class StaleIndex(Exception):
    """Another reconcile wrote derived rows after this one read the index: compute again."""


@dataclass(frozen=True)
class KeyRow:
    """One row of ``story_keys``: an event's story and blocking key."""

    event: str
    document: str
    story: str
    type: str
    status: str
    family: str
    dfamily: str
    actor: str | None
    target: str | None
    lo: int
    hi: int
    key: Mapping[str, Any]

    def row(self) -> dict[str, Any]:
        return {"event": self.event, "document": self.document, "story": self.story, "type": self.type,
                "status": self.status, "family": self.family, "dfamily": self.dfamily, "actor": self.actor,
                "target": self.target, "lo": self.lo, "hi": self.hi, "key": dict(self.key)}


def _key_row(r: Any) -> KeyRow:
    return KeyRow(r["event"], r["document"], r["story"], r["type"], r["status"], r["family"], r["dfamily"],
                  r["actor"], r["target"], int(r["lo"]), int(r["hi"]), r["key"])


@dataclass
class IndexPlan:
    """Everything one incremental reconcile changes, written by :meth:`ReconcileIndex.apply` at once."""

    generation: int
    claims_version: int
    dirty_documents: set[str] = field(default_factory=set)  # new, changed and removed documents
    relations: list[Relation] = field(default_factory=list)  # the relations of the dirty documents
    date_documents: set[str] = field(default_factory=set)  # documents whose date row is replaced
    dates: list[DocumentDate] = field(default_factory=list)
    old_stories: set[str] = field(default_factory=set)
    stories: list[Story] = field(default_factory=list)
    dispute_stories: set[str] = field(default_factory=set)  # stories whose disputes are replaced
    disputes: list[Dispute] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)  # with new story links
    entity_links: Mapping[str, str] = field(default_factory=dict)
    mention_links: Mapping[str, str] = field(default_factory=dict)
    removed_events: set[str] = field(default_factory=set)
    keys: list[KeyRow] = field(default_factory=list)
    signatures: dict[str, bytes] = field(default_factory=dict)
    bands: list[tuple[str, str]] = field(default_factory=list)  # (band key, document)
    snapshot: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # document -> (hash, repost_of)
    entity_fingerprints: dict[str, str] = field(default_factory=dict)  # changed rows only
    removed_entities: set[str] = field(default_factory=set)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class ReconcileIndex:
    """Reads and writes of incremental reconcile over one :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # --- generation ---

    def generation(self, conn: Connection | None = None) -> int:
        t = S.store_state
        if conn is None:
            with self.engine.connect() as c:
                return self.generation(c)
        return int(conn.execute(select(t.c.value).where(t.c.key == _GENERATION)).scalar() or 0)

    def _set_generation(self, conn: Connection, value: int) -> None:
        t = S.store_state
        if conn.execute(select(t.c.key).where(t.c.key == _GENERATION)).first() is None:
            conn.execute(t.insert().values(key=_GENERATION, value=value))
        else:
            conn.execute(update(t).where(t.c.key == _GENERATION).values(value=value))

    def invalidate(self) -> int:
        """Mark the index unusable (a full reconcile is about to rewrite the derived tables); returns the
        generation to hand to :meth:`rebuild`."""
        with self.store._write() as conn:
            value = -(abs(self._lock_generation(conn)) + 1)
            self._set_generation(conn, value)
        return value

    # --- reading ---

    def _in(self, stmt: Any, column: Any, values: Iterable[str]) -> Iterator[Any]:
        vals = sorted(set(values))
        with self.engine.connect() as conn:
            for chunk in _chunks(vals):
                yield from conn.execute(stmt.where(column.in_(list(chunk)))).mappings()

    def dirty_documents(self) -> tuple[list[str], list[str]]:
        """(usable documents new or changed since the snapshot, snapshot documents no longer usable)."""
        D, N = S.documents, S.reconcile_documents
        with self.engine.connect() as conn:
            changed = conn.execute(
                select(D.c.id).outerjoin(N, N.c.document == D.c.id)
                .where(D.c.status == "ok", or_(N.c.fingerprint.is_(None), N.c.fingerprint != D.c.content_hash))
            ).scalars().all()
            removed = conn.execute(
                select(N.c.document).outerjoin(D, and_(D.c.id == N.c.document, D.c.status == "ok"))
                .where(D.c.id.is_(None))).scalars().all()
        return sorted(changed), sorted(removed)

    def fingerprints(self, ids: Iterable[str]) -> dict[str, str]:
        D = S.documents
        return {r["id"]: r["content_hash"] for r in self._in(select(D.c.id, D.c.content_hash), D.c.id, ids)}

    def documents(self, ids: Iterable[str], *, with_text: bool = False) -> list[Document]:
        D = S.documents
        cols = list(D.c) if with_text else [c for c in D.c if c.name != "text"]
        rows = self._in(select(*cols).where(D.c.status == "ok"), D.c.id, ids)
        return sorted((R.row_document(r if with_text else {**r, "text": ""}) for r in rows), key=lambda d: d.id)

    def same_text(self, hashes: Iterable[str]) -> list[Document]:
        D = S.documents
        cols = [c for c in D.c if c.name != "text"]
        rows = self._in(select(*cols).where(D.c.status == "ok", D.c.text != ""), D.c.sha256, hashes)
        return [R.row_document({**r, "text": ""}) for r in rows]

    def band_candidates(self, bands: Iterable[str]) -> dict[str, set[str]]:
        """band key -> documents sharing it."""
        B = S.document_bands
        out: dict[str, set[str]] = {}
        for r in self._in(select(B.c.band, B.c.document), B.c.band, bands):
            out.setdefault(r["band"], set()).add(r["document"])
        return out

    def signatures(self, ids: Iterable[str]) -> dict[str, bytes]:
        G = S.document_signatures
        return {r["document"]: bytes(r["signature"]) for r in self._in(select(G), G.c.document, ids)}

    def relations_touching(self, ids: Iterable[str]) -> list[Relation]:
        t = S.relations
        ids = sorted(set(ids))
        out: dict[str, Relation] = {}
        for col in (t.c.source, t.c.target):
            for r in self._in(select(t), col, ids):
                out[r["id"]] = R.row_relation(r)
        return list(out.values())

    def events(self, *, documents: Iterable[str] = (), ids: Iterable[str] = ()) -> list[Event]:
        V = S.events
        out = {r["id"]: R.row_event(r) for r in self._in(select(V), V.c.document, documents)}
        out.update({r["id"]: R.row_event(r) for r in self._in(select(V), V.c.id, set(ids) - set(out))})
        return [out[k] for k in sorted(out)]

    def mentions(self, documents: Iterable[str]) -> list[Mention]:
        M = S.mentions
        rows = [R.row_mention(r) for r in self._in(select(M), M.c.document, documents)]
        return sorted(rows, key=lambda m: (m.document, m.start, m.id))

    def explanations(self, *, documents: Iterable[str] = (), events: Iterable[str] = (),
                     stories: Iterable[str] = ()) -> list[Explanation]:
        X = S.explanations
        out: dict[str, Explanation] = {}
        for col, vals in ((X.c.document, documents), (X.c.event, events), (X.c.story, stories)):
            for r in self._in(select(X), col, vals):
                out[r["id"]] = R.row_explanation(r)
        return [out[k] for k in sorted(out)]

    def mention_counts(self) -> dict[str, int]:
        M = S.mentions
        with self.engine.connect() as conn:
            return {str(e): int(n) for e, n in conn.execute(
                select(M.c.entity, func.count()).where(M.c.entity.is_not(None)).group_by(M.c.entity)).tuples()}

    def entity_document_counts(self) -> tuple[dict[str, int], int]:
        """(raw entity id -> documents mentioning it, documents with any linked mention)."""
        M = S.mentions
        with self.engine.connect() as conn:
            counts = {str(e): int(n) for e, n in conn.execute(
                select(M.c.entity, func.count(M.c.document.distinct())).where(M.c.entity.is_not(None))
                .group_by(M.c.entity)).tuples()}
            n = int(conn.execute(select(func.count(M.c.document.distinct())).where(M.c.entity.is_not(None)))
                    .scalar() or 0)
        return counts, n

    def distinct_documents(self, entities: Iterable[str]) -> int:
        """Documents mentioning any of ``entities`` (a canonical entity with its variants)."""
        M = S.mentions
        vals = sorted(set(entities))
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count(M.c.document.distinct())).where(M.c.entity.in_(vals)))
                       .scalar() or 0)

    def documents_mentioning(self, entities: Iterable[str]) -> set[str]:
        M = S.mentions
        return {r["document"] for r in self._in(select(M.c.document).distinct(), M.c.entity, entities)}

    def events_naming(self, entities: Iterable[str]) -> set[str]:
        """Events whose actor, target or item is one of ``entities``."""
        V = S.events
        out: set[str] = set()
        for col in (V.c.actor, V.c.target, V.c.item):
            out.update(r["id"] for r in self._in(select(V.c.id), col, entities))
        return out

    def events_attributed(self, entities: Iterable[str]) -> set[str]:
        """Events whose source (``attributed_to``, "STATE:CHN and STATE:RUS") names one of ``entities``: the
        distinct sources are few and indexed, so they are matched here and their events fetched by value."""
        V = S.events
        wanted = set(entities)
        if not wanted:
            return set()
        with self.engine.connect() as conn:
            sources = conn.execute(select(V.c.attributed_to).distinct()).scalars().all()
        hits = [src for src in sources if any(part in wanted for part in src.split(" and "))]
        return {r["id"] for r in self._in(select(V.c.id), V.c.attributed_to, hits)}

    def snapshot(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """document -> (fingerprint, repost_of) as the last reconcile recorded them."""
        N = S.reconcile_documents
        return {r["document"]: (r["fingerprint"], r["repost_of"]) for r in self._in(select(N), N.c.document, ids)}

    def all_fingerprints(self) -> dict[str, str]:
        D = S.documents
        with self.engine.connect() as conn:
            return dict(conn.execute(select(D.c.id, D.c.content_hash).where(D.c.status == "ok")).tuples().all())

    def unlinked_people(self) -> list[Mention]:
        M = S.mentions
        with self.engine.connect() as conn:
            rows = conn.execute(select(M).where(M.c.entity.is_(None), M.c.label == "PERSON")).mappings().all()
        return sorted((R.row_mention(r) for r in rows), key=lambda m: (m.document, m.start, m.id))

    def entity_snapshot(self) -> tuple[dict[str, str], set[str], set[frozenset[str]]]:
        """(entity -> fingerprint, common entities, apart pairs) as the last reconcile recorded them."""
        N = S.reconcile_entities
        fps: dict[str, str] = {}
        common: set[str] = set()
        apart: set[frozenset[str]] = set()
        with self.engine.connect() as conn:
            for ent, fp in conn.execute(select(N.c.entity, N.c.fingerprint)).tuples():
                if ent.startswith("~common "):
                    common.add(ent.removeprefix("~common "))
                elif ent.startswith("~apart "):
                    apart.add(frozenset(ent.removeprefix("~apart ").split(" ")))
                else:
                    fps[ent] = fp
        return fps, common, apart

    def keys(self, *, events: Iterable[str] = (), documents: Iterable[str] = (),
             stories: Iterable[str] = ()) -> dict[str, KeyRow]:
        K = S.story_keys
        out: dict[str, KeyRow] = {}
        for col, vals in ((K.c.event, events), (K.c.document, documents), (K.c.story, stories)):
            for r in self._in(select(K), col, vals):
                out[r["event"]] = _key_row(r)
        return out

    def candidates(self, family: str, actor: str | None, target: str | None, lo: int, hi: int,
                   conn: Connection) -> list[KeyRow]:
        """Events that the clustering would pair with a key of this family, participants and month interval
        (see ``stories._candidate_pairs``): same family, overlapping months, and an actor in common, a missing
        actor on either side, or one's actor the other's target."""
        K = S.story_keys
        stmt = select(K).where(K.c.family == family, K.c.lo <= hi, K.c.hi >= lo)
        if actor is None:
            stmt = stmt.where(K.c.actor.is_not(None))  # two claims without an actor never join
        else:
            alts = [K.c.actor.is_(None), K.c.actor == actor, K.c.target == actor]
            if target is not None:
                alts.append(K.c.actor == target)
            stmt = stmt.where(or_(*alts))
        return [_key_row(r) for r in conn.execute(stmt).mappings()]

    def block(self, dfamily: str, actor: str, target: str, statuses: Sequence[str]) -> dict[str, KeyRow]:
        """Events of one dispute block (plain family, actor, target) with one of ``statuses``."""
        K = S.story_keys
        stmt = select(K).where(K.c.dfamily == dfamily, K.c.actor == actor, K.c.target == target,
                               K.c.status.in_(list(statuses)))
        with self.engine.connect() as conn:
            return {r["event"]: _key_row(r) for r in conn.execute(stmt).mappings()}

    def stories(self, ids: Iterable[str]) -> dict[str, Story]:
        t = S.stories
        return {r["id"]: R.row_story(r) for r in self._in(select(t), t.c.id, ids)}

    def document_dates(self, ids: Iterable[str]) -> dict[str, DocumentDate]:
        t = S.document_dates
        return {r["document"]: R.row_document_date(r) for r in self._in(select(t), t.c.document, ids)}

    def counts(self) -> tuple[int, int]:
        """(events, usable documents) in the store."""
        with self.engine.connect() as conn:
            ev = int(conn.execute(select(func.count()).select_from(S.events)).scalar() or 0)
            docs = int(conn.execute(select(func.count()).where(S.documents.c.status == "ok")).scalar() or 0)
        return ev, docs

    # --- scoped reads for the views ---

    def usable(self) -> bool:
        """The index describes the derived tables and they are up to date with the claims."""
        return self.generation() > 0 and not self.store.reconcile_pending()

    def _kinds(self, types: Iterable[str], triggered: Iterable[str]) -> Any:
        """Events of ``types``, or of ``triggered`` types with a trigger span (a statement counts for the
        register only when its trigger discloses a deal)."""
        K, V = S.story_keys, S.events
        kinds, cued = sorted(set(types)), sorted(set(triggered) - set(types))
        if not cued:
            return K.c.type.in_(kinds)
        cued_ids = select(V.c.id).where(V.c.id == K.c.event, V.c.type.in_(cued), V.c.trigger_start.is_not(None))
        return or_(K.c.type.in_(kinds), and_(K.c.type.in_(cued), cued_ids.exists()))

    def closure(self, parties: Sequence[str], types: Iterable[str], triggered: Iterable[str] = (), *,
                only: bool = False, limit: int = 200_000) -> dict[str, str] | None:
        """The claims a register of ``parties`` reads, as event -> story (``None`` past ``limit`` events).

        Claims are events of ``types`` (or of ``triggered`` types with a trigger span). A register row's claims
        name its parties directly or take them from their story (whose members name them directly) or their
        document (whose complete claims have them, directly or from their stories). So: the seeds name one of
        ``parties`` as a participant (with ``only``, name no other party either); then the members of their
        stories; then every claim of the documents of those; then the members of those claims' stories. Each
        claim that can reach a row then has its whole story and document at hand, which is all the register's
        filling reads. Participants are the index's (states for the people and organs acting for them); one
        derived from text only ("the buyers") is no party to the register."""
        K = S.story_keys
        kind = self._kinds(types, triggered)
        want = set(parties)
        found: dict[str, tuple[str, str]] = {}

        def party(value: str | None) -> str | None:
            return value if value and ":" in value else None

        def add(rows: Iterable[tuple[str, str, str]]) -> set[str]:
            new = {e for e, _, _ in rows if e not in found}
            for e, st, d in rows:
                found[e] = (st, d)
            return new

        cols = (K.c.event, K.c.story, K.c.document)
        with self.engine.connect() as conn:
            seeds: list[tuple[str, str, str]] = []
            for col, other in ((K.c.actor, K.c.target), (K.c.target, K.c.actor)):
                stmt = select(*cols, K.c.actor, K.c.target).where(col.in_(sorted(want)), kind)
                if only:  # the other side names one of them too, or no party (checked again below)
                    stmt = stmt.where(or_(other.in_(sorted(want)), other.is_(None), ~other.contains(":")))
                for e, st, d, a, t in conn.execute(stmt).tuples():
                    if not only or {x for x in (party(a), party(t)) if x} <= want:
                        seeds.append((e, st, d))
            add(seeds)

            def by(col: Any, vals: set[str]) -> list[tuple[str, str, str]]:
                out: list[tuple[str, str, str]] = []
                for chunk in _chunks(sorted(vals)):
                    out.extend(conn.execute(select(*cols).where(col.in_(list(chunk)), kind)).tuples())
                return out

            add(by(K.c.story, {st for st, _ in found.values()}))
            add(by(K.c.document, {d for _, d in found.values()}))
            if len(found) > limit:
                return None
            add(by(K.c.story, {st for st, _ in found.values()}))
        return {e: st for e, (st, _) in found.items()} if len(found) <= limit else None

    def dyad_stories(self, states: Sequence[str]) -> set[str]:
        """Stories with a claim between the two ``states`` (participants as the index keys them)."""
        K = S.story_keys
        stmt = select(K.c.story).where(K.c.actor.in_(list(states)), K.c.target.in_(list(states))).distinct()
        with self.engine.connect() as conn:
            return set(conn.execute(stmt).scalars())

    def entity_stories(self, entity: str) -> set[str]:
        """Stories with a claim whose actor, target or item is ``entity`` (as the claim names it)."""
        V, K = S.events, S.story_keys
        out: set[str] = set()
        with self.engine.connect() as conn:
            for col in (V.c.actor, V.c.target, V.c.item):
                out.update(conn.execute(select(K.c.story).join(V, V.c.id == K.c.event).where(col == entity))
                           .scalars())
        return out

    # --- writing ---

    def _delete_in(self, conn: Connection, table: Any, column: Any, values: Iterable[str]) -> None:
        for chunk in _chunks(sorted(set(values))):
            conn.execute(delete(table).where(column.in_(list(chunk))))

    def _insert(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        for chunk in _chunks(self.store._clean(rows)):
            conn.execute(table.insert(), list(chunk))

    def _lock_generation(self, conn: Connection) -> int:
        self.store.lock_derived(conn)
        t = S.store_state
        stmt = select(t.c.value).where(t.c.key == _GENERATION)
        if self.store.dialect == "postgresql":
            stmt = stmt.with_for_update()
        return int(conn.execute(stmt).scalar() or 0)

    def apply(self, plan: IndexPlan) -> None:
        """Write an incremental result in one transaction; raises :class:`StaleIndex` when the index moved on
        since ``plan.generation`` was read (nothing is written then)."""
        with self.store._write() as conn:
            if self._lock_generation(conn) != plan.generation:
                raise StaleIndex()
            self._write_plan(conn, plan)
            self._set_generation(conn, plan.generation + 1)
            t = S.store_state
            conn.execute(update(t).where(t.c.key == "reconciled").values(value=plan.claims_version))

    def _write_plan(self, conn: Connection, p: IndexPlan) -> None:
        rel = S.relations
        self._delete_in(conn, rel, rel.c.source, p.dirty_documents)
        self._delete_in(conn, rel, rel.c.target, p.dirty_documents)
        self._insert(conn, rel, [R.relation_row(r) for r in sorted({r.id: r for r in p.relations}.values(),
                                                                   key=lambda r: r.id)])
        dd = S.document_dates
        self._delete_in(conn, dd, dd.c.document, p.date_documents | p.dirty_documents)
        self._insert(conn, dd, [R.document_date_row(d) for d in sorted(p.dates, key=lambda d: d.document)])
        st = S.stories
        self._delete_in(conn, st, st.c.id, p.old_stories | {s.id for s in p.stories})
        self._insert(conn, st, [R.story_row(s) for s in sorted(p.stories, key=lambda s: s.id)])
        dp = S.disputes
        self._delete_in(conn, dp, dp.c.story, p.dispute_stories | p.old_stories)
        self._delete_in(conn, dp, dp.c.id, [d.id for d in p.disputes])
        self._insert(conn, dp, [R.dispute_row(d) for d in sorted({d.id: d for d in p.disputes}.values(),
                                                                 key=lambda d: d.id)])
        if p.explanations:
            X = S.explanations
            stmt = update(X).where(X.c.id == bindparam("x_id")).values(story=bindparam("x_story"))
            links = [{"x_id": x.id, "x_story": x.story} for x in p.explanations]
            for chunk in _chunks(links):
                conn.execute(stmt, list(chunk))
        K = S.entity_links
        for kind, given in ((L.ENTITY, p.entity_links), (L.MENTION, p.mention_links)):
            conn.execute(delete(K).where(K.c.kind == kind))
            self._insert(conn, K, L.link_rows(kind, given))
        sk = S.story_keys
        self._delete_in(conn, sk, sk.c.event, p.removed_events | {k.event for k in p.keys})
        self._insert(conn, sk, [k.row() for k in sorted(p.keys, key=lambda k: k.event)])
        G, B = S.document_signatures, S.document_bands
        self._delete_in(conn, G, G.c.document, p.dirty_documents)
        self._delete_in(conn, B, B.c.document, p.dirty_documents)
        self._insert(conn, G, [{"document": d, "signature": s} for d, s in sorted(p.signatures.items())])
        self._insert(conn, B, [{"band": b, "document": d} for b, d in sorted(set(p.bands))])
        N = S.reconcile_documents
        self._delete_in(conn, N, N.c.document, p.dirty_documents | set(p.snapshot))
        self._insert(conn, N, [{"document": d, "fingerprint": h, "repost_of": r}
                               for d, (h, r) in sorted(p.snapshot.items())])
        E = S.reconcile_entities
        self._delete_in(conn, E, E.c.entity, p.removed_entities | set(p.entity_fingerprints))
        self._insert(conn, E, [{"entity": e, "fingerprint": f} for e, f in sorted(p.entity_fingerprints.items())])

    def rebuild(self, plan: IndexPlan, expect: int) -> bool:
        """Replace the whole index (after a full reconcile wrote the derived tables) and make it usable, unless
        another reconcile invalidated it since ``expect`` (:meth:`invalidate`'s value): its derived rows are not
        the ones this index describes, so the index stays unusable and the next reconcile is a full one."""
        with self.store._write() as conn:
            if self._lock_generation(conn) != expect:
                return False
            for table in (S.story_keys, S.document_signatures, S.document_bands, S.reconcile_documents,
                          S.reconcile_entities):
                conn.execute(delete(table))
            sk, G, B = S.story_keys, S.document_signatures, S.document_bands
            self._insert(conn, sk, [k.row() for k in sorted(plan.keys, key=lambda k: k.event)])
            self._insert(conn, G, [{"document": d, "signature": s} for d, s in sorted(plan.signatures.items())])
            self._insert(conn, B, [{"band": b, "document": d} for b, d in sorted(set(plan.bands))])
            self._insert(conn, S.reconcile_documents, [{"document": d, "fingerprint": h, "repost_of": r}
                                                       for d, (h, r) in sorted(plan.snapshot.items())])
            self._insert(conn, S.reconcile_entities, [{"entity": e, "fingerprint": f}
                                                      for e, f in sorted(plan.entity_fingerprints.items())])
            self._set_generation(conn, abs(expect) + 1)
        return True
