"""The ``claimgraph.recognizer.v1`` spaCy component: entities that neither the model nor the gazetteer finds.

It runs after ``claimgraph.gazetteer.v1`` (whose behaviour it leaves as it is) and adds spans to ``doc.ents``:

* **weapon designations** beyond the gazetteer, by pattern and context: letters and digits with an optional suffix
  ("J-10C", "Kh-101", "F414", "9M96E2"), "Type 054A" / "Project 636", all-capital hyphenated names ("SLAM-ER"),
  ship classes ("Hangor-class submarines"). A pattern is a weapon only when the context says so: a weapon noun
  right after it ("AK-203 rifles", "KF-21 Boramae fighters"), a buy/deliver/deploy verb or noun whose object it is
  ("bought 24 FA-50", "the delivery of the PL-15"), a coordinated known system, or a known family prefix ("Su-",
  "MiG-"); stop lists and civil context ("G20", "COVID-19", airliner designations, "flight") keep others out.
  Once a designation is a weapon in a document, every other mention of it there is too. A designation whose base
  the gazetteer knows links to that system ("J-10CE" -> J-10); others become new entities
  ``WEAPON_SYSTEM:<designation>`` (span ``id_`` "pattern").
* **variants of known systems**: a known system followed by a variant suffix or marker ("Rafale-M", "Ka-52K",
  "Tejas Mark 2", "JF-17 Thunder block III") is one span linked to the family (``id_`` "variant").
* **capitalised names before a weapon noun** ("12 Caracal helicopters"), outside headlines and stop words.
* **a manufacturer before a known system** is an organisation of its own ("Dassault Rafale" -> Dassault, Rafale).
* **people after a title or role word** that the model left untagged ("Army chief General Manoj Pande").
* **companies closed by a legal suffix** ("... Enterprises LLC", "Indo-Russian Rifles Private Limited"), a
  **division after a known company** ("Boeing Defense", ``id_`` "division"), and a proper name right after an
  organisation cue noun ("data firm ICIS").
* **lists**: an unknown name in a comma list of people or organisations takes their type ("Ri Pyong Chol" between
  two people, "Exovera" after a list of companies); adjacent unknown spans of one label merge first.

Candidate search is one compiled regular expression over the text and one Matcher; context checks look only at
the few candidates found, so the component adds little to the model's own time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from .gazetteer import Gazetteer, get_gazetteer, lexicon_table, load_lexicon

__all__ = ["FACTORY", "PIPE_NAME", "Recognizer", "canonical_designation", "make_recognizer"]

FACTORY = "claimgraph_recognizer_v1"
PIPE_NAME = "claimgraph.recognizer.v1"

_DESIGNATION = re.compile(
    r"""
    (?<![\w/.\-\u2010\u2011])
    (?:
      (?P<type>(?:Type|Project)[ \-]?\d{2,5}[A-Z]{0,2}(?:\ ?[A-Z](?:/[A-Z])?(?!\w))?)
     |(?P<cls>[A-Z][a-z]{2,}(?:[ \-][A-Z][a-z]+)?-class)
     |(?P<des>(?:[A-Z][A-Za-z]{0,4}(?:/[A-Z]{1,2})?-?\d{1,4}|\d{1,2}[A-Z]{1,2}\d{1,4})
              (?:[A-Z]{1,3}\d?[A-Z]?)?s?(?:-[A-Z0-9]{1,3})?)
     |(?P<caps>[A-Z]{2,6}-[A-Z]{1,3})
     |(?P<roman>[A-Z][a-z]{2,}-(?:I{1,3}|IV|VI{0,3}|IX|X|NG|[A-Z]{1,2}\d?))
    )
    (?![\w\-\u2010\u2011])
    """,
    re.X,
)
_YEAR_LIKE = re.compile(r"[A-Za-z]{1,3}-?(?:19|20)\d\d")
_SUFFIX = re.compile(r"^(.*\d)[A-Z]{1,3}\d?[A-Z]?$")
_FAMILY = re.compile(r"^([A-Z][A-Za-z]{1,4})-\d")
_VARIANT_TAIL = re.compile(r"^(?:[A-Z]{1,3}\d?[A-Z]?|\d[A-Z]?|ER|Marine|N)$")
_MARK_TOKEN = re.compile(r"^(?:Mk|MK|Mark)\.?-?\d[A-Z]?$")
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|\d{1,2}[A-Z]?)$")
_ACRONYM_SEPARATORS = frozenset({",", "and", "&", "or"})
_STOP_NAME_EDGE = frozenset({",", ";", ":", "(", ")", "\u2014", "\u2013", "-", "'s", "\u2019s"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})


def canonical_designation(text: str, group: str = "des") -> str:
    """The designation as an entity name: one space, no plural s, "Type 054 A/P" -> "Type 054A/P"."""
    t = " ".join(text.replace("\u2010", "-").replace("\u2011", "-").split())
    if group == "type":
        t = re.sub(r"^(Type|Project)[ \-]?", r"\1 ", t)
        t = re.sub(r"(\d)\s+(?=[A-Z](?:/[A-Z])?$)", r"\1", t)
    elif group == "des" and len(t) > 2 and t.endswith("s") and (t[-2].isdigit() or t[-2].isupper()):
        t = t[:-1]
    return t


@Language.factory(FACTORY, assigns=["doc.ents", "token.ent_type", "token.ent_kb_id"])
def make_recognizer(nlp: Language, name: str) -> Recognizer:
    """Factory registered under a versioned name; behaviour changes get a ``_v2``, not a silent edit."""
    return Recognizer(nlp, name, get_gazetteer())


class Recognizer:
    """Adds pattern, context and list based entity spans to ``doc.ents`` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, gazetteer: Gazetteer):
        self.name = name
        self.gaz = gazetteer
        lex = load_lexicon()
        self.weapon_kinds = lexicon_table("weapon_nouns")
        self.weapon_nouns = frozenset(self.weapon_kinds)
        vague = {w for w, k in self.weapon_kinds.items() if k in ("sam", "engine", "sensor")}
        self.specific_nouns = frozenset(self.weapon_nouns - vague - {"munition", "munitions", "bomb", "bombs"})
        self.vessel_nouns = lex.get("vessel_nouns", frozenset())
        self.weapon_verbs = lex.get("weapon_verbs", frozenset())
        self.weapon_event_nouns = lex.get("weapon_event_nouns", frozenset())
        self.variant_markers = lex.get("variant_markers", frozenset())
        self.stop = lex.get("designation_stop", frozenset()) | lex.get("civil_designations", frozenset())
        self.civil_context = lex.get("civil_context", frozenset())
        self.not_names = lex.get("not_weapon_names", frozenset())
        self.titles = lex.get("titles", frozenset()) | lex.get("role_heads", frozenset())
        # words that stand right before a person's name as a title ("General Manoj Pande"); not the modifiers of
        # a title ("Defense", "Foreign", "Former"), which also open names of things ("Air Defense Zone")
        self.name_titles = self.titles - lex.get("title_modifiers", frozenset())
        self.company_suffixes = lex.get("company_suffixes", frozenset())
        self.divisions = lex.get("org_divisions", frozenset())
        org_heads = lexicon_table("org_heads")
        self.org_words = frozenset(org_heads)
        self.office_words = frozenset(w for w, k in org_heads.items() if k in ("ministry", "agency"))
        self.cues = frozenset(lexicon_table("org_cues")) - {"tank"}
        self.families = self._families(gazetteer)
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add(
            "TITLED",
            [[{"LOWER": {"IN": sorted(self.name_titles)}}, {"IS_TITLE": True, "IS_ALPHA": True, "OP": "{2,4}"}]],
            greedy="LONGEST",
        )
        self.matcher.add(
            "NAMED_WEAPON",
            [
                [{"IS_TITLE": True, "IS_ALPHA": True}, {"LOWER": {"IN": sorted(self.specific_nouns)}}],
                [
                    {"IS_TITLE": True, "IS_ALPHA": True},
                    {"IS_TITLE": True, "IS_ALPHA": True},
                    {"LOWER": {"IN": sorted(self.specific_nouns)}},
                ],
                # before a generic class the gazetteer tagged: "the Babur cruise missile"
                [{"IS_TITLE": True, "IS_ALPHA": True}, {"ENT_KB_ID": {"REGEX": "^WEAPON_SYSTEM:class:"}, "OP": "+"}],
            ],
        )
        self.matcher.add("COMPANY", [[{"LOWER": {"IN": sorted(self.company_suffixes)}}]])
        # one-word lower-case names of organisations, which the gazetteer component leaves out ("dpa")
        self.lower_names: dict[str, str] = {
            t.text: t.entity_id
            for t in gazetteer.terms
            if t.label == "ORG" and " " not in t.text and t.text.isalpha() and t.text.islower()
        }
        if self.lower_names:
            self.matcher.add("LOWER_NAME", [[{"ORTH": {"IN": sorted(self.lower_names)}}]])
        self.matcher.add(
            "CUED",
            [[{"LOWER": {"IN": sorted(self.cues)}}, {"POS": "PROPN", "ENT_TYPE": "", "OP": "{1,4}"}]],
            greedy="LONGEST",
        )

    @staticmethod
    def _families(gaz: Gazetteer) -> frozenset[str]:
        """Designation prefixes of at least two gazetteer systems ("Su", "MiG", "HQ"): "Su-75" is a weapon."""
        counts: dict[str, set[str]] = {}
        for t in gaz.terms:
            if t.label == "WEAPON_SYSTEM":
                m = _FAMILY.match(t.text)
                if m:
                    counts.setdefault(m.group(1), set()).add(t.entity_id)
        return frozenset(p for p, ids in counts.items() if len(ids) >= 2)

    # -- the component -----------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        ents = list(doc.ents)
        ents = self._known_weapons(doc, ents)
        taken = self._owner(doc, ents)
        new: list[Span] = []
        new += self._designations(doc, ents, taken)
        matches = self.matcher(doc)
        new += self._named_weapons(doc, matches, taken)
        new += self._titled_people(doc, matches, taken)
        new += self._companies(doc, matches, ents, taken)
        new += self._cued(doc, matches, taken)
        new += self._lower_names(doc, matches, taken)
        ents = self._merge(doc, ents, new)
        ents = self._lists(doc, ents)
        doc.set_ents(_no_overlaps(ents), default="outside")
        return doc

    @staticmethod
    def _owner(doc: Doc, ents: Iterable[Span]) -> list[Span | None]:
        owner: list[Span | None] = [None] * len(doc)
        for e in ents:
            for k in range(e.start, e.end):
                owner[k] = e
        return owner

    def _merge(self, doc: Doc, ents: list[Span], new: list[Span]) -> list[Span]:
        """New spans win over the model's spans they overlap; never over a gazetteer span (kb id) unless they
        contain it and are organisations built around a demonym ("Indo-Russian Rifles Private Limited")."""
        new = sorted(new, key=lambda s: (s.start, -(s.end - s.start)))
        chosen: list[Span] = []
        used = [False] * len(doc)
        for s in new:
            if any(used[k] for k in range(s.start, s.end)):
                continue
            blocked = False
            for e in ents:
                if e.end <= s.start or e.start >= s.end or not e.kb_id_:
                    continue
                inside = e.start >= s.start and e.end <= s.end
                absorbable = e.label_ == "NORP" or (s.id_ in ("division", "extended") and e.label_ == "ORG")
                if not (inside and absorbable):
                    blocked = True
                    break
            if blocked:
                continue
            for k in range(s.start, s.end):
                used[k] = True
            chosen.append(s)
        kept = [e for e in ents if not any(used[k] for k in range(e.start, e.end))]
        return kept + chosen

    # -- known systems: variants and manufacturers -------------------------------------------------------------
    def _known_weapons(self, doc: Doc, ents: list[Span]) -> list[Span]:
        out: list[Span] = []
        n = len(doc)
        free = self._free(doc, ents)
        for e in ents:
            if e.label_ == "WEAPON_SYSTEM" and e.kb_id_.startswith("WEAPON_SYSTEM:class:"):
                out.append(self._programme(doc, e, free))
                continue
            if e.label_ != "WEAPON_SYSTEM" or not e.kb_id_:
                out.append(e)
                continue
            split = self._split_manufacturer(doc, e)
            if split is not None:
                org, e = split
                out.append(org)
            end = e.end
            last = doc[end - 1]
            if end + 1 < n and doc[end].text in ("-", "\u2010", "\u2011") and not last.whitespace_ \
                    and not doc[end].whitespace_ and _VARIANT_TAIL.match(doc[end + 1].text) and free[end + 1]:
                end += 2
            elif end < n and not last.whitespace_ and _VARIANT_TAIL.match(doc[end].text) and free[end]:
                end += 1
            elif end < n and _MARK_TOKEN.match(doc[end].text) and free[end]:
                end += 1
            elif end + 1 < n and doc[end].lower_ in self.variant_markers and _ROMAN.match(doc[end + 1].text) \
                    and free[end] and free[end + 1]:
                end += 2
            if end != e.end:
                e = Span(doc, e.start, end, label=e.label_, kb_id=e.kb_id_, span_id="variant")
            out.append(e)
        return _no_overlaps(out)

    def _programme(self, doc: Doc, e: Span, free: list[bool]) -> Span:
        """A generic class written as the end of a title-case name is a programme of its own: "Advanced Medium
        Combat Aircraft", "Future Combat Air System" (not the class "combat aircraft")."""
        if not all(t.is_title for t in e):
            return e
        start = e.start
        while start > 0 and free[start - 1] and doc[start - 1].is_title and doc[start - 1].is_alpha \
                and not doc[start - 1].is_sent_start and e.start - start < 3:
            start -= 1
        if start == e.start or self._headline(e.sent):
            return e
        return Span(doc, start, e.end, label="WEAPON_SYSTEM", kb_id=f"WEAPON_SYSTEM:{doc[start:e.end].text}",
                    span_id="pattern")

    @staticmethod
    def _free(doc: Doc, ents: Iterable[Span]) -> list[bool]:
        """Tokens outside every gazetteer span (model spans may be overridden)."""
        free = [True] * len(doc)
        for e in ents:
            if e.kb_id_:
                for k in range(e.start, e.end):
                    free[k] = False
        return free

    def _split_manufacturer(self, doc: Doc, e: Span) -> tuple[Span, Span] | None:
        """ "Dassault Rafale" -> (ORG Dassault, WEAPON Rafale) when both parts name known entities."""
        if len(e) < 2:
            return None
        for k in range(e.start + 1, min(e.end, e.start + 3)):
            maker = self.gaz.lookup(doc[e.start : k].text)
            if maker is None or maker.type != "ORG":
                continue
            rest = self.gaz.lookup(doc[k : e.end].text)
            if rest is not None and rest.id == e.kb_id_:
                org = Span(doc, e.start, k, label="ORG", kb_id=maker.id, span_id="alias")
                return org, Span(doc, k, e.end, label=e.label_, kb_id=e.kb_id_, span_id=e.id_)
        return None

    # -- designations ------------------------------------------------------------------------------------------
    def _designations(self, doc: Doc, ents: list[Span], taken: list[Span | None]) -> list[Span]:
        text = doc.text
        cands: list[tuple[Span, str, str]] = []
        for m in _DESIGNATION.finditer(text):
            group = m.lastgroup or "des"
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or any(_linked(taken[k]) for k in range(span.start, span.end)):
                continue
            key = canonical_designation(m.group(), group)
            if _MARK_TOKEN.match(key):
                # "AMCA Mk2": a mark belongs to the name before it; alone it names nothing
                prev = doc[span.start - 1] if span.start > 0 else None
                if prev is None or not (prev.is_title or prev.is_upper) or not prev.is_alpha \
                        or prev.lower_ in self.not_names or _linked(taken[prev.i]):
                    continue
                span = doc[prev.i : span.end]
                key = f"{prev.text} {key}"
            low = key.lower()
            if low in self.stop or low.replace("-", "") in self.stop or _YEAR_LIKE.fullmatch(key):
                continue
            if self._civil(doc, span):
                continue
            if group == "roman" and any(self.gaz.lookup(p) is not None for p in key.split("-")):
                continue  # "Indo-US", "Sino-EU": two parties, not a designation
            cands.append((span, key, group))
        if not cands:
            return []
        accepted: dict[str, str | None] = {}  # key -> the weapon noun that followed it somewhere (or None)
        ext: dict[int, int] = {}
        for span, key, group in cands:
            ok, noun, name_end = self._context(doc, span, group, ents)
            if ok:
                if noun is not None or key not in accepted:
                    accepted[key] = noun or accepted.get(key)
                if name_end > span.end:
                    ext[span.start] = name_end
        # a designation coordinated with an accepted one is one too ("the HQ-9 and HQ-16")
        starts = {span.start: key for span, key, _g in cands if key in accepted}
        for span, key, _g in cands:
            if key not in accepted and any(c.i in starts or c.i - 1 in starts for c in span.root.conjuncts):
                accepted[key] = None
        out: list[Span] = []
        for span, key, group in cands:
            if key not in accepted:
                continue
            end = ext.get(span.start, span.end)
            name = key
            if end > span.end:
                name = f"{key} {doc[span.end:end].text}"
            kb, kind = self._weapon_id(name, group)
            out.append(Span(doc, span.start, end, label="WEAPON_SYSTEM", kb_id=kb, span_id=kind))
        return out

    def _weapon_id(self, name: str, group: str) -> tuple[str, str]:
        known = self.gaz.lookup(name)
        if known is not None and known.type == "WEAPON_SYSTEM":
            return known.id, "alias"
        if group == "des":
            m = _SUFFIX.match(name)
            base = self.gaz.lookup(m.group(1)) if m else None
            if base is not None and base.type == "WEAPON_SYSTEM":
                return base.id, "variant"
        return f"WEAPON_SYSTEM:{name}", "pattern"

    def _civil(self, doc: Doc, span: Span) -> bool:
        lo, hi = max(span.sent.start, span.start - 3), min(span.sent.end, span.end + 3)
        return any(doc[k].lower_ in self.civil_context for k in range(lo, hi) if not span.start <= k < span.end)

    def _context(self, doc: Doc, span: Span, group: str, ents: list[Span]) -> tuple[bool, str | None, int]:
        """(is a weapon, the weapon noun after it, end of a name that continues it: "K9 Thunder")."""
        n = len(doc)
        if group == "cls":
            for k in range(span.end, min(n, span.end + 3)):
                if doc[k].lower_ in self.vessel_nouns or doc[k].text.lower() == "s/m":
                    return True, doc[k].lemma_.lower() if doc[k].lower_ != "s/m" else None, span.end
            return False, None, span.end
        name_end = span.end
        k = span.end
        steps = 0
        while k < n and steps < 4:
            t = doc[k]
            low = t.lower_
            if low in self.weapon_nouns and t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "X"):
                return True, t.lemma_.lower(), name_end
            if t.is_space or low in _ACRONYM_SEPARATORS or t.text in (";", ":", "(", ")", "\u2014", "\u2013") \
                    or low in ("of", "for", "from", "to", "with", "in", "on", "by", "at", "was", "were", "is"):
                break
            if t.pos_ in ("VERB", "AUX"):
                break
            if k == name_end and t.is_title and t.is_alpha and t.lower_ not in self.not_names \
                    and not t.ent_kb_id_ and name_end - span.end < 2:
                name_end += 1
            k += 1
            steps += 1
        name_end = span.end  # a following name only counts before a weapon noun
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.lower_ in self.weapon_nouns and prev.pos_ in ("NOUN", "PROPN"):
            return True, None, name_end
        root = span.root
        if any(c.ent_type_ == "WEAPON_SYSTEM" for c in root.conjuncts):
            return True, None, name_end
        m = _FAMILY.match(span.text)
        if m and m.group(1) in self.families:
            return True, None, name_end
        t = root
        for _ in range(4):
            h = t.head
            if h.i == t.i:
                break
            if h.pos_ == "VERB" and h.lemma_.lower() in self.weapon_verbs and t.dep_ in (
                "dobj", "nsubjpass", "conj", "appos", "attr", "oprd", "npadvmod"
            ):
                return True, None, name_end
            if h.lower_ == "of" and h.head.lemma_.lower() in self.weapon_event_nouns:
                return True, None, name_end
            if t.dep_ in ("compound", "nmod", "amod", "nummod", "conj", "appos", "pobj") and h.pos_ in (
                "NOUN", "PROPN", "NUM", "ADP"
            ):
                t = h
                continue
            break
        return False, None, name_end

    # -- names before weapon nouns -----------------------------------------------------------------------------
    def _named_weapons(self, doc: Doc, matches: list[tuple[int, int, int]], taken: list[Span | None]) -> list[Span]:
        out: list[Span] = []
        key = doc.vocab.strings["NAMED_WEAPON"]
        seen: set[int] = set()
        for mid, start, end in sorted(matches, key=lambda m: (m[1], m[1] - m[2])):
            if mid != key or start in seen:
                continue
            cls = doc[end - 1].ent_kb_id_.startswith("WEAPON_SYSTEM:class:")
            stop = end - 1
            if cls:  # the name ends where the class begins
                stop = start + 1
                while stop < end and not doc[stop].ent_kb_id_:
                    stop += 1
            name = doc[start:stop]
            noun = doc[end - 1]
            if not len(name) or not noun.is_lower or (end < len(doc) and doc[end].is_title):
                continue  # "High Mobility Artillery Rocket Systems": a longer name, not a system before a noun
            if noun.dep_ == "compound" and noun.head.i > noun.i:
                continue  # "the Kharkiv drone strike": the weapon noun modifies another noun
            if any(_linked(taken[k]) or _label(taken[k]) in ("PERSON", "NORP", "DATE")
                   for k in range(name.start, name.end)):
                continue
            if any(t.lower_ in self.not_names or t.lower_ in self.weapon_nouns or t.lower_ in self.org_words
                   or len(t) < 3 or t.is_sent_start for t in name):
                continue
            if start > 0 and (doc[start - 1].is_title or doc[start - 1].is_sent_start and doc[start - 1].is_punct):
                continue  # part of a longer name, or a headline word
            if self._headline(name.sent):
                continue
            prev = doc[start - 1] if start > 0 else None
            if prev is None or not (prev.like_num or prev.pos_ in ("DET", "ADJ", "NUM") or prev.tag_ == "POS"
                                    or prev.ent_type_ == "NORP" or prev.lower_.endswith("-made")):
                continue
            seen.add(start)
            kb, kind = self._weapon_id(name.text, "name")
            out.append(Span(doc, name.start, name.end, label="WEAPON_SYSTEM", kb_id=kb, span_id=kind))
        return out

    @staticmethod
    def _headline(sent: Span) -> bool:
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        return len(words) >= 3 and sum(t.is_title for t in words) > 0.6 * len(words)

    # -- people after titles -----------------------------------------------------------------------------------
    def _titled_people(self, doc: Doc, matches: list[tuple[int, int, int]], taken: list[Span | None]) -> list[Span]:
        out: list[Span] = []
        key = doc.vocab.strings["TITLED"]
        for mid, start, end in matches:
            if mid != key:
                continue
            s = start + 1
            while s < end and doc[s].lower_ in self.titles:
                s += 1
            if end - s < 2 or end - s > 3:
                continue
            if end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                continue
            name = doc[s:end]
            if any(t.pos_ != "PROPN" or t.lower_ in self.org_words or t.lower_ in self.not_names
                   or t.lower_ in self.weapon_nouns or self.gaz.lookup(t.text) is not None for t in name):
                continue
            if any(_linked(taken[k]) or _label(taken[k]) == "PERSON" for k in range(s, end)):
                continue
            out.append(Span(doc, s, end, label="PERSON", span_id="rule"))
        return out

    # -- organisations -----------------------------------------------------------------------------------------
    def _companies(self, doc: Doc, matches: list[tuple[int, int, int]], ents: list[Span],
                   taken: list[Span | None]) -> list[Span]:
        out: list[Span] = []
        key = doc.vocab.strings["COMPANY"]
        for mid, start, end in matches:
            if mid != key:
                continue
            tok = doc[start]
            if not (tok.is_title or tok.is_upper) or tok.is_sent_start:
                continue
            end = start + 1
            if end < len(doc) and doc[end].lower_ in self.company_suffixes and (doc[end].is_title or doc[end].is_upper):
                end += 1  # "Private Limited", "Pvt Ltd"
            k = start - 1
            while k >= 0 and k >= start - 6:
                t = doc[k]
                if (t.is_title or t.is_upper or (t.like_num and any(c.isalpha() for c in t.text))) and not t.is_punct \
                        and t.lower_ not in ("the", "a", "an") and not (t.ent_kb_id_ and _label(taken[k]) != "NORP"):
                    k -= 1
                    continue
                if t.text in ("&", "-") and k - 1 >= 0 and (doc[k - 1].is_title or doc[k - 1].is_upper):
                    k -= 1
                    continue
                break
            first = k + 1
            while first < start and doc[first].is_sent_start and doc[first].lower_ in ("the", "a"):
                first += 1
            if first >= start:
                continue
            if doc[first].is_sent_start and first + 1 < start and doc[first].pos_ not in ("PROPN",):
                first += 1
            out.append(Span(doc, first, end, label="ORG", span_id="rule"))
        for e in ents:
            if e.label_ != "ORG" or not e.kb_id_ or e.end >= len(doc):
                continue
            nxt = doc[e.end]
            if nxt.is_title and nxt.lower_ in self.office_words and not nxt.ent_type_:
                start = e.start
                before = [x for x in ents if x.end == e.start and x.label_ == "NORP" and x.kb_id_]
                if before:
                    start = before[0].start
                out.append(Span(doc, start, e.end + 1, label="ORG", span_id="extended"))
                continue
            known = self.gaz.entities.get(e.kb_id_)
            if known is None or known.attributes.get("kind") != "company":
                continue
            end = e.end
            while end < len(doc) and end - e.end < 4:
                if doc[end].is_title and doc[end].lower_ in self.divisions:
                    end += 1
                elif doc[end].lower_ == "and" and end > e.end and end + 1 < len(doc) \
                        and doc[end + 1].is_title and doc[end + 1].lower_ in self.divisions:
                    end += 2
                else:
                    break
            if end > e.end:
                out.append(Span(doc, e.start, end, label="ORG", span_id="division"))
        return out

    def _cued(self, doc: Doc, matches: list[tuple[int, int, int]], taken: list[Span | None]) -> list[Span]:
        out: list[Span] = []
        key = doc.vocab.strings["CUED"]
        for mid, start, end in matches:
            if mid != key:
                continue
            name = doc[start + 1 : end]
            if any(taken[k] is not None for k in range(name.start, name.end)):
                continue
            if any(t.lower_ in self.not_names or not (t.is_title or t.is_upper) for t in name):
                continue
            out.append(Span(doc, name.start, name.end, label="ORG", span_id="rule"))
        return out

    def _lower_names(self, doc: Doc, matches: list[tuple[int, int, int]], taken: list[Span | None]) -> list[Span]:
        key = doc.vocab.strings["LOWER_NAME"] if self.lower_names else None
        return [
            Span(doc, start, end, label="ORG", kb_id=self.lower_names[doc[start].text], span_id="alias")
            for mid, start, end in matches
            if mid == key and taken[start] is None
        ]

    # -- lists -------------------------------------------------------------------------------------------------
    def _lists(self, doc: Doc, ents: list[Span]) -> list[Span]:
        ents = sorted(ents, key=lambda s: s.start)
        merged: list[Span] = []
        for e in ents:
            prev = merged[-1] if merged else None
            if (
                prev is not None
                and prev.end == e.start
                and prev.label_ == e.label_
                and e.label_ in ("GPE", "LOC", "PERSON")
                and not prev.kb_id_
                and not e.kb_id_
                and doc[prev.end - 1].whitespace_ == " "
                and all(t.is_title for t in e)
            ):
                merged[-1] = Span(doc, prev.start, e.end, label=e.label_)
                continue
            merged.append(e)
        ents = merged
        out = list(ents)
        # list neighbours: spans separated only by commas / "and"
        sep = [self._separated(doc, a, b) for a, b in zip(ents, ents[1:], strict=False)]
        for i, e in enumerate(ents):
            if e.kb_id_ or e.label_ not in _NAME_LABELS or e.id_ in ("rule", "pattern"):
                continue
            left = ents[i - 1] if i > 0 and sep[i - 1] else None
            right = ents[i + 1] if i + 1 < len(ents) and sep[i] else None
            labels = [x.label_ for x in (left, right) if x is not None]
            if not labels:
                continue
            if e.label_ in ("GPE", "LOC") and "PERSON" in labels and len(e) >= 2 and all(t.is_title for t in e) \
                    and not any(x in ("GPE", "LOC", "STATE", "PLACE") for x in labels):
                out[i] = Span(doc, e.start, e.end, label="PERSON")
            elif all(x == "ORG" for x in labels) and e.label_ != "ORG" and (
                len(labels) == 2 or e.label_ in ("GPE", "LOC")
            ) and self.gaz.lookup(e.text) is None:
                out[i] = Span(doc, e.start, e.end, label="ORG")
        # an untagged proper name between two organisations of a list ("..., TextOre, ...")
        for a, b in zip(ents, ents[1:], strict=False):
            if a.label_ != "ORG" or b.label_ != "ORG":
                continue
            gap = doc[a.end : b.start]
            if len(gap) < 3 or gap[0].text != "," or gap[-1].text not in (",", "and"):
                continue
            inner = gap[1:-1]
            if len(inner) and inner[-1].text == ",":
                inner = inner[:-1]
            if 1 <= len(inner) <= 4 and all(
                t.pos_ == "PROPN" and (t.is_title or t.is_upper or any(c.isupper() for c in t.text[1:]))
                for t in inner
            ):
                out.append(Span(doc, inner.start, inner.end, label="ORG", span_id="rule"))
        return out

    @staticmethod
    def _separated(doc: Doc, a: Span, b: Span) -> bool:
        gap = doc[a.end : b.start]
        return 1 <= len(gap) <= 2 and all(t.lower_ in _ACRONYM_SEPARATORS for t in gap) and gap[0].text == ","\
            or (len(gap) == 1 and gap[0].lower_ == "and")

    # spaCy serialisation hooks: rebuilt from the packaged data, nothing to save.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> Recognizer:
        return self


def _no_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Spans in text order without overlaps: linked spans (kb id) first, then longer, then earlier ones."""
    ranked = sorted(spans, key=lambda s: (not s.kb_id_, -(s.end - s.start), s.start))
    used: set[int] = set()
    out: list[Span] = []
    for s in ranked:
        if any(k in used for k in range(s.start, s.end)):
            continue
        used.update(range(s.start, s.end))
        out.append(s)
    return sorted(out, key=lambda s: s.start)


def _linked(span: Span | None) -> bool:
    return span is not None and bool(span.kb_id_)


def _label(span: Span | None) -> str:
    return span.label_ if span is not None else ""
