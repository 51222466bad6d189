"""The claimgraph.gazetteer.v1 component on a blank pipeline, with hand-set 'model' entities."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def _ents(doc: Doc) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.kb_id_) for e in doc.ents]


def _with_model_ents(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """Tokenise, set the given (surface, label) spans as if the NER had found them, then run the component."""
    doc = nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return nlp.get_pipe("claimgraph.gazetteer.v1")(doc)


def test_component_fixes_model_errors(blank_nlp: Language) -> None:
    text = "Analysts at Sohu said the S-400 and the Triumf batteries reached Xinhua reporters early."
    doc = _with_model_ents(
        blank_nlp, text, [("Sohu", "PERSON"), ("S-400", "ORG"), ("Triumf", "ORG"), ("Xinhua", "GPE")]
    )
    got = {t: (lab, kb) for t, lab, kb in _ents(doc)}
    assert got["Sohu"] == ("ORG", "ORG:sohu")
    assert got["S-400"] == ("WEAPON_SYSTEM", "WEAPON_SYSTEM:S-400")
    assert got["Triumf"] == ("WEAPON_SYSTEM", "WEAPON_SYSTEM:S-400")
    assert got["Xinhua"] == ("ORG", "ORG:xinhua")


def test_component_quantity_error_replaced(blank_nlp: Language) -> None:
    doc = _with_model_ents(blank_nlp, "They bought 2 S-400 regiments.", [("2 S-400", "QUANTITY")])
    assert ("S-400", "WEAPON_SYSTEM", "WEAPON_SYSTEM:S-400") in _ents(doc)


def test_component_keeps_longer_model_names(blank_nlp: Language) -> None:
    text = "Ships sailed the South China Sea while officials in New Jersey met at Moscow State University."
    doc = _with_model_ents(
        blank_nlp,
        text,
        [("South China Sea", "LOC"), ("New Jersey", "GPE"), ("Moscow State University", "ORG")],
    )
    labels = {t: lab for t, lab, _ in _ents(doc)}
    assert labels["New Jersey"] == "GPE"
    assert labels["Moscow State University"] == "ORG"
    assert labels["South China Sea"] in ("LOC", "PLACE")
    assert "China" not in labels and "Jersey" not in labels


def test_component_metonyms_and_locations(blank_nlp: Language) -> None:
    doc = blank_nlp("Beijing protested, and a Moscow-based analyst said the talks in Minsk failed.")
    got = {t: (lab, kb) for t, lab, kb in _ents(doc)}
    assert got["Beijing"] == ("STATE", "STATE:CHN")
    assert got["Moscow"] == ("PLACE", "PLACE:moscow")
    assert got["Minsk"] == ("PLACE", "PLACE:minsk")


def test_component_seats_and_collectives(blank_nlp: Language) -> None:
    doc = blank_nlp("The Kremlin denied it; the Indian side and the White House disagreed.")
    got = {t: (lab, kb) for t, lab, kb in _ents(doc)}
    assert got["The Kremlin"] == ("STATE", "STATE:RUS")
    assert got["Indian side"] == ("STATE", "STATE:IND")
    assert got["the White House"] == ("STATE", "STATE:USA")


def test_component_demonyms_and_prefixes(blank_nlp: Language) -> None:
    doc = blank_nlp("Sino-Indian trade grew as Russo-Japanese talks and Chinese outlet NetEase noted.")
    got = [(t, lab, kb) for t, lab, kb in _ents(doc)]
    assert ("Sino", "NORP", "STATE:CHN") in got
    assert ("Indian", "NORP", "STATE:IND") in got
    assert ("Russo", "NORP", "STATE:RUS") in got
    assert ("Chinese", "NORP", "STATE:CHN") in got
    assert ("NetEase", "ORG", "ORG:netease") in got


def test_component_case_sensitive_short_forms(blank_nlp: Language) -> None:
    doc = blank_nlp("Let us see whether the US agrees.")
    assert [(t, kb) for t, _, kb in _ents(doc)] == [("US", "STATE:USA")]


def test_component_weapon_variants(blank_nlp: Language) -> None:
    doc = blank_nlp("The S 400, the S400 and two Su-35s flew with a Bayraktar TB2.")
    kbs = [kb for _, _, kb in _ents(doc)]
    assert kbs == [
        "WEAPON_SYSTEM:S-400",
        "WEAPON_SYSTEM:S-400",
        "WEAPON_SYSTEM:Su-35",
        "WEAPON_SYSTEM:Bayraktar-TB2",
    ]


def test_component_embassy_rule(blank_nlp: Language) -> None:
    doc = blank_nlp("Staff of the Iranian embassy in Baghdad left.")
    got = _ents(doc)
    assert ("Iranian embassy in Baghdad", "ORG", "ORG:embassy-irn-baghdad") in got


def test_component_spans_group_and_ids(blank_nlp: Language) -> None:
    doc = blank_nlp("Rosoboronexport signed with the Kremlin.")
    group = doc.spans["claimgraph_gazetteer"]
    assert [(s.text, s.id_) for s in group] == [("Rosoboronexport", "name"), ("the Kremlin", "seat")]


def test_component_dateline_capital_is_place(blank_nlp: Language) -> None:
    doc = blank_nlp("BEIJING, May 4 - Officials in Beijing said Moscow agreed.")
    got = [(t, kb) for t, _, kb in _ents(doc)]
    assert got == [("BEIJING", "PLACE:beijing"), ("Beijing", "PLACE:beijing"), ("Moscow", "STATE:RUS")]


def test_component_person_named_after_a_place_stays_a_person(blank_nlp: Language) -> None:
    text = "A statue of George Washington stands near the Chinese Ambassador Li."
    doc = _with_model_ents(
        blank_nlp, text, [("George Washington", "PERSON"), ("Chinese Ambassador", "PERSON")]
    )
    got = _ents(doc)
    assert ("George Washington", "PERSON", "") in got
    assert ("Chinese", "NORP", "STATE:CHN") in got  # a title around a demonym is not a name
