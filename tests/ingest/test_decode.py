from __future__ import annotations

import codecs

import pytest

from claimgraph.errors import SkipDocument
from claimgraph.ingest.decode import decode, normalise_text, sniff_binary

WESTERN = "Le délégué de Málaga a rencontré la señora Müller à Zürich; l’accord est signé."


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"some text\x00with a NUL", "NUL"),
        (bytes(range(1, 9)) * 20, "control"),
    ],
)
def test_decode_sniffs_binary(data: bytes, kind: str) -> None:
    found = sniff_binary(data)
    assert found is not None and kind.lower() in found.lower()


def test_decode_text_is_not_binary() -> None:
    assert sniff_binary(b"Plain words, with tabs\tand lines\n") is None
    assert sniff_binary(codecs.BOM_UTF16_LE + "wide text".encode("utf-16-le")) is None


def test_decode_boms_and_utf8() -> None:
    assert decode(codecs.BOM_UTF8 + b"caf\xc3\xa9")[0] == "café"
    assert decode(codecs.BOM_UTF16_LE + "Zürich".encode("utf-16-le"))[0] == "Zürich"
    assert decode("naïve".encode())[1] == "utf-8"


def test_decode_latin1_keeps_accents() -> None:
    text, encoding = decode(WESTERN.replace("’", "'").encode("latin-1"))
    assert text == WESTERN.replace("’", "'")
    assert encoding == "cp1252"


def test_decode_cp1251_russian_not_mistaken_for_western() -> None:
    russian = "Министр заявил, что переговоры продолжатся весной, а поставки будут отложены."
    text, _ = decode(russian.encode("cp1251"))
    assert text == russian


def test_decode_forced_encoding() -> None:
    assert decode("Ñandú".encode("latin-1"), "latin-1")[0] == "Ñandú"
    with pytest.raises(SkipDocument) as info:
        decode(b"\xff\xfe\xfd bytes", "utf-8")
    assert info.value.code == "E105" and info.value.status == "skipped:decode"
    with pytest.raises(SkipDocument):
        decode(b"abc", "no-such-codec")


def test_decode_normalise_is_idempotent() -> None:
    messy = "  Title\u00a0here \r\n\r\n\r\n\r\nBody\u200b text\twith  gaps.\x07\n\n\n"
    once = normalise_text(messy)
    assert once == "Title here\n\nBody text with gaps."
    assert normalise_text(once) == once
