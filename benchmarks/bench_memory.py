"""Peak memory of ``claimgraph ingest`` as the corpus grows: flat if ingest streams, growing if it holds the corpus.

    python benchmarks/bench_memory.py [--docs 1000,5000] [--seed S] [--reconcile] [--events v1|v2]
                                      [--processes N] [--json FILE]
    python benchmarks/bench_memory.py --docs 10000,100000          # issue 10's sizes (hours on 2 CPUs)

For each size, ``benchmarks/gen_corpus.py`` writes that many articles and ``claimgraph ingest`` runs on them as a
subprocess into a fresh SQLite store (``--no-reconcile`` unless ``--reconcile``: the corpus-level pass reads the
whole store by design, which is a different question from whether ingest streams). Its peak resident set size
is what the kernel reports for the finished child (``os.wait4``'s ``ru_maxrss``: the largest of the process and
of the worker processes it waited for, not their sum), alongside the wall time and the docs/s.

The figure issue 10 bounds: the peak at the largest size within 20% of that at the smallest (10,000 and 100,000
documents there). Each size's corpus is generated outside the timing and deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import Generator  # noqa: E402

#: Most growth issue 10 allows between the smallest and the largest size.
ALLOWED_GROWTH = 0.20


@dataclass
class Point:
    docs: int
    peak_rss_mb: float
    seconds: float
    docs_per_s: float
    exit_code: int
    summary: str


def _ints(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of integers, got {text!r}") from exc
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("every value must be >= 1")
    return sorted(values)


def measure(corpus: Path, db: Path, docs: int, args: argparse.Namespace) -> Point:
    """Run ``claimgraph ingest`` on ``corpus`` in a child process; its peak RSS from the kernel's accounting."""
    command = [sys.executable, "-m", "claimgraph", "--db", str(db), "ingest", "--silent", str(corpus)]
    if not args.reconcile:
        command.append("--no-reconcile")
    if args.events:
        command += ["--events", args.events]
    if args.processes > 1:
        command += ["--processes", str(args.processes)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMGRAPH_")}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        seconds = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    summary = next((ln for ln in lines if " documents (" in ln), lines[-1] if lines else "")
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Point(docs, peak_mb, seconds, docs / seconds if seconds else float("nan"), child.returncode, summary)


def render(points: Sequence[Point], reconcile: bool) -> tuple[str, float]:
    head = ("docs", "peak RSS MB", "wall s", "docs/s", "exit", "ingest")
    rows = [head] + [(str(p.docs), f"{p.peak_rss_mb:.0f}", f"{p.seconds:.1f}", f"{p.docs_per_s:.1f}",
                      str(p.exit_code), p.summary) for p in points]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    growth = points[-1].peak_rss_mb / points[0].peak_rss_mb - 1 if len(points) > 1 else 0.0
    verdict = "within" if growth <= ALLOWED_GROWTH else "OVER"
    lines.append(f"peak at {points[-1].docs} docs vs {points[0].docs} docs: {100 * growth:+.1f}% ({verdict} the "
                 f"{100 * ALLOWED_GROWTH:.0f}% issue 10 allows); reconcile {'included' if reconcile else 'left out'}")
    return "\n".join(lines), growth


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--docs", type=_ints, default=[1000, 5000], help="corpus sizes (default 1000,5000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--reconcile", action="store_true", help="include the corpus-level reconcile pass")
    ap.add_argument("--events", choices=("v1", "v2"), default=None, help="event engine (default: the settings')")
    ap.add_argument("--processes", type=int, default=1, help="ingest worker processes (default 1)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = ap.parse_args(argv)

    print(f"sizes {args.docs}, seed {args.seed}; {os.cpu_count()} CPUs, Python {platform.python_version()}",
          file=sys.stderr)
    points: list[Point] = []
    with tempfile.TemporaryDirectory(prefix="cg_mem_") as tmp:
        for docs in args.docs:
            corpus, db = Path(tmp) / f"corpus-{docs}", Path(tmp) / f"kb-{docs}.db"
            Generator(seed=args.seed).write(corpus, docs)
            points.append(measure(corpus, db, docs, args))
            print(f"  {docs} docs: peak {points[-1].peak_rss_mb:.0f} MB in {points[-1].seconds:.0f} s",
                  file=sys.stderr)
            shutil.rmtree(corpus)
            db.unlink(missing_ok=True)
    table, growth = render(points, args.reconcile)
    print(table)
    if args.json:
        args.json.write_text(json.dumps({"points": [asdict(p) for p in points], "growth": growth,
                                         "reconcile": args.reconcile, "seed": args.seed, "cpus": os.cpu_count()},
                                        indent=1), encoding="utf-8")
    return 0 if all(p.exit_code in (0, 1) for p in points) else 1


if __name__ == "__main__":
    raise SystemExit(main())
