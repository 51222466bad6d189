"""Full-text search over documents and claims, on SQLite (FTS5) and PostgreSQL (tsvector), with our own texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from claimgraph.errors import InvalidData
from claimgraph.records import DocumentResult
from claimgraph.store import Store, open_store
from claimgraph.store.fulltext import query_terms
from claimgraph.store.migrations import MIGRATIONS
from claimgraph.views.search import best_passage, highlight_spans, search

from ._search_corpus import RADAR, Claim, pg_url, reset_pg, result

FILLER = "Observers in several capitals followed the talks closely. " * 8
ALPHA = ("Moscow shipped a ZX-9 radar to Beijing in the spring. " + FILLER
         + "Analysts said the radar deliveries would continue. The radar works at night.")
BETA = "India signed a trade protocol with Russia. " + FILLER + "One radar was mentioned once, in passing."
GAMMA = "Beijing and New Delhi discussed the border. " + FILLER + "No equipment changed hands."


def corpus() -> list[DocumentResult]:
    return [
        result(ALPHA, (Claim("Moscow shipped a ZX-9 radar to Beijing in the spring.", item=RADAR.id, when="2019-04"),
                       Claim("Analysts said the radar deliveries would continue.", type="statement", actor=None)),
               source="a.txt", title="Radar shipments", outlet="The Daily Example", published="2019-05-02"),
        result(BETA, (Claim("India signed a trade protocol with Russia.", type="agreement", actor="STATE:IND",
                            target="STATE:RUS"),),
               source="b.txt", title="Trade talk", outlet="Weekly Sample", published="2021-02"),
        result(GAMMA, (), source="c.txt", title="Border talks", outlet="Weekly Sample", published="2022"),
    ]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = str(tmp_path / "search.db")
    else:
        url = pg_url()
        reset_pg(url)
    s = open_store(url)
    for r in corpus():
        s.write_result(r)
    yield s
    s.close()


def _ids(store: Store) -> dict[str, str]:
    return {d.source: d.id for d in store.documents()}


def test_search_documents_ranked_by_relevance(store: Store) -> None:
    ids = _ids(store)
    res = search(store, "radar", kind="documents")
    assert res.total == 2
    assert [h.document for h in res.hits] == [ids["a.txt"], ids["b.txt"]]  # three mentions and the title win
    assert res.hits[0].score > res.hits[1].score
    assert all(h.kind == "document" and h.event is None for h in res.hits)


def test_search_hit_snippet_is_exact_text_with_highlights(store: Store) -> None:
    texts = {d.id: d.text for d in store.documents()}
    res = search(store, "radar deliveries")
    assert res.hits
    for hit in res.hits:
        assert texts[hit.document][hit.start:hit.end] == hit.snippet
        marked = [hit.snippet[s:e].lower() for s, e in hit.highlights]
        assert marked and all(m.startswith(("radar", "deliver")) for m in marked)
    claims = {h.snippet: h for h in res.hits if h.kind == "claim"}
    # the second claim matches through its type ("arms delivery") and item, not its words
    assert set(claims) == {"Analysts said the radar deliveries would continue.",
                           "Moscow shipped a ZX-9 radar to Beijing in the spring."}
    hit = claims["Analysts said the radar deliveries would continue."]
    assert hit.title == "Radar shipments" and hit.outlet == "The Daily Example" and hit.published == "2019-05-02"


def test_search_claims_index_types_and_parties(store: Store) -> None:
    # the claim's evidence says "Moscow", its party is Russia; its type is words too
    res = search(store, "Russia arms delivery", kind="claims")
    assert res.total == 1 and res.hits[0].snippet.startswith("Moscow shipped")


def test_search_filters(store: Store) -> None:
    ids = _ids(store)
    assert {h.document for h in search(store, "talks", outlet="weekly sample").hits} == {ids["b.txt"], ids["c.txt"]}
    assert {h.document for h in search(store, "talks", since="2022").hits} == {ids["c.txt"]}
    assert {h.document for h in search(store, "talks", until="2021").hits} == {ids["a.txt"], ids["b.txt"]}
    assert {h.document for h in search(store, "talks", since="2019-05", until="2019-05").hits} == {ids["a.txt"]}
    # entity: documents that mention it, claims that name it
    assert {h.document for h in search(store, "talks", entity="IND", kind="documents").hits} == {
        ids["b.txt"], ids["c.txt"]}
    assert {h.document for h in search(store, "talks", entity="ZX-9 radar").hits} == {ids["a.txt"]}
    claims = search(store, "radar", entity=RADAR.id, kind="claims")
    assert [h.snippet for h in claims.hits] == ["Moscow shipped a ZX-9 radar to Beijing in the spring."]
    assert search(store, "talks", entity="nobody known").total == 0
    with pytest.raises(InvalidData):
        search(store, "talks", since="last year")
    with pytest.raises(InvalidData):
        search(store, "talks", kind="pictures")


def test_search_pagination_total_and_pages(store: Store) -> None:
    everything = search(store, "capitals", limit=100)
    assert everything.total == len(everything.hits) == 3
    pages = [search(store, "capitals", limit=2, offset=o) for o in range(0, everything.total, 2)]
    assert all(p.total == everything.total for p in pages)
    paged = [(h.kind, h.document, h.event) for p in pages for h in p.hits]
    assert paged == [(h.kind, h.document, h.event) for h in everything.hits]
    assert search(store, "capitals", offset=everything.total).hits == []


def test_search_index_follows_replaced_document(store: Store) -> None:
    before = search(store, "protocol")
    assert before.total == 2  # the document and its claim
    old = corpus()[1]
    changed = result(BETA, (), source="b.txt", title="Trade talk revised", outlet="Weekly Sample",
                     published="2021-02", doc_id=old.document.id)
    assert store.write_result(changed) == "updated"
    after = search(store, "protocol")
    assert after.total == 1 and after.hits[0].kind == "document"
    assert search(store, "revised").total == 1 and search(store, "signed trade protocol", kind="claims").total == 0


def test_search_reingest_keeps_one_row_each(store: Store) -> None:
    for r in corpus():
        assert store.write_result(r) == "unchanged"
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM search_rows")).scalar()
    assert rows == 3 + 3  # three documents, three claims
    assert search(store, "radar", kind="documents").total == 2


def test_search_skipped_document_leaves_the_index(store: Store) -> None:
    from claimgraph.records import Document

    old = corpus()[2].document
    store.write_result(DocumentResult(Document(id=old.id, source="c.txt", sha256="", text="",
                                               status="skipped:empty", error="[E103] empty")))
    # an ok document is never overwritten by a skipped one with its id: still indexed
    assert search(store, "border", kind="documents").total == 1


@pytest.mark.parametrize(("query", "total"), [
    ("radar", 4), ('S-400 "AND (', 0), ("NEAR(radar", 0), ("*", 0), ("radar*", 4), ("-radar", 4), ("^radar", 4),
    ("radar:", 4), ('""', 0), ("'; DROP TABLE documents; --", 0), ("\x00radar", 4), ("\ud800radar", 4),
    ("(((", 0), ("radar" * 50, 0), ('"radar deliveries', 3), ('"ZX-9 radar"', 2),
])
def test_search_hostile_queries_are_words(store: Store, query: str, total: int) -> None:
    assert search(store, query).total == total
    assert len(store.documents()) == 3


def test_search_query_terms() -> None:
    assert query_terms('S-400 "AND (') == ["S-400", "AND"]
    assert query_terms('"ZX-9 radar" night') == ["ZX-9 radar", "night"]
    assert query_terms("   ") == [] and query_terms("( ) -- ::") == []


def test_search_highlight_and_passage_helpers() -> None:
    snippet = "The S-400 deliveries; a delivery of S 400 parts."
    assert [snippet[s:e] for s, e in highlight_spans(snippet, ["S-400", "delivery"])] == [
        "S-400", "deliveries", "delivery", "S 400"]
    body = "x " * 400 + "alpha beta gamma " + "y " * 400
    start, end = best_passage(body, ["beta", "gamma"])
    assert "alpha beta gamma" in body[start:end] and end - start <= 300


def test_search_migration_indexes_existing_store(tmp_path: Path) -> None:
    url = str(tmp_path / "old.db")
    s = open_store(url)
    for r in corpus():
        s.write_result(r)
    with s.engine.begin() as conn:  # as a store written before version 5 has it: no index
        conn.execute(text("DELETE FROM search_rows"))
    assert search(s, "radar", kind="documents").total == 0
    migration = next(m for m in MIGRATIONS if m.version == 5)
    with s.engine.begin() as conn:
        migration.apply(conn)  # what opening a version-4 store does: create (idempotent) and fill the index
    assert 5 in [v for v, _, _ in s.migrations()]
    assert search(s, "radar", kind="documents").total == 2
    s.close()


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = open_store(str(tmp_path_factory.mktemp("fuzz") / "fuzz.db"))
    for r in corpus():
        s.write_result(r)
    yield s
    s.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          database=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_search_any_string_is_a_query(fuzz_store: Store, query: str) -> None:
    res = search(fuzz_store, query, limit=5)
    assert res.total >= len(res.hits)
    for hit in res.hits:
        assert all(0 <= s < e <= len(hit.snippet) for s, e in hit.highlights)


def test_search_leaves_out_rejected_claims(tmp_path: Path) -> None:
    from claimgraph.workbench import open_workbench

    with open_workbench(str(tmp_path / "reviewed.db")) as wb:
        for r in corpus():
            wb.store.write_result(r)
        claim = next(h for h in wb.search("protocol", kind="claims").hits)
        assert claim.event is not None
        rejected = wb.review("reject", claim.event, reason="misread")
        assert wb.search("protocol", kind="claims").total == 0
        assert wb.search("protocol", kind="documents").total == 1  # the document itself is still found
        wb.review("undo", rejected.id)
        assert wb.search("protocol", kind="claims").total == 1
