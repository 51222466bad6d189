"""Corpus-level commands: ``reconcile``, ``export``, ``eval`` and the analyst's views."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .main import open_bench

__all__ = ["COMMANDS"]


@click.command("reconcile")
@click.option("--full", is_flag=True, help="Recompute everything instead of only what changed since the last "
              "reconcile (the result is the same; this also rebuilds reconcile's index).")
@click.pass_context
def reconcile_cmd(ctx: click.Context, full: bool) -> None:
    """Recompute the cross-document layer: re-posts, dates, entity merges, stories, disputes.

    Ingest runs it automatically; run it by hand after ``ingest --no-reconcile``. It is incremental: only what
    documents added or changed since the last reconcile can touch is recomputed.

    \b
    Examples:
      claimgraph reconcile
      claimgraph reconcile --full
    """
    bench = open_bench(ctx)
    counts = bench.reconcile(full=full)
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()), err=True)


@click.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["jsonl", "csv", "parquet", "ftm", "plover", "sipri"]),
    default=("jsonl",),
    show_default=True,
    help="Repeat for several formats. ftm: FollowTheMoney entities for Aleph; plover: PLOVER-style events; "
    "sipri: the register in SIPRI's column order.",
)
@click.pass_context
def export_cmd(ctx: click.Context, out_dir: str, formats: tuple[str, ...]) -> None:
    """Export the knowledge base: documents, entities, events, stories, disputes, explanations.

    Exports show the claims as the reviews leave them (see 'claimgraph reviews').

    \b
    Examples:
      claimgraph export out/
      claimgraph export out/ --format jsonl --format parquet
      claimgraph export out/ --format ftm --format plover --format sipri
    """
    bench = open_bench(ctx)
    written = bench.export(Path(out_dir), formats)
    for name, path in sorted(written.items()):
        click.echo(f"{name}\t{path}")


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--floors", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A floors JSON file; exit 1 if any figure falls below its floor.")
@click.option("--json", "as_json", is_flag=True, help="The full report as JSON.")
@click.pass_context
def eval_cmd(ctx: click.Context, gold_dir: str, floors: str | None, as_json: bool) -> None:
    """Score the knowledge base against gold annotations (the format of shared/gold).

    Reports strict and lenient event precision/recall/F1, attribution and hedging accuracy on matched events,
    entity recall by type and document-date accuracy.

    \b
    Examples:
      claimgraph ingest ../shared/seeds && claimgraph eval ../shared/gold
      claimgraph eval ../shared/gold --floors tests/eval/floors.json
    """
    from ..evaluate import check_floors

    bench = open_bench(ctx)
    report = bench.evaluate(Path(gold_dir))
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=1, default=str))
    else:
        click.echo(report.to_table())
    if floors:
        violations = check_floors(report, json.loads(Path(floors).read_text()))
        for v in violations:
            click.echo(f"below floor: {v}", err=True)
        if violations:
            ctx.exit(1)


COMMANDS = [reconcile_cmd, export_cmd, eval_cmd]
