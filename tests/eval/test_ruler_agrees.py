"""``claimgraph eval`` and the reference scorer (``../shared/tools/score.py``) give the same figures.

Random gold files and export folders (types, parties, items, dates, attribution, hedging, entities, document
dates drawn from small pools so that partial matches are frequent) are scored by both; every figure must agree.
The reference is loaded from its file and run with the arguments a person gives it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.evaluate import evaluate_export

pytestmark = pytest.mark.seeds

SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "tools" / "score.py"
TYPES = ["arms_order", "arms_delivery", "visit", "meeting", "statement", "accusation", "loan", "trade",
         "agreement", "defense_cooperation"]
PARTIES = ["RUS", "CHN", "IND", "USA", "Gazprom", "Rosoboronexport", "Xi Jinping", "NATO", None]
ITEMS = ["S-400", "S-400 Triumf", "Su-35", "gas", None]
WHENS = ["2018", "2018-05", "2018-05-10", "2019-01", None]
SOURCES = ["author", "Kremlin", "Indian media", "Xinhua News Agency", "Xinhua"]
DATES = ["2020-07-20", "2020-07", "2020", "2021-03-02", None]

event = st.fixed_dictionaries({
    "type": st.sampled_from(TYPES), "actor": st.sampled_from(PARTIES[:-1]), "target": st.sampled_from(PARTIES),
    "item": st.sampled_from(ITEMS), "when": st.sampled_from(WHENS), "attributed_to": st.sampled_from(SOURCES),
    "hedged": st.booleans(), "status": st.sampled_from(["occurred", "planned"])})
doc_case = st.fixed_dictionaries({
    "gold": st.lists(event, max_size=6), "system": st.lists(event, max_size=7),
    "gold_date": st.sampled_from(DATES[:-1]), "sys_date": st.sampled_from(DATES),
    "gold_ents": st.lists(st.sampled_from(["Xi Jinping", "Vladimir Putin", "Gazprom (PJSC Gazprom)"]), max_size=3),
    "sys_ents": st.lists(st.sampled_from(["Xi Jinping", "PJSC Gazprom", "Putin"]), max_size=3)})


def _write(tmp: Path, cases: list[dict[str, Any]]) -> tuple[Path, Path]:
    gold, export = tmp / "gold", tmp / "export"
    gold.mkdir()
    export.mkdir()
    docs, events, ents = [], [], []
    for n, c in enumerate(cases):
        gid = f"{100 + n}"
        ge = [{"id": f"{gid}-e{k}", **e} for k, e in enumerate(c["gold"])]
        (gold / f"{gid}.json").write_text(json.dumps({
            "doc": gid, "published": c["gold_date"], "events": ge,
            "entities": {"PERSON": c["gold_ents"], "WEAPON_SYSTEM": [{"name": "S-400", "aliases": ["Triumf"]}]}}))
        did = f"doc_{gid}"
        docs.append({"id": did, "source": f"in/{gid}.md", "published": c["sys_date"]})
        events += [{"id": f"ev_{gid}_{k}", "document": did, **e} for k, e in enumerate(c["system"])]
        ents += [{"id": f"PERSON:{x}", "type": "PERSON", "name": x, "iso3": None, "aliases": [], "documents": [did]}
                 for x in c["sys_ents"]]
    for name, rows in (("documents", docs), ("events", events), ("entities", ents)):
        (export / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return gold, export


def _reference(export: Path, gold: Path) -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with contextlib.redirect_stdout(io.StringIO()):
        report = module.main([str(export), str(gold), "--json"])
    return dict(report["overall"])


def _compare(export: Path, gold: Path) -> None:
    ref = _reference(export, gold)
    ours = evaluate_export(export, gold)
    for mode, s in (("strict", ours.events_strict), ("lenient", ours.events_lenient)):
        assert ref[mode]["p"] == pytest.approx(s.precision, abs=0.0015)
        assert ref[mode]["r"] == pytest.approx(s.recall, abs=0.0015)
        assert ref[mode]["f1"] == pytest.approx(s.f1, abs=0.0015)
    assert ref["attribution_acc"] == pytest.approx(ours.attribution.value, abs=0.0015)
    assert ref["hedged_acc"] == pytest.approx(ours.hedging.value, abs=0.0015)
    assert ref["doc_dates"] == f"{ours.date_accuracy.correct}/{ours.date_accuracy.total}"
    for typ, r in ours.entity_recall.items():
        expected = pytest.approx(r.value, abs=0.0015) if r.total else None  # the reference: None for no gold
        assert ref["entity_recall"][typ] == expected


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score.py is not beside the repository")
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cases=st.lists(doc_case, min_size=1, max_size=3))
def test_random_corpora_score_the_same(tmp_path_factory: pytest.TempPathFactory,
                                       cases: list[dict[str, Any]]) -> None:
    gold, export = _write(tmp_path_factory.mktemp("agree"), cases)
    _compare(export, gold)


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score.py is not beside the repository")
@pytest.mark.model
def test_the_seeds_score_the_same(seeds_dir: Path, gold_dir: Path, tmp_path: Path) -> None:
    from claimgraph.workbench import open_workbench

    with open_workbench(str(tmp_path / "kb.db")) as wb:
        wb.ingest([str(seeds_dir)])
        wb.export(tmp_path / "export")
        ours = wb.evaluate(gold_dir)
    _compare(tmp_path / "export", gold_dir)
    ref = _reference(tmp_path / "export", gold_dir)
    assert ref["lenient"]["f1"] == pytest.approx(ours.events_lenient.f1, abs=0.005)
