"""Throughput of the runners (local processes, Ray actors) against bare spaCy on the same generated texts.

    python benchmarks/bench_throughput.py [--docs N] [--seed S] [--processes-list 1,2] [--ray-workers-list 2]
                                          [--repeat K] [--events v1|v2] [--skip-ray] [--json FILE]

Inputs: ``--docs`` (default 300) articles from ``benchmarks/gen_corpus.py`` (seed ``--seed``), read the way
``claimgraph ingest`` reads them. Measured in one run, repeats interleaved so machine load hits all alike:

* ``bare spaCy``: ``nlp.pipe`` of the model claimgraph uses over ingest's cleaned texts (``bench_pipeline``'s
  baseline, imported from there);
* ``local N``: ``claimgraph.pipeline.run`` with ``processes=N`` for each N of ``--processes-list`` (the local
  runner of ``claimgraph ingest --engine local --processes N``; a process pool per run, as ingest starts one);
* ``ray W``: :class:`claimgraph.runners.ray.RayRunner` with ``W`` actors on a local Ray cluster of
  ``max(--ray-workers-list)`` CPUs, for each W of ``--ray-workers-list``. The cluster and the actors (one model
  load each) are started once before the timed runs, as a long-lived cluster serves many ingests; the start-up
  time is printed in the run's note.

No store is written: this compares the runners that map ``process_document``; end-to-end ingest into SQLite is
``bench_pipeline.py``'s. Ratios printed: each run's docs/s over bare spaCy's, ``local N / local 1`` (the scaling
curve: use ``--processes-list 1,2,4,8,16`` on a larger machine) and ``ray W / local W`` (issue 10 asks >= 0.85
for W = 2).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import (  # noqa: E402  (also puts ../src on sys.path)
    Measure,
    Runner,
    bare_runner,
    clean_texts,
    finish_full,
    full_runner,
    read_raws,
)
from gen_corpus import Generator  # noqa: E402

from claimgraph.config import Settings, load_settings  # noqa: E402
from claimgraph.records import Document, RawDocument  # noqa: E402


def _ints(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of integers, got {text!r}") from exc
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("every value must be >= 1")
    return values


def ray_runner(raws: list[RawDocument | Document], settings: Settings, workers: int) -> tuple[Runner, Any]:
    """A warm Ray runner (cluster started, actors loaded) and the measured body mapping ``raws`` through it."""
    import ray

    from claimgraph.runners.ray import RayRunner

    start = time.perf_counter()
    runner = RayRunner(workers=workers)
    list(runner.run(raws[: 8 * workers], settings))  # starts the actors; each loads the model once
    ready = time.perf_counter() - start
    assert ray.is_initialized()

    def body() -> list[tuple[str, int, dict[str, float]]]:
        return [(r.document.status, len(r.document.text), dict(r.timings)) for r in runner.run(raws, settings)]

    return Runner(Measure(f"ray {workers}", note=f"actors ready in {ready:.1f} s"), body), runner


def render(measures: Sequence[Measure]) -> tuple[str, dict[str, float]]:
    by = {m.name: m for m in measures}
    bare = by.get("bare spaCy")
    head = ("run", "docs", "chars", "median s", "docs/s", "chars/s", "x bare", "note")
    rows = [head]
    for m in measures:
        ratio = m.chars_per_s / bare.chars_per_s if bare and bare.seconds and m.seconds else float("nan")
        rows.append((m.name, str(m.docs), str(m.chars), f"{m.median:.3f}", f"{m.docs_per_s:.1f}",
                     f"{m.chars_per_s:,.0f}", f"{ratio:.2f}", m.note))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    ratios: dict[str, float] = {}
    one = by.get("local 1")
    for m in measures:
        if m.name.startswith("local ") and one and m is not one and m.seconds and one.seconds:
            ratios[f"{m.name} / local 1"] = m.docs_per_s / one.docs_per_s
        if m.name.startswith("ray "):
            local = by.get("local " + m.name.split()[1])
            if local and local.seconds and m.seconds:
                ratios[f"{m.name} / {local.name}"] = m.docs_per_s / local.docs_per_s
    for name, value in ratios.items():
        goal = "  (issue 10 asks >= 0.85)" if name == "ray 2 / local 2" else ""
        lines.append(f"{name} docs/s: {value:.2f}{goal}")
    return "\n".join(lines), ratios


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=300, help="generated articles (default 300)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--processes-list", type=_ints, default=[1, 2], help="local process counts (default 1,2)")
    ap.add_argument("--ray-workers-list", type=_ints, default=[2], help="Ray actor counts (default 2)")
    ap.add_argument("--skip-ray", action="store_true", help="leave out the Ray runs")
    ap.add_argument("--events", choices=("v1", "v2"), default=None, help="event engine (default: the settings')")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per measurement, interleaved; median")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = ap.parse_args(argv)

    settings = load_settings(events=args.events)
    ray_cluster = False
    ray_runners: list[Any] = []
    with tempfile.TemporaryDirectory(prefix="cg_tp_") as tmp:
        corpus = Path(tmp) / "corpus"
        Generator(seed=args.seed).write(corpus, args.docs)
        paths = sorted(p for p in corpus.rglob("*") if p.is_file())
        raws = read_raws(paths, settings)
        texts = clean_texts(raws, settings)
        print(f"{len(raws)} generated documents (seed {args.seed}), {sum(map(len, texts)):,} chars; events="
              f"{settings.events}; {os.cpu_count()} CPUs, Python {platform.python_version()}, repeat={args.repeat}",
              file=sys.stderr)
        runners = [bare_runner(texts, settings)]
        runners += [full_runner(raws, settings, n, f"local {n}") for n in args.processes_list]
        try:
            if not args.skip_ray:
                import ray

                ray.init(address="local", num_cpus=max(args.ray_workers_list), include_dashboard=False,
                         logging_level=logging.WARNING)
                ray_cluster = True
                for w in args.ray_workers_list:
                    runner, rr = ray_runner(raws, settings, w)
                    runners.append(runner)
                    ray_runners.append(rr)
            for _ in range(max(1, args.repeat)):
                for runner in runners:
                    try:
                        runner.run_once()
                    except Exception as exc:  # report a broken measurement instead of dying
                        runner.measure.note = f"unavailable: {type(exc).__name__}: {exc}"
                        traceback.print_exc(file=sys.stderr)
        finally:
            for rr in ray_runners:
                rr.close()
            if ray_cluster:
                import ray

                ray.shutdown()
    for runner in runners[1:]:
        note = runner.measure.note
        finish_full(runner)
        if runner.measure.name.startswith("ray"):
            runner.measure.note = f"{runner.measure.note}; {note}"
    measures = [r.measure for r in runners]
    table, ratios = render(measures)
    print(table)
    if args.json:
        args.json.write_text(json.dumps({
            "docs": len(raws), "seed": args.seed, "events": settings.events, "cpus": os.cpu_count(),
            "repeat": args.repeat,
            "runs": [{"run": m.name, "docs": m.docs, "chars": m.chars, "seconds": m.seconds, "median_s": m.median,
                      "docs_per_s": m.docs_per_s, "chars_per_s": m.chars_per_s, "note": m.note} for m in measures],
            "ratios": ratios,
        }, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
