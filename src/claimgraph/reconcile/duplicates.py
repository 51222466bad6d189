"""Exact duplicates, near-duplicates and re-posts between documents.

Near-duplicates are found with MinHash over word shingles (LSH for candidates, the MinHash Jaccard estimate as
the similarity), so the cost stays near-linear in the corpus size. A near-duplicate whose stated date differs from
its twin's is a *re-post*: the later copy re-publishes the earlier (or undated) one, and takes the original's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from datasketch import MinHash, MinHashLSH

from ..records import Document, DocumentDate, Relation, make_id
from ._common import words

__all__ = ["shingles", "find_duplicates", "repost_dates"]


def shingles(text: str, k: int = 3) -> set[str]:
    """Word k-shingles of a text (a text shorter than k words is one shingle)."""
    toks = words(text)
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def _minhash(sh: Iterable[str], num_perm: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=1)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m


def _date(doc: Document) -> str | None:
    return doc.stated_date or doc.published


def _relation(kind: str, source: str, target: str, sim: float) -> Relation:
    return Relation(id=make_id("rel", kind, source, target), kind=kind, source=source, target=target,
                    similarity=round(sim, 4))


def _order(a: Document, b: Document) -> tuple[Document, Document]:
    """(copy, original): the original is the earlier-dated one; an undated document counts as the original."""
    da, db = _date(a), _date(b)
    if da and db and da != db:
        return (a, b) if da > db else (b, a)
    if da and not db:
        return a, b
    if db and not da:
        return b, a
    return (a, b) if a.id > b.id else (b, a)


def signature(text: str, num_perm: int = 128, k: int = 3) -> MinHash | None:
    """The MinHash of a text's word shingles (``None`` for a text without words)."""
    sh = shingles(text, k)
    return _minhash(sh, num_perm) if sh else None


def pair_relations(a: Document, b: Document, sim: float, exact: bool) -> list[Relation]:
    """The relations between two documents found alike: ``exact_duplicate`` (same text) or ``near_duplicate``
    (similarity ``sim``), plus ``repost`` where their dates differ. A pure function of the pair, so incremental
    reconcile compares only new documents and gets what a full pass finds."""
    copy, orig = _order(a, b)
    if exact:
        out = [_relation("exact_duplicate", copy.id, orig.id, 1.0)]
        if _date(copy) != _date(orig):
            out.append(_relation("repost", copy.id, orig.id, 1.0))
        return out
    out = [_relation("near_duplicate", copy.id, orig.id, sim)]
    if _date(copy) and _date(copy) != _date(orig):
        out.append(_relation("repost", copy.id, orig.id, sim))
    return out


def find_duplicates(
    documents: Sequence[Document], *, threshold: float = 0.7, num_perm: int = 128, k: int = 3,
    signatures: dict[str, MinHash] | None = None,
) -> list[Relation]:
    """Relations ``exact_duplicate`` / ``near_duplicate`` (source = the copy, target = the original) and,
    for pairs whose stated dates differ, an extra ``repost`` relation.

    Only usable documents (status ``ok``, non-empty text) take part. ``signatures`` (optional) receives each
    document's MinHash (incremental reconcile keeps them as its index).
    """
    docs = [d for d in documents if d.ok and d.text]
    by_id = {d.id: d for d in docs}
    out: dict[str, Relation] = {}
    seen_pairs: set[tuple[str, str]] = set()

    by_hash: dict[str, list[Document]] = {}
    for d in docs:
        by_hash.setdefault(d.sha256, []).append(d)
    for group in by_hash.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                copy, orig = _order(group[i], group[j])
                seen_pairs.add((min(copy.id, orig.id), max(copy.id, orig.id)))
                rel = _relation("exact_duplicate", copy.id, orig.id, 1.0)
                out[rel.id] = rel
                if _date(copy) != _date(orig):
                    rep = _relation("repost", copy.id, orig.id, 1.0)
                    out[rep.id] = rep

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes: dict[str, MinHash] = {}
    for d in sorted(docs, key=lambda x: x.id):
        sh = shingles(d.text, k)
        if not sh:
            continue
        m = _minhash(sh, num_perm)
        for other in lsh.query(m):
            pair = (min(d.id, other), max(d.id, other))
            if pair in seen_pairs:
                continue
            seen_pairs.add(pair)
            sim = m.jaccard(hashes[other])
            if sim < threshold:
                continue
            copy, orig = _order(d, by_id[other])
            rel = _relation("near_duplicate", copy.id, orig.id, sim)
            out[rel.id] = rel
            if _date(copy) and _date(copy) != _date(orig):
                rep = _relation("repost", copy.id, orig.id, sim)
                out[rep.id] = rep
        if d.id not in hashes:
            lsh.insert(d.id, m)
            hashes[d.id] = m
    if signatures is not None:
        signatures.update(hashes)
    return sorted(out.values(), key=lambda r: (r.kind, r.source, r.target))


def repost_dates(documents: Sequence[Document], relations: Sequence[Relation]) -> list[DocumentDate]:
    """A re-post takes its original's date; an undated original is bounded by its re-post's date."""
    by_id = {d.id: d for d in documents}
    dates: dict[str, DocumentDate] = {}
    for rel in relations:
        if rel.kind != "repost" or rel.source not in by_id or rel.target not in by_id:
            continue
        copy, orig = by_id[rel.source], by_id[rel.target]
        odate = orig.published or orig.stated_date
        if odate:
            dates[copy.id] = DocumentDate(
                document=copy.id,
                published=odate,
                basis=orig.published_basis or ("stated" if orig.stated_date else "inferred"),
                reason=f"re-post of {orig.name} (similarity {rel.similarity:.2f}); takes the original's date "
                f"{odate} instead of its own {_date(copy)}",
                repost_of=orig.id,
            )
        elif orig.id not in dates:
            cdate = _date(copy)
            dates[orig.id] = DocumentDate(
                document=orig.id,
                published=cdate,
                basis="inferred",
                reason=f"undated original of the re-post {copy.name} dated {cdate}: published no later than that",
            )
    return sorted(dates.values(), key=lambda d: d.document)
