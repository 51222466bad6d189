"""Loading of the ingest knowledge files under ``claimgraph/data`` (read once, validated, cached).

Nothing is read at import time: each loader runs on first use and caches its result for the process.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .._yaml import load_yaml as parse_yaml
from ..errors import ConfigError

__all__ = ["load_yaml", "BoilerplateRules", "boilerplate_rules", "outlet_domains"]


@cache
def load_yaml(relpath: str) -> Any:
    """Parse ``claimgraph/data/<relpath>``; a missing or unparsable file is a coded configuration error."""
    path = resources.files("claimgraph").joinpath("data", *relpath.split("/"))
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError("E004", path=str(path), reason=str(exc)) from exc


class BoilerplateRules:
    """Compiled boilerplate patterns: ``anywhere`` and ``header`` tables of named full-line regexes."""

    def __init__(
        self, max_line_chars: int, anywhere: dict[str, re.Pattern[str]], header: dict[str, re.Pattern[str]]
    ):
        self.max_line_chars = max_line_chars
        self.anywhere = anywhere
        self.header = header


def _compile_table(table: Any, name: str, path: str) -> dict[str, re.Pattern[str]]:
    if not isinstance(table, dict):
        raise ConfigError("E004", path=path, reason=f"{name!r} must be a mapping of name -> regex")
    out: dict[str, re.Pattern[str]] = {}
    for key, pattern in table.items():
        try:
            out[str(key)] = re.compile(rf"(?:{pattern})", re.IGNORECASE)
        except (re.error, TypeError) as exc:
            raise ConfigError("E004", path=path, reason=f"pattern {key!r}: {exc}") from exc
    return out


@cache
def boilerplate_rules() -> BoilerplateRules:
    path = "ingest/boilerplate.yaml"
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("E004", path=path, reason="expected a mapping")
    return BoilerplateRules(
        int(data.get("max_line_chars", 300)),
        _compile_table(data.get("anywhere", {}), "anywhere", path),
        _compile_table(data.get("header", {}), "header", path),
    )


@cache
def outlet_domains() -> dict[str, str]:
    path = "ingest/outlets.yaml"
    data = load_yaml(path)
    domains = data.get("domains") if isinstance(data, dict) else None
    if not isinstance(domains, dict):
        raise ConfigError("E004", path=path, reason="expected a 'domains' mapping")
    return {str(k).lower(): str(v) for k, v in domains.items()}
