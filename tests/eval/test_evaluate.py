"""The one ruler on small synthetic gold/export sets with exact expected numbers (rules of ../shared/dev/README)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import InvalidData
from claimgraph.evaluate import (
    EvalReport,
    date_agrees,
    evaluate,
    evaluate_export,
    evaluate_stories,
    load_gold,
)
from claimgraph.records import Story

from ._builders import document_row, entity_row, event_row, events_only, gold_event

DOC = document_row("100", "2020-07-20")


def score(write_gold: Callable[..., Path], gold_events: Sequence[dict[str, Any]],
          rows: Sequence[dict[str, Any]], entities: Sequence[dict[str, Any]] = ()) -> EvalReport:
    return evaluate(write_gold(events_only(gold_events)), [DOC], rows, entities)


def test_exact_counts_precision_recall_f1(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "arms_order", "RUS", "CHN", item="S-400"),
            gold_event("g2", "arms_delivery", "RUS", "IND", item="S-400", when="2021-12"),
            gold_event("g3", "loan", "CHN", "Gazprom", when="2016-03"),
            gold_event("g4", "sanction", "USA", "RUS")]
    rows = [event_row(DOC["id"], "arms_order", "RUS", "CHN", item="S-400"),
            event_row(DOC["id"], "arms_delivery", "RUS", "IND", item="S-400 Triumf", when="2021-12-08"),
            event_row(DOC["id"], "investment", "CHN", "Gazprom", when="2016-03"),
            event_row(DOC["id"], "arms_order", "RUS", "CHN", item="S-400", n=1),
            event_row(DOC["id"], "visit", "CHN", "RUS")]
    report = score(write_gold, gold, rows)
    s, le = report.events_strict, report.events_lenient
    assert (s.tp, s.predicted, s.gold) == (2, 5, 4)
    assert s.precision == pytest.approx(0.4) and s.recall == pytest.approx(0.5)
    assert (le.tp, le.precision, le.recall) == (3, pytest.approx(0.6), pytest.approx(0.75))
    assert len(report.matches) == 3  # one-to-one: the duplicate order is a false positive


def test_symmetric_types_are_unordered_directed_types_are_not(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "meeting", "RUS", "CHN"), gold_event("g2", "agreement", "CHN", "RUS"),
            gold_event("g3", "arms_order", "RUS", "CHN")]
    rows = [event_row(DOC["id"], "meeting", "CHN", "RUS"), event_row(DOC["id"], "agreement", "CHN", "RUS"),
            event_row(DOC["id"], "arms_order", "CHN", "RUS")]
    report = score(write_gold, gold, rows)
    assert (report.events_strict.tp, report.events_lenient.tp) == (2, 2)
    assert {g for g, _ in report.matches} == {"g1", "g2"}


def test_lenient_families_merge_types(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "visit", "CHN", "RUS"), gold_event("g2", "accusation", "CHN", "USA"),
            gold_event("g3", "prepayment", "CHN", "RUS"), gold_event("g4", "arms_order", "RUS", "IND")]
    rows = [event_row(DOC["id"], "meeting", "CHN", "RUS"), event_row(DOC["id"], "statement", "CHN", "USA"),
            event_row(DOC["id"], "trade", "CHN", "RUS"), event_row(DOC["id"], "arms_delivery", "RUS", "IND")]
    report = score(write_gold, gold, rows)
    assert (report.events_strict.tp, report.events_lenient.tp) == (0, 3)


@pytest.mark.parametrize(
    ("gold_when", "sys_when", "matched"),
    [("2018-05", "2018-05-10", 1), ("2018", "2018-05", 1), ("2018-05", "2018", 0), ("2018-05", None, 0),
     ("2018-05", "2019-05-10", 0), ("2018-05", "2018-06", 0), (None, "2030", 1), (None, None, 1)],
)
def test_a_missing_or_coarser_date_does_not_match_a_dated_gold_event(
        write_gold: Callable[..., Path], gold_when: str | None, sys_when: str | None, matched: int) -> None:
    gold = [gold_event("g1", "arms_delivery", "RUS", "CHN", when=gold_when)]
    report = score(write_gold, gold, [event_row(DOC["id"], "arms_delivery", "RUS", "CHN", when=sys_when)])
    assert (report.events_strict.tp, report.events_lenient.tp) == (matched, matched)


def test_a_null_gold_target_is_not_checked(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "RUS", None)]
    report = score(write_gold, gold, [event_row(DOC["id"], "statement", "RUS", "IND")])
    assert (report.events_strict.tp, report.events_lenient.tp) == (1, 1)


def test_lenient_a_person_or_state_firm_counts_as_its_state(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "Xi Jinping", "RUS"), gold_event("g2", "loan", "CHN", "RUS"),
            gold_event("g3", "arms_order", "RUS", "IND")]
    rows = [event_row(DOC["id"], "statement", "CHN", "RUS"), event_row(DOC["id"], "loan", "CHN", "Gazprom"),
            event_row(DOC["id"], "arms_order", "Rosoboronexport", "IND")]
    report = score(write_gold, gold, rows)
    assert (report.events_strict.tp, report.events_lenient.tp) == (0, 3)


def test_names_compare_without_case_articles_or_punctuation(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "sanction", "USA", "Lockheed Martin"), gold_event("g2", "statement", "NATO", None)]
    rows = [event_row(DOC["id"], "sanction", "USA", "lockheed martin"),
            event_row(DOC["id"], "statement", "the N.A.T.O.", None)]
    assert score(write_gold, gold, rows).events_strict.tp == 2


def test_item_must_match_when_gold_has_one(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "arms_order", "RUS", "CHN", item="Su-35"),
            gold_event("g2", "trade", "RUS", "CHN", item="crude oil"),
            gold_event("g3", "arms_order", "RUS", "IND", item="S-400")]
    rows = [event_row(DOC["id"], "arms_order", "RUS", "CHN", item="S-400"),
            event_row(DOC["id"], "trade", "RUS", "CHN", item="Crude Oil"),
            event_row(DOC["id"], "arms_order", "RUS", "IND", item="Triumf")]
    gold_dir = write_gold({"100": {"events": gold,
                                   "entities": {"WEAPON_SYSTEM": [{"name": "S-400", "aliases": ["Triumf"]}]}}})
    report = evaluate(gold_dir, [DOC], rows, [])
    assert sorted(g for g, _ in report.matches) == ["g2", "g3"]  # an alias of the gold system counts


def test_attribution_hedging_and_status_on_matches(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "RUS", None, attributed_to="author"),
            gold_event("g2", "loan", "CHN", "RUS", attributed_to="Xinhua"),
            gold_event("g3", "agreement", "RUS", "CHN", attributed_to="Kremlin", hedged=True),
            gold_event("g4", "arms_order", "RUS", "IND", attributed_to="Indian media", status="planned")]
    rows = [event_row(DOC["id"], "statement", "RUS", None, attributed_to="author"),
            event_row(DOC["id"], "loan", "CHN", "RUS", attributed_to="Xinhua News Agency"),
            event_row(DOC["id"], "agreement", "RUS", "CHN", attributed_to="the Kremlin", hedged=False),
            event_row(DOC["id"], "arms_order", "RUS", "IND", attributed_to="author")]
    report = score(write_gold, gold, rows)
    assert report.events_strict.tp == 4
    assert (report.attribution.correct, report.attribution.total) == (3, 4)
    assert (report.hedging.correct, report.hedging.total) == (3, 4)
    assert (report.status.correct, report.status.total) == (3, 4)


def test_entity_recall_by_type(write_gold: Callable[..., Path]) -> None:
    gold_dir = write_gold({"100": {"entities": {
        "PERSON": ["Xi Jinping", "Sergei Shoigu"], "STATE": ["RUS", "IND"],
        "ORG": ["Associated Press (AP)"], "WEAPON_SYSTEM": [{"name": "S-400 system", "aliases": ["Triumf"]}]}}})
    ents = [entity_row("PERSON", "Xi Jinping", [DOC["id"]]), entity_row("STATE", "Russia", [DOC["id"]], "RUS"),
            entity_row("ORG", "AP", [DOC["id"]]), entity_row("WEAPON_SYSTEM", "S-400", [DOC["id"]], None, ["Triumf"]),
            entity_row("STATE", "India", ["doc_other"], "IND")]
    report = evaluate(gold_dir, [DOC], [], ents)
    recall = {t: (r.correct, r.total) for t, r in report.entity_recall.items()}
    assert recall == {"ORG": (1, 1), "PERSON": (1, 2), "STATE": (1, 2), "WEAPON_SYSTEM": (1, 1)}


@pytest.mark.parametrize(
    ("gold", "got", "ok"),
    [("2020-07", "2020-07-28", True), ("2020-07", "2020-09-20", False), ("2020", "2020-11", True),
     ("2020", "2021-01-01", True), ("2020", "2021-03-01", False), ("2016-03-30", "2016-05-10", True),
     ("2016-03-30", "2016-06-15", False), ("2016-03-30", "2016", False), ("2023-04-12", None, False)],
)
def test_document_dates_within_45_days_and_a_year_only_for_a_year(gold: str, got: str | None, ok: bool) -> None:
    assert date_agrees(got, gold) is ok


def test_documents_map_to_gold_by_source_stem_and_missing_ones_are_reported(
        write_gold: Callable[..., Path]) -> None:
    gold_dir = write_gold({"100": {"published": "2020-07", "events": [gold_event("g1", "visit", "CHN", "RUS")]},
                           "200": {"published": "2021", "events": [gold_event("g2", "visit", "IND", "RUS")]}})
    report = evaluate(gold_dir, [DOC], [event_row(DOC["id"], "visit", "CHN", "RUS")], [])
    assert report.missing == ("200",) and report.documents == ("100",)
    assert [(d.doc, d.correct) for d in report.dates] == [("100", True), ("200", False)]
    data = json.loads(json.dumps(report.to_dict()))
    assert data["events"]["strict"]["tp"] == 1 and data["metrics"]["events.strict.recall"] == 0.5
    assert "events strict" in report.to_table()


def test_maximum_matching_not_first_come(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g_open", "arms_delivery", "RUS", "CHN"),
            gold_event("g_dated", "arms_delivery", "RUS", "CHN", when="2018-05")]
    rows = [event_row(DOC["id"], "arms_delivery", "RUS", "CHN", when="2018-05-10", n=1),
            event_row(DOC["id"], "arms_delivery", "RUS", "CHN", n=2)]
    assert score(write_gold, gold, rows).events_strict.tp == 2


def test_evaluate_export_reads_the_export_folder(write_gold: Callable[..., Path], tmp_path: Path) -> None:
    gold_dir = write_gold(events_only([gold_event("g1", "visit", "CHN", "RUS")]))
    out = tmp_path / "export"
    out.mkdir()
    (out / "documents.jsonl").write_text(json.dumps(DOC) + "\n", encoding="utf-8")
    (out / "events.jsonl").write_text(json.dumps(event_row(DOC["id"], "visit", "CHN", "RUS")) + "\n",
                                      encoding="utf-8")
    assert evaluate_export(out, gold_dir).events_strict.tp == 1


def test_load_gold_rejects_malformed_files(tmp_path: Path) -> None:
    (tmp_path / "100.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_gold(tmp_path)
    assert err.value.code == "E401"


def test_load_gold_reads_the_dev_set_form_and_fingerprints_content(write_gold: Callable[..., Path]) -> None:
    a = load_gold(write_gold({"d01": {"published": "2020", "entities": {"ORG": ["Reuters (Thomson Reuters)"]}}},
                             folder="a"))
    b = load_gold(write_gold({"d01": {"published": "2020", "entities": {"ORG": ["Reuters (Thomson Reuters)"]}}},
                             folder="b"))
    c = load_gold(write_gold({"d01": {"published": "2021"}}, folder="c"))
    assert a.sha256 == b.sha256 != c.sha256
    ent = a.documents["d01"].entities[0]
    assert (ent.name, ent.aliases) == ("Reuters", ("Thomson Reuters",))
    assert a.documents["d01"].true_date == "2020"


def test_stories_pairwise_over_matched_events(write_gold: Callable[..., Path]) -> None:
    root = write_gold({"100": {"events": [gold_event("a1", "arms_order", "RUS", "CHN"),
                                          gold_event("a2", "visit", "IND", "RUS")]},
                       "200": {"events": [gold_event("b1", "arms_order", "RUS", "CHN"),
                                          gold_event("b2", "visit", "CHN", "RUS")]}})
    (root / "cross_document.json").write_text(json.dumps({"same_event": [{"group": ["a1", "b1"]}]}),
                                              encoding="utf-8")
    d1, d2 = document_row("100"), document_row("200")
    rows = [event_row(d1["id"], "arms_order", "RUS", "CHN"), event_row(d1["id"], "visit", "IND", "RUS"),
            event_row(d2["id"], "arms_order", "RUS", "CHN"), event_row(d2["id"], "visit", "CHN", "RUS")]
    report = evaluate(root, [d1, d2], rows, [])
    gold = load_gold(root)
    assert report.events_strict.tp == 4
    ids = tuple(r["id"] for r in rows)
    everything = Story("s1", "all", "arms_order", ids, (d1["id"], d2["id"]))
    s_all = evaluate_stories(gold, report, [everything])
    assert (s_all.tp, s_all.predicted, s_all.gold) == (1, 4, 1)
    exact = Story("s2", "the order", "arms_order", (ids[0], ids[2]), (d1["id"], d2["id"]))
    assert evaluate_stories(gold, report, [exact]).f1 == pytest.approx(1.0)
