"""Fuzzed readers: hostile bytes, Markdown with broken front matter, HTML, JSON Lines, any file on any name, and the
date and metadata helpers they use. No input may crash a reader; each rejected input is a ``skipped:*`` Document
with a coded error (see ``harness.check_document``). Inputs that once crashed are pinned as ``@example``s; inputs
that once took minutes (quadratic or exponential patterns) are pinned below with a time limit."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given

from claimgraph.config import Settings
from claimgraph.ingest import iter_raw, to_document
from claimgraph.records import RawDocument

from .harness import TARGETS, fuzz_settings
from .strategies import _bomb

DEFAULT = Settings()
BODY = "\nA line of body text.\n"


def _front(yaml_text: str) -> bytes:
    return ("---\n" + yaml_text + "---" + BODY).encode()


@fuzz_settings()
@given(case=TARGETS["text"].strategy)
@example(case=(_front("published: 2020-02-30\n"), DEFAULT))  # YAML builds the date: ValueError
@example(case=(_front("published: 0000-00-00\n"), DEFAULT))  # year 0: ValueError
@example(case=(_front("title: !!int 0x\n"), DEFAULT))  # int("0x"): ValueError
@example(case=(_front("title: " + "9" * 5000 + "\n"), DEFAULT))  # past Python's 4,300-digit int limit
@example(case=(_front("date: 0001-01-01\n"), DEFAULT))  # a date object outside 1900..2100 became `published`
@example(case=(b"F", Settings(encoding="punycode")))  # a forced codec raising bare UnicodeError
@example(case=(b"ab\\ud800 text", Settings(encoding="unicode_escape")))  # decodes to a lone surrogate
def test_fuzz_text_reader(case: Any, workdir: Path) -> None:
    TARGETS["text"].run(case, workdir)


@fuzz_settings()
@given(case=TARGETS["markdown"].strategy)
@example(case=(_front(_bomb(9, "authors")), DEFAULT))  # str() of nine levels of aliases: gigabytes
@example(case=(_front(_bomb(9, "title")), DEFAULT))
@example(
    case=(_front('title: "\\ud800 lone"\nauthors: [[1, [2]], {name: [x]}, {name: Jane Doe}]\n'), DEFAULT)
)
@example(case=(_front("<<: {title: merged}\npublished: 2020-02-30 10:00:00\n"), DEFAULT))
def test_fuzz_markdown_and_front_matter(case: Any, workdir: Path) -> None:
    TARGETS["markdown"].run(case, workdir)


@fuzz_settings()
@given(case=TARGETS["html"].strategy)
@example(
    case=(
        (b"<html><body><p>Ministers met on Tuesday.</p></body></html>", False),
        Settings(encoding="punycode"),
    )
)
@example(case=((b'<?xml version="1.0" encoding="utf-8"?><html><body></body></html>', False), DEFAULT))
def test_fuzz_html_reader(case: Any, workdir: Path) -> None:
    TARGETS["html"].run(case, workdir)


@fuzz_settings()
@given(case=TARGETS["jsonl"].strategy)
@example(
    case=(b'{"maintext": "\\ud800\\udc00 ok pair \\ud800 lone"}\r\n', DEFAULT)
)  # UnicodeEncodeError in sha256
@example(
    case=(b'{"maintext": "Body text of a post.", "title": "a\\udc00b", "authors": ["\\udfff"]}\n', DEFAULT)
)
@example(
    case=(
        b'{"maintext": "Body text.", "authors": [[["x"]], {"name": "Jane Doe"}], "title": [1, 2]}\n',
        DEFAULT,
    )
)
@example(case=(json.dumps({"maintext": "<!--x-->" * 40 + "words"}).encode(), DEFAULT))  # 2**40 backtracking
def test_fuzz_json_lines_file(case: Any, workdir: Path) -> None:
    TARGETS["jsonl"].run(case, workdir)


@fuzz_settings()
@given(case=TARGETS["sources"].strategy)
@example(
    case=(os.fsdecode(b"bad\xff\xfe name.txt"), b"Some text in a file.", DEFAULT, False)
)  # id hash raised
@example(case=(os.fsdecode(b"\xc3.jsonl"), b'{"maintext": "x y z"}\n[1]\n', DEFAULT, False))
@example(case=("doc", ("<!--x-->" * 40 + "words").encode(), DEFAULT, True))  # sniffing: 2**40 backtracking
@example(case=("doc.md", _front("title: !!timestamp 2020-02-30\n"), DEFAULT, False))
def test_fuzz_any_file_or_stdin(case: Any, workdir: Path) -> None:
    TARGETS["sources"].run(case, workdir)


@fuzz_settings()
@given(case=TARGETS["dates"].strategy)
@example(
    case=(dt.datetime(63, 5, 13, 8, 25), "", "ftp://www.a.example/", dt.date(2000, 1, 8))
)  # year 63 kept
@example(
    case=(dt.date(1, 1, 1), "0000-00-00 31/02/2020", "http://a.example/0000/00/00/x", dt.date(2020, 1, 1))
)
def test_fuzz_stated_dates(case: Any, workdir: Path) -> None:
    TARGETS["dates"].run(case, workdir)


@fuzz_settings()
@given(case=TARGETS["metadata"].strategy)
def test_fuzz_text_metadata(case: Any, workdir: Path) -> None:
    TARGETS["metadata"].run(case, workdir)


# --- inputs that once took minutes: each must now finish in well under its limit --------------------------------

SLOW_ONCE = [
    (
        "md",
        "**a " * 50_000,
    ),  # strong emphasis scanned to the end of the line from every "**" (50 s at 20,000)
    ("md", "*a " * 50_000),
    ("md", "~~a " * 50_000),
    ("md", "[a](" * 50_000),  # inline links: to the end of the text from every "[a]("
    ("md", "<a" * 100_000),  # inline HTML: to the end of the line from every "<"
    (
        "html",
        "<title>" * 50_000,
    ),  # the raw <title> search rescanned the page from every unclosed <title> (14 s at 20,000)
    ("html", "<title>" + "<" * 100_000 + "</title><p>Text.</p>"),
    ("", "<!--x-->" * 40 + "words"),  # format sniffing: 2**n ways to group n leading comments
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("ext", "text"), SLOW_ONCE, ids=[f"{e or 'sniffed'}-{t[:8]!r}" for e, t in SLOW_ONCE]
)
def test_fuzz_pathological_input_is_linear(ext: str, text: str) -> None:
    doc = to_document(RawDocument(source=f"slow.{ext}" if ext else "slow", data=text.encode()), DEFAULT)
    assert doc.status in ("ok", "skipped:empty")


@pytest.mark.timeout(60)
def test_fuzz_yaml_alias_bomb_stays_small() -> None:
    doc = to_document(
        RawDocument(source="bomb.md", data=_front(_bomb(9, "authors") + "title: *l9\n")), DEFAULT
    )
    assert doc.ok and doc.author is None and doc.title != "lol"
    assert len(repr(doc)) < 10_000


def test_fuzz_invalid_front_matter_date_is_recorded_not_raised() -> None:
    doc = to_document(
        RawDocument(source="d.md", data=_front("title: Kept\npublished: 2020-02-30\n")), DEFAULT
    )
    assert doc.ok and doc.published is None
    assert "front matter" in doc.meta["front_matter_error"]


def test_fuzz_file_name_that_is_not_utf8_is_ingested(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"r\xe9sum\xe9.txt")).write_bytes(b"Text in a file with a Latin-1 name.")
    [raw] = list(iter_raw([str(tmp_path)], DEFAULT))
    doc = to_document(raw, DEFAULT)  # type: ignore[arg-type]
    assert doc.ok and doc.source.endswith("r\\xe9sum\\xe9.txt")
