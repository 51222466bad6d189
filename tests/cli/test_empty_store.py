"""Reading a missing or empty store says so instead of creating an empty file (issue 9, part 8)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.errors import StoreError
from claimgraph.store import open_store
from claimgraph.workbench import open_workbench

READS = [
    ("documents",), ("entities",), ("events",), ("stories",), ("disputes",), ("explain",), ("register",),
    ("timeline",), ("index",), ("graph",), ("reconcile",), ("reviews",), ("export", "OUT"), ("show", "000"),
    ("review", "reject", "ev_0000000000000000"),
]


def _message(db: str) -> str:
    return f"no knowledge base at {db}: run claimgraph ingest first"


@pytest.mark.parametrize("args", READS, ids=lambda a: "-".join(a[:2]))
def test_empty_store_read_command_refuses_missing_store(tmp_path: Path, args: tuple[str, ...]) -> None:
    db = str(tmp_path / "missing.db")
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    result = CliRunner().invoke(cli, ["--db", db, *argv])
    assert result.exit_code == 1, result.output
    assert _message(db) in result.stderr
    assert not Path(db).exists() and not (tmp_path / "out").exists()


def test_empty_store_relative_path_is_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["events"])  # the default --db
    assert result.exit_code == 1
    assert "no knowledge base at claimgraph.db: run claimgraph ingest first" in result.stderr
    assert not (tmp_path / "claimgraph.db").exists()


def test_empty_store_created_but_never_ingested_counts_as_empty(tmp_path: Path) -> None:
    db = str(tmp_path / "blank.db")
    open_store(db).close()  # a schema and no documents: what reading used to leave behind
    result = CliRunner().invoke(cli, ["--db", db, "register"])
    assert result.exit_code == 1 and _message(db) in result.stderr
    Path(tmp_path / "zero.db").write_bytes(b"")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "zero.db"), "events"])
    assert result.exit_code == 1 and "no knowledge base" in result.stderr


def test_empty_store_python_api(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    with pytest.raises(StoreError) as err:
        open_workbench(db, create=False)
    assert err.value.code == "E301" and err.value.context["missing"] and not Path(db).exists()
    with open_workbench(db) as bench:  # the default creates it, as ingest does
        assert bench.store.counts()["documents"] == 0
    assert Path(db).exists()


def test_empty_store_store_with_a_document_opens(tmp_path: Path) -> None:
    from claimgraph.records import Document, DocumentResult

    db = str(tmp_path / "kb.db")
    with open_store(db) as store:
        store.write_result(DocumentResult(document=Document(id="doc_1", source="a.txt", sha256="x", text="Hello.")))
    with sqlite3.connect(db) as conn:  # written and closed: the check reads the file as it is on disk
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    result = CliRunner().invoke(cli, ["--db", db, "documents", "--json"])
    assert result.exit_code == 0, result.output
    assert '"doc_1"' in result.stdout


def test_empty_store_write_commands_still_create_it(tmp_path: Path) -> None:
    db = str(tmp_path / "new.db")
    article = tmp_path / "empty.txt"
    article.write_text("", encoding="utf-8")  # skipped (empty) without needing the NLP model
    result = CliRunner().invoke(cli, ["--db", db, "ingest", "--silent", str(article)])
    assert result.exit_code == 1  # one input skipped: exit 1, but the store now exists
    assert Path(db).exists()
    result = CliRunner().invoke(cli, ["--db", db, "documents", "--json"])
    assert result.exit_code == 0 and "skipped:empty" in result.stdout
