"""``to_document``: one RawDocument in, one Document out, never an exception for bad input.

Cascade (each step may end it with a recorded reason)::

    bytes --sniff_binary--> skipped:binary (E102)
          --decode-------> skipped:decode (E105)          BOM, forced, UTF-8, cp1252, charset-normalizer
          --detect format + extract (text | markdown + front matter | html | JSON record)
                         -> skipped:malformed (E108)      unparsable record or page
          --normalise whitespace, strip boilerplate (dates on removed lines kept as evidence)
                         -> skipped:empty (E103)
          --metadata: container fields > text header (headline, byline, publication line) > URL
          --stated date: container metadata > page header > URL path
          --language
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Mapping
from typing import Any

from ..config import Settings
from ..errors import SkipDocument
from ..records import Document, RawDocument, make_id
from .boilerplate import strip_boilerplate
from .dates import date_from_url, normalise_date
from .decode import decode, normalise_text, sniff_binary
from .formats import HTML, MARKDOWN, NDJSON, Extracted, detect_media_type, extract
from .language import detect_language
from .metadata import TextMetadata, clean_title, domain_of, outlet_for_domain, text_metadata

__all__ = ["to_document", "skipped_document", "printable_source"]

log = logging.getLogger(__name__)

_SURROGATE = re.compile(r"[\ud800-\udfff]")

_CONTAINER = {NDJSON: "JSON Lines record", HTML: "page's HTML metadata", MARKDOWN: "front matter"}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _escape_surrogate(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable_source(source: str) -> str:
    """``source`` as it can be stored: a file name that is not valid UTF-8 reaches Python with lone surrogates
    (``os.fsdecode``), which no UTF-8 store or hash accepts; an undecodable byte is written ``\\xff`` instead."""
    return _SURROGATE.sub(_escape_surrogate, source)


def skipped_document(
    source: str, data: bytes | None, status: str, error: str, media_type: str | None = None
) -> Document:
    """A Document that records why ``source`` was not ingested (``data`` None when it was never read)."""
    source = printable_source(source)
    error = printable_source(error)
    digest = _sha256(data) if data is not None else ""
    return Document(
        id=make_id("doc", source, digest),
        source=source,
        sha256=digest,
        text="",
        media_type=media_type,
        status=status,
        error=error,
    )


def _choose_date(
    extracted: Extracted, header_dates: list[dict[str, str]], url: str | None
) -> list[dict[str, str]]:
    """All date evidence, best first: the container's own field, the page's dateline, the URL path."""
    candidates: list[dict[str, str]] = []
    raw_value = extracted.meta.get("published")
    value = normalise_date(raw_value) if raw_value is not None else None
    if value:
        where = _CONTAINER.get(extracted.media_type, "front matter")
        if extracted.meta.get("front_matter") or extracted.media_type != "text/plain":
            reason = f"The {where} gives the publication date {raw_value!s}."
        else:
            reason = f"The source metadata gives the publication date {raw_value!s}."
        candidates.append({"value": value, "basis": "metadata", "reason": reason, "text": str(raw_value)})
    candidates.extend(header_dates)
    in_url = date_from_url(url)
    if in_url:
        candidates.append(
            {
                "value": in_url.value,
                "basis": "metadata",
                "reason": f"The URL path contains the date {in_url.text.strip('/')}.",
                "text": in_url.text,
            }
        )
    return candidates


def _outlet(
    meta: Mapping[str, Any], text_meta: TextMetadata, domain: str | None
) -> tuple[str | None, str | None]:
    if meta.get("outlet"):
        return str(meta["outlet"]), "metadata"
    if text_meta.outlet and text_meta.outlet_basis == "publication_line":
        return text_meta.outlet, "publication_line"
    if meta.get("site_name"):
        return str(meta["site_name"]), "site_name"
    mapped = outlet_for_domain(domain)
    if mapped and mapped != domain:
        return mapped, "domain"
    if text_meta.outlet:
        return text_meta.outlet, text_meta.outlet_basis
    return (mapped, "domain") if mapped else (None, None)


def _title(meta: Mapping[str, Any], text_meta: TextMetadata) -> tuple[str | None, str | None]:
    """The container's title, unless the text's own headline is better evidence.

    Extractors sometimes return a site banner ("Regional Watch") as the title; when the text opens with a
    headline that the page's ``<title>`` also contains, or the container title is just the site name, the
    headline wins.
    """
    headline = text_meta.title if text_meta.title_basis == "headline" else None
    given = clean_title(str(meta["title"])) if meta.get("title") else None
    if given is None:
        return text_meta.title, text_meta.title_basis
    if headline and headline != given:
        page_title = str(meta.get("page_title") or "").lower()
        site = str(meta.get("site_name") or "").lower()
        in_page_title = headline.lower() in page_title and headline.lower() != site
        if in_page_title or given.lower() == site:
            return headline, "headline"
    return given, "metadata"


def _build(raw: RawDocument, settings: Settings) -> Document:
    data = raw.data
    declared = detect_media_type(raw.source, raw.media_type, "")
    kind = sniff_binary(data)
    if kind:
        raise SkipDocument("E102", "skipped:binary", kind=kind)
    decoded, encoding = decode(data, raw.encoding or settings.encoding)
    media_type = (
        detect_media_type(raw.source, raw.media_type, decoded) if declared == "text/plain" else declared
    )
    extracted = extract(raw.source, decoded, media_type, raw.metadata)
    cleaned = strip_boilerplate(normalise_text(extracted.text))
    text = cleaned.text
    if not text:
        raise SkipDocument("E103", "skipped:empty")
    meta = extracted.meta
    tm = text_metadata(text)
    url = str(meta["url"]) if meta.get("url") else None
    if url is None and raw.source.lower().startswith(("http://", "https://")):
        url = raw.source
    domain = domain_of(str(meta["source_domain"])) if meta.get("source_domain") else domain_of(url)
    outlet, outlet_basis = _outlet(meta, tm, domain)
    header_dates = [
        {
            "value": d.value,
            "basis": "stated",
            "reason": f"The page {d.where} states the date {d.text!r}.",
            "text": d.text,
        }
        for d in cleaned.dates
    ]
    dates = _choose_date(extracted, header_dates, url)
    best = dates[0] if dates else None
    language = detect_language(text)
    if language is None and isinstance(meta.get("language"), str) and len(meta["language"]) >= 2:
        language = meta["language"][:2].lower()
    title, title_basis = _title(meta, tm)
    extras: dict[str, Any] = {
        "encoding": encoding,
        "title_basis": title_basis,
        "outlet_basis": outlet_basis,
        "date_candidates": dates,
        "boilerplate_removed": [{"rule": rule, "line": line} for rule, line in cleaned.removed],
    }
    for key in ("site_name", "description", "front_matter_error"):
        if meta.get(key):
            extras[key] = str(meta[key])
    if domain:
        extras["domain"] = domain
    digest = _sha256(text.encode("utf-8"))
    stated = best["value"] if best else None
    return Document(
        # The same text under the same (or no) date is one document; under a new date it is a re-post: a
        # publication of its own, which reconcile links to the original and dates like it.
        id=make_id("doc", digest, stated or ""),
        source=raw.source,
        sha256=digest,
        text=text,
        title=title,
        author=str(meta["author"]) if meta.get("author") else tm.author,
        outlet=outlet,
        url=url,
        volume=str(meta["volume"]) if meta.get("volume") else tm.volume,
        issue=str(meta["issue"]) if meta.get("issue") else tm.issue,
        stated_date=best["value"] if best else None,
        published=best["value"] if best else None,
        published_basis=best["basis"] if best else None,
        published_reason=best["reason"] if best else None,
        language=language,
        media_type=media_type,
        status="ok",
        meta=extras,
    )


def to_document(raw: RawDocument, settings: Settings) -> Document:
    """Decode, extract, clean and describe ``raw``; a source that cannot be used comes back ``skipped:*``."""
    source = printable_source(raw.source)
    if source != raw.source:
        raw = dataclasses.replace(raw, source=source)
    try:
        return _build(raw, settings)
    except SkipDocument as exc:
        log.info("skipped %s: %s", raw.source, exc)
        return skipped_document(raw.source, raw.data, exc.status, str(exc), raw.media_type)
    except Exception as exc:  # noqa: BLE001 - the contract: bad input never raises; the reason is recorded
        log.warning("could not ingest %s: %r", raw.source, exc)
        err = SkipDocument(
            "E108", "skipped:malformed", source=raw.source, reason=f"{type(exc).__name__}: {exc}"
        )
        return skipped_document(raw.source, raw.data, err.status, str(err), raw.media_type)
