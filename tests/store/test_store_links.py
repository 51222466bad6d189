"""Reconcile's entity merge in the store: migration 2, ``replace_derived(entity_links=, mention_links=)``, readers
and entity listings folded into canonical entities. Runs on SQLite and PostgreSQL (see conftest)."""

from __future__ import annotations

import hashlib

from sqlalchemy import create_engine, inspect
from sqlalchemy import text as sql

from claimgraph.records import Document, DocumentResult, Entity, Mention, make_id
from claimgraph.store import Store, latest_version, open_store
from claimgraph.store import schema as S
from claimgraph.store.migrations import MIGRATIONS

FULL = Entity("PERSON:anna-berg", "PERSON", "Anna Berg", ("Dr Berg",), attributes={"role": "Envoy", "state": "SWE"})
TYPO = Entity("PERSON:ana-berg", "PERSON", "Ana Berg")
OTHER = Entity("PERSON:olle-dahl", "PERSON", "Olle Dahl")


def _doc_with(text: str, source: str, people: list[tuple[Entity | None, str]]) -> DocumentResult:
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=make_id("doc", sha), source=source, sha256=sha, text=text)
    mentions = []
    for ent, surface in people:
        start = text.index(surface)
        mentions.append(Mention(make_id("m", doc.id, start), doc.id, start, start + len(surface), surface, "PERSON",
                                ent.id if ent else None))
    ents = tuple({e.id: e for e, _ in people if e}.values())
    return DocumentResult(doc, mentions=tuple(mentions), entities=ents)


def _fill(store: Store) -> tuple[DocumentResult, DocumentResult]:
    a = _doc_with("Anna Berg met Olle Dahl in the harbour town.", "a.txt", [(FULL, "Anna Berg"), (OTHER, "Olle Dahl")])
    b = _doc_with("Ana Berg spoke; the Swedish envoy agreed.", "b.txt", [(TYPO, "Ana Berg"), (None, "the Swedish envoy")])
    store.write_result(a)
    store.write_result(b)
    return a, b


def test_store_entity_links_round_trip_and_replace(store: Store) -> None:
    a, b = _fill(store)
    role_mention = b.mentions[1].id
    store.replace_derived(entity_links={TYPO.id: FULL.id}, mention_links={role_mention: FULL.id})
    assert store.entity_links() == {TYPO.id: FULL.id}
    assert store.mention_links() == {role_mention: FULL.id}
    assert store.counts()["entity_links"] == 2
    # each kind is replaced on its own; None leaves it as it is
    store.replace_derived(entity_links={}, mention_links=None)
    assert store.entity_links() == {}
    assert store.mention_links() == {role_mention: FULL.id}


def test_store_entity_rows_fold_variants_into_canonical(store: Store) -> None:
    a, b = _fill(store)
    before = {e.id: (docs, n) for e, docs, n in store.entity_rows(type="PERSON")}
    assert set(before) == {FULL.id, TYPO.id, OTHER.id}
    store.replace_derived(entity_links={TYPO.id: FULL.id}, mention_links={b.mentions[1].id: FULL.id})
    rows = {e.id: (e, docs, n) for e, docs, n in store.entity_rows(type="PERSON")}
    assert set(rows) == {FULL.id, OTHER.id}
    ent, docs, n = rows[FULL.id]
    assert "Ana Berg" in ent.aliases and "Dr Berg" in ent.aliases
    assert ent.attributes["variants"] == [TYPO.id] and ent.attributes["role"] == "Envoy"
    assert docs == sorted([a.document.id, b.document.id])
    assert n == 3  # its own mention, the variant's, and the role phrase reconcile linked
    assert rows[OTHER.id][1:] == ([a.document.id], 1)
    # the raw view is still there for reconcile, and the claims keep their ids
    raw = {e.id for e in store.entities(merged=False)}
    assert raw == {FULL.id, TYPO.id, OTHER.id}
    assert {m.entity for m in store.mentions(document=b.document.id)} == {TYPO.id, None}
    assert store.entity(TYPO.id) == TYPO
    assert {e.id for e, _, _ in store.entity_rows(merged=False)} == raw


def test_store_migration_2_adds_entity_links_to_a_version_1_database(store_url: str) -> None:
    """A database written at version 1 (no entity_links table) gains the table when opened."""
    with open_store(store_url) as s:
        _fill(s)
    url = store_url if "://" in store_url else f"sqlite:///{store_url}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sql("DROP TABLE entity_links"))
        conn.execute(sql("DELETE FROM schema_migrations WHERE version >= 2"))
    engine.dispose()
    with open_store(store_url) as s:
        assert s.schema_version() == latest_version() >= 2
        assert [v for v, _, _ in s.migrations()] == [m.version for m in MIGRATIONS]
        with s.engine.connect() as conn:
            assert inspect(conn).has_table(S.entity_links.name)
        s.replace_derived(entity_links={TYPO.id: FULL.id})
        assert [e.id for e in s.entities(type="PERSON")] == [FULL.id, OTHER.id]
