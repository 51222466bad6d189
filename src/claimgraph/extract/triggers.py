"""Trigger rules compiled once, matched in one pass, and resolved into event candidates.

Rules (``data/rules/*.jsonl``) are spaCy Matcher-style token patterns. They are compiled ONCE per process and
vocabulary into hash indexes: lemma -> one-word rules, first token -> phrase rules. Matching is a single pass
over two integer columns of the document; Token objects are made only for hits. A candidate is then typed by
what surrounds it (context lemmas near the trigger, a weapon in its phrase or clause, or a commodity), and
overlapping candidates are resolved by rule priority: a trigger that is the argument of a stronger one ("the
postponement of the delivery") is consumed by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from .ontology import Lexicons, Rule, load_lexicons, load_rules
from .roles import ArgResolver, clause_tokens, progressive_host

__all__ = ["ARMS_TYPES", "Candidate", "find_candidates", "get_matcher", "item_scope", "subject_tokens"]

ARMS_TYPES = frozenset({"arms_order", "arms_delivery", "arms_delivery_delay", "arms_delivery_expedite",
                        "arms_cancellation"})
_ARMS = ARMS_TYPES

_Spec = tuple[str, frozenset[str], bool]  # (attribute LOWER|LEMMA|POS, allowed values, optional)


@dataclass(frozen=True)
class _Compiled:
    """Rules compiled for one vocabulary.

    ``by_lemma``: one-word rules keyed by the hash of a lemma (or form), one dict lookup per token whatever
    the number of rules. ``phrases``: multiword rules keyed by the hashes their first token may have, then
    checked token by token over a few following tokens only. This replaced a spaCy ``Matcher`` that cost
    ~5 % of parse time on its own (its predicate cache runs every pattern at every token).
    """

    vocab: Vocab
    by_lemma: dict[int, tuple[tuple[Rule, frozenset[str]], ...]]
    phrases: dict[int, tuple[tuple[Rule, tuple[tuple[_Spec, ...], ...]], ...]]


_COMPILED: dict[int, _Compiled] = {}


def _token_specs(spec: dict[str, Any]) -> tuple[_Spec, ...]:
    """One Matcher-style token dict as (attribute, values) checks: ``{"LOWER": {"IN": [...]}}``, ``{"LEMMA": x}``."""
    out: list[_Spec] = []
    optional = spec.get("OP") == "?"
    for attr in ("LOWER", "LEMMA", "POS"):
        if attr not in spec:
            continue
        val = spec[attr]
        if isinstance(val, dict) and "IN" in val:
            out.append((attr, frozenset(val["IN"]), optional))
        elif isinstance(val, dict) and "NOT_IN" in val:
            out.append(("NOT_" + attr, frozenset(val["NOT_IN"]), optional))
        else:
            out.append((attr, frozenset([str(val)]), optional))
    return tuple(out)


def get_matcher(vocab: Vocab) -> _Compiled:
    """The compiled trigger rules for ``vocab``, built once per process and vocabulary."""
    hit = _COMPILED.get(id(vocab))
    if hit is not None and hit.vocab is vocab:
        return hit
    index: dict[int, list[tuple[Rule, frozenset[str]]]] = {}
    phrases: dict[int, list[tuple[Rule, tuple[tuple[_Spec, ...], ...]]]] = {}
    for rule in load_rules():
        spec = rule.pattern[0] if len(rule.pattern) == 1 else None
        lemmas = spec.get("LEMMA", {}).get("IN") if spec and isinstance(spec.get("LEMMA"), dict) else None
        if spec is not None and lemmas and set(spec) <= {"LEMMA", "POS"}:
            pos = frozenset(spec.get("POS", {}).get("IN", ())) if isinstance(spec.get("POS"), dict) else frozenset()
            for lemma in lemmas:
                index.setdefault(vocab.strings.add(lemma), []).append((rule, pos))
            continue
        specs = tuple(_token_specs(t) for t in rule.pattern)
        first = [c for c in specs[0] if c[0] in ("LOWER", "LEMMA")]
        if not first or specs[0][0][2]:
            raise ValueError(f"rule {rule.id}: a phrase must start with a required LOWER or LEMMA token")
        for value in first[0][1]:
            phrases.setdefault(vocab.strings.add(value), []).append((rule, specs))
    compiled = _Compiled(vocab, {k: tuple(v) for k, v in index.items()}, {k: tuple(v) for k, v in phrases.items()})
    _COMPILED[id(vocab)] = compiled
    return compiled


def _token_ok(t: Token, checks: tuple[_Spec, ...]) -> bool:
    for attr, values, _opt in checks:
        if attr == "LOWER" and t.lower_ not in values:
            return False
        if attr == "LEMMA" and t.lemma_ not in values and t.lemma_.lower() not in values:
            return False
        if attr == "POS" and t.pos_ not in values:
            return False
        if attr == "NOT_LOWER" and t.lower_ in values:
            return False
    return True


def _phrase_end(doc: Doc, start: int, specs: tuple[tuple[_Spec, ...], ...]) -> int:
    """End of the phrase matching ``specs`` from ``start`` (greedy on optional tokens), or -1."""
    i = start
    for checks in specs:
        optional = bool(checks) and checks[0][2]
        if i < len(doc) and _token_ok(doc[i], checks):
            i += 1
        elif not optional:
            return -1
    return i


def _matches(doc: Doc) -> list[tuple[Rule, int, int]]:
    comp = get_matcher(doc.vocab)
    out: list[tuple[Rule, int, int]] = []
    index, phrases = comp.by_lemma, comp.phrases
    # one pass over two integer columns; Token objects are made only for the few hits
    for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
        hits = index.get(lemma) or index.get(lower)
        starts = phrases.get(lower) or phrases.get(lemma)
        if not hits and not starts:
            continue
        t = doc[i]
        for rule, pos in hits or ():
            if not pos or t.pos_ in pos:
                out.append((rule, i, i + 1))
        for rule, specs in starts or ():
            end = _phrase_end(doc, i, specs)
            if end > i:
                out.append((rule, i, end))
    return out


@dataclass
class Candidate:
    """A matched trigger before argument assignment."""

    rule: Rule
    token: Token
    span: Span
    type: str
    used: set[int] = field(default_factory=set)


def _neighbourhood(tok: Token) -> list[Token]:
    out = list(tok.children)
    for c in tok.children:
        out.extend(c.children)
        if c.dep_ == "prep":
            for p in c.children:
                out.extend(p.children)
    if tok.head.i != tok.i:
        out.append(tok.head)
        if tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("xcomp", "pcomp"):
            out.extend(c for c in tok.head.children if c.i != tok.i)
    return out


def _relcl_head(tok: Token) -> Token | None:
    """The noun a relative clause modifies when the trigger's object is the relative pronoun."""
    t = tok
    for _ in range(3):
        if t.dep_ == "relcl":
            if any(c.dep_ == "dobj" and c.tag_ in ("WDT", "WP") for x in (tok, t) for c in x.children):
                return t.head
            return None
        if t.dep_ not in ("xcomp", "ccomp") or t.head.i == t.i:
            return None
        t = t.head
    return None


def item_scope(tok: Token, res: ArgResolver | None = None) -> list[Token]:
    """Where a trigger's item may be: a noun's phrase; a verb's clause without its active subject.

    "China's opposition to THAAD provides an example" must not make "provide" an arms delivery of THAAD.
    With ``res`` the scope is computed once per token and document.
    """
    if res is not None:
        key = ("scope", tok.i)
        hit = res.memo.get(key)
        if hit is None:
            hit = res.memo[key] = item_scope(tok)
        return hit
    if tok.pos_ in ("NOUN", "PROPN"):
        phrase = list(tok.subtree)
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB":
            # a "for"/"of" phrase after the object may attach to the verb: "signed a contract on Friday for
            # five S-400 squadrons"
            phrase += [t for p in tok.head.children if p.dep_ == "prep" and p.lower_ in ("for", "of")
                       and p.i > tok.i for t in p.subtree]
        return phrase
    clause = clause_tokens(tok)
    banned: set[int] = set()
    passive = tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children)
    for t in clause:
        if t.dep_ in ("nsubj", "csubj") and t.head.pos_ in ("VERB", "AUX") and not passive:
            banned.update(x.i for x in t.subtree)
    for c in tok.children:
        # a purpose or complement clause is another event: "dispatch engineers to bring the launchers into operation"
        if c.dep_ in ("xcomp", "advcl", "ccomp") and c.pos_ in ("VERB", "AUX"):
            banned.update(x.i for x in c.subtree)
    seen: set[int] = set()
    out: list[Token] = []
    rel = _relcl_head(tok)
    extra = [t for t in rel.subtree if t.i <= rel.i] if rel is not None else []
    host = progressive_host(tok, load_lexicons()["progressive_nouns"]) if tok.pos_ == "VERB" else None
    if host is not None:  # "the spares are in the midst of being shipped": the host's subject is the item
        extra = extra + [t for ch in host.children if ch.dep_ in ("nsubj", "nsubjpass") for t in ch.subtree]
    for t in clause + list(tok.subtree) + extra:
        if t.i not in banned and t.i not in seen:
            seen.add(t.i)
            out.append(t)
    return out


def subject_tokens(tok: Token) -> list[Token]:
    """The subject phrase of a verb, or of the copula of a predicative adjective ("the batteries are due")."""
    head = tok.head if tok.dep_ == "acomp" else tok
    return [t for ch in head.children if ch.dep_ in ("nsubj", "nsubjpass") for t in ch.subtree]


_PRONOUN_WINDOW = 40  # tokens back to the thing a pronoun subject of an arrival refers to


def _pronoun_subject(tok: Token, lex: Lexicons) -> bool:
    return any(t.pos_ == "PRON" and (t.lower_ in lex["pronouns_plural"] or t.lower_ in lex["pronouns_singular"])
               for t in tok.children if t.dep_ in ("nsubj", "nsubjpass"))


def _has_near(tok: Token, lemmas: frozenset[str]) -> Token | None:
    for t in _neighbourhood(tok):
        if t.lemma_.lower() in lemmas or t.lower_ in lemmas:
            return t
    return None


def find_candidates(doc: Doc, res: ArgResolver, lex: Lexicons) -> list[Candidate]:
    found: list[Candidate] = []
    for rule, start, end in _matches(doc):
        span = doc[start:end]
        tok = span.root
        used: set[int] = set()
        if rule.near:
            ctx = _has_near(tok, rule.near)
            if ctx is None:
                continue
            used.add(ctx.i)
        if rule.not_near and _has_near(tok, rule.not_near):
            continue
        if rule.weapon or rule.no_weapon:
            scope = item_scope(tok, res)
            if rule.subject == "item":  # the subject is the thing delivered: "the squadrons arrived"
                scope = scope + subject_tokens(tok)
            wid, wtext, wtok = res.weapon_in(scope)
            has_weapon = wtok is not None
            if not has_weapon and rule.subject == "item" and _pronoun_subject(tok, lex):
                # "India expects them to arrive in December": the pronoun is the system just named
                has_weapon = res.last_weapon_before(tok.i, window=_PRONOUN_WINDOW) is not None
            if rule.weapon and not has_weapon:
                continue
            if rule.no_weapon and has_weapon and wid is not None:
                continue
            if rule.no_weapon and any(t.lower_ in ("arms", "weapons", "military") for t in tok.subtree):
                continue
        if rule.near_commodity:
            pool = list(tok.subtree)
            if rule.subject == "item":  # "gas began flowing": what flows is the subject, or its verb's
                pool += subject_tokens(tok) + (subject_tokens(tok.head) if tok.dep_ == "xcomp" else [])
            if not any(t.lemma_.lower() in lex["commodities"] or t.lower_ in lex["commodities"] for t in pool):
                continue
        found.append(Candidate(rule, tok, span, rule.type, used))
    # strongest first; a token triggers at most one event
    found.sort(key=lambda c: (-c.rule.priority, c.token.i))
    taken: set[int] = set()
    chosen: list[Candidate] = []
    for c in found:
        if c.token.i in taken or any(t.i in taken for t in c.span):
            continue
        # a nominal trigger that is the argument of a stronger chosen trigger ("deal for the delivery")
        head = c.token.head
        if c.token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "for", "on", "to") \
                and head.head.i in {x.token.i for x in chosen}:
            continue
        if c.token.dep_ in ("compound", "amod") and c.token.head.i in {x.token.i for x in chosen}:
            continue
        # an arms trigger inside the phrase of a stronger arms trigger ("deal for the delivery of ...")
        if c.type in _ARMS and c.token.pos_ == "NOUN" and any(
                x.type in _ARMS and res.sent_idx[c.token.i] == res.sent_idx[x.token.i]
                and x.token.left_edge.i <= c.token.i <= x.token.right_edge.i for x in chosen):
            continue
        chosen.append(c)
        taken.update(t.i for t in c.span)
        taken.update(c.used)
    # directives ("urged X to strengthen ...") and defer-rules ("agreed to ... consultations")
    final: list[Candidate] = []
    directive_scopes = [
        {t.i for ch in c.token.children if ch.dep_ in ("xcomp", "ccomp", "prep", "dobj") for t in ch.subtree}
        for c in chosen if c.rule.directive]
    others = {c.token.i for c in chosen}
    for c in chosen:
        if not c.rule.directive and any(c.token.i in s for s in directive_scopes):
            continue
        if c.rule.defer:
            comp = {t.i for ch in c.token.children if ch.dep_ in ("xcomp", "prep", "ccomp") for t in ch.subtree}
            if comp & (others - {c.token.i}):
                continue
        final.append(c)
    final.sort(key=lambda c: c.token.i)
    return final
