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

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import InvalidData
from ..records import Document, Entity, Event, Story
from .gold import GoldCorpus, GoldDocument, GoldEntity, GoldEvent, load_gold
from .report import DateResult, EvalReport, Ratio, Score
from .rules import (
    _accepted_dates,
    _attribution_ok,
    _Context,
    _match,
    _norm,
    date_matches,
)

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

