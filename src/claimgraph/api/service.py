"""The one object the routes talk to: a :class:`~claimgraph.workbench.Workbench` and a cache of its views.

The API only translates: every answer is computed by the Workbench or a ``views`` function, exactly as the CLI
computes it. Whole-store views (register, timeline, stories, the graph ...) cost a pass over every claim, so their
results are kept per *store state*: the store's claims counter, whether a reconcile is pending and the number of
reviews. A write through the API, an ingest or a reconcile by another process changes that state, and the next
request computes the view again; two requests never see a view older than the store they asked.

The store is opened once per app and shared by the server's worker threads: SQLAlchemy's pool hands each thread
its own connection (SQLite runs in WAL mode, so readers never block the writer); writes through the API are
serialised by one lock, the single-writer discipline SQLite wants.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select

from ..config import Settings
from ..errors import InvalidData
from ..records import Story
from ..store import schema as S
from ..workbench import Workbench

__all__ = ["Service", "ViewCache"]

V = TypeVar("V")


class ViewCache:
    """Results of whole-store views keyed by (view, arguments), valid for one store state; LRU-bounded."""

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, state: Hashable, compute: Callable[[], V]) -> V:
        hit = self._lookup(key, state)
        if hit is not None:
            return hit[0]
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # one computation per key at a time; the others wait for it and reuse it
            hit = self._lookup(key, state)
            if hit is not None:
                return hit[0]
            value = compute()
            with self._lock:
                self._items[key] = (state, value)
                self._items.move_to_end(key)
                while len(self._items) > self.maxsize:
                    self._items.popitem(last=False)
            return value

    def _lookup(self, key: Hashable, state: Hashable) -> tuple[Any] | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != state:
                return None
            self._items.move_to_end(key)
            return (item[1],)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Service:
    """The app's workbench, its view cache and its write lock."""

    def __init__(self, settings: Settings, workbench: Workbench | None = None) -> None:
        self.settings = settings
        self.workbench = workbench if workbench is not None else Workbench(settings)
        self.cache = ViewCache(maxsize=128)
        self.event_cache = ViewCache(maxsize=8)  # event listings can be large: keep only a few filter sets
        self.answer_cache = ViewCache(maxsize=32)  # answers to questions, apart so they never evict a view
        self.write_lock = threading.Lock()

    def close(self) -> None:
        self.workbench.close()

    def state(self) -> Hashable:
        """What the cached views depend on: the store's ``claims`` and ``reconciled`` counters (see
        :meth:`Store.claims_version`, :meth:`Store.reconcile_pending`) and the number of reviews (an accept
        changes the rows' marks without touching the claims), read together on one connection."""
        t = S.store_state
        reviews = getattr(S, "reviews", None)
        with self.workbench.store.engine.connect() as conn:
            counters = dict(conn.execute(select(t.c.key, t.c.value).where(t.c.key.in_(("claims", "reconciled"))))
                            .tuples().all())
            n_reviews = conn.execute(select(func.count()).select_from(reviews)).scalar() if reviews is not None else 0
        return (int(counters.get("claims") or 0), int(counters.get("reconciled") or 0), int(n_reviews or 0))

    def view(self, name: str, args: Sequence[Hashable], compute: Callable[[], V], *,
             cache: ViewCache | None = None) -> V:
        """``compute()`` for the current store state, from the cache when it was computed for that state."""
        return (cache or self.cache).get((name, *args), self.state(), compute)

    def stories(self) -> list[Story]:
        """Every story (cached per store state)."""
        return self.view("story_records", (), self.workbench.stories)

    def story(self, ref: str) -> Story:
        """A story by id or unique id prefix, as :meth:`Workbench.story` finds it, from the cached stories."""
        matches = [s for s in self.stories() if s.id == ref or s.id.startswith(ref)]
        exact = [s for s in matches if s.id == ref]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0]
        raise InvalidData("E401", path="stories", reason=f"{len(matches)} stories match {ref!r}")

    def write(self, action: Callable[[], V]) -> V:
        """Run a write under the writer lock, then drop every cached view."""
        with self.write_lock:
            try:
                return action()
            finally:
                for cache in (self.cache, self.event_cache, self.answer_cache):
                    cache.clear()
