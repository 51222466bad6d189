"""Fixtures for the ingest tests: default settings and a small helper that runs the whole ingest on bytes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimgraph.config import Settings
from claimgraph.ingest import to_document
from claimgraph.records import Document, RawDocument


@pytest.fixture()
def settings() -> Settings:
    return Settings()


@pytest.fixture()
def ingest(settings: Settings) -> Callable[..., Document]:
    def run(data: bytes | str, source: str = "doc.txt", **kwargs: object) -> Document:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return to_document(RawDocument(source=source, data=raw, **kwargs), settings)  # type: ignore[arg-type]

    return run
