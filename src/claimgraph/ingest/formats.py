"""Format detection and per-format text extraction: plain text, Markdown (+ YAML front matter), HTML, JSON Lines.

Every reader returns the same :class:`Extracted` shape (text plus a metadata mapping with the common keys
``title``, ``author``, ``url``, ``published``, ``outlet``, ``source_domain``, ``volume``, ``issue``), so the rest of
ingest never branches on the format again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .._yaml import load_yaml
from ..errors import SkipDocument
from .html import extract_html

__all__ = [
    "TEXT", "MARKDOWN", "HTML", "NDJSON", "MEDIA_TYPES", "Extracted", "detect_media_type", "extract",
    "split_front_matter", "strip_markdown", "record_metadata", "is_json_lines",
]  # fmt: skip

TEXT, MARKDOWN, HTML, NDJSON = "text/plain", "text/markdown", "text/html", "application/x-ndjson"
MEDIA_TYPES = (TEXT, MARKDOWN, HTML, NDJSON)
_BY_EXTENSION = {
    ".txt": TEXT, ".text": TEXT, ".md": MARKDOWN, ".markdown": MARKDOWN, ".mdown": MARKDOWN,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML, ".shtml": HTML, ".jsonl": NDJSON,
    ".ndjson": NDJSON, ".json": NDJSON,  # .json: one record per file, as news-please writes them
}  # fmt: skip
_ALIASES = {"html": HTML, "application/xhtml+xml": HTML, "markdown": MARKDOWN, "text/x-markdown": MARKDOWN,
            "md": MARKDOWN, "text": TEXT, "txt": TEXT, "jsonl": NDJSON, "ndjson": NDJSON,
            "application/jsonl": NDJSON, "application/json": NDJSON, "application/x-jsonlines": NDJSON}  # fmt: skip

# Field names used by news-please, newspaper3k, Hugo/Jekyll front matter and common feed exports.
_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "permalink"),
    "published": (
        "date_publish",
        "published",
        "date",
        "publish_date",
        "pubdate",
        "published_at",
        "datePublished",
    ),
    "author": ("authors", "author", "byline"),
    "outlet": ("outlet", "publication", "publisher", "site_name", "sitename", "source"),
    "source_domain": ("source_domain", "domain"),
    "volume": ("volume",),
    "issue": ("issue",),
    "language": ("language", "lang"),
}
_TEXT_FIELDS = ("maintext", "text", "body", "content", "article")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    media_type: str
    meta: Mapping[str, Any] = field(default_factory=dict)


def _extension(source: str) -> str:
    name = source.split("#", 1)[0].rsplit("/", 1)[-1].lower()
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def is_json_lines(text: str) -> bool:
    """True when every non-empty line of the first few is a JSON object (a JSON Lines stream)."""
    lines = [ln for ln in text.lstrip("\ufeff").split("\n", 20)[:20] if ln.strip()]
    if not lines:
        return False
    for ln in lines:
        if not ln.lstrip().startswith("{"):
            return False
        try:
            if not isinstance(json.loads(ln), dict):
                return False
        except (ValueError, RecursionError):
            return False
    return True


# The comment run is possessive (``*+``): with a plain ``*`` a text opening with many comments and no tag after them
# backtracked through every way of grouping them (2**n), 20 comments took a second, 30 minutes.
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*+(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html\b|<head\b|<body\b)",
                         re.IGNORECASE | re.DOTALL)  # fmt: skip
_HTML_TAG = re.compile(r"</?(p|div|span|a|br|h[1-6]|article|section|li|table|script|style|meta)\b[^>]*>",
                       re.IGNORECASE)  # fmt: skip


def detect_media_type(source: str, declared: str | None, text: str) -> str:
    """The format to read ``text`` as: the declared media type, else the file extension, else sniffing."""
    if declared:
        declared = declared.split(";", 1)[0].strip().lower()
        if declared in MEDIA_TYPES:
            return declared
        if declared in _ALIASES:
            return _ALIASES[declared]
    by_ext = _BY_EXTENSION.get(_extension(source))
    if by_ext:
        return by_ext
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAG.findall(head)) >= 5:
        return HTML
    if is_json_lines(head) and "\n" not in text.strip():
        return NDJSON
    if text.startswith("---\n") or re.match(r"#{1,3} \S", text):
        return MARKDOWN
    return TEXT


_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """``(fields, body, error)``: YAML front matter between ``---`` lines at the very start, if any."""
    m = _FRONT.match(text)
    if not m:
        return {}, text, None
    body = text[m.end() :]
    try:
        data = load_yaml(m.group("yaml") or "")
    except yaml.YAMLError as exc:
        return {}, body, f"front matter is not valid YAML: {exc.__class__.__name__}"
    except RecursionError:
        return {}, body, "front matter nests too deeply"
    except (ValueError, OverflowError) as exc:
        # a scalar YAML cannot build: 2020-02-30, year 0000, a 5,000-digit integer
        return {}, body, f"front matter holds a value YAML cannot read: {str(exc)[:120]}"
    if data is None:
        return {}, body, None
    if not isinstance(data, dict):
        return {}, body, "front matter is not a mapping"
    return {str(k): v for k, v in data.items()}, body, None


# Inline patterns never scan past the next opener of their own kind (``[^\][\n]``, ``(?:(?!\1).)``): a scan to the end
# of the line from every opener made a line of 20,000 unclosed "**" take a minute (quadratic).
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.MULTILINE), r)
    for p, r in (
        (r"^[ \t]*```.*$|^[ \t]*~~~.*$", ""),  # code fences (keep the code lines themselves)
        (r"^[ \t]{0,3}\[[^\]]+\]:\s+\S+.*$", ""),  # link reference definitions
        (r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", ""),  # horizontal rules
        (r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", r"\1"),  # ATX headings
        (r"^[ \t]{0,3}(?:>\s?)+", ""),  # blockquote markers
        (r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?=\S)", ""),  # list markers
        (r"!\[([^\]\[\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)", ""),  # images
        (r"\[([^\]\[\n]+)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)", r"\1"),  # inline links
        (r"\[([^\]\[\n]+)\]\[[^\]\[\n]*\]", r"\1"),  # reference links
        (r"<(https?://[^<>\s]+)>", r"\1"),  # autolinks
        (r"</?[a-zA-Z][^<>\n]*>", ""),  # inline HTML tags
        (r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1", r"\2"),  # strong
        (r"(?<![\w*])([*_])(?=\S)((?:(?!\1).)+?)(?<=\S)\1(?![\w*])", r"\2"),  # emphasis
        (r"~~(?=\S)((?:(?!~~).)+?)(?<=\S)~~", r"\1"),  # strikethrough
        (r"`([^`\n]+)`", r"\1"),  # inline code
        (r"^[ \t]{0,3}(=+|-+)[ \t]*$", ""),  # setext heading underlines
        (r"\\([\\`*_{}\[\]()#+\-.!>|])", r"\1"),  # backslash escapes
    )
)


def strip_markdown(text: str) -> tuple[str, str | None]:
    """Markdown to plain text, and the first level-1/2 heading (the document's title) if there is one. Line
    patterns match spaces and tabs only, never newlines: a heading keeps the blank line that ends its paragraph."""
    m = re.search(r"^[ \t]{0,3}#{1,2}\s+(.+?)[ \t]*#*[ \t]*$", text, re.MULTILINE)
    title = m.group(1) if m else None
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    if title:
        for pattern, repl in _MD_RULES[6:]:
            title = pattern.sub(repl, title)
    return text, title


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


_SCALARS = (str, int, float, dt.date)  # dt.datetime is a dt.date


def _scalar(value: Any) -> Any:
    """``value`` when it is one field value (a string without lone surrogates, a number, a date), else None.

    Lists and mappings are not titles or URLs: their ``str()`` is junk at best, and a YAML alias bomb (nine levels
    of nine aliases, under a kilobyte) turns into gigabytes of it.
    """
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")  # a lone surrogate -> U+FFFD
    return value if isinstance(value, _SCALARS) and not isinstance(value, bool) else None


def _name(value: Any) -> Any:
    return _scalar(value.get("name")) if isinstance(value, Mapping) else _scalar(value)


def record_metadata(record: Mapping[str, Any]) -> dict[str, Any]:
    """Common metadata keys from a JSON record or front matter, whatever field names the producer used.

    Only scalar values are taken (an author list is joined from its names); any other shape is ignored.
    """
    meta: dict[str, Any] = {}
    for key, names in _FIELDS.items():
        value = _first(record, names)
        if value is None:
            continue
        if key == "author" and isinstance(value, (list, tuple)):
            parts = (_name(v) for v in value)
            value = ", ".join(str(v).strip() for v in parts if v is not None and str(v).strip()) or None
        elif key in ("author", "outlet"):
            value = _name(value)
        else:
            value = _scalar(value)
        if key not in ("published",) and value is not None and not isinstance(value, str):
            value = str(value)
        if value:
            meta[key] = value
    return meta


def _extract_record(raw_text: str, metadata: Mapping[str, Any], source: str) -> Extracted:
    record: Any = dict(metadata) if metadata else None
    if not record or not any(k in record for k in _TEXT_FIELDS):
        try:
            record = json.loads(raw_text)
        except (ValueError, RecursionError) as exc:
            raise SkipDocument("E108", "skipped:malformed", source=source, reason=f"not JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise SkipDocument(
            "E108", "skipped:malformed", source=source, reason="a record must be a JSON object"
        )
    body = _first(record, _TEXT_FIELDS)
    if body is not None and not isinstance(body, str):
        raise SkipDocument(
            "E108", "skipped:malformed", source=source, reason="the text field is not a string"
        )
    meta = record_metadata(record)
    text = body or ""
    if text and (_HTML_START.match(text[:2048]) or len(_HTML_TAG.findall(text[:4096])) >= 5):
        text, html_meta = extract_html(text, meta.get("url"))
        meta = {**html_meta, **meta}
    return Extracted(text, NDJSON, meta)


def extract(source: str, text: str, media_type: str, metadata: Mapping[str, Any] | None = None) -> Extracted:
    """Main text and metadata of decoded ``text`` read as ``media_type`` (see :func:`detect_media_type`)."""
    metadata = metadata or {}
    if media_type == NDJSON:
        return _extract_record(text, metadata, source)
    if media_type == HTML:
        body, meta = extract_html(text, metadata.get("url"))
        return Extracted(body, HTML, {**meta, **record_metadata(metadata)})
    fields, body, error = split_front_matter(text)
    meta = {**record_metadata(metadata), **record_metadata(fields)}
    if error:
        meta["front_matter_error"] = error
    if fields:
        meta["front_matter"] = True
    if media_type == MARKDOWN:
        body, heading = strip_markdown(body)
        if heading and "title" not in meta:
            meta["title"] = heading
    return Extracted(body, media_type, meta)
