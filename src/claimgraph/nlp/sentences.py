"""Sentence boundaries as plain offsets, computed once per Doc with array ops and cached on it.

``doc.sents`` builds Python Token and Span objects for every token; the stages that only need where sentences
start and end (document dating, time expressions, explanations) share this instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["sentence_spans", "sentence_chars", "has_sentences"]

_KEY = "claimgraph.sentence_spans"


def sentence_spans(doc: Doc) -> list[tuple[int, int, int, int]]:
    """``(start_token, end_token, start_char, end_char)`` for each sentence, in order (cached on the Doc)."""
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return list(cached)
    from spacy.attrs import IDX, LENGTH, SENT_START

    arr = doc.to_array([SENT_START, IDX, LENGTH]) if len(doc) else None
    # (doc.has_annotation would build a Token per token; the array says the same: 0 everywhere = no boundaries)
    flags = arr[:, 0].tolist() if arr is not None else []
    if not flags:
        spans: list[tuple[int, int, int, int]] = []
    elif not any(flags[1:]):
        spans = [(0, len(doc), 0, doc[-1].idx + len(doc[-1].text_with_ws))]
    else:
        assert arr is not None
        starts = [i for i, flag in enumerate(flags) if flag == 1 or i == 0]
        idx = arr[:, 1].tolist()
        length = arr[:, 2].tolist()
        spans = []
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else len(doc)
            spans.append((s, e, idx[s], idx[e - 1] + length[e - 1]))
    doc.user_data[_KEY] = spans
    return spans


def sentence_chars(doc: Doc) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of each sentence."""
    return [(sc, ec) for _, _, sc, ec in sentence_spans(doc)]


def has_sentences(doc: Doc) -> bool:
    """Whether sentence boundaries were set (by a parser, senter or rule), cheaply."""
    return len(sentence_spans(doc)) > 1 or (len(doc) > 0 and bool(doc.to_array("SENT_START")[1:].any()))
