"""Dates, money and quantities in Russian and Chinese text, from the language data of the event lexicons.

``find_foreign_times(text, lang, anchor)`` -> :class:`TimeValue` records with character offsets, the same records
:func:`claimgraph.extract.timex.find_times` returns for English: "26 ноября 2019 года", "в ноябре", "5 октября
прошлого года", "на прошлой неделе", "в понедельник", "2019年11月26日", "11月26日", "2018年1月至8月", "去年",
"上月", "昨天". Relative ones are resolved from ``anchor`` (the publication date) and left out without one.
``find_foreign_money`` ("5,43 млрд долларов", "54.3亿美元", and "$5.43 billion" through
:func:`claimgraph.extract.quantities.find_money`) and ``find_foreign_quantities`` ("пяти полков", "五个团",
"9 млн тонн") return ``(record, start, end)``. ``infer_publication`` dates a document that states no date from
the newest period its text reports. The words live in ``data/lexicons/events_{ru,zh}.yaml`` (section ``dates``
and ``numbers``); this module holds only the patterns that combine them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .._yaml import load_yaml
from ..errors import ConfigError
from ..records import Money, Quantity, TimeValue
from ._isodate import fmt, is_iso_prefix, parse_iso, shift, to_date
from .quantities import find_money

__all__ = ["find_foreign_money", "find_foreign_quantities", "find_foreign_times", "infer_publication", "lexicon",
           "to_simplified"]

_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUM = "〇零一二两兩三四五六七八九十百千"


@cache
def lexicon(lang: str) -> dict[str, Any]:
    """The event lexicon of ``lang`` (``ru`` or ``zh``), read once (E004 if it is missing or malformed)."""
    path = f"data/lexicons/events_{lang}.yaml"
    try:
        raw = resources.files("claimgraph").joinpath("data", "lexicons", f"events_{lang}.yaml").read_text("utf-8")
        data = load_yaml(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError("E004", path=path, reason=str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise ConfigError("E004", path=path, reason="expected a mapping with 'groups'")
    return data


@cache
def _t2s() -> tuple[Any, dict[str, str]]:
    """OpenCC's Traditional -> Simplified converter when installed, and the lexicon's fallback table."""
    table = {str(k): str(v) for k, v in (lexicon("zh").get("t2s") or {}).items()}
    try:
        import opencc
    except ImportError:
        return None, table
    return opencc.OpenCC("t2s"), table


def to_simplified(text: str) -> tuple[str, str]:
    """``text`` in Simplified characters, character for character (so offsets are unchanged), and which
    converter ran (``opencc`` or ``table``)."""
    conv, table = _t2s()
    if conv is None:
        return "".join(table.get(c, c) for c in text), "table"
    out = []
    for c in text:
        s = conv.convert(c) if ord(c) > 0x2E7F else c
        out.append(s if len(s) == 1 else c)
    return "".join(out), "opencc"


def zh_number(text: str) -> float | None:
    """A number in Arabic digits or Chinese numerals: "五" -> 5, "十二" -> 12, "一百五十" -> 150, "2,5" -> None."""
    t = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    if not t or any(c not in _ZH_DIGITS and c not in _ZH_UNITS for c in t):
        return None
    total, cur = 0, 0
    for c in t:
        if c in _ZH_DIGITS:
            cur = _ZH_DIGITS[c]
        else:
            total += (cur or 1) * _ZH_UNITS[c]
            cur = 0
    return float(total + cur)


def _ru_number(text: str) -> float | None:
    t = text.replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------------ dates


@dataclass
class _DatePatterns:
    patterns: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    month_of: dict[str, int] = field(default_factory=dict)
    rel: dict[str, dict[str, int]] = field(default_factory=dict)


def _alt(words: Any) -> str:
    return "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))


@cache
def _date_patterns(lang: str) -> _DatePatterns:
    data = lexicon(lang).get("dates") or {}
    out = _DatePatterns()
    if lang == "ru":
        for mon, forms in (data.get("months") or {}).items():
            for f in forms:
                out.month_of[str(f)] = int(mon)
        mon = _alt(out.month_of)
        yw = _alt(data.get("year_words") or ["года"])
        yrel = _alt(data.get("years") or {})
        out.rel = {k: {str(a): int(b) for a, b in (data.get(k) or {}).items()}
                   for k in ("years", "months_rel", "weeks", "days", "weekdays")}
        end = r"(?![а-яё])"
        out.patterns = [
            ("dmy", re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{mon}){end}\.?\s+(?P<y>\d{{4}})(?:\s*(?:{yw})\.?{end})?",
                               re.I)),
            ("dm_rel", re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{mon}){end}\.?\s+(?P<r>{yrel}){end}", re.I)),
            ("dm", re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{mon}){end}", re.I)),
            ("my", re.compile(rf"(?<![а-яё])(?P<m>{mon}){end}\s+(?P<y>\d{{4}})(?:\s*(?:{yw})\.?{end})?", re.I)),
            ("m_rel", re.compile(rf"(?<![а-яё])(?P<m>{mon}){end}\s+(?P<r>{yrel}){end}", re.I)),
            ("m", re.compile(rf"(?<![а-яё])(?:в|во|с|до|к|по)\s+(?P<m>{mon}){end}", re.I)),
            ("yy", re.compile(rf"(?<!\d)(?P<y>\d{{4}})\s*[-–—]\s*(?P<y2>\d{{4}})\s*(?:{yw})", re.I)),
            ("y", re.compile(rf"(?<!\d)(?P<y>\d{{4}})\s*(?:{yw})\.?{end}", re.I)),
            ("rel_year", re.compile(rf"(?<![а-яё])(?P<r>{yrel}){end}", re.I)),
            ("rel_month", re.compile(rf"(?<![а-яё])(?P<r>{_alt(out.rel['months_rel'])}){end}", re.I)),
            ("rel_week", re.compile(rf"(?<![а-яё])(?P<r>{_alt(out.rel['weeks'])}){end}", re.I)),
            ("rel_day", re.compile(rf"(?<![а-яё])(?P<r>{_alt(out.rel['days'])}){end}", re.I)),
            ("weekday", re.compile(rf"(?<![а-яё])(?:в|во)\s+(?P<r>{_alt(out.rel['weekdays'])}){end}", re.I)),
        ]
        out.rel["year_rel"] = {str(a): int(b) for a, b in (data.get("years") or {}).items()}
        return out
    num = rf"[\d{_ZH_NUM}]"
    out.rel = {k: {str(a): int(b) for a, b in (data.get(k) or {}).items()}
               for k in ("year_rel", "month_rel", "week_rel", "day_rel", "weekdays")}
    yrel = _alt(out.rel["year_rel"])
    out.patterns = [
        ("ymd", re.compile(rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年(?P<m>{num}{{1,2}})月(?P<d>{num}{{1,3}})[日号]")),
        ("ym_range", re.compile(rf"(?P<y>\d{{4}})年(?P<m>{num}{{1,2}})月?(?:至|到|-|—|～|~)(?P<m2>{num}{{1,2}})月")),
        ("ym", re.compile(rf"(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年(?P<m>{num}{{1,2}})月")),
        ("rel_md", re.compile(rf"(?P<r>{yrel})(?P<m>{num}{{1,2}})月(?:(?P<d>{num}{{1,3}})[日号])?")),
        ("y", re.compile(r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年(?!代)")),
        ("md", re.compile(rf"(?<![\d年])(?P<m>{num}{{1,2}})月(?P<d>{num}{{1,3}})[日号]")),
        ("m", re.compile(rf"(?<![\d年{_ZH_NUM}])(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})月份?(?![\d{_ZH_NUM}])")),
        ("d", re.compile(rf"(?<![\d月{_ZH_NUM}])(?P<d>\d{{1,2}})[日号](?![\d])")),
        ("rel_year", re.compile(rf"(?P<r>{yrel})")),
        ("rel_month", re.compile(rf"(?P<r>{_alt(out.rel['month_rel'])})")),
        ("rel_week", re.compile(rf"(?P<r>{_alt(out.rel['week_rel'])})")),
        ("rel_day", re.compile(rf"(?P<r>{_alt(out.rel['day_rel'])})")),
        ("weekday", re.compile(rf"(?P<r>{_alt(out.rel['weekdays'])})")),
    ]
    return out


def _num(text: str) -> int | None:
    """A date number: digits, Chinese numerals ("十一"), or a year written digit by digit ("二〇一九")."""
    if len(text) == 4 and all(c in _ZH_DIGITS for c in text):
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    v = zh_number(text)
    return int(v) if v is not None else None


def _valid(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None or not 1 <= y <= 9999 or (m is not None and not 1 <= m <= 12):
        return None
    if d is not None and (m is None or not 1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return fmt(y, m, d)


def _resolve(name: str, m: re.Match[str], pats: _DatePatterns, anchor: str | None) -> tuple[str, str | None, bool] | None:
    g = m.groupdict()
    a = parse_iso(anchor) if anchor else None
    ay = a[0] if a else None

    def month(s: str) -> int | None:
        return pats.month_of.get(s.lower()) or _num(s)

    if name in ("dmy", "ymd"):
        v = _valid(_num(g["y"]), month(g["m"]), _num(g["d"]))
        return (v, None, False) if v else None
    if name in ("my", "ym"):
        v = _valid(_num(g["y"]), month(g["m"]))
        return (v, None, False) if v else None
    if name == "ym_range":
        y = _num(g["y"])
        v, e = _valid(y, _num(g["m"])), _valid(y, _num(g["m2"]))
        return (v, e, False) if v and e else None
    if name == "yy":
        v, e = _valid(_num(g["y"])), _valid(_num(g["y2"]))
        return (v, e, False) if v and e else None
    if name == "y":
        v = _valid(_num(g["y"]))
        return (v, None, False) if v else None
    if ay is None or anchor is None:
        return None
    if name in ("dm_rel", "m_rel", "rel_md"):
        off = pats.rel["year_rel"].get(g["r"].lower(), 0)
        d = g.get("d")
        v = _valid(ay + off, month(g["m"]), _num(d) if d else None)
        return (v, None, True) if v else None
    if name in ("dm", "md", "m"):
        mon = month(g["m"])
        if mon is None:
            return None
        year = ay
        if a and a[1] and mon > a[1] + 1:  # "5 декабря" in a January text is last December
            year -= 1
        d = g.get("d")
        v = _valid(year, mon, _num(d) if d else None)
        return (v, None, True) if v else None
    if name == "d":
        if not a or not a[1]:
            return None
        v = _valid(ay, a[1], _num(g["d"]))
        return (v, None, True) if v else None
    key = g["r"].lower()
    if name == "rel_year":
        return fmt(ay + pats.rel["year_rel"][key]), None, True
    if name == "rel_month":
        if len(anchor) < 7:
            return None
        table = pats.rel.get("months_rel") or pats.rel.get("month_rel") or {}
        return shift(anchor[:7], months=table[key]), None, True
    day = to_date(anchor) if len(anchor) == 10 else None
    if day is None:
        return None
    if name == "rel_week":
        table = pats.rel.get("weeks") or pats.rel.get("week_rel") or {}
        mid = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=2 + 7 * table[key])
        return fmt(mid.year, mid.month), None, True  # weeks resolve to a month, as timex does
    if name == "rel_day":
        table = pats.rel.get("days") or pats.rel.get("day_rel") or {}
        return (day + dt.timedelta(days=table[key])).isoformat(), None, True
    target = pats.rel["weekdays"][key]
    back = (day.weekday() - target) % 7 or 7
    return (day - dt.timedelta(days=back)).isoformat(), None, True


def find_foreign_times(text: str, lang: str, anchor: str | None, offset: int = 0) -> list[TimeValue]:
    """Time expressions of a Russian (``ru``) or Chinese (``zh``) ``text``, longest first, never overlapping,
    ordered by position; offsets + ``offset``. Chinese text may be Traditional (it is normalised first)."""
    lang = "zh" if lang == "zh" else "ru"
    anchor = anchor if anchor and is_iso_prefix(anchor) else None
    norm = to_simplified(text)[0] if lang == "zh" else text
    pats = _date_patterns(lang)
    taken = bytearray(len(text))
    found: list[TimeValue] = []
    for name, regex in pats.patterns:
        for m in regex.finditer(norm):
            s, e = m.span()
            if taken.find(1, s, e) >= 0:
                continue
            try:
                res = _resolve(name, m, pats, anchor)
            except (ValueError, OverflowError):
                continue  # arithmetic that leaves the calendar ("в следующем году" of 9999)
            if res is None or not is_iso_prefix(res[0]) or (res[1] is not None and not is_iso_prefix(res[1])):
                continue
            taken[s:e] = b"\x01" * (e - s)
            found.append(TimeValue(res[0], text[s:e], res[1], res[2], s + offset, e + offset))
    found.sort(key=lambda t: t.start_char or 0)
    return found


def infer_publication(text: str, lang: str) -> tuple[str, str] | None:
    """A publication date for a text that states none: ``(iso, reason)`` or ``None``.

    A report is not older than the newest period it reports. When that period is a month whose figures the
    text gives (a money amount or percentage in the same sentence, or the end of a month range), the month is
    over, so the report is from a later month: the next one. A bare day ("8日", the Chinese news convention for
    a day of the current month) then gives the day.
    """
    times = [t for t in find_foreign_times(text, lang, None) if not t.relative]
    months = [t for t in times if len(t.end or t.value) >= 7]
    if not months:
        return None
    newest = max(months, key=lambda t: (t.end or t.value)[:7])
    value = (newest.end or newest.value)[:7]
    start, end = newest.start_char or 0, newest.end_char or 0
    sent_end = min([i for i in (text.find(c, end) for c in "。！？.!?\n") if i >= 0] or [len(text)])
    sent_start = max(text.rfind(c, 0, start) for c in "。！？.!?\n") + 1
    sentence = text[sent_start:sent_end]
    reported = newest.end is not None or bool(re.search(r"%|％|亿|万|млрд|млн|\$", sentence))
    reason = f"the newest period the text reports is {value} ({newest.text!r})"
    if reported and value < "9999-12":
        value = shift(value, months=1)
        reason += ", reported as over"
    if lang == "zh":
        y, mo = int(value[:4]), int(value[5:7])
        for m in re.finditer(r"(?<![\d月年])(\d{1,2})[日号](?:公布|公佈|发布|發布|宣布|表示|报道|報道)", text):
            d = int(m.group(1))
            if 1 <= d <= calendar.monthrange(y, mo)[1]:
                return fmt(y, mo, d), reason + f"; the bare day {m.group(0)!r} is of that month"
    return value, reason


# ------------------------------------------------------------------------------------------------ amounts


@cache
def _amount_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Any]]:
    data = lexicon(lang).get("numbers") or {}
    scales = _alt(data.get("scales") or {})
    cur = _alt(data.get("currencies") or {})
    units = _alt(data.get("units") or {})
    if lang == "ru":
        num = r"\d{1,3}(?:[\s\xa0]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
        words = _alt(data.get("words") or {})
        money = re.compile(rf"(?<![\d,.])(?P<num>{num})\s*(?P<sc>(?:{scales})[а-я]*\.?)?\s*(?P<cur>(?:{cur})[а-я]*\.?)",
                           re.I)
        qty = re.compile(
            rf"(?<![\w,.])(?P<num>{num}|(?:{words})[а-яё]*)\s*(?P<sc>(?:{scales})[а-я]*\.?)?\s*(?P<unit>(?:{units})[а-яё]*)",
            re.I)
        return money, qty, data
    num = rf"\d+(?:\.\d+)?|[{_ZH_NUM}]+"
    money = re.compile(rf"(?P<num>{num})\s*(?P<sc>(?:{scales})+)?(?P<cur>{cur})")
    qty = re.compile(rf"(?P<num>{num})\s*(?P<sc>(?:{scales})+)?(?:个|個|多)?(?P<unit>{units})")
    return money, qty, data


def _scale(sc: str | None, lang: str, data: dict[str, Any]) -> float:
    if not sc:
        return 1.0
    table = {str(k): float(v) for k, v in (data.get("scales") or {}).items()}
    if lang == "zh":
        total = 1.0
        rest = sc
        while rest:
            key = next((k for k in sorted(table, key=len, reverse=True) if rest.startswith(k)), None)
            if key is None:
                return total
            total *= table[key]
            rest = rest[len(key):]
        return total
    low = sc.lower().rstrip(".")
    key = next((k for k in sorted(table, key=len, reverse=True) if low.startswith(k)), None)
    return table[key] if key else 1.0


def _lookup(word: str, table: dict[str, Any]) -> Any:
    low = word.lower().rstrip(".")
    key = next((k for k in sorted(table, key=len, reverse=True) if low.startswith(str(k).lower())), None)
    return table[key] if key is not None else None


def find_foreign_money(text: str, lang: str, offset: int = 0) -> list[tuple[Money, int, int]]:
    """Money amounts: "5,43 млрд долларов" -> Money(5.43e9, "USD"), "311億美元" -> Money(3.11e10, "USD"); Latin
    amounts ("$5.43 billion") through the English reader. ``usd`` is set for dollar amounts only."""
    lang = "zh" if lang == "zh" else "ru"
    norm = to_simplified(text)[0] if lang == "zh" else text
    money_re, _q, data = _amount_patterns(lang)
    out: list[tuple[Money, int, int]] = []
    taken = bytearray(len(text))
    for m in money_re.finditer(norm):
        n = zh_number(m.group("num")) if lang == "zh" else _ru_number(m.group("num"))
        code = _lookup(m.group("cur"), data.get("currencies") or {})
        if n is None or code is None:
            continue
        amount = n * _scale(m.group("sc"), lang, data)
        s, e = m.span()
        taken[s:e] = b"\x01" * (e - s)
        out.append((Money(amount, str(code), amount if code == "USD" else None, text[s:e]), s + offset, e + offset))
    for money, s, e in find_money(text):
        if taken.find(1, s, e) < 0:
            out.append((money, s + offset, e + offset))
    return sorted(out, key=lambda t: t[1])


def find_foreign_quantities(text: str, lang: str, offset: int = 0) -> list[tuple[Quantity, int, int]]:
    """Counted things: "пяти полков" -> Quantity(5, "regiment"), "五个团" -> Quantity(5, "regiment"),
    "9 млн тонн" -> Quantity(9e6, "tonne"), "8%" -> Quantity(8, "percent")."""
    lang = "zh" if lang == "zh" else "ru"
    norm = to_simplified(text)[0] if lang == "zh" else text
    _m, qty_re, data = _amount_patterns(lang)
    money_spans = [(s - offset, e - offset) for _x, s, e in find_foreign_money(text, lang, offset)]
    out: list[tuple[Quantity, int, int]] = []
    for m in qty_re.finditer(norm):
        s, e = m.span()
        if any(a < e and s < b for a, b in money_spans):
            continue
        raw = m.group("num")
        if lang == "zh":
            n = zh_number(raw)
        else:
            n = _ru_number(raw)
            if n is None:
                n = _lookup(raw, data.get("words") or {})
        unit = _lookup(m.group("unit"), data.get("units") or {})
        if n is None or unit is None:
            continue
        value = float(n) * _scale(m.group("sc"), lang, data)
        out.append((Quantity(value, str(unit), text[s:e]), s + offset, e + offset))
    return out
