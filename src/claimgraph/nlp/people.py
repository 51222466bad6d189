"""People: clean person names, read their roles from the sentence, link short names to full ones.

Roles come from two constructions that reporting uses constantly:

* premodifiers: "Chinese Foreign Minister Qin Gang", "Putin's foreign policy aide Yuri Ushakov",
  "China's Deputy Prime Minister Zhang Gaoli" (a leading demonym or state possessive becomes ``state``);
* appositions and relative clauses: "Valery Mitko, President of <an academy>", "Sergei Lavrov, Minister of
  Foreign Affairs", "Alexander Mikheev, who heads <a company>".

A role is only accepted when its phrase contains a role noun from ``lexicon.yaml`` (``role_heads``), so that
ordinary noun phrases next to a name are not mistaken for titles.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer, load_lexicon

__all__ = ["clean_person_name", "find_role", "resolve_short_names", "span_state"]

_STOP_APPOS = frozenset(
    {",", ";", ".", "(", ")", ":", "\u2014", "\u2013", "--", "!", "?", '"', "\u201c", "\u201d"}
)
_HEAD_VERBS = frozenset({"head", "lead", "run", "chair", "direct", "command", "manage", "oversee"})
_DETS = frozenset({"the", "a", "an"})


def clean_person_name(span: Span) -> tuple[str, list[Token]]:
    """The name without leading titles or a trailing possessive, and the title tokens that were removed."""
    titles = load_lexicon().get("titles", frozenset())
    tokens = list(span)
    removed: list[Token] = []
    while len(tokens) > 1 and tokens[0].lower_ in titles:
        removed.append(tokens.pop(0))
    while tokens and (
        tokens[-1].tag_ == "POS" or tokens[-1].lower_ in ("'s", "\u2019s") or tokens[-1].is_punct
    ):
        tokens.pop()
    if not tokens:
        return "", removed
    text = span.doc[tokens[0].i : tokens[-1].i + 1].text
    return text, removed


def _role_ok(tokens: Sequence[Token]) -> bool:
    heads = load_lexicon().get("role_heads", frozenset())
    return any(t.lower_ in heads or t.lemma_.lower() in heads for t in tokens)


def _strip_state(tokens: list[Token], gaz: Gazetteer) -> tuple[list[Token], str | None]:
    """Drop leading determiners and the demonym / state possessive among the first words; return its state.

    "Chinese Foreign Minister" -> ("Foreign Minister", CHN); "former Japanese Prime Minister" -> ("former Prime
    Minister", JPN); "China's Deputy Prime Minister" -> ("Deputy Prime Minister", CHN).
    """
    while tokens and tokens[0].lower_ in _DETS:
        tokens = tokens[1:]
    for k, tok in enumerate(tokens[:3]):
        if k == len(tokens) - 1:
            break
        if k + 2 < len(tokens) and tokens[k + 1].i == tok.i + 1 and gaz.state_of(f"{tok.text} {tokens[k + 1].text}"):
            # a two-word state ("North Korea's", "South Korean"): not its second word alone
            rest = tokens[k + 2 :]
            if rest and rest[0].tag_ == "POS":
                rest = rest[1:]
            return tokens[:k] + rest, gaz.state_of(f"{tok.text} {tokens[k + 1].text}")
        iso = gaz.state_of(tok.text)
        # a state word, also inside a model ORG span that only swallowed it ("U.S. Energy" of "U.S. Energy Secretary")
        if iso is not None and (tok.ent_type_ in ("NORP", "STATE", "GPE", "") or (
            tok.ent_type_ == "ORG" and not tok.ent_kb_id_
        )):
            rest = tokens[k + 1 :]
            if rest and rest[0].tag_ == "POS":
                rest = rest[1:]
            return tokens[:k] + rest, iso
    return tokens, span_state(tokens, gaz)


def span_state(tokens: Sequence[Token], gaz: Gazetteer) -> str | None:
    """The state a role phrase names through an entity inside it: a state ("director of North Korea's ...") or
    an organisation of a state ("Indian Army chief", "Pentagon spokesman", "State Department spokesman")."""
    for tok in tokens:
        kb = tok.ent_kb_id_
        if not kb:
            continue
        if kb.startswith("STATE:"):
            return kb.partition(":")[2]
        state = gaz.org_state(kb)
        if state and kb.startswith("ORG:"):
            return state
    return None


def _text(tokens: Sequence[Token]) -> str:
    doc = tokens[0].doc
    if tokens[-1].i - tokens[0].i == len(tokens) - 1:
        return doc[tokens[0].i : tokens[-1].i + 1].text
    return (
        "".join(t.text_with_ws for t in tokens[:-1]) + tokens[-1].text
    )  # a word was dropped from the middle


def _premodifier_role(span: Span, gaz: Gazetteer) -> tuple[str | None, str | None]:
    doc = span.doc
    j = span.start - 1
    collected: list[Token] = []
    while j >= 0:
        t = doc[j]
        if t.tag_ == "POS":  # "Iran's": the clitic hangs on the possessor, which hangs on the role noun
            owner = t.head
            in_np = owner.i < t.i and owner.head.i > t.i and owner.head.i < span.end
        else:
            in_np = t.head.i > t.i and t.head.i < span.end
        if in_np and (t.tag_ == "POS" or t.pos_ in ("PROPN", "NOUN", "ADJ")):
            collected.insert(0, t)
            j -= 1
            continue
        break
    if not collected or not _role_ok(collected):
        return None, None
    tokens, state = _strip_state(collected, gaz)
    if not tokens or not _role_ok(tokens):
        return None, state
    return _text(tokens), state


def _apposition_role(span: Span, gaz: Gazetteer) -> tuple[str | None, str | None]:
    doc = span.doc
    i = span.end
    if i >= len(doc) - 1 or doc[i].text != ",":
        return None, None
    i += 1
    if doc[i].lower_ == "who" and i + 1 < len(doc) and doc[i + 1].lemma_.lower() in _HEAD_VERBS:
        obj = _phrase(doc, i + 2, 10)
        if obj:
            _, state = _strip_state(list(obj), gaz)
            return "head of " + _text(obj), state
        return None, None
    phrase = _phrase(doc, i, 12)
    if not phrase or not _role_ok(phrase[:4]):
        return None, None
    tokens, state = _strip_state(list(phrase), gaz)
    if not tokens:
        return None, state
    return _text(tokens), state


def _phrase(doc: Doc, start: int, limit: int) -> list[Token]:
    out: list[Token] = []
    for t in doc[start : min(len(doc), start + limit)]:
        if t.text in _STOP_APPOS or t.pos_ in ("VERB", "AUX") or t.lower_ in ("who", "which", "that", "and"):
            break
        out.append(t)
    while out and out[-1].pos_ in ("ADP", "DET", "CCONJ"):
        out.pop()
    return out


def find_role(span: Span, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """``(role, state_iso3)`` for a person mention, from its premodifiers or its apposition; Nones if absent."""
    role, state = _premodifier_role(span, gaz)
    if role is None:
        role2, state2 = _apposition_role(span, gaz)
        role, state = role2, state or state2
    else:
        _, state2 = _apposition_role(span, gaz)
        state = state or state2
    return role, state


def resolve_short_names(short: str, full_names: Sequence[str]) -> str | None:
    """The full name a one-word person mention refers to ("Xi" -> "Xi Jinping", "Kashin" -> "Vasily Kashin").

    Family names come last in Western order and first in Chinese/Korean order, so any token may match; where
    several full names share the token, the one whose last token matches wins, then the first seen.
    """
    hits = [f for f in full_names if short in f.replace("-", " ").split()]
    if not hits:
        return None
    last = [f for f in hits if f.split()[-1] == short]
    return (last or hits)[0]
