"""Output options shared by every listing: ``--json`` (JSON Lines), ``--csv``, ``--table``.

Data goes to stdout, everything else to stderr. Without an option, a terminal gets a table and a pipe gets JSON Lines.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["output_options", "emit", "cell"]


def output_options(func: F) -> F:
    """Add ``--json/--csv/--table`` (mutually exclusive) as a single ``fmt`` argument."""

    @click.option("--json", "fmt", flag_value="json", help="JSON Lines, one record per line (default off a terminal).")
    @click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")
    @click.option("-t", "--table", "fmt", flag_value="table", help="An aligned text table (default on a terminal).")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("fmt") is None:
            kwargs["fmt"] = "table" if sys.stdout.isatty() else "json"
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def cell(value: Any, width: int | None = None) -> str:
    """A value as table text: lists joined, None as empty, long text cut with an ellipsis."""
    if value is None:
        text = ""
    elif isinstance(value, (list, tuple)):
        text = ", ".join(cell(v) for v in value)
    elif isinstance(value, Mapping):
        text = _mapping_cell(value)
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _mapping_cell(value: Mapping[str, Any]) -> str:
    """Records the way a reader writes them: evidence as its text, a quantity as "36 launcher", money as
    "3,000,000,000 USD"; anything else as key=value pairs."""
    if "text" in value and ("start" in value or "end" in value):
        return cell(value["text"])
    if set(value) >= {"value", "unit"}:
        return f"{cell(value['value'])} {cell(value['unit'])}".strip()
    if set(value) >= {"amount", "currency"}:
        amount = value["amount"]
        shown = f"{amount:,.0f}" if isinstance(amount, (int, float)) else cell(amount)
        return f"{shown} {cell(value['currency'])}"
    return " ".join(f"{k}={cell(v)}" for k, v in value.items() if v not in (None, "", [], {}))


def _table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], widths: Mapping[str, int]) -> str:
    cells = [[cell(r.get(c), widths.get(c, 40)) for c in columns] for r in rows]
    sizes = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(sizes[i]) for i, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines += ["  ".join(row[i].ljust(sizes[i]) for i in range(len(columns))).rstrip() for row in cells]
    return "\n".join(lines)


def emit(
    rows: Iterable[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    widths: Mapping[str, int] | None = None,
) -> int:
    """Write ``rows`` to stdout in ``fmt``; ``columns`` chooses table/CSV columns (JSON keeps every field)."""
    out = sys.stdout
    n = 0
    try:
        if fmt == "json":
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                n += 1
            return n
        materialised = list(rows)
        n = len(materialised)
        cols = list(columns or (materialised[0].keys() if materialised else []))
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(cols)
            for row in materialised:
                writer.writerow([cell(row.get(c)) for c in cols])
        else:
            if materialised:
                out.write(_table(materialised, cols, widths or {}) + "\n")
            click.echo(f"{n} rows", err=True)
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, like other Unix tools.
        sys.stderr.close()
        raise click.Abort() from None
    return n
