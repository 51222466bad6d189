"""Scoring of the knowledge base against gold annotations (the ``../shared/gold`` and ``../shared/dev`` format).

One ruler: :mod:`.ruler` applies the reference scorer's matching rules (``../shared/tools/score.py``, written out
in ``../shared/dev/README.md``) to export rows, so ``claimgraph eval`` and the reference give the same figures on
the same knowledge base. Pure functions over rows: nothing here touches the store, so the same scorer serves
tests, the CLI (``claimgraph eval GOLD_DIR --floors FILE``), ``scripts/dev_set.py`` and the training reports.
"""


from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidData
from ..records import Story
from .gold import GoldCorpus, GoldDocument, GoldEntity, GoldEvent, load_gold
from .report import DateResult, EvalReport, Ratio, Score
from .ruler import Row, date_agrees, load_gold_rows, read_export, score

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
    "evaluate_export",
    "evaluate_stories",
    "check_floors",
    "load_floors",
    "date_agrees",
]

# ---------------------------------------------------------------------------------------------- evaluate


def evaluate(gold_dir: str | Path, documents: Iterable[Row], events: Iterable[Row], entities: Iterable[Row],
             only: Iterable[str] | None = None) -> EvalReport:
    """Score export rows (``views.export`` shapes) against the gold files of ``gold_dir``."""
    corpus = load_gold(gold_dir)
    return score(documents, events, entities, load_gold_rows(gold_dir, only), corpus)


def evaluate_export(export_dir: str | Path, gold_dir: str | Path, only: Iterable[str] | None = None) -> EvalReport:
    """Score an export folder (``claimgraph export DIR``) against ``gold_dir``: what the reference scorer reads."""
    documents, events, entities = read_export(export_dir)
    return evaluate(gold_dir, documents, events, entities, only)


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

