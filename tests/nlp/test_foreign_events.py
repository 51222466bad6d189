"""Typed events of Russian and Chinese texts (claimgraph.extract.foreign_events); sentences written for the tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.extract import foreign_events, foreign_values
from claimgraph.extract.foreign_events import RULE, analysis_path, extract_foreign_events
from claimgraph.nlp.foreign import analyse_foreign, annotate_foreign
from claimgraph.records import Document, Event


def _events(text: str, lang: str, published: str | None = "2021-06-16") -> list[Event]:
    doc = Document(id="d", source="t.txt", sha256="", text=text, language=lang, published=published)
    mentions, entities = annotate_foreign(doc)
    return extract_foreign_events(doc, mentions, entities)


def _one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert len(found) == 1, [(e.type, e.actor, e.target) for e in events]
    return found[0]


# ------------------------------------------------------------------------------------------------ Russian


def test_foreign_events_russian_arms_delivery_direction_quantity_and_date() -> None:
    text = "Россия завершила поставку Индии двух полков С-400 в марте 2021 года."
    ev = _one(_events(text, "ru"), "arms_delivery")
    assert (ev.actor, ev.target, ev.item) == ("STATE:RUS", "STATE:IND", "WEAPON_SYSTEM:S-400")
    assert ev.quantity is not None and (ev.quantity.value, ev.quantity.unit) == (2.0, "regiment")
    assert ev.when is not None and ev.when.value == "2021-03"
    assert ev.rule == RULE and ev.evidence.text == text and ev.trigger is not None
    assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text == "поставку"
    assert ev.attributed_to == "author" and ev.status == "occurred" and not ev.hedged


def test_foreign_events_russian_purchase_from_a_supplier_one_event_per_buyer() -> None:
    events = _events("Алжир и Египет приобрели у России зенитные комплексы С-300.", "ru")
    orders = sorted((e.actor, e.target) for e in events if e.type == "arms_order")
    assert orders == [("STATE:RUS", "STATE:DZA"), ("STATE:RUS", "STATE:EGY")]


def test_foreign_events_russian_attribution_hedge_and_plan() -> None:
    text = "По словам Сергея Шойгу, Россия, возможно, планирует разместить в Белоруссии новые ракеты."
    ev = _one(_events(text, "ru"), "military_deployment")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:BLR")
    assert ev.attributed_to == "PERSON:sergei-shoigu" and ev.attribution_chain == ("author", "PERSON:sergei-shoigu")
    assert ev.hedged and "возможно" in ev.hedges and ev.certainty < 1
    assert ev.status == "planned"


def test_foreign_events_russian_negation_and_relative_month() -> None:
    ev = _one(_events("Турция не получала новых поставок С-400 в прошлом месяце.", "ru"), "arms_delivery")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:TUR")
    assert ev.status == "denied"
    assert ev.when is not None and ev.when.value == "2021-05" and ev.when.relative


def test_foreign_events_russian_trade_with_commodity_and_money() -> None:
    ev = _one(_events("В 2020 году Россия экспортировала в Китай нефти на 5,43 млрд долларов.", "ru"), "trade")
    assert (ev.actor, ev.target, ev.item, ev.item_text) == ("STATE:RUS", "STATE:CHN", None, "oil")
    assert ev.value is not None and (ev.value.amount, ev.value.currency) == (5.43e9, "USD")
    assert ev.when is not None and ev.when.value == "2020"


def test_foreign_events_russian_statement_for_the_speakers_company_and_quote() -> None:
    text = (
        "Глава «Газпрома» Алексей Миллер заявил в понедельник, что Китай получит больше газа. "
        "«Контракт на поставку газа в Китай будет продлен», — сказал он."
    )
    events = _events(text, "ru")
    st = [e for e in events if e.type == "statement"][0]
    assert (st.actor, st.target) == ("ORG:gazprom", "STATE:CHN")
    assert st.when is not None and st.when.value == "2021-06-14"  # the Monday before Wednesday 16 June
    quoted = [e for e in events if e.evidence.start > len(text) // 2 and e.type != "statement"]
    assert quoted and all(e.attributed_to == "PERSON:alexey-miller" for e in quoted)
    assert any(e.status == "expected" for e in quoted)


def test_foreign_events_russian_weapon_anaphora_and_remembered_recipient() -> None:
    text = (
        "Россия поставит Вьетнаму истребители Су-30. "
        "Первая партия этих самолетов будет отправлена в 2022 году, а аванс уже поступил."
    )
    events = _events(text, "ru")
    pre = _one(events, "prepayment")
    assert (pre.actor, pre.target) == ("STATE:VNM", "STATE:RUS")  # the buyer pays the supplier


def test_foreign_events_russian_first_person_and_the_suppliers_own_firms() -> None:
    text = "«В прошлом году мы поставляли в Индию нефть», — сказал глава «Роснефти» Игорь Сечин."
    (trade,) = [e for e in _events(text, "ru") if e.type == "trade"]
    assert (trade.actor, trade.target, trade.item_text) == ("ORG:rosneft", "STATE:IND", "oil")
    assert trade.attributed_to == "PERSON:igor-sechin" and trade.when is not None and trade.when.value == "2020"
    text = "Глава «Ростеха» заявил, что С-400 будут поставлены Индии."
    deliveries = [(e.actor, e.target) for e in _events(text, "ru") if e.type == "arms_delivery"]
    assert deliveries == [("STATE:RUS", "STATE:IND")]  # Rostec acts for the supplier: no delivery to it


def test_foreign_events_conjoined_targets_one_claim_each() -> None:
    got = sorted((e.actor, e.target) for e in _events("США ввели санкции против Ирана и Сирии.", "ru")
                 if e.type == "sanction")
    assert got == [("STATE:USA", "STATE:IRN"), ("STATE:USA", "STATE:SYR")]
    got = sorted((e.actor, e.target) for e in _events("美国对伊朗和叙利亚实施制裁。", "zh") if e.type == "sanction")
    assert got == [("STATE:USA", "STATE:IRN"), ("STATE:USA", "STATE:SYR")]


def test_foreign_events_statement_dates_and_unnamed_sources() -> None:
    (st,) = [e for e in _events("Сергей Лавров заявил, что Индия получит помощь.", "ru") if e.type == "statement"]
    assert st.when is not None and st.when.value == "2021-06-16"  # said in the report: the report's date
    (old,) = [e for e in _events("Ранее Сергей Лавров заявил, что Индия получит помощь.", "ru")
              if e.type == "statement"]
    assert old.when is None
    ev = _one(_events("分析认为，俄罗斯面临美国的制裁。", "zh"), "sanction")
    assert ev.attributed_to == "analysts" and (ev.actor, ev.target) == ("STATE:USA", "STATE:RUS")


# ------------------------------------------------------------------------------------------------ Chinese


def test_foreign_events_chinese_delivery_with_date() -> None:
    ev = _one(_events("2019年11月26日，俄罗斯向土耳其交付了第二批S-400导弹系统。", "zh"), "arms_delivery")
    assert (ev.actor, ev.target, ev.item) == ("STATE:RUS", "STATE:TUR", "WEAPON_SYSTEM:S-400")
    assert ev.when is not None and ev.when.value == "2019-11-26"


def test_foreign_events_chinese_export_direction_money_and_attribution() -> None:
    ev = _one(_events("据新华社报道，中国对俄罗斯出口增长，达54.3亿美元。", "zh"), "trade")
    assert (ev.actor, ev.target) == ("STATE:CHN", "STATE:RUS")
    assert ev.value is not None and ev.value.amount == pytest.approx(5.43e9) and ev.value.currency == "USD"
    assert ev.attributed_to == "ORG:xinhua"
    both = [(e.actor, e.target) for e in _events("中国对俄出口增长；俄对华出口减少。", "zh") if e.type == "trade"]
    assert both == [("STATE:CHN", "STATE:RUS"), ("STATE:RUS", "STATE:CHN")]


def test_foreign_events_traditional_chinese_sanction_and_relative_month() -> None:
    ev = _one(_events("美國上月宣布對伊朗實施新的制裁。", "zh"), "sanction")
    assert (ev.actor, ev.target) == ("STATE:USA", "STATE:IRN")
    assert ev.when is not None and ev.when.value == "2021-05"
    targets = [(e.actor, e.target) for e in _events("中國面對美國的制裁、俄羅斯面臨美國的制裁。", "zh")]
    assert targets == [("STATE:USA", "STATE:CHN"), ("STATE:USA", "STATE:RUS")]


def test_foreign_events_chinese_purchase_hedged_expected_with_quantity() -> None:
    ev = _one(_events("印度可能将从俄罗斯购买五个团的S-400。", "zh"), "arms_order")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:IND")
    assert ev.quantity is not None and (ev.quantity.value, ev.quantity.unit) == (5.0, "regiment")
    assert ev.hedged and ev.status == "expected"


def test_foreign_events_chinese_denial_visit_and_exercise() -> None:
    ev = _one(_events("土耳其否认取消S-400。", "zh"), "arms_cancellation")
    assert ev.status == "denied" and (ev.actor, ev.target) == ("STATE:RUS", "STATE:TUR")
    visit = _one(_events("習近平主席下周將訪問俄羅斯。", "zh"), "visit")
    assert (visit.actor, visit.target) == ("STATE:CHN", "STATE:RUS") and visit.status == "expected"
    assert visit.when is not None and visit.when.value == "2021-06"
    drill = _one(_events("中俄两国海军本月举行联合军演。", "zh"), "military_exercise")
    assert {drill.actor, drill.target} == {"STATE:CHN", "STATE:RUS"}
    assert not [e for e in _events("新华社记者专访了俄罗斯大使。", "zh") if e.type == "visit"]


def test_foreign_events_other_languages_and_empty_texts_give_nothing() -> None:
    assert _events("Russia delivered S-400 to India.", "en") == []
    assert _events("", "ru") == []


def test_foreign_events_analyse_foreign_dates_an_undated_text() -> None:
    text = "海关总署5日公布，2020年1月至5月，中国对俄出口达100亿美元。"
    doc = Document(id="d", source="t.txt", sha256="", text=text, language="zh")
    dated, _m, _e, events = analyse_foreign(doc)
    assert dated.published == "2020-06-05" and dated.published_basis == "inferred"
    assert dated.meta["foreign_nlp"]["script"] in ("opencc", "table")
    ev = _one(events, "trade")
    assert ev.when is not None and ev.when.value == "2020-01" and ev.when.end == "2020-05"


# ------------------------------------------------------------------------------------------------ fallback


@pytest.fixture()
def without_parsers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """natasha, jieba and OpenCC made unimportable, with the cached loaders reset before and after."""
    loaders = (foreign_events._natasha, foreign_events._jieba, foreign_values._t2s)
    for name in ("natasha", "jieba", "opencc"):
        monkeypatch.setitem(sys.modules, name, None)  # a None entry makes ``import name`` raise ImportError
    for f in loaders:
        f.cache_clear()
    yield
    monkeypatch.undo()
    for f in loaders:
        f.cache_clear()


@pytest.mark.usefixtures("without_parsers")
def test_foreign_events_fallback_without_natasha_jieba_opencc() -> None:
    assert analysis_path("ru") == {"segmenter": "regex", "morphology": "none"}
    assert analysis_path("zh") == {"segmenter": "characters", "morphology": "none", "script": "table"}
    ev = _one(_events("Россия завершила поставку в Индию полков С-400 в марте 2021 года.", "ru"), "arms_delivery")
    assert (ev.actor, ev.target) == ("STATE:RUS", "STATE:IND")
    ev = _one(_events("美國上月宣布對伊朗實施新的制裁。", "zh"), "sanction")
    assert (ev.actor, ev.target) == ("STATE:USA", "STATE:IRN")


_WORDS = st.sampled_from(["Россия", "Индии", "в", "у", "не", "поставка", "С-400", "сказал", "он", "«", "»", "— ",
                          "мы", ". ", "\n", "возможно", "中国", "对", "俄", "出口", "据", "说", "可能", "将", "否认",
                          "。", "；", "，", "S-400", "5", "亿美元", "2019年", "去年", "Сергей Лавров", "习近平"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=3)), max_size=20), st.sampled_from(["ru", "zh"]))
def test_foreign_events_never_crash_and_spans_are_the_text(parts: list[str], lang: str) -> None:
    text = "".join(parts)
    for ev in _events(text, lang):
        assert text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
        assert ev.trigger is not None and text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
        assert ev.actor or ev.target
