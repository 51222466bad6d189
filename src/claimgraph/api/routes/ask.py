"""``/api/search`` and ``/api/ask``: full-text search and questions answered with citations."""

from __future__ import annotations

import importlib.util
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ..deps import IsoPrefix, Limit, Offset, ServiceDep, Text
from ..errors import ApiError
from ..models import AnswerOut, SearchPage

router = APIRouter(tags=["search"])

Question = Annotated[str, Query(min_length=1, max_length=1000, pattern=r"^[^\x00]*\S[^\x00]*$",
                                description="The question, in plain words.")]
SearchQuery = Annotated[str, Query(min_length=1, max_length=1000, pattern=r"^[^\x00]*$",
                                   description="Words to find (every term must match; \"...\" is a phrase).")]
Kind = Annotated[str, Query(pattern="^(all|documents|claims)$")]


@router.get("/search", response_model=SearchPage, summary="Full-text search over documents and claims")
def search(service: ServiceDep, q: SearchQuery, kind: Kind = "all", entity: Text = None, outlet: Text = None,
           since: IsoPrefix = None, until: IsoPrefix = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Ranked hits (BM25 on SQLite, ts_rank on PostgreSQL) with snippets; ``highlights`` are ``[start, end]``
    offsets of the matches inside ``snippet``, which is the exact text ``document.text[start:end]``."""
    results = service.workbench.search(q, kind=kind, entity=entity, outlet=outlet, since=since, until=until,
                                       limit=limit, offset=offset)
    return {"query": results.query, "total": results.total, "limit": limit, "offset": offset,
            "items": [h.to_json() for h in results.hits]}


@router.get("/ask", response_model=AnswerOut, summary="A question answered with citations")
def ask(service: ServiceDep, q: Question) -> dict[str, Any]:
    """The answer from the knowledge base: every sentence cites the claims it rests on (document, character
    span, the quoted evidence, which is ``text[start:end]``), or says plainly that the sources do not answer."""
    if importlib.util.find_spec("claimgraph.views.ask") is None:
        raise ApiError(501, "questions are not answered by this build: claimgraph.views.ask is missing")
    answer = service.view("ask", (q,), lambda: service.workbench.ask(q).to_json(), cache=service.answer_cache)
    return {"question": q, **answer}
