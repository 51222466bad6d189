"""The NLP stage: the spaCy pipeline with the gazetteer component, and entity linking.

Public API (see docs/architecture.md, "nlp")::

    load_pipeline(settings) -> spacy.Language
    annotate(doc, document) -> (list[Mention], list[Entity])
    annotate_foreign(document) -> (list[Mention], list[Entity])   # Russian/Cyrillic and Chinese, no model
    get_gazetteer() -> Gazetteer   # state_of(text), lookup(text) / entity_for(text), org_state(entity_id)

Importing this package registers nothing: the spaCy factory is registered when ``load_pipeline`` first runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Gazetteer", "annotate", "annotate_foreign", "get_gazetteer", "load_pipeline"]

if TYPE_CHECKING:
    from .foreign import annotate_foreign
    from .gazetteer import Gazetteer, get_gazetteer
    from .linking import annotate
    from .model import load_pipeline


def __getattr__(name: str) -> Any:
    """Lazy attribute access so that ``import claimgraph.nlp`` stays cheap (no spaCy, no data files)."""
    if name == "load_pipeline":
        from .model import load_pipeline

        return load_pipeline
    if name == "annotate":
        from .linking import annotate

        return annotate
    if name == "annotate_foreign":
        from .foreign import annotate_foreign

        return annotate_foreign
    if name in ("get_gazetteer", "Gazetteer"):
        from . import gazetteer

        return getattr(gazetteer, name)
    raise AttributeError(name)
