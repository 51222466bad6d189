"""The gazetteer's lookups (no spaCy model needed)."""

from __future__ import annotations

import pytest

from claimgraph.errors import ConfigError
from claimgraph.nlp import gazetteer as gz
from claimgraph.nlp import get_gazetteer


def test_gazetteer_state_of_names_metonyms_demonyms() -> None:
    g = get_gazetteer()
    assert g.state_of("Russia") == "RUS"
    assert g.state_of("the Russian Federation") == "RUS"
    assert g.state_of("The Kremlin") == "RUS"
    assert g.state_of("Zhongnanhai") == "CHN"
    assert g.state_of("the PRC") == "CHN"
    assert g.state_of("Chinese") == "CHN"
    assert g.state_of("New Delhi") == "IND"
    assert g.state_of("Kiev") == "UKR" and g.state_of("Kyiv") == "UKR"
    assert g.state_of("DPRK") == "PRK" and g.state_of("ROK") == "KOR"
    assert g.state_of("U.S.") == "USA" and g.state_of("America") == "USA"
    assert g.state_of("Britain") == "GBR"


def test_gazetteer_covers_every_iso_country() -> None:
    import pycountry

    g = get_gazetteer()
    for c in pycountry.countries:
        assert f"STATE:{c.alpha_3}" in g.entities
    assert g.state_of("Burkina Faso") == "BFA"
    assert g.state_of("FRA") == "FRA"  # alpha-3 codes resolve through the lookup API


def test_gazetteer_single_words_are_case_sensitive() -> None:
    g = get_gazetteer()
    assert g.state_of("US") == "USA"
    assert g.state_of("us") is None
    assert g.lookup("tor") is None
    assert g.lookup("Tor") is not None


def test_gazetteer_weapon_designation_variants() -> None:
    g = get_gazetteer()
    for form in ("S-400", "S 400", "S400", "Triumf", "S-400 Triumf", "SA-21 Growler"):
        ent = g.lookup(form)
        assert ent is not None and ent.id == "WEAPON_SYSTEM:S-400", form
    assert g.lookup("Su-30MKI").id == "WEAPON_SYSTEM:Su-30MKI"  # type: ignore[union-attr]
    assert g.lookup("HQ-9").type == "WEAPON_SYSTEM"  # type: ignore[union-attr]


def test_gazetteer_outlets_are_media_orgs_with_a_state() -> None:
    g = get_gazetteer()
    for name in ("Sohu", "Xinhua", "TASS", "Global Times", "The Hindu", "Eurasia Daily Monitor"):
        ent = g.lookup(name)
        assert ent is not None and ent.type == "ORG" and ent.attributes["kind"] == "media", name
    assert g.org_state("ORG:sohu") == "CHN"
    assert g.org_state("ORG:rosoboronexport") == "RUS"
    assert g.org_state("STATE:IND") == "IND"
    assert g.org_state("ORG:nato") is None


def test_gazetteer_possessive_form_of_state_orgs() -> None:
    g = get_gazetteer()
    assert g.lookup("Russia's Ministry of Defense").id == "ORG:rus-mod"  # type: ignore[union-attr]
    assert g.lookup("Russian Defence Ministry").id == "ORG:rus-mod"  # type: ignore[union-attr]


def test_gazetteer_people_have_roles_and_states() -> None:
    g = get_gazetteer()
    xi = g.lookup("Xi Jinping")
    assert xi is not None and xi.id == "PERSON:xi-jinping" and xi.attributes["state"] == "CHN"
    assert g.org_state("PERSON:vladimir-putin") == "RUS"


def test_gazetteer_rejects_unknown_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = {"version": 1, "orgs": [{"key": "x", "name": "Foo", "Bar Office": None}]}
    with pytest.raises(ConfigError) as info:
        gz._entries(bad, "orgs", "data/gazetteers/orgs.yaml", ("key", "name"))
    assert info.value.code == "E004"


def test_gazetteer_rejects_duplicate_keys() -> None:
    bad = {"orgs": [{"key": "x", "name": "A"}, {"key": "x", "name": "B"}]}
    with pytest.raises(ConfigError) as info:
        gz._entries(bad, "orgs", "orgs.yaml", ("key", "name"))
    assert info.value.code == "E004"


def test_gazetteer_normalize_and_slug() -> None:
    assert gz.normalize("The People\u2019s Daily's") == "people's daily"
    assert gz.slug("Xi Jinping") == "xi-jinping"
    assert gz.slug("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"


def test_gazetteer_no_surface_form_names_two_entities() -> None:
    g = get_gazetteer()
    clashes = {
        k: {t.entity_id for t in ts} for k, ts in g._index.items() if len({t.entity_id for t in ts}) > 1
    }
    assert clashes == {}


def test_gazetteer_every_entity_is_found_by_its_name() -> None:
    g = get_gazetteer()
    for eid, ent in g.entities.items():
        if ent.type == "STATE":
            continue  # pycountry names are checked above through state_of
        found = g.lookup(ent.name)
        assert found is not None and found.id == eid, (eid, ent.name)
