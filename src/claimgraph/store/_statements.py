"""The write statements of the Store, built once per dialect and executed with parameters.

Building a statement with literal values on every call (``insert(t).values(**row)``) makes SQLAlchemy coerce
each value and compute a cache key each time; with bound parameters the compiled form is reused, which is
most of the client-side cost of a document write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from . import schema as S

__all__ = ["Statements", "build_statements"]


@dataclass(frozen=True)
class Statements:
    document_state: Any  # params: p_id
    document_insert: Any  # params: a document row
    document_update: Any  # params: p_<column> for every column
    claim_deletes: tuple[Any, ...]  # params: p_document
    entity_insert: Any  # insert-if-absent; params: entity rows
    entity_lock: Any  # params: ids (expanding)
    entity_update: Any  # params: p_id, p_attributes, p_iso3
    alias_insert: Any  # insert-if-absent; params: alias rows
    log_upsert: Any  # params: an ingest_log row
    log_insert_if_absent: Any
    log_touch: Any  # insert, or on conflict refresh only the incremental-ingest hashes; params: a row
    claims_bump: Any  # no params: store_state "claims" + 1
    find_input: Any  # params: p_source, p_input, p_settings
    find_prepared: Any  # params: p_prepared, p_settings


def build_statements(dialect: str) -> Statements:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    D, E, A, L, T = S.documents, S.entities, S.entity_aliases, S.ingest_log, S.store_state
    lock = select(E.c.id, E.c.iso3, E.c.attributes).where(E.c.id.in_(bindparam("ids", expanding=True)))
    lock = lock.order_by(E.c.id)
    if dialect == "postgresql":
        lock = lock.with_for_update()  # merge under a row lock: concurrent writers cannot lose attributes
    log = insert(L)
    log_keys = [L.c.source, L.c.document]
    hashes = ("input_hash", "prepared_hash", "settings_hash", "result_hash")
    # An input counts as unchanged only while its document still holds what that processing produced.
    known = (select(L.c.document).join(D, D.c.id == L.c.document)
             .where(L.c.settings_hash == bindparam("p_settings"), D.c.status == "ok",
                    D.c.content_hash == L.c.result_hash))
    return Statements(
        document_state=select(D.c.status, D.c.content_hash).where(D.c.id == bindparam("p_id")),
        document_insert=D.insert(),
        document_update=update(D).where(D.c.id == bindparam("p_id")).values(
            {c.name: bindparam(f"p_{c.name}", type_=c.type) for c in D.c if c.name != "id"}),
        claim_deletes=tuple(delete(t).where(t.c.document == bindparam("p_document")) for t in S.CLAIM_TABLES),
        entity_insert=insert(E).on_conflict_do_nothing(index_elements=[E.c.id]),
        entity_lock=lock,
        entity_update=update(E).where(E.c.id == bindparam("p_id")).values(
            attributes=bindparam("p_attributes", type_=E.c.attributes.type),
            iso3=bindparam("p_iso3", type_=E.c.iso3.type)),
        alias_insert=insert(A).on_conflict_do_nothing(index_elements=[A.c.entity, A.c.alias]),
        log_upsert=log.on_conflict_do_update(
            index_elements=log_keys,
            set_={k: log.excluded[k] for k in ("status", "error", "outcome", "at", *hashes)}),
        log_insert_if_absent=insert(L).on_conflict_do_nothing(index_elements=log_keys),
        log_touch=log.on_conflict_do_update(index_elements=log_keys, set_={k: log.excluded[k] for k in hashes}),
        claims_bump=update(T).where(T.c.key == "claims").values(value=T.c.value + 1),
        find_input=known.where(L.c.source == bindparam("p_source"), L.c.input_hash == bindparam("p_input")).limit(1),
        find_prepared=known.where(L.c.prepared_hash == bindparam("p_prepared")).order_by(L.c.id).limit(1),
    )
