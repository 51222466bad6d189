from __future__ import annotations

import dataclasses

from claimgraph.reconcile import build_stories, run
from claimgraph.records import make_id

from .conftest import Corpus, s400_corpus


def _story_sets(stories):  # type: ignore[no-untyped-def]
    return {frozenset(s.events) for s in stories}


def test_stories_keep_order_delivery_suspension_apart(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    ids = s400_corpus(corpus)
    stories = build_stories(corpus.events, corpus.entities, {}, ontology)
    sets = _story_sets(stories)
    assert frozenset({ids["order_b"], ids["order_c"]}) in sets
    assert frozenset({ids["susp_b"], ids["susp_c"]}) in sets  # delay ~ cancellation through the family
    assert frozenset({ids["deliv"]}) in sets
    assert frozenset({ids["exp"]}) in sets  # 2017 expectation vs 2018-05 delivery: incompatible dates
    assert len(stories) == 4


def test_stories_slots_and_id(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    ids = s400_corpus(corpus)
    stories = build_stories(corpus.events, corpus.entities, {}, ontology)
    order = next(s for s in stories if ids["order_b"] in s.events)
    assert order.id == make_id("st", *sorted(order.events))
    assert order.slots["when"]["value"] == "2014-09"
    assert order.slots["quantity"]["value"] == {"value": 6, "unit": "battalion"}
    assert order.slots["quantity"]["events"] == [ids["order_c"]]
    assert order.slots["value"]["value"]["amount"] == 3e9
    assert "Russia" in order.label and "China" in order.label and "S-400" in order.label
    assert "(2014-09)" in order.label


def test_stories_symmetric_types_merge_unordered(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "The Russian and Chinese leaders met in Moscow on 21 March 2023.", date="2023-03-22")
    b = corpus.doc("b", "Beijing's leader held talks with his Russian host in March 2023.", date="2023-03-25")
    corpus.event(a, "meeting", "The Russian and Chinese leaders met in Moscow on 21 March 2023",
                 actor="STATE:RUS", target="STATE:CHN", when="2023-03-21")
    corpus.event(b, "meeting", "Beijing's leader held talks with his Russian host in March 2023",
                 actor="STATE:CHN", target="STATE:RUS", when="2023-03")
    stories = build_stories(corpus.events, corpus.entities, {}, ontology)
    assert len(stories) == 1 and len(stories[0].documents) == 2
    assert stories[0].slots["when"]["value"] == "2023-03-21"


def test_stories_directed_types_do_not_swap_roles(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "Russia sold jets to India in 2019.", date="2020-01-01")
    b = corpus.doc("b", "India sold jets to Russia in 2019.", date="2020-01-02")
    corpus.event(a, "arms_order", "Russia sold jets to India in 2019", actor="STATE:RUS", target="STATE:IND",
                 when="2019")
    corpus.event(b, "arms_order", "India sold jets to Russia in 2019", actor="STATE:IND", target="STATE:RUS",
                 when="2019")
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 2


def test_stories_generic_statements_need_overlap(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "Moscow criticised Beijing over fishing quotas. Moscow praised Beijing for grain deals.")
    corpus.event(a, "statement", "Moscow criticised Beijing over fishing quotas", actor="STATE:RUS",
                 target="STATE:CHN")
    corpus.event(a, "statement", "Moscow praised Beijing for grain deals", actor="STATE:RUS", target="STATE:CHN")
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 2


def test_stories_run_uses_entity_aliases(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    corpus.entity("PERSON:sergei-shoigu", "Sergei Shoigu", attributes={"state": "RUS", "role": "Defence Minister"})
    corpus.entity("PERSON:segei-shoigu", "Segei Shoigu")
    a = corpus.doc("a", "Sergei Shoigu visited Beijing in November 2014 to talk about drills.", date="2014-11-20")
    b = corpus.doc("b", "Segei Shoigu visited Beijing last November to talk about joint drills.", date="2015-01-10")
    corpus.event(a, "visit", "Sergei Shoigu visited Beijing in November 2014 to talk about drills",
                 actor="PERSON:sergei-shoigu", target="STATE:CHN", when="2014-11")
    corpus.event(b, "visit", "Segei Shoigu visited Beijing last November to talk about joint drills",
                 actor="PERSON:segei-shoigu", target="STATE:CHN", when="2014-11")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    assert result.entity_aliases == {"PERSON:segei-shoigu": "PERSON:sergei-shoigu"}
    assert len(result.stories) == 1


def test_stories_near_dates_and_unlinked_items_are_soft(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    a = corpus.doc("a", "Late last week Moscow froze S-400 shipments to Beijing.", date="2020-08-04")
    b = corpus.doc("b", "It seems Moscow is holding back components bound for Beijing.", date="2020-07-28")
    ea = corpus.event(a, "arms_delivery_delay", "Moscow froze S-400 shipments to Beijing", actor="STATE:RUS",
                      target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2020-08")
    eb = corpus.event(b, "arms_delivery_delay", "Moscow is holding back components bound for Beijing",
                      actor="STATE:RUS", target="STATE:CHN", when="2020-07", status="alleged", hedged=True)
    eb = dataclasses.replace(eb, item_text="components")  # an unlinked item: no hard constraint
    corpus.events[-1] = eb
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    [story] = result.stories
    assert set(story.events) == {ea.id, eb.id}
    assert any(d.slot == "when" and d.kind == "contradiction" for d in result.disputes)
    far = corpus.doc("c", "Moscow froze S-400 shipments to Beijing in October.", date="2020-10-30")
    corpus.event(far, "arms_delivery_delay", "Moscow froze S-400 shipments to Beijing in October",
                 actor="STATE:RUS", target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2020-10")
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 2


def test_stories_scale_with_many_actors(ontology) -> None:  # type: ignore[no-untyped-def]
    """Clustering compares only claims that share an actor: the number of candidate pairs grows with the claims
    per actor, not with the square of the corpus (6000 claims, 400 actors: 15 claims per actor)."""
    from claimgraph.reconcile.stories import _candidate_pairs, event_key
    from claimgraph.records import Event, Span, TimeValue

    evs = [Event(id=f"e{i}", document=f"d{i % 50}", type="statement", evidence=Span(0, 10, f"word{i} other{i}"),
                 actor=f"STATE:A{i % 400}", target=f"STATE:B{i % 7}", when=TimeValue(f"20{10 + i % 10}"))
           for i in range(6000)]
    keys = {e.id: event_key(e, {}, {}, ontology) for e in evs}
    pairs = _candidate_pairs(evs, keys)
    assert len(pairs) <= len(evs) * 15 // 2 and len(pairs) < len(evs) ** 2 // 500
    stories = build_stories(evs, {}, {}, ontology)
    assert len(stories) == 6000  # statements with nothing in common stay apart


def test_stories_place_is_not_a_party(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    corpus.entity("PLACE:himalayas", "Himalayas")
    a = corpus.doc("a", "Chinese and Indian troops clashed in the Himalayas in June 2020.", date="2020-07-01")
    b = corpus.doc("b", "The June 2020 border clash between China and India.", date="2020-07-20")
    corpus.event(a, "armed_clash", "Chinese and Indian troops clashed in the Himalayas in June 2020",
                 actor="STATE:CHN", target="PLACE:himalayas", when="2020-06")
    corpus.event(b, "armed_clash", "The June 2020 border clash between China and India", actor="STATE:CHN",
                 target="STATE:IND", when="2020-06")
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 1


def test_stories_ongoing_state_as_of_report_date(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.records import TimeValue

    a = corpus.doc("a", "Chinese and Indian troops clashed on the border in June 2020.", date="2020-07-01")
    b = corpus.doc("b", "The ongoing China-India border conflict worries Moscow.", date="2020-09-10")
    corpus.event(a, "armed_clash", "Chinese and Indian troops clashed on the border in June 2020",
                 actor="STATE:CHN", target="STATE:IND", when="2020-06")
    eb = corpus.event(b, "armed_clash", "The ongoing China-India border conflict", actor="STATE:CHN",
                      target="STATE:IND", when="2020-09", status="ongoing")
    corpus.events[-1] = dataclasses.replace(eb, when=TimeValue("2020-09", relative=True))
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 1
    # an explicitly dated ongoing claim is not stretched backwards
    corpus.events[-1] = dataclasses.replace(eb, when=TimeValue("2020-09"))
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 2


def _mention(doc, text: str, entity: str):  # type: ignore[no-untyped-def]
    from claimgraph.records import Mention

    start = doc.text.index(text)
    return Mention(make_id("m", doc.id, start), doc.id, start, start + len(text), text, entity.split(":")[0], entity)


def test_stories_a_range_date_overlaps_a_point_inside_it(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.records import TimeValue

    a = corpus.doc("a", "Over the past decade China became the first buyer of six S-400 battalions.", date="2020-07-30")
    b = corpus.doc("b", "Russia sold the S-400 to China in September 2014.", date="2023-04-12")
    ea = corpus.event(a, "arms_order", "China became the first buyer of six S-400 battalions", actor="STATE:RUS",
                      target="STATE:CHN", item="WEAPON_SYSTEM:S-400")
    corpus.event(b, "arms_order", "Russia sold the S-400 to China in September 2014", actor="STATE:RUS",
                 target="STATE:CHN", item="WEAPON_SYSTEM:S-400", when="2014-09")
    corpus.events[0] = dataclasses.replace(ea, when=TimeValue("2010", end="2020", relative=True))
    stories = build_stories(corpus.events, corpus.entities, {}, ontology)
    assert len(stories) == 1
    assert stories[0].slots["when"]["value"] == "2014-09"  # the range dates nothing more precisely
    corpus.events[0] = dataclasses.replace(ea, when=TimeValue("2000", end="2009"))
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 2


def test_stories_generic_reports_naming_the_same_place_corefer(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    corpus.entity("PLACE:crimea", "Crimea")
    corpus.entity("PLACE:the-west", "the West", attributes={"kind": "bloc"})
    corpus.entity("STATE:UKR", "Ukraine", iso3="UKR")
    a = corpus.doc("a", "Moscow grew isolated after it seized Crimea from Ukraine.", date="2016-03-16")
    b = corpus.doc("b", "Relations with the West soured over the Crimea takeover in 2014.", date="2023-04-12")
    corpus.event(a, "other", "Moscow grew isolated after it seized Crimea from Ukraine", actor="STATE:RUS",
                 target="STATE:UKR")
    corpus.event(b, "other", "Relations with the West soured over the Crimea takeover in 2014", actor="STATE:RUS",
                 target="PLACE:the-west", when="2014")
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 2  # nothing specific in common
    west = [_mention(a, "Moscow", "PLACE:the-west"), _mention(b, "the West", "PLACE:the-west")]
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology, mentions=west)) == 2  # a bloc: no
    mentions = [_mention(a, "Crimea", "PLACE:crimea"), _mention(b, "Crimea", "PLACE:crimea"),
                _mention(b, "the West", "PLACE:the-west")]
    stories = build_stories(corpus.events, corpus.entities, {}, ontology, mentions=mentions)
    assert len(stories) == 1
    assert "Ukraine" in stories[0].label  # a party, not the place a report put in the target slot


def test_stories_a_participant_left_out_but_named_in_the_evidence(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.records import TimeValue

    corpus.entity("PLACE:ridge", "the ridge")
    a = corpus.doc("a", "Troops of both sides fought a brutal skirmish during June 2020.", date="2020-07-01")
    b = corpus.doc("b", "Observers fear the ongoing India-China standoff on the ridge may escalate.", date="2020-07-30")
    corpus.event(a, "other", "Troops of both sides fought a brutal skirmish during June 2020", actor="STATE:CHN",
                 target="STATE:IND", when="2020-06")
    eb = corpus.event(b, "other", "the ongoing India-China standoff on the ridge", actor="STATE:CHN",
                      target="PLACE:ridge", status="ongoing")
    corpus.events[-1] = dataclasses.replace(eb, when=TimeValue("2020-07", relative=True))
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 2
    mentions = [_mention(b, "India", "STATE:IND"), _mention(b, "China", "STATE:CHN")]
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology, mentions=mentions)) == 1


def test_stories_interchangeable_types_corefer(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    from claimgraph.reconcile import StoryParams

    a = corpus.doc("a", "Chinese and Indian troops clashed on the border in June 2020.", date="2020-07-01")
    b = corpus.doc("b", "The June 2020 China-India border conflict on the border.", date="2020-07-20")
    corpus.event(a, "armed_clash", "Chinese and Indian troops clashed on the border in June 2020",
                 actor="STATE:CHN", target="STATE:IND", when="2020-06")
    corpus.event(b, "other", "The June 2020 China-India border conflict on the border", actor="STATE:CHN",
                 target="STATE:IND", when="2020-06")
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology)) == 1  # packaged coreference.yaml
    apart = StoryParams(interchangeable={})
    assert len(build_stories(corpus.events, corpus.entities, {}, ontology, apart)) == 2


def test_stories_two_claims_one_document_kept_apart_stay_apart(corpus: Corpus, ontology) -> None:  # type: ignore[no-untyped-def]
    """A report that distinguishes a dated first shipment from parts still under way has told two events; a
    second report of the first shipment joins that one only."""
    import dataclasses

    from claimgraph.records import TimeValue

    a = corpus.doc("a", "India got a first S-400 regiment in May 2021, and spare parts are still on their way.",
                   date="2021-09-01")
    b = corpus.doc("b", "The first S-400 regiment reached India in May 2021.", date="2021-06-01")
    first = corpus.event(a, "arms_delivery", "India got a first S-400 regiment in May 2021", actor="STATE:RUS",
                         target="STATE:IND", item="WEAPON_SYSTEM:S-400", when="2021-05")
    rest = corpus.event(a, "arms_delivery", "spare parts are still on their way", actor="STATE:RUS",
                        target="STATE:IND", item="WEAPON_SYSTEM:S-400", status="ongoing")
    corpus.events[-1] = dataclasses.replace(rest, when=TimeValue("2021-09", relative=True))
    other = corpus.event(b, "arms_delivery", "The first S-400 regiment reached India in May 2021",
                         actor="STATE:RUS", target="STATE:IND", item="WEAPON_SYSTEM:S-400", when="2021-05")
    result = run(corpus.documents, list(corpus.entities.values()), [], corpus.events, ontology=ontology)
    assert result.story_of(first.id) == result.story_of(other.id)
    assert result.story_of(rest.id) != result.story_of(first.id)
