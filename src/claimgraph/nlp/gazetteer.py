"""Gazetteers as data: states (pycountry + aliases), weapon systems, organisations, people and places.

The knowledge lives in YAML files under ``claimgraph/data/gazetteers/``; this module loads them once (cached),
validates them (a bad file raises :class:`ConfigError` ``E004`` naming the file and the entry) and exposes

* :class:`Term` rows: every surface form that names an entity, with how it names it (``kind``: name, alias,
  metonym, seat, demonym, prefix, collective, short) and whether it must match case-sensitively. The spaCy
  component compiles these into PhraseMatchers once per pipeline.
* :class:`Gazetteer`: lookups other stages use (``state_of``, ``lookup``/``entity_for``, ``org_state``).

Why data and not code: the same scoring runs on articles we have never seen, so coverage must come from broad
lists a maintainer can extend without touching Python. What no list can hold (designations nobody listed,
officials named by office, organisations the model finds) is recognised by ``claimgraph.recognizer.v1``
(:mod:`.recognizer`) and :mod:`.linking`, from the word lists of ``lexicon.yaml``; ``foreign.yaml`` holds the
Russian and Chinese forms :mod:`.foreign` uses.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .._yaml import load_yaml
from ..errors import ConfigError
from ..records import Entity

__all__ = ["Term", "Gazetteer", "get_gazetteer", "lexicon_table", "load_lexicon", "normalize", "slug"]

log = logging.getLogger(__name__)

_PACKAGE = "claimgraph"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_DESIGNATION_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])")


def normalize(text: str) -> str:
    """Lookup key: lower case, straight apostrophes, ASCII hyphens, one space, no leading "the", no "'s"."""
    t = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_DASHES)
    t = " ".join(t.split()).strip(' .,;:"()[]')
    low = t.lower()
    if low.startswith("the "):
        low = low[4:]
    if low.endswith("'s"):
        low = low[:-2]
    elif low.endswith("s'"):
        low = low[:-1]
    return low.strip()


def _compact(key: str) -> str:
    """A looser key that ignores hyphens, dots and spaces ("s 400" == "s400" == "s-400")."""
    return re.sub(r"[\s.\-/]", "", key)


def slug(text: str) -> str:
    """An id key from a name: ``"Xi Jinping" -> "xi-jinping"`` (ASCII, lower case, hyphens)."""
    t = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)).encode("ascii", "ignore").decode()
    t = re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")
    return t or "x"


@dataclass(frozen=True, slots=True)
class Term:
    """One surface form of a gazetteer entity.

    ``label`` is what the span is tagged in ``doc.ents``: the entity type, except demonyms and prefixes, which
    keep spaCy's ``NORP`` so that downstream code can tell "Chinese outlet" from "China".
    """

    text: str
    entity_id: str
    kind: str
    label: str
    exact: bool


@dataclass
class Gazetteer:
    """All gazetteer entities and their surface forms, with the lookups other stages use."""

    entities: dict[str, Entity] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    _index: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _compact_index: dict[str, list[Term]] = field(default_factory=dict, repr=False)
    _alpha3: dict[str, str] = field(default_factory=dict, repr=False)

    # -- building -------------------------------------------------------------------------------------------
    def add_entity(self, entity: Entity) -> None:
        if entity.id in self.entities:
            raise ConfigError("E004", path="gazetteers", reason=f"duplicate entity id {entity.id}")
        self.entities[entity.id] = entity

    def add_term(self, text: str, entity_id: str, kind: str, label: str, exact: bool | None = None) -> None:
        text = " ".join(str(text).split())
        if not text:
            return
        if exact is None:
            # One-word forms are matched as written (plus upper/capitalised variants): "US" is not "us",
            # "Tor" is not "tor". Longer names are safe to match in any case.
            exact = " " not in _strip_det_poss(text)
        term = Term(text, entity_id, kind, label, exact)
        self.terms.append(term)
        key = normalize(text)
        self._index.setdefault(key, []).append(term)
        self._compact_index.setdefault(_compact(key), []).append(term)

    # -- lookups ----------------------------------------------------------------------------------------------
    def term(self, text: str) -> Term | None:
        """The best term for a surface form, honouring case-sensitive forms; None when unknown."""
        key = normalize(text)
        if not key:
            return None
        cands = self._index.get(key) or self._compact_index.get(_compact(key)) or []
        stripped = _strip_det_poss(text)
        for t in cands:
            if not t.exact or stripped in _case_variants(t.text) or _strip_det_poss(t.text) == stripped:
                return t
        return None

    def lookup(self, text: str) -> Entity | None:
        """The canonical entity a surface form names ("the Kremlin" -> STATE:RUS, "Triumf" -> WEAPON_SYSTEM:S-400)."""
        t = self.term(text)
        if t is not None:
            return self.entities.get(t.entity_id)
        code = self._alpha3.get(text.strip())
        return self.entities.get(f"STATE:{code}") if code else None

    entity_for = lookup

    def state_of(self, text: str) -> str | None:
        """ISO3 for a state's name, short form, metonym or demonym ("Beijing", "Chinese", "PRC" -> "CHN")."""
        ent = self.lookup(text)
        if ent is not None and ent.type == "STATE":
            return ent.iso3
        return None

    def org_state(self, entity_id: str) -> str | None:
        """The parent state (ISO3) of an organisation, person or place entity, if the gazetteer knows it."""
        ent = self.entities.get(entity_id)
        if ent is None:
            return None
        if ent.type == "STATE":
            return ent.iso3
        state = ent.attributes.get("state")
        return str(state) if state else None


def _strip_det_poss(text: str) -> str:
    t = " ".join(text.translate(_APOSTROPHES).split())
    if t[:4].lower() == "the ":
        t = t[4:]
    if t.endswith("'s"):
        t = t[:-2]
    return t


def _case_variants(text: str) -> set[str]:
    """Case forms a case-sensitive term also matches: as written, UPPER, Capitalised and Title Case."""
    variants = {text, text.upper(), text[:1].upper() + text[1:]}
    if " " in text:
        variants.add(" ".join(w[:1].upper() + w[1:] for w in text.split()))
    return variants


def designation_variants(text: str) -> list[str]:
    """Spelling variants of a weapon designation: "S-400" -> "S 400", "S400" (and plural "S-400s")."""
    out: list[str] = []
    if _DESIGNATION_HYPHEN.search(text) and any(c.isdigit() for c in text):
        out.append(_DESIGNATION_HYPHEN.sub(" ", text))
        out.append(_DESIGNATION_HYPHEN.sub("", text))
    if " " not in text and any(c.isdigit() for c in text) and text[-1].isalnum():
        out.append(text + "s")
    return out


# --------------------------------------------------------------------------------------------------------------
# loading


def _read_yaml(name: str) -> dict[str, Any]:
    path = f"data/gazetteers/{name}"
    try:
        raw = resources.files(_PACKAGE).joinpath("data", "gazetteers", name).read_text(encoding="utf-8")
        data = load_yaml(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError("E004", path=path, reason=str(exc)) from exc
    if not isinstance(data, dict):
        raise ConfigError("E004", path=path, reason="top level must be a mapping")
    return data


def _str_list(value: Any, path: str, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConfigError("E004", path=path, reason=f"{where}: expected a list of strings")
    return [str(v) for v in value]


_ALLOWED_FIELDS = frozenset({"key", "name", "kind", "state", "origin", "aliases", "short", "role", "case"})


def _entries(data: Mapping[str, Any], key: str, path: str, required: Iterable[str]) -> list[dict[str, Any]]:
    rows = data.get(key)
    if not isinstance(rows, list):
        raise ConfigError("E004", path=path, reason=f"missing list {key!r}")
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ConfigError("E004", path=path, reason=f"{key}[{i}] is not a mapping")
        for req in required:
            if not row.get(req):
                raise ConfigError("E004", path=path, reason=f"{key}[{i}] lacks {req!r}")
        unknown = set(row) - _ALLOWED_FIELDS
        if unknown:
            raise ConfigError(
                "E004",
                path=path,
                reason=f"{key}[{i}] has unknown fields {sorted(map(str, unknown))}"
                " (a comma inside an unquoted flow-mapping value?)",
            )
        k = str(row["key"])
        if k in seen:
            raise ConfigError("E004", path=path, reason=f"duplicate key {k!r}")
        seen.add(k)
    return rows


def _country_name(country: Any) -> str:
    """A readable short name from pycountry ("Virgin Islands, British" -> "British Virgin Islands")."""
    common = getattr(country, "common_name", None)
    if common:
        return str(common)
    name = str(country.name)
    if ", " in name:
        head, tail = name.split(", ", 1)
        if tail.endswith(" of") or tail.endswith(" of the"):
            return head
        return f"{tail} {head}"
    return name


def _load_states(gaz: Gazetteer) -> None:
    import pycountry

    path = "data/gazetteers/states.yaml"
    extra = _read_yaml("states.yaml").get("states") or {}
    if not isinstance(extra, dict):
        raise ConfigError("E004", path=path, reason="'states' must map ISO3 codes to entries")
    for country in pycountry.countries:
        iso3 = str(country.alpha_3)
        info = extra.get(iso3) or {}
        if not isinstance(info, dict):
            raise ConfigError("E004", path=path, reason=f"{iso3} is not a mapping")
        name = str(info.get("name") or _country_name(country))
        eid = f"STATE:{iso3}"
        attrs: dict[str, Any] = {}
        if info.get("capital"):
            attrs["capital"] = str(info["capital"])
        names = [name] + [
            str(v)
            for v in (
                country.name,
                getattr(country, "official_name", None),
                getattr(country, "common_name", None),
            )
            if v and "," not in str(v)
        ]
        aliases = _str_list(info.get("aliases"), path, f"{iso3}.aliases")
        gaz.add_entity(Entity(eid, "STATE", name, tuple(dict.fromkeys(names[1:] + aliases)), iso3, attrs))
        gaz._alpha3[iso3] = iso3
        for n in dict.fromkeys(names):
            gaz.add_term(n, eid, "name", "STATE")
            if n.startswith("Republic of") or n.startswith("Kingdom of") or n.startswith("Islamic Republic"):
                gaz.add_term("the " + n, eid, "name", "STATE")
        for a in aliases:
            gaz.add_term(a, eid, "alias", "STATE")
        for m in _str_list(info.get("metonyms"), path, f"{iso3}.metonyms"):
            gaz.add_term(m, eid, "metonym", "STATE")
        for m in _str_list(info.get("seats"), path, f"{iso3}.seats"):
            gaz.add_term(m, eid, "seat", "STATE")
        for d in _str_list(info.get("demonyms"), path, f"{iso3}.demonyms"):
            gaz.add_term(d, eid, "demonym", "NORP")
        for p in _str_list(info.get("prefixes"), path, f"{iso3}.prefixes"):
            gaz.add_term(p, eid, "prefix", "NORP", exact=True)
    unknown = set(extra) - set(gaz._alpha3)
    if unknown:
        raise ConfigError("E004", path=path, reason=f"unknown ISO3 codes {sorted(unknown)}")


def _state_attr(row: Mapping[str, Any], gaz: Gazetteer, path: str) -> str | None:
    state = row.get("state") or row.get("origin")
    if state and f"STATE:{state}" not in gaz.entities:
        raise ConfigError("E004", path=path, reason=f"{row.get('key')}: unknown state {state!r}")
    return str(state) if state else None


def _load_simple(gaz: Gazetteer, file: str, list_key: str, etype: str, extra_attrs: Iterable[str]) -> None:
    path = f"data/gazetteers/{file}"
    for row in _entries(_read_yaml(file), list_key, path, ("key", "name")):
        eid = f"{etype}:{row['key']}"
        state = _state_attr(row, gaz, path)
        attrs: dict[str, Any] = {k: row[k] for k in extra_attrs if row.get(k)}
        if state:
            attrs["state"] = state
        aliases = _str_list(row.get("aliases"), path, f"{row['key']}.aliases")
        short = _str_list(row.get("short"), path, f"{row['key']}.short")
        gaz.add_entity(Entity(eid, etype, str(row["name"]), tuple(aliases), None, attrs))
        exact = True if row.get("case") == "exact" or etype == "PERSON" else None
        forms = [str(row["name"])] + aliases
        if etype == "ORG" and state:
            forms += _possessive_forms(forms, state, gaz)
        for i, form in enumerate(dict.fromkeys(forms)):
            kind = "name" if i == 0 else "alias"
            gaz.add_term(form, eid, kind, etype, exact)
            if etype == "WEAPON_SYSTEM":
                for v in designation_variants(form):
                    gaz.add_term(v, eid, "alias", etype, exact)
        for s in short:
            gaz.add_term(s, eid, "short", etype, True)


def _possessive_forms(forms: list[str], iso3: str, gaz: Gazetteer) -> list[str]:
    """ "Russian Ministry of Defense" -> "Russia's Ministry of Defense" (same organisation, possessive form)."""
    state = gaz.entities[f"STATE:{iso3}"]
    demonyms = [t.text for t in gaz.terms if t.entity_id == state.id and t.kind == "demonym"]
    out = []
    for f in forms:
        for d in demonyms:
            if f.startswith(d + " "):
                rest = f[len(d) + 1 :]
                out += [f"{state.name}'s {rest}", f"{state.name}\u2019s {rest}"]
    return out


@cache
def load_lexicon() -> Mapping[str, frozenset[str]]:
    """Word lists (role heads, titles, locative prepositions ...) from ``lexicon.yaml``, lower-cased."""
    data = _read_yaml("lexicon.yaml")
    out: dict[str, frozenset[str]] = {}
    for k, v in data.items():
        if k == "version":
            continue
        if isinstance(v, dict):  # a table of lists: org_cues.media -> "org_cues.media"
            for sub, words in v.items():
                out[f"{k}.{sub}"] = frozenset(
                    s.lower() for s in _str_list(words, "data/gazetteers/lexicon.yaml", sub)
                )
            continue
        out[k] = frozenset(s.lower() for s in _str_list(v, "data/gazetteers/lexicon.yaml", k))
    return out


@cache
def lexicon_table(name: str) -> dict[str, str]:
    """Word -> sub-list name for a table of lists in ``lexicon.yaml`` (``org_cues``: "outlet" -> "media").

    Cached: callers share the dict and must not change it."""
    out: dict[str, str] = {}
    prefix = name + "."
    for key, words in load_lexicon().items():
        if key.startswith(prefix):
            for w in sorted(words):
                out.setdefault(w, key[len(prefix) :])
    return out


def org_cue_kinds() -> dict[str, str]:
    """Cue noun -> organisation kind, from ``lexicon.yaml`` ``org_cues`` ("outlet" -> "media")."""
    return dict(lexicon_table("org_cues"))


def _drop_redundant_articles(gaz: Gazetteer) -> None:
    """Drop "the X" where "X" names the same entity: mentions then start at the name ("the US" -> "US").

    Seats keep their article ("the Kremlin", "the White House"): there it is part of the name as written.
    """
    forms = {(t.entity_id, t.text.lower()) for t in gaz.terms}
    keep = [
        t
        for t in gaz.terms
        if not (
            t.kind != "seat" and t.text[:4].lower() == "the " and (t.entity_id, t.text[4:].lower()) in forms
        )
    ]
    gaz.terms[:] = keep


@cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded and validated on first use."""
    gaz = Gazetteer()
    _load_states(gaz)
    _load_simple(gaz, "weapons.yaml", "weapons", "WEAPON_SYSTEM", ("kind",))
    _load_simple(gaz, "orgs.yaml", "orgs", "ORG", ("kind",))
    _load_simple(gaz, "people.yaml", "people", "PERSON", ("role",))
    _load_simple(gaz, "places.yaml", "places", "PLACE", ("kind",))
    lex = load_lexicon()
    # "the Russian side", "the Chinese government": a demonym plus a collective noun stands for the state.
    for t in [t for t in gaz.terms if t.kind == "demonym" and not t.text.endswith("s")]:
        for noun in sorted(lex.get("state_collectives", ())):
            gaz.add_term(f"{t.text} {noun}", t.entity_id, "collective", "STATE", exact=False)
    _drop_redundant_articles(gaz)
    log.debug("gazetteer: %d entities, %d terms", len(gaz.entities), len(gaz.terms))
    return gaz
