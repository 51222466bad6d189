"""``claimgraph review ...`` and ``claimgraph reviews`` over a real store (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.config import load_settings
from claimgraph.workbench import Workbench

from .conftest import fill


@pytest.fixture()
def db(tmp_path: Path) -> tuple[str, dict[str, Any]]:
    path = str(tmp_path / "kb.db")
    with Workbench(load_settings(db=path)) as bench:
        ids = fill(bench)
    return path, ids


def run(db: str, *args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["--db", db, *args], env=env)


def test_cli_review_reject_register_and_undo(db: tuple[str, dict[str, Any]]) -> None:
    path, ids = db
    before = run(path, "register", "--csv").stdout
    result = run(path, "review", "reject", ids["deliv"], "--reason", "not a delivery")
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    assert review["action"] == "reject" and review["reason"] == "not a delivery"
    during = run(path, "register", "--csv").stdout
    assert during != before and ",2018," not in during
    listed = [json.loads(x) for x in run(path, "events", "--json").stdout.splitlines()]
    assert ids["deliv"] not in {e["id"] for e in listed}
    assert run(path, "review", "undo", review["id"]).exit_code == 0
    assert run(path, "register", "--csv").stdout == before
    trail = run(path, "reviews", "--table").stdout
    assert review["id"] in trail and "undone by rv_" in trail


def test_cli_review_correct_and_reviewer_from_env(db: tuple[str, dict[str, Any]]) -> None:
    path, ids = db
    result = run(path, "review", "correct", ids["deliv"], "status", "expected",
                 env={"CLAIMGRAPH_REVIEWER": "desk-officer"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reviewer"] == "desk-officer"
    rows = [json.loads(x) for x in run(path, "events", "--json").stdout.splitlines()]
    row = next(r for r in rows if r["id"] == ids["deliv"])
    assert row["status"] == "expected" and row["review"] == "corrected"
    trail = [json.loads(x) for x in run(path, "reviews", "--json").stdout.splitlines()]
    assert trail[0]["field"] == "status" and trail[0]["value"] == "expected"


def test_cli_review_invalid_value_is_a_clear_error(db: tuple[str, dict[str, Any]]) -> None:
    path, ids = db
    result = run(path, "review", "correct", ids["deliv"], "when", "last spring")
    assert result.exit_code == 1
    assert "[E401]" in result.stderr and "ISO date" in result.stderr
    result = run(path, "review", "correct", ids["deliv"], "colour", "red")
    assert result.exit_code == 2  # not a field: a usage error
    assert run(path, "reviews", "--json").stdout == ""


def test_cli_review_merge_and_split_story(db: tuple[str, dict[str, Any]]) -> None:
    path, ids = db
    stories = [json.loads(x) for x in run(path, "stories", "--json").stdout.splitlines()]
    story = next(s for s in stories if ids["order_c"] in s["events"])
    result = run(path, "review", "split-story", story["id"], ids["order_c"])
    assert result.exit_code == 0, result.output
    after = [json.loads(x) for x in run(path, "stories", "--json").stdout.splitlines()]
    assert [ids["order_c"]] in [s["events"] for s in after]
    result = run(path, "review", "merge", "STATE:RUS", "STATE:IND")
    assert result.exit_code == 0, result.output
    states = {e["id"] for e in map(json.loads, run(path, "entities", "--type", "STATE", "--json").stdout.splitlines())}
    assert "STATE:IND" not in states and "STATE:RUS" in states
