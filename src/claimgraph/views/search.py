"""Full-text search over documents and claims, ranked, with plain-text snippets and highlight offsets.

The matching and ranking are the store's (:mod:`claimgraph.store.fulltext`: FTS5 + BM25 on SQLite, ``tsvector`` +
``ts_rank`` on PostgreSQL); this module resolves the filters, shapes the hits and cuts the snippets. A snippet is
always an exact slice of the document text (``text[hit.start:hit.end] == hit.snippet``): a claim's evidence span,
or the passage of a document that holds most of the query's terms. Matches are marked as ``highlights``, offsets
``[start, end]`` into the snippet, never as markup, so each front end escapes the (untrusted) text itself.

>>> results = search(store, "S-400 deliveries", kind="claims", entity="CHN")   # doctest: +SKIP
>>> results.total, results.hits[0].snippet                                     # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, text

from ..errors import InvalidData
from ..store import Store
from ..store.fulltext import Filters, query_terms, search_rows

__all__ = ["KINDS", "SearchHit", "SearchResults", "search", "highlight_spans", "best_passage"]

KINDS = {"all": ("document", "claim"), "documents": ("document",), "claims": ("claim",)}
PASSAGE = 240  # characters of a document passage shown for a document hit
MAX_LIMIT = 500
_ISO3 = re.compile(r"[A-Za-z]{3}")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_WORD = re.compile(r"\w+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "y", "e")


@dataclass(frozen=True)
class SearchHit:
    """One ranked match. ``kind`` is ``document`` or ``claim``; ``event`` the claim's event id (``None`` for a
    document); ``start``/``end`` its span of the document text, of which ``snippet`` is the exact text;
    ``highlights`` are ``[start, end]`` offsets of the matched words inside ``snippet``."""

    kind: str
    document: str
    event: str | None
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    snippet: str
    highlights: list[list[int]]
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "document": self.document, "event": self.event, "title": self.title,
                "outlet": self.outlet, "published": self.published, "score": self.score, "snippet": self.snippet,
                "highlights": [list(h) for h in self.highlights], "start": self.start, "end": self.end}


@dataclass(frozen=True)
class SearchResults:
    """A page of hits: ``total`` counts every match of the query and filters, ``hits`` the page asked for."""

    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_json() for h in self.hits]}


def _stem(word: str) -> str:
    """A light suffix strip, so that a highlight finds "deliveries" for "delivery" as the engines' stemmers do."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _term_pattern(term: str) -> re.Pattern[str] | None:
    """A term as a regex over words: ``S-400`` -> ``\\bS\\W{1,3}400\\b``; alphabetic words match by stem."""
    parts = []
    for w in _WORD.findall(term):
        stem = _stem(w)
        parts.append(re.escape(stem) + r"\w*" if w.isalpha() and len(stem) >= 3 else re.escape(w))
    if not parts:
        return None
    return re.compile(r"(?<!\w)" + r"\W{1,3}".join(parts) + r"(?!\w)", re.IGNORECASE)


def highlight_spans(snippet: str, terms: Sequence[str]) -> list[list[int]]:
    """Offsets ``[start, end]`` of every match of ``terms`` in ``snippet``, sorted, overlaps merged."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        pattern = _term_pattern(term)
        if pattern is not None:
            spans += [(m.start(), m.end()) for m in pattern.finditer(snippet) if m.end() > m.start()]
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def best_passage(body: str, terms: Sequence[str], width: int = PASSAGE) -> tuple[int, int]:
    """The span of ``body`` (about ``width`` characters, cut at white space) holding the most distinct terms."""
    found: list[tuple[int, int]] = []  # (position, term index)
    for i, term in enumerate(terms):
        pattern = _term_pattern(term)
        if pattern is not None:
            found += [(m.start(), i) for m in pattern.finditer(body)]
    found.sort()
    best_at, best_score = 0, (-1, 0)
    for j, (pos, _) in enumerate(found):
        inside = [t for p, t in found[j:] if p < pos + width - 40]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best_at, best_score = pos, score
    start = max(0, best_at - 40)
    end = min(len(body), start + width)
    if start > 0:
        space = body.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 30 else start
    if end < len(body):
        space = body.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    return start, end


def _entity_ids(store: Store, ref: str) -> tuple[str, ...]:
    """The entity ``ref`` names (an id, ISO3 for a state, a name or alias) with its merged name variants."""
    ids: set[str] = set()
    if _ISO3.fullmatch(ref):
        ids.add(f"STATE:{ref.upper()}")
    if ":" in ref:
        ids.add(ref)
    with store.engine.connect() as conn:
        if not ids:
            ids |= {str(i) for i in conn.execute(text(
                "SELECT id FROM entities WHERE lower(name) = :r UNION SELECT entity FROM entity_aliases "
                "WHERE lower(alias) = :r"), {"r": ref.lower()}).scalars()}
        links = {str(s): str(t) for s, t in conn.execute(text(
            "SELECT source, target FROM entity_links WHERE kind = 'entity'"))}
    canon = {links.get(i, i) for i in ids}
    return tuple(sorted(canon | {v for v, c in links.items() if c in canon}))


def _rejected_events(store: Store) -> tuple[str, ...]:
    """Claims whose latest verdict in force is an analyst's ``reject``: search leaves them out, as every view does."""
    from ..reviews import active
    from ..store.reviews import iter_reviews

    verdict: dict[str, str] = {}
    for r in active(iter_reviews(store)).values():  # oldest first: the last accept/reject wins
        if r.target_kind == "event" and r.action in ("accept", "reject"):
            verdict[r.target] = r.action
    return tuple(sorted(e for e, action in verdict.items() if action == "reject"))


def _check_date(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _DATE.fullmatch(value):
        raise InvalidData("E401", path=name, reason=f"{value!r} is not an ISO date prefix (2018, 2018-05, 2018-05-10)")
    return value


def search(
    store: Store,
    query: str,
    *,
    kind: str = "all",
    entity: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Ranked hits for ``query`` over documents and claims (``kind``: ``documents``, ``claims`` or ``all``).

    Every term of the query must match (a balanced ``"..."`` is a phrase; nothing else is syntax, so any string
    is a valid query). ``entity`` keeps documents that mention it and claims that name it (as actor, target or
    item, or in their evidence): an entity id, an ISO3 code or a name. ``outlet`` is matched without case;
    ``since``/``until`` are ISO prefixes compared with the document's publication date (reconcile's where it
    refined it). Claims an analyst rejected (``claimgraph review reject``) are left out. Raises ``InvalidData`` E401 for an unknown ``kind`` or a malformed date.
    """
    if kind not in KINDS:
        raise InvalidData("E401", path="kind", reason=f"{kind!r} is not one of {', '.join(KINDS)}")
    terms = query_terms(query)
    filters = Filters(kinds=KINDS[kind], entities=_entity_ids(store, entity) if entity else None, outlet=outlet,
                      since=_check_date("since", since), until=_check_date("until", until),
                      exclude_events=_rejected_events(store))
    limit = max(0, min(int(limit), MAX_LIMIT))
    total, rows = search_rows(store.engine, terms, filters, limit, max(0, int(offset)))
    if not rows:
        return SearchResults(query, total, [])
    docs = _documents(store, sorted({r.document for r in rows}))
    hits = []
    for r in rows:
        body, title, outlet_name, published = docs.get(r.document, ("", None, None, None))
        if r.kind == "document":
            start, end = best_passage(body, terms)
        else:
            start, end = max(0, r.start), min(len(body), r.end)
        snippet = body[start:end]
        hits.append(SearchHit(r.kind, r.document, r.event, title, outlet_name, published, r.score, snippet,
                              highlight_spans(snippet, terms), start, end))
    return SearchResults(query, total, hits)


def _documents(store: Store, ids: list[str]) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    stmt = text("SELECT d.id, d.text, d.title, d.outlet, coalesce(dd.published, d.published, d.stated_date) AS pub "
                "FROM documents d LEFT JOIN document_dates dd ON dd.document = d.id WHERE d.id IN :ids")
    with store.engine.connect() as conn:
        rows = conn.execute(stmt.bindparams(bindparam("ids", expanding=True)), {"ids": ids})
        return {str(r.id): (str(r.text or ""), r.title, r.outlet, r.pub) for r in rows}
