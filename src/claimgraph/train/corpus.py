"""The training corpus: authored articles (text + annotation in one file) -> gold-format records.

An authored file (``data/training/authored/<writer>/<doc>.md``) is YAML front matter, the article text, a line
``=== annotation ===`` and a YAML annotation whose events quote their ``evidence`` (an exact substring of the text)
and ``trigger`` (the word or words inside the evidence that express the event) instead of character offsets. The
offsets of the gold format (``start``/``end``, plus ``trigger_start``/``trigger_end``) are computed here, so writers
never count characters.

    python -m claimgraph.train.corpus validate PATH...   # check files, print problems and counts
    python -m claimgraph.train.corpus stats PATH...
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EVENT_TYPES = (
    "arms_order", "arms_delivery", "arms_delivery_delay", "arms_delivery_expedite", "arms_cancellation",
    "defense_cooperation", "military_deployment", "military_exercise", "loan", "investment", "prepayment", "trade",
    "visit", "meeting", "agreement", "statement", "consultation", "sanction", "espionage_case", "accusation",
    "opposition", "armed_clash", "other",
)
STATUSES = ("occurred", "ongoing", "expected", "planned", "alleged", "denied")
STYLES = (
    "wire", "newspaper", "think_tank", "blog", "legal_alert", "press_release", "interview", "machine_translated",
    "boilerplate_page",
)
SEPARATOR = "=== annotation ==="
_WHEN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")

AUTHORED_DIR = Path(__file__).resolve().parent.parent / "data" / "training" / "authored"
# Annotations of real pages, in the development set's gold format: ``real/<batch>/sources.json`` (query, corpus,
# url, rank, chars per document) and ``real/<batch>/gold/<id>.json``. The texts are third-party writing and are
# never committed: they are retrieved as ``sources.json`` says into a folder outside the package (default
# ``./training_texts``, env ``CLAIMGRAPH_TRAINING_TEXTS``); a document whose text is missing is left out.
REAL_DIR = Path(__file__).resolve().parent.parent / "data" / "training" / "real"


@dataclass
class Article:
    """One annotated article in the gold format (offsets computed)."""

    doc: str
    path: str
    text: str
    meta: dict[str, Any]
    entities: dict[str, list[Any]]
    events: list[dict[str, Any]]
    problems: list[str] = field(default_factory=list)

    def gold(self) -> dict[str, Any]:
        keys = ("language", "published", "published_basis", "title", "outlet", "style", "url")
        out: dict[str, Any] = {"doc": self.doc}
        out.update({k: self.meta.get(k) for k in keys if k in self.meta})
        out.setdefault("language", "en")
        out["entities"] = self.entities
        out["events"] = self.events
        return out


def _split(raw: str) -> tuple[dict[str, Any], str, dict[str, Any]]:
    if not raw.startswith("---\n"):
        raise ValueError("no front matter (the file must start with '---')")
    end = raw.find("\n---\n", 4)
    if end < 0:
        raise ValueError("front matter is not closed by a '---' line")
    meta = yaml.safe_load(raw[4:end]) or {}
    rest = raw[end + 5 :]
    sep = rest.find("\n" + SEPARATOR)
    if sep < 0:
        raise ValueError(f"no '{SEPARATOR}' line")
    text = rest[:sep].strip("\n")
    ann = yaml.safe_load(rest[sep + len(SEPARATOR) + 1 :]) or {}
    if not isinstance(meta, dict) or not isinstance(ann, dict):
        raise ValueError("front matter and annotation must be YAML mappings")
    return meta, text, ann


def _str(x: Any) -> str | None:
    if x is None:
        return None
    return str(x)


def parse_authored(path: Path) -> Article:
    raw = path.read_text(encoding="utf-8")
    meta, text, ann = _split(raw)
    doc = str(meta.get("doc") or path.stem)
    problems: list[str] = []
    if meta.get("style") not in STYLES:
        problems.append(f"style {meta.get('style')!r} not one of {STYLES}")
    pub = _str(meta.get("published"))
    if pub is not None and not _WHEN.match(pub):
        problems.append(f"published {pub!r} is not YYYY[-MM[-DD]]")
    meta["published"] = pub
    entities = ann.get("entities") or {}
    events_out: list[dict[str, Any]] = []
    for n, ev in enumerate(ann.get("events") or [], 1):
        where = f"event {n}"
        if not isinstance(ev, dict):
            problems.append(f"{where}: not a mapping")
            continue
        typ = ev.get("type")
        if typ not in EVENT_TYPES:
            problems.append(f"{where}: type {typ!r} unknown")
        status = ev.get("status")
        if status not in STATUSES:
            problems.append(f"{where}: status {status!r} unknown")
        when = _str(ev.get("when"))
        if when is not None and not _WHEN.match(when):
            problems.append(f"{where}: when {when!r} is not YYYY[-MM[-DD]] or null")
        actor, target = _str(ev.get("actor")), _str(ev.get("target"))
        if not actor:
            problems.append(f"{where}: no actor")
        for role, val in (("actor", actor), ("target", target)):
            if val and len(val) == 3 and val.isalpha() and not _ISO3.match(val):
                problems.append(f"{where}: {role} {val!r} looks like a code but is not upper-case ISO3")
        if not isinstance(ev.get("hedged"), bool):
            problems.append(f"{where}: hedged must be true or false")
        evidence = ev.get("evidence")
        trigger = ev.get("trigger")
        start = end = t_start = t_end = None
        if not isinstance(evidence, str) or not evidence.strip():
            problems.append(f"{where}: no evidence")
        else:
            occ = int(ev.get("occurrence") or 1)
            start = -1
            for _ in range(occ):
                start = text.find(evidence, start + 1)
                if start < 0:
                    break
            if start < 0:
                problems.append(f"{where}: evidence not found in the text: {evidence[:60]!r}")
                start = None
            else:
                end = start + len(evidence)
                if not isinstance(trigger, str) or not trigger.strip():
                    problems.append(f"{where}: no trigger")
                else:
                    t = evidence.find(trigger)
                    if t < 0:
                        problems.append(f"{where}: trigger {trigger!r} not inside the evidence")
                    else:
                        t_start, t_end = start + t, start + t + len(trigger)
        quantity = ev.get("quantity")
        value = ev.get("value")
        if quantity is not None and not (isinstance(quantity, dict) and "value" in quantity):
            problems.append(f"{where}: quantity must be {{value, unit}} or null")
        if value is not None and not (isinstance(value, dict) and "amount" in value):
            problems.append(f"{where}: value must be {{amount, currency}} or null")
        events_out.append({
            "id": f"{doc}-e{n}", "type": typ, "actor": actor, "target": target, "item": _str(ev.get("item")),
            "quantity": quantity, "value": value, "when": when, "status": status,
            "attributed_to": _str(ev.get("attributed_to")) or "author", "hedged": bool(ev.get("hedged")),
            "start": start, "end": end, "trigger_start": t_start, "trigger_end": t_end,
            "hint": _str(ev.get("hint")),
        })
    return Article(doc, str(path), text, meta, entities, events_out, problems)


def texts_dir() -> Path:
    import os

    return Path(os.environ.get("CLAIMGRAPH_TRAINING_TEXTS") or "training_texts")


def parse_real(gold: dict[str, Any], source: dict[str, Any], text: str, path: str) -> Article:
    """A real page's gold annotation as an :class:`Article`. Its events have evidence offsets but no trigger:
    the trainer aligns each to a candidate inside the evidence (``trigger_start`` stays None)."""
    doc = str(gold.get("doc") or source.get("id"))
    problems: list[str] = []
    if source.get("chars") is not None and len(text) != int(source["chars"]):
        problems.append(f"text has {len(text)} characters, sources.json says {source['chars']}")
    events: list[dict[str, Any]] = []
    for n, ev in enumerate(gold.get("events") or [], 1):
        where = f"event {n}"
        if ev.get("type") not in EVENT_TYPES:
            problems.append(f"{where}: type {ev.get('type')!r} unknown")
        if ev.get("status") not in STATUSES:
            problems.append(f"{where}: status {ev.get('status')!r} unknown")
        when = _str(ev.get("when"))
        if when is not None and not _WHEN.match(when):
            problems.append(f"{where}: when {when!r} is not YYYY[-MM[-DD]] or null")
        start, end = ev.get("start"), ev.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{where}: evidence offsets {start!r}..{end!r} outside the text")
            start = end = None
        events.append({
            "id": str(ev.get("id") or f"{doc}-e{n}"), "type": ev.get("type"), "actor": _str(ev.get("actor")),
            "target": _str(ev.get("target")), "item": _str(ev.get("item")), "quantity": ev.get("quantity"),
            "value": ev.get("value"), "when": when, "status": ev.get("status"),
            "attributed_to": _str(ev.get("attributed_to")) or "author", "hedged": bool(ev.get("hedged")),
            "start": start, "end": end, "trigger_start": None, "trigger_end": None, "hint": _str(ev.get("hint")),
        })
    meta = {"published": _str(gold.get("published")), "style": "real", "url": source.get("url"),
            "language": gold.get("language") or source.get("language") or "en", "title": gold.get("title"),
            "outlet": gold.get("outlet")}
    return Article(doc, path, text, meta, gold.get("entities") or {}, events, problems)


def load_real(root: Path = REAL_DIR, texts: Path | None = None, language: str = "en",
              batches: Iterable[str] | None = None) -> tuple[list[Article], int]:
    """The annotated real pages whose texts are present (in ``language``), and how many were left out;
    ``batches`` limits them to those folders of ``root`` (default: all)."""
    import json

    texts = texts or texts_dir()
    keep = set(batches) if batches is not None else None
    out: list[Article] = []
    missing = 0
    for sources in sorted(root.glob("*/sources.json")):
        if keep is not None and sources.parent.name not in keep:
            continue
        try:
            listed = json.loads(sources.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue  # a batch being written
        for src in listed:
            gold_path = sources.parent / "gold" / f"{src['id']}.json"
            text_path = texts / f"{src['id']}.txt"
            if (src.get("language") or "en") != language or not gold_path.is_file():
                continue
            if not text_path.is_file():
                missing += 1
                continue
            try:
                gold = json.loads(gold_path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                out.append(Article(str(src["id"]), str(gold_path), "", {}, {}, [], [f"unreadable: {exc}"]))
                continue
            out.append(parse_real(gold, src, text_path.read_text(encoding="utf-8"), str(gold_path)))
    return out, missing


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(p.rglob("*.md"))
        elif p.suffix == ".md":
            yield p


def load_corpus(paths: Iterable[str | Path] | None = None, strict: bool = False) -> list[Article]:
    """Every authored article under ``paths`` (default: the packaged corpus)."""
    out = []
    for p in iter_paths(paths or [AUTHORED_DIR]):
        try:
            art = parse_authored(p)
        except (ValueError, yaml.YAMLError) as exc:
            if strict:
                raise
            art = Article(p.stem, str(p), "", {}, {}, [], [f"unreadable: {exc}"])
        out.append(art)
    return out


def _stats(arts: list[Article]) -> str:
    types = Counter(e["type"] for a in arts for e in a.events)
    styles = Counter(a.meta.get("style") for a in arts)
    lines = [f"{len(arts)} articles, {sum(len(a.events) for a in arts)} events"]
    lines.append("styles: " + ", ".join(f"{k}={v}" for k, v in sorted(styles.items(), key=str)))
    lines.append("types: " + ", ".join(f"{t}={types.get(t, 0)}" for t in EVENT_TYPES))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("validate", "stats"):
        sys.stderr.write(__doc__ or "")
        return 2
    cmd, paths = argv[0], argv[1:]
    arts = load_corpus(paths or None)
    bad = 0
    if cmd == "validate":
        ids = Counter(a.doc for a in arts)
        for a in arts:
            probs = list(a.problems)
            if ids[a.doc] > 1:
                probs.append(f"doc id {a.doc!r} used by {ids[a.doc]} files")
            for pr in probs:
                bad += 1
                sys.stdout.write(f"{a.path}: {pr}\n")
    sys.stdout.write(_stats(arts) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
