"""Numbers, counted quantities and money amounts, found with regular expressions.

Why regexes and not the parser: counts in news text are short, well-formed noun phrases ("six S-400
battalions", "approximately 50 rounds", "$2.17 billion"), and the hard part is what must *not* be read as a
count: weapon designations (S-400, Su-35, 40N6), disease names (COVID-19), years, dates, ordinals and
percentages. Those exclusions are lexical, so a tokenizer-free scanner is faster, deterministic and testable
on hand-written sentences.

The word-number table here is shared with :mod:`claimgraph.extract.timex` ("two years ago").
Currencies, their approximate USD rates and unit aliases live in ``data/quantities.yaml``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from .._yaml import load_yaml
from ..errors import ConfigError
from ..records import Money, Quantity

__all__ = [
    "WORD_NUMBERS",
    "SCALES",
    "NUMBER_PATTERN",
    "parse_number",
    "find_quantities",
    "find_quantities_spans",
    "find_money",
    "singularise",
]

WORD_NUMBERS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "a": 1,
    "an": 1,
    "single": 1,
}
SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "mn": 1e6,
    "lakh": 1e5,
    "crore": 1e7,
    "mln": 1e6,
    "bn": 1e9,
    "tn": 1e12,
    "k": 1e3,
}

_UNIT_WORDS = sorted((w for w in WORD_NUMBERS if w not in {"a", "an", "single"}), key=len, reverse=True)
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_WORDNUM = "(?:" + "|".join(_UNIT_WORDS) + ")"
_WORD_NUMBER_RE = (
    rf"(?:(?:a|one)\s+)?(?:half\s+(?:a\s+)?(?:{'|'.join(_SCALE_WORDS)})"
    rf"|(?:a|an)\s+(?:dozen|{'|'.join(_SCALE_WORDS)})"
    rf"|{_WORDNUM}(?:[\s-]+(?:and\s+)?(?:{_WORDNUM}|{'|'.join(_SCALE_WORDS)})){{0,6}})"
)  # bounded: an unbounded run of number words made matching quadratic on pathological input
_DIGITS_RE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: A number as written: digits (with an optional scale word) or number words.
NUMBER_PATTERN = (
    rf"(?:{_DIGITS_RE}(?:\s*(?:{'|'.join(_SCALE_WORDS)}|bn|mn|mln|tn|lakh|crore)\b)?|{_WORD_NUMBER_RE})"
)


def parse_number(text: str) -> float | None:
    """Parse a number written in digits and/or words; ``None`` if ``text`` is not a number.

    >>> parse_number("thirty-six"), parse_number("1,200"), parse_number("half a million")
    (36.0, 1200.0, 500000.0)
    """
    s = text.strip().lower().replace("\u2009", "").replace("\xa0", " ")
    if not s:
        return None
    s = re.sub(r"^(?:some|about|around|approximately|nearly|almost|roughly)\s+", "", s)
    m = re.fullmatch(rf"({_DIGITS_RE})\s*-?\s*([a-z]+)?", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        if m.group(2):
            scale = SCALES.get(m.group(2))
            if scale is None:
                return None
            value *= scale
        return value if math.isfinite(value) else None  # a digit run past 1e308 is no amount
    tokens = [t for t in re.split(r"[\s-]+", s) if t and t != "and" and t != "of"]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        if tok in ("a", "an"):
            current = current or 1.0
            seen = True
        elif tok == "half":
            current = (current or 1.0) * 0.5
            seen = True
        elif tok == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif tok in WORD_NUMBERS:
            current += float(WORD_NUMBERS[tok])
            seen = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif tok in SCALES:
            total += (current or 1.0) * SCALES[tok]
            current = 0.0
            seen = True
        else:
            return None
    if not seen:
        return None
    if tokens in (["a"], ["an"]):
        return 1.0
    value = total + current
    return value if math.isfinite(value) else None


# --- data -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    rates: dict[str, float]
    prefixes: list[tuple[str, str]]  # (written form, code), longest first
    suffixes: list[tuple[str, str]]
    units: dict[str, str]
    not_units: frozenset[str]


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    path = resources.files("claimgraph") / "data" / "quantities.yaml"
    try:
        raw: Any = load_yaml(path.read_text(encoding="utf-8"))
        rates: dict[str, float] = {}
        prefixes: list[tuple[str, str]] = []
        suffixes: list[tuple[str, str]] = []
        for code, spec in raw["currencies"].items():
            rates[str(code)] = float(spec["usd"])
            prefixes += [(str(s), str(code)) for s in spec.get("symbols", [])]
            suffixes += [(str(s), str(code)) for s in spec.get("names", [])]
        units = {str(k).lower(): str(v) for k, v in raw.get("units", {}).items()}
        not_units = frozenset(str(x).lower() for x in raw.get("not_units", []))
    except (KeyError, TypeError, ValueError, AttributeError, yaml.YAMLError) as exc:
        raise ConfigError("E004", path=str(path), reason=str(exc)) from exc
    prefixes.sort(key=lambda p: -len(p[0]))
    suffixes.sort(key=lambda p: -len(p[0]))
    return _Lexicon(rates, prefixes, suffixes, units, not_units)


@functools.lru_cache(maxsize=1)
def _money_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = _lexicon()
    pre = "|".join(
        re.escape(p) + (r"(?![A-Za-z])" if p[-1].isalpha() or p[-1] == "." else "") for p, _ in lex.prefixes
    )
    suf = "|".join(re.escape(s) for s, _ in lex.suffixes)
    scale_words = r"(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|mln|tn|lakh|crore|m|b|k)\b"
    scale = rf"(?:[\s-]*{scale_words})?"
    spaced_scale = rf"(?:\s+{scale_words})?"
    num = rf"(?P<num>{_DIGITS_RE})"
    prefix_re = re.compile(rf"(?<![\w$€£¥₽₹])(?P<cur>{pre})\s?{num}{scale}")
    suffix_re = re.compile(
        rf"(?<![\w.,-])(?P<num>{_DIGITS_RE}|{_WORD_NUMBER_RE}){spaced_scale}"
        rf"\s+(?:of\s+)?(?P<cur>{suf})\b",
        re.IGNORECASE,
    )
    return prefix_re, suffix_re


_SCALE_LETTER = {"m": 1e6, "b": 1e9, "k": 1e3}


def _code_for(written: str, table: list[tuple[str, str]]) -> str:
    for form, code in table:
        if form.lower() == written.lower():
            return code
    return "USD"


def find_money(text: str, offset: int = 0) -> list[tuple[Money, int, int]]:
    """Money amounts with their spans: ``"$2.17 billion"`` -> ``(Money(2.17e9, "USD", 2.17e9), s, e)``.

    ``usd`` uses the approximate year-less rates of ``data/quantities.yaml``. Vague amounts such as
    "tens of billions of dollars" are skipped: they have no single value to record.
    """
    lex = _lexicon()
    prefix_re, suffix_re = _money_regexes()
    found: list[tuple[Money, int, int]] = []
    taken = bytearray(len(text))
    for regex, table in ((prefix_re, lex.prefixes), (suffix_re, lex.suffixes)):
        for m in regex.finditer(text):
            s, e = m.span()
            if taken.find(1, s, e) >= 0:
                continue
            amount = parse_number(m.group("num"))
            if amount is None:
                continue
            sc = (m.group("scale") or "").lower()
            if sc:
                amount *= SCALES.get(sc) or _SCALE_LETTER.get(sc, 1.0)
            if not math.isfinite(amount):
                continue
            code = _code_for(m.group("cur"), table)
            rate = lex.rates.get(code)
            usd = round(amount * rate, 2) if rate is not None and math.isfinite(amount * rate) else None
            taken[s:e] = b"\x01" * (e - s)
            found.append((Money(amount, code, usd, m.group(0)), s + offset, e + offset))
    found.sort(key=lambda t: t[1])
    return found


# --- counted quantities ---------------------------------------------------------------------------------

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_APPROX = (
    r"(?:(?:approximately|about|around|some|nearly|almost|roughly|over|more than|less than|fewer than"
    r"|at least|at most|up to|as many as|as few as)\s+)?"
)
_QTY_RE = re.compile(
    rf"(?<![\w.,/+-])(?P<approx>{_APPROX})(?P<num>{NUMBER_PATTERN})(?![\w%+]|[.,]\d|-\d|\s*%|\s*per\s?cent)",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"\s*([A-Za-z][\w’'.]*(?:-[\w]+)*|\d[\w]*(?:-[\w]+)*)")
_DESIGNATION_RE = re.compile(r"^(?:[A-Z][A-Za-z]*-?\d+[A-Za-z\d]*|\d+[A-Z][\w]*|[A-Z]{2,}[\w-]*)$")
_FUNCTION_WORDS = frozenset(
    "of the a an and or to in on at by for with from as than that this these those is was were are be been "
    "has have had its it his her their our your my which who whom whose what when where why how not no "
    "more less most least times per percent ago later earlier before after years-old year-old".split()
)
_NOT_PLURAL = frozenset(
    "is was has as its this his us thus plus less across always various previous serious famous dangerous "
    "numerous obvious yes does perhaps unless whereas besides towards afterwards news series species "
    "analysis crisis basis status".split()
)
_IRREGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "feet": "foot",
    "aircraft": "aircraft",
    "personnel": "personnel",
    "media": "media",
    "data": "data",
    "criteria": "criterion",
    "analyses": "analysis",
    "crises": "crisis",
}


def singularise(word: str) -> str:
    """English singular of a plural noun, good enough for unit names ("batteries" -> "battery")."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ch|sh|ss|x|z)es$", w):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 2:
        return w[:-1]
    return w


def _is_plural_noun(tok: str) -> bool:
    return (
        tok.islower()
        and len(tok) > 2
        and tok.endswith("s")
        and not tok.endswith("ss")
        and tok not in _NOT_PLURAL
        and tok not in _FUNCTION_WORDS
    )


def _unit_after(text: str, pos: int) -> tuple[str, int] | None:
    """The counted noun after a number: skip up to two modifiers (designations, adjectives, names).

    Only plural nouns and known units count: a singular noun after "one" is too often an idiom
    ("on the one hand") to be worth the noise.
    """
    lex = _lexicon()
    skipped = 0
    while skipped <= 2:
        m = _TOKEN_RE.match(text, pos)
        if not m:
            return None
        tok = m.group(1).rstrip(".’'")
        low = tok.lower()
        if low in lex.not_units or low in {"ago", "later", "earlier"}:
            return None
        two = re.match(r"\s*(\w+)", text[m.end() :])
        if two and f"{low} {two.group(1).lower()}" in lex.units:
            return lex.units[f"{low} {two.group(1).lower()}"], m.end() + two.end()
        if low in lex.units:
            return lex.units[low], m.start(1) + len(tok)
        if _is_plural_noun(tok):
            nxt = re.match(r"\s*(ago|later|earlier|old)\b", text[m.start(1) + len(tok) :])
            if nxt:
                return None
            return singularise(tok), m.start(1) + len(tok)
        if low in _FUNCTION_WORDS or low in WORD_NUMBERS or low in SCALES:
            return None
        if not (_DESIGNATION_RE.match(tok) or tok[:1].isupper() or tok.islower()):
            return None
        if tok.isdigit():
            return None
        skipped += 1
        pos = m.end()
    return None


def find_quantities_spans(text: str, offset: int = 0) -> list[tuple[Quantity, int, int]]:
    """Counted quantities with spans: ``"six S-400 battalions"`` -> ``(Quantity(6, "battalion"), s, e)``.

    Skips numbers inside designations (S-400, COVID-19, 40N6), dates ("March 25", "25 March"), years used
    as dates, percentages, ordinals, and money (see :func:`find_money`).
    """
    money = bytearray(len(text))
    for _, ms, me in find_money(text):
        money[ms:me] = b"\x01" * (me - ms)
    out: list[tuple[Quantity, int, int]] = []
    for m in _QTY_RE.finditer(text):
        s, e = m.span()
        ns = m.start("num")
        if money.find(1, s, e) >= 0:
            continue
        before = text[max(0, ns - 12) : ns]
        if re.search(rf"\b(?:{_MONTHS})\.?\s*$", before, re.IGNORECASE) or re.search(
            r"[A-Za-z]-\s*$", before
        ):
            continue
        if re.match(rf"\s*(?:{_MONTHS})\b", text[e : e + 12], re.IGNORECASE) and m.group("num")[0].isdigit():
            continue
        if re.search(
            r"(?:Volume|Vol|Issue|No|Number|Art|Article|Resolution)\.?:?\s*$", before, re.IGNORECASE
        ):
            continue
        value = parse_number(m.group("num"))
        if value is None:
            continue
        num = m.group("num")
        if re.fullmatch(r"1[89]\d\d|20\d\d", num) and re.search(
            r"\b(?:in|since|by|of|until|from|to|and|after|before|during)\s+$",
            text[max(0, ns - 10) : ns],
            re.IGNORECASE,
        ):
            continue
        unit = _unit_after(text, e)
        if unit is None:
            continue
        name, end = unit
        if num.lower() in ("a", "an"):
            continue
        start = s if m.group("approx") else ns
        out.append((Quantity(value, name, text[start:end]), start + offset, end + offset))
    return out


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Counted quantities in ``text`` (see :func:`find_quantities_spans` for spans)."""
    return [q for q, _, _ in find_quantities_spans(text, offset)]
