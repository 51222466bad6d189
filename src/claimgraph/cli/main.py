"""The command group, its global options, and error handling at the boundary.

Exit codes: 0 ok, 1 some inputs failed (or a claimgraph error), 2 usage error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import click

from .. import __version__
from ..errors import WorkbenchError

__all__ = ["cli", "main", "open_bench", "WRITE_COMMANDS"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.option(
    "--db",
    envvar="CLAIMGRAPH_DB",
    default="claimgraph.db",
    show_default=True,
    help="The store: a SQLite path or a postgresql:// URL (env CLAIMGRAPH_DB).",
)
@click.option("-v", "--verbose", count=True, help="More logging on stderr (-v info, -vv debug).")
@click.version_option(__version__, "--version", prog_name="claimgraph")
@click.pass_context
def cli(ctx: click.Context, db: str, verbose: int) -> None:
    """claimgraph: turn international-relations reporting into a source-cited knowledge base of claims.

    \b
    Examples:
      claimgraph demo                          # build a knowledge base from the bundled demo corpus
      claimgraph ingest articles/              # files, folders or '-' for stdin
      claimgraph documents --table
      claimgraph events --type arms_delivery --table
      claimgraph show 000_a9a9c49f7c47a144
      claimgraph export out/
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    ctx.ensure_object(dict)
    ctx.obj["db"] = db


WRITE_COMMANDS = frozenset({"ingest", "demo", "fetch", "feeds", "watch", "serve"})
"""Commands that may create the store; every other command reads and refuses a store no ingest wrote to."""


def open_bench(ctx: click.Context, *, create: bool | None = None, **settings: Any) -> Any:
    """Open the workbench for the group's ``--db`` with command-specific settings.

    ``create`` (default: whether the command is in :data:`WRITE_COMMANDS`) lets a missing store be created; a
    read command on a path with no knowledge base fails with ``no knowledge base at PATH: run claimgraph ingest
    first`` (exit 1) instead of creating an empty file.
    """
    from ..errors import StoreError
    from ..workbench import open_workbench

    if create is None:
        create = ctx.find_root().invoked_subcommand in WRITE_COMMANDS
    try:
        bench = open_workbench(ctx.obj["db"], create=create, **settings)
    except StoreError as exc:
        if exc.context.get("missing"):
            raise click.ClickException(exc.message) from None
        raise
    ctx.call_on_close(bench.close)
    return bench


def _register_commands() -> None:
    from . import browse, corpus, ingest, views

    for module in (ingest, browse, corpus, views):
        for command in module.COMMANDS:
            cli.add_command(command)
    from . import serve  # claimgraph serve: fastapi and uvicorn are imported only when it runs
    for command in serve.COMMANDS:
        cli.add_command(command)
    from . import live  # claimgraph fetch / feeds / watch: httpx is imported only when they run
    for command in live.COMMANDS:
        cli.add_command(command)
    from . import search  # claimgraph search / ask
    for command in search.COMMANDS:
        cli.add_command(command)
    from . import review  # claimgraph review ... / reviews
    for command in review.COMMANDS:
        cli.add_command(command)


_register_commands()


def main(argv: list[str] | None = None) -> Callable[..., Any] | None:
    """Console-script entry point: claimgraph errors become a one-line message and exit code 1."""
    try:
        # Without standalone mode click *returns* the code of ctx.exit(n) instead of exiting: pass it on.
        code = cli.main(args=argv, prog_name="claimgraph", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except WorkbenchError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    return None
