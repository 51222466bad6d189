"""Questions answered from the knowledge base, every sentence citing the claims it rests on.

``ask(bench_or_store, question)`` parses the question into an intent and the entities it names (the packaged
gazetteer: states, weapons, people, organisations), answers from the structured layer first (register, stories,
explanations, disputes, the index, document dates; see :mod:`claimgraph.views._answers`), then falls back to the
best passages that full-text search finds (claims first, then documents), and otherwise says plainly that the
sources do not answer. The structured answers read through the Workbench (``events``, ``register``,
``stories``, ``explain``, ``documents``, ``index``), so they show what those show (analyst reviews included,
wherever the Workbench applies them).

Every :class:`Citation` is checked against the stored text: ``document_text[start:end] == evidence``; a claim
whose span does not hold its evidence is not cited, and a sentence left without a citation is not said.

>>> answer = ask(bench, "What did Russia sell China, and when?")   # doctest: +SKIP
>>> answer.basis, answer.sentences[0].citations[0].evidence       # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..records import Document, Entity, Event, Explanation, Story

if TYPE_CHECKING:
    from ..store import Store
    from ..workbench import Workbench

__all__ = ["Citation", "AnswerSentence", "Answer", "ask", "parse_question", "Parsed", "DECLINE"]

DECLINE = "The sources in this knowledge base do not answer this question"
RELATED = "The sources in this knowledge base do not answer this question directly; the closest passages follow."
_MAX_CITATIONS = 6
_KINDS = frozenset({"STATE", "WEAPON_SYSTEM", "PERSON", "ORG"})
_TOKEN = re.compile(r"[\w][\w\-’'.]*")
_STOP = frozenset(
    "a an the of to in on at for by with from and or but as is are was were be been being has have had do does did "
    "it its this that these those which who whom what when where why how will would could should may might can "
    "not no than their there they them he she his her we our you your i also into over after before about each "
    "any all did does".split()
)


@dataclass(frozen=True)
class Citation:
    """A claim's evidence: ``document``'s text from ``start`` to ``end`` is exactly ``evidence``."""

    document: str
    start: int
    end: int
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "start": self.start, "end": self.end, "evidence": self.evidence}


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer and the claims it rests on (never empty)."""

    text: str
    citations: list[Citation]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.to_json() for c in self.citations]}


@dataclass(frozen=True)
class Answer:
    """An answer: ``basis`` is ``structured`` (from claims and stories), ``passages`` (related passages only) or
    ``none`` (the sources do not answer; no sentences)."""

    question: str
    answer: str
    sentences: list[AnswerSentence] = field(default_factory=list)
    basis: str = "none"

    def to_json(self) -> dict[str, Any]:
        return {"answer": self.answer, "sentences": [s.to_json() for s in self.sentences], "basis": self.basis}


@dataclass(frozen=True)
class Parsed:
    """What a question asks (``intent``) about which entities (in the order named) and which year, if any."""

    intent: str
    entities: tuple[Entity, ...]
    year: str | None
    text: str

    @property
    def states(self) -> list[str]:
        """``STATE:ISO3`` ids of the states named, in order, without repeats."""
        out: list[str] = []
        for e in self.entities:
            if e.type == "STATE" and e.iso3 and f"STATE:{e.iso3}" not in out:
                out.append(f"STATE:{e.iso3}")
        return out

    @property
    def weapons(self) -> list[str]:
        return [e.id for e in self.entities if e.type == "WEAPON_SYSTEM"]


_INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dates", re.compile(r"\bwhen\b.*\b(written|published|dated|date)\b|\b(date|dates) of\b.*\b(article|document)")),
    ("why", re.compile(r"^\s*why\b|\b(the )?reasons?\b|\bcause[sd]?\b|\bexplain")),
    ("expectations", re.compile(r"\b(expect\w*|projection\w*|forecast\w*|predict\w*|anticipat\w*)\b")),
    ("trend", re.compile(r"\b(deepen\w*|crack\w*|strain\w*|deteriorat\w*|improv\w*|trend\w*|warm\w*|cool\w*)\b")),
    ("transfer", re.compile(r"\b(sell|sells|sold|sale|sales|deliver\w*|suppl\w*|export\w*|buy|buys|bought|"
                            r"purchas\w*|arms|weapons?|transfer\w*)\b")),
    ("relations", re.compile(r"\bwhat\b.*\b(do|did|does|done)\b")),
)


def parse_question(question: str) -> Parsed:
    """Intent (the first of dates, why, expectations, trend, transfer, relations that the wording fits, else
    ``search``), the gazetteer entities named (longest forms first, in text order) and a year (``2020``)."""
    from ..nlp.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    toks = list(_TOKEN.finditer(question))
    taken: list[tuple[int, int, Entity]] = []
    for n in (4, 3, 2, 1):
        for i in range(len(toks) - n + 1):
            s, e = toks[i].start(), toks[i + n - 1].end()
            if any(s < b and a < e for a, b, _ in taken):
                continue
            span = question[s:e].rstrip(".’'")
            ent = gaz.lookup(span)
            if ent is None and n == 1 and span.islower():
                ent = gaz.lookup(span.capitalize())
            if ent is not None and ent.type in _KINDS:
                taken.append((s, e, ent))
            elif n == 1 and "-" in span:  # "Russia-China": a dyad written as one word
                for part in re.finditer(r"[^-]+", span):
                    sub = gaz.lookup(part.group(0))
                    if sub is not None and sub.type in _KINDS:
                        taken.append((s + part.start(), s + part.end(), sub))
    entities = tuple(ent for _, _, ent in sorted(taken, key=lambda t: t[0]))
    low = question.lower()
    intent = next((name for name, pattern in _INTENTS if pattern.search(low)), "search")
    year = re.search(r"\b(19|20)\d{2}\b", question)
    return Parsed(intent, entities, year.group(0) if year else None, question)


class Context:
    """What the answerers read, loaded once per question through the Workbench, and the citation check."""

    def __init__(self, bench: Workbench) -> None:
        self.bench = bench
        self._texts: dict[str, str] = {}

    @cached_property
    def events(self) -> dict[str, Event]:
        return {e.id: e for e in self.bench.events()}

    @cached_property
    def stories(self) -> list[Story]:
        return list(self.bench.stories())

    @cached_property
    def story_of(self) -> dict[str, str]:
        return {eid: s.id for s in self.stories for eid in s.events}

    @cached_property
    def explanations(self) -> list[Explanation]:
        return list(self.bench.explain())

    @cached_property
    def entities(self) -> dict[str, Entity]:
        return self.bench._entity_map()  # canonical entities, with variant ids mapped to them

    @cached_property
    def documents(self) -> dict[str, Document]:
        return {d.id: d for d in self.bench.documents(status="ok")}

    def name(self, entity_id: str | None, fallback: str | None = None) -> str:
        from ..reconcile._common import entity_name

        return entity_name(entity_id, self.entities, fallback)

    def doc_label(self, doc_id: str) -> str:
        d = self.documents.get(doc_id)
        if d is None:
            return doc_id
        return f"“{d.title}”" if d.title else d.name

    def text(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            d = self.documents.get(doc_id)
            self._texts[doc_id] = d.text if d is not None else ""
        return self._texts[doc_id]

    def cite(self, doc_id: str, start: int, end: int, evidence: str | None = None) -> Citation | None:
        """A citation of ``doc_id[start:end]``, or ``None`` when the span is empty, outside the text or does not
        hold ``evidence`` (a stored claim whose offsets and quote disagree is not cited)."""
        body = self.text(doc_id)
        if not (0 <= start < end <= len(body)):
            return None
        quote = body[start:end]
        if evidence is not None and quote != evidence:
            return None
        return Citation(doc_id, start, end, quote)

    def cite_events(self, events: Iterable[Event]) -> list[Citation]:
        out: list[Citation] = []
        for ev in events:
            c = self.cite(ev.document, ev.evidence.start, ev.evidence.end, ev.evidence.text)
            if c is not None and c not in out:
                out.append(c)
        return out[:_MAX_CITATIONS]


class Sentences:
    """The answer being built: a sentence is kept only with at least one valid citation."""

    def __init__(self) -> None:
        self.items: list[AnswerSentence] = []

    def add(self, text: str, citations: Iterable[Citation | None]) -> None:
        cites = list(dict.fromkeys(c for c in citations if c is not None))[:_MAX_CITATIONS]
        text = " ".join(text.split())
        if cites and text and all(s.text != text for s in self.items):
            self.items.append(AnswerSentence(text, cites))


def _structured(ctx: Context, parsed: Parsed) -> list[AnswerSentence]:
    from . import _answers

    answerers: Mapping[str, Callable[[Context, Parsed, Sentences], None]] = {
        "dates": _answers.document_dates,
        "why": _answers.why,
        "expectations": _answers.expectations,
        "trend": _answers.trend,
        "transfer": _answers.transfer,
        "relations": _answers.relations,
    }
    out = Sentences()
    answer = answerers.get(parsed.intent)
    if answer is not None:
        answer(ctx, parsed, out)
    return out.items


def _passages(ctx: Context, parsed: Parsed) -> list[AnswerSentence]:
    """Best-ranked claims, then documents, that hold every content word of the question."""
    from .search import search

    words = [w for w in re.findall(r"[\w\-]+", parsed.text) if w.lower() not in _STOP and len(w) > 1]
    if not words:
        return []
    query = " ".join(words)
    out = Sentences()
    for kind in ("claims", "documents"):
        for hit in search(ctx.bench.store, query, kind=kind, limit=3).hits:
            out.add(f"Related passage in {ctx.doc_label(hit.document)}: “{hit.snippet}”",
                    [ctx.cite(hit.document, hit.start, hit.end, hit.snippet)])
        if out.items:
            break
    return out.items


def ask(source: Workbench | Store, question: str) -> Answer:
    """Answer ``question``; ``source`` is a Workbench or a Store (wrapped in a Workbench over it)."""
    from ..store import Store
    from ..workbench import Workbench

    bench = Workbench(store=source) if isinstance(source, Store) else source
    question = " ".join(str(question).split())
    if not question:
        return Answer(question, f"{DECLINE}: the question is empty.", [], "none")
    ctx = Context(bench)
    parsed = parse_question(question)
    sentences = _structured(ctx, parsed)
    if sentences:
        return Answer(question, " ".join(s.text for s in sentences), sentences, "structured")
    sentences = _passages(ctx, parsed)
    if sentences:
        return Answer(question, RELATED + " " + " ".join(s.text for s in sentences), sentences, "passages")
    return Answer(question, f"{DECLINE}: “{question}”.", [], "none")
