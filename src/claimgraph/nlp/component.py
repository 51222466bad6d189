"""The ``claimgraph.gazetteer.v1`` spaCy component: gazetteer matches that correct the model's entities.

spaCy forbids dots in factory names, so the factory is registered as ``claimgraph_gazetteer_v1`` and the pipe is
added under the versioned name ``claimgraph.gazetteer.v1`` (``nlp.get_pipe("claimgraph.gazetteer.v1")``).

The small English model makes systematic errors on this domain (S-400 as ORG or QUANTITY, outlets such as Sohu
as PERSON, Xinhua as GPE, "Triumf" as ORG). The component runs after ``ner``, matches every gazetteer surface form
with two PhraseMatchers compiled once (``ORTH`` for one-word, case-sensitive forms such as "US" or "Tor", ``LOWER``
for longer names) and rewrites ``doc.ents`` so that gazetteer spans win over the model's overlapping spans, except
where the model found a longer proper name around a place ("New Jersey", "South China Sea"). Each gazetteer span
carries the canonical entity id in ``kb_id_`` and the way it names the entity (name, alias, metonym, seat,
demonym, prefix, collective, short, location, fuzzy, rule) in ``id_``. All selected gazetteer spans are also kept
in ``doc.spans[spans_key]``.

Linguistic refinements made here so that every consumer of ``doc.ents`` sees them:

* a capital city after a locative preposition, before "-based", in a dateline ("MOSCOW, May 4 -") or listed
  with other places ("New Delhi, Kolkata and Hanoi") is a PLACE, not the state;
* "<demonym> embassy/consulate (in <Place>)" becomes an ORG span ("the Chinese embassy in Moscow");
* a model PERSON span around a known surname ("Segei Shoigu") keeps the model's text and links to the known
  person only when the first name is a close spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .gazetteer import Gazetteer, Term, _case_variants, get_gazetteer, load_lexicon, slug

__all__ = ["FACTORY", "PIPE_NAME", "GazetteerComponent", "make_gazetteer"]

FACTORY = "claimgraph_gazetteer_v1"
PIPE_NAME = "claimgraph.gazetteer.v1"
_MODEL_CAN_EXTEND = frozenset({"GPE", "LOC", "FAC", "ORG"})


@Language.factory(
    FACTORY,
    assigns=["doc.ents", "token.ent_type", "token.ent_kb_id", "doc.spans"],
    default_config={"spans_key": "claimgraph_gazetteer"},
)
def make_gazetteer(nlp: Language, name: str, spans_key: str) -> GazetteerComponent:
    """Factory registered under a versioned name; behaviour changes get a ``.v2``, not a silent edit."""
    return GazetteerComponent(nlp, name, get_gazetteer(), spans_key=spans_key)


class GazetteerComponent:
    """Matches gazetteer terms and merges them into ``doc.ents`` (gazetteer first, model second)."""

    def __init__(
        self, nlp: Language, name: str, gazetteer: Gazetteer, spans_key: str = "claimgraph_gazetteer"
    ):
        self.name = name
        self.spans_key = spans_key
        self.gazetteer = gazetteer
        lex = load_lexicon()
        self._role_words = lex.get("titles", frozenset()) | lex.get("role_heads", frozenset())
        self._locative = lex.get("locative_prepositions", frozenset())
        self._locative_suffix = lex.get("locative_suffixes", frozenset())
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._terms: dict[int, Term] = {}
        self._build(nlp, gazetteer.terms)
        self._rules = Matcher(nlp.vocab)
        demonyms = sorted({t.text for t in gazetteer.terms if t.kind == "demonym" and " " not in t.text})
        self._rules.add(
            "EMBASSY",
            [
                [
                    {"ORTH": {"IN": demonyms}},
                    {"LOWER": {"IN": ["embassy", "consulate", "consulate-general"]}},
                    {"LOWER": {"IN": ["in", "to"]}, "OP": "?"},
                    {"IS_TITLE": True, "OP": "*"},
                ]
            ],
            greedy="LONGEST",
        )

    def _build(self, nlp: Language, terms: Iterable[Term]) -> None:
        orth: dict[str, set[str]] = {}
        lower: dict[str, set[str]] = {}
        for t in terms:
            key = f"{t.entity_id}|{t.kind}|{t.label}"
            if t.exact:
                forms = _case_variants(t.text)
                if t.kind != "prefix":
                    forms |= {f.replace("'", "\u2019") for f in forms if "'" in f}
                orth.setdefault(key, set()).update(forms)
            else:
                forms = {t.text, t.text.replace("'", "\u2019")}
                lower.setdefault(key, set()).update(forms)
        for matcher, table in ((self._orth, orth), (self._lower, lower)):
            for key, forms in table.items():
                entity_id, kind, _label = key.split("|")
                docs = []
                for form in sorted(forms):
                    if kind == "prefix":
                        docs.append(Doc(nlp.vocab, words=[form, "-"], spaces=[False, False]))
                        continue
                    d = nlp.make_doc(form)
                    if len(d) == 1 and d[0].is_alpha and d[0].is_lower:
                        continue  # a single lower-case word is never a name on its own
                    docs.append(d)
                if docs:
                    matcher.add(key, docs)
                    self._terms[nlp.vocab.strings[key]] = Term(forms.pop(), entity_id, kind, _label, True)

    # -- matching ---------------------------------------------------------------------------------------------
    def gazetteer_spans(self, doc: Doc) -> list[Span]:
        spans: list[Span] = []
        for match_id, start, end in list(self._orth(doc)) + list(self._lower(doc)):
            term = self._terms[match_id]
            label, kb_id, kind = term.label, term.entity_id, term.kind
            if kind == "prefix":
                end -= 1  # keep "Sino" of "Sino-", the hyphen is not part of the name
            elif kind == "metonym" and self._is_location(doc, start, end):
                label, kb_id, kind = "PLACE", f"PLACE:{slug(doc[start:end].text)}", "location"
            spans.append(Span(doc, start, end, label=label, kb_id=kb_id, span_id=kind))
        for _mid, start, end in self._rules(doc):
            span = doc[start:end]
            iso3 = self.gazetteer.state_of(span[0].text) or slug(span[0].text)
            where = [t.text for t in span[2:] if t.lower_ not in ("in", "to")]
            key = "-".join([span[1].lower_, iso3.lower()] + ([slug(" ".join(where))] if where else []))
            spans.append(Span(doc, start, end, label="ORG", kb_id=f"ORG:{key}", span_id="rule"))
        return filter_spans(spans)

    def _place_kind(self, kb_id: str) -> str | None:
        ent = self.gazetteer.entities.get(kb_id)
        return str(ent.attributes.get("kind")) if ent is not None and ent.attributes.get("kind") else None

    def _coordinated_places(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A capital listed together with places is a place too ("New Delhi, Kolkata and Hanoi").

        Capitals coordinated only with each other ("Moscow and Beijing agreed") stay states: the rule needs a
        conjunct that is a place and not a state (a city or region from the places gazetteer).
        """
        if not doc.has_annotation("DEP"):
            return spans
        by_token = {t: i for i, s in enumerate(spans) for t in range(s.start, s.end)}
        out = list(spans)
        for i, s in enumerate(spans):
            if s.id_ != "metonym":
                continue
            for c in s.root.conjuncts:
                j = by_token.get(c.i)
                model_place = j is None and c.ent_type_ in ("GPE", "LOC", "FAC")  # a city the model knows
                if model_place or (
                    j is not None
                    and spans[j].label_ == "PLACE"
                    and spans[j].id_ in ("name", "alias", "location")
                    and self._place_kind(spans[j].kb_id_) != "bloc"
                ):
                    kb = f"PLACE:{slug(s.text)}"
                    out[i] = Span(doc, s.start, s.end, label="PLACE", kb_id=kb, span_id="location")
                    break
        return out

    def _is_location(self, doc: Doc, start: int, end: int) -> bool:
        span = doc[start:end]
        if span.text.isupper() and end < len(doc) and doc[end].text in (",", "\u2014", "-", "("):
            return True  # a dateline: "MOSCOW, March 3 (Reuters) -"
        prev = doc[start - 1] if start > 0 else None
        if prev is not None and prev.lower_ in self._locative:
            return True
        if (
            prev is not None
            and prev.lower_ == "the"
            and start > 1
            and doc[start - 2].lower_ in self._locative
        ):
            return True
        return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in self._locative_suffix

    def __call__(self, doc: Doc) -> Doc:
        gaz = self._coordinated_places(doc, self.gazetteer_spans(doc))
        doc.spans[self.spans_key] = gaz
        if not gaz:
            return doc
        owner = [-1] * len(doc)
        for i, s in enumerate(gaz):
            for k in range(s.start, s.end):
                owner[k] = i
        dropped: set[int] = set()
        kept_model: list[Span] = []
        for ent in doc.ents:
            inside = {owner[k] for k in range(ent.start, ent.end) if owner[k] >= 0}
            if not inside:
                kept_model.append(ent)
                continue
            g = gaz[next(iter(inside))] if len(inside) == 1 else None
            if self._model_extends(ent, [gaz[i] for i in sorted(inside)]) or (
                g is not None and self._person_around_place(ent, g)
            ):
                dropped |= inside
                kept_model.append(ent)
            elif g is not None and ent.label_ == "PERSON" and g.label_ == "PERSON" and len(ent) > len(g):
                # "Segei Shoigu" around the known surname "Shoigu": keep the model's full name; link it only
                # when it is a spelling variant of the known person's name.
                dropped |= inside
                kb = g.kb_id_ if self._same_person(ent, g.kb_id_) else ""
                kept_model.append(
                    Span(doc, ent.start, ent.end, label="PERSON", kb_id=kb, span_id="fuzzy" if kb else "")
                )
        final = [s for i, s in enumerate(gaz) if i not in dropped] + kept_model
        doc.set_ents(sorted(final, key=lambda s: s.start), default="outside")
        return doc

    def _person_around_place(self, ent: Span, g: Span) -> bool:
        """A person named after a place: "George Washington", "Jordan Smith" (not the state inside the name)."""
        if ent.label_ != "PERSON" or len(ent) < 2 or len(g) != 1:
            return False
        if g.label_ not in ("STATE", "PLACE", "NORP") or g.id_ in ("seat", "collective"):
            return False
        extra = [t for t in ent if t.i != g.start]
        return all(t.is_alpha and t.is_title and t.lower_ not in self._role_words for t in extra)

    def _same_person(self, ent: Span, kb_id: str) -> bool:
        known = self.gazetteer.entities.get(kb_id)
        if known is None:
            return False
        names = [known.name, *known.aliases]
        text = ent.text
        return any(
            fuzz.ratio(text, n) >= 90
            or (text.split()[-1] == n.split()[-1] and fuzz.ratio(text.split()[0], n.split()[0]) >= 90)
            for n in names
        )

    def _model_extends(self, ent: Span, inside: list[Span]) -> bool:
        """True when the model's span is a longer proper name built around place/state matches.

        "New Jersey" (not "Jersey"), "South China Sea" (not "China"), "Russian Railways" (not "Russian"),
        "St Petersburg Arctic Social Sciences Academy" (not "St Petersburg" + "Arctic"): the model knows the
        longer name, whose head (last word) is its own; the gazetteer only knows parts of it.
        """
        if ent.label_ not in _MODEL_CAN_EXTEND:
            return False
        if len(inside) > 1 and ent.label_ not in ("ORG", "FAC"):
            return False
        covered: set[int] = set()
        for g in inside:
            if g.label_ not in ("STATE", "NORP", "PLACE") or g.id_ in ("seat", "collective"):
                return False
            if len(g) > 1 and ent.label_ not in ("ORG", "FAC"):
                return False
            covered.update(range(g.start, g.end))
        extra = [t for t in ent if t.i not in covered]
        if not extra or (len(inside) > 1 and ent[-1].i in covered):
            return False
        if all(t.lower_ in self._role_words for t in extra):
            return False  # "Russian President": a title, not a longer name
        if extra[0].i == ent.start and extra[0].lower_ == "the":
            extra = extra[1:]
        function_words = ("of", "and", "for", "the", "on")
        return bool(extra) and all(
            (t.is_alpha and t.is_title) or (t.lower_ in function_words and ent.label_ in ("ORG", "FAC"))
            for t in extra
        )

    # spaCy serialisation hooks: the component is rebuilt from the packaged data, nothing to save.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> GazetteerComponent:
        return self
