"""benchmarks/gen_corpus.py (issue 10, part 4): deterministic, varied, and what it writes ingests into events."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "benchmarks" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


gen_corpus = _load()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_gen_corpus_is_deterministic_and_varied(tmp_path: Path) -> None:
    assert gen_corpus.main(["--docs", "50", "--seed", "7", str(tmp_path / "a")]) == 0
    assert gen_corpus.main(["--docs", "50", "--seed", "7", "--json", str(tmp_path / "a.json"), str(tmp_path / "b")]) == 0
    assert gen_corpus.main(["--docs", "50", "--seed", "8", str(tmp_path / "c")]) == 0
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert len(a) == 50 and a == b  # same seed, same bytes
    assert a != c
    # any prefix of a corpus is the smaller corpus: document i depends only on the seed and i
    gen_corpus.main(["--docs", "10", "--seed", "7", str(tmp_path / "d")])
    assert _files(tmp_path / "d") == {k: v for k, v in a.items() if int(k.split("/")[1][:6]) < 10}
    styles = {name.rsplit("-", 1)[1].split(".")[0] for name in a}
    formats = {name.rsplit(".", 1)[1] for name in a}
    assert {"wire", "newspaper", "analysis", "blog"} <= styles and {"md", "txt", "html"} <= formats
    texts = [v.decode("utf-8") for v in a.values()]
    assert len(set(texts)) == 50
    md = [t for name, t in zip(a, texts, strict=True) if name.endswith(".md")]
    assert all(t.startswith("---\ntitle: ") and "\ndate: " in t and "\nurl: " in t and "\noutlet: " in t for t in md)
    assert not any(re.search(r"\{[A-Za-z_0-9]+\}", t) for t in texts)  # every slot filled
    assert '"docs_per_s"' in (tmp_path / "a.json").read_text()


def test_gen_corpus_templates_use_only_known_slots(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (REPO / "benchmarks" / "corpus_templates.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("{b} orders {n}", "{b} orders {nn}", 1), encoding="utf-8")
    with pytest.raises(SystemExit, match="unknown slots"):
        gen_corpus.load_templates("en", bad)
    with pytest.raises(SystemExit, match="no templates for language"):
        gen_corpus.load_templates("xx")


@pytest.mark.model
def test_gen_corpus_documents_ingest_into_events(tmp_path: Path) -> None:
    from claimgraph.workbench import open_workbench

    gen_corpus.main(["--docs", "50", "--seed", "3", str(tmp_path / "all")])
    few = tmp_path / "few"
    few.mkdir()
    for path in sorted((tmp_path / "all").rglob("*"))[1:7]:  # a handful of several styles and formats
        if path.is_file():
            shutil.copy(path, few / path.name)
    with open_workbench(str(tmp_path / "kb.db"), events="v1") as bench:
        report = bench.ingest([str(few)], reconcile=False)
        documents = list(bench.documents())
    assert report.ok and report.outcomes["new"] == len(list(few.iterdir()))
    assert report.events >= len(documents)  # every generated article reports at least one event on average
    assert all(d.published is not None and d.title for d in documents)
