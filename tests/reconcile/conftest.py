"""Fixtures for reconcile tests; the builders live in builders.py so that view tests can use them too."""

from __future__ import annotations

import pytest

from claimgraph.reconcile import Ontology

from .builders import TEST_ONTOLOGY, Corpus, new_corpus, s400_corpus

__all__ = ["Corpus", "s400_corpus"]


@pytest.fixture()
def corpus() -> Corpus:
    return new_corpus()


@pytest.fixture()
def ontology() -> Ontology:
    return TEST_ONTOLOGY
