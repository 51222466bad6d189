"""Cross-document reconciliation on the demo corpus (our own articles), scored against
``demo_gold/cross_document.json`` the way the seeds are scored: a second check that stories and disputes are not
fitted to the five seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model]

DEMO = Path(__file__).resolve().parents[2] / "src" / "claimgraph" / "demo" / "corpus"
GOLD = Path(__file__).with_name("demo_gold")


def test_demo_cross_document_groups_and_updates(tmp_path: Path) -> None:
    from claimgraph import open as open_workbench
    from reconcile.test_seeds_e2e import align

    # the rules engine, as in the other reconcile tests: this checks reconciliation, not the trained layer
    wb = open_workbench(str(tmp_path / "demo.db"), events="v1")
    wb.ingest([str(DEMO)])
    wb.reconcile()
    docs = list(wb.documents())
    names = {d.id: Path(d.source).name[:2] for d in docs}
    gold = {f.name[:2]: json.loads(f.read_text(encoding="utf-8")) for f in GOLD.glob("[0-9][0-9].json")}
    names = {i: n for i, n in names.items() if n in gold}
    # the articles are hard-wrapped; gold evidence is one line: a newline reads as a space (offsets unchanged)
    texts = {d.id: d.text.replace("\n", " ") for d in docs}
    events = [e for e in wb.events() if e.document in names]
    al = align(events, names, texts, gold)
    story_of = {e: s.id for s in wb.stories() for e in s.events}
    cross = json.loads((GOLD / "cross_document.json").read_text(encoding="utf-8"))
    same = 0
    for g in cross["same_event"]:
        sets = [{story_of.get(x) for x in al.get(gid, [])} for gid in g["group"]]
        same += all(sets) and bool(set.intersection(*sets))
    disputes = list(wb.disputes())
    found = sum(any(d.kind == p["kind"] and all(set(al.get(gid, [])) & set(d.claims) for gid in p["pair"])
                    for d in disputes) for p in cross["contradictions_or_updates"])
    print(f"demo cross-document: same-event groups {same}/{len(cross['same_event'])}, "
          f"disputes {found}/{len(cross['contradictions_or_updates'])}")
    # measured 2/3 and 1/2: the missed group needs the second conjunct of "ten Su-35 fighters in 2017 and S-400
    # equipment in 2018" as its own delivery; the missed dispute is inside one article (disputes compare reports)
    assert same >= 2 and found >= 1
