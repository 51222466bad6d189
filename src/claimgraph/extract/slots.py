"""The slots of an event that come from collaborators: its time and its amounts.

Times come from ``extract.timex`` and amounts from ``extract.quantities``, called per sentence only for the
sentences that yield events, behind cheap gates (a sentence with no digit, month or temporal word has no time).
A collaborator that is missing or fails degrades to "nothing found": the event is kept without the slot.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from spacy.tokens import Span, Token

from ..records import Money, Quantity, TimeValue
from .ontology import Lexicons
from .roles import clause_head, clause_tokens
from .triggers import ARMS_TYPES

__all__ = ["LATER", "Amounts", "anchored_time", "anniversary_years", "find_times", "pick_amounts", "pick_time", "resolve_time",
           "sentence_amounts", "shift"]

log = logging.getLogger(__name__)

_MONEY_TYPES = ARMS_TYPES | {"loan", "investment", "prepayment", "trade", "agreement", "sanction"}
LATER = re.compile(r"\b(later|earlier|afterwards|after that|before that|the following|the next|the previous)\b", re.I)


def find_times(text: str, anchor: str | None, offset: int = 0, reference: str | None = None) -> list[TimeValue]:
    """Times in one sentence via ``extract.timex`` (document offsets); ``reference`` is the previous time."""
    if not _MAYBE_TIME.search(text):
        return []
    try:
        from . import timex
    except ImportError:
        return []
    try:
        try:
            return list(timex.find_times(text, anchor, offset, reference=reference))
        except TypeError:  # an older two-argument find_times
            return [shift(t, offset) for t in timex.find_times(text, anchor)]
    except Exception:  # a collaborator's bug must not lose the document's events
        log.exception("timex.find_times failed")
        return []


def resolve_time(expr: str, anchor: str | None, reference: str | None) -> TimeValue | None:
    try:
        from . import timex
    except ImportError:
        return None
    try:
        return timex.resolve(expr, anchor, reference)
    except TypeError:
        return None
    except Exception:
        log.exception("timex.resolve failed")
        return None


# Cheap gates before calling the collaborators: a sentence with none of these cannot hold a time or an amount.
# Deliberately generous (a false "maybe" only costs the call).
_MAYBE_TIME = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|\b(?:ago|last|next|later|earlier|recent\w*|now|today|tonight|yesterday|tomorrow|week\w*|month\w*|year\w*|"
    r"decade\w*|centur\w*|since|until|spring|summer|autumn|fall|winter|current\w*|previous\w*|past|coming|"
    r"upcoming|soon|onward\w*|this|that time|same time|earlier|former\w*|eve|anniversar\w*)\b", re.I)
_MAYBE_AMOUNT = re.compile(
    r"\d|[$€£¥₽]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred\w*|"
    r"thousand\w*|million\w*|billion\w*|trillion\w*|dozen\w*|score\w*|dollar\w*|euro\w*|rouble\w*|ruble\w*|"
    r"yuan|renminbi|rupee\w*|yen|pound\w*|a pair|several|couple)\b", re.I)

Amounts = tuple[list[tuple[Quantity, int, int]], list[tuple[Money, int, int]]]


def _spanned(items: Sequence[Any], text: str) -> list[tuple[Any, int, int]]:
    """Normalise ``[(value, start, end)]`` or ``[value]`` (located by its ``text``) to spans in ``text``."""
    out: list[tuple[Any, int, int]] = []
    for it in items:
        if isinstance(it, tuple):
            out.append((it[0], int(it[1]), int(it[2])))
            continue
        at = text.find(it.text) if getattr(it, "text", None) else -1
        if at >= 0:
            out.append((it, at, at + len(it.text)))
    return out


def sentence_amounts(text: str) -> Amounts:
    """Quantities and money of one sentence, with spans relative to ``text``."""
    if not _MAYBE_AMOUNT.search(text):
        return [], []
    try:
        from . import quantities as q
    except ImportError:
        return [], []
    try:
        finder = getattr(q, "find_quantities_spans", None) or q.find_quantities
        return _spanned(finder(text), text), _spanned(q.find_money(text), text)
    except Exception:
        log.exception("quantities failed")
        return [], []


_TEMPORAL_PREPS = {"after", "before", "during", "following", "since", "at", "on", "by"}


def anchored_time(tok: Token, sent: Span, event_times: Mapping[str, TimeValue]) -> TimeValue | None:
    """A time given by reference to an event already dated: "told the media after the visit", "at the end of
    the trip" take the time of the latest visit/trip extracted before."""
    if not event_times:
        return None
    low = sent.text.lower()
    if not any(lemma in low for lemma in event_times):
        return None  # no earlier event named here: nothing to anchor on
    verbs = [t for t in [tok, *tok.ancestors] if t.pos_ in ("VERB", "AUX")][:1] or [tok]
    # the trigger's own verb first, then any temporal phrase of the sentence (parsers often misattach them)
    preps = [c for v in verbs for c in v.children] + list(sent)
    for prep in preps:
        if prep.dep_ != "prep" or prep.lower_ not in _TEMPORAL_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            nouns = [obj] + [p2 for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                             for p2 in c.children if p2.dep_ == "pobj"]
            for n in nouns:
                hit = event_times.get(n.lemma_.lower())
                if hit is not None:
                    return TimeValue(hit.value, None, end=hit.end, relative=True)
    return None


def shift(t: TimeValue, offset: int) -> TimeValue:
    if t.start_char is None:
        return t
    from dataclasses import replace
    if t.start_char >= offset:  # already document offsets
        return t
    return replace(t, start_char=t.start_char + offset,
                   end_char=(t.end_char + offset) if t.end_char is not None else None)


_SUBCLAUSE = frozenset({"ccomp", "xcomp", "advcl", "acl", "relcl", "pcomp"})


# participles that only say when the event of the clause above them begins ("the navy, starting in 2028, will
# receive ...")
_ONSET_PARTICIPLES = frozenset({"start", "begin", "commence", "beginning", "starting"})


def _continues_event(head: Token, own: Token) -> bool:
    """A clause below the trigger's that goes on telling the same event rather than its own: the open complement
    of the trigger ("is expected [to be delivered by 2030]", "agreed [to supply ...]"), or an onset participle."""
    if head.dep_ == "xcomp" and head.head.i == own.i:
        return True
    return head.tag_ == "VBG" and head.lemma_.lower() in _ONSET_PARTICIPLES


def _in_noun_phrase(noun: Token, clause: Token) -> bool:
    """``clause`` (an acl/relcl) belongs to the phrase of ``noun``: below it, or below a prepositional phrase
    that directly follows it but was attached to its verb ("presented the paper [on a settlement], published
    last month")."""
    if noun in clause.ancestors:
        return True
    nxt = noun.right_edge.i + 1
    return any(a.dep_ == "prep" and a.i == nxt and a.head.i == noun.head.i for a in clause.ancestors)


def _in_parentheses(tok: Token) -> bool:
    """``tok`` lies inside an open parenthesis of its sentence (an inline citation: "(TASS, March 21)"). Reads
    tokens, never ``Doc.text``, which rebuilds the whole text on every access."""
    depth = 0
    for t in tok.doc[tok.sent.start:tok.i]:
        if t.text == "(":
            depth += 1
        elif t.text == ")" and depth:
            depth -= 1
    return depth > 0


def _coordinated(a: Token, b: Token) -> bool:
    """Clause heads ``a`` and ``b`` lie on branches joined by coordination ("X in May 2018, but Y ..."): the
    path between them passes a ``conj`` edge."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return False
    for path in (up_a, up_b):
        for t in path:
            if t.i == common.i:
                break
            if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"):
                return True
    return False


def pick_time(times: list[TimeValue], tok: Token, prev: TimeValue | None, anchor: str | None,
              own_clause_only: bool = False) -> TimeValue | None:
    """The time expression of the sentence nearest to the trigger (relative-to-previous uses ``prev``).
    With ``own_clause_only``, a time of a coordinated clause is not taken ("received a first batch in May 2018,
    but parts are still being delivered": May 2018 does not date what is still under way)."""
    if not times:
        return None
    own_clause = clause_head(tok)
    doc = tok.doc

    def rank(t: TimeValue) -> tuple[int, int]:
        """Syntax first, then distance: a time inside the trigger's phrase, then one of its clause, then one of a
        clause above it ("Two years ago, X called for ..."), and only then a time of another clause ("although
        for now, ..."), which dates something else."""
        if t.start_char is None:
            return 3, 10_000
        dist = abs(t.start_char - tok.idx)
        span = doc.char_span(t.start_char, t.end_char or t.start_char + 1, alignment_mode="expand")
        if span is None or not len(span):
            return 2, dist
        root = span.root
        head = clause_head(root)
        if head.i == own_clause.i:
            return (0 if root.i != tok.i and tok in root.ancestors else 1), dist
        if head in own_clause.ancestors:
            if own_clause_only and _coordinated(own_clause, head):
                return 4, dist  # a coordinated clause ("X happened in May, but Y ...") dates its own event
            return 2, dist
        if own_clause_only and _coordinated(own_clause, head):
            return 4, dist
        if own_clause in head.ancestors and head.i != tok.i and _continues_event(head, own_clause):
            return 2, dist  # "expected to be delivered by 2030", "starting in mid-2028 will receive"
        if own_clause in head.ancestors and head.pos_ == "VERB" and head.i != tok.i and head.dep_ in _SUBCLAUSE \
                and not (tok.pos_ in ("NOUN", "PROPN") and _in_noun_phrase(tok, head)) \
                and not _in_parentheses(root):
            return 4, dist  # a clause below the trigger's with its own verb dates that verb's event
        return 3, dist

    best_rank, best = min(((rank(t), t) for t in times), key=lambda x: x[0])
    if best_rank[0] == 4:
        return None
    if prev is not None and best.text and LATER.search(best.text):
        again = resolve_time(best.text, anchor, prev.value)
        if again is not None:
            return again
    return best


def pick_amounts(sent: Span, tok: Token, etype: str, text: str,
                  cache: dict[int, Amounts]) -> tuple[Quantity | None, Money | None]:
    """The quantity and money inside the trigger's phrase or clause (nearest to the trigger)."""
    if sent.start not in cache:
        cache[sent.start] = sentence_amounts(text[sent.start_char:sent.end_char])
    qs, ms = cache[sent.start]
    if not qs and not ms:
        return None, None
    toks = list(tok.subtree) + clause_tokens(tok)
    lo = min(t.idx for t in toks) - sent.start_char
    hi = max(t.idx + len(t) for t in toks) - sent.start_char
    here = tok.idx - sent.start_char

    def best(items: list[tuple[Any, int, int]]) -> Any:
        inside = [(abs(s - here), v) for v, s, e in items if lo <= s and e <= hi + 1]
        return min(inside, key=lambda x: x[0])[1] if inside else None

    qty = best([(q, s, e) for q, s, e in qs if q.unit])
    money = best(ms) if etype in _MONEY_TYPES else None
    return qty, money


def anniversary_years(tok: Token, lex: Lexicons) -> int:
    """N for an event named as "the N-year/Nth anniversary of" it, else 0."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "of" or prep.head.lemma_.lower() != "anniversary":
        return 0
    numbers = lex.table("number_words")
    for t in prep.head.subtree:
        if t.i >= prep.head.i:
            break
        word = t.lower_.rstrip("stndrh") if t.lower_[:1].isdigit() else t.lower_
        if word.isdigit():
            return int(word)
        if word in numbers:
            return int(numbers[word])
    return 0
