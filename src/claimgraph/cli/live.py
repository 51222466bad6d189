"""``claimgraph fetch``, ``claimgraph feeds add|list|remove`` and ``claimgraph watch``: live sources."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from ._output import emit, output_options
from .main import open_bench

__all__ = ["COMMANDS"]


def _fetch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The HTTP options fetch and watch share."""
    options = [
        click.option("--timeout", type=click.FloatRange(0.1), default=20.0, show_default=True,
                     help="Seconds to connect and for each read."),
        click.option("--max-bytes", type=click.IntRange(1), default=None,
                     help="Largest page, on the wire and decompressed (default 10 MB)."),
        click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
                     help="Extra attempts on HTTP 429/5xx, timeouts and dropped connections (exponential backoff)."),
        click.option("--rate", "rate", type=click.FloatRange(0.01), default=1.0, show_default=True,
                     metavar="PER_HOST_PER_S", help="Requests per second to one host."),
        click.option("--user-agent", default=None, help="User-Agent header (default: claimgraph/<version> (+URL))."),
        click.option("--allow-private", is_flag=True,
                     help="Allow loopback/private/link-local addresses (your own servers; env "
                          "CLAIMGRAPH_ALLOW_PRIVATE_URLS)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(bench: Any, timeout: float, max_bytes: int | None, retries: int, rate: float,
             user_agent: str | None, allow_private: bool) -> Any:
    from ..ingest.http import FetchOptions, default_user_agent

    return FetchOptions(
        timeout=timeout, max_bytes=max_bytes or bench.settings.max_bytes, retries=retries, rate=rate,
        user_agent=user_agent or default_user_agent(),
        allow_private=allow_private or bench.settings.allow_private_urls,
    )


class _Interrupt:
    """First Ctrl-C: finish the current document, then stop. Second: abort now (its transaction rolls back)."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self) -> bool:
        return self.requested

    @contextmanager
    def installed(self) -> Iterator[_Interrupt]:
        def handler(signum: int, frame: Any) -> None:
            if self.requested:
                raise KeyboardInterrupt
            self.requested = True
            click.echo("Stopping after the current document (Ctrl-C again to abort it)...", err=True)

        previous = signal.signal(signal.SIGINT, handler)
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, previous)


def _aborted(ctx: click.Context) -> NoReturn:
    """A second Ctrl-C: the document being written was rolled back; what is stored stays, pending entries wait."""
    click.echo("Aborted: the document in progress was not stored; run the command again to resume.", err=True)
    ctx.exit(130)


def _line(outcome: Any) -> str:
    tail = outcome.error if not outcome.ok else outcome.document
    return f"{outcome.outcome:<9} {outcome.url} {tail or ''}".rstrip()


@click.command("fetch")
@click.argument("urls", nargs=-1, required=True)
@_fetch_options
@click.option("--force", is_flag=True, help="Process pages already in the store again.")
@click.option("--no-reconcile", is_flag=True, help="Skip the cross-document pass after fetching.")
@click.option("-s", "--silent", is_flag=True, help="No progress lines on stderr.")
@click.pass_context
def fetch_cmd(ctx: click.Context, urls: tuple[str, ...], timeout: float, max_bytes: int | None, retries: int,
              rate: float, user_agent: str | None, allow_private: bool, force: bool, no_reconcile: bool,
              silent: bool) -> None:
    """Download web pages and ingest them like files (one line per URL on stdout, JSON Lines).

    Redirects are followed and recorded, robots.txt is respected, the canonical URL is kept and the raw HTML is
    stored compressed. A page already stored with the same bytes is unchanged. Each URL that fails is recorded
    with its reason; exit code 1 if any failed.

    \b
    Examples:
      claimgraph fetch https://example.org/news/s400-delivery.html
      claimgraph --db kb.db fetch --rate 0.5 --timeout 10 URL1 URL2
      claimgraph fetch --allow-private http://localhost:8000/page.html
    """
    from ..ingest.fetch import LiveIngest
    from ..records import to_dict

    bench = open_bench(ctx)
    options = _options(bench, timeout, max_bytes, retries, rate, user_agent, allow_private)
    stop = _Interrupt()
    progress = None if silent else (lambda o: click.echo(_line(o), err=True))
    with stop.installed(), LiveIngest(bench, options, force=force, progress=progress) as live:
        try:
            outcomes = live.ingest_urls(urls, stop=stop)
        except KeyboardInterrupt:
            _aborted(ctx)
        live.finish(reconcile=not no_reconcile)
    emit((to_dict(o) for o in outcomes), "json")
    failed = [o for o in outcomes if not o.ok]
    click.echo(f"{len(outcomes)} URLs: {len(outcomes) - len(failed)} ok, {len(failed)} failed", err=True)
    if stop.requested:
        click.echo(f"Interrupted: {len(urls) - len(outcomes)} URLs not fetched.", err=True)
        ctx.exit(130)
    if failed:
        ctx.exit(1)


@click.group("feeds")
def feeds_group() -> None:
    """Manage the feeds that 'claimgraph watch' polls (RSS 2.0, Atom, JSON Feed, news sitemaps).

    \b
    Examples:
      claimgraph feeds add https://example.org/world/rss.xml
      claimgraph feeds list --table
      claimgraph feeds remove https://example.org/world/rss.xml
    """


@feeds_group.command("add")
@click.argument("urls", nargs=-1, required=True)
@click.option("--allow-private", is_flag=True, help="Allow loopback/private/link-local addresses.")
@click.pass_context
def feeds_add(ctx: click.Context, urls: tuple[str, ...], allow_private: bool) -> None:
    """Register feed URLs (checked by the SSRF guard; fetched by the next watch)."""
    from ..ingest.ssrf import UnsafeURL, check_url
    from ..store._live import add_feed

    bench = open_bench(ctx.find_root())
    refused = 0
    for url in urls:
        try:
            check_url(url, allow_private=allow_private or bench.settings.allow_private_urls)
        except UnsafeURL as exc:
            click.echo(f"refused {url}: {exc}", err=True)
            refused += 1
            continue
        added = add_feed(bench.store, url)
        click.echo(f"{'added' if added else 'already watched'} {url}", err=True)
    if refused:
        ctx.exit(1)


@feeds_group.command("list")
@output_options
@click.pass_context
def feeds_list(ctx: click.Context, fmt: str) -> None:
    """The registered feeds with their last poll and entry counts."""
    from collections import Counter

    from ..store._live import feed_items, feeds

    bench = open_bench(ctx.find_root())
    counts = Counter((i.feed, i.state) for i in feed_items(bench.store))
    rows = ({"url": f.url, "kind": f.kind, "title": f.title, "checked_at": f.checked_at,
             "last_status": f.last_status, "ingested": counts[f.url, "ingested"],
             "pending": counts[f.url, "pending"], "failed": counts[f.url, "failed"], "last_error": f.last_error}
            for f in feeds(bench.store))
    emit(rows, fmt, columns=["url", "kind", "title", "checked_at", "last_status", "ingested", "pending",
                             "failed", "last_error"])


@feeds_group.command("remove")
@click.argument("urls", nargs=-1, required=True)
@click.pass_context
def feeds_remove(ctx: click.Context, urls: tuple[str, ...]) -> None:
    """Stop watching feeds (their documents stay in the store). Exit code 1 if one was not registered."""
    from ..store._live import remove_feed

    bench = open_bench(ctx.find_root())
    missing = 0
    for url in urls:
        if remove_feed(bench.store, url):
            click.echo(f"removed {url}", err=True)
        else:
            click.echo(f"not watched: {url}", err=True)
            missing += 1
    if missing:
        ctx.exit(1)


@click.command("watch")
@click.option("--interval", type=click.FloatRange(1.0), default=900.0, show_default=True, metavar="S",
              help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Poll every feed once, ingest what is new, and exit.")
@_fetch_options
@click.option("-s", "--silent", is_flag=True, help="No progress lines on stderr.")
@click.pass_context
def watch_cmd(ctx: click.Context, interval: float, once: bool, timeout: float, max_bytes: int | None,
              retries: int, rate: float, user_agent: str | None, allow_private: bool, silent: bool) -> None:
    """Poll the registered feeds and ingest their new entries (conditional GET: unchanged feeds cost a 304).

    Entries are remembered by guid or URL, so a second poll ingests nothing new. Ctrl-C finishes the current
    document and exits with code 130; the next watch resumes with the entries left pending.

    \b
    Examples:
      claimgraph watch --once
      claimgraph --db kb.db watch --interval 600
    """
    from ..ingest.feeds import Watcher
    from ..store._live import feeds

    bench = open_bench(ctx)
    if not feeds(bench.store):
        click.echo("No feeds to watch: add one with 'claimgraph feeds add URL'.", err=True)
        ctx.exit(1)
    options = _options(bench, timeout, max_bytes, retries, rate, user_agent, allow_private)
    stop = _Interrupt()
    notify = (lambda _m: None) if silent else (lambda m: click.echo(m, err=True))
    with stop.installed():
        try:
            reports = Watcher(bench, options, notify=notify, stop=stop).run(interval=interval, once=once)
        except KeyboardInterrupt:
            _aborted(ctx)
    last = reports[-1]
    for url, position, reason in (r for report in reports for r in report.rejected):
        click.echo(f"  rejected entry {position} of {url}: {reason}", err=True)
    if stop.requested or last.interrupted:
        click.echo("Interrupted: the entries left pending are ingested by the next watch.", err=True)
        ctx.exit(130)
    if any(report.failures or report.feed_errors for report in reports):
        ctx.exit(1)


COMMANDS = [fetch_cmd, feeds_group, watch_cmd]
