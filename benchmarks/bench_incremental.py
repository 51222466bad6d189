"""Incremental ingest: the first ingest of N documents against re-ingesting the same, unchanged N.

    python benchmarks/bench_incremental.py [--docs N] [--texts DIR] [--events v1|v2] [--repeat K] [--json FILE]

Default inputs: ``--docs`` (200) short articles generated here from our own templates (states, systems, numbers
and dates vary, so every text is distinct). ``--texts DIR`` uses the files under DIR instead, replicated up to
``--docs`` with a line that makes each copy a document of its own.

Measured end to end as ``claimgraph ingest`` runs it (``Workbench.ingest`` into a fresh SQLite store, reconcile
included), after a warm-up ingest into a throwaway store that loads the model and the rule caches:

(a) ``first``    every document is new: ingest, parse, extract, write, reconcile;
(b) ``again``    the same inputs once more: each one is recognised from the store's ingest log (source and bytes,
                 then cleaned text and date, with the settings that processed it) before any NLP;
(c) ``--force``  the same inputs re-processed in full (what a changed engine costs).

The ratio ``again / first`` is what issue 10 bounds (< 5%). With ``--repeat K`` every run is repeated K times on
fresh stores and the median is reported.

Adding documents to a large store (incremental reconcile):

    python benchmarks/bench_incremental.py --add 10 --base 1000,10000,100000 [--json FILE]

For each base size N a SQLite store is built from N synthetic documents (``bench_store.Synth``: ten claims each,
written through the Store's write path, no NLP) and fully reconciled (which also builds reconcile's index); then
``--add`` generated articles are ingested with the model (``Workbench.ingest(..., reconcile=False)``, timed as
``ingest``) and reconciled incrementally (``Workbench.reconcile()``, timed as ``incremental``), and finally the
same store is reconciled in full (``reconcile --full``, timed as ``full``) for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimgraph.config import load_settings  # noqa: E402
from claimgraph.workbench import Workbench  # noqa: E402

# Our own template text: nothing here is copied from an article.
_STATES = [("Russia", "Moscow"), ("India", "New Delhi"), ("China", "Beijing"), ("Turkey", "Ankara"),
           ("France", "Paris"), ("Egypt", "Cairo"), ("Vietnam", "Hanoi"), ("Algeria", "Algiers"),
           ("Indonesia", "Jakarta"), ("Brazil", "Brasilia")]
_SYSTEMS = ["S-400", "Su-30", "Rafale", "T-90", "BrahMos", "Mi-17", "Kilo-class submarines", "Pantsir-S1"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_OPENINGS = [
    "{buyer} has signed a contract with {seller} for {n} {system}, officials in {bcap} said on {day} {month}.",
    "{seller} will deliver {n} {system} to {buyer} under an agreement concluded in {year}, the defence ministry "
    "in {scap} announced.",
    "Officials in {bcap} confirmed that the first {system} ordered from {seller} arrived in {month} {year}.",
    "{buyer} is reportedly close to an order for {n} {system} from {seller}, according to people familiar with "
    "the talks.",
]
_MIDDLES = [
    "The deal is worth about ${value} billion, analysts estimated, although neither side disclosed the price.",
    "A spokesman for the ministry in {scap} said the equipment would be shipped by sea before the end of {year2}.",
    "The defence minister of {buyer} visited {scap} in {month} to discuss training for the crews.",
    "Officials in {bcap} said the purchase was not aimed at any third country.",
    "{third} criticised the agreement and said it was reviewing whether to impose sanctions on {buyer}.",
    "Both governments described the contract as part of a long partnership in defence industry.",
    "Deliveries are expected to begin in {year2}, the state exporter said in a statement.",
    "Local assembly of part of the order is planned at a plant near {bcap}.",
    "The talks had stalled in {year} over the terms of a loan that {seller} offered to finance the sale.",
]
_CLOSINGS = [
    "Neither ministry replied to requests for comment on the schedule.",
    "The agreement follows an earlier order for {m} {system2} that was completed in {year}.",
    "Analysts said more orders could follow if the first batch performs as promised.",
]


def generate(n: int, seed: int = 10) -> list[tuple[str, str]]:
    """``n`` distinct short articles as ``(file name, text)``, reproducible from ``seed``."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for i in range(n):
        seller, buyer, third = rng.sample(_STATES, 3)
        year = rng.randint(2008, 2024)
        slots = {
            "seller": seller[0], "scap": seller[1], "buyer": buyer[0], "bcap": buyer[1], "third": third[0],
            "system": rng.choice(_SYSTEMS), "system2": rng.choice(_SYSTEMS), "n": rng.randint(2, 48),
            "m": rng.randint(2, 24), "day": rng.randint(1, 28), "month": rng.choice(_MONTHS), "year": year,
            "year2": year + rng.randint(1, 3), "value": f"{rng.randint(3, 95) / 10:.1f}",
        }
        paragraphs = [rng.choice(_OPENINGS).format(**slots)]
        for _ in range(rng.randint(3, 5)):
            paragraphs.append(" ".join(t.format(**slots) for t in rng.sample(_MIDDLES, 2)))
        paragraphs.append(rng.choice(_CLOSINGS).format(**slots))
        head = f"{slots['month']} {slots['day']}, {year + 1}\n\n{buyer[0]} and {seller[0]}: report {i + 1}\n\n"
        out.append((f"{i:05d}_generated.txt", head + "\n\n".join(paragraphs) + "\n"))
    return out


def write_corpus(folder: Path, n: int, texts: Path | None) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    if texts is None:
        items = generate(n)
    else:
        files = sorted(p for p in texts.rglob("*") if p.is_file())
        if not files:
            raise SystemExit(f"no files under {texts}")
        items = []
        for i in range(n):
            src = files[i % len(files)]
            body = src.read_text(encoding="utf-8", errors="replace")
            items.append((f"{i:05d}_{src.stem}{src.suffix}", body + f"\n\nBenchmark copy {i}.\n"))
    for name, text in items:
        (folder / name).write_text(text, encoding="utf-8")
    return len(items)


def ingest(db: Path, corpus: Path, settings: Any, force: bool = False) -> tuple[float, float, Any]:
    """One ``Workbench.ingest`` (reconcile included): wall seconds, CPU seconds, the report."""
    with Workbench(settings.replace(db=str(db))) as bench:
        wall, cpu = time.perf_counter(), time.process_time()
        report = bench.ingest([str(corpus)], force=force, stdin=None)
        return time.perf_counter() - wall, time.process_time() - cpu, report


def add_documents(add: int, bases: Sequence[int], events: str | None, out: Path | None) -> int:
    """Time adding ``add`` articles to stores of each base size: ingest, incremental reconcile, full reconcile."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_store import EVENTS_PER_DOC, Synth, build

    settings = load_settings(events=events)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench_inc_add_") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "add"
        write_corpus(corpus, add, None)
        warm = tmp / "warm"
        write_corpus(warm, 3, None)
        ingest(tmp / "warm.db", warm, settings)  # model load and first-call caches stay out of the timings
        for n in bases:
            db = tmp / f"base_{n}.db"
            print(f"[base {n}] writing {n} synthetic documents ...", file=sys.stderr, flush=True)
            built = build(str(db), Synth(n * EVENTS_PER_DOC))
            with Workbench(settings.replace(db=str(db))) as bench:
                t0 = time.perf_counter()
                bench.reconcile(full=True)
                base_full = time.perf_counter() - t0
                print(f"[base {n}] full reconcile {base_full:.1f} s; adding {add} ...", file=sys.stderr, flush=True)
                t0 = time.perf_counter()
                report = bench.ingest([str(corpus)], reconcile=False, stdin=None)
                t_ingest = time.perf_counter() - t0
                t0 = time.perf_counter()
                counts = bench.reconcile()
                t_inc = time.perf_counter() - t0
                t0 = time.perf_counter()
                bench.reconcile(full=True)
                t_full = time.perf_counter() - t0
            rows.append({"base_documents": n, "base_events": built["events"], "added": add,
                         "ingest_s": t_ingest, "incremental_s": t_inc, "add_total_s": t_ingest + t_inc,
                         "full_s": t_full, "incremental": "dirty_documents" in counts, "counts": counts,
                         "outcome": report.summary()})
    head = ("base docs", "base events", "ingest s", "incremental s", "ingest+incr s", "full reconcile s",
            "incr/full")
    table = [head] + [(f"{r['base_documents']:,}", f"{r['base_events']:,}", f"{r['ingest_s']:.2f}",
                       f"{r['incremental_s']:.2f}" + ("" if r["incremental"] else " (full)"),
                       f"{r['add_total_s']:.2f}", f"{r['full_s']:.2f}", f"{r['incremental_s'] / r['full_s']:.3f}")
                      for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.insert(1, "-" * len(lines[0]))
    print(f"adding {add} generated articles; events={settings.events}; {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    print("\n".join(lines))
    if out:
        out.write_text(json.dumps({"added": add, "rows": rows}, indent=1, default=str), encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=200, help="documents in the corpus (default 200)")
    ap.add_argument("--texts", type=Path, help="replicate the files under this folder instead of generating")
    ap.add_argument("--events", choices=("v1", "v2"), default=None, help="event engine (default: settings)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each measurement on fresh stores; median")
    ap.add_argument("--skip-force", action="store_true", help="leave out the --force re-ingest")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--add", type=int, default=0, help="add this many documents to large stores (see --base)")
    ap.add_argument("--base", default="1000,10000,100000", help="with --add: base store sizes in documents")
    args = ap.parse_args(argv)
    if args.add:
        return add_documents(args.add, [int(x) for x in args.base.split(",") if x], args.events, args.json)

    settings = load_settings(events=args.events)
    rows: dict[str, list[tuple[float, float]]] = {"first": [], "again": [], "force": []}
    outcomes: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        n = write_corpus(corpus, args.docs, args.texts)
        chars = sum(p.stat().st_size for p in corpus.iterdir())
        print(f"{n} documents, {chars:,} bytes; events={settings.events}; {os.cpu_count()} CPUs, "
              f"Python {platform.python_version()}, repeat={args.repeat}", file=sys.stderr)
        warm = tmp / "warm"
        warm.mkdir()
        write_corpus(warm, 3, args.texts)
        ingest(tmp / "warm.db", warm, settings)  # model load and first-call caches stay out of the timings
        for k in range(max(1, args.repeat)):
            db = tmp / f"bench-{k}.db"
            for name, force in (("first", False), ("again", False), ("force", True)):
                if name == "force" and args.skip_force:
                    continue
                wall, cpu, report = ingest(db, corpus, settings, force=force)
                rows[name].append((wall, cpu))
                outcomes[name] = report.summary()
    measured = {k: v for k, v in rows.items() if v}
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in measured.items()}
    head = ("run", "docs", "median s", "cpu s", "docs/s", "of first", "outcome")
    table = [head]
    for name, (wall, cpu) in med.items():
        label = {"first": "first ingest", "again": "re-ingest unchanged", "force": "re-ingest --force"}[name]
        table.append((label, str(n), f"{wall:.3f}", f"{cpu:.3f}", f"{n / wall:.1f}" if wall else "-",
                      f"{100 * wall / med['first'][0]:.1f}%", outcomes[name]))
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.insert(1, "-" * len(lines[0]))
    ratio = med["again"][0] / med["first"][0]
    lines.append(f"re-ingest / first ingest: {ratio:.4f} ({100 * ratio:.2f}% of the first ingest's wall time; "
                 "issue 10 asks < 5%)")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({
            "docs": n, "bytes": chars, "events": settings.events, "cpus": os.cpu_count(), "repeat": args.repeat,
            "runs": {k: {"wall_s": [w for w, _ in v], "cpu_s": [c for _, c in v], "median_wall_s": med[k][0],
                         "median_cpu_s": med[k][1], "outcome": outcomes[k]} for k, v in measured.items()},
            "ratio_again_first": ratio,
        }, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
