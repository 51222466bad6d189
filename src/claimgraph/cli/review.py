"""``claimgraph review ...`` (record a review) and ``claimgraph reviews`` (the audit trail).

A review is a statement of its own (who, when, why), never an edit of a claim; views, exports and ``ask`` apply
the reviews in force, and ``review undo`` takes one back. Each command prints the review it recorded as one JSON
line on stdout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import InvalidData
from ._output import emit, output_options
from .main import open_bench

__all__ = ["COMMANDS"]

F = TypeVar("F", bound=Callable[..., Any])


def _who(func: F) -> F:
    func = click.option("--reviewer", envvar="CLAIMGRAPH_REVIEWER", default=None,
                        help="Who makes the review (env CLAIMGRAPH_REVIEWER; default: the OS user).")(func)
    return click.option("--reason", default=None, help="Why: kept in the audit trail.")(func)


def _record(ctx: click.Context, action: str, target: str, *, field: str | None = None, value: str | None = None,
            reason: str | None = None, reviewer: str | None = None) -> None:
    from ..views.listings import review_rows

    bench = open_bench(ctx)
    try:
        made = bench.review(action, target, field=field, value=value, reason=reason, reviewer=reviewer)
    except InvalidData as exc:
        raise click.ClickException(str(exc)) from None
    row = review_rows([made])[0]
    click.echo(json.dumps(row, ensure_ascii=False))
    click.echo(f"recorded {made.action} {made.target} as {made.id} by {made.reviewer}", err=True)


@click.group("review")
def review_group() -> None:
    """Review the machine's claims: accept, reject or correct an event, merge entities, split a story, undo.

    Every review is recorded with who made it, when and why (see 'claimgraph reviews'); the claims themselves
    are never edited. Views, exports and 'ask' show the claims as the reviews leave them, and reviews survive
    're-ingest --force' and 'reconcile'.

    \b
    Examples:
      claimgraph review reject ev_0a1b2c3d4e5f6a7b --reason "the sentence is a hypothetical"
      claimgraph review correct ev_0a1b2c3d4e5f6a7b when 2018-05
      claimgraph review merge PERSON:sergei-shoigu PERSON:segei-shoigu
      claimgraph review split-story st_3f2a ev_0a1b2c3d4e5f6a7b
      claimgraph review undo rv_9c8b7a6f5e4d3c2b
    """


@review_group.command("accept")
@click.argument("event_id")
@_who
@click.pass_context
def accept_cmd(ctx: click.Context, event_id: str, reason: str | None, reviewer: str | None) -> None:
    """Mark an event (claim) as checked and right.

    \b
    Example:
      claimgraph review accept ev_0a1b2c3d4e5f6a7b
    """
    _record(ctx, "accept", event_id, reason=reason, reviewer=reviewer)


@review_group.command("reject")
@click.argument("event_id")
@_who
@click.pass_context
def reject_cmd(ctx: click.Context, event_id: str, reason: str | None, reviewer: str | None) -> None:
    """Reject an event (claim): it leaves every view, export and answer.

    \b
    Example:
      claimgraph review reject ev_0a1b2c3d4e5f6a7b --reason "misread: the deal was only discussed"
    """
    _record(ctx, "reject", event_id, reason=reason, reviewer=reviewer)


@review_group.command("correct")
@click.argument("event_id")
@click.argument("field", type=click.Choice(["type", "actor", "target", "item", "when", "status"]))
@click.argument("value")
@_who
@click.pass_context
def correct_cmd(ctx: click.Context, event_id: str, field: str, value: str, reason: str | None,
                reviewer: str | None) -> None:
    """Correct one field of an event: type (in the ontology), actor/target (an entity id or ISO3 code), item,
    when (an ISO date or prefix), status. VALUE 'none' clears actor, target, item or when.

    \b
    Examples:
      claimgraph review correct ev_0a1b2c3d4e5f6a7b when 2018-05
      claimgraph review correct ev_0a1b2c3d4e5f6a7b target IND
      claimgraph review correct ev_0a1b2c3d4e5f6a7b status expected
    """
    _record(ctx, "correct", event_id, field=field, value=value, reason=reason, reviewer=reviewer)


@review_group.command("merge")
@click.argument("keep")
@click.argument("drop")
@_who
@click.pass_context
def merge_cmd(ctx: click.Context, keep: str, drop: str, reason: str | None, reviewer: str | None) -> None:
    """Merge entity DROP into entity KEEP (both of one type): they are one entity in every view.

    \b
    Example:
      claimgraph review merge PERSON:sergei-shoigu PERSON:segei-shoigu
    """
    _record(ctx, "merge", keep, value=drop, reason=reason, reviewer=reviewer)


@review_group.command("split-story")
@click.argument("story_id")
@click.argument("event_id")
@_who
@click.pass_context
def split_cmd(ctx: click.Context, story_id: str, event_id: str, reason: str | None, reviewer: str | None) -> None:
    """Take an event out of a story: it never again shares a story with that story's other claims.

    \b
    Example:
      claimgraph review split-story st_3f2a ev_0a1b2c3d4e5f6a7b
    """
    _record(ctx, "split-story", story_id, value=event_id, reason=reason, reviewer=reviewer)


@review_group.command("undo")
@click.argument("review_id")
@_who
@click.pass_context
def undo_cmd(ctx: click.Context, review_id: str, reason: str | None, reviewer: str | None) -> None:
    """Take a review back (recorded as a review of its own); the views return to what they were without it.

    \b
    Example:
      claimgraph review undo rv_9c8b7a6f5e4d3c2b
    """
    _record(ctx, "undo", review_id, reason=reason, reviewer=reviewer)


@click.command("reviews")
@output_options
@click.pass_context
def reviews_cmd(ctx: click.Context, fmt: str) -> None:
    """The audit trail: every review, oldest first, with who, when, why and whether it is still in force.

    \b
    Examples:
      claimgraph reviews --table
      claimgraph reviews --json
    """
    from ..views.listings import REVIEW_COLUMNS, review_rows

    bench = open_bench(ctx)
    emit(review_rows(bench.reviews()), fmt, REVIEW_COLUMNS, {"reason": 40, "value": 30, "target": 30})


COMMANDS = [review_group, reviews_cmd]
