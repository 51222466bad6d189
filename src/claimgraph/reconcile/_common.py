"""Small helpers shared by the reconcile modules: ISO prefix dates, word sets, document dates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..records import Document, Entity, Event

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
# Function words carry no evidence of "same event"; a short closed list, not domain knowledge.
_STOP = frozenset(
    "a an the of to in on at for by with from and or but as is are was were be been being has have had it its "
    "this that these those which who whom what when where will would could should may might can not no than "
    "their there they them he she his her we our you your i also into over after before about said says".split()
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits, inner hyphens and apostrophes kept)."""
    return [w.lower() for w in _WORD.findall(text or "")]


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in _STOP and len(w) > 1}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def date_compatible(a: str | None, b: str | None) -> bool:
    """Two ISO prefix dates can denote the same time: one is a prefix of the other (``2018`` ~ ``2018-05``)."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def _month_index(value: str) -> int | None:
    if len(value) < 7 or not value[:4].isdigit() or not value[5:7].isdigit():
        return None
    return int(value[:4]) * 12 + int(value[5:7]) - 1


def date_near(a: str | None, b: str | None, months: int = 1) -> bool:
    """Compatible, or both at least month-precise and at most ``months`` apart: reports of one event often
    date it a little differently ("late last week" resolved against a re-post's date lands a month off)."""
    if date_compatible(a, b):
        return True
    ia, ib = _month_index(a or ""), _month_index(b or "")
    return ia is not None and ib is not None and abs(ia - ib) <= months


def span_overlap(a: str | None, a_end: str | None, b: str | None, b_end: str | None) -> bool:
    """Two times, each an ISO prefix or a range (``a``..``a_end``: "over the past decade" -> 2010..2020), can
    denote the same time: their spans overlap. Without ranges this is :func:`date_compatible`."""
    if not a or not b:
        return True
    if not a_end and not b_end:
        return date_compatible(a, b)
    return a <= date_end(b_end or b) and b <= date_end(a_end or a)


def is_range(when: object) -> bool:
    """A time value that is a span (``end`` set and different from ``value``), not a point of some precision."""
    end = getattr(when, "end", None)
    return bool(end) and end != getattr(when, "value", None)


def date_end(value: str) -> str:
    """The latest full date an ISO prefix covers, as a comparable string (``2018`` -> ``2018-12-31``)."""
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        return value + "-31"
    return value


def later(a: str | None, b: str | None) -> bool:
    """True when ``a`` lies strictly after ``b`` (incompatible prefixes compared by their starts)."""
    if not a or not b or date_compatible(a, b):
        return False
    return a > b


def document_date(doc: Document, overrides: Mapping[str, str | None] | None = None) -> str | None:
    """The best date we have for a document: a corpus-level override, else published, else stated."""
    if overrides and doc.id in overrides and overrides[doc.id]:
        return overrides[doc.id]
    return doc.published or doc.stated_date


def state_of(entity_id: str | None, entities: Mapping[str, Entity]) -> str | None:
    """The state (``STATE:ISO3``) an entity stands for: itself, or the ``state`` attribute of a person/org."""
    if not entity_id:
        return None
    ent = entities.get(entity_id)
    if entity_id.startswith("STATE:"):
        return entity_id
    if ent is not None:
        if ent.type == "STATE":
            return entity_id if ent.iso3 is None else f"STATE:{ent.iso3}"
        st = ent.attributes.get("state") if ent.attributes else None
        if isinstance(st, str) and st:
            return st if st.startswith("STATE:") else f"STATE:{st}"
    return None


def entity_name(entity_id: str | None, entities: Mapping[str, Entity], fallback: str | None = None) -> str:
    if entity_id and entity_id in entities:
        return entities[entity_id].name
    if entity_id:
        return entity_id.split(":", 1)[-1]
    return fallback or "?"


def as_of_report(ev: Event) -> bool:
    """A state still under way dated only by its report ("the ongoing conflict", "parts still being shipped"):
    it began at or before that date."""
    return ev.status == "ongoing" and ev.when is not None and ev.when.relative


def unique(seq: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(seq))
