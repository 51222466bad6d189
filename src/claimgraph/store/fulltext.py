"""The full-text index of the store (schema version 5): documents and claims, kept in step with every write.

One row of ``search_rows`` per indexed thing: a document (``kind="document"``: title, text, outlet) or a claim
(``kind="claim"``: an event's evidence text, its type in words, and its parties' names and surface forms). The row
knows its document, its event and the span of the document text it stands for, so a hit can be cited.

- SQLite: an FTS5 table ``search_fts`` (porter stemming over unicode61) whose rowid is ``search_rows.id``; a
  trigger removes the FTS row with its ``search_rows`` row, and ``search_rows`` cascades from ``documents``.
  Ranked by BM25 (``bm25()``, columns weighted title > parties > outlet > body).
- PostgreSQL: ``search_rows.tsv``, a stored generated ``tsvector`` (``to_tsvector('english', ...)``, weighted
  A..D the same way) with a GIN index; ranked by ``ts_rank``.

Neither is declared in :mod:`claimgraph.store.schema`: the DDL differs per dialect and FTS5 is SQLite-only, so
migration 5 creates it with raw SQL. The Store calls :func:`unindex_document` whenever it clears a document's
claims and :func:`index_document` after writing them, inside the document's own transaction.

User queries never reach either engine's syntax: :func:`query_terms` turns any string into plain terms (balanced
double quotes make a phrase, everything else is words), each passed as a quoted FTS5 phrase or a bound
``phraseto_tsquery`` argument, all of them required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Connection, Engine, bindparam, text

__all__ = ["SearchRow", "create_index", "rebuild_index", "index_document", "unindex_document", "query_terms",
           "search_rows", "MAX_TERMS"]

MAX_TERMS = 32
_PG_BODY_LIMIT = 200_000  # characters of a text put into its tsvector (PostgreSQL caps a tsvector at 1 MB)
# column weights: title, parties (tags), outlet, body
_BM25 = "bm25(search_fts, 10.0, 1.0, 2.0, 4.0)"

_SQLITE_DDL = (
    """CREATE TABLE IF NOT EXISTS search_rows (
        id INTEGER PRIMARY KEY,
        kind VARCHAR(10) NOT NULL,
        document VARCHAR(200) NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        event VARCHAR(200),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS ix_search_rows_document ON search_rows (document)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title, body, outlet, tags, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS search_rows_ad AFTER DELETE ON search_rows BEGIN
        DELETE FROM search_fts WHERE rowid = old.id; END""",
)

_PG_DDL = (
    f"""CREATE TABLE IF NOT EXISTS search_rows (
        id BIGSERIAL PRIMARY KEY,
        kind VARCHAR(10) NOT NULL,
        document VARCHAR(200) NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        event VARCHAR(200),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        outlet TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', title), 'A')
            || setweight(to_tsvector('english', tags), 'B')
            || setweight(to_tsvector('english', outlet), 'C')
            || setweight(to_tsvector('english', left(body, {_PG_BODY_LIMIT})), 'D')) STORED)""",
    "CREATE INDEX IF NOT EXISTS ix_search_rows_document ON search_rows (document)",
    "CREATE INDEX IF NOT EXISTS ix_search_rows_tsv ON search_rows USING GIN (tsv)",
)


@dataclass(frozen=True, slots=True)
class SearchRow:
    """One ranked match: what it is (``document`` or ``claim``), where (document, event, span), its score."""

    kind: str
    document: str
    event: str | None
    start: int
    end: int
    score: float


def create_index(conn: Connection) -> None:
    """Create the index tables of this connection's dialect (idempotent)."""
    for ddl in _PG_DDL if conn.dialect.name == "postgresql" else _SQLITE_DDL:
        conn.execute(text(ddl))


def rebuild_index(conn: Connection) -> int:
    """Empty the index and index every usable document again; returns how many documents were indexed."""
    conn.execute(text("DELETE FROM search_rows"))
    ids = list(conn.execute(text("SELECT id FROM documents WHERE status = 'ok' ORDER BY id")).scalars())
    for doc_id in ids:
        index_document(conn, doc_id)
    return len(ids)


def unindex_document(conn: Connection, document: str) -> None:
    """Drop a document's rows (its own and its claims'); the SQLite trigger drops their FTS rows."""
    conn.execute(text("DELETE FROM search_rows WHERE document = :d"), {"d": document})


def _words(value: str | None) -> str:
    return " ".join(str(value or "").replace("_", " ").split())


def _party_text(eid: str | None, surface: str | None, names: Mapping[str, str]) -> str:
    parts = [names.get(eid, eid.split(":")[-1]) if eid else "", surface or ""]
    return " ".join(p for p in parts if p)


def index_document(conn: Connection, document: str) -> None:
    """(Re)index one stored document and its events from their rows, on the writer's connection."""
    unindex_document(conn, document)
    doc = conn.execute(text("SELECT id, title, outlet, text, status FROM documents WHERE id = :d"),
                       {"d": document}).mappings().first()
    if doc is None or doc["status"] != "ok":
        return
    events = conn.execute(text(
        "SELECT id, type, actor, target, item, actor_text, target_text, item_text, evidence_start, evidence_end, "
        "evidence_text FROM events WHERE document = :d ORDER BY evidence_start, id"), {"d": document}).mappings().all()
    ids = sorted({e[k] for e in events for k in ("actor", "target", "item") if e[k]})
    names: dict[str, str] = {}
    if ids:
        stmt = text("SELECT id, name FROM entities WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
        names = {str(i): str(n) for i, n in conn.execute(stmt, {"ids": ids})}
    doc_text = str(doc["text"] or "")
    rows: list[dict[str, Any]] = [{"kind": "document", "document": document, "event": None, "start_char": 0,
                                   "end_char": len(doc_text), "title": doc["title"] or "", "body": doc_text,
                                   "outlet": doc["outlet"] or "", "tags": ""}]
    for e in events:
        tags = " ".join(p for p in (_words(e["type"]), _party_text(e["actor"], e["actor_text"], names),
                                    _party_text(e["target"], e["target_text"], names),
                                    _party_text(e["item"], e["item_text"], names)) if p)
        rows.append({"kind": "claim", "document": document, "event": e["id"], "start_char": e["evidence_start"],
                     "end_char": e["evidence_end"], "title": "", "body": e["evidence_text"] or "", "outlet": "",
                     "tags": tags})
    if conn.dialect.name == "postgresql":
        conn.execute(text("INSERT INTO search_rows (kind, document, event, start_char, end_char, title, body, outlet, "
                          "tags) VALUES (:kind, :document, :event, :start_char, :end_char, :title, :body, :outlet, "
                          ":tags)"), rows)
        return
    for row in rows:
        rid = conn.execute(text("INSERT INTO search_rows (kind, document, event, start_char, end_char) VALUES "
                                "(:kind, :document, :event, :start_char, :end_char) RETURNING id"), row).scalar_one()
        conn.execute(text("INSERT INTO search_fts (rowid, title, body, outlet, tags) VALUES "
                          "(:rid, :title, :body, :outlet, :tags)"), {**row, "rid": rid})


_PHRASE = re.compile(r'"([^"]*)"')


def _clean_term(term: str) -> str:
    # no NUL (PostgreSQL rejects it), no lone surrogates (not encodable), no quotes (phrase delimiters)
    term = term.replace("\x00", " ").replace('"', " ").encode("utf-8", "ignore").decode("utf-8")
    return " ".join(term.split())


def query_terms(query: str) -> list[str]:
    """The plain terms of a user query: ``"..."`` (balanced) is one phrase, anything else splits on white space;
    terms without a letter or digit are dropped, at most :data:`MAX_TERMS` kept. Operators mean nothing here:
    ``S-400 "AND (`` is the terms ``S-400``, ``AND``, ``(``-less, i.e. ``["S-400", "AND"]``."""
    terms: list[str] = []
    pos = 0
    for m in _PHRASE.finditer(query):
        terms += query[pos:m.start()].split()
        terms.append(m.group(1))
        pos = m.end()
    terms += query[pos:].split()
    out: list[str] = []
    for t in terms:
        t = _clean_term(t)
        if t and re.search(r"\w", t) and t not in out:
            out.append(t)
    return out[:MAX_TERMS]


def _fts_query(terms: Sequence[str]) -> str:
    return " ".join(f'"{t}"' for t in terms)  # quotes were removed from the terms: each is a literal phrase


def _pg_tsquery(terms: Sequence[str], params: dict[str, Any]) -> str:
    parts = []
    for i, t in enumerate(terms):
        params[f"t{i}"] = t
        parts.append(f"phraseto_tsquery('english', :t{i})")
    return "(" + " && ".join(parts) + ")"


@dataclass(frozen=True)
class Filters:
    """What :func:`search_rows` narrows to: ``kinds`` (``document``/``claim``), entity ids, outlet, date range."""

    kinds: tuple[str, ...] = ("document", "claim")
    entities: tuple[str, ...] | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    exclude_events: tuple[str, ...] = ()  # claims taken out of every view (rejected by an analyst's review)


_DATE = "coalesce(dd.published, d.published, d.stated_date)"


def _where(f: Filters, params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """SQL conditions for the filters and the names of expanding parameters they use."""
    conds = ["r.kind IN :kinds"]
    params["kinds"] = list(f.kinds)
    expanding = ["kinds"]
    if f.outlet is not None:
        conds.append("lower(d.outlet) = :outlet")
        params["outlet"] = f.outlet.lower()
    if f.since:
        conds.append(f"substr({_DATE}, 1, {len(f.since)}) >= :since")
        params["since"] = f.since
    if f.until:
        conds.append(f"substr({_DATE}, 1, {len(f.until)}) <= :until")
        params["until"] = f.until
    if f.exclude_events:
        params["excl"] = list(f.exclude_events)
        expanding.append("excl")
        conds.append("(r.event IS NULL OR r.event NOT IN :excl)")
    if f.entities is not None:
        params["ents"] = list(f.entities) or [""]
        expanding.append("ents")
        conds.append(
            "((r.kind = 'document' AND EXISTS (SELECT 1 FROM mentions m WHERE m.document = r.document "
            "AND m.entity IN :ents)) OR (r.kind = 'claim' AND (EXISTS (SELECT 1 FROM events e WHERE e.id = r.event "
            "AND (e.actor IN :ents OR e.target IN :ents OR e.item IN :ents)) OR EXISTS (SELECT 1 FROM mentions m "
            "WHERE m.document = r.document AND m.entity IN :ents AND m.start_char >= r.start_char "
            "AND m.end_char <= r.end_char))))")
    return conds, expanding


def search_rows(engine: Engine, terms: Sequence[str], filters: Filters, limit: int, offset: int,
                ) -> tuple[int, list[SearchRow]]:
    """``(total, rows)``: every row matching all ``terms`` and ``filters``, best first, one page of it."""
    if not terms:
        return 0, []
    params: dict[str, Any] = {"limit": max(0, limit), "offset": max(0, offset)}
    conds, expanding = _where(filters, params)
    joins = "JOIN documents d ON d.id = r.document LEFT JOIN document_dates dd ON dd.document = r.document"
    if engine.dialect.name == "postgresql":
        tsq = _pg_tsquery(terms, params)
        base = f"FROM search_rows r {joins} WHERE r.tsv @@ {tsq} AND " + " AND ".join(conds)
        score = f"ts_rank(r.tsv, {tsq})"
        order = "score DESC, r.document COLLATE \"C\", r.id"
    else:
        params["q"] = _fts_query(terms)
        base = (f"FROM search_fts JOIN search_rows r ON r.id = search_fts.rowid {joins} "
                "WHERE search_fts MATCH :q AND " + " AND ".join(conds))
        score = f"-{_BM25}"
        order = "score DESC, r.document, r.id"
    binds: list[BindParameter[Any]] = [bindparam(n, expanding=True) for n in expanding]
    count_sql = text(f"SELECT count(*) {base}").bindparams(*binds)
    page_sql = text(f"SELECT r.kind, r.document, r.event, r.start_char, r.end_char, {score} AS score {base} "
                    f"ORDER BY {order} LIMIT :limit OFFSET :offset").bindparams(*binds)
    with engine.connect() as conn:
        total = int(conn.execute(count_sql, params).scalar() or 0)
        rows = [SearchRow(str(r.kind), str(r.document), r.event, int(r.start_char), int(r.end_char),
                          round(float(r.score or 0.0), 6))
                for r in conn.execute(page_sql, params)] if total > offset and limit > 0 else []
    return total, rows
