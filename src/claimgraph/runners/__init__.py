"""Runners: how :func:`claimgraph.pipeline.process_document` is mapped over a stream of inputs.

A runner takes the inputs ``Workbench.ingest`` decided to process (already past the incremental check) and yields
one :class:`~claimgraph.records.DocumentResult` per input, **in input order**; the driver writes each result
through the store's one-transaction-per-document path. Order matters: the first source of a text met twice is the
one the store keeps, so every runner gives the same store (and the same export) as the local one.

* ``local`` (:class:`LocalRunner`, the default): this process, or ``settings.processes`` worker processes;
* ``ray`` (:class:`claimgraph.runners.ray.RayRunner`): actors on a Ray cluster, one model load per actor (a local
  cluster by default, an existing one by address). Ray is imported only when a Ray runner starts.

>>> from claimgraph.runners import make_runner
>>> runner = make_runner("local")
>>> runner.name
'local'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from ..config import Settings
from ..errors import ConfigError
from ..records import Document, DocumentResult, RawDocument
from .local import LocalRunner

__all__ = ["ENGINES", "Item", "Runner", "LocalRunner", "make_runner"]

Item = RawDocument | Document

#: Engine names accepted by ``claimgraph ingest --engine``.
ENGINES = ("local", "ray")


@runtime_checkable
class Runner(Protocol):
    """Maps the pipeline over inputs; ``close`` releases what the runner started (processes, a cluster)."""

    name: str

    def run(self, items: Iterable[Item], settings: Settings) -> Iterator[DocumentResult]:
        """One result per input, in input order; a bad input becomes a result with an error status."""
        ...

    def close(self) -> None:
        """Release workers; calling it twice, or before any run, is harmless."""
        ...


def make_runner(engine: str = "local", *, address: str | None = None, workers: int | None = None) -> Runner:
    """The runner for ``engine``. ``address`` and ``workers`` belong to the Ray engine only."""
    if engine == "local":
        if address is not None or workers is not None:
            raise ConfigError("E003", name="engine", value=engine,
                              reason="--address and --workers need --engine ray (the local engine uses --processes)")
        return LocalRunner()
    if engine == "ray":
        from .ray import RayRunner

        return RayRunner(address=address, workers=workers)
    raise ConfigError("E003", name="engine", value=engine, reason=f"choose from {', '.join(ENGINES)}")
