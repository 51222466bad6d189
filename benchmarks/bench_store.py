"""Store benchmark: write rate and query latency at scale, on SQLite and (with ``--pg URL``) PostgreSQL.

    python benchmarks/bench_store.py [--events N] [--pg URL] [--queries K] [--json FILE] [--keep DIR]

The store is built from synthetic records (``claimgraph.records``: documents, mentions, entities, events and
explanations of our own made-up wording; no NLP) written through the Store's write path in batches
(``Store.write_results``: one connection, one transaction per document), ``--events`` claims in all (default
1,000,000; ten per document). Claims repeat across documents the way reports of one event do (same parties, type,
item and month), so reconcile forms stories of several reports; then one full reconcile builds the derived
tables and incremental reconcile's index (timed and reported, not part of the latency figures).

Then each query runs ``--queries`` times (default 200) with seeded random parameters; p50 and p95 of the wall
time are reported:

events type+actor     ``Store.events(type=, actor=)``
events actor+period   ``Store.events(actor=, since=YYYY, until=YYYY)``
events target+type+since  ``Store.events(target=, type=, since=YYYY-MM)``
events type+month     ``Store.events(type=, since=YYYY-MM, until=YYYY-MM)``
events document       ``Store.events(document=)``
register supplier     ``Workbench.register(supplier=)`` (SIPRI rows of one supplier)
register dyad         ``Workbench.register(supplier=, recipient=)``
timeline dyad         ``Workbench.timeline([a, b])``
stories of entity     ``Workbench.entity_stories(entity)``
search                ``Workbench.search(term)`` where ``claimgraph.views.search`` exists

Issue 10 asks p95 < 50 ms for the indexed event filters and the register at 1,000,000 events on both backends.
With ``--pg URL`` the URL names a server database that is emptied first (give one of your own).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimgraph.config import load_settings  # noqa: E402
from claimgraph.records import (  # noqa: E402
    Document,
    DocumentResult,
    Entity,
    Event,
    Explanation,
    Mention,
    Quantity,
    Span,
    TimeValue,
    make_id,
)
from claimgraph.store import open_store  # noqa: E402
from claimgraph.workbench import Workbench  # noqa: E402

EVENTS_PER_DOC = 10
TYPES = ("arms_order", "arms_delivery", "arms_delivery_delay", "arms_cancellation", "meeting", "agreement",
         "statement", "accusation", "sanction", "military_exercise", "loan", "investment", "visit", "armed_clash",
         "protest", "aid", "trade_deal", "prepayment", "opposition", "consultation")
ARMS = ("arms_order", "arms_delivery", "arms_delivery_delay", "arms_cancellation", "prepayment")
WORDS = ("ministry", "officials", "delegation", "contract", "talks", "border", "shipment", "council", "summit",
         "treaty", "envoy", "report", "exercise", "budget", "frigate", "battalion", "pipeline", "harbour",
         "tariff", "loan", "grain", "credit", "parliament", "spokesman", "agency", "minister", "accord")


def _codes(n: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [f"X{letters[i // 26 % 26]}{letters[i % 26]}" for i in range(n)]


class Synth:
    """Seeded synthetic corpus: ``topics`` are the real events that several documents report."""

    def __init__(self, n_events: int, seed: int = 10) -> None:
        self.rng = random.Random(seed)
        self.states = _codes(max(20, min(150, int(n_events ** 0.5 / 6))))
        self.people = [(f"PERSON:official-{i}", f"Official Number{i}", self.states[i % len(self.states)])
                       for i in range(300)]
        self.weapons = [f"WEAPON_SYSTEM:SYS-{i}" for i in range(60)]
        self.docs = max(1, n_events // EVENTS_PER_DOC)
        rng = self.rng
        self.topics: list[tuple[str, str, str, str | None, str]] = []
        self.by_dyad: dict[frozenset[str], list[int]] = {}
        for _ in range(max(10, n_events // 4)):
            a, b = rng.sample(self.states, 2)
            etype = rng.choice(TYPES)
            self.by_dyad.setdefault(frozenset((a, b)), []).append(len(self.topics))
            self.topics.append((etype, a, b, rng.choice(self.weapons) if etype in ARMS else None,
                                f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}"))

    def entities(self) -> dict[str, Entity]:
        out = {f"STATE:{s}": Entity(id=f"STATE:{s}", type="STATE", name=f"State {s}", aliases=(s,), iso3=s)
               for s in self.states}
        for pid, name, st in self.people:
            out[pid] = Entity(id=pid, type="PERSON", name=name, attributes={"state": st, "role": "Minister"})
        for w in self.weapons:
            out[w] = Entity(id=w, type="WEAPON_SYSTEM", name=w.split(":", 1)[1])
        return out

    def result(self, i: int, ents: dict[str, Entity]) -> DocumentResult:
        rng = random.Random(i * 7919 + 3)
        # an article is about one pair of states: its claims report that pair's events, now and then another's
        first = rng.choice(self.topics)
        own = self.by_dyad[frozenset(first[1:3])]
        picks = [first] + [self.topics[rng.choice(own)] if rng.random() < 0.95 else rng.choice(self.topics)
                           for _ in range(EVENTS_PER_DOC - 1)]
        sentences = []
        for k, (etype, a, b, _item, when) in enumerate(picks):
            words = " ".join(rng.choice(WORDS) for _ in range(8))
            sentences.append(f"Item {i}.{k}: State {a} and State {b} {etype.replace('_', ' ')} {words} in {when}.")
        text = " ".join(sentences)
        sha = f"{i:064x}"
        date = f"{rng.randint(1996, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc = Document(id=make_id("doc", sha), source=f"synthetic/{i:07d}.txt", sha256=sha, text=text,
                       stated_date=date, published=date, published_basis="stated", outlet=f"Outlet {i % 40}",
                       language="en")
        events, mentions, used = [], [], {}
        pos = 0
        for k, (etype, a, b, item, when) in enumerate(picks):
            sent = sentences[k]
            start, end = pos, pos + len(sent)
            pos = end + 1
            actor = f"STATE:{a}" if rng.random() < 0.9 else next(p for p, _, s in self.people if s == a)
            target = f"STATE:{b}"
            for x in (actor, target, item):
                if x:
                    used[x] = ents[x]
            a_at = text.index(f"State {a}", start)
            mentions.append(Mention(id=make_id("m", doc.id, k, "a"), document=doc.id, start=a_at,
                                    end=a_at + 6 + len(a), text=f"State {a}", label="STATE", entity=f"STATE:{a}",
                                    source="gazetteer"))
            b_at = text.index(f"State {b}", start)
            mentions.append(Mention(id=make_id("m", doc.id, k, "b"), document=doc.id, start=b_at,
                                    end=b_at + 6 + len(b), text=f"State {b}", label="STATE", entity=target,
                                    source="gazetteer"))
            used[f"STATE:{a}"] = ents[f"STATE:{a}"]
            status = rng.choices(("occurred", "planned", "expected", "ongoing", "alleged"), (80, 5, 5, 5, 5))[0]
            events.append(Event(
                id=make_id("ev", doc.id, k), document=doc.id, type=etype, evidence=Span(start, end, sent),
                status=status, actor=actor, target=target, item=item, when=TimeValue(when, when),
                quantity=Quantity(float(rng.choice((4, 8, 12, 24))), "unit") if item else None,
                attributed_to="author", certainty=1.0, rule="bench.synthetic.v1"))
        expl = (Explanation(id=make_id("x", doc.id), document=doc.id, cause="a border dispute",
                            evidence=Span(0, 20, text[:20]), event=events[0].id),)
        return DocumentResult(document=doc, mentions=tuple(mentions), entities=tuple(used.values()),
                              events=tuple(events), explanations=expl)

    def results(self, ents: dict[str, Entity]) -> Iterator[DocumentResult]:
        for i in range(self.docs):
            yield self.result(i, ents)


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return p50 * 1000, p95 * 1000


def _time(fn: Callable[[], Any], k: int) -> tuple[float, float, float]:
    times, rows = [], 0
    for _ in range(k):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        rows += len(out) if hasattr(out, "__len__") else 0
    p50, p95 = _percentiles(times)
    return p50, p95, rows / max(k, 1)


def build(url: str, synth: Synth, batch: int = 1000) -> dict[str, Any]:
    """Write the corpus through ``Store.write_results`` in batches; return the write figures."""
    store = open_store(url)
    ents = synth.entities()
    t0 = time.perf_counter()
    written = 0
    pending: list[DocumentResult] = []
    for r in synth.results(ents):
        pending.append(r)
        if len(pending) >= batch:
            store.write_results(pending, stop_on_error=True)
            written += sum(len(x.events) for x in pending)
            pending = []
    if pending:
        store.write_results(pending, stop_on_error=True)
        written += sum(len(x.events) for x in pending)
    wall = time.perf_counter() - t0
    store.close()
    return {"events": written, "documents": synth.docs, "write_s": wall, "events_per_s": written / wall}


def queries(url: str, synth: Synth, k: int) -> list[dict[str, Any]]:
    rng = random.Random(99)
    wb = Workbench(load_settings(db=url))
    store = wb.store
    st = synth.states
    types = TYPES
    arms_suppliers = [a for (t, a, _b, _i, _w) in synth.topics if t in ARMS]

    def year() -> str:
        return str(rng.randint(1995, 2024))

    def month() -> str:
        return f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}"

    doc_ids = [d for d, in store.engine.connect().exec_driver_sql(
        "SELECT id FROM documents ORDER BY id LIMIT 2000").fetchall()]
    plan: list[tuple[str, Callable[[], Any], bool]] = [
        ("events type+actor", lambda: store.events(type=rng.choice(types), actor=rng.choice(st)), True),
        ("events actor+period", lambda: store.events(actor=rng.choice(st), since=(y := year()), until=y), True),
        ("events target+type+since", lambda: store.events(target=rng.choice(st), type=rng.choice(types),
                                                          since=month()), True),
        ("events type+month", lambda: store.events(type=rng.choice(types), since=(m := month()), until=m), True),
        ("events document", lambda: store.events(document=rng.choice(doc_ids)), True),
        ("register supplier", lambda: wb.register(supplier=rng.choice(arms_suppliers)), True),
        ("register dyad", lambda: wb.register(supplier=rng.choice(arms_suppliers), recipient=rng.choice(st)), True),
        ("timeline dyad", lambda: wb.timeline(rng.sample(st, 2)), False),
        ("stories of entity", lambda: wb.entity_stories(f"STATE:{rng.choice(st)}"), False),
    ]
    if importlib.util.find_spec("claimgraph.views.search") is not None:
        plan.append(("search", lambda: wb.search(rng.choice(WORDS) + " " + rng.choice(WORDS), limit=20), False))
    out = []
    try:
        for name, fn, gated in plan:
            fn()  # warm: first-call costs (statement compilation, page cache)
            p50, p95, rows = _time(fn, k)
            out.append({"query": name, "p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "rows": round(rows, 1),
                        "acceptance": "p95 < 50 ms" if gated else ""})
    finally:
        wb.close()
    return out


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def run_backend(name: str, url: str, synth: Synth, k: int) -> dict[str, Any]:
    print(f"[{name}] writing {synth.docs * EVENTS_PER_DOC:,} events ...", file=sys.stderr, flush=True)
    figures = build(url, synth)
    print(f"[{name}] {figures['events_per_s']:,.0f} events/s; reconciling ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    with Workbench(load_settings(db=url)) as wb:
        counts = wb.reconcile(full=True)
    figures["reconcile_s"] = time.perf_counter() - t0
    figures["stories"] = counts.get("stories", 0)
    print(f"[{name}] reconcile {figures['reconcile_s']:.1f} s; querying ...", file=sys.stderr, flush=True)
    figures["queries"] = queries(url, synth, k)
    return figures


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = []
    for name, f in results.items():
        lines.append(f"{name}: {f['events']:,} events in {f['documents']:,} documents; write {f['events_per_s']:,.0f} "
                     f"events/s ({f['write_s']:.1f} s); full reconcile {f['reconcile_s']:.1f} s, "
                     f"{f['stories']:,} stories")
        lines.append(f"{'query':26} {'p50 ms':>8} {'p95 ms':>8} {'rows':>8}  acceptance")
        for q in f["queries"]:
            ok = ("ok" if q["p95_ms"] < 50 else "FAIL") if q["acceptance"] else ""
            lines.append(f"{q['query']:26} {q['p50_ms']:8.2f} {q['p95_ms']:8.2f} {q['rows']:8.1f}  "
                         f"{q['acceptance']} {ok}".rstrip())
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--pg", default=None, help="a PostgreSQL database URL to run on as well (emptied first)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--keep", default=None, help="folder for the SQLite store (kept); default a temporary one")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    synth = Synth(args.events)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench_store_") as tmp:
        if not args.skip_sqlite:
            folder = Path(args.keep or tmp)
            folder.mkdir(parents=True, exist_ok=True)
            db = folder / f"bench_{args.events}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            results["SQLite"] = run_backend("SQLite", str(db), synth, args.queries)
        if args.pg:
            _reset_pg(args.pg)
            results["PostgreSQL"] = run_backend("PostgreSQL", args.pg, synth, args.queries)
    header = (f"{args.events:,} events requested; {os.cpu_count()} CPUs, Python {platform.python_version()}, "
              f"queries={args.queries}")
    print(header)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps({"header": header, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
