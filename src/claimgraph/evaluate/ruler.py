"""The one ruler: event, attribution, entity and date scoring over the export contract.

``claimgraph eval`` and the reference scorer (``../shared/tools/score.py``) must give the same figures on the same
knowledge base, so this module applies exactly the reference's matching rules (``../shared/dev/README.md``) to the
rows ``claimgraph export`` writes (``documents.jsonl``, ``events.jsonl``, ``entities.jsonl``):

- **Documents**: a gold document ``d01`` is the exported document whose source file name, up to its first ``.`` or
  ``_``, is ``d01``.
- **Events**: one-to-one *maximum* matching within each document. A system event is compatible with a gold event
  when the type is equal (lenient: within the families visit/meeting/consultation, statement/opposition/accusation,
  loan/investment/prepayment/trade); actor and target agree (names compared after lower-casing and dropping
  punctuation and a leading article; a null gold target is not checked; lenient: a person or state firm counts as
  the state it acts for, from ``data/eval/acts_for.yaml``; symmetric types also match crossed); the item agrees
  when gold has one (containment either way, over the gold weapon's aliases); the date agrees at gold's precision
  when gold has one (**a coarser or missing system date does not match**). Among maximum matchings, pairs that
  also agree strictly, on attribution and on hedging are preferred (an exact assignment).
- **Attribution** and **hedging** accuracy over the lenient pairs; **status** accuracy likewise (our addition).
- **Entity recall** by gold type: a gold entity (a name, ``"Name (alias, alias)"``, or a mapping with ``aliases``)
  is found when one of its names equals a name, alias or ISO3 of an exported entity of that document.
- **Publication dates**: right when the exported ``published`` falls within 45 days of the gold date's span; a
  bare year is right only for a gold year.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .gold import GoldCorpus
from .report import DateResult, EvalReport, Ratio, Score

Row = Mapping[str, Any]

SYMMETRIC = frozenset({"meeting", "agreement", "consultation", "military_exercise", "armed_clash", "trade"})
FAMILIES = (
    frozenset({"visit", "meeting", "consultation"}),
    frozenset({"statement", "opposition", "accusation"}),
    frozenset({"loan", "investment", "prepayment", "trade"}),
)
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w]+")
_NAME_WITH_ALIASES = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")


def norm(value: Any) -> str:
    """The ruler's comparison key: NFKC, lower case, no leading article, word characters only."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value)).lower()
    s = _LEADING_ARTICLE.sub("", s)
    return _NON_WORD.sub("", s)


@lru_cache(maxsize=1)
def acts_for() -> dict[str, str]:
    """Normalised actor name -> the ISO3 of the state it acts for."""
    text = resources.files("claimgraph").joinpath("data/eval/acts_for.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return {norm(k): str(v) for k, v in (data.get("acts_for") or {}).items()}


def state_of(value: Any) -> str | None:
    table = acts_for()
    key = norm(value)
    if key in table:
        return table[key]
    s = str(value) if value else ""
    return s.upper() if len(s) == 3 and s.isalpha() else None


def same_party(gold: Any, system: Any, lenient: bool) -> bool:
    if norm(gold) == norm(system):
        return True
    if not lenient or not gold or not system:
        return False
    g = state_of(gold)
    return g is not None and g == state_of(system)


def family(etype: Any) -> frozenset[Any]:
    for fam in FAMILIES:
        if etype in fam:
            return fam
    return frozenset([etype])


def item_match(gold: Any, system: Any, aliases: Mapping[str, set[str]]) -> bool:
    if not gold:
        return True
    if not system:
        return False
    gn, sn = norm(gold), norm(system)
    names = {gn} | {norm(a) for a in aliases.get(gn, ())}
    return len(sn) >= 2 and any(c and (c in sn or sn in c) for c in names if len(c) >= 2)


def when_match(gold: Any, system: Any) -> bool:
    if not gold:
        return True
    if not system:
        return False
    return str(system)[: len(str(gold))] == str(gold)


def compatible(g: Row, s: Row, aliases: Mapping[str, set[str]], lenient: bool) -> bool:
    if lenient:
        if family(g.get("type")) != family(s.get("type")):
            return False
    elif g.get("type") != s.get("type"):
        return False
    ga, gt, sa, st = g.get("actor"), g.get("target"), s.get("actor"), s.get("target")
    straight = same_party(ga, sa, lenient) and (not gt or same_party(gt, st, lenient))
    crossed = same_party(ga, st, lenient) and (not gt or same_party(gt, sa, lenient))
    if not (straight or (g.get("type") in SYMMETRIC and crossed)):
        return False
    return item_match(g.get("item"), s.get("item"), aliases) and when_match(g.get("when"), s.get("when"))


def attribution_ok(g: Row, s: Row) -> bool:
    ga, sa = norm(g.get("attributed_to")), norm(s.get("attributed_to"))
    if not ga:
        return not sa
    if not sa:
        return False
    stop = {"the", "of", "a"}
    gw = set(re.findall(r"\w+", str(g.get("attributed_to")).lower())) - stop
    sw = set(re.findall(r"\w+", str(s.get("attributed_to")).lower())) - stop
    return ga in sa or sa in ga or bool(gw & sw)


def _assign(weights: list[list[int]]) -> list[tuple[int, int]]:
    """A maximum-weight assignment (pairs with weight > 0)."""
    try:
        import numpy as np
        from scipy.optimize import linear_sum_assignment
    except ImportError:  # pragma: no cover - scipy ships with the test and train extras
        return _augmenting(weights)
    m = np.array(weights, dtype=float)
    rows, cols = linear_sum_assignment(-m)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if m[i, j] > 0]


def _augmenting(weights: list[list[int]]) -> list[tuple[int, int]]:
    n_sys = len(weights[0]) if weights else 0
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in sorted(range(n_sys), key=lambda j: -weights[i][j]):
            if weights[i][j] and j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in sorted(range(len(weights)), key=lambda i: sum(1 for x in weights[i] if x)):
        augment(i, set())
    return sorted(((i, j) for j, i in owner.items()))


def match(gold_events: Sequence[Row], sys_events: Sequence[Row], aliases: Mapping[str, set[str]],
          lenient: bool) -> list[tuple[Row, Row]]:
    """One-to-one maximum matching of events of one document (see the module docstring)."""
    if not gold_events or not sys_events:
        return []
    weights = [[0] * len(sys_events) for _ in gold_events]
    for i, g in enumerate(gold_events):
        for j, s in enumerate(sys_events):
            if compatible(g, s, aliases, lenient):
                weights[i][j] = (1000 + int(lenient and compatible(g, s, aliases, False))
                                 + int(attribution_ok(g, s)) + int(bool(g.get("hedged")) == bool(s.get("hedged"))))
    return [(gold_events[i], sys_events[j]) for i, j in _assign(weights)]


def entity_names(gold: Row) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for typ, lst in (gold.get("entities") or {}).items():
        names: list[list[str]] = []
        for e in lst or ():
            if isinstance(e, str):
                m = _NAME_WITH_ALIASES.match(e)
                names.append([m.group(1), *[a.strip() for a in m.group(2).split(",")]] if m else [e])
            elif isinstance(e, Mapping):
                al = [e.get("name"), *(e.get("aliases") or ()), *(e.get("aliases_in_text") or ())]
                if e.get("iso3"):
                    al.append(e["iso3"])
                names.append([str(a) for a in al if a])
        out[typ] = names
    return out


def _span(iso: str) -> tuple[date, date]:
    parts = [int(x) for x in str(iso)[:10].split("-")]
    y = parts[0]
    if len(parts) == 1:
        return date(y, 1, 1), date(y, 12, 31)
    m = parts[1]
    if len(parts) == 2:
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date(y, m, parts[2])
    return d, d


def date_agrees(got: str | None, true: str) -> bool:
    """Within 45 days of the gold date's span; a bare year only for a gold year."""
    if not got:
        return False
    try:
        g0, g1 = _span(got)
        t0, t1 = _span(true)
    except ValueError:
        return False
    if len(str(got)) == 4 and len(str(true)) > 4:
        return False
    return max((t0 - g1).days, (g0 - t1).days, 0) <= 45


def gold_id(source: Any) -> str:
    stem = Path(str(source)).name.split(".")[0]
    return stem.split("_")[0]


def load_gold_rows(gold_dir: str | Path, only: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Gold files of ``gold_dir`` (those with ``doc`` and ``events``), keyed by ``doc``."""
    wanted = set(only) if only is not None else None
    out: dict[str, dict[str, Any]] = {}
    for p in sorted(Path(gold_dir).glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(g, dict) and "doc" in g and "events" in g and (wanted is None or g["doc"] in wanted):
            out[str(g["doc"])] = g
    return out


def score(documents: Iterable[Row], events: Iterable[Row], entities: Iterable[Row],
          golds: Mapping[str, Mapping[str, Any]], corpus: GoldCorpus | None = None) -> EvalReport:
    """Score export rows against gold documents (as loaded by :func:`load_gold_rows`)."""
    docs = list(documents)
    ents = list(entities)
    doc2gold = {d.get("id"): gold_id(d.get("source", d.get("id"))) for d in docs}
    aliases: dict[str, set[str]] = {}
    for g in golds.values():
        for e in (g.get("entities") or {}).get("WEAPON_SYSTEM", ()) or ():
            if isinstance(e, Mapping) and e.get("name"):
                aliases.setdefault(norm(e["name"]), set()).update(e.get("aliases") or ())
    sys_by_doc: dict[str, list[Row]] = {}
    for e in events:
        gid = doc2gold.get(e.get("document"), gold_id(e.get("document", "")))
        sys_by_doc.setdefault(gid, []).append(e)
    names_by_doc: dict[str, set[str]] = {}
    for e in ents:
        keys = {norm(n) for n in [e.get("name"), e.get("iso3"), *(e.get("aliases") or ())] if n}
        for d in e.get("documents") or ():
            names_by_doc.setdefault(doc2gold.get(d, gold_id(d)), set()).update(keys)
    strict_tp = lenient_tp = n_sys = n_gold = attr = hedge = status = 0
    per_doc: dict[str, tuple[Score, Score]] = {}
    recall: dict[str, list[int]] = {}
    dates: list[DateResult] = []
    matches: list[tuple[str, str]] = []
    seen: list[str] = []
    missing: list[str] = []
    for gid, g in golds.items():
        se = sys_by_doc.get(gid, [])
        ge = list(g.get("events") or ())
        strict = match(ge, se, aliases, False)
        lenient = match(ge, se, aliases, True)
        strict_tp += len(strict)
        lenient_tp += len(lenient)
        n_sys += len(se)
        n_gold += len(ge)
        per_doc[gid] = (Score(len(strict), len(se), len(ge)), Score(len(lenient), len(se), len(ge)))
        for a, b in lenient:
            attr += attribution_ok(a, b)
            hedge += bool(a.get("hedged")) == bool(b.get("hedged"))
            status += not a.get("status") or a.get("status") == b.get("status")
            matches.append((str(a.get("id")), str(b.get("id"))))
        sysdoc = [d for d in docs if doc2gold.get(d.get("id")) == gid]
        (seen if sysdoc else missing).append(gid)
        true_date = g.get("true_date", g.get("published"))
        if true_date:
            got = sysdoc[0].get("published") if sysdoc else None
            dates.append(DateResult(gid, str(true_date), got, date_agrees(got, str(true_date)), (str(true_date),)))
        sys_names = names_by_doc.get(gid, set())
        for typ, lst in entity_names(g).items():
            t = recall.setdefault(typ, [0, 0])
            t[0] += sum(any(norm(a) in sys_names for a in al) for al in lst)
            t[1] += len(lst)
    return EvalReport(
        gold_sha256=corpus.sha256 if corpus else "", documents=tuple(seen), missing=tuple(missing),
        events_strict=Score(strict_tp, n_sys, n_gold), events_lenient=Score(lenient_tp, n_sys, n_gold),
        events_by_document=per_doc, attribution=Ratio(attr, lenient_tp), hedging=Ratio(hedge, lenient_tp),
        status=Ratio(status, lenient_tp),
        entity_recall={t: Ratio(c, n) for t, (c, n) in sorted(recall.items())}, dates=tuple(dates),
        matches=tuple(matches))


def read_export(export_dir: str | Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The three JSON Lines files of an export folder (missing files read as empty)."""
    def rows(name: str) -> list[dict[str, Any]]:
        p = Path(export_dir) / name
        if not p.exists():
            return []
        return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]

    return rows("documents.jsonl"), rows("events.jsonl"), rows("entities.jsonl")
