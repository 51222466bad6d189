"""The benchmark script runs end to end on a tiny folder (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_pipeline.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_pipeline", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_pipeline"] = module
    spec.loader.exec_module(module)
    return module


def test_bench_render_reports_ratios() -> None:
    bench = _load()
    bare = bench.Measure("bare spaCy", docs=10, chars=10_000, seconds=[2.0], cpu=[1.8])
    one = bench.Measure("full 1 proc", docs=10, chars=10_000, seconds=[4.0], cpu=[2.0],
                        stages={"nlp": 3.0, "extract": 1.0})
    two = bench.Measure("full 2 procs", docs=10, chars=10_000, seconds=[2.5])
    i1 = bench.Measure("ingest 1 proc", docs=10, chars=10_000, seconds=[5.0])
    i2 = bench.Measure("ingest 2 procs", docs=10, chars=10_000, seconds=[2.9])
    table = bench.render([bare, one, two, i1, i2])
    assert "full/bare throughput: 0.90 by CPU time, 0.50 by wall time" in table
    assert "2-proc/1-proc docs/s: 1.60" in table
    assert "ingest 2-proc/1-proc: 1.72" in table
    assert "nlp 75%" in table


@pytest.mark.model
def test_bench_main_runs_on_a_small_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load()
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Russia and India signed a deal in 2018. Item {i} was delivered.",
                                           encoding="utf-8")
    assert bench.main(["--texts", str(tmp_path), "--skip-processes", "--repeat", "1",
                       "--json", str(tmp_path / "b.json")]) == 0
    out = capsys.readouterr().out
    assert "bare spaCy" in out and "full 1 proc" in out and "ingest 1 proc" in out
    assert (tmp_path / "b.json").read_text(encoding="utf-8").startswith("[")
