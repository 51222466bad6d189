"""The command line end to end, in-process (CliRunner) and once as the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli

pytestmark = pytest.mark.model


def run(db: str, *args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "kb.db")
    code, _, err = run(db, "ingest", "--silent", str(seeds_dir))
    assert code == 0, err
    return db


def test_cli_every_command_has_help_with_examples() -> None:
    for name in cli.commands:
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output or name in {"reconcile"}, f"{name} --help has no example"


def test_cli_usage_error_exits_2(tmp_db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", tmp_db, "events", "--status", "nonsense"])
    assert result.exit_code == 2


def test_cli_ingest_twice_is_idempotent(seeded: str, seeds_dir: Path) -> None:
    before = jsonl(run(seeded, "documents", "--json")[1])
    events_before = jsonl(run(seeded, "events", "--json")[1])
    code, _, _ = run(seeded, "ingest", "--silent", str(seeds_dir))
    assert code == 0
    after = jsonl(run(seeded, "documents", "--json")[1])
    assert len([d for d in after if d["status"] == "ok"]) == 5
    assert sorted(d["id"] for d in before) == sorted(d["id"] for d in after)
    assert len(jsonl(run(seeded, "events", "--json")[1])) == len(events_before)
    ents = jsonl(run(seeded, "entities", "--json")[1])
    assert len({e["id"] for e in ents}) == len(ents)


def test_cli_listings_and_formats(seeded: str) -> None:
    states = jsonl(run(seeded, "entities", "--type", "STATE", "--json")[1])
    assert {"RUS", "CHN", "IND"} <= {s["iso3"] for s in states}
    code, out, _ = run(seeded, "entities", "--type", "STATE", "--csv")
    assert code == 0 and out.splitlines()[0].startswith("id,type,name")
    code, out, _ = run(seeded, "documents", "--table")
    assert code == 0 and "published_basis" in out.splitlines()[0]


def test_cli_show_marks_spans(seeded: str) -> None:
    code, out, _ = run(seeded, "show", "000", "--no-color")
    assert code == 0
    assert "|RUS]" in out or "|CHN]" in out
    code, out, _ = run(seeded, "show", "000_a9a9c49f7c47a144", "--json")
    view = json.loads(out)
    text = view["document"]["text"]
    for m in view["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_cli_show_unknown_document_is_a_clear_error(seeded: str) -> None:
    result = CliRunner().invoke(cli, ["--db", seeded, "show", "no-such-doc"])
    assert result.exit_code == 1
    assert "E304" in str(result.exception) or "E304" in result.output


def test_cli_export_contract(seeded: str, tmp_path: Path) -> None:
    code, _, _ = run(seeded, "export", str(tmp_path / "out"))
    assert code == 0
    docs = jsonl((tmp_path / "out" / "documents.jsonl").read_text())
    for key in ("id", "source", "title", "author", "outlet", "published", "published_basis", "language", "sha256", "status"):
        assert key in docs[0]
    ents = jsonl((tmp_path / "out" / "entities.jsonl").read_text())
    for key in ("id", "type", "name", "iso3", "aliases", "documents", "mentions"):
        assert key in ents[0]
    events = jsonl((tmp_path / "out" / "events.jsonl").read_text())
    assert events, "events.jsonl is empty"
    for key in ("id", "document", "type", "actor", "target", "item", "quantity", "value", "when", "status",
                "attributed_to", "hedged", "evidence"):
        assert key in events[0]
    texts = {d["id"]: d for d in docs}
    assert all(e["document"] in texts for e in events)


def test_cli_bad_inputs_reported_exit_1_nothing_lost(seeded: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "latin1.txt").write_bytes(
        "Caf\u00e9 diplomacy\n\nThe Fran\u00e7ais envoy met M\u00fcller in S\u00e3o Paulo on Monday, "
        "officials said, and both sides agreed to resume talks.".encode("latin-1")
    )
    (bad / "scripts.html").write_text(
        "<html><head><script>var secret='XSS-MARKER';</script></head><body><script>alert('XSS-MARKER')</script>"
        "<article><h1>Ministers meet</h1><p>The two foreign ministers met in Geneva on Tuesday and agreed to "
        "continue consultations, a spokesman said.</p></article></body></html>"
    )
    with open(bad / "huge.txt", "wb") as fh:  # 50 MB: over the default 10 MB limit, never read
        line = b"The delegation met again on Thursday and issued a joint statement on trade.\n"
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    (bad / "malformed.html").write_text(
        "<html><body><div><p>Officials from both countries met in Astana on Friday <b>and discussed "
        "energy cooperation<p>The talks continued into the evening</div></span></td>"
    )
    db = str(tmp_path / "copy.db")
    shutil.copy(seeded, db)
    before = {d["id"] for d in jsonl(run(db, "documents", "--status", "ok", "--json")[1])}
    code, _, err = run(db, "ingest", "--silent", str(bad))
    assert code == 1
    assert "image.png" in err and "empty.txt" in err and "huge.txt" in err
    assert "E102" in err and "E103" in err and "E104" in err
    docs = jsonl(run(db, "documents", "--json")[1])
    ok = {d["id"] for d in docs if d["status"] == "ok"}
    assert before <= ok
    code, out, _ = run(db, "show", "latin1", "--json")
    assert "Caf\u00e9" in json.loads(out)["document"]["text"]
    code, out, _ = run(db, "show", "scripts", "--json")
    assert "XSS-MARKER" not in out and "Geneva" in out
    code, out, _ = run(db, "show", "malformed", "--json")
    assert "Astana" in json.loads(out)["document"]["text"]
    statuses = {d["source"].rsplit("/", 1)[-1]: d["status"] for d in docs}
    assert statuses["image.png"] == "skipped:binary" and statuses["empty.txt"] == "skipped:empty"
    assert statuses["huge.txt"] == "skipped:too_large"


def test_cli_console_script_help() -> None:
    exe = shutil.which("claimgraph") or str(Path(sys.executable).with_name("claimgraph"))
    if not Path(exe).exists():
        pytest.skip("console script not installed (run pip install .)")
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True)
    assert "ingest" in out.stdout


def test_cli_process_exit_codes(tmp_path: Path) -> None:
    """The real process (python -m claimgraph) exits 1 when an input fails and 2 on a usage error."""
    db = str(tmp_path / "codes.db")
    base = [sys.executable, "-m", "claimgraph", "--db", db]
    missing = subprocess.run([*base, "ingest", "--silent", str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert missing.returncode == 1 and "E101" in missing.stderr
    usage = subprocess.run([*base, "ingest"], capture_output=True, text=True)
    assert usage.returncode == 2
    unknown = subprocess.run([*base, "show", "nothing"], capture_output=True, text=True)
    assert unknown.returncode == 1 and "E304" in unknown.stderr


def test_cli_ingest_skips_the_store_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("Russia and China held naval drills in the Sea of Japan, officials said.")
    db = str(tmp_path / "kb.db")
    for _ in range(2):  # the second run finds kb.db and its -wal/-shm beside the article
        code, _, err = run(db, "ingest", "--silent", str(tmp_path))
        assert code == 0, err
    docs = jsonl(run(db, "documents", "--json")[1])
    assert [d["name"] for d in docs] == ["note"]
