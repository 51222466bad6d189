"""Hypothesis profiles for the fuzz suite, and a scratch folder for the readers that need real files.

* ``ci`` (the default for ``tests/fuzz``): a few hundred examples per reader, derandomized (the same inputs on every
  run), no example database, no deadline: the whole folder stays well under a minute on two cores.
* ``long``: 10,000 examples per reader with a fresh random seed per run (pass ``--hypothesis-seed=N`` to replay):
  ``python -m pytest tests/fuzz -p no:cacheprovider --hypothesis-profile=long``. ``scripts/fuzz.py --examples 10000``
  runs the same targets and prints inputs / crashes / rejections with their reasons per reader.
* ``dev``: a quick random look (50 examples) while writing a strategy.

The profiles are applied per test (``harness.fuzz_settings()``), not loaded globally, so the rest of the suite keeps
hypothesis' own defaults.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

CI_EXAMPLES = 300
LONG_EXAMPLES = 10_000

_COMMON = {
    "deadline": None,  # input sizes vary by orders of magnitude; hangs are caught by pytest-timeout instead
    "database": None,  # nothing written under .hypothesis/
    "print_blob": True,  # a failure prints the blob that replays it (@reproduce_failure)
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],  # fmt: skip
}
settings.register_profile("ci", max_examples=CI_EXAMPLES, derandomize=True, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("long", max_examples=LONG_EXAMPLES, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("dev", max_examples=50, **_COMMON)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the files the file readers are given (one per module: hypothesis forbids per-test fixtures)."""
    return tmp_path_factory.mktemp("fuzz")
