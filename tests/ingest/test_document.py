"""End-to-end ingest: the seed articles, a folder of bad inputs, ids, offsets, and a never-raises property."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from claimgraph.config import Settings
from claimgraph.ingest import iter_raw, to_document
from claimgraph.records import Document, RawDocument, make_id

SCRIPT_MARK = "zqxscriptpayload"
ARTICLE = (
    "The regional council in Málaga met on Thursday to discuss water rights with a delegation from Zürich. "
    "Señora Núñez, who chairs the committee, said the agreement would be signed before the summer recess, "
    "although two members asked for more time to review the annex on groundwater."
)


def _ingest_all(paths: list[str], settings: Settings) -> list[Document]:
    return [i if isinstance(i, Document) else to_document(i, settings) for i in iter_raw(paths, settings)]


# --- the seed articles (read at run time, never copied) ---


@pytest.fixture(scope="module")
def seed_docs(seeds_dir: Path) -> dict[str, Document]:
    s = Settings()
    return {Path(d.source).name[:3]: d for d in _ingest_all([str(seeds_dir)], s)}


@pytest.mark.seeds
def test_document_seed_000_metadata(seed_docs: dict[str, Document], gold_dir: Path) -> None:
    import json

    gold = json.loads((gold_dir / "000.json").read_text(encoding="utf-8"))  # expected metadata, read at run time
    doc = seed_docs["000"]
    assert doc.ok and doc.language == "en" and doc.media_type == "text/plain"
    assert doc.title == gold["title"]
    assert doc.author == gold["author"]
    assert (doc.stated_date, doc.published, doc.published_basis) == ("2020-08-04", "2020-08-04", "stated")
    assert doc.published_reason
    assert "No comments:" not in doc.text
    assert doc.outlet == "The National Interest"  # from the author's bio line


@pytest.mark.seeds
@pytest.mark.parametrize("name", ["002", "003"])
def test_document_seed_publication_line(seed_docs: dict[str, Document], seeds_dir: Path, name: str) -> None:
    import re

    doc = seed_docs[name]
    raw = next(seeds_dir.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    issue = re.search(r"Issue:\s*(\d+)", raw)
    assert issue is not None
    assert (doc.outlet, doc.volume, doc.issue) == ("Eurasia Daily Monitor", "13", issue.group(1))
    assert doc.title and not doc.title.startswith("Publication")
    assert doc.stated_date is None and doc.published_basis is None


@pytest.mark.seeds
def test_document_seed_004_header_boilerplate(seed_docs: dict[str, Document]) -> None:
    doc = seed_docs["004"]
    assert (doc.stated_date, doc.published_basis) == ("2024-12-30", "stated")
    lines = doc.text.split("\n")
    assert "165views" not in lines and "News" not in lines
    assert "165views" not in doc.text
    assert not doc.text.startswith("Monday")
    assert doc.title and doc.text.startswith(doc.title)
    removed = {r["rule"] for r in doc.meta["boilerplate_removed"]}
    assert {"views", "section", "dateline"} <= removed


@pytest.mark.seeds
def test_document_seed_ids_and_offsets(seed_docs: dict[str, Document], seeds_dir: Path) -> None:
    assert len({d.id for d in seed_docs.values()}) == 5
    for doc in seed_docs.values():
        assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        assert doc.id == make_id("doc", doc.sha256, doc.stated_date or "")
    # the same text reached through another path (stdin) is the same document
    path = next(seeds_dir.glob("000_*.txt"))
    again = to_document(RawDocument("-", path.read_bytes()), Settings())
    assert again.id == seed_docs["000"].id


# --- a folder of bad inputs, built here ---


@pytest.fixture()
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(64))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin.txt").write_bytes(("Water Rights Talks\n\n" + ARTICLE).encode("latin-1"))
    with (folder / "huge.txt").open("wb") as fh:
        chunk = b"All work and no play makes a very long file. " * 23000  # ~1 MB
        for _ in range(50):
            fh.write(chunk)
    (folder / "broken.html").write_text(
        "<html><head><title>Broken</title><body><div><p>The council <b>approved the budget<p>after a vote"
        "</div> that ran late</span> into the night.<table><tr><td>unclosed cell"
    )
    scripts = "".join(f"<script>var a{i} = '{SCRIPT_MARK}{i}';</script>" for i in range(30))
    (folder / "scripts.html").write_text(
        f"<html><head>{scripts}<style>p {{ color: red }}</style></head><body>{scripts}"
        f"<article><p>{ARTICLE}</p></article>{scripts}<noscript>{SCRIPT_MARK}</noscript></body></html>"
    )
    return folder


def test_document_bad_inputs(bad_folder: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = bad_folder / "huge.txt"
    assert huge.stat().st_size > 50_000_000
    opened: list[str] = []
    real_read_bytes = Path.read_bytes
    real_open = Path.open

    def spy_read_bytes(self: Path) -> bytes:
        opened.append(self.name)
        return real_read_bytes(self)

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    monkeypatch.setattr(Path, "open", spy_open)
    docs = {Path(d.source).name: d for d in _ingest_all([str(bad_folder)], settings)}
    assert "huge.txt" not in opened  # skipped on its size alone

    assert docs["huge.txt"].status == "skipped:too_large" and docs["huge.txt"].error.startswith("[E104]")  # type: ignore[union-attr]
    assert docs["chart.png"].status == "skipped:binary" and docs["chart.png"].error.startswith("[E102]")  # type: ignore[union-attr]
    assert docs["empty.txt"].status == "skipped:empty" and docs["empty.txt"].error.startswith("[E103]")  # type: ignore[union-attr]

    latin = docs["latin.txt"]
    assert latin.ok and ARTICLE in latin.text and "Málaga" in latin.text and "Núñez" in latin.text
    assert latin.title == "Water Rights Talks" and latin.meta["encoding"] == "cp1252"

    broken = docs["broken.html"]
    assert broken.ok and broken.media_type == "text/html"
    assert "approved the budget" in broken.text and "into the night" in broken.text and "<" not in broken.text

    page = docs["scripts.html"]
    assert page.ok and ARTICLE in page.text
    for doc in docs.values():
        assert SCRIPT_MARK not in repr(doc)  # not in text, title, meta, anything
        if not doc.ok:
            assert doc.text == "" and doc.id == make_id("doc", doc.source, doc.sha256)


def test_document_forced_encoding(settings: Settings) -> None:
    data = ARTICLE.encode("latin-1")
    doc = to_document(RawDocument("a.txt", data), settings.replace(encoding="latin-1"))
    assert doc.ok and "Núñez" in doc.text and doc.meta["encoding"] == "latin-1"
    bad = to_document(RawDocument("a.txt", data), settings.replace(encoding="utf-8"))
    assert bad.status == "skipped:decode" and bad.error and bad.error.startswith("[E105]")


def test_document_non_english_kept_ok(ingest: Callable[..., Document]) -> None:
    doc = ingest(
        "Le conseil régional a approuvé le budget après un long débat. Les élus de l'opposition ont "
        "voté contre le texte, qui prévoit une hausse des dépenses pour les transports publics."
    )
    assert doc.ok and doc.language == "fr"


def test_document_same_text_same_id_across_formats(ingest: Callable[..., Document]) -> None:
    as_text = ingest(ARTICLE, source="a.txt")
    as_md = ingest(f"{ARTICLE}\n", source="a.md")
    as_html = ingest(f"<html><body><p>{ARTICLE}</p></body></html>", source="a.html")
    assert as_text.id == as_md.id == as_html.id
    assert as_text.media_type != as_html.media_type


def test_document_skipped_ids_deterministic(ingest: Callable[..., Document]) -> None:
    a = ingest(b"\x89PNG\r\n\x1a\nxxxx", source="x.png")
    b = ingest(b"\x89PNG\r\n\x1a\nxxxx", source="x.png")
    c = ingest(b"\x89PNG\r\n\x1a\nxxxx", source="y.png")
    assert a.id == b.id != c.id
    assert a.sha256 == hashlib.sha256(b"\x89PNG\r\n\x1a\nxxxx").hexdigest()


@given(
    data=st.binary(max_size=2048),
    kind=st.sampled_from([None, "text/html", "application/x-ndjson", "text/markdown"]),
)
@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_document_never_raises_on_arbitrary_bytes(data: bytes, kind: str | None) -> None:
    doc = to_document(RawDocument("fuzz", data, media_type=kind), Settings())
    assert doc.status == "ok" or doc.status.startswith("skipped:")
    assert (doc.error is None) == doc.ok
    if doc.ok:
        assert doc.text and doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


@given(text=st.text(max_size=600))
@hsettings(max_examples=150, deadline=None)
def test_document_never_raises_on_arbitrary_text(text: str) -> None:
    for source in ("t.txt", "t.md", "t.html"):
        doc = to_document(RawDocument(source, text.encode("utf-8", errors="surrogatepass")), Settings())
        assert doc.status == "ok" or doc.status.startswith("skipped:")


def test_document_byline_date_and_prose_dates(ingest: Callable[..., Document]) -> None:
    text = (
        "Pipeline Talks Resume\n\nBy Ann Lee | 3 March 2016\n\n"
        "The talks first began on 12 May 2011 and have been suspended twice since then, most recently after a "
        "dispute over transit fees that neither side has been willing to settle in public so far this year.\n"
    )
    doc = ingest(text)
    assert (doc.author, doc.stated_date, doc.published_basis) == ("Ann Lee", "2016-03-03", "stated")
    assert [c["value"] for c in doc.meta["date_candidates"]] == [
        "2016-03-03"
    ]  # the 2011 date is an event date


def test_document_utf16_and_crlf(ingest: Callable[..., Document]) -> None:
    import codecs

    data = codecs.BOM_UTF16_LE + f"Water Talks\r\n\r\n{ARTICLE}\r\n".encode("utf-16-le")
    doc = ingest(data)
    assert doc.ok and doc.text == f"Water Talks\n\n{ARTICLE}" and doc.title == "Water Talks"


def test_document_html_header_dateline_is_stated(ingest: Callable[..., Document]) -> None:
    html = f"<html><body><p>Analysis</p><p>Tuesday, 9 June 2015</p><h1>Water Talks Resume</h1><p>{ARTICLE}</p></body></html>"
    doc = ingest(html, source="w.html")
    assert doc.ok and doc.stated_date == "2015-06-09"
    assert "Tuesday" not in doc.text and "Analysis" not in doc.text.split("\n")
