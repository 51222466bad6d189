"""The analyst's views: ``stories``, ``disputes``, ``explain``, ``register``, ``timeline``, ``index``, ``graph``,
``report``. Each is a thin layer over a Workbench method; the rows keep the ids of the claims behind them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ._output import emit, output_options
from .main import open_bench

__all__ = ["COMMANDS"]


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = value.upper().replace("/", "-").split("-")
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter("use two ISO3 codes joined by '-', e.g. RUS-CHN", param_hint="--dyad")
    return parts[0], parts[1]


def _doc_names(bench: Any) -> dict[str, str]:
    """Document id -> file-name stem, the handle analysts recognise (and ``show`` accepts)."""
    from ..views.listings import document_names

    return document_names(bench.documents(status="ok", reconciled=False))


dyad_option = click.option("--dyad", default=None, help="Two ISO3 codes, e.g. RUS-CHN (default: all).")


@click.command("stories")
@click.option("--type", "etype", default=None, help="Only stories of this event type.")
@output_options
@click.pass_context
def stories_cmd(ctx: click.Context, etype: str | None, fmt: str) -> None:
    """Real events, each with every report (claim) of it across documents.

    \b
    Examples:
      claimgraph stories --table
      claimgraph stories --type arms_delivery --json
    """
    from ..views.listings import STORY_COLUMNS, story_rows

    bench = open_bench(ctx)
    rows = story_rows(bench.stories(), _doc_names(bench), type=etype)
    emit(rows, fmt, STORY_COLUMNS, {"label": 60, "documents": 30})


@click.command("disputes")
@output_options
@click.pass_context
def disputes_cmd(ctx: click.Context, fmt: str) -> None:
    """Updates and contradictions between sources, each with the claims on both sides.

    \b
    Example:
      claimgraph disputes --table
    """
    from ..views.listings import DISPUTE_COLUMNS, dispute_rows

    bench = open_bench(ctx)
    emit(dispute_rows(bench.disputes()), fmt, DISPUTE_COLUMNS, {"explanation": 80, "claims": 40})


@click.command("explain")
@click.option("--story", default=None, help="A story id or unique prefix (see 'claimgraph stories').")
@output_options
@click.pass_context
def explain_cmd(ctx: click.Context, story: str | None, fmt: str) -> None:
    """Competing explanations offered for an event: who offers each, and whether the author endorses it.

    \b
    Examples:
      claimgraph explain --story st_3f2a --table
      claimgraph explain --json
    """
    from ..views.listings import EXPLANATION_COLUMNS, explanation_rows

    bench = open_bench(ctx)
    rows = explanation_rows(bench.explain(story), _doc_names(bench))
    emit(rows, fmt, EXPLANATION_COLUMNS, {"cause": 60, "evidence": 50})


@click.command("register")
@click.option("--supplier", default=None, help="Supplier state, ISO3 (RUS).")
@click.option("--recipient", default=None, help="Recipient state, ISO3 (CHN).")
@click.option("--all", "include_incomplete", is_flag=True,
              help="Also rows whose supplier, recipient or designation is unknown.")
@output_options
@click.pass_context
def register_cmd(
    ctx: click.Context, supplier: str | None, recipient: str | None, include_incomplete: bool, fmt: str
) -> None:
    """The arms-transfer register (SIPRI columns), with the sources of every cell.

    '?' marks an uncertain value. JSON output gives, per cell, its value, events and documents.

    \b
    Examples:
      claimgraph register --supplier RUS --table
      claimgraph register --supplier RUS --recipient IND --json
    """
    from ..views.listings import REGISTER_EXTRA, register_rows
    from ..views.register import COLUMNS

    bench = open_bench(ctx)
    found = bench.register(supplier=supplier, recipient=recipient, include_incomplete=include_incomplete)
    rows = register_rows(found, nested=fmt == "json")
    emit(rows, fmt, [*COLUMNS, *REGISTER_EXTRA], {"comments": 60, "description": 30, "sources": 30})


@click.command("timeline")
@dyad_option
@output_options
@click.pass_context
def timeline_cmd(ctx: click.Context, dyad: str | None, fmt: str) -> None:
    """A dated timeline of stories, optionally for one pair of states.

    \b
    Examples:
      claimgraph timeline --dyad RUS-CHN
      claimgraph timeline --json
    """
    from ..views.listings import TIMELINE_COLUMNS, timeline_rows

    bench = open_bench(ctx)
    emit(timeline_rows(bench.timeline(_dyad(dyad))), fmt, TIMELINE_COLUMNS, {"label": 70, "documents": 30})


@click.command("index")
@dyad_option
@click.option("--by", type=click.Choice(["year", "month"]), default="year", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False), default=None, help="Also write a PNG chart here.")
@output_options
@click.pass_context
def index_cmd(ctx: click.Context, dyad: str | None, by: str, plot: str | None, fmt: str) -> None:
    """The cooperation/conflict index per period (PLOVER-style weights, -10..+10), computed from stories.

    \b
    Example:
      claimgraph index --dyad RUS-CHN --by year --plot index.png
    """
    from ..views.index import plot_index
    from ..views.listings import INDEX_COLUMNS, index_rows

    bench = open_bench(ctx)
    rows = bench.index(_dyad(dyad), by)
    if plot:
        Path(plot).write_bytes(plot_index(rows, title=f"Cooperation-conflict index {dyad or ''}".strip()))
        click.echo(f"wrote {plot}", err=True)
    emit(index_rows(rows), fmt, INDEX_COLUMNS)


@click.command("graph")
@click.option("--format", "fmt", type=click.Choice(["graphml"]), default="graphml", show_default=True)
@click.pass_context
def graph_cmd(ctx: click.Context, fmt: str) -> None:
    """The actor network (states, people, organisations linked by events) as GraphML on stdout.

    \b
    Example:
      claimgraph graph --format graphml > actors.graphml
    """
    from ..views.graph import to_graphml

    bench = open_bench(ctx)
    sys.stdout.write(to_graphml(bench.graph()))


@click.command("report")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="The HTML file to write.")
@dyad_option
@click.option("--title", default="claimgraph briefing", show_default=True)
@click.pass_context
def report_cmd(ctx: click.Context, out: str, dyad: str | None, title: str) -> None:
    """A self-contained HTML briefing: register, timeline, index chart, disputes, explanations, with evidence.

    \b
    Example:
      claimgraph report --out briefing.html
    """
    bench = open_bench(ctx)
    Path(out).write_text(bench.report(_dyad(dyad or "RUS-CHN"), title=title), encoding="utf-8")
    click.echo(f"wrote {out}", err=True)


COMMANDS = [stories_cmd, disputes_cmd, explain_cmd, register_cmd, timeline_cmd, index_cmd, graph_cmd, report_cmd]
