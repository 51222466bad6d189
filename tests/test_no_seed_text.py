"""The seed articles are third-party writing: nothing of their text is copied into this repository. Every file we
ship or test with is scanned for runs of eight words that also occur in a seed; official names of organisations
(which any text about them repeats) are the only runs allowed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("src", "tests", "docs", "benchmarks", "scripts", "README.md")
RUN = 8
# official names that any text about these bodies repeats word for word
ALLOWED = ("ministry of foreign affairs of the russian federation",
           "center for the analysis of strategies and technology")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _files() -> list[Path]:
    out: list[Path] = []
    for name in SCANNED:
        p = ROOT / name
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            out.extend(f for f in p.rglob("*") if f.is_file() and "__pycache__" not in f.parts
                       and f.suffix in {".py", ".md", ".yaml", ".yml", ".json", ".jsonl", ".txt", ".html", ".toml"})
    return out


def test_no_seed_text_in_the_repository(seeds_dir: Path) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        pytest.skip("no seed articles beside the repository")
    seed_runs: set[tuple[str, ...]] = set()
    for s in seeds:
        seed_runs |= _runs(_words(s.read_text(encoding="utf-8")))
    allowed = set().union(*(_runs(_words(a)) for a in ALLOWED))
    found: dict[str, list[str]] = {}
    for f in _files():
        try:
            text = f.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        hits = (_runs(_words(text)) & seed_runs) - allowed
        if hits:
            found[str(f.relative_to(ROOT))] = sorted(" ".join(h) for h in hits)[:3]
    assert not found, f"text copied from the seed articles: {found}"
