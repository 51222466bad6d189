"""The Store: one transaction per document in, typed records out.

Writes are idempotent: ids are content hashes and each document row carries a fingerprint of everything the
document yielded, so writing the same result again is a no-op ("unchanged"). Re-processing a document with
different output replaces that document's own mentions, events and explanations inside the same transaction
("updated"). Entities are shared between documents: they are upserted and their aliases and attributes only
ever grow (the first writer's name and values win a conflict), so no document can drop another's data.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.sql import ColumnElement, Select

from ..errors import StoreError, WorkbenchError
from ..records import (
    Dispute,
    Document,
    DocumentDate,
    DocumentResult,
    Entity,
    Event,
    Explanation,
    Mention,
    Relation,
    Story,
)
from . import _links as L
from . import _rows as R
from . import fulltext
from . import schema as S
from ._engine import make_engine, normalise_url, redact
from ._statements import build_statements
from .migrations import current_version, migrate

__all__ = ["Store", "IngestEntry", "IngestKey", "open_store"]

log = logging.getLogger(__name__)
_CHUNK = 500
_ATTEMPTS = 2  # a write that loses a race is retried once; the second sees the winner's rows
_ISO3 = re.compile(r"[A-Za-z]{3}")
_DERIVED_LOCK = 0x636C6472  # an arbitrary constant: the advisory lock key of the derived tables (PostgreSQL)


@dataclass(frozen=True, slots=True)
class IngestEntry:
    """One row of the ingest log: what happened to ``source`` (``outcome``) and why (``status``/``error``)."""

    source: str
    document: str
    status: str
    error: str | None
    outcome: str
    at: str
    input_hash: str | None = None
    prepared_hash: str | None = None
    settings_hash: str | None = None


@dataclass(frozen=True, slots=True)
class IngestKey:
    """What an input was and what processed it, recorded with its ingest-log row (see ``claimgraph.incremental``).

    ``input``: sha256 of the source and its raw bytes; ``prepared``: of the document as ingest's cheap stages made
    it (``None`` where that document was not the one written, e.g. a duplicate); ``settings``: of the settings and
    models that shape extraction.
    """

    input: str | None
    prepared: str | None
    settings: str


def open_store(url: str, *, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at ``url``: a path, ``sqlite:///`` or ``postgresql://``.

    With ``create=False`` (read commands) a store that no ingest wrote to is not created: ``StoreError`` E301 says
    ``no knowledge base at URL: run claimgraph ingest first`` (see :mod:`._presence`)."""
    if not create:
        from ._presence import require_knowledge_base

        require_knowledge_base(url)
    sa_url = normalise_url(url)
    engine = make_engine(sa_url)
    try:
        migrate(engine, redact(url))
    except WorkbenchError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError("E301", url=redact(url), reason=str(exc).splitlines()[0]) from exc
    return Store(engine, redact(url))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stem(source: str) -> str:
    base = source.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def _after_prefix(value: str) -> str | None:
    """The smallest ISO prefix of the same shape after ``value`` ("2018" -> "2019", "2018-09" -> "2018-10",
    "2018-12" -> "2018-13"): every time that ``value`` bounds from above sorts before it. ``None`` for a value
    that is not digits and hyphens, or has no such successor ("9999")."""
    if not value or any(not (c.isdigit() or c == "-") for c in value):
        return None
    chars = list(value)
    for i in range(len(chars) - 1, -1, -1):
        if chars[i] == "-":
            continue
        if chars[i] != "9":
            chars[i] = str(int(chars[i]) + 1)
            return "".join(chars)
        chars[i] = "0"
    return None


def _dedupe(records: Iterable[Any]) -> list[Any]:
    """First record per id: an extractor that emits one id twice must not make its document unwritable."""
    seen: dict[str, Any] = {}
    for r in records:
        seen.setdefault(r.id, r)
    return list(seen.values())


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def entity_ref(value: str) -> str:
    """How an ``actor=``/``target=`` filter names a party: ``RUS`` (or ``rus``) -> ``STATE:RUS``; an entity id is
    kept as given."""
    return f"STATE:{value.upper()}" if _ISO3.fullmatch(value) else value


class Store:
    """Records in and out of SQLite or PostgreSQL. Create it with :func:`open_store`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name
        self._sql = build_statements(self.dialect)

    # --- lifecycle ---

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.url}>"

    @contextmanager
    def _write(self, conn: Connection | None = None) -> Iterator[Connection]:
        """A write transaction, on ``conn`` (a batch's connection) or a fresh one from the pool."""
        if conn is not None:
            with conn.begin():
                yield conn
            return
        with self._writer() as fresh, fresh.begin():
            yield fresh

    @contextmanager
    def _writer(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            yield conn

    def _clean(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [R.scrub_nul(r) for r in rows] if self.dialect == "postgresql" else rows

    def _order(self, column: Any) -> Any:
        """Byte order on both backends, so listings and exports do not depend on the server's collation."""
        return column.collate("C") if self.dialect == "postgresql" else column

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return current_version(conn)

    def migrations(self) -> list[tuple[int, str, str]]:
        """Applied migrations as ``(version, name, applied_at)``."""
        t = S.schema_migrations
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.version, t.c.name, t.c.applied_at).order_by(t.c.version))
            return [(int(v), str(n), str(a)) for v, n, a in rows]

    # --- writing ---

    def write_result(self, result: DocumentResult, key: IngestKey | None = None) -> str:
        """Write one document and everything it yields in one transaction.

        Returns ``"new"``, ``"updated"``, ``"unchanged"`` or ``"skipped"`` (a document whose status is not ok:
        recorded in ``documents`` and the ingest log, never overwriting an ok document with the same id).
        ``key`` (what the input was and what processed it) is recorded with the ingest-log row, in the same
        transaction, so that a later ingest can recognise the input as unchanged (:meth:`find_unchanged`).
        Raises ``StoreError`` E305 when the write fails; nothing of the document is then stored.
        """
        return self._write_result(result, None, key)

    def _write_result(self, result: DocumentResult, conn: Connection | None, key: IngestKey | None = None) -> str:
        doc = result.document
        # Rows are built (and fingerprinted) before the transaction, so the write lock is held only for SQL.
        doc_row = R.document_row(doc)
        claims = [
            (S.mentions, [R.mention_row(m) for m in _dedupe(result.mentions)]),
            (S.events, [R.event_row(e) for e in _dedupe(result.events)]),
            (S.explanations, [R.explanation_row(x) for x in _dedupe(result.explanations)]),
        ]
        entity_part = [(R.entity_row(e), sorted(e.aliases)) for e in result.entities]
        fingerprint = R.content_hash(doc_row, [rows for _, rows in claims] + [entity_part])
        for attempt in range(_ATTEMPTS):
            try:
                with self._write(conn) as tx:
                    return self._write_one(tx, result, doc_row, claims, fingerprint, key)
            except (IntegrityError, OperationalError) as exc:
                # Another writer may have stored the same document or entity first (unique violation), or a
                # deadlock / lock timeout aborted us: the transaction was rolled back, so simply try again.
                if attempt + 1 < _ATTEMPTS:
                    log.debug("retrying %s after %s", doc.id, type(exc).__name__)
                    continue
                raise self._write_error(doc, exc) from exc
            except SQLAlchemyError as exc:
                raise self._write_error(doc, exc) from exc
        raise AssertionError("unreachable")

    @staticmethod
    def _write_error(doc: Document, exc: SQLAlchemyError) -> StoreError:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return StoreError("E305", message=f"Could not write document {doc.id} ({doc.source}): {reason}. "
                          "Nothing of it was stored; check the store and run ingest again.",
                          document=doc.id, source=doc.source, reason=reason)

    def _write_one(self, conn: Connection, result: DocumentResult, doc_row: dict[str, Any],
                   claims: list[tuple[Any, list[dict[str, Any]]]], fingerprint: str,
                   key: IngestKey | None = None) -> str:
        doc = result.document
        existing = conn.execute(self._sql.document_state, {"p_id": doc.id}).first()
        row = self._clean([{**doc_row, "content_hash": fingerprint, "updated_at": _now()}])[0]
        if not doc.ok:
            changed = existing is None or (existing.status != "ok" and existing.content_hash != fingerprint)
            if changed:
                self._put_document(conn, row, exists=existing is not None)
                self._clear_claims(conn, doc.id)
            self._log(conn, doc, "skipped", overwrite=changed, key=key)
            return "skipped"
        if existing is not None and existing.status == "ok" and existing.content_hash == fingerprint:
            self._log(conn, doc, "unchanged", overwrite=False, key=key, result_hash=fingerprint)
            return "unchanged"
        outcome = "new" if existing is None else "updated"
        self._put_document(conn, row, exists=existing is not None)
        if existing is not None:
            self._clear_claims(conn, doc.id)
        self._upsert_entities(conn, result.entities)
        for table, table_rows in claims:
            for chunk in _chunks(self._clean(table_rows)):
                conn.execute(table.insert(), list(chunk))
        self._log(conn, doc, outcome, overwrite=True, key=key, result_hash=fingerprint)
        fulltext.index_document(conn, doc.id)  # the search index moves with the document, in its transaction
        conn.execute(self._sql.claims_bump)  # last: on PostgreSQL the counter row stays locked only to commit
        return outcome

    def _put_document(self, conn: Connection, row: dict[str, Any], exists: bool) -> None:
        if exists:
            conn.execute(self._sql.document_update, {f"p_{k}": v for k, v in row.items()})
        else:
            conn.execute(self._sql.document_insert, row)

    def _clear_claims(self, conn: Connection, document: str) -> None:
        for stmt in self._sql.claim_deletes:
            conn.execute(stmt, {"p_document": document})
        fulltext.unindex_document(conn, document)

    def _log(self, conn: Connection, doc: Document, outcome: str, overwrite: bool, key: IngestKey | None = None,
             result_hash: str | None = None) -> None:
        """One ingest-log row per (source, document). ``overwrite`` replaces the row; otherwise an existing row
        keeps its outcome and time, and only a given ``key`` refreshes its hashes."""
        row = self._clean([{"source": doc.source, "document": doc.id, "status": doc.status, "error": doc.error,
                            "outcome": outcome, "at": _now(),
                            "input_hash": key.input if key else None,
                            "prepared_hash": key.prepared if key else None,
                            "settings_hash": key.settings if key else None,
                            "result_hash": result_hash if key else None}])[0]
        stmt = (self._sql.log_upsert if overwrite else
                self._sql.log_touch if key is not None else self._sql.log_insert_if_absent)
        conn.execute(stmt, row)

    def log_ingest(self, source: str, document: str, status: str, error: str | None = None,
                   outcome: str = "skipped", key: IngestKey | None = None) -> None:
        """Record in the ingest log what happened to ``source`` without writing a document.

        For inputs that are not stored as their own document, e.g. a second copy of a text already stored
        (``status="skipped:duplicate"``), or an input recognised as unchanged before processing
        (``outcome="unchanged"``). One row per (source, document): a repeat updates it. With ``key`` the row also
        records the input's hashes and the stored document's current ``content_hash``, so the same input is
        recognised again next time while that document is unchanged.
        """
        doc = Document(id=document, source=source, sha256="", text="", status=status, error=error)
        with self._write() as conn:
            current = None
            if key is not None:
                state = conn.execute(self._sql.document_state, {"p_id": document}).first()
                current = state.content_hash if state is not None and state.status == "ok" else None
            self._log(conn, doc, outcome, overwrite=True, key=key, result_hash=current)

    # --- incremental ingest ---

    def find_unchanged(self, source: str, input_hash: str, settings_hash: str) -> str | None:
        """The id of the stored document that ``source`` with these bytes (``input_hash``) became when processed
        with these settings, if that document still holds what that processing produced; else ``None``."""
        with self.engine.connect() as conn:
            found = conn.execute(self._sql.find_input, {"p_source": source, "p_input": input_hash,
                                                        "p_settings": settings_hash}).scalar()
        return str(found) if found is not None else None

    def find_prepared(self, prepared_hash: str, settings_hash: str) -> str | None:
        """The id of a stored document produced from an identical prepared document (same clean text, date and
        metadata, any source) with these settings, if it still holds that result; else ``None``."""
        with self.engine.connect() as conn:
            found = conn.execute(self._sql.find_prepared, {"p_prepared": prepared_hash,
                                                           "p_settings": settings_hash}).scalar()
        return str(found) if found is not None else None

    def _state(self, key: str) -> int:
        t = S.store_state
        with self.engine.connect() as conn:
            return int(conn.execute(select(t.c.value).where(t.c.key == key)).scalar() or 0)

    def claims_version(self) -> int:
        """A counter that grows with every write that adds or changes a document's claims."""
        return self._state("claims")

    def reconcile_pending(self) -> bool:
        """True when claims were written since the last :meth:`replace_derived` that recorded a claims version
        (the derived tables may be stale: e.g. an ingest was killed before its reconcile finished)."""
        return self._state("claims") != self._state("reconciled")

    def _upsert_entities(self, conn: Connection, entities: Iterable[Entity]) -> None:
        """Insert new entities; for known ones add missing attributes, iso3 and aliases (never remove any)."""
        merged: dict[str, Entity] = {}
        aliases: dict[str, set[str]] = {}
        for e in entities:
            aliases.setdefault(e.id, set()).update(a for a in e.aliases if a)
            if e.id in merged:
                old = merged[e.id]
                merged[e.id] = Entity(old.id, old.type, old.name, (), old.iso3 or e.iso3,
                                      {**dict(e.attributes), **dict(old.attributes)})
            else:
                merged[e.id] = e
        if not merged:
            return
        ids = sorted(merged)
        incoming = {i: self._clean([R.entity_row(merged[i])])[0] for i in ids}
        # Insert-if-absent first, then lock the rows (in id order) and merge: two writers sharing an entity
        # cannot lose each other's attributes on PostgreSQL; SQLite's IMMEDIATE transaction already serialises.
        conn.execute(self._sql.entity_insert, [incoming[i] for i in ids])
        for chunk in _chunks(ids):
            for i, iso3_old, attrs_old in conn.execute(self._sql.entity_lock, {"ids": list(chunk)}).all():
                attrs_old = dict(attrs_old or {})
                attrs = {**incoming[i]["attributes"], **attrs_old}  # existing values win; new keys are added
                iso3 = iso3_old or incoming[i]["iso3"]
                if attrs != attrs_old or iso3 != iso3_old:
                    conn.execute(self._sql.entity_update, {"p_id": i, "p_attributes": attrs, "p_iso3": iso3})
        alias_rows = self._clean([{"entity": i, "alias": a} for i in ids for a in sorted(aliases.get(i, ()))])
        for chunk in _chunks(alias_rows):
            conn.execute(self._sql.alias_insert, list(chunk))

    def write_results(self, results: Iterable[DocumentResult], *, stop_on_error: bool = False) -> dict[str, int]:
        """Write many results, committing per document; returns how many had each outcome.

        A document that fails to write is counted as ``"failed"`` and logged; the batch goes on unless
        ``stop_on_error``.
        """
        tally: Counter[str] = Counter()
        with self._writer() as conn:  # one connection for the batch, one transaction per document
            for result in results:
                try:
                    tally[self._write_result(result, conn)] += 1
                except StoreError as exc:
                    if stop_on_error:
                        raise
                    log.error("%s", exc)
                    tally["failed"] += 1
        return dict(tally)

    def lock_derived(self, conn: Connection) -> None:
        """Take the derived tables for this transaction: on PostgreSQL two reconciles (of two ingests at once)
        would otherwise both empty a table and insert the same ids; SQLite's IMMEDIATE transaction already
        serialises them."""
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DERIVED_LOCK})

    def _invalidate_index(self, conn: Connection) -> int:
        """Mark incremental reconcile's index unusable (``store_state["index"]`` <= 0, see ``store._index``): the
        derived rows no longer match it. Returns the new value."""
        t = S.store_state
        old = conn.execute(select(t.c.value).where(t.c.key == "index")).scalar()
        value = -(abs(int(old or 0)) + 1)
        if old is None:
            conn.execute(t.insert().values(key="index", value=value))
        else:
            conn.execute(update(t).where(t.c.key == "index").values(value=value))
        return value

    def replace_derived(
        self,
        *,
        relations: Iterable[Relation] | None = None,
        document_dates: Iterable[DocumentDate] | None = None,
        stories: Iterable[Story] | None = None,
        disputes: Iterable[Dispute] | None = None,
        explanations: Iterable[Explanation] | None = None,
        entity_links: Mapping[str, str] | None = None,
        mention_links: Mapping[str, str] | None = None,
        claims_version: int | None = None,
    ) -> int:
        """Replace reconcile's rows in one transaction; returns the (unusable) index generation it left, which
        ``store._index.ReconcileIndex.rebuild`` expects.

        Each given table is emptied and refilled; a table passed as ``None`` is left as it is. ``explanations``
        are the stored Explanation records with new ``story``/``event`` links: only those two links are updated
        (explanations are claims and belong to their documents). ``entity_links`` is the entity merge (variant
        id -> canonical id) and ``mention_links`` links unlinked mentions to entities (mention id -> entity id);
        each replaces its own kind of row in ``entity_links``. ``claims_version`` (:meth:`claims_version` as read
        before the claims were read) records which claims these derived rows were computed from.
        """
        plan: list[tuple[Any, Iterable[Any] | None, Callable[[Any], dict[str, Any]]]] = [
            (S.relations, relations, R.relation_row),
            (S.document_dates, document_dates, R.document_date_row),
            (S.stories, stories, R.story_row),
            (S.disputes, disputes, R.dispute_row),
        ]
        with self._write() as conn:
            self.lock_derived(conn)
            generation = self._invalidate_index(conn)
            for table, records, to_row in plan:
                if records is None:
                    continue
                conn.execute(delete(table))
                key = "document" if table is S.document_dates else "id"
                unique = {getattr(r, key): r for r in records}
                rows = self._clean([to_row(unique[k]) for k in sorted(unique)])
                for chunk in _chunks(rows):
                    conn.execute(table.insert(), list(chunk))
            for kind, given in ((L.ENTITY, entity_links), (L.MENTION, mention_links)):
                if given is None:
                    continue
                conn.execute(delete(S.entity_links).where(S.entity_links.c.kind == kind))
                for chunk in _chunks(self._clean(L.link_rows(kind, given))):
                    conn.execute(S.entity_links.insert(), list(chunk))
            if explanations is not None:
                X = S.explanations
                links = [{"x_id": x.id, "x_story": x.story, "x_event": x.event} for x in explanations]
                stmt = update(X).where(X.c.id == bindparam("x_id")).values(
                    story=bindparam("x_story"), event=bindparam("x_event"))
                for chunk in _chunks(links):
                    conn.execute(stmt, list(chunk))
            if claims_version is not None:
                t = S.store_state
                conn.execute(update(t).where(t.c.key == "reconciled").values(value=claims_version))
        return generation

    # --- reading ---

    def _rows(self, stmt: Select[Any]) -> Iterator[Any]:
        """Stream rows of ``stmt`` (server-side cursor on PostgreSQL) without building a list."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=_CHUNK).execute(stmt)
            yield from result.mappings()

    def iter_documents(self, status: str | None = None, *, with_text: bool = True) -> Iterator[Document]:
        """Documents ordered by id; ``with_text=False`` leaves ``text`` empty (listings need only metadata)."""
        D = S.documents
        stmt = select(D) if with_text else select(*[c for c in D.c if c.name != "text"])
        if status is not None:
            stmt = stmt.where(D.c.status == status)
        for r in self._rows(stmt.order_by(self._order(D.c.id))):
            yield R.row_document(r if with_text else {**r, "text": ""})

    def documents(self, status: str | None = None, *, with_text: bool = True) -> list[Document]:
        """All documents (``status="ok"`` for the usable ones), ordered by id."""
        return list(self.iter_documents(status, with_text=with_text))

    def get_document(self, ref: str) -> Document:
        """A document by id, source, file stem (``000_a9a9c49f7c47a144``) or name, or a unique id or stem prefix.

        Raises ``StoreError`` E304 when nothing (or more than one document) matches.
        """
        D = S.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(D).where(D.c.id == ref)).mappings().first()
            if row is not None:
                return R.row_document(row)
            handles = [(r.id, r.source, r.status) for r in conn.execute(select(D.c.id, D.c.source, D.c.status))]
        tests: tuple[Callable[[tuple[str, str, str]], bool], ...] = (
            lambda h: h[1] == ref,
            lambda h: _stem(h[1]) == ref,
            lambda h: h[1].replace("\\", "/").rsplit("/", 1)[-1] == ref,  # file name with its extension
            lambda h: h[0].startswith(ref),
            lambda h: _stem(h[1]).startswith(ref),
        )
        for test in tests:
            found = sorted({h for h in handles if test(h)})
            if len(found) > 1:  # prefer usable documents over skipped copies of the same source
                found = [h for h in found if h[2] == "ok"] or found
            if len({h[0] for h in found}) == 1:
                with self.engine.connect() as conn:
                    row = conn.execute(select(D).where(D.c.id == found[0][0])).mappings().first()
                assert row is not None
                return R.row_document(row)
            if len(found) > 1:
                raise StoreError("E304", message=f"{ref!r} matches {len(found)} documents "
                                 f"({', '.join(h[0] for h in found[:5])}); give more of the id.", ref=ref)
        raise StoreError("E304", ref=ref)

    def entity(self, entity_id: str) -> Entity | None:
        found = list(self._iter_entities(where=S.entities.c.id == entity_id))
        return found[0] if found else None

    def _iter_entities(self, where: ColumnElement[bool] | None = None) -> Iterator[Entity]:
        E, A = S.entities, S.entity_aliases
        stmt = select(E)
        if where is not None:
            stmt = stmt.where(where)
        with self.engine.connect() as conn:
            alias_stmt = select(A.c.entity, A.c.alias)
            if where is not None:
                alias_stmt = alias_stmt.where(A.c.entity.in_(select(E.c.id).where(where)))
            aliases: dict[str, list[str]] = {}
            for ent, alias in conn.execute(alias_stmt):
                aliases.setdefault(ent, []).append(alias)
        for r in self._rows(stmt.order_by(self._order(E.c.id))):
            yield R.row_entity(r, tuple(sorted(aliases.get(r["id"], ()))))

    def iter_entities(self, type: str | None = None, *, merged: bool = True) -> Iterator[Entity]:
        """Entities ordered by id; ``merged`` folds reconcile's variants into their canonical entity (see
        :meth:`entities`), ``merged=False`` gives every stored entity as its documents produced it."""
        raw = self._iter_entities(S.entities.c.type == type if type is not None else None)
        links = self.entity_links() if merged else {}
        return iter(L.fold_entities(raw, links)) if links else raw

    def entities(self, type: str | None = None, *, merged: bool = True) -> list[Entity]:
        """Canonical entities (optionally of one type), ordered by id, with the union of their aliases.

        Where reconcile merged name variants ("Segei Shoigu" into "Sergei Shoigu"), only the canonical entity is
        listed, with the variants' names as aliases and their ids in ``attributes["variants"]``.
        """
        return list(self.iter_entities(type, merged=merged))

    def entity_links(self, kind: str = L.ENTITY) -> dict[str, str]:
        """Reconcile's links: ``kind="entity"`` variant entity id -> canonical id (the default),
        ``kind="mention"`` unlinked mention id -> entity id."""
        t = S.entity_links
        with self.engine.connect() as conn:
            return dict(conn.execute(select(t.c.source, t.c.target).where(t.c.kind == kind)).tuples().all())

    def mention_links(self) -> dict[str, str]:
        """Mentions that reconcile linked to an entity (role phrases): mention id -> entity id."""
        return self.entity_links(L.MENTION)

    def entity_documents(self, entity_id: str) -> list[str]:
        """Ids of the documents that mention ``entity_id``."""
        M = S.mentions
        with self.engine.connect() as conn:
            stmt = select(M.c.document).where(M.c.entity == entity_id).distinct()
            return sorted(conn.execute(stmt).scalars())

    def entity_stats(self, *, merged: bool = True) -> dict[str, tuple[list[str], int]]:
        """For every mentioned entity: (sorted document ids, number of mentions), in grouped queries.

        ``merged`` counts a variant's mentions under its canonical entity and adds the mentions reconcile linked.
        """
        M, K = S.mentions, S.entity_links
        stats: dict[str, tuple[list[str], int]] = {}
        with self.engine.connect() as conn:
            counts: dict[str, int] = dict(conn.execute(select(M.c.entity, func.count()).where(M.c.entity.is_not(None))
                                       .group_by(M.c.entity)).tuples().all())
            docs: dict[str, list[str]] = {}
            for ent, doc in conn.execute(select(M.c.entity, M.c.document).where(M.c.entity.is_not(None))
                                         .distinct()):
                docs.setdefault(ent, []).append(doc)
            links: dict[str, str] = {}
            linked: list[tuple[str, str]] = []
            if merged:
                links = dict(conn.execute(select(K.c.source, K.c.target).where(K.c.kind == L.ENTITY)).tuples().all())
                linked = [(d, t) for d, t in conn.execute(
                    select(M.c.document, K.c.target).join(K, (K.c.source == M.c.id) & (K.c.kind == L.MENTION))
                    .where(M.c.entity.is_(None))).tuples()]
        if links or linked:
            return L.fold_stats(counts, docs, links, linked)
        for ent, n in counts.items():
            stats[ent] = (sorted(docs.get(ent, [])), int(n))
        return stats

    def entity_rows(self, type: str | None = None, *, merged: bool = True) -> list[tuple[Entity, list[str], int]]:
        """``(entity, documents, mention_count)`` for every entity (optionally of one type); ``merged`` folds
        reconcile's name variants into their canonical entity (documents united, mentions summed)."""
        stats = self.entity_stats(merged=merged)
        return [(e, *stats.get(e.id, ([], 0))) for e in self.iter_entities(type, merged=merged)]

    def iter_mentions(self, document: str | None = None, *, by_id: bool = False) -> Iterator[Mention]:
        """Mentions in text order per document, or by id (``by_id``: what exports need to be deterministic)."""
        M = S.mentions
        stmt = select(M)
        if document is not None:
            stmt = stmt.where(M.c.document == document)
        order = (self._order(M.c.id),) if by_id else (self._order(M.c.document), M.c.start_char, self._order(M.c.id))
        for r in self._rows(stmt.order_by(*order)):
            yield R.row_mention(r)

    def mentions(self, document: str | None = None) -> list[Mention]:
        """Mentions in text order (per document)."""
        return list(self.iter_mentions(document))

    @staticmethod
    def _entity_ref(value: str) -> str:
        return entity_ref(value)

    def iter_events(
        self,
        type: str | None = None,
        actor: str | None = None,
        target: str | None = None,
        since: str | None = None,
        until: str | None = None,
        document: str | None = None,
        status: str | None = None,
        *,
        by_id: bool = False,
    ) -> Iterator[Event]:
        V = S.events
        stmt = select(V)
        if type is not None:
            stmt = stmt.where(V.c.type == type)
        if actor is not None:
            stmt = stmt.where(or_(V.c.actor == self._entity_ref(actor), V.c.actor_text == actor))
        if target is not None:
            stmt = stmt.where(or_(V.c.target == self._entity_ref(target), V.c.target_text == target))
        # ISO prefixes: the event time is cut to the bound's precision, so until="2018" keeps "2018-05-10".
        # The plain range beside each (implied by it) lets the (actor|target|type, when_value) indexes serve it.
        if since is not None:
            stmt = stmt.where(func.substr(V.c.when_value, 1, len(since)) >= since, V.c.when_value >= since)
        if until is not None:
            stmt = stmt.where(func.substr(V.c.when_value, 1, len(until)) <= until)
            bound = _after_prefix(until)
            if bound is not None:
                stmt = stmt.where(V.c.when_value < bound)
        if document is not None:
            stmt = stmt.where(V.c.document == document)
        if status is not None:
            stmt = stmt.where(V.c.status == status)
        order = (self._order(V.c.id),) if by_id else (self._order(V.c.document), V.c.evidence_start, self._order(V.c.id))
        for r in self._rows(stmt.order_by(*order)):
            yield R.row_event(r)

    def events(
        self,
        type: str | None = None,
        actor: str | None = None,
        target: str | None = None,
        since: str | None = None,
        until: str | None = None,
        document: str | None = None,
        status: str | None = None,
    ) -> list[Event]:
        """Events filtered by type, actor/target (entity id, ISO3 for states, or surface text), time (ISO
        prefixes: the event time is cut to the bound's precision), document and status."""
        return list(self.iter_events(type, actor, target, since, until, document, status))

    def iter_explanations(self, document: str | None = None, *, by_id: bool = False) -> Iterator[Explanation]:
        X = S.explanations
        stmt = select(X)
        if document is not None:
            stmt = stmt.where(X.c.document == document)
        order = (self._order(X.c.id),) if by_id else (self._order(X.c.document), X.c.evidence_start, self._order(X.c.id))
        for r in self._rows(stmt.order_by(*order)):
            yield R.row_explanation(r)

    def explanations(self, document: str | None = None) -> list[Explanation]:
        return list(self.iter_explanations(document))

    def ingest_log(self) -> list[IngestEntry]:
        """What happened to every source written, oldest first."""
        L = S.ingest_log
        stmt = select(L).order_by(L.c.id)
        return [IngestEntry(r["source"], r["document"], r["status"], r["error"], r["outcome"], r["at"],
                            r["input_hash"], r["prepared_hash"], r["settings_hash"])
                for r in self._rows(stmt)]

    def iter_relations(self) -> Iterator[Relation]:
        t = S.relations
        return (R.row_relation(r) for r in self._rows(select(t).order_by(self._order(t.c.id))))

    def relations(self) -> list[Relation]:
        return list(self.iter_relations())

    def iter_document_dates(self) -> Iterator[DocumentDate]:
        t = S.document_dates
        return (R.row_document_date(r) for r in self._rows(select(t).order_by(self._order(t.c.document))))

    def document_dates(self) -> list[DocumentDate]:
        return list(self.iter_document_dates())

    def iter_stories(self) -> Iterator[Story]:
        t = S.stories
        return (R.row_story(r) for r in self._rows(select(t).order_by(self._order(t.c.id))))

    def stories(self) -> list[Story]:
        return list(self.iter_stories())

    def iter_disputes(self) -> Iterator[Dispute]:
        t = S.disputes
        return (R.row_dispute(r) for r in self._rows(select(t).order_by(self._order(t.c.id))))

    def disputes(self) -> list[Dispute]:
        return list(self.iter_disputes())

    def counts(self) -> dict[str, int]:
        """Row counts per table, plus ``documents_ok`` and ``documents_skipped``."""
        out: dict[str, int] = {}
        with self.engine.connect() as conn:
            for table in (S.documents, S.entities, S.entity_aliases, S.mentions, S.events, S.explanations,
                          S.relations, S.document_dates, S.stories, S.disputes, S.entity_links, S.ingest_log):
                out[table.name] = int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
            ok = conn.execute(select(func.count()).where(S.documents.c.status == "ok")).scalar() or 0
        out["documents_ok"] = int(ok)
        out["documents_skipped"] = out["documents"] - out["documents_ok"]
        return out

