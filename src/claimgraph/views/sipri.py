"""The arms-transfer register as CSV in the column order of SIPRI's Trade Register, plus our citations.

SIPRI's Trade Register lists, per deal: Recipient, Supplier, Year of order, Number ordered, Weapon designation,
Weapon description, Number delivered, Year(s) of delivery, and status/comments. The same columns come first here,
in that order and with those headings, so the file lines up with a SIPRI download; then the columns SIPRI does
not have: the documents and claims behind the row and, per column, the claims behind each cell (JSON).
``?`` marks a value no source gives; a trailing ``?`` a value sources disagree on or only allege.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..records import Document

__all__ = ["SIPRI_COLUMNS", "CITATION_COLUMNS", "sipri_rows", "write_sipri"]

SIPRI_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Recipient", "recipient"),
    ("Supplier", "supplier"),
    ("Year of order", "order_year"),
    ("Number ordered", "number_ordered"),
    ("Weapon designation", "designation"),
    ("Weapon description", "description"),
    ("Number delivered", "number_delivered"),
    ("Year(s) of delivery", "delivery_years"),
    ("Status", "status"),
    ("Comments", "comments"),
)
"""(SIPRI heading, register column) in SIPRI's order."""
CITATION_COLUMNS = ("Sources", "Source URLs", "Claims", "Citations")


def sipri_rows(register_rows: Iterable[Any], documents: Iterable[Document]) -> Iterator[dict[str, str]]:
    """Rows keyed by the CSV headings: the SIPRI columns, then ``Sources`` (document names), ``Source URLs``,
    ``Claims`` (event ids) and ``Citations`` (``{heading: [event ids]}`` as JSON)."""
    docs: Mapping[str, Document] = {d.id: d for d in documents}
    for row in register_rows:
        cells = dict(row.cells())
        out = {heading: cells[name].value for heading, name in SIPRI_COLUMNS}
        doc_ids = sorted({d for c in cells.values() for d in c.documents})
        out["Sources"] = "; ".join(docs[d].name if d in docs else d for d in doc_ids)
        out["Source URLs"] = "; ".join(u for u in dict.fromkeys(docs[d].url for d in doc_ids if d in docs) if u)
        out["Claims"] = "; ".join(sorted({e for c in cells.values() for e in c.events}))
        out["Citations"] = json.dumps({heading: list(cells[name].events) for heading, name in SIPRI_COLUMNS
                                       if cells[name].events}, ensure_ascii=False)
        yield out


def write_sipri(path: Path, rows: Iterable[Mapping[str, str]]) -> None:
    headings = [h for h, _ in SIPRI_COLUMNS] + list(CITATION_COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=headings)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
