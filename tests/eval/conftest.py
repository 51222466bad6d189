"""Fixtures of the evaluation tests: a writer of small synthetic gold corpora."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture()
def write_gold(tmp_path: Path) -> Callable[..., Path]:
    """Write ``{doc: gold-dict}`` as <doc>.json files into a fresh folder and return it."""

    def _write(docs: dict[str, dict[str, Any]], folder: str = "gold") -> Path:
        root = tmp_path / folder
        root.mkdir()
        for doc, body in docs.items():
            data: dict[str, Any] = {"doc": doc, "published": None, "entities": {}, "events": []}
            data.update(body)
            (root / f"{doc}.json").write_text(json.dumps(data), encoding="utf-8")
        (root / "cross_document.json").write_text(json.dumps({"same_event": []}), encoding="utf-8")
        return root

    return _write
