"""Whether a store URL names an existing knowledge base, checked without creating anything.

Read commands open the store with ``open_store(url, create=False)``: a missing SQLite file (or an empty one, or a
store no ingest ever wrote to, such as one an older claimgraph created by reading) is reported as "no knowledge
base" instead of being created and read as an empty corpus.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema as S
from ._engine import make_engine, normalise_url, redact

__all__ = ["require_knowledge_base"]

_MEMORY = {":memory:", "sqlite://", "sqlite:///:memory:"}


def _missing(url: str) -> StoreError:
    return StoreError("E301", message=f"no knowledge base at {redact(url)}: run claimgraph ingest first",
                      url=redact(url), reason="no knowledge base", missing=True)


def _sqlite_path(url: str) -> Path | None:
    url = url.strip()
    if "://" not in url:
        return Path(url).expanduser()
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    return None


def _sqlite_has_claims(path: Path) -> bool:
    """True when the file is a SQLite store that some ingest wrote to (read-only; never creates the file)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return True  # not ours to judge: open_store reports what is wrong with it
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "documents" not in names:
            return False
        for table in ("documents", "ingest_log"):
            if table in names and conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:  # noqa: S608
                return True
        return False
    except sqlite3.DatabaseError:
        return True  # a file that is not a database: open_store raises its own clear error
    finally:
        conn.close()


def _server_has_claims(url: str) -> bool:
    engine = make_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(S.documents.name):
                return False
            for table in (S.documents, S.ingest_log):
                if conn.execute(select(func.count()).select_from(select(table).limit(1).subquery())).scalar():
                    return True
            return False
    except SQLAlchemyError:
        return True  # unreachable server etc.: open_store reports it with the driver's reason
    finally:
        engine.dispose()


def require_knowledge_base(url: str) -> None:
    """Raise ``StoreError`` (E301, ``context["missing"]``) unless ``url`` names a store that ingest wrote to:
    ``no knowledge base at PATH: run claimgraph ingest first``."""
    if url.strip() in _MEMORY:
        raise _missing(url)
    path = _sqlite_path(url)
    if path is not None:
        if not path.is_file() or path.stat().st_size == 0 or not _sqlite_has_claims(path):
            raise _missing(url)
        return
    if not _server_has_claims(url):
        raise _missing(url)
