"""Ingest the development set (../shared/dev) as a crawler hands pages over, export, and score it.

    python scripts/dev_set.py [--lang en|all|ru,zh] [--engine v1|v2] [--keep DIR] [--json]

Each text in ``../shared/dev/texts/<id>.txt`` (retrieved as ../shared/dev/README.md says; never committed) is
written to a temporary ``<id>.md`` with a front-matter header carrying its ``url``, then ingested into a fresh
SQLite store, exported, and scored with the reference ruler ``../shared/tools/score.py``. The table printed is
the ruler's own output, per document and overall.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", ROOT.parent / "shared"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", default="all", help="en, all, or a comma list of language codes")
    ap.add_argument("--engine", default=None, help="extraction engine setting (v1 rules only, v2 learned)")
    ap.add_argument("--keep", default=None, help="keep the store and export in this folder")
    ap.add_argument("--json", action="store_true", help="print the ruler's JSON report")
    args = ap.parse_args()

    dev = SHARED / "dev"
    sources = json.loads((dev / "sources.json").read_text(encoding="utf-8"))
    langs = None if args.lang == "all" else set(args.lang.split(","))
    picked = [s for s in sources if langs is None or s["language"] in langs]
    missing = [s["id"] for s in picked if not (dev / "texts" / f"{s['id']}.txt").exists()]
    if missing:
        sys.stderr.write(f"missing texts (retrieve them as ../shared/dev/README.md says): {', '.join(missing)}\n")
        return 2
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="claimgraph-dev-"))
    inputs = work / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for s in picked:
        text = (dev / "texts" / f"{s['id']}.txt").read_text(encoding="utf-8")
        url = s["url"].replace('"', "%22")
        (inputs / f"{s['id']}.md").write_text(f'---\nurl: "{url}"\n---\n{text}', encoding="utf-8")
    db = work / "dev.db"
    if db.exists():
        db.unlink()
    env = dict(os.environ)
    if args.engine:
        env["CLAIMGRAPH_EVENTS"] = args.engine
    cli = [sys.executable, "-m", "claimgraph", "--db", str(db)]
    subprocess.run([*cli, "ingest", str(inputs)], check=False, env=env, stdout=subprocess.DEVNULL)
    export = work / "export"
    subprocess.run([*cli, "export", str(export)], check=True, env=env, stdout=subprocess.DEVNULL)
    docs = ",".join(s["id"] for s in picked)
    cmd = [sys.executable, str(SHARED / "tools" / "score.py"), str(export), str(dev / "gold"), "--docs", docs]
    if args.json:
        cmd.append("--json")
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
