"""Bytes to text: binary sniffing, decoding and whitespace normalisation.

Cascade (first that applies wins):

1. a byte-order mark (UTF-8, UTF-16, UTF-32) names the encoding;
2. a forced encoding (``--encoding`` / ``RawDocument.encoding``) is used strictly;
3. strict UTF-8;
4. Windows-1252 when the result reads as Western European text (few, all-Latin accented letters), because
   charset detectors often mistake short Latin-1 articles for Central European code pages and mangle "ñ";
5. charset-normalizer's best guess.

Anything else is a :class:`~claimgraph.errors.SkipDocument` (``skipped:decode``, E105).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import SkipDocument

__all__ = ["sniff_binary", "decode", "normalise_text"]

# Leading bytes of file formats we cannot ingest, with a name for the error message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh9", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old Office) document"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13} | {127}
_SNIFF = 8192
_CONTROL_RATIO = 0.10


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def sniff_binary(data: bytes) -> str | None:
    """What kind of binary ``data`` is ("PNG image", "binary data"), or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and len(data) < 64:  # "MZ" is also a plausible start of a short text
                continue
            return kind
    if data[:4] in (b"RIFF",) and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    if _bom_encoding(data) in ("utf-16", "utf-32"):
        return None  # wide encodings are full of NUL bytes but they are text
    head = data[:_SNIFF]
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    if head:
        controls = sum(1 for b in head if b in _CONTROL_BYTES)
        if controls / len(head) > _CONTROL_RATIO:
            return "binary data (control characters)"
    return None


_WESTERN = set("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŸ")
_WESTERN_PUNCT = set("“”‘’–—…€£¥«»°§©®™•·¡¿¢ªº±×÷\xa0´¨¸¹²³¼½¾")


def _looks_western(text: str) -> bool:
    letters = 0
    accented = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
            continue
        if ch in _WESTERN:
            letters += 1
            accented += 1
        elif ch not in _WESTERN_PUNCT:
            return False
    return letters > 0 and accented / letters < 0.25


def decode(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding used)`` or raises SkipDocument (E105)."""
    bom = _bom_encoding(data)
    if bom:
        try:
            return data.decode(bom), bom
        except UnicodeDecodeError as exc:
            raise SkipDocument(
                "E105", "skipped:decode", reason=f"invalid {bom} after its byte-order mark: {exc}"
            ) from exc
    if forced:
        try:
            return data.decode(forced), forced
        except LookupError as exc:
            raise SkipDocument("E105", "skipped:decode", reason=f"unknown encoding {forced!r}") from exc
        except UnicodeError as exc:  # UnicodeDecodeError, and the bare UnicodeError of codecs like punycode
            raise SkipDocument("E105", "skipped:decode", reason=f"not valid {forced}: {exc}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_western(text):
        return text, "cp1252"
    import charset_normalizer  # deferred: only legacy encodings need it

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise SkipDocument("E105", "skipped:decode", reason="no text encoding fits these bytes")
    return str(best), str(best.encoding)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\xa0\u2007\u202f\u2009\u200a\u3000"), " ")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no invisible or control characters (a lone surrogate becomes U+FFFD), trimmed lines, at
    most one blank line in a row.

    Every later offset refers to the text this returns (after boilerplate removal), so it must be stable:
    applying it twice changes nothing.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    text = _CONTROL_CHARS.sub("", text.translate(_INVISIBLE).translate(_SPACES))
    # lone surrogates ("\ud800" escapes in JSON, unicode_escape decoding) cannot be stored as UTF-8
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
