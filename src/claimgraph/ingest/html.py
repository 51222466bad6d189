"""HTML to main text plus page metadata.

Cascade: trafilatura (main-content extraction and ``<meta>`` metadata, no network, no date guessing from the
body) -> when it yields nothing, a plain lxml text dump of the page after lxml_html_clean has removed scripts,
styles, comments and forms. Scripts and styles therefore never reach the text on either path. Malformed markup is
parsed leniently by lxml; only a page lxml cannot parse at all raises :class:`~claimgraph.errors.SkipDocument`.
"""

from __future__ import annotations

import logging
import re
from html import unescape
from typing import Any

from ..errors import SkipDocument

__all__ = ["extract_html"]

log = logging.getLogger(__name__)

_BLOCK_TAGS = (
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "header", "footer",
    "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "aside", "main", "nav", "hr",
)  # fmt: skip


def _paragraphs(text: str) -> str:
    """One blank line between blocks, as in plain-text articles (extractors separate blocks by one newline)."""
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n\n".join(ln for ln in lines if ln)


def _with_trafilatura(html: str, url: str | None) -> tuple[str, dict[str, Any]]:
    import trafilatura  # deferred: heavy import, only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - a third-party extractor failing is a reason to fall back, not to stop
        log.debug("trafilatura failed (%s); falling back to lxml", exc)
        return "", {}
    if doc is None:
        return "", {}
    data = doc if isinstance(doc, dict) else doc.as_dict()
    meta = {
        "title": data.get("title"),
        "author": data.get("author"),
        "published": data.get("date"),
        "site_name": data.get("sitename"),
        "url": data.get("url"),
        "description": data.get("description"),
    }
    return _paragraphs(data.get("text") or ""), {k: v for k, v in meta.items() if v}


def _with_lxml(html: str) -> tuple[str, dict[str, Any]]:
    import lxml.html
    from lxml import etree
    from lxml_html_clean import Cleaner

    try:
        # lxml refuses a str that declares its own encoding (<?xml ... encoding="utf-8"?>): it is decoded already
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise SkipDocument("E108", "skipped:malformed", source="HTML page", reason=str(exc)) from exc
    meta: dict[str, Any] = {}
    title_el = root.find(".//title")
    if title_el is not None and title_el.text_content().strip():
        meta["title"] = title_el.text_content().strip()
    cleaner = Cleaner(
        scripts=True, javascript=True, style=True, comments=True, forms=True, meta=True, embedded=True,
        frames=True, processing_instructions=True, page_structure=False, links=False, annoying_tags=True,
    )  # fmt: skip
    try:
        root = cleaner.clean_html(root)
    except (etree.ParserError, ValueError) as exc:
        raise SkipDocument("E108", "skipped:malformed", source="HTML page", reason=str(exc)) from exc
    for el in list(root.iter("title", "head", "noscript", "template", "svg")):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return _paragraphs(root.text_content()), meta


_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)


def _page_title(html: str) -> str | None:
    """The raw ``<title>``: extractors sometimes prefer a site banner, and this lets us cross-check them.

    The first ``<title>`` up to the next ``</title>``, found in two linear searches (one lazy regex rescanned the
    page from every unclosed ``<title>``: 20,000 of them took 14 s).
    """
    head = html[:200_000]
    opened = _TITLE_OPEN.search(head)
    closed = _TITLE_CLOSE.search(head, opened.end()) if opened else None
    if opened is None or closed is None:
        return None
    title = " ".join(unescape(re.sub(r"<[^<>]+>", " ", head[opened.end() : closed.start()])).split())
    return title or None


# C0 controls other than tab/newline/return, and lone surrogates: no HTML text may hold them, and lxml refuses
# to build elements from strings that do ("All strings must be XML compatible")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _xml_safe(html: str) -> str:
    return _NOT_XML.sub("", html)


def extract_html(html: str, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Main text (blocks separated by blank lines) and metadata (title, author, published, site_name, url).

    ``page_title`` carries the raw ``<title>`` so that the caller can prefer the article's own headline.
    """
    html = _xml_safe(html)
    text, meta = _with_trafilatura(html, url)
    page_title = _page_title(html)
    if page_title:
        meta["page_title"] = page_title
    if not text.strip():
        fallback_text, fallback_meta = _with_lxml(html)
        text = fallback_text
        meta = {**fallback_meta, **meta}
    return text, meta
