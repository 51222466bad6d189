"""YAML for the packaged knowledge files: libyaml's C loader when present (10x faster), the pure one otherwise.

Every knowledge file (gazetteers, lexicons, ontology, timeline) is read through :func:`load_yaml` so start-up stays
short; callers cache what they build from it.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_yaml"]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML text safely (no arbitrary objects), as ``yaml.safe_load`` does."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader class is passed explicitly
