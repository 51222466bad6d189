"""A cooperation/conflict index for a dyad, computed from stories (one real event counts once, however many
documents report it) with the ontology's weights (-10 conflict .. +10 cooperation).

Stories whose canonical status is ``occurred`` or ``ongoing`` count fully, ``alleged`` ones at half weight;
expected, planned and denied events are not events yet and do not count.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping, Sequence

from ..records import Document, Entity, Event, Story
from ._common import in_dyad

__all__ = ["STATUS_FACTOR", "index", "index_stories", "plot_index"]

log = logging.getLogger(__name__)

STATUS_FACTOR: Mapping[str, float] = {"occurred": 1.0, "ongoing": 1.0, "alleged": 0.5}


def _weight(weights: Mapping[str, float] | object, etype: str) -> float:
    if isinstance(weights, Mapping):
        return float(weights.get(etype, 0.0))
    w = getattr(weights, "weight", None)
    return float(w(etype)) if callable(w) else 0.0


def index_stories(
    stories: Sequence[Story],
    events: Sequence[Event],
    weights: Mapping[str, float] | object,
    dyad: Sequence[str] | None = ("RUS", "CHN"),
    by: str = "year",
    *,
    entities: Sequence[Entity] | Mapping[str, Entity] = (),
    documents: Sequence[Document] = (),
) -> dict[str, list[tuple[Story, float]]]:
    """The stories behind each period of :func:`index`, with the weight each contributes (sorted periods)."""
    if by not in ("year", "month"):
        raise ValueError("by must be 'year' or 'month'")
    width = 4 if by == "year" else 7
    ents = dict(entities) if isinstance(entities, Mapping) else {e.id: e for e in entities}
    evs = {e.id: e for e in events}
    doc_dates = {d.id: d.published or d.stated_date for d in documents}
    acc: dict[str, list[tuple[Story, float]]] = {}
    skipped = 0
    for st in stories:
        members = [evs[i] for i in st.events if i in evs]
        if dyad and not any(in_dyad(e, dyad, ents) for e in members):
            continue
        factor = STATUS_FACTOR.get(str((st.slots.get("status") or {}).get("value", "occurred")), 0.0)
        if not factor:
            continue
        when = str((st.slots.get("when") or {}).get("value") or "")
        if not when:
            dates = sorted(d for d in (doc_dates.get(x) for x in st.documents) if d)
            when = dates[0] if dates else ""
        if len(when) < width:
            skipped += 1
            continue
        acc.setdefault(when[:width], []).append((st, factor * _weight(weights, st.type)))
    if skipped:
        log.info("index: %d stories without a %s-precise date were left out", skipped, by)
    return dict(sorted(acc.items()))


def index(
    stories: Sequence[Story],
    events: Sequence[Event],
    weights: Mapping[str, float] | object,
    dyad: Sequence[str] | None = ("RUS", "CHN"),
    by: str = "year",
    *,
    entities: Sequence[Entity] | Mapping[str, Entity] = (),
    documents: Sequence[Document] = (),
) -> list[tuple[str, float, int]]:
    """``(period, value, n)`` per year or month: the summed weight of the dyad's stories and how many there are.

    ``weights`` is a mapping type -> weight or an :class:`~claimgraph.reconcile.Ontology`. A story without a
    ``when`` is placed at its earliest reporting document's date when ``documents`` are given, else skipped;
    with ``by="month"`` a story known only to the year is skipped (and logged).
    """
    groups = index_stories(stories, events, weights, dyad, by, entities=entities, documents=documents)
    return [(p, round(sum(w for _, w in v), 3), len(v)) for p, v in groups.items()]


def plot_index(rows: Sequence[tuple[str, float, int]], title: str = "Cooperation-conflict index") -> bytes:
    """A PNG bar chart of :func:`index` rows (green cooperation, red conflict); uses the Agg backend only."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    periods = [r[0] for r in rows]
    values = [r[1] for r in rows]
    ax.bar(range(len(rows)), values, color=["#2e7d32" if v >= 0 else "#c62828" for v in values])
    ax.set_xticks(range(len(rows)), periods, rotation=45 if len(rows) > 8 else 0, fontsize=8)
    ax.axhline(0, color="#555", linewidth=0.8)
    for i, r in enumerate(rows):
        ax.annotate(f"n={r[2]}", (i, r[1]), ha="center", va="bottom" if r[1] >= 0 else "top", fontsize=7)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel("summed weight")
    if not rows:
        ax.text(0.5, 0.5, "no dated stories", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
