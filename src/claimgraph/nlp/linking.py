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

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..records import Document, Entity, Mention, make_id
from .gazetteer import Gazetteer, get_gazetteer, load_lexicon, org_cue_kinds, slug
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
        surface = " ".join(surface.split())  # a name broken across lines is still one name
        if surface and surface != self.name and surface not in self.aliases:
            self.aliases.append(surface)

    def freeze(self) -> Entity:
        attrs = {k: v for k, v in self.attributes.items() if not k.startswith("_")}
        return Entity(self.id, self.type, self.name, tuple(self.aliases), self.iso3, attrs)


def _surface(span: Span) -> str:
    """The span text without a leading lower-case "the" and a trailing possessive."""
    tokens = list(span)
    if len(tokens) > 1 and tokens[0].text == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].tag_ == "POS" or tokens[-1].lower_ in ("'s", "\u2019s")):
        tokens = tokens[:-1]
    return span.doc[tokens[0].i : tokens[-1].i + 1].text


_NAME_PARTICLES = frozenset(
    {
        "al",
        "bin",
        "ibn",
        "da",
        "de",
        "del",
        "der",
        "di",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "van",
        "von",
        "y",
        "zu",
    }
)


def _junk(text: str) -> bool:
    words = text.split()
    if not any(c.isalpha() for c in text) or len(text) < 2:
        return True
    if "://" in text or text.lower().startswith("www.") or "<" in text or ">" in text:
        return True  # URLs and markup are not names
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
        self.cues = org_cue_kinds()

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

    def _mention(self, span: Span, label: str, entity: str | None, source: str) -> None:
        start, end = span.start_char, span.end_char
        mid = make_id("m", self.document.id, start, end)
        self.mentions.append(Mention(mid, self.document.id, start, end, span.text, label, entity, source))

    def _link(self, span: Span, entity: Entity | _EntityDraft, label: str, source: str) -> _EntityDraft:
        draft = self._draft(entity.id, entity.type, entity.name)
        draft.seen(span.text if span.id_ == "seat" else _surface(span))
        self._mention(span, label, draft.id, source)
        return draft

    # -- spans ------------------------------------------------------------------------------------------------
    def run(self) -> None:
        persons: list[tuple[Span, str]] = []
        for span in self.doc.ents:
            label = span.label_
            if label in _NUMERIC:
                continue
            if span.kb_id_ and not (label == "PERSON" and span.id_ == "short"):
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
        self._merge_mislabelled_people()

    def _merge_mislabelled_people(self) -> None:
        """A name the model called PERSON once and GPE/ORG elsewhere is one person ("Tomas Reinholt said")."""
        people = {n: d.id for d in self.entities.values() if d.type == "PERSON" for n in (d.name, *d.aliases)}
        moved: dict[str, str] = {}
        for eid, draft in list(self.entities.items()):
            if draft.type in ("PLACE", "ORG") and eid not in self.gaz.entities and draft.name in people:
                target = self.entities[people[draft.name]]
                for alias in draft.aliases:
                    target.seen(alias)
                moved[eid] = target.id
                del self.entities[eid]
        if moved:
            self.mentions = [
                dataclasses.replace(m, entity=moved[m.entity], label="PERSON") if m.entity in moved else m
                for m in self.mentions
            ]

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
            self._nested_place(span)
        else:
            draft = self._draft(kb, etype, _surface(span))
        draft.seen(_surface(span))
        self._mention(span, label, draft.id, source)

    def _nested_place(self, span: Span) -> None:
        """The host city of "the Chinese embassy in Moscow" is mentioned too: a PLACE mention inside the ORG."""
        k = next((t.i for t in span[2:] if t.lower_ in ("in", "to")), None)
        if k is None or k + 1 >= span.end:
            return
        place = self.doc[k + 1 : span.end]
        known = self.gaz.lookup(place.text)
        if known is not None and known.type == "PLACE":
            draft = self._draft(known.id, "PLACE", known.name)
        else:
            draft = self._draft(
                f"PLACE:{slug(place.text)}", "PLACE", place.text, state=self.gaz.state_of(place.text)
            )
        draft.seen(place.text)
        self._mention(place, "PLACE", draft.id, "rule")

    def _org_cue(self, span: Span) -> tuple[str | None, str | None]:
        """``(kind, state)`` from a cue noun right before the name: "Chinese outlet Sohu" -> (media, CHN)."""
        j = span.start - 1
        if j < 0:
            return None, None
        cue = self.doc[j].lower_
        kind = self.cues.get(cue)
        if kind is None or (cue == "tank" and (j == 0 or self.doc[j - 1].lower_ != "think")):
            return None, None
        state = None
        for t in reversed(self.doc[max(0, j - 3) : j]):
            iso = self.gaz.state_of(t.text)
            if iso is not None:
                state = iso
                break
        return kind, state

    def _cued_org(self, span: Span, text: str) -> bool:
        """Link a name after an organisation cue noun as an ORG of that kind; False when there is no cue."""
        kind, state = self._org_cue(span)
        if kind is None:
            return False
        draft = self._draft(f"ORG:{slug(text)}", "ORG", text, kind=kind, state=state)
        draft.seen(text)
        self._mention(span, "ORG", draft.id, "rule")
        return True

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
        if label in ("ORG", "GPE") and self._cued_org(span, text):
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
        cleaned: list[tuple[Span, str, str, list[Token]]] = []
        for span, _text in persons:
            name, titles = clean_person_name(span)
            low = name.lower()
            if (
                _junk(name)
                or low in self.not_person
                or low in self.not_entity
                or not any(c.isupper() for c in name)
            ):
                continue
            if any(w[:1].islower() and w not in _NAME_PARTICLES for w in name.split()):
                continue  # "top crude supplier": a person's name has no lower-case words but particles
            if " " not in name and (
                span[-1].pos_ in ("VERB", "AUX") or span[-1].tag_ == "NNPS" or span[-1].is_stop
            ):
                continue  # "Said ..." at a sentence start, "Realists": not people
            known = self.gaz.lookup(name)
            if known is None and self._cued_org(span, name):
                continue  # "the Russian daily Moskovsky Vestnik": a newspaper the model called PERSON
            if known is not None and known.type != "PERSON":
                self._link(span, known, known.type, "gazetteer")  # an outlet or org the model called PERSON
                continue
            cleaned.append((span, name, known.id if known is not None else "", titles))
        full_names = [self._canonical(n, k) for _s, n, k, _t in cleaned if " " in n]
        full_names += [d.name for d in self.entities.values() if d.type == "PERSON" and " " in d.name]
        for span, name, known_id, titles in cleaned:
            if known_id and " " not in name:
                # a surname the people file knows ("Lavrov") still means the full name written in this
                # document when that is someone else ("Alexander Lavrov")
                target = resolve_short_names(name, full_names)
                other = self.gaz.lookup(target) if target else None
                if target and (other is None or other.id != known_id):
                    known_id = other.id if other is not None and other.type == "PERSON" else ""
                    name_for_id = target
                else:
                    name_for_id = name
            else:
                name_for_id = name
            if known_id:
                draft = self._draft(known_id, "PERSON", name)
            elif name_for_id != name:
                draft = self._draft(f"PERSON:{slug(name_for_id)}", "PERSON", name_for_id)
            else:
                target = name if " " in name else resolve_short_names(name, full_names)
                canonical = target or name
                known = self.gaz.lookup(canonical)
                eid = (
                    known.id if known is not None and known.type == "PERSON" else f"PERSON:{slug(canonical)}"
                )
                draft = self._draft(eid, "PERSON", canonical)
            draft.seen(name)
            self._mention(span, "PERSON", draft.id, "gazetteer" if span.kb_id_ else "model")
            self._add_role(draft, span, titles)

    def _canonical(self, name: str, known_id: str) -> str:
        if known_id and known_id in self.gaz.entities:
            return self.gaz.entities[known_id].name
        return name

    def _add_role(self, draft: _EntityDraft, span: Span, titles: Sequence[Token] = ()) -> None:
        """Set ``role`` from the text (first one seen wins); the people file's role moves to ``known_role``."""
        role, state = find_role(span, self.gaz)
        heads = load_lexicon().get("role_heads", frozenset())
        if role is None and any(t.lower_ in heads for t in titles):
            role = " ".join(t.text for t in titles)  # "General" of a model span "General Li Shangfu"
        if role and not draft.attributes.get("_role_from_text"):
            known = draft.attributes.get("role")
            if known and known != role:
                draft.attributes["known_role"] = known
            draft.attributes["role"] = role
            draft.attributes["_role_from_text"] = True
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
