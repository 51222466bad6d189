"""REST API latency: p50/p95 of the list endpoints and search on a store of N events (default 100,000).

    python benchmarks/bench_api.py [--events N] [--per-doc K] [--requests R] [--pg URL] [--db PATH] [--json FILE]

The store is built quickly and without NLP: synthetic documents (our own template sentences, one event claim
per sentence with its mentions) are written through ``Store.write_result`` (one transaction per document, the
search index kept in step), then ``Workbench.reconcile()`` computes stories, disputes and dates as after an
ingest. ``--db PATH`` keeps the SQLite store and reuses it when it already holds N events; ``--pg URL`` runs the
same on PostgreSQL (the database is emptied first unless it already holds the N events; the same documents are
written, and the derived layer the SQLite run computed is copied rather than reconciled again; ``--skip-sqlite
--db PATH`` reuses a kept SQLite store as that source).

The server is ``claimgraph serve`` in a subprocess (uvicorn on 127.0.0.1); requests go one at a time over a kept
connection. For every endpoint the first request after start is timed apart (``cold``: whole-store views such as
the register are computed then, and again after any write) and then ``--requests`` more (default 40) with varied
pages and filters (``warm``: p50/p95). The target of issue 9 is p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import httpx  # noqa: E402

from claimgraph.config import load_settings  # noqa: E402
from claimgraph.records import (  # noqa: E402
    Document,
    DocumentResult,
    Entity,
    Event,
    Mention,
    Money,
    Quantity,
    Span,
    TimeValue,
    make_id,
)
from claimgraph.workbench import Workbench  # noqa: E402

# Our own invented vocabulary: states, systems and outlets, and sentence templates per event type.
_STATES = [("RUS", "Russia"), ("CHN", "China"), ("IND", "India"), ("TUR", "Turkey"), ("FRA", "France"),
           ("EGY", "Egypt"), ("VNM", "Vietnam"), ("DZA", "Algeria"), ("IDN", "Indonesia"), ("BRA", "Brazil"),
           ("USA", "United States"), ("DEU", "Germany"), ("JPN", "Japan"), ("KOR", "South Korea"),
           ("PAK", "Pakistan"), ("IRN", "Iran"), ("SAU", "Saudi Arabia"), ("ISR", "Israel"), ("GBR", "United Kingdom"),
           ("ITA", "Italy")]
_SYSTEMS = ["S-400", "Su-30", "Rafale", "T-90", "BrahMos", "Mi-17", "Pantsir-S1", "Kilo submarine", "J-10",
            "Patriot", "F-16", "Leopard 2", "K9 howitzer", "Bayraktar TB2", "Tor-M2"]
_OUTLETS = ["Monitor A", "Review B", "Blog C", "Digest D", "Wire E", "Gazette F", "Courier G", "Journal H"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_TEMPLATES: list[tuple[str, str, bool]] = [  # (type, sentence, has item)
    ("arms_order", "{a} ordered {n} {item} for {b} in {month} {year}.", True),
    ("arms_delivery", "{a} delivered {n} {item} to {b} in {month} {year}.", True),
    ("arms_delivery_delay", "{a} held back {item} shipments to {b} in {month} {year}.", True),
    ("arms_cancellation", "{a} called off the {item} contract with {b} in {month} {year}.", True),
    ("loan", "{a} lent {b} about {n} hundred million dollars in {month} {year}.", False),
    ("visit", "The foreign minister of {a} visited {b} in {month} {year}.", False),
    ("meeting", "Leaders of {a} and {b} met in {month} {year}.", False),
    ("sanction", "{a} imposed sanctions on {b} in {month} {year}.", False),
    ("statement", "{a} said in {month} {year} that ties with {b} were improving.", False),
    ("trade", "{a} sold grain worth {n} million dollars to {b} in {month} {year}.", False),
]
STATUSES = ["occurred"] * 6 + ["expected", "planned", "alleged", "denied"]


def _entities() -> list[Entity]:
    out = [Entity(id=f"STATE:{code}", type="STATE", name=name, iso3=code) for code, name in _STATES]
    out += [Entity(id=f"WEAPON_SYSTEM:{s}", type="WEAPON_SYSTEM", name=s) for s in _SYSTEMS]
    return out


def synthetic_results(n_events: int, per_doc: int, seed: int = 9) -> list[DocumentResult]:
    """Documents of ``per_doc`` sentences, each one event claim with its actor and target mentions."""
    rng = random.Random(seed)
    entities = _entities()
    results = []
    for d in range(-(-n_events // per_doc)):
        count = min(per_doc, n_events - d * per_doc)
        sentences: list[tuple[str, dict[str, Any]]] = []
        for _ in range(count):
            (sa, a), (sb, b) = rng.sample(_STATES, 2)
            etype, template, has_item = rng.choice(_TEMPLATES)
            year, month = rng.randint(2005, 2024), rng.randrange(12)
            item = rng.choice(_SYSTEMS) if has_item else None
            n = rng.randint(2, 48)
            text = template.format(a=a, b=b, item=item, n=n, month=_MONTHS[month], year=year)
            sentences.append((text, {"type": etype, "actor": sa, "target": sb, "a": a, "b": b, "item": item,
                                     "n": n, "when": f"{year}-{month + 1:02d}", "status": rng.choice(STATUSES)}))
        body = " ".join(s for s, _ in sentences)
        published = f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sha = hashlib.sha256(body.encode()).hexdigest()
        doc = Document(id=make_id("doc", sha, published), source=f"bench/{d:06d}.txt", sha256=sha, text=body,
                       title=f"Report {d}: {sentences[0][1]['a']} and {sentences[0][1]['b']}",
                       outlet=rng.choice(_OUTLETS), published=published, stated_date=published,
                       published_basis="stated", language="en", media_type="text/plain")
        events, mentions, at = [], [], 0
        for text, s in sentences:
            start, end = at, at + len(text)
            at = end + 1
            for name, code in ((s["a"], s["actor"]), (s["b"], s["target"])):
                i = body.index(name, start)
                mentions.append(Mention(id=make_id("m", doc.id, i), document=doc.id, start=i, end=i + len(name),
                                        text=name, label="STATE", entity=f"STATE:{code}", source="gazetteer"))
            events.append(Event(
                id=make_id("ev", doc.id, start, s["type"]), document=doc.id, type=s["type"],
                evidence=Span(start, end, text), status=s["status"], actor=f"STATE:{s['actor']}",
                target=f"STATE:{s['target']}", item=f"WEAPON_SYSTEM:{s['item']}" if s["item"] else None,
                quantity=Quantity(s["n"], "unit") if s["item"] else None,
                value=Money(s["n"] * 1e6, "USD", s["n"] * 1e6) if s["type"] in ("trade", "loan") else None,
                when=TimeValue(s["when"]), rule="bench",
            ))
        results.append(DocumentResult(document=doc, mentions=tuple(mentions), entities=tuple(entities),
                                      events=tuple(events)))
    return results


def build_store(db: str, n_events: int, per_doc: int, derived_from: str | None = None) -> dict[str, float]:
    """Write the synthetic corpus into ``db`` (unless it already holds ``n_events``) and reconcile it.

    ``derived_from``: a store already built from the same corpus (the SQLite run): its derived layer (stories,
    disputes, dates, links) is copied with ``Store.replace_derived`` instead of computing the same again, since a
    full reconcile of 100,000 claims takes many minutes on a small machine and is not what is measured here.
    """
    with Workbench(load_settings(db=db)) as bench:
        have = bench.store.counts()["events"]
        if have == n_events and not bench.store.reconcile_pending():
            return {"write_s": 0.0, "reconcile_s": 0.0, "reused": 1.0}
        if have:
            raise SystemExit(f"{db} already holds {have} events: give a fresh --db")
        t0 = time.perf_counter()
        for result in synthetic_results(n_events, per_doc):
            bench.store.write_result(result)
        t1 = time.perf_counter()
        if derived_from is None:
            bench.reconcile()
        else:
            with Workbench(load_settings(db=derived_from)) as source:
                src = source.store
                if src.counts()["events"] != n_events:
                    raise SystemExit(f"{derived_from} does not hold the same {n_events} events")
                bench.store.replace_derived(
                    relations=src.relations(), document_dates=src.document_dates(), stories=src.stories(),
                    disputes=src.disputes(), explanations=src.explanations(), entity_links=src.entity_links(),
                    mention_links=src.mention_links(), claims_version=bench.store.claims_version())
        t2 = time.perf_counter()
    return {"write_s": t1 - t0, "reconcile_s": t2 - t1, "reused": 0.0, "copied": float(derived_from is not None)}


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _holds(db: str, n_events: int) -> bool:
    """Whether the store at ``db`` already holds ``n_events`` events with its derived layer up to date."""
    try:
        with Workbench(load_settings(db=db)) as bench:
            return bench.store.counts()["events"] == n_events and not bench.store.reconcile_pending()
    except Exception:  # an empty or foreign database is simply not reusable: build it afresh
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")}
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "--db", db, "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/", timeout=2)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _cases(rng: random.Random, doc_ids: list[str]) -> dict[str, Callable[[int], dict[str, Any]]]:
    """Endpoint -> params for request i (varied pages and filters, as a UI pages through a listing)."""
    states = [c for c, _ in _STATES]
    return {
        "documents": lambda i: {"path": "/api/documents", "limit": 50, "offset": rng.randrange(0, 2000)},
        "events": lambda i: {"path": "/api/events", "limit": 50, "offset": rng.randrange(0, 90_000)},
        "events type+actor": lambda i: {"path": "/api/events", "type": "arms_delivery", "actor": "RUS",
                                        "limit": 50, "offset": rng.randrange(0, 300)},
        "events since/until": lambda i: {"path": "/api/events", "since": "2014", "until": "2016", "limit": 50,
                                         "offset": rng.randrange(0, 5000)},
        "events document": lambda i: {"path": "/api/events", "document": rng.choice(doc_ids), "limit": 50},
        "events item+status": lambda i: {"path": "/api/events", "item": "S-400", "status": "occurred",
                                         "limit": 50, "offset": rng.randrange(0, 500)},
        "register": lambda i: {"path": "/api/register", "limit": 50, "offset": rng.randrange(0, 200)},
        "timeline": lambda i: {"path": "/api/timeline", "limit": 100, "offset": rng.randrange(0, 2000)},
        "timeline dyad": lambda i: {"path": "/api/timeline", "dyad": "RUS-CHN", "limit": 100},
        "stories": lambda i: {"path": "/api/stories", "limit": 50, "offset": rng.randrange(0, 5000)},
        "search": lambda i: {"path": "/api/search", "q": rng.choice(["S-400", "delivered", "sanctions",
                                                                    "grain", "visited"]) + " "
                             + rng.choice([n for _, n in _STATES]).split()[0], "limit": 20},
        "search claims+entity": lambda i: {"path": "/api/search", "q": rng.choice(_SYSTEMS).split()[0],
                                           "kind": "claims", "entity": rng.choice(states), "limit": 20},
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(base: str, requests: int, seed: int = 3) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    with httpx.Client(base_url=base, timeout=600) as client:
        doc_ids = [d["id"] for d in client.get("/api/documents", params={"limit": 1000}).json()["items"]]
        for name, make in _cases(rng, doc_ids).items():
            times: list[float] = []
            total = None
            for i in range(requests + 1):
                params = make(i)
                path = params.pop("path")
                t0 = time.perf_counter()
                r = client.get(path, params=params)
                elapsed = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    raise SystemExit(f"{name}: {r.status_code} {r.text[:200]}")
                total = r.json().get("total")
                times.append(elapsed)
            warm = times[1:]
            rows.append({"endpoint": name, "cold_ms": round(times[0], 1), "p50_ms": round(_pct(warm, 0.5), 1),
                         "p95_ms": round(_pct(warm, 0.95), 1), "max_ms": round(max(warm), 1), "total": total,
                         "requests": len(warm)})
    return rows


def _table(rows: list[dict[str, Any]]) -> str:
    cols = ["endpoint", "total", "cold_ms", "p50_ms", "p95_ms", "max_ms"]
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in cols]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines.append("-" * len(lines[0]))
    lines += ["  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def run(db: str, label: str, args: argparse.Namespace, derived_from: str | None = None) -> dict[str, Any]:
    build = build_store(db, args.events, args.per_doc, derived_from)
    proc, base = _serve(db)
    try:
        rows = measure(base, args.requests)
        peak_mb = _peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    worst = max(r["p95_ms"] for r in rows)
    print(f"\n{label}: {args.events:,} events in {-(-args.events // args.per_doc):,} documents; store built in "
          f"{build['write_s']:.1f} s, "
          f"{'derived layer copied' if build.get('copied') else 'reconciled'} in {build['reconcile_s']:.1f} s"
          f"{' (reused)' if build['reused'] else ''}; {args.requests} warm requests per endpoint")
    print(_table(rows))
    memory = f"; server peak memory {peak_mb:.0f} MB" if peak_mb else ""
    print(f"worst warm p95: {worst:.1f} ms ({'meets' if worst < 100 else 'misses'} the 100 ms target){memory}")
    return {"backend": label, "build": build, "rows": rows, "worst_p95_ms": worst, "server_peak_mb": peak_mb}


def _peak_rss_mb(pid: int) -> float | None:
    """The server's peak resident memory (Linux ``VmHWM``), or None where /proc does not say."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=20, help="events (sentences) per document (default 20)")
    parser.add_argument("--requests", type=int, default=40, help="warm requests per endpoint (default 40)")
    parser.add_argument("--db", default=None, help="SQLite path to build or reuse (default: a temporary file)")
    parser.add_argument("--pg", default=None, help="also run on this PostgreSQL URL (its tables are dropped)")
    parser.add_argument("--skip-sqlite", action="store_true", help="only the PostgreSQL run")
    parser.add_argument("--json", dest="json_out", default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    print(f"claimgraph API benchmark; {os.cpu_count()} CPUs, Python {platform.python_version()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_api_") as tmp:
        sqlite_db = args.db or str(Path(tmp) / "bench.db")
        if not args.skip_sqlite:
            results.append(run(sqlite_db, "SQLite", args))
        if args.pg:
            if not _holds(args.pg, args.events):
                _reset_pg(args.pg)  # a store of another size (or half built): start again
            source = sqlite_db if Path(sqlite_db).exists() else None  # copy its derived layer, if built
            results.append(run(args.pg, "PostgreSQL", args, derived_from=source))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"events": args.events, "results": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
