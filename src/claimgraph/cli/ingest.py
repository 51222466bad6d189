"""``claimgraph ingest`` and ``claimgraph demo``."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..config import EVENT_ENGINES
from .main import open_bench

__all__ = ["COMMANDS"]


def _progress_bar(total: int | None, silent: bool) -> Any:
    from tqdm import tqdm

    # tqdm disables itself off a terminal when disable=None.
    return tqdm(total=total, unit="doc", file=sys.stderr, disable=True if silent else None, leave=False)


def _report(report: Any) -> None:
    click.echo(report.summary(), err=True)
    for source, status, error in report.failures:
        click.echo(f"  skipped {source}: {status} {error}", err=True)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("-p", "--processes", type=click.IntRange(1, 64), default=None, help="Worker processes (default 1).")
@click.option("--engine", type=click.Choice(("local", "ray")), default="local", show_default=True,
              help="Where documents are processed: this machine's processes, or actors on a Ray cluster.")
@click.option("--address", default=None, metavar="ADDR",
              help="With --engine ray: an existing cluster ('auto', 'HOST:6379', 'ray://HOST:10001'); "
                   "default: start a local one.")
@click.option("--workers", type=click.IntRange(1, 4096), default=None,
              help="With --engine ray: actors, one model load each (default: the cluster's CPUs).")
@click.option("--max-bytes", type=click.IntRange(1), default=None, help="Skip files larger than this (default 10 MB).")
@click.option("--encoding", default=None, help="Force a text encoding, e.g. latin-1 (default: detect).")
@click.option("--time-budget", type=float, default=None, help="Seconds one document may take (default 120).")
@click.option("--batch-size", type=click.IntRange(1), default=None, help="Documents per spaCy batch.")
@click.option("--events", type=click.Choice(EVENT_ENGINES), default=None,
              help="Event extractor: v2 the trained layer over the rules (default), v1 rules only.")
@click.option("--force", is_flag=True, help="Process inputs already in the store again (default: skip them).")
@click.option("--no-reconcile", is_flag=True, help="Skip the cross-document pass after ingesting.")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    processes: int | None,
    engine: str,
    address: str | None,
    workers: int | None,
    max_bytes: int | None,
    encoding: str | None,
    time_budget: float | None,
    batch_size: int | None,
    events: str | None,
    force: bool,
    no_reconcile: bool,
    silent: bool,
) -> None:
    """Ingest files, folders (recursive) or '-' (stdin) into the knowledge base.

    Text, Markdown (with YAML front matter), HTML and JSON Lines of article records are read; binary, empty or
    oversized inputs are skipped with a reason. Exit code 1 if any input could not be used.

    Inputs already in the store (the same source and bytes, or the same clean text and date), processed with
    the same settings, are skipped before any NLP and counted as unchanged; --force processes them again.
    Changing a setting that shapes extraction (--events, the model) makes every input count as changed.

    \b
    Examples:
      claimgraph ingest ../shared/seeds/
      claimgraph --db kb.db ingest --processes 2 articles/ feed.jsonl
      claimgraph ingest --events v1 --force articles/
      cat article.txt | claimgraph ingest -
      claimgraph ingest --engine ray --workers 4 articles/
      claimgraph --db postgresql://host/kb ingest --engine ray --address auto articles/
    """
    from ..runners import make_runner

    if engine != "ray" and (address is not None or workers is not None):
        raise click.UsageError("--address and --workers need --engine ray (the local engine uses --processes)")
    if engine == "ray" and processes is not None:
        raise click.UsageError("--processes is for --engine local; with --engine ray use --workers")
    runner = make_runner(engine, address=address, workers=workers)
    ctx.call_on_close(runner.close)
    bench = open_bench(
        ctx, processes=processes, max_bytes=max_bytes, encoding=encoding, time_budget=time_budget,
        batch_size=batch_size, events=events,
    )
    with _progress_bar(None, silent) as bar:
        report = bench.ingest(list(paths), progress=lambda _r: bar.update(1), reconcile=not no_reconcile,
                              force=force, runner=runner)
    _report(report)
    if report.failures:
        ctx.exit(1)


@click.command("demo")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
@click.pass_context
def demo_cmd(ctx: click.Context, silent: bool) -> None:
    """Build a knowledge base from the bundled demo corpus and print what it found.

    \b
    Example:
      claimgraph demo && claimgraph register --table
    """
    from ..demo import corpus_path
    from ..views.summary import summarise

    bench = open_bench(ctx)
    with _progress_bar(None, silent) as bar:
        report = bench.ingest([str(corpus_path())], progress=lambda _r: bar.update(1))
    _report(report)
    click.echo(summarise(bench))
    click.echo(f"Knowledge base: {ctx.obj['db']}  (try: claimgraph --db {ctx.obj['db']} events --table)", err=True)


COMMANDS = [ingest_cmd, demo_cmd]
