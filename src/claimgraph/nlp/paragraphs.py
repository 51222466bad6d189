"""``claimgraph.paragraphs.v1``: line structure ends sentences.

Articles put headlines, bylines, datelines and paragraphs on lines of their own, often without a full stop
("...Sales to China. Why?" / "by Mark ..." / "The Kremlin has ..."). spaCy's parser would happily join them into one
sentence, which then becomes one event's "evidence". This component runs before the parser and marks a sentence
start after a blank line, after a line that ends in terminal punctuation or an ellipsis, and after a short line (a
headline, byline or dateline). A single newline inside hard-wrapped prose (a long line with no final punctuation)
is left alone, so a name wrapped across two lines stays one sentence. The parser keeps boundaries already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["FACTORY", "PIPE_NAME", "mark_line_starts"]

PIPE_NAME = "claimgraph.paragraphs.v1"
FACTORY = "claimgraph_paragraphs_v1"  # spaCy factory names cannot contain dots

_TERMINAL = tuple(".!?…:;\"”’)]")
#: A line shorter than this (headline, byline, dateline) ends its sentence even without punctuation.
SHORT_LINE = 40


def _newlines(strings: object, orth: int, cache: dict[int, int]) -> int:
    n = cache.get(orth)
    if n is None:
        n = cache[orth] = strings[orth].count("\n")  # type: ignore[index]
    return n


def mark_line_starts(doc: Doc) -> Doc:
    """Set ``is_sent_start`` after each sentence-ending line break.

    Works on token arrays (ORTH, IDX): newlines always sit in whitespace tokens of their own, so no Token objects
    are built except for the few tokens that get a boundary (``doc.text`` would rebuild the whole text).
    """
    if len(doc) < 2:
        return doc
    from spacy.attrs import IDX, ORTH

    arr = doc.to_array([ORTH, IDX])
    orths, idx = arr[:, 0].tolist(), arr[:, 1].tolist()
    strings = doc.vocab.strings
    cache = _CACHE.setdefault(id(doc.vocab), {})
    line_start = 0
    for i, orth in enumerate(orths):
        breaks = _newlines(strings, orth, cache)
        if not breaks:
            continue
        last = strings[orths[i - 1]].rstrip() if i > 0 else ""
        line_len = idx[i] - line_start
        line_start = idx[i] + len(strings[orth])
        if not (breaks > 1 or last.endswith(_TERMINAL) or line_len < SHORT_LINE):
            continue  # hard-wrapped prose: the sentence goes on
        if i + 1 < len(doc) and not _newlines(strings, orths[i + 1], cache):
            doc[i + 1].is_sent_start = True
    return doc


#: Per vocabulary: orth id -> how many newlines its string holds.
_CACHE: dict[int, dict[int, int]] = {}


@Language.component(FACTORY)
def paragraphs_component(doc: Doc) -> Doc:
    return mark_line_starts(doc)
