"""Folding reconcile's entity merge into entity listings.

Claims keep the entity ids their document produced ("PERSON:segei-shoigu"); reconcile stores a merge map variant ->
canonical in ``entity_links``. Listings fold through it so that an analyst sees one entity per real person, with
the variants' names as aliases and their documents and mentions counted once under the canonical entity.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from ..records import Entity

__all__ = ["ENTITY", "MENTION", "fold_entities", "fold_stats", "link_rows"]

ENTITY = "entity"  # variant entity id -> canonical entity id
MENTION = "mention"  # unlinked mention id -> entity id


def link_rows(kind: str, links: Mapping[str, str]) -> list[dict[str, str]]:
    """Rows for ``entity_links``, sorted, self-links dropped."""
    return [{"kind": kind, "source": s, "target": t} for s, t in sorted(links.items()) if s and t and s != t]


def canonical(entity_id: str, links: Mapping[str, str]) -> str:
    """The canonical id of ``entity_id`` (links are followed, cycles cut)."""
    seen = {entity_id}
    while entity_id in links and links[entity_id] not in seen:
        entity_id = links[entity_id]
        seen.add(entity_id)
    return entity_id


def fold_entities(entities: Iterable[Entity], links: Mapping[str, str]) -> list[Entity]:
    """Canonical entities only, in input order; each gains its variants' names and aliases as aliases and the
    variant ids under ``attributes["variants"]`` (so that a claim's variant id can still be found). A variant
    whose canonical entity is not among ``entities`` is kept as it is."""
    ents = list(entities)
    present = {e.id for e in ents}
    extra_names: dict[str, list[str]] = {}
    variants: dict[str, list[str]] = {}
    for e in ents:
        c = canonical(e.id, links)
        if c != e.id and c in present:
            extra_names.setdefault(c, []).extend([e.name, *e.aliases])
            variants.setdefault(c, []).append(e.id)
    out: list[Entity] = []
    for e in ents:
        c = canonical(e.id, links)
        if c != e.id and c in present:
            continue
        if e.id not in variants:
            out.append(e)
            continue
        names = [n for n in extra_names[e.id] if n and n != e.name]
        aliases = tuple(sorted(set(e.aliases) | set(names)))
        attrs = {**dict(e.attributes), "variants": sorted(variants[e.id])}
        out.append(dataclasses.replace(e, aliases=aliases, attributes=attrs))
    return out


def fold_stats(
    counts: Mapping[str, int],
    docs: Mapping[str, Iterable[str]],
    links: Mapping[str, str],
    linked_mentions: Iterable[tuple[str, str]] = (),
) -> dict[str, tuple[list[str], int]]:
    """Per canonical entity: (sorted document ids, mention count), summing variants; ``linked_mentions`` are
    ``(document, entity)`` pairs of mentions that reconcile linked (role phrases), counted once each."""
    n: dict[str, int] = {}
    d: dict[str, set[str]] = {}
    for ent, k in counts.items():
        c = canonical(ent, links)
        n[c] = n.get(c, 0) + int(k)
        d.setdefault(c, set()).update(docs.get(ent, ()))
    for doc, ent in linked_mentions:
        c = canonical(ent, links)
        n[c] = n.get(c, 0) + 1
        d.setdefault(c, set()).add(doc)
    return {c: (sorted(d.get(c, ())), n[c]) for c in n}
