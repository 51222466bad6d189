"""``claimgraph.paragraphs.v1``: line structure ends sentences.

Articles put headlines, bylines, datelines and paragraphs on lines of their own, often without a full stop
("...Sales to China. Why?" / "by Mark ..." / "The Kremlin has ..."). spaCy's parser would happily join them into one
sentence, which then becomes one event's "evidence". This component runs before the parser and marks a sentence
start after a blank line, after a line that ends in terminal punctuation or an ellipsis, and after a short line (a
headline, byline or dateline). A single newline inside hard-wrapped prose (a long line with no final punctuation)
is left alone, so a name wrapped across two lines stays one sentence. The parser keeps boundaries already set.
"""

from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["FACTORY", "PIPE_NAME", "mark_line_starts"]

PIPE_NAME = "claimgraph.paragraphs.v1"
FACTORY = "claimgraph_paragraphs_v1"  # spaCy factory names cannot contain dots

_BREAK = re.compile(r"\n\s*")
_TERMINAL = tuple(".!?…:;\"”’)]")
#: A line shorter than this (headline, byline, dateline) ends its sentence even without punctuation.
SHORT_LINE = 40


def mark_line_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` after each sentence-ending line break (array lookups, no loop over tokens)."""
    text = doc.text
    if "\n" not in text or len(doc) < 2:
        return doc
    from spacy.attrs import IDX

    starts = doc.to_array(IDX).tolist()
    for m in _BREAK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.start()].rstrip()
        blank = m.group(0).count("\n") > 1
        if not (blank or line.endswith(_TERMINAL) or len(line) < SHORT_LINE):
            continue  # hard-wrapped prose: the sentence goes on
        i = bisect.bisect_left(starts, m.end())
        if 0 < i < len(doc):
            doc[i].is_sent_start = True
    return doc


@Language.component(FACTORY)
def paragraphs_component(doc: Doc) -> Doc:
    return mark_line_starts(doc)
