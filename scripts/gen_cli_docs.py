"""Write docs/cli.md from the commands' own --help (run after changing a command; a test checks it is fresh).

    python scripts/gen_cli_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


def render() -> str:
    from claimgraph.cli import cli

    runner = CliRunner()
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `scripts/gen_cli_docs.py`; `tests/test_docs.py` fails when it is stale.",
        "",
        "```",
        runner.invoke(cli, ["--help"], terminal_width=100, prog_name="claimgraph").output.rstrip(),
        "```",
    ]
    for name in sorted(cli.commands):
        out = runner.invoke(cli, [name, "--help"], terminal_width=100, prog_name="claimgraph").output.rstrip()
        parts += ["", f"## claimgraph {name}", "", "```", out, "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    target = ROOT / "docs" / "cli.md"
    target.write_text(render(), encoding="utf-8")
    sys.stderr.write(f"wrote {target}\n")
