"""Reviews survive ``ingest --force`` and ``reconcile``: they name claims by content-hash ids (issue 9, part 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli

pytestmark = pytest.mark.model

# Our own invented report.
TEXT = (
    "Moscow delivered the first S-400 regiment to China in May 2018, the defence ministry said.\n\n"
    "Russia signed a contract in October 2018 to sell India five S-400 systems for about five billion dollars.\n"
)


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def events(db: str) -> dict[str, dict]:
    code, out, _ = run(db, "events", "--json")
    assert code == 0
    return {e["id"]: e for e in map(json.loads, out.splitlines())}


def test_reviews_survive_forced_reingest_and_reconcile(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    article = tmp_path / "report.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert run(db, "ingest", "--silent", str(article))[0] == 0
    found = events(db)
    assert len(found) >= 2, found
    rejected, corrected = sorted(found)[:2]

    code, out, _ = run(db, "review", "reject", rejected, "--reason", "test reject", "--reviewer", "tester")
    assert code == 0 and json.loads(out)["action"] == "reject"
    code, _, _ = run(db, "review", "correct", corrected, "when", "2017-11")
    assert code == 0

    for step in (("ingest", "--silent", "--force", str(article)), ("reconcile",)):
        assert run(db, *step)[0] == 0
        now = events(db)
        assert set(now) == set(found) - {rejected}, step  # same ids after re-processing; the reject holds
        assert now[corrected]["when"] == "2017-11" and now[corrected]["review"] == "corrected"

    code, out, _ = run(db, "reviews", "--json")
    trail = [json.loads(line) for line in out.splitlines()]
    assert [r["action"] for r in trail] == ["reject", "correct"]
    assert trail[0]["reviewer"] == "tester" and trail[0]["status"] == "active"
