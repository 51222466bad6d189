"""The event ontology, trigger rules and claim lexicons, loaded from ``claimgraph/data`` and validated once.

Knowledge lives in data files so that analysts can extend it without touching code:

- ``data/ontology.yaml``: the 23 event types with their PLOVER mapping, cooperation/conflict weight and roles;
- ``data/rules/*.jsonl``: trigger rules, one JSON object per line, each with a stable ``id``;
- ``data/lexicons.yaml``: reporting verbs, hedges, modality, negation and the other word lists of ``claims``.

Every loader is cached: files are read on first use, never at import time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import InvalidData

__all__ = [
    "EVENT_TYPES",
    "EventType",
    "Rule",
    "Lexicons",
    "load_ontology",
    "load_rules",
    "load_lexicons",
]

EVENT_TYPES: tuple[str, ...] = (
    "arms_order", "arms_delivery", "arms_delivery_delay", "arms_delivery_expedite", "arms_cancellation",
    "defense_cooperation", "military_deployment", "military_exercise", "loan", "investment", "prepayment", "trade",
    "visit", "meeting", "agreement", "statement", "consultation", "sanction", "espionage_case", "accusation",
    "opposition", "armed_clash", "other",
)

_PLOVER = {
    "AGREE", "AID", "REDUCE", "COOPERATE", "MOBILIZE", "CONSULT", "STATEMENT", "SANCTION", "ACCUSE", "REJECT",
    "FIGHT", "OTHER", "PROTEST", "THREATEN", "REQUEST", "RETREAT", "SUPPORT", "CONCEDE", "ASSAULT", "COERCE",
}
_RULE_KEYS = {
    "id", "type", "lemmas", "pos", "pattern", "near", "not_near", "weapon", "no_weapon", "near_commodity",
    "near_item", "subject", "object", "priority", "directive", "defer", "speaker", "needs_target", "implicit_actor",
}


@dataclass(frozen=True)
class EventType:
    """One ontology entry; ``roles`` names what the actor and the target are for this type."""

    name: str
    plover: str
    mode: str
    context: str
    weight: float
    roles: tuple[str, str]
    symmetric: bool
    klass: str


@dataclass(frozen=True)
class Rule:
    """A trigger rule. ``pattern`` is a spaCy Matcher pattern built from ``lemmas``/``pos`` when not given."""

    id: str
    type: str
    pattern: tuple[dict[str, Any], ...]
    priority: int = 10
    near: frozenset[str] = frozenset()
    not_near: frozenset[str] = frozenset()
    weapon: bool = False
    no_weapon: bool = False
    near_commodity: bool = False
    subject: str = "actor"  # what the grammatical subject is: actor | target | cause
    object: str = "target"  # what the direct object is: target | actor
    directive: bool = False  # urge/call for: the embedded proposal is not itself an event
    defer: bool = False  # agree/sign: give way to a more specific trigger in the complement
    speaker: bool = False  # say/announce: a statement only when the subject is a named source
    needs_target: bool = False  # a relation with one party named is too vague to keep ("the war")
    implicit_actor: bool = False  # an agentless event noun takes the salient state ("the annexation of Crimea")


@dataclass(frozen=True)
class Lexicons:
    """Word lists of ``data/lexicons.yaml`` as frozensets (``lists``), scalars (``values``) and word -> value
    tables (``maps``, keys lowercase)."""

    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    maps: dict[str, dict[str, str]] = field(default_factory=dict)

    def table(self, key: str) -> dict[str, str]:
        return self.maps.get(key, {})

    def __getitem__(self, key: str) -> frozenset[str]:
        return self.lists.get(key, frozenset())


def _read_text(*parts: str) -> str:
    return resources.files("claimgraph").joinpath("data", *parts).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_ontology() -> dict[str, EventType]:
    """The 23 event types; raises ``InvalidData`` [E004] when the file is incomplete or out of range."""
    path = "data/ontology.yaml"
    raw = yaml.safe_load(_read_text("ontology.yaml")) or {}
    types = raw.get("types") or {}
    errors: list[str] = []
    out: dict[str, EventType] = {}
    for name in EVENT_TYPES:
        if name not in types:
            errors.append(f"missing event type {name!r}")
    for name, spec in types.items():
        try:
            weight = float(spec["weight"])
            roles = tuple(spec["roles"])
            if not -10.0 <= weight <= 10.0:
                errors.append(f"{name}: weight {weight} outside -10..10")
            if len(roles) != 2:
                errors.append(f"{name}: roles must name actor and target")
            if spec["plover"] not in _PLOVER:
                errors.append(f"{name}: unknown PLOVER type {spec['plover']!r}")
            out[name] = EventType(name, spec["plover"], spec["mode"], spec["context"], weight,
                                  (str(roles[0]), str(roles[-1])), bool(spec.get("symmetric", False)),
                                  str(spec.get("class", name)))
        except (KeyError, TypeError, ValueError) as exc:
            errors.append(f"{name}: {exc!r}")
    if errors:
        raise InvalidData("E004", errors=errors, path=path, reason="; ".join(errors))
    return out


def _rule_from(obj: dict[str, Any], where: str, types: dict[str, EventType]) -> Rule:
    unknown = set(obj) - _RULE_KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    if obj.get("type") not in types:
        raise ValueError(f"unknown event type {obj.get('type')!r}")
    if "pattern" in obj:
        pattern = tuple(obj["pattern"])
    elif "lemmas" in obj:
        spec: dict[str, Any] = {"LEMMA": {"IN": list(obj["lemmas"])}}
        if obj.get("pos"):
            spec["POS"] = {"IN": list(obj["pos"])}
        pattern = (spec,)
    else:
        raise ValueError("a rule needs 'lemmas' or 'pattern'")
    return Rule(
        id=str(obj["id"]), type=str(obj["type"]), pattern=pattern, priority=int(obj.get("priority", 10)),
        near=frozenset(obj.get("near", ())), not_near=frozenset(obj.get("not_near", ())),
        weapon=bool(obj.get("weapon", False)), no_weapon=bool(obj.get("no_weapon", False)),
        near_commodity=bool(obj.get("near_commodity", False)), subject=str(obj.get("subject", "actor")),
        object=str(obj.get("object", "target")), directive=bool(obj.get("directive", False)),
        defer=bool(obj.get("defer", False)), speaker=bool(obj.get("speaker", False)),
        needs_target=bool(obj.get("needs_target", False)), implicit_actor=bool(obj.get("implicit_actor", False)),
    )


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """All trigger rules of ``data/rules/*.jsonl`` (sorted by file name); ids must be unique."""
    types = load_ontology()
    rules: list[Rule] = []
    errors: list[str] = []
    seen: set[str] = set()
    folder = resources.files("claimgraph").joinpath("data", "rules")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".jsonl"):
            continue
        for n, line in enumerate(entry.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"rules/{entry.name}:{n}"
            try:
                rule = _rule_from(json.loads(line), where, types)
            except (ValueError, KeyError, TypeError) as exc:
                errors.append(f"{where}: {exc}")
                continue
            if rule.id in seen:
                errors.append(f"{where}: duplicate rule id {rule.id!r}")
            seen.add(rule.id)
            rules.append(rule)
    if errors:
        raise InvalidData("E004", errors=errors, path="data/rules", reason="; ".join(errors))
    return tuple(rules)


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """``data/lexicons.yaml``: lists become lowercase frozensets, multiword lists keep their order."""
    raw = yaml.safe_load(_read_text("lexicons.yaml")) or {}
    lists: dict[str, frozenset[str]] = {}
    values: dict[str, str] = {}
    phrases: dict[str, tuple[str, ...]] = {}
    maps: dict[str, dict[str, str]] = {}
    for key, val in raw.items():
        if isinstance(val, dict):
            maps[key] = {str(k).lower(): str(v) for k, v in val.items()}
        elif isinstance(val, list):
            words = tuple(str(v).lower() for v in val)
            lists[key] = frozenset(words)
            phrases[key] = tuple(w for w in words if " " in w)
        elif key != "version":
            values[key] = str(val)
    for required in ("reporting_verbs", "hedges", "negations", "future_aux", "state_agent_nouns", "weapon_nouns"):
        if required not in lists:
            raise InvalidData("E004", path="data/lexicons.yaml", reason=f"missing list {required!r}")
    return Lexicons(lists, values, phrases, maps)
