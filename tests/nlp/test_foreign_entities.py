"""Entities of Russian and Chinese texts without a model (claimgraph.nlp.foreign); sentences written for the tests."""

from __future__ import annotations

from claimgraph.nlp.foreign import annotate_foreign, transliterate
from claimgraph.records import Document, Entity, Mention


def _run(text: str, lang: str) -> tuple[list[Mention], dict[str, Entity]]:
    mentions, entities = annotate_foreign(Document(id="d", source="t.txt", sha256="", text=text, language=lang))
    return mentions, {e.id: e for e in entities}


def test_transliterate() -> None:
    assert transliterate("Сергей Чемезов") == "Sergey Chemezov"
    assert transliterate("Щукин и Юрьев") == "Shchukin i Yurev"


def test_russian_states_with_case_endings_and_adjectives() -> None:
    mentions, ents = _run("Делегация России прибыла в Индию, а китайские компании ждут решения.", "ru")
    assert {"STATE:RUS", "STATE:IND", "STATE:CHN"} <= set(ents)
    assert ents["STATE:RUS"].name == "Russia" and "России" in ents["STATE:RUS"].aliases
    assert all(m.document == "d" and m.entity for m in mentions)


def test_russian_names_by_transliteration_and_latin_words() -> None:
    text = (
        "Министр иностранных дел Сергей Лавров прилетел в Пекин, сообщает ТАСС. "
        "Компания «Газпром» подписала контракт с CNPC, а поставки С-400 продолжатся."
    )
    _, ents = _run(text, "ru")
    assert {"PERSON:sergei-lavrov", "ORG:tass", "ORG:gazprom", "ORG:cnpc", "WEAPON_SYSTEM:S-400", "STATE:CHN"} <= set(
        ents
    )
    assert ents["PERSON:sergei-lavrov"].name == "Sergei Lavrov"


def test_russian_unknown_person_after_a_cue() -> None:
    _, ents = _run("Об этом заявил посол Бразилии Жоао Силва на встрече с журналистами.", "ru")
    people = [e for e in ents.values() if e.type == "PERSON"]
    assert [p.name for p in people] == ["Zhoao Silva"]
    assert "STATE:BRA" in ents


def test_russian_lower_case_word_is_not_a_capitalised_form() -> None:
    _, ents = _run("Объем поставок составил 10 млрд куб. м газа в год.", "ru")
    assert "STATE:CUB" not in ents


def test_chinese_forms_compounds_and_traditional_characters() -> None:
    _, ents = _run("俄罗斯总统普京和国家主席习近平在北京会晤，新华社报道。中美贸易战仍在继续。", "zh")
    assert {"STATE:RUS", "PERSON:vladimir-putin", "PERSON:xi-jinping", "STATE:CHN", "ORG:xinhua", "STATE:USA"} <= set(
        ents
    )
    _, ents = _run("習近平將訪問俄羅斯。", "zh")
    assert {"PERSON:xi-jinping", "STATE:RUS"} <= set(ents)


def test_chinese_word_made_of_abbreviations_is_not_two_states() -> None:
    _, ents = _run("他去过中美洲的几个国家。", "zh")
    assert "STATE:USA" not in ents


def test_other_languages_are_left_alone() -> None:
    assert annotate_foreign(Document(id="d", source="t", sha256="", text="Russland und China", language="de")) == (
        [],
        [],
    )
