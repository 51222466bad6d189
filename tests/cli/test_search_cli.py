"""``claimgraph search`` and ``claimgraph ask``: the Workbench's results in JSON Lines, tables, CSV and JSON."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.records import Document, DocumentResult, Entity, Event, Mention, Span, TimeValue, make_id
from claimgraph.workbench import open_workbench

TEXT = ("Moscow delivered two QK-7 sonar sets to Beijing in October 2018. "
        "Harbour crews in both countries described the handover as routine.")
CLAIM = "Moscow delivered two QK-7 sonar sets to Beijing in October 2018."


def _result() -> DocumentResult:
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    doc = Document(id=make_id("doc", sha), source="sonar.txt", sha256=sha, text=TEXT, title="Sonar handover",
                   outlet="Example Wire", published="2018-11-01", published_basis="stated")
    states = [Entity("STATE:RUS", "STATE", "Russia", ("Moscow",), "RUS"),
              Entity("STATE:CHN", "STATE", "China", ("Beijing",), "CHN")]
    mentions = [Mention(make_id("m", doc.id, TEXT.index(e.aliases[0])), doc.id, TEXT.index(e.aliases[0]),
                        TEXT.index(e.aliases[0]) + len(e.aliases[0]), e.aliases[0], "STATE", e.id, "gazetteer")
                for e in states]
    event = Event(make_id("ev", doc.id, 0), doc.id, "arms_delivery", Span(0, len(CLAIM), CLAIM),
                  actor="STATE:RUS", target="STATE:CHN", item_text="QK-7 sonar sets", when=TimeValue("2018-10"))
    return DocumentResult(doc, tuple(mentions), tuple(states), (event,))


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.db")
    with open_workbench(path) as wb:
        wb.store.write_result(_result())
        wb.reconcile()
    return path


def run(db: str, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_search_cli_json_lines(db: str) -> None:
    code, out, err = run(db, "search", "sonar", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["kind"] for r in rows} == {"document", "claim"}
    assert set(rows[0]) == {"kind", "document", "event", "title", "outlet", "published", "score", "snippet",
                            "highlights", "start", "end"}
    for r in rows:
        assert TEXT[r["start"]:r["end"]] == r["snippet"]
        assert all(r["snippet"][s:e].lower() == "sonar" for s, e in r["highlights"])
    assert "2 matches" in err


def test_search_cli_filters_table_csv(db: str) -> None:
    code, out, _ = run(db, "search", "sonar", "--kind", "claims", "--entity", "CHN", "--since", "2018", "--table")
    assert code == 0 and "claim" in out and "document " not in out.splitlines()[-1]
    code, out, _ = run(db, "search", "sonar", "--outlet", "example wire", "--csv", "--limit", "1", "--offset", "1")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 1 and rows[0]["outlet"] == "Example Wire"
    code, out, _ = run(db, "search", 'QK-7 "AND (', "--json")
    assert code == 0 and out == ""  # no "AND" anywhere: plain words, no syntax error
    code, _, err = run(db, "search", "sonar", "--since", "autumn")
    assert code == 2 and "autumn" in err


def test_ask_cli_json_shape_and_text(db: str) -> None:
    code, out, _ = run(db, "ask", "What did Russia deliver to China?", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"answer", "sentences", "basis"}
    assert data["basis"] == "structured"
    for sentence in data["sentences"]:
        assert set(sentence) == {"text", "citations"} and sentence["citations"]
        for c in sentence["citations"]:
            assert set(c) == {"document", "start", "end", "evidence"} and TEXT[c["start"]:c["end"]] == c["evidence"]
    code, out, _ = run(db, "ask", "What did Russia do for China?")
    assert code == 0 and out.startswith("1. ") and CLAIM in out
    code, out, _ = run(db, "ask", "Who painted the ceiling of the Sistine Chapel?")
    assert code == 0 and out.startswith("The sources in this knowledge base do not answer")
