"""The trained event layer ``claimgraph.events.v2``: detection, typing and argument roles learned from data.

Where the rules-only extractor (:mod:`.events`, ``claimgraph.events.v1``) reads events off trigger words and the
constructions its rules were written for, this layer scores every candidate clause head of a sentence that names a
party, so it looks past both:

1. **Candidates**: verbs and nouns of sentences with at least one party mention (state, organisation, person), and
   every token a v1 trigger rule matched.
2. **Typing** (``types`` model): a multinomial logistic regression over hashed sparse features of the candidate
   (its word and lemma, part of speech and dependency, head and children, the entity types in its phrase, its
   neighbours, the sentence's entity mix) and the rules' votes (the v1 trigger rule that matched it, the v1 event
   extracted at it). Output: one of the 23 types or ``none``, with a probability; a type is kept above its threshold
   (tuned on a held-apart part of the training corpus, never on the development set).
3. **Roles** (``roles`` model): for a typed candidate and each party mention of its sentence (and the previous
   one), actor / target / none, from the dependency path between them, the governing preposition, voice, order and
   distance, the mention's type and kind, and the v1 roles, each conjoined with the event type.
4. **Rules stay** for what they do exactly: the item (the weapon or commodity the clause governs, with v1's
   bridging of "the systems" to the one named), time expressions and their anchoring, quantities and money,
   attribution, hedging and status (:mod:`.claims`).

Every event records ``rule="claimgraph.events.v2"`` and the model's probability in ``confidence``. Features are
hashed with CRC-32 into a fixed space, so the shipped model is two weight matrices and a JSON header (package data
``data/models/events.v2/``) and inference needs only numpy. :mod:`claimgraph.train` fits it.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..records import Document, Entity, Event, Mention, TimeValue, make_id
from . import claims as _claims
from .events import SentenceTimes, _span, extract_events, sources
from .ontology import Lexicons, load_lexicons
from .roles import ArgResolver, weapon_origin
from .slots import anchored_time, pick_amounts, pick_time
from .triggers import ARMS_TYPES, find_candidates

__all__ = ["MODEL_NAME", "EventModel", "load_model", "extract_events_v2", "candidate_features", "role_features",
           "Candidate", "party_mentions", "document_context"]

log = logging.getLogger(__name__)

MODEL_NAME = "claimgraph.events.v2"
RULE_TRIGGERS_KEY = "claimgraph.rule_triggers"  # Doc.user_data: token index -> type of the v1 trigger rule
MODEL_DIR = "data/models/events.v2"
NONE = "none"
ROLE_LABELS = ("none", "actor", "target")
PARTY_TYPES = frozenset({"STATE", "ORG", "PERSON"})
# organisations that act for their state (the annotation convention: ministries, agencies, armed forces, ...)
STATE_ORG_KINDS = frozenset({"agency", "government_body", "legislature", "military", "ministry", "court",
                             "embassy", "government"})
_NO_AMOUNTS = frozenset({"statement", "accusation", "opposition", "visit", "meeting", "consultation",
                         "espionage_case", "other"})
_CAND_POS = frozenset({"VERB", "NOUN"})
# deals and money flows whose item is a commodity when no weapon is named ("a gas deal", "an oil-backed loan")
_MONEY_AND_DEALS = frozenset({"loan", "investment", "prepayment", "agreement", "consultation", "sanction", "meeting",
                              "statement", "other"})
_CONTACT = frozenset({"visit", "meeting", "consultation"})
_SPEECH = frozenset({"statement", "opposition", "accusation"})
_UNDIRECTED = frozenset({"meeting", "agreement", "consultation", "military_exercise", "defense_cooperation",
                         "armed_clash"})
_ITEM_WINDOW = 80  # tokens back to the system last named, for an event whose sentence names none
_MAX_PATH = 5


def _hash(feature: str, mask: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) & mask


# ------------------------------------------------------------------------------------------------ model


class EventModel:
    """The two linear models of ``claimgraph.events.v2`` with their label sets and thresholds."""

    def __init__(self, header: Mapping[str, Any], weights: Mapping[str, np.ndarray]) -> None:
        self.header = dict(header)
        self.name = str(header.get("name", MODEL_NAME))
        self.bits = int(header["bits"])
        self.mask = (1 << self.bits) - 1
        self.type_labels: tuple[str, ...] = tuple(header["type_labels"])
        self.thresholds: dict[str, float] = {k: float(v) for k, v in (header.get("thresholds") or {}).items()}
        self.default_threshold = float(header.get("default_threshold", 0.5))
        self.role_threshold = float(header.get("role_threshold", 0.3))
        self.type_w = self._dense(weights["type_rows"], weights["type_w"], len(self.type_labels))
        self.type_b = weights["type_b"].astype(np.float32)
        self.role_w = self._dense(weights["role_rows"], weights["role_w"], len(ROLE_LABELS))
        self.role_b = weights["role_b"].astype(np.float32)

    def _dense(self, rows: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
        out = np.zeros((self.mask + 1, n), dtype=np.float32)
        out[rows.astype(np.int64)] = w.astype(np.float32)
        return out

    def _indices(self, features: Iterable[str]) -> np.ndarray:
        mask = self.mask
        return np.fromiter({_hash(f, mask) for f in features}, dtype=np.int64)

    @staticmethod
    def _softmax(z: np.ndarray) -> np.ndarray:
        z = z - z.max(axis=-1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    def type_probs(self, batch: Sequence[Iterable[str]]) -> np.ndarray:
        """Probabilities over ``type_labels`` for each feature list of ``batch``."""
        if not batch:
            return np.zeros((0, len(self.type_labels)), dtype=np.float32)
        z = np.stack([self.type_w[self._indices(f)].sum(axis=0) for f in batch]) + self.type_b
        return self._softmax(z)

    def role_probs(self, batch: Sequence[Iterable[str]]) -> np.ndarray:
        """Probabilities over ``ROLE_LABELS`` for each feature list of ``batch``."""
        if not batch:
            return np.zeros((0, len(ROLE_LABELS)), dtype=np.float32)
        z = np.stack([self.role_w[self._indices(f)].sum(axis=0) for f in batch]) + self.role_b
        return self._softmax(z)

    def threshold(self, etype: str) -> float:
        return self.thresholds.get(etype, self.default_threshold)

    # --- serialisation (the training side writes, inference reads) ---
    @classmethod
    def from_dir(cls, path: Any) -> EventModel:
        header = json.loads((path / "model.json").read_text(encoding="utf-8"))
        with (path / "weights.npz").open("rb") as fh:
            data = np.load(fh)
            weights = {k: data[k] for k in data.files}
        return cls(header, weights)


@lru_cache(maxsize=1)
def load_model() -> EventModel | None:
    """The packaged ``claimgraph.events.v2`` model, or None when the package ships none (rules only)."""
    root = resources.files("claimgraph").joinpath(MODEL_DIR)
    if not root.joinpath("model.json").is_file():
        log.warning("%s: no packaged model under %s; using the rules only", MODEL_NAME, MODEL_DIR)
        return None
    with resources.as_file(root) as path:
        return EventModel.from_dir(path)


# --------------------------------------------------------------------------------------------- features


@dataclass
class Candidate:
    token: Token
    sent: int
    features: list[str]
    v1: Event | None


@dataclass
class _Ctx:
    """Per-document lookups shared by the feature functions."""

    doc: Doc
    res: ArgResolver
    lex: Lexicons
    sents: list[Span]
    ent_of: dict[int, tuple[str, str | None]]  # token index -> (entity type, entity id)
    parties: list[list[tuple[Token, Mention]]]  # per sentence: party mentions (head token, mention)
    v1_at: dict[int, Event]
    rule_at: dict[int, str]
    v1_by_sent: dict[int, list[Event]]
    sent_feats: dict[int, list[str]] = field(default_factory=dict)


def _etype(res: ArgResolver, m: Mention) -> str:
    if m.entity:
        t = res.etype(m.entity)
        if t:
            return t
    return {"GPE": "STATE", "NORP": "STATE", "ORG": "ORG", "PERSON": "PERSON"}.get(m.label, m.label)


# organisations that report or are reported on but never act in an event of the ontology: outlets are the
# sources claims are attributed to; a pipeline or a plant is what a deal is about
_NON_PARTY_KINDS = frozenset({"media", "news", "outlet", "news_agency", "project"})


def _not_a_party(res: ArgResolver, m: Mention) -> bool:
    """Outlets and projects; and an organisation named only by common nouns ("the ministry", "defence
    ministry"), which the linker could not resolve to a state and no annotator would code as a party."""
    ent = res.entities.get(m.entity) if m.entity else None
    if ent is not None and ent.type == "ORG" and ent.attributes.get("kind") in _NON_PARTY_KINDS:
        return True
    return (ent is None or ent.type == "ORG") and not any(ch.isupper() for ch in m.text)


# event types where conjoined parties act each on their own ("France, Germany and the UK said ...", "Saudi
# Arabia and Egypt cut ties with Qatar"), not as the two sides of a transaction ("China and Kenya signed a loan")
_CO_ACTING = frozenset({"statement", "opposition", "accusation", "sanction", "other"})
# event types whose targets annotators name firm by firm when the text lists them
_FIRM_TARGETED = frozenset({"sanction"})


def _listed_firms(ctx: _Ctx, pm: Sequence[tuple[Token, Mention, bool]], actor: str | None) -> list[
        tuple[str | None, str | None]]:
    """The organisations of the sentence named in one coordination of three or more ("A, B, C and D") that are
    not organs of a state: companies, banks, institutes."""
    own = [(h, m) for h, m, prev in pm if not prev]
    for h, m in own:
        ent = ctx.res.entities.get(m.entity) if m.entity else None
        if ent is None or ent.type != "ORG":
            continue
        group = {h.i, *(x.i for x in h.conjuncts)}
        if len(group) < 3:
            continue
        out: list[tuple[str | None, str | None]] = []
        for h2, m2 in own:
            e2 = ctx.res.entities.get(m2.entity) if m2.entity else None
            if h2.i in group and e2 is not None and e2.type == "ORG" and (
                    e2.attributes.get("kind") not in STATE_ORG_KINDS):
                pid = party_id(ctx.res, m2)
                if pid and pid != actor and (pid, m2.text) not in out:
                    out.append((pid, m2.text))
        if len(out) >= 3:
            return out
    return []


def _date_lists_by_their_measure(best: dict[tuple[Any, ...], tuple[float, Event]], ids: set[str]) -> None:
    """A list of targeted firms with no time of its own is dated like the nearest measure told before it
    ("China announced sanctions on Wednesday. ... The companies are A, B, C.")."""
    dated = sorted((e.evidence.start, e.when) for _, e in best.values()
                   if e.type == "sanction" and e.when is not None and e.id not in ids)
    for key, (prob, ev) in list(best.items()):
        if ev.id not in ids:
            continue
        before = [w for start, w in dated if start < ev.evidence.start]
        if before:
            best[key] = (prob, replace(ev, when=before[-1]))



def _head(doc: Doc, m: Mention) -> Token | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def document_context(doc: Doc, document: Document, mentions: Sequence[Mention], entities: Mapping[str, Entity],
                     v1_events: Sequence[Event] | None = None) -> _Ctx:
    """Lookups for one document: mentions by token, party mentions by sentence, the rules' triggers and events."""
    lex = load_lexicons()
    res = ArgResolver(doc, mentions, entities, lex)
    sents = list(doc.sents)
    ent_of: dict[int, tuple[str, str | None]] = {}
    for i, m in res.by_token.items():
        ent_of[i] = (_etype(res, m), m.entity)
    parties: list[list[tuple[Token, Mention]]] = [[] for _ in sents]
    seen: set[tuple[int, str]] = set()
    for m in sorted({id(m): m for m in res.by_token.values()}.values(), key=lambda m: m.start):
        if _etype(res, m) not in PARTY_TYPES or _not_a_party(res, m):
            continue
        h = _head(doc, m)
        if h is None:
            continue
        n = res.sent_idx[h.i]
        key = (n, m.entity or m.text.lower())
        if key in seen:
            continue  # one mention per party per sentence: the first
        seen.add(key)
        parties[n].append((h, m))
    rule_at: dict[int, str] | None = doc.user_data.get(RULE_TRIGGERS_KEY)
    if rule_at is None:  # the rules did not run on this Doc (training, or v1 events handed in from elsewhere)
        rule_at = {}
        for c in find_candidates(doc, res, lex):
            rule_at.setdefault(c.token.i, c.type)
    v1 = list(v1_events) if v1_events is not None else extract_events(doc, document, mentions, entities)
    v1_at: dict[int, Event] = {}
    v1_by_sent: dict[int, list[Event]] = {}
    for e in v1:
        if e.trigger is None:
            continue
        span = doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
        if span is None:
            continue
        v1_at.setdefault(span.root.i, e)
        v1_by_sent.setdefault(res.sent_idx[span.root.i], []).append(e)
    return _Ctx(doc, res, lex, sents, ent_of, parties, v1_at, rule_at, v1_by_sent)


def _ent_label(ctx: _Ctx, t: Token) -> str | None:
    e = ctx.ent_of.get(t.i)
    return e[0] if e else None


def _word(t: Token) -> str:
    if t.like_num:
        return "<num>"
    return t.lemma_.lower()


def candidate_features(ctx: _Ctx, t: Token, n_sent: int) -> list[str]:
    """Hashed-feature names of the candidate trigger ``t`` (sentence ``n_sent``)."""
    lem, pos, dep = t.lemma_.lower(), t.pos_, t.dep_
    f = ["bias", f"l={lem}", f"w={t.lower_}", f"pos={pos}", f"tag={t.tag_}", f"dep={dep}", f"l|pos={lem}|{pos}",
         f"l|dep={lem}|{dep}"]
    h = t.head
    f += [f"h={_word(h)}", f"hdep={dep}|{_word(h)}", f"hpos={h.pos_}", f"l|h={lem}|{_word(h)}"]
    if h.dep_ == "prep" or dep == "pobj":
        f.append(f"inprep={h.lower_}")
    ents_sub: set[str] = set()
    for ch in t.children:
        cd = ch.dep_
        f.append(f"c={cd}|{_word(ch)}")
        f.append(f"cd={cd}")
        lab = _ent_label(ctx, ch)
        if lab:
            f.append(f"ce={cd}|{lab}")
            f.append(f"l|ce={lem}|{cd}|{lab}")
        if cd == "prep":
            for gc in ch.children:
                if gc.dep_ == "pobj":
                    f.append(f"pp={ch.lower_}|{_word(gc)}")
                    glab = _ent_label(ctx, gc)
                    f.append(f"ppe={ch.lower_}|{glab}")
                    f.append(f"l|ppe={lem}|{ch.lower_}|{glab}")
        if cd in ("neg",):
            f.append("neg")
        if cd in ("aux", "auxpass") and ch.tag_ == "MD":
            f.append(f"modal={ch.lower_}")
        if cd in ("auxpass", "nsubjpass"):
            f.append("passive")
    n_sub = 0
    for s in t.subtree:
        n_sub += 1
        if n_sub > 40:
            break
        lab = _ent_label(ctx, s)
        if lab:
            ents_sub.add(lab)
        if s.like_num or s.ent_type_ == "MONEY":
            ents_sub.add("NUM" if s.ent_type_ != "MONEY" else "MONEY")
    f += [f"sub={e}" for e in sorted(ents_sub)]
    f += [f"l|sub={lem}|{e}" for e in sorted(ents_sub)]
    doc = ctx.doc
    for off in (-2, -1, 1, 2):
        j = t.i + off
        if 0 <= j < len(doc) and ctx.res.sent_idx[j] == n_sent:
            f.append(f"w{off:+d}={_word(doc[j])}")
    f += _sentence_features(ctx, n_sent)
    if t.i == ctx.sents[n_sent].root.i:
        f.append("root")
    rt = ctx.rule_at.get(t.i)
    if rt:
        f += [f"rule={rt}", f"rule|pos={rt}|{pos}"]
    v1 = ctx.v1_at.get(t.i)
    if v1 is not None:
        f += [f"v1={v1.type}", f"v1st={v1.status}"]
    if _claims.is_hypothetical(t, ctx.lex):
        f.append("hypothetical")
    if _claims.is_negated(t, ctx.lex):
        f.append("negated")
    return f


def _sentence_features(ctx: _Ctx, n_sent: int) -> list[str]:
    """Features of the whole sentence, shared by its candidates (computed once per sentence)."""
    cached = ctx.sent_feats.get(n_sent)
    if cached is not None:
        return cached
    sent = ctx.sents[n_sent]
    kinds: dict[str, int] = {}
    for _, m in ctx.parties[n_sent]:
        lab = _etype(ctx.res, m)
        kinds[lab] = kinds.get(lab, 0) + 1
    out = [f"s{k}={min(v, 3)}" for k, v in sorted(kinds.items())]
    if any(_ent_label(ctx, x) == "WEAPON_SYSTEM" for x in sent):
        out.append("sWEAPON")
    if any(x.ent_type_ == "MONEY" for x in sent):
        out.append("sMONEY")
    out += [f"v1s={e.type}" for e in ctx.v1_by_sent.get(n_sent, ())]
    ctx.sent_feats[n_sent] = out
    return out


def _path(a: Token, b: Token) -> tuple[str, int]:
    """Dependency path from ``a`` up to the common ancestor and down to ``b`` (labels with arrows) and its length."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    idx_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in idx_b:
            kb = idx_b[t.i]
            ups = [x.dep_ + "^" for x in up_a[:k]]
            downs = [x.dep_ + "v" for x in reversed(up_b[:kb])]
            steps = ups + downs
            n = len(steps)
            if n > _MAX_PATH:
                return "long", n
            return " ".join(steps), n
    return "none", 99


def _party_kind(res: ArgResolver, m: Mention) -> str:
    ent = res.entities.get(m.entity) if m.entity else None
    if ent is None:
        return "unlinked"
    kind = ent.attributes.get("kind")
    if ent.type == "PERSON":
        return "official" if ent.attributes.get("state") else "person"
    return str(kind) if kind else ent.type.lower()


def party_mentions(ctx: _Ctx, n_sent: int) -> list[tuple[Token, Mention, bool]]:
    """Party mentions that may fill a role of an event in sentence ``n_sent``: its own, then the previous one's."""
    out = [(h, m, False) for h, m in ctx.parties[n_sent]]
    if n_sent > 0:
        own = {m.entity or m.text.lower() for _, m in ctx.parties[n_sent]}
        out += [(h, m, True) for h, m in ctx.parties[n_sent - 1] if (m.entity or m.text.lower()) not in own]
    return out


def party_id(res: ArgResolver, m: Mention) -> str | None:
    """What a role holds: the state for states, officials and state organs; the entity itself otherwise."""
    return party_of(res, m.entity)


def party_of(res: ArgResolver, eid: str | None) -> str | None:
    """The party an entity id stands for in a role (the annotation convention): a state; an official or a state
    organ (ministry, agency, armed forces, legislature) as its state; a place as the state it belongs to; any
    other organisation or person as itself."""
    if not eid:
        return None
    et = res.etype(eid)
    if et == "STATE":
        return eid
    ent = res.entities.get(eid)
    if ent is not None and ent.type == "PERSON" and ent.attributes.get("state"):
        return f"STATE:{ent.attributes['state']}"
    if ent is not None and ent.type == "ORG" and ent.attributes.get("kind") in STATE_ORG_KINDS and (
            ent.attributes.get("state")):
        return f"STATE:{ent.attributes['state']}"
    if et == "PLACE":
        return res.state_of(eid)
    return eid


def role_features(ctx: _Ctx, t: Token, etype: str, h: Token, m: Mention, prev_sent: bool,
                  n_parties: int, item_origin: str | None) -> list[str]:
    """Hashed-feature names of the pair (trigger ``t`` of type ``etype``, party mention ``m`` headed by ``h``)."""
    res = ctx.res
    lab = _etype(res, m)
    kind = _party_kind(res, m)
    feats: list[str] = ["bias", f"mt={lab}", f"kind={kind}", f"hdep={h.dep_}"]
    if prev_sent:
        feats += ["prev_sent"]
        path, n = "prev", 99
    else:
        path, n = _path(h, t)
        feats += [f"path={path}", f"plen={min(n, 6)}"]
        feats.append("before" if h.i < t.i else "after")
        d = abs(h.i - t.i)
        feats.append(f"dist={0 if d < 3 else 1 if d < 6 else 2 if d < 12 else 3}")
    gov = h.head if h.dep_ in ("pobj", "pcomp") else None
    prep = gov.lower_ if gov is not None and gov.dep_ in ("prep", "agent") else None
    if h.dep_ == "poss" or (h.head.dep_ == "poss"):
        prep = "'s"
    if h.dep_ in ("amod", "compound"):
        prep = h.dep_
    feats.append(f"prep={prep}")
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
    feats.append(f"voice={'pass' if passive else 'act'}")
    feats.append(f"np={min(n_parties, 4)}")
    pid = party_id(res, m)
    if item_origin and pid == item_origin:
        feats.append("origin")
    v1 = ctx.v1_at.get(t.i)
    v1roles: set[str] = set()
    for e in ([v1] if v1 is not None else []) + [e for e in ctx.v1_by_sent.get(res.sent_idx[t.i], ()) if e is not v1]:
        same = e is v1
        for role, val in (("actor", e.actor), ("target", e.target)):
            if val and (val == m.entity or (pid and val == pid)):
                v1roles.add(f"v1{role}" if same else f"v1s{role}")
    feats += sorted(v1roles)
    rel = _relation(h, t)
    feats.append(f"rel={rel}")
    base = list(feats)
    fam = _family(etype)
    feats += [f"T={etype}|{x}" for x in base] + [f"F={fam}|{x}" for x in base]
    # the trigger word's own conventions: "bought from X" (X supplies), "sold to X", "received" (X receives)
    lem = t.lemma_.lower()
    feats += [f"L={lem}|rel={rel}", f"L={lem}|prep={prep}", f"L={lem}|voice={'p' if passive else 'a'}|{h.dep_}",
              f"T={etype}|L={lem}|rel={rel}"]
    feats.append(f"T={etype}|voice|hdep={'p' if passive else 'a'}|{h.dep_}")
    feats.append(f"T={etype}|prep|mt={prep}|{lab}")
    return feats


def _relation(h: Token, t: Token) -> str:
    """The mention's grammatical relation to the trigger: a direct dependent (``nsubj``, ``dobj``, ``poss``), the
    object of a preposition on it (``prep:to``), the subject of the verb that governs it (``ctl:nsubj``: "agreed
    to buy"), or ``far``."""
    if h.head.i == t.i and h.i != t.i:
        return h.dep_
    if h.dep_ in ("pobj", "pcomp") and h.head.head.i == t.i:
        return f"prep:{h.head.lower_}"
    if h.dep_ in ("compound", "amod", "poss", "nmod") and h.head.i != h.i:
        return _relation(h.head, t) + "+" + h.dep_ if h.head.head.i == t.i or h.head.i == t.i else "far"
    if t.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "advcl", "conj") and h.head.i == t.head.i:
        return f"ctl:{h.dep_}"
    return "far"


_FAMILY = {
    **{t: "arms" for t in ARMS_TYPES}, "loan": "money", "investment": "money", "prepayment": "money",
    "trade": "trade", "sanction": "verbal_act", "statement": "verbal", "accusation": "verbal",
    "opposition": "verbal", "visit": "contact", "meeting": "symmetric", "consultation": "symmetric",
    "agreement": "symmetric", "military_exercise": "symmetric", "defense_cooperation": "symmetric",
    "armed_clash": "symmetric",
}


def _family(etype: str) -> str:
    return _FAMILY.get(etype, etype)


def candidates(ctx: _Ctx) -> list[Candidate]:
    """Candidate triggers of a document with their features (see the module docstring)."""
    out: list[Candidate] = []
    for n, sent in enumerate(ctx.sents):
        has_party = bool(ctx.parties[n]) or (n > 0 and bool(ctx.parties[n - 1]))
        for t in sent:
            rt = ctx.rule_at.get(t.i)
            if rt is None and (not has_party or t.pos_ not in _CAND_POS or t.is_stop or ctx.ent_of.get(t.i)):
                continue
            out.append(Candidate(t, n, candidate_features(ctx, t, n), ctx.v1_at.get(t.i)))
    return out


# ------------------------------------------------------------------------------------------- decoding

_OWN_CLAUSE_DEPS = frozenset({"conj", "ccomp", "advcl", "relcl", "parataxis", "acl", "csubj", "appos", "punct"})


def neighbours(t: Token) -> list[Token]:
    """Tokens that express one event together with ``t``: its head and children within the same clause (not a
    coordinated, complement, adverbial or relative clause)."""
    out = []
    if t.dep_ not in _OWN_CLAUSE_DEPS and t.head.i != t.i:
        out.append(t.head)
    out += [c for c in t.children if c.dep_ not in _OWN_CLAUSE_DEPS]
    return out


def _item_for(ctx: _Ctx, t: Token, etype: str, n_sent: int, v1: Event | None) -> tuple[str | None, str | None]:
    """The weapon system the clause is about, for any event type (a statement on the S-400 has it as its item):
    the nearest named system by dependency path in the sentence (classes such as "fighter jets" only when no
    system is named); for trade, the commodity nearest the trigger. With none in the sentence, an arms event
    takes the rules' item at this trigger (which bridges "the systems" to the one named), else the system the
    text has named last."""
    sent = ctx.sents[n_sent]
    best: tuple[int, int, str | None, str | None] | None = None
    seen: set[int] = set()
    for x in sent:
        e = ctx.ent_of.get(x.i)
        if not e or e[0] != "WEAPON_SYSTEM":
            continue
        m = ctx.res.by_token[x.i]
        if id(m) in seen:
            continue
        seen.add(id(m))
        h = _head(ctx.doc, m) or x
        _, n = _path(h, t)
        generic = int(bool(m.entity and m.entity.split(":", 1)[-1].startswith("class:")) or not m.entity)
        if best is None or (generic, n) < (best[0], best[1]):
            best = (generic, n, m.entity, m.text)
    commodity = None
    commodities = ctx.lex["commodities"]
    for x in sorted(sent, key=lambda x: abs(x.i - t.i)):
        if x.pos_ in ("NOUN", "PROPN") and x.lemma_.lower() in commodities:
            commodity = x.lemma_.lower()
            break
    if etype == "trade" and commodity:
        return None, commodity
    if best is not None and best[0] == 0:
        return best[2], best[3]
    if commodity and etype in _MONEY_AND_DEALS:
        return None, commodity
    if best is not None and etype in ARMS_TYPES:
        return best[2], best[3]
    if v1 is not None and _family(v1.type) == _family(etype) and (v1.item or v1.item_text):
        return v1.item, v1.item_text
    if etype not in _CONTACT:
        last = ctx.res.last_weapon_before(t.i, window=_ITEM_WINDOW)
        if last is not None:
            return last[0], last[1]
    return None, None


def _origin(ctx: _Ctx, item: str | None) -> str | None:
    """The state that makes the weapon system ``item`` (its supplier in an arms event)."""
    return weapon_origin(ctx.res, item, None) if item else None


def extract_events_v2(doc: Doc, document: Document, mentions: Sequence[Mention], entities: Mapping[str, Entity],
                      model: EventModel | None = None, v1_events: Sequence[Event] | None = None) -> list[Event]:
    """Typed events of one parsed document from the trained layer (falls back to v1 without a model)."""
    model = model or load_model()
    if model is None:
        return list(v1_events) if v1_events is not None else extract_events(doc, document, mentions, entities)
    ctx = document_context(doc, document, mentions, entities, v1_events)
    cands = candidates(ctx)
    if not cands:
        return []
    probs = model.type_probs([c.features for c in cands])
    labels = model.type_labels
    none_idx = labels.index(NONE)
    text = document.text if document.text else doc.text
    anchor = document.published
    times = SentenceTimes(ctx.sents, text, anchor)
    source_of, quote_speaker = sources(ctx.res, ctx.lex)
    sent_qty: dict[int, Any] = {}
    best: dict[tuple[Any, ...], tuple[float, Event]] = {}
    scored: list[tuple[float, str, Candidate]] = []
    sanction_idx = labels.index("sanction") if "sanction" in labels else None
    lists: dict[int, bool] = {}
    for c, p in zip(cands, probs, strict=True):
        p = p.copy()
        p[none_idx] = 0.0
        k = int(p.argmax())
        if float(p[k]) >= model.threshold(labels[k]):
            scored.append((float(p[k]), labels[k], c))
        elif sanction_idx is not None and float(p[sanction_idx]) >= model.threshold("sanction") / 2:
            # a sentence that lists the firms a measure targets ("the companies facing countermeasures are
            # A, B, C ...") is a sanction on each of them at half the usual confidence
            if c.sent not in lists:
                lists[c.sent] = bool(_listed_firms(ctx, party_mentions(ctx, c.sent), None))
            if lists[c.sent]:
                scored.append((float(p[sanction_idx]), "sanction", c))
    scored.sort(key=lambda x: -x[0])
    taken: set[tuple[int, str]] = set()  # (token index, family) of the events kept: one per neighbourhood
    undated_lists: set[str] = set()
    for prob, etype, c in scored:
        t = c.token
        fam = _family(etype)
        if (t.i, fam) in taken or any((nb.i, fam) in taken for nb in neighbours(t)):
            continue
        taken.add((t.i, fam))
        n = c.sent
        sent = ctx.sents[n]
        item, item_text = _item_for(ctx, t, etype, n, c.v1)
        origin = _origin(ctx, item)
        pm = party_mentions(ctx, n)
        actor = target = None
        actor_text = target_text = None
        target_j: int | None = None
        co_actors: list[tuple[str, str]] = []
        if pm:
            rp = model.role_probs([role_features(ctx, t, etype, h, m, prev, len(pm), origin) for h, m, prev in pm])
            order_a = np.argsort(-rp[:, 1])
            ia = int(order_a[0])
            actor_conj: set[int] = set()
            if rp[ia, 1] >= model.role_threshold:
                actor, actor_text = party_id(ctx.res, pm[ia][1]), pm[ia][1].text
                if etype in _CO_ACTING and not pm[ia][2]:
                    # "Saudi Arabia, the UAE and Bahrain cut ties with Qatar": each conjoined party acts
                    actor_conj = {x.i for x in pm[ia][0].conjuncts}
                    for h, m, prev in pm:
                        pid = party_id(ctx.res, m)
                        if not prev and h.i in actor_conj and pid and pid != actor and (
                                pid not in {a for a, _ in co_actors}):
                            co_actors.append((pid, m.text))
            a_state = ctx.res.state_of(actor) if actor else None
            # the other party: for an undirected relation ("India and France signed ...") either role
            # counts, so the second most likely participant is the other side
            t_score = rp[:, 2] + (rp[:, 1] if etype in _UNDIRECTED else 0.0)
            for j in np.argsort(-t_score):
                j = int(j)
                if actor is not None and (j == ia or pm[j][0].i in actor_conj):
                    continue
                pj = party_id(ctx.res, pm[j][1])
                if pj is not None and (pj == actor or (a_state and ctx.res.state_of(pj) == a_state)):
                    continue
                if t_score[j] >= model.role_threshold:
                    target, target_text = pj, pm[j][1].text
                    target_j = j
                break
        if actor is None and c.v1 is not None and _family(c.v1.type) == _family(etype):
            actor, actor_text = party_of(ctx.res, c.v1.actor), c.v1.actor_text
            if target is None:
                target, target_text = party_of(ctx.res, c.v1.target), c.v1.target_text
        if etype in ARMS_TYPES and origin:
            # the supplier of a weapon system is its maker's state, whoever acts ("India bought S-400s")
            if actor is None:
                actor, actor_text = origin, origin.split(":", 1)[-1]
            elif ctx.res.state_of(actor) != origin:  # a state firm of the maker (Rosoboronexport) stays
                if target is None or ctx.res.state_of(target) == origin:
                    target, target_text = actor, actor_text
                actor, actor_text = origin, origin.split(":", 1)[-1]
        if target is None and etype in ARMS_TYPES and actor is not None:
            # an arrival's recipient, when unnamed, is the state the text is about (never the supplier)
            sup = ctx.res.state_of(actor)
            salient = [x for x in ctx.res.salient_states(t.i, 3) if x != sup]
            if salient:
                target, target_text = salient[0], salient[0].split(":", 1)[-1]
        listed: list[tuple[str | None, str | None]] | None = None
        if etype in _FIRM_TARGETED:
            firms = _listed_firms(ctx, pm, actor)
            if firms and (target is None or target.startswith("STATE:") or target in {f for f, _ in firms}):
                listed = firms
        if listed is not None:
            # "the nine US companies facing countermeasures are A, B, C ...": the listed firms are the
            # targets, not the state they belong to, which is not the actor either
            target_j = None
            home = {ctx.res.state_of(x) for x, _ in listed} - {None}
            if actor is None or actor in home:
                other = [(party_id(ctx.res, m), m.text) for _, m, _ in pm
                         if party_id(ctx.res, m) and str(party_id(ctx.res, m)).startswith("STATE:")
                         and party_id(ctx.res, m) not in home]
                actor, actor_text = other[0] if other else (None, None)
        if actor is None and actor_text is None:
            continue
        status = _claims.status_of(t, ctx.lex)
        if _claims.is_negated(t, ctx.lex):
            status = "denied"
        attr = _claims.attribute(t, sent, source_of, ctx.lex, quote_speaker, text)
        if (attr.alleged or any(h in ctx.lex["alleged_markers"] for h in attr.hedges)) and status == "occurred":
            status = "alleged"
        prev_t = times.previous_time(n)
        sent_times = times.times_of(n)
        when = pick_time(sent_times, t, prev_t[0] if prev_t else None, anchor, own_clause_only=status == "ongoing")
        if when is not None and status in ("expected", "planned") and when.relative and anchor and (
                when.value < anchor[: len(when.value)]):
            when = None  # "on Monday" (past) dates the deal that projects the event, not the projected event
        # an event with no time of its own that the report tells as current (under way, present perfect, a
        # speech act in the past or present tense) is of the report's own day: the full publication date, which
        # agrees with a gold month or day alike
        if when is None and anchor and (status == "ongoing" or _claims.is_present_perfect(t)):
            when = TimeValue(anchor, None, relative=True)
        if when is None and c.v1 is not None and c.v1.type == etype:
            when = c.v1.when
        if when is None and prev_t is not None and status == "occurred" and etype not in _SPEECH and (
                _claims.is_simple_past(t)):
            # the narrative's reference time persists: a past event with no time of its own happened at the
            # time the preceding sentences were talking about
            when = TimeValue(prev_t[0].value, None, end=prev_t[0].end, relative=True)
        if when is None:
            when = anchored_time(t, sent, {})
        if when is None and etype in _SPEECH and anchor and (_claims.is_simple_past(t) or t.tag_ in ("VBZ", "VBP")):
            when = TimeValue(anchor, None, relative=True)  # a speech act of the report's own day
        qty, money = (None, None) if etype in _NO_AMOUNTS else pick_amounts(sent, t, etype, text, sent_qty)
        certainty = 1.0 - (0.3 if attr.hedged else 0.0) - (0.2 if status in ("alleged", "expected") else 0.0)
        ev_start, ev_end = sent.start_char, sent.end_char
        while ev_end > ev_start and text[ev_end - 1].isspace():
            ev_end -= 1
        targets = [(target, target_text)] if listed is None else listed
        if target_j is not None and etype not in _UNDIRECTED and etype not in _SPEECH:
            # "sanctions on Lockheed Martin, Boeing and Raytheon": one claim per conjoined party
            conj = {x.i for x in pm[target_j][0].conjuncts}
            for h, m, prev in pm:
                pid = party_id(ctx.res, m)
                if not prev and h.i in conj and pid and pid not in {target, actor}:
                    targets.append((pid, m.text))
        actors = [(actor, actor_text)] + [(a, at) for a, at in co_actors if a not in {x for x, _ in targets}]
        for (act, act_text), (tgt, tgt_text) in ((a, b) for a in actors for b in targets):
            ev = Event(
                id=make_id("ev", document.id, etype, ev_start, ev_end, act or act_text, tgt or tgt_text,
                           item or item_text, t.idx),
                document=document.id, type=etype, evidence=_span(text, ev_start, ev_end), status=status,
                actor=act, target=tgt, item=item, actor_text=act_text, target_text=tgt_text,
                item_text=item_text, quantity=qty, value=money, when=when, attributed_to=attr.source,
                attribution_chain=attr.chain, hedged=attr.hedged, hedges=attr.hedges,
                certainty=round(max(0.1, certainty), 2), trigger=_span(text, t.idx, t.idx + len(t)),
                rule=MODEL_NAME, confidence=round(prob, 3))
            key = (n, etype, act or act_text, tgt or tgt_text, item or item_text, when.value if when else None)
            if key not in best or best[key][0] < prob:
                best[key] = (prob, ev)
                if listed is not None and when is None:
                    undated_lists.add(ev.id)
    if undated_lists:
        _date_lists_by_their_measure(best, undated_lists)
    return sorted((e for _, e in best.values()), key=lambda e: (e.evidence.start, e.trigger.start if e.trigger else 0))
