"""Corpus-level reconciliation over plain records: duplicates, document dates, entity merges, stories, disputes.

Reconciliation only *adds links*: it never edits or deletes a claim. :func:`run` is a pure function of the claims
(the lead's store wiring reads them, calls it, and writes the derived rows back), so it can be re-run at any time
and gives the same ids for the same input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Dispute, Document, DocumentDate, Entity, Event, Explanation, Mention, Relation, Story
from .constraints import Constraints, merge_resolution
from .dates import narrow_by_stories
from .disputes import find_disputes
from .duplicates import find_duplicates, repost_dates
from .entities import EntityResolution, resolve_entities
from .ontology import Ontology, coerce_ontology, load_ontology
from .stories import StoryParams, build_stories

__all__ = [
    "ReconcileResult",
    "run",
    "Ontology",
    "load_ontology",
    "StoryParams",
    "find_duplicates",
    "repost_dates",
    "narrow_by_stories",
    "resolve_entities",
    "build_stories",
    "find_disputes",
    "link_explanations",
    "Constraints",
]


@dataclass(frozen=True)
class ReconcileResult:
    """Everything reconciliation derives; each record links back to claim ids."""

    relations: tuple[Relation, ...] = ()
    document_dates: tuple[DocumentDate, ...] = ()
    entity_aliases: Mapping[str, str] = field(default_factory=dict)  # variant id -> canonical id
    entities: tuple[Entity, ...] = ()  # canonical entities, variant names added as aliases
    mention_links: Mapping[str, str] = field(default_factory=dict)  # unlinked mention id -> entity id
    stories: tuple[Story, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    explanations: tuple[Explanation, ...] = ()  # with ``story`` set where their event belongs to one

    def story_of(self, event_id: str) -> Story | None:
        for s in self.stories:
            if event_id in s.events:
                return s
        return None


def link_explanations(explanations: Sequence[Explanation], stories: Sequence[Story]) -> list[Explanation]:
    """Copies of the explanations with ``story`` set to the story of the event they explain."""
    story_of = {eid: s.id for s in stories for eid in s.events}
    return [dataclasses.replace(x, story=story_of.get(x.event or "", x.story)) for x in explanations]


def run(
    documents: Sequence[Document],
    entities: Sequence[Entity],
    mentions: Sequence[Mention],
    events: Sequence[Event],
    explanations: Sequence[Explanation] = (),
    *,
    ontology: Ontology | Mapping[str, Any] | None = None,
    story_params: StoryParams | None = None,
    duplicate_threshold: float = 0.7,
    constraints: Constraints | None = None,
    keys_out: dict[str, Any] | None = None,
    signatures_out: dict[str, Any] | None = None,
) -> ReconcileResult:
    """Recompute every derived record from the claims of a corpus.

    Order matters: duplicates date re-posts; entity merges make participants comparable; stories then group
    events; story dates narrow undated documents; disputes compare claims ordered by those dates.
    ``constraints`` (an analyst's reviews) add entity merges to the automatic ones and keep events apart.
    ``keys_out`` and ``signatures_out`` (optional) receive the events' story keys and the documents' MinHash
    signatures: the index incremental reconcile keeps (:mod:`claimgraph.reconcile.incremental`).
    """
    onto = coerce_ontology(ontology)
    relations = find_duplicates(documents, threshold=duplicate_threshold, signatures=signatures_out)
    dates: dict[str, DocumentDate] = {d.document: d for d in repost_dates(documents, relations)}
    resolution: EntityResolution = resolve_entities(entities, mentions)
    rules = constraints or Constraints()
    resolution = merge_resolution(resolution, entities, rules.merges)
    ent_map = {e.id: e for e in entities}
    reposts = {d.document: d.repost_of for d in dates.values() if d.repost_of}
    stories = build_stories(events, ent_map, resolution.aliases, onto, story_params, mentions, reposts,
                            apart=rules.apart, keys_out=keys_out)
    for d in narrow_by_stories(documents, events, stories, dates):
        dates[d.document] = d
    linked = link_explanations(explanations, stories)
    date_map = {k: v.published for k, v in dates.items()}
    disputes = find_disputes(stories, events, documents, ent_map, resolution.aliases, onto, linked, date_map)
    return ReconcileResult(
        relations=tuple(relations),
        document_dates=tuple(sorted(dates.values(), key=lambda d: d.document)),
        entity_aliases=dict(resolution.aliases),
        entities=resolution.entities,
        mention_links=dict(resolution.mention_links),
        stories=tuple(stories),
        disputes=tuple(disputes),
        explanations=tuple(linked),
    )
