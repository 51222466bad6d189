"""The local runner: :func:`claimgraph.pipeline.run` in this process or a pool of ``settings.processes``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..config import Settings
from ..records import Document, DocumentResult, RawDocument

__all__ = ["LocalRunner"]


class LocalRunner:
    """What ``claimgraph ingest --engine local --processes N`` uses: the pipeline's own batch runner, unchanged
    (batches through ``nlp.pipe``; with ``processes > 1`` a process pool with a bounded window of batches)."""

    name = "local"

    def run(self, items: Iterable[RawDocument | Document], settings: Settings) -> Iterator[DocumentResult]:
        from ..pipeline import run

        return run(items, settings)

    def close(self) -> None:
        """Nothing to release: the process pool lives only as long as one ``run``."""
