"""The matching rules: event families, symmetric types, argument, time, attribution and date comparison."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..records import Entity, Event
from .gold import GoldDocument, GoldEvent

LENIENT_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"visit", "meeting", "consultation"}),
    frozenset({"statement", "opposition", "accusation"}),
    frozenset({"loan", "investment", "prepayment", "trade"}),
)
SYMMETRIC_TYPES = frozenset(
    {"meeting", "agreement", "consultation", "defense_cooperation", "military_exercise", "armed_clash"}
)
_ISO3 = re.compile(r"^[A-Z]{3}$")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STOP = frozenset({"the", "and", "of", "a", "an", "in", "on", "for", "to", "by", "as", "citing", "author"})
DATE_WINDOW_DAYS = 31



# ----------------------------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2010", "-").replace("\u2011", "-")
    return " ".join(text.lower().split())


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_norm(text)) if w not in _STOP and len(w) > 1}


def _similar(a: str, b: str) -> bool:
    """Equal, contained either way (at word boundaries), or content words with Jaccard overlap above 0.5
    (so "Ministry of Defense of X" and "Ministry of Foreign Affairs of X" stay apart)."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    if len(short) >= 3 and re.search(rf"(?<![a-z0-9]){re.escape(short)}(?![a-z0-9])", long_):
        return True
    wa, wb = _words(na), _words(nb)
    return bool(wa and wb) and len(wa & wb) * 2 > len(wa | wb)


def _id_key(entity_id: str) -> str:
    return entity_id.split(":", 1)[-1].replace("-", " ").replace("_", " ")


@dataclass(frozen=True, slots=True)
class _Pred:
    """A predicted role filler as names plus the states it may stand for."""

    names: tuple[str, ...]
    iso3: str | None  # the entity is this state
    acts_for: str | None  # the state a person/organisation acts for


def _pred_role(entity_id: str | None, text: str | None, entities: Mapping[str, Entity]) -> _Pred | None:
    if entity_id is None and not text:
        return None
    names: list[str] = [text] if text else []
    iso3 = acts_for = None
    if entity_id:
        ent = entities.get(entity_id)
        if ent is not None:
            names += [ent.name, *ent.aliases]
            iso3 = ent.iso3 if ent.type == "STATE" else None
            acts_for = ent.attributes.get("state") if isinstance(ent.attributes.get("state"), str) else None
            if iso3 is None and ent.type != "STATE" and acts_for is None and ent.iso3:
                acts_for = ent.iso3
        names.append(_id_key(entity_id))
        if entity_id.startswith("STATE:") and iso3 is None:
            iso3 = entity_id.split(":", 1)[1]
    return _Pred(tuple(n for n in names if n), iso3, acts_for)


class _Context:
    """Per-document lookups: gold names to states, predicted entities by name."""

    def __init__(self, gold: GoldDocument, entities: Mapping[str, Entity]) -> None:
        self.entities = entities
        self.state_names: dict[str, str] = {}
        for ge in gold.entities:
            if ge.type == "STATE" and ge.iso3:
                for n in (ge.name, *ge.aliases):
                    self.state_names[_norm(re.sub(r"^the\s+", "", n, flags=re.I))] = ge.iso3
        self.roles = {_norm(ge.name): ge.role or "" for ge in gold.entities if ge.type in ("PERSON", "ORG")}
        self._acts_for: dict[str, set[str]] = {}

    def state_of_phrase(self, phrase: str) -> str | None:
        """The ISO3 a gold phrase names (``Kremlin`` -> RUS through gold aliases), else None."""
        n = _norm(re.sub(r"^the\s+", "", phrase, flags=re.I))
        if _is_iso3(phrase):
            return phrase
        return self.state_names.get(n)

    def acts_for(self, gold_name: str) -> set[str]:
        """States a gold person/organisation acts for: those its gold role names, else those of predicted
        entities of that name (gold first: a linker's wrong ``state`` must not buy lenient matches)."""
        if gold_name in self._acts_for:
            return self._acts_for[gold_name]
        out: set[str] = set()
        st = self.state_of_phrase(gold_name)
        if st:
            out.add(st)
        role = _norm(self.roles.get(_norm(gold_name), ""))
        for name, iso in self.state_names.items():
            if name and re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", role):
                out.add(iso)
        if not out:
            for ent in self.entities.values():
                if ent.type in ("PERSON", "ORG") and any(_similar(gold_name, n) for n in (ent.name, *ent.aliases)):
                    st = ent.attributes.get("state") or ent.iso3
                    if isinstance(st, str):
                        out.add(st)
        self._acts_for[gold_name] = out
        return out

    def source(self, pred: str) -> _Pred | None:
        """A predicted ``attributed_to`` (entity id or phrase) as a role filler."""
        if pred in self.entities or re.match(r"^[A-Z_]+:", pred):
            return _pred_role(pred, None, self.entities)
        return _pred_role(None, pred, self.entities)


@functools.lru_cache(maxsize=512)
def _is_iso3(value: str) -> bool:
    """Gold writes states as ISO 3166 alpha-3; an upper-case acronym that is no country code is a name."""
    if not _ISO3.match(value):
        return False
    import pycountry

    return pycountry.countries.get(alpha_3=value) is not None


def _role_ok(gold: str | None, pred: _Pred | None, ctx: _Context, lenient: bool) -> bool:
    if gold is None:
        return lenient or pred is None
    if pred is None:
        return False
    if _is_iso3(gold):
        if pred.iso3 == gold:
            return True
        # lenient: the state's own agent, or unlinked text that names it as the gold document does ("Moscow")
        return lenient and (pred.acts_for == gold or any(ctx.state_of_phrase(n) == gold for n in pred.names))
    if any(_similar(gold, n) for n in pred.names):
        return True
    if not lenient:
        return False
    # an actor and its state are one; two different actors of one state are not
    return pred.iso3 is not None and pred.iso3 in ctx.acts_for(gold)


def _when_ok(gold: str | None, pred: str | None, lenient: bool) -> bool:
    if gold is None:
        return True
    if pred is None:
        return lenient
    if pred.startswith(gold):
        return True
    return lenient and gold.startswith(pred)


def _family(etype: str) -> frozenset[str]:
    for fam in LENIENT_FAMILIES:
        if etype in fam:
            return fam
    return frozenset({etype})


def _pair_ok(g: GoldEvent, p: Event, ctx: _Context, lenient: bool) -> bool:
    if lenient:
        if p.type not in _family(g.type):
            return False
    elif p.type != g.type:
        return False
    if g.item is not None:
        item = _pred_role(p.item, p.item_text, ctx.entities)
        if item is None or not any(_similar(g.item, n) for n in item.names):
            return False
    if not _when_ok(g.when, p.when.value if p.when else None, lenient):
        return False
    actor = _pred_role(p.actor, p.actor_text, ctx.entities)
    target = _pred_role(p.target, p.target_text, ctx.entities)
    if _role_ok(g.actor, actor, ctx, lenient) and _role_ok(g.target, target, ctx, lenient):
        return True
    symmetric = g.type in SYMMETRIC_TYPES or (lenient and p.type in SYMMETRIC_TYPES)
    return symmetric and g.target is not None and _role_ok(g.actor, target, ctx, lenient) and _role_ok(
        g.target, actor, ctx, lenient)


def _rank(g: GoldEvent, p: Event) -> float:
    """Order of greedy matching: exact type, then how many gold constraints the pair meets (a dated, targeted
    gold event claims the prediction before an open one it would also fit), then evidence word overlap."""
    score = 2.0 * (p.type == g.type)
    score += g.when is not None and p.when is not None and p.when.value.startswith(g.when)
    score += (g.item is not None) + (g.target is not None and (p.target or p.target_text) is not None)
    gw, pw = _words(g.evidence), _words(p.evidence.text)
    if gw and pw:
        score += len(gw & pw) / len(gw | pw)
    return score


def _match(gold: Sequence[GoldEvent], pred: Sequence[Event], ctx: _Context,
           lenient: bool) -> list[tuple[GoldEvent, Event]]:
    pairs = [(_rank(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
             if _pair_ok(g, p, ctx, lenient)]
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[GoldEvent, Event]] = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gold[gi], pred[pi]))
    return out


def _sources(pred: str) -> list[str]:
    """A predicted source split into its parts: ``"STATE:CHN and STATE:RUS"`` -> two sources."""
    parts = [p.strip() for p in re.split(r"\s+and\s+|[,;]", pred) if p.strip()]
    return parts or [pred]


def _attribution_ok(gold: str, pred: str, ctx: _Context) -> bool:
    g = _norm(gold)
    p_is_author = _norm(pred) == "author"
    if g.startswith("author"):
        if p_is_author:
            return True
        cited = re.search(r"\((?:citing|relying on)\s+([^)]*)\)", gold, flags=re.I)
        named = [s for s in re.split(r"[,;]", cited.group(1)) if s.strip()] if cited else []
        return any(_source_ok(s, part, ctx) for s in named for part in _sources(pred))
    if p_is_author:
        return False
    if g.startswith("unnamed"):
        return not any(part in ctx.entities or re.match(r"^[A-Z_]+:", part) for part in _sources(pred))
    return any(_source_ok(gold, part, ctx) for part in _sources(pred))


def _source_ok(gold: str, pred: str, ctx: _Context) -> bool:
    """One named gold source against one predicted source: names overlap, or the same state."""
    role = ctx.source(pred)
    if role is None:
        return False
    if any(_similar(gold, n) for n in role.names):
        return True
    gold_states = {s for part in re.split(r"\band\b|,|;", gold) if (s := ctx.state_of_phrase(part.strip()))}
    return bool(gold_states) and (role.iso3 in gold_states or role.acts_for in gold_states)


# ------------------------------------------------------------------------------------------------- dates


def _interval(value: str) -> tuple[date, date, int] | None:
    """An ISO prefix as (first day, last day, precision 4/7/10); None when unparseable."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip()[:10])
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3)))
            return d, d, 10
        if m.group(2):
            mo = int(m.group(2))
            first = date(y, mo, 1)
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return first, nxt - timedelta(days=1), 7
        return date(y, 1, 1), date(y, 12, 31), 4
    except ValueError:
        return None


def date_matches(gold: str, predicted: str | None) -> bool:
    """The document-date rule (see the module docstring): year, month, or 31 days for two day dates."""
    if not predicted:
        return False
    g, p = _interval(gold), _interval(predicted)
    if g is None or p is None:
        return False
    if g[2] == 4:
        return g[0].year == p[0].year
    if p[2] == 4:
        return False
    if g[2] == 10 and p[2] == 10:
        return abs((g[0] - p[0]).days) <= DATE_WINDOW_DAYS
    return predicted[:7] == gold[:7]


def _accepted_dates(gd: GoldDocument) -> tuple[str, ...]:
    if not gd.true_date:
        return ()
    out = [gd.true_date, *gd.date_alternatives]
    stated = gd.stated_date
    g, s = _interval(gd.true_date), _interval(stated) if stated else None
    window = timedelta(days=DATE_WINDOW_DAYS)
    if stated and g and s and s[2] == 10 and g[0] - window <= s[0] <= g[1] + window and stated not in out:
        out.append(stated)
    return tuple(out)


