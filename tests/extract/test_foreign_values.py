"""Russian and Chinese dates, money and quantities (claimgraph.extract.foreign_values); texts written for the tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract.foreign_values import (
    find_foreign_money,
    find_foreign_quantities,
    find_foreign_times,
    infer_publication,
    to_simplified,
    zh_number,
)


def _values(text: str, lang: str, anchor: str | None = "2019-02-20") -> list[tuple[str, str | None, str]]:
    return [(t.value, t.end, t.text or "") for t in find_foreign_times(text, lang, anchor)]


def test_foreign_values_russian_month_names_in_all_cases() -> None:
    text = "Договор подписан 26 ноября 2019 года; в ноябре стороны встретятся, а с мая по июль идут учения."
    got = _values(text, "ru")
    assert got[0] == ("2019-11-26", None, "26 ноября 2019 года")
    # a month without a year more than a month after the publication is last year's, as in English texts
    assert [v for v, _e, _t in got[1:]] == ["2018-11", "2018-05", "2018-07"]
    assert [v for v, _e, _t in _values("в марте и в ноябре", "ru", anchor="2019-12-01")] == ["2019-03", "2019-11"]
    assert _values("в декабре 2018 г. и 3 марта", "ru")[0][0] == "2018-12"
    assert _values("в декабре 2018 г. и 3 марта", "ru")[1][0] == "2019-03-03"


def test_foreign_values_russian_relative_expressions_from_the_publication_date() -> None:
    # 2019-02-20 is a Wednesday
    text = "5 октября прошлого года, в понедельник, вчера, на прошлой неделе, в этом году, в следующем месяце"
    assert [v for v, _e, _t in _values(text, "ru")] == ["2018-10-05", "2019-02-18", "2019-02-19", "2019-02",
                                                         "2019", "2019-03"]
    assert _values("вчера и в прошлом году", "ru", anchor=None) == []  # no anchor: nothing relative
    assert _values("в 2013-2014 годах", "ru")[0][:2] == ("2013", "2014")


def test_foreign_values_chinese_dates_simplified_and_traditional() -> None:
    got = _values("2019年11月26日签约，11月30日生效，去年、今年、上月、上週、昨天都有报道。", "zh", "2019-12-04")
    assert [v for v, _e, _t in got] == ["2019-11-26", "2019-11-30", "2018", "2019", "2019-11", "2019-11",
                                        "2019-12-03"]
    assert _values("2018年1月至8月", "zh")[0][:2] == ("2018-01", "2018-08")
    assert _values("二〇一九年三月", "zh")[0][0] == "2019-03"
    assert _values("去年3月", "zh")[0][0] == "2018-03"


def test_foreign_values_times_have_offsets_into_the_original_text() -> None:
    text = "據報導，美國於2020年5月宣佈制裁。"
    (t,) = find_foreign_times(text, "zh", None, offset=100)
    assert t.start_char is not None and t.end_char is not None
    assert text[t.start_char - 100 : t.end_char - 100] == "2020年5月" and t.value == "2020-05"


def test_foreign_values_money() -> None:
    got = [(m.amount, m.currency) for m, _s, _e in find_foreign_money("5,43 млрд долларов и 120 млн рублей", "ru")]
    assert got == [(5.43e9, "USD"), (1.2e8, "RUB")]
    latin = find_foreign_money("сделка на $5.43 billion", "ru")
    assert [(m.amount, m.currency) for m, _s, _e in latin] == [(5.43e9, "USD")]
    zh = find_foreign_money("达54.3亿美元，另有3000万元人民币和一百亿卢布", "zh")
    assert [(m.amount, m.currency) for m, _s, _e in zh][0] == (pytest.approx(5.43e9), "USD")
    assert (pytest.approx(1e10), "RUB") in [(m.amount, m.currency) for m, _s, _e in zh]
    (m, s, e), = find_foreign_money("貿易額達675億美元", "zh")
    assert "貿易額達675億美元"[s:e] == "675億美元" and m.usd == pytest.approx(6.75e10)


def test_foreign_values_quantities() -> None:
    got = [(q.value, q.unit) for q, _s, _e in find_foreign_quantities("пяти полков С-400 и 9 млн тонн нефти", "ru")]
    assert got == [(5.0, "regiment"), (9e6, "tonne")]
    zh = [(q.value, q.unit) for q, _s, _e in find_foreign_quantities("五个团的S-400和十二架战机，增长13.5%", "zh")]
    assert zh == [(5.0, "regiment"), (12.0, "aircraft"), (13.5, "percent")]
    assert zh_number("一百五十") == 150 and zh_number("两") == 2 and zh_number("x") is None


def test_foreign_values_traditional_to_simplified_keeps_length() -> None:
    text = "俄羅斯對華出口增長，達363億美元"
    simple, path = to_simplified(text)
    assert len(simple) == len(text) and simple.startswith("俄罗斯对华出口") and path in ("opencc", "table")


def test_foreign_values_publication_inferred_from_the_newest_reported_period() -> None:
    assert infer_publication("2020年3月，两国贸易额增长5%。", "zh") == (
        "2020-04", "the newest period the text reports is 2020-03 ('2020年3月'), reported as over")
    got = infer_publication("统计局12日公布：2021年1月至4月出口增长。", "zh")
    assert got is not None and got[0] == "2021-05-12"
    assert infer_publication("В марте 2017 года стороны провели переговоры.", "ru") == (
        "2017-03", "the newest period the text reports is 2017-03 ('марте 2017 года')")
    assert infer_publication("没有日期。", "zh") is None


_PIECES = st.sampled_from(["9999年12月", "12月31日", "去年", "明年", "下月", "昨天", "0年", "99月", "в следующем году",
                           "31 декабря 9999 года", "на следующей неделе", "в понедельник", "млрд", "долларов", "亿",
                           "美元", "五个团", "пяти полков", "十", "%", "0", "9" * 30, ",", " ", "。"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=12), st.sampled_from(["ru", "zh"]),
       st.sampled_from([None, "9999-12-31", "0001-01-01", "2020-02-29", "2020"]))
def test_foreign_values_never_crash_and_give_valid_dates(parts: list[str], lang: str, anchor: str | None) -> None:
    text = "".join(parts)
    for t in find_foreign_times(text, lang, anchor):
        assert t.start_char is not None and t.end_char is not None and text[t.start_char:t.end_char] == t.text
    find_foreign_money(text, lang)
    find_foreign_quantities(text, lang)
    infer_publication(text, lang)
