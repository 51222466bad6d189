"""Incremental ingest (issue 10): inputs already in the store are recognised before any NLP and skipped.

Store level (SQLite and, where a server is given, PostgreSQL): the ingest log's input, prepared-document and
settings hashes, and the rule that a match only counts while the document still holds what that processing
produced. Workbench and CLI level (real pipeline, real SQLite): re-ingest is recognised without loading spaCy (a
fresh process proves it), a renamed copy is found by its clean text, an edit, ``--force`` and a change of event
engine re-process, and a reconcile that never finished is finished by the next ingest.

Every text here is our own writing.
"""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect
from sqlalchemy import text as sql
from store_factory import make_result

from claimgraph.cli import cli
from claimgraph.config import Settings
from claimgraph.records import Document, DocumentResult
from claimgraph.store import IngestKey, Store, latest_version, open_store
from claimgraph.workbench import Workbench

# ------------------------------------------------------------------------------------------ a small corpus

_PARTIES = [("Russia", "Moscow"), ("India", "New Delhi"), ("China", "Beijing"), ("Turkey", "Ankara"),
            ("France", "Paris"), ("Egypt", "Cairo"), ("Vietnam", "Hanoi")]
_ITEMS = ["S-400 systems", "Su-30 fighters", "T-90 tanks", "Rafale jets", "Mi-17 helicopters"]
_LINES = [
    "{a} agreed to sell {n} {item} to {b}, the defence ministry in {acap} said on {day} March {year}.",
    "Officials in {bcap} said the first deliveries of the {item} were expected in {later}.",
    "The contract is worth about ${value} billion, according to analysts who follow the trade.",
    "A spokesman in {acap} said the sale was not aimed at any third country.",
    "The foreign minister of {b} travelled to {acap} in {year} to discuss the terms.",
]


def article(i: int, seed: int = 7) -> str:
    rng = random.Random(seed * 1000 + i)
    (a, acap), (b, bcap) = rng.sample(_PARTIES, 2)
    year = rng.randint(2010, 2022)
    slots = {"a": a, "acap": acap, "b": b, "bcap": bcap, "item": rng.choice(_ITEMS), "n": rng.randint(2, 40),
             "day": rng.randint(1, 28), "year": year, "later": year + 1, "value": rng.randint(2, 60) / 10}
    body = " ".join(line.format(**slots) for line in _LINES)
    return f"March {slots['day']}, {year}\n\n{a} and {b} sign arms deal, note {i}\n\n{body}\n"


def write_corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i:03d}_note.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------------------------- store level


def test_store_finds_an_input_by_its_bytes_and_settings(store: Store) -> None:
    result = make_result(1)
    doc, source = result.document.id, result.document.source
    assert store.write_result(result, IngestKey("in-1", "prep-1", "set-1")) == "new"
    assert store.find_unchanged(source, "in-1", "set-1") == doc
    assert store.find_unchanged(source, "in-1", "set-2") is None  # other settings: changed
    assert store.find_unchanged(source, "in-2", "set-1") is None  # other bytes: changed
    assert store.find_unchanged("elsewhere/1.txt", "in-1", "set-1") is None
    assert store.find_prepared("prep-1", "set-1") == doc  # the same prepared document from any source
    assert store.find_prepared("prep-1", "set-2") is None
    entry = store.ingest_log()[0]
    assert (entry.input_hash, entry.prepared_hash, entry.settings_hash) == ("in-1", "prep-1", "set-1")


def test_store_match_lapses_when_the_document_is_processed_otherwise(store: Store) -> None:
    first = make_result(2, n_events=3)
    doc, source = first.document.id, first.document.source
    store.write_result(first, IngestKey("in-a", "prep", "set-v1"))
    # The same text from another path, processed with other settings, yields other events: the document is
    # rewritten, so the first input no longer describes what the store holds.
    other = dataclasses.replace(first, document=dataclasses.replace(first.document, source="mirror/2.txt"),
                                events=first.events[:1])
    assert store.write_result(other, IngestKey("in-b", "prep", "set-v2")) == "updated"
    assert store.find_unchanged(source, "in-a", "set-v1") is None
    assert store.find_prepared("prep", "set-v1") is None
    assert store.find_unchanged("mirror/2.txt", "in-b", "set-v2") == doc
    assert store.find_prepared("prep", "set-v2") == doc
    # Writing the first result again makes the first input current again.
    assert store.write_result(first, IngestKey("in-a", "prep", "set-v1")) == "updated"
    assert store.find_unchanged(source, "in-a", "set-v1") == doc
    assert store.find_unchanged("mirror/2.txt", "in-b", "set-v2") is None


def test_store_unchanged_write_records_the_key_and_keeps_the_outcome(store: Store) -> None:
    result = make_result(3)
    doc, source = result.document.id, result.document.source
    assert store.write_result(result) == "new"  # written through the API, without a key
    assert store.find_unchanged(source, "in", "set") is None
    before = store.counts()
    assert store.write_result(result, IngestKey("in", "prep", "set")) == "unchanged"
    assert store.find_unchanged(source, "in", "set") == doc
    assert store.counts() == before
    assert [e.outcome for e in store.ingest_log()] == ["new"]


def test_store_skipped_inputs_are_never_unchanged(store: Store) -> None:
    broken = Document(id="doc_broken", source="bad.bin", sha256="00", text="", status="skipped:binary",
                      error="[E102] binary")
    store.write_result(make_result(4))
    assert store.write_result(DocumentResult(document=broken), IngestKey("in", None, "set")) == "skipped"
    assert store.find_unchanged("bad.bin", "in", "set") is None


def test_store_log_ingest_with_a_key_tracks_the_stored_document(store: Store) -> None:
    result = make_result(5)
    store.write_result(result, IngestKey("in-1", "prep", "set"))
    store.log_ingest("copy/5.txt", result.document.id, "skipped:duplicate", "[E106] duplicate",
                     key=IngestKey("in-copy", None, "set"))
    assert store.find_unchanged("copy/5.txt", "in-copy", "set") == result.document.id
    changed = dataclasses.replace(result, events=result.events[:1])
    store.write_result(changed, IngestKey("in-1", "prep", "set"))
    assert store.find_unchanged("copy/5.txt", "in-copy", "set") is None


def test_store_claims_version_tells_when_reconcile_is_due(store: Store) -> None:
    assert not store.reconcile_pending()
    store.write_result(make_result(1))
    assert store.reconcile_pending()
    version = store.claims_version()
    store.replace_derived(stories=[], claims_version=version)
    assert not store.reconcile_pending()
    store.write_result(make_result(1))  # unchanged: nothing to reconcile
    assert not store.reconcile_pending() and store.claims_version() == version
    store.write_result(dataclasses.replace(make_result(1), events=()))  # updated
    assert store.reconcile_pending() and store.claims_version() == version + 1


def test_store_migration_4_upgrades_a_version_3_store(store_url: str) -> None:
    with open_store(store_url) as s:
        s.write_result(make_result(1))
    url = store_url if "://" in store_url else f"sqlite:///{store_url}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:  # back to version 3: no hashes in the log, no store_state
        conn.execute(sql("DROP TABLE store_state"))
        conn.execute(sql("DROP INDEX ix_ingest_log_prepared"))
        for column in ("input_hash", "prepared_hash", "settings_hash", "result_hash"):
            conn.execute(sql(f"ALTER TABLE ingest_log DROP COLUMN {column}"))
        conn.execute(sql("DELETE FROM schema_migrations WHERE version >= 4"))
    engine.dispose()
    with open_store(store_url) as s:
        assert s.schema_version() == latest_version() >= 4
        with s.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("ingest_log")}
            indexes = {i["name"] for i in inspect(conn).get_indexes("ingest_log")}
        assert {"input_hash", "prepared_hash", "settings_hash", "result_hash"} <= columns
        assert "ix_ingest_log_prepared" in indexes
        assert s.reconcile_pending()  # it held documents: they may never have been reconciled
        assert s.find_unchanged(make_result(1).document.source, "x", "y") is None
        assert s.write_result(make_result(1), IngestKey("in", "prep", "set")) == "unchanged"
        assert s.find_unchanged(make_result(1).document.source, "in", "set") == make_result(1).document.id


# ----------------------------------------------------------------------------------- workbench and CLI level

_REINGEST = """
import json, sys
from claimgraph.config import Settings
from claimgraph.workbench import Workbench
db, folder, copy = sys.argv[1:4]
with Workbench(Settings(db=db, events="v1")) as wb:
    first = wb.ingest([folder])
    second = wb.ingest([copy])
print(json.dumps({"folder": dict(first.outcomes), "copy": dict(second.outcomes),
                  "mentions": first.mentions + second.mentions, "spacy": "spacy" in sys.modules}))
"""


@pytest.mark.model
def test_reingest_is_recognised_before_any_nlp(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paths = write_corpus(folder, 6)
    shutil.copy(paths[0], folder / "900_same_text.txt")  # an exact duplicate within the folder
    records = [{"url": f"https://feed.example/{k}", "title": f"Feed item {k}", "maintext": article(50 + k),
                "date_publish": f"2021-04-0{k + 1}"} for k in range(2)]
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8)  # binary: skipped with a reason, every time
    db = str(tmp_path / "kb.db")
    with Workbench(Settings(db=db, events="v1")) as wb:
        first = wb.ingest([str(folder)])
        assert first.outcomes == {"new": 8, "duplicate": 1, "skipped:binary": 1}, first.outcomes
        counts = wb.store.counts()
        log = [(e.source, e.document, e.status, e.outcome) for e in wb.store.ingest_log()]
    copy = tmp_path / "elsewhere" / "renamed.txt"
    copy.parent.mkdir()
    shutil.copy(paths[3], copy)
    # A fresh process: if anything were parsed, spaCy would have to be imported.
    proc = subprocess.run([sys.executable, "-c", _REINGEST, db, str(folder), str(copy)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["folder"] == {"unchanged": 8, "duplicate": 1, "skipped:binary": 1}, out
    assert out["copy"] == {"unchanged": 1}, out  # the same clean text and date under another name
    assert out["mentions"] == 0 and out["spacy"] is False, out
    with Workbench(Settings(db=db, events="v1")) as wb:
        after = wb.store.counts()
        assert {k: v for k, v in after.items() if k != "ingest_log"} == {
            k: v for k, v in counts.items() if k != "ingest_log"}
        entries = wb.store.ingest_log()
        assert [(e.source, e.document, e.status, e.outcome) for e in entries[:len(log)]] == log
        new = [e for e in entries if e.source == str(copy)]
        assert [(e.outcome, e.document) for e in new] == [("unchanged", wb.document(paths[3].stem).id)]


@pytest.mark.model
def test_edits_force_and_interrupted_reconcile(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    paths = write_corpus(folder, 5)
    db = str(tmp_path / "kb.db")
    with Workbench(Settings(db=db, events="v1")) as wb:
        first = wb.ingest([str(folder)], reconcile=False)  # as if killed before its reconcile
        assert first.outcomes == {"new": 5} and wb.store.reconcile_pending()
        assert wb.stories() == []
        again = wb.ingest([str(folder)])
        assert again.outcomes == {"unchanged": 5} and again.mentions == 0
        assert not wb.store.reconcile_pending() and wb.stories()  # the next ingest finished the reconcile

        paths[2].write_text(paths[2].read_text(encoding="utf-8") + "\nThe talks will resume next year.\n",
                            encoding="utf-8")
        edited = wb.ingest([str(folder)])
        assert edited.outcomes == {"unchanged": 4, "new": 1} and edited.changed == 1
        assert len(wb.store.documents(status="ok")) == 6  # a new text is a new document; the old one stays
        assert not wb.store.reconcile_pending()

        events = sorted(e.id for e in wb.store.events())
        stories = [s.id for s in wb.stories()]
        forced = wb.ingest([str(folder)], force=True)  # processed again: the same output, so unchanged
        assert forced.outcomes == {"unchanged": 5} and forced.changed == 0
        assert forced.mentions > 0 and forced.events > 0  # counted from the results: every input was parsed
        assert sorted(e.id for e in wb.store.events()) == events
        assert [s.id for s in wb.stories()] == stories


@pytest.mark.model
def test_switching_the_event_engine_reprocesses(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_corpus(folder, 4)
    db = str(tmp_path / "kb.db")
    with Workbench(Settings(db=db, events="v1")) as wb:
        v1 = wb.ingest([str(folder)])
        v1_events = sorted(e.id for e in wb.store.events())
        entries = {e.source: e.settings_hash for e in wb.store.ingest_log()}
    with Workbench(Settings(db=db, events="v2")) as wb:
        v2 = wb.ingest([str(folder)])
        assert v2.mentions == v1.mentions > 0  # every document went through the pipeline again
        assert {e.source: e.settings_hash for e in wb.store.ingest_log()} != entries
        again = wb.ingest([str(folder)])
        assert again.outcomes == {"unchanged": 4} and again.mentions == 0
    with Workbench(Settings(db=db, events="v1")) as wb:
        back = wb.ingest([str(folder)])
        assert back.mentions == v1.mentions  # processed again, and the store holds the v1 result once more
        assert sorted(e.id for e in wb.store.events()) == v1_events


@pytest.mark.model
def test_cli_reports_unchanged_and_force(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_corpus(folder, 3)
    db = str(tmp_path / "kb.db")

    def ingest(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", db, "ingest", "--silent", "--events", "v1", *args, str(folder)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stderr

    assert "3 new" in ingest()
    again = ingest()
    assert "3 documents (3 unchanged); 0 mentions, 0 events" in again
    forced = ingest("--force")
    assert "3 unchanged" in forced and "; 0 mentions" not in forced
    help_text = CliRunner().invoke(cli, ["ingest", "--help"]).output
    assert "--force" in help_text and "--events" in help_text
