"""Export the knowledge base as files: JSON Lines (the contract), CSV (flattened) or Parquet.

One file per table: ``documents``, ``entities``, ``events``, ``explanations``, ``stories``, ``disputes``,
``relations``. Rows are sorted by id and streamed from the store one at a time, so two exports of the same
store are byte-identical and memory stays flat however big the store is.

In ``events`` the ``actor``/``target`` are the ISO3 code for states (``STATE:RUS`` -> ``RUS``), the canonical
name for other linked entities, else the surface text; ``item`` is the entity name or the surface text.

CSV and Parquet flatten fixed-shape objects into dotted columns (``quantity.value``, ``evidence.start``); lists
become JSON text in CSV and string lists in Parquet; free-form mappings (``attributes``, ``slots``) are JSON text.
"""

from __future__ import annotations

import csv
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..store import Store

if TYPE_CHECKING:
    from ..reviews import ReviewedEvents

__all__ = [
    "FORMATS",
    "TABLES",
    "document_rows",
    "dispute_rows",
    "entity_rows",
    "event_rows",
    "explanation_rows",
    "export",
    "relation_rows",
    "story_rows",
]

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")

Row = dict[str, Any]
# Column (dotted path for fixed-shape objects) and its kind: str | int | float | bool | list | json.
Columns = tuple[tuple[str, str], ...]

TABLES: dict[str, Columns] = {
    "documents": (
        ("id", "str"), ("name", "str"), ("source", "str"), ("title", "str"), ("author", "str"), ("outlet", "str"),
        ("published", "str"), ("published_basis", "str"), ("language", "str"), ("sha256", "str"),
        ("status", "str"), ("volume", "str"), ("issue", "str"), ("stated_date", "str"), ("repost", "bool"),
        ("published_reason", "str"), ("error", "str"), ("note", "str"),
    ),
    "entities": (
        ("id", "str"), ("type", "str"), ("name", "str"), ("iso3", "str"), ("aliases", "list"),
        ("documents", "list"), ("mentions", "int"), ("attributes", "json"),
    ),
    "events": (
        ("id", "str"), ("document", "str"), ("type", "str"), ("actor", "str"), ("target", "str"), ("item", "str"),
        ("quantity.value", "float"), ("quantity.unit", "str"), ("value.amount", "float"),
        ("value.currency", "str"), ("when", "str"), ("status", "str"), ("attributed_to", "str"),
        ("hedged", "bool"), ("evidence.text", "str"), ("evidence.start", "int"), ("evidence.end", "int"),
        ("rule", "str"), ("hedges", "list"), ("attribution_chain", "list"), ("when_text", "str"),
        ("confidence", "float"), ("review", "str"),
    ),
    "explanations": (
        ("id", "str"), ("document", "str"), ("story", "str"), ("event", "str"), ("cause", "str"),
        ("attributed_to", "str"), ("stance", "str"), ("marker", "str"), ("evidence.text", "str"),
        ("evidence.start", "int"), ("evidence.end", "int"),
    ),
    "stories": (
        ("id", "str"), ("label", "str"), ("type", "str"), ("events", "list"), ("documents", "list"),
        ("slots", "json"),
    ),
    "disputes": (
        ("id", "str"), ("kind", "str"), ("story", "str"), ("slot", "str"), ("claims", "list"),
        ("explanation", "str"),
    ),
    "relations": (
        ("id", "str"), ("kind", "str"), ("source", "str"), ("target", "str"), ("similarity", "float"),
    ),
}


def export(store: Store, out_dir: str | os.PathLike[str], formats: Sequence[str] = ("jsonl",), *,
           reviewed: ReviewedEvents | None = None) -> dict[str, Path]:
    """Write every table in each of ``formats`` under ``out_dir``; return ``{file name: path}``.

    ``reviewed`` (the events as reviews leave them, :func:`claimgraph.reviews.apply_to_events`) replaces the
    stored events in ``events``; ``None`` streams the stored claims.

    Raises ``ConfigError`` E003 for an unknown format and E002 when Parquet is asked for without pyarrow (checked
    before anything is written).
    """
    formats = tuple(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise ConfigError("E003", name="format", value=fmt, reason=f"choose from {', '.join(FORMATS)}")
    if "parquet" in formats:
        _require_pyarrow()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in formats:
        for table, columns in TABLES.items():
            path = out / f"{table}.{fmt}"
            rows = event_rows(store, by_id=True, reviewed=reviewed) if table == "events" else _ROWS[table](store)
            _write_atomic(path, _WRITERS[fmt], rows, columns)
            written[path.name] = path
            log.info("exported %s", path)
    return written


# --- rows (nested dicts in the JSON Lines shape) ---


def _canonical(value: Any) -> Any:
    """Free-form mappings with their keys sorted at every level: PostgreSQL's JSONB does not keep key order,
    so without this the same store content would export differently on the two backends."""
    if isinstance(value, Mapping):
        return {str(k): _canonical(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def document_rows(store: Store, status: str | None = None) -> Iterator[Row]:
    """Documents as export rows (also what ``claimgraph documents`` lists): the contract fields plus ``name``
    (the file stem used by ``show``), ``error`` and ``note`` (the skip reason, else why the date was chosen)."""
    for d in store.iter_documents(status, with_text=False):
        yield {
            "id": d.id, "name": d.name, "source": d.source, "title": d.title, "author": d.author, "outlet": d.outlet,
            "published": d.published, "published_basis": d.published_basis, "language": d.language,
            "sha256": d.sha256, "status": d.status, "volume": d.volume, "issue": d.issue,
            "stated_date": d.stated_date, "repost": d.repost, "published_reason": d.published_reason,
            "error": d.error, "note": d.error if not d.ok else d.published_reason,
        }


def entity_rows(store: Store, type: str | None = None) -> Iterator[Row]:
    """Entities as export rows with their sorted aliases, the documents mentioning them and the mention count."""
    stats = store.entity_stats()
    for e in store.iter_entities(type):
        docs, count = stats.get(e.id, ([], 0))
        yield {
            "id": e.id, "type": e.type, "name": e.name, "iso3": e.iso3, "aliases": sorted(e.aliases),
            "documents": docs, "mentions": count, "attributes": _canonical(e.attributes),
        }


class _Names:
    """Display names of linked entities: ISO3 for states, the canonical name for others."""

    def __init__(self, store: Store) -> None:
        self._by_id = {e.id: (e.type, e.name, e.iso3) for e in store.iter_entities()}

    def party(self, entity: str | None, text: str | None) -> str | None:
        if entity is None:
            return text
        known = self._by_id.get(entity)
        if known is None:
            return entity.split(":", 1)[1] if entity.startswith("STATE:") else (text or entity)
        etype, name, iso3 = known
        if etype == "STATE":
            return iso3 or entity.split(":", 1)[-1]
        return name

    def thing(self, entity: str | None, text: str | None) -> str | None:
        if entity is None:
            return text
        known = self._by_id.get(entity)
        return known[1] if known else (text or entity.split(":", 1)[-1])

    def source(self, attributed_to: str | None) -> str | None:
        """An attribution as a reader names it: a linked source (``PERSON:mark-esper``) by its name, ``author``
        and free-text sources ("officials", "Reuters") as they are."""
        if not attributed_to or attributed_to == "author":
            return attributed_to
        known = self._by_id.get(attributed_to)
        return known[1] if known else attributed_to


def event_rows(
    store: Store,
    type: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    since: str | None = None,
    until: str | None = None,
    document: str | None = None,
    status: str | None = None,
    *,
    by_id: bool = False,
    reviewed: ReviewedEvents | None = None,
) -> Iterator[Row]:
    """Events as export rows, filtered like :meth:`Store.events`; in text order unless ``by_id`` (the export).

    ``reviewed``: the events as the reviews leave them, already filtered (the filters are then not applied
    again); each row's ``review`` says how reviews left it (``accepted``, ``corrected``) or is ``None``.
    """
    names = _Names(store)
    if reviewed is None:
        events: Iterable[Any] = store.iter_events(type, actor, target, since, until, document, status, by_id=by_id)
    else:
        events = sorted(reviewed.events, key=lambda e: e.id) if by_id else reviewed.events
    for e in events:
        yield {
            "id": e.id,
            "document": e.document,
            "type": e.type,
            "actor": names.party(e.actor, e.actor_text),
            "target": names.party(e.target, e.target_text),
            "item": names.thing(e.item, e.item_text),
            "quantity": {"value": e.quantity.value, "unit": e.quantity.unit} if e.quantity else None,
            "value": {"amount": e.value.amount, "currency": e.value.currency} if e.value else None,
            "when": e.when.value if e.when else None,
            "status": e.status,
            "attributed_to": names.source(e.attributed_to),
            "hedged": e.hedged,
            "evidence": {"text": e.evidence.text, "start": e.evidence.start, "end": e.evidence.end},
            "rule": e.rule,
            "hedges": list(e.hedges),
            "attribution_chain": list(e.attribution_chain),
            "when_text": e.when.text if e.when else None,
            "confidence": e.confidence,
            "review": reviewed.mark(e.id) if reviewed is not None else None,
        }


def explanation_rows(store: Store) -> Iterator[Row]:
    for x in store.iter_explanations(by_id=True):
        yield {
            "id": x.id, "document": x.document, "story": x.story, "event": x.event, "cause": x.cause,
            "attributed_to": x.attributed_to, "stance": x.stance, "marker": x.marker,
            "evidence": {"text": x.evidence.text, "start": x.evidence.start, "end": x.evidence.end},
        }


def story_rows(store: Store) -> Iterator[Row]:
    for s in store.iter_stories():
        yield {"id": s.id, "label": s.label, "type": s.type, "events": list(s.events),
               "documents": list(s.documents), "slots": _canonical(s.slots)}


def dispute_rows(store: Store) -> Iterator[Row]:
    for d in store.iter_disputes():
        yield {"id": d.id, "kind": d.kind, "story": d.story, "slot": d.slot, "claims": list(d.claims),
               "explanation": d.explanation}


def relation_rows(store: Store) -> Iterator[Row]:
    for r in store.iter_relations():
        yield {"id": r.id, "kind": r.kind, "source": r.source, "target": r.target, "similarity": r.similarity}


_ROWS: dict[str, Callable[[Store], Iterator[Row]]] = {
    "documents": document_rows,
    "entities": entity_rows,
    "events": lambda store: event_rows(store, by_id=True),
    "explanations": explanation_rows,
    "stories": story_rows,
    "disputes": dispute_rows,
    "relations": relation_rows,
}


# --- writers ---


def _write_atomic(path: Path, write: Callable[[Path, Iterable[Row], Columns], None], rows: Iterable[Row],
                  columns: Columns) -> None:
    """Write to a temporary name and rename, so a failed export never leaves a half file under the real name."""
    tmp = path.with_name(path.name + ".part")
    try:
        write(tmp, rows, columns)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _flat(row: Mapping[str, Any], column: str) -> Any:
    value: Any = row
    for part in column.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _jsonl(path: Path, rows: Iterable[Row], columns: Columns) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, default=str))
            f.write("\n")


def _csv_cell(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind in {"list", "json"}:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if kind == "bool":
        return "true" if value else "false"
    return value


def _csv(path: Path, rows: Iterable[Row], columns: Columns) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([name for name, _ in columns])
        for row in rows:
            writer.writerow([_csv_cell(_flat(row, name), kind) for name, kind in columns])


def _require_pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("E002", package="pyarrow", extra="parquet") from exc
    return pq


def _parquet(path: Path, rows: Iterable[Row], columns: Columns, batch_size: int = 2000) -> None:
    import pyarrow as pa

    pq = _require_pyarrow()
    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "list": pa.list_(pa.string()), "json": pa.string()}
    schema = pa.schema([(name, kinds[kind]) for name, kind in columns])

    def cell(value: Any, kind: str) -> Any:
        if value is None:
            return None
        if kind == "json":
            return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        if kind == "list":
            return [str(v) for v in value]
        return value

    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append({name: cell(_flat(row, name), kind) for name, kind in columns})
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


_WRITERS: dict[str, Callable[[Path, Iterable[Row], Columns], None]] = {
    "jsonl": _jsonl,
    "csv": _csv,
    "parquet": _parquet,
}
