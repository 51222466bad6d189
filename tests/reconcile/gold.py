"""Scoring helpers against ``../shared/gold/cross_document.json`` shared by the seeds measurements."""

from __future__ import annotations

import re
from typing import Any


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if len(w) > 3}


def match_competing(gold: dict[str, Any], found: dict[str, list[Any]]) -> list[tuple[str, bool, bool, bool]]:
    """For each gold competing explanation: (cause, found, source right, stance right)."""
    rows = []
    for g in gold["competing_explanations"]:
        docs = sorted({e.split("-")[0] for e in g["event_ids"]})
        gw = _words(g["cause"])
        best = None
        for d in docs:
            for x in found.get(d, []):
                if x.event not in g["event_ids"]:
                    continue
                overlap = len(gw & _words(x.cause + " " + x.evidence.text))
                if overlap >= 3 and (best is None or overlap > best[0]):
                    best = (overlap, x)
        src_ok = False
        if best:
            who = best[1].attributed_to.lower()
            offered = g["offered_by"].lower()
            src_ok = any(w in offered for w in _words(who) | {who}) or (who == "author" and "author" in offered)
        g_stance = "endorses" if "endorse" in g["stance_of_document_author"] else "rejects"
        stance_ok = best is not None and best[1].stance == g_stance
        rows.append((g["cause"][:60], best is not None, src_ok, stance_ok))
    return rows
