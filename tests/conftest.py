"""Fixtures shared by the whole suite. Module-specific fixtures live in each test folder's conftest."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
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


def _needs_pg(items: list[pytest.Item]) -> bool:
    """Some collected test runs on PostgreSQL (marked, or its module reads the server URL)."""
    sources: dict[Path, bool] = {}
    for item in items:
        if item.get_closest_marker("postgres"):
            return True
        path = Path(item.path)
        if path not in sources:
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            sources[path] = "CLAIMGRAPH_TEST_PG_URL" in text or "pg_url(" in text
        if sources[path]:
            return True
    return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def _pg_server(request: pytest.FixtureRequest) -> Iterator[None]:
    """The server store in every test run (issue 10): where PostgreSQL is installed and no
    ``CLAIMGRAPH_TEST_PG_URL`` is given, start a throwaway cluster with ``scripts/pg.sh`` (its own free port and
    temporary folder), point the PostgreSQL tests at it and stop it at the end of the session."""
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if os.environ.get("CLAIMGRAPH_TEST_PG_URL") or not installed or not _needs_pg(request.session.items):
        yield
        return
    base = tempfile.mkdtemp(prefix="claimgraph-pg-test-")
    env = {**os.environ, "PG_PORT": str(_free_port()), "PG_DIR": base}
    script = str(REPO / "scripts" / "pg.sh")
    done = subprocess.run(["bash", script, "start"], env=env, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        pytest.fail(f"scripts/pg.sh start failed: {done.stderr[-2000:]}")
    os.environ["CLAIMGRAPH_TEST_PG_URL"] = done.stdout.strip().splitlines()[-1]
    try:
        yield
    finally:
        os.environ.pop("CLAIMGRAPH_TEST_PG_URL", None)
        subprocess.run(["bash", script, "stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(base, ignore_errors=True)


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
