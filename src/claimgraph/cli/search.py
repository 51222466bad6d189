"""``search`` and ``ask``: full-text hits and cited answers, as the Workbench (and the REST API) gives them."""

from __future__ import annotations

import json
import sys

import click

from ._output import emit, output_options
from .main import open_bench

__all__ = ["COMMANDS"]

KIND = click.Choice(["all", "documents", "claims"])


@click.command("search")
@click.argument("query")
@click.option("--kind", type=KIND, default="all", show_default=True, help="Search documents, claims or both.")
@click.option("--entity", default=None, help="Only hits mentioning this entity: ISO3 (RUS), an id or a name.")
@click.option("--outlet", default=None, help="Only documents of this outlet (case ignored).")
@click.option("--since", default=None, help="Published on or after this ISO date prefix (2018, 2018-05).")
@click.option("--until", default=None, help="Published on or before this ISO date prefix.")
@click.option("--limit", type=click.IntRange(0, 500), default=20, show_default=True, help="Hits per page.")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Hits to skip.")
@output_options
@click.pass_context
def search_cmd(ctx: click.Context, query: str, kind: str, entity: str | None, outlet: str | None,
               since: str | None, until: str | None, limit: int, offset: int, fmt: str) -> None:
    """Full-text search over documents and claims, best first (BM25 on SQLite, ts_rank on PostgreSQL).

    Every word must match; "double quotes" make a phrase; nothing else is syntax. JSON gives each hit with its
    snippet (the exact text of the span start..end) and highlight offsets into the snippet. The total number of
    matches goes to stderr.

    \b
    Examples:
      claimgraph search "S-400 deliveries" --table
      claimgraph search suspended --kind claims --entity CHN --since 2020 --json
    """
    from ..errors import InvalidData

    bench = open_bench(ctx)
    try:
        results = bench.search(query, kind=kind, entity=entity, outlet=outlet, since=since, until=until,
                               limit=limit, offset=offset)
    except InvalidData as exc:  # a malformed --since/--until is a usage error
        raise click.UsageError(exc.message, ctx) from exc
    click.echo(f"{results.total} matches; showing {offset + 1 if results.hits else 0}-{offset + len(results.hits)}",
               err=True)
    rows = [h.to_json() for h in results.hits]
    emit(rows, fmt, ["kind", "score", "published", "outlet", "document", "event", "snippet"],
         {"snippet": 80, "outlet": 24})


@click.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="The answer as one JSON object: answer, sentences, basis.")
@click.pass_context
def ask_cmd(ctx: click.Context, question: str, as_json: bool) -> None:
    """Answer a question from the knowledge base; every sentence cites the claims it rests on.

    Answers come from the register, stories, explanations, disputes, the index and document dates first, then
    from the closest passages; when the sources do not answer, it says so. Each citation is a document, a
    character span and the quoted evidence.

    \b
    Examples:
      claimgraph ask "What did Russia sell China, and when?"
      claimgraph ask "Why were deliveries to China suspended in 2020?" --json
    """
    bench = open_bench(ctx)
    answer = bench.ask(question)
    if as_json:
        sys.stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
        return
    names = {d.id: d.name for d in bench.documents(status="ok", reconciled=False)}
    if not answer.sentences:
        click.echo(answer.answer)
        return
    if answer.basis == "passages":
        from ..views.ask import RELATED

        click.echo(RELATED)
    for n, sentence in enumerate(answer.sentences, 1):
        click.echo(f"{n}. {sentence.text}")
        for c in sentence.citations:
            quote = " ".join(c.evidence.split())
            click.echo(f"     [{names.get(c.document, c.document)} {c.start}-{c.end}] {quote}")


COMMANDS = [search_cmd, ask_cmd]
