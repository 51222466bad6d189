"""Fixtures shared by the whole suite. Module-specific fixtures live in each test folder's conftest."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", REPO.parent / "shared"))


@pytest.fixture(autouse=True)
def _scrub_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's CLAIMGRAPH_* settings (the PG test URL is kept)."""
    for key in list(os.environ):
        if key.startswith("CLAIMGRAPH_") and key not in {"CLAIMGRAPH_TEST_PG_URL", "CLAIMGRAPH_SHARED"}:
            monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with ../shared beside the clone")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    path = SHARED / "gold"
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with ../shared beside the clone")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The full claimgraph spaCy pipeline, loaded once per test session."""
    from claimgraph.config import Settings
    from claimgraph.nlp import load_pipeline

    return load_pipeline(Settings())


@pytest.fixture()
def tmp_db(tmp_path: Path) -> Iterator[str]:
    yield str(tmp_path / "test.db")
