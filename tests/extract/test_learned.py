"""The shipped trained layer (claimgraph.events.v2) on sentences of our own, and its selection by setting."""

from __future__ import annotations

import pytest

from claimgraph.config import Settings, load_settings
from claimgraph.errors import ConfigError
from claimgraph.extract import learned
from claimgraph.records import Document

pytestmark = pytest.mark.model


def _events(nlp, text: str, published: str = "2022-01-10", engine: str = "v2"):  # type: ignore[no-untyped-def]
    from claimgraph.pipeline import analyse

    document = Document(id="doc_t", source="t.txt", sha256="0" * 64, text=text, published=published)
    return analyse(nlp(text), document, Settings(events=engine)).events


def _row(e) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    return (e.type, e.actor, e.target, e.item, e.when.value if e.when else None)


def test_the_packaged_model_loads_offline_and_is_small() -> None:
    model = learned.load_model()
    assert model is not None and model.name == "claimgraph.events.v2"
    assert model.type_labels[0] == "none" and len(model.type_labels) == 24
    from importlib import resources

    root = resources.files("claimgraph").joinpath(learned.MODEL_DIR)
    size = sum(root.joinpath(n).stat().st_size for n in ("model.json", "weights.npz"))  # type: ignore[attr-defined]
    assert size < 50 * 1024 * 1024


def test_a_delivery_with_supplier_recipient_item_and_date(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _events(nlp, "Moscow handed over the second S-400 squadron to New Delhi in April 2022, "
                          "officials in both capitals confirmed.", published="2022-05-02")
    rows = [_row(e) for e in events]
    assert ("arms_delivery", "STATE:RUS", "STATE:IND", "WEAPON_SYSTEM:S-400", "2022-04") in rows
    ev = next(e for e in events if e.type == "arms_delivery")
    assert ev.rule == "claimgraph.events.v2" and 0 < (ev.confidence or 0) <= 1


def test_the_supplier_is_the_weapon_maker_whoever_acts(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _events(nlp, "Egypt bought 24 Rafale fighters from France in February 2015.", published="2015-03-01")
    arms = [e for e in events if e.type in ("arms_order", "arms_delivery")]
    assert arms and all((e.actor, e.target) == ("STATE:FRA", "STATE:EGY") for e in arms)


def test_an_official_acts_for_his_state(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _events(nlp, "Chinese Foreign Minister Wang Yi met Sergei Lavrov in Moscow on Tuesday.",
                     published="2023-03-02")
    meets = [e for e in events if e.type in ("meeting", "visit", "consultation")]
    assert meets and {meets[0].actor, meets[0].target} <= {"STATE:CHN", "STATE:RUS"}


def test_a_sentence_without_an_event_yields_none(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _events(nlp, "The S-400 has a stated range of 400 kilometres and uses four missile types.") == ()


def test_v1_selects_the_rules_only(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russia delivered the first S-400 regiment to India in December 2021."
    v1 = _events(nlp, text, engine="v1")
    assert v1 and all(e.rule != "claimgraph.events.v2" and e.confidence is None for e in v1)


def test_the_events_setting_is_validated() -> None:
    assert load_settings(env={}).events == "v2"
    assert load_settings(env={"CLAIMGRAPH_EVENTS": "v1"}).events == "v1"
    with pytest.raises(ConfigError):
        load_settings(env={}, events="v3")
