"""The training corpus: the authored format, its validation, and the size and spread the issue asks for."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from claimgraph.train.corpus import EVENT_TYPES, STYLES, load_corpus, main, parse_authored

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

GOOD = """---
doc: t-001
style: wire
published: 2021-06-02
title: A test
outlet: Test Wire
---
PORTLAND, June 2 (Test Wire) - Freedonia received six patrol boats from Sylvania on Tuesday, its navy said.
=== annotation ===
entities:
  STATE: [FRE, SYL]
events:
  - type: arms_delivery
    actor: SYL
    target: FRE
    item: null
    quantity: {value: 6, unit: boat}
    value: null
    when: 2021-06-01
    status: occurred
    attributed_to: navy
    hedged: false
    evidence: "Freedonia received six patrol boats from Sylvania on Tuesday"
    trigger: received
"""


def _write(tmp_path: Path, text: str, name: str = "t-001.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_offsets_are_computed_from_the_quoted_evidence_and_trigger(tmp_path: Path) -> None:
    art = parse_authored(_write(tmp_path, GOOD))
    assert art.problems == []
    ev = art.events[0]
    assert art.text[ev["start"]:ev["end"]] == "Freedonia received six patrol boats from Sylvania on Tuesday"
    assert art.text[ev["trigger_start"]:ev["trigger_end"]] == "received"
    gold = art.gold()
    assert gold["doc"] == "t-001" and gold["published"] == "2021-06-02" and gold["events"][0]["id"] == "t-001-e1"


@pytest.mark.parametrize(("change", "problem"), [
    (("type: arms_delivery", "type: arms_gift"), "type 'arms_gift' unknown"),
    (("status: occurred", "status: happened"), "status 'happened' unknown"),
    (("when: 2021-06-01", "when: June 2021"), "is not YYYY"),
    (("trigger: received", "trigger: shipped"), "not inside the evidence"),
    (("on Tuesday\"", "on Friday\""), "evidence not found"),
    (("actor: SYL", "actor: syl"), "not upper-case ISO3"),
    (("style: wire", "style: poem"), "style 'poem'"),
])
def test_validation_names_each_problem(tmp_path: Path, change: tuple[str, str], problem: str) -> None:
    art = parse_authored(_write(tmp_path, GOOD.replace(*change)))
    assert any(problem in p for p in art.problems), art.problems


def test_validate_command_exits_1_on_problems_and_prints_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, GOOD)
    assert main(["validate", str(tmp_path)]) == 0
    assert "1 articles, 1 events" in capsys.readouterr().out
    _write(tmp_path, GOOD.replace("doc: t-001", "doc: t-001").replace("trigger: received", "trigger: zzz"), "t-002.md")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "used by 2 files" in out and "not inside the evidence" in out


def test_unreadable_files_are_reported_not_raised(tmp_path: Path) -> None:
    _write(tmp_path, "no front matter at all", "bad.md")
    (art,) = load_corpus([tmp_path])
    assert art.problems and art.problems[0].startswith("unreadable")


def test_the_packaged_corpus_is_valid_and_large_enough() -> None:
    arts = load_corpus()
    bad = [(a.path, a.problems) for a in arts if a.problems]
    assert bad == []
    events = [e for a in arts for e in a.events]
    assert len(arts) >= 300 and len(events) >= 2000
    types = Counter(e["type"] for e in events)
    assert set(types) == set(EVENT_TYPES) and min(types.values()) >= 20
    styles = Counter(a.meta.get("style") for a in arts)
    assert len(styles) >= 8 and set(styles) <= set(STYLES)
    assert len({a.doc for a in arts}) == len(arts)


@pytest.mark.seeds
def test_no_reserved_page_is_used() -> None:
    """Every URL of the corpus passes ../shared/tools/reserved.py (pages kept aside for measuring)."""
    tool = SHARED / "tools" / "reserved.py"
    if not tool.exists():
        pytest.skip("../shared/tools/reserved.py is not beside the repository")
    urls = sorted({str(a.meta["url"]) for a in load_corpus() if a.meta.get("url")})
    assert urls
    out = subprocess.run([sys.executable, str(tool), *urls], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
