"""Crash safety and concurrent writers (issue 10): SIGKILL at 20 random points, and two ingests at once.

``claimgraph ingest`` runs as a real process over a corpus of 60 short articles generated here from our own
templates, into a real SQLite store. It is killed with SIGKILL at 20 seeded random points (once by time, during
start-up or the first writes; then each time a few more documents have been written, after a random few
milliseconds, so that kills land between and inside document transactions; last after every document is written,
inside the cross-document reconcile), and then run to completion. The store must then hold exactly what a clean
ingest of the same corpus into a fresh store holds: the same documents once each, each with the same mentions,
events and explanations, every input logged once, the reconcile finished; and ``PRAGMA integrity_check`` is ok.

Two ingests started at once into one fresh store (overlapping inputs) must both succeed and lose nothing: SQLite's
busy timeout and the store's retries absorb the contention instead of failing a document.

``--events v1`` (the rules) keeps each run short; every process still loads and runs the real spaCy pipeline.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.model

N_DOCS = 60
KILLS = 20
SEED = 1010

# ------------------------------------------------------------------------------- corpus (our own templates)

_COUNTRIES = [("Russia", "Moscow", "Russian"), ("India", "New Delhi", "Indian"), ("China", "Beijing", "Chinese"),
              ("Turkey", "Ankara", "Turkish"), ("France", "Paris", "French"), ("Egypt", "Cairo", "Egyptian"),
              ("Vietnam", "Hanoi", "Vietnamese"), ("Brazil", "Brasilia", "Brazilian")]
_SYSTEMS = ["S-400 air defence systems", "Su-35 fighters", "T-90 tanks", "Rafale jets", "Kilo-class submarines"]
_OPENERS = [
    "{a} delivered {n} {sys} to {b} in {month} {year}, the {a_adj} defence ministry said.",
    "{b} signed a contract in {year} to buy {n} {sys} from {a}, officials in {b_cap} confirmed.",
    "The {b_adj} foreign minister visited {a_cap} in {month} {year} to discuss an order for {sys}.",
    "{c} said on Tuesday it would impose sanctions on {b} over its purchase of {sys} from {a}.",
]
_FILLERS = [
    "The deal was reportedly worth ${v} billion.",
    "A spokesman in {b_cap} said the purchase was not directed against any other country.",
    "Further deliveries are expected in {later}, according to the state exporter.",
    "Analysts in {c_cap} said the agreement deepened a long defence partnership.",
    "Officials in {a_cap} declined to say when training of the {b_adj} crews would begin.",
]
_MONTHS = ["January", "March", "May", "July", "September", "November"]


def _article(i: int) -> str:
    rng = random.Random(SEED * 7919 + i)
    (a, a_cap, a_adj), (b, b_cap, b_adj), (c, c_cap, _) = rng.sample(_COUNTRIES, 3)
    year = rng.randint(2012, 2023)
    slots = {"a": a, "a_cap": a_cap, "a_adj": a_adj, "b": b, "b_cap": b_cap, "b_adj": b_adj, "c": c,
             "c_cap": c_cap, "sys": rng.choice(_SYSTEMS), "n": rng.randint(2, 36), "year": year,
             "month": rng.choice(_MONTHS), "later": year + rng.randint(1, 3), "v": rng.randint(5, 80) / 10}
    body = [rng.choice(_OPENERS).format(**slots)] + [f.format(**slots) for f in rng.sample(_FILLERS, 3)]
    return f"{slots['month']} {rng.randint(1, 28)}, {year + 1}\n\nDispatch {i}: {a} and {b}\n\n" + " ".join(body) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kill9") / "corpus"
    folder.mkdir()
    for i in range(N_DOCS):
        (folder / f"{i:03d}_dispatch.txt").write_text(_article(i), encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------------------------ helpers


def _command(db: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "claimgraph", "--db", str(db), "ingest", "--silent", "--events", "v1",
            *map(str, paths)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


@dataclass
class Snapshot:
    integrity: str
    foreign_keys: list[Any]
    documents: dict[str, tuple[Any, ...]]  # id -> (status, content_hash, mentions, events, explanations)
    log: list[tuple[Any, ...]]  # (source, document, status, outcome, input_hash, settings_hash)
    entities: set[str]
    aliases: set[tuple[str, str]]
    stories: list[str]
    state: dict[str, int]


def snapshot(db: Path) -> Snapshot:
    """What the store holds, read with the sqlite3 module (no claimgraph code in the way)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        q = conn.execute
        claims = {}
        for table in ("mentions", "events", "explanations"):
            claims[table] = dict(q(f"SELECT document, count(*) FROM {table} GROUP BY document").fetchall())
        documents = {
            doc: (status, content_hash, *(claims[t].get(doc, 0) for t in ("mentions", "events", "explanations")))
            for doc, status, content_hash in q("SELECT id, status, content_hash FROM documents")
        }
        return Snapshot(
            integrity=q("PRAGMA integrity_check").fetchone()[0],
            foreign_keys=q("PRAGMA foreign_key_check").fetchall(),
            documents=documents,
            log=sorted(q("SELECT source, document, status, outcome, input_hash, settings_hash FROM ingest_log")),
            entities={r[0] for r in q("SELECT id FROM entities")},
            aliases=set(q("SELECT entity, alias FROM entity_aliases").fetchall()),
            stories=sorted(r[0] for r in q("SELECT id FROM stories")),
            state=dict(q("SELECT key, value FROM store_state").fetchall()),
        )
    finally:
        conn.close()


def _stored(db: Path) -> int:
    """Documents committed so far; 0 before the store (in WAL mode, with its tables) exists.

    The file header says whether the store is in WAL mode yet (byte 18 is 2): until then the writer may still be
    switching the journal mode, which another open connection would get in the way of.
    """
    try:
        with db.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return 0
    if len(header) < 20 or header[18] != 2:
        return 0
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A clean ingest of the corpus into a fresh store, started at once and run beside the test's own work."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    proc = subprocess.Popen(_command(db, corpus), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    result: dict[str, Snapshot] = {}

    def get() -> Snapshot:
        if "snap" not in result:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err.decode(errors="replace")
            result["snap"] = snapshot(db)
        return result["snap"]

    yield get
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def assert_same_store(got: Snapshot, want: Snapshot, *, same_order: bool = True) -> None:
    assert got.integrity == "ok"
    assert got.foreign_keys == []
    assert sum(1 for s, *_ in want.documents.values() if s == "ok") == N_DOCS
    assert got.documents == want.documents  # every document once, with all of its claims and nothing else
    assert got.entities == want.entities and got.aliases == want.aliases
    if same_order:
        assert got.log == want.log  # every input logged once, with the same outcome and fingerprints
    assert got.stories == want.stories  # the cross-document reconcile ran to the end
    assert got.state["claims"] == got.state["reconciled"]


# -------------------------------------------------------------------------------------------------- tests


def test_sigkill_at_20_random_points_then_complete(corpus: Path, clean: Any, tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    rng = random.Random(SEED)
    targets = sorted(rng.sample(range(2, N_DOCS), KILLS - 2))
    plan: list[tuple[str, float, float]] = [("time", 0.0, rng.uniform(1.0, 4.0))]
    plan += [("docs", float(t), rng.uniform(0.0, 0.04)) for t in targets]
    plan.append(("docs", float(N_DOCS), rng.uniform(0.0, 0.3)))  # inside the reconcile, if still running
    killed, finished, counts = 0, 0, []
    for kind, target, delay in plan:
        proc = subprocess.Popen(_command(db, corpus), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=_env())
        try:
            if kind == "docs":
                # At least one more document must be written than there was when this run started.
                goal = max(int(target), min(N_DOCS, _stored(db) + 1))
                while proc.poll() is None and _stored(db) < goal:
                    time.sleep(0.005)
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
            proc.communicate(timeout=300)
            if proc.returncode == 0:
                finished += 1
            else:
                assert proc.returncode == -signal.SIGKILL, proc.stderr
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        counts.append(_stored(db))
    assert killed >= KILLS - 1, (killed, finished, counts)
    assert counts == sorted(counts)  # nothing committed is ever lost

    done = subprocess.run(_command(db, corpus), capture_output=True, text=True, env=_env(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "unchanged" in done.stderr, done.stderr  # what earlier runs stored is not processed again
    got, want = snapshot(db), clean()
    assert_same_store(got, want)
    assert sum(1 for e in got.log if e[0].startswith(str(corpus))) == N_DOCS


def test_two_ingests_at_once_lose_nothing(corpus: Path, clean: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    files = sorted(corpus.iterdir())
    for path in files[: 2 * N_DOCS // 3]:
        shutil.copy(path, first / path.name)
    for path in files[N_DOCS // 3:]:  # a third of the corpus goes to both
        shutil.copy(path, second / path.name)
    db = tmp_path / "shared.db"
    procs = [subprocess.Popen(_command(db, folder), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
             for folder in (first, second)]
    errors = [p.communicate(timeout=300)[1].decode(errors="replace") for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert not any("E305" in e or "locked" in e for e in errors), errors
    got, want = snapshot(db), clean()
    assert_same_store(got, want, same_order=False)
    sources = sorted(e[0] for e in got.log)
    assert sources == sorted(str(p) for folder in (first, second) for p in folder.iterdir())  # each input once
    assert {e[1] for e in got.log} == set(want.documents)
