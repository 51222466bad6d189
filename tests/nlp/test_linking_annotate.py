"""annotate() on hand-written sentences with the real English model (loaded once per session)."""

from __future__ import annotations

import hashlib

import pytest
from spacy.language import Language

from claimgraph.nlp import annotate
from claimgraph.records import Document, Entity, Mention, make_id

pytestmark = pytest.mark.model


def _run(nlp: Language, text: str) -> tuple[list[Mention], dict[str, Entity]]:
    doc_id = make_id("doc", hashlib.sha256(text.encode()).hexdigest())
    document = Document(id=doc_id, source="test.txt", sha256="", text=text)
    mentions, entities = annotate(nlp(text), document)
    return mentions, {e.id: e for e in entities}


def test_linking_metonyms_link_to_states(nlp: Language) -> None:
    _, ents = _run(
        nlp, "The Kremlin said on Monday that Pyongyang and Tehran had agreed, while Washington objected."
    )
    assert {"STATE:RUS", "STATE:PRK", "STATE:IRN", "STATE:USA"} <= set(ents)
    assert "The Kremlin" in ents["STATE:RUS"].aliases
    assert ents["STATE:RUS"].name == "Russia"


def test_linking_demonym_is_norp_linked_to_state_and_outlet_stays_org(nlp: Language) -> None:
    mentions, ents = _run(
        nlp, "Chinese outlet NetEase and the Indian newspaper The Hindu both carried the story."
    )
    chinese = next(m for m in mentions if m.text == "Chinese")
    assert chinese.label == "NORP" and chinese.entity == "STATE:CHN"
    assert ents["ORG:netease"].type == "ORG"
    assert ents["ORG:the-hindu"].attributes["kind"] == "media"
    assert not any(e.type in ("PERSON", "STATE") and "NetEase" in (e.name, *e.aliases) for e in ents.values())


def test_linking_outlets_never_person_or_state(nlp: Language) -> None:
    text = "Sohu reported the deal. Xinhua confirmed it, and TASS quoted Interfax and Kommersant."
    mentions, ents = _run(nlp, text)
    for m in mentions:
        if m.text in ("Sohu", "Xinhua", "TASS", "Interfax", "Kommersant"):
            assert m.label == "ORG", m
    assert all(e.type == "ORG" for k, e in ents.items() if k.startswith("ORG:"))


def test_linking_weapons_never_org(nlp: Language) -> None:
    _, ents = _run(
        nlp, "Turkey bought the S-400 Triumf while India ordered Su-30MKI jets and Kalibr missiles."
    )
    assert {"WEAPON_SYSTEM:S-400", "WEAPON_SYSTEM:Su-30MKI", "WEAPON_SYSTEM:Kalibr"} <= set(ents)
    assert not any(e.type == "ORG" and "S-400" in e.name for e in ents.values())


def test_linking_roles_from_premodifiers(nlp: Language) -> None:
    _, ents = _run(
        nlp, "Indian Foreign Minister Subrahmanyam Jaishankar met Japanese Prime Minister Fumio Kishida."
    )
    jai = ents["PERSON:subrahmanyam-jaishankar"]
    assert jai.attributes["role"] == "Foreign Minister" and jai.attributes["state"] == "IND"
    assert ents["PERSON:fumio-kishida"].attributes["role"] == "Prime Minister"


def test_linking_roles_from_apposition_and_relative_clause(nlp: Language) -> None:
    text = (
        "Ivan Petrenko, director of the Kharkiv Institute of Radio Physics, spoke first. "
        "Later Olga Smirnova, who heads the Novosibirsk Centre for Arctic Studies, disagreed."
    )
    _, ents = _run(nlp, text)
    people = {e.name: e for e in ents.values() if e.type == "PERSON"}
    assert people["Ivan Petrenko"].attributes["role"].startswith("director of the Kharkiv Institute")
    assert people["Olga Smirnova"].attributes["role"].startswith("head of the Novosibirsk Centre")


def test_linking_possessor_role(nlp: Language) -> None:
    _, ents = _run(nlp, "Modi's national security adviser Ajit Doval flew to Moscow.")
    assert "national security adviser" in ents["PERSON:ajit-doval"].attributes["role"]


def test_linking_short_names_link_to_full_names(nlp: Language) -> None:
    text = (
        "Analyst Tomasz Wierzbicki wrote the report. Later, Wierzbicki argued that President Xi Jinping "
        "would travel. Xi did not comment, and Putin stayed silent."
    )
    _, ents = _run(nlp, text)
    assert "Wierzbicki" in ents["PERSON:tomasz-wierzbicki"].aliases
    assert "Xi" in ents["PERSON:xi-jinping"].aliases
    assert "PERSON:vladimir-putin" in ents  # from the people file, without a full name in the text
    assert "PERSON:wierzbicki" not in ents and "PERSON:xi" not in ents


def test_linking_mention_ids_and_offsets(nlp: Language) -> None:
    text = "Beijing and Moscow signed the deal."
    mentions, _ = _run(nlp, text)
    doc_id = make_id("doc", hashlib.sha256(text.encode()).hexdigest())
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.id == make_id("m", doc_id, m.start, m.end)
        assert m.document == doc_id


def test_linking_no_junk_entities(nlp: Language) -> None:
    text = "In 2021 about 300 officials met twice; the western allies said that COVID-19 slowed deliveries."
    _, ents = _run(nlp, text)
    for e in ents.values():
        assert not e.name.isdigit() and e.name.lower() not in ("2021", "300", "twice", "covid-19"), e
    assert not any(e.type == "PERSON" for e in ents.values())


def test_linking_capital_after_locative_preposition_is_place(nlp: Language) -> None:
    mentions, ents = _run(nlp, "The summit in Hanoi ended, and Hanoi later protested.")
    hanoi = [m for m in mentions if m.text == "Hanoi"]
    assert [m.entity for m in hanoi] == ["PLACE:hanoi", "STATE:VNM"]
    assert ents["PLACE:hanoi"].attributes.get("state") == "VNM"


def test_linking_possessive_state_and_honorifics(nlp: Language) -> None:
    _, ents = _run(nlp, "Iran's Foreign Minister Hossein Amir-Abdollahian later met Ms Maria Zakharova.")
    iranian = next(e for e in ents.values() if e.name == "Hossein Amir-Abdollahian")
    assert iranian.attributes["role"] == "Foreign Minister" and iranian.attributes["state"] == "IRN"
    zakharova = ents["PERSON:maria-zakharova"]
    assert zakharova.attributes["role"] != "Ms"  # an honorific is not a role
    assert zakharova.attributes["state"] == "RUS"  # from the people file


def test_linking_known_person_role_in_text_wins(nlp: Language) -> None:
    _, ents = _run(nlp, "Former Japanese Prime Minister Shinzo Abe visited Vladivostok.")
    abe = ents["PERSON:shinzo-abe"]
    assert abe.attributes["role"] == "Former Prime Minister" and abe.attributes["state"] == "JPN"
    assert abe.attributes["known_role"].endswith("Prime Minister of Japan")
    assert ents["PLACE:vladivostok"].attributes["state"] == "RUS"


def test_linking_misspelt_known_name_links_but_other_first_name_does_not(nlp: Language) -> None:
    text = "Foreign Minister Sergej Lavrov spoke, and his nephew Alexander Lavrov listened."
    _, ents = _run(nlp, text)
    assert "Sergej Lavrov" in ents["PERSON:sergei-lavrov"].aliases
    assert "PERSON:alexander-lavrov" in ents


def test_linking_capitals_listed_with_places_are_places(nlp: Language) -> None:
    text = "The missiles could reach Kolkata, Hanoi and Seoul. Later Hanoi and Seoul protested."
    mentions, _ = _run(nlp, text)
    first = [m.entity for m in mentions if m.text in ("Hanoi", "Seoul")][:2]
    assert first == ["PLACE:hanoi", "PLACE:seoul"]


def test_linking_embassy_is_org_with_its_host_city(nlp: Language) -> None:
    mentions, ents = _run(nlp, "Investigators watched the Indian embassy in Beijing closely.")
    org = ents["ORG:embassy-ind-beijing"]
    assert org.name == "Embassy of India in Beijing" and org.attributes["state"] == "IND"
    assert any(m.entity == "PLACE:beijing" and m.text == "Beijing" for m in mentions)


def test_linking_known_surname_prefers_the_full_name_in_the_document(nlp: Language) -> None:
    text = "The historian Alexander Lavrov published a memoir. Lavrov argued that the archives were open."
    mentions, ents = _run(nlp, text)
    assert "PERSON:sergei-lavrov" not in ents
    assert "Lavrov" in ents["PERSON:alexander-lavrov"].aliases


def test_linking_aliases_are_single_line_without_article(nlp: Language) -> None:
    _, ents = _run(nlp, "A memo from the Federal Service for Military-Technical\nCooperation was leaked.")
    aliases = ents["ORG:rus-fsvts"].aliases
    assert all("\n" not in a and not a.lower().startswith("the ") for a in aliases)


def test_linking_urls_are_not_entities(nlp: Language) -> None:
    _, ents = _run(nlp, "Source: https://example.org/2021/ministry-report and www.example.com carried it.")
    assert not any("://" in e.name or e.name.startswith("www.") for e in ents.values())


def test_linking_capitals_coordinated_with_states_or_blocs_stay_states(nlp: Language) -> None:
    mentions, _ = _run(
        nlp, "Moscow and Beijing condemned the move, and Moscow and the West traded accusations."
    )
    assert [m.entity for m in mentions if m.text in ("Moscow", "Beijing")] == [
        "STATE:RUS",
        "STATE:CHN",
        "STATE:RUS",
    ]


def test_linking_unknown_outlet_after_cue_noun_is_media_org(nlp: Language) -> None:
    text = "The Russian daily Vechernyaya Zarya reported the sale, citing the think tank Baltic Horizon."
    _, ents = _run(nlp, text)
    orgs = {e.name: e for e in ents.values() if e.type == "ORG"}
    assert orgs["Vechernyaya Zarya"].attributes == {"kind": "media", "state": "RUS"}
    assert orgs["Baltic Horizon"].attributes["kind"] == "think_tank"
    assert not any(e.type == "PERSON" for e in ents.values())
