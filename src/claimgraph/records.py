"""Typed, frozen records passed between the pipeline stages.

Every record is a plain frozen dataclass: picklable (so a process pool or a distributed engine can ship it),
hashable, and convertible to a JSON-ready ``dict`` with :func:`to_dict`. Ids are content hashes made by
:func:`make_id`, so processing the same input twice yields the same ids and the store's upserts change nothing.

Data flow::

    RawDocument --ingest--> Document --nlp--> Mention/Entity --extract--> Event (a claim), Explanation
                                                                     \\-> DocumentResult (one unit of work)

Dates are ISO *prefix* strings that keep their precision: ``"2018"``, ``"2018-05"``, ``"2018-05-10"``; never a
padded fake day. Character offsets (``start``, ``end``) are Python string indices into ``Document.text``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ENTITY_TYPES",
    "EVENT_STATUSES",
    "DATE_BASES",
    "Span",
    "Quantity",
    "Money",
    "TimeValue",
    "RawDocument",
    "Document",
    "Mention",
    "Entity",
    "Event",
    "Explanation",
    "DocumentResult",
    "Relation",
    "DocumentDate",
    "Story",
    "Dispute",
    "make_id",
    "to_dict",
]

EntityType = Literal["PERSON", "ORG", "STATE", "WEAPON_SYSTEM", "PLACE"]
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "STATE", "WEAPON_SYSTEM", "PLACE")

EventStatus = Literal["occurred", "expected", "planned", "alleged", "denied", "ongoing"]
EVENT_STATUSES: tuple[str, ...] = ("occurred", "expected", "planned", "alleged", "denied", "ongoing")

DateBasis = Literal["stated", "metadata", "inferred"]
DATE_BASES: tuple[str, ...] = ("stated", "metadata", "inferred")


def make_id(prefix: str, *parts: object) -> str:
    """A short, deterministic id from the parts that identify a record.

    >>> make_id("m", "doc1", 0, 6, "STATE")
    'm_...'  # doctest: +SKIP
    """
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{h[:16]}"


def to_dict(record: Any) -> Any:
    """Convert a record (or nested records, tuples, mappings) into JSON-ready Python values."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, Mapping):
        return {str(k): to_dict(v) for k, v in record.items()}
    return record


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of a document's text: the evidence behind every fact."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted amount: ``thirty-six launchers`` -> ``Quantity(36, "launcher")``."""

    value: float
    unit: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money as written plus a normalised USD figure where a rate is known."""

    amount: float
    currency: str  # ISO 4217: USD, EUR, RUB, CNY ...
    usd: float | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A normalised time: ``value`` is an ISO prefix (``2018-05``), ``text`` the expression it came from.

    ``end`` is set for ranges ("December 2020 or January 2021" -> value 2020-12, end 2021-01).
    ``relative`` is true when the value was resolved against an anchor (the document date).
    """

    value: str
    text: str | None = None
    end: str | None = None
    relative: bool = False
    start_char: int | None = None
    end_char: int | None = None

    @property
    def granularity(self) -> str:
        return {4: "year", 7: "month", 10: "day"}.get(len(self.value), "unknown")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes as read from a source, before any cleaning.

    ``source`` is the path or URL as the user gave it (``"-"`` for stdin, ``"feed.jsonl#3"`` for the third
    record of a JSON Lines file). ``metadata`` carries fields that the container already knew (a JSON Lines
    record's ``title``/``date_publish``..., an HTTP header) so that ingest can use them.
    """

    source: str
    data: bytes
    media_type: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    encoding: str | None = None  # a user-forced encoding (``--encoding``); otherwise detected


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned document with its metadata.

    ``status`` is ``"ok"`` or the reason it was skipped (``"skipped:binary"``, ``"skipped:empty"``,
    ``"skipped:too_large"``, ``"skipped:duplicate"``, ``"skipped:non_english"``, ``"error:timeout"`` ...);
    ``error`` holds the human-readable message with its code. A skipped document has no text.
    """

    id: str
    source: str
    sha256: str
    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    volume: str | None = None
    issue: str | None = None
    stated_date: str | None = None
    published: str | None = None
    published_basis: str | None = None  # stated | metadata | inferred | None
    published_reason: str | None = None
    repost: bool = False
    language: str | None = None
    media_type: str | None = None
    status: str = "ok"
    error: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)  # anything else worth keeping (e.g. date evidence)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def name(self) -> str:
        """The file stem of the source (``000_a9a9c49f7c47a144``), a friendly handle for ``show``."""
        base = self.source.rsplit("/", 1)[-1]
        return base.rsplit(".", 1)[0] if "." in base else base


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity. ``id`` is ``TYPE:key`` (``STATE:RUS``, ``WEAPON_SYSTEM:S-400``, ``PERSON:xi-jinping``).

    ``attributes`` holds typed extras: ``role`` and ``state`` (ISO3) for people, ``kind`` (media, ministry,
    company, think_tank ...) and ``state`` for organisations, ``capital`` for states.
    """

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names an entity. ``entity`` is the linked canonical id (or None)."""

    id: str
    document: str
    start: int
    end: int
    text: str
    label: str  # our entity type (PERSON, ORG, STATE, WEAPON_SYSTEM, PLACE) or a spaCy label for unlinked
    entity: str | None = None
    source: str = "model"  # model | gazetteer | rule


@dataclass(frozen=True, slots=True)
class Event:
    """An event as a *claim*: what a source asserts, how firmly, with the exact evidence span.

    ``actor``/``target``/``item`` are entity ids where linked, else ``None`` with the surface text in
    ``actor_text``/``target_text``/``item_text``. ``attributed_to`` is ``"author"`` or the name of the source
    (an entity id or a phrase such as "Indian media"); ``attribution_chain`` lists outer-to-inner sources
    ("author", "Sohu", "RUS"). ``rule`` is the stable id of the rule or component that produced the event
    (``claimgraph.events.v2`` for the trained layer, whose probability is ``confidence``).
    """

    id: str
    document: str
    type: str
    evidence: Span
    status: str = "occurred"
    actor: str | None = None
    target: str | None = None
    item: str | None = None
    actor_text: str | None = None
    target_text: str | None = None
    item_text: str | None = None
    quantity: Quantity | None = None
    value: Money | None = None
    when: TimeValue | None = None
    attributed_to: str = "author"
    attribution_chain: tuple[str, ...] = ("author",)
    hedged: bool = False
    hedges: tuple[str, ...] = ()
    certainty: float = 1.0
    trigger: Span | None = None
    rule: str | None = None
    confidence: float | None = None  # the trained layer's probability of the type (None for rule events)


@dataclass(frozen=True, slots=True)
class Explanation:
    """A causal claim: ``cause`` offered for the event ``event`` by ``attributed_to``, with the author's stance."""

    id: str
    document: str
    cause: str
    evidence: Span
    event: str | None = None
    attributed_to: str = "author"
    stance: str = "neutral"  # endorses | rejects | neutral
    marker: str | None = None  # the causal connective ("because", "due to", "the reason") that signalled it
    story: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything one document yields: the unit of work that runners map and the store writes atomically."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    explanations: tuple[Explanation, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)


# --- Cross-document records (written by ``reconcile``; they only add links, never edit claims) ---


@dataclass(frozen=True, slots=True)
class Relation:
    """A link between two documents: ``exact_duplicate``, ``near_duplicate`` or ``repost`` (of ``target``)."""

    id: str
    kind: str
    source: str
    target: str
    similarity: float


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """A corpus-level dating of a document that refines its own (``basis``: stated | metadata | inferred)."""

    document: str
    published: str | None
    basis: str | None
    reason: str
    repost_of: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """One real event reported by one or more claims. ``slots`` holds the computed canonical values."""

    id: str
    label: str
    type: str
    events: tuple[str, ...]
    documents: tuple[str, ...]
    slots: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Dispute:
    """An ``update`` or ``contradiction`` between claims of one story on one ``slot`` (when, status, quantity...)."""

    id: str
    kind: str
    story: str | None
    slot: str
    claims: tuple[str, ...]
    explanation: str
