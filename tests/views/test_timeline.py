from __future__ import annotations

from claimgraph.reconcile import run
from claimgraph.views.timeline import timeline
from reconcile.builders import TEST_ONTOLOGY, new_corpus, s400_corpus


def test_timeline_stories_sorted_by_when() -> None:
    c = new_corpus()
    s400_corpus(c)
    d = c.doc("other", "India bought jets from Russia in 2019.", date="2019-06-01")
    c.event(d, "arms_order", "India bought jets from Russia in 2019", actor="STATE:RUS", target="STATE:IND",
            when="2019")
    res = run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)
    tl = timeline(res.stories, ("RUS", "CHN"), events=c.events, entities=c.entities)
    assert [t.when for t in tl] == ["2014-09", "2017", "2018-05", "2020-07"]
    assert all(t.story for t in tl)
    assert "S-400" in tl[0].label
    everything = timeline(res.stories, None, events=c.events, entities=c.entities)
    assert len(everything) == 5


def test_timeline_events_and_dyad_in_either_order() -> None:
    c = new_corpus()
    s400_corpus(c)
    tl = timeline(c.events, ("CHN", "RUS"), entities=c.entities)
    assert [t.when for t in tl] == sorted(t.when for t in tl)
    assert len(tl) == 6 and tl[0].label == "Russia arms order S-400 -> China"
