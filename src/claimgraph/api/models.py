"""Response models (pydantic): the OpenAPI schema clients and schemathesis validate responses against.

They mirror the rows the CLI prints with ``--json`` (``claimgraph events --json`` is :class:`EventRow`), so CLI and
REST give the same answers. Free-form mappings (``slots``, ``attributes``, ``meta``) stay ``dict[str, Any]``.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AnswerOut", "CellOut", "DisputeOut", "DocumentDetail", "DocumentOut", "DocumentRow", "EntityRow", "ErrorOut",
    "EventRow", "ExplanationRow", "GraphOut", "IndexPoint", "MentionOut", "Page", "RegisterRowOut", "ReviewIn", "VerdictIn", "CorrectIn", "MergeIn", "SplitIn",
    "ReviewOut", "SearchHitOut", "SearchPage", "StoryDetail", "StoryRow", "TimelineRow",
]

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorOut(_Model):
    """The one error shape."""

    ok: bool = False
    error: str
    status: int
    code: str | None = None
    detail: Any = None


class Page(_Model, Generic[T]):
    """A page of a listing: ``total`` rows match, ``items`` are rows ``offset`` .. ``offset + limit``."""

    total: int
    limit: int
    offset: int
    items: list[T]


class SpanOut(_Model):
    text: str
    start: int
    end: int


class QuantityOut(_Model):
    value: float
    unit: str | None = None


class MoneyOut(_Model):
    amount: float
    currency: str


class DocumentRow(_Model):
    """A document's metadata as ``claimgraph documents --json`` lists it."""

    id: str
    name: str
    source: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_basis: str | None = None
    language: str | None = None
    sha256: str
    status: str
    volume: str | None = None
    issue: str | None = None
    stated_date: str | None = None
    repost: bool = False
    published_reason: str | None = None
    error: str | None = None
    note: str | None = None


class EventRow(_Model):
    """A claim as ``claimgraph events --json`` lists it (parties by ISO3 or canonical name)."""

    id: str
    document: str
    type: str
    actor: str | None = None
    target: str | None = None
    item: str | None = None
    quantity: QuantityOut | None = None
    value: MoneyOut | None = None
    when: str | None = None
    status: str
    attributed_to: str
    hedged: bool
    evidence: SpanOut
    rule: str | None = None
    hedges: list[str] = Field(default_factory=list)
    attribution_chain: list[str] = Field(default_factory=list)
    when_text: str | None = None
    confidence: float | None = None
    review: str | None = None


class EntityRow(_Model):
    id: str
    type: str
    name: str
    iso3: str | None = None
    aliases: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    mentions: int = 0
    attributes: dict[str, Any] = Field(default_factory=dict)


class MentionOut(_Model):
    id: str
    document: str
    start: int
    end: int
    text: str
    label: str
    entity: str | None = None
    source: str = "model"


class DocumentOut(_Model):
    """A full document: its text (untrusted: clients must show it as text, never as HTML) and metadata."""

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
    published_basis: str | None = None
    published_reason: str | None = None
    repost: bool = False
    language: str | None = None
    media_type: str | None = None
    status: str = "ok"
    error: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)
    name: str


class EntityRef(_Model):
    id: str
    type: str
    name: str
    iso3: str | None = None


class ExplanationRow(_Model):
    """A cause offered for an event (``claimgraph explain --json``) with its evidence's ``span``."""

    id: str
    document: str
    story: str | None = None
    event: str | None = None
    cause: str
    attributed_to: str
    stance: str
    marker: str | None = None
    evidence: str
    span: SpanOut


class DocumentDetail(_Model):
    """``documents/{id}``: the document with its mentions, claims and explanations, and the entities named."""

    document: DocumentOut
    mentions: list[MentionOut]
    events: list[EventRow]
    rejected: list[EventRow] = Field(default_factory=list)
    explanations: list[ExplanationRow]
    entities: dict[str, EntityRef]


class StoryRow(_Model):
    """A story as ``claimgraph stories --json`` lists it."""

    id: str
    type: str
    label: str
    when: str | None = None
    status: str | None = None
    claims: int
    documents: list[str]
    events: list[str]


class DisputeOut(_Model):
    id: str
    kind: str
    story: str | None = None
    slot: str
    claims: list[str]
    explanation: str


class StoryDocument(_Model):
    """One column of a story page: a document and the claims it makes about the story."""

    id: str
    name: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    claims: list[EventRow]


class StoryDetail(_Model):
    """``stories/{id}``: the canonical values, the claims side by side per document, disputes, explanations."""

    id: str
    label: str
    type: str
    slots: dict[str, Any]
    events: list[str]
    documents: list[StoryDocument]
    disputes: list[DisputeOut]
    explanations: list[ExplanationRow]


class CellOut(_Model):
    value: str
    events: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)


class RegisterRowOut(_Model):
    """A register row in SIPRI's columns; every cell names the claims and documents behind it."""

    supplier: CellOut
    recipient: CellOut
    designation: CellOut
    description: CellOut
    number_ordered: CellOut
    order_year: CellOut
    number_delivered: CellOut
    delivery_years: CellOut
    status: CellOut
    comments: CellOut
    stories: list[str] = Field(default_factory=list)
    complete: bool = True


class TimelineRow(_Model):
    when: str
    label: str
    type: str
    status: str
    events: list[str]
    documents: list[str]
    story: str | None = None


class IndexPoint(_Model):
    period: str
    index: float
    stories: int


class GraphNode(_Model):
    id: str
    name: str
    type: str
    iso3: str | None = None
    degree: int


class GraphEdge(_Model):
    source: str
    target: str
    count: int
    types: list[str]
    events: list[str]


class GraphOut(_Model):
    """The actor network: the ``limit`` best-connected nodes and the edges among them, one per ordered pair."""

    total_nodes: int
    total_edges: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class SearchHitOut(_Model):
    kind: str
    document: str
    event: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    score: float
    snippet: str
    highlights: list[list[int]] = Field(default_factory=list)
    start: int | None = None
    end: int | None = None


class SearchPage(_Model):
    query: str
    total: int
    limit: int
    offset: int
    items: list[SearchHitOut]


class CitationOut(_Model):
    document: str
    start: int
    end: int
    evidence: str


class SentenceOut(_Model):
    text: str
    citations: list[CitationOut]


class AnswerOut(_Model):
    question: str
    answer: str
    sentences: list[SentenceOut]
    basis: Any = None


class _ReviewBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: str = Field(min_length=1, max_length=400, pattern=r"^[^\x00]+$")
    reason: str | None = Field(default=None, max_length=4000, pattern=r"^[^\x00]*$")
    reviewer: str | None = Field(default=None, max_length=200, pattern=r"^[^\x00]*$")


class VerdictIn(_ReviewBase):
    """``accept`` or ``reject`` the event ``target``."""

    action: Literal["accept", "reject"]


class CorrectIn(_ReviewBase):
    """``correct`` one ``field`` of the event ``target`` to ``value`` (``none`` clears actor, target, item, when)."""

    action: Literal["correct"]
    field: Literal["type", "actor", "target", "item", "when", "status"]
    value: str = Field(max_length=2000, pattern=r"^[^\x00]*$")


class MergeIn(_ReviewBase):
    """``merge`` the entity ``value`` into the entity ``target`` (kept)."""

    action: Literal["merge"]
    value: str = Field(min_length=1, max_length=400, pattern=r"^[^\x00]+$")


class SplitIn(_ReviewBase):
    """``split-story``: keep the event ``value`` apart from the other claims of the story ``target``."""

    action: Literal["split-story"]
    value: str = Field(min_length=1, max_length=400, pattern=r"^[^\x00]+$")


ReviewIn = Annotated[VerdictIn | CorrectIn | MergeIn | SplitIn, Field(discriminator="action")]
"""A review to record; ``action`` says which fields it takes."""


class ReviewOut(_Model):
    """A recorded review: a statement of its own (who, when, why), never an edit of the claim."""

    id: str
    action: str
    target_kind: str
    target: str
    field: str | None = None
    value: str | None = None
    reason: str | None = None
    reviewer: str = ""
    created_at: str = ""
    context: list[str] = Field(default_factory=list)
    status: str
    active: bool
