"""Entity linking: ``doc.ents`` (model + gazetteer) -> :class:`Mention` and canonical :class:`Entity` records.

Linking order for one span:

1. the gazetteer component already put a canonical id in ``kb_id_`` -> that entity;
2. otherwise the cleaned surface form is looked up in the gazetteer (case variants, "the", possessives);
3. otherwise by the model's label: GPE that names a state -> STATE, other GPE/LOC/FAC -> PLACE, ORG -> ORG,
   PERSON -> PERSON (short names resolved to a full name seen in the document or in the people file), NORP that
   names a state -> STATE with label NORP (an adjective, not the state as an actor).

Numbers and dates never become entities, nor single lower-case words or strings without letters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from ..records import Document, Entity, Mention, make_id
from .gazetteer import Gazetteer, get_gazetteer, load_lexicon, slug
from .people import clean_person_name, find_role, resolve_short_names

__all__ = ["annotate"]

_NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_KEEP_UNLINKED = frozenset({"NORP", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"})
_GAZ_SOURCES = {"rule": "rule", "location": "rule"}


@dataclass
class _EntityDraft:
    id: str
    type: str
    name: str
    iso3: str | None = None
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    def seen(self, surface: str) -> None:
        if surface and surface != self.name and surface not in self.aliases:
            self.aliases.append(surface)

    def freeze(self) -> Entity:
        return Entity(self.id, self.type, self.name, tuple(self.aliases), self.iso3, dict(self.attributes))


def _surface(span: Span) -> str:
    """The span text without a leading lower-case "the" and a trailing possessive."""
    tokens = list(span)
    if len(tokens) > 1 and tokens[0].text == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].tag_ == "POS" or tokens[-1].lower_ in ("'s", "\u2019s")):
        tokens = tokens[:-1]
    return span.doc[tokens[0].i : tokens[-1].i + 1].text


def _junk(text: str) -> bool:
    words = text.split()
    if not any(c.isalpha() for c in text) or len(text) < 2:
        return True
    return len(words) == 1 and text.islower() and text.isalpha()


class _Linker:
    def __init__(self, doc: Doc, document: Document, gaz: Gazetteer):
        self.doc = doc
        self.document = document
        self.gaz = gaz
        self.entities: dict[str, _EntityDraft] = {}
        self.mentions: list[Mention] = []
        lex = load_lexicon()
        self.not_person = lex.get("not_person", frozenset())
        self.not_entity = lex.get("not_entity", frozenset())
        self.titles = lex.get("titles", frozenset())

    # -- entities ---------------------------------------------------------------------------------------------
    def _draft(self, entity_id: str, etype: str, name: str, **attrs: Any) -> _EntityDraft:
        draft = self.entities.get(entity_id)
        if draft is None:
            known = self.gaz.entities.get(entity_id)
            if known is not None:
                draft = _EntityDraft(known.id, known.type, known.name, known.iso3, [], dict(known.attributes))
            else:
                draft = _EntityDraft(entity_id, etype, name, attributes={k: v for k, v in attrs.items() if v})
            self.entities[entity_id] = draft
        return draft

    def _mention(
        self, span: Span, label: str, entity: str | None, source: str, text: str | None = None
    ) -> None:
        start, end = span.start_char, span.end_char
        mid = make_id("m", self.document.id, start, end)
        self.mentions.append(Mention(mid, self.document.id, start, end, span.text, label, entity, source))

    def _link(self, span: Span, entity: Entity | _EntityDraft, label: str, source: str) -> _EntityDraft:
        draft = self._draft(entity.id, entity.type, entity.name)
        draft.seen(_surface(span) if source == "model" else span.text)
        self._mention(span, label, draft.id, source)
        return draft

    # -- spans ------------------------------------------------------------------------------------------------
    def run(self) -> None:
        persons: list[tuple[Span, str]] = []
        for span in self.doc.ents:
            label = span.label_
            if label in _NUMERIC:
                continue
            if span.kb_id_:
                self._gazetteer_span(span)
                continue
            text = _surface(span)
            if _junk(text):
                continue
            if label == "PERSON":
                persons.append((span, text))
                continue
            self._model_span(span, label, text)
        self._people(persons)

    def _gazetteer_span(self, span: Span) -> None:
        kb, kind = span.kb_id_, span.id_
        source = _GAZ_SOURCES.get(kind, "gazetteer")
        label = "NORP" if kind in ("demonym", "prefix") else span.label_
        known = self.gaz.entities.get(kb)
        if known is not None:
            draft = self._link(span, known, label, source)
            if known.type == "PERSON":
                self._add_role(draft, span)
            return
        etype, _, key = kb.partition(":")
        if kind == "location":  # a capital used as a place ("in Moscow")
            draft = self._draft(kb, "PLACE", _surface(span), state=self.gaz.state_of(span.text))
        elif key.startswith(("embassy-", "consulate-")):
            iso3 = self.gaz.state_of(span[0].text)
            state = self.gaz.entities.get(f"STATE:{iso3}") if iso3 else None
            where = [t.text for t in span[2:] if t.lower_ not in ("in", "to")]
            name = f"{span[1].text.capitalize()} of {state.name if state else span[0].text}"
            name += f" in {' '.join(where)}" if where else ""
            draft = self._draft(kb, "ORG", name, kind="embassy", state=iso3)
        else:
            draft = self._draft(kb, etype, _surface(span))
        draft.seen(_surface(span))
        self._mention(span, label, draft.id, source)

    def _model_span(self, span: Span, label: str, text: str) -> None:
        if (
            text.lower() in self.not_entity
            or (len(span) == 1 and span[0].pos_ in ("ADJ", "VERB", "ADV"))
            or (len(span) == 1 and span[0].lower_ in self.titles)  # "Defense" of "Defense Minister"
        ):
            if label in _KEEP_UNLINKED:
                self._mention(span, label, None, "model")
            return  # "Western", "Private": the small model's capitalised adjectives are not places
        known = self.gaz.lookup(text)
        if known is not None and not (label == "NORP" and known.type != "STATE"):
            out_label = "NORP" if label == "NORP" else known.type
            self._link(span, known, out_label, "gazetteer")
            return
        if label in ("GPE", "LOC", "FAC"):
            draft = self._draft(f"PLACE:{slug(text)}", "PLACE", text)
            draft.seen(text)
            self._mention(span, "PLACE", draft.id, "model")
        elif label == "ORG":
            draft = self._draft(f"ORG:{slug(text)}", "ORG", text)
            draft.seen(text)
            self._mention(span, "ORG", draft.id, "model")
        elif label in _KEEP_UNLINKED:
            self._mention(span, label, None, "model")

    # -- people -----------------------------------------------------------------------------------------------
    def _people(self, persons: Iterable[tuple[Span, str]]) -> None:
        cleaned: list[tuple[Span, str, str]] = []
        for span, _text in persons:
            name, _titles = clean_person_name(span)
            low = name.lower()
            if (
                _junk(name)
                or low in self.not_person
                or low in self.not_entity
                or not any(c.isupper() for c in name)
            ):
                continue
            if " " not in name and (
                span[-1].pos_ in ("VERB", "AUX") or span[-1].tag_ == "NNPS" or span[-1].is_stop
            ):
                continue  # "Said ..." at a sentence start, "Realists": not people
            known = self.gaz.lookup(name)
            if known is not None and known.type != "PERSON":
                self._link(span, known, known.type, "gazetteer")  # an outlet or org the model called PERSON
                continue
            cleaned.append((span, name, known.id if known is not None else ""))
        full_names = [self._canonical(n, k) for _s, n, k in cleaned if " " in n]
        full_names += [d.name for d in self.entities.values() if d.type == "PERSON" and " " in d.name]
        for span, name, known_id in cleaned:
            if known_id:
                draft = self._draft(known_id, "PERSON", name)
            else:
                target = name if " " in name else resolve_short_names(name, full_names)
                canonical = target or name
                known = self.gaz.lookup(canonical)
                eid = (
                    known.id if known is not None and known.type == "PERSON" else f"PERSON:{slug(canonical)}"
                )
                draft = self._draft(eid, "PERSON", canonical)
            draft.seen(name)
            self._mention(span, "PERSON", draft.id, "model")
            self._add_role(draft, span)

    def _canonical(self, name: str, known_id: str) -> str:
        if known_id and known_id in self.gaz.entities:
            return self.gaz.entities[known_id].name
        return name

    def _add_role(self, draft: _EntityDraft, span: Span) -> None:
        role, state = find_role(span, self.gaz)
        if role and "role_in_text" not in draft.attributes:
            draft.attributes["role_in_text"] = role
            draft.attributes["role"] = role
        if state and not draft.attributes.get("state"):
            draft.attributes["state"] = state


def annotate(doc: Doc, document: Document) -> tuple[list[Mention], list[Entity]]:
    """Mentions (one per linked or typed span, in text order) and the document's canonical entities.

    ``doc`` must come from :func:`claimgraph.nlp.load_pipeline` run on ``document.text`` (offsets are
    character offsets into that text). Entity ``name`` is canonical; ``aliases`` lists every other surface
    form seen in this document.
    """
    linker = _Linker(doc, document, get_gazetteer())
    linker.run()
    mentions = sorted(linker.mentions, key=lambda m: (m.start, m.end))
    return mentions, [d.freeze() for d in linker.entities.values()]
