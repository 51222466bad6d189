"""The promised API is exactly ``__all__``; importing claimgraph loads no model and does no I/O."""

from __future__ import annotations

import subprocess
import sys

import claimgraph


def test_public_api_all_is_sorted_and_resolvable() -> None:
    names = [n for n in claimgraph.__all__ if n != "__version__"]
    assert names == sorted(names)
    for name in claimgraph.__all__:
        assert hasattr(claimgraph, name), name


def test_public_api_import_is_light() -> None:
    code = "import sys, claimgraph, claimgraph.cli; print(any(m.startswith(('spacy', 'torch', 'sqlalchemy')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
