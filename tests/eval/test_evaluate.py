"""Scorer behaviour on small synthetic gold/prediction sets with exact expected numbers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import InvalidData
from claimgraph.evaluate import EvalReport, date_matches, evaluate, evaluate_stories, load_gold
from claimgraph.records import Document, Entity, Event, Story

from ._builders import ALL_ENTITIES, PEOPLE, STATES, document, events_only, gold_event, pred_event

DOC = document("100", "2020-07-20")


def score(write_gold: Callable[..., Path], gold_events: Sequence[dict[str, Any]], preds: Sequence[Event],
          entities: dict[str, Entity] | None = None) -> EvalReport:
    gold = load_gold(write_gold(events_only(gold_events)))
    ents = ALL_ENTITIES if entities is None else entities
    return evaluate(gold, [DOC], {DOC.id: list(ents.values())}, preds, ents)


def test_evaluate_exact_counts_precision_recall_f1(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "arms_order", "RUS", "CHN", item="S-400"),
            gold_event("g2", "arms_delivery", "RUS", "IND", item="S-400", when="2021-12"),
            gold_event("g3", "loan", "CHN", "Gazprom", when="2016-03"),
            gold_event("g4", "sanction", "USA", "RUS")]
    preds = [pred_event(DOC.id, "arms_order", "STATE:RUS", "STATE:CHN", item="WEAPON_SYSTEM:S-400"),
             pred_event(DOC.id, "arms_delivery", "STATE:RUS", "STATE:IND", item_text="S-400 Triumf",
                        when="2021-12-08"),
             pred_event(DOC.id, "investment", "STATE:CHN", "ORG:gazprom", when="2016-03"),
             pred_event(DOC.id, "arms_order", "STATE:RUS", "STATE:CHN", item="WEAPON_SYSTEM:S-400", text="dup"),
             pred_event(DOC.id, "visit", "STATE:CHN", "STATE:RUS")]
    report = score(write_gold, gold, preds)
    s, le = report.events_strict, report.events_lenient
    assert (s.tp, s.predicted, s.gold) == (2, 5, 4)
    assert s.precision == pytest.approx(0.4) and s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert (le.tp, le.precision, le.recall) == (3, pytest.approx(0.6), pytest.approx(0.75))
    assert le.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert len(report.matches) == 3  # one-to-one: the duplicate order is a false positive


def test_evaluate_symmetric_types_are_unordered(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "meeting", "RUS", "CHN"), gold_event("g2", "agreement", "CHN", "RUS"),
            gold_event("g3", "arms_order", "RUS", "CHN")]
    preds = [pred_event(DOC.id, "meeting", "STATE:CHN", "STATE:RUS"),
             pred_event(DOC.id, "agreement", "STATE:CHN", "STATE:RUS"),
             pred_event(DOC.id, "arms_order", "STATE:CHN", "STATE:RUS")]
    report = score(write_gold, gold, preds)
    assert report.events_strict.tp == 2
    assert report.events_lenient.tp == 2  # a reversed arms order is still wrong
    assert {g for g, _ in report.matches} == {"g1", "g2"}


def test_evaluate_lenient_families_merge_types(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "visit", "CHN", "RUS"), gold_event("g2", "accusation", "CHN", "USA"),
            gold_event("g3", "prepayment", "CHN", "RUS"), gold_event("g4", "arms_order", "RUS", "IND")]
    preds = [pred_event(DOC.id, "meeting", "STATE:CHN", "STATE:RUS"),
             pred_event(DOC.id, "statement", "STATE:CHN", None, target_text="the United States"),
             pred_event(DOC.id, "trade", "STATE:CHN", "STATE:RUS"),
             pred_event(DOC.id, "arms_delivery", "STATE:RUS", "STATE:IND")]
    report = score(write_gold, gold, preds)
    assert report.events_strict.tp == 0
    assert report.events_lenient.tp == 2  # "USA" vs text "the United States": no ISO3 link, no match
    assert report.events_lenient.precision == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("gold_when", "pred_when", "strict", "lenient"),
    [("2018-05", "2018-05-10", 1, 1), ("2018", "2018-05", 1, 1), ("2018-05", "2018", 0, 1),
     ("2018-05", None, 0, 1), ("2018-05", "2019-05-10", 0, 0), ("2018-05", "2018-06", 0, 0),
     (None, "2030", 1, 1)],
)
def test_evaluate_when_agrees_at_gold_granularity(write_gold: Callable[..., Path], gold_when: str | None,
                                                  pred_when: str | None, strict: int, lenient: int) -> None:
    gold = [gold_event("g1", "arms_delivery", "RUS", "CHN", when=gold_when)]
    preds = [pred_event(DOC.id, "arms_delivery", "STATE:RUS", "STATE:CHN", when=pred_when)]
    report = score(write_gold, gold, preds)
    assert (report.events_strict.tp, report.events_lenient.tp) == (strict, lenient)


def test_evaluate_null_target_strict_needs_null(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "RUS", None), gold_event("g2", "statement", "CHN", None)]
    preds = [pred_event(DOC.id, "statement", "STATE:RUS", "STATE:IND"),
             pred_event(DOC.id, "statement", "STATE:CHN", None)]
    report = score(write_gold, gold, preds)
    assert (report.events_strict.tp, report.events_lenient.tp) == (1, 2)


def test_evaluate_actor_and_its_state_are_one_when_lenient(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "Xi Jinping", "RUS"), gold_event("g2", "statement", "RUS", "CHN"),
            gold_event("g3", "loan", "CHN", "Gazprom")]
    preds = [pred_event(DOC.id, "statement", "STATE:CHN", "STATE:RUS"),
             pred_event(DOC.id, "statement", "PERSON:vladimir-putin", "STATE:CHN"),
             pred_event(DOC.id, "loan", "STATE:CHN", "STATE:RUS")]
    report = score(write_gold, gold, preds)
    assert report.events_strict.tp == 0
    assert report.events_lenient.tp == 3


def test_evaluate_gold_role_names_the_state_when_no_entity_does(write_gold: Callable[..., Path]) -> None:
    gold_docs = {"100": {
        "entities": {"PERSON": [{"name": "Ivan Petrovsky", "aliases": [], "role": "defence minister of Russia"}],
                     "STATE": [{"name": "Russia", "iso3": "RUS", "aliases_in_text": ["Russia", "Moscow"]}]},
        "events": [gold_event("g1", "statement", "Ivan Petrovsky", None)]}}
    gold = load_gold(write_gold(gold_docs))
    preds = [pred_event(DOC.id, "statement", "STATE:RUS", None)]
    report = evaluate(gold, [DOC], {}, preds, {"STATE:RUS": STATES["RUS"]})
    assert (report.events_strict.tp, report.events_lenient.tp) == (0, 1)


def test_evaluate_item_must_match_when_gold_has_one(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "arms_order", "RUS", "CHN", item="Su-35"),
            gold_event("g2", "trade", "RUS", "CHN", item="crude oil")]
    preds = [pred_event(DOC.id, "arms_order", "STATE:RUS", "STATE:CHN", item="WEAPON_SYSTEM:S-400"),
             pred_event(DOC.id, "trade", "STATE:RUS", "STATE:CHN", item_text="Crude Oil")]
    report = score(write_gold, gold, preds)
    assert report.matches == (("g2", report.matches[0][1]),)


def test_evaluate_attribution_and_hedging_on_matches(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "RUS", None, attributed_to="author (citing Xinhua, TASS)"),
            gold_event("g2", "loan", "CHN", "RUS", attributed_to="author (citing Xinhua)"),
            gold_event("g3", "agreement", "RUS", "CHN", attributed_to="Kremlin", hedged=True),
            gold_event("g4", "arms_delivery", "RUS", "CHN", attributed_to="unnamed media ('widely reported')",
                       hedged=True),
            gold_event("g5", "arms_order", "RUS", "IND", attributed_to="Indian media"),
            gold_event("g6", "trade", "RUS", "IND", attributed_to="China and Russia"),
            gold_event("g7", "meeting", "IND", "RUS", attributed_to="Artem Volkov and Lee Brand", status="planned")]
    preds = [pred_event(DOC.id, "statement", "STATE:RUS", None, attributed_to="author"),
             pred_event(DOC.id, "loan", "STATE:CHN", "STATE:RUS", attributed_to="ORG:xinhua"),
             pred_event(DOC.id, "agreement", "STATE:RUS", "STATE:CHN", attributed_to="STATE:RUS", hedged=True),
             pred_event(DOC.id, "arms_delivery", "STATE:RUS", "STATE:CHN", attributed_to="reports"),
             pred_event(DOC.id, "arms_order", "STATE:RUS", "STATE:IND", attributed_to="Chinese media"),
             pred_event(DOC.id, "trade", "STATE:RUS", "STATE:IND", attributed_to="STATE:CHN"),
             pred_event(DOC.id, "meeting", "STATE:RUS", "STATE:IND", attributed_to="PERSON:lee-brand and Tom Ox",
                        status="occurred")]
    report = score(write_gold, gold, preds)
    assert report.events_strict.tp == 7
    assert (report.attribution.correct, report.attribution.total) == (6, 7)  # "Chinese media" is wrong
    assert (report.hedging.correct, report.hedging.total) == (6, 7)  # g4 lost its hedge
    assert (report.status.correct, report.status.total) == (6, 7)  # g7 is planned, not occurred


def test_evaluate_entity_recall_by_type(write_gold: Callable[..., Path]) -> None:
    gold_docs = {"100": {"entities": {
        "PERSON": [{"name": "Xi Jinping", "aliases": ["President Xi"]},
                   {"name": "Sergei Shoigu", "aliases": []}],
        "STATE": [{"name": "Russia", "iso3": "RUS", "aliases_in_text": ["the Kremlin"]},
                  {"name": "India", "iso3": "IND", "aliases_in_text": ["New Delhi"]}],
        "WEAPON_SYSTEM": [{"name": "S-400 system", "aliases": ["Triumf"]}],
        "PLACE": [{"name": "Himalayas"}]}}}
    gold = load_gold(write_gold(gold_docs))
    predicted = [PEOPLE["xi"], PEOPLE["s400"], STATES["RUS"],
                 Entity("PLACE:himalayas", "PLACE", "himalayas")]
    report = evaluate(gold, [DOC], {DOC.id: predicted}, [], ALL_ENTITIES)
    recall = {t: (r.correct, r.total) for t, r in report.entity_recall.items()}
    assert recall == {"PERSON": (1, 2), "PLACE": (1, 1), "STATE": (1, 2), "WEAPON_SYSTEM": (1, 1)}
    assert report.entity_recall_all.value == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    ("gold", "predicted", "ok"),
    [("2020-07", "2020-07-28", True), ("2020-07", "2020-08-04", False), ("2020", "2020-11", True),
     ("2020", "2021-01-01", False), ("2016-03-30", "2016-04-20", True), ("2016-03-30", "2016-05-15", False),
     ("2016-03-30", "2016-03", True), ("2016-03-30", "2016", False), ("2023-04-12", None, False)],
)
def test_date_matches_window_rules(gold: str, predicted: str | None, ok: bool) -> None:
    assert date_matches(gold, predicted) is ok


def test_evaluate_document_dates_accept_a_quick_repost_date(write_gold: Callable[..., Path]) -> None:
    gold_docs = {"100": {"stated_date": "2020-08-04", "true_date": "2020-07"},
                 "101": {"stated_date": "2024-12-30", "true_date": "2023-04-12"},
                 "102": {"true_date": "2016", "date_alternatives": ["2015-12"]}}
    gold = load_gold(write_gold(gold_docs))
    docs = [document("100", "2020-08-04"), document("101", "2024-12-30"), document("102", "2015-12-02")]
    report = evaluate(gold, docs, {}, [], {})
    assert [(d.doc, d.correct) for d in report.dates] == [("100", True), ("101", False), ("102", True)]
    assert report.date_accuracy.value == pytest.approx(2 / 3)


def test_evaluate_reports_missing_documents_and_serialises(write_gold: Callable[..., Path]) -> None:
    gold = load_gold(write_gold({"100": {"events": [gold_event("g1", "visit", "CHN", "RUS")]},
                                 "200": {"events": [gold_event("g2", "visit", "IND", "RUS")]}}))
    report = evaluate(gold, [DOC], {}, [pred_event(DOC.id, "visit", "STATE:CHN", "STATE:RUS")], ALL_ENTITIES)
    assert report.missing == ("200",) and report.documents == ("100",)
    assert report.events_strict.recall == pytest.approx(0.5)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["events"]["strict"]["tp"] == 1 and data["metrics"]["events.strict.recall"] == 0.5
    table = report.to_table()
    assert "events strict" in table and "200" in table.splitlines()[-1]


def test_load_gold_rejects_malformed_files(tmp_path: Path) -> None:
    (tmp_path / "100.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_gold(tmp_path)
    assert err.value.code == "E401"


def test_load_gold_fingerprint_changes_with_content(write_gold: Callable[..., Path]) -> None:
    a = load_gold(write_gold({"100": {"true_date": "2020"}}, folder="a"))
    b = load_gold(write_gold({"100": {"true_date": "2020"}}, folder="b"))
    c = load_gold(write_gold({"100": {"true_date": "2021"}}, folder="c"))
    assert a.sha256 == b.sha256 != c.sha256


def test_document_pick_prefers_ok_document_with_prefix(write_gold: Callable[..., Path]) -> None:
    gold = load_gold(write_gold({"100": {"true_date": "2020-07"}}))
    skipped = Document(id="doc_skip", source="x/100_zzz.html", sha256="1" * 64, text="", status="skipped:empty")
    report = evaluate(gold, [skipped, DOC], {}, [], {})
    assert report.dates[0].predicted == "2020-07-20" and report.dates[0].correct


def test_evaluate_gold_role_outranks_a_wrong_predicted_state(write_gold: Callable[..., Path]) -> None:
    gold_docs = {"100": {
        "entities": {"PERSON": [{"name": "Oleg Sarkin", "aliases": [], "role": "adviser to the President of Russia"}],
                     "STATE": [{"name": "Russia", "iso3": "RUS", "aliases_in_text": ["Russia"]}]},
        "events": [gold_event("g1", "statement", "Oleg Sarkin", None)]}}
    gold = load_gold(write_gold(gold_docs))
    wrong = Entity("PERSON:oleg-sarkin", "PERSON", "Oleg Sarkin", attributes={"state": "CHN"})
    ents = {wrong.id: wrong, "STATE:CHN": STATES["CHN"], "STATE:RUS": STATES["RUS"]}
    as_china = evaluate(gold, [DOC], {}, [pred_event(DOC.id, "statement", "STATE:CHN", None)], ents)
    as_russia = evaluate(gold, [DOC], {}, [pred_event(DOC.id, "statement", "STATE:RUS", None)], ents)
    assert (as_china.events_lenient.tp, as_russia.events_lenient.tp) == (0, 1)


def test_evaluate_two_actors_of_one_state_are_not_one(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "Xi Jinping", None)]
    other = Entity("PERSON:li-ming", "PERSON", "Li Ming", attributes={"state": "CHN"})
    report = score(write_gold, gold, [pred_event(DOC.id, "statement", other.id, None)],
                   {**ALL_ENTITIES, other.id: other})
    assert report.events_lenient.tp == 0


def test_evaluate_state_text_and_acronym_names(write_gold: Callable[..., Path]) -> None:
    gold_docs = {"100": {
        "entities": {"STATE": [{"name": "Russia", "iso3": "RUS", "aliases_in_text": ["Russia", "Moscow"]}]},
        "events": [gold_event("g1", "statement", "RUS", None), gold_event("g2", "opposition", "CCP", "USA")]}}
    gold = load_gold(write_gold(gold_docs))
    preds = [pred_event(DOC.id, "statement", None, None, actor_text="Moscow"),
             pred_event(DOC.id, "opposition", None, "STATE:USA", actor_text="the CCP")]
    ents = {"STATE:USA": Entity("STATE:USA", "STATE", "United States", iso3="USA")}
    report = evaluate(gold, [DOC], {}, preds, ents)
    assert (report.events_strict.tp, report.events_lenient.tp) == (1, 2)  # unlinked "Moscow": lenient only


def test_evaluate_similar_agencies_do_not_match(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g1", "statement", "Ministry of Defence of Freedonia", None),
            gold_event("g2", "statement", "Chinese news sources", None)]
    preds = [pred_event(DOC.id, "statement", None, None, actor_text="Ministry of Foreign Affairs of Freedonia"),
             pred_event(DOC.id, "statement", None, None, actor_text="several Chinese news sources")]
    report = score(write_gold, gold, preds)
    assert [g for g, _ in report.matches] == ["g2"]


def test_evaluate_matching_is_best_first_not_first_come(write_gold: Callable[..., Path]) -> None:
    gold = [gold_event("g_open", "arms_delivery", "RUS", "CHN"),
            gold_event("g_dated", "arms_delivery", "RUS", "CHN", when="2018-05")]
    preds = [pred_event(DOC.id, "arms_delivery", "STATE:RUS", "STATE:CHN", when="2018-05-10", text="a"),
             pred_event(DOC.id, "arms_delivery", "STATE:RUS", "STATE:CHN", text="b")]
    report = score(write_gold, gold, preds)
    assert report.events_strict.tp == 2  # first-come would give the dated prediction to g_open and lose g_dated


def test_evaluate_stories_pairwise_over_matched_events(write_gold: Callable[..., Path]) -> None:
    root = write_gold({"100": {"events": [gold_event("a1", "arms_order", "RUS", "CHN"),
                                          gold_event("a2", "visit", "IND", "RUS")]},
                       "200": {"events": [gold_event("b1", "arms_order", "RUS", "CHN"),
                                          gold_event("b2", "visit", "CHN", "RUS")]}})
    (root / "cross_document.json").write_text(json.dumps({"same_event": [{"group": ["a1", "b1"]}]}),
                                              encoding="utf-8")
    gold = load_gold(root)
    d1, d2 = document("100"), document("200")
    preds = [pred_event(d1.id, "arms_order", "STATE:RUS", "STATE:CHN"),
             pred_event(d1.id, "visit", "STATE:IND", "STATE:RUS"),
             pred_event(d2.id, "arms_order", "STATE:RUS", "STATE:CHN"),
             pred_event(d2.id, "visit", "STATE:CHN", "STATE:RUS")]
    report = evaluate(gold, [d1, d2], {}, preds, ALL_ENTITIES)
    assert report.events_strict.tp == 4
    one_story = Story("s1", "all visits and orders", "arms_order", tuple(p.id for p in preds), (d1.id, d2.id))
    score_all = evaluate_stories(gold, report, [one_story])
    assert (score_all.tp, score_all.predicted, score_all.gold) == (1, 4, 1)  # 4 cross-document pairs, 1 right
    exact = Story("s2", "the order", "arms_order", (preds[0].id, preds[2].id), (d1.id, d2.id))
    score_exact = evaluate_stories(gold, report, [exact])
    assert (score_exact.precision, score_exact.recall) == (1.0, 1.0)
