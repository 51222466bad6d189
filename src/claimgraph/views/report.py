"""One self-contained HTML briefing: register, timeline, index chart, disputes, explanations, evidence.

Everything is inline (CSS, the chart as a base64 PNG); a Content-Security-Policy forbids any fetch, there are no
scripts, and all text is HTML-escaped. Every figure links to its evidence: an anchor per claim (``#ev-<id>``)
shows the document, the character span and the quoted evidence text.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from ..records import Dispute, Document, DocumentDate, Entity, Event, Explanation, Relation, Story
from .index import index_stories, plot_index
from .register import COLUMNS, Cell, register
from .timeline import timeline

__all__ = ["report"]

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #ddd;padding:4px 6px;
vertical-align:top;text-align:left}th{background:#f3f3f3}a.ref{font-size:11px;margin-left:2px;color:#1a5fb4}
blockquote{margin:.3em 0 .3em 1em;padding-left:.6em;border-left:3px solid #bbb;color:#333}
.meta{color:#666;font-size:12px}.rejects{color:#c62828}.endorses{color:#2e7d32}
.ev{margin:.6em 0;padding:.4em .6em;background:#fafafa;border:1px solid #eee}
"""
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _refs(ids: Iterable[str], known: Mapping[str, Event | Explanation]) -> str:
    out = []
    for n, i in enumerate(dict.fromkeys(ids), 1):
        prefix = "ev" if isinstance(known.get(i), Event) else "ex"
        if i in known:
            out.append(f'<a class="ref" href="#{prefix}-{escape(i)}" title="{escape(i)}">[{n}]</a>')
    return "".join(out)


def _cell(c: Cell, known: Mapping[str, Event | Explanation]) -> str:
    return f"{escape(c.value or '')}{_refs(c.events, known)}"


def report(
    documents: Sequence[Document],
    entities: Sequence[Entity] | Mapping[str, Entity],
    events: Sequence[Event],
    stories: Sequence[Story],
    disputes: Sequence[Dispute] = (),
    explanations: Sequence[Explanation] = (),
    *,
    dyad: Sequence[str] | None = ("RUS", "CHN"),
    weights: Mapping[str, float] | object | None = None,
    by: str = "year",
    title: str = "claimgraph briefing",
    document_dates: Sequence[DocumentDate] = (),
    relations: Sequence[Relation] = (),
    aliases: Mapping[str, str] | None = None,
) -> str:
    """The HTML text of the briefing (UTF-8, no external assets). ``weights`` defaults to the ontology's.

    ``document_dates`` and ``relations`` (from reconcile) add a sources table with corpus-level dates, their
    reasons, and duplicates/re-posts. ``aliases`` is reconcile's entity merge (variant id -> canonical id)."""
    if weights is None:
        from ..reconcile.ontology import load_ontology

        weights = load_ontology()
    ents = dict(entities) if isinstance(entities, Mapping) else {e.id: e for e in entities}
    docs = {d.id: d for d in documents}
    known: dict[str, Event | Explanation] = {e.id: e for e in events}
    known.update({x.id: x for x in explanations})
    dy = " – ".join(dyad) if dyad else "all"
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{len(documents)} documents, {len(events)} claims, {len(stories)} stories, '
        f"{len(disputes)} disputes, {len(explanations)} explanations; dyad {escape(dy)}. Every bracketed number "
        "links to the claim it comes from.</p>",
    ]

    rows = register(stories, events, ents, documents, aliases=aliases)
    parts.append('<h2 id="register">Arms-transfer register</h2>')
    if rows:
        head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in COLUMNS)
        body = "".join("<tr>" + "".join(f"<td>{_cell(c, known)}</td>" for _, c in r.cells()) + "</tr>" for r in rows)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    else:
        parts.append("<p>No arms transfers found.</p>")

    tl = timeline(stories, dyad, events=events, entities=ents)
    parts.append(f'<h2 id="timeline">Timeline ({escape(dy)})</h2>')
    if tl:
        items = "".join(
            f"<tr><td>{escape(t.when)}</td><td>{escape(t.label)}</td><td>{escape(t.status)}</td>"
            f"<td>{len(t.documents)}</td><td>{_refs(t.events, known)}</td></tr>" for t in tl)
        parts.append("<table><thead><tr><th>when</th><th>story</th><th>status</th><th>documents</th>"
                     f"<th>evidence</th></tr></thead><tbody>{items}</tbody></table>")
    else:
        parts.append("<p>No dated stories for this dyad.</p>")

    groups = index_stories(stories, events, weights, dyad, by, entities=ents, documents=documents)
    idx = [(p, round(sum(w for _, w in v), 3), len(v)) for p, v in groups.items()]
    png = base64.b64encode(plot_index(idx, f"Cooperation-conflict index, {dy}")).decode("ascii")
    parts.append('<h2 id="index">Cooperation–conflict index</h2>')
    parts.append(f'<img id="index-chart" alt="index chart: summed ontology weight of stories per {by}" '
                 f'width="700" height="300" src="data:image/png;base64,{png}">')
    story_by_period = {p: [e for st, _ in v for e in st.events] for p, v in groups.items()}
    irows = "".join(f"<tr><td>{escape(p)}</td><td>{v:+g}</td><td>{n}</td>"
                    f"<td>{_refs(story_by_period.get(p, []), known)}</td></tr>" for p, v, n in idx)
    parts.append("<table><thead><tr><th>period</th><th>value</th><th>stories</th><th>evidence</th></tr></thead>"
                 f"<tbody>{irows}</tbody></table>")

    parts.append('<h2 id="disputes">Disputes</h2>')
    if disputes:
        drows = "".join(f"<tr><td>{escape(d.kind)}</td><td>{escape(d.slot)}</td><td>{escape(d.explanation)}</td>"
                        f"<td>{_refs(d.claims, known)}</td></tr>" for d in disputes)
        parts.append("<table><thead><tr><th>kind</th><th>slot</th><th>what differs</th><th>claims</th></tr></thead>"
                     f"<tbody>{drows}</tbody></table>")
    else:
        parts.append("<p>No disputes.</p>")

    parts.append('<h2 id="explanations">Competing explanations</h2>')
    if explanations:
        story_label = {s.id: s.label for s in stories}
        xrows = "".join(
            f'<tr id="ex-{escape(x.id)}"><td>{escape(story_label.get(x.story or "", x.event or "?"))}'
            f"{_refs([x.event] if x.event else [], known)}</td><td>{escape(x.cause)}</td>"
            f"<td>{escape(x.attributed_to)}</td><td class=\"{escape(x.stance)}\">{escape(x.stance)}</td>"
            f"<td>{escape(_doc_name(docs, x.document))} [{x.evidence.start}:{x.evidence.end}]"
            f"<blockquote>{escape(x.evidence.text)}</blockquote></td></tr>" for x in explanations)
        parts.append("<table><thead><tr><th>explains</th><th>cause</th><th>offered by</th><th>author's stance</th>"
                     f"<th>evidence</th></tr></thead><tbody>{xrows}</tbody></table>")
    else:
        parts.append("<p>No explanations.</p>")

    parts.append('<h2 id="sources">Sources</h2>')
    dd = {d.document: d for d in document_dates}
    rel_of: dict[str, list[str]] = {}
    for r in relations:
        rel_of.setdefault(r.source, []).append(f"{r.kind} of {_doc_name(docs, r.target)} ({r.similarity:.2f})")
    srows = []
    for d in sorted(documents, key=lambda x: x.id):
        date = dd[d.id].published if d.id in dd else (d.published or d.stated_date or "?")
        reason = dd[d.id].reason if d.id in dd else (d.published_reason or d.published_basis or "")
        srows.append(f'<tr id="doc-{escape(d.id)}"><td>{escape(d.title or d.name)}</td><td>{escape(d.outlet or "")}'
                     f"</td><td>{escape(date or '?')}</td><td>{escape(reason)}</td>"
                     f"<td>{escape('; '.join(rel_of.get(d.id, [])))}</td></tr>")
    parts.append("<table><thead><tr><th>document</th><th>outlet</th><th>date</th><th>dating</th>"
                 f"<th>relations</th></tr></thead><tbody>{''.join(srows)}</tbody></table>")

    parts.append('<h2 id="evidence">Evidence</h2>')
    for ev in sorted(events, key=lambda e: (e.document, e.evidence.start)):
        parts.append(
            f'<div class="ev" id="ev-{escape(ev.id)}"><b>{escape(ev.type)}</b> ({escape(ev.status)}'
            f"{', hedged' if ev.hedged else ''}) — {escape(_doc_name(docs, ev.document))}, span "
            f"[{ev.evidence.start}:{ev.evidence.end}], according to {escape(ev.attributed_to)}"
            f"<blockquote>{escape(ev.evidence.text)}</blockquote></div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _doc_name(docs: Mapping[str, Document], doc_id: str) -> str:
    d = docs.get(doc_id)
    if d is None:
        return doc_id
    date = d.published or d.stated_date or "undated"
    return f"{d.title or d.name} ({d.outlet or d.source}, {date})"
