"""One document in, one :class:`DocumentResult` out: the unit every runner maps.

Stages, in order (each a plain function owned by its package)::

    ingest.to_document      RawDocument -> Document (clean text, metadata, stated date, language)
    nlp.load_pipeline       the spaCy model + gazetteer component (loaded once per process)
    extract.docdate         Document (+ parsed Doc) -> Document with ``published`` and its basis
    nlp.annotate            Doc -> Mentions linked to Entities
    extract.events          Doc -> Events (claims: roles, time, status, attribution, hedging, evidence)
    extract.explanations    Doc + Events -> causal Explanations

Fallbacks: a skipped document (binary, empty, too large ...) passes through untouched; a non-English document is
stored with its language but not mined; a document over ``settings.time_budget`` or whose processing raises is
returned with status ``error:timeout`` / ``error:pipeline`` and a coded message, and the batch goes on.

:func:`process_document` is pure and picklable. :func:`run` maps it over a stream, batching texts through
``nlp.pipe`` and, with ``settings.processes > 1``, over a pool of worker processes (each loads the model once).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import MESSAGES, DocumentTimeout
from .records import Document, DocumentResult, RawDocument

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["process_document", "run", "analyse", "get_nlp"]

log = logging.getLogger(__name__)

Item = RawDocument | Document

#: Texts longer than this are parsed in paragraph-aligned chunks and re-joined (offsets are preserved).
CHUNK_CHARS = 100_000


def get_nlp(settings: Settings) -> Language:
    """The process-wide spaCy pipeline for ``settings.model`` (loaded on first use)."""
    from .nlp import load_pipeline

    nlp = load_pipeline(settings)
    # Our own chunking keeps each parsed piece small; the limit only guards the whole-text Doc we rebuild.
    nlp.max_length = max(nlp.max_length, settings.max_bytes + 1)
    return nlp


# --------------------------------------------------------------------------------------------- time budget


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` after ``seconds``; uses SIGALRM where possible (main thread on POSIX)."""
    usable = (
        seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _on_alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout("E202", seconds=seconds)

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _failed(document: Document, status: str, code: str, **context: Any) -> DocumentResult:
    message = f"[{code}] " + MESSAGES[code].format(**context)
    return DocumentResult(document=dataclasses.replace(document, status=status, error=message))


# ----------------------------------------------------------------------------------------------- stages


def _ingest(item: Item, settings: Settings) -> Document:
    if isinstance(item, Document):
        return item
    from .ingest import to_document

    return to_document(item, settings)


def _minable(document: Document) -> bool:
    return document.ok and (document.language in (None, "en"))


def _foreign(document: Document, settings: Settings) -> DocumentResult:
    """A usable document in another language: dated, its entities found by the model-free annotator for
    Russian and Chinese and its events by the lexicon layer (:mod:`claimgraph.nlp.foreign`,
    :mod:`claimgraph.extract.foreign_events`); the English pipeline cannot parse it."""
    if not document.ok:
        return DocumentResult(document=document)

    def work() -> DocumentResult:
        from .extract.docdate import infer_date
        from .nlp.foreign import analyse_foreign

        dated, mentions, entities, events = analyse_foreign(infer_date(document, None))
        return DocumentResult(document=dated, mentions=tuple(mentions), entities=tuple(entities),
                              events=tuple(events))

    return _guarded(document, settings, work)


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split ``text`` into pieces of at most ~``size`` chars at paragraph or line breaks; ''.join == text."""
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = max(text.rfind("\n\n", start, end), text.rfind("\n", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


def _parse(nlp: Language, text: str, settings: Settings) -> Doc:
    from spacy.tokens import Doc

    pieces = _chunks(text)
    if len(pieces) == 1:
        return nlp(text)
    docs = list(nlp.pipe(pieces, batch_size=settings.batch_size))
    return Doc.from_docs(docs, ensure_whitespace=False)


def analyse(doc: Doc, document: Document, settings: Settings, timings: dict[str, float] | None = None) -> DocumentResult:
    """Everything after parsing: date the document, link entities, extract events and explanations."""
    from .extract.docdate import infer_date
    from .extract.events import extract_events
    from .extract.explanations import extract_explanations
    from .nlp import annotate

    timings = {} if timings is None else timings
    t = time.perf_counter()
    document = infer_date(document, doc)
    timings["date"] = time.perf_counter() - t

    t = time.perf_counter()
    mentions, entities = annotate(doc, document)
    timings["link"] = time.perf_counter() - t

    t = time.perf_counter()
    by_id = {e.id: e for e in entities}
    events = extract_events(doc, document, mentions, by_id)
    if settings.events == "v2":
        from .extract.learned import extract_events_v2

        events = extract_events_v2(doc, document, mentions, by_id, v1_events=events)
    explanations = extract_explanations(doc, document, events)
    timings["extract"] = time.perf_counter() - t
    return DocumentResult(
        document=document,
        mentions=tuple(mentions),
        entities=tuple(entities),
        events=tuple(events),
        explanations=tuple(explanations),
        timings=dict(timings),
    )


def _guarded(document: Document, settings: Settings, work: Any) -> DocumentResult:
    """Run ``work()`` under the time budget, turning any failure into a recorded, non-fatal status."""
    try:
        with _time_limit(settings.time_budget):
            result: DocumentResult = work()
            return result
    except DocumentTimeout:
        log.warning("%s: over the time budget of %.0f s", document.source, settings.time_budget)
        return _failed(document, "error:timeout", "E202", seconds=settings.time_budget)
    except MemoryError:
        return _failed(document, "error:pipeline", "E201", reason="out of memory")
    except Exception as exc:  # a bug in one document must not stop the batch; it is recorded, not swallowed
        log.exception("%s: processing failed", document.source)
        return _failed(document, "error:pipeline", "E201", reason=f"{type(exc).__name__}: {exc}")


def process_document(raw: Item, settings: Settings) -> DocumentResult:
    """Ingest, parse and extract one document. Pure: same input and settings, same result."""
    document = _ingest(raw, settings)
    if not _minable(document):
        return _foreign(document, settings)

    def work() -> DocumentResult:
        timings: dict[str, float] = {}
        t = time.perf_counter()
        doc = _parse(get_nlp(settings), document.text, settings)
        timings["nlp"] = time.perf_counter() - t
        return analyse(doc, document, settings, timings)

    return _guarded(document, settings, work)


# ------------------------------------------------------------------------------------------------ runners


def _run_batch(items: Sequence[Item], settings: Settings) -> list[DocumentResult]:
    """Process a batch in this process: short texts share ``nlp.pipe`` batches, long ones go alone."""
    documents = [_ingest(item, settings) for item in items]
    results: list[DocumentResult | None] = [None] * len(documents)
    piped: list[int] = []
    for i, document in enumerate(documents):
        if not _minable(document):
            results[i] = _foreign(document, settings)
        elif len(document.text) > CHUNK_CHARS:
            results[i] = process_document(document, settings)
        else:
            piped.append(i)
    if piped:
        nlp = get_nlp(settings)
        stream = nlp.pipe((documents[i].text for i in piped), batch_size=settings.batch_size)
        broken = False  # after a failure the shared stream may be dead: finish the batch one by one
        for i in piped:
            document = documents[i]
            if broken:
                results[i] = process_document(document, settings)
                continue
            start = time.perf_counter()

            def work(document: Document = document, start: float = start) -> DocumentResult:
                doc = next(stream)
                return analyse(doc, document, settings, {"nlp": time.perf_counter() - start})

            result = _guarded(document, settings, work)
            broken = not result.document.ok
            results[i] = result
    return [r for r in results if r is not None]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _pool_context() -> Any:
    # fork shares the already-imported code with the workers and starts fast; spawn elsewhere.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and os.name == "posix" else "spawn")


def run(items: Iterable[Item], settings: Settings) -> Iterator[DocumentResult]:
    """Map :func:`process_document` over ``items`` in order, with ``settings.processes`` worker processes."""
    size = max(1, settings.batch_size)
    if settings.processes <= 1:
        for batch in _batches(items, size):
            yield from _run_batch(batch, settings)
        return
    context = _pool_context()
    if context.get_start_method() == "fork":
        get_nlp(settings)  # load once here: forked workers inherit it instead of each loading their own
    # Workers take small chunks (a quarter batch) so uneven documents still spread evenly over the processes;
    # a bounded window of chunks in flight keeps memory flat on long streams.
    chunk = max(1, size // 4)
    with ProcessPoolExecutor(max_workers=settings.processes, mp_context=context) as pool:
        window = settings.processes * 4
        pending: list[Any] = []
        work = partial(_run_batch, settings=settings)
        for batch in _batches(items, chunk):
            pending.append(pool.submit(work, batch))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
