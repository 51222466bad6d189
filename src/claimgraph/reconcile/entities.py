"""Entity resolution across documents: name variants, misspellings and role phrases.

Linking within a document is the nlp stage's job; here we merge the canonical entities that different documents
produced for one real person or organisation:

* a short form of a longer name of the same type ("Xi" -> "Xi Jinping", "Shoigu" -> "Sergei Shoigu"), when exactly
  one longer name fits (first token for family-name-first names, last token otherwise);
* a misspelling (rapidfuzz ratio above a threshold, same type, one word spelled a little differently: "Segei
  Shoigu"), unless the gazetteer knows both names as entities of their own;
* a role phrase ("the Chinese President") resolved to the one person the corpus gives that role and state.

The result is a merge map variant id -> canonical id; the canonical entity keeps every variant name as an alias.
Titles used for stripping are the ``role`` attributes found in the corpus itself, not a hard-coded list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from ..records import Entity, Mention
from ._common import words

__all__ = ["EntityResolution", "resolve_entities"]

_MERGEABLE = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True)
class EntityResolution:
    aliases: Mapping[str, str]  # variant entity id -> canonical entity id
    entities: tuple[Entity, ...]  # canonical entities with the variants' names added as aliases
    mention_links: Mapping[str, str]  # unlinked mention id -> entity id (role phrases)


def _role_heads(role: object) -> list[str]:
    """Current role titles of a ``role`` attribute: "President of China; General Secretary of the CCP" ->
    ["president", "general secretary"]; former roles ("Former Premier of China") are dropped."""
    if not isinstance(role, str):
        return []
    heads = []
    for part in role.split(";"):
        toks = words(part)
        if not toks or toks[0] in ("former", "ex", "late"):
            continue
        if "of" in toks:
            toks = toks[: toks.index("of")]
        if toks:
            heads.append(" ".join(toks))
    return heads


def _roles(entities: Sequence[Entity]) -> set[str]:
    out: set[str] = set()
    for e in entities:
        for head in _role_heads(e.attributes.get("role") if e.attributes else None):
            out.update(head.split())
    return out


def _name_tokens(name: str, titles: set[str]) -> list[str]:
    toks = words(name)
    while toks and (toks[0] in titles or toks[0] == "the"):
        toks = toks[1:]
    return toks


def _state_words(entities: Sequence[Entity]) -> dict[str, str]:
    """Surface words (names, demonyms, metonyms) -> state entity id, from the corpus's own STATE entities."""
    out: dict[str, str] = {}
    for e in entities:
        if e.type != "STATE":
            continue
        for n in (e.name, *e.aliases):
            out.setdefault(" ".join(words(n)), e.id)
    return out


def _gazetteer_state_of() -> Callable[[str], str | None] | None:
    """The nlp gazetteer's state lookup (demonyms, metonyms), when the nlp stage is installed."""
    try:
        from ..nlp.gazetteer import get_gazetteer
    except ImportError:
        return None
    gaz = get_gazetteer()
    return lambda text: gaz.state_of(text)


def _state_id(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    return value if value.startswith("STATE:") else f"STATE:{value}"


def _role_target(phrase: str, people: Sequence[Entity], state_words: Mapping[str, str],
                 state_of: Callable[[str], str | None] | None = None) -> str | None:
    """The one person whose (state, role) the phrase names: "the Chinese President" -> PERSON:xi-jinping."""
    toks = words(phrase)
    if toks and toks[0] == "the":
        toks = toks[1:]
    for cut in range(len(toks) - 1, 0, -1):
        head = " ".join(toks[:cut])
        state = state_words.get(head)
        if state is None and state_of is not None:
            iso = state_of(" ".join(phrase.split()[-len(toks):][:cut]))
            state = f"STATE:{iso}" if iso else None
        if state is None:
            continue
        role = " ".join(toks[cut:])
        hits = {
            p.id
            for p in people
            if role in _role_heads(p.attributes.get("role")) and _state_id(p.attributes.get("state")) == state
        }
        return hits.pop() if len(hits) == 1 else None
    return None


def _typo_of(ta: Sequence[str], tb: Sequence[str], threshold: float) -> bool:
    """Two names are spellings of one when they have the same number of words and every differing word is close:
    "Segei Shoigu" ~ "Sergei Shoigu", but not "Ministry of Foreign Affairs" ~ "Ministry of Defense" (a long shared
    tail makes the whole names similar while the word that tells them apart differs)."""
    if len(ta) != len(tb):
        return False
    diffs = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return len(diffs) <= 1 and all(fuzz.ratio(x, y) >= threshold - 10 for x, y in diffs)


def resolve_entities(
    entities: Sequence[Entity],
    mentions: Sequence[Mention] = (),
    *,
    threshold: float = 85.0,
    state_of: Callable[[str], str | None] | None = None,
    counts: Mapping[str, int] | None = None,
) -> EntityResolution:
    """Merge map and canonical entities for a corpus (see the module docstring for the rules).

    ``state_of`` maps a state word ("Chinese", "Beijing") to ISO3 for role phrases; by default the nlp
    gazetteer's lookup, falling back to the names and aliases of the corpus's STATE entities. ``counts``
    (mentions per entity id) stand in for counting ``mentions``, which then need only be the unlinked ones
    (incremental reconcile counts in SQL).
    """
    if state_of is None:
        state_of = _gazetteer_state_of()
    if counts is None:
        counts = Counter(m.entity for m in mentions if m.entity)
    titles = _roles(entities)
    by_id = {e.id: e for e in entities}
    people = [e for e in entities if e.type == "PERSON"]
    state_words = _state_words(entities)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def rank(e: Entity) -> tuple[int, int, int, str]:
        # the canonical form: the one the gazetteer knows (attributes), most mentioned, fullest name, stable id
        return (-len(e.attributes or {}), -counts.get(e.id, 0), -len(_name_tokens(e.name, titles)), e.id)

    def union(a: Entity, b: Entity) -> None:
        ra, rb = find(a.id), find(b.id)
        if ra == rb:
            return
        keep, drop = sorted((by_id[ra], by_id[rb]), key=rank)
        parent[drop.id] = keep.id

    # 1. role phrases first, so that "the Chinese President" joins the person before name rules run
    for e in people:
        if e.attributes.get("role") and _name_tokens(e.name, titles):
            continue
        target = _role_target(e.name, people, state_words, state_of)
        if target and target != e.id:
            parent[e.id] = target

    for etype in _MERGEABLE:
        group = sorted((e for e in entities if e.type == etype and e.id not in parent), key=rank)
        toks = {e.id: _name_tokens(e.name, titles) for e in group}
        # 2. short forms: a one-token name equal to the first or last token of exactly one longer name
        for e in group:
            t = toks[e.id]
            if len(t) != 1:
                continue
            fits = [o for o in group if o.id != e.id and len(toks[o.id]) > 1 and t[0] in (toks[o.id][0], toks[o.id][-1])]
            if len({find(o.id) for o in fits}) == 1:
                union(fits[0], e)
        # 3. misspellings: close full names whose surnames are compatible
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                ta, tb = toks[a.id], toks[b.id]
                if len(ta) < 2 or len(tb) < 2 or find(a.id) == find(b.id):
                    continue
                if a.attributes and b.attributes:
                    continue  # both known to the gazetteer: it knows them as two entities
                if fuzz.ratio(" ".join(ta), " ".join(tb)) < threshold or not _typo_of(ta, tb, threshold):
                    continue
                sa, sb = a.attributes.get("state"), b.attributes.get("state")
                if sa and sb and sa != sb:
                    continue
                union(a, b)

    aliases = {eid: find(eid) for eid in parent if find(eid) != eid}
    merged: dict[str, list[str]] = {}
    for variant, canon in aliases.items():
        v = by_id[variant]
        merged.setdefault(canon, []).extend([v.name, *v.aliases])
    out: list[Entity] = []
    for e in entities:
        if e.id in aliases:
            continue
        extra = [n for n in merged.get(e.id, []) if n != e.name and n not in e.aliases]
        out.append(replace(e, aliases=tuple(dict.fromkeys((*e.aliases, *extra)))) if extra else e)

    mention_links: dict[str, str] = {}
    for m in mentions:
        if m.entity is None and m.label == "PERSON":
            target = _role_target(m.text, people, state_words, state_of)
            if target:
                mention_links[m.id] = aliases.get(target, target)
    return EntityResolution(aliases=aliases, entities=tuple(out), mention_links=mention_links)
