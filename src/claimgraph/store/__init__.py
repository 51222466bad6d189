"""The claimgraph store: SQLAlchemy 2 over SQLite (default) or PostgreSQL.

``open_store(url)`` opens (creating and migrating) a store; ``Store.write_result`` writes one document with
everything it yields in one transaction; readers return :mod:`claimgraph.records` types.
"""

from __future__ import annotations

from .migrations import latest_version
from .store import IngestEntry, IngestKey, Store, open_store

__all__ = ["IngestEntry", "IngestKey", "Store", "latest_version", "open_store"]
