"""The results of an evaluation: scores, ratios, per-document dates, and the report that renders them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


