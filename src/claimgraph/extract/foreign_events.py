"""Typed events in Russian and Chinese text: ``claimgraph.events.foreign.v1``.

``extract_foreign_events(document, mentions, entities) -> list[Event]`` gives the same claims as the English
layers (type, actor, target, item, quantity, value, when, status, attribution, hedging, evidence = the sentence,
trigger span) from the trigger lexicons ``data/lexicons/events_{ru,zh}.yaml`` and the mentions of
:mod:`claimgraph.nlp.foreign`. Per sentence (Chinese: per clause, split at ；):

* triggers: Russian stems matched on words or, with natasha, on their lemmas; Chinese words matched on the text
  normalised to Simplified characters (OpenCC, else the lexicon's table; offsets unchanged), at jieba word
  starts when jieba is installed;
* type: a trigger group's type depends on whether a weapon system (or an anaphor of one: "этих комплексов"), a
  commodity or neither is named ("поставка С-400" is an arms delivery, "поставка газа" trade);
* roles by cues: Russian prepositions and (natasha) the dative mark a recipient ("в Индию", "для Индии",
  "поставку Индии"), "из/у/от" a source; Chinese 对/向 mark the recipient, 从/自 the source, 面对/面临 a target
  before them. Arms events follow the supplier -> recipient convention (a weapon's maker state supplies it,
  ``weapons.yaml`` ``origin``); a payment for weapons goes the other way; several recipients give one event
  each; symmetric types take the first two parties;
* claim: attribution from speech cues ("по словам", "сказал он", 据...报道, 表示; quotations are attributed to
  the speaker after them), hedges ("возможно", 可能), status (planned "планирует", expected "будет", 将,
  denied by a negation before the trigger or "опроверг", 否认), the nearest date of the sentence (else the
  paragraph's last one), quantity and money (:mod:`claimgraph.extract.foreign_values`).

natasha and jieba are optional (the ``languages`` extra): without them words and sentences come from regular
expressions and no case or tense is known. :func:`analysis_path` says which path runs.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..records import Document, Entity, Event, Mention, Money, Quantity, Span, TimeValue, make_id
from .foreign_values import (
    find_foreign_money,
    find_foreign_quantities,
    find_foreign_times,
    lexicon,
    to_simplified,
)

__all__ = ["RULE", "analysis_path", "extract_foreign_events"]

RULE = "claimgraph.events.foreign.v1"

ARMS = frozenset({"arms_order", "arms_delivery", "arms_delivery_delay", "arms_delivery_expedite",
                  "arms_cancellation"})
SYMMETRIC = frozenset({"meeting", "agreement", "consultation", "military_exercise", "defense_cooperation",
                       "armed_clash"})
_PARTY_TYPES = frozenset({"STATE", "ORG", "PERSON"})
_RU_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
_RU_SENT = re.compile(r"[^.!?…\n]+(?:[.!?…]+[»\"”]*|$)")
_CONJ = frozenset({"и", ",", "，", "、", "和", "及", "与", "а также"})
_QUOTES = re.compile(r"«[^«»]{2,}»|\"[^\"\n]{2,}\"|“[^”]{2,}”|「[^」]{2,}」|“[^“”]{2,}”")


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    low: str
    lemma: str
    case: str | None = None
    tense: str | None = None


@dataclass(frozen=True)
class _Group:
    name: str
    triggers: tuple[str, ...]
    weapon: str | None
    commodity: str | None
    other: str | None
    inverse: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    payer_is_recipient: bool = False
    visited_after: bool = False


@dataclass
class _Lex:
    lang: str
    groups: list[_Group]
    speech: tuple[str, ...]
    attribution: tuple[str, ...]
    pronouns: frozenset[str]
    hedges: tuple[str, ...]
    status: dict[str, tuple[str, ...]]
    negation: frozenset[str]
    to: tuple[str, ...]
    from_: tuple[str, ...]
    target_before: tuple[str, ...]
    recipient_cases: frozenset[str]
    anaphora: tuple[str, ...]
    commodities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    first_person: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    earlier: tuple[str, ...] = ()


def _strs(v: Any) -> tuple[str, ...]:
    return tuple(str(x).lower() for x in (v or ()))


@cache
def _lex(lang: str) -> _Lex:
    d = lexicon(lang)
    groups = []
    for g in d["groups"]:
        groups.append(_Group(
            str(g["name"]), _strs(g.get("triggers")) + _strs(g.get("inverse")), g.get("weapon"), g.get("commodity"),
            g.get("other"), _strs(g.get("inverse")), _strs(g.get("exclude")), bool(g.get("payer_is_recipient")),
            bool(g.get("visited_after"))))
    roles = d.get("roles") or {}
    return _Lex(
        lang, groups, _strs(d.get("speech")), _strs(d.get("attribution")), frozenset(_strs(d.get("pronouns"))),
        _strs(d.get("hedges")), {k: _strs(v) for k, v in (d.get("status") or {}).items()},
        frozenset(_strs(d.get("negation"))), _strs(roles.get("to")), _strs(roles.get("from")),
        _strs(roles.get("target_before")), frozenset(str(c) for c in roles.get("recipient_cases") or ()),
        _strs(d.get("weapon_anaphora")), {str(k): _strs(v) for k, v in (d.get("commodities") or {}).items()},
        _strs(d.get("first_person")), {str(k).lower(): str(v) for k, v in (d.get("sources") or {}).items()},
        _strs(d.get("earlier")))


# ------------------------------------------------------------------------------------------------ analysers


@cache
def _natasha() -> Any:
    """natasha's segmenter, morphology tagger and lemmatiser, loaded once; ``None`` when not installed."""
    try:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, Segmenter
    except ImportError:
        return None
    return Segmenter(), NewsMorphTagger(NewsEmbedding()), MorphVocab()


@cache
def _jieba() -> Any:
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)  # the dictionary-loading notice is not ours to print
    return jieba


def analysis_path(lang: str) -> dict[str, str]:
    """Which analysers run for ``lang``: ``{"segmenter": ..., "morphology": ..., "script": ...}``."""
    if lang == "zh":
        return {"segmenter": "jieba" if _jieba() is not None else "characters", "morphology": "none",
                "script": to_simplified("")[1]}
    nat = _natasha() is not None
    return {"segmenter": "natasha" if nat else "regex", "morphology": "natasha" if nat else "none"}


def _ru_tokens(text: str) -> tuple[list[tuple[int, int]], list[_Tok]]:
    """Sentences (split at line breaks too) and words with lemma, case and tense (natasha, one pass over the
    whole text so its tagger batches the sentences) or, without natasha, words only."""
    nat = _natasha()
    sents: list[tuple[int, int]] = []
    toks: list[_Tok] = []
    if nat is None:
        pos = 0
        for line in text.splitlines(keepends=True):
            for m in _RU_SENT.finditer(line):
                if m.group().strip():
                    sents.append((pos + m.start(), pos + m.end()))
            for m in _RU_WORD.finditer(line):
                w = m.group().lower()
                toks.append(_Tok(pos + m.start(), pos + m.end(), w, w))
            pos += len(line)
        return sents, toks
    from natasha import Doc

    seg, tagger, vocab = nat
    doc = Doc(text)
    doc.segment(seg)
    doc.tag_morph(tagger)
    for sent in doc.sents:
        a = sent.start
        for part in text[sent.start : sent.stop].splitlines(keepends=True):
            if part.strip():
                sents.append((a, a + len(part.rstrip("\n"))))
            a += len(part)
    for t in doc.tokens:
        if not _RU_WORD.fullmatch(t.text):
            continue
        t.lemmatize(vocab)
        feats = t.feats or {}
        toks.append(_Tok(t.start, t.stop, t.text.lower(), (t.lemma or t.text).lower(), feats.get("Case"),
                         feats.get("Tense")))
    return sents, toks


def _zh_clauses(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each clause: sentences split at 。！？ and ；, paragraphs at line breaks."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for para, line in enumerate(text.splitlines(keepends=True)):
        for m in re.finditer(r"[^。！？!?；;\n]+[。！？!?；;]?", line):
            if m.group().strip():
                out.append((pos + m.start(), pos + m.end(), para))
        pos += len(line)
    return out


# ------------------------------------------------------------------------------------------------ parties


@dataclass(frozen=True)
class _Party:
    start: int
    end: int
    pid: str  # the party as events name it: a state for states and people in office, else the entity
    eid: str
    etype: str
    adjective: bool = False  # "российских": the origin of what follows, not a participant
    cue: str | None = None  # to | from | target_before
    side: str | None = None  # the state the party acts for ("ORG:rostec" -> "STATE:RUS")


def _party_id(m: Mention, ents: Mapping[str, Entity]) -> str | None:
    ent = ents.get(m.entity or "")
    if ent is None or ent.type not in _PARTY_TYPES:
        return None
    if ent.type == "ORG" and ent.attributes.get("kind") == "media":
        return None  # outlets are sources of claims, not parties to events
    if ent.type == "PERSON":
        state = ent.attributes.get("state")
        return f"STATE:{state}" if state else ent.id
    return ent.id


def _cue(text: str, norm: str, p: Mention, lex: _Lex, toks: Sequence[_Tok]) -> str | None:
    """to / from / target_before for a party mention; ``toks``: its sentence's words (Russian)."""
    if lex.lang == "zh":
        before = norm[max(0, p.start - 3) : p.start]
        if any(before.endswith(c) for c in lex.from_):
            return "from"
        if any(before.endswith(c) for c in lex.to) and not any(before.endswith(c) for c in lex.target_before):
            return "to"  # "对俄出口"; but not the 对 of "面对"
        if any(norm.startswith(c, p.end) for c in lex.target_before):
            return "target_before"
        return None
    prev = [t for t in toks if t.end <= p.start][-1:]
    if prev and text[prev[0].end : p.start].strip(" «\"“") == "":
        if prev[0].low in lex.from_:
            return "from"
        if prev[0].low in lex.to:
            return "to"
    own = [t for t in toks if t.start == p.start]
    if own and own[0].case in lex.recipient_cases:
        return "to"
    return None


# ------------------------------------------------------------------------------------------------ the engine


@dataclass
class _State:
    """What the document said before the current sentence: for anaphora and topic times."""

    last_weapon: str | None = None
    last_person: str | None = None
    arms_pair: tuple[str | None, str | None] = (None, None)
    para_time: dict[int, TimeValue] = field(default_factory=dict)


def _find_cues(sent: str, words: Sequence[str], cues: Sequence[str], lang: str) -> list[str]:
    """The cues of ``cues`` the sentence contains: Chinese ones as written in ``sent``, Russian stem sequences
    ("по словам") at the starts of ``words`` (lower-case words and lemmas)."""
    if lang == "zh":
        return [c for c in cues if c in sent]
    joined = " " + " ".join(words)
    return [c for c in cues if " " + c in joined]


def _triggers(lex: _Lex, s: int, e: int, norm: str, toks: Sequence[_Tok],
              bounds: set[int] | None) -> list[tuple[_Group, int, int, bool]]:
    """(group, start, end, inverse) of the first trigger of each group in the sentence, by position."""
    found: list[tuple[_Group, int, int, bool]] = []
    for g in lex.groups:
        hit: tuple[int, int, bool] | None = None
        if lex.lang == "zh":
            for trig in sorted(g.triggers, key=len, reverse=True):
                i = norm.find(trig, s, e)
                while i >= 0:
                    bad = any(norm.find(x, max(s, i - len(x)), min(e, i + len(trig) + len(x))) >= 0
                              and _overlaps(norm, x, i, i + len(trig), s, e) for x in g.exclude)
                    if not bad and (bounds is None or i in bounds):
                        if hit is None or i < hit[0]:
                            hit = (i, i + len(trig), trig in g.inverse)
                        break
                    i = norm.find(trig, i + 1, e)
        else:
            words = [t for t in toks if s <= t.start < e]
            single = tuple(x for x in g.triggers if " " not in x)
            multi = [x.split() for x in g.triggers if " " in x]
            for i, t in enumerate(words):
                if t.low.startswith(single) or t.lemma.startswith(single):
                    trig = next(x for x in single if t.low.startswith(x) or t.lemma.startswith(x))
                    hit = (t.start, t.end, trig in g.inverse)
                    break
                for parts in multi:
                    if i + len(parts) <= len(words) and all(
                            words[i + j].low.startswith(parts[j]) or words[i + j].lemma.startswith(parts[j])
                            for j in range(len(parts))):
                        hit = (t.start, words[i + len(parts) - 1].end, " ".join(parts) in g.inverse)
                        break
                if hit:
                    break
        if hit:
            found.append((g, *hit))
    return sorted(found, key=lambda x: x[1])


def _subclauses(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """A Chinese clause cut at commas and enumeration commas: each part may state an event of its own
    ("中国面对贸易战、俄罗斯面临制裁")."""
    cuts = [i + 1 for i in range(s, e) if norm[i] in "，,、"]
    edges = [s, *cuts, e]
    return [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]


def _overlaps(norm: str, word: str, a: int, b: int, s: int, e: int) -> bool:
    i = norm.find(word, max(s, a - len(word)), min(e, b + len(word)))
    while i >= 0:
        if i < b and a < i + len(word):
            return True
        i = norm.find(word, i + 1, min(e, b + len(word)))
    return False


def _nearest(items: Sequence[tuple[Any, int, int]], pos: int) -> Any:
    if not items:
        return None
    return min(items, key=lambda x: min(abs(x[1] - pos), abs(x[2] - pos)))[0]


def _status(lex: _Lex, sent_words: Sequence[str], sent_norm: str, neg: bool, toks: Sequence[_Tok]) -> str:
    def any_cue(kind: str) -> bool:
        return bool(_find_cues(sent_norm, sent_words, lex.status.get(kind, ()), lex.lang))

    if neg or any_cue("denied"):
        return "denied"
    if any_cue("planned"):
        return "planned"
    if any_cue("expected") or any(t.tense == "Fut" for t in toks):
        return "expected"
    if any_cue("ongoing"):
        return "ongoing"
    return "occurred"


def _quotes(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTES.finditer(text)]


def _speaker(lex: _Lex, s: int, e: int, norm: str, words: Sequence[str], mentions: Sequence[Mention],
             ents: Mapping[str, Entity], state: _State) -> str | None:
    """The named source of the sentence's speech or attribution cue (a pronoun: the last person named)."""
    low = norm[s:e].lower()
    cues = _find_cues(low, words, lex.attribution, lex.lang)
    if not cues:
        return None
    named = [m for m in mentions if s <= m.start < e and m.entity
             and (ents.get(m.entity) is not None and ents[m.entity].type in ("PERSON", "ORG", "STATE"))]
    cue_pos = min((low.find(c.split()[0]) for c in cues if low.find(c.split()[0]) >= 0), default=0) + s
    after = [m for m in named if m.start >= cue_pos]
    people = [m for m in named if ents[m.entity or ""].type == "PERSON"]
    if lex.lang != "zh":
        near = [w for w in words if w in lex.pronouns]
        if near and not after and state.last_person:
            return state.last_person
    else:
        if any(p in norm[s:cue_pos] for p in lex.pronouns) and not people and state.last_person:
            return state.last_person
    # "X сказал" / "X说": the source before the cue; "..., — сказал Сечин", "по словам X": after it
    head = norm[:cue_pos].rstrip()
    # a closing quotation mark right after a name ("В «Ростехе» рассказали") ends the name, not a quotation
    quoted_name = head[-1:] in ("»", '"', "”") and any(0 <= len(head) - 1 - m.end <= 0 for m in named)
    later = lex.lang != "zh" and not quoted_name and (head[-1:] in (",", "—", "–", "»", '"', "-")
                                                      or any(c.startswith("по ") for c in cues))
    before = [m for m in named if m.end <= cue_pos]
    order = (after, before[::-1]) if later else (before[::-1], after)
    for group in order:
        ppl = [m for m in group if ents[m.entity or ""].type == "PERSON"]
        if ppl:  # a named person is the likeliest speaker ("глава «Ростеха» Сергей Чемезов рассказал")
            return ppl[0].entity
    for group in order:
        if group:
            return group[0].entity
    return None


def _speaker_party(spk: str, s: int, mentions: Sequence[Mention], ents: Mapping[str, Entity]) -> str | None:
    """The party a speaker speaks for: an organisation named just before a person ("глава «Ростеха» Сергей
    Чемезов", "вице-президент «Роснефти» Влада Русакова"), else the person's state, else the speaker."""
    ent = ents.get(spk)
    if ent is None:
        return None
    if ent.type == "ORG" and ent.attributes.get("kind") == "media":
        return None
    if ent.type != "PERSON":
        return ent.id
    own = [m for m in mentions if m.entity == spk and m.start >= s]
    if own:
        first = own[0]
        for m in mentions:
            e2 = ents.get(m.entity or "")
            if e2 is not None and e2.type == "ORG" and e2.attributes.get("kind") != "media" \
                    and 0 <= first.start - m.end <= 6:
                return e2.id
    state = ent.attributes.get("state")
    return f"STATE:{state}" if state else ent.id


def _roles(etype: str, g: _Group, inverse: bool, parties: list[_Party], trig: tuple[int, int],
           weapon: str | None, ents: Mapping[str, Entity], state: _State,
           text: str = "") -> list[tuple[str | None, str | None]]:
    """(actor, target) pairs for one trigger: arms and weapon payments by supplier/recipient, directed types by
    cues and position, symmetric types by the first two parties."""
    full = [p for p in parties if not p.adjective]
    adjs = [p for p in parties if p.adjective]
    if etype in ARMS or (g.payer_is_recipient and weapon):
        origin = ents.get(weapon or "")
        supplier = next((p.pid for p in full if p.cue == "from"), None)
        made_by = (origin.attributes.get("origin") or origin.attributes.get("state")) if origin is not None else None
        if supplier is None and made_by:
            supplier = f"STATE:{made_by}"
        if supplier is None and adjs:
            supplier = adjs[0].pid
        # a party acting for the supplier's state (its arms exporter, its officials) is not a recipient
        buyers = [p for p in full if p.pid != supplier and p.side != supplier]
        recips = [p.pid for p in buyers if p.cue == "to"]
        if not recips:
            recips = [p.pid for p in buyers if p.cue != "from"]
        recips = list(dict.fromkeys(r for r in recips if r))
        if not recips and state.arms_pair[1] and state.arms_pair[0] in (None, supplier):
            recips = [state.arms_pair[1]]
        if supplier is None and not recips:
            return []
        pairs: list[tuple[str | None, str | None]] = [(supplier, r) for r in recips] or [(supplier, None)]
        if g.payer_is_recipient:
            return [(r, a) for a, r in pairs if r]
        return pairs
    uniq = list(dict.fromkeys(p.pid for p in full)) or list(dict.fromkeys(p.pid for p in adjs))
    if not uniq:
        return []
    if etype in SYMMETRIC:
        return [(uniq[0], uniq[1] if len(uniq) > 1 else None)]
    target = next((p.pid for p in full + adjs if p.cue == ("from" if inverse else "to")), None)
    if etype == "sanction":
        target = next((p.pid for p in full if p.cue == "target_before"), target)
    if target is None and g.visited_after:
        after = [p for p in full if p.start >= trig[1]]
        target = after[0].pid if after else None
    actor = next((p.pid for p in full if p.pid != target and p.cue not in ("to", "from", "target_before")), None)
    if actor is None:
        actor = next((p.pid for p in full + adjs if p.pid != target), None)
    if target is None:
        target = next((p for p in uniq if p != actor), None)
    if inverse and etype not in ("visit",):
        actor, target = target, actor
    if not (actor or target):
        return []
    # "санкции против Ирана и Сирии", "制裁伊朗和叙利亚": one claim per conjoined target
    chain = [target]
    anchor_p = next((p for p in full if p.pid == target), None)
    while anchor_p is not None:
        nxt = next((p for p in full if p.start >= anchor_p.end), None)
        gap = text[anchor_p.end : nxt.start].strip() if nxt is not None else None
        if nxt is None or gap not in _CONJ or nxt.pid in (actor, *chain):
            break
        chain.append(nxt.pid)
        anchor_p = nxt
    return [(actor, t) for t in chain]


def extract_foreign_events(document: Document, mentions: Sequence[Mention],
                           entities: Sequence[Entity] | Mapping[str, Entity]) -> list[Event]:
    """Events of a Russian/Cyrillic or Chinese document (see the module docstring); [] for other languages."""
    lang = (document.language or "").split("-")[0].lower()
    if lang not in ("ru", "uk", "be", "bg", "zh") or not document.text:
        return []
    lang = "zh" if lang == "zh" else "ru"
    ents = entities if isinstance(entities, Mapping) else {e.id: e for e in entities}
    lex = _lex(lang)
    text = document.text
    mentions = sorted(mentions, key=lambda m: m.start)
    if lang == "zh":
        norm = to_simplified(text)[0]
        clauses = _zh_clauses(text)
        toks: list[_Tok] = []
        jb = _jieba()
        bounds = {s for _w, s, _e in jb.tokenize(norm)} if jb is not None else None
    else:
        norm = text
        sents, toks = _ru_tokens(text)
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        clauses = [(s, e, bisect_right(starts, s)) for s, e in sents]
        bounds = None
    anchor = document.published
    times = find_foreign_times(text, lang, anchor)
    money = find_foreign_money(text, lang)
    qtys = find_foreign_quantities(text, lang)
    quotes = _quotes(text)
    tok_starts = [t.start for t in toks]
    m_starts = [m.start for m in mentions]
    state = _State()
    out: list[Event] = []
    seen: set[tuple[Any, ...]] = set()
    for s, e, para in clauses:
        stoks = toks[bisect_left(tok_starts, s) : bisect_left(tok_starts, e)]
        words = [t.low for t in stoks] + [t.lemma for t in stoks]
        sment = mentions[bisect_left(m_starts, s) : bisect_left(m_starts, e)]
        weapons = [(m.entity, m.start, m.end) for m in sment if m.label == "WEAPON_SYSTEM" and m.entity]
        sent_low = norm[s:e].lower()
        stimes = [(t, t.start_char or 0, t.end_char or 0) for t in times
                  if t.start_char is not None and s <= t.start_char < e]
        # attribution: the sentence's own cue, else the speaker after the quotation it lies in
        spk = _speaker(lex, s, e, norm, words, mentions, ents, state)
        if spk is None:
            for qs, qe in quotes:
                if qs <= s < qe or qs < e <= qe:
                    nxt = next(((a, b, p) for a, b, p in clauses if a < qe + 40 and b > qe), None)
                    if nxt is not None:
                        nwords = [t.low for t in toks if nxt[0] <= t.start < nxt[1]]
                        spk = _speaker(lex, nxt[0], nxt[1], norm, nwords, mentions, ents, state)
                    break
        parties = []
        for m in sment:
            pid = _party_id(m, ents)
            if pid is None or (m.entity == spk and ents[m.entity or ""].type == "PERSON"):
                continue  # the speaking person reports the event; they are not a party to it
            adjective = lang == "ru" and m.text[:1].islower() and ents[m.entity or ""].type == "STATE"
            ent = ents[m.entity or ""]
            side = pid if pid.startswith("STATE:") else (f"STATE:{ent.attributes['state']}"
                                                        if ent.attributes.get("state") else None)
            parties.append(_Party(m.start, m.end, pid, m.entity or "", ent.type, adjective,
                                  _cue(text, norm, m, lex, stoks), side))
        hedges = tuple(_find_cues(sent_low, words, lex.hedges, lang))
        first_person = bool(_find_cues(sent_low, [t.low for t in stoks], lex.first_person, lang))
        generic = next((v for k, v in lex.sources.items() if _find_cues(sent_low, words, (k,), lang)), None)
        if generic and (spk is None or ents[spk].type != "PERSON"):
            spk = generic  # "分析认为", "по данным СМИ": an unnamed source
        subs = _subclauses(norm, s, e) if lang == "zh" else [(s, e)]
        trigs = [t for a, b in subs for t in _triggers(lex, a, b, norm, stoks, bounds)]
        names = {g.name for g, *_ in trigs}
        if "contract" in names:  # "договор на поставку", "供应合同": the supply is what the contract is about
            trigs = [x for x in trigs if x[0].name != "supply"]
        anaphor = bool(_find_cues(sent_low, words, lex.anaphora, lang)) and state.last_weapon is not None
        commodity = next((k for k, cues in lex.commodities.items() if _find_cues(sent_low, words, cues, lang)), None)
        for g, ts, te, inverse in trigs:
            weapon = _nearest(weapons, ts) or (state.last_weapon if anaphor else None)
            etype = g.weapon if weapon else (g.commodity if commodity and g.commodity else g.other)
            if not etype:
                continue
            sub = next(((a, b) for a, b in subs if a <= ts < b), (s, e))
            local = [p for p in parties if sub[0] <= p.start < sub[1]]
            pairs = _roles(etype, g, inverse, local if any(not p.adjective for p in local) else parties,
                           (ts, te), weapon, ents, state, norm)
            if spk in ents and first_person:  # "мы поставляли": the speaker's side acts
                me = _speaker_party(spk or "", s, mentions, ents)
                pairs = [(me if a is None or a == t else a, t) for a, t in pairs]
            if not pairs:
                continue
            before = [t for t in stoks if t.end <= ts][-2:]
            neg = any(t.low in lex.negation for t in before) if lang == "ru" else norm[max(s, ts - 1):ts] in lex.negation
            status = _status(lex, words, sent_low, neg, stoks)
            when = _nearest(stimes, ts) or state.para_time.get(para)
            qty: Quantity | None = _nearest([x for x in qtys if s <= x[1] < e], ts)
            val: Money | None = _nearest([x for x in money if s <= x[1] < e], ts)
            for actor, target in pairs:
                out.append(_event(document, etype, s, e, ts, te, actor, target, weapon,
                                  commodity if not weapon else None, qty, val, when, status, spk, hedges, seen))
                if etype in ARMS:
                    state.arms_pair = (actor, target)
        # a statement by a named speaker who is not an outlet
        if spk and spk in ents and _find_cues(sent_low, words, lex.speech, lang):
            actor = _speaker_party(spk, s, mentions, ents)
            if actor:
                others = [p.pid for p in parties if p.pid != actor and not p.adjective and p.eid != spk]
                when = _nearest(stimes, s)
                if when is None and anchor and not _find_cues(sent_low, words, lex.earlier, lang):
                    when = TimeValue(anchor, None, None, True)  # said in the reported news: the report's date
                out.append(_event(document, "statement", s, e, s, e, actor, others[0] if others else None, None,
                                  None, None, None, when, "occurred", spk, hedges, seen))
        if weapons:
            state.last_weapon = weapons[-1][0]
        people = [m.entity for m in sment if m.label == "PERSON" and m.entity]
        if people:
            state.last_person = people[-1]
        if stimes:
            state.para_time[para] = stimes[-1][0]
    return [ev for ev in out if ev is not None]


def _event(document: Document, etype: str, s: int, e: int, ts: int, te: int, actor: str | None, target: str | None,
           weapon: str | None, commodity: str | None, qty: Quantity | None, val: Money | None, when: TimeValue | None,
           status: str, spk: str | None, hedges: tuple[str, ...], seen: set[tuple[Any, ...]]) -> Any:
    text = document.text
    while e > s and text[e - 1].isspace():
        e -= 1
    key = (etype, s, actor, target, weapon or commodity)
    if key in seen or (actor is None and target is None):
        return None
    seen.add(key)
    source = spk or "author"
    chain = ("author", spk) if spk else ("author",)
    certainty = (0.6 if hedges else 1.0) * (0.9 if spk else 1.0)
    when = TimeValue(when.value, when.text, when.end, when.relative, when.start_char, when.end_char) if when else None
    return Event(
        id=make_id("ev", document.id, etype, s, e, actor, target, weapon or commodity, ts),
        document=document.id, type=etype, evidence=Span(s, e, text[s:e]), status=status,
        actor=actor, target=target, item=weapon, item_text=commodity, quantity=qty, value=val, when=when,
        attributed_to=source, attribution_chain=chain, hedged=bool(hedges), hedges=hedges,
        certainty=round(certainty, 2), trigger=Span(ts, te, text[ts:te]), rule=RULE,
    )
