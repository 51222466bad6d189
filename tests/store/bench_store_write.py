"""Write throughput of the store (not collected by pytest: run it by hand).

    PYTHONPATH=src python tests/store/bench_store_write.py                 # SQLite in a temp dir
    PYTHONPATH=src python tests/store/bench_store_write.py "$(scripts/pg.sh)"   # and PostgreSQL (wiped first!)

Writes N synthetic documents (50 mentions, 20 events each) as new, again (unchanged), and modified (updated),
committing per document, and prints documents/second for each phase: wall clock, and per second of this process's CPU (less sensitive to
a loaded machine; for PostgreSQL it leaves out the server's work).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))
from store_factory import make_result  # noqa: E402

from claimgraph.store import open_store  # noqa: E402


def _wipe_pg(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def bench(url: str, n: int = 50) -> dict[str, float]:
    results = [make_result(i, n_mentions=50, n_events=20) for i in range(n)]
    changed = [dataclasses.replace(r, mentions=r.mentions[:-1]) for r in results]
    rates: dict[str, float] = {}
    with open_store(url) as store:
        for phase, batch, expect in (("new", results, "new"), ("unchanged", results, "unchanged"),
                                     ("updated", changed, "updated")):
            start, cpu = time.perf_counter(), time.process_time()
            outcome = store.write_results(batch)
            rates[phase] = n / (time.perf_counter() - start)
            rates[f"{phase} (client cpu)"] = n / max(time.process_time() - cpu, 1e-9)
            assert outcome == {expect: n}, outcome
    return rates


def main() -> None:
    targets = [str(Path(tempfile.mkdtemp()) / "bench.db")] + sys.argv[1:2]
    for url in targets:
        for run in range(3):
            if url.startswith("postgres"):
                _wipe_pg(url)
            else:
                Path(url).unlink(missing_ok=True)
            rates = bench(url)
            kind = "postgresql" if url.startswith("postgres") else "sqlite"
            print(f"{kind:10s} run {run}: " + "  ".join(f"{k} {v:6.1f} docs/s" for k, v in rates.items()))


if __name__ == "__main__":
    main()
