"""The slice of the event ontology that reconciliation needs: type families, symmetry, weights.

The ontology itself (``claimgraph/data/ontology.yaml``) belongs to the events stage. Reconciliation only reads
three things from it, so it accepts any of the shapes a YAML author is likely to write::

    event_types:                      # a mapping (or a list of {name: ...} items)
      arms_delivery_delay: {weight: -4, family: arms_supply_disruption, symmetric: false}
      meeting: {weight: 3, family: diplomacy, symmetric: true}

(``types:`` and ``class:`` are read as synonyms of ``event_types:`` and ``family:``), plus optional top-level
``families: {family: [type, ...]}`` and ``symmetric: [type, ...]``. A type that names no
family is its own family, so unknown types never merge with anything but themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["Ontology", "load_ontology", "coerce_ontology"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ontology:
    """Weights (cooperation > 0 > conflict, -10..+10), lenient type families and symmetric types."""

    weights: Mapping[str, float] = field(default_factory=dict)
    families: Mapping[str, str] = field(default_factory=dict)  # type -> family name
    symmetric: frozenset[str] = frozenset()

    def family(self, event_type: str) -> str:
        return self.families.get(event_type, event_type)

    def weight(self, event_type: str) -> float:
        return float(self.weights.get(event_type, 0.0))

    def is_symmetric(self, event_type: str) -> bool:
        return event_type in self.symmetric


def coerce_ontology(data: Ontology | Mapping[str, Any] | None) -> Ontology:
    """Build an :class:`Ontology` from a parsed YAML mapping (or pass one through; ``None`` -> packaged file)."""
    if isinstance(data, Ontology):
        return data
    if data is None:
        return load_ontology()
    weights: dict[str, float] = {}
    families: dict[str, str] = {}
    symmetric: set[str] = set()
    types = data.get("event_types", data.get("types", {}))
    items: list[tuple[str, Any]]
    if isinstance(types, Mapping):
        items = list(types.items())
    else:
        items = [(str(t.get("name") or t.get("id")), t) for t in types or [] if isinstance(t, Mapping)]
    for name, spec in items:
        if isinstance(spec, (int, float)):
            weights[name] = float(spec)
            continue
        if not isinstance(spec, Mapping):
            continue
        w = spec.get("weight", spec.get("goldstein", spec.get("score")))
        if isinstance(w, (int, float)):
            weights[name] = float(w)
        fam = spec.get("family", spec.get("class"))
        if isinstance(fam, str) and fam:
            families[name] = fam
        if spec.get("symmetric"):
            symmetric.add(name)
    for fam, members in (data.get("families") or {}).items():
        for t in members or []:
            families[str(t)] = str(fam)
    symmetric.update(str(t) for t in data.get("symmetric") or [])
    return Ontology(weights=weights, families=families, symmetric=frozenset(symmetric))


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The packaged ontology as reconciliation needs it (weights, families, symmetric types), derived from the
    one validated reading of ``data/ontology.yaml`` that extraction also uses."""
    from ..extract.ontology import load_ontology as load_event_types

    types = load_event_types()
    return Ontology(
        weights={name: float(t.weight) for name, t in types.items()},
        families={name: t.klass for name, t in types.items() if t.klass},
        symmetric=frozenset(name for name, t in types.items() if t.symmetric),
    )
