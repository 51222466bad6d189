"""The Ray runner: :func:`claimgraph.pipeline.process_document` mapped over actors on a Ray cluster.

    claimgraph ingest --engine ray articles/                       # a local cluster, one actor per CPU
    claimgraph ingest --engine ray --workers 2 articles/
    ray start --head && claimgraph ingest --engine ray --address auto articles/
    claimgraph ingest --engine ray --address ray://head:10001 articles/

Each actor (:class:`PipelineWorker`) loads the spaCy pipeline once, in its constructor, and then processes batches
of inputs with the same batch function as the local runner (``nlp.pipe`` over short texts, one by one for long
ones), so results are identical. The driver keeps a bounded window of batches in flight (``window`` per actor),
gives each new batch to the actor with the fewest outstanding, and yields results in input order: memory stays
flat on long streams and the store sees documents in the same order as with the local runner.

A batch whose task fails as a whole (a worker process died, an input the pipeline cannot even read) is not lost:
its inputs are tried again one per task, and an input that still fails becomes an ``error:pipeline`` result with
the reason (E201), logged; the rest of the stream goes on.

Without ``address`` a fresh local cluster is started (``ray.init(address="local", num_cpus=workers,
include_dashboard=False)``) and shut down by :meth:`RayRunner.close`; with ``address`` the runner connects to an
existing cluster (every node needs claimgraph and its spaCy model installed) and leaves it running. A Ray session
already initialised in this process is used as it is.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..config import Settings
from ..errors import MESSAGES, ConfigError
from ..records import Document, DocumentResult, RawDocument

__all__ = ["RayRunner", "PipelineWorker"]

log = logging.getLogger(__name__)

Item = RawDocument | Document


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast on a ``HOST:PORT`` nobody listens on: ``ray.init`` would retry it for minutes."""
    if address in ("auto", "local") or "://" in address or ":" not in address:
        return  # "auto" and ray:// (Ray Client) addresses are resolved and checked by Ray itself
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
            pass
    except OSError as exc:
        raise ConfigError("E003", name="address", value=address,
                          reason=f"no Ray cluster answers there ({exc}); start one with: ray start --head") from exc


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("E002", package="ray", extra="ray") from exc
    return ray


#: A short text of our own that passes every stage, processed once when a worker starts.
_WARM_UP = b"Russia agreed on 3 May 2021 to deliver four S-400 batteries to India, officials in Moscow said."


class PipelineWorker:
    """One Ray actor: the pipeline loaded once for ``settings``, then batches processed on request."""

    def __init__(self, settings: Settings) -> None:
        import time

        from ..pipeline import get_nlp

        self.settings = settings
        from ..pipeline import _run_batch

        start = time.perf_counter()
        get_nlp(settings)  # the one model load of this worker
        # and everything else loaded on first use (event model, gazetteer and rule caches), so no batch pays it
        _run_batch([RawDocument(source="<warm-up>", data=_WARM_UP)], settings)
        self.load_seconds = time.perf_counter() - start
        self.batches = 0
        self.documents = 0

    def process(self, items: list[Item]) -> list[DocumentResult]:
        """Results for ``items`` in order (the local runner's batch function: same results)."""
        from ..pipeline import _run_batch

        self.batches += 1
        self.documents += len(items)
        return _run_batch(items, self.settings)

    def info(self) -> dict[str, Any]:
        """Where this worker runs and what it did: the process id, batches, documents and model-load time."""
        return {"pid": os.getpid(), "batches": self.batches, "documents": self.documents,
                "load_seconds": self.load_seconds}


@dataclass
class _Task:
    ref: Any
    actor: int
    handle: Any
    items: list[Item]


@dataclass
class _Pool:
    actor_class: Any
    settings_ref: Any
    settings: Settings
    actors: list[Any] = field(default_factory=list)
    inflight: list[int] = field(default_factory=list)

    def freest(self) -> int:
        return min(range(len(self.actors)), key=lambda i: self.inflight[i])

    def replace_dead(self, i: int, handle: Any) -> None:
        """A fresh actor in place of ``handle`` if it is still slot ``i``'s (once per death, not per task)."""
        if self.actors[i] is handle:
            log.warning("Ray worker %d died; starting a new one", i)
            self.actors[i] = self.actor_class.remote(self.settings_ref)


def _source(item: object) -> str:
    return str(getattr(item, "source", None) or f"<{type(item).__name__}>")


def _failed(item: object, reason: str) -> DocumentResult:
    """The result recorded for an input whose processing failed even alone."""
    from ..ingest.document import skipped_document

    message = "[E201] " + MESSAGES["E201"].format(reason=reason)
    if isinstance(item, Document):
        import dataclasses

        return DocumentResult(document=dataclasses.replace(item, status="error:pipeline", error=message))
    data = item.data if isinstance(item, RawDocument) and isinstance(item.data, bytes) else None
    return DocumentResult(document=skipped_document(_source(item), data, "error:pipeline", message))


class RayRunner:
    """Map the pipeline over Ray actors; see the module docstring.

    ``workers``: actors (default: the CPUs of the cluster; for a local cluster, of this machine).
    ``batch_size``: inputs per task (default: a quarter of ``settings.batch_size``, as the local process pool).
    ``window``: batches in flight per actor. ``init_options``: extra ``ray.init`` keywords (``_temp_dir``,
    ``object_store_memory`` ...).
    """

    name = "ray"

    def __init__(
        self,
        *,
        address: str | None = None,
        workers: int | None = None,
        batch_size: int | None = None,
        window: int = 4,
        init_options: Mapping[str, Any] | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            raise ConfigError("E003", name="workers", value=workers, reason="must be >= 1")
        self.address = address
        self.workers = workers
        self.batch_size = batch_size
        self.window = max(1, window)
        self.init_options = dict(init_options or {})
        self._ray: Any = None
        self._owns_cluster = False
        self._pool: _Pool | None = None

    # -- lifecycle -----------------------------------------------------------------------------------

    def _connect(self) -> Any:
        ray = _import_ray()
        if not ray.is_initialized():
            options: dict[str, Any] = {"logging_level": logging.WARNING, **self.init_options}
            try:
                if self.address:
                    _check_reachable(self.address)
                    ray.init(address=self.address, **options)
                else:
                    options.setdefault("include_dashboard", False)
                    ray.init(address="local", num_cpus=self.workers or os.cpu_count() or 1, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ConfigError("E003", name="address", value=self.address or "local",
                                  reason=f"cannot start or reach the Ray cluster: {exc}") from exc
            self._owns_cluster = True
        self._ray = ray
        return ray

    def _start(self, settings: Settings) -> _Pool:
        if self._pool is not None and self._pool.settings == settings:
            return self._pool
        self._stop_actors()
        ray = self._connect()
        cpus = int(ray.cluster_resources().get("CPU", 1))
        n = self.workers or max(1, cpus)
        if n > cpus:
            log.warning("%d Ray workers asked for, the cluster has %d CPUs: some will wait for a free CPU", n, cpus)
        pool = _Pool(actor_class=ray.remote(num_cpus=1)(PipelineWorker), settings_ref=ray.put(settings),
                     settings=settings)
        pool.actors = [pool.actor_class.remote(pool.settings_ref) for _ in range(n)]
        pool.inflight = [0] * n
        self._pool = pool
        return pool

    def _stop_actors(self) -> None:
        if self._pool is not None and self._ray is not None:
            for actor in self._pool.actors:
                self._ray.kill(actor)
        self._pool = None

    def close(self) -> None:
        """Kill the actors; shut Ray down if this runner started it."""
        self._stop_actors()
        if self._owns_cluster and self._ray is not None and self._ray.is_initialized():
            self._ray.shutdown()
        self._owns_cluster = False

    def __enter__(self) -> RayRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def worker_info(self) -> list[dict[str, Any]]:
        """Each actor's :meth:`PipelineWorker.info` (empty before the first run)."""
        if self._pool is None:
            return []
        result: list[dict[str, Any]] = self._ray.get([a.info.remote() for a in self._pool.actors])
        return result

    # -- mapping ---------------------------------------------------------------------------------------

    def _submit(self, pool: _Pool, items: list[Item]) -> _Task:
        i = pool.freest()
        pool.inflight[i] += 1
        handle = pool.actors[i]
        return _Task(ref=handle.process.remote(items), actor=i, handle=handle, items=items)

    def _collect(self, pool: _Pool, task: _Task) -> list[DocumentResult]:
        ray = self._ray
        try:
            results: list[DocumentResult] = ray.get(task.ref)
        except ray.exceptions.RayError as exc:
            pool.inflight[task.actor] -= 1
            if isinstance(exc, ray.exceptions.RayActorError):
                pool.replace_dead(task.actor, task.handle)
            log.warning("a Ray task of %d inputs failed (%s); trying them one by one", len(task.items),
                        type(exc).__name__)
            return [self._alone(pool, item) for item in task.items]
        pool.inflight[task.actor] -= 1
        return results

    def _alone(self, pool: _Pool, item: Item) -> DocumentResult:
        ray = self._ray
        i = pool.freest()
        handle = pool.actors[i]
        try:
            results: list[DocumentResult] = ray.get(handle.process.remote([item]))
            return results[0]
        except ray.exceptions.RayError as exc:
            if isinstance(exc, ray.exceptions.RayActorError):
                pool.replace_dead(i, handle)
            cause = getattr(exc, "cause", None) or exc
            reason = f"{type(cause).__name__}: {str(cause).strip()[:300]}"
            log.warning("%s: processing failed on Ray and is skipped: %s", _source(item), reason)
            return _failed(item, reason)

    def run(self, items: Iterable[Item], settings: Settings) -> Iterator[DocumentResult]:
        """One result per input, in input order, from the actors (started on first use)."""
        pool = self._start(settings)
        size = self.batch_size or max(1, settings.batch_size // 4)
        limit = self.window * len(pool.actors)
        pending: deque[_Task] = deque()
        stream = iter(items)
        while batch := list(islice(stream, size)):
            pending.append(self._submit(pool, batch))
            if len(pending) >= limit:
                yield from self._collect(pool, pending.popleft())
        while pending:
            yield from self._collect(pool, pending.popleft())
