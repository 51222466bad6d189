"""claimgraph: a source-cited knowledge base of claims from international-relations reporting.

The promised API is what ``__all__`` lists; everything else may change. Importing claimgraph does no I/O and loads
no model: the spaCy pipeline is loaded on first use.
"""

from __future__ import annotations

from .config import Settings, load_settings
from .errors import (
    ConfigError,
    DocumentTimeout,
    IngestError,
    InvalidData,
    PipelineError,
    SkipDocument,
    StoreError,
    WorkbenchError,
)
from .records import (
    Document,
    DocumentResult,
    Entity,
    Event,
    Explanation,
    Mention,
    RawDocument,
)
from .workbench import DocumentView, IngestReport, Workbench
from .workbench import open_workbench as open  # noqa: A001 - claimgraph.open(db) is the documented entry point

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "Document",
    "DocumentResult",
    "DocumentTimeout",
    "DocumentView",
    "Entity",
    "Event",
    "Explanation",
    "IngestError",
    "IngestReport",
    "InvalidData",
    "Mention",
    "PipelineError",
    "RawDocument",
    "Settings",
    "SkipDocument",
    "StoreError",
    "Workbench",
    "WorkbenchError",
    "__version__",
    "load_settings",
    "open",
]
