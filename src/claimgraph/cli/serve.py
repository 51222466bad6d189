"""``claimgraph serve``: the REST API and the web UI under uvicorn."""

from __future__ import annotations

import click

from .main import open_bench

__all__ = ["COMMANDS"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but a loopback address needs CLAIMGRAPH_TOKEN.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int) -> None:
    """Serve the REST API (/api, schema at /openapi.json) and the web UI (/) of the knowledge base.

    On a loopback address (127.0.0.1, ::1, localhost) no credentials are needed. Bound to any other address it
    refuses to start unless CLAIMGRAPH_TOKEN is set; every API request must then send 'Authorization: Bearer
    <token>'. CLAIMGRAPH_READ_TOKEN, if set, may read but not write (reviews).

    \b
    Examples:
      claimgraph serve                                  # http://127.0.0.1:8000/
      CLAIMGRAPH_TOKEN=$(openssl rand -hex 24) claimgraph serve --host 0.0.0.0 --port 8080
    """
    from ..api.auth import Tokens, is_loopback

    tokens = Tokens.from_env()
    if not is_loopback(host) and not tokens.write:
        click.echo(f"Error: refusing to serve on {host}, which other machines can reach, without a token: set "
                   "CLAIMGRAPH_TOKEN (and optionally CLAIMGRAPH_READ_TOKEN), or bind to 127.0.0.1.", err=True)
        ctx.exit(2)
    import uvicorn

    from ..api.app import create_app

    bench = open_bench(ctx)
    app = create_app(bench.settings, tokens=tokens, workbench=bench)
    click.echo(f"claimgraph serving {bench.settings.db} on http://{host}:{port}/"
               f"{' (bearer token required)' if tokens.required else ''}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)


COMMANDS = [serve_cmd]
