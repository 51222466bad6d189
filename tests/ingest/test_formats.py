from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from claimgraph.config import Settings
from claimgraph.ingest import iter_raw, to_document
from claimgraph.ingest.formats import (
    HTML,
    MARKDOWN,
    NDJSON,
    TEXT,
    detect_media_type,
    split_front_matter,
    strip_markdown,
)
from claimgraph.records import Document, RawDocument

PARA = (
    "Negotiators from the three states spent a second day on the wording of the export clause, and a final "
    "text is expected to be circulated to the capitals before the end of the month, diplomats said."
)
PARA2 = (
    "The clause would require each party to notify the others before any transfer of air defence equipment "
    "to a third country, a condition that one delegation had rejected in an earlier round of the talks."
)


def test_formats_detect_media_type() -> None:
    assert detect_media_type("a.md", None, "") == MARKDOWN
    assert detect_media_type("feed.ndjson#3", None, "") == NDJSON
    assert detect_media_type("page", None, "<!DOCTYPE html><html><body>x</body></html>") == HTML
    assert detect_media_type("page", "html", "") == HTML
    assert detect_media_type("notes", None, "Just words.") == TEXT


def test_formats_plain_text(ingest: Callable[..., Document]) -> None:
    doc = ingest(f"Export Clause Talks Continue\n\n{PARA}\n\n{PARA2}\n", source="a.txt")
    assert doc.ok and doc.media_type == "text/plain"
    assert doc.text == f"Export Clause Talks Continue\n\n{PARA}\n\n{PARA2}"
    assert doc.title == "Export Clause Talks Continue"


def test_formats_markdown_strips_markup(ingest: Callable[..., Document]) -> None:
    md = (
        "# Export *Clause* Talks\n\n"
        f"{PARA}\n\n"
        "> The **final** text is [not yet agreed](https://example.org/x), said one `envoy`.\n\n"
        "- first point\n- second point\n\n"
        "![a chart](chart.png)\n\n---\n"
    )
    doc = ingest(md, source="story.md")
    assert doc.ok and doc.media_type == "text/markdown"
    assert doc.title == "Export Clause Talks"
    assert "The final text is not yet agreed, said one envoy." in doc.text
    assert "first point\nsecond point" in doc.text
    for markup in ("#", "**", "](", "`", "![", "---", "> "):
        assert markup not in doc.text


def test_formats_strip_markdown_emphasis_keeps_snake_case() -> None:
    text, title = strip_markdown("Call *this* and _that_ but keep snake_case_name intact.")
    assert text == "Call this and that but keep snake_case_name intact." and title is None


def test_formats_front_matter(ingest: Callable[..., Document]) -> None:
    md = (
        "---\n"
        "title: Export clause talks continue\n"
        "url: https://www.thediplomat.com/2021/03/export-clause/\n"
        "published: 2021-03-04\n"
        "author: Rina Sato\n"
        "outlet: The Quarterly Observer\n"
        "---\n"
        f"{PARA}\n"
    )
    doc = ingest(md, source="story.md")
    assert doc.ok
    assert (doc.title, doc.author, doc.outlet) == (
        "Export clause talks continue",
        "Rina Sato",
        "The Quarterly Observer",
    )
    assert doc.url == "https://www.thediplomat.com/2021/03/export-clause/"
    assert (doc.stated_date, doc.published, doc.published_basis) == ("2021-03-04", "2021-03-04", "metadata")
    assert doc.published_reason and "front matter" in doc.published_reason
    assert "title:" not in doc.text and doc.text == PARA


def test_formats_front_matter_invalid_yaml_is_recorded() -> None:
    fields, body, error = split_front_matter("---\ntitle: [unclosed\n---\nBody text.")
    assert fields == {} and body == "Body text." and error


def test_formats_html_main_text_and_metadata(ingest: Callable[..., Document]) -> None:
    html = f"""<!DOCTYPE html><html><head>
<title>Export clause talks continue | The Quarterly Observer</title>
<meta property="og:site_name" content="The Quarterly Observer">
<meta name="author" content="Rina Sato">
<meta property="article:published_time" content="2021-03-04T09:00:00Z">
<style>.hidden {{ display: none }}</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Export clause talks continue</h1><p>{PARA}</p><p>{PARA2}</p></article>
<footer>Copyright 2021 The Quarterly Observer</footer></body></html>"""
    doc = ingest(html, source="https://example.org/story.html")
    assert doc.ok and doc.media_type == "text/html"
    assert PARA in doc.text and PARA2 in doc.text
    assert "display: none" not in doc.text and "<p>" not in doc.text
    assert doc.title == "Export clause talks continue"
    assert (doc.author, doc.outlet) == ("Rina Sato", "The Quarterly Observer")
    assert (doc.published, doc.published_basis) == ("2021-03-04", "metadata")


def test_formats_html_tiny_page_falls_back_to_lxml(ingest: Callable[..., Document]) -> None:
    doc = ingest(
        "<html><head><title>Note</title></head><body><p>Two short words.</p></body></html>", source="n.html"
    )
    assert doc.ok and doc.text == "Two short words."


def test_formats_jsonl_record_fields(ingest: Callable[..., Document]) -> None:
    import json

    record = {
        "url": "https://www.reuters.com/world/2021/03/05/story/",
        "title": "Export clause talks continue",
        "maintext": PARA,
        "date_publish": "2021-03-04 10:00:00",
        "authors": ["Rina Sato", "Tom Berg"],
        "source_domain": "www.reuters.com",
    }
    line = json.dumps(record).encode()
    doc = ingest(line, source="feed.jsonl#1", media_type="application/x-ndjson", metadata=record)
    assert doc.ok and doc.media_type == "application/x-ndjson"
    assert doc.text == PARA
    assert (doc.title, doc.author, doc.outlet) == (
        "Export clause talks continue",
        "Rina Sato, Tom Berg",
        "Reuters",
    )
    assert (doc.published, doc.published_basis) == ("2021-03-04", "metadata")
    candidates = [c["value"] for c in doc.meta["date_candidates"]]
    assert candidates == ["2021-03-04", "2021-03-05"]  # the URL path is kept as weaker evidence


def test_formats_jsonl_text_field_and_url_date(ingest: Callable[..., Document]) -> None:
    record = {"text": PARA, "url": "https://unknown-site.net/2019/11/02/item"}
    doc = ingest(b"{}", source="-#2", media_type="application/x-ndjson", metadata=record)
    assert doc.ok and doc.text == PARA
    assert doc.outlet == "unknown-site.net"
    assert (doc.published, doc.published_basis) == ("2019-11-02", "metadata")
    assert doc.published_reason and "URL" in doc.published_reason


def test_formats_jsonl_record_without_text_is_empty(ingest: Callable[..., Document]) -> None:
    doc = ingest(b'{"title": "only a title"}', source="f.jsonl#1", media_type="application/x-ndjson")
    assert doc.status == "skipped:empty" and doc.error and "[E103]" in doc.error


def test_formats_single_json_record_file(tmp_path: Path, settings: Settings) -> None:
    import json

    (tmp_path / "article.json").write_text(
        json.dumps(
            {"title": "Export clause", "maintext": PARA, "date_publish": "2020-01-02", "authors": "Rina Sato"}
        )
    )
    (tmp_path / "list.json").write_text(json.dumps([PARA]))
    docs = {
        Path(d.source).name: d
        for d in (
            to_document(r, settings)
            for r in iter_raw([str(tmp_path)], settings)
            if isinstance(r, RawDocument)
        )
    }
    assert docs["article.json"].ok and docs["article.json"].text == PARA
    assert (docs["article.json"].author, docs["article.json"].published) == ("Rina Sato", "2020-01-02")
    assert docs["list.json"].status == "skipped:malformed" and "[E108]" in (docs["list.json"].error or "")


def test_formats_html_blog_layout(ingest: Callable[..., Document]) -> None:
    html = f"""<html><head><title>Regional Watch: Envoys meet in the capital</title><script>var q=[];</script></head>
<body><div id="cookie">We use cookies to give you the best experience. <button>Accept all</button></div>
<div class="header"><h1>Regional Watch</h1></div>
<h2 class="date-header"><span>Tuesday, August 4, 2020</span></h2>
<div class="post"><h3 class="post-title">Envoys meet in the capital</h3>
<div class="post-body"><p>{PARA}</p><p>{PARA2}</p></div>
<div class="post-footer">Posted by Regional Desk at 10:12 AM <span>No comments:</span> <a>Email This</a></div></div>
<div id="comments"><h4>No comments:</h4><p>Post a Comment</p></div>
<a>Newer Post</a> <a>Older Post</a> <a>Home</a><div>Subscribe to: Post Comments (Atom)</div></body></html>"""
    doc = ingest(html, source="https://regionalwatch.blogspot.com/2020/08/envoys-meet.html")
    assert doc.ok and PARA in doc.text and PARA2 in doc.text
    assert doc.title == "Envoys meet in the capital"  # the post headline, not the blog's banner
    assert doc.url == "https://regionalwatch.blogspot.com/2020/08/envoys-meet.html"
    assert doc.outlet == "regionalwatch.blogspot.com"
    assert doc.published == "2020-08-04"
    for furniture in ("cookies", "Posted by", "No comments", "Newer Post", "Subscribe"):
        assert furniture not in doc.text


def test_formats_strip_markdown_keeps_paragraph_breaks_after_headings_and_rules() -> None:
    """A heading is its own paragraph: the blank line after it survives, so the sentence splitter never joins a
    headline to the first sentence of the body."""
    text, title = strip_markdown("# Ships Reach Port\n\nThe first ships arrived.\n\n---\n\n## Later ##\n\nMore text.\n")
    assert title == "Ships Reach Port"
    assert text.startswith("Ships Reach Port\n\nThe first ships arrived.\n\n")
    assert "\n\nLater\n\nMore text." in text
