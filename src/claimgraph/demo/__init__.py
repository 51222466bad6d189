"""The bundled demo corpus: short articles on Russia-China-India arms and energy ties, written for claimgraph.

The texts are our own writing (facts and figures follow public reporting; outlets and authors are invented). They
exercise what ingest and extraction must handle: Markdown with YAML front matter, a plain-text dateline and
byline, an HTML page with navigation and an inline script, a JSON Lines feed in the news-please layout, reporting
verbs, hedges, relative dates, numbers in words, a re-post under a later date, a denial, a hypothetical, and two
outlets that disagree on a figure.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["corpus_path", "corpus_files"]


def corpus_path() -> Path:
    """The folder holding the demo articles (inside the installed package)."""
    root = resources.files("claimgraph.demo") / "corpus"
    return Path(str(root))


def corpus_files() -> list[Path]:
    """The demo files, sorted by name."""
    return sorted(p for p in corpus_path().iterdir() if p.is_file() and not p.name.startswith("."))
