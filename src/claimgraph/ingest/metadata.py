"""Metadata read from the article text itself: headline, byline, publication line, outlet.

These are heuristics over the short lines of the header block (see :mod:`.boilerplate`), written for the way
news sites, think-tank bulletins and blogs lay out a page once it is flattened to text:

* headline: the first substantial short line that is not a sentence (no final period), not a byline, not a
  dateline; failing that, a short verbless-looking lead fragment ("Cracks in the alliance.") opening the text;
* byline: "By Firstname Lastname", "Written by ...", "Author: ...";
* publication line: "Publication: <Outlet> Volume: 13 Issue: 62" (journal/bulletin style) or "Vol. 13, No. 62";
* outlet from an author bio ("<Author> is a contributor to <Outlet>") or from a URL's domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ._data import outlet_domains
from .boilerplate import header_length
from .dates import find_date, parse_date

__all__ = ["TextMetadata", "text_metadata", "domain_of", "outlet_for_domain", "clean_title"]

_NAME_WORD = r"(?:[A-Z][\w'’.-]*|(?:van|von|de|der|da|di|du|del|la|le|al|el|bin|ibn)(?=\s+[A-Z]))"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}"
_BYLINE = re.compile(
    rf"^(?:by|written by|words by|story by|report by|author|authors|posted by)\s*:?\s+"
    rf"(?P<name>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*(?:[,|·•–—-].*)?$",
    re.IGNORECASE,
)
_CASED_NAME = re.compile(rf"^{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*$")
_PUBLICATION = re.compile(
    r"^(?:publication|published in|source|journal|series)\s*:\s*(?P<outlet>.+?)"
    r"(?:\s*[,;|]?\s*(?:volume|vol\.?)\s*:?\s*(?P<volume>[\w.-]+)"
    r"(?:\s*[,;|]?\s*(?:issue|no\.?|number)\s*:?\s*(?P<issue>[\w.-]+))?)?\s*$",
    re.IGNORECASE,
)
_VOLUME_ISSUE = re.compile(
    r"^(?:volume|vol\.?)\s*:?\s*(?P<volume>[\w.-]+)\s*[,;|]?\s*(?:issue|no\.?|number)\s*:?\s*(?P<issue>[\w.-]+)\s*$",
    re.IGNORECASE,
)
_BIO_ROLE = (
    r"(?:contributor|contributing (?:editor|writer)|columnist|correspondent|writer|reporter|editor|blogger)"
)
_OUTLET_NAME = r"(?P<outlet>(?:The\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of|for|on|and|the|&)?\s*[A-Z][\w'’&.-]*){0,6})"
_FINITE_VERB = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should|may|might|must|said|says|"
    r"say|told|seems|appears)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TextMetadata:
    title: str | None = None
    title_basis: str | None = None  # headline | lead_fragment
    author: str | None = None
    outlet: str | None = None
    outlet_basis: str | None = None  # publication_line | author_bio
    volume: str | None = None
    issue: str | None = None


def clean_title(title: str) -> str:
    """Trim whitespace and a trailing " | Site" / " - Site" suffix that HTML <title>s carry."""
    title = re.sub(r"\s+", " ", title).strip()
    parts = re.split(r"\s+[|–—]\s+|\s+-\s+", title)
    if len(parts) > 1 and len(parts[0].split()) >= 3:
        title = parts[0]
    return title


def _is_update_line(line: str) -> bool:
    """A line giving when the page was revised ("3 min read · Last updated: 22 May 2024"): never a headline."""
    found = find_date(line) if len(line) <= 120 else None
    return found is not None and found.updated


def _byline(line: str) -> str | None:
    m = _BYLINE.match(line)
    if not m:
        return None
    name = m.group("name").strip()
    # the IGNORECASE match accepts lowercase words; a real name is capitalised
    return name if _CASED_NAME.match(name) else None


def _is_headline(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) < 10 or len(line) > 200:
        return False
    if line.endswith((".", ",", ":", ";")) or not any(c.isalpha() for c in line):
        return False
    return not line[0].islower()


def _lead_fragment(text: str) -> str | None:
    """A headline run into the first paragraph: a short, verbless first sentence followed by more text."""
    first = text.split("\n", 1)[0]
    m = re.match(r"^([^.!?\n]{8,80})\.\s+[A-Z]", first)
    if not m:
        return None
    fragment = m.group(1).strip()
    words = fragment.split()
    if not 2 <= len(words) <= 7 or _FINITE_VERB.search(fragment) or not fragment[0].isupper():
        return None
    if any(w.lower().endswith("ed") and i > 0 for i, w in enumerate(words)):
        return None  # a past-tense verb makes it a sentence, not a headline
    return fragment


def _outlet_from_bio(text: str, author: str) -> str | None:
    names = [re.escape(author)]
    surname = author.split()[-1]
    if len(surname) > 2:
        names.append(re.escape(surname))
    pattern = re.compile(
        rf"(?:^|\n|\.\s+)(?:{'|'.join(names)})\s+(?:is|was)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?{_BIO_ROLE}s?"
        rf"\s+(?:to|for|at|with)\s+{_OUTLET_NAME}"
    )
    m = pattern.search(text)
    return m.group("outlet").strip().rstrip(".,;:") if m else None


def text_metadata(text: str) -> TextMetadata:
    """Headline, byline, outlet, volume and issue stated in cleaned article ``text`` (each None when absent)."""
    lines = text.split("\n")
    header = [ln.strip() for ln in lines[: header_length(lines)] if ln.strip()]
    title = author = outlet = volume = issue = None
    title_basis = outlet_basis = None
    for line in header:
        name = _byline(line)
        if name:
            author = author or name
            continue
        pub = _PUBLICATION.match(line)
        if pub:
            outlet = outlet or pub.group("outlet").strip()
            outlet_basis = outlet_basis or "publication_line"
            volume = volume or pub.group("volume")
            issue = issue or pub.group("issue")
            continue
        vi = _VOLUME_ISSUE.match(line)
        if vi:
            volume, issue = volume or vi.group("volume"), issue or vi.group("issue")
            continue
        if parse_date(line) is not None or _is_update_line(line):
            continue
        if title is None and _is_headline(line):
            title, title_basis = line, "headline"
    if (
        author is None
    ):  # a byline that sits below the first paragraph ("By ..." or "Author: ..." on its own line)
        for line in lines:
            if len(line.split()) <= 10:
                name = _byline(line.strip())
                if name:
                    author = name
                    break
    if title is None:
        title = _lead_fragment(text)
        title_basis = "lead_fragment" if title else None
    if outlet is None and author is not None:
        outlet = _outlet_from_bio(text, author)
        outlet_basis = "author_bio" if outlet else None
    return TextMetadata(title, title_basis, author, outlet, outlet_basis, volume, issue)


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.`` and port (``https://www.example.org:443/x`` -> ``example.org``)."""
    if not url or not isinstance(url, str):
        return None
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "//" + candidate
    try:
        host = urlsplit(candidate).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def outlet_for_domain(domain: str | None) -> str | None:
    """The outlet publishing on ``domain`` (or a parent domain) per ``data/ingest/outlets.yaml``; else the domain."""
    if not domain:
        return None
    known = outlet_domains()
    parts = domain.lower().split(".")
    for i in range(len(parts) - 1):
        name = known.get(".".join(parts[i:]))
        if name:
            return name
    return domain
