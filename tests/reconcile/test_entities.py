from __future__ import annotations

from claimgraph.reconcile import resolve_entities
from claimgraph.records import Entity, Mention


def _e(eid: str, name: str, **attrs: str) -> Entity:
    return Entity(id=eid, type=eid.split(":")[0], name=name, attributes=attrs)


STATES = [
    Entity(id="STATE:CHN", type="STATE", name="China", aliases=("Chinese", "Beijing"), iso3="CHN"),
    Entity(id="STATE:RUS", type="STATE", name="Russia", aliases=("Russian", "Moscow"), iso3="RUS"),
]


def test_entities_short_form_and_misspelling() -> None:
    ents = [*STATES, _e("PERSON:xi-jinping", "Xi Jinping", role="President", state="CHN"), _e("PERSON:xi", "Xi"),
            _e("PERSON:sergei-shoigu", "Sergei Shoigu", role="Defence Minister", state="RUS"),
            _e("PERSON:segei-shoigu", "Segei Shoigu"), _e("PERSON:sergei-lavrov", "Sergei Lavrov")]
    res = resolve_entities(ents, [Mention("m1", "d", 0, 5, "Shoigu", "PERSON", "PERSON:sergei-shoigu")])
    assert res.aliases == {"PERSON:xi": "PERSON:xi-jinping", "PERSON:segei-shoigu": "PERSON:sergei-shoigu"}
    canon = {e.id: e for e in res.entities}
    assert "Segei Shoigu" in canon["PERSON:sergei-shoigu"].aliases
    assert "Xi" in canon["PERSON:xi-jinping"].aliases
    assert "PERSON:sergei-lavrov" in canon  # same first name, different surname: kept apart


def test_entities_role_phrase_resolves_to_the_one_holder() -> None:
    ents = [*STATES, _e("PERSON:xi-jinping", "Xi Jinping", role="President", state="CHN"),
            _e("PERSON:vladimir-putin", "Vladimir Putin", role="President", state="RUS"),
            _e("PERSON:the-chinese-president", "the Chinese President")]
    mentions = [Mention("m9", "d", 10, 33, "the Russian President", "PERSON", None)]
    res = resolve_entities(ents, mentions)
    assert res.aliases["PERSON:the-chinese-president"] == "PERSON:xi-jinping"
    assert res.mention_links == {"m9": "PERSON:vladimir-putin"}


def test_entities_ambiguous_short_form_is_left_alone() -> None:
    ents = [_e("PERSON:li-keqiang", "Li Keqiang"), _e("PERSON:li-shangfu", "Li Shangfu"), _e("PERSON:li", "Li")]
    assert resolve_entities(ents).aliases == {}


def test_entities_role_with_gazetteer_style_role_and_demonym_lookup() -> None:
    ents = [Entity(id="STATE:CHN", type="STATE", name="China", iso3="CHN"),
            _e("PERSON:xi-jinping", "Xi Jinping", role="President of China; General Secretary of the CCP", state="CHN"),
            _e("PERSON:hu-jintao", "Hu Jintao", role="Former President of China", state="CHN")]
    mentions = [Mention("m1", "d", 0, 21, "the Chinese President", "PERSON", None)]
    res = resolve_entities(ents, mentions, state_of=lambda t: "CHN" if t.lower() == "chinese" else None)
    assert res.mention_links == {"m1": "PERSON:xi-jinping"}  # the former president is not "the President"


def test_entities_known_organisations_with_a_long_common_tail_stay_apart() -> None:
    ents = [_e("ORG:mfa", "Ministry of Foreign Affairs of the Russian Federation", kind="ministry", state="RUS"),
            _e("ORG:mod", "Ministry of Defense of the Russian Federation", kind="ministry", state="RUS"),
            _e("ORG:mod-typo", "Ministry of Defence of the Russian Federation")]
    res = resolve_entities(ents)
    assert "ORG:mfa" not in res.aliases and "ORG:mod" not in res.aliases
    assert res.aliases == {"ORG:mod-typo": "ORG:mod"}  # one word spelled differently: a variant
