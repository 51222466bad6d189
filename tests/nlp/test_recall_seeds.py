"""Entity recall against the gold annotation of the seed corpus, per type, with floors.

A gold entity counts as found when its name or one of its aliases (``aliases``, or ``aliases_in_text`` for
states) equals, ignoring case, the name or an alias of one of the entities annotated in that document. The check
is type-strict (a gold PLACE needs a PLACE entity), like ``claimgraph.evaluate``; a gold state also counts when an
entity has its ISO3 code.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.nlp import annotate
from claimgraph.records import Document, make_id

pytestmark = [pytest.mark.model, pytest.mark.seeds]

FLOORS = {"STATE": 0.95, "WEAPON_SYSTEM": 0.95, "PERSON": 0.9, "ORG": 0.8}


def _recall(nlp: Language, seeds_dir: Path, gold_dir: Path) -> dict[str, tuple[int, int, list[str]]]:
    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    missed: dict[str, list[str]] = defaultdict(list)
    for seed in sorted(seeds_dir.glob("*.txt")):
        stem = seed.name[:3]
        gold_file = gold_dir / f"{stem}.json"
        if not gold_file.exists():
            continue
        text = seed.read_text(encoding="utf-8")
        document = Document(id=make_id("doc", stem), source=str(seed), sha256="", text=text)
        _, entities = annotate(nlp(text), document)
        names: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for n in (e.name, *e.aliases):
                names[e.type].add(n.lower())
        isos = {e.iso3 for e in entities if e.type == "STATE"}
        for etype, golds in json.loads(gold_file.read_text(encoding="utf-8"))["entities"].items():
            for g in golds:
                forms = [g["name"], *g.get("aliases", []), *g.get("aliases_in_text", [])]
                total[etype] += 1
                if any(f.lower() in names[etype] for f in forms) or (
                    etype == "STATE" and g.get("iso3") in isos
                ):
                    found[etype] += 1
                else:
                    missed[etype].append(f"{stem}:{g['name']}")
    return {t: (found[t], total[t], missed[t]) for t in total}


def test_recall_seeds_meets_floors(nlp: Language, seeds_dir: Path, gold_dir: Path) -> None:
    scores = _recall(nlp, seeds_dir, gold_dir)
    assert set(FLOORS) <= set(scores)
    for etype, floor in FLOORS.items():
        hit, n, missed = scores[etype]
        assert hit / n >= floor, f"{etype} recall {hit}/{n} below {floor}; missed {missed}"
    hit, n, _ = scores["PLACE"]
    assert hit / n >= 0.8  # reported, not a target (0.97 when written): guards against a collapse
