"""API fixtures: the test knowledge base and a live server over it (module scope: built once per module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimgraph.api import create_app
from claimgraph.api.auth import Tokens
from claimgraph.config import load_settings

from .kb import KB, build_kb
from .live import live_server


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KB:
    return build_kb(tmp_path_factory.mktemp("api") / "kb.db")


@pytest.fixture(scope="module")
def base_url(kb: KB) -> Iterator[str]:
    app = create_app(load_settings(db=kb.db), tokens=Tokens())
    with live_server(app) as url:
        yield url


@pytest.fixture()
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30.0) as c:
        yield c


@pytest.fixture()
def fresh_kb(tmp_path: Path) -> KB:
    """A knowledge base of its own, for tests that write or break it."""
    return build_kb(tmp_path / "kb.db")
