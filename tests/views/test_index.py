from __future__ import annotations

from claimgraph.reconcile import run
from claimgraph.views.index import index, plot_index
from reconcile.builders import TEST_ONTOLOGY, new_corpus, s400_corpus


def _result():  # type: ignore[no-untyped-def]
    c = new_corpus()
    s400_corpus(c)
    return c, run(c.documents, list(c.entities.values()), [], c.events, ontology=TEST_ONTOLOGY)


def test_index_counts_stories_not_reports() -> None:
    c, res = _result()
    rows = index(res.stories, c.events, TEST_ONTOLOGY.weights, ("RUS", "CHN"))
    # 2014: one order story reported twice counts once (+6); 2017 expected delivery does not count;
    # 2018: delivery +7; 2020: suspension (canonical status occurred) -4
    assert rows == [("2014", 6.0, 1), ("2018", 7.0, 1), ("2020", -4.0, 1)]


def test_index_by_month_and_ontology_object() -> None:
    c, res = _result()
    rows = index(res.stories, c.events, TEST_ONTOLOGY, ("RUS", "CHN"), by="month")
    assert [r[0] for r in rows] == ["2014-09", "2018-05", "2020-07"]
    assert index(res.stories, c.events, TEST_ONTOLOGY, ("RUS", "IND")) == []


def test_index_plot_is_a_png() -> None:
    c, res = _result()
    png = plot_index(index(res.stories, c.events, TEST_ONTOLOGY, ("RUS", "CHN")))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert plot_index([])[:4] == b"\x89PNG"
