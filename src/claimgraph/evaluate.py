"""Scoring of pipeline output against gold annotations (the ``../shared/gold`` format).

Pure functions over records: nothing here touches the store, so the same scorer serves tests, the CLI
(``claimgraph eval GOLD_DIR --floors FILE``) and the benchmark.

What is scored, and the rules (kept here, next to the code that applies them):

**Documents.** Gold document ``"000"`` is the predicted :class:`Document` whose ``name`` (file stem of its
source) starts with ``"000"``; the first ``ok`` one wins.

**Events** (precision, recall, F1, strict and lenient). A predicted event of the same document matches a gold
event when all of these agree:

- *type*: equal (strict); lenient merges the families visit/meeting/consultation,
  statement/opposition/accusation and loan/investment/prepayment/trade.
- *actor and target*: unordered for symmetric types (meeting, agreement, consultation, defense_cooperation,
  military_exercise, armed_clash; lenient: when either type is symmetric). Gold writes states as ISO3 and other
  actors by canonical name; a prediction is an entity id (looked up in ``entities``) or surface text. States
  compare by ISO3, others by case-insensitive equality or containment over name, aliases and text. Lenient: an
  unlinked text that the gold document uses for a state (``aliases_in_text``: "Moscow") counts as that state; an
  actor and the state it acts for are one (the predicted entity's ``iso3`` or ``attributes["state"]``; for a gold
  name, a state its gold role names, else the state of a predicted entity of that name); two different actors
  of one state are not one. A gold null
  target matches only a null prediction (strict) or anything (lenient).
- *item*: when gold has one, the predicted item (name, alias or text) must equal or contain it, either way.
- *when*: when gold has one, the predicted value must agree at gold's granularity (prefix compare: gold
  ``2018-05`` accepts ``2018-05-10``). Strict needs a predicted time at least as fine as gold's; lenient accepts a
  coarser one that agrees (``2018`` for ``2018-05``) or none at all, never a conflicting one.

Matching is one-to-one and greedy, best pair first: a pair ranks by exact type, then the gold constraints it
meets (when, item, target), then evidence word overlap.

**Attribution accuracy** (on the lenient matches). A gold source starting with ``author`` is right when the
prediction is ``author`` or names one of the sources it cites (``author (citing Xinhua)`` accepts ``Xinhua``).
A gold ``unnamed ...`` source is right for any predicted non-author source that is not a linked entity. A
predicted source joining several (``"STATE:CHN and STATE:RUS"``) is right when one of its parts is. Any
other gold source is right when the predicted source (entity name, aliases, ISO3, or its text) and gold overlap:
containment either way, content words with Jaccard overlap above 0.5, or the same state (gold phrases are
mapped to ISO3 through the gold document's ``aliases_in_text``, so ``Kremlin`` equals ``STATE:RUS``).
**Hedging accuracy**: predicted
``hedged`` equals gold ``hedged`` on the same matches; **status accuracy**, likewise for ``status``
(occurred, expected, planned, alleged, denied, ongoing).

**Entity recall** by type: a gold entity is found when its name or an alias (``aliases``; ``aliases_in_text`` for
states) equals, case-insensitively, the name or an alias of a predicted entity listed for that document (a gold
state is also found by a predicted entity with its ISO3).

**Document dates**: gold ``true_date`` and the predicted ``published`` are ISO prefixes. Right when: gold is a
year and the prediction has the same year; else the prediction is finer than a year and either both have day
precision and are at most 31 days apart, or they share the month. Alternatives: a gold file's optional
``date_alternatives`` list, and the page date (``stated_date``) when it lies within 31 days of ``true_date`` (a
quick re-post, as for 000, is an acceptable dating; a re-post years later, as for 004, is not).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .errors import InvalidData
from .records import Document, Entity, Event, Story

__all__ = [
    "GoldEntity",
    "GoldEvent",
    "GoldDocument",
    "GoldCorpus",
    "Score",
    "Ratio",
    "DateResult",
    "EvalReport",
    "load_gold",
    "evaluate",
    "evaluate_stories",
    "check_floors",
    "load_floors",
    "date_matches",
]

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
        true_date=_opt_str(data.get("true_date")), entities=tuple(ents), events=tuple(events),
        date_alternatives=tuple(str(x) for x in data.get("date_alternatives") or ()),
        title=_opt_str(data.get("title")), author=_opt_str(data.get("author")), outlet=_opt_str(data.get("outlet")))


def load_gold(gold_dir: str | Path) -> GoldCorpus:
    """Read ``NNN.json`` files and ``cross_document.json``; ``sha256`` fingerprints them all (floors pin it)."""
    root = Path(gold_dir)
    files = sorted(p for p in root.glob("*.json") if re.fullmatch(r"\d+", p.stem))
    if not files:
        raise InvalidData("E401", path=str(root), reason="no NNN.json gold files")
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


# ------------------------------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class Score:
    """Precision/recall/F1 from counts (true positives, predicted, gold)."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "predicted": self.predicted, "gold": self.gold, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class Ratio:
    correct: int
    total: int

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"correct": self.correct, "total": self.total, "value": round(self.value, 4)}


@dataclass(frozen=True, slots=True)
class DateResult:
    doc: str
    gold: str | None
    predicted: str | None
    correct: bool
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Everything the scorer measured. ``metrics()`` flattens it to the dotted names floors use."""

    gold_sha256: str
    documents: tuple[str, ...]
    missing: tuple[str, ...]
    events_strict: Score
    events_lenient: Score
    events_by_document: Mapping[str, tuple[Score, Score]]
    attribution: Ratio
    hedging: Ratio
    status: Ratio
    entity_recall: Mapping[str, Ratio]
    dates: tuple[DateResult, ...]
    matches: tuple[tuple[str, str], ...] = ()  # (gold event id, predicted event id), lenient

    @property
    def date_accuracy(self) -> Ratio:
        return Ratio(sum(d.correct for d in self.dates), len(self.dates))

    @property
    def entity_recall_all(self) -> Ratio:
        return Ratio(sum(r.correct for r in self.entity_recall.values()),
                     sum(r.total for r in self.entity_recall.values()))

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for mode, s in (("strict", self.events_strict), ("lenient", self.events_lenient)):
            out[f"events.{mode}.precision"] = s.precision
            out[f"events.{mode}.recall"] = s.recall
            out[f"events.{mode}.f1"] = s.f1
        out["attribution.accuracy"] = self.attribution.value
        out["hedging.accuracy"] = self.hedging.value
        out["status.accuracy"] = self.status.value
        for etype, r in self.entity_recall.items():
            out[f"entities.recall.{etype}"] = r.value
        out["entities.recall.all"] = self.entity_recall_all.value
        out["dates.accuracy"] = self.date_accuracy.value
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_sha256": self.gold_sha256, "documents": list(self.documents), "missing": list(self.missing),
            "events": {"strict": self.events_strict.to_dict(), "lenient": self.events_lenient.to_dict(),
                       "by_document": {d: {"strict": s.to_dict(), "lenient": le.to_dict()}
                                       for d, (s, le) in self.events_by_document.items()}},
            "attribution": self.attribution.to_dict(), "hedging": self.hedging.to_dict(),
            "status": self.status.to_dict(),
            "entities": {"recall": {t: r.to_dict() for t, r in self.entity_recall.items()},
                         "recall_all": self.entity_recall_all.to_dict()},
            "dates": {"accuracy": self.date_accuracy.to_dict(),
                      "by_document": [{"doc": d.doc, "gold": d.gold, "predicted": d.predicted,
                                       "correct": d.correct, "accepted": list(d.accepted)} for d in self.dates]},
            "matches": [list(m) for m in self.matches],
            "metrics": {k: round(v, 4) for k, v in self.metrics().items()},
        }

    def to_table(self) -> str:
        rows: list[tuple[str, str, str, str, str]] = [("metric", "P", "R", "F1", "n")]
        for name, s in (("events strict", self.events_strict), ("events lenient", self.events_lenient)):
            rows.append((name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                         f"{s.tp}/{s.predicted}p/{s.gold}g"))
        for doc, (s, le) in self.events_by_document.items():
            rows.append((f"  doc {doc} strict|lenient", f"{s.precision:.2f}|{le.precision:.2f}",
                         f"{s.recall:.2f}|{le.recall:.2f}", f"{s.f1:.2f}|{le.f1:.2f}", f"{le.gold}g"))
        for name, r in (("attribution acc", self.attribution), ("hedging acc", self.hedging),
                        ("status acc", self.status)):
            rows.append((name, "", "", f"{r.value:.3f}", f"{r.correct}/{r.total}"))
        for etype, r in self.entity_recall.items():
            rows.append((f"entity recall {etype}", "", f"{r.value:.3f}", "", f"{r.correct}/{r.total}"))
        ra = self.entity_recall_all
        rows.append(("entity recall all", "", f"{ra.value:.3f}", "", f"{ra.correct}/{ra.total}"))
        da = self.date_accuracy
        rows.append(("document date acc", "", "", f"{da.value:.3f}", f"{da.correct}/{da.total}"))
        for d in self.dates:
            rows.append((f"  date {d.doc}", f"gold {d.gold}", f"pred {d.predicted}", "ok" if d.correct else "WRONG",
                         ""))
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        lines.insert(1, "-" * len(lines[0]))
        if self.missing:
            lines.append(f"no prediction for gold documents: {', '.join(self.missing)}")
        return "\n".join(lines)


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


# ---------------------------------------------------------------------------------------------- evaluate


def _pick_document(doc_id: str, documents: Sequence[Document]) -> Document | None:
    candidates = [d for d in documents if d.name.startswith(doc_id)]
    ok = [d for d in candidates if d.ok]
    return (ok or candidates)[0] if candidates else None


def _entity_found(ge: GoldEntity, predicted: Iterable[Entity]) -> bool:
    gold_names = {_norm(n) for n in (ge.name, *ge.aliases) if n}
    for ent in predicted:
        if ent.type != ge.type and not (ge.type == "STATE" and ent.iso3 and ent.iso3 == ge.iso3):
            continue
        if gold_names & {_norm(n) for n in (ent.name, *ent.aliases)}:
            return True
        if ge.type == "STATE" and ge.iso3 and ent.iso3 == ge.iso3:
            return True
    return False


def evaluate(gold: GoldCorpus, documents: Sequence[Document], entities_by_doc: Mapping[str, Sequence[Entity]],
             events: Sequence[Event], entities: Mapping[str, Entity]) -> EvalReport:
    """Score predictions against ``gold``. ``entities_by_doc`` and events are keyed by predicted document id."""
    events_by_doc: dict[str, list[Event]] = {}
    for ev in events:
        events_by_doc.setdefault(ev.document, []).append(ev)
    strict_tp = lenient_tp = n_pred = n_gold = 0
    per_doc: dict[str, tuple[Score, Score]] = {}
    attr_ok = hedge_ok = status_ok = n_matched = 0
    recall: dict[str, list[int]] = {}
    dates: list[DateResult] = []
    matches: list[tuple[str, str]] = []
    seen: list[str] = []
    missing: list[str] = []
    for doc_id in sorted(gold.documents):
        gd = gold.documents[doc_id]
        pd = _pick_document(doc_id, documents)
        if pd is None:
            missing.append(doc_id)
        else:
            seen.append(doc_id)
        pred_events = events_by_doc.get(pd.id, []) if pd else []
        pred_entities = list(entities_by_doc.get(pd.id, ())) if pd else []
        ctx = _Context(gd, {**{e.id: e for e in pred_entities}, **entities})
        strict = _match(gd.events, pred_events, ctx, lenient=False)
        lenient = _match(gd.events, pred_events, ctx, lenient=True)
        per_doc[doc_id] = (Score(len(strict), len(pred_events), len(gd.events)),
                           Score(len(lenient), len(pred_events), len(gd.events)))
        strict_tp += len(strict)
        lenient_tp += len(lenient)
        n_pred += len(pred_events)
        n_gold += len(gd.events)
        for g, p in lenient:
            matches.append((g.id, p.id))
            n_matched += 1
            attr_ok += _attribution_ok(g.attributed_to, p.attributed_to, ctx)
            hedge_ok += p.hedged == g.hedged
            status_ok += g.status is None or p.status == g.status
        for ge in gd.entities:
            counts = recall.setdefault(ge.type, [0, 0])
            counts[1] += 1
            counts[0] += _entity_found(ge, pred_entities)
        accepted = _accepted_dates(gd)
        if accepted:
            predicted = pd.published if pd else None
            dates.append(DateResult(doc_id, gd.true_date, predicted,
                                    any(date_matches(a, predicted) for a in accepted), accepted))
    return EvalReport(
        gold_sha256=gold.sha256, documents=tuple(seen), missing=tuple(missing),
        events_strict=Score(strict_tp, n_pred, n_gold), events_lenient=Score(lenient_tp, n_pred, n_gold),
        events_by_document=per_doc, attribution=Ratio(attr_ok, n_matched), hedging=Ratio(hedge_ok, n_matched),
        status=Ratio(status_ok, n_matched),
        entity_recall={t: Ratio(c, n) for t, (c, n) in sorted(recall.items())}, dates=tuple(dates),
        matches=tuple(matches))


def evaluate_stories(gold: GoldCorpus, report: EvalReport, stories: Iterable[Story]) -> Score:
    """Cross-document grouping, pairwise, over the events the report matched (``report.matches``).

    A gold pair is two matched events of different documents in one ``same_event`` group of
    ``cross_document.json``; a predicted pair is two such events whose predictions share a :class:`Story`.
    Precision and recall of predicted pairs against gold pairs measure reconciliation apart from extraction.
    """
    to_gold = {pred: g for g, pred in report.matches}
    doc_of = {ev.id: doc for doc, gd in gold.documents.items() for ev in gd.events}
    story_of: dict[str, set[str]] = {}
    for story in stories:
        for ev in story.events:
            story_of.setdefault(ev, set()).add(story.id)
    matched = sorted(to_gold)
    gold_group: dict[str, int] = {}
    for i, group in enumerate(gold.cross_document.get("same_event") or []):
        for gid in group.get("group") or []:
            gold_group[str(gid)] = i
    gold_pairs = pred_pairs = tp = 0
    for i, a in enumerate(matched):
        for b in matched[i + 1:]:
            ga, gb = to_gold[a], to_gold[b]
            if doc_of.get(ga) == doc_of.get(gb):
                continue  # cross-document pairs only
            same_gold = ga in gold_group and gold_group.get(gb) == gold_group[ga]
            same_pred = bool(story_of.get(a, set()) & story_of.get(b, set()))
            gold_pairs += same_gold
            pred_pairs += same_pred
            tp += same_gold and same_pred
    return Score(tp, pred_pairs, gold_pairs)


# ------------------------------------------------------------------------------------------------ floors


def load_floors(path: str | Path) -> dict[str, Any]:
    """Read a floors file (``{"gold_sha256": ..., "floors": {"events.lenient.f1": 0.2, ...}}``)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidData("E401", path=str(p), reason=str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("floors"), dict):
        raise InvalidData("E401", path=str(p), reason="expected an object with a 'floors' mapping")
    return data


def check_floors(report: EvalReport, floors: Mapping[str, Any], epsilon: float = 0.005) -> list[str]:
    """Violations of ``floors`` (a loaded floors file, or a bare ``{metric: floor}`` mapping); empty when all hold.

    A metric counts as below its floor only when it is more than ``epsilon`` under it, so rounding noise does not
    fail a run. A floors file pinned to another gold corpus (``gold_sha256``) is itself a violation: the numbers
    would not be comparable.
    """
    table = floors.get("floors", floors) if isinstance(floors.get("floors"), Mapping) else floors
    out: list[str] = []
    pinned = floors.get("gold_sha256")
    if isinstance(pinned, str) and pinned and report.gold_sha256 and pinned != report.gold_sha256:
        out.append(f"gold corpus changed: floors pinned to sha256 {pinned[:12]}, scored {report.gold_sha256[:12]}")
    metrics = report.metrics()
    for name, floor in sorted(table.items()):
        if not isinstance(floor, (int, float)) or isinstance(floor, bool):
            continue
        if name not in metrics:
            out.append(f"{name}: unknown metric (known: {', '.join(sorted(metrics))})")
            continue
        if metrics[name] < float(floor) - epsilon:
            out.append(f"{name}: {metrics[name]:.3f} is below the floor {float(floor):.3f}")
    return out
