"""Exports other tools open: FollowTheMoney validated with followthemoney, PLOVER events, the SIPRI register,
and the GraphML graph read back by networkx (issue 9, part 7)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.config import load_settings
from claimgraph.records import DocumentResult, Entity
from claimgraph.views.ecosystem import FILES
from claimgraph.views.ftm import validate_ftm
from claimgraph.views.plover import PLOVER_CATEGORIES
from claimgraph.views.sipri import CITATION_COLUMNS
from claimgraph.workbench import Workbench
from reconcile.builders import new_corpus, s400_corpus

SIPRI_ORDER = ["Recipient", "Supplier", "Year of order", "Number ordered", "Weapon designation",
               "Weapon description", "Number delivered", "Year(s) of delivery", "Status", "Comments"]


@pytest.fixture()
def kb(tmp_path: Path) -> Iterator[tuple[Workbench, dict[str, Any]]]:
    c = new_corpus()
    ids = s400_corpus(c)
    person = Entity("PERSON:ivan-petrov", "PERSON", "Ivan Petrov", attributes={"state": "RUS", "role": "Envoy"})
    doc = c.doc("visit", "Envoy Ivan Petrov visited New Delhi in March 2019.", date="2019-03-10",
                url="https://example.org/visit")
    c.event(doc, "visit", "Envoy Ivan Petrov visited New Delhi in March 2019", actor=person.id, target="STATE:IND",
            when="2019-03")
    bench = Workbench(load_settings(db=str(tmp_path / "kb.db")))
    for d in c.documents:
        evs = tuple(e for e in c.events if e.document == d.id)
        bench.store.write_result(DocumentResult(document=d, entities=(*c.entities.values(), person), events=evs))
    bench.reconcile()
    try:
        yield bench, ids
    finally:
        bench.close()


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_exports_ftm_validates_with_followthemoney(kb: tuple[Workbench, dict[str, Any]], tmp_path: Path) -> None:
    from followthemoney import model

    bench, ids = kb
    written = bench.export(tmp_path / "out", ["ftm"])
    rows = _jsonl(written[FILES["ftm"]])
    assert validate_ftm(rows) == len(rows)
    by_schema: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        proxy = model.get_proxy(row)  # each row loads as an entity of its schema (what Aleph's importer does)
        assert proxy.id == row["id"] and not proxy.schema.abstract
        by_schema.setdefault(row["schema"], []).append(row)
    assert {"Article", "PublicBody", "Person", "Asset", "Event", "Ownership"} <= set(by_schema)
    person = by_schema["Person"][0]["properties"]
    assert person["name"] == ["Ivan Petrov"] and person["nationality"] == ["ru"] and person["position"] == ["Envoy"]
    articles = {r["id"]: r for r in by_schema["Article"]}
    delivery = next(r for r in by_schema["Event"] if r["properties"]["recordId"] == [ids["deliv"]])
    props = delivery["properties"]
    assert props["date"] == ["2018-05"] and props["summary"] == ["The first S-400 regiment reached China in May 2018"]
    article = articles[props["proof"][0]]
    text = article["properties"]["bodyText"][0]
    start, end = (int(x) for x in props["notes"][0].split("characters ")[1].split("-"))
    assert text[start:end] == props["summary"][0]  # the span in the notes points into the article's text
    owned = next(r for r in by_schema["Ownership"] if r["properties"]["recordId"] == [ids["deliv"]])
    china = next(r for r in by_schema["PublicBody"] if r["properties"]["name"] == ["China"])
    assert owned["properties"]["owner"] == [china["id"]]
    visit_url = next(r for r in by_schema["Event"] if r["properties"]["keywords"] == ["visit"])["properties"]
    assert visit_url["sourceUrl"] == ["https://example.org/visit"]
    # ids are deterministic: a second export is byte-identical, so Aleph updates instead of duplicating
    again = bench.export(tmp_path / "again", ["ftm"])
    assert again[FILES["ftm"]].read_bytes() == written[FILES["ftm"]].read_bytes()


def test_exports_ftm_invalid_entity_is_refused() -> None:
    from claimgraph.errors import InvalidData

    good = {"id": "a1", "schema": "Event", "properties": {"name": ["x"], "involved": ["b2"]}}
    with pytest.raises(InvalidData, match="not in the export"):
        validate_ftm([good])
    with pytest.raises(InvalidData, match="bad schema"):
        validate_ftm([{"id": "a1", "schema": "Thing", "properties": {}}])


def test_exports_plover_shape(kb: tuple[Workbench, dict[str, Any]], tmp_path: Path) -> None:
    bench, ids = kb
    rows = {r["id"]: r for r in _jsonl(bench.export(tmp_path, ["plover"])[FILES["plover"]])}
    assert set(rows) == {e.id for e in bench.events()}
    order = rows[ids["order_b"]]
    assert order["event_type"] == "AGREE" and order["mode"] == "military" and order["context"] == ["military"]
    assert order["actor"]["id"] == "STATE:RUS" and order["actor"]["country"] == "RUS"
    assert order["recipient"]["name"] == "China" and order["date"] == "2014" and order["date_precision"] == "year"
    ev = order["evidence"]
    doc = bench.document(ev["document"])
    assert doc.text[ev["start"]:ev["end"]] == ev["text"] == order["text"]
    assert rows[ids["susp_b"]]["event_type"] == "SANCTION"  # our REDUCE is PLOVER's sanction that reduces aid
    assert "future" in rows[ids["exp"]]["context"]
    assert all(r["event_type"] in PLOVER_CATEGORIES | {"OTHER"} for r in rows.values())


def test_exports_sipri_column_order_and_citations(kb: tuple[Workbench, dict[str, Any]], tmp_path: Path) -> None:
    bench, ids = kb
    text = bench.export(tmp_path, ["sipri"])[FILES["sipri"]].read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == [*SIPRI_ORDER, *CITATION_COLUMNS]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["Recipient"], row["Supplier"], row["Weapon designation"]) == ("China", "Russia", "S-400")
    assert row["Year of order"] == "2014" and row["Number ordered"] == "6 battalions"
    assert row["Year(s) of delivery"] == "2018"
    assert json.loads(row["Citations"])["Year(s) of delivery"] == [ids["deliv"]]
    assert set(row["Sources"].split("; ")) == {"early", "mid", "late"}


def test_exports_change_with_reject_and_correct(kb: tuple[Workbench, dict[str, Any]], tmp_path: Path) -> None:
    bench, ids = kb
    formats = ["sipri", "plover", "ftm"]
    bench.review("correct", ids["deliv"], "when", "2019-02")
    out = bench.export(tmp_path / "a", formats)
    sipri = list(csv.DictReader(io.StringIO(out[FILES["sipri"]].read_text(encoding="utf-8"))))
    assert sipri[0]["Year(s) of delivery"] == "2019"
    plover = {r["id"]: r for r in _jsonl(out[FILES["plover"]])}
    assert plover[ids["deliv"]]["date"] == "2019-02" and plover[ids["deliv"]]["review"] == "corrected"
    bench.review("reject", ids["deliv"])
    out = bench.export(tmp_path / "b", formats)
    sipri = list(csv.DictReader(io.StringIO(out[FILES["sipri"]].read_text(encoding="utf-8"))))
    assert sipri[0]["Year(s) of delivery"] == "?"
    assert ids["deliv"] not in {r["id"] for r in _jsonl(out[FILES["plover"]])}
    ftm = _jsonl(out[FILES["ftm"]])
    assert ids["deliv"] not in {v for r in ftm for v in r["properties"].get("recordId", [])}


def test_exports_graphml_opens_in_networkx(kb: tuple[Workbench, dict[str, Any]], tmp_path: Path) -> None:
    bench, ids = kb
    result = CliRunner().invoke(cli, ["--db", bench.settings.db, "graph", "--format", "graphml"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "actors.graphml"
    path.write_text(result.stdout, encoding="utf-8")
    g = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes["STATE:RUS"]["name"] == "Russia" and g.nodes["STATE:CHN"]["iso3"] == "CHN"
    edges = {k: d for _, _, k, d in g.edges(keys=True, data=True)}
    assert edges[ids["deliv"]]["type"] == "arms_delivery" and edges[ids["deliv"]]["when"] == "2018-05"
    assert g.has_edge("PERSON:ivan-petrov", "STATE:IND")


def test_exports_cli_formats(kb: tuple[Workbench, dict[str, Any]], tmp_path: Path) -> None:
    bench, _ = kb
    out = tmp_path / "cli"
    result = CliRunner().invoke(cli, ["--db", bench.settings.db, "export", str(out), "--format", "ftm",
                                      "--format", "plover", "--format", "sipri", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {*FILES.values(), "events.jsonl", "documents.jsonl"}


def test_exports_unknown_format_is_refused_before_writing(kb: tuple[Workbench, dict[str, Any]],
                                                          tmp_path: Path) -> None:
    from claimgraph.errors import ConfigError

    bench, _ = kb
    with pytest.raises(ConfigError) as err:
        bench.export(tmp_path / "x", ["jsonl", "geojson"])
    assert err.value.code == "E003" and "sipri" in str(err.value)
    assert not (tmp_path / "x").exists()
