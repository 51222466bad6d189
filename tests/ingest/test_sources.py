from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from claimgraph.config import Settings
from claimgraph.ingest import iter_raw
from claimgraph.records import Document, RawDocument


def _sources(items: list[RawDocument | Document]) -> list[str]:
    return [i.source for i in items]


def test_sources_folder_recursive_sorted_skips_hidden(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "z.txt").write_text("zed")
    (tmp_path / "b" / "a.txt").write_text("ay")
    (tmp_path / "c.txt").write_text("see")
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git" / "config").write_text("secret")
    items = list(iter_raw([str(tmp_path)], settings))
    assert _sources(items) == [
        str(tmp_path / "b" / "a.txt"),
        str(tmp_path / "b" / "z.txt"),
        str(tmp_path / "c.txt"),
    ]
    assert all(isinstance(i, RawDocument) for i in items)


def test_sources_missing_path_is_skipped_e101(tmp_path: Path, settings: Settings) -> None:
    (item,) = list(iter_raw([str(tmp_path / "nope.txt")], settings))
    assert isinstance(item, Document)
    assert item.status == "skipped:unreadable" and item.error and item.error.startswith("[E101]")


def test_sources_jsonl_records_and_malformed_line(tmp_path: Path, settings: Settings) -> None:
    feed = tmp_path / "feed.jsonl"
    good = {"title": "First", "maintext": "Words of the first record.", "source_domain": "example.org"}
    feed.write_text(json.dumps(good) + "\n{not json\n\n" + json.dumps({"text": "Third."}) + "\n[1, 2]\n")
    items = list(iter_raw([str(feed)], settings))
    assert _sources(items) == [f"{feed}#1", f"{feed}#2", f"{feed}#4", f"{feed}#5"]
    first, bad, third, array = items
    assert isinstance(first, RawDocument) and first.metadata["title"] == "First"
    assert first.media_type == "application/x-ndjson"
    assert isinstance(bad, Document) and bad.status == "skipped:malformed" and "[E108]" in (bad.error or "")
    assert isinstance(third, RawDocument) and third.metadata == {"text": "Third."}
    assert isinstance(array, Document) and array.status == "skipped:malformed"


def test_sources_jsonl_oversized_record_skipped_rest_continue(tmp_path: Path) -> None:
    feed = tmp_path / "feed.ndjson"
    feed.write_text(json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "small"}) + "\n")
    items = list(iter_raw([str(feed)], Settings(max_bytes=200)))
    assert isinstance(items[0], Document) and items[0].status == "skipped:too_large"
    assert isinstance(items[1], RawDocument) and items[1].metadata == {"text": "small"}


def test_sources_stdin_text_and_jsonl(settings: Settings) -> None:
    (item,) = list(iter_raw(["-"], settings, stdin=io.BytesIO(b"Some words from a pipe.")))
    assert isinstance(item, RawDocument) and item.source == "-" and item.data == b"Some words from a pipe."
    lines = b'{"text": "one"}\n{"text": "two"}\n'
    items = list(iter_raw(["-"], settings, stdin=io.BytesIO(lines)))
    assert _sources(items) == ["-#1", "-#2"]


def test_sources_stdin_too_large() -> None:
    (item,) = list(iter_raw(["-"], Settings(max_bytes=10), stdin=io.BytesIO(b"x" * 100)))
    assert isinstance(item, Document) and item.status == "skipped:too_large"


def test_sources_unlistable_subfolder_reported(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from claimgraph.ingest import sources

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("unreachable")
    (tmp_path / "ok.txt").write_text("fine")
    real_scandir = os.scandir

    def scandir(path: Path):  # type: ignore[no-untyped-def]
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(sources.os, "scandir", scandir)
    by_source = {i.source: i for i in iter_raw([str(tmp_path)], settings)}
    bad = by_source[str(locked)]
    assert isinstance(bad, Document) and bad.status == "skipped:unreadable" and "[E101]" in (bad.error or "")
    assert isinstance(by_source[str(tmp_path / "ok.txt")], RawDocument)
