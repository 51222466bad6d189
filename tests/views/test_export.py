"""Export: the JSON Lines contract, CSV and Parquet, determinism, missing extras."""

from __future__ import annotations

import builtins
import csv
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from claimgraph.errors import ConfigError
from claimgraph.records import (
    Document,
    DocumentResult,
    Entity,
    Event,
    Explanation,
    Mention,
    Money,
    Quantity,
    Relation,
    Span,
    Story,
    TimeValue,
)
from claimgraph.store import Store, open_store
from claimgraph.views.export import document_rows, entity_rows, event_rows, export

TEXT = "Country A agreed to buy ten launchers from Country B, officials said, because of a feud."


def _doc(text: str, source: str, **kw: Any) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(id=f"doc_{sha[:16]}", source=source, sha256=sha, text=text, **kw)


@pytest.fixture()
def filled(tmp_path: Path) -> Store:
    return _fill(open_store(str(tmp_path / "kb.db")))


def _fill(store: Store) -> Store:
    doc = _doc(TEXT, "in/001_demo.txt", title="Demo", published="2021-03", published_basis="stated",
               language="en", volume="4", repost=False)
    ents = (
        Entity("STATE:AAA", "STATE", "Country A", ("A-land",), "AAA"),
        Entity("STATE:BBB", "STATE", "Country B", (), "BBB"),
        Entity("WEAPON_SYSTEM:L-10", "WEAPON_SYSTEM", "L-10 launcher", ("L10",), None,
               {"kind": "launcher", "ab": {"zz": 1, "a": 2}}),
    )
    mentions = (Mention("m_1", doc.id, 0, 9, "Country A", "STATE", "STATE:AAA"),
                Mention("m_2", doc.id, 43, 52, "Country B", "STATE", "STATE:BBB"),
                Mention("m_3", doc.id, 71, 80, "Country A", "STATE", "STATE:AAA"))
    events = (
        Event("ev_b", doc.id, "arms_purchase", Span(0, 52, TEXT[:52]), status="planned", actor="STATE:AAA",
              target="STATE:BBB", item="WEAPON_SYSTEM:L-10", quantity=Quantity(10.0, "launcher", "ten"),
              value=Money(2e9, "USD", 2e9), when=TimeValue("2021-02", "last month", relative=True),
              attributed_to="officials", attribution_chain=("author", "officials"), hedged=True,
              hedges=("said",), rule="purchase.buy.v1"),
        Event("ev_a", doc.id, "statement", Span(53, 70, TEXT[53:70]), actor_text="officials",
              target="ORG:unknown", item_text="a deal"),
    )
    expl = (Explanation("x_1", doc.id, "a feud", Span(72, 87, TEXT[72:87]), event="ev_b", marker="because"),)
    store.write_result(DocumentResult(doc, mentions, ents, events, expl))
    store.write_result(DocumentResult(_doc("", "in/pic.png", status="skipped:binary", error="[E102] binary")))
    store.replace_derived(
        relations=[Relation("rel_1", "near_duplicate", doc.id, "doc_other", 0.91)],
        stories=[Story("st_1", "A buys L-10", "arms_purchase", ("ev_b",), (doc.id,),
                       {"when": "2021-02", "quantity": {"value": 10, "events": ["ev_b"]}})],
        explanations=[Explanation("x_1", doc.id, "a feud", Span(72, 87, TEXT[72:87]), event="ev_b",
                                  marker="because", story="st_1")],
    )
    return store


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_jsonl_follows_the_contract(filled: Store, tmp_path: Path) -> None:
    files = export(filled, tmp_path / "out")
    assert sorted(files) == sorted(f"{t}.jsonl" for t in (
        "documents", "entities", "events", "explanations", "stories", "disputes", "relations"))
    docs = _read_jsonl(files["documents.jsonl"])
    assert len(docs) == 2 and [d["id"] for d in docs] == sorted(d["id"] for d in docs)
    ok = next(d for d in docs if d["status"] == "ok")
    assert {"id", "source", "title", "author", "outlet", "published", "published_basis", "language", "sha256",
            "status", "volume", "issue", "stated_date", "repost", "published_reason", "name", "error",
            "note"} == set(ok)
    assert ok["name"] == "001_demo"
    assert ok["published"] == "2021-03" and ok["volume"] == "4"

    ents = {e["id"]: e for e in _read_jsonl(files["entities.jsonl"])}
    assert ents["STATE:AAA"]["mentions"] == 2 and ents["STATE:AAA"]["documents"] == [ok["id"]]
    assert ents["STATE:AAA"]["aliases"] == ["A-land"] and ents["STATE:AAA"]["iso3"] == "AAA"
    assert ents["WEAPON_SYSTEM:L-10"]["attributes"] == {"kind": "launcher", "ab": {"zz": 1, "a": 2}}

    events = _read_jsonl(files["events.jsonl"])
    assert [e["id"] for e in events] == ["ev_a", "ev_b"]  # sorted by id
    bought = events[1]
    assert (bought["actor"], bought["target"], bought["item"]) == ("AAA", "BBB", "L-10 launcher")
    assert bought["quantity"] == {"value": 10.0, "unit": "launcher"}
    assert bought["value"] == {"amount": 2e9, "currency": "USD"}
    assert bought["when"] == "2021-02" and bought["when_text"] == "last month"
    assert bought["evidence"] == {"text": TEXT[:52], "start": 0, "end": 52}
    assert bought["attributed_to"] == "officials" and bought["hedged"] is True
    assert bought["attribution_chain"] == ["author", "officials"] and bought["rule"] == "purchase.buy.v1"
    said = events[0]
    assert (said["actor"], said["target"], said["item"]) == ("officials", "ORG:unknown", "a deal")
    assert said["quantity"] is None and said["when"] is None

    assert _read_jsonl(files["stories.jsonl"])[0]["events"] == ["ev_b"]
    assert _read_jsonl(files["explanations.jsonl"])[0]["story"] == "st_1"
    assert _read_jsonl(files["relations.jsonl"])[0]["similarity"] == pytest.approx(0.91)
    assert files["disputes.jsonl"].read_text() == ""


def test_export_is_deterministic(filled: Store, tmp_path: Path) -> None:
    first = export(filled, tmp_path / "a", formats=("jsonl", "csv"))
    second = export(filled, tmp_path / "b", formats=("jsonl", "csv"))
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name
    assert not list((tmp_path / "a").glob("*.part"))


def test_export_csv_flattens_objects(filled: Store, tmp_path: Path) -> None:
    files = export(filled, tmp_path / "csv", formats=("csv",))
    with files["events.csv"].open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["id"] == "ev_b")
    assert row["quantity.value"] == "10.0" and row["evidence.start"] == "0" and row["hedged"] == "true"
    assert json.loads(row["attribution_chain"]) == ["author", "officials"]
    with files["entities.csv"].open(newline="", encoding="utf-8") as f:
        ents = {r["id"]: r for r in csv.DictReader(f)}
    assert json.loads(ents["WEAPON_SYSTEM:L-10"]["attributes"])["kind"] == "launcher"


def test_export_parquet_round_trips(filled: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    files = export(filled, tmp_path / "pq", formats=("parquet",))
    table = pq.read_table(files["events.parquet"]).to_pylist()
    assert [r["id"] for r in table] == ["ev_a", "ev_b"]
    assert table[1]["quantity.value"] == 10.0 and table[1]["hedges"] == ["said"]
    assert pq.read_table(files["disputes.parquet"]).num_rows == 0


def test_export_missing_pyarrow_is_a_config_error(filled: Store, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ConfigError) as info:
        export(filled, tmp_path / "none", formats=("jsonl", "parquet"))
    assert info.value.code == "E002" and "parquet" in str(info.value)
    assert not (tmp_path / "none").exists()  # checked before anything is written


def test_export_unknown_format(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        export(filled, tmp_path, formats=("xml",))
    assert info.value.code == "E003"


@pytest.mark.postgres
def test_export_same_bytes_from_sqlite_and_postgresql(filled: Store, tmp_path: Path) -> None:
    """Sorting is bytewise on both backends, so the export does not depend on where the store lives."""
    url = os.environ.get("CLAIMGRAPH_TEST_PG_URL", "")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CLAIMGRAPH_TEST_PG_URL is not set under CI: start a server with scripts/pg.sh")
        pytest.skip("CLAIMGRAPH_TEST_PG_URL not set")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    with open_store(url) as pg:
        _fill(pg)
        from_pg = export(pg, tmp_path / "pg", formats=("jsonl", "csv"))
    from_sqlite = export(filled, tmp_path / "sqlite", formats=("jsonl", "csv"))
    for name, path in from_sqlite.items():
        assert path.read_bytes() == from_pg[name].read_bytes(), name


def test_export_row_functions_filter_like_the_store(filled: Store) -> None:
    """The CLI listings use the same rows as the files, with the store's filters."""
    skipped = list(document_rows(filled, status="skipped:binary"))
    assert [d["name"] for d in skipped] == ["pic"] and skipped[0]["note"] == "[E102] binary"
    assert [e["id"] for e in entity_rows(filled, type="WEAPON_SYSTEM")] == ["WEAPON_SYSTEM:L-10"]
    assert [e["id"] for e in event_rows(filled, actor="AAA")] == ["ev_b"]
    assert [e["id"] for e in event_rows(filled, since="2021")] == ["ev_b"]
    assert [e["id"] for e in event_rows(filled)] == ["ev_b", "ev_a"]  # text order for listings
