"""Entity linking: ``doc.ents`` (model + gazetteer) -> :class:`Mention` and canonical :class:`Entity` records.

Linking order for one span:

1. the gazetteer component already put a canonical id in ``kb_id_`` -> that entity;
2. otherwise the cleaned surface form is looked up in the gazetteer (case variants, "the", possessives);
3. otherwise by the model's label: GPE that names a state -> STATE, other GPE/LOC/FAC -> PLACE, ORG -> ORG,
   PERSON -> PERSON (short names resolved to a full name seen in the document or in the people file), NORP that
   names a state -> STATE with label NORP (an adjective, not the state as an actor).

Numbers and dates never become entities, nor single lower-case words or strings without letters.

Beyond the spans, for entities nobody listed (see also ``claimgraph.recognizer.v1``):

* a weapon designation found by pattern (span ``id_`` "pattern") is named by its designation, with the weapon
  noun that follows it as an alias and ``kind`` ("Type 054A/P" + "Type 054A/P frigate", kind ship); a ship class
  is named with its vessel noun ("Hangor-class submarine");
* an organisation the model found gets a ``kind`` from its head word ("Pakistan Navy" -> military, "... Board"
  -> agency) and a parent ``state`` from a state word in its name, a possessive before it ("China's Commerce
  Ministry"), a cue phrase ("Russian state corporation X") or its parent company ("Boeing Defense"); the form
  without the demonym and the "X of <State>" form of "<State>'s X" are aliases; "Full Name (ACR)" makes the
  acronym an alias and links later mentions of it;
* an official named by office and state ("the Indian ambassador", "Russia's foreign minister", "a Chinese foreign
  ministry spokesperson", "the US envoy") is linked to the person of this document who holds that office, else
  becomes a PERSON entity of its own with ``role``, ``state`` and ``unnamed: true``; an office of a state ("the
  Turkish defence ministry") links to the gazetteer's ministry of that state and topic, else becomes an ORG with
  ``kind`` and ``state``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from ..records import Document, Entity, Mention, make_id
from .gazetteer import Gazetteer, get_gazetteer, lexicon_table, load_lexicon, slug
from .people import clean_person_name, find_role, resolve_short_names

__all__ = ["annotate"]

_NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_KEEP_UNLINKED = frozenset({"NORP", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "LANGUAGE"})
_GAZ_SOURCES = {"rule": "rule", "location": "rule"}


# class nouns that follow a weapon designation, with their singular
_CLASS_NOUNS = {
    "helicopters": "helicopter", "helicopter": "helicopter", "frigates": "frigate", "frigate": "frigate",
    "submarines": "submarine", "submarine": "submarine", "jets": "jet", "jet": "jet", "fighters": "fighter",
    "fighter": "fighter", "aircraft": "aircraft", "missiles": "missile", "missile": "missile", "tanks": "tank",
    "tank": "tank", "drones": "drone", "drone": "drone", "systems": "system", "system": "system",
    "corvettes": "corvette", "corvette": "corvette", "destroyers": "destroyer", "destroyer": "destroyer",
    "howitzers": "howitzer", "howitzer": "howitzer", "rifles": "rifle", "rifle": "rifle", "engines": "engine",
    "engine": "engine", "planes": "plane", "plane": "plane", "launchers": "launcher", "launcher": "launcher",
}


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
        forms = [surface]
        if self.type == "WEAPON_SYSTEM":
            # "12 Caracal helicopters", "Type 054 A/P frigates": the system is also known by the designation
            # without its class noun, and by the singular
            words = surface.split()
            if len(words) > 1 and words[-1].lower() in _CLASS_NOUNS:
                forms.append(" ".join(words[:-1]))
                forms.append(" ".join([*words[:-1], _CLASS_NOUNS[words[-1].lower()]]))
        for form in forms:
            if form and form != self.name and form not in self.aliases:
                self.aliases.append(form)

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
        self.cues = lexicon_table("org_cues")
        self.org_heads = lexicon_table("org_heads")
        self.weapon_kinds = lexicon_table("weapon_nouns")
        self.vessel_nouns = lex.get("vessel_nouns", frozenset())
        self.official_heads = lex.get("official_heads", frozenset())
        self.office_heads = lex.get("office_heads", frozenset())
        self.topics = lexicon_table("office_topics")
        self.leader_roles = lex.get("leader_roles", frozenset())
        self.acronyms: dict[str, str] = {}  # "IRRPL" -> the entity id of "Indo-Russian Rifles Private Limited"

    # -- entities ---------------------------------------------------------------------------------------------
    def _draft(self, entity_id: str, etype: str, name: str, **attrs: Any) -> _EntityDraft:
        draft = self.entities.get(entity_id)
        if draft is None:
            known = self.gaz.entities.get(entity_id)
            if known is not None:
                draft = _EntityDraft(known.id, known.type, known.name, known.iso3, [], dict(known.attributes))
            else:
                name = " ".join(name.split())  # a name broken across lines is still one name
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
                if not self._acronym_link(span, text):
                    persons.append((span, text))
                continue
            self._model_span(span, label, text)
        self._people(persons)
        self._merge_mislabelled_people()
        self._officials()

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
        if kind == "pattern" and label == "WEAPON_SYSTEM":
            self._pattern_weapon(span)
            return
        known = self.gaz.entities.get(kb)
        if known is not None:
            draft = self._link(span, known, label, "rule" if kind == "variant" else source)
            if known.type == "PERSON":
                self._add_role(draft, span)
            elif known.type == "ORG":
                self._org_aliases(draft, _surface(span))
                self._note_acronym(span, draft)
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
        window = self.doc[max(0, j - 3) : j]
        for k in range(len(window) - 1, -1, -1):
            two = window[k - 1 : k + 1].text if k > 0 else None
            iso = (self.gaz.state_of(two) if two else None) or self.gaz.state_of(window[k].text)
            if iso is not None:
                state = iso
                break
        return kind, state

    def _cued_org(self, span: Span, text: str) -> bool:
        """Link a name after an organisation cue noun as an ORG of that kind; False when there is no cue."""
        kind, state = self._org_cue(span)
        if kind is None:
            return False
        attrs, aliases = self._org_profile(span, text)
        draft = self._draft(f"ORG:{slug(text)}", "ORG", text, kind=kind, state=state or attrs.get("state"))
        for k, v in attrs.items():
            draft.attributes.setdefault(k, v)
        draft.seen(text)
        for a in aliases:
            draft.seen(a)
        self._mention(span, "ORG", draft.id, "rule")
        self._note_acronym(span, draft)
        return True

    def _model_span(self, span: Span, label: str, text: str) -> None:
        if self._acronym_link(span, text):
            return
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
        source = "rule" if span.id_ in ("rule", "division", "extended") else "model"
        if label in ("GPE", "LOC", "FAC"):
            draft = self._draft(f"PLACE:{slug(text)}", "PLACE", text)
            draft.seen(text)
            self._mention(span, "PLACE", draft.id, source)
        elif label == "ORG":
            attrs, aliases = self._org_profile(span, text)
            office = self._known_office(attrs.get("state"), attrs.get("kind"), text) or self._spelled_like(text)
            if office is not None:
                draft = self._draft(office, "ORG", text)
            else:
                draft = self._draft(f"ORG:{slug(text)}", "ORG", text, **attrs)
            for k, v in attrs.items():
                draft.attributes.setdefault(k, v)
            draft.seen(text)
            for a in aliases:
                draft.seen(a)
            self._org_aliases(draft, text)
            self._mention(span, "ORG", draft.id, source)
            self._note_acronym(span, draft)
        elif label in _KEEP_UNLINKED:
            self._mention(span, label, None, "model")

    # -- weapons found by pattern -----------------------------------------------------------------------------
    def _noun_after(self, span: Span) -> str | None:
        """The weapon or vessel noun right after a designation (lemma), skipping up to two modifiers."""
        for t in self.doc[span.end : min(len(self.doc), span.end + 3)]:
            if t.lower_ in self.weapon_kinds or t.lower_ in self.vessel_nouns:
                return t.lemma_.lower() if t.lemma_ else t.lower_
            if t.is_punct and t.text != ".":
                break
        return None

    def _pattern_weapon(self, span: Span) -> None:
        kb = span.kb_id_
        key = kb.partition(":")[2]
        noun = self._noun_after(span)
        ship_class = key.endswith("-class")
        name = f"{key} {noun}" if ship_class and noun else key
        kind = "ship" if ship_class else self.weapon_kinds.get(noun or "")
        draft = self.entities.get(kb)
        if draft is None:
            draft = self._draft(kb, "WEAPON_SYSTEM", name, kind=kind)
        elif ship_class and noun and draft.name == key:
            draft.name = name
        if kind and not draft.attributes.get("kind"):
            draft.attributes["kind"] = kind
        draft.seen(_surface(span))
        if ship_class:
            draft.seen(key)
        elif noun:
            draft.seen(f"{key} {noun}")
        self._mention(span, "WEAPON_SYSTEM", draft.id, "rule")

    # -- organisations nobody listed ----------------------------------------------------------------------------
    def _org_profile(self, span: Span, text: str) -> tuple[dict[str, Any], list[str]]:
        """``kind`` and parent ``state`` of an organisation from its name and context, and the aliases it implies
        ("Indian Ordnance Factory Board" -> agency, IND, alias "Ordnance Factory Board")."""
        attrs: dict[str, Any] = {}
        aliases: list[str] = []
        words = text.split()
        low = [w.lower().strip(".,") for w in words]
        if not words:
            return attrs, aliases
        kind = self.org_heads.get(low[-1])
        if kind is None and len(low) > 1 and f"{low[-2]} {low[-1]}" == "air force":
            kind = "military"
        if kind is None:
            kind = next((self.org_heads[w] for w in reversed(low[:-1]) if w in self.org_heads), None)
        state: str | None = None
        if span.id_ == "division":
            for n in range(len(words) - 1, 0, -1):
                parent = self.gaz.lookup(" ".join(words[:n]))
                if parent is not None and parent.type == "ORG":
                    attrs["parent"] = parent.id
                    state = self.gaz.org_state(parent.id)
                    kind = kind or "company"
                    if parent.attributes.get("kind") == "company":
                        kind = "company"
                    break
        if state is None:
            for n in (3, 2, 1):
                if len(words) <= n:
                    continue
                head = " ".join(words[:n])
                iso = self.gaz.state_of(head)
                if iso is None:
                    continue
                state = iso
                rest = " ".join(words[n:])
                term = self.gaz.term(head)
                # "Indian Ordnance Factory Board" is also the "Ordnance Factory Board"; "Iran Air" is not "Air"
                if term is not None and term.kind == "demonym" and rest[:1].isupper() and (
                    len(words) - n >= 2 or low[-1] not in self.org_heads
                ):
                    aliases.append(rest)
                break
        if state is None and "of" in low[:-1]:
            state = self.gaz.state_of(" ".join(words[len(low) - 1 - low[::-1].index("of") + 1 :]))
        if state is None:
            state = self._possessor_state(span)
        if state is None:
            state = self._list_state(span)
        if kind:
            attrs["kind"] = kind
        if state:
            attrs["state"] = state
        return attrs, aliases

    def _spelled_like(self, text: str) -> str | None:
        """An organisation of this document or of the gazetteer spelt a little differently ("People Liberation
        Army"): same number of words, rapidfuzz ratio >= 92."""
        words = text.split()
        if len(words) < 2:
            return None
        for d in self.entities.values():
            if d.type == "ORG" and any(
                len(n.split()) == len(words) and fuzz.ratio(text.lower(), n.lower()) >= 92 for n in (d.name, *d.aliases)
            ):
                return d.id
        names, ids = _org_names(self.gaz)
        hit = process.extractOne(text.lower(), names, scorer=fuzz.ratio, score_cutoff=92)
        if hit is not None and len(hit[0].split()) == len(words):
            return ids[hit[2]]
        return None

    def _list_state(self, span: Span) -> str | None:
        """The state of a plural cue noun whose list the name is in: "US companies Lockheed Martin, Boeing
        Defense and Raytheon", "the nine US firms ... are A, B and C" -> USA."""
        if not self.doc.has_annotation("DEP"):
            return None
        t = span.root
        for _ in range(12):  # to the first conjunct of a list
            if t.dep_ != "conj" or t.head.i == t.i:
                break
            t = t.head
        h = t.head
        if t.dep_ in ("nsubj", "attr") and h.lemma_ in ("be", "include"):
            h = next((c for c in h.children if c.dep_ == "nsubj" and c.i != t.i), h)
        elif t.dep_ not in ("appos", "compound", "dobj", "pobj") and t.dep_ != "conj":
            return None
        if h.tag_ not in ("NNS", "NNPS") or self.cues.get(h.lemma_.lower()) not in ("company", "media"):
            return None
        for c in h.children:
            if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < h.i:
                iso = self.gaz.state_of(c.text) or self.gaz.state_of(self.doc[c.left_edge.i : c.i + 1].text)
                if iso:
                    return iso
        return None

    def _possessor_state(self, span: Span) -> str | None:
        """The state of a possessive right before a span: "China's Commerce Ministry" -> CHN."""
        j = span.start - 1
        if j < 1 or self.doc[j].tag_ != "POS":
            return None
        for k in (3, 2, 1):
            if j - k < 0:
                continue
            iso = self.gaz.state_of(self.doc[j - k : j].text)
            if iso:
                return iso
        return None

    def _known_office(self, state: Any, kind: Any, text: str) -> str | None:
        """The gazetteer's organisation of ``state`` and ``kind`` on the topic the name names ("the Turkish
        defence ministry" -> the Ministry of National Defence of Turkey), when exactly one fits."""
        if not state or kind != "ministry":
            return None  # armed forces are told apart by branch ("Navy", "Army"), not by state and topic
        topic = self._topic(text)
        if topic is None:
            return None
        return _office_index(self.gaz, self.topics).get((str(state), str(kind), topic))

    def _topic(self, text: str) -> str | None:
        for w in text.lower().replace("-", " ").split():
            t = self.topics.get(w.strip(".,'\u2019s"))
            if t:
                return t
        return None

    def _org_aliases(self, draft: _EntityDraft, surface: str) -> None:
        """ "China's Communist Party" also names the "Communist Party of China"."""
        m = _POSSESSIVE.match(surface)
        if m is None:
            return
        owner, rest = m.group(1), m.group(2)
        if rest[:1].isupper() and self.gaz.state_of(owner):
            draft.seen(f"{rest} of {owner}")

    # -- acronyms ----------------------------------------------------------------------------------------------
    def _note_acronym(self, span: Span, draft: _EntityDraft) -> None:
        """ "Indo-Russian Rifles Private Limited (IRRPL)": the acronym is an alias, and names it later on."""
        doc, k = self.doc, span.end
        if k + 2 >= len(doc) or doc[k].text != "(" or doc[k + 2].text != ")":
            return
        acr = doc[k + 1]
        letters = [c for c in acr.text if c.isalpha()]
        if len(letters) < 2 or not all(c.isupper() for c in letters) or not _initials_fit(letters, span):
            return
        self.acronyms[acr.text] = draft.id
        draft.seen(acr.text)
        if acr.ent_iob_ == "O":
            self._mention(doc[k + 1 : k + 2], draft.type, draft.id, "rule")

    def _acronym_link(self, span: Span, text: str) -> bool:
        eid = self.acronyms.get(text)
        draft = self.entities.get(eid) if eid else None
        if draft is None:
            return False
        draft.seen(text)
        self._mention(span, draft.type, draft.id, "rule")
        return True

    # -- officials and offices named by their state -----------------------------------------------------------
    def _officials(self) -> None:
        doc = self.doc
        if not doc.has_annotation("DEP"):
            return
        in_ent = {k for e in doc.ents for k in range(e.start, e.end)}
        for s in doc.ents:
            state = None
            if s.kb_id_.startswith("STATE:"):
                state = s.kb_id_.partition(":")[2]
            elif s.label_ == "ORG" and s.kb_id_:
                state = self.gaz.org_state(s.kb_id_)
            if not state:
                continue
            h = s.root
            for _ in range(5):
                if h.dep_ in ("compound", "amod", "poss", "nmod") and h.head.i > h.i and h.head.pos_ in (
                    "NOUN", "PROPN"
                ):
                    h = h.head
                    continue
                break
            if h.i < s.end or h.i in in_ent or h.tag_ in ("NNS", "NNPS"):
                continue
            start = s.end
            while start <= h.i and doc[start].tag_ == "POS":
                start += 1
            phrase = doc[start : h.i + 1]
            if not len(phrase) or any(t.i in in_ent or not (t.is_alpha or t.text == "-") for t in phrase):
                continue
            if h.lower_ in self.official_heads or h.lemma_.lower() in self.official_heads:
                nxt = h.i + 1
                if nxt < len(doc) and doc[nxt].text == ",":
                    nxt += 1
                if nxt < len(doc) and doc[nxt].ent_type_ == "PERSON":
                    continue  # "the US envoy, Jane Doe": the named person's role
                self._official_person(s, phrase, state)
            elif h.lower_ in self.office_heads and s.label_ in ("STATE", "NORP"):
                self._office(s, phrase, state)

    def _official_person(self, s: Span, phrase: Span, state: str) -> None:
        if s.label_ in ("STATE", "NORP"):
            role = phrase.text
        else:  # "a Chinese defence ministry spokesman": the office is part of the role, its state is not
            words = _surface(s).split()
            while len(words) > 1 and self.gaz.state_of(words[0]):
                words = words[1:]
            role = f"{' '.join(words)} {phrase.text}"
        want = _role_words(role, self.topics)
        if want == {"leader"}:
            want = frozenset()  # "the Russian leader": whoever heads the state (checked below)
        hits = [
            d
            for d in self.entities.values()
            if d.type == "PERSON"
            and d.attributes.get("state") == state
            and not d.attributes.get("unnamed")
            and any(
                self._holds(want, _role_words(str(d.attributes.get(k) or ""), self.topics), k == "known_role")
                for k in ("role", "known_role")
            )
        ]
        if len(hits) == 1:
            draft = hits[0]
        else:
            name = _surface(self.doc[s.start : phrase.end])
            draft = self._draft(f"PERSON:{state.lower()}-{slug(role)}", "PERSON", name, role=role, state=state)
            draft.attributes["unnamed"] = True
        draft.seen(_surface(self.doc[s.start : phrase.end]))
        self._mention(phrase, "PERSON", draft.id, "rule")

    def _holds(self, want: frozenset[str], has: frozenset[str], known: bool) -> bool:
        """A role asked for by its words is held: all of them ("foreign minister"), or, asked for no word (a bare
        "leader"), a head of state or government and nothing else ("President of Russia", not "president of
        Russia's central bank"). A "former" role from the text never holds; the people file's "former" is
        relative to today, not to the article, so it is ignored there."""
        if known:
            has = has - {"former"}
        if not has or ("former" in has and "former" not in want):
            return False
        if want:
            return want <= has
        rest = {w for w in has - self.leader_roles if w not in _LEADER_EXTRAS and not self.gaz.state_of(w)}
        return bool(has & self.leader_roles) and not rest

    def _office(self, s: Span, phrase: Span, state: str) -> None:
        kind = self.org_heads.get(phrase[-1].lower_) or "ministry"
        surface = _surface(self.doc[s.start : phrase.end])
        office = self._known_office(state, kind, phrase.text)
        if office is not None:
            draft = self._draft(office, "ORG", surface)
        else:
            st = self.gaz.entities.get(f"STATE:{state}")
            title = " ".join(w[:1].upper() + w[1:] for w in phrase.text.split())
            name = f"{title} of {st.name if st else state}"
            draft = self._draft(f"ORG:{state.lower()}-{slug(phrase.text)}", "ORG", name, kind=kind, state=state)
        draft.seen(surface)
        self._mention(phrase, "ORG", draft.id, "rule")

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
            source = "gazetteer" if span.kb_id_ else ("rule" if span.id_ == "rule" else "model")
            self._mention(span, "PERSON", draft.id, source)
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


_LEADER_EXTRAS = frozenset({"supreme", "general", "secretary", "crown", "state", "people's", "republic"})
_POSSESSIVE = re.compile(r"^(.+?)['\u2019]s\s+(.+)$")
_OFFICE_INDEX: dict[int, dict[tuple[str, str, str | None], str]] = {}


def _office_index(gaz: Gazetteer, topics: dict[str, str]) -> dict[tuple[str, str, str | None], str]:
    """(state, kind, topic) -> the one gazetteer organisation of that state, kind and topic (built once)."""
    index = _OFFICE_INDEX.get(id(gaz))
    if index is not None:
        return index
    found: dict[tuple[str, str, str | None], set[str]] = {}
    for e in gaz.entities.values():
        kind, state = e.attributes.get("kind"), e.attributes.get("state")
        if e.type != "ORG" or kind != "ministry" or not state:
            continue
        topic = None
        for w in " ".join((e.name, *e.aliases)).lower().replace("-", " ").split():
            topic = topics.get(w.strip(".,"))
            if topic:
                break
        found.setdefault((str(state), str(kind), topic), set()).add(e.id)
    index = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    _OFFICE_INDEX[id(gaz)] = index
    return index


_ORG_NAMES: dict[int, tuple[list[str], list[str]]] = {}


def _org_names(gaz: Gazetteer) -> tuple[list[str], list[str]]:
    """Lower-case multi-word names and aliases of the gazetteer's organisations, with their entity ids."""
    got = _ORG_NAMES.get(id(gaz))
    if got is None:
        names: list[str] = []
        ids: list[str] = []
        for e in gaz.entities.values():
            if e.type == "ORG":
                for n in (e.name, *e.aliases):
                    if " " in n:
                        names.append(n.lower())
                        ids.append(e.id)
        got = _ORG_NAMES[id(gaz)] = (names, ids)
    return got


def _role_words(role: str, topics: dict[str, str]) -> frozenset[str]:
    """Content words of a role with office topics folded ("Defence Minister" == "minister of defense")."""
    out = set()
    for w in role.lower().replace("-", " ").split():
        w = w.strip(".,;'\u2019s") if w.endswith(("'s", "\u2019s")) else w.strip(".,;")
        if w in ("of", "the", "a", "an", "and", "for", "top", "senior", "new", "current") or not w:
            continue
        out.add(topics.get(w, w))
    return frozenset(out)



def _initials_fit(letters: list[str], span: Span) -> bool:
    """The acronym's letters follow the initials of the name's words in order ("KS&EW", "IRRPL")."""
    initials = [w[0].upper() for t in span for w in t.text.replace("-", " ").split() if w[:1].isalpha()]
    caps = [c for c in span.text if c.isupper()]
    for pool in (initials, caps):
        i = 0
        for c in pool:
            if i < len(letters) and c == letters[i]:
                i += 1
        if i == len(letters):
            return True
    return False


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
