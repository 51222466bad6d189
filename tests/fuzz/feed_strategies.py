"""Hypothesis strategies for the feed reader: RSS 2.0, Atom, JSON Feed and sitemaps with hostile entries.

Every fragment is our own writing. A drawn feed has a small pool of guids (so duplicates are common), links from a
pool of broken, relative, odd-scheme and overlong URLs, dates from the date tokens, titles of hostile text, and the
whole document may then be cut short, have bytes flipped, or be wrapped in an entity bomb.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from . import strategies as S

__all__ = ["feed_documents"]

_LINKS = (
    "http://ledger.example/a.html", "https://ledger.example/b?x=1&y=2", "/relative/path.html", "relative.html",
    "", " ", "javascript:alert(1)", "data:text/html,hi", "mailto:desk@ledger.example", "file:///etc/passwd",
    "http://", "http://[::1", "http://ledger.example:99999/", "//ledger.example/proto-relative",
    "http://user:pw@ledger.example/", "http://ledger.example/" + "a" * 5000, "http://\u00e9x.example/\u00fc",
    "http://ledger.example/%zz", "\x00http://ledger.example/", "HTTP://LEDGER.EXAMPLE/UPPER",
)  # fmt: skip
_GUIDS = ("g1", "g2", "g3", "", " ", "g1 ", "http://ledger.example/a.html", "\u00e9", "0", "[]", "null")
_DATES = ("Tue, 12 Mar 2024 08:30:00 GMT", "2024-03-12T08:30:00Z", "2024-13-45", "yesterday", "", "0",
          "Mon, 31 Feb 2020 25:61:00 +9999", "1600000000", "9999-12-31", "1899-12-31T00:00:00Z")


def _pick(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(pool), st.sampled_from(pool), S.urls(), st.text(max_size=12))


_entry = st.fixed_dictionaries({
    "guid": st.one_of(st.none(), st.sampled_from(_GUIDS), st.text(max_size=8)),
    "link": st.one_of(st.none(), _pick(_LINKS)),
    "title": st.one_of(st.none(), S.hostile_text(6, 40)),
    "date": st.one_of(st.none(), st.sampled_from(_DATES), S.date_text()),
})


def _x(value: str) -> str:
    """XML-escaped and without the characters XML 1.0 cannot hold (the parsers would reject the whole feed)."""
    return escape("".join(ch for ch in value if ch in "\t\n\r" or " " <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd"))


def _rss(entries: list[dict[str, Any]]) -> str:
    items = []
    for e in entries:
        parts = [f"<guid>{_x(e['guid'])}</guid>" if e["guid"] is not None else "",
                 f"<link>{_x(e['link'])}</link>" if e["link"] is not None else "",
                 f"<title>{_x(e['title'])}</title>" if e["title"] is not None else "",
                 f"<pubDate>{_x(e['date'])}</pubDate>" if e["date"] is not None else ""]
        items.append("<item>" + "".join(parts) + "</item>")
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{"".join(items)}</channel></rss>'


def _atom(entries: list[dict[str, Any]]) -> str:
    items = []
    for e in entries:
        parts = [f"<id>{_x(e['guid'])}</id>" if e["guid"] is not None else "",
                 f'<link href="{_x(e["link"])}"/>' if e["link"] is not None else "",
                 f"<title>{_x(e['title'])}</title>" if e["title"] is not None else "",
                 f"<updated>{_x(e['date'])}</updated>" if e["date"] is not None else ""]
        items.append("<entry>" + "".join(parts) + "</entry>")
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{"".join(items)}</feed>'


def _sitemap(entries: list[dict[str, Any]]) -> str:
    ns = ('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"')
    urls = []
    for e in entries:
        loc = f"<loc>{_x(e['link'])}</loc>" if e["link"] is not None else ""
        news = (f"<news:news><news:publication_date>{_x(e['date'])}</news:publication_date>"
                f"<news:title>{_x(e['title'] or '')}</news:title></news:news>") if e["date"] is not None else ""
        urls.append(f"<url>{loc}{news}</url>")
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns}>{"".join(urls)}</urlset>'


def _json(draw: st.DrawFn, entries: list[dict[str, Any]]) -> str:
    items: list[Any] = []
    for e in entries:
        odd: Any = draw(st.sampled_from((None, None, None, 1, "x", [], {"url": 5}, {"id": {"a": 1}})))
        if odd is not None:
            items.append(odd)
            continue
        item: dict[str, Any] = {}
        for key, field in (("id", "guid"), ("url", "link"), ("title", "title"), ("date_published", "date")):
            if e[field] is not None:
                item[key] = e[field]
        items.append(item)
    version = draw(st.sampled_from(("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1", "2")))
    feed: Any = {"version": version, "title": "t", "items": items}
    if draw(st.integers(0, 9)) == 0:
        feed["items"] = draw(st.sampled_from((None, 3, "items", {"a": 1})))
    return json.dumps(feed, ensure_ascii=draw(st.booleans()))


_ENTITY_BOMB = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(6)) + "]>")


@st.composite
def feed_documents(draw: st.DrawFn) -> bytes:
    """One feed document as bytes: well-formed with hostile entries, or damaged after it was written."""
    entries = draw(st.lists(_entry, max_size=12))
    kind = draw(st.sampled_from(("rss", "atom", "sitemap", "json", "junk")))
    if kind == "rss":
        text = _rss(entries)
    elif kind == "atom":
        text = _atom(entries)
    elif kind == "sitemap":
        text = _sitemap(entries)
    elif kind == "json":
        text = _json(draw, entries)
    else:
        text = draw(S.hostile_text(20, 200))
    if kind in ("rss", "sitemap") and draw(st.integers(0, 7)) == 0:
        text = _ENTITY_BOMB + text.split("?>", 1)[-1].replace("<title>t</title>", "<title>&g;</title>")
    data = text.encode("utf-8", "surrogatepass")
    damage = draw(st.integers(0, 5))
    if damage == 0 and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == 1 and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 1:]
    return data
