"""A line break ends a sentence, even without a full stop before it."""

from __future__ import annotations

import pytest
import spacy

from claimgraph.nlp.paragraphs import mark_line_starts


def test_paragraphs_mark_first_token_after_each_break() -> None:
    doc = spacy.blank("en")("Talks Resume in Geneva\n\nby Anna Berg\n\nThe envoys met on Monday.")
    mark_line_starts(doc)
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Talks", "by", "The"]


def test_paragraphs_text_without_breaks_is_untouched() -> None:
    doc = spacy.blank("en")("One line only, no breaks at all.")
    mark_line_starts(doc)
    assert [t.is_sent_start for t in doc][1:] == [None] * (len(doc) - 1)


@pytest.mark.model
def test_paragraphs_parser_keeps_line_boundaries(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ministers Agree on Pipeline\nby Lena Park\nThe two governments signed the accord on Friday.")
    sents = [s.text.strip() for s in doc.sents]
    assert "by Lena Park" in sents
    assert any(s.startswith("The two governments") for s in sents)


def test_paragraphs_hard_wrapped_prose_is_not_split() -> None:
    text = (
        "A memo written by officials from the Federal Service for Military-Technical\n"
        "Cooperation was leaked to reporters on Tuesday.\nNew line."
    )
    doc = spacy.blank("en")(text)
    mark_line_starts(doc)
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["A", "New"]  # after a line ending with a full stop; not inside the wrapped name
