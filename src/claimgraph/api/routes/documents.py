"""``/api/documents`` and ``/api/entities``: what ``claimgraph documents``, ``show`` and ``entities`` give."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from ...records import ENTITY_TYPES
from ...views.export import document_rows, entity_rows
from .. import rows as R
from ..deps import Limit, Offset, ServiceDep, Text, page
from ..models import DocumentDetail, DocumentRow, EntityRow, Page

router = APIRouter(tags=["documents"])

EntityType = Annotated[str | None, Query(pattern="^(" + "|".join(ENTITY_TYPES) + ")$",
                                         description="Only entities of this type.")]


@router.get("/documents", response_model=Page[DocumentRow], summary="Documents with their metadata and dates")
def list_documents(service: ServiceDep, status: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Documents ordered by id (``claimgraph documents --json``); ``status`` picks ``ok``, ``skipped:binary`` ..."""
    rows = service.view("documents", (status,), lambda: list(document_rows(service.workbench.store, status=status)))
    return page(rows, limit, offset)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="One document with its claims")
def get_document(service: ServiceDep, doc_id: Annotated[str, Path(max_length=400, pattern=r"^[^\x00]+$")]) -> Any:
    """A document by id, unique id prefix or file name: its text, metadata, mentions, events and explanations.

    The text is the article as ingested: untrusted, to be shown as text only.
    """
    return R.document_detail(service.workbench, doc_id)


@router.get("/entities", response_model=Page[EntityRow], summary="Canonical entities")
def list_entities(service: ServiceDep, type: EntityType = None, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Canonical entities with aliases, documents and mention counts (``claimgraph entities --json``)."""
    rows = service.view("entities", (type,), lambda: list(entity_rows(service.workbench.store, type=type)))
    return page(rows, limit, offset)
