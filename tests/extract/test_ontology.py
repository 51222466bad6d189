"""The event ontology, trigger rules and lexicons are data: complete, in range, and validated on load."""

from __future__ import annotations

import json

import pytest

from claimgraph.errors import InvalidData
from claimgraph.extract import ontology


def test_ontology_has_all_23_gold_types() -> None:
    types = ontology.load_ontology()
    assert set(ontology.EVENT_TYPES) <= set(types)
    assert len(ontology.EVENT_TYPES) == 23


def test_ontology_weights_in_plover_range_and_roles_named() -> None:
    for name, et in ontology.load_ontology().items():
        assert -10.0 <= et.weight <= 10.0, name
        assert all(et.roles), name
        assert et.plover.isupper(), name


def test_ontology_conventions() -> None:
    types = ontology.load_ontology()
    assert types["arms_delivery"].roles == ("supplier", "recipient")
    assert types["loan"].roles == ("lender", "borrower")
    assert types["trade"].roles == ("exporter", "importer")
    assert types["prepayment"].roles == ("payer", "payee")
    assert types["meeting"].symmetric and types["agreement"].symmetric and types["consultation"].symmetric
    assert not types["arms_delivery"].symmetric
    assert types["sanction"].plover == "SANCTION" and types["sanction"].weight < 0
    assert types["arms_delivery"].weight > 0


def test_ontology_rules_have_unique_stable_ids_and_known_types() -> None:
    rules = ontology.load_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    known = set(ontology.load_ontology())
    for r in rules:
        assert r.type in known
        assert r.id.split(".")[0] == r.type
        assert r.id.rsplit(".", 1)[-1].startswith("v")
    covered = {r.type for r in rules}
    assert set(ontology.EVENT_TYPES) <= covered


def test_ontology_bad_rule_is_rejected() -> None:
    types = ontology.load_ontology()
    with pytest.raises(ValueError):
        ontology._rule_from(json.loads('{"id": "x.y.v1", "type": "no_such_type", "lemmas": ["x"]}'), "t", types)
    with pytest.raises(ValueError):
        ontology._rule_from(json.loads('{"id": "x.y.v1", "type": "loan", "lemmas": ["x"], "typo": 1}'), "t", types)
    with pytest.raises(ValueError):
        ontology._rule_from(json.loads('{"id": "x.y.v1", "type": "loan"}'), "t", types)


def test_ontology_incomplete_file_raises_e004(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ontology, "_read_text", lambda *parts: "types:\n  loan: {plover: AID, mode: m, context: c, "
                        "weight: 42, roles: [a, b]}\n")
    ontology.load_ontology.cache_clear()
    try:
        with pytest.raises(InvalidData) as err:
            ontology.load_ontology()
        assert err.value.code == "E004"
        assert any("weight" in e for e in err.value.errors)
        assert any("missing event type" in e for e in err.value.errors)
    finally:
        ontology.load_ontology.cache_clear()


def test_ontology_lexicons_loaded() -> None:
    lex = ontology.load_lexicons()
    assert {"say", "report", "announce", "claim"} <= lex["reporting_verbs"]
    assert {"reportedly", "allegedly", "may"} <= lex["hedges"]
    assert "it seems" in lex.phrases["hedge_phrases"]
