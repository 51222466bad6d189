from __future__ import annotations

from claimgraph.reconcile import find_duplicates, repost_dates, run

from .conftest import Corpus

BASE = ("The two governments agreed on Tuesday to extend their pipeline contract by ten years, officials said, "
        "adding that the price formula would be reviewed every spring and that volumes would rise gradually "
        "as the new compressor stations come online along the northern route next year.")


def test_duplicates_exact_and_near(corpus: Corpus) -> None:
    a = corpus.doc("a", BASE, date="2021-04-01")
    b = corpus.doc("b", BASE, date="2021-04-01")
    c = corpus.doc("c", BASE.replace("Tuesday", "Wednesday"), date="2021-04-01")
    d = corpus.doc("d", "An unrelated note about football results and the weather in the capital.")
    rels = find_duplicates(corpus.documents)
    kinds = {(r.kind, frozenset((r.source, r.target))) for r in rels}
    assert ("exact_duplicate", frozenset((a.id, b.id))) in kinds
    assert ("near_duplicate", frozenset((a.id, c.id))) in kinds or ("near_duplicate", frozenset((b.id, c.id))) in kinds
    assert all(d.id not in (r.source, r.target) for r in rels)
    assert all(r.kind != "repost" for r in rels)
    near = [r for r in rels if r.kind == "near_duplicate"]
    assert all(0.7 <= r.similarity < 1.0 for r in near)


def test_duplicates_repost_takes_original_date(corpus: Corpus) -> None:
    orig = corpus.doc("orig", BASE, date="2021-04-01")
    copy = corpus.doc("copy", "Reposted: " + BASE + " Share this.", date="2024-12-30")
    rels = find_duplicates(corpus.documents)
    [rep] = [r for r in rels if r.kind == "repost"]
    assert (rep.source, rep.target) == (copy.id, orig.id)
    [dd] = repost_dates(corpus.documents, rels)
    assert dd.document == copy.id and dd.published == "2021-04-01" and dd.repost_of == orig.id
    assert "re-post" in dd.reason


def test_duplicates_undated_original_bounded(corpus: Corpus) -> None:
    orig = corpus.doc("orig", BASE)
    corpus.doc("copy", BASE + " Comments are closed.", date="2022-05-05")
    result = run(corpus.documents, [], [], [])
    [dd] = [d for d in result.document_dates if d.document == orig.id]
    assert dd.published == "2022-05-05" and dd.basis == "inferred" and "no later than" in dd.reason
