"""The view cache: an answer is reused only for the store state it was computed for."""

from __future__ import annotations

import threading
import time

from claimgraph.api.service import ViewCache


def test_service_cache_is_per_state_and_bounded() -> None:
    cache = ViewCache(maxsize=2)
    calls: list[str] = []

    def compute(tag: str) -> str:
        calls.append(tag)
        return tag

    assert cache.get("a", 1, lambda: compute("a1")) == "a1"
    assert cache.get("a", 1, lambda: compute("again")) == "a1"  # same state: reused
    assert cache.get("a", 2, lambda: compute("a2")) == "a2"  # the store changed: computed again
    cache.get("b", 2, lambda: compute("b"))
    cache.get("c", 2, lambda: compute("c"))  # evicts "a", the least recently used
    assert cache.get("a", 2, lambda: compute("a3")) == "a3"
    cache.clear()
    assert cache.get("b", 2, lambda: compute("b2")) == "b2"
    assert calls == ["a1", "a2", "b", "c", "a3", "b2"]


def test_service_cache_computes_once_for_concurrent_requests() -> None:
    cache = ViewCache()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("v", 0, slow))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 4 and calls == [1]
