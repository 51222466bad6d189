"""``/api/stories``, ``/api/stories/{id}``, ``/api/disputes``, ``/api/explanations``: the cross-document layer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from ...views import listings
from .. import rows as R
from ..deps import Limit, Offset, ServiceDep, Text, page
from ..models import DisputeOut, ExplanationRow, Page, StoryDetail, StoryRow

router = APIRouter(tags=["stories"])

StoryRef = Annotated[str, Path(max_length=200, pattern=r"^[^\x00]+$", description="A story id or unique prefix.")]


@router.get("/stories", response_model=Page[StoryRow], summary="Real events, each with every report of it")
def list_stories(service: ServiceDep, type: Text = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Stories sorted by when, then label (``claimgraph stories --json``); ``type`` keeps one event type."""
    rows = service.view("stories", (type,), lambda: R.story_rows(service.workbench.stories(), type=type))
    return page(rows, limit, offset)


@router.get("/stories/{story_id}", response_model=StoryDetail, summary="A story: claims side by side")
def get_story(service: ServiceDep, story_id: StoryRef) -> Any:
    """The story's canonical values, one column per reporting document with its claims, the disputes between
    them, and the competing explanations offered (who offers each, the author's stance)."""
    bench = service.workbench
    docs = service.view("documents_by_id", (), lambda: {d.id: d for d in bench.documents(status="ok")})
    disputes = service.view("dispute_records", (), bench.disputes)
    explanations = service.view("explanation_records", (), lambda: list(bench.explanations()))
    return R.story_detail(bench, service.story(story_id), docs, disputes, explanations)


@router.get("/disputes", response_model=Page[DisputeOut], summary="Updates and contradictions between sources")
def list_disputes(service: ServiceDep, story: Text = None, kind: Text = None, limit: Limit = 50,
                  offset: Offset = 0) -> Any:
    """Disputes ordered by id (``claimgraph disputes --json``), optionally of one story or kind."""
    rows = service.view("disputes", (), lambda: listings.dispute_rows(service.workbench.disputes()))
    rows = [r for r in rows if (story is None or r["story"] == story) and (kind is None or r["kind"] == kind)]
    return page(rows, limit, offset)


@router.get("/explanations", response_model=Page[ExplanationRow], summary="Competing explanations")
def list_explanations(service: ServiceDep, story: Text = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Causes offered for events, who offers each and whether the author endorses it (``claimgraph explain``);
    ``story`` is a story id or unique prefix."""
    bench = service.workbench
    sid = service.story(story).id if story else None
    rows = service.view("explanations", (sid,), lambda: R.explanation_rows(bench.explain(sid)))
    return page(rows, limit, offset)
