"""Constraints on reconciliation that come from outside the claims: an analyst's entity merges and story splits.

Reconciliation stays a pure function of its input; these are part of that input. ``merges`` are applied on top
of the automatic entity resolution (before stories are built, so that merged participants corefer);
``apart`` pairs of event ids never share a story (a cannot-link constraint of the clustering). Reviews
(:mod:`claimgraph.reviews`) produce them; reconcile does not know about reviews.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import Entity
from .entities import EntityResolution

__all__ = ["Constraints", "apply_merges", "merge_resolution"]


@dataclass(frozen=True)
class Constraints:
    merges: tuple[tuple[str, str], ...] = ()  # (kept entity id, entity id merged into it), oldest first
    apart: frozenset[frozenset[str]] = frozenset()  # pairs of event ids that must be in different stories

    def __bool__(self) -> bool:
        return bool(self.merges or self.apart)


def apply_merges(aliases: Mapping[str, str], merges: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The merge map (variant id -> canonical id) with ``merges`` added: each dropped entity, with everything
    already folded into it, goes to the canonical entity of the one kept. Chains are resolved, so every value is
    a canonical id; merging two ids already in one entity changes nothing."""
    parent = dict(aliases)

    def find(x: str) -> str:
        seen: set[str] = set()
        while x in parent and x not in seen:
            seen.add(x)
            x = parent[x]
        return x

    for keep, drop in merges:
        k, d = find(keep), find(drop)
        if k != d:
            parent[d] = k
    out = {v: find(v) for v in parent}
    return {v: c for v, c in out.items() if v != c}


def merge_resolution(resolution: EntityResolution, entities: Sequence[Entity],
                     merges: Sequence[tuple[str, str]]) -> EntityResolution:
    """The entity resolution with ``merges`` applied to its aliases, mention
    links and canonical entities (a dropped entity's names become aliases of the one kept)."""
    if not merges:
        return resolution
    aliases = apply_merges(resolution.aliases, merges)
    links = {m: aliases.get(t, t) for m, t in resolution.mention_links.items()}
    by_id = {e.id: e for e in entities}
    extra: dict[str, list[str]] = {}
    for variant, canon in aliases.items():
        v = by_id.get(variant)
        if v is not None:
            extra.setdefault(canon, []).extend([v.name, *v.aliases])
    out: list[Entity] = []
    for e in resolution.entities:
        if e.id in aliases:
            continue
        names = [n for n in extra.get(e.id, []) if n != e.name and n not in e.aliases]
        out.append(dataclasses.replace(e, aliases=tuple(dict.fromkeys((*e.aliases, *names)))) if names else e)
    return EntityResolution(aliases=aliases, entities=tuple(out), mention_links=links)
