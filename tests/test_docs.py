"""Docs are tied to the code: the CLI reference is generated and fresh; every setting is documented."""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path

from claimgraph.config import SETTINGS_HELP, Settings

ROOT = Path(__file__).resolve().parents[1]


def test_docs_cli_reference_is_fresh() -> None:
    render = runpy.run_path(str(ROOT / "scripts" / "gen_cli_docs.py"))["render"]
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render(), "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_docs_every_setting_has_help() -> None:
    names = {f.name for f in dataclasses.fields(Settings)} - {"extra"}
    assert names == set(SETTINGS_HELP)


def test_docs_readme_commands_exist() -> None:
    from claimgraph.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in readme.splitlines():
        if line.startswith("claimgraph ") and not line.startswith("claimgraph is"):
            word = line.split()[1]
            if not word.startswith("-"):
                assert word in cli.commands, f"README uses unknown command {word!r}"
