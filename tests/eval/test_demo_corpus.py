"""The bundled demo corpus: formats, metadata, length, required phenomena, and originality against the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from claimgraph.demo import corpus_files, corpus_path


def _texts() -> dict[str, str]:
    """Article bodies by name (a JSON Lines file yields one body per record)."""
    out: dict[str, str] = {}
    for path in corpus_files():
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            for i, line in enumerate(raw.splitlines()):
                out[f"{path.name}#{i}"] = json.loads(line)["maintext"]
        elif path.suffix == ".md":
            out[path.name] = raw.split("---", 2)[2]
        elif path.suffix == ".html":
            article = raw.split("<article>", 1)[1].split("</article>", 1)[0]
            out[path.name] = re.sub(r"<[^>]+>", " ", article)
        else:
            out[path.name] = raw
    return out


def test_demo_corpus_path_is_a_folder_with_every_format() -> None:
    assert corpus_path().is_dir()
    suffixes = sorted(p.suffix for p in corpus_files())
    assert {".md", ".txt", ".html", ".jsonl"} <= set(suffixes)
    assert suffixes.count(".md") >= 6


def test_demo_markdown_front_matter_has_metadata() -> None:
    for path in corpus_files():
        if path.suffix != ".md":
            continue
        raw = path.read_text(encoding="utf-8")
        assert raw.startswith("---\n"), path.name
        meta = yaml.safe_load(raw.split("---", 2)[1])
        assert {"title", "author", "outlet", "published", "url"} <= set(meta), path.name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(meta["published"])), path.name


def test_demo_jsonl_records_follow_news_please_layout() -> None:
    path = next(p for p in corpus_files() if p.suffix == ".jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2
    for rec in records:
        assert {"url", "title", "maintext", "date_publish", "authors", "source_domain"} <= set(rec)


def test_demo_html_has_boilerplate_and_script() -> None:
    raw = next(p for p in corpus_files() if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<script>" in raw and "<nav" in raw and "article:published_time" in raw


def test_demo_articles_are_short() -> None:
    counts = {name: len(text.split()) for name, text in _texts().items()}
    assert len(counts) >= 10
    assert all(240 <= n <= 460 for n in counts.values()), counts


def test_demo_corpus_carries_the_hard_cases() -> None:
    joined = "\n".join(_texts().values())
    for phrase in ("reportedly", "denied", "last month", "last week", "thirty-six", "twenty-four", "If Washington"):
        assert phrase in joined, phrase
    repost = next(p for p in corpus_files() if "repost" in p.name).read_text(encoding="utf-8")
    original = next(p for p in corpus_files() if p.name.startswith("09_")).read_text(encoding="utf-8")
    assert original.split("---", 2)[2].strip() in repost  # same body under a later date header


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    """Word n-grams, leaving out those that are mostly capitalised: official names (a sanctions act, an agency)
    are shared vocabulary, not copied prose."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    out: set[tuple[str, ...]] = set()
    for i in range(len(words) - n + 1):
        gram = words[i:i + n]
        if sum(w[0].isupper() for w in gram) * 2 < n:
            out.add(tuple(w.lower() for w in gram))
    return out


@pytest.mark.seeds
def test_demo_corpus_copies_no_seed_text(seeds_dir: Path) -> None:
    seed = set().union(*(_shingles(p.read_text(encoding="utf-8", errors="replace"))
                         for p in sorted(seeds_dir.glob("*.txt"))))
    for name, text in _texts().items():
        shared = _shingles(text) & seed
        assert not shared, f"{name} shares wording with a seed: {' '.join(next(iter(shared)))}"


def test_demo_corpus_ingests_with_dates_and_titles() -> None:
    ingest = pytest.importorskip("claimgraph.ingest")
    from claimgraph.config import Settings

    settings = Settings()
    docs = [ingest.to_document(raw, settings) for raw in ingest.iter_raw([str(corpus_path())], settings)]
    assert len(docs) == len(_texts())
    for doc in docs:
        assert doc.ok, (doc.source, doc.status, doc.error)
        assert doc.title and doc.author and doc.stated_date, doc.source
        assert "track(" not in doc.text and "Subscribe" not in doc.text, doc.source  # script and nav stripped
    by_name = {d.name: d for d in docs}
    original, repost = by_name["09_india_first_s400_squadron"], by_name["10_india_first_s400_squadron_repost"]
    assert original.id != repost.id and (original.stated_date or "") < (repost.stated_date or "")
