"""Listing commands: ``documents``, ``entities``, ``events``, ``mentions``, ``show``."""

from __future__ import annotations

import json
import sys

import click

from ..records import ENTITY_TYPES, EVENT_STATUSES, to_dict
from ._output import emit, output_options
from .main import open_bench

__all__ = ["COMMANDS"]


@click.command("documents")
@click.option("--status", default=None, help="Only documents with this status (ok, skipped:binary, ...).")
@output_options
@click.pass_context
def documents_cmd(ctx: click.Context, status: str | None, fmt: str) -> None:
    """List documents with their metadata, publication date and its basis.

    \b
    Examples:
      claimgraph documents --table
      claimgraph documents --status ok --csv > documents.csv
    """
    from ..views.export import document_rows

    bench = open_bench(ctx)
    emit(
        document_rows(bench.store, status=status),
        fmt,
        ["id", "name", "title", "author", "outlet", "published", "published_basis", "status", "note"],
        {"title": 44, "note": 50},
    )


@click.command("entities")
@click.option("--type", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), default=None)
@output_options
@click.pass_context
def entities_cmd(ctx: click.Context, etype: str | None, fmt: str) -> None:
    """List canonical entities with their aliases, documents and mention counts.

    \b
    Examples:
      claimgraph entities --type STATE --table
      claimgraph entities --type WEAPON_SYSTEM --json
    """
    from ..views.export import entity_rows

    bench = open_bench(ctx)
    emit(
        entity_rows(bench.store, type=etype.upper() if etype else None),
        fmt,
        ["id", "type", "name", "iso3", "mentions", "aliases", "documents"],
        {"aliases": 50, "documents": 30},
    )


@click.command("events")
@click.option("--type", "etype", default=None, help="Event type, e.g. arms_delivery (see the ontology).")
@click.option("--actor", default=None, help="Actor: ISO3 code (RUS) or entity id.")
@click.option("--target", default=None, help="Target: ISO3 code (CHN) or entity id.")
@click.option("--since", default=None, help="Events whose time is at or after this ISO prefix (2014, 2018-05).")
@click.option("--until", default=None, help="Events whose time is at or before this ISO prefix.")
@click.option("--status", type=click.Choice(EVENT_STATUSES), default=None)
@click.option("--document", default=None, help="Only events of this document (id or name).")
@output_options
@click.pass_context
def events_cmd(
    ctx: click.Context,
    etype: str | None,
    actor: str | None,
    target: str | None,
    since: str | None,
    until: str | None,
    status: str | None,
    document: str | None,
    fmt: str,
) -> None:
    """List events: every one a claim with its source, hedging and evidence span.

    \b
    Examples:
      claimgraph events --type arms_delivery --table
      claimgraph events --actor RUS --target CHN --since 2014 --json
    """
    from ..views.export import event_rows

    bench = open_bench(ctx)
    view = bench.reviewed_events(type=etype, actor=actor, target=target, since=since, until=until,
                                 document=document, status=status)
    rows = event_rows(bench.store, reviewed=view)  # as the reviews leave them (see claimgraph reviews)
    emit(
        rows,
        fmt,
        ["type", "actor", "target", "item", "when", "status", "attributed_to", "hedged", "quantity", "value", "evidence",
         "review"],
        {"evidence": 60, "attributed_to": 24},
    )


@click.command("mentions")
@click.argument("document")
@output_options
@click.pass_context
def mentions_cmd(ctx: click.Context, document: str, fmt: str) -> None:
    """List the entity mentions of one document with their spans and links.

    \b
    Example:
      claimgraph mentions 000 --table
    """
    bench = open_bench(ctx)
    rows = (to_dict(m) for m in bench.mentions(document))
    emit(rows, fmt, ["start", "end", "text", "label", "entity", "source"])


@click.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="The document with its mentions and events as one JSON object.")
@click.option("--color/--no-color", default=None, help="Colour the highlights (default: on a terminal).")
@click.pass_context
def show_cmd(ctx: click.Context, ref: str, as_json: bool, color: bool | None) -> None:
    """Show a document: metadata, the text with each mention and event span marked, and the claims.

    REF is a document id, a unique id prefix, a file name stem (000_a9a9c49f7c47a144) or its unique prefix (000).

    \b
    Examples:
      claimgraph show 000_a9a9c49f7c47a144
      claimgraph show 000 --json | jq .events
    """
    from ..views.show import render_text

    bench = open_bench(ctx)
    view = bench.show(ref)
    if as_json:
        click.echo(json.dumps(to_dict(view), ensure_ascii=False, default=str, indent=1))
        return
    click.echo(render_text(view, color=sys.stdout.isatty() if color is None else color))


COMMANDS = [documents_cmd, entities_cmd, events_cmd, mentions_cmd, show_cmd]
