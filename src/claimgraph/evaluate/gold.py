"""Gold annotations in the ``shared/gold`` format: typed records and the loader."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidData

# --------------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldEntity:
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    type: str
    actor: str | None
    target: str | None
    item: str | None
    when: str | None
    status: str | None
    attributed_to: str
    hedged: bool
    evidence: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    doc: str
    stated_date: str | None
    true_date: str | None
    entities: tuple[GoldEntity, ...]
    events: tuple[GoldEvent, ...]
    date_alternatives: tuple[str, ...] = ()
    title: str | None = None
    author: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class GoldCorpus:
    documents: Mapping[str, GoldDocument]
    cross_document: Mapping[str, Any] = field(default_factory=dict)
    sha256: str = ""


def _opt_str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _gold_document(path: Path, data: Any) -> GoldDocument:
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        raise InvalidData("E401", path=str(path), reason="expected an object with an 'events' list")
    ents: list[GoldEntity] = []
    for etype, items in (data.get("entities") or {}).items():
        for item in items or []:
            if isinstance(item, str) and item.strip():
                # the dev-set form: "Name" or "Name (alias, alias)"; a state is its ISO3 code
                m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", item)
                name, aliases = (m.group(1), tuple(a.strip() for a in m.group(2).split(","))) if m else (item, ())
                iso3 = name if etype == "STATE" and re.fullmatch(r"[A-Z]{3}", name) else None
                ents.append(GoldEntity(etype, name, aliases, iso3))
                continue
            if not isinstance(item, dict) or not item.get("name"):
                raise InvalidData("E401", path=str(path), reason=f"{etype} entity without a name")
            aliases = tuple(item.get("aliases") or ()) + tuple(item.get("aliases_in_text") or ())
            ents.append(GoldEntity(etype, str(item["name"]), aliases, _opt_str(item.get("iso3")),
                                   _opt_str(item.get("role"))))
    events: list[GoldEvent] = []
    for i, ev in enumerate(data.get("events") or []):
        if not isinstance(ev, dict) or not ev.get("type"):
            raise InvalidData("E401", path=str(path), reason=f"event {i} has no type")
        events.append(GoldEvent(
            id=str(ev.get("id") or f"{path.stem}-e{i + 1}"), type=str(ev["type"]),
            actor=_opt_str(ev.get("actor")), target=_opt_str(ev.get("target")), item=_opt_str(ev.get("item")),
            when=_opt_str(ev.get("when")), status=_opt_str(ev.get("status")),
            attributed_to=str(ev.get("attributed_to") or "author"), hedged=bool(ev.get("hedged")),
            evidence=str(ev.get("evidence") or "")))
    return GoldDocument(
        doc=str(data.get("doc") or path.stem), stated_date=_opt_str(data.get("stated_date")),
        true_date=_opt_str(data.get("true_date", data.get("published"))), entities=tuple(ents), events=tuple(events),
        date_alternatives=tuple(str(x) for x in data.get("date_alternatives") or ()),
        title=_opt_str(data.get("title")), author=_opt_str(data.get("author")), outlet=_opt_str(data.get("outlet")))


def load_gold(gold_dir: str | Path) -> GoldCorpus:
    """Read the gold files (``NNN.json`` or ``<id>.json``, any JSON file but ``cross_document.json``) and
    ``cross_document.json``; ``sha256`` fingerprints them all (floors pin it)."""
    root = Path(gold_dir)
    files = sorted(p for p in root.glob("*.json") if p.name != "cross_document.json")
    if not files:
        raise InvalidData("E401", path=str(root), reason="no gold files (<id>.json)")
    digest = hashlib.sha256()
    docs: dict[str, GoldDocument] = {}
    for p in files:
        raw = p.read_bytes()
        digest.update(p.name.encode() + b"\0" + raw)
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise InvalidData("E401", path=str(p), reason=str(exc)) from exc
        gd = _gold_document(p, data)
        docs[gd.doc] = gd
    cross: dict[str, Any] = {}
    cross_path = root / "cross_document.json"
    if cross_path.is_file():
        raw = cross_path.read_bytes()
        digest.update(b"cross_document.json\0" + raw)
        try:
            cross = json.loads(raw)
        except ValueError as exc:
            raise InvalidData("E401", path=str(cross_path), reason=str(exc)) from exc
    return GoldCorpus(documents=docs, cross_document=cross, sha256=digest.hexdigest())


