"""Writing: round-trips, idempotence, per-document atomicity, entity merging, skipped documents."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from store_factory import make_document, make_result

from claimgraph.errors import StoreError
from claimgraph.records import (
    DocumentResult,
    Entity,
    Event,
    Mention,
    Span,
    TimeValue,
    make_id,
)
from claimgraph.store import Store, open_store


def test_store_roundtrip_every_claim_record(store: Store) -> None:
    result = make_result(1, n_mentions=6, n_events=4)
    # An event with the optional parts left empty and one with a trigger span and a range time.
    bare = Event(id="ev_bare", document=result.document.id, type="statement", evidence=Span(1, 5, "text"),
                 actor_text="unnamed officials", item_text="a missile system")
    full = dataclasses.replace(result.events[0], id="ev_full", trigger=Span(3, 7, "buys"),
                               when=TimeValue("2020-12", "December 2020 or January 2021", end="2021-01",
                                              relative=True, start_char=4, end_char=30))
    result = dataclasses.replace(result, events=result.events + (bare, full))
    assert store.write_result(result) == "new"

    assert store.get_document(result.document.id) == result.document
    assert store.mentions(result.document.id) == sorted(result.mentions, key=lambda m: (m.start, m.id))
    assert {e.id: e for e in store.events()} == {e.id: e for e in result.events}
    assert store.explanations() == list(result.explanations)
    stored = {e.id: e for e in store.entities()}
    for e in result.entities:
        assert stored[e.id] == dataclasses.replace(e, aliases=tuple(sorted(e.aliases)))
    assert store.entities(type="PERSON") == []


def test_store_write_twice_changes_nothing(store: Store) -> None:
    results = [make_result(i) for i in range(3)]
    assert store.write_results(results) == {"new": 3}
    before = store.counts()
    log_before = store.ingest_log()
    assert store.write_results(results) == {"unchanged": 3}
    assert store.counts() == before
    assert store.ingest_log() == log_before
    assert before["documents"] == 3 and before["mentions"] == 12 and before["events"] == 6


def test_store_reprocessing_replaces_own_claims(store: Store) -> None:
    first = make_result(1, n_mentions=5, n_events=3)
    store.write_result(first)
    fewer = dataclasses.replace(first, mentions=first.mentions[:2], events=first.events[:1], explanations=())
    assert store.write_result(fewer) == "updated"
    assert len(store.mentions(first.document.id)) == 2
    assert [e.id for e in store.events(document=first.document.id)] == [first.events[0].id]
    assert store.explanations() == []
    # Entities written by the first version stay: they may be shared with other documents.
    assert len(store.entities()) == 5


def test_store_failed_write_leaves_nothing_of_the_document(store: Store) -> None:
    result = make_result(7, n_mentions=3, n_events=2)
    # The last mention points at a document that does not exist: a foreign-key violation after the document
    # row, the entities and the first mentions have been written in the same transaction.
    orphan = Mention(id="m_orphan", document="doc_missing", start=0, end=3, text="xxx", label="STATE")
    broken = dataclasses.replace(result, mentions=result.mentions + (orphan,))
    with pytest.raises(StoreError) as info:
        store.write_result(broken)
    assert info.value.code == "E305"
    counts = store.counts()
    assert counts["documents"] == counts["entities"] == counts["mentions"] == counts["ingest_log"] == 0

    # An update that fails keeps the previous version intact.
    assert store.write_result(result) == "new"
    before = store.counts()
    with pytest.raises(StoreError):
        store.write_result(dataclasses.replace(broken, explanations=()))
    assert store.counts() == before
    assert len(store.explanations(result.document.id)) == 1


def test_store_write_results_counts_failures_and_goes_on(store: Store) -> None:
    good = make_result(1)
    bad = dataclasses.replace(make_result(2), mentions=(Mention("m_x", "doc_nope", 0, 1, "x", "ORG"),))
    assert store.write_results([bad, good]) == {"failed": 1, "new": 1}
    with pytest.raises(StoreError):
        store.write_results([bad], stop_on_error=True)


def test_store_duplicate_ids_in_one_result_are_written_once(store: Store) -> None:
    result = make_result(3, n_mentions=2)
    doubled = dataclasses.replace(result, mentions=result.mentions + result.mentions[:1])
    assert store.write_result(doubled) == "new"
    assert len(store.mentions()) == 2


def test_store_entities_union_aliases_and_attributes_across_documents(store: Store) -> None:
    a, b = make_document("first made-up text"), make_document("second made-up text", source="corpus/002_b.txt")
    person_a = Entity("PERSON:jane-roe", "PERSON", "Jane Roe", ("Roe", "J. Roe"), None, {"role": "minister"})
    person_b = Entity("PERSON:jane-roe", "PERSON", "Jane R.", ("Ms Roe",), None, {"role": "envoy", "state": "FRA"})
    mention_a = Mention(make_id("m", a.id, 0, 5), a.id, 0, 5, "first", "PERSON", person_a.id)
    mention_b = Mention(make_id("m", b.id, 0, 6), b.id, 0, 6, "second", "PERSON", person_b.id)
    store.write_result(DocumentResult(a, mentions=(mention_a,), entities=(person_a,)))
    store.write_result(DocumentResult(b, mentions=(mention_b,), entities=(person_b,)))
    merged = store.entity("PERSON:jane-roe")
    assert merged is not None
    assert merged.name == "Jane Roe"  # the first writer's name is kept
    assert merged.aliases == ("J. Roe", "Ms Roe", "Roe")
    assert merged.attributes == {"role": "minister", "state": "FRA"}  # added, never overwritten
    assert store.entity_documents("PERSON:jane-roe") == sorted([a.id, b.id])
    rows = store.entity_rows(type="PERSON")
    assert [(e.id, docs, n) for e, docs, n in rows] == [("PERSON:jane-roe", sorted([a.id, b.id]), 2)]

    # Re-processing document a without the entity does not remove what b wrote.
    store.write_result(DocumentResult(dataclasses.replace(a, title="retitled")))
    assert store.entity("PERSON:jane-roe") == merged
    assert store.entity_documents("PERSON:jane-roe") == [b.id]


def test_store_skipped_documents_are_recorded_and_never_overwrite(store: Store) -> None:
    ok = make_result(4)
    store.write_result(ok)
    skipped = make_document("", source="inbox/photo.png", status="skipped:binary", error="[E102] Binary file")
    duplicate = dataclasses.replace(ok.document, source="inbox/copy.html", text="", status="skipped:duplicate",
                                    error="[E106] Exact duplicate")
    assert store.write_result(DocumentResult(skipped)) == "skipped"
    assert store.write_result(DocumentResult(duplicate)) == "skipped"
    assert store.write_result(DocumentResult(duplicate)) == "skipped"

    assert store.get_document(ok.document.id) == ok.document  # the ok document is untouched
    assert len(store.mentions(ok.document.id)) == len(ok.mentions)
    assert [d.source for d in store.documents(status="skipped:binary")] == ["inbox/photo.png"]
    log = {(e.source, e.status): e for e in store.ingest_log()}
    assert log[("inbox/photo.png", "skipped:binary")].error == "[E102] Binary file"
    assert log[("inbox/copy.html", "skipped:duplicate")].outcome == "skipped"
    assert log[(ok.document.source, "ok")].outcome == "new"
    counts = store.counts()
    assert (counts["documents"], counts["documents_ok"], counts["documents_skipped"]) == (2, 1, 1)
    assert counts["ingest_log"] == 3


def test_store_ok_document_replaces_an_earlier_failure(store: Store) -> None:
    result = make_result(5)
    failed = dataclasses.replace(result.document, status="error:timeout", error="[E202] too slow")
    assert store.write_result(DocumentResult(failed)) == "skipped"
    assert store.write_result(result) == "updated"
    assert store.get_document(result.document.id).status == "ok"
    assert store.ingest_log()[0].outcome == "updated"


def test_store_same_text_from_another_source_is_unchanged(store: Store) -> None:
    result = make_result(6)
    store.write_result(result)
    again = dataclasses.replace(result, document=dataclasses.replace(result.document, source="mirror/6.html"))
    assert store.write_result(again) == "unchanged"
    assert store.get_document(result.document.id).source == result.document.source
    assert sorted(e.source for e in store.ingest_log()) == sorted([result.document.source, "mirror/6.html"])


def test_store_log_ingest_records_a_source_without_a_document(store: Store) -> None:
    result = make_result(8)
    store.write_result(result)
    store.log_ingest("mirror/8.txt", result.document.id, "skipped:duplicate", "[E106] Exact duplicate")
    store.log_ingest("mirror/8.txt", result.document.id, "skipped:duplicate", "[E106] Exact duplicate")
    entries = [e for e in store.ingest_log() if e.source == "mirror/8.txt"]
    assert [(e.status, e.outcome) for e in entries] == [("skipped:duplicate", "skipped")]
    assert store.counts()["documents"] == 1


def test_store_concurrent_writers_share_entities(store_url: str) -> None:
    """Three stores (as three worker processes would) write at once; shared entities merge every attribute."""
    open_store(store_url).close()
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            with open_store(store_url) as s:
                for i in range(worker * 100, worker * 100 + 8):
                    r = make_result(i, n_mentions=5, n_events=2)
                    ents = tuple(dataclasses.replace(e, aliases=(f"alias-{worker}",),
                                                     attributes={f"seen_by_{worker}": True}) for e in r.entities)
                    s.write_result(dataclasses.replace(r, entities=ents))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(store_url) as s:
        assert s.counts()["documents"] == 24
        entities = s.entities()
        assert len(entities) == 5
        for e in entities:
            assert set(e.attributes) == {"seen_by_0", "seen_by_1", "seen_by_2"}
            assert set(e.aliases) == {"alias-0", "alias-1", "alias-2"}
