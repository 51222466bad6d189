"""The cached sentence offsets agree with spaCy's own ``doc.sents``."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from claimgraph.nlp.sentences import sentence_chars, sentence_spans


def test_sentences_match_doc_sents_on_a_handbuilt_doc() -> None:
    nlp = spacy.blank("en")
    words = ["Moscow", "agreed", ".", "Beijing", "paid", "$", "3", "billion", "."]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True, False, False, True, False, False, False, False, False])
    expected = [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
    assert sentence_spans(doc) == expected
    assert sentence_chars(doc) == [(a, b) for _, _, a, b in expected]
    assert doc.user_data  # cached on the Doc


def test_sentences_unannotated_doc_is_one_sentence() -> None:
    doc = spacy.blank("en")("Two sentences here. No parser ran.")
    assert sentence_chars(doc) == [(0, len(doc.text))]


@pytest.mark.model
def test_sentences_match_parsed_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Russia delivered the systems in May 2018. China paid in advance. Talks went on.")
    assert sentence_spans(doc) == [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
