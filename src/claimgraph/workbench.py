"""The Python API: a :class:`Workbench` over one store. The CLI (and later the REST API) are thin layers over it.

>>> import claimgraph
>>> wb = claimgraph.open("claimgraph.db")          # doctest: +SKIP
>>> report = wb.ingest(["articles/"])              # doctest: +SKIP
>>> for event in wb.events(type="arms_delivery"):  # doctest: +SKIP
...     print(event.actor, event.target, event.when)
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .config import Settings, load_settings
from .errors import InvalidData
from .records import (
    Dispute,
    Document,
    DocumentDate,
    DocumentResult,
    Entity,
    Event,
    Explanation,
    Mention,
    RawDocument,
    Story,
)

if TYPE_CHECKING:
    from .reviews import Review, ReviewedEvents
    from .runners import Runner
    from .store import IngestKey, Store

__all__ = ["Workbench", "IngestReport", "DocumentView", "open_workbench"]

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one ingest did: counts per outcome and every input that could not be used, with its reason."""

    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (source, status, error)
    documents: list[str] = field(default_factory=list)
    events: int = 0
    mentions: int = 0
    changed: int = 0  # documents written as new or updated

    @property
    def unchanged(self) -> int:
        """Inputs already in the store as they are (recognised before processing, or processed to the same)."""
        return self.outcomes["unchanged"]

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        parts = [f"{n} {k}" for k, n in sorted(self.outcomes.items())]
        return f"{len(self.documents)} documents ({', '.join(parts) or 'none'}); {self.mentions} mentions, {self.events} events"


@dataclass(frozen=True)
class DocumentView:
    """A document with everything extracted from it: what ``claimgraph show`` renders."""

    document: Document
    mentions: list[Mention]
    events: list[Event]
    explanations: list[Explanation]
    entities: dict[str, Entity]
    reviews: dict[str, str] = field(default_factory=dict)  # event id -> accepted | corrected | rejected


class Workbench:
    """A knowledge base in one store, with the verbs analysts use.

    ``Workbench(settings)`` opens (and migrates) the store named by ``settings.db``. Close it with ``close()`` or use
    it as a context manager.
    """

    def __init__(self, settings: Settings | None = None, *, store: Store | None = None, create: bool = True) -> None:
        from .store import open_store

        self.settings = settings or load_settings()
        # create=False (read commands): a store no ingest wrote to is reported, not created (StoreError E301)
        self.store: Store = store if store is not None else open_store(self.settings.db, create=create)

    # -- lifecycle -------------------------------------------------------------------------------------

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ----------------------------------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str],
        *,
        stdin: IO[bytes] | None = None,
        progress: Callable[[DocumentResult], None] | None = None,
        reconcile: bool = True,
        force: bool = False,
        runner: Runner | None = None,
    ) -> IngestReport:
        """Read ``paths`` (files, folders, ``-``), process every document and store it, one transaction each.

        Inputs that cannot be used are recorded with their reason and listed in the report; nothing already in the
        store is lost. Re-ingesting the same input changes nothing, and costs little: an input already in the
        store (the same source and bytes, or the same clean text, date and metadata) that was processed with the
        same settings is recognised before any NLP and counted as ``unchanged`` (see
        :mod:`claimgraph.incremental`); ``force`` processes every input again. ``progress`` is called once per
        input; for an input recognised as unchanged it gets a result whose document has no text.
        Reconciliation runs when documents were added or changed, or when the store's derived tables are stale
        (an earlier ingest stopped before its reconcile finished). ``runner`` maps the pipeline over what needs
        processing (:mod:`claimgraph.runners`; default: the local runner with ``settings.processes``); the
        caller closes it.
        """
        from .incremental import settings_hash
        from .ingest import iter_raw
        from .pipeline import run
        from .store import IngestKey

        report = IngestReport()
        seen: dict[str, str] = {}
        keys: dict[str, deque[IngestKey | None]] = {}
        settings_key = settings_hash(self.settings)
        items = iter_raw(
            paths, self.settings, stdin=stdin if stdin is not None else sys.stdin.buffer, exclude=self._store_files()
        )

        def skip(source: str, doc_id: str, outcome: str, status: str = "ok", error: str | None = None,
                 key: IngestKey | None = None) -> None:
            if outcome == "unchanged" and seen.get(doc_id, source) != source:
                outcome = "duplicate"  # its text already came from another source in this batch
            if key is not None:
                self.store.log_ingest(source, doc_id, status, error, key=key,
                                      outcome="skipped" if outcome == "duplicate" else outcome)
            if outcome == "duplicate":
                report.outcomes["duplicate"] += 1
            else:
                report.outcomes["unchanged"] += 1
                report.documents.append(doc_id)
                seen.setdefault(doc_id, source)
            if progress:
                progress(DocumentResult(document=Document(id=doc_id, source=source, sha256="", text="",
                                                          status=status, error=error)))

        def fresh(stream: Iterable[RawDocument | Document]) -> Iterator[RawDocument | Document]:
            """The inputs that need processing, each with its ingest key queued for the write."""
            for item in self._prefilter(stream, settings_key, force, seen, skip):
                key = item[1]
                keys.setdefault(item[0].source, deque()).append(key)
                yield item[0]

        # Only start the pipeline (with several processes it loads the model up front) for something to process.
        stream = fresh(items)
        head = next(stream, None)
        mapper = runner.run if runner is not None else run
        results = mapper(chain([head], stream), self.settings) if head is not None else iter(())
        for result in results:
            doc = result.document
            pending = keys.get(doc.source)
            key = pending.popleft() if pending else None
            if pending is not None and not pending:
                del keys[doc.source]
            if doc.ok and doc.id in seen and seen[doc.id] != doc.source:
                # Same text from a second source in this batch: an exact duplicate, recorded, not re-written.
                report.outcomes["duplicate"] += 1
                dup_key = IngestKey(key.input, None, key.settings) if key is not None else None
                self.store.log_ingest(doc.source, doc.id, "skipped:duplicate",
                                      f"[E106] Exact duplicate of {seen[doc.id]}", key=dup_key)
                if progress:
                    progress(result)
                continue
            outcome = self.store.write_result(result, key)
            report.outcomes[outcome if doc.ok else doc.status] += 1
            if doc.ok:
                seen[doc.id] = doc.source
                report.documents.append(doc.id)
                report.events += len(result.events)
                report.mentions += len(result.mentions)
                if outcome in ("new", "updated"):
                    report.changed += 1
            else:
                report.failures.append((doc.source, doc.status, doc.error or doc.status))
            if progress:
                progress(result)
        if reconcile and report.documents and (report.changed or self.store.reconcile_pending()):
            # Another ingest writing into the same store meanwhile leaves the derived tables stale (the claims
            # version moved on while they were computed): compute them again, a bounded number of times.
            for _ in range(3):
                self.reconcile()
                if not self.store.reconcile_pending():
                    break
        return report

    def _prefilter(
        self,
        items: Iterable[RawDocument | Document],
        settings_key: str,
        force: bool,
        seen: dict[str, str],
        skip: Callable[..., None],
    ) -> Iterator[tuple[RawDocument | Document, IngestKey | None]]:
        """Inputs with their ingest keys, less those already in the store (checked before any NLP).

        First the cheap fingerprint (source and bytes); then ingest's cheap stages run here (decode, format,
        boilerplate, metadata, date, language: no model) and the prepared document's fingerprint is looked up;
        a copy of a text already met in this batch is a duplicate. What remains goes to the pipeline as the
        prepared ``Document``, so it is not decoded twice.
        """
        from .incremental import input_hash, prepared_hash
        from .ingest import to_document
        from .store import IngestKey

        for item in items:
            if isinstance(item, Document):  # could not be read at all: recorded as skipped by the store
                yield item, None
                continue
            raw_key = input_hash(item)
            if not force:
                known = self.store.find_unchanged(item.source, raw_key, settings_key)
                if known is not None:
                    skip(item.source, known, "unchanged")
                    continue
            document = to_document(item, self.settings)
            if not document.ok:
                yield document, IngestKey(raw_key, None, settings_key)
                continue
            key = IngestKey(raw_key, prepared_hash(document), settings_key)
            first = seen.get(document.id)
            if first is not None and first != document.source:
                skip(document.source, document.id, "duplicate", "skipped:duplicate",
                     f"[E106] Exact duplicate of {first}", IngestKey(raw_key, None, settings_key))
                continue
            if not force and key.prepared is not None:
                known = self.store.find_prepared(key.prepared, settings_key)
                if known is not None:
                    skip(document.source, known, "unchanged", key=key)
                    continue
            yield document, key

    def _store_files(self) -> list[Path]:
        """The SQLite store's own files, which a folder ingest must never read as articles."""
        db = self.settings.db
        if "://" in db and not db.startswith("sqlite:///"):
            return []
        path = Path(db.removeprefix("sqlite:///"))
        return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                path.with_name(path.name + "-journal")]

    # -- reading -----------------------------------------------------------------------------------------

    def documents(self, status: str | None = None, *, reconciled: bool = True) -> Iterator[Document]:
        """Documents; with ``reconciled`` their date is the corpus-level one where reconcile refined it.

        The stored document is never edited: the refined date, its basis and reason come from the derived
        ``document_dates`` table and are applied to the returned copy (``meta["own_date"]`` keeps the original).
        """
        docs = self.store.documents(status=status)
        if not reconciled:
            return iter(docs)
        dates = {d.document: d for d in self.store.document_dates()}
        return (_apply_date(d, dates.get(d.id)) for d in docs)

    def document(self, ref: str) -> Document:
        return self.store.get_document(ref)

    def entities(self, type: str | None = None) -> Iterator[tuple[Entity, list[str], int]]:
        """Canonical entities with the documents they occur in and their mention count; name variants that
        reconcile merged ("Segei Shoigu") are folded into their canonical entity as aliases."""
        return iter(self.store.entity_rows(type=type))

    def mentions(self, document: str | None = None) -> Iterator[Mention]:
        doc_id = self.document(document).id if document else None
        return iter(self.store.mentions(document=doc_id))

    def events(self, **filters: Any) -> Iterator[Event]:
        """Events as the reviews leave them (corrections applied, rejected ones left out), filtered like
        :meth:`Store.events`."""
        return iter(self.reviewed_events(**filters).events)

    def reviewed_events(self, **filters: Any) -> ReviewedEvents:
        """:meth:`events` together with the marks of the events reviews touched (``reviews.ReviewedEvents``)."""
        from .reviews import ReviewedEvents, active, apply_to_events, filter_events

        if filters.get("document"):
            filters["document"] = self.document(filters["document"]).id
        reviews = self.reviews()
        if not any(r.target_kind == "event" for r in active(reviews).values()):
            return ReviewedEvents(self.store.events(**filters), {})
        # corrected fields are not in the stored rows the SQL filters see: filter after applying the reviews
        document = filters.pop("document", None)
        view = apply_to_events(self.store.iter_events(document=document), reviews)
        return ReviewedEvents(filter_events(view.events, document=document, **filters), view.marks)

    def _claims(self) -> list[Event]:
        """Every event as the reviews leave it: what the views read."""
        return self.reviewed_events().events

    def explanations(self) -> Iterator[Explanation]:
        """Stored explanations, less those of claims an analyst rejected (the review is in force)."""
        rejected = self._rejected()
        return iter([x for x in self.store.explanations() if x.event not in rejected])

    def _rejected(self) -> set[str]:
        """Ids of the claims a reject review in force takes out of the views."""
        from . import reviews as R

        return {r.target for r in R.active(self.reviews()).values() if r.action == "reject"}

    def show(self, ref: str) -> DocumentView:
        document = self.document(ref)
        mentions = list(self.store.mentions(document=document.id))
        entities = {e.id: e for e, _, _ in self.store.entity_rows()}
        view = self.reviewed_events(document=document.id)  # rejected claims left out, marked in ``reviews``
        rejected = self._rejected()
        return DocumentView(
            document=document,
            mentions=mentions,
            events=view.events,
            explanations=[x for x in self.store.explanations(document=document.id) if x.event not in rejected],
            entities=entities,
            reviews={eid: m.state for eid, m in view.marks.items()},
        )

    # -- corpus level ------------------------------------------------------------------------------------

    def reconcile(self, *, full: bool = False) -> dict[str, int]:
        """Bring the derived, cross-document layer (relations, dates, stories, disputes) up to date with the claims.

        Incremental by default: only what documents added or changed since the last reconcile can touch is
        recomputed, with the result of a full pass (:mod:`claimgraph.reconcile.incremental`); ``full``
        (``claimgraph reconcile --full``) recomputes everything. Reviews that correct or reject claims make every
        pass a full one (the index holds the claims as stored).
        """
        from . import reconcile
        from .reconcile.incremental import full_index, reconcile_store
        from .reviews import active
        from .store._index import ReconcileIndex, StaleIndex

        version = self.store.claims_version()  # read first: claims written meanwhile leave the store stale
        reviews = self.reviews()
        rules = review_constraints(reviews)
        edited = any(r.target_kind == "event" for r in active(reviews).values())
        for _ in range(3 if not (full or edited) else 0):
            try:
                stats = reconcile_store(self.store, claims_version=version, constraints=rules)
            except StaleIndex:  # another reconcile wrote meanwhile: compute again from what it left
                version = self.store.claims_version()
                continue
            if stats is not None:
                return stats.counts()
            break
        index = ReconcileIndex(self.store)
        fingerprints = index.all_fingerprints()
        entities = self.store.entities(merged=False)  # as the documents produced them: reconcile merges
        events = self._claims()  # as reviewed: corrections applied, rejected claims left out
        keys: dict[str, Any] = {}
        signatures: dict[str, Any] = {}
        result = reconcile.run(
            documents=list(self.store.documents(status="ok")),
            entities=entities,
            mentions=list(self.store.mentions()),
            events=events,
            explanations=list(self.store.explanations()),
            constraints=rules,  # an analyst's merges and story splits
            keys_out=keys,
            signatures_out=signatures,
        )
        expect = self.store.replace_derived(
            relations=result.relations,
            document_dates=result.document_dates,
            stories=result.stories,
            disputes=result.disputes,
            explanations=result.explanations,
            entity_links=result.entity_aliases,
            mention_links=result.mention_links,
            claims_version=version,
        )
        if not edited:
            index.rebuild(full_index(
                self.store, fingerprints=fingerprints, entities=entities, aliases=result.entity_aliases, keys=keys,
                events=events, stories=result.stories, document_dates=result.document_dates,
                signatures=signatures, apart=rules.apart), expect)
        return {
            "entity_links": len(result.entity_aliases),
            "mention_links": len(result.mention_links),
            "relations": len(result.relations),
            "document_dates": len(result.document_dates),
            "stories": len(result.stories),
            "disputes": len(result.disputes),
            "explanations": len(result.explanations),
        }

    def stories(self) -> list[Story]:
        return list(self.store.stories())

    def disputes(self) -> list[Dispute]:
        return list(self.store.disputes())

    def story(self, ref: str) -> Story:
        """A story by id or unique id prefix."""
        matches = [s for s in self.store.stories() if s.id == ref or s.id.startswith(ref)]
        if len(matches) != 1:
            raise InvalidData("E401", path="stories", reason=f"{len(matches)} stories match {ref!r}")
        return matches[0]

    def explain(self, story: str | None = None) -> list[Explanation]:
        """Competing explanations, for one story (id or prefix) or all, as stored by reconcile."""
        sid = self.story(story).id if story else None
        return [x for x in self.explanations() if sid is None or x.story == sid]

    def _entity_map(self) -> dict[str, Entity]:
        """Every stored entity by id, canonical ones with their merged variants' aliases; a variant id maps to
        its canonical entity, so a claim made with a variant id still finds its entity (name, state)."""
        links = self.store.entity_links()
        ents = {e.id: e for e in self.store.entities()}
        for variant, canon in links.items():
            if canon in ents:
                ents[variant] = ents[canon]
        return ents

    def register(self, supplier: str | None = None, recipient: str | None = None, *,
                 include_incomplete: bool = False) -> list[Any]:
        """SIPRI-style arms-transfer register rows; every cell carries the events and documents behind it.

        Rows whose supplier, recipient or designation is unknown are left out unless ``include_incomplete``.
        """
        from .views.register import as_state, load_knowledge, register

        know = load_knowledge()
        kinds, cued = set(know.parts), set(know.disclosure_types)  # a statement only where its trigger discloses

        def pick(ix: Any) -> dict[str, str] | None:
            # every claim of a row names its supplier or recipient, or shares a story or document with one that
            # does (``ReconcileIndex.closure``); with both given, claims naming a third party are no seeds
            wanted = [x for p in (supplier, recipient) if p for x in (str(as_state(p)), p)]
            return ix.closure(wanted, kinds, cued, only=bool(supplier and recipient))

        scope = self._scope(pick) if supplier or recipient else None
        stories, events, documents = scope or (self.stories(), self._claims(), list(self.documents(status="ok")))
        return register(
            stories, events, self._entity_map(), documents,
            supplier=supplier, recipient=recipient, aliases=self.store.entity_links(),
            include_incomplete=include_incomplete,
        )

    def _index(self) -> Any:
        """Reconcile's index (``store._index.ReconcileIndex``) where the views may read through it: up to date,
        and no review corrects or rejects a claim (the index holds the claims as stored); else ``None``."""
        from .reviews import active
        from .store._index import ReconcileIndex

        index = ReconcileIndex(self.store)
        if not index.usable() or any(r.target_kind == "event" for r in active(self.reviews()).values()):
            return None
        return index

    def _scope(self, pick: Callable[[Any], Any], *, stories: bool = False, documents: bool = True,
               ) -> tuple[list[Story], list[Event], list[Document]] | None:
        """The stories, claims and (dated) documents a filtered view can read, from reconcile's index: ``pick``
        gives event ids with their stories (or story ids with ``stories``: each story is read whole). ``None`` where the index
        cannot answer (stale, none yet, or reviews that correct claims): the view then reads everything."""
        index = self._index()
        picked = pick(index) if index is not None else None
        if index is None or picked is None:
            return None
        if stories:
            found = list(index.stories(picked).values())
            ids: set[str] = {e for st in found for e in st.events}
        else:
            ids = set(picked)
            found = list(index.stories(set(picked.values())).values())
        events = index.events(ids=ids)
        if not documents:
            return sorted(found, key=lambda st: st.id), events, []
        docs = index.documents({e.document for e in events})
        dates = index.document_dates(d.id for d in docs)
        return sorted(found, key=lambda st: st.id), events, [_apply_date(d, dates.get(d.id)) for d in docs]

    def timeline(self, dyad: Sequence[str] | None = None) -> list[Any]:
        from .views._common import as_state
        from .views.timeline import timeline

        states = [str(as_state(d)) for d in dyad] if dyad else []
        scope = (self._scope(lambda ix: ix.dyad_stories(states), stories=True, documents=False)
                 if len(states) == 2 else None)
        stories, events, _ = scope or (self.stories(), self._claims(), [])
        return timeline(stories, dyad, events=events, entities=self._entity_map())

    def entity_stories(self, entity: str) -> list[Story]:
        """The stories with a claim whose actor, target or item is ``entity`` (an id, or ISO3 for a state)."""
        from .views._common import as_state

        ent = str(as_state(entity)) if len(entity) == 3 and entity.isalpha() else entity
        index = self._index()
        if index is not None:
            return sorted(index.stories(index.entity_stories(ent)).values(), key=lambda st: st.id)
        events = {e.id: e for e in self._claims()}
        return [st for st in self.stories() if any(
            (ev := events.get(x)) is not None and ent in (ev.actor, ev.target, ev.item) for x in st.events)]

    def index(self, dyad: Sequence[str] | None = None, by: str = "year") -> list[tuple[str, float, int]]:
        """The cooperation/conflict index per period, computed from stories with the ontology's weights."""
        from .reconcile.ontology import load_ontology
        from .views.index import index

        return index(
            self.stories(), self._claims(), load_ontology(), dyad, by,
            entities=self._entity_map(), documents=list(self.store.documents(status="ok")),
        )

    def graph(self) -> Any:
        from .views.graph import graph

        return graph(self.store.entities(), self._claims(), aliases=self.store.entity_links())

    def report(self, dyad: Sequence[str] | None = ("RUS", "CHN"), title: str = "claimgraph briefing") -> str:
        """A self-contained HTML briefing in which every figure links to its evidence."""
        from .views.report import report

        return report(
            list(self.store.documents(status="ok")), self._entity_map(), self._claims(), self.stories(),
            self.disputes(), list(self.store.explanations()), dyad=dyad, title=title,
            document_dates=list(self.store.document_dates()), relations=list(self.store.relations()),
            aliases=self.store.entity_links(),
        )

    def export(self, out_dir: str | Path, formats: Iterable[str] = ("jsonl",)) -> dict[str, Path]:
        """Write the knowledge base under ``out_dir``: the tables (``jsonl``, ``csv``, ``parquet``) and the formats
        other tools open (``ftm``, ``plover``, ``sipri``); all as the reviews leave the claims."""
        from .views.ecosystem import FORMATS as ECOSYSTEM
        from .views.ecosystem import export_ecosystem
        from .views.export import FORMATS as TABLES
        from .views.export import export

        wanted = tuple(dict.fromkeys(formats)) or ("jsonl",)
        for fmt in wanted:  # checked before anything is written
            if fmt not in TABLES + ECOSYSTEM:
                from .errors import ConfigError

                raise ConfigError("E003", name="format", value=fmt, reason=f"choose from {', '.join(TABLES + ECOSYSTEM)}")
        if "ftm" in wanted:
            from .views.ftm import require_ftm

            require_ftm()  # a missing extra says how to install it, before the tables are written
        tables = tuple(f for f in wanted if f not in ECOSYSTEM)
        view = self.reviewed_events()
        written: dict[str, Path] = {}
        if tables:
            reviewed = view if view.marks else None  # without reviews the export streams from the store
            written.update(export(self.store, Path(out_dir), formats=tables, reviewed=reviewed))
        for fmt in (f for f in wanted if f in ECOSYSTEM):
            written.update(export_ecosystem(self, fmt, Path(out_dir), view))
        return written

    def search(self, query: str, *, kind: str = "all", entity: str | None = None, outlet: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 20, offset: int = 0) -> Any:
        """Ranked full-text hits over documents and claims (``views.search.SearchResults``), with snippets."""
        from .views.search import search

        return search(self.store, query, kind=kind, entity=entity, outlet=outlet, since=since, until=until,
                      limit=limit, offset=offset)

    def ask(self, question: str) -> Any:
        """Answer ``question`` from the knowledge base, every sentence citing its claims (``views.ask.Answer``)."""
        from .views.ask import ask

        return ask(self, question)

    def evaluate(self, gold_dir: str | Path) -> Any:
        """Score the store against gold annotations (``shared/gold`` format) with the one ruler: the rows scored
        are exactly what ``export`` writes, so ``../shared/tools/score.py`` on an export gives the same figures."""
        from .evaluate import evaluate
        from .views.export import document_rows, entity_rows, event_rows

        view = self.reviewed_events()
        events = event_rows(self.store, by_id=True, reviewed=view if view.marks else None)
        return evaluate(Path(gold_dir), list(document_rows(self.store)), list(events), list(entity_rows(self.store)))

    # -- reviews -----------------------------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        """The audit trail: every review, oldest first, undone ones and undos included."""
        from .store.reviews import iter_reviews

        return list(iter_reviews(self.store))

    def review(self, action: str, target: str, field: str | None = None, value: str | None = None,
               reason: str | None = None, reviewer: str | None = None) -> Review:
        """Record a review (``reviews.ACTIONS``) and bring the derived layer up to date with it.

        ``accept``/``reject`` EVENT; ``correct`` EVENT with ``field`` and ``value``; ``merge`` ENTITY (kept) with
        ``value`` the entity merged into it; ``split-story`` STORY with ``value`` the event to split off; ``undo``
        REVIEW. The claims themselves are never edited. Raises ``InvalidData`` (E401) for a review that does not
        validate (unknown event, a type outside the ontology, a malformed date ...).
        """
        from .reviews import Lookups, make_review
        from .store.reviews import add_review, get_event

        trail = self.reviews()
        by_id = {r.id: r for r in trail}
        links = self.store.entity_links()

        def story_events(ref: str) -> tuple[str, tuple[str, ...]]:
            story = self.story(ref)
            return story.id, tuple(story.events)

        lookups = Lookups(
            event=lambda eid: get_event(self.store, eid), entity=self.store.entity, story_events=story_events,
            review=by_id.get, canonical=lambda eid: links.get(eid, eid), event_types=_event_types(),
            reviews=trail,
        )
        made = make_review(action, target, field=field, value=value, reason=reason, reviewer=reviewer,
                           lookups=lookups)
        # an accept (or taking one back) changes no view but the mark: nothing derived to recompute
        quiet = made.action == "accept" or (made.action == "undo" and by_id[made.target].action == "accept")
        add_review(self.store, made, stale=not quiet)
        if not quiet:
            self.reconcile()
        return made

    def undo_review(self, review_id: str, *, reason: str | None = None, reviewer: str | None = None) -> Review:
        """Take a review back (recorded as an ``undo`` review); the views return to what they were without it."""
        return self.review("undo", review_id, reason=reason, reviewer=reviewer)


def review_constraints(reviews: Sequence[Review]) -> Any:
    """The reviews' merges and splits as reconcile constraints (``reconcile.Constraints``)."""
    from .reviews import constraints

    return constraints(reviews)


def _event_types() -> frozenset[str]:
    from .extract.ontology import load_ontology

    return frozenset(load_ontology())


def _apply_date(document: Document, date: DocumentDate | None) -> Document:
    if date is None or date.published is None or date.published == document.published:
        return document
    return dataclasses.replace(
        document,
        published=date.published,
        published_basis=date.basis,
        published_reason=date.reason,
        repost=document.repost or date.repost_of is not None,
        meta={**document.meta, "own_date": document.published, "repost_of": date.repost_of},
    )


def open_workbench(db: str | None = None, *, create: bool = True, **settings: Any) -> Workbench:
    """Open the knowledge base at ``db`` (a SQLite path or a ``postgresql://`` URL); settings as keywords.

    ``create=False`` refuses a store that no ingest wrote to (``no knowledge base at ...``) instead of creating it."""
    return Workbench(load_settings(db=db, **settings), create=create)
