"""Entities nobody listed: designations by pattern and context, variants, officials by role, organisations by kind.

Every sentence here is written for these tests (no third-party text). Names of real weapons, people and
organisations are facts and appear as such.
"""

from __future__ import annotations

import hashlib

import pytest
from spacy.language import Language

from claimgraph.nlp import annotate
from claimgraph.nlp.recognizer import PIPE_NAME, canonical_designation
from claimgraph.records import Document, Entity, Mention, make_id

pytestmark = pytest.mark.model


def _run(nlp: Language, text: str) -> tuple[list[Mention], dict[str, Entity]]:
    doc_id = make_id("doc", hashlib.sha256(text.encode()).hexdigest())
    document = Document(id=doc_id, source="test.txt", sha256="", text=text)
    mentions, entities = annotate(nlp(text), document)
    return mentions, {e.id: e for e in entities}


def _weapons(ents: dict[str, Entity]) -> dict[str, Entity]:
    return {k: e for k, e in ents.items() if e.type == "WEAPON_SYSTEM"}


def _names(e: Entity) -> set[str]:
    return {e.name, *e.aliases}


def test_recognizer_runs_after_the_gazetteer(nlp: Language) -> None:
    names = nlp.pipe_names
    assert PIPE_NAME in names
    assert names.index(PIPE_NAME) == names.index("claimgraph.gazetteer.v1") + 1


@pytest.mark.parametrize(
    ("text", "group", "expected"),
    [
        ("Type 054 A/P", "type", "Type 054A/P"),
        ("Type-055", "type", "Type 055"),
        ("J-10Cs", "des", "J-10C"),
        ("AK-203", "des", "AK-203"),
        ("Hangor-class", "cls", "Hangor-class"),
    ],
)
def test_canonical_designation(text: str, group: str, expected: str) -> None:
    assert canonical_designation(text, group) == expected


@pytest.mark.parametrize(
    ("text", "designation"),
    [
        ("Islamabad has ordered more J-10C jets for its air force.", "J-10"),  # a variant of a known system
        ("The army will field the new AK-203 rifles from next spring.", "AK-203"),
        ("Seoul agreed to sell K9 Thunder howitzers to a European buyer.", "K9 Thunder"),
        ("The navy wants two more Type 054A frigates before 2030.", "Type 054A"),
        ("Warsaw signed for 48 FA-50 light combat jets last year.", "FA-50"),
        ("Jakarta confirmed the purchase of KF-21 Boramae fighters.", "KF-21 Boramae"),
        ("Analysts expect Moscow to deliver Kh-101 missiles to the front.", "Kh-101"),
        ("Delhi will buy 31 MQ-9B drones under the new deal.", "MQ-9B"),
        ("Cairo bought 24 Su-35 aircraft that were never delivered.", "Su-35"),
        ("The regiment operates T-90S tanks built under licence.", "T-90"),
        ("The brigade received HQ-9 batteries from its supplier.", "HQ-9"),
        ("Ankara bought the PL-12 missile for its new fighters.", "PL-12"),
    ],
)
def test_designations_in_weapon_context_are_weapons(nlp: Language, text: str, designation: str) -> None:
    _, ents = _run(nlp, text)
    weapons = _weapons(ents)
    assert any(designation in _names(e) or e.id == f"WEAPON_SYSTEM:{designation}" for e in weapons.values()), (
        text,
        {k: _names(e) for k, e in weapons.items()},
    )


def test_unknown_designation_gets_name_noun_alias_and_kind(nlp: Language) -> None:
    _, ents = _run(nlp, "The ministry took delivery of 300 AK-203 rifles. Each AK-203 was tested on arrival.")
    rifle = ents["WEAPON_SYSTEM:AK-203"]
    assert rifle.name == "AK-203"
    assert "AK-203 rifle" in rifle.aliases
    assert rifle.attributes.get("kind") == "small_arms"


def test_designation_seen_once_in_context_is_a_weapon_everywhere_in_the_document(nlp: Language) -> None:
    mentions, ents = _run(nlp, "Egypt ordered ten PL-17 missiles in March. The PL-17 has a very long range.")
    hits = [m for m in mentions if m.entity == "WEAPON_SYSTEM:PL-17"]
    assert len(hits) == 2


def test_ship_class_is_named_with_its_vessel_noun(nlp: Language) -> None:
    _, ents = _run(nlp, "The shipyard launched the third Zulfiquar-class frigates ordered by the navy.")
    cls = ents["WEAPON_SYSTEM:Zulfiquar-class"]
    assert cls.name == "Zulfiquar-class frigate"
    assert cls.attributes.get("kind") == "ship"


@pytest.mark.parametrize(
    "text",
    [
        "Leaders met at the G20 summit in Rome to discuss the economy.",
        "The country delivered COVID-19 vaccines to its neighbours.",
        "Flight MH17 was shot down over eastern Ukraine in 2014.",
        "Article 5 of the treaty commits the allies to collective defence.",
        "The Security Council adopted Resolution 2231 on the nuclear deal.",
        "The airline bought ten Boeing 737 aircraft and two A320 jets for its routes.",
        "The carmaker launched its X5 model and sold 500 cars.",
        "The FY2024 budget includes more money for schools.",
    ],
)
def test_designation_lookalikes_are_not_weapons(nlp: Language, text: str) -> None:
    _, ents = _run(nlp, text)
    assert not [e for e in _weapons(ents).values() if not e.id.startswith("WEAPON_SYSTEM:class:")], text


def test_generic_weapon_classes_do_not_become_named_systems(nlp: Language) -> None:
    _, ents = _run(nlp, "The country buys fighter jets, attack helicopters and new Navy helicopters every year.")
    assert all(e.id.startswith("WEAPON_SYSTEM:class:") for e in _weapons(ents).values())


def test_capitalised_name_before_a_weapon_noun(nlp: Language) -> None:
    # (a name the gazetteer does not know: Caracal is now a gazetteer alias of the H225M)
    _, ents = _run(nlp, "The emirate also signed for 12 Varanus helicopters and spare parts.")
    assert "WEAPON_SYSTEM:Varanus" in ents
    assert "Varanus helicopter" in ents["WEAPON_SYSTEM:Varanus"].aliases
    _, ents = _run(nlp, "The emirate also signed for 12 Caracal helicopters and spare parts.")
    assert "Caracal" in ents["WEAPON_SYSTEM:H225M"].aliases  # the designation without its class noun


@pytest.mark.parametrize(
    ("text", "family", "surface"),
    [
        ("The navy will receive 26 Rafale-M jets for its carrier.", "WEAPON_SYSTEM:Rafale", "Rafale-M"),
        ("Egypt wants 46 Ka-52K gunships for its assault ships.", "WEAPON_SYSTEM:Ka-52", "Ka-52K"),
        ("The first Tejas Mark 2 should fly next year.", "WEAPON_SYSTEM:Tejas", "Tejas Mark 2"),
        ("Beijing finally delivered the S-400 Triumf regiments.", "WEAPON_SYSTEM:S-400", "S-400 Triumf"),
        ("The air force flies the JF-17 Thunder Block III now.", "WEAPON_SYSTEM:JF-17", "JF-17 Thunder Block III"),
        ("Moscow offered the Su-35SE to several buyers.", "WEAPON_SYSTEM:Su-35", "Su-35SE"),
    ],
)
def test_variants_link_to_the_known_system(nlp: Language, text: str, family: str, surface: str) -> None:
    mentions, ents = _run(nlp, text)
    assert family in ents, (text, list(ents))
    assert surface in _names(ents[family]), (text, _names(ents[family]))
    assert any(m.entity == family and m.text == surface for m in mentions)


def test_manufacturer_before_a_known_system_is_an_organisation(nlp: Language) -> None:
    _, ents = _run(nlp, "The deal covers 26 Dassault Rafale jets and their weapons.")
    assert "ORG:dassault" in ents
    assert "Rafale" in _names(ents["WEAPON_SYSTEM:Rafale"])


@pytest.mark.parametrize(
    ("text", "role_word", "state"),
    [
        ("The Indian ambassador said the talks had gone well.", "ambassador", "IND"),
        ("Russia's foreign minister rejected the proposal on Tuesday.", "foreign minister", "RUS"),
        ("A Chinese foreign ministry spokesperson declined to comment.", "spokesperson", "CHN"),
        ("The US envoy arrived in Kabul for another round of talks.", "envoy", "USA"),
    ],
)
def test_unnamed_officials_become_people_with_role_and_state(
    nlp: Language, text: str, role_word: str, state: str
) -> None:
    _, ents = _run(nlp, text)
    people = [e for e in ents.values() if e.type == "PERSON"]
    assert any(
        e.attributes.get("state") == state and role_word in str(e.attributes.get("role", "")).lower()
        and e.attributes.get("unnamed")
        for e in people
    ), (text, [(e.name, e.attributes) for e in people])


def test_unnamed_official_keeps_the_state_mention(nlp: Language) -> None:
    mentions, ents = _run(nlp, "The Indian ambassador said the talks had gone well.")
    indian = next(m for m in mentions if m.text == "Indian")
    assert indian.entity == "STATE:IND" and indian.label == "NORP"
    official = next(m for m in mentions if m.text == "ambassador")
    assert ents[str(official.entity)].type == "PERSON"


def test_unnamed_official_is_the_named_holder_of_the_office_in_the_document(nlp: Language) -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov flew to Delhi on Monday. "
        "Russia's foreign minister later met his Indian counterpart."
    )
    mentions, ents = _run(nlp, text)
    lavrov = next(e for e in ents.values() if e.type == "PERSON" and "Lavrov" in e.name)
    assert "Russia's foreign minister" in lavrov.aliases
    assert not any(e.attributes.get("unnamed") for e in ents.values())
    assert any(m.entity == lavrov.id and m.text == "foreign minister" for m in mentions)


def test_office_of_a_state_links_to_the_known_ministry(nlp: Language) -> None:
    _, ents = _run(nlp, "The Turkish defence ministry confirmed the test of the new system.")
    ministries = [e for e in ents.values() if e.type == "ORG" and e.attributes.get("kind") == "ministry"]
    assert ministries and all(e.attributes.get("state") == "TUR" for e in ministries)


def test_unknown_office_of_a_state_becomes_an_organisation(nlp: Language) -> None:
    _, ents = _run(nlp, "The Bhutanese foreign ministry issued a short statement.")
    org = next(e for e in ents.values() if e.type == "ORG")
    assert org.attributes == {"kind": "ministry", "state": "BTN"}
    assert org.name == "Foreign Ministry of Bhutan"


def test_person_after_a_title_that_the_model_missed(nlp: Language) -> None:
    _, ents = _run(nlp, "Indian Army chief General Manoj Pande said the rifles would arrive in March.")
    pande = next(e for e in ents.values() if e.type == "PERSON" and e.name == "Manoj Pande")
    assert pande.attributes.get("state") == "IND"
    assert "General" in str(pande.attributes.get("role"))


def test_role_with_state_inside_and_secretary_of_state(nlp: Language) -> None:
    _, ents = _run(nlp, "US Secretary of State Antony Blinken met Chinese officials in Beijing.")
    blinken = next(e for e in ents.values() if e.type == "PERSON" and "Blinken" in e.name)
    assert blinken.attributes.get("state") == "USA"
    assert "Secretary" in str(blinken.attributes.get("role"))


def test_title_modifier_does_not_open_a_person(nlp: Language) -> None:
    _, ents = _run(nlp, "Two bombers crossed China's Air Defense Identification Zone twice this week.")
    assert not any(e.type == "PERSON" and "Zone" in e.name for e in ents.values())


@pytest.mark.parametrize(
    ("text", "name", "kind", "state"),
    [
        ("Last week the Pakistan Navy commissioned a new corvette.", "Pakistan Navy", "military", "PAK"),
        ("Officials at China's Commerce Ministry announced new export rules.", None, "ministry", "CHN"),
        ("The state-run Nepal Telecom Corporation raised its prices.", "Nepal Telecom Corporation", "company", "NPL"),
    ],
)
def test_model_organisations_get_kind_and_parent_state(
    nlp: Language, text: str, name: str | None, kind: str, state: str
) -> None:
    _, ents = _run(nlp, text)
    orgs = [e for e in ents.values() if e.type == "ORG" and (name is None or e.name == name)]
    assert any(e.attributes.get("kind") == kind and e.attributes.get("state") == state for e in orgs), (
        text,
        [(e.name, e.attributes) for e in ents.values() if e.type == "ORG"],
    )


def test_company_with_legal_suffix_and_its_acronym(nlp: Language) -> None:
    text = (
        "The rifles are made by Indo-Russian Rifles Private Limited (IRRPL) near Lucknow. "
        "IRRPL plans to export them."
    )
    mentions, ents = _run(nlp, text)
    company = next(e for e in ents.values() if e.name == "Indo-Russian Rifles Private Limited")
    assert company.attributes.get("kind") == "company"
    assert "IRRPL" in company.aliases
    assert sum(m.entity == company.id for m in mentions) >= 2


def test_demonym_before_an_organisation_gives_state_and_plain_alias(nlp: Language) -> None:
    _, ents = _run(nlp, "The shipments resumed on tankers of the Russian Zvezdaflot company in May.")
    org = next(e for e in ents.values() if e.type == "ORG" and "Zvezdaflot" in _names(e))
    assert org.attributes.get("state") == "RUS"
    assert "Zvezdaflot" in _names(org)


def test_possessive_state_gives_the_of_form_alias(nlp: Language) -> None:
    _, ents = _run(nlp, "The island has never been ruled by China's Communist Party.")
    party = next(e for e in ents.values() if e.type == "ORG")
    assert "Communist Party of China" in _names(party)


def test_cued_name_and_company_division(nlp: Language) -> None:
    _, ents = _run(
        nlp, "Beijing sanctioned Lockheed Martin, Boeing Defense and Raytheon, citing data from research firm Kplerx."
    )
    division = next(e for e in ents.values() if e.name == "Boeing Defense")
    assert division.attributes.get("parent") == "ORG:boeing" and division.attributes.get("state") == "USA"
    assert any(e.type == "ORG" and e.name == "Kplerx" for e in ents.values())


def test_lower_case_agency_name_matches_as_written(nlp: Language) -> None:
    _, ents = _run(nlp, "The report draws on Reuters, AP and dpa.")
    assert "ORG:dpa" in ents


def test_list_neighbours_decide_the_type_of_an_unknown_name(nlp: Language) -> None:
    _, ents = _run(
        nlp,
        "The delegation included Kim Yo Jong, Ri Pyong Chol, Pak Jong Chon and Jo Chun Ryong.",
    )
    people = {e.name for e in ents.values() if e.type == "PERSON"}
    assert "Ri Pyong Chol" in people


def test_bare_korea_is_south_korea_and_north_korea_stays_north(nlp: Language) -> None:
    _, ents = _run(nlp, "He will travel to Korea and Japan, while North Korea's envoy stays home.")
    assert "STATE:KOR" in ents and "STATE:PRK" in ents
    envoy = [e for e in ents.values() if e.type == "PERSON" and e.attributes.get("unnamed")]
    assert envoy and envoy[0].attributes.get("state") == "PRK"


def test_companies_listed_after_a_state_cue_noun_get_its_state(nlp: Language) -> None:
    _, ents = _run(nlp, "The nine Japanese companies on the list are Zorvex Corporation, Alnitak Systems and Kemori Heavy Industries.")
    orgs = [e for e in ents.values() if e.type == "ORG"]
    assert len(orgs) == 3
    assert all(e.attributes.get("state") == "JPN" and e.attributes.get("kind") == "company" for e in orgs)


def test_agni_and_babur_by_roman_suffix_and_class_noun(nlp: Language) -> None:
    # (Agni-V is a gazetteer alias of Agni since weapons.v2: Shaheen-III is not in the gazetteer)
    _, ents = _run(nlp, "Pakistan tested a Shaheen-III missile while it also fired the Babur cruise missile.")
    assert {"WEAPON_SYSTEM:Shaheen-III", "WEAPON_SYSTEM:Babur"} <= set(ents)
    _, ents = _run(nlp, "The Indo-US missile talks and the Kharkiv drone strike were in the news.")
    assert not [e for e in _weapons(ents).values() if not e.id.startswith("WEAPON_SYSTEM:class:")]


def test_titled_known_person_and_cued_state_corporation(nlp: Language) -> None:
    _, ents = _run(
        nlp,
        "Defence Minister Rajnath Singh visited the plant run by Russian state corporation Zvezdatekh last week.",
    )
    singh = ents["PERSON:rajnath-singh"]
    assert singh.attributes.get("state") == "IND" and "Minister" in str(singh.attributes.get("role"))
    corp = next(e for e in ents.values() if e.type == "ORG" and e.name == "Zvezdatekh")
    assert corp.attributes.get("kind") == "company" and corp.attributes.get("state") == "RUS"
