"""Concurrent writers lose nothing (issue 10), on SQLite and PostgreSQL, with real processes.

* Two ``claimgraph ingest`` processes started at once into one store, with different and overlapping inputs:
  both succeed, every document is stored exactly once with all of its claims, every input is logged once, the
  reconcile finished, and (SQLite) ``PRAGMA integrity_check`` is ok. No "database is locked" or write error:
  SQLite's busy timeout and the store's retries absorb the contention.
* An ingest while another process writes reviews (``claimgraph review reject`` in a loop) and a third reads
  (``claimgraph events``): every review is recorded, every document stored once, no error.

``--events v1`` (the rules) keeps each run short; every process still loads and runs the real spaCy pipeline.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claimgraph.store import open_store
from claimgraph.store import schema as S

pytestmark = pytest.mark.model

_STATES = [("Russia", "Moscow"), ("India", "New Delhi"), ("China", "Beijing"), ("Turkey", "Ankara"),
           ("France", "Paris"), ("Egypt", "Cairo")]
_SYSTEMS = ["S-400 air defence systems", "T-90 tanks", "Rafale jets", "Su-30 fighters"]


def _article(i: int) -> str:
    """A short dispatch of our own wording; every one distinct."""
    rng = random.Random(4242 + i)
    (a, a_cap), (b, b_cap) = rng.sample(_STATES, 2)
    year = rng.randint(2012, 2022)
    system = rng.choice(_SYSTEMS)
    return (f"May {rng.randint(1, 28)}, {year + 1}\n\nBulletin {i}\n\n{a} delivered {rng.randint(2, 30)} {system} "
            f"to {b} in {year}, the ministry in {a_cap} said. Officials in {b_cap} said the order was not aimed "
            f"at any other country. More deliveries are expected in {year + 2}.\n")


def _corpus(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"{i:03d}_bulletin.txt").write_text(_article(i), encoding="utf-8")
    return folder


def _cli(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "claimgraph", "--db", db, *args]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_") or k == "CLAIMGRAPH_SHARED"}
    return {**env, "PYTHONUNBUFFERED": "1"}


@pytest.fixture()
def db(store_url: str) -> str:
    """One store per test: a SQLite file, or the test server's database emptied (``store_url``)."""
    return store_url


def _check_store(db: str, sources: list[Path], texts: int) -> None:
    """Every text stored once with claims, every input logged once, reconciled; SQLite's integrity ok."""
    store = open_store(db)
    try:
        docs = store.documents(status="ok")
        assert len(docs) == texts == len({d.sha256 for d in docs})
        log = store.ingest_log()
        assert sorted(e.source for e in log) == sorted(str(p) for p in sources)
        assert {e.document for e in log} == {d.id for d in docs}
        with store.engine.connect() as conn:
            with_events = conn.execute(select(func.count(S.events.c.document.distinct()))).scalar()
        assert with_events == texts  # no document lost its claims
        assert not store.reconcile_pending()
        assert store.stories()
    finally:
        store.close()
    if not db.startswith("postgresql"):
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()


def test_two_ingests_at_once_into_one_store(db: str, tmp_path: Path) -> None:
    first = _corpus(tmp_path / "first", range(0, 14))
    second = _corpus(tmp_path / "second", range(8, 22))  # 8..13 in both folders: the same texts twice
    procs = [subprocess.Popen(_cli(db, "ingest", "--silent", "--events", "v1", str(folder)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
             for folder in (first, second)]
    errors = [p.communicate(timeout=400)[1].decode(errors="replace") for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert not any("locked" in e or "E305" in e or "Traceback" in e for e in errors), errors
    sources = sorted([*first.iterdir(), *second.iterdir()])
    _check_store(db, sources, texts=22)


def test_ingest_while_another_process_reviews_and_reads(db: str, tmp_path: Path) -> None:
    base = _corpus(tmp_path / "base", range(100, 106))
    done = subprocess.run(_cli(db, "ingest", "--silent", "--events", "v1", str(base)), capture_output=True,
                          env=_env(), timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    store = open_store(db)
    try:
        targets = sorted(e.id for e in store.events())[:6]
    finally:
        store.close()
    assert targets
    more = _corpus(tmp_path / "more", range(200, 212))
    ingest = subprocess.Popen(_cli(db, "ingest", "--silent", "--events", "v1", str(more)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    # the concurrent writer and reader: one review per event, a listing between reviews, while ingest runs
    failures: list[str] = []
    for eid in targets:
        for cmd in (_cli(db, "review", "reject", eid, "--reason", "concurrency test"),
                    _cli(db, "events", "--json")):
            run = subprocess.run(cmd, capture_output=True, env=_env(), timeout=300)
            if run.returncode != 0 or b"locked" in run.stderr:
                failures.append(run.stderr.decode(errors="replace")[-2000:])
        time.sleep(0.05)
    err = ingest.communicate(timeout=400)[1].decode(errors="replace")
    assert ingest.returncode == 0, err
    assert not failures, failures
    assert "locked" not in err and "E305" not in err
    _check_store(db, sorted([*base.iterdir(), *more.iterdir()]), texts=18)
    store = open_store(db)
    try:
        from claimgraph.store.reviews import iter_reviews

        rejected = {r.target for r in iter_reviews(store) if r.action == "reject"}
    finally:
        store.close()
    assert rejected == set(targets)  # every review written while ingest wrote is kept
