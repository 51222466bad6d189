"""``iter_raw``: files, folders and stdin to RawDocuments, without ever loading an oversized file.

* A folder is walked recursively in sorted order; hidden files and folders (``.name``) are skipped, symlinked
  folders are not followed (no cycles).
* A file over ``settings.max_bytes`` is never read: it comes back as a ``skipped:too_large`` Document (E104).
* A missing or unreadable path comes back as a ``skipped:unreadable`` Document (E101).
* A JSON Lines file (``.jsonl``/``.ndjson``, or stdin that looks like one) is streamed line by line: each record
  becomes one RawDocument with source ``file.jsonl#N`` (N = 1-based line number) and the record's fields in
  ``metadata``; a malformed line becomes a ``skipped:malformed`` Document (E108) and the rest continue. The size
  limit applies to each record, so a large feed never sits in memory whole.
* A file name that is not valid UTF-8 is recorded with its undecodable bytes escaped (``r\xe9sum\xe9.txt``): the
  name Python gives it (lone surrogates) could not be hashed or stored.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..config import Settings
from ..errors import SkipDocument
from ..records import Document, RawDocument
from .document import printable_source, skipped_document
from .formats import NDJSON, detect_media_type, is_json_lines

__all__ = ["iter_raw"]

_JSONL_EXTENSIONS = (".jsonl", ".ndjson")


def _skip(
    source: str, exc: SkipDocument, data: bytes | None = None, media_type: str | None = None
) -> Document:
    return skipped_document(source, data, exc.status, str(exc), media_type)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted path order (``b/a.txt`` before ``c.txt``), hidden entries skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # reported as unreadable by _from_file; the walk goes on
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        else:
            yield Path(entry.path)


def _unreadable(source: str, reason: str) -> Document:
    return _skip(source, SkipDocument("E101", "skipped:unreadable", source=source, reason=reason))


def _record(source: str, line: bytes, settings: Settings) -> RawDocument | Document:
    try:
        record = json.loads(line.decode(settings.encoding or "utf-8"))
    except (UnicodeDecodeError, LookupError, ValueError, RecursionError) as exc:
        reason = f"not a JSON object ({type(exc).__name__}: {str(exc)[:120]})"
        return _skip(
            source, SkipDocument("E108", "skipped:malformed", source=source, reason=reason), line, NDJSON
        )
    if not isinstance(record, dict):
        err = SkipDocument(
            "E108", "skipped:malformed", source=source, reason="a record must be a JSON object"
        )
        return _skip(source, err, line, NDJSON)
    return RawDocument(
        source=source, data=line, media_type=NDJSON, metadata=record, encoding=settings.encoding
    )


def _too_large(source: str, size: int, settings: Settings, media_type: str | None = None) -> Document:
    err = SkipDocument("E104", "skipped:too_large", size=size, limit=settings.max_bytes)
    return _skip(source, err, None, media_type)


def _json_lines(stream: IO[bytes], source: str, settings: Settings) -> Iterator[RawDocument | Document]:
    limit = settings.max_bytes
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        name = f"{source}#{number}"
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:  # discard the rest of the oversized record without keeping it
                chunk = stream.readline(limit + 1)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield _too_large(name, size, settings, NDJSON)
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield _record(name, line, settings)


def _from_file(path: Path, source: str, settings: Settings) -> Iterator[RawDocument | Document]:
    try:
        info = path.stat()
    except FileNotFoundError:
        yield _unreadable(source, "no such file or folder")
        return
    except OSError as exc:
        yield _unreadable(source, exc.strerror or str(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield _unreadable(
            source, "a folder that cannot be listed, or a linked folder (links are not followed)"
        )
        return
    if not stat.S_ISREG(info.st_mode):
        yield _unreadable(source, "not a regular file")
        return
    media_type = detect_media_type(source, None, "")
    is_jsonl = path.suffix.lower() in _JSONL_EXTENSIONS
    if info.st_size > settings.max_bytes and not is_jsonl:
        yield _too_large(source, info.st_size, settings, media_type)
        return
    try:
        if is_jsonl:
            with path.open("rb") as fh:
                yield from _json_lines(fh, source, settings)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(source, exc.strerror or str(exc))
        return
    yield RawDocument(source=source, data=data, media_type=None, encoding=settings.encoding)


def _from_stdin(stream: IO[bytes], settings: Settings) -> Iterator[RawDocument | Document]:
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        yield _too_large("-", len(data), settings)
        return
    head = data[:65536].decode("utf-8", errors="replace")
    if is_json_lines(head) and data.strip().count(b"\n") >= 1:
        import io

        yield from _json_lines(io.BytesIO(data), "-", settings)
        return
    yield RawDocument(source="-", data=data, encoding=settings.encoding)


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


def iter_raw(
    paths: Iterable[str],
    settings: Settings,
    stdin: IO[bytes] | None = None,
    *,
    exclude: Iterable[str | Path] = (),
) -> Iterator[RawDocument | Document]:
    """RawDocuments for every readable item under ``paths``; skipped Documents for what cannot be read.

    ``"-"`` reads ``stdin`` (default: the process's standard input, as bytes). Files in ``exclude`` (the store's
    own database and its ``-wal``/``-shm`` companions, say) are passed over silently when a folder walk meets them.
    """
    skip = {_key(Path(e)) for e in exclude}
    for given in paths:
        if given == "-":
            yield from _from_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            continue
        path = Path(given)
        try:
            is_dir = path.is_dir()
        except OSError as exc:
            yield _unreadable(given, str(exc))
            continue
        if is_dir:
            for file in _walk(path):
                if skip and _key(file) in skip:
                    continue
                yield from _from_file(file, printable_source(str(file)), settings)
        else:
            yield from _from_file(path, printable_source(given), settings)
