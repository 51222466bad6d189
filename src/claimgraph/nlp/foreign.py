"""Entities in texts the English model does not parse: Russian (and other Cyrillic) and Chinese.

``annotate_foreign(document) -> (mentions, entities)`` links a non-English text to the same canonical entities
as English texts, without a model, by three means:

* the forms of ``data/gazetteers/foreign.yaml`` (states, and people and organisations whose names are not
  transliterations): Russian forms are matched with their case endings ("России", "российских" for "Россия",
  "российский"), Chinese forms as written, and one-character Chinese abbreviations of states in compounds
  ("中俄", "中美") or, where unambiguous, alone ("俄");
* transliteration: a capitalised Cyrillic word (or two or three) is transliterated and compared, after its case
  ending is stripped, with the English names of the gazetteer ("Сергей Чемезов" -> Sergei Chemezov, "Газпрома"
  -> Gazprom, "С-400" -> S-400); Latin words in the text are looked up as they are ("CNPC");
* a run of two or three capitalised Cyrillic words that nothing names, after a person cue (a role noun or a verb
  of saying: "посол ... Бала Венкатеш Варма") or ending in a surname suffix ("Влада Русакова"), is a person
  named by its transliteration.

Everything is compiled once; a text is scanned with a few compiled regular expressions. The stage that decides
which documents are parsed by the English model calls this for the others (``pipeline``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .._yaml import load_yaml
from ..errors import ConfigError
from ..records import Document, Entity, Event, Mention, make_id
from .gazetteer import Gazetteer, get_gazetteer, slug

__all__ = ["LANGUAGES", "analyse_foreign", "annotate_foreign", "transliterate"]

#: Languages (ISO 639-1) this module annotates.
LANGUAGES = frozenset({"ru", "uk", "be", "bg", "zh"})
_CYRILLIC = frozenset({"ru", "uk", "be", "bg"})
_PATH = "data/gazetteers/foreign.yaml"

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}
# case endings of Russian nouns and adjectives, longest first
_ENDINGS = sorted(
    {
        "а", "я", "у", "ю", "е", "и", "ы", "о", "й", "ь", "ом", "ем", "ём", "ей", "ой", "ам", "ям", "ах", "ях",
        "ов", "ев", "ию", "ия", "ии", "ие", "ий", "ый", "ая", "ое", "ые", "ого", "его", "ому", "ему", "ую", "юю",
        "ым", "им", "ых", "их", "ыми", "ими", "ами", "ями", "ою", "ею", "ья", "ьи", "ью", "ье",
    },
    key=len,
    reverse=True,
)
_ADJ_ENDINGS = ("ий", "ый", "ой", "ая", "ое", "ые", "ие", "яя")
_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына|ский|ская|цкий|цкая|енко|ко|ук|юк|швили|дзе|ян)$")
_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
_CYR_WORD = re.compile(r"[\u0400-\u04FF]")


def transliterate(text: str) -> str:
    """Cyrillic to Latin (BGN/PCGN-like, no diacritics): "Сергей Чемезов" -> "Sergey Chemezov"."""
    out = []
    for ch in text:
        low = ch.lower()
        t = _TRANSLIT.get(low)
        if t is None:
            out.append(ch)
        elif ch != low and t:
            out.append(t[0].upper() + t[1:])
        else:
            out.append(t)
    return "".join(out)


def _key(latin: str) -> str:
    """A spelling-tolerant comparison key of a Latin word: "Sergey" == "Sergei", "Rostekh" == "Rosteh"."""
    t = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode().lower()
    t = t.replace("kh", "h").replace("x", "ks").replace("w", "v").replace("ck", "k")
    t = t.replace("ya", "ia").replace("yu", "iu").replace("yo", "io").replace("ye", "e").replace("y", "i")
    t = re.sub(r"[^a-z0-9]", "", t)
    return re.sub(r"(.)\1+", r"\1", t)


def _stems(word: str) -> list[str]:
    """The word and the word without each case ending it has (stem at least three letters)."""
    low = word.lower()
    out = [low]
    for e in _ENDINGS:
        if low.endswith(e) and len(low) - len(e) >= 3:
            out.append(low[: -len(e)])
    return out


def _form_stem(word: str) -> str:
    """The stem a nominative form keeps in every case: "россия" -> "росси", "российский" -> "российск"."""
    low = word.lower()
    if len(low) > 4 and low.endswith(_ADJ_ENDINGS):
        return low[:-2]
    if len(low) > 3 and low[-1] in "аяйьеоиыу":
        return low[:-1]
    return low


def _inflects(word: str, stem: str) -> bool:
    low = word.lower()
    if not low.startswith(stem):
        return False
    rest = low[len(stem) :]
    return rest == "" or rest in _ENDINGS_SET


_ENDINGS_SET = frozenset(_ENDINGS)


@dataclass
class _Tables:
    # first stem -> (stems, capitalised?, entity id): a capitalised form ("Куба") needs a capitalised word
    ru_forms: dict[str, list[tuple[tuple[str, ...], bool, str]]] = field(default_factory=dict)
    translit: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)  # first key -> names
    zh: re.Pattern[str] | None = None
    zh_ids: dict[str, str] = field(default_factory=dict)
    zh_abbrev: dict[str, str] = field(default_factory=dict)
    zh_compound: re.Pattern[str] | None = None
    zh_standalone: frozenset[str] = frozenset()
    zh_marked: frozenset[str] = frozenset()
    zh_not: frozenset[str] = frozenset()
    person_cues: tuple[str, ...] = ()


def _read() -> dict[str, Any]:
    try:
        raw = resources.files("claimgraph").joinpath("data", "gazetteers", "foreign.yaml").read_text("utf-8")
        data = load_yaml(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError("E004", path=_PATH, reason=str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("forms"), dict):
        raise ConfigError("E004", path=_PATH, reason="expected a mapping with 'forms'")
    return data


@cache
def _tables() -> _Tables:
    gaz = get_gazetteer()
    data = _read()
    tabs = _Tables()
    zh_forms: dict[str, str] = {}
    for eid, langs in data["forms"].items():
        if eid not in gaz.entities:
            raise ConfigError("E004", path=_PATH, reason=f"unknown entity {eid!r}")
        if not isinstance(langs, dict):
            raise ConfigError("E004", path=_PATH, reason=f"{eid}: expected a mapping of languages")
        for form in langs.get("ru") or ():
            stems = tuple(_form_stem(w) for w in _WORD.findall(str(form)))
            if stems:
                tabs.ru_forms.setdefault(stems[0], []).append((stems, str(form)[:1].isupper(), eid))
        for form in langs.get("zh") or ():
            zh_forms[str(form)] = eid
    for t in gaz.terms:
        if t.kind in ("demonym", "prefix", "collective") or not t.text.isascii():
            continue
        words = _WORD.findall(t.text)
        if not words or (len(words) == 1 and len(words[0]) < 4):
            continue  # "Xi", "US": too short to find by transliteration
        keys = tuple(_key(w) for w in words)
        if all(keys):
            tabs.translit.setdefault(keys[0], []).append((keys, t.entity_id))
    if zh_forms:
        alts = sorted(zh_forms, key=len, reverse=True)
        tabs.zh = re.compile("|".join(re.escape(a) for a in alts))
        tabs.zh_ids = zh_forms
    abbrev = data.get("zh_abbreviations") or {}
    tabs.zh_abbrev = {str(k): f"STATE:{v}" for k, v in abbrev.items()}
    for v in tabs.zh_abbrev.values():
        if v not in gaz.entities:
            raise ConfigError("E004", path=_PATH, reason=f"zh_abbreviations: unknown state {v!r}")
    if abbrev:
        chars = "".join(re.escape(c) for c in abbrev)
        tabs.zh_compound = re.compile(f"[{chars}]{{2,3}}")
    tabs.zh_standalone = frozenset(str(c) for c in data.get("zh_standalone") or ())
    tabs.zh_marked = frozenset(str(c) for c in data.get("zh_marked") or ())
    tabs.zh_not = frozenset(str(c) for c in data.get("zh_not_compounds") or ())
    tabs.person_cues = tuple(str(c).lower() for c in data.get("ru_person_cues") or ())
    return tabs


class _Collector:
    def __init__(self, document: Document, gaz: Gazetteer):
        self.document = document
        self.gaz = gaz
        self.mentions: list[Mention] = []
        self.entities: dict[str, dict[str, Any]] = {}
        self.taken = bytearray(len(document.text))  # 1 where a character belongs to a mention

    def free(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) < 0

    def add(self, start: int, end: int, eid: str, source: str, name: str | None = None,
            attrs: Mapping[str, Any] | None = None) -> None:
        text = self.document.text[start:end]
        known = self.gaz.entities.get(eid)
        etype = known.type if known is not None else eid.split(":", 1)[0]
        rec = self.entities.get(eid)
        if rec is None:
            rec = {
                "type": etype,
                "name": known.name if known is not None else (name or text),
                "iso3": known.iso3 if known is not None else None,
                "aliases": [],
                "attributes": dict(known.attributes) if known is not None else dict(attrs or {}),
            }
            self.entities[eid] = rec
        surface = " ".join(text.split())
        if surface != rec["name"] and surface not in rec["aliases"]:
            rec["aliases"].append(surface)
        mid = make_id("m", self.document.id, start, end)
        self.mentions.append(Mention(mid, self.document.id, start, end, text, etype, eid, source))
        self.taken[start:end] = b"\x01" * (end - start)

    def result(self) -> tuple[list[Mention], list[Entity]]:
        ents = [
            Entity(eid, r["type"], r["name"], tuple(r["aliases"]), r["iso3"], r["attributes"])
            for eid, r in self.entities.items()
        ]
        return sorted(self.mentions, key=lambda m: (m.start, m.end)), ents


def _cyrillic(text: str, tabs: _Tables, out: _Collector) -> None:
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    i = 0
    n = len(words)
    while i < n:
        best: tuple[int, str, str] | None = None  # (words used, entity id, source)
        w = words[i][2]
        # 1. forms of foreign.yaml, with case endings
        for stem in {_form_stem(w), *_stems(w)}:
            for stems, cap, eid in tabs.ru_forms.get(stem, ()):
                k = len(stems)
                if cap and not w[:1].isupper():
                    continue  # "куб. м" is not Cuba
                if i + k <= n and all(_inflects(words[i + j][2], stems[j]) for j in range(k)):
                    if best is None or k > best[0]:
                        best = (k, eid, "gazetteer")
        # 2. Latin words as they are; Cyrillic designations and names by transliteration
        if not _CYR_WORD.search(w):
            for k in (3, 2, 1):
                if i + k <= n and _adjacent(text, words, i, k):
                    ent = out.gaz.lookup(text[words[i][0] : words[i + k - 1][1]])
                    if ent is not None and (best is None or k > best[0]):
                        best = (k, ent.id, "gazetteer")
                        break
        elif any(c.isdigit() for c in w):
            ent = out.gaz.lookup(transliterate(w))
            if ent is not None and best is None:
                best = (1, ent.id, "rule")
        elif w[:1].isupper():
            hit = _translit_match(words, i, tabs)
            if hit is not None and (best is None or hit[0] > best[0]):
                best = (hit[0], hit[1], "rule")
        if best is not None:
            k, eid, source = best
            start, end = words[i][0], words[i + k - 1][1]
            if out.free(start, end):
                out.add(start, end, eid, source)
            i += k
            continue
        i += 1
    _unknown_people(text, words, tabs, out)


def _adjacent(text: str, words: list[tuple[int, int, str]], i: int, k: int) -> bool:
    return all(text[words[j][1] : words[j + 1][0]].strip() == "" for j in range(i, i + k - 1))


def _translit_match(words: list[tuple[int, int, str]], i: int, tabs: _Tables) -> tuple[int, str] | None:
    keys0 = {_key(transliterate(s)) for s in _stems(words[i][2])}
    best: tuple[int, str] | None = None
    for k0 in keys0:
        for keys, eid in tabs.translit.get(k0, ()):
            k = len(keys)
            if i + k > len(words):
                continue
            ok = all(
                (words[i + j][2][:1].isupper() or words[i + j][2].isdigit())
                and keys[j] in {_key(transliterate(s)) for s in _stems(words[i + j][2])}
                for j in range(1, k)
            )
            if ok and (best is None or k > best[0]):
                best = (k, eid)
    return best


def _unknown_people(text: str, words: list[tuple[int, int, str]], tabs: _Tables, out: _Collector) -> None:
    n = len(words)
    taken = [not out.free(a, b) for a, b, _w in words]
    i = 0
    while i < n:
        run = i
        while run < n and run - i < 3 and not taken[run] and _CYR_WORD.search(words[run][2]) \
                and words[run][2][:1].isupper() \
                and words[run][2][1:2].islower() and "-" not in words[run][2] \
                and (run == i or _adjacent(text, words, run - 1, 2)):
            run += 1
        k = run - i
        if k < 2:
            i = max(i + 1, run)
            continue
        start, end = words[i][0], words[run - 1][1]
        prev_char = text[:start].rstrip()[-1:]
        sentence_start = not prev_char or prev_char in ".!?"
        prev = [w[2].lower() for w in words[max(0, i - 6) : i]]
        cue = any(p.startswith(c) for p in prev for c in tabs.person_cues)
        if out.free(start, end) and (cue or (_SURNAME.search(words[run - 1][2]) and not sentence_start)):
            name = transliterate(" ".join(w[2] for w in words[i:run]))
            out.add(start, end, f"PERSON:{slug(name)}", "rule", name=name)
        i = run


def _chinese(text: str, tabs: _Tables, out: _Collector) -> None:
    if tabs.zh is not None:
        for m in tabs.zh.finditer(text):
            if out.free(m.start(), m.end()):
                out.add(m.start(), m.end(), tabs.zh_ids[m.group()], "gazetteer")
    if tabs.zh_compound is not None:
        for m in tabs.zh_compound.finditer(text):
            run = m.group()
            if any(bad in text[max(0, m.start() - 2) : m.end() + 2] for bad in tabs.zh_not if set(bad) & set(run)):
                continue
            ids = [tabs.zh_abbrev[c] for c in run]
            if len(set(ids)) != len(ids):
                continue
            for k, c in enumerate(run):
                if out.free(m.start() + k, m.start() + k + 1):
                    out.add(m.start() + k, m.start() + k + 1, tabs.zh_abbrev[c], "rule")
    for c in tabs.zh_standalone:
        for m in re.finditer(re.escape(c), text):
            if out.free(m.start(), m.end()):
                out.add(m.start(), m.end(), tabs.zh_abbrev[c], "rule")
    for i in range(1, len(text)):
        c = text[i]
        if c in tabs.zh_abbrev and text[i - 1] in tabs.zh_marked and out.free(i, i + 1) \
                and not any(bad in text[max(0, i - 2) : i + 3] for bad in tabs.zh_not if c in bad):
            out.add(i, i + 1, tabs.zh_abbrev[c], "rule")  # "对华", "访美": a state after a directional marker


def annotate_foreign(document: Document) -> tuple[list[Mention], list[Entity]]:
    """Mentions and canonical entities of a Russian/Cyrillic or Chinese document (see the module docstring);
    empty lists for other languages."""
    lang = (document.language or "").split("-")[0].lower()
    if lang not in LANGUAGES or not document.text:
        return [], []
    tabs = _tables()
    out = _Collector(document, get_gazetteer())
    if lang in _CYRILLIC:
        _cyrillic(document.text, tabs, out)
    else:
        _chinese(document.text, tabs, out)
    return out.result()



def analyse_foreign(document: Document) -> tuple[Document, list[Mention], list[Entity], list[Event]]:
    """Date, entities and events of a dated (``docdate.infer_date``) Russian or Chinese document.

    A document still without a date gets one inferred from the newest period its text reports
    (:func:`claimgraph.extract.foreign_values.infer_publication`, basis ``inferred``); ``meta["foreign_nlp"]``
    records which analysers ran (natasha / jieba / OpenCC or the model-free fallbacks).
    """
    from dataclasses import replace

    from ..extract.foreign_events import analysis_path, extract_foreign_events
    from ..extract.foreign_values import infer_publication

    lang = (document.language or "").split("-")[0].lower()
    if lang not in LANGUAGES or not document.text:
        return document, [], [], []
    code = "zh" if lang == "zh" else "ru"
    if not document.published:
        found = infer_publication(document.text, code)
        if found is not None:
            document = replace(document, published=found[0], published_basis="inferred",
                               published_reason=f"inferred from the text: {found[1]}")
    document = replace(document, meta={**document.meta, "foreign_nlp": analysis_path(code)})
    mentions, entities = annotate_foreign(document)
    events = extract_foreign_events(document, mentions, entities)
    return document, mentions, entities, events
