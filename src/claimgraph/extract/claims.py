"""Events as claims: who asserts them (attribution), how firmly (hedging) and in what mode (status).

The three questions are answered from the trigger's position in the dependency tree:

- *status* from tense, aspect and modality on the trigger's verb chain (``status_of``);
- *attribution* from the reporting verbs that govern it, ``according to X``, quotations and inline citations
  (``attribute``);
- *hedging* from hedge words on that same chain (``hedges_of``).

Conditionals ("if X were to deploy ...") are not claims at all: ``is_hypothetical`` lets the caller drop them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from ..records import Event, TimeValue
from .ontology import Lexicons, load_lexicons
from .roles import ArgResolver, doc_cache, progressive_host

__all__ = ["CITATION", "Attribution", "attribute", "status_of", "hedges_of", "is_hypothetical", "is_negated", "is_present_perfect", "presupposed",
           "is_simple_past", "distinct_times", "drop_subsumed",
           "verb_chain"]

CITATION = re.compile(r"\(([^()]{2,120}?)(?:,\s*(?:[A-Z][a-z]+\.? \d{1,2}|\d{1,2} [A-Z][a-z]+|\d{4}))[^()]*\)")
_QUOTES = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb"}


@dataclass(frozen=True)
class Attribution:
    """Who asserts a claim: ``source`` (an entity id, a phrase, or ``author``), the chain, and its hedges."""

    source: str = "author"
    chain: tuple[str, ...] = ("author",)
    hedged: bool = False
    hedges: tuple[str, ...] = ()
    alleged: bool = False


def verb_chain(tok: Token) -> list[Token]:
    """The trigger and the heads it hangs from up to the sentence root (the scope of modality and reporting);
    cached per document, callers must not modify the list."""
    cache = doc_cache(tok.doc)
    key = ("chain", tok.i)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = _verb_chain(tok)
    return hit


def _verb_chain(tok: Token) -> list[Token]:
    chain = [tok]
    t = tok
    while t.head.i != t.i and len(chain) < 12:
        t = t.head
        chain.append(t)
    return chain


def is_hypothetical(tok: Token, lex: Lexicons | None = None) -> bool:
    """True when the trigger sits in a conditional clause ("if PRC forces were to deploy ...")."""
    lex = lex or load_lexicons()
    chain = verb_chain(tok)
    for t in chain:
        for c in t.children:
            if c.dep_ in ("mark", "advmod") and c.lower_ in lex["conditional_marks"]:
                return True
        if t.dep_ in ("ROOT",):
            break
    if presupposed(tok):
        return False
    # wishes and modal temporal clauses are not claims that something happened: "both want to keep fighting",
    # "before the systems can be deployed"
    for t in chain[1:]:
        if t.pos_ == "VERB" and t.lemma_.lower() in lex["desire_verbs"]:
            return True
        if t.dep_ == "ROOT":
            break
    for t in chain:
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in lex["irrealis_marks"] for c in t.children) \
                and any(a.lower_ in lex["ability_modals"] for a in _aux(t)):
            return True
        if t.dep_ == "ROOT":
            break
    # the consequent of a conditional: "(if X were to ...,) Russia would object"
    verbs = [t for t in chain if t.pos_ in ("VERB", "AUX")]
    if verbs and any(a.lower_ in ("would", "might") for a in _aux(verbs[0])):
        for t in chain:
            for c in t.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in lex["conditional_marks"]
                                             for m in c.children):
                    return True
    return False


def presupposed(tok: Token) -> bool:
    """A definite event noun ("the ongoing conflict", "Russia's annexation") presupposes its event: negation or
    modality around it ("is keen not to get drawn into the war") does not make it a non-event."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return any((c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
               or (c.dep_ == "amod" and c.lower_ in ("ongoing", "continuing", "current", "recent"))
               for c in tok.children)


def _until_clause(v: Token) -> bool:
    """True when ``v`` carries an "until"/"till" phrase or clause ("did not ... until March")."""
    return any(c.lower_ in ("until", "till", "before") and c.dep_ in ("prep", "mark", "advmod")
               or c.dep_ == "advcl" and any(m.lower_ in ("until", "till") for m in c.children if m.dep_ == "mark")
               for c in v.children)


def is_negated(tok: Token, lex: Lexicons | None = None) -> bool:
    """True when the event itself is negated, not reported as denied: "did not sign", "neither X nor Y have issued
    statements", "no deal was reached". Such non-events are not claims of an event (a denial by a party -- "a claim
    Beijing has denied" -- is, and keeps its ``denied`` status)."""
    lex = lex or load_lexicons()
    if presupposed(tok):
        return False
    chain = verb_chain(tok)
    verbs = [t for t in chain if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep"]
    # the trigger's verb up to the first finite one: "has no interest in talking" negates the talking
    for v in verbs[:3]:
        if any(c.dep_ == "neg" for c in v.children):
            # "was not made public until a year later": not-until asserts the event, at the later time
            return not _until_clause(v)
        if any(p.lower_ == "neither" for c in v.children if c.dep_ in ("nsubj", "nsubjpass") for p in c.children):
            return True
        if any(p.dep_ == "det" and p.lower_ == "no" for c in v.children if c.dep_ in ("nsubjpass", "dobj")
               for p in c.children):
            return True  # "no new deals were announced", "announced no new deals"
        if v.tag_ in ("VBD", "VBZ", "VBP", "MD") or v.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "conj"):
            break
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def is_present_perfect(tok: Token) -> bool:
    """True for "has suspended", "is withholding": present tense auxiliaries on the trigger's verb."""
    verbs = [t for t in verb_chain(tok) if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return False
    auxes = [a for a in _aux(verbs[0])]
    return any(a.lower_ in ("has", "have", "is", "are", "am") for a in auxes) and verbs[0].tag_ in ("VBN", "VBG")


def is_simple_past(tok: Token) -> bool:
    """True when the verb carrying the trigger's tense is a simple past ("signed", "was signed")."""
    verbs = [t for t in verb_chain(tok) if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return False
    v = verbs[0]
    auxes = [a.lower_ for a in _aux(v)]
    return v.tag_ == "VBD" or (v.tag_ == "VBN" and any(a in ("was", "were") for a in auxes))


def _aux(t: Token) -> list[Token]:
    return [c for c in t.children if c.dep_ in ("aux", "auxpass")]


def status_of(tok: Token, lex: Lexicons | None = None) -> str:
    """Status from tense/aspect/modality: occurred, ongoing, expected, planned, alleged or denied.

    Precedence, strongest first: denial (negation on the trigger's verb or a denying verb above it), allegation
    markers, planning verbs/nouns governing it, future or expectation, progressive/continuative aspect, then the
    default ``occurred``.
    """
    lex = lex or load_lexicons()
    chain = verb_chain(tok)
    # the verb that carries tense: the trigger if it is a verb, else the verb governing the (noun) trigger
    verbs = [t for t in chain if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep"]  # not "following X"
    main = verbs[0] if verbs else tok
    local = chain[: chain.index(main) + 1] if main in chain else chain[:1]
    # catenative chains carry their modality on the first verb: "should begin receiving", "is to deliver"
    top = main
    while top.dep_ == "xcomp" and top.head.i != top.i and top.head.pos_ in ("VERB", "AUX") and len(local) < 12:
        top = top.head
        local.append(top)

    def words_near(ts: list[Token]) -> set[str]:
        out: set[str] = set()
        for t in ts:
            out.add(t.lower_)
            out.update(c.lower_ for c in t.children if c.dep_ in ("neg", "advmod", "aux", "auxpass", "amod", "det"))
        return out

    near = words_near(local)
    if {"not", "never", "n't"} & {c.lower_ for c in main.children if c.dep_ == "neg"} and not _until_clause(main):
        return "denied"
    if any(p.lower_ == "neither" for c in main.children if c.dep_ in ("nsubj", "nsubjpass") for p in c.children):
        return "denied"  # "neither Moscow nor Beijing have issued statements"
    for t in chain[1:6]:
        if t.lemma_.lower() in lex["denial_verbs"] and t.pos_ == "VERB":
            return "denied"
    if near & lex["alleged_markers"]:
        return "alleged"
    future = any(a.lower_ in lex["future_aux"] for v in local for a in _aux(v)) or bool(
        near & {"forthcoming", "upcoming"})
    for t in chain[1:]:
        if t.lower_ in ("seems", "seem", "seemed") or (t.lemma_ == "appear" and t.pos_ == "VERB"):
            # "it appears that investment will be forthcoming": a hedged expectation, not an allegation
            return "expected" if future else "alleged"
    # planning: "plans to deploy", "is looking to deploy", "considering setting up", "decision to deploy"
    for t in chain:
        lem = t.lemma_.lower()
        if t.i != tok.i and t.pos_ == "VERB" and lem in lex["plan_verbs"]:
            return "planned"
        if t.i != tok.i and t.pos_ == "NOUN" and (lem in lex["plan_nouns"] or t.lower_ in lex["plan_nouns"]):
            return "planned"
        if t.i != tok.i and t.pos_ == "ADJ" and lem in lex["plan_adjectives"]:
            return "planned"  # "Japan is ready to halt purchases of Iranian crude"
        if (t.dep_ in ("ccomp",) and t.i != tok.i) or t.dep_ == "relcl":
            break  # a relative clause has its own modality: "the system, which both sides oppose"
    if tok.lemma_.lower() in ("plan", "intend"):
        return "planned"
    if tok.lemma_.lower() in lex["expect_verbs"] and tok.pos_ in ("ADJ", "VERB"):
        return "expected"  # "the squadrons are due by 2023", "India expects its squadrons next year"
    if tok.dep_ == "pobj" and tok.head.lower_ == "since" and tok.pos_ == "NOUN":
        return "occurred"  # "since the invasion": the start of a period is past
    auxes = [a.lower_ for v in local for a in _aux(v)]
    if any(a in lex["obligation_modals"] for a in auxes) and tok.pos_ in ("VERB", "NOUN"):
        return "planned"  # "Russia must also provide training": an obligation still to be met
    if any(a in lex["future_aux"] for a in auxes) or any(a in ("may", "might", "could", "would") for a in auxes):
        return "expected"
    for t in chain[1:5]:
        if t.lemma_.lower() in lex["expect_verbs"]:
            return "expected"
        if t.lemma_ == "be" and any(c.dep_ == "xcomp" and c.i > t.i for c in t.children) and t.tag_ in ("VBZ", "VBP"):
            return "expected"
    if near & {"forthcoming", "upcoming", "future", "further", "next"} and main.tag_ not in ("VBD",):
        return "expected" if not verbs or main.tag_ not in ("VBD", "VBN") else "occurred"
    if near & lex["ongoing_markers"] or any(c.lower_ == "ongoing" for c in tok.children):
        return "ongoing"
    if progressive_host(main, lex["progressive_nouns"]) is not None:
        return "ongoing"  # "the spare parts are in the midst of being shipped"
    for t in chain[1:4]:
        if t.lemma_.lower() in ("continue", "keep", "remain"):
            return "ongoing"
    if main.tag_ == "VBG" and any(a in ("is", "are", "am", "'s", "'re", "been") for a in auxes):
        return "ongoing"
    if main.tag_ == "VBG" and any(c.lemma_ == "be" and c.dep_ in ("aux",) for c in main.children):
        return "ongoing"
    if main.lemma_ in ("become",) and main.tag_ in ("VBG", "VBN", "VBZ"):
        return "ongoing"
    if any(c.dep_ == "prep" and c.lower_ == "since" for t in (tok, main) for c in t.children) and not any(
            c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ in ("first", "last")) for c in tok.children):
        return "ongoing"  # "has been dependent on ... since the 1990s"; not "his first visit since 2019"
    if tok.pos_ == "NOUN" and main.i != tok.i and main.tag_ in ("VBZ", "VBP"):
        # a nominal event under a present-tense predicate is a standing state of affairs
        # ("their joint opposition ... provides an example", "violating the sanctions")
        return "ongoing"
    return "occurred"


def hedges_of(tok: Token, sent: Span, lex: Lexicons | None = None, sent_low: str | None = None) -> tuple[str, ...]:
    """Hedge words that scope over the trigger: on its verb chain or attached to it, plus sentence phrases."""
    lex = lex or load_lexicons()
    found: list[str] = []
    chain = verb_chain(tok)
    for t in chain:
        if t.lower_ in lex["hedges"] and t.i != tok.i:
            lo, hi = sorted((t.i, tok.i))
            if not any(x.text == ";" for x in tok.doc[lo:hi]):
                found.append(t.lower_)
        for c in t.children:
            if c.dep_ in ("advmod", "aux", "auxpass", "amod", "parataxis", "neg", "conj") and c.lower_ in lex["hedges"]:
                lo, hi = sorted((c.i, tok.i))
                if c.dep_ in ("parataxis", "conj") and any(x.text == ";" for x in tok.doc[lo:hi]):
                    continue  # "...; it appears that": a new clause, not a hedge on this one
                if c.lower_ in ("could", "may", "might") and t.dep_ == "ROOT" and t.i != chain[0].i and t.lemma_ != "be":
                    continue
                found.append(c.lower_)
    low = sent.text.lower() if sent_low is None else sent_low
    for ph in lex.phrases.get("hedge_phrases", ()):
        if ph in low:
            rel = low.index(ph)
            # a sentence-level hedge scopes over what follows it in its own clause ("it appears that ...")
            if sent.start_char + rel < tok.idx and ";" not in low[rel:tok.idx - sent.start_char]:
                found.append(ph)
    return tuple(dict.fromkeys(found))


def _quote_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quotation (open, close offsets) that contains [start, end), if any."""
    window_start = max(0, start - 4000)
    for open_q, close_q in _QUOTES.items():
        o = text.rfind(open_q, window_start, start)
        if o < 0:
            continue
        c = text.find(close_q, o + 1)
        if open_q == close_q:
            # straight quotes: inside when an odd number of quotes precede the trigger in the paragraph
            para = text.rfind("\n\n", 0, start) + 1
            if text.count('"', para, start) % 2 == 1:
                c = text.find('"', start)
                return (o, c) if c > 0 else None
            continue
        if c < 0 or c >= end:
            return (o, c if c > 0 else len(text))
    return None


def attribute(tok: Token, sent: Span, source_of: Callable[[Token], str | None],
              lex: Lexicons | None = None, quote_speaker: Callable[[int], str | None] | None = None,
              doc_text: str | None = None) -> Attribution:
    """Attribution of the claim triggered by ``tok``.

    ``source_of(token)`` names the source behind a reporting verb's subject or an ``according to`` object (an
    entity id or a noun phrase, None when nothing usable). ``quote_speaker(offset)`` names the speaker of a
    quotation opening at ``offset``. Sources found: governing reporting verbs (outermost first), ``according to
    X``, ``it was widely reported`` (unnamed media), ``reportedly`` (unnamed reports), quotation speakers and
    inline citations such as ``(TASS, March 21)``.
    """
    lex = lex or load_lexicons()
    chain_srcs: list[str] = []
    alleged = False
    for t in verb_chain(tok)[1:]:
        if t.pos_ != "VERB" or t.lemma_.lower() not in lex["reporting_verbs"]:
            if t.pos_ == "VERB" and t.lemma_.lower() in lex["expect_verbs"]:
                # "with India expecting them to arrive in December": the expectation is the holder's claim
                holder = [c for c in t.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
                who = source_of(holder[0]) if holder else None
                if who:
                    chain_srcs.append(who)
            continue
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        agent = [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        src: str | None = None
        if agent:
            src = source_of(agent[0])
        elif subj and subj[0].dep_ == "nsubj" and subj[0].lower_ not in ("it", "this", "that", "which"):
            src = source_of(subj[0])
        elif subj:
            mod = {c.lower_ for c in t.children if c.dep_ == "advmod"}
            src = lex.values.get("unnamed_media", "unnamed media") if ("widely" in mod or t.lemma_ == "report") else None
        if src:
            chain_srcs.append(src)
        if t.lemma_.lower() in lex["alleging_verbs"]:
            alleged = True
    chain_srcs.reverse()
    text = sent.doc.text if doc_text is None else doc_text
    sent_low = text[sent.start_char:sent.end_char].lower()
    # according to X
    for t in (sent if "according to" in sent_low else ()):
        if t.lower_ == "according" and t.i + 1 < len(sent.doc) and sent.doc[t.i + 1].lower_ == "to":
            pobj = [c for c in sent.doc[t.i + 1].children if c.dep_ == "pobj"]
            src = source_of(pobj[0]) if pobj else None
            if src:
                chain_srcs.insert(0, src)
    if any(c.lower_ == "reportedly" for t in verb_chain(tok)[:4] for c in t.children) or (
            "reportedly" in sent_low and not chain_srcs):
        chain_srcs.append(lex.values.get("unnamed_reports", "unnamed reports"))
    # quotations
    q = _quote_span(text, tok.idx, tok.idx + len(tok))
    if q is not None and quote_speaker is not None:
        spk = quote_speaker(q[0])
        if spk:
            chain_srcs.insert(0, spk)
    # inline citation at the end of the sentence: "(Xinhua, March 22)"
    if not chain_srcs:
        tail = text[sent.start_char:min(len(text), sent.end_char + 2)]
        found = list(CITATION.finditer(tail))
        m = found[-1] if found else None
        if m is not None and sent.start_char + m.start() > tok.idx:
            name = m.group(1).split(";")[0].split(",")[0].strip()
            if name and name[0].isupper() and not name.lower().startswith("see "):
                chain_srcs.append(name)
    hedges = hedges_of(tok, sent, lex, sent_low)
    chain = tuple(dict.fromkeys(["author", *chain_srcs]))
    return Attribution(source=chain[-1], chain=chain, hedged=bool(hedges), hedges=hedges, alleged=alleged)


# --- one claim per event: repeated mentions ---


def distinct_times(a: TimeValue | None, b: TimeValue | None) -> bool:
    """Two times the text gives (not defaults) that cannot name the same time ("2019" and "2021"; "2020" and
    "2020-07" may): mentions so dated are different events."""
    if a is None or b is None or a.text is None or b.text is None:
        return False
    return not (a.value.startswith(b.value) or b.value.startswith(a.value))


#: Statuses that can describe one claim: a mention merges only with another of the same family (a planned deal is
#: not the sale that realised it; an alleged opposition is not the opposition the author reports as fact).
STATUS_FAMILY = {"occurred": "real", "ongoing": "real", "planned": "future", "expected": "future",
                 "alleged": "alleged", "denied": "denied"}


def same_status_family(a: str, b: str) -> bool:
    return STATUS_FAMILY.get(a, a) == STATUS_FAMILY.get(b, b)


def phases_apart(status_a: str, when_a: TimeValue | None, status_b: str, when_b: TimeValue | None) -> bool:
    """A dated past event and one still under way are two phases, not one claim repeated: "received its first
    shipment in May 2018, but some parts are still being delivered"."""
    return {status_a, status_b} == {"occurred", "ongoing"} and (
        (status_a == "occurred" and when_a is not None) or (status_b == "occurred" and when_b is not None))


def drop_subsumed(events: list[Event], res: ArgResolver, ontology: Mapping[str, Any],
                   fresh: set[str] | frozenset[str] = frozenset()) -> list[Event]:
    """Later, vaguer mentions of an event already extracted are the same claim: "Russia suspended S-400
    deliveries to China ... the suspension of S-400 deliveries". An event whose actor, target and item are each
    unknown or equal to those of an earlier event of the same type (parties unordered for symmetric types)
    adds nothing; a more specific later mention replaces a vaguer earlier one. Speech acts are never merged."""

    blocs = set(load_lexicons().table("bloc_adjectives").values())

    def party(eid: str | None, text: str | None) -> str | None:
        # an unlinked phrase is an unknown party, except a bloc ("Western countries" is not Russia's sanctioner)
        return (res.state_of(eid) or eid) if eid else (text if text in blocs else None)

    def slots(e: Event) -> tuple[str | None, str | None, str | None]:
        return party(e.actor, e.actor_text), party(e.target, e.target_text), e.item or e.item_text

    def covers(big: Event, small: Event) -> bool:
        if distinct_times(big.when, small.when) or not same_status_family(big.status, small.status):
            return False
        if phases_apart(big.status, big.when, small.status, small.when):
            return False
        (ba, bt, bi), (sa, st, si) = slots(big), slots(small)
        if ontology[big.type].symmetric and {ba, bt} >= {sa, st} - {None}:
            return si is None or si == bi
        return all(x is None or x == y for x, y in ((sa, ba), (st, bt), (si, bi)))

    kept: list[Event] = []
    for e in events:
        if e.type == "statement" or e.actor is None and e.actor_text is None or e.id in fresh:
            kept.append(e)
            continue
        same = [i for i, k in enumerate(kept) if k.type == e.type]
        if any(covers(kept[i], e) for i in same):
            continue
        vaguer = [i for i in same if covers(e, kept[i])]
        if vaguer:
            kept[vaguer[0]] = e
            for i in reversed(vaguer[1:]):
                del kept[i]
            continue
        kept.append(e)
    return kept
