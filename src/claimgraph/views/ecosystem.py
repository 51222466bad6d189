"""Exports in the formats other tools open: FollowTheMoney (Aleph), PLOVER-style events, the SIPRI register.

``claimgraph export DIR --format ftm|plover|sipri`` writes, as the reviews leave the claims:

- ``ftm``: ``entities.ftm.json``, FtM entities as JSON lines (:mod:`.ftm`), validated with ``followthemoney``;
- ``plover``: ``events.plover.jsonl``, one PLOVER-style record per event (:mod:`.plover`);
- ``sipri``: ``register.sipri.csv``, the arms-transfer register in SIPRI's column order (:mod:`.sipri`).

Each file is written under a temporary name and renamed, so a failed export never leaves a half file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..reviews import ReviewedEvents

__all__ = ["FORMATS", "FILES", "export_ecosystem"]

FORMATS = ("ftm", "plover", "sipri")
FILES = {"ftm": "entities.ftm.json", "plover": "events.plover.jsonl", "sipri": "register.sipri.csv"}


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _jsonl(rows: Iterable[dict[str, Any]]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="\n") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n")

    return write


def export_ecosystem(bench: Any, fmt: str, out_dir: Path, view: ReviewedEvents) -> dict[str, Path]:
    """Write ``fmt`` for the Workbench ``bench`` under ``out_dir`` from the reviewed events ``view``; return
    ``{file name: path}``. The FtM export is validated before it is written (``InvalidData`` if it fails)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILES[fmt]
    marks = {eid: m.state for eid, m in view.marks.items() if m.state != "rejected"}
    aliases = bench.store.entity_links()
    if fmt == "ftm":
        from .ftm import ftm_entities, require_ftm, validate_ftm

        require_ftm()  # before anything is read: a missing extra says how to install it
        rows = list(ftm_entities(bench.store.documents(status="ok"), bench.store.entities(), view.events,
                                 aliases=aliases, marks=marks))
        validate_ftm(rows)
        _atomic(path, _jsonl(rows))
    elif fmt == "plover":
        from .plover import plover_events

        docs = bench.store.documents(status="ok", with_text=False)
        _atomic(path, _jsonl(plover_events(view.events, docs, bench._entity_map(), aliases=aliases, marks=marks)))
    elif fmt == "sipri":
        from .sipri import sipri_rows, write_sipri

        rows_s = list(sipri_rows(bench.register(), bench.store.documents(status="ok", with_text=False)))
        _atomic(path, lambda p: write_sipri(p, rows_s))
    else:
        from ..errors import ConfigError

        raise ConfigError("E003", name="format", value=fmt, reason=f"choose from {', '.join(FORMATS)}")
    return {path.name: path}
