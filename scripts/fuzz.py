"""Fuzz every reader and normaliser with hostile input; print inputs / crashes / rejections per reader.

    python scripts/fuzz.py [--examples 10000] [--seed N] [--target NAME ...] [--show 3] [--json]

The targets and their strategies are those of ``tests/fuzz`` (``tests/fuzz/harness.py``: text, markdown, html,
jsonl, sources, dates, metadata, feeds (RSS/Atom/JSON Feed/sitemaps: ``tests/fuzz/feed_strategies.py``), timex,
quantities); the tests run a small seeded sample in CI, this runs the long campaign. A *crash* is an exception that escapes a reader, an internal
error that only ``to_document``'s last-resort handler caught, or a broken invariant (see the harness). Every other
input is counted under its outcome: ``ok``, or the ``skipped:*`` status and error code it was rejected with (a JSON
Lines file counts each of its records). The exit status is 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from fuzz.harness import TARGETS, Crash, Target  # noqa: E402 - after the path to tests/ is known

#: An input that takes longer than this is reported as slow (a hang or a quadratic pattern, not a crash).
SLOW_S = 2.0


@dataclass
class Tally:
    inputs: int = 0
    crashes: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    slow: int = 0
    max_s: float = 0.0
    seconds: float = 0.0
    crash_kinds: Counter[str] = field(default_factory=Counter)
    crash_examples: dict[str, str] = field(default_factory=dict)  # kind -> the shortest input found
    slow_examples: list[tuple[float, str]] = field(default_factory=list)


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def run_target(target: Target, examples: int, seed_value: int | None, workdir: Path, show: int) -> Tally:
    tally = Tally()

    def probe(case: Any) -> None:
        started = time.perf_counter()
        try:
            labels = target.run(case, workdir)
        except Crash as exc:
            tally.crashes += 1
            kind = re.sub(r"\d+", "N", str(exc))[:100]
            tally.crash_kinds[kind] += 1
            shown = _short(case)
            if len(tally.crash_kinds) <= show and len(shown) < len(
                tally.crash_examples.get(kind, shown + "x")
            ):
                tally.crash_examples[kind] = shown
            labels = []
        spent = time.perf_counter() - started
        tally.inputs += 1
        tally.seconds += spent
        tally.max_s = max(tally.max_s, spent)
        if spent > SLOW_S:
            sys.stderr.write(f"fuzz: {target.name}: slow input ({spent:.1f} s): {_short(case, 200)}\n")
            tally.slow += 1
            tally.slow_examples = sorted([*tally.slow_examples, (spent, _short(case, 160))], reverse=True)[
                :show
            ]
        tally.outcomes.update(labels)

    test = settings(
        max_examples=examples,
        derandomize=seed_value is None,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # outcomes are counted, never raised: nothing to shrink
        suppress_health_check=list(HealthCheck),
    )(given(target.strategy)(probe))
    if seed_value is not None:
        test = seed(seed_value)(test)
    test()
    return tally


def _rejections(tally: Tally) -> str:
    rejected = {k: v for k, v in tally.outcomes.items() if k != "ok" and not k.startswith(("value", "none"))}
    return ", ".join(f"{k}: {v}" for k, v in sorted(rejected.items(), key=lambda kv: -kv[1])) or "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=10_000, help="inputs per target (default 10000)")
    ap.add_argument(
        "--seed", type=int, default=None, help="random seed (default: derandomized, the same every run)"
    )
    ap.add_argument(
        "--target", action="append", choices=sorted(TARGETS), help="only these targets (repeatable)"
    )
    ap.add_argument("--show", type=int, default=3, help="crashing and slow inputs to show per target")
    ap.add_argument("--json", action="store_true", help="one JSON object per target instead of the table")
    args = ap.parse_args(argv)
    for name in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "claimgraph"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1 if name != "claimgraph" else logging.WARNING)
    logging.getLogger("claimgraph").propagate = False  # the harness's own handler still sees its warnings

    names = args.target or list(TARGETS)
    results: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory(prefix="claimgraph-fuzz-") as tmp:
        for name in names:
            results[name] = run_target(TARGETS[name], args.examples, args.seed, Path(tmp), args.show)
            t = results[name]
            if args.json:
                _out(json.dumps({"target": name, "kind": TARGETS[name].kind, "inputs": t.inputs, "crashes": t.crashes,
                                 "outcomes": dict(t.outcomes), "slow": t.slow, "max_s": round(t.max_s, 3),
                                 "seconds": round(t.seconds, 1), "crashes_by_kind": dict(t.crash_kinds)}))  # fmt: skip
            else:
                sys.stderr.write(f"fuzz: {name}: {t.inputs} inputs, {t.crashes} crashes, {t.seconds:.0f} s\n")
    if not args.json:
        _out(f"{'target':<11} {'kind':<10} {'inputs':>7} {'crashes':>7} {'ok':>7} {'slow':>5} {'max s':>6}  "
             "rejected with reason (records) / outcomes")  # fmt: skip
        for name, t in results.items():
            kind = TARGETS[name].kind
            ok = t.outcomes.get("ok", 0)
            detail = _rejections(t) if kind == "reader" and name not in ("dates", "metadata") else ", ".join(
                f"{k}: {v}" for k, v in t.outcomes.most_common(6))  # fmt: skip
            _out(
                f"{name:<11} {kind:<10} {t.inputs:>7} {t.crashes:>7} {ok:>7} {t.slow:>5} {t.max_s:>6.2f}  {detail}"
            )
        for name, t in results.items():
            for kind, case in t.crash_examples.items():
                _out(f"\nCRASH {name} (x{t.crash_kinds[kind]}): {kind}\n  input: {case}")
            for spent, case in t.slow_examples:
                _out(f"\nSLOW {name}: {spent:.1f} s\n  input: {case}")
    return 1 if any(t.crashes for t in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
