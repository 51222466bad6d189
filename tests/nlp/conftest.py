"""Fixtures for the NLP tests: a blank English pipeline with only the gazetteer component (no model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language


@pytest.fixture(scope="module")
def blank_nlp() -> Language:
    from claimgraph.nlp.component import FACTORY, PIPE_NAME

    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY, name=PIPE_NAME)
    return nlp
