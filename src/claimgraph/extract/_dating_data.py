"""The knowledge that document dating reads: the reference timeline, serial numbering, re-post notes.

Loaded from ``data/timeline.yaml`` and ``data/outlets_dating.yaml`` once per process and validated: a bad
entry raises :class:`~claimgraph.errors.ConfigError` (E004) naming the file, never a silent skip.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from .._yaml import load_yaml
from ..errors import ConfigError
from ._isodate import is_iso_prefix

__all__ = ["TimelineEvent", "Serial", "timeline", "serials", "repost_markers"]


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    date: str
    label: str
    groups: tuple[re.Pattern[str], ...]
    group: str | None = None
    state: bool = False  # a lasting state ("President Xi"): a lower bound only, never anchored by a cue
    #: per group, the lower-cased literal words one of which must start a word of the text for the group to
    #: match (None: an alternative has no literal start, so the group is always tried)
    anchors: tuple[tuple[str, ...] | None, ...] = ()


_LITERAL_START = re.compile(r"[A-Za-z0-9]+")


def _anchors(alts: list[str]) -> tuple[str, ...] | None:
    """The literal word each alternative begins with ("Russia\\w*" -> "russia"); None if one has none."""
    words = []
    for alt in alts:
        m = _LITERAL_START.match(alt)
        if m is None:
            return None
        word = m.group(0)
        if alt[m.end() : m.end() + 1] in ("?", "*", "{"):
            word = word[:-1]  # "protests?": the last letter is optional
        if not word:
            return None
        words.append(word.lower())
    return tuple(sorted(set(words)))


@dataclass(frozen=True)
class Serial:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    first_year: int
    issues_per_year: float
    window_days: int


def _group_regex(alts: list[str]) -> re.Pattern[str]:
    """One keyword group: case-insensitive words, case-sensitive acronyms (ICC, not "icc"), whole words.

    The boundary assertions sit outside the alternation so the engine checks them once per position:
    this keeps scanning a long document over ~100 events fast.
    """
    acronyms = [a for a in alts if re.fullmatch(r"[A-Z0-9]{2,6}", a)]
    words = [a for a in alts if a not in acronyms]
    parts = []
    if words:
        parts.append("(?i:" + "|".join(words) + ")")
    if acronyms:
        parts.append("|".join(acronyms))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def _read_yaml(name: str) -> tuple[str, Any]:
    path = resources.files("claimgraph") / "data" / name
    try:
        return str(path), load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError("E004", path=str(path), reason=str(exc)) from exc


@functools.lru_cache(maxsize=1)
def timeline() -> tuple[TimelineEvent, ...]:
    """The packaged reference timeline, loaded and validated once."""
    path, raw = _read_yaml("timeline.yaml")
    out: list[TimelineEvent] = []
    try:
        for item in raw["events"]:
            date = str(item["date"])
            if not is_iso_prefix(date):
                raise ValueError(f"{item['id']}: bad date {date!r}")
            groups = tuple(_group_regex([str(a) for a in grp]) for grp in item["all"] if grp)
            anchors = tuple(_anchors([str(a) for a in grp]) for grp in item["all"] if grp)
            if not groups:
                raise ValueError(f"{item['id']}: no keyword groups")
            out.append(
                TimelineEvent(
                    str(item["id"]),
                    date,
                    str(item["label"]),
                    groups,
                    item.get("group"),
                    bool(item.get("state")),
                    anchors,
                )
            )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ConfigError("E004", path=path, reason=str(exc)) from exc
    return tuple(out)


@functools.lru_cache(maxsize=1)
def serials() -> tuple[Serial, ...]:
    path, raw = _read_yaml("outlets_dating.yaml")
    try:
        return tuple(
            Serial(
                str(s["name"]),
                tuple(re.compile(p) for p in s["patterns"]),
                int(s["first_year"]),
                float(s["issues_per_year"]),
                int(s.get("window_days", 45)),
            )
            for s in raw["serials"]
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise ConfigError("E004", path=path, reason=str(exc)) from exc


@functools.lru_cache(maxsize=1)
def repost_markers() -> re.Pattern[str] | None:
    path, raw = _read_yaml("outlets_dating.yaml")
    try:
        markers = [str(m) for m in raw.get("repost_markers", [])]
        return re.compile(r"\b(?:" + "|".join(markers) + r")\b", re.IGNORECASE) if markers else None
    except (TypeError, AttributeError, re.error) as exc:
        raise ConfigError("E004", path=path, reason=str(exc)) from exc
