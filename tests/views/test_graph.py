from __future__ import annotations

import xml.etree.ElementTree as ET

from claimgraph.views.graph import graph, to_graphml
from reconcile.builders import new_corpus, s400_corpus


def test_graph_edges_are_claims() -> None:
    c = new_corpus()
    ids = s400_corpus(c)
    g = graph(c.entities, c.events)
    assert g.number_of_edges("STATE:RUS", "STATE:CHN") == 6
    data = g.get_edge_data("STATE:RUS", "STATE:CHN")[ids["deliv"]]
    assert data["type"] == "arms_delivery" and data["when"] == "2018-05" and data["item"] == "WEAPON_SYSTEM:S-400"
    assert g.nodes["STATE:CHN"]["name"] == "China"


def test_graph_aliases_fold_nodes_and_graphml_parses() -> None:
    c = new_corpus()
    c.entity("PERSON:a-b", "Anna Berg")
    c.entity("PERSON:a-berg", "A. Berg")
    d = c.doc("x", "Anna Berg met China's envoy. A. Berg met China's envoy again.")
    c.event(d, "meeting", "Anna Berg met China's envoy", actor="PERSON:a-b", target="STATE:CHN")
    c.event(d, "meeting", "A. Berg met China's envoy again", actor="PERSON:a-berg", target="STATE:CHN")
    g = graph(c.entities, c.events, aliases={"PERSON:a-berg": "PERSON:a-b"})
    assert "PERSON:a-berg" not in g and g.number_of_edges("PERSON:a-b", "STATE:CHN") == 2
    root = ET.fromstring(to_graphml(g))
    assert root.tag.endswith("graphml")
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == 2
