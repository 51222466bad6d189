"""Reading: document references, event filters, derived tables, migrations, URLs, arbitrary text."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert
from store_factory import make_document, make_result

from claimgraph.errors import StoreError
from claimgraph.records import (
    Dispute,
    DocumentDate,
    DocumentResult,
    Entity,
    Event,
    Mention,
    Relation,
    Span,
    Story,
    TimeValue,
)
from claimgraph.store import Store, latest_version, open_store
from claimgraph.store import schema as S


def test_store_get_document_by_every_kind_of_ref(store: Store) -> None:
    a = make_result(0, source="seeds/000_a9a9c49f7c47a144.txt").document
    b = make_result(1, source="/abs/path/001_bbbbbbbb.md").document
    c = make_result(2, source="feed.jsonl#3").document
    for d in (a, b, c):
        store.write_result(DocumentResult(d))
    assert store.get_document(a.id) == a
    assert store.get_document(a.id[:10]) == a
    assert store.get_document("seeds/000_a9a9c49f7c47a144.txt") == a
    assert store.get_document("000_a9a9c49f7c47a144") == a
    assert store.get_document("000") == a
    assert store.get_document("001_bbbbbbbb") == b
    assert store.get_document("001_bbbbbbbb.md") == b
    assert [d.text for d in store.documents(with_text=False)] == ["", "", ""]
    assert store.get_document("feed.jsonl#3") == c
    with pytest.raises(StoreError) as missing:
        store.get_document("nothing-like-this")
    assert missing.value.code == "E304"
    with pytest.raises(StoreError) as ambiguous:
        store.get_document("doc_")
    assert ambiguous.value.code == "E304"


def test_store_get_document_prefers_the_ok_copy_of_a_source(store: Store) -> None:
    ok = make_result(3, source="in/003_x.txt").document
    failed = make_document("", source="in/003_x.txt", status="error:pipeline", error="[E201] boom")
    store.write_result(DocumentResult(failed))
    store.write_result(DocumentResult(ok))
    assert store.get_document("003_x").id == ok.id


def _event(doc: str, n: int, **kw: object) -> Event:
    return Event(id=f"ev_{n}", document=doc, type=str(kw.pop("type", "arms_purchase")),
                 evidence=Span(n, n + 1, "x"), **kw)  # type: ignore[arg-type]


def test_store_event_filters(store: Store) -> None:
    d1, d2 = make_document("one text"), make_document("two text", source="b.txt")
    store.write_result(DocumentResult(d1, events=(
        _event(d1.id, 1, actor="STATE:RUS", target="STATE:IND", when=TimeValue("2018-10-05")),
        _event(d1.id, 2, type="statement", actor="STATE:IND", when=TimeValue("2018"), status="planned"),
        _event(d1.id, 3, actor_text="unnamed officials", target="STATE:TUR", when=TimeValue("2017-12")),
    )))
    store.write_result(DocumentResult(d2, events=(
        _event(d2.id, 4, actor="STATE:RUS", target="STATE:TUR", when=TimeValue("2019-04-25")),
        _event(d2.id, 5, actor="ORG:rosoboronexport"),
    )))

    def ids(**kw: str) -> list[str]:
        return sorted(e.id for e in store.events(**kw))

    assert ids(type="statement") == ["ev_2"]
    assert ids(actor="RUS") == ["ev_1", "ev_4"]
    assert ids(actor="rus") == ["ev_1", "ev_4"]
    assert ids(status="planned") == ["ev_2"]
    assert ids(actor="STATE:RUS") == ["ev_1", "ev_4"]
    assert ids(actor="unnamed officials") == ["ev_3"]
    assert ids(actor="ORG:rosoboronexport") == ["ev_5"]
    assert ids(target="TUR") == ["ev_3", "ev_4"]
    assert ids(since="2018") == ["ev_1", "ev_2", "ev_4"]
    assert ids(until="2018") == ["ev_1", "ev_2", "ev_3"]
    assert ids(since="2018-06", until="2019-04") == ["ev_1", "ev_4"]
    assert ids(document=d2.id) == ["ev_4", "ev_5"]
    assert ids(actor="RUS", since="2019") == ["ev_4"]


def test_store_replace_derived_replaces_all_rows(store: Store) -> None:
    r = make_result(1)
    store.write_result(r)
    doc = r.document.id
    story = Story("st_1", "S-400 sale", "arms_purchase", (r.events[0].id,), (doc,), {"when": "2018-10"})
    store.replace_derived(
        relations=[Relation("rel_1", "near_duplicate", doc, "doc_other", 0.93)],
        document_dates=[DocumentDate(doc, "2018-10", "inferred", "latest event", None)],
        stories=[story],
        disputes=[Dispute("dsp_1", "contradiction", "st_1", "when", (r.events[0].id,), "dates differ")],
        explanations=[dataclasses.replace(r.explanations[0], story="st_1")],
    )
    assert store.stories() == [story]
    assert store.relations()[0].similarity == pytest.approx(0.93)
    assert store.document_dates()[0].published == "2018-10"
    assert store.disputes()[0].claims == (r.events[0].id,)
    assert store.explanations()[0].story == "st_1"
    assert store.explanations()[0].cause == r.explanations[0].cause

    story2 = dataclasses.replace(story, id="st_2", label="another")
    store.replace_derived(relations=[], document_dates=[], stories=[story2, story2], disputes=[])
    counts = store.counts()
    assert (counts["relations"], counts["document_dates"], counts["disputes"]) == (0, 0, 0)
    assert [s.id for s in store.stories()] == ["st_2"]
    store.replace_derived(relations=None)  # None leaves a table as it is
    assert [s.id for s in store.stories()] == ["st_2"]


def test_store_migrations_are_recorded_once(store_url: str) -> None:
    with open_store(store_url) as s:
        first = s.migrations()
        assert [(v, n[:14]) for v, n, _ in first][:4] == [(1, "initial schema"), (2, "entity_links: "),
                                                           (3, "events: add co"), (4, "incremental in")]
        from claimgraph.store.migrations import MIGRATIONS  # later versions are added by later features

        assert [v for v, _, _ in first] == [m.version for m in MIGRATIONS]
        assert s.schema_version() == latest_version() == MIGRATIONS[-1].version
    with open_store(store_url) as s:
        assert s.migrations() == first
        with s.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
            conn.execute(insert(S.schema_migrations).values(version=99, name="future", applied_at="2099-01-01"))
    with pytest.raises(StoreError) as info:
        open_store(store_url)
    assert info.value.code == "E303"


def test_store_later_migration_adds_a_column_once(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import Column, Connection, Text
    from sqlalchemy import inspect as sa_inspect

    from claimgraph.store import migrations

    with open_store(store_url) as s:
        s.write_result(make_result(1))
    monkeypatch.setattr(migrations, "MIGRATIONS", list(migrations.MIGRATIONS))
    calls: list[int] = []

    nxt = latest_version() + 1

    @migrations.migration(nxt, "events: add note")
    def _next(conn: Connection) -> None:
        calls.append(nxt)
        migrations.add_column(conn, "events", Column("note", Text))

    for _ in range(2):
        with open_store(store_url) as s:
            assert [v for v, _, _ in s.migrations()] == [*range(1, nxt + 1)]
            with s.engine.connect() as conn:
                assert "note" in {c["name"] for c in sa_inspect(conn).get_columns("events")}
            assert s.counts()["events"] == 2  # existing rows survive
    assert calls == [nxt]


def test_store_counts_and_entity_rows(store: Store) -> None:
    for i in range(2):
        store.write_result(make_result(i, n_mentions=5))
    rows = {e.id: (docs, n) for e, docs, n in store.entity_rows(type="STATE")}
    assert len(rows) == 5
    assert all(len(docs) == 2 and n == 2 for docs, n in rows.values())
    assert store.counts()["entity_aliases"] == 10


def test_store_url_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nested = tmp_path / "deep" / "dir" / "kb.db"
    with open_store(str(nested)) as s:
        assert s.dialect == "sqlite"
        assert s.engine.dialect.name == "sqlite"
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert nested.exists()
    with open_store(f"sqlite:///{tmp_path / 'b.db'}") as s:
        assert s.counts()["documents"] == 0
    with open_store(":memory:") as s:
        s.write_result(make_result(1))
        assert s.counts()["documents"] == 1
    junk = tmp_path / "notes.db"
    junk.write_text("this is not a database, just notes " * 100)
    with pytest.raises(StoreError) as not_db:
        open_store(str(junk))
    assert not_db.value.code == "E301"
    with pytest.raises(StoreError) as bad_scheme:
        open_store("mysql://localhost/x")
    assert bad_scheme.value.code == "E301"
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "psycopg" else real_find_spec(name, *a))
    with pytest.raises(StoreError) as no_driver:
        open_store("postgresql://u@127.0.0.1:1/db")
    assert no_driver.value.code == "E302"


def test_store_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError) as info:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert info.value.code == "E301"
    assert "secret" not in str(info.value)


_text = st.text(min_size=0, max_size=200)


@settings(max_examples=25, deadline=None)
@given(body=_text, title=st.one_of(st.none(), _text), alias=st.text(min_size=1, max_size=40), key=_text)
def test_store_roundtrip_arbitrary_text(body: str, title: str | None, alias: str, key: str) -> None:
    """SQLite keeps any text byte for byte: documents, JSON metadata, aliases, evidence spans."""
    with open_store(":memory:") as s:
        doc = make_document(body, title=title, meta={key: [body, title]})
        ent = Entity("ORG:x", "ORG", alias, (alias,), None, {key: alias})
        m = Mention("m_1", doc.id, 0, len(body), body, "ORG", "ORG:x")
        ev = Event("ev_1", doc.id, "statement", Span(0, len(body), body), actor_text=alias, hedges=(alias,))
        s.write_result(DocumentResult(doc, mentions=(m,), entities=(ent,), events=(ev,)))
        assert s.get_document(doc.id) == doc
        assert s.entities() == [ent]
        assert s.mentions() == [m]
        assert s.events() == [ev]


def test_store_nul_characters_survive_on_every_backend(store: Store) -> None:
    """PostgreSQL rejects NUL in text: it is stored as U+FFFD, which keeps every character offset valid."""
    doc = make_document("before\x00after")
    store.write_result(DocumentResult(doc, mentions=(Mention("m_n", doc.id, 0, 12, "before\x00after", "ORG"),)))
    stored = store.get_document(doc.id)
    assert len(stored.text) == len(doc.text)
    expected = doc.text if store.dialect == "sqlite" else "before\ufffdafter"
    assert stored.text == expected and store.mentions()[0].text == expected


def test_store_reading_while_writing_on_one_connection() -> None:
    """A read still being iterated does not block writes (``:memory:`` shares one connection)."""
    with open_store(":memory:") as s:
        for i in range(3):
            s.write_result(make_result(i))
        seen = 0
        for event in s.iter_events():
            s.get_document(event.document)
            s.write_result(make_result(100 + seen))
            seen += 1
        # (on one connection the running SELECT may also see rows written meanwhile)
        assert seen >= 6 and s.counts()["documents"] == 3 + seen
