"""Typed events with roles, extracted as attributed claims.

How it works, and why it stays cheap: all trigger rules (``data/rules/*.jsonl``, spaCy Matcher-style token
patterns) are compiled ONCE per process and vocabulary into hash indexes (lemma -> one-word rules, first token ->
phrase rules). A single pass over the tokens yields candidate triggers; everything after that (typing by the
trigger's arguments, roles, claims) only walks the local dependency neighbourhood of each candidate. There is
no per-rule loop over the tokens.

Typing looks past the trigger word: a rule may require context lemmas near the trigger ("suspend" +
"deliveries" -> arms_delivery_delay), a weapon in its clause (``sell`` + S-400 -> arms_order) or its absence
(``export`` of oil -> trade). Modules: ``triggers`` (rules -> candidates), ``roles`` (arguments, coreference),
``claims`` (status, attribution, hedges), ``slots`` (time and amounts); this module assembles the claims.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from spacy.tokens import Doc, Token

from ..records import Document, Entity, Event, Mention, TimeValue, make_id
from . import claims as _claims
from .ontology import Lexicons, load_lexicons, load_ontology
from .roles import (
    Arg,
    ArgResolver,
    amount_np,
    as_party,
    clause_tokens,
    governing_verb,
    nearest_state,
    weapon_origin,
)
from .slots import LATER, Amounts, anchored_time, anniversary_years, find_times, pick_amounts, pick_time
from .triggers import ARMS_TYPES, Candidate, find_candidates, get_matcher, item_scope, subject_tokens

__all__ = ["extract_events", "get_matcher", "Candidate"]

log = logging.getLogger(__name__)

_ARMS = ARMS_TYPES
_MAX_PER_TRIGGER = 4
# relations whose joint subject names both parties ("Moscow and Beijing stopped ...")
_PAIRED = {"meeting", "agreement", "consultation", "defense_cooperation", "military_exercise", "armed_clash", "other",
           "trade"}
# organisations whose statements are political acts (companies and publishers are not)
_SPEAKING_ORGS = {"ministry", "military", "government_body", "agency", "embassy", "party", "legislature",
                  "international", "court", "media", "government", None}
_VERBAL = {"statement", "accusation", "opposition"}
_NO_AMOUNTS = _VERBAL | {"visit", "meeting", "consultation", "espionage_case", "other", "opposition"}
_RELATIONAL = {"visit", "meeting", "agreement", "consultation", "defense_cooperation"}
# relations whose two parties "the two sides", "both leaders" later refer to
_BILATERAL = _RELATIONAL | {"military_exercise", "trade", "investment", "loan"} | _ARMS

# --- optional collaborators (other modules of the pipeline); absent ones degrade to "nothing found" ---

# --- candidate selection ---

# --- arguments ---

def _is_source_np(tok: Token, res: ArgResolver, lex: Lexicons) -> bool:
    """A media source: an outlet ("Sohu", "TASS") or a phrase headed by a source noun ("Indian media")."""
    eid = res.entity_at(tok)
    if eid is not None:
        ent = res.entities.get(eid)
        return bool(ent and ent.attributes.get("kind") in ("media", "news", "outlet", "news_agency"))
    return tok.lemma_.lower() in lex["source_nouns"] or tok.lower_ in lex["source_nouns"]


def _deal_noun(tok: Token, deps: tuple[str, ...], lex: Lexicons) -> Token | None:
    """The deal noun ("the contract") that verb ``tok`` takes in one of ``deps``, or that it modifies as a
    participle ("the contract, signed in 2018")."""
    objs = [ch for ch in tok.children if ch.dep_ in deps]
    if tok.dep_ == "acl":
        objs.append(tok.head)
    return next((o for o in objs if o.lemma_.lower() in lex["deal_nouns"] and o.pos_ == "NOUN"), None)


def _referenced_deal(earlier: Sequence[Event], kinds: frozenset[str], since: int = 0,
                     prefer: tuple[Callable[[Event], object], ...] = (bool,)) -> Event | None:
    """The deal a later "the contract" refers back to: the latest claim of one of ``kinds`` (with an actor, not
    denied, its evidence from character ``since`` on) meeting the first preference that any meets."""
    near = [e for e in earlier if e.type in kinds and e.actor and e.status != "denied" and e.evidence.start >= since]
    for ok in prefer:
        found = [e for e in near if ok(e)]
        if found:
            return found[-1]
    return None


def _deal_parties(deal: Event) -> tuple[list[Arg], list[Arg]]:
    return ([Arg(deal.actor, deal.actor_text or deal.actor or "")],
            [Arg(deal.target, deal.target_text or deal.target)] if deal.target is not None else [])


def _deal_disclosure(tok: Token, earlier: Sequence[Event], lex: Lexicons) -> tuple[list[Arg], list[Arg]] | None:
    """An agentless passive disclosure of a deal ("the contract was not revealed until months later") is a
    statement by the parties of the latest deal claimed before it; None when ``tok`` is no such disclosure."""
    if tok.lemma_.lower() not in lex["disclosure_verbs"] or any(
            ch.dep_ == "agent" for ch in tok.children):
        return None
    if not any(ch.dep_ == "nsubjpass" and ch.lemma_.lower() in lex["deal_nouns"] for ch in tok.children):
        return None
    deal = _referenced_deal(earlier, _ARMS | {"agreement"})
    return _deal_parties(deal) if deal is not None else None


_BRIDGE_WINDOW = 80  # tokens back to the system a generic weapon noun ("the squadrons") refers to
_DEAL_REACH = 2000  # characters back to the arms deal a definite "the contract" refers to


def _institution_speaker(verb: Token, tok: Token, res: ArgResolver, lex: Lexicons) -> Arg | None:
    """"A foreign ministry spokesman said ...", with no state named: the institution is the salient state's,
    never a state the statement itself names (it speaks about Washington, not for it)."""
    subj = [ch for ch in verb.children if ch.dep_ == "nsubj"]
    if not subj or subj[0].lemma_.lower() not in lex["institution_speakers"]:
        return None
    named = {st for t in tok.subtree if (e := res.entity_at(t)) and (st := res.state_of(e))}
    salient = [x for x in res.salient_states(tok.i, 3) if x not in named]
    return Arg(salient[0], res.np_text(subj[0]), subj[0].i) if salient else None


def _elaborates(sent: Any, lex: Lexicons) -> bool:
    """The sentence opens with an elaboration connective ("In particular, ...", "Specifically, ...")."""
    head = " ".join(t.lower_ for t in sent[:3])
    return any(head.startswith(p + " ") or head.startswith(p + ",") for p in lex["elaboration_openers"])


def _additive(tok: Token, lex: Lexicons) -> bool:
    """An additive focus adverb on the trigger's clause ("Russia is also considering a naval base") introduces
    one more event, not the one just told again."""
    t = tok
    for _ in range(8):  # up through catenative verbs ("is also considering setting up a base")
        if any(ch.dep_ == "advmod" and ch.lower_ in lex["additive_adverbs"] for ch in t.children):
            return True
        if t.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _earlier_deal(tok: Token, earlier: Sequence[Event], lex: Lexicons) -> Event | None:
    """The arms deal that a signed definite deal noun with no weapon of its own refers back to ("The contract was
    signed in 2014", "The contract, signed in October 2018, ..."), when one was claimed shortly before."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex["signing_verbs"]:
        return None
    noun = _deal_noun(tok, ("nsubjpass", "dobj"), lex)
    if noun is None or not any(ch.dep_ in ("det", "poss") and ch.lower_ in ("the", "this", "that", "its", "their")
                               for ch in noun.children):
        return None
    if any(ch.dep_ == "prep" and ch.lower_ in ("on", "with", "between", "to") for ch in noun.children):
        return None  # "the agreement on trade", "the deal with Iran": named by its own phrase
    # the latest order of a named system to a known buyer, else the latest arms claim naming one, else any
    return _referenced_deal(earlier, _ARMS, since=tok.idx - _DEAL_REACH, prefer=(
        lambda e: e.type == "arms_order" and e.item and e.target, lambda e: e.item and e.target,
        lambda e: e.item, lambda e: e.item_text))


def _roles(c: Candidate, res: ArgResolver, lex: Lexicons) -> tuple[list[Arg], list[Arg]] | None:
    """(actors, targets) for a candidate; None when the candidate is not an event after all."""
    tok = c.token
    rule = c.rule
    actors: list[Arg] = []
    targets: list[Arg] = []
    if tok.pos_ in ("VERB", "AUX", "ADJ") or tok.dep_ == "ROOT":
        verb = tok if tok.pos_ != "ADJ" else (tok.head if tok.dep_ in ("acomp", "amod") else tok)
        subj, _passive = res.subject_of(verb)
        if tok.pos_ == "ADJ" and not subj:
            subj, _ = res.subject_of(tok.head)
        direct, preps = res.objects_of(tok)
        if rule.speaker and tok.lemma_.lower() in lex["alleging_verbs"] and not any(
                ch.dep_ == "ccomp" for ch in tok.children):
            return None  # "claimed by Japan": a territorial claim, not speech
        if rule.speaker and tok.lemma_.lower() in lex["naming_verbs"] and (not any(
                ch.dep_ in ("oprd", "ccomp", "xcomp") or (ch.dep_ == "prep" and ch.lower_ == "as")
                for ch in tok.children) or any(ch.tag_ in ("WP", "WDT") for ch in tok.children)):
            # "called Xi on Monday" is a contact, and "what both sides call a partnership" quotes a term:
            # neither is a statement of what something is
            return None
        if rule.type == "statement" and subj and not any(a.entity for a in subj):
            speaker = _institution_speaker(verb, tok, res, lex)
            if speaker is not None:
                subj = [speaker]
        if rule.speaker:
            # a statement is a political act: by a state, its agents and officials, an organisation or the
            # media; what analysts "say" is kept as the attribution of the claims they make, not as an event
            subj_tok = [ch for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")]
            if subj_tok and subj_tok[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                subj_tok = [verb.head]  # "Indian media, which has circulated the story"
            if not subj or (subj_tok and subj_tok[0].pos_ == "PRON" and subj_tok[0].tag_ != "PRP$"):
                return None
            if not subj_tok and len([a for a in subj if res.etype(a.entity) == "STATE"]) < 2:
                return None  # an inherited subject ("met X and vowed ...") only for a joint actor
            if not any(_official(res, a) for a in subj) and not (subj_tok and _is_source_np(subj_tok[0], res, lex)):
                return None
        ctrl = res.object_controller(verb) if rule.subject == "target" else None
        if ctrl is not None:
            # "the US pressed Seoul into accepting THAAD": Seoul accepts it, at the presser's instance
            targets = ctrl[0]
            actors = [a for a in res.subject_of(ctrl[1])[0] if a.entity and res.etype(a.entity) == "STATE"]
        elif rule.subject == "target":
            targets = subj
            actors = [a for a in preps if a.entity] if any(ch.lower_ == "from" for ch in tok.children) else []
            if not actors:
                actors = [a for a in direct if a.entity and res.etype(a.entity) == "STATE"] if tok.pos_ == "ADJ" else []
            if not actors and rule.object == "actor":
                actors = [a for a in direct if a.entity]  # "Delhi will host Putin": the guest visits the host
        elif rule.subject == "cause":
            actors = direct
            targets = []  # filled from the event the cause refers to ("this move"), see extract_events
        elif rule.subject == "item":
            # "the first squadron arrived in India": the subject is what is delivered, a place its recipient;
            # "gas from Siberia flowed into China": a "from" phrase names where it comes from
            holder = verb.head if verb.dep_ == "xcomp" and not subject_tokens(verb) else verb
            origin = [p for t in subject_tokens(holder) if t.dep_ == "prep" and t.lower_ == "from"
                      for p in t.children if p.dep_ == "pobj"]
            actors = [a for p in origin for a in res.args_of_np(p) if a.entity and res.state_of(a.entity)]
            actors = [Arg(res.state_of(a.entity), a.text, a.token) for a in actors]
            src = {a.entity for a in actors}
            targets = [a for a in preps if a.entity and res.etype(a.entity) in ("STATE", "PLACE")
                       and res.state_of(a.entity) not in src]
        else:
            actors = subj
            targets = [a for a in direct if a.entity or _propn(a, res)] + [a for a in preps if a.entity]
            if not targets and rule.type in ("statement", "accusation", "opposition"):
                targets = [a for a in direct if a.entity] or []
        if rule.type == "statement" and not [a for a in targets if a.entity]:
            # "urged X to ...", "called for X to ...", "declared that US presence ...": X is the addressee/topic
            for ch in tok.children:
                if ch.dep_ in ("ccomp", "xcomp", "advcl"):
                    for sj in ch.children:
                        if sj.dep_ in ("nsubj", "nsubjpass"):
                            cand = [a for a in res.args_of_np(sj) if a.entity] or res.modifier_states(sj)
                            mine = {res.state_of(a.entity) for a in subj}
                            targets = targets + [a for a in cand if res.state_of(a.entity) and res.state_of(a.entity) not in mine]
            if not targets:
                mine = {res.state_of(a.entity) for a in subj}
                for ch in tok.children:
                    if ch.dep_ in ("ccomp", "xcomp") and not targets:
                        for t in ch.subtree:
                            eid = res.entity_at(t)
                            if eid and res.etype(eid) == "STATE" and eid not in mine:
                                targets = [Arg(eid, t.text, t.i)]
                                break
    else:
        mods = res.modifier_states(tok)
        agent = [p for ch in tok.children if ch.dep_ == "acl" for a in ch.children if a.dep_ == "agent"
                 for p in a.children if p.dep_ == "pobj"]
        _direct, preps = res.objects_of(tok)
        if agent:
            actors = res.args_of_np(agent[0])
        elif mods:
            actors = mods[:1] if len({m.entity for m in mods}) == 1 else mods
        if not actors and tok.dep_ == "appos":
            actors = [a for a in res.args_of_np(tok.head) if a.entity]
        if not actors:
            # "talks in which the two presidents settled terms": the participants are the relative clause's subject
            for rc in tok.children:
                if rc.dep_ == "relcl":
                    for sj in rc.children:
                        if sj.dep_ == "nsubj" and sj.tag_ not in ("WDT", "WP"):
                            actors = [a for a in res.args_of_np(sj) if a.entity]
        gov = governing_verb(tok)
        if not actors and gov is not None and (tok.dep_ in ("dobj", "attr", "oprd") or (
                tok.dep_ == "conj" and tok.head.dep_ in ("dobj", "attr"))):
            subj, passive = res.subject_of(gov) if gov.pos_ != "ADJ" else res.subject_of(gov.head)
            if subj and tok.dep_ not in ("nsubj", "nsubjpass"):
                actors = subj
        if not actors and gov is not None and tok.dep_ == "pobj" and tok.head.lower_ in ("with", "through", "via") \
                and tok.head.head.i == gov.i and gov.pos_ == "VERB":
            # an instrument: "kept Rosneft afloat with prepayments": the subject pays, the object is paid
            actors = [a for a in res.subject_of(gov)[0] if a.entity]
            if actors and not targets:
                targets = [a for ch in gov.children if ch.dep_ == "dobj" for a in res.args_of_np(ch) if a.entity]
        if rule.subject == "target" and actors:
            targets, actors = actors, []
        targets = targets + [a for a in preps if a.entity and a.entity not in {x.entity for x in actors}]
        if (actors or rule.implicit_actor) and not targets:
            # "Russia's annexation of Crimea", "the invasion of Ukraine": the "of" object is the patient
            for ch in tok.children:
                if ch.dep_ == "prep" and ch.lower_ == "of":
                    for p in ch.children:
                        if p.dep_ == "pobj":
                            targets = [a for a in res.args_of_np(p)
                                       if res.state_of(a.entity) or (a.entity or "").lower() in lex.table("de_jure_state")]
        if not actors and len(targets) >= 2 and any(ch.lower_ == "between" for ch in tok.children):
            actors, targets = targets[:1], targets[1:2]
    if len(actors) >= 2 and not targets and (rule.type in _PAIRED or (
            tok.pos_ == "NOUN" and rule.type not in ("statement", "opposition", "accusation", "sanction"))):
        # "China and Russia signed ...", "the India-China conflict": the parties of a relation
        actors, targets = actors[:1], actors[1:2]
    return actors, targets


def _official(res: ArgResolver, a: Arg) -> bool:
    """A state, an organisation, or a person who acts for a state."""
    if a.entity is None:
        return False
    et = res.etype(a.entity)
    ent = res.entities.get(a.entity)
    attrs = ent.attributes if ent is not None else {}
    if et == "ORG":
        return attrs.get("kind") in _SPEAKING_ORGS
    return et == "STATE" or (et == "PERSON" and bool(attrs.get("role")) and res.state_of(a.entity) is not None)


def _good_actor(res: ArgResolver, a: Arg, lex: Lexicons, etype: str = "statement") -> bool:
    """An actor worth an event: a linked entity, or a phrase naming a group by its state ("Indian media"); a
    media source acts only in speech (it reports, it does not cooperate or trade)."""
    if a.entity is not None:
        return True
    if a.token < 0:
        return False
    t = res.doc[a.token]
    if t.pos_ == "PROPN":
        return True
    source = t.lemma_.lower() in lex["source_nouns"] or t.lower_ in lex["source_nouns"]
    if source and etype not in _VERBAL:
        return False
    return bool(res.modifier_states(t)) and (source
                                             or t.lemma_.lower() in lex["state_agent_nouns"]
                                             or t.lemma_.lower() in ("company", "firm", "source", "writer", "bank"))




def _is_event_anaphor(tok: Token, lex: Lexicons) -> bool:
    """The trigger's subject is a demonstrative event noun: "this move", "the decision", "that step"."""
    heads = [tok, tok.head] if tok.dep_ == "conj" else [tok]  # "pleased X but angered Y"
    for h in heads:
        for c in h.children:
            if c.dep_ in ("nsubj", "csubj") and c.lemma_.lower() in lex["event_anaphors"]:
                return any(d.lower_ in ("this", "that", "the", "such") for d in c.children)
    return False




def _governing_prep(res: ArgResolver, a: Arg) -> str | None:
    """The preposition an argument's phrase hangs from ("against" in "against a North Korean threat")."""
    if a.token < 0:
        return None
    for t in res.doc[a.token].ancestors:
        if t.dep_ == "prep":
            return t.lower_
        if t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _reported_anaphor(tok: Token, lex: Lexicons) -> bool:
    """The trigger's object is a demonstrative source noun: "circulated this story", "confirmed the reports"."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass") and (c.lower_ in lex["source_nouns"] or c.lemma_.lower() in lex["source_nouns"]):
            return any(d.lower_ in ("this", "that", "these", "those", "the", "such") for d in c.children)
    return False


def _propn(a: Arg, res: ArgResolver) -> bool:
    return a.token >= 0 and res.doc[a.token].pos_ == "PROPN"


def _state(res: ArgResolver, a: Arg) -> str | None:
    return res.state_of(a.entity)






# --- the public entry point ---

class SentenceTimes:
    """Times of each sentence, computed on demand (only sentences that yield events pay for timex).

    ``times_of(n)``: with ``with_ref`` the latest time of the two sentences before is the reference of anaphoric
    expressions ("eight months later"). A date inside an inline citation "(Xinhua, March 22)" dates the report:
    it is the event's time only when the sentence gives no other. ``previous_time(n)``: the latest point in time
    in the two sentences before ``n`` and the sentence it is in; spans ("over the past decade", "from 2014 to
    2016") describe a period, not the date of a later event, and are passed over.
    """

    def __init__(self, sents: Sequence[Any], text: str, anchor: str | None) -> None:
        self.sents, self.text, self.anchor = sents, text, anchor
        self.memo: dict[tuple[int, bool], list[TimeValue]] = {}

    def times_of(self, n: int, with_ref: bool = True) -> list[TimeValue]:
        key = (n, with_ref)
        if key in self.memo:
            return self.memo[key]
        text = self.text
        s = self.sents[n]
        chunk = text[s.start_char:s.end_char]
        ref: str | None = None
        if with_ref and LATER.search(chunk):  # only anaphoric expressions need the reference
            prev = self.previous_time(n)
            ref = prev[0].value if prev else None
        elif with_ref:
            self.memo[key] = self.times_of(n, with_ref=False)
            return self.memo[key]
        times = find_times(chunk, self.anchor, s.start_char, ref)
        if times:
            cites = [(m.start(), m.end())
                     for m in _claims.CITATION.finditer(text, s.start_char, min(len(text), s.end_char + 2))]
            own = [t for t in times if t.start_char is None or not any(a <= t.start_char < b for a, b in cites)]
            times = own or times[:1]  # only citation dates: the first source's date bounds the event
        self.memo[key] = times
        return times

    def previous_time(self, n: int) -> tuple[TimeValue, int] | None:
        for m in (n - 1, n - 2):
            if m >= 0:
                ts = [t for t in self.times_of(m, with_ref=False) if t.end is None]
                if ts:
                    return ts[-1], m
        return None


def sources(res: ArgResolver, lex: Lexicons) -> tuple[Callable[[Token], str | None], Callable[[int], str | None]]:
    """``source_of(token)``: the source a noun phrase names (an entity id, ids joined by "and", or a phrase such
    as "Indian media"); ``quote_speaker(offset)``: the nearest party named before a quotation at ``offset``."""

    def source_of(t: Token) -> str | None:
        for src_tok in [t]:
            lemma = src_tok.lemma_.lower()
            if lemma in lex["source_nouns"] or src_tok.lower_ in lex["source_nouns"]:
                agent = [p for ch in src_tok.children if ch.dep_ == "prep" and ch.lower_ in ("by", "from", "in")
                         for p in ch.children if p.dep_ == "pobj"]
                if agent:
                    return source_of(agent[0])
            args = res.args_of_np(src_tok)
            ids = [a.entity for a in args if a.entity]
            if ids and lemma not in lex["source_nouns"]:
                return ids[0] if len(ids) == 1 else " and ".join(ids)
            # an unlinked phrase is a source only when it names one ("Indian media", "some officials")
            if src_tok.pos_ == "PROPN" or lemma in lex["source_nouns"] or lemma in lex["state_agent_nouns"] or (
                    lemma in lex["source_people"]):
                return res.np_text(src_tok)
            return None
        return None

    def quote_speaker(offset: int) -> str | None:
        for _i, m in reversed(res.ordered):
            if m.start >= offset:
                continue
            if offset - m.end > 400:
                break
            if res.etype(m.entity) in ("ORG", "PERSON", "STATE"):
                return m.entity
        return None

    return source_of, quote_speaker


def extract_events(doc: Doc, document: Document, mentions: Sequence[Mention],
                   entities: Mapping[str, Entity]) -> list[Event]:
    """Typed events of one parsed document, each an attributed claim with its evidence span.

    Relative times are resolved against ``document.published`` (an ISO prefix or None); a time relative to an
    earlier one ("eight months later") uses the previous sentence's time as reference.
    """
    lex = load_lexicons()
    ontology = load_ontology()
    res = ArgResolver(doc, mentions, entities, lex)
    cands = find_candidates(doc, res, lex)
    triggers: dict[int, str] = {}
    for cand in cands:
        triggers.setdefault(cand.token.i, cand.type)
    doc.user_data["claimgraph.rule_triggers"] = triggers  # the trained layer's rule features (extract.learned)
    if not cands:
        return []
    text = document.text if document.text else doc.text
    anchor = document.published
    sent_qty: dict[int, Amounts] = {}
    sents = list(doc.sents)
    st = SentenceTimes(sents, text, anchor)
    times_of, previous_time = st.times_of, st.previous_time

    out: list[Event] = []
    event_times: dict[str, TimeValue] = {}  # trigger lemma -> time of the latest such event, for "after the visit"
    seen: dict[tuple[Any, ...], int] = {}
    fresh: set[str] = set()  # events introduced as new referents ("new deals"): never merged with earlier ones
    reported: dict[str, tuple[int, int]] = {}  # statement id -> character range of what it reports
    sentence_source: dict[int, str] = {}  # sentence index -> the source speaking in it (a speaker or a cited one)

    source_of, quote_speaker = sources(res, lex)

    for c in cands:
        tok = c.token
        sent = sents[res.sent_idx[tok.i]]
        if _claims.is_hypothetical(tok, lex) or _claims.is_negated(tok, lex):
            continue
        deal = _earlier_deal(tok, out, lex) if c.type == "agreement" else None
        roles = _roles(c, res, lex) if deal is None else _deal_parties(deal)
        if roles is None:
            roles = _deal_disclosure(tok, out, lex)
        if roles is None:
            continue
        actors, targets = roles
        etype = c.type if deal is None else "arms_order"
        if etype == "statement" and tok.pos_ == "NOUN" and tok.dep_ == "dobj" and (
                tok.head.lemma_.lower() in lex["signing_verbs"]):
            etype = "agreement"  # "the two leaders signed a joint statement": a signed text binds its signatories
        clause = clause_tokens(tok)
        scope = item_scope(tok, res)
        sub = list(tok.subtree)
        items: list[tuple[str | None, str | None, Token | None]] = list(res.weapons_in(sub, tok))
        if c.rule.subject == "item":
            scope = scope + subject_tokens(tok)
        if not items and (tok.pos_ not in ("NOUN", "PROPN") or c.rule.weapon):
            items = list(res.weapons_in(scope, tok))  # a noun's scope adds a "for" phrase parsed on its verb
        if deal is not None and not items:
            items = [(deal.item, deal.item_text, None)]
        if not items and etype in ("trade", "prepayment"):
            extra = (subject_tokens(tok.head) if tok.dep_ == "xcomp" else []) if c.rule.subject == "item" else []
            for t in [*tok.subtree, *scope, *extra]:
                if t.lemma_.lower() in lex["commodities"] and t.pos_ == "NOUN":
                    items = [(None, res.np_text(t), t)]
                    break
        if not items:
            items = [(None, None, None)]
        item, item_text, item_tok = items[0]
        # accusation: a claim that another state did something
        if c.rule.id.startswith("statement.say") and tok.lemma_.lower() in lex["alleging_verbs"]:
            for ch in tok.children:
                if ch.dep_ == "ccomp":
                    subj, _ = res.subject_of(ch)
                    others = [a for a in subj if a.entity and res.state_of(a.entity)
                              and res.state_of(a.entity) not in {res.state_of(x.entity) for x in actors}]
                    if others:
                        etype, targets = "accusation", others
        if etype in _ARMS and item is None and c.rule.subject == "item":
            # "the remaining four squadrons are due": a generic weapon noun refers back to the system last named
            named = res.last_weapon_before(tok.i)
            if named is not None:
                items = [named]
                item, item_text, item_tok = named
        if etype in _ARMS and item is None and item_tok is not None and len(items) == 1:
            # "some components are still being delivered", after "its first S-400 shipment": parts of that
            # system; "a contract for five squadrons" just after the S-400 was named: squadrons of it
            bridged: tuple[str | None, str | None, Token] | None = res.bridged_weapon(item_tok)
            if bridged is None and item_tok.lemma_.lower() not in lex["vague_weapon_nouns"]:
                bridged = res.last_weapon_before(item_tok.i, window=_BRIDGE_WINDOW)
            if bridged is None and res.definite(item_tok):
                bridged = res.sole_weapon_before(item_tok.i)  # "the battalions": of the one system the text is about
            if bridged is not None:
                item, item_text = bridged[0], f"{bridged[1]} {res.np_text(item_tok)}"
                items = [(item, item_text, item_tok)]
        # arms: supplier = the weapon's maker; the other party is the recipient
        if etype in _ARMS:
            origin = weapon_origin(res, item, item_tok)
            act_states = {_state(res, a) for a in actors}
            if origin and origin not in act_states:
                if not targets:
                    targets = [a for a in actors if a.entity]
                elif origin in {_state(res, t) for t in targets}:
                    # "India's contract with Russia for S-400s": roles read off the phrase are the wrong way round
                    targets = [a for a in actors if a.entity] + [t for t in targets if _state(res, t) != origin]
                actors = [Arg(origin, origin.split(":", 1)[-1])]
            elif origin and not actors:
                actors = [Arg(origin, origin.split(":", 1)[-1])]
            elif origin and len(actors) > 1 and not targets:
                # "India and Russia signed a contract for S-400s": the maker supplies, the other party buys
                targets = [a for a in actors if _state(res, a) != origin]
                actors = [a for a in actors if _state(res, a) == origin][:1]
        if etype == "military_deployment" and c.rule.subject == "target" and not actors and item is not None:
            # "Seoul agreed to host THAAD": the system's owner deploys it
            origin = weapon_origin(res, item, item_tok)
            if origin and origin not in {_state(res, t) for t in targets}:
                actors = [Arg(origin, origin.split(":", 1)[-1])]
        if c.rule.subject == "target" and not actors and etype == "trade":
            src = item_tok if item_tok is not None else tok
            for a in res.modifier_states(src):
                actors = [a]
        # fallbacks from the clause: the nearest other state
        exclude = {a.entity for a in actors} | {_state(res, a) for a in actors}
        if etype == "sanction" and not actors and tok.pos_ == "NOUN":
            # "Western sanctions on Russia": a bloc named by its adjective
            blocs = lex.table("bloc_adjectives")
            actors = [Arg(None, blocs[c.lower_], -1) for c in tok.children if c.dep_ == "amod" and c.lower_ in blocs][:1]
            exclude = {a.entity for a in actors} | {_state(res, a) for a in actors}
        if not targets and etype == "sanction":
            # "X was Moscow's client following an embargo imposed by Y": the sanctioned is the subject of the
            # nearest clause the sanction is a circumstance of
            for anc in tok.ancestors:
                if anc.pos_ not in ("VERB", "AUX") or anc.dep_ == "prep":
                    continue
                subj, _ = res.subject_of(anc)
                targets = [a for a in subj if a.entity and _state(res, a) and _state(res, a) not in exclude]
                if subj:
                    break
        if not targets and etype not in ("statement", "other", "military_deployment"):
            near = nearest_state(res, clause, tok, exclude)
            if near is None and etype in _RELATIONAL:
                near = nearest_state(res, None, tok, exclude, (sent.start, sent.end))
            if near is not None:
                targets = [near]
        if not actors and etype not in ("statement",):
            near = nearest_state(res, [t for t in clause if t.i < tok.i], tok,
                                  {a.entity for a in targets} | {None})
            if near is not None:
                actors = [near]
        if not actors and targets and c.rule.implicit_actor:
            # "the annexation of Crimea", "the invasion of Ukraine": the implicit agent is the state the text is
            # talking about (discourse salience), never the patient's own state
            own = {_state(res, as_party(res, t, lex)) for t in targets}
            near = nearest_state(res, None, tok, own | {None}, (sent.start, sent.end))
            salient = [s for s in res.salient_states(tok.i, 3) if s not in own]
            if near is not None:
                actors = [near]  # a state of the same sentence first ("... was Moscow's answer")
            elif salient:
                actors = [Arg(salient[0], salient[0].split(":", 1)[-1])]
        targets = [a for a in targets if a.entity or not amount_np(res, a)]
        if etype in _ARMS and not targets and c.rule.subject == "item":
            # an arrival's recipient, when unnamed, is the state the text is about (never the supplier)
            supplier = {_state(res, a) for a in actors}
            salient = [x for x in res.salient_states(tok.i, 3) if x not in supplier]
            if salient:
                targets = [Arg(salient[0], salient[0].split(":", 1)[-1])]
        actors = [a for a in actors if _good_actor(res, a, lex, etype)
                  or (a.entity is None and a.text in lex.table("bloc_adjectives").values())]
        if c.rule.subject == "cause" and not targets and out and _is_event_anaphor(tok, lex):
            # "The step delighted Ankara and irritated Athens": the reaction targets the mover
            last = out[-1]
            if last.actor:
                targets = [Arg(last.actor, last.actor_text or last.actor)]
            if last.item and items == [(None, None, None)]:
                items = [(last.item, last.item_text, None)]
                item, item_text, item_tok = items[0]
        if etype in _VERBAL and item is None and item_text is None and out and _reported_anaphor(tok, lex):
            # "circulated this story", "confirmed the report": the story is the one just told
            last = out[-1]
            if last.item or last.item_text:
                items = [(last.item, last.item_text, None)]
                item, item_text, item_tok = items[0]
        if etype == "opposition" and not targets and item is not None:
            origin = weapon_origin(res, item, item_tok)
            if origin and origin not in {_state(res, a) for a in actors}:
                targets = [Arg(origin, origin.split(":", 1)[-1])]
        if not actors:
            continue
        if not targets and (ontology[etype].symmetric or etype == "visit" or c.rule.needs_target):
            continue
        if etype == "military_deployment":
            # "deploy X to Korea against a northern threat": the threat is not where the forces go
            targets = [t for t in targets if _governing_prep(res, t) != "against"]
        targets = [as_party(res, t, lex) for t in targets]
        targets = [t for t in targets if res.etype(t.entity) != "WEAPON_SYSTEM"]
        actor_states = {_state(res, a) for a in actors if a.entity}
        targets = [t for t in targets if not (t.entity and (_state(res, t) in actor_states or t.entity in {a.entity for a in actors}))]
        ceased = False
        if etype == "statement" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex["cessation_verbs"]:
            # "Moscow and Beijing stopped disclosing their contracts": a change of conduct between the parties
            etype = "other"
            ceased = True
            if len(actors) >= 2 and not targets:
                actors, targets = actors[:1], actors[1:2]
        pairs = _pairs(actors, targets, ontology[etype].symmetric)
        status = "ongoing" if ceased else _claims.status_of(tok, lex)  # what they stopped doing stays stopped
        if etype == "statement" and status == "occurred" and any(
                ch.dep_ in ("ccomp", "xcomp") and any(a.lower_ in ("will", "shall") for a in ch.children)
                for ch in tok.children):
            status = "planned"  # a pledge: what is stated is a commitment to act
        attr = _claims.attribute(tok, sent, source_of, lex, quote_speaker, text)
        n_here = res.sent_idx[tok.i]
        if attr.source == "author" and n_here - 1 in sentence_source and _elaborates(sent, lex):
            # "The ministry announced plans ... In particular, the army wants to station X there": the details are
            # still the ministry's
            speaker = sentence_source[n_here - 1]
            attr = dataclasses.replace(attr, source=speaker, chain=("author", speaker))
        if (attr.alleged or any(h in lex["alleged_markers"] for h in attr.hedges)) and status == "occurred":
            status = "alleged"
        n_sent = res.sent_idx[tok.i]
        prev_t = previous_time(n_sent)
        sent_times = times_of(n_sent)
        when = pick_time(sent_times, tok, prev_t[0] if prev_t else None, anchor, own_clause_only=status == "ongoing")
        if when is None and sent_times and anchor and status == "ongoing":
            # still under way, and the sentence's time dates another clause: current at publication
            when = TimeValue(anchor[:7], None, relative=True)
        if when is None and anchor and _claims.is_present_perfect(tok):
            # present perfect/progressive report recent news: the event is current at publication
            when = TimeValue(anchor[:7], None, relative=True)
        undated_past = when is None and status == "occurred" and _claims.is_simple_past(tok)
        speech_default = undated_past and etype == "statement"
        if undated_past and not speech_default and prev_t is not None:
            # narrative reference time persists: a past event with no time of its own happened at the time
            # the preceding sentences were talking about (within a short distance)
            when = TimeValue(prev_t[0].value, None, end=prev_t[0].end, relative=True)
        if when is None:
            when = anchored_time(tok, sent, event_times)
        if when is None and speech_default and anchor:
            # a speech act with no time of its own is news of the report's own days ("officials said")
            when = TimeValue(anchor[:7], None, relative=True)
        years = anniversary_years(tok, lex)
        if years and when is not None and when.value[:4].isdigit():
            # "on 24 February, a year to the day after the invasion began": the event is N years before that date
            when = dataclasses.replace(when, value=f"{int(when.value[:4]) - years:04d}{when.value[4:]}", end=None)
        # speech and contact events carry no amounts: no quantity search for them
        qty, money = (None, None) if etype in _NO_AMOUNTS else pick_amounts(sent, tok, etype, text, sent_qty)
        certainty = 1.0
        if attr.hedged:
            certainty -= 0.3
        if status in ("alleged", "expected"):
            certainty -= 0.2
        elif attr.alleged:
            certainty -= 0.35  # a plan or state of affairs that a source only claims ("X claim the US is ...")
        combos = [(a, t, it) for a, t in pairs for it in items][:_MAX_PER_TRIGGER]
        novel = any(ch.dep_ == "amod" and ch.lower_ in lex["new_referent_modifiers"] for ch in tok.children) or any(
            ch.dep_ == "det" and ch.lower_ == "another" for ch in tok.children) or (
            item is None and item_text is None and _additive(tok, lex))
        def compatible(idx: int, status: str = status, when: TimeValue | None = None) -> bool:
            """Another mention of the same claim only with a compatible status (a planned deal is not the sale
            that realised it) and no conflicting time."""
            prev = out[idx]
            return _claims.same_status_family(prev.status, status) and not (
                when is not None and _claims.distinct_times(prev.when, when)) and not _claims.phases_apart(
                prev.status, prev.when, status, when)

        for actor, target, (item, item_text, _itok) in combos:
            key: tuple[Any, ...] = (etype, (_state(res, actor) or actor.entity or actor.text) if actor else None,
                   (_state(res, target) or target.entity or target.text) if target else None, item or item_text)
            if etype == "statement":
                # speech acts are distinct claims even between the same parties
                key = key + (res.sent_idx[tok.i], c.token.i)
            elif (item or item_text) is None:
                # an item-less mention of an event already seen with its item is the same claim again
                same = [k for k in seen if k[:3] == key[:3] and compatible(seen[k], status, when)]
                if same:
                    key = same[0]
            replace_at = -1
            if novel:
                key = key + ("new", tok.i)  # "new deals", "another visit": a new referent, not the one before
            if key in seen and _claims.distinct_times(out[seen[key]].when, when):
                key = key + (when.value if when else None,)  # "in 2019 ... and in 2021": two events
            if key in seen and not compatible(seen[key], status):
                key = key + (status,)  # "likely to reach a deal" and "sold": two claims
            if key in seen:
                prev = seen[key]
                before = out[prev].when
                if when is None or (before is not None and (before.text is not None or when.text is None)):
                    continue
                replace_at = prev  # the same claim again, now with its own time: keep the timed one
            elif (item or item_text) is not None:
                bare = next((k for k in seen if k[:3] == key[:3] and k[3] is None and len(k) == 4
                             and compatible(seen[k], status, when)), None)
                if bare is not None:
                    replace_at = seen.pop(bare)  # the same claim, now with its item
                    seen[key] = replace_at
            ev_start, ev_end = sent.start_char, sent.end_char
            while ev_end > ev_start and text[ev_end - 1].isspace():
                ev_end -= 1
            a_id = actor.entity if actor else None
            t_id = target.entity if target else None
            event = (Event(
                id=make_id("ev", document.id, etype, ev_start, ev_end, a_id or (actor.text if actor else None),
                           t_id or (target.text if target else None), item or item_text, c.span.start_char),
                document=document.id, type=etype,
                evidence=_span(text, ev_start, ev_end),
                status=status, actor=a_id, target=t_id, item=item,
                actor_text=actor.text if actor else None, target_text=target.text if target else None,
                item_text=item_text, quantity=qty, value=money, when=when,
                attributed_to=attr.source, attribution_chain=attr.chain, hedged=attr.hedged, hedges=attr.hedges,
                certainty=round(max(0.1, certainty), 2),
                trigger=_span(text, c.span.start_char, c.span.end_char), rule=c.rule.id,
            ))
            if when is not None:
                event_times[tok.lemma_.lower()] = when
            if novel:
                fresh.add(event.id)
            if etype == "statement" and a_id and attr.source == "author":
                sentence_source[res.sent_idx[tok.i]] = a_id  # a speaker: what follows may elaborate on it
            elif attr.source != "author":
                sentence_source.setdefault(res.sent_idx[tok.i], attr.source)
            if etype == "statement" and item is None and item_text is None:
                comp = [ch for ch in tok.children if ch.dep_ in ("ccomp", "xcomp")]
                if comp:
                    reported[event.id] = (min(ch.left_edge.idx for ch in comp),
                                          max(ch.right_edge.idx + len(ch.right_edge) for ch in comp))
            if etype in _BILATERAL and status != "denied":
                pair = (_state(res, actor) if actor else None, _state(res, target) if target else None)
                if pair[0] and pair[1] and pair[0] != pair[1]:
                    res.last_pair = (tok.i, (pair[0], pair[1]))
            if replace_at >= 0 and out[replace_at].when is not None and key in seen and seen[key] == replace_at:
                # the first mention stays the claim's evidence; the later one only dates it
                out[replace_at] = dataclasses.replace(out[replace_at], when=when)
            elif replace_at >= 0:
                prev_ev = out[replace_at]
                if (prev_ev.item or prev_ev.item_text) and not (event.item or event.item_text):
                    out[replace_at] = dataclasses.replace(prev_ev, when=when)  # it dates the claim, keeps its item
                else:
                    out[replace_at] = event
            else:
                seen[key] = len(out)
                out.append(event)
    return _claims.drop_subsumed(_reported_items(out, reported), res, ontology, fresh)


def _reported_items(events: list[Event], reported: Mapping[str, tuple[int, int]]) -> list[Event]:
    """A statement is about what it reports: "the agency confirmed that deliveries had begun" takes the item
    of the delivery claimed in its complement clause."""
    if not reported:
        return events
    out = []
    for e in events:
        span = reported.get(e.id)
        if span is not None:
            inner = [x for x in events if x.type != "statement" and (x.item or x.item_text) and x.trigger
                     and span[0] <= x.trigger.start < span[1]]
            if inner:
                e = dataclasses.replace(e, item=inner[0].item, item_text=inner[0].item_text)
        out.append(e)
    return out






def _span(text: str, start: int, end: int) -> Any:
    from ..records import Span as RSpan
    return RSpan(start, end, text[start:end])


def _pairs(actors: list[Arg], targets: list[Arg], symmetric: bool) -> list[tuple[Arg | None, Arg | None]]:
    if symmetric and len(actors) >= 2 and not targets:
        return [(actors[0], actors[1])]
    acts: list[Arg | None] = list(actors) or [None]
    tgts: list[Arg | None] = list(targets) or [None]
    return [(a, t) for a in acts for t in tgts]
