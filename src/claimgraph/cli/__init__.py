"""The ``claimgraph`` command line: thin commands over :class:`claimgraph.workbench.Workbench`."""

from __future__ import annotations

from .main import cli, main

__all__ = ["cli", "main"]
