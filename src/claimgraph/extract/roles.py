"""Argument roles from the dependency parse, with entity linking and a small salience-based coreference.

Why a resolver object: every lookup (which entity a token names, what "they" or "both sides" refer to) needs the
document's mentions indexed by token, and the salience of states up to a point. The index is built once per
document in :class:`ArgResolver`; the lookups then only walk a token's local neighbourhood in the tree, so the
cost is proportional to the number of triggers, not to rules x tokens.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import Entity, Mention
from .ontology import Lexicons

__all__ = ["Arg", "ArgResolver", "amount_np", "as_party", "clause_head", "clause_tokens", "doc_cache", "governing_verb",
           "nearest_state", "weapon_origin"]

_SUBJ = {"nsubj", "nsubjpass", "csubj", "expl"}
_TARGET_PREPS = {"to", "with", "against", "on", "into", "toward", "towards", "for", "from", "between"}
_PAIR_REACH = 400  # tokens after a bilateral event within which "the two sides" are its parties
_CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl", "pcomp", "csubj"}
_DETS = {"the", "a", "an", "this", "that", "these", "those", "several", "some", "many", "its", "their"}


@dataclass(frozen=True)
class Arg:
    """One argument: a linked entity id (or None) and the surface text it came from."""

    entity: str | None
    text: str
    token: int = -1


_DOC_CACHE: dict[str, object] = {"doc": None, "map": {}}


def doc_cache(doc: Doc) -> dict[tuple[str, int], list[Token]]:
    """A cache of token lists for the document being processed (the last one seen), reset when the document
    changes. Verb chains and clauses are asked for many times per trigger by status, hedging and attribution;
    computing each once per document keeps extraction a small fraction of parsing."""
    if _DOC_CACHE["doc"] is not doc:
        _DOC_CACHE["doc"] = doc
        _DOC_CACHE["map"] = {}
    return _DOC_CACHE["map"]  # type: ignore[return-value]


def clause_head(tok: Token) -> Token:
    """The head of the smallest clause containing ``tok`` (a verb that heads ROOT/ccomp/advcl/relcl/conj...)."""
    t = tok
    for _ in range(20):
        if t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS:
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def progressive_host(tok: Token, nouns: Iterable[str]) -> Token | None:
    """The verb hosting a progressive periphrasis of which ``tok`` is the complement: "the parts *are* in the
    process of being delivered" (``nouns``: process, midst, course ...); None when there is none."""
    of = tok.head
    if tok.dep_ != "pcomp" or of.lower_ != "of" or of.head.lemma_.lower() not in nouns:
        return None
    prep = of.head.head
    host = prep.head
    if prep.lower_ not in ("in", "amid", "amidst") or host.pos_ not in ("VERB", "AUX"):
        return None
    return host


def clause_tokens(tok: Token) -> list[Token]:
    """Tokens of ``tok``'s clause, not descending into embedded clauses headed elsewhere (cached per document;
    callers must not modify the list)."""
    cache = doc_cache(tok.doc)
    key = ("clause", tok.i)
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = _clause_tokens(tok)
    return hit


def _clause_tokens(tok: Token) -> list[Token]:
    head = clause_head(tok)
    out: list[Token] = []
    stack = [head]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in ("ccomp", "relcl", "advcl", "parataxis") and c.i != tok.i and not (
                    c.left_edge.i <= tok.i <= c.right_edge.i):  # subtrees are contiguous (projective parses)
                continue
            stack.append(c)
    return out


def governing_verb(tok: Token) -> Token | None:
    """The verb whose argument the (noun) ``tok`` is, climbing through prepositions and nominal heads."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.dep_ in ("acomp", "amod", "ROOT")):
            return t
    return None


class ArgResolver:
    """Entity lookups for one document: mentions by token, metonyms, demonyms, pronouns and group anaphors."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], entities: Mapping[str, Entity], lex: Lexicons):
        self.doc = doc
        self.entities = entities
        self.lex = lex
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                old = self.by_token.get(t.i)
                if old is None or (old.entity is None and m.entity is not None) or (
                        (old.entity is None) == (m.entity is None) and m.end - m.start > old.end - old.start):
                    self.by_token[t.i] = m
        # linked mentions in document order, with the token they start on (for salience and pronouns)
        self._states_cache: list[tuple[int, str, float, int]] | None = None
        self.sent_idx: list[int] = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            self.sent_idx[sent.start:sent.end] = [n] * (sent.end - sent.start)
        self._np_memo: dict[tuple[str, int], list[Arg]] = {}
        # the two states of the latest bilateral event (token index, pair), set by extraction: "the two
        # leaders", "both sides" refer to them before any other salient state
        self.last_pair: tuple[int, tuple[str, str]] | None = None
        self.memo: dict[tuple[str, int], list[Token]] = {}  # per-document caches of token lists (item scopes)
        self._sole: list[tuple[str, str, Token] | None] | None = None  # k -> the only system among mentions [:k]
        self.ordered: list[tuple[int, Mention]] = sorted(
            {(i, id(m)): (i, m) for i, m in self.by_token.items() if m.entity}.values(), key=lambda x: x[0])

    # --- entity helpers ---
    def etype(self, eid: str | None) -> str | None:
        if eid is None:
            return None
        ent = self.entities.get(eid)
        return ent.type if ent else eid.split(":", 1)[0]

    def state_of(self, eid: str | None) -> str | None:
        """The STATE id an entity acts for (itself for a state; ``attributes.state`` for people and orgs)."""
        if eid is None:
            return None
        if self.etype(eid) == "STATE":
            return eid
        ent = self.entities.get(eid)
        iso = (ent.attributes.get("state") if ent else None) or (ent.iso3 if ent else None)
        return f"STATE:{iso}" if iso else None

    def mention_at(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def entity_at(self, tok: Token) -> str | None:
        m = self.by_token.get(tok.i)
        return m.entity if m else None

    def np_text(self, tok: Token) -> str:
        """The noun phrase of ``tok`` up to its head (modifiers on the left), without leading determiners."""
        start = tok.left_edge.i
        while start < tok.i and self.doc[start].lower_ in _DETS:
            start += 1
        end = tok.i + 1
        # keep flat names and "of"-less compounds to the right ("Gazprom head Alexander Miller")
        while end < len(self.doc) and self.doc[end].dep_ in ("compound", "flat", "appos") and self.doc[end].head.i < end:
            end += 1
        return self.doc[start:end].text

    def weapon_in(self, toks: Iterable[Token]) -> tuple[str | None, str | None, Token | None]:
        """The first weapon-system mention (id, text, token) among ``toks``, else a generic weapon noun."""
        generic: tuple[str | None, str | None, Token | None] = (None, None, None)
        for t in sorted(toks, key=lambda x: x.i):
            m = self.by_token.get(t.i)
            if m and m.entity and self.etype(m.entity) == "WEAPON_SYSTEM":
                return m.entity, m.text, t
            if generic[2] is None and self._generic_weapon(t):
                generic = (None, self.np_text(t), t)
        return generic

    def _generic_weapon(self, t: Token) -> bool:
        """A weapon noun; vague heads ("system", "equipment") only with a military modifier, as a bridging
        reference to a weapon system named earlier in the same sentence ("its first S-400 shipment arrived, but
        some components are still being delivered"), or as a definite reference to the one system the text has
        named ("most of the hardware arrived")."""
        if t.pos_ not in ("NOUN", "PROPN") or t.lower_ not in self.lex["weapon_nouns"]:
            return False
        if t.lemma_.lower() in self.lex["vague_weapon_nouns"]:
            return any(c.lower_ in self.lex["weapon_nouns"] or c.lower_ in self.lex["military_modifiers"]
                       for c in t.subtree if c.i < t.i) or self.bridged_weapon(t) is not None or (
                self.definite(t) and self.sole_weapon_before(t.i) is not None)
        return True

    def bridged_weapon(self, t: Token) -> tuple[str, str, Token] | None:
        """The specific weapon system named before ``t`` in its sentence, which a bare part noun refers to."""
        start = t.sent.start
        at = bisect.bisect_left(self.ordered, t.i, key=lambda x: x[0])
        for k in range(at - 1, -1, -1):
            i, m = self.ordered[k]
            if i < start:
                break
            if m.entity and self.etype(m.entity) == "WEAPON_SYSTEM" and not m.entity.split(":", 1)[-1].startswith(
                    "class:"):
                return m.entity, m.text, self.doc[i]
        return None

    def sole_weapon_before(self, before: int) -> tuple[str, str, Token] | None:
        """The weapon system named before token ``before`` when it is the only specific one the text has named so
        far: "the battalions", "most of the hardware" in an article about one system refer to it."""
        if self._sole is None:
            # one pass over the mentions: entry k is the sole system among the first k (None once a second appears)
            sole: list[tuple[str, str, Token] | None] = [None]
            seen: str | None = None
            for i, m in self.ordered:
                last = sole[-1]
                if m.entity and self.etype(m.entity) == "WEAPON_SYSTEM" and not m.entity.split(":", 1)[-1].startswith(
                        "class:"):
                    if seen in (None, m.entity):
                        seen, last = m.entity, (m.entity, m.text, self.doc[i])
                    else:
                        seen, last = "", None  # a second system: ambiguous from here on
                sole.append(last)
            self._sole = sole
        return self._sole[bisect.bisect_left(self.ordered, before, key=lambda x: x[0])]

    def definite(self, t: Token) -> bool:
        """``t`` heads a bare definite phrase ("the hardware", "its batteries"; no modifier but a military one) or
        a partitive of one ("most of the hardware")."""
        if any(c.dep_ in ("amod", "compound", "nmod") and c.lower_ not in self.lex["military_modifiers"]
               for c in t.children):
            return False  # "the Chinese financial system" is a system of its own kind
        if any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "their", "these", "those", "this", "that",
                                                          "his", "her") for c in t.children):
            return True
        return t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in self.lex["partitive_heads"] \
            and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)

    def weapons_in(self, toks: Iterable[Token], anchor: Token) -> list[tuple[str | None, str | None, Token]]:
        """The weapon nearest to ``anchor`` among ``toks`` and its conjuncts ("Bal-E and Bastion-P systems")."""
        pool = sorted(toks, key=lambda x: (abs(x.i - anchor.i), x.i))
        first: Token | None = None
        for t in pool:
            m = self.by_token.get(t.i)
            if (m and m.entity and self.etype(m.entity) == "WEAPON_SYSTEM") or (
                    self._generic_weapon(t)):
                first = t
                break
        if first is None:
            return []
        # climb to the head noun of a compound ("S-400 batteries" -> batteries) to reach its conjuncts
        head = first
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
            head = head.head
        group = [head] + list(head.conjuncts)
        if first.dep_ in ("conj",) or any(g.left_edge.i <= first.i <= g.right_edge.i for g in group[1:]):
            group = [first.head] + list(first.head.conjuncts) if first.head.pos_ in ("NOUN", "PROPN") else [first]
        out: list[tuple[str | None, str | None, Token]] = []
        seen: set[str] = set()
        for g in sorted(group, key=lambda x: x.i):
            # every named system among the head's left modifiers ("Bal-E and Bastion-P missile systems")
            named: list[tuple[str | None, str | None, Token]] = []
            for t in g.subtree:
                if t.i > g.i:
                    break
                m = self.by_token.get(t.i)
                if m and m.entity and self.etype(m.entity) == "WEAPON_SYSTEM" and m.entity not in seen:
                    seen.add(m.entity)
                    named.append((m.entity, m.text, t))
            if not named:
                # a generic part of a named system: "missiles for the S-400 system", "components of the S-400"
                for pp in g.children:
                    if pp.dep_ == "prep" and pp.lower_ in ("for", "of"):
                        for t in pp.subtree:
                            m = self.by_token.get(t.i)
                            if m and m.entity and self.etype(m.entity) == "WEAPON_SYSTEM" and m.entity not in seen \
                                    and not m.entity.split(":", 1)[-1].startswith("class:"):
                                seen.add(m.entity)
                                named.append((m.entity, m.text, t))
                                break
            specific = [n for n in named if not (n[0] or "").split(":", 1)[-1].startswith("class:")]
            if specific:
                out.extend(specific)
            elif named:
                out.append(named[0])
            elif g.lower_ in self.lex["weapon_nouns"] or g.i == first.i:
                out.append((None, self.np_text(g), g))
        if out and all(o[0] is None for o in out):
            # generic parts of a system named in the same phrase: "delivery of missiles for the S-400 system"
            for t in pool:
                m = self.by_token.get(t.i)
                if m and m.entity and self.etype(m.entity) == "WEAPON_SYSTEM" \
                        and not m.entity.split(":", 1)[-1].startswith("class:"):
                    return [(m.entity, m.text, t)]
        if any(o[0] for o in out):
            # "S-400 batteries and components": bare parts conjoined with a named system are parts of it
            out = [o for o in out if o[0] or o[2].lemma_.lower() not in self.lex["vague_weapon_nouns"]]
        return out

    def last_weapon_before(self, before: int, window: int = 600) -> tuple[str | None, str | None, Token] | None:
        """The named weapon system mentioned last before token ``before`` (within ``window`` tokens), for generic
        weapon nouns that refer back to it ("the squadrons", "the aircraft")."""
        for i, m in reversed(self.ordered):
            if i >= before:
                continue
            if before - i > window:
                break
            if m.entity and self.etype(m.entity) == "WEAPON_SYSTEM" and not m.entity.split(":", 1)[-1].startswith(
                    "class:"):
                return m.entity, m.text, self.doc[i]
        return None

    # --- salience and coreference ---
    def salient_states(self, before: int, k: int) -> list[str]:
        """The ``k`` most salient states before token ``before`` (see ``_salient_states``)."""
        return self._salient_states(before, k)

    def _salient_states(self, before: int, k: int) -> list[str]:
        """The ``k`` most salient states before token ``before``: frequency with a slow decay per sentence,
        doubled for subjects and tripled for states named together ("China and Russia", "India-China")."""
        here = self.sent_idx[before] if before < len(self.sent_idx) else (self.sent_idx[-1] if self.sent_idx else 0)
        scores: dict[str, float] = {}
        for i, sid, base, sent in self._state_mentions():
            if i >= before:
                break
            scores[sid] = scores.get(sid, 0.0) + base * 0.9 ** max(0, here - sent)
        return [s for s, _ in sorted(scores.items(), key=lambda x: -x[1])[:k]]

    def _state_mentions(self) -> list[tuple[int, str, float, int]]:
        """(token, state id, base weight, sentence) of every state mention, computed once per document."""
        if self._states_cache is None:
            rows: list[tuple[int, str, float, int]] = []
            for i, m in self.ordered:
                sid = self.state_of(m.entity)
                if sid is None or self.etype(m.entity) != "STATE":
                    continue
                t = self.doc[i]
                w = 2.0 if (t.dep_ in _SUBJ or t.head.dep_ in _SUBJ) else 1.0
                hyphen = t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "-"
                if t.conjuncts or t.dep_ == "conj" or hyphen:
                    w *= 3.0
                rows.append((i, sid, w, self.sent_idx[i]))
            self._states_cache = rows
        return self._states_cache

    def _recent(self, before: int, types: set[str], subject_first: bool = True) -> str | None:
        best: str | None = None
        for i, m in reversed(self.ordered):
            if i >= before:
                continue
            if before - i > 120:
                break
            et = self.etype(m.entity)
            if et not in types:
                continue
            t = self.doc[i]
            is_subj = t.dep_ in _SUBJ or t.head.dep_ in _SUBJ or (t.dep_ in ("compound", "amod") and t.head.dep_ in _SUBJ)
            if not subject_first or is_subj:
                return m.entity
            if best is None:
                best = m.entity
        return best

    def is_group_anaphor(self, tok: Token) -> bool:
        if tok.lower_ not in self.lex["group_heads"]:
            return False
        words = {c.lower_ for c in tok.doc[tok.left_edge.i:tok.i + 1]}
        return bool(words & {"both", "two"})

    def resolve_pronoun(self, tok: Token) -> list[str]:
        low = tok.lower_
        if low in self.lex["pronouns_person"]:
            e = self._recent(tok.i, {"PERSON"})
            return [e] if e else []
        if low in self.lex["pronouns_singular"]:
            e = self._recent(tok.i, {"STATE", "ORG"})
            return [e] if e else []
        if low in self.lex["pronouns_plural"]:
            return self._salient_states(tok.i, 2)
        return []

    # --- arguments ---
    def args_of_np(self, tok: Token) -> list[Arg]:
        """Entities named by the noun phrase headed by ``tok``, split over conjuncts ("China and Russia");
        computed once per token (callers must not modify the list)."""
        key = ("np", tok.i)
        hit = self._np_memo.get(key)
        if hit is None:
            hit = self._np_memo[key] = self._args_of_np(tok)
        return hit

    def _args_of_np(self, tok: Token) -> list[Arg]:
        heads = [tok] + [c for c in tok.conjuncts if c.i > tok.i]
        out: list[Arg] = []
        for h in heads:
            out.extend(self._args_of_head(h))
        seen: set[str] = set()
        uniq: list[Arg] = []
        for a in out:
            key = a.entity or a.text
            if key not in seen:
                seen.add(key)
                uniq.append(a)
        return uniq

    def _args_of_head(self, h: Token) -> list[Arg]:
        m = self.by_token.get(h.i)
        if m and m.entity:
            return [Arg(m.entity, m.text, h.i)]
        if h.pos_ == "PRON" or h.lower_ in self.lex["pronouns_singular"] | self.lex["pronouns_plural"]:
            return [Arg(e, h.text, h.i) for e in self.resolve_pronoun(h)]
        if self.is_group_anaphor(h):
            if self.last_pair is not None and 0 < h.i - self.last_pair[0] <= _PAIR_REACH:
                return [Arg(e, h.text, h.i) for e in self.last_pair[1]]
            return [Arg(e, h.text, h.i) for e in self._salient_states(h.i, 2)]
        if h.lemma_.lower() in self.lex["partitive_heads"] or h.pos_ == "NUM":
            # "thousands of Chinese troops", "a contingent of Russian paratroopers": the "of" phrase names them
            inner = [p for c in h.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                     if p.dep_ == "pobj"]
            if inner:
                found = [a for a in self.args_of_np(inner[0]) if a.entity]
                if found:
                    return found
        # modifiers: "Russian authorities", "its officials", "China's Deputy Prime Minister"
        mods = [c for c in h.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        mods += [cj for c in mods for cj in c.conjuncts]
        agentive = h.lemma_.lower() in self.lex["state_agent_nouns"] or h.lower_ in self.lex["state_agent_nouns"]
        # "officials in Moscow", "the government of India", "officials on Putin's team", "envoys from Beijing"
        preps = ("in", "of", "on", "from") if agentive else ("in", "of")
        mods += [p for c in h.children if c.dep_ == "prep" and c.lower_ in preps
                 for p in c.children if p.dep_ == "pobj"]
        mod_states: list[str] = []
        for c in mods:
            sub = self.args_of_np(c) if c.dep_ in ("poss", "pobj") else self._args_of_head(c)
            for a in sub:
                st = self.state_of(a.entity)
                if st:
                    mod_states.append(st)
        if h.lemma_.lower() in self.lex["state_agent_nouns"] or h.lower_ in self.lex["state_agent_nouns"]:
            if mod_states:
                return [Arg(s, self.np_text(h), h.i) for s in dict.fromkeys(mod_states)]
        if h.pos_ in ("NOUN", "PROPN"):
            return [Arg(None, self.np_text(h), h.i)]
        return []

    def modifier_states(self, tok: Token) -> list[Arg]:
        """States named by demonym/possessive/compound modifiers of a noun ("Russian deliveries", "Xi's visit");
        computed once per token (callers must not modify the list)."""
        key = ("mods", tok.i)
        hit = self._np_memo.get(key)
        if hit is None:
            hit = self._np_memo[key] = self._modifier_states(tok)
        return hit

    def _modifier_states(self, tok: Token) -> list[Arg]:
        out: list[Arg] = []
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod")]
        mods += [cj for c in mods for cj in c.conjuncts if cj.dep_ == "conj"]
        mods += [g for c in mods if c.dep_ in ("compound", "amod") for g in c.children
                 if g.dep_ in ("compound", "amod", "nmod") and self.by_token.get(g.i)]
        for c in mods:
            if True:
                for a in (self.args_of_np(c) if c.dep_ == "poss" else self._args_of_head(c)):
                    if a.entity and self.etype(a.entity) in ("STATE", "PERSON", "ORG"):
                        out.append(a)
        return out

    def object_controller(self, verb: Token) -> tuple[list[Arg], Token] | None:
        """Object control: in "pressed Seoul into accepting X" / "persuaded Seoul to accept X" the object of the
        controlling verb does ``verb``. Returns (its arguments, the controlling verb), or None."""
        main = verb.head
        if verb.dep_ == "pcomp" and main.lower_ in ("into", "to") and main.dep_ == "prep":
            main = main.head
        elif verb.dep_ not in ("xcomp", "ccomp"):
            return None
        if main.pos_ != "VERB" or main.lemma_.lower() not in self.lex["object_control_verbs"]:
            return None
        for c in main.children:
            if c.dep_ == "dobj":
                args = [a for a in self.args_of_np(c) if a.entity]
                return (args, main) if args else None
        subj = [c for c in verb.children if c.dep_ == "nsubj"]  # "urged Seoul to accept" parsed as ccomp
        if subj and verb.dep_ == "ccomp":
            args = [a for a in self.args_of_np(subj[0]) if a.entity]
            return (args, main) if args else None
        return None

    def subject_of(self, verb: Token, depth: int = 0) -> tuple[list[Arg], bool]:
        """Subject arguments of ``verb`` and whether it is passive (then the ``by`` agent is returned)."""
        passive = False
        for c in verb.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return self.args_of_np(p), True
            if c.dep_ == "nsubjpass":
                passive = True
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and not passive)]
        found: list[Arg] = []
        for c in subjects:
            if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return self.args_of_np(verb.head), False  # "Indian media, which has circulated ..."
            args = self.args_of_np(c)
            if any(a.entity for a in args):
                return args, False  # a misparse may give two subjects: prefer the one naming an entity
            found = found or args
        if found:
            return found, False
        if passive and depth > 0:
            # a controlled verb under a passive takes the passive subject: "X was found guilty of handling ..."
            pas = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if pas:
                return self.args_of_np(pas[0]), False
        if passive:
            return [], True
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("NOUN", "PROPN"):
            mods = self.modifier_states(verb.head.head)
            if mods:
                return mods, False
        if verb.dep_ == "xcomp" and depth < 4:
            ctrl = self.object_controller(verb)
            if ctrl is not None:
                return ctrl[0], False  # "Xi invited Putin to visit China": Putin visits
        if depth < 4 and verb.dep_ in ("xcomp", "conj", "pcomp", "acomp", "advcl", "ccomp", "dep") and verb.head.i != verb.i:
            head = verb.head
            if verb.dep_ == "pcomp":
                head = governing_verb(verb) or head
            if head.pos_ in ("VERB", "AUX", "ADJ"):
                return self.subject_of(head, depth + 1)
        if depth < 4 and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            noun = verb.head
            own = [a for a in self.args_of_np(noun) if a.entity]
            if own and verb.tag_ == "VBG":
                return own, False  # "the Kremlin, seeking to preserve ..."
            mods = self.modifier_states(noun)
            if mods:
                return mods, False
        if depth < 4 and verb.dep_ == "relcl":
            return self.args_of_np(verb.head), False
        return [], False

    def objects_of(self, tok: Token) -> tuple[list[Arg], list[Arg]]:
        """(direct objects, prepositional targets) of a trigger token."""
        direct: list[Arg] = []
        preps: list[Arg] = []
        where: list[Arg] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                # "invested in India": a location is a party only when nothing else is
                where.extend(a for p in c.children if p.dep_ == "pobj" for a in self.args_of_np(p)
                             if self.etype(a.entity) == "STATE")
            if c.dep_ in ("dobj", "dative", "iobj", "attr") and tok.pos_ in ("VERB", "AUX"):
                args = self.args_of_np(c)
                if not any(a.entity for a in args):
                    # "criticized Pyongyang's tests": the possessor is the party
                    args = self.modifier_states(c) or args
                # "requested assistance from Russia", "sold its S-400 system to China"
                for pp in c.children:
                    if pp.dep_ == "prep" and pp.lower_ in ("to", "from", "with", "against", "toward", "towards"):
                        preps.extend(a for p in pp.children if p.dep_ == "pobj"
                                     for a in self.args_of_np(p) if a.entity)
                direct.extend(a for a in args if self.etype(a.entity) != "WEAPON_SYSTEM")
            elif c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj":
                        args = self.args_of_np(p)
                        if not any(a.entity for a in args):
                            # "for Russia's S-400": the possessor is the party
                            args = self.modifier_states(p) or args
                        preps.extend(a for a in args if self.etype(a.entity) != "WEAPON_SYSTEM")
        if not direct and not preps:
            preps = where
        return direct, preps


# --- argument fallbacks used by the event assembler ---

def nearest_state(res: ArgResolver, toks: list[Token] | None, anchor: Token, exclude: set[str | None],
                   span: tuple[int, int] | None = None) -> Arg | None:
    """The state mention nearest to ``anchor`` among ``toks`` (or in the token range ``span``), walking the
    document's linked mentions rather than every token."""
    best: tuple[int, Arg] | None = None
    if toks is not None:
        allowed = {t.i for t in toks}
        lo, hi = (min(allowed), max(allowed) + 1) if allowed else (0, 0)
    else:
        lo, hi = span or (0, 0)
        allowed = None
    at = bisect.bisect_left(res.ordered, (lo,), key=lambda x: (x[0],))
    for i, m in res.ordered[at:]:
        if i >= hi:
            break
        if allowed is not None and i not in allowed:
            continue
        t = res.doc[i]
        eid = m.entity
        if eid and res.etype(eid) == "STATE" and eid not in exclude:
            d = abs(t.i - anchor.i)
            if best is None or d < best[0]:
                best = (d, Arg(eid, t.text, t.i))
    return best[1] if best else None


def weapon_origin(res: ArgResolver, item: str | None, item_tok: Token | None) -> str | None:
    if item is not None:
        ent = res.entities.get(item)
        if ent is not None:
            origin = ent.attributes.get("origin") or ent.attributes.get("state")
            if origin:
                return origin if ":" in str(origin) else f"STATE:{origin}"
    if item_tok is not None:
        for t in [item_tok, item_tok.head]:
            for a in res.modifier_states(t):
                st = res.state_of(a.entity)
                if st:
                    return st
    return None


def as_party(res: ArgResolver, a: Arg, lex: Lexicons | None = None) -> Arg:
    """A place stands for its state when the gazetteer knows it ("deployed to Kaliningrad" -> RUS); a contested
    territory, for the state a seizure of it is directed at ("the annexation of Crimea" -> UKR)."""
    if a.entity and res.etype(a.entity) == "PLACE":
        st = res.state_of(a.entity) or (lex.table("de_jure_state").get(a.entity.lower()) if lex else None)
        if st:
            return Arg(st, a.text, a.token)
    return a


def amount_np(res: ArgResolver, a: Arg) -> bool:
    """An unlinked phrase that is an amount ("two billion euros"), never a party."""
    if a.token < 0:
        return False
    return any(t.like_num or t.pos_ == "NUM" for t in res.doc[a.token].subtree)
