"""Competing explanations: causal claims, who offers them, what they explain, and the author's stance.

A sentence with a causal marker from ``data/lexicons/causal.yaml`` ("because", "due to", "the reason",
"is worried that", "an alternative explanation: ...") yields a candidate; adjacent candidates offered by the same
source form one explanation (a quoted passage often gives one reason in three sentences). Then:

* ``attributed_to``: the speaker of the quotation the marker sits in (the nearest named source introducing it),
  else "according to X", else the subject of a reporting verb ("Some officials have spoken about how ..."), else
  ``"author"``;
* ``event``: an event reported in the same sentence (not the cause itself), else the document's main event (the
  first non-statement event, the headline's or lead's);
* ``stance``: reject/endorse cues in the explanation itself, then in the sentences that follow it (before the
  next explanation), then in the sentence before it. An author's own explanation with no cue is endorsed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from .._yaml import load_yaml
from ..errors import ConfigError
from ..records import Document, Event, Explanation, make_id

__all__ = ["CausalLexicon", "load_lexicon", "extract_explanations"]

_NON_EXPLAINED = frozenset({"statement", "other"})
_OPEN_Q = "“«\""
_CLOSE_Q = "”»\""
_SENT_RE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"”’)]*|\n|$)")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_SOURCE_LABELS = ("ORG", "PERSON", "NORP", "GPE")


@dataclass(frozen=True)
class _Marker:
    phrase: str
    cause: str
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class CausalLexicon:
    markers: tuple[_Marker, ...]
    reporting_verbs: frozenset[str]
    rejects: tuple[re.Pattern[str], ...]
    endorses: tuple[re.Pattern[str], ...]

    @cached_property
    def any_marker(self) -> re.Pattern[str]:
        """All marker phrases in one pattern, longest first: its first match in a span is the first marker
        there, and the longest one at a tie, as searching every marker separately would find."""
        alts = [r"\s+".join(re.escape(w) for w in m.phrase.split()) for m in self.markers]
        return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _phrase_re(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


def parse_lexicon(data: Mapping[str, Any], path: str = "causal.yaml") -> CausalLexicon:
    """Validate and compile a parsed lexicon (raises ConfigError E004 naming the problem)."""
    def bad(reason: str) -> ConfigError:
        return ConfigError("E004", path=path, reason=reason)

    markers = []
    for i, m in enumerate(data.get("markers") or []):
        if not isinstance(m, Mapping) or not isinstance(m.get("phrase"), str):
            raise bad(f"markers[{i}] needs a 'phrase'")
        cause = m.get("cause", "after")
        if cause not in ("after", "before", "sentence"):
            raise bad(f"markers[{i}].cause must be after|before|sentence, not {cause!r}")
        markers.append(_Marker(m["phrase"], cause, str(m.get("kind", "connective")), _phrase_re(m["phrase"])))
    if not markers:
        raise bad("no markers")
    # longest phrases first, so "because of" wins over "because"
    markers.sort(key=lambda m: -len(m.phrase))
    stance = data.get("stance") or {}
    return CausalLexicon(
        markers=tuple(markers),
        reporting_verbs=frozenset(str(v) for v in data.get("reporting_verbs") or []),
        rejects=tuple(_phrase_re(p) for p in stance.get("rejects") or []),
        endorses=tuple(_phrase_re(p) for p in stance.get("endorses") or []),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> CausalLexicon:
    """The packaged lexicon, read and validated once per process."""

    text = resources.files("claimgraph").joinpath("data/lexicons/causal.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, Mapping):
        raise ConfigError("E004", path="data/lexicons/causal.yaml", reason="top level must be a mapping")
    return parse_lexicon(data, "data/lexicons/causal.yaml")


def _sentences(doc: Any, text: str) -> list[tuple[int, int]]:
    """Sentence spans from the parse (else from punctuation), always cut at line breaks: a paragraph break
    ends a sentence even when the parser runs on past an ellipsis."""
    if doc is not None and doc.has_annotation("SENT_START"):
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        spans = [(m.start(), m.end()) for m in _SENT_RE.finditer(text)]
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for m in re.finditer(r"[^\n]+", text[a:b]):
            if m.group().strip():
                out.append((a + m.start(), a + m.end()))
    return out


class _Quotes:
    """Where quotations open and close in a text, scanned once (curly, guillemet or straight quotes)."""

    def __init__(self, text: str) -> None:
        self.events: list[int] = []  # positions of quote characters, in order
        self.state: list[int | None] = []  # the open quotation's start just after each of them
        opened: int | None = None
        for m in _QUOTE_CHARS.finditer(text):
            i, ch = m.start(), m.group()
            if ch in "“«":
                opened = i
            elif ch in "”»":
                opened = None
            else:
                opened = None if opened is not None else i
            self.events.append(i)
            self.state.append(opened)

    def open_at(self, pos: int) -> int | None:
        """Start of the quotation that contains ``pos``, or None."""
        k = bisect.bisect_left(self.events, pos) - 1
        return self.state[k] if k >= 0 else None


_QUOTE_CHARS = re.compile(r'[“«”»"]')


def _clean(s: str) -> str:
    return " ".join(s.strip(" ,;:.!?—-–\n\"“”").split())


def _subject_source(doc: Any, start: int, end: int, verbs: frozenset[str]) -> str | None:
    """Subject of a reporting verb in [start, end): "Some officials have spoken ..." -> "Some officials"."""
    if doc is None or not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.lemma_.lower() not in verbs and tok.text.lower() not in verbs:
            continue
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        for child in tok.children:
            if child.dep_ in _SUBJECT_DEPS:
                drop: set[int] = set()
                for t in child.subtree:
                    if t is not child and t.dep_ in ("relcl", "appos", "acl", "punct"):
                        drop.update(x.i for x in t.subtree)
                keep = [t for t in child.subtree if t.i not in drop]
                words = " ".join(t.text for t in keep)
                if words.lower() in ("i", "we", "it", "this", "that"):
                    return "author"
                return words
    return None


_ACCORDING = re.compile(r"\b[Aa]ccording to (?:the |a |an )?([^,.;:!?“”\"]{2,60})")
_FROM = re.compile(r"\b(?:comes|came|come|is|are) from ((?:the\s+)?(?:[A-Z][\w.'’-]*|outlet|agency|newspaper|daily)"
                   r"(?:\s+(?:[A-Z][\w.'’-]*|outlet|agency|newspaper|daily))*)")


def _named_source(
    doc: Any, text: str, start: int, end: int, verbs: frozenset[str], subj_end: int | None = None
) -> str | None:
    """Who offers what [start, end) says: "according to X", "comes from X", else a reporting verb's subject
    before ``subj_end``."""
    seg = text[start:end]
    m = _ACCORDING.search(seg)
    if m:
        return " ".join(_clean(m.group(1)).split()[:6])
    m = _FROM.search(seg)
    if m:
        cand = _clean(m.group(1))
        if doc is not None:
            s0 = start + m.start(1)
            ents = [e for e in doc.ents if e.start_char >= s0 and e.end_char <= s0 + len(m.group(1))
                    and e.label_ in ("ORG", "PERSON")]
            if ents:
                return str(ents[-1].text)
        return cand.split()[-1] if cand.split()[0].lower() in ("the",) else cand
    return _subject_source(doc, start, subj_end or end, verbs)


def _stance(segments: Sequence[str], lex: CausalLexicon) -> str | None:
    for seg in segments:
        rej = [m.span() for p in lex.rejects for m in p.finditer(seg)]
        endo = [m.span() for p in lex.endorses for m in p.finditer(seg)
                if not any(r[0] <= m.start() and m.end() <= r[1] for r in rej)]
        if rej and not endo:
            return "rejects"
        if endo and not rej:
            return "endorses"
        if rej and endo:
            return "rejects" if min(r[0] for r in rej) < min(e[0] for e in endo) else "endorses"
    return None


@dataclass
class _Cand:
    sent: int
    start: int
    end: int
    marker: _Marker
    cause: str
    source: str
    quote: int | None
    marker_start: int = 0
    marker_end: int = 0


def _cause_text(text: str, s0: int, s1: int, m: re.Match[str], marker: _Marker) -> str:
    if marker.cause == "after":
        c = _clean(text[m.end() : s1])
        if c.startswith(":"):
            c = c[1:]
        colon = text.find(":", m.end(), s1)
        if marker.kind == "noun" and colon != -1:
            c = _clean(text[colon + 1 : s1])
        return c or _clean(text[s0:s1])
    if marker.cause == "before":
        return _clean(text[s0 : m.start()]) or _clean(text[s0:s1])
    return _clean(text[s0:s1])


def _local_event(c: _Cand, events: Sequence[Event], main: Event | None) -> Event | None:
    """The event a marker's own sentence explains: on the effect side of the marker ("X because Y": X before
    the marker; "Y led to X": X after it). Sentence-wide markers (motives: "Moscow is tired of ...") describe
    the cause itself, so they explain the document's main event. A restatement of the main event (same type
    and actor) is the main event."""
    if c.marker.cause == "sentence":
        return None
    for e in events:
        if e.type in _NON_EXPLAINED or e.evidence.text in c.cause:
            continue
        effect_side = e.evidence.start < c.marker_start if c.marker.cause == "after" else e.evidence.end > c.marker_end
        if not effect_side:
            continue
        if main is not None and e.type == main.type and e.actor == main.actor:
            return main
        return e
    return None


def _main_event(events: Sequence[Event]) -> Event | None:
    ranked = sorted(events, key=lambda e: (e.type in _NON_EXPLAINED, e.evidence.start))
    return ranked[0] if ranked else None


def extract_explanations(
    doc: Any, document: Document, events: Sequence[Event], *, lexicon: CausalLexicon | None = None
) -> list[Explanation]:
    """Causal claims of one document, each linked to the event it explains.

    ``doc`` is the spaCy ``Doc`` of ``document.text`` (a parse improves attribution; sentence boundaries are
    taken from it when present, else from punctuation). ``events`` are that document's events.
    """
    lex = lexicon or load_lexicon()
    text = document.text
    sents = _sentences(doc, text)
    cands: list[_Cand] = []
    quotes = _Quotes(text)
    for i, (s0, s1) in enumerate(sents):
        hit = lex.any_marker.search(text, s0, s1)
        if hit is None:
            continue
        # the marker that matched there: the longest phrase first, as the combined pattern tried them
        found = next(
            (mk, mm) for mk in lex.markers if (mm := mk.pattern.match(text, hit.start(), s1)) is not None
        )
        marker, abs_m = found
        qopen = quotes.open_at(abs_m.start())
        if qopen is not None:
            intro = next(((a, b) for a, b in sents if a <= qopen < b), (s0, s1))
            src = _named_source(doc, text, intro[0], qopen, lex.reporting_verbs) or "author"
        else:
            q_in = next((k for k in range(s0, s1) if text[k] in _OPEN_Q), s1)
            src = _named_source(doc, text, s0, min(q_in, s1), lex.reporting_verbs, abs_m.start()) or "author"
        cands.append(_Cand(i, s0, s1, marker, _cause_text(text, s0, s1, abs_m, marker), src, qopen,
                           abs_m.start(), abs_m.end()))
    # merge adjacent candidates from one source into one explanation
    groups: list[list[_Cand]] = []
    for c in cands:
        prev = groups[-1][-1] if groups else None
        # one source's reason spread over a quotation, or over adjacent sentences of a reported source; the
        # author's own consecutive reasons ("Finally, ...") stay separate
        if prev and prev.source == c.source and (
            (c.quote is not None and c.quote == prev.quote) or (prev.sent + 1 >= c.sent and c.source != "author")
        ):
            groups[-1].append(c)
        else:
            groups.append([c])
    cand_source = {c.sent: c.source for c in cands}
    by_sent_events: dict[int, list[Event]] = {}
    for ev in events:
        for i, (s0, s1) in enumerate(sents):
            if s0 <= ev.evidence.start < s1:
                by_sent_events.setdefault(i, []).append(ev)
    main = _main_event(events)
    out: list[Explanation] = []
    for group in groups:
        first, last = group[0], group[-1]
        own = [text[c.start : c.end] for c in group]
        after: list[str] = []
        j = last.sent + 1
        while j < len(sents) and len(after) < 3:
            if j in cand_source:
                # a run of alternatives offered by others ("Some say ... Others say ...") shares the verdict
                # that follows the run; an explanation of the author's own ends the window
                if first.source == "author" or cand_source[j] == "author":
                    break
            else:
                after.append(text[sents[j][0] : sents[j][1]])
            j += 1
        before = [text[sents[first.sent - 1][0] : sents[first.sent - 1][1]]] if first.sent > 0 else []
        stance = _stance(own, lex) or _stance(after, lex) or _stance(before, lex)
        if stance is None:
            stance = "endorses" if first.source == "author" else "neutral"
        cause = "; ".join(c.cause for c in group)  # one clause per sentence of the run, kept apart
        event = None
        for c in group:
            event = _local_event(c, by_sent_events.get(c.sent, []), main)
            if event:
                break
        event = event or main
        out.append(Explanation(
            id=make_id("ex", document.id, first.start, last.end),
            document=document.id,
            cause=cause,
            evidence=_span(text, first.start, last.end),
            event=event.id if event else None,
            attributed_to=first.source,
            stance=stance,
            marker=first.marker.phrase,
        ))
    return out


def _span(text: str, start: int, end: int) -> Any:
    from ..records import Span

    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])
