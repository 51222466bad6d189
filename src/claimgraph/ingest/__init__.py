"""Ingest: sources -> RawDocument -> Document (decoded, cleaned, described).

Public API: :func:`iter_raw`, :func:`to_document`, :func:`detect_language`, and :func:`check_url` (the SSRF guard
every URL from outside passes: raises :class:`UnsafeURL`). Everything else in this package is
an implementation detail that may change.
"""

from __future__ import annotations

from .document import to_document
from .language import detect_language
from .sources import iter_raw
from .ssrf import UnsafeURL, check_url

__all__ = ["iter_raw", "to_document", "detect_language", "check_url", "UnsafeURL"]
