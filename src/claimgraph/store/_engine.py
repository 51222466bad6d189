"""Turning a user's store URL into a configured SQLAlchemy engine (SQLite or PostgreSQL).

SQLite is set up the way sqlite-utils and datasette recommend: WAL journal (readers never block the writer),
foreign keys on, a busy timeout, and explicit ``BEGIN`` handling so that a write transaction is
``BEGIN IMMEDIATE`` (it takes the write lock up front instead of failing half-way on a lock upgrade). Code that
writes must open its connection with ``execution_options(sqlite_begin="IMMEDIATE")`` (the Store and the
migrations do); other connections read in autocommit mode.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from ..errors import StoreError

__all__ = ["normalise_url", "make_engine", "redact", "BUSY_TIMEOUT_MS"]

BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """``claimgraph.db`` / ``sqlite:///x.db`` / ``postgresql://...`` -> a SQLAlchemy URL with its driver.

    A bare path becomes an absolute ``sqlite:///`` URL (its folder is created); ``postgresql://`` and
    ``postgres://`` select the psycopg 3 driver. Raises ``StoreError`` E302 when psycopg is not installed and
    E301 for a scheme we do not support.
    """
    url = url.strip()
    if url in {":memory:", "sqlite://", "sqlite:///:memory:"}:
        return "sqlite://"
    if "://" not in url:
        path = Path(url).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    scheme, rest = url.split("://", 1)
    if scheme == "sqlite":
        return url
    if scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        if importlib.util.find_spec("psycopg") is None:
            raise StoreError("E302")
        return f"postgresql+psycopg://{rest}"
    raise StoreError("E301", url=redact(url), reason=f"unsupported scheme {scheme!r} (use a path, sqlite:/// or "
                     "postgresql://)")


def redact(url: str) -> str:
    """Hide a password in a URL before it goes into a message or a log."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url


def make_engine(sa_url: str) -> Engine:
    """Create the engine for a normalised URL, with the SQLite connection setup attached."""
    if sa_url.startswith("sqlite"):
        memory = sa_url == "sqlite://"
        kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}
        if memory:
            kwargs["poolclass"] = StaticPool  # one shared in-memory database
        engine = create_engine(sa_url, **kwargs)
        _setup_sqlite(engine, wal=not memory)
        return engine
    return create_engine(sa_url, pool_pre_ping=True)


def _setup_sqlite(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy (below) emit BEGIN instead of the sqlite3 module's implicit, deferred one.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; durable at checkpoints
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers ask for a real transaction (``sqlite_begin="IMMEDIATE"``: take the write lock up front). Reads
        # run statement by statement, as the sqlite3 module does by default: a read that is still being iterated
        # then never blocks a write on the same connection (the single shared connection of ``:memory:``).
        mode = conn.get_execution_options().get("sqlite_begin")
        if mode is not None:
            conn.exec_driver_sql(f"BEGIN {mode}".strip())
