"""Schema migrations, recorded in the ``schema_migrations`` table (sqlite-utils style).

Each migration is a plain function decorated with :func:`migration`, given a version number and a name. Opening a
store applies, in one transaction each, every registered migration whose version is not yet recorded, and records
it. A store whose recorded version is newer than the newest migration known here was written by a newer
claimgraph: opening it raises ``StoreError`` E303 instead of guessing.

Adding a column later::

    @migration(3, "events: add confidence_note")
    def _v3(conn: Connection) -> None:
        add_column(conn, "events", Column("confidence_note", Text))

and declare the column in :mod:`claimgraph.store.schema` too (version 1 creates what ``schema`` declares, so a
fresh database gets the column from version 1 and :func:`add_column` skips it when it already exists).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, Engine, Float, String, inspect, select, text
from sqlalchemy.schema import CreateColumn

from ..errors import StoreError
from . import schema

__all__ = ["Migration", "MIGRATIONS", "migration", "migrate", "current_version", "latest_version", "add_column"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


MIGRATIONS: list[Migration] = []


def migration(version: int, name: str) -> Callable[[Callable[[Connection], None]], Callable[[Connection], None]]:
    """Register ``fn`` as the migration to schema ``version``."""

    def register(fn: Callable[[Connection], None]) -> Callable[[Connection], None]:
        if any(m.version == version for m in MIGRATIONS):
            raise ValueError(f"duplicate migration version {version}")
        MIGRATIONS.append(Migration(version, name, fn))
        MIGRATIONS.sort(key=lambda m: m.version)
        return fn

    return register


def latest_version() -> int:
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def add_column(conn: Connection, table: str, column: Column[Any]) -> None:
    """``ALTER TABLE ... ADD COLUMN`` unless the column is already there (idempotent across fresh databases)."""
    existing = {c["name"] for c in inspect(conn).get_columns(table)}
    if column.name in existing:
        return
    ddl = CreateColumn(column).compile(dialect=conn.dialect)
    conn.execute(text(f"ALTER TABLE {conn.dialect.identifier_preparer.quote(table)} ADD COLUMN {ddl}"))


@migration(1, "initial schema: documents, entities, mentions, events, explanations, derived tables, ingest_log")
def _v1(conn: Connection) -> None:
    tables = [t for t in schema.metadata.sorted_tables if t is not schema.schema_migrations]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)


@migration(2, "entity_links: reconcile's entity merge and mention links")
def _v2(conn: Connection) -> None:
    # A database created at version 2 already has the table (version 1 creates what ``schema`` declares).
    schema.entity_links.create(conn, checkfirst=True)


@migration(3, "events: add confidence (the trained event layer's probability)")
def _v3(conn: Connection) -> None:
    add_column(conn, "events", Column("confidence", Float))


@migration(4, "incremental ingest: ingest_log input/prepared/settings/result hashes; store_state counters")
def _v4(conn: Connection) -> None:
    for name in ("input_hash", "prepared_hash", "settings_hash", "result_hash"):
        add_column(conn, "ingest_log", Column(name, String(64)))
    for index in schema.ingest_log.indexes:
        index.create(conn, checkfirst=True)
    schema.store_state.create(conn, checkfirst=True)
    t = schema.store_state
    have = set(conn.execute(select(t.c.key)).scalars())
    # A store that already holds documents may not have been reconciled since: start it as stale.
    docs = conn.execute(select(schema.documents.c.id).limit(1)).first() is not None
    for key, value in (("claims", 1 if docs else 0), ("reconciled", 0)):
        if key not in have:
            conn.execute(t.insert().values(key=key, value=value))


@migration(7, "live sources: raw_pages (fetched HTML, compressed), feeds and feed_items (watch state)")
def _v7(conn: Connection) -> None:
    for table in (schema.raw_pages, schema.feeds, schema.feed_items):
        table.create(conn, checkfirst=True)


@migration(5, "full-text search: search_rows with FTS5 (SQLite) or a tsvector + GIN index (PostgreSQL)")
def _v5(conn: Connection) -> None:
    from . import fulltext

    fulltext.create_index(conn)
    fulltext.rebuild_index(conn)  # a store that already holds documents gets them indexed now


@migration(6, "reviews: an analyst's accept/reject/correct/merge/split-story/undo statements about claims")
def _v6(conn: Connection) -> None:
    schema.reviews.create(conn, checkfirst=True)


@migration(8, "incremental reconcile: blocking index, document signatures, dirty-set snapshots; query indexes")
def _v8(conn: Connection) -> None:
    # The index starts empty: the next reconcile finds no snapshot and does one full pass that fills it.
    for table in schema.INDEX_TABLES:
        table.create(conn, checkfirst=True)
    for index in schema.QUERY_INDEXES:
        index.create(conn, checkfirst=True)


@migration(9, "search: mentions by document and entity")
def _v9(conn: Connection) -> None:
    for index in schema.SEARCH_INDEXES:
        index.create(conn, checkfirst=True)


def current_version(conn: Connection) -> int:
    """The highest recorded migration version, 0 for an empty database."""
    if not inspect(conn).has_table(schema.schema_migrations.name):
        return 0
    value = conn.execute(select(schema.schema_migrations.c.version).order_by(
        schema.schema_migrations.c.version.desc()).limit(1)).scalar()
    return int(value or 0)


_PG_MIGRATION_LOCK = 0x636C6D67  # an arbitrary constant: the advisory lock key of claimgraph's migrations


@contextmanager
def _transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction (``BEGIN IMMEDIATE`` on SQLite; the option is ignored by other dialects)."""
    with engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # Serialise migrating processes (two ingests opening a fresh database at once): under READ
                # COMMITTED both would see a version missing and apply it; SQLite's IMMEDIATE already does this.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            yield conn


def migrate(engine: Engine, url: str = "") -> list[int]:
    """Bring the database up to :func:`latest_version`; return the versions applied now.

    Raises ``StoreError`` E303 when the database is newer than this code.
    """
    with _transaction(engine) as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
        found = current_version(conn)
    supported = latest_version()
    if found > supported:
        raise StoreError("E303", found=found, supported=supported)
    applied: list[int] = []
    for m in MIGRATIONS:
        if m.version <= found:
            continue
        with _transaction(engine) as conn:
            # Re-check inside the transaction: another process may have migrated meanwhile.
            done = conn.execute(select(schema.schema_migrations.c.version).where(
                schema.schema_migrations.c.version == m.version)).first()
            if done is not None:
                continue
            log.info("store %s: applying migration %d (%s)", url, m.version, m.name)
            m.apply(conn)
            conn.execute(schema.schema_migrations.insert().values(
                version=m.version, name=m.name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
        applied.append(m.version)
    return applied
