"""Store access for live sources (schema version 7): raw pages, feeds and feed items.

Plain functions over a :class:`~claimgraph.store.Store`, each one transaction, so that ``fetch`` and ``watch`` never
hold the write lock while they wait on the network. Feed state is written so that nothing is lost when a watch
stops at any point: an entry is recorded ``pending`` (in the same transaction as the feed's new validators) before
its page is fetched, and marked ``ingested``/``failed`` only after its document is stored.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select, update

from . import schema as S

if TYPE_CHECKING:
    from .store import Store

__all__ = [
    "FeedRow", "FeedItemRow", "put_raw_page", "raw_page_body", "raw_pages", "add_feed", "remove_feed", "feeds",
    "get_feed", "record_poll", "pending_items", "finish_item", "feed_items",
]  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class FeedRow:
    url: str
    kind: str | None
    title: str | None
    etag: str | None
    last_modified: str | None
    added_at: str
    checked_at: str | None
    last_status: str | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class FeedItemRow:
    feed: str
    key: str
    url: str
    title: str | None
    published: str | None
    state: str  # pending | ingested | failed
    document: str | None
    error: str | None
    attempts: int
    position: int


# --- raw pages ---------------------------------------------------------------------------------------------------


def put_raw_page(store: Store, *, source: str, sha256: str, document: str, body: bytes,
                 meta: Mapping[str, Any]) -> bool:
    """Keep ``body`` (zlib level 6) for provenance unless this source already has these bytes; True if added."""
    t = S.raw_pages
    with store._write() as conn:  # noqa: SLF001 - the store's own write transaction (BEGIN IMMEDIATE on SQLite)
        found = conn.execute(select(t.c.document).where(t.c.source == source, t.c.sha256 == sha256)).first()
        if found is not None:
            if found.document != document:
                conn.execute(update(t).where(t.c.source == source, t.c.sha256 == sha256).values(document=document))
            return False
        conn.execute(t.insert().values(
            source=source, sha256=sha256, document=document, final_url=meta["final_url"],
            canonical_url=meta.get("canonical_url"), status_code=int(meta["status_code"]),
            content_type=meta.get("content_type"), charset=meta.get("charset"),
            redirects=list(meta.get("redirects", [])), headers=dict(meta.get("headers", {})),
            compression="zlib", size=len(body), body=zlib.compress(body, 6), fetched_at=_now(),
        ))
    return True


def raw_pages(store: Store, source: str | None = None) -> list[dict[str, Any]]:
    """Raw-page rows (without the body), newest first."""
    t = S.raw_pages
    stmt = select(*[c for c in t.c if c.name != "body"]).order_by(t.c.fetched_at.desc(), t.c.source)
    if source is not None:
        stmt = stmt.where(t.c.source == source)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def raw_page_body(store: Store, document: str) -> bytes | None:
    """The page bytes (decompressed) that ``document`` was made from, newest fetch first; None when not fetched."""
    t = S.raw_pages
    stmt = select(t.c.body, t.c.compression).where(t.c.document == document).order_by(t.c.fetched_at.desc())
    with store.engine.connect() as conn:
        row = conn.execute(stmt).first()
    if row is None:
        return None
    return zlib.decompress(row.body) if row.compression == "zlib" else bytes(row.body)


# --- feeds -------------------------------------------------------------------------------------------------------


def add_feed(store: Store, url: str) -> bool:
    """Register ``url`` for ``watch``; False when it is already registered."""
    t = S.feeds
    with store._write() as conn:  # noqa: SLF001
        if conn.execute(select(t.c.url).where(t.c.url == url)).first() is not None:
            return False
        conn.execute(t.insert().values(url=url, added_at=_now()))
    return True


def remove_feed(store: Store, url: str) -> bool:
    """Forget ``url`` and its item state (documents already ingested stay); False when it was not registered."""
    with store._write() as conn:  # noqa: SLF001
        conn.execute(delete(S.feed_items).where(S.feed_items.c.feed == url))
        gone = conn.execute(delete(S.feeds).where(S.feeds.c.url == url)).rowcount
    return bool(gone)


def _feed(row: Any) -> FeedRow:
    return FeedRow(**{k: row._mapping[k] for k in FeedRow.__slots__})


def feeds(store: Store) -> list[FeedRow]:
    with store.engine.connect() as conn:
        return [_feed(r) for r in conn.execute(select(S.feeds).order_by(S.feeds.c.url))]


def get_feed(store: Store, url: str) -> FeedRow | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(S.feeds).where(S.feeds.c.url == url)).first()
    return _feed(row) if row is not None else None


def record_poll(store: Store, url: str, *, status: str, error: str | None = None, etag: str | None = None,
                last_modified: str | None = None, kind: str | None = None, title: str | None = None,
                entries: Sequence[Mapping[str, Any]] = (), validators: bool = False) -> int:
    """Record one poll of feed ``url`` and queue its entries not seen before as ``pending``; return how many.

    With ``validators`` the feed's ETag / Last-Modified are replaced by the given ones (a full 200 response). The
    new entries and the validators are written in one transaction: a 304 next time can only mean "nothing new"
    once every entry of this response is safely queued.
    """
    f, i = S.feeds, S.feed_items
    now = _now()
    added = 0
    with store._write() as conn:  # noqa: SLF001
        values: dict[str, Any] = {"checked_at": now, "last_status": status, "last_error": error}
        if validators:
            values.update(etag=etag, last_modified=last_modified)
        if kind:
            values["kind"] = kind
        if title:
            values["title"] = title
        conn.execute(update(f).where(f.c.url == url).values(**values))
        if entries:
            known = set(conn.execute(select(i.c.key).where(i.c.feed == url)).scalars())
            position = int(conn.execute(select(func.coalesce(func.max(i.c.position), 0))
                                        .where(i.c.feed == url)).scalar() or 0)
            rows = []
            for entry in entries:
                if entry["key"] in known:
                    continue
                known.add(entry["key"])
                position += 1
                rows.append({"feed": url, "key": entry["key"], "url": entry["url"], "title": entry.get("title"),
                             "published": entry.get("published"), "state": "pending", "document": None,
                             "error": None, "attempts": 0, "position": position, "first_seen": now,
                             "done_at": None})
            if rows:
                conn.execute(i.insert(), rows)
            added = len(rows)
    return added


def _item(row: Any) -> FeedItemRow:
    return FeedItemRow(**{k: row._mapping[k] for k in FeedItemRow.__slots__})


def pending_items(store: Store, url: str) -> list[FeedItemRow]:
    """Entries of feed ``url`` still to ingest, in the order they were found (a stopped watch resumes here)."""
    i = S.feed_items
    stmt = select(i).where(i.c.feed == url, i.c.state == "pending").order_by(i.c.position)
    with store.engine.connect() as conn:
        return [_item(r) for r in conn.execute(stmt)]


def feed_items(store: Store, url: str | None = None, states: Iterable[str] | None = None) -> list[FeedItemRow]:
    i = S.feed_items
    stmt = select(i).order_by(i.c.feed, i.c.position)
    if url is not None:
        stmt = stmt.where(i.c.feed == url)
    if states is not None:
        stmt = stmt.where(i.c.state.in_(list(states)))
    with store.engine.connect() as conn:
        return [_item(r) for r in conn.execute(stmt)]


def finish_item(store: Store, feed: str, key: str, *, state: str, document: str | None = None,
                error: str | None = None) -> None:
    """Mark one entry ``ingested``, ``failed`` or (a transient failure to try again) still ``pending``."""
    i = S.feed_items
    with store._write() as conn:  # noqa: SLF001
        conn.execute(update(i).where(i.c.feed == feed, i.c.key == key).values(
            state=state, document=document, error=error, attempts=i.c.attempts + 1,
            done_at=_now() if state != "pending" else None))
