"""The store's tables, declared once with SQLAlchemy Core.

The tables mirror the records in :mod:`claimgraph.records`. Nested value records (``Span``, ``Quantity``,
``Money``, ``TimeValue``) are flattened into columns so they can be filtered in SQL (``events.when_value`` is
compared by ISO prefix); free-form mappings and tuples (``meta``, ``attributes``, ``hedges``) are JSON.

Column names avoid SQL keywords that some dialects reserve (``end``, ``when``): offsets are ``start_char`` /
``end_char`` and the event time is ``when_*``.

This module describes schema version 4 (version 1 plus ``entity_links``, ``events.confidence`` and the
incremental-ingest columns of ``ingest_log`` with ``store_state``). A later version that adds a column must also add a migration in
:mod:`claimgraph.store.migrations`, because version 1 creates exactly what is declared here when it runs on an
empty database.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

__all__ = [
    "metadata",
    "documents",
    "entities",
    "entity_aliases",
    "mentions",
    "events",
    "explanations",
    "relations",
    "document_dates",
    "stories",
    "disputes",
    "entity_links",
    "ingest_log",
    "store_state",
    "schema_migrations",
    "reconcile_documents",
    "reconcile_entities",
    "document_signatures",
    "document_bands",
    "story_keys",
    "INDEX_TABLES",
    "QUERY_INDEXES",
    "SEARCH_INDEXES",
    "raw_pages",
    "feeds",
    "feed_items",
    "reviews",
    "CLAIM_TABLES",
    "DERIVED_TABLES",
]

metadata = MetaData()

# JSONB on PostgreSQL (indexable, compact); plain JSON text on SQLite.
Json = JSON().with_variant(JSONB(), "postgresql")
Id = String(200)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Id, primary_key=True),
    Column("source", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("volume", Text),
    Column("issue", Text),
    Column("stated_date", String(40)),
    Column("published", String(40)),
    Column("published_basis", String(20)),
    Column("published_reason", Text),
    Column("repost", Boolean, nullable=False, default=False),
    Column("language", String(20)),
    Column("media_type", String(100)),
    Column("status", String(60), nullable=False),
    Column("error", Text),
    Column("meta", Json, nullable=False),
    # Fingerprint of everything the document yielded: equal fingerprint -> the write is a no-op ("unchanged").
    Column("content_hash", String(64), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Index("ix_documents_status", "status"),
    Index("ix_documents_source", "source"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Id, primary_key=True),
    Column("type", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("iso3", String(3)),
    Column("attributes", Json, nullable=False),
    Index("ix_entities_type", "type"),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("entity", Id, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, primary_key=True),
    Index("ix_entity_aliases_alias", "alias"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("document", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(40), nullable=False),
    # Not a foreign key: an unlinked or not-yet-stored entity id must not make a document unwritable.
    Column("entity", Id),
    Column("source", String(40), nullable=False),
    Index("ix_mentions_document", "document"),
    Index("ix_mentions_entity", "entity"),
)

events = Table(
    "events",
    metadata,
    Column("id", Id, primary_key=True),
    Column("document", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(80), nullable=False),
    Column("status", String(40), nullable=False),
    Column("actor", Id),
    Column("target", Id),
    Column("item", Id),
    Column("actor_text", Text),
    Column("target_text", Text),
    Column("item_text", Text),
    Column("quantity_value", Float),
    Column("quantity_unit", Text),
    Column("quantity_text", Text),
    Column("value_amount", Float),
    Column("value_currency", String(10)),
    Column("value_usd", Float),
    Column("value_text", Text),
    Column("when_value", String(40)),
    Column("when_text", Text),
    Column("when_end", String(40)),
    Column("when_relative", Boolean),
    Column("when_start_char", Integer),
    Column("when_end_char", Integer),
    Column("attributed_to", Text, nullable=False),
    Column("attribution_chain", Json, nullable=False),
    Column("hedged", Boolean, nullable=False),
    Column("hedges", Json, nullable=False),
    Column("certainty", Float, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("trigger_text", Text),
    Column("rule", String(200)),
    Column("confidence", Float),
    Index("ix_events_document", "document"),
    Index("ix_events_type", "type"),
    Index("ix_events_actor", "actor"),
    Index("ix_events_target", "target"),
    Index("ix_events_when", "when_value"),
)

explanations = Table(
    "explanations",
    metadata,
    Column("id", Id, primary_key=True),
    Column("document", Id, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("cause", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("event", Id),
    Column("attributed_to", Text, nullable=False),
    Column("stance", String(20), nullable=False),
    Column("marker", Text),
    Column("story", Id),
    Index("ix_explanations_document", "document"),
)

# --- derived tables, rewritten as a whole by reconcile (Store.replace_derived) ---

relations = Table(
    "relations",
    metadata,
    Column("id", Id, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("source", Id, nullable=False),
    Column("target", Id, nullable=False),
    Column("similarity", Float, nullable=False),
)

document_dates = Table(
    "document_dates",
    metadata,
    Column("document", Id, primary_key=True),
    Column("published", String(40)),
    Column("basis", String(20)),
    Column("reason", Text, nullable=False),
    Column("repost_of", Id),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Id, primary_key=True),
    Column("label", Text, nullable=False),
    Column("type", String(80), nullable=False),
    Column("events", Json, nullable=False),
    Column("documents", Json, nullable=False),
    Column("slots", Json, nullable=False),
)

disputes = Table(
    "disputes",
    metadata,
    Column("id", Id, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("story", Id),
    Column("slot", String(80), nullable=False),
    Column("claims", Json, nullable=False),
    Column("explanation", Text, nullable=False),
)

# Reconcile's cross-document entity merge (schema version 2): ``kind="entity"`` maps a variant entity id to its
# canonical id ("Segei Shoigu" -> "Sergei Shoigu"); ``kind="mention"`` links an unlinked mention (a role phrase
# such as "the Chinese President") to an entity. The claims keep their own ids; readers fold through this table.
entity_links = Table(
    "entity_links",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("source", Id, primary_key=True),
    Column("target", Id, nullable=False),
    Index("ix_entity_links_target", "target"),
)

ingest_log = Table(
    "ingest_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("document", Id, nullable=False),
    Column("status", String(60), nullable=False),
    Column("error", Text),
    Column("outcome", String(20), nullable=False),  # new | updated | unchanged | skipped | failed
    Column("at", String(40), nullable=False),
    # Incremental ingest (schema version 4): what the input was and what processed it, so that a later ingest
    # recognises an unchanged input before any NLP. ``input_hash``: sha256 of the source and its raw bytes;
    # ``prepared_hash``: of the document as ingest's cheap stages made it (clean text, date, metadata; not the
    # source); ``settings_hash``: of the settings and models that shape extraction; ``result_hash``: the
    # document's ``content_hash`` that this processing produced (a match only counts while the document still
    # has it). NULL on rows written without them.
    Column("input_hash", String(64)),
    Column("prepared_hash", String(64)),
    Column("settings_hash", String(64)),
    Column("result_hash", String(64)),
    UniqueConstraint("source", "document", name="uq_ingest_log_source_document"),
    Index("ix_ingest_log_prepared", "prepared_hash"),
)

# Store-wide counters (schema version 4): ``claims`` grows with every write that adds or changes a document's
# claims, ``reconciled`` is the value of ``claims`` that the last reconcile read; they differ while the derived
# tables may be stale (say, an ingest killed before its reconcile finished).
store_state = Table(
    "store_state",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Integer, nullable=False),
)

# --- incremental reconcile (schema version 8): what the last reconcile saw and the blocking index it keeps ---
# ``reconcile_documents``: every usable document the derived tables were computed from, with the
# ``content_hash`` it had then (a differing or missing row marks the document dirty) and its re-post original.
reconcile_documents = Table(
    "reconcile_documents",
    metadata,
    Column("document", Id, primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("repost_of", Id),
)

# ``reconcile_entities``: a fingerprint per stored entity of what reconcile reads from it (type, name, iso3,
# attributes, its canonical id): a changed one makes the claims naming it dirty.
reconcile_entities = Table(
    "reconcile_entities",
    metadata,
    Column("entity", Id, primary_key=True),
    Column("fingerprint", String(64), nullable=False),
)

# Near-duplicate index: each document's MinHash signature and its LSH band keys (a new document is compared only
# with the documents that share a band with it).
document_signatures = Table(
    "document_signatures",
    metadata,
    Column("document", Id, primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

document_bands = Table(
    "document_bands",
    metadata,
    Column("band", String(40), primary_key=True),
    Column("document", Id, primary_key=True),
    Index("ix_document_bands_document", "document"),
)

# Story blocking index: per event its story and the blocking key the clustering compares (type family with
# interchangeable types, participants as states, item, a month interval that contains every date it can match)
# and the full comparison key as JSON; ``dfamily`` is the plain ontology family the disputes compare.
story_keys = Table(
    "story_keys",
    metadata,
    Column("event", Id, primary_key=True),
    Column("document", Id, nullable=False),
    Column("story", Id, nullable=False),
    Column("type", String(80), nullable=False),
    Column("status", String(40), nullable=False),
    Column("family", String(200), nullable=False),
    Column("dfamily", String(200), nullable=False),
    Column("actor", Text),
    Column("target", Text),
    Column("lo", Integer, nullable=False),
    Column("hi", Integer, nullable=False),
    Column("key", Json, nullable=False),
    Index("ix_story_keys_family_actor", "family", "actor"),
    Index("ix_story_keys_family_target", "family", "target"),
    Index("ix_story_keys_dfamily", "dfamily", "actor", "target"),
    Index("ix_story_keys_story", "story"),
    Index("ix_story_keys_document", "document"),
    Index("ix_story_keys_actor", "actor", "type"),
    Index("ix_story_keys_target", "target", "type"),
    Index("ix_story_keys_pair", "actor", "target"),
)

INDEX_TABLES = (reconcile_documents, reconcile_entities, document_signatures, document_bands, story_keys)
"""Incremental reconcile's own tables (schema version 8), rewritten by a full reconcile."""

# Indexes that make the readers' filters fast at a million events (schema version 8; see benchmarks/bench_store.py):
# composite (filter, time) indexes for ``Store.events``, lookups of derived rows by document and story.
QUERY_INDEXES = (
    Index("ix_events_type_actor", events.c.type, events.c.actor),
    Index("ix_events_actor_when", events.c.actor, events.c.when_value),
    Index("ix_events_target_when", events.c.target, events.c.when_value),
    Index("ix_events_type_when", events.c.type, events.c.when_value),
    Index("ix_documents_sha256", documents.c.sha256),
    Index("ix_relations_source", relations.c.source),
    Index("ix_relations_target", relations.c.target),
    Index("ix_disputes_story", disputes.c.story),
    Index("ix_explanations_event", explanations.c.event),
    Index("ix_explanations_story", explanations.c.story),
    Index("ix_events_attributed", events.c.attributed_to),
    Index("ix_events_item", events.c.item),
    # ``actor=`` matches an id or the surface text (an OR): each side needs its own index to be looked up
    Index("ix_events_actor_text", events.c.actor_text),
    Index("ix_events_target_text", events.c.target_text),
)

# Search's entity filter asks, per matching row, whether the row's document mentions an entity (inside the claim's
# span): one probe of this index instead of a scan of the document's mentions (migration 9).
SEARCH_INDEXES = (
    Index("ix_mentions_document_entity", mentions.c.document, mentions.c.entity, mentions.c.start_char),
)

# Rows owned by one document (replaced when the document is re-processed).
CLAIM_TABLES = (mentions, events, explanations)
# Rows recomputed by reconcile as a whole.
DERIVED_TABLES = (relations, document_dates, stories, disputes, entity_links)

# --- live sources (schema version 7): fetched pages kept for provenance, feeds and what watch has seen ---

# The raw bytes of each fetched page (zlib-compressed), keyed by the URL asked for and the sha256 of the body as
# received (after Content-Encoding), so re-fetching an unchanged page adds nothing. ``document`` is the document
# the page became (or the skipped document that records why it did not).
raw_pages = Table(
    "raw_pages",
    metadata,
    Column("source", Text, primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("document", Id, nullable=False),
    Column("final_url", Text, nullable=False),
    Column("canonical_url", Text),
    Column("status_code", Integer, nullable=False),
    Column("content_type", Text),
    Column("charset", String(60)),
    Column("redirects", Json, nullable=False),
    Column("headers", Json, nullable=False),
    Column("compression", String(10), nullable=False),
    Column("size", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("fetched_at", String(40), nullable=False),
    Index("ix_raw_pages_document", "document"),
)

# Feeds that ``claimgraph watch`` polls, with the validators of the last full response (conditional GET).
feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("kind", String(20)),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("added_at", String(40), nullable=False),
    Column("checked_at", String(40)),
    Column("last_status", String(60)),
    Column("last_error", Text),
)

# Every entry a feed has listed, by its guid (or URL): ``state`` is pending (seen, not yet ingested: a watch that
# stopped resumes here), ingested or failed (with ``error``); ``position`` keeps the order entries were found in.
feed_items = Table(
    "feed_items",
    metadata,
    Column("feed", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("url", Text, nullable=False),
    Column("title", Text),
    Column("published", String(40)),
    Column("state", String(20), nullable=False),
    Column("document", Id),
    Column("error", Text),
    Column("attempts", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("first_seen", String(40), nullable=False),
    Column("done_at", String(40)),
    Index("ix_feed_items_state", "feed", "state"),
)

# --- reviews (schema version 6): an analyst's statements about claims, never edits of them (claimgraph.reviews) ---
# ``action``: accept | reject | correct | merge | split-story | undo; ``target_kind``/``target_id`` name the event,
# entity, story or review it is about; ``field``/``value`` the correction (or the merged entity, the split event);
# ``context``: what the review was made against (a split story's other events). An undo is a review of its own
# that names the review it takes back. Neither ingest nor reconcile ever deletes these rows.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Id, primary_key=True),
    Column("action", String(20), nullable=False),
    Column("target_kind", String(20), nullable=False),
    Column("target_id", Id, nullable=False),
    Column("field", String(40)),
    Column("value", Text),
    Column("reason", Text),
    Column("reviewer", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("context", Json, nullable=False),
    Index("ix_reviews_target", "target_kind", "target_id"),
)
