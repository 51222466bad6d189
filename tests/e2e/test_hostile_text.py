"""Issue 3, bad input: pathological text never crashes or hangs the pipeline, and foreign text is not mined."""

from __future__ import annotations

import pytest

from claimgraph import pipeline
from claimgraph.config import Settings
from claimgraph.records import RawDocument

pytestmark = pytest.mark.model

SENTENCE = "russia said it would deliver more air defence systems to china next year according to officials "


def _run(text: str, **settings: object) -> tuple[str, int]:
    [result] = list(pipeline.run([RawDocument(source="x.txt", data=text.encode())], Settings(**settings)))  # type: ignore[arg-type]
    return result.document.status, len(result.events)


def test_hostile_text_without_punctuation_finishes() -> None:
    # ~55k characters, one endless "sentence": the pipeline's own time budget is the guard (a document over it
    # is recorded as error:timeout), so "ok" means it finished well inside it; no wall clock is read here
    status, _ = _run(SENTENCE * 600, time_budget=120)
    assert status == "ok"


def test_hostile_text_all_capitals_finishes() -> None:
    status, _ = _run((SENTENCE.upper() + ". ") * 200)
    assert status == "ok"


def test_hostile_text_over_budget_is_recorded_and_batch_goes_on() -> None:
    raws = [
        RawDocument(source="a.txt", data=(SENTENCE * 2000).encode()),
        RawDocument(source="b.txt", data=b"Russia delivered S-400 systems to India in December 2021, officials said."),
    ]
    results = list(pipeline.run(raws, Settings(time_budget=0.05)))
    assert results[0].document.status == "error:timeout"
    assert "E202" in (results[0].document.error or "")
    assert [r.document.source for r in results] == ["a.txt", "b.txt"]


def test_hostile_text_non_english_is_marked_not_mined() -> None:
    text = (
        "La Russie a livré des systèmes de défense aérienne à la Chine l'année dernière, selon des responsables "
        "du ministère. Les deux pays ont également signé un accord sur l'énergie et le commerce. " * 5
    )
    [result] = list(pipeline.run([RawDocument(source="fr.txt", data=text.encode())], Settings()))
    assert result.document.language == "fr"
    assert result.events == ()


def test_hostile_text_machine_translated_prose_is_processed() -> None:
    text = (
        "Will be or was it Not announced for public. The contract what the parties is probably to sign is, the "
        "side to the the Kremlin declared. Moscow to Beijing have supplied, and and also the system weapon of "
        "S-400 in year last. " * 10
    )
    status, _ = _run(text)
    assert status == "ok"
