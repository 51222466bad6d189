"""The per-document unit and the batch runner: order, fallbacks, time budget, failure isolation."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph import pipeline
from claimgraph.config import Settings
from claimgraph.records import Document, RawDocument

ARTICLE = (
    "Moscow, 12 March 2019. Russia delivered a second regiment of S-400 systems to China last month, "
    "according to the Russian news agency TASS. Beijing reportedly paid about $3 billion for the contract."
)


@given(st.text(alphabet=st.sampled_from("ab \n."), max_size=3000), st.integers(20, 400))
@settings(max_examples=60, deadline=None)
def test_pipeline_chunks_rejoin_exactly(text: str, size: int) -> None:
    pieces = pipeline._chunks(text, size)
    assert "".join(pieces) == text
    assert all(pieces) or text == ""


def test_pipeline_skipped_document_passes_through() -> None:
    skipped = Document(id="doc_x", source="x.png", sha256="0", text="", status="skipped:binary", error="[E102] ...")
    result = pipeline.process_document(skipped, Settings())
    assert result.document is skipped and result.events == ()


def test_pipeline_non_english_gets_entities_and_events() -> None:
    """Russian and Chinese text bypasses the English parser: the model-free annotator finds its entities (each
    mention a span of the text) and the lexicon layer its events (claimgraph.events.foreign.v1)."""
    text = "Россия поставила Китаю системы С-400."
    doc = Document(id="doc_ru", source="ru.txt", sha256="1", text=text, language="ru")
    result = pipeline.process_document(doc, Settings())
    assert result.document.ok
    assert [(e.type, e.actor, e.target, e.rule) for e in result.events] == [
        ("arms_delivery", "STATE:RUS", "STATE:CHN", "claimgraph.events.foreign.v1")]
    assert {m.entity for m in result.mentions} >= {"STATE:RUS", "STATE:CHN"}
    assert all(text[m.start:m.end] == m.text for m in result.mentions)


@pytest.mark.model
def test_pipeline_process_document_extracts_with_spans() -> None:
    result = pipeline.process_document(RawDocument(source="a.txt", data=ARTICLE.encode()), Settings())
    doc = result.document
    assert doc.ok, doc.error
    for m in result.mentions:
        assert doc.text[m.start : m.end] == m.text
    for ev in result.events:
        assert doc.text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
    assert any(m.entity == "STATE:RUS" for m in result.mentions)


@pytest.mark.model
def test_pipeline_failure_in_one_document_does_not_stop_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.analyse

    def flaky(doc, document, settings, timings=None):  # type: ignore[no-untyped-def]
        if "EXPLODE" in document.text:
            raise RuntimeError("boom")
        return real(doc, document, settings, timings)

    monkeypatch.setattr(pipeline, "analyse", flaky)
    raws = [RawDocument(source=f"{i}.txt", data=(ARTICLE + (" EXPLODE" if i == 1 else f" {i}")).encode()) for i in range(4)]
    results = list(pipeline.run(raws, Settings(batch_size=4)))
    assert [r.document.source for r in results] == ["0.txt", "1.txt", "2.txt", "3.txt"]
    assert results[1].document.status == "error:pipeline" and "E201" in (results[1].document.error or "")
    assert all(r.document.ok for i, r in enumerate(results) if i != 1)


@pytest.mark.model
def test_pipeline_time_budget_records_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    def slow(doc, document, settings, timings=None):  # type: ignore[no-untyped-def]
        time.sleep(5)

    monkeypatch.setattr(pipeline, "analyse", slow)
    result = pipeline.process_document(RawDocument(source="s.txt", data=ARTICLE.encode()), Settings(time_budget=0.5))
    assert result.document.status == "error:timeout"
    assert "E202" in (result.document.error or "")


@pytest.mark.model
def test_pipeline_two_processes_match_one() -> None:
    raws = [RawDocument(source=f"{i}.txt", data=(ARTICLE + f" Item {i}.").encode()) for i in range(6)]
    one = list(pipeline.run(raws, Settings(batch_size=2)))
    two = list(pipeline.run(raws, Settings(batch_size=2, processes=2)))
    strip = lambda rs: [dataclasses.replace(r, timings={}) for r in rs]  # noqa: E731
    assert strip(one) == strip(two)
